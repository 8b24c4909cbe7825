"""HTML for the UI, built from escaped text only: answers with their sources, the rule trace, the decision;
and what every tab shares (the labels of facts and rules, PRIVATE for event listeners).

Safety: nothing from a question or a document is rendered as HTML. Every piece of user or document
text goes through ``esc`` (``html.escape``) before it is put in HTML we build ourselves; the chat
renders that HTML with Markdown switched off, HTML sanitising on and no extra tags allowed.
"""
from __future__ import annotations

import html
from typing import Any

from assistent.fonds import rules as rules_mod
from assistent.fonds.source import CHECK_DISCLAIMER
from assistent.answer.events import FALLBACK_NOTE, FELL_BACK
from assistent.models import Citation, Result
from assistent.serve.export import guard_text
from assistent.text.numbers import format_date, format_number, format_pct

# Keyword arguments for every event listener: the UI's events are for this page only, not a public
# Gradio API; programs use the REST API (/api/*, with keys and rate limits).
PRIVATE: dict[str, Any] = {"api_visibility": "private"}

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

OUTCOMES = {
    "pass": ("voldaan", "wa-ok"),
    "fail": ("niet voldaan", "wa-nee"),
    "unknown": ("onbekend", "wa-open"),
    "skip": ("niet van toepassing", "wa-grijs"),
}


# -- escaping and small pieces -------------------------------------------------------------------


def esc(text: Any) -> str:
    """User or document text, safe inside HTML (also inside attribute values)."""
    return html.escape("" if text is None else str(text), quote=True)


def esc_lines(text: Any) -> str:
    """Escaped text with its line breaks kept."""
    return "<br>".join(esc(line) for line in ("" if text is None else str(text)).split("\n"))


def section_display(section: str) -> str:
    return (section or "").replace(" > ", " › ")


def fact_value_text(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key in ("financing_eur", "own_contribution_eur"):
        return rules_mod.format_eur(value)
    if key == "own_contribution_pct":
        return rules_mod.format_pct(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return VALUE_LABELS.get(str(value), str(value))


def table(
    headers: list[str], rows: list[list[str]], numeric: set[int] | None = None, widths: list[int] | None = None
) -> str:
    """An HTML table; cells must already be escaped HTML. ``widths`` in percent fix the column widths."""
    numeric = numeric or set()
    cols = ""
    if widths:
        cols = "<colgroup>" + "".join(f'<col style="width:{int(w)}%">' for w in widths) + "</colgroup>"
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="wa-getal">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    fixed = " wa-vast" if widths else ""
    return f'<table class="wa-tabel{fixed}">{cols}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def label(text: str, cls: str) -> str:
    return f'<span class="wa-label {cls}">{esc(text)}</span>'


# -- answers, the rule trace and the decision ------------------------------------------------------


def _neighbours_html(assistant: Any, c: Citation) -> str:
    try:
        around = assistant.index.neighbours(c.passage_id, 1)
    except Exception:  # the index may have been replaced or be unavailable
        around = []
    others = [p for p in around if p.id != c.passage_id]
    if not others:
        return ""
    position = next((i for i, p in enumerate(around) if p.id == c.passage_id), 0)
    parts = []
    for i, p in enumerate(around):
        if p.id == c.passage_id:
            continue
        where = "Tekst ervoor" if i < position else "Tekst erna"
        meta = [where, f"alinea {p.paragraph}"]
        if p.page is not None:
            meta.append(f"pagina {p.page}")
        if p.section and p.section != c.section:
            meta.append(section_display(p.section))
        parts.append(
            f'<div class="wa-buur"><div class="wa-buur-kop">{esc(" · ".join(meta))}</div>{esc(p.text)}</div>'
        )
    return (
        '<details class="wa-buren"><summary>Tekst ervoor en erna</summary>' + "".join(parts) + "</details>"
    )


def citation_html(assistant: Any, c: Citation, trainer: bool = False) -> str:
    """One numbered source, closed; opened it shows the passage, where it comes from and its neighbours."""
    section = section_display(c.section)
    summary = f'<span class="wa-bron-n">[{c.n}]</span> {esc(c.title)}'
    if section:
        summary += f' <span class="wa-bron-sectie">— {esc(section)}</span>'
    meta = [("Document", esc(c.title))]
    if section:
        meta.append(("Hoofdstuk", esc(section)))
    meta.append(("Alinea", esc(c.paragraph)))
    if c.page is not None:
        meta.append(("Pagina", esc(c.page)))
    if c.date:
        meta.append(("Datum", esc(format_date(c.date))))
    if trainer:
        meta.append(("Passage-id", f'<span class="wa-id">{esc(c.passage_id)}</span>'))
        meta.append(("Score", f'<span class="wa-score">{esc(format_number(c.score, 4))}</span>'))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta)
    return (
        f'<details class="wa-bron" data-n="{c.n}"><summary>{summary}</summary>'
        f'<div class="wa-bron-body"><dl class="wa-meta">{dl}</dl>'
        f'<blockquote class="wa-passage">{esc(c.text)}</blockquote>'
        f"{_neighbours_html(assistant, c)}</div></details>"
    )


def trace_table_html(trace: list[dict[str, Any]], trainer: bool = True) -> str:
    """The rule trace as a table; rule codes only for the trainer (the check tab shows plain Dutch)."""
    rows = []
    for step in trace:
        outcome, cls = OUTCOMES.get(step.get("outcome", ""), (step.get("outcome", ""), "wa-grijs"))
        facts = "<br>".join(
            f"{esc(FACT_LABELS.get(k, k))}: {esc(fact_value_text(k, v))}" for k, v in (step.get("facts") or {}).items()
        )
        pct = step.get("percentage")
        basis = "<br>".join(f"“{esc(b.get('quote', ''))}”" for b in step.get("basis") or [])
        code = step.get("rule", "")
        name = esc(step.get("name") or RULE_NAMES.get(code, code))
        explained = esc(step.get("text") or step.get("note") or "")
        if trainer and step.get("text") and step.get("note"):
            explained += f"<br><small>{esc(step.get('note'))}</small>"
        rows.append(
            [
                f"{name}<br><span class=\"wa-id\">{esc(code)}</span>" if trainer else name,
                label(outcome, cls),
                facts or "—",
                esc(format_pct(pct)) if pct is not None else "—",
                explained,
                basis,
            ]
        )
    return table(
        ["Regel", "Uitkomst", "Gekeken naar", "Percentage", "Toelichting", "Grond in de bron"],
        rows,
        {3},
        widths=[19, 12, 21, 10, 13, 25],
    )


def trainer_html(result: Result) -> str:
    items = [f"Manier van antwoorden: <b>{esc(result.backend)}</b>"]
    if result.standalone_question and result.standalone_question != result.question:
        items.append(f"Vraag zoals gezocht: {esc(result.standalone_question)}")
    items.append(f"Taal: {esc(result.language)}")
    if result.refused:
        items.append("Geweigerd: de bronnen geven geen antwoord")
    if result.false_premise:
        items.append("Vraag met een onjuiste aanname")
    items.append(f"Controle (guard): {esc(guard_text(result.guard))}")
    if result.timings_ms:
        items.append(
            "Tijden: " + esc(", ".join(f"{k} {format_number(v, 1)} ms" for k, v in result.timings_ms.items()))
        )
    out = '<div class="wa-trainer"><div class="wa-trainer-kop">Voor de trainer</div><ul>'
    out += "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    if result.citations:
        rows = [
            [f"[{c.n}]", f'<span class="wa-id">{esc(c.passage_id)}</span>', esc(format_number(c.score, 4))]
            for c in result.citations
        ]
        out += table(["Bron", "Passage-id", "Score"], rows, {2})
    if result.rules and result.rules.get("trace"):
        out += "<div><b>Spoor van de regels</b></div>" + trace_table_html(result.rules["trace"])
    return out + "</div>"


def answer_html(assistant: Any, result: Result, trainer: bool = False) -> str:
    out = ""
    if result.backend == FELL_BACK:  # the language model's reply was not used: say so
        out += f'<div class="wa-terugval">{esc(FALLBACK_NOTE.get(result.language, FALLBACK_NOTE["nl"]))}</div>'
    out += f'<div class="wa-antwoord">{esc_lines(result.answer)}</div>'
    if result.citations:
        out += '<div class="wa-bronnen"><div class="wa-bronnen-kop">Bronnen (klik om de tekst te lezen)</div>'
        out += "".join(citation_html(assistant, c, trainer) for c in result.citations)
        out += "</div>"
    if trainer:
        out += trainer_html(result)
    return out


def _source_title(assistant: Any, source_id: str) -> str:
    try:
        for p in assistant.index.passages:
            if p.source_id == source_id:
                return p.title
    except Exception:
        pass
    return source_id


def decision_html(assistant: Any, decision: rules_mod.Decision, origin: dict[str, str]) -> str:
    if decision.eligible is True:
        head, cls = "Ja: u komt waarschijnlijk in aanmerking voor het Fonds Coöperatief Wonen.", "wa-ok"
    elif decision.eligible is False:
        head, cls = "Nee: u komt niet in aanmerking voor het Fonds Coöperatief Wonen.", "wa-nee"
    elif decision.missing:
        head, cls = "Nog niet te zeggen: er ontbreekt informatie.", "wa-open"
    else:
        head, cls = "Nog niet te zeggen.", "wa-open"
    out = [
        f'<div class="wa-html"><div class="wa-besluit {cls}">{esc(head)}'
        f"<small>{esc(CHECK_DISCLAIMER)}</small></div>"
    ]
    reasons = [r for r in decision.reasons if not r.code.startswith("missing_fact:")]
    if reasons:
        out.append("<h3>Waarom?</h3>")
        for r in reasons:
            out.append(f'<div class="wa-reden"><p>{esc(r.message)}</p>')
            if r.citation:
                title = _source_title(assistant, r.citation.source_id)
                out.append(
                    f'<div class="wa-citaat"><span class="wa-bron-sectie">Bron: {esc(title)} — '
                    f"{esc(section_display(r.citation.section))}</span>“{esc(r.citation.quote)}”</div>"
                )
            out.append("</div>")
    elif decision.eligible is True:
        out.append("<h3>Waarom?</h3><ul>")
        for line in rules_mod.explain(decision).split("\n"):
            if line.startswith("- "):
                out.append(f"<li>{esc(line[2:])}</li>")
        out.append("</ul>")
    if decision.changes:
        out.append("<h3>Wat kan het veranderen?</h3><ul>")
        out.extend(f"<li>{esc(c.text)}</li>" for c in decision.changes)
        out.append("</ul>")
    if decision.missing and decision.next_question is None:
        out.append("<h3>Wat moeten we nog weten?</h3><ul>")
        for m in decision.missing:
            out.append(f"<li><b>{esc(FACT_LABELS.get(m.key, m.key))}</b>: {esc(m.question)}</li>")
        out.append("</ul>")
    elif decision.missing:
        ask = decision.next_question
        if ask is not None:
            out.append(f'<h3>Eerst dit</h3><p class="wa-vraag">{esc(ask.text)}</p>')
        others = [m for m in decision.missing if ask is None or m.key != ask.key]
        if others:
            out.append("<h3>Daarna nog</h3><ul>")
            out.extend(f"<li>{esc(FACT_LABELS.get(m.key, m.key))}</li>" for m in others)
            out.append("</ul>")
    out.append("<h3>Welke gegevens zijn gebruikt?</h3>")
    rows = []
    evidence = getattr(decision, "facts_evidence", {}) or {}
    for key, value in decision.facts.model_dump().items():
        src = origin.get(key, "")
        words = evidence.get(key)
        rows.append([
            esc(FACT_LABELS.get(key, key)), esc(fact_value_text(key, value)), esc(src or "—"),
            f"“{esc(words)}”" if words and src != "formulier" else "",
        ])
    out.append(table(["Gegeven", "Waarde", "Uit", "Uw woorden"], rows))
    out.append("</div>")
    return "".join(out)
