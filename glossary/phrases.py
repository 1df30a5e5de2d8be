"""The English phrase rendering one occurrence of a term in a word-aligned pair.

A candidate phrase is a stretch of English words that starts and ends with a word the term
explains: linked to one of the term's Chinese words by the word alignment, or a dictionary or
learned rendering of one of its parts. It is scored by

- coverage, from two views, the stronger leading and agreement adding: the dictionary's (the
  share of the term's parts its words translate, the term's own CC-CEDICT sense complete) and the
  aligner's (the share of the term's content words linked into it, of the term's links held);
- purity: the words of the phrase the term explains against those it does not: a word linked
  only outside the term, one the dictionary gives to an outside word, one of the corpus's own
  reading of the unit right before or after the term, or a date count fully against, an
  unexplained content word half;
- shape: sentence punctuation never lies inside; a comma costs, unless the term itself is a list;
  so does a word held twice.

Following Och & Ney's consistency, a phrase holding a word linked only outside the term loses
purity rather than being ruled out: alignments of small corpora are noisy, and the dictionary
then decides. The best phrase must score `MIN_SCORE`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Callable, Mapping, NamedTuple, Sequence

from glossary.bilingual import reading
from glossary.renderings import (ZH_LINKING_CHARS, Occurrence, TermGloss, best_phrase, gloss_term, occurrences,
                                 quoted_phrase, term_parts, widen)
from tm.lexicon import EN_STOP, gloss_stems, sense_stems, stem
from tm.wordalign import WordAlignedPair, tokenized

MIN_SCORE = 0.3
MAX_WORDS = 12
# A quotation mark breaks a phrase; the apostrophe of a possessive (People’s Daily) does not.
_BREAK = re.compile(r"[.;:!?()\[\]\"“”‘/|]|['’](?!s(?:\s|$))|\s['’]")
_COMMA = re.compile(r"[,，]")
_COMMA_COST = 0.5
_SAME_WORD_PREFIX = 5  # letters two stems share when they are forms of one word to the dictionary
# A phrase that holds a word twice names two things ("Ministry of Education and Ministry of …").
_REPEAT_COST = 0.8
_UNEXPLAINED, _ELSEWHERE = 0.5, 1.0
_MAX_UNIT = 16  # characters of a neighbouring unit looked up
_NUMERALS = "〇一二三四五六七八九十百千万亿两"
_NUMBER = re.compile(r"\d|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|january|february"
                     r"|march|april|may|june|july|august|september|october|november|december)$")

# English words that never end a name or noun phrase (a clause or a list goes on after them).
_DANGLING = frozenset("of and or to in on for with by at from as the a an".split())


class Phrase(NamedTuple):
    text: str
    score: float
    start: int  # first English word
    end: int  # one past the last


def term_words(pair: WordAlignedPair, start: int, end: int) -> range:
    """The pair's Chinese words overlapping characters start..end of its Chinese text."""
    starts = pair.zh_starts
    first = bisect_right(starts, start) - 1  # the last word starting at or before `start` …
    if first < 0 or starts[first] + len(pair.zh_words[first]) <= start:
        first += 1  # … unless it ends before it (a space between words)
    last = bisect_left(starts, end) - 1
    return range(first, last + 1) if first <= last else range(0)


def _on_word_edges(pair: WordAlignedPair, words: range, start: int, end: int) -> bool:
    """Whether characters start..end begin and end with words of the pair: 主义 inside 人道主义,
    卫生部 inside 卫生 | 部长 are a word's part there, and its English renders the word."""
    if not words:
        return False
    last = words.stop - 1
    return pair.zh_starts[words.start] == start and pair.zh_starts[last] + len(pair.zh_words[last]) == end


class PairView:
    """What scoring needs of one pair, worked out once for every term in it: its English words
    lowered and stemmed, what lies between them, and, as bits over the Chinese words, which
    Chinese words each English word is linked to and which the dictionary says it renders."""

    def __init__(self, pair: WordAlignedPair, readings: Mapping[str, frozenset[str]] = {}) -> None:
        """`readings`: the corpus's units with the stems of their own reading
        (`BilingualTally.readings_lexicon`): a unit right before or after a term claims its words."""
        self.pair = pair
        self.readings = readings
        en, spans = pair.en, pair.en_spans
        self.lowered = [en[a:b].lower() for a, b in spans]
        self.stems = [None if w in EN_STOP else stem(w) for w in self.lowered]
        gaps = [""] + [en[spans[j - 1][1] : spans[j][0]] for j in range(1, len(spans))]  # before word j
        self.breaks = [bool(_BREAK.search(g)) for g in gaps]
        self.commas = [len(_COMMA.findall(g)) for g in gaps]
        self.numbers = [bool(_NUMBER.match(w)) for w in self.lowered]
        self.linked = [0] * len(spans)
        for i, j in pair.links:
            self.linked[j] |= 1 << i
        glossers: dict[str, int] = {}
        for i, word in enumerate(pair.zh_words):
            for s in gloss_stems(word):
                glossers[s] = glossers.get(s, 0) | 1 << i
        self.glossed = [glossers.get(s, 0) if s else 0 for s in self.stems]

    def neighbours(self, start: int, end: int) -> frozenset[str]:
        """The stems of the readings of the units that end at character `start` or begin at `end`."""
        if not self.readings or start < 0:
            return frozenset()
        zh, found = self.pair.zh, set()
        for k in range(max(0, start - _MAX_UNIT), start - 1):
            found |= self.readings.get(zh[k:start], frozenset())
        for k in range(end + 2, min(len(zh), end + _MAX_UNIT) + 1):
            found |= self.readings.get(zh[end:k], frozenset())
        return frozenset(found)


def best_rendering(view: PairView, words: range, gloss: TermGloss, list_term: bool = False,
                   at: int = -1) -> Phrase | None:
    """The phrase of the pair's English that best renders the term lying on Chinese words `words`
    (from character `at` of the Chinese, when known)."""
    pair = view.pair
    spans = pair.en_spans
    n = len(spans)
    if not n or not words:
        return None
    inside = ((1 << words.stop) - 1) ^ ((1 << words.start) - 1)
    claimed = view.neighbours(at, at + len(gloss.term))
    content = sum(1 << i for i in words if not (len(pair.zh_words[i]) == 1 and pair.zh_words[i] in ZH_LINKING_CHARS))
    n_content = content.bit_count()
    stems, lowered = view.stems, view.lowered
    known, all_stems = gloss.parts_of_stem, gloss.all_stems
    linked_in = [m & inside for m in view.linked]
    numeric = not any(c.isdigit() or c in _NUMERALS for c in gloss.term)
    # A phrase holds a word linked to the term: it lies within reach of one, and only words there
    # need weighing.
    near = [j for j in range(n) if linked_in[j]]
    window = range(max(0, near[0] - MAX_WORDS + 1), min(n, near[-1] + MAX_WORDS)) if near else range(n)
    support: list[float] = [0.0] * n
    for j in window:
        s = stems[j]
        # Words the dictionary gives to a Chinese word outside the term, and not to the term,
        # are that word's even when the aligner links them in: "Cyprus" in "Ministry of Health
        # of Cyprus", "Message" of a dateline's 电, a date.
        # … and so are the words of the reading of a unit right before or after the term
        # ("Bosnia and Herzegovina" of 波黑 in 波黑奥委会).
        if ((view.glossed[j] & ~inside or s in claimed) and s not in all_stems) or (numeric and view.numbers[j]):
            support[j] = -_ELSEWHERE
        elif linked_in[j] or (s is not None and s in known):
            support[j] = 1.0
        elif view.linked[j]:
            # The links of small words are the aligner's weakest: "and" of 防控 "prevention and
            # control" linked to a nearby 和.
            support[j] = -_ELSEWHERE if s is not None else -_UNEXPLAINED
        elif s is not None:
            support[j] = -_UNEXPLAINED
    edges = [j for j in window if support[j] > 0 and lowered[j] not in _DANGLING]
    n_parts = len(gloss.part_stems)
    senses = _sense_groups(gloss.term)
    sense_words = _sense_words(gloss.term)
    best: tuple[tuple, Phrase] | None = None
    for x, a in enumerate(edges):
        pos = neg = 0.0
        parts = linked = held_links = commas = repeats = 0
        held: set[str] = set()
        complete: float | None = None
        last = a
        for b in edges[x:]:
            if b - a >= MAX_WORDS:
                break
            if b > a and any(view.breaks[j] for j in range(last + 1, b + 1)):
                break
            for j in range(last + 1 if b > a else a, b + 1):
                if j > a:
                    commas += view.commas[j]
                sj = support[j]
                if sj > 0:
                    pos += sj
                else:
                    neg -= sj
                if linked_in[j]:
                    linked |= linked_in[j]
                    held_links += 1
                if stems[j] is not None:
                    parts |= known.get(stems[j], 0)
                    if stems[j] in held:
                        repeats += 1
                    else:
                        held.add(stems[j])
                        if stems[j] in sense_words:
                            complete = None
            last = b
            # The dictionary's view (the term's parts translated, its own senses complete) and the
            # aligner's (the term's words linked, its links held): the stronger leads, agreement adds.
            if complete is None:  # worked out again only when a word of a sense came in
                complete = sum(max(len(sense & held) / len(sense) for sense in group) for group in senses)
            dictionary = (min(parts.bit_count(), pos) / n_parts if n_parts else 0.0) * (
                0.5 + 0.5 * (complete / len(senses) if senses else 1.0))
            if near:
                link_cover = (linked & content).bit_count() / n_content if n_content else 0.0
                aligner = link_cover * held_links / len(near)
                cover = 0.75 * max(dictionary, aligner) + 0.25 * min(dictionary, aligner)
            else:
                cover = dictionary
            score = cover * pos / (pos + neg)
            if commas and not list_term:
                score *= _COMMA_COST ** commas
            score *= _REPEAT_COST ** repeats
            # On a tie: the phrase with more words the term explains (traditional Chinese
            # medicine, where "Chinese medicine" covers the parts as well), the shorter, the earlier.
            key = (round(score, 6), pos, a - b, -a)
            if best is None or key > best[0]:
                best = (key, Phrase(pair.en[spans[a][0] : spans[b][1]], round(score, 3), a, b + 1))
    if best is None or best[1].score < MIN_SCORE:
        return None
    phrase = best[1]
    # One everyday word that nothing but the aligner (and the lexicon learned from the same
    # co-occurrences) ties to the term ("seen" for an omitted 人民日报, "unity") is a guess.
    # So is one capitalised word of a longer name ("Political" of "Political Bureau", "Consensus"
    # of "1992 Consensus"): the name is the rendering, or the word is another term's.
    if phrase.end - phrase.start == 1 and stems[phrase.start] not in _dictionary_gloss(gloss.term).parts_of_stem \
            and (not reading(phrase.text, phrase.start == 0) or _inside_name(view, phrase.start)):
        return None
    return _trimmed(view, phrase, gloss.term, inside)


def _inside_name(view: PairView, j: int) -> bool:
    """Whether capitalised English word `j` (not an acronym) runs on, with nothing between, into a
    capitalised word, or from a capitalised word or a number."""
    en, spans = view.pair.en, view.pair.en_spans
    word = en[spans[j][0] : spans[j][1]]
    if not word[0].isupper() or word.isupper():
        return False

    def joined(k: int, before: bool) -> bool:
        gap = k + 1 if before else k  # the gap before the later of the two words
        if not 0 <= k < len(spans) or view.breaks[gap] or view.commas[gap]:
            return False
        first = en[spans[k][0]]
        # The sentence's first word is capitalised whatever it is ("Yesterday Xinhua reported").
        return (first.isupper() and k > 0) or (before and first.isdigit())

    return joined(j - 1, True) or joined(j + 1, False)


def _trimmed(view: PairView, phrase: Phrase, term: str, inside: int) -> Phrase:
    """The phrase without the words at its edges the dictionary does not give the term (or, when
    the term has senses of its own, that are in none of them and that it gives a Chinese word
    outside the term), when what is left still renders the term whole by the dictionary (one of
    its own senses, or, if it has none, a word for each of its parts):
    the aligner (and the lexicon learned from the same co-occurrences) ties a dateline's
    "Message from" to 新华社, "Minister of" to 卫生部, "certificates of" to 注册消防工程师, and
    "Department of" in "Fire Department of the Ministry of Public Security" is 消防局's."""
    stems, dictionary, senses = view.stems, _dictionary_gloss(term), sense_stems(term)
    known, own = dictionary.parts_of_stem, frozenset().union(*senses)

    # A word the dictionary gives in another form counts (scientific for 科技 "science and technology").
    prefixes = {k[:_SAME_WORD_PREFIX] for k in known if len(k) >= _SAME_WORD_PREFIX}

    def extra(j: int) -> bool:
        s = stems[j]
        if s is None or (s not in known and s[:_SAME_WORD_PREFIX] not in prefixes):
            return True
        return bool(own) and s not in own and bool(view.glossed[j] & ~inside)

    a, b = phrase.start, phrase.end
    while a < b and extra(a):
        a += 1
    while b > a and extra(b - 1):
        b -= 1
    if (a, b) == (phrase.start, phrase.end) or a == b:
        return phrase
    held = set(stems[a:b])
    if senses:
        whole = any(sense <= held for sense in senses)
    else:
        parts = 0
        for s in held:
            parts |= known.get(s, 0)
        whole = parts.bit_count() == len(dictionary.part_stems)
    if not whole:
        return phrase
    spans = view.pair.en_spans
    return Phrase(view.pair.en[spans[a][0] : spans[b - 1][1]], phrase.score, a, b)


@lru_cache(maxsize=100_000)
def _dictionary_gloss(term: str) -> TermGloss:
    """What the dictionary alone, without the corpus's learned lexicon, gives the term's parts."""
    return gloss_term(term, {})


@lru_cache(maxsize=100_000)
def _sense_groups(term: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """The CC-CEDICT senses of the term, or failing those of each of its words that has some: a
    phrase holding all of a sense's words is complete (防控 "prevention and control", not
    "prevention")."""
    own = sense_stems(term)
    if own:
        return (own,)
    return tuple(s for s in (sense_stems(p) for p in term_parts(term) if len(p) > 1) if s)


@lru_cache(maxsize=100_000)
def _sense_words(term: str) -> frozenset[str]:
    return frozenset(w for group in _sense_groups(term) for sense in group for w in sense)


def render_in_pair(term: str, gloss: TermGloss, pair: WordAlignedPair | PairView) -> list[Occurrence]:
    """The term's renderings in one pair: the English quotation where the term is quoted; with
    word links, a phrase for each occurrence; without, the phrase the dictionary finds best.
    (A pair holding several terms is best given as its `PairView`, made once.)"""
    view = pair if isinstance(pair, PairView) else None
    pair = view.pair if view else pair
    quoted = quoted_phrase(term, pair.zh, pair.en, _links_within(term, pair) if pair.links else None)
    if quoted:
        return [Occurrence(term, pair.pair_id, quoted, 1.0, "quote")]
    if not pair.links:
        phrase = best_phrase(gloss, pair.en)
        return [Occurrence(term, pair.pair_id, phrase[0], phrase[1], "lexicon")] if phrase else []
    found = []
    for at in occurrences(term, pair.zh):
        view = view or PairView(pair)
        words = term_words(pair, at, at + len(term))
        if not _on_word_edges(pair, words, at, at + len(term)):
            continue
        phrase = best_rendering(view, words, gloss, list_term="、" in term, at=at)
        if phrase:
            found.append(Occurrence(term, pair.pair_id, phrase.text, phrase.score, "links"))
    return found


def _links_within(term: str, pair: WordAlignedPair) -> Callable[[int, int], int]:
    """How many links of the term's words (wherever it occurs in the pair) fall on English
    characters start..end."""
    words = {k for at in occurrences(term, pair.zh) for k in term_words(pair, at, at + len(term))}
    targets = [pair.en_spans[j][0] for i, j in pair.links if i in words]
    return lambda start, end: sum(start <= t < end for t in targets)


def find_occurrences(term: str, pairs: Sequence[tuple[int, str, str]],
                     learned: dict[str, frozenset[str]]) -> list[Occurrence]:
    """Every pair (id, zh, en) whose Chinese holds `term`, with the phrase rendering it, by the
    dictionary and the learned lexicon alone (no word links)."""
    gloss = gloss_term(term, learned)
    found = [o for pid, zh, en in pairs if term in zh for o in render_in_pair(term, gloss, tokenized(pid, zh, en))]
    return widen(found, {pid: en for pid, _, en in pairs})
