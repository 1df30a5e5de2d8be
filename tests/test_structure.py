"""The house rules that keep each piece of work in one home: SQL in the store, logic out of the CLI."""

from __future__ import annotations

import ast
import re

from conftest import REPO

_SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE|PRAGMA)\b|\.execute(many)?\(|sqlite3")
STORE_MODULES = {REPO / "tm" / "store.py", REPO / "glossary" / "tables.py"}


def _sources():
    for folder in ("tm", "glossary", "bench"):
        yield from (REPO / folder).glob("*.py")
    yield REPO / "cli.py"


def test_sql_is_spoken_only_in_the_store():
    speaking = [str(p.relative_to(REPO)) for p in _sources() if p not in STORE_MODULES and _SQL.search(p.read_text())]
    assert speaking == []


def test_the_cli_only_parses_calls_and_prints():
    tree = ast.parse((REPO / "cli.py").read_text(encoding="utf-8"))
    functions = {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
    build = functions["build"]
    body_lines = build.body[-1].end_lineno - build.body[0].end_lineno  # after the docstring
    assert body_lines <= 15
    # The pipeline's steps are called through the library, never composed here.
    called = {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    assert not called & {"write", "save_csv", "export_pairs", "for_export", "replace_terms", "put_decisions"}
    assert "mine" not in {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
