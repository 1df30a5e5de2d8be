"""TM search through the index: fuzzy candidates from the rarest words and trigrams, concordance without scans."""

from __future__ import annotations

import re

from conftest import PARALLEL_SEED

from tm import tmx
from tm.ingest import ingest
from tm.records import ExportPair
from tm.search import concordance, search
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


def test_short_concordance_finds_what_a_scan_finds(tmp_path):
    with _store(tmp_path) as store:
        pairs = list(store.aligned_pairs())
        for needle in ("网信", "强国", "安全", "麒麟", "网", "设施", "。"):
            expected = [p.id for p in pairs if needle in p.zh_norm]
            assert [p.id for p in concordance(store, needle, "zh", 1000)] == expected, needle
        for needle in ("EU", "cyber", "of the", "Internet", "ber"):
            expected = [p.id for p in pairs if re.search(r"\b" + needle, p.en, re.IGNORECASE)]
            assert [p.id for p in concordance(store, needle, "en", 1000)] == expected, needle
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


def test_traditional_pairs_are_found_by_their_simplified_form(tmp_path):
    source = tmp_path / "tw.tmx"
    tmx.write([ExportPair("建設網路強國，加強資訊安全。", "Build a cyber power and strengthen information security.", "tw")],
              source, tool_version="test")
    with Store.open(tmp_path / "g.sqlite") as store:
        ingest(store, [source])
        [pair] = store.aligned_pairs()
        assert (pair.zh, pair.zh_norm) == ("建設網路強國，加強資訊安全。", "建设网络强国,加强信息安全。")
        assert [m.pair.zh for m in search(store, "网络强国")] == ["建設網路強國，加強資訊安全。"]
        assert search(store, "建设网络强国，加强信息安全。")[0].percent == 100
