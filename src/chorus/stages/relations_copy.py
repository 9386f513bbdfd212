"""Copies within one language: exact and near duplicates, containment, shared wire copy.

Pure functions over text. The MinHash/LSH functions are what the store uses to find near-duplicate
candidates among millions of articles (it persists ``lsh_keys`` in a table and queries them by SQL);
:func:`compare_copies` verifies one candidate pair with exact shingle sets and sentence matches.

Shingles are word ``k``-grams of :func:`chorus.text.tokens` (normalized: NFKC, case folded, Arabic
letters folded), so the same text typed with different white space, case or Arabic letter forms
gives the same shingles.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chorus.errors import ConfigError
from chorus.model import Sentence
from chorus.text import normalize, tokens

_MERSENNE = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1


@dataclass(frozen=True, slots=True)
class MinHashConfig:
    """MinHash and LSH banding settings.

    Attributes:
        shingle: words per shingle (5 suits news: common 3-grams are shared by unrelated articles).
        num_perm: permutations in a signature.
        bands: LSH bands; ``bands * rows <= num_perm``. Pairs with Jaccard above about
            ``(1 / bands) ** (1 / rows)`` (0.71 for 16 x 8) become candidates.
        rows: signature rows per band.
        seed: permutation seed; changing it invalidates every stored key.
    """

    shingle: int = 5
    num_perm: int = 128
    bands: int = 16
    rows: int = 8
    seed: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.shingle <= 20:
            raise ConfigError(f"minhash.shingle must be in 1..20 words, got {self.shingle}")
        if self.num_perm < 16:
            raise ConfigError(f"minhash.num_perm must be at least 16, got {self.num_perm}")
        if self.bands < 1 or self.rows < 1 or self.bands * self.rows > self.num_perm:
            raise ConfigError(
                f"minhash.bands * minhash.rows must be <= num_perm ({self.num_perm}), got "
                f"{self.bands} x {self.rows}; lower bands or rows"
            )


def shingles(text: str, k: int = 5) -> set[bytes]:
    """The set of word ``k``-grams of the normalized text (texts shorter than ``k`` words give one).

    >>> len(shingles("One two three four five six", 5))
    2
    """
    toks = tokens(text)
    if not toks:
        return set()
    if len(toks) < k:
        return {" ".join(toks).encode("utf-8")}
    return {" ".join(toks[i : i + k]).encode("utf-8") for i in range(len(toks) - k + 1)}


def minhash_signature(text: str, cfg: MinHashConfig | None = None) -> np.ndarray:
    """The MinHash signature of a text's shingles (datasketch ``MinHash``, ``num_perm`` uint64 values).

    Args:
        text: any text; normalized before shingling.
        cfg: shingle size, permutations and seed (defaults when None).

    Returns:
        A ``(num_perm,)`` uint64 array; equal texts give equal arrays in every process.

    >>> sig = minhash_signature("Putin met the Syrian foreign minister in Moscow on Tuesday.")
    >>> sig.shape, sig.dtype.name
    ((128,), 'uint64')
    """
    from datasketch import MinHash

    cfg = cfg or MinHashConfig()
    m = MinHash(num_perm=cfg.num_perm, seed=cfg.seed)
    sh = shingles(text, cfg.shingle)
    if sh:
        m.update_batch(list(sh))
    return np.asarray(m.hashvalues, dtype=np.uint64)


def lsh_keys(signature: np.ndarray, cfg: MinHashConfig | None = None) -> list[tuple[int, bytes]]:
    """LSH band keys of a signature: ``(band number, 16-byte band hash)`` for each band.

    Two texts whose signatures share any key are near-duplicate candidates. Store them as
    ``(band INTEGER, key BLOB, article TEXT)`` and find candidates with
    ``SELECT DISTINCT article FROM lsh WHERE (band, key) IN (...)``.

    >>> sig = minhash_signature("a b c d e f g")
    >>> keys = lsh_keys(sig)
    >>> len(keys), keys[0][0], len(keys[0][1])
    (16, 0, 16)
    """
    cfg = cfg or MinHashConfig()
    sig = np.asarray(signature, dtype=np.uint64)
    if sig.shape != (cfg.num_perm,):
        raise ConfigError(f"signature has shape {sig.shape}, expected ({cfg.num_perm},) for this MinHashConfig")
    out = []
    for band in range(cfg.bands):
        chunk = sig[band * cfg.rows : (band + 1) * cfg.rows].astype("<u8").tobytes()
        out.append((band, hashlib.blake2b(struct.pack("<I", band) + chunk, digest_size=16).digest()))
    return out


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Jaccard similarity estimated from two signatures (fraction of equal values)."""
    a, b = np.asarray(sig_a), np.asarray(sig_b)
    if a.shape != b.shape:
        raise ConfigError(f"signatures differ in length ({a.shape} vs {b.shape}); use one MinHashConfig")
    return float(np.mean(a == b))


# --- verification ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CopyConfig:
    """Thresholds for copies within one language.

    Attributes:
        near_duplicate: shingle Jaccard at or above which two texts are near duplicates.
        contained: share of the smaller text's shingles found in the larger one for containment.
        sentence_match: rapidfuzz ratio (0-100) at or above which two sentences are the same copy.
        min_sentence_chars: shorter sentences never count as shared copy (datelines, "Recommended").
        min_shared_sentences: shared near-verbatim sentences for a ``shared_wire_copy`` relation.
        min_shared_chars: and at least this many characters of them.
    """

    near_duplicate: float = 0.8
    contained: float = 0.9
    sentence_match: float = 85.0
    min_sentence_chars: int = 40
    min_shared_sentences: int = 2
    min_shared_chars: int = 200

    def __post_init__(self) -> None:
        for name in ("near_duplicate", "contained"):
            v = getattr(self, name)
            if not 0 < v <= 1:
                raise ConfigError(f"relations.{name} must be in (0, 1], got {v}")
        if not 50 <= self.sentence_match <= 100:
            raise ConfigError(f"relations.sentence_match is a rapidfuzz ratio in [50, 100], got {self.sentence_match}")
        if self.min_shared_sentences < 1:
            raise ConfigError(f"relations.min_shared_sentences must be >= 1, got {self.min_shared_sentences}")


@dataclass(frozen=True, slots=True)
class CopyText:
    """A unit prepared for copy comparison: its shingles and normalized sentences."""

    id: str
    start: int
    end: int
    chars: int
    hash: str
    shingles: frozenset[bytes]
    sentences: tuple[Sentence, ...]
    normalized: tuple[str, ...]


def prepare(unit_id: str, text: str, start: int, end: int, sents: Sequence[Sentence], k: int = 5) -> CopyText:
    """Precompute what :func:`compare_copies` needs for one unit (``text[start:end]``)."""
    body = text[start:end]
    norm = normalize(body)
    return CopyText(
        id=unit_id,
        start=start,
        end=end,
        chars=len(norm),
        hash=hashlib.sha256(norm.encode("utf-8")).hexdigest(),
        shingles=frozenset(shingles(body, k)),
        sentences=tuple(sents),
        normalized=tuple(" ".join(tokens(s.text)) for s in sents),
    )


@dataclass(frozen=True, slots=True)
class CopyMatch:
    """The verdict on a pair: kind (or None), score and evidence span pairs."""

    kind: str | None
    a: str
    b: str
    score: float
    evidence: tuple[tuple[int, int, int, int], ...]


def matched_sentences(a: CopyText, b: CopyText, cfg: CopyConfig) -> list[tuple[int, int, float]]:
    """Near-verbatim sentence pairs (index in a, index in b, ratio), each sentence used once."""
    from rapidfuzz import fuzz, process

    choices = {j: s for j, s in enumerate(b.normalized) if len(s) >= cfg.min_sentence_chars}
    if not choices:
        return []
    pairs = []
    for i, s in enumerate(a.normalized):
        if len(s) < cfg.min_sentence_chars:
            continue
        for _, score, j in process.extract(s, choices, scorer=fuzz.ratio, score_cutoff=cfg.sentence_match, limit=3):
            pairs.append((score, i, j))
    pairs.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for score, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((i, j, score / 100.0))
    return sorted(out)


def compare_copies(a: CopyText, b: CopyText, cfg: CopyConfig) -> CopyMatch:
    """Decide whether two same-language units are copies, and of which kind.

    Order of tests: exact duplicate (equal normalized text), near duplicate (shingle Jaccard),
    containment (``a`` inside ``b`` or the reverse; the relation is oriented smaller-inside-larger),
    shared wire copy (enough near-verbatim sentences). Evidence is whole units for exact duplicates,
    else the matched sentence span pairs.
    """
    if a.hash == b.hash:
        return CopyMatch("exact_duplicate", a.id, b.id, 1.0, ((a.start, a.end, b.start, b.end),))
    inter = len(a.shingles & b.shingles)
    if not inter:
        return CopyMatch(None, a.id, b.id, 0.0, ())
    union = len(a.shingles | b.shingles)
    jac = inter / union
    pairs = matched_sentences(a, b, cfg)
    ev = tuple(
        (a.sentences[i].start, a.sentences[i].end, b.sentences[j].start, b.sentences[j].end) for i, j, _ in pairs
    )
    if jac >= cfg.near_duplicate:
        return CopyMatch("near_duplicate", a.id, b.id, round(jac, 4), ev)
    ca, cb = inter / max(1, len(a.shingles)), inter / max(1, len(b.shingles))
    if max(ca, cb) >= cfg.contained:
        if ca >= cb:
            return CopyMatch("contained", a.id, b.id, round(ca, 4), ev)
        return CopyMatch("contained", b.id, a.id, round(cb, 4), tuple((c, d, x, y) for x, y, c, d in ev))
    shared_chars = sum(a.sentences[i].end - a.sentences[i].start for i, _, _ in pairs)
    if len(pairs) >= cfg.min_shared_sentences and shared_chars >= cfg.min_shared_chars:
        score = shared_chars / max(1, min(a.end - a.start, b.end - b.start))
        return CopyMatch("shared_wire_copy", a.id, b.id, round(min(1.0, score), 4), ev)
    return CopyMatch(None, a.id, b.id, round(jac, 4), ev)


def candidate_pairs(texts: Sequence[CopyText], min_shared: int = 2) -> list[tuple[int, int]]:
    """Index pairs of units sharing at least ``min_shared`` shingles (an exact inverted index)."""
    index: dict[bytes, list[int]] = {}
    for i, t in enumerate(texts):
        for sh in t.shingles:
            index.setdefault(sh, []).append(i)
    counts: dict[tuple[int, int], int] = {}
    for ids in index.values():
        if len(ids) < 2 or len(ids) > 200:  # a shingle in hundreds of units is boilerplate, not evidence
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                key = (ids[x], ids[y])
                counts[key] = counts.get(key, 0) + 1
    exact: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        exact.setdefault(t.hash, []).append(i)
    for ids in exact.values():
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                counts[(ids[x], ids[y])] = max(counts.get((ids[x], ids[y]), 0), min_shared)
    return sorted(p for p, c in counts.items() if c >= min_shared)
