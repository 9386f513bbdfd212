"""The planner never raises for a path: a link whose target cannot be looked at is skipped with the
reason, a path given by name that cannot be looked at is rejected, and the batch goes on (Python 3.11's
Path.is_dir/exists raise EACCES and ENAMETOOLONG instead of answering False)."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from chorus.config import Settings
from chorus.ingest import plan_inputs, read_inputs
from chorus.ingest.plan import Skipped
from chorus.model import Rejected
from chorus.pipeline import ingest
from chorus.store import SQLiteStore

TEXT = "The council voted on Tuesday to close the old bridge to traffic next month, officials said."
TOO_LONG = "/" + "x" * 300 + "/y"


def test_a_link_whose_target_cannot_be_stat_ed_is_skipped_not_raised(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT)
    os.symlink(TOO_LONG, src / "z.txt")  # ENAMETOOLONG on stat
    items = list(read_inputs([str(src)]))
    assert {i.result.source for i in items} == {str(src / "a.txt"), str(src / "z.txt")}
    z = next(i.result for i in items if i.result.source.endswith("z.txt"))
    assert isinstance(z, Skipped)
    assert z.reason == "symbolic link that cannot be followed (File name too long): not read"
    assert "x" * 20 not in z.reason, "the target is not shown"


def test_a_name_too_long_given_by_name_is_rejected_and_the_next_input_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    items = list(read_inputs([str(tmp_path / ("a" * 300)), str(tmp_path / "a.txt")]))
    assert len(items) == 2
    bad, good = (i.result for i in items)
    assert isinstance(bad, Rejected) and not isinstance(bad, Skipped)
    assert bad.reason == "cannot be read: File name too long"
    assert not isinstance(good, Rejected)


def test_a_nul_byte_in_a_name_given_is_rejected(tmp_path):
    (entry,) = plan_inputs([str(tmp_path / "a\0b.txt")])
    assert entry.rejected is not None and entry.rejected.reason == "cannot be read: embedded null byte"


def _denied(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """Path.stat raises EACCES for ``paths`` (as for a folder above them without search permission:
    the tests may run as root, which permissions do not stop)."""
    real = Path.stat
    denied = {str(p) for p in paths}

    def stat(self: Path, *, follow_symlinks: bool = True) -> os.stat_result:
        if str(self) in denied:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self, follow_symlinks=follow_symlinks)

    monkeypatch.setattr(Path, "stat", stat)


def test_permission_denied_on_a_name_given_or_a_link_target_is_a_reason_not_an_error(tmp_path, monkeypatch):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "t.txt").write_text(TEXT)
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT)
    (src / "l.txt").symlink_to(secret / "t.txt")
    _denied(monkeypatch, secret / "t.txt", tmp_path / "given")
    entries = {Path(e.source).name: e for e in plan_inputs([str(tmp_path / "given"), str(src)])}
    assert entries["given"].rejected is not None
    assert entries["given"].rejected.reason == "cannot be read: Permission denied"
    assert isinstance(entries["l.txt"].rejected, Skipped)
    assert entries["l.txt"].rejected.reason == "symbolic link that cannot be followed (Permission denied): not read"
    assert entries["a.txt"].rejected is None


def test_a_run_over_a_folder_with_such_a_link_logs_it_and_stores_the_rest(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT)
    os.symlink(TOO_LONG, src / "z.txt")
    store = SQLiteStore(":memory:")
    result = ingest([str(src)], store, Settings(db=":memory:", min_words=5))
    assert {(Path(r.source).name, r.status) for r in result.records} == {("a.txt", "stored"), ("z.txt", "skipped")}
    store.close()


def test_watch_keeps_going_past_a_link_that_cannot_be_followed(tmp_path):
    from chorus.watch import watch

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT)
    os.symlink(TOO_LONG, src / "z.txt")
    store = SQLiteStore(tmp_path / "c.db")
    stop = threading.Event()
    seen: set[tuple[str, str]] = set()

    def on_batch(state):  # type: ignore[no-untyped-def]
        seen.update((Path(r.source).name, r.status) for r in state.records)
        if ("a.txt", "stored") in seen:
            stop.set()

    settings = Settings(db=str(tmp_path / "c.db"), min_words=5)
    t = threading.Thread(
        target=watch,
        args=(src, store, settings, tmp_path / "out"),
        kwargs={"settle": 0.1, "poll": 0.1, "stop": stop, "on_batch": on_batch},
        daemon=True,
    )
    t.start()
    t.join(60)
    stop.set()
    t.join(5)
    assert not t.is_alive()
    assert {("a.txt", "stored"), ("z.txt", "skipped")} <= seen, "the watcher died or never took a.txt"
    store.close()


def test_a_walk_that_fails_part_way_rejects_that_folder_and_the_next_input_is_still_planned(tmp_path, monkeypatch):
    import chorus.ingest.plan as plan

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT)
    (tmp_path / "b.txt").write_text(TEXT)

    def fails(*_a: object) -> str | None:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))  # e.g. the working folder went away

    monkeypatch.setattr(plan, "_not_read", fails)
    entries = list(plan_inputs([str(src), str(tmp_path / "b.txt")]))
    assert [(e.source, e.rejected.reason if e.rejected else None) for e in entries] == [
        (str(src), "folder cannot be read: No such file or directory"),
        (str(tmp_path / "b.txt"), None),
    ]
