"""PO glossaries (gettext, via polib): msgid the Chinese term, msgstr its preferred rendering, the
other renderings in extracted comments ("#. admitted: …"), the editor's word in a translator comment."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import polib

from glossary.decisions import PREFERRED, GlossaryTerm, status_word
from glossary.exports import ExportFormat
from glossary.tsv import Row, remark
from tm.atomic import atomic_write
from tm.errors import GlossError
from tm.lang import EN_CODE

_OTHER_STATUSES = ("admitted", "deprecated")


def write(terms: Iterable[GlossaryTerm], path: Path, *, en_code: str = EN_CODE, tool_version: str = "") -> int:
    """Write one entry per term given (`decisions.for_export` chooses them); return the count."""
    po = polib.POFile(wrapwidth=0)  # a rendering or note is never folded over lines
    po.header = "Glossary written by gloss: Chinese terms and their English renderings."
    po.metadata = {
        "Project-Id-Version": "gloss glossary",
        "PO-Revision-Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
        "Last-Translator": "",  # msgfmt --check wants the fields, which no one person fills here
        "Language-Team": "",
        "Language": en_code.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"gloss {tool_version}".strip(),
        "X-Source-Language": "zh_CN",
    }
    for term in terms:
        # The preferred rendering as the other formats spell it (the cluster's most used form).
        preferred = next((text for text, s in term.renderings if s == PREFERRED), "")
        others = [f"{status_word(s)}: {text}" for text, s in term.renderings if s != PREFERRED]
        po.append(polib.POEntry(msgid=term.term, msgstr=preferred, comment="\n".join(others),
                                tcomment=remark(term)))
    with atomic_write(Path(path), "w", encoding="utf-8") as out:
        out.write(str(po) + "\n")
    return len(po)


def read(path: Path) -> Iterator[Row]:
    """The renderings of a PO glossary as rows: msgstr preferred, then the commented ones."""
    try:
        po = polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise GlossError(f"cannot read PO glossary: {exc}", path) from None
    for entry in po:
        note = entry.tcomment or ""
        if entry.msgstr:
            yield Row(entry.msgid, entry.msgstr, status_word(PREFERRED), note)
        for line in (entry.comment or "").splitlines():
            status, _, text = line.partition(": ")
            if status in _OTHER_STATUSES and text:
                yield Row(entry.msgid, text, status, note)


FORMAT = ExportFormat("po", ".po", "term", lambda terms, path, options: write(
    terms, path, en_code=options.en_code, tool_version=options.tool_version))
