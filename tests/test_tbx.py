"""TBX on the seeded glossary: TBX 2008 and v3 against the TBX-Basic schemas, reading ours and other
tools' files, importing an edited or foreign TBX as decisions, and translate-toolkit reading ours."""

from __future__ import annotations

import re

import pytest
from conftest import data_path
from lxml import etree, isoschematron
from seeded import glossary_of, seeded_store
from typer.testing import CliRunner

from cli import app
from glossary import tbx
from glossary.decisions import ADMITTED, DEPRECATED, PREFERRED
from glossary.tables import GlossaryTables
from tm.errors import GlossError
from tm.store import Store

SAMPLES = ("samples", "tbx")
BASIC_SAMPLE = "tbx2008-basic_TBX-basic-sample.tbx"
ORACLE_SAMPLE = "tbx2008-default_oracle-sample_from-omegat-tests.tbx"
V3_SAMPLE = "tbx-v3-basic-dca_Example_Astronomy_VALID.tbx"
ISO_SCHEMATRON = "http://purl.oclc.org/dsdl/schematron"
OLD_SCHEMATRON = "http://www.ascc.net/xml/schematron"  # the rules embedded in the TBX 2008 RNG


@pytest.fixture(scope="module")
def written(terms, tmp_path_factory):
    out = tmp_path_factory.mktemp("tbx")
    paths = {2: out / "gloss.tbx", 3: out / "gloss-v3.tbx"}
    for version, path in paths.items():
        assert tbx.write(terms, path, version=version, tool_version="test") == len(terms)
    return paths


def gloss(*args: str):
    return CliRunner().invoke(app, list(args))


def _stored_decisions(db) -> list:
    with Store.open(db, create=False) as store:
        return sorted(GlossaryTables(store).decisions())


# Schemas

def _tbx2008_rules() -> isoschematron.Schematron:
    """The Schematron rules the TBX-Basic 2008 RNG embeds (data category values and levels), in ISO form."""
    rng = etree.parse(str(data_path("schemas", "tbx-2008-basic-v2", "TBXBasicRNGV02.rng")))
    schema = etree.Element(f"{{{ISO_SCHEMATRON}}}schema", nsmap={None: ISO_SCHEMATRON})
    for old in rng.iter(f"{{{OLD_SCHEMATRON}}}pattern"):
        pattern = etree.SubElement(schema, f"{{{ISO_SCHEMATRON}}}pattern", id=old.get("name"))
        for old_rule in old.iter(f"{{{OLD_SCHEMATRON}}}rule"):
            rule = etree.SubElement(pattern, f"{{{ISO_SCHEMATRON}}}rule", context=old_rule.get("context"))
            for old_assert in old_rule.iter(f"{{{OLD_SCHEMATRON}}}assert"):
                check = etree.SubElement(rule, f"{{{ISO_SCHEMATRON}}}assert", test=old_assert.get("test"))
                check.text = " ".join("".join(old_assert.itertext()).split())
    return isoschematron.Schematron(schema)


def _v3_dca_rules() -> isoschematron.Schematron:
    """TBX-Basic_DCA.sch v1.2.1 rewritten in memory for lxml's XSLT 1.0, as schemas/SOURCES.md says."""
    sch = etree.parse(str(data_path("schemas", "tbx-v3-basic-1.2.1", "TBX-Basic_DCA.sch")))
    sch.getroot().set("queryBinding", "xslt")
    for el in sch.iter(f"{{{ISO_SCHEMATRON}}}rule", f"{{{ISO_SCHEMATRON}}}assert"):
        for name in ("context", "test"):
            if el.get(name):
                el.set(name, el.get(name).replace("./local-name()", "local-name()").replace(
                    "matches(@target,'https?://.+')",
                    "(starts-with(@target,'http://') or starts-with(@target,'https://'))"))
    return isoschematron.Schematron(sch)


def _valid(schema, path) -> None:
    doc = etree.parse(str(path))
    assert schema.validate(doc), [f"line {e.line}: {e.message}" for e in schema.error_log][:5]


def test_tbx2008_is_valid_tbx_basic(written):
    _valid(etree.RelaxNG(etree.parse(str(data_path("schemas", "tbx-2008-basic-v2", "TBXBasicRNGV02.rng")))),
           written[2])
    rules = _tbx2008_rules()
    _valid(rules, data_path(*SAMPLES, BASIC_SAMPLE))  # the rules as rewritten accept the official sample
    _valid(rules, written[2])


def test_tbx_v3_is_valid_tbx_basic_dca(written):
    _valid(etree.RelaxNG(etree.parse(str(data_path("schemas", "tbx-v3-basic-1.2.1", "TBXcoreStructV03.rng")))),
           written[3])
    rules = _v3_dca_rules()
    _valid(rules, data_path(*SAMPLES, V3_SAMPLE))
    _valid(rules, written[3])
    integrated = data_path("schemas", "tbx-v3-basic-1.1-integrated", "TBXcoreStructV03_TBX-Basic_integrated.rng")
    _valid(etree.RelaxNG(etree.parse(str(integrated))), written[3])


def test_v3_rules_catch_what_tbx_basic_forbids(written, tmp_path):
    bad = tmp_path / "bad.tbx"
    bad.write_text(written[3].read_text(encoding="utf-8").replace("preferredTerm-admn-sts", "best-admn-sts", 1),
                   encoding="utf-8")
    assert not _v3_dca_rules().validate(etree.parse(str(bad)))


# Content

def _entry_of(path, term: str) -> etree._Element:
    doc = etree.parse(str(path))
    [entry] = doc.xpath("//termEntry[langSet/tig/term = $t]", t=term)
    return entry


def _tig(entry: etree._Element, text: str) -> etree._Element:
    [tig] = entry.xpath("langSet[@xml:lang='en-US']/tig[term = $t]", t=text)
    return tig


def test_one_entry_per_chinese_term_with_every_rendering(written, terms):
    entries = list(tbx.read(written[2]))
    assert [e.terms("zh")[0].text for e in entries] == [t.term for t in terms]
    assert [[(x.text, x.status) for x in e.terms("en")] for e in entries] == [list(t.renderings) for t in terms]


def test_a_rendering_carries_status_context_evidence_and_dates(written):
    entry = _entry_of(written[2], "网络强国")
    [zh] = entry.xpath("langSet[@xml:lang='zh-CN']/tig")
    assert "网络强国" in zh.findtext("descripGrp/descrip[@type='context']")
    assert zh.findtext("note").startswith("pinyin: wǎngluò qiángguó")
    preferred = _tig(entry, "leading cyber power")
    assert entry.xpath("langSet[@xml:lang='en-US']/tig[1]/term/text()") == ["leading cyber power"]
    assert preferred.findtext("termNote[@type='administrativeStatus']") == "preferredTerm-admn-sts"
    assert preferred.findtext("termNote[@type='partOfSpeech']") == "noun"
    assert "leading cyber power" in preferred.findtext("descripGrp/descrip[@type='context']")
    assert preferred.findtext("descripGrp/admin[@type='source']") == "People's Daily, 2025-12-02, 000_21c35ee7c56a5279"
    assert preferred.xpath("transacGrp[transac='origination']/date/text()") == ["2025-12-02"]
    assert re.fullmatch(r"3 aligned \(confidence \d\.\d\d\); documents: 000_21c35ee7c56a5279; "
                        r"publishers: People's Daily", preferred.findtext("note"))
    admitted = _tig(entry, "network power")
    assert admitted.findtext("termNote[@type='administrativeStatus']") == "admittedTerm-admn-sts"
    assert "inferred" in admitted.findtext("note") and "Xinhua News Agency" in admitted.findtext("note")


def test_the_editors_status_note_and_rejections_are_in_the_entry(written):
    entry = _entry_of(written[2], "清朗")
    status, note, revision = entry.xpath("note/text()")
    assert (status, note) == ("status: approved", "campaign name\tkeep the quotes\nsee seed 000")
    assert re.fullmatch(r"gloss revision [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}", revision)
    assert entry.xpath("transacGrp[transac='modification']/date/text()") == ["2026-11-20"]
    assert _tig(entry, "clear and clear").findtext("termNote[@type='administrativeStatus']") == \
        "deprecatedTerm-admn-sts"
    by_hand = _entry_of(written[2], "数字丝绸之路")
    assert _tig(by_hand, "Digital Silk Road").findtext("note") == "added by an editor"
    assert by_hand.findtext("langSet/tig/note").startswith("pinyin: shùzì")


def test_language_codes_and_version_are_checked(terms, tmp_path):
    path = tmp_path / "gb.tbx"
    tbx.write(terms[:3], path, version=3, en_code="en-GB", zh_code="zh-Hans")
    assert [tag for tag, _ in next(tbx.read(path)).languages] == ["zh-Hans", "en-GB"]
    for bad in (dict(en_code="fr"), dict(zh_code="ja"), dict(version=4)):
        with pytest.raises(GlossError):
            tbx.write(terms, tmp_path / "bad.tbx", **bad)
    with pytest.raises(GlossError, match="empty"):
        tbx.write([], tmp_path / "empty.tbx")
    assert not (tmp_path / "bad.tbx").exists() and not (tmp_path / "empty.tbx").exists()


def test_a_failed_export_leaves_the_old_file(terms, tmp_path):
    path = tmp_path / "gloss.tbx"
    path.write_text("old", encoding="utf-8")

    def failing():
        yield from terms[:5]
        raise GlossError("disk trouble")

    with pytest.raises(GlossError):
        tbx.write(failing(), path)
    assert path.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["gloss.tbx"]


# Reading and importing

@pytest.mark.parametrize("version", [2, 3])
def test_our_tbx_round_trips(written, terms, version):
    by_term = {t.term: t for t in terms}
    entries = list(tbx.read(written[version]))
    assert len(entries) == len(terms)
    for entry in entries:
        term = by_term[entry.terms("zh")[0].text]
        assert tuple((x.text, x.status) for x in entry.terms("en")) == term.renderings
        assert entry.notes[:-1] == ("status: " + term.status,) + ((term.note,) if term.note else ())
    assert tbx.plan(written[version], by_term) == ([], len(terms), (), ())  # re-importing changes nothing


def test_other_tools_tbx_files_are_read_by_language():
    basic = {e.id: e for e in tbx.read(data_path(*SAMPLES, BASIC_SAMPLE))}
    assert list(basic) == ["c5", "c6", "c7", "c1", "c2"]
    assert [t.text for t in basic["c5"].terms("fr")] == ["courriel"]
    assert [(t.text, t.status) for t in basic["c7"].terms("en")] == [
        ("progressive lens", PREFERRED), ("progressive addition lens", ADMITTED), ("PAL", DEPRECATED),
        ("progressive power lens", ADMITTED), ("graduated lens", tbx.SUPERSEDED)]
    assert [t.text for t in basic["c7"].terms("de")] == ["Gleitsichtglas"]
    assert basic["c6"].terms("en")[0].context.startswith("Users and applications interface with the federated")
    assert basic["c1"].notes == ("This is a sample entry with some data categories at the entry level.",)

    [oracle] = tbx.read(data_path(*SAMPLES, ORACLE_SAMPLE))
    assert [(tag, [t.text for t in terms]) for tag, terms in oracle.languages] == [
        ("en", ["alpha smoothing factor"]), ("hu", ["hu translation"])]

    astronomy = list(tbx.read(data_path(*SAMPLES, V3_SAMPLE)))
    assert len(astronomy) == data_path(*SAMPLES, V3_SAMPLE).read_text(encoding="utf-8").count("<conceptEntry ")
    assert [(t.text, t.status) for t in astronomy[0].terms("en")] == [
        ("open cluster", PREFERRED), ("galactic cluster", tbx.SUPERSEDED)]
    assert astronomy[0].terms("es")[0].text == "cúmulo abierto"
    assert not any(e.terms("zh") for e in astronomy)


@pytest.fixture
def fresh_db(tmp_path_factory):
    return seeded_store(tmp_path_factory)


def _edit(path, out):
    """Our TBX as an editor changes it in a terminology tool."""
    doc = etree.parse(str(path))
    [entry] = doc.xpath("//termEntry[langSet/tig/term = '网络强国']")
    entry.xpath("note")[0].text = "status: approved"
    entry.insert(1, etree.fromstring("<note>house style since 2026</note>"))
    for text, status in (("leading cyber power", "admittedTerm"), ("network power", "preferredTerm")):
        _tig(entry, text).find("termNote[@type='administrativeStatus']").text = status + "-admn-sts"
    entry.xpath("langSet[@xml:lang='en-US']")[0].append(etree.fromstring(
        "<tig><term>cyber superpower</term>"
        "<termNote type='administrativeStatus'>admittedTerm-admn-sts</termNote></tig>"))
    [qinglang] = doc.xpath("//termEntry[langSet/tig/term = '清朗']")
    _tig(qinglang, "clear and clear").find("termNote[@type='administrativeStatus']").text = "admittedTerm-admn-sts"
    doc.write(str(out), encoding="UTF-8")


def test_an_edited_tbx_is_imported_as_decisions(written, fresh_db, tmp_path):
    edited = tmp_path / "edited.tbx"
    _edit(written[2], edited)
    result = gloss("import", "tbx", str(edited), "--db", str(fresh_db))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert ("网络强国: preferred: — → network power; status: proposed → approved; "
            "note: — → house style since 2026; added 'cyber superpower'") in lines
    assert "清朗: no longer rejected 'clear and clear'" in lines
    assert re.fullmatch(r"imported \S+ \(2 terms changed, \d+ unchanged\)", lines[-1])
    view = {t.term: t for t in glossary_of(fresh_db)}["网络强国"]
    assert view.preferred == "network power" and view.status == "approved"
    assert view.renderings[:2] == (("network power", PREFERRED), ("leading cyber power", ADMITTED))
    assert ("cyber superpower", ADMITTED) in view.renderings
    again = gloss("import", "tbx", str(edited), "--db", str(fresh_db))
    assert "(0 terms changed" in again.output


def test_an_older_tbx_of_ours_reverts_nothing_and_an_edit_against_a_newer_decision_is_a_conflict(
        written, fresh_db, tmp_path):
    assert gloss("import", "tbx", str(tmp_path / "x.tbx"), "--db", str(fresh_db)).exit_code == 2
    newer = tmp_path / "newer.tbx"
    _edit(written[2], newer)  # 网络强国 and 清朗 decided after `written` was exported
    assert gloss("import", "tbx", str(newer), "--db", str(fresh_db)).exit_code == 0
    decided = _stored_decisions(fresh_db)
    for version in (2, 3):  # the export from before those decisions, untouched since
        older = gloss("import", "tbx", str(written[version]), "--db", str(fresh_db))
        assert older.exit_code == 0 and "(0 terms changed" in older.output, older.output
        assert "the store's decisions stand: 网络强国, 清朗" in older.output
        assert _stored_decisions(fresh_db) == decided
    rival = tmp_path / "rival.tbx"  # the older export, edited: a conflict where the store moved on
    doc = etree.parse(str(written[2]))
    doc.xpath("//termEntry[langSet/tig/term = '网络强国']/note")[0].text = "status: rejected"
    doc.xpath("//termEntry[langSet/tig/term = '一张网']/note")[0].text = "status: approved"
    doc.write(str(rival), encoding="UTF-8")
    refused = gloss("import", "tbx", str(rival), "--db", str(fresh_db))
    assert refused.exit_code == 2 and "1 entry cannot be imported, nothing changed" in refused.output
    assert re.search(r"line \d+, entry 'term-\d+': conflict: the store's decision changed since this file was "
                     r"exported and the entry was edited too \(--force takes the file's\)", refused.output)
    assert _stored_decisions(fresh_db) == decided
    partial = gloss("import", "tbx", str(rival), "--partial", "--db", str(fresh_db))
    assert partial.exit_code == 2 and "一张网: status: needs review → approved" in partial.output
    forced = gloss("import", "tbx", str(rival), "--force", "--db", str(fresh_db))
    assert forced.exit_code == 0 and "网络强国: preferred: network power → leading cyber power; status: approved → rejected" in forced.output


def test_an_entry_copied_for_a_new_term_is_added_and_an_edited_note_lifts_no_rejection(written, fresh_db, tmp_path):
    import copy

    doc = etree.parse(str(written[2]))
    [qinglang] = doc.xpath("//termEntry[langSet/tig/term = '清朗']")  # 'clear and clear' rejected, left out
    qinglang.xpath("note")[1].text = "the campaign's name"
    [cyber] = doc.xpath("//termEntry[langSet/tig/term = '网络强国']")
    copied = copy.deepcopy(cyber)  # an editor's new entry, made from an old one
    copied.set("id", "new-1")
    copied.xpath("langSet/tig/term")[0].text = "网络大国"
    cyber.addnext(copied)
    edited = tmp_path / "edited.tbx"
    doc.write(str(edited), encoding="UTF-8")
    result = gloss("import", "tbx", str(edited), "--db", str(fresh_db))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "清朗: note: campaign name\tkeep the quotes\nsee seed 000 → the campaign's name\n" in result.output
    assert any(line.startswith("网络大国: ") for line in lines)
    views = {t.term: t for t in glossary_of(fresh_db)}
    assert views["清朗"].decision.rejected == ("clear and clear",) and views["网络大国"].renderings


FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>another tool</p></sourceDesc>
</fileDesc></martifHeader><text><body>
<termEntry id="a"><note>from the ministry's term base</note>
  <langSet xml:lang="zh-TW"><tig><term>網絡強國</term></tig></langSet>
  <langSet xml:lang="en-US"><tig><term>cyber superpower</term></tig></langSet></termEntry>
<termEntry id="b">
  <langSet xml:lang="zh"><ntig><termGrp><term>清朗</term></termGrp></ntig></langSet>
  <langSet xml:lang="en"><tig><term>Clear and Bright</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>Qinglang</term></tig></langSet></termEntry>
<termEntry id="c">
  <langSet xml:lang="en"><tig><term>e-mail</term></tig></langSet>
  <langSet xml:lang="fr"><tig><term>courriel</term></tig></langSet></termEntry>
</body></text></martif>
"""


def test_a_foreign_zh_en_tbx_adds_to_the_decisions(fresh_db, tmp_path):
    foreign = tmp_path / "foreign.tbx"
    foreign.write_text(FOREIGN, encoding="utf-8")
    before = _stored_decisions(fresh_db)
    refused = gloss("import", "tbx", str(foreign), "--db", str(fresh_db))
    assert refused.exit_code == 2 and _stored_decisions(fresh_db) == before
    assert "1 entry cannot be imported, nothing changed" in refused.output
    line = FOREIGN.splitlines().index('<termEntry id="c">') + 1
    assert f"line {line}, entry 'c': no Chinese (zh) term; languages: en, fr" in refused.output

    partial = gloss("import", "tbx", str(foreign), "--partial", "--db", str(fresh_db))
    assert partial.exit_code == 2 and "1 entry left out" in partial.output
    views = {t.term: t for t in glossary_of(fresh_db)}
    cyber = views["网络强国"]  # the Traditional term is matched as Simplified
    assert cyber.preferred == "leading cyber power" and ("cyber superpower", ADMITTED) in cyber.renderings
    assert cyber.note == "from the ministry's term base" and cyber.status == "proposed"
    qinglang = views["清朗"]  # a foreign entry adds to the editor's decision and keeps what it does not mention
    assert qinglang.status == "approved" and qinglang.decision.rejected == ("clear and clear",)
    assert qinglang.decision.added == ("Qinglang",) and qinglang.note.startswith("campaign name")


@pytest.mark.parametrize("sample", [BASIC_SAMPLE, ORACLE_SAMPLE, V3_SAMPLE])
def test_a_tbx_without_chinese_is_refused_with_a_clear_message(fresh_db, sample):
    before = _stored_decisions(fresh_db)
    for flags in ((), ("--partial",)):
        result = gloss("import", "tbx", str(data_path(*SAMPLES, sample)), *flags, "--db", str(fresh_db))
        assert result.exit_code == 2
        [line] = result.output.splitlines()
        assert line.startswith(f"gloss: error: {data_path(*SAMPLES, sample)}: no entry has a Chinese (zh) term")
        assert "languages in the file: " in line and "en" in line
    assert _stored_decisions(fresh_db) == before


def test_a_malformed_or_other_xml_file_changes_nothing(written, fresh_db, tmp_path):
    text = written[2].read_text(encoding="utf-8")
    cut = tmp_path / "cut.tbx"
    cut.write_text(text[: text.index("网络强国")], encoding="utf-8")
    before = _stored_decisions(fresh_db)
    result = gloss("import", "tbx", str(cut), "--partial", "--db", str(fresh_db))
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert re.fullmatch(rf"gloss: error: {re.escape(str(cut))}, line \d+: malformed XML: .+", line)
    other = tmp_path / "memory.tbx"
    other.write_text('<?xml version="1.0"?><tmx version="1.4"><body/></tmx>', encoding="utf-8")
    result = gloss("import", "tbx", str(other), "--db", str(fresh_db))
    assert result.exit_code == 2 and "not a TBX file" in result.output
    assert _stored_decisions(fresh_db) == before


# A real client

def test_translate_toolkit_reads_our_tbx2008(written, terms):
    from translate.storage import tbx as tt_tbx

    store = tt_tbx.tbxfile.parsefile(str(written[2]))
    read = {unit.source: unit.target for unit in store.units}
    assert read == {t.term: t.renderings[0][0] if t.renderings else None for t in terms}
    assert read["网络强国"] == "leading cyber power" and read["清朗"] == "Clear and Bright"
    assert read["一张网"] == "single network"
