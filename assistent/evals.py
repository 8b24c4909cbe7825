"""Eval suite: retrieval, answers, refusals, false premises and rules, scored on curated JSONL items."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .clean import clean_text
from .models import ScoredPassage
from .text import fold

REPO = Path(__file__).resolve().parents[1]
SHARED_EVALS = REPO.parent / "shared" / "evals"


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    items = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if line:
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: geen geldige JSON ({exc.msg})") from None
    return items


def norm(text: str) -> str:
    """Evidence comparison form: artefacts dropped, folded, whitespace collapsed."""
    return fold(clean_text(text))


def evidence_rank(ranked: list[ScoredPassage], evidence: list[str]) -> int | None:
    """1-based rank of the first passage containing an evidence string, or None."""
    ev = [norm(e) for e in evidence if e.strip()]
    for r, sp in enumerate(ranked, 1):
        text = norm(sp.passage.text)
        if any(e in text for e in ev):
            return r
    return None


def evidence_chars(ranked: list[ScoredPassage], evidence: list[str]) -> int | None:
    """How many characters of the ranked passages, read in order, a reader needs to reach the evidence's end."""
    ev = [norm(e) for e in evidence if e.strip()]
    read = 0
    for sp in ranked:
        text = norm(sp.passage.text)
        ends = [text.find(e) + len(e) for e in ev if e in text]
        if ends:
            return read + min(ends)
        read += len(text)
    return None


@dataclass
class RetrievalScores:
    n: int = 0
    hits: dict[int, int] = field(default_factory=lambda: {1: 0, 3: 0, 5: 0})
    rr_sum: float = 0.0
    within: dict[int, int] = field(default_factory=lambda: {500: 0, 1000: 0})
    misses: list[str] = field(default_factory=list)

    def add(self, item_id: str, ranked: list[ScoredPassage], evidence: list[str]) -> None:
        self.n += 1
        rank = evidence_rank(ranked[:10], evidence)
        for k in self.hits:
            if rank is not None and rank <= k:
                self.hits[k] += 1
        if rank is not None:
            self.rr_sum += 1.0 / rank
        else:
            self.misses.append(item_id)
        chars = evidence_chars(ranked, evidence)
        for budget in self.within:
            if chars is not None and chars <= budget:
                self.within[budget] += 1

    def summary(self) -> dict[str, float]:
        n = max(self.n, 1)
        out = {f"hit@{k}": v / n for k, v in self.hits.items()}
        out["mrr@10"] = self.rr_sum / n
        out.update({f"reach@{b}": v / n for b, v in self.within.items()})
        out["n"] = self.n
        return out


def score_retrieval(
    items: list[dict[str, Any]], search: Callable[[str], list[ScoredPassage]]
) -> RetrievalScores:
    scores = RetrievalScores()
    for item in items:
        if item.get("expect_refusal") or not item.get("evidence"):
            continue
        scores.add(item["id"], search(item["question"]), item["evidence"])
    return scores
