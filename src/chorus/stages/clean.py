"""Cleaning: drop scraping leftovers line by line, keep every real sentence, account for all of it.

Rules live in ``chorus/lang/boilerplate.json``: each matches a WHOLE stripped line, so a rule can
never cut into a sentence. What is dropped is listed in ``removed`` with why; credits
("SOURCE:AA") become ``credits`` and an outlet hint; a stand-alone dateline ("December 24, 2025"),
or one heading the first lines where it cannot be misread (:func:`split_dateline`), becomes the
published date when the input had none; a headline-shaped first line of a plain-text input becomes the
title.

Only two things are cut from the head of a line instead of dropping it whole, both listed in
``removed`` like every other removal (so the text's offsets stay exact and nothing is lost silently):
a wire dateline ("ALLENTOWN, Pa. (AP) —", :func:`split_place_dateline`) and a list bullet ("* ", "- ").
A block of related-story teasers ("Editor's Picks ..." down to "... 2 Related") goes line by line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from chorus.errors import ConfigError
from chorus.model import Document, Removed
from chorus.stages.language import DEFAULT_LANGUAGES, script_languages, script_of


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Settings for cleaning.

    Attributes:
        max_label_words: longest upper-case line taken as a section label.
        label_lines_from_top: how many leading lines may be section labels.
        detect_title: take a headline-shaped first line of plain text as the title.
    """

    max_label_words: int = 4
    label_lines_from_top: int = 3
    detect_title: bool = True

    def __post_init__(self) -> None:
        if self.max_label_words < 1 or self.label_lines_from_top < 0:
            raise ConfigError("clean.max_label_words must be >= 1 and clean.label_lines_from_top >= 0")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaning output: the text with paragraphs joined by blank lines, and what was taken out."""

    text: str
    removed: tuple[Removed, ...]
    title: str | None
    credits: tuple[str, ...]
    outlet_hints: tuple[str, ...]
    dateline: dt.date | None
    paragraphs: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Rule:
    why: str
    regex: re.Pattern[str]
    hint: str | None
    credit: bool


_MACRO = re.compile(r"\{\{(\w+)\}\}")


def _rule_regex(rule: dict[str, Any], macros: dict[str, str]) -> re.Pattern[str]:
    """A rule's pattern with its ``{{macros}}`` filled in, and ``repeat`` notices in a row allowed."""
    pattern = _MACRO.sub(lambda m: macros[m.group(1)], rule["pattern"])
    if rule.get("repeat", 1) > 1:
        pattern = rf"(?:{pattern})(?:\s+(?:{pattern})){{0,{rule['repeat'] - 1}}}"
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    data: dict[str, Any] = json.loads(resources.files("chorus.lang").joinpath("boilerplate.json").read_text("utf-8"))
    macros = data.get("macros", {})
    return tuple(_Rule(r["why"], _rule_regex(r, macros), r.get("hint"), bool(r.get("credit"))) for r in data["rules"])


@lru_cache(maxsize=1)
def outlet_names() -> dict[str, str]:
    """Credit strings (case-folded) to outlet display names, from ``lang/outlets.json``."""
    data = json.loads(resources.files("chorus.lang").joinpath("outlets.json").read_text("utf-8"))
    return {k.casefold(): v for k, v in data.items() if not k.startswith("_")}


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MON = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)}
_DATELINE = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:(?P<m1>[a-z]{3})[a-z]*\.?\s+(?P<d1>\d{1,2}),?\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})\s+(?P<m2>[a-z]{3})[a-z]*\.?,?\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})(?P<sep>[-/])(?P<mo3>\d{2})(?P=sep)(?P<d3>\d{2})"
    r"(?P<iso>T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|(?P<a4>\d{2})(?P<sep4>[/.])(?P<b4>\d{2})(?P=sep4)(?P<y4>\d{4}))"
    r"(?P<time>[\s,|-]+(?:updated:?\s*)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*\(?(?-i:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|AST|IST|JST|AEST|AEDT|ET|PT|[ECMP][SD]T)(?:[+-]\d{1,2})?\)?)?)?\.?",
    re.IGNORECASE,
)
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a]")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
# dateparser reads a date-only line in any language it knows, but only the whole line, and only a day:
# "mars 2005" or "1. ledna 2005 Praha" are no datelines.
# Absolute dates only: "3 days ago, 2019" is no dateline.
_DATEPARSER_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["absolute-time"]}
_RANGE = re.compile(r"\d\s*[-–—]\s*\d")  # "May 12-14, 2005" is a span of days, not a dateline
_NOT_DATE = re.compile(r"[\s،,.:|/\-–—()]+")  # what may surround a date on a date-only line
_DATELINE_LINES = 30  # how many leading lines are looked at to tell a timeline from a dateline
_SENTENCE_END = re.compile(r"[.!?؟。:;…\"”’»]$")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$")  # an archive headline may end in "U.S."
_UPPER_LABEL = re.compile(r"^[A-Z][A-Z &/'-]*[A-Z]$")


def parse_dateline(line: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> dt.date | None:
    """A line that is only a date (optionally with a time) -> that date; otherwise None.

    English and unambiguous numeric forms are read by a pattern, Arabic ones by the Arabic date rules,
    and a line in any other of ``languages`` by dateparser (:func:`_any_language_dateline`; pass no
    languages to read only the first two kinds).

    >>> parse_dateline("December 24, 2025")
    datetime.date(2025, 12, 24)
    >>> parse_dateline("Samedi 8 janvier 2005"), parse_dateline("Σάββατο, 1 Ιανουαρίου 2005")
    (datetime.date(2005, 1, 8), datetime.date(2005, 1, 1))
    >>> parse_dateline("Putin met them on December 24, 2025.") is None
    True
    """
    bare = line.strip().rstrip("-–—| ")
    m = _DATELINE.fullmatch(bare)
    if m and (m.group("y4") or _dateline_date(m)):
        return _dateline_date(m)  # "12 mai 2005" matches the pattern with no English month: read on
    if len(bare) > 60 or not _DIGIT.search(bare):  # a day's date is short and has a number
        return None
    if bare.endswith(":"):  # "Jan. 24, 2018:" over its text is a timeline entry's date
        return None
    found = _arabic_dateline(bare) if _ARABIC_LETTER.search(bare) else None
    return found or _any_language_dateline(bare, languages)


def _arabic_dateline(line: str) -> dt.date | None:
    """An Arabic line that is only a day's date ("الثلاثاء 23 كانون الأول 2025") -> that date.

    The Arabic date rules of the temporal stage read it; only an explicit day (no reference date is
    needed) covering the whole line, punctuation aside, counts.

    >>> _arabic_dateline("الثلاثاء 23 كانون الأول 2025")
    datetime.date(2025, 12, 23)
    >>> _arabic_dateline("وصل الوزير إلى موسكو في 23 كانون الأول 2025") is None
    True
    """
    from chorus.stages.temporal import find_temporal  # the date rules; imported late (heavier module)

    for e in find_temporal(line, 0, len(line), "ar", None):
        rest = line[: e.start] + line[e.end :]
        if e.value is not None and e.value.precision == "day" and not _NOT_DATE.sub("", rest):
            return e.value.start
    return None


def _any_language_dateline(line: str, languages: tuple[str, ...]) -> dt.date | None:
    """A short line that is only a day's date in one of ``languages`` ("Sobota, 1. ledna 2005",
    "शुक्रवार, 31 दिसंबर 2004", "יום חמישי, ה- 19 במאי, 2005") -> that date, read by dateparser in the
    languages the line's script can be written in.

    Only lines with one year (1900-2099), another number of one or two digits, a word of three letters
    or more and no span of days are tried, so that dateparser runs on few lines; the date it reads must
    be in that year.
    """
    words = [w.strip(",.") for w in line.split()]
    if len(words) > 8 or _RANGE.search(line) or not any(len(w) >= 3 and _is_word(w) for w in words):
        return None
    years = _YEAR.findall(line)
    if len(years) != 1 or not _DAY_NUMBER.search(_YEAR.sub(" ", line)):
        return None
    langs = _parse_languages(script_of(line), languages)
    if not langs:
        return None
    import dateparser  # imported late: loading its language data takes a moment

    parsed = dateparser.parse(line, languages=list(langs), settings=_DATEPARSER_SETTINGS)  # type: ignore[arg-type]
    return parsed.date() if parsed is not None and parsed.year == int(years[0]) else None


def _is_word(token: str) -> bool:
    """Letters (with their vowel signs, as in Devanagari) and no digit."""
    return any(c.isalpha() for c in token) and not any(c.isdigit() for c in token)


@lru_cache(maxsize=32)
def _parse_languages(script: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages of ``languages`` that dateparser reads and that ``script`` can be written in."""
    from dateparser.languages.loader import LocaleDataLoader

    known = LocaleDataLoader().get_locale_map()
    return tuple(c for c in script_languages(script, languages) if c in known)


@lru_cache(maxsize=32)
def _weekday_names(languages: tuple[str, ...]) -> frozenset[str]:
    """Weekday names (three letters or more, case-folded) of the languages, from dateparser's data."""
    from dateparser.languages.loader import LocaleDataLoader

    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    names: set[str] = set()
    for locale in LocaleDataLoader().get_locales(languages=list(languages)):
        names.update(n.casefold() for d in days for n in locale.info.get(d, []) if len(n) >= 3)
    return frozenset(names)


def _opens_with_weekday(text: str, languages: tuple[str, ...]) -> bool:
    head = text.casefold()
    return any(
        head.startswith(n) and not head[len(n) : len(n) + 1].isalpha()
        for n in _weekday_names(_parse_languages(script_of(text), languages))
    )


# What may set a leading dateline off from the text it heads: a dash or a bar with spaces. Not a colon:
# "December 8, 2024: Assad fled" opens timelines and recaps, whose first date is no publication date.
_DASH_AFTER_DATELINE = re.compile(r"\s*[-–—|]\s+")
# A scraper may glue the two: "Tuesday, January 18, 2005Through a telethon" (a capital right after).
_GLUED_AFTER_DATELINE = re.compile(r"(?=[^\W\d_])(?=[^a-z])")


@dataclass(frozen=True, slots=True)
class DatelineHead:
    """A dateline found heading a line: its date, the text after it, and whether that text is a headline."""

    date: dt.date | None  # None: a numeric date whose day and month order is unknown ("08/01/2005")
    rest: str
    headline: bool = False


def split_dateline(
    line: str, opening: bool = False, timeline: bool = False, languages: tuple[str, ...] = DEFAULT_LANGUAGES
) -> DatelineHead | None:
    """A dateline heading a line's text -> its date and the rest; otherwise None.

    Only where nothing can be misread:

    - glued to the next word ("Tuesday, January 18, 2005Through a telethon"), a scraping artifact;
    - set off by a dash or a bar, on the line that opens the body (``opening``) of a text that is not
      a timeline (``timeline``: several lines open with a date and a dash, "March 15, 2011 - Protests
      erupt");
    - a date with a time, then a space, on the opening line ("3 March 2014 | 10:42 Russian troops");
    - a weekday and its date as a sentence of its own, outside timelines ("Tuesday, January 18, 2005.
      Through a telethon", "Úterý, 18. ledna 2005. Prostřednictvím"; dates the English pattern does not
      read go to dateparser, see :func:`parse_dateline`); without the weekday ("May 4, 1970. Four
      students were shot") a date sentence is more often a recap's than a dateline. The caller only
      looks at the first two lines of text;
    - the archive form, a numeric date then a headline, on the opening line ("2005/01/08 Tsunami aid
      donations deductible in the U.S.", "08/01/2005 Les dons pour le tsunami"): the rest is the title
      (``headline``). "08/01/2005" may be the 8th of January or the 1st of August: such a date is not
      used (``date`` None), one with a day above 12 is.

    A sentence or a headline that merely opens with a date ("January 8, 2005 was a Saturday.",
    "May 4, 1970 Kent State Shootings Remembered") is left alone.

    >>> split_dateline("Tuesday, January 18, 2005Through a telethon, Romanians raised money.").rest
    'Through a telethon, Romanians raised money.'
    >>> split_dateline("January 8, 2005 was a Saturday.", opening=True) is None
    True
    """
    m = _DATELINE.match(line)
    day = _dateline_date(m) if m else None
    if m is None or (day is None and not m.group("y4")):  # no date, or not an English one ("12 mai 2005")
        return None if timeline else _sentence_dateline(line, languages)
    if m.end() >= len(line):
        return None
    numeric = bool(m.group("y3") or m.group("y4"))
    rest = line[m.end() :]
    if day is not None and _GLUED_AFTER_DATELINE.match(rest):
        return DatelineHead(day, rest.strip())
    dash = _DASH_AFTER_DATELINE.match(rest)
    after = rest[dash.end() :].strip() if dash else rest.strip()
    if timeline or not after or after[0].islower():
        return None
    if day is not None and m.group().endswith(".") and rest[:1].isspace() and not after[0].isdigit():
        return DatelineHead(day, after) if _opens_with_weekday(line, ("en",)) else None
    if not opening:
        return None
    if day is not None and (dash or (rest[:1].isspace() and (m.group("time") or m.group("iso")))):
        return DatelineHead(day, after)
    if numeric and rest[:1].isspace() and _looks_like_title(after, archive=True):
        return DatelineHead(day, after, headline=True)
    return None


_SENTENCE_BREAK = re.compile(r"\.\s+(?=[^\W\d_])")


def _sentence_dateline(line: str, languages: tuple[str, ...]) -> DatelineHead | None:
    """A weekday and its date, in a language the English pattern does not read, as a sentence of its own
    heading the line -> the date and the rest.

    Arabic has no capitals to show where a glued dateline ends, so there only a weekday with its full
    date heading the line counts ("الثلاثاء 18 يناير، 2005 ومن خلال حملة"), read by the Arabic date rules.
    """
    if _ARABIC_LETTER.match(line):
        return _arabic_dateline_head(line)
    year = _YEAR.search(line, 0, 60)
    brk = _SENTENCE_BREAK.match(line, year.end()) if year else None
    if brk is None or not _opens_with_weekday(line, languages):
        return None
    day = _any_language_dateline(line[: brk.start()], languages)
    after = line[brk.end() :]
    return DatelineHead(day, after) if day is not None and not after[0].islower() else None


def _arabic_dateline_head(line: str) -> DatelineHead | None:
    from chorus.stages.temporal import find_temporal

    if not _opens_with_weekday(line, ("ar",)):
        return None
    head = line[:80]
    first = next(iter(find_temporal(head, 0, len(head), "ar", None)), None)
    if first is None or first.start != 0 or first.value is None or first.value.precision != "day":
        return None
    rest = line[first.end :].lstrip(" ،,.:-–—|")
    return DatelineHead(first.value.start, rest) if _ARABIC_LETTER.match(rest) else None


# A wire dateline heading the text: an upper-case place, a region ("Pa.", "Calif.") and/or the agency in
# brackets, then a dash ("ALLENTOWN, Pa. (AP) — Animal welfare workers say...", "PITTSBURGH (KDKA) — A
# former teacher..."). With the agency it may head any line; without, only the opening lines, where a
# bare place needs a long dash ("WASHINGTON — The Senate...").
_PLACE_DATELINE = re.compile(
    r"(?:(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})"
    r"(?:, (?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d)"
    r"(?P<region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}))?"
    r"(?:, (?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?))?)?"
    r"(?: ?\((?P<agency>[A-Za-z][\w&.' -]{0,30})\))?"
    r"\s*(?P<dash>—|–|--|-)\s+(?=[\"“'‘(\d]|[^\W\d_])(?=[^a-z])"
)
# A bullet opening a line ("* In Sri Lanka, ...", "- The Humane Society ...", "• ..."); numbers stay.
_LIST_MARKER = re.compile(r"[*•·▪●◦‣-]\s+(?=\S)")
# A block of related-story teasers (a site template): "Editor's Picks <teaser>" ... "<teaser> 2 Related".
_TEASERS_OPEN = re.compile(r"editor'?s'? picks\b", re.IGNORECASE)
_TEASERS_CLOSE = re.compile(r".*\s\d{1,2} related", re.IGNORECASE)
_TEASER_LINES = 6


def _wire_credit(agency: str) -> bool:
    """Whether a dateline's bracket credits a wire or outlet: a short call sign or acronym ("AP", "KDKA",
    "U.P.I.") or a name of the agencies list ("Reuters")."""
    from chorus.stages.attribution import load_agencies

    letters = agency.replace(".", "").replace(" ", "")
    return (letters.isupper() and len(letters) <= 6) or load_agencies().lookup(agency) is not None


def split_place_dateline(line: str, opening: bool = False) -> tuple[str, str] | None:
    """A wire dateline heading a line -> (the dateline, the rest); otherwise None.

    >>> split_place_dateline("ALLENTOWN, Pa. (AP) — Animal welfare workers say 71 beagles were removed.")
    ('ALLENTOWN, Pa. (AP) —', 'Animal welfare workers say 71 beagles were removed.')
    >>> split_place_dateline("ALLENTOWN, Pa. - The Humane Society rescued 71 beagles.", opening=True)[0]
    'ALLENTOWN, Pa. -'
    >>> split_place_dateline("NATO - the alliance - met.", opening=True) is None
    True
    >>> split_place_dateline("WHO (World Health Organization) — The agency said the outbreak was over.") is None
    True
    >>> split_place_dateline("MOSCOW, Dec 23 (Reuters) - Putin met the ministers.")[0]
    'MOSCOW, Dec 23 (Reuters) -'
    >>> split_place_dateline("(Reuters) - A quake struck Peru on Sunday.")[0]
    '(Reuters) -'
    """
    m = _PLACE_DATELINE.match(line)
    place = m.group("place") if m else None
    agency = m.group("agency") if m else None
    if m is None or (place is None and not agency) or (place is not None and not any(c.isalpha() for c in place)):
        return None  # a bare "(Reuters) -" heads a line only with the agency
    region, dash = m.group("region"), m.group("dash")
    if agency and not _wire_credit(agency):
        return None  # "WHO (World Health Organization) — The agency said ...": a name and its expansion
    place_letters = sum(c.isalpha() for c in place or "")
    if not (agency or (opening and (region or (dash in ("—", "--") and place_letters >= 3)))):
        return None
    return line[: m.end()].strip(), line[m.end() :]


def _teaser_lines(lines: list[str]) -> set[int]:
    """Indices of the lines of related-story teaser blocks: from an "Editor's Picks" line to the
    "... 2 Related" line closing it a few lines on (without that close, the opening line alone)."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if _TEASERS_OPEN.match(line):
            close = next(
                (j for j in range(i, min(len(lines), i + _TEASER_LINES)) if _TEASERS_CLOSE.fullmatch(lines[j])), i
            )
            out.update(range(i, close + 1))
    return out


def _is_timeline(lines: list[str]) -> bool:
    """Whether several lines open with a date followed by a dash, a full stop or nothing (a timeline's
    entries, "March 15, 2011 - Protests erupt", "March 15, 2011. Protests erupt" or "March 15, 2011 -"
    over its text), not one dateline."""
    n = 0
    for line in lines:
        m = _DATELINE.match(line)
        entry = m and (m.group().endswith(".") or _DASH_AFTER_DATELINE.match(line, m.end()))
        if m and (entry or not line[m.end() :].strip("-–—| ")):
            n += 1
            if n > 1:
                return True
    return False


def _dateline_date(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("y3"):
            return dt.date(int(m.group("y3")), int(m.group("mo3")), int(m.group("d3")))
        if m.group("y4"):  # day first or month first: dots mean day first, else only a day above 12 tells
            a, b, year = int(m.group("a4")), int(m.group("b4")), int(m.group("y4"))
            if not 1900 <= year <= 2099:
                return None
            if m.group("sep4") == ".":
                return dt.date(year, b, a)
            if a == b or (a > 12) != (b > 12):
                return dt.date(year, b, a) if a > 12 or a == b else dt.date(year, a, b)
            return None
        mon = (m.group("m1") or m.group("m2")).lower()
        if mon not in _MON:
            return None
        day = int(m.group("d1") or m.group("d2"))
        year = int(m.group("y1") or m.group("y2"))
        return dt.date(year, _MON[mon], day)
    except ValueError:
        return None


def _uncased_letter(ch: str) -> bool:
    """A letter of a script without capitals (Arabic, Hebrew, Devanagari...): any line may open with it."""
    return ch.isalpha() and ch.lower() == ch.upper()


def _looks_like_title(line: str, archive: bool = False) -> bool:
    """Whether a line is headline-shaped. After an archive date (``archive``) a headline may also end in
    an abbreviation ("... in the U.S.") or open with a number ("2005 के सुनामी ...", "500 die in ...")."""
    words = line.split()
    ends = bool(_SENTENCE_END.search(line)) and not (archive and _ABBREVIATION_END.search(line))
    return (
        3 <= len(words) <= 25
        and len(line) <= 160
        and not ends
        and not line.isupper()
        and (line[0].isupper() or _uncased_letter(line[0]) or (archive and line[0].isdigit()))
    )


def clean(doc: Document, cfg: CleanConfig | None = None, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> Cleaned:
    """Clean a document's text.

    Args:
        doc: what a reader produced.
        cfg: cleaning settings.
        languages: the languages a dateline may be written in (``language.languages`` of the run).

    Returns:
        The cleaned text (paragraphs joined by a blank line), what was removed and why, the credits,
        outlet hints, a dateline date and a title when one was found.

    >>> c = clean(Document(source="x", text="WORLD\\nSOURCE:AA\\nPutin met them."))
    >>> c.text, [r.why for r in c.removed], c.credits
    ('Putin met them.', ['section label', 'credit'], ('AA',))
    """
    cfg = cfg or CleanConfig()
    lines = [ln.strip() for ln in doc.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    removed: list[Removed] = []
    credits: list[str] = []
    hints: list[str] = []
    kept: list[str] = []
    dateline: dt.date | None = None
    title = doc.title
    names = outlet_names()
    timeline = _is_timeline(lines[:_DATELINE_LINES])
    teasers = _teaser_lines(lines)
    for i, line in enumerate(lines):
        if i < cfg.label_lines_from_top and not kept and _is_label(line, cfg):
            removed.append(Removed(text=line, why="section label"))
            continue
        if i in teasers:
            removed.append(Removed(text=line, why="related-story teaser"))
            continue
        marker = _LIST_MARKER.match(line)
        if marker:
            removed.append(Removed(text=line[: marker.end()].strip(), why="list marker"))
            line = line[marker.end() :]
        place = split_place_dateline(line, opening=len(kept) <= 1)
        if place is not None:
            removed.append(Removed(text=place[0], why="dateline (place and agency)"))
            line = place[1]
        head = (
            split_dateline(line, opening=not kept, timeline=timeline, languages=languages)
            if len(kept) <= 1 and not dateline
            else None
        )
        if head is not None:
            why = "dateline" if head.date else "dateline (day and month order unknown; date not used)"
            removed.append(Removed(text=line[: len(line) - len(head.rest)].strip(), why=why))
            dateline, line = head.date, head.rest
            if head.headline and cfg.detect_title and title is None:
                title = line
                removed.append(Removed(text=line, why="title (moved to the title field)"))
                continue
        rule = next((r for r in _rules() if r.regex.fullmatch(line)), None)
        if rule is not None:
            removed.append(Removed(text=line, why=rule.why))
            if rule.hint:
                hints.append(rule.hint)
            if rule.credit:
                m = rule.regex.fullmatch(line)
                credit = (m.group("credit") if m and "credit" in rule.regex.groupindex else line).strip()
                credits.append(credit)
                if credit.casefold() in names:
                    hints.append(names[credit.casefold()])
            continue
        # A date line is a dateline, except a timeline's entry date ("March 15, 2011 -" over its text) and,
        # below the first kept line, a dash-ended date line or any date line of a timeline.
        entry = line.endswith(("-", "–", "—", "|"))
        # dateparser reads only the first lines (where a dateline stands); the patterns read every line.
        head_langs = languages if len(kept) <= 1 else ()
        d = None if (entry and (timeline or kept)) or (timeline and kept) else parse_dateline(line, head_langs)
        if d is not None:
            removed.append(Removed(text=line, why="dateline"))
            dateline = dateline or d
            continue
        if cfg.detect_title and title is None and not kept and _looks_like_title(line):
            title = line
            removed.append(Removed(text=line, why="title (moved to the title field)"))
            continue
        if kept and line == kept[-1]:
            removed.append(Removed(text=line, why="repeated line"))
            continue
        kept.append(line)
    if not kept and title is not None and title != doc.title:
        # A one-paragraph article is not all headline: give its only line back as the text.
        kept.append(title)
        removed = [r for r in removed if not (r.text == title and r.why.startswith("title"))]
        title = doc.title
    text = "\n\n".join(kept)
    spans: list[tuple[int, int]] = []
    pos = 0
    for k in kept:
        spans.append((pos, pos + len(k)))
        pos += len(k) + 2
    return Cleaned(
        text=text,
        removed=tuple(doc.removed) + tuple(removed),
        title=title,
        credits=tuple(dict.fromkeys(credits)),
        outlet_hints=tuple(dict.fromkeys(hints)),
        dateline=dateline,
        paragraphs=tuple(spans),
    )


def _is_label(line: str, cfg: CleanConfig) -> bool:
    return (
        len(line.split()) <= cfg.max_label_words
        and bool(_UPPER_LABEL.match(line))
        and not any(ch.isdigit() for ch in line)
    )
