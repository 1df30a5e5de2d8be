"""The ingest step: read sources, align them, put them in the store, one transaction a command."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from tm import formats
from tm.align import align_document
from tm.errors import GlossError
from tm.records import Document
from tm.sources import Source, collect
from tm.store import Stats, Store, StoredDocument


@dataclass
class IngestReport:
    added: list[StoredDocument] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, doc_id already stored)
    failures: list[GlossError] = field(default_factory=list)


def stats_as_json(stats: Stats, documents: list[StoredDocument]) -> dict:
    """What the store holds (`Store.stats`, `Store.documents`) as `gloss stats --json` prints it."""
    return {**stats._asdict(), "documents_detail": [
        {"id": d.meta.doc_id, "title": d.meta.title, "publisher": d.meta.publisher, "date": d.meta.date,
         "layout": d.meta.layout, "format": d.meta.format, "sentences": d.segments, "pairs": d.pairs}
        for d in documents]}


def read_source(source: Source) -> Iterator[Document]:
    """The documents in one source, with the folder manifest's metadata applied."""
    try:
        if source.en_path:
            docs: Iterator[Document] = iter([formats.pair_reader_for(source.path).read_pair(source.path,
                                                                                          source.en_path)])
        else:
            docs = formats.reader_for(source.path).read(source.path)
        for doc in docs:
            yield replace(doc, meta=source.apply(doc.meta))
    except (OSError, UnicodeError) as exc:
        raise GlossError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", source.path) from None


def ingest(
    store: Store,
    paths: list[Path],
    keep_going: bool = False,
    on_source: Callable[[Source, int, int], None] | None = None,
) -> IngestReport:
    """Add every document under `paths`; on error nothing is written unless `keep_going`."""
    report = IngestReport()
    sources = list(collect(paths, formats.supported_suffixes()))
    with store.transaction():
        for n, source in enumerate(sources, start=1):
            if on_source:
                on_source(source, n, len(sources))
            try:
                with store.savepoint():
                    _add(store, source, report)
            except GlossError as exc:
                if not keep_going:
                    raise
                report.failures.append(exc)
    return report


def ingest_pair(store: Store, zh_path: Path, en_path: Path) -> IngestReport:
    """Add one Chinese file with its English translation."""
    report = IngestReport()
    with store.transaction():
        _add(store, Source(zh_path, en_path), report)
    return report


def _add(store: Store, source: Source, report: IngestReport) -> None:
    for doc in read_source(source):
        already = store.has_document(doc.content_hash)
        if already:
            report.duplicates.append((doc.meta.source, already))
        else:
            try:
                stored = store.add_document(doc.meta, doc.content_hash, align_document(doc))
            except GlossError as exc:
                if exc.path:
                    raise
                raise GlossError(exc.message, doc.meta.source, exc.where) from None
            if not stored.segments:  # rolled back with the source's savepoint
                raise GlossError("no Chinese or English text found (a TMX or XLIFF of other languages?)",
                                 doc.meta.source)
            report.added.append(stored)
