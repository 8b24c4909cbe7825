"""Deterministic eligibility rules of the Fonds Coöperatief Wonen, each next to its sentence of the letter.

The rules themselves live in ``rules.toml`` (versioned, with ``valid_from`` and per condition the
document, section, paragraph and verbatim sentence); ``engine`` reads and applies them. The
decision rules are the product's reading of the Kamerbrief (see shared/evals/README.md):
1. grounds for refusal → eligible False, only those grounds listed;
2. otherwise missing facts → eligible None with ``missing_fact:<key>`` reasons;
3. otherwise tenure ``gemengd`` in the build phase → eligible None with a warning;
4. otherwise eligible True.
No model is involved: the same facts always give the same decision (and the same bytes of JSON).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any, Literal

from assistent import errors
from assistent.text import tidy
from assistent.text.numbers import format_number
from assistent.text.numbers import format_pct as nl_pct
from pydantic import BaseModel, ConfigDict, Field

from assistent.fonds import engine
from assistent.fonds.factcards import FACT_CARDS
from assistent.fonds.source import SOURCE_ID

OrganisationForm = Literal[
    "wooncooperatie",
    "woonvereniging",
    "cpo_cooperatief",
    "medeopdrachtgeverschap",
    "beheercooperatie",
    "other",
]
Tenure = Literal["huur", "koop", "gemengd"]
ProjectType = Literal["nieuwbouw", "transformatie", "bestaande_bouw"]
Phase = Literal["plan", "bouw"]
Outcome = Literal["pass", "fail", "unknown", "skip"]

BOOK = engine.load_rulebook()
RULES_VERSION = BOOK.version
VALID_FROM = BOOK.valid_from

FACT_KEYS: tuple[str, ...] = (
    "organisation_form",
    "tenure",
    "project_type",
    "phase",
    "financing_eur",
    "own_contribution_eur",
    "own_contribution_pct",
    "initiative_phase_complete",
)
# the stable order in which missing facts are reported (README rule 2)
MISSING_ORDER: tuple[str, ...] = tuple(m.key for m in BOOK.missing)


# --------------------------------------------------------------------------- data objects


class Facts(BaseModel):
    """What the user told us about the initiative; None where the user did not say."""

    model_config = ConfigDict(extra="forbid")

    organisation_form: OrganisationForm | None = None
    tenure: Tenure | None = None
    project_type: ProjectType | None = None
    phase: Phase | None = None
    financing_eur: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    own_contribution_eur: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    own_contribution_pct: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    initiative_phase_complete: bool | None = None


class RuleCitation(BaseModel):
    """A verbatim quote of the letter with the section (and paragraph of that section) it sits in."""

    source_id: str = SOURCE_ID
    section: str
    quote: str
    paragraph: int | None = None
    document: str | None = None


class Reason(BaseModel):
    """One reason of a decision: code, plain-Dutch message and the passage it rests on."""

    code: str
    message: str
    citation: RuleCitation | None = None


class MissingFact(BaseModel):
    """A fact the decision needs, with the question to ask the user."""

    key: str
    question: str


class TraceStep(BaseModel):
    """How one rule saw the facts, what it concluded and the passage it rests on."""

    rule: str
    facts: dict[str, Any]
    outcome: Outcome
    percentage: float | None = None
    note: str | None = None
    basis: list[RuleCitation] = Field(default_factory=list)
    name: str = ""  # the rule in plain Dutch
    text: str = ""  # what the rule saw, in plain Dutch (B1)


class Option(BaseModel):
    """One possible answer to a question (a quick-reply button)."""

    value: Any
    label: str


class NextQuestion(BaseModel):
    """The one question to ask now: the missing fact that can still turn the verdict."""

    key: str
    text: str
    options: list[Option] = Field(default_factory=list)


class Change(BaseModel):
    """What would change a 'Nee' or 'nog niet', computed by the rules."""

    code: str
    text: str
    minimum_eur: float | None = None


class Calculation(BaseModel):
    """A figure computed by the rules, with the sentence of the letter it rests on."""

    kind: str  # "minimum_own_contribution" | "maximum_financing"
    financing_eur: float | None = None
    own_contribution_eur: float | None = None
    result_eur: float
    text: str
    quote: str


class Decision(BaseModel):
    """The outcome of ``decide``: eligible True/False/None with reasons, questions and trace.

    The first five fields are the stable JSON of ``assistent check --json``; the rest is added.
    """

    facts: Facts
    eligible: bool | None
    reasons: list[Reason] = Field(default_factory=list)
    missing: list[MissingFact] = Field(default_factory=list)
    trace: list[TraceStep] = Field(default_factory=list)
    facts_evidence: dict[str, str] = Field(default_factory=dict)
    next_question: NextQuestion | None = None
    changes: list[Change] = Field(default_factory=list)
    dont_know: list[str] = Field(default_factory=list)  # facts the user said they do not know
    calculation: Calculation | None = None  # set when the turn asked for a figure, not a verdict
    rules_version: str = RULES_VERSION
    valid_from: str = VALID_FROM


class RulesBasisError(errors.RulesBasisError):
    """A basis sentence of a rule or fact card does not occur in the letter."""

    def __init__(self, missing: list[str]) -> None:
        """Keep the missing sentences and list them in the message."""
        self.missing = missing
        listing = "\n".join(f"- {sentence}" for sentence in missing)
        super().__init__(f"{len(missing)} basis sentence(s) not found in the letter:\n{listing}")


@dataclass(frozen=True)
class Question:
    """The question to ask for one missing fact, in Dutch and English."""

    nl: str
    en: str


@dataclass(frozen=True)
class Rule:
    """One rule of the fund (from rules.toml): the letter's sentence(s), its code and its texts."""

    spec: engine.RuleSpec
    basis: tuple[str, ...]
    code: str
    section: str
    explanation: str  # plain Dutch (B1); may use {placeholders} filled from the facts
    explanation_en: str
    needs: tuple[str, ...]
    questions: Mapping[str, Question] = field(default_factory=dict)
    warning: str | None = None
    warning_en: str | None = None

    @property
    def name(self) -> str:
        return self.spec.name

    def citations(self) -> list[RuleCitation]:
        """All basis sentences as citations."""
        return [_citation(s) for s in self.spec.sources]

    def citation(self) -> RuleCitation:
        """The decisive basis sentence (the first) as a citation."""
        return _citation(self.spec.sources[0])


def _citation(source: engine.Source) -> RuleCitation:
    return RuleCitation(section=source.section, quote=source.sentence, paragraph=source.paragraph, document=source.document)


def _rule(spec: engine.RuleSpec) -> Rule:
    return Rule(
        spec=spec,
        basis=tuple(s.sentence for s in spec.sources),
        code=spec.code,
        section=spec.sources[0].section,
        explanation=spec.texts["explanation"],
        explanation_en=spec.texts["explanation_en"],
        needs=spec.needs,
        questions={key: Question(nl, en) for key, (nl, en) in spec.questions.items()},
        warning=spec.texts.get("warning"),
        warning_en=spec.texts.get("warning_en"),
    )


# README rule 1 lists the grounds for refusal in this order; reasons keep it.
RULES: tuple[Rule, ...] = tuple(_rule(spec) for spec in BOOK.rules)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
(
    RULE_BEHEERCOOPERATIE,
    RULE_FORM,
    RULE_NEW_HOUSING,
    RULE_BUILD_PHASE,
    RULE_OWN_CONTRIBUTION,
    RULE_INITIATIVE_PHASE,
) = (RULES_BY_CODE[code] for code in (
    "beheercooperatie_goes_to_corporation",
    "form_not_covered",
    "not_new_housing",
    "build_phase_requires_rental",
    "own_contribution_below_5pct",
    "initiative_phase_not_complete",
))
MINIMUM = RULE_OWN_CONTRIBUTION.spec.minimum
assert MINIMUM is not None
MIN_OWN_CONTRIBUTION_PCT = MINIMUM.percentage
REASON_CODES: tuple[str, ...] = tuple(rule.code for rule in RULES) + tuple(
    f"missing_fact:{key}" for key in MISSING_ORDER
)
_QUESTION_OWNER: dict[str, Rule] = {key: rule for rule in RULES for key in rule.questions}


def question_for(key: str, language: str = "nl") -> str:
    """The question to ask the user for a missing fact."""
    question = _QUESTION_OWNER[key].questions[key]
    return question.en if language == "en" else question.nl


# --------------------------------------------------------------------------- formatting


def _decimal(value: float) -> Decimal:
    """Exact decimal of a float as the user wrote it (shortest repr, so 49999.99 stays 49999.99)."""
    return engine.exact(value)


def format_eur(value: float | Decimal, language: str = "nl") -> str:
    """An amount in euro, e.g. '€ 1.000.000' or '€ 49.999,99' (en: '€1,000,000')."""
    amount = _decimal(value)
    cents = amount != amount.to_integral_value()
    if language == "en":
        return "€" + (f"{amount:,.2f}" if cents else f"{int(amount):,}")
    with localcontext() as context:  # babel rounds in the current context: room for very large amounts
        context.prec = 400
        return "€ " + format_number(amount, 2 if cents else 0)


def format_pct(value: float, language: str = "nl") -> str:
    """A percentage as the user gave it, e.g. '4,99%' (en: '4.99%')."""
    text = format(_decimal(value).normalize(), "f")
    return (text if language == "en" else text.replace(".", ",")) + "%"


# --------------------------------------------------------------------------- evaluation


def own_contribution_percentage(facts: Facts) -> tuple[Decimal | None, str | None]:
    """The percentage the 5% rule compares (rounded to 6 decimals) and where it came from."""
    return engine.percentage(MINIMUM, facts.model_dump())


def minimum_own_contribution(financing_eur: float | Decimal) -> Decimal:
    """The least own contribution in whole euros for this financing: 5%, rounded up."""
    return engine.minimum_part(MINIMUM, financing_eur)


_VALUE_NL = {
    "wooncooperatie": "wooncoöperatie",
    "woonvereniging": "woonvereniging",
    "cpo_cooperatief": "CPO met een coöperatief karakter",
    "medeopdrachtgeverschap": "medeopdrachtgeverschap",
    "nieuwbouw": "nieuwbouw",
    "transformatie": "transformatie",
}


def _pct_text(pct: Decimal, outcome: str) -> str:
    """A compared percentage in Dutch notation; a value just under 5% never shows as '5%'."""
    with localcontext() as context:
        context.prec = 400
        text = nl_pct(pct)
    if outcome == "fail" and pct < MIN_OWN_CONTRIBUTION_PCT and text == nl_pct(MIN_OWN_CONTRIBUTION_PCT):
        return "net minder dan " + text
    return text


def _step(rule: Rule, facts: Facts) -> tuple[TraceStep, engine.Clause | None]:
    """A trace step for a rule: what it saw, concluded, on which sentence, in plain Dutch."""
    values = facts.model_dump()
    outcome, clause, pct, origin = engine.evaluate(rule.spec, values)
    note = clause.note if clause else None
    if rule.spec.minimum is not None:
        if pct is not None:
            note = "percentage opgegeven" if origin == "given" else "percentage berekend uit de bedragen"
        elif facts.financing_eur is not None and facts.financing_eur <= 0:
            note = "financiering is 0: percentage niet te berekenen"
    key = "warning" if clause is not None and clause.warning else outcome
    template = rule.spec.trace_texts.get(key) or rule.spec.trace_texts.get(outcome, "")
    fill = {k: _VALUE_NL.get(v, v) if isinstance(v, str) else v for k, v in values.items()}
    fill["percentage"] = _pct_text(pct, outcome) if pct is not None else ""
    step = TraceStep(
        rule=rule.code,
        facts={key: values[key] for key in rule.needs},
        outcome=outcome,  # type: ignore[arg-type]
        percentage=float(pct) if pct is not None else None,
        note=note,
        basis=rule.citations(),
        name=rule.spec.name,
        text=template.format(**fill),
    )
    return step, clause


def _own_detail(facts: Facts, language: str) -> str:
    """The user's own-contribution figures, for the 5% message."""
    if facts.own_contribution_pct is not None:
        pct = format_pct(facts.own_contribution_pct, language)
        if language == "en":
            return f"You mention an own contribution of {pct}."
        return f"U noemt een eigen inleg van {pct}."
    own = format_eur(facts.own_contribution_eur or 0, language)
    fin = format_eur(facts.financing_eur or 0, language)
    if language == "en":
        return f"Your own contribution is {own} on {fin} of financing."
    return f"Uw eigen inleg is {own} bij {fin} financiering."


def rule_message(rule: Rule, facts: Facts, language: str = "nl") -> str:
    """The plain-language explanation of a refusal by this rule."""
    template = rule.explanation_en if language == "en" else rule.explanation
    return template.format(detail=_own_detail(facts, language)) if "{detail}" in template else template


def change_for(rule: Rule, facts: Facts, language: str = "nl") -> Change:
    """What would turn this rule's 'Nee' around, computed from the facts (e.g. the minimum own contribution)."""
    spec = rule.spec
    if spec.minimum is not None:
        if facts.financing_eur is not None and facts.financing_eur > 0:
            minimum = minimum_own_contribution(facts.financing_eur)
            text = (spec.text("change", language) or "").format(
                financing=format_eur(facts.financing_eur, language), minimum=format_eur(minimum, language)
            )
            return Change(code=rule.code, text=text, minimum_eur=float(minimum))
        return Change(code=rule.code, text=spec.text("change_pct", language) or "")
    return Change(code=rule.code, text=spec.text("change", language) or "")


_FACT_LABELS: dict[str, str] = {
    "organisation_form": "de organisatievorm",
    "tenure": "of het om huur- of koopwoningen gaat",
    "project_type": "of het om nieuwbouw, transformatie of bestaande woningen gaat",
    "phase": "de fase van het project",
    "initiative_phase_complete": "of de initiatieffase is afgerond",
    "financing_eur": "het bedrag van de financiering",
    "own_contribution_eur": "de eigen inleg",
}
_FACT_LABELS_EN: dict[str, str] = {
    "organisation_form": "the type of organisation",
    "tenure": "whether the homes are rental or owner-occupied",
    "project_type": "whether it is new construction, transformation or existing homes",
    "phase": "the phase of the project",
    "initiative_phase_complete": "whether the initiative phase is complete",
    "financing_eur": "the amount of financing",
    "own_contribution_eur": "the own contribution",
}


def _missing_keys(facts: Facts) -> list[str]:
    """README rule 2: the facts the decision still needs, in a stable order."""
    return engine.missing_keys(BOOK, facts.model_dump())


def _hypotheses(key: str, facts: Facts) -> list[Facts]:
    """The facts with one missing fact filled in each possible way (amounts: just under and at 5%)."""
    if key in BOOK.options:
        return [facts.model_copy(update={key: value}) for value, _ in BOOK.options[key]]
    if key in ("financing_eur", "own_contribution_eur"):
        low = MIN_OWN_CONTRIBUTION_PCT - Decimal("0.01")
        return [facts.model_copy(update={"own_contribution_pct": float(p)}) for p in (low, MIN_OWN_CONTRIBUTION_PCT)]
    return []


def _refusals(facts: Facts) -> int:
    """How many grounds for refusal hold for these facts."""
    return sum(engine.evaluate(rule.spec, facts.model_dump())[0] == "fail" for rule in RULES)


def next_question(facts: Facts, missing: list[str], skip: tuple[str, ...] = (), language: str = "nl") -> NextQuestion | None:
    """The missing fact whose answer can most often turn the verdict into a refusal (ties: README order)."""
    candidates = [key for key in missing if key not in skip] or [key for key in missing]
    if not candidates:
        return None
    scored = [(-sum(_refusals(h) > 0 for h in _hypotheses(key, facts)), MISSING_ORDER.index(key), key) for key in candidates]
    key = min(scored)[2]
    text = question_for(key, language)
    if key == "own_contribution_eur" and facts.financing_eur:
        minimum = format_eur(minimum_own_contribution(facts.financing_eur), language)
        text += (
            f" With {format_eur(facts.financing_eur, language)} of financing that is at least {minimum}."
            if language == "en"
            else f" Bij {format_eur(facts.financing_eur, language)} financiering is dat minimaal {minimum}."
        )
    options = [Option(value=value, label=label) for value, label in BOOK.options.get(key, ())]
    return NextQuestion(key=key, text=text, options=options)


def decide(facts: Facts, evidence: Mapping[str, str] | None = None, skip: tuple[str, ...] = ()) -> Decision:
    """Apply decision rules 1–4 of the README to the facts (``skip``: facts the user does not know yet)."""
    steps = [_step(rule, facts) for rule in RULES]
    trace = [step for step, _ in steps]
    extra: dict[str, Any] = {"facts_evidence": dict(evidence or {}), "dont_know": list(skip)}
    failed = [RULES_BY_CODE[step.rule] for step in trace if step.outcome == "fail"]
    if failed:
        reasons = [
            Reason(code=rule.code, message=rule_message(rule, facts), citation=rule.citation())
            for rule in failed
        ]
        changes = [change_for(rule, facts) for rule in failed]
        return Decision(facts=facts, eligible=False, reasons=reasons, trace=trace, changes=changes, **extra)

    missing_keys = _missing_keys(facts)
    if missing_keys:
        reasons = []
        missing = []
        for key in missing_keys:
            owner = _QUESTION_OWNER[key]
            question = owner.questions[key].nl
            reasons.append(
                Reason(
                    code=f"missing_fact:{key}",
                    message=f"Dit weet ik nog niet: {_FACT_LABELS[key]}.",
                    citation=owner.citation(),
                )
            )
            missing.append(MissingFact(key=key, question=question))
        return Decision(
            facts=facts, eligible=None, reasons=reasons, missing=missing, trace=trace,
            next_question=next_question(facts, missing_keys, skip), **extra,
        )

    warned = [(step, clause) for step, clause in steps if clause is not None and clause.warning]
    if warned:
        rule = RULES_BY_CODE[warned[0][0].rule]
        reason = Reason(code=rule.code, message=rule.warning or "", citation=rule.citation())
        return Decision(facts=facts, eligible=None, reasons=[reason], trace=trace, changes=[change_for(rule, facts)], **extra)

    return Decision(facts=facts, eligible=True, reasons=[], trace=trace, **extra)


# --------------------------------------------------------------------------- explanations

_FORM_NL = {
    "wooncooperatie": "een wooncoöperatie",
    "woonvereniging": "een woonvereniging",
    "cpo_cooperatief": "een CPO met een coöperatief karakter",
    "medeopdrachtgeverschap": "medeopdrachtgeverschap",
}
_FORM_EN = {
    "wooncooperatie": "a housing cooperative",
    "woonvereniging": "a housing association",
    "cpo_cooperatief": "a CPO with a cooperative character",
    "medeopdrachtgeverschap": "co-commissioning (medeopdrachtgeverschap)",
}


def _positive_points(facts: Facts, language: str) -> list[str]:
    """Why an eligible decision holds, one short sentence per rule whose facts are known (in an undecided
    one: what the facts given so far already settle)."""
    en = language == "en"
    points: list[str] = []
    form = facts.organisation_form
    if form in _FORM_NL:
        points.append(
            f"The fund covers {_FORM_EN[form]}." if en else f"Het fonds is er ook voor {_FORM_NL[form]}."
        )
    if facts.project_type == "nieuwbouw":
        points.append("New construction counts as new housing." if en else "Nieuwbouw telt als nieuwe woningen.")
    elif facts.project_type == "transformatie":
        points.append(
            "Transformation into homes counts as new housing."
            if en
            else "Transformatie tot woningen telt als nieuwe woningen."
        )
    if facts.tenure == "huur":
        points.append(
            "Rental homes can be financed in both the plan and the construction phase."
            if en
            else "Huurwoningen kunnen in de planfase en in de bouwfase bij het fonds terecht."
        )
    elif facts.phase == "plan":
        points.append(
            "In the plan phase the fund finances both owner-occupied and rental homes."
            if en
            else "In de planfase financiert het fonds koopwoningen en huurwoningen."
        )
    if facts.own_contribution_pct is not None:
        pct = format_pct(facts.own_contribution_pct, language)
        points.append(
            f"Your own contribution of {pct} meets the minimum of 5%."
            if en
            else f"Uw eigen inleg van {pct} is minimaal 5% van de financiering."
        )
    elif facts.own_contribution_eur is not None and facts.financing_eur is not None:
        own = format_eur(facts.own_contribution_eur, language)
        fin = format_eur(facts.financing_eur, language)
        points.append(
            f"Your own contribution of {own} on {fin} of financing is at least 5%."
            if en
            else f"Uw eigen inleg van {own} bij {fin} financiering is minimaal 5%."
        )
    return points


def _quote_line(citation: RuleCitation | None, language: str) -> str:
    """A short source line for a reason."""
    if citation is None:
        return ""
    label = "Source (Kamerbrief)" if language == "en" else "Bron (Kamerbrief)"
    return f"   {label}: “{citation.quote}”"


def _rental_only_note(facts: Facts, language: str) -> str:
    """That the build phase is for rental only, where koop is named and the build phase is not (yet) the issue."""
    if facts.tenure not in ("koop", "gemengd") or facts.phase == "bouw":
        return ""
    # the rule's own 'what would change it': which phase koop can bring to the fund, and how the other is paid
    change = change_for(RULES_BY_CODE["build_phase_requires_rental"], facts, language).text
    return ("Note: " if language == "en" else "Let op: ") + change[0].lower() + change[1:]


def _explain(decision: Decision, language: str) -> str:
    """Shared body of explain and explain_en."""
    en = language == "en"
    lines: list[str] = []
    if decision.eligible is True:
        lines.append(
            "Yes, based on what you tell me your initiative qualifies for the Fonds Coöperatief Wonen."
            if en
            else "Ja, op basis van wat u vertelt komt uw initiatief in aanmerking voor het Fonds "
            "Coöperatief Wonen."
        )
        lines.extend(f"- {point}" for point in _positive_points(decision.facts, language))
        lines.append(_rental_only_note(decision.facts, language))
    elif decision.eligible is False:
        lines.append(
            "No, based on what you tell me your initiative does not qualify for the Fonds "
            "Coöperatief Wonen."
            if en
            else "Nee, op basis van wat u vertelt komt uw initiatief niet in aanmerking voor het "
            "Fonds Coöperatief Wonen."
        )
        for reason in decision.reasons:
            rule = RULES_BY_CODE[reason.code]
            message = rule_message(rule, decision.facts, language) if en else reason.message
            lines.append(f"- {message}")
            lines.append(_quote_line(reason.citation, language))
        lines.extend(_change_lines(decision, language))
    elif decision.missing:
        labels = _FACT_LABELS_EN if en else _FACT_LABELS
        names = "; ".join(labels[m.key] for m in decision.missing)
        lines.append(
            f"I cannot say that yet. I am missing: {names}."
            if en
            else f"Dat kan ik nog niet zeggen. Ik mis: {names}."
        )
        # what the facts given so far already settle ("kunnen we als woonvereniging terecht?")
        known = _positive_points(decision.facts, language)
        if known:
            lines.append("What you have told me fits the fund:" if en else "Wat u al vertelde, past bij het fonds:")
            lines.extend(f"- {point}" for point in known)
        lines.append(_rental_only_note(decision.facts, language))
        ask = decision.next_question or next_question(decision.facts, [m.key for m in decision.missing])
        if ask is not None:
            text = next_question(decision.facts, [ask.key], language=language).text if en else ask.text  # type: ignore[union-attr]
            lines.append(("First this: " if en else "Eerst dit: ") + text)
    else:
        lines.append("I cannot say that yet." if en else "Dat kan ik nog niet zeggen.")
        for reason in decision.reasons:
            rule = RULES_BY_CODE[reason.code]
            lines.append(f"- {rule.warning_en if en else reason.message}")
            lines.append(_quote_line(reason.citation, language))
        lines.extend(_change_lines(decision, language))
    lines.append(
        "This is a first check against the Kamerbrief; the fund assesses each application itself."
        if en
        else "Dit is een eerste toets aan de Kamerbrief. Het fonds beoordeelt elke aanvraag zelf."
    )
    return "\n".join(line for line in lines if line)


def _change_lines(decision: Decision, language: str) -> list[str]:
    """'What would change it' lines, computed by the rules."""
    if not decision.changes:
        return []
    en = language == "en"
    head = "What would change this:" if en else "Wat dit kan veranderen:"
    lines = [head]
    for change in decision.changes:
        rule = RULES_BY_CODE[change.code]
        text = change_for(rule, decision.facts, language).text if en else change.text
        lines.append(f"- {text}")
    return lines


def explain(decision: Decision) -> str:
    """A short plain-Dutch summary of the decision, its reasons and the questions still open."""
    return _explain(decision, "nl")


def explain_en(decision: Decision) -> str:
    """A short English summary of the decision, its reasons and the questions still open."""
    return _explain(decision, "en")


# --------------------------------------------------------------------------- basis check


def all_basis_sentences() -> list[str]:
    """Every basis sentence of every rule and fact card, without duplicates, in a stable order."""
    sentences: list[str] = []
    for rule in RULES:
        sentences.extend(rule.basis)
    for fact_card in FACT_CARDS:
        sentences.extend(fact_card.basis)
    return list(dict.fromkeys(sentences))


def verify_basis(corpus_text: str) -> None:
    """Raise RulesBasisError unless every basis sentence occurs verbatim in the letter text."""
    haystack = tidy(corpus_text)
    missing = [s for s in all_basis_sentences() if tidy(s) not in haystack]
    if missing:
        raise RulesBasisError(missing)
