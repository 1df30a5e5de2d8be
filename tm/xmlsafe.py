"""Safe XML reading shared by the XML formats: no entity expansion, no network, streaming."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Sequence

from lxml import etree

from tm.decode import sniff_encoding
from tm.errors import GlossError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

Events = Iterator[tuple[str, etree._Element]]  # ("start" | "end", element), as `stream` yields them

# Inline elements whose content is native markup of the original file, not text
# (TMX 1.4, XLIFF 1.2 and XLIFF 2 names). A <sub> inside them is text again.
CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "ut", "x", "bx", "ex", "sc", "ec"})

# Entities are never expanded: external ones would read local files (XXE), and with
# huge_tree libxml2 also relaxes its guard against entity amplification ("billion laughs").
# Comments and processing instructions are dropped so that the text around them joins up.
PARSE_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=True,
    remove_comments=True,
    remove_pis=True,
)

# Characters XML 1.0 cannot carry, escaped or not (C0 controls, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def parser() -> etree.XMLParser:
    """A parser for whole (small) documents with the same safety settings as `stream`."""
    return etree.XMLParser(**PARSE_OPTIONS)


def stream(path: Path, root: str, tags: Sequence[str]) -> Events:
    """Yield ("start" | "end", element) for the elements matching `tags` ("{*}name": any namespace).

    The document element must be named `root`; bad XML raises GlossError with its line.
    """
    try:
        context = etree.iterparse(str(path), events=("start", "end"), tag=list(tags), **PARSE_OPTIONS)
        checked = False
        for event, el in context:
            if not checked:
                _check_root(el.getroottree().getroot(), root, path)
                checked = True
            yield event, el
        if not checked:
            _check_root(context.root, root, path)
    except etree.XMLSyntaxError as exc:
        raise GlossError(f"malformed XML: {exc.msg}", path, exc.lineno or None) from None
    except OSError as exc:
        raise GlossError(f"cannot read: {exc.strerror or exc}", path) from None


def _check_root(el: etree._Element, root: str, path: Path) -> None:
    if localname(el) != root:
        raise GlossError(f"the root element is <{localname(el)}>, not <{root}>", path, el.sourceline)


def release(el: etree._Element) -> None:
    """Free a streamed element once handled, with its handled siblings, so memory stays flat."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first direct child with this tag; faster than el.find(), which goes through a path."""
    return next(el.iterchildren(tag), None)


def localname(el: etree._Element) -> str:
    return el.tag.rpartition("}")[2]


def xml_lang(el: etree._Element) -> str:
    """The element's language: xml:lang, or the `lang` attribute of TMX 1.1."""
    return el.get(XML_LANG) or el.get("lang") or ""




def inline_text(el: etree._Element) -> str:
    """The text of a segment, keeping the text inside markup such as <hi>, <g>, <mrk>, <sub>
    but not the native code inside <bpt>, <ph> and the like (the text after them is kept)."""
    if len(el) == 0:  # the common case: plain text, no inline elements
        return el.text or ""
    parts: list[str] = []
    keeps: list[bool] = []  # for each open node: is its own content segment text?
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if event == "start":
            # Entity references (never expanded) are nodes whose tag is not a string.
            keep = isinstance(node.tag, str) and localname(node) not in CODE_ELEMENTS
            keeps.append(keep)
            if keep and node.text:
                parts.append(node.text)
        else:
            keeps.pop()
            # A tail belongs to the parent's content; the segment's own tail is outside it.
            if keeps and keeps[-1] and node.tail:
                parts.append(node.tail)
    return "".join(parts)


def clean(text: str) -> str:
    """`text` without the characters that XML 1.0 cannot carry, for writers."""
    return _NOT_XML.sub("", text)


def head_has_element(head: bytes, name: str) -> bool:
    """Does the start of a file (UTF-8, UTF-16 or GB18030) contain a <name …> tag, any prefix?"""
    try:
        text = head.decode(sniff_encoding(head), errors="ignore")
    except GlossError:
        return False
    return re.search(rf"<(?:[\w.-]+:)?{re.escape(name)}[\s/>]", text) is not None
