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
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from chorus.errors import ConfigError
from chorus.model import Article, Brief, BriefSentence, Claim, Discrepancy, Entity, Span, TimelineItem
from chorus.stages.claims_units import lang_data
from chorus.text import normalize

#: Words that template sentences add on their own (not taken from any article).
TEMPLATE_WORDS = frozenset(
    [
        "account",
        "also",
        "article",
        "articles",
        "claim",
        "claims",
        "date",
        "differ",
        "different",
        "differently",
        "dwelling",
        "event",
        "figure",
        "figures",
        "gives",
        "independent",
        "kind",
        "location",
        "name",
        "one",
        "only",
        "organisation",
        "origin",
        "origins",
        "other",
        "outlet",
        "outlets",
        "people",
        "person",
        "same",
        "says",
        "sentence",
        "shared",
        "source",
        "sources",
        "spell",
        "thing",
        "things",
        "timeline",
        "traces",
        "two",
        "variants",
        "writes",
        "written",
        "year",
    ]
)


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


# --- helpers -------------------------------------------------------------------------------------


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


def _span_language(span: Span, by_id: dict[str, Article]) -> str | None:
    a = by_id.get(span.article)
    if a is None:
        return None
    for s in a.segments:
        if s.start <= span.start < s.end:
            return s.language
    return a.language


def claim_language(claim: Claim, by_id: dict[str, Article]) -> str | None:
    """The language of a claim's text (the language of the evidence span it was taken from)."""
    for e in claim.evidence:
        if e.text == claim.text:
            return _span_language(e, by_id)
    return _span_language(claim.evidence[0], by_id) if claim.evidence else None


def as_sentence(text: str) -> str:
    """Light compression output: first letter capitalised, final punctuation ensured."""
    text = text.strip()
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if text and text[-1] not in ".!?…؟\"”'’»)":
        text += "."
    return text


def _content(text: str, language: str) -> set[str]:
    stop = {normalize(w) for w in lang_data(language).get("stopwords", [])}
    return {t for t in re.findall(r"\w+", normalize(text)) if t not in stop}


def key_points(
    articles: Sequence[Article], claims: Sequence[Claim], cfg: BriefConfig | None = None
) -> list[tuple[Claim, BriefSentence]]:
    """The key points: claims in the given (salience) order within the word budget.

    Claims in another language than the brief's, and claims mostly repeating a chosen one, are
    skipped. Each sentence cites every article that makes the claim.

    Example:
        >>> text = " ".join(s.text for _, s in key_points(articles, claims))  # doctest: +SKIP
    """
    cfg = cfg or BriefConfig()
    by_id = {a.id: a for a in articles}
    lang = brief_language(articles, cfg)
    chosen: list[tuple[Claim, BriefSentence]] = []
    covered: list[set[str]] = []
    used = 0
    for c in claims:
        if claim_language(c, by_id) not in (lang, None):
            continue
        text = as_sentence(c.text)
        words = len(text.split())
        toks = _content(text, lang)
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


def _event_date(top: Claim | None, timeline: Sequence[TimelineItem]) -> TimelineItem | None:
    if not timeline:
        return None
    if top is not None:
        for item in timeline:
            for ev in item.evidence:
                if any(ev.article == s.article and ev.start < s.end and s.start < ev.end for s in top.evidence):
                    return item
    dated = [t for t in timeline if t.date.precision == "day"] or list(timeline)
    return max(dated, key=lambda t: (len(t.articles), -t.date.start.toordinal()))


# --- rendering -----------------------------------------------------------------------------------


class _Doc:
    """Collects sections once and renders them to Markdown and HTML."""

    def __init__(self, numbers: dict[str, int]) -> None:
        self.numbers = numbers
        self.blocks: list[tuple[str, str, list[BriefSentence]]] = []  # (kind, heading, sentences)
        self.sentences: list[BriefSentence] = []

    def add(self, kind: str, heading: str, items: list[BriefSentence]) -> None:
        if items:
            self.blocks.append((kind, heading, items))
            self.sentences.extend(items)

    def cite_md(self, s: BriefSentence) -> str:
        return "".join(f"[{self.numbers[c]}]" for c in s.citations if c in self.numbers)

    def cite_html(self, s: BriefSentence) -> str:
        return "".join(
            f'<sup><a href="#src-{self.numbers[c]}">[{self.numbers[c]}]</a></sup>'
            for c in s.citations
            if c in self.numbers
        )

    def markdown(self, title: str, sources: list[str]) -> str:
        out = [f"# {title}", ""]
        for kind, heading, items in self.blocks:
            if heading:
                out += [f"## {heading}", ""]
            if kind == "para":
                out += [" ".join(f"{s.text} {self.cite_md(s)}" for s in items), ""]
            else:
                out += [f"- {s.text} {self.cite_md(s)}" for s in items] + [""]
        out += ["## Sources", "", *sources]
        return "\n".join(out).rstrip() + "\n"

    def html(self, story_id: str, title: str, sources: list[tuple[int, str]], lang: str) -> str:
        esc = html.escape
        direction = ' dir="rtl"' if lang in {"ar", "he", "fa", "ur"} else ""
        out = [
            "<!DOCTYPE html>",
            f'<html lang="{esc(lang)}"{direction}><head><meta charset="utf-8">',
            f'<title>{esc(title)}</title></head><body><article id="story-{esc(story_id)}">',
            f"<h1>{esc(title)}</h1>",
        ]
        for kind, heading, items in self.blocks:
            if heading:
                out.append(f"<h2>{esc(heading)}</h2>")
            if kind == "para":
                out.append("<p>" + " ".join(f"{esc(s.text)}{self.cite_html(s)}" for s in items) + "</p>")
            else:
                out.append("<ul>" + "".join(f"<li>{esc(s.text)}{self.cite_html(s)}</li>" for s in items) + "</ul>")
        out.append("<h2>Sources</h2><ol>")
        out += [f'<li id="src-{n}">{esc(line)}</li>' for n, line in sources]
        out.append("</ol></article></body></html>")
        return "\n".join(out) + "\n"


def _origin_sentence(articles: Sequence[Article], claims: Sequence[Claim]) -> BriefSentence:
    """ "N articles from M outlets; the account most of them share traces to K origins: ..."."""
    outlets = {a.outlet or a.id for a in articles}
    n = len(articles)
    head = f"{n} article{'s' if n != 1 else ''} from {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"
    cites = tuple(a.id for a in articles)
    if not claims:
        return BriefSentence(text=head + ".", citations=cites)
    most = max(len(c.articles) for c in claims)
    floor = max(2, (n + 1) // 2) if most > 1 else 1
    shared = [c for c in claims if len(c.articles) >= min(floor, most)]
    origins = sorted({o for c in shared for o in c.origins})
    k = len(origins)
    if most > 1:
        what = f"the account shared by {min(floor, most)} or more of them traces to"
    else:
        what = "no claim is shared between them; their claims trace to"
    text = f"{head}; {what} {k} independent origin{'s' if k != 1 else ''}: {', '.join(origins)}."
    return BriefSentence(text=text, citations=cites)


def write_brief(
    story_id: str,
    title: str,
    articles: Sequence[Article],
    claims: Sequence[Claim],
    discrepancies: Sequence[Discrepancy],
    timeline: Sequence[TimelineItem],
    entities: Sequence[Entity],
    cfg: BriefConfig | None = None,
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

    Returns:
        ``Brief(markdown, html, sentences)``; every sentence cites at least one article.

    Example:
        >>> brief = write_brief("s1", "Putin meets Syrian ministers", arts, claims, diffs, [], [])  # doctest: +SKIP
    """
    cfg = cfg or BriefConfig()
    by_id = {a.id: a for a in articles}
    numbers = {a.id: i + 1 for i, a in enumerate(articles)}
    lang = brief_language(articles, cfg)
    doc = _Doc(numbers)
    points = key_points(articles, claims, cfg)
    points.sort(key=lambda p: -len(p[0].articles))  # shown most corroborated first (stable: salience next)
    top = points[0][0] if points else None
    lead: list[BriefSentence] = []
    if points:
        lead.append(points[0][1])
        when = _event_date(top, timeline)
        if when is not None:
            lead.append(BriefSentence(text=f"Event date (timeline): {when.date.format()}.", citations=when.articles))
    doc.add("para", "", lead)
    doc.add("list", "Key points", [s for _, s in points[1:]])
    chosen = {c.id for c, _ in points}
    if len({a.outlet or a.id for a in articles}) > 1:
        per_outlet: dict[str, list[BriefSentence]] = {}
        for c in claims:
            if len(c.articles) != 1 or c.id in chosen or claim_language(c, by_id) not in (lang, None):
                continue
            label = c.outlets[0] if c.outlets else c.articles[0]
            bucket = per_outlet.setdefault(label, [])
            if len(bucket) < cfg.max_unique_per_outlet:
                bucket.append(BriefSentence(text=as_sentence(c.text), citations=c.articles))
        for label, items in per_outlet.items():
            doc.add("list", f"Only in {label}", items)
    diffs = []
    for d in discrepancies:
        cites = tuple(dict.fromkeys(e.article for e in d.evidence))
        diffs.append(BriefSentence(text=d.text, citations=cites))
    doc.add("list", "Where sources differ", diffs)
    doc.add(
        "list",
        "Timeline",
        [
            BriefSentence(text=f"{t.date.format()}: {as_sentence(t.text)}", citations=t.articles)
            for t in list(timeline)[: cfg.max_timeline]
            if t.articles
        ],
    )
    ents = sorted(entities, key=lambda e: (-len({m.article for m in e.mentions}), -len(e.mentions), e.name))
    people = []
    for e in ents[: cfg.max_entities]:
        cites = tuple(dict.fromkeys(m.article for m in e.mentions))
        others = [v for v in e.variants if v != e.name]
        text = f"{e.name} ({e.type.lower()})" + (f"; also written: {', '.join(others)}" if others else "")
        if cites:
            people.append(BriefSentence(text=text + ".", citations=cites))
    doc.add("list", "People and organisations", people)
    origin = _origin_sentence(articles, claims)
    doc.add("para", "Sources and origins", [origin])
    src_lines = []
    for a in articles:
        bits = [a.outlet or "unknown outlet", a.title or "", f"article {a.id}"]
        src_lines.append((numbers[a.id], " — ".join(b for b in bits if b)))
    md = doc.markdown(title, [f"[{n}] {line}" for n, line in src_lines])
    return Brief(markdown=md, html=doc.html(story_id, title, src_lines, lang), sentences=tuple(doc.sentences))
