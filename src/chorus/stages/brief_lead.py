"""The lead of the brief: which key point opens it and the event date under it.

:func:`lead_claim` picks a key point that can open a brief (:func:`weak_lead`: not a sentence that
continues a scene, turns on something said before, or tells what did not happen), most articles tell,
about the story's main dated event (:func:`main_event`, which background dated long before cannot be);
``event_date`` and ``date_sentence`` give the "Event date: ..." sentence citing the articles dating it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from chorus.model import BriefSentence, Claim, TimelineItem
from chorus.stages.brief_strings import BriefStrings, brief_strings


def _dates_claim(item: TimelineItem, claim: Claim) -> bool:
    return any(
        ev.article == s.article and ev.start < s.end and s.start < ev.end
        for ev in item.evidence
        for s in claim.evidence
    )


#: An event more than this many days before the story's latest publication date is background (the
#: crash a year before a rehab check-in), not what the story reports; a judgment, not fitted.
CURRENT_DAYS = 30


def main_event(timeline: Sequence[TimelineItem], published: dt.date | None = None) -> TimelineItem | None:
    """The story's main dated event: the most-reported item, day precision preferred, latest on ties.
    With the story's latest publication date known, only an item dated at most :data:`CURRENT_DAYS`
    before it (or after it) can be the main event: background dated long before (the crash a year
    before a rehab check-in) is in the timeline, but does not lead the brief or give its event date."""
    if published is not None:
        timeline = [t for t in timeline if (published - (t.date.end or t.date.start)).days <= CURRENT_DAYS]
    if not timeline:
        return None
    dated = [t for t in timeline if t.date.precision == "day"] or list(timeline)
    return max(dated, key=lambda t: (len(t.articles), t.date.start.toordinal()))


def event_date(
    top: Claim | None, timeline: Sequence[TimelineItem], published: dt.date | None = None
) -> TimelineItem | None:
    """The timeline item dating the lead claim, else the story's main event."""
    if top is not None:
        dating = [t for t in timeline if _dates_claim(t, top)]
        if dating:
            return max(dating, key=lambda t: (len(t.articles), t.date.precision == "day"))
    return main_event(timeline, published)


# A sentence that cannot open a brief: it continues a scene told before it ("Moments later, the Hummer
# pulls...", "Then...", "Instead of stopping..."), turns on something said before ("But", "However"),
# is about someone it does not name ("He said..."), or tells what did not happen ("Without the new law,
# contributors would have waited until 2006"; "If...", "Had...").
_CONTINUES = re.compile(
    r"(?:(?:a few |several |two |three |\d+ )?(?:moments?|seconds?|minutes?|hours?|days?|weeks?|months?|years?)"
    r" (?:later|after(?:wards?)?|earlier|before)\b"
    r"|(?:then|later|afterwards?|meanwhile|instead|still|also|and|but|so|yet|however|nevertheless|moreover"
    r"|furthermore|besides|in the meantime|at one point|at some point|by then|since then|even so|he|she|they"
    r"|without|if|had|unless|otherwise|were it not)\b)",
    re.IGNORECASE,
)
_COUNTERFACTUAL = re.compile(r"\b(?:would|could|might|should)(?:n't| not| never)? have\b", re.IGNORECASE)


def weak_lead(text: str) -> bool:
    """Whether a claim is unfit to lead the brief (see ``_CONTINUES``), or a question.

    Example:
        >>> weak_lead("Moments later, the Hummer pulls to the side of the road."), weak_lead("Police arrested him.")
        (True, False)
        >>> weak_lead("Without the new law, contributors would have waited until 2006.")
        True
    """
    text = text.strip().lstrip("\"“'‘«")
    return bool(_CONTINUES.match(text) or _COUNTERFACTUAL.search(text) or text.rstrip("\"”'’»").endswith("?"))


def lead_claim(
    points: Sequence[tuple[Claim, BriefSentence]],
    timeline: Sequence[TimelineItem],
    published: dt.date | None = None,
) -> int:
    """Index of the key point that leads the brief: one that can open a brief (:func:`weak_lead`) first,
    then the claim most articles make (aligned sentences, whether or not they back its wording),
    preferring one that the story's main dated event is about (who
    met whom, where, when), then salience order."""
    if not points:
        return -1
    event = main_event(timeline, published)

    def key(i: int) -> tuple[bool, int, bool, int]:
        claim = points[i][0]
        strong = not weak_lead(claim.text)
        # how many articles tell this event (every aligned sentence, also those giving another figure),
        # not only those backing the shown wording: a story whose outlets disagree on the toll still
        # leads with the crash
        told = len({e.article for e in claim.evidence} | set(claim.articles))
        return (strong, told, event is not None and _dates_claim(event, claim), -i)

    return max(range(len(points)), key=key)


def date_label(item: TimelineItem) -> str:
    """``2025-12-23``, ``2025-10``, or ``2025-12-21..2025-12-23`` for a range."""
    from chorus.stages.temporal_story import show

    return show(item.date)


def date_sentence(item: TimelineItem, t: BriefStrings | None = None) -> BriefSentence:
    """ "Event date: 2025-12-23 (“today (Tuesday)”, “on Tuesday”)." citing the articles that date it."""
    t = t or brief_strings("en")
    # The date phrases themselves ("today (Tuesday)", "اليوم (الثلاثاء)"), not the sentences around them.
    quoted = t.join([t.quote(p) for p in list(dict.fromkeys(item.phrases))[:3]])
    date = date_label(item)
    text = t("event_date_phrases", date=date, phrases=quoted) if quoted else t("event_date", date=date)
    return BriefSentence(text=text + ".", citations=item.articles)
