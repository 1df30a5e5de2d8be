"""Benchmark: `gloss check` of a large TMX against a glossary of a thousand terms or more.

Run: python bench/bench_check.py [--segments 20000 100000] [--terms 1000]

Writes the distinct real pairs of bench/corpus.py as a TMX, and a glossary (CSV, gloss's header)
of the CC-CEDICT headwords of two characters or more that occur most in its Chinese, each with
its dictionary sense as preferred rendering and its second sense as deprecated — a real
bilingual glossary, so that terms are found and their renderings missed at a realistic rate.
Then times `gloss check --glossary` with every check in a child process pinned to one core and
prints wall and CPU seconds, segments per second, findings and peak memory. Two sizes show
whether memory grows with the file.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS, distinct_pairs  # noqa: E402

_SENSE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bCL:\S+")


def write_corpus(path: Path, segments: int) -> None:
    from tm import tmx
    from tm.records import ExportPair

    tmx.write((ExportPair(zh, en, "bench") for zh, en in distinct_pairs(segments)), path, tool_version="bench")


def write_glossary(path: Path, terms: int, sample: int = 20_000) -> int:
    """The `terms` dictionary words most frequent in the corpus's first `sample` pairs."""
    from tm import cedict
    from tm.features import dictionary_words

    glosses = cedict.load().glosses
    counts = Counter(w for zh, _ in distinct_pairs(sample) for w in dictionary_words(zh) if len(w) >= 2)
    rows = []
    for word, _ in counts.most_common():
        senses = [s for s in (_SENSE.sub("", sense).split(";")[0].strip() for sense in glosses.get(word, ())) if s]
        if senses:
            rows.append((word, senses[0], "preferred"))
            if len(senses) > 1 and senses[1].lower() != senses[0].lower():
                rows.append((word, senses[1], "deprecated"))
        if len({r[0] for r in rows}) >= terms:
            break
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("zh-CN", "en-US", "status", "note"))
        writer.writerows((zh, en, status, "") for zh, en, status in rows)
    return len({r[0] for r in rows})


def run(segments: int, terms: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus, glossary, out = Path(tmp) / "corpus.tmx", Path(tmp) / "glossary.csv", Path(tmp) / "findings.csv"
        write_corpus(corpus, segments)
        n_terms = write_glossary(glossary, terms)
        # taskset pins the child to one core: the target is stated per core.
        cmd = ["taskset", "-c", "0", sys.executable, "-m", "cli", "check", str(corpus), "--glossary", str(glossary),
               "--format", "csv", "-o", str(out), "--fail-on", "0"]
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        stderr = child.stderr.read().decode()
        if status:
            sys.exit(f"check failed:\n{stderr}")
        with open(out, encoding="utf-8-sig", newline="") as fh:
            kinds = Counter(row["check"] for row in csv.DictReader(fh))
        cpu = usage.ru_utime + usage.ru_stime
        return {"segments": segments, "terms": n_terms, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                "segments_per_cpu_second": round(segments / cpu), "findings": sum(kinds.values()),
                "by_check": dict(kinds.most_common()), "peak_rss_mib": round(usage.ru_maxrss / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segments", type=int, nargs="+", default=[20_000, 100_000])
    ap.add_argument("--terms", type=int, default=1000)
    args = ap.parse_args()
    print(f"corpus: {CORPUS}")
    for segments in args.segments:
        print(json.dumps(run(segments, args.terms), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
