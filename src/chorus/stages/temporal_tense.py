"""Tense of the clause around a temporal expression: the cue words of ``lang/<iso>/dates.json``.

Internal to :mod:`chorus.stages.temporal` (re-exported by :mod:`chorus.stages.temporal_base`). A
relative date without a year or a bare weekday is resolved forward or back by the tense of its
clause: "will meet Friday" is the coming Friday, "met Friday" the last one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from chorus.stages.temporal_base import Lexicon

__all__ = ["Tense", "future_tense", "narrated", "past_verb_dates", "tense"]

_TOKEN = re.compile(r"[\w']+|[^\w\s]")


Tense = Literal["future", "past", "near"] | None


def tense(folded: str, start: int, end: int, lex: Lexicon) -> Tense:
    """The tense of the clause around ``folded[start:end]``: ``future``, ``past``, ``near`` or None (no cue).

    Looks back up to eight tokens (then forward up to six) inside the clause; the nearest tense cue
    decides. English cues come from ``future_cues``/``past_cues`` (and ``-ed`` forms, except a
    participle after ``be``/``is``/``to``: "will be named" is not past, and an adjective after a
    determiner or possessive: "an unspecified date" is not past); Arabic adds the
    ``سـ``/``سوف`` prefix rule. When the clause has no cue and the lexicon sets
    ``tense_sentence_scan``, the rest of the sentence is searched the same way, across commas and
    conjunctions ("Qantas will double its flights between Australia and India by August").

    ``near`` is an event planned for the date and called off or moved in the past tense ("a vote
    scheduled for Friday was postponed"): news reports that before the day as often as after it, so
    the clause gives no tense and the nearest occurrence is meant. A date an event is moved to
    (``rescheduled_leads``: "was moved to Monday", "delayed until Monday") is still to come.
    """
    cues = _cue_sets(lex)
    left = _TOKEN.findall(folded[max(0, start - 120) : start])
    if cues.rescheduled and _rescheduled(left, cues):
        return "future"
    right = _TOKEN.findall(folded[end : end + 80])
    verdict = _scan(left[::-1][:8], right[:6], cues, cues.breaks)
    if verdict is None and lex.get("tense_sentence_scan"):
        left = _TOKEN.findall(folded[max(0, start - 400) : start])
        right = _TOKEN.findall(folded[end : end + 300])
        back = _sentence_part(left[::-1], cues, backwards=True)[:40]
        ahead = _sentence_part(right, cues, backwards=False)[:30]
        verdict = _scan(back, ahead, cues, frozenset())
    if verdict is None or verdict == "near":
        return verdict
    return "future" if verdict else "past"


def _rescheduled(left: list[str], cues: _Cues) -> bool:
    """Whether the tokens right before the date end with a ``rescheduled_leads`` phrase ("moved to")."""
    return any(len(lead) <= len(left) and tuple(left[-len(lead) :]) == lead for lead in cues.rescheduled)


_PRESENT_BE = frozenset({"is", "are", "am", "be", "'s"})
# Between a verb and the month these leave the month the verb's own date ("announced in March").
_DATING = frozenset({"in", "on", "at", "during", "by", "since", "from", "until", "through", "early", "late"})


def narrated(folded: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether the sentence around ``folded[start:end]`` (up to a ";") narrates rather than reports
    or plans. It does not when

    - a verb of speech (``reporting_verbs``) comes before the month with words between ("said the
      offer expires in November" may look ahead); one after it is an attribution tail (", the
      company said");
    - a word of intention (``intention_words``) comes before it: "were due in December", "agreed on
      talks in December";
    - the sentence has a future cue, or the month's clause a present-tense "is"/"are" ("when the case
      is heard in May") or verb of ``present_tense_verbs`` ("the measure expires in December").

    A past-tense verb right before "in <month>" dates its own event, whatever follows: "announced in
    March", "agreed in December to resume talks", "closed in December and will reopen in May". So
    does a past-tense verb of the month's clause that comes after the verb of speech: "the ministry
    said prices had risen in March" narrates (the nearest verb is past); "said the offer expires in
    March", "said the talks were set for March" and "said it moved the opening to a date in March"
    (a verb of ``rescheduled_leads`` moves the event to the month) do not.
    """
    cues = _cue_sets(lex)
    back = _sentence_part(_TOKEN.findall(folded[max(0, start - 400) : start])[::-1], cues, backwards=True)
    ahead = _sentence_part(_TOKEN.findall(folded[end : end + 300]), cues, backwards=False)
    back, ahead = back[: _index(back, ";")], ahead[: _index(ahead, ";")]
    verb = next((i for i, t in enumerate(back) if t not in _DATING), len(back))
    if verb < len(back):
        two_back = back[verb + 2] if verb + 2 < len(back) else ""
        if cues.classify(back[verb], back[verb + 1] if verb + 1 < len(back) else "", "", two_back) is False:
            return True
    for toks, backwards in ((back, True), (ahead, False)):
        in_clause = True
        for i, tok in enumerate(toks):
            in_clause = in_clause and tok not in cues.breaks
            if in_clause and (tok in _PRESENT_BE or tok in cues.present):
                return False
            if backwards and (tok in cues.reporting or tok in cues.intention):
                return False
            prev = toks[i - 1] if i else ""
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            before, after = (nxt, prev) if backwards else (prev, nxt)
            verdict = cues.classify(tok, before, after)
            if verdict:
                return False
            if backwards and in_clause and verdict is False and tok not in cues.rescheduling:
                break  # the clause's own past verb ("said prices had risen in March"): speech before it is a frame
    return True


def past_verb_dates(folded: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether ``folded[start:end]`` is "on <day>" dating the past-tense verb before it in its clause:
    "Lohan rear-ended a truck on Pacific Coast Highway on June 8" (the crash was on the last June 8,
    however near the next one is). Not when the verb reports speech or intention ("said the vote is
    on Nov. 16", "agreed on talks on Dec. 2"), a present "is"/"are" or verb of
    ``present_tense_verbs`` stands between ("announced the hearing is on June 8"), or the date does
    not follow "on" ("the offer was extended to Nov. 20" may look ahead), or a future cue opens the
    clause ("will redeem preferred shares on Oct. 31").
    """
    cues = _cue_sets(lex)
    back = _sentence_part(_TOKEN.findall(folded[max(0, start - 400) : start])[::-1], cues, backwards=True)
    if not back or back[0] != "on":
        return False
    for i, tok in enumerate(back[1:40], start=1):
        if tok in cues.breaks or tok in _PRESENT_BE or tok in cues.present:
            return False
        if tok in cues.reporting or tok in cues.intention:
            return False
        before = back[i + 1] if i + 1 < len(back) else ""
        verdict = cues.classify(tok, before, back[i - 1], back[i + 2] if i + 2 < len(back) else "")
        if verdict is not None:
            return verdict is False and not _future_before(back[i + 1 : 40], cues)
    return False


def _future_before(back: list[str], cues: _Cues) -> bool:
    """Whether a future cue opens the clause before the "-ed" word ("will redeem 9.5 million Series
    H preferred shares on Oct. 31": "preferred" is an adjective there)."""
    for i, tok in enumerate(back):
        if tok in cues.breaks and not (tok == "." and _decimal(back, i)):
            return False
        before = back[i + 1] if i + 1 < len(back) else ""
        if cues.classify(tok, before, back[i - 1] if i else "") is True:
            return True
    return False


def _index(toks: list[str], tok: str) -> int:
    return toks.index(tok) if tok in toks else len(toks)


def _sentence_part(toks: list[str], cues: _Cues, *, backwards: bool) -> list[str]:
    """``toks`` (nearest first) up to the sentence boundary; a period after an abbreviation or
    inside a number is no boundary ("Nov. 16", "Mr. Smith", "9.5 million")."""
    for i, tok in enumerate(toks):
        if tok in ("!", "?") or (tok == "." and not _abbreviation(toks, i, cues, backwards) and not _decimal(toks, i)):
            return toks[:i]
    return toks


def _decimal(toks: list[str], i: int) -> bool:
    return 0 < i < len(toks) - 1 and toks[i - 1].isdigit() and toks[i + 1].isdigit()


def _abbreviation(toks: list[str], i: int, cues: _Cues, backwards: bool) -> bool:
    word = toks[i + 1] if backwards else toks[i - 1] if i else ""
    return (len(word) == 1 and word.isalpha()) or word in cues.abbreviations


def _scan(back: list[str], ahead: list[str], cues: _Cues, breaks: frozenset[str]) -> bool | Literal["near"] | None:
    """The first decisive cue in ``back`` (nearest first), else in ``ahead``.

    A future participle right after a noun ("a service planned ... for Saturday") only modifies that
    noun: when the main verb ahead is past ("... was canceled") the clause has no tense (``near``:
    the event may have been called off before or after its day), when it is future or absent the
    plan looks ahead."""
    for toks, backwards in ((back, True), (ahead, False)):
        for i, tok in enumerate(toks):
            if tok in breaks:
                break
            prev = toks[i - 1] if i else ""
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            before, after = (nxt, prev) if backwards else (prev, nxt)
            two_back = (toks[i + 2] if i + 2 < len(toks) else "") if backwards else (toks[i - 2] if i > 1 else "")
            verdict = cues.classify(tok, before, after, two_back)
            modifier = verdict and backwards and tok in cues.participles and cues.after_noun(before)
            if modifier and _scan([], ahead, cues, breaks) is False:
                return "near"
            if verdict is not None:
                return verdict
    return None


def future_tense(folded: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether the clause around ``folded[start:end]`` speaks of the future (past is the default)."""
    return tense(folded, start, end, lex) == "future"


_BE_PAST = frozenset({"was", "were", "had", "did"})
# Before an "-ed" word these make it an adjective ("an unspecified date", "the company's proposed
# merger"), not a past verb; "that" is left out ("the war that ended").
_POSSESSIVES = frozenset({"its", "his", "their", "our", "my", "your"})
_ADJECTIVE_LEADS = _POSSESSIVES | frozenset({"the", "a", "an", "this", "these", "those", "some", "any", "no", "each"})
_PRONOUN_IS = frozenset({"it's", "he's", "she's", "that's", "what's", "there's", "who's", "here's", "where's"})
# Before a participle these make it a verb ("was planned", "they scheduled"), not a noun's modifier.
_NOT_NOUNS = frozenset({"i", "we", "you", "he", "she", "they", "it", "not", "also", "been", "being"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "whose", "new"})


@dataclass(frozen=True, slots=True)
class _Cues:
    future: frozenset[str]
    future_pairs: frozenset[tuple[str, str]]
    past: frozenset[str]
    breaks: frozenset[str]
    prefix: re.Pattern[str] | None
    prefix_exclude: tuple[str, ...]
    not_past: frozenset[str] = frozenset()
    passive: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()
    future_nouns: frozenset[str] = frozenset()
    participles: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    rescheduled: tuple[tuple[str, ...], ...] = ()
    rescheduling: frozenset[str] = frozenset()  # the verbs of ``rescheduled``: "moved", "postponed"
    reporting: frozenset[str] = frozenset()
    intention: frozenset[str] = frozenset()
    present: frozenset[str] = frozenset()

    def after_noun(self, before: str) -> bool:
        """Whether ``before`` may be a noun: no function word, auxiliary or pronoun."""
        return bool(before) and before.isalpha() and before not in self.function_words and before not in _NOT_NOUNS

    def classify(self, tok: str, before: str, after: str, two_back: str = "") -> bool | None:
        """True for a future cue, False for a past one; ``before``/``after`` are the neighbouring
        tokens in text order, ``two_back`` the token before ``before``."""
        if tok in self.future_nouns and before in _DETERMINERS:
            return None  # "announced the plan Aug. 21": a noun, not "plans to"
        if tok in self.future or (before, tok) in self.future_pairs or (tok, after) in self.future_pairs:
            return True
        if tok.endswith("'ll"):
            return True
        past = tok in self.past or (
            len(tok) > 3
            and tok.endswith("ed")
            and tok.isascii()
            and tok not in self.not_past
            and not _adjective_lead(before, two_back)
        )
        if past:
            return None if before in self.passive and tok not in _BE_PAST else False
        if self.prefix is not None and self.prefix.match(tok):
            return not tok.lstrip("وف").startswith(self.prefix_exclude)
        return None


@lru_cache(maxsize=16)
def _cue_sets(lex: Lexicon) -> _Cues:
    fut = lex.words("future_cues")
    single = frozenset(w for w in fut if " " not in w)
    pairs = frozenset(tuple(w.split(" ", 1)) for w in fut if w.count(" ") == 1)
    breaks = frozenset({",", ";", ":", "(", ")", '"', ".", "!", "?", "and", "but", "while", "و"})
    pat = lex.get("future_prefix_regex")
    return _Cues(
        future=single,
        future_pairs=pairs,  # type: ignore[arg-type]
        past=frozenset(lex.words("past_cues")),
        breaks=breaks,
        prefix=re.compile(pat) if pat else None,
        prefix_exclude=tuple(lex.words("future_prefix_exclude")),
        not_past=frozenset(lex.words("not_past")),
        passive=frozenset(lex.words("passive_auxiliaries")),
        abbreviations=frozenset(lex.words("abbreviations")),
        future_nouns=frozenset(lex.words("future_cue_nouns")),
        participles=frozenset(w for w in single if w.endswith("ed")) | frozenset({"set"} & {p[0] for p in pairs}),
        function_words=frozenset(lex.words("function_words")) | frozenset(lex.words("passive_auxiliaries")),
        rescheduled=tuple(tuple(_TOKEN.findall(w)) for w in lex.words("rescheduled_leads")),
        rescheduling=frozenset(_TOKEN.findall(w)[0] for w in lex.words("rescheduled_leads")),
        reporting=frozenset(lex.words("reporting_verbs")),
        intention=frozenset(lex.words("intention_words")),
        present=frozenset(lex.words("present_tense_verbs")),
    )


def _adjective_lead(before: str, two_back: str) -> bool:
    """Whether an "-ed" word after ``two_back before`` is an adjective: right after a determiner or
    a possessive, or after one "-ly"/"still" adverb that follows one ("a still unspecified date")."""

    def lead(word: str) -> bool:
        return word in _ADJECTIVE_LEADS or (word.endswith("'s") and word not in _PRONOUN_IS and len(word) > 2)

    return lead(before) or ((before.endswith("ly") or before == "still") and lead(two_back))
