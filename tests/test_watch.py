"""`chorus watch`: files dropped into a folder while it runs are picked up; partial files wait."""

from __future__ import annotations

import json
import shutil
import time

from chorus.store import SQLiteStore
from chorus.watch import is_partial
from tests.conftest import SEEDS
from tests.helpers import skipped, watch_thread


def _wait(cond, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if cond():
                return True
        except (OSError, ValueError):  # the report is being rewritten
            pass
        time.sleep(0.1)
    return False


def _report(out):
    return json.loads((out / "report.json").read_text())


def test_partial_names_wait_until_renamed(tmp_path):
    assert is_partial(tmp_path / "a.txt.part") and is_partial(tmp_path / ".a.txt") and is_partial(tmp_path / "a~")
    assert not is_partial(tmp_path / "a.txt")


def test_watch_picks_up_files_and_ignores_partial_ones(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[0], inbox / seeds[0].name)
    batches: list[int] = []
    t, stop, store = watch_thread(inbox, tmp_path / "c.db", out, lambda s: batches.append(len(s.records)))
    t.start()
    try:
        assert _wait(lambda: (out / "report.json").exists()), "the file already there was not processed"
        first = _report(out)
        assert len(first["stories"]) == 1 and (out / "stories" / f"{first['stories'][0]['id']}.md").exists()

        partial = inbox / (seeds[1].name + ".part")
        partial.write_bytes(seeds[1].read_bytes()[:100])
        time.sleep(1.0)
        taken = [i for i in _report(out)["inputs"] if not skipped(i)]
        assert len(taken) == 1, "a .part file was read before it was complete"
        (skip,) = [i for i in _report(out)["inputs"] if skipped(i)]
        assert skip["source"] == str(partial) and "'.part'" in skip["reason"], "listed, not silent"

        # a file written in pieces under its final name is read only once it has settled
        growing = inbox / seeds[3].name
        data = seeds[3].read_bytes()
        with growing.open("wb") as f:
            for i in range(0, len(data), len(data) // 4 + 1):
                f.write(data[i : i + len(data) // 4 + 1])
                f.flush()
                time.sleep(0.1)

        partial.write_bytes(seeds[1].read_bytes())
        partial.rename(inbox / seeds[1].name)
        shutil.copy(seeds[2], inbox / seeds[2].name)
        dropped = time.monotonic()

        def four():
            return len({i["source"] for i in _report(out)["inputs"] if not skipped(i)}) == 4

        assert _wait(four), "new files were not picked up"
        latency = time.monotonic() - dropped
        report = _report(out)
        report["inputs"] = [i for i in report["inputs"] if not skipped(i)]
        assert all(i["status"] == "stored" for i in report["inputs"])
        assert all(not i["source"].endswith(".part") for i in report["inputs"])
        placed = {a for s in report["stories"] for a in s["articles"]}
        assert placed == {i["article"] for i in report["inputs"]}, "every article is in a story"
        assert len(report["stories"]) == 1, "the four seeds report one meeting: one story"
        story = report["stories"][0]
        assert story["id"] == first["stories"][0]["id"], "adding articles never renames the story"
        assert (out / "stories" / f"{story['id']}.md").exists()
        assert latency < 60, f"files took {latency:.0f}s to reach the report"
    finally:
        stop.set()
        t.join(timeout=10)
        store.close()


def test_watch_skips_its_own_output_and_store_and_a_rewritten_file_supersedes(tmp_path):
    """`chorus watch .` with the default --out and --db inside the folder: neither is ever read, and a
    file taken half-written is superseded by its full version (the story counts one article)."""
    folder = tmp_path / "drop"
    folder.mkdir()
    out, db = folder / "out", folder / "chorus.db"
    t, stop, store = watch_thread(folder, db, out)
    full = sorted(SEEDS.glob("*.txt"))[0].read_text()
    half = folder / "half.txt"
    half.write_text(full[: len(full) // 2])
    t.start()
    try:

        def taken(n):
            return sum(i["source"] == str(half) and i["status"] == "stored" for i in _report(out)["inputs"]) == n

        assert _wait(lambda: taken(1)), "the half-written file was not taken"
        half.write_text(full)
        assert _wait(lambda: taken(2)), "the rewritten file was not taken again"
        time.sleep(1.0)  # a few more polls: the report and briefs just written must not be read back
        report = _report(out)
        read = [i for i in report["inputs"] if not skipped(i)]
        assert [i["source"] for i in read] == [str(half), str(half)], read
        unread = {i["source"]: i["reason"] for i in report["inputs"] if skipped(i)}
        assert "--out" in unread[str(out)] and "--db" in unread[str(db)]
        assert len(report["stories"]) == 1 and report["stories"][0]["articles"] == [read[1]["article"]]
        assert store.superseded_by(read[0]["article"]) == read[1]["article"]
    finally:
        stop.set()
        t.join(timeout=10)
        store.close()


def test_watch_goes_on_when_the_report_cannot_be_written_and_writes_it_later(tmp_path, monkeypatch):
    """A full disk or an unwritable --out folder does not end the watch: the articles are stored,
    the error is logged, and the report is written once writing works again."""
    import chorus.watch as w

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[0], inbox / seeds[0].name)
    real_write = w.write_outputs
    broken = {"on": True}

    def flaky(report, folder):  # type: ignore[no-untyped-def]
        if broken["on"]:
            raise OSError(28, "No space left on device")
        return real_write(report, folder)

    monkeypatch.setattr(w, "write_outputs", flaky)
    states: list[object] = []
    t, stop, _store = watch_thread(inbox, tmp_path / "c.db", out, states.append)
    t.start()
    try:
        assert _wait(lambda: states), "the first batch did not run"
        assert t.is_alive(), "the watch ended on a write error"
        assert not (out / "report.json").exists()
        assert states[-1].unwritten == "No space left on device"  # type: ignore[attr-defined]
        shutil.copy(seeds[1], inbox / seeds[1].name)
        assert _wait(lambda: len(states) >= 2), "a file added after the error was not read"
        broken["on"] = False
        assert _wait(lambda: (out / "report.json").exists()), "the report was not written once writing worked"
        assert _wait(lambda: len(_report(out)["inputs"]) == 2)
    finally:
        stop.set()
        t.join(10)
    assert SQLiteStore(tmp_path / "c.db").count_articles() == 2


def test_watch_logs_a_deleted_file_as_removed_and_a_renamed_one_as_renamed(tmp_path):
    """Files dropped, then one deleted and one renamed (into a subfolder) while the watch runs: the
    deleted file's article stays in its story, marked; the renamed one keeps its id and story; neither
    is silent in the report, and the rename is never first taken for a removal."""
    from chorus.report import validate
    from tests.test_report_integrity import dangling

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    t, stop, store = watch_thread(inbox, tmp_path / "c.db", out)
    t.start()
    try:
        for f in seeds:
            shutil.copy(f, inbox / f.name)
        assert _wait(lambda: len({i["source"] for i in _report(out)["inputs"]}) == 3), "the files were not taken"
        first = _report(out)
        ids = {i["source"]: i["article"] for i in first["inputs"]}
        (story,) = [s["id"] for s in first["stories"]]
        deleted, old = inbox / seeds[0].name, inbox / seeds[1].name
        (inbox / "done").mkdir()
        new = inbox / "done" / seeds[1].name
        deleted.unlink()
        old.rename(new)
        assert _wait(lambda: len(_report(out)["gone"]) == 2), "the deletion and the rename were not noticed"
        report = _report(out)
        gone = {g["source"]: g for g in report["gone"]}
        assert gone[str(deleted)]["event"] == "removed" and gone[str(deleted)]["articles"] == [ids[str(deleted)]]
        assert gone[str(old)]["event"] == "renamed" and gone[str(old)]["renamed_to"] == str(new)
        assert [e.event for e in store.file_events(str(old))] == ["renamed"], "never logged removed first"
        inputs = {i["source"]: i for i in report["inputs"]}
        assert inputs[str(deleted)]["gone"]["event"] == "removed"
        assert "removed from its folder" in inputs[str(deleted)]["reason"]
        assert inputs[str(old)]["gone"]["renamed_to"] == str(new)
        assert inputs[str(new)]["duplicate_of"] == ids[str(old)] and inputs[str(new)]["renamed_from"] == str(old)
        assert [s["id"] for s in report["stories"]] == [story], "the story keeps its id"
        assert set(report["stories"][0]["articles"]) == set(ids.values()), "and every article, the deleted one too"
        arts = {a["id"]: a for a in report["articles"]}
        assert arts[ids[str(deleted)]]["input_gone"]["sources"] == [str(deleted)]
        assert arts[ids[str(old)]]["input_gone"] is None, "the renamed file still holds its article"
        assert not dangling(report), dangling(report)
        validate(report)
        assert "Files no longer in their folder" in (out / "index.html").read_text()
        # the deleted file comes back: it is current again and leaves the list
        shutil.copy(seeds[0], deleted)
        assert _wait(lambda: [g["source"] for g in _report(out)["gone"]] == [str(old)]), "the file back was not noticed"
        assert _wait(lambda: {a["id"]: a for a in _report(out)["articles"]}[ids[str(deleted)]]["input_gone"] is None)
    finally:
        stop.set()
        t.join(timeout=10)
        store.close()
