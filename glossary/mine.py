"""The mining step: Chinese term candidates, their renderings (aligned and inferred), clusters, ranking."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from glossary import candidates as candidate_miner
from glossary.bilingual import BilingualTally, phrase_pairs, reading
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
# Pairs the word aligner is given, at most, spread evenly through the corpus: eflomal's time, and
# reading its links into phrases, grow with every pair; the pairs left out are read for the
# renderings the sampled ones found (`_add_aligned`), which is several times cheaper.
MAX_ALIGNED_PAIRS = 200_000
KNOWN_RENDERINGS = 8  # of a term, looked for in the pairs the word aligner's sample left out


@dataclass(frozen=True)
class MineSettings:
    must_have: frozenset[str] = frozenset()
    stop: frozenset[str] = frozenset()
    max_terms: int = MAX_TERMS
    rule: PreferenceRule = field(default_factory=PreferenceRule)
    inferred: bool = True
    max_aligned_pairs: int = MAX_ALIGNED_PAIRS  # 0: every pair


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

    pairs, unlinked, left_out = store.pair_count(wordalign.NOT_SAMPLED)
    sample = settings.max_aligned_pairs or pairs
    # Pairs left out of an earlier sample that the sample asked for now holds are aligned with the rest.
    align = pairs >= MIN_PAIRS_FOR_WORD_ALIGNMENT and (unlinked > 0 or 0 < left_out and pairs <= sample)
    warm()
    chinese = _Reread(store.zh_sentences)
    segmented: list[candidate_miner.Sightings] = []  # the candidate miner's first pass, if done early
    tally = _tally_units(store, pairs, align, sample, progress,
                         meanwhile=lambda: segmented.append(candidate_miner.segment(chinese)))
    progress("finding Chinese terms")
    found = candidate_miner.mine(chinese, settings.must_have, settings.stop,
                                 tally.candidates(candidate_miner.common_in_general_chinese),
                                 sightings=segmented[0] if segmented else None, size=pairs)[: settings.max_terms]
    segmented.clear()  # the sightings count the whole corpus: freed before the renderings' workers fork
    readings = tally.readings_lexicon()
    tally = None  # its counts are not needed beyond this point
    terms = [c.term for c in found]
    words = {part for t in terms for part in term_parts(t)} | set(terms)
    # The lexicon fills the dictionary's gaps (网络 "cyber"); a sample of the pairs teaches it.
    every = _every(pairs, LEXICON_SAMPLE)
    learned = learn_lexicon(((p.zh_norm, p.en) for p in store.aligned_pairs(every)), words,
                            min(pairs, LEXICON_SAMPLE))
    glosses = {t: gloss_term(t, learned) for t in terms}
    tallies: dict[str, ClusterTally] = defaultdict(ClusterTally)
    progress("collecting aligned renderings")
    _add_aligned(store, candidate_miner.substring_counter(terms), glosses, tallies, readings, pairs, progress)
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
                  prefer: str = "recent", authority: str = "", inferred: bool = True,
                  max_aligned_pairs: int | None = None) -> MineSettings:
    """Mining settings from what a user gives: files of terms to keep and to leave out (one a
    line, # comments), how a preferred rendering is chosen, publishers by authority (comma-separated),
    how many pairs the word aligner learns from at most (None: MAX_ALIGNED_PAIRS, 0: every pair)."""
    from glossary.ranking import ORDERS

    if prefer not in ORDERS:
        raise GlossError(f"--prefer must be one of {', '.join(ORDERS)}")
    if max_aligned_pairs is None:
        max_aligned_pairs = MAX_ALIGNED_PAIRS
    if max_aligned_pairs < 0:
        raise GlossError("--max-aligned-pairs must be 0 (every pair) or more")
    publishers = tuple(p.strip() for p in authority.split(",") if p.strip())
    return MineSettings(_word_list(must_have), _word_list(stop), max_terms, PreferenceRule(prefer, publishers),
                        inferred, max_aligned_pairs)


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


def _tally_units(store: Store, pairs: int, align: bool, sample: int, progress: Callable[[str], None],
                 meanwhile: Callable[[], None]) -> BilingualTally:
    """What the word links say of the Chinese units; with `align`, the pairs (a sample of at most
    `sample` of them) are aligned and the links stored first, and `meanwhile` runs while the
    aligner samples. The links are read back from the store, so that every core can read them
    into phrases."""
    if align:
        progress("aligning words")
        every = _every(pairs, sample)
        aligned = wordalign.align_words(
            ((p.id, p.zh_norm, p.en) for p in store.aligned_pairs(every)),
            meanwhile=meanwhile, size=min(pairs, sample))
        store.replace_word_alignments(((wp.pair_id, wordalign.encode(wp)) for wp in aligned),
                                      others=wordalign.NOT_SAMPLED)
    progress("reading the word links")
    tally = BilingualTally()
    for _, found in ordered_map(_unit_phrases, store.word_aligned_pairs("linked", wordalign.NOT_SAMPLED), pairs):
        tally.add(found)
    return tally


def _every(pairs: int, sample: int) -> int:
    """One pair (by id) in how many makes a sample of at most `sample` of `pairs`."""
    return max(1, -(-pairs // sample))


def _unit_phrases(row) -> list[tuple[str, str, bool, str]]:
    p, data = row
    return list(phrase_pairs(wordalign.decode(p.id, p.zh_norm, p.en, data)))


def _add_aligned(store: Store, find: Callable[[str], Counter[str]], glosses: dict[str, TermGloss],
                 tallies: dict[str, ClusterTally], readings: dict[str, frozenset[str]], pairs: int,
                 progress: Callable[[str], None] = lambda step: None) -> None:
    """Each term's renderings in the aligned pairs. With word links a phrase is chosen for each
    occurrence and tallied at once; without (a small corpus), the dictionary's phrases are
    widened by the modifier that comes with them corpus-wide, so those pairs are kept to the end.
    A pair the word aligner's sample left out (a large corpus) renders a term by the most used
    of the renderings the sampled pairs found for it that its English holds; a term they never
    rendered (a rare one: none of its few pairs was sampled) is read there as in a small corpus."""
    unlinked: dict[str, list[Occurrence]] = defaultdict(list)
    kept: dict[int, tuple[str, str, Source]] = {}
    known: dict[str, list[tuple[re.Pattern, float]]] = {}
    unseen: set[str] = set()  # terms the sampled pairs never rendered: read by the dictionary
    # One Source (and one copy of its document id) for all the pairs of a document: each cluster
    # keeps the list of its documents, and a million pairs would otherwise fill them with copies.
    sources: dict[tuple[str, str, str], Source] = {}

    def rendered_in(row) -> list[tuple[str, list[Occurrence]]]:
        p, data = row
        held = sorted(find(p.zh_norm))
        if not held:
            return []
        if data == wordalign.NOT_SAMPLED:
            # The pair is cut into words (jieba, the costly part) only for a term read by the dictionary, once.
            words = wordalign.tokenized(p.id, p.zh_norm, p.en) if any(t in unseen for t in held) else None
            return [(term, _known_rendering(term, known[term], p.id, p.en) if term in known else
                     render_in_pair(term, glosses[term], words))
                    for term in held if term in known or term in unseen]
        wp = wordalign.decode(p.id, p.zh_norm, p.en, data) if data else wordalign.tokenized(p.id, p.zh_norm, p.en)
        view = PairView(wp, readings) if data else wp
        return [(term, render_in_pair(term, glosses[term], view)) for term in held]

    def tally(rows: Iterable, size: int) -> None:
        for (p, data), found in ordered_map(rendered_in, rows, size):
            where = (p.doc_id, p.publisher, p.date)
            source = sources.get(where)
            if source is None:  # not setdefault, which would build a Source for every pair
                source = sources[where] = Source(*where)
            for term, rendered in found:
                if not data and rendered and rendered[0].how != "known":
                    unlinked[term].extend(rendered)
                    kept[p.id] = (p.zh, p.en, source)
                    continue
                for o in rendered:
                    tallies[term].add(Observation(term, o.rendering, "aligned", o.score, source, p.zh, p.en))

    *_, left_out = store.pair_count(wordalign.NOT_SAMPLED)
    tally(store.word_aligned_pairs("sampled", wordalign.NOT_SAMPLED), pairs - left_out)
    if left_out:
        progress("finding those renderings in the pairs the word aligner's sample left out")
        known.update(_known_renderings(tallies))
        unseen.update(t for t in glosses if t not in tallies)
        tally(store.word_aligned_pairs("left out", wordalign.NOT_SAMPLED), left_out)
    english = {pid: en for pid, (_, en, _) in kept.items()}
    for term, rendered in unlinked.items():
        for o in widen(rendered, english):
            zh, en, source = kept[o.source_id]
            tallies[term].add(Observation(term, o.rendering, "aligned", o.score, source, zh, en))


def _known_renderings(tallies: dict[str, ClusterTally]) -> dict[str, list[tuple[re.Pattern, float]]]:
    """Each term's renderings so far, the most used first and at most KNOWN_RENDERINGS, each as a
    pattern of its forms (any case, whole words) with how sure its phrases were; an everyday word
    seen once is left out ("made", "against": as often the extractor's miss as a rendering, and it
    would be found again wherever it stands)."""
    out = {}
    for term, t in tallies.items():
        patterns = [(re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(f) for f in sorted(
            (f for f, _ in c.forms if f.strip()), key=lambda f: (-len(f), f))) + r")(?![\w-])", re.IGNORECASE),
            c.confidence)
            for c in t.clusters()[:KNOWN_RENDERINGS] if c.count > 1 or len(c.text.split()) > 1 or reading(c.text)]
        if patterns:
            out[term] = patterns
    return out


def _known_rendering(term: str, known: list[tuple[re.Pattern, float]], pair_id: int, en: str) -> list[Occurrence]:
    """The first of the term's known renderings, the most used first, that the English holds."""
    for pattern, confidence in known:
        m = pattern.search(en)
        if m:
            return [Occurrence(term, pair_id, m.group(), confidence, "known")]
    return []


def _add_inferred(store: Store, terms: list[str], tallies: dict[str, ClusterTally],
                  learned: dict[str, frozenset[str]]) -> None:
    from glossary.inferred import InferenceIndex

    known = {t: sorted(tallies[t].renderings()) for t in terms if t in tallies}
    index = InferenceIndex(terms, known, learned)
    for _, text, doc, publisher, date in store.unpaired_english():
        for term, rendering, score, _ in index.scan(text):
            tallies[term].add(Observation(term, rendering, "inferred", score, Source(doc, publisher, date), "", text))
