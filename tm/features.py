"""What the aligner compares across languages: length, dictionary glosses, numbers, Latin tokens, quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tm import cedict
from tm.lexicon import EN_STOP, HAN_RUN, gloss_words

_MAX_WORD = 6  # longest CC-CEDICT headword tried by forward maximum matching
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_LATIN_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]+[0-9][A-Za-z0-9]*|[0-9]+[A-Za-z]+[A-Za-z0-9]*|[A-Z]{2,}[a-z]?)(?![A-Za-z0-9])")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ZH_QUOTE_MARKS = "“「『《"
_EN_QUOTE = re.compile(r"[\"“]([^\"”]{2,})[\"”]")

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
_EN_NUMBER_WORD = re.compile(r"\b(?:" + "|".join([*_EN_NUMBER_WORDS, *_EN_ORDINAL_WORDS]) + r")\b", re.I)
_ZH_MAGNITUDE = {"万": 1e4, "亿": 1e8, "万亿": 1e12}
_EN_MAGNITUDE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


@dataclass(frozen=True)
class Features:
    """A sentence as the aligner sees it."""

    length: float  # Chinese: characters (non-Han count half); English: characters
    glosses: tuple[frozenset[str], ...]  # Chinese: each dictionary word's English stems, in order
    stems: frozenset[str]  # English: content-word stems
    numbers: frozenset[float]
    latin: frozenset[str]
    quotes: int


def prefix_stem(word: str) -> str:
    """The aligner's stem, a truncation: informatization and information meet at "infor", which is
    enough to match sentences and cheaper than `tm.lexicon.stem` (the renderings' Snowball stem)."""
    word = word.lower()
    return word[:5] if len(word) > 5 else word.rstrip("s") or word


@lru_cache(maxsize=200_000)
def gloss_prefixes(word: str) -> frozenset[str]:
    """The aligner's stems (`prefix_stem`) of every CC-CEDICT sense of a simplified headword."""
    return frozenset(map(prefix_stem, gloss_words(word)))


@lru_cache(maxsize=1)
def _match_table() -> dict[str, bool]:
    """Every piece of two characters or more that matching may try: True for a headword, False
    for only the beginning of a longer one (one look-up a step tells both)."""
    headwords = [w for w in cedict.load().glosses if 1 < len(w) <= _MAX_WORD]
    table = dict.fromkeys((w[:k] for w in headwords for k in range(2, len(w))), False)
    table.update(dict.fromkeys(headwords, True))
    return table


def dictionary_words(text: str) -> list[str]:
    """Greedy longest-match segmentation of the Han runs against CC-CEDICT headwords."""
    return _match_runs(HAN_RUN.findall(text))


def _match_runs(runs: list[str]) -> list[str]:
    table = _match_table()
    words = []
    for run in runs:
        i, n = 0, len(run)
        while i < n:
            # Longer pieces are tried only while some headword still begins with them, so a
            # position costs two or three look-ups instead of one per possible length.
            size, end, stop = 1, i + 2, min(i + _MAX_WORD, n)
            while end <= stop:
                headword = table.get(run[i:end])
                if headword is None:
                    break
                if headword:
                    size = end - i
                end += 1
            piece = run[i : i + size]
            if size > 1 or piece not in _ZH_FUNCTION_CHARS:
                words.append(piece)
            i += size
    return words


def _number(digits: str) -> float | None:
    """1,234.5 → 1234.5; a dotted sequence (section 3.2.1, version 2.0.1, an IP address) is no number."""
    plain = digits.replace(",", "")
    return float(plain) if plain.count(".") <= 1 else None


def zh_digit_numbers(text: str) -> set[float]:
    """The numbers Chinese text writes in digits, with their magnitude: 8.14亿 → 814000000."""
    found: set[float] = set()
    for m in _ARABIC_ZH.finditer(text):
        value = _number(m.group(1))
        if value is not None:
            found.add(value * _ZH_MAGNITUDE.get(m.group(2) or "", 1))
    return found


def en_digit_numbers(text: str) -> set[float]:
    """The numbers English text writes in digits, with their magnitude: 814 million → 814000000."""
    found: set[float] = set()
    for m in _ARABIC_EN.finditer(text):
        value = _number(m.group(1))
        if value is not None:
            found.add(value * _EN_MAGNITUDE.get((m.group(2) or "").lower(), 1))
    return found


def en_numbers(text: str) -> set[float]:
    """Every number of English text: in digits, and spelled out (two, second)."""
    found = en_digit_numbers(text)
    for word in _EN_NUMBER_WORD.findall(text):
        head = word.lower()
        found.add(float(_EN_NUMBER_WORDS.get(head, _EN_ORDINAL_WORDS.get(head, 0))))
    return found


def zh_numbers(text: str) -> set[float]:
    """Every number of Chinese text: in digits, and in numerals (十四五 → 14, 5)."""
    found = zh_digit_numbers(text)
    for m in _ZH_NUMERAL_RUN.finditer(text):
        found.update(_chinese_numeral_values(m.group().lstrip("第")))
    return found


def numeral_words(text: str) -> frozenset[str]:
    """The English a Chinese numeral in `text` may be written as, cardinal and ordinal: 十九 →
    19, 19th, nineteenth; 六 → 6, 6th, six, sixth."""
    words: set[str] = set()
    for run in re.findall(r"[零〇一二两三四五六七八九十百千]+", text):
        for value in map(int, _chinese_numeral_values(run)):
            last = value % 10 if value % 100 not in (11, 12, 13) else 0
            words |= {str(value), f"{value}{({1: 'st', 2: 'nd', 3: 'rd'}).get(last, 'th')}"}
            words |= {w for table in (_EN_NUMBER_WORDS, _EN_ORDINAL_WORDS) for w, v in table.items() if v == value}
    return frozenset(words)


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


@lru_cache(maxsize=50_000)
def _en_word(word: str) -> tuple[str | None, float | None]:
    """An English word's stem (None for a function word) and the number it spells, if any."""
    lower = word.lower()
    head = lower.split("-")[0]
    value = _EN_NUMBER_WORDS.get(head, _EN_ORDINAL_WORDS.get(head))
    return (None if lower in EN_STOP else prefix_stem(word)), (None if value is None else float(value))


def zh_features(text: str) -> Features:
    """A Chinese sentence's dictionary words, each with the English stems that may render it."""
    runs = HAN_RUN.findall(text)
    glosses = tuple(g for g in map(gloss_prefixes, _match_runs(runs)) if g)
    han = sum(map(len, runs))
    return Features(float(han + 0.5 * (len(text) - han)), glosses, frozenset(), frozenset(zh_numbers(text)),
                    latin_tokens(text), sum(map(text.count, _ZH_QUOTE_MARKS)))


def en_features(text: str) -> Features:
    """An English sentence's content-word stems and numbers, from one pass over its words."""
    stems: set[str] = set()
    numbers = en_digit_numbers(text)
    for w in _EN_WORD.findall(text):
        word_stem, value = _en_word(w)
        if word_stem is not None:
            stems.add(word_stem)
        if value is not None:
            numbers.add(value)
    return Features(float(len(text)), (), frozenset(stems), frozenset(numbers),
                    latin_tokens(text), len(_EN_QUOTE.findall(text)) if '"' in text or "“" in text else 0)


def latin_tokens(text: str) -> frozenset[str]:
    """Tokens that a translation keeps as they are: IPv6, 5G, APEC."""
    # Each holds a letter; most Chinese sentences hold none, found faster than the tokens' absence.
    return frozenset(_LATIN_TOKEN.findall(text)) if _LATIN_LETTER.search(text) else frozenset()
