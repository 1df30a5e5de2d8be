"""The SQLite store: documents, sentences, alignments. The only module that speaks SQL."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from tm.errors import GlossError
from tm.records import Bead, DocumentMeta, ExportPair

SCHEMA_VERSION = 2
_BATCH = 2000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    layout TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_doc_id ON documents(doc_id);
CREATE TABLE IF NOT EXISTS segments (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    para INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    ref TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    norm TEXT NOT NULL  -- a Chinese sentence's matching form, which mining reads; '' for English
);
CREATE INDEX IF NOT EXISTS segments_document ON segments(document, lang, seq);
CREATE TABLE IF NOT EXISTS alignments (
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    zh_first INTEGER NOT NULL,
    zh_last INTEGER NOT NULL,
    en_first INTEGER NOT NULL,
    en_last INTEGER NOT NULL,
    zh TEXT NOT NULL,
    en TEXT NOT NULL,
    zh_norm TEXT NOT NULL,
    en_norm TEXT NOT NULL,
    score REAL NOT NULL,
    method TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alignments_document ON alignments(document);
-- Word links of the aligned pairs, derived: `gloss mine` aligns anew once pairs lack them.
CREATE TABLE IF NOT EXISTS word_alignments (
    alignment INTEGER PRIMARY KEY REFERENCES alignments(id) ON DELETE CASCADE,
    data TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS alignments_fts USING fts5(
    zh_norm, en_norm, content='alignments', content_rowid='id', tokenize='trigram case_sensitive 0'
);
-- The trigrams the index holds, for a two-character query: "网信" is in a pair as a trigram
-- "网信X", or at the very end of a side, which these indexes of the last two characters find.
CREATE VIRTUAL TABLE IF NOT EXISTS alignments_vocab USING fts5vocab(alignments_fts, 'row');
CREATE INDEX IF NOT EXISTS alignments_zh_tail ON alignments(substr(zh_norm, -2));
CREATE INDEX IF NOT EXISTS alignments_en_tail ON alignments(lower(substr(en_norm, -2)));
"""


@dataclass(frozen=True)
class StoredDocument:
    meta: DocumentMeta
    content_hash: str
    added_at: str
    segments: int
    pairs: int


@dataclass(frozen=True)
class StoredPair:
    """An aligned pair as stored, with where it came from."""

    id: int
    zh: str
    en: str
    zh_norm: str
    en_norm: str
    score: float
    method: str
    doc_id: str
    publisher: str
    date: str
    title: str
    ref: str


@dataclass(frozen=True)
class AlignedPairRow:
    id: int
    zh_norm: str
    en: str
    zh: str
    zh_first: int
    zh_last: int
    doc_id: str
    publisher: str
    date: str


@dataclass(frozen=True)
class Stats:
    documents: int
    zh_segments: int
    en_segments: int
    pairs: int
    flagged: int
    by_layout: dict[str, int]
    by_format: dict[str, int]


# Aligned pairs with their document's metadata, in order; with or without their word links.
_ALIGNED_PAIRS = ("SELECT a.id, a.zh_norm, a.en, a.zh, a.zh_first, a.zh_last, d.doc_id, d.publisher, d.date{links}"
                  " FROM alignments a JOIN documents d ON d.id = a.document{join} ORDER BY a.id")


def _batches(rows: Iterable[tuple], size: int = _BATCH) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _fts_query(strings: Iterable[str], operator: str) -> str:
    """An FTS5 query of literal strings (each a phrase of the trigram index) joined by `operator`."""
    return operator.join('"' + s.replace('"', '""') + '"' for s in strings)


def _record(cls: type, row: sqlite3.Row):
    """A dataclass from the row's columns of the same names (columns it has no field for are left out)."""
    names = cls.__dataclass_fields__
    return cls(**{k: row[k] for k in row.keys() if k in names})


def default_path() -> Path:
    import os

    return Path(os.environ.get("GLOSS_DB") or "gloss.sqlite")


class Store:
    """A gloss database file; open with `Store.open(path)`, use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None, create: bool = True) -> "Store":
        path = Path(path) if path else default_path()
        if not create and not path.exists():
            raise GlossError("no gloss store here; run `gloss add` or `gloss build` first", path)
        try:
            conn = sqlite3.connect(path, isolation_level=None)
            conn.row_factory = sqlite3.Row  # rows are read by column name
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise GlossError(f"store was written by a newer gloss (schema {version})", path)
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise GlossError(f"not a gloss store: {exc}", path) from None
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One command's writes: all of them land, or none."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            last = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM alignments").fetchone()[0]
            yield
            # The search index is filled once for the whole command: per-file savepoints made
            # it write itself out once per document, and rows of files rolled back are gone.
            self.conn.execute("INSERT INTO alignments_fts (rowid, zh_norm, en_norm)"
                              " SELECT id, zh_norm, en_norm FROM alignments WHERE id > ?", (last,))
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """One file's writes inside the command's transaction, undone alone if the file fails."""
        self.conn.execute("SAVEPOINT file")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK TO file")
            self.conn.execute("RELEASE file")
            raise
        self.conn.execute("RELEASE file")

    def has_document(self, content_hash: str) -> str | None:
        row = self.conn.execute(
            "SELECT doc_id FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def add_document(self, meta: DocumentMeta, content_hash: str, beads: Iterable[Bead]) -> StoredDocument:
        """Insert a document and its beads, streaming them in batches."""
        added_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        cur = self.conn.execute(
            "INSERT INTO documents (doc_id, content_hash, source, format, title, publisher, date, url, layout, added_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (meta.doc_id, content_hash, meta.source, meta.format, meta.title, meta.publisher,
             meta.date, meta.url, meta.layout, added_at))
        document = cur.lastrowid
        # Ids are given here, so that a pair can name its segments before they are written.
        next_segment = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM segments").fetchone()[0] + 1
        next_pair = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM alignments").fetchone()[0] + 1
        segments: list[tuple] = []
        pairs: list[tuple] = []
        n_segments = n_pairs = 0
        for bead in beads:
            zh_first = next_segment
            for s in (*bead.zh, *bead.en):
                # English is matched through its pair's en_norm: its own would only double its text
                segments.append((next_segment, document, s.lang, s.para, s.seq, s.ref, s.text,
                                 s.norm if s.lang == "zh" else ""))
                next_segment += 1
            if bead.zh and bead.en:
                en_first = zh_first + len(bead.zh)
                pairs.append((next_pair, document, zh_first, en_first - 1, en_first, next_segment - 1, bead.zh_text,
                              bead.en_text, "".join(s.norm for s in bead.zh), " ".join(s.norm for s in bead.en),
                              bead.score, bead.method))
                next_pair += 1
            if len(segments) >= _BATCH:
                n_segments += self._flush(segments, pairs)
                n_pairs += len(pairs)
                segments, pairs = [], []
        n_segments += self._flush(segments, pairs)
        n_pairs += len(pairs)
        return StoredDocument(meta, content_hash, added_at, n_segments, n_pairs)

    def _flush(self, segments: list[tuple], pairs: list[tuple]) -> int:
        self.conn.executemany("INSERT INTO segments VALUES (?,?,?,?,?,?,?,?)", segments)
        if pairs:
            self.conn.executemany(
                "INSERT INTO alignments (id, document, zh_first, zh_last, en_first, en_last, zh, en,"
                " zh_norm, en_norm, score, method) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", pairs)
        return len(segments)

    def export_pairs(self, min_score: float = 0.0) -> Iterator[ExportPair]:
        """Aligned pairs at or above `min_score`, in document and reading order, streamed."""
        cur = self.conn.execute(
            "SELECT a.zh, a.en, d.doc_id AS document, d.publisher, d.date, a.score, d.added_at AS created"
            " FROM alignments a JOIN documents d ON d.id = a.document"
            " WHERE a.score >= ? ORDER BY a.id", (min_score,))
        for row in cur:
            yield _record(ExportPair, row)

    def documents(self) -> list[StoredDocument]:
        rows = self.conn.execute(
            "SELECT d.doc_id, d.source, d.format, d.title, d.publisher, d.date, d.url, d.layout,"
            " d.content_hash, d.added_at,"
            " (SELECT COUNT(*) FROM segments s WHERE s.document = d.id) AS segments,"
            " (SELECT COUNT(*) FROM alignments a WHERE a.document = d.id) AS pairs"
            " FROM documents d ORDER BY d.id").fetchall()
        return [StoredDocument(_record(DocumentMeta, r), r["content_hash"], r["added_at"], r["segments"], r["pairs"])
                for r in rows]

    def flagged_by_document(self, below: float) -> dict[str, int]:
        """Number of pairs scoring under `below`, per document id."""
        return dict(self.conn.execute(
            "SELECT d.doc_id, COUNT(*) FROM alignments a JOIN documents d ON d.id = a.document"
            " WHERE a.score < ? GROUP BY d.doc_id", (below,)).fetchall())

    def stats(self, flag_below: float) -> Stats:
        q = self.conn.execute
        by_lang = dict(q("SELECT lang, COUNT(*) FROM segments GROUP BY lang").fetchall())
        return Stats(
            documents=q("SELECT COUNT(*) FROM documents").fetchone()[0],
            zh_segments=by_lang.get("zh", 0),
            en_segments=by_lang.get("en", 0),
            pairs=q("SELECT COUNT(*) FROM alignments").fetchone()[0],
            flagged=q("SELECT COUNT(*) FROM alignments WHERE score < ?", (flag_below,)).fetchone()[0],
            by_layout=dict(q("SELECT layout, COUNT(*) FROM documents GROUP BY layout").fetchall()),
            by_format=dict(q("SELECT format, COUNT(*) FROM documents GROUP BY format").fetchall()),
        )

    _PAIR_COLUMNS = (
        "a.id, a.zh, a.en, a.zh_norm, a.en_norm, a.score, a.method, d.doc_id, d.publisher, d.date,"
        " d.title, (SELECT ref FROM segments WHERE id = a.zh_first) AS ref")

    def pairs_matching(self, needle: str, limit: int, narrow: Sequence[str] = ()) -> list[StoredPair]:
        """Pairs whose normalised zh or en contains `needle` (case-insensitive). `narrow`: parts of
        the needle (words, trigrams) few pairs hold all of: the search looks only at those pairs,
        where a phrase query would read the posting list of every trigram of the needle."""
        if narrow:
            sql = (f"SELECT {self._PAIR_COLUMNS} FROM alignments a JOIN documents d ON d.id = a.document"
                   " WHERE a.id IN (SELECT rowid FROM alignments_fts WHERE alignments_fts MATCH ?)"
                   " AND (instr(a.zh_norm, ?) OR instr(lower(a.en_norm), lower(?))) ORDER BY a.id LIMIT ?")
            args: tuple = (_fts_query(narrow, " AND "), needle, needle, limit)
        elif len(needle) >= 3:
            sql = (f"SELECT {self._PAIR_COLUMNS} FROM alignments_fts f JOIN alignments a ON a.id = f.rowid"
                   " JOIN documents d ON d.id = a.document WHERE alignments_fts MATCH ? ORDER BY a.id LIMIT ?")
            args = ('"' + needle.replace('"', '""') + '"', limit)
        elif len(needle) == 2:
            return self._pairs_holding_two(needle, limit)
        else:  # one character: the index cannot help
            sql = (f"SELECT {self._PAIR_COLUMNS} FROM alignments a JOIN documents d ON d.id = a.document"
                   " WHERE instr(a.zh_norm, ?) OR instr(lower(a.en_norm), lower(?)) ORDER BY a.id LIMIT ?")
            args = (needle, needle, limit)
        return [_record(StoredPair, row) for row in self.conn.execute(sql, args)]

    def _pairs_holding_two(self, needle: str, limit: int) -> list[StoredPair]:
        """Pairs holding a two-character needle: those holding a trigram it begins (the index's
        vocabulary lists them), and those whose zh or en ends with it."""
        folded = needle.lower()
        grams = [r[0] for r in self.conn.execute(
            "SELECT term FROM alignments_vocab WHERE term >= ? AND term < ?", (folded, folded + "\U0010ffff"))]
        parts, args = [], []
        if grams:
            parts.append("SELECT rowid FROM alignments_fts WHERE alignments_fts MATCH ?")
            args.append(_fts_query(grams, " OR "))
        parts += ["SELECT id FROM alignments WHERE substr(zh_norm, -2) = ?",
                  "SELECT id FROM alignments WHERE lower(substr(en_norm, -2)) = ?"]
        args += [needle, folded]
        sql = (f"SELECT {self._PAIR_COLUMNS} FROM alignments a JOIN documents d ON d.id = a.document"
               f" WHERE a.id IN ({' UNION '.join(parts)}) ORDER BY a.id LIMIT ?")
        return [_record(StoredPair, row) for row in self.conn.execute(sql, (*args, limit))]

    def pairs_by_ids(self, ids: Iterable[int]) -> list[StoredPair]:
        ids = list(ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT {self._PAIR_COLUMNS} FROM alignments a JOIN documents d ON d.id = a.document"
            f" WHERE a.id IN ({marks})", ids).fetchall()
        order = {i: k for k, i in enumerate(ids)}
        return sorted((_record(StoredPair, r) for r in rows), key=lambda p: order[p.id])

    def gram_frequencies(self, grams: Iterable[str], cap: int) -> dict[str, int]:
        """How many pairs hold each of `grams` (trigrams, words), counted up to `cap` (reading a
        common trigram's whole posting list would cost more than the search it helps)."""
        # One statement a probe: joining them in one SELECT measured no faster (each is its own
        # index read) and would need chunking past SQLite's 2,000 columns.
        return {g: self.conn.execute(
            "SELECT count(*) FROM (SELECT rowid FROM alignments_fts WHERE alignments_fts MATCH ? LIMIT ?)",
            (_fts_query([g], ""), cap)).fetchone()[0] for g in grams}

    def fuzzy_candidates(self, grams: list[str], every: bool = False, *, limit: int) -> list[tuple[int, str, str]]:
        """(id, zh_norm, en_norm) of pairs holding any of `grams` (words, trigrams), best-ranked
        first; with `every`, the first `limit` pairs holding all of them, unranked: ranking every
        pair that holds four common words costs more than scoring a few hundred of them."""
        if not grams:
            return []
        order = "" if every else " ORDER BY f.rank"
        return self.conn.execute(
            "SELECT a.id, a.zh_norm, a.en_norm FROM alignments_fts f JOIN alignments a ON a.id = f.rowid"
            f" WHERE alignments_fts MATCH ?{order} LIMIT ?",
            (_fts_query(grams, " AND " if every else " OR "), limit)).fetchall()

    # --- reading the corpus for mining -------------------------------------------------

    def zh_sentences(self) -> Iterator[tuple[int, str]]:
        """(segment id, normalised text) of every Chinese sentence, streamed."""
        yield from self.conn.execute("SELECT id, norm FROM segments WHERE lang = 'zh' ORDER BY id")

    def aligned_pairs(self) -> Iterator[AlignedPairRow]:
        """Every aligned pair with its Chinese segment span and its document's metadata."""
        for row in self.conn.execute(_ALIGNED_PAIRS.format(links="", join="")):
            yield _record(AlignedPairRow, row)

    def pair_count(self) -> tuple[int, int]:
        """Aligned pairs, and how many of them have no word links yet."""
        return self.conn.execute(
            "SELECT COUNT(*), COUNT(*) - COUNT(w.alignment) FROM alignments a"
            " LEFT JOIN word_alignments w ON w.alignment = a.id").fetchone()

    def replace_word_alignments(self, rows: Iterable[tuple[int, str]]) -> int:
        """Word links for every pair, replacing those stored (one transaction)."""
        n = 0
        with self.transaction():
            self.conn.execute("DELETE FROM word_alignments")
            for batch in _batches(rows):
                self.conn.executemany("INSERT INTO word_alignments (alignment, data) VALUES (?, ?)", batch)
                n += len(batch)
        return n

    def word_aligned_pairs(self) -> Iterator[tuple[AlignedPairRow, str | None]]:
        """Every aligned pair (as `aligned_pairs`) with its stored word links, if any."""
        cur = self.conn.execute(_ALIGNED_PAIRS.format(
            links=", w.data", join=" LEFT JOIN word_alignments w ON w.alignment = a.id"))
        for row in cur:
            yield _record(AlignedPairRow, row), row["data"]

    def unpaired_english(self) -> Iterator[tuple[int, str, str, str, str]]:
        """(segment id, text, doc id, publisher, date) of English sentences in documents with no Chinese."""
        yield from self.conn.execute(
            "SELECT s.id, s.text, d.doc_id, d.publisher, d.date FROM segments s JOIN documents d ON d.id = s.document"
            " WHERE s.lang = 'en' AND NOT EXISTS (SELECT 1 FROM segments z WHERE z.document = s.document AND z.lang = 'zh')"
            " ORDER BY s.id")

