"""What a term is: a policy term, an organisation, a person, a place or another name.

Told by jieba's part of speech of the term's words (nr person, ns place, nt organisation) and by
its main aligned rendering: a person's name is the term's own pinyin ("Zhang Zhongmou"), an
organisation's English ends in an institution's head noun ("Ministry of Education", "Gulf
Cooperation Council"), a capitalised rendering with neither is another name (an event, a
publication, a product). Everything else is a policy term.
"""

from __future__ import annotations

import re
from typing import Sequence

from glossary.records import RenderingCluster
from tm.lexicon import EN_TOKEN, NAME_SMALL_WORDS, pinyin_syllables, tag

POLICY, ORGANISATION, PERSON, PLACE, NAME = "policy", "organisation", "person", "place", "name"
KINDS = (POLICY, ORGANISATION, PERSON, PLACE, NAME)
# What `gloss rank` lists unless told otherwise. People and places have lists of their own; other
# names stay in: a campaign, an initiative or a summit (清朗 "Clear and Bright", 一带一路 "Belt and
# Road", 民主峰会 "Summit for Democracy") is as much policy language as any term.
RANKED_BY_DEFAULT = (POLICY, ORGANISATION, NAME)

# English nouns that head an institution's name (general English, not any corpus's).
_INSTITUTION_HEADS = frozenset("""
ministry department bureau council committee commission agency office administration authority
association party university college institute academy centre center company corporation group
federation union league organization organisation court procuratorate government army navy
police bank fund foundation society club school hospital daily news press xinhuanet station
""".split())
_PERSON_TAGS = frozenset("nr nrfg nrt nr1 nr2 nrj nrf".split())
_PLACE_TAGS = frozenset("ns nsf".split())
_ORGANISATION_TAGS = frozenset({"nt"})
_LETTERS = re.compile(r"[^a-z]")


def parse(option: str) -> tuple[str, ...] | None:
    """The kinds a `--kind` option names (comma-separated; "all" for every kind: None)."""
    from tm.errors import GlossError

    names = [k.strip().lower() for k in option.split(",") if k.strip()] or list(RANKED_BY_DEFAULT)
    if names == ["all"]:
        return None
    unknown = [k for k in names if k not in KINDS]
    if unknown:
        raise GlossError(f"unknown kind {unknown[0]!r}; kinds are {', '.join(KINDS)} or all")
    return tuple(names)


def classify(term: str, renderings: Sequence[RenderingCluster]) -> str:
    """The kind of a term, from its words' parts of speech and its most used aligned rendering."""
    tags = [t for w, t in tag(term) if w.strip()]
    main = next((c.text for c in renderings if c.evidence == "aligned"), "")
    words = EN_TOKEN.findall(main)
    capitalised = bool(words) and all(w[0].isupper() or w.lower() in NAME_SMALL_WORDS for w in words)
    # A person: the term is a name (with a title at most: 习近平总书记) that is not rendered in lower
    # case, or its rendering spells its sounds (张忠谋 "Zhang Zhongmou").
    place = bool(tags) and all(t in _PLACE_TAGS for t in tags)
    if tags and tags[0] in _PERSON_TAGS and len(tags) <= 2 and (capitalised or not words) \
            or (not place and capitalised and _is_pinyin_of(term, words)):
        return PERSON
    heads = {w.lower() for w in words}
    # jieba's nt is no proof alone (it tags 伦理学 "ethics" so): a lower-case rendering overrules it.
    if (tags and tags[-1] in _ORGANISATION_TAGS and (capitalised or not words)) \
            or (capitalised and heads & _INSTITUTION_HEADS):
        return ORGANISATION
    if place:
        return PLACE
    return NAME if capitalised and len(words) > 0 and not _is_sentence_case(main) else POLICY


def _is_pinyin_of(term: str, words: Sequence[str]) -> bool:
    """Zhang Zhongmou is 张忠谋 in pinyin: the rendering spells the term's sounds."""
    spelled = "".join(pinyin_syllables(term))
    return bool(spelled) and _LETTERS.sub("", "".join(words).lower()) == spelled


def _is_sentence_case(text: str) -> bool:
    """A single capitalised word is as often the start of a sentence as a name."""
    return len(EN_TOKEN.findall(text)) == 1 and not text.isupper() and text[1:].islower()
