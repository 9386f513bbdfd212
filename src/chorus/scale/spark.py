"""The same pipeline on Apache Spark, for corpora that outgrow one machine.

The work splits where it parallelises:

1. **The driver** expands folders with :func:`chorus.ingest.plan_inputs`, the rules of the local
   runner: what is not read (hidden, partial, the run's own output and store, links out of the
   folder) is logged with its reason, exactly as ``chorus run`` logs it.
2. **Executors** read, decode, clean and language-tag every input file
   (:func:`chorus.pipeline.build_article`, the very function the local runner uses).
3. **The driver** streams the results into the store (``toLocalIterator``: never the whole corpus in
   driver memory) through :func:`chorus.pipeline.ingest_items`, the local runner's (one transaction
   per article, superseding, the inputs log), and assigns stories with the online clusterer, which
   is sequential by nature (event-time order) and cheap next to the rest.
4. **Executors** run the per-story stages (:func:`chorus.pipeline.story_from_articles`) story by story;
   the driver stores each story as it arrives and writes the report.

Stories, ids and reports are identical to a local ``chorus run`` on the same inputs (a test checks it).
Install with ``pip install 'chorus-news[spark]'``; Java 17 must be on the machine. Set
``PYSPARK_PYTHON`` if workers should run another interpreter (the default is this one).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from chorus.config import Settings
from chorus.errors import ConfigError
from chorus.ingest import Planned, plan_inputs
from chorus.model import Article
from chorus.pipeline import (
    Built,
    IngestResult,
    RunResult,
    StoryResult,
    build_guarded,
    check_store,
    exclusions,
    ingest_items,
    read_planned,
    store_story,
    stories_to_analyse,
    story_from_articles,
)
from chorus.report import build_report
from chorus.store import SQLiteStore


def _spark_session(master: str) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise ConfigError("the Spark runner needs PySpark: pip install 'chorus-news[spark]'") from e
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName("chorus")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.executorEnv.OMP_NUM_THREADS", "1")
        .config("spark.executorEnv.HF_HUB_OFFLINE", "1")
        .getOrCreate()
    )


def _plan(inputs: Sequence[str], store: SQLiteStore, out_dir: str | Path | None) -> list[Planned]:
    """Folders expanded on the driver, by the same rules as the local runner (hidden, partial, the run's
    own output and store, links out of the folder: not read, with the reason), one file per entry."""
    if "-" in inputs:
        raise ConfigError("the Spark runner reads files and folders, not standard input")
    return list(plan_inputs(inputs, exclusions(store, out_dir)))


def _build_partition(entries: Iterator[Planned], settings: Settings, today: dt.date) -> Iterator[Built]:
    for entry in entries:
        for item in read_planned([entry], settings.ingest):
            yield build_guarded(item, settings, today)


def _analyse_partition(payloads: Iterator[tuple[str, list[Article], list[str]]], settings: Settings) -> Iterator[Any]:
    for story_id, articles, merged in payloads:
        yield story_from_articles(story_id, articles, settings, merged_from=merged)


def run_spark(
    inputs: Sequence[str],
    store: SQLiteStore,
    settings: Settings,
    *,
    master: str = "local[2]",
    today: dt.date | None = None,
    partitions: int | None = None,
    out_dir: str | Path | None = None,
) -> RunResult:
    """Run the whole pipeline with Spark doing the heavy, parallel parts.

    Args:
        inputs: files and folders (read recursively).
        store: the store the driver writes to.
        settings: run settings (shipped to executors).
        master: the Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``...).
        today: reference date for refusing future publication dates.
        partitions: how many slices to cut the input list into (default: Spark's parallelism x 4).
        out_dir: the run's output folder, never read (nor are the store's files).
    """
    check_store(store)
    today = today or dt.date.today()
    entries = _plan(inputs, store, out_dir)
    cfg = settings
    sc = None
    built: Iterable[Built]
    if any(e.rejected is None for e in entries):
        sc = _spark_session(master).sparkContext
        n = partitions or max(1, min(len(entries), sc.defaultParallelism * 4))
        rdd = sc.parallelize(entries, n).mapPartitions(lambda it: _build_partition(it, cfg, today))
        built = rdd.toLocalIterator()
    else:  # nothing to read: the paths not read are still logged, and no Spark is started
        built = _build_partition(iter(entries), settings, today)
    ing: IngestResult = ingest_items(built, store, settings, today=today)
    story_ids = stories_to_analyse(store, ing.article_ids, settings, ing.superseded_stories)
    payloads = [(sid, store.get_articles(store.story_articles(sid)), store.aliases_of(sid)) for sid in story_ids]
    by_id: dict[str, dict[str, object]] = {}
    if payloads:
        if sc is None:
            sc = _spark_session(master).sparkContext
        analysed = sc.parallelize(payloads, max(1, min(len(payloads), sc.defaultParallelism * 4))).mapPartitions(
            lambda it: _analyse_partition(it, cfg)
        )
        for result in analysed.toLocalIterator():
            assert isinstance(result, StoryResult)
            by_id[result.story.id] = store_story(store, result)
    stories = [by_id[s] for s in story_ids if s in by_id]
    article_ids = [a for s in stories for a in s["articles"]]  # type: ignore[attr-defined]
    report = build_report(
        ing.records, store.get_articles(article_ids), store.relations_for(article_ids), stories, store
    )
    return RunResult(ingest=ing, report=report, story_ids=story_ids)
