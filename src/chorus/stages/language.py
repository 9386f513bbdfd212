"""Language per paragraph: split by Unicode script first, then lingua among a configured language set.

Short or name-heavy paragraphs misfire in any detector ("Putin met al-Shaibani in Moscow" came out
Yoruba with all 75 lingua languages loaded; "The Renaissance case is not yet in tax court." comes out
French, "Follow Robert Allen on Twitter: @rallenMI" German), so

1. the detector is built only from the configured languages, grouped by script, so that a paragraph is
   only ever compared with languages of its script;
2. links, e-mail addresses and @handles are taken out before a paragraph is judged, and a paragraph
   too short to judge without them takes the language of its neighbours in the same script (one with
   no letters at all, "___" or a phone number, takes its neighbours' language in any script);
3. a paragraph may leave the language of its context (its neighbours of the same script, see
   :func:`_settle_switches`) only when the detector gives that language almost no chance
   (``switch_confidence``): a German quotation or a French translation inside an English article
   gives English about 0.005, a misread English line 0.2-0.4.

Consecutive paragraphs in one language form one segment.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from chorus.errors import ConfigError
from chorus.model import Segment

DEFAULT_LANGUAGES = (
    "en",
    "ar",
    "fr",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "tr",
    "ru",
    "fa",
    "ur",
    "he",
    "el",
    "cs",
    "hi",
    "zh",
    "ja",
)

# Which languages each script can mean. A script with one candidate needs no detector at all.
_SCRIPT_LANGS: dict[str, tuple[str, ...]] = {
    "Arabic": ("ar", "fa", "ur"),
    "Hebrew": ("he",),
    "Greek": ("el",),
    "Devanagari": ("hi", "mr", "ne"),
    "Cyrillic": ("ru", "uk", "bg", "sr", "mk", "be", "kk"),
    "Han": ("zh", "ja"),
    "Kana": ("ja",),
    "Hangul": ("ko",),
    "Thai": ("th",),
    "Armenian": ("hy",),
    "Georgian": ("ka",),
    "Bengali": ("bn",),
    "Tamil": ("ta",),
}


@dataclass(frozen=True, slots=True)
class LanguageConfig:
    """Settings for language identification.

    Attributes:
        languages: ISO 639-1 codes the detector may answer (keep it small: each language costs memory
            and widens the room for misfires).
        min_chars: paragraphs shorter than this, once links, e-mail addresses and handles are taken
            out, inherit their neighbours' language.
        max_chars: only this many leading characters of a paragraph are given to the detector.
        switch_confidence: a paragraph detected in another language than its context's keeps that
            language only when the detector's confidence in the context's language is at most this
            (lingua's relative confidence, 0-1).
    """

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    min_chars: int = 40
    max_chars: int = 400
    # Set from the examples in the module docstring (a real foreign paragraph gives the main language
    # about 0.005, a misread English line 0.2-0.4), before bench/language.py existed; that bench, on all
    # of NTREX-128 and the Multi-News validation sample, then showed results flat from 0.01 to 0.05 and
    # 6 more misread lines at 0.1. No split was held out for it.
    switch_confidence: float = 0.05

    def __post_init__(self) -> None:
        from lingua import Language

        known = {lang.iso_code_639_1.name.lower() for lang in Language.all()}
        bad = [c for c in self.languages if c not in known]
        if bad:
            raise ConfigError(
                f"language.languages has unknown ISO 639-1 codes {bad}; use two-letter codes like 'en', 'ar'"
            )
        if not self.languages:
            raise ConfigError("language.languages must name at least one language")
        if not 0 <= self.switch_confidence <= 1:
            raise ConfigError(f"language.switch_confidence must be in [0, 1], got {self.switch_confidence}")


_SCRIPTS = (
    "Latin",
    "Arabic",
    "Hebrew",
    "Greek",
    "Cyrillic",
    "Devanagari",
    "Han",
    "Hangul",
    "Thai",
    "Armenian",
    "Georgian",
    "Bengali",
    "Tamil",
)
_SCRIPT_RE = regex.compile(
    "|".join(f"(?P<{s}>\\p{{Script={s}}}+)" for s in _SCRIPTS)
    + "|(?P<Kana>[\\p{Script=Hiragana}\\p{Script=Katakana}]+)"
)


def script_of(text: str, sample: int = 2000) -> str:
    """The dominant script of the letters in ``text`` ('Latin', 'Arabic', ...; 'None' without letters).

    >>> script_of("Putin met al-Shaibani"), script_of("استقبل الرئيس بوتين")
    ('Latin', 'Arabic')
    """
    text = text[:sample]
    if text.isascii():
        return "Latin" if any(c.isalpha() for c in text) else "None"
    counts: Counter[str] = Counter()
    for m in _SCRIPT_RE.finditer(text):
        counts[m.lastgroup or ""] += m.end() - m.start()
    if not counts:
        return "None"
    return counts.most_common(1)[0][0]


@lru_cache(maxsize=16)
def _detector(codes: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    if len(langs) == 1:
        return None
    return LanguageDetectorBuilder.from_languages(*langs).build()


def script_languages(script: str, languages: Sequence[str] = DEFAULT_LANGUAGES) -> tuple[str, ...]:
    """The languages of ``languages`` a text in ``script`` can be in (the script's first language when
    none of them is; Latin: every language not written in another script).

    >>> script_languages("Greek"), script_languages("Latin", ("en", "ar", "fr"))
    (('el',), ('en', 'fr'))
    """
    if script == "Latin":
        non_latin = {c for group in _SCRIPT_LANGS.values() for c in group}
        return tuple(c for c in languages if c not in non_latin)
    group = _SCRIPT_LANGS.get(script, ())
    allowed = tuple(c for c in group if c in languages)
    return allowed or group[:1]


def _candidates(script: str, cfg: LanguageConfig) -> tuple[str, ...]:
    return script_languages(script, cfg.languages)


# Links, e-mail addresses, @handles and bare domains say nothing about a paragraph's language and pull
# the detector off ("http://www.youtube.com/watch?v=FyZ-5X..." came out Czech). They are cut out of the
# words holding a dot, a slash or an at sign; ASCII only, so that a link inside unspaced Chinese or
# Japanese text ("詳しくはhttps://www.jpx.co.jp/をご覧ください") leaves the words around it.
_NOISE_SPAN = regex.compile(
    r"(?:https?://|www\.)[!-~]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|@[A-Za-z0-9_]+"
    r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|gov|edu|int|info|io|co\.uk|pdf|html?|php|jpe?g|png|gif)"
    r"(?![A-Za-z0-9])[!-~]*",
    regex.IGNORECASE,
)


def judged_text(text: str) -> str:
    """A paragraph as the detector sees it: links, e-mail addresses and handles taken out.

    >>> judged_text("Follow Robert Allen on Twitter: @rallenMI http://twitter.com/x")
    'Follow Robert Allen on Twitter:'
    """
    if "@" not in text and "/" not in text and "." not in text:
        return text.strip()
    words = [_NOISE_SPAN.sub(" ", w) if "." in w or "@" in w or "/" in w else w for w in text.split()]
    return " ".join(" ".join(words).split())


@lru_cache(maxsize=64)
def _lingua_language(code: str) -> Any:
    from lingua import IsoCode639_1, Language

    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


def detect(text: str, cfg: LanguageConfig) -> tuple[str | None, str]:
    """Detect one paragraph's language. Returns (ISO code or None, script)."""
    text = judged_text(text)
    script = script_of(text)
    cands = _candidates(script, cfg)
    if not cands:
        return None, script
    if len(cands) == 1:
        return cands[0], script
    det = _detector(cands)
    # Detection cost grows with length; a paragraph's first few hundred characters decide it.
    lang = det.detect_language_of(text[: cfg.max_chars])
    return (lang.iso_code_639_1.name.lower() if lang else None), script


def detect_many(paragraphs: Sequence[str], cfg: LanguageConfig) -> list[tuple[str | None, str, bool]]:
    """Detect many paragraphs at once: (language or None, script, long enough to trust) for each.

    Each paragraph is judged without its links, addresses and handles (:func:`judged_text`); paragraphs
    of one script go to the detector in one parallel batch (lingua's Rust threads).
    """
    return _detect_judged([judged_text(p) for p in paragraphs], cfg)


def _detect_judged(texts: Sequence[str], cfg: LanguageConfig) -> list[tuple[str | None, str, bool]]:
    scripts = [script_of(t) for t in texts]
    langs: list[str | None] = [None] * len(texts)
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, script in enumerate(scripts):
        cands = _candidates(script, cfg)
        if len(cands) == 1:
            langs[i] = cands[0]
        elif cands:
            groups.setdefault(cands, []).append(i)
    for cands, idx in groups.items():
        det = _detector(cands)
        found = det.detect_languages_in_parallel_of([texts[i][: cfg.max_chars] for i in idx])
        for i, lang in zip(idx, found, strict=True):
            langs[i] = lang.iso_code_639_1.name.lower() if lang else None
    return [(lang, script, len(t) >= cfg.min_chars) for lang, script, t in zip(langs, scripts, texts, strict=True)]


def _main_languages(found: list[tuple[str | None, str, bool]], sizes: Sequence[int]) -> dict[str, str]:
    """Per script, the language most of the trusted text is in (by characters)."""
    weight: dict[str, Counter[str]] = {}
    for (lang, script, reliable), size in zip(found, sizes, strict=True):
        if lang and reliable:
            weight.setdefault(script, Counter())[lang] += size
    return {script: c.most_common(1)[0][0] for script, c in weight.items()}


def _settle_switches(
    found: list[tuple[str | None, str, bool]], texts: Sequence[str], cfg: LanguageConfig, hint: str | None = None
) -> list[tuple[str | None, str, bool]]:
    """Send back every trusted paragraph the detector put in another language than its context while
    still giving the context's language more than ``switch_confidence``.

    The context is the language of the nearest trusted paragraphs of the same script on both sides when
    both exist and agree (inside one half of a bilingual file, or amid one article); else the language
    the input declared when the script can be in it; else, for the first or the last paragraph, the
    language of the two trusted paragraphs next to it when they agree (one neighbour alone is no
    context: two lines that lingua reads as English and French would swap); else the script's main
    language. All paragraphs are judged against the detector's own labels, in one pass.
    """
    main = _main_languages(found, [len(t) for t in texts])
    by_script: dict[str, list[int]] = {}
    for i, (lang, script, reliable) in enumerate(found):
        if lang and reliable:
            by_script.setdefault(script, []).append(i)
    out = list(found)
    for script, same in by_script.items():
        for pos, i in enumerate(same):
            lang, _, reliable = found[i]
            near = [found[j][0] for j in same[max(0, pos - 2) : pos] + same[pos + 1 : pos + 3]]
            before, after = near[: min(pos, 2)], near[min(pos, 2) :]
            if before and after and before[-1] == after[0]:
                context = after[0]
            elif hint and hint in _candidates(script, cfg):
                context = hint
            elif not before and len(after) == 2 and after[0] == after[1]:
                context = after[0]  # the first paragraph, before a run of two in one language
            elif not after and len(before) == 2 and before[0] == before[1]:
                context = before[0]  # the last one, after such a run
            else:
                context = main.get(script)
            if context is None or context == lang:
                continue
            det = _detector(_candidates(script, cfg))
            if det is None:
                continue
            conf = det.compute_language_confidence(texts[i][: cfg.max_chars], _lingua_language(context))
            if conf > cfg.switch_confidence:
                out[i] = (context, script, reliable)
    return out


def segment_languages(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    article_id: str,
    cfg: LanguageConfig,
    hint: str | None = None,
) -> list[Segment]:
    """Split an article into language segments.

    Args:
        text: the cleaned text.
        paragraphs: paragraph spans in ``text``.
        article_id: used for segment ids ``<article>:<n>``.
        cfg: detector settings.
        hint: a language the input declared (used for short paragraphs when neighbours do not decide).

    Returns:
        Segments covering every paragraph, consecutive paragraphs of one language merged.
    """
    if not paragraphs:
        return []
    texts = [judged_text(text[a:b]) for a, b in paragraphs]
    found = _settle_switches(_detect_judged(texts, cfg), texts, cfg, hint)
    # Short paragraphs take the nearest trusted neighbour's language in the same script (any script for
    # a paragraph without letters), else the script's main language, else the hint.
    main = _main_languages(found, [len(t) for t in texts])
    overall: Counter[str] = Counter()
    for (lang, _, reliable), t in zip(found, texts, strict=True):
        if lang and reliable:
            overall[lang] += len(t)
    trusted: dict[str | None, list[int]] = {None: []}  # script (None: any) -> trusted paragraphs, in order
    for i, (lang, script, reliable) in enumerate(found):
        if reliable and lang:
            trusted[None].append(i)
            trusted.setdefault(script, []).append(i)
    langs: list[str] = []
    for i, (lang, script, reliable) in enumerate(found):
        if not reliable or lang is None:
            # no letters at all ("___", a phone number); letters of a script outside _SCRIPTS are not that
            letterless = not any(c.isalpha() for c in texts[i])
            near = _nearest(trusted.get(None if letterless else script, []), i)
            neighbour = found[near][0] if near is not None else None
            if neighbour:
                lang = neighbour
            elif script in main:
                lang = main[script]
            elif letterless and overall:
                lang = overall.most_common(1)[0][0]
            elif hint and (lang is None or letterless):
                lang = hint
        langs.append(lang or hint or "und")
    segments: list[Segment] = []
    start, cur = paragraphs[0][0], langs[0]
    end = paragraphs[0][1]
    for (a, b), lang in zip(paragraphs[1:], langs[1:], strict=True):
        if lang != cur:
            segments.append(Segment(id=f"{article_id}:{len(segments)}", language=cur, start=start, end=end))
            start, cur = a, lang
        end = b
    segments.append(Segment(id=f"{article_id}:{len(segments)}", language=cur, start=start, end=end))
    return segments


def _nearest(indices: list[int], i: int) -> int | None:
    """The index in ``indices`` (sorted, without ``i``) nearest to ``i``; the earlier one on a tie."""
    pos = bisect.bisect_left(indices, i)
    before = indices[pos - 1] if pos else None
    after = indices[pos] if pos < len(indices) else None
    if before is None or (after is not None and after - i < i - before):
        return after
    return before
