"""Commands killed (SIGKILL) at their most delicate moment — a mine or an import inside its write
transaction, an export with its file written but not yet in place — and two writers at once: the
store passes its integrity check and holds its last committed state, no file under the final name
is half-written, the next run leaves no temporary file and gives what an uninterrupted run gives."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import DATA, REPO
from seeded import edit_workbook, seeded_store

from glossary import exports, xlsx
from tm.store import Store

ENV = {**os.environ, "PYTHONPATH": str(REPO)}

# Runs `gloss ARGS…` with one function wrapped: once it has done its work (or, `before`, just
# before it would) the child says so and waits to be killed, so the kill lands exactly there:
# inside a transaction, before a rename; or, `hold`, waits two seconds and goes on, so that
# another command starts while this one is inside its transaction.
_PAUSED = """
import importlib, sys, time
module, attribute = sys.argv[1].split(":")
when = sys.argv[2]
owner = importlib.import_module(module)
*path, name = attribute.split(".")
for step in path:
    owner = getattr(owner, step)
real = getattr(owner, name)
def pause():
    print("paused", flush=True)
    time.sleep(2 if when == "hold" else 600)
def paused(*args, **kwargs):
    if when == "before":
        pause()
    result = real(*args, **kwargs)
    pause()
    return result
setattr(owner, name, paused)
import cli
sys.argv = ["gloss", *sys.argv[3:]]
cli.main()
"""


def _run(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "cli", *args], cwd=REPO, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done


def _kill_when_paused(wrapped: str, *args: str, before: bool = False) -> None:
    child = subprocess.Popen([sys.executable, "-c", _PAUSED, wrapped, "before" if before else "after", *args], cwd=REPO, env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said = child.stdout.readline().strip()
    if said != "paused":
        child.kill()
        pytest.fail(f"the child never reached {wrapped}: {child.stderr.read()}")
    child.send_signal(signal.SIGKILL)
    child.wait()


def _state(db: Path) -> tuple:
    """What a command can change in a store, without the times it was done at; checks integrity first."""
    with Store.open(db, read_only=True) as store:
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        pairs = conn.execute("SELECT COUNT(*) FROM alignments").fetchone()[0]
        terms = conn.execute("SELECT term, entry FROM terms ORDER BY term").fetchall()
        decided = [(term, {k: v for k, v in json.loads(data).items() if k not in ("updated", "source")})
                   for term, data in conn.execute("SELECT term, data FROM decisions ORDER BY term")]
    return pairs, [tuple(t) for t in terms], decided


@pytest.fixture
def grown(tmp_path_factory, tmp_path) -> Path:
    """The seeded, edited store with 300 WMT22 line pairs added since it was mined: mining changes it."""
    db = tmp_path / "gloss.sqlite"
    shutil.copyfile(seeded_store(tmp_path_factory), db)
    for lang, name in (("zh", "src.zh"), ("en", "ref.A.en")):
        lines = (DATA / "wmt22" / f"generaltest2022.zh-en.{name}").read_text(encoding="utf-8").splitlines()
        (tmp_path / f"news.{lang}.txt").write_text("\n".join(lines[:300]) + "\n", encoding="utf-8")
    _run("add", str(tmp_path / "news.zh.txt"), str(tmp_path / "news.en.txt"), "--db", str(db))
    return db


def _copies(db: Path, *names: str) -> list[Path]:
    copies = [db.with_name(name) for name in names]
    for copy in copies:
        shutil.copyfile(db, copy)
    return copies


def test_a_mine_killed_inside_its_transaction_changes_nothing_and_a_rerun_gives_the_full_result(grown):
    killed, whole = _copies(grown, "killed.sqlite", "whole.sqlite")
    before = _state(killed)
    _kill_when_paused("glossary.tables:GlossaryTables.replace_terms", "mine", "--db", str(killed))
    assert _state(killed) == before
    _run("mine", "--db", str(whole))
    _run("mine", "--db", str(killed))
    assert _state(killed) == _state(whole) != before


def _reviewed(db: Path, folder: Path) -> Path:
    """The store's workbook with an editor's changes: a preferred rendering, a status, a new term."""
    exported = folder / "review.xlsx"
    _run("export", "xlsx", "-o", str(exported), "--db", str(db))
    return Path(edit_workbook(exported, folder / "reviewed.xlsx", {
        "网络强国": {xlsx.PREFERRED_EN: "strong cyber nation", xlsx.STATUS: "approved"},
        "清朗": {xlsx.NOTE: "the campaign's name"}},
        new_rows=[{xlsx.ZH: "数据要素", xlsx.PREFERRED_EN: "data as a factor of production", xlsx.STATUS: "approved"}]))


def test_an_import_killed_inside_its_transaction_changes_nothing_and_a_rerun_applies_it(grown, tmp_path):
    reviewed = _reviewed(grown, tmp_path)
    killed, whole = _copies(grown, "killed.sqlite", "whole.sqlite")
    before = _state(killed)
    _kill_when_paused("glossary.tables:GlossaryTables.put_decisions", "import", "xlsx", str(reviewed),
                      "--db", str(killed))
    assert _state(killed) == before
    _run("import", "xlsx", str(reviewed), "--db", str(whole))
    _run("import", "xlsx", str(reviewed), "--db", str(killed))
    after = _state(killed)
    assert after == _state(whole) != before
    assert ("数据要素", {"term": "数据要素", "preferred": "data as a factor of production", "status": "approved"}) \
        in [(t, {k: v for k, v in d.items() if v}) for t, d in after[2]]


_DATES = re.compile(r"\d{4}-?\d{2}-?\d{2}(T\d{2}:?\d{2}:?\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?")


def _content(path: Path) -> object:
    """An export's content with the dates it was written on left out."""
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        return {ws.title: [[_DATES.sub("", str(v)) if v is not None else None for v in row]
                           for row in ws.iter_rows(values_only=True)] for ws in wb}
    return _DATES.sub("", path.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("fmt", exports.names())
def test_an_export_killed_before_its_file_is_in_place_leaves_the_earlier_file(grown, tmp_path, fmt):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / f"glossary.{fmt}"
    target.write_bytes(b"the earlier export")
    _kill_when_paused("os:replace", "export", fmt, "-o", str(target), "--db", str(grown), before=True)
    assert target.read_bytes() == b"the earlier export"
    [part] = folder.glob(f".{target.name}.*.part")
    uninterrupted = tmp_path / f"uninterrupted.{fmt}"
    _run("export", fmt, "-o", str(uninterrupted), "--db", str(grown))
    assert part.stat().st_size > 0 and _content(part.rename(folder / f"written.{fmt}")) == _content(uninterrupted)
    (folder / f"written.{fmt}").rename(part)  # as the killed run left it
    _run("export", fmt, "-o", str(target), "--db", str(grown))
    assert [p.name for p in folder.iterdir()] == [target.name]
    assert _content(target) == _content(uninterrupted)


@pytest.mark.parametrize("first", ["add", "mine"])
def test_an_import_while_another_command_writes_loses_nothing_of_either(grown, tmp_path, first):
    reviewed = _reviewed(grown, tmp_path)
    together, one_by_one = _copies(grown, "together.sqlite", "one_by_one.sqlite")
    news = [str(tmp_path / f"more.{lang}.txt") for lang in ("zh", "en")]
    for lang, name, path in zip(("zh", "en"), ("src.zh", "ref.A.en"), news):
        lines = (DATA / "wmt22" / f"generaltest2022.zh-en.{name}").read_text(encoding="utf-8").splitlines()
        Path(path).write_text("\n".join(lines[300:]) + "\n", encoding="utf-8")
    command = ["add", *news] if first == "add" else ["mine"]
    if first == "add":
        # The add holds its transaction for two seconds after its first document: the import
        # starts inside it and waits for it (a fast add was otherwise done before the import began).
        child = subprocess.Popen([sys.executable, "-c", _PAUSED, "tm.store:Store.add_document", "hold", *command,
                                  "--db", str(together)], cwd=REPO, env=ENV,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "paused", child.stderr.read()
    else:
        child = subprocess.Popen([sys.executable, "-m", "cli", *command, "--db", str(together)], cwd=REPO, env=ENV,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    imported = subprocess.run([sys.executable, "-m", "cli", "import", "xlsx", str(reviewed), "--db", str(together)],
                              cwd=REPO, env=ENV, capture_output=True, text=True)
    assert child.wait() == 0 and imported.returncode == 0, child.stderr.read() + imported.stderr
    _run(*command, "--db", str(one_by_one))
    _run("import", "xlsx", str(reviewed), "--db", str(one_by_one))
    assert _state(together) == _state(one_by_one) != _state(grown)
