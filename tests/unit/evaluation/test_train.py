"""Unit tests of what the models are fitted to (assistent.evaluation.train)."""
from __future__ import annotations

from pathlib import Path

from assistent.evaluation.train import HELD_OUT, training_files


def test_the_models_are_never_fitted_to_a_blind_set_nor_to_one_held_out() -> None:
    evals = Path("evals")
    dev, scope, blind = evals / "dev-qa.jsonl", evals / "own-fresh23-scope.jsonl", evals / "blind" / "qa.jsonl"
    held = [evals / f"{stem}.jsonl" for stem in sorted(HELD_OUT)]
    assert held and training_files([dev, *held, blind, scope]) == [dev, scope]
