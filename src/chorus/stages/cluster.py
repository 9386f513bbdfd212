"""Story clustering: online, across languages, in one pass, with stable story ids.

Articles are processed in event-time order (published date, then id; undated articles last, in input
order). Each article joins the best active story or founds a new one, whose id is ``"s"`` plus the
first 12 hex digits of the founding article id, so ids never change when articles are added and a
re-run of the same input gives the same ids. Batch clustering replays the same algorithm, then an
optional merge pass joins split stories and records ``old id -> new id`` aliases (old ids resolve).

The pieces:

- :mod:`chorus.stages.cluster_config`: settings, result types and the calibrated decision rule;
- :mod:`chorus.stages.cluster_online`: :class:`StoryClusterer`, the online state and decisions;
- :mod:`chorus.stages.cluster_features`: leads, the proxy entity bag, pair features;
- :mod:`chorus.stages.cluster_merge`: story-pair features of the batch merge pass;
- :mod:`chorus.stages.cluster_index`: nearest-story search over centroids (exact, then usearch HNSW);
- :mod:`chorus.stages.cluster_title`: the story title.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chorus.embed import Encoder
from chorus.model import Article
from chorus.stages.cluster_config import Assignment, Candidate, ClusterConfig, ClusterResult
from chorus.stages.cluster_features import lead_text
from chorus.stages.cluster_online import StoryClusterer
from chorus.stages.cluster_story import enc_lang, story_id_for
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


def event_order(articles: Sequence[Article]) -> list[Article]:
    """Articles in event-time order: dated by (published, id), then undated in input order."""
    dated = sorted((a for a in articles if a.published is not None), key=lambda a: (a.published, a.id))
    return dated + [a for a in articles if a.published is None]


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
    ordered = event_order(articles)
    prefetch(ordered, encoder, cfg)
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


def prefetch(articles: Sequence[Article], encoder: Encoder, cfg: ClusterConfig) -> None:
    """Encode every lead in one call per language, so that the encoder's cache serves ``add``."""
    by_lang: dict[str | None, list[str]] = {}
    for a in articles:
        for lang, text in lead_text(a, cfg.lead_chars).items():
            by_lang.setdefault(enc_lang(lang), []).append(text)
    for code, texts in by_lang.items():
        encoder.encode(texts, language=code)
