"""TM search as a CAT tool offers it: exact and fuzzy matches with a percentage, and concordance."""

from __future__ import annotations

import math
import re
from typing import Callable, Iterable, Iterator, NamedTuple

from tm.lang import detect_lang, normalize, word_pair, words
from tm.store import Store, StoredPair

_CANDIDATES = 300  # pairs taken from the index before the exact fuzzy score is taken
# Candidates come from the query's rarest probes (`_probes`: English words, Chinese trigrams): a
# stored sentence like the query shares most of them, so some rare ones, and weighing only the
# pairs that hold those is cheap where weighing every pair holding "the" is not. Probes are
# counted up to _FREQUENCY_CAP pairs; those under it are taken, rarest first, until they are a
# third of the query's or hold _POSTINGS pairs between them. A query made only of common probes
# ("Second, yes.") takes the pairs that hold its _MIN_GRAMS rarest all together, the first _SCAN
# of them. Only pairs whose length lets them reach the least match asked for are scored.
_FREQUENCY_CAP = 500
_SCAN = 5000
_POSTINGS = 4000
_MIN_GRAMS = 4
_CHUNK = 64  # concordance candidates read and checked at a time


class Match(NamedTuple):
    pair: StoredPair
    percent: int | None  # similarity of the query to the matched side, as CAT tools show it; None for concordance
    kind: str  # exact | fuzzy | concordance
    side: str  # zh | en: which side the query matched

    def as_json(self) -> dict:
        """The match as `gloss tm search --json` prints it."""
        p = self.pair
        return {"match": self.percent, "kind": self.kind, "side": self.side, "zh": p.zh, "en": p.en, "score": p.score,
                "document": p.doc_id, "publisher": p.publisher, "date": p.date, "ref": p.ref}


def query_lang(text: str) -> str:
    lang = detect_lang(text)
    return "zh" if lang in ("zh", "mixed") else "en"


def _trigrams(key: str) -> list[str]:
    return sorted({key[i : i + 3] for i in range(len(key) - 2)})


def _probes(key: str, side: str) -> list[str]:
    """What the index is asked for: of English, its words of four letters or more (a short word
    is in many pairs) and its pairs of adjacent words (rarer than either word), or its one word;
    of Chinese, its trigrams."""
    if side == "en":
        ws = words(key)
        return sorted({*(w for w in ws if len(w) >= 4), *map(word_pair, ws, ws[1:])} or set(ws))
    return _trigrams(key)


def _candidate_grams(grams: list[str], counts: dict[str, int]) -> tuple[list[str], bool]:
    """The probes to find fuzzy candidates by (see _CANDIDATES), and whether a candidate must
    hold every one of them."""
    held = sorted((g for g in grams if counts[g]), key=lambda g: (counts[g], g))
    if held and counts[held[0]] >= _FREQUENCY_CAP:
        return held[:_MIN_GRAMS], True
    chosen, postings = [], 0
    for gram in held:
        if counts[gram] >= _FREQUENCY_CAP:
            break
        chosen.append(gram)
        postings += counts[gram]
        if len(chosen) >= max(_MIN_GRAMS, len(grams) // 3) or postings >= _POSTINGS:
            break
    return chosen, False


def _lengths_within_reach(length: int, min_percent: int) -> tuple[int, int]:
    """The lengths a sentence can have and still be `min_percent` like a query of `length`
    characters: their similarity is at most twice the shorter length over the two together."""
    least = min_percent - 0.5  # the percentage shown is rounded
    if least <= 0:
        return 0, 2**31
    return int(length * least / (200 - least)), math.ceil(length * (200 - least) / least) + 1


def _best_holders(store: Store, side: str, probes: list[str], counts: dict[str, int],
                  lengths: tuple[int, int]) -> list[int]:
    """The _CANDIDATES pairs of `lengths` holding the most of `probes` (rare ones), a probe
    weighing more the fewer pairs hold it, as a search engine's inverse document frequency does."""
    weights: dict[int, float] = {}
    for probe in probes:
        weight = math.log(2 * _FREQUENCY_CAP / counts[probe])
        for pid in store.pair_ids(side, [probe], limit=_FREQUENCY_CAP):
            weights[pid] = weights.get(pid, 0.0) + weight
    held = store.within_length(side, list(weights), *lengths)
    return sorted(held, key=lambda pid: (-weights[pid], pid))[:_CANDIDATES]


def _chunks(store: Store, side: str, probes: list[str], every: bool = True, prefix: bool = False
            ) -> Iterator[list[int]]:
    """Ids of the pairs holding `probes` (see Store.pair_ids), _CHUNK at a time, in order."""
    after = 0
    while True:
        ids = store.pair_ids(side, probes, every=every, prefix=prefix, after=after, limit=_CHUNK)
        if ids:
            yield ids
        if len(ids) < _CHUNK:
            return
        after = ids[-1]


def concordance(store: Store, query: str, side: str, limit: int, skip: frozenset[int] = frozenset(),
                counts: dict[str, int] | None = None) -> list[StoredPair]:
    """Pairs, in store order, whose `side` holds the normalised `query` (case-insensitive; on the
    English side from a word's beginning: "cyber" finds "cyberspace", not "anticyber"), but
    those of `skip`. `counts`: what `Store.probe_counts` said of the query's probes already."""
    key = query.lower()
    holds = _holds(key, side)
    if side == "zh":
        probes = _trigrams(key)
        if not probes:  # one or two characters: the trigrams they begin, in the index's vocabulary
            grams = store.grams_beginning(key)
            return _holding(store, _chunks(store, side, grams, every=False), holds, limit, skip) if grams else []
        prefix = False
    else:
        ws = words(key)
        if not ws:
            return []
        probes = list(dict.fromkeys(map(word_pair, ws, ws[1:]))) or ws  # a phrase: its word pairs
        prefix = key[-1].isalnum()  # the query may end inside a word
    whole = probes[:-1] if prefix else probes
    known = counts or {}
    counts = {**known, **store.probe_counts(side, [p for p in whole if p not in known], _FREQUENCY_CAP)}
    rarest = sorted(whole, key=lambda p: (counts[p], p))
    if rarest and not counts[rarest[0]]:
        return []
    if rarest and counts[rarest[0]] < _FREQUENCY_CAP:
        # A pair holding the query holds its rarest probes: few pairs, listed whole by the index.
        rare = [p for p in rarest[:_MIN_GRAMS] if counts[p] < _FREQUENCY_CAP]
        held = set.intersection(*(set(store.pair_ids(side, [p], limit=_FREQUENCY_CAP)) for p in rare))
        chunks = iter([sorted(held)])
    else:
        chunks = _chunks(store, side, rarest[:_MIN_GRAMS] + probes[len(whole):], prefix=prefix)
    return _holding(store, chunks, holds, limit, skip)


def _holds(key: str, side: str) -> Callable[[StoredPair], bool]:
    """Whether a pair's `side` holds the folded `key` (see `concordance`)."""
    if side == "zh":
        return lambda pair: key in pair.zh_norm.lower()
    start = re.compile(r"(?<![^\W_])" + re.escape(key))
    return lambda pair: start.search(pair.en_norm.lower()) is not None


def _holding(store: Store, chunks: Iterable[list[int]], holds: Callable[[StoredPair], bool], limit: int,
             skip: frozenset[int]) -> list[StoredPair]:
    """The first `limit` pairs of `chunks` (lists of ids) that `holds` says hold the query."""
    found: list[StoredPair] = []
    for ids in chunks:
        found += [p for p in store.pairs_by_ids(i for i in ids if i not in skip) if holds(p)]
        if len(found) >= limit:
            break
    return found[:limit]


def search(store: Store, text: str, limit: int = 10, min_percent: int = 50) -> list[Match]:
    """Fuzzy matches of at least `min_percent` first (best first), then concordance hits: other
    pairs that contain the query."""
    side = query_lang(text)
    query = normalize(text, side)
    key = query if side == "zh" else query.lower()
    grams = _probes(key, side)
    counts = store.probe_counts(side, grams, _FREQUENCY_CAP)
    chosen, every = _candidate_grams(grams, counts)
    lengths = _lengths_within_reach(len(key), min_percent)
    if every:
        candidates = store.within_length(side, store.pair_ids(side, chosen, limit=_SCAN), *lengths)[:_CANDIDATES * 4]
    else:
        candidates = _best_holders(store, side, chosen, counts, lengths)
    scored: dict[int, tuple[int, StoredPair]] = {}
    pairs = store.pairs_by_ids(candidates)
    if pairs:  # a term's search rarely has a candidate of its length: rapidfuzz loads only when scoring
        from rapidfuzz import fuzz
    for pair in pairs:
        percent = int(fuzz.ratio(key, pair.zh_norm if side == "zh" else pair.en_norm.lower()) + 0.5)
        if percent >= min_percent:
            scored[pair.id] = (percent, pair)
    best = sorted(scored.values(), key=lambda s: (-s[0], s[1].id))[:limit]
    matches = [Match(pair, percent, "exact" if percent == 100 else "fuzzy", side) for percent, pair in best]
    # A concordance hit holds the query; how alike the whole sentences are says nothing of it.
    hits = concordance(store, query, side, limit, frozenset(pair.id for _, pair in best), counts)
    return matches + [Match(pair, None, "concordance", side) for pair in hits]
