"""Unit tests of the source manifest (assistent.ingest.manifest): loading sources.toml, which file is which
source, and which files of corpus/ are candidates."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LETTER_NAME, MANIFEST_PATH, make_corpus

from assistent.ingest.manifest import MANIFEST_NAME, Manifest, SourceSpec, corpus_files

NAMED = ["kamerbrief-2026", "cooplink-2024", "rvo-handreiking", "platform31-taxatie"]


@pytest.fixture
def manifest(tmp_path: Path) -> Manifest:
    return Manifest.load(make_corpus(tmp_path, {}))


def test_load_reads_every_source_of_the_repos_manifest(manifest: Manifest) -> None:
    assert [s.id for s in manifest.sources] == NAMED
    letter = manifest.get("kamerbrief-2026")
    assert letter is not None
    assert letter.title == "Kamerbrief Plan van aanpak belemmeringen wooncoöperaties"
    assert letter.date == "2026-01-19" and letter.reference.startswith("Kamerstuk 29 453")
    assert letter.heading_levels()["fonds cooperatief wonen"] == 2  # folded heading → level
    assert letter.heading_levels()["financiele belemmeringen"] == 1
    assert manifest.get("cooplink-2024").heading_levels() == {}
    assert manifest.get("no-such-source") is None


def test_a_corpus_without_a_manifest_has_no_named_sources(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, {"notitie.txt": "tekst"}, manifest=False)
    assert Manifest.load(corpus).sources == []
    assert Manifest.load(tmp_path / "does-not-exist").sources == []


def test_load_takes_optional_fields_from_a_minimal_manifest(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, {MANIFEST_NAME: '[[source]]\nid = "x"\ntitle = "X"\npatterns = ["*x*"]\n'}, manifest=False)
    [spec] = Manifest.load(corpus).sources
    assert (spec.id, spec.title, spec.publisher, spec.date, spec.outline) == ("x", "X", "", "", [])


@pytest.mark.parametrize(
    ("filename", "source_id"),
    [
        (LETTER_NAME, "kamerbrief-2026"),
        ("Kamerbrief-Wooncoöperaties.PDF", "kamerbrief-2026"),  # case and accents do not matter
        ("kst-29453-579.pdf", "kamerbrief-2026"),
        ("2026D01883.pdf", "kamerbrief-2026"),
        ("Cooplink rapport 2024.pdf", "cooplink-2024"),
        ("RVO handreiking gemeenten.pdf", "rvo-handreiking"),
        ("Taxatierichtlijn_Platform31.pdf", "platform31-taxatie"),
    ],
)
def test_identify_recognises_the_named_sources_by_their_patterns(manifest: Manifest, filename: str, source_id: str) -> None:
    assert manifest.identify(Path("corpus") / filename).id == source_id


def test_every_named_sources_example_filename_is_recognised_as_that_source(manifest: Manifest) -> None:
    for spec in manifest.sources:
        example = spec.patterns[0].replace("*", "-").strip("-") + ".pdf"  # as source_status suggests it
        assert manifest.identify(Path(example)).id == spec.id, example


@pytest.mark.parametrize(
    ("filename", "source_id", "title"),
    [
        ("notitie.txt", "extra-notitie", "notitie"),
        ("Notulen_ALV-2025.md", "extra-notulen-alv-2025", "Notulen ALV 2025"),
        ("Coöperatie Één.pdf", "extra-cooperatie-een", "Coöperatie Één"),
        ("___.txt", "extra-document", "___.txt"),
    ],
)
def test_any_other_file_becomes_an_extra_source_named_after_it(manifest: Manifest, filename: str, source_id: str, title: str) -> None:
    spec = manifest.identify(Path(filename))
    assert (spec.id, spec.title) == (source_id, title)
    assert manifest.get(spec.id) is None  # not one of the named sources
    assert spec.patterns == [] and not spec.matches(filename)


def test_matches_uses_folded_globs() -> None:
    spec = SourceSpec(id="x", title="X", patterns=["*coöperatie*"])
    assert spec.matches("WOONCOOPERATIE.pdf") and spec.matches("wooncoöperatie.txt")
    assert not spec.matches("woningcorporatie.pdf")


def test_corpus_files_lists_candidate_files_sorted_without_manifest_readme_or_hidden_files(tmp_path: Path) -> None:
    corpus = make_corpus(
        tmp_path,
        {
            "b.txt": "b",
            "a.pdf": b"%PDF",
            "README.md": "uitleg",
            "sub/c.md": "c",
            ".verborgen.txt": "x",
            ".gitkeep": "",
            "notulen.docx": b"PK",
        },
    )
    assert (corpus / MANIFEST_PATH.name).exists()
    got = [p.relative_to(corpus).as_posix() for p in corpus_files(corpus)]
    assert got == ["a.pdf", "b.txt", "notulen.docx", "sub/c.md"]  # unsupported kinds are for the loader to refuse
    assert all(p.is_absolute() == corpus.is_absolute() for p in corpus_files(corpus))


def test_corpus_files_of_a_missing_directory_is_empty(tmp_path: Path) -> None:
    assert corpus_files(tmp_path / "nowhere") == []


def test_files_in_hidden_directories_are_not_candidates(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, {"notitie.txt": "a", ".ipynb_checkpoints/notitie-checkpoint.txt": "a", ".git/HEAD": "ref"})
    assert [p.name for p in corpus_files(corpus)] == ["notitie.txt"]
