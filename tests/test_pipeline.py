"""The ingestion spine on the seeds and on every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chorus.config import Settings
from chorus.pipeline import ingest, run
from chorus.report import validate
from tests.conftest import SEEDS, TODAY

SETTINGS = Settings(db=":memory:")


def _sentences(text: str) -> list[str]:
    import re

    body = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", text)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", body) if len(s.strip()) > 3]


def test_seeds_stored_with_segments_credits_and_dates(seed_articles):
    a = seed_articles
    assert sorted(a) == ["000", "001", "002", "003", "004"]
    assert [s.language for s in a["002"].segments] == ["ar", "en"]
    for k in ("000", "001", "003", "004"):
        assert [s.language for s in a[k].segments] == ["en"], k
    assert "Recommended stories" not in a["003"].text and "list of 4 items" not in a["003"].text
    assert "SOURCE:AA" not in a["001"].text and "AA" in a["001"].credits
    assert any(r.why == "credit" and r.text == "SOURCE:AA" for r in a["001"].removed)
    for k in ("000", "001", "002"):
        assert str(a[k].published) == "2025-12-24"
    assert a["001"].title == "Putin meets Syrian foreign, defence ministers to discuss strategic cooperation"


@pytest.mark.parametrize("key", ["000", "002", "004"])
def test_every_sentence_of_clean_seeds_survives(seed_articles, key):
    raw = next(SEEDS.glob(f"{key}_*.txt")).read_text("utf-8")
    text = seed_articles[key].text
    for sentence in _sentences(raw):
        assert sentence in text, sentence


def test_segments_cover_text_and_ids(seed_articles):
    a = seed_articles["002"]
    ar, en = a.segments
    assert ar.id == f"{a.id}:0" and en.id == f"{a.id}:1"
    assert "بوتين" in a.text[ar.start : ar.end] and "Putin" not in a.text[ar.start : ar.end]
    assert a.text[en.start : en.end].startswith("Russian President Vladimir Putin received")


def test_rerun_adds_nothing_and_keeps_ids(mem_store):
    first = ingest([str(SEEDS)], mem_store, SETTINGS, today=TODAY)
    second = ingest([str(SEEDS)], mem_store, SETTINGS, today=TODAY)
    assert len(first.new_articles) == 5 and second.new_articles == []
    assert [r.article for r in first.records] == [r.article for r in second.records]
    assert mem_store.count_articles() == 5


def test_duplicate_input_points_to_the_stored_article(mem_store, tmp_path):
    src = next(SEEDS.glob("000_*.txt"))
    copy = tmp_path / "copy.txt"
    copy.write_text(src.read_text("utf-8").replace("  ", " ") + "\n\n")
    res = ingest([str(src), str(copy)], mem_store, SETTINGS, today=TODAY)
    stored, dup = res.records
    assert stored.status == "stored" and dup.status == "duplicate" and dup.duplicate_of == stored.article


def _bad_folder(tmp: Path) -> dict[str, str]:
    """Every bad input of the foundation issue, with the words its reason must contain."""
    arabic = "وذكرت وكالة الأنباء السورية (سانا) أن بوتين بحث في اجتماع مختلف القضايا السياسية والعسكرية.\n" * 3
    english = "Russian President Vladimir Putin received the Syrian ministers in Moscow on Tuesday, SANA said.\n"
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "blank.txt").write_text("  \n\n\t ")
    (tmp / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp / "arabic-cp1256.txt").write_bytes(arabic.encode("cp1256"))
    (tmp / "utf16.txt").write_bytes(("UTF-16: " + english).encode("utf-16"))
    (tmp / "truncated.txt").write_bytes(arabic.rstrip(".\n").encode("utf-8")[:-1])
    (tmp / "lines.jsonl").write_text(
        json.dumps({"id": "a", "text": english})
        + "\n{oops\n"
        + json.dumps({"id": "b", "text": english + " More."})
        + "\n"
    )
    (tmp / "cookies.html").write_text(
        "<html><body><div id='cookie'><p>We use cookies to give you the best experience.</p>"
        "<p>Accept all cookies</p></div></body></html>"
    )
    (tmp / "future.txt").write_text(" date 2031-01-01 Future: " + english)
    return {
        "empty.txt": "rejected:empty",
        "blank.txt": "rejected:white space",
        "image.png": "rejected:PNG",
        "arabic-cp1256.txt": "stored:cp1256",
        "utf16.txt": "stored:utf-16",
        "truncated.txt": "stored:truncated",
        "lines.jsonl#L1": "stored:",
        "lines.jsonl#L2": "rejected:malformed JSON",
        "lines.jsonl#L3": "stored:",
        "cookies.html": "rejected:",
        "future.txt": "stored:",
    }


def test_every_bad_input_is_accounted_for(mem_store, tmp_path):
    expected = _bad_folder(tmp_path)
    res = ingest([str(tmp_path), str(tmp_path / "missing.txt")], mem_store, SETTINGS, today=TODAY)
    got = {Path(r.source).name: r for r in res.records}
    for name, want in expected.items():
        status, words = want.split(":", 1)
        rec = got[name]
        assert rec.status == status, (name, rec)
        assert words.lower() in (rec.reason or "").lower(), (name, rec.reason)
        if status == "rejected":
            assert rec.reason and "\n" not in rec.reason
    assert got["missing.txt"].status == "rejected" and "no such file" in got["missing.txt"].reason
    future = mem_store.get_article(got["future.txt"].article)
    assert future.published is None and "future" in future.metadata["published_rejected"]
    cp = mem_store.get_article(got["arabic-cp1256.txt"].article)
    assert "سانا" in cp.text and cp.segments[0].language == "ar"


def test_crash_mid_run_keeps_what_was_stored(tmp_path, monkeypatch):
    from chorus import pipeline
    from chorus.store import SQLiteStore

    db = tmp_path / "c.db"
    store = SQLiteStore(db)
    calls = {"n": 0}
    real = pipeline.build_article

    def flaky(doc, settings, today):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # a crash the runner cannot catch
        return real(doc, settings, today)

    monkeypatch.setattr(pipeline, "build_article", flaky)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(SEEDS)], store, SETTINGS, today=TODAY)
    store.close()
    again = SQLiteStore(db)
    assert again.count_articles() == 2
    monkeypatch.setattr(pipeline, "build_article", real)
    res = ingest([str(SEEDS)], again, SETTINGS, today=TODAY)
    assert again.count_articles() == 5 and len(res.new_articles) == 3


def test_run_report_validates_against_contract(mem_store, tmp_path):
    _bad_folder(tmp_path)
    result = run([str(SEEDS), str(tmp_path)], mem_store, SETTINGS, today=TODAY)
    validate(result.report)
    for art in result.report["articles"]:
        for seg in art["segments"]:
            assert 0 <= seg["start"] < seg["end"] <= len(art["text"])
    assert {r["status"] for r in result.report["inputs"]} == {"stored", "rejected"}


def test_near_duplicate_across_runs_is_found_through_the_persisted_index(tmp_path):
    """The LSH index lives in the store: a near copy ingested in a later run is related to the first."""
    from chorus.config import Settings
    from chorus.pipeline import ingest
    from chorus.store import SQLiteStore

    body = " ".join(
        f"Sentence {i} of the report says the ministers met in Moscow to discuss military cooperation."
        for i in range(12)
    )
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(body + " The talks lasted three hours.", encoding="utf-8")
    second.write_text(body + " The talks lasted four hours.", encoding="utf-8")
    db = str(tmp_path / "c.db")
    store = SQLiteStore(db)
    one = ingest([str(first)], store, Settings(db=db), today=TODAY).records[0]
    store.close()
    store = SQLiteStore(db)  # a new process: nothing kept in memory
    two = ingest([str(second)], store, Settings(db=db), today=TODAY).records[0]
    rels = store.relations_for([one.article, two.article])
    store.close()
    assert two.status == "stored" and two.reason and two.reason.startswith(f"near duplicate of {one.article}")
    assert [(r.kind, {r.a, r.b}) for r in rels] == [("near_duplicate", {one.article, two.article})]
