"""The web UI (Gradio 6): chat with sources, the eligibility check, the sources and a trainer mode.

``build_ui(assistant, settings)`` gives the full app (mounted at ``/``), ``build_embed_ui`` the compact
chat-only view for partner sites (mounted at ``/embed``); ``mount_ui(app, ...)`` mounts both on a
FastAPI app with the right options.

Safety: nothing from a question or a document is rendered as HTML. Every piece of user or document
text is passed through ``html.escape`` before it is put in HTML we build ourselves; the chat renders
that HTML with Markdown switched off, HTML sanitising on and no extra tags allowed.
Privacy: system fonts only, analytics off, no run history in the browser, no footer links that load
anything; conversations live in the browser session only and are stored nowhere unless the user
sends feedback on an answer.
"""
from __future__ import annotations

import datetime as _dt
import html
import importlib
import inspect
import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from assistent.settings import Settings, get_settings

# Before gradio is imported: no analytics, and no conversation history kept in the browser.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("GRADIO_RUN_HISTORY", "False")

import gradio as gr  # noqa: E402

from assistent.fonds import facts as facts_mod  # noqa: E402
from assistent.fonds import rules as rules_mod  # noqa: E402
from assistent.answer.extractive import format_date  # noqa: E402
from assistent.errors import AssistentError  # noqa: E402
from assistent.serve.export import conversation_markdown, conversation_pdf, guard_text, nl_number  # noqa: E402
from assistent.models import Citation, Result, Turn  # noqa: E402

log = logging.getLogger("assistent.serve.ui.app")

APP_TITLE = "Wooncoöperatie-assistent"
CSS_PATH = Path(__file__).with_name("ui.css")

SYSTEM_FONTS = (
    "system-ui",
    "-apple-system",
    gr.themes.Font("Segoe UI"),
    "Roboto",
    gr.themes.Font("Helvetica Neue"),
    "Arial",
    "sans-serif",
)
MONO_FONTS = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")

HEAD = (
    '<meta name="referrer" content="no-referrer">\n'
    '<meta name="description" content="Antwoorden met bronnen over de regels voor wooncoöperaties.">\n'
)
# Set the page language for screen readers; runs once when the page loads.
PAGE_JS = "() => { document.documentElement.lang = 'nl'; }"

# Options for gradio.mount_gradio_app: no footer (API page, settings, "built with"), no run history,
# no PWA manifest, client-side rendering (no Node server).
MOUNT_KWARGS: dict[str, Any] = {
    "footer_links": [],
    "run_history": False,
    "pwa": False,
    "ssr_mode": False,
    "show_error": False,
}

PRIVACY_NOTE = (
    "Uw gesprek wordt nergens bewaard. Alleen als u een antwoord beoordeelt (duim omhoog of omlaag), bewaren we "
    "die vraag, dat antwoord en uw toelichting, om de assistent te verbeteren."
)

EXAMPLES: dict[str, list[str]] = {
    "Fonds": [
        "Hoeveel eigen inleg is nodig?",
        "Wat is het Fonds Coöperatief Wonen?",
        "Vanaf welke fase financiert het fonds een project?",
    ],
    "Grond en locatie": [
        "Mag een gemeente na het Didam-arrest nog grond gunnen aan een wooncoöperatie?",
        "Hoe kan erfpacht helpen bij het opzetten van een wooncoöperatie?",
    ],
    "Gemeenten": [
        "Hoe helpt het fonds ook gemeenten?",
        "Waar kan ik de kenniswijzer over coöperatief wonen vinden?",
    ],
    "Sociale huur": [
        "Kunnen huurders van een woningcorporatie hun woningen samen overkopen via een coöperatie?",
        "Mag een beheercoöperatie zelf bepalen wie er in een vrijgekomen woning komt?",
    ],
    "Toeslagen": [
        "Krijg ik huurtoeslag als ik in een onzelfstandige woning in een wooncoöperatie woon?",
        "Wat wordt er onderzocht in de verkenning naar de kostendelersnorm?",
    ],
    "Bewoningsrecht": [
        "Hoe zorgen we dat bewoners blijven bijdragen aan onze woonvereniging?",
        "Wat verandert er aan het bewoningsrecht?",
    ],
}

# -- eligibility form choices: (label shown, value); "" means "not filled in" --------------------
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

FeedbackSink = Callable[..., Any]

# The UI's events are for this page only: programs use the REST API (/api/*, with keys and rate limits).
PRIVATE: dict[str, Any] = {"api_visibility": "private"}


# =========================================================================== small helpers


def esc(text: Any) -> str:
    """User or document text, safe inside HTML (also inside attribute values)."""
    return html.escape("" if text is None else str(text), quote=True)


def esc_lines(text: Any) -> str:
    """Escaped text with its line breaks kept."""
    return "<br>".join(esc(line) for line in ("" if text is None else str(text)).split("\n"))


def section_display(section: str) -> str:
    return (section or "").replace(" > ", " › ")


def nl_pct(value: float) -> str:
    text = nl_number(value, 2)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text + "%"


def parse_amount(text: str | None) -> float | None:
    """An amount in euro typed in Dutch notation: '1.000.000', '€ 40.000', '49.999,99', '1,5 miljoen'."""
    raw = (text or "").strip().lower()
    if not raw:
        return None
    factor = 1.0
    for word, mult in (("miljoen", 1e6), ("mln", 1e6), ("duizend", 1e3)):
        if word in raw:
            raw, factor = raw.replace(word, ""), mult
    raw = raw.replace("€", "").replace("euro", "").replace(" ", "").replace("\u00a0", "")
    if raw.endswith(",-"):
        raw = raw[:-2]
    if not raw or not all(ch.isdigit() or ch in ".," for ch in raw) or not any(ch.isdigit() for ch in raw):
        raise ValueError(text)
    if raw.count(",") > 1 and "." not in raw:  # 1,000,000 (English grouping)
        raw = raw.replace(",", "")
    elif "," in raw:  # Dutch: dots group thousands, the comma is the decimal sign
        raw = raw.replace(".", "").replace(",", ".")
    elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.split(".")[1]) == 3):
        raw = raw.replace(".", "")  # 1.000.000 or 40.000
    return float(raw) * factor


def parse_percentage(text: str | None) -> float | None:
    raw = (text or "").strip().replace("%", "").replace("procent", "").replace(" ", "")
    if not raw:
        return None
    if not all(ch.isdigit() or ch in ".," for ch in raw) or not any(ch.isdigit() for ch in raw):
        raise ValueError(text)
    return float(raw.replace(",", "."))


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


def _table(
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


def _label(text: str, cls: str) -> str:
    return f'<span class="wa-label {cls}">{esc(text)}</span>'


# =========================================================================== chat rendering


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
        meta.append(("Score", f'<span class="wa-score">{esc(nl_number(c.score, 4))}</span>'))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta)
    return (
        f'<details class="wa-bron" data-n="{c.n}"><summary>{summary}</summary>'
        f'<div class="wa-bron-body"><dl class="wa-meta">{dl}</dl>'
        f'<blockquote class="wa-passage">{esc(c.text)}</blockquote>'
        f"{_neighbours_html(assistant, c)}</div></details>"
    )


def trace_table_html(trace: list[dict[str, Any]]) -> str:
    rows = []
    for step in trace:
        outcome, cls = OUTCOMES.get(step.get("outcome", ""), (step.get("outcome", ""), "wa-grijs"))
        facts = "<br>".join(
            f"{esc(FACT_LABELS.get(k, k))}: {esc(fact_value_text(k, v))}" for k, v in (step.get("facts") or {}).items()
        )
        pct = step.get("percentage")
        basis = "<br>".join(f"“{esc(b.get('quote', ''))}”" for b in step.get("basis") or [])
        code = step.get("rule", "")
        rows.append(
            [
                f"{esc(RULE_NAMES.get(code, code))}<br><span class=\"wa-id\">{esc(code)}</span>",
                _label(outcome, cls),
                facts or "—",
                esc(nl_pct(pct)) if pct is not None else "—",
                esc(step.get("note") or ""),
                basis,
            ]
        )
    return _table(
        ["Regel", "Uitkomst", "Gekeken naar", "Percentage", "Toelichting", "Grond in de brief"],
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
            "Tijden: " + esc(", ".join(f"{k} {nl_number(v, 1)} ms" for k, v in result.timings_ms.items()))
        )
    out = '<div class="wa-trainer"><div class="wa-trainer-kop">Voor de trainer</div><ul>'
    out += "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    if result.citations:
        rows = [
            [f"[{c.n}]", f'<span class="wa-id">{esc(c.passage_id)}</span>', esc(nl_number(c.score, 4))]
            for c in result.citations
        ]
        out += _table(["Bron", "Passage-id", "Score"], rows, {2})
    if result.rules and result.rules.get("trace"):
        out += "<div><b>Spoor van de regels</b></div>" + trace_table_html(result.rules["trace"])
    return out + "</div>"


def answer_html(assistant: Any, result: Result, trainer: bool = False) -> str:
    out = f'<div class="wa-antwoord">{esc_lines(result.answer)}</div>'
    if result.citations:
        out += '<div class="wa-bronnen"><div class="wa-bronnen-kop">Bronnen (klik om de tekst te lezen)</div>'
        out += "".join(citation_html(assistant, c, trainer) for c in result.citations)
        out += "</div>"
    if trainer:
        out += trainer_html(result)
    return out


def render_chat(
    assistant: Any, convo: list[dict[str, Any]], trainer: bool = False, pending: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """The chatbot messages for the conversation: one user and one assistant message per turn."""
    messages: list[dict[str, Any]] = []
    for turn in convo:
        messages.append({"role": "user", "content": esc_lines(turn["question"])})
        if turn.get("error"):
            messages.append({"role": "assistant", "content": f'<div class="wa-fout">{esc_lines(turn["error"])}</div>'})
        else:
            messages.append({"role": "assistant", "content": answer_html(assistant, Result.model_validate(turn["result"]), trainer)})
    if pending is not None:
        question, partial = pending
        messages.append({"role": "user", "content": esc_lines(question)})
        body = esc_lines(partial) if partial else '<span class="wa-bezig">Even zoeken in de bronnen…</span>'
        messages.append({"role": "assistant", "content": body + '<span class="wa-cursor">▌</span>'})
    return messages


def history_of(convo: list[dict[str, Any]], max_turns: int) -> list[Turn]:
    """The conversation so far as Turns for follow-up questions (answered turns only, newest last)."""
    turns: list[Turn] = []
    for t in convo:
        if t.get("error") or not t.get("result"):
            continue
        turns.append(Turn(role="user", content=t["question"]))
        turns.append(Turn(role="assistant", content=t["result"]["answer"]))
    if max_turns and len(turns) > max_turns:
        turns = turns[-(max_turns - max_turns % 2) :] if max_turns >= 2 else []
    return turns


# =========================================================================== feedback


def _module_feedback(settings: Settings) -> Callable[..., Any] | None:
    """A function that stores feedback with assistent.serve.feedback, if that module exists.

    A module-level store function is used as it is; a ``FeedbackStore`` class is opened on
    ``settings.data_dir`` (the same file the API's ``POST /api/feedback`` writes to).
    """
    try:
        mod = importlib.import_module("assistent.serve.feedback")
    except ImportError:
        return None
    for name in ("store_feedback", "save_feedback", "record_feedback", "add_feedback", "store", "save", "record"):
        fn = getattr(mod, name, None)
        if callable(fn) and not inspect.isclass(fn):
            return fn
    store_cls = getattr(mod, "FeedbackStore", None)
    if store_cls is not None and hasattr(store_cls, "for_data_dir"):
        store = store_cls.for_data_dir(settings.data_dir)
        if callable(getattr(store, "add", None)):
            return store.add
    return None


def _call_with_fields(fn: Callable[..., Any], settings: Settings, fields: dict[str, Any]) -> Any:
    """Call a feedback function with the fields its signature names (raises TypeError when it does not fit)."""
    params = inspect.signature(fn).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn(**fields, settings=settings) if "settings" in params else fn(**fields)
    kwargs = {k: v for k, v in fields.items() if k in params}
    if "settings" in params:
        kwargs["settings"] = settings
    inspect.signature(fn).bind(**kwargs)  # TypeError when a required parameter is left
    return fn(**kwargs)


def _post_feedback(settings: Settings, fields: dict[str, Any], request: gr.Request | None) -> None:
    """POST the feedback to this server's own /api/feedback (the loopback address of the socket)."""
    import httpx

    raw = getattr(request, "request", None) if request is not None else None
    scope = getattr(raw, "scope", None) or {}
    server = scope.get("server")
    if server and server[0]:
        host, port = server[0], server[1]
        if host in ("0.0.0.0", "::"):
            host = "127.0.0.1"
        host = f"[{host}]" if ":" in host else host
        base = f"http://{host}:{port}"
    else:
        host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
        base = f"http://{host}:{settings.port}"
    headers = {}
    if settings.api_keys:
        headers = {"X-API-Key": settings.api_keys[0], "Authorization": f"Bearer {settings.api_keys[0]}"}
    payload = {k: v for k, v in fields.items() if v is not None}
    response = httpx.post(f"{base}/api/feedback", json=payload, headers=headers, timeout=10.0)
    response.raise_for_status()


def store_feedback(
    settings: Settings,
    sink: FeedbackSink | None,
    fields: dict[str, Any],
    request: gr.Request | None = None,
) -> bool:
    """Store one piece of feedback: the given sink, else assistent.serve.feedback, else POST /api/feedback."""
    try:
        if sink is not None:
            _call_with_fields(sink, settings, fields)
            return True
        fn = _module_feedback(settings)
        if fn is not None:
            try:
                _call_with_fields(fn, settings, fields)
                return True
            except TypeError:
                log.warning("assistent.feedback.%s past niet; feedback gaat via /api/feedback", fn.__name__)
        _post_feedback(settings, fields, request)
        return True
    except Exception:
        log.exception("Feedback kon niet worden opgeslagen")
        return False


# =========================================================================== eligibility check


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
        "<small>Dit is een eerste check op basis van de Kamerbrief. Het fonds beoordeelt elke aanvraag zelf.</small></div>"
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
    if decision.missing:
        out.append("<h3>Wat moeten we nog weten?</h3><ul>")
        for m in decision.missing:
            out.append(f"<li><b>{esc(FACT_LABELS.get(m.key, m.key))}</b>: {esc(m.question)}</li>")
        out.append("</ul>")
    out.append("<h3>Welke gegevens zijn gebruikt?</h3>")
    rows = []
    for key, value in decision.facts.model_dump().items():
        src = origin.get(key, "")
        rows.append([esc(FACT_LABELS.get(key, key)), esc(fact_value_text(key, value)), esc(src or "—")])
    out.append(_table(["Gegeven", "Waarde", "Uit"], rows))
    out.append("</div>")
    return "".join(out)


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
            value = parse(text)
        except ValueError:
            errors.append(f"{FACT_LABELS[key]}: “{text}” is geen getal. Schrijf het bijvoorbeeld zo: {example}.")
            continue
        if value is not None:
            form[key] = value
    if errors:
        return '<div class="wa-melding wa-fout">' + "<br>".join(esc(e) for e in errors) + "</div>", ""
    parsed = facts_mod.parse_facts(free_text) if (free_text or "").strip() else rules_mod.Facts()
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
    trace = [step.model_dump(mode="json") for step in decision.trace]
    return decision_html(assistant, decision, origin), trace_table_html(trace)


# =========================================================================== sources


def sources_html(settings: Settings) -> str:
    from assistent.ingest.status import source_status

    try:
        rows = source_status(settings)
    except Exception as exc:  # e.g. a broken sources.toml
        return f'<div class="wa-melding wa-fout">De bronnen konden niet worden gelezen: {esc(exc)}</div>'
    status_label = {"ingested": ("ingelezen", "wa-ok"), "missing": ("ontbreekt", "wa-open"), "failed": ("fout bij inlezen", "wa-nee")}
    named = [r for r in rows if r.get("named")]
    extra = [r for r in rows if not r.get("named")]
    out = ['<div class="wa-html"><h3>De vier bronnen van de assistent</h3>']
    table_rows = []
    for r in named:
        text, cls = status_label.get(r["status"], (r["status"], "wa-grijs"))
        title = esc(r["title"])
        sub = ", ".join(x for x in (r.get("publisher") or "", r.get("reference") or "") if x)
        if sub:
            title += f'<br><span class="wa-bron-sectie">{esc(sub)}</span>'
        table_rows.append(
            [title, esc(r.get("date_display") or "—"), _label(text, cls), esc(nl_number(r.get("passages", 0))),
             esc(", ".join(r.get("files") or []) or "—")]
        )
    out.append(_table(["Bron", "Datum", "Status", "Passages", "Bestand"], table_rows, {3}))
    missing = [r for r in named if r["status"] != "ingested"]
    if missing:
        out.append("<h3>Een ontbrekende bron toevoegen</h3><ol class=\"wa-stappen\">")
        examples = ", ".join(f"<code>corpus/{esc(r['example_filename'])}</code>" for r in missing if r.get("example_filename"))
        out.append(
            "<li>Zet het PDF-bestand in de map <code>corpus/</code>. Geef het een naam die bij de bron past"
            + (f", bijvoorbeeld {examples}" if examples else "")
            + ".</li>"
        )
        out.append("<li>Draai het commando <code>assistent ingest</code>. De assistent leest de bron dan in.</li>")
        out.append("<li>Klik hieronder op <b>Vernieuwen</b>. De status wordt dan <b>ingelezen</b>.</li></ol>")
    else:
        out.append('<p class="wa-melding">Alle vier de bronnen zijn ingelezen.</p>')
    if extra:
        out.append("<h3>Andere bestanden in de map corpus/</h3>")
        rows2 = []
        for r in extra:
            text, cls = status_label.get(r["status"], (r["status"], "wa-grijs"))
            note = r.get("message") or ""
            rows2.append([esc(r["title"]), _label(text, cls), esc(nl_number(r.get("passages", 0))), esc(note or "—")])
        out.append(_table(["Bestand", "Status", "Passages", "Opmerking"], rows2, {2}))
    generation = next((r.get("generation") for r in rows if r.get("generation")), None)
    if generation:
        out.append(f'<p class="wa-bron-sectie">Versie van de index: <span class="wa-id">{esc(generation)}</span></p>')
    else:
        out.append('<p class="wa-melding">Er is nog geen index. Draai eerst <code>assistent ingest</code>.</p>')
    out.append("</div>")
    return "".join(out)


# =========================================================================== export files


def _export_dir() -> Path:
    d = Path(tempfile.gettempdir()) / "assistent-export"
    d.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - 3600
    for old in d.glob("gesprek-*"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass
    return d


def write_exports(convo: list[dict[str, Any]], trainer: bool) -> tuple[str, str]:
    turns = [{"question": t["question"], "result": t["result"]} for t in convo if t.get("result") and not t.get("error")]
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
    d = _export_dir()
    md = d / f"gesprek-{stamp}.md"
    pdf = d / f"gesprek-{stamp}.pdf"
    md.write_text(conversation_markdown(turns, trainer=trainer), encoding="utf-8")
    pdf.write_bytes(conversation_pdf(turns, trainer=trainer))
    return str(md), str(pdf)


# =========================================================================== theme and blocks


def make_theme() -> gr.themes.Base:
    """Default theme with system fonts only (no Google Fonts, no font files to fetch)."""
    return gr.themes.Default(
        primary_hue="emerald",
        secondary_hue="teal",
        neutral_hue="slate",
        font=SYSTEM_FONTS,
        font_mono=MONO_FONTS,
    )


def _load_css() -> str:
    try:
        return CSS_PATH.read_text(encoding="utf-8")
    except OSError:
        return ""


_DEFAULT_THEME_DICT: dict[str, Any] | None = None


def _is_stock_default(theme: Any) -> bool:
    global _DEFAULT_THEME_DICT
    if type(theme) is not gr.themes.Default:
        return False
    if _DEFAULT_THEME_DICT is None:
        _DEFAULT_THEME_DICT = gr.themes.Default().to_dict()
    return theme.to_dict() == _DEFAULT_THEME_DICT


class AssistentBlocks(gr.Blocks):
    """Blocks that keep their own theme, css, head and js, also when mounted without them.

    Gradio 6 takes these from ``launch()`` / ``mount_gradio_app()`` and a plain
    ``mount_gradio_app(app, blocks, path)`` resets them to the stock defaults. Here a stock default
    (None, "", the unchanged Default theme) keeps ours, and anything else given is added after ours.
    """

    def __init__(self, *args: Any, ui_theme: Any = None, ui_css: str = "", ui_head: str = "", ui_js: str = "", **kwargs: Any):
        self.__dict__["_ui_own"] = {"theme": ui_theme, "css": ui_css, "head": ui_head, "js": ui_js}
        self.__dict__["_ui_extra"] = {"css": "", "head": "", "js": ""}
        self.__dict__["_ui_theme"] = ui_theme
        super().__init__(*args, **kwargs)

    def _get(self, name: str) -> str | None:
        own, extra = self.__dict__["_ui_own"][name], self.__dict__["_ui_extra"][name]
        if name == "js":
            return extra or own or None  # js is one function: a caller's own js replaces ours
        text = "\n".join(x for x in (own, extra) if x)
        return text or None

    def _set(self, name: str, value: str | None) -> None:
        own = self.__dict__["_ui_own"][name]
        value = value or ""
        if own and value.startswith(own):
            value = value[len(own) :].lstrip("\n")
        self.__dict__["_ui_extra"][name] = value

    css = property(lambda self: self._get("css"), lambda self, v: self._set("css", v))
    head = property(lambda self: self._get("head"), lambda self, v: self._set("head", v))
    js = property(lambda self: self._get("js"), lambda self, v: self._set("js", v))

    @property
    def theme(self) -> Any:
        return self.__dict__["_ui_theme"]

    @theme.setter
    def theme(self, value: Any) -> None:
        own = self.__dict__["_ui_own"]["theme"]
        if own is not None and (value is None or _is_stock_default(value)):
            value = own
        self.__dict__["_ui_theme"] = value


def _blocks(title: str) -> AssistentBlocks:
    return AssistentBlocks(
        title=title,
        analytics_enabled=False,
        delete_cache=(1800, 3600),  # exported files leave the cache after an hour
        ui_theme=make_theme(),
        ui_css=_load_css(),
        ui_head=HEAD,
        ui_js=PAGE_JS,
    )


# =========================================================================== the chat section


def _resolve(assistant: Any, settings: Settings | None) -> tuple[Any, Settings]:
    settings = settings or getattr(assistant, "settings", None) or get_settings()
    if assistant is None:
        from assistent.answer.assistant import Assistant

        assistant = Assistant(settings)
    return assistant, settings


def _chat_section(
    assistant: Any,
    settings: Settings,
    feedback: FeedbackSink | None,
    trainer: gr.Checkbox | None,
    compact: bool = False,
    below_chat: Callable[[gr.State], None] | None = None,
) -> dict[str, Any]:
    """Chatbot, question box, buttons, feedback and (full view) example questions; wires the events.

    ``below_chat(convo)`` builds extra components (the trainer panel) between the chat and the examples.
    """
    convo = gr.State([])
    pending_feedback = gr.State(None)
    chatbot = gr.Chatbot(
        value=[],
        elem_id="wa-chat",
        label="Gesprek",
        show_label=False,
        height=420 if compact else 560,
        render_markdown=False,  # messages are HTML we build from escaped text
        sanitize_html=True,
        allow_tags=False,
        latex_delimiters=[],
        buttons=[],
        feedback_options=("Like", "Dislike"),
        placeholder="Stel hieronder uw vraag over wooncoöperaties. Onder elk antwoord staan de bronnen.",
        autoscroll=True,
    )
    with gr.Row(equal_height=True):
        question = gr.Textbox(
            elem_id="wa-vraag",
            show_label=False,
            placeholder="Typ uw vraag" if compact else "Typ uw vraag, bijvoorbeeld: Hoeveel eigen inleg is nodig?",
            lines=1,
            max_lines=6,
            max_length=settings.max_question_chars,
            scale=5,
            autofocus=not compact,
        )
        send = gr.Button("Vraag", variant="primary", elem_id="wa-verstuur", scale=1, min_width=90)
    if compact:
        new = gr.Button("Nieuw gesprek", elem_id="wa-nieuw", size="sm")
        gr.HTML(f'<div class="wa-privacy wa-embed-voet">{esc(PRIVACY_NOTE)}</div>', js_on_load=None)
    else:
        with gr.Row():
            new = gr.Button("Nieuw gesprek", elem_id="wa-nieuw", size="sm", scale=0, min_width=140)
            gr.HTML(f'<div class="wa-privacy">{esc(PRIVACY_NOTE)}</div>', js_on_load=None)
    feedback_msg = gr.HTML("", elem_id="wa-feedback-melding", js_on_load=None)
    with gr.Group(visible=False, elem_id="wa-toelichting") as comment_box:
        comment = gr.Textbox(
            label="Wilt u iets toelichten? Dat mag, maar hoeft niet.",
            placeholder="Bijvoorbeeld: wat miste u in het antwoord?",
            lines=2,
            max_length=2000,
            elem_id="wa-toelichting-tekst",
        )
        send_comment = gr.Button("Stuur toelichting", size="sm", elem_id="wa-toelichting-stuur")

    if below_chat is not None:
        below_chat(convo)

    example_buttons: list[tuple[gr.Button, str]] = []
    if not compact:
        with gr.Accordion("Voorbeeldvragen per onderwerp", open=True, elem_id="wa-voorbeelden"):
            topics = list(EXAMPLES.items())
            for start in range(0, len(topics), 3):
                with gr.Row(equal_height=False):
                    for topic, questions in topics[start : start + 3]:
                        with gr.Column(min_width=220, elem_classes="wa-onderwerp"):
                            gr.HTML(f'<div class="wa-onderwerp-naam">{esc(topic)}</div>', js_on_load=None)
                            for q in questions:
                                b = gr.Button(q, size="sm", elem_classes="wa-voorbeeld")
                                example_buttons.append((b, q))

    trainer_inputs = [trainer] if trainer is not None else []

    def ask(text: str, conversation: list[dict[str, Any]], show_trainer: bool = False) -> Iterator[tuple[Any, Any, Any]]:
        show_trainer = bool(show_trainer)
        text = (text or "").strip()
        conversation = list(conversation or [])
        if not text:
            yield render_chat(assistant, conversation, show_trainer), conversation, ""
            return
        history = history_of(conversation, settings.max_history_turns)
        partial = ""
        yield render_chat(assistant, conversation, show_trainer, pending=(text, "")), conversation, ""
        result: Result | None = None
        try:
            for event in assistant.ask_stream(text, history):
                if isinstance(event, Result):
                    result = event
                else:
                    partial += event
                    yield render_chat(assistant, conversation, show_trainer, pending=(text, partial)), conversation, ""
        except AssistentError as exc:
            conversation.append({"question": text, "error": str(exc)})
        except Exception:
            log.exception("Vraag mislukt")
            conversation.append({"question": text, "error": "Er ging iets mis bij het beantwoorden. Probeer het nog eens."})
        else:
            if result is None:
                conversation.append({"question": text, "error": "Er kwam geen antwoord. Probeer het nog eens."})
            else:
                conversation.append({"question": text, "result": result.model_dump(mode="json")})
        yield render_chat(assistant, conversation, show_trainer), conversation, ""

    outputs = [chatbot, convo, question]
    hide_feedback = [feedback_msg, comment_box, pending_feedback]

    def clear_feedback() -> tuple[str, Any, None]:
        return "", gr.update(visible=False), None

    common = dict(outputs=outputs, show_progress="hidden", concurrency_limit=4, concurrency_id="wa-vraag", **PRIVATE)
    send.click(clear_feedback, None, hide_feedback, queue=False, **PRIVATE).then(
        ask, [question, convo, *trainer_inputs], **common
    )
    question.submit(clear_feedback, None, hide_feedback, queue=False, **PRIVATE).then(
        ask, [question, convo, *trainer_inputs], **common
    )
    for button, q in example_buttons:
        button.click(clear_feedback, None, hide_feedback, queue=False, **PRIVATE).then(
            ask, [gr.State(q), convo, *trainer_inputs], **common
        )

    def reset() -> tuple[list, list, str, str, Any, None]:
        return [], [], "", "", gr.update(visible=False), None

    new.click(reset, None, [chatbot, convo, question, feedback_msg, comment_box, pending_feedback], queue=False, **PRIVATE)
    chatbot.clear(reset, None, [chatbot, convo, question, feedback_msg, comment_box, pending_feedback], queue=False, **PRIVATE)

    def on_like(conversation: list[dict[str, Any]], data: gr.LikeData, request: gr.Request):
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn_no = int(index) // 2
        conversation = conversation or []
        if data.liked is True:
            rating = "up"
        elif data.liked is False:
            rating = "down"
        else:
            return "", gr.update(visible=False), None
        if turn_no >= len(conversation) or conversation[turn_no].get("error"):
            return "", gr.update(visible=False), None
        turn = conversation[turn_no]
        fields = {"question": turn["question"], "answer": turn["result"]["answer"], "rating": rating}
        ok = store_feedback(settings, feedback, fields, request)
        if not ok:
            return '<div class="wa-melding wa-fout">Uw beoordeling kon niet worden opgeslagen. Probeer het later nog eens.</div>', gr.update(visible=False), None
        thumb = "👍" if rating == "up" else "👎"
        msg = f'<div class="wa-melding">Dank u wel voor uw beoordeling {thumb}. Wilt u nog iets toelichten? Dat mag, maar hoeft niet.</div>'
        return msg, gr.update(visible=True), fields

    chatbot.like(on_like, [convo], [feedback_msg, comment_box, pending_feedback], queue=False, **PRIVATE)

    def on_comment(text: str, fields: dict[str, Any] | None, request: gr.Request):
        text = (text or "").strip()
        if not fields:
            return '<div class="wa-melding">Geef eerst een beoordeling met 👍 of 👎 bij een antwoord.</div>', gr.update(), ""
        if not text:
            return '<div class="wa-melding">U heeft nog niets getypt.</div>', gr.update(), ""
        ok = store_feedback(settings, feedback, {**fields, "comment": text}, request)
        if not ok:
            return '<div class="wa-melding wa-fout">Uw toelichting kon niet worden opgeslagen.</div>', gr.update(), text
        return '<div class="wa-melding">Dank u wel, uw toelichting is opgeslagen.</div>', gr.update(visible=False), ""

    send_comment.click(
        on_comment, [comment, pending_feedback], [feedback_msg, comment_box, comment], queue=False, **PRIVATE
    )

    return {"chatbot": chatbot, "convo": convo, "question": question, "send": send, "new": new}


# =========================================================================== public builders


def build_ui(assistant: Any = None, settings: Settings | None = None, feedback: FeedbackSink | None = None) -> gr.Blocks:
    """The full web UI: tabs "Vraag het", "Check of jullie in aanmerking komen", "Bronnen" and trainer mode.

    ``feedback`` (optional) is called with question, answer, rating ("up"/"down") and comment (and
    settings, if it takes it) for each 👍/👎 and toelichting; without it, feedback goes to
    ``assistent.serve.feedback`` when that module exists, else to ``POST /api/feedback`` on this server.
    """
    assistant, settings = _resolve(assistant, settings)
    with _blocks(APP_TITLE) as demo:
        with gr.Row(equal_height=False, elem_id="wa-kopregel"):
            gr.HTML(
                '<div class="wa-kop"><h1>Wooncoöperatie-assistent</h1>'
                "<p>Vragen over wooncoöperaties? U krijgt een antwoord met de bron erbij.</p></div>",
                js_on_load=None,
                scale=3,
            )
            trainer = gr.Checkbox(
                label="Trainermodus",
                info="Toont ook scores, passage-id's, het spoor van de regels, de controle en de tijden. Met export.",
                value=False,
                elem_id="wa-trainer",
                scale=1,
                min_width=280,
            )
        with gr.Tabs(elem_id="wa-tabs"):
            with gr.Tab("Vraag het", id="vraag", elem_id="wa-tab-vraag"):
                panel: dict[str, Any] = {}

                def trainer_panel_section(convo: gr.State) -> None:
                    with gr.Column(visible=False, elem_id="wa-trainer-paneel") as column:
                        gr.HTML(
                            '<div class="wa-html"><h3>Export voor de cursus</h3><p>Download het hele gesprek met '
                            "alle bronnen als Markdown of PDF, bijvoorbeeld als hand-out.</p></div>",
                            js_on_load=None,
                        )
                        with gr.Row(equal_height=True):
                            with_trainer = gr.Checkbox(
                                label="Met gegevens voor de trainer (scores, passage-id's, tijden)", value=False, scale=3
                            )
                            make_export = gr.Button("Maak export", elem_id="wa-maak-export", size="sm", scale=1)
                        with gr.Row():
                            md_download = gr.DownloadButton(
                                "Download Markdown", visible=False, elem_id="wa-download-md", size="sm"
                            )
                            pdf_download = gr.DownloadButton(
                                "Download PDF", visible=False, elem_id="wa-download-pdf", size="sm"
                            )
                        export_msg = gr.HTML("", js_on_load=None)
                    panel["column"] = column

                    def do_export(conversation: list[dict[str, Any]], include_trainer: bool):
                        answered = [t for t in conversation or [] if t.get("result")]
                        if not answered:
                            hidden = gr.update(visible=False)
                            return hidden, hidden, '<div class="wa-melding">Stel eerst een vraag.</div>'
                        md, pdf = write_exports(conversation, bool(include_trainer))
                        n = len(answered)
                        msg = f'<div class="wa-melding">Export klaar: {n} vraag{"" if n == 1 else "en"} met de bronnen.</div>'
                        return gr.update(value=md, visible=True), gr.update(value=pdf, visible=True), msg

                    make_export.click(do_export, [convo, with_trainer], [md_download, pdf_download, export_msg], **PRIVATE)

                chat = _chat_section(assistant, settings, feedback, trainer, below_chat=trainer_panel_section)
                trainer_panel = panel["column"]
            with gr.Tab("Check of jullie in aanmerking komen", id="check", elem_id="wa-tab-check"):
                gr.HTML(
                    '<div class="wa-html"><p>Kan uw initiatief geld lenen bij het Fonds Coöperatief Wonen? '
                    "Vul in wat u weet. U kunt ook uw situatie in eigen woorden beschrijven. Wat u in het "
                    "formulier kiest, telt zwaarder dan wat in de tekst staat.</p></div>",
                    js_on_load=None,
                )
                with gr.Row():
                    with gr.Column():
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
                    with gr.Column():
                        financing = gr.Textbox(label="Hoeveel financiering heeft u nodig? (in euro)", placeholder="bijvoorbeeld 1.000.000", elem_id="wa-financiering")
                        own_eur = gr.Textbox(label="Hoeveel eigen inleg brengt u in? (in euro)", placeholder="bijvoorbeeld 40.000", elem_id="wa-inleg")
                        own_pct = gr.Textbox(label="Of: hoeveel procent van de financiering is uw eigen inleg?", placeholder="bijvoorbeeld 5", elem_id="wa-inleg-pct")
                        free_text = gr.Textbox(
                            label="Of beschrijf uw situatie in eigen woorden",
                            placeholder="Bijvoorbeeld: Wij zijn een woonvereniging en bouwen 30 huurwoningen. We hebben 2 miljoen nodig en leggen zelf 150.000 euro in.",
                            lines=5,
                            max_length=settings.max_question_chars,
                            elem_id="wa-vrije-tekst",
                        )
                        with gr.Row():
                            check_btn = gr.Button("Check", variant="primary", elem_id="wa-check")
                            clear_btn = gr.Button("Leeg maken", elem_id="wa-check-leeg")
                decision_out = gr.HTML("", elem_id="wa-besluit", js_on_load=None)
                with gr.Accordion("Spoor van de regels (hoe de uitkomst tot stand kwam)", open=True, elem_id="wa-spoor"):
                    trace_out = gr.HTML("", elem_id="wa-spoor-tabel", js_on_load=None)
            with gr.Tab("Bronnen", id="bronnen", elem_id="wa-tab-bronnen") as sources_tab:
                sources_out = gr.HTML("", elem_id="wa-bronnen-lijst", js_on_load=None)
                refresh = gr.Button("Vernieuwen", size="sm", elem_id="wa-vernieuwen")

        # -- trainer mode
        def toggle_trainer(on: bool, conversation: list[dict[str, Any]]):
            return render_chat(assistant, conversation or [], bool(on)), gr.update(visible=bool(on))

        trainer.change(toggle_trainer, [trainer, chat["convo"]], [chat["chatbot"], trainer_panel], queue=False, **PRIVATE)


        # -- eligibility check
        form_inputs = [org, tenure, project, phase, financing, own_eur, own_pct, initiative, free_text]
        check_btn.click(
            lambda *a: run_check(assistant, *a), form_inputs, [decision_out, trace_out], concurrency_limit=4, **PRIVATE
        )

        def clear_form():
            return "", "", "", "", "", "", "", "", "", "", ""

        clear_btn.click(clear_form, None, [*form_inputs, decision_out, trace_out], queue=False, **PRIVATE)

        # -- sources
        refresh.click(lambda: sources_html(settings), None, sources_out, **PRIVATE)
        sources_tab.select(lambda: sources_html(settings), None, sources_out, **PRIVATE)  # read when looked at
    return demo


def build_embed_ui(assistant: Any = None, settings: Settings | None = None, feedback: FeedbackSink | None = None) -> gr.Blocks:
    """The compact chat-only view for partner sites (in an iframe), mounted at /embed."""
    assistant, settings = _resolve(assistant, settings)
    with _blocks(APP_TITLE) as demo:
        gr.HTML('<div class="wa-embed-kop">Vraag het de Wooncoöperatie-assistent</div>', js_on_load=None)
        _chat_section(assistant, settings, feedback, None, compact=True)
        gr.HTML(
            '<div class="wa-embed-voet">Antwoorden komen uit de Kamerbrief en andere openbare bronnen. '
            'Meer mogelijkheden: <a href="../" target="_blank" rel="noopener">open de volledige assistent</a>.</div>',
            js_on_load=None,
        )
    return demo


def mount_embed_ui(
    app: Any,
    assistant: Any = None,
    settings: Settings | None = None,
    *,
    feedback: FeedbackSink | None = None,
    path: str = "/embed",
) -> Any:
    """Mount the compact partner view at ``path`` (default /embed) plus a redirect ``/embed`` → ``/embed/``.

    Works before or after the full UI is mounted at "/": the new routes are put in front of a
    catch-all mount, which would otherwise answer for them.
    """
    from fastapi.responses import RedirectResponse
    from starlette.routing import Mount

    assistant, settings = _resolve(assistant, settings)
    path = "/" + path.strip("/")
    target = path.rsplit("/", 1)[-1] + "/"  # relative, so a proxy's path prefix is kept

    def to_embed() -> RedirectResponse:
        return RedirectResponse(target, status_code=307)

    routes = app.router.routes
    before = len(routes)
    app.add_api_route(path, to_embed, methods=["GET"], include_in_schema=False)
    gr.mount_gradio_app(app, build_embed_ui(assistant, settings, feedback), path=path, **MOUNT_KWARGS)
    added = routes[before:]
    del routes[before:]
    root = next((i for i, r in enumerate(routes) if isinstance(r, Mount) and r.path in ("", "/")), len(routes))
    routes[root:root] = added
    return app


def mount_ui(
    app: Any,
    assistant: Any = None,
    settings: Settings | None = None,
    *,
    feedback: FeedbackSink | None = None,
    path: str = "/",
    embed_path: str | None = "/embed",
) -> Any:
    """Mount the partner view (``embed_path``) and the full UI (``path``) on a FastAPI app.

    Call this after the other routes (/api/*) are registered: a UI mounted at "/" catches every path.
    """
    assistant, settings = _resolve(assistant, settings)
    if embed_path:
        mount_embed_ui(app, assistant, settings, feedback=feedback, path=embed_path)
    gr.mount_gradio_app(app, build_ui(assistant, settings, feedback), path=path, **MOUNT_KWARGS)
    return app
