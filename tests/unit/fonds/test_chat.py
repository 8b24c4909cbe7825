"""The rules in a conversation: one question at a time, 'weet ik niet', calculations, evidence words."""
from __future__ import annotations

import pytest

from assistent.fonds import chat
from assistent.fonds.facts import read_facts
from assistent.fonds.rules import Facts, decide
from assistent.models import Turn


def _turns(*pairs: tuple[str, str]) -> list[Turn]:
    return [Turn(role=role, content=content) for role, content in pairs]


@pytest.mark.parametrize(
    ("question", "history", "result"),
    [
        ("Hoeveel eigen inleg is dat bij 4 miljoen?", None, 200_000),
        ("Hoeveel eigen geld hebben we nodig bij een lening van € 1.234.567?", None, 61_729),  # 61.728,35 rounded up
        ("En als we 4 miljoen nodig hebben, hoeveel eigen geld is dat dan?",
         _turns(("user", "Hoeveel eigen inleg is nodig?"), ("assistant", "Minimaal 5% van de financiering.")), 200_000),
        ("How much own contribution do we need with a loan of €2 million?", None, 100_000),
    ],
)
def test_calculation_questions_are_answered_by_the_rule(question: str, history: list[Turn] | None, result: int) -> None:
    calc = chat.calculate(question, history)
    assert calc is not None and calc.result_eur == result
    assert calc.quote == "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."
    assert chat.render_calculation(calc).count("€") >= 2


def test_largest_loan_for_an_own_contribution() -> None:
    calc = chat.calculate("We hebben 150.000 euro eigen geld. Hoeveel kunnen we maximaal lenen?")
    assert calc is not None and calc.kind == "maximum_financing" and calc.result_eur == 3_000_000


@pytest.mark.parametrize(
    "question",
    ["Hoeveel eigen inleg hebben we nodig?", "Hoeveel geld zit in het fonds?", "Wat is het Fonds Coöperatief Wonen?"],
)
def test_no_calculation_without_an_amount(question: str) -> None:
    assert chat.calculate(question) is None


def test_facts_accumulate_over_turns_and_one_question_is_asked() -> None:
    first = "Komen wij in aanmerking? Wij zijn een wooncoöperatie."
    d1 = chat.eligibility(first, None)
    assert d1 is not None and d1.next_question is not None
    text1 = chat.render(d1)
    assert text1.count("?") <= 3 and "Eerst dit: " + d1.next_question.text in text1
    history = _turns(("user", first), ("assistant", text1))
    d2 = chat.eligibility("Nieuwbouw van huurwoningen in de planfase.", history)
    assert d2 is not None and d2.facts.organisation_form == "wooncooperatie" and d2.facts.tenure == "huur"
    assert d2.next_question is not None and d2.next_question.key in ("financing_eur", "own_contribution_eur")


def test_dont_know_explains_what_depends_on_the_fact_and_moves_on() -> None:
    first = "Komen wij in aanmerking? Wij zijn een wooncoöperatie met nieuwbouw koopwoningen, 10% eigen inleg."
    d1 = chat.eligibility(first, None)
    assert d1.next_question.key == "phase"
    history = _turns(("user", first), ("assistant", chat.render(d1)))
    d2 = chat.eligibility("Weet ik niet", history)
    assert d2 is not None and d2.dont_know == ["phase"]
    text = chat.render(d2)
    assert "Planfase: dan is het ja" in text and "Bouwfase: dan is het nee" in text
    assert d2.next_question.key == "initiative_phase_complete"


def test_a_refusal_is_said_at_once() -> None:
    d = chat.eligibility("Komen wij in aanmerking? Wij zijn een VvE.", None)
    assert d.eligible is False and d.next_question is None
    assert "Nee" in chat.render(d)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("Wij zijn een woonkoöperatie en bouwen 32 huurwonigen.", "organisation_form", "woonkoöperatie"),
        ("Wooncoöperatie in de planfase met nieuwbouwkoopwoningen.", "tenure", "nieuwbouwkoopwoningen"),
        ("We lenen €1.000.000 en hebben €49.900 eigen geld.", "own_contribution_eur", "€49.900 eigen geld"),
        ("De aannemer is vorige maand begonnen met de fundering.", "phase", "aannemer is vorige maand begonnen"),
        ("Onze woonvereniging verbouwt een leegstaand kantoor tot 22 huurappartementen.", "project_type", "verbouwt een leegstaand kantoor"),
    ],
)
def test_each_fact_carries_the_users_own_words(text: str, key: str, words: str) -> None:
    reading = read_facts(text)
    assert getattr(reading.facts, key) is not None
    assert words in reading.evidence[key] and reading.evidence[key] in text


def test_check_json_keeps_its_keys_and_adds_evidence() -> None:
    reading = read_facts("Wooncoöperatie, nieuwbouw huurwoningen, bouwfase, 4% eigen inleg.")
    dumped = decide(reading.facts, evidence=reading.evidence).model_dump(mode="json")
    assert list(dumped)[:5] == ["facts", "eligible", "reasons", "missing", "trace"]
    assert dumped["facts_evidence"]["own_contribution_pct"] == "4% eigen inleg"
    assert dumped["changes"] and dumped["eligible"] is False
    assert decide(Facts()).facts_evidence == {}
