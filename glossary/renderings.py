"""Renderings from aligned pairs: for each occurrence of a term, the English phrase that renders it.

A phrase is scored by how much of the term its words translate (CC-CEDICT glosses of the term
and of its parts, a lexicon learned from the aligned pairs themselves, the term's pinyin) and
how much of the phrase the term explains; a quoted term takes the quoted English at the same
place in order; corpus-wide, a phrase is widened by the modifier that always comes with it
("cyber power" → "leading cyber power").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable, Iterable, Mapping, NamedTuple, Sequence

from tm.features import dictionary_words, numeral_words
from tm.lexicon import EN_STOP, EN_TOKEN, HAN, cut, gloss_stems, pinyin_syllables, stem
from tm.parallel import ordered_map

_ZH_QUOTED = re.compile(r"“([^”]{1,30})”|「([^」]{1,30})」")
_EN_QUOTED = re.compile(r"[\"“]([^\"”]{1,120}?)[,.]?[\"”]")
_MAX_WORDS = 12
_PREPOSITIONS = frozenset("in into on for with to by at from of".split())
_MIN_SCORE = 0.3
_WIDEN_SHARE = 0.8  # a modifier present in this share of a phrase's occurrences joins it
_LEARN_MIN_PAIRS = 2
_LEARN_MIN_DICE = 0.5
_LEARN_MAX_CHARS = 6


@dataclass(frozen=True)
class TermGloss:
    """What the parts of a Chinese term may become in English, as word stems."""

    term: str
    part_stems: tuple[frozenset[str], ...]
    # Stems known only through a word inside a part (空间 → space for 网络空间): weaker evidence
    # than the part's own senses, so "cyberspace" beats "Internet" for 网络空间.
    indirect: frozenset[str] = frozenset()

    @cached_property
    def parts_of_stem(self) -> dict[str, int]:
        """Stem → bitmask of the parts it may render."""
        found: dict[str, int] = defaultdict(int)
        for k, ps in enumerate(self.part_stems):
            for s in ps:
                found[s] |= 1 << k
        return dict(found)

    @property
    def all_stems(self) -> frozenset[str]:
        return frozenset().union(*self.part_stems) if self.part_stems else frozenset()


class Occurrence(NamedTuple):
    """An English phrase observed rendering a term, and where."""

    term: str
    source_id: int  # alignments.id for aligned evidence, segments.id for inferred evidence
    rendering: str
    score: float  # 0..1: how well the phrase and the term explain each other
    how: str  # lexicon | quote | known (inferred: a rendering already seen aligned)
    evidence: str = "aligned"  # aligned | inferred


def term_parts(term: str) -> list[str]:
    """The term's words by jieba (which guesses a word its dictionary lacks: 网信), Han only."""
    return [p for p in cut(term, hmm=True) if HAN.search(p)] or [term]


@lru_cache(maxsize=None)
def _numeral_stems(word: str) -> frozenset[str]:
    """The English numbers a part's Chinese numerals may be written as: 十九 → 19, 19th."""
    return frozenset(map(stem, numeral_words(word)))


@lru_cache(maxsize=None)
def _pinyin_stems(word: str) -> frozenset[str]:
    """Every run of the word's syllables, as names are written: 庄荣文 → zhuang, rongwen, zhuangrongwen."""
    syllables = pinyin_syllables(word)
    if not all(s.isalpha() for s in syllables):
        return frozenset()
    return frozenset(stem("".join(syllables[i:j]))
                     for i in range(len(syllables)) for j in range(i + 1, len(syllables) + 1)
                     if j - i > 1 or syllables[i] not in EN_STOP)


# Characters that link a term's words rather than carry meaning of their own (党的二十大, 疫情防控和…).
ZH_LINKING_CHARS = frozenset("的之和与及")


def occurrences(term: str, zh: str) -> list[int]:
    """Where `term` starts in `zh`, each occurrence once (overlaps allowed)."""
    found, at = [], zh.find(term)
    while at >= 0:
        found.append(at)
        at = zh.find(term, at + 1)
    return found


def _sub_words(part: str) -> list[str]:
    """Dictionary words of two or more characters inside a part: 新时代 → 时代, 个人信息 → 个人, 信息."""
    from tm import cedict

    known = cedict.load().glosses
    words = [part[i:j] for i in range(len(part)) for j in range(i + 2, len(part) + 1)
             if (i, j) != (0, len(part)) and part[i:j] in known]
    # A character no such word covers stands for itself: 党 of 党中央 "Party Central Committee".
    covered = {i for w in words for at in occurrences(w, part) for i in range(at, at + len(w))}
    return words + [c for i, c in enumerate(part) if words and i not in covered and c not in ZH_LINKING_CHARS]


def gloss_term(term: str, learned: Mapping[str, frozenset[str]]) -> TermGloss:
    """Stems each part of `term` may be rendered by: the dictionary (the part and the words
    inside it), the learned lexicon, pinyin; a part of three characters or more that the
    dictionary does not know at all is replaced by the dictionary words it is made of (个人信息 →
    个人 + 信息), down to characters (河长制 → 河 + 长 + 制 "river chief system")."""
    parts: list[str] = []
    for p in term_parts(term):
        if not gloss_stems(p) and p not in learned and len(p) > 2:
            parts.extend(w for w in dictionary_words(p))
        else:
            parts.append(p)
    whole = gloss_stems(term) | learned.get(term, frozenset())
    direct = [gloss_stems(p) | learned.get(p, frozenset()) | _pinyin_stems(p) | _numeral_stems(p) | whole
              for p in parts]
    inner = [frozenset().union(*map(gloss_stems, _sub_words(p))) if len(p) > 2 else frozenset() for p in parts]
    indirect = frozenset().union(*inner) - frozenset().union(*direct)
    return TermGloss(term, tuple(d | i for d, i in zip(direct, inner)), indirect)


def learn_lexicon(pairs: Iterable[tuple[str, str]], words: set[str], size: int = 0) -> dict[str, frozenset[str]]:
    """English stems that the dictionary leaves unexplained in aligned pairs, each credited to
    the Chinese word (of `words`) it keeps closest company with: 网络 → cyber. `size`, the
    number of pairs if known, lets the pairs be read on every core.

    Two passes of competitive linking: Dice over co-occurrence first, then each unexplained
    stem of a pair counts only for the present word with the highest Dice, so that "Five-Year"
    goes to 十四五 and not to 网信, which merely shares sentences with it.
    """
    observed = []
    zh_count: Counter[str] = Counter()
    en_count: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    words = {w for w in words if len(w) > 1}  # a lone character shares sentences with everything
    # Whole terms longer than this learn nothing of their own; their parts do.
    longest = min(_LEARN_MAX_CHARS, max(map(len, words), default=0))

    def present_and_unexplained(pair: tuple[str, str]) -> tuple[list[str], list[str]]:
        zh, en = pair
        # The words present, found through the sentence's own substrings: far fewer than `words`;
        # in the order they occur, so that of two words equally strong the earlier is linked
        # (a set's order would change with the interpreter's hash seed).
        present = sorted({zh[i:j] for i in range(len(zh)) for j in range(i + 2, min(len(zh), i + longest) + 1)}
                         & words, key=lambda w: (zh.find(w), w))
        explained = frozenset().union(*map(gloss_stems, dictionary_words(zh)))
        return present, sorted({s for s in _tokenize(en)[2] if s is not None} - explained)

    for _, (present, residual) in ordered_map(present_and_unexplained, pairs, size):
        zh_count.update(present)
        en_count.update(residual)
        both.update((w, s) for w in present for s in residual)
        if present and residual:
            observed.append((present, residual))

    def dice(w: str, s: str, n: int) -> float:
        return 2 * n / (zh_count[w] + en_count[s])

    strength = {(w, s): (dice(w, s, n), len(w)) for (w, s), n in both.items()}
    linked: Counter[tuple[str, str]] = Counter()
    for present, residual in observed:
        for s in residual:
            best = max(present, key=lambda w: strength[(w, s)])
            linked[(best, s)] += 1
    learned: dict[str, set[str]] = defaultdict(set)
    for (w, s), n in linked.items():
        if n >= _LEARN_MIN_PAIRS and dice(w, s, both[(w, s)]) >= _LEARN_MIN_DICE:
            learned[w].add(s)
    return {w: frozenset(s) for w, s in learned.items()}


@lru_cache(maxsize=16_384)
def _tokenize(en: str) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...], tuple[str | None, ...]]:
    """Word spans, lower-case words and stems (None for function words) of a sentence; a sentence
    holding several terms is tokenized once."""
    tokens = list(EN_TOKEN.finditer(en))
    lowered = tuple(t.group().lower() for t in tokens)
    return tuple(t.span() for t in tokens), lowered, tuple(None if w in EN_STOP else stem(w) for w in lowered)


def best_phrase(gloss: TermGloss, en: str) -> tuple[str, float] | None:
    """The span of `en` that best renders the term, with its score, or None below the floor."""
    spans, lowered, stems = _tokenize(en)
    known = gloss.parts_of_stem
    n_parts = len(gloss.part_stems)
    best_key: tuple[float, int, float, int] | None = None
    span = (0, 0)
    for a in range(len(stems)):
        if stems[a] not in known:
            continue  # a phrase starts with a word the term explains
        content = 0
        explained = 0.0
        covered = matching_words = 0
        for j in range(a, min(a + _MAX_WORDS, len(stems))):
            s = stems[j]
            if s is None:
                continue
            content += 1
            if s not in known:
                continue  # and ends with one
            explained += 0.6 if s in gloss.indirect else 1.0
            covered |= known[s]
            matching_words += 1
            # One English word cannot render two parts: no more parts than matching words.
            parts_hit = min(covered.bit_count(), matching_words)
            score = (parts_hit / n_parts) * (explained / content)
            # On a tie: more of the term's words rendered, then the shorter, then the earlier phrase.
            key = (score, parts_hit, explained, a - j - 1)
            if best_key is None or key > best_key:
                best_key, span = key, (a, j + 1)
    if best_key is None or best_key[0] < _MIN_SCORE:
        return None
    a, b = span
    score = best_key[0]
    content = [s for s in stems[a:b] if s is not None]
    covered = [any(s in ps for s in content) for ps in gloss.part_stems]  # first and last part only
    # Chinese modifiers precede their head as English ones do: a first (last) part that no word
    # of the phrase translates is taken to be the unexplained word just before (after) it.
    if len(covered) > 1 and not covered[0] and a > 0 and stems[a - 1] and stems[a - 1] not in known:
        a -= 1
        score *= 0.8
    if len(covered) > 1 and not covered[-1] and b < len(stems) and stems[b] and stems[b] not in known:
        b += 1
        score *= 0.8
    if len(gloss.part_stems) > 1:  # one part: every word renders it ("farmland to forest")
        a, b = _trim_redundant_side(gloss, stems, lowered, a, b)
    return en[spans[a][0] : spans[b - 1][1]], round(score, 3)


def _parts_of(gloss: TermGloss, stems: Sequence[str | None]) -> set[int]:
    return {k for k, ps in enumerate(gloss.part_stems) for s in stems if s is not None and s in ps}


def _trim_redundant_side(gloss: TermGloss, stems: Sequence[str | None], lowered: Sequence[str], a: int, b: int) -> tuple[int, int]:
    """"job in cybersecurity and informatization work": a side of a preposition that renders
    only parts the other side renders too is not part of the rendering."""
    for k in range(a + 1, b - 1):
        if lowered[k] in _PREPOSITIONS:
            left, right = _parts_of(gloss, stems[a:k]), _parts_of(gloss, stems[k + 1 : b])
            if left <= right:
                return _trim_redundant_side(gloss, stems, lowered, _next_known(gloss, stems, k + 1, 1), b)
            if right <= left:
                return _trim_redundant_side(gloss, stems, lowered, a, _next_known(gloss, stems, k - 1, -1) + 1)
    return a, b


def _next_known(gloss: TermGloss, stems: Sequence[str | None], k: int, step: int) -> int:
    """The first position from k on (in direction step) whose word the term explains."""
    while stems[k] not in gloss.all_stems:
        k += step
    return k


def quoted_phrase(term: str, zh: str, en: str, linked: Callable[[int, int], int] | None = None) -> str | None:
    """The English quotation at the same place, in order, as the term's Chinese quotation; none
    when either side has a quotation mark unpaired (a quotation running on from the line before
    pairs every later mark wrongly). `linked(start, end)`, where the pair is word-aligned: how many
    of the term's links fall on English characters start..end; a quotation they point to more
    than the one in order wins (a translation may reorder the quotations)."""
    if not (_balanced(zh) and _balanced(en)):
        return None
    zh_quotes = [m.group(1) or m.group(2) for m in _ZH_QUOTED.finditer(zh)]
    en_quotes = list(_EN_QUOTED.finditer(en))
    if term not in zh_quotes or len(zh_quotes) != len(en_quotes):
        return None
    k = zh_quotes.index(term)
    if linked and len(en_quotes) > 1:
        links = [linked(m.start(1), m.end(1)) for m in en_quotes]
        k = max(range(len(links)), key=lambda i: (links[i], i == k))
    return en_quotes[k].group(1).strip()


def _balanced(text: str) -> bool:
    # Straight and curly marks are counted together: a quotation may open with one and close
    # with the other (“Belt and Road").
    return (text.count('"') + text.count("“") + text.count("”")) % 2 == 0 and text.count("「") == text.count("」")


def widen(found: list[Occurrence], english: dict[int, str]) -> list[Occurrence]:
    """Give a phrase the modifier that precedes it in most of its occurrences."""
    by_phrase: dict[str, list[Occurrence]] = defaultdict(list)
    for occ in found:
        by_phrase[occ.rendering.lower()].append(occ)
    widened: dict[str, str] = {}
    for phrase, occs in by_phrase.items():
        before = Counter()
        for occ in occs:
            m = re.search(r"(?<![\w'’-])([A-Za-z][A-Za-z-]*)\s+" + re.escape(occ.rendering), english[occ.source_id])
            if m and m.group(1).lower() not in EN_STOP:
                before[m.group(1)] += 1
        if before:
            word, n = before.most_common(1)[0]
            if n >= 2 and n / len(occs) >= _WIDEN_SHARE:
                widened[phrase] = word
    return [
        Occurrence(o.term, o.source_id, f"{widened[o.rendering.lower()]} {o.rendering}", o.score, o.how, o.evidence)
        if o.rendering.lower() in widened and f"{widened[o.rendering.lower()]} {o.rendering}" in english[o.source_id]
        else o
        for o in found
    ]
