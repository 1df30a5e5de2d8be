"""PO reader: direction, skipped entries, encodings and errors, on sentences from a People's Daily interview."""

from __future__ import annotations

import logging
from pathlib import Path

import polib
import pytest

from tm import po
from tm.decode import file_hash
from tm.errors import GlossError
from tm.records import Document, UnitPair

SEED = (Path(__file__).resolve().parents[1] / "seeds" / "000_21c35ee7c56a5279.txt").read_text(encoding="utf-8")


def seed(text: str) -> str:
    assert text in SEED, text
    return text


TITLE = (seed("网信事业取得新的重大成就"), seed("Cybersecurity and Informatization Have Achieved New Major Achievements"))
QUESTION = (
    seed("记者:如何认识“十四五”时期网信事业发展取得的成就?"),
    seed(
        "Reporter: How should we understand the achievements made in the development of cybersecurity"
        ' and informatization during the "14th Five-Year Plan" period?'
    ),
)
FIRST = (
    seed("一是网络生态向上向好态势更加巩固。"),
    seed("First, the upward and positive trend of the online ecology has become more consolidated."),
)
SECOND = (
    seed("二是信息化赋能高质量发展作用更加凸显。"),
    seed("Second, the role of informatization in empowering high-quality development has become more prominent."),
)
THIRD = (seed("三是国家网络安全屏障更加坚实。"), seed("Third, the national cybersecurity barrier is more solid."))


def write_po(path: Path, entries: list[polib.POEntry], language: str | None = "en") -> Path:
    """Save a PO file with polib; wrapwidth=0 keeps every msgid on its keyword's line."""
    pofile = polib.POFile(wrapwidth=0)
    pofile.metadata = {"Project-Id-Version": "网信工作 1.0", "Content-Type": "text/plain; charset=UTF-8"}
    if language is not None:
        pofile.metadata["Language"] = language
    pofile.extend(entries)
    pofile.save(str(path))
    return path


def keyword_lines(path: Path) -> list[int]:
    """Numbers of the live `msgid` lines after the header's, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if line.startswith("msgid ")][1:]


def read_one(path: Path) -> Document:
    docs = list(po.read(path))
    assert len(docs) == 1
    return docs[0]


def mixed_entries(source: int, target: int) -> list[polib.POEntry]:
    """Two confirmed entries, then a fuzzy, an untranslated, a plural and an obsolete one."""
    return [
        polib.POEntry(msgid=TITLE[source], msgstr=TITLE[target]),
        polib.POEntry(msgid=QUESTION[source], msgstr=QUESTION[target]),
        polib.POEntry(msgid=FIRST[source], msgstr=FIRST[target], flags=["fuzzy"]),
        polib.POEntry(msgid=SECOND[source], msgstr=""),
        polib.POEntry(
            msgid=THIRD[source], msgid_plural=THIRD[source], msgstr_plural={0: THIRD[target], 1: THIRD[target] + "s"}
        ),
        polib.POEntry(msgid=SECOND[source] + " ", msgstr=SECOND[target], obsolete=True),
    ]


def test_zh_to_en_keeps_confirmed_entries_with_their_lines(tmp_path: Path) -> None:
    path = write_po(tmp_path / "interview.po", mixed_entries(0, 1), language="en")
    doc = read_one(path)
    lines = keyword_lines(path)  # title, question, (fuzzy), (untranslated), plural
    assert list(doc.units) == [
        UnitPair(*TITLE, ref=f"line {lines[0]}"),
        UnitPair(*QUESTION, ref=f"line {lines[1]}"),
        UnitPair(*THIRD, ref=f"line {lines[4]}"),
    ]
    meta = doc.meta
    assert (meta.doc_id, meta.source, meta.format, meta.layout) == ("interview", str(path), "po", "units")
    assert doc.meta.title == "网信工作 1.0"
    assert doc.content_hash == file_hash(path)


@pytest.mark.parametrize("language", ["zh_CN", "zh-CN", "zh", "zh_Hans"])
def test_en_to_zh_is_turned_round(tmp_path: Path, language: str) -> None:
    path = write_po(tmp_path / "interview.po", mixed_entries(1, 0), language=language)
    assert [(u.zh, u.en) for u in read_one(path).units] == [TITLE, QUESTION, THIRD]


def test_fuzzy_entries_are_counted_in_the_log(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    entries = mixed_entries(0, 1) + [polib.POEntry(msgid=SECOND[0], msgstr="Second", flags=["fuzzy"])]
    path = write_po(tmp_path / "interview.po", entries)
    with caplog.at_level(logging.INFO, logger="tm.po"):
        units = list(read_one(path).units)
    assert "Second" not in [u.en for u in units]
    assert "skipped 2 fuzzy" in caplog.text


@pytest.mark.parametrize("name", ["zh_CN.po", "messages.zh_CN.po", "zh_CN/LC_MESSAGES/gloss.po"])
def test_file_name_gives_direction_when_header_is_silent(tmp_path: Path, name: str) -> None:
    # One msgid is English, one Chinese: the text cannot tell the direction, the name can.
    office = seed("中央网信办")
    entries = [polib.POEntry(msgid=TITLE[1], msgstr=TITLE[0]), polib.POEntry(msgid=office, msgstr=office)]
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_po(path, entries, language=None)
    assert [(u.zh, u.en) for u in read_one(path).units] == [TITLE, (office, office)]


@pytest.mark.parametrize("name", ["glossary.po", "zh-en.po"])  # a direction in the name is no locale
@pytest.mark.parametrize("source, target", [(0, 1), (1, 0)])
def test_content_gives_direction_when_header_and_name_are_silent(
    tmp_path: Path, name: str, source: int, target: int
) -> None:
    entries = [polib.POEntry(msgid=pair[source], msgstr=pair[target]) for pair in (TITLE, QUESTION, FIRST)]
    path = write_po(tmp_path / name, entries, language=None)
    assert [(u.zh, u.en) for u in read_one(path).units] == [TITLE, QUESTION, FIRST]


def test_other_target_language_is_refused(tmp_path: Path) -> None:
    entries = [polib.POEntry(msgid=TITLE[1], msgstr="Cybersécurité et informatisation")]
    path = write_po(tmp_path / "interview.po", entries, language="fr")
    with pytest.raises(GlossError, match="'fr'"):
        list(po.read(path))


def test_template_has_no_units_and_no_placeholder_title(tmp_path: Path) -> None:
    path = tmp_path / "gloss.pot"
    path.write_text(
        '# SOME DESCRIPTIVE TITLE.\nmsgid ""\nmsgstr ""\n"Project-Id-Version: PACKAGE VERSION\\n"\n'
        '"Language: \\n"\n"Content-Type: text/plain; charset=CHARSET\\n"\n\n'
        f'msgid "{TITLE[0]}"\nmsgstr ""\n',
        encoding="utf-8",
    )
    doc = read_one(path)
    assert list(doc.units) == []
    assert doc.meta.title == ""


def test_first_entry_of_a_file_without_header_has_its_line(tmp_path: Path) -> None:
    path = tmp_path / "en.po"
    path.write_text(
        f'# exported by hand\n\n#: interview.txt:10\nmsgid "{TITLE[0]}"\nmsgstr "{TITLE[1]}"\n\n'
        f'msgid "{FIRST[0]}"\nmsgstr "{FIRST[1]}"\n',
        encoding="utf-8",
    )
    assert [u.ref for u in read_one(path).units] == ["line 3", "line 7"]


@pytest.mark.parametrize(
    "encoding, charset",
    [
        ("gb18030", "GB18030"),
        ("gb18030", "GB2312"),
        ("gb18030", "UTF-8"),  # a common mislabel: the bytes contradict the header and win
        ("gb18030", "CHARSET"),  # template placeholder: sniffed
        ("utf-16", "UTF-8"),
        ("utf-16-le", "UTF-8"),  # no BOM
        ("utf-8-sig", "UTF-8"),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, charset: str) -> None:
    question_en = QUESTION[1].replace('"', '\\"')
    text = (
        f'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset={charset}\\n"\n\n'
        f'msgid "{SECOND[0]}"\nmsgstr "{SECOND[1]}"\n\nmsgid "{QUESTION[0]}"\nmsgstr "{question_en}"\n'
    )
    path = tmp_path / "interview.po"
    path.write_bytes(text.encode(encoding))
    assert list(read_one(path).units) == [UnitPair(*SECOND, ref="line 6"), UnitPair(*QUESTION, ref="line 9")]


def test_undecodable_byte_is_reported_with_its_line(tmp_path: Path) -> None:
    entries = [polib.POEntry(msgid=f"{FIRST[0]}{i}", msgstr=f"{FIRST[1]} {i}") for i in range(1000)]
    path = write_po(tmp_path / "interview.po", entries)
    data = path.read_bytes()
    # Past the first 64 KiB that encoding sniffing looks at; 0xFF is neither UTF-8 nor GB18030.
    assert len(data) > 1 << 16
    path.write_bytes(data.replace(b"consolidated. 999", b"consolidated.\xff999"))
    bad_line = data.decode().splitlines().index(f'msgstr "{FIRST[1]} 999"') + 1
    with pytest.raises(GlossError) as info:
        list(po.read(path))
    assert str(info.value) == f"{path}, line {bad_line}: cannot decode as utf-8: byte 0xff"


def test_malformed_po_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text(f'msgid "{TITLE[0]}"\nmsgstr "{QUESTION[1]}"\n', encoding="utf-8")  # inner quotes not escaped
    with pytest.raises(GlossError) as info:
        list(po.read(path))
    assert str(info.value) == f"{path}, line 2: PO syntax error: unescaped double quote found"


def test_stray_text_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text(f'msgid "{TITLE[0]}"\nmsgstr "{TITLE[1]}"\n\n{FIRST[1]}\n', encoding="utf-8")
    with pytest.raises(GlossError) as info:
        list(po.read(path))
    assert str(info.value).startswith(f"{path}, line 4: PO syntax error")


@pytest.mark.parametrize("content", [b"", b"\n  \n", b"# only a comment\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.po"
    path.write_bytes(content)
    with pytest.raises(GlossError, match="empty file") as info:
        list(po.read(path))
    assert str(info.value).startswith(str(path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GlossError, match="cannot read"):
        list(po.read(tmp_path / "absent.po"))


def test_sniff(tmp_path: Path) -> None:
    path = write_po(tmp_path / "interview.po", mixed_entries(0, 1))
    head = path.read_bytes()[:4096]
    assert po.sniff(head)
    assert po.sniff(path.read_text(encoding="utf-8").encode("utf-16")[:4096])
    assert not po.sniff(SEED.encode("utf-8")[:4096])
    assert not po.sniff(b'<?xml version="1.0"?><tmx version="1.4"><body></body></tmx>')
    assert not po.sniff(b"")
