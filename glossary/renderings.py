"""Renderings from aligned pairs: for each occurrence of a term, the English phrase that renders it.

A phrase is scored by how much of the term its words translate (CC-CEDICT glosses of the term
and of its parts, a lexicon learned from the aligned pairs themselves, the term's pinyin) and
how much of the phrase the term explains; a quoted term takes the quoted English at the same
place in order; corpus-wide, a phrase is widened by the modifier that always comes with it
("cyber power" → "leading cyber power").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from tm.features import _EN_STOP as EN_STOP, dictionary_words, gloss_stems, stem

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[A-Za-z]*|[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_ZH_QUOTED = re.compile(r"“([^”]{1,30})”|「([^」]{1,30})」")
_EN_QUOTED = re.compile(r"[\"“]([^\"”]{1,120}?)[,.]?[\"”]")
_MAX_WORDS = 12
# Words that may stand inside a phrase but never at its edge ("community of destiny").
_INNER_ONLY = frozenset("of and for the on in with to a an".split())
_MIN_SCORE = 0.3
_WIDEN_SHARE = 0.8  # a modifier present in this share of a phrase's occurrences joins it
_LEARN_MIN_PAIRS = 3
_LEARN_MIN_DICE = 0.5


@dataclass(frozen=True)
class TermGloss:
    """What the parts of a Chinese term may become in English, as word stems."""

    term: str
    part_stems: tuple[frozenset[str], ...]

    @property
    def all_stems(self) -> frozenset[str]:
        return frozenset().union(*self.part_stems) if self.part_stems else frozenset()


@dataclass(frozen=True)
class Occurrence:
    """A term found in an aligned pair, with the English phrase chosen for it."""

    term: str
    pair_id: int
    rendering: str
    score: float  # 0..1: how well the phrase and the term explain each other
    how: str  # lexicon | quote


def term_parts(term: str) -> list[str]:
    """The term's words by jieba, and the term itself when it is a dictionary headword."""
    import jieba

    parts = [p for p in jieba.lcut(term) if re.search(r"[\u4e00-\u9fff]", p)]
    return parts or [term]


@lru_cache(maxsize=None)
def _pinyin_stems(word: str) -> frozenset[str]:
    from pypinyin import lazy_pinyin

    joined = "".join(lazy_pinyin(word))
    return frozenset({stem(joined)}) if joined.isalpha() else frozenset()


def gloss_term(term: str, learned: dict[str, frozenset[str]]) -> TermGloss:
    """Stems each part of `term` may be rendered by: dictionary, learned lexicon, pinyin."""
    parts = term_parts(term)
    whole = gloss_stems(term) | learned.get(term, frozenset()) | _pinyin_stems(term)
    if len(parts) == 1:
        return TermGloss(term, (whole,))
    return TermGloss(term, tuple(
        gloss_stems(p) | learned.get(p, frozenset()) | _pinyin_stems(p) | whole for p in parts))


def learn_lexicon(pairs: Iterable[tuple[str, str]], words: set[str]) -> dict[str, frozenset[str]]:
    """English stems that the dictionary leaves unexplained in aligned pairs and that keep
    company with one of `words` (Dice ≥ 0.5 over at least three pairs): 网络 → cyber."""
    zh_count: Counter[str] = Counter()
    en_count: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for zh, en in pairs:
        present = [w for w in words if w in zh]
        explained = frozenset().union(*map(gloss_stems, dictionary_words(zh)))
        residual = {stem(w) for w in _TOKEN.findall(en) if w.lower() not in EN_STOP} - explained
        zh_count.update(present)
        en_count.update(residual)
        both.update((w, s) for w in present for s in residual)
    learned: dict[str, set[str]] = defaultdict(set)
    for (w, s), n in both.items():
        if n >= _LEARN_MIN_PAIRS and 2 * n / (zh_count[w] + en_count[s]) >= _LEARN_MIN_DICE:
            learned[w].add(s)
    return {w: frozenset(s) for w, s in learned.items()}


def _tokens(en: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(en))


def best_phrase(gloss: TermGloss, en: str) -> tuple[str, float] | None:
    """The span of `en` that best renders the term, with its score, or None below the floor."""
    tokens = _tokens(en)
    lowered = [t.group().lower() for t in tokens]
    stems = [stem(w) if w not in EN_STOP else None for w in lowered]
    known = gloss.all_stems
    best_key: tuple[float, int, int, int] | None = None
    span = (0, 0)
    for a in range(len(tokens)):
        if stems[a] not in known:
            continue  # a phrase starts with a word the term explains
        for b in range(a + 1, min(a + _MAX_WORDS, len(tokens)) + 1):
            if lowered[b - 1] in _INNER_ONLY or stems[b - 1] is None:
                continue
            content = [s for s in stems[a:b] if s is not None]
            explained = sum(1 for s in content if s in known)
            parts_hit = _parts_matched(gloss.part_stems, content)
            score = (parts_hit / len(gloss.part_stems)) * (explained / len(content))
            # On a tie: more of the term's words rendered, then the shorter, then the earlier phrase.
            key = (score, parts_hit, explained, -(b - a))
            if best_key is None or key > best_key:
                best_key, span = key, (a, b)
    if best_key is None or best_key[0] < _MIN_SCORE:
        return None
    a, b = span
    score = best_key[0]
    content = [s for s in stems[a:b] if s is not None]
    covered = [any(s in ps for s in content) for ps in gloss.part_stems]  # first and last part only
    # Chinese modifiers precede their head as English ones do: a first (last) part that no word
    # of the phrase translates is taken to be the unexplained word just before (after) it.
    if len(covered) > 1 and not covered[0] and a > 0 and stems[a - 1] and stems[a - 1] not in known:
        a -= 1
        score *= 0.8
    if len(covered) > 1 and not covered[-1] and b < len(tokens) and stems[b] and stems[b] not in known:
        b += 1
        score *= 0.8
    return en[tokens[a].start() : tokens[b - 1].end()], round(score, 3)


def _parts_matched(part_stems: Sequence[frozenset[str]], content: list[str]) -> int:
    """How many parts get a word of their own: one English word cannot render two parts."""
    free = list(content)
    matched = 0
    for ps in sorted(part_stems, key=lambda ps: sum(s in ps for s in content)):
        for k, s in enumerate(free):
            if s in ps:
                del free[k]
                matched += 1
                break
    return matched


def quoted_phrase(term: str, zh: str, en: str) -> str | None:
    """The English quotation at the same place, in order, as the term's Chinese quotation."""
    zh_quotes = [m.group(1) or m.group(2) for m in _ZH_QUOTED.finditer(zh)]
    en_quotes = [m.group(1).strip() for m in _EN_QUOTED.finditer(en)]
    if term not in zh_quotes or len(zh_quotes) != len(en_quotes):
        return None
    return en_quotes[zh_quotes.index(term)]


def find_occurrences(
    term: str, pairs: Sequence[tuple[int, str, str]], learned: dict[str, frozenset[str]]
) -> list[Occurrence]:
    """Every aligned pair (id, zh, en) whose Chinese holds `term`, with the phrase rendering it."""
    gloss = gloss_term(term, learned)
    found = []
    for pair_id, zh, en in pairs:
        if term not in zh:
            continue
        quoted = quoted_phrase(term, zh, en)
        if quoted:
            found.append(Occurrence(term, pair_id, quoted, 1.0, "quote"))
            continue
        phrase = best_phrase(gloss, en)
        if phrase:
            found.append(Occurrence(term, pair_id, phrase[0], phrase[1], "lexicon"))
    return _widen(found, {pid: en for pid, _, en in pairs})


def _widen(found: list[Occurrence], english: dict[int, str]) -> list[Occurrence]:
    """Give a phrase the modifier that precedes it in most of its occurrences."""
    by_phrase: dict[str, list[Occurrence]] = defaultdict(list)
    for occ in found:
        by_phrase[occ.rendering.lower()].append(occ)
    widened: dict[str, str] = {}
    for phrase, occs in by_phrase.items():
        before = Counter()
        for occ in occs:
            m = re.search(r"([A-Za-z][A-Za-z-]*)\s+" + re.escape(occ.rendering), english[occ.pair_id])
            if m and m.group(1).lower() not in EN_STOP:
                before[m.group(1)] += 1
        if before:
            word, n = before.most_common(1)[0]
            if n >= 2 and n / len(occs) >= _WIDEN_SHARE:
                widened[phrase] = word
    return [
        Occurrence(o.term, o.pair_id, f"{widened[o.rendering.lower()]} {o.rendering}", o.score, o.how)
        if o.rendering.lower() in widened and f"{widened[o.rendering.lower()]} {o.rendering}" in english[o.pair_id]
        else o
        for o in found
    ]
