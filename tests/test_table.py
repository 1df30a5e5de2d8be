"""Table reader: XLSX sheets, CSV/TSV encodings and delimiters, header fallback, literal cells and errors."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tm import table
from tm.decode import file_hash
from tm.errors import GlossError
from tm.records import Document

SEED = (Path(__file__).resolve().parents[1] / "seeds" / "000_21c35ee7c56a5279.txt").read_text(encoding="utf-8")


def seed(text: str) -> str:
    assert text in SEED, text
    return text


# Both sides hold ASCII commas and the English one ASCII double quotes, as in the source.
POINTED_OUT = (
    seed("习近平总书记指出,要从国际国内大势出发,总体布局,统筹各方,创新发展,努力把我国建设成为网络强国。"),
    seed(
        "General Secretary Xi Jinping has pointed out that we must proceed from the general trend of international"
        " and domestic situations, make overall plans, coordinate all parties, innovate and develop, and strive to"
        " build our country into a leading cyber power."
    ),
)
DEFENCE = (
    seed("国家网络安全防御体系初步构建,实现对重大网络安全威胁的“一点发现、全网防御”。"),
    seed(
        "A national cybersecurity defense system has been preliminarily constructed, achieving"
        ' "single-point discovery, network-wide defense" against major cybersecurity threats.'
    ),
)
THIRD = (seed("三是国家网络安全屏障更加坚实。"), seed("Third, the national cybersecurity barrier is more solid."))
INFRASTRUCTURE = (
    seed("关键信息基础设施安全保护能力有效提升。"),
    seed("The security protection capabilities of critical information infrastructure have been effectively improved."),
)
DATA = (
    seed("数据安全管理和个人信息保护持续加强,国家数据出境安全管理制度基本建成,人工智能安全治理不断深化。"),
    seed(
        "Data security management and personal information protection have been continuously strengthened,"
        " the national security management system for cross-border data transfer has been basically established,"
        " and artificial intelligence security governance has been continuously deepened."
    ),
)
# Spreadsheet-formula look-alikes that must come back exactly as written, never evaluated.
FORMULA_LIKE = [
    (seed("网信事业取得新的重大成就"), '=HYPERLINK("http://example.com","Cybersecurity")'),
    ("+86 " + seed("中央网信办"), "@Cyberspace Administration of China"),
    ("-" + THIRD[0], "-" + THIRD[1]),
]


def read_one(path: Path) -> Document:
    docs = list(table.read(path))
    assert len(docs) == 1
    return docs[0]


def pairs(path: Path) -> list[tuple[str, str, str]]:
    return [(u.zh, u.en, u.ref) for u in read_one(path).units]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def cache_formula_results(path: Path, sheet_xml: str, results: dict[str, str]) -> None:
    """Store cached string results for formula cells, as Excel does when it saves (openpyxl writes none)."""
    with zipfile.ZipFile(path) as old:
        members = {name: old.read(name) for name in old.namelist()}
    xml = members[sheet_xml].decode("utf-8")
    for ref, value in results.items():
        cell = re.compile(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?')
        xml, count = cell.subn(rf'<c r="{ref}" t="str"\1><f>\2</f><v>{value}</v>', xml)
        assert count == 1, ref
    members[sheet_xml] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)


def build_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    terms = workbook.active
    terms.title = "术语"
    terms.append(["中文", "英文"])
    terms.append(list(THIRD))
    terms.append(list(INFRASTRUCTURE))
    terms.append([DATA[0], None])  # no English: skipped
    terms.append([2021, 8.14])
    terms.append([DATA[0], "=A2"])  # formula; its cached result is added below
    terms.append([DEFENCE[0], "=A3"])  # formula never calculated: no value, skipped
    terms.cell(row=8, column=1, value=FORMULA_LIKE[0][0])
    literal = terms.cell(row=8, column=2, value=FORMULA_LIKE[0][1])
    literal.data_type = "s"  # a text cell that merely starts with "=", as Excel stores '=...
    notes = workbook.create_sheet("说明")
    notes.append(["本表术语摘自人民日报对庄荣文的专访。"])
    notes.append(["Terms from a People's Daily interview."])
    reversed_columns = workbook.create_sheet("Terms")
    reversed_columns.append(["网信术语表"])  # a title above the header
    reversed_columns.append(["ID", "en-US", "zh-CN", "Note"])
    reversed_columns.append([1, POINTED_OUT[1], POINTED_OUT[0], "opening"])
    reversed_columns.append([2, DEFENCE[1], DEFENCE[0]])
    workbook.save(path)
    cache_formula_results(path, "xl/worksheets/sheet1.xml", {"B6": DATA[1]})
    return path


def test_xlsx_reads_every_sheet_with_both_columns(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "cyber.xlsx")
    assert pairs(path) == [
        (*THIRD, "术语 row 2"),
        (*INFRASTRUCTURE, "术语 row 3"),
        ("2021", "8.14", "术语 row 5"),
        (*DATA, "术语 row 6"),
        (*FORMULA_LIKE[0], "术语 row 8"),
        (*POINTED_OUT, "Terms row 3"),
        (*DEFENCE, "Terms row 4"),
    ]
    doc = read_one(path)
    meta = doc.meta
    assert (meta.doc_id, meta.source, meta.format, meta.layout) == ("cyber", str(path), "table", "units")
    assert doc.content_hash == file_hash(path)


def test_xlsx_without_language_columns_names_sheet_and_row(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["序号", "日期"])
    workbook.active.append([1, 2025])
    workbook.save(path)
    with pytest.raises(GlossError) as info:
        list(table.read(path))
    assert str(info.value) == f"{path}, 说明 row 1: no Chinese and English columns found in header: '序号', '日期'"


@pytest.mark.parametrize(
    "content, reason",
    [(b"PK\x03\x04 not really a zip", "not a zip"), (b"", "empty"), (b"zh,en\n", "csv renamed")],
)
def test_broken_xlsx_names_the_file(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    with pytest.raises(GlossError, match="not a readable XLSX workbook") as info:
        list(table.read(path))
    assert str(info.value).startswith(f"{path}: ")


def test_a_zip_of_a_version_zipfile_does_not_know_names_the_file(tmp_path: Path) -> None:
    """Found by tests/test_fuzz.py: a workbook whose directory says it needs zip version 6.4."""
    path = tmp_path / "future.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the central directory's entry: version needed at +6
    data[entry + 6 : entry + 8] = (64).to_bytes(2, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(GlossError, match="not a readable XLSX workbook: zip file version 6.4"):
        list(table.read(path))


def test_zip_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", THIRD[1])
    with pytest.raises(GlossError, match="not a readable XLSX workbook"):
        list(table.read(path))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030", "utf-16", "utf-16-le"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    rows = [["中文", "英文"], list(POINTED_OUT), [], list(DEFENCE), [THIRD[0], ""], list(INFRASTRUCTURE)]
    path = write_csv(tmp_path / "cyber.csv", rows, encoding)
    assert pairs(path) == [(*POINTED_OUT, "row 2"), (*DEFENCE, "row 4"), (*INFRASTRUCTURE, "row 6")]


def test_tsv_splits_on_tabs_only(tmp_path: Path) -> None:
    rows = [["en", "zh"], [POINTED_OUT[1], POINTED_OUT[0]], [DEFENCE[1], DEFENCE[0]]]
    path = write_csv(tmp_path / "cyber.tsv", rows, "utf-16", delimiter="\t")  # Excel's "Unicode text"
    assert pairs(path) == [(*POINTED_OUT, "row 2"), (*DEFENCE, "row 3")]


def test_csv_semicolons_are_sniffed_despite_commas_in_text(tmp_path: Path) -> None:
    rows = [["Chinese", "English"], list(POINTED_OUT), list(DATA), list(THIRD)]
    path = write_csv(tmp_path / "cyber.csv", rows, delimiter=";")
    assert pairs(path) == [(*POINTED_OUT, "row 2"), (*DATA, "row 3"), (*THIRD, "row 4")]


def test_multiline_cell_is_one_row(tmp_path: Path) -> None:
    rows = [["zh", "en"], [THIRD[0] + "\n" + INFRASTRUCTURE[0], THIRD[1] + "\n" + INFRASTRUCTURE[1]], list(DATA)]
    path = write_csv(tmp_path / "cyber.csv", rows)
    assert pairs(path) == [
        (THIRD[0] + "\n" + INFRASTRUCTURE[0], THIRD[1] + "\n" + INFRASTRUCTURE[1], "row 2"),
        (*DATA, "row 3"),
    ]


def test_formula_like_cells_stay_literal(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cyber.csv", [["中文", "英文"], *map(list, FORMULA_LIKE)])
    assert [(zh, en) for zh, en, _ in pairs(path)] == FORMULA_LIKE


@pytest.mark.parametrize(
    "header",
    [
        ["source", "zh", "en"],
        ["Source", "中文", "Target"],
        ["出处", "汉语", "English"],
        [" URL ", " ZH_CN ", "EN_US "],
        ["url", "zh-Hant", "en-GB"],
    ],
)
def test_explicit_language_columns_beat_source(tmp_path: Path, header: list[str]) -> None:
    url = seed("https://paper.people.com.cn/rmrb/pc/content/202512/02/content_30117936.html")
    path = write_csv(tmp_path / "cyber.csv", [header, [url, *THIRD], [url, *DATA]])
    assert pairs(path) == [(*THIRD, "row 2"), (*DATA, "row 3")]


def test_source_and_target_name_the_sides(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cyber.csv", [["Target", "Source"], [THIRD[1], THIRD[0]]])
    assert pairs(path) == [(*THIRD, "row 2")]


def test_unknown_header_falls_back_to_content(tmp_path: Path) -> None:
    rows = [["No.", "Text", "Translation"], ["1", *POINTED_OUT], ["2", *DEFENCE], ["3", *THIRD]]
    path = write_csv(tmp_path / "cyber.csv", rows)
    assert pairs(path) == [(*POINTED_OUT, "row 2"), (*DEFENCE, "row 3"), (*THIRD, "row 4")]


def test_headerless_table_starts_with_a_pair(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cyber.csv", [[THIRD[1], THIRD[0]], [DATA[1], DATA[0]]])
    assert pairs(path) == [(*THIRD, "row 1"), (*DATA, "row 2")]


def test_no_language_columns_is_an_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "numbers.csv", [["2021", "2024"], ["8.14", "1.7"]])
    with pytest.raises(GlossError) as info:
        list(table.read(path))
    assert str(info.value) == f"{path}, row 1: no Chinese and English columns found in header: '2021', '2024'"


def test_unclosed_quote_names_row_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(f'中文,英文\n"{THIRD[0]}\n{THIRD[1]}",ok\n{DATA[0]},"{INFRASTRUCTURE[1]}\n', encoding="utf-8")
    with pytest.raises(GlossError) as info:
        list(next(table.read(path)).units)
    assert str(info.value).startswith(f"{path}, row 3 (line 4): malformed CSV")


def test_stray_quote_names_row_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(f'中文,英文\n{THIRD[0]},{THIRD[1]}\n{DEFENCE[0]},"single-point" discovery\n', encoding="utf-8")
    with pytest.raises(GlossError) as info:
        list(table.read(path))
    assert str(info.value).startswith(f"{path}, row 3 (line 3): malformed CSV")


def test_undecodable_bytes_name_the_file(tmp_path: Path) -> None:
    rows = [["中文", "英文"]] + [list(DATA)] * 300
    path = write_csv(tmp_path / "cyber.csv", rows)
    data = path.read_bytes()
    assert len(data) > 1 << 16  # beyond what encoding sniffing reads
    path.write_bytes(data[:-10] + b"\xff" + data[-10:])
    with pytest.raises(GlossError, match=r"cannot decode as utf-8 after row \d+") as info:
        list(next(table.read(path)).units)
    assert str(info.value).startswith(str(path))


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", b"\xef\xbb\xbf"])
def test_empty_csv(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(GlossError, match="empty file") as info:
        list(table.read(path))
    assert str(info.value).startswith(str(path))


def test_never_sniffs() -> None:
    assert table.sniff("中文,英文\n".encode("utf-8")) is False
    assert table.sniff(b"PK\x03\x04") is False


def test_a_chinese_table_and_its_english_table_pair_row_by_row(tmp_path: Path) -> None:
    """name.zh.csv + name.en.csv: through the table reader, the header is no pair."""
    from tm.ingest import ingest
    from tm.store import Store

    rows = (THIRD, INFRASTRUCTURE, DATA)
    write_csv(tmp_path / "report.zh.csv", [["序号", "中文"], *([str(n), zh] for n, (zh, _) in enumerate(rows, 1))])
    write_csv(tmp_path / "report.en.csv", [["English"], *([en] for _, en in rows)])
    doc = table.read_pair(tmp_path / "report.zh.csv", tmp_path / "report.en.csv")
    assert [(u.zh, u.en, u.ref) for u in doc.units] == [(zh, en, f"row {n}") for n, (zh, en) in enumerate(rows, 1)]
    wb = openpyxl.Workbook()
    for zh, _ in rows:  # no header at all: the column is told by its language
        wb.active.append([zh])
    wb.save(tmp_path / "book.zh.xlsx")
    write_csv(tmp_path / "book.en.csv", [[en] for _, en in rows])
    with Store.open(tmp_path / "g.sqlite") as store:
        report = ingest(store, [tmp_path / "report.zh.csv", tmp_path / "report.en.csv"])
        assert [(d.meta.doc_id, d.pairs) for d in report.added] == [("report", 3)]
    assert len(table.read_pair(tmp_path / "book.zh.xlsx", tmp_path / "book.en.csv").units) == 3


def test_files_holding_both_languages_are_not_paired_by_name(tmp_path: Path) -> None:
    from tm import formats

    (tmp_path / "a.zh.tmx").write_text("<tmx/>", encoding="utf-8")
    with pytest.raises(GlossError, match="a tmx file holds both languages"):
        formats.pair_reader_for(tmp_path / "a.zh.tmx")
    write_csv(tmp_path / "x.zh.csv", [["English"], [THIRD[1]]])
    with pytest.raises(GlossError, match="no Chinese column found"):
        table.read_pair(tmp_path / "x.zh.csv", tmp_path / "x.zh.csv")
