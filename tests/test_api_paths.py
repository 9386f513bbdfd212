"""API responses name files relative to the folder they were read from, and never show a server path,
in sources or inside reasons."""

from __future__ import annotations

import asyncio
import shutil

import httpx

from chorus.config import Settings
from chorus.pipeline import ingest
from chorus.store import SQLiteStore
from tests.conftest import SEEDS


def _get(app, *requests):  # type: ignore[no-untyped-def]
    async def go() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://chorus") as c:
            return [await c.get(path, params=params) for path, params in requests]

    return asyncio.run(go())


def test_why_and_articles_name_files_relative_to_the_input_folder_and_hide_server_paths(tmp_path):
    from chorus.api import create_app

    src = tmp_path / "srv-secret" / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(next(SEEDS.glob("000_*")), src / "sub" / "a.txt")
    (tmp_path / "srv-secret" / "passwd").write_text("root:x:0:0")
    (src / "link.txt").symlink_to(tmp_path / "srv-secret" / "passwd")
    db = tmp_path / "c.db"
    settings = Settings(db=str(db), token="t")
    store = SQLiteStore(db)
    ingest([str(src)], store, settings)
    store.close()
    app = create_app(settings)
    why_link, why_a, arts = _get(
        app,
        ("/api/why", {"key": str(src / "link.txt")}),
        ("/api/why", {"key": str(src / "sub" / "a.txt")}),
        ("/api/articles", {}),
    )
    (link,) = why_link.json()["inputs"]
    assert link["source"] == "link.txt" and "outside" in link["reason"]
    assert str(tmp_path) not in link["reason"] and "srv-secret" not in link["reason"], link["reason"]
    (a,) = why_a.json()["inputs"]
    assert a["source"] == "sub/a.txt" and a["status"] == "stored"
    assert [x["source"] for x in arts.json()] == ["sub/a.txt"]
    for r in (why_link, why_a, arts):
        body = r.text if r.url.path != "/api/why" else str(r.json()["inputs"])  # the key is echoed as given
        assert str(tmp_path) not in body and "srv-secret" not in body, r.url


def test_public_text_hides_paths_in_a_reason():
    from chorus.api import public_text

    assert public_text("cannot be read: [Errno 5] I/O error: '/srv/in/a b.txt'", "/srv/in/a b.txt", "a b.txt") == (
        "cannot be read: [Errno 5] I/O error: 'a b.txt'"
    )
    shown = public_text("symbolic link to '/etc/shadow', outside the folder given: not followed", "/srv/in/x", "x")
    assert "/etc" not in shown and "outside" in shown
    assert "/home/u" not in public_text("internal error while reading: OSError: /home/u/x.txt is gone", "s", None)
    assert public_text("same text as an article already stored", "/srv/a.txt", "a.txt") == (
        "same text as an article already stored"
    )
    assert public_text(None, "x", None) is None


def test_articles_posted_without_url_or_id_in_two_bodies_are_two_articles(tmp_path):
    """A record's position in a POST body is no identity: the first record of the next body is not a
    new version of the first record of this one."""
    from fastapi.testclient import TestClient

    from chorus.api import create_app

    app = create_app(Settings(db=str(tmp_path / "c.db"), token="t"))
    auth = {"Authorization": "Bearer t"}
    texts = [sorted(SEEDS.glob("*.txt"))[i].read_text() for i in (0, 2)]
    with TestClient(app) as c:
        ids = []
        for text in texts:
            r = c.post("/api/articles", json={"text": text}, headers=auth)
            assert r.status_code == 200, r.text
            (rec,) = r.json()["inputs"]
            assert rec["status"] == "stored"
            ids.append(rec["article"])
    store = SQLiteStore(tmp_path / "c.db")
    assert [store.superseded_by(i) for i in ids] == [None, None], "neither replaced the other"
    assert all(store.story_of(i) for i in ids)
    store.close()
