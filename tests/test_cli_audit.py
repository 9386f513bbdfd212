"""The CLI defects of the user audit: every input accounted for, never a traceback, nothing mis-printed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

import chorus
from chorus.cli import app
from chorus.config import Settings
from chorus.pipeline import finish, ingest
from chorus.report import validate
from chorus.store import SQLiteStore
from tests.conftest import SEEDS
from tests.helpers import skipped

runner = CliRunner()
WIDE = {"COLUMNS": "400"}
ARTICLE = "The city council approved the new budget on Monday after a long debate about schools and roads.\n"


def _chorus(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # the chorus this test process imports (not whichever one is installed)
    env = {**os.environ, "PYTHONPATH": str(Path(chorus.__file__).resolve().parents[1]), "COLUMNS": "400"}
    return subprocess.run(
        [sys.executable, "-m", "chorus", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=600
    )


def _run_json(*args: str) -> dict:
    r = runner.invoke(app, ["run", *args, "--json"], env=WIDE)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def _inputs(out: Path) -> dict[str, dict]:
    return {i["source"]: i for i in json.loads((out / "report.json").read_text())["inputs"]}


# 1 -------------------------------------------------------------------------------------------------
def test_an_exception_while_reading_one_input_is_a_rejection_and_the_batch_continues(tmp_path, monkeypatch):
    """The readers reject what they know (a 100,000-deep JSON file: "nested too deeply"); whatever else
    a reader raises for one input (here a RecursionError forced on one file) rejects that input only."""
    import chorus.pipeline

    src, out, db = tmp_path / "in", tmp_path / "out", tmp_path / "c.db"
    src.mkdir()
    (src / "a_deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (src / "c_boom.txt").write_text(ARTICLE)
    shutil.copy(next(SEEDS.glob("000_*")), src / "b_good.txt")
    real = chorus.pipeline.read_inputs

    def read(sources, cfg=None):  # type: ignore[no-untyped-def]
        if any(str(s).endswith("c_boom.txt") for s in sources):
            raise RecursionError("maximum recursion depth exceeded")
        yield from real(sources, cfg)

    monkeypatch.setattr(chorus.pipeline, "read_inputs", read)
    summary = _run_json(str(src), "--db", str(db), "--out", str(out))
    assert summary["inputs"]["stored"] == 1 and summary["inputs"]["rejected"] == 2
    inputs = _inputs(out)
    deep, boom = inputs[str(src / "a_deep.json")], inputs[str(src / "c_boom.txt")]
    assert deep["status"] == "rejected" and "nested too deeply" in deep["reason"]
    assert boom["status"] == "rejected" and "RecursionError" in boom["reason"]
    assert inputs[str(src / "b_good.txt")]["status"] == "stored"


# 2 -------------------------------------------------------------------------------------------------
def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path):
    src, out, db = tmp_path / "in", tmp_path / "out", tmp_path / "c.db"
    src.mkdir()
    bad = os.fsencode(src) + b"/bad\xff\xfename.txt"
    with open(bad, "wb") as f:
        f.write(next(SEEDS.glob("000_*")).read_bytes())
    r = runner.invoke(app, ["run", str(src), "--db", str(db), "--out", str(out)], env=WIDE)
    assert r.exit_code == 0, r.output
    shown = str(src) + "/bad\\xff\\xfename.txt"
    assert _inputs(out)[shown]["status"] == "stored"
    validate(json.loads((out / "report.json").read_text()))
    assert not list(out.rglob("*.tmp")), "no temporary file left behind"
    r = runner.invoke(app, ["why", os.fsdecode(bad), "--db", str(db)], env=WIDE)
    assert r.exit_code == 0 and "stored as article" in r.output and shown in r.output


# 3 -------------------------------------------------------------------------------------------------
def test_run_never_reads_its_own_output_folder_or_store(tmp_path):
    shutil.copy(next(SEEDS.glob("000_*")), tmp_path / "a.txt")
    # CliRunner does not change directory: run in a subprocess from the folder.
    first = _chorus("run", ".", "--db", "chorus.db", "--out", "out", "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = _chorus("run", ".", "--db", "chorus.db", "--out", "out", "--json", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    summary = json.loads(second.stdout)
    assert summary["new_articles"] == 0 and summary["inputs"]["stored"] == 1, summary
    inputs = _inputs(tmp_path / "out")
    assert not any(s.startswith("out/") and not skipped(v) for s, v in inputs.items())
    assert skipped(inputs["out"]) and "--out" in inputs["out"]["reason"]
    assert skipped(inputs["chorus.db"]) and "--db" in inputs["chorus.db"]["reason"]


def test_run_skips_a_store_whatever_its_name(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(next(SEEDS.glob("000_*")), src / "a.txt")
    db = src / "store.sqlite"
    _run_json(str(src), "--db", str(db), "--out", str(tmp_path / "out"))
    summary = _run_json(str(src), "--db", str(db), "--out", str(tmp_path / "out"))
    assert summary["inputs"]["rejected"] == 0
    inputs = _inputs(tmp_path / "out")
    assert skipped(inputs[str(db)]) and "store" in inputs[str(db)]["reason"]


# 4 -------------------------------------------------------------------------------------------------
def test_hidden_and_temporary_files_are_listed_as_skipped_and_why_says_so(tmp_path):
    src, out, db = tmp_path / "in", tmp_path / "out", tmp_path / "c.db"
    (src / "sub").mkdir(parents=True)
    shutil.copy(next(SEEDS.glob("000_*")), src / "a.txt")
    for name in ("sub/.hidden.txt", "b.txt.tmp", "c.part", "d.txt~", "e.db"):
        (src / name).write_text(ARTICLE)
    (src / ".git").mkdir()
    (src / ".git" / "x.txt").write_text(ARTICLE)
    summary = _run_json(str(src), "--db", str(db), "--out", str(out))
    assert summary["inputs"] == {"stored": 1, "duplicate": 0, "rejected": 0, "skipped": 6}
    inputs = _inputs(out)
    assert "hidden file" in inputs[str(src / "sub" / ".hidden.txt")]["reason"]
    assert "hidden folder" in inputs[str(src / ".git")]["reason"]
    assert "'.tmp'" in inputs[str(src / "b.txt.tmp")]["reason"]
    r = runner.invoke(app, ["why", str(src / "sub" / ".hidden.txt"), "--db", str(db)], env=WIDE)
    assert r.exit_code == 0 and "skipped: hidden file" in r.output, r.output


# 5 -------------------------------------------------------------------------------------------------
def test_symlinks_out_of_the_folder_are_not_followed_inside_ones_are(tmp_path):
    src, out, db = tmp_path / "in", tmp_path / "out", tmp_path / "c.db"
    src.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE)
    shutil.copy(next(SEEDS.glob("000_*")), src / "a.txt")
    (src / "passwd_link.txt").symlink_to(secret)
    (src / "inside_link.txt").symlink_to(src / "a.txt")
    (src / "dir_link").symlink_to(tmp_path, target_is_directory=True)
    (src / "broken.txt").symlink_to(tmp_path / "nowhere")
    _run_json(str(src), "--db", str(db), "--out", str(out))
    inputs = _inputs(out)
    assert skipped(inputs[str(src / "passwd_link.txt")])
    assert "outside" in inputs[str(src / "passwd_link.txt")]["reason"]
    assert inputs[str(src / "inside_link.txt")]["status"] == "duplicate"
    assert "folder: not followed" in inputs[str(src / "dir_link")]["reason"]
    assert "broken" in inputs[str(src / "broken.txt")]["reason"]
    store = SQLiteStore(db)
    assert all(a.text.strip() != ARTICLE.strip() for a in store.iter_articles()), "the outside file was not stored"
    store.close()


# 6 -------------------------------------------------------------------------------------------------
def test_a_changed_input_supersedes_the_article_of_its_earlier_version(tmp_path):
    src, db = tmp_path / "drop", tmp_path / "c.db"
    src.mkdir()
    full = next(SEEDS.glob("000_*")).read_text()
    half = src / "half.txt"
    half.write_text(full[: len(full) // 2])
    settings = Settings(db=str(db))
    store = SQLiteStore(db)
    first = finish(ingest([str(half)], store, settings), store, settings)
    (old,) = first.ingest.new_articles
    half.write_text(full)
    second = finish(ingest([str(half)], store, settings), store, settings)
    (new,) = second.ingest.new_articles
    assert store.superseded_by(old) == new and store.get_article(old) is not None, "kept, marked"
    assert store.story_of(old) is None
    stories = {sid: store.story_articles(sid) for sid, _, _ in store.list_stories()}
    assert sorted(a for arts in stories.values() for a in arts) == [new], "the story counts one article"
    assert new not in store.unassigned_articles() and old not in store.unassigned_articles()
    store.close()
    r = runner.invoke(app, ["why", str(half), "--db", str(db)], env=WIDE)
    assert f"superseded by {new}" in r.output, r.output
    r = runner.invoke(app, ["why", str(half), "--db", str(db), "--json"], env=WIDE)
    data = json.loads(r.output)
    assert [i["superseded_by"] for i in data["inputs"]] == [new, None]
    assert data["story"] == store_story(db, new)


def store_story(db: Path, article: str) -> str | None:
    s = SQLiteStore(db)
    try:
        return s.story_of(article)
    finally:
        s.close()


def test_superseding_does_not_take_an_article_another_input_still_holds(tmp_path):
    src, db = tmp_path / "in", tmp_path / "c.db"
    src.mkdir()
    seed = next(SEEDS.glob("000_*"))
    shutil.copy(seed, src / "a.txt")
    shutil.copy(seed, src / "b.txt")
    settings = Settings(db=str(db))
    store = SQLiteStore(db)
    (old,) = finish(ingest([str(src)], store, settings), store, settings).ingest.new_articles
    (src / "b.txt").write_text(next(SEEDS.glob("001_*")).read_text())
    finish(ingest([str(src)], store, settings), store, settings)
    assert store.superseded_by(old) is None and store.story_of(old) is not None
    store.close()


# 7 -------------------------------------------------------------------------------------------------
def test_names_with_rich_markup_are_printed_as_they_are(tmp_path):
    src, out, db = tmp_path / "in", tmp_path / "out[/]", tmp_path / "c.db"
    src.mkdir()
    shutil.copy(next(SEEDS.glob("000_*")), src / "a.txt")
    (src / "[bold magenta]EMPTY[bold magenta].txt").write_text("")
    (src / "x[").mkdir()
    (src / "x[" / "].txt").write_text("")  # shown as in/x[/].txt
    r = runner.invoke(app, ["run", str(src), "--db", str(db), "--out", str(out)], env=WIDE)
    assert r.exit_code == 0, r.output
    assert "[bold magenta]EMPTY[bold magenta].txt" in r.output
    assert "x[/].txt" in r.output and str(out / "report.json") in r.output
    r = runner.invoke(app, ["run", "--help"], env=WIDE)
    assert "chorus-news[spark]" in r.output


# 8 -------------------------------------------------------------------------------------------------
def test_read_only_commands_never_create_a_store(tmp_path):
    db = tmp_path / "nonexistent" / "dir" / "x.db"
    for args in (["stories"], ["articles"], ["show", "s1"], ["why", "x"]):
        r = _chorus(*args, "--db", str(db))
        assert r.returncode == 1, (args, r.stderr)
        assert r.stderr.startswith(f"error: no store at {db}"), r.stderr
    assert not (tmp_path / "nonexistent").exists()


# 9 -------------------------------------------------------------------------------------------------
def test_an_out_path_that_is_a_file_is_refused_before_ingesting(tmp_path):
    not_a_dir = tmp_path / "passwd"
    not_a_dir.write_text("x")
    r = _chorus("run", str(SEEDS), "--db", str(tmp_path / "c.db"), "--out", str(not_a_dir))
    assert r.returncode == 2 and r.stderr == f"error: --out {not_a_dir} exists and is not a folder; " + (
        "give a folder for the report\n"
    ), r.stderr
    assert not (tmp_path / "c.db").exists(), "refused before anything was ingested"


def test_config_values_of_the_wrong_type_name_the_key_and_type(tmp_path):
    cfg = tmp_path / "c.toml"
    cases = {
        'min_words = "five"': "error: [top level] min_words must be an integer, not 'five'",
        '[ingest]\nmax_file_mb = "x"': "error: [ingest] max_file_mb must be a number (megabytes), not 'x'",
        "[ingest]\nmax_fil_mb = 3": "error: unknown setting(s) ['max_fil_mb'] in [ingest]; "
        "valid: ['max_file_mb', 'max_record_mb']",
    }
    for text, message in cases.items():
        cfg.write_text(text + "\n")
        r = _chorus("run", str(SEEDS), "--db", str(tmp_path / "c.db"), "--config", str(cfg))
        assert r.returncode == 2 and r.stderr.strip() == message, (text, r.stderr)


# 10 ------------------------------------------------------------------------------------------------
def test_a_future_date_is_surfaced_in_the_accounting_and_why(tmp_path):
    src, out, db = tmp_path / "in", tmp_path / "out", tmp_path / "c.db"
    src.mkdir()
    f = src / "future.txt"
    f.write_text(" date 2031-01-01\n" + next(SEEDS.glob("000_*")).read_text().split("\n", 1)[1])
    r = runner.invoke(app, ["run", str(src), "--db", str(db), "--out", str(out)], env=WIDE)
    assert r.exit_code == 0, r.output
    note = "date 2031-01-01 is in the future; publication date left unknown"
    assert note in r.output
    assert note in _inputs(out)[str(f)]["reason"]
    r = runner.invoke(app, ["why", str(f), "--db", str(db)], env=WIDE)
    assert note in r.output


def test_an_input_changed_back_to_an_earlier_version_makes_that_version_current_again(tmp_path):
    src, db = tmp_path / "in", tmp_path / "c.db"
    src.mkdir()
    v1, v2, v3 = (p.read_text() for p in sorted(SEEDS.glob("*.txt"))[:3])
    f = src / "a.txt"
    settings = Settings(db=str(db))
    store = SQLiteStore(db)
    ids = []
    for text in (v1, v2, v1, v3):
        f.write_text(text)
        res = finish(ingest([str(f)], store, settings), store, settings)
        ids.append(res.ingest.records[0].article)
    a, b, a_again, c = ids
    assert a_again == a
    assert store.superseded_by(a) == c and store.superseded_by(b) == a and store.superseded_by(c) is None
    placed = [x for sid, _, _ in store.list_stories() for x in store.story_articles(sid)]
    assert placed == [c], "only the current version is in a story"
    store.close()
