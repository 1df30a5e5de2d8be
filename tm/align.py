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
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

from tm.features import Features, en_features, zh_features
from tm.lang import normalize
from tm.records import Bead, Block, Document, Sentence, UnitPair
from tm.errors import GlossError
from tm.segment import MAX_SEGMENT, split_sentences

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
# A document whose full band (an eighth of its length) holds up to _FULL_SEARCH cells is searched
# in full; a longer one near its diagonal first (_NARROW_BAND), the band widened while the best
# path runs along its edge or through _DOUBTFUL_RUN doubtful beads in a row (a block missing on
# one side pushes the true path off the diagonal, and pairing along it goes wrong).
_FULL_SEARCH, _NARROW_BAND, _DOUBTFUL_RUN = 400_000, 32, 6
FLAG_BELOW = 0.5  # pairs scoring below this are kept but flagged as doubtful
# Headings, datelines and stock phrases recur across documents: the analyses of this many
# short sentences are kept (a Chinese sentence's features take a few kilobytes; a long one's, more).
_CACHED_SENTENCES, _CACHED_LENGTH = 1024, 300
_T = TypeVar("_T")


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


def compare(zh: Features, en: Features, ratio: float) -> Evidence:
    """Evidence that `en` translates `zh`: what `Pairing.evidence` finds for a 1-1 bead, worked
    out directly (a TMX unit is one such bead, and the document machinery costs it double)."""
    explained = en.stems.intersection(frozenset().union(*zh.glosses))
    n = _numbering((zh.numbers, en.numbers, zh.latin, en.latin))
    anchors = _agreement(_bits(zh.numbers, n), _bits(en.numbers, n), _bits(zh.latin, n), _bits(en.latin, n),
                         zh.quotes, en.quotes)
    hit = len(zh.glosses) - sum(map(en.stems.isdisjoint, zh.glosses))
    return Evidence(_lexical(len(zh.glosses), hit, len(en.stems), len(explained)),
                    math.exp(-_length_misfit(zh.length, en.length, ratio)), anchors)


def _rendered(renders: Mapping[str, int], stems: frozenset[str]) -> int:
    """Bitmask of the Chinese words (`renders`: English stem → words) that English `stems` may render."""
    mask = 0
    for s in stems.intersection(renders):  # walks the (shorter) renders
        mask |= renders[s]
    return mask


def _lexical(words: int, hit: int, stems: int, explained: int) -> float:
    """The lower of the dictionary coverages: `hit` of `words` Chinese words rendered and
    `explained` of `stems` English stems glossed (none at all when a side has none)."""
    # An English sentence merged in that the Chinese does not explain lowers the English
    # coverage even when every Chinese word still finds its match.
    if not words or not stems:
        return 0.0
    return min(hit / words, explained / stems)


def _agreement(zh_numbers: int, en_numbers: int, zh_latin: int, en_latin: int, zh_quotes: int, en_quotes: int
               ) -> float | None:
    """Mean agreement of the numbers and Latin tokens (bit sets) and quotations either side has."""
    total, present = 0.0, 0
    if zh_numbers or en_numbers:
        total += _overlap(zh_numbers, en_numbers)
        present += 1
    if zh_latin or en_latin:
        total += _overlap(zh_latin, en_latin)
        present += 1
    if zh_quotes or en_quotes:
        total += 1 - abs(zh_quotes - en_quotes) / max(zh_quotes, en_quotes)
        present += 1
    return total / present if present else None


def _overlap(a: int, b: int) -> float:
    return (a & b).bit_count() / max(a.bit_count(), b.bit_count())


def _length_misfit(zh_length: float, en_length: float, ratio: float) -> float:
    """−log of the length fit: a Gaussian on the log of the length ratio."""
    x = math.log((en_length + 10.0) / (ratio * zh_length + 10.0))
    return x * x / (2 * _LENGTH_SIGMA**2)


def evidence_cost(lexical: float, anchors: float | None, shape: tuple[int, int]) -> float:
    """What the dictionary and the anchors add to a bead's cost (never negative)."""
    # Charged per sentence pair covered, so that merging two good 1-1 beads into one 2-2
    # bead does not halve what a mismatch costs.
    misfit = _W_LEX * (1 - lexical)
    if anchors is not None:
        misfit += _W_ANCHOR * (1 - anchors)
    return (shape[0] + shape[1]) / 2 * misfit


@dataclass(slots=True)  # not frozen: made by the thousand, and frozen ones are slow to make
class _Item:
    """A sentence or a paragraph as the aligner compares it; never changed once made.

    Stems, numbers and Latin tokens are bits numbered per document, so a bead unites its
    items' sets with | and counts them with bit_count.
    """

    length: float
    words: int  # Chinese: dictionary words with a gloss
    renders: Mapping[str, int]  # Chinese: English stem → bitmask of the words it may render
    stems: frozenset[str]  # English: content-word stems
    stem_bits: int  # English: its stems; Chinese: the document's English stems its glosses offer
    numbers: int
    latin: int
    quotes: int

    def rendered_by(self, stems: frozenset[str]) -> int:
        """Bitmask of this Chinese item's words that English `stems` may render."""
        return _rendered(self.renders, stems)


def _items(zh: list[list[Features]], en: list[list[Features]]) -> tuple[list[list[_Item]], list[list[_Item]]]:
    """A document's sentences, paragraph by paragraph, as items with the document's bit numbering."""
    stem_bit = _numbering(f.stems for p in en for f in p)
    # Numbers and Latin tokens can share one numbering: they are kept in separate fields.
    anchor_bit = _numbering(values for side in (zh, en) for p in side for f in p for values in (f.numbers, f.latin))
    en_items = [[_Item(f.length, 0, {}, f.stems, _bits(f.stems, stem_bit), _bits(f.numbers, anchor_bit),
                       _bits(f.latin, anchor_bit), f.quotes) for f in p] for p in en]
    english = stem_bit.keys()
    zh_items = []
    for p in zh:
        items = []
        for f in p:
            # Each stem → the words it may render; a stem no English sentence of the document
            # has cannot match, and is left out.
            renders: dict[str, int] = {}
            for k, glosses in enumerate(f.glosses):
                for s in glosses & english:
                    renders[s] = renders.get(s, 0) | 1 << k
            items.append(_Item(f.length, len(f.glosses), renders, f.stems, _bits(renders, stem_bit),
                               _bits(f.numbers, anchor_bit), _bits(f.latin, anchor_bit), f.quotes))
        zh_items.append(items)
    return zh_items, en_items


def _numbering(sets: Iterable[frozenset]) -> dict[object, int]:
    """A bit for each value in any of the sets."""
    return {v: 1 << k for k, v in enumerate(frozenset().union(*sets))}


def _bits(values: frozenset, numbering: dict[object, int]) -> int:
    """The values as one int of their bits: distinct powers of two, so the sum is the union."""
    return sum(map(numbering.__getitem__, values))


def _paragraph(items: Sequence[_Item]) -> _Item:
    """Sentences as one item; the Chinese words of each are numbered after those before it."""
    if len(items) == 1:
        return items[0]
    renders: dict[str, int] = {}
    words = stem_bits = numbers = latin = quotes = 0
    for item in items:
        for s, mask in item.renders.items():
            renders[s] = renders.get(s, 0) | mask << words
        words += item.words
        stem_bits |= item.stem_bits
        numbers |= item.numbers
        latin |= item.latin
        quotes += item.quotes
    return _Item(sum((x.length for x in items), 0.0), words, renders, frozenset().union(*(x.stems for x in items)),
                 stem_bits, numbers, latin, quotes)


_Span = tuple[int, int, int, int, int]  # words, stems, numbers, Latin tokens, quotes
_MAX_SIDE = max(max(shape) for shape in BEAD_PRIORS)  # most items on one side of a bead


def _spans(parts: list[_Span]) -> list[list[_Span]]:
    """spans[k][r]: the parts of items k to k + r united (r < _MAX_SIDE), a bead's in one look-up."""
    spans = []
    for k, part in enumerate(parts):
        row = [part]
        for w, s, n, lt, q in parts[k + 1 : k + _MAX_SIDE]:
            w0, s0, n0, lt0, q0 = row[-1]
            row.append((w0 + w, s0 | s, n0 | n, lt0 | lt, q0 + q))
        spans.append(row)
    return spans


class Pairing:
    """The evidence for any bead between two sequences of items (sentences, or paragraphs).

    Which Chinese words each English item may render is worked out once per pair of items and
    shared by every bead that holds both.
    """

    def __init__(self, zh: Sequence[_Item], en: Sequence[_Item], ratio: float):
        self.zh, self.en, self.ratio = zh, en, ratio
        self.zh_len = list(itertools.accumulate((x.length for x in zh), initial=0.0))
        self.en_len = list(itertools.accumulate((x.length for x in en), initial=0.0))
        self._zh_spans = _spans([(x.words, x.stem_bits, x.numbers, x.latin, x.quotes) for x in zh])
        self._en_spans = _spans([(0, x.stem_bits, x.numbers, x.latin, x.quotes) for x in en])
        self._rendered: dict[tuple[int, int], int] = {}
        self._evidence: dict[tuple[int, int, int, int], Evidence] = {}  # the diagonal's, scored again

    def _counts(self, pi: int, i: int, pj: int, j: int) -> tuple[int, int, int, float | None]:
        """Chinese words, English stems and stems explained of the bead zh[pi:i] × en[pj:j] (at
        most _MAX_SIDE items a side), and how its anchors agree."""
        words, zh_stems, zh_numbers, zh_latin, zh_quotes = self._zh_spans[pi][i - pi - 1]
        _, en_stems, en_numbers, en_latin, en_quotes = self._en_spans[pj][j - pj - 1]
        anchors = _agreement(zh_numbers, en_numbers, zh_latin, en_latin, zh_quotes, en_quotes)
        return words, en_stems.bit_count(), (en_stems & zh_stems).bit_count(), anchors

    def _hit(self, pi: int, i: int, pj: int, j: int) -> int:
        """How many Chinese words of the bead its English may render."""
        hit = 0
        for a in range(pi, i):
            mask = 0
            for b in range(pj, j):
                found = self._rendered.get((a, b))
                if found is None:
                    found = self._rendered[a, b] = self.zh[a].rendered_by(self.en[b].stems)
                mask |= found
            hit += mask.bit_count()
        return hit

    def bead_cost(self, pi: int, i: int, pj: int, j: int, base: float, best: float) -> float:
        """`base` plus what the dictionary and the anchors add for the bead zh[pi:i] × en[pj:j];
        or, once `base` plus a lower bound of that reaches `best`, just that bound."""
        shape = (i - pi, j - pj)
        words, stems, explained, anchors = self._counts(pi, i, pj, j)
        # Taking every Chinese word as rendered bounds the cost without matching any word.
        bound = base + evidence_cost(_lexical(words, words, stems, explained), anchors, shape)
        if bound >= best:
            return bound
        return base + evidence_cost(_lexical(words, self._hit(pi, i, pj, j), stems, explained), anchors, shape)

    def evidence(self, zr: range, er: range) -> Evidence:
        """Evidence for the bead zh[zr] × en[er], neither side empty."""
        key = zr.start, zr.stop, er.start, er.stop
        found = self._evidence.get(key)
        if found is None:
            words, stems, explained, anchors = self._counts(*key)
            lexical = _lexical(words, self._hit(*key), stems, explained)
            zh_length = self.zh_len[zr.stop] - self.zh_len[zr.start]
            en_length = self.en_len[er.stop] - self.en_len[er.start]
            length_fit = math.exp(-_length_misfit(zh_length, en_length, self.ratio))
            found = self._evidence[key] = Evidence(lexical, length_fit, anchors)
        return found


def align_sequences(pairing: Pairing, band: int | None = None) -> list[tuple[range, range]]:
    """Minimum-cost path of beads covering both sequences; returns (zh indexes, en indexes) per bead.

    The search keeps to a band around the diagonal: for a long pair of sequences a narrow one
    first, so that time and memory grow with the length times the band, not with the product of
    the lengths (see _FULL_SEARCH)."""
    n, m = len(pairing.zh), len(pairing.en)
    if n == m and all(pairing.evidence(range(k, k + 1), range(k, k + 1)).confidence >= _TRUST_DIAGONAL
                      for k in range(n)):
        return _diagonal(n, m)  # the common case, in linear time: every 1-1 pair is convincing
    widest = band or max(4, abs(n - m) + 2, max(n, m) // 8)
    band = widest if (n + 1) * (2 * widest + 1) <= _FULL_SEARCH else _NARROW_BAND
    while True:
        path, on_edge = _banded_path(pairing, band)
        if path is not None and (band >= widest or not (on_edge or _doubtful_run(pairing, path))):
            return path
        if band >= widest:  # the band excluded every path: fall back to pairing in order
            return _diagonal(n, m)
        band = min(widest, band * 2)


def _doubtful_run(pairing: Pairing, path: list[tuple[range, range]]) -> bool:
    """Whether `_DOUBTFUL_RUN` beads in a row pair doubtfully or leave a side unpaired."""
    run = 0
    for zr, er in path:
        run = run + 1 if not zr or not er or pairing.evidence(zr, er).confidence < FLAG_BELOW else 0
        if run >= _DOUBTFUL_RUN:
            return True
    return False


def _banded_path(pairing: Pairing, band: int) -> tuple[list[tuple[range, range]] | None, bool]:
    """The best path within `band` cells of the diagonal (None if there is none), and whether it
    touches the band's edge somewhere (a wider band might find a better one)."""
    n, m = len(pairing.zh), len(pairing.en)
    inf = math.inf
    zh_len, en_len, ratio = pairing.zh_len, pairing.en_len, pairing.ratio
    # Row i keeps the cells lows[i] … lows[i] + len(costs[i]) - 1 only.
    lows: list[int] = []
    costs: list[list[float]] = []
    backs: list[list[tuple[int, int] | None]] = []
    for i in range(n + 1):
        centre = i * m / n if n else 0
        lo, hi = max(0, int(centre - band)), min(m, int(centre + band) + 1)
        if i == n:
            hi = m
        cost: list[float] = [inf] * (hi - lo + 1)
        back: list[tuple[int, int] | None] = [None] * (hi - lo + 1)
        lows.append(lo)
        costs.append(cost)
        backs.append(back)
        # Each shape's predecessor row (with its first column), and the Chinese length it takes.
        shapes = [(shape, prior, costs[i - shape[0]], lows[i - shape[0]], zh_len[i] - zh_len[i - shape[0]])
                  for shape, prior in BEAD_PRIORS.items() if shape[0] <= i]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                cost[0] = 0.0
                continue
            # Prior and length are cheap and the evidence cost is never negative, so shapes are
            # tried cheapest-first and the evidence is weighed only while a shape can still win.
            options = []
            for shape, prior, row, row_lo, zh_length in shapes:
                pj = j - shape[1] - row_lo
                if pj < 0 or pj >= len(row) or row[pj] == inf:
                    continue
                base = row[pj] + prior
                if shape[0] and shape[1]:
                    base += _W_LENGTH * _length_misfit(zh_length, en_len[j] - en_len[j - shape[1]], ratio)
                options.append((base, shape))
            options.sort()
            best, arg = inf, None
            for base, shape in options:
                if base >= best:
                    break
                c = base
                if shape[0] and shape[1]:
                    c = pairing.bead_cost(i - shape[0], i, j - shape[1], j, base, best)
                if c < best:
                    best, arg = c, shape
            cost[j - lo], back[j - lo] = best, arg
    path, on_edge = [], False
    i, j = n, m
    while i or j:
        lo = lows[i]
        on_edge = on_edge or (j == lo and lo > 0) or (j == lo + len(costs[i]) - 1 and j < m)
        shape = backs[i][j - lo]
        if shape is None:
            return None, True
        path.append((range(i - shape[0], i), range(j - shape[1], j)))
        i, j = i - shape[0], j - shape[1]
    return path[::-1], on_edge


def _diagonal(n: int, m: int) -> list[tuple[range, range]]:
    k = min(n, m)
    beads = [(range(i, i + 1), range(i, i + 1)) for i in range(k)]
    beads += [(range(i, i + 1), range(0)) for i in range(k, n)]
    beads += [(range(0), range(j, j + 1)) for j in range(k, m)]
    return beads


def corpus_ratio(zh_length: float, en_length: float) -> float:
    """English characters per Chinese character for this document, kept within sane bounds."""
    if zh_length < 50 or en_length < 150:
        return DEFAULT_RATIO
    return min(6.0, max(1.5, en_length / zh_length))


def _cached_if_short(analyse: Callable[[str, str], _T]) -> Callable[[str, str], _T]:
    """`analyse(text, lang)`, its results kept for short texts only (see _CACHED_LENGTH)."""
    cached = lru_cache(maxsize=_CACHED_SENTENCES)(analyse)
    return lambda text, lang: cached(text, lang) if len(text) <= _CACHED_LENGTH else analyse(text, lang)


@_cached_if_short
def _normalize(text: str, lang: str) -> str:
    return normalize(text, lang)


@_cached_if_short
def _features(norm: str, lang: str) -> Features:
    return zh_features(norm) if lang == "zh" else en_features(norm)


def _sentences(blocks: Sequence[Block], lang: str) -> list[list[Sentence]]:
    """Each paragraph of one language as its list of sentences, numbered in reading order."""
    paragraphs, seq = [], 0
    for para, block in enumerate(b for b in blocks if b.lang == lang):
        sents, ref = [], f"line {block.line}"
        for text in split_sentences(block.text, lang):
            sents.append(Sentence(lang, para, seq, text, _normalize(text, lang), ref))
            seq += 1
        paragraphs.append(sents)
    return paragraphs


def align_document(doc: Document) -> Iterator[Bead]:
    """Every sentence of the document in reading order, paired where a translation is found."""
    if not doc.blocks:
        yield from align_units(doc.units, "lines" if doc.meta.layout == "lines" else "unit")
        return
    zh_paras, en_paras = _sentences(doc.blocks, "zh"), _sentences(doc.blocks, "en")
    if not zh_paras or not en_paras:
        for paras in (zh_paras, en_paras):
            for s in (s for p in paras for s in p):
                yield Bead((s,), (), 0.0, "dp") if s.lang == "zh" else Bead((), (s,), 0.0, "dp")
        return
    zh_items, en_items = _items([[_features(s.norm, "zh") for s in p] for p in zh_paras],
                                [[_features(s.norm, "en") for s in p] for p in en_paras])
    zh_pf, en_pf = [_paragraph(p) for p in zh_items], [_paragraph(p) for p in en_items]
    ratio = corpus_ratio(sum(x.length for x in zh_pf), sum(x.length for x in en_pf))
    for zr, er in align_sequences(Pairing(zh_pf, en_pf, ratio)):
        zs = [s for i in zr for s in zh_paras[i]]
        es = [s for j in er for s in en_paras[j]]
        zi = [x for i in zr for x in zh_items[i]]
        ei = [x for j in er for x in en_items[j]]
        yield from _sentence_beads(zs, es, zi, ei, ratio)


def _sentence_beads(
    zs: list[Sentence], es: list[Sentence], zi: list[_Item], ei: list[_Item], ratio: float
) -> Iterator[Bead]:
    if not zs or not es:
        for s in zs:
            yield Bead((s,), (), 0.0, "dp")
        for s in es:
            yield Bead((), (s,), 0.0, "dp")
        return
    sentences = Pairing(zi, ei, ratio)
    for zr, er in align_sequences(sentences):
        zh, en = tuple(zs[zr.start : zr.stop]), tuple(es[er.start : er.stop])
        score = round(sentences.evidence(zr, er).confidence, 3) if zh and en else 0.0
        yield Bead(zh, en, score, "dp")


def align_units(units: Iterable[UnitPair], method: str) -> Iterator[Bead]:
    """Pairs the source already made (TMX units, PO entries, table rows, line pairs), scored; a
    unit longer than MAX_SEGMENT characters a side is refused (GlossError at the unit)."""
    for n, unit in enumerate(units):
        longest = max(len(unit.zh), len(unit.en))
        if longest > MAX_SEGMENT:
            raise GlossError(f"a segment of {longest:,} characters: gloss takes at most {MAX_SEGMENT:,} "
                             "(split it into sentences or paragraphs)", where=unit.ref)
        zh = (Sentence("zh", n, n, unit.zh, _normalize(unit.zh, "zh"), unit.ref),) if unit.zh else ()
        en = (Sentence("en", n, n, unit.en, _normalize(unit.en, "en"), unit.ref),) if unit.en else ()
        score = 0.0
        if zh and en:
            score = round(compare(_features(zh[0].norm, "zh"), _features(en[0].norm, "en"), DEFAULT_RATIO).confidence, 3)
        yield Bead(zh, en, score, method)
