"""Document-level passes over the English hits, following TimeML's conventions.

Internal to :mod:`chorus.stages.temporal`. A rule sees one match; some values depend on what the
article said before it:

- times of day attached to a date ("10 p.m. Wednesday", "noon Thursday", "5 p.m. EST, Nov. 6")
  join it, and the TimeML value gains the time (``1998-02-11T22:00``: a TIME, not a DATE); the
  date value itself is unchanged;
- "the quarter", "the latest period", "the 1988 period", "the year-ago period" name the quarter in
  focus: the last quarter the article named (earnings reports are about one quarter); a quarter in
  apposition ("the year-ago quarter, the second quarter ended Oct. 31,") is the same quarter;
  "that quarter" is the last quarter named; "the quarter ended Sept. 30" is the quarter ending on
  that day, in the year its own rule gives the day; a quarter ended on a day is not the quarter in
  focus when the article says it has not ended ("expects fourth-quarter profit to rise");
- "the following year", "the previous month", "the previous Friday" count from the last date the
  article named; "that day" before any day was named is no date (a generic day, or an event's);
  "the day after his death" is the day it is in apposition to ("Oct. 12, the day before the
  plunge" is Oct. 12), else a day in its own phrase +/- 1, else a day named earlier in its
  sentence +/- 1, else no date;
- "a year earlier" is the quarter in focus a year before, when a quarter was named just before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import lru_cache

from chorus.stages import temporal_base as tb
from chorus.stages.temporal_base import Ctx, Hit

__all__ = [
    "anchor_year_before",
    "appose_quarters",
    "attach_times",
    "drop_titles",
    "order_weekday_ranges",
    "resolve_anaphora",
    "resolve_focus",
    "timeml_passes",
]

_CLOCK = (
    r"(?P<h>\d{1,2})(?::(?P<min>\d\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)(?:\s+(?:[ecmp][sd]t|gmt|utc)\b)?"
    r"|(?P<word>noon|midnight|midday|mid-?\s?afternoon|mid-?\s?morning)"
)
_CLOCK_BEFORE = re.compile(rf"(?:{_CLOCK})\s*,?\s*(?:on\s+)?$")
_CLOCK_AFTER = re.compile(rf"^\s*,?\s*(?:at\s+)?(?:{_CLOCK})")
_CLOCK_WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "24:00", "afternoon": "AF", "morning": "MO"}
_DAY_TIMEX = re.compile(r"\d{4}-\d\d-\d\d")
_QUARTER = re.compile(r"(\d{4})-Q(\d)")
_HALF = re.compile(r"(\d{4})-H([12])")
_YEAR_BEFORE = re.compile(r"(?:a|one)\s+year\s+(?:earlier|ago|before)")
_MONTHS = re.compile(r"P(?:[2-9]|1[01])M")
# "for the nine months", "in the latest six months", "through the first 10 months": a reporting lead
_PERIOD_LEAD = re.compile(
    r"\b(?:for|in|through|during|over)\s+the\s+(?:(?P<first>first|latest)\s+)?(?P<n>[\w-]+)\s+months$"
)
# "After a flat second quarter, ... attributed the gain": a quarter the report sets against another
_BACKGROUND = re.compile(r"\b(?:after|following)\s+an?\s+(?:[\w-]+\s+)?$")


def _months_to_date(h: Hit, folded: str) -> bool:
    """Whether ``h`` is a reporting period of several months ("for the nine months", "through the
    first 10 months", "in the latest six months"): a span of the year, not one quarter. A span of
    some other kind ("has cut 300 jobs in the last three months", "for nine months") is not."""
    if h.kind != "duration" or not _MONTHS.fullmatch(h.timex or ""):
        return False
    m = _PERIOD_LEAD.search(folded, max(0, h.start - 30), h.end)
    if m is None or m.start("n") < h.start:
        return False
    return m["first"] is not None or h.timex in ("P6M", "P9M")  # the first N months; a half; three quarters


def timeml_passes(hits: list[Hit], ctx: Ctx) -> list[Hit]:
    """All passes, in order, over hits sorted by position and free of overlaps."""
    hits = order_weekday_ranges(attach_times(drop_titles(hits, ctx), ctx.folded), ctx.folded, ctx.ref)
    hits = appose_quarters(resolve_focus(hits, ctx.ref, ctx.folded), ctx.folded)
    return anchor_year_before(resolve_anaphora(hits, ctx), ctx.folded)


_WEEKDAY_WORD = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day")
_RANGE_JOIN = re.compile(r"\s*(?:-|to|through|thru|until|till)\s*|\s+and\s+")
_BETWEEN = re.compile(r"\b(?:from|between)\s+$")


def order_weekday_ranges(hits: list[Hit], folded: str, ref: dt.date) -> list[Hit]:
    """ "Monday through Friday", "from Thursday to Sunday", "between Friday and Monday": the second
    weekday is the first one on or after the first (each alone would resolve on its own, so the end
    could come before the start); :func:`temporal_base.order_weekday_pair` resolves them. TimeML keeps
    the two dates."""
    out: list[Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.value is not None
            and h.value is not None
            and prev.relative
            and h.relative
            and _WEEKDAY_WORD.fullmatch(folded, prev.start, prev.end)
            and _WEEKDAY_WORD.fullmatch(folded, h.start, h.end)
            and h.value.start < prev.value.start
            and (m := _RANGE_JOIN.fullmatch(folded, prev.end, h.start)) is not None
            and ("and" not in m.group(0) or _BETWEEN.search(folded, max(0, prev.start - 10), prev.start))
        ):
            out[-1], h = tb.order_weekday_pair(prev, h, ref)
        out.append(h)
    return out


_TITLE_WORD = re.compile(r"[A-Z][a-z]+")
_CALENDAR_NAME = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?", re.IGNORECASE
)


def drop_titles(hits: list[Hit], ctx: Ctx) -> list[Hit]:
    """Drop relative expressions that are names: ABC's "This Week", "VOA Today" (a capitalized word
    that is neither a month nor a weekday after the first word, or a capitalized single word right
    after another capitalized word)."""
    out: list[Hit] = []
    for h in hits:
        if h.tag != "holiday" and (h.relative or h.timex in ("PRESENT_REF", "PAST_REF", "FUTURE_REF")):
            a, b = ctx.idx[h.start], ctx.idx[h.end - 1] + 1
            words = ctx.original[a:b].split()
            rest = [w for w in words[1:] if not _CALENDAR_NAME.fullmatch(w)]
            if rest and all(_TITLE_WORD.fullmatch(w) for w in rest):
                continue
            before = ctx.original[max(0, a - 40) : a].split()
            if (
                len(words) == 1
                and _TITLE_WORD.fullmatch(words[0])
                and not _CALENDAR_NAME.fullmatch(words[0])
                and ctx.original[a - 1 : a] == " "
                and before
                and before[-1][:1].isupper()
                and before[-1][-1:].isalpha()
            ):
                continue
        out.append(h)
    return out


def _clock_timex(m: re.Match[str]) -> str:
    if m["word"]:
        word = m["word"].replace("mid", "").strip("- ")
        return "T" + _CLOCK_WORDS.get(word, _CLOCK_WORDS.get(m["word"], "12:00"))
    h = int(m["h"]) % 12 + (12 if m["ampm"].startswith("p") else 0)
    return f"T{h:02d}:{m['min'] or '00'}"


def attach_times(hits: list[Hit], folded: str) -> list[Hit]:
    """Join a time of day written next to a dated day; its TimeML value becomes a TIME."""
    out: list[Hit] = []
    for k, h in enumerate(hits):
        if h.kind == "date" and h.timex and _DAY_TIMEX.fullmatch(h.timex):
            day = h.timex
            lo = out[-1].end if out else 0
            hi = hits[k + 1].start if k + 1 < len(hits) else len(folded)
            before = _CLOCK_BEFORE.search(folded, max(lo, h.start - 30), h.start)
            after = _CLOCK_AFTER.search(folded[h.end : min(hi, h.end + 30)])
            if before is not None:
                h = dataclasses.replace(h, start=before.start(), timex=day + _clock_timex(before))
            elif after is not None:
                h = dataclasses.replace(h, end=h.end + after.end(), timex=day + _clock_timex(after))
        out.append(h)
    return out


def resolve_focus(hits: list[Hit], ref: dt.date, folded: str = "") -> list[Hit]:
    """Give "the quarter", "the latest period", "the 1988 period" and "the year-ago period" the quarter
    the article last named ("the third quarter", "fiscal first-quarter"), if it has ended by the
    document date (a report is about a past quarter; "a fourth-quarter charge" is a forecast) or the
    article says it has (a fiscal quarter: "its fourth quarter ended Sept. 30", "reported a decline in
    fourth-quarter earnings"); until
    the article names one they keep the default their rule gave (the quarter before the document
    date's). A "period" after a half-year ("the first half of this year ... the same period of last
    year") is that half. After a reporting period of several months ("for the nine months"), "the
    year-earlier period", "year-ago" and "the 1988 period" are the year, not a quarter. A quarter
    after "after a"/"following a" ("After a flat second quarter, ...") is a background to the quarter
    already in focus and does not replace it. "This quarter's loss" outside the future tense is the
    quarter in focus when that is the quarter just ended (the one reported), else the current one."""
    out: list[Hit] = []
    focus: tuple[int, int] | None = None
    half: tuple[int, int] | None = None  # set when a half-year was named after the last quarter
    months = False  # set when a reporting period of several months was named after the last quarter
    for k, h in enumerate(hits):
        q = _QUARTER.fullmatch(h.timex or "")
        hq = _HALF.fullmatch(h.timex or "")
        ended = _ended_day(hits, k, folded)
        if h.value is None or h.value.end is None or (h.value.end >= ref and not _fiscal_reported(h, ended, folded)):
            q = hq = None
        if h.tag.startswith("focus"):
            period = "period" in folded[h.start : h.end]
            if months and h.tag not in ("focus", "focus-just"):
                y = int(h.tag[6:]) if h.tag.startswith("focus@") else (focus[0] if focus else ref.year) - 1
                h = dataclasses.replace(h, value=tb.year_value(y), timex=f"{y:04d}")
            elif period and half is not None:
                y, n = half
                y = y - 1 if h.tag == "focus-1" else int(h.tag[6:]) if h.tag.startswith("focus@") else y
                v = tb.range_value(dt.date(y, 6 * n - 5, 1), tb.month_end(y, 6 * n))
                h = dataclasses.replace(h, value=v, timex=f"{y:04d}-H{n}")
            elif focus is not None and (h.tag != "focus-just" or _just_before(focus, ref)):
                y, n = focus
                if h.tag == "focus-1":
                    y -= 1
                elif h.tag.startswith("focus@"):
                    y = int(h.tag.removeprefix("focus@"))
                h = dataclasses.replace(h, value=tb.quarter_value(y, n), timex=f"{y:04d}-Q{n}")
            elif h.tag == "focus" and ended is not None and ended.value is not None:
                y, n = _quarter_ending(ended.value.start)  # "the quarter ending March 31": that day's year
                h = dataclasses.replace(h, value=tb.quarter_value(y, n), timex=f"{y:04d}-Q{n}")
        elif q is not None and not (focus is not None and _BACKGROUND.search(folded, max(0, h.start - 40), h.start)):
            focus, half, months = (int(q.group(1)), int(q.group(2))), None, False
        elif hq is not None:
            half, months = (int(hq.group(1)), int(hq.group(2))), False
        elif _months_to_date(h, folded):
            months = True
        out.append(h)
    return out


# "the quarter ended Sept. 30", "the fourth quarter, ending March 31": the one reading of "ended"
_ENDED = re.compile(r",?\s+(?:ended|ending)\s+")
_REPORTED_BEFORE = re.compile(r"\b(?:reported|posted)\s+(?P<obj>(?:[\w$%.'-]+\s+){0,6})$")
# words that end the object of "reported": another verb, a conjunction, a forecast
_NOT_OBJECT = frozenset(
    [
        "and",
        "but",
        "or",
        "while",
        "as",
        "that",
        "which",
        "who",
        "to",
        "will",
        "would",
        "should",
        "could",
        "may",
        "might",
        "expects",
        "expected",
        "expect",
        "forecast",
        "forecasts",
        "sees",
        "predicts",
        "predicted",
        "plans",
        "anticipates",
        "projected",
    ]
)


def _ended_day(hits: list[Hit], k: int, folded: str) -> Hit | None:
    """The day ``hits[k]`` ended on, when a day follows it after "ended"/"ending" ("the quarter ended
    Sept. 30"), resolved by its own rule (so "the quarter ending March 31" and "March 31" agree)."""
    d = hits[k + 1] if k + 1 < len(hits) else None
    if d is None or not _is_day(d) or not _ENDED.fullmatch(folded, hits[k].end, d.start):
        return None
    return d


def _quarter_ending(end: dt.date) -> tuple[int, int]:
    """The calendar quarter holding most of the three months that end on ``end`` (May-July: the second)."""
    middle = end - dt.timedelta(days=45)
    return middle.year, (middle.month - 1) // 3 + 1


def _fiscal_reported(h: Hit, ended: Hit | None, folded: str) -> bool:
    """Whether a quarter that has not ended on the calendar is a company's fiscal quarter the article
    says is over: "its fourth quarter ended Sept. 30" (a day after "ended"), or the quarter is in
    the object of "reported"/"posted" ("reported a 47% decline in fourth-quarter earnings"; not
    "reported strong orders and expects fourth-quarter profit to rise")."""
    if ended is not None:
        return True
    m = _REPORTED_BEFORE.search(folded, max(0, h.start - 60), h.start)
    return m is not None and not _NOT_OBJECT.intersection(m["obj"].split())


def _just_before(quarter: tuple[int, int], ref: dt.date) -> bool:
    """Whether ``quarter`` (year, number) is the one before the quarter holding ``ref``."""
    y, n = quarter
    return y * 4 + n == ref.year * 4 + (ref.month - 1) // 3


_THAT_DAY = re.compile(r"(?:(?:earlier|later)\s+)?that\s+day")


_APPOSITION = re.compile(r"\s*,\s*")


def appose_quarters(hits: list[Hit], folded: str) -> list[Hit]:
    """A quarter in apposition names the same quarter: in "the year-ago quarter, the second quarter
    ended Oct. 31," the first gives the year (a year before the quarter in focus), the second the
    company's count, and the day it ended is in that year. Only a quarter with the day it ended is
    such a restatement: in "the year-ago quarter, the first quarter of Smith's tenure" it is not."""
    out = list(hits)
    for k in range(1, len(out)):
        a, b = out[k - 1], out[k]
        qa, qb = _QUARTER.fullmatch(a.timex or ""), _QUARTER.fullmatch(b.timex or "")
        if not (qa and qb and a.tag == "focus-1" and b.relative and _APPOSITION.fullmatch(folded, a.end, b.start)):
            continue
        d = _ended_day(out, k, folded)
        if d is None or d.value is None:
            continue
        y, n = int(qa.group(1)), int(qb.group(2))
        out[k - 1] = dataclasses.replace(a, value=tb.quarter_value(y, n), timex=f"{y:04d}-Q{n}")
        out[k] = dataclasses.replace(b, value=tb.quarter_value(y, n), timex=f"{y:04d}-Q{n}")
        day = tb.safe_date(y, d.value.start.month, d.value.start.day) if d.relative else None
        if day is not None:
            out[k + 1] = dataclasses.replace(d, value=tb.day_value(day), timex=day.isoformat())
    return out


def resolve_anaphora(hits: list[Hit], ctx: Ctx) -> list[Hit]:
    """Count "the following year" / "the previous month" from the last date the article named before
    (from the document date when there is none). "That day" points back to a day: before the article
    names one it is a day of some event or a generic one ("on days when prices tumble, traders lose
    on trades made that day"), no date. One pass: the last date, day and quarter are kept as it goes."""
    out: list[Hit] = []
    last_date: Hit | None = None  # the last date named (any precision)
    last_day: Hit | None = None  # the last day named
    last_quarter: Hit | None = None  # the last quarter named
    for k, h in enumerate(hits):
        if h.tag.startswith("anaphor"):
            step, (unit, _, how) = int(h.tag[7:9]), h.tag[10:].partition("/")
            daily = unit == "D" or unit.startswith("WD")  # "the next day" counts from a day, not a year
            if how == "event":
                d = _event_day(
                    h, step, out[-1] if out else None, last_day, hits[k + 1] if k + 1 < len(hits) else None, ctx
                )
                if d is None:
                    continue  # "the day before the vote" with no day named: a relation, no date
                h = dataclasses.replace(h, value=tb.day_value(d), timex=d.isoformat())
            else:
                # "that quarter": the last quarter named, not a day in another
                prior = last_day if daily else (last_quarter or last_date) if unit == "Q" else last_date
                base = prior.value.start if prior is not None and prior.value is not None else None
                if base is None and daily and _THAT_DAY.fullmatch(ctx.folded, h.start, h.end):
                    continue
                moved = _move(base, unit, step) if base is not None else None
                if moved is not None:
                    h = dataclasses.replace(h, value=moved[0], timex=moved[1])
        out.append(h)
        if h.kind == "date" and h.value is not None:
            last_date = h
            if h.value.precision == "day":
                last_day = h
            if _QUARTER.fullmatch(h.timex or ""):
                last_quarter = h
    return out


_CLAUSE_BREAK = re.compile(r"[.,;:!?()]")
# a sentence ends at ".", "!" or "?" before a space (not after "Oct." or "U.S.": see _abbreviation), or at a blank line
_SENTENCE_END = re.compile(r"(?P<word>[\w.]*)(?P<stop>[.!?])[\"'\u201d)\]]*\s+|\n\s*\n")
_REPORTING = re.compile(r"\b(?:said|says|say|told|tells|announced|reported|added|stated)\b")
_SAME_SENTENCE_SPAN = 300  # a day further back than this is in another sentence for all practical purposes


def _is_day(h: Hit | None) -> bool:
    return h is not None and h.kind == "date" and h.value is not None and h.value.precision == "day"


def _sentence_break(folded: str, start: int, end: int, abbreviations: frozenset[str]) -> bool:
    """Whether a sentence ends between ``start`` and ``end``."""
    for m in _SENTENCE_END.finditer(folded, start, end):
        if m["stop"] is None:
            return True
        word = m["word"].strip(".")
        if m["stop"] != "." or not ((len(word) == 1 and word.isalpha()) or word in abbreviations):
            return True
    return False


def _event_day(h: Hit, step: int, prev: Hit | None, last_day: Hit | None, nxt: Hit | None, ctx: Ctx) -> dt.date | None:
    """The day of "the day before/after <event>": in apposition to a day ("Oct. 12, the day before the
    plunge") that day itself; with a day inside the event's phrase ("the day after the Oct. 23
    killing") that day +/- 1, and no date when the phrase holds a year or a month instead ("the day
    after his death in 2005"); else a day named earlier in the same sentence +/- 1 ("was shot on Oct.
    23 and died the day after his arrest"), unless a verb of speech stands between them (the day of
    the report: "On Tuesday, officials said the day after the attack was the worst"). A day named in
    an earlier sentence is no evidence of the event's day ("The treaty was signed on Jan. 5, 1990. The
    day after his inauguration, ..."): no date. Never a day after the document date in the past tense."""
    folded = ctx.folded
    d: dt.date | None = None
    near = nxt is not None and nxt.start - h.end <= 40 and not _CLAUSE_BREAK.search(folded, h.end, nxt.start)
    if (
        prev is not None
        and _is_day(prev)
        and prev.value is not None
        and _APPOSITION.fullmatch(folded, prev.end, h.start)
    ):
        d = prev.value.start
    elif near and nxt is not None and nxt.kind == "date" and nxt.value is not None:
        if nxt.value.precision != "day":
            return None  # "the day after his death in 2005": the event's day is not known
        d = nxt.value.start + dt.timedelta(days=step)
    elif (
        last_day is not None
        and last_day.value is not None
        and h.start - last_day.end <= _SAME_SENTENCE_SPAN
        and not _sentence_break(folded, last_day.end, h.start, _abbreviations(ctx.lex))
        and not _REPORTING.search(folded, last_day.end, h.start)
    ):
        d = last_day.value.start + dt.timedelta(days=step)
    if d is not None and d > ctx.ref and tb.tense(folded, h.start, h.end, ctx.lex) == "past":
        return None  # a past event cannot fall after the day of the report
    return d


@lru_cache(maxsize=4)
def _abbreviations(lex: tb.Lexicon) -> frozenset[str]:
    return frozenset(lex.words("abbreviations"))


def _move(base: dt.date, unit: str, step: int) -> tuple[tb.DateValue, str] | None:
    if unit.startswith("WD"):  # "the previous Friday"
        wd = int(unit[2:])
        d = tb.weekday_before(base, wd, strict=True) if step < 0 else tb.weekday_after(base, wd, strict=True)
        return tb.day_value(d), d.isoformat()
    if unit == "DE":
        y0 = (base.year // 10 + step) * 10
        return tb.range_value(dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31)), str(y0)[:3]
    v = tb.shift(base, unit, step)
    return None if v is None else (v, tb.value_timex(v, unit))


def _comparison(period: Hit, before: list[Hit]) -> bool:
    """Whether "the 1988 period" is a year before the quarter named last (the comparison period);
    "the 1989 period" after "the third quarter" of 1989 is the quarter in focus itself."""
    q = _QUARTER.fullmatch(period.timex or "")
    named = next(
        (p for p in reversed(before) if not p.tag.startswith("focus") and _QUARTER.fullmatch(p.timex or "")), None
    )
    return q is not None and named is not None and named.timex is not None and int(q.group(1)) < int(named.timex[:4])


def anchor_year_before(hits: list[Hit], folded: str) -> list[Hit]:
    """Resolve "a year earlier" against the period in focus rather than the document date.

    In "profit rose in the third quarter, from $5 million a year earlier", the year before is the
    third quarter of the previous year (TimeML reads it so). When a quarter was mentioned shortly
    before (600 characters), the expression is that quarter a year earlier; otherwise it keeps the
    document-relative year. "The 1989 period" (the quarter in focus, by its year) counts as that
    quarter; "the year-ago period" and "the 1988 period" a year before it do not.
    """
    out: list[Hit] = []
    for h in hits:
        if h.value is not None and h.value.precision == "year" and _YEAR_BEFORE.fullmatch(folded, h.start, h.end):
            for prev in reversed(out):
                if _months_to_date(prev, folded):
                    break  # "for the nine months ... from $5 million a year earlier": the year before
                if _YEAR_BEFORE.fullmatch(folded, prev.start, prev.end) or "year-" in folded[prev.start : prev.end]:
                    continue  # already a year before something: not the period in focus
                if prev.tag.startswith("focus-1") or (prev.tag.startswith("focus@") and _comparison(prev, out)):
                    continue  # "the year-ago period", "the 1988 period": the year before already
                q = _QUARTER.fullmatch(prev.timex or "")
                if q and h.start - prev.end <= 600:
                    y, n = int(q.group(1)) - 1, int(q.group(2))
                    h = dataclasses.replace(h, value=tb.quarter_value(y, n), timex=f"{y:04d}-Q{n}", relative=True)
                    break
        out.append(h)
    return out
