"""Short forms: partial mentions and abbreviations fold under the full rendering; variants fold by
inflection without breaking words."""

from __future__ import annotations

import pytest

from glossary.clusters import ABBREVIATION, PARTIAL, cluster, fold, relate
from glossary.ranking import inconsistency
from glossary.records import Observation, Source

HK = Source("hk-news", "HK Daily", "2025-01-02")
OTHER = Source("other", "Other Post", "2025-02-03")


def obs(term, text, source=HK, score=0.9):
    return Observation(term, text, "aligned", score, source, "", "")


def test_plural_folding_keeps_words_whole():
    assert fold("Xinhua News Agency's") == "xinhua news agency"
    assert fold("the series") == "series" and fold("news") == "news"
    assert fold("Leading Cyber Powers") == fold("leading cyber power")
    assert fold("policies") == "policy" and fold("boxes") == "box" and fold("analysis") == "analysis"
    assert fold("governance") != fold("government")


def test_a_partial_mention_folds_under_the_full_name():
    clusters = relate(cluster([obs("刘德华", "Andy Lau"), obs("刘德华", "Lau"), obs("刘德华", "Lau")]))
    assert [c.text for c in clusters] == ["Andy Lau"]
    assert clusters[0].short_forms == (("Lau", 2, PARTIAL),) and clusters[0].count == 3
    assert inconsistency(clusters) == 0.0
    government = relate(cluster([obs("特区政府", "SAR government"), obs("特区政府", "government")]))
    assert [c.text for c in government] == ["SAR government"]


def test_a_part_seen_where_the_full_name_is_not_stays_a_rendering():
    clusters = relate(cluster([obs("刘德华", "Andy Lau"), obs("刘德华", "Lau", OTHER)]))
    assert sorted(c.text for c in clusters) == ["Andy Lau", "Lau"]


def test_abbreviations_fold_under_what_they_abbreviate():
    clusters = relate(cluster([obs("工信部", "Ministry of Industry and Information Technology"),
                               obs("工信部", "MIIT", OTHER), obs("工信部", "MIIT", OTHER)]))
    assert [c.text for c in clusters] == ["Ministry of Industry and Information Technology"]
    assert clusters[0].short_forms == (("MIIT", 2, ABBREVIATION),)
    assert set(clusters[0].publishers) == {"HK Daily", "Other Post"}


def test_no_fold_into_a_phrase_that_joins_two_things_or_renders_worse():
    joined = relate(cluster([obs("北京", "Commission and the Beijing"), obs("北京", "Beijing")]))
    assert sorted(c.text for c in joined) == ["Beijing", "Commission and the Beijing"]
    # "Message from Xinhua News Agency" renders 新华社 worse than "Xinhua News Agency" does
    weaker = relate(cluster([obs("新华社", "Xinhua News Agency", score=1.0),
                             obs("新华社", "Message from Xinhua News Agency", score=0.6)]))
    assert len(weaker) == 2


def test_acronym_plurals_fold():
    assert fold("laser TVs") == fold("laser TV") and fold("NGOs") == "ngo" and fold("natural gas") == "natural gas"


def test_renderings_one_inside_the_other_disagree_by_half():
    cut = cluster([obs("婚纱", "wedding dress")] * 3 + [obs("婚纱", "wedding dress photos")] * 3)
    apart = cluster([obs("民主峰会", "Summit for Democracy")] * 3 + [obs("民主峰会", "Democracy Summit")] * 3)
    assert 0 < inconsistency(cut) < inconsistency(apart)
    assert inconsistency(cut) == pytest.approx(inconsistency(apart) / 2, rel=0.01)
