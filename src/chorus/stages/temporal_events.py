"""From a dated sentence to a timeline event: the clause a date belongs to, and dates that are not events.

Internal to :mod:`chorus.stages.timeline`; cues come from ``lang/<iso>/timeline.json``.

- :func:`event_clause` trims a sentence to the clause its date dates: a sentence with several dates
  is cut after each ("fled on December 8, 2024, | ending the regime, which had been in power since
  1963"); who-says-so wrappers go ("According to SANA, ...", "..., it added"); detail after the date
  goes (", stressing ...", ", with a particular focus on ..."); a date inside a relative clause keeps
  its antecedent ("Shaibani, who met President Vladimir Putin on Tuesday"; with its apposition: "George,
  first earl of Cromartie, who died in 1714"), and a date in an aside between dashes ends there
  ("– which contains ..., who died in 1714 – as the site of ...").
- :func:`caption`: a photo caption ("... Credit: Dr. Oliver J. T. O'Grady") tells no event.
- :func:`past_after`: a date after the document date cannot date what a sentence narrates in the past.
- :func:`quote_spans`: direct quotations. Relative dates in a quotation count from when the words
  were spoken, which the article rarely says ("over the past year", "yesterday you had a very good
  meeting"); the timeline leaves them out.
- :func:`period_to_now`: "over the past year" is a stretch of time up to the document date, not the
  date of an event.
- :func:`reported_date`: in "Lavrov will also meet Shaibani, state media reported on Tuesday" the
  date is the report's, not the meeting's.
- :func:`event_relative`: "The visit comes less than two days after the visit of a Turkish
  delegation" places the Turkish visit in the two days before the article's last event date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from chorus.stages import temporal_base as tb
from chorus.stages.temporal import TemporalExpression
from chorus.stages.temporal_tense import narrated

__all__ = [
    "EventCues",
    "announced_clause",
    "caption",
    "event_clause",
    "event_cues",
    "event_relative",
    "generic_present",
    "inside",
    "is_future",
    "join_ranges",
    "name_tokens",
    "not_event",
    "past_after",
    "period_to_now",
    "quote_spans",
    "reported_date",
    "year_label",
]

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“"}
_BOUNDARY = re.compile(r"[,;،؛]\s|\s(?:and|but|while|و)\s")
_DURATION = re.compile(r"PT?(\d+|X)(D|W|M|Y|H)")
_NAME = re.compile(r"[A-Z][\w'’-]*[a-z][\w'’-]*")
_TRIM = " \t\n,;:،؛"
_NEXT_WORD = re.compile(r"(?:'s|’s)?\s+(\w+)")
_TOKENS = re.compile(r"[\w']+")
_NAME_PARTS = re.compile(r"[-'’]")
_NONSPACE = re.compile(r"\S+")
_COMMA = re.compile(r"[,;،؛]\s*")
_DASH = re.compile(r"\s(?:–|—|--)\s")  # a spaced dash: opens or closes an aside
_CAPTION_CHARS = 400


@dataclass(frozen=True, slots=True)
class EventCues:
    """The compiled cues of one language (see ``lang/en/timeline.json`` for what each one is)."""

    lang: str
    reporting: re.Pattern[str]
    leading: tuple[re.Pattern[str], ...]
    trailing: tuple[re.Pattern[str], ...]
    tails: tuple[re.Pattern[str], ...]
    relative: re.Pattern[str]
    determiners: frozenset[str]
    period: re.Pattern[str]
    anchor: re.Pattern[str]
    below: re.Pattern[str]
    above: re.Pattern[str]
    after: re.Pattern[str]
    before: re.Pattern[str]
    future: frozenset[str]
    future_prefix: re.Pattern[str] | None
    stop_names: frozenset[str]
    present: frozenset[str]
    event_nouns: frozenset[str]
    label_before: tuple[re.Pattern[str], ...] = ()
    label_after: tuple[re.Pattern[str], ...] = ()
    not_event: tuple[re.Pattern[str], ...] = ()
    stative: tuple[re.Pattern[str], ...] = ()
    captions: tuple[re.Pattern[str], ...] = ()


def _alt(words: list[str]) -> str:
    return tb.alternation(tb.fold_word(w) for w in words) or r"(?!x)x"


@lru_cache(maxsize=8)
def event_cues(lang: str) -> EventCues:
    """The cues of ``lang``; languages without a ``timeline.json`` get the English ones."""
    lang_dir = tb.LANG_DIR  # one lang folder for the date lexicons and the timeline cues
    path = lang_dir / lang / "timeline.json"
    if not path.is_file():
        path = lang_dir / "en" / "timeline.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    dates = tb.lexicon(lang if (lang_dir / lang / "dates.json").is_file() else "en")
    pat = dates.get("future_prefix_regex")
    period = rf"(?<!\w)(?:{_alt(d['period_leads'])})\s+(?:{_alt(d['period_heads'])})(?!\w)"
    return EventCues(
        lang=lang,
        reporting=re.compile(rf"(?<!\w)(?:{_alt(d['reporting_verbs'])})\s+(?:on\s+|في\s+|يوم\s+)?$"),
        leading=tuple(re.compile(p, re.I) for p in d["leading_attribution"]),
        trailing=tuple(re.compile(p) for p in d["trailing_attribution"]),
        tails=tuple(re.compile(p, re.I) for p in d["tail_cuts"]),
        relative=re.compile(rf"[,،]\s*(?:{_alt(d['relative_pronouns'])})(?!\w)"),
        determiners=frozenset(tb.fold_word(w) for w in d["determiners"]),
        period=re.compile(period),
        anchor=re.compile(rf"(?<!\w)(?:{_alt(d['anchor_verbs'])})\s+$"),
        below=re.compile(rf"^(?:{_alt(d['approximate_below'])})(?!\w)"),
        above=re.compile(rf"^(?:{_alt(d['approximate_above'])})(?!\w)"),
        after=re.compile(rf"^\s*(?:{_alt(d['after_words'])})(?!\w)"),
        before=re.compile(rf"^\s*(?:{_alt(d['before_words'])})(?!\w)"),
        future=frozenset(dates.words("future_cues")),
        future_prefix=re.compile(pat) if pat else None,
        stop_names=frozenset(d.get("name_stopwords", [])),
        present=frozenset(tb.fold_word(w) for w in d.get("present_words", [])),
        event_nouns=frozenset(tb.fold_word(w) for w in d.get("event_nouns", [])),
        label_before=tuple(re.compile(p, re.I) for p in d.get("label_before", [])),
        label_after=tuple(re.compile(p, re.I) for p in d.get("label_after", [])),
        not_event=tuple(re.compile(p, re.I) for p in d.get("not_event", [])),
        stative=tuple(re.compile(p, re.I) for p in d.get("stative", [])),
        captions=tuple(re.compile(p) for p in d.get("caption_credits", [])),
    )


_JOIN = re.compile(r"\s*(?:-|–|—|to|through|until|till|and|إلى|الى|حتى|و)\s*")
_BETWEEN = re.compile(r"(?:\b(?:between|from)|(?<!\w)(?:بين|من))\s+$", re.I)


def join_ranges(text: str, exprs: list[TemporalExpression]) -> list[TemporalExpression]:
    """ "between 2014 and 2015", "from March to May", "2014-2015": one range for the timeline (the
    English rules keep TimeML's two dates). "and" joins only after "between"; the range must run
    forward.

    >>> t = "a dispute between 2014 and 2015 over the boat"
    >>> from chorus.stages.temporal import find_temporal
    >>> [(e.phrase, e.value.precision) for e in join_ranges(t, find_temporal(t, 0, len(t), "en", None))]
    [('between 2014 and 2015', 'range')]
    """
    out: list[TemporalExpression] = []
    for e in exprs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == e.kind == "date"
            and prev.value is not None
            and e.value is not None
            and prev.value.precision != "range"
            and e.value.precision != "range"
            and prev.value.start < e.value.start
            and (m := _JOIN.fullmatch(text, prev.end, e.start)) is not None
        ):
            lead = _BETWEEN.search(text, max(0, prev.start - 12), prev.start)
            if m.group(0).strip() not in ("and", "و") or lead is not None:
                start = lead.start() if lead is not None else prev.start
                out[-1] = TemporalExpression(
                    start=start,
                    end=e.end,
                    phrase=text[start : e.end],
                    kind="date",
                    value=tb.range_value(prev.value.start, tb.value_end(e.value)),
                    notes=prev.notes + e.notes,
                    relative=prev.relative or e.relative,
                )
                continue
        out.append(e)
    return out


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of direct quotations in ``text[start:end]`` (quote marks included).

    Curly and guillemet quotes pair by shape; straight double quotes pair in order within a paragraph.
    A quotation left open runs to the end of its paragraph (the newspaper convention for a quote that
    goes on in the next paragraph).

    >>> t = 'He said: "We won over the past year." Then he left.'
    >>> [t[a:b] for a, b in quote_spans(t)]
    ['"We won over the past year."']
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "\n":
            if opened is not None:
                out.append((opened[0], i))
                opened = None
            continue
        if opened is None:
            if ch in _OPEN_CLOSE:
                opened = (i, _OPEN_CLOSE[ch])
            elif ch == '"':
                opened = (i, '"')
        elif ch == opened[1]:
            out.append((opened[0], i + 1))
            opened = None
    if opened is not None:
        out.append((opened[0], end))
    return out


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether offset ``pos`` falls in one of ``spans``."""
    return any(a <= pos < b for a, b in spans)


def _fold(text: str, a: int, b: int) -> tuple[str, list[int]]:
    folded, idx = tb.fold(text[a:b])
    return folded, [a + i for i in idx]


def period_to_now(text: str, e: TemporalExpression, cues: EventCues) -> bool:
    """ "over the past year", "during the last two months", "خلال العام الماضي": a stretch of time up to
    the document date, not an event date.

    >>> t = "We stopped drugs over the past year."
    >>> from chorus.stages.temporal import find_temporal
    >>> period_to_now(t, find_temporal(t, 0, len(t), "en", None)[0], event_cues("en"))
    True
    """
    a = max(0, e.start - 24)
    folded, idx = _fold(text, a, e.end)
    return any(idx[m.start()] <= e.start and idx[m.end() - 1] >= e.start for m in cues.period.finditer(folded))


def generic_present(text: str, e: TemporalExpression, s0: int, s1: int, cues: EventCues) -> bool:
    """ "today" meaning nowadays: "prices today are high", "today's young adults". A present word
    dates an event only in a clause with a past or future cue ("Putin received them today", "they
    meet tonight"), or as a possessive before an event noun ("today's meeting").

    >>> t = "National home prices today are high."
    >>> from chorus.stages.temporal import find_temporal
    >>> import datetime as dt
    >>> generic_present(t, find_temporal(t, 0, len(t), "en", dt.date(2016, 5, 18))[0], 0, len(t), event_cues("en"))
    True
    """
    word = tb.fold_word(e.phrase)
    possessive = word.endswith(("'s", "’s"))
    if word.removesuffix("'s").removesuffix("’s") not in cues.present:
        return False
    if possessive or text[e.end : e.end + 2] in ("'s", "’s"):
        nxt = _NEXT_WORD.match(text[e.end : e.end + 40])
        return nxt is None or tb.fold_word(nxt.group(1)) not in cues.event_nouns
    folded, idx = _fold(text, s0, s1)
    a = next(i for i, x in enumerate(idx) if x >= e.start)
    b = next((i for i, x in enumerate(idx) if x >= e.end), len(folded))
    return tb.tense(folded, a, b, tb.lexicon(cues.lang if cues.lang in ("en", "ar") else "en")) is None


def year_label(text: str, e: TemporalExpression, cues: EventCues) -> bool:
    """A year used as a label, not an event date: "their 2004 tax returns", "fiscal 2004",
    "عائداتها الضريبية 2004".

    >>> t = "They may write off donations on their 2004 tax returns."
    >>> from chorus.stages.temporal import find_temporal
    >>> year_label(t, find_temporal(t, 0, len(t), "en", None)[0], event_cues("en"))
    True
    """
    if e.value is None or e.value.precision != "year":
        return False
    before, _ = _fold(text, max(0, e.start - 40), e.start)
    after, _ = _fold(text, e.end, min(len(text), e.end + 20))
    return any(p.search(before) for p in cues.label_before) or any(p.search(after) for p in cues.label_after)


def not_event(text: str, s0: int, c0: int, c1: int, e: TemporalExpression, cues: EventCues) -> bool:
    """A dated clause that tells no event: a counterfactual ("Without the new law, contributors would
    have waited until 2006"), a possibility ("may write off ... in 2005"), or the start of a state
    ("which had been in power since 1963"). The modal cues count for year and month dates only, where
    they are the usual way a year is mentioned without an event; the sentence opening counts for all.
    """
    # the sentence splitter may cut at a comma ("بدون القانون الجديد ، | كان على ..."): open at the full stop
    s0 = min(s0, max(text.rfind(". ", 0, s0) + 2, text.rfind("\n", 0, s0) + 1))
    opening, _ = _fold(text, s0, min(c1, s0 + 40))
    if any(p.match(opening) for p in cues.not_event if p.pattern.startswith("^")):
        return True
    head, _ = _fold(text, max(c0, e.start - 80), e.start)
    if any(p.search(head) for p in cues.stative):
        return True
    if e.value is None or e.value.precision not in ("year", "month"):
        return False
    clause, idx = _fold(text, c0, c1)
    if any(p.search(clause) for p in cues.not_event if not p.pattern.startswith("^")):
        return True
    if e.value.precision != "year" or e.relative:
        return False
    # a bare year in a clause with no past or future verb labels a thing ("the 2004 tsunami",
    # "donations in 2005 deductible"), it does not date an event
    a = next((i for i, x in enumerate(idx) if x >= e.start), len(clause))
    b = next((i for i, x in enumerate(idx) if x >= e.end), len(clause))
    return tb.tense(clause, a, b, tb.lexicon(cues.lang if cues.lang in ("en", "ar") else "en")) is None


def caption(text: str, s0: int, s1: int, cues: EventCues) -> bool:
    """Whether the sentence ``text[s0:s1]`` is part of a photo caption: its line ends in a credit
    ("... underneath a parking lot. Credit: Dr. Oliver J. T. O'Grady", "AP Photo/David Zalubowski").
    A caption describes a picture; its dates are no events of the story. A line longer than a caption
    (an article given as one line) is never one.

    >>> t = "Intro.\\nA vessel from the 13th century. Credit: Dr. Oliver J. T. O'Grady\\nMore."
    >>> caption(t, 7, 40, event_cues("en")), caption(t, 0, 6, event_cues("en"))
    (True, False)
    """
    lo = text.rfind("\n", 0, s0) + 1
    hi = text.find("\n", s1)
    line = text[lo : hi if hi >= 0 else len(text)].rstrip()
    return len(line) <= _CAPTION_CHARS and any(p.search(line) for p in cues.captions)


def past_after(text: str, s0: int, s1: int, e: TemporalExpression, ref: dt.date | None, cues: EventCues) -> bool:
    """A date after the document date ``ref`` in a sentence that narrates in the past tense: it cannot
    be the date of that past event ("the offer was extended to Nov. 20": a deadline; "Lohan crashed on
    June 8, 2013" in a May 2013 article: a wrong date). A past-tense report of what is to come keeps
    its date: "said the vote is on Nov. 16" (speech, a present "is"), "agreed to meet on Nov. 16"
    (intention), "was postponed until Nov. 16" (future).
    """
    if ref is None or e.value is None or e.value.start <= ref:
        return False
    lex = tb.lexicon(cues.lang if cues.lang in ("en", "ar") else "en")
    folded, idx = _fold(text, s0, s1)
    a = next((i for i, x in enumerate(idx) if x >= e.start), len(folded))
    b = next((i for i, x in enumerate(idx) if x >= e.end), len(folded))
    return tb.tense(folded, a, b, lex) == "past" and narrated(folded, a, b, lex)


def reported_date(text: str, clause_start: int, e: TemporalExpression, cues: EventCues) -> bool:
    """Whether the date right follows a reporting verb ("reported on Tuesday", "said Tuesday"): it
    dates the report, not what was reported."""
    folded, _ = _fold(text, max(clause_start, e.start - 40), e.start)
    return cues.reporting.search(folded) is not None


def is_future(text: str, a: int, b: int, cues: EventCues) -> bool:
    """Whether ``text[a:b]`` has a future-tense cue ("will", "is to", "سوف", the سـ prefix)."""
    folded, _ = _fold(text, a, b)
    toks = _TOKENS.findall(folded)
    pairs = {f"{x} {y}" for x, y in itertools.pairwise(toks)}
    if any(t in cues.future or t.endswith("'ll") for t in toks) or pairs & cues.future:
        return True
    return cues.future_prefix is not None and any(cues.future_prefix.match(t) for t in toks)


def event_relative(
    text: str, e: TemporalExpression, clause_start: int, cues: EventCues
) -> tuple[int, str, str, str] | None:
    """Read "comes less than two days after ..." as (count, unit, ``after``/``before``, bound).

    Only when the clause's subject is the event the article is about ("The visit comes ...", "The
    meeting follows ..."): the expression must follow an anchor verb and precede "after"/"before".
    ``bound`` is ``below`` ("less than two days": a range up to the anchor) or ``exact``; an open
    lower bound ("more than two days") gives None.
    """
    m = _DURATION.fullmatch(e.timex or "")
    if e.kind != "duration" or m is None or m.group(1) == "X" or m.group(2) == "H":
        return None
    head, _ = _fold(text, clause_start, e.start)
    if cues.anchor.search(head) is None:
        return None
    tail, _ = _fold(text, e.end, min(len(text), e.end + 20))
    direction = "after" if cues.after.match(tail) else "before" if cues.before.match(tail) else None
    if direction is None:
        return None
    phrase = tb.fold_word(e.phrase)
    if cues.above.match(phrase):
        return None
    bound = "below" if cues.below.match(phrase) else "exact"
    return int(m.group(1)), m.group(2), direction, bound


def name_tokens(text: str, cues: EventCues) -> frozenset[str]:
    """Capitalized words that may be names ("Lavrov", "Shaibani" in "al-Shaibani"), for telling two
    reports of one event apart from two events; Arabic script has no capitals and gives none."""
    out = set()
    for w in _NAME.findall(text):
        for part in _NAME_PARTS.split(w):
            if len(part) > 2 and part[0].isupper() and part not in cues.stop_names:
                out.add(part)
    return frozenset(out)


def _multi_date_span(
    text: str, s0: int, s1: int, e: TemporalExpression, exprs: list[TemporalExpression]
) -> tuple[int, int]:
    """The part of the sentence that belongs to ``e`` when the sentence holds several dates: cut at the
    first clause boundary after each date, so each date keeps its own clause and the first keeps the
    subject."""
    if len(exprs) <= 1:
        return s0, s1
    cuts = [s0]
    for x in exprs[:-1]:
        m = _BOUNDARY.search(text, x.end, s1)
        nxt = next((y.start for y in exprs if y.start >= x.end), s1)
        cuts.append(m.start() if m and m.start() < nxt else x.end)
    cuts.append(s1)
    k = next(i for i, x in enumerate(exprs) if x is e)
    return cuts[k], cuts[k + 1]


def _antecedent(text: str, lo: int, comma: int, cues: EventCues) -> int:
    """Where the noun phrase before ", who/which" starts: a run of capitalized words, else the last
    determiner, else the last word."""
    words = list(_NONSPACE.finditer(text[lo:comma]))
    if not words:
        return comma
    k = len(words)
    while k > 0 and words[k - 1].group(0)[:1].isupper():
        k -= 1
    if 1 < k < len(words) and words[k - 1].group(0) == "of":  # the head noun comes before "of"
        if words[k - 2].group(0)[:1].isupper():  # "the Bank of England"
            k -= 1
            while k > 0 and words[k - 1].group(0)[:1].isupper():
                k -= 1
        elif k <= 4:  # a short apposition: "George, first earl of Cromartie"
            k = 0
    if k < len(words) and k > 0 and tb.fold_word(words[k - 1].group(0)) in cues.determiners:
        k -= 1
    if k == len(words):
        k = next(
            (i for i in range(len(words) - 1, -1, -1) if tb.fold_word(words[i].group(0)) in cues.determiners),
            len(words) - 1,
        )
        if k > 1 and words[k - 1].group(0) == "of":  # "the leaders of the region", "chairman of the board"
            det = (i for i in range(k - 2, max(-1, k - 5), -1) if tb.fold_word(words[i].group(0)) in cues.determiners)
            k = next(det, 0 if k <= 4 else k)
    return lo + words[k].start()


def event_clause(
    text: str, s0: int, s1: int, e: TemporalExpression, exprs: list[TemporalExpression], cues: EventCues
) -> tuple[int, int]:
    """The span of the clause that ``e`` dates, inside the sentence ``text[s0:s1]``.

    >>> t = "Lavrov greeted Shaibani, who met President Vladimir Putin on Tuesday, stressing dialogue."
    >>> from chorus.stages.temporal import find_temporal
    >>> import datetime as dt
    >>> (e,) = find_temporal(t, 0, len(t), "en", dt.date(2025, 12, 24))
    >>> a, b = event_clause(t, 0, len(t), e, [e], event_cues("en"))
    >>> t[a:b]
    'Shaibani, who met President Vladimir Putin on Tuesday'
    """
    a, b = _multi_date_span(text, s0, s1, e, exprs)
    a, b = _strip(text, a, b)
    if len(_DASH.findall(text, a, e.start)) % 2 and (close := _DASH.search(text, e.end, b)) is not None:
        b = close.start()  # a date inside "– which contains ..., who died in 1714 –": the aside ends there
    for _ in range(3):  # wrappers can nest: "X met Y on Tuesday, it added, according to SANA."
        before = b
        for pat in cues.trailing:
            m = pat.search(text, e.end, b)
            if m is not None:
                b = m.start()
        b = _strip(text, a, b)[1]
        if b == before:
            break
    for pat in cues.tails:
        m = pat.search(text, e.end, b)
        if m is not None and len(text[a : m.start()].split()) >= 4:
            b = m.start()
    for pat in cues.leading:
        m = pat.match(text, a, e.start)
        if m is not None:
            a = m.end()
    rel = [m for m in cues.relative.finditer(text, a, e.start)]
    if rel:
        comma = rel[-1].start()
        prior = [m.end() for m in _COMMA.finditer(text[a:comma])]
        lo = a + prior[-1] if prior else a
        if not _COMMA.search(text[comma + 1 : e.start]):
            start, a = a, _antecedent(text, lo, comma, cues)
            if a == lo and prior and text[a : a + 1].islower():
                a = _apposed(text, start + prior[-2] if len(prior) > 1 else start, lo)
    return _strip(text, a, b)


def _apposed(text: str, lo: int, seg: int) -> int:
    """Where the name that the lower-case apposition at ``seg`` describes starts: "George, | first
    earl of Cromartie, who died in 1714" starts at "George". The name is the run of up to four
    capitalized words that ends right before the comma; without one, the apposition itself."""
    words = list(_NONSPACE.finditer(text[lo:seg]))
    k = len(words)
    while k > 0 and len(words) - k < 4 and words[k - 1].group(0)[:1].isupper():
        k -= 1
    return lo + words[k].start() if k < len(words) else seg


def announced_clause(text: str, s0: int, report: int) -> tuple[int, int]:
    """The clause of an announcement: the sentence up to the comma before the reporting verb whose
    date is at ``report`` ("Lavrov will also meet Shaibani | , state media reported on Tuesday")."""
    cut = max(text.rfind(",", s0, report), text.rfind("،", s0, report))
    return _strip(text, s0, cut if cut > s0 else report)


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and (text[b - 1] in _TRIM or text[b - 1] == "."):
        b -= 1
    return a, b
