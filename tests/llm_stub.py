"""A real local HTTP server that speaks the OpenAI chat-completions protocol, for tests.

Replies are scripted (a queue of Reply objects or functions of the request body); every request
is recorded. Streaming answers are sent as server-sent events, chunk by chunk, ending in [DONE].

Like llama.cpp, vLLM and Ollama, the server honours the request's `max_tokens` (a token is counted
as four characters; the reply then ends with finish_reason "length") and `stop` (the reply is cut
before the first stop sequence). A reply can also fail the way real servers do: `freeze` (the
request is accepted and nothing is ever sent), `stall_after` (some chunks, then silence),
`die_after` (some chunks, then the connection is dropped without [DONE]) and `loop` (the chunks
again and again, until max_tokens or the client hangs up).
"""
from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

Responder = Callable[[dict[str, Any]], "Reply"]


@dataclass
class Reply:
    """One scripted answer: the text in chunks, delays, or an HTTP error status."""

    chunks: list[str] = field(default_factory=list)
    status: int = 200
    delay_s: float = 0.0  # before the response starts
    chunk_delay_s: float = 0.0  # between streamed chunks
    error: str = "scripted failure"
    freeze: bool = False  # accept the request, then send nothing until the stub stops
    stall_after: int | None = None  # after this many chunks: silence until the stub stops
    die_after: int | None = None  # after this many chunks: drop the connection (no finish, no [DONE])
    cut_body: bool = False  # with die_after: the headers promise more body than comes (a broken transfer, not an end)
    loop: bool = False  # repeat the chunks until max_tokens (or the client hangs up)

    @classmethod
    def text(cls, text: str, size: int = 16, **kw: Any) -> "Reply":
        """A reply whose text is streamed in pieces of `size` characters."""
        return cls([text[i : i + size] for i in range(0, len(text), size)] or [""], **kw)

    @property
    def content(self) -> str:
        return "".join(self.chunks)


@dataclass
class Recorded:
    """A request the stub received."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list((self.body or {}).get("messages", []))

    def content_of(self, role: str) -> str:
        """All message text of one role ('system', 'user'), joined."""
        out = []
        for m in self.messages:
            if m.get("role") == role:
                c = m.get("content")
                out.append(c if isinstance(c, str) else " ".join(p.get("text", "") for p in c or []))
        return "\n".join(out)


class StubLLM:
    """An OpenAI-compatible chat server on 127.0.0.1 with a free port, in a background thread."""

    def __init__(self, models: tuple[str, ...] = ("stub-model",), default: Reply | Responder | None = None):
        self.models = models
        self.default = default
        self.replies: deque[Reply | Responder] = deque()
        self.requests: list[Recorded] = []
        self.sent: list[tuple[float, str]] = []  # (time.monotonic(), chunk) of every streamed chunk
        self._lock = threading.Lock()
        self.released = threading.Event()  # set by stop(): frozen and stalled replies end
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting -----------------------------------------------------------

    def script(self, *replies: Reply | Responder | str) -> None:
        """Queue replies for the next requests (a str is Reply.text(str))."""
        with self._lock:
            self.replies.extend(Reply.text(r) if isinstance(r, str) else r for r in replies)

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            item = self.replies.popleft() if self.replies else self.default
        if item is None:
            return Reply(status=500, error="de stub heeft geen antwoord klaarstaan")
        return item(body) if callable(item) else item

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    # -- lifecycle -----------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "stub not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def start(self) -> "StubLLM":
        self.released.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="llm-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "StubLLM":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _handler(stub: StubLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _record(self, body: dict[str, Any] | None) -> None:
            stub.requests.append(Recorded(self.command, self.path, dict(self.headers.items()), body))

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._record(None)
            if self.path.rstrip("/") == "/v1/models":
                data = [{"id": m, "object": "model", "created": 0, "owned_by": "stub"} for m in stub.models]
                self._json(200, {"object": "list", "data": data})
            else:
                self._json(404, {"error": {"message": f"not found: {self.path}", "type": "not_found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                self._record(None)
                self._json(400, {"error": {"message": "body is not JSON", "type": "invalid_request_error"}})
                return
            self._record(body)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._json(404, {"error": {"message": f"not found: {self.path}", "type": "not_found"}})
                return
            reply = stub._next(body)
            try:
                if reply.freeze:
                    stub.released.wait()
                    return
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.status != 200:
                    self._json(reply.status, {"error": {"message": reply.error, "type": "server_error"}})
                elif body.get("stream"):
                    self._stream(body, reply)
                else:
                    self._json(200, _completion(body, reply.content))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def _stream(self, body: dict[str, Any], reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            if reply.cut_body:
                self.send_header("Content-Length", str(10**6))
            self.end_headers()
            model = body.get("model", "")

            def event(delta: dict[str, Any], finish: str | None = None) -> None:
                payload = _chunk(model, delta, finish)
                self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
                self.wfile.flush()

            event({"role": "assistant", "content": ""})
            budget = int(body.get("max_tokens") or 0) * 4  # characters: a token is about four
            stops = [x for x in ([body["stop"]] if isinstance(body.get("stop"), str) else body.get("stop") or []) if x]
            text = ""  # what the model produced so far (cut at a stop sequence and at max_tokens)
            sent = 0  # how much of it has been sent: a possible start of a stop sequence is held back
            finish = "stop"
            for i, piece in enumerate(_pieces(reply)):
                if reply.die_after is not None and i >= reply.die_after:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if reply.stall_after is not None and i >= reply.stall_after:
                    stub.released.wait()
                    return
                if i and reply.chunk_delay_s:
                    time.sleep(reply.chunk_delay_s)
                candidate = text + piece
                text = _cut(candidate, stops)
                stopped = len(text) < len(candidate)
                if budget and len(text) >= budget:
                    text, finish = text[:budget], "length"
                done = stopped or finish == "length"
                upto = len(text) if done else len(text) - _held(text, stops)
                if upto > sent:
                    stub.sent.append((time.monotonic(), text[sent:upto]))
                    event({"content": text[sent:upto]})
                    sent = upto
                if done or stub.released.is_set():
                    break
            if sent < len(text):
                stub.sent.append((time.monotonic(), text[sent:]))
                event({"content": text[sent:]})
            if reply.stall_after is not None:  # every chunk sent, then silence: no finish, no [DONE]
                stub.released.wait()
                return
            event({}, finish)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler


def _pieces(reply: Reply) -> Iterator[str]:
    """The reply's chunks, once or (loop) forever."""
    while True:
        yield from reply.chunks
        if not reply.loop or not reply.chunks:
            return


def _cut(text: str, stops: list[str]) -> str:
    """The text before the first stop sequence (as the server would send it)."""
    at = min((text.find(x) for x in stops if x in text), default=-1)
    return text if at < 0 else text[:at]


def _held(text: str, stops: list[str]) -> int:
    """How many characters at the end of text could be the start of a stop sequence."""
    return max((k for x in stops for k in range(1, len(x)) if text.endswith(x[:k])), default=0)


def _chunk(model: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", ""),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (for 'server down' tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def llm_stub() -> Iterator[StubLLM]:
    """A running StubLLM, stopped after the test."""
    with StubLLM() as stub:
        yield stub
