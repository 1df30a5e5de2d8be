"""The ranking and look-ups as rows for people and scripts: JSON objects, CSV lines, table cells.

Every row is a term as mined with the editors' decision applied (`decisions.GlossaryTerm`): its
status, note, preferred rendering and who decided them reach each output."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from glossary.clusters import fold
from glossary.decisions import DEPRECATED, GlossaryTerm, status_word
from glossary.records import as_dict, listed
from tm.atomic import atomic_write

CSV_COLUMNS = ("rank", "term", "pinyin", "kind", "status", "score", "frequency", "preferred", "renderings",
               "collisions", "note", "documents", "publishers")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Corpus text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def rendering_summary(view: GlossaryTerm) -> str:
    """"leading cyber power (12, aligned); network power (deprecated, 3, inferred)" — the mined
    renderings with their evidence and the editor's marks, and the editor's own."""
    status = {fold(text): s for text, s in view.renderings}
    parts = []
    for c in view.entry.renderings if view.entry else ():
        mark = "deprecated, " if status.get(c.key) == DEPRECATED else ""
        parts.append(f"{c.text} ({mark}{c.count}, {c.evidence}{short_forms(c)})")
    mined = {c.key for c in view.entry.renderings} if view.entry else set()
    parts += [f"{text} ({status_word(s)}, editor)" for text, s in view.renderings if fold(text) not in mined]
    return "; ".join(parts)


def short_forms(cluster) -> str:
    """", short forms: Lau ×3, MIIT ×1" — or nothing."""
    if not cluster.short_forms:
        return ""
    return ", short forms: " + ", ".join(f"{t} ×{n}" for t, n, _ in cluster.short_forms)


def decided(view: GlossaryTerm) -> dict:
    """The decision part of a term's JSON: status, note, who decided (the file imported) and when."""
    d = view.decision
    return {"status": view.status, "note": view.note, "decided_by": d.source if d else "",
            "decided_at": d.updated if d else "",
            "statuses": [{"text": text, "status": status_word(s)} for text, s in view.renderings]}


def as_json(view: GlossaryTerm) -> dict:
    """A term as `gloss lookup --json` and `gloss rank --format json` print it."""
    if view.entry:
        d = as_dict(view.entry)
        d["collisions"] = [{"rendering": r, "terms": list(t)} for r, t in view.entry.collisions]
        for c in d["renderings"]:
            c["forms"] = [{"text": t, "count": n} for t, n in c["forms"]]
            c["per_publisher"] = [{"publisher": p, "count": n} for p, n in c["per_publisher"]]
    else:  # a term only an editor knows
        d = {"term": view.term, "pinyin": "", "kind": "editor", "frequency": 0, "renderings": [],
             "score": 0.0, "collisions": [], "category": view.category}
    d["preferred"] = view.preferred
    if view.decision and view.decision.preferred:
        d["preferred_reason"] = "editor's choice"
    return {**d, **decided(view)}


def csv_row(rank: int, view: GlossaryTerm) -> list[str]:
    entry = view.entry
    documents = sorted({d for c in entry.renderings for d in c.documents}) if entry else []
    publishers = sorted({p for c in entry.renderings for p in c.publishers}) if entry else []
    collisions = "; ".join(f"{r} = {', '.join(t)}" for r, t in entry.collisions) if entry else ""
    return [str(rank), view.term, entry.pinyin if entry else "", view.category, view.status, f"{view.score:.3f}",
            str(entry.frequency if entry else 0), view.preferred, rendering_summary(view), collisions, view.note,
            listed(documents, "; "), listed(publishers, "; ")]


def write_csv(views: Iterable[GlossaryTerm], out) -> None:
    import csv  # only the CSV commands need it: not loaded for a look-up

    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for n, view in enumerate(views, start=1):
        writer.writerow([spreadsheet_safe(cell) for cell in csv_row(n, view)])


def save_csv(views: Iterable[GlossaryTerm], path: Path) -> None:
    """The ranking as UTF-8 CSV with a BOM (so that Excel reads the Chinese), written atomically."""
    with atomic_write(path, "w", encoding="utf-8-sig") as fh:
        write_csv(views, fh)
