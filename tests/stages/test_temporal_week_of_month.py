"""'The last week of March' in a sentence that narrates in the past tense is the last such week that
had begun by the document date (a period, Monday-Sunday), however near the next March is; a report
of what is to come still looks ahead."""

from __future__ import annotations

import datetime as dt

import pytest

from chorus.stages.temporal import find_temporal

JAN26 = dt.date(2026, 1, 20)  # the last March is March 2025; the next one is two months ahead


def _week(text: str, doc: dt.date = JAN26, phrase: str = "the last week of March") -> tuple[dt.date, dt.date | None]:
    found = {e.phrase.lower(): e for e in find_temporal(text, 0, len(text), "en", doc)}
    value = found[phrase.lower()].value
    assert value is not None and value.precision == "range"
    return value.start, value.end


PAST_WEEK = (dt.date(2025, 3, 24), dt.date(2025, 3, 30))
NEXT_WEEK = (dt.date(2026, 3, 23), dt.date(2026, 3, 29))


@pytest.mark.parametrize(
    "text",
    [
        "The last week of March was the deadliest of the war, with more than 300 civilians killed.",
        "Thousands of protesters gathered outside parliament during the last week of March.",
        "The first shipments of grain arrived the last week of March.",
        # a verb of speech frames the clause; its own verb is past
        "The ministry said food prices had risen sharply in the last week of March.",
        "The envoy said he met rebel commanders in the last week of March.",
        # already right before: "in" and a narrated clause
        "Fighting escalated in the last week of March, the monitoring group said.",
    ],
)
def test_a_narrated_past_week_of_a_month_is_the_last_one(text):
    assert _week(text) == PAST_WEEK


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the talks would be held in the last week of March.",
        "The company said the offer expires in the last week of March.",
        "The two sides agreed on a new round of talks in the last week of March.",
        "The vote was postponed until the last week of March.",
        "The organisers said they moved the summit to a date in the last week of March.",
    ],
)
def test_a_week_still_to_come_keeps_looking_ahead(text):
    assert _week(text) == NEXT_WEEK


def test_a_narrated_week_later_in_the_current_month_is_last_years():
    # dated March 10: this year's last week of March has not begun, so the sales were in 2025's
    text = "Sales were strong in the last week of March, the retailer said."
    assert _week(text, dt.date(2026, 3, 10)) == PAST_WEEK


def test_a_narrated_week_under_way_is_this_one():
    text = "Shelling intensified in the last week of March."
    assert _week(text, dt.date(2025, 3, 26)) == PAST_WEEK


def test_the_first_week_of_a_month_follows_the_same_rule():
    text = "The first week of March was the coldest on record."
    assert _week(text, phrase="The first week of March") == (dt.date(2025, 3, 3), dt.date(2025, 3, 9))


def test_a_month_after_a_reported_past_verb_is_last_years():
    text = "The ministry said food prices had risen sharply in March."
    found = {e.phrase: e for e in find_temporal(text, 0, len(text), "en", JAN26)}
    value = found["March"].value
    assert value is not None and value.format() == "2025-03"
