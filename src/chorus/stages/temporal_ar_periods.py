"""Arabic period rules: ranges, n-th weeks and weekdays, "the last N days", compound offsets, years
written in words. A mixin of :class:`~chorus.stages.temporal_ar.ArabicRules`; internal.
"""

from __future__ import annotations

import datetime as dt
import re

from chorus.stages import temporal_base as tb
from chorus.stages.temporal_base import Ctx, Hit


class ArabicPeriods:
    """Resolvers and number helpers shared by the Arabic rules (attributes set by ArabicRules)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    ordinals: dict[str, int]
    cardinals: dict[str, int]
    units: dict[str, str]
    vague: dict[str, int]
    numwords: dict[str, int]
    past: set[str]
    next: set[str]
    _numtok: re.Pattern[str]
    _unit_token: re.Pattern[str]  # (count)? unit word

    def _day_num(self, word: str) -> int | None:
        if word.isdigit():
            return int(word)
        if word == "اول":
            return 1
        w = " ".join(word.split())
        if w.startswith("ل") and not w.startswith("ال"):
            w = "ا" + w
        return self.ordinals.get(w) or self.cardinals.get(w)

    def _step(self, rel: str | None) -> int | None:
        if not rel:
            return None
        if rel in self.past:
            return -1
        if rel in self.next:
            return 1
        return 0

    def _count(self, m: re.Match[str], num: str | None = None, unit_word: str | None = None) -> tuple[int | None, str]:
        uw = unit_word or m["unit"]
        unit = self.units.get(uw) or self.units.get("ا" + uw, "D")
        n: int | None = None
        if unit[0].isdigit():
            n, unit = int(unit[0]), unit[1:]
        num = num if unit_word else m["num"]
        if num:
            w = " ".join(num.split())
            n = int(w) if w.isdigit() else self.cardinals.get(w, self.vague.get(w, -1))
        return n, unit

    def _nth_weekday(self, m: re.Match[str], c: Ctx) -> Hit | None:
        ref = c.ref
        if m["wd"]:
            wd = self.weekdays.get(m["wd"], self.weekdays.get("ا" + m["wd"], 0))
            n = self._day_num(m["nth"])
            y, mo = ref.year, ref.month
        else:
            wd = self.weekdays["ال" + m["bwd"]]
            n = self._day_num(m["nth2"])
            if m["mon"]:
                mo = self.months[m["mon"]]
                y = c.near_year(m, mo)
            else:
                y, mo = ref.year, ref.month
        if n is None:
            return None
        d = tb.weekday_after(dt.date(y, mo, 1), wd) + dt.timedelta(weeks=n - 1)
        if d.month != mo:
            return None
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True)

    def _compound(self, m: re.Match[str], c: Ctx) -> Hit | None:
        days = months = 0
        for num, unit_word in self._unit_token.findall(m["parts"]):
            n, unit = self._count(m, num or "", unit_word)
            n = 1 if n is None else n
            if unit == "D":
                days += n
            elif unit == "W":
                days += 7 * n
            elif unit == "M":
                months += n
            elif unit == "Y":
                months += 12 * n
            else:
                return None
        sign = 1 if m["dir"] == "بعد" or (not m["dir"] and c.future(m)) else -1
        y, mo = tb.add_months(c.ref.year, c.ref.month, sign * months)
        d = tb.safe_date(y, mo, min(c.ref.day, tb.month_end(y, mo).day)) or c.ref
        d += dt.timedelta(days=sign * days)
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True)

    def _ym(self, m: re.Match[str], c: Ctx) -> Hit | None:
        y, mo = int(m["y"] or m["y2"]), int(m["m"] or m["m2"])
        if not (1 <= mo <= 12 and 1000 <= y <= 2999):
            return None
        v = tb.month_value(y, mo)
        return Hit(m.start(), m.end(), "date", v, v.format())

    def year_number(self, words: str) -> int | None:
        """An Arabic number written in words, read as a year (``ألفين وثمانية عشر`` -> 2018,
        ``تسعة عشر تسعة وتسعون`` -> 1999), or None."""
        if words.isdigit():
            return int(words)
        parts = [self.numwords[" ".join(t.split())] for t in self._numtok.findall(words)]
        if not parts:
            return None
        if len(parts) == 2 and all(p < 100 for p in parts) and 10 <= parts[0] <= 29:
            return parts[0] * 100 + parts[1]  # "nineteen ninety-nine"
        total = 0
        for p in parts:
            total = total * p if p == 1000 and total else total + p
        return total

    def _year_words(self, m: re.Match[str], c: Ctx) -> Hit | None:
        y = self.year_number(m["year"])
        words = len(self._numtok.findall(m["year"]))
        lead = m.group(0) != m["year"]
        if y is None or not 100 <= y <= 2999 or (words < 2 and not (lead and y >= 1000)) or (y < 1000 and not lead):
            return None
        return Hit(m.start(), m.end(), "date", tb.year_value(y), f"{y:04d}")

    def _last_next_n(self, m: re.Match[str], c: Ctx) -> Hit | None:
        n, unit = self._count(m, m["na"] or m["nb"] or m["nc"] or "", m["ua"] or m["ub"])
        if not (m["na"] or m["nb"] or m["nc"]) and not m["ub"].startswith(("ال", "ل")) and not unit_dual(m["ub"]):
            return None
        if m["qual"] and (n is None or not (m["na"] or m["nb"] or m["nc"])):
            n = 3  # "الأيام القليلة الماضية": a few days
        if n is None or n < 1 or unit not in ("D", "W", "M", "Y"):
            return None
        rel = m["nrel"] or ""
        ref = c.ref
        past = bool(m["last"]) or rel in self.past or rel == "الماضيين"
        days = {"D": 1, "W": 7}.get(unit)
        if days:
            span = dt.timedelta(days=days * n)
            a, b = (ref - span, ref) if past else (ref + dt.timedelta(days=1), ref + span)
        else:
            months = n * (12 if unit == "Y" else 1)
            y, mo = tb.add_months(ref.year, ref.month, -months if past else months)
            other = tb.safe_date(y, mo, min(ref.day, tb.month_end(y, mo).day)) or ref
            a, b = (other, ref) if past else (ref + dt.timedelta(days=1), other)
        return Hit(m.start(), m.end(), "date", tb.range_value(a, b), None, (), True)

    def _nth_week(self, m: re.Match[str], c: Ctx) -> Hit | None:
        ref = c.ref
        last = m["ord"] == "الاخير"
        n = None if last else self._day_num(m["ord"])
        if not last and (n is None or not 1 <= n <= 5):
            return None
        if m["mon"]:
            mo = self.months[m["mon"]]
            y = self.year_number(m["year"]) if m["year"] else c.near_year(m, mo)
            period = ("M", y, mo)
        elif m["tunit"] == "الشهر" or m["tunit2"] == "الشهر":
            y, mo = tb.add_months(ref.year, ref.month, 0 if m["this"] else self._step(m["rel"]) or 0)
            period = ("M", y, mo)
        else:
            y = (
                self.year_number(m["wyear"])
                if m["wyear"]
                else ref.year + (0 if m["this"] else self._step(m["rel"]) or 0)
            )
            period = ("Y", y, 1)
        kind, yy, mo = period
        if yy is None or not 1 <= yy <= 9999:
            return None
        y = yy
        if kind == "Y":  # ISO weeks; the last one holds December 28
            dec28 = dt.date(y, 12, 28)
            monday = dec28 - dt.timedelta(days=dec28.weekday()) if last else dt.date.fromisocalendar(y, n or 1, 1)
        else:  # the n-th (or last) full Monday-Sunday week of the month
            first = tb.weekday_after(dt.date(y, mo, 1), 0)
            monday = first + dt.timedelta(weeks=(n or 1) - 1)
            if last:
                monday = tb.weekday_before(tb.month_end(y, mo) - dt.timedelta(days=6), 0)
        return Hit(m.start(), m.end(), "date", tb.range_value(monday, monday + dt.timedelta(days=6)), None, (), True)


def unit_dual(word: str) -> bool:
    """Whether a unit word is a dual (``يومين``, ``المقبلين`` forms carry the count 2)."""
    return word.endswith(("ين", "ان")) and not word.endswith(("سنين",))
