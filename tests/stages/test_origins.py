"""Origins: one SANA dispatch relayed five times is one origin, not five."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from chorus.model import Relation
from chorus.stages.attribution import find_attributions
from chorus.stages.origins import Provenance, article_origins, span_origins
from chorus.stages.relations import find_relations
from tests.conftest import SEEDS
from tests.helpers import make_article, span

_HEADER = re.compile(r"\A[ \t]*date[ \t]+\d{4}-\d{2}-\d{2}[ \t]*")
_ARABIC = re.compile("[\u0600-\u06ff]")


ORIGINAL = "SANA reported that Putin met the ministers in Moscow.\nBoth sides stressed respect for international law."


def test_attributed_sentence_has_the_agency_as_origin_and_own_reporting_the_outlet():
    a = make_article(ORIGINAL, outlet="Daily A")
    b = make_article(
        "Ministers met in Moscow on Tuesday.\nThe talks lasted three hours, officials said.", outlet="Paper B"
    )
    atts = [x for art in (a, b) for x in find_attributions(art)]
    spans = [span(a, "Putin met the ministers"), span(b, "The talks lasted")]
    assert span_origins(spans, atts, [], [a, b]) == (("SANA", "Paper B"), 2)
    assert article_origins([a, b], [], atts) == {a.id: ("SANA",), b.id: ("Paper B",)}


def test_unattributed_copy_takes_its_originals_origin():
    orig = make_article(ORIGINAL, outlet="Daily A", published=dt.date(2025, 12, 23))
    copy = make_article(
        ORIGINAL.replace("Moscow.", "Moscow on Tuesday."), outlet="Copycat", published=dt.date(2025, 12, 24)
    )
    rel = Relation(kind="near_duplicate", a=copy.id, b=orig.id, score=0.9, evidence=((0, 10, 0, 10),))
    atts = [x for art in (orig, copy) for x in find_attributions(art)]
    s_copy, s_orig = span(copy, "Both sides stressed"), span(orig, "Both sides stressed")
    # Without the relation the two unattributed sentences look independent ...
    assert span_origins([s_copy, s_orig], atts, [], [orig, copy])[1] == 2
    # ... with it, the copy's sentence is the original's: one origin, the earlier outlet.
    assert span_origins([s_copy, s_orig], atts, [rel], [orig, copy]) == (("Daily A",), 1)


def test_credited_wire_is_the_origin_when_there_is_no_outlet():
    art = make_article("Ministers met in Moscow on Tuesday.", credits=("AA",))
    assert span_origins([span(art, "Ministers met")], [], [], [art]) == (("Anadolu Agency",), 1)


def test_seeds_have_one_origin_sana():
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    arts = []
    for p in sorted(SEEDS.glob("*.txt")):
        pub = dt.date(2025, 12, 24) if p.name[:3] in ("000", "001", "002") else None
        arts.append(make_article(_HEADER.sub("", p.read_text(encoding="utf-8")).rstrip(), published=pub))
    rels = find_relations(arts, None)  # copies only: fast; translations would add nothing here
    atts = [x for art in arts for x in find_attributions(art)]
    assert set(article_origins(arts, rels, atts).values()) == {("SANA",)}
    # The claim that the meeting focused on strategic cooperation, as each article states it.
    needles = [
        "The Syrian news agency (SANA) reported",
        "The meeting on Tuesday addressed",
        "وذكرت وكالة الأنباء",
        "The Syrian Arab News Agency (SANA) said",
        "The meeting addressed a range",
    ]
    spans = [span(art, n) for art, n in zip(arts, needles, strict=True)]
    assert span_origins(spans, atts, rels, arts) == (("SANA",), 1)
    # 000's unattributed "Both sides stressed" sentence is 002's (000 = 002's English half).
    both = [span(arts[0], "Both sides stressed"), span(arts[2], "Both sides stressed")]
    assert span_origins(both, atts, rels, arts)[1] == 1


def test_unattributed_restatement_in_an_article_relaying_the_agency_is_the_agencys():
    relay = make_article(
        "Putin met the Syrian ministers in Moscow on Tuesday.\nSANA reported that talks covered defence."
    )
    cited = make_article("Putin met the Syrian ministers in Moscow, according to SANA.", outlet="Paper B")
    atts = [x for art in (relay, cited) for x in find_attributions(art)]
    spans = [span(relay, "Putin met the Syrian ministers"), span(cited, "Putin met the Syrian ministers")]
    assert span_origins(spans, atts, [], [relay, cited]) == (("SANA",), 1)


def test_outlet_that_never_cites_the_agency_is_its_own_origin():
    own = make_article("Putin met the Syrian ministers in Moscow on Tuesday.", outlet="Paper C")
    cited = make_article("Putin met the Syrian ministers in Moscow, according to SANA.", outlet="Paper B")
    atts = [x for art in (own, cited) for x in find_attributions(art)]
    spans = [span(own, "Putin met the Syrian ministers"), span(cited, "Putin met the Syrian ministers")]
    assert span_origins(spans, atts, [], [own, cited]) == (("Paper C", "SANA"), 2)


def test_unattributed_shared_wire_copy_is_one_origin_the_credited_wire():
    text = "Assad fled to Russia on December 8, 2024, ending the Baath Party regime."
    wire = make_article(f"{text}\nOther context here.", credits=("AA",))
    relay = make_article(f"Different lead sentence.\n{text}")
    i, j = wire.text.index(text), relay.text.index(text)
    rel = Relation(
        kind="shared_wire_copy", a=wire.id, b=relay.id, score=0.6, evidence=((i, i + len(text), j, j + len(text)),)
    )
    spans = [span(wire, "Assad fled to Russia"), span(relay, "Assad fled to Russia")]
    assert span_origins(spans, [], [], [wire, relay])[1] == 2
    assert span_origins(spans, [], [rel], [wire, relay]) == (("Anadolu Agency",), 1)


def test_speakers_are_named_as_their_entity():
    from chorus.model import Entity, Mention
    from chorus.stages.origins import Provenance

    art = make_article('"Reconstruction is our priority," Shaibani said.', outlet="Paper A")
    atts = find_attributions(art)
    assert [a.source for a in atts] == ["Shaibani"]
    ent = Entity(
        id="e1",
        name="Asaad al-Shaibani",
        type="PERSON",
        variants=("Asaad al-Shaibani", "Shaibani"),
        mentions=(Mention(article=art.id, start=0, end=1, text="S"),),
    )
    prov = Provenance([art], atts, [], [ent])
    assert prov.claim_origins([span(art, "Reconstruction is our priority")]) == (("Asaad al-Shaibani",), 1)


# --- audit item 2: one speaker named with and without a title is one origin -----------------------


def _claim(*pairs):
    arts = [a for a, _ in pairs]
    atts = [x for art in arts for x in find_attributions(art)]
    return span_origins([span(a, n) for a, n in pairs], atts, [], arts)


def test_a_speaker_with_and_without_a_title_is_one_origin():
    a = make_article("Japanese Prime Minister Taro Sato announced a donation of $500 million.", outlet="Paper A")
    b = make_article("Taro Sato announced a donation of $500 million.", outlet="Paper B")
    assert _claim((a, "a donation"), (b, "a donation")) == (("Taro Sato",), 1)


def test_a_surname_is_the_one_full_name_that_ends_with_it():
    a = make_article('"The dogs were starving," said Humane Officer Barbara Morgan.', outlet="Paper A")
    b = make_article('"The dogs were starving," Morgan says.', outlet="Paper B")
    assert _claim((a, "The dogs were starving"), (b, "The dogs were starving")) == (("Barbara Morgan",), 1)


def test_two_people_with_one_surname_stay_apart():
    a = make_article("Barbara Morgan said the dogs were starving.", outlet="Paper A")
    b = make_article("Ken Morgan said the dogs were starving.", outlet="Paper B")
    c = make_article("Morgan said the dogs were starving.", outlet="Paper C")
    origins, n = _claim((a, "the dogs"), (b, "the dogs"), (c, "the dogs"))
    assert n == 3 and origins[:2] == ("Barbara Morgan", "Ken Morgan")


def test_a_relay_of_a_named_channel_is_the_channel():
    # "WPXI-TV reported" in the station's own story, "Pittsburgh's WPXI reported" in a rewrite.
    own = make_article("WPXI-TV reported that the teacher sent 2,400 texts.\nThe teacher resigned in March.")
    relay = make_article(
        "The teacher resigned in March, Pittsburgh's WPXI reported.\nShe is free on bond.", outlet="Gawker"
    )
    assert _claim((own, "The teacher resigned"), (relay, "The teacher resigned")) == (("WPXI",), 1)


# --- audit item 10: the root of a translation group does not depend on input order ----------------


def _translations(order, **meta):
    from chorus.model import Article, Segment

    texts = {
        "ar": "ضرب زلزال المحيط الهندي.",
        "en": "An earthquake struck the Indian Ocean.",
        "fr": "Un séisme a frappé l'océan Indien.",
    }
    arts = {}
    for lang in order:
        t = texts[lang]
        arts[lang] = Article(
            id=f"id-{lang}",
            source=f"M0009.{lang}",
            text=t,
            segments=(Segment(id=f"id-{lang}:0", language=lang, start=0, end=len(t)),),
            metadata=meta.get(lang, {}),
        )
    langs = sorted(arts)
    rels = [
        Relation(kind="translation", a=arts[x].id, b=arts[y].id, score=0.9, evidence=((0, 5, 0, 5),))
        for x, y in itertools.pairwise(langs)
    ]
    spans = [span(arts[x], arts[x].text[:8]) for x in order]
    return [arts[x] for x in order], rels, spans


@pytest.mark.parametrize("order", [("ar", "en", "fr"), ("fr", "ar", "en"), ("en", "fr", "ar")])
def test_the_root_of_undated_translations_is_the_text_in_the_briefs_language(order):
    arts, rels, spans = _translations(order)
    assert span_origins(spans, [], rels, arts) == (("M0009.en",), 1)


def test_the_text_marked_as_the_original_is_the_root():
    arts, rels, spans = _translations(("ar", "en", "fr"), fr={"original": True}, en={"translated_from": "fr"})
    assert span_origins(spans, [], rels, arts) == (("M0009.fr",), 1)


def test_without_english_the_root_is_the_earliest_published():
    from dataclasses import replace

    arts, rels, spans = _translations(("ar", "fr"))
    arts = [replace(arts[0], published=dt.date(2005, 1, 2)), replace(arts[1], published=dt.date(2005, 1, 1))]
    assert span_origins(spans, [], rels, arts) == (("M0009.fr",), 1)


def test_a_dateline_credit_names_an_article_without_outlet_or_credits():
    art = make_article("RIVERTON (KDKA) — A teacher is in custody.\nShe resigned in March.")
    assert span_origins([span(art, "She resigned")], [], [], [art]) == (("KDKA",), 1)


# --- role-described speakers and agency-authored text (audit W5, W4) ---------------------------------


def test_the_same_role_speaker_in_several_outlets_is_one_origin():
    texts = [
        ("Hail flattened crops near Brockton on Friday, the governor said.", "Ledger"),
        ("According to the governor, hail flattened crops near Brockton on Friday.", "Herald"),
        ("Hail flattened crops near Brockton on Friday, said the governor of the province in a statement.", "Post"),
    ]
    arts = [make_article(t, o) for t, o in texts]
    atts = [x for a in arts for x in find_attributions(a)]
    assert {x.source for x in atts} == {"the governor"}
    spans = [span(a, "hail flattened crops" if "According" in a.text else "Hail flattened crops") for a in arts]
    assert span_origins(spans, atts, [], arts) == (("the governor",), 1)


def test_a_body_named_with_and_without_capital_is_one_origin():
    a = make_article("Police said the bridge on Elm Road was shut.", "Ledger")
    b = make_article("The bridge on Elm Road was shut, police said.", "Herald")
    atts = [x for art in (a, b) for x in find_attributions(art)]
    spans = [span(a, "the bridge on Elm Road was shut"), span(b, "The bridge on Elm Road was shut")]
    assert span_origins(spans, atts, [], [a, b]) == (("police",), 1)


def test_vague_or_indefinite_speakers_leave_the_outlets_as_origins():
    a = make_article("The dam held overnight, officials said.", "Ledger")
    b = make_article("Officials said the dam held overnight.", "Herald")
    c = make_article("The dam held overnight, a police spokesman said.", "Post")
    arts = [a, b, c]
    atts = [x for art in arts for x in find_attributions(art)]
    assert atts == []
    spans = [span(a, "The dam held"), span(b, "the dam held"), span(c, "The dam held")]
    assert span_origins(spans, atts, [], arts)[1] == 3


def test_an_agencys_own_text_is_the_agency_and_roots_its_translation():
    sana = make_article("استقبل وزير الخارجية نظيره العماني في دمشق وبحثا العلاقات الثنائية.", outlet="سانا")
    relay = make_article(
        "The foreign minister received his Omani counterpart in Damascus, SANA reported.", outlet="Daily Relay"
    )
    rel = Relation(
        kind="translation", a=relay.id, b=sana.id, score=0.8, evidence=((0, len(relay.text), 0, len(sana.text)),)
    )
    atts = [x for art in (sana, relay) for x in find_attributions(art)]
    # English is the brief's language, yet the agency's own Arabic text is the root, not the relay.
    prov = Provenance([relay, sana], atts, [rel])
    assert prov.root[relay.id] == sana.id
    assert prov.claim_origins([span(sana, "استقبل وزير الخارجية")]) == (("SANA",), 1)
    assert prov.article_origins() == {relay.id: ("SANA",), sana.id: ("SANA",)}
    # Without any relation the agency's text is still the agency's, and the relay relays it.
    alone = Provenance([relay, sana], atts, [])
    assert alone.claim_origins([span(sana, "استقبل"), span(relay, "The foreign minister")]) == (("SANA",), 1)


def test_an_announcements_subject_is_its_origin():
    # W6, kept by decision (see the module docstring): "X announced Y" names X as where Y comes from.
    a = make_article("Junichiro Koizumi announced a half-billion dollar donation.", "Ledger")
    atts = find_attributions(a)
    assert span_origins([span(a, "a half-billion dollar donation")], atts, [], [a]) == (("Junichiro Koizumi",), 1)
