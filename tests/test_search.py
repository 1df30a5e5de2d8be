"""TM search through the index: fuzzy candidates from the rarest words and trigrams, concordance without scans."""

from __future__ import annotations

from conftest import PARALLEL_SEED

from tm import tmx
from tm.ingest import ingest
from tm.records import ExportPair
from tm.search import search
from tm.store import Store

EXTRA = [
    ("网信", "cybersecurity and informatization"),  # a term entry: the two characters end the side
    ("统筹推进网信工作", "Coordinate the work of cyberspace affairs"),
    ("EU", "EU"),
]


def _store(tmp_path) -> Store:
    source = tmp_path / "extra.tmx"
    tmx.write([ExportPair(zh, en, "terms") for zh, en in EXTRA], source, tool_version="test")
    store = Store.open(tmp_path / "g.sqlite")
    ingest(store, [PARALLEL_SEED, source])
    return store


def test_two_character_concordance_finds_what_a_scan_finds(tmp_path):
    with _store(tmp_path) as store:
        rows = store.conn.execute("SELECT id, zh_norm, en_norm FROM alignments").fetchall()
        for needle in ("网信", "EU", "强国", "安全", "麒麟"):
            expected = [r["id"] for r in rows if needle in r["zh_norm"] or needle.lower() in r["en_norm"].lower()]
            assert [p.id for p in store.pairs_matching(needle, 1000)] == expected, needle
        found = [m.pair.zh for m in search(store, "网信", limit=50)]
        assert "网信" in found and "统筹推进网信工作" in found


def test_phrase_concordance_and_fuzzy_matches(tmp_path):
    with _store(tmp_path) as store:
        hits = search(store, "Clear and Bright")
        assert hits and all("clear and bright" in m.pair.en.lower() for m in hits)
        near = search(store, "关键信息基础设施安全保护能力提升。")
        assert near[0].kind == "fuzzy" and near[0].pair.zh.startswith("关键信息基础设施安全保护能力有效提升")
        english = search(store, "The security protection capabilities of critical information infrastructure")
        assert english[0].pair.en.startswith("The security protection capabilities of critical information")
        assert search(store, "量子引力") == [] and search(store, "quantum gravity") == []
