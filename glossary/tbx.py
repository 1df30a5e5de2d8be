"""TBX glossaries: a TBX-Basic writer (TBX 2008 `martif`, which CAT tools import, or TBX v3 DCA),
a streaming reader for both flavours, and the import of an edited or foreign TBX as editors' decisions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree

from glossary import decisions, imports, termbase
from glossary.clusters import fold
from glossary.decisions import ADMITTED, DEPRECATED, PREFERRED, STATUSES, Decision, GlossaryTerm, to_json
from glossary.imports import ImportResult, Problem, changes
from glossary.records import Example, RenderingCluster, listed
from glossary.exports import ExportFormat, ExportOptions
from tm import xmlsafe
from tm.atomic import atomic_write
from tm.decode import regular_file
from tm.errors import GlossError
from tm.lang import EN_CODE, ZH_CODE, lang_of, normalize
from tm.store import Store

V3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
SUPERSEDED = "supersededTerm"
_STATUS_SUFFIX = "-admn-sts"
# TBX-Basic also lets tools show (and some write) plain-word statuses.
_STATUS_WORDS = {"preferred": PREFERRED, "admitted": ADMITTED, "notRecommended": DEPRECATED,
                 "deprecated": DEPRECATED, "obsolete": SUPERSEDED, "superseded": SUPERSEDED}
_STATUS_NOTE = re.compile(r"status:\s*(.+)")  # how an entry carries the term's review status
# What an entry said when exported and the store's decision then, so that an import can tell an
# editor's change from an older file (see `plan`).
_REVISION_NOTE = re.compile(r"gloss revision ([0-9a-f]{8})-([0-9a-f]{8})-([0-9a-f]{8})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ENTRY_TAGS = ("{*}termEntry", "{*}conceptEntry")


@dataclass(frozen=True)
class _Flavour:
    """Element names that differ between TBX 2008 and TBX v3; the rest of TBX-Basic is shared."""

    root_start: str
    root: str
    header: str
    entry: str
    language: str
    term: str
    xcs: str  # the constraint file TBX 2008 names in its header; v3 has none


FLAVOURS = {
    2: _Flavour('<martif type="TBX-Basic" xml:lang="en">', "martif", "martifHeader", "termEntry", "langSet", "tig",
                "TBXBasicXCSV02.xcs"),
    3: _Flavour(f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{V3_NAMESPACE}">', "tbx", "tbxHeader",
                "conceptEntry", "langSec", "termSec", ""),
}


@dataclass(frozen=True)
class Term:
    """One term of a language section (a tig or termSec) as read."""

    text: str
    status: str = ""  # PREFERRED, ADMITTED, DEPRECATED, SUPERSEDED, or the file's own value; "" when absent
    part_of_speech: str = ""
    context: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A termEntry / conceptEntry as read: its language sections in file order and its own notes."""

    id: str
    languages: tuple[tuple[str, tuple[Term, ...]], ...]  # (xml:lang as written, terms)
    notes: tuple[str, ...] = ()
    line: int = 0

    def terms(self, lang: str) -> tuple[Term, ...]:
        """The terms of every section in language `lang` ("zh" matches zh-CN, zh-Hans, ZH_tw …)."""
        return tuple(t for tag, terms in self.languages if _primary(tag) == lang.lower() for t in terms)


def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").partition("-")[0]


# Writing

def write(terms: Iterable[GlossaryTerm], path: Path, *, version: int = 2, zh_code: str = ZH_CODE,
          en_code: str = EN_CODE, tool_version: str = "") -> int:
    """Write one entry per Chinese term as TBX-Basic (`version` 2: TBX 2008, 3: TBX v3); return the count."""
    path = Path(path)
    if version not in FLAVOURS:
        raise GlossError(f"TBX version must be 2 (TBX 2008) or 3 (TBX v3), not {version}")
    if lang_of(zh_code) != "zh" or lang_of(en_code) != "en":
        raise GlossError(f"language codes must be Chinese and English, not {zh_code!r} and {en_code!r}")
    zh_code, en_code = zh_code.replace("_", "-"), en_code.replace("_", "-")  # xml:lang wants BCP 47
    terms = iter(terms)
    first = next(terms, None)
    if first is None:  # both schemas want at least one entry in the body
        raise GlossError("the glossary is empty: nothing to write", path)
    flavour = FLAVOURS[version]
    written = 0
    # The markup is written entry by entry, so memory stays flat. Entries are built without a
    # namespace and written as text inside the root, whose default namespace (v3) they then inherit.
    with atomic_write(path, "w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n{flavour.root_start}\n')
        out.write(_markup(_header(flavour, zh_code, en_code, tool_version)))
        out.write("<text>\n<body>\n")
        for term in chain([first], terms):
            written += 1
            out.write(_markup(_entry(term, f"term-{written}", flavour, zh_code, en_code)))
        out.write(f"</body>\n</text>\n</{flavour.root}>\n")
    return written


def _markup(el: etree._Element) -> str:
    return etree.tostring(el, encoding="unicode", pretty_print=True)


def _sub(parent: etree._Element, tag: str, text: str = "", **attrib: str) -> etree._Element:
    el = etree.SubElement(parent, tag, attrib)
    if text:
        el.text = xmlsafe.clean(text)
    return el


def _header(flavour: _Flavour, zh_code: str, en_code: str, tool_version: str) -> etree._Element:
    header = etree.Element(flavour.header)
    desc = _sub(header, "fileDesc")
    _sub(_sub(desc, "titleStmt"), "title", f"gloss glossary, {zh_code} → {en_code}")
    tool = " ".join(x for x in ("gloss", tool_version) if x)
    _sub(_sub(desc, "sourceDesc"), "p", f"Written by {tool} on {date.today().isoformat()} from terms mined from "
                                        "aligned and English-only documents, with editors' decisions applied.")
    if flavour.xcs:
        _sub(_sub(header, "encodingDesc"), "p", flavour.xcs, type="XCSURI")
    return header


def _entry(term: GlossaryTerm, entry_id: str, flavour: _Flavour, zh_code: str, en_code: str) -> etree._Element:
    entry = etree.Element(flavour.entry, id=entry_id)
    # The review status and the editor's note belong to the whole entry; the reader reads them back.
    _sub(entry, "note", f"status: {term.status}")
    if term.note:
        _sub(entry, "note", term.note)
    revision = _sub(entry, "note")  # filled in once the entry is whole
    clusters = term.entry.renderings if term.entry else ()
    decided = term.decision.updated if term.decision else ""
    _transactions(entry, min((c.first_date for c in clusters), default=""),
                  decided or max((c.last_date for c in clusters), default=""))

    zh_section = _sub(entry, flavour.language, **{xmlsafe.XML_LANG: zh_code})
    zh = _term(zh_section, flavour, term.term, _chinese_example(term))
    _sub(zh, "note", _term_summary(term))
    if term.renderings:
        en_section = _sub(entry, flavour.language, **{xmlsafe.XML_LANG: en_code})
        for text, status in term.renderings:
            same = [c for c in clusters if fold(c.text) == fold(text)]  # aligned and inferred clusters
            example = next((x for c in same for x in c.examples), None)
            en = _term(en_section, flavour, text, (example.en, example) if example else None, status)
            _transactions(en, min((c.first_date for c in same), default=""),
                          max((c.last_date for c in same), default=""))
            _sub(en, "note", _evidence(same))
    # The digest is of what the reader will read back, so that an untouched entry always matches.
    said = _Said()
    _merge(said, _read_entry(entry))
    key = normalize(term.term, "zh")
    revision.text = f"gloss revision {_digest(key)}-{_content(key, said)}-{_decided(term.decision)}"
    return entry


def _term(section: etree._Element, flavour: _Flavour, text: str, context: tuple[str, Example] | None,
          status: str = "") -> etree._Element:
    el = _sub(section, flavour.term)
    _sub(el, "term", text)
    # The miner extracts names and noun phrases; nothing it knows says otherwise.
    _sub(el, "termNote", "noun", type="partOfSpeech")
    if status:
        _sub(el, "termNote", status + _STATUS_SUFFIX, type="administrativeStatus")
    if context:
        sentence, example = context
        group = _sub(el, "descripGrp")
        _sub(group, "descrip", sentence, type="context")
        source = ", ".join(x for x in (example.publisher, example.date, example.document) if x)
        if source:
            _sub(group, "admin", source, type="source")
    return el


def _chinese_example(term: GlossaryTerm) -> tuple[str, Example] | None:
    """A Chinese sentence with the term: from the preferred rendering's aligned pairs first."""
    clusters: tuple[RenderingCluster, ...] = term.entry.renderings if term.entry else ()
    ordered = sorted(clusters, key=lambda c: fold(c.text) != fold(term.preferred))
    example = next((x for c in ordered for x in c.examples if x.zh), None)
    return (example.zh, example) if example else None


def _transactions(parent: etree._Element, first: str, last: str) -> None:
    for kind, when in (("origination", first), ("modification", last)):
        day = _day(when)
        if day:
            group = _sub(parent, "transacGrp")
            _sub(group, "transac", kind, type="transactionType")
            _sub(group, "date", day)


def _day(when: str) -> str:
    """The YYYY-MM-DD day of a date or timestamp, or "" (both schemas want a valid xsd:date)."""
    match = _ISO_DATE.match(when)
    if not match:
        return ""
    try:
        return date.fromisoformat(match.group()).isoformat()
    except ValueError:
        return ""


def _content(term: str, what: _Said) -> str:
    """A digest of what an entry says about `term` (spacing and order aside)."""
    return _digest(term, " ".join(what.status.split()), sorted(" ".join(n.split()) for n in what.notes),
                   sorted((" ".join(t.text.split()), t.status) for t in what.english))


def _decided(decision: Decision | None) -> str:
    return _digest(to_json(decision) if decision else "")


def _digest(*parts) -> str:
    import hashlib
    import json

    return hashlib.sha1(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:8]


def _term_summary(term: GlossaryTerm) -> str:
    e = term.entry
    if e is None:
        return f"pinyin: {termbase.pinyin_of(term.term)}; added by an editor"
    return (f"pinyin: {e.pinyin}; {e.category}; {e.frequency} occurrences; found as a {e.kind} term; "
            f"inconsistency {e.score:.2f}" + (f"; proposed because {e.preferred_reason}" if e.preferred_reason else ""))


def _evidence(clusters: list[RenderingCluster]) -> str:
    """Counts, evidence, documents and publishers of one rendering, in a line."""
    if not clusters:
        return "added by an editor"
    counts = ", ".join(f"{c.count} {c.evidence} (confidence {c.confidence:.2f})" for c in clusters)
    documents = listed(dict.fromkeys(d for c in clusters for d in c.documents))
    publishers = listed(dict.fromkeys(p for c in clusters for p in c.publishers))
    return f"{counts}; documents: {documents}" + (f"; publishers: {publishers}" if publishers else "")


# Reading

def read(path: Path) -> Iterator[Entry]:
    """The entries of a TBX 2008 (`martif`) or TBX v3 (`tbx`) file, streamed; bad XML raises GlossError."""
    try:
        with open(regular_file(path), "rb") as fh:
            head = fh.read(1 << 16)
    except OSError as exc:
        raise GlossError(f"cannot read: {exc.strerror or exc}", path) from None
    root = next((name for name in ("martif", "tbx") if xmlsafe.head_has_element(head, name)), None)
    if root is None:
        raise GlossError("not a TBX file: no <martif> (TBX 2008) or <tbx> (TBX v3) element", path)
    for event, el in xmlsafe.stream(path, root, _ENTRY_TAGS):
        if event == "end":
            entry = _read_entry(el)
            xmlsafe.release(el)
            yield entry


def _read_entry(el: etree._Element) -> Entry:
    languages = []
    for section in _children(el, "langSet", "langSec"):
        terms = tuple(_read_term(t) for t in _children(section, "tig", "ntig", "termSec"))
        languages.append((xmlsafe.xml_lang(section), terms))
    return Entry(el.get("id", ""), tuple(languages), _notes(el), el.sourceline or 0)


def _read_term(el: etree._Element) -> Term:
    # In TBX 2008 an ntig keeps its term and termNotes in a termGrp; v3 may group a termNote in a termNoteGrp.
    holders = [el, *_children(el, "termGrp")]
    term = next((c for h in holders for c in _children(h, "term")), None)
    notes = {n.get("type"): _text(n) for h in holders for n in _grouped(h, "termNote")}
    contexts = [d for d in _grouped(el, "descrip") if d.get("type") == "context"]
    return Term(_text(term) if term is not None else "", _status(notes.get("administrativeStatus", "")),
                notes.get("partOfSpeech", ""), _text(contexts[0]) if contexts else "", _notes(el))


def _children(el: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and xmlsafe.localname(c) in names]


def _grouped(el: etree._Element, name: str) -> list[etree._Element]:
    """Elements named `name` directly in `el` or in its groups (termNoteGrp, descripGrp)."""
    found = _children(el, name)
    for group in _children(el, name + "Grp"):
        found += _children(group, name)
    return found


def _notes(el: etree._Element) -> tuple[str, ...]:
    return tuple(note for note in (_note_text(n) for n in _children(el, "note")) if note)


def _text(el: etree._Element) -> str:
    return " ".join(xmlsafe.inline_text(el).split())


def _note_text(el: etree._Element) -> str:
    """A note's text with its author's line breaks and tabs kept and the file's indentation dropped."""
    return "\n".join(line.strip() for line in xmlsafe.inline_text(el).strip().splitlines())


def _status(value: str) -> str:
    value = value.strip()
    return _STATUS_WORDS.get(value, value.removesuffix(_STATUS_SUFFIX))


# Importing: TBX entries as editors' decisions

def _problem(entry: Entry, message: str) -> Problem:
    return Problem(f"line {entry.line}, entry {entry.id!r}", message)


@dataclass
class _Said:
    """What a file says about one Chinese term (entries with the same term are merged)."""

    english: list[Term] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status: str = ""  # from a "status: …" note, which only `gloss export tbx` writes
    complete: bool = False  # an entry of ours speaks for the term in full
    # from a "gloss revision …" note: digests of the term, of what its entry said, of the decision then
    revision: tuple[str, str, str] = ("", "", "")
    where: Entry | None = None  # the first entry naming the term


def import_file(store: Store, path: Path, *, partial: bool = False, force: bool = False) -> ImportResult:
    """Apply the decisions a TBX holds (see `plan`); with problems nothing changes unless `partial`."""
    glossary = {t.term: t for t in decisions.glossary(store, termbase.entries(store))}
    planned, unchanged, problems, older = plan(path, glossary, force=force)
    if problems and not partial:
        return ImportResult(unchanged=unchanged, problems=problems)
    result = imports.record(store, ((glossary[d.term].decision if d.term in glossary else None, d)
                                      for d in planned), Path(path).name, problems, older)
    return replace(result, unchanged=result.unchanged + unchanged)


def plan(path: Path, glossary: dict[str, GlossaryTerm], force: bool = False
         ) -> tuple[list[Decision], int, tuple[Problem, ...], tuple[str, ...]]:
    """The decisions a TBX (ours after editing, or a foreign one) holds about the terms of `glossary`.

    In each entry preferredTerm sets the preferred rendering, deprecatedTerm (or supersededTerm)
    rejects a rendering, English terms that mining never saw are added, and the entry's notes become
    the note. An entry of ours (it has a "status: …" note) speaks for its term in full: what it leaves
    out is dropped from the earlier decision; but an entry of ours left as exported changes nothing,
    and one edited where the store's decision changed since the export is a conflict (unless
    `force`). An entry of a foreign file only adds to the earlier decision. Returns the decisions
    that change something, the count of terms left as they were, the entries that cannot be imported
    and the terms an older file would have reverted. A file where no entry has a Chinese term raises
    GlossError.
    """
    path = Path(path)
    said: dict[str, _Said] = {}
    problems: list[Problem] = []
    languages: set[str] = set()
    for entry in read(path):
        languages.update(tag for tag, _ in entry.languages)
        chinese = [t for t in entry.terms("zh") if t.text and t.status not in (DEPRECATED, SUPERSEDED)]
        wrong = _wrong(entry) if chinese else [f"no Chinese (zh) term; languages: "
                                              f"{', '.join(tag for tag, _ in entry.languages) or 'none'}"]
        if wrong:
            problems += [_problem(entry, message) for message in wrong]
            continue
        for zh in chinese:
            _merge(said.setdefault(normalize(zh.text, "zh"), _Said()), entry)
    if not said and problems:
        raise GlossError(f"no entry has a Chinese (zh) term to import; languages in the file: "
                         f"{', '.join(sorted(languages)) or 'none'}", path)
    planned, older = [], []
    for term, what in said.items():
        view = glossary.get(term)
        new = _decide(term, what, view)
        if not changes(view.decision if view else None, new):
            continue
        whose, exported, decided = what.revision
        if whose != _digest(term):
            exported = ""  # the note came with an entry copied for another term: no baseline
        moved = decided != _decided(view.decision if view else None)
        if exported and exported == _content(term, what):
            if moved:
                older.append(term)  # left as exported: the decision made since stands
        elif exported and moved and not force:
            problems.append(_problem(what.where, "conflict: the store's decision changed since this file was "
                                                 "exported and the entry was edited too (--force takes the file's)"))
        else:
            planned.append(new)
    return planned, len(said) - len(planned), tuple(problems), tuple(older)


def _wrong(entry: Entry) -> list[str]:
    """What keeps an entry with a Chinese term from being imported."""
    english = entry.terms("en")
    wrong = [f"administrative status {t.status!r} of {t.text!r} is not one TBX-Basic knows"
             for t in english if t.status not in ("", PREFERRED, ADMITTED, DEPRECATED, SUPERSEDED)]
    preferred = [t.text for t in english if t.status == PREFERRED]
    if len(preferred) > 1:
        wrong.append(f"{len(preferred)} preferred English terms: {', '.join(preferred)}")
    for note in entry.notes:
        status = _STATUS_NOTE.fullmatch(note)
        if status and status.group(1).strip() not in STATUSES:
            wrong.append(f"status {status.group(1).strip()!r} is not one of {', '.join(STATUSES)}")
    return wrong


def _merge(what: _Said, entry: Entry) -> None:
    what.where = what.where or entry
    what.english += [t for t in entry.terms("en") if t.text]
    for note in entry.notes:
        status = _STATUS_NOTE.fullmatch(note)
        revision = _REVISION_NOTE.fullmatch(note)
        if status:
            what.status, what.complete = status.group(1).strip(), True
        elif revision:
            what.revision = revision.groups()
        elif note not in what.notes:
            what.notes.append(note)


def _decide(term: str, what: _Said, view: GlossaryTerm | None) -> Decision:
    old = view.decision if view and view.decision else Decision(term)
    base = Decision(term) if what.complete else old
    mined = {fold(c.text) for c in view.entry.renderings} if view and view.entry else set()
    proposal = view.entry.preferred if view and view.entry else ""

    preferred = next((t.text for t in what.english if t.status == PREFERRED), "") or base.preferred
    if fold(preferred) == fold(old.preferred):
        preferred = old.preferred  # the same rendering, however it is written now
    elif not old.preferred and fold(preferred) == fold(proposal):
        preferred = ""  # the mined proposal: leave it to mining, as before
    said = {fold(t.text) for t in what.english}
    # A rejection stands until the file shows the rendering otherwise: exports leave rejected
    # renderings out unless --include-rejected, so an entry without one has not lifted it.
    rejected = [r for r in old.rejected if fold(r) not in said]
    rejected += [t.text for t in what.english if t.status in (DEPRECATED, SUPERSEDED)]
    added = [a for a in base.added if fold(a) not in said]
    # The preferred rendering shows without being added, unless the editor had added it by hand.
    added += [t.text for t in what.english if fold(t.text) not in mined
              and (fold(t.text) != fold(preferred) or t.text in old.added)]
    # A foreign file's notes are added to the editor's note, which they do not replace.
    notes = [base.note] if base.note else []
    notes += [n for n in what.notes if n not in base.note]
    return Decision(term, preferred, what.status or base.status, "\n".join(notes),
                    _as_before(rejected, old.rejected), _as_before(added, old.added), old.extra)


def _as_before(texts: list[str], before: tuple[str, ...]) -> tuple[str, ...]:
    """`texts` without repeats, spelled as in `before` where they fold alike (so re-imports change nothing)."""
    spelled = {fold(b): b for b in before}
    kept: dict[str, str] = {}
    for text in texts:
        kept.setdefault(fold(text), spelled.get(fold(text), text))
    return tuple(kept.values())


def _export(terms: list[GlossaryTerm], path: Path, options: ExportOptions) -> int:
    return write(terms, path, version=options.tbx_version, zh_code=options.zh_code, en_code=options.en_code,
                 tool_version=options.tool_version)


FORMAT = ExportFormat("tbx", ".tbx", "term", _export, build_name="glossary.tbx")
