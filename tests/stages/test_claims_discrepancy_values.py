"""Where sources differ: every distinct value with every outlet, article, span and origin behind it
(user audit: a figure discrepancy named one pair of outlets only)."""

from __future__ import annotations

import re

import pytest

from chorus.model import Article, Discrepancy
from chorus.stages.brief import write_brief
from chorus.stages.claims import build_claims
from tests.helpers import BagEncoder, fixture_attributions, make_article

_TAIL = " in the northern city of Sampletown on Monday morning"


def _story(*lines: tuple[str, str]) -> tuple[list[Article], list[Discrepancy], object]:
    arts = [make_article(text, outlet) for outlet, text in lines]
    claims, diffs = build_claims(arts, None, fixture_attributions(arts), [], [], BagEncoder())
    return arts, diffs, claims


def _numbers(diffs: list[Discrepancy]) -> list[Discrepancy]:
    return [d for d in diffs if d.kind == "number"]


def _relay_story() -> tuple[list[Article], list[Discrepancy], object]:
    return _story(
        ("A", f"The blast killed 12 people{_TAIL}, SANA said."),
        ("B", f"The blast killed 12 people{_TAIL}, SANA reported."),
        ("C", f"The blast killed 15 people{_TAIL}."),
    )


def test_a_figure_discrepancy_lists_every_outlet_behind_each_value():
    arts, diffs, _ = _relay_story()
    [d] = _numbers(diffs)
    assert [(v.value, v.articles, v.outlets) for v in d.values] == [
        (12.0, (arts[0].id, arts[1].id), ("A", "B")),
        (15.0, (arts[2].id,), ("C",)),
    ]
    # the discrepancy's own evidence holds every outlet's figure, not one pair's
    assert sorted((e.article, e.text) for e in d.evidence) == sorted(
        [(arts[0].id, "12 people"), (arts[1].id, "12 people"), (arts[2].id, "15 people")]
    )


def test_each_value_counts_its_independent_origins():
    _, diffs, _ = _relay_story()
    [d] = _numbers(diffs)
    twelve, fifteen = d.values
    assert (twelve.origins, twelve.independent_origins) == (("SANA",), 1)  # two outlets, one agency
    assert (fifteen.origins, fifteen.independent_origins) == (("C",), 1)


def test_value_evidence_and_sentences_are_exact_spans_of_their_articles():
    arts, diffs, _ = _relay_story()
    by_id = {a.id: a for a in arts}
    [d] = _numbers(diffs)
    for v in d.values:
        assert len(v.evidence) == len(v.sentences) == len(v.articles)
        for fig, sent in zip(v.evidence, v.sentences, strict=True):
            text = by_id[fig.article].text
            assert text[fig.start : fig.end] == fig.text
            assert text[sent.start : sent.end] == sent.text
            assert sent.article == fig.article and sent.start <= fig.start and fig.end <= sent.end


def test_two_outlets_on_each_side_with_their_own_origins():
    _, diffs, _ = _story(
        ("A", f"The storm destroyed 40 houses{_TAIL}."),
        ("B", f"The storm destroyed 40 houses{_TAIL} again."),
        ("C", f"The storm destroyed 45 houses{_TAIL}."),
        ("D", f"The storm destroyed 45 houses{_TAIL} again."),
    )
    [d] = _numbers(diffs)
    assert [(v.outlets, v.independent_origins) for v in d.values] == [(("A", "B"), 2), (("C", "D"), 2)]
    assert "“40 houses”: A, B (2 independent origins); “45 houses”: C, D (2 independent origins)" in d.text


def test_three_values_are_all_listed():
    _, diffs, _ = _story(
        ("A", f"The blast killed 12 people{_TAIL}."),
        ("B", f"The blast killed 15 people{_TAIL}."),
        ("C", f"The blast killed 20 people{_TAIL}."),
    )
    [d] = _numbers(diffs)
    assert [(v.text, v.outlets) for v in d.values] == [
        ("12 people", ("A",)),
        ("15 people", ("B",)),
        ("20 people", ("C",)),
    ]


def test_an_article_that_itself_gives_both_figures_is_listed_under_neither():
    # D first said 12, later 15: an update within one article, not a source for either side
    _, diffs, _ = _story(
        ("A", f"The blast killed 12 people{_TAIL}."),
        ("C", f"The blast killed 15 people{_TAIL}."),
        ("D", f"The blast killed 12 people{_TAIL} again.\n\nLater: the blast killed 15 people, officials said."),
    )
    [d] = _numbers(diffs)
    assert [v.outlets for v in d.values] == [("A",), ("C",)]


def test_a_weekday_discrepancy_lists_every_outlet():
    _, diffs, _ = _story(
        ("A", "The minister met the delegation in the capital city on Monday morning."),
        ("B", "The minister met the delegation in the capital city on Monday morning again."),
        ("C", "The minister met the delegation in the capital city on Tuesday morning."),
    )
    [d] = [d for d in diffs if d.kind == "date"]
    assert [(v.text, v.outlets, v.value) for v in d.values] == [("Monday", ("A", "B"), None), ("Tuesday", ("C",), None)]
    assert d.text == "Sources differ on the date: “Monday”: A, B (2 independent origins); “Tuesday”: C."


def test_a_name_spelled_two_ways_lists_every_outlet_of_each_spelling():
    _, diffs, _ = _story(
        ("A", "Defence Minister Murhaf Abu Qasra met the Russian president in Moscow on Tuesday."),
        ("B", "Defence Minister Murhaf Abu Qasra met the Russian president in Moscow on Tuesday again."),
        ("C", "Defence Minister Mulhaf Abu Kasra met the Russian president in Moscow on Tuesday."),
    )
    [d] = [d for d in diffs if d.kind == "name"]
    assert [(v.text, v.outlets) for v in d.values] == [("Murhaf Abu Qasra", ("A", "B")), ("Mulhaf Abu Kasra", ("C",))]


# --- the brief: Markdown, HTML, sentences, Arabic -------------------------------------------------


def _differ_section(md: str) -> str:
    return md.split("## Where sources differ\n\n")[1].split("\n## ")[0]


def test_brief_groups_outlets_and_origins_under_each_value():
    arts, diffs, claims = _relay_story()
    brief = write_brief("s", "Blast", arts, claims, diffs, [], [])
    section = _differ_section(brief.markdown)
    want = "- Sources differ on a figure: “12 people”: A, B (1 independent origin: SANA); “15 people”: C. [1][2][3]"
    assert want in section
    [s] = [s for s in brief.sentences if s.text.startswith("Sources differ on a figure")]
    assert set(s.citations) == {a.id for a in arts}


def test_brief_html_escapes_and_isolates_every_outlet_and_value():
    arts, diffs, claims = _story(
        ("<b>A</b>", f"The blast killed 12 people{_TAIL}."),
        ("B \u202egnp.exe", f"The blast killed 12 people{_TAIL} again."),
        ("C & D", f"The blast killed 15 people{_TAIL}."),
    )
    brief = write_brief("s", "Blast", arts, claims, diffs, [], [])
    [li] = [x for x in re.findall(r"<li>(.*?)</li>", brief.html) if "differ on a figure" in x]
    assert "<b>" not in li and "\u202e" not in li
    assert "<bdi>&lt;b&gt;A&lt;/b&gt;</bdi>, <bdi>B gnp.exe</bdi>" in li
    assert "“<bdi>15 people</bdi>”: <bdi>C &amp; D</bdi>" in li
    assert "- Sources differ on a figure: “12 people”: \\<b\\>A\\</b\\>, B gnp.exe (2 independent origins)" in (
        brief.markdown
    )


def test_arabic_brief_writes_the_grouping_in_arabic():
    arts, diffs, claims = _story(
        ("الثورة", "أسفر الانفجار عن مقتل 12 شخصا في المدينة الشمالية صباح الاثنين الماضي."),
        ("الوطن", "أسفر الانفجار عن مقتل 12 شخصا في المدينة الشمالية صباح الاثنين الماضي أيضا."),
        ("النهار", "أسفر الانفجار عن مقتل 15 شخصا في المدينة الشمالية صباح الاثنين الماضي."),
    )
    brief = write_brief("s", "انفجار", arts, claims, diffs, [], [])
    section = _differ_section(brief.markdown.replace("## مواضع اختلاف المصادر", "## Where sources differ"))
    assert "Sources" not in section and "origin" not in section
    assert "«12 شخصا»: الثورة، الوطن (مصدران مستقلان)؛ «15 شخصا»: النهار." in section


@pytest.mark.parametrize("n", [1, 2, 3, 11, 100])
def test_every_language_file_has_the_value_templates(n):
    from chorus.stages.brief import brief_strings

    for lang in ("en", "ar"):
        t = brief_strings(lang)
        assert t("differ_origins", n=n)
        for key in ("differ_number", "differ_date", "differ_name", "differ_other"):
            assert "{values}" in str(t.data[key])
        for key in ("differ_value", "differ_value_count", "differ_value_origins"):
            assert "{value}" in str(t.data[key]) and "{outlets}" in str(t.data[key])
