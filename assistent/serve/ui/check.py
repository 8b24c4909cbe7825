"""The tab "Check het fonds": a form (and free text) → the rules decision and its trace."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistent.fonds import facts as facts_mod
from assistent.fonds import rules as rules_mod
from assistent.text.numbers import parse_amount, parse_percentage
from assistent.serve.ui.html import FACT_LABELS, PRIVATE, decision_html, esc, trace_table_html

# -- form choices: (label shown, value); "" means "not filled in" ---------------------------------
ORG_CHOICES = [
    ("Weet ik niet", ""),
    ("Wooncoöperatie", "wooncooperatie"),
    ("Woonvereniging", "woonvereniging"),
    ("CPO met een coöperatief karakter", "cpo_cooperatief"),
    ("Medeopdrachtgeverschap", "medeopdrachtgeverschap"),
    ("Beheercoöperatie (alleen beheer en onderhoud)", "beheercooperatie"),
    ("Een andere vorm", "other"),
]
TENURE_CHOICES = [("Weet ik niet", ""), ("Huurwoningen", "huur"), ("Koopwoningen", "koop"), ("Allebei", "gemengd")]
PROJECT_CHOICES = [
    ("Weet ik niet", ""),
    ("Nieuwbouw", "nieuwbouw"),
    ("Transformatie (een ander gebouw wordt woningen)", "transformatie"),
    ("Bestaande woningen", "bestaande_bouw"),
]
PHASE_CHOICES = [("Weet ik niet", ""), ("Planfase", "plan"), ("Bouwfase", "bouw")]
INITIATIVE_CHOICES = [("Weet ik niet", ""), ("Ja", "ja"), ("Nee", "nee")]


# -- the decision --------------------------------------------------------------------------------


def _form_facts(
    org: str, tenure: str, project: str, phase: str, initiative: str, financing: str, own_eur: str, own_pct: str
) -> tuple[dict[str, Any], list[str]]:
    """The facts filled in on the form, and a message for each number that could not be read."""
    errors = []
    form: dict[str, Any] = {}
    if org:
        form["organisation_form"] = org
    if tenure:
        form["tenure"] = tenure
    if project:
        form["project_type"] = project
    if phase:
        form["phase"] = phase
    if initiative:
        form["initiative_phase_complete"] = initiative == "ja"
    for key, text, parse, example in (
        ("financing_eur", financing, parse_amount, "1.000.000"),
        ("own_contribution_eur", own_eur, parse_amount, "40.000"),
        ("own_contribution_pct", own_pct, parse_percentage, "4,5"),
    ):
        try:
            parsed = parse(text)
        except ValueError:
            errors.append(f"{FACT_LABELS[key]}: “{text}” is geen getal. Schrijf het bijvoorbeeld zo: {example}.")
            continue
        if parsed is not None:
            form[key] = float(parsed)
    return form, errors


def run_check(
    assistant: Any,
    org: str,
    tenure: str,
    project: str,
    phase: str,
    financing: str,
    own_eur: str,
    own_pct: str,
    initiative: str,
    free_text: str,
) -> tuple[str, str]:
    """The decision (HTML) and the rule trace (HTML table) for the form and the free text."""
    form, errors = _form_facts(org, tenure, project, phase, initiative, financing, own_eur, own_pct)
    if errors:
        return '<div class="wa-melding wa-fout">' + "<br>".join(esc(e) for e in errors) + "</div>", ""
    reading = facts_mod.read_facts(free_text) if (free_text or "").strip() else facts_mod.Reading(rules_mod.Facts())
    parsed = reading.facts
    try:
        given = rules_mod.Facts(**form)
    except Exception:
        return '<div class="wa-melding wa-fout">Een van de getallen klopt niet (het mag niet negatief zijn).</div>', ""
    facts = facts_mod.merge_facts(parsed, given)
    origin = {}
    for key, value in facts.model_dump().items():
        if key in form:
            origin[key] = "formulier"
        elif value is not None:
            origin[key] = "uw tekst"
    decision = assistant.check(facts=facts)
    decision.facts_evidence = {k: v for k, v in reading.evidence.items() if k not in form}
    trace = [step.model_dump(mode="json") for step in decision.trace]
    return decision_html(assistant, decision, origin), trace_table_html(trace, trainer=False)


# the form input (by position in run_check's arguments) that answers each question
_INPUT_OF = {"organisation_form": 0, "tenure": 1, "project_type": 2, "phase": 3, "initiative_phase_complete": 7}


def quick_replies(assistant: Any, *inputs: str) -> tuple[dict[str, Any], str]:
    """The quick-reply buttons for the next question (hidden when there is none or it takes a number)."""
    form, errors = _form_facts(*inputs[:4], inputs[7], *inputs[4:7])
    if errors:
        return gr.update(visible=False, choices=[], value=None), ""
    try:
        reading = facts_mod.read_facts(inputs[8]) if (inputs[8] or "").strip() else facts_mod.Reading(rules_mod.Facts())
        facts = facts_mod.merge_facts(reading.facts, rules_mod.Facts(**form))
    except Exception:
        return gr.update(visible=False, choices=[], value=None), ""
    ask = assistant.check(facts=facts).next_question
    if ask is None or ask.key not in _INPUT_OF or not ask.options:
        return gr.update(visible=False, choices=[], value=None), ""
    choices = [(o.label, _form_value(o.value)) for o in ask.options]
    return gr.update(visible=True, choices=choices, value=None, label=ask.text), ask.key


def _form_value(value: Any) -> str:
    """An option's value as the form's radio buttons hold it."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def apply_quick_reply(assistant: Any, key: str, value: str | None, *inputs: str) -> list[Any]:
    """Put a quick reply into its form field, then check again."""
    values = list(inputs)
    if key in _INPUT_OF and value:
        values[_INPUT_OF[key]] = value
    decision, trace = run_check(assistant, *values)
    quick, next_key = quick_replies(assistant, *values)
    return [*values, decision, trace, quick, next_key]


# -- the tab -------------------------------------------------------------------------------------

# After Check: the verdict is below the form (far below on a phone), so bring its top into view.
SHOW_VERDICT = "() => { const el = document.querySelector('#wa-besluit'); if (el) el.scrollIntoView({block: 'start'}); }"


@dataclass
class CheckTab:
    """The components of the check tab: the form inputs (in run_check's order) and the two outputs."""

    inputs: list[gr.components.Component]
    check: gr.Button
    clear: gr.Button
    decision: gr.HTML
    trace: gr.HTML
    quick: gr.Radio
    quick_key: gr.State


def _form_column() -> list[gr.Radio]:
    org = gr.Radio(ORG_CHOICES, value="", label="Wat voor organisatie bent u?", elem_id="wa-org")
    tenure = gr.Radio(TENURE_CHOICES, value="", label="Gaat het om huur- of koopwoningen?", elem_id="wa-huurkoop")
    project = gr.Radio(PROJECT_CHOICES, value="", label="Wat voor project is het?", elem_id="wa-project")
    phase = gr.Radio(PHASE_CHOICES, value="", label="In welke fase zit het project?", elem_id="wa-fase")
    initiative = gr.Radio(
        INITIATIVE_CHOICES,
        value="",
        label="Is de initiatieffase afgerond?",
        info="Dus: de groep is opgericht, er is een eerste plan, de gemeente steunt het en er is een locatie.",
        elem_id="wa-initiatief",
    )
    return [org, tenure, project, phase, initiative]


def _numbers_column(max_chars: int) -> tuple[list[gr.Textbox], gr.Button, gr.Button]:
    financing = gr.Textbox(label="Hoeveel financiering heeft u nodig? (in euro)", placeholder="bijvoorbeeld 1.000.000", elem_id="wa-financiering")
    own_eur = gr.Textbox(label="Hoeveel eigen inleg brengt u in? (in euro)", placeholder="bijvoorbeeld 40.000", elem_id="wa-inleg")
    own_pct = gr.Textbox(label="Of: hoeveel procent van de financiering is uw eigen inleg?", placeholder="bijvoorbeeld 5", elem_id="wa-inleg-pct")
    free_text = gr.Textbox(
        label="Of beschrijf uw situatie in eigen woorden",
        placeholder="Bijvoorbeeld: Wij zijn een woonvereniging en bouwen 30 huurwoningen. We hebben 2 miljoen nodig en leggen zelf 150.000 euro in.",
        lines=5,
        max_length=max_chars,
        elem_id="wa-vrije-tekst",
    )
    with gr.Row():
        check_btn = gr.Button("Check", variant="primary", elem_id="wa-check")
        clear_btn = gr.Button("Leeg maken", elem_id="wa-check-leeg")
    return [financing, own_eur, own_pct, free_text], check_btn, clear_btn


def check_tab(max_chars: int) -> CheckTab:
    """The tab's components, in a gr.Tab; wire them with wire_check once the whole page is built."""
    with gr.Tab("Check het fonds", id="check", elem_id="wa-tab-check"):
        gr.HTML(
            '<div class="wa-html"><p>Kan uw initiatief geld lenen bij het Fonds Coöperatief Wonen? '
            "Vul in wat u weet. U kunt ook uw situatie in eigen woorden beschrijven. Wat u in het "
            "formulier kiest, telt zwaarder dan wat in de tekst staat.</p></div>",
            js_on_load=None,
        )
        with gr.Row(elem_id="wa-check-kolommen"):  # one column on a phone (ui.css)
            with gr.Column(min_width=0):
                org, tenure, project, phase, initiative = _form_column()
            with gr.Column(min_width=0):
                (financing, own_eur, own_pct, free_text), check_btn, clear_btn = _numbers_column(max_chars)
        decision_out = gr.HTML("", elem_id="wa-besluit", js_on_load=None)
        quick = gr.Radio([], value=None, label="Snel antwoorden", visible=False, elem_id="wa-snel")
        quick_key = gr.State("")
        with gr.Accordion("Hoe kwam de uitkomst tot stand? (spoor van de regels)", open=False, elem_id="wa-spoor"):
            trace_out = gr.HTML("", elem_id="wa-spoor-tabel", js_on_load=None)
    inputs = [org, tenure, project, phase, financing, own_eur, own_pct, initiative, free_text]
    return CheckTab(inputs, check_btn, clear_btn, decision_out, trace_out, quick, quick_key)


def wire_check(tab: CheckTab, assistant: Any) -> None:
    """Check → decision and trace; Leeg maken → an empty form."""
    tab.check.click(
        lambda *a: (*run_check(assistant, *a), *quick_replies(assistant, *a)),
        tab.inputs,
        [tab.decision, tab.trace, tab.quick, tab.quick_key],
        concurrency_limit=4,
        **PRIVATE,
    ).then(None, None, None, js=SHOW_VERDICT, **PRIVATE)
    tab.quick.input(
        lambda key, value, *a: apply_quick_reply(assistant, key, value, *a),
        [tab.quick_key, tab.quick, *tab.inputs],
        [*tab.inputs, tab.decision, tab.trace, tab.quick, tab.quick_key],
        concurrency_limit=4,
        **PRIVATE,
    )

    def clear_form():
        return "", "", "", "", "", "", "", "", "", "", "", gr.update(visible=False, choices=[], value=None), ""

    tab.clear.click(
        clear_form, None, [*tab.inputs, tab.decision, tab.trace, tab.quick, tab.quick_key], queue=False, **PRIVATE
    )
