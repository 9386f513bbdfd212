"""WARC reader via warcio: every HTML response record becomes a document."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

from chorus.ingest.decode import NotText, decode
from chorus.ingest.html import read_html
from chorus.model import Document, Rejected


def read_warc(stream: BinaryIO, source: str, max_record_bytes: int) -> Iterator[Document | Rejected]:
    """Documents from a (possibly gzipped) WARC stream, one per HTML response record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            n += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{url or n}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                yield Rejected(source=where, stage="ingest", reason=f"WARC response is not HTML ({ctype or 'no type'})")
                continue
            body = record.content_stream().read(max_record_bytes + 1)
            if len(body) > max_record_bytes:
                yield Rejected(source=where, stage="ingest", reason=f"WARC record larger than {max_record_bytes} bytes")
                continue
            try:
                html = decode(body).text
            except NotText as e:
                yield Rejected(source=where, stage="ingest", reason=str(e))
                continue
            yield from read_html(html, where, url=url)
    except ArchiveLoadFailed as e:
        yield Rejected(source=source, stage="ingest", reason=f"malformed WARC: {e}")
    except (OSError, EOFError) as e:
        yield Rejected(source=source, stage="ingest", reason=f"truncated or unreadable WARC: {e}")
    if n == 0:
        yield Rejected(source=source, stage="ingest", reason="WARC holds no response records")


def read_warc_bytes(data: bytes, source: str, max_record_bytes: int) -> Iterator[Document | Rejected]:
    """Same as :func:`read_warc` for bytes already in memory."""
    return read_warc(io.BytesIO(data), source, max_record_bytes)
