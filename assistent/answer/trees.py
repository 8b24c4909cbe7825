"""Gradient-boosted trees, fitted with scikit-learn and evaluated with numpy (the sentence selection is such
trees over general features of a sentence).

All trees share one flat node table: at node i a row goes to `left[i]` when its feature `feature[i]` is at
most `threshold[i]`, else to `right[i]`; a leaf points to itself and holds `value[i]`. The log-odds of a row
is `baseline` plus the value of the leaf it reaches in each tree (from `roots`). Stored as JSON next to the
code, so answering needs no pickled estimator and no particular scikit-learn version."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, eq=False)
class BoostedTrees:
    """A binary classifier's trees over `n_features` columns."""

    roots: np.ndarray  # (trees,) int: the first node of each tree
    feature: np.ndarray  # (nodes,) int
    threshold: np.ndarray  # (nodes,) float; +inf at leaves
    left: np.ndarray  # (nodes,) int
    right: np.ndarray  # (nodes,) int
    value: np.ndarray  # (nodes,) float; 0 inside a tree
    baseline: float
    depth: int  # the longest path from a root to a leaf
    n_features: int

    def __post_init__(self) -> None:
        n = len(self.feature)
        if not (len(self.threshold) == len(self.left) == len(self.right) == len(self.value) == n):
            raise ValueError("the node arrays of the trees differ in length")
        for name in ("roots", "left", "right"):
            ids = getattr(self, name)
            if len(ids) and (ids.min() < 0 or ids.max() >= n):
                raise ValueError(f"{name} of the trees point outside their {n} nodes")
        if n and (self.feature.min() < 0 or self.feature.max() >= self.n_features):
            raise ValueError(f"a node of the trees reads a feature beyond the {self.n_features} there are")

    def p(self, x: np.ndarray) -> np.ndarray:
        """The probability of the positive class for each row of x (rows × `n_features`)."""
        if x.shape[1] != self.n_features:
            raise ValueError(f"the trees read {self.n_features} features, not {x.shape[1]}")
        rows = np.arange(len(x))[None, :]
        node = np.repeat(self.roots[:, None], len(x), axis=1)  # (trees, rows)
        for _ in range(self.depth):
            go_left = x[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        return 1.0 / (1.0 + np.exp(-(self.baseline + self.value[node].sum(axis=0))))

    @classmethod
    def from_sklearn(cls, model: Any) -> "BoostedTrees":
        """The trees of a fitted binary HistGradientBoostingClassifier (numerical features, no missing values)."""
        feature, threshold, left, right, value, roots, depth = [], [], [], [], [], [], 0
        for (tree,) in model._predictors:
            base = len(feature)
            roots.append(base)
            for i, node in enumerate(tree.nodes):
                leaf = bool(node["is_leaf"])
                feature.append(0 if leaf else int(node["feature_idx"]))
                threshold.append(math.inf if leaf else float(node["num_threshold"]))
                left.append(base + (i if leaf else int(node["left"])))
                right.append(base + (i if leaf else int(node["right"])))
                value.append(float(node["value"]) if leaf else 0.0)
                depth = max(depth, int(node["depth"]))
        return cls(np.array(roots, dtype=np.intp), np.array(feature, dtype=np.intp), np.array(threshold),
                   np.array(left, dtype=np.intp), np.array(right, dtype=np.intp), np.array(value),
                   float(np.ravel(model._baseline_prediction)[0]), depth, int(model.n_features_in_))

    def to_json(self) -> dict:
        return {"baseline": self.baseline, "depth": self.depth, "n_features": self.n_features,
                "roots": self.roots.tolist(), "feature": self.feature.tolist(),
                "threshold": [None if math.isinf(t) else t for t in self.threshold.tolist()],
                "left": self.left.tolist(), "right": self.right.tolist(), "value": self.value.tolist()}

    @classmethod
    def from_json(cls, m: dict) -> "BoostedTrees":
        ints = {k: np.array(m[k], dtype=np.intp) for k in ("roots", "feature", "left", "right")}
        threshold = np.array([math.inf if t is None else t for t in m["threshold"]], dtype=float)
        return cls(ints["roots"], ints["feature"], threshold, ints["left"], ints["right"],
                   np.array(m["value"], dtype=float), float(m["baseline"]), int(m["depth"]), int(m["n_features"]))


__all__ = ["BoostedTrees"]
