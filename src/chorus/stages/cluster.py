"""Story clustering: online, across languages, in one pass, with stable story ids.

Articles are processed in event-time order (published date, then id; undated articles last, in input
order). Each article joins the best active story or founds a new one, whose id is ``"s"`` plus the
first 12 hex digits of the founding article id, so ids never change when articles are added and a
re-run of the same input gives the same ids. Batch clustering replays the same algorithm, then an
optional merge pass joins split stories and records ``old id -> new id`` aliases.

Evidence per (article, story) pair (:data:`chorus.stages.cluster_features.FEATURE_NAMES`):

- cosine of the article's title+lead vector to the story centroid in a *main* space (USE for its
  16 languages), and in the *bridge* space (multilingual-e5, ~100 languages). Vectors of different
  models never meet: a Hebrew article is compared in the bridge space, and a story that has only USE
  vectors gets a bridge vector of its founding lead computed on demand (``bridge_language`` names the
  language code the encoder routes to its widest model; ``None`` turns bridging off);
- overlap of a proxy entity bag (numbers in any script, capitalized names), idf-weighted online;
- days between the article and the story's date range; the story size.

A logistic regression turns them into the probability that the article belongs to the story; it
joins the best candidate when that probability reaches ``join_threshold``.

Calibration (``python bench/cluster.py --calibrate`` prints the weights below): fitted on
article-to-candidate-story pairs from ECB+ topics 1-17, Multi-News validation clusters 0-99 and
NTREX-128 documents 0-59 (11 languages, of which Persian, Hebrew and Urdu go through the bridge
space), replaying each set online with gold placements. The reported targets use the other ECB+
topics (18-35), Multi-News clusters 100-249, all of MultiLing 2011 (never seen) and are also given
on the full sets, marked as such. The weights are a starting point for English/Arabic news; refit
for other corpora (the bench shows how) and pass them as ``ClusterConfig(weights=..., bias=...)``.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chorus.embed import Encoder
from chorus.errors import ConfigError
from chorus.model import Article
from chorus.stages.cluster_features import (
    FEATURE_NAMES,
    entity_keys,
    key_features,
    lead_text,
    term_cosine,
    term_counts,
    term_norm,
)
from chorus.stages.cluster_index import SpaceIndex
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

STATE_VERSION = 1
_BRIDGE_LEADS = 4  # leads kept per story to build its bridge-space centroid on demand
# Calibrated weights, in FEATURE_NAMES order (see the module docstring for the data).
# days_apart has no dated calibration data: its -2.0 (30 days apart costs as much as 0.15 cosine) is
# set by hand; window_days is the hard limit.
_WEIGHTS = (13.41, -0.04, 14.18, -5.41, 6.08, 0.15, 0.0, 0.0, -2.0, 0.0, -2.01)
_BIAS = -8.58


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """Settings of story clustering.

    Attributes:
        window_days: a dated story stays active this many days after its latest article.
        lead_chars: characters of title + lead embedded per article language.
        key_chars: characters read for the proxy entity bag.
        top_k: candidate stories per vector space.
        weights: logistic-regression weights, one per feature in ``FEATURE_NAMES``.
        bias: logistic-regression intercept.
        join_threshold: join the best story when its probability is at least this.
        bridge_language: language code routed to the encoder's widest model, or None (no bridging).
        max_bridge: at most this many recent stories get a bridge vector computed per article.
        max_active: active stories kept in memory; the least recently updated leave first.
        ann_min_stories: use the usearch ANN index once a space holds this many stories.
        max_story_keys: entity keys kept per story (the most frequent).
        merge_pass: after batch clustering, merge stories that score above ``merge_threshold``.
        merge_threshold: probability needed to merge two stories.
    """

    window_days: int = 14
    lead_chars: int = 600
    key_chars: int = 4000
    top_k: int = 10
    weights: tuple[float, ...] = _WEIGHTS
    bias: float = _BIAS
    join_threshold: float = 0.5
    bridge_language: str | None = "mul"
    max_bridge: int = 300
    max_active: int = 5000
    ann_min_stories: int = 2000
    max_story_keys: int = 300
    merge_pass: bool = False
    merge_threshold: float = 0.9

    def __post_init__(self) -> None:
        for name in ("window_days", "lead_chars", "key_chars", "top_k", "max_active", "ann_min_stories"):
            if getattr(self, name) < 1:
                raise ConfigError(f"cluster.{name} must be a positive integer, got {getattr(self, name)}")
        if self.max_bridge < 0 or self.max_story_keys < 1:
            raise ConfigError("cluster.max_bridge must be >= 0 and cluster.max_story_keys >= 1")
        if len(self.weights) != len(FEATURE_NAMES):
            raise ConfigError(
                f"cluster.weights needs {len(FEATURE_NAMES)} numbers, one per feature {FEATURE_NAMES}; "
                f"got {len(self.weights)}"
            )
        for name in ("join_threshold", "merge_threshold"):
            if not 0 < getattr(self, name) < 1:
                raise ConfigError(f"cluster.{name} must be a probability in (0, 1), got {getattr(self, name)}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """Where one article went: its story, whether it founded it, and the join probability."""

    article_id: str
    story_id: str
    is_new_story: bool
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A story an article was compared with: the features and the probability of belonging."""

    story_id: str
    features: tuple[float, ...]
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterResult:
    """Output of :func:`cluster_articles`.

    Attributes:
        assignments: article id -> story id (already resolved through ``aliases``).
        aliases: merged story id -> the id it was merged into (final, never chained).
        state: the clusterer's state as plain data, for :meth:`StoryClusterer.from_state`.
        new_stories: ids of the stories founded during this call, in founding order.
    """

    assignments: dict[str, str]
    aliases: dict[str, str]
    state: dict[str, Any]
    new_stories: tuple[str, ...] = ()


@dataclass(slots=True)
class _Story:
    id: str
    members: list[str]
    first: dt.date | None
    last: dt.date | None
    seq: int
    leads: list[str]
    sums: dict[str, np.ndarray] = field(default_factory=dict)
    keys: Counter[str] = field(default_factory=Counter)
    terms: Counter[str] = field(default_factory=Counter)
    tnorm: float = -1.0  # cached term_norm(terms); -1 when stale
    langs: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Rep:
    """What the clusterer reads from one article."""

    vecs: dict[str, np.ndarray]
    keys: Counter[str]
    terms: Counter[str]
    date: dt.date | None
    lead: str
    langs: set[str] = field(default_factory=set)


def story_id_for(article_id: str) -> str:
    """The stable id of a story founded by ``article_id``: ``"s" + first 12 hex digits``."""
    return "s" + article_id[:12]


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float32) if n > 0 else v.astype(np.float32)


def _days_apart(d: dt.date | None, first: dt.date | None, last: dt.date | None) -> float | None:
    if d is None or first is None or last is None:
        return None
    if d < first:
        return float((first - d).days)
    if d > last:
        return float((d - last).days)
    return 0.0


def _enc_lang(lang: str | None) -> str | None:
    return None if lang in (None, "und") else lang


class StoryClusterer:
    """Online story clustering state: the active stories, their centroids and entity bags.

    Example:
        >>> clusterer = StoryClusterer(default_encoder(), ClusterConfig())  # doctest: +SKIP
        >>> clusterer.add(article)                                          # doctest: +SKIP
        Assignment(article_id='0b94...', story_id='s0b94ce1d3aab', is_new_story=True, score=0.0)
    """

    def __init__(self, encoder: Encoder, cfg: ClusterConfig | None = None) -> None:
        self.encoder = encoder
        self.cfg = cfg or ClusterConfig()
        self._w = np.asarray(self.cfg.weights, dtype=np.float64)
        self._bridge = self.encoder.space(self.cfg.bridge_language) if self.cfg.bridge_language else None
        self.stories: dict[str, _Story] = {}
        self.archived: dict[str, dict[str, Any]] = {}
        self.aliases: dict[str, str] = {}
        self.where: dict[str, str] = {}
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.seq = 0
        self.now: dt.date | None = None
        self._index: dict[str, SpaceIndex] = {}

    # --- public API -------------------------------------------------------------------------------

    def add(self, article: Article) -> Assignment:
        """Place one article: join the best active story or found a new one.

        Adding an article already placed returns its current story again (no change).
        """
        if article.id in self.where:
            return Assignment(
                article_id=article.id, story_id=self.resolve(self.where[article.id]), is_new_story=False, score=1.0
            )
        rep = self._represent(article)
        cands = self._candidates(rep)
        best = max(cands, key=lambda c: (c.score, c.story_id), default=None)
        if best is not None and best.score >= self.cfg.join_threshold:
            return self._join(article.id, rep, best.story_id, best.score)
        return self._found(article.id, rep, best.score if best else 0.0)

    def score_candidates(self, article: Article) -> list[Candidate]:
        """Every active story the article was compared with, best first (explains a decision)."""
        cands = self._candidates(self._represent(article))
        return sorted(cands, key=lambda c: -c.score)

    def assign(self, article: Article, story_id: str | None) -> Assignment:
        """Place an article in a given story (or a new one when ``story_id`` is None), e.g. a user fix."""
        rep = self._represent(article)
        if story_id is not None and self.resolve(story_id) in self.stories:
            return self._join(article.id, rep, self.resolve(story_id), 1.0)
        return self._found(article.id, rep, 0.0)

    def resolve(self, story_id: str) -> str:
        """The current id of a story (follows merge aliases)."""
        return self.aliases.get(story_id, story_id)

    def members(self, story_id: str) -> list[str]:
        """Article ids of a story, active or archived."""
        sid = self.resolve(story_id)
        if sid in self.stories:
            return list(self.stories[sid].members)
        return list(self.archived.get(sid, {}).get("members", []))

    def merge_pass(self) -> dict[str, str]:
        """Merge active stories that look like one event; returns the new ``old -> kept`` aliases."""
        merged: dict[str, str] = {}
        order = sorted(self.stories.values(), key=lambda s: s.seq)
        for young in reversed(order):
            if young.id not in self.stories:
                continue
            rep = _Rep(
                vecs={sp: _unit(v) for sp, v in young.sums.items()},
                keys=young.keys,
                terms=young.terms,
                date=young.first,
                lead=young.leads[0],
                langs=young.langs,
            )
            best: Candidate | None = None
            for c in self._candidates(rep, exclude=young.id):
                other = self.stories[c.story_id]
                if other.seq < young.seq and (best is None or c.score > best.score):
                    best = c
            if best is not None and best.score >= self.cfg.merge_threshold:
                self._merge(young.id, best.story_id)
                merged[young.id] = best.story_id
        return {k: self.resolve(v) for k, v in merged.items()}

    def export_state(self) -> dict[str, Any]:
        """The whole state as JSON-safe plain data (vectors as base64 float32)."""
        return {
            "version": STATE_VERSION,
            "now": self.now.isoformat() if self.now else None,
            "n_docs": self.n_docs,
            "seq": self.seq,
            "df": dict(self.df),
            "aliases": dict(self.aliases),
            "archived": list(self.archived.values()),
            "stories": [
                {
                    "id": s.id,
                    "members": list(s.members),
                    "first": s.first.isoformat() if s.first else None,
                    "last": s.last.isoformat() if s.last else None,
                    "seq": s.seq,
                    "leads": list(s.leads),
                    "sums": {sp: base64.b64encode(v.astype(np.float32).tobytes()).decode() for sp, v in s.sums.items()},
                    "keys": dict(s.keys),
                    "terms": dict(s.terms),
                    "langs": sorted(s.langs),
                }
                for s in self.stories.values()
            ],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], encoder: Encoder, cfg: ClusterConfig | None = None) -> StoryClusterer:
        """Rebuild a clusterer from :meth:`export_state` output."""
        if state.get("version") != STATE_VERSION:
            raise ConfigError(f"cluster state version {state.get('version')!r} is not {STATE_VERSION}; re-cluster")
        self = cls(encoder, cfg)
        day = dt.date.fromisoformat
        self.now = day(state["now"]) if state.get("now") else None
        self.n_docs, self.seq = int(state["n_docs"]), int(state["seq"])
        self.df = Counter(state["df"])
        self.aliases = dict(state["aliases"])
        for rec in state["archived"]:
            self.archived[rec["id"]] = dict(rec)
            for m in rec["members"]:
                self.where[m] = rec["id"]
        for rec in state["stories"]:
            s = _Story(
                id=rec["id"],
                members=list(rec["members"]),
                first=day(rec["first"]) if rec["first"] else None,
                last=day(rec["last"]) if rec["last"] else None,
                seq=int(rec["seq"]),
                leads=list(rec["leads"]),
                keys=Counter(rec["keys"]),
                terms=Counter(rec["terms"]),
                langs=set(rec["langs"]),
            )
            for sp, b64 in rec["sums"].items():
                s.sums[sp] = np.frombuffer(base64.b64decode(b64), dtype=np.float32).copy()
            self.stories[s.id] = s
            for m in s.members:
                self.where[m] = s.id
            for sp in s.sums:
                self._put(s, sp)
        return self

    # --- internals --------------------------------------------------------------------------------

    def _represent(self, article: Article) -> _Rep:
        leads = lead_text(article, self.cfg.lead_chars)
        by_space: dict[str, list[np.ndarray]] = {}
        for lang, text in leads.items():
            code = _enc_lang(lang)
            vec = self.encoder.encode([text], language=code)[0]
            by_space.setdefault(self.encoder.space(code), []).append(vec)
        vecs = {sp: _unit(np.mean(vs, axis=0)) for sp, vs in by_space.items()}
        head = ((article.title or "") + "\n" + article.text) if article.title else article.text
        return _Rep(
            vecs=vecs,
            keys=entity_keys(head, self.cfg.key_chars),
            terms=term_counts(head, self.cfg.key_chars),
            date=article.published,
            lead=next(iter(leads.values()), ""),
            langs=set(leads),
        )

    def _bridge_vec(self, text: str) -> np.ndarray:
        return self.encoder.encode([text], language=self.cfg.bridge_language)[0]

    def _candidates(self, rep: _Rep, exclude: str | None = None) -> list[Candidate]:
        k = self.cfg.top_k
        sims: dict[str, dict[str, float]] = {}
        for sp, vec in rep.vecs.items():
            index = self._index.get(sp)
            if index is None:
                continue
            for sid, sim in index.search(vec, k * 3 if index._ann is not None else k + 1):
                sims.setdefault(sid, {})[sp] = sim
        if self._bridge and self.stories:
            self._bridge_search(rep, sims, k)
        out = []
        for sid, by_space in sims.items():
            story = self.stories.get(sid)
            if story is None or sid == exclude or not self._in_window(rep.date, story):
                continue
            f = self._features(rep, story, by_space)
            z = float(self._w @ f) + self.cfg.bias
            out.append(Candidate(story_id=sid, features=tuple(float(x) for x in f), score=1 / (1 + math.exp(-z))))
        return out

    def _bridge_search(self, rep: _Rep, sims: dict[str, dict[str, float]], k: int) -> None:
        """Compare in the bridge space with stories that share no main space with the article."""
        assert self._bridge is not None
        mains = [sp for sp in rep.vecs if sp != self._bridge]
        lacking = [s for s in self.stories.values() if not any(sp in s.sums for sp in mains)]
        if not lacking:
            return
        if self._bridge not in rep.vecs:
            rep.vecs[self._bridge] = self._bridge_vec(rep.lead)
        lacking = [s for s in lacking if self._in_window(rep.date, s)]
        lacking.sort(key=lambda s: -s.seq)
        for s in lacking[: self.cfg.max_bridge]:
            if self._bridge not in s.sums:
                s.sums[self._bridge] = np.sum([self._bridge_vec(t) for t in s.leads], axis=0)
                self._put(s, self._bridge)
        index = self._index.get(self._bridge)
        if index is not None:
            for sid, sim in index.search(rep.vecs[self._bridge], k * 3 if index._ann is not None else k + 1):
                sims.setdefault(sid, {})[self._bridge] = sim

    def _features(self, rep: _Rep, story: _Story, by_space: dict[str, float]) -> np.ndarray:
        main = [v for sp, v in by_space.items() if sp != self._bridge]
        bridge = by_space.get(self._bridge) if self._bridge else None
        cover, mass = key_features(rep.keys, story.keys, self.df, self.n_docs)
        days = _days_apart(rep.date, story.first, story.last)
        same = not rep.langs.isdisjoint(story.langs)  # words compare only within a language
        return np.array(
            [
                max(main) if main else 0.0,
                1.0 if main else 0.0,
                bridge if bridge is not None else 0.0,
                1.0 if bridge is not None else 0.0,
                cover,
                mass,
                term_cosine(rep.terms, story.terms, self.df, self.n_docs, self._tnorm(story)) if same else 0.0,
                1.0 if same else 0.0,
                min(days, 30.0) / 30.0 if days is not None else 0.0,
                1.0 if days is not None else 0.0,
                math.log(len(story.members)),
            ]
        )

    def _tnorm(self, story: _Story) -> float:
        if story.tnorm < 0:
            story.tnorm = term_norm(story.terms, self.df, self.n_docs)
        return story.tnorm

    def _in_window(self, d: dt.date | None, story: _Story) -> bool:
        days = _days_apart(d, story.first, story.last)
        return days is None or days <= self.cfg.window_days

    def _put(self, story: _Story, space: str) -> None:
        vec = _unit(story.sums[space])
        index = self._index.get(space)
        if index is None:
            index = self._index[space] = SpaceIndex(len(vec), self.cfg.ann_min_stories)
        index.put(story.id, vec)

    def _learn_keys(self, rep: _Rep) -> None:
        self.n_docs += 1
        self.df.update(set(rep.keys) | set(rep.terms))
        if len(self.df) > 50 * self.cfg.max_active:  # bound memory: forget keys seen once
            self.df = Counter({k: v for k, v in self.df.items() if v > 1})

    def _absorb(self, story: _Story, rep: _Rep) -> None:
        if self._bridge and self._bridge in story.sums and self._bridge not in rep.vecs and rep.lead:
            rep.vecs[self._bridge] = self._bridge_vec(rep.lead)  # keep the bridge centroid current
        if len(story.leads) < _BRIDGE_LEADS and rep.lead:
            story.leads.append(rep.lead)
        for sp, vec in rep.vecs.items():
            story.sums[sp] = story.sums[sp] + vec if sp in story.sums else vec.copy()
            self._put(story, sp)
        story.keys.update(rep.keys)
        if len(story.keys) > self.cfg.max_story_keys:
            story.keys = Counter(dict(story.keys.most_common(self.cfg.max_story_keys)))
        story.terms.update(rep.terms)
        story.tnorm = -1.0
        story.langs.update(rep.langs)
        if len(story.terms) > 3 * self.cfg.max_story_keys:
            story.terms = Counter(dict(story.terms.most_common(3 * self.cfg.max_story_keys)))

    def _join(self, article_id: str, rep: _Rep, story_id: str, score: float) -> Assignment:
        story = self.stories[story_id]
        self.seq += 1
        story.members.append(article_id)
        story.seq = self.seq
        if rep.date is not None:
            story.first = min(story.first or rep.date, rep.date)
            story.last = max(story.last or rep.date, rep.date)
        self._absorb(story, rep)
        self._learn_keys(rep)
        self.where[article_id] = story_id
        self._advance(rep.date)
        return Assignment(article_id=article_id, story_id=story_id, is_new_story=False, score=score)

    def _found(self, article_id: str, rep: _Rep, score: float) -> Assignment:
        sid = story_id_for(article_id)
        while sid in self.stories or sid in self.archived or sid in self.aliases:  # prefix collision
            sid = "s" + article_id[: len(sid)]  # one more hex digit
        self.seq += 1
        story = _Story(
            id=sid,
            members=[article_id],
            first=rep.date,
            last=rep.date,
            seq=self.seq,
            leads=[],
        )
        self.stories[sid] = story
        self._absorb(story, rep)
        self._learn_keys(rep)
        self.where[article_id] = sid
        self._advance(rep.date)
        return Assignment(article_id=article_id, story_id=sid, is_new_story=True, score=score)

    def _merge(self, young_id: str, old_id: str) -> None:
        young, old = self.stories.pop(young_id), self.stories[old_id]
        for index in self._index.values():
            index.remove(young_id)
        for sp, v in young.sums.items():
            old.sums[sp] = old.sums[sp] + v if sp in old.sums else v
        for sp in old.sums:
            self._put(old, sp)
        old.members.extend(young.members)
        old.keys.update(young.keys)
        old.terms.update(young.terms)
        old.langs.update(young.langs)
        old.tnorm = -1.0
        dates = [d for d in (old.first, old.last, young.first, young.last) if d is not None]
        old.first, old.last = (min(dates), max(dates)) if dates else (None, None)
        old.seq = max(old.seq, young.seq)
        for m in young.members:
            self.where[m] = old_id
        for k, v in list(self.aliases.items()):
            if v == young_id:
                self.aliases[k] = old_id
        self.aliases[young_id] = old_id

    def _advance(self, d: dt.date | None) -> None:
        """Move stories out of the active window (to the compact archive) as time advances."""
        if d is not None and (self.now is None or d > self.now):
            self.now = d
            cutoff = d - dt.timedelta(days=self.cfg.window_days)
            for s in [s for s in self.stories.values() if s.last is not None and s.last < cutoff]:
                self._archive(s)
        if len(self.stories) > self.cfg.max_active:
            for s in sorted(self.stories.values(), key=lambda s: s.seq)[: len(self.stories) - self.cfg.max_active]:
                self._archive(s)

    def _archive(self, s: _Story) -> None:
        del self.stories[s.id]
        for index in self._index.values():
            index.remove(s.id)
        self.archived[s.id] = {
            "id": s.id,
            "members": list(s.members),
            "first": s.first.isoformat() if s.first else None,
            "last": s.last.isoformat() if s.last else None,
        }


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
    _prefetch(ordered, encoder, cfg)
    new = [a.story_id for a in (clusterer.add(art) for art in ordered) if a.is_new_story]
    if cfg.merge_pass:
        clusterer.merge_pass()
    assignments = {a.id: clusterer.resolve(clusterer.where[a.id]) for a in articles}
    return ClusterResult(
        assignments=assignments,
        aliases=dict(clusterer.aliases),
        state=clusterer.export_state(),
        new_stories=tuple(s for s in new if s not in clusterer.aliases),
    )


def _prefetch(articles: Sequence[Article], encoder: Encoder, cfg: ClusterConfig) -> None:
    """Encode every lead in one call per language, so that the encoder's cache serves ``add``."""
    by_lang: dict[str | None, list[str]] = {}
    for a in articles:
        for lang, text in lead_text(a, cfg.lead_chars).items():
            by_lang.setdefault(_enc_lang(lang), []).append(text)
    for lang, texts in by_lang.items():
        encoder.encode(texts, language=lang)
