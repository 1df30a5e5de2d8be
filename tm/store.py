"""The SQLite store: documents, sentences, alignments. The only module that speaks SQL."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import operator
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple, Sequence

from tm.errors import GlossError
from tm.lang import fold, word_pair, words

if TYPE_CHECKING:  # the records load with the commands that add or export, not with a look-up
    from tm.records import Bead, DocumentMeta, ExportPair

SCHEMA_VERSION = 3
_BATCH = 2000
BUSY_SECONDS = 10.0  # how long a write waits for another command's to end

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
    -- A Chinese sentence's matching form where it is more than its text folded (Traditional made
    -- Simplified); '' for the rest, and for English, whose matching forms are folded when read.
    norm TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS segments_document ON segments(document, lang, seq);
CREATE TABLE IF NOT EXISTS alignments (  -- a pair's text is its segments': zh_first..zh_last, en_first..en_last
    id INTEGER PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    zh_first INTEGER NOT NULL,
    zh_last INTEGER NOT NULL,
    en_first INTEGER NOT NULL,
    en_last INTEGER NOT NULL,
    zh_length INTEGER NOT NULL,  -- characters of each side's matching form: fuzzy search's length filter
    en_length INTEGER NOT NULL,
    score REAL NOT NULL,
    method TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alignments_document ON alignments(document);
-- Word links of the aligned pairs, derived: `gloss mine` aligns anew once pairs lack them.
CREATE TABLE IF NOT EXISTS word_alignments (
    alignment INTEGER PRIMARY KEY REFERENCES alignments(id) ON DELETE CASCADE,
    data TEXT NOT NULL
);
-- The search indexes hold which pairs have a trigram (Chinese) or a word or two adjacent words
-- (English), no positions and no text: a pair's text is read from its segments. The English is
-- given as its words (`_en_index`), which the ascii tokenizer keeps whole. A Chinese side is
-- indexed with two characters of padding, so that one or two characters at its end begin a
-- trigram too, and the vocabulary lists every trigram a short needle begins.
CREATE VIRTUAL TABLE IF NOT EXISTS zh_grams USING fts5(
    zh, content='', detail=none, columnsize=0, tokenize='trigram case_sensitive 0'
);
CREATE VIRTUAL TABLE IF NOT EXISTS zh_grams_vocab USING fts5vocab(zh_grams, 'row');
CREATE VIRTUAL TABLE IF NOT EXISTS en_words USING fts5(
    en, content='', detail=none, columnsize=0, tokenize="ascii tokenchars '_'"
);
"""


# The rows the store hands out are named tuples, not frozen dataclasses: mining builds millions of
# them (a frozen dataclass's __init__ sets each field through object.__setattr__, several times
# slower), and every command imports this module (a dataclass's methods are compiled at import).
class StoredDocument(NamedTuple):
    meta: DocumentMeta
    content_hash: str
    added_at: str
    segments: int
    pairs: int


class StoredPair(NamedTuple):
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


class AlignedPairRow(NamedTuple):
    id: int
    zh_norm: str
    en: str
    zh: str
    zh_first: int
    zh_last: int
    doc_id: str
    publisher: str
    date: str


class Stats(NamedTuple):
    documents: int
    zh_segments: int
    en_segments: int
    pairs: int
    flagged: int
    by_layout: dict[str, int]
    by_format: dict[str, int]


# A pair's sentences come with it: one row per segment (text, norm, whether Chinese), then the
# pair's id and the `columns` asked for, in pair and reading order. `_joined` makes them pairs.
_PAIR_ROWS = ("SELECT s.text, s.norm, s.id <= a.zh_last, a.id, {columns} FROM alignments a"
              " JOIN documents d ON d.id = a.document{join}"
              " JOIN segments s ON s.id BETWEEN a.zh_first AND a.en_last{where} ORDER BY a.id, s.id")
_ALIGNED_COLUMNS = "a.zh_first, a.zh_last, d.doc_id, d.publisher, d.date"  # AlignedPairRow's after its texts
_INDEXES = {"zh": "zh_grams", "en": "en_words"}
_LENGTHS = {"zh": "zh_length", "en": "en_length"}
_PAD = "\ufdd0\ufdd0"  # ends every indexed Chinese side (see the schema); in no text


def _en_index(text: str) -> str:
    """What the English index is given for a side: its words, then each two adjacent ones."""
    ws = words(text)
    return " ".join([*ws, *map(word_pair, ws, ws[1:])])


def _joined(rows: Iterable[tuple]) -> Iterator[tuple[tuple, str, str, list[str]]]:
    """Rows of _PAIR_ROWS as pairs: (id and columns, zh text, zh matching form, English sentences)."""
    for _, group in itertools.groupby(rows, key=operator.itemgetter(3)):
        zh, norm, en = [], [], []
        for text, matching, is_zh, *columns in group:
            if is_zh:
                zh.append(text)
                norm.append(matching or fold(text))
            else:
                en.append(text)
        yield tuple(columns), "".join(zh), "".join(norm), en


def _batches(rows: Iterable[tuple], size: int = _BATCH) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _fts_query(strings: Iterable[str], joiner: str) -> str:
    """An FTS5 query of literal strings (each one token of its index) joined by `joiner`."""
    return joiner.join('"' + s.replace('"', '""') + '"' for s in strings)


def _record(cls: type, row: sqlite3.Row):
    """A dataclass from the row's columns of the same names (columns it has no field for are left out)."""
    names = cls.__dataclass_fields__
    return cls(**{k: row[k] for k in row.keys() if k in names})


def statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one at a time: `executescript` would commit a transaction
    the caller has open."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""


def _upgrade(conn: sqlite3.Connection) -> None:
    """Bring a new or older store to this schema, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in statements(_SCHEMA):
            conn.execute(statement)
        # Schema 2 kept each pair's text (twice) beside its segments' and indexed it with positions.
        if "zh_norm" in {r[1] for r in conn.execute("PRAGMA table_info(alignments)")}:
            conn.create_function("fold", 1, fold, deterministic=True)
            conn.execute("INSERT INTO zh_grams (rowid, zh) SELECT id, zh_norm || ? FROM alignments", (_PAD,))
            for side in ("zh", "en"):
                conn.execute(f"ALTER TABLE alignments ADD COLUMN {side}_length INTEGER NOT NULL DEFAULT 0")
            conn.execute("UPDATE alignments SET zh_length = length(zh_norm), en_length = length(en_norm)")
            conn.create_function("en_index", 1, _en_index, deterministic=True)
            conn.execute("INSERT INTO en_words (rowid, en) SELECT id, en_index(en_norm) FROM alignments")
            for statement in ("DROP TABLE IF EXISTS alignments_vocab", "DROP TABLE IF EXISTS alignments_fts",
                              "DROP INDEX IF EXISTS alignments_zh_tail", "DROP INDEX IF EXISTS alignments_en_tail",
                              *(f"ALTER TABLE alignments DROP COLUMN {c}" for c in ("zh", "en", "zh_norm", "en_norm")),
                              "UPDATE segments SET norm = '' WHERE norm != '' AND (lang = 'en' OR norm = fold(text))"):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _connect(path: Path, busy_seconds: float, read_only: bool, recovered: bool = False) -> sqlite3.Connection:
    if not read_only:
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_seconds)
    else:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                               timeout=busy_seconds)
        try:
            conn.execute("PRAGMA user_version").fetchone()
        except sqlite3.OperationalError as exc:
            # A WAL store in a folder we cannot write (its -shm cannot be made) is read as the file
            # stands — unless a journal beside it holds writes the file lacks or must undo (a
            # writer was killed), which reading the file alone would get wrong. Any other failure
            # (a busy store) is the caller's to report.
            conn.close()
            if _is_busy(exc):
                raise
            real = path.resolve()
            for suffix in ("-wal", "-journal"):
                journal = real.with_name(real.name + suffix)
                if journal.exists() and journal.stat().st_size:
                    if _writable(real) and not recovered:  # SQLite's recovery, which a read-only connection cannot run
                        sqlite3.connect(real, timeout=busy_seconds).execute("PRAGMA user_version").connection.close()
                        return _connect(path, busy_seconds, read_only, recovered=True)
                    raise GlossError(f"the store's last writes are still in {journal.name} and its folder cannot "
                                     "be written; open it once where it can be (any gloss command will do)",
                                     path) from None
            name = getattr(exc, "sqlite_errorname", None)  # Python 3.11 on; 3.10 has the message only
            if name not in ("SQLITE_CANTOPEN", "SQLITE_READONLY_DIRECTORY") and (
                    name or "unable to open" not in str(exc)):
                raise
            conn = sqlite3.connect(f"{real.as_uri()}?immutable=1", uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row  # rows are read by column name
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _write_ahead(conn: sqlite3.Connection) -> None:
    """WAL journal: readers (a look-up, a search) go on while a command writes, and are never
    turned away by it. A store on read-only media keeps the journal it has."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        with contextlib.suppress(sqlite3.OperationalError):
            conn.execute("PRAGMA journal_mode = WAL")


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _busy_or(exc: sqlite3.OperationalError, what: str) -> str:
    """The message for a store another command holds, or for another failure."""
    if _is_busy(exc):
        return "the store is busy: another gloss command is writing to it; try again when it is done"
    if "readonly" in str(exc):
        return "the store cannot be written here (read-only file or folder); look-ups, search and exports still read it"
    return f"{what}: {exc}"


def default_path() -> Path:
    import os

    return Path(os.environ.get("GLOSS_DB") or "gloss.sqlite")


class Store:
    """A gloss database file; open with `Store.open(path)`, use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool = False):
        self.conn = conn
        self.path = path
        self.read_only = read_only
        # Table groups of other modules (the glossary's) this connection has made sure exist.
        self.prepared: set[str] = set()

    @classmethod
    def open(cls, path: Path | None = None, create: bool = True, busy_seconds: float = BUSY_SECONDS,
             read_only: bool = False) -> "Store":
        """Open (or, with `create`, make) a store. A command that must write while another one
        writes waits `busy_seconds` for it, then stops with a clear message. A `read_only` store
        is never written, so a look-up works on a store the user may not change."""
        path = Path(path) if path else default_path()
        if (read_only or not create) and not path.exists():
            raise GlossError("no gloss store here; run `gloss add` or `gloss build` first", path)
        try:
            conn = _connect(path, busy_seconds, read_only)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise GlossError(f"store was written by a newer gloss (schema {version})", path)
            if version < SCHEMA_VERSION and not _has_table(conn, "documents"):
                # Only an empty database becomes a store, and only for a command that writes.
                if read_only or conn.execute("SELECT 1 FROM sqlite_master").fetchone():
                    raise GlossError("not a gloss store (an empty file or another program's database)", path)
            if version < SCHEMA_VERSION and read_only:
                # An older store is brought up to date once, by whichever command meets it first.
                conn.close()
                try:
                    return cls.open(path, create=False, busy_seconds=busy_seconds)
                except GlossError as exc:
                    if "cannot be written" not in str(exc):
                        raise
                    raise GlossError(f"the store was written by an older gloss (schema {version}) and cannot be "
                                     "upgraded here: open it once where it can be written", path) from None
            if version < SCHEMA_VERSION:
                _upgrade(conn)
            if not read_only:
                _write_ahead(conn)
        except sqlite3.OperationalError as exc:
            raise GlossError(_busy_or(exc, "cannot open the store"), path) from None
        except sqlite3.DatabaseError as exc:
            raise GlossError(f"not a gloss store: {exc}", path) from None
        return cls(conn, path, read_only)

    def has_table(self, name: str) -> bool:
        return _has_table(self.conn, name)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One command's writes: all of them land, or none."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise GlossError(_busy_or(exc, "cannot write"), self.path) from None
        try:
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS unindexed (id INTEGER PRIMARY KEY, zh TEXT, en TEXT)")
            yield
            # The search indexes are filled once for the whole command: per-file savepoints made
            # them write themselves out once per document. Rows of files rolled back are gone.
            self.conn.execute("INSERT INTO zh_grams (rowid, zh) SELECT id, zh FROM temp.unindexed")
            self.conn.execute("INSERT INTO en_words (rowid, en) SELECT id, en FROM temp.unindexed")
            self.conn.execute("DELETE FROM temp.unindexed")
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
                segments.append((next_segment, document, s.lang, s.para, s.seq, s.ref, s.text,
                                 s.norm if s.lang == "zh" and s.norm != fold(s.text) else ""))
                next_segment += 1
            if bead.zh and bead.en:
                en_first = zh_first + len(bead.zh)
                zh_norm, en_norm = "".join(s.norm for s in bead.zh), " ".join(s.norm for s in bead.en)
                pairs.append((next_pair, document, zh_first, en_first - 1, en_first, next_segment - 1,
                              len(zh_norm), len(en_norm), bead.score, bead.method,
                              zh_norm + _PAD, _en_index(en_norm)))
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
                "INSERT INTO alignments (id, document, zh_first, zh_last, en_first, en_last, zh_length, en_length,"
                " score, method) VALUES (?,?,?,?,?,?,?,?,?,?)", [p[:10] for p in pairs])
            self.conn.executemany("INSERT INTO temp.unindexed VALUES (?,?,?)", [(p[0], *p[10:]) for p in pairs])
        return len(segments)

    def _pairs(self, columns: str, where: str = "", args: tuple = (), join: str = "") -> Iterator[tuple]:
        """Pairs as `_joined` gives them, with `columns` of the pair and its document, streamed."""
        cur = self.conn.cursor()
        cur.row_factory = None  # plain tuples: a million pairs are read this way for mining
        return _joined(cur.execute(_PAIR_ROWS.format(columns=columns, join=join, where=where), args))

    def export_pairs(self, min_score: float = 0.0) -> Iterator[ExportPair]:
        """Aligned pairs at or above `min_score`, in document and reading order, streamed."""
        from tm.records import ExportPair

        for (_, doc_id, publisher, date, score, created), zh, _, en in self._pairs(
                "d.doc_id, d.publisher, d.date, a.score, d.added_at", " WHERE a.score >= ?", (min_score,)):
            yield ExportPair(zh, " ".join(en), doc_id, publisher, date, score, created)

    def documents(self) -> list[StoredDocument]:
        from tm.records import DocumentMeta

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

    def pairs_by_ids(self, ids: Iterable[int]) -> list[StoredPair]:
        """The pairs of `ids`, in that order, with their text and provenance."""
        ids = list(ids)
        if not ids:
            return []
        found = {}
        for (pid, score, method, doc_id, publisher, date, title, ref), zh, zh_norm, en in self._pairs(
                "a.score, a.method, d.doc_id, d.publisher, d.date, d.title,"
                " (SELECT ref FROM segments WHERE id = a.zh_first)",
                f" WHERE a.id IN ({','.join('?' * len(ids))})", tuple(ids)):
            found[pid] = StoredPair(pid, zh, " ".join(en), zh_norm, " ".join(fold(t) for t in en),
                                    score, method, doc_id, publisher, date, title, ref)
        return [found[i] for i in ids if i in found]

    def probe_counts(self, side: str, probes: Iterable[str], cap: int) -> dict[str, int]:
        """How many pairs hold each of `probes` (trigrams of zh, words of en) on `side`, counted up
        to `cap` (reading a common trigram's whole posting list would cost more than the search)."""
        # One statement a probe: joining them in one SELECT measured no faster (each is its own
        # index read) and would need chunking past SQLite's 2,000 columns.
        table = _INDEXES[side]
        return {p: self.conn.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?)",
            (_fts_query([p], ""), cap)).fetchone()[0] for p in probes}

    def pair_ids(self, side: str, probes: Sequence[str], *, every: bool = True, prefix: bool = False,
                 after: int = 0, limit: int) -> list[int]:
        """Ids after `after` of the pairs whose `side` holds every (or any) of `probes`, the last one
        as a word's beginning with `prefix`, in order."""
        if not probes:
            return []
        table = _INDEXES[side]
        query = _fts_query(probes, " AND " if every else " OR ") + ("*" if prefix else "")
        return [r[0] for r in self.conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?",
            (query, after, limit))]

    def within_length(self, side: str, ids: Sequence[int], shortest: int, longest: int) -> list[int]:
        """Those of `ids` (in their order) whose `side` is `shortest` to `longest` characters long."""
        if not ids:
            return []
        kept = {r[0] for r in self.conn.execute(
            f"SELECT id FROM alignments WHERE id IN ({','.join('?' * len(ids))}) AND {_LENGTHS[side]} BETWEEN ? AND ?",
            (*ids, shortest, longest))}
        return [i for i in ids if i in kept]

    def grams_beginning(self, start: str) -> list[str]:
        """The trigrams of the Chinese index that begin with `start` (one or two characters, folded)."""
        return [r[0] for r in self.conn.execute(
            "SELECT term FROM zh_grams_vocab WHERE term >= ? AND term < ?", (start, start + "\U0010ffff"))]

    # --- reading the corpus for mining -------------------------------------------------

    def zh_sentences(self) -> Iterator[tuple[int, str]]:
        """(segment id, normalised text) of every Chinese sentence, streamed."""
        for sid, text, norm in self.conn.execute("SELECT id, text, norm FROM segments WHERE lang = 'zh' ORDER BY id"):
            yield sid, norm or fold(text)

    def aligned_pairs(self, every: int = 1) -> Iterator[AlignedPairRow]:
        """Every aligned pair (or those whose id `every` divides: an even sample, chosen before the
        pairs are read) with its Chinese segment span and its document's metadata."""
        where, args = (" WHERE a.id % ? = 0", (every,)) if every > 1 else ("", ())
        for (pid, *columns), zh, zh_norm, en in self._pairs(_ALIGNED_COLUMNS, where, args):
            yield AlignedPairRow(pid, zh_norm, " ".join(en), zh, *columns)

    def pair_count(self, left_out: str | None = None) -> tuple[int, int, int]:
        """Aligned pairs, how many of them have no word links yet, and how many are stored with
        `left_out` for links (left out of the aligner's sample)."""
        return tuple(self.conn.execute(
            "SELECT COUNT(*), COUNT(*) - COUNT(w.alignment), COUNT(CASE WHEN w.data = ? THEN 1 END) FROM alignments a"
            " LEFT JOIN word_alignments w ON w.alignment = a.id", (left_out,)).fetchone())

    def replace_word_alignments(self, rows: Iterable[tuple[int, str]], others: str | None = None) -> int:
        """Word links (pair id, data), replacing every link stored (one transaction); with `others`,
        each pair the rows leave out is stored with that for data."""
        n = 0
        with self.transaction():
            self.conn.execute("DELETE FROM word_alignments")
            for batch in _batches(rows):
                self.conn.executemany("INSERT INTO word_alignments (alignment, data) VALUES (?, ?)", batch)
                n += len(batch)
            if others is not None:
                self.conn.execute("INSERT INTO word_alignments (alignment, data) SELECT id, ? FROM alignments"
                                  " WHERE id NOT IN (SELECT alignment FROM word_alignments)", (others,))
        return n

    def word_aligned_pairs(self, keep: str = "all", left_out: str | None = None
                           ) -> Iterator[tuple[AlignedPairRow, str | None]]:
        """The aligned pairs (as `aligned_pairs`) with their stored word links, if any: with `keep`
        "all" every pair; given what `replace_word_alignments` stored for the pairs the sample left
        out, "left out" those, "sampled" the others, "linked" the pairs that have links."""
        where = {"all": "", "left out": " WHERE w.data IS ?", "sampled": " WHERE w.data IS NOT ?",
                 "linked": " WHERE w.data IS NOT NULL AND w.data IS NOT ?"}[keep]
        for (pid, *columns, data), zh, zh_norm, en in self._pairs(
                _ALIGNED_COLUMNS + ", w.data", where, (left_out,) if where else (),
                join=" LEFT JOIN word_alignments w ON w.alignment = a.id"):
            yield AlignedPairRow(pid, zh_norm, " ".join(en), zh, *columns), data

    def unpaired_english(self) -> Iterator[tuple[int, str, str, str, str]]:
        """(segment id, text, doc id, publisher, date) of English sentences in documents with no Chinese."""
        yield from self.conn.execute(
            "SELECT s.id, s.text, d.doc_id, d.publisher, d.date FROM segments s JOIN documents d ON d.id = s.document"
            " WHERE s.lang = 'en' AND NOT EXISTS (SELECT 1 FROM segments z WHERE z.document = s.document AND z.lang = 'zh')"
            " ORDER BY s.id")

