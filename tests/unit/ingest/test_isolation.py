"""Issue 15, part 1: no file can stop an ingest. Each hostile file is made here and really ingested (hash
backend); it is named with one Dutch line in the report and in `sources`, and every good file is read."""
from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest
from conftest import render_pdf
from fakes import hash_settings, letter_excerpt
from hostile_files import aes_pdf, deeply_nested_pdf, flate_bomb_pdf, truncated_pdf

from assistent.index.store import Index
from assistent.ingest import pipeline
from assistent.ingest.load import FileTimeout
from assistent.ingest.pipeline import ingest
from assistent.ingest.status import source_status

GOOD = "Een wooncoöperatie is een vereniging van bewoners. De leden beheren samen hun woningen en de grond."

# file → words its message must contain
HOSTILE = {
    "bom.pdf": (flate_bomb_pdf, ("zip-bom",)),
    "genest.pdf": (deeply_nested_pdf, ("diep genest",)),
    "afgebroken.pdf": (truncated_pdf, ("beschadigd",)),
    "aes-met-wachtwoord.pdf": (lambda: aes_pdf("geheim"), ("beveiligd met een wachtwoord",)),
}


def _corpus(root: Path, files: dict[str, bytes | str]) -> Path:
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (corpus / name).write_bytes(data.encode() if isinstance(data, str) else data)
    return corpus


@pytest.fixture(scope="module")
def hostile_bytes() -> dict[str, bytes]:
    return {name: make() for name, (make, _) in HOSTILE.items()}


def test_hostile_files_are_named_and_the_good_ones_ingested(tmp_path: Path, hostile_bytes) -> None:
    corpus = _corpus(tmp_path, {**hostile_bytes, "goed.txt": GOOD, "aes-zonder-wachtwoord.pdf": aes_pdf("")})
    settings = hash_settings(corpus, tmp_path / "index", tmp_path / "data")
    report = ingest(settings, progress=False)
    by = {f.path: f for f in report.files}
    assert report.wrote
    assert by["goed.txt"].status == "new" and by["aes-zonder-wachtwoord.pdf"].status == "new"
    for name, (_, words) in HOSTILE.items():
        f = by[name]
        assert f.status == "failed", (name, f)
        for w in words:
            assert w in f.message, (name, f.message)
        assert "\n" not in f.message and "Traceback" not in f.message and len(f.message) <= 240
    index = Index.open(settings)
    assert any("AES-versleutelde brief" in p.text for p in index.passages)
    rows = {r.id: r for r in source_status(settings) if r.status == "failed"}
    assert set(rows) == set(HOSTILE)
    assert "zip-bom" in rows["bom.pdf"].message


def test_a_new_good_file_next_to_a_hostile_one_is_ingested_into_an_existing_index(tmp_path: Path, hostile_bytes) -> None:
    corpus = _corpus(tmp_path, {"kamerbrief.txt": letter_excerpt()})
    settings = hash_settings(corpus, tmp_path / "index", tmp_path / "data")
    first = ingest(settings, progress=False)
    assert first.wrote and not first.failed
    _corpus(tmp_path, {"genest.pdf": hostile_bytes["genest.pdf"], "nieuw.txt": GOOD})
    second = ingest(settings, progress=False)
    by = {f.path: f.status for f in second.files}
    assert by == {"kamerbrief.txt": "unchanged", "genest.pdf": "failed", "nieuw.txt": "new"}
    assert any(p.text.startswith("Een wooncoöperatie is een vereniging") for p in Index.open(settings).passages)
    # the only change is a new broken file: it is still written, so `sources` names it
    (corpus / "bom.pdf").write_bytes(hostile_bytes["bom.pdf"])
    third = ingest(settings, progress=False)
    assert third.wrote
    assert {r.id for r in source_status(settings) if r.status == "failed"} == {"genest.pdf", "bom.pdf"}


def test_an_unexpected_exception_in_one_file_is_named_and_the_rest_goes_on(tmp_path: Path, monkeypatch) -> None:
    real_clean = pipeline.clean

    def fragile_clean(loaded):
        if loaded.path.endswith("stuk.txt"):
            raise MemoryError()
        return real_clean(loaded)

    monkeypatch.setattr(pipeline, "clean", fragile_clean)
    corpus = _corpus(tmp_path, {"stuk.txt": GOOD, "goed.txt": GOOD + " Nog een zin."})
    report = ingest(hash_settings(corpus, tmp_path / "index", tmp_path / "data"), progress=False)
    by = {f.path: f for f in report.files}
    assert by["goed.txt"].status == "new"
    assert by["stuk.txt"].status == "failed" and "te groot om in het geheugen" in by["stuk.txt"].message


def test_a_file_over_its_time_budget_is_skipped_with_a_message(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "FILE_TIME_BUDGET_S", 0.002)
    big = render_pdf([f"In jaar {2000 + i} beslissen de {i} leden samen over de huur en het onderhoud." for i in range(300)])
    corpus = _corpus(tmp_path, {"groot.pdf": big})
    report = ingest(hash_settings(corpus, tmp_path / "index", tmp_path / "data"), progress=False)
    (f,) = report.files
    assert f.status == "failed" and "duurde te lang" in f.message


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowed first alarm
def test_a_time_out_swallowed_inside_a_gc_callback_fires_again(monkeypatch) -> None:
    """Python drops an exception raised in a gc callback (CI hit this with hypothesis loaded): the budget must still end the step."""
    seen: list[str] = []

    def slow_callback(phase: str, info: dict) -> None:  # noqa: ARG001 - the alarm lands in here and is swallowed
        if phase == "start" and not seen:
            seen.append(phase)
            time.sleep(0.05)

    gc.callbacks.append(slow_callback)
    try:
        with pytest.raises(FileTimeout), pipeline._time_budget(0.01):
            gc.collect()
            time.sleep(1)
    finally:
        gc.callbacks.remove(slow_callback)
    assert seen == ["start"]


def test_leftover_building_folders_are_removed_at_the_start_of_every_ingest(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"goed.txt": GOOD})
    settings = hash_settings(corpus, tmp_path / "index", tmp_path / "data")
    assert ingest(settings, progress=False).wrote
    leftover = tmp_path / "index" / ".building-gen-20260101-000000-000000000-dead"
    (leftover / "bm25").mkdir(parents=True)
    (leftover / "passages.jsonl").write_text("{}\n")
    report = ingest(settings, progress=False)  # nothing changed: no generation is written
    assert not report.wrote
    assert not leftover.exists()
    assert report.removed_unfinished == [leftover.name]
