"""What a term is, from jieba's parts of speech and its main aligned rendering; `gloss rank --kind`."""

from __future__ import annotations

import pytest

from glossary.clusters import cluster
from glossary.kinds import NAME, ORGANISATION, PERSON, PLACE, POLICY, classify, parse
from glossary.records import Observation, Source
from tm.errors import GlossError

SOURCE = Source("doc", "publisher", "2025-01-01")


def rendered(term: str, rendering: str):
    return cluster([Observation(term, rendering, "aligned", 0.9, SOURCE, "", "")])


@pytest.mark.parametrize("term, rendering, kind", [
    ("张忠谋", "Zhang Zhongmou", PERSON),  # the rendering spells the term's sounds
    ("习近平总书记", "General Secretary Xi Jinping", PERSON),  # a name and a title
    ("习近平新时代中国特色社会主义思想",
     "Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era", POLICY),
    ("青海", "Qinghai", PLACE),
    ("公安部", "Ministry of Public Security", ORGANISATION),
    ("海湾合作委员会", "Gulf Cooperation Council", ORGANISATION),
    ("主义伦理学", "rationalist ethics", POLICY),  # jieba tags 伦理学 nt; the English says otherwise
    ("民主峰会", "Summit for Democracy", NAME),
    ("数字经济", "digital economy", POLICY),
])
def test_kinds(term, rendering, kind):
    assert classify(term, rendered(term, rendering)) == kind


def test_kind_options():
    assert parse("") == (POLICY, ORGANISATION, NAME)
    assert parse("person, place") == (PERSON, PLACE)
    assert parse("all") is None
    with pytest.raises(GlossError, match="unknown kind 'people'"):
        parse("people")
