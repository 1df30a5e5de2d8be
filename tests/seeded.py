"""A store mined from the bundled seeds, built once per test session and copied for each module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEEDS

from glossary.decisions import Decision

# An editor's work on the seeded glossary: a status, a rejected and an added rendering, a note that
# is not a single line (and starts like a formula), a term the miner does not know, a rejected term.
EDITS = (
    Decision("清朗", status="approved", rejected=("clear and clear",),
             note="campaign name\tkeep the quotes\nsee seed 000", updated="2026-11-20T10:00:00+00:00"),
    Decision("一张网", preferred="single network", status="needs review", updated="2026-11-21T10:00:00+00:00"),
    Decision("数字丝绸之路", preferred="Digital Silk Road", status="approved", note="=not a formula",
             updated="2026-11-21T11:00:00+00:00"),
    Decision("管理领导", status="rejected", note="not a term: a fragment of 互联网管理领导体制"),
)


def seeded_store(tmp_path_factory: pytest.TempPathFactory, *, edited: bool = True) -> Path:
    """Path of a fresh copy of the seeded store (ingest, mine, term base, and the EDITS unless not
    `edited`); the first call of a session builds it."""
    from glossary import decisions
    from glossary.mine import mine_and_save
    from tm.ingest import ingest
    from tm.store import Store

    built = tmp_path_factory.getbasetemp() / "seeded" / "gloss.sqlite"
    if not built.exists():
        # Built under another name and renamed, so that a failed build is not taken for a good one.
        building = built.with_name("building.sqlite")
        building.parent.mkdir(exist_ok=True)
        building.unlink(missing_ok=True)
        with Store.open(building) as store:
            ingest(store, [SEEDS])
            mine_and_save(store)
        building.rename(built)
    copy = tmp_path_factory.mktemp("store") / "gloss.sqlite"
    shutil.copyfile(built, copy)
    if edited:
        with Store.open(copy) as store:
            decisions.save(store, EDITS)
    return copy


def glossary_of(db: Path) -> list:
    """The store's glossary as exports see it: GlossaryTerms, mined terms first."""
    from glossary import decisions, termbase
    from tm.store import Store

    with Store.open(db, create=False) as store:
        return list(decisions.glossary(store, termbase.entries(store)))


def edit_workbook(source, target, changes: dict[str, dict[str, str]], new_rows=()):
    """Save a copy of workbook `source` with Glossary cells changed (term → {header: value}) and rows added."""
    import openpyxl

    from glossary import xlsx

    wb = openpyxl.load_workbook(source)
    ws = wb[xlsx.GLOSSARY]
    columns = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for term, cells in changes.items():
        for header, value in cells.items():
            ws.cell(rows[term], columns[header], value)
    for cells in new_rows:
        ws.append([cells.get(h, "") for h in columns])
    wb.save(target)
    return str(target)
