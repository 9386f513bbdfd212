"""Timeline: dated events across a story's articles, one item per event, with date conflicts flagged.

Reads: ``Article.text``, ``segments``, ``published``. Adds: ``Story.timeline`` and date
``Discrepancy`` objects.

An event is a clause holding a temporal expression that resolves to a date (``on Tuesday``,
``December 8, 2024``, ``أمس``); the clause, trimmed to the event (:func:`~chorus.stages.temporal_events.
event_clause`: "Shaibani, who met President Vladimir Putin on Tuesday", not the whole sentence), is
the item text and its span the evidence. Not events: datelines (a line that is only a date), the
document date itself, dates inside direct quotations (they count from when the words were spoken:
"over the past year", "yesterday you had a very good meeting"), stretches up to now ("over the
past year"), photo captions (a line ending in a credit: "Credit: Dr. Oliver J. T. O'Grady"), and a
date after the publication date in a sentence that narrates in the past tense ("the offer was
extended to Nov. 20": a deadline, not the day of a past event). Items from several articles about
the same event (same date, similar clause: cosine of the injected :class:`~chorus.embed.Encoder` or
content-token overlap; within one article, the same day and the same two names) merge
into one item listing every article; a vaguer report ("ousted in December last year") joins a
precise one ("fled on December 8, 2024").

Dates relative to an event: "The visit comes less than two days after the visit of a Turkish
delegation" dates the Turkish visit as the range of the two days before the article's previous
event date (here the Tuesday meeting). Announcements: in "Lavrov will also meet Shaibani, state
media reported on Tuesday" the date is the report's; the clause joins the later event it announces
(the Wednesday Lavrov meeting) when one is in the story, and is left out otherwise.

Articles without a publication date: their relative expressions (``on Tuesday``, ``later
Wednesday``) cannot be resolved alone. When ``cfg.borrow_dates`` is on (the default) they are resolved
against the story's dominant publication date (the most common date among the co-reporting articles,
the latest on a tie), because an article clustered into a story is almost always published within
a day of the others and its weekdays only make sense near that date; every item built that way says
so in ``notes``. The borrowing is refused when the article tells, not in the future tense, of an
explicit date after the borrowed one (it must have been published later; "the next round is set for
January 6" says nothing). Without a date to borrow (or with borrowing off)
their relative dates are left out of the timeline and only their explicit dates ("January 6, 2026")
count; the relative phrases stay available from :func:`~chorus.stages.temporal.find_temporal` with
``value=None`` and the note that the document date is unknown.

Conflicts: the same event dated differently by different articles (similar clauses, dates that do
not overlap) becomes a ``Discrepancy(kind="date")`` with both clauses as evidence; so does an
article whose named weekday contradicts its own publication date ("today (Tuesday)" in a Wednesday
article: the weekday wins, and the discrepancy says so).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from chorus.embed import Encoder
from chorus.errors import ConfigError
from chorus.model import Article, DateValue, Discrepancy, Segment, Span, TimelineItem
from chorus.stages import temporal_events as te
from chorus.stages import temporal_story as ts
from chorus.stages.temporal import TemporalExpression, document_date, find_temporal, supported_languages
from chorus.stages.temporal_base import range_value, shift
from chorus.text import split_sentences

__all__ = ["TimelineConfig", "build_timeline", "story_reference_date"]

_WORD = re.compile(r"\w+")
_URL = re.compile(r"https?://|pic\.twitter\.com|www\.")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class TimelineConfig:
    """Settings of :func:`build_timeline`.

    Attributes:
        similarity: Cosine (with an encoder) at or above which two same-date clauses are one event.
        overlap: Content-token Jaccard at or above which two same-date clauses are one event (used
            with or without an encoder; the only test without one).
        conflict_similarity: Cosine at or above which two clauses with non-overlapping dates are the
            same event reported with conflicting dates.
        conflict_overlap: The same, as content-token Jaccard.
        borrow_dates: Resolve undated articles against the story's dominant publication date.
        skip_quotes: Leave dates inside direct quotations out of the timeline.
        same_article_names: Two clauses of one article on the same day that share this many names
            are one event (0 turns the rule off).
        announcement_days: How far after its report date an announced event ("will also meet",
            reported on Tuesday) may be found in the story.
        min_event_words: Clauses with fewer words outside the date phrase are datelines, not events.
        max_text_chars: Longer item texts are cut at a word boundary with an ellipsis.
    """

    similarity: float = 0.55
    overlap: float = 0.3
    conflict_similarity: float = 0.85
    conflict_overlap: float = 0.6
    borrow_dates: bool = True
    skip_quotes: bool = True
    same_article_names: int = 2
    announcement_days: int = 31
    min_event_words: int = 3
    max_text_chars: int = 400

    def __post_init__(self) -> None:
        for name in ("similarity", "overlap", "conflict_similarity", "conflict_overlap"):
            v = getattr(self, name)
            if not 0 < v <= 1:
                raise ConfigError(f"timeline.{name} must be in (0, 1], got {v}")
        for name in ("min_event_words", "same_article_names", "announcement_days"):
            if getattr(self, name) < 0:
                raise ConfigError(f"timeline.{name} must be >= 0, got {getattr(self, name)}")
        if self.max_text_chars < 40:
            raise ConfigError(f"timeline.max_text_chars must be >= 40, got {self.max_text_chars}")


def story_reference_date(articles: Sequence[Article]) -> dt.date | None:
    """The story's dominant publication date: the most common known one, the latest on a tie."""
    known = Counter(d for a in articles if (d := document_date(a)) is not None)
    if not known:
        return None
    return max(known, key=lambda d: (known[d], d))


def build_timeline(
    articles: Sequence[Article], cfg: TimelineConfig, encoder: Encoder | None = None
) -> tuple[list[TimelineItem], list[Discrepancy]]:
    """Build a story's timeline from its articles.

    Args:
        articles: The story's articles.
        cfg: Settings.
        encoder: Optional multilingual sentence encoder; without it only same-language clauses
            with overlapping words merge.

    Returns:
        The items (``TimelineItem`` with notes and phrases), sorted by date, and the date
        discrepancies.

    >>> a = Article(id="a1", source="s", text="Putin met them on Tuesday in Moscow.",
    ...             published=dt.date(2025, 12, 24),
    ...             segments=(Segment(id="a1:0", language="en", start=0, end=36),))
    >>> items, _ = build_timeline([a], TimelineConfig())
    >>> items[0].date.format(), items[0].articles, items[0].text
    ('2025-12-23', ('a1',), 'Putin met them on Tuesday in Moscow')
    """
    borrowed = story_reference_date(articles) if cfg.borrow_dates else None
    cands: list[ts.Candidate] = []
    for article in articles:
        cands.extend(_candidates(article, borrowed, cfg, len(cands)))
    events = [i for i, c in enumerate(cands) if not c.announced]
    if not events:
        return [], []
    sim = ts.Similarity(cands, encoder)
    groups = _group(cands, events, sim, cfg)
    _attach_announcements(cands, groups, sim, cfg)
    lang = _story_language(articles)
    items = [_item(cands, g, sim, cfg, lang) for g in groups]
    order = sorted(range(len(items)), key=lambda i: (items[i].date.start, ts.last_day(items[i].date)))
    items_sorted = [items[i] for i in order]
    groups_sorted = [groups[i] for i in order]
    thresholds = (cfg.conflict_similarity, cfg.conflict_overlap)
    conflicts = ts.date_conflicts(cands, groups_sorted, items_sorted, sim, thresholds, articles)
    conflicts += ts.weekday_conflicts(cands, articles)
    return list(items_sorted), conflicts


def _story_language(articles: Sequence[Article]) -> str:
    """The language item texts are chosen in: English when an English segment exists (the brief's
    default), else the language covering most text."""
    sizes: Counter[str] = Counter()
    for a in articles:
        for seg in a.segments:
            sizes[seg.language] += seg.end - seg.start
    if not sizes or "en" in sizes:
        return "en"
    return sizes.most_common(1)[0][0]


# --- candidates ----------------------------------------------------------------------------------


def _expressions(article: Article, ref: dt.date | None) -> list[tuple[TemporalExpression, str]]:
    segments = article.segments or (Segment(id=f"{article.id}:0", language="en", start=0, end=len(article.text)),)
    return [
        (e, seg.language)
        for seg in segments
        if seg.language in supported_languages()
        for e in find_temporal(article.text, seg.start, seg.end, seg.language, ref)
        if (e.kind == "date" and e.value is not None) or e.kind == "duration"
    ]


def _reference(article: Article, borrowed: dt.date | None) -> tuple[dt.date | None, tuple[str, ...]]:
    """The date to resolve ``article`` against, and the note that says it was borrowed."""
    own = document_date(article)
    if own is not None or borrowed is None:
        return own, ()
    text = article.text
    for e, lang in _expressions(article, None):
        if e.value is None or e.relative or e.value.precision != "day" or e.value.start <= borrowed:
            continue
        s0 = max(text.rfind(". ", 0, e.start), text.rfind("\n", 0, e.start)) + 1
        if not te.is_future(text, s0, e.start, te.event_cues(lang)):
            return None, ()  # a later date in the past tense: it was not published on the borrowed date
    note = (
        f"article {article.id} has no publication date; its relative dates were resolved against "
        f"{borrowed.isoformat()}, the dominant publication date of the co-reporting articles"
    )
    return borrowed, (note,)


def _candidates(article: Article, borrowed: dt.date | None, cfg: TimelineConfig, base: int) -> list[ts.Candidate]:
    ref, borrow_note = _reference(article, borrowed)  # None: only explicit dates ("May 3, 2024") resolve
    text = article.text
    found = _expressions(article, ref)
    quotes = te.quote_spans(text) if cfg.skip_quotes else []
    segments = article.segments or (Segment(id=f"{article.id}:0", language="en", start=0, end=len(text)),)
    sents = [(sp, seg.language) for seg in segments for sp in split_sentences(text, seg.start, seg.end, seg.language)]
    out: list[ts.Candidate] = []
    seen: set[tuple[int, str]] = set()
    last_day: TemporalExpression | None = None  # the article's previous event date, for "two days after"
    for k, ((s0, s1), lang) in enumerate(sents):
        cues = te.event_cues(lang)
        exprs = te.join_ranges(text, [e for e, _ in found if s0 <= e.start < s1])
        exprs = [e for e in exprs if not te.year_label(text, e, cues)]  # "2004 tax returns": a label
        dated = [e for e in exprs if e.kind == "date" or te.event_relative(text, e, s0, cues)]
        p0 = sents[k - 1][0][0] if k else s0
        for e in dated:
            if te.inside(e.start, quotes) or _URL.search(text, s0, s1) or te.caption(text, s0, s1, cues):
                continue  # quoted words count from when they were spoken; a URL line is an embed; a photo caption
            if e.kind == "date" and (te.period_to_now(text, e, cues) or te.generic_present(text, e, s0, s1, cues)):
                continue  # "over the past year", "prices today are high": no event date
            c0, c1 = te.event_clause(text, s0, s1, e, dated, cues)
            if te.not_event(text, s0, c0, c1, e, cues):
                continue  # "would have waited until 2006", "may write off", "in power since 1963"
            if e.kind == "date" and te.past_after(text, s0, s1, e, ref, cues):
                continue  # "the offer was extended to Nov. 20": a later date dates no past event
            notes = tuple(f"article {article.id}: {n}" for n in e.notes if n.startswith("weekday mismatch"))
            value = e.value
            announced = False
            if e.kind == "duration":
                placed = _place_relative(text, e, c0, cues, last_day)
                if placed is None:
                    continue
                value, how = placed
                notes += (how,)
            elif te.reported_date(text, c0, e, cues):
                announced = te.is_future(text, s0, e.start, cues)
                if announced:  # the clause is what was announced; the date is the report's
                    c0, c1 = te.announced_clause(text, s0, e.start)
            assert value is not None
            clause = text[c0:c1]
            rest = clause[: max(0, e.start - c0)] + clause[max(0, e.end - c0) :]
            if len(_WORD.findall(rest)) < cfg.min_event_words:
                continue  # a dateline or a date on its own: the publication date, not an event
            if e.kind == "date" and value.precision == "day" and not announced:
                last_day = e
            key = (c0, value.format() + value.precision)
            if key in seen:
                continue
            seen.add(key)
            if e.relative or e.kind == "duration":
                notes += borrow_note
            out.append(
                ts.Candidate(
                    article=article.id,
                    date=value,
                    start=c0,
                    end=c1,
                    text=clause,
                    context=text[p0:c1],
                    phrase=Span(article=article.id, start=e.start, end=e.end, text=e.phrase),
                    notes=notes,
                    order=base + len(out),
                    names=te.name_tokens(clause, cues),
                    announced=announced,
                    lang=lang,
                )
            )
    return out


def _place_relative(
    text: str, e: TemporalExpression, c0: int, cues: te.EventCues, anchor: TemporalExpression | None
) -> tuple[DateValue, str] | None:
    """Date "less than two days after X" from the article's previous event date."""
    rel = te.event_relative(text, e, c0, cues)
    if rel is None or anchor is None or anchor.value is None:
        return None
    n, unit, direction, bound = rel
    day = anchor.value.start
    sign = -1 if direction == "after" else 1
    far = shift(day, unit, sign * n) if unit != "D" else None
    other = day + dt.timedelta(days=sign * n) if unit == "D" else (far.start if far else day)
    if bound == "below":
        lo, hi = (other, day) if sign < 0 else (day, other)
        value = range_value(lo, hi)
    elif unit == "D":
        value = DateValue(start=other, precision="day")
    elif far is not None and far.precision in ("month", "year"):
        value = far
    else:
        value = range_value(other, other + dt.timedelta(days=6))
    how = (
        f"placed from {anchor.phrase!r} ({day.isoformat()}, the article's previous event date): "
        f"{e.phrase!r} {direction}"
    )
    return value, how


# --- similarity and grouping ---------------------------------------------------------------------


def _same_event(cands: list[ts.Candidate], i: int, j: int, sim: ts.Similarity, cfg: TimelineConfig) -> bool:
    if sim.close(i, j, cfg.similarity, cfg.overlap):
        return True
    a, b = cands[i], cands[j]
    return (
        cfg.same_article_names > 0
        and a.article == b.article
        and a.date.precision == "day"
        and len(a.names & b.names) >= cfg.same_article_names
    )


def _group(cands: list[ts.Candidate], events: list[int], sim: ts.Similarity, cfg: TimelineConfig) -> list[list[int]]:
    by_date: dict[tuple[dt.date, str, dt.date | None], list[int]] = {}
    for i in events:
        c = cands[i]
        by_date.setdefault((c.date.start, c.date.precision, c.date.end), []).append(i)
    groups: list[list[int]] = []
    for members in by_date.values():
        local: list[list[int]] = []
        for i in members:
            for g in local:
                if any(_same_event(cands, i, j, sim, cfg) for j in g):
                    g.append(i)
                    break
            else:
                local.append([i])
        groups.extend(local)
    return _absorb_coarser(cands, groups, sim, cfg)


def _width(v: DateValue) -> int:
    return (ts.last_day(v) - v.start).days


def _absorb_coarser(
    cands: list[ts.Candidate], groups: list[list[int]], sim: ts.Similarity, cfg: TimelineConfig
) -> list[list[int]]:
    """Fold a vaguer report of an event into a precise one: "ousted in December last year" joins
    "fled on December 8, 2024" when the month contains the day and the clauses are similar."""
    order = sorted(range(len(groups)), key=lambda g: _width(cands[groups[g][0]].date))
    merged: list[list[int]] = []
    for g in order:
        v = cands[groups[g][0]].date
        home = next(
            (
                m
                for m in merged
                if _width(cands[m[0]].date) < _width(v)
                and v.start <= cands[m[0]].date.start
                and ts.last_day(cands[m[0]].date) <= ts.last_day(v)
                and any(sim.close(i, j, cfg.similarity, cfg.overlap) for i in groups[g] for j in m)
            ),
            None,
        )
        if home is None:
            merged.append(list(groups[g]))
        else:
            home.extend(groups[g])
    return merged


def _attach_announcements(
    cands: list[ts.Candidate], groups: list[list[int]], sim: ts.Similarity, cfg: TimelineConfig
) -> None:
    """Add each announcement ("will also meet ..., reported on Tuesday") to the most similar event of
    the story dated after its report and within ``cfg.announcement_days``; it needs two shared names
    or a similar clause. Unmatched announcements are dropped: their event has no date."""
    for i, c in enumerate(cands):
        if not c.announced:
            continue
        best: tuple[float, list[int]] | None = None
        for g in groups:
            d = cands[g[0]].date
            if not c.date.start < d.start <= c.date.start + dt.timedelta(days=cfg.announcement_days):
                continue
            names = max(len(c.names & cands[j].names) for j in g)
            score = max(sim.score(i, j) for j in g)
            if (names >= 2 or any(sim.close(i, j, cfg.similarity, cfg.overlap) for j in g)) and (
                best is None or score > best[0]
            ):
                best = (score, g)
        if best is not None:
            best[1].append(i)


def _item(
    cands: list[ts.Candidate], group: list[int], sim: ts.Similarity, cfg: TimelineConfig, lang: str = "en"
) -> TimelineItem:
    """One item: the finest date of the group, cited by the articles that give that date. A vaguer
    report ("in late 2024" for December 8, 2024) and an announcement ("will also meet", no day) are
    named in ``notes`` at their own precision, not cited as giving the day. The text is the most
    central clause, in ``lang`` when one is (an English brief shows the English sentence)."""
    events = [i for i in group if not cands[i].announced]
    finest = min(events, key=lambda i: _width(cands[i].date))
    date = cands[finest].date
    same = [i for i in events if cands[i].date == date]
    pool = [i for i in same if cands[i].lang == lang] or same
    rep = max(pool, key=lambda i: (sim.centrality(i, events), -cands[i].order))
    text = cands[rep].text
    if len(text) > cfg.max_text_chars:
        text = text[: cfg.max_text_chars].rsplit(" ", 1)[0] + "…"
    arts = tuple(dict.fromkeys(cands[i].article for i in same))
    seen: set[tuple[str, str]] = set()
    spans: list[Span] = []
    for i in same:  # a headline repeated in the body is one piece of evidence
        c = cands[i]
        if (c.article, c.text) not in seen:
            seen.add((c.article, c.text))
            spans.append(Span(article=c.article, start=c.start, end=c.end, text=c.text))
    notes = tuple(dict.fromkeys(n for i in same for n in cands[i].notes))
    vaguer = [i for i in events if cands[i].date != date]
    if vaguer:
        said = "; ".join(
            dict.fromkeys(
                f"{ts.show(cands[i].date)} by article {cands[i].article} ({cands[i].phrase.text!r}: {cands[i].text!r})"
                for i in sorted(vaguer, key=lambda i: cands[i].order)
            )
        )
        notes += (f"also reported less precisely, not as this day: {said}",)
    for i in group:
        if cands[i].announced:
            c = cands[i]
            notes += (
                f"announced in advance by article {c.article}, in a report it dates {c.phrase.text!r} "
                f"({c.date.format()}): {c.text!r}",
            )
    phrases = tuple(dict.fromkeys(cands[i].phrase.text for i in same))
    return TimelineItem(date=date, text=text, articles=arts, evidence=tuple(spans), notes=notes, phrases=phrases)
