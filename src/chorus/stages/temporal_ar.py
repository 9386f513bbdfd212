"""Arabic temporal rules, built from ``lang/ar/dates.json`` (MSA/Egyptian and Levantine month names).

Internal to :mod:`chorus.stages.temporal`. Patterns run on folded text (alef forms, ta marbuta, alef
maqsura, no diacritics, ASCII digits). A word may carry attached prefixes (و ف ب ل ك: ``بالأمس``,
``وفي``); the span of a hit starts after them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from chorus.stages import temporal_base as tb
from chorus.stages.temporal_ar_periods import ArabicPeriods
from chorus.stages.temporal_base import Ctx, Hit, Lexicon, Resolver

_PFX = r"(?<!\w)(?P<pfx>[وف]?[بلك]?(?=\w))?"


def _words(words: Iterable[str]) -> str:
    """Alternation that also accepts the ``ل`` + ``ال`` contraction (``للثاني``)."""
    ws = set(words)
    ws |= {"ل" + w[2:] for w in ws if w.startswith("ال") and len(w) > 4}
    return tb.alternation(sorted(ws))


class ArabicRules(ArabicPeriods):
    """Compiled Arabic patterns; build once with :func:`arabic_rules`."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.months: dict[str, int] = lex.map("months")
        self.ambiguous = set(lex.words("ambiguous_months"))
        self.weekdays: dict[str, int] = lex.map("weekdays")
        self.reldays: dict[str, int] = lex.map("relative_days")
        self.ordinals: dict[str, int] = lex.map("ordinals")
        self.cardinals: dict[str, int] = lex.map("cardinals")
        self.units: dict[str, str] = lex.map("units")
        self.parts: dict[str, str] = lex.map("part_modifiers")
        self.refs: dict[str, str] = lex.map("refs")
        self.vague: dict[str, int] = lex.map("vague_counts")
        self.hundreds: dict[str, int] = lex.map("hundreds")
        self.thousands: dict[str, int] = lex.map("thousands")
        self.numwords = {**self.cardinals, **self.hundreds, **self.thousands}
        self._numtok = re.compile(rf"(?:و\s*)?({tb.alternation(self.numwords)})(?!\w)")
        self.past = set(lex.words("past_words"))
        self.next = set(lex.words("next_words"))
        self.this = set(lex.words("this_words"))
        measure = tb.alternation(lex.words("measure_units"))
        self._measure = re.compile(rf"\s*(?:{measure})(?!\w)") if measure else None
        mon = rf"(?P<mon>{tb.alternation(self.months)})(?!\w)"
        wd = rf"(?P<wd>{_words(self.weekdays)})(?!\w)"
        ordw = _words(self.ordinals)
        card = tb.alternation(self.cardinals)
        day = rf"(?P<day>\d{{1,2}}(?!\d)|{ordw}|{card}|اول)"
        numw = tb.alternation(self.numwords)
        yearw = rf"(?:{numw})(?!\w)(?:\s*(?:و\s*)?(?:{numw})(?!\w))*"
        year = rf"(?P<year>\d{{4}}(?!\d)|{yearw})"
        rel = rf"(?P<rel>{tb.alternation(self.past | self.next | self.this)})"
        part = rf"(?P<part>{tb.alternation(self.parts)})"
        units = rf"(?P<unit>{_words(self.units)})(?!\w)"
        num = rf"(?P<num>\d+|{card}|{tb.alternation(self.vague)})"
        yw = r"(?:(?:من\s+)?(?:(?:عام|سنه|العام)\s+)?)"
        wd2, rel2, rel3 = wd.replace("wd", "wd2"), rel.replace("rel", "rel2"), rel.replace("rel", "rel3")
        tens = tb.alternation(["عشرين", "ثلاثين", "اربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين"])
        self.rules: list[tuple[re.Pattern[str], Resolver, int]] = []

        def add(pattern: str, fn: Resolver, priority: int = 0) -> None:
            self.rules.append((re.compile(_PFX + pattern), fn, priority))

        add(r"(?P<y>\d{4})[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})(?!\d)", self._ymd, 3)
        add(r"(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?P=s)(?P<c>\d{4}|\d\d)(?![\d/])", self._numeric, 2)
        add(r"(?<![\d/.-])(?:(?P<y>\d{4})[/.-](?P<m>\d{1,2})|(?P<m2>\d{1,2})[/-](?P<y2>\d{4}))(?![\d/.-])", self._ym, 1)
        add(rf"(?:(?:في|عام|سنه)\s+)?(?P<year>{yearw})", self._year_words, 0)
        add(
            rf"(?:(?P<last>اخر)\s+{num.replace('num', 'na')}\s+{units.replace('unit', 'ua')}"
            rf"|(?:{num.replace('num', 'nb')}\s+)?"
            rf"{units.replace('unit', 'ub')}\s+(?:(?:ال)?{num.replace('num', 'nc')}\s+)?(?P<qual>القليله\s+)?"
            rf"(?P<nrel>{tb.alternation(self.past | self.next)}|الماضيين|المقبلين|القادمين)(?!\w))",
            self._last_next_n,
            2,
        )
        add(
            rf"(?P<wk>الاسبوع)\s+(?P<ord>{ordw}|الاخير)\s+(?:من\s+)?(?:(?P<this>هذا)\s+(?P<tunit>الشهر|العام)|"
            rf"{mon}(?:\s*,?\s*{year})?|(?:عام|سنه)\s+{year.replace('year', 'wyear')}|(?P<tunit2>العام|الشهر)\s+{rel})",
            self._nth_week,
            3,
        )
        add(
            rf"(?:{wd}\s*,?\s*)?(?:يوم\s+)?{day}\s*[-/.]?\s*(?:من\s+)?(?:شهر\s+)?{mon}(?:\s*[.,]?\s*{yw}?{year})?",
            self._day_month,
            2,
        )
        add(rf"(?:{wd}\s*,?\s*)?{mon}\s*-?\s*{day}(?:\s*,?\s*{yw}?{year})?", self._day_month, 1)
        add(rf"(?:{part}\s+)?(?:شهر\s+)?{mon}\s*,?\s*{yw}?{year}", self._month_year, 1)
        add(
            rf"(?:{part}\s+)?(?:(?P<this>هذا)\s+)?(?P<shahr>شهر\s+)?{mon}(?:\s+{rel})?(?:\s+(?:من\s+)?(?:العام|السنه)\s+"
            rf"(?P<yrel>{tb.alternation(self.past | self.next | self.this)}))?",
            self._month,
            0,
        )
        add(rf"(?:{part}\s+)?(?:(?:عام|سنه|العام)\s+)(?P<year>\d{{3,4}})(?!\d)", self._year, 1)
        add(r"(?<![\d.,/])(?P<year>(?:1[5-9]|20)\d\d)(?![\d%./])", self._year, 0)
        add(
            r"(?:(?:من|بين|ما\s+بين)\s+)?(?:عام\s+)?(?P<y1>\d{4})\s*(?:-|الي|حتي|و)\s*(?P<y2>\d{4})(?!\d)",
            self._year_range,
            2,
        )
        add(
            rf"(?:من|بين|ما\s+بين)\s+(?:{wd}\s+)?(?P<d1>\d{{1,2}}|{ordw})\s*(?:الي|حتي|و|-)\s*(?:{wd2}"
            rf"\s+)?(?P<d2>\d{{1,2}}|{ordw})(?!\d)\s*(?:(?:من\s+)?(?:{mon}(?:\s*,?\s*{year})?|(?:في\s+)?(?:من\s+)?"
            rf"(?:هذا\s+)?(?P<mword>الشهر)(?:\s+{rel})?))?",
            self._day_range,
            3,
        )
        add(
            rf"(?:(?:هذا|هذه)\s+)?(?:(?P<week>الاسبوع)(?:\s+{rel})?\s+)?(?:يوم\s+)?{wd}(?:\s+{rel2}"
            rf"|\s+من\s+(?P<week2>الاسبوع)\s+{rel3})?(?:\s+(?P<dnum>\d{{1,2}})(?!\d))?",
            self._weekday,
            1,
        )
        bare_wd = tb.alternation([w[2:] for w in self.weekdays if w.startswith("ال")])
        low_ord = tb.alternation([w for w, v in self.ordinals.items() if v <= 5])
        add(
            rf"(?:يوم\s+)?{wd}\s+(?P<nth>{tb.alternation([w for w, v in self.ordinals.items() if v <= 5])})(?!\w)"
            rf"|(?P<nth2>اول|{low_ord})\s+يوم\s+(?P<bwd>{bare_wd})"
            rf"\s+(?:من|في)\s+(?:{mon}|(?P<thism>هذا\s+الشهر))",
            self._nth_weekday,
            2,
        )
        cu = rf"(?:\d+\s+)?(?:{_words(self.units)})(?!\w)"
        self._unit_token = re.compile(rf"(?:(\d+)\s+)?({_words(self.units)})(?!\w)")
        add(
            rf"(?:(?P<dir>قبل|منذ|بعد)\s+)?(?P<parts>{cu}(?:\s*[,،]?\s*و?\s*{cu})+)\s+من\s+الان",
            self._compound,
            3,
        )
        add(rf"(?P<rd>{_words(self.reldays)})(?!\w)(?:\s*\(\s*{wd}\s*\))?", self._relative_day, 2)
        add(
            rf"(?:{part}\s+)?(?:(?P<this>هذا|هذه)\s+)?(?P<unit>الاسبوع|الشهر|العام|السنه|العقد)(?!\w)"
            rf"(?:\s+(?P<after>بعد\s+(?:القادم|التالي|المقبل))|\s+{rel})?",
            self._relative_unit,
            1,
        )
        add(rf"(?P<dir>قبل|منذ|بعد)\s+(?:{num}\s+)?{units}(?:\s+(?:من\s+الان|مضت))?", self._ago, 2)
        add(rf"(?:{num}\s+)?{units}", self._duration, 0)
        add(rf"(?P<day2>\d{{1,2}}|{ordw})\s+من\s+(?:(?P<this>هذا)\s+)?الشهر(?:\s+{rel})?", self._day_of_month, 2)
        add(rf"(?:(?:في|الي|يوم)\s+|(?<!\w)ل)(?P<day2>\d{{1,2}}|{ordw})(?=\s*(?:[.,!?؟]|$))", self._day_of_month, 0)
        add(
            r"(?:(?:في|يوم)\s+)?(?P<a>\d{1,2})(?P<s>[/.-])(?P<b>\d{1,2})(?![\d/.-]|\s*[,،]?\s*\d)",
            self._partial_numeric,
            0,
        )
        add(rf"(?P<d1>\d{{1,2}})\s*-\s*(?P<d2>\d{{1,2}})\s+{mon}(?:\s*,?\s*{year})?", self._day_range, 3)
        add(
            rf"(?:ال)?(?P<dec>{tens})"
            r"يات",
            self._decade,
            1,
        )
        add(
            rf"الربع\s+(?P<ord>{ordw})(?:\s+(?:من\s+)?(?:(?:(?:عام|سنه)\s+)?{year}|"
            rf"(?P<this>هذا)\s+العام|العام\s+{rel}))?",
            self._quarter,
            2,
        )
        add(rf"(?P<ref>{tb.alternation(self.refs)})(?!\w)", self._ref, 0)

    def find(self, c: Ctx, start: int, end: int) -> Iterator[Hit]:
        for pattern, fn, prio in self.rules:
            for m in pattern.finditer(c.folded, start, end):
                hit = fn(m, c)
                if hit is None:
                    continue
                s = m.end("pfx") if m["pfx"] and hit.start == m.start() else hit.start
                yield Hit(s, hit.end, hit.kind, hit.value, hit.timex, hit.notes, hit.relative, prio)

    # -- helpers ---------------------------------------------------------------------------------

    def _with_part(self, m: re.Match[str], v: tb.DateValue, timex: str, relative: bool) -> Hit:
        part = m.groupdict().get("part")
        if part and part in self.parts:
            code = self.parts[part]
            return Hit(m.start(), m.end(), "date", tb.part_of(v, code), timex, (f"{code.lower()} of",), relative)
        return Hit(m.start(), m.end(), "date", v, timex, (), relative)

    # -- resolvers ------------------------------------------------------------------------------

    def _ymd(self, m: re.Match[str], c: Ctx) -> Hit | None:
        d = tb.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        return None if d is None else Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat())

    def _numeric(self, m: re.Match[str], c: Ctx) -> Hit | None:
        a, b, y = int(m["a"]), int(m["b"]), int(m["c"])
        if y < 100:
            y += 2000 if y < 50 else 1900
        d, mo = (a, b) if b <= 12 else (b, a)
        day = tb.safe_date(y, mo, d)
        return None if day is None else Hit(m.start(), m.end(), "date", tb.day_value(day), day.isoformat())

    def _partial_numeric(self, m: re.Match[str], c: Ctx) -> Hit | None:
        a, b, sep = int(m["a"]), int(m["b"]), m["s"]
        if sep != "/" and not m.group(0).startswith(("في", "يوم")):
            return None  # "2-1" is a score, "4.5" a number, unless introduced as a date
        d, mo = (a, b) if b <= 12 else (b, a)
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        day = tb.safe_date(c.near_year(m, mo, d), mo, d)
        return None if day is None else Hit(m.start(), m.end(), "date", tb.day_value(day), day.isoformat(), (), True)

    def _day_month(self, m: re.Match[str], c: Ctx) -> Hit | None:
        mon = m["mon"]
        d = self._day_num(m["day"])
        if d is None or not 1 <= d <= 31:
            return None
        mo = self.months[mon]
        if m["year"]:
            year = self.year_number(m["year"])
            day = tb.safe_date(year, mo, d) if year else None
            return None if day is None else Hit(m.start(), m.end(), "date", tb.day_value(day), day.isoformat())
        ref, fut = c.ref, c.future(m)
        day = tb.safe_date(ref.year, mo, d)
        if day is None:
            return None
        if not fut and day > ref:
            day = tb.safe_date(ref.year - 1, mo, d)
        elif fut and day < ref:
            day = tb.safe_date(ref.year + 1, mo, d)
        if day is None:
            return None
        if m["wd"]:  # "الأحد 16 يناير": the weekday fixes the year
            day = tb.pin_by_weekday(
                day, self.weekdays.get(m["wd"], self.weekdays.get("ا" + m["wd"], day.weekday())), ref
            )
        return Hit(m.start(), m.end(), "date", tb.day_value(day), day.isoformat(), (), True)

    def _month_year(self, m: re.Match[str], c: Ctx) -> Hit | None:
        year = self.year_number(m["year"])
        if year is None or not 1 <= year <= 9999:
            return None
        v = tb.month_value(year, self.months[m["mon"]])
        return self._with_part(m, v, v.format(), False)

    def _month(self, m: re.Match[str], c: Ctx) -> Hit | None:
        mon, rel, yrel = m["mon"], m["rel"], m["yrel"]
        if mon in self.ambiguous and not (m["shahr"] or rel or yrel or m["part"]):
            return None
        mo, ref = self.months[mon], c.ref
        ystep = self._step(yrel)
        step = 0 if m["this"] else self._step(rel)
        if ystep is not None:
            y = ref.year + ystep
        elif step == -1:
            y = tb.last_month_year(ref, mo, self.lex.get("last_month_window", 2))
        elif step == 1:
            y = ref.year if mo > ref.month else ref.year + 1
        elif step == 0:
            y = ref.year
        elif c.future(m):
            y = ref.year if mo >= ref.month else ref.year + 1
        else:
            y = ref.year if mo <= ref.month else ref.year - 1
        v = tb.month_value(y, mo)
        return self._with_part(m, v, v.format(), True)

    def _year(self, m: re.Match[str], c: Ctx) -> Hit | None:
        y = self.year_number(m["year"]) or 0
        if not 1 <= y <= 9999:
            return None
        if self._measure is not None and self._measure.match(m.string, m.end()):
            return None  # "1600 كيلومتر", "2000 شخص": a quantity, not a year
        return self._with_part(m, tb.year_value(y), f"{y:04d}", False)

    def _year_range(self, m: re.Match[str], c: Ctx) -> Hit | None:
        y1, y2 = int(m["y1"]), int(m["y2"])
        if not y1 < y2 <= y1 + 200:
            return None
        return Hit(m.start(), m.end(), "date", tb.range_value(dt.date(y1, 1, 1), dt.date(y2, 12, 31)), None)

    def _day_range(self, m: re.Match[str], c: Ctx) -> Hit | None:
        d1, d2 = self._day_num(m["d1"]), self._day_num(m["d2"])
        if d1 is None or d2 is None or not 1 <= d1 < d2 <= 31:
            return None
        ref = c.ref
        relative = True
        if m["mon"]:
            mo = self.months[m["mon"]]
            if m["year"]:
                y, relative = self.year_number(m["year"]) or ref.year, False
            elif c.future(m):
                y = ref.year if mo >= ref.month else ref.year + 1
            else:
                y = ref.year if mo <= ref.month else ref.year - 1
        else:
            y, mo = tb.add_months(ref.year, ref.month, self._step(m.groupdict().get("rel")) or 0)
        a, b = tb.safe_date(y, mo, d1), tb.safe_date(y, mo, d2)
        if a is None or b is None:
            return None
        return Hit(m.start(), m.end(), "date", tb.range_value(a, b), None, (), relative)

    def _weekday(self, m: re.Match[str], c: Ctx) -> Hit | None:
        wd, ref = self.weekdays[m["wd"] if m["wd"] in self.weekdays else "ا" + m["wd"]], c.ref
        text = m.group(0)
        if m["dnum"]:
            d = tb.safe_date(ref.year, ref.month, int(m["dnum"]))
            if d is not None and d.weekday() == wd:
                return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True)
            return None
        step = self._step(m["rel"] or m["rel2"] or m["rel3"])
        if (m["week"] or m["week2"]) and step is not None:
            monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=step)
            d = monday + dt.timedelta(days=wd)
        elif text.startswith(("هذا", "هذه")) or step == 0:
            d = ref + dt.timedelta(days=wd - ref.weekday())
            d = d if d >= ref else tb.weekday_after(ref, wd)
        elif step == -1:
            d = tb.weekday_before(ref, wd, strict=True)
        elif step == 1:  # "الأحد القادم": the Sunday of next week
            d = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=1, days=wd)
        elif c.future(m):
            d = tb.weekday_after(ref, wd)
        else:
            d = tb.weekday_before(ref, wd)
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True)

    def _relative_day(self, m: re.Match[str], c: Ctx) -> Hit | None:
        rd = " ".join(m["rd"].split())
        if rd not in self.reldays:
            rd = "ا" + rd
        offset, ref = self.reldays.get(rd, 0), c.ref
        d = ref + dt.timedelta(days=offset)
        notes: tuple[str, ...] = ()
        if m["wd"]:
            wd = self.weekdays.get(m["wd"], self.weekdays.get("ا" + m["wd"], d.weekday()))
            if wd != d.weekday():
                named = tb.weekday_before(ref, wd) if offset <= 0 else tb.weekday_after(ref, wd)
                notes = (
                    f"weekday mismatch with document date: '{m['rd']}' would be {d.isoformat()} "
                    f"({d.strftime('%A')}); the named weekday wins: {named.isoformat()}",
                )
                d = named
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), notes, True)

    def _relative_unit(self, m: re.Match[str], c: Ctx) -> Hit | None:
        step = 0 if m["this"] else 2 if m["after"] else self._step(m["rel"])
        part = self.parts.get(m["part"] or "")
        if m["part"] == "نهايه" and m["unit"] == "الاسبوع":
            part = "WEEKEND"  # "نهاية الأسبوع" is the weekend
        if step is None and part is None:
            return None  # "العام" alone is a noun, not a date
        step = step or 0
        code = {"الاسبوع": "W", "الشهر": "M", "العام": "Y", "السنه": "Y", "العقد": "DE"}[m["unit"]]
        ref = c.ref
        if part == "REST" and code in ("W", "M", "Y"):  # "بقية الأسبوع": from today to the end of the period
            whole = tb.shift(ref, code, step)
            if whole is None:
                return None
            end = tb.value_end(whole)
            return Hit(m.start(), m.end(), "date", tb.range_value(max(ref, whole.start), end), None, (), True)
        if code == "DE":
            y0 = (ref.year // 10 + step) * 10
            v = tb.range_value(dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31))
            return self._with_part(m, v, str(y0)[:3], True)
        shifted = tb.shift(ref, code, step)
        if shifted is None:
            return None
        v = shifted
        if part == "WEEKEND":
            return Hit(m.start(), m.end(), "date", tb.part_of(v, part), tb.value_timex(v, code) + "-WE", (), True)
        return self._with_part(m, v, tb.value_timex(v, code), True)

    def _ago(self, m: re.Match[str], c: Ctx) -> Hit | None:
        n, unit = self._count(m)
        if n is None:
            n = 1
        if m["unit"].startswith("ال") or n < 0:
            return Hit(m.start(), m.end(), "duration", None, tb.duration_timex(n, unit))
        sign = 1 if m["dir"] == "بعد" else -1
        ref = c.ref
        if unit == "D":
            d = ref + dt.timedelta(days=sign * n)
        elif unit == "W":
            d = ref + dt.timedelta(weeks=sign * n)
        elif unit in ("M", "Y", "DE"):
            months = sign * n * {"M": 1, "Y": 12, "DE": 120}[unit]
            y, mo = tb.add_months(ref.year, ref.month, months)
            d = tb.safe_date(y, mo, min(ref.day, tb.month_end(y, mo).day)) or ref
        else:
            return Hit(m.start(), m.end(), "duration", None, tb.duration_timex(n, unit))
        if m["dir"] == "منذ" and unit in ("M", "Y", "DE") and not m.group(0).endswith(("الان", "مضت")):
            # "الحرب المستمرة منذ 14 عاما": since (or for) 14 years; the start is known to the year
            # or month, not the day
            v = tb.year_value(d.year) if unit != "M" else tb.month_value(d.year, d.month)
            note = (f"'منذ' reads as 'since'/'for': the period started about {v.format()}",)
            return Hit(m.start(), m.end(), "date", v, v.format(), note, True)
        return Hit(m.start(), m.end(), "date", tb.day_value(d), d.isoformat(), (), True)

    def _duration(self, m: re.Match[str], c: Ctx) -> Hit | None:
        n, unit = self._count(m)
        if m["unit"].startswith(("ال", "ل")) or (n is None and not m["num"]):
            return None  # a bare unit noun ("العام", "شهر") is not an expression by itself
        return Hit(m.start(), m.end(), "duration", None, tb.duration_timex(n, unit))

    def _day_of_month(self, m: re.Match[str], c: Ctx) -> Hit | None:
        d = self._day_num(m["day2"])
        if d is None or not 1 <= d <= 31:
            return None
        step = 0 if m.groupdict().get("this") else (self._step(m.groupdict().get("rel")) or 0)
        y, mo = tb.add_months(c.ref.year, c.ref.month, step)
        day = tb.safe_date(y, mo, d)
        return None if day is None else Hit(m.start(), m.end(), "date", tb.day_value(day), day.isoformat(), (), True)

    def _decade(self, m: re.Match[str], c: Ctx) -> Hit | None:
        tens = {"عشرين": 2, "ثلاثين": 3, "اربعين": 4, "خمسين": 5, "ستين": 6, "سبعين": 7, "ثمانين": 8, "تسعين": 9}
        y0 = 1900 + 10 * tens[m["dec"]]
        v = tb.range_value(dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31))
        return Hit(m.start(), m.end(), "date", v, str(y0)[:3])

    def _quarter(self, m: re.Match[str], c: Ctx) -> Hit | None:
        q = self._day_num(m["ord"])
        if q is None or not 1 <= q <= 4:
            return None
        ref = c.ref
        if m["year"]:
            y = self.year_number(m["year"]) or ref.year
        elif m["this"]:
            y = ref.year
        elif m["rel"]:
            y = ref.year + (self._step(m["rel"]) or 0)
        else:
            cur = (ref.month - 1) // 3 + 1
            y = ref.year if q <= cur else ref.year - 1
        return Hit(m.start(), m.end(), "date", tb.quarter_value(y, q), f"{y:04d}-Q{q}", (), not m["year"])

    def _ref(self, m: re.Match[str], c: Ctx) -> Hit | None:
        return Hit(m.start(), m.end(), "date", None, self.refs.get(m["ref"]))


@lru_cache(maxsize=2)
def arabic_rules(lang: str = "ar") -> ArabicRules:
    """The compiled Arabic rules (cached)."""
    return ArabicRules(tb.lexicon(lang))
