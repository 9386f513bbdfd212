"""The seed story end to end: `chorus run` on the five example articles, checked the way a reader would.

One real run (ingest, relations, clustering, entities, timeline, claims, brief) through
:func:`chorus.pipeline.run`; every assertion reads the report a user gets. These are the acceptance
criteria that the issues state on the seeds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chorus.config import Settings
from chorus.pipeline import run
from chorus.report import validate
from chorus.store import SQLiteStore
from tests.conftest import SEEDS, TODAY


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    db = tmp_path_factory.mktemp("seed") / "chorus.db"
    store = SQLiteStore(str(db))
    try:
        result = run([str(SEEDS)], store, Settings(db=str(db)), today=TODAY)
    finally:
        store.close()
    validate(result.report)
    return result.report


@pytest.fixture(scope="module")
def ids(report) -> dict[str, str]:
    """File prefix (000..004) -> article id."""
    return {Path(a["source"]).name[:3]: a["id"] for a in report["articles"]}


@pytest.fixture(scope="module")
def story(report):
    assert len(report["stories"]) == 1, "the five seeds are one story"
    return report["stories"][0]


def _claim(story, needle: str):
    found = [c for c in story["claims"] if any(needle in e["text"] for e in c["evidence"])]
    assert found, f"no claim mentions {needle!r}"
    return found[0]


def test_one_story_holds_all_five(story, ids):
    assert sorted(story["articles"]) == sorted(ids.values())
    assert set(story["languages"]) == {"en", "ar"}


def test_relations_are_exactly_copy_translation_and_wire(report, ids):
    found = set()
    for r in report["relations"]:
        a, b = r["a"], r["b"]
        assert r["evidence"], f"{r['kind']} {a} {b} has no evidence spans"
        found.add((r["kind"], frozenset((a, b))))
    ar, en = f"{ids['002']}:0", f"{ids['002']}:1"
    copy = {("exact_duplicate", frozenset((en, ids["000"]))), ("contained", frozenset((ids["000"], ids["002"])))}
    assert found & copy, "000 is 002's English half"
    assert ("translation", frozenset((ar, en))) in found
    assert ("translation", frozenset((ar, ids["000"]))) in found
    assert ("shared_wire_copy", frozenset((ids["001"], ids["004"]))) in found
    others = (
        found
        - copy
        - {
            ("translation", frozenset((ar, en))),
            ("translation", frozenset((ar, ids["000"]))),
            ("shared_wire_copy", frozenset((ids["001"], ids["004"]))),
        }
    )
    assert not others, f"unexpected relations: {others}"


def test_meeting_claim_is_five_articles_one_origin_sana(story, ids):
    meeting = _claim(story, "received Syrian Foreign Minister")
    assert sorted(meeting["articles"]) == sorted(ids.values())
    assert meeting["origins"] == ["SANA"]
    assert meeting["independent_origins"] == 1


def test_what_only_one_outlet_adds(story, ids):
    assert _claim(story, "Hmeimim")["articles"] == [ids["003"]]
    assert _claim(story, "Turkish delegation")["articles"] == [ids["004"]]


def test_houses_and_buildings_figures_are_flagged_not_smoothed(story, ids, report):
    text = {a["id"]: a["text"] for a in report["articles"]}
    flagged = [
        d for d in story["discrepancies"] if any("4 million residential buildings" in e["text"] for e in d["evidence"])
    ]
    assert flagged and flagged[0]["kind"] == "number"
    for e in flagged[0]["evidence"]:
        assert text[e["article"]][e["start"] : e["end"]] == e["text"]


def test_brief_leads_with_the_dated_meeting_and_cites_every_sentence(story):
    md = story["brief"]["markdown"]
    lead = md.split("\n\n")[1]
    assert lead.startswith("Russian President Vladimir Putin")
    assert "2025-12-23" in lead
    assert "1 independent origin: SANA" in md
    assert re.search(r"## Only in Al Jazeera\n\n(- .*\n)*- The Russian government is particularly keen .*Hmeimim", md)
    assert "Turkish delegation" in md.split("## Only in 004")[1].split("\n## ")[0]
    assert all(s["citations"] for s in story["brief"]["sentences"])


def test_timeline_dates_the_events_not_the_publication(story, ids):
    by_date: dict[str, set[str]] = {}
    for item in story["timeline"]:
        by_date.setdefault(item["date"], set()).update(item["articles"])
    assert set(ids.values()) <= by_date.get("2025-12-23", set()), "the meeting, in all five"
    assert ids["004"] in by_date.get("2025-12-24", set()), "the Lavrov meeting, 'Later Wednesday'"
    assert ids["001"] in by_date.get("2025-10-15", set()), "al-Sharaa's visit"
    assert ids["001"] in by_date.get("2024-12-08", set()), "Assad's flight"


def test_entities_merge_variants_and_keep_people_apart(story):
    people = {e["name"]: e for e in story["entities"] if e["type"] == "PERSON"}

    def holding(form: str):
        found = [e for e in story["entities"] if form in e["variants"]]
        assert len(found) == 1, f"{form!r} is in {len(found)} entities"
        return found[0]

    qasra = holding("مرهف أبو قصرة")
    assert {"Marhaf Abu Qasra", "Murhaf Abu Qasra", "Mulhaf Abu Kasra"} <= set(qasra["variants"])
    assert holding("Sergei Lavrov") is holding("Sergey Lavrov")
    assert holding("SANA") is holding("سانا") is holding("Syrian Arab News Agency")
    shaibani, assad = holding("al-Shaibani"), holding("Bashar al-Assad")
    assert shaibani is not assad
    assert holding("Putin")["type"] == "PERSON" and len(people) >= 5
