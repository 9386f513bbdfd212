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


def test_player_embed_and_archive_notices_are_dropped_and_named():
    text = (
        "Storm closes schools across the region\n"
        "Please turn on JavaScript. Media requires JavaScript to play.\n"
        "Add a location to your Tweets\n"
        "Join us on Facebook Like us and you'll find top breaking news in your newsfeed.\n"
        "Schools across the region closed on Monday as the storm arrived."
    )
    c = clean(Document(source="x.html", text=text))
    assert c.text == "Schools across the region closed on Monday as the storm arrived."
    whys = {r.why for r in c.removed}
    assert {"script notice", "embed notice", "share prompt"} <= whys


def test_a_page_that_is_only_an_archive_notice_leaves_no_text():
    text = (
        "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive. "
        "Flowing in every day, these data are added to the Wayback Machine after an embargo period."
    )
    c = clean(Document(source="x.html", text=text))
    assert c.text == ""
    assert [r.why for r in c.removed] == ["archive notice"]


def test_a_timeline_entry_opening_the_text_is_no_dateline():
    text = "December 8, 2024: the government fell and the president fled the capital overnight."
    c = clean(Document(source="x.txt", text=text))
    assert c.text == text
    assert c.dateline is None
