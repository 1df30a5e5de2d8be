"""The review workbook through LibreOffice Calc: every sheet and row read, text kept as text, saved back unchanged."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from seeded import seeded_store

from glossary import decisions, xlsx
from glossary.decisions import Decision
from tm.store import Store

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

TERM = "网络强国"
NOTE, ADDED = "=cmd|' /C calc'!A0", "=1+1"  # would read #NAME? and 2 if Calc took them for formulas
# CSV export options: comma, double quote, UTF-8, from line 1, no column formats, default language,
# quote text only when needed, detect numbers, cells as shown, no formulas, keep spaces, every sheet (-1).
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> tuple[Path, Path, dict[str, int]]:
    """The seeded store with the editors' decisions and text that looks like formulas, and its workbook."""
    db = seeded_store(tmp_path_factory)
    path = tmp_path_factory.mktemp("workbook") / "review.xlsx"
    with Store.open(db, create=False) as store:
        decisions.save(store, [Decision(TERM, note=NOTE, added=(ADDED,))])
        rows = xlsx.write(decisions.ranked(store), path)
    return db, path, rows


def soffice(source: Path, convert_to: str, outdir: Path) -> subprocess.CompletedProcess:
    """Convert with a private profile, so that neither a running LibreOffice nor the user's settings interfere."""
    profile = (outdir / "profile").as_uri()
    return subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", convert_to,
                           "--outdir", str(outdir), str(source)], capture_output=True, text=True, timeout=240,
                          check=True)


def test_calc_reads_every_sheet_and_row_and_keeps_text_as_text(workbook, tmp_path):
    _, path, rows = workbook
    soffice(path, CSV_ALL_SHEETS, tmp_path)
    sheets = {}
    for name in rows:
        with open(tmp_path / f"{path.stem}-{name}.csv", encoding="utf-8", newline="") as fh:
            sheets[name] = list(csv.reader(fh))
    assert {name: len(table) - 1 for name, table in sheets.items()} == rows
    glossary = sheets[xlsx.GLOSSARY]
    assert glossary[0] == [c.header for c in xlsx.GLOSSARY_COLUMNS]
    row = dict(zip(glossary[0], next(r for r in glossary if r[0] == TERM)))
    assert row[xlsx.NOTE] == NOTE and row[xlsx.ADDED] == ADDED
    assert row[xlsx.PREFERRED_EN] == "leading cyber power" and row[xlsx.STATUS] == "proposed"
    assert any(r[0] == TERM for r in sheets[xlsx.RENDERINGS]) and any(r[0] == TERM for r in sheets[xlsx.CONCORDANCE])
    assert all(re.fullmatch(r"\d+\.\d\d", r[3]) for r in sheets[xlsx.INCONSISTENCIES][1:])  # scores as shown


def test_a_workbook_saved_by_calc_imports_without_changes(workbook, tmp_path):
    db, path, rows = workbook
    saved = tmp_path / "saved"
    soffice(path, "xlsx:Calc MS Excel 2007 XML", saved)
    copy = tmp_path / "gloss.sqlite"
    shutil.copyfile(db, copy)
    with Store.open(copy, create=False) as store:
        result = xlsx.import_workbook(store, saved / path.name)
    assert result.problems == () and result.changed == ()
    assert result.unchanged == rows[xlsx.GLOSSARY]


def test_the_workbook_prints(workbook, tmp_path):
    _, path, _ = workbook
    soffice(path, "pdf", tmp_path)
    pdf = (tmp_path / f"{path.stem}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) > 1
