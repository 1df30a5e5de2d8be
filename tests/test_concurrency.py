"""Two commands on one store, and one killed midway: readers go on while a command writes, a
second writer is told the store is busy in one line, nothing either of them did is lost, and a
killed command leaves the store as its last commit left it."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from conftest import PARALLEL_SEED, SEEDS

from tm import text
from tm.align import align_document
from tm.errors import GlossError
from tm.ingest import ingest
from tm.search import search
from tm.store import Store


def test_readers_go_on_and_a_second_writer_is_told_the_store_is_busy(tmp_path):
    path = tmp_path / "gloss.sqlite"
    with Store.open(path) as store:
        ingest(store, [PARALLEL_SEED])
        before = store.stats(0.5)
    chinese_only = next(text.read(next(SEEDS.glob("004_*.txt"))))
    with Store.open(path) as writer:
        assert writer.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with writer.transaction():
            writer.add_document(chinese_only.meta, chinese_only.content_hash, align_document(chinese_only))
            # A reader opened meanwhile sees the store as it was, without waiting
            started = time.perf_counter()
            with Store.open(path, create=False) as reader:
                assert reader.stats(0.5) == before
                assert search(reader, "网络强国")
            assert time.perf_counter() - started < 2
            # A second writer waits its time, then stops with one line and changes nothing
            with Store.open(path, busy_seconds=0.2) as other:
                with pytest.raises(GlossError, match="the store is busy: another gloss command is writing"):
                    with other.transaction():
                        pass
    with Store.open(path) as store:
        assert store.stats(0.5).documents == 2
        ingest(store, [SEEDS])  # the second writer goes on once the first is done
        assert store.stats(0.5).documents == 5


def test_a_busy_message_is_one_line_not_a_traceback(tmp_path):
    path = tmp_path / "gloss.sqlite"
    Store.open(path).close()
    hold = sqlite3.connect(path, isolation_level=None)
    hold.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(GlossError) as caught:
            with Store.open(path, busy_seconds=0.2) as store:
                with store.transaction():
                    pass
        assert "\n" not in str(caught.value) and "busy" in str(caught.value)
    finally:
        hold.execute("ROLLBACK")
        hold.close()


def _wmt22_documents(folder, copies: int) -> None:
    """`copies` line-pair documents of the WMT22 test set, each made distinct by its numbering."""
    from conftest import DATA

    zh = (DATA / "wmt22" / "generaltest2022.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    en = (DATA / "wmt22" / "generaltest2022.zh-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    folder.mkdir()
    for k in range(copies):
        (folder / f"doc{k:02d}.zh.txt").write_text("\n".join(f"{k}.{z}" for z in zh), encoding="utf-8")
        (folder / f"doc{k:02d}.en.txt").write_text("\n".join(f"{k}. {e}" for e in en), encoding="utf-8")


def _pairs(path) -> list[tuple[str, str]]:
    with Store.open(path, create=False) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [(p.zh, p.en) for p in store.export_pairs()]


def test_an_add_killed_midway_leaves_the_last_committed_store_and_a_rerun_gives_the_full_result(tmp_path):
    import os
    import shutil
    import signal
    import subprocess
    import sys

    from conftest import REPO

    corpus = tmp_path / "corpus"
    _wmt22_documents(corpus, 6)
    base = tmp_path / "base.sqlite"
    with Store.open(base) as store:
        ingest(store, [PARALLEL_SEED])
    committed = _pairs(base)
    killed, whole = tmp_path / "killed.sqlite", tmp_path / "whole.sqlite"
    shutil.copyfile(base, killed)
    shutil.copyfile(base, whole)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-m", "cli", "add", str(corpus), "--db", str(killed)], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = killed.with_name(killed.name + "-wal")
    deadline = time.monotonic() + 60
    while not (wal.exists() and wal.stat().st_size > 1 << 20) and time.monotonic() < deadline:
        time.sleep(0.02)  # until the command is well into writing its pairs
    assert child.poll() is None, "the add ended before it could be killed: give it more documents"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert _pairs(killed) == committed  # nothing of the killed command, nothing lost before it
    for path in (killed, whole):
        done = subprocess.run([sys.executable, "-m", "cli", "add", str(corpus), "--db", str(path)], cwd=REPO, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert _pairs(killed) == _pairs(whole) and len(_pairs(whole)) > len(committed) + 10_000


def _without_privileges():
    """For a child that cannot write a read-only file: root writes through any permission, unless
    its capabilities are dropped (the bounding set, before the child's exec)."""
    import ctypes
    import os

    if os.geteuid() != 0:
        return None

    def drop() -> None:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
        for capability in range(64):
            prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP; past the last capability it fails, harmlessly
    return drop


def test_readers_never_write_and_read_a_store_they_may_not_change(tmp_path_factory, tmp_path):
    import os
    import shutil
    import stat
    import subprocess
    import sys

    from conftest import REPO
    from seeded import seeded_store

    source = seeded_store(tmp_path_factory)
    before = source.read_bytes()
    with Store.open(source, read_only=True) as store:  # a writable store: opened to read, left byte for byte
        assert search(store, "网络强国") and store.stats(0.5).documents == 5
    wal = source.with_name(source.name + "-wal")
    assert source.read_bytes() == before and (not wal.exists() or wal.stat().st_size == 0)

    folder, out = tmp_path / "store", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    db = folder / "gloss.sqlite"
    shutil.copyfile(source, db)
    os.chmod(db, 0o444)
    os.chmod(folder, 0o555)  # not even its -wal and -shm can be made
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}

    def gloss(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cli", *args, "--db", str(db)], cwd=out, env=env,
                              capture_output=True, text=True, preexec_fn=_without_privileges())

    probe = subprocess.run([sys.executable, "-c", f"open({str(db)!r}, 'ab')"], preexec_fn=_without_privileges(),
                           capture_output=True)
    if probe.returncode == 0:
        os.chmod(folder, stat.S_IRWXU)
        pytest.skip("this machine lets the tests' child write a read-only file (root's capabilities cannot be dropped)")
    try:
        lookup = gloss("lookup", "网络强国")
        assert lookup.returncode == 0 and "cyber power" in lookup.stdout, lookup.stderr
        assert gloss("rank", "-n", "5").returncode == 0
        assert "网络强国" in gloss("tm", "search", "建设网络强国").stdout
        exported = gloss("export", "tbx", "-o", str(out / "glossary.tbx"))
        assert exported.returncode == 0 and "<term>清朗</term>" in (out / "glossary.tbx").read_text(encoding="utf-8")
        refused = gloss("import", "tbx", str(out / "glossary.tbx"))  # a writer is told in one line
        assert refused.returncode == 2 and len(refused.stderr.splitlines()) == 1, refused.stderr
        assert refused.stderr.startswith(f"gloss: error: {db}: the store cannot be written here (read-only")
        assert db.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["gloss.sqlite"]

        # A writer killed with its last commit still in the write-ahead log: the reader sees
        # that commit, or says why it cannot, but never reads the file alone as if it were all.
        os.chmod(folder, stat.S_IRWXU)
        db.unlink()
        writer = sqlite3.connect(source, isolation_level=None)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE decisions SET data = json_set(data, '$.note', 'only in the log') WHERE term = '清朗'")
        for name in ("gloss.sqlite", "gloss.sqlite-wal"):
            shutil.copyfile(source.with_name(source.name + name[len("gloss.sqlite"):]), folder / name)
        writer.close()
        os.chmod(folder, 0o555)
        pending = gloss("lookup", "清朗")
        assert (pending.returncode == 0 and "only in the log" in pending.stdout) or (
            pending.returncode == 2 and "the store's last writes are still in gloss.sqlite-wal" in pending.stderr), pending
    finally:
        os.chmod(folder, stat.S_IRWXU)


def test_a_reader_never_takes_a_half_written_or_foreign_file_for_the_store(tmp_path):
    import os
    import shutil
    import stat
    import subprocess
    import sys

    from conftest import DATA, REPO

    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}

    def reader(db: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cli", *args, "--db", str(db)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, preexec_fn=_without_privileges())

    # Another program's database, or an empty file: not written to, not taken for a store.
    foreign = tmp_path / "other.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE notes (text)").connection.commit()
    before = foreign.read_bytes()
    refused = reader(foreign, "lookup", "网络强国")
    assert refused.returncode == 2 and "not a gloss store (an empty file or another program's database)" in refused.stderr
    assert foreign.read_bytes() == before
    with pytest.raises(GlossError, match="not a gloss store"):  # nor by a command that writes
        Store.open(foreign)
    assert foreign.read_bytes() == before

    # A store of release 0.1.0 (rollback journal) on read-only media: not upgradable there, said so.
    folder = tmp_path / "media"
    folder.mkdir()
    old = folder / "gloss.sqlite"
    shutil.copyfile(DATA / "stores" / "release-0.1.0.sqlite", old)
    os.chmod(folder, 0o555)
    try:
        probe = subprocess.run([sys.executable, "-c", f"open({str(folder / 'x')!r}, 'w')"],
                               preexec_fn=_without_privileges(), capture_output=True)
        if probe.returncode == 0:
            pytest.skip("this machine lets the tests' child write a read-only folder")
        older = reader(old, "lookup", "河长制")
        assert older.returncode == 2 and older.stderr.endswith(
            "the store was written by an older gloss (schema 2) and cannot be upgraded here: open it once where it "
            "can be written\n"), older.stderr
        # A writer killed midway left its rollback journal: the file alone is half-written.
        os.chmod(folder, stat.S_IRWXU)
        (folder / "gloss.sqlite-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(504))
        os.chmod(folder, 0o555)
        hot = reader(old, "tm", "search", "河长制")
        assert hot.returncode == 2 and hot.stderr.endswith(
            "the store's last writes are still in gloss.sqlite-journal and its folder cannot be written; open it "
            "once where it can be (any gloss command will do)\n"), hot.stderr
        assert "河长制" not in hot.stdout
    finally:
        os.chmod(folder, stat.S_IRWXU)
