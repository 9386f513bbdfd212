"""Story titles: the most representative headline of a story, English when one exists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from chorus.embed import Encoder
from chorus.model import Article
from chorus.stages.cluster_features import entity_keys, lead_text
from chorus.text import split_sentences


def _enc_lang(lang: str | None) -> str | None:
    return None if lang in (None, "und") else lang


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float32) if n > 0 else v.astype(np.float32)


def story_title(articles: Sequence[Article], encoder: Encoder | None = None) -> str:
    """The most representative headline of a story, English when an English one exists.

    The headline whose vector is closest to the others' centroid (or, without an encoder, whose
    names and numbers the other articles share most). Without any title: the first sentence of the
    most central article (of the English ones, when there are).
    """
    if not articles:
        return ""
    titled = [a for a in articles if a.title and a.title.strip()]
    english = [a for a in titled if a.language in (None, "en")]
    pool = english or titled
    if pool:
        texts = [a.title.strip() for a in pool]  # type: ignore[union-attr]
        return texts[_central(texts, [a.language for a in pool], encoder)]
    pool = [a for a in articles if a.language in (None, "en")] or list(articles)
    leads = [next(iter(lead_text(a, 600).values()), "") for a in pool]
    best = pool[_central(leads, [a.language for a in pool], encoder)]
    first = split_sentences(best.text, 0, len(best.text), best.language or "en")
    s, e = first[0] if first else (0, len(best.text))
    return best.text[s:e].strip()


def _central(texts: list[str], langs: list[str | None], encoder: Encoder | None) -> int:
    if len(texts) <= 2:
        return 0
    if encoder is not None:
        spaces = [encoder.space(_enc_lang(lg)) for lg in langs]
        main = Counter(spaces).most_common(1)[0][0]
        idx = [i for i, sp in enumerate(spaces) if sp == main]
        vecs = np.stack([encoder.encode([texts[i]], language=_enc_lang(langs[i]))[0] for i in idx])
        centroid = _unit(vecs.mean(axis=0))
        return idx[int(np.argmax(vecs @ centroid))]
    bags = [entity_keys(t) for t in texts]
    total: Counter[str] = Counter()
    for b in bags:
        total.update(b.keys())
    return max(range(len(texts)), key=lambda i: (sum(total[k] - 1 for k in bags[i]), -i))
