"""The OpenAI-compatible API under /v1: POST /v1/chat/completions (streaming and not) and GET /v1/models.

The answer text is render_text(result, with_passages=False): the answer with its numbered sources list
(document, section, paragraph, page, date), each passage once: its full text is in ``citations``. Besides
the usual fields, a completion carries ``citations`` and ``assistent`` (refused, false_premise, rules, backend).
"""
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from sse_starlette import EventSourceResponse

from assistent.answer.assistant import Assistant, QuestionError
from assistent.answer.render import render_text
from assistent.errors import AssistentError
from assistent.models import Result, Turn
from assistent.answer.events import Fallback, Status
from assistent.serve.api.deps import AssistantDep, SettingsDep, answer_stream, check_question, run_answer
from assistent.serve.api.schemas import (
    ERRORS_COMMON,
    MODEL_ID,
    SSE_V1_MEDIA,
    SSE_V1_DESCRIPTION,
    AssistentInfo,
    ChatCompletion,
    ChatCompletionRequest,
    ModelCard,
    ModelList,
    Usage,
)
from assistent.serve.api.security import GENERIC_500, KEYED, rate_limited

log = logging.getLogger("assistent.serve.api")

router = APIRouter(prefix="/v1", tags=["openai"])


def _usage(prompt: str, completion: str) -> Usage:
    p, c = len(prompt.split()), len(completion.split())
    return Usage(prompt_tokens=p, completion_tokens=c, total_tokens=p + c)


def _strip_sources(content: str) -> str:
    """An earlier answer of ours, as history: the answer without the sources list render_text added."""
    for marker in ("\n\nBronnen:\n", "\n\nSources:\n"):
        if marker in content:
            return content.split(marker, 1)[0]
    return content


def _question_and_history(body: ChatCompletionRequest, max_turns: int) -> tuple[str, list[Turn]]:
    """The last user message with text is the question; the user and assistant messages before it the
    history (its last max_turns turns). Messages of other roles (system, tool …) are not used."""
    turns = [(m.role, m.text()) for m in body.messages if m.role in ("user", "assistant")]
    last_user = max((i for i, (role, text) in enumerate(turns) if role == "user" and text.strip()), default=None)
    if last_user is None:
        raise QuestionError("Geen vraag: stuur minstens één bericht met role 'user' en tekst.")
    history = [
        Turn(role=role, content=_strip_sources(text) if role == "assistant" else text)
        for role, text in turns[:last_user]
    ]
    return turns[last_user][1], history[-max_turns:] if max_turns > 0 else []


def _extras(result: Result) -> dict[str, Any]:
    """Our fields on top of OpenAI's: the citations and what kind of answer it was."""
    return {
        "citations": [c.model_dump() for c in result.citations],
        "assistent": AssistentInfo(
            refused=result.refused, false_premise=result.false_premise, rules=result.rules,
            backend=result.backend,
        ).model_dump(),
    }


@router.get("/models", response_model=ModelList, dependencies=KEYED, responses=ERRORS_COMMON)
@rate_limited
def v1_models(request: Request) -> ModelList:
    created = request.app.state.created_at
    return ModelList(data=[ModelCard(id=MODEL_ID, created=created, owned_by="wooncooperatie-assistent")])


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    dependencies=KEYED,
    summary="OpenAI-compatibele chat (het antwoord met genummerde bronnen)",
    responses={200: {"content": SSE_V1_MEDIA, "description": f"Een chat.completion. {SSE_V1_DESCRIPTION}"},
               **ERRORS_COMMON},
)
@rate_limited
async def v1_chat_completions(
    request: Request, body: ChatCompletionRequest, assistant: AssistantDep, settings: SettingsDep
) -> Any:
    question, history = _question_and_history(body, settings.max_history_turns)
    check_question(assistant, settings, question, history)
    chat = _Chat(f"chatcmpl-{uuid.uuid4().hex}", int(time.time()), question)
    if not body.stream:
        return chat.completion(await run_answer(assistant.ask, question, history))
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    return EventSourceResponse(chat.events(assistant, history, include_usage))


class _Chat:
    """One chat completion: its id and time, and the response as one object or as SSE chunks."""

    def __init__(self, cid: str, created: int, question: str):
        self.cid = cid
        self.created = created
        self.question = question

    def _head(self, kind: str) -> dict[str, Any]:
        return {"id": self.cid, "object": kind, "created": self.created, "model": MODEL_ID}

    def completion(self, result: Result) -> dict[str, Any]:
        content = render_text(result, with_passages=False)
        return {
            **self._head("chat.completion"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "stop", "logprobs": None}],
            "usage": _usage(self.question, content).model_dump(),
            **_extras(result),
        }

    def chunk(self, delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, str]:
        data = {
            **self._head("chat.completion.chunk"),
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra,
        }
        return {"data": json.dumps(data, ensure_ascii=False)}

    def _final(self, result: Result, include_usage: bool) -> list[dict[str, str]]:
        """The chunks after the answer text: the sources list, the stop chunk and (if asked) the usage."""
        full = render_text(result, with_passages=False)
        tail = full[len(result.answer):]
        out = [self.chunk({"content": tail})] if tail else []
        out.append(self.chunk({}, "stop", **_extras(result)))
        if include_usage:
            data = {**self._head("chat.completion.chunk"), "choices": [],
                    "usage": _usage(self.question, full).model_dump()}
            out.append({"data": json.dumps(data, ensure_ascii=False)})
        return out

    async def events(
        self, assistant: Assistant, history: list[Turn], include_usage: bool
    ) -> AsyncIterator[dict[str, str]]:
        """SSE chunks: the role, the answer text as it comes, the sources list and stop; then [DONE]."""
        try:
            yield self.chunk({"role": "assistant", "content": ""})
            async for item in answer_stream(assistant.ask_stream(self.question, history)):
                if isinstance(item, Result):
                    for event in self._final(item, include_usage):
                        yield event
                elif isinstance(item, Fallback):
                    # an OpenAI client cannot take text back: say so in the text, then the answer from the sources
                    if item.shown:
                        yield self.chunk({"content": f"\n\n({item.note})\n\n"})
                elif isinstance(item, Status):
                    continue
                else:
                    yield self.chunk({"content": item})
        except AssistentError as exc:
            yield {"data": json.dumps({"error": {"message": str(exc), "type": "invalid_request_error"}},
                                      ensure_ascii=False)}
        except Exception:
            log.exception("Fout tijdens een gestreamd chat-antwoord")
            yield {"data": json.dumps({"error": {"message": GENERIC_500, "type": "server_error"}})}
        yield {"data": "[DONE]"}
