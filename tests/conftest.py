"""Shared fixtures: an in-memory store, the seed corpus, the gold-data folder (skipped when absent)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
SHARED_DATA = Path(os.environ.get("CHORUS_SHARED_DATA", REPO.parent / "shared" / "data"))
TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def mem_store():
    from chorus.store import SQLiteStore

    store = SQLiteStore(":memory:")
    yield store
    store.close()


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_articles():
    """The five seed articles, ingested the way `chorus run` does, keyed by their file prefix (000..004)."""
    from chorus.config import Settings
    from chorus.pipeline import ingest
    from chorus.store import SQLiteStore

    store = SQLiteStore(":memory:")
    ingest([str(SEEDS)], store, Settings(db=":memory:"), today=TODAY)
    arts = {Path(a.source).name[:3]: a for a in store.iter_articles()}
    store.close()
    return arts


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"gold data not found at {SHARED_DATA} (set CHORUS_SHARED_DATA); it lives outside the repo")
    return SHARED_DATA
