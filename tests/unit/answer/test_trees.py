"""Unit tests of the boosted trees (assistent.answer.trees): trees exported from scikit-learn give its
probabilities and survive JSON; trees that point nowhere or read features that do not exist are refused."""
from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from assistent.answer.trees import BoostedTrees

N = 9


@pytest.fixture(scope="module")
def fitted() -> tuple[HistGradientBoostingClassifier, np.ndarray]:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(600, N))
    # a label no single split separates: an interaction and a threshold on two features
    y = ((x[:, 0] * x[:, 3] > 0.2) | (x[:, 5] > 1.0)).astype(int)
    model = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, early_stopping=False).fit(x, y)
    return model, rng.normal(size=(200, N))


def test_exported_trees_give_the_classifiers_probabilities(fitted) -> None:
    model, x = fitted
    trees = BoostedTrees.from_sklearn(model)
    assert len(trees.roots) == 30 and trees.n_features == N
    np.testing.assert_allclose(trees.p(x), model.predict_proba(x)[:, 1], rtol=0, atol=1e-12)


def test_trees_survive_their_json(fitted) -> None:
    model, x = fitted
    trees = BoostedTrees.from_sklearn(model)
    again = BoostedTrees.from_json(json.loads(json.dumps(trees.to_json())))
    np.testing.assert_array_equal(again.p(x), trees.p(x))


def test_rows_of_another_width_are_refused(fitted) -> None:
    with pytest.raises(ValueError, match="features"):
        BoostedTrees.from_sklearn(fitted[0]).p(np.zeros((2, N + 1)))


def test_nodes_that_point_nowhere_are_refused() -> None:
    ok = dict(roots=np.array([0]), feature=np.array([2, 0, 0]), threshold=np.array([0.5, np.inf, np.inf]),
              left=np.array([1, 1, 2]), right=np.array([2, 1, 2]), value=np.array([0.0, -1.0, 1.0]),
              baseline=0.0, depth=1, n_features=3)
    trees = BoostedTrees(**ok)
    assert trees.p(np.array([[0.0, 0.0, 0.4], [0.0, 0.0, 0.6]])) == pytest.approx([1 / (1 + np.e), 1 / (1 + np.e ** -1)])
    with pytest.raises(ValueError, match="outside"):
        BoostedTrees(**{**ok, "right": np.array([3, 1, 2])})
    with pytest.raises(ValueError, match="beyond"):
        BoostedTrees(**{**ok, "feature": np.array([3, 0, 0])})
    with pytest.raises(ValueError, match="length"):
        BoostedTrees(**{**ok, "value": np.array([0.0, 1.0])})
