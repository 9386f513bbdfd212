"""A year naming a product's model ("Kopp's 1987 Chevrolet") is no time expression; a year before
any other noun stays the year of that noun, as TimeML annotates it ("the 1996 campaign")."""

from __future__ import annotations

import datetime as dt

import pytest

from chorus.stages.temporal import find_temporal

DOC = dt.date(1999, 3, 31)


def _years(text: str) -> list[str]:
    return [e.phrase for e in find_temporal(text, 0, len(text), "en", DOC) if e.kind == "date"]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Investigators said Kopp's 1987 Chevrolet was found abandoned at the Newark airport.", "1987"),
        ("Officers stopped a stolen 1992 Ford pickup truck on the interstate early Sunday.", "1992"),
        ("The suspect fled in a red 1965 Ford Mustang convertible, witnesses said.", "1965"),
        ("The 2019 Toyota Camry was among the models recalled.", "2019"),
        ("His family's 1999 sedan was towed away.", "1999"),
        ("Police found the victim's 1978 Lincoln Continental sedan in a ditch.", "1978"),
        ("Kopp's 1987 Chevrolet and a rented van were searched.", "1987"),
    ],
)
def test_a_model_year_is_no_date(text, year):
    found = _years(text)
    assert not any(year in p for p in found), found


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # after a preposition the year dates the clause, whatever name follows
        ("In 1987 Chevrolet sold more cars than any other make.", "1987"),
        ("Since 1999 Toyota has led the market.", "1999"),
        # an attributive year of an event or a period (TimeBank annotates these)
        ("The 1976 Ford campaign never recovered from the pardon.", "1976"),
        ("He was convicted for the 1995 truck bombing in Oklahoma City.", "1995"),
        ("Analysts cut their 1990 BellSouth earnings estimates.", "1990"),
        ("Security was tight for the 2000 Olympics.", "2000"),
        ("The 1998 budget was approved.", "1998"),
        # found by review: a make that is also a name, or a list of names after it
        ("He advised both the 1976 Ford and Carter campaigns.", "1976"),
        ("Reagan challenged the 1976 Ford White House in the primaries.", "1976"),
        ("The 1964 Lincoln Center season opened with Mahler.", "1964"),
        ("Their 2008 Mercury Prize nomination came as a surprise.", "2008"),
    ],
)
def test_other_attributive_years_stay_years(text, year):
    assert year in _years(text)
