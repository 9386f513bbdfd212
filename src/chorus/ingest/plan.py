"""What an input expands to: the one place that decides which paths are read and which are not, and why.

Every entry point (``chorus run`` and ``watch``, the Spark runner, :func:`chorus.ingest.read_inputs`
and :func:`chorus.pipeline.read_articles`) reads through :func:`plan_inputs`, so all of them account
for every path the same way: a file to read, or a :class:`Skipped` (hidden, partial, the run's own
output or store, a symbolic link out of the folder) or a :class:`~chorus.model.Rejected` (a folder
that cannot be listed or holds no files) with its reason.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from chorus.model import Rejected

__all__ = ["Planned", "Skipped", "display_name", "excluded", "plan_inputs", "rejection_fingerprint"]

EMPTY_FOLDER = "folder holds no files"
OUTSIDE = "symbolic link to a path outside the folder given: not followed"
_SKIP_SUFFIXES = (".db", ".db-wal", ".db-shm", ".db-journal", ".part", ".tmp", "~")


@dataclass(frozen=True, slots=True)
class Skipped(Rejected):
    """A path deliberately not read (hidden, partial, excluded, a link out of the folder), and why.

    A kind of Rejected, so that a caller that only knows Rejected still sees that the path gave no
    article, and why; the pipeline logs it as ``skipped``.

    ``target``: where a symbolic link skipped for pointing out of the folder leads. It is kept out of
    ``reason``, which is logged in the store and shown by the open API: a reason never names a path
    other than the input's own.

    >>> Skipped(source="in/.DS_Store", stage="ingest", reason="hidden file").reason
    'hidden file'
    """

    target: str | None = None


def skip(source: str | Path, reason: str, target: str | Path | None = None) -> Skipped:
    """A :class:`Skipped` for ``source`` (``target``: where a link leads, see :class:`Skipped`)."""
    return Skipped(source=str(source), stage="ingest", reason=reason, target=None if target is None else str(target))


@dataclass(frozen=True, slots=True)
class Planned:
    """One entry of :func:`plan_inputs`.

    Attributes:
        source: the path to read (``-`` for standard input), or the path not read.
        name: the path relative to the folder given (a file given by name: its file name); None for
            standard input. What the HTTP API shows instead of a server path.
        rejected: why the path is not read (a :class:`Skipped`, or a folder that cannot be read);
            None when it is to be read.
    """

    source: str
    name: str | None
    rejected: Rejected | None = None


def display_name(name: str) -> str:
    r"""``name`` safe to store and print: bytes of a file name that are not UTF-8 become ``\xNN``.

    Undecodable bytes of file names reach Python as lone surrogates (``surrogateescape``), which
    SQLite, JSON files and the terminal cannot encode; ``in/bad\xff.txt`` is what is stored and shown.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def rejection_fingerprint(rejected: Rejected) -> str:
    """The fingerprint a path not read is logged under: by its reason (a skip) or its name."""
    if isinstance(rejected, Skipped):
        return "skip:" + hashlib.sha256(rejected.reason.encode("utf-8", "backslashreplace")).hexdigest()[:11]
    return hashlib.sha256(rejected.source.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def excluded(path: str | Path, exclude: Mapping[Path, str]) -> str | None:
    """The reason ``path`` is excluded (``exclude``: resolved path -> reason), by its absolute path or
    the path a link resolves to; None when it is not."""
    return exclude.get(Path(os.path.abspath(path))) or exclude.get(Path(os.path.realpath(path)))


def plan_inputs(inputs: Iterable[str], exclude: Mapping[Path, str] | None = None) -> Iterator[Planned]:
    """Expand inputs into the files to read and the paths not read, with reasons, in walk order.

    Files and ``-`` given by name are passed on as they are (a symbolic link given by name is
    followed: the user chose it), except paths in ``exclude`` (resolved path -> reason: the run's
    own output folder and store). Folders are walked by :func:`walk`. Never raises for a path: one
    that cannot be looked at (permission denied on a folder above it, a name too long) is rejected
    as ``cannot be read: <why>``, and a folder whose walk fails part-way is rejected for the rest,
    so the batch (and ``chorus watch``) goes on with the next input.

    >>> [p.source for p in plan_inputs(["-"])]
    ['-']
    >>> [p.rejected.reason for p in plan_inputs(["a" * 300])]
    ['cannot be read: File name too long']
    """
    exclude = exclude or {}
    for given in inputs:
        if given == "-":
            yield Planned(given, None)
            continue
        path = Path(given)
        name = path.name or given
        try:
            reason = excluded(path, exclude)
            is_dir = reason is None and path.is_dir()
        except (OSError, ValueError) as e:  # EACCES, ENAMETOOLONG (Python 3.11 raises them), a NUL byte
            yield Planned(given, name, _rejected(given, f"cannot be read: {_why(e)}"))
            continue
        if reason:
            yield Planned(given, name, skip(given, reason))
        elif is_dir:
            try:
                yield from walk(path, exclude, given)
            except (OSError, ValueError) as e:  # a safety net: walk handles what it knows of itself
                yield Planned(given, name, _rejected(given, f"folder cannot be read: {_why(e)}"))
        else:
            yield Planned(given, name)


def walk(folder: Path, exclude: Mapping[Path, str] | None = None, given: str | None = None) -> Iterator[Planned]:
    """The files to read under ``folder``, sorted, and the paths not read, each with its reason.

    Not read: hidden files and folders (name starts with ``.``), names of partial or temporary files
    and databases (``.tmp``, ``.part``, ``~``, ``.db`` and its ``-wal``/``-shm``/``-journal``),
    paths in ``exclude``, and symbolic links: a link to a file inside ``folder`` is followed (its
    target is read under the link's name, usually a duplicate of the target), a link to anything
    outside ``folder``, a link to a folder (never descended, so no loops) and a broken link are
    skipped, as is a link whose target cannot be looked at (permission denied, a name too long),
    with the reason. A folder that cannot be listed, and a folder that holds nothing, are rejected.
    """
    exclude = exclude or {}
    given = given if given is not None else str(folder)
    root_real = Path(os.path.realpath(folder))
    errors: list[OSError] = []
    n = 0

    def rel(p: Path) -> str:
        return os.path.relpath(p, folder)

    def unreadable() -> Iterator[Planned]:
        while errors:
            e = errors.pop(0)
            where = str(e.filename) if e.filename else given
            name = rel(Path(where)) if where != given else (folder.name or given)
            yield Planned(where, name, _rejected(where, f"folder cannot be read: {e.strerror or e}"))

    for root, dirs, files in os.walk(folder, onerror=errors.append):
        for entry in unreadable():
            n += 1
            yield entry
        keep = []
        for d in sorted(dirs):
            p = Path(root) / d
            if reason := excluded(p, exclude):
                why = reason
            elif d.startswith("."):
                why = "hidden folder (name starts with '.'): not read"
            elif os.path.islink(p):
                why = "symbolic link to a folder: not followed"
            else:
                keep.append(d)
                continue
            n += 1
            yield Planned(str(p), rel(p), skip(p, why))
        dirs[:] = keep
        for f in sorted(files):
            p = Path(root) / f
            n += 1
            if reason := (excluded(p, exclude) or _not_read(p, f, root_real, exclude)):
                target = os.path.realpath(p) if reason == OUTSIDE else None  # kept out of the reason
                yield Planned(str(p), rel(p), skip(p, reason, target))
            else:
                yield Planned(str(p), rel(p))
    for entry in unreadable():  # the last folder, or the folder given itself, could not be listed
        n += 1
        yield entry
    if n == 0:
        yield Planned(given, folder.name or given, _rejected(given, EMPTY_FOLDER))


def _rejected(source: str, reason: str) -> Rejected:
    return Rejected(source=source, stage="ingest", reason=reason)


def _why(e: OSError | ValueError) -> str:
    """What went wrong, without the path (an OSError's strerror)."""
    return (e.strerror if isinstance(e, OSError) else None) or str(e)


def _not_read(p: Path, name: str, root_real: Path, exclude: Mapping[Path, str]) -> str | None:
    """Why the file ``p`` (named ``name``) in a folder is not read, or None."""
    if name.startswith("."):
        return "hidden file (name starts with '.'): not read"
    if name.endswith(_SKIP_SUFFIXES):
        kind = "a database file" if ".db" in name else "a partial or temporary file"
        return f"name ends with {next(s for s in _SKIP_SUFFIXES if name.endswith(s))!r} ({kind}): not read"
    if os.path.islink(p):
        target = Path(os.path.realpath(p))
        try:
            if not target.exists():
                return "broken symbolic link: not read"
        except OSError as e:  # EACCES, ENAMETOOLONG: Python 3.11's exists() raises them
            return f"symbolic link that cannot be followed ({_why(e)}): not read"
        if target != root_real and root_real not in target.parents:
            return OUTSIDE
        return excluded(target, exclude)
    return None
