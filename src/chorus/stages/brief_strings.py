"""The brief's template strings, per language, and the words they use.

Template strings (headings, "Event date", "2 articles: ...", "(attributed to ...)") are data, one file per
language (``lang/<iso>/brief.json``); :func:`brief_strings` reads one over the English file, so a key a
language lacks is English, and :class:`BriefStrings` fills them in, picks plural forms
(:func:`plural_category`), joins lists and quotes in that language's way. :data:`TEMPLATE_WORDS` holds
every word a template sentence adds on its own (no article wrote it), and :data:`RTL_LANGUAGES` the
languages written right to left. Used by :mod:`chorus.stages.brief` and its rendering modules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from chorus.stages.temporal_base import LANG_DIR
from chorus.text import normalize

#: Words that template sentences add on their own (not taken from any article).
TEMPLATE_WORDS = frozenset(
    [
        "account",
        "also",
        "article",
        "articles",
        "claim",
        "claims",
        "date",
        "differ",
        "different",
        "differently",
        "dwelling",
        "event",
        "figure",
        "figures",
        "gives",
        "independent",
        "kind",
        "location",
        "name",
        "one",
        "only",
        "organisation",
        "origin",
        "origins",
        "other",
        "outlet",
        "outlets",
        "people",
        "person",
        "same",
        "says",
        "sentence",
        "shared",
        "source",
        "sources",
        "spell",
        "thing",
        "things",
        "timeline",
        "traces",
        "two",
        "variants",
        "writes",
        "written",
        "year",
    ]
)


#: Words of the sources section's template sentences, and the language names it uses.
TEMPLATE_WORDS = TEMPLATE_WORDS | frozenset(
    [
        "attributed",
        "carried",
        "confirmations",
        "contained",
        "copy",
        "exact",
        "lead",
        "made",
        "none",
        "relay",
        "confirmation",
        "more",
        "near",
        "part",
        "relays",
        "share",
        "single",
        "than",
        "trace",
        "translations",
        "unknown",
        "wire",
        "word",
        "arabic",
        "english",
        "french",
        "german",
        "spanish",
        "russian",
        "turkish",
        "persian",
        "hebrew",
        "chinese",
        "italian",
        "portuguese",
        "czech",
        "greek",
        "hindi",
        "urdu",
        "dutch",
        "polish",
    ]
)


# --- template strings, per language ---------------------------------------------------------------

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, Mapping) and isinstance(out.get(k), dict) else v
    return out


@cache
def _load_strings(lang: str) -> dict[str, Any]:
    english: dict[str, Any] = json.loads((LANG_DIR / "en" / "brief.json").read_text("utf-8"))
    path = LANG_DIR / lang / "brief.json" if re.fullmatch(r"[a-z]{2,3}", lang) else None
    if lang == "en" or path is None or not path.is_file():
        return english
    return _merge(english, json.loads(path.read_text("utf-8")))  # a key the file lacks: English


def plural_category(rule: str, n: int) -> str:
    """The CLDR plural category of ``n``: ``one_other`` (English and most European languages) or
    ``arabic`` (zero, one, two, few = 3-10, many = 11-99, other, by n mod 100).

    Example:
        >>> [plural_category("arabic", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103)]
        ['zero', 'one', 'two', 'few', 'few', 'many', 'many', 'other', 'other', 'few']
    """
    if rule == "arabic":
        if n in (0, 1, 2):
            return ("zero", "one", "two")[n]
        m = n % 100
        return "few" if 3 <= m <= 10 else "many" if 11 <= m <= 99 else "other"
    return "one" if n == 1 else "other"


@dataclass(frozen=True, slots=True)
class BriefStrings:
    """The brief's template strings in one language (:func:`brief_strings`)."""

    lang: str
    data: Mapping[str, Any]

    def __call__(self, key: str, **fields: object) -> str:
        """The template ``key`` ("headings.timeline" for a nested one) with ``fields`` filled in; a
        dict of plural forms is chosen by the field ``n``."""
        n = fields.get("n")
        return self.template(key, n if isinstance(n, int) else None).format(**fields)

    def template(self, key: str, n: int | None = None) -> str:
        """The template ``key`` unfilled; of a dict of plural forms, the one for ``n``."""
        value: Any = self.data
        for part in key.split("."):
            value = value[part]
        if isinstance(value, Mapping):
            assert isinstance(n, int), f"{key} has plural forms: give n"
            cat = plural_category(str(self.data.get("plural_rule", "one_other")), n)
            value = value.get(cat) or value["other"]
        return str(value)

    def join(self, items: Sequence[str]) -> str:
        return str(self.data["list_separator"]).join(items)

    def quote(self, text: str) -> str:
        left, right = self.data["quotes"]
        return f"{left}{text}{right}"

    def language_name(self, code: str) -> str:
        return str(self.data["languages"].get(code, code))

    def entity_type(self, kind: str) -> str:
        return str(self.data["entity_types"].get(kind.lower(), kind.lower()))


def brief_strings(lang: str) -> BriefStrings:
    """The template strings of a brief in ``lang``: ``lang/<lang>/brief.json`` over English."""
    return BriefStrings(lang, _load_strings(lang))


def _template_words() -> frozenset[str]:
    words: set[str] = set()

    def walk(v: object) -> None:
        if isinstance(v, str):
            words.update(re.findall(r"\w+", normalize(re.sub(r"\{\w+\}", " ", v))))
        elif isinstance(v, Mapping):
            for k, x in v.items():
                if k != "_comment":
                    walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for path in LANG_DIR.glob("*/brief.json"):
        walk(json.loads(path.read_text("utf-8")))
    return frozenset(w for w in words if not w.isdigit())


#: Every word of every language's template strings counts as a template word too.
TEMPLATE_WORDS = TEMPLATE_WORDS | _template_words()
