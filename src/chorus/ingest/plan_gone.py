"""Files that left a folder: what one pass over a folder (``chorus run DIR``, a ``chorus watch`` batch)
says about the files the store read from it before.

:func:`account_folder` compares a folder's plan (:func:`chorus.ingest.plan_inputs`) with the files
the store has read from it and logs, for each file no longer listed, ``removed`` or ``renamed`` to the
path that now holds the same bytes, and ``back`` for a file listed again. What the store and the
report then do with it (nothing is lost, nothing is silent) is in :mod:`chorus.store.files`.

A file is judged only where the plan could list its folder: a folder that cannot be read (permission
denied, an I/O error part-way), or a folder given that is not there at all, says nothing about the
files in it, which keep their state. Paths not read on purpose (hidden, partial, the run's output)
are not tracked: nothing was read from them.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from chorus.ingest.plan import EMPTY_FOLDER, Planned, Skipped, display_name
from chorus.store.files import FileEvent, KnownFile
from chorus.store.sqlite import SQLiteStore

__all__ = ["account_folder", "account_inputs", "folder_key", "under"]

log = logging.getLogger("chorus.ingest")


def folder_key(folder: str | Path) -> str:
    """A folder as the paths of its walk spell it (``./in/`` walks as ``in/...``)."""
    return display_name(str(Path(folder)))


def under(path: str, folder: str) -> bool:
    """Whether ``path`` (as a walk of ``folder`` spells it) lies inside ``folder``.

    >>> under("in/sub/a.txt", "in"), under("inbox/a.txt", "in"), under("a.txt", ".")
    (True, False, True)
    """
    if folder == ".":  # a walk of "." spells its paths without "./"
        return not os.path.isabs(path) and path != ".." and not path.startswith(".." + os.sep)
    return path.startswith(folder if folder.endswith(os.sep) else folder + os.sep)


def _prefix(folder: str) -> str | None:
    return None if folder == "." else folder if folder.endswith(os.sep) else folder + os.sep


def digest(path: str | Path) -> str:
    """The sha256 of a regular file's bytes (read in blocks: a WARC file may be large).

    Opened without blocking and checked to be a regular file once open, so a named pipe or a device
    put in a watched folder (or swapped in for a file between the check and the open) raises
    ``OSError`` instead of blocking the run forever.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        h = hashlib.sha256()
        with os.fdopen(fd, "rb", closefd=False) as f:
            while block := f.read(1 << 20):
                h.update(block)
        return h.hexdigest()
    finally:
        os.close(fd)


def account_folder(
    store: SQLiteStore,
    folder: str | Path,
    planned: Sequence[Planned],
    read: Iterable[str],
    *,
    hold: Callable[[KnownFile], bool] | None = None,
) -> list[FileEvent]:
    """Register the files of ``folder`` read in this pass and log what became of those it no longer holds.

    Args:
        store: the store.
        folder: the folder walked (as given).
        planned: the plan of this pass (entries of other inputs are ignored).
        read: the paths read in this pass (registered with their size, mtime and sha256).
        hold: files for which it returns True are not judged in this pass (``chorus watch``: a file of
            the same size is still settling, and may be this one renamed).

    Returns:
        The events logged, in path order: ``back`` for a file there again, then ``removed`` or
        ``renamed`` (to a path first read in this pass, or there again, with the same bytes; one of
        the same name first, in another subfolder).
    """
    key = folder_key(folder)
    mine = [e for e in planned if under(display_name(e.source), key) or display_name(e.source) == key]
    blind: list[str] = []
    present: set[str] = set()
    for e in mine:
        source = display_name(e.source)
        if e.rejected is None:
            present.add(source)
        elif isinstance(e.rejected, Skipped):
            present.add(source)  # there, but not read: it still holds the path
        elif e.rejected.reason != EMPTY_FOLDER:  # a folder (or the folder given) that cannot be listed
            blind.append(source)
    if key in blind:
        return []  # the folder given could not be listed: nothing to judge
    known = {p: k for p, k in store.known_files(_prefix(key)).items() if under(p, key)}
    seen: list[KnownFile] = []
    for raw in read:
        path = display_name(raw)
        if not under(path, key):
            continue
        try:
            st = os.stat(raw)
            if not stat.S_ISREG(st.st_mode):  # a named pipe or a device: never opened, never tracked
                continue
            # hashed at every reading, never taken from the store by size and mtime: a file rewritten in
            # place with its mtime restored (rsync -t, touch -r) would keep a stale hash, and a later
            # rename of it would be logged a removal. The reader has just read the same bytes, so the
            # second read comes from the page cache.
            sha = digest(raw)
        except OSError as e:  # gone again already: judged by the next pass
            log.info("%s: cannot be hashed (%s)", path, e.strerror or e)
            continue
        seen.append(KnownFile(path, st.st_size, st.st_mtime, sha, None))
    # read in this pass for the first time, or there again: what a file that left may have become
    fresh = {k.path: k for k in seen if k.path not in known or known[k.path].gone is not None}
    back = sorted(p for p, k in known.items() if k.gone is not None and p in present)
    left = [
        k
        for p, k in sorted(known.items())
        if k.gone is None
        and p not in present
        and not any(under(p, b) for b in blind)
        and not (hold is not None and hold(k))
    ]
    changed = [k for k in seen if k.path not in known or _sig(known[k.path]) != _sig(k)]
    events: list[FileEvent] = []
    if not (changed or back or left):
        return events  # nothing to write: no transaction (chorus watch asks at every poll; a re-run)
    with store.transaction():
        for k in changed:
            store.register_file(k.path, k.size, k.mtime, k.sha256)
        events += [store.file_event(p, "back") for p in back]
        taken: set[str] = set()
        for k in left:
            to = _renamed_to(k, fresh, taken)
            if to is not None:
                taken.add(to)
                events.append(store.file_event(k.path, "renamed", to))
                log.info("%s: renamed to %s", k.path, to)
            else:
                events.append(store.file_event(k.path, "removed"))
                log.info("%s: no longer in %s; its articles are kept", k.path, key)
    return events


def _sig(k: KnownFile) -> tuple[int, float, str]:
    return k.size, k.mtime, k.sha256


def _renamed_to(old: KnownFile, fresh: dict[str, KnownFile], taken: set[str]) -> str | None:
    """The path first read in this pass that holds ``old``'s bytes (one of the same file name first)."""
    if not old.sha256:
        return None
    same = sorted(p for p, k in fresh.items() if k.sha256 == old.sha256 and k.size == old.size and p not in taken)
    name = os.path.basename(old.path)
    return next((p for p in same if os.path.basename(p) == name), same[0] if same else None)


def account_inputs(store: SQLiteStore, inputs: Iterable[str], planned: Sequence[Planned]) -> list[FileEvent]:
    """:func:`account_folder` for every folder among ``inputs`` (``chorus run``): each registers the files
    of its walk that were read, and logs the files it no longer holds."""
    events: list[FileEvent] = []
    read = [e.source for e in planned if e.rejected is None and e.source != "-"]
    for given in dict.fromkeys(inputs):
        if given == "-":
            continue
        try:
            is_dir = Path(given).is_dir()
        except (OSError, ValueError):
            continue
        if is_dir:
            events += account_folder(store, given, planned, read)
    return events
