"""Story-to-story evidence for the batch merge pass: is this pair of stories one event split in two?

The online pass decides article by article; a story it split (a second outlet whose lead reads
differently, a translation that arrived before its original) is only visible once both halves exist.
The merge pass compares whole stories, with their own logistic regression (``MERGE_WEIGHTS`` in
:mod:`chorus.stages.cluster_config`, fitted by ``bench/cluster.py --calibrate`` on story pairs left
by the online pass on the calibration splits), over :data:`MERGE_FEATURE_NAMES`:

- the cosine of the two centroids and of their two closest recent leads, in a shared main space
  (USE), else in the bridge space (multilingual-e5; its cosines run higher, so it has its own weights);
- idf-weighted cosines of the key bags: all keys, names only, and the names the articles lead with
  (keys compare only within a script class both stories have, as in the online features);
- the tf-idf cosine of the word bags when the stories share a language;
- how far their most-mentioned years agree; the sizes of the two stories.

Everything is read from :class:`chorus.stages.cluster_story.StoryState`; no model runs here.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

import numpy as np

from chorus.stages.cluster_features import comparable_classes, idf, key_class, key_features, story_cover
from chorus.stages.cluster_story import NEAR, StoryState, common_years, unit

MERGE_FEATURE_NAMES = (
    "main_sim",  # cosine of the two centroids in a shared main space (USE)
    "main_near",  # the best cosine between the two stories' recent leads, same space
    "main_has",
    "bridge_sim",  # the same in the bridge space (multilingual-e5), only when no main space is shared
    "bridge_near",
    "bridge_has",
    "key_cos",  # idf-weighted cosine of the key bags (numbers and names, classes both stories have)
    "name_cos",  # the same over names only
    "lead_cos",  # the same over the names the stories' articles lead with
    "term_cos",  # tf-idf cosine of the word bags, when the stories share a language
    "same_lang",
    "year_share",  # Jaccard of the two stories' most-mentioned years
    "year_has",
    "log_min_size",
    "log_max_size",
)


def bag_cosine(
    a: Mapping[str, int],
    b: Mapping[str, int],
    df: Mapping[str, int],
    n_docs: int,
    classes: Collection[int] | None = None,
) -> float:
    """Cosine of two bags weighted by sublinear tf times idf, over keys of ``classes`` only (all when None).

    >>> round(bag_cosine({"putin": 2, "#2025": 1}, {"putin": 1}, {"putin": 3, "#2025": 9}, 100), 2)
    0.83
    """

    def weights(bag: Mapping[str, int]) -> dict[str, float]:
        return {
            k: (1.0 + math.log(n)) * idf(df.get(k, 0), n_docs)
            for k, n in bag.items()
            if n > 0 and (classes is None or key_class(k) in classes)
        }

    wa, wb = weights(a), weights(b)
    if len(wb) < len(wa):
        wa, wb = wb, wa
    dot = sum(w * wb[k] for k, w in wa.items() if k in wb)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in wa.values())) * math.sqrt(sum(w * w for w in wb.values())))


def _space_sims(a: StoryState, b: StoryState, space: str) -> tuple[float, float]:
    sim = float(unit(a.sums[space]) @ unit(b.sums[space]))
    ra, rb = a.near.get(space), b.near.get(space)
    near = float(np.max(ra.astype(np.float32) @ rb.astype(np.float32).T)) if ra is not None and rb is not None else sim
    return sim, near


def pair_features(a: StoryState, b: StoryState, df: Mapping[str, int], n_docs: int, bridge: str | None) -> np.ndarray:
    """The :data:`MERGE_FEATURE_NAMES` of two stories, in order.

    Args:
        a, b: the two stories.
        df: document frequency of each key and word; n_docs: articles counted in ``df``.
        bridge: the name of the bridge vector space (compared only when no other space is shared).
    """
    shared = [sp for sp in a.sums if sp in b.sums]
    mains = [_space_sims(a, b, sp) for sp in shared if sp != bridge]
    main_sim, main_near = max(mains) if mains else (0.0, 0.0)
    bridge_sim = bridge_near = 0.0
    has_bridge = not mains and bridge is not None and bridge in shared
    if has_bridge:
        bridge_sim, bridge_near = _space_sims(a, b, bridge)  # type: ignore[arg-type]
    classes = comparable_classes(a.classes, b.classes)
    names = classes - {0}
    same = not a.langs.isdisjoint(b.langs)
    ya, yb = common_years(a.years), common_years(b.years)
    small, large = sorted((len(a.members), len(b.members)))
    return np.array(
        [
            main_sim,
            main_near,
            1.0 if mains else 0.0,
            bridge_sim,
            bridge_near,
            1.0 if has_bridge else 0.0,
            bag_cosine(a.keys, b.keys, df, n_docs, classes),
            bag_cosine(a.keys, b.keys, df, n_docs, names) if names else 0.0,
            bag_cosine(a.lead_keys, b.lead_keys, df, n_docs, names) if names else 0.0,
            bag_cosine(a.terms, b.terms, df, n_docs) if same else 0.0,
            1.0 if same else 0.0,
            len(ya & yb) / len(ya | yb) if ya and yb else 0.0,
            1.0 if ya and yb else 0.0,
            math.log(small),
            math.log(large),
        ]
    )


def lead_covers(a: StoryState, b: StoryState, df: Mapping[str, int], n_docs: int) -> tuple[float, float]:
    """The online pass's ``lead_cover`` and ``story_cover`` with the smaller story in the article's
    place (for the template guard): how much of its lead names the other story leads with, and how
    much of the other story's lead names it mentions. Both 0 when the leads share no named script."""
    small, large = sorted((a, b), key=lambda s: (len(s.members), s.id))  # the same whichever comes first
    names = comparable_classes(small.lead_classes, large.lead_classes) - {0}
    if not names:
        return 0.0, 0.0
    lead, _ = key_features(small.lead_keys, large.lead_keys, df, n_docs, names)
    return lead, story_cover(large.lead_keys, len(large.members), small.keys, df, n_docs, names)


def stories_overlap(a: StoryState, b: StoryState, window_days: int) -> bool:
    """Whether two stories' date ranges come within ``window_days`` of each other (undated ones always do)."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return True
    return max((b.first - a.last).days, (a.first - b.last).days, 0) <= window_days


def absorb_story(old: StoryState, young: StoryState, max_leads: int) -> None:
    """Fold ``young`` into ``old`` (members, centroids, recent leads, bags, dates); ``old`` keeps its id."""
    for sp, v in young.sums.items():
        old.sums[sp] = old.sums[sp] + v if sp in old.sums else v
    for sp, rows in young.near.items():
        old.near[sp] = np.vstack([old.near[sp], rows])[-NEAR:] if sp in old.near else rows
    old.members.extend(young.members)
    old.keys.update(young.keys)
    old.lead_keys.update(young.lead_keys)
    old.years.update(young.years)
    old.classes.update(young.classes)
    old.lead_classes.update(young.lead_classes)
    old.terms.update(young.terms)
    old.langs.update(young.langs)
    old.leads = (old.leads + young.leads)[:max_leads]
    old.tnorm = -1.0
    dates = [d for d in (old.first, old.last, young.first, young.last) if d is not None]
    old.first, old.last = (min(dates), max(dates)) if dates else (None, None)
    old.seq = max(old.seq, young.seq)
