"""PDF pages as laid-out lines (assistent.ingest.layout): positions, font size and weight, cells, reading order.
Every PDF is made here: with the look-alike renderer, or with fpdf2 directly where a layout needs a stream order
the renderer never writes (two columns written line by line, or right column first)."""
from __future__ import annotations

import io
from itertools import zip_longest
from pathlib import Path

import pytest
from conftest import lookalike_text, render_pdf
from pypdf import PdfReader

from assistent.evaluation.lookalike import font_path, render
from assistent.ingest.chunk import chunk
from assistent.ingest.clean import clean
from assistent.ingest.layout import extract_page, new_font_cache
from assistent.ingest.load import load_file
from assistent.ingest.manifest import SourceSpec
from assistent.models import TextLine

LEFT = (
    "De leden brengen samen de eigen inleg op, in geld of in arbeid bij de bouw. "
    "Een deskundige bepaalt vooraf de waarde van die arbeid. "
    "De inleg staat op een geblokkeerde rekening tot de bouw begint."
)
RIGHT = (
    "Het fonds beoordeelt elke aanvraag binnen acht weken. "
    "Bij een positief besluit volgt een leningsovereenkomst met de coöperatie. "
    "Twee bestuursleden ondertekenen die overeenkomst namens de leden."
)


def page_lines(data: bytes) -> list[list[TextLine]]:
    fonts = new_font_cache()
    return [extract_page(page, fonts)[1] for page in PdfReader(io.BytesIO(data)).pages]


def _fpdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(font_path()))
    pdf.add_font("dejavu", style="B", fname=str(font_path(bold=True)))
    pdf.set_font("dejavu", size=10)
    pdf.add_page()
    return pdf


def _wrap(pdf, text: str, width_mm: float) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        if cur and pdf.get_string_width(f"{cur} {word}") > width_mm:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    return lines + [cur]


def two_column_pdf(order: str) -> bytes:
    """A heading, then two columns of text: written line by line across ('across') or right column first."""
    pdf = _fpdf()
    pdf.set_font("dejavu", style="B", size=14)
    pdf.text(25, 30, "3 Voorwaarden")
    pdf.set_font("dejavu", size=10)
    left, right = _wrap(pdf, LEFT, 75), _wrap(pdf, RIGHT, 75)
    ys = [45 + 5 * i for i in range(max(len(left), len(right)))]
    if order == "across":
        for y, a, b in zip_longest(ys, left, right):
            if a:
                pdf.text(25, y, a)
            if b:
                pdf.text(110, y, b)
    else:
        for y, b in zip(ys, right):
            pdf.text(110, y, b)
        for y, a in zip(ys, left):
            pdf.text(25, y, a)
    pdf.text(25, ys[-1] + 15, "Onder de kolommen loopt de tekst weer over de hele breedte van de pagina door.")
    return bytes(pdf.output())


def test_lines_carry_position_size_and_weight() -> None:
    pages = page_lines(render(lookalike_text("rfcw-gelderland")))
    body = next(ln for ln in pages[1] if ln.text.startswith("Dit reglement beschrijft"))
    heading = next(ln for ln in pages[1] if ln.text == "1 Inleiding")
    sub = next(ln for ln in pages[1] if ln.text == "1.1 Doel van het fonds")
    assert (body.size, body.bold) == (10, False) and (heading.size, heading.bold) == (15, True)
    assert (sub.size, sub.bold) == (12.5, True)
    assert heading.y > body.y > sub.y  # y grows upwards, as in the PDF
    header, footer = pages[1][0], pages[1][-1]
    assert header.text == "Fondsreglement RFCW Gelderland | juni 2025" and header.size == 8
    assert footer.text == "Provincie Gelderland — pagina 2 van 4" and footer.y < 60


def test_a_table_row_is_one_line_with_its_cells() -> None:
    pages = page_lines(render(lookalike_text("rfcw-gelderland")))
    row = next(ln for p in pages for ln in p if ln.text.startswith("Eigen inleg"))
    assert row.cells == ["Eigen inleg van de leden", "10% van de stichtingskosten"]
    assert row.text == "Eigen inleg van de leden | 10% van de stichtingskosten"
    header = next(ln for p in pages for ln in p if ln.text.startswith("Onderdeel"))
    assert header.bold and header.cells_x == row.cells_x
    # a bullet and its text are one cell, not a row
    bullet = next(ln for p in pages for ln in p if ln.text.startswith("•"))
    assert bullet.cells == [] and bullet.text.startswith("• een wooncoöperatie met ten minste vijf leden")


def test_the_renderers_two_columns_read_left_then_right() -> None:
    pages = page_lines(render(lookalike_text("rfcw-gelderland")))
    texts = [ln.text for p in pages for ln in p]
    left_last = texts.index("en in de begroting staat.")
    right_first = next(i for i, t in enumerate(texts) if t.startswith("besluit volgt een leningsovereenkomst"))
    assert left_last < right_first


@pytest.mark.parametrize("order", ["across", "right-first"])
def test_two_columns_are_read_column_by_column_whatever_the_stream_order(tmp_path: Path, order: str) -> None:
    data = two_column_pdf(order)
    raw = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    flat = " ".join(raw.split())
    if LEFT in flat and flat.index(LEFT) < flat.index(RIGHT[:40]):  # precondition: pypdf alone reads it out of order
        raise RuntimeError("the test PDF is read in order without layout; it tests nothing")
    path = tmp_path / "kolommen.pdf"
    path.write_bytes(data)
    spec = SourceSpec(id="extra-kolommen", title="kolommen")
    doc = clean(load_file(path, spec))
    text = " ".join(doc.text.split())
    assert LEFT in text and RIGHT in text
    assert text.index(LEFT) < text.index(RIGHT) < text.index("Onder de kolommen")
    passages = chunk(doc, spec)
    assert {tuple(p.section_path) for p in passages} == {("3 Voorwaarden",)}


def test_plain_pdfs_without_typography_still_give_lines() -> None:
    pages = page_lines(render_pdf(["Eerste alinea over de coöperatie.", "Tweede alinea."], header="Kop", footer="- {page} -"))
    assert [ln.text for ln in pages[0]] == ["Kop", "Eerste alinea over de coöperatie.", "Tweede alinea.", "- 1 -"]
    assert {ln.bold for ln in pages[0]} == {False}
