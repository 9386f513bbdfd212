"""The Spark runner gives the same stories, ids and report as the local runner (slow: starts a JVM)."""

from __future__ import annotations

import pytest

from chorus.config import Settings
from chorus.pipeline import run
from chorus.store import SQLiteStore
from tests.conftest import SEEDS, TODAY

pytest.importorskip("pyspark", reason="install the spark extra: pip install 'chorus-news[spark]'")


@pytest.mark.slow
def test_spark_matches_local(tmp_path):
    from chorus.scale.spark import run_spark

    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    local = run([str(SEEDS), str(bad)], SQLiteStore(":memory:"), Settings(db=":memory:"), today=TODAY).report
    store = SQLiteStore(tmp_path / "spark.db")
    spark = run_spark([str(SEEDS), str(bad)], store, Settings(db=str(tmp_path / "spark.db")), today=TODAY).report

    def key(report):
        return (
            sorted((i["source"], i["status"], i["article"]) for i in report["inputs"]),
            sorted(a["id"] for a in report["articles"]),
            sorted((s["id"], tuple(s["articles"])) for s in report["stories"]),
            sorted((r["kind"], r["a"], r["b"]) for r in report["relations"]),
        )

    assert key(spark) == key(local)
    again = run_spark([str(SEEDS)], store, Settings(db=str(tmp_path / "spark.db")), today=TODAY)
    assert again.ingest.new_articles == []
