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


#: Deepest nesting accepted; deeper input is rejected before it can exhaust the stack later on.
MAX_DEPTH = 100


def _kind(value: Any) -> str:
    """A JSON value's type in plain words: ``null``, ``a number``, ``a list``..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _too_deep(value: Any) -> bool:
    """Whether a parsed JSON value nests more than :data:`MAX_DEPTH` levels (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(v, dict):
            stack.extend((x, depth + 1) for x in v.values() if isinstance(x, (dict, list)))
        elif isinstance(v, list):
            stack.extend((x, depth + 1) for x in v if isinstance(x, (dict, list)))
    return False


def _loads(text: str) -> Any:
    """``json.loads`` that raises ValueError("JSON nested too deeply ...") instead of RecursionError."""
    try:
        data = json.loads(text)
    except RecursionError:
        data = None
        deep = True
    else:
        deep = _too_deep(data)
    if deep:
        raise _TooDeep(f"JSON nested too deeply (more than {MAX_DEPTH} levels)")
    return data


class _TooDeep(ValueError):
    pass


def _decode_error(e: json.JSONDecodeError, where: str) -> str:
    # e.msg can already end in " at" ("Unterminated string starting at"): do not say it twice.
    return f"{e.msg} {where}" if e.msg.endswith(" at") else f"{e.msg} at {where}"


def record_to_document(rec: Any, source: str) -> Document | Rejected:
    """Map one JSON object to a Document, or a Rejected with the reason."""
    try:
        return _record_to_document(rec, source)
    except Exception as e:  # one odd record never stops the others; say what went wrong in one line
        return Rejected(source=source, stage="ingest", reason=f"JSON record could not be read: {e}")


def _record_to_document(rec: Any, source: str) -> Document | Rejected:
    if not isinstance(rec, dict):
        return Rejected(source=source, stage="ingest", reason=f"JSON record is {_kind(rec)}, not an object")
    text = _first(rec, _TEXT)
    if text is None:
        return Rejected(source=source, stage="ingest", reason="JSON record has no text field (text/content/body)")
    if not isinstance(text, str):
        field = next(k for k in _TEXT if rec.get(k) not in (None, ""))
        return Rejected(
            source=source, stage="ingest", reason=f"JSON text field {field!r} is {_kind(text)}, not a string"
        )
    if not text.strip():
        return Rejected(source=source, stage="ingest", reason="JSON record has no text field (text/content/body)")
    published = parse_date(_first(rec, _DATE))
    outlet = _first(rec, _OUTLET)
    if outlet is None and isinstance(rec.get("source"), str) and not rec["source"].startswith(("/", ".")):
        outlet = rec["source"]
    ignored: list[str] = []
    metadata = {k: v for k, v in rec.items() if k not in _KNOWN}
    ident = rec.get("id")
    doc = Document(
        source=source,
        text=text,
        title=_string("title", rec.get("title"), ignored),
        outlet=_string("outlet", outlet, ignored),
        url=_string("url", rec.get("url"), ignored),
        published=published,
        language=_string("language", rec.get("language") or rec.get("lang"), ignored),
        external_id=str(ident) if isinstance(ident, (str, int)) and not isinstance(ident, bool) else None,
        metadata=metadata,
    )
    if ident is not None and doc.external_id is None:
        ignored.append(f"id: {_kind(ident)}, not a string or number")
    if ignored:  # said, not silently turned into "['a', 'b']" titles
        metadata["ignored_fields"] = ignored
    return doc


def _string(name: str, value: Any, ignored: list[str]) -> str | None:
    """A text field's value; any other JSON type is left out and noted (a list title, a numeric outlet)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    ignored.append(f"{name}: {_kind(value)}, not a string")
    return None


def read_jsonl(lines: Iterable[str], source: str) -> Iterator[Document | Rejected]:
    """Documents from JSON Lines; each line is one record, sourced as ``<source>#L<n>``."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}#L{n}"
        try:
            rec = _loads(line)
        except json.JSONDecodeError as e:
            yield Rejected(
                source=where, stage="ingest", reason=f"malformed JSON line: {_decode_error(e, f'column {e.colno}')}"
            )
            continue
        except _TooDeep as e:
            yield Rejected(source=where, stage="ingest", reason=str(e))
            continue
        yield record_to_document(rec, where)


def read_json(text: str, source: str) -> Iterator[Document | Rejected]:
    """Documents from a JSON array (or a single object, or ``{"articles": [...]}``)."""
    try:
        data = _loads(text)
    except json.JSONDecodeError as e:
        where = f"line {e.lineno}, column {e.colno}"
        yield Rejected(source=source, stage="ingest", reason=f"malformed JSON: {_decode_error(e, where)}")
        return
    except _TooDeep as e:
        yield Rejected(source=source, stage="ingest", reason=str(e))
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
