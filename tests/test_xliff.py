"""XLIFF 1.2 (plain, SDLXLIFF-style) and 2.x reading: orientation, inline codes, segments, errors, XXE."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm import xliff
from tm.decode import file_hash
from tm.errors import GlossError
from tm.records import UnitPair

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def units_of(path: Path) -> list[UnitPair]:
    docs = list(xliff.read(path))
    assert len(docs) == 1
    return list(docs[0].units)


def xliff12(body: str, src: str = "zh-CN", tgt: str = "en-US") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{XLIFF12}">\n'
        f'<file original="policy.docx" source-language="{src}" target-language="{tgt}" datatype="plaintext">\n'
        f"<body>\n{body}</body>\n</file>\n</xliff>\n"
    )


def test_xliff12_zh_to_en_with_inline_codes(tmp_path):
    path = write(tmp_path, "policy.xlf", xliff12("""
<trans-unit id="1"><source>网信事业取得新的重大成就</source>
  <target state="translated">Cybersecurity and Informatization Have Achieved New Major Achievements</target></trans-unit>
<group id="g1">
  <trans-unit id="2"><source>加快建设<g id="1">网络强国</g><x id="2"/>。</source>
    <target>Accelerate building a <g id="1">leading cyber power</g><x id="2"/>.</target>
    <alt-trans><source>加快建设网络强国。</source><target>A machine suggestion.</target></alt-trans></trans-unit>
</group>
<trans-unit id="3"><source><bpt id="1">&lt;b&gt;</bpt>数据<ept id="1">&lt;/b&gt;</ept>安全<ph id="2">{0}</ph></source>
  <target><bpt id="1">&lt;b&gt;</bpt>Data<ept id="1">&lt;/b&gt;</ept> security<ph id="2">{0}</ph></target></trans-unit>
<trans-unit id="4"><source>未翻译</source><target></target></trans-unit>
<trans-unit id="5"><source>没有译文</source></trans-unit>
<trans-unit id="6"><source><mrk mtype="protected">人工智能</mrk>治理</source>
  <target><mrk mtype="protected">AI</mrk> governance</target></trans-unit>
"""))
    assert units_of(path) == [
        UnitPair("网信事业取得新的重大成就", "Cybersecurity and Informatization Have Achieved New Major Achievements", "unit 1"),
        UnitPair("加快建设网络强国。", "Accelerate building a leading cyber power.", "unit 2"),
        UnitPair("数据安全", "Data security", "unit 3"),
        UnitPair("人工智能治理", "AI governance", "unit 6"),
    ]


def test_xliff12_en_to_zh_is_swapped(tmp_path):
    path = write(tmp_path, "reverse.xliff", xliff12(
        '<trans-unit id="a"><source>Third, the national cybersecurity barrier is more solid.</source>'
        "<target>三是国家网络安全屏障更加坚实。</target></trans-unit>\n",
        src="en-US", tgt="zh-CN",
    ))
    assert units_of(path) == [
        UnitPair("三是国家网络安全屏障更加坚实。", "Third, the national cybersecurity barrier is more solid.", "unit a")
    ]


def test_xliff12_each_file_has_its_own_direction(tmp_path):
    path = write(tmp_path, "two.xlf", f"""<xliff version="1.2" xmlns="{XLIFF12}">
<file original="a" source-language="zh" target-language="en" datatype="plaintext"><body>
  <trans-unit id="1"><source>一</source><target>one</target></trans-unit></body></file>
<file original="b" source-language="en-GB" target-language="zh-TW" datatype="plaintext"><body>
  <trans-unit id="1"><source>two</source><target>二</target></trans-unit></body></file>
</xliff>""")
    assert units_of(path) == [UnitPair("一", "one", "unit 1"), UnitPair("二", "two", "unit 1")]


def test_sdlxliff_style_segments_use_source_and_target(tmp_path):
    path = write(tmp_path, "report.docx.sdlxliff", f"""<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns="{XLIFF12}" version="1.2" sdl:version="1.0">
<file original="report.docx" datatype="x-sdlfilterframework2" source-language="zh-CN" target-language="en-US">
<header><reference><internal-file form="base64">UEsDBA==</internal-file></reference></header>
<body>
<trans-unit translate="no" id="0"><source><x id="0"/></source></trans-unit>
<trans-unit id="7f3a"><source><g id="1">数字经济规模连续多年稳居世界第二</g></source>
  <seg-source><g id="1"><mrk mtype="seg" mid="1">数字经济规模连续多年稳居世界第二</mrk></g></seg-source>
  <target><g id="1"><mrk mtype="seg" mid="1">The scale of the digital economy has ranked second in the world for years</mrk></g></target>
  <sdl:seg-defs><sdl:seg id="1" conf="Translated"/></sdl:seg-defs></trans-unit>
</body></file></xliff>""")
    assert units_of(path) == [
        UnitPair("数字经济规模连续多年稳居世界第二",
                 "The scale of the digital economy has ranked second in the world for years", "unit 7f3a")
    ]


def test_xliff20_segments_are_units(tmp_path):
    path = write(tmp_path, "report.xlf", f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="{XLIFF20}" version="2.0" srcLang="zh-CN" trgLang="en-US">
<file id="f1">
  <unit id="u1">
    <segment id="s1"><source>一是网络生态向上向好态势更加巩固。</source>
      <target>First, the upward and positive trend of the online ecology has become more consolidated.</target></segment>
    <ignorable><source> </source></ignorable>
    <segment id="s2" state="initial"><source>未完成。</source></segment>
    <segment id="s3"><source>坚持<pc id="1">守正创新</pc><ph id="2"/>。</source>
      <target>Uphold <pc id="1">integrity and innovation</pc><ph id="2"/>.</target></segment>
  </unit>
  <group id="g">
    <unit id="u2"><segment><source><mrk id="m1" type="term">网络强国</mrk></source>
      <target><mrk id="m1" type="term">leading cyber power</mrk></target></segment></unit>
  </group>
</file>
</xliff>""")
    assert units_of(path) == [
        UnitPair("一是网络生态向上向好态势更加巩固。",
                 "First, the upward and positive trend of the online ecology has become more consolidated.",
                 "unit u1 segment 1"),
        UnitPair("坚持守正创新。", "Uphold integrity and innovation.", "unit u1 segment 3"),
        UnitPair("网络强国", "leading cyber power", "unit u2"),
    ]


def test_xliff21_en_to_zh_utf16_is_swapped(tmp_path):
    path = write(tmp_path, "back.xliff", f"""<?xml version="1.0" encoding="UTF-16"?>
<xliff xmlns="{XLIFF20}" version="2.1" srcLang="en" trgLang="zh-Hans">
<file id="f"><unit id="9"><segment><source>Data security</source><target>数据安全</target></segment></unit></file>
</xliff>""", encoding="utf-16")
    assert units_of(path) == [UnitPair("数据安全", "Data security", "unit 9")]


def test_document_meta(tmp_path):
    path = write(tmp_path, "policy.mqxliff", xliff12('<trans-unit id="1"><source>一</source><target>one</target></trans-unit>'))
    doc = next(xliff.read(path))
    assert (doc.meta.doc_id, doc.meta.format, doc.meta.layout, doc.meta.source) == ("policy", "xliff", "units", str(path))
    assert doc.content_hash == file_hash(path)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (xliff12('<trans-unit id="1"><source>Bonjour</source><target>Hallo</target></trans-unit>', "fr-FR", "de-DE"),
         ("fr-FR", "de-DE")),
        (f'<xliff xmlns="{XLIFF20}" version="2.0" srcLang="zh-CN" trgLang="ja-JP"><file id="f"/></xliff>',
         ("zh-CN", "ja-JP")),
        (f'<xliff xmlns="{XLIFF20}" version="2.0" srcLang="zh-CN"><file id="f"/></xliff>', ("zh-CN", "(none)")),
    ],
)
def test_languages_other_than_zh_en_are_an_error(tmp_path, text, named):
    path = write(tmp_path, "other.xlf", text)
    with pytest.raises(GlossError) as info:
        units_of(path)
    assert all(lang in str(info.value) for lang in named)
    assert "other.xlf" in str(info.value)


def test_malformed_xliff_names_line(tmp_path):
    path = write(tmp_path, "broken.xlf", xliff12('<trans-unit id="1"><source>一</source><target>one</trans-unit>\n'))
    with pytest.raises(GlossError) as info:
        units_of(path)
    assert "broken.xlf" in str(info.value)
    assert info.value.where == "line 5"


def test_root_that_is_not_xliff(tmp_path):
    path = write(tmp_path, "x.xlf", '<tmx version="1.4"><header/><body/></tmx>')
    with pytest.raises(GlossError, match="root element is <tmx>, not <xliff>"):
        units_of(path)


def test_xxe_entity_is_not_resolved(tmp_path):
    path = write(tmp_path, "xxe.xlf", f"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<xliff version="1.2" xmlns="{XLIFF12}"><file source-language="zh" target-language="en" original="x" datatype="plaintext">
<body><trans-unit id="1"><source>泄露&e;</source><target>leak&e;</target></trans-unit></body></file></xliff>""")
    units = units_of(path)
    assert units == [UnitPair("泄露", "leak", "unit 1")]
    assert not any("root:" in u.zh + u.en for u in units)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (f'<?xml version="1.0"?>\n<xliff version="1.2" xmlns="{XLIFF12}">'.encode(), True),
        (f'<?xml version="1.0" encoding="UTF-16"?><xliff xmlns="{XLIFF20}" version="2.0">'.encode("utf-16"), True),
        (b'<?xml version="1.0"?><tmx version="1.4">', False),
        (b"\x00\x01\x02", False),
    ],
)
def test_sniff(head, expected):
    assert xliff.sniff(head) is expected
