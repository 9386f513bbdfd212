"""Plain-text reader: an optional first line `` date YYYY-MM-DD`` (leading space tolerated), and an
optional line that is only the article's URL (as saved by many scrapers) before the text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from chorus.model import Document, Rejected

_URL_LINE = re.compile(r"\A\s*(https?://[^\s<>\"']{4,2000})[ \t]*(?:\r?\n|\Z)", re.IGNORECASE)
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
    url = None
    m = _URL_LINE.match(body)
    if m and body[m.end() :].strip():  # a URL line before the text is the article's address, not its title
        url, body = m.group(1), body[m.end() :]
    yield Document(source=source, text=body, published=published, url=url, metadata=meta)
