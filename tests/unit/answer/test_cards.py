"""CardMatcher: a card applies when its nearest question is close and clearly closer than other cards'."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from assistent.answer.cards import CardMatcher


@dataclass(frozen=True)
class Card:
    id: str
    basis: tuple[str, ...] = ()
    statement_nl: str = ""


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
    with pytest.raises(ValueError):
        CardMatcher([], {}, embed, min_cover=1.5)


def words(text: str) -> dict[str, float]:
    """Focus terms of a text: its longer words, each weighing one."""
    return {w: 1.0 for w in text.lower().replace("?", "").replace(".", "").split() if len(w) > 3}


def test_a_near_question_about_other_things_than_the_card_gets_no_card() -> None:
    basis = "Een eigen inleg van 5% van de financiering."
    cards = [Card("inleg", basis=(basis,), statement_nl="Minstens 5% eigen inleg.")]
    questions = {"inleg": ["Hoeveel eigen inleg?"]}
    matcher = CardMatcher(cards, questions, embed, focus=words, min_cover=0.5)
    qvec = embed(["hoeveel inleg"])[0]  # the vector is as near as can be in both cases
    elsewhere = words("gemeente taak inleg")
    # the card's words hold the question's focus ('eigen', 'inleg', 'financiering')
    assert [c.id for c in matcher.match(qvec, "", words("eigen inleg financiering"))] == ["inleg"]
    # a compound is another word: 'woninginleg' is not the card's 'inleg'
    assert matcher.cover(0, words("woninginleg eigen")) == pytest.approx(1 / 2)
    # two of three focus terms are not the card's: a question about the gemeente's part, not the inleg
    assert matcher.cover(0, elsewhere) == pytest.approx(1 / 3)
    assert matcher.match(qvec, "", elsewhere) == []
    # unless the card's basis is the sentence of the sources nearest to the question
    assert [c.id for c in matcher.match(qvec, "", elsewhere, basis)] == ["inleg"]
    assert matcher.match(qvec, "", elsewhere, "Gemeenten hebben een taak.") == []
    # without focus terms (or without a focus function) only the vector decides
    assert [c.id for c in matcher.match(qvec, "", {})] == ["inleg"]
    assert [c.id for c in CardMatcher(cards, questions, embed).match(qvec, "", words("gemeente taak"))] == ["inleg"]
