"""Registry of exchange formats: one module per format, picked by suffix, then by content.

Every format module offers the same small interface, `Reader` (and `PairReader` when a file holds
one language, so that `name.zh.ext` and `name.en.ext` make one document: text, table).

Readers raise tm.errors.GlossError naming the file and, where known, the line or row.
Modules are imported on first use so that commands which read no files start fast.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Iterator, Protocol

from tm.errors import GlossError
from tm.records import Document


class Reader(Protocol):
    NAME: str  # "tmx", "xliff", "po", "table", "text"
    SUFFIXES: tuple[str, ...]  # lower-case file suffixes it reads, e.g. (".tmx",)

    def sniff(self, head: bytes) -> bool:
        """Does this file's start look like the format?"""

    def read(self, path: Path) -> Iterator[Document]: ...


class PairReader(Reader, Protocol):
    def read_pair(self, zh_path: Path, en_path: Path) -> Document:
        """A file of Chinese and the file of its translation as one document."""

# Order matters for sniffing: the first module whose sniff() accepts the head wins.
FORMAT_MODULES = ("tm.tmx", "tm.xliff", "tm.po", "tm.table", "tm.text")

_SNIFF_BYTES = 4096


@lru_cache(maxsize=1)
def modules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(name) for name in FORMAT_MODULES)


def reader_for(path: Path) -> Reader:
    """The format module that reads `path`: by suffix first, by content sniffing second."""
    suffix = path.suffix.lower()
    mods = modules()
    for mod in mods:
        if suffix in mod.SUFFIXES:
            return mod
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise GlossError(f"cannot read: {exc.strerror}", path) from None
    for mod in mods:
        if mod.sniff(head):
            return mod
    raise GlossError(f"unsupported file type {suffix or '(no suffix)'}", path)


def pair_reader_for(path: Path) -> PairReader:
    """The format module that reads `path` with its translation beside it (`name.zh.ext` and
    `name.en.ext`): formats that hold both languages in one file are not paired by name."""
    mod = reader_for(path)
    if not hasattr(mod, "read_pair"):
        raise GlossError(f"a {mod.NAME} file holds both languages: it is read alone, not paired with "
                         f"a file of the other language", path)
    return mod


def supported_suffixes() -> set[str]:
    return {s for mod in modules() for s in mod.SUFFIXES}
