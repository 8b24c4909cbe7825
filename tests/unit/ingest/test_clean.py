"""Stage 2 — clean: the real letter (TXT) and the letter rendered into a real multi-page PDF."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import LETTER_NAME, MANIFEST_PATH, PAGE_BREAK, letter_text, render_pdf

from assistent.ingest.chunk import chunk
from assistent.ingest.clean import clean, clean_text
from assistent.ingest.load import load_file
from assistent.ingest.manifest import Manifest, SourceSpec
from assistent.models import Passage

MANIFEST = Manifest.load(MANIFEST_PATH.parent)
LETTER_SPEC = MANIFEST.get("kamerbrief-2026")
OUTLINE = [item.split("|", 1)[1] for item in LETTER_SPEC.outline]
HEADER = "Tweede Kamer, vergaderjaar 2025–2026, 29 453, nr. 579"
FOOTER = "Pagina {page} van {pages}"
FIVE_PERCENT = "minimale eigen inleg vereist van 5%"

# footnote number → words of the passage that cites it
CITED_BY = {
    1: "(Bijlage 1)",
    2: "Platform31 heeft een taxatierichtlijn opgesteld.",
    3: "handvatten voor wooncoöperaties",
    4: "handreiking collectief bouwen en wonen van RVO",
}
ARTEFACTS = re.compile(r"\[bookmark|footnoteRef|\[\d+:|_Hlk")


def _txt_letter(tmp_path: Path):
    path = tmp_path / LETTER_NAME
    path.write_text(letter_text(), encoding="utf-8")
    doc = clean(load_file(path, LETTER_SPEC))
    return doc, chunk(doc, LETTER_SPEC)


@pytest.fixture
def txt_letter(tmp_path: Path):
    return _txt_letter(tmp_path)


# --- the TXT letter -----------------------------------------------------------


def test_the_raw_letter_has_the_artefacts_these_tests_are_about() -> None:
    raw = letter_text()
    assert "[bookmark: _Hlk" in raw and "[footnoteRef:1]" in raw and "[1:  Cooplink" in raw
    assert "\u00a0" in raw


def test_no_conversion_artefacts_left_in_the_cleaned_letter(txt_letter) -> None:
    doc, passages = txt_letter
    assert not ARTEFACTS.search(doc.text), ARTEFACTS.search(doc.text)
    for p in passages:
        assert not ARTEFACTS.search(p.text), (p.id, p.text)
        assert "\u00a0" not in p.text and "\u00ad" not in p.text
        assert "  " not in p.text and p.text == p.text.strip()
    assert "\u00a0" not in doc.text and "\u202f" not in doc.text


def test_text_keeps_the_letters_words_and_figures(txt_letter) -> None:
    doc, _ = txt_letter
    for phrase in ("€60,6 miljoen", "Didam-arrest", FIVE_PERCENT, "CPO’s", "Kamerstuk 36 780, nr. 2"):
        assert phrase in doc.text


@pytest.mark.parametrize("number, citing", sorted(CITED_BY.items()))
def test_footnote_body_is_a_note_of_exactly_the_passage_that_cites_it(txt_letter, number: int, citing: str) -> None:
    doc, passages = txt_letter
    body = doc.footnotes[number]
    note = f"[{number}] {body}"
    with_note = [p for p in passages if note in p.notes]
    assert len(with_note) == 1, [p.id for p in with_note]
    assert citing in with_note[0].text
    # the note's mark stands in the sentence that cites it, after the citing words: that sentence owns it
    text, at = with_note[0].text, with_note[0].note_at[with_note[0].notes.index(note)]
    start = text.index(citing)
    assert start < at <= text.index(".", start + len(citing) - 1) + 1
    # the body is a note, never passage text (footnote 3 quotes a title the prose names too)
    prose = re.sub(r"\[\d+:[^\]]*\]", "", letter_text())
    in_prose = prose.count(body)
    assert sum(p.text.count(body) for p in passages) == in_prose
    assert doc.text.count(body) == in_prose
    assert f"[{number}:" not in doc.text


def test_footnote_1_body(txt_letter) -> None:
    doc, passages = txt_letter
    assert doc.footnotes[1] == "Cooplink, 2024 Belemmeringen in wet en regelgeving voor wooncoöperaties"
    assert sorted(doc.footnotes) == [1, 2, 3, 4]
    noted = [p for p in passages if p.notes]
    assert len(noted) == 4  # every footnote on one passage, no passage gets someone else's


def test_footnote_reference_offsets_point_after_the_citing_words(txt_letter) -> None:
    doc, _ = txt_letter
    refs = dict((num, off) for off, num in doc.footnote_refs)
    assert doc.text[: refs[1]].endswith("(Bijlage 1)")
    assert doc.text[: refs[2]].endswith("taxatierichtlijn opgesteld.")


def test_clean_text_removes_every_kind_of_artefact() -> None:
    raw = "[bookmark: _Hlk1]De\u00a0wooncoöperatie[footnoteRef:2] be\u00adstaat.  [2:  Een noot. ] "
    assert clean_text(raw) == "De wooncoöperatie bestaat."


# --- the letter as a real PDF ------------------------------------------------------


def letter_paragraphs() -> list[str]:
    """The letter's paragraphs and headings, as a PDF of it would show them (no conversion artefacts)."""
    return [p for p in (clean_text(line) for line in letter_text().splitlines()) if p]


@pytest.fixture(scope="module")
def letter_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The letter as a multi-page PDF with running header, 'Pagina N van M' footer and hyphenated words."""
    data = render_pdf(
        letter_paragraphs(),
        header=HEADER,
        footer=FOOTER,
        hyphenate=("woning-corporatie",),
        break_after=("koop-",),
    )
    path = tmp_path_factory.mktemp("pdf") / "Kamerbrief-plan-van-aanpak-belemmeringen-wooncooperaties.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def pdf_letter(letter_pdf: Path):
    spec = MANIFEST.identify(letter_pdf)
    assert spec.id == "kamerbrief-2026"
    loaded = load_file(letter_pdf, spec)
    doc = clean(loaded)
    return loaded, doc, chunk(doc, spec)


def test_the_rendered_pdf_really_has_furniture_and_hyphenation(pdf_letter) -> None:
    loaded, _, _ = pdf_letter
    assert loaded.kind == "pdf" and len(loaded.pages) >= 4
    for page in loaded.pages:
        lines = page.text.splitlines()
        assert lines[0].strip() == HEADER
        assert lines[-1].strip() == f"Pagina {page.number} van {len(loaded.pages)}"
    raw = "\n".join(p.text for p in loaded.pages)
    assert raw.count("woning-\ncorporatie") >= 5
    assert "koop-\nen huurwoningen" in raw
    assert "€60,6" in raw and "CPO’s" in raw and "financiële" in raw


def test_pdf_headers_footers_and_page_numbers_are_gone(pdf_letter) -> None:
    _, doc, passages = pdf_letter
    for text in [doc.text, *(p.text for p in passages)]:
        assert "vergaderjaar" not in text
        assert "Tweede Kamer" not in text
        assert not re.search(r"Pagina \d+ van \d+", text)
        assert not re.search(r"29 453, nr\. 579", text)
    for line in doc.text.split("\n"):
        assert not re.fullmatch(r"\s*\d{1,3}\s*", line)


def test_pdf_hyphenated_words_are_joined(pdf_letter) -> None:
    _, doc, passages = pdf_letter
    expected = letter_text().count("woningcorporatie")
    assert expected >= 5
    assert doc.text.count("woningcorporatie") == expected
    assert "woning- corporatie" not in doc.text and "woning-corporatie" not in doc.text
    assert not any("woning- corporatie" in p.text for p in passages)
    # a hyphen before 'en' is not hyphenation: "koop- en huurwoningen" keeps it
    assert "koop- en huurwoningen" in doc.text


def test_pdf_paragraph_text_matches_the_letter(pdf_letter) -> None:
    _, doc, passages = pdf_letter
    txt_words = " ".join(letter_paragraphs()).split()
    pdf_words = doc.text.split()
    assert pdf_words == txt_words
    assert any(FIVE_PERCENT in p.text for p in passages)


def test_pdf_headings_become_section_paths(pdf_letter) -> None:
    _, _, passages = pdf_letter
    (five,) = [p for p in passages if FIVE_PERCENT in p.text]
    assert five.section_path == ["Financiële belemmeringen", "Fonds Coöperatief Wonen"]
    headings = {h for p in passages for h in p.section_path}
    assert headings == set(OUTLINE) | {"Inleiding"}
    assert not any(p.text in OUTLINE for p in passages)  # headings are paths, not passages
    assert passages[-1].section_path == ["Tot slot"]


def test_pdf_headings_without_an_outline(letter_pdf: Path) -> None:
    """An extra source has no outline: headings are recognised from the layout alone."""
    spec = SourceSpec(id="extra-brief", title="Brief")
    doc = clean(load_file(letter_pdf, spec))
    passages = chunk(doc, spec)
    (five,) = [p for p in passages if FIVE_PERCENT in p.text]
    assert five.section_path == ["Financiële belemmeringen", "Fonds Coöperatief Wonen"]
    assert {h for p in passages for h in p.section_path} == set(OUTLINE) | {"Inleiding"}


def test_pdf_pages_are_in_order(pdf_letter) -> None:
    loaded, _, passages = pdf_letter
    pages = [p.page for p in passages]
    assert pages[0] == 1 and pages[-1] == len(loaded.pages)
    assert pages == sorted(pages)
    assert all(p.page <= p.page_end for p in passages)


def _paged_pdf_passages(tmp_path: Path, paragraphs: list[str]) -> tuple[list, list[Passage]]:
    path = tmp_path / "pagina-test.pdf"
    path.write_bytes(render_pdf(paragraphs, header="Notitie wooncoöperaties", footer="- {page} -"))
    spec = SourceSpec(id="extra-pagina-test", title="Pagina test")
    loaded = load_file(path, spec)
    return loaded.pages, chunk(clean(loaded), spec)


MARKER = "De ekster in de tuin van de coöperatie staat op de tweede pagina."


def test_pdf_page_of_a_paragraph_on_page_2(tmp_path: Path) -> None:
    body = [letter_paragraphs()[i] for i in (0, 2, 3)]
    pages, passages = _paged_pdf_passages(tmp_path, ["Eerste deel", *body, PAGE_BREAK, "Tweede deel", MARKER + " " + body[0]])
    assert MARKER in " ".join(pages[1].text.split()) and "- 2 -" in pages[1].text
    (hit,) = [p for p in passages if MARKER in p.text]
    assert hit.page == 2 and hit.section_path == ["Tweede deel"]
    assert all(p.page == 1 for p in passages if p.section_path == ["Eerste deel"])
    assert not any("- 1 -" in p.text or "Notitie wooncoöperaties" in p.text for p in passages)


def test_pdf_page_of_a_passage_in_a_paragraph_that_flows_onto_page_2(tmp_path: Path) -> None:
    # one long paragraph (sentences ending mid-line, no gap) that starts on page 1 and ends on page 2
    sentences = [s for line in letter_paragraphs() for s in re.split(r"(?<=\.) ", line) if len(s) > 60][:50]
    pages, passages = _paged_pdf_passages(tmp_path, ["Lang verhaal", " ".join(sentences) + " " + MARKER])
    # preconditions (RuntimeError, so that they cannot pass for the expected failure)
    flat = [" ".join(page.text.split()) for page in pages]
    if not (len(pages) == 2 and MARKER in flat[1] and sentences[0] in flat[0]):
        raise RuntimeError("the test PDF does not have the layout this test needs")
    paragraphs = {p.paragraph for p in passages}
    if paragraphs != {1} or len(passages) < 4:
        raise RuntimeError(f"expected one paragraph split into passages, got {paragraphs}")
    (hit,) = [p for p in passages if MARKER in p.text]
    assert hit.page == 2
    assert passages[0].page == 1
