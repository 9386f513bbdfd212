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
