"""Export a conversation with all cited passages, for course hand-outs: Markdown and PDF.

Both exporters take the turns of a conversation as ``(question, Result)`` pairs, ``Result``
objects (their ``question`` is used), or dicts ``{"question": ..., "result": Result | dict}``.
User and document text is escaped for Markdown so that a rendered hand-out never runs HTML
from a question or a document.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from assistent.models import Citation, Result
from assistent.serve.labels import (
    SCORE_SCALE,
    TRACE_HEADERS,
    backend_text,
    fact_label,
    fact_value_text,
    guard_text,
    outcome_text,
    rule_name,
    score_text,
    timings_text,
)
from assistent.text.numbers import format_date, format_pct

TITLE = "Gesprek met de Wooncoöperatie-assistent"
INTRO = (
    "De antwoorden komen uit de ingelezen bronnen. Onder elk antwoord staan de passages waar het op "
    "steunt. Lees bij twijfel altijd de bron zelf."
)

QA = tuple[str, Result]


# --------------------------------------------------------------------------- input


def normalise_turns(turns_with_results: Iterable[Any]) -> list[QA]:
    """The conversation as (question, Result) pairs, whatever shape the caller keeps it in."""
    out: list[QA] = []
    for item in turns_with_results or []:
        if isinstance(item, Result):
            out.append((item.question, item))
        elif isinstance(item, tuple | list) and len(item) == 2:
            question, result = item
            out.append((str(question or ""), _as_result(result)))
        elif isinstance(item, Mapping):
            if "result" in item:
                result = _as_result(item["result"])
                out.append((str(item.get("question") or result.question), result))
            else:
                result = _as_result(item)
                out.append((result.question, result))
        else:
            raise TypeError(f"onbekend soort beurt: {type(item).__name__}")
    return out


def _as_result(value: Any) -> Result:
    if isinstance(value, Result):
        return value
    if isinstance(value, Mapping):
        return Result.model_validate(dict(value))
    raise TypeError(f"geen Result: {type(value).__name__}")


# --------------------------------------------------------------------------- formatting helpers


def citation_meta(c: Citation) -> list[str]:
    """Where a passage comes from, in plain Dutch parts: section, paragraph, page, date."""
    parts: list[str] = []
    if c.section:
        parts.append("Hoofdstuk: " + c.section.replace(" > ", " › "))
    parts.append(f"alinea {c.paragraph}")
    if c.page is not None:
        parts.append(f"pagina {c.page}")
    if c.date:
        parts.append(format_date(c.date))
    return parts


def trainer_lines(result: Result) -> list[str]:
    """How the answer was made, the timings and the check of the language model, as plain Dutch lines."""
    lines = [f"Zo is het antwoord gemaakt: {backend_text(result.backend)}"]
    if result.standalone_question and result.standalone_question != result.question:
        lines.append(f"Vraag zoals gezocht: {result.standalone_question}")
    if result.timings_ms:
        lines.append("Tijden: " + timings_text(result.timings_ms))
    lines.append("Controle van het taalmodel: " + guard_text(result.guard))
    if result.citations:
        lines.append(SCORE_SCALE)
    return lines


def trace_rows(rules: dict[str, Any] | None) -> list[list[str]]:
    """The rule trace of a rules answer as rows in plain Dutch: rule, outcome, what it looked at, percentage,
    explanation and the sentence of the letter it rests on (TRACE_HEADERS)."""
    rows: list[list[str]] = []
    for step in (rules or {}).get("trace", []):
        facts = "; ".join(f"{fact_label(k)}: {fact_value_text(k, v)}" for k, v in (step.get("facts") or {}).items())
        pct = step.get("percentage")
        basis = " ".join(f"“{b.get('quote', '')}”" for b in step.get("basis") or [] if b.get("quote"))
        rows.append(
            [
                rule_name(step),
                outcome_text(str(step.get("outcome", ""))),
                facts,
                "" if pct is None else format_pct(pct),
                str(step.get("text") or step.get("note") or ""),
                basis,
            ]
        )
    return rows


# --------------------------------------------------------------------------- Markdown


_MD_ESCAPE = re.compile(r"[<>\\]|\]\(")


def md_escape(text: str) -> str:
    """Text safe to put in Markdown: no raw HTML tags, autolinks or inline links survive rendering."""

    def sub(m: re.Match[str]) -> str:
        s = m.group(0)
        return "]\\(" if s == "](" else "\\" + s

    return _MD_ESCAPE.sub(sub, text or "")


def _md_paragraphs(text: str) -> str:
    return "\n\n".join(md_escape(line.strip()) for line in (text or "").splitlines() if line.strip())


def _md_quote(text: str) -> str:
    return "\n>\n".join("> " + md_escape(line.strip()) for line in (text or "").splitlines() if line.strip())


def _md_cell(text: str) -> str:
    return md_escape(text).replace("|", "\\|").replace("\n", " ")


def conversation_markdown(
    turns_with_results: Iterable[Any],
    *,
    trainer: bool = False,
    title: str = TITLE,
    today: _dt.date | None = None,
) -> str:
    """The whole conversation, every answer followed by its numbered sources with the passage text."""
    turns = normalise_turns(turns_with_results)
    day = format_date((today or _dt.date.today()).isoformat())
    out: list[str] = [f"# {md_escape(title)}", "", f"Gemaakt op {day}. {INTRO}", ""]
    if not turns:
        out += ["_Er zijn nog geen vragen gesteld._", ""]
    for i, (question, result) in enumerate(turns, 1):
        out += [f"## Vraag {i}", "", f"**Vraag:** {md_escape(question)}", "", "**Antwoord:**", ""]
        out += [_md_paragraphs(result.answer), ""]
        if result.citations:
            out += ["**Bronnen bij dit antwoord:**", ""]
            for c in result.citations:
                out.append(f"**[{c.n}] {md_escape(c.title)}**  ")
                out.append(md_escape(" · ".join(citation_meta(c))))
                out.append("")
                out.append(_md_quote(c.text))
                out.append("")
                if trainer:
                    out += [f"Passage-id: `{c.passage_id}` · score {score_text(c.score)}", ""]
        else:
            out += ["_Bij dit antwoord horen geen bronnen._", ""]
        if trainer:
            out += ["**Voor de trainer:**", ""]
            out += [f"- {md_escape(line)}" for line in trainer_lines(result)]
            out.append("")
            rows = trace_rows(result.rules)
            if rows:
                out += ["**Spoor van de regels:**", ""]
                out += ["| " + " | ".join(TRACE_HEADERS) + " |", "|" + "---|" * len(TRACE_HEADERS)]
                out += ["| " + " | ".join(_md_cell(x) for x in row) + " |" for row in rows]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- PDF


def dejavu_font(bold: bool = False) -> Path:
    """DejaVu Sans from matplotlib's data directory (no download, covers €, ö, quotes)."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


def _keep(pdf: Any, mm: float) -> None:
    """A new page unless ``mm`` millimetres are left: a heading stays with the start of what it heads."""
    if pdf.get_y() + mm > pdf.page_break_trigger:
        pdf.add_page()


def _pdf_turn(pdf: Any, para: Any, i: int, question: str, result: Result, trainer: bool) -> None:
    """One question with its answer and cited passages (and the trainer's details) in the PDF hand-out.

    Every heading is kept with the start of its content (``_keep``), never alone at the foot of a page.
    """
    _keep(pdf, 40)
    para(f"Vraag {i}", 13, "B", color=(16, 94, 74), gap=1)
    para(question, 11, "B", gap=2)
    para("Antwoord", 10, "B", color=(80, 80, 80), gap=0.5)
    for line in (result.answer or "").splitlines():
        if line.strip():
            para(line.strip(), gap=1)
    pdf.ln(1)
    if result.citations:
        _keep(pdf, 35)
        para("Bronnen bij dit antwoord", 10, "B", color=(80, 80, 80), gap=0.5)
        for c in result.citations:
            _keep(pdf, 25)
            para(f"[{c.n}] {c.title}", 10, "B", gap=0.3)
            para(" · ".join(citation_meta(c)), 8.5, color=(90, 90, 90), gap=0.8)
            para(c.text, 9.5, color=(45, 45, 45), indent=5, gap=1)
            if trainer:
                para(f"Passage-id: {c.passage_id} · score {score_text(c.score)}", 8, color=(90, 90, 90), indent=5)
    if trainer:
        _keep(pdf, 30)
        para("Voor de trainer", 9, "B", color=(80, 80, 80), gap=0.3)
        for line in trainer_lines(result):
            para(line, 8.5, color=(60, 60, 60), gap=0.3)
        rows = trace_rows(result.rules)
        if rows:
            _keep(pdf, 30)
            para("Spoor van de regels", 9, "B", color=(80, 80, 80), gap=0.5)
            for row in rows:
                _keep(pdf, 22)
                para(f"{row[0]}: {row[1]}", 8.5, "B", color=(40, 40, 40), indent=4, gap=0.2)
                for label, value in zip(TRACE_HEADERS[2:], row[2:], strict=True):
                    if value:
                        para(f"{label}: {value}", 8, color=(60, 60, 60), indent=8, gap=0.2)
                pdf.ln(1)
    pdf.ln(4)


def conversation_pdf(
    turns_with_results: Iterable[Any],
    *,
    trainer: bool = False,
    title: str = TITLE,
    today: _dt.date | None = None,
) -> bytes:
    """The same hand-out as :func:`conversation_markdown`, as PDF bytes (A4, DejaVu Sans)."""
    from fpdf import FPDF
    from fpdf.enums import Align, XPos, YPos

    turns = normalise_turns(turns_with_results)
    day = format_date((today or _dt.date.today()).isoformat())

    class _PDF(FPDF):
        def footer(self) -> None:  # noqa: D401 - fpdf hook
            self.set_y(-12)
            self.set_font("DejaVu", "", 8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 6, f"{title} · pagina {self.page_no()} van {{nb}}", align=Align.C)

    pdf = _PDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Wooncoöperatie-assistent")
    pdf.add_font("DejaVu", "", str(dejavu_font()))
    pdf.add_font("DejaVu", "B", str(dejavu_font(bold=True)))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    left = pdf.l_margin

    def para(text: str, size: float = 10.5, style: str = "", color: tuple[int, int, int] = (20, 20, 20),
             indent: float = 0, gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(*color)
        pdf.set_left_margin(left + indent)
        pdf.set_x(left + indent)
        pdf.multi_cell(0, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_left_margin(left)
        pdf.set_x(left)
        pdf.ln(gap)

    para(title, 17, "B", gap=2)
    para(f"Gemaakt op {day}. {INTRO}", 9.5, color=(80, 80, 80), gap=4)
    if not turns:
        para("Er zijn nog geen vragen gesteld.")
    for i, (question, result) in enumerate(turns, 1):
        _pdf_turn(pdf, para, i, question, result, trainer)
    return bytes(pdf.output())
