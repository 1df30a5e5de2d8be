"""Ranking: how inconsistently each term is rendered, collisions, and a proposed preferred rendering."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Iterable

from glossary.records import RenderingCluster, TermEntry

INFERRED_WEIGHT = 0.5  # an inferred observation counts half as much as an aligned one
ORDERS = ("recent", "frequent")


@dataclass(frozen=True)
class PreferenceRule:
    """How a preferred rendering is proposed: aligned evidence first, then this order."""

    order: str = "recent"  # recent: the most recent source wins; frequent: the most used rendering
    authority: tuple[str, ...] = ()  # publishers, most authoritative first; outranks the order


def _weight(c: RenderingCluster) -> float:
    return c.count * (1.0 if c.evidence == "aligned" else INFERRED_WEIGHT)


def inconsistency(clusters: Iterable[RenderingCluster]) -> float:
    """Grows with the number of renderings, how evenly they split, how many publishers and
    documents use a rendering other than the main one, and how often the term is rendered."""
    clusters = [c for c in clusters if c.count]
    if len(clusters) < 2:
        return 0.0
    weights = [_weight(c) for c in clusters]
    total = sum(weights)
    shares = [w / total for w in weights]
    evenness = -sum(p * math.log(p) for p in shares) / math.log(len(shares))
    main = max(clusters, key=_weight)
    others = [c for c in clusters if c is not main]
    publishers = {p for c in others for p in c.publishers} - set(main.publishers)
    documents = {d for c in others for d in c.documents} - set(main.documents)
    spread = 1 + 0.5 * len(publishers) + 0.25 * len(documents)
    return round(math.log2(1 + total) * (1 - max(shares)) * (1 + evenness) * spread, 3)


def propose_preferred(clusters: Iterable[RenderingCluster], rule: PreferenceRule) -> tuple[str, str]:
    """The rendering to propose and why; aligned evidence always outranks inferred."""
    clusters = list(clusters)
    pool = [c for c in clusters if c.evidence == "aligned"] or clusters
    if not pool:
        return "", ""

    def authority(c: RenderingCluster) -> int:
        ranks = [rule.authority.index(p) for p in c.publishers if p in rule.authority]
        return min(ranks) if ranks else len(rule.authority)

    def recency(c: RenderingCluster) -> str:
        return c.last_date or ""

    if rule.order == "frequent":
        best = max(pool, key=lambda c: (-authority(c), c.count, recency(c)))
        why = "most used"
    else:
        best = max(pool, key=lambda c: (-authority(c), recency(c), c.count))
        why = "most recent source"
    if rule.authority and authority(best) < len(rule.authority):
        why = f"most authoritative source ({rule.authority[authority(best)]})"
    source = ", ".join(best.publishers) or ", ".join(best.documents)
    when = f" {best.last_date}" if best.last_date else ""
    return best.text, f"{best.evidence} rendering, {why}: {source}{when}"


def rank(entries: Iterable[TermEntry], rule: PreferenceRule = PreferenceRule()) -> list[TermEntry]:
    """Scores, preferred renderings and collisions filled in; most inconsistent first."""
    entries = list(entries)
    users: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for c in e.renderings:
            users[c.key].add(e.term)
    ranked = []
    for e in entries:
        # A nested term shares its host's renderings by nature (网信 in 网信事业): no collision.
        collisions = tuple(
            (c.text, others) for c in e.renderings
            if (others := tuple(sorted(t for t in users[c.key] if t not in e.term and e.term not in t))))
        score = inconsistency(e.renderings)
        if collisions:  # one English phrase for two terms is an inconsistency of its own
            score += round(0.5 * math.log2(1 + sum(c.count for c in e.renderings)), 3)
        preferred, why = propose_preferred(e.renderings, rule)
        ranked.append(replace(e, score=round(score, 3), preferred=preferred, preferred_reason=why,
                              collisions=collisions))
    ranked.sort(key=lambda e: (-e.score, -e.frequency, e.term))
    return ranked
