"""The rules in a conversation: facts gathered over turns, 'weet ik niet', and calculations.

``eligibility`` turns a chat turn (with its history) into a rules Decision or None; ``calculate``
answers "hoeveel eigen inleg is dat bij 4 miljoen?" from the 5% rule itself; ``render`` writes
the answer text. The assistant only routes to these (answer/assistant.py).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from assistent.fonds import facts as facts_mod
from assistent.fonds import rules as rules_mod
from assistent.fonds.reader import prepare
from assistent.fonds.rules import Calculation

# "weet ik niet", "geen idee", "dat weten we nog niet"
_DONT_KNOW = re.compile(
    r"^\W*(dat |het )?(weet|weten) (ik|we|wij) (nog )?niet\b|^\W*geen idee\b|^\W*(nog )?onbekend\b"
    r"|^\W*(dat |het )?(weet|weten) (ik|we|wij) (nog )?niet\W*$|^\W*i don'?t know\b|^\W*no idea\b"
)


def _turn_texts(history: Sequence[Any] | None, role: str) -> list[str]:
    return [t.content for t in history or [] if getattr(t, "role", None) == role]


def asked_key(history: Sequence[Any] | None) -> str | None:
    """The fact the assistant's last turn asked for (its question text names it), if any."""
    answers = _turn_texts(history, "assistant")
    if not answers:
        return None
    last = answers[-1]
    for key in rules_mod.MISSING_ORDER:
        if rules_mod.question_for(key) in last or rules_mod.question_for(key, "en") in last:
            return key
    return None


def dont_know(text: str) -> bool:
    """True when the user says they do not know (the answer to the question just asked)."""
    return bool(_DONT_KNOW.search(prepare(text).text))


def gather(question: str, history: Sequence[Any] | None) -> tuple[rules_mod.Facts, dict[str, str], tuple[str, ...]]:
    """Facts of all user turns (later turns win), their evidence words, and facts the user does not know."""
    merged = rules_mod.Facts()
    evidence: dict[str, str] = {}
    unknown: list[str] = []
    turns = _turn_texts(history, "user") + [question]
    answers = _turn_texts(history, "assistant")
    for i, text in enumerate(turns):
        reading = facts_mod.read_facts(text)
        merged = facts_mod.merge_facts(merged, reading.facts)
        evidence.update(reading.evidence)
        if dont_know(text) and i > 0:
            prior = [type("T", (), {"role": "assistant", "content": a})() for a in answers[: i]]
            key = asked_key(prior)
            if key:
                unknown.append(key)
    return merged, evidence, tuple(dict.fromkeys(unknown))


def depends_on(key: str, facts: rules_mod.Facts, language: str = "nl") -> str:
    """What the decision would be for each value of a fact the user does not know (computed by the rules)."""
    options = rules_mod.BOOK.options.get(key, ())
    parts: list[str] = []
    for value, label in options:
        outcome = rules_mod.decide(facts.model_copy(update={key: value}))
        if outcome.eligible is False:
            verdict = "dan is het nee" if language != "en" else "then it is no"
        elif outcome.eligible is True:
            verdict = "dan is het ja" if language != "en" else "then it is yes"
        else:
            verdict = "dan hangt het nog van andere dingen af" if language != "en" else "then it still depends on other facts"
        parts.append(f"{label}: {verdict}")
    if not parts:
        return ""
    head = "Dit hangt ervan af" if language != "en" else "This depends on it"
    return f"{head} — " + "; ".join(parts) + "."


def eligibility(question: str, history: Sequence[Any] | None, presupposes: bool = False) -> rules_mod.Decision | None:
    """A decision when this turn (or the conversation it continues) asks whether an initiative qualifies.

    The questionnaire is for "komen wij in aanmerking?": a turn that only touches the fund's rules
    ("klopt het dat we 10% moeten inleggen?", "kan het fonds ook onze bouwfase financieren?"), or that
    takes a claim for granted (`presupposes`: "Nu het fonds ook koop financiert, kunnen we …?"), gets a
    decision only when the facts it states already decide it; otherwise it is a question for the sources.
    """
    earlier = _turn_texts(history, "user")
    in_check = any(facts_mod.looks_like_eligibility(q) for q in earlier)
    asks = facts_mod.looks_like_eligibility(question)
    new = facts_mod.parse_facts(question)
    answering = in_check and (bool(new.model_dump(exclude_none=True)) or dont_know(question))
    if (not asks or facts_mod.asks_something_else(question)) and not answering:
        return None
    facts, evidence, unknown = gather(question, history if (in_check or asks) else None)
    decision = rules_mod.decide(facts, evidence=evidence, skip=unknown)
    if decision.eligible is None and not answering and (presupposes or not facts_mod.asks_for_verdict(question)):
        return None
    return decision


# --------------------------------------------------------------------------- calculations

_HOW_MUCH_OWN = re.compile(
    r"\bhoeveel\b(\s\w+){0,4}\s(eigen (inleg|geld|vermogen|middelen|bijdrage)|inleg|zelf|inleggen|inbrengen)"
    r"|\bwat (is|wordt) (de |onze |dan de )?(minimale )?(eigen )?inleg\b|\bhow much\b.*\b(own|equity|contribut)"
)
_HOW_MUCH_LOAN = re.compile(
    r"\bhoeveel\b(\s\w+){0,4}\s(lenen|financiering|lening)\b|\bhoe (hoog|groot) (mag|kan) (de |onze )?(lening|financiering)\b"
)


def calculate(question: str, history: Sequence[Any] | None = None) -> Calculation | None:
    """'Hoeveel eigen inleg is dat bij 4 miljoen?' → the 5% minimum in euros (or the largest loan an own
    contribution covers), with the sentence it rests on; None when the question is not such a calculation."""
    text = prepare(question).text
    reading = facts_mod.read_facts(question)
    figures = facts_mod.read_amounts(text)
    quote = rules_mod.RULE_OWN_CONTRIBUTION.citation().quote
    if _HOW_MUCH_OWN.search(text):
        financing = reading.facts.financing_eur
        if financing is None:
            # the one amount in the question ("bij 4 miljoen") is the financing
            amounts = facts_mod.amounts_in(text)
            financing = float(amounts[0]) if len(amounts) == 1 else None
        if financing is None or financing <= 0:
            return None
        minimum = rules_mod.minimum_own_contribution(financing)
        return Calculation(
            kind="minimum_own_contribution",
            financing_eur=financing,
            result_eur=float(minimum),
            text=(
                f"Bij {rules_mod.format_eur(financing)} financiering is de eigen inleg minimaal "
                f"{rules_mod.format_eur(minimum)}: 5% van de financiering."
            ),
            quote=quote,
        )
    if _HOW_MUCH_LOAN.search(text):
        own = reading.facts.own_contribution_eur
        if own is None:
            amounts = facts_mod.amounts_in(text)
            own = float(amounts[0]) if len(amounts) == 1 and figures[0] is None else None
        if own is None or own <= 0:
            return None
        assert rules_mod.MINIMUM is not None
        from assistent.fonds.engine import maximum_whole

        maximum = maximum_whole(rules_mod.MINIMUM, own)
        return Calculation(
            kind="maximum_financing",
            own_contribution_eur=own,
            result_eur=float(maximum),
            text=(
                f"Met {rules_mod.format_eur(own)} eigen inleg kan de financiering hoogstens "
                f"{rules_mod.format_eur(maximum)} zijn: de eigen inleg moet minimaal 5% van de financiering zijn."
            ),
            quote=quote,
        )
    return None


def render(decision: rules_mod.Decision, language: str = "nl") -> str:
    """The answer text for a rules decision (or calculation), with 'weet ik niet' explained."""
    if decision.calculation is not None:
        return render_calculation(decision.calculation, language)
    text = rules_mod.explain_en(decision) if language == "en" else rules_mod.explain(decision)
    notes = [depends_on(key, decision.facts, language) for key in decision.dont_know]
    notes = [note for note in notes if note]
    return "\n".join([*notes, text]) if notes else text


def calculation_decision(question: str, history: Sequence[Any] | None) -> rules_mod.Decision | None:
    """A Decision carrying only a calculation (eligible None, no reasons), or None."""
    calc = calculate(question, history)
    if calc is None:
        return None
    return rules_mod.Decision(facts=rules_mod.Facts(), eligible=None, calculation=calc)


def render_calculation(calculation: Calculation, language: str = "nl") -> str:
    """The answer text for a calculation, with the sentence it rests on."""
    return f"{calculation.text}\nBron (Kamerbrief): “{calculation.quote}”"


def as_decimal(value: float) -> Decimal:
    return Decimal(repr(value))
