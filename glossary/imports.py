"""Importing an editor's file: what it changes in each term's decision, stored with where it came
from, and what could not be applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from glossary.decisions import Decision, save
from tm.store import Store


@dataclass(frozen=True)
class Problem:
    """Something in an imported file that cannot be applied, and where (sheet, row and column of
    a workbook; line and entry of a TBX)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    """What importing an editor's file did."""

    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (term, what changed), in file order
    unchanged: int = 0  # terms the file names whose decision stays as it is
    problems: tuple[Problem, ...] = ()
    # terms whose decision changed in the store since the file was exported and that the file
    # leaves as they were then: the store's decision stands
    older: tuple[str, ...] = ()


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


def record(store: Store, proposed: Iterable[tuple[Decision | None, Decision]], source: str,
           problems: Iterable[Problem] = (), older: Iterable[str] = ()) -> ImportResult:
    """Store what an import decided — each new decision beside the one it replaces — stamped with
    the file it came from and the time; a decision that changes nothing is counted, not stored."""
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    changed, kept, unchanged = [], [], 0
    for old, new in proposed:
        said = changes(old, new)
        if said:
            changed.append((new.term, tuple(said)))
            kept.append(new._replace(updated=now, source=source))
        else:
            unchanged += 1
    save(store, kept)
    return ImportResult(tuple(changed), unchanged, tuple(problems), tuple(older))
