"""The mining step: Chinese term candidates, their renderings (aligned and inferred), clusters, ranking."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from glossary import candidates as candidate_miner
from glossary.bilingual import BilingualTally, phrase_pairs
from glossary.clusters import ClusterTally, relate
from glossary.kinds import classify
from glossary.phrases import PairView, render_in_pair
from glossary.ranking import PreferenceRule, rank
from glossary.records import Observation, Source, TermEntry
from glossary.renderings import Occurrence, TermGloss, gloss_term, learn_lexicon, term_parts, widen
from tm.errors import GlossError
from tm.store import Store
from tm import wordalign
from tm.lexicon import warm
from tm.parallel import ordered_map

MAX_TERMS = 2000
# Below this many aligned pairs a statistical aligner learns little beyond the dictionary it is
# given as priors, and what it samples varies from run to run: renderings come from the
# dictionary and the learned lexicon alone.
MIN_PAIRS_FOR_WORD_ALIGNMENT = 1000
LEXICON_SAMPLE = 20_000  # aligned pairs the learned lexicon is taken from, at most


@dataclass(frozen=True)
class MineSettings:
    must_have: frozenset[str] = frozenset()
    stop: frozenset[str] = frozenset()
    max_terms: int = MAX_TERMS
    rule: PreferenceRule = field(default_factory=PreferenceRule)
    inferred: bool = True


class _Reread:
    """A source the candidate miner may read twice: the store is asked anew each time."""

    def __init__(self, read: Callable[[], Iterable]) -> None:
        self.read = read

    def __iter__(self) -> Iterator:
        return iter(self.read())


def mine(store: Store, settings: MineSettings = MineSettings(),
         progress: Callable[[str], None] = lambda step: None) -> list[TermEntry]:
    """Every term of the store's Chinese text with its observed renderings, most inconsistent first.

    The pairs are streamed from the store, each step in a pass of its own; what is kept between
    them is counts, not sentences, so memory does not grow with the corpus."""
    from glossary.termbase import pinyin_of

    pairs, unlinked = store.pair_count()
    warm()
    chinese = _Reread(store.zh_sentences)
    segmented: list[candidate_miner.Sightings] = []  # the candidate miner's first pass, if done early
    tally = _tally_units(store, pairs, pairs >= MIN_PAIRS_FOR_WORD_ALIGNMENT and unlinked > 0, progress,
                         meanwhile=lambda: segmented.append(candidate_miner.segment(chinese)))
    progress("finding Chinese terms")
    found = candidate_miner.mine(chinese, settings.must_have, settings.stop,
                                 tally.candidates(candidate_miner.common_in_general_chinese),
                                 sightings=segmented[0] if segmented else None)[: settings.max_terms]
    segmented.clear()  # the sightings count the whole corpus: their memory is freed before the workers fork
    readings = tally.readings_lexicon()
    tally = None  # its counts are not needed beyond this point
    terms = [c.term for c in found]
    words = {part for t in terms for part in term_parts(t)} | set(terms)
    # The lexicon fills the dictionary's gaps (网络 "cyber"); a sample of the pairs teaches it.
    every = max(1, -(-pairs // LEXICON_SAMPLE))
    learned = learn_lexicon(((p.zh_norm, p.en) for p in store.aligned_pairs() if p.id % every == 0), words,
                            min(pairs, LEXICON_SAMPLE))
    glosses = {t: gloss_term(t, learned) for t in terms}
    tallies: dict[str, ClusterTally] = defaultdict(ClusterTally)
    progress("collecting aligned renderings")
    _add_aligned(store, candidate_miner.substring_counter(terms), glosses, tallies, readings, pairs)
    if settings.inferred:
        progress("inferring renderings in English-only documents")
        _add_inferred(store, terms, tallies, learned)
    progress("ranking")
    entries = []
    for c in found:
        clusters = tuple(relate(tallies[c.term].clusters()))
        entries.append(TermEntry(c.term, pinyin_of(c.term), c.kind, c.frequency, round(c.termhood, 3),
                                 clusters, 0.0, "", "", category=classify(c.term, clusters)))
    return rank(entries, settings.rule)


def settings_from(must_have: Path | None = None, stop: Path | None = None, max_terms: int = MAX_TERMS,
                  prefer: str = "recent", authority: str = "", inferred: bool = True) -> MineSettings:
    """Mining settings from what a user gives: files of terms to keep and to leave out (one a
    line, # comments), how a preferred rendering is chosen, publishers by authority (comma-separated)."""
    from glossary.ranking import ORDERS

    if prefer not in ORDERS:
        raise GlossError(f"--prefer must be one of {', '.join(ORDERS)}")
    publishers = tuple(p.strip() for p in authority.split(",") if p.strip())
    return MineSettings(_word_list(must_have), _word_list(stop), max_terms, PreferenceRule(prefer, publishers),
                        inferred)


def _word_list(path: Path | None) -> frozenset[str]:
    from tm.decode import read_text

    if path is None:
        return frozenset()
    lines = (line.strip() for line in read_text(path).splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def mine_and_save(store: Store, settings: MineSettings = MineSettings(),
                  progress: Callable[[str], None] = lambda step: None) -> list[TermEntry]:
    """Mine the store (`mine`) and replace its term base with what was found: the one way to mine."""
    from glossary import termbase

    entries = mine(store, settings, progress)
    termbase.save(store, entries)
    return entries


def _tally_units(store: Store, pairs: int, align: bool, progress: Callable[[str], None],
                 meanwhile: Callable[[], None]) -> BilingualTally:
    """What the word links say of the Chinese units; with `align`, the pairs are aligned and the
    links stored first, and `meanwhile` runs while the aligner samples. The links are read back
    from the store, so that every core can read them into phrases."""
    if align:
        progress("aligning words")
        aligned = wordalign.align_words(((p.id, p.zh_norm, p.en) for p in store.aligned_pairs()),
                                        meanwhile=meanwhile, size=pairs)
        store.replace_word_alignments((wp.pair_id, wordalign.encode(wp)) for wp in aligned)
    progress("reading the word links")
    tally = BilingualTally()
    for _, found in ordered_map(_unit_phrases, store.word_aligned_pairs(), pairs):
        tally.add(found)
    return tally


def _unit_phrases(row) -> list[tuple[str, str, bool, str]]:
    p, data = row
    return list(phrase_pairs(wordalign.decode(p.id, p.zh_norm, p.en, data))) if data else []


def _add_aligned(store: Store, find: Callable[[str], Counter[str]], glosses: dict[str, TermGloss],
                 tallies: dict[str, ClusterTally], readings: dict[str, frozenset[str]], pairs: int) -> None:
    """Each term's renderings in the aligned pairs. With word links a phrase is chosen for each
    occurrence and tallied at once; without (a small corpus), the dictionary's phrases are
    widened by the modifier that comes with them corpus-wide, so those pairs are kept to the end."""
    unlinked: dict[str, list[Occurrence]] = defaultdict(list)
    kept: dict[int, tuple[str, str, Source]] = {}

    def rendered_in(row) -> list[tuple[str, list[Occurrence]]]:
        p, data = row
        held = sorted(find(p.zh_norm))
        if not held:
            return []
        wp = wordalign.decode(p.id, p.zh_norm, p.en, data) if data else wordalign.tokenized(p.id, p.zh_norm, p.en)
        view = PairView(wp, readings) if data else wp
        return [(term, render_in_pair(term, glosses[term], view)) for term in held]

    for (p, data), found in ordered_map(rendered_in, store.word_aligned_pairs(), pairs):
        source = Source(p.doc_id, p.publisher, p.date)
        for term, rendered in found:
            if not data and rendered:
                unlinked[term].extend(rendered)
                kept[p.id] = (p.zh, p.en, source)
            for o in rendered if data else ():
                tallies[term].add(Observation(term, o.rendering, "aligned", o.score, source, p.zh, p.en))
    english = {pid: en for pid, (_, en, _) in kept.items()}
    for term, rendered in unlinked.items():
        for o in widen(rendered, english):
            zh, en, source = kept[o.source_id]
            tallies[term].add(Observation(term, o.rendering, "aligned", o.score, source, zh, en))


def _add_inferred(store: Store, terms: list[str], tallies: dict[str, ClusterTally],
                  learned: dict[str, frozenset[str]]) -> None:
    from glossary.inferred import InferenceIndex

    known = {t: sorted(tallies[t].renderings()) for t in terms if t in tallies}
    index = InferenceIndex(terms, known, learned)
    for _, text, doc, publisher, date in store.unpaired_english():
        for term, rendering, score, _ in index.scan(text):
            tallies[term].add(Observation(term, rendering, "inferred", score, Source(doc, publisher, date), "", text))
