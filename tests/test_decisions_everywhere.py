"""Editors' decisions reach every reader: look-up (text and JSON), rank, the ranking CSV and the glossary exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from cli import app
from glossary import decisions
from glossary.decisions import Decision

runner = CliRunner()


def gloss(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def edited(db):
    """The seeded store with one more decision: a preferred rendering of the editor's own."""
    from tm.store import Store

    with Store.open(db, create=False) as store:
        decisions.save(store, [Decision("网络强国", preferred="cyber superpower", status="approved",
                                        note="house style since 2026", rejected=("network power",),
                                        updated="2026-11-30T09:00:00+00:00", source="review.xlsx")])
    return str(db)


def test_lookup_shows_the_decision(edited):
    text = gloss("lookup", "网络强国", "--db", edited).output
    assert "status: approved" in text and "note: house style since 2026" in text
    assert "preferred: cyber superpower  [editor's choice, 2026-11-30T09:00:00+00:00 from review.xlsx]" in text
    assert "network power  (deprecated)" in text and "cyber superpower  (preferred, added by an editor)" in text
    found = json.loads(gloss("lookup", "网络强国", "--json", "--db", edited).output)
    assert (found["preferred"], found["status"], found["note"]) == ("cyber superpower", "approved",
                                                                      "house style since 2026")
    assert (found["decided_by"], found["decided_at"]) == ("review.xlsx", "2026-11-30T09:00:00+00:00")
    assert {"text": "network power", "status": "deprecated"} in found["statuses"]


def test_lookup_finds_the_editors_renderings_and_terms(edited):
    assert json.loads(gloss("lookup", "Cyber Superpowers", "--json", "--db", edited).output)["term"] == "网络强国"
    unmined = json.loads(gloss("lookup", "数字丝绸之路", "--json", "--db", edited).output)
    assert unmined["preferred"] == "Digital Silk Road" and unmined["status"] == "approved"


def test_a_term_only_an_editor_knows_is_looked_up(edited):
    from tm.store import Store

    with Store.open(edited, create=False) as store:
        decisions.save(store, [Decision("数据要素", preferred="data as a factor of production", status="approved",
                                        added=("data element",), updated="2026-11-30T10:00:00+00:00")])
    text = gloss("lookup", "数据要素", "--db", edited)
    assert text.exit_code == 0 and "added by an editor" in text.output
    assert "data element  (admitted, added by an editor)" in text.output
    assert json.loads(gloss("lookup", "data element", "--json", "--db", edited).output)["term"] == "数据要素"
    assert json.loads(gloss("lookup", "shuju yaosu", "--json", "--db", edited).output)["term"] == "数据要素"


def test_rank_shows_statuses_and_leaves_rejected_terms_out(edited):
    listed = json.loads(gloss("rank", "-n", "500", "-k", "all", "--format", "json", "--db", edited).output)
    status = {e["term"]: e["status"] for e in listed}
    assert status["网络强国"] == "approved" and "管理领导" not in status
    assert next(e for e in listed if e["term"] == "网络强国")["preferred"] == "cyber superpower"
    rejected = json.loads(gloss("rank", "-k", "all", "-s", "rejected", "--format", "json", "--db", edited).output)
    assert [e["term"] for e in rejected] == ["管理领导"]
    table = gloss("rank", "-n", "5", "--db", edited).output
    assert "status" in table and "approved" in table
    rows = list(csv.DictReader(io.StringIO(gloss("rank", "-n", "500", "-f", "csv", "--db", edited).output)))
    cyber = next(r for r in rows if r["term"] == "网络强国")
    assert (cyber["status"], cyber["note"], cyber["preferred"]) == ("approved", "house style since 2026",
                                                                     "cyber superpower")
    assert "network power (deprecated, " in cyber["renderings"]
    bad = gloss("rank", "-s", "done", "--db", edited)
    assert bad.exit_code == 2 and bad.output.startswith("gloss: error: unknown status 'done'")


def test_tm_search_names_the_glossary_terms_of_each_hit_with_their_decision(edited):
    hits = json.loads(gloss("tm", "search", "网络强国", "--json", "--db", edited).output)
    named = {t["term"]: t for hit in hits for t in hit["terms"]}
    assert named["网络强国"] == {"term": "网络强国", "preferred": "cyber superpower", "status": "approved"}
    assert "管理领导" not in named  # rejected
    text = gloss("tm", "search", "网络强国", "--db", edited).output
    assert "网络强国 = cyber superpower (approved)" in text


_ENTRY = {"tbx": "<term>{}</term>", "tsv": "\n{}\t", "csv": "\n{},", "po": 'msgid "{}"'}


@pytest.mark.parametrize("fmt", ["tbx", "tsv", "csv", "po"])
def test_exports_leave_rejected_terms_and_renderings_out_unless_asked(edited, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"

    def holds(term: str) -> bool:
        return _ENTRY[fmt].format(term) in "\n" + out.read_text(encoding="utf-8-sig")

    rejected = {"tbx": "<term>network power</term>", "tsv": "\tnetwork power\t", "csv": ",network power,",
                "po": "deprecated: network power"}[fmt]
    assert gloss("export", fmt, "-o", str(out), "--db", edited).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert not holds("管理领导") and holds("网络强国") and rejected not in text and "cyber superpower" in text
    assert gloss("export", fmt, "-o", str(out), "--include-rejected", "--db", edited).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    # OmegaT's TSV has no way to say "do not use": a rejected rendering never goes there
    assert (rejected in text) == (fmt != "tsv")
    if fmt == "tbx":
        assert "deprecatedTerm-admn-sts" in text
    assert gloss("export", fmt, "-o", str(out), "--approved-only", "--db", edited).exit_code == 0
    assert holds("网络强国") and holds("清朗") and not holds("网信事业")


def test_terms_without_english_are_not_glossary_entries_but_are_marked_for_review(db, tmp_path):
    import openpyxl

    from glossary import xlsx
    from seeded import glossary_of

    terms = glossary_of(db)
    bare = [t.term for t in terms if not t.english]
    assert bare and not {t.term for t in decisions.for_export(terms)} & set(bare)
    path = tmp_path / "review.xlsx"
    assert gloss("export", "xlsx", "-o", str(path), "--db", str(db)).exit_code == 0
    sheet = openpyxl.load_workbook(path)[xlsx.GLOSSARY]
    header = [c.value for c in sheet[1]]
    column = header.index(xlsx.PREFERRED_EN)
    marked = {row[0].value for row in sheet.iter_rows(min_row=2) if row[column].comment}
    assert marked == set(bare) and "left out of the TBX" in sheet.cell(2 + [r[0].value for r in sheet.iter_rows(
        min_row=2)].index(bare[0]), column + 1).comment.text


def test_a_rejected_rendering_is_marked_in_every_form_it_was_seen():
    """"network powers" (inferred) is the rejected "Network Power" (aligned) as the glossary folds it."""
    from glossary import report
    from test_ranking import PD, XH, entry, obs

    mined = entry("网络强国", [obs("网络强国", "leading cyber power", PD), obs("网络强国", "Network Power", PD),
                               obs("网络强国", "network powers", XH, "inferred", 0.5)])
    view = decisions.apply(mined, Decision("网络强国", rejected=("network power",)))
    summary = report.rendering_summary(view)
    assert "Network Power (deprecated, 1, aligned)" in summary and "network powers (deprecated, 1, inferred)" in summary


LOOK_ALIKES = ("=HYPERLINK(\"http://x\",\"y\")", "+cyber", "-1+1", "@SUM(A1)")


def test_text_that_looks_like_a_formula_is_text_in_every_spreadsheet_output_and_raw_for_omegat(db, tmp_path):
    """CSV exports, `rank -f csv`, the review workbook and `check`'s CSV and workbook never let a
    spreadsheet run a cell; OmegaT's TSV, which no spreadsheet has to open, keeps the text as written."""
    import shutil

    import openpyxl

    from tm.store import Store

    path = tmp_path / "gloss.sqlite"
    shutil.copyfile(db, path)
    store_db = str(path)
    with Store.open(path) as store:
        decisions.save(store, [Decision("网络强国", preferred=LOOK_ALIKES[1], status="approved", note=LOOK_ALIKES[0],
                                        added=(LOOK_ALIKES[2], LOOK_ALIKES[3]), updated="2026-11-30T09:00:00+00:00")])
    translation = tmp_path / "translation.txt"
    translation.write_text("建设网络强国。\nBuild a strong network nation.\n", encoding="utf-8")
    outputs = {"csv": tmp_path / "g.csv", "xlsx": tmp_path / "g.xlsx", "tsv": tmp_path / "g.txt"}
    for fmt, out in outputs.items():
        assert gloss("export", fmt, "-o", str(out), "--db", store_db).exit_code == 0
    ranked = gloss("rank", "-n", "1000", "-f", "csv", "--db", store_db)
    (tmp_path / "rank.csv").write_text(ranked.output, encoding="utf-8")
    for fmt in ("csv", "xlsx"):
        checked = gloss("check", str(translation), "--format", fmt, "-o", str(tmp_path / f"check.{fmt}"),
                        "--db", store_db)
        assert checked.exit_code == 1, checked.output  # the translation lacks the preferred rendering

    for name in ("g.csv", "rank.csv", "check.csv"):
        cells = [c for row in csv.reader(io.StringIO((tmp_path / name).read_text(encoding="utf-8-sig"))) for c in row]
        looked = [c for c in cells if any(x in c for x in LOOK_ALIKES)]
        assert looked and all(c[0] not in "=+-@" for c in looked), (name, looked)
    for name in ("g.xlsx", "check.xlsx"):  # text cells; one that starts like a formula is quote-prefixed
        cells = [c for ws in openpyxl.load_workbook(tmp_path / name) for row in ws.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells), f"{name} holds a formula"
        looked = [c for c in cells if isinstance(c.value, str) and any(x in c.value for x in LOOK_ALIKES)]
        assert looked and all(c.value[0] not in "=+-@" and c.value[0] != "'" or c.quotePrefix for c in looked), name
    tsv = outputs["tsv"].read_text(encoding="utf-8-sig")
    assert f"网络强国\t{LOOK_ALIKES[1]}\tpreferred; approved; {LOOK_ALIKES[0]}" in tsv.splitlines()
