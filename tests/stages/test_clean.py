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
