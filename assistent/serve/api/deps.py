"""What the /api and /v1 routers share: the app's assistant, settings and feedback store (FastAPI
dependencies on ``app.state``), the question limits, and running answers off the event loop."""
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request

from assistent.answer.assistant import Assistant, QuestionError
from assistent.answer.events import Fallback, Status
from assistent.models import Result, Turn
from assistent.serve.feedback import FeedbackStore
from assistent.settings import Settings

log = logging.getLogger("assistent.serve.api")

# Answering is CPU-bound Python: a few threads at a time keep the tail short (no GIL convoy of 40 threads).
_ANSWER_SLOTS = anyio.CapacityLimiter(4)


def app_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


def app_settings(request: Request) -> Settings:
    return request.app.state.settings


def app_feedback(request: Request) -> FeedbackStore:
    return request.app.state.feedback


AssistantDep = Annotated[Assistant, Depends(app_assistant)]
SettingsDep = Annotated[Settings, Depends(app_settings)]
FeedbackDep = Annotated[FeedbackStore, Depends(app_feedback)]


def check_length(settings: Settings, text: str, what: str) -> None:
    if len(text) > settings.max_question_chars:
        raise QuestionError(f"{what} is te lang ({len(text)} tekens; maximaal {settings.max_question_chars}).")


def check_question(assistant: Assistant, settings: Settings, question: str, history: list[Turn]) -> None:
    """The limits of these settings (the assistant checks its own again), before any work or streaming."""
    if not question.strip():
        raise QuestionError("De vraag is leeg.")
    check_length(settings, question, "De vraag")
    if len(history) > settings.max_history_turns:
        raise QuestionError(
            f"Het gesprek is te lang ({len(history)} beurten; maximaal {settings.max_history_turns})."
        )
    assistant.check_question(question, history)


async def run_answer(fn, *args):
    """Run a blocking answer call in a worker thread, at most _ANSWER_SLOTS at once."""
    return await anyio.to_thread.run_sync(lambda: fn(*args), limiter=_ANSWER_SLOTS)


_DONE = object()


async def _iterate_in_slots(stream: Iterator[Any]) -> AsyncIterator[Any]:
    """Each step of a blocking iterator in a worker thread, under the same _ANSWER_SLOTS as run_answer: a
    streamed answer takes a slot while it computes, so streamed and plain answers share one bound."""
    while True:
        item = await anyio.to_thread.run_sync(next, stream, _DONE, limiter=_ANSWER_SLOTS)
        if item is _DONE:
            return
        yield item


async def answer_stream(stream: Iterator[str | Status | Fallback | Result]) -> AsyncIterator[str | Status | Fallback | Result]:
    """The events of Assistant.ask_stream (run in worker threads under the answer slots), each passed on as soon as it comes.

    Text chunks add up to result.answer: after a Fallback the count starts again (the client drops what
    it showed), and a final Result whose answer goes beyond the chunks sends the rest as one last chunk.
    No chunk is held back: a guarded LLM sentence must reach the client the moment it passed.
    """
    sent = ""
    async for item in _iterate_in_slots(stream):
        if isinstance(item, Result):
            if item.answer.startswith(sent):
                tail = item.answer[len(sent):]
                if tail:
                    yield tail
            else:
                log.warning("Gestreamde tekst wijkt af van het eindantwoord")
            yield item
            return
        if isinstance(item, Fallback):
            sent = ""
        elif isinstance(item, str):
            sent += item
        yield item
