"""Variant grouping: surface forms of one rendering fold into a cluster; different renderings stay apart."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

from glossary.records import Example, Observation, RenderingCluster
from tm.lexicon import EN_CONJUNCTIONS, NAME_SMALL_WORDS, stem

_ARTICLES = re.compile(r"^(?:the|a|an)\s+")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/]+")
_EDGE_PUNCT = re.compile(r"^[\s\"'“”‘’(\[,.;:]+|[\s\"'“”‘’)\],.;:]+$")
MAX_EXAMPLES = 3
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")
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


@lru_cache(maxsize=200_000)
def fold(rendering: str) -> str:
    """The key variants share: case, hyphen or space, plural, a leading article, a possessive and
    quotes fold."""
    text = _ACRONYM_PLURAL.sub(r"\1", rendering)  # TVs, NGOs
    text = _EDGE_PUNCT.sub("", text.lower().replace("’", "'")).removesuffix("'s")
    text = _ARTICLES.sub("", text)
    return " ".join(_singular(w) for w in _SEPARATORS.split(text) if w)


class _Group:
    """What a cluster needs of its observations, summed as they come."""

    __slots__ = ("forms", "count", "score", "documents", "publishers", "dates", "examples")

    def __init__(self) -> None:
        self.forms: Counter[str] = Counter()
        self.count = 0
        self.score = 0.0
        # In the order first seen, a document again only when another came between: the pairs
        # stream by document, so this is nearly the set of them at a fifth of a set's memory
        # (a million pairs: 260 MiB as sets); `clusters` makes it a set.
        self.documents: list[str] = []
        self.publishers: Counter[str] = Counter()
        self.dates: list[str] = []  # the first and the last
        self.examples: list[tuple[tuple[float, str], Example]] = []  # best first


class ClusterTally:
    """One term's observations folded into clusters as they stream by: memory holds counts and
    the few best examples, not every sentence."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str], _Group] = {}

    def add(self, obs: Observation) -> None:
        key = (fold(obs.rendering), obs.evidence)
        g = self.groups.get(key)
        if g is None:  # not setdefault: a large corpus adds millions of observations to few groups
            g = self.groups[key] = _Group()
        g.forms[obs.rendering] += 1
        g.count += 1
        g.score += obs.score
        if not g.documents or g.documents[-1] != obs.source.document:
            g.documents.append(obs.source.document)
        if obs.source.publisher:
            g.publishers[obs.source.publisher] += 1
        date = obs.source.date
        if date:
            if not g.dates:
                g.dates = [date, date]
            elif date < g.dates[0]:
                g.dates[0] = date
            elif date > g.dates[1]:
                g.dates[1] = date
        # The best-scoring examples, the earliest on a tie, each sentence pair once.
        rank = (-obs.score, obs.source.date)
        if len(g.examples) >= MAX_EXAMPLES and rank >= g.examples[-1][0]:
            return  # most observations: asked first, so the examples are not searched for this one
        if all(x.zh != obs.zh or x.en != obs.en for _, x in g.examples):
            g.examples.append((rank, Example(obs.zh, obs.en, obs.source.document, obs.source.publisher,
                                             obs.source.date)))
            g.examples.sort(key=lambda e: e[0])
            del g.examples[MAX_EXAMPLES:]

    def renderings(self) -> frozenset[str]:
        """Every surface form seen so far."""
        return frozenset(f for g in self.groups.values() for f in g.forms)

    def clusters(self) -> list[RenderingCluster]:
        """The clusters, most used first (aligned before inferred on ties)."""
        clusters = []
        for (key, evidence), g in self.groups.items():
            forms = g.forms.most_common()
            clusters.append(RenderingCluster(
                text=forms[0][0], key=key, evidence=evidence, count=g.count, forms=tuple(forms),
                confidence=round(g.score / g.count, 3), documents=tuple(sorted(set(g.documents))),
                publishers=tuple(sorted(g.publishers)),
                first_date=g.dates[0] if g.dates else "", last_date=g.dates[-1] if g.dates else "",
                examples=tuple(x for _, x in g.examples), per_publisher=tuple(sorted(g.publishers.items())),
            ))
        clusters.sort(key=lambda c: (-c.count, c.evidence != "aligned", c.key))
        return clusters


def cluster(observations: Iterable[Observation]) -> list[RenderingCluster]:
    """Clusters of one term's observations, most used first (aligned before inferred on ties)."""
    tally = ClusterTally()
    for obs in observations:
        tally.add(obs)
    return tally.clusters()


PARTIAL, ABBREVIATION = "partial", "abbreviation"
_ACRONYM = re.compile(r"[A-Z]{2,8}")
_CONFIDENCE_SLACK = 0.05


def relate(clusters: list[RenderingCluster]) -> list[RenderingCluster]:
    """One term's clusters with its short forms folded under the full rendering they stand for:
    a partial mention (a rendering that is a fuller rendering's head, in documents that use the
    fuller one: "Government" after "SAR government", "Lau" after "Andy Lau") or an abbreviation
    (the initials of a fuller rendering: "MIIT", "GCC"). Most used first, as `cluster` orders."""
    ordered = sorted(clusters, key=lambda c: (len(c.key.split()), c.count), reverse=True)
    kept: list[RenderingCluster] = []
    for c in ordered:
        full = next((f for f in kept if f.evidence == c.evidence and _stands_for(c, f)), None)
        if full is None:
            kept.append(c)
            continue
        how = ABBREVIATION if _ACRONYM.fullmatch(c.text) else PARTIAL
        kept[kept.index(full)] = _absorb(full, c, how)
    kept.sort(key=lambda c: (-c.count, c.evidence != "aligned", c.key))
    return kept


def _absorb(full: RenderingCluster, short: RenderingCluster, how: str) -> RenderingCluster:
    """The full rendering, now also counting the mentions of its short form."""
    per_publisher = Counter(dict(full.per_publisher))
    per_publisher.update(dict(short.per_publisher))
    dates = [d for d in (full.first_date, full.last_date, short.first_date, short.last_date) if d]
    return full._replace(
        count=full.count + short.count,
        short_forms=full.short_forms + ((short.text, short.count, how),) + short.short_forms,
        documents=tuple(sorted({*full.documents, *short.documents})),
        publishers=tuple(sorted({*full.publishers, *short.publishers})),
        per_publisher=tuple(sorted(per_publisher.items())),
        first_date=min(dates, default=""), last_date=max(dates, default=""),
        examples=full.examples or short.examples)


def words_inside(short: str, long: str) -> bool:
    """Whether the words of folded rendering `short` run, in order and together, inside `long`'s."""
    part, whole = short.split(), long.split()
    n = len(part)
    return any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


def _stands_for(short: RenderingCluster, full: RenderingCluster) -> bool:
    if _ACRONYM.fullmatch(short.text):
        words = [w for w in re.findall(r"[A-Za-z]+", full.text) if w.lower() not in NAME_SMALL_WORDS]
        return len(words) == len(short.text) and "".join(w[0] for w in words).upper() == short.text
    part, whole = short.key.split(), full.key.split()
    # The fuller rendering must render the term as well as the part does: else the extra words
    # are the extractor's overreach ("cybersecurity and informatization work" for 网信), not a
    # fuller name.
    if len(part) >= len(whole) or not set(short.documents) <= set(full.documents) \
            or full.confidence < short.confidence - _CONFIDENCE_SLACK:
        return False
    # English names put their head last ("Andy Lau" → "Lau", "SAR government" → "government") or
    # first before "of" ("Ministry of Education" → "Ministry"); what the part leaves out holds
    # no "and": "Beijing" is no partial mention of "Commission and the Beijing".
    n = len(part)
    if whole[-n:] == part:
        rest = whole[:-n]
    elif whole[:n] == part and len(whole) > n and whole[n] == "of":
        rest = whole[n:]
    else:
        return False
    return not EN_CONJUNCTIONS & set(rest)
