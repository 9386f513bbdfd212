"""The embedded store: one SQLite file in WAL mode, no server needed.

- ``articles`` keyed by content hash, with an FTS5 index for search;
- ``inputs``: every input ever seen, with its status (stored / duplicate / rejected / skipped) and reason;
- ``lsh``: MinHash LSH band keys, so near-duplicate candidates are one indexed query away and the
  index grows with the store instead of being rebuilt per run;
- ``superseded``: articles replaced by a later version of the same input (kept, out of stories);
- ``input_seen``: when each input (source and fingerprint) was last seen, so that a file that goes
  back to an earlier version (A -> B -> A) holds A again, and the input's name relative to the
  folder it was read from (what the API shows instead of a server path);
- ``input_files`` and ``input_events``: the files read from folders, and what became of those that
  left them (removed, renamed, back): :mod:`chorus.store.files`;
- ``relations``, ``stories``, ``story_articles``, ``story_aliases`` and ``state`` (stage state such
  as the clusterer's centroids and the entity registry).

Each article is written in its own transaction, so a crash mid-run loses nothing already stored.
Schema changes are numbered migrations tracked in ``PRAGMA user_version``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from chorus.errors import StoreError
from chorus.model import Article, InputRecord, Relation, Removed, Segment
from chorus.store.files import MIGRATION_4, FileLog

SCHEMA_VERSION = 4

# Migration 3 on a store of schema 2, which ordered a source's versions by seq alone and undid a revert
# (A -> B -> A) by making A current again and B superseded: seq says B, the later row, was seen last.
# The superseded rows are the proof that it was not: a source whose current version (its last current
# row) has a stored or duplicate row after it - superseded, since it is not current - went back to that
# version, which is numbered as seen after every row. Without this, B seen again would pass for a plain
# re-run and stay superseded. (Only the order of stored and duplicate versions matters to superseding:
# a rejected or skipped version is never current.)
_HOLDS = (
    "{t}.status IN ('stored', 'duplicate') "
    "AND coalesce({t}.article, {t}.duplicate_of) {op} (SELECT article FROM superseded)"
)
_BACKFILL_REVERTED = f"""
    INSERT OR IGNORE INTO input_seen(source, fingerprint, seen)
    SELECT i.source, i.fingerprint, (SELECT max(seq) FROM inputs) + i.seq FROM inputs i
    WHERE {_HOLDS.format(t="i", op="NOT IN")}
    AND i.seq = (SELECT max(c.seq) FROM inputs c WHERE c.source = i.source AND {_HOLDS.format(t="c", op="NOT IN")})
    AND EXISTS (SELECT 1 FROM inputs l WHERE l.source = i.source AND l.seq > i.seq AND {_HOLDS.format(t="l", op="IN")});
    """

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT, outlet TEXT, url TEXT,
        published TEXT, language TEXT, text TEXT NOT NULL,
        segments TEXT NOT NULL, removed TEXT NOT NULL, credits TEXT NOT NULL, metadata TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
    CREATE TABLE IF NOT EXISTS inputs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL, fingerprint TEXT NOT NULL, status TEXT NOT NULL,
        article TEXT, duplicate_of TEXT, reason TEXT, created_at TEXT NOT NULL,
        UNIQUE(source, fingerprint)
    );
    CREATE INDEX IF NOT EXISTS inputs_article ON inputs(article);
    CREATE TABLE IF NOT EXISTS lsh (band INTEGER NOT NULL, key BLOB NOT NULL, article TEXT NOT NULL,
        PRIMARY KEY (band, key, article)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS relations (a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL,
        score REAL NOT NULL, evidence TEXT NOT NULL, PRIMARY KEY (a, b, kind));
    CREATE TABLE IF NOT EXISTS stories (id TEXT PRIMARY KEY, title TEXT, updated_at TEXT NOT NULL,
        data TEXT);
    CREATE TABLE IF NOT EXISTS story_articles (article TEXT PRIMARY KEY, story TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story);
    CREATE TABLE IF NOT EXISTS story_aliases (old TEXT PRIMARY KEY, new TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, data BLOB NOT NULL, updated_at TEXT NOT NULL);
    CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(id UNINDEXED, title, text,
        tokenize = 'unicode61 remove_diacritics 2');
    """,
    # 2: an article replaced by a later version of the same input (a rewritten or half-written file)
    # is kept but marked superseded, and leaves its story.
    2: """
    CREATE TABLE IF NOT EXISTS superseded (article TEXT PRIMARY KEY, by TEXT NOT NULL, source TEXT NOT NULL,
        story TEXT, created_at TEXT NOT NULL);
    """,
    # 3: the order in which inputs were last seen (``seen``; an input without a row here was last seen
    # when it was first recorded, at its ``inputs.seq``): a source's latest article is that of the
    # version seen last, not first. ``name``: the input's path relative to the folder given. Reverts
    # schema 2 already undid are numbered from the superseded rows (_BACKFILL_REVERTED).
    3: """
    CREATE TABLE IF NOT EXISTS input_seen (source TEXT NOT NULL, fingerprint TEXT NOT NULL, seen INTEGER NOT NULL,
        name TEXT, PRIMARY KEY (source, fingerprint));
    CREATE INDEX IF NOT EXISTS input_seen_order ON input_seen(seen);
    """
    + _BACKFILL_REVERTED,
    4: MIGRATION_4,
}

# A stored or duplicate input whose article is not superseded.
_CURRENT = (
    "AND i.status IN ('stored', 'duplicate') "
    "AND coalesce(i.article, i.duplicate_of) NOT IN (SELECT article FROM superseded)"
)
# The inputs of one source, the version seen last first.
_BY_SIGHTING = (
    "FROM inputs i LEFT JOIN input_seen s ON s.source = i.source AND s.fingerprint = i.fingerprint "
    "WHERE i.source=? {where} ORDER BY coalesce(s.seen, i.seq) DESC"
)


def _writable(path: Path) -> bool:
    """Whether this process may write the database file and create files beside it (the WAL)."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _segments_json(segments: Sequence[Segment]) -> str:
    return json.dumps([{"id": s.id, "language": s.language, "start": s.start, "end": s.end} for s in segments])


class SQLiteStore(FileLog):
    """SQLite-backed store. ``SQLiteStore(":memory:")`` serves tests.

    >>> s = SQLiteStore(":memory:")
    >>> s.count_articles()
    0
    """

    def __init__(self, path: str | Path = "chorus.db", *, must_exist: bool = False) -> None:
        self.path = str(path)
        if must_exist and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"no store at {self.path} (give the --db a run or ingest wrote)")
        if self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"cannot create the folder for the database {self.path}: {e.strerror}") from e
        self.read_only = False
        try:
            if must_exist and self.path != ":memory:" and not _writable(Path(self.path)):
                self._open_read_only()
            else:
                self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as e:
            if self.path != ":memory:" and not _writable(Path(self.path)):
                raise StoreError(
                    f"cannot write to {self.path}: it or its folder is read-only (commands that only read, "
                    "such as stories, show and why, can open it)"
                ) from e
            raise StoreError(f"cannot open {self.path} as an SQLite database: {e}") from e
        self.lock = threading.RLock()
        self._migrate(read_only=must_exist)

    def _open_read_only(self) -> None:
        """A store on a read-only disk or in a folder this user cannot write: SQLite cannot make the WAL
        files beside it, so it is opened as immutable (nobody can be writing it there)."""
        uri = f"{Path(self.path).resolve().as_uri()}?mode=ro&immutable=1"
        self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=30)
        self.read_only = True

    # --- plumbing ---------------------------------------------------------------------------------
    def _migrate(self, *, read_only: bool = False) -> None:
        """Bring the store to :data:`SCHEMA_VERSION`.

        ``read_only`` (commands that only read, opened with ``must_exist``): a store of an older schema
        is read as it is, never migrated, so the older Chorus that wrote it can still open it; the tables
        of later versions are stood in for by empty temporary tables of this connection (never written to
        the file).
        """
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path} is not a Chorus database: {e}") from e
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this Chorus ({SCHEMA_VERSION}); upgrade chorus"
            )
        if read_only and 0 < version < SCHEMA_VERSION:
            for v in range(version + 1, SCHEMA_VERSION + 1):
                for stmt in _split_sql(_MIGRATIONS[v]):
                    if stmt.startswith("CREATE INDEX"):  # only speed; an index on a stored table is a write
                        continue
                    self.db.execute(stmt.replace("CREATE TABLE IF NOT EXISTS", "CREATE TEMP TABLE IF NOT EXISTS", 1))
            return
        for v in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for stmt in _split_sql(_MIGRATIONS[v]):
                    self.db.execute(stmt)
                self.db.execute(f"PRAGMA user_version = {v}")

    def transaction(self) -> _Tx:
        """A context manager for one transaction (BEGIN IMMEDIATE ... COMMIT or ROLLBACK)."""
        return _Tx(self)

    def close(self) -> None:
        self.db.close()

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # --- inputs -----------------------------------------------------------------------------------
    def record_input(self, rec: InputRecord, fingerprint: str, *, name: str | None = None) -> None:
        """Log what happened to an input, and that it was seen now (:meth:`saw_input`).

        The first record of a (source, fingerprint) wins, except a rejection: an input rejected before
        and read now (a limit raised, a reader fixed) is logged as what it is now. Writes nothing when
        the record is already logged as it is and is the version seen last (a re-run over a rejected
        input). Call inside a transaction.
        """
        known = self.db.execute(
            "SELECT 1 FROM inputs WHERE source=? AND fingerprint=?", (rec.source, fingerprint)
        ).fetchone()
        self.db.execute(
            "INSERT INTO inputs(source, fingerprint, status, article, duplicate_of, reason, created_at) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(source, fingerprint) DO UPDATE SET status=excluded.status, "
            "article=excluded.article, duplicate_of=excluded.duplicate_of, reason=excluded.reason "
            "WHERE inputs.status = 'rejected' AND (inputs.status, inputs.article, inputs.duplicate_of, "
            "inputs.reason) IS NOT (excluded.status, excluded.article, excluded.duplicate_of, excluded.reason)",
            (rec.source, fingerprint, rec.status, rec.article, rec.duplicate_of, rec.reason, _now()),
        )
        if known is None:  # a new row's seq may be below a re-sighting's number: give it its own
            self._sight(source=rec.source, fingerprint=fingerprint, name=name)
        else:  # a row kept or updated: sighted only when another version was seen since
            self.saw_input(rec.source, fingerprint, name=name)

    def seen_last(self, source: str) -> str | None:
        """The fingerprint of the version of ``source`` seen last."""
        row = self.db.execute(
            "SELECT i.fingerprint " + _BY_SIGHTING.format(where="") + " LIMIT 1", (source,)
        ).fetchone()
        return row[0] if row else None

    def saw_input(self, source: str, fingerprint: str, *, name: str | None = None) -> bool:
        """Note that this version of ``source`` is the one seen last (and its ``name``, relative to the
        folder it was read from). Writes nothing when it already is. Returns whether it was not: the
        source went back to another version. Call inside a transaction."""
        row = self.db.execute(
            "SELECT i.fingerprint, s.name " + _BY_SIGHTING.format(where="") + " LIMIT 1", (source,)
        ).fetchone()
        if row is not None and row[0] == fingerprint and (name is None or row[1] == name):
            return False
        self._sight(source=source, fingerprint=fingerprint, name=name)
        return row is not None and row[0] != fingerprint

    def _sight(self, *, source: str, fingerprint: str, name: str | None) -> None:
        """Number this sighting after every other one (and after every ``inputs.seq``)."""
        self.db.execute(
            "INSERT INTO input_seen(source, fingerprint, seen, name) VALUES (?, ?, max("
            "coalesce((SELECT max(seen) FROM input_seen), 0), coalesce((SELECT max(seq) FROM inputs), 0)) + 1, ?) "
            "ON CONFLICT(source, fingerprint) DO UPDATE SET seen=excluded.seen, name=coalesce(excluded.name, name)",
            (source, fingerprint, name),
        )

    def input_names(self, sources: Iterable[str]) -> dict[str, str]:
        """The name (relative to the folder it was read from) each source was last seen under, when known."""
        out: dict[str, str] = {}
        for source in dict.fromkeys(sources):
            row = self.db.execute(
                "SELECT name FROM input_seen WHERE source=? AND name IS NOT NULL ORDER BY seen DESC LIMIT 1", (source,)
            ).fetchone()
            if row:
                out[source] = row[0]
        return out

    def seen_input(self, source: str, fingerprint: str) -> InputRecord | None:
        row = self.db.execute(
            "SELECT source, status, article, duplicate_of, reason FROM inputs WHERE source=? AND fingerprint=?",
            (source, fingerprint),
        ).fetchone()
        return _input(row) if row else None

    def why(self, key: str) -> list[InputRecord]:
        """Every input record for a source path/URL, an article id, or an id prefix."""
        rows = self.db.execute(
            "SELECT source, status, article, duplicate_of, reason FROM inputs "
            "WHERE source = ? OR article = ? OR duplicate_of = ? OR source LIKE ? ESCAPE '\\' "
            "OR (length(?) >= 6 AND article LIKE ? ESCAPE '\\') ORDER BY seq",
            (key, key, key, _like(key) + "#%", key, _like(key) + "%"),
        ).fetchall()
        return [_input(r) for r in rows]

    def previous_article(self, source: str, fingerprint: str) -> str | None:
        """The current (not superseded) article of another version (other fingerprint) of ``source``, of
        the version seen last."""
        row = self.db.execute(
            "SELECT coalesce(i.article, i.duplicate_of) "
            + _BY_SIGHTING.format(where=_CURRENT + " AND i.fingerprint<>?")
            + " LIMIT 1",
            (source, fingerprint),
        ).fetchone()
        return row[0] if row else None

    def used_elsewhere(self, article_id: str, source: str) -> bool:
        """Whether a source other than ``source`` still holds the article: its latest current (not
        superseded) stored or duplicate record points at it. A source that held it once but has moved
        on to other content does not count."""
        rows = self.db.execute(
            "SELECT DISTINCT source FROM inputs WHERE (article=? OR duplicate_of=?) AND source<>? "
            "AND status IN ('stored', 'duplicate')",
            (article_id, article_id, source),
        ).fetchall()
        return any(self.latest_article(other) == article_id for (other,) in rows)

    def supersede(self, old: str, new: str, source: str) -> str | None:
        """Mark ``old`` superseded by ``new`` (same input, newer content): it is kept, leaves its story
        and the near-duplicate index. Returns the story it left, if any. Call inside a transaction."""
        story = self.story_of(old)
        self.db.execute(
            "INSERT OR REPLACE INTO superseded(article, by, source, story, created_at) VALUES (?,?,?,?,?)",
            (old, new, source, story, _now()),
        )
        self.db.execute("DELETE FROM story_articles WHERE article=?", (old,))
        self.db.execute("DELETE FROM lsh WHERE article=?", (old,))
        return story

    def latest_article(self, source: str) -> str | None:
        """The current (not superseded) article of ``source``: that of the version seen last."""
        row = self.db.execute(
            "SELECT coalesce(i.article, i.duplicate_of) " + _BY_SIGHTING.format(where=_CURRENT) + " LIMIT 1",
            (source,),
        ).fetchone()
        return row[0] if row else None

    def unsupersede(self, article_id: str) -> None:
        """Make a superseded article current again (it is clustered anew). Call inside a transaction."""
        self.db.execute("DELETE FROM superseded WHERE article=?", (article_id,))

    def superseded_by(self, article_id: str) -> str | None:
        """The article that superseded this one, or None."""
        row = self.db.execute("SELECT by FROM superseded WHERE article=?", (article_id,)).fetchone()
        return row[0] if row else None

    def inputs(self) -> list[InputRecord]:
        return [
            _input(r)
            for r in self.db.execute("SELECT source, status, article, duplicate_of, reason FROM inputs ORDER BY seq")
        ]

    # --- articles ---------------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def add_article(self, a: Article) -> bool:
        """Insert an article (no-op if its id exists). Returns True when it was new."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO articles(id, source, title, outlet, url, published, language, text, segments, "
            "removed, credits, metadata, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                a.id,
                a.source,
                a.title,
                a.outlet,
                a.url,
                a.published.isoformat() if a.published else None,
                a.language,
                a.text,
                _segments_json(a.segments),
                json.dumps([{"text": r.text, "why": r.why} for r in a.removed], ensure_ascii=False),
                json.dumps(list(a.credits), ensure_ascii=False),
                json.dumps(a.metadata, ensure_ascii=False, default=str),
                _now(),
            ),
        )
        if cur.rowcount:
            self.db.execute("INSERT INTO articles_fts(id, title, text) VALUES (?,?,?)", (a.id, a.title or "", a.text))
            return True
        return False

    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id=?", (article_id,)).fetchone()
        return _article(row) if row else None

    def get_articles(self, ids: Iterable[str]) -> list[Article]:
        ids = list(dict.fromkeys(ids))
        out: dict[str, Article] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = f"SELECT {_ARTICLE_COLS} FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            for row in self.db.execute(q, chunk):
                out[row[0]] = _article(row)
        return [out[i] for i in ids if i in out]

    def iter_articles(self) -> Iterator[Article]:
        for row in self.db.execute(f"SELECT {_ARTICLE_COLS} FROM articles ORDER BY published, id"):
            yield _article(row)

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def search(self, query: str, limit: int = 20) -> list[str]:
        """Article ids matching a full-text query (FTS5 syntax; plain words are ANDed)."""
        terms = " ".join('"' + t.replace('"', '""') + '"' for t in query.split())
        if not terms:
            return []
        rows = self.db.execute(
            "SELECT id FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (terms, limit)
        ).fetchall()
        return [r[0] for r in rows]

    # --- LSH ---------------------------------------------------------------------------------------
    def add_lsh(self, article_id: str, keys: Iterable[tuple[int, bytes]]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO lsh(band, key, article) VALUES (?,?,?)",
            [(b, k, article_id) for b, k in keys],
        )

    def lsh_candidates(
        self, keys: Sequence[tuple[int, bytes]], exclude: str | None = None, limit: int | None = None
    ) -> list[str]:
        """Articles sharing at least one LSH band key, those sharing most bands first (then by id)."""
        found: dict[str, int] = {}
        for band, key in keys:
            for (art,) in self.db.execute("SELECT article FROM lsh WHERE band=? AND key=?", (band, key)):
                if art != exclude:
                    found[art] = found.get(art, 0) + 1
        ranked = sorted(found, key=lambda art: (-found[art], art))
        return ranked[:limit] if limit is not None else ranked

    # --- relations ---------------------------------------------------------------------------------
    def add_relations(self, rels: Iterable[Relation]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO relations(a, b, kind, score, evidence) VALUES (?,?,?,?,?)",
            [(r.a, r.b, r.kind, r.score, json.dumps(r.evidence)) for r in rels],
        )

    def relations_for(self, article_ids: Iterable[str]) -> list[Relation]:
        ids = set(article_ids)
        out = []
        for a, b, kind, score, ev in self.db.execute("SELECT a, b, kind, score, evidence FROM relations"):
            if a.split(":")[0] in ids or b.split(":")[0] in ids:
                out.append(Relation(kind=kind, a=a, b=b, score=score, evidence=tuple(tuple(e) for e in json.loads(ev))))
        return out

    # --- stories -----------------------------------------------------------------------------------
    def assign(self, article_id: str, story_id: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO story_articles(article, story) VALUES (?,?)", (article_id, story_id))

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story FROM story_articles WHERE article=?", (article_id,)).fetchone()
        return row[0] if row else None

    def story_articles(self, story_id: str) -> list[str]:
        return [
            r[0]
            for r in self.db.execute("SELECT article FROM story_articles WHERE story=? ORDER BY article", (story_id,))
        ]

    def unassigned_articles(self) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM articles WHERE id NOT IN (SELECT article FROM story_articles) "
                "AND id NOT IN (SELECT article FROM superseded) ORDER BY published, id"
            )
        ]

    def add_alias(self, old: str, new: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO story_aliases(old, new) VALUES (?,?)", (old, new))
        self.db.execute("UPDATE story_articles SET story=? WHERE story=?", (new, old))
        self.db.execute("UPDATE story_aliases SET new=? WHERE new=?", (new, old))
        self.db.execute("DELETE FROM stories WHERE id=?", (old,))

    def resolve_story(self, story_id: str) -> str:
        row = self.db.execute("SELECT new FROM story_aliases WHERE old=?", (story_id,)).fetchone()
        return row[0] if row else story_id

    def aliases_of(self, story_id: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT old FROM story_aliases WHERE new=? ORDER BY old", (story_id,))]

    def put_story(self, story_id: str, title: str, data: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO stories(id, title, updated_at, data) VALUES (?,?,?,?)",
            (story_id, title, _now(), json.dumps(data, ensure_ascii=False)),
        )

    def delete_story(self, story_id: str) -> None:
        """Remove a story left with no article (its aliases go too)."""
        self.db.execute("DELETE FROM stories WHERE id=?", (story_id,))
        self.db.execute("DELETE FROM story_aliases WHERE new=?", (story_id,))

    def get_story(self, story_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM stories WHERE id=?", (self.resolve_story(story_id),)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def list_stories(self) -> list[tuple[str, str, int]]:
        return [
            (r[0], r[1], r[2])
            for r in self.db.execute(
                "SELECT s.id, s.title, count(sa.article) FROM stories s LEFT JOIN story_articles sa ON sa.story = s.id "
                "GROUP BY s.id ORDER BY s.updated_at DESC, s.id"
            )
        ]

    # --- stage state -------------------------------------------------------------------------------
    def put_state(self, name: str, data: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO state(name, data, updated_at) VALUES (?,?,?)", (name, data, _now()))

    def get_state(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT data FROM state WHERE name=?", (name,)).fetchone()
        return bytes(row[0]) if row else None


class _Tx:
    def __init__(self, store: SQLiteStore) -> None:
        self.store = store

    def __enter__(self) -> SQLiteStore:
        self.store.lock.acquire()
        try:
            self.store.db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.store.lock.release()
            raise
        return self.store

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            self.store.db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.store.lock.release()


_ARTICLE_COLS = "id, source, title, outlet, url, published, text, segments, removed, credits, metadata"


def _article(row: Sequence[Any]) -> Article:
    aid, source, title, outlet, url, published, text, segs, removed, credits, meta = row
    return Article(
        id=aid,
        source=source,
        title=title,
        outlet=outlet,
        url=url,
        published=dt.date.fromisoformat(published) if published else None,
        text=text,
        segments=tuple(Segment(**s) for s in json.loads(segs)),
        removed=tuple(Removed(**r) for r in json.loads(removed)),
        credits=tuple(json.loads(credits)),
        metadata=json.loads(meta),
    )


def _input(row: Sequence[Any]) -> InputRecord:
    return InputRecord(source=row[0], status=row[1], article=row[2], duplicate_of=row[3], reason=row[4])


def _like(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]
