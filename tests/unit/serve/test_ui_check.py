"""The eligibility tab's logic without a browser: form values win over the free text, each fact says
where it came from, and a number that cannot be read is reported instead of guessed."""
from __future__ import annotations

from assistent.fonds import rules as rules_mod
from assistent.serve.ui.check import run_check


class Assistant:
    """What run_check needs of the assistant: the real rules, and a record of the facts it was given."""

    def __init__(self):
        self.index = None
        self.facts: list[rules_mod.Facts] = []

    def check(self, facts: rules_mod.Facts) -> rules_mod.Decision:
        self.facts.append(facts)
        return rules_mod.decide(facts)


def form(**values) -> list[str]:
    """run_check's inputs in the tab's order, empty unless given."""
    order = ["org", "tenure", "project", "phase", "financing", "own_eur", "own_pct", "initiative", "free_text"]
    return [values.get(name, "") for name in order]


def test_form_wins_over_the_free_text_and_each_fact_names_its_origin():
    a = Assistant()
    decision, trace = run_check(a, *form(tenure="huur", own_pct="4,5", free_text="Wij zijn een woonvereniging en bouwen koopwoningen."))
    facts = a.facts[-1]
    assert facts.tenure == "huur" and facts.own_contribution_pct == 4.5
    assert facts.organisation_form == "woonvereniging"  # only the text said this
    assert '<td data-label="Gegeven">Huur of koop</td><td data-label="Waarde">huurwoningen</td><td data-label="Uit">formulier</td>' in decision
    assert '<td data-label="Gegeven">Organisatievorm</td><td data-label="Waarde">woonvereniging</td><td data-label="Uit">uw tekst</td>' in decision
    assert "Nee: u komt niet in aanmerking" in decision  # 4,5% is below the 5% minimum
    assert "Eigen inleg minimaal 5%" in trace and "4,5%" in trace


def test_initiative_answer_becomes_a_boolean_and_an_empty_form_decides_on_nothing():
    a = Assistant()
    run_check(a, *form(initiative="nee"))
    assert a.facts[-1].initiative_phase_complete is False
    decision, _ = run_check(a, *form())
    assert a.facts[-1] == rules_mod.Facts()
    assert "Nog niet te zeggen" in decision


def test_an_amount_in_words_is_read():
    a = Assistant()
    run_check(a, *form(financing="een ton"))
    assert a.facts[-1].financing_eur == 100_000


def test_numbers_that_cannot_be_read_are_reported_with_an_example_and_nothing_is_decided():
    a = Assistant()
    decision, trace = run_check(a, *form(financing="een paar ton", own_pct="<b>veel</b>"))
    assert a.facts == [] and trace == ""
    assert decision.startswith('<div class="wa-melding wa-fout">')
    assert "Financiering: “een paar ton” is geen getal. Schrijf het bijvoorbeeld zo: 1.000.000." in decision
    assert "“&lt;b&gt;veel&lt;/b&gt;” is geen getal" in decision
