"""Origins: where a piece of news comes from, after collapsing copies, translations and relays.

Five articles that relay one SANA dispatch (a copy, a translation, two wire rewrites, one rewrite
citing SANA) have ONE origin, SANA, not five. Two functions:

- :func:`article_origins`: per article, the agencies its sentences are attributed to, inherited through
  copy relations; an article with no agency attribution anywhere in its copy group is its own origin
  (its outlet, else the wire it credits, else its id).
- :func:`span_origins`: for the evidence spans of one claim seen in several articles, the origin of each
  span and the number of distinct (independent) origins. Rules, first match wins, per span:

  1. the span overlaps a sentence with an attribution -> that source ("SANA", or a speaker such as
     "Maria Zakharova");
  2. the span lies in evidence of a relation (``exact_duplicate``, ``near_duplicate``, ``contained``,
     ``translation``, ``shared_wire_copy``) whose other side has an attributed sentence there -> that
     source (an unattributed sentence copied from an attributed one keeps the attribution);
  3. the span's article is a copy or translation of another article (transitively) -> the origin of the
     group's root, the earliest published / longest article of the group (its outlet, credited wire or
     id): copies are not independent of their original;
  4. else the article's own outlet, else the agency it credits (``Article.credits``), else its id.

Requires: relations from :func:`chorus.stages.relations.find_relations`, attributions from
:func:`chorus.stages.attribution.find_attributions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from chorus.model import Article, Attribution, Relation, Span
from chorus.stages.attribution import load_agencies

_GROUP_KINDS = frozenset({"exact_duplicate", "near_duplicate", "contained", "translation"})


def _article_of(unit: str) -> str:
    return unit.split(":", 1)[0]


def _own_origin(article: Article) -> str:
    """The article's own name as an origin: outlet, else the agency it credits, else its id."""
    if article.outlet:
        return article.outlet
    agencies = load_agencies()
    for credit in article.credits:
        canon = agencies.lookup(credit)
        if canon:
            return canon
    return article.id


def _groups(articles: Mapping[str, Article], relations: Iterable[Relation]) -> dict[str, str]:
    """Article id -> root article id of its copy/translation group (union-find)."""
    parent = {aid: aid for aid in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in relations:
        if r.kind not in _GROUP_KINDS:
            continue
        a, b = _article_of(r.a), _article_of(r.b)
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
    members: dict[str, list[str]] = {}
    for aid in articles:
        members.setdefault(find(aid), []).append(aid)
    root: dict[str, str] = {}
    for ids in members.values():

        def rank(aid: str) -> tuple[dt.date, int, int, str]:
            art = articles[aid]
            return (art.published or dt.date.max, -len(art.languages), -len(art.text), aid)

        best = min(ids, key=rank)
        for aid in ids:
            root[aid] = best
    return root


def _is_agency(source: str) -> bool:
    return load_agencies().lookup(source) == source


def article_origins(
    articles: Sequence[Article], relations: Sequence[Relation], attributions: Sequence[Attribution]
) -> dict[str, tuple[str, ...]]:
    """The origins of each article after collapsing copies, translations and relays.

    Args:
        articles: the articles of one story.
        relations: their relations (``find_relations``).
        attributions: their attributions (``find_attributions`` over every article).

    Returns:
        Article id -> origins in order of first attribution: the agencies its sentences (or those of
        the copies and translations it is grouped with) are attributed to; persons quoted are speakers,
        not origins, at this level. With no agency anywhere in its group: the group root's own name
        (outlet, else credited wire, else id).

    Example:
        >>> article_origins(seeds, rels, atts)  # doctest: +SKIP
        {'0b94...': ('SANA',), '60ae...': ('SANA',), ...}
    """
    by_id = {a.id: a for a in articles}
    root = _groups(by_id, relations)
    agencies_of: dict[str, list[str]] = {aid: [] for aid in by_id}
    for att in sorted(attributions, key=lambda x: (x.article, x.sentence_start)):
        if att.article in agencies_of and _is_agency(att.source) and att.source not in agencies_of[att.article]:
            agencies_of[att.article].append(att.source)
    group_agencies: dict[str, list[str]] = {}
    for aid in by_id:
        g = group_agencies.setdefault(root[aid], [])
        for src in agencies_of[aid]:
            if src not in g:
                g.append(src)
    out: dict[str, tuple[str, ...]] = {}
    for aid in by_id:
        own = agencies_of[aid] or group_agencies[root[aid]]
        out[aid] = tuple(own) if own else (_own_origin(by_id[root[aid]]),)
    return out


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1 if a1 > a0 else b0 <= a0 < b1


def span_origins(
    spans: Sequence[Span],
    attributions: Sequence[Attribution],
    relations: Sequence[Relation],
    articles: Sequence[Article],
) -> tuple[tuple[str, ...], int]:
    """The origins of a claim seen in several articles, and how many of them are independent.

    Args:
        spans: the claim's evidence spans (one or more per article).
        attributions: attributions of (at least) the articles the spans are in.
        relations: relations among the story's articles.
        articles: the story's articles (spans in unknown articles are ignored).

    Returns:
        ``(origins, independent_origins)``: distinct origins in order of first appearance and their
        count. Per span, first match wins: (1) an attribution on an overlapping sentence -> its source
        (agency or speaker); (2) an attribution on the aligned sentence at the other end of a relation ->
        that source; (3) the root of the span's copy/translation group -> its outlet, credited wire or
        id; (4) the article's outlet, credited wire or id. So a sentence attributed to SANA has origin
        SANA; an unattributed sentence of a translation or copy has its original's origin; an outlet's
        own reporting is its own origin.

    Example:
        >>> span_origins(claim.evidence, atts, rels, seeds)  # doctest: +SKIP
        (('SANA',), 1)
    """
    by_id = {a.id: a for a in articles}
    root = _groups(by_id, relations)
    atts: dict[str, list[Attribution]] = {}
    for att in attributions:
        atts.setdefault(att.article, []).append(att)
    origins: list[str] = []
    for span in spans:
        if span.article not in by_id:
            continue
        origin = _span_origin(span, by_id, atts, relations, root)
        if origin not in origins:
            origins.append(origin)
    return tuple(origins), len(origins)


def _attributed(article: str, start: int, end: int, atts: Mapping[str, list[Attribution]]) -> str | None:
    for att in atts.get(article, []):
        if _overlaps(start, end, att.sentence_start, att.sentence_end):
            return att.source
    return None


def _span_origin(
    span: Span,
    by_id: Mapping[str, Article],
    atts: Mapping[str, list[Attribution]],
    relations: Sequence[Relation],
    root: Mapping[str, str],
) -> str:
    src = _attributed(span.article, span.start, span.end, atts)
    if src:
        return src
    for rel in relations:
        for mine, other, flip in ((rel.a, rel.b, False), (rel.b, rel.a, True)):
            if _article_of(mine) != span.article:
                continue
            other_art = _article_of(other)
            for ev in rel.evidence:
                m0, m1, o0, o1 = (ev[2], ev[3], ev[0], ev[1]) if flip else ev
                if not _overlaps(span.start, span.end, m0, m1):
                    continue
                if o1 - o0 > 2 * max(1, m1 - m0) or (m1 - m0) > 2 * max(1, span.end - span.start) + 400:
                    # whole-unit evidence (exact duplicate): map by relative position
                    width = max(1, m1 - m0)
                    p0 = o0 + (span.start - m0) * (o1 - o0) // width
                    p1 = o0 + (span.end - m0) * (o1 - o0) // width
                    o0, o1 = p0, max(p0 + 1, p1)
                found = _attributed(other_art, o0, o1, atts)
                if found:
                    return found
    article = by_id[span.article]
    group_root = root.get(span.article, span.article)
    if group_root != span.article:
        return _own_origin(by_id[group_root])
    return _own_origin(article)
