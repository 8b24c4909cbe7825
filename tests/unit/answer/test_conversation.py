"""Unit tests of the conversation layer (assistent.answer.conversation): language, question type and
follow-ups rewritten into standalone questions."""
from __future__ import annotations

import pytest

from assistent.answer.conversation import detect_language, is_follow_up, question_type, standalone
from assistent.models import Turn


def history(*user_questions: str, answer: str = "Antwoord.") -> list[Turn]:
    """A conversation: each user question followed by an assistant answer."""
    turns: list[Turn] = []
    for q in user_questions:
        turns += [Turn(role="user", content=q), Turn(role="assistant", content=answer)]
    return turns


# --- language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("How much own contribution is required?", "en"),
        ("Is there a fund for us?", "en"),
        ("Can a housing cooperative get a loan from the fund?", "en"),
        ("Hoeveel eigen inleg is nodig?", "nl"),
        ("Is het fonds er ook voor ons?", "nl"),
        ("Kan een wooncoöperatie een lening krijgen van het fonds?", "nl"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "SVn", "Is", "Didam-arrest?"])
def test_a_tie_goes_to_dutch(text: str) -> None:
    assert detect_language(text) == "nl"


# --- question type -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("Hoeveel subsidie kreeg SVn?", "hoeveel"),
        ("Hoe hoog is de eigen inleg?", "hoeveel"),
        ("Wat is het bedrag van de subsidie?", "hoeveel"),
        ("How much does it cost?", "hoeveel"),
        ("Wanneer start het fonds?", "wanneer"),
        ("In welk jaar is de tender uitgezet?", "wanneer"),
        ("When will the fund open?", "wanneer"),
        ("Wie voert het fonds uit?", "wie"),
        ("Welke organisatie voert het fonds uit?", "wie"),
        ("Mag een woonvereniging meedoen?", "mag"),
        ("Kan een CPO een lening krijgen?", "kan"),
        ("Does the fund lend to cooperatives?", "kan"),
        ("Waarom revolveert het fonds?", "waarom"),
        ("Om welke reden is SVn gekozen?", "waarom"),
        ("Why was SVn chosen?", "waarom"),
        ("Hoe werkt het fonds?", "hoe"),
        ("Wat is het Fonds Coöperatief Wonen?", "wat"),
        ("Welke belemmeringen noemt Cooplink?", "wat"),
    ],
)
def test_question_type(question: str, qtype: str) -> None:
    assert question_type(question) == qtype


def test_question_type_skips_a_leading_conjunction_and_finds_a_later_question_word() -> None:
    assert question_type("En, hoeveel kost het?") == "hoeveel"
    assert question_type("Maar waarom dan?") == "waarom"
    assert question_type("De bouwfase, wanneer start die?") == "wanneer"
    assert question_type("De subsidie: hoeveel was dat?") == "hoeveel"
    assert question_type("Vertel me over de taxatierichtlijn") == "wat"


# --- follow-ups --------------------------------------------------------------------


@pytest.mark.parametrize("question", ["En in de bouwfase?", "And for the build phase?", "Maar voor koopwoningen?", "Wat betekent dat?", "En wanneer?",
                                      "Hoeveel is dat dan bij 3 miljoen?", "Waar moeten die dan aankloppen voor geld?"])
def test_short_questions_that_lean_on_the_previous_one_are_follow_ups(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    ["Wat is de rol van gemeenten bij wooncoöperaties?", "Hoeveel eigen inleg is nodig?", "", "?"],
)
def test_complete_questions_are_not_follow_ups(question: str) -> None:
    assert not is_follow_up(question)


@pytest.mark.parametrize("question", ["wanneer weten we daar meer over?", "kunnen die ook bij het fonds lenen?",
                                      "why do they have to pay that"])
def test_a_question_that_points_back_and_names_little_of_its_own_is_a_follow_up(question: str) -> None:
    assert not is_follow_up(question)  # by its form alone it could stand on its own
    assert is_follow_up(question, topic=0.6)
    assert not is_follow_up(question, topic=2.0)


def test_a_question_that_names_nothing_the_sources_know_is_a_follow_up() -> None:
    assert is_follow_up("vanaf wanneer?", topic=0.0)
    assert not is_follow_up("Wat houdt die inspiratiegids voor corporaties in?", topic=3.2)


def test_the_topic_measure_reaches_the_earlier_question_too() -> None:
    turns = history("Wordt er iets gedaan aan de kostendelersnorm?")
    assert standalone("wanneer weten we daar meer over?", turns) == "wanneer weten we daar meer over?"
    got = standalone("wanneer weten we daar meer over?", turns, topic=lambda q: 0.0 if "daar" in q else 2.0)
    assert got.startswith("Wordt er iets gedaan aan de kostendelersnorm") and got.endswith("daar meer over?")


def test_without_history_or_for_a_complete_question_the_question_is_kept() -> None:
    q = "En in de bouwfase?"
    assert standalone(q, None) == q and standalone(q, []) == q
    complete = "Wat is de rol van gemeenten?"
    assert standalone(complete, history("Wie voert het fonds uit?")) == complete


def test_a_follow_up_swaps_the_phase_into_the_previous_question() -> None:
    got = standalone("En in de bouwfase?", history("Hoeveel eigen inleg is nodig in de planfase?"))
    assert got.startswith("Hoeveel eigen inleg is nodig in de bouwfase?")
    assert "planfase" not in got


def test_an_english_follow_up_swaps_the_english_phrase() -> None:
    got = standalone("And for the build phase?", history("How much own contribution is needed in the plan phase?"))
    assert got.startswith("How much own contribution is needed in the build phase?")
    assert "plan phase" not in got


def test_a_follow_up_swaps_tenure_and_parties() -> None:
    assert standalone("En voor koopwoningen?", history("Kan het fonds huurwoningen financieren?")).startswith(
        "Kan het fonds koopwoningen financieren?"
    )
    assert standalone("En provincies?", history("Wat doen gemeenten voor coöperaties?")).startswith(
        "Wat doen provincies voor coöperaties?"
    )


def test_a_follow_up_about_a_new_object_keeps_the_question_and_changes_its_object() -> None:
    got = standalone("en over de kostendelersnorm?", history("Wat zegt de brief over huurtoeslag?"))
    assert got == "Wat zegt de brief over de kostendelersnorm?"


def test_a_follow_up_without_a_swap_is_appended_to_the_previous_question() -> None:
    assert standalone("En wanneer?", history("Wie voert het fonds uit?")) == "Wie voert het fonds uit: wanneer?"


def test_the_follow_up_builds_on_the_last_user_question_not_on_an_answer() -> None:
    turns = history("Hoeveel eigen inleg is nodig in de planfase?", "Wat is de rol van gemeenten?")
    turns.append(Turn(role="assistant", content="In de planfase is 5% nodig."))
    got = standalone("En wanneer?", turns)
    assert got == "Wat is de rol van gemeenten: wanneer?"
    only_answers = [Turn(role="assistant", content="Hoeveel eigen inleg is nodig in de planfase?")]
    assert standalone("En in de bouwfase?", only_answers) == "En in de bouwfase?"


def test_a_complete_question_that_starts_with_a_preposition_is_not_rewritten() -> None:
    q = "Voor wie is het fonds bedoeld?"
    assert standalone(q, history("Wie voert het fonds uit?")) == q
    assert standalone("Bij welke organisatie kan ik terecht?", history("Wie voert het fonds uit?")).startswith("Bij welke")
    # a bare prepositional phrase still continues the previous question
    assert standalone("En voor koopwoningen?", history("Wat is de eigen inleg voor huurwoningen?")) != "En voor koopwoningen?"


def test_a_follow_up_to_a_follow_up_carries_the_first_question_along() -> None:
    from assistent.answer.conversation import standalone

    history = [Turn(role="user", content="Vanaf welke fase financiert het fonds?"),
               Turn(role="assistant", content="Vanaf de planfase."),
               Turn(role="user", content="En wat moet er dan al klaar zijn?"),
               Turn(role="assistant", content="De initiatieffase.")]
    query = standalone("en hoeveel moeten we zelf inbrengen", history)
    assert "fonds" in query and "inbrengen" in query


def test_what_was_said_last_is_the_assistants_words_without_headings_or_marks() -> None:
    from assistent.answer.conversation import SAID_CHARS, last_said

    turns = history("Is er hulp bij zelfbeheer?", answer='Volgens de Kamerbrief van 19 januari 2026:\n"Er is een toolbox." [1]')
    assert last_said(turns) == "Er is een toolbox."
    assert last_said(None) == "" and last_said(history("Wat is het fonds?", answer="x" * 500)) == "x" * SAID_CHARS
