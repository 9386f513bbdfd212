"""Frozen data model shared by every stage. No I/O here.

Offsets (``start``, ``end``) are always Python string indices into an article's cleaned ``text``, so
``article.text[start:end]`` is exactly the quoted span. Every derived fact carries such evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["day", "month", "year", "range"]
InputStatus = Literal["stored", "duplicate", "rejected", "skipped"]
RelationKind = Literal["exact_duplicate", "near_duplicate", "contained", "translation", "shared_wire_copy"]
EntityType = Literal["PERSON", "ORG", "LOCATION", "OTHER"]
DiscrepancyKind = Literal["number", "date", "name", "other"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A piece of evidence: ``text == article.text[start:end]`` for the article ``article``."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A run of paragraphs in one language. ``id`` is ``<article>:<n>``."""

    id: str
    language: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Removed:
    """A piece of the raw input that cleaning dropped, and why (boilerplate, credit, caption...)."""

    text: str
    why: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """What a reader found in one input, before cleaning: the raw text plus metadata."""

    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None
    external_id: str | None = None
    removed: tuple[Removed, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A cleaned, stored article. ``id`` is the content hash of the normalized text."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    segments: tuple[Segment, ...] = ()
    removed: tuple[Removed, ...] = ()
    credits: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def language(self) -> str | None:
        """The language covering most characters, or None when the article has no segments."""
        if not self.segments:
            return None
        sizes: dict[str, int] = {}
        for s in self.segments:
            sizes[s.language] = sizes.get(s.language, 0) + s.end - s.start
        return max(sizes, key=lambda k: sizes[k])

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language of the article, in order of first appearance."""
        return tuple(dict.fromkeys(s.language for s in self.segments))

    @property
    def label(self) -> str:
        """How to name the article to a reader: its outlet, else the host of its URL, else the file
        name of its source (what the user gave), else its id.

        Example:
            >>> Article(id="b67e", source="in/004_fb17.txt", text="...").label
            '004_fb17.txt'
        """
        if self.outlet:
            return self.outlet
        if self.url:
            host = self.url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
            if host:
                return host
        name = self.source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        if name and name not in ("-", "<stdin>"):
            return name
        return self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected:
    """An expected discard: the input could not become an article, and why (one line)."""

    source: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class InputRecord:
    """What happened to one input: stored, a duplicate of an article, or rejected with a reason."""

    source: str
    status: InputStatus
    article: str | None = None
    duplicate_of: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """A sentence of an article: its span and language."""

    article: str
    start: int
    end: int
    text: str
    language: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation:
    """A relation between two articles or segments, ``a`` to ``b`` (``contained``: a inside b)."""

    kind: RelationKind
    a: str
    b: str
    score: float
    evidence: tuple[tuple[int, int, int, int], ...] = ()  # (a_start, a_end, b_start, b_end)


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    """Who a sentence says its content comes from (``source``), and the cue that says so."""

    article: str
    sentence_start: int
    sentence_end: int
    source: str
    cue: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A canonical entity with every surface form seen and every mention."""

    id: str
    name: str
    type: EntityType
    variants: tuple[str, ...]
    mentions: tuple[Mention, ...]
    merge_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DateValue:
    """A normalized date with its precision; ``end`` is set for ranges."""

    start: dt.date
    precision: Precision
    end: dt.date | None = None

    def format(self) -> str:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` by precision (ranges format their start)."""
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineItem:
    """A dated event: what happened (the dated clause), which articles report it, their evidence
    spans, the date phrases that placed it ("today (Tuesday)"), and notes a reader should see (a date
    borrowed from the story, a weekday that contradicts the publication date, an announcement)."""

    date: DateValue
    text: str
    articles: tuple[str, ...]
    evidence: tuple[Span, ...]
    phrases: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    id: str
    text: str
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    origins: tuple[str, ...]
    independent_origins: int
    evidence: tuple[Span, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscrepancyValue:
    """One of the values sources disagree on ("12 people"), with everything that states it: the figure
    (or word, or name) as each article wrote it (``evidence``), the sentence around it (``sentences``,
    same order), the articles and outlets, and the origins they trace to (relays of one agency are one
    origin; :mod:`chorus.stages.origins`). ``value`` is the number for a figure, else ``None``."""

    text: str
    value: float | None
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    origins: tuple[str, ...]
    independent_origins: int
    evidence: tuple[Span, ...]
    sentences: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Discrepancy:
    """Where sources differ. ``evidence`` holds every span involved; ``values`` (when the check knows
    them: figures, dates and names across sources) groups them by distinct value, first stated first."""

    kind: DiscrepancyKind
    text: str
    claims: tuple[str, ...]
    evidence: tuple[Span, ...]
    values: tuple[DiscrepancyValue, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BriefSentence:
    text: str
    citations: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Brief:
    markdown: str
    html: str
    sentences: tuple[BriefSentence, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    id: str
    title: str
    articles: tuple[str, ...]
    languages: tuple[str, ...] = ()
    merged_from: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()
    claims: tuple[Claim, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    brief: Brief | None = None
