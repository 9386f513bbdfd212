"""Plain-text reader: an optional first line `` date YYYY-MM-DD`` (leading space tolerated)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from chorus.model import Document, Rejected

_DATE_HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t:]+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)


def parse_date_header(text: str) -> tuple[dt.date | None, str, str | None]:
    """Split a leading `` date YYYY-MM-DD`` header off ``text``.

    Returns (date or None, the rest of the text, a note when the header is present but invalid).

    >>> parse_date_header(" date 2025-12-24 Putin met...")[:2]
    (datetime.date(2025, 12, 24), 'Putin met...')
    """
    m = _DATE_HEADER.match(text)
    if not m:
        return None, text, None
    try:
        return dt.date.fromisoformat(m.group(1)), text[m.end() :], None
    except ValueError:
        return None, text[m.end() :], f"invalid date header {m.group(1)!r} ignored"


def read_text(text: str, source: str) -> Iterator[Document | Rejected]:
    """One document from plain text."""
    published, body, note = parse_date_header(text)
    meta = {"date_header_note": note} if note else {}
    yield Document(source=source, text=body, published=published, metadata=meta)
