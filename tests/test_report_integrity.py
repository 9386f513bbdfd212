"""report.json names only articles it holds, also after a file is superseded by a later version of
itself (re-running an edited file, `chorus watch`): the superseded article stays in articles[],
marked ``superseded_by``, its input says so, and relations are listed only between articles present."""

from __future__ import annotations

import json
import shutil
import time
from typing import Any

from chorus.config import Settings
from chorus.pipeline import run
from chorus.report import validate, write_outputs
from chorus.store import SQLiteStore
from tests.conftest import SEEDS
from tests.helpers import watch_thread

EXTRA = "\nSeparately, Syrian officials said on Tuesday that the delegation would also visit St Petersburg.\n"


def dangling(report: dict[str, Any]) -> list[str]:
    """Every id report.json references that is not in it (article, segment, claim)."""
    arts = {a["id"]: a for a in report["articles"]}
    units = set(arts) | {s["id"] for a in arts.values() for s in a["segments"]}
    bad = []
    for i in report["inputs"]:
        for key in ("article", "duplicate_of"):
            if i[key] is not None and i[key] not in arts:
                bad.append(f"input {i['source']} {key} {i[key]}")
        if i["status"] == "stored" and i["article"] is None:
            bad.append(f"stored input {i['source']} without article")
    for r in report["relations"]:
        bad += [f"relation {r['kind']} {r[k]}" for k in "ab" if r[k] not in units]
    for s in report["stories"]:
        claims = {c["id"] for c in s["claims"]}
        bad += [f"story {s['id']} article {a}" for a in s["articles"] if a not in arts]
        spans = [m for e in s["entities"] for m in e["mentions"]]
        spans += [e for part in ("timeline", "claims", "discrepancies") for x in s[part] for e in x["evidence"]]
        bad += [f"story {s['id']} evidence {e['article']}" for e in spans if e["article"] not in s["articles"]]
        bad += [f"story {s['id']} claim {c}" for d in s["discrepancies"] for c in d["claims"] if c not in claims]
        cited = [c for b in s["brief"]["sentences"] for c in b["citations"]]
        bad += [f"story {s['id']} citation {c}" for c in cited if c not in s["articles"]]
    for a in arts.values():
        if a.get("superseded_by") is not None and a["superseded_by"] not in arts:
            bad.append(f"article {a['id']} superseded_by {a['superseded_by']}")
    return bad


def test_rerunning_an_edited_file_keeps_report_json_referentially_whole(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:4]:
        shutil.copy(f, folder)
    settings = Settings(db=str(tmp_path / "c.db"))
    store = SQLiteStore(settings.db)
    try:
        first = run([str(folder)], store, settings).report
        assert not dangling(first)
        edited = sorted(folder.glob("*.txt"))[2]
        old = next(i["article"] for i in first["inputs"] if i["source"] == str(edited))
        edited.write_text(edited.read_text() + EXTRA)
        report = run([str(folder)], store, settings).report
        assert store.superseded_by(old)  # the scenario is a supersede
        # The old version's relations (the new one is a near copy of it) are out: it is not in the report.
        assert not dangling(report), dangling(report)
        validate(report)
        write_outputs(report, tmp_path / "out")
        assert not dangling(json.loads((tmp_path / "out" / "report.json").read_text()))
    finally:
        store.close()


def test_a_file_superseded_under_watch_stays_in_articles_marked_and_its_input_says_so(tmp_path):
    folder, out = tmp_path / "drop", tmp_path / "out"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for f in seeds[:2]:
        shutil.copy(f, folder)
    target = folder / seeds[1].name
    db = tmp_path / "w.db"
    t, stop, store = watch_thread(folder, db, out)

    def report() -> dict[str, Any]:
        try:
            return json.loads((out / "report.json").read_text())
        except (OSError, ValueError):
            return {"inputs": []}

    def versions() -> list[dict[str, Any]]:
        return [i for i in report()["inputs"] if i["source"] == str(target) and i["status"] == "stored"]

    def wait(cond: Any) -> bool:
        end = time.monotonic() + 90
        while time.monotonic() < end:
            if cond():
                return True
            time.sleep(0.2)
        return False

    t.start()
    try:
        assert wait(lambda: len(versions()) == 1), "the file was not taken"
        target.write_text(target.read_text() + EXTRA)
        assert wait(lambda: len(versions()) == 2), "the edited file was not taken again"
        time.sleep(0.5)
        rep = report()
        assert not dangling(rep), dangling(rep)
        validate(rep)
        old, new = (v["article"] for v in versions())
        arts = {a["id"]: a for a in rep["articles"]}
        assert arts[old]["superseded_by"] == new and arts[new]["superseded_by"] is None
        assert all(old not in s["articles"] for s in rep["stories"])
        assert f"superseded by {new}" in versions()[0]["reason"]
        assert "superseded" not in (versions()[1]["reason"] or "")
        index = (out / "index.html").read_text()
        current = sum(1 for a in rep["articles"] if not a["superseded_by"])
        assert f"from {current} articles" in index and f"superseded by {new}" in index
    finally:
        stop.set()
        t.join(timeout=10)
        store.close()


def test_the_index_lists_the_newest_story_first_with_its_lead():
    from chorus.report import index_page

    def story(sid: str, arts: list[str], lead: str) -> dict[str, Any]:
        return {
            "id": sid, "title": f"Story {sid}", "articles": arts, "languages": ["en"], "claims": [],
            "brief": {"markdown": "", "sentences": [{"text": lead, "citations": arts}]},
        }  # fmt: skip

    report = {
        "chorus_version": "x",
        "inputs": [],
        "articles": [
            {"id": "a1", "published": "2025-01-02"},
            {"id": "a2", "published": "2025-03-01"},
            {"id": "a3", "published": "2025-01-05"},
        ],
        "stories": [story("old", ["a1", "a3"], "The <old> lead."), story("new", ["a2"], "The new lead.")],
    }
    page = index_page(report)
    assert page.index("Story new") < page.index("Story old")
    assert "The new lead." in page and "The &lt;old&gt; lead." in page and "<old>" not in page
    assert "2025-03-01" in page and "2025-01-05" in page
