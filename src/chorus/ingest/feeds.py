"""RSS and Atom reader via feedparser: one document per entry (full content when the feed has it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from chorus.model import Document, Rejected


def _entry_date(entry: object) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = getattr(entry, key, None) or (entry.get(key) if isinstance(entry, dict) else None)
        if t:
            try:
                return dt.date(t.tm_year, t.tm_mon, t.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def _html_to_text(value: str) -> str:
    if "<" not in value:
        return value
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{value}</div>")
    except Exception:  # lxml raises several error types on broken fragments
        return value
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = [el.text_content().strip() for el in root.iter("p", "li", "h1", "h2", "h3", "blockquote")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else root.text_content().strip()


def read_feed(text: str, source: str) -> Iterator[Document | Rejected]:
    """Documents from an RSS or Atom feed; each entry is sourced as ``<source>#<n>``."""
    import feedparser

    parsed = feedparser.parse(text)
    outlet = parsed.feed.get("title") if parsed.get("feed") else None
    if not parsed.entries:
        reason = "feed has no entries"
        if parsed.get("bozo"):
            reason = f"malformed feed: {parsed.get('bozo_exception')}"
        yield Rejected(source=source, stage="ingest", reason=reason)
        return
    for i, e in enumerate(parsed.entries):
        where = f"{source}#{i}"
        body = ""
        if e.get("content"):
            body = max((c.get("value", "") for c in e.content), key=len)
        if not body:
            body = e.get("summary", "") or e.get("description", "")
        body = _html_to_text(body)
        if not body.strip():
            yield Rejected(source=where, stage="ingest", reason="feed entry has no text (title only)")
            continue
        yield Document(
            source=where,
            text=body,
            title=e.get("title") or None,
            outlet=outlet,
            url=e.get("link") or None,
            published=_entry_date(e),
            external_id=e.get("id") or None,
        )
