"""Cleaning: scraping leftovers go, real content stays."""

from __future__ import annotations

from chorus.model import Document
from chorus.stages.clean import clean


def test_one_line_article_is_text_not_a_headline():
    # No final punctuation (a truncated file) makes the line headline-shaped; it is still the article.
    line = "Putin met the Syrian ministers in Moscow on Tuesday and discussed military cooperation"
    c = clean(Document(source="x.txt", text=line))
    assert c.text == line
    assert c.title is None
    assert not [r for r in c.removed if r.why.startswith("title")]


def test_headline_line_becomes_the_title_when_text_follows():
    c = clean(Document(source="x.txt", text="Putin meets Syrian ministers\nPutin met the ministers on Tuesday."))
    assert c.title == "Putin meets Syrian ministers"
    assert c.text == "Putin met the ministers on Tuesday."


def test_dateline_glued_to_the_first_sentence_is_split_off():
    text = "Aid pours in after the flood\nMonday, March 3, 2014Through a telethon, viewers raised two million euro."
    c = clean(Document(source="x.txt", text=text))
    assert c.dateline is not None and c.dateline.isoformat() == "2014-03-03"
    assert c.text == "Through a telethon, viewers raised two million euro."
    assert ("Monday, March 3, 2014", "dateline") in [(r.text, r.why) for r in c.removed]


def test_archive_style_date_before_the_headline_gives_date_and_title():
    text = "2014/03/03 Flood donations made deductible in the U.S.\nDonors may deduct their gifts this year."
    c = clean(Document(source="x.txt", text=text))
    assert c.dateline is not None and c.dateline.isoformat() == "2014-03-03"
    assert c.title == "Flood donations made deductible in the U.S."
    assert c.text == "Donors may deduct their gifts this year."


def test_sentence_that_opens_with_a_date_is_kept_whole():
    text = "March 3, 2014 was the wettest day on record in the valley, officials said."
    c = clean(Document(source="x.txt", text=text))
    assert c.text == text
    assert c.dateline is None
