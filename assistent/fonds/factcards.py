"""Hard facts of the Kamerbrief about the Fonds Coöperatief Wonen, stated only from here.

Every card carries the exact sentence(s) of the letter it rests on (``basis``), so that
``assistent.rules.verify_basis`` can check them against the corpus. Figures in the Dutch
statements are copied verbatim from those sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistent.text import fold

from assistent.fonds.source import FONDS_SECTION, SOURCE_ID  # noqa: F401 (re-exported for the cards)


@dataclass(frozen=True)
class FactCard:
    """One hard fact of the letter: statement (nl/en), verbatim basis, section and triggers."""

    basis: tuple[str, ...]
    id: str
    statement_nl: str
    statement_en: str
    section: str
    # (regex on normalised text, weight); a card matches at a total weight of 1.0 or more
    triggers: tuple[tuple[str, float], ...]
    # the question must also mention one of these (regex on normalised text), if given
    topic: str | None = None
    # a question matching this (regex on normalised text) assumes the opposite of the card: a false premise
    premise: str | None = None


_FUND = r"\bfonds\b|\bsvn\b|\blen(en|ing)\b|financier"

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
        triggers=(
            (r"\bwat (is|doet) (het |dat |dit )?fonds( cooperatief wonen)?( precies| eigenlijk)?\s*(\?|$)", 1.0),
            (r"\bwat houdt (het |dat |dit )?fonds( cooperatief wonen)? in\b", 1.0),
            (r"\bwhat (is|does) (the )?(fonds|fund)( cooperatief wonen)?( do)?\s*(\?|$)", 1.0),
            (r"\bwaarvoor\b.*\bfonds\b|\bwaar is het fonds voor\b", 1.0),
            (r"\bdoel van het fonds\b", 1.0),
        ),
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
        triggers=(
            (r"\bplanfase\b|\bplan phase\b", 1.0),
            (r"\binitiatieffase\b|\binitiative phase\b", 1.0),
            (r"\b(vanaf|in|from|which) (welke|what) (fase|phase)\b|\bwelke fase\b", 1.0),
            (r"\bwanneer\b.*\b(terecht|aanvragen|financier\w*)\b", 0.6),
            (r"\bfase\b|\bphase\b", 0.4),
        ),
        topic=_FUND + r"|\bfund\b|\bfinanc",
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
        triggers=(
            (r"\bbouwfase\b|\b(construction|building) phase\b", 1.0),
            (r"\bkoop\w*\b.*\bbouw\w*\b|\bbouw\w*\b.*\bkoop\w*\b", 0.6),
            (r"\bhypothe\w+|\bmortgage\b", 0.6),
        ),
        topic=_FUND + r"|\bfund\b|\bfinanc|\bhypothe",
        premise='\\b(hoe|waarom|wanneer|hoeveel|how|why|when)\\b.*(\\bkoop\\w*|owner-occupied)\\b.*\\b(bouwfase|construction phase|building phase)\\b.*\\b(fonds|fund)\\b|\\b(hoe|waarom|wanneer|hoeveel|how|why|when)\\b.*\\b(bouwfase|construction phase)\\b.*(\\bkoop\\w*|owner-occupied)\\b.*\\b(fonds|fund)\\b',
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
        triggers=(
            (r"\beigen (inleg|geld|vermogen|bijdrage|inbreng|middelen)\b|\binleg\w*\b", 1.0),
            (r"\bown (contribution|funds|money|equity)\b|\bdeposit\b", 1.0),
            (r"\d+([.,]\d+)? ?(%|procent\b|percent\b)", 0.5),
            (r"\bzelf\b.*\b(inbrengen|inleggen|betalen)\b", 0.8),
        ),
        topic=_FUND + r"|\bfund\b|\binleg|\bcontribution\b|\beigen (geld|vermogen|bijdrage|inbreng)\b",
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
        triggers=(
            (r"\bwelke (woon)?vorm\w*\b|\bwelke (organisaties|initiatieven|rechtsvorm\w*)\b", 1.0),
            (r"\bwie (kan|kunnen|mag|mogen)\b|\bvoor wie\b|\bwho can\b|\bwhich (forms|types)\b", 1.0),
            (r"\bwoonvereniging\w*\b|\bcpo\b|\bmedeopdrachtgever\w*\b", 1.0),
            (r"\bouderen\b|\bzorg\b", 0.4),
            (r"\balleen (wooncooperaties|cooperaties)\b", 1.0),
        ),
        topic=_FUND + r"|\bfund\b|\bterecht\b|\baanmerking\b",
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
        triggers=(
            (r"\bbeheercooperatie\w*\b|\bbeheer ?coop\w*\b|\bmanagement cooperative\w*\b", 1.0),
        ),
        topic=_FUND + r"|\bfund\b|\bfinanc|\bgeld\b",
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
        triggers=(
            (r"\bbestaand\w*\b|\bexisting\b", 1.0),
            (r"\bnieuwbouw\w*\b|\btransformatie\b|\btransformeren\b|\bnew (build|construction)\b", 1.0),
            (r"\brenovat\w*\b|\bverduurzam\w*\b|\bombouw\w*\b|\bopknappen\b", 1.0),
            (r"\bnieuwe (betaalbare )?woningen\b", 0.6),
        ),
        topic=_FUND + r"|\bfund\b",
    ),
    FactCard(
        basis=(
            "Door samen te werken met banken wordt met deze middelen een hefboom gecreëerd, waarmee "
            "ongeveer 1.000 betaalbare huurwoningen in wooncoöperaties worden gerealiseerd, met voor "
            "mensen met een middeninkomen (tot 2x modaal).",
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
        triggers=(
            (r"\bmiddeninkomen\w*\b|\bmodaal\b|\bmiddle income\w*\b|\bmodal\b", 1.0),
            (r"\bsociale huur\w*\b|\bsocial (rent|rental|housing)\b", 1.0),
            (r"\bdoelgroep\b|\binkomen\w*\b|\bincome\b|\btarget group\b", 1.0),
        ),
        topic=_FUND + r"|\bfund\b|\bwoningen\b|\bhomes\b",
    ),
    FactCard(
        basis=(
            "In oktober dit jaar heb ik het Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten "
            "(SVn) €60,6 miljoen subsidie gegeven om het Fonds Coöperatief Wonen op te richten en uit "
            "te voeren.",
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
        triggers=(
            (r"\bhoe ?ve+l (geld|subsidie|budget|middelen|miljoen)\b", 1.0),
            (r"\bhow much (money|funding|budget)\b", 1.0),
            (r"\b60[,.]6\b|\b35[,.]6\b", 1.0),
            (r"\bbudget\b|\bomvang\b|\bgroot is het fonds\b|\bsize\b", 0.8),
            (r"\bamendement\w*\b|\bamendment\w*\b|\bswz\b|\bwonen en zorg\b", 1.0),
            (r"\bwaar komt\b.*\bgeld\b|\bwhere does\b.*\bmoney\b", 1.0),
            # a question about the size of a single loan is not answered by the fund's size
            (r"\b(lenen|lening|loan|borrow)\b", -1.0),
        ),
        topic=_FUND + r"|\bfund\b",
    ),
    FactCard(
        basis=(
            "In oktober dit jaar heb ik het Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten "
            "(SVn) €60,6 miljoen subsidie gegeven om het Fonds Coöperatief Wonen op te richten en uit "
            "te voeren.",
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
        triggers=(
            (r"\bwie (voert|beheert|runt|regelt|doet)\b|\bwho (runs|manages|operates|executes)\b", 1.0),
            (r"\buitvoer\w*\b|\bbeheerder\b", 0.6),
            (r"\bwat (is|doet) (het )?svn\b|\bwhat is svn\b|\brol van svn\b", 1.0),
            (r"\bsvn\b.*\b(gekozen|tender)\b|\btender\b", 1.0),
            (r"\bsvn\b", 0.5),
            (r"\badres\b|\btelefoon\w*\b|\bcontact\w*\b|\bwebsite\b|\bmail\b", -1.0),
        ),
        topic=_FUND + r"|\bfund\b",
        premise='\\b(waarom|hoe|wanneer|why|how|when|nu|since|now that)\\b.*\\b(rabobank|rabo|rvo|bng|platform31|cooplink|crowdbuilding|ministerie)\\b.{0,60}\\b(uit te voeren|uitvoert|uitvoeren|beheert|beheren|runs|run|manages|executes|gekozen|chose|chosen|selected)\\b',
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
        triggers=(
            (r"\b(vanaf )?wanneer\b.*\b(open|beschikbaar|klaar|starten|start|aanvragen|lenen)\b", 1.0),
            (r"\bwhen\b.*\b(open|available|ready|start|apply)\b", 1.0),
            (r"\beind 2026\b|\bopzetten\b|\bop te zetten\b|\bset up\b", 1.0),
            (r"\bal (open|beschikbaar)\b|\bnu al\b.*\b(aanvragen|lenen)\b", 1.0),
        ),
        topic=_FUND + r"|\bfund\b",
    ),
    FactCard(
        basis=(
            "Door samen te werken met banken wordt met deze middelen een hefboom gecreëerd, waarmee "
            "ongeveer 1.000 betaalbare huurwoningen in wooncoöperaties worden gerealiseerd, met voor "
            "mensen met een middeninkomen (tot 2x modaal).",
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
        triggers=(
            (r"\bhoe ?ve+l (\w+ )?(woningen|huurwoningen|huizen)\b|\bhow many (\w+ )?(homes|houses)\b", 1.0),
            (r"\b1[.,]?000\b|\bduizend\b", 0.6),
            (r"\bhefboom\b|\bleverage\b|\bbanken\b|\bbanks\b", 1.0),
            (r"\baantal (woningen|huurwoningen)\b", 1.0),
            (r"\bin nederland\b|\bop dit moment\b|\bnu al\b|\bbestaan er\b", -1.0),
        ),
        topic=_FUND + r"|\bfund\b",
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
        triggers=(
            (r"\bterug ?(beta+l\w*|te betalen|geven)\b|\brepa(y|id|yment)\b|\bpay(ing)? back\b", 1.0),
            (r"\brevolve\w*\b|\brevolving\b", 1.0),
        ),
        topic=_FUND + r"|\bfund\b|\bsubsidie\b|\bsubsidy\b",
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
        triggers=((r"\bsolidariteit\w*\b|\bsolidarity\b", 1.0),),
    ),
)

_CARDS_BY_ID = {card.id: card for card in FACT_CARDS}
_THRESHOLD = 1.0


def card(card_id: str) -> FactCard:
    """The fact card with this id (KeyError when unknown)."""
    return _CARDS_BY_ID[card_id]


def card_score(fact_card: FactCard, question: str) -> float:
    """Sum of the weights of the card's triggers that the (normalised) question matches."""
    text = fold(question)
    if fact_card.topic is not None and not re.search(fact_card.topic, text):
        return 0.0
    return sum(weight for pattern, weight in fact_card.triggers if re.search(pattern, text))


def premise_contradicted(fact_card: FactCard, question: str) -> bool:
    """Whether the question assumes what the card's basis contradicts (its premise pattern matches)."""
    return fact_card.premise is not None and re.search(fact_card.premise, fold(question)) is not None


def contradicted_cards(question: str) -> list[FactCard]:
    """Cards whose fact the question assumes the opposite of (a false premise), in card order."""
    return [c for c in FACT_CARDS if premise_contradicted(c, question)]


def match_cards(question: str) -> list[FactCard]:
    """Cards that clearly apply to the question, most relevant first; empty when none does."""
    scored = [(card_score(c, question), i, c) for i, c in enumerate(FACT_CARDS)]
    hits = [(s, i, c) for s, i, c in scored if s >= _THRESHOLD]
    hits.sort(key=lambda item: (-item[0], item[1]))
    return [c for _, _, c in hits]
