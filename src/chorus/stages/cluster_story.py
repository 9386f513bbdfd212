"""What the online clusterer keeps per story and reads per article, and how a story is serialized.

A story keeps its centroid sums per vector space, the lead vectors of its latest articles, its key and
word bags (capped), its years, languages and key classes; the archive keeps only ids, members and
dates. Vectors are stored as base64 (float32 sums, float16 recent leads) so the state is JSON.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chorus.embed import Encoder
from chorus.model import Article
from chorus.stages.cluster_features import TermWeights, lead_text

NEAR = 8  # lead vectors of a story's most recent articles kept per space, for the nearest-article cosine


@dataclass(slots=True)
class StoryState:
    """One active story: members, dates, centroid sums, recent lead vectors, key and word bags."""

    id: str
    members: list[str]
    first: dt.date | None
    last: dt.date | None
    seq: int  # when it last gained an article
    leads: list[str]
    born: int = 0  # when it was founded (the older of two merged stories keeps its id)
    sums: dict[str, np.ndarray] = field(default_factory=dict)
    near: dict[str, np.ndarray] = field(default_factory=dict)  # (<= NEAR, dim) float16 unit rows
    keys: Counter[str] = field(default_factory=Counter)
    lead_keys: Counter[str] = field(default_factory=Counter)
    years: Counter[int] = field(default_factory=Counter)
    terms: Counter[str] = field(default_factory=Counter)
    tnorm: float = -1.0  # cached term_norm(terms); -1 when stale
    tnorm_at: int = 0  # the article count tnorm was computed at (the idf drifts as it grows)
    langs: set[str] = field(default_factory=set)
    classes: set[int] = field(default_factory=set)
    lead_classes: set[int] = field(default_factory=set)


@dataclass(slots=True)
class ArticleRep:
    """What the clusterer reads from one article."""

    vecs: dict[str, np.ndarray]
    keys: Counter[str]
    lead_keys: Counter[str]
    terms: Counter[str]
    date: dt.date | None
    lead: str
    langs: set[str] = field(default_factory=set)
    years: frozenset[int] = frozenset()
    classes: frozenset[int] = frozenset()
    lead_classes: frozenset[int] = frozenset()
    weights: TermWeights | None = None  # term_weights(terms), computed once when first compared


def story_id_for(article_id: str) -> str:
    """The stable id of a story founded by ``article_id``: ``"s" + first 12 hex digits``."""
    return "s" + article_id[:12]


def unit(v: np.ndarray) -> np.ndarray:
    """``v`` scaled to length 1 (float32); the zero vector stays zero."""
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float32) if n > 0 else v.astype(np.float32)


def enc_lang(lang: str | None) -> str | None:
    """The language code to give the encoder (``und`` means unknown)."""
    return None if lang in (None, "und") else lang


def lead_vectors(article: Article, encoder: Encoder, lead_chars: int) -> dict[str, np.ndarray]:
    """The unit mean vector of an article's leads (one per language) in each vector space they fall in."""
    return lead_vectors_many((article,), encoder, lead_chars)[0]


def lead_vectors_many(articles: Sequence[Article], encoder: Encoder, lead_chars: int) -> list[dict[str, np.ndarray]]:
    """:func:`lead_vectors` of many articles, with one encoder call per language."""
    texts: dict[str | None, list[str]] = {}
    where: list[list[tuple[str | None, int]]] = []
    for art in articles:
        slots = []
        for lang, text in lead_text(art, lead_chars).items():
            code = enc_lang(lang)
            texts.setdefault(code, []).append(text)
            slots.append((code, len(texts[code]) - 1))
        where.append(slots)
    encoded = {code: encoder.encode(batch, language=code) for code, batch in texts.items()}
    out = []
    for slots in where:
        by_space: dict[str, list[np.ndarray]] = {}
        for code, i in slots:
            by_space.setdefault(encoder.space(code), []).append(encoded[code][i])
        out.append({sp: unit(np.mean(vs, axis=0)) for sp, vs in by_space.items()})
    return out


def days_apart(d: dt.date | None, first: dt.date | None, last: dt.date | None) -> float | None:
    if d is None or first is None or last is None:
        return None
    if d < first:
        return float((first - d).days)
    if d > last:
        return float((d - last).days)
    return 0.0


def common_years(years: Counter[int]) -> set[int]:
    """A story's years: those its articles mention most at least half as often as the top one."""
    if not years:
        return set()
    top = max(years.values())
    return {y for y, n in years.items() if 2 * n >= top}


def near_cosine(story: StoryState, space: str, vec: np.ndarray) -> float:
    """The best cosine of ``vec`` to the lead of one of the story's recent articles in ``space``."""
    rows = story.near.get(space)
    return float(np.max(rows.astype(np.float32) @ vec)) if rows is not None and len(rows) else 0.0


def story_to_dict(s: StoryState) -> dict[str, Any]:
    """A story as JSON-safe plain data."""
    return {
        "id": s.id,
        "members": list(s.members),
        "first": s.first.isoformat() if s.first else None,
        "last": s.last.isoformat() if s.last else None,
        "seq": s.seq,
        "born": s.born,
        "leads": list(s.leads),
        "sums": {sp: base64.b64encode(v.astype(np.float32).tobytes()).decode() for sp, v in s.sums.items()},
        "near": {sp: base64.b64encode(v.astype(np.float16).tobytes()).decode() for sp, v in s.near.items()},
        "keys": dict(s.keys),
        "lead_keys": dict(s.lead_keys),
        "years": {str(y): n for y, n in s.years.items()},
        "terms": dict(s.terms),
        "tnorm": [s.tnorm, s.tnorm_at],
        "langs": sorted(s.langs),
        "classes": sorted(s.classes),
        "lead_classes": sorted(s.lead_classes),
    }


def story_from_dict(rec: dict[str, Any]) -> StoryState:
    """The inverse of :func:`story_to_dict`."""
    day = dt.date.fromisoformat
    s = StoryState(
        id=rec["id"],
        members=list(rec["members"]),
        first=day(rec["first"]) if rec["first"] else None,
        last=day(rec["last"]) if rec["last"] else None,
        seq=int(rec["seq"]),
        born=int(rec["born"]),
        leads=list(rec["leads"]),
        keys=Counter(rec["keys"]),
        lead_keys=Counter(rec["lead_keys"]),
        years=Counter({int(y): n for y, n in rec["years"].items()}),
        terms=Counter(rec["terms"]),
        langs=set(rec["langs"]),
        classes=set(rec["classes"]),
        lead_classes=set(rec["lead_classes"]),
    )
    if "tnorm" in rec:  # states written before 2026-12 recompute it when first used
        s.tnorm, s.tnorm_at = float(rec["tnorm"][0]), int(rec["tnorm"][1])
    for sp, b64 in rec["sums"].items():
        s.sums[sp] = np.frombuffer(base64.b64decode(b64), dtype=np.float32).copy()
    for sp, b64 in rec["near"].items():
        rows = np.frombuffer(base64.b64decode(b64), dtype=np.float16)
        s.near[sp] = rows.reshape(-1, len(s.sums[sp])).copy()
    return s
