"""HTML for the UI, built from escaped text only: answers with their sources, the rule trace, the decision;
and what every tab shares (the labels of facts and rules, PRIVATE for event listeners).

Safety: nothing from a question or a document is rendered as HTML. Every piece of user or document
text goes through ``esc`` (``html.escape``) before it is put in HTML we build ourselves; the chat
renders that HTML with Markdown switched off, HTML sanitising on and no extra tags allowed.
"""
from __future__ import annotations

import html
import re
from typing import Any

from assistent.fonds import rules as rules_mod
from assistent.fonds.source import CHECK_DISCLAIMER
from assistent.answer.events import FALLBACK_NOTE, FELL_BACK
from assistent.models import Citation, Result, note_parts
from assistent.serve.labels import (  # noqa: F401 - FACT_LABELS, VALUE_LABELS, RULE_NAMES: imported from here too
    FACT_LABELS,
    RULE_NAMES,
    SCORE_SCALE,
    TRACE_HEADERS,
    VALUE_LABELS,
    backend_text,
    fact_value_text,
    guard_text,
    rule_name,
    score_text,
    timings_text,
)
from assistent.text.numbers import format_date, format_number, format_pct

# Keyword arguments for every event listener: the UI's events are for this page only, not a public
# Gradio API; programs use the REST API (/api/*, with keys and rate limits).
PRIVATE: dict[str, Any] = {"api_visibility": "private"}

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


def table(
    headers: list[str], rows: list[list[str]], numeric: set[int] | None = None, widths: list[int] | None = None,
    stack: bool = False,
) -> str:
    """An HTML table; cells must already be escaped HTML. ``widths`` in percent fix the column widths.

    ``stack``: on a narrow screen each row becomes a card, every cell with its column name before it
    (the cells carry ``data-label``; ui.css does the rest).
    """
    numeric = numeric or set()
    cols = ""
    if widths:
        cols = "<colgroup>" + "".join(f'<col style="width:{int(w)}%">' for w in widths) + "</colgroup>"
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)

    def cell(i: int, c: str) -> str:
        attrs = ' class="wa-getal"' if i in numeric else ""
        if stack and i < len(headers):
            attrs += f' data-label="{esc(headers[i])}"'
        return f"<td{attrs}>{c}</td>"

    body = "".join("<tr>" + "".join(cell(i, c) for i, c in enumerate(row)) + "</tr>" for row in rows)
    classes = "wa-tabel" + (" wa-vast" if widths else "") + (" wa-stapel" if stack else "")
    return f'<table class="{classes}">{cols}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def label(text: str, cls: str) -> str:
    return f'<span class="wa-label {cls}">{esc(text)}</span>'


# -- answers, the rule trace and the decision ------------------------------------------------------

_REF = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"[\"“„]([^\"“”„]{12,}?)[\"”]")


def _source_spec(assistant: Any, source_id: str) -> Any:
    """The source's entry in corpus/sources.toml (url, reference, publisher), or None."""
    settings = getattr(assistant, "settings", None)
    corpus = getattr(settings, "corpus_dir", None)
    if corpus is None:
        return None
    try:
        return _manifest(str(corpus)).get(source_id)
    except Exception:  # a broken sources.toml must not break an answer
        return None


def _manifest(corpus: str) -> Any:
    from pathlib import Path

    from assistent.ingest.manifest import MANIFEST_NAME, Manifest

    path = Path(corpus) / MANIFEST_NAME
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    cached = _MANIFESTS.get(corpus)
    if cached is None or cached[0] != stamp:
        cached = (stamp, Manifest.load(Path(corpus)))
        _MANIFESTS[corpus] = cached
    return cached[1]


_MANIFESTS: dict[str, tuple[int, Any]] = {}


def quoted_sentences(result: Result) -> list[str]:
    """The sentences an answer quotes: between quotation marks in the text, and the rules' quotes."""
    found = [m.group(1).strip() for m in _QUOTED.finditer(result.answer or "")]
    for reason in (result.rules or {}).get("reasons") or []:
        quote = ((reason or {}).get("citation") or {}).get("quote")
        if quote:
            found.append(quote.strip())
    return [q for q in dict.fromkeys(found) if q]


def _spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Where the sentences occur in text (whitespace may differ), merged and in order."""
    spans: list[tuple[int, int]] = []
    for sentence in sentences:
        words = sentence.split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        for m in re.finditer(pattern, text):
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def marked_text(text: str, sentences: list[str]) -> tuple[str, str]:
    """The passage as escaped HTML with the quoted sentences in <mark>, and the first marked sentence."""
    spans = _spans(text, sentences)
    out, pos = [], 0
    for a, b in spans:
        out.append(esc(text[pos:a]))
        out.append(f'<mark class="wa-zin">{esc(text[a:b])}</mark>')
        pos = b
    out.append(esc(text[pos:]))
    first = text[spans[0][0]:spans[0][1]] if spans else ""
    return "".join(out), first


def _short(text: str, limit: int = 150) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def _where(c: Citation) -> str:
    """Section, paragraph, page and date of a source, in one line."""
    parts = []
    if c.section:
        parts.append(section_display(c.section))
    parts.append(f"alinea {c.paragraph}")
    if c.page is not None:
        parts.append(f"pagina {c.page}")
    if c.date:
        parts.append(format_date(c.date))
    return " · ".join(parts)


def _neighbours(assistant: Any, c: Citation) -> tuple[list[Any], list[Any]]:
    """The passages just before and just after the cited one (same source)."""
    try:
        around = assistant.index.neighbours(c.passage_id, 1)
    except Exception:  # the index may have been replaced or be unavailable
        return [], []
    position = next((i for i, p in enumerate(around) if p.id == c.passage_id), None)
    if position is None:
        return [], []
    return around[:position], around[position + 1 :]


def _neighbour_html(p: Any, where: str, c: Citation) -> str:
    meta = [where, f"alinea {p.paragraph}"]
    if p.page is not None:
        meta.append(f"pagina {p.page}")
    if p.section and p.section != c.section:
        meta.append(section_display(p.section))
    return f'<div class="wa-buur"><div class="wa-buur-kop">{esc(" · ".join(meta))}</div>{esc(p.text)}</div>'


def citation_html(
    assistant: Any, c: Citation, trainer: bool = False, sentences: list[str] | None = None, max_score: float = 3.0
) -> str:
    """One numbered source card. Closed it shows the document, where in it, the date and the quoted sentence;
    opened the passage with that sentence marked, the text before and after, and the official publication."""
    passage, first = marked_text(c.text, sentences or [])
    spec = _source_spec(assistant, c.source_id)
    summary = (
        f'<span class="wa-bron-n">[{c.n}]</span> <span class="wa-bron-titel">{esc(c.title)}</span>'
        f'<span class="wa-bron-waar">{esc(_where(c))}</span>'
        f'<span class="wa-bron-zin">“{esc(_short(first or c.text))}”</span>'
    )
    before, after = _neighbours(assistant, c)
    body = "".join(_neighbour_html(p, "Tekst ervoor", c) for p in before)
    body += f'<blockquote class="wa-passage">{passage}</blockquote>'
    body += "".join(f'<p class="wa-voetnoot">Voetnoot {esc(": ".join(note_parts(note)))}</p>' for note in c.notes)
    body += "".join(_neighbour_html(p, "Tekst erna", c) for p in after)
    url = getattr(spec, "url", "") if spec is not None else ""
    if url.startswith(("https://", "http://")):
        reference = getattr(spec, "reference", "")
        text = "Lees de officiële publicatie" + (f" ({reference})" if reference else "")
        body += (
            f'<p class="wa-bron-link"><a href="{esc(url)}" target="_blank" rel="noopener noreferrer">'
            f"{esc(text)}</a></p>"
        )
    if trainer:
        body += (
            f'<p class="wa-bron-trainer">Passage-id <span class="wa-id">{esc(c.passage_id)}</span> · '
            f'score <span class="wa-score">{esc(score_text(c.score))}</span> van {esc(_scale_max(max_score))}</p>'
        )
    return (
        f'<details class="wa-bron wa-bron-{c.n}"><summary>{summary}</summary>'
        f'<div class="wa-bron-body">{body}</div></details>'
    )


def trace_table_html(trace: list[dict[str, Any]], trainer: bool = True) -> str:
    """The rule trace as a table (cards on a phone); rule codes only for the trainer."""
    rows = []
    for step in trace:
        outcome, cls = OUTCOMES.get(step.get("outcome", ""), (step.get("outcome", ""), "wa-grijs"))
        facts = "<br>".join(
            f"{esc(FACT_LABELS.get(k, k))}: {esc(fact_value_text(k, v))}" for k, v in (step.get("facts") or {}).items()
        )
        pct = step.get("percentage")
        basis = "<br>".join(f"“{esc(b.get('quote', ''))}”" for b in step.get("basis") or [])
        code = step.get("rule", "")
        name = esc(rule_name(step))
        explained = esc(step.get("text") or step.get("note") or "")
        if trainer and step.get("text") and step.get("note"):
            explained += f"<br><small>{esc(step.get('note'))}</small>"
        rows.append(
            [
                f"{name}<br><span class=\"wa-id\">{esc(code)}</span>" if trainer else name,
                label(outcome, cls),
                facts or "—",
                esc(format_pct(pct)) if pct is not None else "—",
                explained or "—",
                basis or "—",
            ]
        )
    # automatic column widths: no word is broken to fit a fixed column (cards below 900 px)
    return table(TRACE_HEADERS, rows, {3}, stack=True)


def _scale_max(value: float) -> str:
    return format_number(value, 0 if value == int(value) else 2)


def _max_score(assistant: Any) -> float:
    s = getattr(assistant, "settings", None)
    try:
        return float(s.bm25_weight + s.dense_weight + s.sentence_weight)
    except Exception:
        return 3.0


def trainer_html(result: Result, max_score: float = 3.0) -> str:
    items = [f"Zo is het antwoord gemaakt: <b>{esc(backend_text(result.backend))}</b>"]
    if result.standalone_question and result.standalone_question != result.question:
        items.append(f"Vraag zoals gezocht: {esc(result.standalone_question)}")
    items.append(f"Taal van de vraag: {esc({'nl': 'Nederlands', 'en': 'Engels'}.get(result.language, result.language))}")
    if result.refused:
        items.append("Geen antwoord gegeven: de bronnen zeggen het niet")
    if result.false_premise:
        items.append("De vraag ging uit van iets wat niet klopt")
    items.append(f"Controle van het taalmodel: {esc(guard_text(result.guard))}")
    if result.timings_ms:
        items.append("Tijden: " + esc(timings_text(result.timings_ms)))
    out = '<div class="wa-trainer"><div class="wa-trainer-kop">Voor de trainer</div><ul>'
    out += "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    if result.citations:
        rows = [
            [f"[{c.n}]", f'<span class="wa-id">{esc(c.passage_id)}</span>', esc(score_text(c.score))]
            for c in result.citations
        ]
        out += table(["Bron", "Passage-id", "Score"], rows, {2}, stack=True)
        scale = SCORE_SCALE.replace("tot 3 (heel goed)", f"tot {_scale_max(max_score)} (heel goed)")
        out += f'<p class="wa-schaal">{esc(scale)}</p>'
    if result.rules and result.rules.get("trace"):
        out += "<div><b>Spoor van de regels</b></div>" + trace_table_html(result.rules["trace"])
    return out + "</div>"


def _with_refs(escaped: str, numbers: set[int]) -> str:
    """Escaped text with each [n] of a known source as a link that opens that source's card."""

    def link(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n not in numbers:
            return m.group(0)
        return f'<a class="wa-ref wa-ref-{n}" href="#" title="Bron {n} openen">[{n}]</a>'

    return _REF.sub(link, escaped)


def answer_html(assistant: Any, result: Result, trainer: bool = False) -> str:
    """The answer first (its first line in larger type), the rest of the text, then the numbered source cards."""
    numbers = {c.n for c in result.citations}
    lines = [line for line in (result.answer or "").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    first, rest = (lines[0], lines[1:]) if lines else ("", [])
    out = ""
    if result.backend == FELL_BACK:  # the language model's reply was not used: say so
        out += f'<div class="wa-terugval">{esc(FALLBACK_NOTE.get(result.language, FALLBACK_NOTE["nl"]))}</div>'
    out += f'<div class="wa-antwoord"><p class="wa-kern">{_with_refs(esc(first), numbers)}</p>'
    rest_html = ""
    for line in rest:
        if not line.strip():
            continue
        cls = "wa-quote" if line.lstrip().startswith(('"', "“", "„")) else "wa-regel"
        rest_html += f'<p class="{cls}">{_with_refs(esc(line), numbers)}</p>'
    if rest_html:
        out += f'<div class="wa-uitleg">{rest_html}</div>'
    out += "</div>"
    if result.citations:
        sentences = quoted_sentences(result)
        max_score = _max_score(assistant)
        out += '<div class="wa-bronnen"><div class="wa-bronnen-kop">Bronnen <span class="wa-hint">Klik op een bron om de tekst te lezen.</span></div>'
        out += "".join(citation_html(assistant, c, trainer, sentences, max_score) for c in result.citations)
        out += "</div>"
    if trainer:
        out += trainer_html(result, _max_score(assistant))
    return f'<div class="wa-bericht">{out}</div>'


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
    # verdict first, then what is still needed or what would make it a yes, then the reasons with their sentence
    changes_head = "Wat zou het wel mogelijk maken?" if decision.eligible is False else "Wat kan het veranderen?"
    if decision.changes:
        out.append(f"<h3>{esc(changes_head)}</h3><ul>")
        out.extend(f"<li>{esc(c.text)}</li>" for c in decision.changes)
        out.append("</ul>")
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
    out.append(table(["Gegeven", "Waarde", "Uit", "Uw woorden"], rows, stack=True))
    out.append("</div>")
    return "".join(out)
