"""Timeline items that are no events or no clean clause: a later date in past-tense narration, a year
labelling a planned or hypothetical thing, photo captions, asides between dashes, appositions."""

from __future__ import annotations

import datetime as dt

import pytest

from chorus.model import Article, Segment
from chorus.stages import temporal_events as te
from chorus.stages.temporal import find_temporal
from chorus.stages.timeline import TimelineConfig, build_timeline

MAY3 = dt.date(2013, 5, 3)


def _items(text: str, published: dt.date | None = MAY3) -> list[tuple[str, str]]:
    segs, pos = [], 0
    for k, para in enumerate(text.split("\n")):
        segs.append(Segment(id=f"a:{k}", language="en", start=pos, end=pos + len(para)))
        pos += len(para) + 1
    art = Article(id="a", source="a.txt", text=text, published=published, segments=tuple(segs))
    items, _ = build_timeline([art], TimelineConfig())
    return [(i.date.format(), i.text) for i in items]


# --- a date after the publication date dates no past event -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The lender extended the offer to June 20, 2013 for all bondholders.",
        "Police arrested the driver on the coast road on June 8, 2013 after a chase.",
        "The ministry confirmed the merger of the two agencies in 2014 after long talks.",
    ],
)
def test_a_later_date_in_past_narration_is_no_event(text):
    assert _items(text) == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("The council said the vote is on June 8, 2013 in the town hall.", "2013-06-08"),
        ("The hearing was postponed until June 20, 2013 by the judge.", "2013-06-20"),
        ("The club will open its new stadium on June 8, 2013 with a concert.", "2013-06-08"),
        ("Police arrested the driver on the coast road on April 8, 2013 after a chase.", "2013-04-08"),
    ],
)
def test_a_later_date_that_is_announced_or_planned_stays(text, date):
    assert [d for d, _ in _items(text)] == [date]


def test_the_yearless_crash_is_last_years_and_leads_no_future_event():
    text = "Her latest stay comes after the actress rear-ended a truck on the coast road on June 8, and then lied."
    assert [d for d, _ in _items(text)] == ["2012-06-08"]


# --- a year labelling a planned or hypothetical thing --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Fans who return the shirt also will get a free ticket to a future 2014 or '15 game.",
        "The senator did not rule out a possible 2016 run for the White House.",
        "Officials spoke of a potential 2015 merger of the two clubs.",
    ],
)
def test_a_year_of_a_future_or_possible_thing_is_a_label(text):
    assert _items(text, None) == []


def test_a_year_that_dates_an_event_is_no_label():
    text = "The club moved to its new stadium in 2012 after a long dispute."
    assert [d for d, _ in _items(text, None)] == ["2012"]
    text = "The club will host the upcoming 2014 final in its new stadium."
    assert [d for d, _ in _items(text, None)] == ["2014"]


# --- photo captions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "caption",
    [
        "A site in the old town revealed a 13th century iron pot under the car park. Credit: Dr. Jane K. Doe",
        "Workers cleared the square on Tuesday before the parade. AP Photo/John Smith",
        "The harbour as it looked in 1947. Photo: City Archive",
    ],
)
def test_a_photo_caption_gives_no_event(caption):
    text = f"Diggers found the pot under the car park last week.\n{caption}\nThe dig ends soon."
    assert all(t.startswith("Diggers") for _, t in _items(text, dt.date(2013, 5, 8)))


def test_a_sentence_that_mentions_a_credit_or_a_photo_is_no_caption():
    text = "The council gave credit: the mayor praised the workers, who cleared the square on Tuesday."
    assert [d for d, _ in _items(text, dt.date(2013, 5, 8))] == ["2013-05-07"]
    long_line = "The workers cleared the square on Tuesday. " * 12 + "Photo: City Archive"
    assert [d for d, _ in _items(long_line, dt.date(2013, 5, 8))] == ["2013-05-07"]


# --- the clause of a date inside an aside or after an apposition ---------------------------------


def _clause(text: str) -> str:
    exprs = find_temporal(text, 0, len(text), "en", MAY3)
    (e,) = [x for x in exprs if x.kind == "date"]
    a, b = te.event_clause(text, 0, len(text), e, exprs, te.event_cues("en"))
    return text[a:b]


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        (
            "Historians named the car park – which holds the grave of Anne, first countess of Lorn, who died in 1714"
            " – as the site of the old hill.",
            "Anne, first countess of Lorn, who died in 1714",
        ),
        (
            "The old hall – built in 1947 – was knocked down to make room for a road.",
            "The old hall – built in 1947",
        ),
        # an aside closed before the date: the dash after it opens a new one, and is not an end
        (
            "The car park – a memorial ground – was paved in 1947 – a loss for the town.",
            "The car park – a memorial ground – was paved in 1947 – a loss for the town",
        ),
        (
            "The loan came from the Bank of England, which raised rates in 2012.",
            "the Bank of England, which raised rates in 2012",
        ),
        (
            "They praised Smith, chairman of the board, who resigned on Tuesday.",
            "Smith, chairman of the board, who resigned on Tuesday",
        ),
        (
            "Lavrov greeted Shaibani, who met President Vladimir Putin on Tuesday.",
            "Shaibani, who met President Vladimir Putin on Tuesday",
        ),
    ],
)
def test_the_clause_of_a_date_in_an_aside_or_after_an_apposition(text, clause):
    assert _clause(text) == clause
