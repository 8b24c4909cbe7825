"""The OpenAI-compatible endpoints through the official `openai` client against a live server on loopback."""
from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before the embedding model loads: see assistent/serve/api/__init__.py

import httpx
import openai
import pytest
import uvicorn

from assistent.serve.api import create_app
from assistent.serve.api.schemas import MODEL_ID
from assistent.evaluation.loadtest import free_port

REPO = Path(__file__).resolve().parents[3]
LETTER = "kamerbrief-plan-van-aanpak-belemmeringen-wooncooperaties.txt"
INLEG = "Hoeveel eigen inleg is nodig?"
KEY = "sleutel-voor-de-openai-test"


@pytest.fixture(scope="module")
def live_url(request, tmp_path_factory):
    """A real uvicorn server (HTTP on 127.0.0.1) running the app in a thread of this process."""
    base = request.getfixturevalue("ingested_letter")
    settings = base.model_copy(
        update={"data_dir": tmp_path_factory.mktemp("openai-data"), "api_keys": [KEY], "rate_limit": "10000/minute"}
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def client(live_url):
    with openai.OpenAI(base_url=f"{live_url}/v1", api_key=KEY, max_retries=0, timeout=60) as c:
        yield c


def test_models(client):
    assert [m.id for m in client.models.list()] == [MODEL_ID]


def test_chat_completion_carries_answer_and_sources(client):
    resp = client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": INLEG}])
    assert resp.object == "chat.completion" and resp.model == MODEL_ID
    choice = resp.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    content = choice.message.content
    assert "5%" in content
    assert "\n\nBronnen:\n[1] " in content  # the numbered sources list survives in plain text
    extra = resp.model_extra
    citations = extra["citations"]
    assert citations and citations[0]["n"] == 1 and citations[0]["source_id"] == "kamerbrief-2026"
    assert citations[0]["passage_id"] and "5%" in " ".join(c["text"] for c in citations)
    assert citations[0]["title"] in content
    # each source once: its line in the text, its passage only in `citations` (not quoted a second time)
    sources = content.split("\n\nBronnen:\n", 1)[1]
    assert [line for line in sources.splitlines() if line.startswith("[")] == [
        line for line in sources.splitlines() if line.strip()
    ]
    assert len(re.findall(r"^\[\d+\] ", sources, re.M)) == len(citations)
    for c in citations:
        assert c["text"] not in sources
    assert extra["assistent"] == {"refused": False, "false_premise": False, "rules": None, "backend": "extractive"}
    assert resp.usage.total_tokens > 0


def test_raw_json_has_the_extra_fields(client):
    raw = client.chat.completions.with_raw_response.create(
        model=MODEL_ID, messages=[{"role": "user", "content": INLEG}]
    )
    body = raw.http_response.json()
    assert {"citations", "assistent"} <= set(body)
    parsed = raw.parse()
    assert body["citations"] == parsed.model_extra["citations"]
    for c in body["citations"]:
        assert f"[{c['n']}] {c['title']}" in body["choices"][0]["message"]["content"]


def test_streaming_matches_the_non_streamed_answer(client):
    whole = client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": INLEG}])
    stream = client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": INLEG}], stream=True,
        stream_options={"include_usage": True},
    )
    parts, finish, extras, usage = [], None, None, None
    for chunk in stream:
        assert chunk.object == "chat.completion.chunk"
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            if choice.delta.content:
                parts.append(choice.delta.content)
            if choice.finish_reason:
                finish = choice.finish_reason
                extras = chunk.model_extra
    text = "".join(parts)
    assert len(parts) > 2
    assert text == whole.choices[0].message.content
    assert "Bronnen:" in text and "5%" in text
    assert finish == "stop"
    assert extras["citations"] == whole.model_extra["citations"]
    assert extras["assistent"]["backend"] == "extractive"
    assert usage is not None and usage.total_tokens > 0


def test_eligibility_question_carries_rules(client):
    q = "Komt onze wooncoöperatie met nieuwe koopwoningen in aanmerking voor financiering van de bouwfase?"
    resp = client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": q}])
    info = resp.model_extra["assistent"]
    assert info["backend"] == "rules" and info["rules"]["eligible"] is False


def test_conversation_history_and_system_message(client):
    messages = [
        {"role": "system", "content": "Je bent een behulpzame assistent."},
        {"role": "user", "content": "Wat is het Fonds Coöperatief Wonen?"},
        {"role": "assistant", "content": "Een fonds voor wooncoöperaties.\n\nBronnen:\n[1] Kamerbrief"},
        {"role": "user", "content": [{"type": "text", "text": INLEG}]},
    ]
    resp = client.chat.completions.create(model=MODEL_ID, messages=messages)
    assert "5%" in resp.choices[0].message.content


def test_wrong_key_and_bad_requests(client, live_url):
    with openai.OpenAI(base_url=f"{live_url}/v1", api_key="fout", max_retries=0) as bad:
        with pytest.raises(openai.AuthenticationError):
            bad.models.list()
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(model=MODEL_ID, messages=[{"role": "system", "content": "alleen systeem"}])
    r = httpx.post(f"{live_url}/v1/chat/completions", json={"messages": []},
                   headers={"Authorization": f"Bearer {KEY}"}, trust_env=False)
    assert r.status_code == 422
