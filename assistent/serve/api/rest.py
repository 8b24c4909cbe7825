"""The REST API under /api: ask, search, eligibility, sources, passages, feedback, export and health.

    POST /api/ask             question (+ history) → Result; stream=true → Server-Sent Events
    POST /api/search          query (+ history) → passages, those an answer is made from first, as it weighs them
    POST /api/eligibility     {text} or {facts} → the rules decision
    GET  /api/sources         which named sources are ingested and which are missing
    GET  /api/passages/{id}   one passage and its neighbours
    POST /api/feedback        thumbs up/down (+ comment), stored in <data_dir>/feedback.sqlite3
    GET  /api/feedback/export all feedback as CSV (admin key)
    GET  /api/health          status, index generation, passage count, backend, llm (no key needed)
"""
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from sse_starlette import EventSourceResponse

from assistent.answer.assistant import Assistant
from assistent.answer.events import Fallback, Status
from assistent.errors import AssistentError, IndexMissingError
from assistent.fonds.rules import Decision
from assistent.models import PassageHit, Result, Turn
from assistent.serve.api.deps import (
    AssistantDep,
    FeedbackDep,
    SettingsDep,
    answer_stream,
    check_length,
    check_question,
    run_answer,
)
from assistent.serve.api.schemas import (
    ERRORS_ANY,
    ERRORS_COMMON,
    SSE_API_DESCRIPTION,
    SSE_API_MEDIA,
    AskRequest,
    EligibilityRequest,
    ErrorBody,
    FeedbackRequest,
    FeedbackStored,
    Health,
    PassageResponse,
    SearchRequest,
    SearchResponse,
)
from assistent.models import SourceRow
from assistent.serve.api.security import GENERIC_500, KEYED, rate_limited, require_admin

log = logging.getLogger("assistent.serve.api")

router = APIRouter(prefix="/api")


@router.post(
    "/ask",
    response_model=Result,
    dependencies=KEYED,
    tags=["api"],
    summary="Stel een vraag",
    responses={200: {"content": SSE_API_MEDIA, "description": f"Het resultaatobject. {SSE_API_DESCRIPTION}"},
               **ERRORS_COMMON},
)
@rate_limited
async def api_ask(request: Request, body: AskRequest, assistant: AssistantDep, settings: SettingsDep) -> Any:
    history = [Turn(role=t.role, content=t.content) for t in body.history]
    check_question(assistant, settings, body.question, history)
    if not body.stream:
        return await run_answer(assistant.ask, body.question, history, body.source_ids)
    return EventSourceResponse(_ask_events(assistant, body, history))


async def _ask_events(assistant: Assistant, body: AskRequest, history: list[Turn]) -> AsyncIterator[dict[str, str]]:
    """SSE events of a streamed answer: chunk*, result, done; or error (a generic one for a bug).

    With an LLM: status ("het taalmodel formuleert…") before its first sentence; chunk per guarded sentence;
    fallback when a sentence failed: drop every chunk shown so far, the chunks after it are the answer.
    """
    try:
        stream = assistant.ask_stream(body.question, history, body.source_ids)
        async for item in answer_stream(stream):
            if isinstance(item, Result):
                yield {"event": "result", "data": item.model_dump_json()}
            elif isinstance(item, Status):
                yield {"event": "status", "data": json.dumps({"text": item.text}, ensure_ascii=False)}
            elif isinstance(item, Fallback):
                data = {"note": item.note, "reasons": item.reasons, "shown": item.shown}
                yield {"event": "fallback", "data": json.dumps(data, ensure_ascii=False)}
            else:
                yield {"event": "chunk", "data": json.dumps({"text": item}, ensure_ascii=False)}
        yield {"event": "done", "data": "{}"}
    except AssistentError as exc:
        yield {"event": "error", "data": json.dumps({"detail": str(exc)}, ensure_ascii=False)}
    except Exception:
        log.exception("Fout tijdens een gestreamd antwoord")
        yield {"event": "error", "data": json.dumps({"detail": GENERIC_500}, ensure_ascii=False)}


@router.post("/search", response_model=SearchResponse, dependencies=KEYED, tags=["api"],
             summary="Zoek passages", responses=ERRORS_COMMON)
@rate_limited
def api_search(request: Request, body: SearchRequest, assistant: AssistantDep, settings: SettingsDep) -> SearchResponse:
    check_length(settings, body.query, "De zoekvraag")
    history = [Turn(role=t.role, content=t.content) for t in body.history]
    check_question(assistant, settings, body.query, history)
    hits = assistant.search(body.query, body.k, body.source_ids, history)
    return SearchResponse(passages=[PassageHit.from_scored(sp) for sp in hits])


@router.post("/eligibility", response_model=Decision, dependencies=KEYED, tags=["api"],
             summary="Komt een initiatief in aanmerking voor het Fonds Coöperatief Wonen?", responses=ERRORS_COMMON)
@rate_limited
def api_eligibility(request: Request, body: EligibilityRequest, assistant: AssistantDep, settings: SettingsDep) -> Any:
    if body.text is not None:
        check_length(settings, body.text, "De beschrijving")
    decision = assistant.check(text=body.text, facts=body.facts)
    return decision.model_dump(mode="json")


@router.get("/sources", response_model=list[SourceRow], dependencies=KEYED, tags=["api"],
            summary="Welke bronnen zijn ingelezen", responses=ERRORS_COMMON)
@rate_limited
def api_sources(request: Request, settings: SettingsDep) -> Any:
    from assistent.ingest.status import source_status

    return source_status(settings)


@router.get("/passages/{passage_id}", response_model=PassageResponse, dependencies=KEYED, tags=["api"],
            summary="Eén passage met de passages eromheen",
            responses={404: {"model": ErrorBody}, **ERRORS_COMMON})
@rate_limited
def api_passage(
    request: Request,
    passage_id: Annotated[str, PathParam(max_length=300)],
    assistant: AssistantDep,
    n: Annotated[int, Query(ge=0, le=5, description="Aantal buren voor en na")] = 1,
) -> PassageResponse:
    index = assistant.index
    passage = index.get(passage_id)
    if passage is None:
        raise HTTPException(404, "Deze passage bestaat niet (meer) in de index.")
    around = [p for p in index.neighbours(passage_id, n) if p.id != passage_id]
    return PassageResponse(passage=passage, neighbours=around)


@router.post("/feedback", response_model=FeedbackStored, status_code=201, dependencies=KEYED, tags=["api"],
             summary="Geef feedback op een antwoord", responses=ERRORS_COMMON)
@rate_limited
def api_feedback(request: Request, body: FeedbackRequest, feedback: FeedbackDep) -> FeedbackStored:
    return FeedbackStored(**feedback.add(body.question, body.answer, body.rating, body.comment))


@router.get(
    "/feedback/export",
    dependencies=[Depends(require_admin)],
    tags=["beheer"],
    summary="Alle feedback als CSV (beheerderssleutel)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
               403: {"model": ErrorBody}, 404: {"model": ErrorBody}, 429: {"model": ErrorBody}, **ERRORS_ANY},
)
@rate_limited
def api_feedback_export(request: Request, feedback: FeedbackDep) -> Response:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return Response(
        feedback.export_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="feedback-{stamp}.csv"'},
    )


@router.get("/health", response_model=Health, tags=["api"], summary="Status (zonder sleutel)", responses=ERRORS_ANY)
def api_health(request: Request, assistant: AssistantDep, settings: SettingsDep) -> Health:
    """`llm` is the last check of the LLM server (GET <base_url>/models, at start-up and every minute):
    ok, down, model not served or unknown; `backend` names the LLM only while it is ok."""
    llm = assistant.llm.health if assistant.llm is not None else None
    backend = "extractive" if llm is None else (
        f"llm:{llm.model}" if llm.status == "ok" else f"extractive (taalmodel: {llm.status})"
    )
    extra: dict[str, Any] = {}
    if llm is not None:
        extra = {"llm": llm.status, "llm_detail": llm.detail or None}
    try:
        index = assistant.index
    except IndexMissingError:
        return Health(status="geen index", ready=False, backend=backend, embedding=settings.passages_label, **extra)
    return Health(
        status="ok", ready=True, generation=index.generation, passages=len(index.passages),
        backend=backend, embedding=settings.passages_label, **extra,
    )
