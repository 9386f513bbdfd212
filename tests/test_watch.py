"""`chorus watch`: files dropped into a folder while it runs are picked up; partial files wait."""

from __future__ import annotations

import json
import shutil
import threading
import time

from chorus.config import Settings
from chorus.store import SQLiteStore
from chorus.watch import watch
from tests.conftest import SEEDS


def _wait(cond, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.1)
    return False


def test_watch_picks_up_files_and_ignores_partial_ones(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[0], inbox / seeds[0].name)
    store = SQLiteStore(tmp_path / "c.db")
    stop = threading.Event()
    batches: list[int] = []
    t = threading.Thread(
        target=watch,
        args=(inbox, store, Settings(db=str(tmp_path / "c.db")), out),
        kwargs={
            "settle": 0.3,
            "poll": 0.1,
            "stop": stop,
            "on_batch": lambda s: batches.append(len(s.records)),
        },
        daemon=True,
    )
    t.start()
    try:
        assert _wait(lambda: (out / "report.json").exists()), "the file already there was not processed"
        partial = inbox / (seeds[1].name + ".part")
        partial.write_bytes(seeds[1].read_bytes()[:100])
        time.sleep(1.0)
        assert len(json.loads((out / "report.json").read_text())["inputs"]) == 1
        partial.write_bytes(seeds[1].read_bytes())
        partial.rename(inbox / seeds[1].name)
        shutil.copy(seeds[2], inbox / seeds[2].name)

        def three():
            data = json.loads((out / "report.json").read_text())
            return len({i["source"] for i in data["inputs"]}) == 3

        assert _wait(three), "new files were not picked up"
        report = json.loads((out / "report.json").read_text())
        assert all(i["status"] == "stored" for i in report["inputs"])
        assert all(not i["source"].endswith(".part") for i in report["inputs"])
    finally:
        stop.set()
        t.join(timeout=10)
        store.close()
