"""Reported speech in the brief: how a claim is shown on its own (:func:`shown_claim`).

A claim cut out of someone's statement keeps "(attributed to <speaker>)", a "He said ..." sentence is
shown only when its speaker can be named, and a piece of a quotation keeps its quote marks. The
speaker comes from the cut attribution clause, the claim's origins, or the last person the article
mentioned before the sentence (:class:`StoryContext` holds the story's people).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from chorus.model import Article, Claim, Entity, Span
from chorus.stages.brief_text import as_sentence
from chorus.text import normalize

# --- reported speech ------------------------------------------------------------------------------

_SPEECH_VERBS = (
    r"said|says|say|told|tells|added|adds|stated|states|claimed|claims|insisted|insists|argued|argues|"
    r"explained|explains|noted|notes|wrote|writes|reported|reports|announced|announces|suggested|"
    r"suggests|warned|warns|confirmed|confirms|declared|stressed|stresses|asked|asks|alleged|alleges|"
    r"maintained|maintains|acknowledged|believes|believe|believed"
)
_SPEECH = re.compile(rf"\b(?:{_SPEECH_VERBS})\b|\baccording to\b", re.IGNORECASE)
# A sentence about someone the sentence does not name: "He said the counter-protesters...", "She also
# told...". Who "he" is the reader cannot know when the sentence is shown alone.
_PRONOUN_OPEN = re.compile(r"(?:he|she|they)\b", re.IGNORECASE)
_PRONOUN_ONLY = re.compile(r"(?:he|she|it|they)(?:\s+(?:also|later|then|further|again))*", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?…][\"”’»)]*\s+|\n)(?=\S)")
_MAX_SPEAKER_WORDS = 8
# A speaker named by reference to an earlier sentence ("The agency", "the ministry"), not by name.
_ANAPHORIC = re.compile(r"(?i:the|this|that|these|those)(?:\s+[a-z][\w'-]*){1,3}")
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*(?=\s|$)|\n")
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:[A-Z]|Mr|Mrs|Ms|Dr|Sgt|Lt|Col|Gen|Capt|Cpl|Gov|Sen|Rep|Rev|Prof|Det|Insp|Supt|St|Jr|Sr|No)$"
)
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?")


@dataclass(frozen=True, slots=True)
class StoryContext:
    """What deciding how a claim may be shown needs besides the claim: the story's articles (their texts
    and labels) and its people (to name the speaker behind a "he said")."""

    by_id: dict[str, Article]
    labels: frozenset[str]
    people: tuple[Entity, ...] = ()


def story_context(articles: Sequence[Article], entities: Sequence[Entity] = ()) -> StoryContext:
    return StoryContext(
        by_id={a.id: a for a in articles},
        labels=frozenset(x for a in articles for x in (a.label, a.outlet, a.source) if x),
        people=tuple(e for e in entities if e.type.lower() == "person"),
    )


def _own_span(claim: Claim) -> Span | None:
    return next((e for e in claim.evidence if e.text == claim.text), claim.evidence[0] if claim.evidence else None)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` around ``start:end`` (from the last sentence end before it to the next)."""
    head = 0
    for m in _SENTENCE_START.finditer(text, max(0, start - 600), start + 1):
        if m.end() <= start:
            head = m.end()
    para = text.rfind("\n", 0, start)
    head = max(head, para + 1)
    for tail in _SENTENCE_END.finditer(text, max(end - 1, head)):
        if tail.group(0) == "." and _ABBREVIATION.search(text, max(0, tail.start() - 8), tail.start()):
            continue  # "said Anaheim police Sgt. Daron Wyatt."
        return head, tail.end()
    return head, len(text)


def _person_before(ctx: StoryContext, article: str, start: int, end: int, exclude: set[str]) -> str | None:
    """The person last mentioned in ``article`` in ``start:end`` whose name the claim does not use."""
    best: tuple[int, str] | None = None
    for e in ctx.people:
        if set(re.findall(r"\w+", normalize(e.name))) & exclude:
            continue
        for m in e.mentions:
            if m.article == article and start <= m.start < end and (best is None or m.start > best[0]):
                best = (m.start, e.name)
    return best[1] if best else None


def _speaker_of_clause(clause: str) -> str | None:
    """Who a cut-off attribution clause names: ", a witness said." -> "a witness"; "said Anaheim police
    Sgt. Daron Wyatt." -> "Anaheim police Sgt. Daron Wyatt"; "according to a statement released by
    Anaheim Police" -> "a statement released by Anaheim Police"; "He also said that" -> "He"."""
    m = _SPEECH.search(clause)
    if m is None:
        return None
    if m.group(0).lower() == "according to":
        who = clause[m.end() :]
    else:
        who = clause[: m.start()].strip(" ,;:—–-") or clause[m.end() :]
    who = re.sub(r"^(?:that|on|in)\b", "", who.strip(' ,.;:—–-"”’')).strip(' ,.;:—–-"”’')
    who = re.sub(
        r"\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today)\b.*$", "", who, flags=re.I
    )
    if not who or len(who.split()) > _MAX_SPEAKER_WORDS:
        return None
    return who


def _canonical(who: str, ctx: StoryContext, origins: Sequence[str] = ()) -> str:
    """A speaker as the story's people list names them ("Castaneda" -> "Joe Castaneda"), else an agency
    or origin the clause names under its canonical name ("The Syrian news agency (SANA)" -> "SANA"), else
    as written."""
    for e in ctx.people:
        if who in e.variants or who == e.name:
            return e.name
    from chorus.stages.attribution import load_agencies

    agency = load_agencies().lookup(who)
    if agency is not None:
        return agency
    folded = normalize(who)
    return next((o for o in origins if normalize(o) in folded), who)


def _inside_quote(text: str, para_start: int, pos: int) -> bool:
    before = text[para_start:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def unnamed_origins(claim: Claim, ctx: StoryContext) -> list[str]:
    """The claim's origins that are neither an article's own label nor named in its sentence already
    ("Shaibani emphasized" names "Asaad Hassan Al-Shaibani")."""
    said = set(re.findall(r"\w+", normalize(claim.text)))

    def named(who: str) -> bool:
        return any(len(w) > 2 and w in said for w in re.findall(r"\w+", normalize(who)) if w not in ("al", "el"))

    return [o for o in claim.origins if o not in ctx.labels and not named(o)]


def shown_claim(claim: Claim, ctx: StoryContext) -> str | None:
    """How a claim is shown on its own in the brief, or None when it cannot be shown alone.

    A claim cut out of someone's statement ("He also said that Hayes did not know the victim", "...,
    a witness said") is never shown as a bare fact: it keeps "(attributed to <speaker>)". A sentence
    opening with "He"/"She"/"They", or a piece of a quotation, names its speaker in the same way (the
    cut clause's, else the claim's origins, else the last person the article mentioned before it). When
    none can be named, a cut statement is shown whole with its attribution clause as the article wrote
    it, a quotation piece keeps its quote marks, and a "He said ..." sentence is not shown alone (None).
    """
    text = as_sentence(claim.text)
    origins = unnamed_origins(claim, ctx)
    span = _own_span(claim)
    art = ctx.by_id.get(span.article) if span is not None else None
    if span is None or art is None or art.text[span.start : span.end] != span.text:
        return text + (f" (attributed to {', '.join(origins)})" if origins and len(claim.articles) == 1 else "")
    head, tail = _sentence_bounds(art.text, span.start, span.end)
    prefix, suffix = art.text[head : span.start], art.text[span.end : tail]
    para = art.text.rfind("\n", 0, span.start) + 1
    speaker: str | None = None
    pronoun = False
    quoted = _inside_quote(art.text, para, span.start)
    # A sentence that is all quotation ("The person failed to pull over. My client trailed...") is
    # someone's words as much as a piece of one.
    quoted = quoted or (claim.text[:1] in '“"«' and not re.search(r"\w", _QUOTED.sub("", claim.text)))
    cut = next((c for c in (prefix, suffix) if _SPEECH.search(c)), None)
    if cut is not None:
        who = _speaker_of_clause(cut)
        if who is not None and _PRONOUN_ONLY.fullmatch(who):
            pronoun = True
        elif who is not None and not (_ANAPHORIC.fullmatch(who) and origins):
            speaker = _canonical(who, ctx, claim.origins)  # "the agency said": the origin (SANA) names it better
    elif _PRONOUN_OPEN.match(claim.text) and not quoted:
        if not _SPEECH.search(_QUOTED.sub("", claim.text)):
            return None  # "They also kept the relationship a secret": who they are is not said
        pronoun = True
    elif not quoted:
        return text  # a sentence that stands on its own
    if speaker is None and origins:
        speaker = ", ".join(origins)
    if speaker is None and (pronoun or quoted):
        # "He" is the person the article last mentioned before this sentence (in the sentence before);
        # a quotation's speaker is named where the quotation opened.
        before = art.text.rfind("\n", 0, max(para - 2, 0)) + 1 if para else 0  # a quotation may run on
        start = before if quoted else max(para, _sentence_bounds(art.text, max(head - 2, 0), max(head - 1, 0))[0])
        speaker = _person_before(ctx, art.id, start, head, set(re.findall(r"\w+", normalize(claim.text))))
    if quoted and not text.startswith(("“", '"')):
        text = as_sentence("“" + claim.text.rstrip('”" '))
    if speaker is not None:
        return f"{text} (attributed to {speaker})"
    if cut is not None:
        return as_sentence(art.text[head:tail])  # the statement with its attribution, as the article wrote it
    return text if quoted else None  # a quotation keeps its marks; a "he said" nobody can be named for goes
