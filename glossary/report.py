"""The ranking as rows for people and scripts: JSON objects, CSV lines, table cells."""

from __future__ import annotations

import csv
from dataclasses import asdict
from pathlib import Path
from typing import Iterable

from glossary.records import TermEntry
from tm.atomic import atomic_write

CSV_COLUMNS = ("rank", "term", "pinyin", "kind", "score", "frequency", "preferred", "renderings", "collisions",
               "documents", "publishers")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Corpus text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def rendering_summary(entry: TermEntry) -> str:
    return "; ".join(f"{c.text} ({c.count}, {c.evidence}{short_forms(c)})" for c in entry.renderings)


def short_forms(cluster) -> str:
    """", short forms: Lau ×3, MIIT ×1" — or nothing."""
    if not cluster.short_forms:
        return ""
    return ", short forms: " + ", ".join(f"{t} ×{n}" for t, n, _ in cluster.short_forms)


def as_json(entry: TermEntry) -> dict:
    """A term as `gloss lookup --json` and `gloss rank --format json` print it."""
    d = asdict(entry)
    d["collisions"] = [{"rendering": r, "terms": list(t)} for r, t in entry.collisions]
    for c in d["renderings"]:
        c["forms"] = [{"text": t, "count": n} for t, n in c["forms"]]
        c["per_publisher"] = [{"publisher": p, "count": n} for p, n in c["per_publisher"]]
    return d


def csv_row(rank: int, entry: TermEntry) -> list[str]:
    documents = sorted({d for c in entry.renderings for d in c.documents})
    publishers = sorted({p for c in entry.renderings for p in c.publishers})
    collisions = "; ".join(f"{r} = {', '.join(t)}" for r, t in entry.collisions)
    return [str(rank), entry.term, entry.pinyin, entry.category, f"{entry.score:.3f}", str(entry.frequency), entry.preferred,
            rendering_summary(entry), collisions, "; ".join(documents), "; ".join(publishers)]


def write_csv(entries: Iterable[TermEntry], out) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for n, entry in enumerate(entries, start=1):
        writer.writerow([spreadsheet_safe(cell) for cell in csv_row(n, entry)])


def save_csv(entries: Iterable[TermEntry], path: Path) -> None:
    """The ranking as UTF-8 CSV with a BOM (so that Excel reads the Chinese), written atomically."""
    with atomic_write(path, "w", encoding="utf-8-sig") as fh:
        write_csv(entries, fh)
