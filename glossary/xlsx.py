"""The review workbook: the glossary for editors as XLSX, and their decisions read back from it."""

from __future__ import annotations

import datetime
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from glossary import decisions, imports, termbase
from glossary.clusters import fold
from glossary.exports import ExportFormat
from glossary.decisions import ADMITTED, DEPRECATED, PREFERRED, STATUSES, Decision, GlossaryTerm
from glossary.imports import ImportResult, Problem
from glossary.records import Example, TermEntry, listed
from glossary.report import spreadsheet_safe
from tm.atomic import atomic_write
from tm.decode import open_workbook
from tm.errors import GlossError
from tm.store import Store

GLOSSARY, INCONSISTENCIES, RENDERINGS, CONCORDANCE, CHART = (
    "Glossary", "Inconsistencies", "Renderings", "Concordance", "By publisher")
# A hidden, protected sheet: what each Glossary row said when exported, so that an import applies
# only what the editor changed and sees what changed in the store meanwhile.
SNAPSHOT = "gloss snapshot"
_SNAPSHOT_FORMAT = "gloss-snapshot 1"

# The Glossary sheet's headers; import finds columns by these (in any order, any case).
ZH, PINYIN, PREFERRED_EN, STATUS, OTHERS, REJECTED, ADDED, NOTE = (
    "zh", "pinyin", "preferred en", "status", "other renderings (count)", "rejected renderings",
    "added renderings", "editor's note")
SCORE, OCCURRENCES, DOCUMENTS, PUBLISHERS, EXAMPLE_ZH, EXAMPLE_EN, KIND = (
    "inconsistency", "occurrences", "documents", "publishers", "example zh", "example en", "kind")
# Without these columns an import could not tell an emptied cell from a deleted column.
REQUIRED = (ZH, PREFERRED_EN, STATUS, REJECTED, ADDED, NOTE)
SEPARATOR = "; "
_COUNTS = re.compile(r"\s*\([^()]*\)$")  # the evidence counts after a rendering in "other renderings"

CHART_TERMS = 8  # the most inconsistent terms the chart shows
CHART_RENDERINGS = 6  # renderings a term at most contributes to the chart
MAX_ROW_LINES = 6  # taller rows would hide their neighbours; the whole text is in the cell
_LINE_HEIGHT = 15  # points, for the default 11-point font

_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFF")  # named, or Calc falls back to a serif
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_EDITABLE_FONT = Font(name="Calibri", bold=True, color="3A2A00")
_EDITABLE_FILL = PatternFill("solid", fgColor="FFD966")
_STATUS_FILLS = {"approved": "C6EFCE", "needs review": "FFEB9C", "rejected": "D9D9D9"}
_NO_ENGLISH_FILL = PatternFill("solid", fgColor="F8CBAD")
_NO_ENGLISH = ("No English observed: this term is left out of the TBX, TSV, CSV and PO glossaries "
               "until you give a preferred or an added rendering.")


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str = ""
    editable: bool = False
    hint: str = ""  # the header's comment


GLOSSARY_COLUMNS = (
    Column(ZH, 16),
    Column(PINYIN, 18),
    Column(PREFERRED_EN, 28, editable=True, hint="The rendering to use. Leave as is to keep the proposal."),
    Column(STATUS, 14, editable=True, hint="Choose from the list: " + ", ".join(STATUSES) + "."),
    Column(OTHERS, 40),
    Column(REJECTED, 28, editable=True, hint="Renderings not to use, separated by ;"),
    Column(ADDED, 28, editable=True, hint="Renderings of your own, separated by ;"),
    Column(NOTE, 30, editable=True, hint="Anything the next editor should know."),
    Column(KIND, 13),
    Column(SCORE, 13, "0.00"),
    Column(OCCURRENCES, 12),
    Column(DOCUMENTS, 24),
    Column(PUBLISHERS, 26),
    Column(EXAMPLE_ZH, 45),
    Column(EXAMPLE_EN, 60),
)


def _problem(message: str, row: int | None = None, column: str = "") -> Problem:
    """A problem in the Glossary sheet: at a row, and a column (letter and header, e.g. 'D "status"')."""
    where = f"sheet {GLOSSARY}" + (f", row {row}" if row is not None else "") + (f", column {column}" if column else "")
    return Problem(where, message)


# --- export ----------------------------------------------------------------------------


def write(views: Sequence[GlossaryTerm], path: Path) -> dict[str, int]:
    """Write the review workbook atomically; returns the data rows of each sheet."""
    wb = Workbook()
    publishers = sorted({p for v in views if v.entry for c in v.entry.renderings for p, _ in c.per_publisher})
    ranked = sorted((v for v in views if v.entry and v.entry.score > 0), key=lambda v: -v.entry.score)
    counts = {
        GLOSSARY: _glossary_sheet(wb.active, views),
        INCONSISTENCIES: _inconsistency_sheet(wb.create_sheet(), ranked),
        RENDERINGS: _renderings_sheet(wb.create_sheet(), views, publishers),
        CONCORDANCE: _concordance_sheet(wb.create_sheet(), views),
        CHART: _chart_sheet(wb.create_sheet(), ranked[:CHART_TERMS], publishers),
    }
    _snapshot_sheet(wb.create_sheet(SNAPSHOT), views)
    with atomic_write(path) as fh:
        wb.save(fh)
    return counts


def _glossary_sheet(ws: Worksheet, views: Sequence[GlossaryTerm]) -> int:
    extra_headers = list(dict.fromkeys(h for v in views if v.decision for h, _ in v.decision.extra))
    columns = GLOSSARY_COLUMNS + tuple(Column(h, 20, editable=True) for h in extra_headers)
    n = _table(ws, GLOSSARY, columns, (_glossary_row(v, extra_headers) for v in views), freeze="B2")
    status = _letter(columns, STATUS)
    cells = f"{status}2:{status}{max(n, 1) + 1}"
    choices = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=False,
                             showErrorMessage=True, errorTitle="status",
                             error="Choose one of: " + ", ".join(STATUSES))
    choices.add(cells)
    ws.add_data_validation(choices)
    for value, colour in _STATUS_FILLS.items():
        ws.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[f'"{value}"'],
                                                        fill=PatternFill("solid", bgColor=colour)))
    _score_colours(ws, _letter(columns, SCORE), n)
    # A term with no English to give is in no glossary export until the editor gives it some.
    preferred = _letter(columns, PREFERRED_EN)
    for row, view in enumerate(views, start=2):
        if not view.english:
            cell = ws[f"{preferred}{row}"]
            cell.fill = _NO_ENGLISH_FILL
            cell.comment = Comment(_NO_ENGLISH, "gloss")
    return n


def _snapshot_sheet(ws: Worksheet, views: Sequence[GlossaryTerm]) -> None:
    """Each term's editable cells as exported, as JSON; hidden from the editor and locked."""
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    ws.append([_SNAPSHOT_FORMAT, now])
    for view in views:
        ws.append([view.term, json.dumps(_exported(view), ensure_ascii=False)])
    ws.sheet_state = "veryHidden"  # not even listed by Format > Sheet > Show
    ws.protection.sheet = True


def _exported(view: GlossaryTerm) -> dict[str, str]:
    """The cells an import compares with, as the workbook holds them when read back: the editable
    ones and the editor's own columns."""
    cells = {**_editable(view), **(dict(view.decision.extra) if view.decision else {})}
    return {h: _text(ILLEGAL_CHARACTERS_RE.sub("", v)) for h, v in cells.items()}


def _glossary_row(view: GlossaryTerm, extra_headers: Sequence[str]) -> list[Any]:
    entry = view.entry
    cells = _editable(view)
    example = _example(view)
    added = {fold(a) for a in _split(cells[ADDED])}
    tallies = _tallies(entry)
    others = [f"{text} ({_count_phrase(tallies[fold(text)])})"
              for text, status in view.renderings if status == ADMITTED and fold(text) not in added]
    extra = dict(view.decision.extra) if view.decision else {}
    return [view.term, entry.pinyin if entry else termbase.pinyin_of(view.term), cells[PREFERRED_EN],
            cells[STATUS], SEPARATOR.join(others), cells[REJECTED], cells[ADDED], cells[NOTE],
            entry.category if entry else "", entry.score if entry else None, entry.frequency if entry else None,
            _sources(entry, "documents"), _sources(entry, "publishers"),
            example.zh if example else "", example.en if example else "",
            *(extra.get(h, "") for h in extra_headers)]


def _editable(view: GlossaryTerm) -> dict[str, str]:
    """The cells editors may change, as the export writes them: import compares the workbook with these."""
    decision = view.decision or Decision(view.term)
    shown = [text for text, status in view.renderings if status == DEPRECATED]
    # a rejected rendering nobody used is not among the renderings, but the editor must still see it
    shown_keys = {fold(t) for t in shown}
    unseen = [r for r in decision.rejected if fold(r) not in shown_keys]
    return {PREFERRED_EN: view.preferred, STATUS: view.status, REJECTED: SEPARATOR.join(shown + unseen),
            ADDED: SEPARATOR.join(decision.added), NOTE: view.note}


@dataclass
class _Tally:
    """One rendering's counts across its aligned and inferred clusters."""

    text: str
    evidence: Counter = field(default_factory=Counter)
    publishers: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.evidence.values())


def _tallies(entry: TermEntry | None) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = {}
    for c in entry.renderings if entry else ():
        tally = tallies.setdefault(fold(c.text), _Tally(c.text))
        tally.evidence[c.evidence] += c.count
        tally.publishers.update(dict(c.per_publisher))
    return tallies


def _sources(entry: TermEntry | None, name: str) -> str:
    """Every document or publisher (`name`) of a term's renderings."""
    return listed(sorted({s for c in entry.renderings for s in getattr(c, name)}), SEPARATOR) if entry else ""


def _count_phrase(tally: _Tally) -> str:
    return ", ".join(f"{n} {evidence}" for evidence, n in sorted(tally.evidence.items()))


def _example(view: GlossaryTerm) -> Example | None:
    """A sentence pair for the preferred rendering if there is one, aligned (with its Chinese) first."""
    if not view.entry:
        return None
    preferred = fold(view.preferred)
    clusters = sorted(view.entry.renderings, key=lambda c: (fold(c.text) != preferred, c.evidence != "aligned"))
    examples = [x for c in clusters for x in c.examples]
    return next((x for x in examples if x.zh), examples[0] if examples else None)


def _inconsistency_sheet(ws: Worksheet, ranked: Sequence[GlossaryTerm]) -> int:
    columns = (Column("rank", 7), Column(ZH, 16), Column(PINYIN, 18), Column(SCORE, 13, "0.00"),
               Column(PREFERRED_EN, 28), Column(STATUS, 13), Column("renderings (count)", 60),
               Column(PUBLISHERS, 30), Column("also renders other terms", 36))
    rows = ([n, v.term, v.entry.pinyin, v.entry.score, v.preferred, v.status,
             SEPARATOR.join(f"{t.text} ({_count_phrase(t)})" for t in _tallies(v.entry).values()),
             _sources(v.entry, "publishers"),
             SEPARATOR.join(f"{r} = {', '.join(others)}" for r, others in v.entry.collisions)]
            for n, v in enumerate(ranked, start=1))
    n = _table(ws, INCONSISTENCIES, columns, rows, freeze="C2")
    _score_colours(ws, _letter(columns, SCORE), n)
    return n


def _renderings_sheet(ws: Worksheet, views: Sequence[GlossaryTerm], publishers: Sequence[str]) -> int:
    columns = (Column(ZH, 16), Column("rendering", 30), Column("evidence", 10), Column("count", 8),
               *(Column(p, 14) for p in publishers), Column("decision", 11), Column("confidence", 11, "0.00"),
               Column("first date", 12), Column("last date", 12), Column(DOCUMENTS, 24),
               Column("surface forms", 36))
    decided = {PREFERRED: "preferred", DEPRECATED: "rejected", ADMITTED: ""}

    def rows() -> Iterable[list[Any]]:
        for v in views:
            status = {fold(text): decided[s] for text, s in v.renderings}
            for c in v.entry.renderings if v.entry else ():
                counts = dict(c.per_publisher)
                yield [v.term, c.text, c.evidence, c.count, *(counts.get(p, 0) for p in publishers),
                       status.get(fold(c.text), ""), c.confidence, c.first_date, c.last_date,
                       listed(c.documents, SEPARATOR), SEPARATOR.join(f"{t} ({k})" for t, k in c.forms)]

    return _table(ws, RENDERINGS, columns, rows(), freeze="C2")


def _concordance_sheet(ws: Worksheet, views: Sequence[GlossaryTerm]) -> int:
    columns = (Column(ZH, 16), Column("rendering", 26), Column("evidence", 10), Column("zh sentence", 55),
               Column("en sentence", 70), Column("document", 22), Column("publisher", 22), Column("date", 12))
    rows = ([v.term, c.text, c.evidence, x.zh, x.en, x.document, x.publisher, x.date]
            for v in views if v.entry for c in v.entry.renderings for x in c.examples)
    return _table(ws, CONCORDANCE, columns, rows, freeze="C2")


def _chart_sheet(ws: Worksheet, ranked: Sequence[GlossaryTerm], publishers: Sequence[str]) -> int:
    """The chart's data (term: rendering × publisher) and a stacked bar chart of it beside."""
    columns = (Column("term: rendering", 46), *(Column(p, 14) for p in publishers))
    rows = [[f"{v.term}: {t.text}", *(t.publishers.get(p, 0) for p in publishers)]
            for v in ranked
            for t in sorted(_tallies(v.entry).values(), key=lambda t: -t.total)[:CHART_RENDERINGS]]
    n = _table(ws, CHART, columns, rows, freeze="A2")
    if not n or not publishers:
        return n
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = f"How the renderings of the {len(ranked)} most inconsistent terms split by publisher"
    chart.add_data(Reference(ws, min_col=2, max_col=1 + len(publishers), min_row=1, max_row=n + 1),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    chart.x_axis.scaling.orientation = "maxMin"  # the most inconsistent term on top, as in the table
    chart.y_axis.title = "occurrences"
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 otherwise leaves Excel's axes hidden
    chart.legend.position = "b"
    chart.width, chart.height = 26, max(8.0, 0.55 * n + 3)
    ws.add_chart(chart, f"{get_column_letter(len(columns) + 2)}2")
    return n


def _table(ws: Worksheet, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]],
           freeze: str) -> int:
    """Header, rows, widths, filter, frozen header and print layout; returns the rows written."""
    ws.title = title
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(1, c, col.header)
        cell.font, cell.fill = (_EDITABLE_FONT, _EDITABLE_FILL) if col.editable else (_HEADER_FONT, _HEADER_FILL)
        cell.alignment = _WRAP
        if col.hint:
            cell.comment = Comment(col.hint, "gloss")
        ws.column_dimensions[get_column_letter(c)].width = col.width
    ws.row_dimensions[1].height = _LINE_HEIGHT * max(_lines(c.header, c.width) for c in columns)
    n = 0
    for n, row in enumerate(rows, start=1):
        for c, (col, value) in enumerate(zip(columns, row), start=1):
            _put(ws.cell(n + 1, c), value, col.number_format)
        # neither Excel nor LibreOffice fits row heights to wrapped text in a file they did not write
        lines = max((_lines(v, col.width) for col, v in zip(columns, row) if isinstance(v, str)), default=1)
        ws.row_dimensions[n + 1].height = _LINE_HEIGHT * min(lines, MAX_ROW_LINES)
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return n


def _put(cell, value: Any, number_format: str) -> None:
    cell.alignment = _WRAP
    if number_format:
        cell.number_format = number_format
    if value is None or value == "":
        return
    if not isinstance(value, str):
        cell.value = value
        return
    put_text(cell, value)


def put_text(cell, value: str) -> None:
    """Corpus text into a cell, as text whatever it looks like."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters make openpyxl refuse the text
    cell.value = text
    # openpyxl would store "=…" as a formula and "#N/A" as an error: corpus text is always text;
    # the quote prefix keeps Excel from turning "=…", "+…", "-…", "@…" into a formula when edited
    cell.data_type = "s"
    if spreadsheet_safe(text) != text:
        cell.quotePrefix = True


def _lines(text: str, width: float) -> int:
    """About how many lines `text` wraps to in a column `width` characters wide (Chinese is twice as wide)."""
    per_line = max(width - 4, 4.0)  # words wrap whole: a line holds a few characters less than its width
    return sum(max(1, math.ceil(sum(1 + (unicodedata.east_asian_width(ch) in "WF") for ch in line) / per_line))
               for line in text.splitlines() or [""])


def _letter(columns: Sequence[Column], header: str) -> str:
    return get_column_letter(1 + [c.header for c in columns].index(header))


def _score_colours(ws: Worksheet, letter: str, n: int) -> None:
    """White for consistent terms, through amber to red for the most inconsistent."""
    ws.conditional_formatting.add(f"{letter}2:{letter}{max(n, 1) + 1}", ColorScaleRule(
        start_type="num", start_value=0, start_color="FFFFFF", mid_type="num", mid_value=1,
        mid_color="FFD966", end_type="max", end_color="F8696B"))


# --- import ----------------------------------------------------------------------------


def import_workbook(store: Store, path: Path, partial: bool = False, force: bool = False) -> ImportResult:
    """Apply the editor's changes in the Glossary sheet: only cells that differ from what the
    workbook was exported with (its snapshot sheet; a workbook without one is compared with the
    store). A cell the editor changed that was also changed in the store since the export is a
    conflict. With problems or conflicts nothing changes, unless `partial` (the other rows are
    applied) or, for conflicts, `force` (the workbook wins)."""
    path = Path(path)
    table, snapshot, sheets = _read_workbook(path)
    header, columns, problems = _glossary_header(table, sheets)
    if problems:
        return ImportResult(problems=tuple(problems))
    known = {c.header.lower() for c in GLOSSARY_COLUMNS}
    extra_headers = [h for h in header if h and h.lower() not in known]
    where = {h: f'{get_column_letter(columns[h.lower()] + 1)} "{h}"' for h in (*REQUIRED, *extra_headers)}
    rows = [(n, {h: values[columns[h.lower()]] for h in (*REQUIRED, *extra_headers)})
            for n, values in enumerate(table[1:], start=2) if any(values)]
    rows_of: dict[str, list[int]] = defaultdict(list)
    for n, cells in rows:
        rows_of[cells[ZH]].append(n)

    views = {v.term: v for v in decisions.glossary(store, termbase.entries(store))}
    good, older = [], []
    for n, cells in rows:
        view = views.get(cells[ZH]) or decisions.apply(None, None, cells[ZH])
        # A term mined or added after the export has no snapshot: it is compared with the store.
        current = _exported(view)
        baseline = snapshot.get(cells[ZH], current) if snapshot is not None else current
        found = _row_problems(cells, n, views, where)
        # of two rows for one term, which one the editor meant is not for us to guess
        found += [_problem(f"{cells[ZH]} is also in row {other}", n, where[ZH])
                  for other in rows_of[cells[ZH]] if cells[ZH] and other != n]
        if not force:
            found += _conflicts(cells, baseline, current, n, where)
        if any(not _same(h, current.get(h, ""), baseline.get(h, "")) and _same(h, v, baseline.get(h, ""))
               for h, v in cells.items() if h != ZH):
            older.append(view.term)
        problems += found
        if not found:
            good.append((view, cells, baseline))
    if problems and not partial:
        return ImportResult(problems=tuple(problems))

    return imports.record(store, ((view.decision, _decide(view, cells, baseline, extra_headers))
                                    for view, cells, baseline in good), path.name, problems, older)


def read_glossary(path: Path) -> list[decisions.GlossaryTerm]:
    """The terms of a review workbook as its editor left it (for `gloss check --glossary`): the
    preferred, other and added renderings admitted, the rejected ones deprecated."""
    path = Path(path)
    table, _, sheets = _read_workbook(path)
    _, columns, problems = _glossary_header(table, sheets)
    if problems:
        raise GlossError(str(problems[0]), path)
    terms = []
    for values in table[1:]:
        cells = {h: values[columns[h.lower()]] if h.lower() in columns else "" for h in (*REQUIRED, OTHERS)}
        if not cells[ZH]:
            continue
        # "network power (3 aligned, 1 inferred)": the counts are the export's, not the rendering's
        others = [_COUNTS.sub("", text) for text in _split(cells[OTHERS])]
        decision = decisions.Decision(cells[ZH], cells[PREFERRED_EN], cells[STATUS] or "proposed", cells[NOTE],
                                      _split(cells[REJECTED]), tuple(dict.fromkeys([*others, *_split(cells[ADDED])])))
        terms.append(decisions.apply(None, decision))
    return terms


def _glossary_header(table: list[list[str]] | None, sheets: list[str]
                     ) -> tuple[list[str], dict[str, int], list[Problem]]:
    """The Glossary sheet's header, each column's index by its lower-cased name, and what stops
    the sheet from being read (no such sheet, a required column missing or twice)."""
    if table is None:
        return [], {}, [_problem(f"sheet missing (the workbook has {', '.join(sheets) or 'no sheets'})")]
    header = table[0] if table else []
    return header, {h.lower(): i for i, h in enumerate(header) if h}, _header_problems(header)


def _conflicts(cells: dict[str, str], baseline: dict[str, str], current: dict[str, str], n: int,
               where: dict[str, str]) -> list[Problem]:
    """Cells the editor changed that the store changed too, since the export, to something else."""
    found = []
    for header, value in cells.items():
        if header == ZH:
            continue
        was, now = baseline.get(header, ""), current.get(header, "")
        if not _same(header, value, was) and not _same(header, now, was) and not _same(header, value, now):
            found.append(_problem(f"conflict: changed in the store since this workbook was exported "
                                 f"(now {now or '—'!r}, here {value or '—'!r}; --force takes the workbook's)",
                                 n, where[header]))
    return found


def _same(header: str, a: str, b: str) -> bool:
    """Two values of a cell alike: a list cell's order, case, plurals and spacing are not an edit."""
    if header in (REJECTED, ADDED):
        return {fold(t) for t in _split(a)} == {fold(t) for t in _split(b)}
    return a == b


def _read_workbook(path: Path) -> tuple[list[list[str]] | None, dict[str, dict[str, str]] | None, list[str]]:
    """The Glossary sheet's cells as text (None when there is no such sheet), the snapshot of what
    was exported (None in a workbook without one), and the sheets' names."""
    wb = open_workbook(path, read_only=False, data_only=False)
    try:
        names = [n for n in wb.sheetnames if n != SNAPSHOT]
        if GLOSSARY not in wb.sheetnames:
            return None, None, names
        table = [[_text(v) for v in row] for row in wb[GLOSSARY].iter_rows(values_only=True)]
        return table, _snapshot(wb[SNAPSHOT], path) if SNAPSHOT in wb.sheetnames else None, names
    finally:
        wb.close()


def _snapshot(ws: Worksheet, path: Path) -> dict[str, dict[str, str]]:
    rows = ws.iter_rows(values_only=True)
    first = next(rows, None)
    if not first or first[0] != _SNAPSHOT_FORMAT:
        raise GlossError(f"sheet {SNAPSHOT!r} is not a snapshot gloss wrote (was it edited?)", path)
    try:
        return {str(term): json.loads(cells) for term, cells, *_ in rows if term}
    except (TypeError, ValueError) as exc:
        raise GlossError(f"sheet {SNAPSHOT!r} is damaged ({exc})", path) from None


def _header_problems(header: list[str]) -> list[Problem]:
    lowered = [h.lower() for h in header if h]
    problems = [_problem(f"column {h!r} appears {lowered.count(h)} times", 1)
                for h in dict.fromkeys(lowered) if lowered.count(h) > 1]
    return problems + [_problem(f"required column {h!r} is missing", 1)
                       for h in REQUIRED if h not in lowered]


def _row_problems(cells: dict[str, str], n: int, views: dict[str, GlossaryTerm],
                  where: dict[str, str]) -> list[Problem]:
    term, preferred, status = cells[ZH], cells[PREFERRED_EN], cells[STATUS]
    found = []
    if not term:
        found.append((ZH, "no term, but other cells are filled in"))
    elif term not in views and not (preferred or cells[ADDED]):
        found.append((ZH, f"new term {term!r} has no English: give a preferred or an added rendering"))
    if status not in STATUSES:
        found.append((STATUS, f"status {status!r} is not one of {', '.join(STATUSES)}"))
    if status == "approved" and not preferred:
        found.append((PREFERRED_EN, "an approved term needs a preferred rendering"))
    if preferred and fold(preferred) in {fold(r) for r in _split(cells[REJECTED])}:
        found.append((REJECTED, f"the preferred rendering {preferred!r} is also rejected"))
    return [_problem(message, n, where[h]) for h, message in found]


def _decide(view: GlossaryTerm, cells: dict[str, str], baseline: dict[str, str],
            extra_headers: Sequence[str]) -> Decision:
    """The term's decision after the editor's changes: only cells that differ from `baseline`
    (what was exported) count; the others keep what the store holds now."""
    new = view.decision or Decision(view.term)
    for header, name in ((PREFERRED_EN, "preferred"), (STATUS, "status"), (NOTE, "note")):
        if not _same(header, cells[header], baseline.get(header, "")):
            new = new._replace(**{name: cells[header]})
    for header, name in ((REJECTED, "rejected"), (ADDED, "added")):
        if not _same(header, cells[header], baseline.get(header, "")):
            new = new._replace(**{name: _split(cells[header])})
    extra = dict(new.extra)
    edited = {h: cells[h] for h in extra_headers if cells[h] != baseline.get(h, "")}
    if edited:
        extra.update(edited)
        new = new._replace(extra=tuple((h, v) for h, v in extra.items() if v))
    return new


def _split(text: str) -> tuple[str, ...]:
    """A list cell: items separated by ";" or line breaks, each once."""
    kept: dict[str, str] = {}
    for line in text.splitlines():
        for item in line.split(";"):
            if item.strip():
                kept.setdefault(fold(item), item.strip())
    return tuple(kept.values())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value).strip()


# The review workbook: every term, rejected ones and those without English too; its count is the
# Glossary sheet's rows.
FORMAT = ExportFormat("xlsx", ".xlsx", "term", lambda terms, path, options: write(terms, path)[GLOSSARY],
                      build_name="review.xlsx", review=True)
