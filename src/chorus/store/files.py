"""The files read from folders, and what became of those that left them (``input_files``, ``input_events``).

What a user who deletes or renames a watched file (or a file between two ``chorus run`` calls over
the same folder) gets, and why:

- Nothing is lost, and no story changes. Deleting a local copy of an article is not a retraction of
  what was published: the article stays stored under its content id, stays in its story with its
  claims, timeline and brief citations, so a fact-checker can still cite it, and ``chorus why`` still
  finds it by its path or its id. (A watched folder is often an inbox emptied once read: its stories
  must not fall apart because it was tidied.) An article leaves its story only when a later version
  of the same input supersedes it, as before.
- Nothing is silent either. The file is logged ``removed``, with the time Chorus noticed; the report
  marks its inputs (``inputs[].gone``), lists the files found gone by the run (``gone``) and marks an
  article that no input still in its folder holds (``articles[].input_gone``); ``chorus why`` says so.
- A file whose bytes (sha256) appear under a new path in the same pass as it leaves the folder was
  ``renamed`` (or moved within the folder): logged from the old path to the new one, its article keeps
  its id and story (the new path is a duplicate of it: same text). A copy made earlier and the
  original deleted later is a removal, though the article is not marked gone: the copy still holds it.
- A file that comes back is logged ``back`` and is current again.

Only regular files a pass over a folder opened are tracked, whatever became of their input (stored, a
duplicate, or rejected once read: that it left is still worth saying); a named pipe or a device in the
folder is never opened (the reader rejects it unread) and never tracked. A file given by name, standard
input and the API have no folder to leave. Tracking holds under the same spelling of the folder only
(sources are kept as given). A file is hashed again at every reading (its size and mtime say nothing
of a file rewritten in place with its mtime restored: ``rsync -t``, ``touch -r``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

FileEventKind = Literal["removed", "renamed", "back"]

# 4: the files read from folders (path, size, mtime, sha256 of the bytes; ``gone``: the event that took
# it out of its folder, NULL while it is there) and what became of them (``input_events``, ``other``:
# the new path of a renamed file). Files a store of schema 3 read from a folder are taken from
# ``input_seen``: a source without a record suffix ('#') whose name is the end of its path; their size
# and hash are unknown (a removal is found, a rename is not, until they are read again). A JSONL, feed
# or WARC file read before schema 4 is tracked from its next reading on.
MIGRATION_4 = """
    CREATE TABLE IF NOT EXISTS input_files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL,
        sha256 TEXT NOT NULL, gone INTEGER, first_seen TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS input_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL,
        event TEXT NOT NULL, other TEXT, at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS input_events_path ON input_events(path);
    CREATE INDEX IF NOT EXISTS input_events_other ON input_events(other);
    CREATE INDEX IF NOT EXISTS inputs_duplicate_of ON inputs(duplicate_of);
    INSERT OR IGNORE INTO input_files(path, size, mtime, sha256, first_seen)
    SELECT DISTINCT s.source, -1, -1, '', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') FROM input_seen s
    WHERE s.name IS NOT NULL AND instr(s.source, '#') = 0 AND substr(s.source, -length(s.name)) = s.name
    AND (length(s.source) = length(s.name) OR substr(s.source, -length(s.name) - 1, 1) = '/')
    AND EXISTS (SELECT 1 FROM inputs i WHERE i.source = s.source AND i.status <> 'skipped');
    """


@dataclass(frozen=True, slots=True, kw_only=True)
class FileEvent:
    """What became of a file read from a folder.

    Attributes:
        path: the file's path as read (the source of its input, or the part before a ``#`` record suffix).
        event: ``removed`` (no longer in its folder), ``renamed`` (its bytes are now at ``other``) or
            ``back`` (in its folder again).
        at: when Chorus noticed, UTC, ISO 8601 (the file system does not say when a file was deleted).
        other: the new path of a renamed file.
    """

    path: str
    event: FileEventKind
    at: str
    other: str | None = None
    seq: int = 0

    @property
    def gone(self) -> bool:
        """Whether the event took the file out of its folder."""
        return self.event != "back"


@dataclass(frozen=True, slots=True)
class KnownFile:
    """A file the store has read from a folder: its size, mtime and sha256 when last read (-1, -1 and
    '' when unknown: read before schema 4), and the event that took it out of its folder, if any."""

    path: str
    size: int
    mtime: float
    sha256: str
    gone: FileEvent | None


_EVENT_COLS = "e.path, e.event, e.at, e.other, e.seq"
_NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"  # the form of the store's other times (UTC, seconds)


def _event(row: tuple[str, str, str, str | None, int]) -> FileEvent:
    path, event, at, other, seq = row
    return FileEvent(path=path, event=event, at=at, other=other, seq=seq)  # type: ignore[arg-type]


def _candidates(source: str) -> list[str]:
    """The paths a source may have been read from: itself, and every prefix ending before a ``#``."""
    return [source] + [source[:i] for i, c in enumerate(source) if c == "#" and i]


class FileLog:
    """The file methods of :class:`~chorus.store.sqlite.SQLiteStore` (a mixin over its connection)."""

    db: sqlite3.Connection

    if TYPE_CHECKING:

        def latest_article(self, source: str) -> str | None: ...

    def known_files(self, under: str | None = None) -> dict[str, KnownFile]:
        """The files read from folders (``under``: only paths starting with this prefix), by path."""
        q = (
            "SELECT f.path, f.size, f.mtime, f.sha256, " + _EVENT_COLS + " FROM input_files f "
            "LEFT JOIN input_events e ON e.seq = f.gone"
        )
        rows = (
            self.db.execute(q + " WHERE substr(f.path, 1, length(?)) = ?", (under, under))
            if under
            else self.db.execute(q)
        )
        return {
            r[0]: KnownFile(r[0], r[1], r[2], r[3], _event(r[4:]) if r[4] is not None else None)  # type: ignore[arg-type]
            for r in rows
        }

    def register_file(self, path: str, size: int, mtime: float, sha256: str) -> None:
        """Note that ``path`` was read from a folder with these size, mtime and bytes. Call inside a
        transaction; whether it left its folder is changed only by :meth:`file_event`."""
        self.db.execute(
            "INSERT INTO input_files(path, size, mtime, sha256, first_seen) VALUES (?, ?, ?, ?, " + _NOW + ") "
            "ON CONFLICT(path) DO UPDATE SET size=excluded.size, "
            "mtime=excluded.mtime, sha256=excluded.sha256",
            (path, size, mtime, sha256),
        )

    def file_event(self, path: str, event: FileEventKind, other: str | None = None) -> FileEvent:
        """Log what became of a file read from a folder, now. Call inside a transaction."""
        cur = self.db.execute(
            "INSERT INTO input_events(path, event, other, at) VALUES (?, ?, ?, " + _NOW + ")",
            (path, event, other),
        )
        seq = int(cur.lastrowid or 0)
        self.db.execute("UPDATE input_files SET gone=? WHERE path=?", (None if event == "back" else seq, path))
        row = self.db.execute(f"SELECT {_EVENT_COLS} FROM input_events e WHERE seq=?", (seq,)).fetchone()
        return _event(row)

    def file_of(self, source: str) -> str | None:
        """The file read from a folder that ``source`` (a path, or a record ``path#L3``) came from."""
        found = _candidates(source)
        rows = self.db.execute(
            f"SELECT path FROM input_files WHERE path IN ({','.join('?' * len(found))})", found
        ).fetchall()
        return max((r[0] for r in rows), key=len, default=None)

    def gone_file(self, path: str) -> FileEvent | None:
        """The event that took a file out of its folder, or None while it is there (or not a file read
        from a folder)."""
        row = self.db.execute(
            f"SELECT {_EVENT_COLS} FROM input_files f JOIN input_events e ON e.seq = f.gone WHERE f.path=?", (path,)
        ).fetchone()
        return _event(row) if row else None

    def any_gone(self) -> bool:
        """Whether any file read from a folder has left it (most stores: none, and reports skip the rest)."""
        return self.db.execute("SELECT 1 FROM input_files WHERE gone IS NOT NULL LIMIT 1").fetchone() is not None

    def any_events(self) -> bool:
        """Whether any file read from a folder ever left it."""
        return self.db.execute("SELECT 1 FROM input_events LIMIT 1").fetchone() is not None

    def renamed_from(self, path: str) -> FileEvent | None:
        """The latest rename of another file to ``path``, or None."""
        row = self.db.execute(
            f"SELECT {_EVENT_COLS} FROM input_events e WHERE e.other=? AND e.event='renamed' "
            "ORDER BY e.seq DESC LIMIT 1",
            (path,),
        ).fetchone()
        return _event(row) if row else None

    def file_events(self, path: str) -> list[FileEvent]:
        """Everything that became of ``path``, oldest first, including renames of other files to it."""
        rows = self.db.execute(
            f"SELECT {_EVENT_COLS} FROM input_events e WHERE e.path=? OR e.other=? ORDER BY e.seq", (path, path)
        ).fetchall()
        return [_event(r) for r in rows]

    def file_sources(self, path: str) -> list[str]:
        """The sources read from the file ``path``: itself, or its records (``path#L1``...)."""
        rows = self.db.execute(
            "SELECT DISTINCT source FROM inputs WHERE source=? OR (source > ? AND source < ?) ORDER BY source",
            (path, path + "#", path + "$"),  # '$' follows '#': the range of path#..., on the index
        ).fetchall()
        return [r[0] for r in rows if self.file_of(r[0]) == path]

    def file_articles(self, path: str) -> list[str]:
        """The current articles of the sources read from ``path`` (one per source, that of the version
        seen last)."""
        found = (self.latest_article(s) for s in self.file_sources(path))
        return list(dict.fromkeys(a for a in found if a))

    def held_only_by_gone(self, article_ids: Iterable[str]) -> dict[str, list[FileEvent]]:
        """The articles among ``article_ids`` that no input still in its folder holds, each with the
        events that took its files away. An input held the article if its version seen last did; a
        source not read from a folder (a file given by name, standard input, the API) always counts
        as still there."""
        if not self.any_gone():
            return {}
        out: dict[str, list[FileEvent]] = {}
        for aid in dict.fromkeys(article_ids):
            rows = self.db.execute(
                "SELECT DISTINCT source FROM inputs WHERE (article=? OR duplicate_of=?) "
                "AND status IN ('stored', 'duplicate')",
                (aid, aid),
            ).fetchall()
            events: list[FileEvent] = []
            for (source,) in rows:
                if self.latest_article(source) != aid:
                    continue
                path = self.file_of(source)
                gone = self.gone_file(path) if path else None
                if gone is None:
                    events = []
                    break
                if gone not in events:
                    events.append(gone)
            if events:
                out[aid] = events
        return out
