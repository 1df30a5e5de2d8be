"""The review workbook on the seeds: its sheets, formula-like text, the editor's round trip, bad workbooks."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from seeded import seeded_store
from typer.testing import CliRunner

from cli import app
from glossary import decisions, termbase, xlsx
from glossary.clusters import fold
from glossary.decisions import STATUSES, Decision
from glossary.mine import mine_and_save
from tm import table as table_format
from tm.errors import GlossError
from tm.store import Store

runner = CliRunner()
TERM = "网络强国"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """The seeds mined, without decisions; tests that change it work on copies."""
    return seeded_store(tmp_path_factory, edited=False)


@pytest.fixture
def db(seeded, tmp_path) -> Path:
    copy = tmp_path / "gloss.sqlite"
    shutil.copy(seeded, copy)
    return copy


def gloss(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def export(db: Path, path: Path) -> Path:
    result = gloss("export", "xlsx", "-o", path, "--db", db)
    assert result.exit_code == 0, result.output
    return path


def table(path: Path, sheet: str = xlsx.GLOSSARY) -> list[dict[str, object]]:
    """A sheet's rows as dicts keyed by header."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def by_term(path: Path) -> dict[str, dict[str, object]]:
    return {row[xlsx.ZH]: row for row in table(path)}


def edit(source: Path, target: Path, change: Callable) -> Path:
    """Open the workbook as an editor would, let `change(sheet, cell)` edit the Glossary, save it elsewhere."""
    wb = openpyxl.load_workbook(source)
    ws = wb[xlsx.GLOSSARY]
    columns = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, columns[xlsx.ZH]).value: r for r in range(2, ws.max_row + 1)}

    def cell(term: str, header: str):
        return ws.cell(rows[term], columns[header])

    change(ws, cell)
    wb.save(target)
    return target


def stored(db: Path) -> dict[str, Decision]:
    with Store.open(db, create=False) as store:
        return decisions.load(store)


def views(db: Path) -> list[decisions.GlossaryTerm]:
    with Store.open(db, create=False) as store:
        return list(decisions.glossary(store, termbase.entries(store)))


def test_the_workbook_has_every_sheet_laid_out_for_review(seeded, tmp_path):
    path = export(seeded, tmp_path / "review.xlsx")
    terms = views(seeded)
    entries = [v.entry for v in terms]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [xlsx.GLOSSARY, xlsx.INCONSISTENCIES, xlsx.RENDERINGS, xlsx.CONCORDANCE, xlsx.CHART,
                             xlsx.SNAPSHOT]
    assert wb[xlsx.SNAPSHOT].sheet_state == "veryHidden" and wb[xlsx.SNAPSHOT].protection.sheet
    for ws in (ws for ws in wb if ws.sheet_state == "visible"):
        assert ws.freeze_panes and ws.auto_filter.ref == f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
        assert all(ws.column_dimensions[get_column_letter(c)].width > 6 for c in range(1, ws.max_column + 1))
        assert ws.cell(2, 1).alignment.wrap_text

    glossary = wb[xlsx.GLOSSARY]
    assert [c.value for c in glossary[1]] == [c.header for c in xlsx.GLOSSARY_COLUMNS]
    assert glossary.max_row - 1 == len(terms) > 100
    [statuses] = glossary.data_validations.dataValidation
    assert statuses.formula1 == '"' + ",".join(STATUSES) + '"' and str(statuses.sqref) == f"D2:D{len(terms) + 1}"
    assert {str(r.sqref) for r in glossary.conditional_formatting} >= {f"J2:J{len(terms) + 1}"}

    row = by_term(path)[TERM]
    assert row[xlsx.PINYIN] == "wǎngluò qiángguó" and row[xlsx.STATUS] == "proposed"
    assert row[xlsx.PREFERRED_EN] == "leading cyber power"
    assert re.search(r"network power \(\d+ inferred\)", row[xlsx.OTHERS])
    assert TERM in row[xlsx.EXAMPLE_ZH] and "leading cyber power" in row[xlsx.EXAMPLE_EN]
    assert row[xlsx.PUBLISHERS] == "People's Daily; Xinhua News Agency"

    ranked = table(path, xlsx.INCONSISTENCIES)
    scores = [r[xlsx.SCORE] for r in ranked]
    assert len(ranked) == sum(e.score > 0 for e in entries) and all(s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True) and ranked[0][xlsx.ZH] == entries[0].term

    renderings = table(path, xlsx.RENDERINGS)
    publishers = sorted({p for e in entries for c in e.renderings for p in c.publishers})
    assert len(renderings) == sum(len(e.renderings) for e in entries)
    assert all(sum(r[p] for p in publishers) == r["count"] for r in renderings)
    aligned = {r["rendering"]: r for r in renderings if r[xlsx.ZH] == TERM and r["evidence"] == "aligned"}
    assert aligned["leading cyber power"]["decision"] == "preferred" and aligned["leading cyber power"]["People's Daily"]

    concordance = table(path, xlsx.CONCORDANCE)
    assert len(concordance) == sum(len(c.examples) for e in entries for c in e.renderings)
    assert any(r[xlsx.ZH] == TERM and TERM in (r["zh sentence"] or "") for r in concordance)

    with zipfile.ZipFile(path) as z:
        [chart_xml] = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    chart_xml = re.sub(r"<(/?)c:", r"<\1", chart_xml)  # with or without the namespace prefix
    assert '<barDir val="bar"/>' in chart_xml and '<grouping val="stacked"/>' in chart_xml
    assert chart_xml.count("<ser>") == len(publishers)
    chart_rows = table(path, xlsx.CHART)
    assert chart_rows[0]["term: rendering"].startswith(entries[0].term + ": ")


def test_text_that_looks_like_a_formula_stays_text(db, tmp_path):
    note, added = "=cmd|' /C calc'!A0", ("+1+1", "-2", "@SUM(1)", "#N/A")
    with Store.open(db, create=False) as store:
        decisions.save(store, [Decision(TERM, note=note, added=added), Decision("清朗", note="#N/A")])
    path = export(db, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[xlsx.GLOSSARY]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in (note, "; ".join(added), "#N/A"):
        assert cells[text].data_type == "s"
    assert cells[note].quotePrefix and cells["; ".join(added)].quotePrefix
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(re.search(r"<f[ >]", s) for s in sheets)  # no formula anywhere
    assert ' t="e"' not in sheets[0]  # nor an error value
    result = gloss("import", "xlsx", path, "--db", db)
    assert result.exit_code == 0 and "(0 terms changed" in result.output, result.output


def test_the_editors_round_trip(db, tmp_path):
    first = export(db, tmp_path / "first.xlsx")
    entry = next(v.entry for v in views(db) if v.term == TERM)
    variant = next(c.text for c in entry.renderings if fold(c.text) not in {fold(entry.preferred), "cyber power"})

    def review(ws, cell):
        cell(TERM, xlsx.PREFERRED_EN).value = "cyber power"
        cell(TERM, xlsx.STATUS).value = "approved"
        cell(TERM, xlsx.REJECTED).value = variant
        cell(TERM, xlsx.ADDED).value = "strong cyber nation; great cyber power"
        cell(TERM, xlsx.NOTE).value = "house style since 2024"
        reviewer = ws.max_column + 1
        ws.cell(1, reviewer, "reviewer")
        ws.cell(cell(TERM, xlsx.ZH).row, reviewer, "Ann")

    result = gloss("import", "xlsx", edit(first, tmp_path / "edited.xlsx", review), "--db", db)
    assert result.exit_code == 0, result.output
    assert (f"{TERM}: preferred: — → cyber power; status: proposed → approved; "
            f"note: — → house style since 2024; rejected {variant!r}; added 'great cyber power'; "
            "added 'strong cyber nation'; other columns changed" in result.output)
    assert "(1 term changed" in result.output
    [(term, decision)] = stored(db).items()
    assert term == TERM and decision.extra == (("reviewer", "Ann"),) and decision.updated

    second = export(db, tmp_path / "second.xlsx")
    before, after = by_term(first), by_term(second)
    row = after[TERM]
    assert (row[xlsx.PREFERRED_EN], row[xlsx.STATUS], row[xlsx.REJECTED], row[xlsx.ADDED], row[xlsx.NOTE],
            row["reviewer"]) == ("cyber power", "approved", variant, "strong cyber nation; great cyber power",
                                 "house style since 2024", "Ann")
    assert re.search(r"leading cyber power \(\d+ aligned", row[xlsx.OTHERS]) and variant not in row[xlsx.OTHERS]
    assert list(after) == list(before)
    for term in before:
        if term != TERM:
            assert after[term] == {**before[term], "reviewer": None}, term
    assert {r["rendering"]: r["decision"] for r in table(second, xlsx.RENDERINGS) if r[xlsx.ZH] == TERM}[variant] \
        == "rejected"

    again = gloss("import", "xlsx", second, "--db", db)  # the re-exported workbook, untouched
    assert again.exit_code == 0 and "(0 terms changed" in again.output

    with Store.open(db, create=False) as store:  # a later `gloss mine`
        mine_and_save(store)
    assert by_term(export(db, tmp_path / "third.xlsx"))[TERM] == row


def test_sorting_and_dropping_read_only_columns_is_not_an_edit(db, tmp_path):
    with Store.open(db, create=False) as store:  # a term the miner does not find, kept for the editor's sake
        decisions.save(store, [Decision("一网统管", preferred="unified network management", status="approved")])
    path = export(db, tmp_path / "review.xlsx")

    def sort_and_drop(ws, cell):
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
        for r, values in enumerate(sorted(rows, key=lambda v: v[0]), start=2):
            for c, value in enumerate(values, start=1):
                ws.cell(r, c).value = value
        ws.delete_cols(len(xlsx.GLOSSARY_COLUMNS))  # example en
        ws.delete_cols(2)  # pinyin

    assert by_term(path)["一网统管"][xlsx.PINYIN] == termbase.pinyin_of("一网统管")
    result = gloss("import", "xlsx", edit(path, tmp_path / "sorted.xlsx", sort_and_drop), "--db", db)
    assert result.exit_code == 0 and f"(0 terms changed, {len(views(db))} unchanged)" in result.output, result.output


def _good_edit(ws, cell):
    cell("清朗", xlsx.NOTE).value = "quote the campaign name"


def _duplicate(ws, cell):
    ws.append([c.value for c in ws[cell(TERM, xlsx.ZH).row]])


BAD = {
    "renamed sheet": (lambda ws, cell: setattr(ws, "title", "Terms"),
                      "sheet Glossary: sheet missing (the workbook has Terms, Inconsistencies"),
    "missing column": (lambda ws, cell: ws.delete_cols(4),
                       "sheet Glossary, row 1: required column 'status' is missing"),
    "duplicate row": (_duplicate, f'column A "zh": {TERM} is also in row'),
    "approved without preferred": (
        lambda ws, cell: (setattr(cell(TERM, xlsx.PREFERRED_EN), "value", None),
                          setattr(cell(TERM, xlsx.STATUS), "value", "approved")),
        'column C "preferred en": an approved term needs a preferred rendering'),
    "status not in the list": (lambda ws, cell: setattr(cell(TERM, xlsx.STATUS), "value", "done"),
                               'column D "status": status \'done\' is not one of proposed, approved'),
    "new term without English": (lambda ws, cell: (setattr(cell(TERM, xlsx.ZH), "value", "不存在的术语"),
                                                   setattr(cell(TERM, xlsx.PREFERRED_EN), "value", None),
                                                   setattr(cell(TERM, xlsx.ADDED), "value", None)),
                                 'column A "zh": new term \'不存在的术语\' has no English'),
    "preferred also rejected": (lambda ws, cell: setattr(cell(TERM, xlsx.REJECTED), "value", "Leading Cyber Power"),
                                'column F "rejected renderings": the preferred rendering'),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_workbook_is_reported_and_changes_nothing(db, tmp_path, case):
    break_it, message = BAD[case]
    path = export(db, tmp_path / "review.xlsx")
    rows = {term: n for n, term in enumerate(by_term(path), start=2)}

    def change(ws, cell):
        _good_edit(ws, cell)
        break_it(ws, cell)

    result = gloss("import", "xlsx", edit(path, tmp_path / "bad.xlsx", change), "--db", db)
    assert result.exit_code == 2 and message in result.output, result.output
    assert "nothing changed" in result.output and stored(db) == {}
    if case not in ("renamed sheet", "missing column", "duplicate row"):
        assert f"sheet Glossary, row {rows[TERM]}, column " in result.output


def test_partial_applies_the_good_rows_and_lists_the_rest(db, tmp_path):
    path = export(db, tmp_path / "review.xlsx")
    row = {term: n for n, term in enumerate(by_term(path), start=2)}[TERM]

    def change(ws, cell):
        _good_edit(ws, cell)
        cell(TERM, xlsx.STATUS).value = "done"
        _duplicate(ws, cell)

    edited = edit(path, tmp_path / "bad.xlsx", change)
    result = gloss("import", "xlsx", edited, "--partial", "--db", db)
    assert result.exit_code == 2, result.output
    assert "清朗: note: — → quote the campaign name" in result.output and "(1 term changed" in result.output
    assert f"sheet Glossary, row {row}, column D \"status\": status 'done'" in result.output
    assert result.output.count(f"{TERM} is also in row") == 2  # the term's rows are both left out
    assert set(stored(db)) == {"清朗"}


@pytest.mark.parametrize("name, content", [("review.xlsx", b"not a workbook"), ("review.csv", b"zh,en\n")])
def test_a_file_that_is_not_a_workbook_is_one_line(db, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = gloss("import", "xlsx", path, "--db", db)
    assert result.exit_code == 2
    assert result.output.startswith(f"gloss: error: {path}: not a readable XLSX workbook") and \
        result.output.count("\n") == 1, result.output
    missing = gloss("import", "xlsx", tmp_path / "absent.xlsx", "--db", db)
    assert missing.exit_code == 2 and missing.output == f"gloss: error: {tmp_path / 'absent.xlsx'}: no such file\n"


def test_the_export_is_atomic(db, tmp_path, monkeypatch):
    path = tmp_path / "review.xlsx"
    path.write_bytes(b"the earlier export")

    def fail(self, target):
        target.write(b"half a workbook")
        raise GlossError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", fail)
    result = gloss("export", "xlsx", "-o", path, "--db", db)
    assert result.exit_code == 2 and "disk full" in result.output
    assert path.read_bytes() == b"the earlier export" and list(tmp_path.glob("*.part")) == []


def test_a_workbook_that_would_unpack_too_far_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A zip bomb's members expand a thousand times; here the limits are lowered so that a real
    workbook of one repeated cell stands in for one."""
    from openpyxl import Workbook

    from tm import decode

    path = tmp_path / "bomb.xlsx"
    wb = Workbook()
    for _ in range(20_000):
        wb.active.append(["网络强国", "cyber power"])
    wb.save(path)
    monkeypatch.setattr(decode, "RATIO_FROM", 100_000)
    monkeypatch.setattr(decode, "RATIO_LIMIT", 5)
    with Store.open(tmp_path / "g.sqlite") as store, \
            pytest.raises(GlossError, match=r"refused: xl/worksheets/sheet1.xml would unpack .* \(a zip bomb\?\)"):
        xlsx.import_workbook(store, path)
    monkeypatch.setattr(decode, "RATIO_LIMIT", 1000)
    monkeypatch.setattr(decode, "UNPACKED_LIMIT", 100_000)
    with pytest.raises(GlossError, match="refused: the workbook would unpack to"):
        next(iter(next(table_format.read(path)).units))


def test_a_term_in_thousands_of_documents_names_a_readable_few_everywhere(db, tmp_path):
    # A frequent term of a large corpus: more document ids than a cell holds (32,767 characters).
    many = tuple(f"corpus/part-{n:05d}_{n * 7919:012x}" for n in range(5000))
    with Store.open(db, create=False) as store:
        entries = termbase.entries(store)
        first = next(e for e in entries if e.term == TERM)
        cluster = first.renderings[0]._replace(documents=many)
        widened = first._replace(renderings=(cluster, *first.renderings[1:]))
        termbase.save(store, [widened if e is first else e for e in entries])
    wb = openpyxl.load_workbook(export(db, tmp_path / "review.xlsx"))
    longest = max(len(c.value) for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str))
    assert longest < 32_767
    cells = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith(many[0]) and v.endswith("… (5,000 in all)") for v in cells)
    out = tmp_path / "glossary.tbx"
    assert gloss("export", "tbx", "-o", out, "--db", db).exit_code == 0
    ranking = gloss("rank", "--format", "csv", "--top", 1000, "--kind", "all", "--db", db).output
    for text in (out.read_text(encoding="utf-8"), ranking):  # the term's other documents too
        assert re.search(r"[;,] … \(5,0\d\d in all\)", text) and many[-1] not in text
    shown = gloss("lookup", TERM, "--db", db).output
    assert f"{many[0]}, " in shown and "… (5,000 in all)]" in shown and many[-1] not in shown
    assert many[-1] in gloss("lookup", TERM, "--json", "--db", db).output  # machines get every one
