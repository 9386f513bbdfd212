"""JSON Lines and JSON array reader.

Fields: ``id, url, outlet, published, title, text, language``; a few common aliases are accepted
(``content``/``body`` for text, ``date``/``published_at`` for published, ``source``/``site`` for outlet);
unknown fields are kept as metadata. One malformed line is rejected on its own; good lines are kept.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from chorus.model import Document, Rejected

_TEXT = ("text", "content", "body", "maintext", "article")
_DATE = ("published", "date", "published_at", "pubdate", "date_publish")
_OUTLET = ("outlet", "site", "sitename", "source_name", "publisher")
_KNOWN = {"id", "url", "title", "language", "lang", *_TEXT, *_DATE, *_OUTLET}


def _first(rec: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        if rec.get(k) not in (None, ""):
            return rec[k]
    return None


def parse_date(value: Any) -> dt.date | None:
    """An ISO-ish date or datetime string to a date; None when absent or unparseable."""
    if value in (None, ""):
        return None
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(s, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None


def record_to_document(rec: Any, source: str) -> Document | Rejected:
    """Map one JSON object to a Document, or a Rejected with the reason."""
    if not isinstance(rec, dict):
        return Rejected(source=source, stage="ingest", reason=f"JSON record is a {type(rec).__name__}, not an object")
    text = _first(rec, _TEXT)
    if not isinstance(text, str) or not text.strip():
        return Rejected(source=source, stage="ingest", reason="JSON record has no text field (text/content/body)")
    published = parse_date(_first(rec, _DATE))
    outlet = _first(rec, _OUTLET)
    if outlet is None and isinstance(rec.get("source"), str) and not rec["source"].startswith(("/", ".")):
        outlet = rec["source"]
    title = rec.get("title")
    return Document(
        source=source,
        text=text,
        title=str(title) if title else None,
        outlet=str(outlet) if outlet else None,
        url=str(rec["url"]) if rec.get("url") else None,
        published=published,
        language=str(rec.get("language") or rec.get("lang") or "") or None,
        external_id=str(rec["id"]) if rec.get("id") is not None else None,
        metadata={k: v for k, v in rec.items() if k not in _KNOWN},
    )


def read_jsonl(lines: Iterable[str], source: str) -> Iterator[Document | Rejected]:
    """Documents from JSON Lines; each line is one record, sourced as ``<source>#L<n>``."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}#L{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejected(source=where, stage="ingest", reason=f"malformed JSON line: {e.msg} at column {e.colno}")
            continue
        yield record_to_document(rec, where)


def read_json(text: str, source: str) -> Iterator[Document | Rejected]:
    """Documents from a JSON array (or a single object, or ``{"articles": [...]}``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield Rejected(source=source, stage="ingest", reason=f"malformed JSON: {e.msg} at line {e.lineno}")
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        yield record_to_document(data, source)
        return
    if not isinstance(data, list):
        yield Rejected(source=source, stage="ingest", reason="JSON holds neither an object nor an array of articles")
        return
    for i, rec in enumerate(data):
        yield record_to_document(rec, f"{source}#{i}")
