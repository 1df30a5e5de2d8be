"""Flat glossaries: tab-separated for OmegaT (source, target, comment) and CSV for other CAT tools
(zh-CN, en, status, note), one row per rendering, the preferred rendering of a term first."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from glossary.decisions import DEPRECATED, GlossaryTerm, status_word
from glossary.exports import ExportFormat
from glossary.report import spreadsheet_safe
from tm.atomic import atomic_write
from tm.lang import EN_CODE, ZH_CODE, lang_of
from tm.decode import open_text
from tm.errors import GlossError

CSV_HEADER = (ZH_CODE, EN_CODE, "status", "note")
_LINE_BREAKS = re.compile(r"[\t\r\n\v\f\u2028\u2029]+")


@dataclass(frozen=True)
class Row:
    """One rendering of a term as the flat formats carry it."""

    zh: str
    en: str
    status: str  # preferred | admitted | deprecated
    note: str = ""


def remark(term: GlossaryTerm) -> str:
    """The editor's word on a term: its review status (when decided) and note."""
    return "; ".join(x for x in (term.status if term.status != "proposed" else "", term.note) if x)


def rows(terms: Iterable[GlossaryTerm]) -> Iterator[Row]:
    """Every rendering of every term given, preferred first (`decisions.for_export` chooses the terms)."""
    for term in terms:
        for text, status in term.renderings:
            yield Row(term.term, text, status_word(status), remark(term))


def write(terms: Iterable[GlossaryTerm], path: Path, *, fmt: str = "tsv") -> int:
    """Write `fmt` "tsv" (OmegaT) or "csv"; return the number of rows written.

    TSV: `source<TAB>target<TAB>comment`, preferred and admitted renderings only, no header (OmegaT
    would take one for an entry), UTF-8 with a BOM, which OmegaT honours whatever the file's suffix
    (without one it reads .tab files in the system encoding). CSV: a header, every rendering with
    its status, UTF-8 with a BOM so that Excel reads the Chinese, cells safe from formula injection.
    """
    if fmt not in ("tsv", "csv"):
        raise GlossError(f"flat glossary format must be tsv or csv, not {fmt!r}")
    with atomic_write(Path(path), "w", encoding="utf-8-sig") as out:
        return _write_csv(terms, out) if fmt == "csv" else _write_tsv(terms, out)


def _write_tsv(terms: Iterable[GlossaryTerm], out: TextIO) -> int:
    written = 0
    for row in rows(terms):
        if row.status != status_word(DEPRECATED):  # OmegaT would offer it like any other entry
            out.write("\t".join(_one_line(x) for x in (row.zh, row.en, _comment(row))) + "\n")
            written += 1
    return written


def _write_csv(terms: Iterable[GlossaryTerm], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    written = 0
    for row in rows(terms):
        writer.writerow([spreadsheet_safe(cell) for cell in (row.zh, row.en, row.status, row.note)])
        written += 1
    return written


def _comment(row: Row) -> str:
    return "; ".join(x for x in (row.status, row.note) if x)


def _one_line(text: str) -> str:
    """A TSV cell: tabs and line breaks would split the entry, so they become spaces."""
    return _LINE_BREAKS.sub(" ", text).strip()


def read(path: Path) -> Iterator[Row]:
    """Rows of a glossary this module wrote, or of any OmegaT TSV (`#` lines skipped) or CSV with our header."""
    path = Path(path)
    with open_text(path) as fh:
        if path.suffix.lower() == ".csv":
            reader = csv.reader(fh)
            header = next(reader, None)
            # any Chinese and English codes: older exports wrote "en"
            if header is None or len(header) < 4 or (lang_of(header[0]), lang_of(header[1]), *header[2:4]) != (
                    "zh", "en", *CSV_HEADER[2:]):
                raise GlossError(f"the CSV header is not {','.join(CSV_HEADER)}", path, 1)
            for cells in reader:
                yield Row(*(cells + [""] * 4)[:4])
            return
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\r\n").split("\t")
            status, _, note = (cells[2] if len(cells) > 2 else "").partition("; ")
            if status not in ("preferred", "admitted"):  # a comment from elsewhere
                status, note = "", "; ".join(x for x in (status, note) if x)
            yield Row(cells[0], cells[1] if len(cells) > 1 else "", status, note)


TSV = ExportFormat("tsv", ".txt", "OmegaT entry", lambda terms, path, options: write(terms, path, fmt="tsv"),
                   build_name="glossary.txt")
CSV = ExportFormat("csv", ".csv", "row", lambda terms, path, options: write(terms, path, fmt="csv"))
