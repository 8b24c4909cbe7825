"""Tests for the hard facts of the letter (assistent.fonds.factcards)."""
from __future__ import annotations

import re

import pytest

from conftest import letter_text

from assistent.ingest.clean import clean_text
from assistent.fonds.factcards import FACT_CARDS, FONDS_SECTION, FactCard, card

LETTER = clean_text(letter_text())


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def _figures(text: str) -> set[str]:
    """Numbers in a text, separators dropped ('60,6' → '606', '1.000' → '1000')."""
    return {re.sub(r"[.,]", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", text)}


REQUIRED = {
    "planfase", "bouwfase_alleen_huur", "eigen_inleg_5pct", "woonvormen", "beheercooperatie_corporatie",
    "nieuwe_woningen", "doelgroep_middeninkomen", "fonds_omvang", "svn_uitvoerder", "opzet_tot_eind_2026",
    "ongeveer_1000_woningen",
}


def test_required_cards_exist_with_unique_ids() -> None:
    ids = [c.id for c in FACT_CARDS]
    assert len(ids) == len(set(ids))
    assert REQUIRED <= set(ids)


@pytest.mark.parametrize("fact_card", FACT_CARDS, ids=lambda c: c.id)
def test_card_basis_is_verbatim_letter_text(fact_card: FactCard) -> None:
    assert fact_card.basis
    for quote in fact_card.basis:
        assert "[" not in quote
        assert _norm(quote) in _norm(LETTER), quote
    assert fact_card.section == FONDS_SECTION
    for heading in FONDS_SECTION.split(" > "):
        assert re.search(rf"^(\[bookmark:[^\]]*\])?{re.escape(heading)}\s*$", letter_text(), re.M)


@pytest.mark.parametrize("fact_card", FACT_CARDS, ids=lambda c: c.id)
def test_card_statements_use_only_figures_of_the_letter(fact_card: FactCard) -> None:
    allowed = set().union(*(_figures(q) for q in fact_card.basis))
    assert _figures(fact_card.statement_nl) <= allowed, fact_card.statement_nl
    assert _figures(fact_card.statement_en) <= allowed, fact_card.statement_en
    assert fact_card.statement_nl and fact_card.statement_en


@pytest.mark.parametrize(
    ("card_id", "figures"),
    [
        ("fonds_omvang", ["€60,6 miljoen", "€35,6 miljoen", "€25 miljoen", "twee amendementen", "SWZ"]),
        ("eigen_inleg_5pct", ["5%", "planfase", "bouwfase"]),
        ("doelgroep_middeninkomen", ["middeninkomen", "2x modaal", "sociale huurwoningen", "businesscase"]),
        ("opzet_tot_eind_2026", ["eind 2026", "banken"]),
        ("ongeveer_1000_woningen", ["ongeveer 1.000"]),
        ("svn_uitvoerder", ["SVn", "Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten"]),
        ("woonvormen", ["wooncoöperaties", "woonverenigingen", "CPO’s met een coöperatief karakter", "medeopdrachtgeverschap"]),
        ("beheercooperatie_corporatie", ["woningcorporatie"]),
        ("nieuwe_woningen", ["nieuwbouw", "transformatie"]),
        ("bouwfase_alleen_huur", ["huurwoningen", "hypotheek"]),
        ("planfase", ["planfase", "initiatieffase", "koopwoningen", "huurwoningen"]),
    ],
)
def test_card_statements_carry_the_letters_facts(card_id: str, figures: list[str]) -> None:
    statement = card(card_id).statement_nl
    for figure in figures:
        assert figure in statement


def test_every_card_says_which_questions_it_answers_in_dutch_and_english() -> None:
    from assistent.answer.conversation import detect_language
    from assistent.fonds.card_questions import CARD_QUESTIONS

    assert set(CARD_QUESTIONS) == {c.id for c in FACT_CARDS}
    for card_id, questions in CARD_QUESTIONS.items():
        assert len(questions) >= 4, card_id
        assert any(detect_language(q) == "en" for q in questions), card_id


def test_card_lookup() -> None:
    assert card("fonds_omvang").id == "fonds_omvang"
    with pytest.raises(KeyError):
        card("bestaat-niet")
