"""Eval suite: retrieval, answers, refusals, false premises and rules, scored on curated JSONL items."""
from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from assistent.ingest.clean import clean_text
from assistent.models import ScoredPassage, Turn
from assistent.text import fold

REPO = Path(__file__).resolve().parents[2]
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
    """1-based rank of the first passage containing an evidence string (in its text or footnotes), or None."""
    ev = [norm(e) for e in evidence if e.strip()]
    for r, sp in enumerate(ranked, 1):
        text = norm(sp.passage.text_with_notes)
        if any(e in text for e in ev):
            return r
    return None


def evidence_chars(ranked: list[ScoredPassage], evidence: list[str]) -> int | None:
    """How many characters of the ranked passages (each with its footnotes), read in order, a reader needs to
    reach the evidence's end."""
    ev = [norm(e) for e in evidence if e.strip()]
    read = 0
    for sp in ranked:
        text = norm(sp.passage.text_with_notes)
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


# a search as the product does one: the question and the conversation before it → passages, best first
Search = Callable[[str, list[Turn]], list[ScoredPassage]]


def score_retrieval(items: list[dict[str, Any]], search: Search) -> RetrievalScores:
    """Retrieval measures over the answerable items, each searched with its conversation (a follow-up as the
    product rewrites it: 'En wie voert dat uit?' after a question about the fund)."""
    scores = RetrievalScores()
    for item in items:
        if item.get("expect_refusal") or not item.get("evidence"):
            continue
        scores.add(item["id"], search(item["question"], conversation(item)), item["evidence"])
    return scores


def conversation(item: dict[str, Any]) -> list[Turn]:
    """The turns before an item's question."""
    return [Turn(**t) for t in item.get("history") or []]


# --- answers ---------------------------------------------------------------

_QUOTE = re.compile(r'"([^"]{20,})"')
_MARK = re.compile(r"\[(\d+)\]")


def must_include_hits(answer: str, must_include: list[list[str]]) -> tuple[int, int]:
    low = answer.lower()
    hit = sum(1 for alts in must_include if any(a.lower() in low for a in alts))
    return hit, len(must_include)


def citation_valid(result: dict[str, Any], passage_texts: dict[str, str] | None) -> bool:
    """Every [n] names a citation, and every quoted sentence stands in a cited passage (and that passage in the index)."""
    cits = {c["n"]: c for c in result.get("citations", [])}
    if any(int(n) not in cits for n in _MARK.findall(result["answer"])):
        return False
    texts = [fold(c["text"]) for c in cits.values()]
    for q in _QUOTE.findall(result["answer"]):
        if not any(fold(q) in t for t in texts):
            return False
    if passage_texts is not None:
        for c in cits.values():
            if passage_texts.get(c["passage_id"]) != c["text"]:
                return False
    return True


@dataclass
class Bucket:
    """Counts per group (overall, category, difficulty)."""

    n: int = 0
    facts_hit: int = 0
    facts_total: int = 0
    answered_items: int = 0
    full_items: int = 0
    refusal_expected: int = 0
    refusal_ok: int = 0
    answerable: int = 0
    wrongly_refused: int = 0
    premise: int = 0
    premise_ok: int = 0
    premise_flagged: int = 0
    sound: int = 0  # answerable questions whose premises hold
    sound_flagged: int = 0  # … that were nevertheless told their premise is wrong
    cite_ok: int = 0
    answer_chars: list[int] = field(default_factory=list)

    def add(self, item: dict[str, Any], result: dict[str, Any], cite_ok: bool) -> None:
        self.n += 1
        self.cite_ok += cite_ok
        refused = bool(result.get("refused"))
        if item.get("expect_refusal"):
            self.refusal_expected += 1
            self.refusal_ok += refused
            return
        self.answerable += 1
        self.wrongly_refused += refused
        if not refused:
            self.answer_chars.append(len(result["answer"]))
        hit, total = must_include_hits(result["answer"], item.get("must_include") or [])
        self.facts_hit += hit
        self.facts_total += total
        self.answered_items += 1
        self.full_items += hit == total
        if item.get("false_premise"):
            self.premise += 1
            self.premise_ok += (hit == total) and not refused
            self.premise_flagged += bool(result.get("false_premise"))
        else:
            self.sound += 1
            self.sound_flagged += bool(result.get("false_premise"))

    def summary(self) -> dict[str, float | int]:
        def r(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "n": self.n,
            "must_include": r(self.facts_hit, self.facts_total),
            "answers_complete": r(self.full_items, self.answered_items),
            "refusal_accuracy": r(self.refusal_ok, self.refusal_expected),
            "false_refusal_rate": r(self.wrongly_refused, self.answerable),
            "false_premise_corrected": r(self.premise_ok, self.premise),
            "false_premise_flagged": r(self.premise_flagged, self.premise),
            "sound_premise_flagged": r(self.sound_flagged, self.sound),
            "citation_validity": r(self.cite_ok, self.n),
            "median_answer_chars": int(statistics.median(self.answer_chars)) if self.answer_chars else None,
        }


# --- rules ------------------------------------------------------------------


def score_rules(items: list[dict[str, Any]], check: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """Decision accuracy (eligible and reason codes) and fact-parse accuracy."""
    n = dec_ok = parse_ok = wrong_verdicts = 0
    wrong: list[dict[str, Any]] = []
    for item in items:
        out = check(item["scenario"])
        n += 1
        codes = [r["code"] for r in out["reasons"]]
        ok = out["eligible"] == item["expected"]["eligible"] and sorted(codes) == sorted(item["expected"]["reasons"])
        parsed = out["facts"] == item["facts"]
        dec_ok += ok
        parse_ok += parsed
        # the worst failure: a yes or no where the rules, fed the right facts, say otherwise or cannot decide
        wrong_verdicts += out["eligible"] is not None and out["eligible"] != item["expected"]["eligible"]
        if not (ok and parsed):
            wrong.append({"id": item["id"], "decision_ok": ok, "parse_ok": parsed, "got": out["eligible"], "codes": codes})
    return {
        "n": n,
        "decision_accuracy": round(dec_ok / n, 4) if n else None,
        "parse_accuracy": round(parse_ok / n, 4) if n else None,
        "wrong_verdicts": wrong_verdicts,
        "wrong": wrong,
    }
