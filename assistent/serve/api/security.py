"""Security of the web API: keys, the admin key, the rate limit, CORS/frame-ancestors and the middlewares.

API keys on /api/* and /v1/* (when configured), an admin key for the feedback export, a CORS allowlist,
a rate limit per key (else per IP address), a body-size limit, no stack traces to clients, and one log
line per request without question text or IP addresses.

Everything per app (settings, the rate limit) is read from ``request.app.state``: the routers are
module-level and shared by every app in the process.
"""
import functools
import hashlib
import hmac
import inspect
import logging
import math
import secrets
import time
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from limits import parse_many
from slowapi import Limiter
from starlette.middleware.cors import CORSMiddleware

from assistent.answer.assistant import QuestionError
from assistent.errors import IndexMissingError
from assistent.settings import Settings

log = logging.getLogger("assistent.serve.api")

API_PREFIXES = ("/api/", "/v1/")
GENERIC_500 = "Er ging aan onze kant iets mis. Probeer het later opnieuw."

# --------------------------------------------------------------------------- ids, keys and rate-limit keys

_IP_SALT = secrets.token_bytes(16)  # per process: an IP address hash cannot be reversed by trying all addresses


def hash_id(value: str, kind: str) -> str:
    """A short id for logs and rate-limit keys, never the key or IP address itself.

    Keys (long random secrets) get a stable hash, so a key's requests can be followed across workers and
    restarts; IP addresses get a salted one (HMAC with a per-process secret), which cannot be turned back
    into the address by hashing all 2^32 of them.
    """
    if kind == "ip":
        return hmac.new(_IP_SALT, value.encode(), hashlib.sha256).hexdigest()[:12]
    return hashlib.sha256(f"assistent:{kind}:{value}".encode()).hexdigest()[:12]


def matches(candidate: str | None, keys: list[str]) -> bool:
    """Whether candidate is one of keys, compared in constant time."""
    if not candidate:
        return False
    found = False
    for key in keys:  # compare with every key, so the time taken does not tell which one matched
        found |= hmac.compare_digest(candidate.encode(), key.encode())
    return found


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "onbekend"


def ip_key(request: Request) -> str:
    return f"ip:{hash_id(client_ip(request), 'ip')}"


def rate_key(request: Request) -> str:
    """The rate-limit key of a request: its API key's hash once require_key accepted it, else its IP's."""
    key_id = getattr(request.state, "key_id", None)
    return f"key:{key_id}" if key_id else ip_key(request)


# --------------------------------------------------------------------------- rate limit

_UNITS = {
    "second": ("seconde", "seconden"),
    "minute": ("minuut", "minuten"),
    "hour": ("uur", "uur"),
    "day": ("dag", "dagen"),
    "month": ("maand", "maanden"),
    "year": ("jaar", "jaar"),
}
_OFF = ("", "0", "none", "off", "geen")


def dutch_limit(item: Any) -> str:
    """'3 per 1 minute' → '3 per minuut'; '100 per 5 minute' → '100 per 5 minuten'."""
    one, many = _UNITS.get(item.GRANULARITY.name, (item.GRANULARITY.name, item.GRANULARITY.name))
    per = one if item.multiples == 1 else f"{item.multiples} {many}"
    return f"{item.amount} per {per}"


class RateLimit:
    """One budget (``settings.rate_limit``, e.g. "60/minute") per key or IP address, shared by all routes.

    The counts live in a slowapi Limiter's storage (memory, per worker process). Off when the text is
    empty, "0", "none", "off" or "geen".
    """

    SCOPE = "api"

    def __init__(self, text: str | None):
        text = (text or "").strip()
        self.enabled = text.lower() not in _OFF
        self.items: list[Any] = []
        if self.enabled:
            try:
                self.items = parse_many(text)
            except ValueError:
                raise ValueError(
                    f"Ongeldige rate_limit {text!r}: gebruik bijvoorbeeld '60/minute' of '1000/hour'"
                ) from None
        self.limiter = Limiter(key_func=rate_key, storage_uri="memory://", enabled=self.enabled, headers_enabled=False)

    def retry_after(self, item: Any, key: str) -> int:
        """Seconds until the window of item resets for key."""
        try:
            stats = self.limiter.limiter.get_window_stats(item, key, self.SCOPE)
            return max(1, math.ceil(stats.reset_time - time.time()))
        except Exception:  # noqa: BLE001 - only the hint is lost
            return int(item.get_expiry())

    @staticmethod
    def too_many(item: Any, retry: int) -> str:
        return (
            f"Te veel verzoeken: de limiet is {dutch_limit(item)} per sleutel of IP-adres. "
            f"Probeer het over {retry} s opnieuw."
        )

    def hit(self, key: str) -> None:
        """Count one request of key; 429 (with Retry-After) when that is one too many."""
        for item in self.items:
            if not self.limiter.limiter.hit(item, key, self.SCOPE):
                retry = self.retry_after(item, key)
                raise HTTPException(429, self.too_many(item, retry), headers={"Retry-After": str(retry)})


def rate_limited(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Count each call of a route against the app's RateLimit (``app.state.rate_limit``).

    A decorator, not a dependency: it runs once the key and the request body were accepted, just
    before the route itself, so a rejected request does not use up the budget (as slowapi's decorator
    did). The route must take ``request: Request``; sync routes stay sync (FastAPI runs them in a thread).
    """
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def limited_async(*args: Any, **kwargs: Any) -> Any:
            _count(kwargs["request"])
            return await endpoint(*args, **kwargs)

        return limited_async

    @functools.wraps(endpoint)
    def limited(*args: Any, **kwargs: Any) -> Any:
        _count(kwargs["request"])
        return endpoint(*args, **kwargs)

    return limited


def _count(request: Request) -> None:
    limit: RateLimit = request.app.state.rate_limit
    if limit.enabled:
        limit.hit(rate_key(request))


# --------------------------------------------------------------------------- key dependencies

bearer = HTTPBearer(auto_error=False, description="API-sleutel als bearer token")
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API-sleutel")
admin_key_header = APIKeyHeader(name="X-Admin-Key", auto_error=False, description="Beheerderssleutel")


def _failed_attempt(request: Request) -> None:
    """A request without a valid key counts against its IP address's budget (no free key guessing)."""
    request.app.state.rate_limit.hit(ip_key(request))


def require_key(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    x_api_key: Annotated[str | None, Depends(api_key_header)],
) -> None:
    """401 without one of settings.api_keys (or the admin key); open when no API keys are set."""
    settings: Settings = request.app.state.settings
    if not settings.api_keys:
        return
    key = (credentials.credentials if credentials else None) or x_api_key
    valid = [k for k in settings.api_keys if k] + ([settings.admin_key] if settings.admin_key else [])
    if not matches(key, valid):
        _failed_attempt(request)
        raise HTTPException(
            401,
            "Geen geldige API-sleutel. Stuur de sleutel mee als 'Authorization: Bearer <sleutel>' of 'X-API-Key'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    request.state.key_id = hash_id(key or "", "key")


def require_admin(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    x_admin_key: Annotated[str | None, Depends(admin_key_header)],
) -> None:
    """403 without the admin key; 404 when no admin key is set (the export is then off)."""
    settings: Settings = request.app.state.settings
    if not settings.admin_key:
        raise HTTPException(404, "De export is uitgeschakeld: er is geen beheerderssleutel ingesteld.")
    key = x_admin_key or (credentials.credentials if credentials else None)
    if not matches(key, [settings.admin_key]):
        _failed_attempt(request)
        raise HTTPException(
            403, "Alleen voor beheerders: stuur de beheerderssleutel mee als 'X-Admin-Key' of bearer token."
        )
    request.state.key_id = hash_id(key or "", "key")


KEYED = [Depends(require_key)]

# --------------------------------------------------------------------------- error responses


def json_error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with a one-line Dutch summary in detail and the pydantic errors (without input values)."""
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]
    where = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in errors[:5])
    return JSONResponse({"detail": f"Ongeldig verzoek: {where}", "errors": errors}, status_code=422)


async def on_question_error(request: Request, exc: QuestionError) -> JSONResponse:
    return json_error(422, str(exc))


async def on_index_missing(request: Request, exc: IndexMissingError) -> JSONResponse:
    return json_error(503, "Er is nog geen index: lees eerst de bronnen in (assistent ingest).")


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(QuestionError, on_question_error)  # type: ignore[arg-type]
    app.add_exception_handler(IndexMissingError, on_index_missing)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- ASGI middleware


class FrameAncestorsMiddleware:
    """Content-Security-Policy `frame-ancestors`: only this site and the listed partner sites may frame the pages."""

    def __init__(self, app: Any, ancestors: list[str]):
        self.app = app
        self.header = ("frame-ancestors 'self' " + " ".join(ancestors)).strip().encode("latin-1")

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def _send(message: dict) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"content-security-policy", self.header)]
            await send(message)

        await self.app(scope, receive, _send)


def requester_id(scope: dict) -> str:
    """'key:<hash>' for a request with an API key (bearer or X-API-Key), else 'ip:<salted hash>'."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    auth = headers.get("authorization", "")
    key = auth[7:].strip() if auth.lower().startswith("bearer ") else headers.get("x-api-key", "")
    client = scope.get("client")
    return f"key:{hash_id(key, 'key')}" if key else f"ip:{hash_id(client[0] if client else '-', 'ip')}"


class RequestLogMiddleware:
    """One line per request: method, path, status, duration and a hash of the key (else of the IP)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status = 500

        async def _send(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            ms = (time.perf_counter() - t0) * 1000
            log.info("%s %s %s %.1fms %s", scope.get("method"), scope.get("path"), status, ms, requester_id(scope))


class ErrorMiddleware:
    """Any unexpected exception becomes a generic JSON 500; the traceback goes to the log, never to the client."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def _send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, _send)
        except Exception:
            log.exception("Onverwachte fout bij %s %s", scope.get("method"), scope.get("path"))
            if started:  # the response is under way: the server can only break off the connection
                raise
            await json_error(500, GENERIC_500)(scope, receive, send)


class BodyLimitMiddleware:
    """413 for API requests whose body exceeds max_bytes: by Content-Length, or counted while it streams in."""

    def __init__(self, app: Any, max_bytes: int, prefixes: tuple[str, ...] = API_PREFIXES):
        self.app = app
        self.max_bytes = max_bytes
        self.prefixes = prefixes

    def _too_big(self, size: int | None = None) -> JSONResponse:
        got = f" ({size} bytes)" if size is not None else ""
        return json_error(413, f"Het verzoek is te groot{got}; maximaal {self.max_bytes} bytes.")

    def _declared_error(self, scope: dict) -> JSONResponse | None:
        """The response for a Content-Length that is invalid or too big, else None."""
        for name, value in scope.get("headers", []):
            if name.lower() == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    return json_error(400, "Ongeldige Content-Length.")
                if declared > self.max_bytes:
                    return self._too_big(declared)
        return None

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        error = self._declared_error(scope)
        if error is not None:
            await error(scope, receive, send)
            return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            total += len(body)
            if total > self.max_bytes:
                await self._too_big()(scope, receive, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)


def _replay(body: bytes, receive: Callable) -> Callable:
    """A receive() that gives the body read so far once, then passes on to the real receive()."""
    replayed = False

    async def replay() -> dict:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def add_middlewares(app: FastAPI, settings: Settings) -> None:
    """Body limit, error handling, CORS, frame-ancestors and the request log (the last added runs first)."""
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(ErrorMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key", "X-Admin-Key"],
            max_age=600,
        )
    if settings.frame_ancestors:
        app.add_middleware(FrameAncestorsMiddleware, ancestors=list(settings.frame_ancestors))
    app.add_middleware(RequestLogMiddleware)
