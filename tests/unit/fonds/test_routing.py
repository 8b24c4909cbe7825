"""Which chat turns go to the rules' questionnaire: a verdict on the user's own initiative, not a
question about the fund's rules (those are answered from the sources unless the stated facts decide)."""
import pytest

from assistent.fonds import chat
from assistent.fonds.facts import asks_for_verdict


@pytest.mark.parametrize("question", [
    "Komen wij in aanmerking?",
    "Wij zijn 20 huishoudens, huur, 3 miljoen lening, 150k eigen geld: komen we in aanmerking?",
    "Wat als wij 3 miljoen lenen met 100k eigen geld?",
    "Do we qualify for the fund with 12 rental homes?",
    "Are we eligible? We are a housing association building 10 rental flats.",
])
def test_a_request_for_a_verdict_goes_to_the_rules(question):
    assert asks_for_verdict(question)
    assert chat.eligibility(question, None) is not None


@pytest.mark.parametrize("question", [
    # a rule stated with a necessity modal is a question about the rule, not the initiative
    "klopt het dat we minimaal 10% eigen geld moeten inleggen voor het fonds?",
    "we moeten toch tien procent eigen inbreng hebben voor de bouwfase, hoe komen we daaraan",
    # open questions ask for information
    "Hoeveel kunnen we maximaal lenen bij het fonds?",
    "Hoe komen we in aanmerking voor het fonds?",
    # the fund as the subject: what the fund does
    "Our cooperative is building rental homes. Can the fund also finance our construction phase?",
    "Kan het fonds ook onze bouwfase betalen?",
])
def test_a_question_about_the_rules_is_left_to_the_sources_when_undecided(question):
    assert not asks_for_verdict(question)
    assert chat.eligibility(question, None) is None


def test_a_presupposed_claim_is_left_to_the_sources_when_the_facts_do_not_decide():
    q = "Nu het fonds ook de bouw van koopwoningen financiert, kunnen we ons hele koopproject daar onderbrengen?"
    assert chat.eligibility(q, None) is not None  # as a plain request it would start the questionnaire
    assert chat.eligibility(q, None, presupposes=True) is None


def test_facts_that_already_decide_are_answered_by_the_rules_whatever_the_form():
    # a beheercoöperatie goes to the corporation: decided without asking anything else
    d = chat.eligibility("Als beheercoop kunnen we toch voor financiering bij het fonds terecht?", None,
                         presupposes=True)
    assert d is not None and d.eligible is False


def test_an_answer_inside_a_running_check_stays_with_the_rules():
    from assistent.models import Turn

    first = "Komen wij in aanmerking?"
    d0 = chat.eligibility(first, None)
    assert d0 is not None and d0.next_question is not None
    history = [Turn(role="user", content=first), Turn(role="assistant", content=chat.render(d0))]
    assert chat.eligibility("We zijn een woonvereniging", history) is not None


@pytest.mark.parametrize("question", [
    # whether the fund is open yet is a question about the fund, not about this initiative
    "kan ik nu al aankloppen bij het fonds of is het nog niet open",
    # a question without its question mark, about a tenancy, is no case for the rules
    "een bewoner zegt z'n lidmaatschap op maar wil gewoon blijven wonen, kunnen we z'n huurcontract beëindigen",
    # facts of an initiative as context for a question how, when, where or who: no verdict, even a decided one
    "Bij het overkopen van corporatiewoningen krijgt de coöperatie 50% korting op de prijs in verhuurde staat. "
    "Hoe vragen we die aan?",
    "Wij huren bij een woningcorporatie en willen het beheer overnemen. Waar kunnen we aankloppen voor geld?",
    # … also as a question clause without its question mark, inside the last sentence
    "wij huren van de woningcorporatie en willen zelf het beheer overnemen hoe pakken we dat aan",
    "we wonen met zijn achten in een nieuwbouwpand en delen de keuken, wat raadt de brief dan aan",
])
def test_a_question_how_when_where_or_who_is_left_to_the_sources(question):
    assert chat.eligibility(question, None) is None


def test_with_facts_the_open_question_still_gets_a_verdict_when_it_asks_to_qualify():
    q = "Wij zijn een wooncoöperatie, huur, nieuwbouw, planfase, 3 mln lening, 150k eigen. Hoe komen we in aanmerking?"
    assert chat.eligibility(q, None) is not None
