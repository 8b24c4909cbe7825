"""The whole app (create_app) on a small real index: one rate limit for the UI's queue and the API, a login
on a non-public UI, 405 for a method a path does not have, and an OpenAPI document that says what is accepted."""
from __future__ import annotations

import pytest
from fakes import small_index
from fastapi.testclient import TestClient

from assistent.serve.api import create_app

KEY = "sleutel-voor-de-test"


@pytest.fixture
def app_settings(tmp_path):
    settings, _ = small_index(tmp_path)
    return settings


def join(client: TestClient, path: str = "") -> int:
    """What the browser sends for each question: a job for Gradio's queue."""
    r = client.post(f"{path}/gradio_api/queue/join", json={"data": ["Hoeveel inleg?", [], False], "fn_index": 0,
                                                            "session_hash": "test-sessie", "trigger_id": 1})
    return r.status_code


def test_questions_through_the_ui_queue_count_against_the_api_limit(app_settings):
    app = create_app(app_settings.model_copy(update={"rate_limit": "4/minute", "api_keys": [KEY]}))
    with TestClient(app) as client:
        # no key needed for the public UI, but the same budget per address
        assert [join(client) for _ in range(3)] == [200, 200, 200]
        assert join(client, "/embed") == 200  # the partner view is the same door
        r = client.post("/gradio_api/queue/join", json={"data": [], "fn_index": 0, "session_hash": "x"})
        assert r.status_code == 429 and "retry-after" in r.headers
        assert r.json()["detail"].startswith("Te veel verzoeken: de limiet is 4 per minuut")
        # the page itself still loads; a key has its own budget on the API
        assert client.get("/").status_code == 200
        assert client.post("/api/search", json={"query": "fonds"}, headers={"X-API-Key": KEY}).status_code == 200


def test_a_non_public_ui_asks_for_a_login_with_an_api_key(app_settings):
    app = create_app(app_settings.model_copy(update={"ui_public": False, "api_keys": [KEY]}))
    with TestClient(app) as client:
        assert join(client) in (401, 403)
        assert client.post("/login/", data={"username": "bewoner", "password": "fout"}).status_code in (400, 401)
        assert client.post("/login/", data={"username": "bewoner", "password": KEY}).status_code == 200
        assert join(client) == 200


def test_a_non_public_ui_without_keys_is_refused_at_start(app_settings):
    with pytest.raises(ValueError, match="ASSISTENT_API_KEYS"):
        create_app(app_settings.model_copy(update={"ui_public": False, "api_keys": []}))


def test_a_method_a_path_does_not_have_gives_405_with_allow(app_settings):
    with TestClient(create_app(app_settings)) as client:
        for method, path, allow in [("TRACE", "/api/ask", "POST"), ("GET", "/api/ask", "POST"),
                                    ("DELETE", "/v1/models", "GET"), ("PUT", "/api/passages/x", "GET")]:
            r = client.request(method, path)
            assert r.status_code == 405, (method, path, r.status_code)
            assert r.headers["allow"] == allow and r.json()["detail"].startswith(f"De methode {method}")
        assert client.request("TRACE", "/api/bestaat-niet").status_code == 404


def test_the_openapi_document_says_every_status_the_limits_and_the_events(app_settings):
    app = create_app(app_settings.model_copy(update={"max_question_chars": 300, "max_history_turns": 4}))
    doc = app.openapi()
    ask = doc["paths"]["/api/ask"]["post"]
    assert {"200", "400", "401", "405", "408", "413", "422", "429", "500", "503"} <= set(ask["responses"])
    assert "event: result" in ask["responses"]["200"]["description"]
    assert "[DONE]" in doc["paths"]["/v1/chat/completions"]["post"]["responses"]["200"]["description"]
    assert {"408", "413", "500"} <= set(doc["paths"]["/api/health"]["get"]["responses"])
    models = doc["components"]["schemas"]
    assert models["AskRequest"]["properties"]["question"]["maxLength"] == 300
    assert models["AskRequest"]["properties"]["history"]["maxItems"] == 4
    with TestClient(app) as client:
        assert client.post("/api/ask", json={"question": "x" * 301}).status_code == 422
        assert client.post("/api/ask", json={"question": "Wat?", "stream": 0}).status_code == 422
        assert client.post("/api/eligibility", json={}).status_code == 422
        r = client.post("/v1/chat/completions", json={"messages": [{"role": "tool", "content": "x"},
                                                                    {"role": "user", "content": "Wat is het fonds?"}]})
        assert r.status_code == 200, r.text
