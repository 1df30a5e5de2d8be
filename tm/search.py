"""TM search as a CAT tool offers it: exact and fuzzy matches with a percentage, and concordance."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tm.lang import detect_lang, normalize
from tm.store import Store, StoredPair

_CANDIDATES = 300  # pairs ranked by the index before the exact fuzzy score is taken
# Candidates come from the query's rarest probes (`_probes`: English words, Chinese trigrams): a
# stored sentence like the query shares most of them, so some rare ones, and ranking only the
# pairs that hold those is cheap where ranking every pair holding "the" is not. Probes are
# counted up to _FREQUENCY_CAP pairs; those under it are taken, rarest first, until they are a
# third of the query's or hold _POSTINGS pairs between them. A query made only of common probes
# ("Second, yes.") takes the pairs that hold its _MIN_GRAMS rarest all together.
_FREQUENCY_CAP = 500
_POSTINGS = 4000
_MIN_GRAMS = 4
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")


@dataclass(frozen=True)
class Match:
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


def _probes(key: str, side: str) -> list[str]:
    """What the index is asked for: English words of four letters or more (a trigram of English
    is in a third of all pairs, a word seldom), else the query's trigrams; the trigram index
    finds a word as the run of its trigrams."""
    if side == "en":
        words = sorted({w for w in _WORD.findall(key) if len(w) >= 4})
        if words:
            return words
    return sorted({key[i : i + 3] for i in range(max(1, len(key) - 2))}) if len(key) >= 3 else []


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


def search(store: Store, text: str, limit: int = 10, min_percent: int = 50) -> list[Match]:
    """Fuzzy matches of at least `min_percent` first (best first), then concordance hits: other
    pairs that contain the query."""
    from rapidfuzz import fuzz

    side = query_lang(text)
    query = normalize(text, side)
    key = query if side == "zh" else query.lower()
    grams = _probes(key, side)
    counts = store.gram_frequencies(grams, _FREQUENCY_CAP)
    scored: dict[int, int] = {}
    chosen, every = _candidate_grams(grams, counts)
    for pid, zh_norm, en_norm in store.fuzzy_candidates(chosen, every, limit=_CANDIDATES * (4 if every else 1)):
        target = zh_norm if side == "zh" else en_norm.lower()
        percent = int(fuzz.ratio(key, target) + 0.5)
        if percent >= min_percent:
            scored[pid] = percent
    best = sorted(scored, key=lambda pid: (-scored[pid], pid))[:limit]
    matches = [Match(p, scored[p.id], "exact" if scored[p.id] == 100 else "fuzzy", side)
               for p in store.pairs_by_ids(best)]
    seen = {m.pair.id for m in matches}
    # A pair holding the query holds every word or trigram of it: none if one is absent, and it
    # is among the few pairs holding the rarest one, or the pairs holding the rarest few all
    # together; a short query of common words is a phrase the index finds at once.
    rarest = sorted(grams, key=lambda g: (counts[g], g))
    if rarest and not counts[rarest[0]]:
        hits = []
    else:
        narrow = rarest[:1] if rarest and counts[rarest[0]] < _FREQUENCY_CAP else \
            rarest[:_MIN_GRAMS] if len(rarest) >= _MIN_GRAMS else []
        hits = [p for p in store.pairs_matching(query, limit + len(seen), narrow) if p.id not in seen][:limit]
    # A concordance hit holds the query; how alike the whole sentences are says nothing of it.
    matches += [Match(pair, None, "concordance", side) for pair in hits]
    return matches
