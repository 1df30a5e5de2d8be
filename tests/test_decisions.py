"""Editors' decisions overlay mined entries and survive mining again."""

from __future__ import annotations

from glossary import decisions, imports, termbase
from glossary.clusters import cluster
from glossary.decisions import ADMITTED, DEPRECATED, PREFERRED, Decision, apply
from glossary.records import Observation, Source, TermEntry

PD = Source("000", "People's Daily", "2025-12-02")


def _entry(term, *texts, preferred=""):
    obs = [Observation(term, t, "aligned", 0.9, PD, "zh", "en") for t in texts]
    return TermEntry(term, "", "compound", 3, 1.0, tuple(cluster(obs)), 1.0, preferred or texts[0], "")


def test_a_decision_overrides_the_proposal_and_marks_rejected_variants():
    entry = _entry("网络强国", "leading cyber power", "network power", "cyber power")
    view = apply(entry, Decision("网络强国", preferred="cyber power", status="approved",
                                 rejected=("network power",), added=("strong cyber nation",), note="house style"))
    assert view.preferred == "cyber power" and view.status == "approved" and view.note == "house style"
    assert view.renderings[0] == ("cyber power", PREFERRED)
    assert ("network power", DEPRECATED) in view.renderings
    assert ("strong cyber nation", ADMITTED) in view.renderings and ("leading cyber power", ADMITTED) in view.renderings


def test_without_a_decision_the_mined_proposal_stands():
    view = apply(_entry("清朗", "Clear and Bright", "clear and clear"), None)
    assert view.status == "proposed" and view.renderings[0] == ("Clear and Bright", PREFERRED)


def test_decisions_survive_mining_again(store):
    termbase.save(store, [_entry("网络强国", "leading cyber power")])
    decisions.save(store, [Decision("网络强国", preferred="cyber power", status="approved"),
                           Decision("一张网", preferred="one network", note="added by the editor")])
    termbase.save(store, [_entry("网络强国", "leading cyber power", "network power")])  # a later `gloss mine`
    views = {v.term: v for v in decisions.glossary(store, termbase.entries(store))}
    assert views["网络强国"].preferred == "cyber power" and views["网络强国"].status == "approved"
    assert views["一张网"].entry is None and views["一张网"].preferred == "one network"


def test_changes_are_described_for_the_import_report():
    old = Decision("网络强国", preferred="leading cyber power")
    new = Decision("网络强国", preferred="cyber power", status="approved", rejected=("network power",))
    assert imports.changes(old, new) == [
        "preferred: leading cyber power → cyber power", "status: proposed → approved", "rejected 'network power'"]
