"""The one exception tree of Chorus.

    ChorusError
    ├── ConfigError      a setting is out of range or unknown; the message says how to fix it
    ├── InputError       an input cannot be read at all (missing path, unreadable folder)
    ├── StageError       a pipeline stage failed on one item (carries stage and item id)
    └── StoreError       the store cannot be opened, migrated or written

Expected discards (empty file, binary, duplicate, undecodable text) are *not* exceptions: they are
``Rejected`` records (see :mod:`chorus.model`) that the store keeps and ``chorus why`` explains.
"""

from __future__ import annotations


class ChorusError(Exception):
    """Base class of every error Chorus raises on purpose."""


class ConfigError(ChorusError):
    """A configuration value is invalid."""


class InputError(ChorusError):
    """An input path or stream cannot be read."""


class StageError(ChorusError):
    """A stage failed on one item.

    Args:
        stage: name of the stage, e.g. ``"relations"``.
        item_id: the article or story id it failed on.
        message: what went wrong.
    """

    def __init__(self, stage: str, item_id: str, message: str) -> None:
        super().__init__(f"{stage} failed on {item_id}: {message}")
        self.stage = stage
        self.item_id = item_id


class StoreError(ChorusError):
    """The store cannot be opened, migrated or written."""
