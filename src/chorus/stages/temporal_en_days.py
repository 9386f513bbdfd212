"""English rules for days named by the story or the calendar rather than by a date: "the next day",
"the day before", "earlier in the day", holidays ("Christmas", "the Fourth of July", "Thanksgiving",
"Easter"), and "two weeks from today".

Internal to :mod:`chorus.stages.temporal`: :class:`DayRules` is a mixin of
:class:`~chorus.stages.temporal_en.EnglishRules`. Anaphoric days carry an ``anaphor`` tag that
:mod:`chorus.stages.temporal_en_timeml` resolves against the last day the article named (the
document date until it names one), as TimeML does. Holidays follow ``holidays`` in
``lang/en/dates.json`` (fixed days, "the fourth Thursday of November", Easter-relative days); the
year is that of the nearest occurrence, as for a date without a year.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from chorus.stages import temporal_base as tb
from chorus.stages.temporal_base import Ctx, Hit, Lexicon, Resolver
from chorus.stages.temporal_tense import narrated

__all__ = ["DayRules", "dateline_date", "easter", "holiday_date"]

_WEEKDAY = {"MON": 0, "TUE": 1, "WED": 2, "THU": 3, "FRI": 4, "SAT": 5, "SUN": 6}
_RULE = re.compile(r"(?P<m>\d\d)-(?:(?P<d>\d\d)|(?P<n>[1-5L])-(?P<wd>[A-Z]{3}))|EASTER(?P<off>[+-]\d+)|ELECTION")
_WEEK_AFTER = re.compile(r"\s+week\b(?!-)")
_WORD_AFTER = re.compile(r"\s+([a-z][\w'-]*)")


_CAPS = r"[A-Z][A-Z.'\u2019-]*(?:\s+[A-Z][A-Z.'\u2019-]*)*"
_DATELINE = re.compile(
    rf"\s*{_CAPS}(?:,\s*[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*)?,\s+(?P<mon>[A-Z][a-z]{{2,8}})\.?\s+"
    r"(?P<day>\d{1,2})\s*(?:\([^)\n]{1,30}\)\s*)?(?:--|_|-|\u2014|\u2013)"
)


def dateline_date(text: str, doc_date: dt.date, months: dict[str, int], slack: int = 3) -> dt.date | None:
    """The day of a dateline that opens ``text`` ("WASHINGTON, March 12 (Xinhua) --"), when it lies
    within ``slack`` days of the document date: the story's own date, which its "Friday" and
    "yesterday" count from (an agency files a story the day after the dateline; the archive dates it
    then). None when the text opens with no dated dateline.

    >>> dateline_date("WASHINGTON, March 12 (Xinhua) -- NATO grew.", dt.date(1999, 3, 13), {"march": 3})
    datetime.date(1999, 3, 12)
    """
    m = _DATELINE.match(text, 0, 200)
    if m is None or m["mon"].lower() not in months:
        return None
    month, day = months[m["mon"].lower()], int(m["day"])
    options = [d for y in (doc_date.year - 1, doc_date.year, doc_date.year + 1) if (d := tb.safe_date(y, month, day))]
    best = min(options, key=lambda d: abs((d - doc_date).days), default=None)
    return best if best is not None and abs((best - doc_date).days) <= slack else None


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus).

    >>> easter(2024)
    datetime.date(2024, 3, 31)
    """
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def holiday_date(rule: str, year: int) -> dt.date | None:
    """The day of a holiday rule of ``lang/en/dates.json`` in ``year``: ``12-25`` (fixed), ``11-4-THU``
    (the fourth Thursday of November), ``05-L-MON`` (the last Monday of May), ``EASTER-2`` (Good
    Friday), ``ELECTION`` (the Tuesday after the first Monday of November).

    >>> holiday_date("11-4-THU", 1998), holiday_date("EASTER-2", 2024)
    (datetime.date(1998, 11, 26), datetime.date(2024, 3, 29))
    """
    m = _RULE.fullmatch(rule)
    if m is None:
        return None
    if rule == "ELECTION":
        return tb.weekday_after(dt.date(year, 11, 1), 0) + dt.timedelta(days=1)
    if m["off"]:
        return easter(year) + dt.timedelta(days=int(m["off"]))
    month = int(m["m"])
    if m["d"]:
        return tb.safe_date(year, month, int(m["d"]))
    wd = _WEEKDAY[m["wd"]]
    if m["n"] == "L":
        return tb.weekday_before(tb.month_end(year, month), wd)
    return tb.weekday_after(dt.date(year, month, 1), wd) + dt.timedelta(weeks=int(m["n"]) - 1)


_JUDGED, _JUDGED_PAST = "judged", "judged/past"  # settled by DayRules.settle_judged_days
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+")
_LAST_WORD = re.compile(r"[a-z.]+$")


def _day_hit(h: Hit) -> bool:
    return h.value is not None and h.value.precision == "day"


def _outermost(hits: list[Hit], judged: Hit) -> list[Hit]:
    """``hits`` (in text order) without the judged day and without those inside a longer one ("1989"
    inside "Nov. 9, 1989"), as the caller will settle the overlaps."""
    others = [h for h in hits if h.end <= judged.start or h.start >= judged.end]
    return [
        h
        for h in others
        if not any(
            o is not h and o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start)
            for o in others
        )
    ]


class DayRules:
    """Anaphoric-day and holiday resolvers (mixin)."""

    lex: Lexicon
    months: dict[str, int]
    ordinals: dict[str, int]

    def add_day_rules(self, add: Callable[[str, Resolver, int], None], mon: str = "") -> None:
        self.anaphoric_days: dict[str, int] = self.lex.map("anaphoric_days")
        self.holidays: dict[str, str] = self.lex.map("holidays")
        self._continuations = frozenset(self.lex.words("anaphoric_day_continuations")) | frozenset(
            self.lex.words("function_words")
        )
        lead = tb.alternation(self.lex.words("holiday_leads"))
        self._holiday_noun = re.compile(rf"\s+(?:{tb.alternation(self.lex.words('holiday_nouns'))})\b")
        add(rf"\b(?P<ad>{tb.alternation(self.anaphoric_days)})\b", self._anaphoric_day, 1)
        judging = tb.alternation(self.lex.words("day_judgement_adjectives"))
        generic = tb.alternation(self.lex.words("day_judgement_not_before"))
        add(
            r"\b(?:it(?:'s|\s+(?P<verb>was|is|has\s+been))|this\s+(?P<verb2>was|is|has\s+been))\s+[\"'`]{0,2}an?\s+"
            rf"(?:(?:very|truly|really|most|such)\s+)?(?:{judging})\s+(?P<dd>day)\b(?!['-])(?!\s+(?:{generic})\b)",
            self._day_judged,
            1,
        )
        self._abbreviations = frozenset(self.lex.words("abbreviations"))
        not_of = tb.alternation(self.lex.words("day_count_not_before"))
        not_of = f"{mon}|{not_of}" if mon else not_of
        add(
            rf"\b(?:{tb.alternation(self.lex.words('day_count_leads'))})\s+(?P<nth>the\s+"
            rf"(?:{tb.alternation(self.ordinals)})\s+day)\s+of\b(?!\s+(?:{not_of})\b)",
            self._day_count,
            2,
        )
        if mon:
            add(
                rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|fifth|last|final)\s+week\s+of\s+(?P<mon>{mon})"
                r"(?:,?\s+(?P<year>(?:1[0-9]|20)\d\d)\b)?",
                self._week_of_month,
                3,
            )
        self._holiday_lead = re.compile(rf"(?<!\w)(?:{lead})\s+$")
        add(
            rf"(?:\b(?P<rel>this|last|next)\s+)?\b(?P<hol>{tb.alternation(self.holidays)})"
            r"(?![\w'])(?:,?\s+(?P<year>(?:1[0-9]|20)\d\d)\b)?",
            self._holiday,
            2,
        )

    def _week_of_month(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "the last week of July": the n-th (or last) full Monday-Sunday week of the month.

        Without a year, a sentence that narrates in the past tense ("Shelling intensified in the last
        week of March", "The last week of March was the deadliest") means the last such week that had
        begun by the document date, as a past-tense weekday is the last one: a week to come cannot be
        the time of a past event, however near it is. Otherwise the month's year is that of a date
        without one (``Ctx.near_year``): "said the offer expires in the last week of March" may look
        ahead."""
        mo = self.months[m["mon"].rstrip(".")]
        if m["year"]:
            monday = self._nth_monday(int(m["year"]), mo, m["ord"])
        elif c.tense(m) == "past" and narrated(c.folded, m.start(), m.end(), self.lex):
            monday = self._nth_monday(c.ref.year, mo, m["ord"])
            if monday > c.ref:
                monday = self._nth_monday(c.ref.year - 1, mo, m["ord"])
        else:
            monday = self._nth_monday(c.near_year(m, mo), mo, m["ord"])
        v = tb.range_value(monday, monday + dt.timedelta(days=6))
        return Hit(m.start(), m.end(), "date", v, tb.week_timex(monday), (), not m["year"])

    def _nth_monday(self, year: int, month: int, ordinal: str) -> dt.date:
        """The Monday of the n-th (``first`` ... ``fifth``) or last (``last``, ``final``) full week of the month."""
        if ordinal in ("last", "final"):
            return tb.weekday_before(tb.month_end(year, month) - dt.timedelta(days=6), 0)
        first = tb.weekday_after(dt.date(year, month, 1), 0)
        return first + dt.timedelta(weeks=self.ordinals.get(ordinal, 1) - 1)

    def _anaphoric_day(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "the next day", "the day before", "earlier in the day": a day counted from the last day the
        article named (temporal_en_timeml). Followed by a noun phrase or a clause ("the day before the
        vote", "the day after his death"), "the day before/after" is a day next to that event: tagged
        ``/event``, it is counted from a day named earlier in its own sentence (or the day it stands in
        apposition to), and is no date otherwise (temporal_en_timeml.resolve_anaphora); only punctuation,
        a ``function_words`` word or an adverb of ``anaphoric_day_continuations`` ("the day before, in
        Paris", "the day after too") leaves it a plain anaphoric day."""
        phrase = " ".join(m["ad"].split())
        event = ""
        if phrase.endswith(("before", "after")):
            nxt = _WORD_AFTER.match(c.folded, m.end())
            if nxt is not None and nxt.group(1) not in self._continuations:
                event = "/event"
        step = self.anaphoric_days[phrase]
        d = c.ref + dt.timedelta(days=step)
        tag = f"anaphor{step:+d}:D{event}"
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True, tag=tag)

    def _day_judged(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "it was a great day for Poland", "this is a sad day": a day judged (an adjective of
        ``day_judgement_adjectives``) is the day the story is about. Which day is settled by
        :meth:`settle_judged_days` once every other date of the text is known. "It was a good day to
        buy stocks", "a great day in the history of the club" (``day_judgement_not_before``) are
        generic. Only "day" is the expression."""
        verb = m["verb"] or m["verb2"] or "is"
        tag = _JUDGED_PAST if verb == "was" or verb.startswith("has") else _JUDGED
        return Hit(m.start("dd"), m.end("dd"), "date", tb.day_value(c.ref), c.ref.isoformat(), (), True, tag=tag)

    def settle_judged_days(self, hits: list[Hit], c: Ctx) -> list[Hit]:
        """Settle the days judged among all the rules' ``hits``: the day named in the same sentence
        ("It was a sad day for the city, the mayor said Tuesday"); none when the sentence names a date
        that is no day ("It was a typical day in 1945", "a rainy day ... on Nov. 9, 1989" keeps only
        the date); in the past tense with no date in the sentence, the last day the sentence before
        names (none when it names only a year or a month); else the document's day."""
        if not any(h.tag in (_JUDGED, _JUDGED_PAST) for h in hits):
            return hits
        dated = sorted(
            (h for h in hits if h.kind == "date" and h.value is not None and h.tag not in (_JUDGED, _JUDGED_PAST)),
            key=lambda h: h.start,
        )
        starts = [h.start for h in dated]
        out: list[Hit] = []
        for h in hits:
            if h.tag not in (_JUDGED, _JUDGED_PAST):
                out.append(h)
                continue
            s0, s1 = self._sentence(c, h.start)
            own = _outermost(dated[bisect.bisect_left(starts, s0) : bisect.bisect_left(starts, s1)], h)
            if own:
                days = [p for p in own if _day_hit(p) and not p.tag.startswith("anaphor")]
                if len(days) != len(own):
                    continue  # a year, a month, an anaphoric day: the sentence's own date says it
                nearest = min(days, key=lambda p: abs(p.start - h.start))
                assert nearest.value is not None
                out.append(dataclasses.replace(h, value=nearest.value, timex=nearest.value.start.isoformat(), tag=""))
                continue
            if h.tag == _JUDGED_PAST and s0 > 0:
                p0 = self._sentence(c, s0 - 1)[0]
                before = _outermost(dated[bisect.bisect_left(starts, p0) : bisect.bisect_left(starts, s0)], h)
                if before:
                    last = before[-1]
                    if not _day_hit(last):
                        continue  # "In 1999 Poland joined NATO. It was a historic day.": which day is unknown
                    if last.tag.startswith("anaphor"):
                        out.append(dataclasses.replace(h, tag="anaphor+0:D"))  # that day, once it is resolved
                    else:
                        assert last.value is not None
                        out.append(dataclasses.replace(h, value=last.value, timex=last.value.start.isoformat(), tag=""))
                    continue
            out.append(dataclasses.replace(h, tag=""))
        return out

    def _sentence(self, c: Ctx, pos: int) -> tuple[int, int]:
        """The folded span of the sentence holding ``pos``: from after the last full stop (not one
        ending an abbreviation, "Nov. 9", "Mr. Smith") before it to the next one."""
        start = 0
        for b in _BOUNDARY.finditer(c.folded, max(0, pos - 600), pos):
            if self._ends_sentence(c, b):
                start = b.end()
        for b in _BOUNDARY.finditer(c.folded, pos):
            if self._ends_sentence(c, b):
                return start, b.start() + 1
        return start, len(c.folded)

    def _ends_sentence(self, c: Ctx, b: re.Match[str]) -> bool:
        word = _LAST_WORD.search(c.folded, max(0, b.start() - 12), b.start())
        if (
            b.group(0)[0] == "."
            and word is not None
            and (len(word.group(0)) == 1 or word.group(0) in self._abbreviations)
        ):
            return False
        return b.end() >= len(c.folded) or not c.original[c.idx[b.end()]].islower()

    def _day_count(self, m: re.Match[str], c: Ctx) -> Hit | None:
        """ "today is the eighth day of the blockade", "it's the second day of an offensive": the day
        counted is the document's own (TimeML: a DATE of that day); only the ordinal phrase is the
        expression, "today" is one of its own."""
        return Hit(m.start("nth"), m.end("nth"), "date", tb.day_value(c.ref), c.ref.isoformat(), (), True)

    def _holiday(self, m: re.Match[str], c: Ctx) -> Hit | None:
        rule = self.holidays[" ".join(m["hol"].split())]
        a, b = c.idx[m.start("hol")], c.idx[m.end("hol") - 1] + 1
        if not any(ch.isupper() for ch in c.original[a:b]):
            return None  # a holiday is a proper noun: "thanksgiving" is a word of thanks
        named_day = " " in m["hol"].strip()  # "Christmas Eve", "the Fourth of July", "Good Friday"
        lead = self._holiday_lead.search(c.folded, max(0, m.start() - 16), m.start()) is not None
        week = _WEEK_AFTER.match(c.folded, m.end()) if not m["year"] else None
        if week is None and (
            not (m["rel"] or m["year"] or lead or named_day) or self._holiday_noun.match(c.folded, m.end())
        ):
            return None  # "Christmas shopping", "Easter egg", "Labor Day weekend": a season, a thing, a span
        ref = c.ref
        if m["year"]:
            y = int(m["year"])
        elif m["rel"]:
            this = holiday_date(rule, ref.year)
            y = ref.year
            if m["rel"] == "last":
                y = ref.year if this is not None and this < ref else ref.year - 1
            elif m["rel"] == "next":
                y = ref.year if this is not None and this > ref else ref.year + 1
        else:
            approx = holiday_date(rule, ref.year) or ref
            y = c.near_year(m, approx.month, approx.day)
        d = holiday_date(rule, y)
        if d is None:
            return None
        start = m.start("rel") if m["rel"] else m.start("hol")
        if week is not None:  # "Easter week", "Thanksgiving week": the Monday-Sunday week of the holiday
            return Hit(start, week.end(), "date", tb.week_range(d), tb.week_timex(d), (), True, tag="holiday")
        return Hit(start, m.end(), "date", tb.day_value(d), d.isoformat(), (), not m["year"], tag="holiday")
