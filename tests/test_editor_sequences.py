"""Editors' work survives any sequence of what users do: mining again, adding documents, exporting
workbooks and TBX files, importing them edited or as they were, old or new. Hypothesis runs
random sequences and checks after each step that an import changed exactly what its editor
changed (or, in conflict with a later decision, nothing) and that nothing else ever changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from lxml import etree
from seeded import edit_workbook, seeded_store

from glossary import decisions, tbx, termbase, xlsx
from glossary.exports import ExportOptions, export
from glossary.mine import mine_and_save
from tm.ingest import ingest
from tm.store import Store

NOTES = ("house style", "=looks like a formula", "checked with the ministry\nsee the 2026 list", "")
STATUSES = ("needs review", "rejected", "proposed")


def _news(folder: Path, part: int) -> list[Path]:
    """WMT22 lines 100·part … 100·part + 99 as a Chinese file and its English."""
    paths = []
    for lang, name in (("zh", "src.zh"), ("en", "ref.A.en")):
        lines = (DATA / "wmt22" / f"generaltest2022.zh-en.{name}").read_text(encoding="utf-8").splitlines()
        path = folder / f"news{part}.{lang}.txt"
        path.write_text("\n".join(lines[100 * part: 100 * part + 100]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


class EditorsAndMiners(RuleBasedStateMachine):
    """A store, the files exported from it so far, and what its decisions must be."""

    factory: pytest.TempPathFactory

    @initialize()
    def start(self):
        self.dir = Path(self.factory.mktemp("sequence"))
        self.db = self.dir / "gloss.sqlite"
        shutil.copyfile(seeded_store(self.factory), self.db)
        self.store = Store.open(self.db)
        self.files: list[tuple[str, Path, dict]] = []  # (kind, path, what each term was at export)
        self.added = 0
        self.expected = self._decisions()

    def teardown(self):
        if hasattr(self, "store"):
            self.store.close()

    def _decisions(self) -> dict:
        """Each decision as a user sees it, without when and by which file it was made."""
        return {term: d._replace(updated="", source="") for term, d in decisions.load(self.store).items()}

    def _views(self) -> dict:
        return {v.term: v for v in decisions.glossary(self.store, termbase.entries(self.store))}

    @invariant()
    def nothing_changes_behind_the_editors_back(self):
        if hasattr(self, "store"):
            assert self._decisions() == self.expected

    @rule()
    def mine_again(self):
        mine_and_save(self.store)

    @precondition(lambda self: self.added < 3)
    @rule()
    def add_documents(self):
        ingest(self.store, _news(self.dir, self.added))
        self.added += 1

    @rule(kind=st.sampled_from(["xlsx", "tbx"]))
    def export_file(self, kind):
        path = self.dir / f"export{len(self.files)}.{kind}"
        export(self.store, kind, path, ExportOptions(tool_version="test"))
        views = self._views()
        if kind == "xlsx":
            self.files.append((kind, path, {t: xlsx._exported(v) for t, v in views.items()}))
        else:
            self.files.append((kind, path, {t: v.decision for t, v in views.items()}))

    @precondition(lambda self: self.files)
    @rule(pick=st.integers(0, 1 << 16))
    def import_as_exported(self, pick):
        kind, path, _ = self.files[pick % len(self.files)]
        result = (xlsx.import_workbook if kind == "xlsx" else tbx.import_file)(self.store, path)
        assert not result.changed and not result.problems

    @precondition(lambda self: any(kind == "xlsx" for kind, _, _ in self.files))
    @rule(pick=st.integers(0, 1 << 16), header=st.sampled_from([xlsx.NOTE, xlsx.STATUS]),
          value=st.integers(0, 1 << 16))
    def import_an_edited_workbook(self, pick, header, value):
        workbooks = [(path, then) for kind, path, then in self.files if kind == "xlsx"]
        path, then = workbooks[pick % len(workbooks)]
        term = sorted(then)[value % len(then)]
        new = (NOTES if header == xlsx.NOTE else STATUSES)[value % 4 if header == xlsx.NOTE else value % 3]
        cells = xlsx._exported(self._views()[term])
        was, now = then[term].get(header, ""), cells.get(header, "")
        edited = edit_workbook(path, self.dir / "edited.xlsx", {term: {header: new}})
        result = xlsx.import_workbook(self.store, Path(edited))
        if new != was and now != was and new != now:  # the store moved on too: a conflict
            assert result.problems and not result.changed
            return
        assert not result.problems, result.problems
        if new != now:
            assert [t for t, _ in result.changed] == [term]
            self.expected = self._decisions()
            assert xlsx._exported(self._views()[term]) == {**cells, header: new}  # that cell, nothing else

    @precondition(lambda self: any(kind == "tbx" for kind, _, _ in self.files))
    @rule(pick=st.integers(0, 1 << 16), value=st.integers(0, 1 << 16))
    def import_an_edited_tbx(self, pick, value):
        files = [(path, then) for kind, path, then in self.files if kind == "tbx"]
        path, then = files[pick % len(files)]
        doc = etree.parse(str(path))
        entries = doc.xpath("//termEntry")
        entry = entries[value % len(entries)]
        term = entry.xpath("langSet[1]/tig/term/text()")[0]
        note = f"edited in a terminology tool ({value})"
        notes = entry.xpath("note")
        if len(notes) == 3:
            notes[1].text = note
        else:
            notes[0].addnext(etree.fromstring(f"<note>{note}</note>"))
        edited = self.dir / "edited.tbx"
        doc.write(str(edited), encoding="UTF-8")
        before = self._views()[term].decision
        result = tbx.import_file(self.store, edited)
        if before and before.note == note:  # the file asks for what the store has
            assert not result.changed and not result.problems, result
            return
        if then[term] != before:
            # decided since the export: a conflict, unless the file asks for nothing the store lacks
            assert result.problems and not result.changed, result
            return
        assert not result.problems and [t for t, _ in result.changed] == [term], result
        after = self._views()[term]
        assert after.note == note
        kept = before or decisions.Decision(term)
        assert (after.decision.preferred, after.decision.status, set(after.decision.rejected)) == (
            kept.preferred, after.status, set(kept.rejected)) and after.status == (before.status if before else "proposed")
        self.expected = self._decisions()


def test_editors_work_survives_any_sequence_of_mining_adding_exporting_and_importing(tmp_path_factory):
    EditorsAndMiners.factory = tmp_path_factory
    EditorsAndMiners.TestCase.settings = settings(max_examples=10, stateful_step_count=10, deadline=None,
                                                  suppress_health_check=list(HealthCheck))
    EditorsAndMiners.TestCase().runTest()
