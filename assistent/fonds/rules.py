"""Deterministic eligibility rules of the Fonds Coöperatief Wonen, each next to its sentence of the letter.

The decision rules are the product's reading of the Kamerbrief (see shared/evals/README.md):
1. grounds for refusal → eligible False, only those grounds listed;
2. otherwise missing facts → eligible None with ``missing_fact:<key>`` reasons;
3. otherwise tenure ``gemengd`` in the build phase → eligible None with a warning;
4. otherwise eligible True.
No model is involved: the same facts always give the same decision.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any, Literal

from assistent import errors
from assistent.text import tidy
from pydantic import BaseModel, ConfigDict, Field

from assistent.fonds.factcards import FACT_CARDS
from assistent.fonds.source import FONDS_SECTION, SOURCE_ID

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

MIN_OWN_CONTRIBUTION_PCT = Decimal(5)
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
MISSING_ORDER: tuple[str, ...] = (
    "organisation_form",
    "tenure",
    "project_type",
    "phase",
    "initiative_phase_complete",
    "financing_eur",
    "own_contribution_eur",
)


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
    """A verbatim quote of the letter with the section it sits in."""

    source_id: str = SOURCE_ID
    section: str
    quote: str


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


class Decision(BaseModel):
    """The outcome of ``decide``: eligible True/False/None with reasons, questions and trace."""

    facts: Facts
    eligible: bool | None
    reasons: list[Reason] = Field(default_factory=list)
    missing: list[MissingFact] = Field(default_factory=list)
    trace: list[TraceStep] = Field(default_factory=list)


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
    """One rule of the fund: the letter's sentence(s), its code and its plain-language texts."""

    basis: tuple[str, ...]
    code: str
    section: str
    explanation: str  # plain Dutch (B1); may use {placeholders} filled from the facts
    explanation_en: str
    needs: tuple[str, ...]
    questions: Mapping[str, Question] = field(default_factory=dict)
    warning: str | None = None  # plain Dutch, when the rule cannot refuse but cannot approve either
    warning_en: str | None = None

    def citations(self) -> list[RuleCitation]:
        """All basis sentences as citations."""
        return [RuleCitation(section=self.section, quote=q) for q in self.basis]

    def citation(self) -> RuleCitation:
        """The decisive basis sentence (the first) as a citation."""
        return RuleCitation(section=self.section, quote=self.basis[0])


# --------------------------------------------------------------------------- the rules
# Each rule sits next to the sentence(s) of the letter it rests on; the first is decisive.

RULE_BEHEERCOOPERATIE = Rule(
    basis=(
        "Voor zogenaamde beheercooperaties, waarbij een groep alleen het beheer en onderhoud "
        "overneemt van een woningcorporatie, kunnen bewoners bij de woningcorporatie terecht voor "
        "financiering.",
    ),
    code="beheercooperatie_goes_to_corporation",
    section=FONDS_SECTION,
    explanation=(
        "U bent een beheercoöperatie. Dan neemt u alleen het beheer en onderhoud over van een "
        "woningcorporatie. Voor financiering kunt u dan bij de woningcorporatie terecht, niet bij "
        "het fonds."
    ),
    explanation_en=(
        "You are a management cooperative (beheercoöperatie): you only take over management and "
        "maintenance from a housing corporation. For financing you can turn to the housing "
        "corporation, not to the fund."
    ),
    needs=("organisation_form",),
)

RULE_FORM = Rule(
    basis=(
        "het gaat om wooncoöperaties, woonverenigingen, Collectief Privaat Opdrachtgeverschappen "
        "(CPO’s) met een coöperatief karakter en medeopdrachtgeverschap",
        "Het fonds hanteert een ruime opvatting van coöperatief wonen",
    ),
    code="form_not_covered",
    section=FONDS_SECTION,
    explanation=(
        "Het fonds is voor wooncoöperaties, woonverenigingen, CPO's met een coöperatief karakter en "
        "medeopdrachtgeverschap. Uw organisatie hoort niet bij deze vormen."
    ),
    explanation_en=(
        "The fund is for housing cooperatives, housing associations, CPOs with a cooperative "
        "character and co-commissioning (medeopdrachtgeverschap). Your organisation is not one of "
        "these forms."
    ),
    needs=("organisation_form",),
    questions={
        "organisation_form": Question(
            nl=(
                "Welke organisatievorm heeft uw initiatief? Bijvoorbeeld een wooncoöperatie, een "
                "woonvereniging, een CPO met een coöperatief karakter of medeopdrachtgeverschap."
            ),
            en=(
                "What kind of organisation is your initiative? For example a housing cooperative, "
                "a housing association, a CPO with a cooperative character or co-commissioning."
            ),
        )
    },
)

RULE_NEW_HOUSING = Rule(
    basis=("Het moet daarbij gaan om nieuwe betaalbare woningen (nieuwbouw, transformatie).",),
    code="not_new_housing",
    section=FONDS_SECTION,
    explanation=(
        "Het fonds is alleen voor nieuwe woningen: nieuwbouw of transformatie. Bestaande woningen "
        "kopen, beheren of opknappen valt daar niet onder."
    ),
    explanation_en=(
        "The fund is only for new homes: new construction or transformation. Buying, managing or "
        "refurbishing existing homes does not count."
    ),
    needs=("project_type",),
    questions={
        "project_type": Question(
            nl=(
                "Gaat het om nieuwbouw, om het ombouwen van een ander gebouw tot woningen "
                "(transformatie), of om bestaande woningen?"
            ),
            en=(
                "Is it new construction, converting another building into homes (transformation), "
                "or existing homes?"
            ),
        )
    },
)

RULE_BUILD_PHASE = Rule(
    basis=(
        "Daarom komen alleen coöperatieve initiatieven die huurwoningen realiseren voor "
        "financiering van de bouwfase in aanmerking.",
        "Initiatieven die koopwoningen realiseren kunnen de bouwfase wel gewoon via een hypotheek "
        "financieren.",
        "Omdat banken deze fase veelal niet financieren kunnen initiatieven gericht op de bouw van "
        "koop- en huurwoningen bij het fonds terecht.",
    ),
    code="build_phase_requires_rental",
    section=FONDS_SECTION,
    explanation=(
        "In de bouwfase financiert het fonds alleen huurwoningen. Uw project heeft koopwoningen. "
        "De bouwfase van koopwoningen kunt u gewoon met een hypotheek financieren. In de planfase "
        "kunnen koopwoningen wel bij het fonds terecht."
    ),
    explanation_en=(
        "In the construction phase the fund only finances rental homes. Your project has "
        "owner-occupied homes; their construction phase can be financed with an ordinary mortgage. "
        "In the plan phase, owner-occupied homes can turn to the fund."
    ),
    needs=("phase", "tenure"),
    questions={
        "tenure": Question(
            nl="Gaat het om huurwoningen, koopwoningen of allebei?",
            en="Are these rental homes, owner-occupied homes, or both?",
        ),
        "phase": Question(
            nl="In welke fase zit uw project: de planfase of de bouwfase?",
            en="Which phase is your project in: the plan phase or the construction phase?",
        ),
    },
    warning=(
        "U heeft huurwoningen én koopwoningen en u zit in de bouwfase. In de bouwfase financiert "
        "het fonds alleen huurwoningen. Het huurdeel lijkt dus te passen. De brief zegt niet of u "
        "een project in delen kunt financieren."
    ),
    warning_en=(
        "You have both rental and owner-occupied homes and you are in the construction phase. In "
        "that phase the fund only finances rental homes, so the rental part looks fundable. The "
        "letter does not say whether a project can be split."
    ),
)

RULE_OWN_CONTRIBUTION = Rule(
    basis=("Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering.",),
    code="own_contribution_below_5pct",
    section=FONDS_SECTION,
    explanation=(
        "Het fonds vraagt een eigen inleg van minimaal 5% van de financiering. Dat geldt in de "
        "planfase en in de bouwfase. {detail} Dat is minder dan 5%."
    ),
    explanation_en=(
        "The fund requires an own contribution of at least 5% of the financing, in both the plan "
        "and the construction phase. {detail} That is less than 5%."
    ),
    needs=("own_contribution_pct", "financing_eur", "own_contribution_eur"),
    questions={
        "financing_eur": Question(
            nl="Hoeveel financiering heeft u nodig, in euro?",
            en="How much financing do you need, in euros?",
        ),
        "own_contribution_eur": Question(
            nl=(
                "Hoeveel eigen inleg brengt u zelf in, in euro? Of welk percentage van de "
                "financiering is dat?"
            ),
            en=(
                "How much do you contribute yourselves, in euros? Or what percentage of the "
                "financing is that?"
            ),
        ),
    },
)

RULE_INITIATIVE_PHASE = Rule(
    basis=(
        "Deze fase start na de initiatieffase waarin de groep is opgericht, er een eerste opzet "
        "ligt voor een project, wat de gemeente ondersteunt en waarvoor een locatie beschikbaar is.",
        "Het fonds financiert initiatieven vanaf de planfase.",
    ),
    code="initiative_phase_not_complete",
    section=FONDS_SECTION,
    explanation=(
        "Het fonds financiert vanaf de planfase. Die begint pas na de initiatieffase. Dan is de "
        "groep opgericht, ligt er een eerste opzet voor het project, steunt de gemeente het en is "
        "er een locatie. Zo ver bent u volgens uw beschrijving nog niet."
    ),
    explanation_en=(
        "The fund finances from the plan phase onwards. That phase only starts after the "
        "initiative phase: the group has been set up, there is a first outline of the project, "
        "the municipality supports it and a location is available. From what you describe, you "
        "are not that far yet."
    ),
    needs=("initiative_phase_complete", "phase"),
    questions={
        "initiative_phase_complete": Question(
            nl=(
                "Is de initiatieffase afgerond? Dus: is de groep opgericht, ligt er een eerste "
                "opzet voor het project, steunt de gemeente het en is er een locatie?"
            ),
            en=(
                "Is the initiative phase complete? That is: has the group been set up, is there a "
                "first outline of the project, does the municipality support it and is a location "
                "available?"
            ),
        )
    },
)

# README rule 1 lists the grounds for refusal in this order; reasons keep it.
RULES: tuple[Rule, ...] = (
    RULE_BEHEERCOOPERATIE,
    RULE_FORM,
    RULE_NEW_HOUSING,
    RULE_BUILD_PHASE,
    RULE_OWN_CONTRIBUTION,
    RULE_INITIATIVE_PHASE,
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
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
    return Decimal(repr(float(value)))


def format_eur(value: float, language: str = "nl") -> str:
    """An amount in euro, e.g. '€ 1.000.000' or '€ 49.999,99' (en: '€1,000,000')."""
    amount = _decimal(value)
    cents = amount != amount.to_integral_value()
    text = f"{amount:,.2f}" if cents else f"{int(amount):,}"
    if language == "en":
        return f"€{text}"
    return "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_pct(value: float, language: str = "nl") -> str:
    """A percentage as the user gave it, e.g. '4,99%' (en: '4.99%')."""
    text = format(_decimal(value).normalize(), "f")
    return (text if language == "en" else text.replace(".", ",")) + "%"


# --------------------------------------------------------------------------- evaluation


def _round6(value: Decimal) -> Decimal:
    """Round to 6 decimals (half-even), leaving huge values (far above 5%) as they are."""
    with localcontext() as context:
        context.prec = 60
        if value.adjusted() > 40:
            return value
        return value.quantize(Decimal("0.000001"), ROUND_HALF_EVEN)


def own_contribution_percentage(facts: Facts) -> tuple[Decimal | None, str | None]:
    """The percentage the 5% rule compares (rounded to 6 decimals) and where it came from."""
    if facts.own_contribution_pct is not None:
        return _round6(_decimal(facts.own_contribution_pct)), "given"
    if facts.financing_eur is None or facts.own_contribution_eur is None:
        return None, None
    financing = _decimal(facts.financing_eur)
    if financing <= 0:
        return None, None
    with localcontext() as context:
        context.prec = 60
        pct = Decimal(100) * _decimal(facts.own_contribution_eur) / financing
    return _round6(pct), "computed"


def _seen(facts: Facts, *keys: str) -> dict[str, Any]:
    """The fact values a rule looked at."""
    return {key: getattr(facts, key) for key in keys}


def _step(rule: Rule, facts: Facts, outcome: Outcome, note: str | None = None, **extra: Any) -> TraceStep:
    """A trace step for a rule."""
    return TraceStep(
        rule=rule.code,
        facts=_seen(facts, *rule.needs),
        outcome=outcome,
        note=note,
        basis=rule.citations(),
        **extra,
    )


def _check_beheer(facts: Facts) -> TraceStep:
    """Beheercoöperaties go to the woningcorporatie for financing."""
    form = facts.organisation_form
    if form is None:
        return _step(RULE_BEHEERCOOPERATIE, facts, "unknown")
    return _step(RULE_BEHEERCOOPERATIE, facts, "fail" if form == "beheercooperatie" else "pass")


def _check_form(facts: Facts) -> TraceStep:
    """Only the four named cooperative forms are covered."""
    form = facts.organisation_form
    if form is None:
        return _step(RULE_FORM, facts, "unknown")
    if form == "beheercooperatie":
        return _step(RULE_FORM, facts, "skip", note="beheercoöperatie: zie de regel over de woningcorporatie")
    return _step(RULE_FORM, facts, "fail" if form == "other" else "pass")


def _check_new_housing(facts: Facts) -> TraceStep:
    """Only new homes (nieuwbouw, transformatie)."""
    if facts.project_type is None:
        return _step(RULE_NEW_HOUSING, facts, "unknown")
    return _step(RULE_NEW_HOUSING, facts, "fail" if facts.project_type == "bestaande_bouw" else "pass")


def _check_build_phase(facts: Facts) -> TraceStep:
    """In the build phase only rental homes; koop is fundable in the plan phase."""
    phase, tenure = facts.phase, facts.tenure
    if tenure == "huur":
        return _step(RULE_BUILD_PHASE, facts, "pass", note="huur: in beide fases financierbaar")
    if phase == "plan":
        return _step(RULE_BUILD_PHASE, facts, "skip", note="planfase: koop en huur financierbaar")
    if phase == "bouw" and tenure == "koop":
        return _step(RULE_BUILD_PHASE, facts, "fail")
    if phase == "bouw" and tenure == "gemengd":
        return _step(RULE_BUILD_PHASE, facts, "unknown", note="gemengd in de bouwfase: alleen het huurdeel")
    return _step(RULE_BUILD_PHASE, facts, "unknown")


def _check_own_contribution(facts: Facts) -> TraceStep:
    """Own contribution at least 5% of the financing (exactly 5% passes)."""
    pct, origin = own_contribution_percentage(facts)
    if pct is None:
        note = None
        if facts.financing_eur is not None and facts.financing_eur <= 0:
            note = "financiering is 0: percentage niet te berekenen"
        return _step(RULE_OWN_CONTRIBUTION, facts, "unknown", note=note)
    outcome: Outcome = "pass" if pct >= MIN_OWN_CONTRIBUTION_PCT else "fail"
    note = "percentage opgegeven" if origin == "given" else "percentage berekend uit de bedragen"
    return _step(RULE_OWN_CONTRIBUTION, facts, outcome, note=note, percentage=float(pct))


def _check_initiative_phase(facts: Facts) -> TraceStep:
    """Funding starts at the plan phase, after a completed initiative phase."""
    done = facts.initiative_phase_complete
    if done is False:
        return _step(RULE_INITIATIVE_PHASE, facts, "fail")
    if done is True:
        return _step(RULE_INITIATIVE_PHASE, facts, "pass")
    if facts.phase is not None:
        return _step(RULE_INITIATIVE_PHASE, facts, "pass", note="plan- of bouwfase genoemd: initiatieffase afgerond")
    return _step(RULE_INITIATIVE_PHASE, facts, "unknown")


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
    missing: set[str] = set()
    if facts.organisation_form is None:
        missing.add("organisation_form")
    if facts.tenure is None and facts.phase != "plan":
        missing.add("tenure")
    if facts.project_type is None:
        missing.add("project_type")
    if facts.phase is None and facts.tenure != "huur":
        missing.add("phase")
    if facts.initiative_phase_complete is None and facts.phase is None:
        missing.add("initiative_phase_complete")
    if facts.own_contribution_pct is None:
        if facts.financing_eur is None or facts.financing_eur <= 0:
            missing.add("financing_eur")
        if facts.own_contribution_eur is None:
            missing.add("own_contribution_eur")
    return [key for key in MISSING_ORDER if key in missing]


def decide(facts: Facts) -> Decision:
    """Apply decision rules 1–4 of the README to the facts."""
    trace = [
        _check_beheer(facts),
        _check_form(facts),
        _check_new_housing(facts),
        _check_build_phase(facts),
        _check_own_contribution(facts),
        _check_initiative_phase(facts),
    ]
    failed = [RULES_BY_CODE[step.rule] for step in trace if step.outcome == "fail"]
    if failed:
        reasons = [
            Reason(code=rule.code, message=rule_message(rule, facts), citation=rule.citation())
            for rule in failed
        ]
        return Decision(facts=facts, eligible=False, reasons=reasons, trace=trace)

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
        return Decision(facts=facts, eligible=None, reasons=reasons, missing=missing, trace=trace)

    if facts.phase == "bouw" and facts.tenure == "gemengd":
        rule = RULE_BUILD_PHASE
        reason = Reason(code=rule.code, message=rule.warning or "", citation=rule.citation())
        return Decision(facts=facts, eligible=None, reasons=[reason], trace=trace)

    return Decision(facts=facts, eligible=True, reasons=[], trace=trace)


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
    """Why an eligible decision holds, one short sentence per rule."""
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
    else:
        own = format_eur(facts.own_contribution_eur or 0, language)
        fin = format_eur(facts.financing_eur or 0, language)
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
        if decision.facts.tenure in ("koop", "gemengd") and decision.facts.phase == "plan":
            lines.append(
                "Note: in the construction phase the fund only finances rental homes."
                if en
                else "Let op: in de bouwfase financiert het fonds alleen huurwoningen."
            )
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
    elif decision.missing:
        labels = _FACT_LABELS_EN if en else _FACT_LABELS
        names = "; ".join(labels[m.key] for m in decision.missing)
        lines.append(
            f"I cannot say that yet. I am missing: {names}."
            if en
            else f"Dat kan ik nog niet zeggen. Ik mis: {names}."
        )
        lines.append("Can you tell me:" if en else "Kunt u mij dit vertellen?")
        lines.extend(f"- {question_for(m.key, language)}" for m in decision.missing)
    else:
        lines.append("I cannot say that yet." if en else "Dat kan ik nog niet zeggen.")
        for reason in decision.reasons:
            rule = RULES_BY_CODE[reason.code]
            lines.append(f"- {rule.warning_en if en else reason.message}")
            lines.append(_quote_line(reason.citation, language))
    lines.append(
        "This is a first check against the Kamerbrief; the fund assesses each application itself."
        if en
        else "Dit is een eerste toets aan de Kamerbrief. Het fonds beoordeelt elke aanvraag zelf."
    )
    return "\n".join(line for line in lines if line)


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
