"""Word alignment: symmetrisation, the words of a pair, eflomal on real pairs."""

from __future__ import annotations

import pytest

from conftest import REPO

from tm.features import en_features, zh_features
from tm.wordalign import align_words, grow_diag_final_and, tokenized

WMT22 = REPO / "tests" / "data" / "wmt22"


def test_grow_diag_final_and_keeps_the_intersection_and_grows_along_the_diagonal():
    forward = {(0, 0), (1, 1), (2, 3)}
    reverse = {(0, 0), (1, 1), (1, 2), (3, 4)}
    links = grow_diag_final_and(forward, reverse, 4, 5)
    assert {(0, 0), (1, 1)} <= links  # both directions agree
    assert (1, 2) in links  # a neighbour of (1, 1) in the union, English word 2 unaligned
    assert (2, 3) in links and (3, 4) in links  # final-and: both words still unaligned
    assert grow_diag_final_and({(9, 9)}, set(), 2, 2) == set()  # links outside the sentence


def test_a_pair_is_cut_into_words_with_their_offsets():
    pair = tokenized(7, "外交紧张严重影响了海合会的内部团结。", "Diplomatic tensions had a serious impact.")
    assert pair.zh_words[:2] == ("外交", "紧张") and "。" not in pair.zh_words
    assert all(pair.zh[s:].startswith(w) for w, s in zip(pair.zh_words, pair.zh_starts))
    assert pair.en_words == ("Diplomatic", "tensions", "had", "a", "serious", "impact")
    assert not pair.links


@pytest.mark.parametrize("in_workers", [False, True])
def test_eflomal_links_the_words_of_real_pairs(in_workers, monkeypatch):
    """Also with the cutting and the symmetrising in forked workers (tm.parallel), as for a corpus
    of thousands of pairs: the same words, in the pairs' order."""
    from tm import parallel

    if in_workers:
        if parallel.workers() < 2:
            pytest.skip("one core: every step runs in-process")
        monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    zh = (WMT22 / "generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    en = (WMT22 / "generaltest2022.zh-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    import threading

    ran: list[str] = []  # what ran while eflomal sampled, and beside which threads
    meanwhile = lambda: ran.extend(t.name for t in threading.enumerate())  # noqa: E731
    pairs = list(align_words(((n, z, e) for n, (z, e) in enumerate(zip(zh[:600], en[:600]))), meanwhile=meanwhile,
                             size=600))
    assert "eflomal" in ran
    assert [p.pair_id for p in pairs] == list(range(600))
    assert all(p.zh_words == tokenized(n, z, e).zh_words for p, n, z, e in zip(pairs, range(600), zh, en))
    linked = sum(bool(p.links) for p in pairs)
    assert linked > 590
    # "Is there a way to punish him?" — 处罚 "punish", 他 "him"
    first = pairs[0]
    words, english = first.zh_words, first.en_words
    assert {(words[i], english[j]) for i, j in first.links} >= {("处罚", "punish"), ("他", "him")}


def test_dotted_numbers_are_not_numbers():
    # A section number, a version or an address is no quantity to match across (and no crash).
    assert 3.2 not in zh_features("第3.2.1条规定，版本2.0.1").numbers
    assert en_features("Article 3.2.1 of version 2.0.1, host 10.0.0.1, costs 1,234.5 yuan").numbers >= {1234.5}
