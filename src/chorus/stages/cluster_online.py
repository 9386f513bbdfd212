"""The online story clusterer: active stories, their centroids and key bags, and the decision rule.

Each article is compared with the nearest active stories (ANN over centroids, one index per vector
space, see :mod:`chorus.stages.cluster_index`), every candidate gets the features of
:data:`chorus.stages.cluster_features.FEATURE_NAMES`, a logistic regression turns them into the
probability that the article belongs to the story, and the article joins the best candidate when that
probability reaches ``join_threshold``; otherwise it founds a story named after itself.

Vectors of different models never meet: a Hebrew article is compared in the *bridge* space
(multilingual-e5), and a story that has only USE vectors gets a bridge vector of its first leads
computed on demand (``bridge_language`` names the language code the encoder routes to its widest
model; ``None`` turns bridging off).

The *template guard* refuses a story, whatever the regression says, when the article and the story
share a language and a script with names, the article's lead is as close to one of the story's leads
as a rewrite (``guard_sim``) or shares its words as closely (``guard_terms``), yet neither side's
lead names reach ``guard_cover`` on the other: the
same wording about other people or places is another event (two ministers' visits reported from one
template), which no calibration set shows.

After a batch, :meth:`StoryClusterer.merge_pass` compares whole stories (the ones the batch touched
with their nearest active stories) by a story-pair regression (:mod:`chorus.stages.cluster_merge`)
and merges mutual-best pairs that reach ``merge_threshold``, under the same template guard with the
smaller story in the article's place.

Memory stays bounded: stories whose latest article is older than ``window_days`` (or the least
recently updated, past ``max_active``) move to a compact archive (id, members, dates) that still
resolves, and rare keys are forgotten from the document-frequency table as it grows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Collection
from typing import Any

import numpy as np

from chorus.embed import Encoder
from chorus.errors import ConfigError
from chorus.model import Article
from chorus.stages.cluster_config import Assignment, Candidate, ClusterConfig
from chorus.stages.cluster_features import (
    FEATURE_NAMES,
    TermWeights,
    comparable_classes,
    entity_keys,
    key_class,
    key_features,
    lead_text,
    modal_years,
    story_cover,
    term_cosine,
    term_counts,
    term_norm,
    term_weights,
)
from chorus.stages.cluster_index import SpaceIndex
from chorus.stages.cluster_merge import MERGE_FEATURE_NAMES, absorb_story, lead_covers, pair_features, stories_overlap
from chorus.stages.cluster_story import (
    NEAR,
    ArticleRep,
    StoryState,
    common_years,
    days_apart,
    lead_vectors,
    near_cosine,
    story_from_dict,
    story_id_for,
    story_to_dict,
    unit,
)

STATE_VERSION = 4  # 3 was taken by a reverted change (2f85d31), so a state it wrote is refused too


def check_state_version(state: dict[str, Any]) -> None:
    """Refuse a stored cluster state written by another Chorus version, saying what to do.

    Raises:
        ConfigError: the state's version is not :data:`STATE_VERSION`.
    """
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        got = state.get("version") if isinstance(state, dict) else None
        raise ConfigError(
            f"cluster state version {got!r} is not {STATE_VERSION}: this store was clustered by another Chorus "
            "version; re-cluster it (`chorus run` on a fresh --db)"
        )


_F = {name: i for i, name in enumerate(FEATURE_NAMES)}
_M = {name: i for i, name in enumerate(MERGE_FEATURE_NAMES)}
_MERGE_ROUNDS = 3  # merge rounds per pass: a story that grew is compared again
_BRIDGE_LEADS = 4  # leads kept per story to build its bridge-space centroid on demand
_DF_PER_STORY = 50  # document frequencies kept, per active story allowed
_BRIDGE_RARE_MIN = 20  # a key carried by at most this many articles is rare enough to block on


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
        self._mw = np.asarray(self.cfg.merge_weights, dtype=np.float64)
        bridge = self.encoder.space(self.cfg.bridge_language) if self.cfg.bridge_language else None
        # an encoder with one model for every language has no separate bridge space
        self._bridge = bridge if bridge != self.encoder.space(None) else None
        self.stories: dict[str, StoryState] = {}
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

    def merge_pass(self, only: Collection[str] | None = None) -> dict[str, str]:
        """Merge active stories that look like one event; returns the new ``old -> kept`` aliases.

        Args:
            only: compare just these stories (e.g. those that gained articles in this batch) with the
                others; every active story when None.

        Each story (the youngest first) is compared with its nearest stories by the story-pair rule of
        :mod:`chorus.stages.cluster_merge` and merged into the best one that reaches
        ``merge_threshold``, if that pair is a *mutual* best: when the other story scores a third one
        higher, the two stay apart (a story about one senator's remarks is then not absorbed by
        whichever politics story it happens to resemble most, when that story has a closer match of
        its own). The stories that grew, and those kept apart for want of a mutual best (whose rival may
        just have merged), are compared again, for at most three rounds. Of a merged pair the story
        founded later joins the one founded first, whose id survives; the other id becomes an alias of it.
        """
        merged: dict[str, str] = {}
        todo = [s for s in (only if only is not None else list(self.stories)) if s in self.stories]
        for _ in range(_MERGE_ROUNDS):
            grown: set[str] = set()
            waiting: set[str] = set()  # not a mutual best this round; looked at again once something merged
            for story in sorted((self.stories[s] for s in set(todo) if s in self.stories), key=lambda s: -s.born):
                if story.id not in self.stories:
                    continue
                best = self._best_merge(story.id)
                if best is None or best.score < self.cfg.merge_threshold:
                    continue
                back = self._best_merge(best.story_id)
                if back is not None and back.story_id != story.id and back.score > best.score:
                    waiting.add(story.id)  # the other story has a likelier partner: kept apart this round
                    continue
                other = self.stories[best.story_id]
                young, old = (story, other) if story.born > other.born else (other, story)
                self._merge(young.id, old.id)
                merged[young.id] = old.id
                grown.add(old.id)
            if not grown:
                break
            todo = list(grown | waiting)
        return {k: self.resolve(v) for k, v in merged.items()}

    def _best_merge(self, story_id: str) -> Candidate | None:
        return max(self.merge_candidates(story_id), key=lambda c: (c.score, c.story_id), default=None)

    def merge_candidates(self, story_id: str) -> list[Candidate]:
        """The active stories nearest to one story, with the story-pair features and merge probability."""
        story = self.stories[story_id]
        near: set[str] = set()
        for sp, total in story.sums.items():
            index = self._index.get(sp)
            if index is not None:
                k = self.cfg.top_k
                near.update(sid for sid, _ in index.search(unit(total), k * 3 if index.is_ann else k + 1))
        out = []
        for sid in sorted(near - {story_id}):
            other = self.stories.get(sid)
            if other is None or not stories_overlap(story, other, self.cfg.window_days):
                continue
            f = pair_features(story, other, self.df, self.n_docs, self._bridge)
            z = float(self._mw @ f) + self.cfg.merge_bias
            score = 0.0 if self._merge_template(story, other, f) else 1 / (1 + math.exp(-z))
            out.append(Candidate(story_id=sid, features=tuple(float(x) for x in f), score=score))
        return out

    def _merge_template(self, a: StoryState, b: StoryState, f: np.ndarray) -> bool:
        """The template guard between stories, the smaller one in the article's place (module docstring)."""
        if not f[_M["same_lang"]] or (
            f[_M["main_near"]] < self.cfg.guard_sim and f[_M["term_cos"]] < self.cfg.guard_terms
        ):
            return False
        lead, cover = lead_covers(a, b, self.df, self.n_docs)
        names = comparable_classes(a.lead_classes, b.lead_classes) - {0}
        return bool(names) and lead < self.cfg.guard_cover and cover < self.cfg.guard_cover

    def export_state(self) -> dict[str, Any]:
        """The whole state as JSON-safe plain data (vectors as base64)."""
        return {
            "version": STATE_VERSION,
            "now": self.now.isoformat() if self.now else None,
            "n_docs": self.n_docs,
            "seq": self.seq,
            "df": dict(self.df),
            "aliases": dict(self.aliases),
            "archived": list(self.archived.values()),
            "stories": [story_to_dict(s) for s in self.stories.values()],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], encoder: Encoder, cfg: ClusterConfig | None = None) -> StoryClusterer:
        """Rebuild a clusterer from :meth:`export_state` output."""
        check_state_version(state)
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
            s = story_from_dict(rec)
            self.stories[s.id] = s
            for m in s.members:
                self.where[m] = s.id
            for sp in s.sums:
                self._put(s, sp)
        return self

    # --- internals --------------------------------------------------------------------------------

    def _represent(self, article: Article) -> ArticleRep:
        leads = lead_text(article, self.cfg.lead_chars)
        vecs = lead_vectors(article, self.encoder, self.cfg.lead_chars)
        head = ((article.title or "") + "\n" + article.text) if article.title else article.text
        keys = entity_keys(head, self.cfg.key_chars)
        lead_keys = entity_keys(head, self.cfg.lead_chars)
        return ArticleRep(
            vecs=vecs,
            keys=keys,
            lead_keys=lead_keys,
            terms=term_counts(head, self.cfg.key_chars),
            date=article.published,
            lead=next(iter(leads.values()), ""),
            langs=set(leads),
            years=modal_years(keys),
            classes=frozenset(key_class(k) for k in keys),
            lead_classes=frozenset(key_class(k) for k in lead_keys),
        )

    def _bridge_vec(self, text: str) -> np.ndarray:
        return self.encoder.encode([text], language=self.cfg.bridge_language)[0]

    def _candidates(self, rep: ArticleRep) -> list[Candidate]:
        k = self.cfg.top_k
        sims: dict[str, dict[str, float]] = {}
        for sp, vec in rep.vecs.items():
            index = self._index.get(sp)
            if index is None:
                continue
            for sid, sim in index.search(vec, k * 3 if index.is_ann else k + 1):
                sims.setdefault(sid, {})[sp] = sim
        if self._bridge and self.stories:
            self._bridge_search(rep, sims, k)
        live = {
            sid: by_space
            for sid, by_space in sims.items()
            if sid in self.stories and self._in_window(rep.date, self.stories[sid])
        }
        out = []
        for sid, by_space in live.items():
            f = self._features(rep, self.stories[sid], by_space)
            z = float(self._w @ f) + self.cfg.bias
            score = 0.0 if self._template(f) else 1 / (1 + math.exp(-z))
            out.append(Candidate(story_id=sid, features=tuple(float(x) for x in f), score=score))
        return out

    def _template(self, f: np.ndarray) -> bool:
        """The template guard (module docstring): close wording, other names, same language."""
        cover = self.cfg.guard_cover
        return bool(
            f[_F["same_lang"]]
            and f[_F["lead_has"]]
            and (f[_F["main_near"]] >= self.cfg.guard_sim or f[_F["term_cos"]] >= self.cfg.guard_terms)
            and f[_F["lead_cover"]] < cover
            and f[_F["story_cover"]] < cover
        )

    def _bridge_search(self, rep: ArticleRep, sims: dict[str, dict[str, float]], k: int) -> None:
        """Compare in the bridge space with stories that share no main space with the article.

        Bridge vectors are slow (multilingual-e5), so the ``max_bridge`` most recent such stories in
        the window get one, and an article that has a main-space vector (USE) is embedded in the bridge
        space only for stories it shares a rare key with (a number or name that at most 1% of the
        articles so far carry, or 20 while the stream is young): otherwise every English article would
        pay for e5 as soon as one Hebrew story is active.
        """
        assert self._bridge is not None
        mains = [sp for sp in rep.vecs if sp != self._bridge]
        if any(len(self._index.get(sp, ())) == len(self.stories) for sp in mains):
            return  # every active story shares a main space with the article (the common case)
        blocked = [
            s for s in self.stories.values() if not any(sp in s.sums for sp in mains) and self._in_window(rep.date, s)
        ]
        if mains and self._bridge not in rep.vecs:
            rare = max(self.n_docs // 100, _BRIDGE_RARE_MIN)
            keys = [key for key in rep.keys if self.df.get(key, 0) <= rare]
            blocked = [s for s in blocked if any(key in s.keys for key in keys)]
        if not blocked:
            return
        if self._bridge not in rep.vecs:
            rep.vecs[self._bridge] = self._bridge_vec(rep.lead)
        blocked.sort(key=lambda s: -s.seq)
        for s in blocked[: self.cfg.max_bridge]:
            if self._bridge not in s.sums:
                vecs = [self._bridge_vec(t) for t in s.leads]
                s.sums[self._bridge] = np.sum(vecs, axis=0)
                s.near[self._bridge] = np.asarray(vecs[-NEAR:], dtype=np.float16)
                self._put(s, self._bridge)
        index = self._index.get(self._bridge)
        if index is not None:
            for sid, sim in index.search(rep.vecs[self._bridge], k * 3 if index.is_ann else k + 1):
                sims.setdefault(sid, {})[self._bridge] = sim

    def _features(self, rep: ArticleRep, story: StoryState, by_space: dict[str, float]) -> np.ndarray:
        main = [v for sp, v in by_space.items() if sp != self._bridge]
        bridge = by_space.get(self._bridge) if self._bridge else None
        near = {sp: near_cosine(story, sp, rep.vecs[sp]) for sp in by_space if sp in rep.vecs}
        main_near = max((v for sp, v in near.items() if sp != self._bridge), default=0.0)
        shared = comparable_classes(rep.classes, story.classes)
        cover, mass = key_features(rep.keys, story.keys, self.df, self.n_docs, shared)
        lead_shared = comparable_classes(rep.lead_classes, story.lead_classes)
        names = bool(lead_shared - {0})  # numbers alone do not make two leads comparable
        lead_cover = s_cover = 0.0
        if names:
            lead_cover, _ = key_features(rep.lead_keys, story.lead_keys, self.df, self.n_docs, lead_shared)
            s_cover = story_cover(story.lead_keys, len(story.members), rep.keys, self.df, self.n_docs, lead_shared)
        story_years = common_years(story.years)
        days = days_apart(rep.date, story.first, story.last)
        same = not rep.langs.isdisjoint(story.langs)  # words compare only within a language
        return np.array(
            [
                max(main) if main else 0.0,
                1.0 if main else 0.0,
                main_near,
                bridge if bridge is not None else 0.0,
                1.0 if bridge is not None else 0.0,
                near.get(self._bridge, 0.0) if bridge is not None and self._bridge else 0.0,
                cover,
                mass,
                1.0 if names else 0.0,
                lead_cover,
                s_cover,
                term_cosine(self._weights(rep), story.terms, self._tnorm(story)) if same else 0.0,
                1.0 if same else 0.0,
                len(rep.years & story_years) / len(rep.years) if rep.years and story_years else 0.0,
                1.0 if rep.years and story_years else 0.0,
                min(days, 30.0) / 30.0 if days is not None else 0.0,
                1.0 if days is not None else 0.0,
                math.log(len(story.members)),
            ]
        )

    def _weights(self, rep: ArticleRep) -> TermWeights:
        if rep.weights is None:  # once per article, for all its candidate stories
            rep.weights = term_weights(rep.terms, self.df, self.n_docs)
        return rep.weights

    def _tnorm(self, story: StoryState) -> float:
        """The story bag's tf-idf length, recomputed when the bag changed or the idf has drifted (the
        article count grew by a tenth since); the count it was computed at is kept in the state, so a
        restored clusterer scores as the live one did."""
        if story.tnorm < 0 or self.n_docs > story.tnorm_at + max(10, story.tnorm_at // 10):
            story.tnorm = term_norm(story.terms, self.df, self.n_docs)
            story.tnorm_at = self.n_docs
        return story.tnorm

    def _in_window(self, d: dt.date | None, story: StoryState) -> bool:
        days = days_apart(d, story.first, story.last)
        return days is None or days <= self.cfg.window_days

    def _put(self, story: StoryState, space: str) -> None:
        vec = unit(story.sums[space])
        index = self._index.get(space)
        if index is None:
            index = self._index[space] = SpaceIndex(len(vec), self.cfg.ann_min_stories)
        index.put(story.id, vec)

    def _learn_keys(self, rep: ArticleRep) -> None:
        self.n_docs += 1
        self.df.update(set(rep.keys) | set(rep.terms))
        if len(self.df) > _DF_PER_STORY * self.cfg.max_active:  # bound memory: keep the most frequent half
            self.df = Counter(dict(self.df.most_common(_DF_PER_STORY * self.cfg.max_active // 2)))

    def _absorb(self, story: StoryState, rep: ArticleRep) -> None:
        if self._bridge and self._bridge in story.sums and self._bridge not in rep.vecs and rep.lead:
            rep.vecs[self._bridge] = self._bridge_vec(rep.lead)  # keep the bridge centroid current
        if len(story.leads) < _BRIDGE_LEADS and rep.lead:
            story.leads.append(rep.lead)
        for sp, vec in rep.vecs.items():
            story.sums[sp] = story.sums[sp] + vec if sp in story.sums else vec.copy()
            row = vec.astype(np.float16)[None, :]
            story.near[sp] = np.vstack([story.near[sp][1 - NEAR :], row]) if sp in story.near else row
            self._put(story, sp)
        cap = self.cfg.max_story_keys
        story.keys.update(rep.keys)
        if len(story.keys) > cap:
            story.keys = Counter(dict(story.keys.most_common(cap)))
        story.lead_keys.update(set(rep.lead_keys))
        if len(story.lead_keys) > cap:
            story.lead_keys = Counter(dict(story.lead_keys.most_common(cap)))
        story.years.update(rep.years)
        story.classes.update(rep.classes)
        story.lead_classes.update(rep.lead_classes)
        story.terms.update(rep.terms)
        story.tnorm = -1.0
        story.langs.update(rep.langs)
        if len(story.terms) > 3 * cap:
            story.terms = Counter(dict(story.terms.most_common(3 * cap)))

    def _join(self, article_id: str, rep: ArticleRep, story_id: str, score: float) -> Assignment:
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

    def _found(self, article_id: str, rep: ArticleRep, score: float) -> Assignment:
        sid = story_id_for(article_id)
        while sid in self.stories or sid in self.archived or sid in self.aliases:  # prefix collision
            sid = "s" + article_id[: len(sid)]  # one more hex digit
        self.seq += 1
        story = StoryState(
            id=sid, members=[article_id], first=rep.date, last=rep.date, seq=self.seq, leads=[], born=self.seq
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
        absorb_story(old, young, _BRIDGE_LEADS)
        for sp in old.sums:
            self._put(old, sp)
        for m in young.members:
            self.where[m] = old_id
        for alias, target in list(self.aliases.items()):
            if target == young_id:
                self.aliases[alias] = old_id
        self.aliases[young_id] = old_id

    def _advance(self, d: dt.date | None) -> None:
        """Move stories out of the active window (to the compact archive) as time advances."""
        if d is not None and (self.now is None or d > self.now):
            self.now = d
            cutoff = d - dt.timedelta(days=self.cfg.window_days)
            for s in [s for s in self.stories.values() if s.last is not None and s.last < cutoff]:
                self._archive(s)
        if len(self.stories) > self.cfg.max_active:  # archive the least recently updated tenth at once
            keep = self.cfg.max_active - self.cfg.max_active // 10
            for s in sorted(self.stories.values(), key=lambda s: s.seq)[: len(self.stories) - keep]:
                self._archive(s)

    def _archive(self, s: StoryState) -> None:
        del self.stories[s.id]
        for index in self._index.values():
            index.remove(s.id)
        self.archived[s.id] = {
            "id": s.id,
            "members": list(s.members),
            "first": s.first.isoformat() if s.first else None,
            "last": s.last.isoformat() if s.last else None,
        }
