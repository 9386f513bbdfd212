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
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz

from chorus.model import Article, Claim, Discrepancy, Entity, Span
from chorus.stages.claims_units import ClaimUnit, Quantity, coordinated, lang_data, quantities
from chorus.text import normalize

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


def _revised_within(article: Article, language: str, family: str, others: list[Quantity]) -> bool:
    """Whether ``article`` itself also states one of ``others`` (figures of ``family``) somewhere.

    A live blog that first says "two people were stabbed" and later "three people stabbed" has revised
    its figure; set against another outlet's "three" that is not a disagreement between sources.
    """
    own = [q for q in quantities(article.text, article.id, 0, language) if q.family == family]
    return any(_close(q.value, o.value) for q in own for o in others)


def _cross(
    claim: Claim,
    units: list[ClaimUnit],
    sims: np.ndarray,
    min_similarity: float,
    by_id: dict[str, Article],
    entities: Sequence[Entity],
) -> list[Discrepancy]:
    out: list[Discrepancy] = []
    seen: set[tuple[str, str]] = set()
    for i, ua in enumerate(units):
        for j in range(i + 1, len(units)):
            ub = units[j]
            if ua.sentence.article == ub.sentence.article or sims[i, j] < min_similarity:
                continue
            la, lb = by_id[ua.sentence.article].label, by_id[ub.sentence.article].label
            qa, qb = _q(ua), _q(ub)
            for fam in {q.family for q in qa if q.family} & {q.family for q in qb if q.family}:
                va = [q for q in qa if q.family == fam]
                vb = [q for q in qb if q.family == fam]
                if any(_close(x.value, y.value) for x in va for y in vb) or ("number", fam) in seen:
                    continue
                if _revised_within(by_id[ua.sentence.article], ua.language, fam, vb) or _revised_within(
                    by_id[ub.sentence.article], ub.language, fam, va
                ):  # the article also states the other figure: an update within it, not two sources
                    continue
                seen.add(("number", fam))
                text = f"Sources differ on a figure: {la} says “{va[0].span.text}”, {lb} says “{vb[0].span.text}”."
                out.append(Discrepancy(kind="number", text=text, claims=(claim.id,), evidence=(va[0].span, vb[0].span)))
            for key in ("weekdays", "months"):
                wa, wb = _words(ua, key), _words(ub, key)
                if (
                    ua.language == ub.language
                    and len(wa) == 1
                    and len(wb) == 1
                    and wa[0].text.lower() != wb[0].text.lower()
                    and ("date", key) not in seen
                ):
                    seen.add(("date", key))
                    text = f"Sources differ on the date: {la} says “{wa[0].text}”, {lb} says “{wb[0].text}”."
                    out.append(Discrepancy(kind="date", text=text, claims=(claim.id,), evidence=(wa[0], wb[0])))
            ya, yb = _years(ua), _years(ub)
            if ya and yb and not ({y.text for y in ya} & {y.text for y in yb}) and ("date", "year") not in seen:
                seen.add(("date", "year"))
                text = f"Sources differ on the year: {la} says “{ya[0].text}”, {lb} says “{yb[0].text}”."
                out.append(Discrepancy(kind="date", text=text, claims=(claim.id,), evidence=(ya[0], yb[0])))
            if ua.language == ub.language:
                out.extend(_name_diffs(claim, ua, ub, la, lb, entities, seen))
    return out


def _name_diffs(
    claim: Claim, ua: ClaimUnit, ub: ClaimUnit, la: str, lb: str, entities: Sequence[Entity], seen: set[tuple[str, str]]
) -> list[Discrepancy]:
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
        pair = tuple(sorted((ka, kb)))
        if not 75 <= fuzz.ratio(ka, kb) < 100 or ("name", "|".join(pair)) in seen:
            continue
        if _same_entity(a, best, entities):
            continue
        seen.add(("name", "|".join(pair)))
        text = f"Sources spell a name differently: {la} writes “{a.text}”, {lb} writes “{best.text}”."
        out.append(Discrepancy(kind="name", text=text, claims=(claim.id,), evidence=(a, best)))
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
        return bool(_name_diffs(_NO_CLAIM, ua, ub, "", "", entities, set()))
    return False


_NO_CLAIM = Claim(id="", text="", articles=(), outlets=(), origins=(), independent_origins=0, evidence=())


def _merge_names(found: list[Discrepancy]) -> list[Discrepancy]:
    """One name discrepancy per pair of spellings, across all claims, with every piece of evidence."""
    merged: dict[frozenset[str], list[Discrepancy]] = {}
    out: list[Discrepancy] = []
    for d in found:
        if d.kind != "name":
            out.append(d)
            continue
        key = frozenset(_name_key(e.text) for e in d.evidence)
        if key not in merged:
            merged[key] = []
            out.append(d)
        merged[key].append(d)
    result = []
    for d in out:
        if d.kind == "name":
            group = merged[frozenset(_name_key(e.text) for e in d.evidence)]
            claims = tuple(dict.fromkeys(c for g in group for c in g.claims))
            evidence = tuple(dict.fromkeys(e for g in group for e in g.evidence))
            d = Discrepancy(kind="name", text=d.text, claims=claims, evidence=evidence)
        result.append(d)
    return result


def find_discrepancies(
    groups: Sequence[tuple[Claim, list[ClaimUnit], np.ndarray]],
    by_id: dict[str, Article],
    entities: Sequence[Entity],
    min_similarity: float = 0.7,
) -> list[Discrepancy]:
    """Every discrepancy inside the claim groups (members) and inside single sentences.

    Args:
        groups: each claim with the claim units it was built from and their pairwise cosines.
        by_id: the story's articles by id.
        entities: the story's entities (spellings of one entity are not discrepancies).
        min_similarity: members are compared only when their embedding cosine reaches this, so that two
            loosely aligned sentences about different events are not read as disagreeing.
    """
    out: list[Discrepancy] = []
    for claim, units, sims in groups:
        for u in units:
            out.extend(_internal(claim, u, by_id[u.sentence.article]))
        if len({u.sentence.article for u in units}) > 1:  # all members, backing the shown text or not
            out.extend(_cross(claim, units, sims, min_similarity, by_id, entities))
    return _merge_names(out)
