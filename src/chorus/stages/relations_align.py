"""Translations across languages: monotonic sentence alignment over multilingual embeddings.

A translation is not "similar documents": other outlets' articles on the same event reach 0.67-0.77
document cosine with USE. A translation is a *monotonic* alignment (sentence order kept, with 1-2 and
2-1 merges for split or joined sentences) that covers most of the text of *both* sides with pairs whose
similarity is high. The alignment is a dynamic programme in the style of Gale-Church/Vecalign over the
sentence cosine matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chorus.errors import ConfigError
from chorus.model import Sentence


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """Settings for translation detection.

    Attributes:
        prune: document cosine (mean sentence vector) below which a pair is not aligned at all.
        candidates: at most this many other-language candidates per unit, best document cosine first.
        pair_min: default sentence cosine for an aligned pair to count as a translation pair.
        pair_min_by_space: per embedding space overrides of ``pair_min`` as ``(space, value)`` pairs
            (E5 similarities bunch high, so it needs a higher floor than USE).
        margin_by_space: spaces scored by the ratio margin instead of the plain cosine, as
            ``(space, threshold)`` pairs (see :func:`align`); the plain floor is used instead when the
            group has fewer than ``min_background`` sentences in the other language.
        knn: neighbours averaged for the ratio margin.
        min_background: other-language sentences the group needs for the ratio margin.
        coverage: share of each side's characters that aligned pairs must cover.
        max_length_ratio: a pair of units whose lengths differ more than this is no translation
            (lengths from :func:`weighted_length`, which counts a Han, kana or hangul character as 3).
        summaries: refuse an aligned pair that is a summary, not a translation (see
            :func:`chorus.stages.relations.find_translations`): the alignment matches at least
            ``summary_joined`` of the longer side only by joining its sentences, the shorter side leaves
            out at least ``summary_missing`` of the longer side's names and numbers, a larger share
            of them than that joined share, and at least ``summary_subset`` of its own have a counterpart
            in the longer side (it names nothing of its own, as a translation converting units or
            spelling names its own way would).
        summary_joined: share of the longer side's characters in sentences aligned two to one.
        summary_missing: anchors (:mod:`chorus.stages.relations_anchors`) the shorter side must leave out.
        summary_subset: share of the shorter side's anchors found in the longer side.
    """

    prune: float = 0.45
    candidates: int = 5
    pair_min: float = 0.5
    pair_min_by_space: tuple[tuple[str, float], ...] = (("use-m3", 0.5), ("e5-small", 0.84))
    margin_by_space: tuple[tuple[str, float], ...] = (("e5-small", 0.99),)
    knn: int = 4
    min_background: int = 40
    coverage: float = 0.75
    max_length_ratio: float = 3.0
    summaries: bool = True
    summary_joined: float = 0.5
    summary_missing: int = 2
    summary_subset: float = 0.8

    def __post_init__(self) -> None:
        for name in ("prune", "pair_min", "coverage", "summary_joined", "summary_subset"):
            v = getattr(self, name)
            if not 0 < v <= 1:
                raise ConfigError(f"relations.{name} must be in (0, 1], got {v}")
        for space, v in self.pair_min_by_space:
            if not 0 < v <= 1:
                raise ConfigError(f"relations.pair_min_by_space[{space!r}] must be in (0, 1], got {v}")
        for space, v in self.margin_by_space:
            if not 0.8 <= v <= 2:
                raise ConfigError(f"relations.margin_by_space[{space!r}] is a ratio in [0.8, 2], got {v}")
        if self.knn < 1 or self.min_background < self.knn:
            raise ConfigError(
                f"relations.knn must be >= 1 and min_background >= knn, got {self.knn}, {self.min_background}"
            )
        if self.candidates < 1:
            raise ConfigError(f"relations.candidates must be >= 1, got {self.candidates}")
        if self.max_length_ratio < 1:
            raise ConfigError(f"relations.max_length_ratio must be >= 1, got {self.max_length_ratio}")
        if self.summary_missing < 1:
            raise ConfigError(f"relations.summary_missing must be >= 1, got {self.summary_missing}")

    def floor(self, space: str) -> float:
        """The sentence-pair floor for an embedding space."""
        return dict(self.pair_min_by_space).get(space, self.pair_min)


@dataclass(frozen=True, slots=True)
class Alignment:
    """A monotonic alignment: groups of sentence indices on each side, with their cosine."""

    pairs: tuple[tuple[tuple[int, ...], tuple[int, ...], float], ...]
    coverage_a: float
    coverage_b: float
    mean_sim: float


def joined_share(al: Alignment, side: int, lengths: np.ndarray) -> float:
    """Share of one side's characters that the alignment matches only by joining two of its sentences.

    Args:
        al: the alignment.
        side: 0 for side a, 1 for side b.
        lengths: character length of each sentence of that side.

    >>> al = Alignment((((0, 1), (0,), 0.8), ((2,), (1,), 0.9)), 1.0, 1.0, 0.85)
    >>> joined_share(al, 0, np.array([50.0, 50.0, 100.0])), joined_share(al, 1, np.array([80.0, 90.0]))
    (0.5, 0.0)
    """
    groups = [ga if side == 0 else gb for ga, gb, _ in al.pairs]
    joined = sum(float(lengths[i]) for g in groups if len(g) > 1 for i in g)
    return joined / max(1.0, float(lengths.sum()))


def _is_wide(ch: str) -> bool:
    o = ord(ch)
    return 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF


def weighted_length(sentences: Sequence[Sentence]) -> int:
    """Length of a text for comparing across scripts: a CJK character carries about 3 Latin ones.

    >>> from chorus.model import Sentence
    >>> weighted_length([Sentence(article="x", start=0, end=4, text="普京会见", language="zh")])
    12
    """
    return sum(len(s.text) + 2 * sum(1 for ch in s.text if _is_wide(ch)) for s in sentences)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n else v


def align(
    va: np.ndarray,
    vb: np.ndarray,
    len_a: np.ndarray,
    len_b: np.ndarray,
    floor: float,
    knn_a: np.ndarray | None = None,
    knn_b: np.ndarray | None = None,
) -> Alignment:
    """Monotonic sentence alignment maximising the summed margin over ``floor``.

    Args:
        va: ``(n, d)`` unit vectors of side a's sentences, in text order.
        vb: ``(m, d)`` unit vectors of side b's sentences.
        len_a: character length of each sentence of a (coverage is measured in characters).
        len_b: the same for b.
        floor: cosine below which a pair scores negatively (so it is better left unaligned); with
            ``knn_a``/``knn_b``, the ratio margin below which it does.
        knn_a: for each sentence of a, the mean cosine of its k nearest other-language sentences in the
            group. When given (with ``knn_b``), pairs are scored by the ratio margin
            ``cos(x, y) / ((knn(x) + knn(y)) / 2)`` (Artetxe and Schwenk 2019), which makes a pair stand
            out from its neighbours, as an encoder whose cosines bunch (E5) needs.
        knn_b: the same for b.

    Returns:
        The alignment (moves 1-1, 1-2, 2-1 and skips) and each side's covered share of characters.
    """
    n, m = len(va), len(vb)
    if n == 0 or m == 0:
        return Alignment((), 0.0, 0.0, 0.0)
    sim = va @ vb.T
    # merged vectors for 2-sentence groups
    a2 = np.array([_unit(va[i] + va[i + 1]) for i in range(n - 1)]) if n > 1 else np.zeros((0, va.shape[1]))
    b2 = np.array([_unit(vb[j] + vb[j + 1]) for j in range(m - 1)]) if m > 1 else np.zeros((0, vb.shape[1]))
    s21 = a2 @ vb.T if n > 1 else None  # (n-1, m)
    s12 = va @ b2.T if m > 1 else None  # (n, m-1)
    raw = (sim, s21, s12)
    if knn_a is not None and knn_b is not None:
        ka2, kb2 = (knn_a[:-1] + knn_a[1:]) / 2, (knn_b[:-1] + knn_b[1:]) / 2
        sim = sim / ((knn_a[:, None] + knn_b[None, :]) / 2)
        s21 = s21 / ((ka2[:, None] + knn_b[None, :]) / 2) if s21 is not None else None
        s12 = s12 / ((knn_a[:, None] + kb2[None, :]) / 2) if s12 is not None else None
    neg = -1e9
    score = np.full((n + 1, m + 1), neg)
    back = np.zeros((n + 1, m + 1), dtype=np.int8)
    score[0, 0] = 0.0
    wa, wb = len_a / max(1, len_a.sum()), len_b / max(1, len_b.sum())
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, mv = neg, 0
            if i > 0 and score[i - 1, j] > best:
                best, mv = score[i - 1, j], 1  # skip a sentence of a
            if j > 0 and score[i, j - 1] > best:
                best, mv = score[i, j - 1], 2  # skip a sentence of b
            if i > 0 and j > 0:
                v = score[i - 1, j - 1] + (sim[i - 1, j - 1] - floor) * (wa[i - 1] + wb[j - 1])
                if v > best:
                    best, mv = v, 3
            if i > 1 and j > 0 and s21 is not None:
                v = score[i - 2, j - 1] + (s21[i - 2, j - 1] - floor) * (wa[i - 2] + wa[i - 1] + wb[j - 1])
                if v > best:
                    best, mv = v, 4
            if i > 0 and j > 1 and s12 is not None:
                v = score[i - 1, j - 2] + (s12[i - 1, j - 2] - floor) * (wa[i - 1] + wb[j - 2] + wb[j - 1])
                if v > best:
                    best, mv = v, 5
            score[i, j], back[i, j] = best, mv
    pairs: list[tuple[tuple[int, ...], tuple[int, ...], float, float]] = []  # (.., test value, cosine)
    i, j = n, m
    while i > 0 or j > 0:
        mv = back[i, j]
        if mv == 1:
            i -= 1
        elif mv == 2:
            j -= 1
        elif mv == 3:
            pairs.append(((i - 1,), (j - 1,), float(sim[i - 1, j - 1]), float(raw[0][i - 1, j - 1])))
            i, j = i - 1, j - 1
        elif mv == 4:
            assert s21 is not None
            pairs.append(((i - 2, i - 1), (j - 1,), float(s21[i - 2, j - 1]), float(raw[1][i - 2, j - 1])))  # type: ignore[index]
            i, j = i - 2, j - 1
        else:
            assert s12 is not None
            pairs.append(((i - 1,), (j - 2, j - 1), float(s12[i - 1, j - 2]), float(raw[2][i - 1, j - 2])))  # type: ignore[index]
            i, j = i - 1, j - 2
    pairs.reverse()
    good = [(ga, gb, cos) for ga, gb, test, cos in pairs if test >= floor]
    cov_a = sum(float(len_a[x]) for p in good for x in p[0]) / max(1.0, float(len_a.sum()))
    cov_b = sum(float(len_b[x]) for p in good for x in p[1]) / max(1.0, float(len_b.sum()))
    mean = float(np.mean([p[2] for p in good])) if good else 0.0
    return Alignment(tuple(good), cov_a, cov_b, mean)
