"""Chinese term candidates: the first step of term mining.

`mine(sentences)` takes Simplified Chinese sentences with an id each and returns
`TermCandidate`s, best first. Candidates come from five places:

- ``compound``: runs of content words in jieba's part-of-speech segmentation
  (jieba.posseg; nouns, names, abbreviations, verbal and adjectival nouns, with
  adjectives and distinguishing words as modifiers). Every stretch of a run that
  ends in a noun-like word is a candidate: up to 6 words of two or more characters
  (single characters ride along) and 16 characters (网信事业, 关键信息基础设施 …).
  A plain noun followed by a two-character verb is one too (乡村振兴, 个人信息保护).
  A candidate of one word needs three characters or more, or to be a word jieba's
  dictionary does not know (网信: jieba cuts it 网 | 信, and the pieces are joined).
  Stretches that start or end inside a run of lone characters (筑 | 牢国家…) are not
  candidates. A set phrase or idiom of four characters or more stands alone (退耕还林).
- ``aligned``: the units whose word-aligned English reads as a name or a noun phrase
  (`glossary.bilingual`), however common in general Chinese and however rare here.
- ``quoted``: what the text puts between “…”, 「…」, 『…』, ‘…’ or "…" when it is
  short (≤ 16 characters), mostly Han and reads as a name rather than a clause (no
  的/了/是…, no sentence punctuation, not a long verb phrase); kept even when it
  occurs once (“清朗”, “一张网”, “一点发现、全网防御”).
- ``formula``: numeral-led fixed expressions, by regular expression over the text:
  N个XX (两个确立, 四个自信; these need to be quoted or seen twice), five-year plans
  (十四五, 十五五), congresses and plenums (十八大, 二十届四中全会), 一X一Y / 两X一Y
  slogans (一带一路, 两学一做; quoted or seen twice).
- ``user``: the `must_have` terms; always kept, even when they do not occur.

Frequencies are exact: every candidate (and every part used for termhood) is
counted as a substring of every sentence, so a term that jieba segments
differently in different contexts still gets all its occurrences.

Filters: single characters, numbers and dates, words that are common in general
Chinese (≥ 80 per million in jieba's dictionary: 发展, 工作, 网络), one-word
modifiers that never end a noun phrase (高质量, 历史性), compounds led by a common
two-character adjective (重要思想, 重大决策), verb–object phrases whose object is
a candidate (建设网络强国), and compounds seen fewer than `min_freq` times
(quoted, formula and aligned candidates need only occur once). No list of terms is used.

Scoring (each candidate carries both factors):

- ``termhood``: how much more frequent the candidate is here than in general
  Chinese, with jieba's dictionary frequencies (``jieba.dt.FREQ``, ``jieba.dt.total``)
  as the reference corpus: the log weirdness ratio ``ln(min(p_c / p_r, 1000))``
  with ``p_c = count / N`` (N = Han words in the corpus) and
  ``p_r = (dictionary frequency + 0.5) / dictionary total`` (0.5 smooths words the
  dictionary never saw; the cap at 1000 keeps words with jieba's nominal frequency
  of 3 from outscoring frequent terms). Quoted, formula and user candidates are
  one unit. A compound's reference probability comes from its parts (its jieba
  words, runs of lone characters joined: 网 信 → 网信): its termhood is the mean of
  the parts' log ratios, the ratio of the parts' geometric-mean probabilities. So
  网络强国 and 网信事业, made of words this corpus uses far more than general
  Chinese does, beat 重大成就.
- ``c_value``: Frantzi & Ananiadou's C-value over characters,
  ``log2(1 + len(a)) * (f(a) - mean f(b))`` over the direct containers b of a
  (longer candidates containing a and no other container of a; just
  ``log2(1 + len(a)) * f(a)`` when there are none). A nested term that occurs on its
  own or inside several different longer candidates keeps most of its frequency
  (网信 in 网信事业, 网信工作, 网信领域 …); one whose occurrences lie 90% or more inside
  one and the same longer candidate is a fragment of it and goes (关键信息 in
  关键信息基础设施), unless it is a word of jieba's dictionary that its own English
  renders (党代会 in 党代会精神). Only candidates that end a noun phrase somewhere count as
  containers: not 关键信息基础设施安全 (always followed by 保护), not compounds ending in a
  verb (习近平总书记 | 强调); a verb–object phrase only contains what starts with its verb;
  a place or an organisation in front (美国 | 教育部) does not contain what follows it.

``score = c_value * max(termhood, 0) * (1 + log2(1 + aligned))`` (frequency times
specificity, in the manner of tf·idf, times the pairs whose English treats it as a
unit); candidates seen twice come first, then by score, frequency and the term.
Compounds with a termhood of 0 or less are dropped; an aligned unit's is at least 1.

jieba comes through `tm.lexicon`, loaded on first use. The work is linear in the corpus:
two passes (segmentation, with repeated clauses cached, then substring counting with a
prefix table); the sentences are streamed when the source can be read twice.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Mapping

from tm.lexicon import HAN, HAN_CHARS, HAN_RUN

KINDS = ("compound", "aligned", "quoted", "formula", "user")  # a string found as several: the last wins

MAX_TOKENS = 6  # words in a compound
MAX_CHARS = 16  # characters in any mined candidate (quoted ones included)
# A single word this frequent in general Chinese (per million words of jieba's
# dictionary) is too generic to be a term on its own: 网络, 数据, 工作, 发展 …
GENERIC_PER_MILLION = 80.0
_SMOOTH = 0.5
_CACHE_SIZE = 50_000  # tagged clauses kept
MAX_SENTENCE_IDS = 200  # sentence ids kept of each candidate (examples, not an index)
_MAX_DIRECT_CHECK = 300  # containers of one candidate checked for nesting among themselves
_TABLE_SIZE = 1_000_000  # compounds tallied before those seen once are forgotten
# Over-representation beyond this is not counted: past it the evidence is frequency
# (jieba's dictionary gives hundreds of thousands of words a nominal frequency of 3).
_MAX_RATIO = 1000.0
# A candidate this often inside one and the same longer candidate is a fragment of it.
NESTED_SHARE = 0.9
# The termhood an aligned unit has at least: its translation, not its rarity, makes it a term.
ALIGNED_TERMHOOD = 1.0
_BY_PARTS = frozenset({"compound", "aligned"})  # kinds whose termhood comes from their parts

# jieba (ICTCLAS) tags. Heads can end a compound; modifiers only precede a head.
_HEAD_TAGS = frozenset(
    "n nr nr1 nr2 nrf nrfg nrj nrt ns nsf nt nz nl ng vn an j l i".split()
)
_MODIFIER_TAGS = frozenset("a b".split())
_RUN_TAGS = _HEAD_TAGS | _MODIFIER_TAGS
_NOUN_BEFORE_VERB = frozenset("n nz nt ns nl ng j b".split())  # b: 水污染 | 防治
# Words that may stand alone as a single-word candidate (not l: 深刻领会, 长治久安).
_SINGLE_TAGS = _HEAD_TAGS - {"l"}
_SET_PHRASE_TAGS = frozenset({"l", "i"})
# Function words that jieba sometimes tags as content words; never in a candidate.
_FUNCTION_WORDS = frozenset(
    """的 地 得 了 着 过 和 与 及 或 等 等等 在 对 把 被 将 从 向 于 以 为 之 其 而 并 且
    也 都 就 又 还 是 有 这 那 此 该 各 每 某 所 者 上 下 中 内 外 前 后 里""".split()
)
# Nouns that close a phrase of time or place ("十五五”时期, 会议期间, 过去一段时间以来): a compound
# they lead runs across that phrase's end into the next one.
_FRAME_NOUNS = frozenset("时期 期间 阶段 年代 以来 时候 之际 当中 前夕 初期 中期 末期 方面 过程 之中".split())
_VERB_TAGS = frozenset("v vd vi vf vx vl vg".split())
_FUNCTION_TAGS = frozenset("p c u uj ul uz ug uv ud y e o x".split())
# Quoted text that contains one of these reads as a clause, not a name.
_CLAUSE_WORDS = frozenset("的 了 着 过 吗 呢 吧 啊 呀 是 就 我 你 他 她 我们 你们 他们".split())

_CLAUSE_BREAK = re.compile(r"([，。；：！？、,;:!?…\s]+)")
_QUOTED = re.compile(
    r"“([^“”\n]{1,%d})”|「([^「」\n]{1,%d})」|『([^『』\n]{1,%d})』|‘([^‘’\n]{1,%d})’|\"([^\"\n]{1,%d})\""
    % ((MAX_CHARS,) * 5)
)
# Inside a quoted name only Han, the enumeration comma, middle dots and a few
# Latin letters or digits (5G) may appear; sentence punctuation makes it a clause.
_QUOTED_OK = re.compile(rf"[{HAN_CHARS}、·•A-Za-z0-9]+")
_NUMERALS = "一二两三四五六七八九十百千"
_NUMBER_ONLY = re.compile(
    rf"[0-9０-９.．%％{_NUMERALS}万亿零〇第个年月日号时分秒届次多余几]+"
)
_MEASURES = "个年月日号次种项条位名点张岁天周元亿万"
_FORMULAS: tuple[tuple[re.Pattern, bool], ...] = (
    # (pattern, needs evidence: quoted somewhere or seen twice)
    # N个XX: 两个确立, 四个自信, 三个代表, 两个一百年 (not 一个, 十二个, 第二个)
    (
        re.compile(
            rf"(?<![{_NUMERALS}第])(?:[两二三四五六七八九]|十[一二三四五六七八九]?)个"
            rf"(?:[一二三四五六七八九十百千]+年|[{HAN_CHARS}]{{2}})"
        ),
        True,
    ),
    # five-year plans: 十四五, 十五五
    (re.compile(rf"(?<![{_NUMERALS}第])十[一二三四五六七八九]五(?![{_NUMERALS}{_MEASURES}])"), False),
    # party congresses and plenary sessions: 十八大, 二十大, 二十届四中全会
    # (党的二十大 is one too: the Party's congresses are named so)
    (re.compile(rf"(?:党的|中共)?(?<![{_NUMERALS}第])(?:十[一二三四五六七八九]|二十[一二三四五六七八九]?)大(?![{_NUMERALS}学])"), False),
    (re.compile(rf"(?<![{_NUMERALS}第])[一二三四五六七八九十]+届[一二三四五六七八九]中全会"), False),
    # 一X一Y, 两X一Y, 三X三Y …: 一带一路, 两学一做, 三严三实, 一国两制
    (
        re.compile(
            rf"(?<![{_NUMERALS}第])[一两二三四五六七八九十]([^{_MEASURES}{_NUMERALS}\W\d])"
            rf"[一两二三四五六七八九十](?!\1)[^{_MEASURES}{_NUMERALS}\W\d]"
        ),
        True,
    ),
)


@dataclass(frozen=True)
class TermCandidate:
    """A Chinese term candidate with the evidence for it."""

    term: str
    frequency: int  # occurrences in the sentences (substring count, overlaps included)
    sentence_ids: tuple[int, ...]  # ascending, each once; the first MAX_SENTENCE_IDS of the corpus
    kind: str  # compound | quoted | formula | user
    termhood: float  # ln(p_corpus / p_reference); see the module docstring
    c_value: float  # C-value over characters; see the module docstring
    aligned: int = 0  # pairs whose English rendered it as a name or noun phrase (`glossary.bilingual`)

    @property
    def score(self) -> float:
        """What candidates are sorted by: c_value × max(termhood, 0), times 1 + log2(1 + aligned):
        each pair whose translation treats it as a unit is evidence of its own."""
        return self.c_value * max(self.termhood, 0.0) * (1 + math.log2(1 + self.aligned))


@dataclass
class Sightings:
    """What segmenting the texts saw: words, compounds (and how often they end a noun phrase),
    quotations and formulae."""

    word_count: Counter[str] = field(default_factory=Counter)  # words as jieba cuts them
    seen: Counter[str] = field(default_factory=Counter)  # compounds, as often as jieba yields them
    closed: Counter[str] = field(default_factory=Counter)  # … of which followed by no content word
    clause_final: Counter[str] = field(default_factory=Counter)  # a noun and a verb, before ，。 or the end
    quoted: set[str] = field(default_factory=set)
    formulae: dict[str, bool] = field(default_factory=dict)  # formula → needs evidence (quoted, or seen twice)

    @property
    def han_words(self) -> int:
        return max(sum(n for w, n in self.word_count.items() if HAN_RUN.fullmatch(w)), 1)


@dataclass
class _Pool:
    """The candidates being weighed: each string's kind, jieba tokens and parts (for termhood)."""

    kinds: dict[str, str]
    tokens_of: dict[str, tuple[tuple[str, str], ...]]
    parts_of: dict[str, list[str]]
    aligned: dict[str, int]  # units the English reads as terms, with how often


def segment(sentences: Iterable[tuple[int, str]], *, max_tokens: int = MAX_TOKENS, hmm: bool = False) -> Sightings:
    """What jieba's segmentation of the sentences shows (the first pass of `mine`, which needs
    nothing of the English: it may run while the words are being aligned)."""
    return _segment(_texts(sentences), _tagger(hmm), max_tokens)


def mine(
    sentences: Iterable[tuple[int, str]],
    must_have: Iterable[str] = (),
    stop: Iterable[str] = (),
    aligned: Mapping[str, int] = {},
    *,
    min_freq: int = 2,
    max_tokens: int = MAX_TOKENS,
    hmm: bool = False,
    sightings: Sightings | None = None,
    size: int = 0,
) -> list[TermCandidate]:
    """Term candidates of Simplified Chinese sentences, best first.

    sentences: (sentence id, text) pairs, in ascending ids. must_have: terms always kept
    (kind "user"); stop: terms never returned. aligned: units whose aligned English reads as a
    term, with how often (`glossary.bilingual`): candidates however common in general Chinese and however rare
    here (kind "aligned" unless they are compounds anyway). min_freq: how often a compound must
    be seen. hmm: let jieba guess unknown words with its HMM (several times slower
    with part-of-speech tagging; unknown words are found as runs of characters anyway).
    sightings: what `segment` made of the same sentences, if it has been run. size: how many
    sentences there are, if known, so that every core counts them.
    """
    tag = _tagger(hmm)
    reference = _reference()
    # The texts are read twice (to segment, then to count): a one-shot iterator is kept in
    # memory, a source that can be read again (the store) is streamed.
    if iter(sentences) is sentences:
        sentences = list(sentences)
    if sightings is None:
        sightings = _segment(_texts(sentences), tag, max_tokens)
    must = {_clean(t) for t in must_have} - {""}
    pool = _gather(sightings, {_clean(t): n for t, n in aligned.items()}, must, tag, min_freq)
    # Exact counts of every candidate and of every part of two or more characters.
    wanted = set(pool.kinds) | {p for parts in pool.parts_of.values() for p in parts if len(p) > 1}
    counts, where = _count(_texts(sentences), wanted, set(pool.kinds), size)
    _drop_implausible(pool, counts, sightings, min_freq, reference)
    termhood = _termhood(pool, counts, sightings, reference)
    verb_object, c_value, inside = _nesting(pool, counts, sightings)
    return _select(pool, counts, where, termhood, c_value, inside, verb_object, {_clean(t) for t in stop})


def _texts(sentences: Iterable[tuple[int, str]]) -> Iterator[tuple[str, int]]:
    for sid, raw in sentences:
        text = _clean(raw)
        if text:
            yield text, sid


def _segment(texts: Iterable[tuple[str, int]], tag, max_tokens: int) -> Sightings:
    """Segment each text (repeated clauses come from a cache); collect compounds, quotations,
    formulae."""
    s = Sightings()
    table_limit = _TABLE_SIZE
    for text, _ in texts:
        tokens = tag(text)
        s.word_count.update([w for w, _ in tokens])
        for cand, ends, clause in _compounds(tokens, max_tokens):
            s.seen[cand] += 1
            if ends:
                s.closed[cand] += 1
            if clause:
                s.clause_final[cand] += 1
        if len(s.seen) > table_limit:
            _forget_rare(s.seen, s.closed)
            table_limit = max(_TABLE_SIZE, 2 * len(s.seen))  # never prune in every sentence
        s.quoted.update(_quotations(text))
        for f, needs in _formulae(text):
            s.formulae[f] = s.formulae.get(f, True) and needs
    return s


def _gather(s: Sightings, aligned: dict[str, int], must: set[str], tag, min_freq: int) -> _Pool:
    """Every string that may be a term, with its kind: a string found as several takes the last
    of aligned, compound, quoted, formula, user."""
    kinds: dict[str, str] = dict.fromkeys(aligned, "aligned")
    kinds.update((t, "compound") for t, n in s.seen.items() if n >= min_freq)
    kinds.update((q, "quoted") for q in s.quoted if _quoted_ok(q, tag))
    kinds.update((f, "formula") for f in s.formulae)
    kinds.update((t, "user") for t in must)
    tokens_of = {t: tuple(tag(t)) for t in kinds}
    # A compound's parts, for termhood: its words, runs of single characters joined.
    parts_of = {t: _parts(tokens_of[t]) for t, k in kinds.items() if k in _BY_PARTS}
    return _Pool(kinds, tokens_of, parts_of, aligned)


def _drop_implausible(pool: _Pool, counts: Counter[str], s: Sightings, min_freq: int, reference) -> None:
    """Strings that cannot be terms go (a compound of general Chinese may still be an aligned unit)."""
    for t, k in list(pool.kinds.items()):
        f = counts.get(t, 0)
        if k == "user" or _plausible(t, k, f, min_freq, s.formulae, s.quoted, pool.parts_of, pool.tokens_of,
                                     reference):
            continue
        if k == "compound" and t in pool.aligned and _plausible(
                t, "aligned", f, min_freq, s.formulae, s.quoted, pool.parts_of, pool.tokens_of, reference):
            pool.kinds[t] = "aligned"
        else:
            del pool.kinds[t]


def _termhood(pool: _Pool, counts: Counter[str], s: Sightings, reference) -> dict[str, float]:
    """Termhood against general Chinese (see the module docstring); an aligned unit's at least
    ALIGNED_TERMHOOD."""
    n_words = s.han_words

    def log_ratio(unit: str) -> float:
        c = counts.get(unit) if len(unit) > 1 else s.word_count.get(unit)
        ratio = (max(c or 0, 1) / n_words) / reference(unit, smooth=True)
        return math.log(min(ratio, _MAX_RATIO))

    termhood: dict[str, float] = {}
    for t, k in pool.kinds.items():
        units = pool.parts_of[t] if k in _BY_PARTS else [t]
        termhood[t] = sum(log_ratio(u) for u in units) / len(units)
        if t in pool.aligned:
            termhood[t] = max(termhood[t], ALIGNED_TERMHOOD)
    return termhood


def _nesting(pool: _Pool, counts: Counter[str], s: Sightings) -> tuple[set[str], dict[str, float], dict[str, float]]:
    """The verb–object phrases, each candidate's C-value and the share of it inside its most
    frequent container; modifiers that never end a noun phrase go.

    A compound absorbs the candidates nested in it only if it ends a noun phrase at least once.
    One that never does and ends in an adjectival noun is the first half of a longer noun
    (关键信息基础设施安全 | 保护) and goes, leaving 关键信息基础设施 its occurrences. Compounds ending
    in a verb (乡村振兴) are candidates but absorb nothing: the verb may as well be a predicate
    (习近平总书记 | 强调). A verb–object phrase only absorbs what starts with its verb: 网络强国 in
    建设网络强国 is 网络强国 on its own, 建设网络 is a fragment. An aligned unit absorbs if jieba's
    runs never saw it not ending a noun phrase, even when it ends in a verb: its English reads as a
    name or a noun phrase (南海战略态势感知 "South China Sea Strategic Situation Detection"), and
    whether it is a verb and its object its English has told (`glossary.bilingual`)."""
    kinds, tokens_of = pool.kinds, pool.tokens_of
    verb_object = {
        t for t, k in kinds.items()
        if k in _BY_PARTS and t not in pool.aligned and _verb_object(t, tokens_of[t], kinds)
    }
    absorbers = {
        t
        for t, k in kinds.items()
        if k not in _BY_PARTS
        or ((s.closed[t] > 0 or (k == "aligned" and t not in s.seen)) and (tokens_of[t][-1][1] != "v" or k == "aligned"))
    }
    # A single word that never ends a noun phrase is a modifier: 高质量, 历史性. A noun and a verb
    # that mostly end a clause, the verb having no sense as a noun, are a subject and its
    # predicate (总书记强调，…; 步伐加快，…), not a term like 乡村振兴 or 个人信息保护.
    for t, k in list(kinds.items()):
        if k != "compound" or t in pool.aligned:
            continue
        if not s.closed[t] and not _set_phrase(tokens_of[t]):
            if tokens_of[t][-1][1] in ("an", "v") or len(pool.parts_of[t]) == 1:
                del kinds[t]
                continue
        if 2 * s.clause_final[t] >= s.seen[t] > 0 and not _nominal_sense(tokens_of[t][-1][0]):
            del kinds[t]
    # A place or an organisation in front of a candidate qualifies it (美国 | 教育部, 国务院 |
    # 联防联控机制): the candidate is not inside a longer one there.
    place_led = {t: len(tokens_of[t][0][0]) for t in kinds
                 if len(tokens_of[t]) > 1 and tokens_of[t][0][1] in ("ns", "nt")}
    c_value, inside = _c_values(kinds, counts, absorbers, verb_object, place_led)
    return verb_object, c_value, inside


def _select(pool: _Pool, counts: Counter[str], where: dict[str, set[int]], termhood: dict[str, float],
            c_value: dict[str, float], inside: dict[str, float], verb_object: set[str],
            stopped: set[str]) -> list[TermCandidate]:
    """What is left, sorted: stop words, fragments (nearly always inside one longer candidate)
    and verb–object phrases are dropped."""
    out: list[TermCandidate] = []
    for t, k in pool.kinds.items():
        if t in stopped:
            continue
        # A word of jieba's dictionary that its own English renders is a unit even where it
        # always stands inside one longer candidate (党代会 in 党代会精神).
        if k != "user" and inside[t] >= NESTED_SHARE and not (t in pool.aligned and len(pool.tokens_of[t]) == 1):
            continue
        if k in _BY_PARTS and (termhood[t] <= 0 or t in verb_object):
            continue
        out.append(TermCandidate(
            term=t, frequency=counts.get(t, 0), sentence_ids=tuple(sorted(where.get(t, ()))), kind=k,
            termhood=round(termhood[t], 4), c_value=round(c_value[t], 4), aligned=pool.aligned.get(t, 0)))
    # A unit seen once (quotations, formulae and the user's terms apart) comes after every unit
    # seen twice: one sighting says little, however rare its words are in general Chinese.
    out.sort(key=lambda c: (c.frequency < 2 and c.kind in _BY_PARTS, -c.score, -c.frequency, c.term))
    return out


def _plausible(t, kind, f, min_freq, formulae, quoted, parts_of, tokens_of, reference) -> bool:
    """Whether a mined string can be a term at all, before scoring."""
    if f == 0 or len(t) < 2 or len(t) > MAX_CHARS:
        return False
    generic = reference(t) * 1e6 >= GENERIC_PER_MILLION  # 发展, 工作, 问题
    if kind in ("compound", "aligned") and len(tokens_of[t]) > 1 and tokens_of[t][0][0] in _FRAME_NOUNS:
        return False  # “十五五”时期 | 网信工作: the noun closed the phrase before
    if kind == "aligned":
        return not _NUMBER_ONLY.fullmatch(t)
    if kind == "formula":
        if not formulae[t] or t in quoted:
            return True
        # N个XX and 一X一Y need evidence: seen twice, and not 三个方面, 一心一意
        return f >= 2 and not generic and reference(t[-2:]) * 1e6 < GENERIC_PER_MILLION
    if generic or _NUMBER_ONLY.fullmatch(t):
        return False
    if kind == "compound":
        if f < min_freq:
            return False
        if len(parts_of[t]) == 1 and len(t) < 3 and reference(t) > 0:
            return False  # a two-character word of general Chinese: 网络, 强国, 阔步
        if _evaluative(tokens_of[t], reference):
            return False
        toks = tokens_of[t]
        if toks[-1][1] == "v" and reference(toks[0][0]) * 1e6 >= GENERIC_PER_MILLION:
            return False  # 全面加强, 科学指引: an adverb-like noun and a verb
    return True


def _nominal_sense(verb: str) -> bool:
    """Whether CC-CEDICT gives the verb a sense as a common noun (保护 "protection", 感知
    "perception"; not 强调 "to stress", nor 振兴's place name)."""
    from tm import cedict

    return any(sense[:1].islower() and not sense.startswith(_NOT_NOMINAL)
               for sense in cedict.load().glosses.get(verb, ()))


_NOT_NOMINAL = ("to ", "variant of", "see ", "used in", "old variant", "abbr. for")


def _set_phrase(tokens) -> bool:
    """退耕还林, 长治久安: one word of jieba's set phrases or idioms, of four characters or more."""
    return len(tokens) == 1 and tokens[0][1] in _SET_PHRASE_TAGS and len(tokens[0][0]) >= 4


def _evaluative(tokens, reference) -> bool:
    """重要思想, 重大决策: a common two-character adjective in front of a noun phrase."""
    word, flag = tokens[0]
    return (
        len(tokens) > 1
        and flag in ("a", "ad")
        and len(word) >= 2
        and reference(word) * 1e6 >= GENERIC_PER_MILLION
    )


def _verb_object(t: str, tokens, kinds) -> bool:
    """建设网络强国, 发展数字经济: a verb (or verbal noun) whose object is a candidate."""
    if len(tokens) < 2 or tokens[0][1] not in _VERB_TAGS | {"vn"}:
        return False
    return t[len(tokens[0][0]) :] in kinds


# --------------------------------------------------------------------------- helpers


def _clean(text: str) -> str:
    """NFKC (full-width ASCII folded) and no surrounding space; Chinese punctuation stays."""
    return unicodedata.normalize("NFKC", text).strip()


def _tagger(hmm: bool) -> Callable[[str], list[tuple[str, str]]]:
    """`tm.lexicon.tag` as a function text → [(word, tag)].

    Text is tagged clause by clause (jieba never joins words across punctuation, so
    the result is the same) and clauses are cached: policy texts repeat themselves.
    """
    from tm.lexicon import tag as tag_text

    cache: dict[str, list[tuple[str, str]]] = {}

    def tag_clause(clause: str) -> list[tuple[str, str]]:
        tokens = cache.get(clause)
        if tokens is None:
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            tokens = cache[clause] = tag_text(clause, hmm)
        return tokens

    def tag(text: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        pieces = _CLAUSE_BREAK.split(text)
        for k, piece in enumerate(pieces):
            if k % 2:
                out.append((piece, "x"))
            elif piece:
                out.extend(tag_clause(piece))
        return out

    return tag


def common_in_general_chinese(word: str) -> bool:
    """Whether jieba's dictionary has the word at GENERIC_PER_MILLION or more: 发展, 电话, 国务院."""
    return _reference()(word) * 1e6 >= GENERIC_PER_MILLION


@lru_cache(maxsize=1)
def _reference() -> Callable[..., float]:
    """Probability of a word in general Chinese: jieba's dictionary frequencies."""
    from tm.lexicon import jieba_module

    jieba = jieba_module()
    freq = jieba.dt.FREQ
    total = float(jieba.dt.total)

    def reference(word: str, smooth: bool = False) -> float:
        f = freq.get(word, 0) or 0
        return (f + _SMOOTH) / total if smooth else f / total

    return reference


def _is_content(word: str, flag: str) -> bool:
    return flag in _RUN_TAGS and word not in _FUNCTION_WORDS and bool(HAN_RUN.fullmatch(word))


def _compounds(tokens: list[tuple[str, str]], max_tokens: int) -> Iterator[tuple[str, bool, bool]]:
    """(candidate, whether it ends a noun phrase there, whether a noun and verb end a clause there)
    for every stretch of a run of content words that ends in a head: at most max_tokens words
    of two or more characters (single characters ride along) and MAX_CHARS characters."""
    n = len(tokens)
    content = [_is_content(w, f) for w, f in tokens]
    # A lone character next to another one: jieba without its HMM cuts a word it does
    # not know into characters (网信 → 网 信, 筑牢 → 筑 牢); no candidate starts or ends
    # inside such a run.
    lone = [
        len(w) == 1 and w not in _FUNCTION_WORDS and HAN.match(w) is not None for w, _ in tokens
    ]
    lone.append(False)
    start = 0
    while start < n:
        if not content[start]:
            start += 1
            continue
        end = start
        while end < n and content[end]:
            end += 1
        if end < n and _verb_head(tokens[end], tokens[end - 1]):
            # 乡村振兴, 个人信息保护, 态势感知: a noun and a verb as one term
            yield tokens[end - 1][0] + tokens[end][0], _ends_phrase(tokens, content, end), \
                end + 1 == n or tokens[end + 1][1] == "x"
        for j in range(start, end):
            word, flag = tokens[j]
            if flag not in _HEAD_TAGS or (lone[j] and lone[j + 1]):
                continue
            ends = _ends_phrase(tokens, content, j)
            text = ""
            words = 0
            for i in range(j, start - 1, -1):
                w = tokens[i][0]
                text = w + text
                if len(w) > 1:
                    words += 1
                if len(text) > MAX_CHARS or words > max_tokens:
                    break
                if i == j and flag not in _SINGLE_TAGS and not _set_phrase([(w, flag)]):
                    continue  # a set phrase of four characters or more stands alone: 退耕还林
                if lone[i] and i > 0 and lone[i - 1]:
                    continue
                yield text, ends, False
        start = end


def _verb_head(token: tuple[str, str], before: tuple[str, str]) -> bool:
    """A two-character verb right after a plain noun of two or more characters."""
    word, flag = token
    return (
        flag == "v"
        and before[1] in _NOUN_BEFORE_VERB
        and len(before[0]) >= 2
        and len(word) >= 2
        and word not in _FUNCTION_WORDS
        and bool(HAN_RUN.fullmatch(word))
    )


def _ends_phrase(tokens: list[tuple[str, str]], content: list[bool], j: int) -> bool:
    """Whether a noun phrase can end at token j: no content word follows that would
    continue it. An adjectival noun before a verb is taken as that verb's modifier
    (…基础设施安全 保护, 人工智能安全 治理), so a phrase ending in one does not end there,
    and one ending just before it does (关键信息基础设施 | 安全保护)."""
    if j + 1 == len(tokens):
        return True
    flag = tokens[j + 1][1]
    if content[j + 1]:
        return flag == "an" and j + 2 < len(tokens) and tokens[j + 2][1].startswith("v")
    return not (tokens[j][1] == "an" and flag.startswith("v"))


def _forget_rare(seen: Counter[str], closed: Counter[str]) -> None:
    """Keep the compound table bounded: forget the compounds seen only once so far."""
    for t in [t for t, n in seen.items() if n == 1]:
        del seen[t]
        closed.pop(t, None)


def _parts(tokens: tuple[tuple[str, str], ...]) -> list[str]:
    """The words of a compound, with runs of single characters joined (网 信 → 网信)."""
    parts: list[str] = []
    single = ""
    for word, _ in tokens:
        if len(word) == 1:
            single += word
            continue
        if single:
            parts.append(single)
            single = ""
        parts.append(word)
    if single:
        parts.append(single)
    return parts


def _quotations(text: str):
    for m in _QUOTED.finditer(text):
        q = next(g for g in m.groups() if g is not None).strip()
        if q:
            yield q


def _quoted_ok(q: str, tag) -> bool:
    """A quotation that reads as a name: mostly Han, no sentence punctuation, no clause words."""
    if len(q) < 2 or not _QUOTED_OK.fullmatch(q):
        return False
    if len(HAN.findall(q)) < 0.7 * len(q):
        return False
    toks = tag(q)
    words = [w for w, _ in toks if w != "、"]
    if not words or any(w in _CLAUSE_WORDS for w in words):
        return False
    if words[0] in _FUNCTION_WORDS or words[-1] in _FUNCTION_WORDS:
        return False
    if toks[0][1] in _VERB_TAGS and len(q) > 4:
        return False  # a verb and its object: “构建网络空间命运共同体” quotes a call, not a name
    return any(f not in _FUNCTION_TAGS for _, f in toks)


def _formulae(text: str):
    for pattern, needs_evidence in _FORMULAS:
        for m in pattern.finditer(text):
            yield m.group(0), needs_evidence


def substring_counter(strings: Iterable[str]) -> Callable[[str], Counter[str]]:
    """A function counting the occurrences (overlaps included) of each of `strings` (two
    characters or more) in a text.

    Every prefix of a wanted string is in a dict (→ whether it is wanted itself): at each
    position the match is extended only while it is still the prefix of something wanted, so
    the work is linear in the length of the text.
    """
    trie: dict[str, bool] = {}
    for w in strings:
        if len(w) >= 2:
            for k in range(2, len(w)):
                trie.setdefault(w[:k], False)
            trie[w] = True
    get = trie.get

    def count(text: str) -> Counter[str]:
        found: Counter[str] = Counter()
        end = len(text)
        for i in range(end - 1):
            k = i + 2
            hit = get(text[i:k])
            while hit is not None:
                if hit:
                    found[text[i:k]] += 1
                k += 1
                if k > end:
                    break
                hit = get(text[i:k])
        return found

    return count


def _count(
    texts: Iterable[tuple[str, int]], wanted: set[str], track: set[str], size: int = 0
) -> tuple[Counter[str], dict[str, set[int]]]:
    """Occurrences of each wanted string in every text, and (for the strings in `track`) the
    ids of the first MAX_SENTENCE_IDS sentences holding it. `size`, the number of texts if
    known, lets every core count (`tm.parallel`)."""
    from tm.parallel import ordered_map

    count = substring_counter(wanted)
    counts: Counter[str] = Counter()
    where: dict[str, set[int]] = defaultdict(set)
    for (_, sid), found in ordered_map(lambda item: count(item[0]), texts, size):
        for s, n in found.items():
            counts[s] += n
            if s in track and len(where[s]) < MAX_SENTENCE_IDS:
                where[s].add(sid)
    return counts, where


def _c_values(
    kinds: dict[str, str], counts: Counter[str], absorbers: set[str], prefix_only: set[str],
    place_led: Mapping[str, int],
) -> tuple[dict[str, float], dict[str, float]]:
    """C-value of each candidate, over characters, and the share of its occurrences that lie
    inside its most frequent container:

        log2(1 + len(a)) * (f(a) - mean f(b) over the direct containers b of a)

    where the containers are the longer candidates of `absorbers` that contain a
    (those of `prefix_only` only contain what they start with, those of `place_led` not what
    follows their place name). A candidate that occurs on its
    own often enough to be kept keeps at least log2(1 + len(a)) * its occurrences on its own."""
    by_start: dict[str, set[int]] = defaultdict(set)
    for t in kinds:
        by_start[t[:2]].add(len(t))
    containers: dict[str, list[str]] = defaultdict(list)
    for b in absorbers:
        n = len(b)
        found = set()
        for i in range(1 if b in prefix_only else n - 1):
            for length in by_start.get(b[i : i + 2], ()):
                if length < n and i + length <= n:
                    a = b[i : i + length]
                    if i == place_led.get(b) and i + length == n:
                        continue
                    if a in kinds and a not in found:
                        found.add(a)
                        containers[a].append(b)
    out: dict[str, float] = {}
    inside: dict[str, float] = {}
    for a in kinds:
        f = own = counts.get(a, 0)
        longer = containers.get(a)
        share = 0.0
        if longer and f:
            direct = _direct(longer)
            f -= sum(counts.get(b, 0) for b in direct) / len(direct)
            share = min(1.0, max(counts.get(b, 0) for b in longer) / own)
        inside[a] = share
        out[a] = math.log2(1 + len(a)) * max(f, own * (1 - share))
    return out, inside


def _direct(longer: list[str]) -> list[str]:
    """The containers that contain no other container (for 关键信息 in 关键信息基础设施 and
    国家关键信息基础设施 only the first counts), so that a chain of nestings does not pass
    for several different contexts."""
    if len(longer) > _MAX_DIRECT_CHECK:
        return longer
    longer = sorted(longer, key=len)
    direct: list[str] = []
    for b in longer:
        if not any(c in b for c in direct):
            direct.append(b)
    return direct
