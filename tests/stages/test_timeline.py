"""Story timeline on the five seed articles and on small made-up stories."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from chorus.errors import ConfigError
from chorus.model import Article, Segment
from chorus.stages.timeline import TimelineConfig, TimelineEvent, build_timeline, story_reference_date
from chorus.text import content_hash

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
DATED = {"000", "001", "002"}  # the seeds with a " date 2025-12-24" header


def _article(text: str, published: dt.date | None, source: str = "x.txt") -> Article:
    """One segment per paragraph: Arabic when the paragraph is mostly Arabic script."""
    aid = content_hash(text)
    segs: list[Segment] = []
    for m in re.finditer(r"[^\n]+", text):
        para = m.group(0)
        arabic = sum("\u0600" <= ch <= "\u06ff" for ch in para)
        latin = sum(ch.isascii() and ch.isalpha() for ch in para)
        segs.append(
            Segment(id=f"{aid}:{len(segs)}", language="ar" if arabic > latin else "en", start=m.start(), end=m.end())
        )
    return Article(id=aid, source=source, text=text, published=published, segments=tuple(segs))


def _seed(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    if text.startswith(" date"):
        text = re.sub(r"^ date \d{4}-\d\d-\d\d ?", "", text)
    pub = dt.date(2025, 12, 24) if path.name[:3] in DATED else None
    return _article(text.strip(), pub, path.name)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return {p.name[:3]: _seed(p) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def encoder():
    from chorus.embed import USEEncoder

    return USEEncoder()


def _items_on(items, day: str):
    return [i for i in items if i.date.format() == day and i.date.precision == "day"]


def test_seed_meeting_is_one_item_from_all_five_articles(seeds, encoder):
    items, discrepancies = build_timeline(list(seeds.values()), TimelineConfig(), encoder)
    ids = {k: a.id for k, a in seeds.items()}
    meeting = max(_items_on(items, "2025-12-23"), key=lambda i: len(i.articles))
    assert set(meeting.articles) == set(ids.values())
    assert discrepancies == []


def test_seed_timeline_without_encoder_dates_every_article_and_the_key_events(seeds):
    items, _ = build_timeline(list(seeds.values()), TimelineConfig())
    on_23 = {a for i in _items_on(items, "2025-12-23") for a in i.articles}
    assert on_23 == {a.id for a in seeds.values()}
    lavrov = _items_on(items, "2025-12-24")
    assert any("Lavrov" in i.text and seeds["004"].id in i.articles for i in lavrov)
    assert any("October 15" in i.text and seeds["001"].id in i.articles for i in _items_on(items, "2025-10-15"))
    assert any("fled to Russia" in i.text for i in _items_on(items, "2024-12-08"))


def test_seed_items_are_sorted_and_every_evidence_span_is_exact(seeds):
    items, _ = build_timeline(list(seeds.values()), TimelineConfig())
    by_id = {a.id: a for a in seeds.values()}
    starts = [i.date.start for i in items]
    assert starts == sorted(starts)
    for item in items:
        assert item.evidence
        for span in item.evidence:
            assert by_id[span.article].text[span.start : span.end] == span.text


def test_publication_dateline_is_not_an_event(seeds):
    items, _ = build_timeline([seeds["001"]], TimelineConfig())
    assert all(i.text.strip() != "December 24, 2025" for i in items)
    assert not _items_on(items, "2025-12-24")


def test_undated_articles_borrow_the_story_date_and_say_so(seeds):
    items, _ = build_timeline(list(seeds.values()), TimelineConfig())
    borrowed = [i for i in items if seeds["003"].id in i.articles and i.date.format() == "2025-12-23"]
    assert borrowed
    assert isinstance(borrowed[0], TimelineEvent)
    assert any("no publication date" in n for i in borrowed for n in i.notes)
    assert story_reference_date(list(seeds.values())) == dt.date(2025, 12, 24)


def test_without_borrowing_undated_articles_stay_out(seeds):
    items, _ = build_timeline([seeds["003"], seeds["004"]], TimelineConfig(borrow_dates=False))
    assert items == []


def test_weekday_mismatch_note_reaches_the_item(seeds):
    items, _ = build_timeline([seeds["000"]], TimelineConfig())
    (meeting,) = _items_on(items, "2025-12-23")
    assert any(n.startswith("weekday mismatch") for n in meeting.notes)


def test_conflicting_dates_for_the_same_event_become_a_discrepancy():
    a = _article("The summit between the two leaders was held in Geneva on March 3, 2024.", dt.date(2024, 3, 6))
    b = _article("The summit between the two leaders was held in Geneva on March 5, 2024.", dt.date(2024, 3, 6))
    items, discrepancies = build_timeline([a, b], TimelineConfig())
    assert {i.date.format() for i in items} == {"2024-03-03", "2024-03-05"}
    (d,) = discrepancies
    assert d.kind == "date" and {s.article for s in d.evidence} == {a.id, b.id}
    assert "2024-03-03" in d.text and "2024-03-05" in d.text


def test_compatible_precisions_are_not_a_conflict():
    a = _article("Assad fled to Russia on December 8, 2024, ending the regime.", dt.date(2025, 12, 24))
    b = _article("Assad fled to Russia in December 2024, ending the regime.", dt.date(2025, 12, 24))
    _, discrepancies = build_timeline([a, b], TimelineConfig())
    assert discrepancies == []


@pytest.mark.parametrize("kwargs", [{"similarity": 0}, {"overlap": 1.5}, {"max_text_chars": 5}])
def test_config_rejects_bad_values_with_a_fix(kwargs):
    with pytest.raises(ConfigError, match="must be"):
        TimelineConfig(**kwargs)


def test_report_entry_follows_the_contract(seeds):
    from chorus.stages.timeline import timeline_entry

    items, _ = build_timeline([seeds["001"]], TimelineConfig())
    entries = [timeline_entry(i) for i in items]
    assert {"date", "end", "precision", "text", "articles", "evidence"} <= set(entries[0])
    fled = next(e for e in entries if e["date"] == "2024-12-08")
    assert fled["precision"] == "day" and fled["end"] is None
    ev = fled["evidence"][0]
    assert seeds["001"].text[ev["start"] : ev["end"]] == ev["text"]
