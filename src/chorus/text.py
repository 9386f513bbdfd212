"""Text utilities shared by every stage: normalization, content hashes, sentences, tokens.

All functions are pure. Sentence spans are offsets into the text given, so evidence stays exact.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from chorus.model import Article, Sentence

# Arabic letter normalization (the usual IR folding): alef forms -> bare alef, ta marbuta -> ha,
# alef maqsura -> ya, drop tatweel and diacritics (harakat, shadda, sukun, superscript alef).
_AR_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def normalize_arabic(text: str) -> str:
    """Fold Arabic letter variants and strip diacritics and tatweel.

    >>> normalize_arabic("إِلى الْمَدْرَسَةِ")
    'الي المدرسه'
    """
    return _AR_DIACRITICS.sub("", text).translate(_AR_FOLD)


def normalize(text: str) -> str:
    """Normalize text for comparison: NFKC, case fold, Arabic folding, collapsed white space.

    >>> normalize("  SANA\\u00a0Reported ")
    'sana reported'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", normalize_arabic(text)).strip()


def content_hash(text: str, length: int = 16) -> str:
    """The article id: the first ``length`` hex digits of sha256 over the normalized text."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:length]


def tokens(text: str) -> list[str]:
    """Normalized word tokens (Unicode-aware, so Arabic words are tokens too)."""
    return _WORD.findall(normalize(text))


# --- sentences -----------------------------------------------------------------------------------

_PYSBD_LANGS = frozenset(
    [
        "en",
        "hi",
        "mr",
        "zh",
        "es",
        "am",
        "ar",
        "hy",
        "bg",
        "ur",
        "ru",
        "pl",
        "fa",
        "nl",
        "da",
        "fr",
        "my",
        "el",
        "it",
        "ja",
        "de",
        "kk",
        "sk",
    ]
)


@lru_cache(maxsize=32)
def _segmenter(lang: str):  # type: ignore[no-untyped-def]
    import pysbd

    return pysbd.Segmenter(language=lang if lang in _PYSBD_LANGS else "en", clean=False, char_span=True)


_PARA = re.compile(r"\n\s*\n|\n")


def _paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in _PARA.finditer(text, start, end):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < end:
        yield pos, end


def split_sentences(text: str, start: int = 0, end: int | None = None, lang: str = "en") -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, never crossing a paragraph break.

    Uses pysbd (rule-based, knows abbreviations and Arabic punctuation) per paragraph; spans are
    trimmed of surrounding white space.

    >>> t = "Mr. Putin met them. They talked."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Mr. Putin met them.', 'They talked.']
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    seg = _segmenter(lang)
    for p0, p1 in _paragraphs(text, start, end):
        para = text[p0:p1]
        if not para.strip():
            continue
        pieces = seg.segment(para)
        cursor = 0
        for piece in pieces:
            s = para.find(piece.sent, cursor) if hasattr(piece, "sent") else -1
            if s < 0:
                s = cursor
            e = s + len(piece.sent)
            cursor = e
            a, b = s, e
            while a < b and para[a].isspace():
                a += 1
            while b > a and para[b - 1].isspace():
                b -= 1
            if b > a:
                spans.append((p0 + a, p0 + b))
    return spans


def sentences(article: Article) -> list[Sentence]:
    """Every sentence of an article, segment by segment, with its language."""
    out: list[Sentence] = []
    for seg in article.segments:
        for a, b in split_sentences(article.text, seg.start, seg.end, seg.language):
            out.append(Sentence(article=article.id, start=a, end=b, text=article.text[a:b], language=seg.language))
    return out
