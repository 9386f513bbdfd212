"""Readers: turn inputs (files, folders, standard input) into Documents or Rejected records.

Formats are sniffed from content first, the file extension only breaking ties: WARC (plain or
gzipped), JSON Lines, JSON arrays, RSS/Atom, HTML and plain text. Single-article formats are
limited to ``max_file_bytes`` (checked before reading, so memory stays bounded); container
formats (JSONL, WARC) are streamed record by record with a per-record limit instead.

Every input yields at least one item: a Document, or a Rejected with a one-line reason. Which paths
of a folder are read is decided in :mod:`chorus.ingest.plan`, for every entry point.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import logging
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from chorus.ingest.decode import NotText, decode, sniff_binary
from chorus.ingest.feeds import read_feed
from chorus.ingest.html import read_html
from chorus.ingest.jsonl import read_json, read_jsonl
from chorus.ingest.plan import Planned, Skipped, display_name, excluded, plan_inputs, rejection_fingerprint
from chorus.ingest.text import read_text
from chorus.ingest.warc import read_warc_fingerprinted
from chorus.model import Document, Rejected

__all__ = ["Item", "Planned", "ReadConfig", "Skipped", "excluded", "plan_inputs", "read_inputs", "sniff"]

log = logging.getLogger("chorus")

Format = Literal["warc", "jsonl", "json", "feed", "html", "text"]
_HEAD = 65536


@dataclass(frozen=True, slots=True)
class ReadConfig:
    """Limits for reading inputs.

    Attributes:
        max_file_bytes: largest single-article file (text, HTML, JSON, feed) read; larger ones are
            rejected without being loaded.
        max_record_bytes: largest JSONL line or WARC record.
    """

    max_file_bytes: int = 20 * 1024 * 1024
    max_record_bytes: int = 5 * 1024 * 1024

    def __post_init__(self) -> None:
        from chorus.errors import ConfigError

        if self.max_file_bytes < 1024 or self.max_record_bytes < 1024:
            raise ConfigError("ingest limits must be at least 1024 bytes (ingest.max_file_mb, ingest.max_record_mb)")


@dataclass(frozen=True, slots=True)
class Item:
    """One thing read: a Document or a Rejected (a :class:`Skipped` for a path not read), with the
    fingerprint of the bytes it came from and its name relative to the folder given (when known)."""

    result: Document | Rejected
    fingerprint: str
    note: str | None = None
    name: str | None = None


def sniff(head: bytes, name: str = "") -> Format:
    """Guess the format of an input from its first bytes (and its name only to break ties).

    >>> sniff(b'{"text": "x"}\\n{"text": "y"}\\n')
    'jsonl'
    >>> sniff(b"<rss version='2.0'><channel>")
    'feed'
    """
    lower = name.lower()
    if head.startswith(b"WARC/") or (head.startswith(b"\x1f\x8b") and ".warc" in lower):
        return "warc"
    if head.startswith(b"\x1f\x8b"):
        try:
            if gzip.GzipFile(fileobj=io.BytesIO(head)).read(5) == b"WARC/":
                return "warc"
        except (OSError, EOFError):
            pass
    try:
        text = decode(head[:4096]).text
    except NotText:
        text = head[:4096].decode("utf-8", "ignore")
    start = text.lstrip("\ufeff \t\r\n")[:2048]
    low = start.lower()
    if start.startswith("{"):
        first = start.split("\n", 1)[0].strip()
        if first.endswith("}") or lower.endswith((".jsonl", ".ndjson")):
            return "jsonl"
        return "json"
    if start.startswith("["):
        return "json"
    if low.startswith("<?xml") or low.startswith("<rss") or low.startswith("<feed") or low.startswith("<rdf"):
        if "<rss" in low or "<feed" in low or "<rdf:rdf" in low or "<channel" in low:
            return "feed"
        return "html"
    if low.startswith(("<!doctype html", "<html", "<head", "<body", "<div", "<article", "<p>", "<!--")):
        return "html"
    if lower.endswith((".html", ".htm", ".xhtml")) and "<" in low:
        return "html"
    if lower.endswith((".rss", ".atom")):
        return "feed"
    return "text"


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _reject(source: str, reason: str, fp: str = "") -> Item:
    fp = fp or _fingerprint(source.encode("utf-8", "surrogateescape"))  # a file name need not be UTF-8
    return Item(Rejected(source=source, stage="ingest", reason=reason), fp)


def _read_stream(name: str, stream: BinaryIO, size: int | None, cfg: ReadConfig) -> Iterator[Item]:
    head = stream.read(_HEAD)
    if not head.strip():
        yield _reject(name, "empty file" if not head else "file holds only white space", _fingerprint(head))
        return
    binary = sniff_binary(head)
    fmt = sniff(head, name)
    if binary and fmt != "warc":
        yield _reject(name, f"binary file: looks like {binary}", _fingerprint(head))
        return
    if fmt == "warc":
        stream.seek(0)
        # Fingerprinted by target URL, capture date and payload, not by name: a second capture of
        # a URL, or a re-crawled file under the same name, is new input.
        for doc, fp in read_warc_fingerprinted(stream, name, cfg.max_record_bytes):
            yield Item(doc, fp)
        return
    if fmt == "jsonl":
        yield from _read_jsonl_stream(name, head, stream, cfg)
        return
    if size is not None and size > cfg.max_file_bytes:
        yield _reject(
            name,
            f"file too large: {size / 2**20:.1f} MB is over the {cfg.max_file_bytes / 2**20:g} MB limit for one "
            "article (raise ingest.max_file_mb, or split it into JSONL)",
            _fingerprint(head),
        )
        return
    rest = stream.read(cfg.max_file_bytes + 1 - len(head))
    data = head + rest
    if len(data) > cfg.max_file_bytes:
        yield _reject(name, f"input too large: over the {cfg.max_file_bytes / 2**20:g} MB limit", _fingerprint(head))
        return
    fp = _fingerprint(data)
    try:
        decoded = decode(data)
    except NotText as e:
        yield _reject(name, str(e), fp)
        return
    text = decoded.text
    if not text.strip():
        yield _reject(name, "file holds only white space", fp)
        return
    note = decoded.note
    if decoded.encoding not in ("utf-8", "ascii"):
        note = "; ".join(x for x in (note, f"decoded as {decoded.encoding}") if x)
    reader: Iterable[Document | Rejected]
    if fmt == "json":
        reader = read_json(text, name)
    elif fmt == "feed":
        reader = read_feed(text, name)
    elif fmt == "html":
        reader = read_html(text, name)
    else:
        reader = read_text(text, name)
    try:
        for doc in reader:
            sub = fp if doc.source == name else _fingerprint(fp.encode() + doc.source.encode())
            yield Item(doc, sub, note)
    except RecursionError:
        yield _reject(name, "nested too deeply to read", fp)
    except Exception as e:  # a reader bug or an input it cannot handle rejects this input only
        yield _reject(name, f"{fmt} input could not be read: {str(e).strip() or type(e).__name__}", fp)


def _read_jsonl_stream(name: str, head: bytes, stream: BinaryIO, cfg: ReadConfig) -> Iterator[Item]:
    def lines() -> Iterator[tuple[int, bytes]]:
        buf = head
        n = 0
        while True:
            nl = buf.find(b"\n")
            if nl >= 0:
                n += 1
                yield n, buf[:nl]
                buf = buf[nl + 1 :]
                continue
            chunk = stream.read(_HEAD)
            if not chunk:
                if buf:
                    yield n + 1, buf
                return
            buf += chunk
            if len(buf) > cfg.max_record_bytes and b"\n" not in buf:
                # Skip the rest of an oversized line without keeping it in memory.
                n += 1
                yield n, b"\x00TOOLONG"
                while True:
                    chunk = stream.read(_HEAD)
                    if not chunk:
                        return
                    nl = chunk.find(b"\n")
                    if nl >= 0:
                        buf = chunk[nl + 1 :]
                        break

    for n, raw in lines():
        where = f"{name}#L{n}"
        if raw == b"\x00TOOLONG":
            yield _reject(where, f"JSON line longer than {cfg.max_record_bytes} bytes")
            continue
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as e:
            yield _reject(where, f"JSON line is not valid UTF-8 (byte {e.start})", _fingerprint(raw))
            continue
        try:
            docs = list(read_jsonl([line], name))
        except RecursionError:
            docs = [Rejected(source=where, stage="ingest", reason="JSON nested too deeply")]
        except Exception as e:  # one line that trips the reader rejects that line only
            docs = [Rejected(source=where, stage="ingest", reason=f"JSON line could not be read: {e}")]
        for doc in docs:
            if isinstance(doc, Rejected):
                yield Item(Rejected(source=where, stage=doc.stage, reason=doc.reason), _fingerprint(raw))
            else:
                yield Item(_with_source(doc, where), _fingerprint(raw))


def _with_source(doc: Document, source: str) -> Document:
    import dataclasses

    return dataclasses.replace(doc, source=source)


def read_inputs(
    inputs: Iterable[str], cfg: ReadConfig | None = None, *, exclude: Mapping[Path, str] | None = None
) -> Iterator[Item]:
    """Read every input (file, folder read recursively, or ``-`` for standard input).

    Never raises for a bad input: each problem becomes a Rejected item and the batch continues. A path
    of a folder that is deliberately not read (:func:`~chorus.ingest.plan.plan_inputs`: hidden, partial,
    in ``exclude``, a symbolic link out of the folder) is a :class:`Skipped` item with its reason.
    """
    cfg = cfg or ReadConfig()
    for entry in plan_inputs(inputs, exclude):
        if entry.rejected is not None:
            yield planned_item(entry)
        elif entry.source == "-":
            yield from named(guarded(entry.source, _read_stream("<stdin>", sys.stdin.buffer, None, cfg)), entry)
        else:
            yield from named(guarded(entry.source, _read_path(Path(entry.source), cfg)), entry)


def planned_item(entry: Planned) -> Item:
    """The item of a path that is not read (``entry.rejected``)."""
    assert entry.rejected is not None
    return Item(entry.rejected, rejection_fingerprint(entry.rejected), name=entry.name)


def named(items: Iterable[Item], entry: Planned) -> Iterator[Item]:
    """``items`` read from ``entry``, each named relative to the folder given (record suffix kept)."""
    base = (entry.source, str(Path(entry.source))) if entry.source != "-" else ("<stdin>",)
    for item in items:
        if entry.name is not None:
            src = item.result.source
            suffix = next((src[len(b) :] for b in base if src.startswith(b)), "")
            item = dataclasses.replace(item, name=entry.name + suffix)
        yield item


def guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """``items`` of one input; an exception from a reader becomes a Rejected item, never escapes."""
    n = 0
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as e:  # one bad input never stops the batch (RecursionError, MemoryError ...)
            log.warning("reading %s failed: %s: %s", display_name(source), type(e).__name__, short(e))
            log.debug("traceback", exc_info=True)
            after = f" (after {n} records of it were read)" if n else ""
            reason = f"internal error while reading: {type(e).__name__}: {short(e)}{after}"
            fp = hashlib.sha256(f"{source}\0{reason}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
            yield Item(Rejected(source=source, stage="ingest", reason=reason), fp)
            return
        n += 1
        yield item


def short(e: BaseException, limit: int = 200) -> str:
    """An exception's message on one line, at most ``limit`` characters."""
    text = " ".join(str(e).split())
    return text[:limit] + ("…" if len(text) > limit else "")


def _read_path(path: Path, cfg: ReadConfig) -> Iterator[Item]:
    name = str(path)
    try:
        if not path.exists():
            yield _reject(name, "no such file or directory")
            return
        if not path.is_file():
            yield _reject(name, "not a regular file")
            return
        size = path.stat().st_size
        with path.open("rb") as fh:
            yield from _read_stream(name, fh, size, cfg)
    except PermissionError:
        yield _reject(name, "permission denied: the file cannot be read")
    except OSError as e:
        yield _reject(name, f"cannot be read: {e.strerror or e}")
