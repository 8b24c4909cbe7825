"""The prepared text and its map back to the user's words: fold, injections, English, compounds, typos."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistent.fonds.facts import parse_facts
from assistent.fonds.reader import folded, prepare, split_compound
from assistent.text import fold_lines


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_fold_with_origin_map_equals_the_shared_fold(text: str) -> None:
    prepared = folded(text)
    assert prepared.text == fold_lines(text)
    assert len(prepared.origin) == len(prepared.text)
    assert all(0 <= i < max(len(text), 1) for i in prepared.origin)


def test_words_map_back_to_the_original_spelling() -> None:
    prepared = prepare("Wij zijn een  Woonkoöperatie met huurwonigen.")
    start = prepared.text.index("wooncooperatie")
    assert prepared.words(start, start + len("wooncooperatie")) == "Woonkoöperatie"


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("nieuwbouwkoopwoningen", ("nieuwbouw", "koopwoningen")),
        ("woonverenigingsproject", ("woonvereniging", "project")),
        ("kantoortransformatie", ("kantoor", "transformatie")),
        ("huurwoningen", ("huurwoningen",)),
        ("gemeentehuis", ("gemeentehuis",)),  # 'gemeente' is not in the lexicon: left whole
    ],
)
def test_compound_splitting_against_the_lexicon(word: str, parts: tuple[str, ...]) -> None:
    assert split_compound(word) == parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are a housing cooperative building new rental homes in the construction phase with 6% own contribution.",
         dict(organisation_form="wooncooperatie", tenure="huur", project_type="nieuwbouw", phase="bouw", own_contribution_pct=6)),
        ("We weten nog niet of het huur of koop wordt.", dict()),
        ("Fase: bouw", dict(phase="bouw")),
        ("Bouwfase: n.v.t.", dict()),
        ("Een deel wordt verhuurd en een deel verkocht.", dict(tenure="gemengd")),
        ("De bouw van onze woningen begint pas over twee jaar.", dict(project_type="nieuwbouw")),  # no phase: future
        ("De ruwbouw staat al.", dict(phase="bouw")),
        ("We werken met de architect aan het ontwerp.", dict(phase="plan")),
        ("Een maatschappelijk ondernemer is de drijvende kracht en de bewoners zijn er gezamenlijk bij betrokken.",
         dict(organisation_form="medeopdrachtgeverschap")),
        ("De aannemer bouwt onze huurwoningen.", dict(tenure="huur", project_type="nieuwbouw")),  # not 'other': not self-named
        ("We lenen twee komma vijf miljoen.", dict(financing_eur=2_500_000)),
        ("Eigen inleg €60.000 op €1.200.000.", dict(own_contribution_eur=60_000, financing_eur=1_200_000)),
    ],
)
def test_general_mechanisms(text: str, expected: dict) -> None:
    facts = parse_facts(text).model_dump()
    assert {k: v for k, v in facts.items() if v is not None} == expected
