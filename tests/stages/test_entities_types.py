"""One-word names only the English tagger typed keep that type only when a cue supports it:
"Orkney" (islands) is no person, "Mantra" (a clothing line) no place; cued people and places stay."""

from __future__ import annotations

from collections import Counter

import pytest

from chorus.model import Entity, Mention
from chorus.stages.entities import EntitiesConfig, extract_entities, load_english
from chorus.stages.entities_merge import Form
from chorus.stages.entities_types import retype
from tests.stages.test_entities import _article


@pytest.fixture(scope="module")
def nlp():
    return load_english()


def _types(story: list[str], nlp) -> dict[str, str]:
    ents: list[Entity] = extract_entities([_article(t) for t in story], nlp, None, EntitiesConfig())
    return {e.name: e.type for e in ents}


def test_islands_the_tagger_calls_a_person_are_a_place(nlp):
    story = [
        "Ferry services between Aberdeen and Orkney were cancelled on Tuesday as gales swept the north of Scotland.",
        "Passengers bound for Orkney and Shetland were told to expect further delays, the operator said.",
    ]
    assert _types(story, nlp)["Orkney"] == "LOCATION"


def test_places_listed_with_a_place_are_places(nlp):
    story = [
        "Archaeologists say the mound at Dingwall was built by Norse settlers who sailed from Orkney.",
        "At the height of his power, Earl Thorfinn ruled Caithness, Shetland and Orkney.",
    ]
    # "the mound at Dingwall" is one preposition of place, which people follow as often ("shouted at
    # Trump"): the tagger's type stands there, a known limit, so Dingwall is not asserted
    types = _types(story, nlp)
    assert types["Orkney"] == "LOCATION"
    assert types["Earl Thorfinn"] == "PERSON"


def test_a_clothing_line_the_tagger_calls_a_facility_is_no_place(nlp):
    story = [
        "Actress Tara Reid has checked into a rehab clinic in Malibu, her publicist said on Friday.",
        "Reid, who launched a clothing line called Mantra last year, asked for privacy.",
        "The star recently started her own fashion label, Mantra, and has been dating a French designer.",
    ]
    types = _types(story, nlp)
    assert types["Mantra"] == "OTHER"
    assert types["Tara Reid"] == "PERSON" and types["Malibu"] == "LOCATION"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The ball went to Messi near the box, and the crowd in Barcelona erupted.", "Messi"),
        ("The committee handed the award to Obama at a ceremony in Oslo on Thursday.", "Obama"),
        ("Greek officials sent a letter to Merkel on Monday asking for more time.", "Merkel"),
        ("The judge looked at Weinstein as the verdict was read in Manhattan.", "Weinstein"),
    ],
)
def test_a_person_after_one_preposition_stays_a_person(text, name, nlp):
    # people are given, sent and shouted "to" and "at" as often as places are travelled to
    assert _types([text], nlp)[name] == "PERSON"


def test_islands_after_prepositions_in_two_mentions_are_a_place(nlp):
    story = ["Ferries to Orkney were cancelled on Tuesday, and flights from Orkney were delayed by the gales."]
    assert _types(story, nlp)["Orkney"] == "LOCATION"


def test_one_word_people_with_a_person_cue_stay_people(nlp):
    story = [
        "Defense lawyer Shawn Holley said White would testify. Heller said the facility was licensed.",
        "Prosecutors objected, and Heller argued that the clinic in Malibu was unlicensed.",
    ]
    types = _types(story, nlp)
    assert types["Heller"] == "PERSON" and types["White"] == "PERSON"


# --- the cue rules on hand-made forms (independent of the tagger) ---------------------------------


def _form(text: str, word: str, typ: str, *, article: str = "a", facility: bool = False) -> Form:
    f = Form(key=word.casefold(), tokens=(word.casefold(),), canonical=None)
    start = 0
    while (i := text.find(word, start)) >= 0:
        f.mentions.append(Mention(article=article, start=i, end=i + len(word), text=word))
        f.surfaces[word] += 1
        f.types[typ] += 1
        f.facility += facility
        start = i + len(word)
    return f


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a preposition of place before every mention (two or more), no person cue
        ("Ferries to Orkney were cancelled. Flights from Orkney were delayed.", "LOCATION"),
        ("A 50-year-old man from Dexter was arrested. Schools in Dexter were closed.", "LOCATION"),
        # one preposition alone is as often a person's: the tagger stands
        ("Ferries to Orkney were cancelled.", "PERSON"),
        ("Protesters shouted at Orkney as the motorcade passed.", "PERSON"),
        ("Fans waited near Orkney after the match.", "PERSON"),
        # a place noun after it
        ("Riot police entered the Exarchia district overnight.", "LOCATION"),
        # person cues win: a title, a verb of speech, an age, "who"
        ("Crowds gathered outside the house. Mr. Orkney declined to comment.", "PERSON"),
        ("Police in the town spoke to Orkney. Orkney said he saw nothing.", "PERSON"),
        ("The court heard from Orkney, 45, a local fisherman.", "PERSON"),
        ("The money went to Orkney, who denied wrongdoing.", "PERSON"),
        # a possessive after the preposition's object is a person's
        ("The meeting was held at Nixon's vacation home.", "PERSON"),
        # only one of two mentions after a preposition, nothing else: the tagger stands
        ("Gomes ran into Jean last week. Jean called the police.", "PERSON"),
        # no cue at all: the tagger stands
        ("Orkney voted against independence.", "PERSON"),
    ],
)
def test_a_one_word_person_needs_no_person_cue_and_a_place_cue_to_become_a_place(text, expected):
    word = next(w for w in ("Orkney", "Dexter", "Exarchia", "Nixon", "Jean") if w in text)
    (out,) = retype([_form(text, word, "PERSON")], {"a": text})
    assert out.type == expected


def test_a_one_word_person_of_a_full_name_is_left_alone():
    # "sent to Reid", "went to Reid" alone would make a place of "Reid"; the story's "Tara Reid" is a
    # person cue
    text = "Tara Reid checked into a clinic. Flowers were sent to Reid. Cards went to Reid."
    full = _form(text, "Tara Reid", "PERSON")
    full.tokens = ("tara", "reid")
    short = _form(text, "Reid", "PERSON")
    short.mentions = [m for m in short.mentions if m.start > 10]
    assert retype([short], {"a": text})[0].type == "LOCATION"
    assert [f.type for f in retype([full, short], {"a": text})] == ["PERSON", "PERSON"]


@pytest.mark.parametrize(
    ("text", "facility", "expected"),
    [
        ("She launched a clothing line called Mantra last year.", True, "OTHER"),
        # a facility with a place cue stays a place
        ("Flights were diverted to Heathrow.", True, "LOCATION"),
        ("Queues formed outside Wembley on Saturday.", True, "LOCATION"),
        # a place the tagger calls a city or a country (GPE) is not judged: "a California judge"
        ("A California judge ruled on Friday.", False, "LOCATION"),
    ],
)
def test_a_one_word_facility_without_a_place_cue_is_no_place(text, facility, expected):
    word = next(w for w in ("Mantra", "Heathrow", "Wembley", "California") if w in text)
    (out,) = retype([_form(text, word, "LOCATION", facility=facility)], {"a": text})
    assert out.type == expected


def test_a_listed_place_supports_its_neighbour_settled_first():
    # the tagger's person "Orkney" becomes a place (listed with the place "Shetland"), and then
    # supports the facility "Caithness" listed next to it
    text = "Thorfinn ruled Caithness, Orkney and Shetland."
    forms = [
        _form(text, "Caithness", "LOCATION", facility=True),
        _form(text, "Orkney", "PERSON"),
        _form(text, "Shetland", "LOCATION"),
    ]
    forms[2].tokens = ("shetland",)
    out = {f.display: f.type for f in retype(forms, {"a": text})}
    assert out == {"Caithness": "LOCATION", "Orkney": "LOCATION", "Shetland": "LOCATION"}


def test_gazetteer_multi_word_and_organisation_forms_are_never_retyped():
    text = "She launched Mantra."
    gaz = _form(text, "Mantra", "LOCATION", facility=True)
    gaz.canonical = "Mantra"
    org = _form(text, "Mantra", "ORG")
    out = retype([gaz, org], {"a": text})
    assert [f.type for f in out] == ["LOCATION", "ORG"]
    assert out[0].types == Counter(LOCATION=1)
