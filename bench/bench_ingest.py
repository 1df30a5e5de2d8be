"""Benchmark: ingest + align throughput and peak memory on a corpus recombined from seed 000.

Run: python bench/bench_ingest.py [--pairs 100000] [--mode text|lines|tmx]
Builds the corpus in a temporary folder from the hand-aligned seed sentences (real text,
recombined into new documents), then times `gloss add` on it in a child process so that the
peak resident memory is that of the ingest alone.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "gold_000_alignment.json"


def seed_beads() -> list[tuple[list[str], list[str]]]:
    """The hand-aligned beads of seed 000: (Chinese sentences, English sentences)."""
    return [(b["zh"], b["en"]) for b in json.loads(GOLD.read_text(encoding="utf-8"))["beads"]]


def make_corpus(folder: Path, pairs: int, mode: str, seed: int = 7,
                beads: list[tuple[list[str], list[str]]] | None = None) -> int:
    """Write documents holding about `pairs` aligned sentence pairs drawn from `beads` (default:
    seed 000's); return the exact count."""
    rng = random.Random(seed)
    beads = beads or seed_beads()
    written = 0
    n = 0
    if mode == "tmx":
        sys.path.insert(0, str(REPO))
        from tm import tmx
        from tm.records import ExportPair

        def units():
            nonlocal written
            while written < pairs:
                zh, en = rng.choice(beads)
                # A serial number keeps units distinct so duplicate merging does not shrink the file.
                yield ExportPair("".join(zh) + f"（{written}）", " ".join(en) + f" ({written})", "bench")
                written += 1
        tmx.write(units(), folder / "corpus.tmx", tool_version="bench")
        return written
    while written < pairs:
        n += 1
        paras = [[rng.choice(beads) for _ in range(rng.randint(1, 4))] for _ in range(rng.randint(4, 12))]
        count = sum(len(p) for p in paras)
        if mode == "lines":
            zh_lines = ["".join(b[0]) for p in paras for b in p]
            en_lines = [" ".join(b[1]) for p in paras for b in p]
            zh_lines[0] = f"{n}. " + zh_lines[0]  # keep every document distinct
            (folder / f"doc{n:06d}.zh.txt").write_text("\n".join(zh_lines), encoding="utf-8")
            (folder / f"doc{n:06d}.en.txt").write_text("\n".join(en_lines), encoding="utf-8")
        else:
            text = [f"Document {n}"]
            for p in paras:
                text.append(" ".join(s for b in p for s in b[1]))
                text.append("".join(s for b in p for s in b[0]))
            (folder / f"doc{n:06d}.txt").write_text("\n\n".join(text), encoding="utf-8")
        written += count
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
    for pairs in args.pairs:
        print(json.dumps(run(pairs, args.mode)), flush=True)


if __name__ == "__main__":
    main()
