"""The look-alike renderer: a small Markdown dialect read into a typed document and set as a real PDF (fpdf2),
checked by reading the PDF back with pypdf (text, positions, fonts)."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import LOOKALIKE_DIR, lookalike_text
from pypdf import PdfReader

from assistent.evaluation.lookalike import (
    Bullets,
    Columns,
    Heading,
    LookalikeDoc,
    PageBreak,
    Paragraph,
    Table,
    font_path,
    parse,
    render,
    render_dir,
)

SMALL = """---
title: Regionaal Fonds Coöperatief Wonen Gelderland — Fondsreglement
publisher: Provincie Gelderland
date: 2025-06-12
header: Fondsreglement RFCW Gelderland | juni 2025
footer: Provincie Gelderland — pagina {page} van {pages}
status: concept
---
# 1 Inleiding

Dit reglement beschrijft het fonds.
Het loopt over twee regels.

## 1.2 Doel van het fonds

- eerste punt
- tweede punt
  dat doorloopt

| Onderdeel | Bedrag |
|---|---|
| Eigen inleg | 10% |
| Lening | € 150.000 |

:::columns
Eerste alinea in kolommen. De leden brengen samen de eigen inleg op, in geld of in arbeid bij de bouw.

Tweede alinea in kolommen. Het fonds beoordeelt elke aanvraag binnen acht weken en stuurt dan een besluit.
:::
:::pagebreak
### 8.5.1 Aansluiting op de taxatie
Slot.
"""


def _fonts_by_text(data: bytes) -> dict[str, tuple[str, float, float, float]]:
    """text of each piece → (font name, size, x, y), from pypdf's visitor."""
    out: dict[str, tuple[str, float, float, float]] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip() and font is not None:
                out.setdefault(" ".join(text.split()), (str(font.get("/BaseFont")), float(size), tm[4], tm[5]))

        page.extract_text(visitor_text=visit)
    return out


def test_parse_reads_front_matter_and_every_kind_of_block() -> None:
    doc = parse(SMALL)
    assert isinstance(doc, LookalikeDoc)
    assert doc.meta.title == "Regionaal Fonds Coöperatief Wonen Gelderland — Fondsreglement"
    assert doc.meta.publisher == "Provincie Gelderland" and doc.meta.date == "2025-06-12"
    assert doc.meta.date_display() == "12 juni 2025"
    assert doc.meta.footer == "Provincie Gelderland — pagina {page} van {pages}"
    assert doc.meta.extra == {"status": "concept"}
    kinds = [type(b) for b in doc.blocks]
    assert kinds == [Heading, Paragraph, Heading, Bullets, Table, Columns, PageBreak, Heading, Paragraph]
    h1, para, h2, bullets, table, columns, _, h3, _ = doc.blocks
    assert (h1.level, h1.text, h1.number) == (1, "1 Inleiding", "1")
    assert (h2.level, h2.number) == (2, "1.2")
    assert (h3.level, h3.number) == (3, "8.5.1")
    assert para.text == "Dit reglement beschrijft het fonds. Het loopt over twee regels."
    assert bullets.items == ["eerste punt", "tweede punt dat doorloopt"]
    assert table.header == ["Onderdeel", "Bedrag"] and table.rows == [["Eigen inleg", "10%"], ["Lening", "€ 150.000"]]
    assert [p.split(".")[0] for p in columns.paragraphs] == ["Eerste alinea in kolommen", "Tweede alinea in kolommen"]
    assert doc.section_paths() == [
        ["1 Inleiding"],
        ["1 Inleiding", "1.2 Doel van het fonds"],
        ["1 Inleiding", "1.2 Doel van het fonds", "8.5.1 Aansluiting op de taxatie"],
    ]
    assert Heading(1, "Hoofdstuk 3 Grond").number == "3" and Heading(1, "Bijlage 2 Contact").number == "2"
    assert Heading(2, "Voorwoord").number == ""


def test_parse_without_front_matter() -> None:
    doc = parse("# 1 Kop\n\nTekst.\n")
    assert doc.meta.title == "" and [type(b) for b in doc.blocks] == [Heading, Paragraph]


def test_render_gives_a4_pages_with_a_title_page_and_running_header_and_footer() -> None:
    data = render(SMALL)
    reader = PdfReader(io.BytesIO(data))
    n = len(reader.pages)
    assert data.startswith(b"%PDF") and n == 3  # title page, body, the page after :::pagebreak
    for i, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
        text = page.extract_text()
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        assert lines[0] == "Fondsreglement RFCW Gelderland | juni 2025"
        assert lines[-1] == f"Provincie Gelderland — pagina {i} van {n}"
    title = " ".join(reader.pages[0].extract_text().split())
    assert "Regionaal Fonds Coöperatief Wonen Gelderland — Fondsreglement" in title
    assert "Provincie Gelderland" in title and "12 juni 2025" in title
    assert "8.5.1 Aansluiting op de taxatie" in reader.pages[2].extract_text()
    assert reader.metadata.title == "Regionaal Fonds Coöperatief Wonen Gelderland — Fondsreglement"


def test_headings_are_bold_and_larger_than_the_justified_10pt_body() -> None:
    fonts = _fonts_by_text(render(SMALL))
    body_font, body_size, x, _ = fonts["Dit reglement beschrijft het fonds. Het loopt over twee regels."]
    assert "Bold" not in body_font and body_size == pytest.approx(10)
    assert x == pytest.approx(25 / 25.4 * 72, abs=4)  # 25 mm margin (plus the cell padding)
    for heading, size in (("1 Inleiding", 15), ("1.2 Doel van het fonds", 12.5), ("8.5.1 Aansluiting op de taxatie", 11)):
        font, got, _, _ = fonts[heading]
        assert "Bold" in font and got == pytest.approx(size)
    assert "Bold" in fonts["Onderdeel"][0]  # the table's header row
    assert fonts["Eigen inleg"][1] == pytest.approx(9)


def test_tables_columns_and_bullets_are_real_layout() -> None:
    fonts = _fonts_by_text(render(SMALL))
    # a real table: the cells of a row on one baseline, in two columns
    (_, _, x1, y1), (_, _, x2, y2) = fonts["Eigen inleg"], fonts["10%"]
    assert y1 == pytest.approx(y2) and x2 > x1 + 150
    # two columns: the second paragraph starts right of the middle, at the height of the first
    first = next(v for k, v in fonts.items() if k.startswith("Eerste alinea"))
    second = next(v for k, v in fonts.items() if k.startswith("Tweede alinea"))
    assert second[2] > 595 / 2 > first[2] and first[3] == pytest.approx(second[3])
    assert "•" in fonts
    # a currency sign never ends a line
    text = PdfReader(io.BytesIO(render(SMALL))).pages[1].extract_text()
    assert "€ 150.000" in " ".join(text.split()) and not re.search(r"€\s*\n", text)


def test_the_sample_documents_render_with_every_feature(tmp_path: Path) -> None:
    pdfs = render_dir(LOOKALIKE_DIR, tmp_path / "pdf")
    assert [p.name for p in pdfs] == sorted(p.stem + ".pdf" for p in LOOKALIKE_DIR.glob("*.md"))
    for pdf in pdfs:
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 3
        doc = parse((LOOKALIKE_DIR / (pdf.stem + ".md")).read_text(encoding="utf-8"))
        assert any(isinstance(b, Table) for b in doc.blocks) and any(isinstance(b, Columns) for b in doc.blocks)
        flat = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        for heading in doc.headings():
            assert heading.text in flat


def test_front_matter_can_be_varied_for_other_page_number_forms() -> None:
    text = lookalike_text("handboek-zwolle", footer="{page}/{pages}", header="Handboek")
    reader = PdfReader(io.BytesIO(render(text)))
    n = len(reader.pages)
    for i, page in enumerate(reader.pages, start=1):
        assert page.extract_text().strip().splitlines()[-1].strip() == f"{i}/{n}"


def test_the_font_is_found_in_the_package() -> None:
    assert font_path().name == "DejaVuSans.ttf" and font_path().is_file()
    assert font_path(bold=True).name == "DejaVuSans-Bold.ttf" and font_path(bold=True).is_file()


def test_a_figure_under_a_source_labelled_older_is_shown_not_stated() -> None:
    from assistent.evaluation.lookalike_eval import _foreign, stated

    answer = "\n".join([
        "Volgens de Kamerbrief van 19 januari 2026:",
        '"Voor beide fases is een minimale eigen inleg vereist van 5% van de financiering." [1]',
        "Volgens “Verkenning” van 6 juli 2023 (een oudere bron):",
        '"Voor beide fases is een eigen inleg vereist van 10% van de financiering." [2]',
        "Let op: de bronnen verschillen hierover. De nieuwste, de Kamerbrief [1], geeft de huidige stand.",
    ])
    assert "5%" in stated(answer) and "10%" not in stated(answer)
    assert not _foreign(answer, ["10%"])
    # the same figure under a source not labelled older is stated as current
    assert _foreign(answer.replace(" (een oudere bron)", ""), ["10%"])
