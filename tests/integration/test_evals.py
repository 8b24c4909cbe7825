"""The curated eval data is valid against the ingested corpus, and the eval runner works (smoke)."""
from __future__ import annotations

import json

import pytest

from conftest import REPO

from assistent.evaluation.runner import run_eval
from assistent.evaluation.metrics import evidence_chars, evidence_rank, load_jsonl, must_include_hits, norm
from assistent.models import Passage, ScoredPassage
from assistent.fonds.rules import Facts

EVALS = REPO / "evals"
QA_FILES = sorted(p for p in EVALS.glob("*.jsonl") if "rules" not in p.name)
RULES_FILES = sorted(p for p in EVALS.glob("*.jsonl") if "rules" in p.name)
QA_KEYS = {"id", "question", "answer", "must_include", "evidence", "category", "difficulty"}
CATEGORIES_WITH_REFUSAL = {"out_of_scope"}


def _qa():
    return [it for f in QA_FILES for it in load_jsonl(f)]


def _rules():
    return [it for f in RULES_FILES for it in load_jsonl(f)]


def test_eval_sets_are_big_enough_and_varied():
    qa, rules = _qa(), _rules()
    assert len(qa) >= 100 and len(rules) >= 40
    assert len({it["id"] for it in qa}) == len(qa), "duplicate question ids"
    assert len({it["id"] for it in rules}) == len(rules), "duplicate scenario ids"
    assert sum(bool(it.get("expect_refusal")) for it in qa) >= 10
    assert sum(bool(it.get("false_premise")) for it in qa) >= 10
    assert {it["difficulty"] for it in qa} == {"easy", "medium", "hard"}
    codes = {c for it in rules for c in it["expected"]["reasons"]}
    assert {"own_contribution_below_5pct", "build_phase_requires_rental", "beheercooperatie_goes_to_corporation",
            "form_not_covered", "not_new_housing", "initiative_phase_not_complete"} <= codes


def test_every_item_has_the_schema():
    for it in _qa():
        assert QA_KEYS <= set(it), it["id"]
        assert all(isinstance(alts, list) and alts for alts in it["must_include"]), it["id"]
        if not it.get("expect_refusal"):
            assert it["evidence"], f"{it['id']}: an answerable item needs evidence"
    for it in _rules():
        Facts(**it["facts"])  # exactly the schema keys, valid values
        assert set(it["facts"]) == set(Facts.model_fields), it["id"]
        assert it["expected"]["eligible"] in (True, False, None)


def test_every_evidence_string_is_in_the_ingested_corpus(letter_index):
    # footnote bodies are part of the corpus as the notes of the passages that cite them
    notes = [n for p in letter_index.passages for n in p.notes]
    corpus = norm("\n".join([*(d["text"] for d in letter_index.documents), *notes]))
    missing = [
        (it["id"], ev)
        for it in [*_qa(), *_rules()]
        for ev in it.get("evidence", [])
        if norm(ev) not in corpus
    ]
    assert not missing, missing[:5]


def _sp(text: str) -> ScoredPassage:
    return ScoredPassage(passage=Passage(id=text[:8], source_id="s", title="t", paragraph=1, char_start=0,
                                         char_end=len(text), text=text), score=1.0)


def test_metrics_count_what_they_say():
    ranked = [_sp("a" * 600), _sp("De eigen inleg is 5% van de financiering.")]
    assert evidence_rank(ranked, ["eigen inleg is 5%"]) == 2
    assert evidence_chars(ranked, ["eigen inleg is 5%"]) == 600 + len("de eigen inleg is 5%")
    assert evidence_rank(ranked, ["iets anders"]) is None
    assert must_include_hits("Het is 5% en SVn", [["5%", "5 procent"], ["SVn"], ["Rabobank"]]) == (2, 3)


@pytest.mark.slow
def test_eval_runner_smoke(ingested_letter, tmp_path):
    out = tmp_path / "report"
    md = run_eval(ingested_letter, [EVALS / "dev-qa.jsonl"], [EVALS / "dev-rules.jsonl"], None, out, limit=4, baseline=True)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["items"] == {"qa": 4, "rules": 4, "blind_qa": 0, "blind_rules": 0}
    assert {"assistent (hybrid)", "ablation: bm25 only", "ablation: dense only",
            "baseline: 1000/200 chunks, dense"} <= set(report["retrieval"])
    assert 0.0 <= report["retrieval"]["assistent (hybrid)"]["hit@5"] <= 1.0
    assert report["rules"]["n"] == 4
    assert (out / "report.md").exists() and (out / "retrieval.png").stat().st_size > 1000
    assert "## Retrieval" in md


@pytest.mark.slow
def test_eval_reports_each_blind_file_apart_in_aggregate_only(ingested_letter, tmp_path):
    blind = tmp_path / "blind"
    blind.mkdir()
    items = load_jsonl(EVALS / "dev-qa.jsonl")
    for name, chunk in (("first", items[:2]), ("second", items[2:5])):
        (blind / f"{name}.jsonl").write_text("".join(json.dumps(it, ensure_ascii=False) + "\n" for it in chunk),
                                             encoding="utf-8")
    out = tmp_path / "report"
    md = run_eval(ingested_letter, [blind / "first.jsonl", blind / "second.jsonl"], [EVALS / "dev-rules.jsonl"], None,
                  out, limit=3, baseline=False)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    files = report["answers_by_blind_file"]
    assert {k: v["n"] for k, v in files.items()} == {"first": 2, "second": 3}
    assert report["answers_by_set"]["blind"]["n"] == 5
    # no blind question reaches the per-item rows
    assert not {r["id"] for r in report["answers_detail"]} & {it["id"] for it in items[:5]}
    assert "Blind, per file:" in md and "| measure | first | second |" in md


def test_a_blind_lookalike_set_is_scored_with_its_own_documents_in_aggregate(ingested_letter, tmp_path):
    """Its documents beside the letter in a temporary index (a README beside them is no document), its
    questions scored per kind, no item ids in the result."""
    from assistent.evaluation.lookalike_eval import score_blind_lookalike

    blind = tmp_path / "lookalike"
    blind.mkdir()
    (blind / "rfcw-gelderland.md").write_text(
        (REPO / "tests" / "data" / "lookalike" / "rfcw-gelderland.md").read_text(encoding="utf-8"), encoding="utf-8")
    (blind / "README.md").write_text("# Blind look-alike set\n\nWritten by a helper.\n", encoding="utf-8")
    items = [
        {"id": "b1", "kind": "lookalike", "question": "Hoeveel eigen inleg vraagt het Regionaal Fonds Coöperatief "
         "Wonen Gelderland?", "source": "rfcw-gelderland.md", "must_include": [["10%"]], "evidence": []},
        {"id": "b2", "kind": "letter_trap", "question": "Hoeveel eigen inleg vraagt het Fonds Coöperatief Wonen?",
         "source": "letter", "must_include": [["5%"]], "must_not_include": ["10%"], "evidence": []},
    ]
    (blind / "questions.jsonl").write_text("".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items),
                                           encoding="utf-8")
    scores = score_blind_lookalike(ingested_letter, blind)
    assert scores["lookalike"]["n"] == 1 and scores["lookalike"]["must_include"] == 1.0
    assert scores["lookalike"]["right_document_cited"] == 1.0 and scores["lookalike"]["refused"] == 0
    assert scores["letter_trap"]["must_include"] == 1.0 and scores["letter_trap"]["foreign_figures"] == 0
    assert "b1" not in json.dumps(scores) and "b2" not in json.dumps(scores)
