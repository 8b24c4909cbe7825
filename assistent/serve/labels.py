"""The Dutch words the UI and the exports (Markdown, PDF) share: facts, values, rules, outcomes, how an
answer was made, the timings and the score scale. One place, so the screen and the hand-out say the same."""
from __future__ import annotations

from typing import Any

from assistent.fonds import rules as rules_mod
from assistent.text.numbers import format_number

FACT_LABELS = {
    "organisation_form": "Organisatievorm",
    "tenure": "Huur of koop",
    "project_type": "Soort project",
    "phase": "Fase",
    "financing_eur": "Financiering",
    "own_contribution_eur": "Eigen inleg (euro)",
    "own_contribution_pct": "Eigen inleg (% van de financiering)",
    "initiative_phase_complete": "Initiatieffase afgerond",
}

VALUE_LABELS = {
    "wooncooperatie": "wooncoöperatie",
    "woonvereniging": "woonvereniging",
    "cpo_cooperatief": "CPO met een coöperatief karakter",
    "medeopdrachtgeverschap": "medeopdrachtgeverschap",
    "beheercooperatie": "beheercoöperatie",
    "other": "een andere vorm",
    "huur": "huurwoningen",
    "koop": "koopwoningen",
    "gemengd": "huur- en koopwoningen",
    "nieuwbouw": "nieuwbouw",
    "transformatie": "transformatie",
    "bestaande_bouw": "bestaande woningen",
    "plan": "planfase",
    "bouw": "bouwfase",
}

RULE_NAMES = {
    "beheercooperatie_goes_to_corporation": "Beheercoöperatie gaat naar de woningcorporatie",
    "form_not_covered": "Organisatievorm hoort bij het fonds",
    "not_new_housing": "Nieuwe woningen (nieuwbouw of transformatie)",
    "build_phase_requires_rental": "Bouwfase: alleen huurwoningen",
    "own_contribution_below_5pct": "Eigen inleg minimaal 5%",
    "initiative_phase_not_complete": "Initiatieffase afgerond",
}

OUTCOME_TEXT = {"pass": "voldaan", "fail": "niet voldaan", "unknown": "onbekend", "skip": "niet van toepassing"}

TRACE_HEADERS = ["Regel", "Uitkomst", "Gekeken naar", "Percentage", "Toelichting", "Grond in de brief"]

# How an answer was made (Result.backend), in words a course participant understands.
BACKENDS = {
    "extractive": "letterlijke zinnen uit de bronnen (geen taalmodel)",
    "extractive (LLM afgekeurd)": "letterlijke zinnen uit de bronnen: het taalmodel kwam niet door de controle",
    "rules": "de regels van het fonds (geen taalmodel)",
    "smalltalk": "een vast antwoord (geen vraag over de bronnen)",
}

# The steps of Result.timings_ms.
TIMING_NAMES = {
    "embed": "vraag omzetten",
    "retrieve": "zoeken",
    "compose": "antwoord maken",
    "llm": "taalmodel",
    "rules": "regels",
    "total": "totaal",
}

SCORE_SCALE = (
    "Score: hoe goed een passage bij de vraag past, van 0 (niet) tot 3 (heel goed): de woorden, de betekenis "
    "van de passage en die van de beste zin tellen elk 0 tot 1. Bij een antwoord uit de regels is de score 1."
)


def fact_label(key: str) -> str:
    return FACT_LABELS.get(key, key)


def fact_value_text(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key in ("financing_eur", "own_contribution_eur"):
        return rules_mod.format_eur(value)
    if key == "own_contribution_pct":
        return rules_mod.format_pct(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return format_number(value, 0 if value == int(value) else 2)
    return VALUE_LABELS.get(str(value), str(value))


def rule_name(step: dict[str, Any]) -> str:
    code = step.get("rule", "")
    return step.get("name") or RULE_NAMES.get(code, code)


def outcome_text(outcome: str) -> str:
    return OUTCOME_TEXT.get(outcome, outcome)


def backend_text(backend: str) -> str:
    if backend.startswith("llm:"):
        return f"een taalmodel ({backend[4:]}), gecontroleerd aan de bronnen"
    return BACKENDS.get(backend, backend)


def timings_text(timings: dict[str, float]) -> str:
    return ", ".join(f"{TIMING_NAMES.get(k, k)} {format_number(v, 1)} ms" for k, v in timings.items())


def score_text(score: float) -> str:
    return format_number(score, 2)


def guard_text(guard: dict[str, Any] | None) -> str:
    if not guard:
        return "niet nodig (geen taalmodel gebruikt)"
    passed = guard.get("passed")
    reasons = guard.get("reasons") or []
    text = "goedgekeurd" if passed else "afgekeurd"
    if reasons:
        text += ": " + "; ".join(str(r) for r in reasons)
    return text
