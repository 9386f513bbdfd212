"""Cleaning: scraping leftovers go, real content stays."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("Please turn on JavaScript. Media requires JavaScript to play.", "script notice"),
        ("JavaScript is disabled", "script notice"),
        ("You need to enable JavaScript to use SoundCloud", "script notice"),
        ("Your browser does not support the video tag.", "script notice"),
        ("Add a location to your Tweets", "embed notice"),
        ("You can add location information to your Tweets, such as your city, from the web.", "embed notice"),
        ("When you tweet with a location, Twitter stores that location.", "embed notice"),
        (
            "These crawls are part of an effort to archive pages as they are created and archive the pages that "
            "they refer to.",
            "archive notice",
        ),
        ("This data is currently not publicly accessible.", "archive notice"),
        ("Like us on Facebook for the latest news.", "share prompt"),
        ("Like us on Facebook and follow us on Twitter.", "share prompt"),
        ("JavaScript is required to view this content.", "script notice"),
        ("JavaScript is disabled in your browser. Please enable JavaScript to continue.", "script notice"),
        ("To play this video you need to enable JavaScript in your browser.", "script notice"),
        (
            "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive. "
            "Flowing in every day, these data are added to the Wayback Machine after an embargo period.",
            "archive notice",
        ),
        ("Join us on Facebook Like us and you'll find top breaking news in your newsfeed.", "share prompt"),
    ],
)
def test_player_embed_and_archive_notices_are_dropped_and_named(line, why):
    body = "Schools across the region closed on Monday as the storm arrived."
    c = clean(Document(source="x.html", text=f"{line}\n{body}"))
    assert c.text == body
    assert [(r.text, r.why) for r in c.removed] == [(line, why)]


@pytest.mark.parametrize(
    "sentence",
    [
        "JavaScript is disabled in many government offices, the audit found, which slowed the rollout.",
        "Your browser does not support HTML5 video, the minister was told, so the speech failed to play.",
        "Like us on Facebook and we will win, the candidate told supporters on Monday.",
        "You can add location information to your Tweets, such as your city. Police said 3 died.",
        "These crawls are part of an effort to archive pages as they are created and archive the pages that "
        "they refer to. Police said 3 died.",
        "Follow us on Twitter. Police said 3 died in the blast on Monday.",
        "Sign up for our newsletter. Police said 3 died in the blast on Monday.",
        "Join us on the streets on Friday, opposition leader Navalny told supporters in a video.",
    ],
)
def test_a_real_sentence_that_opens_like_a_notice_is_kept(sentence):
    body = "Schools across the region closed on Monday as the storm arrived."
    c = clean(Document(source="x.html", text=f"{body}\n{sentence}"))
    assert c.text == f"{body}\n\n{sentence}"


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


def test_a_dash_after_the_opening_date_is_a_dateline():
    c = clean(Document(source="x.txt", text="March 3, 2014 - Russian troops took control of the airport on Monday."))
    assert c.dateline is not None and c.dateline.isoformat() == "2014-03-03"
    assert c.text == "Russian troops took control of the airport on Monday."


def test_a_dated_timeline_keeps_its_dates():
    text = (
        "Timeline of the war\n"
        "March 15, 2011 - Protests erupt in Daraa after teenagers are arrested.\n"
        "August 21, 2013 - A chemical attack kills hundreds near the capital."
    )
    c = clean(Document(source="x.txt", text=text))
    assert c.dateline is None
    assert c.text.startswith("March 15, 2011 - Protests erupt")


def test_a_spelled_out_date_opening_a_headline_stays_in_the_headline():
    c = clean(Document(source="x.txt", text="May 4, 1970 Kent State Shootings Remembered\nThe campus fell silent."))
    assert c.title == "May 4, 1970 Kent State Shootings Remembered"
    assert c.dateline is None


def test_a_lead_sentence_ending_in_an_abbreviation_is_not_a_title():
    text = "Russia expelled two diplomats from the U.S.\nThe move followed a spying row."
    c = clean(Document(source="x.txt", text=text))
    assert c.title is None
    assert c.text.startswith("Russia expelled two diplomats from the U.S.")


def test_what_follows_a_split_dateline_still_meets_the_rules():
    c = clean(Document(source="x.txt", text="March 3, 2014 | Copyright 2014 Reuters\nRussian troops took the airport."))
    assert c.title is None
    assert c.text == "Russian troops took the airport."
    assert [r.why for r in c.removed] == ["dateline", "boilerplate"]


def test_a_dateline_with_a_time_before_the_text_is_split():
    c = clean(Document(source="x.txt", text="Monday, 3 March 2014 | 10:42 Russian troops took the airport."))
    assert c.dateline is not None and c.dateline.isoformat() == "2014-03-03"


def test_a_date_with_a_trailing_dash_alone_on_a_line_is_a_dateline():
    c = clean(Document(source="x.txt", text="March 3, 2014 -\nRussian troops took the airport on Monday."))
    assert c.dateline is not None and c.dateline.isoformat() == "2014-03-03"
    assert c.title is None


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("March 3, 2014 10:42 The Russian army took control.", "The Russian army took control."),
        ("3 March 2014 | 10:42 In Kyiv, protesters gathered.", "In Kyiv, protesters gathered."),
        ("March 3, 2014 - 10:42 Obama warned Russia on Monday.", "Obama warned Russia on Monday."),
    ],
)
def test_a_time_after_the_dateline_eats_no_word_of_the_text(text, kept):
    c = clean(Document(source="x.txt", text=text))
    assert c.text == kept
    assert c.dateline is not None and c.dateline.isoformat() == "2014-03-03"


def test_a_time_zone_after_the_dateline_goes_with_it():
    c = clean(Document(source="x.txt", text="3 March 2014 | 10:42 GMT Russian troops took the airport."))
    assert c.text == "Russian troops took the airport."


@pytest.mark.parametrize(
    "first", ["2024/03/12 12:00 Putin wins the election", "2024-03-12T10:42:00Z Putin wins the election"]
)
def test_a_numeric_date_with_a_time_before_a_headline(first):
    c = clean(Document(source="x.txt", text=f"{first}\nThe count ended on Sunday night."))
    assert c.dateline is not None and c.dateline.isoformat() == "2024-03-12"
    assert c.title == "Putin wins the election"


def test_a_timeline_of_bare_date_lines_keeps_its_dates():
    text = (
        "Syria war: key dates\nMarch 15, 2011 —\nProtests erupt in Deraa.\nMarch 18, 2011 —\nSecurity forces open fire."
    )
    c = clean(Document(source="x.txt", text=text))
    assert c.dateline is None
    assert "March 15, 2011" in c.text and "March 18, 2011" in c.text


def test_a_date_line_inside_the_text_is_no_dateline():
    c = clean(Document(source="x.txt", text="Putin met them.\nHe left.\nMarch 3, 2014 |\nThe end came later."))
    assert c.dateline is None
    assert "March 3, 2014 |" in c.text


def test_a_dash_before_lower_case_text_is_no_dateline():
    text = "March 3, 2014 - the day Russia moved - is remembered in Kyiv."
    c = clean(Document(source="x.txt", text=text))
    assert c.text == text


def test_an_arabic_date_line_is_a_dateline():
    text = "الثلاثاء 23 كانون الأول 2025\nاستقبل الرئيس الروسي وزيري الخارجية والدفاع السوريين في موسكو."
    c = clean(Document(source="x.txt", text=text))
    assert c.dateline is not None and c.dateline.isoformat() == "2025-12-23"
    assert c.text == "استقبل الرئيس الروسي وزيري الخارجية والدفاع السوريين في موسكو."


def test_a_headline_in_a_script_without_capitals_becomes_the_title():
    text = "بوتين يستقبل وزيري الخارجية والدفاع السوريين\nاستقبل الرئيس الروسي الوزيرين في موسكو اليوم."
    c = clean(Document(source="x.txt", text=text))
    assert c.title == "بوتين يستقبل وزيري الخارجية والدفاع السوريين"
    assert c.text == "استقبل الرئيس الروسي الوزيرين في موسكو اليوم."


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Samedi 8 janvier 2005", "2005-01-08"),
        ("Sobota, 1. ledna 2005", "2005-01-01"),
        ("Σάββατο, 1 Ιανουαρίου 2005", "2005-01-01"),
        ("शुक्रवार, 31 दिसंबर 2004", "2004-12-31"),
        ("יום חמישי, ה- 19 במאי, 2005", "2005-05-19"),
        ("Dienstag, 18. Januar 2005", "2005-01-18"),
    ],
)
def test_a_date_line_in_another_language_is_a_dateline(line, day):
    c = clean(Document(source="x.txt", text=f"{line}\nThe first real sentence of the article is here."))
    assert c.dateline is not None and c.dateline.isoformat() == day
    assert (line, "dateline") in [(r.text, r.why) for r in c.removed]
    assert c.text == "The first real sentence of the article is here."


@pytest.mark.parametrize(
    "line",
    [
        "mars 2005",  # no day
        "1. ledna 2005 Praha",  # a date and a word more
        "Le président a parlé en 2005",
        "Kapitola 12, vydání 2005",
        "Jan. 24, 2018:",  # a timeline entry's date over its text
        "3 days ago, 2019",  # relative: no day of 2019 at all
        "il y a 3 jours, 2019",
        "May 12-14, 2005",  # a span of days
        "1 in 3, 2019",
    ],
)
def test_a_short_line_with_a_year_that_is_not_only_a_day_stays_text(line):
    c = clean(Document(source="x.txt", text=f"First sentence of the article.\n{line}\nLast sentence."))
    assert c.dateline is None
    assert line in c.text


def test_the_languages_of_the_run_bound_which_languages_a_dateline_is_read_in():
    text = "Putin met them in Moscow.\nSamedi 8 janvier 2005\nThey spoke for an hour."
    assert clean(Document(source="x.txt", text=text), languages=("en", "ar")).dateline is None
    assert clean(Document(source="x.txt", text=text), languages=("en", "fr")).dateline is not None


def test_a_date_that_is_a_sentence_of_its_own_heading_the_text_is_a_dateline():
    text = (
        "Rumuni vybrali 395 tisíc eur pro oběti tsunami\nZemě postižené tsunami v Indickém oceánu v roce 2004\n"
        "Úterý, 18. ledna 2005. Prostřednictvím televizního pořadu Rumuni vybrali 15 miliard lei."
    )
    c = clean(Document(source="x.txt", text=text))
    assert c.dateline is not None and c.dateline.isoformat() == "2005-01-18"
    assert c.text.endswith("\n\nProstřednictvím televizního pořadu Rumuni vybrali 15 miliard lei.")
    english = clean(Document(source="x.txt", text="Tuesday, January 18, 2005. Through a telethon, they raised it."))
    assert english.dateline is not None and english.text == "Through a telethon, they raised it."


def test_a_timeline_of_date_sentences_keeps_its_first_date():
    text = "Tuesday, March 15, 2011. Protests erupt in Deraa.\nFriday, March 18, 2011. Security forces open fire."
    c = clean(Document(source="x.txt", text=text))
    assert c.dateline is None
    assert c.text.startswith("Tuesday, March 15, 2011. Protests erupt")


@pytest.mark.parametrize(
    "text",
    [
        "Remembering the day\nMay 4, 1970. Four students were shot dead at Kent State by the National Guard.",
        "Syria's war began with graffiti.\nMarch 15, 2011. Protests erupt in Deraa and spread.",
    ],
)
def test_a_date_sentence_without_a_weekday_is_a_recap_not_a_dateline(text):
    c = clean(Document(source="x.txt", text=text))
    assert c.dateline is None
    assert text.split("\n")[1] in c.text


def test_a_date_in_a_language_the_english_pattern_misreads_is_still_a_dateline():
    # "12 mai 2005" fits the English day-month-year shape with an unknown month.
    c = clean(Document(source="x.txt", text="12 mai 2005\nLe président a parlé longuement devant les députés."))
    assert c.dateline is not None and c.dateline.isoformat() == "2005-05-12"
    head = clean(Document(source="x.txt", text="Mardi 12 juillet 2005. Le président a parlé devant les députés."))
    assert head.dateline is not None and head.text == "Le président a parlé devant les députés."


def test_a_dated_line_in_another_language_deep_in_the_text_stays():
    body = "Le président a parlé.\nIl a répondu aux questions.\nSamedi 8 janvier 2005\nLa séance a été levée."
    c = clean(Document(source="x.txt", text=body))
    assert c.dateline is None and "Samedi 8 janvier 2005" in c.text


@pytest.mark.parametrize(
    ("first", "day"),
    [
        ("08/01/2005 Les dons pour le tsunami déductibles des impôts", None),  # 8 January or 1 August
        ("18/01/2005 Les Roumains collectent 395 000 euros", "2005-01-18"),
        ("01/18/2005 Romanians raise 395,000 euro for the victims", "2005-01-18"),
        ("2005/01/08 2005 के सुनामी सहायता दान के लिए अमेरिका", "2005-01-08"),  # a headline opening with a number
        ("08.01.2005 Spenden für die Flutopfer steuerlich absetzbar", "2005-01-08"),  # dots: day first
    ],
)
def test_a_day_first_or_month_first_archive_date_gives_the_title(first, day):
    c = clean(Document(source="x.txt", text=f"{first}\nLes citoyens américains peuvent déduire leurs dons."))
    assert c.title == first.split(" ", 1)[1]
    assert (c.dateline.isoformat() if c.dateline else None) == day
    if day is None:
        assert any(r.why.startswith("dateline (day and month order unknown") for r in c.removed)


def test_an_arabic_weekday_date_glued_to_the_first_sentence_is_a_dateline():
    text = (
        "الرومان جمعوا 395000 يورو لضحايا تسونامي\n"
        "الثلاثاء 18 يناير، 2005 ومن خلال حملة تلفزيونية جمع الرومانيون 15 مليار."
    )
    c = clean(Document(source="x.txt", text=text))
    assert c.dateline is not None and c.dateline.isoformat() == "2005-01-18"
    assert c.text == "ومن خلال حملة تلفزيونية جمع الرومانيون 15 مليار."
    # Without the weekday the date may be the sentence's own subject: left alone.
    plain = clean(Document(source="x.txt", text="18 يناير 2005 كان يوما حزينا في بوخارست.\nوجمع الرومانيون المال."))
    assert plain.dateline is None and plain.text.startswith("18 يناير 2005 كان")


# --- page furniture of news sites (quality audit item 7) -------------------------------------------


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("The Associated Press contributed to this report.", "credit line"),
        ("Staff writer Samuel Mountjoy contributed to this report.", "credit line"),
        ("ABC News’ Aaron Katersky contributed to this report.", "credit line"),
        ("Jessica Brady, Meredith Shiner and John Stanton contributed to this report.", "credit line"),
        ("Stay with KDKA for the latest on this developing story.", "station promo"),
        ("Join The Conversation On The KDKA Facebook Page", "share prompt"),
        ("Stay Up To Date, Follow KDKA On Twitter", "share prompt"),
        (
            "Interested in ? Add as an interest to stay up to date on the latest news, video, and analysis from "
            "ABC News. Add Interest",
            "share prompt",
        ),
        ("Warning: The following video contains graphic footage.", "content warning"),
        ("FREE APPS | NOW | FACEBOOK | TWITTER", "navigation"),
        ("___", "separator"),
        ("2:44 p.m.", "live-blog time stamp"),
        ("NFL via Getty Images", "caption"),
        ("[h/t OpposingViews, Photo: WPXI]", "caption"),
        (
            "A Klansman, left, uses an American flag to fend off counter protesters in Anaheim, Calif., on "
            "Saturday,... (Associated Press)",
            "caption",
        ),
        (
            "Will Smith drove a Mercedes G63 SUV on the night he was shot. New video shows a vehicle matching "
            "the description. Mike Triplett/ESPN",
            "caption",
        ),
        ("ESPN legal analyst Ryan Smith details the surveillance video of the crash. (3:31)", "video caption"),
    ],
)
def test_news_site_furniture_is_dropped_and_named(line, why):
    c = clean(Document(source="x.txt", text=f"Police arrested two men on Saturday night.\n{line}\nBoth were charged."))
    assert c.text == "Police arrested two men on Saturday night.\n\nBoth were charged."
    assert (line, why) in [(r.text, r.why) for r in c.removed]


@pytest.mark.parametrize(
    "sentence",
    [
        "Two factors contributed to this report being delayed until Monday.",
        "The team will stay with its coach for the rest of the season.",
        "A warning was issued on Friday for the coast.",
        "Photos of the scene were shared widely, police said.",
    ],
)
def test_sentences_that_look_like_furniture_are_kept(sentence):
    c = clean(Document(source="x.txt", text=f"Police arrested two men on Saturday night.\n{sentence}"))
    assert sentence in c.text


def test_a_file_of_only_furniture_keeps_nothing_and_lists_every_line():
    lines = [
        "NFL via Getty Images",
        "The Associated Press contributed to this report.",
        "Stay with KDKA for the latest on this developing story.",
    ]
    c = clean(Document(source="x.txt", text="\n".join(lines)))
    assert c.text == ""
    assert [r.text for r in c.removed] == lines


@pytest.mark.parametrize(
    ("first", "dateline", "rest"),
    [
        ("ALLENTOWN, Pa. (AP) — Animal welfare workers say 71 beagles were removed.", "ALLENTOWN, Pa. (AP) —", None),
        ("PITTSBURGH (KDKA) — A former teacher is in police custody.", "PITTSBURGH (KDKA) —", None),
        ("ALLENTOWN, Pa. - The Humane Society has come to the rescue of 71 beagles.", "ALLENTOWN, Pa. -", None),
        ("WASHINGTON — The Senate passed the bill on Friday.", "WASHINGTON —", None),
    ],
)
def test_a_wire_dateline_heading_the_text_is_split_off(first, dateline, rest):
    c = clean(Document(source="x.txt", text=f"{first}\nThe second paragraph follows."))
    assert c.text.startswith(first[len(dateline) :].strip())
    assert (dateline, "dateline (place and agency)") in [(r.text, r.why) for r in c.removed]
    assert c.title is None  # the sentence after the dateline is no headline


@pytest.mark.parametrize(
    "line",
    [
        "NATO - the alliance - met on Friday.",
        "US - China talks resumed on Friday.",
        "The talks - held in Geneva - resumed.",
    ],
)
def test_a_dash_after_an_upper_case_word_is_no_dateline(line):
    c = clean(Document(source="x.txt", text=f"Police arrested two men on Saturday night.\n{line}"))
    assert line in c.text


def test_list_markers_are_taken_off_and_listed():
    text = "Findings reported in the papers:\n* In Sri Lanka, the ground moved.\n- The rupture spread north.\n1. Kept."
    c = clean(Document(source="x.txt", text=text))
    assert "In Sri Lanka, the ground moved.\n\nThe rupture spread north." in c.text
    assert "1. Kept." in c.text
    assert [r.text for r in c.removed if r.why == "list marker"] == ["*", "-"]


def test_a_block_of_related_story_teasers_goes_whole():
    text = (
        "Video appears to show the crash on Saturday.\n"
        "Editor's Picks Pierre Thomas, who was with Smith, still in disbelief Pierre Thomas is in disbelief.\n"
        "Lawyer suggests 2nd gun at killing John Fuller suggested there was a second gun.\n"
        "Lewis challenges others to make a difference While pleas grew, Lewis spread the message. 2 Related\n"
        "Smith drove a Mercedes SUV on Saturday night."
    )
    c = clean(Document(source="x.txt", text=text))
    assert c.text == "Video appears to show the crash on Saturday.\n\nSmith drove a Mercedes SUV on Saturday night."
    assert [r.why for r in c.removed] == ["related-story teaser"] * 3


def test_review_cleaning_keeps_real_sentences_and_is_linear_on_nav_bars():
    """From the code review: a report's authors and an organisation's expansion are article text, and
    a navigation bar that does not match must fail fast (the old pattern backtracked: 85 s for 9 items)."""
    import time

    from chorus.ingest import Document
    from chorus.stages.clean import clean

    lead = "The mayor said on Monday that the bridge would reopen in May after repairs."
    for line in (
        "More than 230 scientists from 66 countries contributed to this report.",
        "WHO (World Health Organization) — The agency said the outbreak was under control.",
    ):
        assert not clean(Document(source="t", text=f"{lead}\n{line}")).removed
    nav = "  |  ".join(["News"] * 40) + "  |  Search…"
    t0 = time.perf_counter()
    clean(Document(source="t", text=f"{lead}\n{nav}"))
    assert time.perf_counter() - t0 < 2.0
    bar = clean(Document(source="t", text=f"{lead}\nNews | Sport | Weather | Culture"))
    assert [r.why for r in bar.removed] == ["navigation"]
