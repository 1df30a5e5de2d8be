"""Editors' decisions, kept apart from mined data so that mining again never overwrites them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator

from glossary.clusters import fold
from glossary.records import TermEntry
from tm.store import Store

# A term's review status, as the workbook's drop-down list offers it.
STATUSES = ("proposed", "approved", "needs review", "rejected")
# A rendering's status, as TBX's administrativeStatus names it (without the -admn-sts suffix).
PREFERRED, ADMITTED, DEPRECATED = "preferredTerm", "admittedTerm", "deprecatedTerm"


@dataclass(frozen=True)
class Decision:
    """What an editor decided about a term; empty fields leave the mined proposal in place."""

    term: str
    preferred: str = ""
    status: str = "proposed"
    note: str = ""
    rejected: tuple[str, ...] = ()  # renderings marked rejected (deprecated in TBX)
    added: tuple[str, ...] = ()  # renderings typed in by hand
    extra: tuple[tuple[str, str], ...] = ()  # the workbook's columns gloss does not know, kept verbatim
    updated: str = ""  # ISO 8601 UTC time of the import that made the decision


@dataclass(frozen=True)
class GlossaryTerm:
    """A term as exports show it: the mined entry with the editor's decision applied."""

    term: str
    entry: TermEntry | None  # None for a term only the editor knows
    decision: Decision | None
    preferred: str
    status: str
    renderings: tuple[tuple[str, str], ...] = field(default=())  # (text, PREFERRED/ADMITTED/DEPRECATED)
    note: str = ""


def apply(entry: TermEntry | None, decision: Decision | None, term: str = "") -> GlossaryTerm:
    """Overlay a decision on a mined entry (either may be missing)."""
    term = entry.term if entry else decision.term if decision else term
    mined = [c.text for c in entry.renderings] if entry else []
    texts = list(dict.fromkeys(mined + list(decision.added if decision else ())))
    preferred = (decision.preferred if decision and decision.preferred else entry.preferred if entry else "")
    rejected = {fold(r) for r in (decision.rejected if decision else ())}
    if preferred and fold(preferred) not in {fold(t) for t in texts}:
        texts.insert(0, preferred)
    seen: set[str] = set()
    renderings = []
    for text in texts:
        key = fold(text)
        if key in seen:  # aligned and inferred clusters of one rendering show once
            continue
        seen.add(key)
        status = DEPRECATED if key in rejected else PREFERRED if preferred and key == fold(preferred) else ADMITTED
        renderings.append((text, status))
    renderings.sort(key=lambda r: (r[1] != PREFERRED, r[1] == DEPRECATED))
    return GlossaryTerm(term, entry, decision, preferred, decision.status if decision else "proposed",
                        tuple(renderings), decision.note if decision else "")


def to_json(decision: Decision) -> str:
    return json.dumps(asdict(decision), ensure_ascii=False)


def from_json(text: str) -> Decision:
    d = json.loads(text)
    return Decision(**{**d, "rejected": tuple(d["rejected"]), "added": tuple(d["added"]),
                       "extra": tuple(map(tuple, d["extra"]))})


def load(store: Store) -> dict[str, Decision]:
    return {term: from_json(data) for term, data in store.decisions()}


def glossary(store: Store, entries: Iterable[TermEntry]) -> Iterator[GlossaryTerm]:
    """Every mined term with its decision, then the decided terms the miner no longer finds."""
    decided = load(store)
    for entry in entries:
        yield apply(entry, decided.pop(entry.term, None))
    for decision in decided.values():
        yield apply(None, decision)


def changes(old: Decision | None, new: Decision) -> list[str]:
    """What an import changes in a term's decision, in words, for the import report."""
    before = old or Decision(new.term)
    said = []
    for name in ("preferred", "status", "note"):
        if getattr(before, name) != getattr(new, name):
            said.append(f"{name}: {getattr(before, name) or '—'} → {getattr(new, name) or '—'}")
    for name in ("rejected", "added"):
        gained = set(getattr(new, name)) - set(getattr(before, name))
        lost = set(getattr(before, name)) - set(getattr(new, name))
        said += [f"{name} {r!r}" for r in sorted(gained)] + [f"no longer {name} {r!r}" for r in sorted(lost)]
    if dict(before.extra) != dict(new.extra):
        said.append("other columns changed")
    return said


def save(store: Store, decisions: Iterable[Decision]) -> None:
    """Store decisions (replacing earlier ones for the same terms) in one transaction."""
    with store.transaction():
        store.put_decisions((d.term, to_json(d), d.updated) for d in decisions)
