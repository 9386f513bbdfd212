"""Type evidence for one-word English names that only the tagger typed.

Used by :mod:`chorus.stages.entities` (between steps 2 and 3). ``en_core_web_sm`` types a single
capitalized word it does not know by its shape and position: "Orkney" (the islands) comes out a
person, "Mantra" (a clothing line) a facility, hence a place. A one-word form of the story with no
gazetteer entry, in Latin script, keeps such a type only when the text supports it:

- a PERSON that no full name of the story carries (no "Tara Reid" for "Reid") and that no person
  cue supports in any of its mentions becomes a LOCATION when place cues do: one strong cue, or a
  preposition of place before most of its mentions and before at least two of them ("ferries to
  Orkney ... flights from Orkney"). One preposition is never enough: people follow "to", "at" and
  "near" as often as places do ("handed the award to Obama", "shouted at Trump");
- a LOCATION that the tagger called a facility (FAC) and that no place cue supports in any of its
  mentions becomes OTHER, a named thing of unknown kind ("launched a clothing line, Mantra,").
  On ECB+, none of the 21 one-word facilities that an annotated mention covers is a place.

Person cues: a title right before the word ("Earl Thorfinn", "Mr. White"); a verb of speech,
"who" or an age right after it ("White said", "White, 45,"); a person of the story next to it in a
list ("Madonna, Uma Thurman and Demi Moore"). Strong place cues: a place noun right after the word
("Qeshm island", "the Exarchia district"; "-based" too), a place of the story next to it in a list
or after a comma ("Shetland and Orkney", "Dexter, Michigan"), a longer place of the story that
opens with it ("the Orkney Islands"). The weak one: a preposition of place right before it ("in",
"at", "from"; not when a possessive follows, "at Nixon's home", a person's), which persons take
too ("ran into Jean"). Vocabulary: ``lang/en/entity_cues.json``. Multi-word names, gazetteer
names, Arabic names and names the tagger typed ORG or OTHER are left alone.

Example:
    >>> from collections import Counter
    >>> from chorus.model import Mention
    >>> from chorus.stages.entities_merge import Form
    >>> text = "Ferries to Orkney were cancelled. Flights from Orkney were delayed."
    >>> f = Form(key="orkney", tokens=("orkney",), canonical=None, types=Counter(PERSON=2))
    >>> f.surfaces["Orkney"] += 2
    >>> f.mentions.append(Mention(article="a", start=11, end=17, text="Orkney"))
    >>> f.mentions.append(Mention(article="a", start=47, end=53, text="Orkney"))
    >>> retype([f], {"a": text})[0].type
    'LOCATION'
    >>> retype([dataclasses.replace(f, mentions=f.mentions[:1])], {"a": text})[0].type
    'PERSON'
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from chorus.model import Mention
from chorus.stages.entities_merge import Form
from chorus.stages.entities_names import fold_latin, is_arabic, titles

__all__ = ["retype"]

_WORD_BEFORE = re.compile(r"([A-Za-z][\w.'’-]*)\s+$")
_WORD_AFTER = re.compile(r"\s*([A-Za-z][\w'’-]*)")
_POSSESSIVE = re.compile(r"\s?['’]s?\b")
_AGE = re.compile(r",\s*\d{1,3}\s*,")
_LIST_GAP = re.compile(r"\s*(?:,|;|and|or|&)\s*(?:and\s+|or\s+)?", re.I)
_COMMA_GAP = re.compile(r"\s*,\s*")
# mentions after a preposition of place that make a place without a strong cue: one is as often a
# person's ("a letter to Merkel", "the ball went to Messi near the box")
_MIN_WEAK = 2


@dataclass(frozen=True, slots=True)
class _Cues:
    place_prepositions: frozenset[str]
    place_nouns: frozenset[str]
    person_after: frozenset[str]
    titles: frozenset[tuple[str, ...]]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw = resources.files("chorus").joinpath("lang", "en", "entity_cues.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return _Cues(
        place_prepositions=frozenset(data["place_prepositions"]),
        place_nouns=frozenset(data["place_nouns"]),
        person_after=frozenset(data["person_after"]),
        titles=frozenset(t for t in titles("en", modifiers=False) if t != ("the",)),
    )


@dataclass(frozen=True, slots=True)
class _Story:
    """The spans of the story's places and people by article, and the first words of its longer places."""

    places: dict[str, list[tuple[int, int]]]
    persons: dict[str, list[tuple[int, int]]]
    opening: frozenset[str]


def _story(forms: Sequence[Form]) -> _Story:
    spans: dict[str, dict[str, list[tuple[int, int]]]] = {"LOCATION": {}, "PERSON": {}}
    for f in forms:
        if f.type in spans:
            for m in f.mentions:
                spans[f.type].setdefault(m.article, []).append((m.start, m.end))
    opening = frozenset(f.tokens[0] for f in forms if f.type == "LOCATION" and len(f.tokens) >= 2)
    return _Story(spans["LOCATION"], spans["PERSON"], opening)


def retype(forms: Sequence[Form], texts: dict[str, str]) -> list[Form]:
    """``forms`` with the one-word PERSON and LOCATION forms that no cue supports retyped (see the
    module docstring); the others unchanged. ``texts`` maps article ids to their text.

    People are settled first, so that a place one turns out to be supports the place listed next to
    it ("Lord of Caithness, Shetland and Orkney": the tagger's person "Orkney" beside its place
    "Shetland")."""
    cues = _cues()
    full_tokens = {t for f in forms if f.type == "PERSON" and len(f.tokens) >= 2 for t in f.tokens}
    out = list(forms)
    for typ in ("PERSON", "LOCATION"):
        story = _story(out)
        for i, f in enumerate(out):
            if f.canonical is not None or len(f.tokens) != 1 or is_arabic(f.display) or f.type != typ:
                continue
            if typ == "PERSON" and f.tokens[0] not in full_tokens:
                if not any(_person_cue(m, texts[m.article], story, cues) for m in f.mentions):
                    strong, weak = _place_votes(f, texts, story, cues)
                    if strong or (weak >= _MIN_WEAK and 2 * weak > len(f.mentions)):
                        out[i] = _with_type(f, "LOCATION")
            elif (
                typ == "LOCATION"
                and 2 * f.facility >= len(f.mentions)
                and _place_votes(f, texts, story, cues) == (0, 0)
            ):
                out[i] = _with_type(f, "OTHER")
    return out


def _with_type(f: Form, typ: str) -> Form:
    return dataclasses.replace(f, types=Counter({typ: sum(f.types.values())}))


def _place_votes(f: Form, texts: dict[str, str], story: _Story, cues: _Cues) -> tuple[int, int]:
    """How many mentions of ``f`` a strong place cue supports, and how many only a preposition."""
    strong = weak = 0
    if f.tokens[0] in story.opening:
        strong += 1
    for m in f.mentions:
        cue = _place_cue(m, texts[m.article], story, cues)
        strong += cue == "strong"
        weak += cue == "weak"
    return strong, weak


def _person_cue(m: Mention, text: str, story: _Story, cues: _Cues) -> bool:
    """A title right before the mention ("Earl Thorfinn"), a verb of speech, "who" or an age right
    after it ("White said", "White, 45,"), or a person of the story listed next to it."""
    before = [fold_latin(w).strip(",") for w in text[max(0, m.start - 60) : m.start].split()]
    if any(len(t) <= len(before) and tuple(before[-len(t) :]) == t for t in cues.titles):
        return True
    if _AGE.match(text, m.end):
        return True
    nxt = _WORD_AFTER.match(text, m.end)
    if nxt is not None and fold_latin(nxt.group(1)) in cues.person_after:
        return True
    after_comma = _COMMA_GAP.match(text, m.end)
    if after_comma is not None:
        nxt = _WORD_AFTER.match(text, after_comma.end())
        if nxt is not None and fold_latin(nxt.group(1)) in ("who", "whose"):
            return True
    return _listed_with(m, text, story.persons)


def _place_cue(m: Mention, text: str, story: _Story, cues: _Cues) -> str | None:
    """``strong`` (a place noun or "-based" right after the mention, a place of the story next to it
    in a list or after a comma), ``weak`` (a preposition of place right before it, no possessive
    after it) or None."""
    if text.startswith("-based", m.end):
        return "strong"
    nxt = _WORD_AFTER.match(text, m.end)
    if nxt is not None and nxt.group(1) in cues.place_nouns:
        return "strong"
    if _listed_with(m, text, story.places):
        return "strong"
    prev = _WORD_BEFORE.search(text, max(0, m.start - 30), m.start)
    if prev is not None and fold_latin(prev.group(1)) in cues.place_prepositions and not _POSSESSIVE.match(text, m.end):
        return "weak"
    return None


def _listed_with(m: Mention, text: str, spans: dict[str, list[tuple[int, int]]]) -> bool:
    """Whether a span of ``spans`` stands right before or after the mention, a comma, "and" or "or"
    apart ("Shetland and Orkney", "Dingwall, Scotland")."""
    for s, e in spans.get(m.article, ()):
        if (s, e) == (m.start, m.end):
            continue
        if m.end <= s <= m.end + 8 and _LIST_GAP.fullmatch(text, m.end, s):
            return True
        if e <= m.start <= e + 8 and _LIST_GAP.fullmatch(text, e, m.start):
            return True
    return False
