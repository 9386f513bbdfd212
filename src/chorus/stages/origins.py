"""Origins: where a piece of news comes from, after collapsing copies, translations and relays.

Five articles that relay one SANA dispatch (a copy, a translation, two wire rewrites, one rewrite
citing SANA) have ONE origin, SANA, not five. :class:`Provenance` is built once per story from its
articles, attributions and relations, and answers two questions:

- :meth:`Provenance.article_origins`: per article, the agencies its sentences are attributed to,
  inherited through copy and translation relations; an article with no agency attribution anywhere in
  its copy group is its own origin (its outlet, else the wire it credits, else its source's name).
- :meth:`Provenance.claim_origins`: for the evidence spans of one claim seen in several articles, the
  origin of each span and the number of distinct (independent) origins. Per span, first match wins:

  1. **explicit**: the span overlaps a sentence with an attribution -> that source ("SANA", or a
     speaker such as "Maria Zakharova", under the entity's canonical name when entities are given);
  2. **copied**: the span lies in evidence of a relation (duplicate, containment, translation, wire
     copy) whose other side has an attributed sentence there -> that source;
  3. **relayed**: the span is unattributed, another span of the same claim is explicitly attributed to
     a source S (or is S's own text: an article by the agency S, see :func:`own_origin`), and the
     span's article (or its copy group) cites S elsewhere -> S. An article that relays SANA and
     restates a SANA claim in its own words, unattributed (the lead of a rewrite), is relaying SANA,
     not confirming it;
  4. **shared wire copy**: unattributed text two articles share verbatim -> one origin for both, the
     own origin of whichever of them credits a wire or names its outlet (earliest first);
  5. **own**: the root of the span's copy/translation group (see :func:`_rank`) -> its outlet,
     credited wire, or source name. An outlet reporting on its own is its own origin. An agency's own
     article (outlet "سانا", "SANA") is the agency, under its canonical name, and is the root of any
     group whose other members cite that agency: the relaying outlet never becomes the origin of the
     agency's text, whatever the brief's language.

**One speaker, one origin.** A speaker named with and without a title or role ("Japanese Prime
Minister Junichiro Koizumi" / "Junichiro Koizumi"; "Humane Officer Barbara Morgan" / "Morgan") is one
origin: a source is named by the story's entity for it when entities are given, else by its name
without leading titles and roles (:func:`chorus.stages.attribution.person_name`), and a name matches a
longer one of the story that ends with the same tokens ("Morgan" -> "Barbara Morgan") when exactly
one such longer name exists (two Morgans stay apart). Agencies keep their canonical names.

**One role, one speaker.** An unnamed speaker described by a role that a story can only mean one way
("the mayor said", "according to the harbour master", "police said"; see ``role_speakers`` in the cue
files) is a source under that description: four outlets writing "..., the mayor said" about one flood
quote one mayor, so the claim has one origin, "the mayor", not four outlets. Within one story and one
claim the description picks out one person or body; two outlets that heard it separately still relay
the same speaker, and counting them as independent would present the outlets' relays as
confirmations. Vague or indefinite descriptions ("officials said", "a witness said") pick out no one
and leave each outlet its own origin.

**An announcement's subject is its origin** (W6, decided and kept): "Junichiro Koizumi announced a
half-billion dollar donation" has the origin Junichiro Koizumi, not the article. "Announced" is a
reporting verb: the sentence reports what Koizumi made public, and the outlet's knowledge of the
donation comes from his announcement; a second outlet writing the same sentence confirms nothing
independent, it relays the same announcement. The article would be the origin of an unattributed
"Japan donated $500 million"; "X announced Y" names X as where Y comes from, as "X said Y" does.

**Which translation is the root.** A translation group has one root, named as the origin of its
unattributed text, and it must not depend on input order alone. In order: the text marked as the
original (``metadata["original"]`` true; ``metadata["translated_from"]`` marks a translation); when
nothing says which text is the original, the article holding the brief's language (English when an
English text exists, as the brief is written in English then; see ``language``), then the earliest
published, then the one holding most languages (a bilingual file holds the original beside its
translation), then story order. The brief's language comes first because the reader checks the origin
in the text they can read, and because with undated translations "earliest" decides nothing.

Rule 3 leans towards fewer independent origins: a fact-checker is better served by undercounting
independence (it never presents a relay as a confirmation) than by overcounting it.

Requires: relations from :func:`chorus.stages.relations.find_relations`, attributions from
:func:`chorus.stages.attribution.find_attributions`, optionally the story's entities.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

from chorus.model import Article, Attribution, Entity, Relation, Span
from chorus.stages.attribution import load_agencies, person_name
from chorus.stages.brief import BriefConfig, brief_language

#: Relation kinds that make two articles (or segments) one copy group.
GROUP_KINDS = frozenset({"exact_duplicate", "near_duplicate", "contained", "translation"})
#: Relation kinds whose evidence maps a span of one article onto the same text in another.
COPY_KINDS = frozenset({*GROUP_KINDS, "shared_wire_copy"})


def _article_of(unit: str) -> str:
    return unit.split(":", 1)[0]


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1 if a1 > a0 else b0 <= a0 < b1


#: A dateline credit at the very start of a text: "PITTSBURGH (KDKA) —", "ALLENTOWN, Pa. (AP) -".
_DATELINE = re.compile(r"\A\W*[A-Z][A-Za-z .,'-]{1,40}?\((?P<credit>[^()\n]{2,30})\)\s*[—–-]")


def own_origin(article: Article) -> str:
    """An article's own name as an origin: outlet, else the agency it credits (in its credits, else
    in a dateline opening its text: "PITTSBURGH (KDKA) —" is KDKA's story), else its label.

    The dateline is read here because an article whose cleaning left no credit would otherwise be
    named by its file; the credit belongs in ``Article.credits`` (cleaning's job) and is used first.
    """
    agencies = load_agencies()
    if article.outlet:
        # An agency's own feed ("سانا", "Agence France-Presse") is the agency: one name for it, whether it
        # publishes the text or another outlet attributes the text to it.
        return agencies.canonical.get(article.outlet.strip().casefold()) or article.outlet
    for credit in article.credits:
        canon = agencies.lookup(credit)
        if canon:
            return canon
    m = _DATELINE.match(article.text)
    if m:
        canon = agencies.lookup(m.group("credit"))
        if canon:
            return canon
    return article.label


def _original_mark(article: Article) -> int:
    """0 for a text marked as the original, 2 for one marked as a translation, else 1."""
    meta = article.metadata or {}
    if meta.get("original") is True:
        return 0
    return 2 if meta.get("translated_from") else 1


def _agency_own(article: Article) -> str | None:
    """The agency an article is by (its outlet or credited wire is an agency), else None."""
    name = own_origin(article)
    return name if load_agencies().lookup(name) == name else None


def _rank(
    article: Article, order: int, language: str | None = None, cited: frozenset[str] = frozenset()
) -> tuple[int, int, int, dt.date, int, int]:
    """Which article of a group is its root (smallest first): the marked original, then the agency's
    own text when the group cites that agency (``cited``: SANA's Arabic dispatch, not the English
    outlet that says "according to SANA"), then one holding ``language`` (the brief's), then the
    earliest published, then the one holding most languages (a bilingual file holds the original
    beside its translation), then the first in story order."""
    lacks = 0 if language is None or language in article.languages else 1
    by_cited = 0 if cited and _agency_own(article) in cited else 1
    return (_original_mark(article), by_cited, lacks, article.published or dt.date.max, -len(article.languages), order)


def _group_roots(
    articles: Mapping[str, Article],
    relations: Iterable[Relation],
    language: str | None = None,
    cited: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, str]:
    """Article id -> root article id of its copy/translation group (union-find); ``cited``: article
    id -> the sources its sentences are attributed to (see :func:`_rank`)."""
    parent = {aid: aid for aid in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in relations:
        a, b = _article_of(r.a), _article_of(r.b)
        if r.kind in GROUP_KINDS and a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
    members: dict[str, list[str]] = {}
    for aid in articles:
        members.setdefault(find(aid), []).append(aid)
    order = {aid: i for i, aid in enumerate(articles)}
    root: dict[str, str] = {}
    cited = cited or {}
    for ids in members.values():
        group_cites = frozenset(src for aid in ids for src in cited.get(aid, ()))
        best = min(ids, key=lambda aid: _rank(articles[aid], order[aid], language, group_cites))
        for aid in ids:
            root[aid] = best
    return root


def _speaker_names(entities: Sequence[Entity]) -> dict[str, str]:
    """Surface form (casefolded) -> canonical name, for people only: 'Shaibani' -> 'Asaad al-Shaibani'."""
    out: dict[str, str] = {}
    for e in entities:
        if e.type != "PERSON":
            continue
        for v in (e.name, *e.variants):
            out.setdefault(v.casefold(), e.name)
    return out


def _same_speakers(sources: Iterable[str], speakers: Mapping[str, str]) -> dict[str, str]:
    """Person source as attributed -> the one name for that speaker in the story.

    The entity's name when an entity has the source (or its title-less form) as a variant, else the
    title-less name; then a one- or two-token name that ends a unique longer name ("Morgan",
    "Barbara Morgan") takes the longer. Agencies are left alone.
    """
    agencies = load_agencies()
    base: dict[str, str] = {}
    for src in dict.fromkeys(sources):
        if agencies.lookup(src) == src or not src[:1].isupper():
            continue  # an agency; a role speaker ("the mayor", "police") keeps its name as given
        bare = person_name(src)
        name = speakers.get(src.casefold()) or speakers.get(bare.casefold()) or bare
        base[src] = person_name(name)

    def toks(name: str) -> tuple[str, ...]:
        return tuple(t.casefold().removesuffix("'s").removesuffix("’s") for t in name.split())

    names = set(base.values())
    out: dict[str, str] = {}
    for src, name in base.items():
        mine = toks(name)
        longer = {n for n in names if len(toks(n)) > len(mine) and toks(n)[-len(mine) :] == mine}
        # Only capitalized names ("New Orleans police" is a body); within one story a bare "Police"
        # that ends one longer capitalized source ("Anaheim Police") is that body, which is also right.
        if len(longer) == 1 and len(mine) <= 2 and all(t[:1].isupper() for t in name.split()):
            (full,) = longer
            if all(t[:1].isupper() for t in full.split()):
                name = full
        out[src] = name
    return out


class Provenance:
    """Origins of a story's articles and claims (see the module docstring for the rules).

    Args:
        articles: the story's articles.
        attributions: their attributions (``find_attributions`` over every article).
        relations: their relations (``find_relations``).
        entities: the story's entities, to name speakers canonically (optional).
        language: the brief's language, preferred for a translation group's root; ``None`` = English
            when an English text exists, else the language covering most text.

    Example:
        >>> prov = Provenance(seeds, atts, rels)  # doctest: +SKIP
        >>> prov.claim_origins(claim.evidence)  # doctest: +SKIP
        (('SANA',), 1)
    """

    def __init__(
        self,
        articles: Sequence[Article],
        attributions: Sequence[Attribution],
        relations: Sequence[Relation],
        entities: Sequence[Entity] = (),
        language: str | None = None,
    ) -> None:
        self.by_id = {a.id: a for a in articles}
        self._order = {a.id: i for i, a in enumerate(articles)}
        self.language = language or brief_language(articles, BriefConfig())
        self._speakers = _speaker_names(entities)
        self._atts: dict[str, list[Attribution]] = {}
        for att in sorted(attributions, key=lambda x: (x.article, x.sentence_start)):
            if att.article in self.by_id:
                self._atts.setdefault(att.article, []).append(att)
        cites = {aid: {a.source for a in atts} for aid, atts in self._atts.items()}
        self.root = _group_roots(self.by_id, relations, self.language, cites)
        self._same = _same_speakers((a.source for atts in self._atts.values() for a in atts), self._speakers)
        # Sources each copy group cites anywhere (what its articles relay).
        self._cited: dict[str, set[str]] = {}
        for aid, atts in self._atts.items():
            self._cited.setdefault(self.root[aid], set()).update(self._name(a.source) for a in atts)
        # Relation evidence indexed by article: (my_start, my_end, other_article, other_start, other_end, kind).
        self._links: dict[str, list[tuple[int, int, str, int, int, str]]] = {}
        for rel in relations:
            if rel.kind not in COPY_KINDS:
                continue
            a, b = _article_of(rel.a), _article_of(rel.b)
            if a not in self.by_id or b not in self.by_id:
                continue
            for a0, a1, b0, b1 in rel.evidence:
                self._links.setdefault(a, []).append((a0, a1, b, b0, b1, rel.kind))
                self._links.setdefault(b, []).append((b0, b1, a, a0, a1, rel.kind))

    def _name(self, source: str) -> str:
        return self._same.get(source) or self._speakers.get(source.casefold(), source)

    def _attributed(self, article: str, start: int, end: int) -> str | None:
        for att in self._atts.get(article, ()):
            if _overlaps(start, end, att.sentence_start, att.sentence_end):
                return self._name(att.source)
        return None

    def _mapped(self, span: Span) -> list[tuple[str, int, int, str]]:
        """Where the span's text sits in related articles: (article, start, end, relation kind)."""
        out = []
        for m0, m1, other, o0, o1, kind in self._links.get(span.article, ()):
            if not _overlaps(span.start, span.end, m0, m1):
                continue
            if o1 - o0 > 2 * max(1, m1 - m0) or (m1 - m0) > 2 * max(1, span.end - span.start) + 400:
                # whole-unit evidence (an exact duplicate of a segment): map by relative position
                width = max(1, m1 - m0)
                p0 = o0 + (span.start - m0) * (o1 - o0) // width
                p1 = o0 + (span.end - m0) * (o1 - o0) // width
                o0, o1 = p0, max(p0 + 1, p1)
            out.append((other, o0, o1, kind))
        return out

    def _explicit(self, span: Span) -> str | None:
        """Rules 1 and 2: an attribution on the span's sentence, or on the text it was copied from."""
        src = self._attributed(span.article, span.start, span.end)
        if src:
            return src
        for other, o0, o1, _ in self._mapped(span):
            found = self._attributed(other, o0, o1)
            if found:
                return found
        return None

    def _by_agency(self, span: Span) -> str | None:
        """The agency whose own text the span is (its copy group's root is by an agency), else None."""
        return _agency_own(self.by_id[self.root.get(span.article, span.article)])

    def _fallback(self, span: Span) -> str:
        """Rules 4 and 5: the wire both copies share, else the copy group's own origin."""
        group = self.by_id[self.root.get(span.article, span.article)]
        wire = [self.by_id[self.root.get(o, o)] for o, *_, kind in self._mapped(span) if kind == "shared_wire_copy"]
        candidates = [group, *wire]
        named = [a for a in candidates if a.outlet or a.credits] or candidates
        cited = frozenset(self._cited.get(group.id, ()))
        return own_origin(min(named, key=lambda a: _rank(a, self._order[a.id], self.language, cited)))

    def claim_origins(self, spans: Sequence[Span]) -> tuple[tuple[str, ...], int]:
        """The origins of a claim's evidence spans, and how many are independent.

        Returns:
            ``(origins, independent_origins)``: distinct origins in order of first appearance and
            their count. Spans in articles outside the story are ignored.
        """
        spans = [s for s in spans if s.article in self.by_id]
        explicit = [self._explicit(s) for s in spans]
        # An agency's own unattributed text is that agency's, as if attributed to it (rule 1).
        explicit = [x or self._by_agency(s) for s, x in zip(spans, explicit, strict=True)]
        named = list(dict.fromkeys(x for x in explicit if x))
        origins: list[str] = []
        for span, src in zip(spans, explicit, strict=True):
            if src is None:
                cited = self._cited.get(self.root.get(span.article, span.article), set())
                relayed = [n for n in named if n in cited]
                src = relayed[0] if relayed else self._fallback(span)
            if src not in origins:
                origins.append(src)
        return tuple(origins), len(origins)

    def article_origins(self) -> dict[str, tuple[str, ...]]:
        """Article id -> the agencies it (or its copy group) relays; else the group root's own origin.

        Persons quoted are speakers, not origins, at this level.
        """
        agencies = load_agencies()

        def relayed(aid: str) -> list[str]:
            srcs = [a.source for a in self._atts.get(aid, ())]
            return list(dict.fromkeys(s for s in srcs if agencies.lookup(s) == s))

        group: dict[str, list[str]] = {}
        for aid in self.by_id:
            bucket = group.setdefault(self.root[aid], [])
            bucket.extend(s for s in relayed(aid) if s not in bucket)
        out: dict[str, tuple[str, ...]] = {}
        for aid in self.by_id:
            own = relayed(aid) or group[self.root[aid]]
            out[aid] = tuple(own) if own else (own_origin(self.by_id[self.root[aid]]),)
        return out


def article_origins(
    articles: Sequence[Article], relations: Sequence[Relation], attributions: Sequence[Attribution]
) -> dict[str, tuple[str, ...]]:
    """Per article, its origins: see :meth:`Provenance.article_origins`.

    Example:
        >>> article_origins(seeds, rels, atts)  # doctest: +SKIP
        {'0b94...': ('SANA',), '60ae...': ('SANA',), ...}
    """
    return Provenance(articles, attributions, relations).article_origins()


def span_origins(
    spans: Sequence[Span],
    attributions: Sequence[Attribution],
    relations: Sequence[Relation],
    articles: Sequence[Article],
) -> tuple[tuple[str, ...], int]:
    """The origins of one claim's spans: see :meth:`Provenance.claim_origins` (builds it each call;
    build one :class:`Provenance` per story when there are many claims).

    Example:
        >>> span_origins(claim.evidence, atts, rels, seeds)  # doctest: +SKIP
        (('SANA',), 1)
    """
    return Provenance(articles, attributions, relations).claim_origins(spans)


__all__ = [
    "COPY_KINDS",
    "GROUP_KINDS",
    "Provenance",
    "article_origins",
    "own_origin",
    "span_origins",
]
