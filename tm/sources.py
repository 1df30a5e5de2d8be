"""From command-line paths to the sources to read: files, zh/en file pairs, folder manifests."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from tm.errors import GlossError
from tm.records import DocumentMeta

MANIFEST = "manifest.json"
_ZH_TAGS = {"zh", "cn", "zh-cn", "zh_cn", "chs", "zh-hans"}
_EN_TAGS = {"en", "en-us", "en_us", "en-gb", "en_gb", "eng"}
_META_FIELDS = ("title", "publisher", "date", "url", "layout")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Source:
    """One thing to read: a single file, or a Chinese file with its English translation."""

    path: Path
    en_path: Path | None = None
    overrides: tuple[tuple[str, str], ...] = ()  # metadata from a folder's manifest

    def apply(self, meta: DocumentMeta) -> DocumentMeta:
        return replace(meta, **dict(self.overrides)) if self.overrides else meta


def _language_tag(path: Path) -> tuple[str, str] | None:
    """`report.zh.txt` → ("report", "zh"); None when the name carries no language tag."""
    parts = path.name.split(".")
    if len(parts) < 3:
        return None
    tag = parts[-2].lower()
    lang = "zh" if tag in _ZH_TAGS else "en" if tag in _EN_TAGS else None
    return (".".join(parts[:-2]) + "." + parts[-1], lang) if lang else None


def pair_files(files: list[Path]) -> list[Source]:
    """Group `name.zh.ext` with `name.en.ext` in the same folder; everything else stands alone."""
    tagged: dict[tuple[Path, str], dict[str, Path]] = {}
    for f in files:
        t = _language_tag(f)
        if t:
            tagged.setdefault((f.parent, t[0]), {})[t[1]] = f
    paired = {p for langs in tagged.values() if len(langs) == 2 for p in langs.values()}
    sources = []
    for f in files:
        if f not in paired:
            sources.append(Source(f))
        elif _language_tag(f)[1] == "zh":
            sources.append(Source(f, tagged[(f.parent, _language_tag(f)[0])]["en"]))
    return sources


def load_manifest(folder: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    """Metadata per document id from `folder/manifest.json`, if there is one."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["documents"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise GlossError(f"unreadable manifest: {exc}", path) from None
    found = {}
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("id"):
            raise GlossError(f"manifest entry {n} has no id", path)
        date = entry.get("date", "")
        if date and not _ISO_DATE.match(date):
            raise GlossError(f"manifest entry {entry['id']}: date must be YYYY-MM-DD, not {date!r}", path)
        found[entry["id"]] = tuple((k, str(entry[k])) for k in _META_FIELDS if entry.get(k))
    return found


def collect(paths: list[Path], supported: set[str]) -> Iterator[Source]:
    """Sources: the files given (a `name.zh.ext` given with its `name.en.ext` is one source), then
    the files below the folders given, walked in name order, hidden files skipped."""
    missing = next((p for p in paths if not p.exists()), None)
    if missing:
        raise GlossError("no such file or folder", missing)
    # A pipe or a device would block or be walked as a folder: only regular files are read.
    odd = next((p for p in paths if not p.is_file() and not p.is_dir()), None)
    if odd:
        raise GlossError("not a regular file or a folder", odd)
    for source in pair_files([p for p in paths if p.is_file()]):
        yield from _with_manifest([source], load_manifest(source.path.parent))
    for path in (p for p in paths if not p.is_file()):
        for folder in sorted([path, *(p for p in path.rglob("*") if p.is_dir() and not _hidden(p, path))]):
            files = sorted(
                f for f in folder.iterdir()
                if f.is_file() and not f.name.startswith(".") and f.name != MANIFEST
                and f.suffix.lower() in supported)
            yield from _with_manifest(pair_files(files), load_manifest(folder))


def _hidden(p: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in p.relative_to(root).parts)


def _with_manifest(sources: list[Source], manifest: dict) -> Iterator[Source]:
    for s in sources:
        doc_id = _language_tag(s.path)[0].rsplit(".", 1)[0] if s.en_path else s.path.stem
        yield replace(s, overrides=manifest.get(doc_id, ())) if doc_id in manifest else s
