"""Request and response models of the web API (/api and the OpenAI-compatible /v1), and OpenAPI extras."""
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from assistent.fonds.rules import Facts
from assistent.models import Citation, Passage, PassageHit

MODEL_ID = "wooncooperatie-assistent"

# OpenAPI documentation of responses: a streamed body, and the errors every keyed route can give.
SSE_MEDIA = {"text/event-stream": {"schema": {"type": "string"}}}


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
    role: Literal["user", "assistant"] = Field(description="Wie sprak: de gebruiker of de assistent.")
    content: Text


class AskRequest(BaseModel):
    question: Text = Field(description="De vraag.", examples=["Hoeveel eigen inleg is nodig?"])
    history: list[TurnIn] = Field(default_factory=list, description="Het gesprek tot nu toe, oudste eerst.")
    source_ids: SourceIds | None = Field(default=None, description="Alleen in deze bronnen zoeken.")
    stream: bool = Field(default=False, description="Antwoord als Server-Sent Events (chunk, result, done).")


class SearchRequest(BaseModel):
    query: Text = Field(min_length=1, description="Waar te zoeken.", examples=["eigen inleg fonds"])
    k: int = Field(default=10, ge=1, le=50, description="Aantal passages.")
    source_ids: SourceIds | None = None


class SearchResponse(BaseModel):
    passages: list[PassageHit]


class EligibilityRequest(BaseModel):
    """Exactly one of `text` (the situation in plain words) and `facts` (explicit facts)."""

    text: Text | None = Field(default=None, examples=["Wij zijn een wooncoöperatie die huurwoningen bouwt."])
    facts: Facts | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> "EligibilityRequest":
        if (self.text is None) == (self.facts is None):
            raise ValueError("geef precies één van 'text' of 'facts'")
        return self


class PassageResponse(BaseModel):
    passage: Passage
    neighbours: list[Passage] = Field(description="De passages ervoor en erna in dezelfde bron, in volgorde.")


class FeedbackRequest(BaseModel):
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
    model_config = ConfigDict(extra="allow")

    type: str
    text: Text | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: Text | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content if part.type in ("text", "input_text"))
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: bool = False


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1)
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


ERRORS_COMMON: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody},
    429: {"model": ErrorBody}, 503: {"model": ErrorBody},
}
