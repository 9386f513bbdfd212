"""Checks on single tagged spans of English text, used by :mod:`chorus.stages.entities` (step 2).

English NER (``en_core_web_sm``) makes a few kinds of mistakes often enough in news text to show in a
brief; each check here names one:

- a span that is no name at all: no capital letter ("van"), or a lowercase word that no name has
  ("Things Ms. Alcorn and I can do") — :func:`not_a_name`;
- a state abbreviation after a city ("ALLENTOWN, Pa.", "Anaheim, Calif."), tagged as a place of its
  own although it only qualifies the city — :func:`dateline_state`;
- a leading indefinite article ("a Ku Klux Klan rally") — :func:`skip_article`;
- a person after a title typed as an organisation ("police spokesman Tyler Gamble") —
  :func:`after_title`.

Example:
    >>> not_a_name("Things Ms. Alcorn and I can do"), not_a_name("Bay of Bengal")
    (True, False)
    >>> t = "ALLENTOWN, Pa. (AP) -"
    >>> dateline_state(t, 11, 13)
    True
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from chorus.stages.entities_names import fold_latin, is_arabic, titles

NAME_LOWERCASE = frozenset(
    {
        "of", "the", "and", "for", "on", "in", "at", "to", "by", "de", "du", "des", "la", "le", "les", "da",
        "di", "do", "dos", "das", "van", "von", "der", "den", "del", "della", "al", "el", "bin", "ibn",
        "abu", "bint", "y", "e", "et", "und", "upon", "&",
    }
)  # fmt: skip
"""Lowercase words that may stand inside a name ("Bay of Bengal", "Ludwig van Beethoven")."""

_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
_ORG_WORDS = frozenset(
    {
        "news", "department", "police", "university", "society", "company", "inc", "corp", "group",
        "times", "post", "agency", "ministry", "council", "party", "army", "school", "center", "centre",
        "office", "bureau", "service", "services", "committee", "association", "foundation", "institute",
    }
)  # fmt: skip


def not_a_name(surface: str) -> bool:
    """True when an English span cannot be a name: it has no capital letter, or a lowercase word that
    is not one of :data:`NAME_LOWERCASE` ("can", "do"). Arabic spans are never judged here.

    >>> not_a_name("van"), not_a_name("iPod"), not_a_name("Bashar al-Assad")
    (True, False, False)
    """
    if is_arabic(surface):
        return False
    words = _WORD.findall(surface)
    if not words:
        return False
    if not any(c.isupper() for c in surface):
        return True
    return any(not any(c.isupper() for c in w) and fold_latin(w).strip(".") not in NAME_LOWERCASE for w in words)


@lru_cache(maxsize=1)
def _state_abbreviations() -> frozenset[str]:
    raw = resources.files("chorus").joinpath("lang", "gazetteer", "us_states_ap.txt").read_text(encoding="utf-8")
    return frozenset(x.strip().casefold() for x in raw.splitlines() if x.strip() and not x.startswith("#"))


_AFTER_PLACE = re.compile(r"[A-Za-z][\w.'’\-]*,[ \t]*$")


def dateline_state(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is a US state abbreviation right after "<place>, " ("Pa" in
    "ALLENTOWN, Pa. (AP)"): part of that place, no entity of its own."""
    word = text[start:end].replace(".", "").replace(" ", "").casefold()
    if word not in _state_abbreviations():
        return False
    return _AFTER_PLACE.search(text, max(0, start - 60), start) is not None


_ARTICLE = re.compile(r"(?:a|an)\s+(?=[A-Z])")


def skip_article(text: str, start: int, end: int) -> int:
    """The start of ``text[start:end]`` past a leading lowercase "a"/"an" ("a Ku Klux Klan" → "Ku Klux Klan")."""
    m = _ARTICLE.match(text, start, end)
    return m.end() if m else start


def after_title(text: str, start: int, end: int) -> bool:
    """True when an English span of two or three capitalized words follows a person's title and
    holds no word of an organisation name: "spokesman Tyler Gamble" is a person, whatever the tagger
    says; "the Lehigh County Humane Society" is not ("the" is no title here)."""
    words = text[start:end].split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return False
    if any(fold_latin(w).strip(".,") in _ORG_WORDS for w in words):
        return False
    before = [fold_latin(w).strip(".,") for w in text[max(0, start - 80) : start].split()]
    for t in titles("en", modifiers=False):
        if t == ("the",) or len(t) > len(before):
            continue
        if tuple(before[-len(t) :]) == t:
            return True
    return False
