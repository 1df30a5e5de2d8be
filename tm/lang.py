"""Language of a paragraph (zh / en / mixed / other) and Chinese normalisation for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path


class LazyPattern:
    """A regular expression compiled on first use. A class of thousands of characters (Han)
    takes `re` milliseconds to compile, which a look-up that never uses it should not pay."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __getattr__(self, name: str):
        # Only reached before compiling: the pattern's methods then sit on the instance itself.
        compiled = re.compile(self.pattern)
        for method in ("search", "match", "fullmatch", "findall", "finditer", "sub", "split"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


class Script:
    """A writing system as ranges of code points, counted in a text: by a regular expression of
    its class in a long text, by code point in a short one (a search query), which then need not
    pay the milliseconds the class takes to compile."""

    _SHORT = 64  # characters

    def __init__(self, *ranges: tuple[int, int]) -> None:
        self.ranges = ranges
        self.chars = "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges)  # the inside of its class
        self.pattern = LazyPattern(f"[{self.chars}]")

    def _holds(self, ch: str) -> bool:
        return any(a <= ord(ch) <= b for a, b in self.ranges)

    def count(self, text: str) -> int:
        if len(text) > self._SHORT:
            return len(self.pattern.findall(text))
        return sum(map(self._holds, text))

    def found_in(self, text: str) -> bool:
        if len(text) > self._SHORT:
            return self.pattern.search(text) is not None
        return any(map(self._holds, text))


_HAN = Script((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))
_LATIN = Script((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F))
# Greek, Cyrillic, Hebrew and Arabic, kana, Hangul
_OTHER = Script((0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF), (0x3040, 0x30FF), (0xAC00, 0xD7AF), (0x1100, 0x11FF))
_WORD = re.compile(r"[^\W_]+")
_LANGS = {"zh": "zh", "zho": "zh", "chi": "zh", "en": "en", "eng": "en"}
# The language codes every export writes unless told otherwise (TMX, TBX, PO, CSV alike).
ZH_CODE, EN_CODE = "zh-CN", "en-US"
_URL_ONLY = LazyPattern(r"^\s*(https?://|www\.)\S+\s*$")

# An English word carries about as much text as two or three Chinese characters;
# letters are weighted so that a Chinese sentence quoting "IPv6" stays Chinese.
_LETTERS_PER_HAN = 3.0


def detect_lang(text: str) -> str:
    """Classify a paragraph as zh, en, mixed (both substantially) or other."""
    if _URL_ONLY.match(text):
        return "other"
    if text.isascii():  # most English lines: no Han and no other script to count
        return "en" if any(ch.isalpha() for ch in text) else "other"
    han = _HAN.count(text)
    latin = _LATIN.count(text) / _LETTERS_PER_HAN
    other = _OTHER.count(text) / _LETTERS_PER_HAN
    total = han + latin + other
    if total == 0:
        return "other"
    if other / total > 0.2:
        return "other"
    if han / total >= 0.8:
        return "zh"
    if latin / total >= 0.8:
        return "en"
    return "mixed"


TRADITIONAL_PATH = Path(__file__).parent / "data" / "traditional.txt"
_TRADITIONAL_HEADER = (
    "# Traditional characters (never a Simplified headword's in CC-CEDICT), on the one line below, from\n"
    "# tm.cedict.load(); regenerate with python3 -c 'from tm.lang import write_traditional; write_traditional()'\n")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """The Traditional characters of the shipped list: one line, read whole (a line for each
    character cost a look-up a tenth of its time; loading all of CC-CEDICT would cost a second)."""
    lines = TRADITIONAL_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(next(line for line in reversed(lines) if line and not line.startswith("#")))


def write_traditional() -> None:
    """Regenerate the shipped list from the installed CC-CEDICT."""
    from tm import cedict

    chars = "".join(sorted(cedict.load().trad_to_simp))
    TRADITIONAL_PATH.write_text(_TRADITIONAL_HEADER + chars + "\n", encoding="utf-8")


def to_simplified(text: str) -> str:
    """Traditional Chinese as Mainland Simplified, by phrase as well as by character (OpenCC's
    Taiwan → Simplified with phrases: 網路 → 网络, 軟體 → 软件, 資訊 → 信息); text with no Traditional
    character (the shipped CC-CEDICT character map tells) is returned as it is, at no cost."""
    if _traditional_chars().isdisjoint(text):
        return text
    return _opencc().convert(text)


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("tw2sp")


def words(text: str) -> list[str]:
    """The lower-case words of a text (runs of letters and digits), as the search index cuts them."""
    return _WORD.findall(text.lower())


def word_pair(first: str, second: str) -> str:
    """Two adjacent words as one token of the search index: a phrase without positions."""
    return f"{first}_{second}"


# The compatibility characters of everyday Chinese text: full-width ASCII (，：（）？１), the
# ideographic space and the ellipsis.
_COMPATIBILITY = LazyPattern("[\u3000\u2026\uff01-\uff5e]")


@lru_cache(maxsize=1)
def _compatibility_forms() -> dict[str, str]:
    """What NFKC makes of each of them."""
    chars = [0x3000, 0x2026, *range(0xFF01, 0xFF5F)]
    return {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in chars}


def _compatible(match: re.Match) -> str:
    return _compatibility_forms()[match.group()]


def fold(text: str) -> str:
    """NFKC (full-width ASCII folded) and spaces folded: an English sentence's matching form."""
    # Nearly every Chinese sentence holds a full-width comma, and NFKC over a whole sentence is
    # slow (a tenth of ingest): those characters are mapped first, NFKC runs on what is left.
    # Found by a pattern and mapped one by one: str.translate looks every character up, 4 µs a
    # sentence against 1.3.
    text = _COMPATIBILITY.sub(_compatible, text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def normalize(text: str, lang: str) -> str:
    """Matching form of a sentence: folded (see `fold`) and, if Chinese, Simplified."""
    return to_simplified(fold(text)) if lang == "zh" else fold(text)


def lang_of(tag: str) -> str:
    """Fold a language tag (zh-CN, ZH_tw, En-uS…) to "zh" or "en"; "" for any other language."""
    primary = tag.strip().lower().replace("_", "-").partition("-")[0]
    return _LANGS.get(primary, "")
