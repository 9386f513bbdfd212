"""Claims: align what the articles of a story say, across outlets and languages, and count origins.

Reads: articles (with segments), their sentences, attributions, relations, entities; an injected
:class:`chorus.embed.Encoder`. Adds: ``model.Claim`` (one per group of sentences saying the same thing)
and ``model.Discrepancy`` (numbers, dates or names that disagree; self-contradicting figures).

How it works:
1. every sentence becomes a claim unit (:mod:`chorus.stages.claims_units`): the attribution clause
   ("according to SANA", ", it added") is cut off and recorded, the proposition is what gets aligned;
2. units are compared with multilingual embeddings (only within one vector space), plus lexical,
   entity and number agreement; average-linkage clustering with a threshold groups them;
3. each group becomes a Claim: representative text (English when a member is English; of those the one
   the most articles back, then the most central), one evidence span per member (everything aligned),
   and articles, outlets, origins (who the articles say it comes from) and the number of independent
   origins counted only over the articles that back the shown text: their own sentence disagrees with
   it on no figure, date or name and states its figures, its dates (or its article does) and at least
   ``support_coverage`` of its content words, entities and figures. An outlet with another death toll,
   or one that says less than the text shown, stays in the evidence and is not cited for it. 0.5
   separates "Reid launched a fashion line called Mantra" (0.41 of the longer sentence that adds whom
   she dates) from the seed meeting's paraphrases (0.5-0.9); Multi-News ROUGE-1 0.4439 -> 0.4442.
4. discrepancies are checked inside each group and inside each sentence
   (:mod:`chorus.stages.claims_discrepancy`); one across sources lists every distinct value with every
   member stating it and the origins of each value (same ``origins_fn``).

Claims come back ordered by salience, the order in which the brief picks key points: share of the
story's articles that make the claim (corroboration), centrality to the story (embeddings and
content words) and earliness in the articles. The weights have a flat optimum: a grid over position
{0, 0.3, 0.6} x corroboration {0.25, 0.5, 1} x word centrality {0, 0.5, 1} x figure {0, 0.1} on
Multi-News validation clusters 0-99 moved ROUGE-1 by at most +0.0004 (``bench/brief.py --grid``), so
they stay as they were. Earliness is the one that matters: without it ROUGE-1 drops about 0.01.
A penalty on direct quotation (salience minus w x the share of the sentence inside quote marks) was
measured too and not adopted: ROUGE-1 on the same clusters fell from 0.4398 to 0.4362, 0.4333 and
0.4273 for w = 0.1, 0.2 and 0.4 (MultiLing English ROUGE-2 rose from 0.1225 to 0.1263-0.1304, one topic).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from chorus.embed import Encoder
from chorus.errors import ConfigError
from chorus.model import Article, Attribution, Claim, Discrepancy, Entity, Relation, Sentence, Span
from chorus.stages.claims_discrepancy import disagree, find_discrepancies
from chorus.stages.claims_units import ClaimUnit, claim_units, lang_data, quantities, stopwords
from chorus.stages.origins import Provenance
from chorus.text import normalize
from chorus.text import sentences as split_article

OriginsFn = Callable[[Sequence[Span]], tuple[tuple[str, ...], int]]


@dataclass(frozen=True, slots=True)
class ClaimsConfig:
    """Settings of the claims stage.

    Attributes:
        threshold: average-linkage score at or above which sentences are the same claim. The score is
            the embedding cosine plus the lexical, entity and number bonuses below.
        lexical_weight: weight of content-word overlap (Jaccard) between sentences of one language.
        entity_weight: weight of shared entities (Jaccard over entity ids of the mentions inside).
        number_weight: bonus when two sentences state the same number.
        min_words: sentences with fewer words (or headlines without final punctuation) are not claims.
        position_weight: weight of earliness in an article in the salience order.
        word_centrality_weight: weight of content-word centrality (words many articles use) added to
            the embedding centrality in the salience order.
        figure_weight: salience bonus for a sentence stating a figure (a number that is not a year):
            figures are the concrete facts readers look for.
        corroboration_weight: weight of the share of the story's articles making a claim, in the
            salience order.
        restatement: a sentence left on its own after alignment joins the claim its own article
            already makes when its score with that claim's members reaches ``threshold`` plus this
            margin (a lead that repeats the headline's claim is the same claim, not a unique one).
        max_units: cap on sentences per story (earliest sentences of each article are kept first).
        translation_cosine: two sentences of texts the relations stage found to be translations of
            each other are one claim when each is the other's closest sentence there (mutual best
            match, as in bitext alignment) and their cosine reaches this; cross-lingual cosines of a
            sentence and its translation run lower (0.48-0.65 on MultiLing) than same-language ones.
        support_coverage: an article is cited for a claim (and counts as corroborating it) only when
            its own sentence in the claim states at least this share of the shown text's content words,
            entities and figures, and disagrees with it on no figure, date or name.
        discrepancy_similarity: two members of a claim are checked for disagreeing figures, dates and
            names only when their embedding cosine reaches this.
    """

    threshold: float = 0.66
    lexical_weight: float = 0.35
    entity_weight: float = 0.1
    number_weight: float = 0.05
    min_words: int = 6
    position_weight: float = 0.3
    corroboration_weight: float = 0.5
    word_centrality_weight: float = 0.5
    figure_weight: float = 0.0
    restatement: float = 0.1
    max_units: int = 3000
    discrepancy_similarity: float = 0.7
    translation_cosine: float = 0.45
    support_coverage: float = 0.5

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 2:
            raise ConfigError(f"claims.threshold must be in (0, 2], got {self.threshold}; 0.66 is the default")
        for name in ("lexical_weight", "entity_weight", "number_weight", "position_weight", "corroboration_weight"):
            v = getattr(self, name)
            if not 0 <= v <= 1:
                raise ConfigError(f"claims.{name} must be in [0, 1], got {v}")
        for name in ("word_centrality_weight", "figure_weight"):
            v = getattr(self, name)
            if not 0 <= v <= 1:
                raise ConfigError(f"claims.{name} must be in [0, 1], got {v}")
        if self.min_words < 1:
            raise ConfigError(f"claims.min_words must be >= 1, got {self.min_words}")
        if not 0 <= self.discrepancy_similarity <= 1:
            raise ConfigError(f"claims.discrepancy_similarity must be in [0, 1], got {self.discrepancy_similarity}")
        if not 0 <= self.support_coverage <= 1:
            raise ConfigError(f"claims.support_coverage must be in [0, 1], got {self.support_coverage}")
        if self.max_units < 2:
            raise ConfigError(f"claims.max_units must be >= 2, got {self.max_units}")
        if not 0 <= self.restatement <= 1:
            raise ConfigError(f"claims.restatement must be in [0, 1], got {self.restatement}")


# --- alignment -----------------------------------------------------------------------------------


def _content_tokens(text: str, language: str) -> frozenset[str]:
    stop = stopwords(language)
    return frozenset(t for t in re.findall(r"\w+", normalize(text)) if t not in stop and not t.isdigit())


def _numbers(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\d+(?:[.,]\d+)*", text))


#: An entity named in more than this share of a story's sentences is no evidence of agreement.
_UBIQUITOUS = 0.15


def _entity_sets(units: Sequence[ClaimUnit], entities: Sequence[Entity]) -> list[frozenset[str]]:
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for e in entities:
        for m in e.mentions:
            by_article.setdefault(m.article, []).append((m.start, m.end, e.id))
    out = []
    for u in units:
        s = u.sentence
        out.append(frozenset(eid for a, b, eid in by_article.get(s.article, ()) if s.start <= a and b <= s.end))
    # The story's protagonist (named in a large share of its sentences) says nothing about which
    # sentences state the same thing: "Alcorn tried to contact the girl" and "Alcorn talked about
    # adopting her" share only Alcorn. Only the rarer entities count as agreement.
    df = Counter(eid for s in out for eid in s)
    common = {eid for eid, n in df.items() if n > max(2, _UBIQUITOUS * len(units))}
    return [s - common for s in out]


def _jaccard_matrix(sets: Sequence[frozenset[str]]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for s in sets:
        for t in s:
            vocab.setdefault(t, len(vocab))
    if not vocab:
        return np.zeros((len(sets), len(sets)), dtype=np.float32)
    m = np.zeros((len(sets), len(vocab)), dtype=np.float32)
    for i, s in enumerate(sets):
        for t in s:
            m[i, vocab[t]] = 1.0
    inter = m @ m.T
    sizes = m.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-9), 0.0).astype(np.float32)


def similarity(
    units: Sequence[ClaimUnit], entities: Sequence[Entity], encoder: Encoder, cfg: ClaimsConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise alignment scores between units, and the plain embedding cosine matrix.

    Cosines are only computed between units whose languages share a vector space; the lexical bonus
    only between units of one language (names and words differ across scripts).
    """
    n = len(units)
    cos = np.zeros((n, n), dtype=np.float32)
    spaces: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        spaces.setdefault(encoder.space(u.language), []).append(i)
    vecs: dict[int, np.ndarray] = {}
    for idx in spaces.values():
        by_lang: dict[str, list[int]] = {}
        for i in idx:
            by_lang.setdefault(units[i].language, []).append(i)
        for lang, ids in by_lang.items():
            v = encoder.encode([units[i].proposition.text for i in ids], language=lang)
            for i, row in zip(ids, v, strict=True):
                vecs[i] = row
        rows = np.array(idx)
        mat = np.stack([vecs[i] for i in idx])
        cos[np.ix_(rows, rows)] = mat @ mat.T
    score = cos.copy()
    langs = np.array([u.language for u in units])
    same_lang = langs[:, None] == langs[None, :]
    if cfg.lexical_weight:
        lex = _jaccard_matrix([_content_tokens(u.proposition.text, u.language) for u in units])
        score += cfg.lexical_weight * np.where(same_lang, lex, 0.0)
    if cfg.entity_weight and entities:
        score += cfg.entity_weight * _jaccard_matrix(_entity_sets(units, entities))
    if cfg.number_weight:
        nums = [_numbers(u.proposition.text) for u in units]
        shared = np.array([[1.0 if (a & b) else 0.0 for b in nums] for a in nums], dtype=np.float32)
        score += cfg.number_weight * shared
    return score, cos


_FIGURE = re.compile(r"(?<![\d/])(?!(?:1[89]|20)\d\d(?!\d))\d[\d,.]*(?![\d/])")
_AR_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _word_centrality(units: Sequence[ClaimUnit]) -> np.ndarray:
    """Cosine between each unit's content words and the story's content-word frequencies.

    Words count once per article they appear in (document frequency across the story's articles), so
    what many articles mention weighs more than what one article repeats.
    """
    bags = [_content_tokens(u.proposition.text, u.language) for u in units]
    df: Counter[str] = Counter()
    seen: dict[str, set[str]] = {}
    for u, bag in zip(units, bags, strict=True):
        seen.setdefault(u.sentence.article, set()).update(bag)
    for words in seen.values():
        df.update(words)
    centroid_norm = float(np.sqrt(sum(v * v for v in df.values()))) or 1.0
    out = np.zeros(len(units), dtype=np.float32)
    for i, bag in enumerate(bags):
        if bag:
            out[i] = sum(df[w] for w in bag) / (np.sqrt(len(bag)) * centroid_norm)
    return out


#: Distance between two sentences of one article segment: no claim holds two of them (see _cluster).
_CANNOT_LINK = 1e4


def _cluster(score: np.ndarray, threshold: float, keys: Sequence[str] | None = None) -> list[list[int]]:
    """Average-linkage agglomerative clustering: groups whose mean pairwise score >= threshold.

    With ``keys`` (one per unit: its article segment), two units with the same key are cannot-link:
    their distance is so large that no group's average stays under the cut, so a claim holds at most
    one sentence of each article segment (an article's two different sentences are two claims; its
    Arabic and English halves can still state one claim).
    """
    n = score.shape[0]
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(2.0 - score, 0.0, None).astype(np.float64)
    dist = (dist + dist.T) / 2
    if keys is not None:
        k = np.array(keys)
        dist[k[:, None] == k[None, :]] = _CANNOT_LINK
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(tree, t=2.0 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(i)
    return list(groups.values())


def _attach_restatements(
    groups: list[list[int]], score: np.ndarray, keys: Sequence[str], threshold: float
) -> list[list[int]]:
    """Fold a lone sentence into the claim its own article segment already makes, when close enough.

    A headline-like summary line and the body sentence it summarises are one claim; left alone the
    summary would show up as something "only" that outlet says.
    """
    keyed: dict[str, list[int]] = {}
    for g, members in enumerate(groups):
        if len(members) > 1:
            for i in members:
                keyed.setdefault(keys[i], []).append(g)
    out = [list(m) for m in groups]
    for g, members in enumerate(groups):
        if len(members) != 1:
            continue
        i = members[0]
        best, best_score = None, threshold
        for h in keyed.get(keys[i], ()):
            mean = float(np.mean([score[i, j] for j in groups[h]]))
            if mean >= best_score:
                best, best_score = h, mean
        if best is not None:
            out[best].append(i)
            out[g] = []
    return [m for m in out if m]


def _translation_pairs(
    units: Sequence[ClaimUnit],
    articles: Sequence[Article],
    relations: Sequence[Relation],
    cos: np.ndarray,
    floor: float,
) -> list[tuple[int, int]]:
    """Mutual best-matching unit pairs between texts related as translations, with cosine >= floor."""
    linked = {frozenset((r.a, r.b)) for r in relations if r.kind == "translation"}
    if not linked:
        return []
    segs = {a.id: a.segments for a in articles}

    def where(u: ClaimUnit) -> tuple[str, str]:
        art = u.sentence.article
        seg = next((g.id for g in segs.get(art, ()) if g.start <= u.sentence.start < g.end), art)
        return art, seg

    loc = [where(u) for u in units]
    side: dict[tuple[str, str], list[int]] = {}
    for i, (art, seg) in enumerate(loc):
        side.setdefault((art, seg), []).append(i)
    out = []
    for ka, ia in side.items():
        for kb, ib in side.items():
            if ka >= kb or not (frozenset((ka[0], kb[0])) in linked or frozenset((ka[1], kb[1])) in linked):
                continue
            sub = cos[np.ix_(ia, ib)]
            for r, i in enumerate(ia):
                c = int(np.argmax(sub[r]))
                if int(np.argmax(sub[:, c])) == r and sub[r, c] >= floor:
                    out.append((i, ib[c]))
    return out


# --- claims --------------------------------------------------------------------------------------


# --- support: which members back the shown text ------------------------------------------------------


def _words(text: str, language: str) -> frozenset[str]:
    """Content words of ``text``, Arabic with its article and conjunction cut off."""
    out = set()
    for t in _content_tokens(text, language):
        if language == "ar":
            t = t[2:] if t.startswith("ال") and len(t) > 4 else t
            t = t[1:] if t.startswith("و") and len(t) > 4 else t
        out.add(t)
    return frozenset(out)


def _stem(word: str) -> str:
    """A prefix of at most four letters: crude, language-blind stemming ("killed"/"killing")."""
    return word[:4]


@dataclass(frozen=True, slots=True)
class _Content:
    """What a unit states, for the support test: stemmed content words, entity ids, figure values and
    date words (weekdays, months, years; lower case)."""

    words: frozenset[str]
    tokens: frozenset[str]
    entities: frozenset[str]
    figures: frozenset[float]
    dates: frozenset[str]


@lru_cache(maxsize=16)
def _date_pattern(language: str) -> re.Pattern[str]:
    d = lang_data(language)
    words = sorted((*d.get("weekdays", []), *d.get("months", [])), key=len, reverse=True)
    alts = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alts + '|' if alts else ''}(?:1[89]|20)\d\d)(?!\w)", re.I)


def _content(span: Span, language: str, mentions: Sequence[tuple[int, int, str]]) -> _Content:
    figs = frozenset(round(q.value, 6) for q in quantities(span.text, span.article, span.start, language))
    ents = frozenset(eid for a, b, eid in mentions if span.start <= a and b <= span.end)
    dates = frozenset(m.group(0).lower() for m in _date_pattern(language).finditer(span.text.translate(_AR_DIGITS)))
    tokens = _words(span.text, language)
    words = frozenset(_stem(t) for t in tokens)
    return _Content(words=words, tokens=tokens, entities=ents, figures=figs, dates=dates)


def states_all_facts(shown: _Content, member: _Content, article_dates: frozenset[str], same_language: bool) -> bool:
    """Whether the member states every figure the shown text states, in its own sentence, and every
    date (weekday, month, year; years only across languages) in its sentence or elsewhere in its
    article: a sentence without the death toll does not back a text that gives it, and an article that
    never names the day does not back the day. (Articles often date the event once, in the next
    sentence: "... met in Moscow. The meeting on Tuesday ..."; a contradicting date in the sentence
    itself is caught by :func:`chorus.stages.claims_discrepancy.disagree`.)"""
    dates = shown.dates if same_language else {d for d in shown.dates if d.isdigit()}
    return shown.figures <= member.figures and dates <= (member.dates | article_dates)


def coverage(shown: _Content, member: _Content, same_language: bool) -> float:
    """Share of what the shown text states (content words in one language, entities and figures in
    any) that the member's own sentence also states. A word counts as stated when the member has a
    word of the same stem, or a long word spelled nearly alike (a transliterated name: "Asaad" and
    "Assad", "Qasra" and "Kasra"; rapidfuzz ratio >= 80)."""
    parts = [(shown.entities, member.entities), (shown.figures, member.figures)]
    total = sum(len(a) for a, _ in parts)
    hits = sum(len(a & b) for a, b in parts)
    if same_language:
        total += len(shown.words)
        hits += len(shown.words & member.words)
        missing = shown.words - member.words
        long_b = [u for u in member.tokens if len(u) >= 5]
        hits += sum(
            1
            for stem in missing
            if any(fuzz.ratio(t, u) >= 80 for t in shown.tokens if len(t) >= 5 and _stem(t) == stem for u in long_b)
        )
    if not total:
        return 1.0
    return hits / total


def claim_id(evidence: Sequence[Span]) -> str:
    """A stable claim id: sha256 over the sorted ``article:start:end`` evidence keys."""
    keys = sorted(f"{s.article}:{s.start}:{s.end}" for s in evidence)
    return hashlib.sha256("|".join(keys).encode()).hexdigest()[:16]


SupportFn = Callable[[int, int], bool]


def _backers(rep: int, members: Sequence[int], units: Sequence[ClaimUnit], supports: SupportFn) -> list[int]:
    """The members whose article backs the text of ``rep``: one of its sentences in the claim does."""
    ok = {units[i].sentence.article for i in members if supports(rep, i)}
    return [i for i in members if units[i].sentence.article in ok]


def _representative(
    members: list[int], units: Sequence[ClaimUnit], cos: np.ndarray, prefer: str, supports: SupportFn
) -> int:
    """The member shown for the claim: the one backed by the most articles, then the most central (and
    longer) one. A member that says more than the others is shown only when they back it too."""
    pool = [i for i in members if units[i].language == prefer] or members
    if len(pool) == 1:
        return pool[0]

    def key(i: int) -> tuple[int, float, int]:
        backed = len({units[j].sentence.article for j in _backers(i, members, units, supports)})
        centrality = float(np.mean([cos[i, j] for j in members if j != i])) if len(members) > 1 else 0.0
        return (backed, centrality + 0.002 * min(len(units[i].proposition.text.split()), 60), -i)

    return max(pool, key=key)


def _support_fn(
    units: Sequence[ClaimUnit], entities: Sequence[Entity], by_id: dict[str, Article], min_coverage: float
) -> SupportFn:
    """``supports(shown, member)``: whether the member's own sentence backs the shown unit's text.

    Same article: always. Otherwise the two must not disagree on a figure, date or name
    (:func:`chorus.stages.claims_discrepancy.disagree`) and the member's sentence must state at least
    ``min_coverage`` of what the shown proposition states (:func:`coverage`).
    """
    mentions: dict[str, list[tuple[int, int, str]]] = {}
    for e in entities:
        for m in e.mentions:
            mentions.setdefault(m.article, []).append((m.start, m.end, e.id))
    shown: dict[int, _Content] = {}
    said: dict[int, _Content] = {}
    memo: dict[tuple[int, int], bool] = {}
    article_dates: dict[tuple[str, str], frozenset[str]] = {}

    def dates_of(article: str, language: str) -> frozenset[str]:
        if (article, language) not in article_dates:
            text = by_id[article].text.translate(_AR_DIGITS)
            article_dates[article, language] = frozenset(
                m.group(0).lower() for m in _date_pattern(language).finditer(text)
            )
        return article_dates[article, language]

    def supports(r: int, i: int) -> bool:
        ur, ui = units[r], units[i]
        if ur.sentence.article == ui.sentence.article:
            return True
        if (r, i) not in memo:
            if r not in shown:
                shown[r] = _content(ur.proposition, ur.language, mentions.get(ur.sentence.article, ()))
            if i not in said:
                said[i] = _content(ui.sentence, ui.language, mentions.get(ui.sentence.article, ()))
            same = ur.language == ui.language
            memo[r, i] = (
                not disagree(ur, ui, entities)
                and states_all_facts(shown[r], said[i], dates_of(ui.sentence.article, ui.language), same)
                and coverage(shown[r], said[i], same) >= min_coverage
            )
        return memo[r, i]

    return supports


def build_claims(
    articles: Sequence[Article],
    sentences_by_article: dict[str, list[Sentence]] | None,
    attributions: Sequence[Attribution],
    relations: Sequence[Relation],
    entities: Sequence[Entity],
    encoder: Encoder,
    cfg: ClaimsConfig | None = None,
    origins_fn: OriginsFn | None = None,
) -> tuple[list[Claim], list[Discrepancy]]:
    """Group the sentences of a story's articles into claims and find where sources differ.

    Args:
        articles: the story's articles.
        sentences_by_article: sentences per article id; ``None`` (or a missing id) splits with
            :func:`chorus.text.sentences`.
        attributions: who each attributed sentence cites (from the attribution stage).
        relations: article/segment relations (translations, copies) used to collapse origins.
        entities: the story's entities; name variants of one entity never count as a discrepancy.
        encoder: multilingual sentence encoder (e.g. ``chorus.embed.default_encoder()``).
        cfg: settings; defaults to ``ClaimsConfig()``.
        origins_fn: ``spans -> (origins, independent_origins)``; defaults to
            :meth:`chorus.stages.origins.Provenance.claim_origins` over ``attributions``,
            ``relations`` and ``entities``.

    Returns:
        ``(claims, discrepancies)``; claims ordered by salience (corroboration, centrality, earliness).

    Example:
        >>> claims, diffs = build_claims(articles, None, [], [], [], default_encoder())  # doctest: +SKIP
    """
    cfg = cfg or ClaimsConfig()
    origins_fn = origins_fn or Provenance(articles, attributions, relations, entities).claim_origins
    units: list[ClaimUnit] = []
    for a in articles:
        sents = (sentences_by_article or {}).get(a.id)
        if sents is None:
            sents = split_article(a)
        units.extend(claim_units(a, list(sents), cfg.min_words))
    if len(units) > cfg.max_units:
        units = sorted(units, key=lambda u: u.position)[: cfg.max_units]
    if not units:
        return [], []
    score, cos = similarity(units, entities, encoder, cfg)
    for i, j in _translation_pairs(units, articles, relations, cos, cfg.translation_cosine):
        score[i, j] = score[j, i] = max(score[i, j], cfg.threshold + cfg.restatement)
    keys = [f"{u.sentence.article}:{u.language}" for u in units]
    groups = _attach_restatements(_cluster(score, cfg.threshold, keys), score, keys, cfg.threshold + cfg.restatement)
    langs = Counter(u.language for u in units)
    prefer = "en" if "en" in langs else langs.most_common(1)[0][0]
    by_id = {a.id: a for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    centrality = cos.mean(axis=1) + cfg.word_centrality_weight * _word_centrality(units)
    if cfg.figure_weight:
        centrality += cfg.figure_weight * np.array(
            [bool(_FIGURE.search(u.proposition.text.translate(_AR_DIGITS))) for u in units], dtype=np.float32
        )
    ranked: list[tuple[tuple[float, ...], Claim, list[int]]] = []
    supports = _support_fn(units, entities, by_id, cfg.support_coverage)
    for members in groups:
        members.sort(key=lambda i: (order[units[i].sentence.article], units[i].sentence.start))
        rep = _representative(members, units, cos, prefer, supports)
        evidence = tuple(units[i].proposition for i in members)
        # Cited, counted and traced: only the articles whose own sentence backs the shown text. The
        # others stay in the evidence (what was aligned) and their differences are reported.
        backing = _backers(rep, members, units, supports)
        art_ids = tuple(dict.fromkeys(units[i].sentence.article for i in backing))
        outlets = tuple(dict.fromkeys(by_id[x].label for x in art_ids))
        origins, independent = origins_fn(tuple(units[i].proposition for i in backing))
        claim = Claim(
            id=claim_id(evidence),
            text=units[rep].proposition.text,
            articles=art_ids,
            outlets=outlets,
            origins=origins,
            independent_origins=independent,
            evidence=evidence,
        )
        earliest = min(units[i].position for i in members)
        salience = (
            float(max(centrality[i] for i in members))
            + cfg.position_weight * (1.0 - earliest)
            + cfg.corroboration_weight * (len(art_ids) - 1) / max(1, len(articles) - 1)
        )
        ranked.append(((-salience,), claim, members))
    ranked.sort(key=lambda t: t[0])
    claims = [c for _, c, _ in ranked]
    discrepancies = find_discrepancies(
        [(c, [units[i] for i in m], cos[np.ix_(m, m)]) for _, c, m in ranked],
        by_id,
        entities,
        cfg.discrepancy_similarity,
        origins_fn,
    )
    return claims, discrepancies
