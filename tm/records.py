"""Plain records passed between the pipeline steps: read → segment → align → store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True)
class DocumentMeta:
    """Who published a document, when, and how its languages are laid out."""

    doc_id: str  # file name without extension
    source: str  # the path(s) it was read from
    format: str  # reader name: text, tmx, xliff, po, table
    title: str = ""
    publisher: str = ""
    date: str = ""  # ISO 8601 (YYYY-MM-DD) when known
    url: str = ""
    layout: str = ""  # parallel | en | zh | units | empty


@dataclass(frozen=True)
class Block:
    """A paragraph of running text in one language, as found in the source."""

    lang: str  # zh | en | mixed | other
    text: str
    line: int  # 1-based line of the source where the paragraph starts


@dataclass(frozen=True)
class UnitPair:
    """A zh/en pair that the source format already pairs (a TMX tu, a PO entry, a table row)."""

    zh: str
    en: str
    ref: str  # where in the source: "line 12", "row 4", "tu 7"


@dataclass(frozen=True)
class Document:
    """One document: running-text blocks to align, or pre-paired units (streamed)."""

    meta: DocumentMeta
    content_hash: str
    blocks: tuple[Block, ...] = ()
    units: Iterable[UnitPair] = field(default=(), compare=False)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, numbered in reading order within its language."""

    lang: str  # zh | en
    para: int  # index of its paragraph among the document's paragraphs in that language
    seq: int  # running number among the document's sentences in that language
    text: str  # as in the source
    norm: str  # normalised for matching (Traditional folded to Simplified, spaces folded)
    ref: str = ""  # position in the source file, e.g. "line 12"


@dataclass(frozen=True)
class Bead:
    """An alignment step: zh sentences paired with en sentences (either side may be empty)."""

    zh: tuple[Sentence, ...]
    en: tuple[Sentence, ...]
    score: float  # confidence 0..1; meaningless when one side is empty
    method: str  # dp | lines | unit

    @property
    def zh_text(self) -> str:
        return "".join(s.text for s in self.zh)

    @property
    def en_text(self) -> str:
        return " ".join(s.text for s in self.en)


@dataclass(frozen=True)
class ExportPair:
    """An aligned pair with its provenance, as the TMX writer and other exports take it."""

    zh: str
    en: str
    document: str  # doc_id
    publisher: str = ""
    date: str = ""
    score: float = 1.0
    created: str = ""  # ISO 8601 UTC timestamp of when the pair entered the store
