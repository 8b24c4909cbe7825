"""Conversation export for course hand-outs: Markdown and PDF (assistent/export.py)."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from assistent.serve.export import conversation_markdown, conversation_pdf, md_escape, normalise_turns
from assistent.models import Citation, Result

PASSAGE = (
    "Initiatieven die koopwoningen realiseren kunnen de bouwfase wel gewoon via een hypotheek financieren. "
    "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."
)
QUESTION = "Hoeveel eigen inleg is nodig?"
FOLLOW_UP = "Geldt dat ook in de bouwfase?"
XSS = '<img src=x onerror="window.__xss=1"> <script>window.__xss=1</script> [klik](javascript:alert(1))'


def _citation(n: int = 1, text: str = PASSAGE, **extra) -> Citation:
    values = dict(
        n=n,
        passage_id=f"kamerbrief-2026-{n:012x}",
        source_id="kamerbrief-2026",
        title="Kamerbrief Plan van aanpak belemmeringen wooncoöperaties",
        date="2026-01-19",
        section="Financiële belemmeringen > Fonds Coöperatief Wonen",
        page=None,
        paragraph=3,
        text=text,
        score=0.81234,
    )
    values.update(extra)
    return Citation(**values)


def _result(question: str = QUESTION, **extra) -> Result:
    values = dict(
        question=question,
        standalone_question=question,
        answer="Voor de planfase en de bouwfase is een eigen inleg nodig van minimaal 5% van de financiering. [1]",
        citations=[_citation()],
        timings_ms={"embed": 1234.5, "retrieve": 3.2, "total": 1300.0},
    )
    values.update(extra)
    return Result(**values)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(data: bytes) -> str:
    return _flat(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


# --------------------------------------------------------------------------- input shapes


def test_all_turn_shapes_give_the_same_conversation():
    r = _result()
    shapes = [[r], [(QUESTION, r)], [{"question": QUESTION, "result": r}], [{"question": QUESTION, "result": r.model_dump(mode="json")}], [r.model_dump(mode="json")]]
    turns = [normalise_turns(s) for s in shapes]
    assert all(t == turns[0] for t in turns)
    assert turns[0][0][0] == QUESTION
    with pytest.raises(TypeError):
        normalise_turns([42])


# --------------------------------------------------------------------------- Markdown


def test_markdown_has_questions_answers_and_every_cited_passage():
    second = _result(
        FOLLOW_UP,
        answer="Ja, ook in de bouwfase. [1] [2]",
        citations=[_citation(1), _citation(2, "Het fonds financiert initiatieven vanaf de planfase.", page=4)],
    )
    md = conversation_markdown([(QUESTION, _result()), (FOLLOW_UP, second)], today=dt.date(2026, 2, 3))
    assert md.startswith("# Gesprek met de Wooncoöperatie-assistent")
    assert "Gemaakt op 3 februari 2026" in md
    assert "## Vraag 1" in md and "## Vraag 2" in md
    assert f"**Vraag:** {QUESTION}" in md and f"**Vraag:** {FOLLOW_UP}" in md
    assert "minimaal 5% van de financiering. [1]" in md
    # each citation: number, title, section, paragraph, page, date and the passage as a quote
    assert md.count("**[1] Kamerbrief Plan van aanpak belemmeringen wooncoöperaties**") == 2
    assert "**[2] Kamerbrief" in md
    assert "Hoofdstuk: Financiële belemmeringen › Fonds Coöperatief Wonen · alinea 3 · 19 januari 2026" in md
    assert "pagina 4" in md
    assert "> Initiatieven die koopwoningen realiseren" in md
    assert "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering." in md
    assert "> Het fonds financiert initiatieven vanaf de planfase." in md
    # no trainer details unless asked for
    assert "Passage-id" not in md and "score" not in md


def test_markdown_trainer_details_in_dutch_words_and_notation():
    rules = {
        "trace": [
            {"rule": "own_contribution_below_5pct", "facts": {"financing_eur": 1000000.0, "own_contribution_eur": 40000.0},
             "outcome": "fail", "percentage": 4.0, "note": "percentage berekend uit de bedragen",
             "basis": [{"quote": "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."}]},
            {"rule": "build_phase_requires_rental", "facts": {"phase": "plan", "tenure": None}, "outcome": "skip",
             "name": "Bouwfase: alleen huurwoningen", "text": "Niet van toepassing: in de planfase kan het allebei.",
             "basis": []},
        ]
    }
    md = conversation_markdown([_result(rules=rules, backend="rules")], trainer=True)
    assert "Passage-id: `kamerbrief-2026-000000000001` · score 0,81" in md
    assert "Score: hoe goed een passage bij de vraag past, van 0 (niet) tot 3 (heel goed)" in md
    assert "Tijden: vraag omzetten 1.234,5 ms, zoeken 3,2 ms, totaal 1.300,0 ms" in md
    assert "Zo is het antwoord gemaakt: de regels van het fonds (geen taalmodel)" in md
    assert "Controle van het taalmodel: niet nodig (geen taalmodel gebruikt)" in md
    assert "| Regel | Uitkomst | Gekeken naar | Percentage | Toelichting | Grond in de brief |" in md
    assert (
        "| Eigen inleg minimaal 5% | niet voldaan | Financiering: € 1.000.000; Eigen inleg (euro): € 40.000 | 4% "
        "| percentage berekend uit de bedragen | “Voor beide fases is wel een minimale eigen inleg vereist van 5% "
        "van de financiering.” |"
    ) in md
    assert "| Bouwfase: alleen huurwoningen | niet van toepassing | Fase: planfase; Huur of koop: — |" in md
    # no code names or English step names in the hand-out
    for raw in ("own_contribution_below_5pct", "financing_eur", "= ", "embed ", "retrieve", "total ", "guard", "extractive"):
        assert raw not in md, raw


def test_markdown_escapes_html_and_links_from_questions_and_documents():
    r = _result(XSS, answer=f"Antwoord {XSS}", citations=[_citation(text=f"Passage {XSS}", title=f"Titel {XSS}")])
    md = conversation_markdown([r])
    body = re.sub(r"(?m)^>", "", md)  # blockquote markers are ours
    assert not re.search(r"(?<!\\)[<>]", body), "an unescaped < or > reached the Markdown"
    assert "](javascript" not in md
    assert "\\<img src=x" in md and "\\<script\\>" in md and "]\\(javascript:alert(1))" in md
    assert md_escape("a < b > c ](x)") == "a \\< b \\> c ]\\(x)"


def test_markdown_without_answers_says_so():
    md = conversation_markdown([])
    assert "Er zijn nog geen vragen gesteld" in md


# --------------------------------------------------------------------------- PDF


def test_pdf_contains_question_answer_and_passage():
    data = conversation_pdf([(QUESTION, _result())], today=dt.date(2026, 2, 3))
    assert data.startswith(b"%PDF-")
    text = _pdf_text(data)
    assert "Gesprek met de Wooncoöperatie-assistent" in text
    assert QUESTION in text
    assert "minimaal 5% van de financiering. [1]" in text
    assert _flat(PASSAGE) in text
    assert "Financiële belemmeringen › Fonds Coöperatief Wonen" in text
    assert "19 januari 2026" in text
    assert "pagina 1 van 1" in text


def test_pdf_handles_long_conversations_and_odd_text():
    long_passage = " ".join(["Coöperatief wonen met € 1.000.000 financiering en ‘aanhalingstekens’."] * 40)
    turns = [(f"Vraag {i}: {XSS}", _result(f"Vraag {i}", citations=[_citation(text=long_passage)])) for i in range(6)]
    data = conversation_pdf(turns, trainer=True)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 2
    text = _pdf_text(data)
    assert "Vraag 5: <img src=x" in text  # plain text in a PDF: shown, never run
    assert "€ 1.000.000" in text and "‘aanhalingstekens’" in text
    assert "Passage-id: kamerbrief-2026-000000000001" in text


def test_pdf_without_answers():
    text = _pdf_text(conversation_pdf([]))
    assert "Er zijn nog geen vragen gesteld" in text


HEADINGS = re.compile(r"^(Vraag \d+|Antwoord|Bronnen bij dit antwoord|Voor de trainer|Spoor van de regels)$")


def test_pdf_never_leaves_a_heading_alone_at_the_foot_of_a_page():
    rules = {"trace": [
        {"rule": "own_contribution_below_5pct", "name": "Eigen inleg minimaal 5%", "outcome": "fail", "percentage": 4.0,
         "facts": {"own_contribution_pct": 4.0}, "text": "Uw eigen inleg is 4%.", "basis": [{"quote": PASSAGE}]},
    ]}
    # answers of 1 to 24 lines move every heading over every height of the page
    turns = [
        (f"Vraag over inleg {k}", _result(answer="\n".join(["Een regel van het antwoord."] * k), rules=rules))
        for k in range(1, 25)
    ]
    data = conversation_pdf(turns, trainer=True)
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) > 5
    for number, page in enumerate(pages, 1):
        lines = [ln.strip() for ln in (page.extract_text() or "").splitlines() if ln.strip()]
        body = [ln for ln in lines if not re.search(r"pagina \d+ van \d+$", ln)]
        assert body and not HEADINGS.match(body[-1]), f"pagina {number} eindigt met de kop '{body[-1]}'"


def test_pdf_trace_has_dutch_labels_and_the_basis():
    rules = {"trace": [
        {"rule": "own_contribution_below_5pct", "outcome": "fail", "percentage": 4.0,
         "facts": {"financing_eur": 1000000.0, "own_contribution_eur": 40000.0}, "note": "berekend",
         "basis": [{"quote": "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."}]},
    ]}
    text = _pdf_text(conversation_pdf([_result(rules=rules, backend="rules")], trainer=True))
    assert "Spoor van de regels" in text and "Eigen inleg minimaal 5%: niet voldaan" in text
    assert "Gekeken naar: Financiering: € 1.000.000; Eigen inleg (euro): € 40.000" in text
    assert "Grond in de brief: “Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering.”" in text
    assert "own_contribution" not in text and "financing_eur" not in text
