"""Temporal review (items 1-4): planned events, years after names, judged days, narrated months.

Every sentence here is one a reviewer found read wrongly in ordinary news; the expected value is what
a careful reader takes from it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from chorus.stages.temporal import find_temporal

WED = dt.date(1998, 3, 11)  # a Wednesday


def _values(text: str, doc: dt.date) -> list[tuple[str, str | None]]:
    return [
        (e.phrase, e.value.format() if e.value is not None else None)
        for e in find_temporal(text, 0, len(text), "en", doc)
        if e.kind == "date"
    ]


# -- 1. "planned/scheduled for X was ..." -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # news cancels or postpones an event before it happens: the nearest occurrence, no forced past
        ("A vote scheduled for Friday was postponed.", [("Friday", "1998-03-13")]),
        ("A strike set for Friday was called off.", [("Friday", "1998-03-13")]),
        # the day an event is moved to is still to come
        (
            "The meeting planned for Friday was moved to Monday.",
            [("Friday", "1998-03-13"), ("Monday", "1998-03-16")],
        ),
        (
            "The launch planned for Friday was delayed until Monday, NASA said.",
            [("Friday", "1998-03-13"), ("Monday", "1998-03-16")],
        ),
        ("The hearing was rescheduled for Monday.", [("Monday", "1998-03-16")]),
        # the nearest occurrence may be the one just past: Saturday said on a Sunday
        ("A memorial service planned for Saturday was canceled.", [("Saturday", "1998-03-14")]),
    ],
)
def test_a_planned_event_called_off_is_the_nearest_day(text, expected):
    assert _values(text, WED) == expected


def test_a_planned_event_called_off_the_day_before_is_yesterday():
    sunday = dt.date(1999, 10, 24)
    assert _values("A memorial service planned for Saturday was canceled.", sunday) == [("Saturday", "1999-10-23")]


def test_moving_house_on_a_day_is_still_the_past():
    assert _values("He moved to Paris on Monday.", WED) == [("Monday", "1998-03-09")]


# -- 2. a number ending a name ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "doc", "expected"),
    [
        ("Portugal won Euro 2016.", dt.date(2017, 3, 10), ["2016"]),
        ("Relations have warmed since Beijing 2008.", dt.date(2017, 3, 10), ["2008"]),
        ("He won gold at Sochi 2014.", dt.date(2017, 3, 10), ["2014"]),
        ("The hearings recalled Watergate 1972.", dt.date(2017, 3, 10), ["1972"]),
        ("The war in Kosovo 1999 changed NATO.", dt.date(2017, 3, 10), ["1999"]),
        ("Dubai will host Expo 2020 next year.", dt.date(2017, 3, 10), ["2020", "2018"]),
        ("Growth will slow in Asia 1998, the IMF said.", dt.date(1998, 3, 10), ["1998"]),
        ("Visitors came from across Europe 1997 through 1998.", dt.date(1998, 3, 10), ["1997", "1998"]),
        # a naming lead makes the number part of the name
        ("They formed a venture called Orion 1980 to build drills.", dt.date(1998, 3, 10), []),
        ("The plan, known as Vision 2020, was adopted in 1996.", dt.date(1998, 3, 10), ["1996"]),
        ('The exercise, dubbed "Bright Star 1997," ended.', dt.date(1998, 3, 10), []),
    ],
)
def test_a_year_after_a_name_is_a_year_unless_a_lead_names_it(text, doc, expected):
    assert [v for _, v in _values(text, doc)] == expected


# -- 3. "it was a great day" ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It was a typical day in 1945, she recalled.",
        "It is a national day of prayer, held each May.",
        "This is a working day for most Europeans.",
        "He said it was a good day to buy stocks when prices fall.",
        "It was a red-letter day for fans when the team won in 1986.",
        "It was a great day in the history of the club.",
    ],
)
def test_a_generic_day_is_no_date(text):
    assert "day" not in [p for p, _ in _values(text, dt.date(1998, 3, 10))]


def test_an_explicit_date_wins_over_a_day_described():
    text = "It was a rainy day in Berlin on Nov. 9, 1989, when the wall fell."
    assert _values(text, dt.date(1998, 3, 10)) == [("Nov. 9, 1989", "1989-11-09")]


@pytest.mark.parametrize(
    ("text", "doc", "value"),
    [
        # the day named in the same sentence
        ("It was a sad day for the city, the mayor said Tuesday.", dt.date(1998, 3, 13), "1998-03-10"),
        # the day named in the sentence before
        ("They joined NATO on Friday. It was a historic day for Poland.", dt.date(1998, 3, 11), "1998-03-06"),
        # a day named further back is another day: the story's (the document's)
        (
            "They met on Friday. Talks went on. Nothing was agreed. It was a sad day for Poland.",
            dt.date(1998, 3, 11),
            "1998-03-11",
        ),
        ("It's a great day for Poland, he said.", dt.date(1998, 3, 11), "1998-03-11"),
    ],
)
def test_a_day_judged_is_the_day_named_nearby(text, doc, value):
    assert dict(_values(text, doc))["day"] == value


# -- 4. a month in a narrated past sentence ---------------------------------------------------------


OCT98 = dt.date(1998, 10, 15)


@pytest.mark.parametrize(
    ("text", "doc", "month", "value"),
    [
        ("The plant closed in December.", OCT98, "December", "1997-12"),
        # an attribution tail does not make the month reported
        ("The plant closed in December, the company said.", OCT98, "December", "1997-12"),
        ("The plant closed in December, according to the company.", OCT98, "December", "1997-12"),
        # intention and present-tense verbs look ahead
        ("Elections were due in December.", OCT98, "December", "1998-12"),
        ("Congress adjourned without a vote; the measure expires in December.", OCT98, "December", "1998-12"),
        ("Negotiators agreed on a new round of talks in December.", OCT98, "December", "1998-12"),
        ("The rebels wanted a vote in December.", OCT98, "December", "1998-12"),
        # a verb of speech or agreement right before the month dates itself
        ("The deal, announced in March, closed in December.", dt.date(1999, 1, 10), "March", "1998-03"),
        ("The two sides agreed in December to resume talks.", OCT98, "December", "1997-12"),
        # a month inside a reported clause may still look ahead
        ("The company said it moved the opening to a date in December.", OCT98, "December", "1998-12"),
    ],
)
def test_a_month_in_a_narrated_sentence(text, doc, month, value):
    assert dict(_values(text, doc))[month] == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The board decided to sell the plant in December.", "1998-12"),
        ("The board decided in December to sell the plant.", "1997-12"),
        ("The plant closed in December and will reopen in May.", "1997-12"),
        ("The bank said in December that it would cut rates.", "1997-12"),
    ],
)
def test_a_decision_looks_ahead_but_a_past_verb_dates_itself(text, value):
    assert dict(_values(text, OCT98))["December"] == value
