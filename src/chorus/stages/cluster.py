"""Story clustering: online, across languages, in one pass, with stable story ids.

Articles are processed in event-time order (published date; an undated article right after the day of
its closest dated article in the batch, or last; within one day, and among the undated, as a
nearest-neighbour chain of leads: :func:`event_order`). Each article joins the best active story or
founds a new one, whose id is ``"s"`` plus the first 12 hex digits of the founding article id, so ids
never change when articles are added and a re-run of the same input gives the same ids. Batch
clustering replays the same algorithm, then an optional merge pass joins split stories and records
``old id -> new id`` aliases (old ids resolve).

The pieces:

- :mod:`chorus.stages.cluster_config`: settings, result types and the calibrated decision rule;
- :mod:`chorus.stages.cluster_online`: :class:`StoryClusterer`, the online state and decisions;
- :mod:`chorus.stages.cluster_features`: leads, the proxy entity bag, pair features;
- :mod:`chorus.stages.cluster_merge`: story-pair features of the batch merge pass;
- :mod:`chorus.stages.cluster_index`: nearest-story search over centroids (exact, then usearch HNSW);
- :mod:`chorus.stages.cluster_title`: the story title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from chorus.embed import Encoder
from chorus.model import Article
from chorus.stages.cluster_config import Assignment, Candidate, ClusterConfig, ClusterResult
from chorus.stages.cluster_features import lead_text
from chorus.stages.cluster_online import StoryClusterer
from chorus.stages.cluster_story import lead_vectors_many, story_id_for, unit
from chorus.stages.cluster_title import story_title

__all__ = [
    "Assignment",
    "Candidate",
    "ClusterConfig",
    "ClusterResult",
    "StoryClusterer",
    "cluster_articles",
    "event_order",
    "story_id_for",
    "story_title",
]


# An undated article is replayed at the date of the dated article of the batch whose lead is closest to
# its own, when the two leads are at least this close (an ordering hint, not a date). Not fitted; measured
# on the calibration splits (USE lead cosines, bench/cluster.py's loaders): a nearest neighbour at 0.5 or
# more is of the same event for 98% of ECB+ 1-17 articles and 93% of Multi-News 0-99 ones, against 67% and
# 36% below it; 1.7% and 0.15% of pairs of different events reach it. Those splits hold a few hundred
# articles; in a larger batch a chance neighbour above 0.5 is likelier, but a wrong hint only moves the
# article in the replay: whether it joins a story is still the decision rule's.
HINT_MIN_COSINE = 0.5


Vectors = dict[str, dict[str, np.ndarray]]  # article id -> vector space -> unit lead vector


def event_order(
    articles: Sequence[Article],
    encoder: Encoder | None = None,
    cfg: ClusterConfig | None = None,
    vectors: Vectors | None = None,
) -> list[Article]:
    """Articles in event-time order: dated by published date; undated each right after the dated articles
    of its *hint* day when ``encoder`` is given, else (or without a hint) at the end.

    The hint is the date of the dated article of the batch whose lead is closest to the undated one's in
    a shared vector space (cosine at least ``HINT_MIN_COSINE``): an undated copy of an old event then
    meets its story while it is still active, instead of after every dated article, when it may have left
    the window. The article stays undated.

    Within one day, and among the undated articles without a hint, time says nothing about order. With
    ``encoder`` such a group is replayed as a nearest-neighbour chain of leads (:func:`similarity_chain`),
    so that the stories come out the same whatever order the files were listed in, and an article meets
    its likeliest story while that story is being built; without it, by id (dated) or input order.
    ``vectors`` (from :func:`lead_vectors_by_id`) saves encoding the leads again.
    """
    dated = sorted((a for a in articles if a.published is not None), key=lambda a: (a.published, a.id))
    undated = [a for a in articles if a.published is None]
    if encoder is None:
        return dated + undated
    cfg = cfg or ClusterConfig()
    vectors = vectors if vectors is not None else lead_vectors_by_id(articles, encoder, cfg)
    hints = date_hints(dated, undated, encoder, cfg, vectors) if dated and undated else {}
    by_day: dict[dt.date, list[Article]] = {}
    for a in sorted(undated, key=lambda a: a.id):
        if a.id in hints:
            by_day.setdefault(hints[a.id], []).append(a)
    out: list[Article] = []
    day: list[Article] = []
    for i, art in enumerate(dated):
        day.append(art)
        if i + 1 == len(dated) or dated[i + 1].published != art.published:
            out.extend(similarity_chain(day, vectors, out[-1:]))
            # the day's undated articles start next to the day's articles they are likeliest to join
            out.extend(similarity_chain(by_day.get(art.published, []), vectors, day))  # type: ignore[arg-type]
            day = []
    rest = sorted((a for a in undated if a.id not in hints), key=lambda a: a.id)
    return out + similarity_chain(rest, vectors, out[-1:])


def lead_vectors_by_id(articles: Sequence[Article], encoder: Encoder, cfg: ClusterConfig) -> Vectors:
    """Every article's lead vectors (one encoder call per language), by article id."""
    return {a.id: v for a, v in zip(articles, lead_vectors_many(articles, encoder, cfg.lead_chars), strict=True)}


# Engineering limit, not fitted: a group of at most this many articles is chained through one cosine
# matrix (3,000 x 3,000 float32: 36 MB when all share one vector space, about four times that at the
# peak when they are spread over several); a larger group keeps its id order.
CHAIN_MAX = 3000


def similarity_chain(group: Sequence[Article], vectors: Vectors, context: Sequence[Article] = ()) -> list[Article]:
    """``group`` (sorted by id) as a greedy nearest-neighbour chain of leads: start from the article
    closest to any of ``context`` (the articles replayed just before it; without context or a shared
    space, the first), then always the not yet chained article whose lead is closest to the last one's in
    a shared vector space (the first in id order on ties, or when none shares a space). The result
    depends only on the set of articles, not on their input order. A group above ``CHAIN_MAX`` keeps its
    (id) order.

    Measured (``bench/cluster.py``, undated sets, so all of each set is one group): ECB+ 0.909 in file
    order and 0.857-0.897 shuffled, 0.923 chained from any order (held-out topics 0.905 -> 0.947);
    Multi-News 0.860 in file order, 0.851-0.859 shuffled, 0.855 chained (held-out 0.880 -> 0.888). The
    file orders list each gold story's articles together, which no user's folder does.
    """
    size = len(group)
    if size < 2 or size > CHAIN_MAX:
        return list(group)
    members = [vectors.get(a.id, {}) for a in group]
    ctx = [vectors.get(a.id, {}) for a in context]
    sims = _cosines(members)
    start = 0
    if ctx:
        best = np.full(size, -2.0, dtype=np.float32)
        for sp in {sp for v in ctx for sp in v}:
            rows = [i for i, v in enumerate(members) if sp in v]
            if rows:
                c = np.stack([v[sp] for v in ctx if sp in v])
                m = np.stack([members[i][sp] for i in rows])
                best[rows] = np.maximum(best[rows], (m @ c.T).max(axis=1))
        start = int(best.argmax())
    left = np.ones(size, dtype=bool)
    cur, order = start, [start]
    left[cur] = False
    for _ in range(size - 1):
        cur = int(np.where(left, sims[cur], -3.0).argmax())  # the first of equal maxima: id order on ties
        order.append(cur)
        left[cur] = False
    return [group[i] for i in order]


def _cosines(vecs: list[dict[str, np.ndarray]]) -> np.ndarray:
    """Pairwise lead cosines, the best shared space's for each pair (-2 where none is shared)."""
    n = len(vecs)
    spaces: dict[str, list[int]] = {}
    for i, v in enumerate(vecs):
        for sp in v:
            spaces.setdefault(sp, []).append(i)
    if len(spaces) == 1 and len(next(iter(spaces.values()))) == n:  # the common case: one space for all
        sp = next(iter(spaces))
        m = np.stack([v[sp] for v in vecs]).astype(np.float32, copy=False)
        return m @ m.T
    sims = np.full((n, n), -2.0, dtype=np.float32)
    for sp, idx in spaces.items():
        m = np.stack([vecs[i][sp] for i in idx]).astype(np.float32, copy=False)
        block = np.ix_(idx, idx)
        sims[block] = np.maximum(sims[block], m @ m.T)
    return sims


def date_hints(
    dated: Sequence[Article],
    undated: Sequence[Article],
    encoder: Encoder,
    cfg: ClusterConfig,
    vectors: Vectors | None = None,
) -> dict[str, dt.date]:
    """Undated article id -> the date of the dated article whose lead is closest (see :func:`event_order`).

    Exact search (one matrix product per vector space, in blocks), so that the same batch always gives
    the same hints and so the same stories; the first of equally close articles wins.
    """
    if vectors is None:
        vectors = lead_vectors_by_id([*dated, *undated], encoder, cfg)
    dated_vecs = [vectors[a.id] for a in dated]
    undated_vecs = [vectors[a.id] for a in undated]
    rows: dict[str, list[tuple[int, np.ndarray]]] = {}
    for i, vecs in enumerate(dated_vecs):
        for space, vec in vecs.items():
            rows.setdefault(space, []).append((i, vec))
    _bridge_dated(dated, undated_vecs, rows, encoder, cfg)
    best: dict[int, tuple[float, int]] = {}  # undated index -> (cosine, dated index)
    for space, members in rows.items():
        matrix = np.stack([v for _, v in members])
        queries = [(j, vecs[space]) for j, vecs in enumerate(undated_vecs) if space in vecs]
        for b in range(0, len(queries), _HINT_BLOCK):
            block = queries[b : b + _HINT_BLOCK]
            sims = np.stack([q for _, q in block]) @ matrix.T
            top = sims.argmax(axis=1)
            for (j, _), k, row in zip(block, top, sims, strict=True):
                cos = float(row[k])
                if cos > best.get(j, (-2.0, 0))[0]:
                    best[j] = (cos, members[int(k)][0])
    return {
        undated[j].id: dated[i].published  # type: ignore[misc]
        for j, (cos, i) in best.items()
        if cos >= HINT_MIN_COSINE
    }


_HINT_BLOCK = 1024  # undated leads compared at once (a block x dated-articles matrix of cosines)


def _bridge_dated(
    dated: Sequence[Article],
    undated_vecs: list[dict[str, np.ndarray]],
    rows: dict[str, list[tuple[int, np.ndarray]]],
    encoder: Encoder,
    cfg: ClusterConfig,
) -> None:
    """Give the latest ``max_bridge`` dated articles a vector in the bridge space when some undated
    articles share no space with any dated one (a Hebrew article among English ones), as the clusterer
    bridges stories."""
    if not cfg.bridge_language or cfg.max_bridge == 0:
        return
    space = encoder.space(cfg.bridge_language)
    if not any(space in v and not set(v) & set(rows) - {space} for v in undated_vecs):
        return
    have = {i for i, _ in rows.get(space, [])}
    first = max(0, len(dated) - cfg.max_bridge)
    todo = [i for i in range(first, len(dated)) if i not in have]
    leads = [next(iter(lead_text(dated[i], cfg.lead_chars).values()), "") for i in todo]
    if not todo:
        return
    for i, vec in zip(todo, encoder.encode(leads, language=cfg.bridge_language), strict=True):
        rows.setdefault(space, []).append((i, unit(np.asarray(vec))))


def cluster_articles(
    articles: Sequence[Article], encoder: Encoder, cfg: ClusterConfig, state: dict[str, Any] | None = None
) -> ClusterResult:
    """Cluster articles into stories (batch = the online algorithm replayed in event-time order).

    Args:
        articles: the articles to place (already placed ones keep their story).
        encoder: multilingual sentence encoder (``chorus.embed.default_encoder()``).
        cfg: clustering settings.
        state: a previous :attr:`ClusterResult.state`, to continue from it.

    Returns:
        A :class:`ClusterResult`; ``assignments`` covers ``articles``.

    >>> result = cluster_articles(articles, default_encoder(), ClusterConfig())  # doctest: +SKIP
    >>> result.assignments["0b94ce1d3aab1bbe"]                                   # doctest: +SKIP
    's0b94ce1d3aab'
    """
    clusterer = StoryClusterer.from_state(state, encoder, cfg) if state else StoryClusterer(encoder, cfg)
    # every lead encoded once, one call per language (the encoder's cache then serves ``add``)
    ordered = event_order(articles, encoder, cfg, lead_vectors_by_id(articles, encoder, cfg))
    placed = [clusterer.add(art) for art in ordered]
    new = [a.story_id for a in placed if a.is_new_story]
    if cfg.merge_pass:
        clusterer.merge_pass(only={clusterer.resolve(a.story_id) for a in placed})
    assignments = {a.id: clusterer.resolve(clusterer.where[a.id]) for a in articles}
    return ClusterResult(
        assignments=assignments,
        aliases=dict(clusterer.aliases),
        state=clusterer.export_state(),
        new_stories=tuple(s for s in new if s not in clusterer.aliases),
    )
