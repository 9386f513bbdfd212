"""Claims: ages, counts of times and in-article revisions in the cross-source figure check (audit 4)."""

from __future__ import annotations

import numpy as np
import pytest

from chorus.stages.claims import build_claims
from chorus.stages.claims_units import quantities
from tests.helpers import BagEncoder, make_article


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Twenty-eight-year-old Geraldine Alcorn was arraigned Wednesday.", [(28.0, "age")]),
        ("The teacher, identified as 29-year-old Geraldine Alcorn, is charged.", [(29.0, "age")]),
        ("Geraldine Alcorn, 28, was charged Wednesday with child luring.", [(28.0, "age")]),
        ("In March, 12, people left.", [(12.0, "person")]),  # after a month: not an age
        ("His wife was shot once in the right leg.", [(1.0, "times")]),
        ("She was struck twice in the leg.", [(2.0, "times")]),
        ("Thirty-five people were hurt.", [(35.0, "person")]),
    ],
)
def test_ages_number_words_and_counts_of_times_are_read(text, want):
    assert [(q.value, q.family) for q in quantities(text, "a", 0, "en")] == want


def test_sources_disagreeing_on_an_age_in_words_and_digits_is_a_discrepancy():
    a = make_article("Twenty-eight-year-old Geraldine Alcorn was arraigned Wednesday on charges of child luring.", "A")
    b = make_article("The 29-year-old Geraldine Alcorn was arraigned Wednesday on charges of child luring.", "B")
    _, diffs = build_claims([a, b], None, [], [], [], BagEncoder())
    numbers = [d for d in diffs if d.kind == "number"]
    assert numbers and {e.text for e in numbers[0].evidence} == {"Twenty-eight-year-old", "29-year-old"}


def test_a_figure_an_article_itself_updates_is_no_disagreement_between_sources():
    # a live blog: first "two people", later "three people"; the other outlet says three
    a = make_article(
        "Police say three people were stabbed at the rally in the park on Saturday.\n\n"
        "Earlier: police say two people were stabbed at the rally in the park on Saturday.",
        "A",
    )
    b = make_article("Police say three people were stabbed at the rally in the park on Saturday.", "B")
    c = make_article("Police say two people were stabbed at the rally in the park on Saturday.", "C")
    _, diffs = build_claims([a, b], None, [], [], [], BagEncoder())
    assert not [d for d in diffs if d.kind == "number"]
    _, diffs = build_claims([b, c], None, [], [], [], BagEncoder())
    assert [d for d in diffs if d.kind == "number"]


def test_a_sentence_and_its_translation_in_related_articles_are_one_claim():
    from chorus.model import Relation
    from chorus.stages.claims import ClaimsConfig, _translation_pairs
    from chorus.stages.claims_units import claim_units
    from chorus.text import sentences

    a = make_article("The earthquake killed many people in the north. Aid arrived on Monday morning.", "A")
    b = make_article("Le séisme a tué beaucoup de gens dans le nord. L'aide est arrivée lundi matin.", "B")
    units = [u for x in (a, b) for u in claim_units(x, list(sentences(x)), 4)]
    cos = np.array([[1, 0.2, 0.5, 0.1], [0.2, 1, 0.3, 0.47], [0.5, 0.3, 1, 0.2], [0.1, 0.47, 0.2, 1]])
    rel = [Relation(kind="translation", a=a.id, b=b.id, score=0.8)]
    floor = ClaimsConfig().translation_cosine
    assert sorted(_translation_pairs(units, [a, b], rel, cos, floor)) == [(0, 2), (1, 3)]
    assert _translation_pairs(units, [a, b], [], cos, floor) == []  # not translations: nothing forced
