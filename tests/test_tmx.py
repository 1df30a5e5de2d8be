"""TMX reading (real CAT-tool samples, inline codes, encodings, XXE) and writing (merge, DTD, atomicity)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from conftest import data_path

from tm import tmx, xmlsafe
from tm.decode import file_hash
from tm.errors import GlossError
from tm.records import ExportPair, UnitPair

TMX_DTD = data_path("schemas", "tmx14.dtd")

# Sentence pairs from seeds/000_21c35ee7c56a5279.txt (People's Daily, 2025-12-02).
SEED_PAIRS = [
    ("网信事业取得新的重大成就", "Cybersecurity and Informatization Have Achieved New Major Achievements"),
    (
        "记者:如何认识“十四五”时期网信事业发展取得的成就?",
        'Reporter: How should we understand the achievements made in the development of cybersecurity '
        'and informatization during the "14th Five-Year Plan" period?',
    ),
    (
        "一是网络生态向上向好态势更加巩固。",
        "First, the upward and positive trend of the online ecology has become more consolidated.",
    ),
    (
        "三是国家网络安全屏障更加坚实。",
        "Third, the national cybersecurity barrier is more solid.",
    ),
]


def sample(name: str) -> Path:
    return data_path("samples", "tmx", name)


def read_one(path: Path):
    docs = list(tmx.read(path))
    assert len(docs) == 1
    return docs[0]


def units_of(path: Path) -> list[UnitPair]:
    return list(read_one(path).units)


def write_tmx(tmp_path: Path, body: str, name: str = "in.tmx") -> Path:
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" '
        'adminlang="en" srclang="zh-CN" datatype="plaintext"/>\n'
        f"<body>\n{body}</body>\n</tmx>\n",
        encoding="utf-8",
    )
    return path


def export_pairs() -> list[ExportPair]:
    return [
        ExportPair(zh, en, document="rmrb-2025-12-02", publisher="People's Daily", date="2025-12-02",
                   score=0.873, created="2025-12-02T08:30:00+08:00")
        for zh, en in SEED_PAIRS
    ]


# --- reading other tools' files (tests/data/samples) -------------------------------------


def test_omegat_36_zh_en_pairs_and_meta():
    path = sample("omegat-3.6_console_zh-CN_en-US_level2.tmx")
    doc = read_one(path)
    assert list(doc.units) == [
        UnitPair("保存更改。", "Save the changes.", "tu 1"),
        UnitPair("打开文件。", "Open the file.", "tu 2"),
    ]
    assert doc.meta.doc_id == "omegat-3.6_console_zh-CN_en-US_level2"
    assert (doc.meta.format, doc.meta.layout, doc.meta.source) == ("tmx", "units", str(path))
    assert doc.content_hash == file_hash(path)


def test_lisa_utf16_kit_has_no_chinese_so_no_units():
    path = sample("lisa-tmx-compliance-kit_ImportTest2A_utf16.tmx")
    assert path.read_bytes()[:2] == b"\xff\xfe"  # UTF-16 LE with BOM, as Trados writes
    assert units_of(path) == []


def test_lisa_kit_inline_codes_mixed_case_langs_and_target_first(tmp_path):
    """The compliance kit relabelled fr-CA → zh-CN: inline codes, entities and tuv order as in the original."""
    original = sample("lisa-tmx-compliance-kit_ImportTest2A_utf16.tmx").read_bytes().decode("utf-16")
    relabelled = re.sub(r'xml:lang="fr-ca"', 'xml:lang="zh-CN"', original, flags=re.IGNORECASE)
    path = tmp_path / "kit.tmx"
    path.write_bytes(relabelled.encode("utf-16"))  # with BOM
    assert [(u.en, u.zh, u.ref) for u in units_of(path)] == [
        ("The big black cat sleeps.", "Le gros chat noir dors.", "tu 1"),
        (
            'Test for special characters = <=lt, >=gt, &=amp, "=quot.',
            'Test pour caractères spéciaux = <=lt, >=gt, &=amp, "=quot.',
            "tu 2",
        ),
        (
            "Nested formatting = Bold+Italic+Underlined, Bold+Italic, Bold.",
            "Format en gigogne = gras+italique+souligné, gras+italique, gras.",
            "tu 3",
        ),
        ("First sentence.", "Première phrase.", "tu 4"),
        ("Second sentence.", "Seconde phrase.", "tu 5"),
        ("Picture:", "Image:", "tu 6"),  # <ph> code dropped; En-uS / FR-CA matched
        ("Some text with a part highlighted.", "Du texte avec une portion délimitée.", "tu 7"),
    ]


def test_omegat_61_tmx11_zh_ja_has_no_english():
    assert units_of(sample("omegat-6.1_zh-CN_ja-JP_tmx11_project_save.tmx")) == []


def test_tmx11_lang_attribute_is_understood(tmp_path):
    original = sample("omegat-6.1_zh-CN_ja-JP_tmx11_project_save.tmx").read_text(encoding="utf-8")
    path = tmp_path / "tmx11.tmx"
    path.write_text(original.replace('lang="ja-JP"', 'lang="en-US"'), encoding="utf-8")
    assert units_of(path) == [UnitPair("太平寺中的文笔塔", "太平寺の中心的なペン塔", "tu 1")]


def test_translate_toolkit_sample_without_chinese_has_no_units():
    assert units_of(sample("translate-toolkit_en-US_en-GB_fr_sr.tmx")) == []


# --- reading: own files -------------------------------------------------------------------


def test_first_tuv_of_each_language_wins_and_incomplete_units_are_skipped(tmp_path):
    path = write_tmx(tmp_path, """
<tu><tuv xml:lang="en-GB"><seg>colour</seg></tuv><tuv xml:lang="zh-Hans"><seg>颜色</seg></tuv>
    <tuv xml:lang="en-US"><seg>color</seg></tuv><tuv xml:lang="zh-TW"><seg>顏色</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>只有中文</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>  </seg></tuv><tuv xml:lang="en"><seg>empty Chinese side</seg></tuv></tu>
<tu><tuv xml:lang="ZH_cn"><seg>一<hi>二</hi><ph>{1}</ph>三<!-- note -->四</seg></tuv>
    <tuv xml:lang="EN"><seg>one <hi>two</hi> three</seg></tuv></tu>
""")
    assert units_of(path) == [
        UnitPair("颜色", "colour", "tu 1"),
        UnitPair("一二三四", "one two three", "tu 4"),
    ]


def test_header_publisher_and_date_become_document_meta(tmp_path):
    path = tmp_path / "h.tmx"
    path.write_text(
        '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"'
        ' adminlang="en" srclang="zh-CN" datatype="plaintext"><prop type="x-publisher">State Council</prop>'
        '<prop type="x-date">2024-03-05</prop></header><body><tu><prop type="x-publisher">ignored</prop>'
        '<tuv xml:lang="zh"><seg>政府工作报告</seg></tuv><tuv xml:lang="en"><seg>Government Work Report</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    doc = read_one(path)
    assert (doc.meta.publisher, doc.meta.date) == ("State Council", "2024-03-05")
    assert [u.en for u in doc.units] == ["Government Work Report"]


def test_malformed_tmx_names_file_and_line(tmp_path):
    path = write_tmx(tmp_path, '<tu><tuv xml:lang="zh"><seg>一</seg></tuv><tuv xml:lang="en"><seg>one</seg></tuv></tu>\n'
                     '<tu><tuv xml:lang="zh"><seg>二</tuv></tu>\n', name="broken.tmx")
    doc = read_one(path)  # the header is fine; the error surfaces while iterating
    units = iter(doc.units)
    assert next(units).en == "one"
    with pytest.raises(GlossError) as info:
        next(units)
    assert "broken.tmx" in str(info.value)
    assert info.value.where == "line 6"
    assert "line 6" in str(info.value)


def test_a_unit_over_the_segment_limit_is_refused_naming_it_and_nothing_is_added(tmp_path, store):
    from tm.ingest import ingest
    from tm.segment import MAX_SEGMENT

    long = "网络" * (MAX_SEGMENT // 2 + 1)
    path = write_tmx(tmp_path, '<tu><tuv xml:lang="zh"><seg>一</seg></tuv><tuv xml:lang="en"><seg>one</seg></tuv></tu>\n'
                     f'<tu><tuv xml:lang="zh"><seg>{long}</seg></tuv><tuv xml:lang="en"><seg>networks</seg></tuv></tu>\n',
                     name="long.tmx")
    with pytest.raises(GlossError) as info:
        ingest(store, [path])
    assert str(info.value) == (f"{path}, tu 2: a segment of 20,002 characters: gloss takes at most 20,000 "
                               "(split it into sentences or paragraphs)")
    assert store.stats(0.5).documents == 0


def test_malformed_header_raises_from_read(tmp_path):
    path = tmp_path / "bad.tmx"
    path.write_text('<tmx version="1.4">\n<header srclang="zh-CN">\n</tmx>\n', encoding="utf-8")
    with pytest.raises(GlossError, match="malformed XML") as info:
        list(tmx.read(path))
    assert info.value.where == "line 3"


def test_root_that_is_not_tmx(tmp_path):
    path = tmp_path / "x.tmx"
    path.write_text('<xliff version="1.2"><file/></xliff>', encoding="utf-8")
    with pytest.raises(GlossError, match="root element is <xliff>, not <tmx>"):
        list(tmx.read(path))


def test_xxe_entity_is_not_resolved(tmp_path):
    path = tmp_path / "xxe.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        '<tmx version="1.4"><header srclang="zh-CN"/><body>'
        '<tu><tuv xml:lang="zh"><seg>文件&e;内容</seg></tuv><tuv xml:lang="en"><seg>file &e; content</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    units = units_of(path)
    assert units == [UnitPair("文件内容", "file  content", "tu 1")]
    tree = etree.parse(str(path), xmlsafe.parser())
    assert "root:" not in etree.tostring(tree, encoding="unicode")


def test_streaming_frees_handled_units(tmp_path):
    """Memory stays flat: handled tus are dropped, only what the parser has read ahead stays in the tree."""
    tmx.write((ExportPair(f"第{i}句", f"Sentence {i}", "d") for i in range(5000)), tmp_path / "big.tmx",
              tool_version="t")
    kept_before = []
    for event, el in xmlsafe.stream(tmp_path / "big.tmx", "tmx", ("tu",)):
        if event == "end":
            kept_before.append(sum(1 for _ in el.itersiblings(preceding=True)))
            xmlsafe.release(el)
            assert len(el) == 0
    assert len(kept_before) == 5000
    assert max(kept_before) <= 1  # at most the emptied shell of the previous tu


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">'.encode(), True),
        ('\ufeff<?xml version="1.0"?><tmx version="1.4">'.encode("utf-16-le"), True),
        ('<?xml version="1.0"?><tmx version="1.4">'.encode("utf-16"), True),
        (b'<?xml version="1.0"?><xliff version="1.2">', False),
        (b"tmx is a format", False),
        (b"", False),
    ],
)
def test_sniff(head, expected):
    assert tmx.sniff(head) is expected


# --- writing --------------------------------------------------------------------------------


def test_round_trip_merges_duplicates(tmp_path):
    pairs = export_pairs()
    first = pairs[0]
    again = [
        ExportPair(first.zh, first.en, document="xinhua-2025-12-03", score=0.5),
        ExportPair(first.zh, first.en, document="rmrb-2025-12-02"),  # same document again: no new prop
        ExportPair(pairs[2].zh, pairs[2].en, document="qstheory-2025-12"),
    ]
    out = tmp_path / "export" / "memory.tmx"
    assert tmx.write(pairs + again, out, tool_version="0.1.0") == len(SEED_PAIRS)

    assert [(u.zh, u.en) for u in units_of(out)] == SEED_PAIRS
    tus = etree.parse(str(out)).findall("body/tu")
    documents = [[p.text for p in tu.findall("prop[@type='x-document']")] for tu in tus]
    assert documents == [
        ["rmrb-2025-12-02", "xinhua-2025-12-03"],
        ["rmrb-2025-12-02"],
        ["rmrb-2025-12-02", "qstheory-2025-12"],
        ["rmrb-2025-12-02"],
    ]
    # The first occurrence keeps its own provenance.
    props = {p.get("type"): p.text for p in tus[0].findall("prop") if p.get("type") != "x-document"}
    assert props == {"x-publisher": "People's Daily", "x-date": "2025-12-02", "x-score": "0.87"}
    assert tus[0].get("creationdate") == "20251202T003000Z"  # +08:00 converted to UTC
    assert [tuv.get(xmlsafe.XML_LANG) for tuv in tus[0].findall("tuv")] == ["zh-CN", "en-US"]


def test_header_and_defaults(tmp_path):
    out = tmp_path / "m.tmx"
    tmx.write([ExportPair("安全", "security", "d", created="")], out, tool_version="9.9", src_lang="zh-Hans",
              tgt_lang="en-GB")
    root = etree.parse(str(out)).getroot()
    header = root.find("header")
    assert root.get("version") == "1.4"
    assert header.attrib == {
        "creationtool": "gloss", "creationtoolversion": "9.9", "segtype": "sentence", "o-tmf": "gloss",
        "adminlang": "en-US", "srclang": "zh-Hans", "datatype": "plaintext",
        "creationdate": header.get("creationdate"),
    }
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate"))
    tu = root.find("body/tu")
    assert tu.get("creationdate") == header.get("creationdate")  # no created: the export time
    assert [p.get("type") for p in tu.findall("prop")] == ["x-document", "x-score"]  # empty props left out
    assert [tuv.get(xmlsafe.XML_LANG) for tuv in tu.findall("tuv")] == ["zh-Hans", "en-GB"]


def test_written_file_is_valid_against_tmx14_dtd(tmp_path):
    out = tmp_path / "valid.tmx"
    tmx.write(export_pairs() + [ExportPair("甲 & 乙", "A & B", "other")], out, tool_version="0.1.0")
    tree = etree.parse(str(out))
    assert tree.docinfo.public_id == "-//LISA OSCAR:1998//DTD for Translation Memory eXchange//EN"
    assert tree.docinfo.system_url == "tmx14.dtd"
    dtd = etree.DTD(str(TMX_DTD))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()


def test_translate_toolkit_reads_the_export(tmp_path):
    toolkit_tmx = pytest.importorskip("translate.storage.tmx")
    out = tmp_path / "tt.tmx"
    tmx.write(export_pairs(), out, tool_version="0.1.0")
    with open(out, "rb") as fh:
        store = toolkit_tmx.tmxfile(fh)
    assert [(u.source, u.target) for u in store.units] == SEED_PAIRS


def test_markup_characters_and_control_characters(tmp_path):
    out = tmp_path / "chars.tmx"
    zh = "第1条 <b>&amp; “引号” ]]> \x01\x0b结束\r\n下一行"
    en = 'Article 1 <b>&amp; "quotes" ]]>\x00 end\r\nnext line'
    tmx.write([ExportPair(zh, en, "doc\x07 & <1>", publisher="A&B")], out, tool_version="0.1.0")
    etree.parse(str(out))  # well-formed
    assert units_of(out) == [
        UnitPair("第1条 <b>&amp; “引号” ]]> 结束\r\n下一行", 'Article 1 <b>&amp; "quotes" ]]> end\r\nnext line', "tu 1")
    ]
    tu = etree.parse(str(out)).find("body/tu")
    assert [p.text for p in tu.findall("prop")][:2] == ["doc & <1>", "A&B"]


def test_pairs_with_an_empty_side_are_left_out(tmp_path):
    out = tmp_path / "e.tmx"
    pairs = [ExportPair("", "orphan", "d"), ExportPair("孤", " ", "d"), ExportPair("有", "yes", "d")]
    assert tmx.write(pairs, out, tool_version="0.1.0") == 1
    assert units_of(out) == [UnitPair("有", "yes", "tu 1")]


def failing_pairs():
    yield from export_pairs()[:2]
    raise RuntimeError("store went away")


def test_failed_export_leaves_no_file(tmp_path):
    out = tmp_path / "new.tmx"
    with pytest.raises(RuntimeError):
        tmx.write(failing_pairs(), out, tool_version="0.1.0")
    assert list(tmp_path.iterdir()) == []


def test_failed_export_keeps_previous_file(tmp_path):
    out = tmp_path / "memory.tmx"
    tmx.write(export_pairs(), out, tool_version="0.1.0")
    before = out.read_bytes()
    with pytest.raises(RuntimeError):
        tmx.write(failing_pairs(), out, tool_version="0.1.0")
    assert out.read_bytes() == before
    assert list(tmp_path.iterdir()) == [out]


_EXPORT_THEN_HANG = """
import sys, time
from pathlib import Path
from tm import tmx
from tm.records import ExportPair

def pairs():
    yield ExportPair("有", "yes", "d")
    print("writing", flush=True)
    time.sleep(60)

tmx.write(pairs(), Path(sys.argv[1]), tool_version="0.1.0")
"""


def test_an_export_killed_midway_leaves_the_target_alone_and_the_next_run_clears_its_part(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from conftest import REPO

    out = tmp_path / "killed.tmx"
    tmx.write(export_pairs(), out, tool_version="0.1.0")
    before = out.read_bytes()
    child = subprocess.Popen([sys.executable, "-c", _EXPORT_THEN_HANG, str(out)], cwd=REPO, stdout=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(REPO)}, text=True)
    assert child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert out.read_bytes() == before and len(list(tmp_path.glob(".killed.tmx.*.part"))) == 1
    tmx.write(export_pairs(), out, tool_version="0.1.0")
    assert list(tmp_path.iterdir()) == [out]
