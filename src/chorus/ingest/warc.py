"""WARC reader via warcio: every successful (2xx) HTML response record becomes a document; a
redirect or an error response is rejected with its status.

Each result comes with a fingerprint of what it was read from (target URL, capture date and
payload), so a second capture of the same URL with new content, or a re-crawled file under the
same name, is read again; the same capture read twice is recognised.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from chorus.ingest.decode import NotText, decode
from chorus.ingest.html import read_html
from chorus.model import Document, Rejected

_CHUNK = 1 << 16


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()[:16]


def read_warc(stream: BinaryIO, source: str, max_record_bytes: int) -> Iterator[Document | Rejected]:
    """Documents from a (possibly gzipped) WARC stream, one per HTML response record."""
    for result, _ in read_warc_fingerprinted(stream, source, max_record_bytes):
        yield result


def read_warc_fingerprinted(
    stream: BinaryIO, source: str, max_record_bytes: int
) -> Iterator[tuple[Document | Rejected, str]]:
    """Like :func:`read_warc`, each result paired with a fingerprint of the record it came from."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    truncated: str | None = None
    problem: str | None = None
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            date = record.rec_headers.get_header("WARC-Date") or ""
            where = f"{source}#{url or n}"
            key = [(url or "").encode(), date.encode()]
            status = _status(record)
            if status is not None and not 200 <= status < 300:  # a redirect or error page is no article
                rid = record.rec_headers.get_header("WARC-Record-ID") or str(n)
                yield (
                    Rejected(source=where, stage="ingest", reason=_status_reason(status, record)),
                    _digest(*key, rid.encode()),
                )
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                rid = record.rec_headers.get_header("WARC-Record-ID") or str(n)
                reason = f"WARC response is not HTML ({ctype or 'no type'})"
                yield Rejected(source=where, stage="ingest", reason=reason), _digest(*key, rid.encode())
                continue
            body = record.content_stream().read(max_record_bytes + 1)
            fp = _digest(*key, body)
            if len(body) > max_record_bytes:
                reason = f"WARC record larger than {max_record_bytes} bytes"
                yield Rejected(source=where, stage="ingest", reason=reason), fp
                continue
            left = getattr(record.raw_stream, "limit", 0)
            if isinstance(left, int) and left > 0 and not record.raw_stream.read(1):
                truncated = f"record {n} ({url}) stops {left} bytes short of its declared length"
                reason = f"truncated WARC: {truncated}"
                yield Rejected(source=where, stage="ingest", reason=reason), fp
                break
            try:
                html = decode(body).text
            except NotText as e:
                yield Rejected(source=where, stage="ingest", reason=str(e)), fp
                continue
            for doc in read_html(html, where, url=url):
                yield doc, fp
    except ArchiveLoadFailed as e:
        problem = f"malformed WARC: {str(e).strip() or type(e).__name__}"
    except (OSError, EOFError, zlib.error) as e:
        problem = f"truncated or unreadable WARC: {e}"
    except Exception as e:  # warcio fails in assorted ways on a record cut inside its headers
        problem = f"malformed WARC: a record after the first {n} response records is cut off or damaged ({e})"
    gz = _gzip_problem(stream, n)
    if gz:
        if truncated is None:
            yield Rejected(source=source, stage="ingest", reason=gz), _digest(source.encode(), gz.encode())
        return
    if problem:
        yield Rejected(source=source, stage="ingest", reason=problem), _digest(source.encode(), problem.encode())
    elif n == 0:
        yield Rejected(source=source, stage="ingest", reason="WARC holds no response records"), _digest(source.encode())


def _status(record: Any) -> int | None:
    """The HTTP status code of a response record, or None when it has none that can be read."""
    try:
        code = record.http_headers.get_statuscode() if record.http_headers else None
        return int(code) if code else None
    except (TypeError, ValueError):
        return None


def _status_reason(status: int, record: Any) -> str:
    if 300 <= status < 400:
        to = record.http_headers.get_header("Location") or "no location given"
        return f"WARC response is an HTTP {status} redirect (to {to[:120]}), not an article"
    return f"WARC response is HTTP {status}, not an article page"


def _gzip_problem(stream: BinaryIO, responses: int) -> str | None:
    """A one-line reason when a gzipped stream is cut off or corrupt, or None when it is whole.

    warcio stops quietly at the end of a cut-off gzip member, so this re-reads the compressed bytes.
    """
    try:
        stream.seek(0)
        if stream.read(2) != b"\x1f\x8b":
            return None
        stream.seek(0)
    except (OSError, ValueError):
        return None
    members = 0
    buf = b""
    d = None
    try:
        while True:
            if not buf:
                buf = stream.read(_CHUNK)
                if not buf:
                    break
            if d is None:
                d = zlib.decompressobj(31)
            d.decompress(buf, 1 << 20)  # output is not kept: only whether each member ends
            if d.eof:
                members += 1
                buf, d = d.unused_data, None
            else:
                buf = d.unconsumed_tail
    except zlib.error as e:
        return (
            f"corrupt gzip: {e} in gzip member {members + 1}, near byte {stream.tell()} ({_read(members, responses)})"
        )
    if d is not None:
        return (
            f"truncated gzip: the file stops at byte {stream.tell()} inside gzip member {members + 1} "
            f"({_read(members, responses)}); the download or copy was probably cut short"
        )
    return None


def _read(members: int, responses: int) -> str:
    def n(k: int, what: str) -> str:
        return f"{k} {what}{'' if k == 1 else 's'}"

    return f"{n(members, 'complete member')} and {n(responses, 'response record')} read before it"


def read_warc_bytes(data: bytes, source: str, max_record_bytes: int) -> Iterator[Document | Rejected]:
    """Same as :func:`read_warc` for bytes already in memory."""
    return read_warc(io.BytesIO(data), source, max_record_bytes)
