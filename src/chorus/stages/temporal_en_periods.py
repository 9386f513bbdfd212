"""English rules for periods longer than a day: quarters, halves, seasons, decades, centuries, years
named relative to the document ("last year", "the past year") or in words ("nineteen ninety-four").

Internal to :mod:`chorus.stages.temporal`: :class:`PeriodRules` is a mixin of
:class:`~chorus.stages.temporal_en.EnglishRules`, which owns the lexicon tables it reads. Expressions
that name "the period in focus" rather than a date ("the quarter", "the latest period", "the
year-ago period") carry a ``tag`` that :mod:`chorus.stages.temporal_en_timeml` resolves against the
quarter the article last named.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from chorus.stages import temporal_base as tb
from chorus.stages.temporal_base import Ctx, Hit, Resolver

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"]
_ONES += ["twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS_NUM = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
WORD_NUM = {w: i for i, w in enumerate(_ONES)} | _TENS_NUM | {"ninety": 90}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = f"{_TEENS}|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_CENTURY = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}
SPOKEN_YEAR = (
    rf"(?P<cent>eighteen|nineteen|twenty)(?:\s+hundred(?:\s+and)?)?\s+(?P<tens>{_TENS})(?:-(?P<unit>{_UNITS}))?\b"
)
_SPOKEN = re.compile(SPOKEN_YEAR)
_THE_NQUARTER = re.compile(r"the\s+(?:fiscal[-\s]+)?\w+-quarter")
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7}
_DECADE_WORDS |= {"eighties": 8, "nineties": 9}
# after "the last week": a span of someone's life or of an event, not the calendar week before
_OF_EVENT = re.compile(
    r"\s+(?:of\s+(?:his|her|its|their|the|a|an|our|my|your|this|that)\b|(?:before|after|leading\s+up|prior)\b)"
)
_ORDINAL_CENTURY = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21}


def spoken_year(text: str) -> int | None:
    """The year of "nineteen ninety-four" (None when ``text`` is not one)."""
    m = _SPOKEN.fullmatch(" ".join(text.split()))
    if m is None:
        return None
    return _CENTURY[m["cent"]] + WORD_NUM[m["tens"]] + WORD_NUM.get(m["unit"] or "", 0)


def _plain(pattern: str) -> str:
    """``pattern`` with its named groups made anonymous, to embed it twice."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


class PeriodRules:
    """Quarter, half, season, decade, century and relative-year resolvers (mixin)."""

    seasons: dict[str, str]
    ordinals: dict[str, int]
    parts: dict[str, str]
    months: dict[str, int]
    lex: tb.Lexicon
    _year_end_clause: frozenset[str]  # words after "by year-end" that go on the clause, not on a noun
    _year_end_past_leads: frozenset[str]

    def _with_part(self, m: re.Match[str], v: tb.DateValue, timex: str, relative: bool) -> Hit:
        raise NotImplementedError

    def add_period_rules(self, add: Callable[[str, Resolver, int], None], mon: str, part: str, rel: str) -> None:
        year = r"(?:1[0-9]|20)\d\d"
        spoken = _plain(SPOKEN_YEAR)
        add(
            rf"(?:the\s+)?(?:(?P<part>{part})\s*)?(?:(?P<dec>(?:1[0-9]|20)\d0)|'(?P<d2>\d0))'?s\b",
            self._decade,
            1,
        )
        add(rf"\bthe\s+(?:(?P<part>{part})\s*)?'?(?P<dw>{'|'.join(_DECADE_WORDS)})\b", self._decade, 1)
        add(
            r"\b(?:the\s+)?(?:(?P<num>\d{1,2})(?:st|nd|rd|th)|(?P<word>eighteenth|nineteenth|twentieth|twenty[-\s]first))"
            r"\s+century\b",
            self._century,
            2,
        )
        add(
            rf"(?:\bthe\s+)?(?:\b(?P<rel>last|next|this\s+past|this|past|coming|early|late|mid-?)\s+)?\b(?P<season>"
            rf"{tb.alternation(self.seasons)})\b(?:\s+(?:of\s+)?(?:(?P<year>{year})\b|(?P<spoken>{spoken})))?",
            self._season,
            0,
        )
        add(
            rf"(?:(?P<part>{part})\s*)?\b(?P<mon>{mon})(?:\s+of)?,?\s+(?P<spoken>{spoken})",
            self._month_spoken,
            2,
        )
        add(
            rf"(?:\b(?P<yearp>{year})(?:'s)?\s+|(?P<rel>{rel}|(?:the\s+)?(?:latest|year-earlier|year-ago|"
            rf"same|fiscal|just-ended|recent|comparable|corresponding))\s+|\bthe\s+|(?P<yrp>this|last|next)\s+year's\s+)*"
            rf"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+)?(?:fiscal\s+)?\bquarter\b"
            rf"(?!\s+of\s+(?:a|an|the)\b|\s+(?:century|mile|hour)s?\b|-(?:century|mile|point|to-))"
            rf"(?:\s+of\s+(?:(?P<year>{year})|(?P<yrel>last|this|next)\s+year)|,?\s+(?P<year2>{year})\b)?",
            self._quarter,
            1,
        )
        add(
            r"\bthe\s+(?:(?P<which>latest|same|comparable|corresponding|year-earlier|year-ago|(?P<y>(?:19|20)\d\d))\s+)"
            r"?(?P<noun>period|quarter)(?:\s+(?:of\s+)?(?P<back>last\s+year|a\s+year\s+(?:ago|earlier)))?\b(?!-)",
            self._period_focus,
            2,
        )
        add(
            rf"(?:the\s+)?\b(?P<ord>first|second|last|latter)\s+(?:half|two\s+quarters)(?:\s+of\s+(?:(?P<year>{year})|"
            r"(?P<yrel>last|this|next)\s+year))?\b",
            self._half,
            1,
        )
        add(
            rf"(?:(?P<part>{part})\s*(?:in\s+)?)?\b(?P<rel>{rel}|(?:earlier|later)\s+this|this\s+past)\s+"
            r"(?P<unit>week|weekend|month|year|decade|century)\b",
            self._relative_unit,
            1,
        )
        add(
            rf"(?:(?P<part>{part})\s*(?:in\s+)?)?\bthe\s+year\b(?!-|'s\s+(?:ago|earlier)|\s+(?:ended|ending|to\b|"
            r"before|after|earlier|ago|two|\d)|\s+(?:of|in)\s+\d)",
            self._the_year,
            0,
        )
        self._year_end_clause = frozenset(self.lex.words("function_words") + self.lex.words("year_end_continuations"))
        self._year_end_past_leads = frozenset(self.lex.words("year_end_past_leads"))
        add(
            rf"\b(?P<lead>{tb.alternation(self.lex.words('year_end_leads'))})\s+"
            rf"(?P<ye>{tb.alternation(self.lex.words('year_end_forms'))})(?:\s+(?P<year>{year}))?\b(?!-)",
            self._year_end,
            1,
        )
        add(r"\bthe\s+week\b(?!-|\s+(?:ended|ending|before|after|of|earlier|ago))", self._the_week, 0)
        add(r"\bthat\s+(?P<unit>year|quarter|month|week|day)\b(?!-)", self._that_unit, 0)
        add(r"\b(?:year-earlier|year-ago)\b", self._year_earlier_adj, 0)
        add(r"\bthe\s+(?:full|fiscal|current\s+fiscal|latest\s+fiscal|current|calendar)\s+year\b", self._this_year, 1)
        add(
            rf"\b(?:the\s+year\s+)?{SPOKEN_YEAR}|\b(?P<lead>the\s+year\s+|in\s+)two\s+thousand(?:\s+(?:and\s+)?"
            rf"(?P<unit2>{_UNITS}|{_TEENS}))?\b",
            self._year_in_words,
            1,
        )

    # -- resolvers -----------------------------------------------------------------------------

    def _decade(self, m: re.Match[str], c: Ctx) -> Hit | None:
        words = m.groupdict().get("dw")
        if m.groupdict().get("dec"):
            y0 = int(m["dec"])
        else:
            y0 = (c.ref.year // 100) * 100 + (10 * _DECADE_WORDS[words] if words else int(m["d2"]))
            y0 = max(y for y in (y0 - 100, y0, y0 + 100) if y <= c.ref.year + 1)  # "the nineties" in 1989: 1990s
        v = tb.range_value(dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31))
        return self._with_part(m, v, str(y0)[:3], not m.groupdict().get("dec"))

    def _century(self, m: re.Match[str], c: Ctx) -> Hit | None:
        n = int(m["num"]) if m["num"] else _ORDINAL_CENTURY[" ".join(m["word"].split())]
        if not 1 <= n <= 30:
            return None
        v = tb.range_value(dt.date(max(1, (n - 1) * 100), 1, 1), dt.date(n * 100 - 1, 12, 31))
        return Hit(m.start(), m.end(), "date", v, f"{n - 1:02d}")

    def _season(self, m: re.Match[str], c: Ctx) -> Hit | None:
        code = self.seasons[m["season"]]
        rel = " ".join((m["rel"] or "").split()).rstrip("-")
        year = int(m["year"]) if m["year"] else spoken_year(m["spoken"]) if m["spoken"] else None
        if not (rel or year):
            before = c.folded[max(0, m.start("season") - 8) : m.start("season")].split()
            if m["season"] == "fall" or not before or before[-1] not in ("in", "the", "this"):
                return None
        ref = c.ref
        cur = ref.year if ref.month >= 3 or code != "WI" else ref.year - 1
        if year:
            y = year
        elif rel in ("last", "past", "this past"):
            this_one = tb.season_value(cur, code)
            y = cur if this_one.end is not None and this_one.end < ref else cur - 1
        elif rel in ("next", "coming"):
            y = cur + 1 if tb.season_value(cur, code).start <= ref else cur
        else:
            y = cur
        v = tb.season_value(y, code)
        return Hit(m.start(), m.end(), "date", v, f"{y:04d}-{code}", (), not year)

    def _month_spoken(self, m: re.Match[str], c: Ctx) -> Hit | None:
        y = spoken_year(m["spoken"])
        if y is None:
            return None
        v = tb.month_value(y, self.months[m["mon"].rstrip(".")])
        return self._with_part(m, v, v.format(), False)

    def _quarter(self, m: re.Match[str], c: Ctx) -> Hit | None:
        text = m.group(0)
        ordinal = m["ord"]
        if not (ordinal or m["rel"] or m["yearp"] or m["yrp"] or text.startswith("the")):
            return None
        ref = c.ref
        cur_q = (ref.month - 1) // 3 + 1
        year = m["yearp"] or m["year"] or m["year2"]
        rel = " ".join((m["rel"] or "").split()).removeprefix("the ").strip()
        yrel = m["yrel"] or m["yrp"]
        start = m.start()
        if ordinal and _THE_NQUARTER.match(text):
            start = m.start() + 4  # "the third-quarter loss": the article belongs to the noun
        tag = ""
        if ordinal:
            q = self.ordinals.get(ordinal, 0)
            if year:
                y = int(year)
            elif yrel:
                y = ref.year + {"last": -1, "this": 0, "next": 1}[yrel]
            elif rel in ("year-earlier", "year-ago"):
                y = ref.year - 1 if q <= cur_q else ref.year - 2
            elif rel in ("next", "coming"):
                y = ref.year if q > cur_q else ref.year + 1
            elif c.future(m):  # the quarter just ended is still reported on in the future tense
                y = ref.year if q >= cur_q - 1 else ref.year + 1
            else:
                y = ref.year if q <= cur_q else ref.year - 1
        else:
            y, q = ref.year, cur_q
            delta = {"next": 1, "coming": 1, "this": 0, "current": 0}.get(rel, -1)
            back = rel in ("year-earlier", "year-ago", "same", "comparable", "corresponding") or yrel == "last"
            if back:
                y, q = (ref.year - 1, cur_q - 1) if cur_q > 1 else (ref.year - 2, 4)
                tag = "focus-1"
            else:
                n = ref.year * 4 + cur_q - 1 + delta
                y, q = n // 4, n % 4 + 1
                tag = "focus" if delta == -1 else ""
                if rel == "this" and c.folded.startswith("'s", m.end()) and not c.future(m):
                    tag = "focus-just"  # "This quarter's loss includes ...": the quarter just reported
            if year:
                y = int(year)
                tag = f"focus@{y}"
        if not 1 <= q <= 4:
            return None
        return Hit(start, m.end(), "date", tb.quarter_value(y, q), f"{y:04d}-Q{q}", (), not year, tag=tag)

    def _period_focus(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "the latest period", "the 1988 period", "the comparable period last year": the quarter in
        focus (a default from the document date until the article names one)."""
        which = m["which"] or ""
        if m["noun"] == "quarter" and not (m["back"] or m["y"]):
            return None  # the quarter rule handles it
        if m["noun"] == "period" and not which and not m["back"]:
            return None  # "the period" alone is too vague
        ref = c.ref
        cur_q = (ref.month - 1) // 3 + 1
        n = ref.year * 4 + cur_q - 2
        y, q = n // 4, n % 4 + 1
        tag = "focus"
        if m["y"]:
            y, tag = int(m["y"]), f"focus@{m['y']}"
        elif m["back"] or which in ("year-earlier", "year-ago", "same", "comparable", "corresponding"):
            y, tag = y - 1, "focus-1"
        v = tb.quarter_value(y, q)
        return Hit(m.start(), m.end(), "date", v, f"{y:04d}-Q{q}", (), not m["y"], tag=tag)

    def _half(self, m: re.Match[str], c: Ctx) -> Hit | None:
        h = 1 if m["ord"] == "first" else 2
        if m["year"]:
            y = int(m["year"])
        elif m["yrel"]:
            y = c.ref.year + {"last": -1, "this": 0, "next": 1}[m["yrel"]]
        else:
            return None
        v = tb.range_value(dt.date(y, 6 * h - 5, 1), tb.month_end(y, 6 * h))
        return Hit(m.start(), m.end(), "date", v, f"{y:04d}-H{h}", (), not m["year"])

    def _relative_unit(self, m: re.Match[str], c: Ctx) -> Hit | None:
        rel = " ".join(m["rel"].split())
        unit = m["unit"]
        ref = c.ref
        step = 0
        if rel.endswith(("last", "past", "previous")) and rel != "this past":
            step = -1
        elif rel.endswith(("next", "coming", "following")):
            step = 1
        if rel == "this past" and unit in ("weekend", "week"):
            step = -1 if unit == "week" else 0
        if unit == "weekend":
            sat = tb.weekday_before(ref, 5) if step <= 0 else tb.weekday_after(ref, 5, strict=True)
            if step < 0:
                sat -= dt.timedelta(weeks=1) if ref.weekday() >= 5 else dt.timedelta(0)
            v = tb.range_value(sat, sat + dt.timedelta(days=1))
            return Hit(m.start(), m.end(), "date", v, f"{tb.week_timex(sat)}-WE", (), True)
        if rel in ("the last", "the past", "the final") and _OF_EVENT.match(c.folded, m.end()):
            return None  # "the last week of his life", "the last week before the vote": not a calendar week
        code = {"week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}[unit]
        # "the following year" counts from the date the article last named (temporal_en_timeml)
        tag = f"anaphor{step:+d}:{code}" if rel.endswith(("following", "previous")) else ""
        if code == "CE" and rel in ("the past", "the last"):
            return Hit(m.start(), m.end(), "duration", None, "P1CE")  # the last hundred years
        if code == "CE":
            y0 = (ref.year // 100 + step) * 100  # "this century" in 2016: 2000-2099, TimeML "20"
            v = tb.range_value(dt.date(y0, 1, 1), dt.date(y0 + 99, 12, 31))
            return Hit(m.start(), m.end(), "date", v, str(y0)[:2], (), True)
        if code == "DE":
            y0 = (ref.year // 10 + step) * 10
            v = tb.range_value(dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31))
            return Hit(m.start(), m.end(), "date", v, str(y0)[:3], (), True, tag=tag)
        if code == "W" and rel in ("the past", "the last"):
            # the seven days up to the document date, not the calendar week before: the week that
            # holds most of them (a Friday's "for the last week" is that week, a Monday's the one before)
            shifted: tb.DateValue | None = tb.week_range(ref - dt.timedelta(days=3))
        else:
            shifted = tb.shift(ref, code, step)
        if shifted is None:
            return None
        h = self._with_part(m, shifted, tb.value_timex(shifted, code), True)
        return Hit(h.start, h.end, h.kind, h.value, h.timex, h.notes, h.relative, tag=tag)

    def _the_year(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "the year" (not "the year ended June 30", a fiscal duration): the document's year."""
        return self._with_part(m, tb.year_value(c.ref.year), str(c.ref.year), True)

    def _year_end(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "by year-end", "since year end": the end of a year (TimeML: the year, mod END). The year
        named after it, else the document's, or the one before when the lead looks back ("since
        year-end") or the clause is in the past tense ("closed at year-end"). Before a lower-case word
        that is no function word it is an adjective ("after year-end promotions"), no date."""
        nxt = c.next_lower_word(m)
        if not m["year"] and nxt is not None and nxt not in self._year_end_clause:
            return None
        if m["year"]:
            y = int(m["year"])
        else:
            back = m["lead"] in self._year_end_past_leads or c.tense(m) == "past"
            y = c.ref.year - 1 if back else c.ref.year
        v = tb.part_of(tb.year_value(y), "END")
        return Hit(m.start("ye"), m.end(), "date", v, str(y), ("end of",), not m["year"])

    def _the_week(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "the week" names a week the article does not pin down: TimeML's ``YYYY-WXX``, no value."""
        return Hit(m.start(), m.end(), "date", None, f"{c.ref.year:04d}-WXX", (), True)

    def _that_unit(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "that year", "that quarter": the one of the date the article last named (TimeML's anaphora)."""
        code = {"year": "Y", "quarter": "Q", "month": "M", "week": "W", "day": "D"}[m["unit"]]
        v = tb.shift(c.ref, code, 0)
        if v is None:
            return None
        return Hit(m.start(), m.end(), "date", v, tb.value_timex(v, code), (), True, tag=f"anaphor+0:{code}")

    def _year_earlier_adj(self, m: re.Match[str], c: Ctx) -> Hit | None:
        v = tb.year_value(c.ref.year - 1)  # "year-earlier results": the quarter in focus a year before
        return Hit(m.start(), m.end(), "date", v, v.format(), (), True, tag="focus-1")

    def _this_year(self, m: re.Match[str], c: Ctx) -> Hit | None:
        v = tb.year_value(c.ref.year)
        return Hit(m.start(), m.end(), "date", v, v.format(), (), True)

    def _year_in_words(self, m: re.Match[str], c: Ctx) -> Hit | None:
        if m["cent"]:
            y = _CENTURY[m["cent"]] + WORD_NUM[m["tens"]] + WORD_NUM.get(m["unit"] or "", 0)
        else:
            y = 2000 + WORD_NUM.get(m["unit2"] or "", 0)
        start = m.start() if m["lead"] is None or m["lead"].startswith("the") else m.start() + len(m["lead"])
        v = tb.year_value(y)
        return Hit(start, m.end(), "date", v, v.format())
