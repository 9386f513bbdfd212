"""The encoder's cache never changes what an encode call returns."""

from __future__ import annotations

import numpy as np

from chorus.embed import _CachedEncoder


class CountingEncoder(_CachedEncoder):
    dim = 4
    name = "count"

    def _load(self) -> object:
        return object()

    def _encode_raw(self, model: object, texts: list[str]) -> np.ndarray:
        return np.array([[len(t), 1.0, 0.0, 0.0] for t in texts], dtype=np.float32)


def test_a_call_larger_than_the_cache_returns_one_row_per_text_in_order():
    enc = CountingEncoder(cache_size=10, batch_size=4)
    texts = ["x" * (i + 1) for i in range(25)] + ["x"]  # more new texts than the cache holds, one repeated
    out = enc.encode(texts)
    assert out.shape == (26, 4)
    want = np.array([[len(t), 1.0, 0, 0] for t in texts], dtype=np.float32)
    want /= np.linalg.norm(want, axis=1, keepdims=True)
    assert np.allclose(out, want)
