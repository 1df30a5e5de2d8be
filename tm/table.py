"""Reader for bilingual tables (XLSX, CSV, TSV): each row with a Chinese and an English cell is a unit.

Cells are data, never code: a CSV cell such as "=SUM(A1)" is kept as written, and an XLSX formula
counts as the value Excel cached for it. A formula no spreadsheet ever calculated has no cached
value, so it reads as blank and its row is skipped: its source is an expression, not a translation.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import zipfile
import zlib
from contextlib import closing
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from tm.decode import file_hash, open_text, open_workbook
from tm.errors import GlossError
from tm.lang import detect_lang
from tm.records import Document, DocumentMeta, UnitPair
from tm.lang import lang_of

if TYPE_CHECKING:
    import openpyxl
    from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

NAME = "table"
SUFFIXES = (".xlsx", ".csv", ".tsv")

log = logging.getLogger(__name__)

# Column names besides language tags (zh-CN, en_US, zh-Hant…), which lang_of reads.
_LANGUAGE_NAMES = {
    **dict.fromkeys(("cn", "chinese", "中文", "汉语"), "zh"),
    **dict.fromkeys(("english", "英文", "英语"), "en"),
}
# These name a side of the translation, not a language, so a column named for its language wins.
_SIDE_NAMES = {"source": "zh", "原文": "zh", "target": "en", "译文": "en"}

# Rows read ahead to find the header and, failing that, to tell the languages of the columns;
# also the number of CSV lines the delimiter is sniffed from.
_SAMPLE_ROWS = 50
# What reading a read-only workbook's rows may raise on a damaged file: whichever error its zip,
# deflate or XML layer hits, the rows being parsed as they are read.
_XLSX_ERRORS = (OSError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, SyntaxError)

_Row = tuple[int, list[str]]  # (row number as a spreadsheet shows it, cell texts)


@dataclass(frozen=True)
class _Layout:
    """Where a table keeps its pairs."""

    zh: int  # column index
    en: int
    first_row: int  # number of the first row that may hold a pair


def sniff(head: bytes) -> bool:
    """Never claims a file: a CSV's first bytes look like any text, so tables go by suffix only."""
    return False


def read(path: Path) -> Iterator[Document]:
    """One Document whose units are streamed row by row; the header is checked before it is yielded."""
    path = Path(path)
    units = _xlsx_units(path) if path.suffix.lower() == ".xlsx" else _csv_units(path)
    meta = DocumentMeta(doc_id=path.stem, source=str(path), format=NAME, layout="units")
    yield Document(meta=meta, content_hash=file_hash(path), units=units)


def read_pair(zh_path: Path, en_path: Path) -> Document:
    """A table of Chinese and the table of its translation (`name.zh.csv` with `name.en.csv`): the
    Chinese column of one beside the English column of the other, row by row when they have as
    many rows, else as paragraphs for the aligner."""
    from tm import text

    return text.pair_lines(_column(zh_path, "zh"), _column(en_path, "en"), zh_path, en_path, NAME, "row")


def _column(path: Path, lang: str) -> list[str]:
    """The cells of a one-language table's `lang` column (a header row naming it left out)."""
    if path.suffix.lower() == ".xlsx":
        workbook = open_workbook(path, read_only=True, data_only=True)
        try:
            rows = [cells for _, cells in _sheet_rows(workbook.worksheets[0], path)] if workbook.worksheets else []
        finally:
            workbook.close()
    else:
        rows = [cells for _, cells in _csv_rows(path)]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise GlossError("empty file: no rows", path)
    header = [c.strip().lower() for c in rows[0]]
    named = [i for i, h in enumerate(header) if (lang_of(h) or _LANGUAGE_NAMES.get(h) or _SIDE_NAMES.get(h)) == lang]
    if named:
        return [_cell(cells, named[0]) for cells in rows[1:]]
    width = max(len(cells) for cells in rows)
    index = _mostly([[t for t in (_cell(cells, i) for cells in rows) if t.strip()] for i in range(width)], lang, None)
    if index is None:
        raise GlossError(f"no {'Chinese' if lang == 'zh' else 'English'} column found", path)
    first = 0 if detect_lang(_cell(rows[0], index)) == lang else 1  # a header that names no language
    return [_cell(cells, index) for cells in rows[first:]]


def _csv_units(path: Path) -> Iterator[UnitPair]:
    layout = _layout(_sample(_csv_rows(path)), path, prefix="")
    if layout is None:
        raise GlossError("empty file: no rows", path)
    # The sample's file handle is closed; the units open the file afresh when they are consumed.
    return _pairs(_csv_rows(path), layout, prefix="")


def _csv_rows(path: Path) -> Iterator[_Row]:
    """Rows of a CSV or TSV file, streamed; .tsv splits on tabs, .csv on whichever of , ; tab fits."""
    try:
        fh = open_text(path)
    except OSError as exc:
        raise GlossError(f"cannot read: {exc.strerror}", path) from None
    number, start_line = 0, 1
    with fh:
        try:
            head = list(islice(fh, _SAMPLE_ROWS))
            # strict: an unclosed quote is an error instead of swallowing the rest of the file.
            reader = csv.reader(chain(head, fh), delimiter=_delimiter(path, "".join(head)), strict=True)
            for number, row in enumerate(reader, start=1):
                yield number, row
                start_line = reader.line_num + 1
        except csv.Error as exc:
            where = f"row {number + 1} (line {start_line})"
            raise GlossError(f"malformed CSV, check the quotes: {exc}", path, where) from None
        except UnicodeDecodeError:
            # The decoder reads ahead, so only a lower bound of the position is known.
            raise GlossError(f"cannot decode as {fh.encoding} after row {number}", path) from None


def _delimiter(path: Path, sample: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","  # one column or too little text to tell: the format's default


def _xlsx_units(path: Path) -> Iterator[UnitPair]:
    workbook = open_workbook(path, read_only=True, data_only=True)
    try:
        sheets: list[tuple[ReadOnlyWorksheet, _Layout]] = []
        refused: list[GlossError] = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers record a wrong size, which would cut rows off
            try:
                layout = _layout(_sample(_sheet_rows(sheet, path)), path, prefix=f"{sheet.title} ")
            except GlossError as exc:
                refused.append(exc)
                continue
            if layout is not None:
                sheets.append((sheet, layout))
        if not sheets:
            raise refused[0] if refused else GlossError("empty file: no rows in any sheet", path)
    except BaseException:
        workbook.close()
        raise
    for exc in refused:
        log.info("skipped a sheet: %s", exc)
    return _xlsx_pairs(workbook, sheets, path)


def _xlsx_pairs(
    workbook: openpyxl.Workbook, sheets: list[tuple[ReadOnlyWorksheet, _Layout]], path: Path
) -> Iterator[UnitPair]:
    """Units of every sheet in turn; the workbook is closed once they are consumed."""
    try:
        for sheet, layout in sheets:
            yield from _pairs(_sheet_rows(sheet, path), layout, prefix=f"{sheet.title} ")
    finally:
        workbook.close()


def _sheet_rows(sheet: ReadOnlyWorksheet, path: Path) -> Iterator[_Row]:
    try:
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield number, [_cell_text(cell) for cell in cells]
    except _XLSX_ERRORS as exc:
        raise GlossError(f"damaged worksheet: {exc}", path, sheet.title) from None


def _cell_text(cell: ReadOnlyCell | EmptyCell) -> str:
    """A cell's value as text, written the way a spreadsheet shows it."""
    value = cell.value
    if value is None or cell.data_type == "e":  # error values such as #NAME? are not text anyone wrote
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.15g}"  # as Excel shows numbers: 2021.0 as 2021, 0.1 + 0.2 as 0.3
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _sample(rows: Iterator[_Row]) -> list[_Row]:
    with closing(rows):
        return list(islice(rows, _SAMPLE_ROWS))


def _layout(sample: list[_Row], path: Path, prefix: str) -> _Layout | None:
    """Find the zh and en columns by header names, else by the languages of the cells; None if no rows."""
    rows = [(number, cells) for number, cells in sample if any(cell.strip() for cell in cells)]
    if not rows:
        return None
    # A title line above the header usually fills a single cell.
    header_row, header = next((row for row in rows if sum(bool(cell.strip()) for cell in row[1]) > 1), rows[0])
    named = _named_columns(header)
    if named:
        return _Layout(*named, first_row=header_row + 1)
    body = [cells for number, cells in rows if number > header_row]
    width = max((len(cells) for cells in body), default=0)
    columns = [[text for text in (_cell(cells, i) for cells in body) if text.strip()] for i in range(width)]
    zh = _mostly(columns, "zh", skip=None)
    en = _mostly(columns, "en", skip=zh)
    if zh is None or en is None:
        shown = ", ".join(repr(cell) for cell in header if cell.strip())
        where = f"{prefix}row {header_row}"
        raise GlossError(f"no Chinese and English columns found in header: {shown}", path, where)
    # Without a header the first row is already a pair.
    is_pair = detect_lang(_cell(header, zh)) == "zh" and detect_lang(_cell(header, en)) == "en"
    return _Layout(zh, en, first_row=header_row if is_pair else header_row + 1)


def _named_columns(header: list[str]) -> tuple[int, int] | None:
    names = [cell.strip().lower() for cell in header]
    languages = [lang_of(name) or _LANGUAGE_NAMES.get(name, "") for name in names]
    sides = [_SIDE_NAMES.get(name, "") for name in names]

    def find(lang: str) -> int | None:
        for named in (languages, sides):
            if lang in named:
                return named.index(lang)
        return None

    zh, en = find("zh"), find("en")
    return (zh, en) if zh is not None and en is not None else None


def _mostly(columns: list[list[str]], lang: str, skip: int | None) -> int | None:
    """Index of the column with the largest share of `lang` cells, if more than half of its cells are."""
    best, best_share = None, 0.5
    for i, texts in enumerate(columns):
        if i == skip or not texts:
            continue
        share = sum(detect_lang(text) == lang for text in texts) / len(texts)
        if share > best_share:
            best, best_share = i, share
    return best


def _pairs(rows: Iterator[_Row], layout: _Layout, prefix: str) -> Iterator[UnitPair]:
    with closing(rows):
        for number, cells in rows:
            zh, en = _cell(cells, layout.zh), _cell(cells, layout.en)
            if number >= layout.first_row and zh.strip() and en.strip():
                yield UnitPair(zh=zh, en=en, ref=f"{prefix}row {number}")


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""
