"""Nearest-story search over story centroids, one index per vector space.

Exact numpy search while the active stories are few (one BLAS thread answers in well under a
millisecond for a few thousand rows); past ``ann_min`` rows a usearch HNSW index takes over, kept in
sync on every centroid update (usearch supports ``remove``).
"""

from __future__ import annotations

from typing import Any

import numpy as np


class SpaceIndex:
    """Unit-length centroids of the active stories that have a vector in one space."""

    def __init__(self, dim: int, ann_min: int) -> None:
        self.dim = dim
        self.ann_min = ann_min
        self.rows = np.zeros((64, dim), dtype=np.float32)
        self.alive = np.zeros(64, dtype=bool)
        self.row_of: dict[str, int] = {}
        self.id_of: list[str | None] = [None] * 64
        self.free: list[int] = []
        self.top = 0
        self._ann: Any = None  # usearch.index.Index once the index is large

    def __len__(self) -> int:
        return len(self.row_of)

    @property
    def is_ann(self) -> bool:
        """Whether searches go through the approximate (HNSW) index."""
        return self._ann is not None

    def __contains__(self, story_id: str) -> bool:
        return story_id in self.row_of

    def put(self, story_id: str, vec: np.ndarray) -> None:
        """Insert or replace the centroid of a story."""
        row = self.row_of.get(story_id)
        if row is None:
            row = self.free.pop() if self.free else self._grow()
            self.row_of[story_id] = row
            self.id_of[row] = story_id
            self.alive[row] = True
        elif self._ann is not None:
            self._ann.remove(row)
        self.rows[row] = vec
        if self._ann is not None:
            self._ann.add(row, vec)
        elif len(self.row_of) >= self.ann_min:
            self._build_ann()

    def remove(self, story_id: str) -> None:
        row = self.row_of.pop(story_id, None)
        if row is None:
            return
        self.alive[row] = False
        self.id_of[row] = None
        self.free.append(row)
        if self._ann is not None:
            self._ann.remove(row)

    def get(self, story_id: str) -> np.ndarray | None:
        row = self.row_of.get(story_id)
        return None if row is None else self.rows[row]

    def search(self, vec: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` most similar stories as ``(story_id, cosine)``, best first."""
        if not self.row_of or k <= 0:
            return []
        if self._ann is not None:
            found = self._ann.search(vec, min(k, len(self.row_of)))
            out = []
            for key, dist in zip(found.keys, found.distances, strict=True):
                sid = self.id_of[int(key)]
                if sid is not None:
                    out.append((sid, float(1.0 - dist)))
            return out
        sims = self.rows[: self.top] @ vec
        sims[~self.alive[: self.top]] = -np.inf
        k = min(k, len(self.row_of))
        idx = np.argpartition(-sims, k - 1)[:k]
        idx = idx[np.argsort(-sims[idx], kind="stable")]
        return [(self.id_of[i], float(sims[i])) for i in idx if self.id_of[i] is not None]  # type: ignore[misc]

    def _grow(self) -> int:
        if self.top == len(self.rows):
            n = len(self.rows) * 2
            rows = np.zeros((n, self.dim), dtype=np.float32)
            rows[: self.top] = self.rows[: self.top]
            alive = np.zeros(n, dtype=bool)
            alive[: self.top] = self.alive[: self.top]
            self.rows, self.alive = rows, alive
            self.id_of.extend([None] * (n - len(self.id_of)))
        self.top += 1
        return self.top - 1

    def _build_ann(self) -> None:
        from usearch.index import Index

        ann = Index(ndim=self.dim, metric="cos", dtype="f32")
        live = np.flatnonzero(self.alive[: self.top]).astype(np.uint64)
        if len(live):
            ann.add(live, self.rows[live])
        self._ann = ann
