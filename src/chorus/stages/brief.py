"""The cited brief: what the user reads about a story, in Markdown, HTML and structured sentences.

Reads: the story's articles, claims and discrepancies (:mod:`chorus.stages.claims`), timeline and
entities. Adds: ``model.Brief``.

The brief is extractive. Every sentence that states something about the world is a claim's text as an
article wrote it (light compression only: the attribution clause is dropped, the first letter
capitalised, a final full stop added) and cites the articles it comes from. Template sentences
("5 articles, 1 independent origin: SANA") state facts about the corpus, never about the world.
Sections: title, lead (top claim + event date from the timeline), key points (most corroborated
first, within a word budget), "Only in <outlet>", "Where sources differ", timeline, people and
organisations with their variants, sources and origins. HTML escapes all article text and has no scripts.
"Where sources differ" gives every value sources state with every outlet stating it and, when they
are not the outlets themselves, the origins behind it ("“12 people”: A, B (1 independent origin:
SANA); “15 people”: C"; :func:`discrepancy_sentence`), so a relay is not read as a confirmation.
Template strings (headings, "Event date", "2 articles: ...", "(attributed to ...)") are data, one file per
language (``lang/<iso>/brief.json``, :func:`brief_strings`), so an Arabic brief is Arabic throughout;
a language without a file gets English ones.

Escaping: ``Brief.markdown`` is CommonMark in which every piece of article-derived text (titles, claims,
names, outlets, file names) is escaped with :func:`markdown_escape`, so it renders as the literal text
(``<script>`` shows as ``<script>``, never as HTML; ``[x](javascript:...)`` never becomes a link).
``Brief.html`` is one HTML fragment, ``<article id="story-<id>" lang=".." dir="..">``, that a page
(:func:`chorus.report.story_page`) embeds; all text is escaped and every untrusted piece is isolated and
bidi-neutralised (:mod:`chorus.htmlsafe`), so an override character in an outlet name cannot reverse the
citations after it. ``Brief.sentences[].text`` is plain, unescaped text:
JSON consumers (report.json, ``/api/stories/{id}``) escape it for whatever they render it into.

The pieces (this module chooses the sentences and writes the brief; it re-exports the public names of
the others, so ``from chorus.stages.brief import X`` works for each of them):

- :mod:`chorus.stages.brief_strings`: the template strings of each language (:class:`BriefStrings`);
- :mod:`chorus.stages.brief_text`: a claim's language, light compression (:func:`as_sentence`);
- :mod:`chorus.stages.brief_speech`: reported speech, how a claim is shown alone (:func:`shown_claim`);
- :mod:`chorus.stages.brief_lead`: the claim leading the brief and its event date (:func:`lead_claim`);
- :mod:`chorus.stages.brief_differ`: the "Where sources differ" sentences (:func:`discrepancy_sentence`);
- :mod:`chorus.stages.brief_render`: the Markdown and HTML document and its escaping (:func:`markdown_escape`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from chorus.errors import ConfigError
from chorus.model import (
    Article,
    Brief,
    BriefSentence,
    Claim,
    Discrepancy,
    Entity,
    Relation,
    TimelineItem,
)
from chorus.stages.brief_differ import Rich, differ_value, discrepancy_sentence
from chorus.stages.brief_lead import (
    CURRENT_DAYS,
    date_label,
    date_sentence,
    event_date,
    lead_claim,
    main_event,
    weak_lead,
)
from chorus.stages.brief_render import BriefDocument, Heading, SourceLine, markdown_escape
from chorus.stages.brief_speech import StoryContext, shown_claim, story_context, unnamed_origins
from chorus.stages.brief_strings import RTL_LANGUAGES, TEMPLATE_WORDS, BriefStrings, brief_strings, plural_category
from chorus.stages.brief_text import as_sentence, claim_language, content_words, full_stop

__all__ = [
    "CURRENT_DAYS",
    "LANGUAGE_NAMES",
    "RTL_LANGUAGES",
    "TEMPLATE_WORDS",
    "BriefConfig",
    "BriefStrings",
    "Heading",
    "Rich",
    "SourceLine",
    "StoryContext",
    "as_sentence",
    "brief_language",
    "brief_strings",
    "claim_language",
    "date_label",
    "differ_value",
    "discrepancy_sentence",
    "full_stop",
    "key_points",
    "lead_claim",
    "localise_attribution",
    "main_event",
    "markdown_escape",
    "novelty",
    "plural_category",
    "shown_claim",
    "story_context",
    "weak_lead",
    "write_brief",
]


@dataclass(frozen=True, slots=True)
class BriefConfig:
    """Settings of the brief.

    Attributes:
        max_words: word budget of the key points (the extractive summary part).
        max_unique_per_outlet: claims listed under each "Only in <outlet>".
        max_timeline: timeline entries shown.
        max_entities: people and organisations shown.
        redundancy: a key point is skipped when this share of its content words is already covered
            by one chosen key point.
        min_novelty: an "Only in <outlet>" item needs at least this share of its content words to
            appear in no other article of the story (else it restates in other words what others say);
            items that pass keep the salience order. Set by looking at the seed story, where the
            paraphrases that did not align score 0.06-0.33 and the new facts 0.41-0.84; no gold data
            exists for unique contributions.
        fill_budget: cut the last key point to use the budget exactly (for ROUGE comparisons with
            fixed-length systems); off for users, who get whole sentences.
        language: language of the brief; ``None`` = English when an English source exists, else the
            story's main language.
    """

    max_words: int = 250
    max_unique_per_outlet: int = 4
    max_timeline: int = 12
    max_entities: int = 12
    redundancy: float = 0.6
    min_novelty: float = 0.35
    fill_budget: bool = False
    language: str | None = None

    def __post_init__(self) -> None:
        if self.max_words < 10:
            raise ConfigError(f"brief.max_words must be >= 10, got {self.max_words}; 250 is the default")
        for name in ("max_unique_per_outlet", "max_timeline", "max_entities"):
            if getattr(self, name) < 0:
                raise ConfigError(f"brief.{name} must be >= 0, got {getattr(self, name)}")
        if not 0 < self.redundancy <= 1:
            raise ConfigError(f"brief.redundancy must be in (0, 1], got {self.redundancy}")
        if not 0 <= self.min_novelty <= 1:
            raise ConfigError(f"brief.min_novelty must be in [0, 1], got {self.min_novelty}")


# --- selection -----------------------------------------------------------------------------------


def brief_language(articles: Sequence[Article], cfg: BriefConfig) -> str:
    """English when an English source exists, else the language covering most text."""
    if cfg.language:
        return cfg.language
    sizes: Counter[str] = Counter()
    for a in articles:
        for s in a.segments:
            sizes[s.language] += s.end - s.start
    if "en" in sizes or not sizes:
        return "en"
    return sizes.most_common(1)[0][0]


def key_points(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    cfg: BriefConfig | None = None,
    ctx: StoryContext | None = None,
) -> list[tuple[Claim, BriefSentence]]:
    """The key points: claims in the given (salience) order within the word budget.

    Claims in another language than the brief's, claims mostly repeating a chosen one, and claims that
    cannot be shown alone (:func:`shown_claim`: a "he said" or a quotation piece whose speaker cannot
    be named) are skipped; reported speech keeps "(attributed to ...)". Each sentence cites every
    article that makes the claim.

    Example:
        >>> text = " ".join(s.text for _, s in key_points(articles, claims))  # doctest: +SKIP
    """
    cfg = cfg or BriefConfig()
    by_id = {a.id: a for a in articles}
    lang = brief_language(articles, cfg)
    chosen: list[tuple[Claim, BriefSentence]] = []
    covered: list[set[str]] = []
    used = 0
    ctx = ctx or story_context(articles)
    for c in claims:
        if claim_language(c, by_id) not in (lang, None):
            continue
        shown = shown_claim(c, ctx)
        if shown is None:
            continue
        text = shown
        words = len(text.split())  # "(attributed to ...)" included: the budget is what the reader reads
        toks = content_words(text, lang)
        if toks and any(len(toks & prev) / len(toks) >= cfg.redundancy for prev in covered):
            continue
        if used + words > cfg.max_words:
            if cfg.fill_budget and used < cfg.max_words:
                text = " ".join(text.split()[: cfg.max_words - used])
                chosen.append((c, BriefSentence(text=text, citations=c.articles)))
                used = cfg.max_words
            if used >= cfg.max_words - 3:
                break
            continue
        chosen.append((c, BriefSentence(text=text, citations=c.articles)))
        covered.append(toks)
        used += words
    return chosen


#: English relation phrases and language names (the templates of every language: lang/<iso>/brief.json).
_RELATION_PHRASES: dict[str, str] = dict(brief_strings("en").data["relations"])
LANGUAGE_NAMES: dict[str, str] = dict(brief_strings("en").data["languages"])


def _unit_label(unit: str, by_id: dict[str, Article], t: BriefStrings | None = None) -> str:
    """An article or segment id as a reader knows it: ``004.txt``, ``the Arabic part of 002.txt``."""
    t = t or brief_strings("en")
    aid, _, _ = unit.partition(":")
    art = by_id.get(aid)
    if art is None:
        return aid
    if unit != aid and len(art.segments) > 1:
        lang = next((seg.language for seg in art.segments if seg.id == unit), None)
        if lang:
            return t("part_of", language=t.language_name(lang), label=art.label)
    return art.label


def _sources_sentences(
    articles: Sequence[Article],
    claims: Sequence[Claim],
    lead: Claim | None,
    relations: Sequence[Relation],
    t: BriefStrings | None = None,
) -> list[BriefSentence]:
    """Facts about the corpus, not the world: how many articles and outlets, where the lead account
    comes from, how many shared claims are relays of one origin, and which articles copy which."""
    t = t or brief_strings("en")
    by_id = {a.id: a for a in articles}
    cites = tuple(a.id for a in articles)
    known = list(dict.fromkeys(a.outlet for a in articles if a.outlet))
    unknown = sum(1 for a in articles if not a.outlet)
    parts = [*known] + ([t("unknown_outlets", n=unknown)] if unknown else [])
    count = t("articles_count", n=len(articles), outlets=t.join(parts))
    out = [BriefSentence(text=full_stop(count), citations=cites)]
    if lead is not None:
        k = lead.independent_origins
        text = t(
            "lead",
            articles=t("lead_articles", n=len(lead.articles)),
            origins=t("lead_origins", n=k),
            names=t.join(lead.origins),
        )
        out.append(BriefSentence(text=full_stop(text), citations=lead.articles))
    shared = [c for c in claims if len(c.articles) > 1]
    if shared:
        single = [c for c in shared if c.independent_origins == 1]
        per_origin = Counter(c.origins[0] for c in single if c.origins)
        head = t("shared_head", claims=t("shared_claims", n=len(shared)))
        detail = str(t.data["detail_separator"]).join(
            t("detail", origin=o, n=n) for o, n in sorted(per_origin.items(), key=lambda x: (-x[1], x[0]))
        )
        if not single:
            text = t("shared_none", head=head)
        else:
            text = t("shared_single", n=len(single), head=head, detail=detail)
        out.append(BriefSentence(text=text, citations=tuple(dict.fromkeys(a for c in shared for a in c.articles))))
    seen: set[tuple[str, str, str]] = set()
    phrases = t.data["relations"]
    for r in relations:
        a, b = _unit_label(r.a, by_id, t), _unit_label(r.b, by_id, t)
        x, y = sorted((a, b)) if r.kind in ("translation", "shared_wire_copy") else (a, b)
        key = (r.kind, x, y)
        phrase = phrases.get(r.kind)
        if phrase is None or key in seen or r.a.partition(":")[0] not in by_id or r.b.partition(":")[0] not in by_id:
            continue
        seen.add(key)
        text = as_sentence(phrase.format(a=a, b=b))
        out.append(BriefSentence(text=text, citations=tuple(dict.fromkeys(x.partition(":")[0] for x in (r.a, r.b)))))
    return out


def novelty(claim: Claim, words_by_article: dict[str, set[str]], df: Counter[str], language: str) -> float:
    """Share of a single-article claim's content words that no other article of the story uses.

    ``words_by_article`` holds each article's content words and ``df`` in how many articles each word
    appears (both computed once per story), so a word is "elsewhere" when another article has it.
    """
    words = content_words(claim.text, language)
    if not words:
        return 0.0
    own = words_by_article.get(claim.articles[0], set()) if claim.articles else set()
    new = [w for w in words if df[w] - (w in own) == 0]
    return len(new) / len(words)


_ATTRIBUTED = " (attributed to "


def localise_attribution(text: str, t: BriefStrings) -> str:
    """A shown claim's closing "(attributed to X)" (:func:`shown_claim` writes it in English) in the
    brief's language: "(منسوب إلى X)"."""
    at = text.rfind(_ATTRIBUTED)
    if t.lang == "en" or at < 0 or not text.endswith(")"):
        return text
    return text[:at] + " " + t("attributed", who=text[at + len(_ATTRIBUTED) : -1])


def _only_in(claim: Claim, ctx: StoryContext, t: BriefStrings | None = None) -> BriefSentence | None:
    """A unique claim, with where it comes from when that is not the outlet itself and the sentence
    does not say so already ("Shaibani emphasized" names "Asaad Hassan Al-Shaibani" already); None
    when it cannot be shown alone (:func:`shown_claim`)."""
    t = t or brief_strings("en")
    text = shown_claim(claim, ctx)
    if text is None:
        return None
    others = unnamed_origins(claim, ctx)
    if others and _ATTRIBUTED not in text:
        text += f"{_ATTRIBUTED}{t.join(others)})"
    return BriefSentence(text=localise_attribution(text, t), citations=claim.articles)


def write_brief(
    story_id: str,
    title: str,
    articles: Sequence[Article],
    claims: Sequence[Claim],
    discrepancies: Sequence[Discrepancy],
    timeline: Sequence[TimelineItem],
    entities: Sequence[Entity],
    cfg: BriefConfig | None = None,
    relations: Sequence[Relation] = (),
) -> Brief:
    """Write the cited brief of a story.

    Args:
        story_id: the story id (the HTML ``<article>`` element's id is ``story-<id>``).
        title: the story title.
        articles: the story's articles; their order fixes the citation numbers [1], [2]...
        claims: claims from :func:`chorus.stages.claims.build_claims`, in salience order; key points
            are picked in that order and shown most corroborated first.
        discrepancies: from the claims stage and the timeline stage.
        timeline: dated events, earliest first.
        entities: people, organisations and places with their variants.
        cfg: settings; defaults to ``BriefConfig()``.
        relations: copies, translations and wire copy among the articles, listed under sources.

    Returns:
        ``Brief(markdown, html, sentences)``; every sentence cites at least one article.

    Example:
        >>> brief = write_brief("s1", "Putin meets Syrian ministers", arts, claims, diffs, [], [])  # doctest: +SKIP
    """
    cfg = cfg or BriefConfig()
    by_id = {a.id: a for a in articles}
    numbers = {a.id: i + 1 for i, a in enumerate(articles)}
    lang = brief_language(articles, cfg)
    t = brief_strings(lang)
    doc = BriefDocument(numbers, t)
    ctx = story_context(articles, entities)
    points = key_points(articles, claims, cfg, ctx)
    top: Claim | None = None
    lead: list[BriefSentence] = []
    if points:
        published = max((a.published for a in articles if a.published), default=None)
        top, first = points.pop(lead_claim(points, timeline, published))
        lead.append(_localised(first, t))
        when = event_date(top, timeline, published)
        if when is not None and when.articles:
            lead.append(date_sentence(when, t))
    points.sort(key=lambda p: -len(p[0].articles))  # shown most corroborated first (stable: salience next)
    doc.add("para", None, lead)
    doc.add("list", (t("headings.key_points"), {}), [_localised(s, t) for _, s in points])
    chosen = {c.id for c, _ in points} | ({top.id} if top else set())
    if len({a.label for a in articles}) > 1:
        per_outlet: dict[str, list[BriefSentence]] = {}
        unique = [
            c
            for c in claims
            if len(c.articles) == 1 and c.id not in chosen and claim_language(c, by_id) in (lang, None)
        ]
        words_by_article = {a.id: content_words(a.text, lang) for a in articles}
        df = Counter(w for words in words_by_article.values() for w in words)
        for c in unique:
            if novelty(c, words_by_article, df, lang) < cfg.min_novelty:
                continue
            bucket = per_outlet.setdefault(by_id[c.articles[0]].label, [])
            item = _only_in(c, ctx, t) if len(bucket) < cfg.max_unique_per_outlet else None
            if item is not None:
                bucket.append(item)
        for label, items in per_outlet.items():
            doc.add("list", (t.data["headings"]["only_in"], {"outlet": label}), items)
    diffs, diffs_html = [], []
    for d in discrepancies:
        cites = tuple(dict.fromkeys([*(e.article for e in d.evidence), *(a for v in d.values for a in v.articles)]))
        shown = discrepancy_sentence(d, t, by_id)
        diffs.append(BriefSentence(text=full_stop(shown.text if shown else d.text), citations=cites))
        diffs_html.append(shown.html if shown else None)
    doc.add("list", (t("headings.differ"), {}), diffs, diffs_html)
    doc.add(
        "list",
        (t("headings.timeline"), {}),
        [
            BriefSentence(text=t("timeline_item", date=date_label(i), text=as_sentence(i.text)), citations=i.articles)
            for i in list(timeline)[: cfg.max_timeline]
            if i.articles
        ],
    )
    ents = sorted(entities, key=lambda e: (-len({m.article for m in e.mentions}), -len(e.mentions), e.name))
    people = []
    for e in ents[: cfg.max_entities]:
        cites = tuple(dict.fromkeys(m.article for m in e.mentions))
        others = [v for v in e.variants if v != e.name]
        kind = t.entity_type(e.type)
        text = (
            t("entity_variants", name=e.name, type=kind, variants=t.join(others))
            if others
            else t("entity", name=e.name, type=kind)
        )
        if cites:
            people.append(BriefSentence(text=full_stop(text), citations=cites))
    doc.add("list", (t("headings.people"), {}), people)
    doc.add("list", (t("headings.sources_origins"), {}), _sources_sentences(articles, claims, top, relations, t))
    src_lines: list[SourceLine] = []
    for a in articles:
        label = a.label if a.outlet else t("outlet_unknown", label=a.label)
        bits = [label, a.title or "", t("article_id", id=a.id)]
        src_lines.append((numbers[a.id], [b for b in bits if b]))
    md = doc.markdown(title, src_lines)
    return Brief(markdown=md, html=doc.html(story_id, title, src_lines, lang), sentences=tuple(doc.sentences))


def _localised(s: BriefSentence, t: BriefStrings) -> BriefSentence:
    text = localise_attribution(s.text, t)
    return s if text == s.text else BriefSentence(text=text, citations=s.citations)
