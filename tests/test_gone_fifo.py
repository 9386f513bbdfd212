"""A named pipe in a folder is rejected unread by every pass, and never blocks the run (found by review:
hashing it for the gone-file log blocked `chorus run` forever)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from chorus.ingest.plan import plan_inputs
from chorus.ingest.plan_gone import account_folder, digest
from chorus.store.sqlite import SQLiteStore
from tests.conftest import SEEDS

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")


def _in_thread(fn, timeout: float = 20.0):
    """Run ``fn`` in a thread; fail (instead of hanging the suite) if it does not return in time."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # handed back to the test
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "blocked on the named pipe"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


def test_digest_of_a_named_pipe_raises_instead_of_blocking(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="not a regular file"):
        _in_thread(lambda: digest(pipe))


def test_account_folder_never_opens_a_named_pipe(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(Path(SEEDS).glob("*.txt"))[0], folder)
    os.mkfifo(folder / "pipe.txt")
    store = SQLiteStore(tmp_path / "x.db")
    try:
        planned = list(plan_inputs([str(folder)]))
        read = [e.source for e in planned if e.rejected is None]
        assert any(s.endswith("pipe.txt") for s in read)  # the plan lists it; the reader rejects it later
        _in_thread(lambda: account_folder(store, folder, planned, read))
        assert all(not p.endswith("pipe.txt") for p in store.known_files(None))
    finally:
        store.close()


def test_chorus_run_over_a_folder_with_a_named_pipe_finishes(tmp_path):
    from chorus.config import Settings
    from chorus.pipeline import ingest

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(Path(SEEDS).glob("*.txt"))[0], folder)
    os.mkfifo(folder / "pipe.txt")
    store = SQLiteStore(tmp_path / "x.db")
    try:
        res = _in_thread(lambda: ingest([str(folder)], store, Settings(db=str(tmp_path / "x.db"))))
        statuses = {Path(r.source).name: r.status for r in res.records}
        assert statuses["pipe.txt"] == "rejected" and list(statuses.values()).count("stored") == 1
    finally:
        store.close()


def test_a_file_rewritten_in_place_with_its_mtime_kept_is_hashed_again(tmp_path):
    """rsync -t / touch -r restore the mtime: a hash kept by size and mtime would go stale, and a later
    rename of the file would be logged a removal."""
    folder = tmp_path / "in"
    folder.mkdir()
    a = folder / "a.txt"
    a.write_text("first version of the article\n")
    store = SQLiteStore(tmp_path / "x.db")
    try:
        account_folder(store, folder, list(plan_inputs([str(folder)])), [str(a)])
        st = os.stat(a)
        a.write_text("other version of the article\n")  # same size
        os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))
        account_folder(store, folder, list(plan_inputs([str(folder)])), [str(a)])
        assert store.known_files(None)[str(a)].sha256 == digest(a)
        b = folder / "b.txt"
        a.rename(b)
        events = account_folder(store, folder, list(plan_inputs([str(folder)])), [str(b)])
        assert [(e.event, e.other) for e in events] == [("renamed", str(b))]
    finally:
        store.close()
