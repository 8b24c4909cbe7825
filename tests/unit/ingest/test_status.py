"""Unit tests of the source overview (assistent.ingest.status.source_status): named sources missing or
ingested, extra sources and failed files — on an empty index directory and after a real (hash-embedded) ingest."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LETTER_NAME, make_corpus
from fakes import hash_settings, letter_excerpt, small_index

from assistent.index.store import Index, current_generation
from assistent.ingest.pipeline import ingest
from assistent.ingest.status import source_status

NAMED = ["kamerbrief-2026", "cooplink-2024", "rvo-handreiking", "platform31-taxatie"]
NOTE = "# Notitie\n\nDe ledenvergadering van de wooncoöperatie besloot tot een eigen inleg van vijf procent.\n"


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows}


def test_before_any_ingest_every_named_source_is_missing(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, {})
    settings = hash_settings(corpus, tmp_path / "index")
    assert current_generation(tmp_path / "index") is None
    rows = [r.model_dump() for r in source_status(settings)]
    assert [r["id"] for r in rows] == NAMED
    for r in rows:
        assert r["named"] is True and r["status"] == "missing"
        assert r["passages"] == 0 and r["files"] == [] and r["generation"] is None
    letter = rows[0]
    assert letter["title"] == "Kamerbrief Plan van aanpak belemmeringen wooncoöperaties"
    assert letter["date"] == "2026-01-19" and letter["date_display"] == "19 januari 2026"
    assert letter["url"].startswith("https://") and "Kamerstuk" in letter["reference"]
    assert letter["example_filename"] == "kamerbrief-wooncoop.pdf"
    assert by_id(rows)["cooplink-2024"]["date_display"] == "april 2024"
    assert by_id(rows)["rvo-handreiking"]["date_display"] == "2025"  # a year alone stays as it is


def test_without_a_manifest_and_index_there_is_nothing_to_report(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, {}, manifest=False)
    assert source_status(hash_settings(corpus, tmp_path / "index")) == []


def test_after_an_ingest_the_letter_is_ingested_with_its_passages_and_file(tmp_path: Path) -> None:
    settings, index = small_index(tmp_path)
    rows = by_id([r.model_dump() for r in source_status(settings)])
    letter = rows["kamerbrief-2026"]
    assert letter["status"] == "ingested" and letter["named"] is True
    assert letter["passages"] == len(index.passages) > 0
    assert letter["files"] == [LETTER_NAME]
    assert letter["generation"] == index.generation == current_generation(settings.index_dir)
    for other in ("cooplink-2024", "rvo-handreiking", "platform31-taxatie"):
        assert rows[other]["status"] == "missing" and rows[other]["generation"] == index.generation


def test_extra_sources_and_failed_files_are_listed_after_the_named_ones(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, {LETTER_NAME: letter_excerpt(), "notitie.md": NOTE, "leeg.txt": ""})
    settings = hash_settings(corpus, tmp_path / "index")
    report = ingest(settings, progress=False)
    assert [f.path for f in report.failed] == ["leeg.txt"]
    index = Index.open(settings)

    rows = [r.model_dump() for r in source_status(settings)]
    assert [r["id"] for r in rows[: len(NAMED)]] == NAMED
    extra, failed = rows[len(NAMED) :]
    assert extra["id"] == "extra-notitie" and extra["named"] is False and extra["status"] == "ingested"
    assert extra["title"] == "notitie"  # the file name, not the heading inside it
    assert extra["files"] == ["notitie.md"]
    assert extra["passages"] == sum(p.source_id == "extra-notitie" for p in index.passages) >= 1
    assert failed["status"] == "failed" and failed["id"] == failed["title"] == "leeg.txt"
    assert failed["files"] == ["leeg.txt"] and failed["passages"] == 0 and "leeg" in failed["message"]
    # passages of all rows add up to the index
    assert sum(r["passages"] for r in rows) == len(index.passages)


def test_a_removed_file_makes_its_source_missing_again(tmp_path: Path) -> None:
    settings, _ = small_index(tmp_path, {LETTER_NAME: letter_excerpt(), "notitie.md": NOTE})
    (Path(settings.corpus_dir) / LETTER_NAME).unlink()
    report = ingest(settings, progress=False)
    assert report.counts() == {"unchanged": 1, "removed": 1}
    rows = by_id([r.model_dump() for r in source_status(settings)])
    assert rows["kamerbrief-2026"]["status"] == "missing" and rows["kamerbrief-2026"]["passages"] == 0
    assert rows["extra-notitie"]["status"] == "ingested"


@pytest.mark.parametrize("name", ["Kamerbrief-Wooncooperaties.txt", "sub/kst-29453-579.txt"])
def test_a_renamed_copy_of_the_letter_still_counts_as_the_named_source(tmp_path: Path, name: str) -> None:
    settings, _ = small_index(tmp_path, {name: letter_excerpt()})
    rows = by_id([r.model_dump() for r in source_status(settings)])
    assert rows["kamerbrief-2026"]["status"] == "ingested" and rows["kamerbrief-2026"]["files"] == [name]
    assert all(r["named"] for r in rows.values())
