"""Anchors (names and numbers) and the summary check that reads what a shorter text leaves out.

Texts are written for the tests; no encoder is needed (the alignment's joined share is given).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from chorus.errors import ConfigError
from chorus.model import Segment
from chorus.stages.relations import RelationsConfig, _prepare, is_summary
from chorus.stages.relations_align import AlignConfig, Alignment, joined_share
from chorus.stages.relations_anchors import (
    Anchor,
    NameFinders,
    kept,
    name_anchors,
    names_comparable,
    number_anchors,
    number_key,
)
from tests.helpers import make_article

AR_BRIEF = (
    "استقبل الرئيس الروسي فلاديمير بوتين اليوم وزير الخارجية السوري أسعد حسن الشيباني ووزير الدفاع مرهف "
    "أبو قصرة في موسكو.\n"
    "وذكرت وكالة الأنباء السورية (سانا) أن بوتين بحث مع الوزيرين التعاون العسكري بين البلدين.\n"
    "وأكد بوتين دعم روسيا لوحدة الأراضي السورية.\n"
    "وجدد بوتين رفض موسكو للانتهاكات الإسرائيلية المتكررة للأراضي السورية."
)
EN_VERSION = (
    "Russian President Vladimir Putin received Syrian Foreign Minister Asaad Hassan al-Shaibani and Defense "
    "Minister Murhaf Abu Qasra in Moscow today.\n"
    "The Syrian news agency (SANA) reported that Putin discussed military cooperation between the two countries "
    "with the ministers.\n"
    "Putin affirmed Russia's support for the unity of Syrian territory.\n"
    "Putin renewed Moscow's rejection of the repeated Israeli violations of Syrian territory."
)
EN_SUMMARY = (
    "Putin met Syria's foreign and defence ministers in Moscow to discuss military cooperation, SANA said. "
    "He backed Syria's territorial unity and condemned Israeli violations."
)


# --- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("٢٠٢٥", "2025"),  # Arabic-Indic digits
        ("۲۶،۷۵۰", "26,750"),  # Persian digits, Arabic comma as thousands separator
        ("2,5", "2.5"),  # decimal comma
        ("350", "350000000"),  # "350 million" written out
        ("60.5", "60500000"),
    ],
)
def test_number_keys_meet_across_digit_scripts_separators_and_magnitudes(a, b):
    assert number_key(a) == number_key(b) is not None


def test_one_digit_numbers_are_no_anchors_and_spans_point_at_the_number():
    text = "Nearly 250,000 people, 4 million houses, in ٢٠٢٤."
    found = number_anchors(text, 0, len(text))
    assert [text[a.start : a.end] for a in found] == ["250,000", "٢٠٢٤"]
    assert [a.key for a in found] == ["25", "2024"]


# --- names ----------------------------------------------------------------------------------------


def test_names_compare_between_latin_and_arabic_only():
    assert names_comparable("en", "latin", "ar", "arabic")
    assert names_comparable("fr", "latin", "en", "latin")
    assert not names_comparable("en", "latin", "fa", "arabic")  # Persian: not the Arabic tagger's language
    assert not names_comparable("en", "latin", "ru", "other")


def test_gazetteer_names_meet_across_scripts_without_taggers():
    bare = NameFinders()
    ar = name_anchors(AR_BRIEF, 0, len(AR_BRIEF), "ar", [0], bare)
    en = name_anchors(EN_VERSION, 0, len(EN_VERSION), "en", [0], bare)
    assert {"SANA", "Moscow"} <= {a.key for a in ar if a.kind == "gazetteer"}
    result = kept([a for a in ar if a.key == "SANA"], en, EN_VERSION, 0, len(EN_VERSION))
    assert result.kept == result.total >= 1


def test_capitalized_words_are_names_except_at_a_sentence_start_and_in_german():
    fr = "La Norvège a promis 180 millions. Selon Jens Stoltenberg, le don partira de Bergen."
    found = [a.key for a in name_anchors(fr, 0, len(fr), "fr", [0, fr.index("Selon")], NameFinders())]
    assert found == ["norvege", "jens", "stoltenberg", "bergen"]
    de = "Die Regierung in Berlin hat Hilfe zugesagt."
    assert name_anchors(de, 0, len(de), "de", [0], NameFinders()) == []


def test_a_counterpart_is_counted_once_so_dropped_repetitions_count_as_left_out():
    ar = "قال بوتين. وأكد بوتين. وجدد بوتين. وذكر بوتين."
    source = [Anchor("name", "بوتين", ar.index("بوتين"), ar.index("بوتين") + 5)] * 4
    result = kept(source, [], "Putin said so, and Putin said it again.", 0, 39)
    assert (result.total, result.kept) == (4, 2)
    assert result.share == 0.5


def test_latin_names_find_arabic_words_through_clitics():
    en = [Anchor("name", "moscow", 0, 6), Anchor("name", "putin", 7, 12), Anchor("name", "damascus", 13, 21)]
    ar = "وصل بوتين إلى موسكو ثم بموسكو"
    result = kept(en, [], ar, 0, len(ar))
    assert result.kept == 2 and [a.key for a in result.missing] == ["damascus"]


def test_nothing_to_keep_is_nothing_left_out():
    assert kept([], [], "text", 0, 4).share == 1.0


# --- the summary check ----------------------------------------------------------------------------


def test_joined_share_counts_only_sentences_aligned_two_to_one():
    al = Alignment((((0, 1), (0,), 0.8), ((2,), (1,), 0.9)), 1.0, 1.0, 0.85)
    assert joined_share(al, 0, np.array([30.0, 30.0, 40.0])) == pytest.approx(0.6)
    assert joined_share(al, 1, np.array([50.0, 50.0])) == 0.0


def _units(*texts: str, language: str | None = None):
    """One prepared unit per text (language from the script unless given)."""
    out = []
    for t in texts:
        art = make_article(t)
        if language is not None:
            art = replace(art, segments=(Segment(id=f"{art.id}:0", language=language, start=0, end=len(t)),))
        out.append(_prepare([art], RelationsConfig())[0])
    return out


def test_a_shorter_text_that_joins_sentences_and_drops_names_is_a_summary():
    cfg = AlignConfig()
    source, summary, version = _units(AR_BRIEF, EN_SUMMARY, EN_VERSION)
    assert is_summary(source, summary, 1.0, cfg)
    # the same texts aligned sentence by sentence: a shortened (abridged) translation, not a summary
    assert not is_summary(source, summary, 0.0, cfg)
    # the genuine version keeps the names, however its sentences align
    assert not is_summary(version, source, 1.0, cfg)


def test_a_text_naming_what_the_other_lacks_is_no_summary_of_it():
    # a rendering that converts every figure misses numbers on both sides: a translation's mark
    source = "The storm had winds of 85 mph and was 385 miles southwest of Punta Eugenia, with 10 inches of rain."
    other = "La tormenta tenía vientos de 137 km/h y estaba a 620 kilómetros de Punta Eugenia, con 25 cm de lluvia."
    (a,), (b,) = _units(source), _units(other, language="es")
    assert not is_summary(a, b, 1.0, AlignConfig())
    # the same text without its own figures names nothing the source lacks, and leaves out three
    (c,) = _units("La tormenta tenía vientos fuertes y estaba lejos de Punta Eugenia, con mucha lluvia.", language="es")
    assert is_summary(a, c, 1.0, AlignConfig())


def test_align_config_checks_the_summary_thresholds():
    with pytest.raises(ConfigError, match="summary_joined"):
        AlignConfig(summary_joined=0)
    with pytest.raises(ConfigError, match="summary_subset"):
        AlignConfig(summary_subset=1.5)
    with pytest.raises(ConfigError, match="summary_missing"):
        AlignConfig(summary_missing=0)
