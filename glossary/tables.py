"""The glossary's tables in the store: mined terms (derived data, which `gloss mine` replaces) and
editors' decisions (the users' work, which nothing but an import changes). With `tm.store`, the
only module that speaks SQL."""

from __future__ import annotations

from typing import Iterable

from tm.store import Store, statements

_SCHEMA = """
-- Mined terms are derived data: `gloss mine` replaces them all. Editors' decisions live elsewhere.
CREATE TABLE IF NOT EXISTS terms (
    id INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE,
    pinyin_key TEXT NOT NULL,
    score REAL NOT NULL,
    frequency INTEGER NOT NULL,
    entry TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS terms_pinyin ON terms(pinyin_key);
CREATE TABLE IF NOT EXISTS term_renderings (
    term INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS term_renderings_key ON term_renderings(key);
-- Editors' decisions: the users' work, never touched by mining.
CREATE TABLE IF NOT EXISTS decisions (
    term TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


class GlossaryTables:
    """The glossary's rows of one store, created on first use in an older store."""

    def __init__(self, store: Store) -> None:
        self.conn = store.conn
        if "glossary" in store.prepared:  # a look-up makes one of these for every term it shows
            return
        lasting = not self.conn.in_transaction  # tables made in a transaction are gone if it rolls back
        if store.read_only and not store.has_table("decisions"):
            # A store never mined, opened only to read: empty stand-ins, so readers see no terms.
            for statement in statements(_SCHEMA):
                if "CREATE TABLE" in statement:
                    self.conn.execute(statement.replace("CREATE TABLE", "CREATE TEMP TABLE"))
        else:
            for statement in statements(_SCHEMA):
                self.conn.execute(statement)
        if lasting:
            store.prepared.add("glossary")

    def replace_terms(self, rows: Iterable[tuple[str, str, float, int, str, list[tuple[str, int]]]]) -> int:
        """Replace every mined term: (term, pinyin key, score, frequency, entry JSON, [(rendering key, count)])."""
        self.conn.execute("DELETE FROM term_renderings")
        self.conn.execute("DELETE FROM terms")
        n = 0
        for term, pinyin_key, score, frequency, entry, renderings in rows:
            cur = self.conn.execute(
                "INSERT INTO terms (term, pinyin_key, score, frequency, entry) VALUES (?,?,?,?,?)",
                (term, pinyin_key, score, frequency, entry))
            self.conn.executemany("INSERT INTO term_renderings VALUES (?,?,?)",
                                  [(cur.lastrowid, key, count) for key, count in renderings])
            n += 1
        return n

    def term_entry(self, term: str) -> str | None:
        row = self.conn.execute("SELECT entry FROM terms WHERE term = ?", (term,)).fetchone()
        return row[0] if row else None

    def terms_by_pinyin(self, pinyin_key: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT entry FROM terms WHERE pinyin_key = ? ORDER BY frequency DESC", (pinyin_key,))]

    def terms_by_rendering(self, key: str) -> list[str]:
        """Entries of the terms rendered by `key`, the one that uses it most first."""
        return [r[0] for r in self.conn.execute(
            "SELECT t.entry FROM term_renderings r JOIN terms t ON t.id = r.term WHERE r.key = ?"
            " GROUP BY t.id ORDER BY SUM(r.count) DESC, t.frequency DESC", (key,))]

    def ranked_terms(self, limit: int | None = None) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT entry FROM terms ORDER BY score DESC, frequency DESC, term LIMIT ?", (limit or -1,))]

    def term_names(self) -> list[str]:
        """Every term, mined or decided about, once."""
        return [r[0] for r in self.conn.execute("SELECT term FROM terms UNION SELECT term FROM decisions")]

    def lookup_keys(self) -> tuple[list[str], list[str], list[str]]:
        """All terms, pinyin keys and rendering keys, for suggesting near matches."""
        q = self.conn.execute
        return ([r[0] for r in q("SELECT term FROM terms")], [r[0] for r in q("SELECT pinyin_key FROM terms")],
                [r[0] for r in q("SELECT DISTINCT key FROM term_renderings")])

    def decisions(self) -> list[tuple[str, str]]:
        """(term, decision JSON) of every decision."""
        return [(r["term"], r["data"]) for r in self.conn.execute("SELECT term, data FROM decisions ORDER BY term")]

    def decision(self, term: str) -> str | None:
        """The decision JSON of one term, if an editor decided about it."""
        row = self.conn.execute("SELECT data FROM decisions WHERE term = ?", (term,)).fetchone()
        return row[0] if row else None

    def put_decisions(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Insert or replace decisions: (term, decision JSON, updated at)."""
        self.conn.executemany(
            "INSERT INTO decisions (term, data, updated_at) VALUES (?,?,?)"
            " ON CONFLICT(term) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at", rows)
