"""The REST API on a real index of the Kamerbrief: in-process (TestClient) and through a real uvicorn server."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before the embedding model loads: see assistent/serve/api/__init__.py

import httpx
import pytest
from fastapi.testclient import TestClient

from assistent.serve.api import create_app
from assistent.evaluation.loadtest import assert_loopback, run_load, start_server, stop_server
from assistent.models import Result
from assistent.settings import Settings
from conftest import sse_events

REPO = Path(__file__).resolve().parents[3]
LETTER = "kamerbrief-plan-van-aanpak-belemmeringen-wooncooperaties.txt"
INLEG = "Hoeveel eigen inleg is nodig?"
ADMIN = "beheer-sleutel-test"


@pytest.fixture(scope="module")
def settings(request, tmp_path_factory) -> Settings:
    base = request.getfixturevalue("ingested_letter")
    return base.model_copy(
        update={
            "data_dir": tmp_path_factory.mktemp("api-data"),
            "admin_key": ADMIN,
            "api_keys": [],
            "cors_origins": [],
            "rate_limit": "10000/minute",
        }
    )


@pytest.fixture(scope="module")
def client(settings):
    with TestClient(create_app(settings)) as c:  # `with`: the lifespan runs, so the assistant is warmed up
        yield c


def test_ask_returns_a_result_with_citations(client):
    r = client.post("/api/ask", json={"question": INLEG})
    assert r.status_code == 200, r.text
    body = r.json()
    result = Result.model_validate(body)
    assert set(body) >= {"question", "answer", "citations", "refused", "false_premise", "rules", "backend", "language"}
    assert result.question == INLEG
    assert not result.refused
    assert "5%" in result.answer
    assert result.citations, "an answer must come with its passages"
    first = result.citations[0]
    assert first.n == 1 and first.source_id == "kamerbrief-2026"
    assert "5%" in " ".join(c.text for c in result.citations)
    assert "[1]" in result.answer


def test_ask_with_history_and_source_filter(client):
    history = [{"role": "user", "content": "Wat is het Fonds Coöperatief Wonen?"},
               {"role": "assistant", "content": "Een fonds voor wooncoöperaties."}]
    r = client.post("/api/ask", json={"question": INLEG, "history": history, "source_ids": ["kamerbrief-2026"]})
    assert r.status_code == 200, r.text
    assert all(c["source_id"] == "kamerbrief-2026" for c in r.json()["citations"])


def test_ask_stream_chunks_add_up_to_the_answer(client):
    with client.stream("POST", "/api/ask", json={"question": INLEG, "stream": True}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        events = sse_events(r.read().decode("utf-8"))
    names = [name for name, _ in events]
    assert names[-2:] == ["result", "done"]
    assert set(names[:-2]) == {"chunk"} and len(names) > 3
    text = "".join(json.loads(data)["text"] for name, data in events if name == "chunk")
    result = Result.model_validate_json(events[-2][1])
    assert text == result.answer
    assert "5%" in text and result.citations


def test_search_gives_the_passages_the_answer_would_take_first(client):
    r = client.post("/api/search", json={"query": "minimale eigen inleg fonds", "k": 4})
    assert r.status_code == 200, r.text
    hits = r.json()["passages"]
    assert 1 <= len(hits) <= 4
    assert set(hits[0]) >= {"passage_id", "source_id", "title", "section", "page", "paragraph", "text", "score"}
    assert all(h["score"] > 0 for h in hits)
    assert "eigen inleg" in hits[0]["text"]  # first the passage the answer would be made from


def test_search_in_a_conversation_reads_a_follow_up_as_ask_does(client):
    history = [{"role": "user", "content": "Wordt er iets gedaan aan de kostendelersnorm?"},
               {"role": "assistant", "content": "Er loopt een verkenning."}]
    question = {"query": "wanneer weten we daar meer over?", "k": 3}
    within = client.post("/api/search", json={**question, "history": history})
    assert within.status_code == 200, within.text
    assert "begin 2026 verwacht" in within.json()["passages"][0]["text"]
    # the same words after another conversation are about what that one was about
    toolbox = [{"role": "user", "content": "Is er een toolbox voor bewoners die met hun corporatie over zelfbeheer "
                                           "willen praten?"},
               {"role": "assistant", "content": "Cooplink heeft samen met Vannimwegen een toolbox ontwikkeld."}]
    other = client.post("/api/search", json={**question, "history": toolbox}).json()["passages"]
    assert "vanaf februari 2026" in other[0]["text"]
    assert not any("begin 2026 verwacht" in h["text"] for h in other)
    too_long = client.post("/api/search", json={**question, "history": history * 40})
    assert too_long.status_code == 422


def test_eligibility_by_text(client):
    text = "Wij zijn een wooncoöperatie en bouwen 20 nieuwe koopwoningen; we zoeken financiering voor de bouwfase."
    r = client.post("/api/eligibility", json={"text": text})
    assert r.status_code == 200, r.text
    d = r.json()
    assert {"facts", "eligible", "reasons", "missing", "trace"} <= set(d)  # the agreed keys
    assert {"facts_evidence", "next_question", "changes"} <= set(d)  # the words read, what to ask, what would change it
    assert d["facts"]["tenure"] == "koop" and d["facts"]["phase"] == "bouw"
    assert d["eligible"] is False
    assert [x["code"] for x in d["reasons"]] == ["build_phase_requires_rental"]
    assert d["reasons"][0]["citation"]["quote"]


def test_eligibility_by_facts(client):
    facts = {"organisation_form": "wooncooperatie", "tenure": "huur", "project_type": "nieuwbouw", "phase": "bouw",
             "financing_eur": 1_000_000, "own_contribution_eur": 60_000, "initiative_phase_complete": True}
    r = client.post("/api/eligibility", json={"facts": facts})
    assert r.status_code == 200, r.text
    assert r.json()["eligible"] is True and r.json()["trace"]

    low = dict(facts, own_contribution_eur=10_000)
    d = client.post("/api/eligibility", json={"facts": low}).json()
    assert d["eligible"] is False
    assert d["reasons"][0]["code"] == "own_contribution_below_5pct"
    assert "5%" in d["reasons"][0]["message"]

    partial = client.post("/api/eligibility", json={"facts": {"organisation_form": "wooncooperatie"}}).json()
    assert partial["eligible"] is None and {m["key"] for m in partial["missing"]} >= {"tenure", "phase"}


def test_eligibility_needs_exactly_one_of_text_and_facts(client):
    for body in ({}, {"text": "wooncoöperatie", "facts": {}}):
        r = client.post("/api/eligibility", json=body)
        assert r.status_code == 422
        assert "precies één" in r.json()["detail"]
    r = client.post("/api/eligibility", json={"facts": {"tenure": "bruikleen"}})
    assert r.status_code == 422


def test_sources(client):
    r = client.get("/api/sources")
    assert r.status_code == 200
    rows = {row["id"]: row for row in r.json()}
    assert rows["kamerbrief-2026"]["status"] == "ingested" and rows["kamerbrief-2026"]["passages"] > 10
    assert rows["cooplink-2024"]["status"] == "missing"


def test_passage_with_neighbours_and_404(client):
    pid = client.post("/api/search", json={"query": "eigen inleg 5%", "k": 1}).json()["passages"][0]["passage_id"]
    r = client.get(f"/api/passages/{pid}", params={"n": 1})
    assert r.status_code == 200
    body = r.json()
    assert body["passage"]["id"] == pid and body["passage"]["section"]
    assert 1 <= len(body["neighbours"]) <= 2
    assert all(p["id"] != pid and p["source_id"] == body["passage"]["source_id"] for p in body["neighbours"])

    missing = client.get("/api/passages/bestaat-niet-123")
    assert missing.status_code == 404
    assert "bestaat niet" in missing.json()["detail"]


def test_feedback_is_stored_and_exported_as_csv(client, settings):
    r = client.post("/api/feedback", json={"question": INLEG, "answer": "Minimaal 5% [1]", "rating": "up"})
    assert r.status_code == 201, r.text
    assert r.json()["id"] >= 1 and r.json()["created_at"]
    r = client.post("/api/feedback", json={"question": "Wat?", "answer": "=HYPERLINK(1)", "rating": "down",
                                           "comment": "klopt niet"})
    assert r.status_code == 201
    assert client.post("/api/feedback", json={"question": "x", "answer": "y", "rating": "meh"}).status_code == 422
    assert (Path(settings.data_dir) / "feedback.sqlite3").exists()

    assert client.get("/api/feedback/export").status_code == 403
    assert client.get("/api/feedback/export", headers={"X-Admin-Key": "fout"}).status_code == 403
    for headers in ({"X-Admin-Key": ADMIN}, {"Authorization": f"Bearer {ADMIN}"}):
        r = client.get("/api/feedback/export", headers=headers)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert [row["rating"] for row in rows[-2:]] == ["up", "down"]
        assert rows[-2]["question"] == INLEG and rows[-2]["created_at"]
        assert rows[-1]["comment"] == "klopt niet"
        assert rows[-1]["answer"] == "'=HYPERLINK(1)"  # no formula when opened in a spreadsheet


def test_health(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    h = r.json()
    assert h["status"] == "ok" and h["ready"] is True
    assert h["generation"].startswith("gen-") and h["passages"] > 10
    assert h["backend"] == "extractive"


def test_home_and_openapi(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/ask", "/api/search", "/api/eligibility", "/api/sources", "/api/passages/{passage_id}",
                 "/api/feedback", "/api/feedback/export", "/api/health", "/v1/chat/completions", "/v1/models"):
        assert path in paths, path


@pytest.mark.slow
def test_real_server_with_two_workers(settings, tmp_path):
    """`assistent serve --workers 2` on a free loopback port; both workers share the index directory."""
    log = tmp_path / "serve.log"
    proc, url = start_server(settings.model_copy(update={"workers": 2}), port=0, log_path=log)
    try:
        assert url.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=url, timeout=60, trust_env=False) as http:
            deadline = time.monotonic() + 90
            while log.read_text().count("Application startup complete") < 2 and time.monotonic() < deadline:
                time.sleep(0.5)
            assert log.read_text().count("Application startup complete") == 2, log.read_text()[-3000:]
            for _ in range(4):  # a few requests, so both workers are likely to answer one
                r = http.post("/api/ask", json={"question": INLEG})
                assert r.status_code == 200, r.text
                assert "5%" in r.json()["answer"] and r.json()["citations"]
            assert http.get("/api/health").json()["passages"] > 10
        figures = run_load(url, clients=8, requests=40, timeout_s=120)  # a small load test: all answered
        assert figures["ok"] == 40 and figures["errors"] == 0 and not figures["timed_out"]
        assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"] and figures["throughput_rps"] > 0
        text = log.read_text()
        assert "POST /api/ask 200" in text  # our request log line…
        assert not re.search(r'127\.0\.0\.1:\d+ - "', text)  # …and no access log with the client IP in clear
        assert all("127.0.0.1" not in line for line in text.splitlines() if "/api/" in line)
    finally:
        stop_server(proc)
    assert proc.returncode is not None


def test_load_test_refuses_other_hosts():
    for url in ("http://127.0.0.1:8000", "http://127.8.9.10:1", "http://localhost:7860", "http://[::1]:7860"):
        assert assert_loopback(url)
    for url in ("http://10.0.0.1:8000", "http://192.168.1.5", "https://example.org/api", "http://0.0.0.0:7860"):
        with pytest.raises(ValueError, match="loopback"):
            run_load(url, clients=1, requests=1)
    with pytest.raises(ValueError):
        run_load("http://127.0.0.1:9", clients=1, requests=10**7)


def test_search_with_a_long_string_of_digits_answers(client):
    r = client.post("/api/search", json={"query": "0" * 1500, "k": 10, "source_ids": [], "history": []})
    assert r.status_code == 200, r.text
