"""A summary in another language is no translation of its source; a real translation stays one.

The source is the seed SANA dispatch (``002``: the Arabic original and its English version, line by
line). Its short form here is the lead, the attribution and the two closing statements (lines 1, 2, 7
and 8), the shape of a four-sentence agency brief. The English summaries were written for these tests.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from chorus.model import Article
from chorus.stages.relations import RelationsConfig, find_relations
from chorus.stages.relations_align import AlignConfig
from chorus.stages.relations_units import article_units
from tests.conftest import SEEDS
from tests.helpers import make_article, one_thread_use

_HEADER = re.compile(r"\A[ \t]*date[ \t]+\d{4}-\d{2}-\d{2}[ \t]*")
_ARABIC = re.compile("[\u0600-\u06ff]")

SUMMARIES = {
    # leaves out the ministers' names and most of the statements
    "ministers unnamed": (
        "Russian President Vladimir Putin received Syria's foreign and defence ministers in Moscow on Tuesday, "
        "the Syrian news agency SANA said, with talks focused on strategic cooperation in military industries. "
        "Putin affirmed Russia's steadfast support for Syria and rejected any plan to divide the country."
    ),
    # names no one but Putin, and not the agency
    "agency unnamed": (
        "Syria's foreign and defence ministers held talks with President Vladimir Putin in Moscow on military, "
        "political and economic cooperation, according to the state news agency. The Russian leader backed "
        "Syria's sovereignty and called Israeli strikes on its territory a threat to the region."
    ),
}


def seed_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return {p.name[:3]: _HEADER.sub("", p.read_text(encoding="utf-8")).rstrip() for p in sorted(SEEDS.glob("*.txt"))}


def sana_lines() -> tuple[list[str], list[str]]:
    """The seed dispatch's eight Arabic lines and its eight English lines."""
    lines = [line for line in seed_texts()["002"].splitlines() if line.strip()]
    arabic = [line for line in lines if _ARABIC.search(line)]
    english = [line for line in lines if not _ARABIC.search(line)]
    assert len(arabic) == len(english) == 8
    return arabic, english


BRIEF = (0, 1, 6, 7)  # lead, attribution, the two closing statements


@pytest.fixture(scope="module")
def encoder():
    return one_thread_use()


def kinds(encoder, *articles: Article, cfg: RelationsConfig | None = None) -> list[str]:
    return [r.kind for r in find_relations(list(articles), encoder, cfg)]


@pytest.mark.parametrize("name", sorted(SUMMARIES))
def test_a_two_sentence_english_summary_of_an_arabic_dispatch_is_no_translation(encoder, name):
    arabic, _ = sana_lines()
    source = make_article("\n".join(arabic[i] for i in BRIEF))
    summary = make_article(SUMMARIES[name])
    assert kinds(encoder, source, summary) == []
    assert kinds(encoder, summary, source) == [], "the order of the articles does not matter"


def test_the_summary_check_is_what_refuses_it(encoder):
    # Each summary sentence aligns with two dispatch sentences joined, so the alignment covers both
    # texts whole: without the check the summary is reported as a translation.
    arabic, _ = sana_lines()
    source = make_article("\n".join(arabic[i] for i in BRIEF))
    summary = make_article(SUMMARIES["ministers unnamed"])
    off = RelationsConfig(align=AlignConfig(summaries=False))
    assert kinds(encoder, source, summary, cfg=off) == ["translation"]


def test_the_dispatch_and_its_english_version_stay_translations_when_shortened_alike(encoder):
    arabic, english = sana_lines()
    source = make_article("\n".join(arabic[i] for i in BRIEF))
    version = make_article("\n".join(english[i] for i in BRIEF))
    assert kinds(encoder, source, version) == ["translation"]


def test_among_the_seeds_the_summary_relates_to_nothing_and_the_seed_translations_stay(encoder):
    texts = seed_texts()
    seeds = {
        k: make_article(t, published=dt.date(2025, 12, 24) if k in ("000", "001", "002") else None)
        for k, t in texts.items()
    }
    arabic, _ = sana_lines()
    brief = make_article("\n".join(arabic[i] for i in BRIEF))
    summary = make_article(SUMMARIES["ministers unnamed"])
    arts = {**seeds, "brief": brief, "summary": summary}
    rels = find_relations(list(arts.values()), encoder, RelationsConfig())
    units = {u.id: (name, u.language) for name, art in arts.items() for u in article_units(art)}
    got = {(r.kind, *sorted((units[r.a], units[r.b]))) for r in rels}
    assert not [g for g in got if ("summary", "en") in g[1:]]
    assert ("translation", ("000", "en"), ("002", "ar")) in got
    assert ("translation", ("002", "ar"), ("002", "en")) in got
    # the short Arabic brief is contained word for word in the seed dispatch's Arabic half
    assert ("contained", ("002", "ar"), ("brief", "ar")) in got
