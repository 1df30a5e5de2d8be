"""What the aligner compares across languages: length, dictionary glosses, numbers, Latin tokens, quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from tm import cedict

_MAX_WORD = 6  # longest CC-CEDICT headword tried by forward maximum matching
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_LATIN_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]+[0-9][A-Za-z0-9]*|[0-9]+[A-Za-z]+[A-Za-z0-9]*|[A-Z]{2,}[a-z]?)(?![A-Za-z0-9])")
_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bCL:\S+|\bsb\b|\bsth\b")
_ZH_QUOTE = re.compile(r"[“「『《]")
_EN_QUOTE = re.compile(r"[\"“]([^\"”]{2,})[\"”]")

# Function words carry no evidence of translation on either side.
_EN_STOP = frozenset(
    "a an the of to in on at by for from with and or but as is are was were be been being has have had "
    "it its this that these those their there they we our us he she his her which who whom what when "
    "where how not no all any such than then so also into over under about more most other".split())
_ZH_FUNCTION_CHARS = frozenset("的了和与及在是为对把被将从以等并而或也都就又这那其之所于着过地得")

# Chinese numerals and the magnitudes used in policy statistics (8.14亿 = 814 million).
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMERAL_RUN = re.compile(r"第?[零〇一二两三四五六七八九十百千]+(?=[年月日个项条届次所名家倍岁是])|[零〇一二两三四五六七八九十百千]{2,}")
_ARABIC_ZH = re.compile(r"(\d+(?:[.,]\d+)*)\s*(万亿|亿|万|%|％)?")
_ARABIC_EN = re.compile(r"(\d+(?:[.,]\d+)*)(?:st|nd|rd|th)?\s*(trillion|billion|million|thousand|percent|%)?", re.I)
_EN_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_EN_ORDINAL_WORDS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
_ZH_MAGNITUDE = {"万": 1e4, "亿": 1e8, "万亿": 1e12}
_EN_MAGNITUDE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


@dataclass(frozen=True)
class Glossed:
    """One Chinese sentence's dictionary words: how many, and which each English stem may render."""

    words: int
    gloss_words: dict[str, int]  # English stem → bitmask of the word positions it may translate

    def match(self, stems: frozenset[str]) -> tuple[int, frozenset[str]]:
        """Which words (bitmask) an English text's stems may render, and which stems matched."""
        common = stems & self.gloss_words.keys()
        mask = 0
        for stem_ in common:
            mask |= self.gloss_words[stem_]
        return mask, frozenset(common)


@dataclass(frozen=True)
class Features:
    """A sentence (or several, combined) as the aligner sees it."""

    length: float  # Chinese: characters (non-Han count half); English: characters
    glossed: tuple[Glossed, ...]  # Chinese side, one entry per sentence (combining just concatenates)
    stems: frozenset[str]  # English content-word stems
    numbers: frozenset[float]
    latin: frozenset[str]
    quotes: int

    def __add__(self, other: "Features") -> "Features":
        return Features(
            self.length + other.length,
            self.glossed + other.glossed,
            self.stems | other.stems,
            self.numbers | other.numbers,
            self.latin | other.latin,
            self.quotes + other.quotes,
        )

    def coverage(self, en: "Features") -> tuple[float, float]:
        """Share of this Chinese text's words with a gloss in `en`, and of `en`'s stems glossed."""
        return coverage(self.glossed, [[g.match(en.stems)] for g in self.glossed], en.stems)


def coverage(
    glossed: Sequence[Glossed], matches: Sequence[Sequence[tuple[int, frozenset[str]]]], stems: frozenset[str]
) -> tuple[float, float]:
    """Coverages from per-part matches; `matches[k]` holds part k's matches against each English piece."""
    words = hit = 0
    explained: set[str] = set()
    for g, per_piece in zip(glossed, matches):
        words += g.words
        mask = 0
        for piece_mask, common in per_piece:
            mask |= piece_mask
            explained |= common
        hit += mask.bit_count()
    if not words or not stems:
        return 0.0, 0.0
    return hit / words, len(explained) / len(stems)


EMPTY = Features(0.0, (), frozenset(), frozenset(), frozenset(), 0)


def stem(word: str) -> str:
    """Truncation stem: informatization and information meet at "infor"; enough for alignment."""
    word = word.lower()
    return word[:5] if len(word) > 5 else word.rstrip("s") or word


def english_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _EN_WORD.findall(text) if w.lower() not in _EN_STOP)


@lru_cache(maxsize=200_000)
def gloss_stems(word: str) -> frozenset[str]:
    """English stems of every CC-CEDICT sense of a simplified headword."""
    senses = cedict.load().glosses.get(word, ())
    return frozenset(
        stem(w) for sense in senses for w in _EN_WORD.findall(_GLOSS_NOISE.sub(" ", sense))
        if w.lower() not in _EN_STOP
    )


def dictionary_words(text: str) -> list[str]:
    """Greedy longest-match segmentation of the Han runs against CC-CEDICT headwords."""
    known = cedict.load().glosses
    words = []
    for run in _HAN_RUN.findall(text):
        i, n = 0, len(run)
        while i < n:
            for size in range(min(_MAX_WORD, n - i), 0, -1):
                piece = run[i : i + size]
                if size == 1 or piece in known:
                    break
            if size > 1 or piece not in _ZH_FUNCTION_CHARS:
                words.append(piece)
            i += size
    return words


def zh_numbers(text: str) -> set[float]:
    found: set[float] = set()
    for m in _ARABIC_ZH.finditer(text):
        value = float(m.group(1).replace(",", ""))
        found.add(value * _ZH_MAGNITUDE.get(m.group(2) or "", 1))
    for m in _ZH_NUMERAL_RUN.finditer(text):
        found.update(_chinese_numeral_values(m.group().lstrip("第")))
    return found


def _chinese_numeral_values(run: str) -> set[float]:
    """二十 → 20, 十二 → 12; an abbreviation such as 十四五 gives both 14 and 5."""
    values, total, digit = set(), 0, None
    for ch in run:
        if ch in _ZH_UNITS:
            total += (digit if digit is not None else 1) * _ZH_UNITS[ch]
            digit = None
        elif digit is not None:  # two digits in a row: a new number starts
            values.add(float(total + digit))
            total, digit = 0, _ZH_DIGITS[ch]
        else:
            digit = _ZH_DIGITS[ch]
    values.add(float(total + (digit or 0)))
    return values - {0.0} if len(run) > 1 else values


def en_numbers(text: str) -> set[float]:
    found: set[float] = set()
    for m in _ARABIC_EN.finditer(text):
        value = float(m.group(1).replace(",", ""))
        found.add(value * _EN_MAGNITUDE.get((m.group(2) or "").lower(), 1))
    for w in _EN_WORD.findall(text):
        lw = w.lower().split("-")[0]
        if lw in _EN_NUMBER_WORDS:
            found.add(float(_EN_NUMBER_WORDS[lw]))
        elif lw in _EN_ORDINAL_WORDS:
            found.add(float(_EN_ORDINAL_WORDS[lw]))
    return found


def zh_features(text: str) -> Features:
    gloss_words: dict[str, int] = {}
    n = 0
    for word in dictionary_words(text):
        glosses = gloss_stems(word)
        if glosses:
            bit = 1 << n
            for g in glosses:
                gloss_words[g] = gloss_words.get(g, 0) | bit
            n += 1
    han = sum(len(run) for run in _HAN_RUN.findall(text))
    return Features(
        float(han + 0.5 * (len(text) - han)),
        (Glossed(n, gloss_words),),
        frozenset(),
        frozenset(zh_numbers(text)),
        frozenset(_LATIN_TOKEN.findall(text)),
        len(_ZH_QUOTE.findall(text)),
    )


def en_features(text: str) -> Features:
    return Features(
        float(len(text)),
        (),
        english_stems(text),
        frozenset(en_numbers(text)),
        frozenset(_LATIN_TOKEN.findall(text)),
        len(_EN_QUOTE.findall(text)),
    )
