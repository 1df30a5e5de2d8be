"""Mining against a hand-read gold: term recall, rendering recall and precision, inconsistent terms ranked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from glossary.clusters import fold
from glossary.kinds import RANKED_BY_DEFAULT
from glossary.records import TermEntry


@dataclass(frozen=True)
class GoldTerm:
    term: str
    kind: str
    renderings: frozenset[str]  # folded, as `clusters.fold` has them


@dataclass(frozen=True)
class MiningScores:
    terms: int
    terms_found: int
    renderings: int  # distinct (term, rendering) pairs of the gold
    renderings_found: int  # … among the term's aligned renderings
    proposed: int  # distinct aligned renderings proposed for gold terms
    proposed_right: int  # … that the gold has
    proposed_weighted: float  # share of aligned observations of gold terms whose rendering is gold
    inconsistent: int  # gold terms rendered two or more ways
    inconsistent_top: int  # … among the first `top` terms of the ranking
    top: int
    missed_terms: tuple[str, ...]
    missed_renderings: tuple[tuple[str, str], ...]
    wrong_renderings: tuple[tuple[str, str], ...]

    @property
    def term_recall(self) -> float:
        return self.terms_found / self.terms if self.terms else 1.0

    @property
    def rendering_recall(self) -> float:
        return self.renderings_found / self.renderings if self.renderings else 1.0

    @property
    def precision(self) -> float:
        return self.proposed_right / self.proposed if self.proposed else 1.0


def load_gold(path: Path) -> list[GoldTerm]:
    """A gold file: occurrences read by hand ({"terms": [{zh, kind, occurrences: [{line, en}]}]})
    or renderings listed per term ({"aligned": {zh: [en, …]}})."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if "terms" in data:
        return [GoldTerm(t["zh"], t.get("kind", ""),
                         frozenset(fold(o["en"]) for o in t["occurrences"] if o.get("en")))
                for t in data["terms"]]
    return [GoldTerm(zh, "", frozenset(map(fold, ens))) for zh, ens in data["aligned"].items()]


def score_mining(gold: Sequence[GoldTerm], ranked: Sequence[TermEntry], top: int = 30) -> MiningScores:
    """Compare mined entries (in ranking order) with the gold."""
    by_term: Mapping[str, TermEntry] = {e.term: e for e in ranked}
    # The ranking as `gloss rank` shows it by default: people and places have lists of their own.
    leading = {e.term for e in [e for e in ranked if e.category in RANKED_BY_DEFAULT][:top]}
    missed_terms, missed, wrong = [], [], []
    renderings = found = proposed = right = 0
    weighted_right = weighted_all = 0.0
    for g in gold:
        entry = by_term.get(g.term)
        aligned = _aligned_renderings(entry) if entry else []
        keys = {k for k, _, _ in aligned}
        if entry is None:
            missed_terms.append(g.term)
        renderings += len(g.renderings)
        for r in sorted(g.renderings):
            if r in keys:
                found += 1
            else:
                missed.append((g.term, r))
        for key, count, text in aligned:
            proposed += 1
            weighted_all += count
            if key in g.renderings:
                right += 1
                weighted_right += count
            else:
                wrong.append((g.term, text))
    inconsistent = [g.term for g in gold if len(g.renderings) > 1]
    return MiningScores(
        terms=len(gold), terms_found=len(gold) - len(missed_terms), renderings=renderings,
        renderings_found=found, proposed=proposed, proposed_right=right,
        proposed_weighted=weighted_right / weighted_all if weighted_all else 1.0,
        inconsistent=len(inconsistent), inconsistent_top=sum(t in leading for t in inconsistent), top=top,
        missed_terms=tuple(missed_terms), missed_renderings=tuple(missed), wrong_renderings=tuple(wrong))


def _aligned_renderings(entry: TermEntry) -> list[tuple[str, int, str]]:
    """(key, count, text) of every aligned rendering, short forms (partial mentions,
    abbreviations) included: they are shown with their full rendering (whose count holds theirs)."""
    out = []
    for c in entry.renderings:
        if c.evidence == "aligned":
            out.append((c.key, c.count - sum(n for _, n, _ in c.short_forms), c.text))
            out.extend((fold(text), count, text) for text, count, _ in c.short_forms)
    return out
