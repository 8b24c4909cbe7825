"""Stage 1 — load: good files become pages of text; every bad file gives a LoadError naming file and problem."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    LETTER_NAME,
    MANIFEST_PATH,
    PAGE_BREAK,
    bad_files,
    corrupt_pdf,
    letter_text,
    render_pdf,
)

from assistent.errors import AssistentError, LoadError
from assistent.ingest.load import load_file
from assistent.ingest.manifest import Manifest, SourceSpec
from assistent.text import sha256_bytes

SPEC = SourceSpec(id="extra-test", title="Test")
BAD = bad_files()


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_gives_a_load_error_naming_file_and_problem(tmp_path: Path, name: str) -> None:
    data, words = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        load_file(path, SPEC)
    err = info.value
    assert isinstance(err, AssistentError)
    assert err.path == name
    assert str(err).startswith(f"{name}: ")
    for word in words:
        assert word in err.problem, (name, err.problem)
    assert "Traceback" not in str(err)


def test_corrupt_pdf_message_says_what_pypdf_found(tmp_path: Path) -> None:
    path = tmp_path / "kapot.pdf"
    path.write_bytes(corrupt_pdf(seed=1))
    with pytest.raises(LoadError, match=r"^kapot\.pdf: de PDF is beschadigd of onleesbaar \(\w+Error: "):
        load_file(path, SPEC)


@pytest.mark.parametrize("cut", [20, 400, 3000, -200])
def test_truncated_real_pdf_is_reported_as_damaged(tmp_path: Path, cut: int) -> None:
    data = render_pdf([letter_text()[:3000]] * 3)
    path = tmp_path / "afgebroken.pdf"
    path.write_bytes(data[:cut])
    with pytest.raises(LoadError, match="afgebroken.pdf: .*(beschadigd|leeg|geen leesbare tekst)"):
        load_file(path, SPEC)


def test_empty_pdf_and_whitespace_only_text_are_empty(tmp_path: Path) -> None:
    for name, data in {"leeg.pdf": b"", "spaties.txt": b"  \n\t\n  "}.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(LoadError, match=f"^{name}: het bestand is leeg$"):
            load_file(tmp_path / name, SPEC)


def test_nearly_empty_text_file(tmp_path: Path) -> None:
    (tmp_path / "kort.txt").write_text("Zie bijlage.\n", encoding="utf-8")
    with pytest.raises(LoadError, match="kort.txt: het bestand bevat \\(bijna\\) geen tekst"):
        load_file(tmp_path / "kort.txt", SPEC)


def test_binary_data_in_a_txt_file(tmp_path: Path) -> None:
    (tmp_path / "plaatje.txt").write_bytes(b"GIF89a\x00\x01\x00\x01" + bytes(range(256)))
    with pytest.raises(LoadError, match="plaatje.txt: dit is geen tekstbestand"):
        load_file(tmp_path / "plaatje.txt", SPEC)


@pytest.mark.parametrize("name", ["notities", "brief.doc", "tabel.xlsx", "pagina.html"])
def test_unsupported_types(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("Wooncoöperaties en het fonds, een tekst van enige lengte.", encoding="utf-8")
    with pytest.raises(LoadError, match="wordt niet ondersteund; gebruik PDF, TXT of MD") as info:
        load_file(tmp_path / name, SPEC)
    assert info.value.path == name


# --- good files -------------------------------------------------------------------


def test_letter_txt_loads_as_one_unnumbered_page(tmp_path: Path) -> None:
    path = tmp_path / LETTER_NAME
    path.write_text(letter_text(), encoding="utf-8")
    spec = Manifest.load(MANIFEST_PATH.parent).identify(path)
    doc = load_file(path, spec)
    assert doc.kind == "txt" and doc.source_id == "kamerbrief-2026"
    assert doc.title == spec.title and doc.date == "2026-01-19"
    assert len(doc.pages) == 1 and doc.pages[0].number is None
    assert doc.pages[0].text == letter_text()
    assert doc.sha256 == sha256_bytes(path.read_bytes())


@pytest.mark.parametrize(
    "encoded",
    [
        "\ufeffDe wooncoöperatie krijgt €5 miljoen uit het fonds.".encode("utf-8"),
        "De wooncoöperatie krijgt €5 miljoen uit het fonds.".encode("utf-16"),
    ],
    ids=["utf-8-bom", "utf-16"],
)
def test_text_with_bom_is_decoded(tmp_path: Path, encoded: bytes) -> None:
    (tmp_path / "bom.txt").write_bytes(encoded)
    doc = load_file(tmp_path / "bom.txt", SPEC)
    assert doc.pages[0].text == "De wooncoöperatie krijgt €5 miljoen uit het fonds."


def test_markdown_and_uppercase_suffix(tmp_path: Path) -> None:
    (tmp_path / "NOTITIE.MD").write_text("# Kop\n\nEen tekst over coöperatief wonen.\n", encoding="utf-8")
    assert load_file(tmp_path / "NOTITIE.MD", SPEC).kind == "md"


def test_pdf_loads_page_by_page(tmp_path: Path) -> None:
    data = render_pdf(
        ["Eerste pagina over het Fonds Coöperatief Wonen en €60,6 miljoen.", PAGE_BREAK, "Tweede pagina: CPO’s."]
    )
    (tmp_path / "twee.pdf").write_bytes(data)
    doc = load_file(tmp_path / "twee.pdf", SPEC)
    assert doc.kind == "pdf"
    assert [p.number for p in doc.pages] == [1, 2]
    assert "€60,6 miljoen" in doc.pages[0].text and "Coöperatief" in doc.pages[0].text
    assert "CPO’s" in doc.pages[1].text
