"""Shared fixtures: the bundled seeds, the schemas and other tools' files in tests/data, a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DATA = REPO / "tests" / "data"
PARALLEL_SEED = SEEDS / "000_21c35ee7c56a5279.txt"


@pytest.fixture
def store(tmp_path):
    from tm.store import Store

    with Store.open(tmp_path / "gloss.sqlite") as s:
        yield s


def data_path(*parts: str) -> Path:
    """A file the tests ship: tests/data/schemas (TMX and TBX schemas), tests/data/samples (files
    written by other tools), with their sources in SOURCES.md."""
    path = DATA.joinpath(*parts)
    assert path.exists(), f"{path} is missing from the checkout"
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A store of the seeds, mined, with a few editor decisions (see seeded.py)."""
    from seeded import seeded_store

    return seeded_store(tmp_path_factory)


@pytest.fixture(scope="module")
def terms(db):
    """The glossary of that store, as exports see it."""
    from seeded import glossary_of

    return glossary_of(db)
