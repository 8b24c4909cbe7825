"""The Kamerbrief as a source: its id, the fund's section, and what its wording means in time."""
from __future__ import annotations

import re

from assistent.text.numbers import format_date

SOURCE_ID = "kamerbrief-2026"
FONDS_SECTION = "Financiële belemmeringen > Fonds Coöperatief Wonen"

# What the sources are about, for replies to small talk and to questions they do not touch.
TOPICS_NL = (
    "wooncoöperaties: het Fonds Coöperatief Wonen, taxatie en belastingen, grond en locaties, steun van gemeenten, "
    "coöperaties in de sociale huur, het delen van voorzieningen (huurtoeslag, kostendelersnorm, energie, Wmo), "
    "bewoningsrecht en de wettelijke definitie van een wooncoöperatie"
)
TOPICS_EN = (
    "housing cooperatives: the Fonds Coöperatief Wonen (cooperative housing fund), valuation and taxes, land and "
    "locations, support for municipalities, cooperatives in social housing, shared facilities (housing benefit, "
    "cost-sharing norm, energy, Wmo), tenancy rights and the legal definition of a housing cooperative"
)

# Texts of the product that name the letter.
CHECK_DISCLAIMER = "Dit is een eerste check op basis van de Kamerbrief. Het fonds beoordeelt elke aanvraag zelf."
API_DESCRIPTION = "Antwoorden met bronnen over de regels voor wooncoöperaties (Kamerbrief 19 januari 2026 e.a.)."

# The letter was written in late 2025 and sent on 19 January 2026 (shared/sources/README.md).
_THIS_YEAR = re.compile(r"\bdit jaar\b", re.I)


# Where the letter says the current state can be checked (SVn runs the fund; the 'kenniswijzer' appears on the
# website Volkshuisvesting Nederland).
CHECK_AT = {
    "nl": "Kijk voor de actuele stand bij SVn of op de website Volkshuisvesting Nederland.",
    "en": "For the current state, check with SVn or on the website Volkshuisvesting Nederland.",
}


def time_notes(sentences: list[str], lang: str) -> list[str]:
    """Notes that place the letter's relative time words ('dit jaar') in the calendar."""
    if not any(_THIS_YEAR.search(s) for s in sentences):
        return []
    if lang == "en":
        return ["The letter was written in late 2025: ‘dit jaar’ (this year) means 2025."]
    return ["De brief is eind 2025 geschreven: met ‘dit jaar’ is 2025 bedoeld."]


def rules_source_line(date_iso: str | None, refs: str, lang: str) -> str:
    """The line under a rules answer saying which letter the rules come from."""
    date = format_date(date_iso, lang)
    if lang == "en":
        return f"(Rules from the Kamerbrief of {date} {refs}.)"
    return f"(Regels uit de Kamerbrief van {date} {refs}.)"
