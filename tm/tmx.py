"""TMX (Translation Memory eXchange) 1.1–1.4: a streaming reader and a TMX 1.4b writer."""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence

from lxml import etree

from tm import xmlsafe
from tm.atomic import atomic_write
from tm.decode import file_hash
from tm.records import Document, DocumentMeta, ExportPair, UnitPair

NAME = "tmx"
SUFFIXES = (".tmx",)

DOCTYPE = '<!DOCTYPE tmx PUBLIC "-//LISA OSCAR:1998//DTD for Translation Memory eXchange//EN" "tmx14.dtd">'
_TMX_TIME = "%Y%m%dT%H%M%SZ"


def sniff(head: bytes) -> bool:
    return xmlsafe.head_has_element(head, "tmx")


def read(path: Path) -> Iterator[Document]:
    """One Document per file; its units (zh/en tuv pairs) are parsed lazily as they are iterated."""
    path = Path(path)
    events = xmlsafe.stream(path, "tmx", ("header", "body", "tu"))
    header = _header(events)
    meta = DocumentMeta(
        doc_id=path.stem,
        source=str(path),
        format=NAME,
        publisher=_prop(header, "x-publisher"),
        date=_prop(header, "x-date"),
        layout="units",
    )
    yield Document(meta, file_hash(path), units=_units(events))


def _header(events: Iterator[tuple[str, etree._Element]]) -> etree._Element | None:
    """Advance `events` to the end of <header>, or to the start of the body if there is none."""
    for event, el in events:
        if event == "end" and el.tag == "header":
            return el
        if event == "start" and el.tag in ("body", "tu"):
            return None
    return None


def _prop(el: etree._Element | None, kind: str) -> str:
    if el is None:
        return ""
    return next(((p.text or "").strip() for p in el.iterfind("prop") if p.get("type") == kind), "")


def _units(events: Iterator[tuple[str, etree._Element]]) -> Iterator[UnitPair]:
    n = 0
    for event, el in events:
        if event != "end" or el.tag != "tu":
            continue
        n += 1
        texts = _texts_by_lang(el)
        xmlsafe.release(el)
        if texts.get("zh") and texts.get("en"):
            yield UnitPair(zh=texts["zh"], en=texts["en"], ref=f"tu {n}")


def _texts_by_lang(tu: etree._Element) -> dict[str, str]:
    """Segment text of the first zh and the first en tuv, whatever their order."""
    texts: dict[str, str] = {}
    for tuv in tu.iterfind("tuv"):
        lang = xmlsafe.lang_of(xmlsafe.xml_lang(tuv))
        if lang and lang not in texts:
            seg = tuv.find("seg")
            texts[lang] = xmlsafe.inline_text(seg).strip() if seg is not None else ""
    return texts


def write(
    pairs: Iterable[ExportPair],
    path: Path,
    *,
    tool_version: str,
    src_lang: str = "zh-CN",
    tgt_lang: str = "en-US",
) -> int:
    """Write pairs as TMX 1.4b (zh tuv labelled `src_lang` first); return the number of tu written.

    Pairs with the same zh and en become one tu listing every document; pairs with an empty side are left out.
    """
    now = datetime.now(timezone.utc).strftime(_TMX_TIME)
    path = Path(path)
    written = 0
    # Merging needs every pair seen before the first tu can be finished (its x-document props
    # come before its tuvs), and `pairs` can be read only once. So pass 1 spools the first
    # occurrence of each pair to a temporary file and keeps in memory only a 16-byte hash per
    # distinct pair plus the extra documents of repeated pairs; pass 2 writes the tus from the
    # spool. The spool lives beside the target, not in /tmp, which is often a RAM disk.
    with atomic_write(path) as out, tempfile.TemporaryFile(dir=path.parent) as spool:
        more_docs = _spool_first_occurrences(pairs, spool)
        spool.seek(0)
        with etree.xmlfile(out, encoding="UTF-8") as xf:
            xf.write_declaration()
            xf.write_doctype(DOCTYPE)
            with xf.element("tmx", version="1.4"):
                xf.write("\n")
                xf.write(_header_element(tool_version, src_lang, now), pretty_print=True)
                with xf.element("body"):
                    xf.write("\n")
                    for pair in _unspool(spool):
                        written += 1
                        docs = [pair.document, *more_docs.get(_key(pair), ())]
                        xf.write(_tu(written, pair, docs, src_lang, tgt_lang, now), pretty_print=True)
                xf.write("\n")
    return written


def _key(pair: ExportPair) -> bytes:
    return hashlib.blake2b(f"{pair.zh}\0{pair.en}".encode(), digest_size=16).digest()


def _spool_first_occurrences(pairs: Iterable[ExportPair], spool: IO[bytes]) -> dict[bytes, list[str]]:
    """Pickle each distinct, non-empty pair to `spool`; return the further documents of repeated pairs."""
    seen: set[bytes] = set()
    more_docs: dict[bytes, list[str]] = {}
    for pair in pairs:
        pair = _cleaned(pair)
        if not pair.zh.strip() or not pair.en.strip():
            continue
        key = _key(pair)
        if key not in seen:
            seen.add(key)
            pickle.dump(pair, spool, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            docs = more_docs.setdefault(key, [])
            if pair.document not in docs:
                docs.append(pair.document)
    return more_docs


def _unspool(spool: IO[bytes]) -> Iterator[ExportPair]:
    # Unpickling is safe here: the spool is our own temporary file, written just before.
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def _cleaned(pair: ExportPair) -> ExportPair:
    texts = ("zh", "en", "document", "publisher", "date")
    return replace(pair, **{name: xmlsafe.clean(getattr(pair, name)) for name in texts})


def _header_element(tool_version: str, src_lang: str, now: str) -> etree._Element:
    attrs = {
        "creationtool": "gloss",
        "creationtoolversion": tool_version,
        "segtype": "sentence",
        "o-tmf": "gloss",
        "adminlang": "en-US",
        "srclang": src_lang,
        "datatype": "plaintext",
        "creationdate": now,
    }
    return etree.Element("header", attrs)


def _tu(n: int, pair: ExportPair, documents: Sequence[str], src_lang: str, tgt_lang: str, now: str) -> etree._Element:
    tu = etree.Element("tu", tuid=str(n), creationdate=_tmx_time(pair.created, now))
    props = [("x-document", doc) for doc in dict.fromkeys(documents)]
    props += [("x-publisher", pair.publisher), ("x-date", pair.date), ("x-score", f"{pair.score:.2f}")]
    for kind, value in props:
        if value:
            etree.SubElement(tu, "prop", type=kind).text = value
    for lang, text in ((src_lang, pair.zh), (tgt_lang, pair.en)):
        tuv = etree.SubElement(tu, "tuv", {xmlsafe.XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = text
    return tu


def _tmx_time(iso: str, default: str) -> str:
    """An ISO 8601 timestamp as TMX wants it (UTC, YYYYMMDDThhmmssZ); `default` if it is not one."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return default
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)  # the store keeps UTC timestamps
    return moment.astimezone(timezone.utc).strftime(_TMX_TIME)
