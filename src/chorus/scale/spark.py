"""The same pipeline on Apache Spark, for corpora that outgrow one machine.

The work splits where it parallelises:

1. **Executors** read, decode, clean and language-tag every input file
   (:func:`chorus.pipeline.build_article`, the very function the local runner uses).
2. **The driver** streams the results into the store (``toLocalIterator``: never the whole corpus in
   driver memory), one transaction per article, and assigns stories with the online clusterer, which
   is sequential by nature (event-time order) and cheap next to the rest.
3. **Executors** run the per-story stages (:func:`chorus.pipeline.story_from_articles`) story by story;
   the driver stores each story as it arrives and writes the report.

Stories, ids and reports are identical to a local ``chorus run`` on the same inputs (a test checks it).
Install with ``pip install 'chorus-news[spark]'``; Java 17 must be on the machine. Set
``PYSPARK_PYTHON`` if workers should run another interpreter (the default is this one).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from chorus.config import Settings
from chorus.errors import ChorusError, ConfigError
from chorus.ingest import read_inputs
from chorus.model import Article, Rejected
from chorus.pipeline import (
    IngestResult,
    RunResult,
    StoryResult,
    assign_stories,
    build_article,
    check_store,
    commit,
    store_story,
    story_from_articles,
)
from chorus.report import build_report
from chorus.store import SQLiteStore

Built = tuple[str, str, Article | Rejected, str | None]


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


def _expand(inputs: Sequence[str]) -> list[str]:
    """Input files, folders expanded on the driver so that executors get one file each."""
    files: list[str] = []
    for given in inputs:
        if given == "-":
            raise ConfigError("the Spark runner reads files and folders, not standard input")
        p = Path(given)
        if p.is_dir():
            files.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and not f.name.startswith("."))
        else:
            files.append(given)  # missing paths are rejected by the reader, with a reason
    return files


def _build_partition(paths: Iterator[str], settings: Settings, today: dt.date) -> Iterator[Built]:
    for path in paths:
        for item in read_inputs([path], settings.ingest):
            res = item.result
            try:
                built = res if isinstance(res, Rejected) else build_article(res, settings, today)
            except Exception as e:  # one bad input never stops the batch
                built = Rejected(source=res.source, stage="clean", reason=f"internal error while ingesting: {e}")
            yield res.source, item.fingerprint, built, item.note


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
) -> RunResult:
    """Run the whole pipeline with Spark doing the heavy, parallel parts.

    Args:
        inputs: files and folders (read recursively).
        store: the store the driver writes to.
        settings: run settings (shipped to executors).
        master: the Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``...).
        today: reference date for refusing future publication dates.
        partitions: how many slices to cut the input list into (default: Spark's parallelism x 4).
    """
    check_store(store)
    today = today or dt.date.today()
    files = _expand(inputs)
    if not files:
        raise ChorusError("no input files found")
    spark = _spark_session(master)
    sc = spark.sparkContext
    n = partitions or max(1, min(len(files), sc.defaultParallelism * 4))
    cfg = settings
    ing = IngestResult()
    built = sc.parallelize(files, n).mapPartitions(lambda it: _build_partition(it, cfg, today))
    for source, fingerprint, article, note in built.toLocalIterator():
        seen = store.seen_input(source, fingerprint)
        if seen is not None and seen.status != "rejected":
            rec = seen
        else:
            rec = commit(source, fingerprint, article, store, note=note, settings=settings)
            if rec.status == "stored" and rec.article:
                ing.new_articles.append(rec.article)
        ing.records.append(rec)
    assign_stories(store, settings)
    story_ids = list(dict.fromkeys(s for s in (store.story_of(a) for a in ing.article_ids) if s))
    payloads = [(sid, store.get_articles(store.story_articles(sid)), store.aliases_of(sid)) for sid in story_ids]
    by_id: dict[str, dict[str, object]] = {}
    if payloads:
        analysed = sc.parallelize(payloads, max(1, min(len(payloads), sc.defaultParallelism * 4))).mapPartitions(
            lambda it: _analyse_partition(it, cfg)
        )
        for result in analysed.toLocalIterator():
            assert isinstance(result, StoryResult)
            by_id[result.story.id] = store_story(store, result)
    stories = [by_id[s] for s in story_ids if s in by_id]
    article_ids = [a for s in stories for a in s["articles"]]  # type: ignore[attr-defined]
    report = build_report(ing.records, store.get_articles(article_ids), store.relations_for(article_ids), stories)
    return RunResult(ingest=ing, report=report, story_ids=story_ids)
