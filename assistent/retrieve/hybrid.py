"""Stage 5 — retrieve: BM25, dense and hybrid retrievers, swappable behind one Protocol.

Each is also a LangChain BaseRetriever, so it plugs into LangChain chains unchanged.
"""
from __future__ import annotations

from functools import cached_property
from typing import Any, Protocol, runtime_checkable

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field
from rapidfuzz import fuzz, process

from assistent.index.embed import ArrayEmbeddings
from assistent.text.glossary import expand
from assistent.index.store import Index
from assistent.models import ScoredPassage
from assistent.settings import Fusion
from assistent.text import analyze, tokens


@runtime_checkable
class PassageRetriever(Protocol):
    """Ranks the passages of the index for a query, best first."""

    def search(self, query: str, k: int = 10, source_ids: list[str] | None = None) -> list[ScoredPassage]: ...


class _Base(BaseRetriever):
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


class BM25Retriever(_Base):
    """bm25s over Dutch-stemmed tokens; glossary expansion and typo correction against the corpus vocabulary."""

    @cached_property
    def _vocab_words(self) -> list[str]:
        words: set[str] = set()
        for p in self.index.passages:
            words.update(t for t in tokens(p.text + " " + " ".join(p.section_path)) if len(t) >= 4 and not t.isdigit())
        return sorted(words)

    @cached_property
    def _vocab_set(self) -> frozenset[str]:
        return frozenset(self._vocab_words)

    def correct(self, query: str) -> str:
        """Replace words that are not in the corpus by the closest corpus word (typos: 'fons' → 'fonds')."""
        out = []
        for tok in tokens(query):
            if len(tok) >= 4 and not tok.isdigit() and tok not in self._vocab_set:
                match = process.extractOne(tok, self._vocab_words, scorer=fuzz.ratio, score_cutoff=84)
                # a longer or shorter form of the same word (geld → geldt) is inflection, not a typo
                if match and not (match[0].startswith(tok) or tok.startswith(match[0])):
                    out.append(match[0])
                    continue
            out.append(tok)
        return " ".join(out)

    def query_tokens(self, query: str) -> list[str]:
        expanded = expand(query)
        q = analyze(expanded + " " + self.correct(expanded))
        vocab = self.index.bm25.vocab_dict if self.index.bm25 is not None else {}
        return [t for t in dict.fromkeys(q) if t in vocab]

    def scores(self, query: str) -> np.ndarray:
        n = len(self.index.passages)
        toks = self.query_tokens(query)
        if not toks or self.index.bm25 is None:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self.index.bm25.get_scores(toks), dtype=np.float32)

    def search(self, query: str, k: int = 10, source_ids: list[str] | None = None) -> list[ScoredPassage]:
        scores = self.scores(query)
        mask = self._allowed(source_ids)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            ScoredPassage(passage=self.index.passages[i], score=float(scores[i]), scores={"bm25": float(scores[i])})
            for i in order
            if scores[i] > 0
        ]


class DenseRetriever(_Base):
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


class HybridRetriever(_Base):
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
        self, query: str, qvec: np.ndarray, k: int = 10, source_ids: list[str] | None = None
    ) -> list[ScoredPassage]:
        idx = self.index
        n = len(idx.passages)
        if n == 0:
            return []
        mask = self._allowed(source_ids)
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


def make_retriever(kind: str, index: Index, embeddings: ArrayEmbeddings, **kw: Any) -> _Base:
    """A retriever by name: hybrid (default), bm25 or dense."""
    if kind not in RETRIEVERS:
        raise ValueError(f"unknown retriever {kind!r}; choose one of {', '.join(RETRIEVERS)}")
    if kind == "bm25":
        return BM25Retriever(index=index, **kw)
    return RETRIEVERS[kind](index=index, embeddings=embeddings, **kw)
