"""Alignment: paragraphs, then sentences within aligned paragraphs, by dynamic programming over beads.

A bead pairs up to three sentences on one side with one on the other (or 2-2), or leaves one
sentence unpaired. Its cost adds a prior for its shape, the misfit of the lengths (Chinese
characters against English characters, at the document's own ratio), the share of words the
dictionary cannot match across, and disagreement of numbers, Latin tokens and quotations.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache, reduce
from typing import Callable, Iterable, Iterator, Sequence

from tm.features import EMPTY, Features, coverage, en_features, zh_features
from tm.lang import normalize
from tm.records import Bead, Block, Document, Sentence, UnitPair
from tm.segment import split_sentences

# Shapes as (zh count, en count) with their prior cost (−log of how often translators do it).
# 3-1 and 1-3 are beyond the classic set: a long Chinese sentence is often rendered as three.
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.0, (2, 1): 1.2, (1, 2): 1.2, (2, 2): 2.2, (3, 1): 2.0, (1, 3): 2.0,
    (1, 0): 3.2, (0, 1): 3.2,
}
DEFAULT_RATIO = 3.2  # English characters per Chinese character in policy translation
_LENGTH_SIGMA = 0.28
_W_LENGTH, _W_LEX, _W_ANCHOR = 1.0, 4.0, 1.5
_LEX_FULL = 0.5  # a faithful translation matches about half its words through the dictionary
_TRUST_DIAGONAL = 0.7  # equal counts whose 1-1 pairs all score this well need no search
FLAG_BELOW = 0.5  # pairs scoring below this are kept but flagged as doubtful


@dataclass(frozen=True)
class Evidence:
    """How well one side matches the other, each part in 0..1 (anchors None when there are none)."""

    lexical: float  # the lower of the two dictionary coverages (zh words matched, en words explained)
    length_fit: float
    anchors: float | None

    @property
    def confidence(self) -> float:
        lexical = min(1.0, self.lexical / _LEX_FULL)
        if self.anchors is None:
            return 0.65 * lexical + 0.35 * self.length_fit
        return 0.5 * lexical + 0.25 * self.length_fit + 0.25 * self.anchors


def compare(zh: Features, en: Features, ratio: float, coverages: tuple[float, float] | None = None) -> Evidence:
    """Evidence that `en` translates `zh` (dictionary coverages may be given, computed elsewhere)."""
    # The lower coverage counts: an English sentence merged in that the Chinese does not
    # explain lowers it even when every Chinese word still finds its match.
    lexical = min(coverages or zh.coverage(en))
    length_fit = math.exp(-_length_misfit(zh.length, en.length, ratio))
    parts = [
        _overlap(zh.numbers, en.numbers),
        _overlap(zh.latin, en.latin),
        1 - abs(zh.quotes - en.quotes) / max(zh.quotes, en.quotes) if zh.quotes or en.quotes else None,
    ]
    present = [p for p in parts if p is not None]
    return Evidence(lexical, length_fit, sum(present) / len(present) if present else None)


def _overlap(a: frozenset, b: frozenset) -> float | None:
    if not a and not b:
        return None
    return len(a & b) / max(len(a), len(b))


def _length_misfit(zh_length: float, en_length: float, ratio: float) -> float:
    """−log of the length fit: a Gaussian on the log of the length ratio."""
    x = math.log((en_length + 10.0) / (ratio * zh_length + 10.0))
    return x * x / (2 * _LENGTH_SIGMA**2)


def evidence_cost(ev: Evidence, shape: tuple[int, int]) -> float:
    """What the dictionary and the anchors add to a bead's cost (never negative)."""
    # Charged per sentence pair covered, so that merging two good 1-1 beads into one 2-2
    # bead does not halve what a mismatch costs.
    misfit = _W_LEX * (1 - ev.lexical)
    if ev.anchors is not None:
        misfit += _W_ANCHOR * (1 - ev.anchors)
    return (shape[0] + shape[1]) / 2 * misfit


def align_sequences(
    zh: Sequence[Features], en: Sequence[Features], ratio: float, band: int | None = None
) -> list[tuple[range, range]]:
    """Minimum-cost path of beads covering both sequences; returns (zh indexes, en indexes) per bead."""
    n, m = len(zh), len(en)
    if n == m and all(compare(z, e, ratio).confidence >= _TRUST_DIAGONAL for z, e in zip(zh, en)):
        return _diagonal(n, m)  # the common case, in linear time: every 1-1 pair is convincing
    zh_prefix = _prefix_sums(zh)
    en_prefix = _prefix_sums(en)
    zh_len = list(itertools.accumulate((f.length for f in zh), initial=0.0))
    en_len = list(itertools.accumulate((f.length for f in en), initial=0.0))

    @lru_cache(maxsize=None)
    def matches(i: int, j: int) -> list[tuple[int, frozenset[str]]]:
        return [g.match(en[j].stems) for g in zh[i].glossed]

    def full_cost(pi: int, i: int, pj: int, j: int, shape: tuple[int, int]) -> float:
        # Each zh item is matched against each en item once; beads combine those matches.
        glossed = [g for a in range(pi, i) for g in zh[a].glossed]
        per_part = [[matches(a, b)[k] for b in range(pj, j)] for a in range(pi, i) for k in range(len(zh[a].glossed))]
        en_side = en_prefix(pj, j)
        ev = compare(zh_prefix(pi, i), en_side, ratio, coverage(glossed, per_part, en_side.stems))
        return evidence_cost(ev, shape)

    if band is None:
        band = max(4, abs(n - m) + 2, max(n, m) // 8)
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        centre = i * m / n if n else 0
        lo, hi = max(0, int(centre - band)), min(m, int(centre + band) + 1)
        if i == n:
            hi = m
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            # Prior and length are cheap and the evidence cost is never negative, so shapes are
            # tried cheapest-first and the dictionary is consulted only while a shape can still win.
            options = []
            for shape, prior in BEAD_PRIORS.items():
                pi, pj = i - shape[0], j - shape[1]
                if pi < 0 or pj < 0 or cost[pi][pj] == inf:
                    continue
                base = cost[pi][pj] + prior
                if shape[0] and shape[1]:
                    base += _W_LENGTH * _length_misfit(zh_len[i] - zh_len[pi], en_len[j] - en_len[pj], ratio)
                options.append((base, shape))
            options.sort()
            best, arg = inf, None
            for base, shape in options:
                if base >= best:
                    break
                c = base + full_cost(i - shape[0], i, j - shape[1], j, shape) if shape[0] and shape[1] else base
                if c < best:
                    best, arg = c, shape
            cost[i][j], back[i][j] = best, arg
    path = []
    i, j = n, m
    while i or j:
        shape = back[i][j]
        if shape is None:  # the band excluded every path: fall back to pairing the rest in order
            return _diagonal(n, m)
        path.append((range(i - shape[0], i), range(j - shape[1], j)))
        i, j = i - shape[0], j - shape[1]
    return path[::-1]


def _prefix_sums(items: Sequence[Features]) -> Callable[[int, int], Features]:
    """Features of items[a:b], each range combined once however many beads ask for it."""
    @lru_cache(maxsize=None)
    def combined(a: int, b: int) -> Features:
        return reduce(Features.__add__, items[a:b], EMPTY) if b - a > 1 else (items[a] if b > a else EMPTY)
    return combined


def _diagonal(n: int, m: int) -> list[tuple[range, range]]:
    k = min(n, m)
    beads = [(range(i, i + 1), range(i, i + 1)) for i in range(k)]
    beads += [(range(i, i + 1), range(0)) for i in range(k, n)]
    beads += [(range(0), range(j, j + 1)) for j in range(k, m)]
    return beads


def corpus_ratio(zh: Iterable[Features], en: Iterable[Features]) -> float:
    """English characters per Chinese character for this document, kept within sane bounds."""
    zh_len, en_len = sum(f.length for f in zh), sum(f.length for f in en)
    if zh_len < 50 or en_len < 150:
        return DEFAULT_RATIO
    return min(6.0, max(1.5, en_len / zh_len))


def _sentences(blocks: Sequence[Block], lang: str) -> list[list[Sentence]]:
    """Each paragraph of one language as its list of sentences, numbered in reading order."""
    paragraphs, seq = [], 0
    for para, block in enumerate(b for b in blocks if b.lang == lang):
        sents = []
        for text in split_sentences(block.text, lang):
            sents.append(Sentence(lang, para, seq, text, normalize(text, lang), f"line {block.line}"))
            seq += 1
        paragraphs.append(sents)
    return paragraphs


def align_document(doc: Document) -> Iterator[Bead]:
    """Every sentence of the document in reading order, paired where a translation is found."""
    if not doc.blocks:
        yield from align_units(doc.units, "lines" if doc.meta.layout == "lines" else "unit")
        return
    zh_paras, en_paras = _sentences(doc.blocks, "zh"), _sentences(doc.blocks, "en")
    zh_feats = [[zh_features(s.norm) for s in p] for p in zh_paras]
    en_feats = [[en_features(s.norm) for s in p] for p in en_paras]
    if not zh_paras or not en_paras:
        for paras in (zh_paras, en_paras):
            for s in (s for p in paras for s in p):
                yield Bead((s,), (), 0.0, "dp") if s.lang == "zh" else Bead((), (s,), 0.0, "dp")
        return
    ratio = corpus_ratio((f for p in zh_feats for f in p), (f for p in en_feats for f in p))
    zh_pf = [reduce(Features.__add__, p, EMPTY) for p in zh_feats]
    en_pf = [reduce(Features.__add__, p, EMPTY) for p in en_feats]
    for zr, er in align_sequences(zh_pf, en_pf, ratio):
        zs = [s for i in zr for s in zh_paras[i]]
        es = [s for j in er for s in en_paras[j]]
        zf = [f for i in zr for f in zh_feats[i]]
        ef = [f for j in er for f in en_feats[j]]
        yield from _sentence_beads(zs, es, zf, ef, ratio)


def _sentence_beads(zs, es, zf, ef, ratio) -> Iterator[Bead]:
    if not zs or not es:
        for s in zs:
            yield Bead((s,), (), 0.0, "dp")
        for s in es:
            yield Bead((), (s,), 0.0, "dp")
        return
    for zr, er in align_sequences(zf, ef, ratio):
        zh, en = tuple(zs[i] for i in zr), tuple(es[j] for j in er)
        score = 0.0
        if zh and en:
            z = reduce(Features.__add__, (zf[i] for i in zr), EMPTY)
            e = reduce(Features.__add__, (ef[j] for j in er), EMPTY)
            score = round(compare(z, e, ratio).confidence, 3)
        yield Bead(zh, en, score, "dp")


def align_units(units: Iterable[UnitPair], method: str) -> Iterator[Bead]:
    """Pairs the source already made (TMX units, PO entries, table rows, line pairs), scored."""
    for n, unit in enumerate(units):
        zh = (Sentence("zh", n, n, unit.zh, normalize(unit.zh, "zh"), unit.ref),) if unit.zh else ()
        en = (Sentence("en", n, n, unit.en, normalize(unit.en, "en"), unit.ref),) if unit.en else ()
        score = round(compare(zh_features(zh[0].norm), en_features(en[0].norm), DEFAULT_RATIO).confidence, 3) if zh and en else 0.0
        yield Bead(zh, en, score, method)
