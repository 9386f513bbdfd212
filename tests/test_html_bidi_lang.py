"""Untrusted text in HTML and Markdown cannot reorder what surrounds it (bidi controls neutralised,
pieces isolated); a story page is one document in the brief's language; an Arabic brief is Arabic
throughout (template strings from lang/ar/brief.json)."""

from __future__ import annotations

import re

import pytest

from chorus.htmlsafe import bdi, neutralise_bidi
from chorus.report import index_page, story_page
from chorus.stages.brief import _sources_sentences, brief_strings, plural_category, write_brief
from chorus.stages.claims import build_claims
from tests.helpers import BagEncoder, make_article

RLO, PDF, LRI, RLI, PDI, RLM = "\u202e", "\u202c", "\u2066", "\u2067", "\u2069", "\u200f"
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Gazette \u202egnp.exe", "Gazette gnp.exe"),  # unpaired override
        ("Storm \u202eyadnoM no\u2066 closes port", "Storm yadnoM no closes port"),
        (f"a {RLO}paired{PDF} b", "a paired b"),  # overrides reorder characters: dropped even paired
        (f"a {RLI}عربي{PDI} b", f"a {RLI}عربي{PDI} b"),  # a closed isolate is legitimate: kept
        (f"a \u202bx{PDF} b", "a \u202bx\u202c b"),  # a closed embedding too
        (f"{PDI}x{PDF}", "x"),  # closers without an opener
        (f"{RLI}x\ny{PDI}", "x\ny"),  # a paragraph separator ends every isolate
        (f"{RLI}\u202bx{PDI}", f"{RLI}x{PDI}"),  # the PDI closes the isolate: the embedding inside is unpaired
        (f"{RLM}x{RLM}y {RLM}", f"x{RLM}y "),  # marks act on neighbours only at the edges
        ("plain", "plain"),
    ],
)
def test_neutralise_bidi(raw, shown):
    assert neutralise_bidi(raw) == shown


def test_bdi_isolates_and_escapes():
    assert bdi("<b>Gazette \u202egnp.exe</b>", "en") == '<bdi lang="en">&lt;b&gt;Gazette gnp.exe&lt;/b&gt;</bdi>'


def _spoof_brief():
    a = make_article(
        "A storm closed the port of Sampletown on Monday, the harbour master said, and ferries were cancelled.",
        "Gazette \u202egnp.exe",
        title="Storm \u202eyadnoM no\u2066 closes port",
    )
    b = make_article(
        "The port of Sampletown was closed by a storm on Monday and all ferries were cancelled.", "Courier"
    )
    claims, diffs = build_claims([a, b], None, [], [], [], BagEncoder())
    return write_brief("s1", "Storm \u202eyadnoM no\u2066 closes port", [a, b], claims, diffs, [], [])


def test_no_unpaired_bidi_control_reaches_html_or_markdown_and_every_sentence_is_isolated():
    brief = _spoof_brief()
    story = {"id": "s1", "title": "Storm \u202eyadnoM no\u2066 closes port", "articles": [], "languages": ["en"]}
    story |= {"claims": [], "brief": {"markdown": brief.markdown, "html": brief.html, "sentences": []}}
    report = {"chorus_version": "0.0.0", "stories": [story], "articles": [], "inputs": []}
    report["inputs"] = [{"source": "x\u202e.txt", "status": "rejected", "article": None, "reason": "r\u202e"}]
    for out in (brief.markdown, brief.html, story_page(story, {}), index_page(report)):
        assert not CONTROLS.search(out), out
    assert "Gazette gnp.exe" in brief.markdown
    assert "<li><bdi>2 articles: Gazette gnp.exe, Courier.</bdi><sup>" in brief.html
    assert '<li id="src-1"><bdi>Gazette gnp.exe</bdi> — <bdi>Storm yadnoM no closes port</bdi>' in brief.html
    # Every list item's text is isolated from the citations after it.
    for li in re.findall(r"<li>(.*?)</li>", brief.html):
        assert li.startswith("<bdi>") and re.fullmatch(r"<bdi>[^<]*</bdi>(<sup>.*</sup>)*", li), li


def _arabic_brief():
    a = make_article("استقبل الرئيس الروسي فلاديمير بوتين وزير الخارجية السوري في موسكو يوم الثلاثاء.", "X")
    b = make_article("بحث الجانبان التعاون العسكري والاقتصادي بين البلدين خلال اللقاء في موسكو.", None)
    claims, diffs = build_claims([a, b], None, [], [], [], BagEncoder())
    return [a, b], claims, write_brief("s2", "بوتين يستقبل وزير الخارجية", [a, b], claims, diffs, [], [])


def test_a_story_page_is_one_document_in_the_briefs_language():
    _, _, brief = _arabic_brief()
    story = {"id": "s2", "title": "بوتين", "articles": [], "languages": ["ar"]}
    story["brief"] = {"markdown": brief.markdown, "html": brief.html, "sentences": []}
    page = story_page(story, {})
    assert page.lower().count("<!doctype") == 1 and page.count("<html") == 1 and page.count("<body") == 1
    assert '<html lang="ar" dir="rtl">' in page
    assert '<article id="story-s2" lang="ar" dir="rtl">' in page
    # A brief stored by an earlier version (a whole document) is not nested either.
    old = '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>t</title></head>'
    old += '<body><article id="story-s2"><h1>t</h1></article></body></html>\n'
    story["brief"]["html"] = old
    page = story_page(story, {})
    assert page.count("<html") == 1 and '<html lang="ar" dir="rtl">' in page and '<article id="story-s2">' in page


def test_an_arabic_brief_has_arabic_headings_and_template_sentences():
    arts, claims, brief = _arabic_brief()
    md = brief.markdown
    for english in ("Key points", "Sources and origins", "Sources\n", "articles", "unknown outlet", "Event date"):
        assert english not in md, english
    assert "## المصادر ومنشأ الأخبار" in md and "## المصادر\n" in md
    assert "مقالان: X، مقال واحد مجهول الناشر." in md
    assert "(الناشر غير معروف)" in md and "المقال " in md
    t = brief_strings("ar")
    assert t("lead_articles", n=2) == "مقالين" and t("lead_origins", n=1) == "مصدر مستقل واحد"
    sents = _sources_sentences(arts, claims, None, [], t)
    assert sents[0].text == "مقالان: X، مقال واحد مجهول الناشر."


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "مقال واحد"), (2, "مقالان"), (3, "3 مقالات"), (10, "10 مقالات"), (11, "11 مقالاً"), (100, "100 مقال")],
)
def test_arabic_counts_agree_with_their_number(n, text):
    assert brief_strings("ar")("articles_count", n=n, outlets="X") == f"{text}: X"


def test_arabic_plural_categories_and_english_fallback():
    assert [plural_category("arabic", n) for n in (0, 1, 2, 5, 13, 103, 111, 200)] == [
        "zero", "one", "two", "few", "many", "few", "many", "other",
    ]  # fmt: skip
    de = brief_strings("de")  # no lang/de/brief.json: English
    assert de("headings.key_points") == "Key points" and de("articles_count", n=3, outlets="A") == "3 articles: A"


def test_attribution_and_event_date_in_the_briefs_language():
    import datetime as dt

    from chorus.model import DateValue, TimelineItem
    from chorus.stages.brief import localise_attribution
    from chorus.stages.brief_lead import date_sentence

    t = brief_strings("ar")
    assert localise_attribution("قال شيئاً. (attributed to سانا)", t) == "قال شيئاً. (منسوب إلى سانا)"
    assert localise_attribution("x. (attributed to SANA)", brief_strings("en")) == "x. (attributed to SANA)"
    item = TimelineItem(
        date=DateValue(start=dt.date(2025, 12, 23), precision="day"),
        text="x",
        articles=("a",),
        evidence=(),
        phrases=("اليوم (الثلاثاء)", "today"),
    )
    assert date_sentence(item, t).text == "تاريخ الحدث: 2025-12-23 («اليوم (الثلاثاء)»، «today»)."
    assert date_sentence(item).text == "Event date: 2025-12-23 (“اليوم (الثلاثاء)”, “today”)."


def test_index_gives_titles_their_direction_and_language():
    story = {"id": "s2", "title": "بوتين يستقبل", "articles": ["a"], "languages": ["ar"], "claims": []}
    mixed = {"id": "s3", "title": "Putin", "articles": ["b"], "languages": ["en", "ar"], "claims": []}
    page = index_page({"chorus_version": "0", "stories": [story, mixed], "articles": [], "inputs": []})
    assert '<td dir="auto" lang="ar"><a href="stories/s2.html">بوتين يستقبل</a></td>' in page
    assert '<td dir="auto"><a href="stories/s3.html">Putin</a></td>' in page
    assert ".ar{" not in page  # the unused class is gone; text-align follows the direction
