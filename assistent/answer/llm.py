"""Optional LLM rephrasing: an OpenAI-compatible server (Ollama, vLLM, llama.cpp) rewrites the
evidence-first draft in plain language, sentence by sentence under the guard.

The LLM never decides anything: it gets the numbered passages the draft cites and the draft itself,
and may only say again what they say. Its reply is cut into sentences as it streams in; each sentence
is released to the caller only after it passed the guard (`guard.SentenceGuard`). The first sentence
that fails ends the reply, and every failure (server down, deadline, bad sentence) becomes an
outcome with passed=False, so the caller falls back to the extractive answer.

One deadline covers the whole answer: connecting, a retry, the first token, stalls between tokens
and a stall after the last one. httpx's timeouts are per operation (a read timeout starts again with
every chunk), so the reply is read in a worker thread and the caller waits on a queue with the time
that is left; at the deadline the worker is told to stop and its connection is closed.
"""
from __future__ import annotations

import logging
import queue
from contextlib import closing
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import openai

from assistent.answer.extractive import Draft
from assistent.answer.guard import SentenceGuard, SentenceStream, reason_kind
from assistent.answer.prompt import LANGUAGE_LINE, STOP, SYSTEM_PROMPT
from assistent.errors import LLMError
from assistent.settings import Settings

log = logging.getLogger("assistent.answer.llm")

__all__ = ["LLMComposer", "LLMHealth", "LLMOutcome", "SYSTEM_PROMPT", "LANGUAGE_LINE", "STOP"]

RETRY_PAUSE_S = 0.2
HEALTH_TIMEOUT_S = 3.0


@dataclass
class LLMOutcome:
    """The end of an LLM stream: the text released (all of it when passed), whether it passed, and the report.

    report: passed, reasons (plain Dutch), kind (why it failed: 'guard:<check>', 'timeout', 'down', 'http',
    'truncated', 'empty', 'health'), sentences, failed_sentence, model, timings (first_sentence_s, total_s).
    """

    text: str
    passed: bool
    report: dict[str, Any] = field(default_factory=dict)
    shown: bool = False  # some sentences were released before it failed


class DeadlineExceeded(TimeoutError):
    """The answer's one deadline passed (no reply, a stall, or a reply that does not end)."""


class ReplyTruncated(LLMError):
    """The server stopped at max_tokens: the reply did not end by itself (a loop, or far too long)."""


class ReplyBroken(LLMError):
    """The reply stopped without a finish (the connection was dropped mid-stream)."""


class LLMHealth:
    """Whether the configured model is served: GET <base_url>/models, at start-up and then every minute.

    status: 'unknown' (not checked yet), 'ok', 'down' (no answer, or an HTTP error) or 'model not served'
    (the server answers but does not list the model: a typo, or a model that was never pulled).
    """

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout_s: float = HEALTH_TIMEOUT_S):
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout_s = timeout_s
        self.status = "unknown"
        self.detail = ""
        self.served: list[str] = []
        self.checked_at: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def serves(self, ids: list[str]) -> bool:
        """True when the model is among the ids ('llama3.1' matches 'llama3.1:latest'; a path matches its file name)."""
        want = self.model.strip()
        for i in ids:
            base = i.rsplit("/", 1)[-1]
            if want in (i, base) or i == f"{want}:latest" or base.rsplit(".", 1)[0] == want:
                return True
        return False

    def check(self) -> str:
        """Ask the server now; sets and returns the status."""
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            r = httpx.get(f"{self.base_url}/models", headers=headers, timeout=self.timeout_s)
            if r.status_code != 200:
                self.status, self.detail = "down", f"GET /models gaf HTTP {r.status_code}"
            else:
                self.served = [str(m.get("id")) for m in r.json().get("data", []) if isinstance(m, dict)]
                if self.serves(self.served):
                    self.status, self.detail = "ok", ""
                else:
                    listed = ", ".join(self.served[:5]) or "geen enkel model"
                    self.status, self.detail = "model not served", f"de server biedt {listed}, niet {self.model!r}"
        except (httpx.HTTPError, ValueError) as exc:
            self.status, self.detail = "down", f"{type(exc).__name__}"
        self.checked_at = time.time()
        if self.status != "ok":
            log.warning("Taalmodel %s op %s: %s (%s)", self.model, self.base_url, self.status, self.detail)
        return self.status

    @property
    def usable(self) -> bool:
        """False only when the last check found the server down or the model missing."""
        return self.status in ("ok", "unknown")

    def reason(self) -> str:
        """Why the LLM is not asked (plain Dutch)."""
        if self.status == "model not served":
            return f"Het taalmodel {self.model!r} draait niet op de server ({self.detail})."
        return f"Het taalmodel op {self.base_url} is niet bereikbaar ({self.detail})."

    def start(self, interval_s: float = 60.0, check_now: bool = True) -> None:
        """Check now (unless check_now=False) and then every interval_s seconds, in a background thread."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()

        def loop() -> None:
            if not check_now:
                self._stop.wait(interval_s)
            while not self._stop.is_set():
                self.check()
                self._stop.wait(interval_s)

        self._thread = threading.Thread(target=loop, name="llm-health", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()


class LLMComposer:
    """Rephrases a Draft with an OpenAI-compatible chat model; the guard decides, sentence by sentence."""

    def __init__(self, settings: Settings):
        if not settings.llm_base_url:
            raise LLMError("Geen adres voor het taalmodel: zet ASSISTENT_LLM_BASE_URL, bijvoorbeeld http://127.0.0.1:11434/v1.")
        if not settings.llm_base_url.startswith(("http://", "https://")):
            raise LLMError(f"Het adres van het taalmodel moet met http:// of https:// beginnen, niet {settings.llm_base_url!r}.")
        if not settings.llm_timeout_s > 0:
            raise LLMError(f"De wachttijd voor het taalmodel moet groter zijn dan 0 seconden (nu {settings.llm_timeout_s}).")
        if not settings.llm_model.strip():
            raise LLMError("Geen naam van het taalmodel: zet ASSISTENT_LLM_MODEL.")
        if not settings.llm_max_tokens > 0:
            raise LLMError(f"ASSISTENT_LLM_MAX_TOKENS moet groter zijn dan 0 (nu {settings.llm_max_tokens}).")
        self.base_url = settings.llm_base_url.rstrip("/")
        self.model = settings.llm_model
        self.timeout_s = float(settings.llm_timeout_s)
        self.max_tokens = int(settings.llm_max_tokens)
        self.temperature = settings.llm_temperature
        api_key = settings.llm_api_key or "not-needed"
        # No retries by the client: a retry happens here, inside the one deadline.
        self.client = openai.OpenAI(
            base_url=self.base_url,
            api_key=api_key,
            # the client's own Timeout type: openai talks through httpx2, which rejects an httpx.Timeout since 2.17
            timeout=openai.Timeout(self.timeout_s, connect=min(self.timeout_s, 5.0)),
            max_retries=0,
        )
        self.health = LLMHealth(self.base_url, self.model, api_key)

    # -- the request ---------------------------------------------------------------

    def messages(self, question: str, lang: str, draft: Draft) -> list[dict[str, str]]:
        """The system prompt (Dutch) and a user message with the question, numbered passages and draft.

        The passages carry title and section but no date: only their text is evidence, and a date in
        the header would invite a figure the guard must then reject.
        """
        system = SYSTEM_PROMPT + "\n" + LANGUAGE_LINE.get(lang, LANGUAGE_LINE["nl"])
        blocks = []
        for n, sp in enumerate(draft.cited, 1):
            p = sp.passage
            head = f"[{n}] {p.title}"
            if p.section:
                head += f" — {p.section}"
            blocks.append(f"{head}\n{p.text_with_notes}")
        passages = "\n\n".join(blocks) if blocks else "(geen passages gevonden)"
        user = (
            f"Vraag: {question.strip()}\n\n"
            f"Passages:\n{passages}\n\n"
            f"Conceptantwoord (alleen ter referentie, gemaakt uit dezelfde passages):\n{draft.answer}\n\n"
            "Schrijf nu je antwoord, met [n] achter elke zin."
        )
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def request(self, question: str, lang: str, draft: Draft) -> dict[str, Any]:
        """The body of the chat-completions request (as keyword arguments of the openai client)."""
        return {
            "model": self.model,
            "messages": self.messages(question, lang, draft),
            "stream": True,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "stop": STOP,
        }

    # -- reading the reply within the deadline -----------------------------------------

    def _produce(self, kwargs: dict[str, Any], out: queue.Queue, stop: threading.Event, holder: dict) -> None:
        """Worker thread: the reply's text pieces into `out`, then ('end', finish_reason) or ('error', exc)."""
        finish = None
        try:
            stream = self.client.chat.completions.create(**kwargs)
            holder["stream"] = stream
            if stop.is_set():
                return
            for chunk in stream:
                if stop.is_set():
                    return
                for choice in chunk.choices or []:
                    piece = choice.delta.content if choice.delta else None
                    if piece:
                        out.put(("text", piece))
                    finish = choice.finish_reason or finish
            if finish is None:  # the stream ended without a finish: the server went away mid-reply
                raise ReplyBroken("the reply ended without a finish_reason")
            out.put(("end", finish))
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the caller
            out.put(("error", exc))
        finally:
            _close(holder)

    def pieces(self, kwargs: dict[str, Any], deadline: float) -> Iterator[str]:
        """The text pieces of one reply as they arrive; raises DeadlineExceeded at the deadline, ReplyTruncated
        when the server stopped at max_tokens, and the client's error otherwise (one retry before the first
        piece, when the server is down or fails with 5xx/429 and time is left)."""
        for attempt in (0, 1):
            out: queue.Queue = queue.Queue()
            stop = threading.Event()
            holder: dict[str, Any] = {}
            worker = threading.Thread(target=self._produce, args=(kwargs, out, stop, holder), daemon=True, name="llm-reply")
            worker.start()
            got_text = False
            try:
                while True:
                    remaining = deadline - time.monotonic()
                    try:
                        kind, value = out.get(timeout=max(remaining, 0.0)) if remaining > 0 else out.get_nowait()
                    except queue.Empty:
                        raise DeadlineExceeded(f"no complete reply within {self.timeout_s:g} s") from None
                    if kind == "text":
                        got_text = True
                        yield value
                    elif kind == "end":
                        if value == "length":
                            raise ReplyTruncated(f"the reply reached max_tokens={self.max_tokens}")
                        return
                    else:
                        if attempt == 0 and not got_text and _retryable(value) and deadline - time.monotonic() > 1.0:
                            log.info("Taalmodel: nieuwe poging na %r", value)
                            break
                        raise value
            finally:
                stop.set()
                _close(holder)
            time.sleep(RETRY_PAUSE_S)

    # -- the guarded stream ------------------------------------------------------------

    def stream(
        self, question: str, lang: str, draft: Draft, rules_text: str | None = None
    ) -> Iterator[str | LLMOutcome]:
        """Yield the reply sentence by sentence as each passes the guard, then one LLMOutcome (never raises).

        The text yielded adds up to outcome.text. When a sentence fails, nothing more is yielded and the
        outcome says passed=False (shown=True when sentences had already been released).
        """
        t0 = time.monotonic()
        deadline = t0 + self.timeout_s
        released: list[str] = []
        timings: dict[str, float] = {}

        def outcome(passed: bool, reasons: list[str], kind: str | None, **extra: Any) -> LLMOutcome:
            timings["total_s"] = round(time.monotonic() - t0, 3)
            report = {"passed": passed, "reasons": reasons, "kind": kind, "sentences": len(released),
                      "model": self.model, "timings": dict(timings), **extra}
            return LLMOutcome(" ".join(released), passed, report, shown=bool(released))

        if not self.health.usable:
            yield outcome(False, [self.health.reason()], "health")
            return
        guard = SentenceGuard(draft, lang, rules_text, question)
        splitter = SentenceStream()

        def sentences(pieces: Iterator[str]) -> Iterator[str]:
            """The reply's sentences as they complete, then the rest when the reply ends."""
            with closing(pieces):
                for piece in pieces:
                    yield from splitter.feed(piece)
            yield from splitter.close()

        try:
            with closing(sentences(self.pieces(self.request(question, lang, draft), deadline))) as replied:
                for sentence in replied:
                    reasons = guard.check(sentence)
                    if reasons:
                        yield outcome(False, reasons, reason_kind(reasons[0]), failed_sentence=sentence)
                        return
                    timings.setdefault("first_sentence_s", round(time.monotonic() - t0, 3))
                    yield sentence if not released else " " + sentence
                    released.append(sentence)
        except Exception as exc:  # every failure of the server or the client means: use the extractive answer
            reason = self.describe_error(exc)
            log.warning("Taalmodel mislukt: %s (%r)", reason, exc)
            yield outcome(False, [reason], self.error_kind(exc), error=type(exc).__name__)
            return
        if not released:
            yield outcome(False, ["Het taalmodel gaf een leeg antwoord."], "empty")
            return
        yield outcome(True, [], None)

    def complete(self, question: str, lang: str, draft: Draft, rules_text: str | None = None) -> LLMOutcome:
        """The whole answer at once (the same guard as stream)."""
        result = None
        for item in self.stream(question, lang, draft, rules_text):
            if isinstance(item, LLMOutcome):
                result = item
        assert result is not None
        return result

    def describe_error(self, exc: BaseException) -> str:
        """A plain-Dutch reason for a failed call."""
        seconds = f"{self.timeout_s:g}".replace(".", ",")
        if isinstance(exc, (openai.APITimeoutError, TimeoutError, httpx.TimeoutException)):
            return f"Het taalmodel antwoordde niet binnen {seconds} seconden."
        if isinstance(exc, ReplyTruncated):
            return f"Het taalmodel hield niet op (afgebroken na {self.max_tokens} tokens)."
        if isinstance(exc, (openai.APIConnectionError, httpx.TransportError, ReplyBroken)):
            return f"Het taalmodel op {self.base_url} is niet bereikbaar of brak de verbinding af."
        if isinstance(exc, openai.APIStatusError):
            return f"Het taalmodel gaf een foutmelding (HTTP {exc.status_code})."
        return f"Het taalmodel gaf een onbruikbaar antwoord ({type(exc).__name__})."

    @staticmethod
    def error_kind(exc: BaseException) -> str:
        if isinstance(exc, (openai.APITimeoutError, TimeoutError, httpx.TimeoutException)):
            return "timeout"
        if isinstance(exc, ReplyTruncated):
            return "truncated"
        if isinstance(exc, (openai.APIConnectionError, httpx.TransportError, ReplyBroken)):
            return "down"
        if isinstance(exc, openai.APIStatusError):
            return "http"
        return "error"


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.APITimeoutError):
        return False
    if isinstance(exc, openai.APIConnectionError):
        return True
    return isinstance(exc, openai.APIStatusError) and (exc.status_code >= 500 or exc.status_code == 429)


def _close(holder: dict[str, Any]) -> None:
    """Close the reply's connection (from either thread); a second close is harmless."""
    stream = holder.get("stream")
    if stream is None:
        return
    try:
        stream.response.close()
    except Exception:  # noqa: BLE001 - closing a broken connection may fail; it is gone either way
        pass
