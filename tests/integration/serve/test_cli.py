"""The command line on the real index: ask, check, search and the query benchmark."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistent import settings as settings_module
from assistent.serve.cli import app

runner = CliRunner()


@pytest.fixture
def on_letter(ingested_letter, monkeypatch):
    """Point the CLI's settings at the session index of the letter."""
    monkeypatch.setenv("ASSISTENT_CORPUS_DIR", str(ingested_letter.corpus_dir))
    monkeypatch.setenv("ASSISTENT_INDEX_DIR", str(ingested_letter.index_dir))
    settings_module.get_settings.cache_clear()
    yield ingested_letter
    settings_module.get_settings.cache_clear()


def test_ask_json_gives_the_result_object(on_letter):
    out = runner.invoke(app, ["ask", "Hoeveel eigen inleg hebben we nodig?", "--json"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert "5%" in result["answer"] and result["citations"][0]["section"].endswith("Fonds Coöperatief Wonen")
    assert result["refused"] is False and result["backend"] == "extractive"


def test_ask_prints_answer_and_sources(on_letter):
    out = runner.invoke(app, ["ask", "Wat is het Didam-arrest?"])
    assert out.exit_code == 0
    assert "Bronnen:" in out.output and "[1] Kamerbrief" in out.output and "19 januari 2026" in out.output


def test_ask_rejects_an_empty_question(on_letter):
    out = runner.invoke(app, ["ask", "   "])
    assert out.exit_code == 2 and "leeg" in out.output


def test_check_json_has_exactly_the_agreed_keys(on_letter):
    text = "Wij zijn een wooncoöperatie, nieuwbouw huurwoningen, bouwfase, 2 miljoen lening en 150.000 euro eigen inleg"
    out = runner.invoke(app, ["check", text, "--json"])
    assert out.exit_code == 0, out.output
    decision = json.loads(out.output)
    assert {"facts", "eligible", "reasons", "missing", "trace"} <= set(decision)  # the agreed keys
    assert {"facts_evidence", "next_question", "changes"} <= set(decision)
    assert decision["eligible"] is True and decision["facts"]["own_contribution_eur"] == 150000


def test_check_with_facts_prints_decision_reasons_and_trace(on_letter):
    facts = {"organisation_form": "wooncooperatie", "tenure": "koop", "project_type": "nieuwbouw", "phase": "bouw",
             "financing_eur": 1000000, "own_contribution_eur": 60000}
    out = runner.invoke(app, ["check", "--facts", json.dumps(facts)])
    assert out.exit_code == 0
    assert "NEE" in out.output and "build_phase_requires_rental" in out.output and "Spoor van de regels" in out.output


def test_check_with_bad_facts_says_what_is_wrong(on_letter):
    out = runner.invoke(app, ["check", "--facts", '{"tenure": "huurkoop"}'])
    assert out.exit_code == 2 and "tenure" in out.output


def test_search_shows_all_three_retrievers(on_letter):
    out = runner.invoke(app, ["search", "Didam-arrest grond", "-k", "2"])
    assert out.exit_code == 0
    for mode in ("== hybrid ==", "== bm25 ==", "== dense =="):
        assert mode in out.output
    assert "Meer locaties en ondersteuning" in out.output


@pytest.mark.slow
def test_bench_query_prints_latency_figures(on_letter, tmp_path):
    out = runner.invoke(app, ["bench", "query", "--n", "5"])
    assert out.exit_code == 0, out.output
    assert "ask p50 / p95" in out.output and "cold start" in out.output
    saved = json.loads((tmp_path / "reports" / "bench-query.json").read_text(encoding="utf-8"))
    assert saved["questions"] == 5 and saved["ask_ms"]["p50"] > 0
