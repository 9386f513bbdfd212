"""Attribution: who each sentence says its content comes from.

Requires: ``Article.text`` and ``Article.segments`` (sentences and their language; see
:func:`chorus.stages.relations_units.article_sentences`).
Assigns: ``Attribution`` records, at most one per sentence.

Cues come from per-language data files (``lang/<iso>/attribution.json``) and the shared agency list
(``lang/agencies.json``); nothing language-specific lives in this module. Recognised cue shapes:

- ``according to SANA``, ``citing Foreign Ministry Spokesperson Maria Zakharova``, ``بحسب سانا``;
- a source followed by a reporting verb: ``SANA reported``, ``the agency noted``, ``it added``, ``he said``;
- a reporting verb followed by a source after a comma or closing quote: ``..., reported SANA``;
- Arabic verb-first forms: ``وذكرت وكالة الأنباء السورية (سانا)``, ``وأشارت الوكالة``.

Resolution: an agency anaphor ("the agency", "the news agency", "it", ``الوكالة``) is the agency named
last in the article (earlier in the same sentence or in any earlier sentence); a pronoun ("he said")
is the person the PREVIOUS sentence names: its speaker, else its subject, or the person a previous
"he ..." sentence continued. "John Fuller, Hayes' attorney, said ... He also said that Hayes did not
know the victim" is Fuller's; "Hayes stayed at the scene. ... (other sentences) ... He also said" is
nobody's: a pronoun three sentences from any name is a guess, and a wrong speaker is worse than none.
Unresolvable anaphors produce no attribution.

A source is a person, an organisation or an agency: a bare place ("Anaheim" in "said Anaheim resident
Joe Castaneda", "Santa Cruz" in an apposition, "Indiana" in "l'université d'Indiana") or a common
word ("News", "Neighbors", "Findings") is none; unnamed people ("Neighbors told WPXI") leave the
outlet as the source (see ``not_sources``, ``role_nouns``, ``told_verbs`` in the cue files).

Carry-over policy (a decision, documented here): attribution does NOT carry to following sentences by
default. A sentence is attributed only when it has its own cue ("The agency noted that ..."). News
writing re-attributes every sentence it relays, and an unattributed sentence between two attributed ones
is usually the outlet's own context; guessing would over-credit agencies. One exception: a sentence
that opens with a quotation mark and has no cue, right after a sentence quoting a person, continues
that quotation (a speaker's second quoted sentence is never re-attributed); its cue is the speaker's.

When a sentence has several cues the outermost reporting frame wins: ``citing`` (the deeper source),
then an agency (named or anaphoric), then the speaker right after a closing quote, then a named
person, then an outlet told ("told WPXI"), then a pronoun.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from chorus.errors import ConfigError
from chorus.model import Article, Attribution, Span
from chorus.stages.relations_units import article_sentences

_PRIORITY = {"citing": 0, "agency": 1, "anaphor": 1, "quoted": 2, "person": 3, "role": 4, "told": 5, "pronoun": 6}


@dataclass(frozen=True, slots=True)
class AttributionConfig:
    """Settings for attribution.

    Attributes:
        languages: languages with cue files; sentences in other languages get no attribution.
        max_name_tokens: longest person name (in words) taken from a cue.
        resolve_pronouns: resolve "he said"/"she said" to the person named last.
    """

    languages: tuple[str, ...] = ("en", "ar", "fr")
    max_name_tokens: int = 5
    resolve_pronouns: bool = True

    def __post_init__(self) -> None:
        for lang in self.languages:
            if not _has_cues(lang):
                raise ConfigError(
                    f"attribution.languages has {lang!r} but there is no chorus/lang/{lang}/attribution.json; "
                    "add the file or remove the language"
                )
        if not 1 <= self.max_name_tokens <= 10:
            raise ConfigError(f"attribution.max_name_tokens must be in 1..10, got {self.max_name_tokens}")


# --- data -----------------------------------------------------------------------------------------


def _read_json(*parts: str) -> Any:
    res = resources.files("chorus").joinpath("lang", *parts)
    return json.loads(res.read_text(encoding="utf-8"))


def _has_cues(lang: str) -> bool:
    return resources.files("chorus").joinpath("lang", lang, "attribution.json").is_file()


_AR_CLASSES = {
    "ا": "[اأإآٱ]",
    "أ": "[اأإآٱ]",
    "إ": "[اأإآٱ]",
    "آ": "[اأإآٱ]",
    "ة": "[ةه]",
    "ه": "[ةه]",
    "ى": "[ىي]",
    "ي": "[ىي]",
}
_AR_MARKS = "[\u064b-\u0652\u0670\u0640]*"


def _pattern(phrase: str) -> str:
    """A regex for a phrase: white space flexible; Arabic letters folded with optional diacritics."""
    out = []
    for ch in phrase:
        if ch.isspace():
            out.append(r"\s+")
        elif "\u0600" <= ch <= "\u06ff":
            out.append(_AR_CLASSES.get(ch, re.escape(ch)) + _AR_MARKS)
        else:
            out.append(re.escape(ch))
    return "".join(out).replace(r"\s+\s+", r"\s+")


def _with_adverbs(verbs: list[str], after: dict[str, list[str]]) -> list[str]:
    """The verbs, and each verb that opens with an auxiliary of ``after`` also with one of its adverbs
    after it ("a déclaré" -> "a également déclaré", "a aussi déclaré")."""
    out = list(verbs)
    for v in verbs:
        aux, _, rest = v.partition(" ")
        out.extend(f"{aux} {adv} {rest}" for adv in after.get(aux, []) if rest)
    return out


def _alternation(phrases: list[str], case_sensitive_acronyms: bool = False) -> str:
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        pat = _pattern(p)
        if case_sensitive_acronyms and p.isupper():
            parts.append(pat)
        else:
            parts.append(f"(?i:{pat})")
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


@dataclass(frozen=True, slots=True)
class _Agencies:
    regex: re.Pattern[str]
    canonical: dict[str, str]  # casefolded alias -> canonical

    def lookup(self, text: str) -> str | None:
        m = self.regex.search(text)
        return self._canon(m.group(0)) if m else None

    def acronym(self, word: str) -> str | None:
        """The agency whose acronym ``word`` spells in another case ("Sana", "Tass"), or None."""
        canon = self.canonical.get(word.casefold())
        return canon if canon is not None and word.isalpha() and not word.isupper() else None

    def _canon(self, surface: str) -> str:
        key = re.sub(r"\s+", " ", surface).casefold()
        if key in self.canonical:
            return self.canonical[key]
        from chorus.text import normalize

        return self.canonical.get(normalize(surface), surface)


@lru_cache(maxsize=1)
def load_agencies() -> _Agencies:
    """The shared agency list: one regex over every alias and an alias -> canonical map."""
    from chorus.text import normalize

    data = _read_json("agencies.json")
    canonical: dict[str, str] = {}
    aliases: list[str] = []
    for entry in data["agencies"]:
        for alias in [entry["canonical"], *entry["aliases"]]:
            aliases.append(alias)
            canonical[alias.casefold()] = entry["canonical"]
            canonical[normalize(alias)] = entry["canonical"]
    regex = re.compile(r"(?<!\w)" + _alternation(aliases, case_sensitive_acronyms=True) + r"(?!\w)")
    return _Agencies(regex=regex, canonical=canonical)


@dataclass(frozen=True, slots=True)
class _Cues:
    lang: str
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (shape, regex with groups src/kind)
    title_words: frozenset[str]
    not_names: frozenset[str]
    name: re.Pattern[str] | None
    subject: re.Pattern[str] | None
    agency_nouns: bool = False
    role_titles: frozenset[str] = frozenset()
    role_nouns: frozenset[str] = frozenset()
    not_sources: frozenset[str] = frozenset()
    infinitive_verbs: frozenset[str] = frozenset()
    pronoun: re.Pattern[str] | None = None  # a person pronoun opening a sentence ("But he insisted")
    name_links: re.Pattern[str] | None = None  # "with the" between a person and their body
    roles: tuple[tuple[re.Pattern[str], str], ...] = ()  # (whole-phrase regex, name): "mayor" -> "the mayor"
    role_phrase: re.Pattern[str] | None = None  # a role speaker as a whole phrase ("The police", "Police")
    role_determiners: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def _cues(lang: str) -> _Cues:
    data = _read_json(lang, "attribution.json")
    agencies = load_agencies().regex.pattern
    # A named agency, optionally followed by another alias in brackets or apposition:
    # "The Syrian news agency (SANA)", "Syria's official news agency SANA".
    article = "|".join(_pattern(a) for a in data.get("source_articles", ["the "]))
    agency = rf"(?:(?i:{article}))?{agencies}(?:\s*\(\s*{agencies}\s*\)|\s+{agencies})?"
    nouns = data.get("agency_nouns", [])
    if nouns:  # "l'agence officielle Sana": an acronym in title case after the word for agency
        agency = rf"(?:{agency}|(?:(?i:{article}))?{_alternation(nouns)}(?:\s+[^\W\d_A-Z]+){{0,2}}\s+[A-Z][a-z]+)"
    anaphor = r"(?<![\w-])" + _alternation(data.get("agency_anaphors", [])) + r"(?!\w)"
    verb_alt = _alternation(_with_adverbs(data["verbs"], data.get("adverbs_after", {})))
    verbs = rf"(?<!\w){verb_alt}(?!\w)"
    according = r"(?<!\w)" + _alternation(data.get("according_to", [])) + r"(?!\w)"
    citing = r"(?<!\w)" + _alternation(data.get("citing", [])) + r"(?!\w)"
    pats: list[tuple[str, str]] = []
    if lang == "ar":
        conj = "(?:" + "|".join(data.get("conjunctions", [])) + ")?"
        verb_first = rf"(?<!\w){conj}{verb_alt}(?!\w)"
        pats += [
            ("agency", rf"{verb_first}\s+(?P<src>{agency})"),
            ("anaphor", rf"{verb_first}\s+(?P<src>{anaphor})"),
            ("agency", rf"{according}\s*(?P<src>{agency})"),
            ("anaphor", rf"{according}\s*(?P<src>{anaphor})"),
        ]
        return _Cues(lang, tuple((k, re.compile(p)) for k, p in pats), frozenset(), frozenset(), None, None)
    particles = "|".join(re.escape(p) for p in data.get("name_particles", []))
    # A capitalized word; an abbreviation's period only inside a name ("Sgt. Daron Wyatt", "George W. Bush").
    word = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*\w(?:\.(?=\s+[A-ZÀ-ÖØ-Þ]))?"
    part = rf"(?:(?:{particles})-)?{word}" if particles else word
    # A name never starts inside a word or right after an apostrophe: "l'université d'Indiana estime"
    # is the university speaking, not "Indiana".
    start = r"(?<![\w'’])"
    if particles:
        name = rf"{start}{part}(?:\s+(?:(?i:{particles})[\s-])?{part}){{0,9}}"
    else:
        name = rf"{start}{word}(?:\s+{word}){{0,9}}"
    links = data.get("name_links", [])
    if links:  # "Sgt. Daron Wyatt with the Anaheim Police Department": the person, then their body
        name = rf"{name}(?:\s+{_alternation(links)}\s+{name})?"
    roles = data.get("role_nouns", [])
    if roles:  # "Anaheim resident Joe Castaneda", "Anaheim police Sgt. Daron Wyatt", "New Orleans police"
        name = rf"{name}(?:\s+{_alternation(roles)}(?!\w)(?:\s+{name})?)?"
    pron = r"(?<!\w)" + _alternation(data.get("person_pronouns", [])) + r"(?!\w)"
    inverted = r"(?<!\w)" + _alternation(data.get("inverted_verbs", [])) + r"(?!\w)"
    lead = r"(?<=[,”\"’'»])\s*"
    adverbs = data.get("adverbs", ["also", "further", "later", "earlier", "then", "previously"])
    adverb = rf"(?:\s+{_alternation(adverbs)})?"
    pats += [
        ("citing", rf"{citing}\s+(?P<src>{agency})"),
        ("citing", rf"{citing}\s+(?P<src>{name})"),
        ("agency", rf"{according}\s+(?P<src>{agency})"),
        ("anaphor", rf"{according}\s+(?P<src>{anaphor})"),
        ("person", rf"{according}\s+(?P<src>{name})"),
        ("agency", rf"(?P<src>{agency}){adverb}\s+{verbs}"),
        ("anaphor", rf"(?P<src>{anaphor}){adverb}\s+{verbs}"),
        ("agency", rf"{lead}{inverted}\s+(?P<src>{agency})"),
        ("anaphor", rf"{lead}{inverted}\s+(?P<src>{anaphor})"),
        ("pronoun", rf"(?P<src>{pron}){adverb}\s+{verbs}"),
        ("person", rf"(?P<src>{name}){adverb}\s+{verbs}"),
        ("person", rf"{lead}{inverted}\s+(?P<src>{name})"),
        # "John Fuller, Hayes' attorney, said": a name, an apposition between commas, the verb.
        ("person", rf"(?P<src>{name}),\s+(?=[^,;:”\"]*?\s[a-z])[^,;:”\"]{{1,80}},{adverb}\s+{verbs}"),
        # "The UN coordinator in Indonesia, Michael Elmquist, warned": a name between commas, the verb.
        ("person", rf"(?<=,)\s*(?P<src>{name}),{adverb}\s+{verbs}"),
        # '"...," Thorne Lay, professor of ... at the University of California, Santa Cruz said.': the
        # speaker right after the closing quote outranks a name inside the apposition before the verb.
        ("quoted", rf"(?<=[,.!?][”\"])\s*(?P<src>{name}),\s+(?:an?\s+|the\s+)?[a-z][^”\"]{{0,200}}?\s{verbs}"),
    ]
    role_map: dict[str, str] = data.get("role_speakers", {})
    role = None
    if role_map:  # "the mayor said", "according to the harbour master", "said the mayor of the town", "police said"
        dets = _alternation(data.get("role_determiners", []))
        mods = _alternation(data.get("role_modifiers", []))
        of = _alternation(data.get("role_of", []))
        role = (
            rf"(?<![\w'’-])(?:{dets}|[A-Z][\w-]*['’]s\s+)?(?:{mods}\s+){{0,2}}{_alternation(list(role_map))}(?![\w'’-])"
            rf"(?:\s+{of}\s+(?:{dets})?[\w-]+)?"
        )
        pats += [
            ("role", rf"{according}\s+(?P<src>{role})"),
            ("role", rf"(?P<src>{role}){adverb}\s+{verbs}"),
            ("role", rf"{lead}{inverted}\s+(?P<src>{role})"),
        ]
    told = data.get("told_verbs", [])
    if told:  # "Neighbors told WPXI": the outlet told, when no one named speaks
        pats.append(("told", rf"(?<!\w){_alternation(told)}\s+(?P<src>{agency})"))
    inversions = data.get("pronoun_inversions", [])
    if inversions:  # "..., a-t-il déclaré", "», dit-elle": the pronoun is inside the verb
        prons = _alternation(data.get("person_pronouns", []))
        for phrase in inversions:
            head, _, tail = phrase.partition("{pron}")
            pats.append(("pronoun", rf"{lead}{_pattern(head)}(?P<src>{prons}){_pattern(tail)}(?!\w)"))
    # The subject of a sentence, for "he said" in the next one: English verb shapes only.
    aux = r"(?:did|does|do|has|had|have|was|is|were|are|will|would|could|can|may|might|should|must)"
    subject = re.compile(rf"(?P<src>{name})(?:,\s+who\b|\s+(?:[a-z]+ed|[a-z]+s|{aux})\b)") if lang == "en" else None
    return _Cues(
        lang,
        tuple((k, re.compile(p)) for k, p in pats),
        frozenset(data.get("title_words", [])),
        frozenset(data.get("not_names", [])),
        re.compile(name),
        subject,
        bool(nouns),
        frozenset(data.get("role_titles", [])),
        frozenset(data.get("role_nouns", [])),
        frozenset(data.get("not_sources", [])),
        frozenset(data.get("infinitive_verbs", [])),
        re.compile(rf"\W*(?:\w+\s+)?{_alternation(data.get('person_pronouns', []))}(?!\w)")
        if data.get("person_pronouns")
        else None,
        re.compile(rf"\s+{_alternation(links)}\s+") if links else None,
        tuple(
            (re.compile(rf"(?<!\w){_pattern(k)}(?!\w)", re.I), v)
            for k, v in sorted(role_map.items(), key=lambda kv: -len(kv[0]))
        ),
        re.compile(role) if role else None,
        tuple(data.get("role_determiners", [])),
    )


# --- person names ---------------------------------------------------------------------------------


_QUOTE_OPEN = re.compile(r"\s*[\"“«]")  # a sentence that opens with a quotation mark
_QUOTE_ANY = re.compile(r"[\"“”«»]")
_ELIDED = re.compile(r"^(?:[LDJ]|Qu)['’]")  # French elided article or preposition before a word


def _is_place(name: str) -> bool:
    """Whether a capitalized phrase is a place the gazetteer knows ("Berlin", "Pékin", "Kiev"): a state
    or city speaking ("Berlin a annoncé") is no person."""
    from chorus.stages.entities_gazetteer import Gazetteer

    hits = Gazetteer.packaged().find(name)
    return any(h.start == 0 and h.end == len(name) and h.type == "LOCATION" for h in hits)


def _clean_name(surface: str, cues: _Cues, max_tokens: int) -> tuple[int, str] | None:
    """The source a capitalized phrase names: a person without titles, or an organisation; None when
    it names none (a bare place, a common word such as "News" or "Neighbors").

    - A lower-case role noun splits a place or organisation from a name: "Anaheim resident Joe
      Castaneda" -> "Joe Castaneda"; with no name after it the phrase is an organisation ("New Orleans
      police").
    - Titles are dropped from the front, and everything up to the last role title ("Officer",
      "Minister") when a name follows it: "Humane Officer Barbara Morgan" -> "Barbara Morgan",
      "Japanese Prime Minister Junichiro Koizumi" -> "Junichiro Koizumi". One speaker named with and
      without a title is then one source.

    Returns (offset of the name inside ``surface``, name).
    """
    if cues.name_links is not None:
        m = cues.name_links.search(surface)
        if m:  # "Daron Wyatt with the Anaheim Police Department": the person speaks for the body
            surface = surface[: m.start()]
    toks = list(re.finditer(r"\S+", surface))
    roles = [k for k, t in enumerate(toks) if t.group(0) in cues.role_nouns]
    if roles:
        after = toks[roles[-1] + 1 :]
        if not after:  # "New Orleans police": the body itself
            head = toks[: roles[-1]]
            if not head or all(t.group(0) in cues.not_names for t in head):
                return None
            if head[-1].group(0).endswith(("'s", "’s", "'", "’")):  # "Hayes's attorney": unnamed
                return None
            return toks[0].start(), surface[toks[0].start() : toks[-1].end()]
        toks = after
    i = 0
    while i < len(toks) and (
        toks[i].group(0).rstrip(".") in cues.title_words
        or toks[i].group(0) in cues.title_words
        or (toks[i].group(0) in cues.not_names and len(toks) - i > 2)  # "Kremlin Dmitri Peskov"
    ):
        i += 1
    last_role = max(
        (
            k
            for k, t in enumerate(toks[:-1])
            if t.group(0) in cues.role_titles or t.group(0).rstrip(".") in cues.role_titles
        ),
        default=-1,
    )
    toks = toks[max(i, last_role + 1) :]
    if not toks or len(toks) > max_tokens:
        return None
    first = toks[0].group(0)
    # After an elided article or preposition ("L'Ukraine", "D'Israël") the word is a place or a thing.
    if first in cues.not_names or first.rstrip("'’s") in cues.not_names or _ELIDED.match(first):
        return None
    if all(t.group(0) in cues.not_sources for t in toks):
        return None
    if _is_place(surface[toks[0].start() : toks[-1].end()]):
        return None
    if all(t.group(0) in cues.not_names for t in toks):
        return None
    if toks[-1].group(0).endswith(("'s", "’s")):
        return None
    start = toks[0].start()
    return start, surface[start : toks[-1].end()]


def person_name(surface: str) -> str:
    """A speaker's name without the titles and roles in front ("Japanese Prime Minister Junichiro
    Koizumi" -> "Junichiro Koizumi"), by the English cue data, else the French; ``surface`` when
    nothing is left (an organisation, an agency)."""
    for lang in ("en", "fr"):
        if not _has_cues(lang):
            continue
        cleaned = _clean_name(surface, _cues(lang), 10)
        if cleaned is not None and cleaned[1] != surface:
            return cleaned[1]
    return surface


# --- the stage ------------------------------------------------------------------------------------


def find_attributions(article: Article, cfg: AttributionConfig | None = None) -> list[Attribution]:
    """Attribute each sentence of an article to the source it names (at most one per sentence).

    Args:
        article: a cleaned article with language segments.
        cfg: settings (defaults when None).

    Returns:
        Attributions in text order; ``source`` is a canonical agency name from ``lang/agencies.json``
        or a person's name as written (titles dropped); ``cue`` is the exact span of the cue phrase.

    Example:
        >>> from chorus.model import Segment
        >>> art = Article(id="x", source="-", text="Putin met them, according to SANA.",
        ...               segments=(Segment(id="x:0", language="en", start=0, end=34),))
        >>> [(a.source, a.cue.text) for a in find_attributions(art)]
        [('SANA', 'according to SANA')]
    """
    cfg = cfg or AttributionConfig()
    agencies = load_agencies()
    text = article.text
    out: list[Attribution] = []
    last_agency: str | None = None
    # The person the previous sentence names (its speaker, else its subject): what "he said" stands for.
    last_person: str | None = None
    # The speaker and cue of the previous sentence when it was a quotation: what an uncued quotation continues.
    prev_quote: tuple[str, Span] | None = None
    for sent in article_sentences(article):
        lang = "en" if sent.language == "und" else sent.language
        if lang not in cfg.languages:
            last_person, prev_quote = None, None
            continue
        prev_person, last_person = last_person, None
        cues = _cues(lang)
        mentions = [
            (m.start(), agencies._canon(m.group(0))) for m in agencies.regex.finditer(text, sent.start, sent.end)
        ]
        found: list[tuple[int, int, int, int, str]] = []  # (priority, -start, start, end, source)
        for shape, rx in cues.patterns:
            for m in rx.finditer(text, sent.start, sent.end):
                src_text = m.group("src")
                src_start = m.start("src")
                source: str | None
                if _infinitive(text, m.end(), cues):
                    continue
                canon = agencies.lookup(src_text) if shape in ("agency", "citing", "told") else None
                if canon is None and shape in ("agency", "citing") and cues.agency_nouns:
                    canon = agencies.acronym(src_text.split()[-1])
                if canon is not None:
                    source, shape_used = canon, shape
                elif shape == "anaphor":
                    before = [c for pos, c in mentions if pos < src_start]
                    source, shape_used = (before[-1] if before else last_agency), "anaphor"
                elif shape == "pronoun":
                    source, shape_used = (prev_person if cfg.resolve_pronouns else None), "pronoun"
                elif shape == "role":
                    source, shape_used = _role_name(src_text, cues), "role"
                elif shape in ("person", "citing", "quoted"):
                    if cues.role_phrase is not None and cues.role_phrase.fullmatch(src_text):
                        continue  # "Police said": the role pattern names it ("police")
                    cleaned = _clean_name(src_text, cues, cfg.max_name_tokens)
                    if cleaned is None or agencies.lookup(cleaned[1]) is not None:
                        continue
                    source, shape_used = cleaned[1], shape
                else:
                    continue
                if source is None:
                    continue
                found.append((_PRIORITY[shape_used], m.start(), m.start(), m.end(), source))
        carried, prev_quote = prev_quote, None
        if not found and carried is not None and _QUOTE_OPEN.match(text, sent.start):
            # A quotation right after a speaker's quotation, with no cue of its own, continues it: the
            # speaker's cue is the evidence ('"Two hours after ...," Thorne Lay ... said. "Two satellites
            # went over ..."').
            src, cue = carried
            out.append(
                Attribution(article=article.id, sentence_start=sent.start, sentence_end=sent.end, source=src, cue=cue)
            )
            last_person, prev_quote = src, carried
        if found:
            # Highest priority; among equals the last cue (the outer frame usually closes the sentence).
            best = min(found, key=lambda f: (f[0], -f[1]))
            _, _, a, b, source = best
            while a < b and text[a].isspace():
                a += 1
            out.append(
                Attribution(
                    article=article.id,
                    sentence_start=sent.start,
                    sentence_end=sent.end,
                    source=source,
                    cue=Span(article=article.id, start=a, end=b, text=text[a:b]),
                )
            )
            person_shapes = (_PRIORITY["quoted"], _PRIORITY["person"], _PRIORITY["role"], _PRIORITY["pronoun"])
            if best[0] in person_shapes or (best[0] == 0 and agencies.lookup(source) is None):
                last_person = source
                if _QUOTE_ANY.search(text, sent.start, sent.end):
                    prev_quote = (source, out[-1].cue)
        if mentions:
            last_agency = mentions[-1][1]
        if last_person is None and cues.subject is not None:
            last_person = _first_subject(text[sent.start : sent.end], cues, cfg.max_name_tokens)
        if last_person is None and cues.pronoun is not None and cues.pronoun.match(text, sent.start):
            last_person = prev_person  # "He also declined to comment.": still the same person
    return out


def _role_name(phrase: str, cues: _Cues) -> str | None:
    """The name of a role speaker ("the town's mayor" -> "the mayor", "The police" -> "police"), or
    None for an indefinite one: a role whose name opens with a determiner ("the mayor") needs a
    determiner or a possessive in the text; "a police spokesman said" names nobody."""
    for rx, name in cues.roles:
        m = rx.search(phrase)
        if m is None:
            continue
        head = phrase[: m.start()].casefold()
        definite = any(head.startswith(d.casefold().strip()) for d in cues.role_determiners) or bool(
            re.search(r"['’]s\s", phrase[: m.start()])
        )
        needs = any(name.casefold().startswith(d.casefold()) for d in cues.role_determiners)
        return name if definite or not needs else None
    return None


def _infinitive(text: str, end: int, cues: _Cues) -> bool:
    """Whether a cue ends in a verb such as "continued" followed by "to": "she continued to leave
    gifts" reports nothing."""
    if not cues.infinitive_verbs or not re.match(r"\s+to\s", text[end : end + 5]):
        return False
    words = text[max(0, end - 30) : end].split()
    return bool(words) and words[-1] in cues.infinitive_verbs


def _first_subject(sentence: str, cues: _Cues, max_tokens: int) -> str | None:
    """The first person-like name followed by a verb ("Lavrov greeted ...") in a sentence."""
    assert cues.subject is not None
    agencies = load_agencies()
    for m in cues.subject.finditer(sentence):
        cleaned = _clean_name(m.group("src"), cues, max_tokens)
        if cleaned and agencies.lookup(cleaned[1]) is None:
            return cleaned[1]
    return None


__all__ = ["AttributionConfig", "find_attributions", "load_agencies", "person_name"]
