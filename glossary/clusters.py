"""Variant grouping: surface forms of one rendering fold into a cluster; different renderings stay apart."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from glossary.records import Example, Observation, RenderingCluster
from tm.lexicon import stem

_ARTICLES = re.compile(r"^(?:the|a|an)\s+")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/]+")
_EDGE_PUNCT = re.compile(r"^[\s\"'“”‘’(\[,.;:]+|[\s\"'“”‘’)\],.;:]+$")
MAX_EXAMPLES = 3
_SAME_PLURAL = frozenset("series species means headquarters".split())


def _singular(word: str) -> str:
    """A plural's singular: policies → policy, boxes → box, powers → power; the Snowball stemmer
    decides whether a final s is a plural's (news stays news)."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")) or word in _SAME_PLURAL:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("xes", "ches", "shes", "sses", "zes")):
        return word[:-2]
    return word[:-1] if stem(word[:-1]) == stem(word) else word


def fold(rendering: str) -> str:
    """The key variants share: case, hyphen or space, plural, a leading article, a possessive and
    quotes fold."""
    text = _EDGE_PUNCT.sub("", rendering.lower().replace("’", "'")).removesuffix("'s")
    text = _ARTICLES.sub("", text)
    return " ".join(_singular(w) for w in _SEPARATORS.split(text) if w)


def cluster(observations: Iterable[Observation]) -> list[RenderingCluster]:
    """Clusters of one term's observations, most used first (aligned before inferred on ties)."""
    groups: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[(fold(obs.rendering), obs.evidence)].append(obs)
    clusters = []
    for (key, evidence), obs in groups.items():
        forms = Counter(o.rendering for o in obs).most_common()
        dates = sorted(o.source.date for o in obs if o.source.date)
        publishers = Counter(o.source.publisher for o in obs if o.source.publisher)
        examples, seen = [], set()
        for o in sorted(obs, key=lambda o: (-o.score, o.source.date)):
            if (o.zh, o.en) not in seen and len(examples) < MAX_EXAMPLES:
                seen.add((o.zh, o.en))
                examples.append(Example(o.zh, o.en, o.source.document, o.source.publisher, o.source.date))
        clusters.append(RenderingCluster(
            text=forms[0][0], key=key, evidence=evidence, count=len(obs), forms=tuple(forms),
            confidence=round(sum(o.score for o in obs) / len(obs), 3),
            documents=tuple(sorted({o.source.document for o in obs})),
            publishers=tuple(sorted(publishers)),
            first_date=dates[0] if dates else "", last_date=dates[-1] if dates else "",
            examples=tuple(examples), per_publisher=tuple(sorted(publishers.items())),
        ))
    clusters.sort(key=lambda c: (-c.count, c.evidence != "aligned", c.key))
    return clusters
