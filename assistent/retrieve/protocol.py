"""The retriever contract: `search(query, k, source_ids) -> ranked passages`, and a LangChain base for all."""
from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistent.index.store import Index
from assistent.models import ScoredPassage


@runtime_checkable
class PassageRetriever(Protocol):
    """Ranks the passages of the index for a query, best first."""

    def search(self, query: str, k: int = 10, source_ids: list[str] | None = None) -> list[ScoredPassage]: ...


class RetrieverBase(BaseRetriever):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    k: int = 6
    source_ids: list[str] | None = None

    def search(self, query: str, k: int = 10, source_ids: list[str] | None = None) -> list[ScoredPassage]:
        raise NotImplementedError

    def _allowed(self, source_ids: list[str] | None) -> np.ndarray | None:
        if not source_ids:
            return None
        wanted = set(source_ids)
        return np.array([p.source_id in wanted for p in self.index.passages], dtype=bool)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun | None = None
    ) -> list[Document]:
        return [
            Document(
                page_content=sp.passage.text,
                id=sp.passage.id,
                metadata={**sp.passage.metadata(), "score": sp.score, "notes": sp.passage.notes},
            )
            for sp in self.search(query, self.k, self.source_ids)
        ]
