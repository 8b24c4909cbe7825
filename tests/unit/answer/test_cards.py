"""CardMatcher: a card applies when its nearest question is close and clearly closer than other cards'."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from assistent.answer.cards import CardMatcher


@dataclass(frozen=True)
class Card:
    id: str


AXES = {"inleg": 0, "geld": 0, "uitvoer": 1, "wie": 1, "open": 2, "wanneer": 2}


def embed(texts: list[str]) -> np.ndarray:
    """A small real embedding: one axis per topic word, normalised."""
    out = np.zeros((len(texts), 4), dtype=np.float32)
    for i, t in enumerate(texts):
        for word, axis in AXES.items():
            out[i, axis] += word in t.lower()
        out[i, 3] += 0.05
        out[i] /= np.linalg.norm(out[i])
    return out


@pytest.fixture
def matcher() -> CardMatcher:
    cards = [Card("inleg"), Card("uitvoerder"), Card("opening"), Card("zonder vragen")]
    questions = {"inleg": ["Hoeveel eigen inleg?"], "uitvoerder": ["Wie voert het uit?"], "opening": ["Wanneer open?"]}
    return CardMatcher(cards, questions, embed, min_cos=0.9, margin=0.05)


def test_the_card_whose_question_is_nearest(matcher: CardMatcher) -> None:
    assert [c.id for c in matcher.match(embed(["hoeveel inleg en geld"])[0])] == ["inleg"]
    assert [c.id for c in matcher.match(embed(["wie doet de uitvoering"])[0])] == ["uitvoerder"]


def test_no_card_when_none_is_close_or_two_are_equally_close(matcher: CardMatcher) -> None:
    assert matcher.match(embed(["iets heel anders"])[0]) == []
    assert matcher.match(embed(["wie en wanneer"])[0]) == []  # halfway between two cards


def test_cards_without_questions_are_never_matched(matcher: CardMatcher) -> None:
    assert [c.id for c in matcher.cards] == ["inleg", "uitvoerder", "opening"]


def test_thresholds_are_validated() -> None:
    with pytest.raises(ValueError):
        CardMatcher([], {}, embed, min_cos=0.0)
