"""Stores: SQLite (embedded, default). See :class:`chorus.store.base.Store` for the interface."""

from chorus.store.base import Store
from chorus.store.sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = ["SCHEMA_VERSION", "SQLiteStore", "Store", "open_store"]


def open_store(path: str = "chorus.db", *, must_exist: bool = False) -> SQLiteStore:
    """Open (creating and migrating if needed) the store at ``path``; ``":memory:"`` for tests.

    ``must_exist`` (read-only commands): raise :class:`~chorus.errors.StoreError` instead of creating
    folders and an empty database at a mistyped path.
    """
    return SQLiteStore(path, must_exist=must_exist)
