"""Word alignment of sentence pairs: eflomal in both directions, CC-CEDICT as lexical priors, symmetrised.

Chinese is cut by jieba, English into words (stemmed for the aligner, so that a small corpus
sees "rights" and "right" as one word). eflomal (a Bayesian HMM aligner with fertility, in C)
aligns Chinese→English and English→Chinese; the two are joined by grow-diag-final-and. Every
pair of a Chinese word and an English word that CC-CEDICT puts together is a prior, so that a
corpus of a few sentences still aligns its dictionary words; a large one learns the rest.

Pairs stream through temporary files: memory stays flat in the size of the corpus. eflomal is a
Gibbs sampler seeded from the system: two runs on one corpus differ a little, so the links are
kept in the store and a store is mined the same way until pairs are added to it.
"""

from __future__ import annotations

import json
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from tm.lexicon import EN_TOKEN, HAN, gloss_stems, stem, tag, warm
from tm.parallel import ordered_map

_PRIOR = 1.0  # pseudo-count of a dictionary pair: a few sightings' worth
NOT_SAMPLED = ""  # stored for a pair the aligner was not given (a corpus larger than its sample)
_EMPTY = "∅"  # eflomal needs a word on every line
# eflomal samples: on a small corpus one sampler's links vary from run to run (rendering recall
# 0.73-0.77 on the WMT22 dev set, bench/score_mining.py), three samplers at eflomal's full
# iterations settle them (precision by occurrence 0.91 -> 0.95) for seconds; a large corpus
# settles by itself, and each sampler more would cost as much again: one, at half the iterations.
_SMALL_CORPUS = 5_000  # pairs
_SAMPLERS = {True: 3, False: 1}
_ITERATIONS = {True: 1.0, False: 0.5}


@dataclass(frozen=True)
class WordAlignedPair:
    """A sentence pair cut into words, with the links between them."""

    pair_id: int
    zh: str
    en: str
    zh_words: tuple[str, ...]
    zh_tags: tuple[str, ...]  # jieba's part of speech of each word
    zh_starts: tuple[int, ...]  # offset of each word in `zh`
    en_spans: tuple[tuple[int, int], ...]  # offsets of each word in `en`
    links: frozenset[tuple[int, int]]  # (zh word, en word)

    @property
    def en_words(self) -> tuple[str, ...]:
        return tuple(self.en[a:b] for a, b in self.en_spans)


def zh_words(text: str) -> tuple[list[str], list[str], list[int]]:
    """jieba's words of a Chinese sentence, their parts of speech and where each starts; spaces
    and punctuation left out."""
    words, tags, starts, at = [], [], [], 0
    for w, flag in tag(text):
        if HAN.search(w) or w.isalnum():
            words.append(w)
            tags.append(flag)
            starts.append(at)
        at += len(w)
    return words, tags, starts


def en_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in EN_TOKEN.finditer(text))


def tokenized(pair_id: int, zh: str, en: str) -> WordAlignedPair:
    """A pair cut into words, with no links."""
    words, tags, starts = zh_words(zh)
    return WordAlignedPair(pair_id, zh, en, tuple(words), tuple(tags), tuple(starts), en_spans(en), frozenset())


def encode(pair: WordAlignedPair) -> str:
    """The words and links of a pair as one line of JSON (its texts are stored elsewhere)."""
    return json.dumps([pair.zh_words, pair.zh_tags, pair.zh_starts, pair.en_spans, sorted(pair.links)],
                      ensure_ascii=False, separators=(",", ":"))


def decode(pair_id: int, zh: str, en: str, data: str) -> WordAlignedPair:
    words, tags, starts, spans, links = json.loads(data)
    return WordAlignedPair(pair_id, zh, en, tuple(words), tuple(tags), tuple(starts),
                           tuple(map(tuple, spans)), frozenset(map(tuple, links)))


def align_words(pairs: Iterable[tuple[int, str, str]], workdir: Path | None = None,
                meanwhile: Callable[[], None] = lambda: None, size: int = 0) -> Iterator[WordAlignedPair]:
    """(pair id, Chinese, English) → the pairs cut into words with their links, in the same order.
    `meanwhile` runs (in the caller's thread) while eflomal, a process of its own, samples: work
    that needs no links gets the second core. `size`, the number of pairs if known, lets the
    cutting and the symmetrising run on every core (`tm.parallel`)."""
    import eflomal

    with tempfile.TemporaryDirectory(dir=workdir, prefix="gloss-align-") as tmp:
        folder = Path(tmp)
        src, trg, kept = folder / "zh.txt", folder / "en.txt", folder / "pairs.jsonl"
        zh_vocab: set[str] = set()
        en_vocab: set[str] = set()
        n = 0
        warm()
        with src.open("w", encoding="utf-8") as zs, trg.open("w", encoding="utf-8") as es, \
                kept.open("w", encoding="utf-8") as ks:
            for _, (words, stems, line) in ordered_map(_sampler_input, pairs, size):
                zh_vocab.update(words)
                en_vocab.update(stems)
                zs.write((" ".join(words) or _EMPTY) + "\n")
                es.write((" ".join(stems) or _EMPTY) + "\n")
                ks.write(line + "\n")
                n += 1
        if not n:
            meanwhile()
            return
        priors = folder / "priors.txt"
        with priors.open("w", encoding="utf-8") as fh:
            for zh_word, en_stem in dictionary_priors(zh_vocab, en_vocab):
                fh.write(f"LEX\t{zh_word}\t{en_stem}\t{_PRIOR}\n")
        del zh_vocab, en_vocab
        fwd, rev = folder / "fwd.links", folder / "rev.links"
        small = n < _SMALL_CORPUS
        aligner = eflomal.Aligner(n_samplers=_SAMPLERS[small], rel_iterations=_ITERATIONS[small])
        failed: list[BaseException] = []

        def sample() -> None:
            try:
                with src.open(encoding="utf-8") as zs, trg.open(encoding="utf-8") as es, \
                        priors.open(encoding="utf-8") as ps:
                    aligner.align(zs, es, links_filename_fwd=str(fwd), links_filename_rev=str(rev),
                                  priors_input=ps, quiet=True)
            except BaseException as e:  # raised again in the caller's thread
                failed.append(e)

        sampler = threading.Thread(target=sample, name="eflomal")
        sampler.start()
        try:
            meanwhile()
        finally:
            sampler.join()
        if failed:
            raise failed[0]
        with kept.open(encoding="utf-8") as ks, fwd.open() as fs, rev.open() as rs:
            for _, pair in ordered_map(_linked, zip(ks, fs, rs), n):
                yield pair


def _sampler_input(item: tuple[int, str, str]) -> tuple[tuple[str, ...], list[str], str]:
    """A pair's Chinese words and English stems, as eflomal reads them, and the pair as kept."""
    pair_id, zh, en = item
    pair = tokenized(pair_id, zh, en)
    return pair.zh_words, [stem(w) for w in pair.en_words], json.dumps([pair_id, zh, en, encode(pair)], ensure_ascii=False)


def _linked(lines: tuple[str, str, str]) -> WordAlignedPair:
    """A kept pair with the links of its two eflomal lines, symmetrised."""
    kept, forward, reverse = lines
    pair = decode(*json.loads(kept))
    links = grow_diag_final_and(_links(forward), _links(reverse), len(pair.zh_words), len(pair.en_spans))
    return replace(pair, links=frozenset(links))


def dictionary_priors(zh_vocab: set[str], en_vocab: set[str]) -> Iterator[tuple[str, str]]:
    """(Chinese word, English stem) pairs of the corpus's vocabulary that CC-CEDICT pairs."""
    for word in sorted(zh_vocab):
        for s in sorted(gloss_stems(word) & en_vocab):
            yield word, s


def _links(line: str) -> set[tuple[int, int]]:
    out = set()
    for item in line.split():
        i, _, j = item.partition("-")
        out.add((int(i), int(j)))
    return out


def grow_diag_final_and(forward: set[tuple[int, int]], reverse: set[tuple[int, int]],
                        n_zh: int, n_en: int) -> set[tuple[int, int]]:
    """The symmetrisation of Koehn et al. (2003): the intersection, grown through neighbouring
    links of the union, then links of either direction between words still unaligned on both sides."""
    forward = {(i, j) for i, j in forward if i < n_zh and j < n_en}
    reverse = {(i, j) for i, j in reverse if i < n_zh and j < n_en}
    union = forward | reverse
    links = forward & reverse
    zh_aligned = {i for i, _ in links}
    en_aligned = {j for _, j in links}
    neighbours = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))
    # Grown from a frontier: each link's neighbours are looked at once, then those of what it added.
    frontier = sorted(links)
    while frontier:
        added = []
        for i, j in frontier:
            for di, dj in neighbours:
                p = (i + di, j + dj)
                if p in union and p not in links and (p[0] not in zh_aligned or p[1] not in en_aligned):
                    links.add(p)
                    zh_aligned.add(p[0])
                    en_aligned.add(p[1])
                    added.append(p)
        frontier = sorted(added)
    for direction in (forward, reverse):
        for i, j in sorted(direction):
            if i not in zh_aligned and j not in en_aligned:
                links.add((i, j))
                zh_aligned.add(i)
                en_aligned.add(j)
    return links
