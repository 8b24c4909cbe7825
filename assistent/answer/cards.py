"""Fact cards matched by meaning: the question's vector against the questions each card answers.

A card applies when its nearest question of the same answer type (who / how much / when …) is close enough to
the user's and clearly closer than any other card's (thresholds chosen on the dev and own sets), and when a
second, independent sign agrees: the card's own words (of its questions, basis and statement) cover most of what
the question is about, or the card's basis is the sentence of the letter nearest to the question. A vector near
.9 alone also joins questions that share only their frame ('Wat doet het fonds voor een wooncoöperatie?' and
'Wat doet een gemeente voor wooncoöperaties?'). No pattern per phrasing.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from assistent.text import fold


class CardMatcher:
    """Finds the fact card a question asks about, if one clearly does."""

    def __init__(
        self,
        cards: Sequence[Any],
        questions: Mapping[str, Sequence[str]],
        embed: Callable[[list[str]], np.ndarray],
        min_cos: float = 0.9,
        margin: float = 0.03,
        kind: Callable[[str], str] = lambda question: "",
        focus: Callable[[str], Mapping[str, float]] | None = None,
        min_cover: float = 0.5,
    ):
        """`cards` have an `id` (and `basis` sentences and a `statement_nl`, read when `focus` is given);
        `questions` maps a card id to the questions it answers; `embed` turns questions into unit vectors the way
        user questions are embedded; `kind` gives a question's answer type; `focus` gives a text's focus terms
        with their weights, and a question's weighted share covered by a card's words must reach `min_cover`."""
        if not 0 < min_cos <= 1:
            raise ValueError("min_cos must be in (0, 1]")
        if not 0 <= min_cover <= 1:
            raise ValueError("min_cover must be in [0, 1]")
        self.cards = [c for c in cards if questions.get(c.id)]
        texts = [q for c in self.cards for q in questions[c.id]]
        self.owner = np.array([i for i, c in enumerate(self.cards) for _ in questions[c.id]])
        self.vectors = embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        self.kind = kind
        self.kinds = np.array([_group(kind(t)) for t in texts])
        self.min_cos = min_cos
        self.margin = margin
        self.min_cover = min_cover
        self.words = [
            frozenset(w for t in (*questions[c.id], *c.basis, c.statement_nl) for w in focus(t)) for c in self.cards
        ] if focus else None

    def similarities(self, qvec: np.ndarray, kind: str = "") -> np.ndarray:
        """Per card: the cosine of its nearest question (of the same answer type) to the user's."""
        sims = np.where(self.kinds == _group(kind), self.vectors @ qvec, -1.0)
        best = np.full(len(self.cards), -1.0)
        np.maximum.at(best, self.owner, sims)
        return best

    def match(
        self, qvec: np.ndarray, question: str = "", focus: Mapping[str, float] | None = None, nearest: str = ""
    ) -> list[Any]:
        """The card the question (with these focus terms, and this sentence of the sources nearest to it) clearly
        asks about, as a one-element list, else []."""
        if not self.cards:
            return []
        best = self.similarities(qvec, self.kind(question))
        order = np.argsort(-best)
        top = best[order[0]]
        second = best[order[1]] if len(order) > 1 else -1.0
        if top >= self.min_cos and top - second >= self.margin:
            card = self.cards[order[0]]
            near = fold(nearest)
            is_basis = bool(near) and any(fold(b) in near or near in fold(b) for b in card.basis)
            if is_basis or self.cover(int(order[0]), focus) >= self.min_cover:
                return [card]
        return []

    def cover(self, i: int, focus: Mapping[str, float] | None) -> float:
        """The weighted share of the focus terms that card `i`'s words hold (as stems: a compound is another word,
        'wooncoöperatie' is not the fund's 'coöperatie'); 1.0 when either side has no words to compare."""
        if self.words is None or not focus or not sum(focus.values()):
            return 1.0
        return sum(w for s, w in focus.items() if s in self.words[i]) / sum(focus.values())


def _group(kind: str) -> str:
    """Answer types that a card's statement answers alike: 'what is it' and an open question."""
    return "open" if kind in ("other", "definition", "") else kind
