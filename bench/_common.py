"""Shared by the benches: an on-disk vector cache and the NTREX-128 reader.

Bench-only code (never imported by the package); the benches add their own folder to ``sys.path``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np


def cache_path(name: str) -> Path:
    """Where a bench keeps its vector cache: ``$CHORUS_BENCH_CACHE``, else the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``)/chorus-bench -- never a shared temp folder, since the cache
    is a pickle and loading one planted by someone else would run their code."""
    root = os.environ.get("CHORUS_BENCH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "chorus-bench"
    )
    folder = Path(root)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:  # no writable home: a private folder of this run, not reused
        folder = Path(tempfile.mkdtemp(prefix="chorus-bench-"))
    return folder / name


# NTREX-128 file suffixes -> ISO 639-1
NTREX_LANGS = {
    "arb": "ar",
    "deu": "de",
    "fas": "fa",
    "fra": "fr",
    "heb": "he",
    "rus": "ru",
    "spa": "es",
    "tur": "tr",
    "urd": "ur",
    "zho-CN": "zh",
    "eng": "en",
}


class DiskCachedEncoder:
    """Wraps the real encoder with an on-disk vector cache, so repeated bench runs skip the models.

    The cache lives in the user's cache folder (:func:`cache_path`), never in the repo; ``misses``
    counts the texts the models had to embed.
    """

    def __init__(self, inner: Any, cache: Path) -> None:
        self.inner = inner
        self.cache = cache
        self.data: dict[str, np.ndarray] = pickle.loads(cache.read_bytes()) if cache.exists() else {}
        self.dirty = False
        self.misses = 0

    def space(self, language: str | None) -> str:
        return str(self.inner.space(language))

    def encode(self, texts: Any, language: str | None = None) -> np.ndarray:
        sp = self.space(language)
        keys = [hashlib.sha1(f"{sp}\0{t}".encode()).hexdigest() for t in texts]
        todo = [i for i, k in enumerate(keys) if k not in self.data]
        self.misses += len(todo)
        if todo:
            vecs = self.inner.encode([texts[i] for i in todo], language=language)
            for i, v in zip(todo, vecs, strict=True):
                self.data[keys[i]] = v
            self.dirty = True
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self.data[k] for k in keys])

    def save(self) -> None:
        """Write the cache if it grew (through a temporary file, so an interrupted save loses nothing)."""
        if self.dirty:
            tmp = self.cache.with_suffix(f".{os.getpid()}.tmp")  # two runs at once never share one
            tmp.write_bytes(pickle.dumps(self.data))
            tmp.replace(self.cache)
            self.dirty = False


def read_ntrex(data: Path) -> tuple[list[str], dict[str, dict[str, list[str]]]]:
    """NTREX-128: the document ids in order, and document id -> language -> its lines (line 0: title)."""
    root = data / "ntrex128"
    ids = (root / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    docs: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for path in sorted((root / "NTREX-128").glob("newstest2019-*.txt")):
        lang = NTREX_LANGS[path.stem.split(".", 1)[1]]
        by_doc: dict[str, list[str]] = defaultdict(list)
        for doc, line in zip(ids, path.read_text(encoding="utf-8").splitlines(), strict=True):
            by_doc[doc].append(line)
        for doc, lines in by_doc.items():
            docs[doc][lang] = lines
    return list(dict.fromkeys(ids)), dict(docs)
