"""Unit tests of plain-text rendering (assistent.answer.render): answers with their sources, and rules decisions."""
from __future__ import annotations

import re

import pytest

from assistent.answer.render import citation_line, render_decision, render_text
from assistent.fonds.rules import Facts, decide
from assistent.models import Citation, Result

TITLE = "Kamerbrief Plan van aanpak belemmeringen wooncoöperaties"
INLEG = "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."
SUBSIDY = "SVn kreeg €60,6 miljoen subsidie om het Fonds Coöperatief Wonen op te richten."


def citation(n: int, text: str, page: int | None = 2, date: str | None = "2026-01-19", paragraph: int = 3) -> Citation:
    return Citation(
        n=n,
        passage_id=f"kamerbrief-2026-{n}",
        source_id="kamerbrief-2026",
        title=TITLE,
        date=date,
        section="Financiële belemmeringen > Fonds Coöperatief Wonen",
        page=page,
        paragraph=paragraph,
        text=text,
        score=0.5,
    )


def test_citation_line_names_title_section_paragraph_page_and_date() -> None:
    line = citation_line(citation(1, INLEG))
    assert line == f"[1] {TITLE} · Financiële belemmeringen > Fonds Coöperatief Wonen · alinea 3 · p. 2 · 19 januari 2026"


def test_citation_line_in_english_and_without_page_or_date() -> None:
    line = citation_line(citation(2, INLEG, page=None, date=None, paragraph=7), "en")
    assert line == f"[2] {TITLE} · Financiële belemmeringen > Fonds Coöperatief Wonen · paragraph 7"
    assert "January 2026" in citation_line(citation(1, INLEG), "en")


def test_render_text_lists_the_sources_with_their_passages_under_the_answer() -> None:
    result = Result(answer='Volgens de brief:\n"…5%…" [1]\n"…€60,6 miljoen…" [2]', citations=[citation(1, INLEG), citation(2, SUBSIDY, page=1)])
    lines = render_text(result).split("\n")
    assert lines[:3] == result.answer.split("\n")
    assert lines[3:] == [
        "",
        "Bronnen:",
        citation_line(result.citations[0]),
        f"    {INLEG}",
        citation_line(result.citations[1]),
        f"    {SUBSIDY}",
    ]


def test_render_text_without_passages_and_in_english() -> None:
    result = Result(answer="According to the letter: … [1]", language="en", citations=[citation(1, INLEG)])
    assert render_text(result, with_passages=False) == "\n".join(
        [result.answer, "", "Sources:", citation_line(result.citations[0], "en")]
    )


def test_a_result_without_citations_is_just_its_answer() -> None:
    result = Result(answer="Daar gaan de bronnen niet over.", refused=True)
    assert render_text(result) == result.answer


# --- decisions ---------------------------------------------------------------------------

ELIGIBLE = dict(
    organisation_form="wooncooperatie", tenure="huur", project_type="nieuwbouw", phase="bouw",
    financing_eur=1_000_000, own_contribution_eur=60_000,
)


def section(text: str, title: str) -> list[str]:
    """The indented lines under a section title of the rendered decision."""
    lines = text.split("\n")
    start = lines.index(title) + 1
    out = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        out.append(line)
    return out


def test_an_eligible_decision_shows_yes_all_facts_and_the_trace_but_no_reasons() -> None:
    decision = decide(Facts(**ELIGIBLE))
    assert decision.eligible is True
    text = render_decision(decision)
    assert text.startswith("Besluit: JA: komt in aanmerking\n")
    facts = section(text, "Feiten:")
    assert len(facts) == len(Facts.model_fields)
    assert any(re.fullmatch(r"  tenure\s+huur", f) for f in facts)
    assert any(re.fullmatch(r"  own_contribution_pct\s+—", f) for f in facts)  # not given
    assert "Redenen:" not in text and "Nog nodig:" not in text
    trace = section(text, "Spoor van de regels:")
    assert [t.split()[0] for t in trace] == [s.rule for s in decision.trace]
    # every rule holds, or is about another situation (a beheercoöperatie; the bouwfase while in the planfase)
    outcome = {t.split()[0]: t.split()[1] for t in trace}
    assert set(outcome.values()) <= {"pass", "skip"} and outcome["own_contribution_below_5pct"] == "pass"
    assert outcome["beheercooperatie_goes_to_corporation"] == "skip"
    assert "(6%)" in next(t for t in trace if t.split()[0] == "own_contribution_below_5pct")


def test_a_refusal_shows_no_each_reason_with_its_quote_and_the_failing_steps() -> None:
    decision = decide(Facts(**dict(ELIGIBLE, tenure="koop", own_contribution_eur=10_000)))
    assert decision.eligible is False
    text = render_decision(decision)
    assert text.startswith("Besluit: NEE: komt niet in aanmerking\n")
    reasons = section(text, "Redenen:")
    for r in decision.reasons:
        i = reasons.index(f"  - [{r.code}] {r.message}")
        assert reasons[i + 1] == f"      Bron: {r.citation.section}: “{r.citation.quote}”"
    trace = {t.split()[0]: t.split()[1] for t in section(text, "Spoor van de regels:")}
    assert trace["build_phase_requires_rental"] == "fail" and trace["own_contribution_below_5pct"] == "fail"


def test_an_undecided_decision_lists_what_is_still_needed() -> None:
    decision = decide(Facts())
    assert decision.eligible is None and decision.missing
    text = render_decision(decision)
    assert text.startswith("Besluit: NOG ONBESLIST\n")
    assert section(text, "Nog nodig:") == [f"  - {m.key}: {m.question}" for m in decision.missing]
    assert all(line.rstrip().endswith("—") for line in section(text, "Feiten:"))


def test_a_percentage_just_below_the_minimum_is_not_shown_as_the_minimum() -> None:
    decision = decide(Facts(**dict(ELIGIBLE, own_contribution_eur=49_999)))
    assert decision.eligible is False
    line = next(t for t in section(render_decision(decision), "Spoor van de regels:") if "own_contribution_below_5pct" in t)
    shown = re.search(r"\((\d+(?:[.,]\d+)?)%\)", line)
    assert "fail" in line and shown is not None
    assert float(shown.group(1).replace(",", ".")) < 5
