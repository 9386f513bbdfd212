"""A store on a read-only disk or in a folder the user cannot write: read commands work, write
commands say why they cannot (it was "cannot open ... as an SQLite database: unable to open database
file", which reads like a corrupt file)."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

import chorus.store.sqlite as sq
from chorus.config import Settings
from chorus.errors import StoreError
from chorus.ingest import read_inputs
from chorus.pipeline import ingest_items
from chorus.store import SQLiteStore
from tests.conftest import SEEDS


def _filled(tmp_path):
    db = tmp_path / "ro" / "c.db"
    store = SQLiteStore(db)
    ingest_items(read_inputs([str(SEEDS)]), store, Settings(db=str(db)))
    n = store.count_articles()
    store.close()
    return db, n


def _read_only_disk(monkeypatch, folder):
    real = sq.os.access
    monkeypatch.setattr(sq.os, "access", lambda p, mode: False if str(p).startswith(str(folder)) else real(p, mode))


def test_a_store_on_a_read_only_disk_is_read_without_writing(tmp_path, monkeypatch):
    db, n = _filled(tmp_path)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    _read_only_disk(monkeypatch, db.parent)
    store = SQLiteStore(db, must_exist=True)
    assert store.read_only and store.count_articles() == n
    assert list(store.iter_articles())
    store.close()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not (db.parent / "c.db-wal").exists()


def test_writing_a_store_on_a_read_only_disk_says_so(tmp_path, monkeypatch):
    db, _ = _filled(tmp_path)
    _read_only_disk(monkeypatch, db.parent)

    def refuse(*a, **k):  # what SQLite says when it cannot make the WAL files
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sq.sqlite3, "connect", refuse)
    with pytest.raises(StoreError, match="read-only"):
        SQLiteStore(db)
