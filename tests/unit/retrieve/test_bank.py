"""Unit tests of the question bank (assistent.retrieve.bank): which passages the nearest questions asked before
point to, how close, which files are left out, and loading a bank against a real small index (hash embeddings)."""
from __future__ import annotations

import numpy as np
import pytest
from fakes import HashEmbeddings, small_index

from assistent.retrieve.bank import (
    Asked, Judged, JudgedQuestions, QuestionBank, load_bank, load_judged, read_bank, read_judged, save_judged_vectors,
    save_vectors, write_bank, write_judged,
)


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def bank(**kw) -> QuestionBank:
    asked = [Asked("a", ("x",), "own-1"), Asked("b", ("y",), "own-2"), Asked("c", ("z",), "own-2")]
    vectors = np.stack([unit(1, 0, 0), unit(0.96, 0.28, 0), unit(0, 0, 1)])
    return QuestionBank(asked, [["p1"], ["p2", "p1"], ["p3"]], vectors, **kw)


def test_the_passages_of_questions_above_the_floor_count_by_how_close_they_are() -> None:
    got = bank(floor=0.9).near(unit(1, 0, 0))
    assert set(got) == {"p1", "p2"}  # 'c' is far off
    assert got["p1"] == pytest.approx(1.0)  # the same question
    assert got["p2"] == pytest.approx((0.96 - 0.9) / 0.1, abs=1e-5)
    assert bank(floor=0.97).near(unit(1, 0, 0)) == {"p1": pytest.approx(1.0)}


def test_only_the_nearest_questions_count_and_a_files_questions_can_be_left_out() -> None:
    assert set(bank(floor=0.5, neighbours=1).near(unit(1, 0.1, 0))) == {"p1"}
    assert set(bank(floor=0.5).near(unit(1, 0, 0), leave_out=frozenset({"own-1"}))) == {"p2", "p1"}
    assert bank(floor=0.5).near(unit(1, 0, 0), leave_out=frozenset({"own-1", "own-2"})) == {}


def test_a_question_that_asks_for_a_kind_of_answer_reads_only_questions_that_ask_for_it_too() -> None:
    kinds = bank(floor=0.5, kinds=["reason", "yesno", "other"])
    assert set(kinds.near(unit(1, 0.1, 0))) == {"p1", "p2"}  # a kind not known: every near question counts
    assert set(kinds.near(unit(1, 0.1, 0), kind="yesno")) == {"p2", "p1"}  # 'b' (yesno) only: its p2 and p1
    assert kinds.near(unit(1, 0.1, 0), kind="yesno")["p1"] < kinds.near(unit(1, 0.1, 0))["p1"]  # not 'a' (reason)
    assert set(kinds.near_evidence(unit(1, 0.1, 0), kind="time")) == set()  # 'c' (other) lies far off


def test_a_bank_refuses_parts_that_do_not_line_up() -> None:
    with pytest.raises(ValueError, match="passages and its vectors"):
        QuestionBank([Asked("a", ("x",), "o")], [], np.zeros((1, 3)))
    with pytest.raises(ValueError, match="floor"):
        bank(floor=1.0)


def premise_bank(floor: float = 0.85) -> QuestionBank:
    asked = [Asked("false", ("De Bron Zegt Het Anders.",), "own-1", false_premise=True),
             Asked("held", ("Een zin die het bevestigt.",), "own-2"),
             Asked("far", ("Nog een zin.",), "own-2", false_premise=True)]
    vectors = np.stack([unit(1, 0, 0), unit(0.9, 0.44, 0), unit(0, 0, 1)])
    return QuestionBank(asked, [["p1"], ["p2"], ["p3"]], vectors, floor=floor)


def test_a_question_clearly_nearest_to_one_whose_premise_was_false_gets_its_evidence() -> None:
    # cosine 1.0 to 'false', 0.9 to 'held': a margin of 0.1
    assert premise_bank().false_premise(unit(1, 0, 0), margin=0.05) == ("de bron zegt het anders.",)
    assert premise_bank().false_premise(unit(1, 0, 0), margin=0.15) == ()  # not clearly nearer
    # nearer to the question whose premise held
    assert premise_bank().false_premise(unit(0.9, 0.44, 0), margin=0.0) == ()
    # the nearest false one wherever it lies; none above the floor, or its file left out
    assert premise_bank().false_premise(unit(0.3, 0, 1), margin=0.0) == ("nog een zin.",)
    assert premise_bank().false_premise(unit(0.5, -1, 0.5), margin=0.0) == ()
    assert premise_bank().false_premise(unit(1, 0, 0), margin=0.05, leave_out=frozenset({"own-1"})) == ()


def test_a_claim_the_source_says_about_as_closely_as_the_false_one_is_not_corrected() -> None:
    # cosine 1.0 to 'false'; the source's nearest sentence at 0.98 lies within a gap of 0.03, at 0.96 it does not
    assert premise_bank().false_premise(unit(1, 0, 0), margin=0.05, said=0.98, source_gap=0.03) == ()
    assert premise_bank().false_premise(unit(1, 0, 0), margin=0.05, said=0.96, source_gap=0.03) == (
        "de bron zegt het anders.",)


def test_the_false_claims_must_hold_a_share_of_the_closeness_of_the_nearest_ones() -> None:
    # nearest 'false' (1.0 → 0.15 above the floor of 0.85), then 'held' (0.9 → 0.05): false holds 0.75 of it
    assert premise_bank().false_premise(unit(1, 0, 0), margin=0.05, share=0.7) == ("de bron zegt het anders.",)
    assert premise_bank().false_premise(unit(1, 0, 0), margin=0.05, share=0.8) == ()
    # with one neighbour only the nearest counts
    one = premise_bank()
    one.neighbours = 1
    assert one.false_premise(unit(1, 0, 0), margin=0.05, share=0.8) == ("de bron zegt het anders.",)


def test_claims_are_compared_by_what_the_questions_say_not_by_the_whole_questions() -> None:
    asked = [Asked("Het fonds geeft subsidie. Hoe vraag ik die aan?", ("Het fonds verstrekt leningen.",), "own-1",
                   "Het fonds geeft subsidie.", True),
             Asked("Hoe vraag ik een lening aan?", ("Aanvragen kan bij SVn.",), "own-2")]
    questions = np.stack([unit(0, 1, 0), unit(1, 0, 0)])  # the whole questions: the first lies far off
    claims = np.stack([unit(1, 0, 0), unit(0, 0, 1)])
    got = QuestionBank(asked, [["p1"], ["p2"]], questions, floor=0.85, claim_vectors=claims)
    assert got.false_premise(unit(1, 0, 0), margin=0.1) == ("het fonds verstrekt leningen.",)
    assert QuestionBank(asked, [["p1"], ["p2"]], questions, floor=0.85).false_premise(unit(1, 0, 0), margin=0.1) == ()
    assert [a.said for a in asked] == ["Het fonds geeft subsidie.", "Hoe vraag ik een lening aan?"]


def test_a_claim_and_a_false_premise_are_written_and_read_back_with_their_question(tmp_path) -> None:
    path = tmp_path / "questions.json"
    write_bank([Asked("Het fonds geeft subsidie, toch?", ("Het fonds verstrekt leningen",), "own-1",
                      "het fonds geeft subsidie", True),
                Asked("Wat doet het fonds?", ("Het fonds verstrekt leningen",), "own-2")], path)
    assert {a.question: (a.claim, a.false_premise) for a in read_bank(path)} == {
        "Het fonds geeft subsidie, toch?": ("het fonds geeft subsidie", True), "Wat doet het fonds?": ("", False)}
    text = path.read_text(encoding="utf-8")
    assert text.count("false_premise") == 1 and text.count('"claim"') == 1  # only where there is one


class CountingEmbeddings(HashEmbeddings):
    """Hash embeddings that count the questions they embed."""

    def __init__(self) -> None:
        super().__init__()
        self.queries = 0

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.queries += len(texts)
        return super().embed_queries(texts)


def test_a_bank_finds_its_passages_by_their_evidence_and_caches_its_vectors(tmp_path) -> None:
    settings, idx = small_index(tmp_path)
    path = tmp_path / "questions.json"
    written = write_bank([
        Asked("Hoeveel eigen geld moeten we inbrengen?", ("minimale eigen inleg vereist van 5%",), "own-1"),
        Asked("Wat doet het fonds?", ("Het fonds verstrekt leningen",), "own-2"),
        Asked("Wat zegt de brief over de maan?", ("een zin die nergens staat",), "own-2"),
    ], path)
    assert written == 3 and len(read_bank(path)) == 3
    embeddings = CountingEmbeddings()
    got = load_bank(idx, embeddings, "hash", tmp_path / "cache", path)
    assert [a.question for a in got.asked] == ["Hoeveel eigen geld moeten we inbrengen?", "Wat doet het fonds?"]
    holds = {p.id: p.text for p in idx.passages}
    assert all("5%" in holds[pid] for pid in got.answers[0])
    # every question of the bank (another index may hold other evidence); what each says is the question itself
    # here (no claims), whose vectors are the same file
    assert embeddings.queries == 3
    near = got.near(embeddings.embed_query_array("Hoeveel eigen geld moeten we inbrengen?"))
    assert set(got.answers[0]) <= set(near)
    again = load_bank(idx, embeddings, "hash", tmp_path / "cache", path)
    assert embeddings.queries == 3 and np.array_equal(again.vectors, got.vectors)  # read from the cache
    assert len(load_bank(idx, embeddings, "hash", None, tmp_path / "none.json")) == 0

    # vectors shipped next to the bank for this model are read, never made
    shipped = save_vectors(embeddings, "hash", path)
    assert shipped.parent == tmp_path and embeddings.queries == 6  # all three questions, once more
    fresh = CountingEmbeddings()
    assert np.allclose(load_bank(idx, fresh, "hash", None, path).vectors, got.vectors, atol=1e-3)
    assert fresh.queries == 0
    assert load_bank(idx, fresh, "another model", None, path) and fresh.queries == 3  # another model: made anew


# --- questions judged before ------------------------------------------------------------------------------------


def judged() -> JudgedQuestions:
    rows = [Judged("rente?", "own-1", False), Judged("inleg?", "own-1", True), Judged("looptijd?", "own-2", False)]
    return JudgedQuestions(rows, np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(0.6, 0.8, 0)]))


def test_the_nearest_unanswered_and_answered_question_are_found_apart_and_a_file_left_out_is_not_read() -> None:
    got = judged().nearest(unit(1, 0, 0))
    assert got == (pytest.approx(1.0), pytest.approx(0.0))  # 'rente?' itself; 'inleg?' lies square to it
    assert judged().nearest(unit(1, 0, 0) * 3) == got  # a query vector of any length
    # without own-1, the nearest unanswered one is 'looptijd?', and no answered one is left
    assert judged().nearest(unit(1, 0, 0), frozenset({"own-1"})) == (pytest.approx(0.6), 0.0)
    assert JudgedQuestions([], np.zeros((0, 3))).nearest(unit(1, 0, 0)) == (0.0, 0.0)
    with pytest.raises(ValueError, match="vector"):
        JudgedQuestions([Judged("a", "own-1", True)], np.zeros((0, 3)))


def test_questions_judged_before_are_written_read_back_and_their_vectors_shipped(tmp_path) -> None:
    path = tmp_path / "judged.json"
    rows = [Judged("Wat is de rente?", "own-1", False), Judged("Hoeveel eigen inleg?", "own-2", True),
            Judged("Wat is de rente?", "own-1", False)]
    assert write_judged(rows, path) == 2 and set(read_judged(path)) == set(rows)
    embeddings = CountingEmbeddings()
    got = load_judged(embeddings, "hash", tmp_path / "cache", path)
    assert len(got) == 2 and embeddings.queries == 2
    rente = embeddings.embed_query_array("Wat is de rente?")
    assert got.nearest(rente) == (pytest.approx(1.0, abs=1e-5), pytest.approx(float(
        got.vectors[[j.answered for j in got.judged].index(True)] @ rente / np.linalg.norm(rente)), abs=1e-5))
    shipped = save_judged_vectors(embeddings, "hash", path)
    assert shipped.name.startswith("judged-") and embeddings.queries == 4
    fresh = CountingEmbeddings()
    assert np.allclose(load_judged(fresh, "hash", None, path).vectors, got.vectors, atol=1e-3) and fresh.queries == 0
    # the bank's own vectors stay where they are
    write_bank([Asked("Wat doet het fonds?", ("Het fonds verstrekt leningen",), "own-2")], tmp_path / "questions.json")
    bank_file = save_vectors(embeddings, "hash", tmp_path / "questions.json")
    save_judged_vectors(embeddings, "hash", path)
    assert bank_file.exists() and len(list(tmp_path.glob("judged-*.npy"))) == 1
    assert len(load_judged(fresh, "hash", None, tmp_path / "none.json")) == 0
