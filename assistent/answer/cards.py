"""Fact cards matched by meaning: the question's vector against the questions each card answers.

A card applies when its nearest question of the same answer type (who / how much / when …) is close enough to
the user's and clearly closer than any other card's (thresholds chosen on the dev and own sets). No pattern per
phrasing.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np


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
    ):
        """`cards` have an `id`; `questions` maps a card id to the questions it answers; `embed` turns
        questions into unit vectors the way user questions are embedded; `kind` gives a question's answer type."""
        if not 0 < min_cos <= 1:
            raise ValueError("min_cos must be in (0, 1]")
        self.cards = [c for c in cards if questions.get(c.id)]
        texts = [q for c in self.cards for q in questions[c.id]]
        self.owner = np.array([i for i, c in enumerate(self.cards) for _ in questions[c.id]])
        self.vectors = embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        self.kind = kind
        self.kinds = np.array([_group(kind(t)) for t in texts])
        self.min_cos = min_cos
        self.margin = margin

    def similarities(self, qvec: np.ndarray, kind: str = "") -> np.ndarray:
        """Per card: the cosine of its nearest question (of the same answer type) to the user's."""
        sims = np.where(self.kinds == _group(kind), self.vectors @ qvec, -1.0)
        best = np.full(len(self.cards), -1.0)
        np.maximum.at(best, self.owner, sims)
        return best

    def match(self, qvec: np.ndarray, question: str = "") -> list[Any]:
        """The card the question clearly asks about, as a one-element list, else []."""
        if not self.cards:
            return []
        best = self.similarities(qvec, self.kind(question))
        order = np.argsort(-best)
        top = best[order[0]]
        second = best[order[1]] if len(order) > 1 else -1.0
        if top >= self.min_cos and top - second >= self.margin:
            return [self.cards[order[0]]]
        return []


def _group(kind: str) -> str:
    """Answer types that a card's statement answers alike: 'what is it' and an open question."""
    return "open" if kind in ("other", "definition", "") else kind
