"""Unit tests of the domain glossary (assistent.text.glossary.expand): English and informal words → the sources' Dutch."""
from __future__ import annotations

import pytest

from assistent.text import analyze, stem
from assistent.text.glossary import EN_NL, NL_NL, expand, glossed


def test_a_query_without_glossary_words_is_returned_unchanged() -> None:
    q = "Wat zegt de brief over de taxatierichtlijn?"
    assert expand(q) is q


@pytest.mark.parametrize(
    ("query", "dutch"),
    [
        ("How much own contribution is required?", "eigen inleg"),
        ("Does the fund give loans?", "fonds"),
        ("What about housing benefit?", "huurtoeslag"),
        ("Is there a transfer tax exemption?", "overdrachtsbelasting"),
        ("Hoeveel eigen geld moeten we inbrengen?", "eigen inleg"),
        ("Geldt dit ook voor de VPB?", "vennootschapsbelasting"),
        ("Wat zegt de brief over Didam?", "didam-arrest"),
    ],
)
def test_glossary_phrases_add_the_words_of_the_sources(query: str, dutch: str) -> None:
    out = expand(query)
    assert out.startswith(query + " ")  # the query itself is kept in front
    assert dutch in out[len(query):]


def test_matching_ignores_case_accents_and_typographic_dashes() -> None:
    assert "coöperatie" in expand("Our CO‑OP is small".replace("‑", "-"))
    assert "eigen inleg" in expand("EIGEN GELD")
    assert "bouwfase" in expand("And for the Build Phase?")


def test_phrases_match_whole_words_only() -> None:
    assert expand("Is there a fundament?") == "Is there a fundament?"  # not 'fund'
    assert expand("We landed") == "We landed"  # not 'land'
    # 'housing cooperatives' must not also fire the singular 'housing cooperative'
    out = expand("housing cooperatives")
    assert "wooncoöperaties" in out and "wooncoöperatie " not in out + " "


def test_longer_and_shorter_phrases_both_contribute() -> None:
    out = expand("land prices")
    assert "grondprijzen" in out and "grond" in out.split("land prices", 1)[1]


def test_expansion_makes_an_english_question_reach_dutch_stems() -> None:
    stems = set(analyze(expand("How much own contribution is needed for the build phase?")))
    assert {stem("inleg"), stem("bouwfase")} <= stems
    assert not {stem("inleg"), stem("bouwfase")} & set(analyze("How much own contribution is needed for the build phase?"))


def test_the_tables_map_to_non_empty_dutch_and_keys_are_lower_case() -> None:
    for table in (EN_NL, NL_NL):
        for key, value in table.items():
            assert key == key.lower() and value.strip(), key


def test_a_compound_the_sources_do_not_use_is_split_into_their_words_and_glossary_terms() -> None:
    from assistent.text.glossary import expand_compounds

    vocabulary = frozenset({"belasting", "wooncooperaties", "speciale"})
    out = expand_compounds("Komt er een speciale belastingvrijstelling voor wooncoöperaties?", vocabulary)
    assert "belasting" in out.split() and "uitzonderen" in out.split()
    # a word the sources use is left whole
    assert expand_compounds("belasting", vocabulary) == "belasting"


def test_english_readers_get_the_dutch_words_of_a_quote_but_not_its_cognates() -> None:
    from assistent.text.glossary import english_terms

    terms = dict(english_terms("Initiatieven die koopwoningen realiseren kunnen de bouwfase via een hypotheek "
                               "financieren; een minimale eigen inleg van 5% van de financiering."))
    assert terms["hypotheek"] == "mortgage" and terms["eigen inleg"] == "own contribution"
    assert "financiering" not in terms and "inleg" not in terms  # a cognate; a word of a phrase already given


def test_a_dutch_glossary_word_is_found_in_its_inflected_forms_but_not_inside_another_word() -> None:
    from assistent.text.glossary import expand

    assert "inleg" in expand("hoeveel moeten we zelf inbrengen").split()[-1:]
    assert "inleg" not in expand("de inbrengers van het plan")


@pytest.mark.parametrize(("query", "dutch"), [
    ("The fund gives grants to resident groups", "subsidie"),
    ("Mortgages for housing co-ops", "hypotheek"),
])
def test_an_english_glossary_noun_is_found_in_its_plural(query: str, dutch: str) -> None:
    assert dutch in expand(query)
    assert "subsidie" not in expand("The grantee signs")  # not inside another word


def test_the_words_a_glossary_phrase_covers_are_known_by_it() -> None:
    assert glossed("Hoeveel eigen geld moeten we inbrengen?") == {"eigen", "geld", "inbrengen"}
    assert glossed("Kan een woco meedoen?") == {"woco"}
    assert glossed("Hoeveel huizen komen erbij?") == frozenset()
