"""Renderings inferred from English-only documents: seeds 001–003 (Xinhua, the CPC Publicity
Department), with the lexicon learned from the aligned pairs of seed 000; and made-up text on
another topic, to show that nothing depends on the seeds."""

from __future__ import annotations

import itertools
import re
import time

import pytest
from conftest import PARALLEL_SEED, SEEDS

from glossary.inferred import infer_renderings
from glossary.renderings import learn_lexicon, term_parts
from tm import text
from tm.align import align_document
from tm.segment import split_sentences

TERMS = ["网络强国", "网络大国", "清朗", "一张网", "网络空间命运共同体", "数字经济", "世界互联网大会",
         "关键信息基础设施", "网络安全"]
KNOWN = {"网络强国": ["leading cyber power"], "清朗": ["Clear and Bright"]}

# Every rendering the seeds give each term, judged by hand against the Chinese originals.
# "network power" renders 网络大国 in one place and 网络强国 in two ("from a network power to a
# network power" is 从网络大国向网络强国); without the Chinese the two cannot be told apart.
RIGHT = {
    "网络强国": {"strong cyber country", "network power", "cyber power", "leading cyber power"},
    "网络大国": {"network power"},
    "清朗": {"clear and bright", "clear and clear"},  # 001's machine translation of 清朗网络生态
    "一张网": {"one network"},
    "网络空间命运共同体": {"cyberspace community of destiny",
                           "community with a shared future in cyberspace"},
    "数字经济": {"digital economy"},
    "世界互联网大会": {"world internet conference"},
    "关键信息基础设施": {"key information infrastructure", "critical information infrastructure"},
    "网络安全": {"cybersecurity", "network security"},
}


def english_sentences(*seeds: str) -> list[tuple[int, str, str]]:
    """(id, seed, sentence) for the English of the given seeds, paragraphs split on blank lines."""
    found = []
    for seed in seeds:
        path = next(SEEDS.glob(f"{seed}_*.txt"))
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            for sentence in split_sentences(" ".join(paragraph.split()), "en"):
                found.append((len(found), seed, sentence))
    return found


@pytest.fixture(scope="module")
def sentences():
    return english_sentences("001", "002", "003")


@pytest.fixture(scope="module")
def learned():
    beads = align_document(next(text.read(PARALLEL_SEED)))
    pairs = [("".join(s.norm for s in b.zh), b.en_text) for b in beads if b.zh and b.en]
    return learn_lexicon(pairs, {p for t in TERMS for p in term_parts(t)} | set(TERMS))


@pytest.fixture(scope="module")
def found(sentences, learned):
    return list(infer_renderings(TERMS, KNOWN, ((n, s) for n, _, s in sentences), learned))


def seen(found, sentences, term: str) -> set[tuple[str, str]]:
    """(seed, rendering) for every occurrence of `term`."""
    return {(sentences[o.source_id][1], o.rendering) for o in found if o.term == term}


@pytest.mark.parametrize("term, seed, rendering", [
    ("网络强国", "001", "Strong Cyber Country"),  # the title: 强 strong, 网络 cyber, 国 country
    ("网络强国", "001", "network power"),
    ("网络强国", "003", "cyber power"),
    ("网络大国", "001", "network power"),
    ("一张网", "003", "one network"),  # 张 is a classifier: no word of its own
    ("网络空间命运共同体", "001", "cyberspace community of destiny"),
    ("世界互联网大会", "002", "World Internet Conference"),  # 大会 → 会议 "conference"
    ("世界互联网大会", "003", "World Internet Conference"),
    ("数字经济", "002", "digital economy"),
    ("关键信息基础设施", "002", "key information infrastructure"),
    ("网络安全", "001", "network security"),
    ("网络安全", "002", "cybersecurity"),
])
def test_phrases_whose_words_translate_every_part(found, sentences, term, seed, rendering):
    assert (seed, rendering) in seen(found, sentences, term)


def test_a_known_rendering_and_its_variants(found, sentences):
    clear = [(sentences[o.source_id][1], o.rendering, o.score)
             for o in found if o.term == "清朗" and o.how == "known"]
    assert ("003", "Clear and Bright", 0.6) in clear  # the "Clear and Bright" series
    assert ("002", "Clear and Bright", 0.6) in clear  # the "Clear and Bright" campaign
    assert ("003", "clear and bright", 0.55) in clear  # build a clear and bright network space


def test_every_inferred_rendering_is_a_rendering_of_its_term(found):
    wrong = [(o.term, o.rendering) for o in found if o.rendering.lower() not in RIGHT[o.term]]
    assert not wrong
    assert {o.term for o in found} == set(TERMS)


def test_a_rendering_shared_by_two_terms_is_given_for_both(found):
    users = {o.term for o in found if o.rendering == "network power"}
    assert users == {"网络强国", "网络大国"}  # the collision the ranking reports


def test_no_common_word_alone_renders_a_term(found):
    assert {o.rendering for o in found if o.term == "网络空间命运共同体"} == {"cyberspace community of destiny"}
    assert all(len(o.rendering.split()) > 1 or o.rendering.lower() == "cybersecurity" for o in found)


def test_inferred_evidence_scores_below_aligned_evidence(found):
    assert found
    assert all(o.evidence == "inferred" and 0 < o.score < 0.65 for o in found)
    assert all(o.score <= 0.6 if o.how == "known" else o.how == "lexicon" and o.score <= 0.45
               for o in found)


# Made-up English on farming, with terms the seeds never mention.
FARMING = [
    "China will build 10 million mu of high-standard farmland this year.",
    "High-standard farmlands raise grain output and protect the soil.",
    "Local governments must strengthen the protection of farmland.",
    "Farmers welcomed the high standard farmland projects, and farmland protection improved.",
    "It is clear that the farmland red line is a clear red line.",
]


def farming(terms, known=None):
    found = infer_renderings(terms, known or {}, enumerate(FARMING), {})
    return [(FARMING[o.source_id], o.rendering, o.how) for o in found]


def test_another_topic_in_any_word_order():
    found = farming(["高标准农田", "农田保护"])
    assert [rendering for _, rendering, _ in found] == [
        "high-standard farmland", "High-standard farmlands", "protection of farmland",
        "high standard farmland", "farmland protection"]
    assert all(how == "lexicon" for _, _, how in found)


def test_a_term_inside_a_longer_one_does_not_render_the_same_words():
    found = farming(["高标准农田", "农田"])
    farmland = [sentence for sentence, r, _ in found if r.lower().startswith("farmland")]
    # Only where no high-standard farmland claims the word.
    assert farmland == [FARMING[2], FARMING[3], FARMING[4]]


def test_a_common_word_renders_a_term_only_when_known():
    assert farming(["清朗"]) == []  # "clear" is one of its glosses, and common
    assert [r for _, r, how in farming(["清朗"], {"清朗": ["clear"]}) if how == "known"] == ["clear", "clear"]


def test_variants_of_a_known_rendering():
    known = {"一带一路倡议": ["the Belt and Road Initiative"]}
    sentences = ["He spoke of the Belt and Road Initiative.", "Two Belt-and-Road initiatives were signed."]
    found = infer_renderings(["一带一路倡议"], known, enumerate(sentences), {})
    assert [(o.rendering, o.score) for o in found] == [
        ("Belt and Road Initiative", 0.6), ("Belt-and-Road initiatives", 0.55)]


def test_sentences_are_streamed():
    endless = ((n, s) for n, s in enumerate(itertools.cycle(FARMING)))
    first = next(infer_renderings(["高标准农田"], {}, endless, {}))
    assert (first.source_id, first.rendering) == (0, "high-standard farmland")


def test_many_terms_over_many_sentences_stay_fast(sentences):
    words = ["网络", "安全", "数字", "经济", "信息", "技术", "发展", "治理", "数据", "平台", "产业", "国家",
             "社会", "文明", "空间", "基础设施", "人工智能", "创新", "体系", "能力", "建设", "保护", "管理", "服务"]
    terms = words + ["".join(p) for p in itertools.permutations(words, 2)]  # 576 terms
    stream = [(n, sentences[n % len(sentences)][2]) for n in range(10_000)]
    start = time.process_time()
    count = sum(1 for _ in infer_renderings(terms, {}, stream, {}))
    assert count > 10_000
    # About 0.3 ms a sentence on one core: a scan that looked at every term would take minutes.
    assert time.process_time() - start < 60
