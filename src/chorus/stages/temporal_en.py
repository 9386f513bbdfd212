"""English temporal rules: regular expressions built from ``lang/en/dates.json`` plus resolvers.

Internal to :mod:`chorus.stages.temporal`. Every rule sees the folded (lower-cased) text and returns
:class:`~chorus.stages.temporal_base.Hit` objects; overlaps are settled by the caller (longest wins).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from chorus.stages import temporal_base as tb
from chorus.stages.temporal_base import Ctx, Hit, Lexicon, Resolver

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"]
_ONES += ["twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_WORD_NUM = {w: i for i, w in enumerate(_ONES)} | {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = f"{_TEENS}|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"


def _num(word: str | None, numbers: dict[str, int]) -> int | None:
    if word is None:
        return None
    w = " ".join(word.split())
    if w.replace(".", "", 1).isdigit():
        return int(float(w))
    return numbers.get(w)


class EnglishRules:
    """Compiled English patterns; build once per lexicon with :func:`english_rules`."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.months: dict[str, int] = lex.map("months")
        self.ambiguous = set(lex.words("ambiguous_months"))
        self.weekdays: dict[str, int] = {
            k: v for k, v in lex.map("weekdays").items() if k not in set(lex.words("weekday_abbreviations"))
        }
        self.reldays: dict[str, int] = lex.map("relative_days")
        self.numbers: dict[str, int] = lex.map("numbers")
        self.units: dict[str, str] = lex.map("units")
        self.seasons: dict[str, str] = lex.map("seasons")
        self.parts: dict[str, str] = lex.map("part_modifiers")
        self.refs: dict[str, str] = lex.map("refs")
        self.day_parts: dict[str, str] = lex.map("day_parts")
        self.ordinals: dict[str, int] = lex.map("ordinals")
        abbr = {k: v for k, v in self.months.items() if len(k) <= 4 and k not in ("may", "june", "july")}
        full = {k: v for k, v in self.months.items() if k not in abbr}
        mon = rf"(?:(?:{tb.alternation(full)})\b|(?:{tb.alternation(abbr)})\b\.?)"
        wd = rf"(?:{tb.alternation(self.weekdays)})\b"
        num = rf"(?:\d+(?:\.\d+)?|{tb.alternation(self.numbers)})"
        units = tb.alternation(self.units)
        part = rf"(?:{tb.alternation(self.parts)})"
        dpart = tb.alternation(self.day_parts)
        year = r"(?:1[0-9]|20)\d\d"
        rel = r"(?:the\s+)?(?:last|next|this|past|coming|previous|current|following)"
        self.rules: list[tuple[re.Pattern[str], Resolver, int]] = []

        def add(pattern: str, fn: Resolver, priority: int = 0) -> None:
            self.rules.append((re.compile(pattern), fn, priority))

        add(rf"\b(?P<y>{year})-(?P<m>\d\d)-(?P<d>\d\d)\b", self._iso, 3)
        add(rf"\b(?P<y>{year})/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})\b", self._iso, 3)
        add(r"\b(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<c>\d{4}|\d\d)\b", self._numeric, 2)
        add(
            rf"(?:\b(?P<wd>{wd}),?\s+)?(?:(?P<part>{part})\s*)?\b(?P<mon>{mon})\s*(?P<day>\d{{1,2}})"
            rf"(?:st|nd|rd|th)?\b(?!\s*%|[.,:]\d)(?:,?\s+(?P<year>{year})\b)?",
            self._month_day,
            2,
        )
        add(
            rf"(?:\b(?P<wd>{wd}),?\s+)?(?:the\s+)?\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            rf"(?P<mon>{mon})(?:,?\s+(?P<year>{year})\b)?",
            self._month_day,
            2,
        )
        add(
            rf"(?:(?P<part>{part})\s*)?\b(?P<mon>{mon})(?:\s+of)?,?\s+(?P<year>{year})\b",
            self._month_year,
            1,
        )
        add(
            rf"(?:(?P<part>{part})\s*)?(?:\b(?P<rel>last|next|this|past|coming)\s+)?\b(?P<mon>{mon})"
            rf"(?:\s+(?:of\s+)?(?P<rel2>last|next|this)\s+year\b)?",
            self._month,
            0,
        )
        add(
            rf"\b(?P<y1>{year})\s*-\s*(?P<y2>{year}|\d\d)\b(?!-)",
            self._year_range,
            2,
        )
        add(
            rf"(?:(?P<part>{part})\s*)?(?:\b(?P<fiscal>fiscal|calendar)\s+(?:year\s+)?)?"
            rf"(?<![$#\d,.])\b(?P<year>{year})\b(?!\s*%|[,.]\d|-\d|\s*(?:percent|people|troops|acres))",
            self._year,
            0,
        )
        add(
            rf"(?:the\s+)?(?:(?P<part>{part})\s*)?(?:(?P<dec>(?:1[0-9]|20)\d0)|'(?P<d2>\d0))'?s\b",
            self._decade,
            1,
        )
        add(
            rf"(?:\b(?P<rel>last|next|this|past|coming|early|late|mid-?)\s+)?\b(?P<season>"
            rf"{tb.alternation(self.seasons)})\b(?:\s+(?:of\s+)?(?P<year>{year})\b)?",
            self._season,
            0,
        )
        add(
            rf"(?:\b(?P<yearp>{year})(?:'s)?\s+|(?P<rel>{rel}|(?:the\s+)?(?:latest|year-earlier|year-ago|"
            rf"same|fiscal|just-ended|recent))\s+|\bthe\s+|this\s+year's\s+)*"
            rf"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+)?(?:fiscal\s+)?\bquarter\b"
            rf"(?!\s+of\s+(?:a|an|the)\b|\s+(?:century|mile|hour)s?\b)"
            rf"(?:\s+of\s+(?:(?P<year>{year})|(?P<yrel>last|this|next)\s+year)|,?\s+(?P<year2>{year})\b)?",
            self._quarter,
            1,
        )
        add(
            rf"(?:the\s+)?\b(?P<ord>first|second)\s+half(?:\s+of\s+(?:(?P<year>{year})|(?P<yrel>last|this|next)"
            r"\s+year))?\b",
            self._half,
            1,
        )
        add(
            rf"(?:(?P<part>{part})\s*)?\b(?P<rel>{rel}|(?:earlier|later)\s+this|this\s+past)\s+"
            r"(?P<unit>week|weekend|month|year|decade|century)\b",
            self._relative_unit,
            1,
        )
        add(
            rf"\b(?P<rel>(?:the\s+)?(?:past|last|next|coming|previous|first|final))\s+(?P<num>{num})\s+"
            rf"(?P<unit>{units})\b",
            self._duration,
            2,
        )
        add(
            rf"\b(?:(?P<approx>{tb.alternation(lex.words('approximators'))})\s+)?(?P<num>{num})[\s-]+"
            rf"(?P<unit>{units})\b(?:\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence)\b)?",
            self._ago_or_duration,
            1,
        )
        add(r"\b(?:for|over|in)\s+(?P<unit>years|decades|months|weeks|days)\b", self._vague_duration, 0)
        add(
            rf"(?:\b(?P<rel>last|next|this|coming|past|later|earlier|late|early)\s+)?\b(?P<wd>{wd})"
            rf"(?:\s+(?P<dp>{dpart}))?\b",
            self._weekday,
            1,
        )
        add(
            rf"(?:\b(?P<part>late|early|later|earlier)\s+)?\b(?P<rd>{tb.alternation(self.reldays)})\b"
            rf"(?:\s+(?P<dp>{dpart})\b)?(?:\s*\(\s*(?P<wd>{wd})\s*\))?",
            self._relative_day,
            2,
        )
        add(rf"\b(?P<ref>{tb.alternation(self.refs)})\b", self._ref, 0)
        add(r"\bthe\s+(?:(?P<rel>last|past|coming|next|this)\s+)?weekend\b", self._weekend, 1)
        add(
            r"\b(?:the\s+)?(?:year-earlier|year-ago|year\s+earlier)(?:\s+(?:period|results|level|figure)s?)?\b",
            self._year_earlier_adj,
            0,
        )
        add(r"\bthe\s+(?:full|fiscal|current\s+fiscal|latest\s+fiscal|current|calendar)\s+year\b", self._this_year, 1)
        add(
            rf"\b(?:the\s+year\s+)?(?P<cent>eighteen|nineteen|twenty)(?:\s+hundred(?:\s+and)?)?\s+(?P<tens>{_TENS})"
            rf"(?:-(?P<unit>{_UNITS}))?\b|\b(?P<lead>the\s+year\s+|in\s+)two\s+thousand(?:\s+(?:and\s+)?"
            rf"(?P<unit2>{_UNITS}|{_TEENS}))?\b",
            self._year_in_words,
            1,
        )
        add(rf"\b(?P<set>{tb.alternation(lex.words('sets'))})\b", self._set, -1)

    # -- driver --------------------------------------------------------------------------------

    def find(self, c: Ctx, start: int, end: int) -> Iterator[Hit]:
        for pattern, fn, prio in self.rules:
            for m in pattern.finditer(c.folded, start, end):
                hit = fn(m, c)
                if hit is not None:
                    yield Hit(hit.start, hit.end, hit.kind, hit.value, hit.timex, hit.notes, hit.relative, prio)

    # -- resolvers -----------------------------------------------------------------------------

    def _iso(self, m: re.Match[str], c: Ctx) -> Hit | None:
        d = tb.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        return None if d is None else Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat())

    def _numeric(self, m: re.Match[str], c: Ctx) -> Hit | None:
        a, b, y = int(m["a"]), int(m["b"]), int(m["c"])
        if y < 100:
            y += 2000 if y < 50 else 1900
        order = self.lex.get("numeric_order", "mdy")
        mo, d = (a, b) if order == "mdy" else (b, a)
        if mo > 12 and d <= 12:
            mo, d = d, mo
        day = tb.safe_date(y, mo, d)
        if day is None:
            return None
        note = ("numeric date read as " + ("month/day" if order == "mdy" else "day/month"),) if a <= 12 else ()
        return Hit(m.start(), m.end(), "date", tb.day_value(day), day.isoformat(), note)

    def _month_ok(self, m: re.Match[str], c: Ctx, explicit_context: bool) -> bool:
        word = m["mon"].rstrip(".")
        if word in self.ambiguous and not explicit_context:
            return c.capitalized(m.start("mon"))
        return True

    def _month_day(self, m: re.Match[str], c: Ctx) -> Hit | None:
        if not self._month_ok(m, c, m["year"] is not None):
            return None
        mo = self.months[m["mon"].rstrip(".")]
        day = int(m["day"])
        if m["year"]:
            d = tb.safe_date(int(m["year"]), mo, day)
            return None if d is None else Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat())
        d = tb.safe_date(c.near_year(m, mo, day), mo, day)
        if d is None:
            return None
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True)

    def _with_part(self, m: re.Match[str], v: tb.DateValue, timex: str, relative: bool) -> Hit:
        part = m.groupdict().get("part")
        if part:
            code = self.parts.get(" ".join(part.split()))
            if code:
                return Hit(m.start(), m.end(), "date", tb.part_of(v, code), timex, (f"{code.lower()} of",), relative)
        return Hit(m.start(), m.end(), "date", v, timex, (), relative)

    def _month_year(self, m: re.Match[str], c: Ctx) -> Hit | None:
        v = tb.month_value(int(m["year"]), self.months[m["mon"].rstrip(".")])
        return self._with_part(m, v, v.format(), False)

    def _month(self, m: re.Match[str], c: Ctx) -> Hit | None:
        context = bool(m["rel"] or m["rel2"] or m["part"])
        if not context:
            before = c.folded[max(0, m.start() - 12) : m.start()].split()
            context = bool(before) and before[-1] in {"in", "since", "until", "by", "of", "from", "through"}
        if not self._month_ok(m, c, False) or (m["mon"].rstrip(".") in self.ambiguous and not context):
            return None
        if len(m["mon"].rstrip(".")) <= 4 and not m["mon"].endswith(".") and m["mon"] not in ("may", "june", "july"):
            return None  # bare abbreviations ("Jan") only inside full dates
        mo, ref = self.months[m["mon"].rstrip(".")], c.ref
        rel = m["rel"] or ""
        if m["rel2"] == "last":
            y = ref.year - 1
        elif m["rel2"] == "next":
            y = ref.year + 1
        elif m["rel2"] == "this" or rel == "this":
            y = ref.year
        elif rel in ("last", "past"):
            y = ref.year if mo < ref.month else ref.year - 1
        elif rel in ("next", "coming"):
            y = ref.year if mo > ref.month else ref.year + 1
        else:
            y = c.near_year(m, mo)
        v = tb.month_value(y, mo)
        return self._with_part(m, v, v.format(), True)

    def _year_range(self, m: re.Match[str], c: Ctx) -> Hit | None:
        y1, y2s = int(m["y1"]), m["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if not y1 < y2 <= y1 + 200:
            return None
        v = tb.range_value(dt.date(y1, 1, 1), dt.date(y2, 12, 31))
        return Hit(m.start(), m.end(), "date", v, None)

    def _year(self, m: re.Match[str], c: Ctx) -> Hit | None:
        y = int(m["year"])
        if not 1000 <= y <= 2199:
            return None
        v = tb.year_value(y)
        return self._with_part(m, v, str(y), False)

    def _decade(self, m: re.Match[str], c: Ctx) -> Hit | None:
        if m["dec"]:
            y0 = int(m["dec"])
        else:
            y0 = (c.ref.year // 100) * 100 + int(m["d2"])
            if y0 > c.ref.year:
                y0 -= 100
        v = tb.range_value(dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31))
        return self._with_part(m, v, str(y0)[:3], m["d2"] is not None)

    def _season(self, m: re.Match[str], c: Ctx) -> Hit | None:
        code = self.seasons[m["season"]]
        rel = (m["rel"] or "").rstrip("-")
        if not (rel or m["year"]):
            before = c.folded[max(0, m.start() - 8) : m.start()].split()
            if m["season"] == "fall" or not before or before[-1] not in ("in", "the", "this"):
                return None
        ref = c.ref
        cur = ref.year if ref.month >= 3 or code != "WI" else ref.year - 1
        if m["year"]:
            y = int(m["year"])
        elif rel in ("last", "past"):
            this_one = tb.season_value(cur, code)
            y = cur if this_one.end is not None and this_one.end < ref else cur - 1
        elif rel in ("next", "coming"):
            y = cur + 1 if tb.season_value(cur, code).start <= ref else cur
        else:
            y = cur
        v = tb.season_value(y, code)
        return Hit(m.start(), m.end(), "date", v, f"{y:04d}-{code}", (), not m["year"])

    def _quarter(self, m: re.Match[str], c: Ctx) -> Hit | None:
        text = m.group(0)
        ordinal = m["ord"]
        if not (ordinal or m["rel"] or m["yearp"] or text.startswith("the")):
            return None
        ref = c.ref
        cur_q = (ref.month - 1) // 3 + 1
        year = m["yearp"] or m["year"] or m["year2"]
        rel = " ".join((m["rel"] or "").split()).removeprefix("the ").strip()
        yrel = m["yrel"] or ("this" if "this year's" in text else None)
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
            if rel in ("year-earlier", "year-ago", "same"):
                y, q = (ref.year - 1, cur_q - 1) if cur_q > 1 else (ref.year - 2, 4)
            else:
                n = ref.year * 4 + cur_q - 1 + delta
                y, q = n // 4, n % 4 + 1
            if year:
                y = int(year)
        if not 1 <= q <= 4:
            return None
        relative = not year
        return Hit(m.start(), m.end(), "date", tb.quarter_value(y, q), f"{y:04d}-Q{q}", (), relative)

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
        if rel in ("the past", "the last", "the coming", "the next", "the following", "the previous") and not m["part"]:
            code = {"week": "W", "weekend": "WE", "month": "M", "year": "Y", "decade": "DE"}.get(unit, "Y")
            return Hit(m.start(), m.end(), "duration", None, f"P1{code}")
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
        code = {"week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}[unit]
        if code == "CE":
            v = tb.year_value((ref.year // 100 + step) * 100)
            return Hit(m.start(), m.end(), "date", v, str(v.start.year)[:2], (), True)
        if code == "DE":
            y0 = (ref.year // 10 + step) * 10
            v = tb.range_value(dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31))
            return Hit(m.start(), m.end(), "date", v, str(y0)[:3], (), True)
        shifted = tb.shift(ref, code, step)
        if shifted is None:
            return None
        return self._with_part(m, shifted, tb.value_timex(shifted, code), True)

    def _duration(self, m: re.Match[str], c: Ctx) -> Hit | None:
        n = _num(m["num"], self.numbers)
        unit = self.units[m["unit"]]
        if unit == "Q":
            return Hit(m.start(), m.end(), "duration", None, tb.duration_timex(n, "Q"))
        return Hit(m.start(), m.end(), "duration", None, tb.duration_timex(n, unit))

    def _ago_or_duration(self, m: re.Match[str], c: Ctx) -> Hit | None:
        n = _num(m["num"], self.numbers)
        unit = self.units[m["unit"]]
        if unit.startswith("2"):
            unit, n = unit[1:], 2 * (n or 1)
        direction = " ".join((m["dir"] or "").split())
        if unit == "Q" and re.match(r"\s+of\b", c.folded[m.end("unit") :]):
            return None  # "a quarter of a million" is a fraction
        if m["num"] in ("a", "an") and not direction and m["unit"] in ("year", "day", "week", "month"):
            return None  # "a year" alone is a rate or a set ("$5 a year"), not a date
        if direction in ("ago", "earlier") and n is not None and n < 0:  # "several years ago"
            return Hit(m.start("num"), m.end(), "date", None, "PAST_REF")
        if direction in ("ago", "earlier", "later", "from now", "hence") and n is not None and n > 0:
            sign = 1 if direction in ("later", "from now", "hence") else -1
            v = tb.shift(c.ref, unit, sign * n)
            if v is not None:
                start = m.start("num") if not m["approx"] else m.start()
                return Hit(start, m.end(), "date", v, tb.value_timex(v, unit), (), True)
        if m["approx"] or direction in ("before", "after"):
            end = m.end("unit")
            note = ("duration relative to an event",) if direction in ("before", "after") else ()
            return Hit(m.start(), end, "duration", None, tb.duration_timex(n, unit), note)
        return Hit(m.start(), m.end("unit"), "duration", None, tb.duration_timex(n, unit))

    def _vague_duration(self, m: re.Match[str], c: Ctx) -> Hit | None:
        code = self.units[m["unit"]]
        return Hit(m.start("unit"), m.end(), "duration", None, tb.duration_timex(None, code))

    def _weekday(self, m: re.Match[str], c: Ctx) -> Hit | None:
        wd = self.weekdays[m["wd"]]
        rel = m["rel"] or ""
        ref = c.ref
        if rel == "last":
            d = tb.weekday_before(ref, wd, strict=True)
        elif rel in ("next", "coming"):
            d = tb.weekday_after(ref, wd, strict=True)
        elif rel == "this":
            d = ref + dt.timedelta(days=wd - ref.weekday())
        elif c.future(m):
            d = tb.weekday_after(ref, wd)
        else:
            d = tb.weekday_before(ref, wd)
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True)

    def _relative_day(self, m: re.Match[str], c: Ctx) -> Hit | None:
        ref = c.ref
        offset = self.reldays[" ".join(m["rd"].split())]
        d = ref + dt.timedelta(days=offset)
        notes: tuple[str, ...] = ()
        if m["wd"]:
            wd = self.weekdays[m["wd"]]
            if wd != d.weekday():
                named = tb.weekday_before(ref, wd) if offset <= 0 else tb.weekday_after(ref, wd)
                notes = (
                    f"weekday mismatch with document date: '{m['rd']}' would be {d.isoformat()} "
                    f"({d.strftime('%A')}); the named weekday wins: {named.isoformat()}",
                )
                d = named
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), notes, True)

    def _weekend(self, m: re.Match[str], c: Ctx) -> Hit | None:
        ref, rel = c.ref, m["rel"] or ""
        if rel in ("coming", "next") or (not rel and c.future(m)):
            sat = tb.weekday_after(ref, 5, strict=rel == "next" and ref.weekday() >= 5)
        elif rel == "this":
            sat = ref + dt.timedelta(days=5 - ref.weekday())
        else:
            sat = tb.weekday_before(ref, 5, strict=ref.weekday() == 5)
        v = tb.range_value(sat, sat + dt.timedelta(days=1))
        return Hit(m.start(), m.end(), "date", v, f"{tb.week_timex(sat)}-WE", (), True)

    def _year_earlier_adj(self, m: re.Match[str], c: Ctx) -> Hit | None:
        v = tb.year_value(c.ref.year - 1)  # anchored to the period in focus by anchor_year_before
        return Hit(m.start(), m.end(), "date", v, v.format(), (), True)

    def _this_year(self, m: re.Match[str], c: Ctx) -> Hit | None:
        v = tb.year_value(c.ref.year)
        return Hit(m.start(), m.end(), "date", v, v.format(), (), True)

    def _year_in_words(self, m: re.Match[str], c: Ctx) -> Hit | None:
        if m["cent"]:
            tens = _WORD_NUM[m["tens"]]
            y = (
                {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[m["cent"]]
                + tens
                + _WORD_NUM.get(m["unit"] or "", 0)
            )
        else:
            y = 2000 + _WORD_NUM.get(m["unit2"] or "", 0)
        start = m.start() if m["lead"] is None or m["lead"].startswith("the") else m.start() + len(m["lead"])
        v = tb.year_value(y)
        return Hit(start, m.end(), "date", v, v.format())

    def _ref(self, m: re.Match[str], c: Ctx) -> Hit | None:
        return Hit(m.start(), m.end(), "date", None, self.refs[" ".join(m["ref"].split())])

    def _set(self, m: re.Match[str], c: Ctx) -> Hit | None:
        return Hit(m.start(), m.end(), "set", None, None)


_YEAR_BEFORE = re.compile(
    r"(?:(?:a|one)\s+year\s+(?:earlier|ago|before)|(?:the\s+)?(?:year-earlier|year-ago|year\s+earlier)\b.*)"
)
_QUARTER = re.compile(r"(\d{4})-Q(\d)")


def anchor_year_before(hits: list[Hit], folded: str) -> list[Hit]:
    """Resolve "a year earlier" against the period in focus rather than the document date.

    In "profit rose in the third quarter, from $5 million a year earlier", the year before is the
    third quarter of the previous year (TimeML reads it so). When a quarter was mentioned shortly
    before (600 characters), the expression is that quarter a year earlier; otherwise it keeps the
    document-relative year.
    """
    out: list[Hit] = []
    for h in hits:
        if h.value is not None and h.value.precision == "year" and _YEAR_BEFORE.fullmatch(folded, h.start, h.end):
            for prev in reversed(out):
                if _YEAR_BEFORE.fullmatch(folded, prev.start, prev.end) or "year-" in folded[prev.start : prev.end]:
                    continue  # already a year before something: not the period in focus
                gap = h.start - prev.end
                q = _QUARTER.fullmatch(prev.timex or "")
                if q and gap <= 600:
                    y, n = int(q.group(1)) - 1, int(q.group(2))
                    h = Hit(h.start, h.end, h.kind, tb.quarter_value(y, n), f"{y:04d}-Q{n}", h.notes, True, h.priority)
                    break
        out.append(h)
    return out


@lru_cache(maxsize=4)
def english_rules(lang: str = "en") -> EnglishRules:
    """The compiled English rules (cached)."""
    return EnglishRules(tb.lexicon(lang))
