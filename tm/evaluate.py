"""Precision and recall of an alignment against a hand-made gold alignment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class AlignmentScores:
    bead_precision: float  # share of predicted beads that are gold beads exactly
    bead_recall: float  # share of gold beads predicted exactly
    link_precision: float  # same over zh-sentence × en-sentence links, crediting partly right beads
    link_recall: float


def _beads(beads: Iterable[tuple[Sequence[str], Sequence[str]]]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(tuple(zh), tuple(en)) for zh, en in beads if zh and en}


def score_alignment(
    predicted: Iterable[tuple[Sequence[str], Sequence[str]]],
    gold: Iterable[tuple[Sequence[str], Sequence[str]]],
) -> AlignmentScores:
    """Compare beads given as (zh sentences, en sentences); one-sided beads are not links."""
    p, g = _beads(predicted), _beads(gold)
    p_links = {(z, e) for zh, en in p for z in zh for e in en}
    g_links = {(z, e) for zh, en in g for z in zh for e in en}

    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    return AlignmentScores(
        ratio(len(p & g), len(p)), ratio(len(p & g), len(g)),
        ratio(len(p_links & g_links), len(p_links)), ratio(len(p_links & g_links), len(g_links)),
    )
