"""Chinese term candidates, mined from the Chinese text of the bundled seeds with real jieba."""

from __future__ import annotations

import dataclasses
import random
import re
import subprocess
import sys
import time

import pytest

from conftest import REPO, SEEDS
from glossary.candidates import TermCandidate, mine
from tm.segment import split_sentences

GOLD = REPO / "tests" / "data" / "gold_terms_zh.txt"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PARTICLES = set("的了和与等及在对把是着过之而或被从向于将并就都也为以")


def chinese_sentences(*names: str) -> list[str]:
    """The sentences of the mostly-Chinese paragraphs (blank-line separated) of seeds."""
    sentences: list[str] = []
    for name in names:
        path = next(SEEDS.glob(f"{name}_*.txt"))
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            para = para.strip()
            letters = [c for c in para if c.isalpha()]
            if letters and len(_HAN.findall(para)) >= 0.7 * len(letters):
                sentences.extend(split_sentences(para, "zh"))
    return sentences


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    return chinese_sentences("000", "004")


@pytest.fixture(scope="module")
def mined(seed_sentences) -> list[TermCandidate]:
    return mine(enumerate(seed_sentences))


@pytest.fixture(scope="module")
def by_term(mined) -> dict[str, TermCandidate]:
    return {c.term: c for c in mined}


def test_the_seed_terms_are_found(by_term):
    for term in [
        "网络强国",
        "网信",
        "网信事业",
        "网信工作",
        "关键信息基础设施",
        "网络空间命运共同体",
        "清朗",
        "一点发现、全网防御",
        "十四五",
        "十五五",
        "数字经济",
        "世界互联网大会",
    ]:
        assert term in by_term, term


def test_kinds(by_term):
    assert by_term["清朗"].kind == "quoted"
    assert by_term["一点发现、全网防御"].kind == "quoted"
    assert by_term["一点发现、全网防御"].frequency == 1  # a quotation counts even once
    assert by_term["十四五"].kind == "formula"
    assert by_term["十五五"].kind == "formula"  # jieba cuts it 十五 | 五; the regex does not
    assert by_term["两个确立"].kind == "formula"
    assert by_term["网络空间命运共同体"].kind == "compound"
    assert {c.kind for c in by_term.values()} <= {"compound", "quoted", "formula", "user"}


def test_frequencies_are_exact_substring_counts(seed_sentences, by_term):
    for term in ["网信", "网信事业", "网络强国", "清朗", "关键信息基础设施"]:
        candidate = by_term[term]
        assert candidate.frequency == sum(s.count(term) for s in seed_sentences), term
        assert candidate.sentence_ids == tuple(
            k for k, s in enumerate(seed_sentences) if term in s
        ), term
    # jieba cuts 网信 as one word in some sentences and as 网 | 信 in others; every one counts
    assert by_term["网信"].frequency > by_term["网信事业"].frequency + by_term["网信工作"].frequency


def test_nesting(by_term):
    # 网信 occurs in many different longer terms (and alone): it keeps its own score
    for term in ["网信", "网信事业", "网信工作"]:
        assert by_term[term].c_value > 0 and by_term[term].score > 0
    assert by_term["网信"].frequency > by_term["网信"].c_value / 2  # little was taken away
    # 关键信息 only ever occurs inside 关键信息基础设施: not a term of its own
    assert "关键信息" not in by_term
    # nor 总书记, always inside 习近平总书记
    assert "习近平总书记" in by_term and "总书记" not in by_term


def test_sorted_by_score_and_frozen(mined):
    scores = [c.score for c in mined]
    assert scores == sorted(scores, reverse=True)
    for c in mined:
        assert c.score == pytest.approx(c.c_value * max(c.termhood, 0.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        mined[0].term = "x"  # type: ignore[misc]


def test_the_top_is_clean(mined):
    for c in mined[:40]:
        term = c.term
        assert len(term) >= 2, term
        assert term[0] not in _PARTICLES and term[-1] not in _PARTICLES, term
        assert not re.fullmatch(r"[0-9.%年月日]+", term), term
        assert all(_HAN.match(ch) or ch in "、·" for ch in term), term


def test_generic_words_and_clauses_are_not_candidates(by_term):
    # frequent in the seeds but just as frequent in general Chinese
    for word in ["发展", "建设", "工作", "网络", "信息", "我们", "重要", "问题"]:
        assert word not in by_term, word
    # a verb and its object, not a term
    assert "建设网络强国" not in by_term
    # a quoted call to action is no quoted name (网络空间命运共同体 is found as a compound)
    assert "构建网络空间命运共同体" not in by_term


def test_must_have_and_stop(seed_sentences, by_term):
    assert "网络文明建设" not in by_term  # occurs once: no compound
    mined = mine(enumerate(seed_sentences), must_have={"网络文明建设", "量子计算机"}, stop={"网络强国"})
    terms = {c.term: c for c in mined}
    assert terms["网络文明建设"].kind == "user"
    assert terms["网络文明建设"].frequency == 1
    assert terms["量子计算机"].frequency == 0  # kept although it does not occur
    assert "网络强国" not in terms
    assert "网络强国建设" in terms  # stop removes that term only


def test_another_topic():
    corpus = [
        "全面推进乡村振兴，加快建设农业强国。",
        "各地要扎实推进高标准农田建设，确保粮食安全。",
        "到2030年，累计建成高标准农田12亿亩。",
        "高标准农田建设是巩固和提高粮食生产能力的重要举措。",
        "乡村振兴战略的总目标是农业农村现代化。",
        "坚持农业农村优先发展，实施乡村振兴战略。",
        "要把高标准农田建设作为乡村振兴的重要抓手。",
        "加强耕地保护，严守耕地红线。",
        "耕地红线必须坚守，粮食安全必须保障。",
    ]
    mined = mine(enumerate(corpus, start=100))
    terms = {c.term: c for c in mined}
    assert {"高标准农田", "乡村振兴", "耕地红线"} <= set(terms)
    assert terms["高标准农田"].sentence_ids == (101, 102, 103, 106)
    assert "网信" not in terms and "网络强国" not in terms


def test_gold_recall_in_the_top_100(mined):
    gold = [line.strip() for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(gold) >= 25
    top = {c.term for c in mined[:100]}
    found = [g for g in gold if g in top]
    recall = len(found) / len(gold)
    print(f"gold recall in the top 100: {recall:.2f} ({len(found)}/{len(gold)})")
    assert recall >= 0.8, sorted(set(gold) - top)


def test_nothing_to_mine():
    assert mine([]) == []
    assert mine([(1, "IPv6 2025"), (2, "   "), (3, "。。")]) == []


def test_duplicates_keep_their_ids():
    sentences = [(7, "推进高标准农田建设。"), (9, "推进高标准农田建设。"), (3, "高标准农田是基础。")]
    terms = {c.term: c for c in mine(sentences)}
    assert terms["高标准农田"].frequency == 3
    assert terms["高标准农田"].sentence_ids == (3, 7, 9)


def test_jieba_is_imported_lazily_and_quietly():
    code = (
        "import sys, glossary.candidates as c\n"
        "assert 'jieba' not in sys.modules\n"
        "c.mine([(1, '网信事业发展迅速，网信事业前景广阔。')])\n"
        "assert 'jieba' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "prefix dict" not in done.stderr and "Loading model" not in done.stderr


def test_mining_scales(seed_sentences):
    # 5,000 distinct sentences recombined from the seed clauses
    clauses = [c for s in seed_sentences for c in re.split(r"[，,、；。]", s) if len(c) > 3]
    rng = random.Random(4)
    corpus = [
        "，".join(rng.choice(clauses) for _ in range(rng.randint(2, 5))) + "。" for _ in range(5000)
    ]
    start = time.perf_counter()
    mined = mine(enumerate(corpus))
    assert time.perf_counter() - start < 30
    assert mined[0].frequency > 1000


def test_subjects_with_their_verbs_and_phrases_across_a_frame_noun_are_no_terms(by_term):
    # 习近平总书记强调，…; 从国际国内大势出发，…; “十五五”时期 | 网信工作
    assert not {"总书记强调", "大势出发", "时期网信"} & set(by_term)
    # a noun and a verb that name a thing stay: the verb has a sense as a noun, or it is no clause's end
    assert {"个人信息保护", "态势感知"} <= set(by_term)


def test_an_aligned_name_ending_in_a_verb_holds_its_fragments():
    """WMT22's 南海战略态势感知 ("South China Sea Strategic Situation Detection", jieba: … 感知/v):
    its English read it as a name, so 南海战略态势, only ever inside it, is no term of its own."""
    corpus = [
        "南海战略态势感知平台公布最新卫星图片。",
        "据南海战略态势感知透露，美军三艘航母正在集结。",
        "南海战略态势感知发布了飞行路线。",
        "微博南海战略态势感知称，这是一个信号。",
    ]
    terms = {c.term for c in mine(enumerate(corpus), aligned={"南海战略态势感知": 4})}
    assert "南海战略态势感知" in terms and "南海战略态势" not in terms
    without = {c.term for c in mine(enumerate(corpus))}
    assert "南海战略态势" in without  # what the English adds: jieba alone takes the verb for a predicate
