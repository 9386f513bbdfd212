"""The brief's main event is what the story reports, not background dated long before publication."""

from __future__ import annotations

import datetime as dt

from chorus.model import DateValue, Span, TimelineItem
from chorus.stages.brief import main_event


def _item(day: dt.date, n: int, precision: str = "day") -> TimelineItem:
    arts = tuple(f"a{i}" for i in range(n))
    return TimelineItem(
        date=DateValue(start=day, precision=precision),  # type: ignore[arg-type]
        text=f"event of {day}",
        articles=arts,
        evidence=tuple(Span(article=a, start=0, end=1, text="x") for a in arts),
    )


def test_background_dated_a_year_before_publication_is_not_the_main_event():
    crash = _item(dt.date(2012, 6, 8), 1)  # "after she rear-ended a truck on June 8" (2012)
    assert main_event([crash], published=dt.date(2013, 5, 3)) is None
    check_in = _item(dt.date(2013, 5, 2), 1, "day")
    assert main_event([crash, check_in], published=dt.date(2013, 5, 3)) is check_in


def test_without_a_publication_date_the_most_reported_day_wins_as_before():
    old, new = _item(dt.date(2012, 6, 8), 3), _item(dt.date(2013, 5, 2), 1)
    assert main_event([old, new]) is old
    # a meeting the day before publication, reported by all five, over last year's flight told by one
    meeting, flight = _item(dt.date(2025, 12, 23), 5), _item(dt.date(2024, 12, 8), 1)
    assert main_event([flight, meeting], published=dt.date(2025, 12, 24)) is meeting
