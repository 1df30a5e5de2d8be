"""`gloss check`: a translation held to the glossary, on the seeds' own translation and other tools' files."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import PARALLEL_SEED
from seeded import seeded_store
from typer.testing import CliRunner

from cli import app
from glossary import check, decisions
from glossary.check import MISSING, NUMBER, ONE_TRANSLATION, QUOTES, TOKEN, TWO_TRANSLATIONS, USES_DEPRECATED, Segment
from tm import text
from tm.align import align_document
from tm.lang import normalize
from tm.store import Store

runner = CliRunner()
CYBER_POWER = decisions.Decision("网络强国", preferred="cyber power", status="approved",
                                 rejected=("leading cyber power",))


def gloss(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The seeds mined, with one decision: 网络强国 prefers "cyber power", deprecates "leading cyber power"."""
    path = seeded_store(tmp_path_factory, edited=False)
    with Store.open(path) as store:
        decisions.save(store, [CYBER_POWER])
    return path


def _seed_sentences_with_the_term() -> dict[str, str]:
    """Seed 000's aligned sentences whose Chinese holds 网络强国: Chinese → English."""
    beads = align_document(next(text.read(PARALLEL_SEED)))
    return {b.zh_text: b.en_text for b in beads if b.zh and b.en and "网络强国" in normalize(b.zh_text, "zh")}


def _flagged(findings) -> dict[str, str]:
    return {f.segment.zh: f.kind for f in findings if f.term == "网络强国"}


def test_seed_000_is_flagged_exactly_where_it_uses_the_deprecated_rendering(db, tmp_path):
    expected = _seed_sentences_with_the_term()
    assert len(expected) == 3 and all("leading cyber power" in en.lower() for en in expected.values())
    result = gloss("check", str(PARALLEL_SEED), "--db", str(db), "--checks", "terms", "--format", "json")
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)
    assert {r["source"] for r in rows} == set(expected)
    assert {(r["term"], r["check"], r["found"], r["expected"]) for r in rows} == {
        ("网络强国", USES_DEPRECATED, "leading cyber power", "cyber power")}
    # The same translation as a TMX that gloss exported: the same sentences
    tmx = tmp_path / "seeds.tmx"
    assert gloss("export", "tmx", "-o", str(tmx), "--db", str(db)).exit_code == 0
    with Store.open(db) as store:
        rules = check.rules_from_terms(check.decided(decisions.glossary(store, [])))
    findings = check.check(lambda: check.segments([tmx]), rules, ["terms"])
    assert _flagged(findings) == {zh: USES_DEPRECATED for zh in expected}


def test_glossary_files_of_every_kind_give_the_store_s_findings(db, tmp_path):
    """TBX and CSV from gloss (with their rejected renderings), the review workbook; OmegaT's TSV
    carries no deprecated renderings, and "leading cyber power" holds the preferred "cyber power",
    so it flags nothing."""
    expected = {zh: USES_DEPRECATED for zh in _seed_sentences_with_the_term()}
    for fmt, name, *options in (("tbx", "g.tbx"), ("tbx", "g3.tbx", "--tbx-version", "3"), ("csv", "g.csv"),
                                ("xlsx", "g.xlsx"), ("tsv", "g.txt")):
        path = tmp_path / name
        assert gloss("export", fmt, "-o", str(path), "--db", str(db), "--include-rejected", *options).exit_code == 0
        rules = check.rules_from_file(path)
        [rule] = [r for r in rules if r.term == "网络强国"]  # every kind carries the term and its preferred
        assert rule.preferred == "cyber power" and rule.deprecated == (() if fmt == "tsv" else ("leading cyber power",))
        findings = check.check(lambda: check.segments([PARALLEL_SEED]), rules, ["terms"])
        assert _flagged(findings) == ({} if fmt == "tsv" else expected), fmt


@pytest.mark.parametrize("target, holds", [
    ("The Leading Cyber Powers of the world", True),  # case, plural, article
    ("a leading cyber-power", True),  # hyphen
    ("a leading cyber\npower", True),  # line break
    ("leading cyberpower", True),  # an inline tag between the words, taken out
    ("a leading power in cyberspace", False),
    ("leading the cyber domain's power", False),
])
def test_renderings_are_found_through_inflection_case_hyphens_and_articles(target, holds):
    renderings = check._Renderings()
    assert renderings.target(target).holds(renderings.of("leading cyber power")) is holds


def _xliff_with_inline_codes(path) -> None:
    """An XLIFF as translate-toolkit (the XLIFF layer of Pootle and Weblate) writes it, with <g>
    around text, <x/> placeholders and <bpt>/<ept> native codes in source and target."""
    from translate.storage import xliff
    from translate.storage.placeables import StringElem
    from translate.storage.placeables.xliff import Bpt, Ept, G, X

    store = xliff.xlifffile(sourcelanguage="zh-CN", targetlanguage="en-US")
    units = [
        (["加快建设", G(id="1", sub=["网络强国"]), "。"],
         ["Accelerate building a ", G(id="1", sub=["leading cyber"]), X(id="2"), " power."]),
        (["建设网络强国", X(id="1"), "是长期任务。"],
         ["Building a ", Bpt(id="1", sub=["<b>"]), "cyber power", Ept(id="1", sub=["</b>"]), " is a long-term task."]),
        (["网络强国"], ["network power"]),
    ]
    for n, (source, target) in enumerate(units, start=1):
        unit = store.addsourceunit("")
        unit.rich_source, unit.rich_target = [StringElem(source)], [StringElem(target)]
        unit.setid(str(n))
    path.write_bytes(bytes(store))


def test_an_xliff_with_inline_codes_is_checked_on_its_text(tmp_path):
    path = tmp_path / "policy.xlf"
    _xliff_with_inline_codes(path)
    assert b'<g id="1">leading cyber</g><x id="2"/> power' in path.read_bytes()
    rule = check.rules_from_terms([decisions.apply(None, CYBER_POWER)])
    found = {f.segment.ref: (f.kind, f.found) for f in check.check(lambda: check.segments([path]), rule, ["terms"])}
    assert found == {"unit 1": (USES_DEPRECATED, "leading cyber power"), "unit 3": (MISSING, "")}


def _seed_segments() -> list[Segment]:
    beads = align_document(next(text.read(PARALLEL_SEED)))
    return [Segment("seed.txt", f"pair {n}", b.zh_text, b.en_text) for n, b in enumerate(beads) if b.zh and b.en]


def test_numbers_latin_tokens_and_consistency():
    segs = _seed_segments()
    [ipv6] = [s for s in segs if "IPv6" in s.zh]
    assert list(check.check(lambda: segs, [], ["numbers", "tokens"])) == []  # the seed's own translation agrees
    changed = [
        Segment("a.xlf", "1", ipv6.zh, ipv6.en.replace("834 million", "843 million").replace("IPv6 ", "")),
        Segment("a.xlf", "2", segs[0].zh, segs[0].en),
        Segment("b.xlf", "7", segs[0].zh, segs[0].en + " (revised)"),  # one source, two translations
        Segment("b.xlf", "8", segs[1].zh + "。", segs[0].en),  # two sources, one translation
        Segment("b.xlf", "9", "开展“清朗”系列专项行动。", "Carry out the Clear and Bright campaigns."),
    ]
    findings = check.check(lambda: changed, [], check.CHECKS)
    got = {(f.kind, f.segment.ref, f.found) for f in findings}
    assert (NUMBER, "1", "834,000,000") in got and (NUMBER, "1", "843,000,000") in got
    assert (TOKEN, "1", "IPv6") in got
    assert (QUOTES, "9", "1 quoted in the source, 0 in the translation") in got
    assert {(k, r) for k, r, _ in got if k == TWO_TRANSLATIONS} == {(TWO_TRANSLATIONS, "2"), (TWO_TRANSLATIONS, "7")}
    assert {(k, r) for k, r, _ in got if k == ONE_TRANSLATION} == {(ONE_TRANSLATION, "2"), (ONE_TRANSLATION, "8")}


def test_exit_codes_formats_and_unreadable_files(db, tmp_path):
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><body><tu>", encoding="utf-8")
    result = gloss("check", str(broken), str(PARALLEL_SEED), "--db", str(db))
    assert result.exit_code == 2 and result.stderr.startswith("gloss: error: ") and "broken.tmx" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = gloss("check", str(broken), str(PARALLEL_SEED), "--db", str(db), "--keep-going", "--checks", "terms",
                   "--format", "csv")
    assert result.exit_code == 1 and "skipped" in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["term"] for r in rows} == {"网络强国"}
    assert gloss("check", str(PARALLEL_SEED), "--db", str(db), "--checks", "terms", "--fail-on", "0").exit_code == 0
    assert gloss("check", str(PARALLEL_SEED), "--db", str(db), "--checks", "terms", "--fail-on", "100").exit_code == 0
    table = gloss("check", str(PARALLEL_SEED), "--db", str(db), "--checks", "terms")
    assert table.stdout.startswith("网络强国\n")
    assert "deprecated rendering 'leading cyber power': use 'cyber power'" in table.stdout
    out = tmp_path / "findings.xlsx"
    assert gloss("check", str(PARALLEL_SEED), "--db", str(db), "--format", "xlsx", "-o", str(out)).exit_code == 1
    from openpyxl import load_workbook

    ws = load_workbook(out)["Findings"]
    assert [c.value for c in ws[1]] == list(check.ROW_COLUMNS) and ws.max_row > 1
    assert gloss("check", str(PARALLEL_SEED), "--db", str(db), "--checks", "spelling").exit_code == 2
