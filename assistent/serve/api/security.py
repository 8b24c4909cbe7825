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

import anyio
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from limits import parse_many
from slowapi import Limiter
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from assistent.answer.assistant import QuestionError
from assistent.errors import IndexMissingError
from assistent.serve.api.schemas import NOT_BLANK
from assistent.settings import Settings

log = logging.getLogger("assistent.serve.api")

API_PREFIXES = ("/api/", "/v1/")
GENERIC_500 = "Er ging aan onze kant iets mis. Probeer het later opnieuw."

# --------------------------------------------------------------------------- ids, keys and rate-limit keys

# Per process by default: an IP address hash cannot be reversed by trying all addresses. With a shared rate-limit
# store every worker and host must hash an address the same way: RateLimit then takes the salt from that store.
_IP_SALT = secrets.token_bytes(16)


def set_ip_salt(salt: bytes) -> None:
    global _IP_SALT
    _IP_SALT = salt


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


MEMORY = "memory://"
SALT_KEY = "assistent:ip-salt"


def shared_ip_salt(storage_uri: str) -> bytes:
    """One random salt for IP hashes, kept in the Redis of the rate limit (the first worker sets it)."""
    import redis

    client = redis.Redis.from_url(storage_uri, socket_timeout=5)
    try:
        client.set(SALT_KEY, secrets.token_hex(16), nx=True)
        return bytes(client.get(SALT_KEY) or b"")
    finally:
        client.close()


class RateLimitStoreError(RuntimeError):
    """The shared store of the rate limit could not be reached."""


class RateLimit:
    """One budget (``settings.rate_limit``, e.g. "60/minute") per key or IP address, shared by all routes.

    The counts live in a slowapi Limiter's storage: the memory of this process (``storage`` empty), or a
    shared store such as ``redis://host:6379/0`` that all workers and hosts count in together. The window
    moves (limits' moving-window strategy): in any 60 s a client gets at most the limit, also across the
    edge of a clock minute. Off when the text is empty, "0", "none", "off" or "geen".
    """

    SCOPE = "api"

    def __init__(self, text: str | None, storage: str | None = None):
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
        self.storage = (storage or "").strip() or MEMORY
        self.shared = self.storage != MEMORY
        try:
            self.limiter = Limiter(
                key_func=rate_key, storage_uri=self.storage, strategy="moving-window",
                enabled=self.enabled, headers_enabled=False,
            )
            if self.enabled and self.shared:
                if not self.limiter.limiter.storage.check():
                    raise RateLimitStoreError(
                        f"De opslag van de rate limit ({_redact(self.storage)}) antwoordt niet."
                    )
                if self.storage.startswith(("redis://", "rediss://", "unix://")):
                    set_ip_salt(shared_ip_salt(self.storage))
        except RateLimitStoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - a wrong URI or a missing driver: say which setting
            raise RateLimitStoreError(
                f"De opslag van de rate limit ({_redact(self.storage)}) werkt niet: {exc}"
            ) from exc

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
        """Count one request of key; 429 (with Retry-After) when that is one too many.

        503 when the shared store does not answer: without it nobody can tell whether the limit is reached.
        """
        for item in self.items:
            try:
                allowed = self.limiter.limiter.hit(item, key, self.SCOPE)
            except Exception:  # noqa: BLE001 - e.g. Redis is down
                log.exception("De opslag van de rate limit antwoordt niet")
                raise HTTPException(
                    503, "De teller van de limiet is nu niet bereikbaar. Probeer het over een minuut opnieuw.",
                    headers={"Retry-After": "60"},
                ) from None
            if not allowed:
                retry = self.retry_after(item, key)
                raise HTTPException(429, self.too_many(item, retry), headers={"Retry-After": str(retry)})


def _redact(uri: str) -> str:
    """The storage URI without a password."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(uri)
    except ValueError:
        return "?"
    if parts.password:
        return uri.replace(f":{parts.password}@", ":***@")
    return uri


def check_workers(settings: Settings, workers: int) -> None:
    """Refuse several workers that would each keep their own count (every client would get N × the limit)."""
    if workers > 1 and RateLimit(settings.rate_limit).enabled and not (settings.rate_limit_storage or "").strip():
        raise ValueError(
            f"Met {workers} workers telt elke worker de rate limit apart: een client krijgt dan {workers} keer "
            "de limiet. Zet ASSISTENT_RATE_LIMIT_STORAGE op een gedeelde opslag (bijvoorbeeld "
            "redis://127.0.0.1:6379/0), of start met één worker."
        )


def rate_limited(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Count each call of a route against the app's RateLimit (``app.state.rate_limit``).

    A decorator, not a dependency: it runs once the key and the request body were accepted, just
    before the route itself, so a rejected request does not use up the budget (as slowapi's decorator
    did). The route must take ``request: Request``; sync routes stay sync (FastAPI runs them in a thread).
    """
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def limited_async(*args: Any, **kwargs: Any) -> Any:
            request = kwargs["request"]
            if request.app.state.rate_limit.shared:  # a round trip to Redis: not on the event loop
                await anyio.to_thread.run_sync(_count, request)
            else:
                _count(request)
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

# Each scheme its own name in the OpenAPI document (two APIKeyHeader's under one default name overwrote each other,
# so the document did not say that the export takes X-Admin-Key).
bearer = HTTPBearer(auto_error=False, scheme_name="Bearer", description="API-sleutel (of op de export: de beheerderssleutel) als bearer token")
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKey", description="API-sleutel")
admin_key_header = APIKeyHeader(name="X-Admin-Key", auto_error=False, scheme_name="AdminKey", description="Beheerderssleutel")


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


def ui_login(settings: Settings) -> dict[str, Any]:
    """Options for gradio.mount_gradio_app: a login when the UI is not public (any name, an API key as password)."""
    if settings.ui_public or not settings.api_keys:
        return {}
    keys = [k for k in settings.api_keys if k]

    def check(_username: str, password: str) -> bool:
        return matches(password, keys)

    return {
        "auth": check,
        "auth_message": "Deze assistent is alleen voor deelnemers. Log in met uw naam en de sleutel die u kreeg.",
    }

# --------------------------------------------------------------------------- error responses


def json_error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _dutch_msg(error: dict) -> str:
    """pydantic's message, or a plain Dutch one where the English one would puzzle a reader."""
    kind = str(error.get("type", ""))
    if kind == "string_pattern_mismatch" and (error.get("ctx") or {}).get("pattern") == NOT_BLANK:
        return "mag niet leeg zijn (alleen spaties telt ook als leeg)"
    if kind == "bool_type":
        return "moet true of false zijn"
    return str(error.get("msg", ""))


async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with a one-line Dutch summary in detail and the pydantic errors (without input values)."""
    errors = [
        {"loc": list(e.get("loc", ())), "msg": _dutch_msg(e), "type": str(e.get("type", ""))}
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


ABORTED = "afgebroken"


class RequestLogMiddleware:
    """One line per request: method, path, status, duration and a hash of the key (else of the IP).

    A request whose client left before any response was sent is logged as "afgebroken", not as a status.
    """

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status: int | str = ABORTED  # no response was started: the client went away first (or was cut off)

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
        except ClientDisconnect:  # the client left while its body was read: nobody to answer
            return
        except Exception:
            log.exception("Onverwachte fout bij %s %s", scope.get("method"), scope.get("path"))
            if started:  # the response is under way: the server can only break off the connection
                raise
            await json_error(500, GENERIC_500)(scope, receive, send)


class BodyMiddleware:
    """Read the whole request body first, within timeout_s (408 otherwise); 413 for API bodies over max_bytes.

    A client that sends its body slowly, or never finishes it, holds a connection for at most timeout_s
    (uvicorn has a keep-alive timeout but none for a body). API bodies are also limited in size: by
    Content-Length, or counted while they stream in. A client that leaves during the body gets no answer
    (the request log says "afgebroken").
    """

    def __init__(self, app: Any, max_bytes: int, timeout_s: float = 5.0, prefixes: tuple[str, ...] = API_PREFIXES):
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s
        self.prefixes = prefixes

    def _too_big(self, size: int | None = None) -> JSONResponse:
        got = f" ({size} bytes)" if size is not None else ""
        return json_error(413, f"Het verzoek is te groot{got}; maximaal {self.max_bytes} bytes.")

    def _too_slow(self) -> JSONResponse:
        return json_error(
            408, f"Het verzoek kwam niet binnen {self.timeout_s:g} s helemaal binnen. Probeer het opnieuw.",
            headers={"Connection": "close"},
        )

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
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limited = scope["path"].startswith(self.prefixes)
        if limited:
            error = self._declared_error(scope)
            if error is not None:
                await error(scope, receive, send)
                return
        chunks: list[bytes] = []
        total = 0
        with anyio.move_on_after(self.timeout_s) as deadline:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body = message.get("body", b"")
                total += len(body)
                if limited and total > self.max_bytes:
                    await self._too_big()(scope, receive, send)
                    return
                chunks.append(body)
                if not message.get("more_body", False):
                    break
        if deadline.cancelled_caught:
            await self._too_slow()(scope, receive, send)
            return
        await self.app(scope, _replay(b"".join(chunks), receive), send)


# the old name
BodyLimitMiddleware = BodyMiddleware


class UiLimitMiddleware:
    """The rate limit on the web UI: each question (or check) the UI sends to Gradio's queue counts against
    the same budget as a call of /api or /v1, per IP address; so does each login attempt.

    The UI's answering functions only run through the queue (Gradio refuses direct calls of queued
    functions), so counting POST .../gradio_api/queue/join (and .../gradio_api/call/...) covers them. The
    browser shows the 429's detail as the error of that question.
    """

    def __init__(self, app: Any):
        self.app = app

    @staticmethod
    def counts(scope: dict) -> bool:
        path: str = scope.get("path", "")
        if scope.get("method") != "POST" or path.startswith(API_PREFIXES):
            return False
        return (
            path.endswith("/gradio_api/queue/join")
            or "/gradio_api/call/" in path
            or path.rstrip("/").endswith("/login")
        )

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "http" and self.counts(scope):
            limit: RateLimit = scope["app"].state.rate_limit
            if limit.enabled:
                client = scope.get("client")
                key = f"ip:{hash_id(client[0] if client else 'onbekend', 'ip')}"
                try:
                    await anyio.to_thread.run_sync(limit.hit, key)
                except HTTPException as exc:
                    await json_error(exc.status_code, str(exc.detail), headers=exc.headers)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


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


class MethodMiddleware:
    """405 (with Allow) for a method that an /api or /v1 path does not have.

    Without it such a request fell through to the UI mounted at "/", which answered 404.
    """

    def __init__(self, app: Any, prefixes: tuple[str, ...] = API_PREFIXES):
        self.app = app
        self.prefixes = prefixes

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefixes):
            allowed: set[str] = set()
            full = False
            for route in _method_routes(scope["app"].router.routes):
                match, _ = route.matches(scope)
                if match == Match.FULL:
                    full = True
                    break
                if match == Match.PARTIAL:
                    allowed |= set(route.methods)
            if not full and allowed:
                allow = ", ".join(sorted(allowed))
                response = json_error(
                    405, f"De methode {scope.get('method')} bestaat niet op dit pad; wel: {allow}.",
                    headers={"Allow": allow},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _method_routes(routes: list[Any]) -> list[Any]:
    """The routes with methods, included routers opened up (FastAPI ≥ 0.16x keeps them as one entry)."""
    out: list[Any] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            out.extend(_method_routes(inner.routes))
        elif getattr(route, "methods", None) is not None:  # mounts (the UI) do not count here
            out.append(route)
    return out


def add_middlewares(app: FastAPI, settings: Settings) -> None:
    """UI rate limit, body (time and size), error handling, CORS, frame-ancestors and the request log (the
    last added runs first)."""
    app.add_middleware(MethodMiddleware)
    app.add_middleware(UiLimitMiddleware)
    app.add_middleware(BodyMiddleware, max_bytes=settings.max_body_bytes, timeout_s=settings.body_timeout_s)
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
