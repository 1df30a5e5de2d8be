"""Alignment of the parallel seed against the hand-made gold, and under perturbations."""

from __future__ import annotations

import json

import pytest

from conftest import PARALLEL_SEED, REPO

from tm import text
from tm.align import FLAG_BELOW, Pairing, _items, align_document, compare
from tm.evaluate import score_alignment
from tm.features import en_features, zh_features
from tm.lang import normalize
from tm.records import Bead

GOLD = json.loads((REPO / "tests" / "data" / "gold_000_alignment.json").read_text(encoding="utf-8"))
GOLD_BEADS = [(b["zh"], b["en"]) for b in GOLD["beads"]]


def _pairs(beads: list[Bead]) -> list[tuple[list[str], list[str]]]:
    return [([s.text for s in b.zh], [s.text for s in b.en]) for b in beads]


def _seed_beads() -> list[Bead]:
    return list(align_document(next(text.read(PARALLEL_SEED))))


def _bead_with(beads: list[Bead], zh_part: str) -> Bead:
    [found] = [b for b in beads if zh_part in b.zh_text]
    return found


def test_seed_000_matches_gold_alignment():
    scores = score_alignment(_pairs(_seed_beads()), GOLD_BEADS)
    assert scores.bead_precision == 1.0 and scores.bead_recall == 1.0
    assert len(GOLD_BEADS) == 19


def test_qinglang_sentence_pairs_with_two_english_sentences():
    bead = _bead_with(_seed_beads(), "“清朗”系列专项行动")
    assert len(bead.zh) == 1 and len(bead.en) == 2
    assert bead.en[0].text.startswith('Focusing on prominent online chaos, we deeply carried out the "Clear and Bright" (Qinglang)')
    assert bead.en[1].text.startswith("From 2021 to 2024, a cumulative total of 814 million")
    assert bead.score >= FLAG_BELOW


def test_ipv6_sentence_and_headings():
    beads = _seed_beads()
    ipv6 = _bead_with(beads, "IPv6活跃用户数")
    assert ipv6.en_text.startswith("From the end of 2020 to June 2025, the number of active IPv6 users")
    [heading] = [b for b in beads if b.zh_text == "网信事业取得新的重大成就"]
    assert heading.en_text == "Cybersecurity and Informatization Have Achieved New Major Achievements"
    first = _bead_with(beads, "一是网络生态向上向好态势更加巩固")
    assert first.en_text == "First, the upward and positive trend of the online ecology has become more consolidated."


def test_one_chinese_sentence_rendered_as_three_english():
    bead = _bead_with(_seed_beads(), "回顾这五年")
    assert [s.text.split()[0] for s in bead.en] == ["Looking", "They", "The"]


def test_every_sentence_is_kept_once_in_reading_order():
    beads = _seed_beads()
    zh = [s.seq for b in beads for s in b.zh]
    en = [s.seq for b in beads for s in b.en]
    assert zh == list(range(len(zh))) and en == list(range(len(en)))


def test_separate_files_align_like_the_interleaved_file(tmp_path):
    doc = next(text.read(PARALLEL_SEED))
    zh_file, en_file = tmp_path / "interview.zh.txt", tmp_path / "interview.en.txt"
    zh_file.write_text("\n\n".join(b.text for b in doc.blocks if b.lang == "zh"), encoding="utf-8")
    en_file.write_text("\n\n".join(b.text for b in doc.blocks if b.lang == "en"), encoding="utf-8")
    pair_doc = text.read_pair(zh_file, en_file)
    assert pair_doc.meta.doc_id == "interview" and pair_doc.meta.layout == "parallel"
    scores = score_alignment(_pairs(list(align_document(pair_doc))), GOLD_BEADS)
    assert scores.bead_recall == 1.0


def test_a_missing_translation_leaves_its_english_unpaired(tmp_path):
    source = PARALLEL_SEED.read_text(encoding="utf-8").replace("关键信息基础设施安全保护能力有效提升。", "")
    path = tmp_path / "gap.txt"
    path.write_text(source, encoding="utf-8")
    beads = list(align_document(next(text.read(path))))
    orphan = [b for b in beads if not b.zh]
    assert [b.en_text for b in orphan] == [
        "The security protection capabilities of critical information infrastructure have been effectively improved."]
    scores = score_alignment(_pairs(beads), GOLD_BEADS)
    assert scores.bead_recall >= 17 / 19 and scores.bead_precision == 1.0


def test_traditional_chinese_is_matched_as_simplified_and_kept(tmp_path):
    # The "Third" paragraph of seed 000 written in Traditional characters.
    traditional = (
        "三是國家網絡安全屏障更加堅實。國家網絡安全防禦體系初步構建,實現對重大網絡安全威脅的"
        "“一點發現、全網防禦”。關鍵信息基礎設施安全保護能力有效提升。"
    )
    english = PARALLEL_SEED.read_text(encoding="utf-8").split("\n\n")
    [third] = [p.strip() for p in english if p.strip().startswith("Third, the national")]
    path = tmp_path / "trad.txt"
    path.write_text(third.split(" Data security")[0] + "\n\n" + traditional, encoding="utf-8")
    beads = list(align_document(next(text.read(path))))
    assert [(len(b.zh), len(b.en)) for b in beads] == [(1, 1)] * 3
    assert beads[2].zh[0].text == "關鍵信息基礎設施安全保護能力有效提升。"
    assert beads[2].zh[0].norm == "关键信息基础设施安全保护能力有效提升。"
    assert beads[2].en_text.startswith("The security protection capabilities of critical information")


def test_line_paired_files_are_taken_as_pairs_and_scored(tmp_path):
    zh = [b[0][0] for b in GOLD_BEADS if len(b[0]) == 1 and len(b[1]) == 1]
    en = [b[1][0] for b in GOLD_BEADS if len(b[0]) == 1 and len(b[1]) == 1]
    en[2], en[3] = en[3], en[2]  # two lines out of place: they must be flagged
    (tmp_path / "c.zh.txt").write_text("\n".join(zh), encoding="utf-8")
    (tmp_path / "c.en.txt").write_text("\n".join(en), encoding="utf-8")
    doc = text.read_pair(tmp_path / "c.zh.txt", tmp_path / "c.en.txt")
    beads = list(align_document(doc))
    assert [b.method for b in beads] == ["lines"] * len(zh)
    flagged = [i for i, b in enumerate(beads) if b.score < FLAG_BELOW]
    assert flagged == [2, 3]
    assert beads[0].zh[0].ref == "line 1"


def test_monolingual_documents_give_sentences_without_pairs():
    for name in ("001_4f3e8fa26e36b6d4.txt", "004_6555140d0db160fb.txt"):
        beads = list(align_document(next(text.read(PARALLEL_SEED.parent / name))))
        assert beads and all(not (b.zh and b.en) for b in beads)


def test_a_unit_is_scored_as_the_document_aligner_scores_a_one_to_one_bead():
    # Real pairs, translations and mismatches alike (each Chinese line against the next English)
    wmt = REPO / "tests" / "data" / "wmt22"
    zh = (wmt / "generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()[:400]
    en = (wmt / "generaltest2022.zh-en.ref.A.en").read_text(encoding="utf-8").splitlines()[:401]
    pairs = [*zip(zh, en), *zip(zh, en[1:]), *(("".join(z), " ".join(e)) for z, e in GOLD_BEADS if z and e)]
    for z, e in pairs:
        zf, ef = zh_features(normalize(z, "zh")), en_features(normalize(e, "en"))
        [[zi]], [[ei]] = _items([[zf]], [[ef]])
        assert compare(zf, ef, 3.2) == Pairing([zi], [ei], 3.2).evidence(range(1), range(1)), (z, e)


def _news_pair_with_gaps(folder, blocks: bool, lines: int = 1200):
    """WMT22's line pairs as one Chinese and one English file, with lines left out — English lines
    here and there, or a block of 40 and 45 lines — so the files no longer pair line by line."""
    from conftest import DATA

    zh = (DATA / "wmt22" / "generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()[:lines]
    en = (DATA / "wmt22" / "generaltest2022.zh-en.ref.A.en").read_text(encoding="utf-8").splitlines()[:lines]
    if blocks:
        zh, en = zh[:300] + zh[340:], en[:700] + en[745:]
    else:
        en = [e for k, e in enumerate(en) if k % 97 != 50]
    (folder / "news.zh.txt").write_text("\n".join(zh) + "\n", encoding="utf-8")
    (folder / "news.en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    return text.read_pair(folder / "news.zh.txt", folder / "news.en.txt")


@pytest.mark.parametrize("blocks", [False, True])
def test_a_long_document_searched_in_a_narrow_band_first_aligns_as_the_full_search_does(tmp_path, monkeypatch, blocks):
    from tm import align

    doc = _news_pair_with_gaps(tmp_path, blocks)
    zh_items, en_items = _items([[align._features(s.norm, "zh") for s in p] for p in align._sentences(doc.blocks, "zh")],
                                [[align._features(s.norm, "en") for s in p] for p in align._sentences(doc.blocks, "en")])
    paragraphs = Pairing([align._paragraph(p) for p in zh_items], [align._paragraph(p) for p in en_items], 3.2)
    n, m = len(paragraphs.zh), len(paragraphs.en)
    assert min(n, m) > 1000
    full = align.align_sequences(paragraphs)  # small enough for the full band: n/8 cells a side
    monkeypatch.setattr(align, "_FULL_SEARCH", 0)  # as if it were long: the narrow band first
    assert align.align_sequences(paragraphs) == full
    assert [i for zr, _ in full for i in zr] == list(range(n)) and [j for _, er in full for j in er] == list(range(m))
