"""The lexical layer every step shares: Han text, jieba, English words and stems, CC-CEDICT senses, pinyin.

Heavy modules (jieba, snowballstemmer, pypinyin, CC-CEDICT) load on first use only.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from tm.lang import LazyPattern, Script

# CJK extension A, unified ideographs, compatibility ideographs: the characters jieba and
# CC-CEDICT know (language detection, `tm.lang`, also counts the rarer extensions as Chinese).
_HAN_SCRIPT = Script((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
HAN_CHARS = _HAN_SCRIPT.chars
HAN = _HAN_SCRIPT.pattern
HAN_RUN = LazyPattern(f"[{HAN_CHARS}]+")
# Whether a text holds a Han character; a look-up's query is tested without compiling the class.
has_han = _HAN_SCRIPT.found_in

# Words as written, a possessive 's apart ("Xi Jinping's" renders 习近平 as "Xi Jinping" does).
EN_TOKEN = LazyPattern(
    r"\d+(?:[.,]\d+)*[A-Za-z]*|[A-Za-z](?:[A-Za-z0-9-]|['’](?!s\b))*[A-Za-z0-9]|(?<!['’])[A-Za-z]")

_GLOSS_WORD = LazyPattern(r"[A-Za-z][A-Za-z'-]*")

# Function words carry no evidence of translation on either side.
EN_STOP = frozenset(
    "a an the of to in on at by for from with and or but as is are was were be been being has have had "
    "it its this that these those their there they we our us he she his her which who whom what when "
    "where how not no all any such than then so also into over under about more most other".split())
# Finite verbs that make a phrase a clause ("product is packaged"); not can, may, will: nouns too.
EN_FINITE = frozenset("is are was were am did does do has have had must should would shall".split())
# The words that coordinate two parts of a phrase ("hydrating and moisturizing").
EN_CONJUNCTIONS = frozenset({"and", "or", "&"})
# The small words a name may hold between its capitalised ones ("Ministry of Industry and …").
NAME_SMALL_WORDS = frozenset("of and for the in on at to a an".split())


@lru_cache(maxsize=1)
def jieba_module():
    """jieba, initialised, its start-up logging silenced."""
    import logging
    import jieba as module

    module.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    module.initialize()
    return module


def warm() -> None:
    """Load what the per-pair steps read (jieba and its tagger, CC-CEDICT, the stemmer) in this
    process, so that workers forked from it share one copy instead of each loading its own."""
    tag("")
    gloss_stems("中")
    gloss_word_counts()


def cut(text: str, hmm: bool = False) -> list[str]:
    """jieba's words of `text`: by its dictionary alone (an unknown word comes out as its
    characters) unless `hmm` (jieba then guesses words it does not know: 网信)."""
    return jieba_module().lcut(text, HMM=hmm)


@lru_cache(maxsize=1)
def _posseg():
    jieba_module()
    from jieba import posseg

    return posseg.dt


def tag(text: str, hmm: bool = False) -> list[tuple[str, str]]:
    """jieba's words of `text` with their parts of speech (by its dictionary alone unless `hmm`); an organisation's
    name that jieba's dictionary holds with its country or city in front (中国外交部, 美国财政部) is
    cut after the place, as the organisation is named elsewhere without it."""
    out = []
    for p in _posseg().cut(text, HMM=hmm):
        out.extend(_place_led(p.word) if p.flag == "nt" and len(p.word) >= 4 else [(p.word, p.flag)])
    return out


def _place_led(word: str) -> list[tuple[str, str]]:
    tags = _posseg().word_tag_tab
    for k in (2, 3):
        if tags.get(word[:k]) == "ns" and tags.get(word[k:]) == "nt":
            return [(word[:k], "ns"), (word[k:], "nt")]
    return [(word, "nt")]


@lru_cache(maxsize=1)
def _snowball():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem: protection meets protect and national nation, while cyberspace
    stays apart from cybersecurity, news from new and series from sery."""
    return _snowball().stemWord(word.lower().replace("’", "'").removesuffix("'s"))


# What CC-CEDICT puts in a sense besides its English: (notes), [pinyin], classifiers, sb/sth.
SENSE_NOTES = LazyPattern(r"\([^)]*\)|\[[^\]]*\]|\bCL:\S+|\bsb\b|\bsth\b")


@lru_cache(maxsize=200_000)
def gloss_words(word: str) -> tuple[str, ...]:
    """Lower-case English content words of every CC-CEDICT sense of a simplified headword."""
    from tm import cedict

    return tuple(dict.fromkeys(w for sense in cedict.load().glosses.get(word, ()) for w in _sense_words(sense)))


@lru_cache(maxsize=200_000)
def gloss_stems(word: str) -> frozenset[str]:
    """Stems (Snowball) of the English words of every CC-CEDICT sense of `word`."""
    return frozenset(map(stem, gloss_words(word)))


@lru_cache(maxsize=50_000)
def sense_stems(word: str) -> tuple[frozenset[str], ...]:
    """Each CC-CEDICT sense of `word` as the stems of its content words ("Ministry of Public
    Security" → minist, public, secur), up to the comma after which a sense explains itself
    ("Xinhua News Agency, founded in 1931 as …")."""
    from tm import cedict

    stems = (frozenset(map(stem, _sense_words(SENSE_NOTES.sub(" ", sense).split(",")[0])))
             for sense in cedict.load().glosses.get(word, ()))
    return tuple(s for s in stems if s)


def _sense_words(sense: str) -> list[str]:
    """The lower-case English content words of one CC-CEDICT sense, its notes left out."""
    return [w.lower() for w in _GLOSS_WORD.findall(SENSE_NOTES.sub(" ", sense)) if w.lower() not in EN_STOP]


@lru_cache(maxsize=1)
def gloss_word_counts() -> Counter[str]:
    """How often each lower-case word occurs in CC-CEDICT's glosses: how common it is in English."""
    from tm import cedict

    text = "\n".join(s for senses in cedict.load().glosses.values() for s in senses).lower()
    return Counter(_GLOSS_WORD.findall(text))


def pinyin_syllables(word: str) -> list[str]:
    """Toneless pinyin syllables, one a character (non-Han runs as they are)."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(word)
