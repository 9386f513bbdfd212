"""English temporal rules: regular expressions built from ``lang/en/dates.json`` plus resolvers.

Internal to :mod:`chorus.stages.temporal`. Every rule sees the folded (lower-cased) text and returns
:class:`~chorus.stages.temporal_base.Hit` objects; overlaps are settled by the caller (longest wins).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from chorus.stages import temporal_base as tb
from chorus.stages.temporal_base import Ctx, Hit, Lexicon, Resolver
from chorus.stages.temporal_en_days import DayRules
from chorus.stages.temporal_en_periods import PeriodRules

_EVENT_RELATIVE = "duration relative to an event"
_OF = re.compile(r"\s+of\b")
_SOON_RELATION = re.compile(r"(?:after|before|thereafter|as)\b")
_CALENDAR_WORDS = frozenset({"fiscal", "calendar", "year", "fy"})
_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|may|might|shall|can|\w+'ll)\s+$")


# before a model year: a determiner or a possessive, then at most two lower-case modifiers
_MODEL_LEAD = re.compile(
    r"(?:(?<![\w'\u2019])(?i:a|an|the|his|her|its|their|our|my|your|whose|this|that|one)|\w['\u2019]s)"
    r"(?P<mods>(?:\s+[a-z][\w-]*){0,2})\s+$"
)
_TOKEN = re.compile(r"[^\W\d_][\w'\u2019-]*|\d+|[^\w\s]")


def _phrase_at(toks: list[str], i: int, phrases: frozenset[str]) -> int:
    """The index after the longest phrase of ``phrases`` (one or two words) at ``toks[i]``, or 0."""
    for n in (2, 1):
        if i + n <= len(toks) and " ".join(toks[i : i + n]).lower() in phrases:
            return i + n
    return 0


def _num(word: str | None, numbers: dict[str, int]) -> int | None:
    if word is None:
        return None
    w = " ".join(word.split()).replace(",", "")
    if w.replace(".", "", 1).isdigit():
        return int(float(w))
    return numbers.get(w)


class EnglishRules(PeriodRules, DayRules):
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
        self._function_words = frozenset(lex.words("function_words"))
        # "a venture called Orion 1980", 'dubbed "Bright Star 1997"': a naming lead, then one to three
        # capitalized words of the name right before the number
        self._named = re.compile(
            rf"(?<![\w-])(?i:{tb.alternation(lex.words('name_leads'))})\s+[\"'\u201c\u2018]?"
            r"(?P<words>(?:[^\W\d_][\w.'&\u2019-]*\s+){0,2}(?P<name>[^\W\d_][\w.'&\u2019-]*))\s+$"
        )
        self._makes = frozenset(lex.words("model_year_makes"))
        self._ambiguous_makes = frozenset(lex.words("model_year_ambiguous_makes"))
        self._model_nouns = frozenset(lex.words("model_year_nouns"))
        abbr = {k: v for k, v in self.months.items() if len(k) <= 4 and k not in ("may", "june", "july")}
        full = {k: v for k, v in self.months.items() if k not in abbr}
        mon = rf"(?:(?:{tb.alternation(full)})\b|(?:{tb.alternation(abbr)})\b\.?)"
        wd = rf"(?:{tb.alternation(self.weekdays)})\b"
        num = rf"(?:(?<![\d,.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)|{tb.alternation(self.numbers)})"
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
            rf"(?:\b(?P<wd>{wd}),?\s+)?(?:(?P<part>{part})\s*)?(?:\b(?P<rel>last|next|this\s+past)\s+)?\b(?P<mon>{mon})\s*(?P<day>\d{{1,2}})"
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
        counted = tb.alternation(lex.words("not_after_day_list"))
        add(
            rf"\b(?P<mon>{mon})\s*(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<join>-|and|or|to|through|&)\s*"
            rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|(?:{counted})\b)|[.,:]\d)(?:,?\s+(?P<year>{year})\b)?",
            self._second_day,
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
            rf"(?<![$#\d,.])\b(?P<year>{year})\b(?!\s*%|[,.]\d|-\d|\(\w\)|\s*(?:percent|people|troops|acres))",
            self._year,
            0,
        )
        add(
            rf"\b(?P<rel>(?:the\s+)?(?:past|last|next|coming|previous|first|final))\s+(?P<num>{num})\s+"
            rf"(?P<unit>{units})\b",
            self._duration,
            2,
        )
        add(
            rf"\b(?:(?P<approx>{tb.alternation(lex.words('approximators'))})\s+)?(?P<num>{num})[\s-]+"
            rf"(?P<unit>{units})\b(?:(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+(?:now|today)|hence)\b)?",
            self._ago_or_duration,
            1,
        )
        add(r"\b(?:for|over|in)\s+(?P<unit>years|decades|months|weeks|days)\b", self._vague_duration, 0)
        add(r"\b(?P<unit>recent\s+(?:weeks|months|quarters))\b", self._vague_duration, 0)
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
        add(rf"\bthe\s+(?P<rel>previous|following)\s+(?P<wd>{wd})", self._weekday_anaphor, 2)
        add(rf"\b(?P<wd>{wd})\s+of\s+(?P<rel>this|last|next)\s+week\b", self._weekday_of_week, 2)
        add(rf"\b(?P<ref>{tb.alternation(self.refs)})\b", self._ref, 0)
        add(r"\bthe\s+(?:(?P<rel>last|past|coming|next|this)\s+)?weekend\b", self._weekend, 1)
        self.add_period_rules(add, mon, part, rel)
        self.add_day_rules(add, mon)
        add(rf"\b(?P<set>{tb.alternation(lex.words('sets'))})\b(?!-)", self._set, -1)  # not "a day-long strike"
        add(rf"\b(?:each|every)\s+(?:{wd}|(?:{tb.alternation(full)})\b)", self._set, 2)
        add(rf"\b(?:{tb.alternation(k for k in self.weekdays if len(k) > 5)})s\b", self._set, 0)
        # "Friday evenings", "Thursday nights": one weekday before a plural part of the day recurs (TimeML
        # SET), no one day. A list ("on Saturday and Sunday nights") is left to the day rules: in news it
        # names particular nights at least as often ("protesters clashed on Saturday and Sunday nights").
        parts_pl = tb.alternation(f"{k}s" for k in self.day_parts)
        self._listed_weekday = re.compile(rf"\b(?:{wd})\s*(?:,|and|or|&)\s*$")
        add(rf"\b{wd}\s+(?:{parts_pl})\b", self._weekday_set, 2)

    # -- driver --------------------------------------------------------------------------------

    def find(self, c: Ctx, start: int, end: int) -> Iterator[Hit]:
        hits: list[Hit] = []
        for pattern, fn, prio in self.rules:
            for m in pattern.finditer(c.folded, start, end):
                hit = fn(m, c)
                if hit is not None:
                    hits.append(dataclasses.replace(hit, priority=prio))
        return iter(self.settle_judged_days(hits, c))

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
        rel = " ".join((m.groupdict().get("rel") or "").split())
        if rel:  # "last Oct. 23": the latest one before the document date; "next March 3" the first after
            back = rel != "next"
            y = c.ref.year
            d = tb.safe_date(y, mo, day)
            if d is not None and (d >= c.ref if back else d <= c.ref):
                d = tb.safe_date(y - 1 if back else y + 1, mo, day)
        else:
            d = tb.safe_date(c.near_year(m, mo, day), mo, day)
        if d is None:
            return None
        if m["wd"]:  # "Sunday, Jan. 16": the weekday fixes the year
            d = tb.pin_by_weekday(d, self.weekdays[m["wd"]], c.ref)
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True)

    def _second_day(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "April 24 and 25", "May 5-7, 1999": the bare second number is a day of the same month (a date
        of its own, as TimeML annotates it); the first is left to the month-day rule."""
        if not self._month_ok(m, c, m["year"] is not None):
            return None
        mo, d1, day = self.months[m["mon"].rstrip(".")], int(m["d1"]), int(m["day"])
        if day <= d1:
            return None  # "Nov. 16 to 3": not a list of days
        y = int(m["year"]) if m["year"] else c.near_year(m, mo, d1)
        d = tb.safe_date(y, mo, day)
        if d is None:
            return None
        return Hit(m.start("day"), m.end(), "date", tb.day_value(d), d.isoformat(), (), not m["year"])

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
            context = context or (bool(before) and before[-1] == "the" and self._modifies_noun(m, c))
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
            y = tb.last_month_year(ref, mo, self.lex.get("last_month_window", 2))
        elif rel in ("next", "coming"):
            y = ref.year if mo > ref.month else ref.year + 1
        else:
            y = c.near_year(m, mo)
        v = tb.month_value(y, mo)
        return self._with_part(m, v, v.format(), True)

    def _modifies_noun(self, m: re.Match[str], c: Ctx) -> bool:
        """ "the March accession", "the May elections": a capitalized month used as an adjective (not
        "the march on Washington", "the May of his youth")."""
        nxt = c.next_lower_word(m)
        return c.capitalized(m.start("mon")) and nxt is not None and nxt not in self._function_words

    def _year_range(self, m: re.Match[str], c: Ctx) -> Hit | None:
        y1, y2s = int(m["y1"]), m["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if not y1 < y2 <= y1 + 200:
            return None
        v = tb.range_value(dt.date(y1, 1, 1), dt.date(y2, 12, 31))
        return Hit(m.start(), m.end(), "date", v, None)

    def _year(self, m: re.Match[str], c: Ctx) -> Hit | None:
        y = int(m["year"])
        if not 1000 <= y <= 2199 or (
            not m["fiscal"] and not m["part"] and (self._in_name(m, c) or self._model_year(m, c))
        ):
            return None
        v = tb.year_value(y)
        return self._with_part(m, v, str(y), False)

    def _in_name(self, m: re.Match[str], c: Ctx) -> bool:
        """Whether the number ends a name a lead names ("a venture called Orion 1980", "known as
        Vision 2020"): a ``name_leads`` word, then capitalized words, the last no calendar word ("called
        in May 1980"). A name alone is not enough: "Euro 2016", "Beijing 2008", "the war in Kosovo
        1999" are years of events and places."""
        a = c.idx[m.start("year")]
        named = self._named.search(c.original, max(0, a - 80), a)
        if named is None or not all(w[0].isupper() for w in named["words"].split()):
            return False
        key = named["name"].lower().rstrip(".")
        return not (key in self.months or key in self.weekdays or key in self.seasons or key in _CALENDAR_WORDS)

    def _model_year(self, m: re.Match[str], c: Ctx) -> bool:
        """Whether the year is a product's model year ("Kopp's 1987 Chevrolet", "a 1965 Ford Mustang
        convertible", "a stolen 1992 pickup truck"): it names the thing, not a time of the event.

        The year follows a determiner or a possessive (and at most two lower-case modifiers, "a red
        1965"), so "In 1987 Chevrolet sold more cars" keeps its year; then comes a capitalized make of
        ``model_year_makes`` or a noun of ``model_year_nouns``, at most two capitalized model words,
        and the noun phrase ends there (punctuation, a ``function_words`` word, the end of the text).
        Any other noun after it makes the year an attributive time of that noun, which TimeML
        annotates as a year: "the 1976 Ford campaign", "the 1995 truck bombing", "1990 BellSouth
        earnings", "the 1996 campaign".
        """
        a, b = c.idx[m.start("year")], c.idx[m.end("year") - 1] + 1
        lead = _MODEL_LEAD.search(c.original, max(0, a - 60), a)
        if lead is None or any(w.lower() in self._function_words for w in lead["mods"].split()):
            return False
        rest = c.original[b : b + 100]
        if not rest[:1].isspace():
            return False
        toks = _TOKEN.findall(rest)[:8]
        i = _phrase_at(toks, 0, self._makes)
        if i and not toks[0][0].isupper():
            return False
        make = " ".join(toks[:i]).lower()
        # "Ford" is also a president, "Lincoln" a centre: such a make needs a vehicle noun ("the 1976
        # Ford White House", "the 1976 Ford and Carter campaigns" keep their year)
        named = i > 0 and make not in self._ambiguous_makes
        for _ in range(2):  # the model: "Ford Mustang", "Mustang", "Chevrolet Bel Air"
            if i < len(toks) and toks[i][0].isupper() and not _phrase_at(toks, i, self._model_nouns):
                i += 1
        while n := _phrase_at(toks, i, self._model_nouns):  # "convertible", "pickup truck"
            i, named = n, True
        if not named:
            return False
        return i >= len(toks) or not toks[i][0].isalnum() or toks[i].lower() in self._function_words

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
        if unit == "Q" and _OF.match(c.folded, m.end("unit")):
            return None  # "a quarter of a million" is a fraction
        if m.group(0) in ("one day", "some day") and _MODAL_BEFORE.search(c.folded, max(0, m.start() - 12), m.start()):
            return Hit(m.start(), m.end(), "date", None, "FUTURE_REF")  # "Islam will one day be ...": someday
        if m["num"] in ("a", "an") and not direction and m["unit"] in ("year", "day", "week", "month"):
            return None  # "a year" alone is a rate or a set ("$5 a year"), not a date
        if direction in ("ago", "earlier") and n is not None and n < 0:  # "several years ago"
            return Hit(m.start("num"), m.end(), "date", None, "PAST_REF")
        if direction == "later" or (direction == "earlier" and unit in ("D", "W", "H", "MIN")):
            # "three days later", "a day earlier": counted from an event the article narrates, not from
            # the document date; TimeML marks the duration
            return Hit(m.start(), m.end("unit"), "duration", None, tb.duration_timex(n, unit), (_EVENT_RELATIVE,))
        if direction in ("ago", "earlier", "from now", "from today", "hence") and n is not None and n > 0:
            sign = 1 if direction in ("later", "from now", "from today", "hence") else -1
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
        code = self.units[m["unit"].split()[-1]]
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
        elif c.tense(m) == "near":  # "a vote scheduled for Friday was postponed": the nearest Friday
            d = tb.weekday_nearest(ref, wd)
        else:
            d = tb.weekday_before(ref, wd)
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat() + self._part_of_day(m), (), True)

    def _weekday_of_week(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "Monday of this week", "Tuesday of last week": that weekday inside the named (ISO, Monday-first)
        week, one date, not a weekday and a week."""
        monday = c.ref - dt.timedelta(days=c.ref.weekday())
        shift = {"last": -7, "next": 7}.get(m["rel"], 0)
        d = monday + dt.timedelta(days=shift + self.weekdays[m["wd"]])
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True)

    def _weekday_anaphor(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "the previous Friday": the Friday before the date the article last named (temporal_en_timeml);
        from the document date until it names one."""
        wd, step = self.weekdays[m["wd"]], -1 if m["rel"] == "previous" else 1
        d = tb.weekday_before(c.ref, wd, strict=True) if step < 0 else tb.weekday_after(c.ref, wd, strict=True)
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True, tag=f"anaphor{step:+d}:WD{wd}")

    def _part_of_day(self, m: re.Match[str]) -> str:
        """TimeML's time suffix for "Thursday evening" (``T EV``), "last night", "this morning": such an
        expression is a TIME, though its value stays the day."""
        code = self.day_parts.get(m["dp"] or "") or self.lex.get("relative_day_parts", {}).get(
            " ".join((m.groupdict().get("rd") or "").split())
        )
        return f"T{code}" if code else ""

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
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat() + self._part_of_day(m), notes, True)

    def _weekend(self, m: re.Match[str], c: Ctx) -> Hit | None:
        ref, rel = c.ref, m["rel"] or ""
        if rel in ("coming", "next") or (not rel and c.future(m)):
            sat = tb.weekday_after(ref, 5, strict=rel == "next" and ref.weekday() >= 5)
        elif rel == "this":
            sat = ref + dt.timedelta(days=5 - ref.weekday())
        elif not rel and c.tense(m) == "near":  # "a march planned for the weekend was banned"
            sat = tb.weekday_nearest(ref, 5)
        else:
            sat = tb.weekday_before(ref, 5, strict=ref.weekday() == 5)
        v = tb.range_value(sat, sat + dt.timedelta(days=1))
        return Hit(m.start(), m.end(), "date", v, f"{tb.week_timex(sat)}-WE", (), True)

    def _ref(self, m: re.Match[str], c: Ctx) -> Hit | None:
        after = c.folded[m.end() : m.end() + 30].split()
        nxt = after[0] if after else ""
        if m["ref"] == "soon" and (c.folded.endswith("as ", 0, m.start()) or _SOON_RELATION.match(nxt)):
            return None  # "as soon as trading opened", "soon after": a relation, not a time
        if m["ref"] in ("the past", "the future") and (
            nxt in ("of", "few", "several") or nxt in self.numbers or nxt.isdigit()
        ):
            return None  # "the past three summers" is a duration; "the future of our peoples" no time
        return Hit(m.start(), m.end(), "date", None, self.refs[" ".join(m["ref"].split())])

    def _set(self, m: re.Match[str], c: Ctx) -> Hit | None:
        return Hit(m.start(), m.end(), "set", None, None)

    def _weekday_set(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "Thursday evenings": a set, unless the weekday ends a list ("Saturday and Sunday nights")."""
        if self._listed_weekday.search(c.folded, max(0, m.start() - 40), m.start()):
            return None
        return self._set(m, c)


@lru_cache(maxsize=4)
def english_rules(lang: str = "en") -> EnglishRules:
    """The compiled English rules (cached)."""
    return EnglishRules(tb.lexicon(lang))
