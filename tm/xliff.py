"""XLIFF 1.2 (also SDLXLIFF, memoQ MQXLIFF) and XLIFF 2.x: a streaming reader of zh/en units."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from lxml import etree

from tm import xmlsafe
from tm.lang import lang_of
from tm.decode import file_hash
from tm.errors import GlossError
from tm.records import Document, DocumentMeta, UnitPair

NAME = "xliff"
SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")

_V2_NAMESPACE = "urn:oasis:names:tc:xliff:document:2."


def sniff(head: bytes) -> bool:
    return xmlsafe.head_has_element(head, "xliff")


def read(path: Path) -> Iterator[Document]:
    """One Document per file; its units are parsed lazily, zh/en orientation from the languages."""
    path = Path(path)
    events = xmlsafe.stream(path, "xliff", ("{*}xliff", "{*}file", "{*}trans-unit", "{*}unit"))
    _, root = next(events)  # the root's start: the file opens and is XLIFF before it is hashed
    meta = DocumentMeta(doc_id=path.stem, source=str(path), format=NAME, layout="units")
    yield Document(meta, file_hash(path), units=_units(path, root, events))


def _units(path: Path, root: etree._Element, events: xmlsafe.Events) -> Iterator[UnitPair]:
    # XLIFF 1.2 names its languages on each <file>, XLIFF 2 on the root; 1.2 units are
    # <trans-unit>s of one source/target, 2.x units hold one or more <segment>s.
    ns = etree.QName(root).namespace or ""
    version2 = ns.startswith(_V2_NAMESPACE)
    file_tag, unit_tag = _qualified(ns, "file"), _qualified(ns, "unit" if version2 else "trans-unit")
    swapped = _swapped(root.get("srcLang"), root.get("trgLang"), path, root.sourceline) if version2 else None
    for event, el in events:
        if event == "start" and el.tag == file_tag and not version2:
            swapped = _swapped(el.get("source-language"), el.get("target-language"), path, el.sourceline)
        elif event == "end" and el.tag == unit_tag:
            if swapped is None:
                raise GlossError("a unit outside any <file> with languages", path, el.sourceline)
            segments = list(el.iterchildren(_qualified(ns, "segment"))) if version2 else [el]
            uid = el.get("id", "?")
            for k, segment in enumerate(segments, 1):
                source, target = _text(segment, ns, "source"), _text(segment, ns, "target")
                if source and target:
                    zh, en = (target, source) if swapped else (source, target)
                    ref = f"unit {uid}" if len(segments) == 1 else f"unit {uid} segment {k}"
                    yield UnitPair(zh=zh, en=en, ref=ref)
            xmlsafe.release(el)


def _qualified(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}" if ns else name


def _text(parent: etree._Element, ns: str, name: str) -> str:
    """Text of the direct <source> or <target> child (not one inside <alt-trans>), "" if none."""
    el = xmlsafe.child(parent, _qualified(ns, name))
    return xmlsafe.inline_text(el).strip() if el is not None else ""


def _swapped(source: str | None, target: str | None, path: Path, line: int | None) -> bool:
    """False for zh→en, True for en→zh; GlossError for any other pair of languages."""
    langs = (lang_of(source or ""), lang_of(target or ""))
    if langs in (("zh", "en"), ("en", "zh")):
        return langs == ("en", "zh")
    named = f"{source or '(none)'} → {target or '(none)'}"
    raise GlossError(f"languages {named}: not Chinese and English", path, line)
