"""The brief never shows reported speech as a bare fact, never opens with a sentence that cannot open
it, and keeps file names as they are written (quality audit items 3, 12 and 14)."""

from __future__ import annotations

from chorus.model import BriefSentence, Claim, Entity, Mention, Relation
from chorus.stages.brief import (
    as_sentence,
    lead_claim,
    shown_claim,
    story_context,
    weak_lead,
    write_brief,
)
from tests.helpers import make_article


def _claim(article, text: str, origins: tuple[str, ...] | None = None) -> Claim:  # type: ignore[no-untyped-def]
    from chorus.model import Span

    start = article.text.index(text)
    span = Span(article=article.id, start=start, end=start + len(text), text=text)
    return Claim(
        id=text[:20], text=text, articles=(article.id,), outlets=(article.label,),
        origins=origins or (article.label,), independent_origins=1, evidence=(span,),
    )  # fmt: skip


def _person(name: str, article, *forms: str) -> Entity:  # type: ignore[no-untyped-def]
    mentions = []
    for form in (name, *forms):
        at = article.text.find(form)
        if at >= 0:
            mentions.append(Mention(article=article.id, start=at, end=at + len(form), text=form))
    return Entity(id=name, name=name, type="PERSON", variants=(name, *forms), mentions=tuple(mentions))


_FULLER = (
    "John Fuller, Hayes' attorney, said Monday that Hayes felt threatened and plans to plead not guilty. "
    "He also said that Hayes did not know the victim."
)


def test_a_statement_cut_from_he_said_names_the_speaker_of_the_sentence_before():
    a = make_article(_FULLER, "c32_d1.txt")
    ctx = story_context([a], [_person("John Fuller", a, "Fuller"), _person("Cardell Hayes", a, "Hayes")])
    shown = shown_claim(_claim(a, "Hayes did not know the victim.", ("Cardell Hayes",)), ctx)
    assert shown == "Hayes did not know the victim. (attributed to John Fuller)"


def test_a_statement_whose_speaker_cannot_be_named_keeps_its_attribution_clause():
    a = make_article("The hearing was on Monday. He also said that Hayes did not know the victim.", "x.txt")
    shown = shown_claim(_claim(a, "Hayes did not know the victim."), story_context([a]))
    assert shown == "He also said that Hayes did not know the victim."  # never the bare "Hayes did not know"


def test_a_cut_off_attribution_clause_after_the_statement_is_kept():
    a = make_article("The confrontation occurred at around noon, a witness said.", "x.txt")
    shown = shown_claim(_claim(a, "The confrontation occurred at around noon"), story_context([a]))
    assert shown == "The confrontation occurred at around noon. (attributed to a witness)"
    b = make_article("One man was stabbed with a flagpole, said Anaheim police Sgt. Daron Wyatt.", "y.txt")
    shown = shown_claim(_claim(b, "One man was stabbed with a flagpole"), story_context([b]))
    assert shown == "One man was stabbed with a flagpole. (attributed to Anaheim police Sgt. Daron Wyatt)"


def test_a_piece_of_a_quotation_keeps_its_quote_marks_and_speaker():
    a = make_article(
        "Heather Lattner, a mother, said, “I just don’t understand. Where are the background checks of teachers?",
        "c04_d0.txt",
    )
    ctx = story_context([a], [_person("Heather Lattner", a)])
    shown = shown_claim(_claim(a, "Where are the background checks of teachers?"), ctx)
    assert shown == "“Where are the background checks of teachers?” (attributed to Heather Lattner)"
    alone = shown_claim(_claim(a, "Where are the background checks of teachers?"), story_context([a]))
    assert alone == "“Where are the background checks of teachers?”"  # no speaker found: still a quotation


def test_a_he_said_sentence_names_the_speaker_or_is_left_out():
    a = make_article(
        "The two sides had words, Castaneda said. He said they were told to get out. They also kept quiet.", "x.txt"
    )
    ctx = story_context([a], [_person("Joe Castaneda", a, "Castaneda")])
    said = shown_claim(_claim(a, "He said they were told to get out."), ctx)
    assert said == "He said they were told to get out. (attributed to Joe Castaneda)"
    assert shown_claim(_claim(a, "They also kept quiet."), ctx) is None  # who "they" are is not said


def test_a_sentence_that_stands_on_its_own_is_shown_as_written():
    a = make_article("Police said the handgun was recovered. The hearing is set for April 28.", "x.txt")
    ctx = story_context([a])
    assert (
        shown_claim(_claim(a, "Police said the handgun was recovered."), ctx)
        == "Police said the handgun was recovered."
    )
    assert shown_claim(_claim(a, "The hearing is set for April 28."), ctx) == "The hearing is set for April 28."


def test_counterfactuals_and_scene_continuations_do_not_lead():
    assert weak_lead("Without the new law, contributors would have waited until 2006.")
    assert weak_lead("Moments later, the Hummer pulls to the side of the road.")
    assert weak_lead("Then, as the Hummer appears to pull over, the SUV speeds off.")
    assert weak_lead("He said the counter-protesters were not welcome.")
    assert not weak_lead("U.S. citizens donating in 2005 may deduct their gifts under a law signed on Friday.")
    a = make_article("Moments later, the Hummer pulls over. Hayes was charged with murder.", "x.txt")
    weak, strong = _claim(a, "Moments later, the Hummer pulls over."), _claim(a, "Hayes was charged with murder.")
    weak = Claim(**{**{f: getattr(weak, f) for f in weak.__dataclass_fields__}, "articles": ("a", "b", "c")})
    points = [
        (weak, BriefSentence(text=weak.text, citations=())),
        (strong, BriefSentence(text=strong.text, citations=())),
    ]
    assert lead_claim(points, []) == 1  # a strong lead wins over a weak one more articles carry


def test_a_file_name_opening_a_sentence_keeps_its_case():
    assert as_sentence("c04_d1.txt and c04_d2.txt share wire copy") == "c04_d1.txt and c04_d2.txt share wire copy."
    assert as_sentence("iPod sales rose") == "iPod sales rose."
    assert as_sentence("police said so") == "Police said so."
    a, b = make_article("Police said the teacher resigned.", "c04_d1.txt"), make_article("Other text.", "c04_d2.txt")
    rel = Relation(kind="shared_wire_copy", a=a.id, b=b.id, score=0.9)
    brief = write_brief("s", "t", [a, b], [], [], [], [], relations=[rel])
    assert "- c04_d1.txt and c04_d2.txt share wire copy." in brief.markdown


def test_a_speaker_named_only_by_reference_gives_way_to_the_claims_origin():
    a = make_article("The agency said Putin affirmed Russia's support for Syria.", "x.txt")
    shown = shown_claim(_claim(a, "Putin affirmed Russia's support for Syria.", ("SANA",)), story_context([a]))
    assert shown == "Putin affirmed Russia's support for Syria. (attributed to SANA)"
    alone = shown_claim(_claim(a, "Putin affirmed Russia's support for Syria."), story_context([a]))
    assert alone == "Putin affirmed Russia's support for Syria. (attributed to The agency)"


def test_it_added_names_the_claims_origin_never_it():
    """ ", it added." after an agency's report: the speaker is the origin (SANA), never "it"."""
    a = make_article("The talks focused on trade and reconstruction between the two countries, it added.", "x.txt")
    shown = shown_claim(
        _claim(a, "The talks focused on trade and reconstruction between the two countries", ("SANA",)),
        story_context([a]),
    )
    assert shown == "The talks focused on trade and reconstruction between the two countries. (attributed to SANA)"
