"""Files that leave a folder between two runs over it: a deleted file is logged removed, a renamed one
renamed, their articles stay stored and in their stories, and the report and `chorus why` say so."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from chorus.cli import app
from chorus.config import Settings
from chorus.ingest.plan import Planned, plan_inputs
from chorus.ingest.plan_gone import account_folder, under
from chorus.model import Rejected
from chorus.report import validate
from chorus.store import SCHEMA_VERSION, SQLiteStore
from tests.conftest import SEEDS
from tests.helpers import placed, run_pass, seed_folder
from tests.test_report_integrity import dangling

runner = CliRunner()
WIDE = {"COLUMNS": "400"}
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _folder(tmp_path: Path, n: int = 4) -> Path:
    return seed_folder(tmp_path, n)


def _article(report: dict, source: Path) -> str:  # type: ignore[type-arg]
    (entry,) = [i for i in report["inputs"] if i["source"] == str(source)]
    return entry["article"] or entry["duplicate_of"]


def test_a_deleted_file_keeps_its_article_in_its_story_and_the_report_marks_it(tmp_path):
    folder = _folder(tmp_path)
    store, settings = SQLiteStore(tmp_path / "c.db"), Settings(db=str(tmp_path / "c.db"))
    first = run_pass([folder], store, settings).report
    gone = folder / SEED_FILES[0].name
    aid = _article(first, gone)
    story = store.story_of(aid)
    gone.unlink()
    second = run_pass([folder], store, settings).report
    assert [(g["source"], g["event"], g["articles"]) for g in second["gone"]] == [(str(gone), "removed", [aid])]
    assert store.story_of(aid) == story and aid in placed(store), "deleting a file is not retracting its article"
    assert store.get_article(aid) is not None and store.superseded_by(aid) is None
    arts = {a["id"]: a for a in second["articles"]}
    assert arts[aid]["input_gone"]["sources"] == [str(gone)], "not silently presented as a current input"
    assert all(a["input_gone"] is None for i, a in arts.items() if i != aid)
    assert any(aid in s["articles"] for s in second["stories"]), "its story still cites it"
    assert not dangling(second), dangling(second)
    validate(second)
    third = run_pass([folder], store, settings).report
    assert third["gone"] == [], "reported once, by the run that found it gone"
    assert {a["id"]: a for a in third["articles"]}[aid]["input_gone"] is not None, "still marked"
    store.close()


def test_a_renamed_file_keeps_its_article_id_and_story_and_both_paths_say_so(tmp_path):
    folder = _folder(tmp_path)
    store, settings = SQLiteStore(tmp_path / "c.db"), Settings(db=str(tmp_path / "c.db"))
    first = run_pass([folder], store, settings).report
    old = folder / SEED_FILES[1].name
    aid = _article(first, old)
    story = store.story_of(aid)
    (folder / "archive").mkdir()
    new = folder / "archive" / "moved.txt"
    old.rename(new)
    second = run_pass([folder], store, settings).report
    assert [(g["source"], g["event"], g["renamed_to"]) for g in second["gone"]] == [(str(old), "renamed", str(new))]
    entry = next(i for i in second["inputs"] if i["source"] == str(new))
    assert entry["duplicate_of"] == aid and entry["renamed_from"] == str(old)
    assert f"renamed from {old}" in entry["reason"]
    assert store.story_of(aid) == story
    assert {a["id"]: a for a in second["articles"]}[aid]["input_gone"] is None, "the new path holds it"
    assert [e.event for e in store.file_events(str(old))] == ["renamed"]
    validate(second)
    # renamed back: the new path is gone (renamed), the old one back
    new.rename(old)
    third = run_pass([folder], store, settings).report
    assert [(g["source"], g["event"], g["renamed_to"]) for g in third["gone"]] == [(str(new), "renamed", str(old))]
    assert store.gone_file(str(old)) is None
    history = [(e.path, e.event, e.other) for e in store.file_events(str(old))]
    assert history == [(str(old), "renamed", str(new)), (str(old), "back", None), (str(new), "renamed", str(old))]
    store.close()


def test_a_file_renamed_and_edited_is_a_removal_and_a_new_file(tmp_path):
    folder = _folder(tmp_path, 2)
    store, settings = SQLiteStore(":memory:"), Settings(db=":memory:")
    run_pass([folder], store, settings)
    old = folder / SEED_FILES[0].name
    new = folder / "edited.txt"
    new.write_text(old.read_text() + "\nA correction was appended to the article on Wednesday evening.\n")
    old.unlink()
    report = run_pass([folder], store, settings).report
    assert [(g["source"], g["event"]) for g in report["gone"]] == [(str(old), "removed")]
    assert next(i for i in report["inputs"] if i["source"] == str(new))["renamed_from"] is None


def test_an_article_a_copy_still_holds_is_not_marked_gone(tmp_path):
    folder = _folder(tmp_path, 2)
    shutil.copy(SEED_FILES[0], folder / "copy.txt")
    store, settings = SQLiteStore(":memory:"), Settings(db=":memory:")
    first = run_pass([folder], store, settings).report
    aid = _article(first, folder / SEED_FILES[0].name)
    (folder / SEED_FILES[0].name).unlink()
    report = run_pass([folder], store, settings).report
    assert [g["event"] for g in report["gone"]] == ["removed"], "the copy was there before: not a rename"
    assert {a["id"]: a for a in report["articles"]}[aid]["input_gone"] is None, "copy.txt still holds it"


def test_every_record_of_a_deleted_jsonl_file_is_marked(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps({"text": f.read_text()}) + "\n" for f in SEED_FILES[:2]))
    shutil.copy(SEED_FILES[2], folder / SEED_FILES[2].name)
    store, settings = SQLiteStore(":memory:"), Settings(db=":memory:")
    run_pass([folder], store, settings)
    feed.unlink()
    second = run_pass([folder], store, settings)
    (g,) = second.report["gone"]
    assert g["source"] == str(feed) and len(g["articles"]) == 2
    assert store.file_of(f"{feed}#L2") == str(feed)
    assert all(store.gone_file(store.file_of(s) or "") for s in store.file_sources(str(feed)))


def test_files_in_a_folder_that_cannot_be_listed_are_not_judged(tmp_path):
    """An unreadable subfolder (EACCES, an I/O error) says nothing about the files in it."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    a, b = folder / "a.txt", folder / "sub" / "b.txt"
    for p, f in ((a, SEED_FILES[0]), (b, SEED_FILES[1])):
        shutil.copy(f, p)
    store = SQLiteStore(":memory:")
    planned = list(plan_inputs([str(folder)]))
    assert account_folder(store, folder, planned, [str(a), str(b)]) == []
    blind = [e for e in planned if e.source != str(b)]
    blind.append(Planned(str(folder / "sub"), "sub", _unreadable(folder / "sub")))
    assert account_folder(store, folder, blind, []) == [], "b.txt is not removed: its folder could not be listed"
    whole = [Planned(str(folder), "in", _unreadable(folder))]
    assert account_folder(store, folder, whole, []) == []
    (ev,) = account_folder(store, folder, [e for e in planned if e.source != str(b)], [])
    assert (ev.path, ev.event) == (str(b), "removed")


def _unreadable(folder: Path) -> Rejected:
    return Rejected(source=str(folder), stage="ingest", reason="folder cannot be read: Input/output error")


def test_under_spells_paths_as_a_walk_does():
    assert under("in/sub/a.txt", "in") and not under("inbox/a.txt", "in") and not under("in", "in")
    assert under("a.txt", ".") and under("sub/a.txt", ".") and not under("../x/a.txt", ".")
    assert under("/srv/in/a.txt", "/srv/in") and under("/a.txt", "/")


def _as_schema_3(db: Path) -> None:
    """Make a store written by this Chorus look as schema 3 left it (no file tables)."""
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("DROP TABLE input_files")
    raw.execute("DROP TABLE input_events")
    raw.execute("DROP INDEX inputs_duplicate_of")
    raw.execute("PRAGMA user_version = 3")
    raw.close()


def test_migration_4_finds_a_file_a_schema_3_store_read_and_that_was_deleted_since(tmp_path):
    folder, db = _folder(tmp_path, 3), tmp_path / "c.db"
    settings = Settings(db=str(db))
    store = SQLiteStore(db)
    first = run_pass([folder], store, settings).report
    store.close()
    _as_schema_3(db)
    gone = folder / SEED_FILES[0].name
    aid = _article(first, gone)
    gone.unlink()
    ro = SQLiteStore(db, must_exist=True)  # a read-only command reads it as it is
    assert ro.schema_version == 3 and ro.why(str(gone))[0].article == aid and ro.file_events(str(gone)) == []
    ro.close()
    r = runner.invoke(app, ["why", str(gone), "--db", str(db)], env=WIDE)
    assert r.exit_code == 0 and "stored as article" in r.output
    store = SQLiteStore(db)
    assert store.schema_version == SCHEMA_VERSION
    assert set(store.known_files()) == {str(folder / f.name) for f in SEED_FILES[:3]}, "taken from input_seen"
    report = run_pass([folder], store, settings).report
    assert [(g["source"], g["event"], g["articles"]) for g in report["gone"]] == [(str(gone), "removed", [aid])]
    assert store.story_of(aid) is not None
    validate(report)
    # the files still there were hashed on this run: a rename is found from now on
    kept = folder / SEED_FILES[1].name
    kept.rename(folder / "moved.txt")
    report = run_pass([folder], store, settings).report
    assert [(g["source"], g["event"]) for g in report["gone"]] == [(str(kept), "renamed")]
    store.close()
