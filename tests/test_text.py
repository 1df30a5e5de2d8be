"""Plain-text reading: languages of paragraphs, metadata from the text, encodings, manifests."""

from __future__ import annotations

import pytest
from conftest import PARALLEL_SEED, SEEDS

from tm import text
from tm.errors import GlossError
from tm.sources import collect, load_manifest


def _read(name: str):
    return next(text.read(SEEDS / name))


@pytest.mark.parametrize("name, layout, publisher, date", [
    ("000_21c35ee7c56a5279.txt", "parallel", "People's Daily 人民日报", "2025-12-02"),
    ("001_4f3e8fa26e36b6d4.txt", "en", "Xinhua News Agency", "2024-04-14"),
    ("002_4092fd2b753c497d.txt", "en", "", "2022-09-06"),
    ("003_839be85fb590d368.txt", "en", "Xinhua News Agency", "2024-08-12"),
    ("004_6555140d0db160fb.txt", "zh", "人民日报", "2024-02-27"),
])
def test_metadata_as_each_seed_states_it(name, layout, publisher, date):
    meta = _read(name).meta
    assert (meta.layout, meta.publisher, meta.date) == (layout, publisher, date)
    assert meta.doc_id == name.removesuffix(".txt")


def test_titles_and_url_found_in_the_text():
    assert _read("000_21c35ee7c56a5279.txt").meta.url.startswith("https://paper.people.com.cn/")
    assert _read("004_6555140d0db160fb.txt").meta.title == "中央网信办：阔步迈向网络强国"
    assert _read("002_4092fd2b753c497d.txt").meta.title.startswith("Publicity Department of CPC Central Committee")
    assert _read("000_21c35ee7c56a5279.txt").meta.title == ""  # the text states no headline


def test_metadata_lines_are_not_text_to_align():
    doc = _read("000_21c35ee7c56a5279.txt")
    assert not any(b.text.startswith(("Source:", "https://")) for b in doc.blocks)
    assert sum(b.lang == "zh" for b in doc.blocks) == sum(b.lang == "en" for b in doc.blocks) == 7


def test_line_interleaving_without_blank_lines(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("关键信息基础设施安全保护能力有效提升。\n"
                    "The security protection capabilities of critical information infrastructure have been effectively improved.\n"
                    "三是国家网络安全屏障更加坚实。\nThird, the national cybersecurity barrier is more solid.\n", encoding="utf-8")
    doc = next(text.read(path))
    assert [b.lang for b in doc.blocks] == ["zh", "en", "zh", "en"]
    assert doc.meta.layout == "parallel"


def test_hard_wrapped_paragraphs_are_joined(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text("国家网络安全防御体系初步构建,\n实现对重大网络安全威胁的“一点发现、全网防御”。\n\n"
                    "A national cybersecurity defense system has been\npreliminarily constructed.\n", encoding="utf-8")
    doc = next(text.read(path))
    assert [b.text for b in doc.blocks] == [
        "国家网络安全防御体系初步构建,实现对重大网络安全威胁的“一点发现、全网防御”。",
        "A national cybersecurity defense system has been preliminarily constructed."]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_encodings_read_the_same_text(tmp_path, encoding):
    original = PARALLEL_SEED.read_text(encoding="utf-8")
    path = tmp_path / f"seed-{encoding}.txt"
    path.write_bytes(original.encode(encoding))
    doc = next(text.read(path))
    assert [b.text for b in doc.blocks] == [b.text for b in _read(PARALLEL_SEED.name).blocks]


def test_gbk_bytes_that_are_not_utf8(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("网络强国\n\nleading cyber power\n".encode("gbk"))
    assert [b.text for b in next(text.read(path)).blocks] == ["网络强国", "leading cyber power"]


def test_empty_and_undecodable_files_are_reported(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n\n")
    with pytest.raises(GlossError, match="empty file") as err:
        next(text.read(empty))
    assert "empty.txt" in str(err.value)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(GlossError) as err:
        next(text.read(binary))
    assert "binary.txt" in str(err.value)


def test_text_without_chinese_or_english_is_reported(tmp_path):
    path = tmp_path / "numbers.txt"
    path.write_text("1  2  3  4\n", encoding="utf-8")
    with pytest.raises(GlossError, match="no Chinese or English text"):
        next(text.read(path))


def test_bundled_manifest_names_publishers_consistently():
    manifest = load_manifest(SEEDS)
    assert dict(manifest["004_6555140d0db160fb"])["publisher"] == "People's Daily"
    assert dict(manifest["000_21c35ee7c56a5279"])["publisher"] == "People's Daily"
    sources = list(collect([SEEDS], {".txt"}))
    assert len(sources) == 5 and all(s.overrides for s in sources)


def test_zh_en_files_in_a_folder_are_paired(tmp_path):
    (tmp_path / "report.zh.txt").write_text("网络强国。", encoding="utf-8")
    (tmp_path / "report.en.txt").write_text("A leading cyber power.", encoding="utf-8")
    (tmp_path / "other.txt").write_text("Cyberspace.", encoding="utf-8")
    sources = list(collect([tmp_path], {".txt"}))
    assert [(s.path.name, s.en_path.name if s.en_path else None) for s in sources] == [
        ("other.txt", None), ("report.zh.txt", "report.en.txt")]


def test_bad_manifest_date_is_reported(tmp_path):
    (tmp_path / "manifest.json").write_text('{"documents": [{"id": "a", "date": "12/02/2025"}]}', encoding="utf-8")
    with pytest.raises(GlossError, match="YYYY-MM-DD"):
        load_manifest(tmp_path)


def test_shipped_traditional_characters_match_cc_cedict():
    from tm import cedict
    from tm.lang import _traditional_chars

    assert _traditional_chars() == cedict.load().trad_to_simp.keys()
    assert "網" in _traditional_chars() and "网" not in _traditional_chars()


def test_traditional_becomes_simplified_by_phrase():
    """Taiwan's words become the Mainland's, not only their characters (网路, 软体, 资讯 would not match)."""
    from tm.lang import normalize, to_simplified

    assert to_simplified("網路安全與軟體、資訊") == "网络安全与软件、信息"
    assert to_simplified("網絡強國") == "网络强国"
    simplified = "关键信息基础设施的资讯"  # already Simplified: left as written
    assert to_simplified(simplified) is simplified
    assert normalize("ＩＰｖ６與網路", "zh") == "IPv6与网络"
