"""Issue 15's target for ingest: the real-world PDFs in ../shared/realworld-pdfs/ (two public PDF test corpora,
see its README) plus every kind of bad file the tests make, in one corpus, one real ingest (hash backend):
0 aborted ingests, every failure named with a known Dutch reason, every good file ingested, no passage over
the maximum. Skips where the folder is absent (CI runs a clean clone without ../shared)."""
from __future__ import annotations

import io
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import bad_files, image_only_pdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ingest"))
from fakes import hash_settings  # noqa: E402
from hostile_files import aes_pdf, deeply_nested_pdf, flate_bomb_pdf, long_line, truncated_pdf  # noqa: E402

from assistent.index.store import Index  # noqa: E402
from assistent.ingest.load import MIN_TEXT_CHARS  # noqa: E402
from assistent.ingest.pipeline import ingest  # noqa: E402
from assistent.ingest.status import source_status  # noqa: E402

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "realworld-pdfs"

# every failure must carry one of these reasons (category → words in the message)
REASONS = {
    "wachtwoord": "beveiligd met een wachtwoord",
    "geen tekst (scan/afbeeldingen)": "geen leesbare tekst",
    "geen tekst na opschonen": "geen tekst over",
    "beschadigd": "beschadigd of onleesbaar",
    "zip-bom": "zip-bom",
    "te diep genest": "diep genest",
    "geen UTF-8": "geen geldige UTF-8",
    "leeg": "het bestand is leeg",
    "niet ondersteund": "niet ondersteund",
}
def _made_files() -> dict[str, tuple[bytes, str | None]]:
    """The files this test makes: name → (bytes, the category it must fail with, or None: it must be read)."""
    bad = bad_files()
    return {
        "gemaakt-leeg.txt": (b"", "leeg"),
        "gemaakt-afgebroken.pdf": (truncated_pdf(), "beschadigd"),
        "gemaakt-kapot.pdf": (bad["kapot.pdf"][0], "beschadigd"),
        "gemaakt-beveiligd.pdf": (bad["beveiligd.pdf"][0], "wachtwoord"),
        "gemaakt-aes-wachtwoord.pdf": (aes_pdf("geheim"), "wachtwoord"),
        "gemaakt-aes-open.pdf": (aes_pdf(""), None),
        "gemaakt-scan.pdf": (image_only_pdf(), "geen tekst (scan/afbeeldingen)"),
        "gemaakt-bom.pdf": (flate_bomb_pdf(), "zip-bom"),
        "gemaakt-genest.pdf": (deeply_nested_pdf(), "te diep genest"),
        "gemaakt-latin1.txt": (bad["latin1.txt"][0], "geen UTF-8"),
        "gemaakt-regel-5mb.md": (long_line(5.0), None),
        "gemaakt-notulen.docx": (bad["notulen.docx"][0], "niet ondersteund"),
    }


def _pypdf_text_chars(data: bytes) -> int:
    """An independent look: how much text pypdf itself extracts (0 when it cannot)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return 0
        # text repeated on every page is page furniture (cleaning removes it): count each page text once
        texts = {"".join((page.extract_text() or "").split()) for page in reader.pages}
        return sum(len(t) for t in texts)
    except Exception:  # noqa: BLE001 - anything pypdf cannot read has no text for this oracle
        return 0


@pytest.fixture(scope="module")
def realworld(tmp_path_factory: pytest.TempPathFactory):
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (a clean clone has no ../shared): the real-world PDF test needs it")
    root = tmp_path_factory.mktemp("realworld")
    corpus = root / "corpus"
    corpus.mkdir()
    originals: dict[str, bytes] = {}
    for folder in sorted(p for p in SHARED.iterdir() if p.is_dir()):
        for pdf in sorted(folder.glob("*.pdf")):
            name = f"{folder.name}__{pdf.name}"
            shutil.copyfile(pdf, corpus / name)
            originals[name] = pdf.read_bytes()
    made = _made_files()
    for name, (data, _) in made.items():
        (corpus / name).write_bytes(data)
    settings = hash_settings(corpus, root / "index", root / "data")
    t = time.perf_counter()
    report = ingest(settings, progress=False)  # an exception here is an aborted ingest: the test fails
    elapsed = time.perf_counter() - t
    return settings, report, originals, made, elapsed


def _category(message: str) -> str | None:
    return next((cat for cat, words in REASONS.items() if words in message), None)


def test_no_file_aborts_the_ingest_and_every_failure_is_named(realworld) -> None:
    settings, report, originals, made, elapsed = realworld
    assert len(originals) >= 95, f"expected about 100 real-world PDFs in {SHARED}, found {len(originals)}"
    by = {f.path: f for f in report.files}
    assert set(by) == set(originals) | set(made)  # every file has an outcome
    assert report.wrote
    tally = Counter()
    for f in report.files:
        assert f.status in ("new", "failed"), f
        if f.status == "failed":
            category = _category(f.message)
            assert category is not None, f"{f.path}: failure without a known reason: {f.message}"
            assert "\n" not in f.message and "Traceback" not in f.message
            tally[category] += 1
        else:
            tally["ingelezen"] += 1
    print(f"\nreal-world + made files: {dict(tally)}; ingest took {elapsed:.1f} s")
    # `assistent sources` names every failed file with the same message
    failed_rows = {r.id: r.message for r in source_status(settings) if r.status == "failed"}
    assert failed_rows == {f.path: f.message for f in report.failed}


def test_the_made_files_fail_with_their_own_reason_and_the_good_ones_are_read(realworld) -> None:
    _, report, _, made, _ = realworld
    by = {f.path: f for f in report.files}
    for name, (_, category) in made.items():
        f = by[name]
        if category is None:
            assert f.status == "new" and f.passages > 0, f
        else:
            assert f.status == "failed" and _category(f.message) == category, (name, f.message)


def test_every_real_world_pdf_with_text_is_ingested(realworld) -> None:
    """Oracle: pypdf itself (decrypting with the empty password) extracts at least MIN_TEXT_CHARS visible
    characters that are not the same on every page."""
    _, report, originals, _, _ = realworld
    by = {f.path: f for f in report.files}
    with_text = {name for name, data in originals.items() if _pypdf_text_chars(data) >= MIN_TEXT_CHARS}
    missed = {name: by[name].message for name in with_text if by[name].status != "new"}
    assert not missed, missed
    assert len(with_text) >= 55


def test_no_passage_is_longer_than_the_maximum(realworld) -> None:
    settings, _, _, _, _ = realworld
    index = Index.open(settings)
    longest = max(index.passages, key=lambda p: len(p.text))
    assert len(longest.text) <= settings.chunk_max_chars, (longest.id, len(longest.text))
    assert sum(p.source_id.startswith("extra-gemaakt-regel-5mb") for p in index.passages) > 5000


def test_the_ingest_stays_quick(realworld) -> None:
    *_, elapsed = realworld
    assert elapsed < 120, f"ingest of the real-world corpus took {elapsed:.0f} s"
