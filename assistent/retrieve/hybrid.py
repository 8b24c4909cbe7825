"""Hybrid retrieval: BM25, passage vectors and best-sentence vectors fused (weighted, or reciprocal rank).

Each retriever is also a LangChain BaseRetriever, so it plugs into LangChain chains unchanged.
"""
from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
from pydantic import Field

from assistent.index.embed import ArrayEmbeddings
from assistent.index.store import Index
from assistent.models import ScoredPassage
from assistent.retrieve.bm25 import BM25Retriever
from assistent.retrieve.dense import DenseRetriever
from assistent.retrieve.protocol import PassageRetriever, RetrieverBase
from assistent.settings import Fusion

__all__ = ["BM25Retriever", "DenseRetriever", "HybridRetriever", "PassageRetriever", "make_retriever"]


class HybridRetriever(RetrieverBase):
    """Fusion of BM25, passage embeddings and best-sentence embeddings (weighted by default, or RRF)."""

    embeddings: ArrayEmbeddings
    rrf_k: int = 60
    weights: dict[str, float] = Field(default_factory=lambda: {"bm25": 1.0, "dense": 1.0, "sentence": 1.0})
    fusion: Fusion = "weighted"
    candidates: int = 30

    @cached_property
    def bm25(self) -> BM25Retriever:
        return BM25Retriever(index=self.index)

    @cached_property
    def dense(self) -> DenseRetriever:
        return DenseRetriever(index=self.index, embeddings=self.embeddings)

    def search(self, query: str, k: int = 10, source_ids: list[str] | None = None) -> list[ScoredPassage]:
        qvec = self.embeddings.embed_query_array(query)
        return self.search_with_vector(query, qvec, k, source_ids)

    def sentence_scores(self, qvec: np.ndarray) -> np.ndarray:
        """Per passage: the best cosine of one of its sentences to the query."""
        idx = self.index
        best = np.full(len(idx.passages), -1.0, dtype=np.float32)
        if len(idx.sentence_vectors):
            np.maximum.at(best, self._sentence_owner, idx.sentence_vectors @ qvec)
        return best

    @cached_property
    def _sentence_owner(self) -> np.ndarray:
        """For each sentence vector, the row of its passage."""
        return np.array([self.index.by_id[pid] for pid, _, _ in self.index.sentence_spans], dtype=np.intp)

    def search_with_vector(
        self, query: str, qvec: np.ndarray, k: int = 10, source_ids: list[str] | None = None,
        allowed: np.ndarray | None = None,
    ) -> list[ScoredPassage]:
        """The best k passages; `allowed` (one bool per passage) narrows them further, as source_ids does."""
        idx = self.index
        n = len(idx.passages)
        if n == 0:
            return []
        mask = self._allowed(source_ids)
        if allowed is not None:
            mask = allowed if mask is None else mask & allowed
        bm = self.bm25.scores(query)
        dense = np.full(n, -1.0, dtype=np.float32)
        for sp in self.dense.search_vector(qvec, self.candidates, source_ids):
            dense[idx.by_id[sp.passage.id]] = sp.score
        sent = self.sentence_scores(qvec)
        signals = {"bm25": bm, "dense": dense, "sentence": sent}
        fused = self._fuse(signals, mask)
        order = np.argsort(-fused, kind="stable")[:k]
        return [
            ScoredPassage(
                passage=idx.passages[i],
                score=float(fused[i]),
                scores={name: round(float(values[i]), 4) for name, values in signals.items()},
            )
            for i in order
            if fused[i] > 0
        ]


    def _fuse(self, signals: dict[str, np.ndarray], mask: np.ndarray | None) -> np.ndarray:
        n = len(self.index.passages)
        fused = np.zeros(n, dtype=np.float64)
        for name, values in signals.items():
            w = self.weights.get(name, 0.0)
            if w == 0:
                continue
            valid = values > (0.0 if name == "bm25" else -1.0)
            if mask is not None:
                valid &= mask
            if self.fusion == "weighted":
                top = values[valid].max() if valid.any() else 0.0
                if name == "bm25":
                    fused += np.where(valid, w * values / (top or 1.0), 0.0)
                else:  # cosine: spread the candidates' range over 0..1
                    low = np.quantile(values[valid], 0.5) if valid.any() else 0.0
                    fused += np.where(valid, w * np.clip((values - low) / max(top - low, 1e-6), 0, 1), 0.0)
                continue
            vals = np.where(valid, values, -np.inf)
            order = np.argsort(-vals, kind="stable")[: self.candidates]
            for rank, i in enumerate(order):
                if not valid[i]:
                    break
                fused[i] += w / (self.rrf_k + rank + 1)
        if mask is not None:
            fused = np.where(mask, fused, 0.0)
        return fused


RETRIEVERS = {"hybrid": HybridRetriever, "bm25": BM25Retriever, "dense": DenseRetriever}


def make_retriever(kind: str, index: Index, embeddings: ArrayEmbeddings, **kw: Any) -> RetrieverBase:
    """A retriever by name: hybrid (default), bm25 or dense."""
    if kind not in RETRIEVERS:
        raise ValueError(f"unknown retriever {kind!r}; choose one of {', '.join(RETRIEVERS)}")
    if kind == "bm25":
        return BM25Retriever(index=index, **kw)
    return RETRIEVERS[kind](index=index, embeddings=embeddings, **kw)
