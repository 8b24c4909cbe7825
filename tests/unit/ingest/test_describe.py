"""An extra document gets its own title and date, so that every quote can name it."""
from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

from conftest import render_pdf
from pypdf import PdfReader, PdfWriter

from assistent.ingest.describe import describe
from assistent.ingest.load import load_file
from assistent.ingest.manifest import Manifest


def _extra(tmp_path: Path, name: str, data: bytes, mtime: float | None = None):
    path = tmp_path / name
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    spec = Manifest(sources=[]).identify(path)
    return describe(load_file(path, spec, data), data, path.stat().st_mtime, named=False)


def _with_title(pdf: bytes, title: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_takes_its_metadata_title_and_the_date_written_on_its_first_page(tmp_path: Path) -> None:
    pdf = render_pdf(["Fondsreglement Regionaal Fonds Wonen", "Arnhem, 12 juni 2025", "Het fonds leent aan groepen. " * 20])
    doc = _extra(tmp_path, "rf-2025_v3.pdf", _with_title(pdf, "Fondsreglement Regionaal Fonds Wonen Gelderland"))
    assert (doc.title, doc.date) == ("Fondsreglement Regionaal Fonds Wonen Gelderland", "2025-06-12")


def test_a_file_name_as_metadata_title_is_no_title_the_first_heading_is(tmp_path: Path) -> None:
    pdf = render_pdf(["Handreiking grond voor wooncoöperaties", "Het college geeft grond uit in erfpacht. " * 20])
    doc = _extra(tmp_path, "handreiking.pdf", _with_title(pdf, "Microsoft Word - handreiking_def.docx"))
    assert doc.title == "Handreiking grond voor wooncoöperaties"
    # no date written at the start: the PDF's creation date (fpdf2 writes today's)
    assert doc.date == dt.date.today().isoformat()


def test_a_text_without_title_or_date_keeps_its_file_name_and_takes_the_files_date(tmp_path: Path) -> None:
    stamp = dt.datetime(2024, 3, 5, 12, 0).timestamp()
    doc = _extra(tmp_path, "notities_bewoners.txt", "eerste gedachten over de coöperatie, nog zonder kop.\n".encode(), stamp)
    assert (doc.title, doc.date) == ("notities bewoners", "2024-03-05")


def test_a_named_source_keeps_the_manifest_title_and_date(tmp_path: Path) -> None:
    path = tmp_path / "kamerbrief-plan-van-aanpak-belemmeringen-wooncooperaties.txt"
    data = "Andere titel\nDen Haag, 3 maart 2020\nTekst over het fonds.\n".encode()
    path.write_bytes(data)
    spec = Manifest.load(Path(__file__).resolve().parents[3] / "corpus").identify(path)
    doc = describe(load_file(path, spec, data), data, 0.0, named=True)
    assert (doc.title, doc.date) == (spec.title, "2026-01-19")


def test_a_title_taken_from_the_text_carries_no_markup(tmp_path: Path) -> None:
    doc = _extra(tmp_path, "notitie.md", "# Notitie <script>x()</script> over <b>grond</b>\n\nTekst over erfpacht.\n".encode())
    assert doc.title == "Notitie over grond"
