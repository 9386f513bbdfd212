"""Arabic names found after titles, for Arabic text without (or beyond) a trained tagger.

"استقبل الرئيس الروسي فلاديمير بوتين" names a person right after a title; this module finds such
spans ("title cues"). They are guesses: :mod:`chorus.stages.entities` keeps one only when it fits a
person the taggers found in the story, or starts with a known given name.

Example:
    >>> t = "ووزير الدفاع اللواء مرهف أبو قصرة في موسكو"
    >>> [t[s:e] for s, e in arabic_cue_spans(t, 0, len(t))]
    ['مرهف أبو قصرة']
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from chorus.stages.entities_names import titles
from chorus.text import normalize_arabic

AR_WORD = re.compile(r"[\u0621-\u064a\u0670]+[\u064b-\u0652]*(?:[\u0621-\u064a\u064b-\u0652\u0670]+)*")


@lru_cache(maxsize=1)
def _ar_stop() -> frozenset[str]:
    """Words that end a name after a title (``lang/gazetteer/ar_stop.txt``), folded."""
    raw = resources.files("chorus").joinpath("lang", "gazetteer", "ar_stop.txt").read_text(encoding="utf-8")
    return frozenset(normalize_arabic(x.strip()) for x in raw.splitlines() if x.strip() and not x.startswith("#"))


def arabic_cue_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Names that follow a title in Arabic text ("وزير الدفاع اللواء مرهف أبو قصرة")."""
    triggers = sorted(titles("ar", modifiers=False), key=len, reverse=True)
    table = titles("ar")
    words = [(m.start(), m.end()) for m in AR_WORD.finditer(text, start, end)]
    folded = [normalize_arabic(text[s:e]) for s, e in words]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        n = next((len(t) for t in triggers if _title_at(folded, i, t)), 0)
        if not n:
            i += 1
            continue
        j = i + n
        while j < len(words) and (n := next((len(t) for t in table if _title_at(folded, j, t)), 0)):
            j += n  # titles in a row: "وزير الدفاع" + "اللواء"
        k = j
        while k < len(words) and k - j < 4:
            w = folded[k]
            if w in _ar_stop() or (w.startswith("ال") and k == j) or len(w) < 2:
                break
            if any(_title_at(folded, k, t) for t in table):
                break
            k += 1
            if k < len(words) and re.search(r"[،,.؛:()\"«»\n]", text[words[k - 1][1] : words[k][0]]):
                break
        if k > j:
            out.append((words[j][0], words[k - 1][1]))
        i = max(k, i + 1)
    return out


def _title_at(folded: list[str], i: int, title: tuple[str, ...]) -> bool:
    if i + len(title) > len(folded):
        return False
    first = folded[i]
    if first != title[0] and not (first[:1] in "وفبل" and first[1:] == title[0]):
        return False
    return all(folded[i + k] == title[k] for k in range(1, len(title)))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Arabic given names (``lang/ar/ner_person.txt``, shared with the Arabic tagger), folded."""
    try:
        raw = resources.files("chorus").joinpath("lang", "ar", "ner_person.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()
    return frozenset(normalize_arabic(x.strip()) for x in raw.splitlines() if x.strip() and not x.startswith("#"))
