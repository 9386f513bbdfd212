"""Attribution: who each sentence says its content comes from."""

from __future__ import annotations

import re

import pytest

from chorus.errors import ConfigError
from chorus.stages.attribution import AttributionConfig, find_attributions, load_agencies
from chorus.stages.relations_units import article_sentences
from tests.conftest import SEEDS
from tests.helpers import make_article

_HEADER = re.compile(r"\A[ \t]*date[ \t]+\d{4}-\d{2}-\d{2}[ \t]*")
_ARABIC = re.compile("[\u0600-\u06ff]")


def attributed(text: str) -> list[tuple[str, str, str]]:
    """(sentence, source, cue) for every attributed sentence."""
    art = make_article(text)
    return [(art.text[a.sentence_start : a.sentence_end], a.source, a.cue.text) for a in find_attributions(art)]


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        ("Putin met the ministers in Moscow, according to SANA.", "SANA", "according to SANA"),
        (
            "The Syrian Arab News Agency (SANA) said the talks focused on defence.",
            "SANA",
            "The Syrian Arab News Agency (SANA) said",
        ),
        ("The talks explored trade cooperation, reported SANA.", "SANA", "reported SANA"),
        ("Putin met them in Moscow, Syrian state media reported.", "SANA", "Syrian state media reported"),
        ("The ministers met on Tuesday, Reuters reported.", "Reuters", "Reuters reported"),
        ("The ministers met on Tuesday, according to Anadolu Agency.", "Anadolu Agency", "according to Anadolu Agency"),
        (
            "Lavrov will meet Shaibani, Russian state media reported, "
            "citing Foreign Ministry Spokesperson Maria Zakharova.",
            "Maria Zakharova",
            "citing Foreign Ministry Spokesperson Maria Zakharova",
        ),
        (
            "وذكرت وكالة الأنباء السورية (سانا) أن بوتين بحث القضايا المشتركة.",
            "SANA",
            "وذكرت وكالة الأنباء السورية (سانا)",
        ),
        ("بحث الجانبان التعاون العسكري بحسب سانا.", "SANA", "بحسب سانا"),
    ],
)
def test_explicit_cues_name_the_source(text, source, cue):
    [(_, got_source, got_cue)] = attributed(text)
    assert (got_source, got_cue) == (source, cue)


def test_agency_anaphors_resolve_to_the_agency_named_last():
    text = (
        "Putin met the ministers in Moscow, according to Syria's official news agency SANA.\n"
        "The meeting addressed political and military issues, it added.\n"
        "The agency noted that trade was discussed.\n"
        "Moscow's position was restated, the news agency said."
    )
    assert [s for _, s, _ in attributed(text)] == ["SANA"] * 4


def test_arabic_agency_anaphors_resolve_to_the_agency_named_last():
    text = (
        "وذكرت وكالة الأنباء السورية (سانا) أن بوتين بحث في اجتماع مختلف القضايا، مع تركيز خاص على التعاون.\n"
        "وأشارت الوكالة إلى أن اللقاء ناقش سبل تطوير الشراكة.\n"
        "أوضحت الوكالة أن اللقاء بحث آفاق التعاون الاقتصادي."
    )
    got = attributed(text)
    assert [s for _, s, _ in got] == ["SANA"] * 3
    assert got[0][0].endswith("على التعاون."), "an Arabic sentence is not cut at its commas"


def test_unnamed_anaphor_without_an_agency_gives_no_attribution():
    assert attributed("The agency noted that the meeting was long.") == []


def test_attribution_does_not_carry_to_uncued_sentences():
    text = "SANA reported that the ministers met in Moscow. Both sides stressed respect for international law."
    got = attributed(text)
    assert [(s, src) for s, src, _ in got] == [("SANA reported that the ministers met in Moscow.", "SANA")]


def test_he_said_resolves_to_the_person_named_last():
    text = (
        "Speaking at the meeting, Shaibani emphasized that ties are entering an advanced phase.\n"
        '"The past year was significant for Syria," he said.\n'
        "Lavrov greeted Shaibani, stressing the significance of dialogue.\n"
        '"I know that yesterday you had a very good meeting," he said.'
    )
    assert [s for _, s, _ in attributed(text)] == ["Shaibani", "Shaibani", "Lavrov"]


def test_cue_spans_are_exact_offsets():
    art = make_article("Putin met the ministers, the agency said, after SANA reported the visit.")
    for a in find_attributions(art):
        assert art.text[a.cue.start : a.cue.end] == a.cue.text
        assert a.sentence_start <= a.cue.start < a.cue.end <= a.sentence_end


def test_agency_aliases_canonicalize():
    ag = load_agencies()
    assert ag.lookup("the Syrian Arab News Agency") == "SANA"
    assert ag.lookup("وكالة الأنباء السورية") == "SANA"
    assert ag.lookup("AA") == "Anadolu Agency"
    assert ag.lookup("a spa day") is None, "acronyms match only in capitals"


def test_config_rejects_a_language_without_cue_file():
    with pytest.raises(ConfigError, match=r"attribution\.json"):
        AttributionConfig(languages=("en", "xx"))


def test_seed_meeting_claims_are_attributed_to_sana_in_all_five_articles():
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    # A sentence stating what the meeting discussed (its topics or Russia's support), per article.
    meeting = re.compile(
        r"strategic|military industr|economic and trade|firm support|steadfast support"
        r"|التعاون الإستراتيجي|الاقتصادي والتجاري"
    )
    for path in sorted(SEEDS.glob("*.txt")):
        art = make_article(_HEADER.sub("", path.read_text(encoding="utf-8")).rstrip())
        atts = {(a.sentence_start, a.sentence_end): a.source for a in find_attributions(art)}
        claims = [s for s in article_sentences(art) if meeting.search(s.text) and len(s.text) > 100]
        assert claims, path.name
        sana = [s for s in claims if atts.get((s.start, s.end)) == "SANA"]
        assert len(sana) >= 2, f"{path.name}: meeting claims attributed to SANA: {len(sana)} of {len(claims)}"
        assert "SANA" in atts.values()


def _french(text: str):
    from chorus.model import Article, Segment

    return Article(id="f", source="-", text=text, segments=(Segment(id="f:0", language="fr", start=0, end=len(text)),))


@pytest.mark.parametrize(
    ("sentence", "source", "cue"),
    [
        ("Le président a reçu les deux ministres à Moscou, selon l'AFP.", "AFP", "selon l'AFP"),
        ("D'après la SANA, Poutine a réaffirmé son soutien à la Syrie.", "SANA", "D'après la SANA"),
        ("L'agence officielle syrienne SANA a rapporté que les entretiens ont eu lieu.", "SANA", "SANA a rapporté"),
        (
            "« Nous sommes prêts », a déclaré Sergueï Lavrov devant la presse.",
            "Sergueï Lavrov",
            "a déclaré Sergueï Lavrov",
        ),
        (
            "Le ministre Asaad al-Chaibani a affirmé que la Syrie voulait coopérer.",
            "Asaad al-Chaibani",
            "Asaad al-Chaibani a affirmé",
        ),
        (
            "Emmanuel Macron a également affirmé que la France aiderait.",
            "Emmanuel Macron",
            "Emmanuel Macron a également affirmé",
        ),
        ("Élisabeth Borne a déclaré que le gouvernement agirait.", "Élisabeth Borne", "Élisabeth Borne a déclaré"),
        ("Le porte-parole du Kremlin Dmitri Peskov a déclaré que Moscou attendait.", "Dmitri Peskov", None),
    ],
)
def test_french_attribution_cues(sentence, source, cue):
    found = find_attributions(_french(sentence))
    assert [a.source for a in found] == [source]
    if cue:
        assert found[0].cue.text == cue


def test_a_french_agency_anaphor_is_the_agency_named_last():
    text = "L'AFP a rapporté la rencontre. Les discussions ont porté sur la reconstruction, a indiqué l'agence."
    assert [a.source for a in find_attributions(_french(text))] == ["AFP", "AFP"]
    # No agency named before: the anaphor stays unresolved, not guessed.
    assert find_attributions(_french("Les discussions ont porté sur la reconstruction, a indiqué l'agence.")) == []


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("L'agence officielle Sana a rapporté que les entretiens avaient eu lieu.", "SANA"),
        ("Les frappes ont fait dix morts, a rapporté l'agence Irna.", "IRNA"),
        ("Selon l'agence Tass, Poutine a reçu les ministres mardi.", "TASS"),
    ],
)
def test_a_french_agency_written_in_title_case_after_agence_is_the_agency(sentence, source):
    assert [a.source for a in find_attributions(_french(sentence))] == [source]
    assert find_attributions(_french("L'agence Marie a rapporté la nouvelle hier soir.")) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "L'Ukraine a affirmé que les frappes continuaient.",  # a country, after an elided article
        "Berlin a annoncé une aide de dix millions d'euros.",  # a capital the gazetteer knows
        "Selon Kiev, les combats se poursuivent dans l'est.",
    ],
)
def test_a_place_that_speaks_is_no_person(sentence):
    assert find_attributions(_french(sentence)) == []


def test_a_french_pronoun_inside_the_verb_is_the_person_named_last():
    text = "Sergueï Lavrov a déclaré que la Russie était prête. « Nous attendons », a-t-il ajouté."
    assert [(a.source, a.cue.text) for a in find_attributions(_french(text))] == [
        ("Sergueï Lavrov", "Sergueï Lavrov a déclaré"),
        ("Sergueï Lavrov", "a-t-il ajouté"),
    ]


def test_a_french_pronoun_is_not_the_object_of_the_sentence_before():
    # English subject guessing ("<Name> <verb>s") misread "Blinken dans" as a subject.
    text = "Lavrov a rencontré Blinken dans la capitale finlandaise. Il a déclaré que le dialogue continuerait."
    assert find_attributions(_french(text)) == []
