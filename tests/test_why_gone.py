"""`chorus why` on a file that left its folder: it says the file was removed (its article kept, in its
story) or renamed to another path, by the old path, the new one or the article id."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from chorus.cli import app
from tests.conftest import SEEDS
from tests.helpers import seed_folder

runner = CliRunner()
WIDE = {"COLUMNS": "400"}
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _folder(tmp_path: Path, n: int = 4) -> Path:
    return seed_folder(tmp_path, n)


def test_why_says_a_file_was_removed_or_renamed(tmp_path):
    folder = _folder(tmp_path)
    db, out = str(tmp_path / "c.db"), str(tmp_path / "out")
    assert runner.invoke(app, ["run", str(folder), "--db", db, "--out", out]).exit_code == 0
    removed, old, new = folder / SEED_FILES[0].name, folder / SEED_FILES[1].name, folder / "renamed.txt"
    removed.unlink()
    old.rename(new)
    assert runner.invoke(app, ["run", str(folder), "--db", db, "--out", out]).exit_code == 0
    r = runner.invoke(app, ["why", str(removed), "--db", db], env=WIDE)
    assert r.exit_code == 0, r.output
    (aid,) = [line.split()[-1] for line in r.output.splitlines() if "stored as article" in line]
    assert f"{removed}: removed from its folder (noticed " in r.output
    assert f"its article {aid} is kept" in r.output and "story: " in r.output, r.output
    r = runner.invoke(app, ["why", str(old), "--db", db], env=WIDE)
    assert f"{old}: renamed to {new} (noticed " in r.output, r.output
    r = runner.invoke(app, ["why", str(new), "--db", db], env=WIDE)
    assert "duplicate of article" in r.output and f"{old}: renamed to {new}" in r.output, r.output
    data = json.loads(runner.invoke(app, ["why", str(removed), "--db", db, "--json"]).output)
    assert [(f["source"], f["event"]) for f in data["files"]] == [(str(removed), "removed")]
    assert data["inputs"][0]["gone"]["event"] == "removed" and data["story"]
    r = runner.invoke(app, ["why", aid, "--db", db], env=WIDE)
    assert "removed from its folder" in r.output, "asking by article id tells it too"
    # a file never removed says nothing of the kind
    r = runner.invoke(app, ["why", str(folder / SEED_FILES[2].name), "--db", db], env=WIDE)
    assert "removed" not in r.output and "renamed" not in r.output
