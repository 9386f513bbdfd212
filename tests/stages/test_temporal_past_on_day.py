"""A month-day without a year after "on" and a past-tense verb is the last such day, however near
the next one is; a past-tense report of what is to come keeps looking ahead."""

from __future__ import annotations

import datetime as dt

import pytest

from chorus.stages.temporal import find_temporal

MAY3 = dt.date(2013, 5, 3)


def _value(text: str, phrase: str, doc: dt.date = MAY3) -> str:
    found = {e.phrase: e for e in find_temporal(text, 0, len(text), "en", doc)}
    value = found[phrase].value
    assert value is not None
    return value.format()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the past verb's own date: the last June 8, not the one five weeks ahead
        (
            "The singer rear-ended a delivery van with her car on a coastal road on June 8, and then lied to police.",
            "2012-06-08",
        ),
        ("The mayor's brother crashed his boat on June 8 near the pier.", "2012-06-08"),
        ("Investigators arrested two men in the harbour district on June 8.", "2012-06-08"),
        # not changed: a deadline or a target ("extended to"), speech about what is to come, a plan
        ("The lender said the offer was extended to June 8.", "2013-06-08"),
        ("The council said the vote is on June 8.", "2013-06-08"),
        ("The hearing was postponed until June 8.", "2013-06-08"),
        ("The club said it will redeem 9.5 million preferred shares on June 8 at par.", "2013-06-08"),
    ],
)
def test_on_a_day_after_a_past_verb_is_the_last_such_day(text, expected):
    assert _value(text, "June 8") == expected


def test_a_decimal_point_does_not_end_the_sentence_for_the_tense_scan():
    # "will" sits before "9.5": the sentence scan must reach it ("preferred" is an adjective here)
    text = "The bank said it will sell 2.5 billion preferred shares on May 10."
    assert _value(text, "May 10") == "2013-05-10"
