"""Dense retrieval: cosine of the query vector to the passage vectors in Chroma."""
from __future__ import annotations

from typing import Any

import numpy as np

from assistent.index.embed import ArrayEmbeddings
from assistent.models import ScoredPassage
from assistent.retrieve.protocol import RetrieverBase


class DenseRetriever(RetrieverBase):
    """Cosine similarity of the query embedding to passage embeddings, via the Chroma collection."""

    embeddings: ArrayEmbeddings

    def search(self, query: str, k: int = 10, source_ids: list[str] | None = None) -> list[ScoredPassage]:
        return self.search_vector(self.embeddings.embed_query_array(query), k, source_ids)

    def search_vector(self, qvec: np.ndarray, k: int, source_ids: list[str] | None = None) -> list[ScoredPassage]:
        n = len(self.index.passages)
        if n == 0:
            return []
        where: dict[str, Any] | None = {"source_id": {"$in": list(source_ids)}} if source_ids else None
        res = self.index.collection.query(
            query_embeddings=[qvec.tolist()], n_results=min(k, n), where=where, include=["distances"]
        )
        out = []
        for pid, dist in zip(res["ids"][0], res["distances"][0]):
            p = self.index.get(pid)
            if p is not None:
                out.append(ScoredPassage(passage=p, score=1.0 - float(dist), scores={"dense": 1.0 - float(dist)}))
        return out
