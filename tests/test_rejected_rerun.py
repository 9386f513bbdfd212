"""Re-running over an input that was rejected writes nothing when nothing changed: the rejection is not
logged again, nor sighted again (a new ``seen`` number every run); a changed rejection is updated."""

from __future__ import annotations

import dataclasses

from chorus.config import Settings
from chorus.model import InputRecord
from chorus.pipeline import finish, ingest
from chorus.store import SQLiteStore
from tests.conftest import SEEDS


def _dump(store: SQLiteStore) -> tuple[list[tuple[object, ...]], ...]:
    return tuple(
        store.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("inputs", "input_seen", "superseded")
    )


def test_rerunning_over_a_rejected_input_writes_nothing(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(next(SEEDS.glob("*.txt")).read_text())
    (src / "short.txt").write_text("two words")
    (src / ".hidden").write_text("")
    settings = Settings(db=str(tmp_path / "c.db"))
    store = SQLiteStore(tmp_path / "c.db")
    finish(ingest([str(src)], store, settings), store, settings)
    (short,) = [r for r in store.inputs() if r.source.endswith("short.txt")]
    assert short.status == "rejected"
    before = _dump(store)
    for _ in range(2):
        again = ingest([str(src)], store, settings)
        assert {r.status for r in again.records} == {"stored", "rejected", "skipped"}
        assert _dump(store) == before, "a re-run over the same inputs changed the store"
    store.close()


def test_a_rejection_that_changed_is_logged_and_sighted_again(tmp_path):
    store = SQLiteStore(":memory:")
    rec = InputRecord(source="/in/a.txt", status="rejected", reason="too short to be an article (2 words)")
    with store.transaction():
        store.record_input(rec, "fp")
    with store.transaction():
        store.record_input(rec, "other")
    (first,) = store.db.execute("SELECT seen FROM input_seen WHERE fingerprint='fp'").fetchone()
    with store.transaction():
        store.record_input(rec, "fp")  # the same again: the version seen last is fp now, nothing else changes
    (seen,) = store.db.execute("SELECT seen FROM input_seen WHERE fingerprint='fp'").fetchone()
    assert store.seen_last("/in/a.txt") == "fp" and seen > first
    with store.transaction():
        store.record_input(rec, "fp")  # a plain re-run
    assert store.db.execute("SELECT seen FROM input_seen WHERE fingerprint='fp'").fetchone() == (seen,)
    changed = dataclasses.replace(rec, reason="internal error while reading: OSError: I/O error")
    with store.transaction():
        store.record_input(changed, "fp")
    assert store.seen_input("/in/a.txt", "fp") == changed
    assert store.db.execute("SELECT seen FROM input_seen WHERE fingerprint='fp'").fetchone() == (seen,), (
        "still the version seen last: a new reason is not a new sighting"
    )
    store.close()
