"""Reader for gettext PO/POT files: every confirmed translation is one zh/en unit."""

from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path
from typing import Iterator

import polib

from tm.decode import file_hash, sniff_encoding
from tm.errors import GlossError
from tm.lang import detect_lang
from tm.records import Document, DocumentMeta, UnitPair
from tm.lang import lang_of

NAME = "po"
SUFFIXES = (".po", ".pot")

log = logging.getLogger(__name__)

_MSGID = re.compile(r"^msgid\s+\"", re.M)
_MSGSTR = re.compile(r"^msgstr(\[\d+\])?\s+\"", re.M)
_CHARSET = re.compile(rb"charset=([\w.:-]+)")
_NAME_PARTS = re.compile(r"[-_.@ ]")
# An entry starts with its reference, extracted-comment, flag or previous-msgid line, or its keywords;
# plain "# " comments before the first entry belong to the file header.
_ENTRY_START = re.compile(r"\s*(?:#[:.,|]|msgctxt\s|msgid\s)")
_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.+))?")
_TEMPLATE_TITLE = "PACKAGE VERSION"  # what xgettext writes when no project was named


def sniff(head: bytes) -> bool:
    """Does the file start like a PO file (msgid and msgstr keyword lines)?"""
    try:
        text = head.decode(sniff_encoding(head), errors="replace")
    except GlossError:
        return False
    return bool(_MSGID.search(text) and _MSGSTR.search(text))


def read(path: Path) -> Iterator[Document]:
    """One Document whose units are the file's translated, confirmed entries."""
    path = Path(path)
    encoding = _encoding(path)
    try:
        po = polib.pofile(str(path), encoding=encoding)
    except (OSError, ValueError) as exc:
        raise _syntax_error(exc, path) from None
    if not po.metadata and not len(po):
        raise GlossError("empty file: no PO header or entries", path)

    pairs: list[tuple[str, str, int]] = []
    fuzzy = 0
    for entry in po:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            fuzzy += 1
            continue
        # Chinese has a single plural form, so form 0 is the one both directions share.
        msgstr = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        if msgstr:
            # polib numbers the first entry of a file without header 0.
            pairs.append((entry.msgid, msgstr, entry.linenum or _first_entry_line(path, encoding)))
    if fuzzy:
        log.info("%s: skipped %d fuzzy (unconfirmed) entries", path, fuzzy)

    swap = _msgid_is_english(po, path, [msgid for msgid, _, _ in pairs])
    units = []
    for msgid, msgstr, line in pairs:
        zh, en = (msgstr, msgid) if swap else (msgid, msgstr)
        units.append(UnitPair(zh=zh, en=en, ref=f"line {line}"))
    title = po.metadata.get("Project-Id-Version", "")
    meta = DocumentMeta(
        doc_id=path.stem,
        source=str(path),
        format=NAME,
        title="" if title == _TEMPLATE_TITLE else title,
        layout="units",
    )
    yield Document(meta=meta, content_hash=file_hash(path), units=tuple(units))


def _encoding(path: Path) -> str:
    """The encoding that decodes the whole file: as BOM or UTF-16 bytes show, else the charset, else sniffed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossError(f"cannot read: {exc.strerror}", path) from None
    head = data[: 1 << 16]
    sniffed = sniff_encoding(head, path)
    candidates = [sniffed]
    # A BOM or UTF-16 byte pattern is conclusive; the header can only refine an 8-bit guess.
    match = _CHARSET.search(head) if sniffed in ("utf-8", "gb18030") else None
    if match:
        declared = _text_codec(match.group(1).decode("ascii"))
        if declared:
            candidates.insert(0, declared)
    errors: list[UnicodeDecodeError] = []
    for encoding in candidates:
        try:
            data.decode(encoding)
            return encoding
        except UnicodeDecodeError as exc:
            errors.append(exc)
    # Report against the first choice: that is the encoding the file claims or most resembles.
    bad = errors[0].start
    line = data[:bad].decode(candidates[0], errors="replace").count("\n") + 1
    raise GlossError(f"cannot decode as {candidates[0]}: byte {data[bad]:#04x}", path, line)


def _text_codec(charset: str) -> str | None:
    """Python's name for a declared charset, if it is a codec that writes ASCII as ASCII."""
    try:
        name = codecs.lookup(charset).name
        # The header was found as ASCII bytes, so a charset that spells ASCII otherwise is wrong.
        return name if "msgid".encode(name) == b"msgid" else None
    except LookupError:
        return None  # templates say "charset=CHARSET"


def _syntax_error(exc: Exception, path: Path) -> GlossError:
    """polib's error, reworded without the path it repeats, keeping its line number."""
    match = _POLIB_LINE.search(str(exc))
    if not match:
        return GlossError(f"cannot parse PO file: {exc}", path)
    detail = f": {match.group(2)}" if match.group(2) else ""
    return GlossError(f"PO syntax error{detail}", path, int(match.group(1)))


def _msgid_is_english(po: polib.POFile, path: Path, msgids: list[str]) -> bool:
    """Whether msgid is the English side: by the target language the file names, else by the msgids' text."""
    target = _target_lang(po, path)
    if target is None:
        votes = [detect_lang(msgid) for msgid in msgids]
        return votes.count("en") > votes.count("zh")
    return target == "zh"


def _target_lang(po: polib.POFile, path: Path) -> str | None:
    """"zh" or "en" for the msgstrs, from the Language header or a locale in the file or folder name."""
    tag = po.metadata.get("Language", "").strip()
    if tag:
        if not lang_of(tag):
            raise GlossError(f"translates into {tag!r}; only Chinese-English PO files are read", path)
        return lang_of(tag)
    names = [path.stem]  # zh_CN.po, messages.zh_CN.po
    if path.parent.name == "LC_MESSAGES":  # locale/zh_CN/LC_MESSAGES/domain.po
        names.append(path.parent.parent.name)
    for name in names:
        # Only a name with a single language is a locale; "zh-en.po" names a direction.
        langs = {lang_of(part) for part in _NAME_PARTS.split(name)} - {""}
        if len(langs) == 1:
            return langs.pop()
    return None


def _first_entry_line(path: Path, encoding: str) -> int:
    """Line where the file's first entry starts, counted the way polib counts the others."""
    with open(path, encoding=encoding) as fh:
        for number, line in enumerate(fh, start=1):
            if _ENTRY_START.match(line):
                return number
    return 1
