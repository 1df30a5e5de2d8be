"""Two commands on one store: readers go on while a command writes, a second writer is told the
store is busy in one line, and nothing either of them did is lost."""

from __future__ import annotations

import sqlite3
import time

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
