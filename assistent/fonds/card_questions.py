"""Questions each fact card answers, as people ask them (Dutch and English): the card is matched by meaning —
the question's vector against these — not by a pattern per phrasing. Written from the card's statement."""
from __future__ import annotations

CARD_QUESTIONS: dict[str, tuple[str, ...]] = {
    "fonds_doel": (
        "Wat is het Fonds Coöperatief Wonen?",
        "Waar is dat fonds eigenlijk voor bedoeld?",
        "Wat doet het fonds voor een wooncoöperatie?",
        "Geeft het fonds geld aan coöperaties?",
        "What is the cooperative housing fund for?",
    ),
    "planfase": (
        "Vanaf welke fase kun je bij het fonds terecht?",
        "Wanneer in ons project kan het fonds al meefinancieren?",
        "Wat moet er klaar zijn voordat het fonds ons helpt?",
        "Wat is de initiatieffase en wat hoort daarbij?",
        "From which stage of a project does the fund finance?",
    ),
    "bouwfase_alleen_huur": (
        "Betaalt het fonds ook de bouw van koopwoningen?",
        "Kunnen we met koopwoningen in de bouwfase geld lenen bij het fonds?",
        "Financiert het fonds de bouw zelf, of alleen de voorbereiding?",
        "Hoe financieren koopinitiatieven de bouwfase?",
        "Does the fund pay for building owner-occupied homes?",
    ),
    "eigen_inleg_5pct": (
        "Hoeveel eigen geld moeten we zelf inbrengen?",
        "Hoe hoog moet onze eigen bijdrage zijn voor een lening van het fonds?",
        "Welk deel van de financiering moeten de bewoners zelf betalen?",
        "Is er een minimum eigen inleg?",
        "Wat is de eigen inleg?",
        "How much of our own money do we need to put in?",
        "What is the minimum own contribution?",
    ),
    "woonvormen": (
        "Welke soorten woongroepen kunnen bij het fonds aankloppen?",
        "Komt een CPO of een woonvereniging ook in aanmerking voor het fonds?",
        "Voor welke vormen van samen wonen is het fonds bedoeld?",
        "Wat is medeopdrachtgeverschap?",
        "Which kinds of housing groups can use the fund?",
    ),
    "beheercooperatie_corporatie": (
        "Kan een beheercoöperatie geld lenen bij het fonds?",
        "Waar haalt een beheercoöperatie haar financiering vandaan?",
        "Wij willen het onderhoud van onze corporatieflat zelf doen, helpt het fonds?",
        "Can a management cooperative get a loan from the fund?",
    ),
    "nieuwe_woningen": (
        "Mogen we met het fonds bestaande huizen kopen?",
        "Is het fonds ook voor het opknappen van oude woningen?",
        "Telt het ombouwen van een kantoor tot woningen mee voor het fonds?",
        "Moet het om nieuwe woningen gaan?",
        "Can we use the fund to buy existing houses?",
    ),
    "doelgroep_middeninkomen": (
        "Voor wie zijn de woningen van het fonds bedoeld?",
        "Welk inkomen hoort bij de woningen die het fonds mogelijk maakt?",
        "Mogen er ook sociale huurwoningen komen met geld van het fonds?",
        "Who are the homes financed by the fund meant for?",
    ),
    "fonds_omvang": (
        "Hoeveel geld zit er in het fonds?",
        "Hoe groot is het budget van het fonds?",
        "Waar komt het geld van het fonds vandaan?",
        "How much money does the fund have?",
    ),
    "svn_uitvoerder": (
        "Wie voert het fonds uit?",
        "Welke organisatie beheert het fonds?",
        "Bij welke partij moeten we zijn voor het fonds?",
        "Waarom is SVn gekozen?",
        "Who runs the fund?",
    ),
    "opzet_tot_eind_2026": (
        "Wanneer gaat het fonds open?",
        "Hoe lang duurt het voordat het fonds klaar is?",
        "Kunnen we nu al een aanvraag doen bij het fonds?",
        "When can we start using the fund?",
    ),
    "ongeveer_1000_woningen": (
        "Hoeveel woningen moeten er dankzij het fonds bijkomen?",
        "Wat levert het fonds op aan huizen?",
        "Werkt het fonds samen met banken?",
        "How many homes will the fund help build?",
    ),
    "revolverend_geen_terugbetaling": (
        "Moet SVn de subsidie terugbetalen?",
        "Wat gebeurt er met het geld als een lening is afgelost?",
        "Waarom heet het fonds revolverend?",
        "Does the subsidy for the fund have to be paid back?",
    ),
    "solidariteitsbijdrage": (
        "Wat is de solidariteitsbijdrage?",
        "Waarom moeten gerealiseerde projecten iets terugbetalen aan het fonds?",
        "Moeten we na de bouw nog een bijdrage betalen?",
        "What is the solidarity contribution?",
    ),
}
