"""Decoding of text files: UTF-8 (with or without BOM), UTF-16, GB18030/GBK."""

from __future__ import annotations

import codecs
import hashlib
import io
from pathlib import Path
from typing import TextIO

from tm.errors import GlossError

_SNIFF_BYTES = 1 << 16
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_encoding(head: bytes, path: object = None) -> str:
    """Name the encoding of a file from its first bytes; raise GlossError if none fits."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if not head:
        raise GlossError("empty file", path)
    # UTF-16 without BOM: ASCII-range text has a NUL in every other byte.
    if head.count(0) > len(head) // 4:
        even_nuls = head[0::2].count(0)
        return "utf-16-be" if even_nuls > head[1::2].count(0) else "utf-16-le"
    for name in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(name)()
        try:
            decoder.decode(head, final=False)  # a character cut at the sniff limit is fine
            return name
        except UnicodeDecodeError:
            continue
    raise GlossError("cannot decode: not UTF-8, UTF-16 or GB18030 text", path)


def regular_file(path: Path) -> Path:
    """`path`, if it names a regular file: a pipe or a device would block or never end."""
    path = Path(path)
    if not path.is_file():
        raise GlossError("not a regular file" if path.exists() else "no such file", path)
    return path


# A workbook is a zip of XML: what it would unpack to is checked before any XML library reads it.
UNPACKED_LIMIT = 1 << 30  # bytes, all members together
RATIO_LIMIT, RATIO_FROM = 200, 1 << 24  # a member of 16 MiB or more may expand this many times at most


def guard_workbook(path: Path) -> None:
    """Refuse a workbook (XLSX) that would unpack to more than UNPACKED_LIMIT, or one of whose
    members expands more than RATIO_LIMIT times (a zip bomb), before openpyxl reads a byte."""
    import zipfile

    try:
        with zipfile.ZipFile(regular_file(path)) as archive:
            members = archive.infolist()
    # zipfile refuses a damaged directory in several ways: a zip version it does not know
    # (NotImplementedError), a field out of range (ValueError), a directory cut short (EOFError).
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError) as exc:
        raise GlossError(f"not a readable XLSX workbook: {exc}", path) from None
    total = sum(m.file_size for m in members)
    if total > UNPACKED_LIMIT:
        raise GlossError(f"refused: the workbook would unpack to {total >> 20} MiB (at most {UNPACKED_LIMIT >> 20})",
                         path)
    for m in members:
        if m.file_size >= RATIO_FROM and m.file_size > RATIO_LIMIT * max(1, m.compress_size):
            raise GlossError(f"refused: {m.filename} would unpack {m.compress_size} bytes to {m.file_size >> 20} MiB "
                             f"(a zip bomb?)", path)


def open_workbook(path: Path, *, read_only: bool, data_only: bool):
    """An XLSX workbook opened by openpyxl once `guard_workbook` let it through: openpyxl's
    warnings kept off stderr, any failure to open it (it fails in many ways on damaged files) one line."""
    import warnings

    from openpyxl import load_workbook

    guard_workbook(path)
    try:
        with warnings.catch_warnings():  # what it skips: data validation, styles, extensions
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=read_only, data_only=data_only)
    except Exception as exc:
        raise GlossError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})", path) from None


def open_text(path: Path) -> TextIO:
    """Open a text file for streaming in the encoding its bytes show."""
    with open(regular_file(path), "rb") as raw:
        head = raw.read(_SNIFF_BYTES)
    encoding = sniff_encoding(head, path)
    return io.open(path, encoding=encoding, newline=None)


def read_text(path: Path) -> str:
    """Read a whole text file; an undecodable byte is reported with its line."""
    try:
        data = regular_file(path).read_bytes()
    except OSError as exc:
        raise GlossError(f"cannot read: {exc.strerror or exc}", path) from None
    encoding = sniff_encoding(data[:_SNIFF_BYTES], path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossError(f"cannot decode as {encoding}: byte {data[exc.start]:#04x}", path, line) from None
    if not text.strip():
        raise GlossError("empty file", path)
    return text.lstrip("\ufeff")


def file_hash(*paths: Path) -> str:
    """SHA-256 over the bytes of one or more files, read in chunks."""
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()
