"""Cheap, language-aware evidence for story clustering: leads, a proxy entity bag, pair features.

The entities stage is heavier and runs after clustering, so clustering uses a proxy bag of "keys":

- numbers in any script (``٢٠٢٥``, ``२००५`` and ``2005`` all become ``#2005``), which link articles
  across languages and scripts;
- capitalized words of cased scripts (Latin, Greek, Cyrillic) that do not open a sentence, or that open a
  run of two or more capitalized words, folded to lower case without accents and cut to 6 letters so
  that inflected forms meet (Czech ``Bushem`` and English ``Bush`` both give ``bush``... nearly:
  ``bushem`` vs ``bush``; the cut mostly helps long names);
- Latin-script words inside non-Latin text (names left untranslated, acronyms).

Keys are weighted by inverse document frequency, counted online by the clusterer, so frequent keys
(``The``, month names, ``2005`` in a year of news) carry little weight without any word list.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping

from chorus.model import Article

# A word of letters (any script), or a run of digits with optional separators.
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*\d|\d", re.UNICODE)
_SENT_END = re.compile(r"[.!?;:»\"”)\]]\s*$|^\s*$")
_KEY_LEN = 6
FEATURE_NAMES = (
    "main_sim",
    "main_has",
    "bridge_sim",
    "bridge_has",
    "key_cover",
    "key_mass",
    "term_cos",
    "same_lang",
    "days_apart",
    "has_days",
    "log_size",
)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _cased(ch: str) -> bool:
    return ch.lower() != ch.upper()


def _number_key(tok: str) -> str | None:
    digits = [unicodedata.digit(c, -1) for c in tok if c not in ".,"]
    if not digits or any(d < 0 for d in digits):
        return None
    head = "".join(str(d) for d in digits).lstrip("0")
    if len(head) < 2:  # "1", "5": too common to mean anything
        return None
    return "#" + head


def entity_keys(text: str, limit: int = 4000) -> Counter[str]:
    """The proxy entity bag of a text: numbers and capitalized names as folded keys.

    Args:
        text: any text, any language.
        limit: only the first ``limit`` characters are read (the lead carries the event).

    Returns:
        A Counter of keys, e.g. ``{"#2005": 2, "putin": 1, "shaiba": 1}``.

    >>> sorted(entity_keys("Russian President Vladimir Putin met al-Shaibani in Moscow in 2025."))
    ['#2025', 'al-sha', 'moscow', 'presid', 'putin', 'vladim']
    """
    text = text[:limit]
    bag: Counter[str] = Counter()
    toks = list(_WORD.finditer(text))
    for i, m in enumerate(toks):
        tok = m.group()
        if tok[0].isdigit():
            key = _number_key(tok)
            if key:
                bag[key] += 1
            continue
        first = tok[0]
        if not _cased(first) or not first.isupper():
            continue
        if tok.isupper() and len(tok) == 1:
            continue
        opens = _SENT_END.search(text[max(0, m.start() - 3) : m.start()]) is not None
        if opens:
            nxt = toks[i + 1].group() if i + 1 < len(toks) else ""
            if not (nxt and _cased(nxt[0]) and nxt[0].isupper()):
                continue
        bag[_fold(tok)[:_KEY_LEN]] += 1
    return bag


_TERM = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def term_counts(text: str, limit: int = 4000) -> Counter[str]:
    """Folded word counts of a text (words of 3+ letters, any script), for lexical similarity."""
    return Counter(_fold(w)[: _KEY_LEN + 2] for w in _TERM.findall(text[:limit]))


def term_norm(terms: Mapping[str, int], df: Mapping[str, int], n_docs: int) -> float:
    """Length of the sublinear tf-idf vector of a word bag."""
    return math.sqrt(sum(((1.0 + math.log(tf)) * idf(df.get(t, 0), n_docs)) ** 2 for t, tf in terms.items()))


def term_cosine(
    article: Mapping[str, int], story: Mapping[str, int], df: Mapping[str, int], n_docs: int, story_norm: float
) -> float:
    """Cosine of sublinear tf-idf vectors of an article's and a story's words (0 when none shared).

    ``story_norm`` is :func:`term_norm` of the story bag (cached by the caller).
    """
    if not article or not story or story_norm <= 0:
        return 0.0
    dot = na = 0.0
    for term, tf in article.items():
        w = (1.0 + math.log(tf)) * idf(df.get(term, 0), n_docs)
        na += w * w
        stf = story.get(term)
        if stf:
            dot += w * (1.0 + math.log(stf)) * idf(df.get(term, 0), n_docs)
    return dot / (math.sqrt(na) * story_norm) if dot else 0.0


def lead_text(article: Article, chars: int) -> dict[str, str]:
    """Title plus the opening of each language of the article, as ``{language: text}``.

    An article with an Arabic original and an English translation gives two leads, so it can be
    compared in each language's vector space. A language's lead gathers its segments in order until
    ``chars`` characters: a first segment that is only a section label ("MIDDLE EAST") or a one-line
    kicker must not stand for the whole article.
    """
    segments = article.segments or ()
    if not segments:
        return {"und": _cut(((article.title or "") + "\n" + article.text).strip(), chars)}
    parts: dict[str, list[str]] = {}
    size: dict[str, int] = {}
    for seg in segments:
        if size.get(seg.language, 0) >= chars:
            continue
        if seg.language not in parts:
            parts[seg.language] = [article.title] if article.title and not parts else []
            size[seg.language] = len(article.title or "") if parts[seg.language] else 0
        body = article.text[seg.start : seg.end].strip()
        if body:
            parts[seg.language].append(body)
            size[seg.language] += len(body) + 1
    leads = {lang: _cut("\n".join(p).strip(), chars) for lang, p in parts.items()}
    return {k: v for k, v in leads.items() if v}


def _cut(text: str, chars: int) -> str:
    if len(text) <= chars:
        return text
    cut = text[:chars]
    end = max(cut.rfind(". "), cut.rfind("\n"), cut.rfind("。"), cut.rfind("۔ "))
    return cut[: end + 1] if end > chars // 2 else cut


def idf(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency of a key seen in ``df`` of ``n_docs`` articles."""
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def key_features(
    article_keys: Mapping[str, int], story_keys: Mapping[str, int], df: Mapping[str, int], n_docs: int
) -> tuple[float, float]:
    """Overlap of an article's keys with a story's bag.

    Returns:
        ``(cover, mass)``: the idf-weighted share of the article's keys that the story has seen,
        and ``log1p`` of the idf mass they share (a few rare shared names weigh more than many
        common ones).
    """
    total = shared = 0.0
    for key in article_keys:
        w = idf(df.get(key, 0), n_docs)
        total += w
        if key in story_keys:
            shared += w
    if total == 0:
        return 0.0, 0.0
    return shared / total, math.log1p(shared)
