"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chorus.config import Settings
from chorus.ingest import Item
from chorus.model import Document
from chorus.pipeline import ingest_items
from chorus.stages.clean import clean
from chorus.store import SQLiteStore

TODAY = dt.date(2026, 1, 15)
words = st.text(alphabet=st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=40)
paragraph = st.lists(words, min_size=1, max_size=12).map(" ".join)
article_text = st.lists(paragraph, min_size=1, max_size=6).map("\n\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text)
def test_clean_only_removes_whole_lines(text):
    cleaned = clean(Document(source="x", text=text))
    kept = cleaned.text.split("\n\n") if cleaned.text else []
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    removed = [r.text for r in cleaned.removed]
    # every input line is either kept verbatim or listed as removed (or became the title)
    for line in lines:
        assert line in kept or line in removed or line == cleaned.title


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(article_text, min_size=1, max_size=4))
def test_ingest_is_idempotent_and_accounts_for_everything(texts):
    store = SQLiteStore(":memory:")
    items = [Item(Document(source=f"in{i}", text=t), f"fp{i}") for i, t in enumerate(texts)]
    first = ingest_items(items, store, Settings(db=":memory:"), today=TODAY)
    n = store.count_articles()
    second = ingest_items(items, store, Settings(db=":memory:"), today=TODAY)
    assert store.count_articles() == n
    assert second.new_articles == []
    assert len(first.records) == len(texts)
    assert [r.article for r in first.records] == [r.article for r in second.records]
    for r in first.records:
        assert r.status in ("stored", "duplicate", "rejected")
        assert (r.status == "rejected") == (r.reason is not None and r.article is None and r.duplicate_of is None)
    for a in store.iter_articles():
        covered = sum(s.end - s.start for s in a.segments)
        assert covered <= len(a.text)
        for s in a.segments:
            assert 0 <= s.start < s.end <= len(a.text)
    store.close()


def test_public_api_is_curated():
    import chorus

    assert sorted(chorus.__all__) == sorted(
        ["ChorusError", "ConfigError", "InputError", "StageError", "StoreError", "__version__"]
    )
    for name in chorus.__all__:
        assert hasattr(chorus, name)
