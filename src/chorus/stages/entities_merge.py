"""Merging the name forms of one story: which surface forms name the same entity, and why.

Used by :mod:`chorus.stages.entities` (step 3). A *form* is one normalized name key with its
surfaces, types and mentions; forms are merged with a union-find that records a reason per merge:

- two full person names when the given name AND the family name match across spelling, script
  and machine-translation garble (:func:`person_reason`);
- a one-word name with the only full name of the story whose family name it matches, or, failing
  that, a garbled family name ("Al-Shallah") with the only person of its article whose family name
  has the same consonants up to machine-translation confusions (:func:`join_garbled`);
- one-word names across scripts (Putin / بوتين), an Arabic one-word place or organisation with the
  Latin name it spells, however many words (سيريلانكا / Sri Lanka), acronyms and their expansions;
- when several full names share a family name, the one-word family name joins the dominant one
  (:func:`_dominant`), never a person it may not mean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chorus.model import Mention
from chorus.stages.entities_names import coarse, is_arabic, latin_readings, skeleton, token_similarity
from chorus.text import normalize_arabic

if TYPE_CHECKING:
    from chorus.stages.entities import EntitiesConfig

TYPE_RANK = {"PERSON": 0, "ORG": 1, "LOCATION": 2, "OTHER": 3}
"""Entity types, the preferred first when votes tie."""


@dataclass(slots=True)
class Form:
    """One normalized name key of a story, with every surface, type vote and mention behind it."""

    key: str
    tokens: tuple[str, ...]
    canonical: str | None
    surfaces: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    weak: int = 0
    facility: int = 0  # mentions the English tagger called a facility (FAC)

    @property
    def type(self) -> str:
        if not self.types:
            return "OTHER"
        top = max(self.types.values())
        return min((t for t, n in self.types.items() if n == top), key=lambda t: TYPE_RANK[t])

    @property
    def display(self) -> str:
        return max(self.surfaces, key=lambda s: (self.surfaces[s], not is_arabic(s), len(s)))


class Union:
    """Union-find over forms that keeps, per group, the reasons its members were merged."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.reasons: dict[int, list[str]] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int, reason: str) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            root, child = min(a, b), max(a, b)
            self.parent[child] = root
            self.reasons[root] = [*self.reasons.get(root, []), *self.reasons.pop(child, []), reason]


def person_reason(a: Form, b: Form, cfg: EntitiesConfig) -> str | None:
    """Why two multi-word person forms name the same person (given AND family name), or None."""
    for ra in latin_readings(a.display, cfg.romanize_top_k):
        for rb in latin_readings(b.display, cfg.romanize_top_k):
            if len(ra) < 2 or len(rb) < 2:
                continue
            g = token_similarity(ra[0], rb[0])
            f = token_similarity(ra[-1], rb[-1])
            if g >= cfg.given_threshold and f >= cfg.family_threshold:
                how = "romanized " if (is_arabic(a.display) != is_arabic(b.display)) else ""
                return (
                    f"{a.display!r} = {b.display!r}: {how}given name {ra[0]}~{rb[0]} ({g:.2f}) "
                    f"and family name {ra[-1]}~{rb[-1]} ({f:.2f})"
                )
    return None


def single_token_score(form: Form, other: Form, cfg: EntitiesConfig) -> float:
    best = 0.0
    for ra in latin_readings(form.display, cfg.romanize_top_k):
        if len(ra) != 1:
            continue
        for rb in latin_readings(other.display, cfg.romanize_top_k):
            if rb:
                best = max(best, token_similarity(ra[0], rb[-1]))
    return best


def _acronym(tokens: Sequence[str]) -> str:
    skip = {"of", "the", "and", "for", "de", "in"}
    return "".join(t[0] for t in tokens if t not in skip).upper()


def merge(forms: list[Form], cfg: EntitiesConfig) -> Union:
    uf = Union(len(forms))
    persons = [i for i, f in enumerate(forms) if f.canonical is None and f.type == "PERSON" and len(f.tokens) >= 2]
    for x, i in enumerate(persons):
        for j in persons[x + 1 :]:
            if uf.find(i) != uf.find(j) and (why := person_reason(forms[i], forms[j], cfg)):
                uf.union(i, j, why)
    # one-word names join the only person cluster whose family name they match
    singles = [i for i, f in enumerate(forms) if f.canonical is None and len(f.tokens) == 1]
    for i in singles:
        f = forms[i]
        if f.type not in ("PERSON", "ORG", "OTHER"):
            continue
        roots: dict[int, tuple[float, int]] = {}
        for j in persons:
            s = single_token_score(f, forms[j], cfg)
            if s >= cfg.short_form_threshold:
                r = uf.find(j)
                roots[r] = max(roots.get(r, (0.0, j)), (s, j))
        if len(roots) == 1:
            ((s, j),) = roots.values()
            uf.union(
                i,
                j,
                f"{f.display!r} -> {forms[j].display!r}: the only full name here with this family name ({s:.2f})",
            )
            f.types["PERSON"] += sum(f.types.values())
        elif len(roots) > 1 and f.type == "PERSON" and (d := _dominant(f, roots, forms, persons, uf)) is not None:
            uf.union(
                i,
                d,
                f"{f.display!r} -> {forms[d].display!r}: of the full names here with this family name, the "
                f"one named in every article that uses it, {DOMINANCE}x as often as any other",
            )
        elif not roots and cfg.garbled_family_names and f.type == "PERSON":
            join_garbled(i, forms, persons, uf)
    # one-word names in two scripts (Putin / بوتين, a place the gazetteer lacks) of the same type
    for x, i in enumerate(singles):
        for j in singles[x + 1 :]:
            a, b = forms[i], forms[j]
            if uf.find(i) == uf.find(j) or a.type != b.type:
                continue
            if is_arabic(a.display) != is_arabic(b.display):
                s = single_token_score(a, b, cfg)
                if s >= max(cfg.short_form_threshold, 0.9 if a.type == "PERSON" else 0.95):
                    uf.union(i, j, f"{a.display!r} = {b.display!r}: same name across scripts ({s:.2f})")
    _join_spelled(forms, singles, uf)
    # acronyms and their expansions (no gazetteer entry); the tagger may type them apart ("KKK" an
    # organisation, "Ku Klux Klan" a person), so three letters or more join across types, places excepted
    named = [i for i, f in enumerate(forms) if f.canonical is None and f.type != "LOCATION"]
    for i in named:
        a = forms[i]
        if len(a.tokens) == 1 and a.display.isupper() and len(a.display) >= 2 and a.type != "PERSON":
            for j in named:
                b = forms[j]
                if len(b.tokens) < 2 or _acronym(b.tokens) != a.display:
                    continue
                if b.type == a.type or len(a.display) >= 3:
                    uf.union(i, j, f"{a.display!r} is the acronym of {b.display!r}")
    return uf


DOMINANCE = 3
"""How many times more mentions the dominant full name needs than any other with the same family name."""


def _dominant(
    f: Form, roots: dict[int, tuple[float, int]], forms: list[Form], persons: list[int], uf: Union
) -> int | None:
    """The full name a one-word family name means when several people of the story share it: the one
    named in every article where the family name is used, with :data:`DOMINANCE` times the mentions
    of any other ("Smith" is Will Smith, named 7 times in 3 articles, not Racquel Smith, named once).
    None when no person dominates so."""
    count: dict[int, int] = {}
    arts: dict[int, set[str]] = {}
    for j in persons:
        r = uf.find(j)
        if r in roots:
            count[r] = count.get(r, 0) + len(forms[j].mentions)
            arts.setdefault(r, set()).update(m.article for m in forms[j].mentions)
    ranked = sorted(roots, key=lambda r: -count.get(r, 0))
    top, second = ranked[0], ranked[1]
    if count.get(top, 0) < DOMINANCE * count.get(second, 0):
        return None
    if not {m.article for m in f.mentions} <= arts.get(top, set()):
        return None
    return roots[top][1]


def _spelled_keys(form: Form) -> list[str]:
    """An Arabic one-word name glued as written, the article kept ("الاسكا": the ال of Alaska is no
    article), and as its own tokens."""
    keys = {"".join(normalize_arabic(s).split()) for s in form.surfaces}
    keys.add("".join(form.tokens))
    return sorted(k for k in keys if k)


def _join_spelled(forms: list[Form], singles: list[int], uf: Union) -> None:
    """Join an Arabic one-word place or organisation to the one Latin name of the same type whose
    consonants it spells, however many words that has ("سيريلانكا" = "Sri Lanka", "الاسكا" = "Alaska",
    "سيسكو" = "Cisco"), including gazetteer names whose aliases lack this spelling."""
    latin = [
        (j, "".join(b.tokens))
        for j, b in enumerate(forms)
        if b.type != "PERSON" and b.tokens and not is_arabic(b.display) and len(skeleton("".join(b.tokens))) >= 3
    ]
    for i in singles:
        a = forms[i]
        if a.type == "PERSON" or not is_arabic(a.display):
            continue
        keys = _spelled_keys(a)
        roots: dict[int, tuple[float, int]] = {}
        for j, glued in latin:
            if forms[j].type != a.type or uf.find(j) == uf.find(i):
                continue
            s = max(token_similarity(k, glued) for k in keys)
            if s >= SPELLED_THRESHOLD:
                roots[uf.find(j)] = max(roots.get(uf.find(j), (0.0, j)), (s, j))
        if len(roots) == 1:
            ((s, j),) = roots.values()
            uf.union(i, j, f"{a.display!r} = {forms[j].display!r}: same consonants across scripts ({s:.2f})")


SPELLED_THRESHOLD = 0.95
"""Similarity an Arabic one-word place or organisation needs with a Latin name to join it."""


def _garbled(key: str, token: str) -> bool:
    """Same consonants up to machine-translation confusions, same first consonant, two or more."""
    sk = skeleton(token)
    return len(sk) >= 2 and sk[0] == key[0] and coarse(sk) == coarse(key)


def join_garbled(i: int, forms: list[Form], persons: list[int], uf: Union) -> None:
    """Join a one-word person name that no family name matches closely ("Al-Shallah") to the one
    person of its own article whose family name it matches up to machine-translation confusions
    (``l``/``r``, ``t``/``d`` ...: "Sharaa"), when nothing else could be meant.

    Evidence required: every mention of the form is in one article, which also names that person
    in full; the two family names have the same first consonant, two or more consonants and equal
    coarse skeletons; no other person of the story has a family name that close, and no other
    person of the article a given name that close.
    Otherwise the form stays on its own.
    """
    f = forms[i]
    articles = {m.article for m in f.mentions}
    key = skeleton(f.tokens[0]) if len(f.tokens) == 1 else ""
    if len(articles) != 1 or len(key) < 2:
        return
    (article,) = articles
    cands: dict[int, list[int]] = {}
    for j in persons:
        if _garbled(key, forms[j].tokens[0]) and any(m.article == article for m in forms[j].mentions):
            return  # the given name of someone in the same article: ambiguous
        if _garbled(key, forms[j].tokens[-1]):
            cands.setdefault(uf.find(j), []).append(j)
    if len(cands) != 1:
        return
    (members,) = cands.values()
    local = [j for j in members if any(m.article == article for m in forms[j].mentions)]
    if local:
        j = local[0]
        uf.union(
            i,
            j,
            f"{f.display!r} -> {forms[j].display!r}: the only person of its article whose family name has "
            f"the same consonants up to machine-translation confusions "
            f"({skeleton(f.tokens[0])}~{skeleton(forms[j].tokens[-1])})",
        )
