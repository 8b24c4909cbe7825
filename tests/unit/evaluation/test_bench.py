"""`assistent bench ingest --lookalike DIR`: the look-alike documents join corpus/ as PDFs for the measurement
(hash embeddings: this checks the plumbing, not the timing)."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import LETTER_NAME, LOOKALIKE_DIR, letter_text, make_corpus
from fakes import hash_settings

from assistent.evaluation.bench import bench_ingest


def test_bench_ingest_adds_the_lookalike_pdfs_to_a_copy_of_the_corpus(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, {LETTER_NAME: letter_text()})
    settings = hash_settings(corpus, tmp_path / "index", tmp_path / "data")
    table = bench_ingest(settings, runs=1, lookalike=LOOKALIKE_DIR)
    data = json.loads((tmp_path / "reports" / "bench-ingest.json").read_text(encoding="utf-8"))
    assert "look-alike PDF pages added" in table and "target ≤ 1.3" in table
    assert data["pdf_pages_added"] >= 7 and data["target_ratio"] == 1.3
    assert data["files"] == 1 + len(list(LOOKALIKE_DIR.glob("*.md")))
    assert data["passages"] > 57  # the letter's passages and the look-alikes'
    assert sorted(p.name for p in corpus.iterdir()) == sorted([LETTER_NAME, "sources.toml"])  # corpus/ untouched
