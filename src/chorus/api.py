"""The HTTP API and the web page (FastAPI), over the same store and pipeline as the CLI.

Read endpoints are open; write endpoints need ``Authorization: Bearer <token>`` where the token is
set with ``CHORUS_TOKEN`` or ``chorus serve --token`` (without one, writes are refused). Request bodies
are bounded (``max_body_bytes``), every article text is escaped in HTML, and errors are JSON bodies
with a ``detail`` line, never tracebacks.

Endpoints:
    GET  /                       the stories page (HTML; ``?q=`` searches articles)
    GET  /stories/{id}           one story's brief (HTML)
    GET  /api/stories            [{id, title, articles}]
    GET  /api/stories/{id}       the story as in report.json (old ids of merged stories resolve)
    GET  /api/articles?q=&limit= articles (full-text search with q)
    GET  /api/articles/{id}      one article
    GET  /api/why?key=           what happened to an input
    POST /api/articles           JSON object, array or {"articles": [...]} of articles -> ingest + analyse
    GET  /healthz                liveness
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse

from chorus.config import Settings
from chorus.errors import ChorusError
from chorus.store import SQLiteStore

MAX_BODY = 10 * 1024 * 1024


def create_app(settings: Settings, *, max_body_bytes: int = MAX_BODY) -> FastAPI:
    """Build the FastAPI application for the store named in ``settings.db``."""
    from chorus import __version__
    from chorus.ingest import Item
    from chorus.ingest.jsonl import record_to_document
    from chorus.pipeline import check_store, finish, ingest_items
    from chorus.report import article_json, index_page, input_json, story_page

    store = SQLiteStore(settings.db)
    app = FastAPI(title="Chorus", version=__version__, description=__doc__)
    app.state.store = store

    @app.exception_handler(ChorusError)
    async def _chorus_error(request: Request, exc: ChorusError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    def _require_token(request: Request) -> None:
        if not settings.token:
            raise HTTPException(403, "writes are disabled: start the server with CHORUS_TOKEN or --token set")
        given = request.headers.get("authorization", "")
        expected = f"Bearer {settings.token}"
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <token>'")

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"ok": True, "articles": store.count_articles(), "version": __version__}

    @app.get("/api/stories")
    def list_stories() -> list[dict[str, Any]]:
        return [{"id": i, "title": t, "articles": n} for i, t, n in store.list_stories()]

    @app.get("/api/stories/{story_id}")
    def get_story(story_id: str) -> dict[str, Any]:
        data = store.get_story(story_id)
        if data is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return data

    @app.get("/api/articles")
    def list_articles(q: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        limit = max(1, min(limit, 500))
        if q:
            return [article_json(a) for a in store.get_articles(store.search(q[:500], limit))]
        out = []
        for a in store.iter_articles():
            out.append(article_json(a))
            if len(out) >= limit:
                break
        return out

    @app.get("/api/articles/{article_id}")
    def get_article(article_id: str) -> dict[str, Any]:
        a = store.get_article(article_id)
        if a is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return article_json(a)

    @app.get("/api/why")
    def why(key: str) -> dict[str, Any]:
        records = store.why(key[:2000])
        return {"key": key, "inputs": [input_json(r) for r in records]}

    @app.post("/api/articles")
    async def post_articles(request: Request) -> dict[str, Any]:
        _require_token(request)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_body_bytes:
            raise HTTPException(413, f"body larger than {max_body_bytes} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > max_body_bytes:
                raise HTTPException(413, f"body larger than {max_body_bytes} bytes")
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise HTTPException(400, f"body is not UTF-8 JSON: {e}") from e
        if isinstance(data, dict) and isinstance(data.get("articles"), list):
            data = data["articles"]
        records = data if isinstance(data, list) else [data]
        items = []
        for i, rec in enumerate(records):
            raw = json.dumps(rec, sort_keys=True, ensure_ascii=False).encode()
            source = f"api:{rec.get('url') or rec.get('id') or i}" if isinstance(rec, dict) else f"api:{i}"
            items.append(Item(record_to_document(rec, source), hashlib.sha256(raw).hexdigest()[:16]))
        check_store(store)  # an old store is refused before anything is stored
        ing = ingest_items(items, store, settings)
        result = finish(ing, store, settings)
        return {"inputs": [input_json(r) for r in ing.records], "stories": result.story_ids}

    @app.get("/", response_class=HTMLResponse)
    def index(q: str | None = None) -> str:
        stories = [store.get_story(i) for i, _, _ in store.list_stories()]
        report = {
            "chorus_version": __version__,
            "stories": [s for s in stories if s],
            "articles": [],
            "inputs": [],
        }
        page = index_page(report).replace('href="stories/', 'href="/stories/')
        form = (
            '<form method="get" action="/"><input name="q" placeholder="search articles" value="'
            + html.escape(q or "")
            + '"> <button>Search</button></form>'
        )
        hits = ""
        if q:
            arts = store.get_articles(store.search(q[:500], 50))
            items = "".join(
                f"<li>{html.escape(a.title or a.text[:100])} <code>{html.escape(a.id)}</code></li>" for a in arts
            )
            hits = f"<h2>Articles matching {html.escape(q)}</h2><ul>{items or '<li>none</li>'}</ul>"
        return page.replace("<h2>Stories</h2>", form + hits + "<h2>Stories</h2>", 1)

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_html(story_id: str) -> str:
        data = store.get_story(story_id)
        if data is None:
            raise HTTPException(404, f"no story {story_id!r}")
        arts = {a.id: article_json(a) for a in store.get_articles(data["articles"])}
        return str(story_page(data, arts))

    return app
