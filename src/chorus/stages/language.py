"""Language per paragraph: split by Unicode script first, then lingua among a configured language set.

Short or name-heavy paragraphs misfire in any detector ("Putin met al-Shaibani in Moscow" came out
Yoruba with all 75 lingua languages loaded), so (1) the detector is built only from the configured
languages, grouped by script so that a paragraph is only ever compared with languages of its script,
and (2) a paragraph too short to judge takes the language of its neighbours in the same script.
Consecutive paragraphs in one language form one segment.
"""

from __future__ import annotations

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
        min_chars: paragraphs shorter than this inherit their neighbours' language.
        max_chars: only this many leading characters of a paragraph are given to the detector.
    """

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    min_chars: int = 40
    max_chars: int = 400

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


def detect(text: str, cfg: LanguageConfig) -> tuple[str | None, str]:
    """Detect one paragraph's language. Returns (ISO code or None, script)."""
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

    Paragraphs of one script go to the detector in one parallel batch (lingua's Rust threads).
    """
    scripts = [script_of(p) for p in paragraphs]
    langs: list[str | None] = [None] * len(paragraphs)
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, script in enumerate(scripts):
        cands = _candidates(script, cfg)
        if len(cands) == 1:
            langs[i] = cands[0]
        elif cands:
            groups.setdefault(cands, []).append(i)
    for cands, idx in groups.items():
        det = _detector(cands)
        found = det.detect_languages_in_parallel_of([paragraphs[i][: cfg.max_chars] for i in idx])
        for i, lang in zip(idx, found, strict=True):
            langs[i] = lang.iso_code_639_1.name.lower() if lang else None
    return [
        (lang, script, len(p.strip()) >= cfg.min_chars)
        for lang, script, p in zip(langs, scripts, paragraphs, strict=True)
    ]


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
    found = detect_many([text[a:b] for a, b in paragraphs], cfg)
    # Reliable paragraphs vote per script; short ones take the nearest reliable neighbour's language
    # in the same script, else the script's majority, else the hint.
    by_script: dict[str, Counter[str]] = {}
    for lang, script, reliable in found:
        if lang and reliable:
            by_script.setdefault(script, Counter())[lang] += 1
    langs: list[str] = []
    for i, (lang, script, reliable) in enumerate(found):
        if not reliable or lang is None:
            neighbour = _nearest(found, i, script)
            if neighbour:
                lang = neighbour
            elif script in by_script:
                lang = by_script[script].most_common(1)[0][0]
            elif hint and (lang is None or script == "None"):
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


def _nearest(found: list[tuple[str | None, str, bool]], i: int, script: str) -> str | None:
    for dist in range(1, len(found)):
        for j in (i - dist, i + dist):
            if 0 <= j < len(found):
                lang, s, reliable = found[j]
                if reliable and lang and s == script:
                    return lang
    return None
