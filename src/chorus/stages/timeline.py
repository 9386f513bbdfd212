"""Timeline: dated events across a story's articles, one item per event, with date conflicts flagged.

Reads: ``Article.text``, ``segments``, ``published``. Adds: ``Story.timeline`` and date
``Discrepancy`` objects.

An event is a sentence holding a temporal expression that resolves to a date (``on Tuesday``,
``December 8, 2024``, ``أمس``); the sentence is the item text and its span the evidence. Items from
several articles about the same event (same date, similar sentence: cosine of the injected
:class:`~chorus.embed.Encoder` or, without one, content-token overlap) merge into one item listing
every article. Publication dates are not events: a line that is only a date (a dateline) is skipped,
and the document date itself is never an item.

Articles without a publication date: their relative expressions (``on Tuesday``, ``later
Wednesday``) cannot be resolved alone. When ``cfg.borrow_dates`` is on (the default) they are resolved
against the story's dominant publication date (the most common date among the co-reporting articles,
the latest on a tie), and every item built that way says so in ``notes``. With it off they are left
out of the timeline (their phrases stay available from :func:`~chorus.stages.temporal.find_temporal`
with ``value=None``).

The same event dated differently by different articles (similar sentences, dates that do not overlap)
becomes a ``Discrepancy(kind="date")`` with both sentences as evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from chorus.embed import Encoder
from chorus.errors import ConfigError
from chorus.model import Article, DateValue, Discrepancy, Segment, Span, TimelineItem
from chorus.stages.temporal import TemporalExpression, document_date, find_temporal, supported_languages
from chorus.text import normalize, split_sentences

__all__ = ["TimelineConfig", "TimelineEvent", "build_timeline", "story_reference_date", "timeline_entry"]

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class TimelineConfig:
    """Settings of :func:`build_timeline`.

    Attributes:
        similarity: Cosine (with an encoder) at or above which two same-date sentences are one event.
        overlap: Content-token Jaccard at or above which two same-date sentences are one event (used
            with or without an encoder; the only test without one).
        conflict_similarity: Cosine at or above which two sentences with non-overlapping dates are the
            same event reported with conflicting dates.
        conflict_overlap: The same, as content-token Jaccard.
        borrow_dates: Resolve undated articles against the story's dominant publication date.
        min_event_words: Sentences with fewer words outside the date phrase are datelines, not events.
        max_text_chars: Longer item texts are cut at a word boundary with an ellipsis.
    """

    similarity: float = 0.55
    overlap: float = 0.3
    conflict_similarity: float = 0.85
    conflict_overlap: float = 0.6
    borrow_dates: bool = True
    min_event_words: int = 3
    max_text_chars: int = 400

    def __post_init__(self) -> None:
        for name in ("similarity", "overlap", "conflict_similarity", "conflict_overlap"):
            v = getattr(self, name)
            if not 0 < v <= 1:
                raise ConfigError(f"timeline.{name} must be in (0, 1], got {v}")
        if self.min_event_words < 0:
            raise ConfigError(f"timeline.min_event_words must be >= 0, got {self.min_event_words}")
        if self.max_text_chars < 40:
            raise ConfigError(f"timeline.max_text_chars must be >= 40, got {self.max_text_chars}")


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEvent(TimelineItem):
    """A :class:`~chorus.model.TimelineItem` plus notes a reader should see (borrowed dates, weekday
    mismatches, the date phrases that placed it)."""

    notes: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Candidate:
    article: str
    date: DateValue
    start: int  # sentence span
    end: int
    text: str
    context: str  # the previous sentence of the paragraph + the sentence: "The meeting on Tuesday..."
    phrase: str
    notes: tuple[str, ...]
    order: int


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
        encoder: Optional multilingual sentence encoder; without it only same-language sentences
            with overlapping words merge.

    Returns:
        The items (:class:`TimelineEvent`, a ``TimelineItem``), sorted by date, and the date
        discrepancies.

    >>> a = Article(id="a1", source="s", text="Putin met them on Tuesday in Moscow.",
    ...             published=dt.date(2025, 12, 24),
    ...             segments=(Segment(id="a1:0", language="en", start=0, end=36),))
    >>> items, _ = build_timeline([a], TimelineConfig())
    >>> items[0].date.format(), items[0].articles
    ('2025-12-23', ('a1',))
    """
    borrowed = story_reference_date(articles) if cfg.borrow_dates else None
    cands: list[_Candidate] = []
    for article in articles:
        cands.extend(_candidates(article, borrowed, cfg, len(cands)))
    if not cands:
        return [], []
    sim = _Similarity(cands, encoder)
    groups = _group(cands, sim, cfg)
    items = [_item(cands, g, sim, cfg) for g in groups]
    order = sorted(range(len(items)), key=lambda i: (items[i].date.start, items[i].date.end or items[i].date.start))
    items_sorted = [items[i] for i in order]
    groups_sorted = [groups[i] for i in order]
    return list(items_sorted), _conflicts(cands, groups_sorted, items_sorted, sim, cfg)


def timeline_entry(item: TimelineItem) -> dict[str, Any]:
    """One ``timeline`` entry of report.json (CONTRACT.md), plus ``notes`` and ``phrases`` when known.

    Ranges give ``date`` and ``end`` as days; other precisions give ``end: null``.

    >>> v = DateValue(start=dt.date(2024, 7, 1), end=dt.date(2024, 12, 31), precision="range")
    >>> timeline_entry(TimelineItem(date=v, text="t", articles=("a",), evidence=()))["end"]
    '2024-12-31'
    """
    v = item.date
    out: dict[str, Any] = {
        "date": v.start.isoformat() if v.precision == "range" else v.format(),
        "end": v.end.isoformat() if v.precision == "range" and v.end else None,
        "precision": v.precision,
        "text": item.text,
        "articles": list(item.articles),
        "evidence": [{"article": s.article, "start": s.start, "end": s.end, "text": s.text} for s in item.evidence],
    }
    if isinstance(item, TimelineEvent):
        out["notes"] = list(item.notes)
        out["phrases"] = list(item.phrases)
    return out


def _candidates(article: Article, borrowed: dt.date | None, cfg: TimelineConfig, base: int) -> list[_Candidate]:
    own = document_date(article)
    ref = own or borrowed
    if ref is None:
        return []
    extra: tuple[str, ...] = ()
    if own is None:
        extra = (
            f"article {article.id} has no publication date; its relative dates were resolved against "
            f"{ref.isoformat()}, the dominant publication date of the co-reporting articles",
        )
    segments = article.segments or (Segment(id=f"{article.id}:0", language="en", start=0, end=len(article.text)),)
    text = article.text
    out: list[_Candidate] = []
    seen: set[tuple[int, str]] = set()
    sents = [sp for seg in segments for sp in split_sentences(text, seg.start, seg.end, seg.language)]
    found = [
        e
        for seg in segments
        if seg.language in supported_languages()
        for e in find_temporal(text, seg.start, seg.end, seg.language, ref)
        if e.kind == "date" and e.value is not None
    ]
    for k, (s0, s1) in enumerate(sents):
        exprs = [e for e in found if s0 <= e.start < s1]
        p0 = sents[k - 1][0] if k else s0
        for expr, (c0, c1) in zip(exprs, _clauses(text, s0, s1, exprs), strict=True):
            assert expr.value is not None
            clause = text[c0:c1]
            rest = clause[: expr.start - c0] + clause[expr.end - c0 :]
            if len(_WORD.findall(rest)) < cfg.min_event_words:
                continue  # a dateline or a date on its own: the publication date, not an event
            key = (c0, expr.value.format() + expr.value.precision)
            if key in seen:
                continue
            seen.add(key)
            notes = tuple(n for n in expr.notes if n.startswith("weekday mismatch"))
            if expr.relative:
                notes += extra
            out.append(
                _Candidate(article.id, expr.value, c0, c1, clause, text[p0:c1], expr.phrase, notes, base + len(out))
            )
    return out


_BOUNDARY = re.compile(r"[,;،؛]\s|\s(?:and|but|while|و)\s")


def _clauses(text: str, s0: int, s1: int, exprs: list[TemporalExpression]) -> list[tuple[int, int]]:
    """One span per expression: the whole sentence when it holds one date; otherwise the sentence is
    cut at the first clause boundary after each date ("fled on December 8, 2024, | ending the regime,
    which had been in power since 1963"), so each date keeps its own clause and the first keeps the
    subject."""
    if len(exprs) <= 1:
        return [(s0, s1)] * len(exprs)
    cuts = [s0]
    for e in exprs[:-1]:
        m = _BOUNDARY.search(text, e.end, s1)
        nxt = next((x.start for x in exprs if x.start >= e.end), s1)
        cuts.append(m.start() if m and m.start() < nxt else e.end)
    cuts.append(s1)
    spans = []
    for a, b in pairwise(cuts):
        while a < b and (text[a].isspace() or text[a] in ",;،؛"):
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        spans.append((a, b))
    return spans


def _content(text: str) -> set[str]:
    return {t for t in _WORD.findall(normalize(text)) if len(t) > 3 and not t.isdigit()}


class _Similarity:
    """Pairwise similarity of candidate sentences, computed lazily (stories can hold thousands).

    Token Jaccard over content words, and the encoder's cosine when one is given. Each sentence is
    also compared through its context (previous sentence + sentence), keeping the best score, so
    that "The meeting on Tuesday addressed..." meets the sentence that says who met.
    """

    def __init__(self, cands: list[_Candidate], encoder: Encoder | None) -> None:
        self.toks = [_content(c.text) for c in cands]
        self.ctx = [_content(c.context) for c in cands]
        self._jac: dict[tuple[int, int], float] = {}
        self.cos: np.ndarray | None = None
        if encoder is not None:
            n = len(cands)
            vecs = np.asarray(encoder.encode([c.text for c in cands] + [c.context for c in cands]), dtype=np.float32)
            t, c = vecs[:n], vecs[n:]
            tc = t @ c.T
            self.cos = np.maximum(t @ t.T, np.maximum(tc, tc.T))

    def jaccard(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in self._jac:
            best = 0.0
            for a, b in ((self.toks[i], self.toks[j]), (self.ctx[i], self.toks[j]), (self.toks[i], self.ctx[j])):
                u = len(a | b)
                best = max(best, len(a & b) / u if u else 0.0)
            self._jac[key] = best
        return self._jac[key]

    def close(self, i: int, j: int, cos_min: float, jac_min: float) -> bool:
        if self.cos is not None and self.cos[i, j] >= cos_min:
            return True
        return self.jaccard(i, j) >= jac_min

    def centrality(self, i: int, group: list[int]) -> float:
        cos = float(self.cos[i, group].sum()) if self.cos is not None else 0.0
        return cos + sum(self.jaccard(i, j) for j in group)


def _group(cands: list[_Candidate], sim: _Similarity, cfg: TimelineConfig) -> list[list[int]]:
    by_date: dict[tuple[dt.date, str, dt.date | None], list[int]] = {}
    for i, c in enumerate(cands):
        by_date.setdefault((c.date.start, c.date.precision, c.date.end), []).append(i)
    groups: list[list[int]] = []
    for members in by_date.values():
        local: list[list[int]] = []
        for i in members:
            for g in local:
                if any(sim.close(i, j, cfg.similarity, cfg.overlap) for j in g):
                    g.append(i)
                    break
            else:
                local.append([i])
        groups.extend(local)
    return _absorb_coarser(cands, groups, sim, cfg)


def _width(v: DateValue) -> int:
    return (_last_day(v) - v.start).days


def _absorb_coarser(
    cands: list[_Candidate], groups: list[list[int]], sim: _Similarity, cfg: TimelineConfig
) -> list[list[int]]:
    """Fold a vaguer report of an event into a precise one: "ousted in December last year" joins
    "fled on December 8, 2024" when the month contains the day and the sentences are similar."""
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
                and _last_day(cands[m[0]].date) <= _last_day(v)
                and any(sim.close(i, j, cfg.similarity, cfg.overlap) for i in groups[g] for j in m)
            ),
            None,
        )
        if home is None:
            merged.append(list(groups[g]))
        else:
            home.extend(groups[g])
    return merged


def _item(cands: list[_Candidate], group: list[int], sim: _Similarity, cfg: TimelineConfig) -> TimelineEvent:
    finest = min(group, key=lambda i: _width(cands[i].date))
    date = cands[finest].date
    same = [i for i in group if cands[i].date == date]
    rep = max(same, key=lambda i: (sim.centrality(i, group), -cands[i].order))
    text = cands[rep].text
    if len(text) > cfg.max_text_chars:
        text = text[: cfg.max_text_chars].rsplit(" ", 1)[0] + "…"
    arts = tuple(dict.fromkeys(cands[i].article for i in group))
    spans = tuple(
        dict.fromkeys(
            Span(article=cands[i].article, start=cands[i].start, end=cands[i].end, text=cands[i].text) for i in group
        )
    )
    notes = tuple(dict.fromkeys(n for i in group for n in cands[i].notes))
    vaguer = sorted({_show(cands[i].date) for i in group if cands[i].date != date})
    if vaguer:
        notes += (f"also reported less precisely as {', '.join(vaguer)}",)
    phrases = tuple(dict.fromkeys(cands[i].phrase for i in group))
    return TimelineEvent(date=cands[rep].date, text=text, articles=arts, evidence=spans, notes=notes, phrases=phrases)


def _show(v: DateValue) -> str:
    return f"{v.start.isoformat()}..{v.end.isoformat()}" if v.precision == "range" and v.end else v.format()


def _overlap(a: DateValue, b: DateValue) -> bool:
    a1, b1 = _last_day(a), _last_day(b)
    return a.start <= b1 and b.start <= a1


def _last_day(v: DateValue) -> dt.date:
    if v.end is not None:
        return v.end
    if v.precision == "year":
        return dt.date(v.start.year, 12, 31)
    if v.precision == "month":
        nxt = dt.date(v.start.year + v.start.month // 12, v.start.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return v.start


def _conflicts(
    cands: list[_Candidate],
    groups: list[list[int]],
    items: Sequence[TimelineItem],
    sim: _Similarity,
    cfg: TimelineConfig,
) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    for gi in range(len(groups)):
        for gj in range(gi + 1, len(groups)):
            a, b = items[gi], items[gj]
            if _overlap(a.date, b.date):
                continue
            pair = next(
                (
                    (i, j)
                    for i in groups[gi]
                    for j in groups[gj]
                    if cands[i].article != cands[j].article
                    and sim.close(i, j, cfg.conflict_similarity, cfg.conflict_overlap)
                ),
                None,
            )
            if pair is None:
                continue
            i, j = pair
            ci, cj = cands[i], cands[j]
            out.append(
                Discrepancy(
                    kind="date",
                    text=(
                        f"Articles date the same event differently: {a.date.format()} ({', '.join(a.articles)}) "
                        f"vs {b.date.format()} ({', '.join(b.articles)}): {ci.text}"
                    ),
                    claims=(),
                    evidence=(
                        Span(article=ci.article, start=ci.start, end=ci.end, text=ci.text),
                        Span(article=cj.article, start=cj.start, end=cj.end, text=cj.text),
                    ),
                )
            )
    return out
