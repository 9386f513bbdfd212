"""HTML reader: main-text extraction with trafilatura, keeping title, date and site name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from chorus.model import Document, Rejected


def _date(value: object) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_html(html: str, source: str, url: str | None = None) -> Iterator[Document | Rejected]:
    """One document from an HTML page, or a rejection when it holds no article text."""
    import trafilatura
    from trafilatura.deduplication import LRU_TEST

    # trafilatura's deduplication counts paragraphs in a process-wide cache, so a page read after
    # two others with the same text (a second capture, a syndicated copy) would come out empty.
    # Deduplicate within this page only; copies across pages are for the relations stage to find.
    LRU_TEST.clear()
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            deduplicate=True,
        )
    except Exception as e:  # trafilatura raises assorted lxml errors on broken markup
        yield Rejected(source=source, stage="ingest", reason=f"HTML could not be parsed: {e}")
        return
    if doc is None:
        yield Rejected(source=source, stage="ingest", reason="HTML page has no main article text")
        return
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        yield Rejected(source=source, stage="ingest", reason="HTML page has no main article text")
        return
    yield Document(
        source=source,
        text=text,
        title=data.get("title") or None,
        outlet=data.get("sitename") or None,
        url=data.get("url") or url,
        published=_date(data.get("date")),
        language=data.get("language") or None,
        metadata={k: data[k] for k in ("author", "description", "categories", "tags") if data.get(k)},
    )
