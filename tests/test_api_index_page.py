"""The served index page (`chorus serve`, GET /) counts the stories' articles and lists the inputs,
as out/index.html does, without server paths."""

from __future__ import annotations

import shutil

from chorus.config import Settings
from chorus.pipeline import run
from chorus.store import SQLiteStore
from tests.conftest import SEEDS
from tests.helpers import serve


def test_served_index_counts_articles_and_lists_inputs(tmp_path):
    import httpx

    from chorus.api import create_app

    folder = tmp_path / "in"
    folder.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(f, folder)
    settings = Settings(db=str(tmp_path / "c.db"))
    store = SQLiteStore(settings.db)
    try:
        report = run([str(folder)], store, settings).report
    finally:
        store.close()
    n_articles = len({a for s in report["stories"] for a in s["articles"]})
    srv, t, base = serve(create_app(settings))
    try:
        page = httpx.get(f"{base}/").text
    finally:
        srv.should_exit = True
        t.join(timeout=5)
    assert f"stories from {n_articles} articles" in page and n_articles == 3
    rows = page.split("<h2>Inputs</h2>")[1]
    assert rows.count('<tr class="stored">') == 3
    assert str(tmp_path) not in page  # sources are shown without server paths
