"""Stage 3 — chunk: passages of about one paragraph, with section path, paragraph number, span and stable id."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LETTER_NAME, MANIFEST_PATH, letter_text

from assistent.ingest.chunk import INTRO_SECTION, ChunkSizes, chunk
from assistent.index.store import passage_index_text
from assistent.ingest.clean import clean
from assistent.ingest.load import load_file
from assistent.ingest.manifest import Manifest, SourceSpec
from assistent.models import CleanDocument, Passage
from assistent.settings import Settings
from assistent.text import split_sentences

MANIFEST = Manifest.load(MANIFEST_PATH.parent)
LETTER_SPEC = MANIFEST.get("kamerbrief-2026")
FIVE_PERCENT = "minimale eigen inleg vereist van 5%"


def chunk_file(path: Path, text: str, spec: SourceSpec, sizes: ChunkSizes = ChunkSizes()) -> tuple[CleanDocument, list[Passage]]:
    path.write_text(text, encoding="utf-8")
    doc = clean(load_file(path, spec))
    return doc, chunk(doc, spec, sizes)


@pytest.fixture
def letter(tmp_path: Path) -> tuple[CleanDocument, list[Passage]]:
    return chunk_file(tmp_path / LETTER_NAME, letter_text(), LETTER_SPEC)


def test_five_percent_passage_sits_under_fonds_cooperatief_wonen(letter) -> None:
    _, passages = letter
    (hit,) = [p for p in passages if FIVE_PERCENT in p.text]
    assert hit.section_path == ["Financiële belemmeringen", "Fonds Coöperatief Wonen"]
    assert hit.section == "Financiële belemmeringen > Fonds Coöperatief Wonen"
    assert hit.source_id == "kamerbrief-2026" and hit.date == "2026-01-19"
    assert hit.page is None  # a text file has no pages


def test_every_passage_has_id_section_paragraph_and_exact_span(letter) -> None:
    doc, passages = letter
    assert len(passages) > 30
    ids = [p.id for p in passages]
    assert len(set(ids)) == len(ids)
    for p in passages:
        assert p.id.startswith("kamerbrief-2026-")
        assert p.section_path and all(p.section_path)
        assert p.paragraph >= 1
        assert 0 <= p.char_start < p.char_end <= len(doc.text)
        assert doc.text[p.char_start : p.char_end] == p.text
    # passages follow the document, without overlap
    for a, b in zip(passages, passages[1:]):
        assert a.char_end <= b.char_start


def test_headings_are_section_paths_not_passages(letter) -> None:
    _, passages = letter
    outline = [item.split("|", 1)[1] for item in LETTER_SPEC.outline]
    assert passages[0].section_path == [INTRO_SECTION]
    assert {h for p in passages for h in p.section_path} == set(outline) | {INTRO_SECTION}
    assert not any(p.text in outline for p in passages)
    by_section = {tuple(p.section_path) for p in passages}
    assert ("Meer locaties en ondersteuning", "Ondersteuning van gemeenten") in by_section
    assert ("Bewoningsrecht",) in by_section


def test_paragraph_numbers_count_within_a_section(letter) -> None:
    _, passages = letter
    last: dict[tuple[str, ...], int] = {}
    for p in passages:
        key = tuple(p.section_path)
        prev = last.get(key, 0)
        assert p.paragraph in (prev, prev + 1)  # a split paragraph repeats its number
        last[key] = p.paragraph
    assert all(min(p.paragraph for p in passages if tuple(p.section_path) == k) == 1 for k in last)


def test_ids_are_stable_across_runs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, first = chunk_file(tmp_path / "a" / LETTER_NAME, letter_text(), LETTER_SPEC)
    _, second = chunk_file(tmp_path / "b" / LETTER_NAME, letter_text(), LETTER_SPEC)
    assert [p.id for p in first] == [p.id for p in second]
    assert [p.model_dump() for p in first] == [p.model_dump() for p in second]


def test_changing_one_sentence_changes_only_that_passages_id(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, before = chunk_file(tmp_path / "a" / LETTER_NAME, letter_text(), LETTER_SPEC)
    changed = letter_text().replace("vereist van 5% van de financiering", "vereist van 10% van de financiering")
    _, after = chunk_file(tmp_path / "b" / LETTER_NAME, changed, LETTER_SPEC)
    gone = {p.id for p in before} - {p.id for p in after}
    new = [p for p in after if p.id not in {q.id for q in before}]
    assert len(gone) == 1 and len(new) == 1
    assert "10% van de financiering" in new[0].text


def _assert_sizes(passages: list[Passage], sizes: ChunkSizes) -> None:
    for i, p in enumerate(passages):
        n = len(p.text)
        assert n <= sizes.max, f"{p.id} ({n} chars) is longer than max ({sizes.max}): the maximum is hard"
        if n < sizes.min:
            # only when no neighbour in the same section can take it within max
            for j in (i - 1, i + 1):
                if 0 <= j < len(passages) and passages[j].section_path == p.section_path:
                    lo, hi = min(p.char_start, passages[j].char_start), max(p.char_end, passages[j].char_end)
                    assert hi - lo > sizes.max, f"{p.id} ({n} chars) could have been merged"


def test_sizes_within_bounds_with_the_default_sizes(letter) -> None:
    _, passages = letter
    sizes = ChunkSizes()
    _assert_sizes(passages, sizes)
    lengths = sorted(len(p.text) for p in passages)
    assert sizes.min <= lengths[len(lengths) // 2] <= sizes.max


def test_default_sizes_are_the_settings_defaults() -> None:
    s = Settings()
    assert ChunkSizes() == ChunkSizes(s.chunk_target_chars, s.chunk_max_chars, s.chunk_min_chars)


@pytest.mark.parametrize("sizes", [ChunkSizes(200, 300, 80), ChunkSizes(700, 1200, 400), ChunkSizes(120, 150, 20)])
def test_sizes_within_bounds_for_other_sizes(tmp_path: Path, sizes: ChunkSizes) -> None:
    doc, passages = chunk_file(tmp_path / LETTER_NAME, letter_text(), LETTER_SPEC, sizes)
    _assert_sizes(passages, sizes)
    for p in passages:
        assert doc.text[p.char_start : p.char_end] == p.text
    # nothing of the text is lost: every sentence of the document is in some passage
    covered = "".join(p.text for p in passages).replace(" ", "")
    assert len(covered) >= 0.97 * len(doc.text.replace("\n", "").replace(" ", ""))


def test_a_sentence_longer_than_max_is_cut_at_clauses_then_whitespace(tmp_path: Path) -> None:
    # issue 15: real PDFs gave passages of 2,000-4,600 chars because one long 'sentence' (a list, a table row,
    # text without full stops) stayed whole; the maximum is now hard
    long_sentence = "De wooncoöperatie " + " en ".join(f"regel {i} over het fonds" for i in range(40)) + "."
    listing = "; ".join(f"punt {i} gaat over de grond van de gemeente" for i in range(30))
    text = f"Kop\n{long_sentence} Daarna volgt een korte zin. En nog een zin over de gemeente.\n{listing}\n"
    sizes = ChunkSizes(100, 200, 40)
    doc, passages = chunk_file(tmp_path / "lang.txt", text, SourceSpec(id="extra-lang", title="lang"), sizes)
    _assert_sizes(passages, sizes)
    assert all(p.text == doc.text[p.char_start : p.char_end] for p in passages)
    # no word is cut: every piece starts and ends at a word boundary
    words = set(doc.text.split())
    assert all(p.text.split()[0] in words and p.text.split()[-1] in words for p in passages)
    # nothing is lost: the words of all passages together are the words of the text
    assert " ".join(p.text for p in passages).split() == doc.text.split()[1:]  # the heading is a section
    # the listing is cut after its semicolons (clauses), not in the middle of a clause
    assert all(p.text.endswith(";") or p.text.endswith("gemeente") for p in passages if p.text.startswith("punt"))


def test_text_without_any_break_is_cut_hard_at_max(tmp_path: Path) -> None:
    blob = "x" * 1000 + "\n"
    sizes = ChunkSizes(100, 200, 40)
    doc, passages = chunk_file(tmp_path / "blob.txt", blob, SourceSpec(id="extra-blob", title="blob"), sizes)
    assert [len(p.text) for p in passages] == [200] * 5
    assert "".join(p.text for p in passages) == doc.text


def test_a_long_paragraph_is_chunked_in_linear_time(tmp_path: Path) -> None:
    """A 5 MB line used to be one passage (and quadratic on repeats); 20x the text must cost about 20x (CPU time of
    this process, so that other work on the machine does not count; the garbage collector off while timing, so that
    a collection of the whole test session's heap does not count either: it once made the big run 6x slower)."""
    import gc
    import time

    from hostile_files import long_line

    def seconds(mb: float) -> tuple[float, int]:
        path = tmp_path / f"lang-{mb}.md"
        path.write_bytes(long_line(mb))
        doc = clean(load_file(path, SourceSpec(id="extra-lang", title="lang")))
        gc.collect()
        gc.disable()
        try:
            t = time.process_time()
            passages = chunk(doc, SourceSpec(id="extra-lang", title="lang"))
            elapsed = time.process_time() - t
        finally:
            gc.enable()
        assert max(len(p.text) for p in passages) <= ChunkSizes().max
        assert len({p.id for p in passages}) == len(passages)
        return elapsed, len(passages)

    small, n_small = seconds(0.1)
    big, n_big = seconds(2.0)
    assert n_big >= 19 * n_small
    assert big < 40 * small + 0.5, (small, big)  # linear (20x) with room for noise; quadratic would be ~400x
    assert big < 10


def test_markdown_headings_give_the_section_path(tmp_path: Path) -> None:
    md = (
        "# Handreiking wooncoöperaties\n\n"
        "Deze handreiking helpt gemeenten die wooncoöperaties willen ondersteunen met grond, beleid en kennis. "
        "Zij is geschreven voor beleidsmakers en grondbedrijven.\n\n"
        "## Grond en erfpacht\n\n"
        "Een gemeente kan grond in erfpacht uitgeven aan een wooncoöperatie. Een lage canon maakt betaalbare "
        "huurwoningen mogelijk, vooral in de eerste jaren van het project.\n\n"
        "### Didam\n\n"
        "Na het Didam-arrest moet een gemeente grond openbaar aanbieden, maar een selectiecriterium kan "
        "'wooncoöperatie' zijn, zolang de criteria objectief, toetsbaar en redelijk zijn.\n\n"
        "## Beleid\n\n"
        "Leg in de woonvisie vast hoeveel woningen de gemeente via coöperaties wil realiseren en welke "
        "ondersteuning initiatieven daarbij van de gemeente kunnen verwachten.\n"
    )
    spec = SourceSpec(id="extra-handreiking", title="Handreiking")
    doc, passages = chunk_file(tmp_path / "handreiking.md", md, spec, ChunkSizes(100, 400, 40))
    paths = {p.text.split()[0]: p.section_path for p in passages}
    assert paths["Deze"] == ["Handreiking wooncoöperaties"]
    assert paths["Een"] == ["Handreiking wooncoöperaties", "Grond en erfpacht"]
    assert paths["Na"] == ["Handreiking wooncoöperaties", "Grond en erfpacht", "Didam"]
    assert paths["Leg"] == ["Handreiking wooncoöperaties", "Beleid"]
    assert not any(p.text.startswith("#") or "##" in p.text for p in passages)
    assert all(doc.text[p.char_start : p.char_end] == p.text for p in passages)


def test_markdown_paragraph_lines_are_joined(tmp_path: Path) -> None:
    md = "# Kop\n\nEen alinea over de coöperatie\ndie over twee regels loopt en lang genoeg is om te blijven.\n"
    _, passages = chunk_file(tmp_path / "n.md", md, SourceSpec(id="extra-n", title="n"), ChunkSizes(20, 400, 10))
    assert [p.text for p in passages] == [
        "Een alinea over de coöperatie die over twee regels loopt en lang genoeg is om te blijven."
    ]


@pytest.mark.parametrize(
    "target, max_, min_", [(420, 650, 700), (700, 650, 140), (420, 650, 0), (100, 50, 10), (-1, 10, 5)]
)
def test_chunk_sizes_validator_rejects_inconsistent_sizes(target: int, max_: int, min_: int) -> None:
    with pytest.raises(ValueError, match="min <= target <= max"):
        ChunkSizes(target=target, max=max_, min=min_)


def test_chunk_sizes_accepts_equal_bounds() -> None:
    assert ChunkSizes(target=300, max=300, min=300).max == 300


def test_a_passage_that_refers_back_is_searched_with_the_sentence_before_it(tmp_path: Path) -> None:
    md = (
        "# Fonds\n\n"
        "Het fonds leent in de planfase aan coöperaties. Daarna volgt de bouwfase, waarin het fonds alleen "
        "huurwoningen financiert.\n\n"
        "Deze fase duurt meestal twee jaar, omdat de bouw en de oplevering van de woningen tijd kosten.\n\n"
        "Een coöperatie met koopwoningen zoekt voor de bouw een hypotheek bij een bank of een andere geldgever.\n\n"
        "## Locaties\n\n"
        "Dit zijn percelen die de gemeente aanwijst voor groepen burgers zonder winstoogmerk in het omgevingsplan.\n"
    )
    spec = SourceSpec(id="extra-fonds", title="Fonds")
    doc, passages = chunk_file(tmp_path / "fonds.md", md, spec, ChunkSizes(60, 200, 40))
    by_start = {p.text.split()[0]: p for p in passages}
    fase = by_start["Deze"]
    assert fase.lead_in == "Daarna volgt de bouwfase, waarin het fonds alleen huurwoningen financiert."
    assert fase.text.startswith("Deze fase") and "bouwfase" not in fase.text  # searched with, never quoted as text
    assert fase.lead_in in passage_index_text(fase) and fase.text in passage_index_text(fase)
    assert by_start["Een"].lead_in == ""  # it does not refer back
    assert by_start["Dit"].lead_in == ""  # it refers back to a heading, which the section path already gives
    assert all(doc.text[p.char_start : p.char_end] == p.text for p in passages)
