"""What one text leaves out of another written in another language: its names and numbers (anchors).

A translation renders (nearly) all of its source; a summary keeps a small part of it. Sentence alignment
(:mod:`chorus.stages.relations_align`) alone cannot always tell them apart: each sentence of a 2-sentence
summary of a 4-sentence dispatch aligns with two source sentences joined (a 2-1 move), so the alignment
covers all of both texts. What the summary leaves out shows in its *anchors*, the words a translator
cannot leave out or paraphrase away:

- numbers, in any script (``٢٠٢٥``, ``۲۶،۷۵۰`` and ``2025``, ``26,750`` compare equal; separators, leading
  and trailing zeros are dropped, so ``350 million`` meets ``350000000`` and ``60.5`` meets ``60500000``);
  one-digit numbers are no anchors (usually spelled out);
- names: in English, the person and place names spaCy finds; in Arabic, those of the Arabic tagger
  (:class:`chorus.stages.ner_ar.ArabicNER`); in other Latin-script languages (and in English without
  spaCy), capitalized words that do not open a sentence (not in German or Luxembourgish, which capitalize
  every noun); and in English and Arabic text, every name of the gazetteer (canonical name, so ``سانا``
  meets ``SANA``). Titles, weekday and month names, and name words of fewer than three consonants are no
  anchors.

A name has a *counterpart* in the other text when one of its words matches a word there token by token
(:func:`chorus.stages.entities_names.token_similarity`: case and accents folded, consonant skeletons
across Latin and Arabic script, Arabic clitics ``و ف ب ل ك ال`` read off); a number when the same number
occurs; a gazetteer name when the same canonical name does. Counting is one to one (each word of the other
text is the counterpart of one anchor at most), so a source naming Putin four times and a summary naming
him twice keep half of those mentions, as a translation would not.

Names are compared only between scripts that can be matched (Latin with Latin, Latin with Arabic for
Arabic text); other pairs (English and Chinese, Hebrew, Russian ...) compare numbers only.

Example:
    >>> number_key("٢٬٥٠٠") == number_key("2,500") == number_key("2500")
    True
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from chorus.errors import ChorusError
from chorus.stages.entities_gazetteer import Gazetteer
from chorus.stages.entities_names import fold_latin, name_tokens, skeleton, titles, token_similarity
from chorus.text import normalize_arabic

_NUMBER = re.compile(r"\d+(?:[.,،٫٬'’\u00a0\u2009\u202f]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_APOSTROPHE = re.compile(r"['’]")
NOUN_CAPITALIZING = frozenset({"de", "lb"})
"""Languages whose capital letters mark every noun, not names."""
ENGLISH_TYPES = frozenset({"PERSON", "GPE", "LOC", "FAC"})
"""spaCy entity labels whose names are written, not translated (organisations mostly are translated)."""
ARABIC_TYPES = frozenset({"PERSON", "LOCATION"})
SAME_SCRIPT_MATCH = 0.8
CROSS_SCRIPT_MATCH = 0.75
"""Token similarity a counterpart needs; across scripts a little lower (``Kavanaugh``/``كافانو`` 0.75)."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """A number or a name token in a text: ``text[start:end]`` is where it is written.

    ``kind`` is ``number``, ``name`` (one name word, folded) or ``gazetteer`` (``key`` is the canonical).
    """

    kind: str
    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Kept:
    """How many of one text's anchors have a counterpart in another; ``missing`` are those without."""

    total: int
    kept: int
    missing: tuple[Anchor, ...]

    @property
    def share(self) -> float:
        """Kept share of the anchors (1.0 when there are none: nothing is left out)."""
        return self.kept / self.total if self.total else 1.0


def number_key(raw: str) -> str | None:
    """A number's comparable form: its digits in ASCII without separators or leading/trailing zeros.

    Returns None for a one-digit number.

    >>> number_key("۲۶،۷۵۰"), number_key("350"), number_key("7")
    ('2675', '35', None)
    """
    digits = "".join(str(unicodedata.decimal(c, "")) for c in raw if c.isdecimal())
    if len(digits) < 2:
        return None
    return digits.strip("0") or "0"


def number_anchors(text: str, start: int, end: int) -> list[Anchor]:
    """Every number of ``text[start:end]`` with two digits or more."""
    out = []
    for m in _NUMBER.finditer(text, start, end):
        key = number_key(m.group(0))
        if key is not None:
            out.append(Anchor("number", key, m.start(), m.end()))
    return out


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Title words as :func:`name_tokens` writes them (Arabic ones also without their article)."""
    words = {w for lang in ("en", "ar") for t in titles(lang) for w in t}
    return frozenset(words | {w[2:] for w in words if w.startswith("ال") and len(w) > 4})


@lru_cache(maxsize=1)
def _calendar() -> frozenset[str]:
    from chorus.stages.cluster_features import calendar_words

    return calendar_words()


def _fold_word(word: str) -> str:
    """A word as names compare: Latin folded and cut at an apostrophe (``Kavanaugh's``, ``Cup'ta``)."""
    if _ARABIC.search(word):
        return normalize_arabic(word)
    return fold_latin(_APOSTROPHE.split(word)[0])


def _name_words(text: str, start: int, end: int) -> list[Anchor]:
    """The words of a name span, each an anchor at its own place, folded as :func:`name_tokens` folds them
    (``al-``/``ال`` dropped); titles, weekday and month names and words of fewer than three consonants
    (``Abu``, ``Asaad``) are left out, as too many other words would pass for them."""
    out = []
    for m in re.finditer(r"\S+", text[start:end]):
        toks = name_tokens(_APOSTROPHE.split(m.group(0))[0] if not _ARABIC.search(m.group(0)) else m.group(0))
        for tok in toks:
            if tok in _title_words() or tok in _calendar() or len(skeleton(tok)) < 3:
                continue
            out.append(Anchor("name", tok, start + m.start(), start + m.end()))
    return out


@dataclass(frozen=True, slots=True)
class NameFinders:
    """The taggers that find names: ``english`` is a spaCy pipeline (called on a text, with ``.ents``),
    ``arabic`` has the ``tag(text, start, end)`` method of :class:`chorus.stages.ner_ar.ArabicNER`.
    Either may be None (then only the gazetteer finds names in that language)."""

    english: Callable[[str], Any] | None = None
    arabic: Any | None = None

    @classmethod
    def packaged(cls) -> NameFinders:
        """The models shipped with Chorus, loaded once on first use (None where one is not installed)."""
        return _packaged_finders()


@lru_cache(maxsize=1)
def _packaged_finders() -> NameFinders:
    english: Callable[[str], Any] | None
    arabic: Any | None
    try:
        from chorus.stages.entities import load_english

        english = load_english()
    except ChorusError:
        english = None
    try:
        from chorus.stages.ner_ar import ArabicNER

        arabic = ArabicNER.load()
    except (ChorusError, ImportError):
        arabic = None
    return NameFinders(english=english, arabic=arabic)


def script(text: str, start: int, end: int) -> str:
    """``latin``, ``arabic`` or ``other``: the script of most letters of ``text[start:end]``."""
    letters = [c for c in text[start:end] if c.isalpha()]
    if not letters:
        return "other"
    if sum(1 for c in letters if _LATIN.match(c)) * 2 > len(letters):
        return "latin"
    if sum(1 for c in letters if _ARABIC.match(c)) * 2 > len(letters):
        return "arabic"
    return "other"


def names_comparable(lang_a: str, script_a: str, lang_b: str, script_b: str) -> bool:
    """Whether names can be matched between two texts: Latin with Latin, or Latin with Arabic (``ar``).

    >>> names_comparable("en", "latin", "ar", "arabic"), names_comparable("en", "latin", "fa", "arabic")
    (True, False)
    """

    def ok(lang: str, scr: str) -> bool:
        return scr == "latin" or (scr == "arabic" and lang == "ar")

    return ok(lang_a, script_a) and ok(lang_b, script_b) and not script_a == script_b == "arabic"


def name_anchors(
    text: str, start: int, end: int, language: str, sentence_starts: Sequence[int], finders: NameFinders
) -> list[Anchor]:
    """The names of ``text[start:end]`` (see the module docstring for how each language finds them).

    Args:
        text: the article text.
        start: first character of the unit.
        end: one past its last character.
        language: the unit's language.
        sentence_starts: where its sentences start (a capital there does not mark a name).
        finders: the taggers.
    """
    gaz = Gazetteer.packaged()
    out: list[Anchor] = []
    taken: list[tuple[int, int]] = []
    if language in ("en", "ar"):
        for g in gaz.find(text, start, end):
            out.append(Anchor("gazetteer", g.canonical, g.start, g.end))
            taken.append((g.start, g.end))

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    if language == "ar":
        if finders.arabic is not None:
            for s, e, typ in finders.arabic.tag(text, start, end):
                if typ in ARABIC_TYPES and free(s, e):
                    out += _name_words(text, s, e)
    elif language == "en" and finders.english is not None:
        for ent in finders.english(text[start:end]).ents:
            s, e = start + ent.start_char, start + ent.end_char
            if ent.label_ in ENGLISH_TYPES and free(s, e):
                out += [a for a in _name_words(text, s, e) if text[a.start].isupper()]
    elif language not in NOUN_CAPITALIZING and script(text, start, end) == "latin":
        firsts = set(sentence_starts) | {start}
        for m in _WORD.finditer(text, start, end):
            if not m.group(0)[0].isupper() or _opens_sentence(text, m.start(), firsts) or not free(m.start(), m.end()):
                continue
            out += _name_words(text, m.start(), m.end())
    return sorted(out, key=lambda a: a.start)


def _opens_sentence(text: str, pos: int, firsts: set[int]) -> bool:
    """Whether the word at ``pos`` opens a sentence (quotes, brackets or dashes may stand before it)."""
    k = pos
    while k not in firsts and k > 0 and text[k - 1] in "\"'“”‘’«»([—–- \n":
        k -= 1
    return k in firsts or k == 0


def anchors(
    text: str,
    start: int,
    end: int,
    language: str,
    sentence_starts: Sequence[int],
    finders: NameFinders,
    names: bool = True,
) -> list[Anchor]:
    """Numbers and (with ``names``) names of one unit, in text order."""
    out = number_anchors(text, start, end)
    if names:
        out += name_anchors(text, start, end, language, sentence_starts, finders)
    return sorted(out, key=lambda a: a.start)


def _arabic_readings(folded: str) -> list[str]:
    """An Arabic word and its readings without proclitics and the article (``وبموسكو`` → ``موسكو``)."""
    out = [folded]
    rest = folded
    if len(rest) > 3 and rest[0] in "وف":
        rest = rest[1:]
        out.append(rest)
    if len(rest) > 3 and rest[0] in "بلك":
        out.append(rest[1:])
        if rest.startswith("لل") and len(rest) > 4:
            out.append("ا" + rest[1:])
    out += [w[2:] for w in out if w.startswith("ال") and len(w) > 4]
    return out


def word_pool(text: str, start: int, end: int) -> list[list[str]]:
    """Every word of ``text[start:end]`` as the forms a name may take there."""
    pool = []
    for m in _WORD.finditer(text, start, end):
        f = _fold_word(m.group(0))
        pool.append(_arabic_readings(f) if _ARABIC.search(f) else [f])
    return pool


def kept(
    anchors_from: Sequence[Anchor], anchors_in: Sequence[Anchor], text_in: str, start_in: int, end_in: int
) -> Kept:
    """Which of ``anchors_from`` have a counterpart in the other text (its anchors and its words).

    Counting is one to one: each number, gazetteer name or word of the other text answers one anchor.
    """
    numbers = Counter(a.key for a in anchors_in if a.kind == "number")
    places = Counter(a.key for a in anchors_in if a.kind == "gazetteer")
    pool: list[list[str]] | None = None
    used: list[bool] = []
    missing: list[Anchor] = []

    def word_match(key: str) -> bool:
        nonlocal pool, used
        if pool is None:
            pool = word_pool(text_in, start_in, end_in)
            used = [False] * len(pool)
        cross_from = bool(_ARABIC.search(key))
        for i, forms in enumerate(pool):
            if used[i]:
                continue
            tau = CROSS_SCRIPT_MATCH if bool(_ARABIC.search(forms[0])) != cross_from else SAME_SCRIPT_MATCH
            if any(token_similarity(key, f) >= tau for f in forms):
                used[i] = True
                return True
        return False

    for a in anchors_from:
        if a.kind == "number":
            ok = numbers[a.key] > 0
            numbers[a.key] -= ok
        elif a.kind == "gazetteer":
            ok = places[a.key] > 0
            places[a.key] -= ok
            if not ok:  # a name the gazetteer does not list in that language, written there all the same
                toks = name_tokens(a.key)
                ok = bool(toks) and all(word_match(t) for t in toks)
        else:
            ok = word_match(a.key)
        if not ok:
            missing.append(a)
    return Kept(total=len(anchors_from), kept=len(anchors_from) - len(missing), missing=tuple(missing))
