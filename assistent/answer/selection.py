"""Which sentences answer the question: a learned score over general features of a sentence in its pool.

Each sentence of the top passages is described by what any question shares with it — its cosine to the
question (and how far below the best), the share of the question's focus it holds, whether it holds the
expected answer type, its passage's rank and score, its place in the passage, its neighbours' cosines, the kinds of
value it holds (an amount, a time, a reason …) next to the kind the question asks for — never by its words.
Gradient-boosted trees over these, fitted on the dev and own sets by
`assistent train-selection` (labels: the sentence holds a key fact or is evidence), give the order in
which sentences are taken into the direct answer. Without a model for the embedding in use, the
composer's hand-set score orders them.
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, get_args

import numpy as np

from assistent.answer.analysis import AnswerType, QuestionAnalysis, holds_type
from assistent.answer.trees import BoostedTrees
from assistent.text import analyze, refers_back

# the kinds of value a sentence may hold (whatever the question asks: the trees weigh them per answer type)
HELD_TYPES = ("amount", "percentage", "count", "duration", "time", "organisation", "place", "reason")
SENTENCE_FEATURES = (
    "cos", "below_best_cos", "cos_rank", "cover", "below_best_cover", "typed", "passage_rank", "passage_score",
    "position", "first", "log_length", "refers_back", "query_overlap", "context_cos",
    *(f"asks_{t}" for t in get_args(AnswerType)), "asked_in_english",
    *(f"holds_{t}" for t in HELD_TYPES),
)
MODEL_PATH = Path(__file__).with_name("selection.json")
MODEL_KIND = "boosted trees"

class Scored(Protocol):
    """What the features read of a scored sentence (`extractive.Sentence`)."""

    start: int
    rank: int
    cover: float
    typed: bool
    cos: float

    @property
    def text(self) -> str: ...


def sentence_features(
    sentences: Sequence[Scored], passage_ids: Sequence[str], passage_scores: Sequence[float], a: QuestionAnalysis,
) -> np.ndarray:
    """One row of `SENTENCE_FEATURES` per sentence (same order), for the analysed question."""
    if not sentences:
        return np.zeros((0, len(SENTENCE_FEATURES)))
    best_cos = max(s.cos for s in sentences)
    best_cover = max(s.cover for s in sentences)
    order = sorted(range(len(sentences)), key=lambda i: -sentences[i].cos)
    cos_rank = {i: r for r, i in enumerate(order)}
    siblings: dict[str, list[int]] = {}
    for i, pid in enumerate(passage_ids):
        siblings.setdefault(pid, []).append(i)
    for members in siblings.values():
        members.sort(key=lambda i: sentences[i].start)
    q = set(analyze(a.corrected or a.query))
    asks = tuple(float(a.answer_type == t) for t in get_args(AnswerType)) + (float(a.lang == "en"),)
    rows = []
    for i, s in enumerate(sentences):
        members = siblings[passage_ids[i]]
        k = members.index(i)
        prev = sentences[members[k - 1]].cos if k > 0 else s.cos
        nxt = sentences[members[k + 1]].cos if k + 1 < len(members) else s.cos
        text = s.text
        rows.append((
            s.cos, s.cos - best_cos, min(cos_rank[i], 20) / 20, s.cover, s.cover - best_cover, float(s.typed),
            s.rank / 5, passage_scores[i], min(k, 10) / 10, float(k == 0), math.log(len(text) + 1),
            float(refers_back(text)), len(set(analyze(text)) & q) / max(1, len(q)), (prev + nxt) / 2 - s.cos,
            *asks, *(float(holds_type(t, text)) for t in HELD_TYPES),
        ))
    return np.array(rows, dtype=float)


@dataclass(frozen=True)
class SelectionModel:
    """Gradient-boosted trees over `SENTENCE_FEATURES`, for one embedding model's cosines."""

    trees: BoostedTrees
    embedding: str

    def __post_init__(self) -> None:
        if self.trees.n_features != len(SENTENCE_FEATURES):
            raise ValueError(f"a selection model reads {len(SENTENCE_FEATURES)} features, not {self.trees.n_features}")

    def p(self, x: np.ndarray) -> np.ndarray:
        """The probability that each row's sentence holds what the question asks."""
        return self.trees.p(x)

    def to_json(self) -> dict:
        return {"embedding": self.embedding, "trees": self.trees.to_json()}


def save_models(models: list[SelectionModel], path: Path = MODEL_PATH) -> None:
    data = {"kind": MODEL_KIND, "features": list(SENTENCE_FEATURES), "models": [m.to_json() for m in models]}
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    load_model.cache_clear()


@lru_cache(maxsize=4)
def load_model(embedding: str, path: Path = MODEL_PATH) -> SelectionModel | None:
    """The model fitted to this embedding's cosines, or None (then the hand-set score orders sentences)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != SENTENCE_FEATURES or data.get("kind") != MODEL_KIND:
        raise ValueError(f"{path} holds another kind of model or one trained on other features; "
                         "run: assistent train-selection")
    for m in data["models"]:
        if m["embedding"] == embedding:
            return SelectionModel(BoostedTrees.from_json(m["trees"]), m["embedding"])
    return None


__all__ = ["SENTENCE_FEATURES", "SelectionModel", "load_model", "save_models",
           "sentence_features"]
