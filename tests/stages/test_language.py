"""Language per paragraph: links and handles do not decide, short misreads do not split an article."""

from __future__ import annotations

import re

import pytest

from chorus.errors import ConfigError
from chorus.stages.language import LanguageConfig, judged_text, segment_languages

CFG = LanguageConfig()

ENGLISH = (
    "The city council approved the new budget on Monday after a long debate about school funding.\n"
    "Council members said the plan would add two hundred teachers over the next three years."
)


def langs(text: str) -> list[tuple[str, str]]:
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    return [(s.language, text[s.start : s.end]) for s in segment_languages(text, paras, "a", CFG)]


def test_links_handles_and_rules_stay_in_the_article_language():
    text = "\n".join(
        [
            ENGLISH,
            "Follow Robert Allen on Twitter: @rallenMI",
            "http://www.youtube.com/watch?v=FyZ-5X...",
            "___",
            "Contact the newsroom at 408-278-3409.",
            "(212) 515-3595",
        ]
    )
    assert [lang for lang, _ in langs(text)] == ["en"]


def test_a_short_english_sentence_a_detector_misreads_stays_english():
    # lingua alone calls this line French (0.51 against 0.41 for English)
    text = ENGLISH + "\nThe Renaissance case is not yet in tax court.\n" + ENGLISH
    assert [lang for lang, _ in langs(text)] == ["en"]


def test_a_real_translation_in_another_latin_language_is_its_own_segment():
    french = (
        "Le conseil municipal a approuvé lundi le nouveau budget après un long débat sur le financement "
        "des écoles. Les élus ont déclaré que le plan ajouterait deux cents enseignants en trois ans."
    )
    found = langs(ENGLISH + "\n" + french)
    assert [lang for lang, _ in found] == ["en", "fr"]
    assert found[1][1] == french


def test_a_foreign_quotation_inside_an_english_article_keeps_its_language():
    german = "„Saftiges Schweinefleisch, Speck, knackiger Eisbergsalat, rote Zwiebeln und würzige Sauce im Brötchen.“"
    assert [lang for lang, _ in langs(ENGLISH + "\n" + german + "\n" + ENGLISH)] == ["en", "de", "en"]


def test_a_paragraph_without_letters_takes_its_neighbours_language_in_any_script():
    arabic = "استقبل الرئيس الروسي فلاديمير بوتين اليوم وزيري الخارجية والدفاع السوريين في موسكو."
    found = langs(arabic + "\n2025-12-23 — 14:05\n" + ENGLISH)
    assert [lang for lang, _ in found] == ["ar", "en"]
    assert "14:05" in found[0][1]


def test_judged_text_drops_links_addresses_and_handles_only():
    assert judged_text("Write to jane.doe@example.com or see www.example.org/page now") == "Write to or see now"
    assert judged_text("Putin met al-Shaibani in Moscow.") == "Putin met al-Shaibani in Moscow."


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_switch_confidence_must_be_a_probability(value):
    with pytest.raises(ConfigError, match="switch_confidence"):
        LanguageConfig(switch_confidence=value)


def test_a_misread_first_or_last_line_is_judged_against_the_article_not_one_neighbour():
    # lingua alone: line 1 English, line 2 French (0.51); with one neighbour as context they swapped
    text = "Tickets cost 25 euros and are on sale at the venue.\nThe Renaissance case is not yet in tax court."
    assert [lang for lang, _ in langs(text)] == ["en"]


def test_a_link_inside_unspaced_text_leaves_the_words_around_it():
    japanese = (
        "東京証券取引所は23日、日経平均株価が大幅に上昇したと発表した。詳しくはhttps://www.jpx.co.jp/をご覧ください。"
    )
    assert judged_text(japanese).startswith("東京証券取引所") and "jpx" not in judged_text(japanese)
    assert [lang for lang, _ in langs(japanese)] == ["ja"]


def test_a_script_chorus_does_not_know_is_not_given_the_neighbours_language():
    amharic = "የኢትዮጵያ መንግስት ዛሬ አዲስ የኢኮኖሚ ፖሊሲ ይፋ አደረገ። ሚኒስትሩ እንደተናገሩት ፖሊሲው ሥራ ይፈጥራል።"
    found = langs(ENGLISH + "\n" + amharic + "\n" + ENGLISH)
    assert [lang for lang, _ in found] == ["en", "und", "en"]


def test_many_short_lines_are_fast():
    import time

    # none long enough to trust: each looks for its nearest trusted neighbour (was quadratic: 45 s)
    text = "\n".join(f"Item {i}: 5" for i in range(20_000)) + "\n" + ENGLISH
    t = time.perf_counter()
    assert [lang for lang, _ in langs(text)] == ["en"]
    assert time.perf_counter() - t < 10
