"""Mutated real files of every format gloss reads or imports: each is added (or applied) cleanly
or refused with a one-line GlossError, never another exception, and a refusal leaves the store
as it was."""

from __future__ import annotations

import csv
import io

import polib
import pytest
from conftest import DATA, PARALLEL_SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm.errors import GlossError
from tm.ingest import ingest
from tm.store import Store

PAIRS = [("网络强国建设迈出新的坚实步伐。", "The construction of a cyber power has taken new solid steps."),
         ("IPv6活跃用户数达到8.34亿。", "Active IPv6 users reached 834 million."),
         ("开展“清朗”系列专项行动。", 'Carry out the "Clear and Bright" campaigns.')]


def _po() -> bytes:
    po = polib.POFile()
    po.metadata = {"Language": "en_US", "Content-Type": "text/plain; charset=UTF-8"}
    for zh, en in PAIRS:
        po.append(polib.POEntry(msgid=zh, msgstr=en))
    return str(po).encode("utf-8")


def _xliff() -> bytes:
    from translate.storage import xliff  # the XLIFF layer of Pootle and Weblate

    store = xliff.xlifffile(sourcelanguage="zh-CN", targetlanguage="en-US")
    for n, (zh, en) in enumerate(PAIRS, start=1):
        unit = store.addsourceunit(zh)
        unit.target = en
        unit.setid(str(n))
    return bytes(store)


def _csv() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([("zh", "en"), *PAIRS])
    return out.getvalue().encode("utf-8")


def _xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["中文", "English", "note"])
    for zh, en in PAIRS:
        wb.active.append([zh, en, "=SUM(A1)"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# Real files, each as the suffix it is read by: a seed, an OmegaT TMX, gloss's own writers' PO and CSV,
# translate-toolkit's XLIFF, an openpyxl bilingual table.
ORIGINALS = {
    ".txt": lambda: PARALLEL_SEED.read_bytes(),
    ".tmx": lambda: (DATA / "samples" / "tmx" / "omegat-3.6_console_zh-CN_en-US_level2.tmx").read_bytes(),
    ".po": _po,
    ".xlf": _xliff,
    ".csv": _csv,
    ".xlsx": _xlsx,
}

mutations = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("flip"), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=8)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from([b"\x00", b"\x1b[31m", b"\xff\xfe", b"<", b"&#0;",
                                                                    b"\r", b"\xe7\xbd", "\u2028".encode(),
                                                                    b"<x>" * 5000, "长".encode() * 25_000])),
    st.tuples(st.just("encode"), st.sampled_from(["utf-16", "gb18030", "big5", "latin-1"])),
)


def _mutated(data: bytes, mutation) -> bytes:
    kind = mutation[0]
    if kind == "encode":  # the text in another encoding, what it cannot hold as "?"
        return data.decode("utf-8", "replace").encode(mutation[1], "replace")
    if kind == "truncate":
        return data[: int(mutation[1] * len(data))]
    if kind == "flip":
        out = bytearray(data)
        for where, byte in mutation[1]:
            out[min(len(out) - 1, int(where * len(out)))] = byte
        return bytes(out)
    at = int(mutation[1] * len(data))
    return data[:at] + mutation[2] + data[at:]


@pytest.fixture(scope="module")
def originals():
    return {suffix: make() for suffix, make in ORIGINALS.items()}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from(sorted(ORIGINALS)), mutation=mutations)
def test_a_mutated_file_is_added_or_refused_and_a_refusal_changes_nothing(tmp_path_factory, originals, suffix, mutation):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"mutated{suffix}"
    path.write_bytes(_mutated(originals[suffix], mutation))
    with Store.open(folder / "gloss.sqlite") as store:
        before = store.stats(0.5)
        try:
            ingest(store, [path])
        except GlossError as exc:
            assert "\n" not in str(exc) and str(path.name) in str(exc)
            assert store.stats(0.5) == before
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.fixture(scope="module")
def editors_files(db, tmp_path_factory):
    """A copy of the seeded store, with the TBX and the review workbook it exports."""
    import shutil

    from glossary.exports import ExportOptions, export

    folder = tmp_path_factory.mktemp("editors")
    path = folder / "gloss.sqlite"
    shutil.copyfile(db, path)
    with Store.open(path) as store:
        for fmt in ("tbx", "xlsx"):
            export(store, fmt, folder / f"glossary.{fmt}", ExportOptions(tool_version="test"))
    files = {fmt: (folder / f"glossary.{fmt}").read_bytes() for fmt in ("tbx", "xlsx")}
    for sample in (DATA / "samples" / "tbx").glob("*.tbx"):  # other tools' TBX: Basic 2008, OmegaT's, v3
        files[sample.stem] = sample.read_bytes()
    return path, files


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fmt=st.sampled_from(["tbx", "xlsx", *(p.stem for p in (DATA / "samples" / "tbx").glob("*.tbx"))]),
       mutation=mutations)
def test_a_mutated_tbx_or_workbook_import_applies_or_refuses_and_a_refusal_changes_nothing(
        tmp_path_factory, editors_files, fmt, mutation):
    from glossary import tbx, xlsx
    from glossary.tables import GlossaryTables

    path, files = editors_files
    edited = tmp_path_factory.mktemp("import") / f"edited.{'xlsx' if fmt == 'xlsx' else 'tbx'}"
    edited.write_bytes(_mutated(files[fmt], mutation))
    with Store.open(path) as store:
        before = GlossaryTables(store).decisions()
        try:
            result = (xlsx.import_workbook if fmt == "xlsx" else tbx.import_file)(store, edited)
        except GlossError as exc:
            assert "\n" not in str(exc)
            result = None
        if result is None or result.problems:
            assert GlossaryTables(store).decisions() == before
