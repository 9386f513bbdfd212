"""Readers: every format is sniffed from content and every input is accounted for."""

from __future__ import annotations

import io
import json

import pytest

from chorus.ingest import ReadConfig, read_inputs, sniff
from chorus.model import Document, Rejected

BODY = (
    "Russian President Vladimir Putin has met with Syrian Foreign Minister Asaad al Shaibani in Moscow, "
    "according to Syria's official news agency SANA. The meeting on Tuesday addressed a range of issues."
)


def _read(path):
    return [i.result for i in read_inputs([str(path)])]


def test_sniff_ignores_misleading_extension(tmp_path):
    p = tmp_path / "article.txt"
    p.write_text('{"text": "a"}\n{"text": "b"}\n')
    assert sniff(p.read_bytes(), p.name) == "jsonl"


def test_plain_text_date_header(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(" date 2025-12-24 " + BODY)
    (doc,) = _read(p)
    assert isinstance(doc, Document)
    assert str(doc.published) == "2025-12-24"
    assert doc.text.startswith("Russian President")


def test_jsonl_keeps_good_lines_and_rejects_the_malformed_one(tmp_path):
    p = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "1", "text": BODY, "outlet": "AA", "published": "2025-12-24", "section": "world"}),
        '{"id": "2", "text": "broken',
        json.dumps({"id": "3", "title": "T", "text": BODY + " More.", "language": "en"}),
    ]
    p.write_text("\n".join(lines) + "\n")
    got = _read(p)
    assert [type(g).__name__ for g in got] == ["Document", "Rejected", "Document"]
    assert got[1].source.endswith("#L2") and "malformed JSON" in got[1].reason
    assert got[0].outlet == "AA" and got[0].metadata == {"section": "world"}


def test_json_array(tmp_path):
    p = tmp_path / "dump.json"
    p.write_text(json.dumps([{"text": BODY}, {"title": "no text"}]))
    got = _read(p)
    assert isinstance(got[0], Document)
    assert isinstance(got[1], Rejected) and "no text field" in got[1].reason


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>
<item><title>Putin meets ministers</title><link>https://example.org/a</link>
<pubDate>Wed, 24 Dec 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;{body}&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Putin meets ministers</title><link href="https://example.org/b"/><id>urn:1</id>
<updated>2025-12-24T10:00:00Z</updated><content type="html">&lt;p&gt;{body}&lt;/p&gt;</content></entry></feed>"""


@pytest.mark.parametrize(
    ("name", "template", "outlet"), [("feed.xml", RSS, "Example News"), ("a.atom", ATOM, "Atom News")]
)
def test_feeds(tmp_path, name, template, outlet):
    p = tmp_path / name
    p.write_text(template.format(body=BODY))
    (doc,) = _read(p)
    assert isinstance(doc, Document), doc
    assert doc.outlet == outlet and doc.title == "Putin meets ministers"
    assert str(doc.published) == "2025-12-24"
    assert "SANA" in doc.text


HTML = """<!doctype html><html><head><title>Putin meets Syrian ministers | Example</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-12-24T09:00:00Z"></head>
<body><nav><a href="/">Home</a><a href="/world">World</a></nav>
<article><h1>Putin meets Syrian ministers</h1>
<p>{body}</p>
<p>The talks also explored prospects for expanding economic and trade cooperation, including support for
reconstruction projects and the development of infrastructure sectors, the agency said.</p>
<p>Putin reaffirmed Russia's firm support for Syria, emphasising the importance of preserving Syria's territorial
integrity and full sovereignty, it added.</p></article>
<footer>Copyright Example News. All rights reserved.</footer></body></html>"""


def test_html_extracts_article_and_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML.format(body=BODY))
    (doc,) = _read(p)
    assert isinstance(doc, Document), doc
    assert "SANA" in doc.text and "Home" not in doc.text
    assert doc.outlet == "Example News"
    assert str(doc.published) == "2025-12-24"


def test_html_cookie_banner_only_is_rejected(tmp_path):
    p = tmp_path / "cookies.html"
    p.write_text(
        "<html><body><div class='cookie-banner'>We use cookies to improve your experience. "
        "<button>Accept all cookies</button></div></body></html>"
    )
    (res,) = _read(p)
    # Either the extractor finds nothing, or cleaning will drop the banner (tested in test_pipeline).
    assert isinstance(res, Rejected) or "cookies" in res.text


def test_warc_html_responses(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    p = tmp_path / "crawl.warc.gz"
    with p.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, ctype in enumerate(["text/html; charset=utf-8", "image/png"]):
            payload = HTML.format(body=BODY).encode() if "html" in ctype else b"\x89PNG\r\n\x1a\n"
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(
                f"https://example.org/{i}", "response", payload=io.BytesIO(payload), http_headers=headers
            )
            w.write_record(rec)
    got = _read(p)
    docs = [g for g in got if isinstance(g, Document)]
    rejected = [g for g in got if isinstance(g, Rejected)]
    assert len(docs) == 1 and docs[0].url == "https://example.org/0"
    assert len(rejected) == 1 and "not HTML" in rejected[0].reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\n  ", "white space"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
    ],
)
def test_bad_inputs_are_rejected_with_reason(tmp_path, content, reason):
    p = tmp_path / "bad"
    p.write_bytes(content)
    (res,) = _read(p)
    assert isinstance(res, Rejected) and reason in res.reason


def test_missing_path_is_rejected(tmp_path):
    (res,) = _read(tmp_path / "nope.txt")
    assert isinstance(res, Rejected) and "no such file" in res.reason


def test_huge_file_rejected_without_reading_it(tmp_path):
    import tracemalloc

    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        line = (BODY + "\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    tracemalloc.start()
    (res,) = [i.result for i in read_inputs([str(p)], ReadConfig())]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(res, Rejected) and "too large" in res.reason
    assert peak < 5 * 1024 * 1024, f"peak {peak} bytes"


def test_unreadable_file_in_folder_does_not_stop_the_batch(tmp_path):
    import os

    good = tmp_path / "good.txt"
    good.write_text(BODY)
    bad = tmp_path / "secret.txt"
    bad.write_text(BODY)
    bad.chmod(0)
    try:
        got = _read(tmp_path)
    finally:
        bad.chmod(0o644)
    assert any(isinstance(g, Document) for g in got)
    if os.geteuid() != 0:  # root can read anything; the permission path is then untestable
        assert any(isinstance(g, Rejected) and "permission" in g.reason for g in got)


def test_html_drops_al_jazeera_recommended_block():
    """Al Jazeera's in-article "Recommended Stories" list (markup as on the site) never reaches the text.

    This is why trafilatura is pinned (requirements.lock): the extraction must drop the block.
    """
    from pathlib import Path

    (doc,) = _read(Path(__file__).parent / "data" / "aljazeera_like.html")
    assert doc.outlet == "Al Jazeera" and str(doc.published) == "2025-12-23"
    assert "Hmeimim" in doc.text and "Tuesday’s talks" in doc.text
    for leftover in ("Recommended", "list of 4 items", "end of list", "Israeli strikes kill dozens", "Baghdad"):
        assert leftover not in doc.text
