"""Renderings of terms in the aligned pairs of seed 000 (People's Daily)."""

from __future__ import annotations

import pytest
from conftest import PARALLEL_SEED

from glossary.phrases import find_occurrences
from glossary.renderings import learn_lexicon, quoted_phrase, term_parts
from tm import text
from tm.align import align_document

TERMS = ["网络强国", "清朗", "关键信息基础设施", "数字经济", "数字乡村", "量子科技", "集成电路",
         "何以中国", "一点发现、全网防御", "习近平新时代中国特色社会主义思想", "中国式现代化"]


@pytest.fixture(scope="module")
def pairs():
    beads = align_document(next(text.read(PARALLEL_SEED)))
    return [(n, "".join(s.norm for s in b.zh), b.en_text) for n, b in enumerate(beads) if b.zh and b.en]


@pytest.fixture(scope="module")
def renderings(pairs):
    words = {p for t in TERMS for p in term_parts(t)} | set(TERMS)
    learned = learn_lexicon([(zh, en) for _, zh, en in pairs], words)
    return {t: [o.rendering for o in find_occurrences(t, pairs, learned)] for t in TERMS}


@pytest.mark.parametrize("term, expected", [
    ("网络强国", ["leading cyber power"] * 3),
    ("清朗", ["Clear and Bright"]),
    ("关键信息基础设施", ["critical information infrastructure"]),
    ("数字经济", ["digital economy"]),
    ("数字乡村", ["digital villages"]),
    ("量子科技", ["quantum technology"]),
    ("集成电路", ["integrated circuits"]),
    ("何以中国", ["Why China"]),
    ("一点发现、全网防御", ["single-point discovery, network-wide defense"]),
    ("习近平新时代中国特色社会主义思想", ["Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era"]),
    ("中国式现代化", ["Chinese modernization"]),
])
def test_whole_phrase_renderings_in_the_parallel_seed(renderings, term, expected):
    assert renderings[term] == expected


def test_quoted_terms_pair_with_the_quotation_in_the_same_place():
    zh = "创新打造“何以中国”“把青春华章写在祖国大地上”等品牌活动"
    en = 'We created brand activities such as "Why China" and "Writing the Chapter of Youth on the Land of the Motherland," gathering force.'
    assert quoted_phrase("把青春华章写在祖国大地上", zh, en) == "Writing the Chapter of Youth on the Land of the Motherland"
    assert quoted_phrase("何以中国", zh, en) == "Why China"
    assert quoted_phrase("品牌活动", zh, en) is None


def test_one_capitalised_word_of_a_longer_name_is_a_fragment_of_it():
    """WMT23's 中共 "Political" (of "Political Bureau"), 九二共识 "Consensus" (of "1992 Consensus"),
    越通社 "News" (of "Vietnam News Agency"); an acronym or a name standing alone is whole."""
    from glossary.phrases import PairView, _inside_name
    from tm.wordalign import tokenized

    en = "The Political Bureau met, and Xinhua said the 1992 Consensus holds; NPS Abuse, Vietnam News Agency"
    view = PairView(tokenized(0, "中共中央政治局", en))
    at = {w: k for k, w in enumerate(view.pair.en_words)}
    assert _inside_name(view, at["Political"]) and _inside_name(view, at["Consensus"]) and _inside_name(view, at["News"])
    assert not _inside_name(view, at["Xinhua"]) and not _inside_name(view, at["NPS"])
    opening = PairView(tokenized(0, "新华社", "Yesterday Xinhua said Huawei semiconductors sell"))
    at = {w: k for k, w in enumerate(opening.pair.en_words)}
    assert not _inside_name(opening, at["Xinhua"]) and not _inside_name(opening, at["semiconductors"])


def test_a_quotation_running_on_from_the_line_before_pairs_nothing():
    # WMT23 line 635: both sides open with the closing mark of the paragraph before's quotation.
    zh = "”里奥斯表示，期待共建“一带一路”合作继续发挥重要作用。"
    en = '"Rios said he expects the "Belt and Road" cooperation to play a noteworthy part.'
    assert quoted_phrase("一带一路", zh, en) is None
    assert quoted_phrase("一带一路", "他说“一带一路”倡议", 'He said the “Belt and Road" initiative') == "Belt and Road"


def test_a_translation_that_reorders_the_quotations_pairs_them_by_the_word_links():
    """WMT22 line 1232: the Chinese quotes 异域密码 first, the English its “thriller genius”."""
    from dataclasses import replace

    from glossary.phrases import render_in_pair
    from glossary.renderings import gloss_term
    from tm.wordalign import tokenized

    zh = "因出版“异域密码”系列的作品，在业内有“悬疑怪才”之称"
    en = "He is called “thriller genius” in the industry due to the publication of his “Foreign Password” series"
    pair = tokenized(0, zh, en)
    zh_at = {w: k for k, w in enumerate(pair.zh_words)}
    en_at = {w: k for k, w in enumerate(pair.en_words)}
    links = {(zh_at[z], en_at[e]) for z, e in [("异域", "Foreign"), ("密码", "Password"), ("悬疑", "thriller"),
                                              ("怪才", "genius"), ("出版", "publication"), ("系列", "series")]}
    pair = replace(pair, links=frozenset(links))
    rendered = {t: [o.rendering for o in render_in_pair(t, gloss_term(t, {}), pair)] for t in ("异域密码", "悬疑怪才")}
    assert rendered == {"异域密码": ["Foreign Password"], "悬疑怪才": ["thriller genius"]}
    assert quoted_phrase("异域密码", zh, en) == "thriller genius"  # without links, the order is all there is


def test_the_learned_lexicon_finds_what_the_dictionary_lacks(pairs):
    learned = learn_lexicon([(zh, en) for _, zh, en in pairs], {"网络强国", "网络安全", "十四五", "网信"})
    assert "cyber" in learned["网络强国"]  # CC-CEDICT: Internet, network; powerful country, great power
    assert "cybersecur" in learned["网络安全"]  # CC-CEDICT: network security
    assert "plan" not in learned.get("网信", ())  # "Five-Year Plan" is credited to 十四五, not its neighbour
