"""The HTTP API under load and abuse: reads answer during a slow write, writes are serialized,
malformed bodies are 400 JSON, served links resolve, and server paths are not disclosed."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import httpx
import pytest

from chorus.config import Settings
from tests.helpers import serve

AUTH = {"Authorization": "Bearer t"}
TEXT = (
    "Russian President Vladimir Putin received the Syrian foreign and defence ministers in Moscow on Tuesday, "
    "the Syrian Arab News Agency said. The talks covered military cooperation and trade between the two countries."
)


@pytest.fixture
def slow_server(tmp_path, monkeypatch):
    """A server whose analysis step takes 1.5 s and records how many run at once."""
    import chorus.pipeline
    from chorus.api import create_app

    real_finish = chorus.pipeline.finish
    state = {"running": 0, "max": 0, "calls": 0}
    guard = threading.Lock()

    def slow_finish(ing, store, settings):  # type: ignore[no-untyped-def]
        with guard:
            state["running"] += 1
            state["calls"] += 1
            state["max"] = max(state["max"], state["running"])
        try:
            time.sleep(1.5)
            return real_finish(ing, store, settings)
        finally:
            with guard:
                state["running"] -= 1

    monkeypatch.setattr(chorus.pipeline, "finish", slow_finish)
    app = create_app(Settings(db=str(tmp_path / "c.db"), token="t"))
    srv, t, base = serve(app)
    yield base, state
    srv.should_exit = True
    t.join(timeout=10)


def test_reads_answer_while_a_slow_write_runs_and_writes_are_serialized(slow_server):
    base, state = slow_server
    results: list[int] = []

    def post(n: int) -> None:
        r = httpx.post(
            base + "/api/articles",
            json={"text": f"{TEXT} Item {n}.", "url": f"https://e.org/{n}"},
            headers=AUTH,
            timeout=60,
        )
        results.append(r.status_code)

    writers = [threading.Thread(target=post, args=(n,)) for n in range(2)]
    for w in writers:
        w.start()
    deadline = time.monotonic() + 10
    while state["running"] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert state["running"] == 1, "the slow write did not start"
    t0 = time.monotonic()
    r = httpx.get(base + "/healthz", timeout=5)
    assert r.status_code == 200 and r.json()["ok"]
    assert httpx.get(base + "/api/stories", timeout=5).status_code == 200
    assert time.monotonic() - t0 < 1.0, "reads waited for the write"
    assert state["running"] == 1, "the reads were answered after the write, not during it"
    for w in writers:
        w.join(timeout=60)
    assert results == [200, 200]
    assert state["calls"] == 2 and state["max"] == 1  # one writer at a time


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from chorus.api import create_app

    db = tmp_path_factory.mktemp("api") / "c.db"
    app = create_app(Settings(db=str(db), token="t"), max_body_bytes=1_000_000)
    srv, t, base = serve(app)
    yield base
    srv.should_exit = True
    t.join(timeout=10)


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b"\xff\xfe not utf-8",
        b"",
        b"[]",
        b'{"articles": "not a list"}',
        b"1" * 5000,  # an integer too long to convert
        b'{"text": "x"} trailing',
    ],
    ids=["deep-array", "deep-object", "not-utf8", "empty", "empty-array", "articles-not-list", "long-int", "trailing"],
)
def test_malformed_bodies_are_400_json(server, body):
    r = httpx.post(server + "/api/articles", content=body, headers=AUTH, timeout=30)
    assert r.status_code == 400, r.text[:200]
    assert r.headers["content-type"].startswith("application/json")
    assert isinstance(r.json()["detail"], str) and r.json()["detail"]


@pytest.mark.parametrize(
    "record",
    [[1, "x", None, True], {"text": 5}, {"text": ["a"]}, {"url": {"x": 1}, "text": TEXT}, {"id": [1], "text": TEXT}],
)
def test_odd_records_are_answered_not_crashed(server, record):
    r = httpx.post(server + "/api/articles", json=record, headers=AUTH, timeout=60)
    assert r.status_code == 200, r.text[:300]
    assert all(i["status"] in ("stored", "duplicate", "rejected") for i in r.json()["inputs"])


def test_served_index_links_resolve(server):
    r = httpx.post(
        server + "/api/articles", json={"text": TEXT, "url": "https://e.org/links"}, headers=AUTH, timeout=60
    )
    assert r.status_code == 200
    page = httpx.get(server + "/").text
    hrefs = re.findall(r'<a href="([^"]+)"', page)
    assert hrefs
    for href in hrefs:
        assert not href.endswith(".html"), href
        assert httpx.get(server + href).status_code == 200, href
    # links of the old pages (the file name) keep working
    sid = httpx.get(server + "/api/stories").json()[0]["id"]
    assert httpx.get(f"{server}/stories/{sid}.html").status_code == 200


def test_static_index_links_point_at_files_on_disk(tmp_path):
    from chorus.report import write_outputs

    story = {
        "id": "s/../x1",
        "title": "T",
        "articles": [],
        "languages": ["en"],
        "claims": [],
        "brief": {"markdown": "", "html": "", "sentences": []},
    }
    write_outputs({"chorus_version": "0", "inputs": [], "articles": [], "relations": [], "stories": [story]}, tmp_path)
    hrefs = re.findall(r'<a href="([^"]+)"', (tmp_path / "index.html").read_text())
    assert hrefs == ["stories/sx1.html"]
    assert all((tmp_path / h).is_file() for h in hrefs)


def test_api_does_not_disclose_server_paths(tmp_path):
    import asyncio

    from chorus.api import create_app
    from chorus.pipeline import ingest
    from chorus.store import SQLiteStore

    src = tmp_path / "secret-dir" / "in"
    src.mkdir(parents=True)
    (src / "004_a.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "c.db"
    settings = Settings(db=str(db), token="t")
    store = SQLiteStore(db)
    ingest([str(src)], store, settings)
    store.close()
    app = create_app(settings)

    async def get_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://chorus") as c:
            arts = (await c.get("/api/articles")).json()
            aid = arts[0]["id"]
            return [
                await c.get("/api/articles"),
                await c.get(f"/api/articles/{aid}"),
                await c.get("/api/articles", params={"q": "Putin"}),
                await c.get("/api/why", params={"key": str(src / "004_a.txt")}),
                await c.get("/"),
            ]

    responses = asyncio.run(get_all())
    for r in responses:
        assert r.status_code == 200
        shown = r.text if r.url.path != "/api/why" else str(r.json()["inputs"])  # the key is echoed as given
        assert "secret-dir" not in shown and str(tmp_path) not in shown, r.url
    assert responses[1].json()["source"] == "004_a.txt"
    assert responses[3].json()["inputs"][0]["source"] == "004_a.txt"


def test_public_source():
    from chorus.api import public_source

    assert public_source("/work/shared/seeds/000_x.txt") == "000_x.txt"
    assert public_source("rel/dir/a.jsonl#L3") == "a.jsonl#L3"
    assert public_source("C:\\in\\a.txt") == "a.txt"
    assert public_source("/in/a.warc#https://e.org/a/b") == "a.warc#https://e.org/a/b"
    assert public_source("https://e.org/a/b") == "https://e.org/a/b"
    assert public_source("api:https://e.org/1") == "api:https://e.org/1"
    assert public_source("-") == "-"
    assert Path(public_source("a.txt") or "").name == "a.txt"


def test_markdown_file_of_a_story_without_brief_escapes_the_title(tmp_path):
    from chorus.report import write_outputs

    story = {
        "id": "s1",
        "title": "<img src=x onerror=alert(1)> [a](javascript:b)",
        "articles": [],
        "languages": ["en"],
        "claims": [],
        "brief": {"markdown": "", "html": "", "sentences": []},
    }
    write_outputs({"chorus_version": "0", "inputs": [], "articles": [], "relations": [], "stories": [story]}, tmp_path)
    md = (tmp_path / "stories" / "s1.md").read_text()
    assert md == "# \\<img src=x onerror=alert(1)\\> \\[a\\](javascript:b)\n"


def test_an_internal_error_is_json_without_internals(tmp_path, caplog):
    """A bug on the server side is a JSON 500 naming no path or data; the traceback goes to the log."""
    from fastapi.testclient import TestClient

    from chorus.api import create_app

    app = create_app(Settings(db=str(tmp_path / "c.db")))

    def broken() -> None:
        raise RuntimeError(f"boom in {tmp_path}")

    app.state.store.list_stories = broken
    with TestClient(app, raise_server_exceptions=False) as c, caplog.at_level("ERROR", logger="chorus.api"):
        r = c.get("/api/stories")
    assert r.status_code == 500
    body = r.json()
    assert body["error"] == "RuntimeError"
    assert str(tmp_path) not in r.text
    assert any("internal error on GET /api/stories" in m for m in caplog.messages)
