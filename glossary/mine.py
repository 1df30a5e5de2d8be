"""The mining step: Chinese term candidates, their renderings (aligned and inferred), clusters, ranking."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from glossary import candidates as candidate_miner
from glossary.clusters import cluster
from glossary.ranking import PreferenceRule, rank
from glossary.records import Observation, Source, TermEntry
from glossary.renderings import find_occurrences, learn_lexicon, term_parts
from tm.store import Store

MAX_TERMS = 2000


@dataclass(frozen=True)
class MineSettings:
    must_have: frozenset[str] = frozenset()
    stop: frozenset[str] = frozenset()
    max_terms: int = MAX_TERMS
    rule: PreferenceRule = field(default_factory=PreferenceRule)
    inferred: bool = True


def mine(store: Store, settings: MineSettings = MineSettings(),
         progress: Callable[[str], None] = lambda step: None) -> list[TermEntry]:
    """Every term of the store's Chinese text with its observed renderings, most inconsistent first."""
    from glossary.termbase import pinyin_of

    progress("finding Chinese terms")
    found = candidate_miner.mine(store.zh_sentences(), settings.must_have, settings.stop)[: settings.max_terms]
    progress("collecting aligned renderings")
    pairs = list(store.aligned_pairs())
    pair_of_segment = {s: p.id for p in pairs for s in range(p.zh_first, p.zh_last + 1)}
    by_id = {p.id: p for p in pairs}
    words = {part for c in found for part in term_parts(c.term)} | {c.term for c in found}
    learned = learn_lexicon(((p.zh_norm, p.en) for p in pairs), words)
    observations: dict[str, list[Observation]] = defaultdict(list)
    for cand in found:
        in_pairs = sorted({pair_of_segment[s] for s in cand.sentence_ids if s in pair_of_segment})
        for occ in find_occurrences(cand.term, [(i, by_id[i].zh_norm, by_id[i].en) for i in in_pairs], learned):
            p = by_id[occ.source_id]
            observations[cand.term].append(Observation(
                cand.term, occ.rendering, "aligned", occ.score, Source(p.doc_id, p.publisher, p.date), p.zh, p.en))
    if settings.inferred:
        progress("inferring renderings in English-only documents")
        _add_inferred(store, [c.term for c in found], observations, learned)
    progress("ranking")
    entries = [
        TermEntry(c.term, pinyin_of(c.term), c.kind, c.frequency, round(c.termhood, 3),
                  tuple(cluster(observations[c.term])), 0.0, "", "")
        for c in found
    ]
    return rank(entries, settings.rule)


def _add_inferred(store: Store, terms: list[str], observations: dict[str, list[Observation]],
                  learned: dict[str, frozenset[str]]) -> None:
    from glossary.inferred import infer_renderings

    english = {sid: (text, Source(doc, publisher, date)) for sid, text, doc, publisher, date in store.unpaired_english()}
    known = {t: sorted({o.rendering for o in obs}) for t, obs in observations.items()}
    for occ in infer_renderings(terms, known, ((sid, v[0]) for sid, v in english.items()), learned):
        text, source = english[occ.source_id]
        observations[occ.term].append(Observation(occ.term, occ.rendering, "inferred", occ.score, source, "", text))
