"""Plain-text rendering of results for the terminal and for OpenAI-compatible clients."""
from __future__ import annotations

from assistent.fonds.rules import format_pct
from assistent.text.numbers import format_date
from assistent.models import Citation, Result


def citation_line(c: Citation, lang: str = "nl") -> str:
    """'[1] Kamerbrief … · Financiële belemmeringen > Fonds Coöperatief Wonen · alinea 3 · p. 2 · 19 januari 2026'."""
    parts = [f"[{c.n}] {c.title}", c.section, ("paragraph" if lang == "en" else "alinea") + f" {c.paragraph}"]
    if c.page is not None:
        parts.append(f"p. {c.page}")
    if c.date:
        parts.append(format_date(c.date, lang))
    return " · ".join(parts)


def render_text(result: Result, with_passages: bool = True) -> str:
    lines = [result.answer]
    if result.citations:
        lines.append("")
        lines.append("Sources:" if result.language == "en" else "Bronnen:")
        for c in result.citations:
            lines.append(citation_line(c, result.language))
            if with_passages:
                lines.append(f"    {c.text}")
    return "\n".join(lines)


def render_decision(decision) -> str:
    """Decision, reasons with citation, missing facts and the rule trace, for `assistent check`."""
    verdict = {True: "JA: komt in aanmerking", False: "NEE: komt niet in aanmerking", None: "NOG ONBESLIST"}[
        decision.eligible
    ]
    lines = [f"Besluit: {verdict}", "", "Feiten:"]
    for key, value in decision.facts.model_dump().items():
        lines.append(f"  {key:<26} {value if value is not None else '—'}")
    if decision.reasons:
        lines += ["", "Redenen:"]
        for r in decision.reasons:
            lines.append(f"  - [{r.code}] {r.message}")
            if r.citation:
                lines.append(f"      Bron: {r.citation.section}: “{r.citation.quote}”")
    if decision.missing:
        lines += ["", "Nog nodig:"]
        for m in decision.missing:
            lines.append(f"  - {m.key}: {m.question}")
    lines += ["", "Spoor van de regels:"]
    for step in decision.trace:
        # exactly as compared (6 decimals at most): a failing 4,9999% is not rounded to the 5% it falls short of
        extra = f" ({format_pct(step.percentage)})" if step.percentage is not None else ""
        seen = ", ".join(f"{k}={v}" for k, v in step.facts.items())
        lines.append(f"  {step.rule:<40} {step.outcome:<8}{extra}  [{seen}]")
    return "\n".join(lines)
