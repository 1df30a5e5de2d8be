"""Sentence segmentation of Chinese and English paragraphs.

Sentences come back stripped and otherwise untouched, so that joining them
("" for zh, " " for en) gives the paragraph back up to the whitespace between
sentences. Everything runs on compiled regexes; Python code only looks at the
few places where an English full stop might end a sentence.
"""

from __future__ import annotations

import re
from typing import Iterator

# Closing quotes and brackets stay with the sentence that ends just before them.
_ZH_CLOSERS = "”’」』)）》】\"'"
_ZH_TERMS = "。！？；!?;…"

# A Chinese sentence: anything up to a run of terminators, each possibly followed
# by closers (so 。”。 or ？！ or …… is one end); the tail needs no terminator.
# ASCII , and : never split, so they are simply not terminators.
_ZH_SENTENCE = re.compile(
    rf"[^{_ZH_TERMS}]*(?:[{_ZH_TERMS}]+[{re.escape(_ZH_CLOSERS)}]*)+|[^{_ZH_TERMS}]+"
)

_EN_CLOSERS = "\"'”’)]}»"
_EN_OPENERS = "\"'“‘(["

# A possible English sentence end: . ! ? (or a run such as ?! or ...), closers,
# whitespace, and then something a sentence can start with. Decimals (8.14) and
# "etc., have" never get here because no whitespace or no capital follows.
_EN_START = rf"[A-Z\u00c0-\u00d6\u00d8-\u00de0-9{re.escape(_EN_OPENERS)}]"
_EN_BREAK = re.compile(rf"([.!?]+)([{re.escape(_EN_CLOSERS)}]*)(\s+)(?={_EN_START})")

# Never end a sentence: titles before a name, Latin abbreviations before an example.
_NEVER_FINAL = frozenset(
    "Mr Mrs Ms Dr Prof St Gen Sen Rep Gov Lt Col Capt e.g i.e vs v cf approx".split()
)
# Reference abbreviations: not final before a number ("No. 1", "Vol. II").
_BEFORE_NUMBER = frozenset("No Nos Art Vol pp p Fig".split())
# Abbreviations that can also close a sentence ("made in the U.S. The ..."). Months
# are among them: "Aug. 19, 2022" must hold together, "in Aug. The ..." need not.
_AMBIGUOUS = frozenset(
    "Inc Ltd Co Corp Jr Sr Ph.D Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
# Initialisms (U.S, U.K, a.m) and single capital initials (the F in "John F. Kennedy").
_INITIALS = re.compile(r"[A-Za-z](?:\.[A-Za-z])+|[A-Z]")
# Words that almost always start a new sentence; after an ambiguous abbreviation
# they are the evidence that the full stop ends the sentence as well.
_SENTENCE_STARTERS = frozenset(
    """The This That These Those It Its We Our They Their He His She Her I In On At
    As But And However Meanwhile Moreover Furthermore Since From For After Before
    When While There Such Also Then Today Now""".split()
)
_ROMAN_OR_NUMBER = re.compile(r"\d|[IVXLC]+\b")
_NEXT_WORD = re.compile(r"\w+")
# "1." / "a." / "iv." opening a sentence numbers it; it is not a sentence of its own.
_ENUMERATOR = re.compile(r"\s*\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,5})")


# No sentence is longer than this: text that runs on without a sentence end (a file with its
# punctuation stripped, a table dumped as one line) is cut at a pause, so the work on each
# segment stays bounded. Pre-paired units cannot be cut and are refused (tm.align).
MAX_SEGMENT = 20_000
_PAUSE = re.compile(r"[\s，、,：:）)》」』”’]")


def split_sentences(text: str, lang: str) -> list[str]:
    """Split a paragraph into sentences; lang is "zh" or "en", anything else is one sentence."""
    if lang == "zh":
        sentences = _split_zh(text)
    elif lang == "en":
        sentences = _split_en(text)
    else:
        sentences = [text.strip()] if text.strip() else []
    if any(len(s) > MAX_SEGMENT for s in sentences):
        return [piece for s in sentences for piece in _bounded(s)]
    return sentences


def _bounded(sentence: str) -> Iterator[str]:
    """`sentence` in pieces of at most MAX_SEGMENT characters, each cut after the last pause
    (a space, a comma, a closing bracket) in its second half, or else at the limit."""
    while len(sentence) > MAX_SEGMENT:
        window = sentence[MAX_SEGMENT // 2 : MAX_SEGMENT]
        pauses = [m.end() for m in _PAUSE.finditer(window)]
        cut = MAX_SEGMENT // 2 + pauses[-1] if pauses else MAX_SEGMENT
        piece, sentence = sentence[:cut].strip(), sentence[cut:].strip()
        if piece:
            yield piece
    if sentence:
        yield sentence


def _split_zh(text: str) -> list[str]:
    """Split after 。！？；… (and ASCII !?;), keeping closing quotes with their sentence."""
    sentences = [s.strip() for s in _ZH_SENTENCE.findall(text)]
    sentences = [s for s in sentences if s]
    if '"' in text and len(sentences) > 1:
        _reattach_opening_quotes(sentences)
    return sentences


def _reattach_opening_quotes(sentences: list[str]) -> None:
    """Move an ASCII " that opens the next quotation back to the sentence it opens.

    Without spaces, 。" is ambiguous in Chinese: the quote closes or opens. An odd
    running count of quotes means it opens.
    """
    seen = 0
    for k in range(len(sentences) - 1):
        sentence = sentences[k]
        seen += sentence.count('"')
        if seen % 2 and sentence.endswith('"') and len(sentence) > 1:
            sentences[k] = sentence[:-1]
            sentences[k + 1] = '"' + sentences[k + 1]
            seen -= 1  # counted again with the sentence it now opens


def _split_en(text: str) -> list[str]:
    """Split after . ! ? before a capital, digit or opening quote, unless an abbreviation."""
    # split() yields [piece, end, closers, space, piece, end, closers, space, piece, ...];
    # a sentence is the pieces from `first` up to an end that really ends it.
    parts = _EN_BREAK.split(text)
    sentences: list[str] = []
    first = 0
    for k in range(1, len(parts), 4):
        before, after = parts[k - 1], parts[k + 3]
        if parts[k] == "." and not _ends_sentence(before, after, k - 1 == first):
            continue
        sentences.append("".join(parts[first : k + 2]).strip())
        first = k + 3
    tail = "".join(parts[first:]).strip()
    if tail:
        sentences.append(tail)
    return sentences


def _ends_sentence(before: str, after: str, at_start: bool) -> bool:
    """Whether a full stop between before and after ends a sentence.

    at_start: before is all there is of the sentence so far.
    """
    if at_start and _ENUMERATOR.fullmatch(before):
        return False
    # The word the full stop belongs to, without an opening quote or bracket.
    words = before.rsplit(None, 1)
    word = words[-1].lstrip(_EN_OPENERS) if words else ""
    if word in _NEVER_FINAL:
        return False
    if word in _BEFORE_NUMBER:
        return not _ROMAN_OR_NUMBER.match(after)
    if word in _AMBIGUOUS or _INITIALS.fullmatch(word):
        return _starts_sentence(after)
    return True


def _starts_sentence(text: str) -> bool:
    """Whether text begins with a word that typically opens a sentence."""
    m = _NEXT_WORD.match(text)
    return m is not None and m.group() in _SENTENCE_STARTERS
