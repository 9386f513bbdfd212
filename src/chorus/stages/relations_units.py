"""Comparison units and sentences for the relations, attribution and origins stages.

A *unit* is what relations connect: a whole article when it is written in one language, else each
language part of it (a run of consecutive segments in one language, named by its first segment id,
``<article>:<n>``). Bilingual articles such as an Arabic original followed by its English translation
thus give two units that can be related to each other and to other articles.

Sentences: ``chorus.text.split_sentences`` (pysbd) splits Arabic at the Arabic comma ``،``, which cuts
one Arabic sentence into clauses; here pieces that end with a comma are joined to the next piece in the
same paragraph, so that a sentence is a sentence in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from chorus.model import Article, Sentence
from chorus.text import split_sentences

_CLAUSE_END = ("،", ",", "؛", ";", ":")


@dataclass(frozen=True, slots=True)
class Unit:
    """A language part of an article (or the whole article)."""

    id: str
    article: str
    language: str
    start: int
    end: int


def article_units(article: Article) -> list[Unit]:
    """The article as one unit if it has one language, else one unit per language run.

    >>> from chorus.model import Segment
    >>> a = Article(id="x", source="-", text="Hello there.",
    ...             segments=(Segment(id="x:0", language="en", start=0, end=12),))
    >>> [(u.id, u.language) for u in article_units(a)]
    [('x', 'en')]
    """
    segs = sorted(article.segments, key=lambda s: s.start)
    if not segs:
        return [Unit(id=article.id, article=article.id, language="und", start=0, end=len(article.text))]
    runs: list[list[int | str]] = []  # [id, language, start, end]
    for s in segs:
        if runs and runs[-1][1] == s.language:
            runs[-1][3] = s.end
        else:
            runs.append([s.id, s.language, s.start, s.end])
    if len(runs) == 1:
        _, lang, start, end = runs[0]
        return [Unit(id=article.id, article=article.id, language=str(lang), start=int(start), end=int(end))]
    return [Unit(id=str(i), article=article.id, language=str(lang), start=int(a), end=int(b)) for i, lang, a, b in runs]


def unit_sentences(article: Article, unit: Unit) -> list[Sentence]:
    """Sentences of one unit, Arabic clause pieces joined into sentences (see module docstring)."""
    spans = split_sentences(article.text, unit.start, unit.end, unit.language if unit.language != "und" else "en")
    text = article.text
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged:
            pa, pb = merged[-1]
            gap = text[pb:a]
            if text[pa:pb].rstrip().endswith(_CLAUSE_END) and "\n" not in gap:
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    return [Sentence(article=article.id, start=a, end=b, text=text[a:b], language=unit.language) for a, b in merged]


def article_sentences(article: Article) -> list[Sentence]:
    """Every sentence of an article in text order (see :func:`unit_sentences`)."""
    out: list[Sentence] = []
    for unit in article_units(article):
        out.extend(unit_sentences(article, unit))
    return out
