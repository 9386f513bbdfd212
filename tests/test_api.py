"""The HTTP API on a real server (uvicorn on a loopback port): reads, token-guarded writes, escaping."""

from __future__ import annotations

import httpx
import pytest

from chorus.config import Settings
from tests.helpers import serve

TEXT = (
    "Russian President Vladimir Putin received the Syrian foreign and defence ministers in Moscow on Tuesday, "
    "the Syrian Arab News Agency said. <script>alert('x')</script> The talks covered military cooperation."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):

    from chorus.api import create_app

    db = tmp_path_factory.mktemp("api") / "c.db"
    app = create_app(Settings(db=str(db), token="s3cret"), max_body_bytes=200_000)
    srv, t, base = serve(app)
    yield base
    srv.should_exit = True
    t.join(timeout=5)


def test_write_needs_token(server):
    r = httpx.post(server + "/api/articles", json={"text": TEXT})
    assert r.status_code == 401 and "token" in r.json()["detail"]
    r = httpx.post(server + "/api/articles", json={"text": TEXT}, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401


def test_post_then_read_back(server):
    auth = {"Authorization": "Bearer s3cret"}
    r = httpx.post(
        server + "/api/articles",
        json=[{"text": TEXT, "outlet": "Example", "url": "https://e.org/1"}, {"title": "no text"}],
        headers=auth,
        timeout=60,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert [i["status"] for i in body["inputs"]] == ["stored", "rejected"]
    aid = body["inputs"][0]["article"]
    assert httpx.get(f"{server}/api/articles/{aid}").json()["outlet"] == "Example"
    sid = body["stories"][0]
    story = httpx.get(f"{server}/api/stories/{sid}").json()
    assert aid in story["articles"]
    assert httpx.get(server + "/api/why", params={"key": aid}).json()["inputs"][0]["status"] == "stored"
    hits = httpx.get(server + "/api/articles", params={"q": "Putin Moscow"}).json()
    assert [h["id"] for h in hits] == [aid]


def test_html_escapes_article_text(server):
    page = httpx.get(server + "/", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    for sid in [s["id"] for s in httpx.get(server + "/api/stories").json()]:
        html = httpx.get(f"{server}/stories/{sid}").text
        assert "<script>" not in html


def test_body_limit_and_bad_json(server):
    auth = {"Authorization": "Bearer s3cret"}
    r = httpx.post(server + "/api/articles", content=b"x" * 300_000, headers=auth)
    assert r.status_code == 413
    r = httpx.post(server + "/api/articles", content=b"{not json", headers=auth)
    assert r.status_code == 400 and "JSON" in r.json()["detail"]


def test_unknown_ids_are_404_json(server):
    r = httpx.get(server + "/api/stories/../../etc/passwd")
    assert r.status_code == 404
    r = httpx.get(server + "/api/articles/nope")
    assert r.status_code == 404 and "no article" in r.json()["detail"]


def test_post_to_a_store_of_another_version_is_refused_and_stores_nothing(tmp_path):
    import asyncio

    from chorus.api import create_app
    from chorus.store import SQLiteStore

    db = tmp_path / "old.db"
    store = SQLiteStore(db)
    store.put_state("cluster", b'{"version": 1}')
    store.close()
    app = create_app(Settings(db=str(db), token="t"))

    async def post() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://chorus") as client:
            return await client.post("/api/articles", json={"text": TEXT}, headers={"Authorization": "Bearer t"})

    r = asyncio.run(post())
    assert r.status_code == 400 and "cluster state version 1" in r.text
    store = SQLiteStore(db)
    assert store.get_articles(store.unassigned_articles()) == []
    store.close()
