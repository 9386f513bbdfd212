"""Temporal expressions: find dates, durations and sets in English and Arabic text, normalized.

``find_temporal`` reads a span of an article's text and returns every temporal expression in it, with
its exact phrase and offsets, resolved against the document date:

- explicit dates (``December 8, 2024``, ``15 October``, ``2025-12-24``, ``8/12/2024``, ``15 أكتوبر``,
  ``٨ كانون الأول ٢٠٢٤``), months, years, quarters, seasons, decades;
- relative ones: weekdays (past by default: the latest such weekday not after the document date, so
  ``on Wednesday`` in a Wednesday article is that day; future tense or ``next`` flips forward),
  ``today (Tuesday)`` (the named weekday wins and the mismatch is noted), ``yesterday``, ``later
  Wednesday``, ``last year``, ``in October`` / ``October 15`` without a year (after the document
  date in the future tense, before it in the past tense, the nearest occurrence with no tense cue),
  ``late 2024``, ``a year earlier`` (a year before the quarter in focus when one was just named,
  else the document's previous year), ``اليوم``, ``أمس``, ``أول أمس``, ``الثلاثاء الماضي``,
  ``الأسبوع الماضي``, ``العام الماضي``, ``من 4 إلى 22 يناير`` (one range); ``last February`` said in
  March is a year back (``last_month_window``); ``the week of Sept. 16``, ``the last week of July``,
  ``أسبوع 16 سبتمبر`` are Monday-Sunday weeks (in a sentence narrating in the past, ``the last
  week of March`` is the last one begun by the document date); two weekdays joined as a range run forward;
  ``last Oct. 23`` is the latest one before the document date; in ``May 5 and 6`` the bare ``6`` is a
  day too; ``the March accession`` is a month;
- a dated dateline opening the text (``WASHINGTON, March 12 (Xinhua) --``) within three days of the
  document date is the story's date: its "Friday" and "yesterday" count from it (English);
- days named by the story or the calendar (``temporal_en_days``): ``the next day``, ``the day
  before``, ``earlier in the day``, counted from the last day the article named; ``the day after
  his death`` from a day named in its own sentence, else no date ("the day before the vote" is then a
  relation), and in apposition (``Oct. 12, the day before the plunge``) the day itself; ``it was
  a great day`` (a judging adjective) is the day its sentence names, else in the past the last day the
  sentence before names, else the document's; holidays (``Christmas Eve``,
  ``the Fourth of July``, ``Thanksgiving``, ``Good Friday``), only capitalized and named as a day;
  ``Easter week`` is the Monday-Sunday week of the holiday; ``two weeks from today``;
- durations (``nearly 14-year war``, ``25 years``, ``less than two days after``): kind ``duration``,
  never a date; sets (``daily``, ``every year``): kind ``set``.

Precision: ``day``, ``month``, ``year`` or ``range``. Ranges carry an inclusive ``end``: weeks
(Monday-Sunday), quarters, seasons, decades, ``the last three days``, and parts of periods, which
follow Microsoft Recognizers-Text: ``early``/``late`` a year are its halves (``late 2024`` is the
range 2024-07-01..2024-12-31, TimeML value ``2024``), ``mid`` April-September; a month splits into
days 1-15 and 16-end; a week into Monday-Wednesday and Thursday-Sunday (``نهاية الأسبوع``, the
weekend, is Saturday-Sunday). Range precision was chosen over month precision because "late 2024"
does not name a month.

Tense: the nearest cue in the clause decides (``will``, ``scheduled``, news' present tense of a
scheduled event: "the summit opens Thursday"; ``سـ``/``سوف`` future;
``was``, ``-ed`` forms past, but not a participle after ``be``: "will be named"); in English, a clause
without a cue takes the nearest cue of its sentence. News defaults to the past for weekdays. An
English date without a year (``Nov. 16``, ``in March``) is the last occurrence, unless the clause is
in the future tense or the next occurrence is close: within about three months with no cue, within
75 days in the past tense when the last one is more than 270 days back ("the offer was extended to
Nov. 16"), but not when the date opens a past-tense sentence ("In January, a bomb killed ..." is the
last January) or a month follows "in" in a past-tense sentence that reports no speech, looks to no
future and has no present "is" ("changed to a calendar year in December", dated October); a
future-tense day a month back at most stays this year's ("will decide by Jan. 14" dated Jan. 15);
see ``yearless`` in ``lang/en/dates.json``. "could" (also the past of "can") and "early" are no
tense cues.

English TimeML values (``timex``), checked on TimeBank: "this evening", "Thursday night" and
"10 p.m. Wednesday" are TIMEs (``1998-01-20TEV``, ``1998-02-11T22:00``; ``value`` stays the day);
"the quarter", "the latest period", "the year-ago period" name the quarter the article last named
(``temporal_en_timeml``); "the following month" and "that year" count from the last date named;
"the past year" is a date (the previous year), "the past week" the week holding most of the seven
days up to the document date; "current", "soon", "will one day", "recent years",
"the then current price" are ``PRESENT_REF``/``FUTURE_REF``/``PAST_REF``; "each Thursday" is a set; "three days later" a
duration; ABC's "This Week" and "VOA Today" are names, not times, and a model year ("Kopp's 1987
Chevrolet", "a stolen 1992 pickup truck") names a thing (the year of any other noun stays a year:
"the 1996 campaign").

English follows TimeML where it differs: ``from X to Y`` stays two dates; Arabic ranges join.

Unknown document date: expressions that need one (weekdays, ``yesterday``, ``in October``, ``October
15`` without a year) keep their phrase and span but get ``value=None`` and the note
``relative to the document date, which is unknown``; explicit dates still resolve. The timeline stage
may resolve them against a date borrowed from co-reporting articles, and says so.

Rules are regular expressions over a folded copy of the text (case, Arabic letter variants,
diacritics, Arabic-Indic digits), built from ``lang/<iso>/dates.json``; offsets map back exactly.
dateparser was measured and rejected for extraction: ``search_dates`` invents dates from "25 years"
and bare numbers and misses ``today (Tuesday)``, ``later Wednesday``, ``late 2024`` and Levantine
month names.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from chorus.model import Article, DateValue
from chorus.stages import temporal_base as tb
from chorus.stages.temporal_ar import arabic_rules
from chorus.stages.temporal_base import Ctx
from chorus.stages.temporal_en import english_rules
from chorus.stages.temporal_en_days import dateline_date
from chorus.stages.temporal_en_timeml import timeml_passes

__all__ = ["TemporalExpression", "document_date", "find_temporal", "supported_languages"]

UNKNOWN_DOC_DATE = "relative to the document date, which is unknown"
_SENTINEL = dt.date(2000, 1, 5)  # stands in for an unknown document date; such values are dropped


@dataclass(frozen=True, slots=True, kw_only=True)
class TemporalExpression:
    """One temporal expression: ``text[start:end] == phrase``.

    Attributes:
        start: Offset of the phrase in the text given to :func:`find_temporal`.
        end: Exclusive end offset.
        phrase: The exact phrase.
        kind: ``date``, ``duration`` (``25 years``: never a date) or ``set`` (``daily``).
        value: The normalized date, or None for durations, sets, vague references (``recently``)
            and relative expressions when the document date is unknown.
        timex: The TimeML value (``2025-12-23``, ``2024-Q3``, ``2025-W52``, ``PAST_REF``, ``P14Y``),
            or None when unknown.
        notes: Remarks a reader should see, e.g. a weekday mismatch with the document date.
        relative: Whether the value was computed from the document date.
    """

    start: int
    end: int
    phrase: str
    kind: Literal["date", "duration", "set"]
    value: DateValue | None
    timex: str | None = None
    notes: tuple[str, ...] = ()
    relative: bool = False


def document_date(article: Article) -> dt.date | None:
    """The date relative expressions in ``article`` are resolved against: its publication date.

    Ingestion fills ``article.published`` from metadata, a ``date YYYY-MM-DD`` header or a dateline,
    in that order; never from a file's modification time. None means unknown, and stays unknown.

    >>> from chorus.model import Article
    >>> document_date(Article(id="a", source="s", text="x", published=dt.date(2025, 12, 24)))
    datetime.date(2025, 12, 24)
    """
    return article.published


def supported_languages() -> tuple[str, ...]:
    """Languages with temporal rules; other languages yield no expressions."""
    return ("ar", "en")


_RANGE_GAP = re.compile(r"\s*(?:-|to|through|until|and|الي|حتي|و)\s*")
_RANGE_LEAD = re.compile(r"(?:\b(?:from|between)|(?<!\w)(?:من|بين|ما\s+بين))\s+$")


_AR_WEEKDAY = re.compile(r"(?:يوم\s+)?(?:ال)?(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد)")


def _merge_ranges(hits: list[tb.Hit], folded: str, ref: dt.date) -> list[tb.Hit]:
    """Join ``from X to Y`` / ``من X إلى Y`` (two dated days) into one range; of two weekdays
    ("من الثلاثاء إلى الخميس") the end is the first such weekday on or after the start (the start moves
    back a week instead when it is already past and the end would pass the document date)."""
    out: list[tb.Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.value is not None
            and h.value is not None
            and prev.relative
            and h.relative
            and h.value.start < prev.value.start
            and _AR_WEEKDAY.fullmatch(folded, prev.start, prev.end)
            and _AR_WEEKDAY.fullmatch(folded, h.start, h.end)
            and _RANGE_GAP.fullmatch(folded, prev.end, h.start)
        ):
            prev, h = tb.order_weekday_pair(prev, h, ref)
            out[-1] = prev
        if (
            prev is not None
            and prev.value is not None
            and h.value is not None
            and prev.value.precision == h.value.precision == "day"
            and h.relative
            and h.value.start < prev.value.start
        ):  # "من 2 أكتوبر إلى 22 أكتوبر": the end takes the year of the start
            later = tb.safe_date(prev.value.start.year, h.value.start.month, h.value.start.day)
            if later is not None and later > prev.value.start:
                h = tb.Hit(h.start, h.end, h.kind, tb.day_value(later), later.isoformat(), h.notes, h.relative)
        if (
            prev is not None
            and prev.value is not None
            and h.value is not None
            and prev.value.precision == h.value.precision == "day"
            and prev.value.start < h.value.start
            and _RANGE_GAP.fullmatch(folded, prev.end, h.start)
        ):
            lead = _RANGE_LEAD.search(folded, max(0, prev.start - 12), prev.start)
            if lead is None and folded[prev.end : h.start].strip() in ("and", "و"):
                out.append(h)  # "Tuesday and Wednesday" are two days; "between X and Y" is a range
                continue
            start = lead.start() if lead else prev.start
            value = DateValue(start=prev.value.start, end=h.value.start, precision="range")
            out[-1] = tb.Hit(start, h.end, "date", value, None, prev.notes + h.notes, prev.relative or h.relative)
            continue
        out.append(h)
    return out


@lru_cache(maxsize=8)
def _week_of_lead(lang: str) -> re.Pattern[str] | None:
    words = tb.alternation(tb.lexicon(lang).words("week_of"))
    return re.compile(rf"(?<!\w)(?:{words})\s+$") if words else None


def _week_of(hits: list[tb.Hit], folded: str, lex: tb.Lexicon) -> list[tb.Hit]:
    """ "the week of Sept. 16", "أسبوع 16 سبتمبر": the Monday-Sunday week holding the day."""
    lead = _week_of_lead(lex.lang)
    if lead is None:
        return hits
    out = []
    for h in hits:
        m = lead.search(folded, max(0, h.start - 16), h.start) if h.value and h.value.precision == "day" else None
        if m is not None and h.value is not None:
            h = dataclasses.replace(
                h, start=m.start(), value=tb.week_range(h.value.start), timex=tb.week_timex(h.value.start)
            )
        out.append(h)
    return out


def _longest_first(hits: list[tb.Hit]) -> list[tb.Hit]:
    """The hits that overlap no longer (then higher-priority, then earlier) one, in text order. The
    kept spans are disjoint, so a sorted list of their starts finds the neighbours of a new span by
    bisection: O(n log n) rather than a scan of all kept spans per hit."""
    starts: list[int] = []  # starts of the kept spans, sorted
    kept: list[tb.Hit] = []  # the kept hits, in the order of ``starts``
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), -h.priority, h.start)):
        if h.end <= h.start:
            continue
        i = bisect.bisect_right(starts, h.start)
        if (i > 0 and kept[i - 1].end > h.start) or (i < len(kept) and kept[i].start < h.end):
            continue
        starts.insert(i, h.start)
        kept.insert(i, h)
    return kept


def find_temporal(text: str, start: int, end: int, lang: str, doc_date: dt.date | None) -> list[TemporalExpression]:
    """Find and normalize the temporal expressions of ``text[start:end]``.

    Args:
        text: The article text (offsets in the result index this string).
        start: Where to start looking.
        end: Where to stop (exclusive).
        lang: ISO 639-1 code of the span (``en`` or ``ar``; others return an empty list).
        doc_date: The document date (see :func:`document_date`), or None when unknown.

    Returns:
        The expressions in text order, non-overlapping (the longest match wins).

    >>> [(e.phrase, e.value.format()) for e in find_temporal(
    ...     "Putin met them today (Tuesday).", 0, 31, "en", dt.date(2025, 12, 24))]
    [('today (Tuesday)', '2025-12-23')]
    """
    if lang not in supported_languages() or start >= end:
        return []
    rules = english_rules() if lang == "en" else arabic_rules()
    folded, idx = tb.fold(text[start:end])
    ref = doc_date or _SENTINEL
    if lang == "en" and doc_date is not None:
        ref = dateline_date(text, doc_date, rules.months) or doc_date
    ctx = Ctx(folded, text[start:end], idx, ref, rules.lex, {})
    hits = rules.find(ctx, 0, len(folded))
    out: list[TemporalExpression] = []
    ordered = _longest_first(list(hits))
    # English keeps TimeML's convention: "from X to Y" is two dates; Arabic ranges join.
    ordered = _merge_ranges(ordered, folded, ctx.ref) if lang == "ar" else timeml_passes(ordered, ctx)
    ordered = _week_of(ordered, folded, rules.lex)
    for h in ordered:
        a, b = start + idx[h.start], start + idx[h.end - 1] + 1
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",،"):
            b -= 1
        value, timex, notes = h.value, h.timex, h.notes
        if h.relative and doc_date is None:
            kept = tuple(n for n in notes if not n.startswith("weekday mismatch"))
            value, timex, notes = None, None, (*kept, UNKNOWN_DOC_DATE)
        out.append(
            TemporalExpression(
                start=a,
                end=b,
                phrase=text[a:b],
                kind=h.kind,
                value=value,
                timex=timex,
                notes=notes,
                relative=h.relative,
            )
        )
    return out
