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


def test_warc_redirects_and_error_pages_are_rejected_with_their_status(tmp_path):
    """A 301 with an HTML "Moved here" body or a 404 page is not an article (it became a story before)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    p = tmp_path / "crawl.warc.gz"
    cases = [
        ("200 OK", []),
        ("301 Moved Permanently", [("Location", "https://example.org/new")]),
        ("404 Not Found", []),
    ]
    with p.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, (status, extra) in enumerate(cases):
            body = BODY if i == 0 else "Moved here to a new place on the site now, as the page says today."
            headers = StatusAndHeaders(status, [("Content-Type", "text/html"), *extra], protocol="HTTP/1.1")
            payload = io.BytesIO(HTML.format(body=body).encode())
            w.write_record(
                w.create_warc_record(f"https://example.org/{i}", "response", payload=payload, http_headers=headers)
            )
    got = _read(p)
    docs = [g for g in got if isinstance(g, Document)]
    reasons = [g.reason for g in got if isinstance(g, Rejected)]
    assert [d.url for d in docs] == ["https://example.org/0"]
    assert reasons == [
        "WARC response is an HTTP 301 redirect (to https://example.org/new), not an article",
        "WARC response is HTTP 404, not an article page",
    ]


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


# --- audit fixes ------------------------------------------------------------------------------


def test_deeply_nested_json_file_is_rejected_with_reason(tmp_path):
    p = tmp_path / "deep.json"
    p.write_text("[" * 100000 + "]" * 100000)
    (got,) = _read(p)
    assert isinstance(got, Rejected) and "JSON nested too deeply" in got.reason


def test_deeply_nested_jsonl_line_is_rejected_and_other_lines_read(tmp_path):
    p = tmp_path / "deep.jsonl"
    deep = '{"text": ' + "[" * 100000 + "]" * 100000 + "}"
    p.write_text("\n".join([json.dumps({"text": BODY}), deep, json.dumps({"text": BODY + " Two."})]) + "\n")
    got = _read(p)
    assert [type(g).__name__ for g in got] == ["Document", "Rejected", "Document"]
    assert got[1].source.endswith("#L2") and "JSON nested too deeply" in got[1].reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": 12345}', "JSON text field 'text' is a number, not a string"),
        ('{"body": ["a"]}', "JSON text field 'body' is a list, not a string"),
        ("null", "JSON record is null, not an object"),
        ("[1, 2]", "JSON record is a list, not an object"),
        ("3", "JSON record is a number, not an object"),
        ('{"id": "2", "text": "broken', "malformed JSON line: Unterminated string starting at column 21"),
    ],
)
def test_jsonl_reasons_in_plain_words(tmp_path, line, reason):
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"text": BODY}) + "\n" + line + "\n")
    got = _read(p)
    assert isinstance(got[1], Rejected) and got[1].reason == reason


def _warc(tmp_path, bodies, name="crawl.warc.gz", dates=None):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    p = tmp_path / name
    with p.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, body in enumerate(bodies):
            html = f"<html><head><title>T</title></head><body><article><p>{body}</p></article></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            date = (dates or [f"2025-12-2{i}T10:00:00Z" for i in range(len(bodies))])[i]
            rec = w.create_warc_record(
                "https://example.com/a",
                "response",
                payload=io.BytesIO(html.encode()),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            w.write_record(rec)
    return p


def test_warc_second_capture_of_same_url_with_new_content_is_new_input(tmp_path):
    p = _warc(tmp_path, [BODY, BODY + " Updated later with a correction."])
    items = list(read_inputs([str(p)]))
    assert [type(i.result).__name__ for i in items] == ["Document", "Document"]
    assert items[0].fingerprint != items[1].fingerprint
    # The same capture read again has the same fingerprint (so it is "already stored").
    assert [i.fingerprint for i in read_inputs([str(p)])] == [i.fingerprint for i in items]


def test_warc_recrawled_file_with_same_name_is_new_input(tmp_path):
    first = [i.fingerprint for i in read_inputs([str(_warc(tmp_path, [BODY]))])]
    second = [i.fingerprint for i in read_inputs([str(_warc(tmp_path, [BODY + " New paragraph."]))])]
    assert first != second


def test_warc_same_content_twice_reads_as_two_identical_documents(tmp_path):
    # Both captures must come out with their text (the store then calls the second a duplicate);
    # trafilatura's process-wide deduplication used to empty the later ones.
    p = _warc(tmp_path, [BODY, BODY, BODY])
    got = _read(p)
    assert all(isinstance(g, Document) for g in got) and len({g.text for g in got}) == 1


def test_truncated_warc_gz_says_so(tmp_path):
    p = _warc(tmp_path, [BODY])
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    got = _read(p)
    assert isinstance(got[-1], Rejected)
    assert "truncated gzip" in got[-1].reason and f"byte {len(data) // 2}" in got[-1].reason
    assert "no response records" not in " ".join(g.reason for g in got if isinstance(g, Rejected))


def test_feed_text_and_title_are_plain_text_unescaped_once(tmp_path):
    p = tmp_path / "f.rss"
    p.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
        "<title>AT&amp;T buys &amp;amp;lt;rival&amp;amp;gt;</title>"
        f"<description>AT&amp;T agreed on Monday to buy its rival. {BODY} Q&amp;amp;A: &amp;amp;lt;b&amp;amp;gt; "
        "&lt;p&gt;Shares &amp;amp; bonds rose.&lt;/p&gt;</description></item></channel></rss>"
    )
    (doc,) = _read(p)
    assert doc.title == "AT&T buys &lt;rival&gt;"
    assert doc.text.startswith("AT&T agreed on Monday")
    assert "Q&A: &lt;b&gt;" in doc.text and "Shares & bonds rose." in doc.text
    assert "&amp;" not in doc.text


def test_arabic_utf16_without_bom_is_read(tmp_path):
    arabic = "وذكرت وكالة الأنباء السورية (سانا) أن بوتين بحث في اجتماع مختلف القضايا السياسية والعسكرية."
    for enc in ("utf-16-le", "utf-16-be"):
        p = tmp_path / f"ar-{enc}.txt"
        p.write_bytes(((arabic + "\n") * 3).encode(enc))
        (doc,) = _read(p)
        assert isinstance(doc, Document) and arabic in doc.text


def test_jsonl_fields_of_the_wrong_type_are_left_out_and_noted():
    """A list title or a numeric outlet is not turned into the text "['a', 'b']" or "12345"."""
    from chorus.ingest.jsonl import record_to_document

    doc = record_to_document(
        {"text": "The council approved the budget on Monday.", "title": ["a", "b"], "outlet": 12345, "id": 7},
        "d.jsonl#L1",
    )
    assert isinstance(doc, Document)
    assert doc.title is None and doc.outlet is None and doc.external_id == "7"
    assert doc.metadata["ignored_fields"] == ["title: a list, not a string", "outlet: a number, not a string"]
    plain = record_to_document({"text": "x y z", "title": "Budget passes", "outlet": "Gazette"}, "d.jsonl#L2")
    assert isinstance(plain, Document) and plain.title == "Budget passes" and "ignored_fields" not in plain.metadata


def test_a_url_line_before_a_text_is_its_address_not_its_title():
    from chorus.ingest.text import read_text

    text = "http://news.example.com/2013/05/03/storm.html\nStorm closes port\nMay 03, 2013\nThe port closed on Friday."
    (doc,) = read_text(text, "a.txt")
    assert isinstance(doc, Document)
    assert doc.url == "http://news.example.com/2013/05/03/storm.html"
    assert doc.text.startswith("Storm closes port")
    (only,) = read_text("https://example.com/a\n", "b.txt")  # a URL alone stays the text (rejected later)
    assert isinstance(only, Document) and only.url is None
    (prose,) = read_text("See https://example.com for the full list of closures.\nMore text.", "c.txt")
    assert isinstance(prose, Document) and prose.url is None
