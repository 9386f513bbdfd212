"""Where sources differ: figures, dates and names that disagree inside a claim, and figures that
contradict each other inside one sentence.

Checks (general, no per-story rules):

- **number, across sources**: two members of one claim, from different articles, count the same kind
  of thing (same unit-noun family, e.g. people, dwellings, years) with figures that share no value
  (within 2%).
- **number, inside one sentence**: two coordinated quantities of the same unit-noun family with
  different values ("a quarter of a million residential houses, and 4 million residential buildings"):
  one predicate, two figures for the same kind of thing, so at least one of them cannot be the count.
  Not when either article also states the other's figure elsewhere (a live blog's update within one
  article, not two sources disagreeing). Ages ("29-year-old", "Twenty-eight-year-old", "Alcorn, 28,")
  and counts of times ("once", "twice") are families of their own.
- **date**: members name different weekdays, months or years.
- **name**: members of one language spell a name differently (fuzzy match 75-99%) and the entities
  stage did not merge the two spellings into one entity (merged variants are never discrepancies).

A discrepancy across sources is not one pair of outlets: it lists every distinct value (``values``)
with every member of the claim that states it, each with its article, outlet, the figure's span and
the sentence's, and the origins behind the value (outlets relaying one agency count as one origin:
``origins_fn``, :meth:`chorus.stages.origins.Provenance.claim_origins`). A member joins a value when it
is similar enough to a member already listed that states that value too (:func:`_dispute`). Its
``text`` is the English brief's sentence ("Sources differ on a figure: “12 people”: A, B (1
independent origin: SANA); “15 people”: C."; :func:`chorus.stages.brief.discrepancy_sentence`); the
brief writes it again in its own language.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from chorus.model import Article, Claim, Discrepancy, DiscrepancyKind, DiscrepancyValue, Entity, Span
from chorus.stages.brief import brief_strings, discrepancy_sentence
from chorus.stages.claims_units import ClaimUnit, Quantity, coordinated, lang_data, quantities
from chorus.stages.origins import Provenance
from chorus.text import normalize

OriginsFn = Callable[[Sequence[Span]], tuple[tuple[str, ...], int]]

_NAME = re.compile(r"\b[A-Z][\w’'\-]+(?:\s+(?:(?:al|el|bin|ibn|abu|Abu|de|van|von|der)[\s\-])?[A-Z][\w’'\-]+)+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.02 * max(abs(a), abs(b), 1e-9)


def _q(unit: ClaimUnit, whole: bool = False) -> list[Quantity]:
    span = unit.sentence if whole else unit.proposition
    return quantities(span.text, span.article, span.start, unit.language)


def _internal(claim: Claim, unit: ClaimUnit, article: Article) -> list[Discrepancy]:
    out = []
    qs = [q for q in _q(unit, whole=True) if q.family]
    for q1, q2 in itertools.pairwise(qs):
        if q1.family != q2.family or _close(q1.value, q2.value) or q1.shared_unit:  # "500 to 600 people"
            continue
        between = article.text[q1.span.end : q2.span.start]
        if not coordinated(between, unit.language):
            continue
        text = (
            f"{article.label} gives two different figures for the same kind of thing ({q1.family}) in one "
            f"sentence: “{q1.span.text}” and “{q2.span.text}”."
        )
        out.append(
            Discrepancy(kind="number", text=text, claims=(claim.id,), evidence=(unit.sentence, q1.span, q2.span))
        )
    return out


def _words(unit: ClaimUnit, key: str) -> list[Span]:
    words = lang_data(unit.language).get(key, [])
    if not words:
        return []
    p = unit.proposition
    pat = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)
    return [
        Span(article=p.article, start=p.start + m.start(), end=p.start + m.end(), text=m.group(0))
        for m in pat.finditer(p.text)
    ]


def _years(unit: ClaimUnit) -> list[Span]:
    p = unit.proposition
    return [
        Span(article=p.article, start=p.start + m.start(), end=p.start + m.end(), text=m.group(0))
        for m in _YEAR.finditer(p.text)
    ]


_PARTICLES = frozenset({"al", "el", "abu", "abou", "bin", "ibn", "bint", "de", "van", "von", "der"})


def _name_key(name: str) -> str:
    """The surname key of a name: its last word with a preceding particle ("Abu Qasra" -> "abuqasra")."""
    words = [w for w in re.split(r"[\s\-’']+", normalize(name).removesuffix("'s").removesuffix("’s")) if w]
    words = [w for w in words if w not in {"al", "el", "the"}]
    if not words:
        return ""
    key = words[-1]
    if len(words) > 1 and words[-2] in _PARTICLES:
        key = words[-2] + key
    return key


def _names(unit: ClaimUnit) -> list[Span]:
    if unit.language != "en":
        return []
    p = unit.proposition
    out = []
    for m in _NAME.finditer(p.text):
        parts = m.group(0).split()
        tail = " ".join(parts[-3:]) if len(parts) > 3 else m.group(0)
        start = p.start + m.end() - len(tail)
        out.append(Span(article=p.article, start=start, end=p.start + m.end(), text=tail))
    return out


def _same_entity(a: Span, b: Span, entities: Sequence[Entity]) -> bool:
    ka, kb = _name_key(a.text), _name_key(b.text)
    for e in entities:
        keys = {_name_key(v) for v in e.variants}
        hit_a = ka in keys or any(m.article == a.article and m.start < a.end and a.start < m.end for m in e.mentions)
        hit_b = kb in keys or any(m.article == b.article and m.start < b.end and b.start < m.end for m in e.mentions)
        if hit_a and hit_b:
            return True
    return False


#: An article's figures over its whole text, per (article id, language), computed once per story.
_OwnFigures = dict[tuple[str, str], list[Quantity]]
#: What a claim member states about one thing (a figure of one family, the weekday...): per unit
#: index, the values it states with their spans, in the order it states them.
_Stated = dict[int, list[tuple[Any, Span]]]
#: A distinct value with what states it: (value, [(its span, the unit index)]).
_Group = tuple[Any, list[tuple[Span, int]]]


def _revised_within(article: Article, language: str, family: str, others: Sequence[float], own: _OwnFigures) -> bool:
    """Whether ``article`` itself also states one of ``others`` (figures of ``family``) somewhere.

    A live blog that first says "two people were stabbed" and later "three people stabbed" has revised
    its figure; set against another outlet's "three" that is not a disagreement between sources.
    """
    key = (article.id, language)
    if key not in own:
        own[key] = quantities(article.text, article.id, 0, language)
    return any(_close(q.value, o) for q in own[key] if q.family == family for o in others)


def _dispute(
    units: Sequence[ClaimUnit],
    sims: np.ndarray,
    min_similarity: float,
    stated: _Stated,
    same: Callable[[Any, Any], bool],
    comparable: Callable[[int, int], bool] = lambda i, j: True,
    revised: Callable[[int, list[Any]], bool] = lambda i, values: False,
) -> list[_Group]:
    """The distinct values that members of one claim give for one thing, each with every member that
    states it; empty when they do not disagree.

    Two members disagree when they come from different articles, are similar enough (``sims``), are
    ``comparable`` and state no value in common, unless one article itself also states the other's
    value (``revised``: an update within one article, not two sources). Every member of such a pair
    is listed, and so is every other member that states one of those values and is similar enough to
    a listed member stating it too (the third outlet with the same death toll), unless its article
    also states a value it is set against. Values and their supporters come in claim order (first
    stated first); a member stating several values is listed under the first one already listed,
    else under the first it states.
    """
    idx = sorted(stated)

    def agree(i: int, j: int) -> bool:
        return any(same(a, b) for a, _ in stated[i] for b, _ in stated[j])

    def values(i: int) -> list[Any]:
        return [v for v, _ in stated[i]]

    members: set[int] = set()
    for n, i in enumerate(idx):
        for j in idx[n + 1 :]:
            if units[i].sentence.article == units[j].sentence.article or sims[i, j] < min_similarity:
                continue
            if not comparable(i, j) or agree(i, j) or revised(i, values(j)) or revised(j, values(i)):
                continue
            members |= {i, j}
    if not members:
        return []
    grown = True
    while grown:  # the members that back one of the disputed values
        grown = False
        for u in idx:
            if u in members or not any(
                sims[u, m] >= min_similarity and comparable(u, m) and agree(u, m) for m in members
            ):
                continue
            if revised(u, [v for m in members if not agree(u, m) for v in values(m)]):
                continue
            members.add(u)
            grown = True
    groups: list[_Group] = []
    for i in sorted(members):
        hit = next(((g, sp) for v, sp in stated[i] for g in groups if same(v, g[0])), None)
        if hit is not None:
            hit[0][1].append((hit[1], i))
        else:
            value, sp = stated[i][0]
            groups.append((value, [(sp, i)]))
    return groups if len(groups) > 1 else []


def _values(
    groups: Sequence[tuple[float | None, Sequence[tuple[Span, Span]]]], by_id: dict[str, Article], origins_fn: OriginsFn
) -> tuple[DiscrepancyValue, ...]:
    """``DiscrepancyValue`` per group of (span, sentence) pairs: articles, outlets and origins."""
    out = []
    for value, pairs in groups:
        pairs = list(dict.fromkeys(pairs))
        evidence = tuple(p for p, _ in pairs)
        sentences = tuple(s for _, s in pairs)
        articles = tuple(dict.fromkeys(e.article for e in evidence))
        origins, independent = origins_fn(sentences)
        out.append(
            DiscrepancyValue(
                text=evidence[0].text,
                value=value,
                articles=articles,
                outlets=tuple(dict.fromkeys(by_id[a].label for a in articles)),
                origins=origins,
                independent_origins=independent,
                evidence=evidence,
                sentences=sentences,
            )
        )
    return tuple(out)


def _discrepancy(
    kind: DiscrepancyKind, claims: tuple[str, ...], values: tuple[DiscrepancyValue, ...], by_id: dict[str, Article]
) -> Discrepancy:
    """A discrepancy over its values; its text is the English brief's sentence for it."""
    d = Discrepancy(
        kind=kind, text="", claims=claims, evidence=tuple(e for v in values for e in v.evidence), values=values
    )
    shown = discrepancy_sentence(d, brief_strings("en"), by_id)
    return replace(d, text=shown.text if shown else "")


def _cross(
    claim: Claim,
    units: list[ClaimUnit],
    sims: np.ndarray,
    min_similarity: float,
    by_id: dict[str, Article],
    origins_fn: OriginsFn,
    own: _OwnFigures,
) -> list[Discrepancy]:
    """Figures and dates that members of one claim, from different articles, state differently."""
    checks: list[tuple[DiscrepancyKind, list[_Group], bool]] = []
    qs = [_q(u) for u in units]
    families = list(dict.fromkeys(q.family for qu in qs for q in qu if q.family))
    for fam in families:
        stated: _Stated = {i: [(q.value, q.span) for q in qu if q.family == fam] for i, qu in enumerate(qs)}
        stated = {i: v for i, v in stated.items() if v}

        def revised(i: int, others: list[Any], fam: str = fam) -> bool:
            u = units[i]
            return _revised_within(by_id[u.sentence.article], u.language, fam, others, own)

        checks.append(("number", _dispute(units, sims, min_similarity, stated, _close, revised=revised), True))

    def same_language(i: int, j: int) -> bool:
        return units[i].language == units[j].language

    for key in ("weekdays", "months"):
        words = {i: _words(u, key) for i, u in enumerate(units)}
        stated = {i: [(w[0].text.lower(), w[0])] for i, w in words.items() if len(w) == 1}
        checks.append(("date", _dispute(units, sims, min_similarity, stated, operator.eq, same_language), False))
    years = {i: [(y.text, y) for y in _years(u)] for i, u in enumerate(units)}
    stated = {i: v for i, v in years.items() if v}
    checks.append(("date", _dispute(units, sims, min_similarity, stated, operator.eq), False))
    out = []
    for kind, groups, numeric in checks:
        if groups:
            pairs = [
                (value if numeric else None, [(sp, units[i].sentence) for sp, i in members])
                for value, members in groups
            ]
            out.append(_discrepancy(kind, (claim.id,), _values(pairs, by_id, origins_fn), by_id))
    return out


#: Two spellings of a name in two members of a claim: (span, its sentence) for each.
_NamePair = tuple[tuple[Span, Span], tuple[Span, Span]]


def _name_diffs(ua: ClaimUnit, ub: ClaimUnit, entities: Sequence[Entity]) -> list[_NamePair]:
    """Names that ``ua`` and ``ub`` (one language) spell differently: for each name of ``ua`` its
    closest spelling in ``ub`` when the two are 75-99% alike and no entity holds both."""
    out = []
    na, nb = _names(ua), _names(ub)
    keys_b = {_name_key(n.text) for n in nb}
    for a in na:
        ka = _name_key(a.text)
        if ka in keys_b or len(ka) < 5:
            continue
        best = max(nb, key=lambda n: fuzz.ratio(ka, _name_key(n.text)), default=None)
        if best is None:
            continue
        kb = _name_key(best.text)
        if not 75 <= fuzz.ratio(ka, kb) < 100 or _same_entity(a, best, entities):
            continue
        out.append(((a, ua.sentence), (best, ub.sentence)))
    return out


def disagree(ua: ClaimUnit, ub: ClaimUnit, entities: Sequence[Entity]) -> bool:
    """Whether two sentences state something incompatible: a figure for the same kind of thing that the
    other does not state (no value within 2%), another weekday, month or year, or, when the entities
    stage saw both spellings and kept them apart, another name. A sentence that disagrees with the text
    a claim shows does not back it (see :mod:`chorus.stages.claims`).

    Unlike the discrepancies reported, there is no similarity gate and no exception for a figure that
    the article revises elsewhere: this sentence still says the other figure.
    """
    qa, qb = _q(ua), _q(ub)
    for fam in {q.family for q in qa if q.family} & {q.family for q in qb if q.family}:
        va = [q.value for q in qa if q.family == fam]
        vb = [q.value for q in qb if q.family == fam]
        if not any(_close(x, y) for x in va for y in vb):
            return True
    if ua.language == ub.language:
        for key in ("weekdays", "months"):
            wa, wb = _words(ua, key), _words(ub, key)
            if len(wa) == 1 and len(wb) == 1 and wa[0].text.lower() != wb[0].text.lower():
                return True
    ya, yb = {y.text for y in _years(ua)}, {y.text for y in _years(ub)}
    if ya and yb and not ya & yb:
        return True
    if entities and ua.language == ub.language:
        return bool(_name_diffs(ua, ub, entities))
    return False


def _names_across(
    groups: Sequence[tuple[Claim, list[ClaimUnit], np.ndarray]],
    min_similarity: float,
    by_id: dict[str, Article],
    entities: Sequence[Entity],
    origins_fn: OriginsFn,
) -> list[Discrepancy]:
    """One name discrepancy per pair of spellings across all claims, each spelling with every member
    (of every claim) that writes it."""
    found: dict[frozenset[str], tuple[list[str], dict[str, list[tuple[Span, Span]]]]] = {}
    for claim, units, sims in groups:
        for i, ua in enumerate(units):
            for j in range(i + 1, len(units)):
                ub = units[j]
                if (
                    ua.sentence.article == ub.sentence.article
                    or sims[i, j] < min_similarity
                    or ua.language != ub.language
                ):
                    continue
                for a, b in _name_diffs(ua, ub, entities):
                    ka, kb = _name_key(a[0].text), _name_key(b[0].text)
                    claims, spellings = found.setdefault(frozenset((ka, kb)), ([], {}))
                    if claim.id not in claims:
                        claims.append(claim.id)
                    spellings.setdefault(ka, []).append(a)
                    spellings.setdefault(kb, []).append(b)
    out = []
    for claims, spellings in found.values():
        values = _values([(None, pairs) for pairs in spellings.values()], by_id, origins_fn)
        out.append(_discrepancy("name", tuple(claims), values, by_id))
    return out


def find_discrepancies(
    groups: Sequence[tuple[Claim, list[ClaimUnit], np.ndarray]],
    by_id: dict[str, Article],
    entities: Sequence[Entity],
    min_similarity: float = 0.7,
    origins_fn: OriginsFn | None = None,
) -> list[Discrepancy]:
    """Every discrepancy inside the claim groups (members) and inside single sentences.

    Args:
        groups: each claim with the claim units it was built from and their pairwise cosines.
        by_id: the story's articles by id.
        entities: the story's entities (spellings of one entity are not discrepancies).
        min_similarity: members are compared only when their embedding cosine reaches this, so that two
            loosely aligned sentences about different events are not read as disagreeing.
        origins_fn: ``spans -> (origins, independent_origins)`` for the sentences stating one value
            (:meth:`chorus.stages.origins.Provenance.claim_origins`); defaults to one without
            attributions or relations (each article its own origin).

    Returns:
        The discrepancies; those across sources carry ``values``: every distinct value with every
        article, outlet, span and origin that states it.
    """
    origins_fn = origins_fn or Provenance(list(by_id.values()), [], [], entities).claim_origins
    out: list[Discrepancy] = []
    own: _OwnFigures = {}
    for claim, units, sims in groups:
        for u in units:
            out.extend(_internal(claim, u, by_id[u.sentence.article]))
        if len({u.sentence.article for u in units}) > 1:  # all members, backing the shown text or not
            out.extend(_cross(claim, units, sims, min_similarity, by_id, origins_fn, own))
    multi = [g for g in groups if len({u.sentence.article for u in g[1]}) > 1]
    return out + _names_across(multi, min_similarity, by_id, entities, origins_fn)
