"""Claim units: a sentence split into its proposition and its attribution, plus the quantities it states.

A claim unit is what :mod:`chorus.stages.claims` aligns across outlets and languages. The attribution
part ("according to SANA", ", the agency said", "وذكرت وكالة الأنباء السورية (سانا) أن") is cut off and
recorded; the proposition (what is claimed) keeps an exact span into the article text, so the brief can
quote it. A direct quotation keeps its speaker tag ('"...," he said.'), so that nobody's words read as
the outlet's own claim. Per-language cue words, number words and unit-noun families live in
``chorus/lang/<iso>/claims.json``.

Sentences come from :func:`chorus.text.sentences` (pysbd per paragraph). The issue wished for spaCy's
sentence boundaries for English; pysbd is used because it is rule-based (no model to inject), handles
abbreviations, gives one splitter for every language (Arabic included) and its spans are exact offsets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from chorus.model import Article, Sentence, Span
from chorus.text import normalize_arabic

_AR_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_END_PUNCT = frozenset(".!?…؟\"'”’»)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number stated in a sentence, with the unit-noun family it counts (``None`` if unknown)."""

    value: float
    family: str | None
    span: Span
    shared_unit: bool = False  # the unit is the next number's ("500 to 600 people": the 500)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimUnit:
    """One sentence as a claim: the proposition span, the attribution cue (if any) and its language."""

    sentence: Span
    proposition: Span
    attribution: Span | None
    language: str
    position: float  # relative position of the sentence in its article, 0 = first


@lru_cache(maxsize=32)
def _own_data(language: str) -> dict[str, Any] | None:
    try:
        path = resources.files("chorus") / "lang" / language / "claims.json"
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    except (FileNotFoundError, NotADirectoryError, OSError):
        return None


def has_own_data(language: str) -> bool:
    """Whether the language has its own ``claims.json`` (its own number words, units, report verbs)."""
    return _own_data(language) is not None


def lang_data(language: str) -> dict[str, Any]:
    """The ``claims.json`` data for a language (English data when the language has none). Cached: do
    not modify what it returns."""
    return _own_data(language) or _own_data("en") or {}


@lru_cache(maxsize=16)
def stopwords(language: str) -> frozenset[str]:
    """The language's stopwords from ``claims.json``, normalized like the text they are compared with."""
    from chorus.text import normalize

    words = lang_data(language).get("stopwords")
    if words is None and has_own_data(language):  # the language's file leaves them to spaCy's list
        words = _spacy_stopwords(language)
    return frozenset(normalize(w) for w in (words if words is not None else lang_data("en").get("stopwords", [])))


def _spacy_stopwords(language: str) -> list[str] | None:
    import importlib

    try:
        return sorted(importlib.import_module(f"spacy.lang.{language}.stop_words").STOP_WORDS)
    except (ImportError, AttributeError):
        return None


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=16)
def _cue_patterns(language: str) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """(leading, trailing) attribution patterns for a language; the proposition is group ``p``."""
    d = lang_data(language)
    verbs = _alt([v for v in d.get("report_verbs", []) if v != "according to"])
    lead = _alt(d.get("lead_cues", []))
    # "that" words and the space after them; an elided one ("qu'il") has none.
    thats = sorted(d.get("that_words", []), key=len, reverse=True)
    that = "(?:" + "|".join(re.escape(w) + ("" if w.endswith(("'", "’")) else r"\s+") for w in thats) + ")"
    that = that if thats else "(?!)"
    if language == "ar":
        leading = [
            re.compile(rf"^(?:[^،,.]{{0,60}}[،,]\s*)?(?:و|ف)?(?:{verbs})\s+(?:.{{1,80}}?\s+)?{that}(?P<p>.+)$", re.S),
            re.compile(rf"^(?:و)?(?:{lead})\s*[^،,]{{1,60}}[،,]\s*(?P<p>.+)$", re.S),
        ]
        trailing = [re.compile(rf"^(?P<p>.+?)\s*[،,]\s*(?:{lead}|(?:و|ف)?(?:{verbs}))\s[^،,]{{1,60}}[.]?$", re.S)]
        return leading, trailing
    subj = r"(?:[^\s,;:]+\s+){0,8}?[^\s,;:]+"
    # "said on Tuesday that"; other languages name the day without a preposition ("a déclaré mardi que").
    when = r"(?:\s+on\s+\w+)?" if language == "en" else rf"(?:\s+(?:{_alt(d.get('weekdays', []))}))?"
    leading = [
        # "According to X, ..." where X may hold a date's comma ("of December 26, 2004, it was ...").
        re.compile(rf"^(?:{lead})\s+(?:[^,]|,(?=\s*\d)){{1,90}},\s*(?P<p>.+)$", re.S | re.I),
        re.compile(rf"^(?:[^,]{{0,60}},\s+)?{subj}\s+(?:{verbs}){when}\s+{that}(?P<p>.+)$", re.S),
    ]
    trailing = [
        re.compile(rf"^(?P<p>.+?)[,]?[\"”]?\s*,?\s+(?:{lead})\s+[^,]{{1,90}}[.]$", re.S | re.I),
        re.compile(rf"^(?P<p>.+?),[\"”]?\s+(?:{subj}\s+(?:{verbs})|(?:{verbs})\s+{subj})(?:\s+on\s+\w+)?[.]$", re.S),
        re.compile(rf"^(?P<p>[\"“].+?),[\"”]\s+{subj}\s+(?:{verbs})(?:\s+\w+)?[.]$", re.S),
        # a verb that holds its subject ("..., a-t-il déclaré.", "», dit-elle."): nothing after it
        re.compile(rf"^(?P<p>.+?)\s*[»”\"]?\s*,\s*[»”\"]?\s*(?:{verbs})[.]$", re.S),
    ]
    return leading, trailing


def _split_attribution(text: str, language: str) -> tuple[int, int, tuple[int, int] | None]:
    """Offsets (within ``text``) of the proposition and of the attribution cue, if one is found."""
    leading, trailing = _cue_patterns("ar" if language == "ar" else language)
    start, end, cue = 0, len(text), None
    for pat in leading:
        m = pat.match(text)
        if m and len(m.group("p").split()) >= 4:
            start = m.start("p")
            cue = (0, start)
            break
    for pat in trailing:
        m = pat.match(text, start)
        if m and len(m.group("p").split()) >= 4:
            end = m.end("p")
            cue = (cue[0], len(text)) if cue else (end, len(text))
            break
    seg = text[start:end]
    # A direct quotation keeps its speaker: without "he said" a quote would read as the outlet's claim.
    if cue and seg[:1] in '"“«':
        return 0, len(text), cue
    while end > start and text[end - 1] in " ,،;:":
        end -= 1
    while start < end and text[start] in " ,،;:":
        start += 1
    return start, end, cue


def is_statement(text: str, min_words: int) -> bool:
    """True for a full sentence worth aligning: enough words and terminal punctuation (not a headline)."""
    words = text.split()
    if len(words) < min_words:
        return False
    return text.rstrip()[-1:] in _END_PUNCT


def merge_fragments(article: Article, sentences: list[Sentence]) -> list[Sentence]:
    """Join sentence pieces that a splitter cut at a comma (pysbd cuts Arabic text at "،").

    A piece is joined to the next one when it does not end with terminal punctuation and only spaces
    (no line break) separate them, so sentences never cross paragraphs.
    """
    out: list[Sentence] = []
    for s in sentences:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.article == s.article
            and prev.language == s.language
            and prev.text.rstrip()[-1:] in {"،", ",", ";", "؛"}
            and "\n" not in article.text[prev.end : s.start]
        ):
            out[-1] = Sentence(
                article=s.article,
                start=prev.start,
                end=s.end,
                text=article.text[prev.start : s.end],
                language=s.language,
            )
        else:
            out.append(s)
    return out


def claim_units(article: Article, sentences: list[Sentence], min_words: int = 6) -> list[ClaimUnit]:
    """Split an article's sentences into claim units (proposition + attribution).

    Args:
        article: the article the sentences belong to.
        sentences: its sentences (e.g. ``chorus.text.sentences(article)``).
        min_words: sentences with fewer words, or without terminal punctuation (headlines, captions),
            are not claims.

    Returns:
        One unit per kept sentence; ``article.text[u.proposition.start:u.proposition.end]`` is exact.
    """
    out: list[ClaimUnit] = []
    sentences = merge_fragments(article, sentences)
    n = max(1, len(sentences))
    for i, s in enumerate(sentences):
        text = article.text[s.start : s.end]
        if not is_statement(text, min_words):
            continue
        a, b, cue = _split_attribution(text, s.language)
        prop = Span(article=article.id, start=s.start + a, end=s.start + b, text=text[a:b])
        att = None
        if cue is not None:
            c0, c1 = cue
            att = Span(article=article.id, start=s.start + c0, end=s.start + c1, text=text[c0:c1])
        sent = Span(article=article.id, start=s.start, end=s.end, text=text)
        out.append(ClaimUnit(sentence=sent, proposition=prop, attribution=att, language=s.language, position=i / n))
    return out


# --- quantities ----------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def number_words(language: str) -> dict[str, float]:
    """The language's number words (lower case) with their values, and, when its ``claims.json`` sets
    ``compound_tens``, the hyphenated compounds of a tens word and a unit word ("twenty-eight": 28),
    and its ``count_adverbs`` ("once": 1, "twice": 2)."""
    d = lang_data(language)
    words = {k.lower(): float(v) for k, v in d.get("number_words", {}).items()}
    if d.get("compound_tens"):
        tens = {k: v for k, v in words.items() if v in {20, 30, 40, 50, 60, 70, 80, 90}}
        units = {k: v for k, v in words.items() if 1 <= v <= 9 and float(v).is_integer()}
        words |= {f"{t}-{u}": tv + uv for t, tv in tens.items() for u, uv in units.items()}
    words |= {k.lower(): float(v) for k, v in d.get("count_adverbs", {}).items()}
    return words


@lru_cache(maxsize=16)
def _age_pattern(language: str) -> re.Pattern[str] | None:
    """Ages: "29-year-old", "Twenty-eight-year-old" and, with ``age_apposition``, a name followed by a
    bare number between commas ("Geraldine Alcorn, 28,"); the number is group ``num``."""
    d = lang_data(language)
    suffix = d.get("age_suffix")
    if not suffix:
        return None
    num = rf"\d{{1,3}}|{_alt(list(number_words(language)))}"
    alts = [rf"(?<![\w-])(?P<num>{num})[\s-]{suffix}(?![\w])"]
    if d.get("age_apposition"):
        alts.append(r"(?-i:\b(?P<who>[A-Z][a-z]+), )(?P<num2>\d{1,3})(?=,)")
    return re.compile("|".join(alts), re.I)


@lru_cache(maxsize=16)
def _quantity_pattern(language: str) -> re.Pattern[str]:
    d = lang_data(language)
    words = _alt(list(number_words(language)))
    mult = _alt(list(d.get("multipliers", {})))
    frac = _alt(list(d.get("fractions", {})))
    # Thousands separators: "," and the Arabic "٬", and the Arabic comma "،" that translations often put
    # there ("175،000"); only between digits, so a list ("5، 6") is not one number.
    num = rf"\d{{1,3}}(?:[,٬،]\d{{3}})+(?:\.\d+)?|\d+(?:[.٫]\d+)?|{words}" if words else r"\d+(?:\.\d+)?"
    if d.get("decimal_comma"):  # "1,2 million", "395 000", "395.000", "1 234,5"; "1.5" (one or two
        # decimals after a dot cannot be a thousands group); "175,000" may be either: group "amb"
        num = (
            rf"(?P<amb>\d{{1,3}}(?:,\d{{3}})+(?![\d.,]))|\d{{1,3}}(?:[ \u00a0\u202f.]\d{{3}})+(?:,\d+)?"
            rf"|\d+\.\d{{1,2}}(?!\d)|\d+(?:,\d+)?|{words}"
        )
    return re.compile(
        rf"(?<![\w-])(?:(?P<frac>{frac})\s+(?P<fmult>{mult})|(?P<num>{num})"
        rf"(?:[\s-]+(?P<mult>{mult})(?:\s+(?P<mult2>{mult}))?)?)(?![\w-])",
        re.I,
    )


def _family_index(language: str) -> dict[str, str]:
    fams = lang_data(language).get("unit_families", {})
    norm = normalize_arabic if language == "ar" else str.lower
    return {norm(w): fam for fam, ws in fams.items() for w in ws}


@lru_cache(maxsize=16)
def _number_and_range_words(language: str) -> tuple[frozenset[str], frozenset[str]]:
    d = lang_data(language)
    return frozenset(w.lower() for w in d.get("number_words", {})), frozenset(d.get("range_words", []))


def _unit_family(rest: str, language: str) -> tuple[str | None, int, bool]:
    """The family of the first unit noun within the next few words, where that noun ends, and whether
    it came after another number.

    The search stops at the next number, which counts something of its own ("$8 million from 100,000
    people": the people are the 100,000), unless only a range word stands between them ("500 to 600
    people", "20 or 30 people"): then both count the same thing.
    """
    index = _family_index(language)
    norm = normalize_arabic if language == "ar" else str.lower
    numbers, ranges = _number_and_range_words(language)
    shared, between = False, list[str]()
    for m in re.finditer(r"[\w$€’'–-]+", rest[:60]):
        tok = m.group(0)
        if tok[0].isdigit() or tok.lower() in numbers:
            if not between or not all(w in ranges for w in between):
                break
            shared, between = True, list[str]()
            continue
        between.append(tok.lower())
        w = norm(tok).strip("-")
        elided = re.split(r"['’]", w)[-1]  # "d'euros", "d’habitants"
        arabic = (w[2:] if w.startswith("ال") else w, w[1:] if w.startswith("و") else w)
        for cand in (w, w.split("-")[-1], elided, *arabic):
            if cand in index:
                return index[cand], m.end(), shared
        if m.start() > 40:
            break
    two = norm(" ".join(rest.split()[:2]))
    if two in index:
        return index[two], len(rest[:60]), False
    return _noun_family(rest, language)


def _noun_family(rest: str, language: str) -> tuple[str | None, int, bool]:
    """A number's unit noun that no family lists: the first content word among the next two words,
    with only spaces between ("40 passengers", "12 new galleries"), singular and plural alike, so that
    "40 passengers" and "45 passengers" count the same kind of thing. Calendar words are dates, not
    units; punctuation or another number ends the search."""
    d = lang_data(language)
    calendar = {w.lower() for w in (*d.get("months", []), *d.get("weekdays", []))}
    numbers, _ = _number_and_range_words(language)
    stop = stopwords(language)
    m = re.match(r"\s+([^\W\d_][\w’'-]*)(?:\s+([^\W\d_][\w’'-]*))?", rest)
    for g in (1, 2):
        if m is None or m.group(g) is None:
            break
        word = (normalize_arabic(m.group(g)) if language == "ar" else m.group(g).lower()).strip("-")
        if word in numbers or word in calendar:
            break
        if len(word) < 3 or word in stop:
            continue
        if language != "ar" and len(word) > 3:
            word = word[:-3] + "y" if word.endswith("ies") else word[:-1] if re.search(r"[^s]s$", word) else word
        return word, m.end(g), False
    return None, 0, False


def quantities(unit_text: str, article: str, offset: int, language: str) -> list[Quantity]:
    """Numbers stated in ``unit_text`` (which starts at ``offset`` in the article), with unit families.

    Four-digit numbers between 1800 and 2100 are years (dates), not quantities, and are skipped. A
    language without its own number data (``lang/<language>/claims.json``) gives none: read with English
    rules, "177 millions de dollars" would be 177 and "1,2 million" 12 million, figures no source states.
    """
    if not has_own_data(language):
        return []
    d = lang_data(language)
    words = number_words(language)
    mults = {k.lower(): v for k, v in d.get("multipliers", {}).items()}
    fracs = {k.lower(): v for k, v in d.get("fractions", {}).items()}
    text = unit_text.translate(_AR_DIGITS)
    out: list[Quantity] = []
    ages: list[tuple[int, int]] = []
    age = _age_pattern(language)
    for m in age.finditer(text) if age else ():
        raw, g = (m.group("num"), "num") if m.group("num") else (m.group("num2"), "num2")
        value = words[raw.lower()] if raw.lower() in words else float(raw)
        calendar = {w.lower() for w in (*d.get("months", []), *d.get("weekdays", []))}
        if not 0 < value < 130 or (m.groupdict().get("who") or "").lower() in calendar:
            continue
        ages.append((m.start(g), m.end()))
        span = Span(
            article=article, start=offset + m.start(g), end=offset + m.end(), text=unit_text[m.start(g) : m.end()]
        )
        out.append(Quantity(value=value, family="age", span=span))
    for m in _quantity_pattern(language).finditer(text):
        if any(a <= m.start() < b for a, b in ages):
            continue
        if m.group("frac"):
            value = fracs[m.group("frac").lower()] * mults[m.group("fmult").lower()]
        else:
            raw = m.group("num").lower()
            if m.groupdict().get("amb"):  # "175,000" in a decimal-comma language: 175 or 175 thousand
                continue
            if raw in words:
                value = float(words[raw])
            else:
                try:
                    value = _number_value(raw, bool(d.get("decimal_comma")))
                except ValueError:
                    continue
                if not m.group("mult") and re.fullmatch(r"1[89]\d\d|20\d\d", raw):
                    continue
            if m.group("mult"):
                value *= mults[m.group("mult").lower()]
            if m.group("mult2"):  # "deux cent mille", "two hundred thousand"
                value *= mults[m.group("mult2").lower()]
        family, tail, shared = _unit_family(text[m.end() :], language)
        adverb = lang_data(language).get("count_adverbs", {})
        if m.group("num") and m.group("num").lower() in {k.lower() for k in adverb}:  # "twice": a count of times
            family, tail, shared = "times", 0, False
        end = m.end() + tail if not shared else m.end()  # a shared unit stays with its own number
        out.append(
            Quantity(
                value=value,
                family=family,
                span=Span(article=article, start=offset + m.start(), end=offset + end, text=unit_text[m.start() : end]),
                shared_unit=shared,
            )
        )
    return sorted(out, key=lambda q: q.span.start)


def _number_value(raw: str, decimal_comma: bool) -> float:
    """The value of a written number: "175,000", "175،000", "1.5"; with ``decimal_comma``, "395 000",
    "395.000", "1,2". Raises ValueError when it is none."""
    if decimal_comma:
        if re.fullmatch(r"\d+\.\d{1,2}", raw):  # "1.5 million" written the English way
            return float(raw)
        return float(re.sub(r"[ \u00a0\u202f.]", "", raw).replace(",", "."))
    return float(raw.replace(",", "").replace("٬", "").replace("،", "").replace("٫", "."))


def coordinated(text_between: str, language: str) -> bool:
    """True when two phrases are joined only by punctuation and a coordinator ("X, and Y")."""
    coords = set(lang_data(language).get("coordinators", []))
    rest = re.sub(r"[\s,،;]+", " ", text_between).strip()
    if language == "ar" and rest.startswith("و"):
        rest = rest[1:].strip()
    return rest == "" or rest.lower() in coords
