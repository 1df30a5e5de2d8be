"""Plain text: one language, or both in any interleaving; and zh/en file pairs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from tm.decode import file_hash, read_text, sniff_encoding
from tm.errors import GlossError
from tm.lang import detect_lang
from tm.metadata import find_metadata
from tm.records import Block, Document, DocumentMeta, UnitPair

NAME = "text"
SUFFIXES = (".txt", ".text", ".md")

_MD_HEADING = re.compile(r"^#{1,6}\s+")
_HAN_EDGE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def sniff(head: bytes) -> bool:
    """Any file that decodes as text is plain text, the last resort of the registry."""
    try:
        sniff_encoding(head)
    except GlossError:
        return False
    return b"\0" not in head or head[:2] in (b"\xff\xfe", b"\xfe\xff")


def read(path: Path) -> Iterator[Document]:
    text = read_text(path)
    blocks = split_blocks(text)
    yield _document(path.stem, str(path), blocks, file_hash(path))


def read_pair(zh_path: Path, en_path: Path, doc_id: str | None = None) -> Document:
    """A Chinese file and its English translation; line-paired when both are one segment a line."""
    return pair_lines(read_text(zh_path).splitlines(), read_text(en_path).splitlines(), zh_path, en_path,
                      NAME, "line", doc_id)


def pair_lines(zh_lines: list[str], en_lines: list[str], zh_path: Path, en_path: Path, fmt: str, unit: str,
               doc_id: str | None = None) -> Document:
    """The lines (or a table's cells) of a Chinese file and of its translation as one document:
    paired line by line when both hold one segment a line, as many of each; else read as
    paragraphs, for the aligner. `unit` names a line in references ("line 3", "row 3")."""
    source = f"{zh_path} + {en_path}"
    doc_id = doc_id or _pair_id(zh_path)
    digest = file_hash(zh_path, en_path)
    if _one_segment_per_line(zh_lines) and len(zh_lines) == len(en_lines):
        units = tuple(
            UnitPair(zh.strip(), en.strip(), f"{unit} {n}")
            for n, (zh, en) in enumerate(zip(zh_lines, en_lines), start=1)
            if zh.strip() or en.strip()
        )
        meta = DocumentMeta(doc_id, source, fmt, layout="lines")
        return Document(meta, digest, units=units)
    blocks = [b for b in split_blocks("\n".join(zh_lines)) if b.lang != "en"]
    blocks += [b for b in split_blocks("\n".join(en_lines)) if b.lang != "zh"]
    return _document(doc_id, source, blocks, digest)


def _pair_id(zh_path: Path) -> str:
    """`report.zh.txt` → `report`."""
    name = zh_path.name
    for suffix in zh_path.suffixes[::-1]:
        name = name[: -len(suffix)]
        if suffix.lower() in (".zh", ".cn", ".zh-cn", ".zh_cn", ".chs"):
            break
    return name or zh_path.stem


def _one_segment_per_line(lines: list[str]) -> bool:
    """No blank lines between lines: the way sentence-aligned corpora are distributed."""
    return len(lines) > 1 and all(line.strip() for line in lines)


def split_blocks(text: str) -> list[Block]:
    """Paragraphs: blank-line separated blocks, split again wherever the language changes.

    A file without blank lines is read as one paragraph per line.
    """
    lines = text.splitlines()
    has_blank = any(not line.strip() for line in lines)
    blocks: list[Block] = []
    current: list[str] = []
    current_lang = ""
    start = 0

    def flush() -> None:
        if current:
            blocks.append(Block(current_lang, _join_lines(current, current_lang), start))
            current.clear()

    for n, raw in enumerate(lines, start=1):
        line = _MD_HEADING.sub("", raw.strip())
        if not line:
            flush()
            continue
        lang = detect_lang(line)
        if not has_blank or lang != current_lang:
            flush()
            current_lang, start = lang, n
        current.append(line)
    flush()
    return blocks


def _join_lines(lines: list[str], lang: str) -> str:
    """Hard-wrapped lines of one paragraph: Chinese joins without a space, English with one."""
    if lang != "zh":
        return " ".join(lines)
    out = lines[0]
    for line in lines[1:]:
        glue = "" if _HAN_EDGE.match(out[-1]) or _HAN_EDGE.match(line[0]) else " "
        out += glue + line
    return out


def _document(doc_id: str, source: str, blocks: list[Block], digest: str) -> Document:
    found = find_metadata([b.text for b in blocks])
    kept = tuple(b for i, b in enumerate(blocks) if i not in found.metadata_lines)
    langs = {b.lang for b in kept}
    layout = "parallel" if {"zh", "en"} <= langs else "zh" if "zh" in langs else "en" if "en" in langs else "empty"
    if layout == "empty":
        raise GlossError("no Chinese or English text found", source)
    meta = DocumentMeta(doc_id, source, NAME, found.title, found.publisher, found.date, found.url, layout)
    return Document(meta, digest, blocks=kept)
