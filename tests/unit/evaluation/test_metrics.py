"""Tests for the eval measures (assistent.evaluation.metrics)."""
from __future__ import annotations

from assistent.answer.conversation import standalone
from assistent.evaluation.metrics import score_retrieval
from assistent.models import Passage, ScoredPassage, Turn

FUND = "SVn zal het Fonds Coöperatief Wonen oprichten en uitvoeren."
OTHER = "Gemeenten kunnen grond verkopen aan wooncoöperaties."


def _passage(i: int, text: str) -> ScoredPassage:
    return ScoredPassage(
        passage=Passage(id=f"p{i}", source_id="brief", title="Brief", paragraph=i, char_start=0, char_end=len(text),
                        text=text),
        score=1.0,
    )


def _search(question: str, history: list[Turn]) -> list[ScoredPassage]:
    """Ranks the fund's passage first only when the question, read with its conversation, names the fund."""
    query = standalone(question, history)
    texts = [FUND, OTHER] if "fonds" in query.lower() else [OTHER, FUND]
    return [_passage(i, t) for i, t in enumerate(texts)]


FOLLOW_UP = {
    "id": "f1", "question": "En wie voert dat uit?", "evidence": ["het Fonds Coöperatief Wonen oprichten"],
    "history": [{"role": "user", "content": "Wat is het Fonds Coöperatief Wonen?"},
                {"role": "assistant", "content": "Een fonds dat leningen geeft."}],
}


def test_a_follow_up_is_searched_with_its_conversation() -> None:
    scores = score_retrieval([FOLLOW_UP], _search).summary()
    assert scores["hit@1"] == 1.0


def test_without_its_conversation_the_follow_up_misses() -> None:
    alone = {k: v for k, v in FOLLOW_UP.items() if k != "history"}
    assert score_retrieval([alone], _search).summary()["hit@1"] == 0.0


def test_refusals_are_not_scored_for_retrieval() -> None:
    refusal = {"id": "r1", "question": "Wat is de rente?", "evidence": [], "expect_refusal": True}
    assert score_retrieval([refusal], _search).summary()["n"] == 0
