"""Security and limits of the web app: API keys, admin key, CORS, rate limit, body size, question and
history limits, no stack traces to clients, and a request log without question text or IP addresses."""
from __future__ import annotations

import logging
import os
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before the embedding model loads: see assistent/serve/api/__init__.py

import pytest
from fastapi.testclient import TestClient

from assistent.serve.api import create_app
from assistent.serve.api.security import GENERIC_500
from assistent.answer.assistant import Assistant
from assistent.settings import Settings

REPO = Path(__file__).resolve().parents[3]
LETTER = "kamerbrief-plan-van-aanpak-belemmeringen-wooncooperaties.txt"
KEYS = ["sleutel-een", "sleutel-twee"]
ADMIN = "beheer-geheim"
INLEG = "Hoeveel eigen inleg is nodig?"


@pytest.fixture(scope="module")
def base(request, tmp_path_factory) -> Settings:
    return request.getfixturevalue("ingested_letter").model_copy(
        update={
            "data_dir": tmp_path_factory.mktemp("security-data"),
            "api_keys": [],
            "admin_key": None,
            "cors_origins": [],
            "rate_limit": "10000/minute",
        }
    )


@pytest.fixture(scope="module")
def assistant(base) -> Assistant:
    """One warmed-up assistant shared by the apps of this module (each app has its own settings)."""
    a = Assistant(base)
    a.warm_up()
    return a


def make_client(base: Settings, assistant: Assistant, **update) -> TestClient:
    return TestClient(create_app(base.model_copy(update=update), assistant))


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# --------------------------------------------------------------------------- API keys


@pytest.fixture(scope="module")
def keyed(base, assistant):
    return make_client(base, assistant, api_keys=KEYS, admin_key=ADMIN)


@pytest.mark.parametrize(
    "method,path,body",
    [
        ("POST", "/api/ask", {"question": INLEG}),
        ("POST", "/api/search", {"query": "eigen inleg"}),
        ("POST", "/api/eligibility", {"text": "wooncoöperatie met huurwoningen"}),
        ("GET", "/api/sources", None),
        ("POST", "/api/feedback", {"question": "q", "answer": "a", "rating": "up"}),
        ("GET", "/v1/models", None),
        ("POST", "/v1/chat/completions", {"messages": [{"role": "user", "content": INLEG}]}),
    ],
)
def test_api_key_is_required(keyed, method, path, body):
    r = keyed.request(method, path, json=body)
    assert r.status_code == 401
    assert "API-sleutel" in r.json()["detail"]
    assert r.headers["www-authenticate"] == "Bearer"
    assert keyed.request(method, path, json=body, headers=bearer("fout")).status_code == 401
    ok = keyed.request(method, path, json=body, headers=bearer(KEYS[0]))
    assert ok.status_code in (200, 201), ok.text
    assert keyed.request(method, path, json=body, headers={"X-API-Key": KEYS[1]}).status_code in (200, 201)


def test_health_and_docs_need_no_key(keyed):
    assert keyed.get("/api/health").status_code == 200
    assert keyed.get("/openapi.json").status_code == 200
    assert keyed.get("/api/passages/x").status_code == 401


# --------------------------------------------------------------------------- admin key


def test_export_needs_the_admin_key(keyed, base, assistant):
    assert keyed.get("/api/feedback/export").status_code == 403
    assert keyed.get("/api/feedback/export", headers=bearer(KEYS[0])).status_code == 403  # an API key is not enough
    r = keyed.get("/api/feedback/export", headers={"X-Admin-Key": KEYS[0]})
    assert r.status_code == 403 and "beheerderssleutel" in r.json()["detail"]
    assert keyed.get("/api/feedback/export", headers={"X-Admin-Key": ADMIN}).status_code == 200
    assert keyed.get("/api/feedback/export", headers=bearer(ADMIN)).status_code == 200
    # the admin key also counts as an API key
    assert keyed.get("/api/sources", headers=bearer(ADMIN)).status_code == 200

    without = make_client(base, assistant, admin_key=None)
    r = without.get("/api/feedback/export", headers={"X-Admin-Key": "wat-dan-ook"})
    assert r.status_code == 404 and "geen beheerderssleutel" in r.json()["detail"]


# --------------------------------------------------------------------------- CORS


def test_cors_allowlist(base, assistant):
    allowed, other = "https://partner.example", "https://kwaadwillend.example"
    c = make_client(base, assistant, cors_origins=[allowed])
    r = c.get("/api/health", headers={"Origin": allowed})
    assert r.headers["access-control-allow-origin"] == allowed
    r = c.get("/api/health", headers={"Origin": other})
    assert "access-control-allow-origin" not in r.headers

    pre = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}
    r = c.options("/api/ask", headers={"Origin": allowed, **pre})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == allowed
    assert "authorization" in r.headers["access-control-allow-headers"].lower()
    r = c.options("/api/ask", headers={"Origin": other, **pre})
    assert r.status_code == 400 and "access-control-allow-origin" not in r.headers

    none = make_client(base, assistant)  # no origins configured: no CORS headers at all
    assert "access-control-allow-origin" not in none.get("/api/health", headers={"Origin": allowed}).headers


def test_frame_ancestors_allowlist(base, assistant):
    c = make_client(base, assistant, frame_ancestors=["https://www.crowdbuilding.com"])
    csp = c.get("/embed/").headers.get("content-security-policy", "")
    assert csp == "frame-ancestors 'self' https://www.crowdbuilding.com"
    plain = make_client(base, assistant)  # not configured: no header, any site may frame the page
    assert "content-security-policy" not in plain.get("/embed/").headers


# --------------------------------------------------------------------------- rate limit


def test_rate_limit_per_key(base, assistant):
    c = make_client(base, assistant, api_keys=KEYS, rate_limit="3/minute")
    for _ in range(3):
        assert c.get("/api/sources", headers=bearer(KEYS[0])).status_code == 200
    r = c.post("/api/search", json={"query": "fonds"}, headers=bearer(KEYS[0]))  # one budget for the whole API
    assert r.status_code == 429
    assert "Te veel verzoeken" in r.json()["detail"] and "3 per minuut" in r.json()["detail"]
    assert int(r.headers["retry-after"]) >= 1
    assert c.get("/v1/models", headers=bearer(KEYS[0])).status_code == 429
    # another key has its own budget; health is never limited
    assert c.get("/api/sources", headers={"X-API-Key": KEYS[1]}).status_code == 200
    assert all(c.get("/api/health").status_code == 200 for _ in range(5))


def test_key_guessing_is_rate_limited_per_ip(base, assistant):
    c = make_client(base, assistant, api_keys=KEYS, admin_key=ADMIN, rate_limit="3/minute")
    codes = [c.get("/api/sources", headers=bearer(f"gok-{i}")).status_code for i in range(3)]
    codes.append(c.get("/api/feedback/export", headers={"X-Admin-Key": "gok"}).status_code)
    assert codes == [401, 401, 401, 429]
    assert "3 per minuut" in c.get("/v1/models").json()["detail"]
    assert c.get("/api/sources", headers=bearer(KEYS[0])).status_code == 200  # a valid key has its own budget


def test_rate_limit_per_ip_without_keys(base, assistant):
    c = make_client(base, assistant, rate_limit="2/minute")
    assert [c.get("/api/sources").status_code for _ in range(3)] == [200, 200, 429]
    assert "2 per minuut" in c.get("/v1/models").json()["detail"]


# --------------------------------------------------------------------------- sizes


def test_body_too_large(base, assistant):
    c = make_client(base, assistant, max_body_bytes=2_000)
    big = {"question": "Hoeveel eigen inleg? " + "x" * 5_000}
    r = c.post("/api/ask", json=big)
    assert r.status_code == 413
    assert "2000 bytes" in r.json()["detail"]

    def chunked():  # no Content-Length: the body is counted while it streams in
        yield b'{"question": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'"}'

    r = c.post("/v1/chat/completions", content=chunked(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "te groot" in r.json()["detail"]
    assert c.post("/api/ask", json={"question": INLEG}).status_code == 200


def test_question_and_history_limits(base, assistant):
    c = make_client(base, assistant, max_question_chars=60, max_history_turns=2)
    r = c.post("/api/ask", json={"question": "Hoeveel eigen inleg is nodig? " * 5})
    assert r.status_code == 422
    assert "te lang" in r.json()["detail"] and "maximaal 60" in r.json()["detail"]

    history = [{"role": "user", "content": "Wat is het fonds?"}, {"role": "assistant", "content": "Een fonds."}] * 2
    r = c.post("/api/ask", json={"question": INLEG, "history": history})
    assert r.status_code == 422
    assert "gesprek is te lang" in r.json()["detail"] and "maximaal 2" in r.json()["detail"]
    assert c.post("/api/ask", json={"question": INLEG, "history": history[:2]}).status_code == 200

    r = c.post("/api/ask", json={"question": "x" * 61, "stream": True})  # checked before the stream starts
    assert r.status_code == 422 and "maximaal 60" in r.json()["detail"]
    # /v1 clients send their whole conversation: the last turns up to the maximum count, not a 422
    r = c.post("/v1/chat/completions", json={"messages": [*history, {"role": "user", "content": INLEG}]})
    assert r.status_code == 200 and "5%" in r.json()["choices"][0]["message"]["content"]
    r = c.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "x" * 61}]})
    assert r.status_code == 422 and "maximaal 60" in r.json()["detail"]
    r = c.post("/api/search", json={"query": "z" * 61})
    assert r.status_code == 422 and "maximaal 60" in r.json()["detail"]
    r = c.post("/api/ask", json={"question": "   "})
    assert r.status_code == 422 and "leeg" in r.json()["detail"]


# --------------------------------------------------------------------------- errors and logging


class BrokenAssistant(Assistant):
    def search(self, query, k=10, source_ids=None):
        raise RuntimeError("geheime details in /srv/assistent/index.py regel 42")


def test_internal_error_is_a_generic_json_500(base, caplog):
    c = TestClient(create_app(base, BrokenAssistant(base)), raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="assistent.serve.api"):
        r = c.post("/api/search", json={"query": "fonds"})
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == {"detail": GENERIC_500}
    assert "Traceback" not in r.text and "geheime" not in r.text and ".py" not in r.text
    logged = "\n".join(rec.getMessage() + (rec.exc_text or "") for rec in caplog.records)
    assert "Onverwachte fout" in logged  # the details go to the server log instead
    assert any(rec.exc_info for rec in caplog.records)


def test_request_log_line_has_no_question_text_or_ip(base, assistant, caplog):
    c = make_client(base, assistant, api_keys=KEYS)
    with caplog.at_level(logging.INFO, logger="assistent.serve.api"):
        assert c.post("/api/ask", json={"question": INLEG}, headers=bearer(KEYS[0])).status_code == 200
        assert c.get("/api/sources").status_code == 401
    lines = [rec.getMessage() for rec in caplog.records if rec.name == "assistent.serve.api"]
    ask = next(line for line in lines if line.startswith("POST /api/ask 200 "))
    assert ask.endswith("ms key:" + ask.rsplit("key:", 1)[1]) and KEYS[0] not in ask
    assert any(line.startswith("GET /api/sources 401 ") and " ip:" in line for line in lines)
    for line in lines:
        assert "eigen inleg" not in line.lower() and "testclient" not in line
