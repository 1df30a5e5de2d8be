"""The review round trip end to end: build on the seeds, an editor's workbook, every output showing each
decision, and older or rival workbooks that cannot undo it."""

from __future__ import annotations

import csv
import json
import shutil

import openpyxl
import polib
import pytest
from typer.testing import CliRunner

from cli import app
from glossary import xlsx
from seeded import edit_workbook as edit

runner = CliRunner()
NEW_TERM = "数据要素"  # not in the seeds: the editor adds it


def gloss(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    db, out = str(folder / "gloss.sqlite"), folder / "out"
    assert gloss("build", "--db", db, "-o", str(out)).exit_code == 0
    original = folder / "original.xlsx"
    shutil.copyfile(out / "review.xlsx", original)
    edited = edit(original, folder / "edited.xlsx", {
        "网络强国": {xlsx.PREFERRED_EN: "strong cyber nation", xlsx.STATUS: "approved", xlsx.NOTE: "house style"},
        "全球互联网": {xlsx.STATUS: "rejected", xlsx.NOTE: "too general"},
        "网信事业": {xlsx.REJECTED: "cybersecurity and informatization during"},
    }, new_rows=[{xlsx.ZH: NEW_TERM, xlsx.PREFERRED_EN: "data as a factor of production", xlsx.STATUS: "approved"}])
    imported = gloss("import", "xlsx", edited, "--db", db)
    assert imported.exit_code == 0, imported.output
    return folder, db, original, edited


def test_every_output_shows_each_decision(round_trip):
    folder, db, _, _ = round_trip
    cyber = json.loads(gloss("lookup", "网络强国", "--json", "--db", db).output)
    assert (cyber["preferred"], cyber["status"], cyber["note"], cyber["decided_by"]) == (
        "strong cyber nation", "approved", "house style", "edited.xlsx")
    assert json.loads(gloss("lookup", NEW_TERM, "--json", "--db", db).output)["status"] == "approved"
    ranked = {e["term"]: e for e in json.loads(gloss("rank", "-n", "1000", "-k", "all", "-f", "json", "--db", db).output)}
    assert ranked["网络强国"]["preferred"] == "strong cyber nation" and "全球互联网" not in ranked
    assert NEW_TERM in ranked

    exports = {}
    for fmt in ("tbx", "tsv", "csv", "po", "xlsx"):
        path = folder / f"after.{fmt}"
        assert gloss("export", fmt, "-o", str(path), "--db", db).exit_code == 0
        exports[fmt] = path
    tbx = exports["tbx"].read_text(encoding="utf-8")
    assert "<term>strong cyber nation</term>" in tbx and f"<term>{NEW_TERM}</term>" in tbx
    assert "<term>全球互联网</term>" not in tbx and "<term>cybersecurity and informatization during</term>" not in tbx
    tsv = exports["tsv"].read_text(encoding="utf-8-sig").splitlines()
    assert "网络强国\tstrong cyber nation\tpreferred; approved; house style" in tsv
    assert not any(line.startswith("全球互联网\t") for line in tsv)
    rows = list(csv.reader(exports["csv"].open(encoding="utf-8-sig")))
    assert ["网络强国", "strong cyber nation", "preferred", "approved; house style"] in rows
    assert [NEW_TERM, "data as a factor of production", "preferred", "approved"] in rows
    po = {e.msgid: e for e in polib.pofile(str(exports["po"]))}
    assert po["网络强国"].msgstr == "strong cyber nation" and "全球互联网" not in po
    sheet = openpyxl.load_workbook(exports["xlsx"])[xlsx.GLOSSARY]
    header = [c.value for c in sheet[1]]
    by_term = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_term["网络强国"][xlsx.PREFERRED_EN] == "strong cyber nation"
    assert by_term["全球互联网"][xlsx.STATUS] == "rejected"  # the workbook keeps everything, marked
    assert by_term[NEW_TERM][xlsx.STATUS] == "approved"


def test_the_same_workbook_twice_changes_nothing(round_trip):
    _, db, _, edited = round_trip
    again = gloss("import", "xlsx", edited, "--db", db)
    assert again.exit_code == 0 and "(0 terms changed" in again.output


def test_an_older_workbook_undoes_nothing(round_trip):
    _, db, original, _ = round_trip
    older = gloss("import", "xlsx", str(original), "--db", db)
    assert older.exit_code == 0 and "(0 terms changed" in older.output
    assert "the store's decisions stand: " in older.output and "网络强国" in older.output
    assert json.loads(gloss("lookup", "网络强国", "--json", "--db", db).output)["preferred"] == "strong cyber nation"


def test_a_rival_edit_of_the_same_cell_is_a_conflict(round_trip):
    folder, db, original, _ = round_trip
    rival = edit(original, folder / "rival.xlsx", {"网络强国": {xlsx.PREFERRED_EN: "network power"},
                                                    "清朗": {xlsx.NOTE: "a campaign"}})
    result = gloss("import", "xlsx", rival, "--db", db)
    assert result.exit_code == 2 and "nothing changed" in result.output
    assert 'column C "preferred en": conflict: changed in the store since this workbook was exported' in result.output
    assert json.loads(gloss("lookup", "清朗", "--json", "--db", db).output)["note"] == ""  # not even the good row
    partial = gloss("import", "xlsx", rival, "--partial", "--db", db)
    assert partial.exit_code == 2 and "清朗: note: — → a campaign" in partial.output
    assert json.loads(gloss("lookup", "网络强国", "--json", "--db", db).output)["preferred"] == "strong cyber nation"
    forced = gloss("import", "xlsx", rival, "--force", "--db", db)
    assert forced.exit_code == 0 and "网络强国: preferred: strong cyber nation → network power" in forced.output
