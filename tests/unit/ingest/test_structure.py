"""PDF structure (issue 13): numbered headings become section paths and never passage text, running headers,
footers and page numbers go, tables keep their rows, two-column pages read in order. The PDFs are look-alike
documents rendered here (assistent.evaluation.lookalike) and read by the real load → clean → chunk."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import LETTER_NAME, MANIFEST_PATH, REPO, letter_text, lookalike_text, render_pdf

from assistent.evaluation.lookalike import Columns, Paragraph, Table, font_path, parse, render
from assistent.ingest.chunk import chunk
from assistent.ingest.clean import clean
from assistent.ingest.load import load_file
from assistent.ingest.manifest import Manifest, SourceSpec
from assistent.ingest.structure import heading_number
from assistent.models import Passage

SAMPLES = ("rfcw-gelderland", "handboek-zwolle")


def ingest_pdf(tmp_path: Path, data: bytes, name: str = "lookalike") -> list[Passage]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    spec = SourceSpec(id=f"extra-{name}", title=name)
    return chunk(clean(load_file(path, spec)), spec)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def gelderland(tmp_path_factory: pytest.TempPathFactory) -> list[Passage]:
    return ingest_pdf(tmp_path_factory.mktemp("gelderland"), render(lookalike_text("rfcw-gelderland")))


def passage_with(passages: list[Passage], words: str) -> Passage:
    (hit,) = [p for p in passages if words in flat(p.text)]
    return hit


# --- headings --------------------------------------------------------------------------------------------------


def test_numbered_headings_give_the_section_path_with_their_number(gelderland) -> None:
    assert passage_with(gelderland, "eigen inleg van 10% van de stichtingskosten").section_path == [
        "1 Inleiding", "1.1 Doel van het fonds"
    ]
    assert passage_with(gelderland, "taxatiewaarde in verhuurde staat").section_path == [
        "8 Taxatie", "8.5 Aansluiting op de taxatie"
    ]
    assert passage_with(gelderland, "bouwkosten meer dan 10% stijgen").section_path == [
        "8 Taxatie", "8.5 Aansluiting op de taxatie", "8.5.1 Herziening van de taxatie"
    ]
    assert passage_with(gelderland, "Het fonds verstrekt leningen tot € 1,5 miljoen").section_path == ["2 Financiering"]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_heading_is_a_section_path_and_never_passage_text(tmp_path: Path, name: str) -> None:
    text = lookalike_text(name)
    doc = parse(text)
    passages = ingest_pdf(tmp_path, render(text), name)
    paths = {tuple(p.section_path[:i]) for p in passages for i in range(1, len(p.section_path) + 1)}
    for path in doc.section_paths():
        assert tuple(path) in paths, path
    title = doc.meta.title  # the title page's title heads what comes before the first chapter
    assert {h for p in passages for h in p.section_path} == {h.text for h in doc.headings()} | {title}
    for p in passages:
        for h in doc.headings():
            assert h.text not in flat(p.text), (h.text, p.text)


def test_named_chapters_and_appendices_are_level_one(tmp_path: Path) -> None:
    passages = ingest_pdf(tmp_path, render(lookalike_text("handboek-zwolle")))
    assert passage_with(passages, "openbaar aangeboden").section_path == ["Hoofdstuk 2 Grond van de gemeente"]
    assert passage_with(passages, "Didam-arrest").section_path == [
        "Hoofdstuk 2 Grond van de gemeente", "2.1 Selectie van een initiatief"
    ]
    assert passage_with(passages, "binnen vijf werkdagen").section_path == ["Bijlage 2 Contact"]
    assert heading_number("Hoofdstuk 3 Geld") == (1, "Geld") and heading_number("8.5.1 Herziening") == (3, "Herziening")


def test_a_date_line_and_numbered_list_lines_are_text_not_headings(gelderland) -> None:
    headings = {h for p in gelderland for h in p.section_path}
    for line in ("19 januari 2026", "1 woning per lid", "2 leden van één huishouden", "12 juni 2025"):
        assert not any(h.startswith(line) for h in headings), line
    date = passage_with(gelderland, "19 januari 2026")
    assert date.section_path == ["3 Voorwaarden", "3.2 Verplichtingen na toekenning"]
    listing = passage_with(gelderland, "1 woning per lid is de regel")
    assert listing.section_path == ["1 Inleiding", "1.1 Doel van het fonds"]
    assert "2 leden van één huishouden tellen samen" in listing.text


def test_a_numbered_table_row_is_no_heading(tmp_path: Path) -> None:
    text = lookalike_text("handboek-zwolle").replace(
        "| Criterium | Weging |\n|---|---|",
        "| Stap | Wat |\n|---|---|\n| 1 | Aanvraag indienen |\n| 2 | Beoordeling door de gemeente |\n"
        "| Criterium | Weging |",
    )
    passages = ingest_pdf(tmp_path, render(text))
    assert not any(h.startswith(("1 Aanvraag", "2 Beoordeling")) for p in passages for h in p.section_path)
    rows = passage_with(passages, "Aanvraag indienen").text.split("\n")
    assert "1 | Aanvraag indienen" in rows and "2 | Beoordeling door de gemeente" in rows


def _heading_at_page_bottom() -> tuple[str, bytes]:
    """A look-alike whose heading '2.4 Onderhoud' is the last line of body text on its page (filler before it grows
    until the renderer puts it there)."""
    from assistent.ingest.layout import extract_page, new_font_cache
    from pypdf import PdfReader
    import io

    base = lookalike_text("rfcw-gelderland")
    anchor = "\n:::pagebreak\n\n# 3 Voorwaarden"
    for words in range(0, 400, 4):
        filler = " ".join(["De coöperatie houdt de woningen goed bij."] * (words // 4 + 1))
        text = base.replace(
            anchor,
            f"\n{filler}\n\n## 2.4 Onderhoud\n\nHet onderhoud van de woningen is een taak van de leden samen.\n{anchor}",
        )
        data = render(text)
        fonts = new_font_cache()
        for page in PdfReader(io.BytesIO(data)).pages:
            lines = [ln.text for ln in extract_page(page, fonts)[1]]
            if len(lines) > 2 and lines[-2] == "2.4 Onderhoud":  # the last line before the footer
                return text, data
    raise RuntimeError("no filler put the heading at the bottom of a page")


def test_a_heading_at_the_bottom_of_a_page_heads_the_text_on_the_next(tmp_path: Path) -> None:
    _, data = _heading_at_page_bottom()
    passages = ingest_pdf(tmp_path, data)
    hit = passage_with(passages, "Het onderhoud van de woningen is een taak")
    assert hit.section_path == ["2 Financiering", "2.4 Onderhoud"]
    assert hit.page == hit.page_end and "2.4 Onderhoud" not in hit.text
    assert not any("2.4 Onderhoud" in p.text for p in passages)


def test_a_heading_on_the_same_line_as_its_text_is_cut_off(tmp_path: Path) -> None:
    """A bold run-in heading: pypdf gives one line '8.5 Aansluiting op de taxatie Voor het bepalen …'."""
    from fpdf import FPDF
    from pypdf import PdfReader
    import io

    pdf = FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(font_path()))
    pdf.add_font("dejavu", style="B", fname=str(font_path(bold=True)))
    pdf.add_page()
    pdf.set_font("dejavu", style="B", size=10)
    pdf.write(5, "8 Taxatie")
    pdf.ln(9)
    pdf.set_font("dejavu", size=10)
    pdf.write(5, "Een taxatie is nodig voor elke lening boven € 500.000 die het fonds verstrekt.")
    pdf.ln(9)
    pdf.set_font("dejavu", style="B", size=10)
    pdf.write(5, "8.5 Aansluiting op de taxatie ")
    pdf.set_font("dejavu", size=10)
    pdf.write(5, "Voor het bepalen van de lening sluit het fonds aan op de taxatiewaarde in verhuurde staat. " * 2)
    data = bytes(pdf.output())
    raw = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    if "8.5 Aansluiting op de taxatie Voor het bepalen" not in " ".join(raw.split()):
        raise RuntimeError("precondition: pypdf should put the heading and its text on one line")
    passages = ingest_pdf(tmp_path, data)
    hit = passage_with(passages, "Voor het bepalen van de lening")
    assert hit.section_path == ["8 Taxatie", "8.5 Aansluiting op de taxatie"]
    assert hit.text.startswith("Voor het bepalen") and "8.5" not in hit.text


# --- page furniture --------------------------------------------------------------------------------------------


FORMS = [
    ("Fondsreglement RFCW Gelderland | juni 2025", "Provincie Gelderland — pagina {page} van {pages}"),
    ("Gemeente Zwolle · Handboek wooncoöperaties · 3 maart 2024", "- {page} -"),
    ("Regionaal Fonds Coöperatief Wonen Gelderland — Fondsreglement", "{page}"),
    ("Versie {page}.0 — 12-06-2025", "{page}/{pages}"),
    ("Pagina {page} van {pages}", "Provincie Gelderland"),
]


@pytest.mark.parametrize("header, footer", FORMS)
def test_running_headers_footers_and_page_numbers_are_removed(tmp_path: Path, header: str, footer: str) -> None:
    text = lookalike_text("rfcw-gelderland", header=header, footer=footer)
    passages = ingest_pdf(tmp_path, render(text))
    pieces = [x.strip(" -|—·/") for t in (header, footer) for x in re.split(r"\{pages?\}", t)]
    pieces = [x for x in pieces if len(x) > 3]
    for p in passages:
        for piece in pieces:
            if piece in ("Provincie Gelderland",):
                assert p.text.count(piece) <= flat(text).count(piece), piece  # the title page names the publisher
                continue
            assert piece not in p.text, (piece, p.text)
        for line in p.text.split("\n"):
            assert not re.fullmatch(r"(-\s*)?\d{1,3}(\s*-)?|\d{1,3}/\d{1,3}|Pagina \d+ van \d+|pagina \d+ van \d+", line), line
    # nothing of the body went with them
    body = [b.text for b in parse(text).blocks if isinstance(b, Paragraph)]
    everything = flat(" ".join(p.text for p in passages))
    for para in body:
        assert flat(para) in everything, para


def test_a_body_line_that_repeats_at_the_top_of_pages_stays(tmp_path: Path) -> None:
    repeated = "Deze bepaling geldt voor alle fasen."
    text = lookalike_text("rfcw-gelderland").replace(":::pagebreak\n\n#", f":::pagebreak\n\n{repeated}\n\n#")
    text = text.replace("\n## 2.1 Planfase", f"\n:::pagebreak\n\n{repeated}\n\n## 2.1 Planfase")
    text = text.replace("\n# 8 Taxatie", f"\n:::pagebreak\n\n{repeated}\n\n# 8 Taxatie")
    passages = ingest_pdf(tmp_path, render(text))
    assert sum(p.text.count(repeated) for p in passages) == 3


# --- tables and columns ------------------------------------------------------------------------------------------


def test_table_rows_stay_rows_with_their_header(gelderland) -> None:
    table = next(b for b in parse(lookalike_text("rfcw-gelderland")).blocks if isinstance(b, Table))
    hit = passage_with(gelderland, "Eigen inleg van de leden")
    lines = hit.text.split("\n")
    expected = [" | ".join(row) for row in [table.header, *table.rows]]
    assert lines == expected  # the whole table in one passage, header first, one row per line
    assert hit.section_path == ["2 Financiering"]


def test_a_wrapped_cell_stays_in_its_row_and_a_long_table_is_cut_between_rows(tmp_path: Path) -> None:
    rows = [
        f"| Fase {i} | {'een lange omschrijving van wat de leden in deze fase doen en betalen ' * 2}| € {i}0.000 |"
        for i in range(1, 9)
    ]
    text = lookalike_text("handboek-zwolle").replace(
        "| Criterium | Weging |\n|---|---|", "| Fase | Omschrijving | Kosten |\n|---|---|---|\n" + "\n".join(rows) + "\n\n| Criterium | Weging |\n|---|---|"
    )
    passages = ingest_pdf(tmp_path, render(text))
    cell = ("een lange omschrijving van wat de leden in deze fase doen en betalen " * 2).strip()
    found = [ln for p in passages for ln in p.text.split("\n") if re.match(r"Fase \d", ln)]
    assert found == [f"Fase {i} | {cell} | € {i}0.000" for i in range(1, 9)]
    holding = [p for p in passages if "Fase 1 |" in p.text or "Fase 8 |" in p.text]
    assert all(len(p.text) <= 650 for p in passages)
    assert len({p.id for p in passages if "| € " in p.text}) >= 2 and holding  # longer than a passage: split between rows


def test_a_two_column_stretch_reads_the_first_column_before_the_second(gelderland) -> None:
    columns = next(b for b in parse(lookalike_text("rfcw-gelderland")).blocks if isinstance(b, Columns))
    text = flat(" ".join(p.text for p in gelderland))
    positions = [text.find(flat(para)) for para in columns.paragraphs]
    assert -1 not in positions and positions == sorted(positions)
    # the paragraph that runs from the first column into the second is whole
    assert "Bij een positief besluit volgt een leningsovereenkomst met de coöperatie" in text


# --- PDFs without typography keep what they had -------------------------------------------------------------------


def test_without_typography_a_numbered_line_between_gaps_is_a_heading_and_a_list_is_not(tmp_path: Path) -> None:
    paragraphs = [
        "1 Inleiding",
        "Het fonds leent aan wooncoöperaties die betaalbare woningen bouwen in de provincie. " * 3,
        "Een aanvraag gaat in drie stappen, die de fondsbeheerder na elkaar doorloopt met de leden van de "
        "coöperatie en hun adviseurs:",
        "1 Aanvraag",
        "2 Beoordeling",
        "3 Besluit",
        "2 Financiering",
        "De lening is ten hoogste anderhalf miljoen euro per project, met een vaste rente. " * 3,
    ]
    passages = ingest_pdf(tmp_path, render_pdf(paragraphs))
    headings = {h for p in passages for h in p.section_path}
    assert {"1 Inleiding", "2 Financiering"} <= headings
    assert not headings & {"1 Aanvraag", "2 Beoordeling", "3 Besluit"}
    steps = passage_with(passages, "1 Aanvraag")
    assert steps.section_path == ["1 Inleiding"] and "2 Beoordeling" in steps.text and "3 Besluit" in steps.text
    assert passage_with(passages, "anderhalf miljoen").section_path == ["2 Financiering"]


def test_the_letters_passages_are_unchanged(tmp_path: Path) -> None:
    """The eval figures rest on the letter's passages: ids, section paths and spans as before the PDF work."""
    path = tmp_path / LETTER_NAME
    path.write_text(letter_text(), encoding="utf-8")
    spec = Manifest.load(MANIFEST_PATH.parent).get("kamerbrief-2026")
    passages = chunk(clean(load_file(path, spec)), spec)
    got = [[p.id, p.section_path, p.paragraph, p.char_start, p.char_end] for p in passages]
    expected = json.loads((REPO / "tests" / "data" / "letter-passages.json").read_text(encoding="utf-8"))
    assert got == expected
