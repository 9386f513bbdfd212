"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chorus.config import Settings
from chorus.ingest import Item
from chorus.model import Document, Removed
from chorus.pipeline import ingest_items
from chorus.stages.clean import Cleaned, clean
from chorus.store import SQLiteStore

TODAY = dt.date(2026, 1, 15)
words = st.text(alphabet=st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=40)
paragraph = st.lists(words, min_size=1, max_size=12).map(" ".join)
article_text = st.lists(paragraph, min_size=1, max_size=6).map("\n\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text)
@example("· 0")  # a list bullet is cut off the line's head and listed; the rest is kept
@example("• Police said 5 people were hurt.\n\nBEIRUT (Reuters) - The talks ended.")
def test_clean_only_removes_whole_lines(text):
    check_lines_accounted(text, clean(Document(source="x", text=text)))


def check_lines_accounted(text: str, cleaned: Cleaned) -> None:
    """Every input line is kept verbatim, listed as removed, or became the title; or a bullet or
    dateline cut off its head is listed as removed (each such head once) and the rest of the line kept."""
    kept = cleaned.text.split("\n\n") if cleaned.text else []
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    removed = [r.text for r in cleaned.removed]
    heads = Counter(r.text for r in cleaned.removed if r.why == "list marker" or r.why.startswith("dateline"))
    for line in lines:
        rest = line
        while rest not in kept and rest not in removed and rest != cleaned.title:
            head = next((h for h, n in heads.items() if n and h and rest.startswith(h)), None)
            assert head is not None, (line, kept, cleaned.removed)
            heads[head] -= 1
            rest = rest[len(head) :].strip()


def test_the_line_check_catches_a_cleaner_that_cuts_words_off_lines():
    """The check is not vacuous: a cleaner that drops each paragraph's first word (and lists it as
    removed, with another reason than a bullet or dateline) fails it."""
    text = "Police said five people were hurt.\n\nThe talks ended on Friday."
    good = clean(Document(source="x", text=text))
    check_lines_accounted(text, good)
    paras = good.text.split("\n\n")
    bad = dataclasses.replace(
        good,
        text="\n\n".join(p.partition(" ")[2] for p in paras),
        removed=good.removed + tuple(Removed(text=p.partition(" ")[0], why="first word") for p in paras),
    )
    with pytest.raises(AssertionError):
        check_lines_accounted(text, bad)


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
