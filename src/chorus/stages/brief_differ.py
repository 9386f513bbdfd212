"""The brief's "Where sources differ": a discrepancy as one sentence in the brief's language.

:func:`discrepancy_sentence` gives every value sources state with every outlet stating it and, when
they are not the outlets themselves, the origins behind it ("“12 people”: A, B (1 independent origin:
SANA); “15 people”: C"; :func:`differ_value`), so a relay is not read as a confirmation. It returns a
:class:`Rich`: the sentence as plain text and as HTML in which each quoted value, outlet and origin is
escaped and isolated. The claims stage uses it too, for a discrepancy's (English) ``text``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chorus.htmlsafe import bdi
from chorus.model import Article, Discrepancy, DiscrepancyValue
from chorus.stages.brief_strings import BriefStrings
from chorus.stages.brief_text import span_language

# --- where sources differ ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rich:
    """A piece of a brief sentence as plain text and as HTML in which every untrusted part (a quoted
    figure, an outlet, an origin) is escaped and isolated (:func:`chorus.htmlsafe.bdi`)."""

    text: str
    html: str

    @staticmethod
    def untrusted(text: str) -> Rich:
        return Rich(text, bdi(text))

    @staticmethod
    def trusted(text: str) -> Rich:
        return Rich(text, html.escape(text))

    @staticmethod
    def fill(template: str, **fields: Rich) -> Rich:
        """A trusted template (from a language file) with its fields filled in, in both forms."""
        return Rich(
            template.format(**{k: v.text for k, v in fields.items()}),
            html.escape(template).format(**{k: v.html for k, v in fields.items()}),
        )

    @staticmethod
    def join(separator: str, items: Sequence[Rich]) -> Rich:
        return Rich(separator.join(i.text for i in items), html.escape(separator).join(i.html for i in items))


#: The template opening a discrepancy of each kind, in lang/<iso>/brief.json.
_DIFFER_HEADS = {"number": "differ_number", "date": "differ_date", "name": "differ_name", "other": "differ_other"}


def _value_label(value: DiscrepancyValue, lang: str, by_id: Mapping[str, Article]) -> str:
    """How a value is quoted: as the first article written in ``lang`` wrote it, else as the first did."""
    own = next((e.text for e in value.evidence if span_language(e, by_id) == lang), None)
    return own or value.text


def differ_value(value: DiscrepancyValue, t: BriefStrings, by_id: Mapping[str, Article]) -> Rich:
    """One value and who states it: “12 people”: A, B (1 independent origin: SANA).

    The origins are named when they are not the outlets themselves (relays of an agency, copies of
    another outlet); when they are, only how many there are is said, and nothing for one outlet."""
    label = _value_label(value, t.lang, by_id)
    left, right = t.data["quotes"]
    quoted = Rich(t.quote(label), html.escape(left) + bdi(label) + html.escape(right))
    sep = str(t.data["list_separator"])
    outlets = Rich.join(sep, [Rich.untrusted(o) for o in value.outlets])
    if set(value.origins) == set(value.outlets):
        if len(value.outlets) == 1:
            return Rich.fill(t.template("differ_value"), value=quoted, outlets=outlets)
        count = Rich.trusted(t("differ_origins", n=value.independent_origins))
        return Rich.fill(t.template("differ_value_count"), value=quoted, outlets=outlets, origins=count)
    return Rich.fill(
        t.template("differ_value_origins"),
        value=quoted,
        outlets=outlets,
        origins=Rich.trusted(t("differ_origins", n=value.independent_origins)),
        names=Rich.join(sep, [Rich.untrusted(o) for o in value.origins]),
    )


def discrepancy_sentence(d: Discrepancy, t: BriefStrings, by_id: Mapping[str, Article]) -> Rich | None:
    """A discrepancy with its values as one sentence in the brief's language, every value with every
    outlet and origin behind it: "Sources differ on a figure: “12 people”: A, B (1 independent origin:
    SANA); “15 people”: C." None for a discrepancy without values (its ``text`` is shown as it is).

    Nothing in it comes from no source: the quoted values are the articles' own words, the outlets
    and origins are facts about the corpus, the rest is the language file's template.
    """
    if not d.values:
        return None
    values = Rich.join(str(t.data["differ_separator"]), [differ_value(v, t, by_id) for v in d.values])
    return Rich.fill(t.template(_DIFFER_HEADS.get(d.kind, "differ_other")), values=values)
