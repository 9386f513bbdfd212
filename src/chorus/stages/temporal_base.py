"""Shared machinery of the temporal rules: folding with offsets, lexicons, calendar arithmetic, tense.

Internal to :mod:`chorus.stages.temporal`; the language rules (``temporal_en``, ``temporal_ar``) build
on it. Nothing here touches the clock: every relative computation takes the reference date explicitly.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from chorus.errors import ConfigError
from chorus.model import DateValue
from chorus.stages.temporal_tense import future_tense as future_tense  # re-exported
from chorus.stages.temporal_tense import narrated, past_verb_dates, tense

Kind = Literal["date", "duration", "set"]

LANG_DIR = Path(__file__).resolve().parent.parent / "lang"  # the per-language data files (one place)
_DIACRITICS = frozenset(chr(c) for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, 0x0640])
_CHAR_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": ""}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_PUNCT = {"،": ",", "؛": ";", "؟": "?", "\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"}


def fold(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and keep, for every folded character, its index in ``text``.

    Lower-cases, folds Arabic letter variants, drops Arabic diacritics and tatweel, maps Arabic-Indic
    digits and punctuation to ASCII. The returned index list has one entry per folded character plus a
    final entry ``len(text)`` so that ``idx[end]`` maps an exclusive end.

    >>> fold("اليومَ ٢٣")[0]
    'اليوم 23'
    """
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DIACRITICS:
            continue
        c = _DIGITS.get(ch) or _PUNCT.get(ch) or _CHAR_FOLD.get(ch)
        if c is None:
            low = ch.lower()
            c = low if len(low) == 1 else ch
        if not c:
            continue
        out.append(c)
        idx.append(i)
    idx.append(len(text))
    return "".join(out), idx


def fold_word(word: str) -> str:
    """Fold a lexicon word the same way as the text it will be matched against."""
    return fold(word)[0]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The per-language word lists of ``src/chorus/lang/<iso>/dates.json``, folded."""

    lang: str
    data: dict[str, Any] = field(hash=False, compare=False)

    def map(self, key: str) -> dict[str, Any]:
        """A folded word -> value table (empty when the language lacks it)."""
        return {fold_word(k): v for k, v in self.data.get(key, {}).items()}

    def words(self, key: str) -> list[str]:
        """A folded word list (empty when the language lacks it)."""
        return [fold_word(w) for w in self.data.get(key, [])]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@lru_cache(maxsize=16)
def lexicon(lang: str) -> Lexicon:
    """Load the dates lexicon of ``lang`` (ISO 639-1).

    Raises:
        ConfigError: when the language has no ``lang/<iso>/dates.json``.
    """
    path = LANG_DIR / lang / "dates.json"
    if not path.is_file():
        have = sorted(p.parent.name for p in LANG_DIR.glob("*/dates.json"))
        raise ConfigError(f"no date vocabulary for language {lang!r}; available: {', '.join(have)}")
    return Lexicon(lang, json.loads(path.read_text(encoding="utf-8")))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any white space."""
    ws = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws if w)


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's finding in folded coordinates (``start``/``end`` index the folded text)."""

    start: int
    end: int
    kind: Kind
    value: DateValue | None = None
    timex: str | None = None
    notes: tuple[str, ...] = ()
    relative: bool = False  # the value depends on the reference (document) date
    priority: int = 0
    tag: str = ""  # what a document-level pass must still settle ("focus", "anaphor-1", ...)


def day_value(d: dt.date) -> DateValue:
    return DateValue(start=d, precision="day")


def month_value(year: int, month: int) -> DateValue:
    return DateValue(start=dt.date(year, month, 1), precision="month")


def year_value(year: int) -> DateValue:
    return DateValue(start=dt.date(year, 1, 1), precision="year")


def range_value(start: dt.date, end: dt.date) -> DateValue:
    """A range; ``end`` is the last day included."""
    return DateValue(start=start, end=end, precision="range")


def timex_of(v: DateValue) -> str:
    """The TimeML value of a day, month or year value."""
    return v.format()


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def pin_by_weekday(d: dt.date, weekday: int, ref: dt.date) -> dt.date:
    """A year-less date whose named weekday is wrong in the year picked: the nearest year (one either
    side) where it falls on that weekday ("Sunday 16 January" in July 2005 is 2005-01-16, not 2006).

    >>> pin_by_weekday(dt.date(2006, 1, 16), 6, dt.date(2005, 7, 10))
    datetime.date(2005, 1, 16)
    """
    if d.weekday() == weekday:
        return d
    options = [x for y in (d.year - 1, d.year + 1) if (x := safe_date(y, d.month, d.day)) and x.weekday() == weekday]
    return min(options, key=lambda x: abs((x - ref).days)) if options else d


def last_month_year(ref: dt.date, month: int, window: int = 2) -> int:
    """The year of "last <month>" (``مايو الماضي``): the most recent such month, but the one of last year
    when the month is this one or within ``window`` months back: said on March 1, "last February"
    is February a year ago (the one just ended would be "last month"); said in October, "last June"
    is this year's (TimeBank and Recognizers-Text agree on both).

    >>> last_month_year(dt.date(1998, 3, 1), 2), last_month_year(dt.date(1989, 10, 27), 6)
    (1997, 1989)
    """
    back = (ref.month - month) % 12
    if back <= window:
        return ref.year - 1
    return ref.year if month < ref.month else ref.year - 1


def weekday_before(ref: dt.date, weekday: int, *, strict: bool = False) -> dt.date:
    """The latest ``weekday`` not after ``ref`` (before it when ``strict``)."""
    back = (ref.weekday() - weekday) % 7
    if strict and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def weekday_after(ref: dt.date, weekday: int, *, strict: bool = False) -> dt.date:
    """The earliest ``weekday`` not before ``ref`` (after it when ``strict``)."""
    ahead = (weekday - ref.weekday()) % 7
    if strict and ahead == 0:
        ahead = 7
    return ref + dt.timedelta(days=ahead)


def weekday_nearest(ref: dt.date, weekday: int) -> dt.date:
    """The ``weekday`` closest to ``ref`` (``ref`` itself when it falls on it).

    >>> weekday_nearest(dt.date(1998, 3, 11), 4), weekday_nearest(dt.date(1998, 3, 11), 0)
    (datetime.date(1998, 3, 13), datetime.date(1998, 3, 9))
    """
    before, after = weekday_before(ref, weekday), weekday_after(ref, weekday)
    return before if (ref - before) <= (after - ref) else after


def order_weekday_pair(first: Hit, second: Hit, ref: dt.date) -> tuple[Hit, Hit]:
    """Two weekdays joined as a range ("Monday through Friday", "من الثلاثاء إلى الخميس") run forward.

    Each weekday alone resolves on its own, so the end can land before the start. When the start is
    already before the reference date it moves back (the range was last week), else the end moves forward
    ("from Tuesday to Thursday" said on a Tuesday). Both hits must have values.
    """
    assert first.value is not None and second.value is not None
    if first.value.start < ref:
        d = weekday_before(second.value.start, first.value.start.weekday())
        return dataclasses.replace(first, value=day_value(d), timex=d.isoformat()), second
    d = weekday_after(first.value.start, second.value.start.weekday())
    return first, dataclasses.replace(second, value=day_value(d), timex=d.isoformat())


def week_range(d: dt.date) -> DateValue:
    monday = d - dt.timedelta(days=d.weekday())
    return range_value(monday, monday + dt.timedelta(days=6))


def week_timex(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_value(year: int, q: int) -> DateValue:
    m0 = 3 * (q - 1) + 1
    return range_value(dt.date(year, m0, 1), month_end(year, m0 + 2))


SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def season_value(year: int, code: str) -> DateValue:
    m0, m1 = SEASON_MONTHS[code]
    if code == "WI":
        return range_value(dt.date(year, 12, 1), month_end(year + 1, 2))
    return range_value(dt.date(year, m0, 1), month_end(year, m1))


def part_of(v: DateValue, part: str) -> DateValue:
    """The START/MID/END part of a month or year value, as a range.

    The convention is Microsoft Recognizers-Text's: a year splits into halves (``late 2024`` is
    2024-07-01..2024-12-31, ``mid`` is April-September), a month into days 1-15 and 16-end (``mid`` is
    days 10-20).
    """
    y = v.start.year
    if part not in ("START", "MID", "END") and not (part == "WEEKEND" and v.precision == "range"):
        return v
    if v.precision == "year":
        m0, m1 = {"START": (1, 6), "MID": (4, 9), "END": (7, 12)}[part]
        return range_value(dt.date(y, m0, 1), month_end(y, m1))
    if v.precision == "month":
        m = v.start.month
        last = month_end(y, m).day
        d0, d1 = {"START": (1, 15), "MID": (10, 20), "END": (16, last)}[part]
        return range_value(dt.date(y, m, d0), dt.date(y, m, d1))
    if v.precision == "range" and v.end is not None and (v.end - v.start).days == 6:  # a week
        if part == "WEEKEND":
            return range_value(v.start + dt.timedelta(days=5), v.start + dt.timedelta(days=6))
        d0, d1 = {"START": (0, 2), "MID": (1, 4), "END": (3, 6)}[part]
        return range_value(v.start + dt.timedelta(days=d0), v.start + dt.timedelta(days=d1))
    return v


def value_end(v: DateValue) -> dt.date:
    """The last day a value covers."""
    if v.end is not None:
        return v.end
    if v.precision == "year":
        return dt.date(v.start.year, 12, 31)
    if v.precision == "month":
        return month_end(v.start.year, v.start.month)
    return v.start


def shift(ref: dt.date, unit: str, n: int) -> DateValue | None:
    """``ref`` moved by ``n`` units, at the unit's precision (``2 years ago`` is a year); None outside
    the calendar (``100,000 years ago``).

    >>> shift(dt.date(2016, 5, 18), "Y", -100_000) is None
    True
    """
    try:
        return _shift(ref, unit, n)
    except (ValueError, OverflowError):
        return None


def _shift(ref: dt.date, unit: str, n: int) -> DateValue | None:
    if unit == "D":
        return day_value(ref + dt.timedelta(days=n))
    if unit == "W":
        return week_range(ref + dt.timedelta(weeks=n))
    if unit == "M":
        y, m = add_months(ref.year, ref.month, n)
        return month_value(y, m)
    if unit == "Y":
        return year_value(ref.year + n)
    if unit == "DE":
        return year_value(ref.year + 10 * n)
    if unit == "Q":
        y, m = add_months(ref.year, ref.month, 3 * n)
        return quarter_value(y, (m - 1) // 3 + 1)
    return None


def value_timex(v: DateValue, unit: str | None = None) -> str:
    """TimeML value for ``v``; weeks and quarters get their ISO-style codes."""
    if unit == "W" and v.precision == "range":
        return week_timex(v.start)
    if unit == "Q" and v.precision == "range":
        return f"{v.start.year:04d}-Q{(v.start.month - 1) // 3 + 1}"
    if v.precision == "range":
        return v.start.isoformat()
    return v.format()


def duration_timex(n: int | None, unit: str) -> str:
    """TimeML duration value: ``P14Y``, ``P2W``, ``PXD`` when the number is vague."""
    count = "X" if n is None or n < 0 else str(n)
    if unit in ("H", "MIN"):
        return f"PT{count}{'M' if unit == 'MIN' else 'H'}"
    if unit == "DE":
        return f"P{count}DE" if count == "X" else f"P{10 * int(count)}Y"
    if unit == "CE":
        return f"P{count}CE"
    return f"P{count}{unit}"


# --- context ---------------------------------------------------------------------------------


_NEXT_LOWER_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")


@dataclass(slots=True)
class Ctx:
    """What a resolver needs: the folded text, the original text, the reference date."""

    folded: str
    original: str
    idx: list[int]
    ref: dt.date
    lex: Lexicon
    _tense: dict[tuple[int, int], str | None]

    def tense(self, m: re.Match[str]) -> str | None:
        """``future``, ``past`` or None (no cue) for the clause around the match."""
        key = (m.start(), m.end())
        if key not in self._tense:
            self._tense[key] = tense(self.folded, m.start(), m.end(), self.lex)
        return self._tense[key]

    def future(self, m: re.Match[str]) -> bool:
        return self.tense(m) == "future"

    def next_lower_word(self, m: re.Match[str]) -> str | None:
        """The lower-case word right after the match in the original text ("the March accession"), if any."""
        nxt = _NEXT_LOWER_WORD.match(self.original, self.idx[m.end() - 1] + 1)
        return nxt.group(1) if nxt else None

    def near_year(self, m: re.Match[str], month: int, day: int | None = None) -> int:
        """The year of a year-less date.

        With the lexicon's ``yearless`` policy (English): the last occurrence not after the reference
        date unless the clause is in the future tense, or the next occurrence is close
        (``future_window_days`` with no tense cue, ``past_tense_future_window_days`` in the past tense,
        where the past one must also be far: reporters write "said the offer expires Nov. 16" but add
        the year or "last" to a date ten months back). But a past-tense sentence that opens with the
        date ("In January, a bomb killed ...") narrates it: the last occurrence; and a future-tense
        date at most ``future_tense_past_window_days`` back ("will return him by Jan. 14" dated Jan.
        15) is this year's, not a year away. Without the policy (Arabic): after the
        reference date in the future tense, before it in the past tense, the nearest occurrence
        without a tense cue.
        """
        ref, t = self.ref, self.tense(m)
        policy = self.lex.get("yearless")
        if policy:
            fronted = self.fronted(m) or (
                t == "past"
                and (
                    (day is None and self.after_in(m) and narrated(self.folded, m.start(), m.end(), self.lex))
                    or (day is not None and past_verb_dates(self.folded, m.start(), m.end(), self.lex))
                )
            )
            return _yearless_year(ref, t, month, day, policy, fronted=fronted)
        if t == "past" and day is not None:
            soon = safe_date(ref.year + (month < ref.month), month, day)
            if soon is not None and ref < soon <= ref + dt.timedelta(days=14):
                return soon.year  # a past-tense report of an upcoming date ("said the vote is Jan. 14")
        cands = []
        for y in (ref.year - 1, ref.year, ref.year + 1):
            d = safe_date(y, month, min(day or 1, month_end(y, month).day))
            if d is None:
                continue
            last = d if day else month_end(y, month)
            if (t == "future" and last < ref) or (t == "past" and d > ref):
                continue
            dist = 0 if d <= ref <= last else min(abs((d - ref).days), abs((last - ref).days))
            cands.append((dist, -y if t != "future" else y, y))
        return min(cands)[2] if cands else ref.year

    def fronted(self, m: re.Match[str]) -> bool:
        """Whether the match opens its sentence as "In January," / "On Nov. 16," does: the date of the
        main clause's event, not one reported inside it."""
        lead = _FRONTED.search(self.folded, max(0, m.start() - 8), m.start())
        return lead is not None and self.folded.startswith(",", m.end())

    def after_in(self, m: re.Match[str]) -> bool:
        """Whether the match follows "in" ("changed in December")."""
        return _IN_BEFORE.search(self.folded, max(0, m.start() - 4), m.start()) is not None

    def capitalized(self, pos: int) -> bool:
        return self.original[self.idx[pos]].isupper()


Resolver = Callable[[re.Match[str], Ctx], Hit | None]


_IN_BEFORE = re.compile(r"\bin\s+$")
_FRONTED = re.compile(r"(?:^\s*|[.!?\"'_]\s+)(?:in|on)\s+$")  # "In January," at a sentence start


def _yearless_year(
    ref: dt.date, t: str | None, month: int, day: int | None, policy: dict[str, int], *, fronted: bool = False
) -> int:
    """The year of ``month``/``day`` under the ``yearless`` lexicon policy (see ``Ctx.near_year``)."""
    this_start = dt.date(ref.year, month, 1)
    this_end = safe_date(ref.year, month, day) if day else month_end(ref.year, month)
    if this_end is None:  # 29 February in a common year
        this_end = month_end(ref.year, month)
    first = this_end if day else this_start
    if day is None and this_start <= ref <= this_end:
        return ref.year  # the current month
    past_y = ref.year if this_end <= ref else ref.year - 1
    next_y = ref.year if first >= ref else ref.year + 1
    ahead = ((first.replace(year=next_y) if day is None else _same_day(next_y, month, day)) - ref).days
    back = (ref - (_same_day(past_y, month, day or 1))).days
    if t == "future":
        return past_y if day is not None and back <= policy.get("future_tense_past_window_days", 0) else next_y
    if t == "past" and fronted:
        return past_y
    if t == "past":
        near = ahead <= policy.get("past_tense_future_window_days", 0)
        return next_y if near and back >= policy.get("past_tense_min_back_days", 0) else past_y
    return next_y if ahead <= policy.get("future_window_days", 0) else past_y


def _same_day(year: int, month: int, day: int) -> dt.date:
    return safe_date(year, month, day) or month_end(year, month)
