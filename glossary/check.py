"""Terminology QA of a translation (`gloss check`): where a segment's English departs from the
glossary's renderings of the terms its Chinese holds, where one source is translated two ways or
two sources one way, and where numbers, Latin tokens or quotations disagree.

The steps are pure functions: `rules_from_terms` (or a glossary file's `rules_from_file`) →
`segments` of the files checked → `check` → findings, which `cli` prints or writes."""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TextIO

from glossary.clusters import fold as rendering_key
from glossary.decisions import ADMITTED, DEPRECATED, PREFERRED, GlossaryTerm
from glossary.matching import TermMatcher
from tm.errors import GlossError
from tm.lang import fold, normalize

CHECKS = ("terms", "numbers", "tokens", "consistency")
# What each kind of finding says, as the table and the files name it.
MISSING, USES_DEPRECATED = "missing rendering", "deprecated rendering"
TWO_TRANSLATIONS, ONE_TRANSLATION = "inconsistent target", "inconsistent source"
NUMBER, TOKEN, QUOTES = "number mismatch", "token mismatch", "quote mismatch"

_ARTICLES = frozenset(("a", "an", "the"))
_WORD = re.compile(r"[^\W_]+")
# Not 《》: the title of a book or a law takes no quotes in English.
_ZH_QUOTED = re.compile(r"“[^“”]+”|「[^「」]+」|『[^『』]+』")
_EN_QUOTED = re.compile(r"\"[^\"]+\"|“[^“”]+”")


@dataclass(frozen=True)
class TermRule:
    """What the glossary expects for one term: any of `admitted` (the preferred first), never `deprecated`."""

    term: str
    admitted: tuple[str, ...]
    deprecated: tuple[str, ...] = ()

    @property
    def preferred(self) -> str:
        return self.admitted[0] if self.admitted else ""

    @cached_property
    def listed(self) -> str:
        """The admitted renderings as a finding names them: "cyber power | network power"."""
        return " | ".join(self.admitted)


@dataclass(frozen=True)
class Segment:
    """A source sentence and its translation, and where it is (file, and line, unit id or entry)."""

    file: str
    ref: str
    zh: str
    en: str


@dataclass(frozen=True)
class Finding:
    kind: str  # MISSING, USES_DEPRECATED, TWO_TRANSLATIONS, ONE_TRANSLATION, NUMBER, TOKEN, QUOTES
    segment: Segment
    term: str = ""
    found: str = ""  # what the translation has: the deprecated rendering, the other translation, the odd number
    expected: str = ""  # what it should have instead

    def describe(self) -> str:
        """One line for people: what is wrong and what to use instead."""
        if self.kind == MISSING:
            return f"{self.kind}: none of {self.expected!r}"
        if self.kind == USES_DEPRECATED:
            return f"{self.kind} {self.found!r}: use {self.expected!r}"
        if self.kind in (TWO_TRANSLATIONS, ONE_TRANSLATION):
            return f"{self.kind}: also {self.expected!r}"
        return f"{self.kind}: {self.found} (expected {self.expected})"

    def as_row(self) -> dict[str, str]:
        s = self.segment
        return {"file": s.file, "segment": s.ref, "check": self.kind, "term": self.term, "found": self.found,
                "expected": self.expected, "source": s.zh, "target": s.en}


ROW_COLUMNS = ("file", "segment", "check", "term", "found", "expected", "source", "target")


def rules_from_terms(terms: Iterable[GlossaryTerm]) -> list[TermRule]:
    """The rules of the merged glossary: every rendering not rejected is admitted, the preferred first."""
    rules = []
    for t in terms:
        admitted = tuple(text for text, status in t.renderings if status in (PREFERRED, ADMITTED))
        # A rejected rendering nobody used yet is among the decision's, not the renderings'.
        rejected = [text for text, status in t.renderings if status == DEPRECATED]
        known = {rendering_key(r) for r in rejected}
        unseen = [r for r in (t.decision.rejected if t.decision else ()) if rendering_key(r) not in known]
        deprecated = (*rejected, *unseen)
        if admitted or deprecated:
            rules.append(TermRule(t.term, admitted, deprecated))
    return rules


def decided(terms: Iterable[GlossaryTerm]) -> list[GlossaryTerm]:
    """The terms an editor has ruled on: approved, or given a preferred or a rejected rendering.
    Mined proposals are not the glossary a translation is held to."""
    return [t for t in terms if t.status != "rejected" and t.decision is not None
            and (t.status == "approved" or t.decision.preferred or t.decision.rejected)]


def rules_from_file(path: Path) -> list[TermRule]:
    """The rules of a glossary file: TBX (2008 or v3, any tool's), gloss's review workbook, or a
    flat glossary (OmegaT TSV: source, target, comment; CSV with gloss's header)."""
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        return _rules_from_tbx(path)
    if suffix == ".xlsx":
        from glossary import xlsx

        return rules_from_terms(t for t in xlsx.read_glossary(path) if t.status != "rejected")
    if suffix in (".txt", ".tsv", ".tab", ".utf8", ".csv"):
        return _rules_from_rows(path)
    raise GlossError("a glossary to check against is a .tbx, .xlsx, .tsv/.txt (OmegaT) or .csv file", path)


def _rules_from_tbx(path: Path) -> list[TermRule]:
    from glossary import tbx

    statuses = {PREFERRED: "preferred", DEPRECATED: "deprecated", "supersededTerm": "deprecated"}
    return _rules((zh.text, en.text, statuses.get(en.status, "admitted"))
                  for entry in tbx.read(path) for zh in entry.terms("zh") for en in entry.terms("en"))


def _rules_from_rows(path: Path) -> list[TermRule]:
    from glossary import tsv

    return _rules((row.zh, row.en, row.status) for row in tsv.read(path))


def _rules(renderings: Iterable[tuple[str, str, str]]) -> list[TermRule]:
    """Rules from (term, rendering, preferred | admitted | deprecated), a term's in any order."""
    grouped: dict[str, tuple[list[str], list[str]]] = {}
    for zh, en, status in renderings:
        zh, en = zh.strip(), en.strip()
        if not zh or not en:
            continue
        admitted, deprecated = grouped.setdefault(normalize(zh, "zh"), ([], []))
        if status == "deprecated":
            deprecated.append(en)
        elif status == "preferred":
            admitted.insert(0, en)
        else:
            admitted.append(en)
    return [TermRule(term, tuple(dict.fromkeys(a)), tuple(dict.fromkeys(d))) for term, (a, d) in grouped.items()]


def segments(paths: Sequence[Path], on_error: Callable[[GlossError], None] | None = None) -> Iterator[Segment]:
    """Every translated segment of the files (any format gloss reads; text is aligned first), in
    order, streamed. A file that cannot be read raises GlossError, or with `on_error` is reported
    and the rest of it skipped."""
    from tm import formats
    from tm.ingest import read_source
    from tm.sources import collect

    for source in collect(list(paths), formats.supported_suffixes()):
        try:
            for doc in read_source(source):
                yield from _document_segments(str(source.path), doc)
        except GlossError as exc:
            if on_error is None:
                raise
            on_error(exc)


def _document_segments(file: str, doc) -> Iterator[Segment]:
    """A document's translated segments: its units as the file pairs them (a TMX unit, an XLIFF
    trans-unit, a PO entry), or its running text's sentences as the aligner pairs them."""
    from tm.align import align_document

    if not doc.blocks:
        yield from (Segment(file, u.ref, u.zh, u.en) for u in doc.units if u.zh.strip() and u.en.strip())
        return
    for bead in align_document(doc):
        if bead.zh and bead.en:
            yield Segment(file, bead.zh[0].ref, bead.zh_text, bead.en_text)


def checks_named(option: str) -> tuple[str, ...]:
    """The checks a `--checks` option names (comma-separated)."""
    named = tuple(c.strip() for c in option.split(",") if c.strip())
    unknown = [c for c in named if c not in CHECKS]
    if unknown or not named:
        raise GlossError(f"no check named {', '.join(unknown) or '(none)'}; the checks are {', '.join(CHECKS)}")
    return named


def check(read: Callable[[], Iterable[Segment]], rules: Sequence[TermRule], checks: Sequence[str] = CHECKS
          ) -> Iterator[Finding]:
    """The findings of `checks` on the segments `read` gives, streamed in segment order,
    consistency last (for those, `read` is called a second time, and only if some source or
    target disagrees)."""
    by_term = {r.term: r for r in rules}
    matcher = TermMatcher(by_term) if "terms" in checks else None
    renderings = _Renderings()
    consistency = _Consistency() if "consistency" in checks else None
    for seg in read():
        zh, en = normalize(seg.zh, "zh"), fold(seg.en)
        if matcher is not None:
            held = matcher.find(zh)
            if held:
                yield from _term_findings(seg, [by_term[t] for t in held], renderings.target(en), renderings)
        if "numbers" in checks or "tokens" in checks:
            yield from _anchor_findings(seg, zh, en, checks)
        if consistency is not None:
            consistency.add(_digests(zh, en))
    if consistency is not None and consistency.disagreements():
        yield from consistency.findings(read())


def _term_findings(seg: Segment, rules: list[TermRule], target: _Target, renderings: _Renderings
                   ) -> list[Finding]:
    found = []
    for rule in rules:
        wrong = [d for d in rule.deprecated if target.holds(renderings.of(d))]
        if wrong:
            found.append(Finding(USES_DEPRECATED, seg, rule.term, wrong[0], rule.preferred))
        elif rule.admitted and not any(target.holds(renderings.of(a)) for a in rule.admitted):
            found.append(Finding(MISSING, seg, rule.term, "", rule.listed))
    return found


class _Target:
    """English as renderings are looked for in it: its words stemmed, articles out (so "the
    Leading Cyber Powers" holds "leading cyber power"), and its letters run together (so that a
    rendering split by an inline tag, a hyphen or a line break still counts)."""

    def __init__(self, words: Sequence[str], squeezed: str) -> None:
        self.spaced = f" {' '.join(words)} "  # a rendering is held where its words are, whole
        self.squeezed = squeezed

    def holds(self, rendering: _Target) -> bool:
        return (len(rendering.spaced) > 2 and rendering.spaced in self.spaced) or \
            (bool(rendering.squeezed) and rendering.squeezed in self.squeezed)


class _Renderings:
    """English as `_Target`s, each rendering's worked out once."""

    def __init__(self) -> None:
        self._cache: dict[str, _Target] = {}

    def of(self, rendering: str) -> _Target:
        found = self._cache.get(rendering)
        if found is None:
            found = self._cache[rendering] = self.target(fold(rendering))
        return found

    @staticmethod
    def target(text: str) -> _Target:
        """`text` (folded) as a `_Target`."""
        from tm.lexicon import stem

        words = [w for w in _WORD.findall(text.lower()) if w not in _ARTICLES]
        return _Target([stem(w) for w in words], "".join(words))


def _anchor_findings(seg: Segment, zh_text: str, en_text: str, checks: Sequence[str]) -> list[Finding]:
    """Numbers one side writes in digits that the other lacks in any form (8.14亿 ↔ 814 million,
    十四五 ↔ 14th; a number spelled out may be rendered by a word — 两 "both" — and is not held
    against the other side); Latin tokens of the source (IPv6, 5G, APEC) the translation lacks,
    and fewer quoted spans in the translation than in the source ("清朗" → "Clear and Bright")."""
    from tm.features import en_digit_numbers, en_numbers, latin_tokens, zh_digit_numbers, zh_numbers

    found = []
    if "numbers" in checks:
        for side, digits, theirs in (("zh", zh_digit_numbers(zh_text), en_numbers(en_text)),
                                     ("en", en_digit_numbers(en_text), zh_numbers(zh_text))):
            theirs = {_rounded(v) for v in theirs}
            for value in sorted(v for v in digits if _rounded(v) not in theirs):
                found.append(Finding(NUMBER, seg, "", _number_text(value), f"the same number in the {_other(side)}"))
    if "tokens" in checks:
        # Only the source's: an English acronym (CPC, APEC) renders Chinese words as often as not.
        for token in sorted(latin_tokens(zh_text) - latin_tokens(en_text)):
            found.append(Finding(TOKEN, seg, "", token, f"{token} in the translation"))
        quoted, rendered = len(_ZH_QUOTED.findall(zh_text)), len(_EN_QUOTED.findall(en_text))
        if quoted > rendered:
            found.append(Finding(QUOTES, seg, "", f"{quoted} quoted in the source, {rendered} in the translation",
                                 f"{quoted} quoted in the translation"))
    return found


def _rounded(value: float) -> float:
    """A number to nine significant digits: 8.14 × 10⁸ and 814 × 10⁶ are one number."""
    return float(f"{value:.9g}")


def _number_text(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _other(side: str) -> str:
    return "translation" if side == "zh" else "source"


class _Consistency:
    """One source translated two ways, two sources translated one way, across all files checked.
    Reading keeps two digests a segment; the segments of the groups that disagree are collected
    on a second reading."""

    def __init__(self) -> None:
        self.target_of: dict[bytes, bytes] = {}  # a source's first translation
        self.source_of: dict[bytes, bytes] = {}  # a translation's first source
        self.two_targets: set[bytes] = set()  # sources translated more than one way
        self.two_sources: set[bytes] = set()  # translations of more than one source

    def add(self, digests: tuple[bytes, bytes]) -> None:
        source, target = digests
        if self.target_of.setdefault(source, target) != target:
            self.two_targets.add(source)
        if self.source_of.setdefault(target, source) != source:
            self.two_sources.add(target)

    def disagreements(self) -> bool:
        return bool(self.two_targets or self.two_sources)

    def findings(self, segs: Iterable[Segment]) -> list[Finding]:
        by_source: dict[bytes, list[Segment]] = defaultdict(list)
        by_target: dict[bytes, list[Segment]] = defaultdict(list)
        for seg in segs:
            source, target = _digests(normalize(seg.zh, "zh"), fold(seg.en))
            if source in self.two_targets:
                by_source[source].append(seg)
            if target in self.two_sources:
                by_target[target].append(seg)
        return ([f for group in by_source.values() for f in _group(TWO_TRANSLATIONS, group, lambda s: s.en)]
                + [f for group in by_target.values() for f in _group(ONE_TRANSLATION, group, lambda s: s.zh)])


def _group(kind: str, members: list[Segment], text: Callable[[Segment], str]) -> list[Finding]:
    """A finding for each segment of a group that disagrees, naming the group's other versions."""
    counts = Counter(text(s) for s in members)
    return [Finding(kind, s, "", text(s), " | ".join(t for t, _ in counts.most_common() if t != text(s)))
            for s in members]


def _digests(zh: str, en: str) -> tuple[bytes, bytes]:
    """A segment's source and target (matching forms) as compared: the English in lower case."""
    return _digest("zh", zh), _digest("en", en.lower())


def _digest(side: str, text: str) -> bytes:
    return hashlib.blake2b(f"{side}\0{text}".encode(), digest_size=12).digest()


FORMATS = ("table", "csv", "json", "xlsx")


def grouped(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings by term (terms in the order first found), then by check for those of no term."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.term or f.kind, []).append(f)
    return sorted(groups.items(), key=lambda g: not g[1][0].term)


def write_findings(findings: Iterable[Finding], fmt: str, path: Path | None = None, out: TextIO | None = None
                   ) -> int:
    """CSV, JSON or XLSX of the findings, one row each, streamed: to `path` (written whole or not
    at all) or, for CSV and JSON, to `out`; returns how many there were."""
    from tm.atomic import atomic_write

    if fmt not in FORMATS or fmt == "table":
        raise GlossError(f"--format must be one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        if path is None:
            raise GlossError("--format xlsx needs --output FILE")
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        from glossary.xlsx import put_text

        wb = Workbook(write_only=True)  # rows go to the file as they come
        ws = wb.create_sheet("Findings")
        ws.append(list(ROW_COLUMNS))

        def text(value: object) -> WriteOnlyCell:
            cell = WriteOnlyCell(ws)
            put_text(cell, str(value))
            return cell

        n = 0
        for n, f in enumerate(findings, start=1):
            row = f.as_row()
            ws.append([text(row[c]) if isinstance(row[c], str) else row[c] for c in ROW_COLUMNS])
        with atomic_write(path) as fh:
            wb.save(fh)
        return n
    if path is None:
        return _write_text(findings, fmt, out or sys.stdout)
    with atomic_write(path, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8") as fh:
        return _write_text(findings, fmt, fh)


def _write_text(findings: Iterable[Finding], fmt: str, out: TextIO) -> int:
    import csv
    import json

    from glossary.report import spreadsheet_safe

    n = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(ROW_COLUMNS)
        for n, f in enumerate(findings, start=1):
            row = f.as_row()
            writer.writerow([spreadsheet_safe(row[c]) for c in ROW_COLUMNS])
        return n
    out.write("[")  # JSON: an array, one finding a line
    for n, f in enumerate(findings, start=1):
        out.write(("," if n > 1 else "") + "\n" + json.dumps(f.as_row(), ensure_ascii=False))
    out.write("\n]\n")
    return n
