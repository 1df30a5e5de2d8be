"""Real zh–en sentence pairs that never repeat, as many as a benchmark needs.

    from corpus import distinct_pairs
    for zh, en in distinct_pairs(100_000): ...

First the 1,875 pairs of the WMT 2022 zh–en general test set (tests/data/wmt22: news, e-commerce,
social media, fiction) as they are. Then new pairs made from theirs: a pair whose Chinese and
English split into as many clauses (at ，；/ , ;) is a list of aligned clauses; a new pair joins two
to four clauses drawn from different pairs, in both languages alike, with its numbers changed the
same way on both sides. A pair already given is never given again (a 16-byte hash each is kept),
so a benchmark measures the work and not a cache.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path
from typing import Iterator

WMT22 = Path(__file__).resolve().parents[1] / "tests" / "data" / "wmt22"
CORPUS = "WMT22 zh-en general test set (1,875 pairs) and pairs recombined from its aligned clauses"

_ZH_CLAUSE = re.compile(r"(?<=[，；])")
_EN_CLAUSE = re.compile(r"(?<=[,;])\s+")
_NUMBER = re.compile(r"\d+")


def wmt22_pairs() -> list[tuple[str, str]]:
    zh = (WMT22 / "generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    en = (WMT22 / "generaltest2022.zh-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    return [(z.strip(), e.strip()) for z, e in zip(zh, en) if z.strip() and e.strip()]


def _clauses(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Aligned clause pairs: from the pairs whose two sides split into as many clauses."""
    found = []
    for zh, en in pairs:
        zs = [c.strip().rstrip("，；。！？") for c in _ZH_CLAUSE.split(zh) if c.strip()]
        es = [c.strip().rstrip(",;.!?") for c in _EN_CLAUSE.split(en) if c.strip()]
        if 1 < len(zs) == len(es):
            found += [(z, e) for z, e in zip(zs, es) if z and e]
    return found


def _renumbered(zh: str, en: str, rng: random.Random) -> tuple[str, str]:
    """The same new value for each number the two sides share (8 → 17 in both)."""
    shared = set(_NUMBER.findall(zh)) & set(_NUMBER.findall(en))
    new = {n: str(rng.randint(2, 2099)) for n in sorted(shared)}  # sorted: the same corpus in every process
    def change(text: str) -> str:
        return _NUMBER.sub(lambda m: new.get(m.group(), m.group()), text)
    return change(zh), change(en)


def distinct_pairs(n: int, seed: int = 2022) -> Iterator[tuple[str, str]]:
    """`n` distinct (Chinese, English) pairs, the real ones first."""
    rng = random.Random(seed)
    seen: set[bytes] = set()

    def fresh(zh: str, en: str) -> bool:
        key = hashlib.blake2b(f"{zh}\0{en}".encode(), digest_size=16).digest()
        if key in seen:
            return False
        seen.add(key)
        return True

    given = 0
    real = wmt22_pairs()
    for zh, en in real:
        if given >= n:
            return
        if fresh(zh, en):
            given += 1
            yield zh, en
    pool = _clauses(real)
    while given < n:
        parts = [_renumbered(*rng.choice(pool), rng) for _ in range(rng.randint(2, 4))]
        zh = "，".join(z for z, _ in parts) + "。"
        en = ", ".join(e for _, e in parts) + "."
        en = en[0].upper() + en[1:]
        if fresh(zh, en):
            given += 1
            yield zh, en
