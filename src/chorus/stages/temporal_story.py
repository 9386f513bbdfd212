"""The pieces of the story timeline shared by its steps: candidate events, how alike two are, and
date conflicts between them.

Internal to :mod:`chorus.stages.timeline`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np

from chorus.embed import Encoder
from chorus.model import Article, DateValue, Discrepancy, Span, TimelineItem
from chorus.stages.temporal import document_date
from chorus.stages.temporal_base import value_end as last_day
from chorus.text import normalize

__all__ = ["Candidate", "Similarity", "date_conflicts", "last_day", "show", "weekday_conflicts"]

_WORD = re.compile(r"\w+")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class Candidate:
    article: str
    date: DateValue
    start: int  # clause span
    end: int
    text: str
    context: str  # the previous sentence of the paragraph + the clause: "The meeting on Tuesday..."
    phrase: Span  # the date phrase itself
    notes: tuple[str, ...]
    order: int
    names: frozenset[str]
    announced: bool = False  # "will also meet", reported on <date>: joins a later event
    lang: str = "en"  # the language of the clause, for choosing the item text in the brief's language


def _content(text: str) -> set[str]:
    return {t for t in _WORD.findall(normalize(text)) if len(t) > 3 and not t.isdigit()}


class Similarity:
    """Pairwise similarity of candidate clauses, computed lazily (stories can hold thousands).

    Token Jaccard over content words, and the encoder's cosine when one is given. Each clause is
    also compared through its context (previous sentence + clause), keeping the best score, so
    that "The meeting on Tuesday addressed..." meets the sentence that says who met.
    """

    def __init__(self, cands: list[Candidate], encoder: Encoder | None) -> None:
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

    def score(self, i: int, j: int) -> float:
        cos = float(self.cos[i, j]) if self.cos is not None else 0.0
        return max(cos, self.jaccard(i, j))

    def close(self, i: int, j: int, cos_min: float, jac_min: float) -> bool:
        if self.cos is not None and self.cos[i, j] >= cos_min:
            return True
        return self.jaccard(i, j) >= jac_min

    def centrality(self, i: int, group: list[int]) -> float:
        cos = float(self.cos[i, group].sum()) if self.cos is not None else 0.0
        return cos + sum(self.jaccard(i, j) for j in group)


def show(v: DateValue) -> str:
    return f"{v.start.isoformat()}..{v.end.isoformat()}" if v.precision == "range" and v.end else v.format()


def overlap(a: DateValue, b: DateValue) -> bool:
    return a.start <= last_day(b) and b.start <= last_day(a)


# --- conflicts -----------------------------------------------------------------------------------


def _label(article: Article) -> str:
    """How a discrepancy names an article: its outlet, else its file name, else its id."""
    return article.outlet or PurePath(article.source).name or article.id


def _names(ids: Iterable[str], labels: dict[str, str]) -> str:
    return ", ".join(labels.get(i, i) for i in ids)


def date_conflicts(
    cands: list[Candidate],
    groups: list[list[int]],
    items: Sequence[TimelineItem],
    sim: Similarity,
    thresholds: tuple[float, float],
    articles: Sequence[Article],
) -> list[Discrepancy]:
    """The same event dated differently by different articles: clauses alike at ``thresholds``
    (cosine, Jaccard) in two groups whose dates do not overlap."""
    labels = {a.id: _label(a) for a in articles}
    out: list[Discrepancy] = []
    for gi in range(len(groups)):
        for gj in range(gi + 1, len(groups)):
            a, b = items[gi], items[gj]
            if overlap(a.date, b.date):
                continue
            pair = next(
                (
                    (i, j)
                    for i in groups[gi]
                    for j in groups[gj]
                    if cands[i].article != cands[j].article
                    and not (cands[i].announced or cands[j].announced)
                    and sim.close(i, j, *thresholds)
                ),
                None,
            )
            if pair is None:
                continue
            ci, cj = cands[pair[0]], cands[pair[1]]
            out.append(
                Discrepancy(
                    kind="date",
                    text=(
                        f"Articles date the same event differently: {show(a.date)} ({_names(a.articles, labels)}) "
                        f"vs {show(b.date)} ({_names(b.articles, labels)}): {ci.text}"
                    ),
                    claims=(),
                    evidence=(
                        Span(article=ci.article, start=ci.start, end=ci.end, text=ci.text),
                        Span(article=cj.article, start=cj.start, end=cj.end, text=cj.text),
                    ),
                )
            )
    return out


def weekday_conflicts(cands: list[Candidate], articles: Sequence[Article]) -> list[Discrepancy]:
    """One discrepancy per (publication date, dated day) where articles say "today (Tuesday)" on a
    Wednesday: the named weekday was followed; the evidence is every such phrase."""
    published = {a.id: document_date(a) for a in articles}
    labels = {a.id: _label(a) for a in articles}
    by_pair: dict[tuple[dt.date, dt.date], list[Candidate]] = {}
    for c in cands:
        pub = published.get(c.article)
        if pub is not None and any("weekday mismatch" in n for n in c.notes):
            by_pair.setdefault((pub, c.date.start), []).append(c)
    out = []
    for (pub, day), group in sorted(by_pair.items()):
        arts = _names(dict.fromkeys(c.article for c in group), labels)
        said = " / ".join(dict.fromkeys(f"“{c.phrase.text}”" for c in group))
        out.append(
            Discrepancy(
                kind="date",
                text=(
                    f"Publication date and text disagree: {arts} dated {pub.isoformat()} ({_WEEKDAYS[pub.weekday()]}) "
                    f"but say {said}; the timeline follows the named weekday, {day.isoformat()} "
                    f"({_WEEKDAYS[day.weekday()]})."
                ),
                claims=(),
                evidence=tuple(dict.fromkeys(c.phrase for c in group)),
            )
        )
    return out
