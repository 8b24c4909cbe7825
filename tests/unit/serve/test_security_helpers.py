"""The API's security pieces on their own: key matching, ids for logs and rate limits, the Dutch rate
limit, the rate-limit decorator and the middlewares (body limit, errors, request log, frame-ancestors)."""
from __future__ import annotations

import hashlib
import inspect
import logging

import pytest
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.testclient import TestClient
from limits import parse, parse_many
from pydantic import BaseModel

from assistent.serve.api.security import (
    GENERIC_500,
    BodyLimitMiddleware,
    ErrorMiddleware,
    FrameAncestorsMiddleware,
    RateLimit,
    RequestLogMiddleware,
    dutch_limit,
    hash_id,
    matches,
    rate_key,
    rate_limited,
    requester_id,
)


def request(client: tuple[str, int] | None = ("203.0.113.7", 5000), key_id: str | None = None) -> Request:
    req = Request({"type": "http", "method": "GET", "path": "/api/x", "headers": [], "client": client})
    if key_id:
        req.state.key_id = key_id
    return req


# --------------------------------------------------------------------------- keys and ids


def test_matches_only_a_whole_key_of_the_list():
    keys = ["sleutel-een", "sleutel-twee"]
    assert matches("sleutel-twee", keys)
    assert not matches("sleutel", keys)  # a prefix is not the key
    assert not matches("sleutel-een ", keys)
    assert not matches("SLEUTEL-EEN", keys)
    assert not matches(None, keys) and not matches("", keys)
    assert not matches("sleutel-een", [])


def test_hash_id_of_a_key_is_short_stable_and_not_the_key():
    a = hash_id("geheime-sleutel", "key")
    assert a == hash_id("geheime-sleutel", "key") and len(a) == 12 and int(a, 16) >= 0
    assert "geheim" not in a
    assert a != hash_id("geheime-sleutel2", "key")
    assert a == hashlib.sha256(b"assistent:key:geheime-sleutel").hexdigest()[:12]  # same in every worker


def test_hash_id_of_an_ip_address_is_salted():
    ip = "203.0.113.7"
    h = hash_id(ip, "ip")
    assert h == hash_id(ip, "ip") and len(h) == 12
    # not the unsalted hash anyone could compute for all 2^32 addresses
    assert h != hashlib.sha256(f"assistent:ip:{ip}".encode()).hexdigest()[:12]
    assert h != hashlib.sha256(ip.encode()).hexdigest()[:12]


def test_rate_key_is_the_accepted_key_else_the_hashed_ip():
    assert rate_key(request(key_id="abc123")) == "key:abc123"
    assert rate_key(request()) == f"ip:{hash_id('203.0.113.7', 'ip')}"
    assert rate_key(request(client=None)) == f"ip:{hash_id('onbekend', 'ip')}"


def test_requester_id_for_the_log_hashes_bearer_or_x_api_key_else_the_ip():
    def scope(*headers):
        return {"headers": [(k.encode(), v.encode()) for k, v in headers], "client": ("198.51.100.1", 1)}

    assert requester_id(scope(("Authorization", "Bearer  k1 "))) == f"key:{hash_id('k1', 'key')}"
    assert requester_id(scope(("X-API-Key", "k2"))) == f"key:{hash_id('k2', 'key')}"
    assert requester_id(scope(("Authorization", "Basic xyz"))) == f"ip:{hash_id('198.51.100.1', 'ip')}"


# --------------------------------------------------------------------------- the rate limit


@pytest.mark.parametrize(
    "text,dutch",
    [
        ("3/minute", "3 per minuut"),
        ("100 per 5 minutes", "100 per 5 minuten"),
        ("1/second", "1 per seconde"),
        ("10 per 2 seconds", "10 per 2 seconden"),
        ("1000/hour", "1000 per uur"),
        ("5 per 3 hours", "5 per 3 uur"),
        ("2/day", "2 per dag"),
        ("7 per 2 months", "7 per 2 maanden"),
        ("1/year", "1 per jaar"),
    ],
)
def test_dutch_limit(text, dutch):
    assert dutch_limit(parse(text)) == dutch


@pytest.mark.parametrize("text", [None, "", "  ", "0", "none", "OFF", "geen"])
def test_rate_limit_off(text):
    limit = RateLimit(text)
    assert not limit.enabled and limit.items == []
    for _ in range(5):
        limit.hit("ip:x")  # never 429


def test_an_invalid_rate_limit_is_refused_with_an_example():
    with pytest.raises(ValueError, match="60/minute"):
        RateLimit("veel")


def test_rate_limit_counts_per_key_and_says_when_to_retry():
    limit = RateLimit("2/minute;5/hour")
    assert limit.items == parse_many("2/minute;5/hour")
    limit.hit("key:a")
    limit.hit("key:a")
    with pytest.raises(HTTPException) as info:
        limit.hit("key:a")
    assert info.value.status_code == 429
    assert info.value.detail.startswith("Te veel verzoeken: de limiet is 2 per minuut per sleutel of IP-adres.")
    retry = int(info.value.headers["Retry-After"])
    assert 1 <= retry <= 60 and f"over {retry} s" in info.value.detail
    limit.hit("key:b")  # another key has its own budget


# --------------------------------------------------------------------------- the decorator


class Body(BaseModel):
    n: int


def accept_key(request: Request) -> None:
    """Stands in for require_key: an accepted key leaves its id on the request."""
    if "x-key" in request.headers:
        request.state.key_id = request.headers["x-key"]


def limited_app(rate: str) -> TestClient:
    app = FastAPI()
    app.state.rate_limit = RateLimit(rate)

    @app.post("/sync")
    @rate_limited
    def sync_route(request: Request, body: Body) -> dict:
        return {"n": body.n}

    @app.get("/async", dependencies=[Depends(accept_key)])
    @rate_limited
    async def async_route(request: Request) -> dict:
        return {"ok": True}

    return TestClient(app)


def test_rate_limited_keeps_sync_routes_sync_and_the_signature_fastapi_reads():
    def route(request: Request, body: Body) -> dict:
        return {}

    async def aroute(request: Request) -> dict:
        return {}

    assert not inspect.iscoroutinefunction(rate_limited(route))  # FastAPI runs it in a thread, as before
    assert inspect.iscoroutinefunction(rate_limited(aroute))
    assert inspect.signature(rate_limited(route)) == inspect.signature(route)


def test_rate_limited_routes_share_one_budget_and_a_rejected_body_uses_none_of_it():
    c = limited_app("3/minute")
    assert c.post("/sync", json={"n": "geen getal"}).status_code == 422  # refused before the limit is counted
    assert c.post("/sync", json={"n": 1}).json() == {"n": 1}
    assert c.get("/async").status_code == 200
    assert c.post("/sync", json={"n": 2}).status_code == 200
    r = c.get("/async")
    assert r.status_code == 429 and "3 per minuut" in r.json()["detail"] and "retry-after" in r.headers


def test_rate_limited_counts_per_accepted_key_apart_from_the_ip_address():
    c = limited_app("2/minute")
    assert [c.get("/async", headers={"x-key": "a"}).status_code for _ in range(3)] == [200, 200, 429]
    assert [c.get("/async", headers={"x-key": "b"}).status_code for _ in range(2)] == [200, 200]
    assert [c.get("/async").status_code for _ in range(3)] == [200, 200, 429]


def test_rate_limited_does_nothing_when_the_limit_is_off():
    c = limited_app("off")
    assert all(c.get("/async").status_code == 200 for _ in range(10))


# --------------------------------------------------------------------------- middlewares


def echo_app(max_bytes: int = 10) -> TestClient:
    app = FastAPI()

    @app.post("/api/echo")
    async def echo(request: Request) -> dict:
        return {"body": (await request.body()).decode()}

    @app.post("/elders")
    async def elsewhere(request: Request) -> dict:
        return {"size": len(await request.body())}

    app.add_middleware(BodyLimitMiddleware, max_bytes=max_bytes)
    return TestClient(app)


def test_body_limit_passes_a_small_body_on_intact_and_refuses_a_big_one():
    c = echo_app(10)
    assert c.post("/api/echo", content=b"0123456789").json() == {"body": "0123456789"}
    r = c.post("/api/echo", content=b"0123456789A")
    assert r.status_code == 413 and r.json() == {"detail": "Het verzoek is te groot (11 bytes); maximaal 10 bytes."}
    assert c.post("/elders", content=b"x" * 100).json() == {"size": 100}  # only /api/ and /v1/ are limited


def test_body_limit_counts_a_streamed_body_without_content_length():
    c = echo_app(10)
    r = c.post("/api/echo", content=iter([b"01234", b"56789", b"X"]))
    assert r.status_code == 413 and r.json()["detail"] == "Het verzoek is te groot; maximaal 10 bytes."
    assert c.post("/api/echo", content=iter([b"01234", b"5678"])).json() == {"body": "012345678"}


def test_body_limit_refuses_an_invalid_content_length():
    c = echo_app(10)
    r = c.post("/api/echo", content=b"1", headers={"Content-Length": "veel"})
    assert r.status_code == 400 and r.json() == {"detail": "Ongeldige Content-Length."}


def test_error_middleware_gives_a_generic_json_500_and_logs_the_details(caplog):
    app = FastAPI()

    @app.get("/api/stuk")
    def broken() -> None:
        raise RuntimeError("geheim pad /srv/x.py")

    app.add_middleware(ErrorMiddleware)
    with caplog.at_level(logging.ERROR, logger="assistent.serve.api"):
        r = TestClient(app, raise_server_exceptions=False).get("/api/stuk")
    assert r.status_code == 500 and r.json() == {"detail": GENERIC_500}
    assert "geheim" not in r.text
    assert "Onverwachte fout bij GET /api/stuk" in caplog.text and "geheim pad" in caplog.text


def test_request_log_and_frame_ancestors(caplog):
    app = FastAPI()

    @app.get("/api/ok")
    def ok() -> dict:
        return {}

    app.add_middleware(FrameAncestorsMiddleware, ancestors=["https://partner.example"])
    app.add_middleware(RequestLogMiddleware)
    with caplog.at_level(logging.INFO, logger="assistent.serve.api"):
        r = TestClient(app).get("/api/ok?vraag=geheim", headers={"X-API-Key": "k"})
    assert r.headers["content-security-policy"] == "frame-ancestors 'self' https://partner.example"
    lines = [rec.getMessage() for rec in caplog.records if rec.name == "assistent.serve.api"]
    assert len(lines) == 1
    method, path, status, ms, who = lines[0].split(" ")
    assert (method, path, status, who) == ("GET", "/api/ok", "200", f"key:{hash_id('k', 'key')}")
    assert ms.endswith("ms") and "geheim" not in lines[0]


# --------------------------------------------------------------------------- several workers


def test_several_workers_need_a_shared_store_unless_the_limit_is_off():
    from assistent.serve.api.security import check_workers
    from assistent.settings import Settings

    check_workers(Settings(rate_limit="60/minute"), 1)
    check_workers(Settings(rate_limit="off"), 4)
    check_workers(Settings(rate_limit="60/minute", rate_limit_storage="redis://127.0.0.1:6379/0"), 4)
    with pytest.raises(ValueError, match="ASSISTENT_RATE_LIMIT_STORAGE") as info:
        check_workers(Settings(rate_limit="60/minute"), 2)
    assert "2 keer de limiet" in str(info.value)


def test_the_window_moves_so_a_burst_across_a_minute_edge_gets_no_double_budget():
    limit = RateLimit("3/minute")
    from limits.strategies import MovingWindowRateLimiter

    assert isinstance(limit.limiter.limiter, MovingWindowRateLimiter)
    for _ in range(3):
        limit.hit("ip:y")
    with pytest.raises(HTTPException):
        limit.hit("ip:y")
