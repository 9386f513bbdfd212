"""The runner: read inputs, clean, detect language, store; then relate, cluster and analyse stories.

Stages are pure functions (``chorus.stages``); this module is the only place that moves data between
them and the store. Error policy: a bad input becomes a Rejected record and the batch continues; a
stage failing on one story is logged against that story and the others still run. Each article is
stored in its own transaction, so a crash loses nothing already stored, and re-running the same
inputs adds nothing (article ids are content hashes, inputs are keyed by source and fingerprint).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from chorus.config import Settings
from chorus.embed import Encoder, default_encoder
from chorus.errors import ConfigError, StageError
from chorus.ingest import (
    Item,
    Planned,
    ReadConfig,
    Skipped,
    display_name,
    guarded,
    named,
    plan_inputs,
    planned_item,
    read_inputs,
)
from chorus.ingest import short as _short
from chorus.model import (
    Article,
    Attribution,
    Claim,
    Discrepancy,
    Document,
    Entity,
    InputRecord,
    Rejected,
    Relation,
    Story,
    TimelineItem,
)
from chorus.stages.clean import clean
from chorus.stages.language import segment_languages
from chorus.store import SQLiteStore
from chorus.text import content_hash, normalize

if TYPE_CHECKING:
    from chorus.stages.entities import ArabicTagger
    from chorus.store.files import FileEvent

log = logging.getLogger("chorus")

Progress = Callable[[str], None]
_T = TypeVar("_T")


_RECORD_SUFFIX = re.compile(r"#L?[0-9]+\Z")

OUT_REASON = "the output folder (--out) of this run: chorus does not read its own output"
STORE_REASON = "a file of the store (--db) of this run: chorus does not read its own database"


@dataclass(slots=True)
class IngestResult:
    """What one ingest pass did: a record per input, which articles are new, which stories lost one."""

    records: list[InputRecord] = field(default_factory=list)
    new_articles: list[str] = field(default_factory=list)
    superseded_stories: list[str] = field(default_factory=list)
    gone: list[FileEvent] = field(default_factory=list)  # files that left a folder given (chorus.store.files)

    @property
    def article_ids(self) -> list[str]:
        """Ids of every article this pass touched (stored now, before, or duplicated)."""
        ids = [r.article or r.duplicate_of for r in self.records if r.status in ("stored", "duplicate")]
        return list(dict.fromkeys(i for i in ids if i))


def exclusions(store: SQLiteStore | None, out_dir: str | Path | None = None) -> dict[Path, str]:
    """The paths a run never reads, with the reason: its --out folder and the store's files."""
    found: dict[Path, str] = {}

    def add(path: str | Path, reason: str) -> None:
        found[Path(os.path.abspath(path))] = reason
        found[Path(os.path.realpath(path))] = reason

    if out_dir is not None:
        add(out_dir, OUT_REASON)
    if store is not None and store.path != ":memory:":
        for suffix in ("", "-wal", "-shm", "-journal"):
            add(store.path + suffix, STORE_REASON)
    return found


def read_guarded(source: str, cfg: ReadConfig) -> Iterator[Item]:
    """Read one file (or ``-``); an exception from a reader becomes a Rejected item, never escapes."""
    return guarded(source, iter(read_inputs([source], cfg)))


def read_planned(entries: Iterable[Planned], cfg: ReadConfig) -> Iterator[Item]:
    """The items of planned entries (:func:`chorus.ingest.plan_inputs`): a path not read is its
    Rejected or Skipped item; a file is read (guarded), each item named relative to the folder given."""
    for entry in entries:
        if entry.rejected is not None:
            yield planned_item(entry)
        else:
            yield from named(read_guarded(entry.source, cfg), entry)


def read_items(inputs: Iterable[str], cfg: ReadConfig, exclude: Mapping[Path, str] | None = None) -> Iterator[Item]:
    """Every input as Items, one file at a time, each guarded; the paths of folders that are not read
    (:func:`chorus.ingest.plan_inputs`) as Skipped or Rejected items, with their reasons."""
    return read_planned(plan_inputs(inputs, exclude), cfg)


@dataclass(frozen=True, slots=True)
class Built:
    """An input already read and built (by a Spark executor), for :func:`ingest_items` to store."""

    source: str
    fingerprint: str
    result: Article | Rejected
    note: str | None = None
    name: str | None = None


def build_guarded(item: Item, settings: Settings, today: dt.date) -> Built:
    """Build an item where it was read (a Spark executor); an exception rejects this input only."""
    res = item.result
    try:
        built = res if isinstance(res, Rejected) else build_article(res, settings, today)
    except Exception as e:  # one bad input never stops the batch; the reason is kept
        built = Rejected(source=res.source, stage="clean", reason=_internal(e))
    return Built(res.source, item.fingerprint, built, item.note, item.name)


def _internal(e: BaseException) -> str:
    return f"internal error while ingesting: {type(e).__name__}: {_short(e)}"


def build_article(doc: Document, settings: Settings, today: dt.date) -> Article | Rejected:
    """Clean a document and detect its languages: an Article, or a Rejected saying why not.

    Args:
        doc: a reader's output.
        settings: the run settings.
        today: the date against which published dates in the future are refused.
    """
    cleaned = clean(doc, settings.clean, settings.language.languages)
    if not cleaned.text.strip():
        whys = sorted({r.why for r in cleaned.removed})
        what = f" (only {', '.join(whys)})" if whys else ""
        return Rejected(source=doc.source, stage="clean", reason=f"no article text left after cleaning{what}")
    words = len(cleaned.text.split())
    if words < settings.min_words:
        return Rejected(
            source=doc.source,
            stage="clean",
            reason=f"too short to be an article ({words} {'word' if words == 1 else 'words'})",
        )
    published = doc.published or cleaned.dateline
    meta = dict(doc.metadata)
    if published and published > today + dt.timedelta(days=1):
        meta["published_rejected"] = f"date {published.isoformat()} is in the future; publication date left unknown"
        published = None
    outlet = doc.outlet
    if not outlet and cleaned.outlet_hints:
        outlet = cleaned.outlet_hints[0]
        meta["outlet_inferred_from"] = "credit or site template in the text"
    if doc.external_id:
        meta.setdefault("external_id", doc.external_id)
    key = cleaned.text if not doc.url else cleaned.text + "\n" + doc.url.strip()
    aid = content_hash(key)
    segments = segment_languages(cleaned.text, cleaned.paragraphs, aid, settings.language, hint=(doc.language or None))
    return Article(
        id=aid,
        source=doc.source,
        text=cleaned.text,
        title=cleaned.title,
        outlet=outlet,
        url=doc.url,
        published=published,
        segments=tuple(segments),
        removed=cleaned.removed,
        credits=cleaned.credits,
        metadata=meta,
    )


def read_articles(
    inputs: Iterable[str], settings: Settings | None = None, *, today: dt.date | None = None
) -> list[Article | Rejected]:
    """Read and clean inputs into articles without a store, as ``chorus run`` would see them.

    For library use and benchmarks: the same readers, cleaning (title, dateline, boilerplate) and
    language detection as :func:`ingest`, one result per input document, in reading order; a path of a
    folder that is not read is a :class:`~chorus.ingest.Skipped` (a Rejected) with its reason.

    >>> arts = read_articles(["examples/seeds"])  # doctest: +SKIP
    >>> arts[0].published                         # doctest: +SKIP
    datetime.date(2025, 12, 24)
    """
    settings = settings or Settings()
    today = today or dt.date.today()
    out: list[Article | Rejected] = []
    for item in read_items(inputs, settings.ingest):
        res = item.result
        out.append(res if isinstance(res, Rejected) else build_article(res, settings, today))
    return out


def ingest(
    inputs: Iterable[str],
    store: SQLiteStore,
    settings: Settings,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    on_article: Callable[[Article], None] | None = None,
    out_dir: str | Path | None = None,
) -> IngestResult:
    """Read, clean and store every input; never raises for bad input.

    Args:
        inputs: files, folders or ``-``.
        store: where articles and the inputs log go.
        settings: run settings.
        today: reference date for refusing future publication dates (default: the system date).
        progress: called with each input's source as it is handled.
        on_article: called with each newly stored article, inside its transaction (index hooks).
        out_dir: the run's output folder, never read (nor are the store's own files); every path
            skipped in a folder (hidden, temporary, excluded, symbolic link outside) is logged as
            ``skipped`` with its reason.

    A file read from a folder given before and no longer in it is logged removed or renamed
    (:func:`chorus.ingest.plan_gone.account_inputs`; ``result.gone``); its articles are kept.
    """
    from chorus.ingest.plan_gone import account_inputs

    inputs = list(inputs)
    planned = list(plan_inputs(inputs, exclusions(store, out_dir)))
    result = ingest_items(
        read_planned(planned, settings.ingest),
        store,
        settings,
        today=today,
        progress=progress,
        on_article=on_article,
    )
    result.gone = account_inputs(store, inputs, planned)
    return result


def ingest_items(
    items: Iterable[Item | Built],
    store: SQLiteStore,
    settings: Settings,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> IngestResult:
    """Like :func:`ingest`, for items already read (the HTTP API, ``chorus watch``) or built (the Spark
    runner): every entry point stores, supersedes and logs inputs here."""
    today = today or dt.date.today()
    result = IngestResult()
    for item in items:
        rec = _ingest_one(item, store, settings, today, on_article, result.superseded_stories)
        result.records.append(rec)
        if rec.status == "stored" and rec.reason != "already stored" and rec.article:
            result.new_articles.append(rec.article)
        if progress:
            progress(rec.source)
    return result


def _ingest_one(
    item: Item | Built,
    store: SQLiteStore,
    settings: Settings,
    today: dt.date,
    on_article: Callable[[Article], None] | None,
    superseded_stories: list[str] | None = None,
) -> InputRecord:
    res = item.result
    source = display_name(res.source)
    if source != res.source:
        res = dataclasses.replace(res, source=source)
    try:
        seen = store.seen_input(source, item.fingerprint)
        if seen is not None and seen.status in ("stored", "duplicate"):
            _seen_again(
                source, item.fingerprint, seen.article or seen.duplicate_of, store, superseded_stories, settings
            )
        if seen is not None and seen.status != "rejected":
            return InputRecord(
                source=source,
                status=seen.status,
                article=seen.article,
                duplicate_of=seen.duplicate_of,
                reason="already stored" if seen.status == "stored" else seen.reason,
            )
        built = res if isinstance(res, (Article, Rejected)) else build_article(res, settings, today)
        return commit(
            source,
            item.fingerprint,
            built,
            store,
            note=item.note,
            name=display_name(item.name) if item.name is not None else None,
            on_article=on_article,
            settings=settings,
            superseded_stories=superseded_stories,
        )
    except Exception as e:  # one bad input never stops the batch; the reason is kept
        log.warning("ingest failed on %s: %s: %s", source, type(e).__name__, _short(e))
        log.debug("traceback", exc_info=True)
        rec = InputRecord(source=source, status="rejected", reason=_internal(e))
        try:
            with store.transaction():
                store.record_input(rec, item.fingerprint)
        except Exception:  # the store itself is broken: report, do not mask the first error
            log.warning("could not record the failure of %s", source, exc_info=log.isEnabledFor(logging.DEBUG))
        return rec


def positional(source: str) -> bool:
    """Whether ``source`` names a record by its position in a file (``feed.jsonl#L3``, ``items.json#2``,
    ``feed.xml#0``, a WARC response without a URL) rather than one whole document.

    A position is not an identity: a record added at the top of a file shifts every later one, so
    the new content of ``#L2`` is not a new version of the article ``#L2`` held before. Only a source
    that names one whole document (a plain file, an HTML page, a single JSON object, a WARC response
    by its URL) supersedes its earlier article.
    """
    return _RECORD_SUFFIX.search(source) is not None


def _reinstate(article: Article | str, store: SQLiteStore, settings: Settings) -> None:
    """Make a superseded article current again: it leaves ``superseded``, re-enters the near-duplicate
    index and is clustered by the next :func:`assign_stories`. Call inside a transaction."""
    aid = article if isinstance(article, str) else article.id
    store.unsupersede(aid)
    found = article if isinstance(article, Article) else store.get_article(aid)
    if found is not None:
        index_near_duplicates(found, store, settings)


def _supersede_stale(store: SQLiteStore, source: str, old: str | None, new: str, stories: list[str] | None) -> None:
    """Mark ``old`` superseded by ``new`` when ``source`` held ``old`` before and nothing else holds it
    (a positional record never supersedes: its number names a place in a file, not a document); the
    story ``old`` leaves goes to ``stories`` to be analysed again."""
    if not old or old == new or positional(source) or store.superseded_by(old) or store.used_elsewhere(old, source):
        return
    story = store.supersede(old, new, source)
    log.info("%s: article %s superseded by %s", source, old, new)
    if story and stories is not None:
        stories.append(story)


def _seen_again(
    source: str,
    fingerprint: str,
    article: str | None,
    store: SQLiteStore,
    stories: list[str] | None,
    settings: Settings,
) -> None:
    """An input stored before is seen again. When its source held another version since (A -> B -> A),
    this version is the source's current one again: its article, if superseded, is current again, and
    the article of the version it left is superseded - unless another source still holds it, or the
    source is a positional record, which never supersedes. Nothing is written when this version is
    already the one seen last and its article is current (a plain re-run).

    A version seen last whose article is superseded is proof that the order of sightings is wrong
    (the source's last version is always current: a store whose order could not be recovered, see
    migration 3): it is not taken for a plain re-run, the source holds it now, so it is current again."""
    stale = article is not None and store.superseded_by(article) is not None
    if store.seen_last(source) == fingerprint and not stale:
        return
    with store.transaction():
        left = store.latest_article(source)
        went_back = store.saw_input(source, fingerprint)
        if not article or not (went_back or stale):
            return
        if store.superseded_by(article):
            _reinstate(article, store, settings)
            log.info("%s: article %s is current again", source, article)
        _supersede_stale(store, source, left, article, stories)


def index_near_duplicates(article: Article, store: SQLiteStore, settings: Settings) -> list[Relation]:
    """Add an article to the archive's MinHash LSH index and relate it to the near duplicates found.

    The band keys live in the store (``lsh`` table), so the index grows with the archive and is never
    rebuilt: each new article costs one signature and one indexed lookup per band, and only the
    candidates that share a band are verified with exact shingle Jaccard
    (:func:`chorus.stages.relations.verify_near_duplicate`). Runs inside the article's transaction.
    """
    from chorus.stages.relations import lsh_keys, minhash_signature, verify_near_duplicate

    cfg = settings.relations
    keys = lsh_keys(minhash_signature(article.text, cfg.minhash), cfg.minhash)
    candidates = store.lsh_candidates(keys, exclude=article.id, limit=cfg.max_near_candidates)
    store.add_lsh(article.id, keys)
    found = [rel for other in store.get_articles(candidates) if (rel := verify_near_duplicate(article, other, cfg))]
    store.add_relations(found)
    return found


def commit(
    source: str,
    fingerprint: str,
    built: Article | Rejected,
    store: SQLiteStore,
    *,
    note: str | None = None,
    name: str | None = None,
    settings: Settings,
    on_article: Callable[[Article], None] | None = None,
    superseded_stories: list[str] | None = None,
) -> InputRecord:
    """Store one built article (or its rejection) and log the input, in one transaction.

    When the same source was stored before with other content (a file rewritten, a watched file that
    was taken half-written), the earlier article is marked superseded by this one: it is kept, but
    leaves its story (whose id is added to ``superseded_stories`` so it is re-analysed) - unless another
    source still holds it, or the source is a positional record (:func:`positional`), which never
    supersedes. An input whose text is that of a superseded article makes it current again: it is
    held by this input, so it rejoins the near-duplicate index and clustering. A :class:`Skipped` is
    logged as ``skipped``. ``name``: the input's name relative to the folder given.
    """
    with store.transaction():
        if isinstance(built, Skipped):
            rec = InputRecord(source=source, status="skipped", reason=built.reason)
            if built.target:  # kept out of the reason (logged in the store, shown by the open API)
                log.info("%s: %s (it leads to %s)", source, built.reason, display_name(built.target))
        elif isinstance(built, Rejected):
            rec = InputRecord(source=source, status="rejected", reason=built.reason)
        elif store.has_article(built.id):
            if store.superseded_by(built.id):
                _reinstate(built, store, settings)
                log.info("%s: article %s is current again", source, built.id)
            rec = InputRecord(
                source=source,
                status="duplicate",
                duplicate_of=built.id,
                reason="same text as an article already stored",
            )
        else:
            store.add_article(built)
            near = index_near_duplicates(built, store, settings)
            if on_article:
                on_article(built)
            if near and not note:
                note = "near duplicate of " + ", ".join(
                    f"{r.b if r.a == built.id else r.a} ({r.score:.2f})" for r in near
                )
            rec = InputRecord(source=source, status="stored", article=built.id, reason=note)
        if isinstance(built, Article) and (rejected_date := built.metadata.get("published_rejected")):
            rec = dataclasses.replace(rec, reason="; ".join(x for x in (rec.reason, str(rejected_date)) if x))
        target = rec.article or rec.duplicate_of
        if target:
            old = store.previous_article(source, fingerprint)
            _supersede_stale(store, source, old, target, superseded_stories)
        store.record_input(rec, fingerprint, name=name)
    return rec


def normalized_text(article: Article) -> str:
    """The normalized text used for exact-duplicate comparisons."""
    return normalize(article.text)


def order_for_clustering(articles: Sequence[Article]) -> list[Article]:
    """Event-time order: dated articles by date, undated ones after them, ties by id."""
    return sorted(articles, key=lambda a: (a.published is None, a.published or dt.date.min, a.id))


# --- stories ------------------------------------------------------------------------------------


@dataclass(slots=True)
class RunResult:
    """A finished run: the inputs log of this run, the report, and where it was written."""

    ingest: IngestResult
    report: dict[str, object]
    story_ids: list[str]


class Models:
    """The models the per-story stages use, loaded lazily once per process (and per Spark worker)."""

    _instance: Models | None = None

    def __init__(self) -> None:
        self._nlp_en: object | None = None
        self._ner_ar: ArabicTagger | None = None

    @classmethod
    def get(cls) -> Models:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    @property
    def encoder(self) -> Encoder:
        return default_encoder()

    @property
    def nlp_en(self) -> object:
        if self._nlp_en is None:
            from chorus.stages.entities import load_english

            self._nlp_en = load_english()
        return self._nlp_en

    @property
    def ner_ar(self) -> ArabicTagger:
        if self._ner_ar is None:
            from chorus.stages.ner_ar import ArabicNER

            self._ner_ar = ArabicNER.load()
        return self._ner_ar


def check_store(store: SQLiteStore) -> None:
    """Raise :class:`~chorus.errors.ConfigError` when the store's cluster state is of another version."""
    from chorus.stages.cluster_online import check_state_version

    raw = store.get_state("cluster")
    if raw:
        try:
            state = json.loads(raw)
        except ValueError as e:
            raise ConfigError(f"the store's cluster state is not valid JSON ({e}); re-cluster on a fresh --db") from e
        check_state_version(state)


def assign_stories(store: SQLiteStore, settings: Settings, encoder: Encoder | None = None) -> list[str]:
    """Place every unassigned article in a story (online clustering, event-time order).

    The clusterer's state lives in the store between runs, so stories keep their ids as articles
    arrive; merges are recorded as aliases. Returns the ids of stories that gained articles.
    """
    from chorus.stages.cluster import cluster_articles

    pending = store.get_articles(store.unassigned_articles())
    if not pending:
        return []
    raw = store.get_state("cluster")
    state = json.loads(raw) if raw else None
    result = cluster_articles(pending, encoder or Models.get().encoder, settings.cluster, state)
    with store.transaction():
        for aid, sid in result.assignments.items():
            store.assign(aid, sid)
        for old, new in result.aliases.items():
            if store.resolve_story(old) != new:
                store.add_alias(old, new)
        store.put_state("cluster", json.dumps(result.state).encode("utf-8"))
    return list(dict.fromkeys(result.assignments.values()))


@dataclass(frozen=True, slots=True)
class StoryResult:
    """What the per-story stages derive: the story and the relations found among its articles."""

    story: Story
    relations: tuple[Relation, ...] = ()
    warnings: tuple[str, ...] = ()


def story_from_articles(
    story_id: str,
    articles: Sequence[Article],
    settings: Settings,
    *,
    merged_from: Sequence[str] = (),
    models: Models | None = None,
) -> StoryResult:
    """Run the per-story stages on one story's articles (relations, attribution, entities, timeline,
    claims, brief). Pure apart from loading models lazily.

    Both the local runner and the distributed runner (``chorus.scale``) call this, so a story comes
    out the same wherever it is computed. A stage that fails leaves its part empty and a warning; the
    other stages still run.
    """
    from chorus.stages.attribution import find_attributions
    from chorus.stages.brief import brief_language, write_brief
    from chorus.stages.claims import build_claims
    from chorus.stages.cluster import story_title
    from chorus.stages.entities import extract_entities
    from chorus.stages.origins import Provenance
    from chorus.stages.relations import find_relations
    from chorus.stages.timeline import build_timeline

    models = models or Models.get()
    enc = models.encoder
    ordered = order_for_clustering(articles)
    warnings: list[str] = []

    def attempt(stage: str, fn: Callable[[], _T], empty: _T) -> _T:
        try:
            return fn()
        except Exception as e:  # error policy: one stage failing on one story never stops the run
            err = StageError(stage, story_id, f"{type(e).__name__}: {e}")
            log.warning("%s", err)
            log.debug("traceback of %s", stage, exc_info=True)
            warnings.append(str(err))
            return empty

    no_relations: list[Relation] = []
    no_attributions: list[Attribution] = []
    no_entities: list[Entity] = []
    no_timeline: tuple[list[TimelineItem], list[Discrepancy]] = ([], [])
    relations = attempt("relations", lambda: find_relations(ordered, enc, settings.relations), no_relations)
    attributions = attempt(
        "attribution",
        lambda: [x for a in ordered for x in find_attributions(a, settings.attribution)],
        no_attributions,
    )
    entities = attempt(
        "entities", lambda: extract_entities(ordered, models.nlp_en, models.ner_ar, settings.entities), no_entities
    )
    timeline, date_conflicts = attempt("timeline", lambda: build_timeline(ordered, settings.timeline, enc), no_timeline)

    def claims_fn() -> tuple[list[Claim], list[Discrepancy]]:
        language = brief_language(ordered, settings.brief)
        origins = Provenance(ordered, attributions, relations, entities, language=language).claim_origins
        return build_claims(ordered, None, attributions, relations, entities, enc, settings.claims, origins)

    no_claims: tuple[list[Claim], list[Discrepancy]] = ([], [])
    claims, differences = attempt("claims", claims_fn, no_claims)
    title = attempt("title", lambda: story_title(ordered, enc), "") or _fallback_title(ordered)
    discrepancies = [*differences, *date_conflicts]
    brief = attempt(
        "brief",
        lambda: write_brief(
            story_id, title, ordered, claims, discrepancies, timeline, entities, settings.brief, relations
        ),
        None,
    )
    story = Story(
        id=story_id,
        title=title,
        articles=tuple(a.id for a in ordered),
        languages=tuple(dict.fromkeys(lang for a in ordered for lang in a.languages)),
        merged_from=tuple(merged_from),
        entities=tuple(entities),
        timeline=tuple(timeline),
        claims=tuple(claims),
        discrepancies=tuple(discrepancies),
        brief=brief,
    )
    return StoryResult(story=story, relations=tuple(relations), warnings=tuple(warnings))


def _fallback_title(articles: Sequence[Article]) -> str:
    for a in articles:
        if a.title:
            return a.title
    first = articles[0].text.strip().split("\n", 1)[0] if articles else ""
    return first[:120] + ("…" if len(first) > 120 else "")


def _resolve_entities(store: SQLiteStore, story: Story) -> Story:
    """Give the story's entities their cross-story registry ids (state kept in the store)."""
    from chorus.stages.entities_registry import EntityRegistry

    if not story.entities:
        return story
    raw = store.get_state("entities")
    registry = EntityRegistry.from_state(json.loads(raw)) if raw else EntityRegistry()
    entities: list[Entity] = [dataclasses.replace(e, id=registry.resolve(e)) for e in story.entities]
    store.put_state("entities", json.dumps(registry.export(), ensure_ascii=False).encode("utf-8"))
    return dataclasses.replace(story, entities=tuple(entities))


def store_story(store: SQLiteStore, result: StoryResult) -> dict[str, object]:
    """Write a story and its relations in one transaction; return the story's report form."""
    from chorus.report import story_json

    with store.transaction():
        story = _resolve_entities(store, result.story)
        data = story_json(story)
        if result.warnings:
            data["warnings"] = list(result.warnings)
        store.add_relations(result.relations)
        store.put_story(story.id, story.title, data)
    return data


def analyse_story(store: SQLiteStore, story_id: str, settings: Settings) -> dict[str, object]:
    """Load a story's articles, run the per-story stages, store and return the story."""
    articles = store.get_articles(store.story_articles(story_id))
    result = story_from_articles(story_id, articles, settings, merged_from=store.aliases_of(story_id))
    return store_story(store, result)


def analyse(
    store: SQLiteStore, article_ids: Sequence[str], settings: Settings, also: Sequence[str] = ()
) -> list[dict[str, object]]:
    """Cluster unassigned articles, then (re)analyse every story holding one of ``article_ids``.

    ``also``: more stories to re-analyse (those an article left by being superseded); one left with
    no article is deleted.
    """
    return [analyse_story(store, sid, settings) for sid in stories_to_analyse(store, article_ids, settings, also)]


def stories_to_analyse(
    store: SQLiteStore, article_ids: Sequence[str], settings: Settings, also: Sequence[str] = ()
) -> list[str]:
    """Cluster unassigned articles; the stories holding one of ``article_ids``, then those of ``also``
    that still hold an article (one left with none is deleted)."""
    assign_stories(store, settings)
    story_ids = list(dict.fromkeys(s for s in (store.story_of(a) for a in article_ids) if s))
    for sid in dict.fromkeys(store.resolve_story(s) for s in also):
        if sid in story_ids:
            continue
        if store.story_articles(sid):
            story_ids.append(sid)
        else:
            with store.transaction():
                store.delete_story(sid)
    return story_ids


def run(
    inputs: Sequence[str],
    store: SQLiteStore,
    settings: Settings,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    out_dir: str | Path | None = None,
) -> RunResult:
    """Ingest inputs, then cluster and analyse every story they touch, and build the report.

    A store whose cluster state another Chorus version wrote is refused before anything is ingested.
    ``out_dir`` (the run's output folder) and the store's files are never read.
    """
    check_store(store)
    ing = ingest(inputs, store, settings, today=today, progress=progress, out_dir=out_dir)
    return finish(ing, store, settings)


def finish(ing: IngestResult, store: SQLiteStore, settings: Settings) -> RunResult:
    """Analyse what an ingest pass touched and build the report for it."""
    from chorus.report import build_report

    stories = analyse(store, ing.article_ids, settings, ing.superseded_stories)
    article_ids = [a for s in stories for a in s["articles"]]  # type: ignore[attr-defined]
    articles = store.get_articles(article_ids)
    relations = store.relations_for(article_ids)
    report = build_report(ing.records, articles, relations, stories, store, gone=ing.gone)
    return RunResult(ingest=ing, report=report, story_ids=[str(s["id"]) for s in stories])
