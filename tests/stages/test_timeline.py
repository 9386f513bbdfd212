"""Story timeline on the five seed articles and on small made-up stories."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from chorus.errors import ConfigError
from chorus.model import Article, Segment
from chorus.stages.timeline import TimelineConfig, build_timeline, story_reference_date
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
    (weekday,) = discrepancies  # "today (Tuesday)" in Wednesday articles, recorded, not hidden
    assert weekday.kind == "date" and {s.article for s in weekday.evidence} == {ids["000"], ids["002"]}
    assert "2025-12-24 (Wednesday)" in weekday.text and "2025-12-23 (Tuesday)" in weekday.text
    assert {s.text for s in weekday.evidence} == {"today (Tuesday)", "اليوم (الثلاثاء)"}


def _show(item) -> str:
    v = item.date
    return f"{v.start}..{v.end}" if v.precision == "range" else v.format()


def test_seed_timeline_is_the_one_an_editor_expects(seeds, encoder):
    items, _ = build_timeline(list(seeds.values()), TimelineConfig(), encoder)
    name = {a.id: k for k, a in seeds.items()}
    got = {(_show(i), i.date.precision): sorted(name[a] for a in i.articles) for i in items}
    assert got == {
        # "in power since 1963" is a state, not an event: no item
        # "fled ... on December 8, 2024"; 001's "in late 2024" and 003's "December last year" give no day
        ("2024-12-08", "day"): ["001"],
        ("2025-07", "month"): ["003"],
        ("2025-10-15", "day"): ["001"],  # "on October 15"; 003's "In October" is noted, not cited
        ("2025-12-21..2025-12-23", "range"): ["004"],  # the Turkish visit "less than two days" before
        ("2025-12-23", "day"): ["000", "001", "002", "003", "004"],
        ("2025-12-24", "day"): ["004"],  # the Lavrov meeting; 003 only announced it ("will also meet")
    }
    fled = next(i for i in items if i.date.format() == "2024-12-08")
    assert fled.phrases == ("December 8, 2024",)
    assert any("less precisely, not as this day" in n and "late 2024" in n for n in fled.notes)
    lavrov = next(i for i in items if i.date.format() == "2025-12-24")
    assert lavrov.text == "Later Wednesday, al-Shaibani met with Russian Foreign Minister Sergey Lavrov"
    assert any("announced in advance" in n and "will also meet" in n for n in lavrov.notes)
    turkish = next(i for i in items if i.date.precision == "range")
    assert "Turkish delegation" in turkish.text and any("previous event date" in n for n in turkish.notes)


def test_dates_in_quotations_and_periods_up_to_now_are_not_events(seeds):
    items, _ = build_timeline([seeds["004"], seeds["001"]], TimelineConfig())
    assert not [i for i in items if i.date.precision == "year" and i.date.start.year in (2024, 2025)]
    assert all("past year" not in i.text and '"' not in i.text for i in items)
    a = _article("Exports fell over the past year, the ministry said on Monday.", dt.date(2025, 3, 5))
    items, _ = build_timeline([a], TimelineConfig())
    assert [i.date.format() for i in items] == ["2025-03-03"]


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            "Lavrov greeted Shaibani, who met President Vladimir Putin on Tuesday, stressing dialogue.",
            "Shaibani, who met President Vladimir Putin on Tuesday",
        ),
        (
            "The ministers met Putin in Moscow on Tuesday, according to Syria's official news agency SANA.",
            "The ministers met Putin in Moscow on Tuesday",
        ),
        (
            "The meeting on Tuesday addressed issues of mutual concern, with a focus on defence, it added.",
            "The meeting on Tuesday addressed issues of mutual concern",
        ),
        ("According to SANA, the talks were held on Tuesday in Moscow.", "the talks were held on Tuesday in Moscow"),
    ],
)
def test_item_text_is_the_dated_clause(sentence, text):
    items, _ = build_timeline([_article(sentence, dt.date(2025, 12, 24))], TimelineConfig())
    assert [i.text for i in items] == [text]
    assert items[0].evidence[0].text == text


def test_an_announcement_joins_the_event_it_announces_or_is_left_out():
    plan = _article("Lavrov will also meet Shaibani during the visit, state media reported on Tuesday.", None)
    done = _article("On Wednesday, Shaibani met Lavrov in Moscow for talks.", dt.date(2025, 12, 24))
    items, discrepancies = build_timeline([plan, done], TimelineConfig())
    (item,) = items
    assert item.date.format() == "2025-12-24" and item.articles == (done.id,)  # the announcer gives no day
    assert any("announced in advance" in n and plan.id in n for n in item.notes)
    assert discrepancies == []
    items, _ = build_timeline([_article(plan.text, dt.date(2025, 12, 24))], TimelineConfig())
    assert items == []  # the meeting itself has no date: nothing to put on the timeline


def test_days_after_an_event_place_the_other_event_as_a_range():
    a = _article(
        "The ministers met in Moscow on Tuesday. The visit comes less than two days after the visit of a "
        "Turkish delegation to Damascus, headed by Hakan Fidan.",
        dt.date(2025, 12, 24),
    )
    items, _ = build_timeline([a], TimelineConfig())
    (turkish,) = [i for i in items if i.date.precision == "range"]
    assert (turkish.date.start, turkish.date.end) == (dt.date(2025, 12, 21), dt.date(2025, 12, 23))
    assert turkish.text == "The visit comes less than two days after the visit of a Turkish delegation to Damascus"
    b = _article("The talks came more than two days after the vote, on Tuesday.", dt.date(2025, 12, 24))
    assert all(i.date.precision != "range" for i in build_timeline([b], TimelineConfig())[0])


def test_an_undated_article_naming_a_later_date_does_not_borrow():
    dated = _article("The ministers met in Moscow on Tuesday, SANA said.", dt.date(2025, 12, 24))
    later = _article("Shaibani met Lavrov on Tuesday. The first round was held on January 6, 2026 in Geneva.", None)
    items, _ = build_timeline([dated, later], TimelineConfig())
    assert {a for i in items if i.date.format() == "2025-12-23" for a in i.articles} == {dated.id}
    assert any(later.id in i.articles and i.date.format() == "2026-01-06" for i in items)
    planned = _article("Shaibani met Lavrov on Tuesday. The next round is set for January 6, 2026.", None)
    items, _ = build_timeline([dated, planned], TimelineConfig())  # a date still to come says nothing
    assert {a for i in items if i.date.format() == "2025-12-23" for a in i.articles} == {dated.id, planned.id}


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
    assert any("no publication date" in n for i in borrowed for n in i.notes)
    assert story_reference_date(list(seeds.values())) == dt.date(2025, 12, 24)


def test_without_borrowing_undated_articles_stay_out(seeds):
    items, _ = build_timeline([seeds["003"], seeds["004"]], TimelineConfig(borrow_dates=False))
    assert items == []


def test_weekday_mismatch_note_reaches_the_item(seeds):
    items, _ = build_timeline([seeds["000"]], TimelineConfig())
    (meeting,) = _items_on(items, "2025-12-23")
    assert any("weekday mismatch" in n and seeds["000"].id in n for n in meeting.notes)


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
    from chorus.report import timeline_json

    items, _ = build_timeline([seeds["001"]], TimelineConfig())
    entries = [timeline_json(i) for i in items]
    assert {"date", "end", "precision", "text", "articles", "evidence"} <= set(entries[0])
    fled = next(e for e in entries if e["date"] == "2024-12-08")
    assert fled["precision"] == "day" and fled["end"] is None
    ev = fled["evidence"][0]
    assert seeds["001"].text[ev["start"] : ev["end"]] == ev["text"]


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("National home prices today are not far below their peaks.", []),  # today = nowadays
        ("Consider the conditions that today's young adults face.", []),
        ("Lavrov invited Shaibani to use today's meeting to explore cooperation.", ["2025-12-24"]),
        ("Putin received the ministers in Moscow today.", ["2025-12-24"]),
        ("Read more at https://example.com/story on Tuesday.", []),  # an embed, not an event
    ],
)
def test_today_is_an_event_date_only_when_something_happens(text, dates):
    items, _ = build_timeline([_article(text, dt.date(2025, 12, 24))], TimelineConfig())
    assert [i.date.format() for i in items] == dates


def test_between_two_years_is_one_range_item():
    a = _article("The volunteers fought over the boat between 2014 and 2015 before the board gave it away.", None)
    (item,) = build_timeline([a], TimelineConfig())[0]
    assert (item.date.precision, item.date.start, item.date.end) == (
        "range",
        dt.date(2014, 1, 1),
        dt.date(2015, 12, 31),
    )
    assert item.phrases == ("between 2014 and 2015",)


def test_labels_counterfactuals_and_quantities_are_not_events():
    en = _article(
        "U.S. citizens donating in 2005 may write off their donations on their 2004 tax returns.\n"
        "Without the new law, contributors would have waited until 2006.\n"
        "The Baath regime, which had been in power since 1963, fell.\n"
        "The bill was signed into law on January 7, 2005.",
        dt.date(2005, 1, 8),
    )
    ar = _article(
        "بدون القانون الجديد ، كان على المتبرعين الانتظار حتى عام 2006.\n"
        "قد تشطب التبرعات على عائداتها الضريبية 2004.\n"
        "وعلى بعد أكثر من 1600 كيلومتر من مركز الزلزال تحركت الأرض.",
        dt.date(2005, 1, 8),
    )
    items, _ = build_timeline([en, ar], TimelineConfig())
    assert [(i.date.format(), i.text) for i in items] == [
        ("2005-01-07", "The bill was signed into law on January 7, 2005")
    ]


def test_an_english_brief_gets_the_english_clause_of_a_translated_event(encoder):
    en = _article("The telethon was organised on Sunday, January 16, by Realitatea TV.", dt.date(2005, 1, 18))
    ar = _article("الحملة التلفزيونية نظمتها محطة تلفزيون رياليتاتيا يوم الاحد 16 يناير.", dt.date(2005, 1, 18))
    for order in ([ar, en], [en, ar]):
        (item,) = [i for i in build_timeline(order, TimelineConfig(), encoder)[0] if i.date.format() == "2005-01-16"]
        assert item.text.startswith("The telethon") and set(item.articles) == {en.id, ar.id}
