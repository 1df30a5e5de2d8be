"""Benchmark: `gloss mine` (word alignment, candidates, renderings, ranking) at scale.

Run: python bench/bench_mine.py [--pairs 20000 100000 300000] [--keep DIR]
Builds a corpus of zh/en line-pair documents of the distinct real pairs of bench/corpus.py (the
WMT22 zh–en test set, then pairs joined from its aligned clauses: never one pair twice), adds the
English-only seeds 001–003 for inferred evidence, ingests it,
then times mining in a child process (both cores allowed) and prints wall and CPU seconds
(its workers' and eflomal's processes included), terms, and the peak resident memory of the miner
and of its largest child process (a worker, which shares most of its pages with the miner, or eflomal),
and the peak of the memory of all of them together (proportional set size: a shared page counted
once, sampled every half second).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import CORPUS, REPO, make_corpus  # noqa: E402
from memory import TreeMemory  # noqa: E402

_CHILD = """
import resource, time
from pathlib import Path
from tm.store import Store
from glossary.mine import mine_and_save
with Store.open(Path({db!r})) as s:
    pairs = s.stats(0.0).pairs
    t, cpu = time.perf_counter(), time.process_time()
    entries = mine_and_save(s)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(pairs, len(entries), seconds, cpu + children.ru_utime + children.ru_stime,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, children.ru_maxrss)
"""


def run(pairs: int, keep: Path | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        kept = keep / f"mine-{pairs}.sqlite" if keep else None
        if kept and kept.exists():
            shutil.copyfile(kept, db)  # mining stores word links: each run mines a copy
        else:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            make_corpus(corpus, pairs, "lines")
            for english_only in ("001_4f3e8fa26e36b6d4.txt", "002_4092fd2b753c497d.txt", "003_839be85fb590d368.txt"):
                shutil.copy(REPO / "seeds" / english_only, corpus)
            subprocess.run([sys.executable, "-m", "cli", "add", str(corpus), "--db", str(db)],
                           cwd=REPO, check=True, capture_output=True)
            if kept:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(db, kept)
        # The memory of the miner and its children is sampled from here: a sampling thread inside
        # the miner would be alive at each of its forks, which the miner's own runs never have.
        proc = subprocess.Popen([sys.executable, "-c", _CHILD.format(db=str(db))], cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with TreeMemory(proc.pid) as memory:
            out, err = proc.communicate()
        if proc.returncode:
            sys.exit(f"mining failed:\n{err}")
        stored, terms, seconds, cpu, rss_kib, child_kib = out.split()
        tree_kib = memory.peak_kib
        return {"pairs_in_store": int(stored), "terms": int(terms), "seconds": round(float(seconds), 1),
                "cpu_seconds": round(float(cpu), 1), "peak_rss_mib": round(int(rss_kib) / 1024),
                "largest_child_peak_rss_mib": round(int(child_kib) / 1024),
                "all_processes_peak_pss_mib": round(int(tree_kib) / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, nargs="+", default=[100_000])
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="keep each ingested store here (before mining) and mine a copy of it on the next run")
    args = ap.parse_args()
    print(f"corpus: {CORPUS}")
    for pairs in args.pairs:
        print(json.dumps(run(pairs, args.keep)), flush=True)


if __name__ == "__main__":
    main()
