"""Bilingual termhood: Chinese units whose aligned English reads as a name or a multiword noun phrase.

General Chinese uses 国务院, 人权 and 供应链 often, so termhood against general Chinese cannot
find them; their translation can: "State Council", "human rights", "supply chain". A unit (one
to four jieba words ending in a noun-like word, or a run of lone characters, which is how jieba
cuts a word it does not know: 海 合 会) is a candidate when, in a word-aligned pair, its links
give a consistent English phrase (no word inside it linked outside the unit, Och & Ney) that is

- a multiword noun phrase: two or more content words, no punctuation, no function word at
  either edge; or
- a capitalised name not at the start of the sentence (Xinhuanet, Olympic Committee), an
  acronym, or a technical word (one too rare in CC-CEDICT's glosses to be everyday English);

in at least half of the pairs where it has a consistent phrase at all. Once is enough.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from glossary.clusters import fold
from tm.lexicon import EN_STOP, EN_TOKEN, HAN, HAN_RUN, gloss_word_counts, stem
from tm.wordalign import WordAlignedPair

MAX_ZH_WORDS = 4
MAX_EN_WORDS = 8
MAX_CHARS = 16
_TABLE_SIZE = 1_000_000  # units tallied before those seen once are forgotten
# jieba tags of words that may end a unit, and of those that may not stand inside one.
_HEAD_TAGS = frozenset("n nr nr1 nr2 nrf nrfg nrj nrt ns nsf nt nz nl ng vn an j l i".split())
_NOT_INSIDE = frozenset("p c u uj ul uz ug uv ud y e o x r m q mq d eng".split())
NAME, PHRASE = "name", "phrase"
_JOINING = frozenset("和 与 及".split())
_PRONOUNS = frozenset("i me my mine you your yours he him his she her it its we us our they them their "
                      "everyone everybody someone something anything nothing".split())
_ADVERBS = frozenset("ad d".split())
_NOUNS = frozenset("n nz nt ns nl ng j vn".split())
# A single lower-case English word this rare in CC-CEDICT's glosses is a technical word
# (semiconductor, wafer), not everyday English (time, order, education).
_RARE_GLOSS_WORD = 12
_VERBS = frozenset("v vd vi vg vf vx vl".split())
_ZH_FUNCTION = frozenset("的 地 得 了 着 过 和 与 及 或 等 在 对 把 被 将 从 向 于 以 为 之 其 而 并 且 也 都 就 又 还 是 有 这 那 此 该 各 每 某 所".split())
_TO_VERB = re.compile(r"to ([A-Za-z]+)")
_GAP_BREAK = re.compile(r"[^\s\-–‐’']")  # anything but space, hyphen or apostrophe between words
_EDGE = frozenset("of and or to in on for with by at from as the a an".split()) | EN_STOP | _PRONOUNS


@dataclass
class BilingualTally:
    """What the pairs say of each Chinese unit: how often its links gave a consistent phrase, and
    how often that phrase read as a name or a noun phrase."""

    consistent: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    phrases: Counter[str] = field(default_factory=Counter)
    verbal: set[str] = field(default_factory=set)  # units led or ended by a verb somewhere
    readings: dict[str, Counter[str]] = field(default_factory=dict)  # unit → its phrases read as terms, folded

    def add(self, phrases: Iterable[tuple[str, str, bool, str]]) -> None:
        """Tally one pair's `phrase_pairs`."""
        for unit, reading, verbal, phrase in phrases:
            self.consistent[unit] += 1
            if reading == NAME:
                self.names[unit] += 1
            elif reading == PHRASE:
                self.phrases[unit] += 1
            if reading:
                self.readings.setdefault(unit, Counter())[fold(phrase)] += 1
            if verbal:
                self.verbal.add(unit)
        if len(self.consistent) > _TABLE_SIZE:
            for unit in [u for u, n in self.consistent.items() if n == 1]:
                del self.consistent[unit]
                self.names.pop(unit, None)
                self.phrases.pop(unit, None)
                self.verbal.discard(unit)
                self.readings.pop(unit, None)

    def candidates(self, common: Callable[[str], bool] = lambda unit: False) -> dict[str, int]:
        """Units read as terms in half their consistent phrases at least, with how often: once
        is enough for a name, or for a noun phrase of nouns; a unit with a verb in it (注册消防工程师,
        继续教育, but also 令人担心 "cause concern") needs its noun phrase twice; a `common` word of
        general Chinese needs one reading in half its phrases (`dominant_share`), or a name in half
        of them: an institution whose English name varies (外交部 "Foreign Ministry", "Ministry of
        Foreign Affairs") is what an editor must settle."""
        out = {}
        for u, n in self.consistent.items():
            names, phrases = self.names[u], self.phrases[u]
            if 2 * (names + phrases) >= n and (names or phrases >= (2 if u in self.verbal else 1)):
                if not common(u) or 2 * names >= n or self.dominant_share(u) >= 0.5:
                    out[u] = names + phrases
        return out

    def readings_lexicon(self, min_count: int = 2) -> dict[str, frozenset[str]]:
        """Units whose English holds still (one reading, seen `min_count` times, in half their
        consistent phrases at least), with the stems of that reading: what the corpus itself says
        a unit is rendered by."""
        out = {}
        for unit, readings in self.readings.items():
            phrase, n = max(readings.items(), key=lambda r: (r[1], r[0]))
            if n >= min_count and 2 * n >= self.consistent[unit]:
                stems = frozenset(stem(w) for w in phrase.split() if w not in EN_STOP)
                if stems:
                    out[unit] = stems
        return out

    def dominant_share(self, unit: str) -> float:
        """The share of a unit's consistent phrases taken by its most frequent reading: a term's
        translation holds still (人权 "human rights"), a word of general Chinese changes with its
        context (电话 "phone number", "called", "call")."""
        readings = self.readings.get(unit)
        return max(readings.values()) / self.consistent[unit] if readings else 0.0


def phrase_pairs(pair: WordAlignedPair) -> Iterator[tuple[str, str, bool, str]]:
    """(Chinese unit, how its phrase reads: NAME, PHRASE or "", whether the unit holds a verb, the
    phrase) for every unit of the pair whose links give a consistent English phrase."""
    words, tags, starts = pair.zh_words, pair.zh_tags, pair.zh_starts
    if not pair.links:
        return
    n = len(words)
    en_of: list[list[int]] = [[] for _ in range(n)]
    zh_mask = [0] * len(pair.en_spans)  # English word → bits of the Chinese words linked to it
    for i, j in pair.links:
        en_of[i].append(j)
        zh_mask[j] |= 1 << i
    lone = [len(w) == 1 and bool(HAN.match(w)) and w not in _ZH_FUNCTION for w in words]
    han = [bool(HAN_RUN.fullmatch(w)) for w in words]
    joined = [k > 0 and starts[k] == starts[k - 1] + len(words[k - 1]) for k in range(n)]
    readings: dict[tuple[int, int], str] = {}  # English span → its reading, worked out once
    for i in range(n):
        if not han[i] or not _may_start(words[i], tags[i]):
            continue
        verb = words[i] if tags[i] in _VERBS else ""
        lo = hi = -1
        unlinked = 0  # words of the unit (but 和 and lone characters) with no link
        joins = False  # whether the unit holds a 和
        for k in range(i, min(i + MAX_ZH_WORDS, n)):
            if k > i:
                if not joined[k]:
                    break  # punctuation or a space ends the unit
                if words[k] not in _JOINING and (tags[k] in _NOT_INSIDE or words[k] in _ZH_FUNCTION):
                    break  # so does a function word
                if not han[k]:
                    break
            for j in en_of[k]:
                lo = j if lo < 0 else min(lo, j)
                hi = max(hi, j)
            if not en_of[k] and words[k] not in _JOINING and not lone[k]:
                unlinked += 1
            if words[k] in _JOINING:
                joins = True
                continue  # 人力资源和社会保障局: "and" inside a name, never at its end
            length = starts[k] + len(words[k]) - starts[i]
            if length > MAX_CHARS:
                break
            if length < 2:
                continue
            # It ends in a noun-like word, in a two-character verb after a noun (经济复苏 "economic
            # recovery", 科技创新), or in a run of two or more lone characters (a word jieba does
            # not know) that it holds whole.
            if not (tags[k] in _HEAD_TAGS and not lone[k] or (k > i and lone[k] and lone[k - 1])
                    or (k > i and tags[k] == "v" and len(words[k]) == 2 and tags[k - 1] in _NOUNS)):
                continue
            if k + 1 < n and lone[k] and lone[k + 1] and joined[k + 1]:
                continue  # a run of lone characters is one unknown word: it does not end here
            if i > 0 and lone[i] and lone[i - 1] and joined[i]:
                continue
            if lo < 0 or unlinked or hi - lo >= MAX_EN_WORDS:
                continue
            # Consistent: no English word inside is linked only outside the unit (a word linked
            # both inside and out is the aligner hedging, not a contradiction).
            inside = ((1 << (k + 1)) - 1) ^ ((1 << i) - 1)
            if any(zh_mask[j] and not zh_mask[j] & inside for j in range(lo, hi + 1)):
                continue
            if (lo, hi) not in readings:
                readings[(lo, hi)] = _reading(pair, lo, hi)
            reading = "" if _verb_object(verb, pair, lo, hi) else readings[(lo, hi)]
            if reading != NAME and joins:
                reading = ""  # only a name holds its "and"; elsewhere it joins two terms
            unit = pair.zh[starts[i] : starts[k] + len(words[k])]
            yield unit, reading, bool(verb) or tags[k] in _VERBS, pair.en[pair.en_spans[lo][0] : pair.en_spans[hi][1]]


def _may_start(word: str, tag: str) -> bool:
    return tag not in _NOT_INSIDE and tag not in _ADVERBS and word not in _ZH_FUNCTION and bool(HAN.match(word))


def _verb_object(verb: str, pair: WordAlignedPair, lo: int, hi: int) -> bool:
    """建设网络强国 "build a cyber power", 构建新发展格局 "construction of a new development pattern":
    a phrase led by one of the Chinese verb's senses (CC-CEDICT's "to build"), bare or made a
    noun with "of" after it, is a predicate and its object, not a name; "registered" or
    "continuing" before a noun are modifiers."""
    if not verb:
        return False
    lemmas = verb_lemmas(verb)
    first = pair.en[slice(*pair.en_spans[lo])].lower()
    if first in lemmas:
        return True
    after = pair.en[slice(*pair.en_spans[lo + 1])].lower() if lo < hi else ""
    return after == "of" and stem(first) in {stem(v) for v in lemmas}


@lru_cache(maxsize=50_000)
def verb_lemmas(word: str) -> frozenset[str]:
    """The verbs of a word's CC-CEDICT senses: 加强 → strengthen, reinforce, …"""
    from tm import cedict

    return frozenset(m.group(1).lower() for sense in cedict.load().glosses.get(word, ())
                     for m in [_TO_VERB.match(sense)] if m)


def _reading(pair: WordAlignedPair, lo: int, hi: int) -> str:
    """NAME for a capitalised name or an acronym, PHRASE for a multiword noun phrase or a technical
    word, "" for anything else, by English words lo..hi and what lies between them."""
    return reading(pair.en[pair.en_spans[lo][0] : pair.en_spans[hi][1]], lo == 0)


@lru_cache(maxsize=200_000)
def reading(phrase: str, starts_sentence: bool = False) -> str:
    """How an English phrase reads (see `_reading`); phrases recur, so each is read once."""
    spans = [m.span() for m in EN_TOKEN.finditer(phrase)]
    words = [phrase[a:b] for a, b in spans]
    lowered = [w.lower() for w in words]
    if not words or lowered[0] in _EDGE or lowered[-1] in _EDGE:
        return ""
    if any(_GAP_BREAK.search(phrase, end, start) for (_, end), (start, _) in zip(spans, spans[1:])):
        return ""
    content = [w for w, lw in zip(words, lowered) if lw not in EN_STOP]
    if any(w[0].isdigit() or w.lower() in _PRONOUNS for w in content):
        return ""
    if all(w[0].isupper() for w in content) and (not starts_sentence or len(content) > 1):
        return NAME  # capitalised, and not only because the sentence starts with it
    if len(content) == 1 and content[0].isupper() and len(content[0]) > 1:
        return NAME  # an acronym
    if len(content) >= 2:
        return PHRASE
    counts = gloss_word_counts()
    if max(counts[lowered[-1]], counts[fold(lowered[-1])]) < _RARE_GLOSS_WORD and lowered[-1].isalpha():
        return PHRASE  # one technical word: semiconductor, wafer
    return ""
