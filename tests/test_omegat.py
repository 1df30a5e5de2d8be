"""OmegaT 3.6 as the real client: a TMX from gloss fills a Chinese document's translation, and the
glossary entries OmegaT loads from our TBX 2008 and TSV are the ones we wrote."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from seeded import glossary_of
from typer.testing import CliRunner

from cli import app
from glossary import tbx, tsv
from tm.align import FLAG_BELOW
from tm.store import Store

pytestmark = pytest.mark.skipif(shutil.which("omegat") is None, reason="OmegaT is not installed (apt-get install omegat)")

RUN_SECONDS = 300  # a run takes about 10 s; a hung Java process must not hang the suite

PROJECT = """<omegat><project version="1.0"><source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir>
<tm_dir>__DEFAULT__</tm_dir><glossary_dir>__DEFAULT__</glossary_dir><glossary_file>__DEFAULT__</glossary_file>
<dictionary_dir>__DEFAULT__</dictionary_dir><source_lang>zh-CN</source_lang><target_lang>en-US</target_lang>
<source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok><target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
<sentence_seg>true</sentence_seg><support_default_translations>true</support_default_translations><remove_tags>false</remove_tags></project></omegat>
"""

# Console mode starts no glossary manager, so the script loads each glossary file through the
# method OmegaT's own manager uses (it picks the reader by suffix) and writes what came out.
LIST_GLOSSARIES = """
import org.omegat.core.Core
import org.omegat.gui.glossary.GlossaryManager

if (eventType.toString() != "LOAD") return
def props = Core.getProject().getProjectProperties()
def manager = new GlossaryManager(null)
manager.priorityGlossary = new File(props.getWriteableGlossary())
def flat = { String s -> s.replace("\\t", " ").replace("\\n", " | ") }
new File("OUT").withWriter("UTF-8") { out ->
    new File(props.getGlossaryRoot()).listFiles().sort().each { file ->
        try {
            manager.loadGlossaryFile(file).each { e ->
                out << [file.getName(), e.getSrcText(), e.getLocText(), e.getCommentText()].collect(flat).join("\\t") + "\\n"
            }
        } catch (Exception ex) {
            out << file.getName() + "\\t!\\t" + flat(ex.toString()) + "\\n"
        }
    }
}
"""


def _project(root: Path) -> Path:
    assert " " not in str(root), "the Debian launcher passes arguments unquoted"
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (root / folder).mkdir(parents=True)
    (root / "omegat.project").write_text(PROJECT, encoding="utf-8")
    return root


def _omegat(project: Path, *extra: str) -> str:
    """Translate the project in console mode; return what OmegaT logged."""
    done = subprocess.run(
        ["omegat", "--mode=console-translate", f"--config-dir={project.parent / 'omegat-config'}",
         "--disable-project-locking", *extra, str(project)],
        capture_output=True, text=True, timeout=RUN_SECONDS)
    return done.stdout + done.stderr


def _remaining_segments(project: Path) -> int:
    stats = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    return int(re.search(r"^Remaining:\s+(\d+)", stats, re.M).group(1))


def test_a_tmx_written_by_gloss_fills_a_chinese_document(db, tmp_path):
    project = _project(tmp_path / "tm-project")
    result = CliRunner().invoke(app, ["export", "tmx", "-o", str(project / "tm" / "auto" / "gloss.tmx"),
                                      "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store.open(db, create=False) as store:
        pairs = list(store.export_pairs(FLAG_BELOW))
    # OmegaT fills exact matches of its own segments: take sentences it will not split, each once.
    counts = Counter(p.zh for p in pairs)
    chosen = [p for p in pairs if counts[p.zh] == 1 and re.fullmatch(r"[^。！？；!?;]+。", p.zh)]
    assert len(chosen) >= 5
    (project / "source" / "policy.txt").write_text("\n".join(p.zh for p in chosen) + "\n", encoding="utf-8")

    log = _omegat(project)
    assert "TF_TM_LOAD_ERROR" not in log
    assert (project / "target" / "policy.txt").read_text(encoding="utf-8").splitlines() == [p.en for p in chosen]
    assert _remaining_segments(project) == 0


def test_omegat_loads_our_tbx2008_and_tsv_glossaries(db, tmp_path):
    terms = glossary_of(db)
    project = _project(tmp_path / "glossary-project")
    tbx.write(terms, project / "glossary" / "gloss.tbx")
    tsv.write(terms, project / "glossary" / "gloss.txt")
    (project / "source" / "policy.txt").write_text("努力把我国建设成为网络强国。\n", encoding="utf-8")
    listing, script = tmp_path / "loaded.tsv", tmp_path / "list_glossaries.groovy"
    script.write_text(LIST_GLOSSARIES.replace("OUT", str(listing)), encoding="utf-8")

    log = _omegat(project, f"--script={script}")
    assert listing.exists(), log[-2000:]
    loaded: dict[str, list[tuple[str, str, str]]] = {}
    for line in listing.read_text(encoding="utf-8").splitlines():
        name, *entry = line.split("\t")
        loaded.setdefault(name, []).append(tuple(entry))
    assert not [e for entries in loaded.values() for e in entries if e[0] == "!"], loaded

    from_tsv = loaded["gloss.txt"]
    kept = [r for r in tsv.rows(terms) if r.status != "deprecated"]
    assert [(zh, en) for zh, en, _ in from_tsv] == [(r.zh, r.en) for r in kept]
    assert ("网络强国", "leading cyber power", "preferred") in from_tsv
    assert ("清朗", "Clear and Bright", "preferred; approved; campaign name keep the quotes see seed 000") in from_tsv
    assert not [e for e in from_tsv if e[1] == "clear and clear"]  # rejected by the editor

    # From TBX OmegaT makes an entry of every Chinese-English pair of terms, and one with no
    # English for a term without renderings; the comment joins the entry's notes and contexts.
    from_tbx = loaded["gloss.tbx"]
    assert len(from_tbx) == sum(max(len(t.renderings), 1) for t in terms)
    pairs = {(zh, en) for zh, en, _ in from_tbx}
    assert {("网络强国", "leading cyber power"), ("清朗", "Clear and Bright"), ("一张网", "single network"),
            ("数字丝绸之路", "Digital Silk Road")} <= pairs
    assert {(t.term, text) for t in terms for text, _ in t.renderings} <= pairs
    [cyber] = [c for zh, en, c in from_tbx if (zh, en) == ("网络强国", "leading cyber power")]
    assert "preferredTerm-admn-sts" in cyber and "People's Daily" in cyber
