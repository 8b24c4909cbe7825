"""`assistent train-answerability`: fit the answer-or-refuse decision on the dev and own sets (never blind).

A logistic regression over the features of `assistent.answer.answerability`; the threshold is chosen by
5-fold cross-validation as the lowest probability that keeps wrongly refused answerable questions at or
under `max_false_refusal` (asking one more question is cheap, a refusal of an answerable one is not).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from assistent.answer.answerability import FEATURES, MODEL_PATH, AnswerabilityModel, save_models
from assistent.evaluation.metrics import load_jsonl
from assistent.models import Turn
from assistent.settings import Settings


def _rows(assistant: Any, items: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, vs, ys = [], [], []
    for item in items:
        history = [Turn(**t) for t in item.get("history") or []]
        seen = assistant.answerability_features(item["question"], history)
        if seen is not None:
            feats, qvec = seen
            xs.append([feats[f] for f in FEATURES])
            vs.append(qvec)
            ys.append(int(bool(item.get("expect_refusal"))))
    return np.array(xs, dtype=float), np.array(vs, dtype=float), np.array(ys)


def _fit(x: np.ndarray, y: np.ndarray, c: float, embedding: str, max_false_refusal: float) -> tuple[AnswerabilityModel, dict[str, Any]]:
    pipe = make_pipeline(StandardScaler(), LogisticRegression(C=c, class_weight="balanced", max_iter=3000))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    p = cross_val_predict(pipe, x, y, cv=folds, method="predict_proba")[:, 1]
    threshold = _threshold(p, y, max_false_refusal)
    pipe.fit(x, y)
    scaler, lr = pipe[0], pipe[1]
    model = AnswerabilityModel(
        mean=tuple(float(v) for v in scaler.mean_), scale=tuple(float(v) for v in scaler.scale_),
        coef=tuple(float(v) for v in lr.coef_[0]), intercept=float(lr.intercept_[0]), threshold=threshold,
        embedding=embedding,
    )
    refused = p >= threshold
    return model, {
        "threshold": round(threshold, 4),
        "cv_refusal_recall": round(float(refused[y == 1].mean()), 4) if y.sum() else None,
        "cv_false_refusal_rate": round(float(refused[y == 0].mean()), 4),
    }


def _threshold(p: np.ndarray, y: np.ndarray, max_false_refusal: float) -> float:
    """The lowest threshold whose false-refusal rate on answerable items stays within the bound."""
    answerable = np.sort(p[y == 0])[::-1]
    allowed = int(np.floor(max_false_refusal * len(answerable)))
    return float(answerable[allowed] + 1e-6) if allowed < len(answerable) else 0.5


def train_answerability(
    settings: Settings, files: list[Path], out: Path = MODEL_PATH, max_false_refusal: float = 0.03
) -> dict[str, Any]:
    """Fit, choose the threshold by cross-validation, save; return the cross-validated figures."""
    from assistent.answer.assistant import Assistant

    if any(f.parent.name == "blind" for f in files):
        raise ValueError("the blind set is never trained on")
    assistant = Assistant(settings)
    assistant.warm_up()
    items = [it for f in files for it in load_jsonl(f)]
    x, v, y = _rows(assistant, items)
    label = settings.passages_label
    with_vector, cv_vector = _fit(np.hstack([x, v]), y, 3.0, label, max_false_refusal)
    save_models([with_vector], out)
    return {
        "items": int(len(y)), "unanswerable": int(y.sum()),
        f"features + question vector ({label})": cv_vector,
        "feature weights": {f: round(c, 3) for f, c in zip(FEATURES, with_vector.coef)},
    }
