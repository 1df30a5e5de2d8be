"""Flat glossary formats on the seeded glossary: TSV for OmegaT, CSV for CAT tools, PO; and their commands."""

from __future__ import annotations

import codecs
import re
import subprocess

from typer.testing import CliRunner

from cli import app
from glossary import decisions, po, tsv
from glossary.decisions import Decision, apply
from glossary.report import spreadsheet_safe
from glossary.tsv import Row
from tm.store import Store


def _flat(text: str) -> str:
    return " ".join(re.split(r"[\t\r\n]+", text)).strip()


def _lines_of(zh: str, lines: list[str]) -> list[str]:
    return [line for line in lines if line.split("\t")[0] == zh]


def test_tsv_for_omegat(terms, tmp_path):
    path = tmp_path / "gloss.txt"
    n = tsv.write(terms, path)
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == n and all(line.count("\t") == 2 for line in lines)
    assert lines[0].split("\t")[0] == terms[0].term  # no header row: OmegaT would take it for an entry
    cyber = _lines_of("网络强国", lines)
    assert cyber[0] == "网络强国\tleading cyber power\tpreferred" and "网络强国\tnetwork power\tadmitted" in cyber
    # the editor's rejection is left out, and the note's tab and line break do not split the entry
    assert _lines_of("清朗", lines) == [
        "清朗\tClear and Bright\tpreferred; approved; campaign name keep the quotes see seed 000"]
    assert _lines_of("一张网", lines)[0] == "一张网\tsingle network\tpreferred; needs review"
    assert not _lines_of("管理领导", lines)  # a term the editor rejected
    expected = [Row(r.zh, r.en, r.status, _flat(r.note)) for r in tsv.rows(terms) if r.status != "deprecated"]
    assert list(tsv.read(path)) == expected


def test_tsv_cells_never_hold_a_tab_or_line_break(tmp_path):
    term = apply(None, Decision("测试", preferred="a\tb\nc", status="approved", note="x\r\ny"))
    tsv.write([term], tmp_path / "t.txt")
    assert (tmp_path / "t.txt").read_text(encoding="utf-8-sig") == "测试\ta b c\tpreferred; approved; x y\n"


def test_csv_for_cat_tools(terms, tmp_path):
    path = tmp_path / "gloss.csv"
    n = tsv.write(terms, path, fmt="csv")
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + b"zh-CN,en-US,status,note\r\n")
    rows = list(tsv.read(path))
    assert len(rows) == n == len(list(tsv.rows(terms)))
    assert Row("清朗", "clear and clear", "deprecated", "approved; campaign name\tkeep the quotes\nsee seed 000") in rows
    assert [r for r in rows if r.zh == "数字丝绸之路"] == [
        Row("数字丝绸之路", "Digital Silk Road", "preferred", "approved; =not a formula")]
    # a cell that a spreadsheet would run as a formula is made text
    formula = apply(None, Decision("公式", preferred="=HYPERLINK(\"http://x\")", note="@SUM(A1)"))
    tsv.write([formula], tmp_path / "f.csv", fmt="csv")
    assert list(tsv.read(tmp_path / "f.csv")) == [
        Row("公式", spreadsheet_safe('=HYPERLINK("http://x")'), "preferred", "'@SUM(A1)")]


def test_gloss_reads_its_csv_back_as_a_bilingual_table(terms, tmp_path):
    from tm import table

    path = tmp_path / "gloss.csv"
    tsv.write(terms, path, fmt="csv")
    [document] = table.read(path)
    assert [(u.zh, u.en) for u in document.units] == [(r.zh, r.en) for r in tsv.rows(terms)]


def test_po_glossary(terms, tmp_path):
    import polib

    path = tmp_path / "gloss.po"
    kept = decisions.for_export(terms)
    n = po.write(kept, path, tool_version="test")
    assert n == len(kept) and {t.status for t in kept} <= {"proposed", "approved", "needs review"}
    entries = {e.msgid: e for e in polib.pofile(str(path))}
    assert list(entries) == [t.term for t in kept] and all(e.msgstr for e in entries.values())
    cyber = entries["网络强国"]
    assert cyber.msgstr == "leading cyber power" and "admitted: network power" in cyber.comment.splitlines()
    assert entries["清朗"].comment == ""  # its rejected rendering is left out …
    assert entries["清朗"].tcomment == "approved; campaign name\tkeep the quotes\nsee seed 000"
    assert entries["数字丝绸之路"].msgstr == "Digital Silk Road"
    assert list(po.read(path)) == list(tsv.rows(kept))
    po.write(decisions.for_export(terms, include_rejected=True), path)
    assert {e.msgid: e for e in polib.pofile(str(path))}["清朗"].comment == "deprecated: clear and clear"  # … unless asked


def test_po_glossary_passes_msgfmt_and_translate_toolkit(terms, tmp_path):
    from translate.storage import pypo

    path = tmp_path / "gloss.po"
    po.write(terms, path)
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert check.returncode == 0 and not check.stderr, check.stderr
    units = {u.source: u.target for u in pypo.pofile.parsefile(str(path)).units if not u.isheader()}
    assert units["网络强国"] == "leading cyber power" and units["清朗"] == "Clear and Bright"


def test_export_commands(db, tmp_path):
    runner = CliRunner()
    for kind, unit in (("tbx", "terms"), ("tsv", "OmegaT entries"), ("csv", "rows"), ("po", "terms")):
        out = tmp_path / f"gloss.{kind}"
        result = runner.invoke(app, ["export", kind, "-o", str(out), "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert re.fullmatch(rf"wrote {re.escape(str(out))} \(\d+ {unit}\)\n", result.output) and out.exists()
    v3 = runner.invoke(app, ["export", "tbx", "-o", str(tmp_path / "v3.tbx"), "--tbx-version", "3",
                             "--en-code", "en-US", "--db", str(db)])
    assert v3.exit_code == 0 and 'xml:lang="en-US"' in (tmp_path / "v3.tbx").read_text(encoding="utf-8")
    bad = runner.invoke(app, ["export", "tbx", "-o", str(tmp_path / "x.tbx"), "--tbx-version", "4", "--db", str(db)])
    assert bad.exit_code == 2 and bad.output.startswith("gloss: error: TBX version must be 2")


def test_exports_need_mined_terms(tmp_path):
    db = tmp_path / "empty.sqlite"
    Store.open(db).close()
    result = CliRunner().invoke(app, ["export", "tsv", "-o", str(tmp_path / "g.txt"), "--db", str(db)])
    assert result.exit_code == 2 and "no mined terms" in result.output
    assert not (tmp_path / "g.txt").exists()
