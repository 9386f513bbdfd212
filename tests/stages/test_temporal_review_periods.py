"""The reviewer's sentences for "the day after <event>", the quarter in focus, quarters ended on a day,
quarters in apposition, months-to-date periods and "the last week of ..." (review_time.md items 5-9
and 11), each with the value a careful reader gives it."""

from __future__ import annotations

import datetime as dt

import pytest

from chorus.stages.temporal import find_temporal

D98 = dt.date(1998, 3, 10)  # a Tuesday
Q4_98 = dt.date(1998, 10, 20)


def _found(text: str, doc: dt.date) -> dict[str, str | None]:
    return {e.phrase: e.timex for e in find_temporal(text, 0, len(text), "en", doc)}


# -- item 5: "the day after <event>" borrows a day only from its own sentence -------------------------


@pytest.mark.parametrize(
    ("text", "doc", "expected"),
    [
        # a day in an earlier sentence says nothing of the inauguration's day
        (
            "The treaty was signed on Jan. 5, 1990. The day after his inauguration, the president visited troops.",
            D98,
            {"Jan. 5, 1990": "1990-01-05"},
        ),
        # Tuesday dates the officials' statement (and Wednesday would be after the document date)
        (
            "In 1995 he moved to Paris. On Tuesday, officials said the day after the attack was the worst.",
            D98,
            {"1995": "1995", "Tuesday": "1998-03-10"},
        ),
        # a year in the event's phrase: the event's day is unknown
        (
            "On March 3 the board met. Years later, on the day after his death in 2005, his son spoke.",
            dt.date(2010, 3, 10),
            {"March 3": "2010-03-03", "2005": "2005"},
        ),
    ],
)
def test_the_day_after_an_event_takes_no_far_or_foreign_day(text, doc, expected):
    assert _found(text, doc) == expected


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Stocks fell on Oct. 12, the day before the plunge.", "the day before", "1997-10-12"),  # apposition
        ("Traders recalled the day after the Oct. 19 crash.", "the day after", "1997-10-20"),  # the event's day
        ("The mayor was shot on March 3 and crowds gathered the day after his death.", "the day after", "1998-03-04"),
    ],
)
def test_the_day_after_an_event_with_its_day_at_hand(text, phrase, value):
    assert _found(text, D98)[phrase] == value


def test_a_day_after_the_document_date_is_no_past_event():
    text = "Officials met on Tuesday and the day after the attack was the worst."
    assert "the day after" not in _found(text, D98)


# -- item 6: a future quarter is not the quarter in focus -------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "Profit rose in the third quarter. The company reported strong orders and expects fourth-quarter "
            "profit to rise. In the latest period, sales rose 4%.",
            "the latest period",
        ),
        (
            "Profit rose in the third quarter. Expenses in the fourth quarter ended a streak of declines. "
            "The quarter was strong.",
            "The quarter",
        ),
    ],
)
def test_a_quarter_still_to_come_does_not_take_the_focus(text, phrase):
    assert _found(text, Q4_98)[phrase] == "1998-Q3"


# -- item 7: "the quarter ending <day>" takes the year of that day ----------------------------------


def test_the_quarter_ending_a_day_is_in_the_year_of_that_day():
    found = _found("The company expects a loss for the quarter ending March 31.", D98)
    assert found == {"the quarter": "1998-Q1", "March 31": "1998-03-31"}


def test_the_quarter_ended_a_past_day():
    found = _found("For the quarter ended Sept. 30, profit rose.", Q4_98)
    assert found == {"the quarter": "1998-Q3", "Sept. 30": "1998-09-30"}


# -- item 8: only a quarter with the day it ended restates the year-ago quarter ---------------------


def test_a_quarter_after_a_comma_is_no_apposition_without_its_end_day():
    found = _found(
        "Revenue fell from the year-ago quarter, the first quarter of Smith's tenure.", dt.date(1998, 11, 20)
    )
    assert found["the year-ago quarter"] == "1997-Q3"
    assert found["the first quarter"] == "1998-Q1"  # its own reading, untouched by the year-ago quarter


# -- item 9: months to date need a reporting lead ---------------------------------------------------


def test_the_last_three_months_are_no_reporting_period():
    text = (
        "Profit rose in the third quarter. The company has cut 300 jobs in the last three months, "
        "compared with 100 a year earlier."
    )
    assert _found(text, Q4_98)["a year earlier"] == "1997-Q3"


@pytest.mark.parametrize(
    "lead",
    ["For the nine months", "In the first 10 months", "Through the first six months", "In the latest nine months"],
)
def test_months_to_date_after_a_reporting_lead_make_a_year_earlier_the_year(lead):
    text = f"Profit rose in the third quarter. {lead}, net rose from a year earlier."
    assert _found(text, Q4_98)["a year earlier"] == "1997"


# -- item 11: "the last week of his life" is no calendar week ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "He spent the last week of his life in Paris.",
        "He campaigned in the last week before the vote.",
        "Aides worked hard in the last month of the campaign.",
    ],
)
def test_the_last_week_of_a_life_or_before_an_event_is_no_date(text):
    assert _found(text, D98) == {}


def test_the_last_week_is_still_the_week_before():
    assert _found("Sales rose in the last week.", D98) == {"the last week": "1998-W10"}


def test_the_last_week_of_march_in_the_past_tense_is_last_years():
    assert _found("Sales were strong in the last week of March.", D98)["the last week of March"] == "1997-W13"
