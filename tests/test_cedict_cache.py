"""CC-CEDICT is parsed once per installation: later commands read the user's cache."""

from __future__ import annotations

from tm import cedict


def test_the_cache_gives_what_the_parse_gives_and_a_damaged_one_is_parsed_anew(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cedict.load.cache_clear()
    try:
        parsed = cedict.load()
        [cache] = (tmp_path / "gloss").iterdir()
        cedict.load.cache_clear()
        cached = cedict.load()
        assert cached == parsed and cached.glosses["网络"] and cached.trad_to_simp["網"] == "网"
        cache.write_bytes(b"\x00damaged")
        cedict.load.cache_clear()
        assert cedict.load() == parsed and cache.read_bytes() != b"\x00damaged"  # rewritten
    finally:
        cedict.load.cache_clear()
