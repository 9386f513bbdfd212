"""Relations stage: which articles are copies, containments, translations or wire relays of others.

Requires: ``Article.text`` and ``Article.segments`` (language runs).
Assigns: ``Relation`` records between *units* (an article id, or ``<article>:<n>`` for one language part
of a bilingual article; see :mod:`chorus.stages.relations_units`).

Kinds, tested in this order for each pair of units:

- same language (:mod:`chorus.stages.relations_copy`): ``exact_duplicate`` (equal normalized text),
  ``near_duplicate`` (shingle Jaccard), ``contained`` (``a`` inside ``b``), ``shared_wire_copy``
  (otherwise different texts sharing near-verbatim sentences). Candidates come from an inverted index
  of word shingles, so unrelated pairs cost nothing.
- different languages (:mod:`chorus.stages.relations_align`): ``translation`` when a monotonic
  sentence alignment covers most of both sides and the shorter side is no summary of the longer one
  (:func:`find_translations`); candidates are pruned by document cosine first.

At most one copy relation is kept per pair of articles (the strongest: exact > near > contained >
shared wire copy), and a translation is not reported between two units already related as copies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from chorus.embed import Encoder
from chorus.errors import ConfigError
from chorus.model import Article, Relation, Sentence
from chorus.stages.relations_align import AlignConfig, align, joined_share, weighted_length
from chorus.stages.relations_anchors import NameFinders, anchors, kept, names_comparable, script
from chorus.stages.relations_copy import (
    CopyConfig,
    CopyText,
    MinHashConfig,
    candidate_pairs,
    compare_copies,
    estimate_jaccard,
    lsh_keys,
    minhash_signature,
    prepare,
    shingles,
)
from chorus.stages.relations_units import Unit, article_units, unit_sentences

_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")
_COPY_RANK = {"exact_duplicate": 0, "near_duplicate": 1, "contained": 2, "shared_wire_copy": 3}


@dataclass(frozen=True, slots=True)
class RelationsConfig:
    """Settings of the relations stage (each part validated by its own config).

    Attributes:
        copy: thresholds for same-language copies.
        align: thresholds for translations.
        minhash: MinHash/LSH settings (shingle size is shared with copy detection).
        translations: look for translations at all (needs an encoder).
        max_near_candidates: at ingest, how many LSH candidates of a new article are verified (those
            sharing most bands first). A wire story carried by hundreds of outlets is related to the
            closest copies, which keeps ingest linear in the archive size.
    """

    copy: CopyConfig = field(default_factory=CopyConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    minhash: MinHashConfig = field(default_factory=MinHashConfig)
    translations: bool = True
    max_near_candidates: int = 10

    def __post_init__(self) -> None:
        if self.max_near_candidates < 1:
            raise ConfigError(f"relations.max_near_candidates must be >= 1, got {self.max_near_candidates}")
        for name, kind in (("copy", CopyConfig), ("align", AlignConfig), ("minhash", MinHashConfig)):
            if not isinstance(getattr(self, name), kind):
                raise ConfigError(
                    f"relations.{name} must be a {kind.__name__}, got {type(getattr(self, name)).__name__}"
                )


@dataclass(slots=True)
class _Prepared:
    unit: Unit
    sentences: list[Sentence]
    copy: CopyText
    text: str  # the article's text


def _prepare(articles: Sequence[Article], cfg: RelationsConfig) -> list[_Prepared]:
    out = []
    for art in articles:
        for unit in article_units(art):
            sents = unit_sentences(art, unit)
            out.append(
                _Prepared(
                    unit, sents, prepare(unit.id, art.text, unit.start, unit.end, sents, cfg.minhash.shingle), art.text
                )
            )
    return out


def find_copies(units: Sequence[_Prepared], cfg: RelationsConfig) -> list[Relation]:
    """Same-language copy relations among prepared units (strongest one per article pair)."""
    texts = [u.copy for u in units]
    best: dict[tuple[str, str], Relation] = {}
    for i, j in candidate_pairs(texts):
        ui, uj = units[i].unit, units[j].unit
        if ui.article == uj.article or ui.language != uj.language:
            continue
        m = compare_copies(texts[i], texts[j], cfg.copy)
        if m.kind is None:
            continue
        rel = Relation(kind=m.kind, a=m.a, b=m.b, score=m.score, evidence=m.evidence)  # type: ignore[arg-type]
        key = tuple(sorted((ui.article, uj.article)))
        old = best.get(key)  # type: ignore[arg-type]
        if old is None or (_COPY_RANK[rel.kind], -rel.score) < (_COPY_RANK[old.kind], -old.score):
            best[key] = rel  # type: ignore[index]
    return list(best.values())


def _vectors(units: Sequence[_Prepared], encoder: Encoder, wide: str | None) -> dict[tuple[int, str], np.ndarray]:
    """Sentence vectors keyed by (unit index, space): each unit in its own language's space, and also
    in the space of ``wide`` (a language outside the default space) when one is present."""
    out: dict[tuple[int, str], np.ndarray] = {}
    jobs: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        if not u.sentences:
            continue
        jobs.setdefault(u.unit.language, []).append(i)
        if wide is not None and encoder.space(wide) != encoder.space(u.unit.language):
            jobs.setdefault(wide, []).append(i)
    for enc_lang, ids in jobs.items():
        texts = [s.text for i in ids for s in units[i].sentences]
        vecs = encoder.encode(texts, language=enc_lang)
        space = encoder.space(enc_lang)
        pos = 0
        for i in ids:
            k = len(units[i].sentences)
            out[(i, space)] = vecs[pos : pos + k]
            pos += k
    return out


def _lengths(u: _Prepared) -> np.ndarray:
    return np.array([s.end - s.start for s in u.sentences], dtype=np.float64)


def is_summary(
    longer: _Prepared, shorter: _Prepared, joined: float, cfg: AlignConfig, names: NameFinders | None = None
) -> bool:
    """Whether an aligned pair is the shorter side summarizing the longer one (see :func:`find_translations`).

    Args:
        longer: the unit with more text (weighted length).
        shorter: the other unit.
        joined: share of the longer side's characters aligned only through joined sentences.
        cfg: the thresholds (``summary_*``).
        names: taggers for names (:meth:`NameFinders.packaged` when None, loaded on first use).
    """
    if joined < cfg.summary_joined:
        return False
    ul, us = longer.unit, shorter.unit
    text_long, text_short = longer.text, shorter.text
    comparable = names_comparable(
        ul.language, script(text_long, ul.start, ul.end), us.language, script(text_short, us.start, us.end)
    )
    finders = (names or NameFinders.packaged()) if comparable else NameFinders()
    starts_l, starts_s = [s.start for s in longer.sentences], [s.start for s in shorter.sentences]
    an_long = anchors(text_long, ul.start, ul.end, ul.language, starts_l, finders, comparable)
    an_short = anchors(text_short, us.start, us.end, us.language, starts_s, finders, comparable)
    k_long = kept(an_long, an_short, text_short, us.start, us.end)
    if k_long.total - k_long.kept < cfg.summary_missing or k_long.share >= joined:
        return False
    return kept(an_short, an_long, text_long, ul.start, ul.end).share >= cfg.summary_subset


def find_translations(
    units: Sequence[_Prepared],
    encoder: Encoder,
    cfg: RelationsConfig,
    exclude: set[frozenset[str]] | None = None,
    names: NameFinders | None = None,
) -> list[Relation]:
    """Translation relations between units of different languages (see module docstring).

    Units whose languages share an embedding space are compared there; otherwise both are encoded in
    the space of the language the default space lacks (with ``MultiEncoder``: E5, which covers ~100
    languages), so vectors are only ever compared within one space.

    A translation renders (nearly) all of its source, a summary a small part, and sentence alignment
    alone can mistake one for the other: each sentence of a 2-sentence summary of a 4-sentence dispatch
    aligns with two source sentences joined, so the alignment covers both texts whole. An aligned pair
    is therefore no translation when it is a summary (:func:`is_summary`): at least
    ``align.summary_joined`` of the longer side is aligned only through joined sentences, the shorter
    side leaves out at least ``align.summary_missing`` of the longer side's names and numbers
    (:mod:`chorus.stages.relations_anchors`) and a larger share of them than the joined share, while
    it names (nearly) nothing the longer side does not (a translation that converts units or spells
    names its own way misses names on both sides).

    The cases in between:

    - an *abridged* translation, which renders the source sentence by sentence but shortens them or
      drops a few sentences, or joins sentences but keeps their names and numbers, is a
      ``translation``;
    - a *partial* translation, which renders part of the other text (a wire story that translates six
      of a dispatch's eight sentences and adds its own reporting), is not: its alignment covers less
      than ``align.coverage`` of the longer side;
    - a *summary* is not a translation either.

    Neither of the last two gets a relation: the report's kinds (``contained`` is word for word, in one
    language) have none for "renders part of another text in another language".

    Args:
        units: prepared units.
        encoder: multilingual sentence encoder.
        cfg: thresholds.
        exclude: unit id pairs already related as copies.
        names: taggers for the summary check (the packaged models when None, loaded on first use).
    """
    acfg = cfg.align
    exclude = exclude or set()
    langs = sorted({u.unit.language for u in units if u.sentences})
    if len(langs) < 2:
        return []
    default_space = encoder.space(None)
    wides = [lang for lang in langs if encoder.space(lang) != default_space]
    wide = wides[0] if wides else None
    vecs = _vectors(units, encoder, wide)

    def pair_space(la: str, lb: str) -> str:
        sa, sb = encoder.space(la), encoder.space(lb)
        return sa if sa == sb else encoder.space(wide)

    # Document vectors (mean of sentence vectors) per space, one matrix per space for fast pruning.
    spaces: dict[str, tuple[list[int], np.ndarray]] = {}
    for space in {k[1] for k in vecs}:
        ids = [i for (i, s) in vecs if s == space]
        mat = np.stack([vecs[(i, space)].mean(axis=0) for i in ids])
        mat /= np.maximum(1e-9, np.linalg.norm(mat, axis=1, keepdims=True))
        spaces[space] = (ids, mat)
    row = {space: {i: r for r, i in enumerate(ids)} for space, (ids, _) in spaces.items()}
    cand: set[tuple[int, int]] = set()
    for i, u in enumerate(units):
        if not u.sentences:
            continue
        scores: list[tuple[float, int]] = []
        for space, (ids, mat) in spaces.items():
            if i not in row[space]:
                continue
            sims = mat @ mat[row[space][i]]
            for r in np.nonzero(sims >= acfg.prune)[0]:
                j = ids[r]
                lj = units[j].unit.language
                if j != i and lj != u.unit.language and pair_space(u.unit.language, lj) == space:
                    scores.append((float(sims[r]), j))
        for _, j in sorted(scores, reverse=True)[: acfg.candidates]:
            cand.add((min(i, j), max(i, j)))
    margins = dict(acfg.margin_by_space)
    background: dict[tuple[str, str], np.ndarray] = {}  # (space, language) -> all its sentence vectors
    knn_cache: dict[tuple[int, str, str], np.ndarray] = {}

    def knn(i: int, space: str, other_lang: str) -> np.ndarray | None:
        """Mean cosine of each sentence of unit i to its k nearest sentences in ``other_lang``."""
        key = (i, space, other_lang)
        if key not in knn_cache:
            if (space, other_lang) not in background:
                rows = [
                    vecs[(j, space)]
                    for j, w in enumerate(units)
                    if w.unit.language == other_lang and (j, space) in vecs
                ]
                background[(space, other_lang)] = np.concatenate(rows) if rows else np.zeros((0, 1), np.float32)
            bg = background[(space, other_lang)]
            if len(bg) < acfg.min_background:
                return None
            sims = vecs[(i, space)] @ bg.T
            k = min(acfg.knn, sims.shape[1])
            knn_cache[key] = np.partition(sims, -k, axis=1)[:, -k:].mean(axis=1)
        return knn_cache[key]

    out: list[Relation] = []
    for i, j in sorted(cand):
        ua, ub = units[i], units[j]
        if frozenset((ua.unit.id, ub.unit.id)) in exclude:
            continue
        la, lb = weighted_length(ua.sentences), weighted_length(ub.sentences)
        if max(la, lb) > acfg.max_length_ratio * max(1, min(la, lb)):
            continue
        space = pair_space(ua.unit.language, ub.unit.language)
        ka = kb = None
        if space in margins:
            ka, kb = knn(i, space, ub.unit.language), knn(j, space, ua.unit.language)
        use_margin = ka is not None and kb is not None
        al = align(
            vecs[(i, space)],
            vecs[(j, space)],
            _lengths(ua),
            _lengths(ub),
            margins[space] if use_margin else acfg.floor(space),
            ka if use_margin else None,
            kb if use_margin else None,
        )
        if min(al.coverage_a, al.coverage_b) < acfg.coverage:
            continue
        if acfg.summaries:
            side = 0 if la >= lb else 1
            longer, shorter = (ua, ub) if side == 0 else (ub, ua)
            if is_summary(longer, shorter, joined_share(al, side, _lengths(longer)), acfg, names):
                continue
        ev = tuple(
            (ua.sentences[ga[0]].start, ua.sentences[ga[-1]].end, ub.sentences[gb[0]].start, ub.sentences[gb[-1]].end)
            for ga, gb, _ in al.pairs
        )
        score = round(min(al.coverage_a, al.coverage_b) * al.mean_sim, 4)
        out.append(Relation(kind="translation", a=ua.unit.id, b=ub.unit.id, score=score, evidence=ev))
    return out


def verify_near_duplicate(a: Article, b: Article, cfg: RelationsConfig | None = None) -> Relation | None:
    """Confirm an LSH candidate pair: an exact or near duplicate relation, else None.

    The store finds candidates with :func:`lsh_keys`; this computes the exact shingle Jaccard of the
    whole texts first (cheap: tokens only) and, only when ``Jaccard >= cfg.copy.near_duplicate``,
    the sentence-level comparison that gives the evidence spans.

    Example:
        >>> rel = verify_near_duplicate(article_a, article_b)  # doctest: +SKIP
        >>> rel.kind, rel.score  # doctest: +SKIP
        ('near_duplicate', 0.87)
    """
    cfg = cfg or RelationsConfig()
    sa, sb = shingles(a.text, cfg.minhash.shingle), shingles(b.text, cfg.minhash.shingle)
    if not sa or not sb or len(sa & sb) < cfg.copy.near_duplicate * len(sa | sb):
        return None

    def whole(art: Article) -> CopyText:
        # Paragraphs, not sentences, are the evidence units here: as exact, and cheap enough to verify
        # every candidate at ingest (sentence splitting would cost more than everything else).
        paras = [
            Sentence(article=art.id, start=m.start(), end=m.end(), text=m.group(0), language=art.language or "und")
            for m in _PARAGRAPH.finditer(art.text)
        ]
        return prepare(art.id, art.text, 0, len(art.text), paras, cfg.minhash.shingle)

    m = compare_copies(whole(a), whole(b), cfg.copy)
    if m.kind not in ("exact_duplicate", "near_duplicate"):
        return None
    return Relation(kind=m.kind, a=m.a, b=m.b, score=m.score, evidence=m.evidence)  # type: ignore[arg-type]


def find_relations(
    articles: Sequence[Article],
    encoder: Encoder | None,
    cfg: RelationsConfig | None = None,
    names: NameFinders | None = None,
) -> list[Relation]:
    """Every copy, containment, wire-copy and translation relation within a group of articles.

    Args:
        articles: one story's articles (tens, up to a few hundred).
        encoder: multilingual sentence encoder (``chorus.embed.default_encoder()``); ``None`` skips
            translations.
        cfg: thresholds (defaults when None).
        names: English and Arabic name taggers that tell a summary from a translation
            (:class:`~chorus.stages.relations_anchors.NameFinders`; the packaged models, loaded only
            when a pair needs them, when None).

    Returns:
        Relations sorted by kind then ids. ``contained`` reads "a inside b"; evidence holds span pairs
        ``(a_start, a_end, b_start, b_end)`` into the two articles' texts.

    Example:
        >>> rels = find_relations(articles, default_encoder())  # doctest: +SKIP
        >>> [(r.kind, r.a, r.b) for r in rels]  # doctest: +SKIP
        [('exact_duplicate', '0b94...', '0a66...:1'), ('translation', '0a66...:0', '0a66...:1'), ...]
    """
    cfg = cfg or RelationsConfig()
    units = _prepare(articles, cfg)
    copies = find_copies(units, cfg)
    rels = list(copies)
    if encoder is not None and cfg.translations:
        rels += find_translations(units, encoder, cfg, {frozenset((r.a, r.b)) for r in copies}, names)
    order = {"exact_duplicate": 0, "near_duplicate": 1, "contained": 2, "translation": 3, "shared_wire_copy": 4}
    return sorted(rels, key=lambda r: (order[r.kind], r.a, r.b))


__all__ = [
    "AlignConfig",
    "CopyConfig",
    "MinHashConfig",
    "NameFinders",
    "RelationsConfig",
    "estimate_jaccard",
    "find_relations",
    "lsh_keys",
    "minhash_signature",
    "verify_near_duplicate",
]
