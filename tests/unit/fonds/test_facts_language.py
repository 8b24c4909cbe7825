"""Kinds of language the fact reader learnt in issue 12, each with sentences of its own (none copied from
the scenario sets): the end of the plan phase (permit granted, contractor contracted), work in progress,
separable and passive plan activities, phase names in two words."""
from __future__ import annotations

import pytest

from assistent.fonds.facts import read_facts


def facts(text: str) -> dict[str, object]:
    return {k: v for k, v in read_facts(text).facts.model_dump().items() if v is not None}


# --------------------------------------------------------------------------- phase: the plan phase ends with the permit


@pytest.mark.parametrize(
    "text",
    [
        "De omgevingsvergunning is inmiddels verleend.",
        "Sinds vorige maand hebben we de bouwvergunning binnen.",
        "Vergunning rond, bouwbedrijf gekozen.",
        "De aannemer is gecontracteerd en we willen snel beginnen.",
        "De timmerlieden en bouwvakkers zijn druk aan het werk.",
        "We zijn het oude pakhuis nu aan het verbouwen.",
    ],
)
def test_a_granted_permit_or_work_in_progress_is_the_build_phase(text: str) -> None:
    assert facts(text).get("phase") == "bouw"


@pytest.mark.parametrize(
    "text",
    [
        "Zodra de vergunning binnen is, zoeken we een aannemer.",
        "Als de vergunning verleend wordt gaan we bouwen.",
        "De bouw start na de vergunning.",
    ],
)
def test_a_permit_still_ahead_places_nothing_in_the_build_phase(text: str) -> None:
    assert facts(text).get("phase") != "bouw"


@pytest.mark.parametrize(
    "text",
    [
        "Deze maand vragen we de omgevingsvergunning aan.",
        "De tekeningen worden op dit moment uitgewerkt.",
        "Ons ontwerp ligt nu bij de welstandscommissie.",
        "We are in the planning stage.",
        "We zitten in de ontwerp fase.",
    ],
)
def test_plan_activities_in_other_word_orders_are_the_plan_phase(text: str) -> None:
    assert facts(text).get("phase") == "plan"


def test_a_design_merely_named_is_no_phase() -> None:
    assert "phase" not in facts("De bewoners mogen meepraten over het ontwerp en de tuin.")
