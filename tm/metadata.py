"""Publisher, date, URL and title as a document states them in its opening and closing lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_EN_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_EN_DATE_DMY = re.compile(
    r"\b(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?,?\s+(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_URL = re.compile(r"^\s*(https?://\S+)\s*$")
_SOURCE = re.compile(r"^\s*(?:Source|来源|來源|Publisher)\s*[:：]\s*(.+?)\s*(?:[|｜]\s*(.*))?$", re.I)
_RELEASE = re.compile(r"^\s*(?:Release(?:d)? time|Published|Date|发布时间|發布時間)\s*[:：]\s*(.+)$", re.I)
_ZH_MASTHEAD = re.compile(r"^\s*《\s*(.+?)\s*》\s*[(（]\s*(.+?)[)）]\s*$")
_AGENCY_DATELINE = re.compile(r"^\s*([A-Z][\w' ]*?(?:News Agency|News Service|Daily|Times|Press))\s*,\s*[A-Z]")
# Page furniture such as a "ㄑ" back arrow (a Bopomofo letter) before a title.
_LEADING_JUNK = re.compile(r"^(?:[^\w\"“'‘(（《]|[\u3100-\u312f])+")

# Lines that only carry metadata are found among a document's first and last lines.
_HEAD_LINES = 12
_DATE_LINE_CHARS = 40  # a line that is only a date is short; longer ones are not searched for one
_TAIL_LINES = 4


@dataclass(frozen=True)
class FoundMeta:
    title: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    metadata_lines: frozenset[int] = frozenset()  # indexes of paragraphs that are only metadata


def parse_date(text: str) -> str:
    """The first date written in `text`, as YYYY-MM-DD, or ""."""
    candidates = []
    for rx, order in ((_ISO_DATE, "ymd"), (_ZH_DATE, "ymd"), (_EN_DATE, "mdy"), (_EN_DATE_DMY, "dmy")):
        m = rx.search(text)
        if m:
            parts = dict(zip(order, m.groups()))
            month = parts["m"]
            month = _MONTHS.get(month[:3].lower()) if not month.isdigit() else int(month)
            year, day = int(parts["y"]), int(parts["d"])
            if month and 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100:
                candidates.append((m.start(), f"{year:04d}-{month:02d}-{day:02d}"))
    return min(candidates)[1] if candidates else ""


def find_metadata(paragraphs: list[str]) -> FoundMeta:
    """Read publisher, date, URL and title from the paragraphs at the start and end of a text."""
    title = publisher = date = url = ""
    meta_lines: set[int] = set()
    n = len(paragraphs)
    places = list(range(min(n, _HEAD_LINES))) + list(range(max(_HEAD_LINES, n - _TAIL_LINES), n))
    for i in places:
        text = paragraphs[i].strip()
        if m := _URL.match(text):
            url = url or m.group(1)
            meta_lines.add(i)
        elif m := _SOURCE.match(text):
            publisher = publisher or m.group(1)
            date = date or parse_date(m.group(2) or "")
            meta_lines.add(i)
        elif m := _RELEASE.match(text):
            date = date or parse_date(m.group(1))
            meta_lines.add(i)
        elif m := _ZH_MASTHEAD.match(text):
            publisher = publisher or m.group(1)
            date = date or parse_date(m.group(2))
            meta_lines.add(i)
        elif len(text) <= _DATE_LINE_CHARS and (found := parse_date(text)) and len(text) <= len(found) + 4:
            date = date or found  # a line that is only a date
            meta_lines.add(i)
        else:
            if m := _AGENCY_DATELINE.match(text):
                publisher = publisher or m.group(1)
            if i < 3 and not date and "|" in text and (found := parse_date(text.rsplit("|", 1)[1])):
                date = found  # "Title | September 6, 2022"
    for i in range(min(n, 3)):
        text = _LEADING_JUNK.sub("", paragraphs[i].strip().lstrip("#").strip())
        if i in meta_lines or not _looks_like_title(text):
            continue
        title = text.split(" | ")[0].strip() if "|" in text and parse_date(text.rsplit("|", 1)[1]) else text
        break
    return FoundMeta(title, publisher, date, url, frozenset(meta_lines))


def _looks_like_title(text: str) -> bool:
    """A title is short, has several words, and does not end like a sentence."""
    if not text or len(text) > 300 or text.endswith((".", "。", "!", "?")):
        return False
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han >= 6 or len(text.split()) >= 4
