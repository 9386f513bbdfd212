"""A version-2 store in which a file had already gone A -> B -> A under the old logic (rows A, B in seq
order, A current, B superseded by A, no sightings): after migration 3 the store still knows A is the
version seen last, and the file holding B again makes B current."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from chorus.config import Settings
from chorus.pipeline import _seen_again, finish, ingest
from chorus.store import SCHEMA_VERSION, SQLiteStore
from tests.conftest import SEEDS


def _seed(i: int) -> str:
    return sorted(SEEDS.glob("*.txt"))[i].read_text()


def _pass(paths: list[Path], store: SQLiteStore, settings: Settings):
    return finish(ingest([str(p) for p in paths], store, settings), store, settings)


def _v2_store_reverted(tmp_path: Path) -> tuple[Path, Path, Settings, str, str]:
    """A store as schema 2 left it after a.txt went A -> B -> A: inputs A, B (seq order), A current,
    B superseded by A, and no input_seen table (the old code ordered versions by seq alone)."""
    db, a = tmp_path / "v2.db", tmp_path / "a.txt"
    settings = Settings(db=str(db))
    store = SQLiteStore(db)
    for i in (0, 1, 0):
        a.write_text(_seed(i))
        _pass([a], store, settings)
    store.close()
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("DROP TABLE input_seen")
    raw.execute("PRAGMA user_version = 2")
    rows = raw.execute("SELECT fingerprint, coalesce(article, duplicate_of) FROM inputs ORDER BY seq").fetchall()
    (ta_by,) = raw.execute("SELECT by FROM superseded").fetchall()
    raw.close()
    (_, ta), (_, tb) = rows
    assert ta_by == (ta,), "the state the old code left: B superseded by A, A current, B the later row"
    return db, a, settings, ta, tb


def test_migration_3_knows_a_reverted_file_was_seen_last_at_its_current_version(tmp_path):
    db, a, _, ta, _ = _v2_store_reverted(tmp_path)
    fa = next(fp for fp, art in _rows(db) if art == ta)
    ro = SQLiteStore(db, must_exist=True)  # read as it is, not migrated: the same order
    assert ro.schema_version == 2 and ro.seen_last(str(a)) == fa
    ro.close()
    store = SQLiteStore(db)
    assert store.schema_version == SCHEMA_VERSION
    assert store.seen_last(str(a)) == fa, "A was seen last, whatever the seq order says"
    assert store.latest_article(str(a)) == ta
    store.close()


def test_a_v2_store_with_a_revert_then_b_again_makes_b_current(tmp_path):
    db, a, settings, ta, tb = _v2_store_reverted(tmp_path)
    store = SQLiteStore(db)
    a.write_text(_seed(1))  # the file holds B again
    _pass([a], store, settings)
    assert store.latest_article(str(a)) == tb, "a.txt holds B"
    assert store.superseded_by(tb) is None, "B is current again"
    assert store.superseded_by(ta) == tb, "A, the version it left, is superseded"
    a.write_text(_seed(0))  # and back to A once more
    _pass([a], store, settings)
    assert store.latest_article(str(a)) == ta and store.superseded_by(tb) == ta
    store.close()


def test_a_v2_store_rerun_over_its_current_version_writes_nothing(tmp_path):
    db, a, settings, ta, tb = _v2_store_reverted(tmp_path)
    store = SQLiteStore(db)
    before = _dump(store)
    again = _pass([a], store, settings)  # a.txt still holds A
    assert again.ingest.new_articles == [] and again.ingest.superseded_stories == []
    assert _dump(store) == before
    assert store.latest_article(str(a)) == ta and store.superseded_by(tb) == ta
    store.close()


def test_a_superseded_version_seen_last_is_not_taken_for_a_plain_rerun(tmp_path):
    """Defence in depth: whatever left the order of sightings wrong (here: the sightings are deleted),
    a version whose article is superseded is not the source's current one, so seeing it again is not
    a plain re-run - it becomes current."""
    db, a, settings = tmp_path / "c.db", tmp_path / "a.txt", Settings(db=str(tmp_path / "c.db"))
    store = SQLiteStore(db)
    for i in (0, 1, 0):
        a.write_text(_seed(i))
        _pass([a], store, settings)
    ta, tb = (r.article for r in store.why(str(a)))
    store.db.execute("DELETE FROM input_seen")  # the order is now unknown: seq says B was seen last
    fb = next(fp for fp, art in _rows(db) if art == tb)
    assert store.seen_last(str(a)) == fb
    _seen_again(str(a), fb, tb, store, [], settings)
    assert store.superseded_by(tb) is None and store.superseded_by(ta) == tb
    assert store.latest_article(str(a)) == tb and store.seen_last(str(a)) == fb
    store.close()


def _rows(db: Path) -> list[tuple[str, str]]:
    raw = sqlite3.connect(db)
    try:
        return raw.execute("SELECT fingerprint, coalesce(article, duplicate_of) FROM inputs ORDER BY seq").fetchall()
    finally:
        raw.close()


def _dump(store: SQLiteStore) -> tuple[list[tuple[object, ...]], ...]:
    return tuple(
        store.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
        for t in ("inputs", "input_seen", "superseded", "story_articles", "lsh")
    )
