"""Mining quality on hand-read gold: the WMT22 and WMT23 zh–en dev sets and the seeds.

    python3 bench/score_mining.py [--details] [--show-top N] [--reuse DIR]

Builds a fresh store for each corpus (ingest, mine), then prints term recall, rendering
recall, precision of the aligned renderings proposed for gold terms, and how many of the gold
terms rendered more than one way are in the top 30 of the ranking.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from glossary.evaluate import RANKED_BY_DEFAULT, load_gold, score_mining  # noqa: E402
from glossary.mine import mine  # noqa: E402
from tm.ingest import ingest, ingest_pair  # noqa: E402
from tm.store import Store  # noqa: E402

DATA = REPO / "tests" / "data"
WMT22, WMT23 = DATA / "wmt22", DATA / "wmt23"
CORPORA = {
    "wmt22": (DATA / "gold_wmt22_terms.json",
              lambda s: ingest_pair(s, WMT22 / "generaltest2022.zh-en.src.zh", WMT22 / "generaltest2022.zh-en.ref.A.en")),
    "wmt23": (DATA / "gold_wmt23_terms.json",
              lambda s: ingest_pair(s, WMT23 / "generaltest2023.zh-en.src.zh", WMT23 / "generaltest2023.zh-en.ref.refA.en")),
    "seeds": (DATA / "gold_renderings.json", lambda s: ingest(s, [REPO / "seeds"])),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    ap.add_argument("--details", action="store_true", help="list what was missed and what was wrong")
    ap.add_argument("--reuse", type=Path, metavar="DIR",
                    help="keep each corpus's store (with its word links) in DIR and start from a copy of it:"
                         " eflomal samples, so comparing two versions of the miner needs the same links")
    ap.add_argument("--show-top", type=int, default=0, metavar="N",
                    help="list the first N terms of the ranking, gold terms marked (G, G* when gold has them two ways)")
    args = ap.parse_args()
    for name in args.corpus or list(CORPORA):
        gold_path, add = CORPORA[name]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "gloss.sqlite"
            kept = args.reuse / f"{name}.sqlite" if args.reuse else None
            if kept and kept.exists():
                shutil.copyfile(kept, path)
            with Store.open(path) as store:
                if not (kept and kept.exists()):
                    add(store)
                started = time.perf_counter()
                ranked = mine(store)
                seconds = time.perf_counter() - started
            if kept and not kept.exists():
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, kept)
        gold = load_gold(gold_path)
        s = score_mining(gold, ranked)
        print(f"{name}: {len(ranked)} terms mined in {seconds:.1f} s")
        print(f"  gold terms found            {s.terms_found}/{s.terms} = {s.term_recall:.2f}")
        print(f"  gold renderings found       {s.renderings_found}/{s.renderings} = {s.rendering_recall:.2f}")
        print(f"  precision (distinct)        {s.proposed_right}/{s.proposed} = {s.precision:.2f}"
              f"   (by occurrence {s.proposed_weighted:.2f})")
        print(f"  inconsistent in top {s.top}       {s.inconsistent_top}/{s.inconsistent}")
        if args.details:
            print("  missed terms:", " ".join(s.missed_terms))
            print("  missed renderings:", "; ".join(f"{t} {r!r}" for t, r in s.missed_renderings))
            print("  wrong renderings:", "; ".join(f"{t} {r!r}" for t, r in s.wrong_renderings))
        if args.show_top:
            show_top(gold, ranked, args.show_top)


def show_top(gold, ranked, n: int) -> None:
    """The ranking as `gloss rank` leads with it, gold terms marked, each with its renderings."""
    by_term = {g.term: g for g in gold}
    leading = [e for e in ranked if e.category in RANKED_BY_DEFAULT]
    for place, e in enumerate(leading[:n], start=1):
        g = by_term.get(e.term)
        mark = ("G*" if len(g.renderings) > 1 else "G") if g else ""
        renderings = " | ".join(f"{c.text} ×{c.count} {c.evidence}" for c in e.renderings[:6])
        print(f"  {place:3} {mark:2} {e.term} {e.score:.2f} ({e.kind}, {e.category}): {renderings}")


if __name__ == "__main__":
    main()
