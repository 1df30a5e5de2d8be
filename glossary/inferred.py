"""Renderings from English-only documents ("comparable evidence").

With no Chinese to align with, an English phrase is taken to render a term when

- ``known``: it is a rendering already seen in aligned pairs, or a variant of one (case,
  hyphen or space, plural, leading article: as `glossary.clusters.fold` has them);
- ``lexicon``: it is a sense CC-CEDICT gives the term, word for word; or its content words
  translate every part of the term and nothing else. A part (a jieba word of the term) is
  rendered either whole, by one word that glosses it (CC-CEDICT, the learned lexicon, its
  pinyin, the glosses of the whole term, or a near-synonym: 大会 → 会议 "conference"), or
  piece by piece, one word for each piece (the characters of a two-character part, the
  shorter headwords of a longer one: 强国 → "strong … country"). Every part and piece gets a
  word of its own and every content word renders one of them (a closed compound such as
  "cybersecurity" may render two); word order is free ("community … in cyberspace"); only
  the function words a name may hold (of, and, in …) stand between them, never at an edge,
  and an article only after a preposition ("with a shared future", not "build a global").

A phrase of one word renders a term only as one of its one-word senses, its learned
rendering or its pinyin, and only if the word is not common; a compound rendering two parts
("cybersecurity") is the exception. Within a sentence each term takes the phrases that cover
the most words ("network power", twice, rather than "power to a network"); where a longer
term (网络强国) renders more words than a term inside it (网络 "network"), or the same words
better, the shorter term is not given there. The same phrase may be given for two terms that
are not inside one another (网络大国, 网络强国 "network power"): a collision, for the ranking.

Sentences are streamed. A sentence is cut into stretches that a phrase cannot cross
(punctuation, clause words, words no term explains); in each, the parts that have words are
found as bitsets over all parts (each word knows which parts it may render), and a term is
looked at only when the part it is indexed under, its rarest, is among them, and then only
if all its parts are.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import or_
from typing import Callable, Collection, Iterable, Iterator, Mapping, Sequence


from glossary.clusters import fold
from glossary.renderings import Occurrence, term_parts
from tm import cedict
from tm.lexicon import EN_STOP, EN_TOKEN, gloss_word_counts, pinyin_syllables, stem

# Inferred evidence stays below what aligned evidence of the same strength gets.
KNOWN_SCORE = 0.6  # a known rendering, as it was written in the aligned pairs
VARIANT_SCORE = 0.55  # a variant of one
LEXICON_SCORE = 0.45  # the ceiling for a phrase found through the lexicon
# What a word is worth to the part it renders, by the way it renders it.
_WHOLE, _PIECE, _NEAR = 1.0, 0.85, 0.75
_SINGLE_WORD = 0.8  # one word says less than a phrase about what it renders

# Words that may stand inside a phrase but never at its edge ("community of destiny").
_INNER_ONLY = frozenset("of and for the on in with to a an".split())
_MAX_TOKENS = 8
_MIN_HALF = 4  # the halves of a closed compound: cyber|security, farm|land (not net|work)
# A word this frequent in CC-CEDICT's glosses (clear, power, world) is common English: alone
# it proves nothing, and it does not lead to near-synonyms.
_COMMON = 200
# Sentences after which the terms are indexed anew by the parts the corpus itself has words
# for most often (the dictionary's counts say little about what a policy text repeats).
_REINDEX_AFTER = 1000
_NUMERALS = frozenset("一二三四五六七八九十两几每各这那")
_SUBWORD = re.compile(r"[-‐‑]")
_SPACE_ONLY = re.compile(r"\s*")
_GLOSS_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_ARTICLES = frozenset({"a", "an", "the"})
_UNUSUAL_SENSE = re.compile(
    r"^(?:surname|(?:old |archaic )?variant of|used in|see |abbr\. for|classifier|CL:)|\bpr\."
    r"|\((?:ironically|dialect|literary|old|archaic|slang|TCM|Cantonese|Taiwan|Hong Kong)", re.I)
_SENSE_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]|\S*\|\S*|\b(?:sb|sth|etc)\b|\b(?:e\.g\.|i\.e\.).*")

Slot = tuple[int, int]  # (part, -1): the part rendered whole; (part, k): its k-th piece
Option = tuple[tuple[Slot, float], ...]  # the slots one word fills, with what each is worth


@dataclass(frozen=True)
class _Part:
    """A jieba word of one or more terms, and the stems that may render it."""

    whole: frozenset[str]  # stems of words that render it whole
    near: frozenset[str]  # stems of near-synonyms (weaker)
    pieces: tuple[frozenset[str], ...]  # stems for each piece; () when not divisible


@dataclass(frozen=True)
class _Term:
    term: str
    parts: tuple[_Part, ...]
    mask: int  # its parts, as bits over all parts
    extra: frozenset[str]  # stems of the whole term that may render any of its parts
    alone: frozenset[str]  # for a term of one part, stems one word may render it by: learned, pinyin
    slots: Mapping[str, tuple[tuple[Slot, float], ...]]  # stem → the slots it fills, strongest first
    # The fewest words that render the term, but for one rendering it alone: a word a part,
    # or for a term of one part, a word a piece.
    need: int


@dataclass(frozen=True)
class _Word:
    """A token as the matcher sees it."""

    function: bool  # a function word: never at a phrase's edge
    inner: bool  # a function word that may stand inside a name (of, and, in …)
    article: bool
    stems: tuple[str, ...]  # one per content subword (hyphens split: high-standard)
    halves: tuple[tuple[tuple[str, str], ...], ...]  # per subword: stems of its closed-compound splits
    folded: tuple[str, ...]  # the token as `fold` has it
    common: bool  # too common to render a term alone
    every: frozenset[str]  # its stems and those of its compounds' halves
    # Bits over all parts: hits[0] the parts it renders whole, hits[k + 1] those whose k-th
    # piece it renders; `parts` all of them.
    hits: tuple[int, ...]
    parts: int
    units: int  # the slots it may fill at most: a slot a subword, two for a compound
    direct: tuple[int, ...]  # the terms it may render whatever their parts have (`InferenceIndex.by_stem`)


@dataclass(frozen=True)
class _Entry:
    """A phrase looked up word for word: a known rendering, or a sense the dictionary gives."""

    folded: tuple[str, ...]
    term: int
    how: str
    exact: float  # the score when written as given
    variant: float  # the score for a variant
    punctuated: bool  # whether the phrase holds punctuation between its words
    surface: str


@dataclass(frozen=True)
class _Found:
    term: int
    a: int  # first token
    b: int  # one past the last token
    score: float
    how: str


def infer_renderings(
    terms: Sequence[str],
    known: Mapping[str, Collection[str]],
    sentences: Iterable[tuple[int, str]],
    learned: Mapping[str, frozenset[str]],
) -> Iterator[Occurrence]:
    """Phrases of English-only sentences (segment id, text) that render one of `terms`.

    `known`: the renderings each term has in aligned pairs; `learned`: the lexicon learned
    from them (`renderings.learn_lexicon`)."""
    index = InferenceIndex(terms, known, learned)
    for source_id, sentence in sentences:
        for term, rendering, score, how in index.scan(sentence):
            yield Occurrence(term, source_id, rendering, score, how, "inferred")


class InferenceIndex:
    """The terms, indexed by their parts, and the phrases to look up word for word; `scan` gives
    the renderings in one English sentence."""

    def __init__(
        self, terms: Sequence[str], known: Mapping[str, Collection[str]], learned: Mapping[str, frozenset[str]]
    ) -> None:
        unique = list(dict.fromkeys(terms))
        self.parts: list[_Part] = []
        part_ids: dict[str, int] = {}  # parts are shared (网络 in 网络强国, 网络安全 …) and described once
        self.terms = [_describe(t, learned, self.parts, part_ids) for t in unique]
        self.vocabulary = frozenset(s for t in self.terms for s in t.slots)
        self.openings = frozenset(s[:3] for s in self.vocabulary if len(s) >= 3)
        # Stem → its bits over the parts, as in `_Word.hits`.
        self.hits: dict[str, list[int]] = defaultdict(lambda: [0])
        for pid, p in enumerate(self.parts):
            for s in p.whole | p.near:
                self.hits[s][0] |= 1 << pid
            for k, stems in enumerate(p.pieces):
                for s in stems:
                    bits = self.hits[s]
                    bits.extend([0] * (k + 2 - len(bits)))
                    bits[k + 1] |= 1 << pid
        # Parts by their number of pieces, as bits: a part is held by its whole or all its pieces.
        self.by_pieces: dict[int, int] = defaultdict(int)
        for pid, p in enumerate(self.parts):
            if p.pieces:
                self.by_pieces[len(p.pieces)] |= 1 << pid
        # Stems by which a word renders a term whatever its parts have: the whole term's glosses
        # (for a term of several parts), its learned rendering or pinyin (for a term of one).
        self.by_stem: dict[str, list[int]] = defaultdict(list)
        for n, t in enumerate(self.terms):
            for s in t.extra | t.alone:
                self.by_stem[s].append(n)
        self._words: dict[str, _Word] = {}
        self.seen: Counter[int] = Counter()  # part → stretches holding it, until reindexed
        self.scanned = 0
        self._reindex(lambda pid: sum(_stem_counts()[s] + 1 for s in _catch(self.parts[pid])))
        position = {t: n for n, t in enumerate(unique)}
        # Longer terms holding a term, found through their substrings rather than pair by pair.
        self.containers: dict[int, set[int]] = {}
        for n, t in enumerate(unique):
            for i in range(len(t)):
                for j in range(i + 1, len(t) + 1):
                    inner = position.get(t[i:j])
                    if inner is not None and inner != n:
                        self.containers.setdefault(inner, set()).add(n)
        # Folded words → the entries written so; first folded word → their lengths, longest first.
        self.phrases: dict[tuple[str, ...], list[_Entry]] = defaultdict(list)
        self.lengths: dict[str, list[int]] = {}
        for t, renderings in known.items():
            for r in renderings if t in position else ():
                self._add_phrase(r, position[t], "known", KNOWN_SCORE, VARIANT_SCORE)
        for n, t in enumerate(unique):
            for sense in _senses(t):
                self._add_phrase(sense, n, "lexicon", LEXICON_SCORE, LEXICON_SCORE)
        for folded, entries in self.phrases.items():
            entries.sort(key=lambda e: e.how != "known")  # a known rendering before a sense
            self.lengths[folded[0]] = sorted({len(folded), *self.lengths.get(folded[0], ())}, reverse=True)

    def _reindex(self, cost: Callable[[int], int]) -> None:
        """Index each term of several parts under its part that stretches hold least often by
        `cost`, each term of one part under that part, to be looked at when all its pieces have
        words (a filter only: what is found does not depend on it)."""
        self.by_part: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # (term, its parts, how many)
        self.by_pieces_of: dict[int, list[int]] = defaultdict(list)
        for n, t in enumerate(self.terms):
            if len(t.parts) > 1:
                self.by_part[min(_bits(t.mask), key=cost)].append((n, t.mask, len(t.parts)))
            elif t.parts[0].pieces:
                self.by_pieces_of[t.mask.bit_length() - 1].append(n)
        self.anchors = sum(1 << pid for pid in self.by_part)
        self.divisible = sum(1 << pid for pid in self.by_pieces_of)

    def _add_phrase(self, phrase: str, n: int, how: str, exact: float, variant: float) -> None:
        matches = list(EN_TOKEN.finditer(phrase))
        # The sentence's phrase starts at a content word: "the Belt and Road", "to develop".
        while matches and self.word(matches[0].group()).function:
            del matches[0]
        while matches and self.word(matches[-1].group()).function:
            del matches[-1]
        words = [self.word(m.group()) for m in matches]
        if not words or (how == "lexicon" and len(words) == 1 and words[0].common):
            return
        punctuated = any(not _SPACE_ONLY.fullmatch(phrase, x.end(), y.start()) for x, y in zip(matches, matches[1:]))
        folded = tuple(f for w in words for f in w.folded)
        surface = phrase[matches[0].start() : matches[-1].end()]
        self.phrases[folded].append(_Entry(folded, n, how, exact, variant, punctuated, surface))

    def word(self, token: str) -> _Word:
        """What the matcher needs of a token; tokens recur, so each is worked out once."""
        word = self._words.get(token)
        if word is None:
            lower = token.lower().replace("’", "'")
            subwords = [w for w in _SUBWORD.split(lower) if w and w not in EN_STOP]
            stems = tuple(stem(w) for w in subwords)
            halves = tuple(self._halves(w) for w in subwords)
            every = frozenset(stems).union(*(h for hs in halves for h in hs))
            hits = [0]
            for s in every & self.hits.keys():
                bits = self.hits[s]
                hits.extend([0] * (len(bits) - len(hits)))
                for k, b in enumerate(bits):
                    hits[k] |= b
            word = _Word(lower in EN_STOP, lower in _INNER_ONLY, lower in _ARTICLES, stems, halves,
                         tuple(fold(token).split()),
                         any(_stem_counts()[s] >= _COMMON for s in stems), every, tuple(hits), reduce(or_, hits),
                         len(stems) + any(halves),
                         tuple(sorted({n for s in every & self.by_stem.keys() for n in self.by_stem[s]})))
            self._words[token] = word
        return word

    def _halves(self, subword: str) -> tuple[tuple[str, str], ...]:
        """Splits of a closed compound into two words the terms may render (cyber|security)."""
        # Stemming keeps a word's first three letters: splits whose halves begin as no stem of
        # the terms does are not worth stemming (most long words have none).
        openings = self.openings
        if subword[:3] not in openings:
            return ()
        return tuple(
            (stem(subword[:k]), stem(subword[k:]))
            for k in range(_MIN_HALF, len(subword) - _MIN_HALF + 1)
            if subword[k : k + 3] in openings
            and stem(subword[:k]) in self.vocabulary and stem(subword[k:]) in self.vocabulary
        )

    def scan(self, sentence: str) -> list[tuple[str, str, float, str]]:
        """(term, rendering, score, how) in one sentence, once longer terms have claimed their spans."""
        spans = [m.span() for m in EN_TOKEN.finditer(sentence)]
        known, word = self._words, self.word
        words = [known.get(sentence[a:b]) or word(sentence[a:b]) for a, b in spans]
        joined = [x[1] == y[0] or sentence[x[1] : y[0]].isspace() for x, y in zip(spans, spans[1:])]
        found = self._phrases(sentence, spans, words, joined)
        for start, end in _stretches(words, joined):
            if end - start > 1 or words[start].direct or words[start].units > 1:  # else one word, alone in nothing
                self._lexicon(words, joined, start, end, found)
        if self.scanned < _REINDEX_AFTER:
            self.scanned += 1
            if self.scanned == _REINDEX_AFTER:
                self._reindex(self.seen.__getitem__)
        # A longer term holding this one (网络强国 ⊃ 网络) takes the words if its phrase holds
        # them and more, or the same with a better score; on a tie both are given (a collision).
        return [
            (self.terms[f.term].term, sentence[spans[f.a][0] : spans[f.b - 1][1]], f.score, f.how)
            for f in sorted(found, key=lambda f: (f.a, f.b, f.term))
            if f.term not in self.containers
            or not any(g.term in self.containers[f.term] and g.a <= f.a and f.b <= g.b
                       and (g.b - g.a > f.b - f.a or g.score > f.score) for g in found)
        ]

    def _lexicon(self, words: list[_Word], joined: list[bool], start: int, end: int, found: list[_Found]) -> None:
        """Add to `found` the lexicon's phrases in words[start:end], a stretch that no
        punctuation, clause word or word unknown to all terms breaks."""
        stretch = words[start:end]
        candidates = {n for w in stretch for n in w.direct}
        units = sum(w.units for w in stretch)
        if units > 1:
            hits = [0] * (1 + max(self.by_pieces, default=0))
            for w in stretch:
                if w.parts:
                    for k, bits in enumerate(w.hits):
                        hits[k] |= bits
            complete = 0  # parts all of whose pieces have words here
            for count, parts in self.by_pieces.items():
                for k in range(1, count + 1):
                    parts &= hits[k]
                complete |= parts
            held = hits[0] | complete
            if self.scanned < _REINDEX_AFTER:
                self.seen.update(_bits(held))
            # A term of several parts needs words for every part; a term of one part, which
            # one word renders whole only alone, words for all its pieces.
            for pid in _bits(held & self.anchors):
                candidates.update(n for n, mask, need in self.by_part[pid] if held & mask == mask and units >= need)
            for pid in _bits(complete & self.divisible):
                candidates.update(self.by_pieces_of[pid])
        for n in sorted(candidates):
            term = self.terms[n]
            tokens = [k for k in range(start, end)
                      if words[k].parts & term.mask or not words[k].every.isdisjoint(term.extra)]
            if (sum(words[k].units for k in tokens) < term.need
                    and all(words[k].every.isdisjoint(term.alone) for k in tokens)):
                continue  # too few words for it
            taken = [(f.a, f.b) for f in found if f.term == n]
            found.extend(_Found(n, a, b, q, "lexicon")
                         for a, b, q in _lexicon_phrases(term, words, joined, tokens, taken))

    def _phrases(
        self, sentence: str, spans: list[tuple[int, int]], words: list[_Word], joined: list[bool]
    ) -> list[_Found]:
        """Known renderings and dictionary senses, word for word: per term the longest, no overlaps."""
        folded = [f for word in words for f in word.folded]
        token = [k for k, word in enumerate(words) for _ in word.folded]
        found: list[_Found] = []
        for i, first in enumerate(folded):
            lengths = self.lengths.get(first)
            k = token[i]
            if not lengths or (i and token[i - 1] == k):
                continue  # a phrase starts where a token starts …
            for length in lengths:
                end = i + length
                if end > len(folded) or (end < len(folded) and token[end] == token[end - 1]):
                    continue  # … and ends where one ends
                last = token[end - 1]
                for e in self.phrases.get(tuple(folded[i:end]), ()):
                    if not e.punctuated and not all(joined[k:last]):
                        continue
                    if any(f.term == e.term and f.a <= last and k < f.b for f in found):
                        continue
                    exact = sentence[spans[k][0] : spans[last][1]] == e.surface
                    found.append(_Found(e.term, k, last + 1, e.exact if exact else e.variant, e.how))
        return found


def _bits(mask: int) -> Iterator[int]:
    """The positions of the set bits."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _stretches(words: list[_Word], joined: list[bool]) -> Iterator[tuple[int, int]]:
    """Maximal runs of tokens that some term may explain, joined by spaces and by the function
    words a name may hold: the only places a phrase from the lexicon can be."""
    start = None
    last = -1  # the last token of the run that is not a function word
    for k, w in enumerate(words):
        if start is not None and (not joined[k - 1] or not (w.inner or w.parts or w.direct)):
            yield start, last + 1
            start = None
        if start is None and (w.parts or w.direct) and not w.function:
            start = k
        if start is not None and not w.function:
            last = k
    if start is not None:
        yield start, last + 1


def _lexicon_phrases(
    term: _Term, words: list[_Word], joined: list[bool], explained: list[int], taken: list[tuple[int, int]]
) -> list[tuple[int, int, float]]:
    """(first token, end token, score) of the phrases rendering `term` among the tokens whose
    stems it may explain, joined by the function words a name may hold."""
    slots = term.slots
    usable = set()
    for k in explained:
        w = words[k]
        if len(w.stems) == 1 and not w.halves[0]:
            if w.stems[0] in slots:
                usable.add(k)
        elif all(s in slots or any(x in slots and y in slots for x, y in h) for s, h in zip(w.stems, w.halves)):
            usable.add(k)
    for a, b in taken:
        usable.difference_update(range(a, b))
    found: list[tuple[int, int, float]] = []
    end = -1
    for start in sorted(usable):
        if start <= end:
            continue  # in the stretch just done
        # Stretch on over inner function words to the next usable token, if the gaps are spaces.
        end = nxt = start
        while nxt + 1 < len(words) and joined[nxt] and (nxt + 1 in usable or words[nxt + 1].inner):
            nxt += 1
            if nxt in usable:
                end = nxt
        stretch = words[start : end + 1]
        # Too few words for the term (a compound counts twice) are no rendering, unless one
        # of them renders the term alone.
        if sum(w.units for w in stretch) >= term.need or any(not w.every.isdisjoint(term.alone) for w in stretch):
            found.extend(_tile(term, words, start, end + 1))
    return [(a, b, round(LEXICON_SCORE * q, 3)) for a, b, q in found]


def _tile(term: _Term, words: list[_Word], start: int, end: int) -> list[tuple[int, int, float]]:
    """The phrases in words[start:end] that cover the most content words in the fewest
    phrases, by dynamic programming: "a network power to a network power" holds two
    renderings, not "power to a network"."""
    content = [0] * (end + 1)  # content words before each token
    units = [0] * (end + 1)  # slots they may fill at most
    for k in range(start, end):
        content[k + 1] = content[k] + (not words[k].function)
        units[k + 1] = units[k] + words[k].units
    alone = [k for k in range(start, end) if not words[k].every.isdisjoint(term.alone)]
    # An article right after a content word starts a new phrase ("build | a global …"); inside a
    # name it follows a preposition ("community with a shared future").
    breaks = [k for k in range(start + 1, end) if words[k].article and not words[k - 1].function]
    # best[k]: (content words covered, -phrases) over words[k:end], and the phrase taken at k.
    best: list[tuple[tuple[int, int], tuple[int, float] | None]] = [((0, 0), None)] * (end + 1)
    for a in range(end - 1, start - 1, -1):
        best[a] = (best[a + 1][0], None)
        if words[a].function:
            continue
        for b in range(a + 1, min(a + _MAX_TOKENS, end) + 1):
            if words[b - 1].function:
                continue
            covered, phrases = best[b][0]
            value = (covered + content[b] - content[a], phrases - 1)
            if value <= best[a][0]:
                continue
            if units[b] - units[a] < term.need and not any(a <= k < b for k in alone):
                continue  # too few words for the term
            if any(a < k < b for k in breaks):
                continue
            quality = _quality(term, [w for w in words[a:b] if not w.function])
            if quality is not None:
                best[a] = (value, (b, quality))
    tiles = []
    k = start
    while k < end:
        step = best[k][1]
        if step is None:
            k += 1
        else:
            tiles.append((k, step[0], step[1]))
            k = step[0]
    return tiles


def _quality(term: _Term, words: list[_Word]) -> float | None:
    """How well the content words render the term (0..1), or None when they do not."""
    units = [
        [((slot, worth),) for slot, worth in term.slots.get(s, ())]
        + [((x, wx), (y, wy)) for h1, h2 in halves
           for x, wx in term.slots.get(h1, ()) for y, wy in term.slots.get(h2, ()) if x != y]
        for w in words for s, halves in zip(w.stems, w.halves)
    ]
    if len(units) == 1:
        # One word renders a term alone only as its learned rendering or pinyin (its one-word
        # senses are looked up as phrases), or as a compound rendering two slots.
        if words[0].stems[0] in term.alone and not words[0].common:
            return _WHOLE * _SINGLE_WORD
        units = [[o for o in units[0] if len(o) == 2]]
    quality = _assign(term.parts, units)
    return None if quality is None else quality * (_SINGLE_WORD if len(words) == 1 else 1.0)


def _assign(parts: tuple[_Part, ...], units: list[list[Option]]) -> float | None:
    """The best filling of the parts' slots by all the units, as the mean worth of the parts.

    A part is rendered whole or piece by piece, never both; a slot takes one word."""
    if not units or len(units) > sum(max(1, len(p.pieces)) for p in parts):
        return None
    if len({slot[0] for options in units for option in options for slot, _ in option}) < len(parts):
        return None  # some part has no word at all
    filled: dict[Slot, float] = {}
    best: list[float] = []

    def worth() -> float | None:
        total = 0.0
        for i, p in enumerate(parts):
            if (i, -1) in filled:
                total += filled[(i, -1)]
            elif p.pieces and all((i, k) in filled for k in range(len(p.pieces))):
                total += _PIECE
            else:
                return None
        return total / len(parts)

    def fits(slot: Slot) -> bool:
        i, k = slot
        if slot in filled:
            return False
        if k == -1:
            return not any((i, j) in filled for j in range(len(parts[i].pieces)))
        return (i, -1) not in filled

    def visit(u: int) -> None:
        if best and best[0] >= _WHOLE:
            return
        if u == len(units):
            q = worth()
            if q is not None and (not best or q > best[0]):
                best[:] = [q]
            return
        for option in units[u]:
            placed = []
            for slot, w in option:
                if not fits(slot):
                    break
                filled[slot] = w
                placed.append(slot)
            else:
                visit(u + 1)
            for slot in placed:
                del filled[slot]

    visit(0)
    return best[0] if best else None


def _describe(term: str, learned: Mapping[str, frozenset[str]], parts: list[_Part], part_ids: dict[str, int]) -> _Term:
    """The term, its parts (added to `parts` when new) and every stem that may render each.

    As in `renderings.gloss_term`, a part takes its own glosses, the learned lexicon's, its
    pinyin and the glosses of the whole term; unlike there, the glosses of the words inside a
    part are pieces, each wanting a word of its own."""
    ids = []
    for text in term_parts(term):
        if text not in part_ids:
            whole = _dictionary_stems(text, proper=True) | learned.get(text, frozenset()) | _pinyin(text)
            pieces = tuple(_dictionary_stems(p, proper=False) | learned.get(p, frozenset()) for p in _pieces(text))
            part_ids[text] = len(parts)
            parts.append(_Part(whole, _near_stems(text) - whole, pieces if all(pieces) else ()))
        ids.append(part_ids[text])
    own = tuple(parts[i] for i in ids)
    extra = (_dictionary_stems(term, proper=True) | learned.get(term, frozenset())) if len(own) > 1 else frozenset()
    slots: dict[str, list[tuple[Slot, float]]] = defaultdict(list)
    for i, p in enumerate(own):
        for s in p.whole | extra:
            slots[s].append(((i, -1), _WHOLE))
        for s in p.near - p.whole - extra:
            slots[s].append(((i, -1), _NEAR))
        for k, stems in enumerate(p.pieces):
            for s in stems:
                slots[s].append(((i, k), _PIECE))
    ordered = {s: tuple(sorted(found, key=lambda f: -f[1])) for s, found in slots.items()}
    # A learned stem renders a one-part term alone only when it is the term's one learned stem:
    # 网信 learned both "cybersecurity" and "informatization", and either alone is half of it.
    taught = learned.get(term, frozenset())
    alone = (taught if len(taught) == 1 else frozenset()) | _pinyin(term) if len(own) == 1 else frozenset()
    need = len(own) if len(own) > 1 else max(1, len(own[0].pieces))
    return _Term(term, own, sum(1 << i for i in set(ids)), extra, alone, ordered, need)


def _pinyin(part: str) -> frozenset[str]:
    """The part's pinyin as one word (wangluo). A lone syllable is left out: with no Chinese
    beside it, "Wang" is more likely a name than 网."""
    joined = "".join(pinyin_syllables(part))
    return frozenset({stem(joined)}) if len(part) > 1 and joined.isalpha() else frozenset()


def _pieces(part: str) -> list[str]:
    """What renders a part piece by piece: the characters of a two-character part (a classifier
    after a numeral needs no word: 一张网 → "one network"), the shorter headwords of a longer one."""
    if len(part) < 2:
        return []
    if len(part) == 2:
        return [part[0]] if part[0] in _NUMERALS and _is_classifier(part[1]) else list(part)
    glosses = cedict.load().glosses
    pieces, i = [], 0
    while i < len(part):
        longest = len(part) - 1 if i == 0 else len(part)  # a piece is shorter than the part
        j = next((j for j in range(longest, i + 1, -1) if part[i:j] in glosses), i + 1)
        pieces.append(part[i:j])
        i = j
    return pieces


def _is_classifier(char: str) -> bool:
    return any(sense.startswith("classifier") for sense in cedict.load().glosses.get(char, ()))


def _catch(part: _Part) -> frozenset[str]:
    """Stems of which any rendering of the part holds one: whole, or its first piece (all are needed)."""
    return part.whole | part.near | (part.pieces[0] if part.pieces else frozenset())


@lru_cache(maxsize=200_000)
def _senses(word: str) -> tuple[str, ...]:
    """The plain senses of a headword, notes and cross-references removed.

    Surnames, cross-references, classifier uses and restricted senses (ironic, dialect, old,
    Taiwan usage …) are left out: with no Chinese sentence to confirm a sense, they would
    only bring false matches (强国 "(ironically) mainland China")."""
    senses = []
    for sense in cedict.load().glosses.get(word, ()):
        if not _UNUSUAL_SENSE.search(sense):
            senses.extend(s.strip(" ,") for s in _SENSE_NOTES.sub(" ", sense).split(";") if s.strip(" ,"))
    return tuple(senses)


def _content_words(sense: str) -> list[str]:
    return [w for w in _GLOSS_WORD.findall(sense) if w.lower() not in EN_STOP]


@lru_cache(maxsize=200_000)
def _dictionary_stems(word: str, proper: bool) -> frozenset[str]:
    """Stems of the content words of the plain senses; names (capitalised) only when `proper`:
    a character's proper nouns (清 Qing dynasty of China) are seldom what it means in a term."""
    return frozenset(stem(w) for s in _senses(word) for w in _content_words(s) if proper or not w[0].isupper())


@lru_cache(maxsize=1)
def _stem_counts() -> Counter[str]:
    """The same by stem. Only words frequent enough to matter are stemmed: stemming them all
    would cost seconds, and rare words cannot make a stem common."""
    counts: Counter[str] = Counter()
    for w, n in gloss_word_counts().items():
        if n >= _COMMON // 10:
            counts[stem(w)] += n
    return counts


@lru_cache(maxsize=1)
def _by_one_word_sense() -> dict[str, tuple[str, ...]]:
    """Two-character headwords by each of their one-word senses that is no verb (meeting → 会议 …)."""
    index: dict[str, list[str]] = defaultdict(list)
    for word in cedict.load().glosses:
        if len(word) == 2:
            for sense in _nominal(word):
                content = _content_words(sense)
                if len(content) == 1:
                    index[content[0].lower()].append(word)
    return {w: tuple(ws) for w, ws in index.items()}


@lru_cache(maxsize=None)
def _near_stems(part: str) -> frozenset[str]:
    """One-word senses of the two-character headwords that hold the last character of `part`
    (the head of a Chinese compound) and have a one-word sense naming what one of its senses
    is (its last word): 大会 "general meeting" → 会议 "meeting; conference" → "conference".
    Only senses that name things or qualities: verbs ("to develop") have too many
    near-synonyms in CC-CEDICT (发展 → 开展 "to launch"). Common words are left out."""
    if len(part) != 2:
        return frozenset()
    counts, index = gloss_word_counts(), _by_one_word_sense()
    heads = {content[-1].lower() for content in map(_content_words, _nominal(part)) if content}
    near = {
        content[0].lower()
        for head in heads if counts[head] < _COMMON
        for word in index.get(head, ()) if word != part and part[-1] in word
        for content in map(_content_words, _nominal(word)) if len(content) == 1 and not content[0][0].isupper()
    }
    return frozenset(stem(w) for w in near if counts[w] < _COMMON)


def _nominal(word: str) -> list[str]:
    """The plain senses of a headword that are not verbs ("to …")."""
    return [s for s in _senses(word) if not s.startswith("to ")]
