"""report.json and the story files show every value of a discrepancy with every article, outlet, span
and origin behind it (user audit: a figure discrepancy named one pair of outlets only)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from chorus.config import Settings
from chorus.pipeline import run
from chorus.report import validate, write_outputs
from chorus.store import SQLiteStore

_ARTICLES = {
    "a.txt": "Blast kills 12 in Sampletown\n\nA car bomb killed 12 people in the northern city of Sampletown on "
    "Monday morning, the Syrian news agency SANA said.\n\nThe explosion went off near a busy market, and rescue "
    "teams worked through the day to clear the rubble.\n",
    "b.txt": "Car bomb in Sampletown\n\nA car bomb killed 12 people in the northern city of Sampletown on Monday "
    "morning, according to SANA.\n\nRescue teams worked through the day near the busy market to clear the rubble "
    "after the explosion.\n",
    "c.txt": "Sampletown car bomb toll\n\nA car bomb killed 15 people in the northern city of Sampletown on Monday "
    "morning, hospital officials told reporters.\n\nThe explosion hit a busy market; rescue teams cleared the "
    "rubble through the day.\n",
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    root = tmp_path_factory.mktemp("discall")
    folder = root / "in"
    folder.mkdir()
    for name, text in _ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(db=str(root / "c.db"))
    store = SQLiteStore(settings.db)
    try:
        report = run([str(folder)], store, settings).report
    finally:
        store.close()
    write_outputs(report, root / "out")
    return report, root / "out"


def _figure(story: dict[str, Any]) -> dict[str, Any]:
    [d] = [d for d in story["discrepancies"] if d["kind"] == "number"]
    return d


def test_report_lists_every_value_with_its_articles_outlets_spans_and_origins(outputs):
    report, _ = outputs
    validate(report)
    [story] = report["stories"]
    by_source = {Path(a["source"]).name: a for a in report["articles"]}
    texts = {a["id"]: a["text"] for a in report["articles"]}
    values = _figure(story)["values"]
    assert [(v["value"], sorted(v["outlets"]), v["origins"], v["independent_origins"]) for v in values] == [
        (12.0, ["a.txt", "b.txt"], ["SANA"], 1),
        (15.0, ["c.txt"], ["c.txt"], 1),
    ]
    assert sorted(values[0]["articles"]) == sorted(by_source[n]["id"] for n in ("a.txt", "b.txt"))
    assert values[1]["articles"] == [by_source["c.txt"]["id"]]
    for v in values:
        for e in v["evidence"] + v["sentences"]:
            assert e["article"] in story["articles"] and texts[e["article"]][e["start"] : e["end"]] == e["text"]
        assert all(e["text"].endswith(" people") for e in v["evidence"])


def test_story_files_show_the_grouping(outputs):
    report, out = outputs
    [story] = report["stories"]
    md = (out / "stories" / f"{story['id']}.md").read_text("utf-8")
    page = (out / "stories" / f"{story['id']}.html").read_text("utf-8")
    saved = json.loads((out / "stories" / f"{story['id']}.json").read_text("utf-8"))
    line = next(x for x in md.splitlines() if x.startswith("- Sources differ on a figure:"))
    assert "(1 independent origin: SANA); “15 people”: c.txt." in line and "a.txt" in line and "b.txt" in line
    assert "“<bdi>15 people</bdi>”: <bdi>c.txt</bdi>" in page
    assert _figure(saved)["values"] == _figure(story)["values"]
    assert any(s["text"] == _figure(story)["text"] for s in saved["brief"]["sentences"])


def test_schema_checks_the_values_it_adds(outputs):
    report, _ = outputs
    bad = copy.deepcopy(report)
    _figure(bad["stories"][0])["values"][0]["independent_origins"] = -1
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)
    old = copy.deepcopy(report)  # a report written before values existed still validates
    for d in old["stories"][0]["discrepancies"]:
        del d["values"]
    validate(old)
