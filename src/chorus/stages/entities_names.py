"""Name normalization, romanization and matching across spellings and scripts.

The entities stage decides whether two surface forms ("Murhaf Abu Qasra", "Mulhaf Abu Kasra",
"مرهف أبو قصرة") name the same person. It compares names token by token through three keys:

- a **Latin key**: case-folded, diacritics stripped, the article ``al-``/``el-`` dropped, particles
  (``abu``, ``bin``, ``abd`` ...) glued to the next word (``abu qasra`` → ``abuqasra``);
- a **consonant skeleton** that both scripts map into (``Putin`` → ``BTN`` and ``بوتين`` → ``BTN``):
  vowels, ``h``/``w``/``y`` and ``ع``/``ه`` dropped, ``p``/``b``, ``q``/``k``/``c``, ``z``/``s``... folded;
- a **coarse skeleton** that also folds the confusions machine translation makes (``l``/``r``,
  ``t``/``d``, ``g``/``j``/``k``, ``m``/``n``), so ``Mulhaf`` meets ``Marhaf``.

Arabic names also get their top-k romanizations from ``arabic-name-romanizer`` (it writes foreign
names French-style, so the top-1 alone is not enough: بوتين → "Boutine").

Example:
    >>> skeleton("Putin") == skeleton("بوتين")
    True
    >>> token_similarity("mulhaf", "marhaf") >= 0.8
    True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from chorus.text import normalize_arabic

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

PARTICLES_LATIN = frozenset({"abu", "abou", "abo", "bin", "ben", "ibn", "bint", "abd", "abdel", "abdul", "umm", "um"})
"""Latin particles glued to the following word: "Abu Qasra" is one family name."""
PARTICLES_ARABIC = frozenset({"ابو", "ابي", "ابا", "بن", "ابن", "بنت", "عبد", "ام"})
ARTICLES_LATIN = frozenset({"al", "el", "al-", "el-", "the"})


def is_arabic(text: str) -> bool:
    """True when most letters of ``text`` are Arabic script.

    >>> is_arabic("مرهف أبو قصرة"), is_arabic("Murhaf")
    (True, False)
    """
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if _ARABIC.match(c)) * 2 > len(letters)


def fold_latin(text: str) -> str:
    """Case-fold and strip diacritics ("Yaşar Güler" → "yasar guler"), apostrophes removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    return re.sub(r"['’`ʼ]", "", text.casefold())


def name_tokens(text: str) -> tuple[str, ...]:
    """Normalized name tokens: articles dropped, particles glued to the next word.

    Latin tokens are folded (:func:`fold_latin`); Arabic tokens lose their ``ال`` prefix and are
    folded by :func:`chorus.text.normalize_arabic`.

    >>> name_tokens("Asaad Hassan Al-Shaibani")
    ('asaad', 'hassan', 'shaibani')
    >>> name_tokens("Defense Minister Murhaf Abu Qasra")[-1]
    'abuqasra'
    >>> name_tokens("مرهف أبو قصرة")
    ('مرهف', 'ابوقصره')
    """
    out: list[str] = []
    glue = ""
    for raw in re.split(r"[\s\-‐–]+", text.strip()):
        if not raw:
            continue
        if _ARABIC.search(raw):
            tok = normalize_arabic(raw)
            tok = re.sub(r"[^\u0621-\u064a]", "", tok)
            if tok.startswith("ال") and len(tok) > 4:
                tok = tok[2:]
            if tok in PARTICLES_ARABIC:
                glue += tok
                continue
        else:
            tok = "".join(_WORD.findall(fold_latin(raw)))
            if tok.endswith("s") and raw.endswith(("'s", "’s")):
                tok = tok[:-1]
            if tok in ARTICLES_LATIN:
                continue
            if tok in PARTICLES_LATIN:
                glue += tok
                continue
        if tok:
            out.append(glue + tok)
            glue = ""
    if glue:
        out.append(glue)
    return tuple(out)


def name_key(text: str) -> str:
    """One normalized key for a whole name: ``" ".join(name_tokens(text))``.

    >>> name_key("al-Shaibani") == name_key("Al Shaibani") == name_key("Al-Shaibani’s")
    True
    """
    return " ".join(name_tokens(text))


# --- consonant skeletons ---------------------------------------------------------------------------

_LATIN_DIGRAPHS = (
    ("sch", "S"),
    ("tch", "S"),
    ("tsh", "S"),
    ("sh", "S"),
    ("ch", "S"),
    ("zh", "J"),
    ("kh", "K"),
    ("gh", "G"),
    ("th", "T"),
    ("dh", "D"),
    ("ph", "F"),
    ("ck", "K"),
    ("qu", "K"),
    ("x", "KS"),
)
_LATIN_SINGLE = str.maketrans(
    {
        "b": "B", "p": "B", "f": "F", "v": "F", "t": "T", "d": "D", "s": "S", "z": "S", "c": "K",
        "k": "K", "q": "K", "g": "G", "j": "J", "l": "L", "r": "R", "m": "M", "n": "N",
        "h": "H", "a": None, "e": None, "i": None, "o": None, "u": None, "y": None, "w": None,
    }
)  # fmt: skip
_ARABIC_SINGLE = str.maketrans(
    {
        "ب": "B", "پ": "B", "ت": "T", "ث": "T", "ج": "J", "خ": "K", "د": "D", "ذ": "D", "ر": "R",
        "ز": "S", "س": "S", "ش": "S", "ص": "S", "ض": "D", "ط": "T", "ظ": "D", "غ": "G", "ف": "F",
        "ڤ": "F", "ق": "K", "ك": "K", "گ": "G", "ل": "L", "م": "M", "ن": "N", "ح": "H", "ه": "H",
    }
)  # fmt: skip
_COARSE = str.maketrans({"L": "R", "D": "T", "J": "K", "G": "K", "N": "M", "F": "B", "S": "S"})


def skeleton(token: str) -> str:
    """The consonant skeleton of one name token, comparable across Latin and Arabic script.

    >>> skeleton("Qasra"), skeleton("Kasra"), skeleton("قصرة")
    ('KSR', 'KSR', 'KSR')
    """
    if _ARABIC.search(token):
        t = normalize_arabic(token)
        t = t.replace("تش", "ش")
        out = "".join(ch for ch in t.translate(_ARABIC_SINGLE) if ch.isascii() and ch.isupper())
    else:
        t = "".join(c for c in fold_latin(token) if c.isalpha() and c.isascii())
        t = re.sub(r"c(?=[eiy])", "s", t)
        for a, b in _LATIN_DIGRAPHS:
            t = t.replace(a, b)
        out = "".join(ch for ch in t.translate(_LATIN_SINGLE) if ch.isupper())
    out = re.sub(r"(.)\1+", r"\1", out)
    return out[:-1] if len(out) > 1 and out.endswith("H") else out


def coarse(skel: str) -> str:
    """Fold the confusions of machine translation into a skeleton (l/r, t/d, g/j/k, m/n, f/b)."""
    return re.sub(r"(.)\1+", r"\1", skel.translate(_COARSE))


@lru_cache(maxsize=65536)
def _keys(token: str) -> tuple[str, str]:
    s = skeleton(token)
    return s, coarse(s)


@lru_cache(maxsize=262144)
def token_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two name tokens, in any script.

    The best of: the Latin string ratio (same script only), the skeleton ratio, and the coarse
    skeleton ratio discounted by 0.1 (a coarse match is weaker evidence).

    >>> token_similarity("sergey", "sergei") == 1.0
    True
    >>> token_similarity("shaibani", "assad") < 0.5
    True
    """
    if a == b:
        return 1.0
    sa, ca = _keys(a)
    sb, cb = _keys(b)
    best = 0.0
    if not (_ARABIC.search(a) or _ARABIC.search(b)):
        best = ratio(a, b) / 100.0
    if sa and sb:
        if sa == sb:
            return max(best, 1.0 if min(len(sa), len(sb)) >= 2 else 0.9)
        best = max(best, 1.0 - Levenshtein.normalized_distance(sa, sb))
        best = max(best, 0.9 - (0.0 if ca == cb else Levenshtein.normalized_distance(ca, cb)))
    return best


# --- romanization ----------------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def romanize(arabic: str, top_k: int = 5) -> tuple[str, ...]:
    """Up to ``top_k`` Latin spellings of an Arabic name (``arabic-name-romanizer``), best first.

    Returns an empty tuple when the romanizer is not installed or fails on the input.

    >>> "Murhaf Abu Qasra" in romanize("مرهف أبو قصرة")  # doctest: +SKIP
    True
    """
    try:
        from arabic_name_romanizer import transliterate
    except ImportError:  # pragma: no cover - the package is a dependency
        return ()
    try:
        cands = transliterate(arabic, top_k=top_k)
    except Exception:  # a romanizer failure must not fail the stage
        return ()
    seen: dict[str, None] = {}
    for c in cands:
        text = getattr(c, "text", str(c))
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


@lru_cache(maxsize=16384)
def latin_readings(text: str, top_k: int = 5) -> tuple[tuple[str, ...], ...]:
    """Token tuples under which a name can be compared with Latin names.

    A Latin name has one reading (its :func:`name_tokens`); an Arabic name has its own Arabic
    tokens (compared through skeletons) plus one reading per romanization candidate.
    """
    own = name_tokens(text)
    if not is_arabic(text):
        return (own,)
    out = [own]
    for cand in romanize(text, top_k):
        toks = name_tokens(cand)
        if toks and toks not in out:
            out.append(toks)
    return tuple(out)


def name_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Similarity of two whole names given as token sequences (order kept, tokens glued).

    >>> name_similarity(("putin",), ("بوتين",)) >= 0.9
    True
    """
    if not a or not b:
        return 0.0
    return token_similarity("".join(a), "".join(b))


# --- titles ----------------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def titles(language: str, modifiers: bool = True) -> tuple[tuple[str, ...], ...]:
    """Titles and ranks of ``lang/<language>/titles.txt`` as normalized token tuples, longest first.

    Lines starting with ``+`` are modifiers (nationality adjectives: "Russian", "الروسي"), kept
    only when ``modifiers`` is true.
    """
    try:
        raw = resources.files("chorus").joinpath("lang", language, "titles.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return ()
    out = set()
    for line in raw.splitlines():
        line = line.strip()
        if line.startswith("+"):
            if not modifiers:
                continue
            line = line[1:].strip()
        if line and not line.startswith("#"):
            toks = tuple(_fold_token(t) for t in line.split())
            out.add(toks)
    return tuple(sorted(out, key=len, reverse=True))


def _fold_token(tok: str) -> str:
    if _ARABIC.search(tok):
        return normalize_arabic(tok)
    return fold_latin(tok).strip(".,")


def strip_titles(text: str, start: int, end: int, person: bool = True) -> tuple[int, int]:
    """Shrink ``text[start:end]`` past leading titles, ranks and articles ("Defense Minister Major
    General Marhaf Abu Qasra" → "Marhaf Abu Qasra"; "الرئيس الروسي فلاديمير بوتين" keeps its name).

    Also drops a trailing possessive ``'s`` and surrounding punctuation. Returns the new span;
    an all-title span is returned unchanged. With ``person=False`` (organisations, places) only a
    leading "the" goes: "the Syrian Army" → "Syrian Army".
    """
    lang = "ar" if _ARABIC.search(text[start:end]) else "en"
    table = titles(lang) if person else (("the",),)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    words = [(start + s, start + e) for s, e in words]
    i = 0
    changed = True
    while changed and i < len(words) - 1:
        changed = False
        for t in table:
            n = len(t)
            if i + n < len(words) and tuple(_fold_token(text[s:e]) for s, e in words[i : i + n]) == t:
                i += n
                changed = True
                break
    if i >= len(words):
        return start, end
    s, e = words[i][0], words[-1][1]
    while s < e and not text[s].isalnum():
        s += 1
    for suffix in ("'s", "’s"):
        if text[s:e].endswith(suffix):
            e -= len(suffix)
    while e > s and not text[e - 1].isalnum():
        e -= 1
    return (s, e) if e > s else (start, end)


# --- many-to-many matching -------------------------------------------------------------------------

WEIGHTS = (1.0, 0.5, 2.0, 0.5)
"""Weights of (skeleton, coarse skeleton, romanized Jaro-Winkler, romanized skeleton) in
:func:`cross_script_scores`, calibrated on a 1,000-pair sample of ANETAC train."""


def cross_script_scores(arabic: Sequence[str], latin: Sequence[str], top_k: int = 5) -> np.ndarray:
    """Score every Arabic name against every Latin name (higher = more likely the same name).

    Combines the skeleton similarity of the Arabic spelling itself with the best similarity of
    its ``top_k`` romanizations, so both "Putin"/"بوتين" (skeletons) and "Lewyllie"/"لويلي"
    (romanizations) find each other.

    Args:
        arabic: Names in Arabic script.
        latin: Names in Latin script.
        top_k: Romanization candidates per Arabic name.

    Returns:
        A float array of shape ``(len(arabic), len(latin))``; ``argmax(1)`` retrieves the Latin
        form of each Arabic name and ``argmax(0)`` the Arabic form of each Latin name.
    """
    from rapidfuzz.distance import JaroWinkler
    from rapidfuzz.process import cdist

    def skel(name: str) -> str:
        return "".join(skeleton(t) for t in name_tokens(name))

    a_sk = [skel(a) for a in arabic]
    l_sk = [skel(x) for x in latin]
    l_lat = [" ".join(name_tokens(x)) for x in latin]
    lev = Levenshtein.normalized_similarity
    w1, w2, w3, w4 = WEIGHTS
    out = w1 * cdist(a_sk, l_sk, scorer=lev, dtype=np.float32)
    out += w2 * cdist([coarse(s) for s in a_sk], [coarse(s) for s in l_sk], scorer=lev, dtype=np.float32)
    roms = [romanize(a, top_k) for a in arabic]
    best_jw = np.zeros_like(out)
    best_sk = np.zeros_like(out)
    for k in range(top_k):
        have = np.array([[1.0 if len(r) > k else 0.0] for r in roms], dtype=np.float32)
        if not have.any():
            break
        decay = 1.0 - 0.02 * k
        rl = [" ".join(name_tokens(r[k])) if len(r) > k else "" for r in roms]
        best_jw = np.maximum(best_jw, decay * have * cdist(rl, l_lat, scorer=JaroWinkler.normalized_similarity))
        rs = [skel(r[k]) if len(r) > k else "" for r in roms]
        best_sk = np.maximum(best_sk, decay * have * cdist(rs, l_sk, scorer=lev))
    out += w3 * best_jw + w4 * best_sk
    return out
