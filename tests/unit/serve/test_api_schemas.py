"""The API's request models on their own (no assistant): what they accept and what they refuse, and
how the OpenAI endpoint reads a conversation from its messages."""
from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from assistent.answer.assistant import QuestionError
from assistent.serve.api.openai import _question_and_history, _strip_sources
from assistent.serve.api.schemas import (
    MODEL_ID,
    AskRequest,
    ChatCompletionRequest,
    ChatMessage,
    EligibilityRequest,
    FeedbackRequest,
    SearchRequest,
)

LONE_SURROGATE = "vraag \ud800"


def errors_of(model, **data) -> list[dict]:
    with pytest.raises(ValidationError) as info:
        model(**data)
    return info.value.errors()


def test_ask_request_defaults_and_history_roles():
    body = AskRequest(question="Hoeveel inleg?")
    assert (body.history, body.source_ids, body.stream) == ([], None, False)
    body = AskRequest(question="En dan?", history=[{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}])
    assert [t.role for t in body.history] == ["user", "assistant"]
    assert errors_of(AskRequest, question="q", history=[{"role": "system", "content": "x"}])[0]["loc"] == (
        "history", 0, "role")


@pytest.mark.parametrize(
    "model,field,extra",
    [
        (AskRequest, "question", {}),
        (SearchRequest, "query", {}),
        (EligibilityRequest, "text", {}),
        (FeedbackRequest, "comment", {"question": "q", "answer": "a", "rating": "up"}),
    ],
)
def test_text_with_a_lone_surrogate_is_refused(model, field, extra):
    errors = errors_of(model, **{field: LONE_SURROGATE, **extra})
    assert errors[0]["loc"][0] == field
    # our own check says so in Dutch; a length constraint (SearchRequest.query) trips pydantic's first
    assert "ongeldige tekens" in errors[0]["msg"] or "unicode" in errors[0]["msg"]


def test_source_ids_are_limited_in_number_and_length():
    assert AskRequest(question="q", source_ids=["a"] * 50).source_ids == ["a"] * 50
    assert errors_of(AskRequest, question="q", source_ids=["a"] * 51)[0]["type"] == "too_long"
    assert errors_of(AskRequest, question="q", source_ids=["x" * 201])[0]["loc"] == ("source_ids", 0)


def test_search_request_bounds():
    assert SearchRequest(query="fonds").k == 10
    assert SearchRequest(query="fonds", k=50).k == 50
    for k in (0, 51):
        assert errors_of(SearchRequest, query="fonds", k=k)[0]["loc"] == ("k",)
    assert errors_of(SearchRequest, query="")[0]["loc"] == ("query",)


def test_eligibility_request_needs_exactly_one_of_text_and_facts():
    assert EligibilityRequest(text="Wij bouwen huurwoningen").facts is None
    assert EligibilityRequest(facts={"tenure": "huur"}).facts.tenure == "huur"
    for data in ({}, {"text": "x", "facts": {"tenure": "huur"}}):
        assert "precies één van 'text' of 'facts'" in errors_of(EligibilityRequest, **data)[0]["msg"]
    assert errors_of(EligibilityRequest, facts={"tenure": "bruikleen"})[0]["loc"][:2] == ("facts", "tenure")


def test_feedback_request_rating_and_lengths():
    ok = FeedbackRequest(question="q", answer="", rating="down")
    assert ok.comment is None
    assert errors_of(FeedbackRequest, question="q", answer="a", rating="meh")[0]["loc"] == ("rating",)
    assert errors_of(FeedbackRequest, question="", answer="a", rating="up")[0]["loc"] == ("question",)
    assert errors_of(FeedbackRequest, question="q", answer="a", rating="up", comment="x" * 5001)[0]["loc"] == ("comment",)


# --------------------------------------------------------------------------- OpenAI-compatible


def test_chat_message_text_joins_the_text_parts_only():
    assert ChatMessage(role="user", content="Hallo").text() == "Hallo"
    assert ChatMessage(role="user", content=None).text() == ""
    parts = [{"type": "text", "text": "Hoeveel "}, {"type": "image_url", "image_url": {"url": "x"}},
             {"type": "input_text", "text": "inleg?"}, {"type": "text"}]
    assert ChatMessage(role="user", content=parts).text() == "Hoeveel inleg?"


def test_chat_completion_request_defaults_and_limits():
    body = ChatCompletionRequest(messages=[{"role": "user", "content": "q"}], temperature=0.2)
    assert body.model == MODEL_ID and body.stream is False and body.stream_options is None
    assert errors_of(ChatCompletionRequest, messages=[])[0]["loc"] == ("messages",)
    assert errors_of(ChatCompletionRequest, messages=[{"role": "robot", "content": "q"}])[0]["loc"][:2] == (
        "messages", 0)


def test_the_question_is_the_last_user_message_and_earlier_answers_lose_their_sources_list():
    body = ChatCompletionRequest(messages=[
        {"role": "system", "content": "Wees kort."},
        {"role": "user", "content": "Hoeveel inleg?"},
        {"role": "assistant", "content": "5% [1].\n\nBronnen:\n[1] Kamerbrief"},
        {"role": "tool", "content": "genegeerd"},
        {"role": "user", "content": "En in de bouwfase?"},
        {"role": "assistant", "content": "een antwoord na de vraag telt niet mee"},
    ])
    question, history = _question_and_history(body, 20)
    assert question == "En in de bouwfase?"
    assert [(t.role, t.content) for t in history] == [("user", "Hoeveel inleg?"), ("assistant", "5% [1].")]


def test_a_conversation_without_a_user_message_has_no_question():
    body = ChatCompletionRequest(messages=[{"role": "system", "content": "x"}, {"role": "assistant", "content": "y"}])
    with pytest.raises(QuestionError, match="role 'user'"):
        _question_and_history(body, 20)


def test_the_question_is_the_last_user_message_with_text_and_the_history_keeps_its_last_turns():
    turns = [{"role": "user" if i % 2 == 0 else "assistant", "content": f"beurt {i}"} for i in range(30)]
    body = ChatCompletionRequest(messages=[*turns, {"role": "user", "content": "Mijn vraag"},
                                           {"role": "user", "content": "  "}, {"role": "tool", "content": "x"}])
    question, history = _question_and_history(body, 20)
    assert question == "Mijn vraag"
    assert [t.content for t in history] == [f"beurt {i}" for i in range(10, 30)]


@pytest.mark.parametrize(
    "model,data",
    [
        (AskRequest, {"question": "q", "stream": 0}),
        (AskRequest, {"question": "q", "stream": "true"}),
        (SearchRequest, {"query": "q", "k": "5"}),
        (SearchRequest, {"query": "q", "k": 5.5}),
        (SearchRequest, {"query": "q", "k": True}),
        (ChatCompletionRequest, {"messages": [{"role": "user", "content": "q"}], "stream": 1}),
        (EligibilityRequest, {"facts": {"initiative_phase_complete": 1}}),
        (EligibilityRequest, {"text": None, "facts": {"tenure": "huur"}}),
    ],
)
def test_request_types_are_strict(model, data):
    with pytest.raises(ValidationError):
        model.model_validate_json(json.dumps(data))


def test_an_integer_may_be_written_as_5_0_as_json_schema_allows():
    assert SearchRequest.model_validate_json('{"query": "q", "k": 5.0}').k == 5


def test_blank_questions_are_refused_by_the_schema_as_strip_counts_blank():
    for blank in ("", " ", "\x1c\u3000\n"):
        assert errors_of(AskRequest, question=blank)[0]["loc"] == ("question",)
    assert AskRequest(question=" ja ").question == " ja "


def test_the_schema_says_what_the_routes_accept():
    schema = EligibilityRequest.model_json_schema()
    assert schema["oneOf"] == [{"required": ["text"]}, {"required": ["facts"]}]
    assert "null" not in json.dumps(schema["properties"]["text"])
    messages = ChatCompletionRequest.model_json_schema()["properties"]["messages"]
    assert messages["contains"]["properties"]["role"] == {"const": "user"}


def test_strip_sources_knows_both_languages_and_leaves_other_text_alone():
    assert _strip_sources("Yes [1].\n\nSources:\n[1] Letter") == "Yes [1]."
    assert _strip_sources("Ja.\n\nBronnen:\n[1] a\n\nBronnen:\n[2] b") == "Ja."
    assert _strip_sources("Bronnen: zie hieronder") == "Bronnen: zie hieronder"
