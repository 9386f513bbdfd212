"""The HTTP API and the web page (FastAPI), over the same store and pipeline as the CLI.

Read endpoints are open; write endpoints need ``Authorization: Bearer <token>`` where the token is
set with ``CHORUS_TOKEN`` or ``chorus serve --token`` (without one, writes are refused). Request bodies
are bounded (``max_body_bytes``), every article text is escaped in HTML, and errors are JSON bodies
with a ``detail`` line, never tracebacks: a body that is not UTF-8 JSON, is nested too deeply to
parse, or does not hold articles is a 400.

Writes run in a worker thread, one at a time (a lock), on their own connection to the store; reads
use another connection, so they keep answering (from the last committed state) while a POST is
being analysed.

Sources: the read API is open, so it does not disclose the server's file system. In API responses
(``/api/articles``, ``/api/why``, the POST answer, the HTML pages) a ``source`` that is a file path is
shown relative to the folder it was read from, with any ``#L3``/``#<n>`` record suffix kept
(``chorus run /srv/in``: ``/srv/in/sub/004.txt`` -> ``sub/004.txt``, ``/srv/in/feed.jsonl#L3`` ->
``feed.jsonl#L3``; a file given by name: its file name); the store keeps that name (``input_seen``),
and a store written before it was kept shows the file name. URLs and ``api:`` sources are shown as
they are. Reasons (and story warnings, error details) are shown without server paths: the input's
own path becomes its name, any other absolute path its file name (:func:`public_text`).
report.json, written for the user who ran ``chorus run``, keeps the source as given (CONTRACT.md),
and ``/api/why?key=`` still accepts the full path.

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
import logging
import re
import threading
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from chorus.config import Settings
from chorus.errors import ChorusError
from chorus.store import SQLiteStore

MAX_BODY = 10 * 1024 * 1024

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")  # http:, https:, api: (one letter would be a drive, C:)


def public_source(source: str | None) -> str | None:
    """A source as the open API shows it: a file path becomes its file name (record suffix kept).

    Example:
        >>> public_source("/work/shared/seeds/000_0b94.txt"), public_source("/in/feed.jsonl#L3")
        ('000_0b94.txt', 'feed.jsonl#L3')
        >>> public_source("https://e.org/a/1"), public_source("api:https://e.org/1"), public_source("-")
        ('https://e.org/a/1', 'api:https://e.org/1', '-')
    """
    if not source or _SCHEME.match(source):
        return source
    path, suffix = split_suffix(source)
    name = path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return (name or path) + suffix


# What a reader appends to a file's path to name one record of it: ``#L3``, ``#2`` (at the end), or
# ``#<url>`` (a WARC response by its URL, which may hold a '#' of its own). Any other '#' is part of
# the path (``/srv/clients#2024/in/a.txt``).
_SOURCE_SUFFIX = re.compile(r"#(?:L?[0-9]+\Z|[A-Za-z][A-Za-z0-9+.-]*://)")


def split_suffix(source: str) -> tuple[str, str]:
    """``source`` as the file's path and the record suffix a reader appended ('' when none).

    >>> split_suffix("/in/feed.jsonl#L3"), split_suffix("/in/c.warc#https://e.org/a#top")
    (('/in/feed.jsonl', '#L3'), ('/in/c.warc', '#https://e.org/a#top'))
    >>> split_suffix("/srv/clients#2024/in/a.txt")
    ('/srv/clients#2024/in/a.txt', '')
    """
    m = _SOURCE_SUFFIX.search(source)
    return (source[: m.start()], source[m.start() :]) if m else (source, "")


_PATH_CHAR = r"""[^\s'",;()\[\]]"""
_URL = r"[A-Za-z][A-Za-z0-9+.-]*://"
# An absolute path in a message: quoted (it may hold spaces, and quotes escaped as repr() does; it ends
# at a quote followed by the end of a word), or unquoted, up to the next space or punctuation - and past
# a space when the next word holds a '/' or '\' and is no URL (``/srv/Acme Corp/a.txt``: the path goes on).
_ABS_PATH = re.compile(
    r"""(?P<q>['"])(?:/|~/|[A-Za-z]:[\\/]|\\\\)(?:\\.|[^\\])+?(?P=q)(?=[\s,;:.)\]]|\Z)"""
    rf"""|(?<![\w.~/:-])(?:/|~/|[A-Za-z]:[\\/]){_PATH_CHAR}+(?:\s+(?!{_URL}){_PATH_CHAR}*[\\/]{_PATH_CHAR}*)*"""
)


def public_text(text: str | None, source: str | None = None, name: str | None = None) -> str | None:
    """A message (a reason, a warning) as the open API shows it: without server paths.

    The input's own ``source`` becomes its ``name`` (or :func:`public_source`); any other absolute path
    becomes its file name.

    Example:
        >>> public_text("symbolic link to '/etc/shadow', outside the folder given: not followed")
        "symbolic link to 'shadow', outside the folder given: not followed"
    """
    if not text:
        return text
    if source and _path_like(source):
        text = text.replace(split_suffix(source)[0], split_suffix(name or public_source(source) or "")[0])

    def hide(m: re.Match[str]) -> str:
        q = m.group("q") or ""
        path = m.group(0)[len(q) : len(m.group(0)) - len(q)]
        return q + (public_source(path) or "") + q

    return _ABS_PATH.sub(hide, text)


def _path_like(source: str) -> bool:
    return not _SCHEME.match(source) and source not in ("-", "<stdin>")


def _public(record: dict[str, Any], names: dict[str, str] | None = None) -> dict[str, Any]:
    """An input or article record with its source and reason shown without server paths."""
    source = record.get("source")
    name = (names or {}).get(source or "") if source else None
    out = {**record, "source": name or public_source(source)}
    if "reason" in record:
        out["reason"] = public_text(record["reason"], source, name)
    return out


def _parse_body(body: bytes) -> list[Any]:
    """The records of a POST body; HTTPException(400) for anything that is not JSON articles."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise HTTPException(400, f"body is not UTF-8 JSON: {e}") from e
    except RecursionError as e:
        raise HTTPException(400, "body is not usable JSON: nested too deeply") from e
    except ValueError as e:  # e.g. an integer literal too long to convert
        raise HTTPException(400, f"body is not usable JSON: {e}") from e
    if isinstance(data, dict) and "articles" in data:
        data = data["articles"]
        if not isinstance(data, list):
            raise HTTPException(400, "body's 'articles' is not a JSON array")
    records = data if isinstance(data, list) else [data]
    if not records:
        raise HTTPException(400, "body holds no articles")
    return records


def create_app(settings: Settings, *, max_body_bytes: int = MAX_BODY) -> FastAPI:
    """Build the FastAPI application for the store named in ``settings.db``."""
    from chorus import __version__
    from chorus.ingest import Item
    from chorus.ingest.jsonl import record_to_document
    from chorus.pipeline import check_store, finish, ingest_items
    from chorus.report import article_json, index_page, input_json, story_page

    store = SQLiteStore(settings.db)  # reads
    # Writes get their own connection (WAL: readers see the last commit and are not blocked) and run
    # one at a time. An in-memory store cannot be opened twice, so it is shared.
    writer = store if settings.db == ":memory:" else SQLiteStore(settings.db)
    write_lock = threading.Lock()
    app = FastAPI(title="Chorus", version=__version__, description=__doc__)
    app.state.store = store
    app.state.writer = writer

    @app.exception_handler(ChorusError)
    async def _chorus_error(request: Request, exc: ChorusError) -> JSONResponse:
        return JSONResponse({"detail": public_text(str(exc))}, status_code=400)

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
        # A bug, not bad input: the traceback goes to the server's log, the client gets JSON without
        # internals (no paths, no exception text from article data).
        logging.getLogger("chorus.api").error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(
            {"detail": "internal error; the server log has the details", "error": type(exc).__name__},
            status_code=500,
        )

    def _articles(arts: list[Any]) -> list[dict[str, Any]]:
        names = store.input_names(a.source for a in arts)
        return [_public(article_json(a), names) for a in arts]

    def _inputs(records: list[Any], on: SQLiteStore) -> list[dict[str, Any]]:
        names = on.input_names(r.source for r in records)
        return [_public(input_json(r), names) for r in records]

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
        if data.get("warnings"):
            data["warnings"] = [public_text(w) for w in data["warnings"]]
        return data

    @app.get("/api/articles")
    def list_articles(q: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        limit = max(1, min(limit, 500))
        if q:
            return _articles(store.get_articles(store.search(q[:500], limit)))
        arts = []
        for a in store.iter_articles():
            arts.append(a)
            if len(arts) >= limit:
                break
        return _articles(arts)

    @app.get("/api/articles/{article_id}")
    def get_article(article_id: str) -> dict[str, Any]:
        a = store.get_article(article_id)
        if a is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return _articles([a])[0]

    @app.get("/api/why")
    def why(key: str) -> dict[str, Any]:
        return {"key": key, "inputs": _inputs(store.why(key[:2000]), store)}

    def _ingest(body: bytes) -> dict[str, Any]:
        """Parse, ingest and analyse a POST body (blocking: runs in a worker thread)."""
        records = _parse_body(body)
        items = []
        for i, rec in enumerate(records):
            try:
                raw = json.dumps(rec, sort_keys=True, ensure_ascii=False).encode()
            except (RecursionError, ValueError) as e:
                raise HTTPException(400, f"article {i} is not usable JSON: {type(e).__name__}") from e
            key = (rec.get("url") or rec.get("id")) if isinstance(rec, dict) else None
            # A record without url or id is named by its position in the body (api:#0), which the pipeline
            # knows never to take for a new version of another body's record at that position.
            keyed = isinstance(key, (str, int)) and not isinstance(key, bool)
            source = f"api:{key}" if keyed else f"api:#{i}"
            items.append(Item(record_to_document(rec, source), hashlib.sha256(raw).hexdigest()[:16]))
        with write_lock:
            check_store(writer)  # an old store is refused before anything is stored
            ing = ingest_items(items, writer, settings)
            result = finish(ing, writer, settings)
            inputs = _inputs(ing.records, writer)
        return {"inputs": inputs, "stories": result.story_ids}

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
        return await run_in_threadpool(_ingest, bytes(body))

    @app.get("/", response_class=HTMLResponse)
    def index(q: str | None = None) -> str:
        from chorus.htmlsafe import bdi

        stories = [s for s in (store.get_story(i) for i, _, _ in store.list_stories()) if s]
        # The page counts the stories' articles and lists every input the store logged (sources shown
        # without server paths), a superseded version saying by what, as out/index.html does.
        inputs = _inputs(store.inputs(), store)
        for entry in inputs:
            by = store.superseded_by(entry["article"] or entry["duplicate_of"] or "")
            if by and entry["status"] in ("stored", "duplicate"):
                note = f"superseded by {by} (a later version of the same input)"
                entry["reason"] = f"{entry['reason']}; {note}" if entry["reason"] else note
        report = {
            "chorus_version": __version__,
            "stories": stories,
            "articles": [{"id": a} for a in dict.fromkeys(a for s in stories for a in s["articles"])],
            "inputs": inputs,
        }
        # The served page links the /stories/{id} route (out/index.html links the files stories/<id>.html).
        page = index_page(report, story_href=lambda sid: "/stories/" + quote(sid, safe=""))
        form = (
            '<form method="get" action="/"><input name="q" placeholder="search articles" value="'
            + html.escape(q or "")
            + '"> <button>Search</button></form>'
        )
        hits = ""
        if q:
            arts = store.get_articles(store.search(q[:500], 50))
            items = "".join(f"<li>{bdi(a.title or a.text[:100])} <code>{html.escape(a.id)}</code></li>" for a in arts)
            hits = f"<h2>Articles matching {bdi(q)}</h2><ul>{items or '<li>none</li>'}</ul>"
        return page.replace("<h2>Stories</h2>", form + hits + "<h2>Stories</h2>", 1)

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_html(story_id: str) -> str:
        data = store.get_story(story_id)
        if data is None and story_id.endswith(".html"):  # the links earlier versions served
            data = store.get_story(story_id.removesuffix(".html"))
        if data is None:
            raise HTTPException(404, f"no story {story_id!r}")
        arts = {a["id"]: a for a in _articles(store.get_articles(data["articles"]))}
        return str(story_page(data, arts))

    return app
