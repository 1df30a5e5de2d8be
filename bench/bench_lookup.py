"""Benchmark: `gloss lookup` latency from a cold process (start-up included), on the seed term base.

Run: python bench/bench_lookup.py [--runs 20]
Builds the seed store once in a temporary folder, then times whole `gloss lookup` processes
for a Chinese, an English (reverse) and a pinyin query.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUERIES = ("网络强国", "leading cyber power", "wangluo qiangguo")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    gloss = [sys.executable, "-m", "cli"]
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "gloss.sqlite")
        subprocess.run([*gloss, "build", "--out", str(Path(tmp) / "out"), "--db", db],
                       cwd=REPO, check=True, capture_output=True)
        for query in QUERIES:
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run([*gloss, "lookup", query, "--db", db], cwd=REPO, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            times.sort()
            print(f"lookup {query!r}: median {statistics.median(times) * 1000:.0f} ms, "
                  f"95th percentile {times[int(0.95 * (len(times) - 1))] * 1000:.0f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
