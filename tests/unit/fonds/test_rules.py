"""Tests for the deterministic Fonds Coöperatief Wonen rules (assistent.fonds.rules)."""
from __future__ import annotations

import json
import re
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from conftest import letter_text, rules_scenarios

from assistent.ingest.clean import clean_text
from assistent.fonds.rules import (
    FACT_KEYS,
    REASON_CODES,
    RULES,
    Decision,
    Facts,
    RulesBasisError,
    all_basis_sentences,
    decide,
    explain,
    explain_en,
    format_eur,
    format_pct,
    minimum_own_contribution,
    verify_basis,
)

LETTER_NAME = "kamerbrief-plan-van-aanpak-belemmeringen-wooncooperaties.txt"
REFUSAL_CODES = [rule.code for rule in RULES]


LETTER = clean_text(letter_text())


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


SCENARIOS = rules_scenarios()


def base_facts(**overrides: Any) -> Facts:
    """A complete, eligible set of facts with some values replaced."""
    values: dict[str, Any] = dict(
        organisation_form="wooncooperatie",
        tenure="huur",
        project_type="nieuwbouw",
        phase="bouw",
        financing_eur=1_000_000,
        own_contribution_eur=100_000,
        own_contribution_pct=None,
        initiative_phase_complete=None,
    )
    values.update(overrides)
    return Facts(**values)


def codes(decision: Decision) -> list[str]:
    return [reason.code for reason in decision.reasons]


# --------------------------------------------------------------------------- scenarios


def test_scenario_files_are_present_and_large_enough() -> None:
    ids = [row["id"] for row in SCENARIOS]
    assert len([i for i in ids if i.startswith("r") and int(i[1:]) < 100]) == 16  # the shared development set
    assert len([i for i in ids if not (i.startswith("r") and int(i[1:]) < 100)]) >= 25
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("row", SCENARIOS, ids=lambda row: row["id"])
def test_scenario_decision(row: dict[str, Any]) -> None:
    decision = decide(Facts(**row["facts"]))
    assert decision.eligible is row["expected"]["eligible"]
    assert codes(decision) == row["expected"]["reasons"]


@pytest.mark.parametrize("row", SCENARIOS, ids=lambda row: row["id"])
def test_scenario_evidence_is_verbatim_letter_text(row: dict[str, Any]) -> None:
    assert set(row["facts"]) == set(FACT_KEYS)
    for evidence in row.get("evidence", []):  # a set written from the letter alone may name no sentences
        assert _norm(evidence) in _norm(LETTER)


def test_extra_scenarios_use_every_reason_code_twice() -> None:
    extra = [row for row in SCENARIOS if int(row["id"].lstrip("abcdefghijklmnopqrstuvwxyz")) >= 101]
    for code in REASON_CODES:
        count = sum(code in row["expected"]["reasons"] for row in extra)
        assert count >= 2, code
    assert {row["expected"]["eligible"] for row in extra} == {True, False, None}


# --------------------------------------------------------------------------- each reason code


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"organisation_form": "beheercooperatie"}, "beheercooperatie_goes_to_corporation"),
        ({"organisation_form": "other"}, "form_not_covered"),
        ({"project_type": "bestaande_bouw"}, "not_new_housing"),
        ({"tenure": "koop", "phase": "bouw"}, "build_phase_requires_rental"),
        ({"own_contribution_eur": 49_999.99}, "own_contribution_below_5pct"),
        ({"own_contribution_pct": 4.99}, "own_contribution_below_5pct"),
        ({"initiative_phase_complete": False}, "initiative_phase_not_complete"),
    ],
)
def test_each_refusal_ground_alone(overrides: dict[str, Any], code: str) -> None:
    decision = decide(base_facts(**overrides))
    assert decision.eligible is False
    assert codes(decision) == [code]
    assert decision.missing == []
    reason = decision.reasons[0]
    assert reason.citation is not None and reason.citation.source_id == "kamerbrief-2026"
    assert _norm(reason.citation.quote) in _norm(LETTER)
    assert reason.citation.section == "Financiële belemmeringen > Fonds Coöperatief Wonen"
    assert reason.message


def test_beheercooperatie_is_not_also_form_not_covered() -> None:
    decision = decide(base_facts(organisation_form="beheercooperatie"))
    assert "form_not_covered" not in codes(decision)
    step = next(s for s in decision.trace if s.rule == "form_not_covered")
    assert step.outcome == "skip"


def test_all_refusal_grounds_listed_in_readme_order() -> None:
    facts = Facts(
        organisation_form="beheercooperatie",
        tenure="koop",
        project_type="bestaande_bouw",
        phase="bouw",
        own_contribution_pct=1,
        initiative_phase_complete=False,
    )
    assert codes(decide(facts)) == [
        "beheercooperatie_goes_to_corporation",
        "not_new_housing",
        "build_phase_requires_rental",
        "own_contribution_below_5pct",
        "initiative_phase_not_complete",
    ]
    assert codes(decide(facts.model_copy(update={"organisation_form": "other"})))[0] == "form_not_covered"


def test_refusal_lists_only_refusal_grounds_even_with_missing_facts() -> None:
    decision = decide(Facts(organisation_form="other"))
    assert decision.eligible is False
    assert codes(decision) == ["form_not_covered"]
    assert decision.missing == []


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (Facts(), [
            "missing_fact:organisation_form", "missing_fact:tenure", "missing_fact:project_type",
            "missing_fact:phase", "missing_fact:initiative_phase_complete",
            "missing_fact:financing_eur", "missing_fact:own_contribution_eur",
        ]),
        (base_facts(organisation_form=None), ["missing_fact:organisation_form"]),
        (base_facts(tenure=None), ["missing_fact:tenure"]),
        (base_facts(tenure=None, phase="plan"), []),
        (base_facts(project_type=None), ["missing_fact:project_type"]),
        (base_facts(phase=None, tenure="koop"), ["missing_fact:phase", "missing_fact:initiative_phase_complete"]),
        (base_facts(phase=None, tenure="koop", initiative_phase_complete=True), ["missing_fact:phase"]),
        (base_facts(phase=None), ["missing_fact:initiative_phase_complete"]),
        (base_facts(phase=None, initiative_phase_complete=True), []),
        (base_facts(financing_eur=None), ["missing_fact:financing_eur"]),
        (base_facts(own_contribution_eur=None), ["missing_fact:own_contribution_eur"]),
        (base_facts(financing_eur=None, own_contribution_eur=None),
         ["missing_fact:financing_eur", "missing_fact:own_contribution_eur"]),
        (base_facts(financing_eur=None, own_contribution_eur=None, own_contribution_pct=5), []),
    ],
)
def test_missing_facts_in_stable_order(facts: Facts, expected: list[str]) -> None:
    decision = decide(facts)
    assert codes(decision) == expected
    assert decision.eligible is (None if expected else True)
    assert [f"missing_fact:{m.key}" for m in decision.missing] == expected
    for missing in decision.missing:
        assert "?" in missing.question
    for reason in decision.reasons:
        assert reason.citation is not None and _norm(reason.citation.quote) in _norm(LETTER)


def test_mixed_tenure_in_build_phase_is_a_warning_not_a_refusal() -> None:
    decision = decide(base_facts(tenure="gemengd"))
    assert decision.eligible is None
    assert codes(decision) == ["build_phase_requires_rental"]
    assert decision.missing == []
    assert "splits" in decision.reasons[0].message or "delen" in decision.reasons[0].message
    assert decide(base_facts(tenure="gemengd", phase="plan")).eligible is True


def test_mixed_tenure_warning_waits_for_missing_facts() -> None:
    decision = decide(base_facts(tenure="gemengd", project_type=None))
    assert codes(decision) == ["missing_fact:project_type"]


def test_koop_in_plan_phase_is_eligible() -> None:
    assert decide(base_facts(tenure="koop", phase="plan")).eligible is True


def test_transformation_counts_as_new_housing() -> None:
    assert decide(base_facts(project_type="transformatie")).eligible is True


@pytest.mark.parametrize("form", ["wooncooperatie", "woonvereniging", "cpo_cooperatief", "medeopdrachtgeverschap"])
def test_covered_forms_are_eligible(form: str) -> None:
    assert decide(base_facts(organisation_form=form)).eligible is True


# --------------------------------------------------------------------------- the 5% boundary


@pytest.mark.parametrize(
    ("financing", "own", "eligible"),
    [
        (1_000_000.00, 50_000.00, True),
        (1_000_000.00, 49_999.99, False),
        (1_000_000, 49_900, False),
        (2_500_000, 125_000, True),
        (0.1 + 0.2, 0.015, True),  # 0.30000000000000004: rounding keeps exactly 5%
        (1_234_567.89, 61_728.39, True),
        (1_234_567.89, 61_728.38, False),
    ],
)
def test_five_percent_boundary_with_amounts(financing: float, own: float, eligible: bool) -> None:
    decision = decide(base_facts(financing_eur=financing, own_contribution_eur=own))
    assert decision.eligible is eligible
    step = next(s for s in decision.trace if s.rule == "own_contribution_below_5pct")
    assert step.percentage is not None


@pytest.mark.parametrize(("pct", "eligible"), [(5, True), (5.0, True), (4.99, False), (4.999999, False), (10, True), (0, False)])
def test_five_percent_boundary_with_given_percentage(pct: float, eligible: bool) -> None:
    assert decide(base_facts(own_contribution_pct=pct)).eligible is eligible


def test_given_percentage_takes_precedence_over_amounts() -> None:
    assert decide(base_facts(own_contribution_eur=10_000, own_contribution_pct=6)).eligible is True
    refused = decide(base_facts(own_contribution_eur=500_000, own_contribution_pct=4))
    assert codes(refused) == ["own_contribution_below_5pct"]
    step = next(s for s in refused.trace if s.rule == "own_contribution_below_5pct")
    assert step.percentage == 4.0


@pytest.mark.parametrize("own", [None, 0, 50_000])
def test_zero_or_missing_financing_does_not_crash(own: float | None) -> None:
    decision = decide(base_facts(financing_eur=0, own_contribution_eur=own))
    assert decision.eligible is None
    assert "missing_fact:financing_eur" in codes(decision)
    json.dumps(decision.model_dump())


def reference_passes(financing_cents: int, own_cents: int) -> bool:
    """The README's rule in exact arithmetic: round(100 × own / financing, 6) ≥ 5."""
    return round(Fraction(100 * own_cents, financing_cents), 6) >= 5


@settings(max_examples=300, deadline=None)
@given(k=st.integers(min_value=1, max_value=5 * 10**9))
def test_exactly_five_percent_in_cents_always_passes(k: int) -> None:
    facts = base_facts(financing_eur=20 * k / 100, own_contribution_eur=k / 100)
    assert decide(facts).eligible is True


@settings(max_examples=300, deadline=None)
@given(k=st.integers(min_value=1, max_value=10**6))
def test_one_cent_below_five_percent_fails(k: int) -> None:
    facts = base_facts(financing_eur=20 * k / 100, own_contribution_eur=(k - 1) / 100)
    assert codes(decide(facts)) == ["own_contribution_below_5pct"]


@settings(max_examples=400, deadline=None)
@given(
    financing_cents=st.integers(min_value=1, max_value=10**11),
    own_cents=st.integers(min_value=0, max_value=10**10),
)
def test_amounts_in_cents_match_exact_reference(financing_cents: int, own_cents: int) -> None:
    facts = base_facts(financing_eur=financing_cents / 100, own_contribution_eur=own_cents / 100)
    refused = "own_contribution_below_5pct" in codes(decide(facts))
    assert refused is not reference_passes(financing_cents, own_cents)


@settings(max_examples=200, deadline=None)
@given(
    hundredths=st.integers(min_value=0, max_value=100_000),
    financing=st.floats(min_value=0, max_value=1e9, allow_nan=False),
    own=st.floats(min_value=0, max_value=1e9, allow_nan=False),
)
def test_given_percentage_decides_regardless_of_amounts(hundredths: int, financing: float, own: float) -> None:
    pct = hundredths / 100
    facts = base_facts(financing_eur=financing, own_contribution_eur=own, own_contribution_pct=pct)
    refused = "own_contribution_below_5pct" in codes(decide(facts))
    assert refused is (hundredths < 500)


facts_strategy = st.builds(
    Facts,
    organisation_form=st.sampled_from([None, "wooncooperatie", "woonvereniging", "cpo_cooperatief",
                                       "medeopdrachtgeverschap", "beheercooperatie", "other"]),
    tenure=st.sampled_from([None, "huur", "koop", "gemengd"]),
    project_type=st.sampled_from([None, "nieuwbouw", "transformatie", "bestaande_bouw"]),
    phase=st.sampled_from([None, "plan", "bouw"]),
    financing_eur=st.one_of(st.none(), st.just(0.0), st.floats(min_value=0, max_value=1e10, allow_nan=False)),
    own_contribution_eur=st.one_of(st.none(), st.floats(min_value=0, max_value=1e9, allow_nan=False)),
    own_contribution_pct=st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False)),
    initiative_phase_complete=st.sampled_from([None, True, False]),
)


@settings(max_examples=300, deadline=None)
@given(facts=facts_strategy)
def test_decision_invariants(facts: Facts) -> None:
    decision = decide(facts)
    dumped = decision.model_dump()
    assert set(dumped) >= {"facts", "eligible", "reasons", "missing", "trace"}
    assert json.loads(json.dumps(dumped)) == dumped
    reason_codes = codes(decision)
    assert all(code in REASON_CODES for code in reason_codes)
    if decision.eligible is False:
        assert reason_codes and set(reason_codes) <= set(REFUSAL_CODES)
        assert reason_codes == sorted(reason_codes, key=REFUSAL_CODES.index)
        assert decision.missing == []
    elif decision.eligible is None:
        assert reason_codes
        missing = [c for c in reason_codes if c.startswith("missing_fact:")]
        assert missing == [f"missing_fact:{m.key}" for m in decision.missing]
        if not missing:
            assert reason_codes == ["build_phase_requires_rental"]
            assert facts.tenure == "gemengd" and facts.phase == "bouw"
    else:
        assert reason_codes == [] and decision.missing == []
    assert [step.rule for step in decision.trace] == REFUSAL_CODES
    for step in decision.trace:
        assert step.basis and all(_norm(c.quote) in _norm(LETTER) for c in step.basis)
    assert decide(facts) == decision  # deterministic


def test_eligible_decision_carries_positive_citations_in_trace() -> None:
    decision = decide(base_facts())
    assert decision.eligible is True and decision.reasons == []
    outcomes = {step.rule: step.outcome for step in decision.trace}
    assert set(outcomes.values()) <= {"pass", "skip"}
    quotes = {c.quote for step in decision.trace for c in step.basis}
    assert "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering." in quotes
    five = next(s for s in decision.trace if s.rule == "own_contribution_below_5pct")
    assert five.percentage == 10.0
    assert five.facts == {"own_contribution_pct": None, "financing_eur": 1_000_000, "own_contribution_eur": 100_000}
    assert "basis" not in decision.model_dump()


# --------------------------------------------------------------------------- Facts model


def test_facts_has_exactly_the_schema_keys() -> None:
    assert list(Facts.model_fields) == list(FACT_KEYS)
    assert all(value is None for value in Facts().model_dump().values())


@pytest.mark.parametrize(
    "bad",
    [
        {"financing_eur": -1},
        {"own_contribution_eur": -0.01},
        {"own_contribution_pct": -5},
        {"organisation_form": "stichting"},
        {"tenure": "erfpacht"},
        {"phase": "initiatief"},
        {"project_type": "renovatie"},
        {"unknown_key": 1},
        {"financing_eur": float("nan")},
    ],
)
def test_facts_validation(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Facts(**bad)


# --------------------------------------------------------------------------- basis check


def test_verify_basis_passes_on_the_real_letter() -> None:
    verify_basis(LETTER)


def test_verify_basis_handles_apostrophes_and_whitespace() -> None:
    variant = LETTER.replace("’", "'").replace(". ", ".\n   ")
    verify_basis(variant)


def test_verify_basis_raises_on_corrupted_text() -> None:
    corrupted = LETTER.replace("eigen inleg vereist van 5%", "eigen inleg vereist van 10%")
    with pytest.raises(RulesBasisError) as info:
        verify_basis(corrupted)
    assert info.value.missing == ["Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."]
    assert "5% van de financiering" in str(info.value)


def test_verify_basis_raises_on_raw_artefacts_inside_a_sentence() -> None:
    with pytest.raises(RulesBasisError):
        verify_basis(LETTER.replace("Het fonds financiert initiatieven", "Het fonds [footnoteRef:9]financiert initiatieven"))


def test_basis_sentences_are_plain_letter_sentences() -> None:
    sentences = all_basis_sentences()
    assert len(sentences) == len(set(sentences))
    for sentence in sentences:
        assert "[" not in sentence and "bookmark" not in sentence and "footnote" not in sentence
    for rule in RULES:
        assert rule.basis and rule.section == "Financiële belemmeringen > Fonds Coöperatief Wonen"


# --------------------------------------------------------------------------- explanations


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


def _allowed_numbers(facts: Facts) -> set[str]:
    allowed = {"5"}
    for key in ("financing_eur", "own_contribution_eur"):
        value = getattr(facts, key)
        if value is not None:
            allowed |= _numbers(format_eur(value)) | _numbers(format_eur(value, "en"))
    if facts.financing_eur:  # the minimum own contribution the rules compute from the financing
        minimum = minimum_own_contribution(facts.financing_eur)
        allowed |= _numbers(format_eur(minimum)) | _numbers(format_eur(minimum, "en"))
    if facts.own_contribution_pct is not None:
        allowed |= _numbers(format_pct(facts.own_contribution_pct)) | _numbers(format_pct(facts.own_contribution_pct, "en"))
    return allowed


@pytest.mark.parametrize("row", SCENARIOS, ids=lambda row: row["id"])
def test_explain_uses_only_figures_from_the_facts(row: dict[str, Any]) -> None:
    decision = decide(Facts(**row["facts"]))
    for text in (explain(decision), explain_en(decision)):
        assert _numbers(text) <= _allowed_numbers(decision.facts), text


def test_explain_texts() -> None:
    yes = decide(base_facts())
    assert explain(yes).startswith("Ja, op basis van wat u vertelt komt uw initiatief in aanmerking")
    assert explain_en(yes).startswith("Yes")
    no = decide(base_facts(own_contribution_eur=40_000))
    assert explain(no).startswith("Nee")
    assert "€ 40.000" in explain(no) and "€ 1.000.000" in explain(no) and "5%" in explain(no)
    assert explain_en(no).startswith("No")
    unknown = decide(base_facts(tenure=None, own_contribution_eur=None))
    text = explain(unknown)
    assert text.startswith("Dat kan ik nog niet zeggen. Ik mis:")
    assert unknown.next_question is not None and "Eerst dit: " + unknown.next_question.text in text
    others = [m.question for m in unknown.missing if m.key != unknown.next_question.key]
    assert others and not any(q in text for q in others)  # one question at a time
    assert explain_en(unknown).startswith("I cannot say that yet")
    warning = decide(base_facts(tenure="gemengd"))
    assert explain(warning).startswith("Dat kan ik nog niet zeggen")
    assert "huurdeel" in explain(warning)


def test_explain_koop_plan_phase_mentions_build_phase_limit() -> None:
    text = explain(decide(base_facts(tenure="koop", phase="plan")))
    assert text.startswith("Ja") and "alleen de planfase bij het fonds" in text and "hypotheek" in text
    # a questionnaire for koop says it too: which phase the fund can pay and how the other is paid
    text = explain(decide(base_facts(tenure="koop", phase=None)))
    assert text.startswith("Dat kan ik nog niet zeggen") and "alleen de planfase" in text and "hypotheek" in text
    assert "mortgage" in explain_en(decide(base_facts(tenure="koop", phase=None)))


@pytest.mark.parametrize(("value", "nl", "en"), [(1_000_000, "€ 1.000.000", "€1,000,000"), (49_999.99, "€ 49.999,99", "€49,999.99")])
def test_format_eur(value: float, nl: str, en: str) -> None:
    assert format_eur(value) == nl and format_eur(value, "en") == en


def test_format_pct() -> None:
    assert format_pct(4.99) == "4,99%" and format_pct(10.0) == "10%" and format_pct(4.99, "en") == "4.99%"
