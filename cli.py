"""gloss command line: parse arguments, call the library, print. Heavy imports stay inside commands."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional

import typer

from tm.errors import GlossError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Terminology and translation memory for Chinese→English policy translation.")
tm_app = typer.Typer(no_args_is_help=True, help="Translation-memory commands.")
export_app = typer.Typer(no_args_is_help=True, help="Write exports.")
import_app = typer.Typer(no_args_is_help=True, help="Read editors' decisions back.")
app.add_typer(tm_app, name="tm")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

DbOption = typer.Option(None, "--db", envvar="GLOSS_DB", help="Store file (default: ./gloss.sqlite).")
ZhCode = typer.Option("zh-CN", "--zh-code", help="Language code of the Chinese side.")
EnCode = typer.Option("en-US", "--en-code", help="Language code of the English side: en-US, en-GB, en.")
BUNDLED_SEEDS = Path(__file__).resolve().parent / "seeds"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gloss")
    except PackageNotFoundError:
        return "0+unknown"


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"gloss {_version()}")
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                          help="Print gloss's version and exit.")) -> None:
    """Terminology and translation memory for Chinese→English policy translation."""


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _n(count: int, noun: str) -> str:
    """"1 pair", "2 pairs", "3 OmegaT entries"."""
    return f"{count} {noun if count == 1 else _plural(noun)}"


def _fail(exc: GlossError) -> None:
    typer.echo(f"gloss: error: {exc}", err=True)
    raise typer.Exit(1)


def _open_store(db: Optional[Path], create: bool = True):
    from tm.store import Store

    return Store.open(db, create=create)


def _ingest(store, paths: List[Path], keep_going: bool):
    """Add sources with a progress bar on a terminal; print what went in."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from tm.ingest import ingest

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("adding", total=None)

        def on_source(source, n, total):
            progress.update(task, total=total, completed=n - 1, description=source.path.name[:40])

        report = ingest(store, paths, keep_going=keep_going, on_source=on_source)
    _print_report(store, report)
    return report


def _print_report(store, report) -> None:
    from tm.align import FLAG_BELOW

    flagged = store.flagged_by_document(FLAG_BELOW) if report.added else {}
    for doc in report.added:
        m = doc.meta
        extra = f", {flagged.get(m.doc_id, 0)} flagged" if doc.pairs else ""
        typer.echo(f"added {m.doc_id} ({m.layout}; {_n(doc.segments, 'sentence')}, {_n(doc.pairs, 'pair')}{extra})")
    for source, existing in report.duplicates:
        typer.echo(f"unchanged {source} (already stored as {existing})")
    for failure in report.failures:
        typer.echo(f"gloss: failed: {failure}", err=True)


@app.command()
def add(
    paths: List[Path] = typer.Argument(None, help="Files and folders to add."),
    zh: Optional[Path] = typer.Option(None, "--zh", help="A Chinese file whose translation is --en."),
    en: Optional[Path] = typer.Option(None, "--en", help="The English translation of --zh."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Add the good files when some fail."),
    db: Optional[Path] = DbOption,
) -> None:
    """Read, align and store bilingual or monolingual documents."""
    from tm.ingest import ingest_pair

    if bool(zh) != bool(en):
        raise typer.BadParameter("--zh and --en go together")
    if not paths and not zh:
        raise typer.BadParameter("give files or folders, or --zh FILE --en FILE")
    try:
        with _open_store(db) as store:
            if zh and en:
                _print_report(store, ingest_pair(store, zh, en))
            report = _ingest(store, list(paths), keep_going) if paths else None
    except GlossError as exc:
        _fail(exc)
    if report and report.failures:
        raise typer.Exit(1)


@app.command()
def build(
    sources: List[Path] = typer.Argument(None, help="Files and folders (default: the bundled seeds/)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for every export."),
    min_score: Optional[float] = typer.Option(None, "--min-score", help="Leave pairs scoring below this out of the TMX."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Go on when some files fail."),
    db: Optional[Path] = DbOption,
) -> None:
    """The main job: add the sources, run every stage, write every export into OUT."""
    from glossary import decisions, report, tbx, tsv, xlsx
    from tm import tmx
    from tm.align import FLAG_BELOW

    paths = list(sources or [BUNDLED_SEEDS if BUNDLED_SEEDS.is_dir() else Path("seeds")])
    try:
        with _open_store(db) as store:
            ingested = _ingest(store, paths, keep_going)
            written = tmx.write(store.export_pairs(FLAG_BELOW if min_score is None else min_score),
                                out / "gloss.tmx", tool_version=_version())
            typer.echo(f"wrote {out / 'gloss.tmx'} ({_n(written, 'translation unit')})")
            _mine(store, MineOptions())
            ranked = decisions.ranked(store, statuses=decisions.parse_statuses(""))
            report.save_csv(ranked, out / "ranking.csv")
            typer.echo(f"wrote {out / 'ranking.csv'} ({_n(len(ranked), 'term')})")
            terms = decisions.ranked(store)
            exported = decisions.for_export(terms)
            typer.echo(f"wrote {out / 'glossary.tbx'} ({_n(tbx.write(exported, out / 'glossary.tbx', tool_version=_version()), 'term')})")
            typer.echo(f"wrote {out / 'glossary.txt'} ({_n(tsv.write(exported, out / 'glossary.txt', fmt='tsv'), 'OmegaT entry')})")
            rows = xlsx.write(terms, out / "review.xlsx")
            typer.echo(f"wrote {out / 'review.xlsx'} ({_n(rows.get('Glossary', 0), 'term')} for review)")
    except GlossError as exc:
        _fail(exc)
    if ingested.failures:
        raise typer.Exit(1)


@dataclass(frozen=True)
class MineOptions:
    must_have: Optional[Path] = None
    stop: Optional[Path] = None
    max_terms: int = 2000
    prefer: str = "recent"
    authority: str = ""
    no_inferred: bool = False


def _word_list(path: Optional[Path]) -> frozenset:
    """One term a line; blank lines and lines starting with # are skipped."""
    from tm.decode import read_text

    if path is None:
        return frozenset()
    lines = (line.strip() for line in read_text(path).splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _mine(store, options: MineOptions):
    from glossary import termbase
    from glossary.mine import MineSettings, mine
    from glossary.ranking import ORDERS, PreferenceRule

    if options.prefer not in ORDERS:
        raise GlossError(f"--prefer must be one of {', '.join(ORDERS)}")
    rule = PreferenceRule(options.prefer, tuple(p.strip() for p in options.authority.split(",") if p.strip()))
    settings = MineSettings(_word_list(options.must_have), _word_list(options.stop), options.max_terms, rule,
                            not options.no_inferred)
    entries = mine(store, settings, progress=lambda step: typer.echo(step + "…", err=True) if sys.stderr.isatty() else None)
    termbase.save(store, entries)
    inconsistent = sum(1 for e in entries if e.score > 0)
    typer.echo(f"mined {_n(len(entries), 'term')}, {inconsistent} rendered inconsistently")
    return entries


@app.command("mine")
def mine_command(
    must_have: Optional[Path] = typer.Option(None, "--must-have", help="File of terms always kept, one a line."),
    stop: Optional[Path] = typer.Option(None, "--stop", help="File of terms never kept, one a line."),
    max_terms: int = typer.Option(2000, "--max-terms", help="Most terms kept, best first."),
    prefer: str = typer.Option("recent", "--prefer", help="Preferred rendering: recent | frequent (aligned first)."),
    authority: str = typer.Option("", "--authority", help="Publishers, most authoritative first, comma-separated."),
    no_inferred: bool = typer.Option(False, "--no-inferred", help="Skip evidence from English-only documents."),
    db: Optional[Path] = DbOption,
) -> None:
    """Mine Chinese terms and every English rendering observed for them; replaces earlier mined data."""
    try:
        with _open_store(db, create=False) as store:
            _mine(store, MineOptions(must_have, stop, max_terms, prefer, authority, no_inferred))
    except GlossError as exc:
        _fail(exc)


@app.command("rank")
def rank_command(
    top: int = typer.Option(20, "--top", "-n", help="How many terms."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    kind: str = typer.Option("", "--kind", "-k", help="policy, organisation, name, person, place (comma-separated), "
                             "or all (default: policy,organisation: names of people, places and other things have lists of their own)"),
    status: str = typer.Option("", "--status", "-s", help="proposed, approved, needs review, rejected (comma-separated), "
                               "or all (default: all but rejected)"),
    db: Optional[Path] = DbOption,
) -> None:
    """Terms whose renderings disagree, most inconsistent first, with the editors' decisions."""
    from glossary import decisions, kinds, report

    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter("--format is table, csv or json")
    try:
        wanted, statuses = kinds.parse(kind), decisions.parse_statuses(status)
        with _open_store(db, create=False) as store:
            if not store.ranked_terms(1) and not store.decisions():
                raise GlossError("no mined terms; run `gloss mine` (or `gloss build`) first")
            views = decisions.ranked(store, wanted, statuses, top)
    except GlossError as exc:
        _fail(exc)
    if fmt == "json":
        typer.echo(json.dumps([report.as_json(v) for v in views], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        report.write_csv(views, sys.stdout)
    else:
        from rich.console import Console
        from rich.table import Table

        if not views:
            typer.echo(f"no terms of the kinds {', '.join(wanted or ())} and statuses {', '.join(statuses or ())}")
            return
        table = Table("#", "term", "kind", "status", "score", "preferred", "renderings (count, evidence)", box=None)
        for n, v in enumerate(views, start=1):
            table.add_row(str(n), v.term, v.category, v.status, f"{v.score:.2f}", v.preferred,
                          report.rendering_summary(v))
        Console().print(table)


@app.command("lookup")
def lookup_command(
    query: str = typer.Argument(..., help="A Chinese term, an English rendering, or pinyin."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: Optional[Path] = DbOption,
) -> None:
    """Show a term's preferred rendering and every rendering observed, with evidence and the editors' decisions."""
    from glossary import report, termbase
    from glossary.clusters import fold
    from glossary.decisions import status_word

    try:
        with _open_store(db, create=False) as store:
            found = termbase.lookup(store, query)
    except GlossError as exc:
        _fail(exc)
    v, e = found.view, found.view.entry
    if as_json:
        typer.echo(json.dumps({**report.as_json(v), "matched_by": found.matched_by,
                               "other_terms": list(found.other_terms)}, ensure_ascii=False, indent=2))
        return
    mined = f"{e.category}; {e.frequency} occurrences, inconsistency {e.score:.2f}" if e else "added by an editor"
    typer.echo(f"{v.term}  {e.pinyin if e else ''}   ({mined}; found by {found.matched_by}; status: {v.status})")
    if found.other_terms:
        typer.echo(f"  also rendered so: {', '.join(found.other_terms)}")
    d = v.decision
    why = (f"editor's choice, {d.updated} from {d.source or 'an import'}" if d and d.preferred
           else e.preferred_reason if e else "")
    typer.echo(f"  preferred: {v.preferred or '—'}" + (f"  [{why}]" if why else ""))
    if v.note:
        typer.echo(f"  note: {v.note}")
    status_of = {fold(text): status for text, status in v.renderings}
    for c in e.renderings if e else ():
        status = status_of.get(fold(c.text), "")
        mark = f"  ({status_word(status)})" if status not in ("", "admittedTerm") else ""
        dates = f"{c.first_date}…{c.last_date}" if c.first_date != c.last_date else c.first_date
        typer.echo(f"  - {c.text}{mark}  ×{c.count}  {c.evidence}  {', '.join(c.publishers)}  {dates}  "
                   f"[{', '.join(c.documents)}]")
        for short, count, how in c.short_forms:
            typer.echo(f"      short form ({how}): {short}  ×{count}")
        for x in c.examples[:2]:
            if x.zh:
                typer.echo(f"      zh: {x.zh}")
            typer.echo(f"      en: {x.en}")
    mined = {fold(c.text) for c in e.renderings} if e else set()
    for text, status in v.renderings:
        if fold(text) not in mined:
            typer.echo(f"  - {text}  ({status_word(status)}, added by an editor)")
    for rendering, others in e.collisions if e else ():
        typer.echo(f"  ! \"{rendering}\" also renders {', '.join(others)}")


@export_app.command("tmx")
def export_tmx(
    output: Path = typer.Option(..., "--output", "-o", help="TMX file to write."),
    min_score: Optional[float] = typer.Option(None, "--min-score", help="Include pairs scoring at least this (default: the doubtful threshold)."),
    zh_code: str = ZhCode,
    en_code: str = EnCode,
    db: Optional[Path] = DbOption,
) -> None:
    """Write the translation memory as TMX 1.4b."""
    from tm.align import FLAG_BELOW
    from tm import tmx

    try:
        with _open_store(db, create=False) as store:
            n = tmx.write(store.export_pairs(FLAG_BELOW if min_score is None else min_score),
                          output, src_lang=zh_code, tgt_lang=en_code, tool_version=_version())
    except GlossError as exc:
        _fail(exc)
    typer.echo(f"wrote {output} ({_n(n, 'translation unit')})")


@export_app.command("xlsx")
def export_xlsx(
    output: Path = typer.Option(..., "--output", "-o", help="XLSX workbook to write."),
    db: Optional[Path] = DbOption,
) -> None:
    """Write the review workbook: glossary, inconsistencies, renderings, concordance and a chart."""
    from glossary import xlsx

    try:
        with _open_store(db, create=False) as store:
            rows = xlsx.export(store, output)
    except GlossError as exc:
        _fail(exc)
    typer.echo(f"wrote {output} ({_n(rows[xlsx.GLOSSARY], 'term')}, {rows[xlsx.INCONSISTENCIES]} inconsistent, "
               f"{_n(rows[xlsx.RENDERINGS], 'rendering')}, {_n(rows[xlsx.CONCORDANCE], 'example pair')})")


@import_app.command("xlsx")
def import_xlsx(
    path: Path = typer.Argument(..., help="A review workbook written by `gloss export xlsx`."),
    partial: bool = typer.Option(False, "--partial", help="Apply the good rows when some are wrong or in conflict."),
    force: bool = typer.Option(False, "--force", help="Where the store changed since the export too, take the workbook's."),
    db: Optional[Path] = DbOption,
) -> None:
    """Apply an editor's review workbook: only the cells changed since its export (preferred renderings,
    statuses, notes, rejected and added renderings, new terms); a cell changed in the store meanwhile is a conflict."""
    from glossary import xlsx

    try:
        with _open_store(db, create=False) as store:
            result = xlsx.import_workbook(store, path, partial=partial, force=force)
    except GlossError as exc:
        _fail(exc)
    _report_import(path, result, partial, "row")


@app.command()
def stats(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: Optional[Path] = DbOption,
) -> None:
    """What the store holds: documents, sentences, pairs, doubtful pairs."""
    from dataclasses import asdict

    from tm.align import FLAG_BELOW

    try:
        with _open_store(db, create=False) as store:
            s = store.stats(FLAG_BELOW)
            docs = store.documents()
    except GlossError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps({**asdict(s), "documents_detail": [
            {"id": d.meta.doc_id, "title": d.meta.title, "publisher": d.meta.publisher, "date": d.meta.date,
             "layout": d.meta.layout, "format": d.meta.format, "sentences": d.segments, "pairs": d.pairs}
            for d in docs]}, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("document", "layout", "publisher", "date", "sentences", "pairs", box=None)
    for d in docs:
        table.add_row(d.meta.doc_id, d.meta.layout, d.meta.publisher, d.meta.date, str(d.segments), str(d.pairs))
    console = Console()
    console.print(table)
    console.print(f"{s.documents} documents, {s.zh_segments} Chinese and {s.en_segments} English sentences, "
                  f"{s.pairs} aligned pairs ({s.flagged} flagged as doubtful, score < {FLAG_BELOW})")


@tm_app.command("search")
def tm_search(
    text: str = typer.Argument(..., help="Chinese or English text."),
    limit: int = typer.Option(10, "--limit", "-n", help="Most matches of each kind."),
    min_match: int = typer.Option(50, "--min-match", help="Lowest fuzzy match percentage shown."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: Optional[Path] = DbOption,
) -> None:
    """Fuzzy matches and concordance in the translation memory, in either language."""
    from tm.search import search

    try:
        with _open_store(db, create=False) as store:
            matches = search(store, text, limit=limit, min_percent=min_match)
    except GlossError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps([
            {"match": m.percent, "kind": m.kind, "side": m.side, "zh": m.pair.zh, "en": m.pair.en,
             "score": m.pair.score, "document": m.pair.doc_id, "publisher": m.pair.publisher,
             "date": m.pair.date, "ref": m.pair.ref} for m in matches], ensure_ascii=False, indent=2))
    else:
        for m in matches:
            src = ", ".join(x for x in (m.pair.doc_id, m.pair.publisher, m.pair.date, m.pair.ref) if x)
            typer.echo(f"{m.percent:3d}% {m.kind}  [{src}]" if m.percent is not None else f"     {m.kind}  [{src}]")
            typer.echo(f"     zh: {m.pair.zh}")
            typer.echo(f"     en: {m.pair.en}")
    if not matches:
        typer.echo("no matches", err=True)
        raise typer.Exit(1)


IncludeRejected = typer.Option(False, "--include-rejected", help="Keep rejected terms, and rejected renderings as deprecated.")
ApprovedOnly = typer.Option(False, "--approved-only", help="Only terms an editor approved.")


def _export_glossary(db: Optional[Path], output: Path, write: Callable[[list, Path], int], unit: str,
                     include_rejected: bool, approved_only: bool) -> None:
    """Write the glossary (mined terms with the editors' decisions) with `write(terms, output)`."""
    from glossary import decisions

    try:
        with _open_store(db, create=False) as store:
            terms = decisions.ranked(store)
            if not terms:
                raise GlossError("no mined terms; run `gloss mine` (or `gloss build`) first")
            n = write(decisions.for_export(terms, include_rejected=include_rejected, approved_only=approved_only),
                      output)
    except GlossError as exc:
        _fail(exc)
    typer.echo(f"wrote {output} ({_n(n, unit)})")


@export_app.command("tbx")
def export_tbx(
    output: Path = typer.Option(..., "--output", "-o", help="TBX file to write."),
    tbx_version: int = typer.Option(2, "--tbx-version", help="2: TBX 2008 (martif), what CAT tools import; 3: TBX v3 (ISO 30042:2019)."),
    en_code: str = EnCode,
    zh_code: str = ZhCode,
    include_rejected: bool = IncludeRejected,
    approved_only: bool = ApprovedOnly,
    db: Optional[Path] = DbOption,
) -> None:
    """Write the glossary as TBX-Basic: each rendering with its status, a context, evidence and dates."""
    from glossary import tbx

    _export_glossary(db, output, lambda terms, path: tbx.write(
        terms, path, version=tbx_version, zh_code=zh_code, en_code=en_code, tool_version=_version()), "term",
        include_rejected, approved_only)


@export_app.command("tsv")
def export_tsv(
    output: Path = typer.Option(..., "--output", "-o", help="Glossary file to write (OmegaT: glossary/NAME.txt)."),
    include_rejected: bool = IncludeRejected,
    approved_only: bool = ApprovedOnly,
    db: Optional[Path] = DbOption,
) -> None:
    """Write the glossary for OmegaT: source, target, comment; preferred and admitted renderings."""
    from glossary import tsv

    _export_glossary(db, output, lambda terms, path: tsv.write(terms, path, fmt="tsv"), "entry",
                     include_rejected, approved_only)


@export_app.command("csv")
def export_csv(
    output: Path = typer.Option(..., "--output", "-o", help="CSV file to write."),
    include_rejected: bool = IncludeRejected,
    approved_only: bool = ApprovedOnly,
    db: Optional[Path] = DbOption,
) -> None:
    """Write the glossary as CSV for CAT tools: zh-CN, en, status, note; every rendering."""
    from glossary import tsv

    _export_glossary(db, output, lambda terms, path: tsv.write(terms, path, fmt="csv"), "row",
                     include_rejected, approved_only)


@export_app.command("po")
def export_po(
    output: Path = typer.Option(..., "--output", "-o", help="PO file to write."),
    include_rejected: bool = IncludeRejected,
    approved_only: bool = ApprovedOnly,
    db: Optional[Path] = DbOption,
) -> None:
    """Write the glossary as PO: msgid the term, msgstr the preferred rendering, the others in comments."""
    from glossary import po

    _export_glossary(db, output, lambda terms, path: po.write(terms, path, tool_version=_version()), "term",
                     include_rejected, approved_only)


@import_app.command("tbx")
def import_tbx(
    path: Path = typer.Argument(..., help="A TBX 2008 or v3 file: ours after editing, or another tool's."),
    partial: bool = typer.Option(False, "--partial", help="Apply the good entries when some are wrong."),
    db: Optional[Path] = DbOption,
) -> None:
    """Apply the decisions in a TBX: preferredTerm → preferred, deprecatedTerm → rejected, new terms → added, notes."""
    from glossary import tbx

    try:
        with _open_store(db, create=False) as store:
            result = tbx.import_file(store, path, partial=partial)
    except GlossError as exc:
        _fail(exc)
    _report_import(path, result, partial, "entry")


def _report_import(path: Path, result, partial: bool, part: str) -> None:
    """Print what an import changed (`result` has changed, unchanged, problems) and what was wrong in it."""
    if result.problems and not partial:
        typer.echo(f"gloss: error: {path}: {_n(len(result.problems), part)} cannot be imported, nothing changed "
                   f"(--partial applies the good {_plural(part)}):", err=True)
    else:
        for term, said in result.changed:
            typer.echo(f"{term}: {'; '.join(said)}")
        typer.echo(f"imported {path} ({_n(len(result.changed), 'term')} changed, {result.unchanged} unchanged)")
        if result.older:
            typer.echo(f"{_n(len(result.older), 'term')} changed in the store since this file was exported and are "
                       f"untouched in it; the store's decisions stand: {', '.join(result.older[:10])}"
                       + (" …" if len(result.older) > 10 else ""))
        if result.problems:
            typer.echo(f"gloss: error: {path}: {_n(len(result.problems), part)} left out:", err=True)
    for problem in result.problems:
        typer.echo(f"  {problem}", err=True)
    if result.problems:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
