"""Request and response models of the web API (/api and the OpenAI-compatible /v1), and OpenAPI extras."""
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from assistent.fonds.rules import Facts
from assistent.models import Citation, Passage, PassageHit

MODEL_ID = "wooncooperatie-assistent"

# Request models are strict: `"stream": 0` is not a boolean and `"k": "5"` not a number (422).
STRICT = ConfigDict(strict=True)

# A text holding at least one character that is not white space, as Python's str.strip() counts it (the
# question checks use strip(); JSON Schema's and pydantic's \S count fewer characters as white space).
NOT_BLANK = "[^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"

# OpenAPI documentation of the streamed bodies (Server-Sent Events).
SSE_API_DESCRIPTION = (
    "Bij `stream=true`: Server-Sent Events (`text/event-stream`), in deze volgorde: "
    "`event: chunk` met `data: {\"text\": \"…\"}` (een stuk van het antwoord; alle stukken samen zijn precies "
    "`answer`), één `event: result` met het volledige resultaatobject (als zonder stream) en `event: done` met "
    "`data: {}`. Gaat het onderweg mis, dan komt in plaats daarvan `event: error` met `data: {\"detail\": \"…\"}`."
)
SSE_V1_DESCRIPTION = (
    "Bij `stream=true`: Server-Sent Events zoals OpenAI: elke regel `data: ` bevat een `chat.completion.chunk` "
    "(eerst de rol, dan stukken tekst in `choices[0].delta.content`, dan de bronnenlijst en een chunk met "
    "`finish_reason: \"stop\"`, `citations` en `assistent`; met `stream_options.include_usage` daarna een chunk met "
    "`usage`), en tot slot `data: [DONE]`. Een fout onderweg: `data: {\"error\": {\"message\", \"type\"}}` en "
    "`[DONE]`."
)
# One Server-Sent Event as a schema: the event name (absent = "message") and its data line(s).
SSE_API_MEDIA = {"text/event-stream": {"schema": {
    "type": "object", "required": ["data"],
    "properties": {"event": {"enum": ["chunk", "result", "done", "error"]}, "data": {"type": "string"}},
}}}
SSE_V1_MEDIA = {"text/event-stream": {"schema": {
    "type": "object", "required": ["data"],
    "properties": {"event": {"enum": ["message"]}, "data": {"type": "string"}},
}}}
SSE_MEDIA = SSE_API_MEDIA


def _number_not_text(value: Any) -> Any:
    """An integer field takes JSON numbers only: 5 and 5.0 (JSON Schema counts both as integers), not "5" or true."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("geef een geheel getal")
    return value


# lax int (5.0 → 5; 5.5 refused) after the check that it is a number
WholeNumber = Annotated[int, BeforeValidator(_number_not_text), Field(strict=False)]


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
    model_config = STRICT

    role: Literal["user", "assistant"] = Field(description="Wie sprak: de gebruiker of de assistent.")
    content: Text


class AskRequest(BaseModel):
    model_config = STRICT

    question: Text = Field(
        pattern=NOT_BLANK, description="De vraag (niet leeg; de maximale lengte staat in het schema van de server).",
        examples=["Hoeveel eigen inleg is nodig?"],
    )
    history: list[TurnIn] = Field(default_factory=list, description="Het gesprek tot nu toe, oudste eerst.")
    source_ids: SourceIds | None = Field(default=None, description="Alleen in deze bronnen zoeken.")
    stream: bool = Field(default=False, description="Antwoord als Server-Sent Events (chunk, result, done).")


class SearchRequest(BaseModel):
    model_config = STRICT

    query: Text = Field(pattern=NOT_BLANK, description="Waar te zoeken (niet leeg).", examples=["eigen inleg fonds"])
    k: WholeNumber = Field(default=10, ge=1, le=50, description="Aantal passages.")
    source_ids: SourceIds | None = None
    history: list[TurnIn] = Field(
        default_factory=list, description="Het gesprek tot nu toe, oudste eerst: een vervolgvraag wordt gezocht zoals "
        "/api/ask haar leest ('En wanneer?' na een vraag over het fonds).",
    )


class SearchResponse(BaseModel):
    passages: list[PassageHit]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


class FactsIn(Facts):
    """The facts as a request gives them: strictly typed (`true`, not `1`)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    # at most a thousand billion euros: larger amounts are no real project (and overflowed the exact arithmetic)
    financing_eur: float | None = Field(default=None, ge=0, le=1e15, allow_inf_nan=False)
    own_contribution_eur: float | None = Field(default=None, ge=0, le=1e15, allow_inf_nan=False)
    own_contribution_pct: float | None = Field(default=None, ge=0, le=1e15, allow_inf_nan=False)


class EligibilityRequest(BaseModel):
    """Exactly one of `text` (the situation in plain words) and `facts` (explicit facts)."""

    model_config = ConfigDict(
        strict=True,
        json_schema_extra={"oneOf": [{"required": ["text"]}, {"required": ["facts"]}]},
    )

    # not nullable: leave the other one out (the default None is not a value a client may send)
    text: Text = Field(  # type: ignore[assignment]
        default=None, examples=["Wij zijn een wooncoöperatie die huurwoningen bouwt."], json_schema_extra=_no_default
    )
    facts: FactsIn = Field(default=None, json_schema_extra=_no_default)  # type: ignore[assignment]

    @model_validator(mode="after")
    def _exactly_one(self) -> "EligibilityRequest":
        if (self.text is None) == (self.facts is None):
            raise ValueError("geef precies één van 'text' of 'facts'")
        return self


class PassageResponse(BaseModel):
    passage: Passage
    neighbours: list[Passage] = Field(description="De passages ervoor en erna in dezelfde bron, in volgorde.")


class FeedbackRequest(BaseModel):
    model_config = STRICT

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
    llm: Literal["ok", "down", "model not served", "unknown"] | None = Field(
        default=None, description="Laatste controle van de taalmodelserver (GET /models); leeg zonder taalmodel."
    )
    llm_detail: str | None = None


class ErrorBody(BaseModel):
    detail: str


# OpenAI-compatible ------------------------------------------------------------------


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    type: str
    text: Text | None = None


class ChatMessage(BaseModel):
    """A message as OpenAI's API has it. Only user and assistant messages count as the conversation; the other
    roles (system, developer, tool, function) are accepted and not used."""

    model_config = ConfigDict(extra="allow", strict=True)

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: Text | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content if part.type in ("text", "input_text"))
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    include_usage: bool = False


# A user message with text: the question is the last one (JSON Schema `contains`).
_USER_WITH_TEXT = {
    "type": "object",
    "required": ["role", "content"],
    "properties": {
        "role": {"const": "user"},
        "content": {
            "anyOf": [
                {"type": "string", "pattern": NOT_BLANK},
                {"type": "array", "contains": {
                    "type": "object", "required": ["type", "text"],
                    "properties": {"type": {"enum": ["text", "input_text"]}, "text": {"type": "string", "pattern": NOT_BLANK}},
                }},
            ]
        },
    },
}


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(
        min_length=1,
        description=(
            "Het gesprek. De vraag is het laatste bericht met role `user` dat tekst heeft; de user- en "
            "assistant-berichten ervoor zijn de geschiedenis (alleen de laatste beurten tot het maximum van de "
            "server tellen mee). Berichten met andere rollen worden geaccepteerd en niet gebruikt."
        ),
        json_schema_extra={"contains": _USER_WITH_TEXT},
    )
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


# Every status the API can give, documented per route. ERRORS_ANY: what any /api or /v1 route can give
# (a bad or slow body, an unexpected error); ERRORS_COMMON adds those of routes with a key, a body and the limit.
ERRORS_ANY: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Ongeldige Content-Length"},
    405: {"model": ErrorBody, "description": "Deze methode bestaat niet op dit pad (header Allow)"},
    408: {"model": ErrorBody, "description": "Het verzoek kwam niet op tijd helemaal binnen"},
    413: {"model": ErrorBody, "description": "Het verzoek is te groot"},
    500: {"model": ErrorBody, "description": "Onverwachte fout (zonder details)"},
}
ERRORS_COMMON: dict[int | str, dict[str, Any]] = {
    **ERRORS_ANY,
    401: {"model": ErrorBody, "description": "Geen geldige API-sleutel"},
    422: {"model": ErrorBody, "description": "Ongeldig verzoek"},
    429: {"model": ErrorBody, "description": "Te veel verzoeken (header Retry-After)"},
    503: {"model": ErrorBody, "description": "Nog geen index, of de teller van de limiet is niet bereikbaar"},
}
