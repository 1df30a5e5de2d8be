"""Ranking: how inconsistently each term is rendered, collisions, and a proposed preferred rendering."""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from glossary.clusters import words_inside
from glossary.kinds import ORGANISATION
from glossary.records import RenderingCluster, TermEntry, listed
from tm.lexicon import EN_CONJUNCTIONS, EN_FINITE, stem

INFERRED_WEIGHT = 0.3  # an inferred observation is weaker evidence than an aligned one
ORDERS = ("recent", "frequent")


@dataclass(frozen=True)
class PreferenceRule:
    """How a preferred rendering is proposed: aligned evidence first, then this order."""

    order: str = "recent"  # recent: the most recent source wins; frequent: the most used rendering
    authority: tuple[str, ...] = ()  # publishers, most authoritative first; outranks the order


CONTAINED_LIKENESS = 0.5
_SHAPELESS = 0.5
_ENOUGH_EVIDENCE = 2.0  # weight at which a term's renderings are taken at face value
_TERMHOOD_FULL = 5.0  # termhood (log ratio to general Chinese) of an unmistakable policy term
_FORMULA_LENGTH = 6  # characters from which a compound the corpus repeats is a fixed phrase
# What stays of each word after their shared beginning: re-place(d), carr(y/ied), stop(/ped).
_INFLECTIONS = frozenset({"", "e", "s", "es", "d", "ed", "ing", "y", "ies", "ied"})
_CONJUNCTION = re.compile(" (" + "|".join(map(re.escape, sorted(EN_CONJUNCTIONS))) + ") ")


def _weight(c: RenderingCluster) -> float:
    """How much a cluster's observations say: aligned ones fully, inferred ones at a discount,
    each as sure as its confidence; a rendering of one word that is neither a name nor a
    technical word ("nice", "against", "they") half: it is as often the extractor's miss as a
    translator's choice, and a term rendered only so is a word of everyday language; so is a
    clause ("product is packaged", "Ministry of Education did"): a term is rendered by a phrase."""
    from glossary.bilingual import reading

    words = c.text.lower().split()
    shapeless = (len(words) == 1 and not reading(c.text)) or any(w in EN_FINITE for w in words)
    shape = _SHAPELESS if shapeless else 1.0
    return c.count * (1.0 if c.evidence == "aligned" else INFERRED_WEIGHT) * c.confidence * shape


def inconsistency(clusters: Iterable[RenderingCluster]) -> float:
    """Grows with the chance that two occurrences of the term are rendered differently, how
    often the term is rendered, and how many publishers and documents use a rendering other
    than the main one. Aligned and inferred evidence for the same rendering agree: they are one
    rendering here."""
    clusters = list(clusters)
    weight = _weights(clusters)
    publishers: dict[str, set[str]] = defaultdict(set)
    documents: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, str] = {}
    for c in clusters:
        texts.setdefault(c.key, c.text)
        publishers[c.key].update(c.publishers)
        documents[c.key].update(c.documents)
    if len(weight) < 2:
        return 0.0
    total = sum(weight.values())
    # The chance that two occurrences disagree (Gini impurity; Rao's quadratic entropy, with
    # renderings one inside the other half alike: "wedding dress" and "wedding dress photos" are
    # as often where the extractor cut as a real disagreement) times how much is seen: a term
    # rendered 23 times one way and 3 another, used often, is a disagreement an editor must settle;
    # one seen four times four ways is as likely the extractor's noise.
    shares = {k: w / total for k, w in weight.items()}
    keys = list(shares)
    alike = sum(shares[a] * shares[b] * _likeness(a, b, texts[a], texts[b]) for a in keys for b in keys)
    disagreement = 1 - alike
    main = _main_key(weight)
    other_publishers = {p for k in weight if k != main for p in publishers[k]} - publishers[main]
    other_documents = {d for k in weight if k != main for d in documents[k]} - documents[main]
    spread = 1 + 0.5 * len(other_publishers) + 0.25 * len(other_documents)
    # A handful of weak inferred matches is not yet a disagreement worth an editor's time.
    evidence = min(1.0, total / _ENOUGH_EVIDENCE)
    return round(2 * disagreement * spread * math.log2(1 + total) * evidence, 3)


def _main_key(weight: dict[str, float]) -> str:
    """The rendering that carries the most weight (`_weight`, aligned and inferred together)."""
    return max(weight, key=weight.get)


def _weights(clusters: Iterable[RenderingCluster]) -> dict[str, float]:
    weight: dict[str, float] = defaultdict(float)
    for c in clusters:
        weight[c.key] += _weight(c)
    return weight


def _likeness(a: str, b: str, a_text: str, b_text: str) -> float:
    """1 for one rendering, one word for word in another inflection ("discriminate against Asians",
    "discriminated against Asians": the sentence's grammar, not a translator's choice), the same
    parts coordinated in another order, or one phrase around different names ("Professor Chen
    Kaixian was", "Professor Li Lanjuan was": the extractor took in the name of each occurrence);
    CONTAINED_LIKENESS when one's words run inside the other's; else 0."""
    if a == b or _inflections(a.split(), b.split()) or _names_apart(a_text.split(), b_text.split()) \
            or (" " in a and _conjuncts(a) == _conjuncts(b)):
        return 1.0
    short, long = sorted((a, b), key=lambda k: len(k.split()))
    return CONTAINED_LIKENESS if words_inside(short, long) else 0.0


def _inflections(a: list[str], b: list[str]) -> bool:
    """Whether two renderings are word for word the same but for inflectional endings (re-place,
    re-placed, re-placing); a derived word is another ("two established", "two establishments")."""
    return len(a) == len(b) and all(x == y or _inflection_apart(x, y) for x, y in zip(a, b))


def _inflection_apart(x: str, y: str) -> bool:
    shared = len(os.path.commonprefix((x, y)))
    rests = [w[shared:] for w in (x, y)]
    # A consonant doubled before an ending (stopped, planning) belongs to the ending.
    rests = [r[1:] if r[:1] and shared and r[0] == x[shared - 1] and r[1:] in ("ed", "ing") else r for r in rests]
    return all(r in _INFLECTIONS for r in rests) and stem(x) == stem(y)


def _conjuncts(key: str) -> tuple[str, ...]:
    """The parts a rendering coordinates, in order, with the word joining them: "hydrating and
    moisturizing" and "moisturizing and hydrating" are one rendering, their order a matter of style."""
    parts = _CONJUNCTION.split(key)
    return tuple(sorted(parts[::2])) + tuple(sorted(set(parts[1::2])))


def _names_apart(a: list[str], b: list[str]) -> bool:
    """Whether two renderings share their words but for a name of two capitalised words or more
    in the same place in each (a one-word difference, Ministry against Department, is real)."""
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    # The name is the whole run of capitalised words: Li Lanjuan and Li Xiaoliang share a surname.
    while prefix and a[prefix - 1][:1].isupper():
        prefix -= 1
    while suffix and a[len(a) - suffix][:1].isupper():
        suffix -= 1
    middles = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
    return prefix + suffix > 0 and all(len(m) >= 2 and all(w[:1].isupper() for w in m) for m in middles)


def policy_weight(entry: TermEntry) -> float:
    """How much a term belongs to policy language rather than general Chinese: quoted slogans and
    numbered formulae fully; compounds and aligned units by termhood (发展方向 is everyday
    Chinese, 网络强国 is not) and length: a two-character word is more often a word of the
    language than a term (手术, 电视), one of four characters or more seldom is, and one of six or
    more the corpus repeats is a fixed phrase whatever its parts' frequency (习近平新时代中国特色社会主义思想);
    organisations fully: an institution has one official English name, any other is an error to settle."""
    if entry.kind not in ("compound", "aligned"):
        return 1.0
    if entry.category == ORGANISATION or len(entry.term) >= _FORMULA_LENGTH:
        return 1.0
    length = min(1.0, (len(entry.term) - 1) / 3)
    return min(1.0, max(0.2, entry.termhood / _TERMHOOD_FULL)) * length


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
    source = listed(best.publishers) or listed(best.documents)
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
        shared = [(c, others) for c in e.renderings
                  if (others := tuple(sorted(t for t in users[c.key] if t not in e.term and e.term not in t)))]
        collisions = tuple((c.text, others) for c, others in shared)
        score = inconsistency(e.renderings) * policy_weight(e)
        # One English phrase for two terms is an inconsistency of its own when the phrase is not
        # the term's main rendering: two terms sharing their main rendering are one concept
        # written two ways (澳大 and 澳门大学, 您好 and 你好), not a translator mixing two.
        main = _main_key(_weights(e.renderings)) if shared else ""
        if any(c.key != main for c, _ in shared):
            score += round(0.5 * math.log2(1 + sum(c.count for c in e.renderings)), 3)
        preferred, why = propose_preferred(e.renderings, rule)
        ranked.append(e._replace(score=round(score, 3), preferred=preferred, preferred_reason=why,
                                  collisions=collisions))
    ranked.sort(key=lambda e: (-e.score, -e.frequency, e.term))
    return ranked
