"""Cheap, language-aware evidence for story clustering: leads, a proxy entity bag, pair features.

The entities stage is heavier and runs after clustering, so clustering uses a proxy bag of "keys":

- numbers in any script (``٢٠٢٥``, ``२००५`` and ``2005`` all become ``#2005``), which link articles
  across languages and scripts;
- capitalized words of cased scripts (Latin, Greek, Cyrillic) that do not open a sentence, or that open a
  run of two or more capitalized words, folded to lower case without accents and cut to 6 letters so
  that inflected forms meet (Czech ``Bushem`` and English ``Bush`` both give ``bush``... nearly:
  ``bushem`` vs ``bush``; the cut mostly helps long names);
- Latin-script words inside non-Latin text (names left untranslated, acronyms);
- gazetteer names, ``@`` and the canonical name of a place or organisation, folded whole (``@moscow``,
  ``@united states``), so that Arabic, which has no capitals, has names too: in Arabic-script text every
  alias the gazetteer finds (:class:`chorus.stages.entities_gazetteer.Gazetteer`, the entities stage's
  own matcher, with the optional leading clitic) gives its canonical name (``وموسكو`` gives ``@moscow``;
  ``سانا`` and ``وكالة الأنباء السورية`` give ``@sana``), and in Latin text a run of capitalized words
  that spells a canonical name whole gives it too (``Moscow`` gives ``moscow`` and ``@moscow``;
  ``Jordanian`` and ``Colombo`` give no ``@jordan`` nor ``@colombia``). The Latin side is a dictionary
  look-up over the words already read, not a second gazetteer pass, so English articles, most of the
  stream, pay almost nothing for it.

Weekday and month names are no keys (:func:`calendar_words`, from the date lexicons): capitalized
though they are, they name no one, and in a small batch their idf is as high as a rare name's, so
four unrelated one-line reports, two "on Monday" and two "on Tuesday", made two stories.

Keys are weighted by inverse document frequency, counted online by the clusterer, so frequent keys
(``The``, ``2005`` in a year of news) carry little weight without any word list. Keys
compare only within a *class* (numbers, Latin, Greek, Cyrillic, gazetteer names): an Arabic article
can only share numbers, Latin words and gazetteer names with an English story, so coverage is measured
over what both sides can say. Gazetteer names are a class of their own, compared only between sides
that share no cased script (:func:`comparable_classes`): they stand in for the capitalized names an
Arabic article cannot write, so an English article's many capitalized words do not count against an
Arabic story that can only say the few names the gazetteer knows, and two English articles compare
as before (their gazetteer names only repeat their capitalized words).

Years (four-digit numbers 1900-2099) also make a separate signal: the years an article mentions most
against those its story's articles mention most, since look-alike events (two rehab stays, two title
fights of one boxer) are usually years apart.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from chorus.model import Article
from chorus.stages.entities_gazetteer import Gazetteer
from chorus.stages.temporal_base import LANG_DIR

# A word of letters (any script), or a run of digits with optional separators.
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*\d|\d", re.UNICODE)
_SENT_END = re.compile(r"[.!?;:»\"”)\]]\s*$|^\s*$")
_KEY_LEN = 6
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
FEATURE_NAMES = (
    "main_sim",  # cosine of title+lead to the story centroid in a shared main space (USE)
    "main_has",
    "main_near",  # the best cosine to one of the story's recent articles, same space
    "bridge_sim",  # the same in the bridge space (multilingual-e5), when no main space is shared
    "bridge_has",
    "bridge_near",
    "key_cover",  # idf share of the article's keys that the story has seen
    "key_mass",  # log1p of the idf mass they share
    "lead_has",  # whether the leads share a script with names (else lead_cover and story_cover are 0)
    "lead_cover",  # idf share of the keys of the article's lead that its story's articles led with too
    "story_cover",  # idf share of the story's lead keys (weighted by how many members lead with them) in the article
    "term_cos",  # tf-idf cosine of the words, same language only
    "same_lang",
    "year_share",  # share of the article's most-mentioned years among the story's
    "year_has",
    "days_apart",  # days between the article and the story's date range, /30, capped at 1
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


def _capitalized(word: str) -> bool:
    return _cased(word[0]) and word[0].isupper() and not (word.isupper() and len(word) == 1)


def _name_run(name: str) -> tuple[tuple[str, ...], int] | None:
    """A canonical name as running text spells it: its capitalized words folded whole (not cut, so that
    "Colombo" is not "Colombia" nor "Jordanian" "Jordan"), and how many words it spans from the first to
    the last of them ("Bank of England": 3); a leading "The" may be lower case in the text and is left
    out. None when a word that is not capitalized ends the name ("France 24"): the text's capitalized
    words could not tell it from "France"."""
    words = [m.group() for m in _WORD.finditer(name)]
    if words and words[0].casefold() == "the":
        words = words[1:]
    at = [i for i, w in enumerate(words) if _capitalized(w)]
    if not at or at[-1] != len(words) - 1 or at[0] != 0:
        return None
    return tuple(_fold(words[i]) for i in at), at[-1] + 1


@dataclass(frozen=True, slots=True)
class _Names:
    """The gazetteer as clustering uses it: the matcher, each canonical name's ``@`` key, and the
    canonical names as runs of Latin keys (with the word span each run must cover in the text)."""

    gazetteer: Gazetteer
    key: dict[str, str]
    runs: dict[tuple[str, ...], tuple[str, int]]
    longest: dict[str, int]  # first key of a run -> the most keys a run starting with it has


@lru_cache(maxsize=1)
def _names() -> _Names:
    gaz = Gazetteer.packaged()
    key: dict[str, str] = {}
    runs: dict[tuple[str, ...], tuple[str, int]] = {}
    for e in gaz.entries:
        key[e.canonical] = "@" + " ".join(_fold(m.group()) for m in _WORD.finditer(e.canonical))
        run = _name_run(e.canonical)
        if run:
            runs.setdefault(run[0], (key[e.canonical], run[1]))
    longest: dict[str, int] = {}
    for keys in runs:
        longest[keys[0]] = max(longest.get(keys[0], 0), len(keys))
    return _Names(gaz, key, runs, longest)


def _gazetteer_keys(text: str, names: list[tuple[int, str]], bag: Counter[str]) -> None:
    """Add the ``@`` keys of the gazetteer's names in ``text``: runs of the text's Latin name keys
    (``names``: token index and whole folded word, in order) that spell a canonical name, longest first, and, in
    Arabic-script text, the aliases the gazetteer finds there."""
    nm = _names()
    i = 0
    while i < len(names):
        for n in range(min(nm.longest.get(names[i][1], 0), len(names) - i), 0, -1):
            hit = nm.runs.get(tuple(k for _, k in names[i : i + n]))
            if hit and names[i + n - 1][0] - names[i][0] + 1 == hit[1]:
                bag[hit[0]] += 1
                i += n
                break
        else:
            i += 1
    if _ARABIC_SCRIPT.search(text):
        for g in nm.gazetteer.find(text):
            if g.canonical in nm.key and _ARABIC_SCRIPT.search(text, g.start, g.end):
                bag[nm.key[g.canonical]] += 1


@lru_cache(maxsize=1)
def calendar_words() -> frozenset[str]:
    """Weekday and month names of every language with a date lexicon (``lang/<iso>/dates.json``),
    folded as keys are: full names and long abbreviations ("Tues", "Sept"), less the ones that are
    also words or names (the lexicon's ``ambiguous_months``: May, March) and the three-letter
    abbreviations (Sun, Sat, Wed, Jan).

    >>> {"monday", "september", "tues"} <= calendar_words(), "may" in calendar_words()
    (True, False)
    """
    out: set[str] = set()
    for path in sorted(LANG_DIR.glob("*/dates.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        ambiguous = {_fold(w) for w in data.get("ambiguous_months", [])}
        for table in ("weekdays", "months"):
            out.update(w for w in map(_fold, data.get(table, {})) if len(w) > 3 and w not in ambiguous)
    return frozenset(out)


def entity_keys(text: str, limit: int = 4000) -> Counter[str]:
    """The proxy entity bag of a text: numbers and capitalized names as folded keys.

    Args:
        text: any text, any language.
        limit: only the first ``limit`` characters are read (the lead carries the event).

    Returns:
        A Counter of keys, e.g. ``{"#2005": 2, "putin": 1, "shaiba": 1}``.

    >>> sorted(entity_keys("Russian President Vladimir Putin met al-Shaibani in Moscow in 2025."))
    ['#2025', '@moscow', 'moscow', 'presid', 'putin', 'russia', 'vladim']
    >>> sorted(entity_keys("استقبل بوتين في موسكو الوزيرين، بحسب وكالة الأنباء السورية سانا"))
    ['@moscow', '@sana']
    """
    text = text[:limit]
    bag: Counter[str] = Counter()
    names: list[tuple[int, str]] = []
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
        folded = _fold(tok)
        if folded in calendar_words():
            continue
        bag[folded[:_KEY_LEN]] += 1
        names.append((i, folded))
    _gazetteer_keys(text, names, bag)
    return bag


_TERM = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def term_counts(text: str, limit: int = 4000) -> Counter[str]:
    """Folded word counts of a text (words of 3+ letters, any script), for lexical similarity."""
    return Counter(_fold(w)[: _KEY_LEN + 2] for w in _TERM.findall(text[:limit]))


def term_norm(terms: Mapping[str, int], df: Mapping[str, int], n_docs: int) -> float:
    """Length of the sublinear tf-idf vector of a word bag."""
    return math.sqrt(sum(((1.0 + math.log(tf)) * idf(df.get(t, 0), n_docs)) ** 2 for t, tf in terms.items()))


TermWeights = tuple[dict[str, tuple[float, float]], float]  # term -> (weight, idf), and the vector's length


def term_weights(terms: Mapping[str, int], df: Mapping[str, int], n_docs: int) -> TermWeights:
    """An article's sublinear tf-idf weights (with each term's idf) and their length, computed once per
    article and reused for every candidate story (:func:`term_cosine`)."""
    out: dict[str, tuple[float, float]] = {}
    na = 0.0
    for term, tf in terms.items():
        i = idf(df.get(term, 0), n_docs)
        w = (1.0 + math.log(tf)) * i
        out[term] = (w, i)
        na += w * w
    return out, math.sqrt(na)


def term_cosine(article: TermWeights, story: Mapping[str, int], story_norm: float) -> float:
    """Cosine of sublinear tf-idf vectors of an article's words (:func:`term_weights`) and a story's
    word bag (0 when none shared); ``story_norm`` is :func:`term_norm` of the story bag, cached by the
    caller and refreshed as the idf drifts, so the value can run slightly above 1 (clipped)."""
    weights, na = article
    if not weights or not story or story_norm <= 0 or na <= 0:
        return 0.0
    dot = 0.0
    for term, (w, i) in weights.items():
        stf = story.get(term)
        if stf:
            dot += w * (1.0 + math.log(stf)) * i
    return min(1.0, dot / (na * story_norm)) if dot else 0.0


def language_texts(article: Article, limit: int) -> dict[str, str]:
    """Title plus the text of each language of the article (its segments in order, joined by newlines),
    about ``limit`` characters each, as ``{language: text}``; ``und`` when the article has no segments."""
    segments = article.segments or ()
    if not segments:
        return {"und": ((article.title or "") + "\n" + article.text).strip()[: limit + 1]}
    parts: dict[str, list[str]] = {}
    size: dict[str, int] = {}
    for seg in segments:
        if size.get(seg.language, 0) >= limit:
            continue
        if seg.language not in parts:
            parts[seg.language] = [article.title] if article.title and not parts else []
            size[seg.language] = len(article.title or "") if parts[seg.language] else 0
        body = article.text[seg.start : seg.end].strip()
        if body:
            parts[seg.language].append(body)
            size[seg.language] += len(body) + 1
    texts = {lang: "\n".join(p).strip() for lang, p in parts.items()}
    return {k: v for k, v in texts.items() if v}


def lead_text(article: Article, chars: int) -> dict[str, str]:
    """Title plus the opening of each language of the article, as ``{language: text}``.

    An article with an Arabic original and an English translation gives two leads, so it can be
    compared in each language's vector space. A language's lead gathers its segments in order until
    ``chars`` characters: a first segment that is only a section label ("MIDDLE EAST") or a one-line
    kicker must not stand for the whole article.
    """
    return {lang: _cut(text, chars) for lang, text in language_texts(article, chars).items()}


def _cut(text: str, chars: int) -> str:
    if len(text) <= chars:
        return text
    cut = text[:chars]
    end = max(cut.rfind(". "), cut.rfind("\n"), cut.rfind("。"), cut.rfind("۔ "))
    return cut[: end + 1] if end > chars // 2 else cut


def key_class(key: str) -> int:
    """What a key is: 0 numbers, 1 Latin, 2 Greek, 3 Cyrillic, 4 any other script, 5 gazetteer names."""
    first = key[0]  # hot (every key of every candidate): no startswith
    if first == "#":
        return 0
    if first == "@":
        return 5
    o = ord(first)
    return 1 if o < 0x370 else 2 if o < 0x400 else 3 if o < 0x530 else 4


_CASED_CLASSES = frozenset({1, 2, 3})
_GAZETTEER_CLASS = 5


def comparable_classes(a: frozenset[int] | set[int], b: frozenset[int] | set[int]) -> frozenset[int]:
    """The key classes two sides can both say: those they share, less gazetteer names when they
    share a cased script (whose capitalized words already name those places and organisations).

    >>> sorted(comparable_classes({0, 1, 5}, {0, 5})), sorted(comparable_classes({0, 1, 5}, {1, 5}))
    ([0, 5], [1])
    """
    shared = frozenset(a & b)
    return shared - {_GAZETTEER_CLASS} if shared & _CASED_CLASSES else shared


def modal_years(keys: Mapping[str, int]) -> frozenset[int]:
    """The year(s) a key bag mentions most (four-digit numbers 1900-2099), empty when none."""
    years = {int(k[1:]): n for k, n in keys.items() if len(k) == 5 and k[1:3] in ("19", "20") and k[0] == "#"}
    if not years:
        return frozenset()
    top = max(years.values())
    return frozenset(y for y, n in years.items() if n == top)


def idf(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency of a key seen in ``df`` of ``n_docs`` articles."""
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def key_features(
    article_keys: Mapping[str, int],
    story_keys: Mapping[str, int],
    df: Mapping[str, int],
    n_docs: int,
    classes: frozenset[int] | set[int] | None = None,
) -> tuple[float, float]:
    """Overlap of an article's keys with a story's bag.

    Args:
        article_keys: the article's keys.
        story_keys: the story's keys.
        df: document frequency of each key; n_docs: articles counted in ``df``.
        classes: only keys of these :func:`key_class` classes count (those the other side has).

    Returns:
        ``(cover, mass)``: the idf-weighted share of the article's keys that the story has seen,
        and ``log1p`` of the idf mass they share (a few rare shared names weigh more than many
        common ones). The share counts one unseen, unshared key more in the total (add-one
        smoothing), so that an article with a single key, e.g. only a year, is not "fully covered".
    """
    total, shared = idf(0, n_docs), 0.0
    for key in article_keys:
        if classes is not None and key_class(key) not in classes:
            continue
        w = idf(df.get(key, 0), n_docs)
        total += w
        if key in story_keys:
            shared += w
    return shared / total, math.log1p(shared)


def story_cover(
    story_lead: Mapping[str, int],
    members: int,
    article_keys: Mapping[str, int],
    df: Mapping[str, int],
    n_docs: int,
    classes: frozenset[int] | set[int],
) -> float:
    """Idf share of a story's lead keys that an article mentions, each weighted by the share of the
    story's articles that lead with it (what the story is about, seen from the story's side);
    smoothed like :func:`key_features`."""
    total, shared = idf(0, n_docs), 0.0
    for key, n in story_lead.items():
        if key_class(key) not in classes:
            continue
        w = idf(df.get(key, 0), n_docs) * n / members
        total += w
        if key in article_keys:
            shared += w
    return shared / total
