"""A store made by an earlier release opens, reads and takes new work in the current one."""

from __future__ import annotations

import shutil

from conftest import DATA

from glossary import decisions, termbase
from tm.search import search
from tm.store import SCHEMA_VERSION, Store


def test_a_store_of_release_0_1_0_opens_with_its_decisions(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copyfile(DATA / "stores" / "release-0.1.0.sqlite", path)
    with Store.open(path, create=False) as store:
        assert store.stats(0.5).documents == 3 and store.stats(0.5).pairs == 11
        view = termbase.lookup(store, "河长制").view
        assert (view.preferred, view.status, view.decision.source) == ("river chief system", "approved", "review.xlsx")
        assert {t.term for t in decisions.ranked(store)} >= {"河长制"}
        # Its pairs' text now comes from their sentences, and its search index was rebuilt
        assert [m.pair.zh[:7] for m in search(store, "河长制")] == ["全面推行河长制", "我们坚持河长制"]
        assert [m.pair.id for m in search(store, "river chief")] == [1, 2, 8]
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        decisions.save(store, [decisions.Decision("生态补偿", status="needs review")])
    with Store.open(path, create=False) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert decisions.of_term(store, "生态补偿").status == "needs review"
