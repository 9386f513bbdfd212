"""Claims cite only the articles that back the text they show (figures, dates, content)."""

from __future__ import annotations

from chorus.stages.claims import ClaimsConfig, build_claims
from chorus.stages.claims_discrepancy import disagree
from chorus.stages.claims_units import claim_units, quantities
from chorus.text import sentences
from tests.helpers import BagEncoder, make_article


def _claim_with(claims, needle):  # type: ignore[no-untyped-def]
    found = [c for c in claims if any(needle in e.text for e in c.evidence)]
    assert found, f"no claim mentions {needle!r}"
    return found[0]


def _unit(text: str):  # type: ignore[no-untyped-def]
    a = make_article(text, "X")
    return claim_units(a, sentences(a))[0]


def test_an_outlet_with_another_figure_is_not_cited_and_both_differences_are_listed():
    a = make_article(
        "At least 30 people drowned when a ferry capsized on Lake Kivu on Tuesday, officials said. "
        "The ferry was carrying 80 travellers from Goma to Bukavu.",
        "Daily One",
    )
    b = make_article(
        "At least 34 people drowned when a ferry capsized on Lake Kivu on Tuesday, the coast guard said. "
        "The ferry was carrying 95 travellers to Bukavu.",
        "Wire Two",
    )
    c = make_article(
        "At least 30 people drowned when a ferry capsized on Lake Kivu on Tuesday, the governor said. "
        "Divers searched the water for survivors until nightfall.",
        "Radio Three",
    )
    claims, diffs = build_claims([a, b, c], None, [], [], [], BagEncoder(), ClaimsConfig())
    toll = _claim_with(claims, "34 people")
    assert "30 people" in toll.text
    assert set(toll.articles) == {a.id, c.id}, "the outlet saying 34 does not back a text saying 30"
    assert "Wire Two" not in toll.outlets
    assert {e.article for e in toll.evidence} == {a.id, b.id, c.id}, "every aligned sentence stays as evidence"
    assert toll.independent_origins == 2
    load = _claim_with(claims, "95 travellers")
    assert len(load.articles) == 1
    figures = {frozenset(e.text for e in d.evidence) for d in diffs if d.kind == "number"}
    assert frozenset({"30 people", "34 people"}) in figures
    assert frozenset({"80 travellers", "95 travellers"}) in figures


def test_an_outlet_with_another_weekday_is_not_cited_for_the_day():
    a = make_article("Flooding closed the main highway north of the capital on Friday, police said.", "A")
    b = make_article("Flooding closed the main highway north of the capital on Thursday, police said.", "B")
    claims, diffs = build_claims([a, b], None, [], [], [], BagEncoder(), ClaimsConfig())
    road = _claim_with(claims, "highway")
    assert len(road.articles) == 1 and len(road.evidence) == 2
    assert any(d.kind == "date" for d in diffs), "the disagreement is reported"


def test_a_sentence_saying_more_is_not_cited_to_the_outlet_that_says_less():
    a = make_article("The singer released a new album called Horizons in March.", "Short")
    b = make_article(
        "Since leaving her band the singer has released an album, Horizons, and is touring Japan with "
        "the drummer Kenji Watanabe.",
        "Long",
    )
    claims, _ = build_claims([a, b], None, [], [], [], BagEncoder(), ClaimsConfig(threshold=0.3))
    album = _claim_with(claims, "Horizons")
    assert {e.article for e in album.evidence} == {a.id, b.id}
    assert len(album.articles) == 1 and album.independent_origins == 1
    (cited,) = album.articles
    own = next(e.text for e in album.evidence if e.article == cited)
    assert album.text == own, "the text shown is the cited article's own sentence"


def test_an_outlet_that_says_less_backs_the_shorter_text():
    a = make_article("The singer released a new album called Horizons last spring.", "Short")
    b = make_article(
        "Since leaving her band the singer has released an album, Horizons, and is touring Japan with "
        "the drummer Kenji Watanabe.",
        "Long",
    )
    claims, _ = build_claims([a, b], None, [], [], [], BagEncoder(), ClaimsConfig(threshold=0.3))
    album = _claim_with(claims, "Horizons")
    assert "Watanabe" not in album.text
    assert set(album.articles) == {a.id, b.id}


def test_the_text_every_outlet_backs_is_shown_over_a_longer_one_only_one_backs():
    a = make_article(
        "The city council approved the new transport budget after a long debate, and the mayor promised "
        "cheaper tickets for students and pensioners.",
        "A",
    )
    b = make_article("The city council approved the new transport budget after a long debate.", "B")
    c = make_article("The city council approved the new transport budget after a long debate, aides said.", "C")
    claims, _ = build_claims([a, b, c], None, [], [], [], BagEncoder(), ClaimsConfig(threshold=0.3))
    budget = _claim_with(claims, "transport budget")
    assert "cheaper tickets" not in budget.text
    assert set(budget.articles) == {a.id, b.id, c.id}


def test_a_unit_noun_no_family_lists_still_counts_its_own_kind():
    (q,) = quantities("The ferry was carrying 80 travellers to Bukavu.", "a", 0, "en")
    assert (q.value, q.family, q.span.text) == (80.0, "traveller", "80 travellers")
    assert [x.family for x in quantities("It was signed on 3 December.", "a", 0, "en")] == [None]


def test_disagree_on_figures_dates_and_years_but_not_on_a_missing_detail():
    base = _unit("The museum reopened with 12 new galleries in May 2021.")
    assert disagree(base, _unit("The museum reopened with 15 new galleries in May 2021."), [])
    assert disagree(base, _unit("The museum reopened with 12 new galleries in June 2021."), [])
    assert disagree(base, _unit("The museum reopened with 12 new galleries in May 2022."), [])
    assert not disagree(base, _unit("The museum reopened with its new galleries after the works."), [])
