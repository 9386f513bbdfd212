"""The real CLI: exit codes, one-line errors, JSON output, `why`, and a report on disk that validates."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from chorus.cli import app
from chorus.report import validate
from tests.conftest import SEEDS

runner = CliRunner()


def test_version():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output.startswith("chorus ")


def test_run_writes_report_index_and_briefs(tmp_path):
    db, out = tmp_path / "c.db", tmp_path / "out"
    r = runner.invoke(app, ["run", str(SEEDS), "--db", str(db), "--out", str(out), "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.output)
    assert summary["inputs"] == {"stored": 5, "duplicate": 0, "rejected": 0, "skipped": 0}
    report = json.loads((out / "report.json").read_text())
    validate(report)
    assert (out / "index.html").exists()
    for story in report["stories"]:
        for ext in ("md", "html", "json"):
            assert (out / "stories" / f"{story['id']}.{ext}").exists()
    again = runner.invoke(app, ["run", str(SEEDS), "--db", str(db), "--out", str(out), "--json"])
    assert json.loads(again.output)["new_articles"] == 0


def test_why_explains_rejections_and_duplicates(tmp_path):
    db = tmp_path / "c.db"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    runner.invoke(app, ["ingest", str(SEEDS), str(empty), "--db", str(db)])
    r = runner.invoke(app, ["why", str(empty), "--db", str(db)])
    assert r.exit_code == 0 and "rejected: empty file" in r.output
    seed = next(SEEDS.glob("003_*"))
    r = runner.invoke(app, ["why", str(seed), "--db", str(db), "--json"])
    data = json.loads(r.output)
    assert data["inputs"][0]["status"] == "stored"
    aid = data["inputs"][0]["article"]
    r = runner.invoke(app, ["why", aid[:8], "--db", str(db)])
    assert str(seed) in r.output
    r = runner.invoke(app, ["why", "never-seen", "--db", str(db)])
    assert r.exit_code == 1


def test_articles_search(tmp_path):
    db = tmp_path / "c.db"
    runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db)])
    r = runner.invoke(app, ["articles", "--db", str(db), "--search", "Hmeimim", "--json"])
    hits = json.loads(r.output)
    assert len(hits) == 1 and "Hmeimim" in hits[0]["text"]


def _cli(*args, cwd):
    env = {**os.environ, "PYTHONPATH": ""}
    return subprocess.run([sys.executable, "-m", "chorus", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_nothing_ingested_exits_1_with_one_line_no_traceback(tmp_path):
    r = _cli(
        "run",
        str(tmp_path / "missing.txt"),
        "--db",
        str(tmp_path / "c.db"),
        "--out",
        str(tmp_path / "o"),
        cwd=tmp_path,
    )
    assert r.returncode == 1
    assert "Traceback" not in r.stderr + r.stdout


def test_usage_error_exits_2(tmp_path):
    r = _cli("run", "--no-such-flag", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_a_port_out_of_range_is_a_usage_error_not_a_traceback(tmp_path):
    r = _cli("serve", "--port", "99999", "--db", str(tmp_path / "c.db"), cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "--port" in r.stderr


def test_broken_database_is_one_clean_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    r = _cli("articles", "--db", str(bad), cwd=tmp_path)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "error:" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_store_clustered_by_another_version_is_refused_before_ingest(tmp_path):
    from chorus.store import SQLiteStore

    db = tmp_path / "c.db"
    store = SQLiteStore(db)
    store.put_state("cluster", b'{"version": 1, "stories": []}')
    store.close()
    r = subprocess.run(
        [sys.executable, "-m", "chorus", "run", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2
    assert "cluster state version 1 is not" in r.stderr and "Traceback" not in r.stderr
    store = SQLiteStore(db)
    assert store.get_articles(store.unassigned_articles()) == []  # nothing was ingested half-way
    store.close()
