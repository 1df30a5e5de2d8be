"""Benchmark: translation-memory search (`gloss tm search`) on stores of distinct real pairs.

Run: python bench/bench_search.py [--pairs 100000 300000] [--queries 60] [--keep DIR]

For each size, writes the pairs of bench/corpus.py (never one twice) as a TMX, adds it to a fresh
store (timed: wall and CPU seconds, pairs per CPU second), then times in-process searches over
varied queries — Chinese sentences near a stored one (a clause dropped, a number changed),
English ones likewise, short Chinese terms and English phrases taken from the store, and
absent Chinese terms — and prints p50 / p95 / max latency per kind and overall, the store's
size per pair and peak memory. `--keep DIR` keeps each store (and reuses it on the next run).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CORPUS, distinct_pairs  # noqa: E402

_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")


def build_store(path: Path, pairs: int) -> dict:
    from tm import tmx
    from tm.ingest import ingest
    from tm.records import ExportPair
    from tm.store import Store

    source = path.with_suffix(".tmx")
    tmx.write((ExportPair(zh, en, "bench") for zh, en in distinct_pairs(pairs)), source, tool_version="bench")
    wall, cpu = time.perf_counter(), time.process_time()
    with Store.open(path) as store:
        ingest(store, [source])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    source.unlink()
    return {"ingest_seconds": round(wall, 1), "ingest_cpu_seconds": round(cpu, 1),
            "pairs_per_cpu_second": round(pairs / cpu)}


def queries(pairs: int, n: int, seed: int = 5) -> list[tuple[str, str]]:
    """(kind, query): near-duplicates of stored sentences in either language, terms and phrases
    that occur, Chinese terms that do not."""
    rng = random.Random(seed)
    # One pass over the stored pairs, keeping only the sampled ones and the absent terms not yet
    # seen: the benchmark's own memory stays flat in the store's size.
    picked = set(rng.sample(range(pairs), n))
    candidates = {"".join(rng.choice("鲲鹏麒麟饕餮貔貅魑魅魍魉翡翠琉璃琥珀玛瑙") for _ in range(rng.randint(2, 4)))
                  for _ in range(3 * n)}
    sample = []
    for k, (zh, en) in enumerate(distinct_pairs(pairs)):
        if k in picked:
            sample.append((zh, en))
        candidates = {t for t in candidates if t not in zh} if any(t in zh for t in candidates) else candidates
    rng.shuffle(sample)
    out: list[tuple[str, str]] = []
    per = max(1, n // 5)
    for zh, en in sample[:per]:
        clauses = zh.split("，")
        out.append(("zh sentence", "，".join(clauses[:-1]) + "。" if len(clauses) > 2 else zh.replace("的", "之", 1)))
    for zh, en in sample[per : 2 * per]:
        words = en.split()
        out.append(("en sentence", " ".join(words[: max(4, int(len(words) * 0.8))])))
    for zh, _ in sample[2 * per : 3 * per]:
        runs = _HAN.findall(zh) or ["网络"]
        run = rng.choice(runs)
        k = min(len(run), rng.randint(2, 4))
        start = rng.randint(0, len(run) - k)
        out.append(("zh term", run[start : start + k]))
    for _, en in sample[3 * per : 4 * per]:
        words = [w.strip(",.;:") for w in en.split()]
        start = rng.randint(0, max(0, len(words) - 3))
        out.append(("en phrase", " ".join(words[start : start + rng.randint(2, 3)])))
    return out + [("absent term", t) for t in sorted(candidates)[: n - len(out)]]


def time_searches(path: Path, asked: list[tuple[str, str]]) -> dict:
    from tm.search import search
    from tm.store import Store

    by_kind: dict[str, list[float]] = {}
    with Store.open(path, create=False) as store:
        search(store, "预热")  # the first search loads rapidfuzz and warms SQLite's page cache
        for kind, q in asked:
            t = time.perf_counter()
            search(store, q)
            by_kind.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
    every = [ms for values in by_kind.values() for ms in values]

    def figures(values: list[float]) -> dict:
        values = sorted(values)
        return {"p50_ms": round(statistics.median(values), 1),
                "p95_ms": round(values[min(len(values) - 1, int(0.95 * len(values)))], 1),
                "max_ms": round(values[-1], 1)}

    return {"all": figures(every), **{k: figures(v) for k, v in by_kind.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, nargs="+", default=[100_000])
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--keep", type=Path, help="keep the stores here and reuse them")
    args = ap.parse_args()
    print(f"corpus: {CORPUS}")
    for pairs in args.pairs:
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"search-{pairs}.sqlite"
            built = {} if path.exists() else build_store(path, pairs)
            latency = time_searches(path, queries(pairs, args.queries))
            size = path.stat().st_size
            print(json.dumps({"pairs": pairs, **built, "store_mib": round(size / 2**20, 1),
                              "bytes_per_pair": round(size / pairs), **latency,
                              "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}),
                  flush=True)


if __name__ == "__main__":
    main()
