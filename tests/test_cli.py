"""The command line on the seeds: build, add, search, stats, export, and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import PARALLEL_SEED, REPO, SEEDS
from typer.testing import CliRunner

from cli import app
from tm.store import Store

runner = CliRunner()


def gloss(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("build")
    db, out = tmp / "gloss.sqlite", tmp / "out"
    result = gloss("build", "--out", str(out), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db, out, result.output


def test_build_adds_the_bundled_seeds_and_writes_a_tmx(built):
    db, out, output = built
    assert output.count("added ") == 5
    assert "added 000_21c35ee7c56a5279 (parallel; 44 sentences, 19 pairs, 0 flagged)" in output
    with Store.open(db) as store:
        docs = {d.meta.doc_id: d for d in store.documents()}
        assert docs["004_6555140d0db160fb"].meta.publisher == "People's Daily"  # from the manifest
        assert docs["000_21c35ee7c56a5279"].meta.date == "2025-12-02"
        assert store.stats(0.5).pairs == 19
    assert sorted(p.name for p in out.iterdir()) == [
        "gloss.tmx", "glossary.tbx", "glossary.txt", "ranking.csv", "review.xlsx"]
    assert (out / "gloss.tmx").stat().st_mode & 0o644 == 0o644  # readable like any new file
    tmx_text = (out / "gloss.tmx").read_text(encoding="utf-8")
    assert tmx_text.count("<tu ") == 19
    assert "“清朗”系列专项行动" in tmx_text


def test_adding_the_same_documents_again_changes_nothing(built):
    db, _, _ = built
    result = gloss("add", str(SEEDS), "--db", str(db))
    assert result.exit_code == 0
    assert result.output.count("unchanged") == 5 and "added" not in result.output
    with Store.open(db) as store:
        assert store.stats(0.5).documents == 5


def test_search_finds_fuzzy_matches_and_concordance(built):
    db, _, _ = built
    query = "关键信息基础设施安全保护能力提升。"
    result = gloss("tm", "search", query, "--json", "--db", str(db))
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits[0]["kind"] == "fuzzy" and 85 <= hits[0]["match"] < 100
    assert hits[0]["en"].startswith("The security protection capabilities of critical information infrastructure")
    assert hits[0]["document"] == "000_21c35ee7c56a5279" and hits[0]["publisher"] == "People's Daily"
    reverse = json.loads(gloss("tm", "search", "Clear and Bright", "--json", "--db", str(db)).output)
    assert any(h["kind"] == "concordance" and "“清朗”" in h["zh"] for h in reverse)
    two_chars = json.loads(gloss("tm", "search", "网信", "--json", "--db", str(db)).output)
    assert len(two_chars) >= 3 and all("网信" in h["zh"] for h in two_chars)


def test_a_hit_is_fuzzy_above_the_threshold_and_concordance_below_without_a_percentage(built):
    db, _, _ = built
    query = "网络强国"  # a short query: whole sentences are far from it, many hold it
    loose = json.loads(gloss("tm", "search", query, "--min-match", "10", "--json", "--db", str(db)).output)
    strict = json.loads(gloss("tm", "search", query, "--min-match", "80", "--json", "--db", str(db)).output)
    fuzzy = {h["zh"]: h["match"] for h in loose if h["kind"] == "fuzzy"}
    assert fuzzy and all(10 <= m < 80 for m in fuzzy.values())
    assert {h["kind"] for h in strict} == {"concordance"} and all(h["match"] is None for h in strict)
    text = gloss("tm", "search", query, "--min-match", "80", "--db", str(db)).output
    assert "% concordance" not in text and "     concordance  [" in text


def test_search_or_lookup_without_match_exits_1(built):
    """Nothing found is exit 1; an error in what was given (a missing file, a bad option) is 2."""
    db, _, _ = built
    assert gloss("tm", "search", "量子引力", "--db", str(db)).exit_code == 1
    lookup = gloss("lookup", "量子引力", "--db", str(db))
    assert lookup.exit_code == 1 and lookup.stderr.startswith("gloss: error: no term '量子引力' in the term base")
    assert gloss("lookup", "量子引力", "--db", str(db.parent / "absent.sqlite")).exit_code == 2


def test_stats_json(built):
    db, _, _ = built
    data = json.loads(gloss("stats", "--json", "--db", str(db)).output)
    assert data["documents"] == 5 and data["pairs"] == 19 and data["flagged"] == 0
    assert data["by_layout"] == {"en": 3, "parallel": 1, "zh": 1}


def test_export_tmx_respects_min_score(built, tmp_path):
    db, _, _ = built
    out = tmp_path / "all.tmx"
    result = gloss("export", "tmx", "-o", str(out), "--min-score", "0.95", "--db", str(db))
    assert result.exit_code == 0
    high = out.read_text(encoding="utf-8").count("<tu ")
    assert 0 < high < 19


def test_exports_share_their_language_codes(built, tmp_path):
    db, _, _ = built
    for fmt in ("tmx", "tbx"):
        out = tmp_path / f"default.{fmt}"
        assert gloss("export", fmt, "-o", str(out), "--db", str(db)).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert 'xml:lang="zh-CN"' in text and 'xml:lang="en-US"' in text
    gb = tmp_path / "gb.tmx"
    assert gloss("export", "tmx", "-o", str(gb), "--en-code", "en-GB", "--db", str(db)).exit_code == 0
    assert 'xml:lang="en-GB"' in gb.read_text(encoding="utf-8")
    wrong = gloss("export", "tmx", "-o", str(tmp_path / "fr.tmx"), "--en-code", "fr", "--db", str(db))
    assert wrong.exit_code == 2 and wrong.output == ("gloss: error: language codes must be Chinese and English, "
                                                     "not 'zh-CN' and 'fr'\n")
    assert not (tmp_path / "fr.tmx").exists()


def test_version_and_counts_read_as_english(tmp_path):
    from importlib.metadata import version

    assert gloss("--version").output == f"gloss {version('gloss')}\n"
    zh, en = tmp_path / "one.zh.txt", tmp_path / "one.en.txt"
    zh.write_text("网络安全为人民。\n", encoding="utf-8")
    en.write_text("Cybersecurity is for the people.\n", encoding="utf-8")
    added = gloss("add", "--zh", str(zh), "--en", str(en), "--db", str(tmp_path / "g.sqlite")).output
    assert "2 sentences, 1 pair, 0 flagged" in added


def test_a_file_of_other_languages_is_refused(tmp_path):
    tmx = tmp_path / "fr-de.tmx"
    tmx.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence"'
                   ' adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body><tu>'
                   '<tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="de"><seg>Hallo</seg></tuv></tu></body></tmx>',
                   encoding="utf-8")
    db = tmp_path / "g.sqlite"
    result = gloss("add", str(tmx), "--db", str(db))
    assert result.exit_code == 2
    assert result.output == f"gloss: error: {tmx}: no Chinese or English text found (a TMX or XLIFF of other languages?)\n"
    assert json.loads(gloss("stats", "--json", "--db", str(db)).output)["documents"] == 0


def test_gloss_db_environment_variable(tmp_path):
    db = tmp_path / "env.sqlite"
    result = gloss("add", str(PARALLEL_SEED), env={"GLOSS_DB": str(db)})
    assert result.exit_code == 0 and db.exists()


def test_a_missing_file_is_one_line_and_exit_2(tmp_path):
    result = gloss("add", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "g.sqlite"))
    assert result.exit_code == 2
    assert result.output.strip() == f"gloss: error: {tmp_path / 'nope.txt'}: no such file or folder"


def test_a_bad_file_in_a_folder_adds_nothing_unless_keep_going(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(PARALLEL_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    db = tmp_path / "g.sqlite"
    result = gloss("add", str(folder), "--db", str(db))
    assert result.exit_code == 2 and "b.txt" in result.output and "empty file" in result.output
    with Store.open(db) as store:
        assert store.stats(0.5).documents == 0
    result = gloss("add", str(folder), "--keep-going", "--db", str(db))
    assert result.exit_code == 2
    assert "added a (parallel" in result.output and "gloss: failed:" in result.output
    with Store.open(db) as store:
        assert store.stats(0.5).documents == 1


def test_user_errors_print_no_traceback(tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "cli", "add", str(bad), "--db", str(tmp_path / "g.sqlite")],
                          cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "bad.tmx" in proc.stderr


def test_a_usage_error_is_one_line_with_exit_2(tmp_path):
    for args, message in ((["rank", "--top", "x"], "'x' is not a valid int"), (["nosuch"], "No such command")):
        proc = subprocess.run([sys.executable, "-m", "cli", *args, "--db", str(tmp_path / "g.sqlite")], cwd=REPO,
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert proc.returncode == 2 and proc.stdout == ""
        assert proc.stderr.startswith("gloss: error: ") and message in proc.stderr and proc.stderr.count("\n") == 1


def test_debug_shows_the_error_itself(tmp_path):
    from tm.errors import GlossError

    plain = gloss("export", "tmx", "-o", str(tmp_path), "--db", str(tmp_path / "g.sqlite"))
    assert plain.exit_code == 2 and isinstance(plain.exception, SystemExit)
    debug = gloss("--debug", "export", "tmx", "-o", str(tmp_path), "--db", str(tmp_path / "g.sqlite"))
    assert isinstance(debug.exception, GlossError) and "no gloss store here" in str(debug.exception)
    assert gloss("export", "tmx", "-o", str(tmp_path), "--db", str(tmp_path / "g.sqlite")).exit_code == 2  # reset


def test_an_error_is_one_line_whatever_the_library_or_the_file_name_says():
    from tm.errors import GlossError

    message = str(GlossError("not well-formed:\n  line 3, column 7\x1b[31m", "evil\x07name.tmx", 3))
    assert message == "evil\\x07name.tmx, line 3: not well-formed: line 3, column 7\\x1b[31m"


def test_pipes_folders_and_missing_files_are_one_line_errors(built, tmp_path):
    """A FIFO given as input would block, a folder given as output would be replaced: each is a
    one-line error naming the path, and nothing is written."""
    db = built[0]
    fifo = tmp_path / "in.tmx"
    os.mkfifo(fifo)
    folder = tmp_path / "out"
    folder.mkdir()
    cases = [
        (("add", str(fifo)), "not a regular file or a folder"),
        (("add", "/dev/null"), "not a regular file or a folder"),
        (("import", "tbx", str(fifo)), "not a regular file"),
        (("import", "xlsx", str(fifo)), "not a regular file"),
        (("export", "tmx", "-o", str(folder)), "is a folder"),
        (("mine", "--must-have", str(tmp_path / "absent.txt")), "no such file"),
    ]
    for args, message in cases:
        result = gloss(*args, "--db", str(db))
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("gloss: error: ") and message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob(".*.part"))


def test_a_zh_en_file_pair_from_the_command_line(tmp_path):
    zh, en = tmp_path / "p.zh.txt", tmp_path / "p.en.txt"
    zh.write_text("关键信息基础设施安全保护能力有效提升。\n三是国家网络安全屏障更加坚实。\n", encoding="utf-8")
    en.write_text("The security protection capabilities of critical information infrastructure have been effectively "
                  "improved.\nThird, the national cybersecurity barrier is more solid.\n", encoding="utf-8")
    db = str(tmp_path / "g.sqlite")
    assert "added p (lines; 4 sentences, 2 pairs, 0 flagged)" in gloss("add", "--zh", str(zh), "--en", str(en), "--db", db).output
    assert "unchanged" in gloss("add", "--zh", str(zh), "--en", str(en), "--db", db).output
    lonely = gloss("add", "--zh", str(zh), "--db", db)
    assert lonely.exit_code == 2 and "--zh and --en go together" in lonely.output


def test_rank_lists_people_and_places_apart(built):
    db = built[0]
    default = json.loads(gloss("rank", "-n", "500", "--format", "json", "--db", str(db)).output)
    assert default and {e["category"] for e in default} <= {"policy", "organisation", "name"}
    assert "清朗" in {e["term"] for e in default}  # a campaign's name ("Clear and Bright") is policy language

    def listed(kind: str) -> list[dict]:
        return json.loads(gloss("rank", "--kind", kind, "-n", "500", "--format", "json", "--db", str(db)).output)

    people = listed("person")
    assert "习近平总书记" in {e["term"] for e in people} and {e["category"] for e in people} == {"person"}
    assert len(listed("all")) == len(default) + len(people) + len(listed("place"))
    table = gloss("rank", "-n", "3", "--db", str(db))
    assert table.exit_code == 0 and "kind" in table.output


def test_rank_with_an_unknown_kind_says_so_in_one_line(built):
    result = gloss("rank", "--kind", "people", "--db", str(built[0]))
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "unknown kind 'people'" in result.output


def test_mine_says_how_many_pairs_it_word_aligns_at_most(built):
    from glossary.mine import MAX_ALIGNED_PAIRS

    import typer.main

    (option,) = [p for p in typer.main.get_command(app).commands["mine"].params if p.name == "max_aligned_pairs"]
    assert f"default {MAX_ALIGNED_PAIRS:,}" in option.help
    result = gloss("mine", "--max-aligned-pairs", "-1", "--db", str(built[0]))
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "--max-aligned-pairs" in result.output


def test_lookup_shows_the_kind_and_short_forms(built):
    result = gloss("lookup", "网信事业", "--db", str(built[0]))
    assert result.exit_code == 0 and "(policy;" in result.output
    # "Cybersecurity and Informatization", a heading's cut of "cause of cybersecurity and informatization"
    assert "short form (partial): Cybersecurity and Informatization" in result.output
