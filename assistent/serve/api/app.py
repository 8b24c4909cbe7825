"""create_app(): the one ASGI app, with the user interface on / (and /embed) and the API on /api and /v1.

The routes live in rest.py (/api) and openai.py (/v1), the keys, rate limit and middlewares in
security.py, the models in schemas.py. They find this app's settings, assistant, feedback store and
rate limit on ``app.state``.

Run it with `assistent serve` (uvicorn "assistent.serve.api.app:create_app", factory=True): every worker
process calls create_app() once, creates its own Assistant and warms it up at start-up; all workers read
the same index directory.
"""
import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from assistent.answer.assistant import Assistant
from assistent.errors import IndexMissingError
from assistent.fonds.source import API_DESCRIPTION
from assistent.serve.api import openai, rest
from assistent.serve.api.docs import add_local_docs
from assistent.serve.api.security import RateLimit, add_error_handlers, add_middlewares
from assistent.serve.feedback import open_feedback_store
from assistent.serve.ui import mount_ui
from assistent.settings import Settings, get_settings

log = logging.getLogger("assistent.serve.api")

TITLE = "Wooncoöperatie-assistent"
DESCRIPTION = (
    f"{API_DESCRIPTION} "
    "Elke bewering in een antwoord verwijst naar een genummerde passage. "
    "Sleutel (als ingesteld): `Authorization: Bearer <sleutel>` of `X-API-Key`."
)

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


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Warm the assistant up before the first request: the model, the index and the vector store."""
    assistant: Assistant = app.state.assistant
    t0 = time.perf_counter()
    settings: Settings = app.state.settings
    if assistant.llm is not None:  # is the model served? now, and then every minute
        await run_in_threadpool(assistant.llm.health.check)
        assistant.llm.health.start(app.state.settings.llm_health_interval_s, check_now=False)
    try:
        # queries that arrive together are embedded in one model call (README "Instellingen")
        batch = getattr(await run_in_threadpool(lambda: assistant.embeddings), "batch_queries", None)
        if batch is not None:
            batch(settings.embed_batch_wait_ms / 1000)
        await run_in_threadpool(assistant.warm_up)
        # One real search: it also opens the vector store, which is not safe to open from many request
        # threads at once (two first requests racing to open Chroma made one of them fail).
        await run_in_threadpool(assistant.search, "warm-up", 1)
        log.info("Klaar in %.1f s: index %s", time.perf_counter() - t0, assistant.index.generation)
    except IndexMissingError as exc:
        log.warning("Gestart zonder index: %s", exc)
    yield
    if assistant.llm is not None:
        assistant.llm.health.stop()


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    """The whole web app. Without arguments (uvicorn factory) it reads the settings from the environment."""
    settings = settings or get_settings()
    assistant = assistant or shared_assistant(settings)
    _setup_logging()
    logging.getLogger("uvicorn.access").disabled = True  # it logs client IP addresses in clear; we log our own line
    # an invalid limit, or a shared store that does not answer, stops here, before anything is served
    rate_limit = RateLimit(settings.rate_limit, settings.rate_limit_storage)
    if not settings.ui_public and not settings.api_keys:
        raise ValueError(
            "ASSISTENT_UI_PUBLIC=false vraagt om ASSISTENT_API_KEYS: de inlog van de gebruikersomgeving "
            "gebruikt die sleutels als wachtwoord."
        )

    # /docs and /redoc from local files (add_local_docs), not from a CDN
    app = FastAPI(title=TITLE, version="1.0", description=DESCRIPTION, lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.assistant = assistant
    app.state.feedback = open_feedback_store(settings)
    app.state.rate_limit = rate_limit
    app.state.backend = f"llm:{settings.llm_model}" if assistant.llm is not None else "extractive"
    app.state.created_at = int(time.time())

    add_error_handlers(app)
    app.include_router(rest.router)
    app.include_router(openai.router)
    add_local_docs(app)
    # The UI last: mounted at "/", it catches every path that is not registered before it.
    mount_ui(app, assistant, settings, feedback=app.state.feedback)
    add_middlewares(app, settings)
    _honest_openapi(app, settings)
    return app


def _honest_openapi(app: FastAPI, settings: Settings) -> None:
    """The limits of these settings in the OpenAPI document, so that it says what the server accepts."""
    plain = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = plain()
        models = schema.get("components", {}).get("schemas", {})

        def put(model: str, field: str, key: str, value: int) -> None:
            prop = models.get(model, {}).get("properties", {}).get(field)
            if prop is not None:
                prop[key] = value

        put("AskRequest", "question", "maxLength", settings.max_question_chars)
        put("AskRequest", "history", "maxItems", settings.max_history_turns)
        put("SearchRequest", "history", "maxItems", settings.max_history_turns)
        put("SearchRequest", "query", "maxLength", settings.max_question_chars)
        put("EligibilityRequest", "text", "maxLength", settings.max_question_chars)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
