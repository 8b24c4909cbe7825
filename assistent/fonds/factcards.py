"""Hard facts of the Kamerbrief about the Fonds Coöperatief Wonen, stated only from here.

Every card carries the exact sentence(s) of the letter it rests on (``basis``), so that
``assistent.rules.verify_basis`` can check them against the corpus. Figures in the Dutch
statements are copied verbatim from those sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistent.text import fold, polarity

from assistent.fonds.source import FONDS_SECTION, SOURCE_ID  # noqa: F401 (re-exported for the cards)


@dataclass(frozen=True)
class FactCard:
    """One hard fact of the letter: statement (nl/en), verbatim basis, section and triggers."""

    basis: tuple[str, ...]
    id: str
    statement_nl: str
    statement_en: str
    section: str
    # which questions it answers: assistent/fonds/card_questions.py (matched by meaning in answer/cards.py)
    # a question matching this (regex on normalised text) assumes the opposite of the card: a false premise
    premise: str | None = None


# Sentences of the letter that two cards rest on: the subsidy to SVn, and the homes it yields and for whom.
_SUBSIDIE = (
    "In oktober dit jaar heb ik het Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten "
    "(SVn) €60,6 miljoen subsidie gegeven om het Fonds Coöperatief Wonen op te richten en uit "
    "te voeren."
)
_HEFBOOM = (
    "Door samen te werken met banken wordt met deze middelen een hefboom gecreëerd, waarmee "
    "ongeveer 1.000 betaalbare huurwoningen in wooncoöperaties worden gerealiseerd, met voor "
    "mensen met een middeninkomen (tot 2x modaal)."
)

# Each card sits next to the sentence(s) of the letter it rests on.
FACT_CARDS: tuple[FactCard, ...] = (
    FactCard(
        basis=(
            "Het fonds verstrekt leningen aan coöperatieve initiatieven die een gezamenlijke "
            "woonwens willen realiseren.",
            "Dit fonds moet ervoor zorgen dat coöperatieven de financiering wel rond kunnen krijgen.",
        ),
        id="fonds_doel",
        statement_nl=(
            "Het Fonds Coöperatief Wonen verstrekt leningen aan coöperatieve initiatieven die samen "
            "een woonwens willen realiseren. Zo kunnen zij hun financiering wel rond krijgen."
        ),
        statement_en=(
            "The Fonds Coöperatief Wonen provides loans to cooperative initiatives that want to "
            "realise a shared housing wish, so that they can get their financing in place."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=(
            "Het fonds financiert initiatieven vanaf de planfase.",
            "Deze fase start na de initiatieffase waarin de groep is opgericht, er een eerste opzet "
            "ligt voor een project, wat de gemeente ondersteunt en waarvoor een locatie beschikbaar is.",
            "Omdat banken deze fase veelal niet financieren kunnen initiatieven gericht op de bouw van "
            "koop- en huurwoningen bij het fonds terecht.",
        ),
        id="planfase",
        statement_nl=(
            "Het fonds financiert initiatieven vanaf de planfase. De planfase begint na de "
            "initiatieffase. In de initiatieffase is de groep opgericht, ligt er een eerste opzet "
            "voor een project, steunt de gemeente dat en is er een locatie. In de planfase kunnen "
            "initiatieven voor koopwoningen en voor huurwoningen bij het fonds terecht."
        ),
        statement_en=(
            "The fund finances initiatives from the plan phase onwards. The plan phase starts after "
            "the initiative phase, in which the group has been set up, there is a first outline of a "
            "project, the municipality supports it and a location is available. In the plan phase, "
            "initiatives for both owner-occupied and rental homes can turn to the fund."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=(
            "Initiatieven die koopwoningen realiseren kunnen de bouwfase wel gewoon via een "
            "hypotheek financieren.",
            "Daarom komen alleen coöperatieve initiatieven die huurwoningen realiseren voor "
            "financiering van de bouwfase in aanmerking.",
        ),
        id="bouwfase_alleen_huur",
        statement_nl=(
            "In de bouwfase financiert het fonds alleen coöperatieve initiatieven die huurwoningen "
            "realiseren. Initiatieven met koopwoningen kunnen de bouwfase gewoon via een hypotheek "
            "financieren."
        ),
        statement_en=(
            "In the construction phase the fund only finances cooperative initiatives that build "
            "rental homes. Initiatives with owner-occupied homes can finance the construction phase "
            "with an ordinary mortgage."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=("Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering.",),
        id="eigen_inleg_5pct",
        statement_nl=(
            "Voor de planfase en de bouwfase is een eigen inleg nodig van minimaal 5% van de "
            "financiering."
        ),
        statement_en=(
            "For both the plan phase and the construction phase, an own contribution of at least 5% "
            "of the financing is required."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=(
            "Het fonds hanteert een ruime opvatting van coöperatief wonen; het gaat om "
            "wooncoöperaties, woonverenigingen, Collectief Privaat Opdrachtgeverschappen (CPO’s) met "
            "een coöperatief karakter en medeopdrachtgeverschap.",
            "In dat laatste geval zijn maatschappelijk ondernemers de drijvende kracht, waarbij "
            "bewoners gezamenlijk betrokken zijn.",
            "Dit is vooral relevant voor initiatieven gericht op wonen en zorg voor ouderen.",
        ),
        id="woonvormen",
        statement_nl=(
            "Het fonds hanteert een ruime opvatting van coöperatief wonen. Het gaat om "
            "wooncoöperaties, woonverenigingen, CPO’s met een coöperatief karakter en "
            "medeopdrachtgeverschap. Bij medeopdrachtgeverschap zijn maatschappelijk ondernemers de "
            "drijvende kracht en zijn bewoners samen betrokken. Dat is vooral relevant voor wonen en "
            "zorg voor ouderen."
        ),
        statement_en=(
            "The fund takes a broad view of cooperative housing: housing cooperatives, housing "
            "associations, collective private commissioning (CPOs) with a cooperative character, and "
            "co-commissioning. In co-commissioning, social entrepreneurs are the driving force and "
            "residents are jointly involved; this is mainly relevant for housing and care for older "
            "people."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=(
            "Voor zogenaamde beheercooperaties, waarbij een groep alleen het beheer en onderhoud "
            "overneemt van een woningcorporatie, kunnen bewoners bij de woningcorporatie terecht voor "
            "financiering.",
        ),
        id="beheercooperatie_corporatie",
        statement_nl=(
            "Bij een beheercoöperatie neemt een groep alleen het beheer en onderhoud over van een "
            "woningcorporatie. Voor financiering kunnen de bewoners dan bij de woningcorporatie "
            "terecht."
        ),
        statement_en=(
            "In a management cooperative (beheercoöperatie) a group only takes over management and "
            "maintenance from a housing corporation. For financing, the residents can then turn to "
            "the housing corporation."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=("Het moet daarbij gaan om nieuwe betaalbare woningen (nieuwbouw, transformatie).",),
        id="nieuwe_woningen",
        statement_nl=(
            "Het fonds is voor nieuwe betaalbare woningen: nieuwbouw of transformatie. Bestaande "
            "woningen kopen of opknappen valt daar niet onder."
        ),
        statement_en=(
            "The fund is for new affordable homes: new construction or transformation. Buying or "
            "refurbishing existing homes does not fall under it."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=(
            _HEFBOOM,
            "Als de businesscase het toelaat kunnen ook sociale huurwoningen worden gerealiseerd.",
        ),
        id="doelgroep_middeninkomen",
        statement_nl=(
            "Met het fonds worden betaalbare huurwoningen gerealiseerd voor mensen met een "
            "middeninkomen (tot 2x modaal). Als de businesscase het toelaat, kunnen ook sociale huurwoningen worden "
            "gerealiseerd."
        ),
        statement_en=(
            "The fund is to deliver affordable rental homes for people with a middle income (up to 2x "
            "the modal income). If the business case allows it, social rental homes can also be built."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=(
            _SUBSIDIE,
            "De €60,6 miljoen subsidie komt voor €35,6 miljoen uit de middelen die de Kamer in twee "
            "amendementen op mijn begroting heeft vrijgemaakt en €25 miljoen uit de "
            "Stimuleringsregeling Wonen en Zorg (SWZ).",
        ),
        id="fonds_omvang",
        statement_nl=(
            "SVn heeft €60,6 miljoen subsidie gekregen voor het Fonds Coöperatief Wonen. Daarvan komt "
            "€35,6 miljoen uit twee amendementen van de Kamer op de begroting en €25 miljoen uit de "
            "Stimuleringsregeling Wonen en Zorg (SWZ)."
        ),
        statement_en=(
            "SVn received a subsidy of €60.6 million for the Fonds Coöperatief Wonen: €35.6 million "
            "from two parliamentary amendments to the budget and €25 million from the "
            "Stimuleringsregeling Wonen en Zorg (SWZ)."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=(
            _SUBSIDIE,
            "SVn is gekozen op basis van een subsidietender die in februari 2025 is uitgezet.",
        ),
        id="svn_uitvoerder",
        statement_nl=(
            "Het Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten (SVn) richt het Fonds "
            "Coöperatief Wonen op en voert het uit. SVn is gekozen via een subsidietender die in "
            "februari 2025 is uitgezet."
        ),
        statement_en=(
            "The Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten (SVn) sets up and runs the "
            "Fonds Coöperatief Wonen. SVn was chosen through a subsidy tender issued in February 2025."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=(
            "SVn zal tot eind 2026 nodig hebben om het fonds op te zetten en de samenwerking met "
            "banken te organiseren.",
        ),
        id="opzet_tot_eind_2026",
        statement_nl=(
            "SVn heeft tot eind 2026 nodig om het fonds op te zetten en de samenwerking met banken te "
            "organiseren."
        ),
        statement_en=(
            "SVn needs until the end of 2026 to set up the fund and organise the cooperation with banks."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=(
            _HEFBOOM,
        ),
        id="ongeveer_1000_woningen",
        statement_nl=(
            "Door samen te werken met banken ontstaat een hefboom. Daarmee worden ongeveer 1.000 "
            "betaalbare huurwoningen in wooncoöperaties gerealiseerd."
        ),
        statement_en=(
            "By working with banks, a lever is created with which about 1,000 affordable rental homes "
            "in housing cooperatives are to be built."
        ),
        section=FONDS_SECTION,
    ),
    FactCard(
        basis=(
            "Daarom revolveren de middelen en hoeft de subsidie niet te worden terugbetaald, tenzij "
            "het fonds niet meer nodig is.",
        ),
        id="revolverend_geen_terugbetaling",
        statement_nl=(
            "De middelen van het fonds revolveren. De subsidie hoeft niet te worden terugbetaald, "
            "tenzij het fonds niet meer nodig is."
        ),
        statement_en=(
            "The fund's resources revolve. The subsidy does not have to be repaid, unless the fund is "
            "no longer needed."
        ),
        section=FONDS_SECTION,
        premise='\\b(waarom|wanneer|hoe|binnen|why|when|how|within|since)\\b.*\\b(terugbetalen|terug (te )?betalen|repay|pay back|paid back)\\b',
    ),
    FactCard(
        basis=(
            "Omdat het fonds heeft bijgedragen aan de realisatie, wordt van gerealiseerde initiatieven "
            "een solidariteitsbijdrage gevraagd.",
        ),
        id="solidariteitsbijdrage",
        statement_nl=(
            "Omdat het fonds heeft bijgedragen aan de realisatie, wordt van gerealiseerde initiatieven "
            "een solidariteitsbijdrage gevraagd. De brief noemt geen hoogte."
        ),
        statement_en=(
            "Because the fund contributed to their realisation, completed initiatives are asked for a "
            "solidarity contribution. The letter does not state an amount."
        ),
        section=FONDS_SECTION,
    ),
)

_CARDS_BY_ID = {card.id: card for card in FACT_CARDS}


def card(card_id: str) -> FactCard:
    """The fact card with this id (KeyError when unknown)."""
    return _CARDS_BY_ID[card_id]


def premise_contradicted(fact_card: FactCard, question: str) -> bool:
    """Whether the question assumes what the card's basis contradicts: its premise pattern matches and the
    question affirms it ('Waarom hoeft SVn de subsidie niet terug te betalen?' says what the card says)."""
    folded = fold(question)
    return fact_card.premise is not None and re.search(fact_card.premise, folded) is not None and not polarity(folded)


def contradicted_cards(question: str) -> list[FactCard]:
    """Cards whose fact the question assumes the opposite of (a false premise), in card order."""
    return [c for c in FACT_CARDS if premise_contradicted(c, question)]
