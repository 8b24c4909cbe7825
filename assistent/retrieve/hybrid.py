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
        dense = idx.vectors @ qvec if len(idx.vectors) else np.zeros(n, dtype=np.float32)
        sent = self.sentence_scores(qvec)
        signals = {"bm25": bm, "dense": dense, "sentence": sent}
        fused, reach = self._fuse(signals, np.ones(n, dtype=bool) if mask is None else mask)
        order = np.argsort(-fused, kind="stable")[:k]
        return [
            ScoredPassage(
                passage=idx.passages[i],
                score=float(fused[i]),
                scores={name: round(float(values[i]), 4) for name, values in signals.items()},
                reach=float(reach[i]),
            )
            for i in order
            if fused[i] > 0
        ]

    @cached_property
    def _source_of(self) -> np.ndarray:
        """For each passage row, the number of its source."""
        numbers: dict[str, int] = {}
        return np.array([numbers.setdefault(p.source_id, len(numbers)) for p in self.index.passages], dtype=np.intp)

    def _fuse(self, signals: dict[str, np.ndarray], allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One score per passage (0 where not allowed), and the reach its source's scores are scaled by.
        Weighted fusion ranks each source's passages as if that source were the whole corpus, then scales them
        by how well the source's best passage matches against all (its reach, 1 when it is the only source):
        adding documents to corpus/ does not reorder the letter's passages among themselves."""
        if self.fusion != "weighted":
            return self._reciprocal_rank(signals, allowed), np.ones(len(allowed))
        whole = self._normalised(signals, allowed)
        total = sum(self.weights.get(name, 0.0) for name in whole) or 1.0
        fused = np.zeros(len(allowed), dtype=np.float64)
        reaches = np.ones(len(allowed), dtype=np.float64)
        for source in np.unique(self._source_of[allowed]):
            rows = allowed & (self._source_of == source)
            reach = sum(self.weights[name] * values[rows].max() for name, values in whole.items()) / total
            reaches[rows] = reach
            if reach > 0:
                fused += reach * sum(self.weights[name] * values for name, values in self._normalised(signals, rows).items())
        return fused, reaches

    def _normalised(self, signals: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
        """Each weighted signal over `rows` on 0..1 (0 elsewhere): BM25 by its maximum; a cosine spread from the
        median to the maximum of its candidates (for the passage vector only the best `candidates` of them)."""
        out = {}
        for name, values in signals.items():
            if self.weights.get(name, 0.0) == 0:
                continue
            valid = rows & (values > (0.0 if name == "bm25" else -1.0))
            if name == "dense" and valid.sum() > self.candidates:
                valid &= values >= np.sort(values[valid])[-self.candidates]
            if not valid.any():
                out[name] = np.zeros(len(values))
                continue
            top = values[valid].max()
            if name == "bm25":
                out[name] = np.where(valid, values / (top or 1.0), 0.0)
            else:
                low = np.quantile(values[valid], 0.5)
                out[name] = np.where(valid, np.clip((values - low) / max(top - low, 1e-6), 0, 1), 0.0)
        return out

    def _reciprocal_rank(self, signals: dict[str, np.ndarray], allowed: np.ndarray) -> np.ndarray:
        fused = np.zeros(len(allowed), dtype=np.float64)
        for name, values in signals.items():
            w = self.weights.get(name, 0.0)
            if w == 0:
                continue
            valid = allowed & (values > (0.0 if name == "bm25" else -1.0))
            vals = np.where(valid, values, -np.inf)
            for rank, i in enumerate(np.argsort(-vals, kind="stable")[: self.candidates]):
                if not valid[i]:
                    break
                fused[i] += w / (self.rrf_k + rank + 1)
        return fused


RETRIEVERS = {"hybrid": HybridRetriever, "bm25": BM25Retriever, "dense": DenseRetriever}


def make_retriever(kind: str, index: Index, embeddings: ArrayEmbeddings, **kw: Any) -> RetrieverBase:
    """A retriever by name: hybrid (default), bm25 or dense."""
    if kind not in RETRIEVERS:
        raise ValueError(f"unknown retriever {kind!r}; choose one of {', '.join(RETRIEVERS)}")
    if kind == "bm25":
        return BM25Retriever(index=index, **kw)
    return RETRIEVERS[kind](index=index, embeddings=embeddings, **kw)
