"""Superseding: only a source naming one whole document supersedes, and only an article no source holds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from chorus.cli import app
from chorus.config import Settings
from chorus.pipeline import positional
from chorus.store import SCHEMA_VERSION, SQLiteStore
from chorus.store.sqlite import _MIGRATIONS, _split_sql
from tests.helpers import placed, run_pass, seed_text

runner = CliRunner()
WIDE = {"COLUMNS": "400"}

TEXTS = {
    "A": "The city council approved the new budget on Monday after a long debate about school funding and roads.",
    "B": "Heavy rain flooded several streets in the northern district, and emergency crews rescued two drivers.",
    "C": "The national football team won its qualifying match three to one, securing a place in the final.",
    "Z": "A new museum dedicated to local history opened its doors to visitors this weekend, free for children.",
}


_seed, _pass, _placed = seed_text, run_pass, placed


def _superseded(store: SQLiteStore) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT article FROM superseded")]


def test_positional_sources_are_records_by_position():
    assert positional("in/feed.jsonl#L3") and positional("items.json#0") and positional("feed.xml#12")
    assert not positional("in/a.txt") and not positional("page.html") and not positional("x.warc#https://e.com/a#2b")


def test_a_record_added_at_the_top_of_a_jsonl_file_supersedes_nothing(tmp_path):
    feed, settings = tmp_path / "feed.jsonl", Settings(db=":memory:")
    store = SQLiteStore(":memory:")

    def write(order: str) -> None:
        feed.write_text("".join(json.dumps({"id": k, "title": k, "text": TEXTS[k]}) + "\n" for k in order))

    write("ABC")
    first = _pass([feed], store, settings)
    assert len(first.ingest.new_articles) == 3
    write("ZABC")
    second = _pass([feed], store, settings)
    assert [r.status for r in second.ingest.records] == ["stored", "duplicate", "duplicate", "duplicate"]
    assert second.ingest.superseded_stories == []
    assert _superseded(store) == []
    ids = {r.article or r.duplicate_of for r in second.ingest.records}
    assert len(ids) == 4 and ids == _placed(store), "all four current and in stories"
    assert store.unassigned_articles() == []


def test_a_new_input_holding_a_superseded_article_makes_it_current_again(tmp_path):
    a, c, settings = tmp_path / "a.txt", tmp_path / "c.txt", Settings(db=":memory:")
    store = SQLiteStore(":memory:")
    a.write_text(_seed(0))
    (t1,) = _pass([a], store, settings).ingest.new_articles
    a.write_text(_seed(1))
    (t2,) = _pass([a], store, settings).ingest.new_articles
    assert store.superseded_by(t1) == t2 and t1 not in _placed(store)
    c.write_text(_seed(0))
    third = _pass([c], store, settings)
    (rec,) = third.ingest.records
    assert rec.status == "duplicate" and rec.duplicate_of == t1
    assert store.superseded_by(t1) is None and store.superseded_by(t2) is None, "both held by a file"
    assert {t1, t2} <= _placed(store), "T1 rejoined a story"
    assert any(t1 in s["articles"] for s in third.report["stories"]), "and its story is in the report"  # type: ignore[union-attr]
    assert store.lsh_candidates(store.db.execute("SELECT band, key FROM lsh WHERE article=?", (t1,)).fetchall())
    # c.txt moving on to other content now supersedes T1 (a.txt holds T2, not T1)
    c.write_text(_seed(2))
    (t3,) = _pass([c], store, settings).ingest.new_articles
    assert store.superseded_by(t1) == t3 and store.superseded_by(t2) is None


def test_only_a_source_that_still_holds_an_article_keeps_it_current(tmp_path):
    a, b, settings = tmp_path / "a.txt", tmp_path / "b.txt", Settings(db=":memory:")
    store = SQLiteStore(":memory:")
    a.write_text(_seed(0))
    b.write_text(_seed(0))
    (x,) = _pass([a, b], store, settings).ingest.new_articles
    a.write_text(_seed(1))
    (y,) = _pass([a], store, settings).ingest.new_articles
    assert store.superseded_by(x) is None, "b.txt still holds X"
    b.write_text(_seed(2))
    (z,) = _pass([b], store, settings).ingest.new_articles
    assert store.superseded_by(x) == z, "no file holds X any more"
    assert x not in _placed(store) and {y, z} <= _placed(store)


def _v1_store(path: Path, tmp_path: Path) -> str:
    """A store of schema version 1 (before ``superseded``), holding one ingested article and its story."""
    src = tmp_path / "src.db"
    settings = Settings(db=str(src))
    store = SQLiteStore(src)
    (f := tmp_path / "a.txt").write_text(_seed(0))
    (aid,) = _pass([f], store, settings).ingest.new_articles
    store.close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    for stmt in _split_sql(_MIGRATIONS[1]):
        db.execute(stmt)
    db.execute("PRAGMA user_version = 1")
    db.execute("ATTACH DATABASE ? AS src", (str(src),))
    for table in ("articles", "inputs", "stories", "story_articles", "story_aliases", "state", "articles_fts"):
        db.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
    db.execute("DETACH DATABASE src")
    db.close()
    return aid


def _schema(path: Path) -> tuple[int, list[str]]:
    db = sqlite3.connect(path)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return version, tables
    finally:
        db.close()


def test_read_only_commands_read_an_older_store_without_migrating_it(tmp_path):
    db = tmp_path / "old.db"
    aid = _v1_store(db, tmp_path)
    for args in (["stories"], ["articles"], ["why", aid], ["stories", "--json"]):
        r = runner.invoke(app, [*args, "--db", str(db)], env=WIDE)
        assert r.exit_code == 0, (args, r.output)
    r = runner.invoke(app, ["why", aid, "--db", str(db), "--json"], env=WIDE)
    assert json.loads(r.output)["inputs"][0]["superseded_by"] is None
    version, tables = _schema(db)
    assert version == 1 and "superseded" not in tables, "the store is left as the older Chorus wrote it"
    store = SQLiteStore(db, must_exist=True)
    assert store.schema_version == 1 and store.superseded_by(aid) is None and store.unassigned_articles() == []
    store.close()
    # a writing open still migrates
    SQLiteStore(db).close()
    version, tables = _schema(db)
    assert version == SCHEMA_VERSION and {"superseded", "input_seen"} <= set(tables)
