"""Benchmark: ingest + align throughput and peak memory on distinct real sentence pairs.

Run: python bench/bench_ingest.py [--pairs 20000 100000] [--mode text|lines|tmx]
Writes the pairs of bench/corpus.py (never one twice) in a temporary folder as documents of the
chosen shape — text: each paragraph's English followed by its Chinese, as seed 000 is; lines:
zh/en line-pair files; tmx: one TMX — then times `ingest` (read, segment, align, store) in a
child process pinned to one core, so that the figures are one core's and the peak resident
memory is that of the ingest alone.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS, distinct_pairs  # noqa: E402


def make_corpus(folder: Path, pairs: int, mode: str, seed: int = 7) -> int:
    """Write documents holding `pairs` distinct sentence pairs; return how many were written."""
    rng = random.Random(seed)
    source = distinct_pairs(pairs)
    if mode == "tmx":
        from tm import tmx
        from tm.records import ExportPair

        tmx.write((ExportPair(zh, en, "bench") for zh, en in source), folder / "corpus.tmx", tool_version="bench")
        return pairs
    written = n = 0
    while written < pairs:
        n += 1
        paras = [list(itertools.islice(source, rng.randint(1, 4))) for _ in range(rng.randint(4, 12))]
        paras = [p for p in paras if p]
        if not paras:
            break
        written += sum(len(p) for p in paras)
        if mode == "lines":
            (folder / f"doc{n:06d}.zh.txt").write_text("\n".join(zh for p in paras for zh, _ in p), encoding="utf-8")
            (folder / f"doc{n:06d}.en.txt").write_text("\n".join(en for p in paras for _, en in p), encoding="utf-8")
        else:
            text = [f"Document {n}"]
            for p in paras:
                text.append(" ".join(en for _, en in p))
                text.append("".join(zh for zh, _ in p))
            (folder / f"doc{n:06d}.txt").write_text("\n\n".join(text), encoding="utf-8")
    return written


def run(pairs: int, mode: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        expected = make_corpus(corpus, pairs, mode)
        db = Path(tmp) / "bench.sqlite"
        code = (
            "import resource, sys, time\n"
            "from pathlib import Path\n"
            "from tm.store import Store\nfrom tm.ingest import ingest\n"
            "t, cpu = time.perf_counter(), time.process_time()\n"
            f"with Store.open(Path({str(db)!r})) as s:\n"
            f"    r = ingest(s, [Path({str(corpus)!r})])\n"
            "    pairs = sum(d.pairs for d in r.added)\n"
            "print(pairs, time.perf_counter() - t, time.process_time() - cpu,"
            " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        # taskset pins the child to one core: the target is stated per core.
        cmd = ["taskset", "-c", "0", sys.executable, "-c", code]
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        if proc.returncode:
            sys.exit(f"ingest failed:\n{proc.stderr}")
        out = proc.stdout.split()
        stored, seconds, cpu_seconds, rss_kib = int(out[0]), float(out[1]), float(out[2]), int(out[3])
        # CPU seconds well under seconds mean another process shared the core: compare those then.
        return {"mode": mode, "pairs_in_corpus": expected, "pairs_stored": stored, "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu_seconds, 1), "pairs_per_second": round(stored / seconds),
                "peak_rss_mib": round(rss_kib / 1024),
                "store_mib": round(db.stat().st_size / 2**20)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, nargs="+", default=[20_000, 100_000],
                    help="corpus sizes; two or more show whether memory grows with size")
    ap.add_argument("--mode", choices=["text", "lines", "tmx"], default="text")
    args = ap.parse_args()
    print(f"corpus: {CORPUS}")
    for pairs in args.pairs:
        print(json.dumps(run(pairs, args.mode)), flush=True)


if __name__ == "__main__":
    main()
