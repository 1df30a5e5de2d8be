"""gloss command line: parse arguments, call the library, print. Heavy imports stay inside commands."""


import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, List, Optional

import typer

from tm.errors import GlossError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Terminology and translation memory for Chinese→English policy translation.")
tm_app = typer.Typer(no_args_is_help=True, help="Translation-memory commands.")
import_app = typer.Typer(no_args_is_help=True, help="Read editors' decisions back.")
app.add_typer(tm_app, name="tm")
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


_DEBUG: list[bool] = []  # set by --debug: an error shows its Python traceback instead of one line


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                          help="Print gloss's version and exit."),
             debug: bool = typer.Option(False, "--debug", help="Show an error's Python traceback (for a bug report).")
             ) -> None:
    """Terminology and translation memory for Chinese→English policy translation."""
    _DEBUG[:] = [debug]


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _n(count: int, noun: str) -> str:
    """"1 pair", "2 pairs", "3 OmegaT entries"."""
    return f"{count} {noun if count == 1 else _plural(noun)}"


def _fail(exc: GlossError) -> None:
    """One line, and exit 1 when nothing matched what was asked, 2 for an error in the input."""
    from tm.errors import NotFound

    if any(_DEBUG):
        raise exc
    typer.echo(f"gloss: error: {exc}", err=True)
    raise typer.Exit(1 if isinstance(exc, NotFound) else 2)


@contextmanager
def _store(db: Optional[Path], create: bool = False, read_only: bool = False) -> Iterator:
    """The store for a command; a GlossError anywhere in the command ends it with one line (see `_fail`)."""
    from tm.store import Store

    try:
        with Store.open(db, create=create, read_only=read_only) as store:
            yield store
    except GlossError as exc:
        _fail(exc)


@contextmanager
def _source_progress() -> Iterator[Callable]:
    """A progress bar over the sources being added, on a terminal; yields the ingest's callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("adding", total=None)
        yield lambda source, n, total: progress.update(task, total=total, completed=n - 1,
                                                       description=source.path.name[:40])


def _steps(step: str) -> None:
    if sys.stderr.isatty():
        typer.echo(step + "…", err=True)


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
    from tm.ingest import ingest

    with _store(db, create=True) as store:
        if zh and en:
            _print_report(store, ingest_pair(store, zh, en))
        report = None
        if paths:
            with _source_progress() as on_source:
                report = ingest(store, list(paths), keep_going=keep_going, on_source=on_source)
            _print_report(store, report)
    if report and report.failures:
        raise typer.Exit(2)


@app.command()
def build(
    sources: List[Path] = typer.Argument(None, help="Files and folders (default: the bundled seeds/)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for every export."),
    min_score: Optional[float] = typer.Option(None, "--min-score", help="Leave pairs scoring below this out of the TMX."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Go on when some files fail."),
    db: Optional[Path] = DbOption,
) -> None:
    """The main job: add the sources, run every stage, write every export into OUT."""
    from glossary.exports import ExportOptions, build as build_all

    paths = list(sources or [BUNDLED_SEEDS if BUNDLED_SEEDS.is_dir() else Path("seeds")])
    with _store(db, create=True) as store:
        with _source_progress() as on_source:
            done = build_all(store, paths, out, ExportOptions(min_score=min_score, tool_version=_version()),
                             keep_going=keep_going, on_source=on_source, progress=_steps)
        _print_report(store, done.ingested)
    typer.echo(f"mined {_n(done.mined, 'term')}, {done.inconsistent} rendered inconsistently")
    for w in done.written:
        typer.echo(f"wrote {w.path} ({_n(w.count, w.unit)})")
    if done.ingested.failures:
        raise typer.Exit(2)


@app.command("mine")
def mine_command(
    must_have: Optional[Path] = typer.Option(None, "--must-have", help="File of terms always kept, one a line."),
    stop: Optional[Path] = typer.Option(None, "--stop", help="File of terms never kept, one a line."),
    max_terms: int = typer.Option(2000, "--max-terms", help="Most terms kept, best first."),
    prefer: str = typer.Option("recent", "--prefer", help="Preferred rendering: recent | frequent (aligned first)."),
    authority: str = typer.Option("", "--authority", help="Publishers, most authoritative first, comma-separated."),
    no_inferred: bool = typer.Option(False, "--no-inferred", help="Skip evidence from English-only documents."),
    max_aligned_pairs: Optional[int] = typer.Option(
        None, "--max-aligned-pairs", help="Pairs the word aligner learns from, at most, spread through the corpus "
        "(default 200,000); the others are read for the renderings found in them. 0: every pair (slower)."),
    db: Optional[Path] = DbOption,
) -> None:
    """Mine Chinese terms and every English rendering observed for them; replaces earlier mined data."""
    from glossary.mine import mine_and_save, settings_from

    with _store(db) as store:
        entries = mine_and_save(store, settings_from(must_have, stop, max_terms, prefer, authority, not no_inferred,
                                                     max_aligned_pairs),
                                progress=_steps)
    typer.echo(f"mined {_n(len(entries), 'term')}, {sum(1 for e in entries if e.score > 0)} rendered inconsistently")


@app.command("rank")
def rank_command(
    top: int = typer.Option(20, "--top", "-n", help="How many terms."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    kind: str = typer.Option("", "--kind", "-k", help="policy, organisation, name, person, place (comma-separated), "
                             "or all (default: policy,organisation,name: people and places have lists of their own)"),
    status: str = typer.Option("", "--status", "-s", help="proposed, approved, needs review, rejected (comma-separated), "
                               "or all (default: all but rejected)"),
    db: Optional[Path] = DbOption,
) -> None:
    """Terms whose renderings disagree, most inconsistent first, with the editors' decisions."""
    from glossary import decisions, kinds, report

    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter("--format is table, csv or json")
    with _store(db, read_only=True) as store:
        wanted, statuses = kinds.parse(kind), decisions.parse_statuses(status)
        views = decisions.ranked(store, wanted, statuses, top, require=True)
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


@app.command("check")
def check_command(
    paths: List[Path] = typer.Argument(..., help="Translations: TMX, XLIFF, PO, bilingual XLSX/CSV, text; folders."),
    glossary_file: Optional[Path] = typer.Option(None, "--glossary", help="Check against this TBX, XLSX review "
                                                 "workbook or OmegaT/CSV glossary instead of the store."),
    all_terms: bool = typer.Option(False, "--all-terms", help="Hold the translation to every term of the store, "
                                   "mined proposals too, not only the terms an editor ruled on."),
    checks: str = typer.Option(",".join(("terms", "numbers", "tokens", "consistency")), "--checks",
                               help="Comma-separated: terms, numbers, tokens, consistency."),
    fmt: str = typer.Option("table", "--format", help="table, csv, json or xlsx."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the findings here (csv, json, xlsx)."),
    fail_on: int = typer.Option(1, "--fail-on", help="Exit 1 when there are this many findings or more (0: never)."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Report files that cannot be read and go on."),
    db: Optional[Path] = DbOption,
) -> None:
    """Terminology QA: where a translation departs from the glossary's renderings, translates one
    source two ways, or loses a number or a Latin token. Exit 1: findings; 2: a file cannot be read."""
    from glossary import check

    skipped: list[GlossError] = []

    def skip(exc: GlossError) -> None:
        typer.echo(f"gloss: skipped: {exc}", err=True)
        skipped.append(exc)

    try:
        if glossary_file is not None:
            rules = check.rules_from_file(glossary_file)
        else:
            from glossary import decisions, termbase

            with _store(db, read_only=True) as store:
                terms = list(decisions.glossary(store, termbase.entries(store)))
            rules = check.rules_from_terms(terms if all_terms else check.decided(terms))
        findings = check.check(lambda: check.segments(paths, skip if keep_going else None), rules,
                               check.checks_named(checks))
        if fmt == "table":
            findings = list(findings)
            count = len(findings)
        else:
            count = check.write_findings(findings, fmt, output, sys.stdout)
    except GlossError as exc:
        _fail(exc)
    if fmt == "table":
        for heading, group in check.grouped(findings):
            typer.echo(heading)
            for f in group:
                typer.echo(f"  {f.segment.file}, {f.segment.ref}: {f.describe()}")
                typer.echo(f"     zh: {f.segment.zh}")
                typer.echo(f"     en: {f.segment.en}")
    typer.echo(_n(count, "finding") + (f"; {_n(len(skipped), 'file')} skipped" if skipped else ""), err=True)
    if fail_on and count >= fail_on:
        raise typer.Exit(1)


@app.command("lookup")
def lookup_command(
    query: str = typer.Argument(..., help="A Chinese term, an English rendering, or pinyin."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: Optional[Path] = DbOption,
) -> None:
    """Show a term's preferred rendering and every rendering observed, with evidence and the editors' decisions."""
    from glossary import termbase
    from glossary.clusters import fold
    from glossary.decisions import status_word
    from glossary.records import listed

    with _store(db, read_only=True) as store:
        found = termbase.lookup(store, query)
    v, e = found.view, found.view.entry
    if as_json:
        from glossary import report

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
        typer.echo(f"  - {c.text}{mark}  ×{c.count}  {c.evidence}  {listed(c.publishers)}  {dates}  "
                   f"[{listed(c.documents)}]")
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


@app.command("export")
def export_command(
    fmt: str = typer.Argument(..., metavar="FORMAT", help="tmx (the translation memory), or a glossary: tbx, tsv "
                              "(OmegaT), csv, po, xlsx (the review workbook)."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    zh_code: str = ZhCode,
    en_code: str = EnCode,
    tbx_version: int = typer.Option(2, "--tbx-version", help="TBX: 2 for TBX 2008 (martif), what CAT tools import; "
                                    "3 for TBX v3 (ISO 30042:2019)."),
    min_score: Optional[float] = typer.Option(None, "--min-score", help="TMX: pairs scoring at least this "
                                              "(default: the doubtful threshold)."),
    include_rejected: bool = typer.Option(False, "--include-rejected", help="Keep rejected terms, and rejected "
                                          "renderings as deprecated."),
    approved_only: bool = typer.Option(False, "--approved-only", help="Only terms an editor approved."),
    db: Optional[Path] = DbOption,
) -> None:
    """Write the translation memory or the glossary, with the editors' decisions, in FORMAT."""
    from glossary.exports import ExportOptions, export

    options = ExportOptions(zh_code, en_code, tbx_version, _version(), include_rejected, approved_only, min_score)
    with _store(db, read_only=True) as store:
        n, unit = export(store, fmt.lower(), output, options)
    typer.echo(f"wrote {output} ({_n(n, unit)})")


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

    with _store(db) as store:
        result = xlsx.import_workbook(store, path, partial=partial, force=force)
    _report_import(path, result, partial, "row")


@app.command()
def stats(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: Optional[Path] = DbOption,
) -> None:
    """What the store holds: documents, sentences, pairs, doubtful pairs."""
    from tm.align import FLAG_BELOW
    from tm.ingest import stats_as_json

    with _store(db, read_only=True) as store:
        s, docs = store.stats(FLAG_BELOW), store.documents()
    if as_json:
        typer.echo(json.dumps(stats_as_json(s, docs), ensure_ascii=False, indent=2))
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
    from glossary.decisions import TermFinder
    from tm.search import search

    with _store(db, read_only=True) as store:
        matches = search(store, text, limit=limit, min_percent=min_match)
        terms_in = TermFinder(store)
        terms = [terms_in(m.pair.zh_norm) for m in matches]
    if as_json:
        typer.echo(json.dumps([{**m.as_json(), "terms": [{"term": t.term, "preferred": t.preferred, "status": t.status}
                                                          for t in found]}
                               for m, found in zip(matches, terms)], ensure_ascii=False, indent=2))
    else:
        for m, found in zip(matches, terms):
            src = ", ".join(x for x in (m.pair.doc_id, m.pair.publisher, m.pair.date, m.pair.ref) if x)
            typer.echo(f"{m.percent:3d}% {m.kind}  [{src}]" if m.percent is not None else f"     {m.kind}  [{src}]")
            typer.echo(f"     zh: {m.pair.zh}")
            typer.echo(f"     en: {m.pair.en}")
            if found:
                typer.echo("     terms: " + "; ".join(f"{t.term} = {t.preferred or t.english[0]} ({t.status})"
                                                      for t in found))
    if not matches:
        typer.echo("no matches", err=True)
        raise typer.Exit(1)


@import_app.command("tbx")
def import_tbx(
    path: Path = typer.Argument(..., help="A TBX 2008 or v3 file: ours after editing, or another tool's."),
    partial: bool = typer.Option(False, "--partial", help="Apply the good entries when some are wrong or in conflict."),
    force: bool = typer.Option(False, "--force", help="Where the store changed since gloss exported the file too, take the file's."),
    db: Optional[Path] = DbOption,
) -> None:
    """Apply the decisions in a TBX: preferredTerm → preferred, deprecatedTerm → rejected, new terms → added, notes.
    An entry gloss exported and nobody edited since changes nothing."""
    from glossary import tbx

    with _store(db) as store:
        result = tbx.import_file(store, path, partial=partial, force=force)
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
            typer.echo(f"{_n(len(result.older), 'term')} changed in the store since this file was exported, not in "
                       f"the file; the store's decisions stand: {', '.join(result.older[:10])}"
                       + (" …" if len(result.older) > 10 else ""))
        if result.problems:
            typer.echo(f"gloss: error: {path}: {_n(len(result.problems), part)} left out:", err=True)
    for problem in result.problems:
        typer.echo(f"  {problem}", err=True)
    if result.problems:
        raise typer.Exit(2)


def main() -> None:
    """The `gloss` command: a usage error (an unknown option, a bad value) is one `gloss: error:`
    line and exit 2, as every other error is one line."""
    try:
        code = app(standalone_mode=False)
    except Exception as exc:
        # click's usage errors (typer may carry its own copy of click): exit code 2, a message
        if getattr(exc, "exit_code", None) != 2 or not hasattr(exc, "format_message"):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":  # `gloss` alone: the help, as before
            exc.show()
        else:
            ctx = getattr(exc, "ctx", None)
            where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
            typer.echo(f"gloss: error: {GlossError(exc.format_message())}{where}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
