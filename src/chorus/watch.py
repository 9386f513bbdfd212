"""``chorus watch DIR``: pick up files as they land and keep the report and briefs current.

File events come from watchfiles (inotify on Linux). A file is taken only once it is *settled*:
its size and modification time unchanged for ``settle`` seconds, so a file still being written (or
copied in pieces) is never read half-way. Names that signal partial downloads (``.part``, ``.tmp``,
``.crdownload``, ``.download``, hidden files) are not read until renamed; each is listed once as
``skipped`` with its reason, as are the ``--out`` folder and the store's files (never read, even when
they lie inside the watched folder) and symbolic links to files outside it.

A file that changes after it was taken (rewritten, or taken half-written because the writer paused
longer than ``settle``) is read again; the new version *supersedes* the article stored from the old
one, which is kept (``chorus why`` says so) but leaves its story.

A file that disappears from the folder while the watch runs (or before it starts: the store knows
what it read from the folder) is logged ``removed``, or ``renamed`` when the same bytes appear under
another path (moved within the folder): :mod:`chorus.store.files` says why its article stays in its
story (deleting a local copy is no retraction of what was published) and how the report and
``chorus why`` say so. As ``mv`` keeps a file's size, a file that disappears while a file of the same
size is still settling is judged once that one is read: a rename is never taken for a removal.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from chorus.config import Settings
from chorus.ingest import Planned, plan_inputs
from chorus.ingest.plan import EMPTY_FOLDER, display_name, skip
from chorus.ingest.plan_gone import account_folder
from chorus.model import InputRecord
from chorus.pipeline import check_store, exclusions, finish, ingest_items, read_planned
from chorus.report import build_report, write_outputs
from chorus.store import SQLiteStore
from chorus.store.files import FileEvent, KnownFile

log = logging.getLogger("chorus.watch")

PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", ".download", ".partial", "~", ".swp")


def is_partial(path: Path) -> bool:
    """Whether a file name says it is still being written."""
    return path.name.startswith(".") or path.name.endswith(PARTIAL_SUFFIXES)


@dataclass(slots=True)
class WatchState:
    """What the watcher has done so far (the report covers all of it)."""

    records: list[InputRecord] = field(default_factory=list)
    story_ids: list[str] = field(default_factory=list)
    done: dict[str, tuple[int, float]] = field(default_factory=dict)
    batches: int = 0
    skipped: dict[str, str] = field(default_factory=dict)
    gone: list[FileEvent] = field(default_factory=list)  # files that left the folder (and came back)
    listed: frozenset[str] | None = None  # the folder's paths at the last accounting of gone files
    held: bool = False  # whether that accounting held a file back (one of its size was settling)
    unwritten: str | None = None  # why the last outputs could not be written (retried every poll)


def _scan(
    folder: Path,
    exclude: dict[Path, str] | None = None,
    skipped: list[Planned] | None = None,
    planned: list[Planned] | None = None,
) -> dict[str, tuple[tuple[int, float], Planned]]:
    """Files to read (path -> size and mtime, and the planned entry); what is not read goes to
    ``skipped`` with a reason (:func:`chorus.ingest.plan_inputs`, the rules of ``chorus run``, and
    names of files still being written); every entry of the plan to ``planned``."""
    found: dict[str, tuple[tuple[int, float], Planned]] = {}
    for entry in plan_inputs([str(folder)], exclude):
        if planned is not None:
            planned.append(entry)
        if entry.rejected is None and is_partial(Path(entry.source)):
            why = "name of a file still being written or downloaded: not read until renamed"
            entry = Planned(entry.source, entry.name, skip(entry.source, why))
        if entry.rejected is not None:
            if skipped is not None and not (entry.source == str(folder) and entry.rejected.reason == EMPTY_FOLDER):
                skipped.append(entry)  # an empty watched folder is waited on, not rejected
            continue
        try:
            st = os.stat(entry.source)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            found[entry.source] = ((st.st_size, st.st_mtime), entry)
    return found


def watch(
    folder: Path,
    store: SQLiteStore,
    settings: Settings,
    out: Path,
    *,
    settle: float = 1.0,
    poll: float = 0.5,
    stop: threading.Event | None = None,
    on_batch: Callable[[WatchState], None] | None = None,
) -> WatchState:
    """Watch ``folder`` until ``stop`` is set (or forever), ingesting settled files in batches.

    Args:
        folder: the folder to watch (read recursively); files already there are taken first.
        store: the store.
        settings: run settings.
        out: where report.json, index.html and stories/ are kept current.
        settle: seconds a file's size and mtime must stay unchanged before it is read.
        poll: seconds between checks for settled files.
        stop: set it to end the watch.
        on_batch: called after each batch is written (tests and progress displays).
    """
    from watchfiles import watch as fs_watch

    check_store(store)  # refuse another version's cluster state before taking any file
    stop = stop or threading.Event()
    state = WatchState()
    seen: dict[str, tuple[tuple[int, float], float]] = {}
    exclude = exclusions(store, out)

    def process_settled() -> None:
        now = time.monotonic()
        skips: list[Planned] = []
        planned: list[Planned] = []
        current = _scan(folder, exclude, skips, planned)
        new_skips = [k for k in skips if k.rejected and state.skipped.get(k.source) != k.rejected.reason]
        for k in new_skips:
            state.skipped[k.source] = k.rejected.reason if k.rejected else ""
        ready = []
        for path, (sig, _) in current.items():
            if state.done.get(path) == sig:
                continue
            prev = seen.get(path)
            if prev is None or prev[0] != sig:
                seen[path] = (sig, now)
            elif now - prev[1] >= settle:
                ready.append(path)
        ready.sort()
        ing = None
        if ready or new_skips:
            ing = ingest_items(
                read_planned([*new_skips, *(current[p][1] for p in ready)], settings.ingest), store, settings
            )
        # a file that left while one of its size settles may be that one, renamed: judged once it is read
        settling = {sig[0] for p, (sig, _) in current.items() if p not in ready and state.done.get(p) != sig}
        listed = frozenset(display_name(e.source) for e in planned)
        events: list[FileEvent] = []
        if ready or state.held or listed != state.listed:  # else nothing can have left: no store read
            held: list[str] = []

            def hold(k: KnownFile) -> bool:
                if k.size in settling:
                    held.append(k.path)
                    return True
                return False

            events = account_folder(store, folder, planned, ready, hold=hold)
            state.listed, state.held = listed, bool(held)
        if ing is None and not events:
            if state.unwritten is not None:
                _try_write(state, store, out)
            return
        left = {e.path for e in events if e.gone}
        for p in [p for p in state.done if display_name(p) in left]:
            del state.done[p]  # a file that comes back is read again
        state.gone.extend(events)
        for p in ready:
            state.done[p] = current[p][0]
            seen.pop(p, None)
        story_ids: list[str] = []
        if ing is not None:
            result = finish(ing, store, settings)
            state.records.extend(ing.records)
            story_ids = result.story_ids
        for sid in story_ids:
            if sid not in state.story_ids:
                state.story_ids.append(sid)
        _try_write(state, store, out)
        state.batches += 1
        log.info("batch %d: %d files, %d gone, %d stories", state.batches, len(ready), len(left), len(story_ids))
        if on_batch:
            on_batch(state)

    process_settled()
    for _changes in fs_watch(
        folder,
        stop_event=stop,
        rust_timeout=int(poll * 1000),
        yield_on_timeout=True,
        debounce=int(poll * 1000),
    ):
        if stop.is_set():
            break
        process_settled()
    return state


def _try_write(state: WatchState, store: SQLiteStore, out: Path) -> None:
    """Write the outputs; when the folder cannot be written (full disk, permissions), say so once and
    retry at every poll: the articles are stored already, so the watch goes on and loses nothing."""
    try:
        _write(state, store, out)
    except OSError as e:
        why = f"{e.strerror or e}"
        if state.unwritten != why:
            log.error("cannot write the report to %s (%s); stored articles are safe, retrying", out, why)
        state.unwritten = why
        return
    if state.unwritten is not None:
        log.info("report written to %s again", out)
    state.unwritten = None


def _write(state: WatchState, store: SQLiteStore, out: Path) -> None:
    ids = list(dict.fromkeys(store.resolve_story(s) for s in state.story_ids))
    state.story_ids = ids
    stories = [s for s in (store.get_story(i) for i in ids) if s]
    article_ids = [a for s in stories for a in s["articles"]]
    report = build_report(
        state.records,
        store.get_articles(article_ids),
        store.relations_for(article_ids),
        stories,
        store,
        gone=state.gone,
    )
    write_outputs(report, out)
