"""Tests for the hard facts of the letter (assistent.fonds.factcards)."""
from __future__ import annotations

import re

import pytest

from conftest import letter_text

from assistent.ingest.clean import clean_text
from assistent.fonds.factcards import FACT_CARDS, FONDS_SECTION, FactCard, card, match_cards

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
    assert fact_card.statement_nl and fact_card.statement_en and fact_card.triggers


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


@pytest.mark.parametrize(
    ("question", "card_id"),
    [
        ("Wat is het Fonds Coöperatief Wonen?", "fonds_doel"),
        ("hoeveel geld gaat er in het fonds coöperatief wonen?", "fonds_omvang"),
        ("hoevel geld zit er in het fonds", "fonds_omvang"),
        ("Waar komt het geld van het fonds vandaan?", "fonds_omvang"),
        ("Waarom eist het Fonds Coöperatief Wonen 10% eigen inleg van wooncoöperaties?", "eigen_inleg_5pct"),
        ("Hoeveel eigen geld moeten we inbrengen?", "eigen_inleg_5pct"),
        ("Hoe financiert een koopinitiatief de bouwfase via het fonds?", "bouwfase_alleen_huur"),
        ("Vanaf welke fase financiert het fonds een project?", "planfase"),
        ("Welke woonvormen kunnen bij het fonds terecht? Alleen wooncoöperaties?", "woonvormen"),
        ("Kan het fonds ook gebruikt worden om een bestaand appartementencomplex te kopen?", "nieuwe_woningen"),
        ("Kan een beheercoöperatie lenen bij het fonds?", "beheercooperatie_corporatie"),
        ("Is het fonds ook voor sociale huur?", "doelgroep_middeninkomen"),
        ("Voor welke inkomens zijn de woningen van het fonds?", "doelgroep_middeninkomen"),
        ("Wie voert het fonds uit?", "svn_uitvoerder"),
        ("Wanneer is het fonds open?", "opzet_tot_eind_2026"),
        ("Hoeveel woningen worden er met het fonds gebouwd?", "ongeveer_1000_woningen"),
        ("Moet de subsidie van het fonds terugbetaald worden?", "revolverend_geen_terugbetaling"),
        ("Hoe hoog is de solidariteitsbijdrage die gerealiseerde coöperaties moeten betalen?", "solidariteitsbijdrage"),
        ("What is the minimum own contribution for the fund?", "eigen_inleg_5pct"),
    ],
)
def test_match_cards_top_hit(question: str, card_id: str) -> None:
    hits = match_cards(question)
    assert hits and hits[0].id == card_id, [c.id for c in hits]


def test_false_premise_question_finds_the_correcting_card() -> None:
    ids = [c.id for c in match_cards("Waarom moet SVn de subsidie van 60,6 miljoen binnen vijf jaar terugbetalen aan het Rijk?")]
    assert "revolverend_geen_terugbetaling" in ids


@pytest.mark.parametrize(
    "question",
    [
        "Wat is het adres van SVn? Ik wil een brief sturen.",
        "Wat is de looptijd van een lening uit het Fonds Coöperatief Wonen?",
        "Hoeveel wooncoöperaties zijn er op dit moment in Nederland?",
        "hoeveel huurtoesalg krijg ik als ik 750 euro huur betaal in een wooncoöperatie?",
        "Mag een gemeente na het Didam-arrest nog grond gunnen aan een wooncoöperatie?",
        "Wat is Coopkeur?",
        "Hoeveel kunnen wij maximaal lenen bij het fonds?",
        "Wat is de rente van de lening?",
        "",
    ],
)
def test_match_cards_empty_when_no_card_clearly_applies(question: str) -> None:
    assert match_cards(question) == []


def test_card_lookup() -> None:
    assert card("fonds_omvang").id == "fonds_omvang"
    with pytest.raises(KeyError):
        card("bestaat-niet")
