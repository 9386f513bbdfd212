"""RSS and Atom reader via feedparser: one document per entry (full content when the feed has it)."""

from __future__ import annotations

import datetime as dt
import html
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


_PARAS = ("p", "li", "h1", "h2", "h3", "blockquote")
_BLOCKS = (*_PARAS, "div", "ul", "ol", "table")


def _html_to_text(value: str) -> str:
    """Plain text of an HTML fragment: tags stripped, entities unescaped once (``&amp;lt;`` -> ``&lt;``)."""
    if "<" not in value:
        return html.unescape(value) if "&" in value else value
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{value}</div>")
    except Exception:  # lxml raises several error types on broken fragments
        return value
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    loose = (root.text or "").strip() or any((c.tail or "").strip() for c in root)
    if loose:  # text outside the paragraphs: keep it, one paragraph per run between block elements
        runs, cur = [], [root.text or ""]
        for child in root:
            if child.tag in _BLOCKS:
                runs += ["".join(cur), child.text_content()]
                cur = []
            else:
                cur.append(child.text_content())
            cur.append(child.tail or "")
        runs.append("".join(cur))
        return "\n\n".join(r.strip() for r in runs if r.strip())
    blocks = [el.text_content().strip() for el in root.iter(*_PARAS)]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else root.text_content().strip()


def _plain(value: str, detail: object) -> str:
    """A feed field as plain text: feedparser hands HTML fields over as markup, text ones as text."""
    kind = detail.get("type", "text/html") if isinstance(detail, dict) else "text/html"
    return value if kind == "text/plain" else _html_to_text(value)


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
            best = max(e.content, key=lambda c: len(c.get("value", "")))
            body = _plain(best.get("value", ""), best)
        if not body.strip():
            body = _plain(e.get("summary", "") or e.get("description", ""), e.get("summary_detail"))
        title = " ".join(_plain(e.get("title") or "", e.get("title_detail")).split())
        if not body.strip():
            yield Rejected(source=where, stage="ingest", reason="feed entry has no text (title only)")
            continue
        yield Document(
            source=where,
            text=body,
            title=title or None,
            outlet=outlet,
            url=e.get("link") or None,
            published=_entry_date(e),
            external_id=e.get("id") or None,
        )
