"""Every export gloss writes, as a registry, and the main job that writes them all.

Each glossary format module describes what it writes with an `ExportFormat` (name, suffix, what
its count counts, the file `gloss build` writes it to, and its writer
`write(terms, path, options) -> count`), as `tm.formats` has it for readers. Exchange formats get
the glossary `decisions.for_export` chooses (no rejected terms or renderings unless asked, no
entry without English); the review workbook (`review`) gets every term, marked. Adding a format
is one module and one line in EXPORT_FORMATS.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from tm.errors import GlossError
from tm.lang import EN_CODE, ZH_CODE
from tm.store import Store

if TYPE_CHECKING:
    from tm.ingest import IngestReport

# name → "module:attribute" of its ExportFormat, imported on first use (openpyxl is heavy).
EXPORT_FORMATS = {"tbx": "glossary.tbx:FORMAT", "tsv": "glossary.tsv:TSV", "csv": "glossary.tsv:CSV",
                  "po": "glossary.po:FORMAT", "xlsx": "glossary.xlsx:FORMAT"}
TMX = "tmx"  # the translation memory: not a glossary, written from the aligned pairs


@dataclass(frozen=True)
class ExportOptions:
    zh_code: str = ZH_CODE
    en_code: str = EN_CODE
    tbx_version: int = 2
    tool_version: str = ""
    include_rejected: bool = False
    approved_only: bool = False
    min_score: float | None = None  # TMX: pairs below it are left out (default: the doubtful threshold)


@dataclass(frozen=True)
class ExportFormat:
    name: str  # what `gloss export NAME` calls it
    suffix: str
    unit: str  # what its count counts ("term", "OmegaT entry")
    write: Callable[[list, Path, ExportOptions], int]
    build_name: str = ""  # the file `gloss build` writes it to; "" when the build leaves it out
    review: bool = False  # every term, rejected ones too, for editors to review


def glossary_format(name: str) -> ExportFormat:
    if name not in EXPORT_FORMATS:
        raise GlossError(f"unknown export format {name!r}; formats are {', '.join(names())}")
    module, attribute = EXPORT_FORMATS[name].split(":")
    return getattr(importlib.import_module(module), attribute)


def names() -> tuple[str, ...]:
    """Every format `gloss export` writes: the translation memory, then the glossary formats."""
    return (TMX, *EXPORT_FORMATS)


def export(store: Store, fmt: str, path: Path, options: ExportOptions = ExportOptions()) -> tuple[int, str]:
    """Write the store's TM (`tmx`) or glossary in format `fmt` to `path`; returns what was
    written: its count and the unit counted."""
    from glossary import decisions

    if fmt == TMX:
        return export_tmx(store, path, options), "translation unit"
    chosen = glossary_format(fmt)
    terms = decisions.ranked(store, require=True)
    return _write(chosen, terms, path, options), chosen.unit


def _write(chosen: ExportFormat, terms: list, path: Path, options: ExportOptions) -> int:
    from glossary import decisions

    if not chosen.review:
        terms = decisions.for_export(terms, include_rejected=options.include_rejected,
                                     approved_only=options.approved_only)
    return chosen.write(terms, Path(path), options)


def export_tmx(store: Store, path: Path, options: ExportOptions = ExportOptions()) -> int:
    """The translation memory as TMX 1.4b: the pairs at or above `options.min_score`."""
    from tm import tmx
    from tm.align import FLAG_BELOW

    pairs = store.export_pairs(FLAG_BELOW if options.min_score is None else options.min_score)
    return tmx.write(pairs, Path(path), src_lang=options.zh_code, tgt_lang=options.en_code,
                     tool_version=options.tool_version)


@dataclass(frozen=True)
class Written:
    path: Path
    count: int
    unit: str


@dataclass
class BuildReport:
    ingested: IngestReport
    mined: int = 0
    inconsistent: int = 0
    written: list[Written] = field(default_factory=list)


def build(store: Store, sources: list[Path], out: Path, options: ExportOptions = ExportOptions(), *,
          keep_going: bool = False, on_source: Callable | None = None,
          progress: Callable[[str], None] = lambda step: None) -> BuildReport:
    """The main job: add the sources, mine, and write into `out` the TMX, the ranking (CSV) and
    every glossary format the registry gives a build name."""
    from glossary import decisions, report
    from glossary.mine import mine_and_save
    from tm.ingest import ingest

    done = BuildReport(ingest(store, sources, keep_going=keep_going, on_source=on_source))
    done.written.append(Written(out / "gloss.tmx", export_tmx(store, out / "gloss.tmx", options), "translation unit"))
    entries = mine_and_save(store, progress=progress)
    done.mined, done.inconsistent = len(entries), sum(1 for e in entries if e.score > 0)
    terms = decisions.ranked(store)
    shown = decisions.parse_statuses("")  # the ranking leaves rejected terms out, as `gloss rank` does
    ranked = [t for t in terms if t.status in shown]
    report.save_csv(ranked, out / "ranking.csv")
    done.written.append(Written(out / "ranking.csv", len(ranked), "term"))
    for chosen in map(glossary_format, EXPORT_FORMATS):
        if chosen.build_name:
            path = out / chosen.build_name
            done.written.append(Written(path, _write(chosen, terms, path, options), chosen.unit))
    return done
