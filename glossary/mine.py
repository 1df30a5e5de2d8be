"""The mining step: Chinese term candidates, their renderings (aligned and inferred), clusters, ranking."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from glossary import candidates as candidate_miner
from glossary.bilingual import BilingualTally
from glossary.clusters import cluster, relate
from glossary.kinds import classify
from glossary.phrases import render_in_pair
from glossary.ranking import PreferenceRule, rank
from glossary.records import Observation, Source, TermEntry
from glossary.renderings import Occurrence, gloss_term, learn_lexicon, term_parts, widen
from tm.store import Store
from tm import wordalign

MAX_TERMS = 2000
# Below this many aligned pairs a statistical aligner learns little beyond the dictionary it is
# given as priors, and what it samples varies from run to run: renderings come from the
# dictionary and the learned lexicon alone.
MIN_PAIRS_FOR_WORD_ALIGNMENT = 1000


@dataclass(frozen=True)
class MineSettings:
    must_have: frozenset[str] = frozenset()
    stop: frozenset[str] = frozenset()
    max_terms: int = MAX_TERMS
    rule: PreferenceRule = field(default_factory=PreferenceRule)
    inferred: bool = True


def substring_finder(strings: Iterable[str]) -> Callable[[str], set[str]]:
    """A function giving the strings (two characters or more) that occur in a text, in one pass
    over the text with every prefix of a string in a dict."""
    prefixes: dict[str, bool] = {}
    for s in strings:
        if len(s) >= 2:
            for k in range(2, len(s)):
                prefixes.setdefault(s[:k], False)
            prefixes[s] = True
    get = prefixes.get

    def find(text: str) -> set[str]:
        found = set()
        end = len(text)
        for i in range(end - 1):
            k = i + 2
            hit = get(text[i:k])
            while hit is not None:
                if hit:
                    found.add(text[i:k])
                k += 1
                if k > end:
                    break
                hit = get(text[i:k])
        return found

    return find


def mine(store: Store, settings: MineSettings = MineSettings(),
         progress: Callable[[str], None] = lambda step: None) -> list[TermEntry]:
    """Every term of the store's Chinese text with its observed renderings, most inconsistent first."""
    from glossary.termbase import pinyin_of

    pairs, unlinked = store.pair_count()
    if pairs >= MIN_PAIRS_FOR_WORD_ALIGNMENT and unlinked:
        progress("aligning words")
        store.replace_word_alignments(
            (wp.pair_id, wordalign.encode(wp))
            for wp in wordalign.align_words((p.id, p.zh_norm, p.en) for p in store.aligned_pairs()))
    progress("finding Chinese terms")
    tally = BilingualTally()
    for p, data in store.word_aligned_pairs():
        if data:
            tally.add(wordalign.decode(p.id, p.zh_norm, p.en, data))
    found = candidate_miner.mine(store.zh_sentences(), settings.must_have, settings.stop,
                                 tally.candidates(candidate_miner.common_in_general_chinese))[: settings.max_terms]
    terms = [c.term for c in found]
    words = {part for t in terms for part in term_parts(t)} | set(terms)
    learned = learn_lexicon(((p.zh_norm, p.en) for p in store.aligned_pairs()), words)
    glosses = {t: gloss_term(t, learned) for t in terms}
    find = substring_finder(terms)
    observations: dict[str, list[Observation]] = defaultdict(list)
    progress("collecting aligned renderings")
    _add_aligned(store, find, glosses, observations)
    if settings.inferred:
        progress("inferring renderings in English-only documents")
        _add_inferred(store, terms, observations, learned)
    progress("ranking")
    entries = []
    for c in found:
        clusters = tuple(relate(cluster(observations[c.term])))
        entries.append(TermEntry(c.term, pinyin_of(c.term), c.kind, c.frequency, round(c.termhood, 3),
                                 clusters, 0.0, "", "", category=classify(c.term, clusters)))
    return rank(entries, settings.rule)


def _add_aligned(store: Store, find: Callable[[str], set[str]], glosses: dict,
                 observations: dict[str, list[Observation]]) -> None:
    found: dict[str, list[Occurrence]] = defaultdict(list)
    pairs: dict[int, tuple[str, str, Source]] = {}
    for p, data in store.word_aligned_pairs():
        wp = wordalign.decode(p.id, p.zh_norm, p.en, data) if data else wordalign.tokenized(p.id, p.zh_norm, p.en)
        for term in sorted(find(p.zh_norm)):
            occs = render_in_pair(term, glosses[term], wp)
            if occs:
                found[term].extend(occs)
                pairs[p.id] = (p.zh, p.en, Source(p.doc_id, p.publisher, p.date))
    english = {pid: en for pid, (_, en, _) in pairs.items()}
    for term, occs in found.items():
        for o in widen(occs, english):
            zh, en, source = pairs[o.source_id]
            observations[term].append(Observation(term, o.rendering, "aligned", o.score, source, zh, en))


def _add_inferred(store: Store, terms: list[str], observations: dict[str, list[Observation]],
                  learned: dict[str, frozenset[str]]) -> None:
    from glossary.inferred import infer_renderings

    english = {sid: (text, Source(doc, publisher, date)) for sid, text, doc, publisher, date in store.unpaired_english()}
    known = {t: sorted({o.rendering for o in obs}) for t, obs in observations.items()}
    for occ in infer_renderings(terms, known, ((sid, v[0]) for sid, v in english.items()), learned):
        text, source = english[occ.source_id]
        observations[occ.term].append(Observation(occ.term, occ.rendering, "inferred", occ.score, source, "", text))
