"""Every entry point accounts for every input the same way: the folder policy (hidden and partial
files, the run's own output and store, symbolic links out of the folder, unreadable folders) is
decided in one place, and what is not read is listed with its reason."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from chorus.config import Settings
from chorus.ingest import Skipped, read_inputs
from chorus.model import Article, Rejected
from chorus.pipeline import read_articles, run
from chorus.store import SQLiteStore
from tests.conftest import SEEDS, TODAY

SECRET = (
    "This confidential memo outside the input folder must never be read by Chorus, whatever links to it, "
    "because the folder the user gave is the only thing they asked to be read."
)


def _folder(tmp_path: Path) -> Path:
    """An input folder with one article, a hidden file, a partial file and links in and out."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text(SECRET)
    shutil.copy(next(SEEDS.glob("000_*")), src / "sub" / "a.txt")
    (src / ".hidden.txt").write_text(SECRET)
    (src / "b.txt.part").write_text(SECRET)
    (src / "out_link.txt").symlink_to(tmp_path / "secret.txt")
    (src / "in_link.txt").symlink_to(src / "sub" / "a.txt")
    return src


def _texts(results: list[Any]) -> str:
    return "\n".join(getattr(r, "text", "") for r in results)


def test_read_inputs_lists_what_it_does_not_read_and_never_follows_a_link_out(tmp_path):
    src = _folder(tmp_path)
    items = list(read_inputs([str(src)]))
    by_source = {i.result.source: i.result for i in items}
    for name in (".hidden.txt", "b.txt.part", "out_link.txt"):
        res = by_source[str(src / name)]
        assert isinstance(res, Skipped) and isinstance(res, Rejected), name
    assert "outside" in by_source[str(src / "out_link.txt")].reason
    assert SECRET not in _texts([i.result for i in items])
    assert {i.result.source for i in items if not isinstance(i.result, Rejected)} == {
        str(src / "sub" / "a.txt"),
        str(src / "in_link.txt"),
    }


def test_read_articles_lists_the_skipped_paths_too(tmp_path):
    src = _folder(tmp_path)
    results = read_articles([str(src)], today=TODAY)
    skipped = {r.source for r in results if isinstance(r, Skipped)}
    assert skipped == {str(src / n) for n in (".hidden.txt", "b.txt.part", "out_link.txt")}
    assert SECRET not in _texts(results)
    assert sum(isinstance(r, Article) for r in results) == 2


def test_a_folder_that_cannot_be_listed_is_rejected_with_a_reason(tmp_path, monkeypatch):
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "x.txt").write_text(SECRET)
    shutil.copy(next(SEEDS.glob("000_*")), src / "a.txt")
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run([str(src)], SQLiteStore(":memory:"), Settings(db=":memory:"), today=TODAY)
    inputs = {i["source"]: i for i in result.report["inputs"]}  # type: ignore[index]
    locked = inputs[str(src / "locked")]
    assert locked["status"] == "rejected" and "cannot be read" in locked["reason"]
    assert inputs[str(src / "a.txt")]["status"] == "stored"


def test_an_empty_folder_with_a_name_that_is_not_utf8_is_rejected_as_empty(tmp_path):
    bad = os.fsdecode(os.fsencode(tmp_path) + b"/empty\xff")
    os.mkdir(bad)
    (res,) = [i.result for i in read_inputs([bad])]
    assert isinstance(res, Rejected) and res.reason == "folder holds no files"
    (res,) = [i.result for i in read_inputs([bad + "/missing.txt"])]
    assert isinstance(res, Rejected) and res.reason == "no such file or directory"


class _RDD:
    def __init__(self, data: list[Any]) -> None:
        self.data = data

    def mapPartitions(self, fn: Any) -> _RDD:
        import pickle

        return _RDD([pickle.loads(pickle.dumps(x)) for x in fn(iter(self.data))])  # what executors send back

    def toLocalIterator(self) -> Any:
        return iter(self.data)


class _Context:
    defaultParallelism = 2

    def parallelize(self, data: Any, n: int) -> _RDD:
        return _RDD(list(data))


class _Session:
    sparkContext = _Context()


@pytest.fixture
def fake_spark(monkeypatch):
    """The Spark runner's driver logic on an in-process stand-in for a Spark context (no JVM)."""
    import chorus.scale.spark as spark

    monkeypatch.setattr(spark, "_spark_session", lambda master: _Session())
    return spark.run_spark


def test_the_spark_runner_accounts_for_inputs_like_the_local_runner(tmp_path, fake_spark):
    src = _folder(tmp_path)
    (src / "empty.txt").write_text("")
    out, db = src / "out", src / "chorus.db"
    local_db = tmp_path / "local.db"
    local = run([str(src)], SQLiteStore(local_db), Settings(db=str(local_db)), today=TODAY, out_dir=out).report
    out.mkdir()
    (out / "report.json").write_text('{"text": "' + SECRET + '"}')
    store = SQLiteStore(db)
    spark = fake_spark([str(src)], store, Settings(db=str(db)), today=TODAY, out_dir=out).report

    def accounting(report: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
        return {i["source"]: (i["status"], i["reason"]) for i in report["inputs"]}

    spark_inputs, local_inputs = accounting(spark), accounting(local)
    assert "outside" in (spark_inputs[str(src / "out_link.txt")][1] or "")
    assert "--out" in (spark_inputs[str(out)][1] or "") and "--db" in (spark_inputs[str(db)][1] or "")
    assert SECRET not in _texts(list(store.iter_articles()))
    for suffix in ("", "-wal", "-shm"):  # the Spark run's store lies in the folder; the local run's elsewhere
        spark_inputs.pop(str(db) + suffix, None)
    spark_inputs.pop(str(out))
    assert spark_inputs == local_inputs
    assert [i.status for i in store.inputs()].count("skipped") >= 5
    store.close()


def test_the_spark_runner_with_nothing_to_read_lists_the_skips_and_starts_no_spark(tmp_path, monkeypatch):
    import chorus.scale.spark as spark

    src = tmp_path / "in"
    src.mkdir()
    (src / ".hidden.txt").write_text(SECRET)

    def no_spark(master: str) -> Any:
        raise AssertionError("Spark was started for nothing")

    monkeypatch.setattr(spark, "_spark_session", no_spark)
    result = spark.run_spark([str(src)], SQLiteStore(":memory:"), Settings(db=":memory:"), today=TODAY)
    assert [r.status for r in result.ingest.records] == ["skipped"]


def test_chorus_run_with_the_spark_engine_never_reads_its_own_output(tmp_path, fake_spark):
    import json

    from typer.testing import CliRunner

    from chorus.cli import app

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(next(SEEDS.glob("000_*")), src / "a.txt")
    args = ["run", str(src), "--engine", "spark", "--out", str(src / "out"), "--db", str(src / "c.db"), "--json"]
    for _ in range(2):
        r = CliRunner().invoke(app, args, env={"COLUMNS": "400"})
        assert r.exit_code == 0, r.output
    assert json.loads(r.output)["inputs"]["rejected"] == 0
    report = json.loads((src / "out" / "report.json").read_text())
    statuses = {i["source"]: i for i in report["inputs"]}
    assert "--out" in statuses[str(src / "out")]["reason"] and "--db" in statuses[str(src / "c.db")]["reason"]
