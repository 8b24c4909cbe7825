"""Fakes for the fast tier: a deterministic embeddings backend and a small real index built with it.

* `HashEmbeddings` is a real `ArrayEmbeddings` (LangChain `Embeddings` included): a text becomes a bag of
  hashed word stems (folded, stop words dropped, Dutch-stemmed, as `assistent.text.analyze` does),
  L2-normalised. Texts sharing words are similar; texts sharing none are orthogonal (but for hash
  collisions). It is deterministic across processes (blake2b, not Python's salted `hash`).
* Importing this module registers it as the embeddings backend "hash", so
  `Settings(embedding_backend="hash")` reaches it through the normal `get_embeddings` path;
  `embedding_model` may name the dimension ("128"), anything else gives `DEFAULT_DIM`.
* `small_index(root, files=None)` ingests a tiny corpus with the real pipeline (real cleaning, chunking,
  Chroma and bm25s) using the hash backend and returns `(settings, Index)`. The default corpus is
  `letter_excerpt()`: the opening and the section on the Fonds Coöperatief Wonen of the real letter.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Mapping

import numpy as np
from conftest import LETTER_NAME, letter_text, make_corpus, settings_for

from assistent.index.embed import ArrayEmbeddings, register_backend
from assistent.settings import Settings
from assistent.text import analyze, tokens

DEFAULT_DIM = 1024
BACKEND = "hash"


def _bucket(word: str, dim: int) -> int:
    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") % dim


class HashEmbeddings(ArrayEmbeddings):
    """A tiny deterministic backend: bag of hashed word stems, L2-normalised."""

    name = BACKEND

    def __init__(self, dim: int = DEFAULT_DIM):
        if dim < 2:
            raise ValueError("dim must be at least 2")
        self.dim = dim
        self.calls: list[int] = []  # sizes of the embed_passages batches, for tests that count work

    def words(self, text: str) -> list[str]:
        """What is hashed: the analysed stems, or the plain folded tokens of a text that is all stop words."""
        return analyze(text) or tokens(text) or ["<leeg>"]

    def vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for word in self.words(text):
            v[_bucket(word, self.dim)] += 1.0
        return v / np.float32(np.linalg.norm(v))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.vector(t) for t in texts]).astype(np.float32)

    def embed_query_array(self, text: str) -> np.ndarray:
        return self.vector(text)

    def _embed_query(self, text: str) -> np.ndarray:
        return self.vector(text)


def hash_backend(model: str) -> HashEmbeddings:
    """The registry factory: `embedding_model` "128" gives 128 dimensions; any other name the default."""
    return HashEmbeddings(int(model) if model.isdigit() else DEFAULT_DIM)


register_backend(BACKEND, hash_backend)


# --- a small real index ---------------------------------------------------------


def letter_excerpt() -> str:
    """The real letter from its start up to (not including) the section 'Taxatierichtlijn vaker gebruiken':
    the opening, the reading guide and the whole section on the Fonds Coöperatief Wonen (about 7 KB)."""
    text = letter_text()
    end = text.index("\nTaxatierichtlijn vaker gebruiken")
    return text[:end] + "\n"


def hash_settings(corpus_dir: Path, index_dir: Path, data_dir: Path | None = None, **overrides) -> Settings:
    """`settings_for` with the hash backend."""
    overrides.setdefault("embedding_backend", BACKEND)
    overrides.setdefault("embedding_model", str(DEFAULT_DIM))
    return settings_for(corpus_dir, index_dir, data_dir, **overrides)


def small_index(root: Path, files: Mapping[str, str | bytes] | None = None, **overrides):
    """Ingest `files` (default: the letter excerpt under the letter's file name, so it is the named source
    'kamerbrief-2026') into root/corpus → root/index with the hash backend; returns (settings, Index)."""
    from assistent.index.store import Index
    from assistent.ingest.pipeline import ingest

    root = Path(root)
    corpus = make_corpus(root, files if files is not None else {LETTER_NAME: letter_excerpt()})
    settings = hash_settings(corpus, root / "index", root / "data", **overrides)
    report = ingest(settings, progress=False)
    assert not report.failed, report.failed
    assert report.wrote and report.passages > 0, report
    return settings, Index.open(settings)
