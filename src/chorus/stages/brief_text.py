"""Plain-text helpers of the brief: the language a claim is written in, light compression of a claim
into a sentence (:func:`as_sentence`, :func:`full_stop`) and a text's content words.

They know nothing of the brief's sections; :mod:`chorus.stages.brief`, :mod:`chorus.stages.brief_speech`
and :mod:`chorus.stages.brief_differ` use them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from chorus.model import Article, Claim, Span
from chorus.stages.claims_units import stopwords
from chorus.text import normalize


def span_language(span: Span, by_id: Mapping[str, Article]) -> str | None:
    a = by_id.get(span.article)
    if a is None:
        return None
    for s in a.segments:
        if s.start <= span.start < s.end:
            return s.language
    return a.language


def claim_language(claim: Claim, by_id: dict[str, Article]) -> str | None:
    """The language of a claim's text (the language of the evidence span it was taken from)."""
    for e in claim.evidence:
        if e.text == claim.text:
            return span_language(e, by_id)
    return span_language(claim.evidence[0], by_id) if claim.evidence else None


_QUOTE_PAIRS = (("“", "”"), ("«", "»"))
# A first word that capitalising would change into another name: a file name or id ("c04_d1.txt",
# "x.com"), or a word with a capital or digit inside ("iPod", "eBay", "c04").
_IDENTIFIER = re.compile(r"[^\s]*?(?:\w[._/]\w|[A-Z0-9_])")


def as_sentence(text: str) -> str:
    """Light compression output: first letter capitalised, a quotation left open by cutting off the
    attribution closed again, final punctuation ensured.

    Example:
        >>> as_sentence('ministers discussed “strategic cooperation in the field of military industry')
        'Ministers discussed “strategic cooperation in the field of military industry.”'
    """
    text = text.strip().rstrip(",;:،؛")
    if text and text[0].islower() and not _IDENTIFIER.match(text):
        text = text[0].upper() + text[1:]
    close = ""
    for left, right in _QUOTE_PAIRS:
        if text.count(left) > text.count(right):
            close = right
    if not close and text.count('"') % 2 == 1:
        close = '"'
    if close:
        if text and text[-1] not in _ENDS:
            text += "."
        return text + close
    return full_stop(text)


_ENDS = ".!?…؟"
_CLOSERS = "\"”'’»)]"


def full_stop(text: str) -> str:
    """``text`` ending with final punctuation: a full stop is added unless it ends with ``.!?…؟``, or
    with a closing quote or bracket right after one (``(He left.)``, ``“… military industry.”``).

    Example:
        >>> full_stop("the timeline follows the named weekday, 2025-12-23 (Tuesday)")
        'the timeline follows the named weekday, 2025-12-23 (Tuesday).'
        >>> full_stop("He called it “a disgrace.”"), full_stop("Done!")
        ('He called it “a disgrace.”', 'Done!')
    """
    text = text.rstrip()
    body = text.rstrip(_CLOSERS)
    if not body or body[-1] in _ENDS:
        return text
    return text + "."


def content_words(text: str, language: str) -> set[str]:
    stop = stopwords(language)
    return {t for t in re.findall(r"\w+", normalize(text)) if t not in stop}
