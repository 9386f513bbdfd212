"""A file whose content goes back to an earlier version (A -> B -> A) holds A again, whoever else holds B."""

from __future__ import annotations

from chorus.config import Settings
from chorus.store import SCHEMA_VERSION, SQLiteStore
from tests.helpers import placed, run_pass, seed_text

_seed, _pass, _placed = seed_text, run_pass, placed


def test_a_reverted_file_holds_its_first_version_again_when_another_file_holds_the_second(tmp_path):
    a, b, settings = tmp_path / "a.txt", tmp_path / "b.txt", Settings(db=":memory:")
    store = SQLiteStore(":memory:")
    a.write_text(_seed(0))
    b.write_text(_seed(1))
    first = _pass([a, b], store, settings)
    ta, tb = first.ingest.new_articles
    a.write_text(_seed(1))  # A -> B: B is b.txt's too
    _pass([a], store, settings)
    assert store.superseded_by(ta) == tb
    a.write_text(_seed(0))  # B -> A
    (rec,) = _pass([a], store, settings).ingest.records
    assert rec.status == "stored" and rec.article == ta
    assert store.latest_article(str(a)) == ta, "a.txt holds A again, not B"
    assert store.superseded_by(ta) is None and store.superseded_by(tb) is None, "b.txt still holds B"
    assert {ta, tb} <= _placed(store)
    # a.txt moving on once more supersedes A (the version it held), never B (b.txt's)
    a.write_text(_seed(2))
    (tc,) = _pass([a], store, settings).ingest.new_articles
    assert store.superseded_by(ta) == tc and store.superseded_by(tb) is None
    assert ta not in _placed(store) and {tb, tc} <= _placed(store)
    # and b.txt moving on supersedes B: a.txt does not hold it any more
    b.write_text(_seed(3))
    (td,) = _pass([b], store, settings).ingest.new_articles
    assert store.superseded_by(tb) == td
    assert all(store.get_article(x) is not None for x in (ta, tb, tc, td)), "nothing is lost"
    store.close()


def test_a_reverted_file_lets_go_of_the_version_it_left_when_nothing_else_holds_it(tmp_path):
    a, c, settings = tmp_path / "a.txt", tmp_path / "c.txt", Settings(db=":memory:")
    store = SQLiteStore(":memory:")
    a.write_text(_seed(0))
    c.write_text(_seed(0))
    (ta,) = _pass([a, c], store, settings).ingest.new_articles
    a.write_text(_seed(1))  # A -> B; c.txt still holds A, so A stays current
    (tb,) = _pass([a], store, settings).ingest.new_articles
    assert store.superseded_by(ta) is None
    a.write_text(_seed(0))  # B -> A: no file holds B now
    second = _pass([a], store, settings)
    assert store.latest_article(str(a)) == ta
    assert store.superseded_by(tb) == ta, "B left its story: no input holds it"
    assert tb not in _placed(store) and ta in _placed(store)
    assert second.ingest.superseded_stories, "the story B left is analysed again"
    store.close()


def test_reverting_twice_is_idempotent(tmp_path):
    a, settings = tmp_path / "a.txt", Settings(db=":memory:")
    store = SQLiteStore(":memory:")
    a.write_text(_seed(0))
    (ta,) = _pass([a], store, settings).ingest.new_articles
    a.write_text(_seed(1))
    (tb,) = _pass([a], store, settings).ingest.new_articles
    a.write_text(_seed(0))
    _pass([a], store, settings)
    before = (store.inputs(), store.latest_article(str(a)), sorted(_placed(store)))
    again = _pass([a], store, settings)
    assert again.ingest.new_articles == [] and again.ingest.superseded_stories == []
    assert (store.inputs(), store.latest_article(str(a)), sorted(_placed(store))) == before
    assert before[1] == ta and store.superseded_by(tb) == ta
    store.close()


def test_a_version_2_store_is_read_as_it_is_by_read_only_commands_and_migrated_by_a_run(tmp_path):
    import sqlite3

    db = tmp_path / "v2.db"
    a, settings = tmp_path / "a.txt", Settings(db=str(db))
    store = SQLiteStore(db)
    a.write_text(_seed(0))
    (ta,) = _pass([a], store, settings).ingest.new_articles
    store.close()
    raw = sqlite3.connect(db, isolation_level=None)  # as Chorus with schema 2 left it
    raw.execute("DROP TABLE input_seen")
    raw.execute("PRAGMA user_version = 2")
    raw.close()
    ro = SQLiteStore(db, must_exist=True)
    assert ro.schema_version == 2 and ro.latest_article(str(a)) == ta, "ordered by seq when no sighting is known"
    ro.close()
    raw = sqlite3.connect(db)
    assert raw.execute("SELECT name FROM sqlite_master WHERE name='input_seen'").fetchall() == []
    raw.close()
    store = SQLiteStore(db)
    assert store.schema_version == SCHEMA_VERSION
    a.write_text(_seed(1))
    (tb,) = _pass([a], store, settings).ingest.new_articles
    a.write_text(_seed(0))
    _pass([a], store, settings)
    assert store.latest_article(str(a)) == ta and store.superseded_by(tb) == ta
    store.close()


def test_an_input_rejected_before_and_stored_now_is_logged_as_stored(tmp_path):
    import dataclasses

    a = tmp_path / "a.txt"
    a.write_text(_seed(0))
    store = SQLiteStore(":memory:")
    strict = Settings(db=":memory:", min_words=100_000)
    (rec,) = _pass([a], store, strict).ingest.records
    assert rec.status == "rejected" and "too short" in (rec.reason or "")
    (rec,) = _pass([a], store, dataclasses.replace(strict, min_words=5)).ingest.records
    assert rec.status == "stored"
    (logged,) = store.why(str(a))
    assert logged.status == "stored" and logged.article == rec.article, "the inputs log says what is stored"
    assert store.latest_article(str(a)) == rec.article
    store.close()
