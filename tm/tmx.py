"""TMX (Translation Memory eXchange) 1.1–1.4: a streaming reader and a TMX 1.4b writer."""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence
from xml.sax.saxutils import quoteattr

from lxml import etree

from tm import xmlsafe
from tm.lang import EN_CODE, ZH_CODE, lang_of
from tm.atomic import atomic_write
from tm.decode import file_hash
from tm.errors import GlossError
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


def _header(events: xmlsafe.Events) -> etree._Element | None:
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


def _units(events: xmlsafe.Events) -> Iterator[UnitPair]:
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
    for tuv in tu.iterchildren("tuv"):
        lang = lang_of(xmlsafe.xml_lang(tuv))
        if lang and lang not in texts:
            seg = xmlsafe.child(tuv, "seg")
            texts[lang] = xmlsafe.inline_text(seg).strip() if seg is not None else ""
    return texts


def write(
    pairs: Iterable[ExportPair],
    path: Path,
    *,
    tool_version: str,
    src_lang: str = ZH_CODE,
    tgt_lang: str = EN_CODE,
) -> int:
    """Write pairs as TMX 1.4b (zh tuv labelled `src_lang` first); return the number of tu written.

    Pairs with the same zh and en become one tu listing every document; pairs with an empty side are left out.
    """
    if lang_of(src_lang) != "zh" or lang_of(tgt_lang) != "en":
        raise GlossError(f"language codes must be Chinese and English, not {src_lang!r} and {tgt_lang!r}")
    now = datetime.now(timezone.utc).strftime(_TMX_TIME)
    path = Path(path)
    written = 0
    # Merging needs every pair seen before the first tu can be finished (its x-document props
    # come before its tuvs), and `pairs` can be read only once. So pass 1 spools the first
    # occurrence of each pair to a temporary file and keeps in memory only a 16-byte hash per
    # distinct pair plus the extra documents of repeated pairs; pass 2 writes the tus from the
    # spool. The spool lives beside the target, not in /tmp, which is often a RAM disk.
    # The XML is written as escaped strings: building lxml elements per tu is several times slower.
    langs = (_attr(src_lang), _attr(tgt_lang))
    with atomic_write(path, "w", encoding="utf-8") as out, tempfile.TemporaryFile(dir=path.parent) as spool:
        more_docs = _spool_first_occurrences(pairs, spool)
        spool.seek(0)
        out.write(_prologue(tool_version, langs[0], now))
        for pair in _unspool(spool):
            written += 1
            documents = [pair.document, *more_docs.get(_key(pair.zh, pair.en), ())]
            out.write(_tu(written, pair, documents, langs, now))
        out.write("</body>\n</tmx>\n")
    return written


def _key(zh: str, en: str) -> bytes:
    return hashlib.blake2b(f"{zh}\0{en}".encode(), digest_size=16).digest()


def _spool_first_occurrences(pairs: Iterable[ExportPair], spool: IO[bytes]) -> dict[bytes, list[str]]:
    """Pickle each distinct, non-empty pair to `spool`; return the further documents of repeated pairs."""
    seen: set[bytes] = set()
    more_docs: dict[bytes, list[str]] = {}
    for pair in pairs:
        fields = _cleaned_fields(pair)
        zh, en, document = fields[:3]
        if not zh.strip() or not en.strip():
            continue
        key = _key(zh, en)
        if key not in seen:
            seen.add(key)
            # Protocol 2 numbers memo entries per record from 0, so the one Unpickler that reads
            # them back overwrites its memo instead of keeping every record (protocol 4+ would).
            pickle.dump(fields, spool, protocol=2)
        else:
            docs = more_docs.setdefault(key, [])
            if document not in docs:
                docs.append(document)
    return more_docs


def _cleaned_fields(pair: ExportPair) -> tuple:
    """The pair's fields in ExportPair order (a tuple pickles fast), without characters XML cannot carry."""
    c = xmlsafe.clean
    texts = (c(pair.zh), c(pair.en), c(pair.document), c(pair.publisher), c(pair.date))
    return (*texts, pair.score, pair.created)


def _unspool(spool: IO[bytes]) -> Iterator[ExportPair]:
    # Unpickling is safe here: the spool is our own temporary file, written just before.
    # One Unpickler for all records, as creating one per record costs more than the loading.
    unpickler = pickle.Unpickler(spool)
    while True:
        try:
            yield ExportPair(*unpickler.load())
        except EOFError:
            return


def _text(value: str) -> str:
    # A literal CR would be read back as LF (XML end-of-line handling), so it is a reference.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    """`value` quoted and escaped for an attribute."""
    return quoteattr(xmlsafe.clean(value))


def _prologue(tool_version: str, src_lang_attr: str, now: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{DOCTYPE}\n"
        '<tmx version="1.4">\n'
        f'<header creationtool="gloss" creationtoolversion={_attr(tool_version)} segtype="sentence"'
        f' o-tmf="gloss" adminlang="en-US" srclang={src_lang_attr} datatype="plaintext"'
        f' creationdate="{now}"/>\n'
        "<body>\n"
    )


def _tu(n: int, pair: ExportPair, documents: Sequence[str], lang_attrs: tuple[str, str], now: str) -> str:
    props = [("x-document", doc) for doc in dict.fromkeys(documents)]
    props += [("x-publisher", pair.publisher), ("x-date", pair.date), ("x-score", f"{pair.score:.2f}")]
    lines = [f'<tu tuid="{n}" creationdate="{_tmx_time(pair.created, now)}">']
    lines += [f'  <prop type="{kind}">{_text(value)}</prop>' for kind, value in props if value]
    for lang, text in zip(lang_attrs, (pair.zh, pair.en)):
        lines.append(f"  <tuv xml:lang={lang}><seg>{_text(text)}</seg></tuv>")
    lines.append("</tu>\n")
    return "\n".join(lines)


def _tmx_time(iso: str, default: str) -> str:
    """An ISO 8601 timestamp as TMX wants it (UTC, YYYYMMDDThhmmssZ); `default` if it is not one."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return default
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)  # the store keeps UTC timestamps
    return moment.astimezone(timezone.utc).strftime(_TMX_TIME)
