"""Unit tests of the LLM answer guard (assistent.answer.guard), sentence by sentence: citations, content words,
language, URLs and names, figures, verdicts on financing, repeats and echoed instructions, refusals."""
from __future__ import annotations

from decimal import Decimal

import pytest

from assistent.answer.extractive import Draft
from assistent.answer.guard import (
    GuardReport, SentenceStream, check_answer, conclusions, figures, markers, parse_number, reason_kind, split_reply,
    verdict,
)
from assistent.models import Passage, ScoredPassage

FONDS = (
    "In oktober dit jaar heb ik het Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten (SVn) €60,6 miljoen "
    "subsidie gegeven om het Fonds Coöperatief Wonen op te richten en uit te voeren. SVn is gekozen op basis van "
    "een subsidietender die in februari 2025 is uitgezet."
)
INLEG = (
    "Daarom komen alleen coöperatieve initiatieven die huurwoningen realiseren voor financiering van de bouwfase "
    "in aanmerking. Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."
)
HEFBOOM = (
    "De €60,6 miljoen subsidie komt voor €35,6 miljoen uit de middelen die de Kamer in twee amendementen op mijn "
    "begroting heeft vrijgemaakt en €25 miljoen uit de Stimuleringsregeling Wonen en Zorg (SWZ). Door samen te "
    "werken met banken wordt met deze middelen een hefboom gecreëerd, waarmee ongeveer 1.000 betaalbare "
    "huurwoningen in wooncoöperaties worden gerealiseerd, met voor mensen met een middeninkomen (tot 2x modaal). "
    "SVn zal tot eind 2026 nodig hebben om het fonds op te zetten."
)
RULES_YES = "Ja, op basis van wat u vertelt komt uw initiatief in aanmerking voor het Fonds Coöperatief Wonen."
RULES_NO = "Nee, op basis van wat u vertelt komt uw initiatief niet in aanmerking voor het Fonds Coöperatief Wonen."


def passage(text: str, n: int = 1) -> ScoredPassage:
    p = Passage(
        id=f"kamerbrief-2026-{n:04d}",
        source_id="kamerbrief-2026",
        title="Kamerbrief Plan van aanpak belemmeringen wooncoöperaties",
        date="2026-01-19",
        section_path=["Financiële belemmeringen", "Fonds Coöperatief Wonen"],
        paragraph=n,
        char_start=0,
        char_end=len(text),
        text=text,
    )
    return ScoredPassage(passage=p, score=1.0)


def draft(*texts: str, refused: bool = False) -> Draft:
    return Draft("(extractief antwoord)", [passage(t, i) for i, t in enumerate(texts, 1)], refused=refused)


DRAFT = draft(FONDS, INLEG, HEFBOOM)


def reasons(text: str, d: Draft = DRAFT, rules_text: str | None = None) -> list[str]:
    return check_answer(text, d, rules_text).reasons


# --- the report -------------------------------------------------------------------


def test_truthful_answer_passes_and_reports_what_it_checked():
    report = check_answer("SVn kreeg €60,6 miljoen subsidie [1]. De eigen inleg is minimaal 5% [2].", DRAFT)
    assert isinstance(report, GuardReport)
    assert report.passed and report.reasons == []
    d = report.to_dict()
    assert d["passed"] is True and d["reasons"] == []
    assert d["markers"] == [1, 2] and d["figures"] == ["€60,6 miljoen", "5%"]


def test_empty_answer_fails():
    assert reasons("  ") == ["Het taalmodel gaf een leeg antwoord."]


# --- (a) citations ----------------------------------------------------------------


def test_answer_without_any_marker_fails():
    assert reasons("De eigen inleg is minimaal 5%.") == ["De zin noemt geen bron met [n]: ‘De eigen inleg is minimaal 5%.’."]


def test_every_sentence_needs_its_own_marker():
    out = reasons("De eigen inleg is minimaal 5%. Het fonds financiert de bouwfase alleen voor huurwoningen [2].")
    assert out == ["De zin noemt geen bron met [n]: ‘De eigen inleg is minimaal 5%.’."]


@pytest.mark.parametrize("marker", ["[4]", "[0]", "[9]", "[2, 7]", "[3-5]"])
def test_marker_outside_the_cited_passages_fails_and_is_named(marker):
    bad = [n for n in markers(marker) if not 1 <= n <= 3]
    out = [r for r in reasons(f"De eigen inleg is minimaal 5% {marker}.") if r.startswith("Bronverwijzing")]
    assert out == [f"Bronverwijzing [{n}] bestaat niet: er zijn maar 3 passages." for n in bad]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a [1] b [2]", [1, 2]), ("[1, 3]", [1, 3]), ("[1;2]", [1, 2]), ("[1-3]", [1, 2, 3]), ("[ 2 ]", [2]), ("[x]", [])],
)
def test_marker_forms(text, expected):
    assert markers(text) == expected


def test_one_passage_reason_is_singular():
    assert reasons("Minimaal 5% [2].", draft(INLEG)) == ["Bronverwijzing [2] bestaat niet: er is maar 1 passage."]


# --- (b) figures ---------------------------------------------------------------------

SAME = [
    ("€ 60,6 mln", "€60,6 miljoen"),
    ("€60,6 miljoen", "€ 60,6 mln"),
    ("60.6 million euro", "€60,6 miljoen"),
    ("60.600.000 euro", "€60,6 miljoen"),
    ("35,6 mln", "€35,6 miljoen"),
    ("5 procent", "5%"),
    ("5%", "5 procent"),
    ("5 %", "5 percent"),
    ("1000", "1.000"),
    ("1.000", "1000"),
    ("1,000", "1.000"),
    ("150.000 euro", "€ 150.000"),
    ("€150.000", "150 duizend euro"),
    ("0,5%", "0.5 procent"),
    ("2026", "eind 2026"),
    ("februari 2025", "in februari 2025 is"),
    ("February 2025", "februari 2025"),
    ("19 januari 2026", "19 januari 2026"),
    ("2x", "tot 2x modaal"),


    ("tien procent", "10%"),
    ("10%", "tien procent"),
    ("vijf miljoen euro", "€ 5 mln"),
    ("een kwart", "25%"),
]


@pytest.mark.parametrize(("answer", "source"), SAME)
def test_the_same_figure_written_differently_passes(answer, source):
    assert reasons(f"Het fonds noemt {answer} hier [1].", draft(f"Het fonds noemt {source} hier.")) == []


DIFFERENT = [
    ("6%", "5%"),
    ("€ 60,7 miljoen", "€60,6 miljoen"),
    ("€ 60,6", "€60,6 miljoen"),  # without 'miljoen' it is sixty euro
    ("60,6 miljard", "€60,6 miljoen"),
    ("5", "5%"),  # a count is not a percentage
    ("5%", "5 woningen"),
    ("10.000", "1.000"),
    ("1.000 procent", "1.000 woningen"),
    ("maart 2025", "februari 2025"),
    ("2027", "eind 2026"),
    ("3 februari 2025", "februari 2025"),  # the day is not in the source
    ("tien procent", "5%"),
    ("twintig", "20%"),
]


@pytest.mark.parametrize(("answer", "source"), DIFFERENT)
def test_a_different_figure_fails_and_is_named(answer, source):
    out = reasons(f"Het fonds noemt {answer} hier [1].", draft(f"Het fonds noemt {source} hier."))
    assert out == [f"Het getal ‘{answer}’ staat niet in de aangehaalde passages."]


def test_month_and_year_match_a_full_date_but_the_letter_date_is_no_evidence():
    d = draft("Het fonds start op 1 februari 2026.")
    assert reasons("Het fonds start in februari 2026 [1].", d) == []
    # the passage's date (19 januari 2026) is metadata: a claim with it is not supported ...
    assert reasons("Het fonds start in januari 2026 [1].", d) == ["Het getal ‘januari 2026’ staat niet in de aangehaalde passages."]
    assert reasons("Het fonds start in 2027 [1].", d) == ["Het getal ‘2027’ staat niet in de aangehaalde passages."]
    # ... but it may be named as the date of the letter itself
    assert reasons("Volgens de Kamerbrief van 19 januari 2026 start het fonds in februari 2026 [1].", d) == []
    assert reasons("Volgens de Kamerbrief van 20 januari 2026 start het fonds in februari 2026 [1].", d) != []


def test_every_unsupported_figure_is_named():
    out = reasons("Het fonds leent tot €2,5 mln, met 10% rente, voor 3.000 woningen [3].")
    assert out[:3] == [
        "Het getal ‘€2,5 mln’ staat niet in de aangehaalde passages.",
        "Het getal ‘10%’ staat niet in de aangehaalde passages.",
        "Het getal ‘3.000’ staat niet in de aangehaalde passages.",
    ]


def test_a_figure_must_be_in_the_passage_the_sentence_cites():
    assert reasons("Er komen ongeveer 1.000 woningen [3].") == []
    out = reasons("Er komen ongeveer 1.000 woningen [1].")
    assert out[0] == "Het getal ‘1.000’ staat niet in de aangehaalde passages."
    assert [reason_kind(r) for r in out[1:]] == ["guard:content"]


def test_figures_of_the_rules_text_are_allowed():
    rules = "Uw eigen inleg is 4,0% van de financiering; het minimum is 5%."
    assert reasons("Uw eigen inleg is 4% van de financiering [2].", DRAFT) != []
    assert reasons("Uw eigen inleg is 4% van de financiering [2].", DRAFT, rules) == []


def test_markers_and_names_with_digits_are_not_figures():
    assert figures("Zie [1] en [2, 3]; taalniveau B1; box 3") == figures("box 3")
    assert [f.raw for f in figures("€ 60,6 mln, 5 procent, 2x modaal, 5 m2")] == ["€ 60,6 mln", "5 procent", "2", "5"]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("60,6", "60.6"),
        ("60.6", "60.6"),
        ("1.000", "1000"),
        ("1,000", "1000"),
        ("150.000", "150000"),
        ("12.345.678", "12345678"),
        ("1.000,50", "1000.50"),
        ("1,000.50", "1000.50"),
        ("0,5", "0.5"),
        ("2026", "2026"),
    ],
)
def test_parse_number(raw, value):
    assert parse_number(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["1.00.0", "12345.678.9", "1,2,3,4"])
def test_malformed_numbers_are_not_guessed(raw):
    assert parse_number(raw) is None


def test_malformed_number_only_matches_itself():
    assert reasons("Code 1.00.0 [1].", draft("code 1.00.0")) == []
    assert reasons("Code 1.00.0 [1].", draft("code 100")) == ["Het getal ‘1.00.0’ staat niet in de aangehaalde passages."]


# --- (c) eligibility verdicts -------------------------------------------------------------

VERDICTS = [
    "Uw wooncoöperatie komt in aanmerking voor het fonds [2].",
    "Jullie komen niet in aanmerking voor financiering [2].",
    "Ik denk dat uw initiatief niet in aanmerking komt [2].",
    "Dit project is niet geschikt voor het fonds [2].",
    "Your cooperative is eligible for the fund [2].",
    "Your initiative qualifies for a loan [2].",
    "Uw initiatief voldoet aan alle voorwaarden [2].",
]


VERDICTS_BY_MEANING = [  # no 'in aanmerking', no 'geschikt': a claim that the user can or cannot get money
    "Uw groep kan dus een lening krijgen van het fonds [1]",
    "Jullie kunnen geld lenen bij het fonds voor de bouwfase [2].",
    "Met koopwoningen krijgt u voor de bouwfase geen financiering [2].",
    "Your group can get a loan from the fund [2].",
    "Wij mogen het fonds gebruiken voor de planfase [2].",
]


@pytest.mark.parametrize("text", VERDICTS + VERDICTS_BY_MEANING)
def test_an_eligibility_verdict_fails_without_the_rules(text):
    assert verdict(text)
    assert any("dat beslist alleen de regelcontrole" in r for r in reasons(text)), reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        "Alleen coöperaties die huurwoningen realiseren, komen voor de bouwfase in aanmerking [2].",
        "Initiatieven met koopwoningen kunnen de bouwfase met een hypotheek financieren [2].",
        "Het fonds financiert de bouwfase alleen voor huurwoningen [2].",
    ],
)
def test_a_general_rule_of_the_letter_is_no_verdict(text):
    assert verdict(text) is None
    assert reasons(text) == []


def test_only_the_rules_own_sentence_may_give_a_verdict():
    assert reasons(RULES_YES + " [2]", rules_text=RULES_YES) == []
    assert reasons(RULES_NO, rules_text=RULES_NO) == []
    assert reasons(RULES_YES, rules_text=RULES_NO) != []
    reworded = "Uw initiatief komt in aanmerking voor het fonds [2]."
    assert any("regelcontrole" in r for r in reasons(reworded, rules_text=RULES_YES))


@pytest.mark.parametrize(
    "text",
    [
        "Of uw initiatief in aanmerking komt, beslist het fonds zelf [2].",
        "Het fonds kijkt zelf of u in aanmerking komt [2].",
        "Komt u in aanmerking? Dat beslist het fonds [2].",
        "The fund decides whether your initiative qualifies [2].",
        "Het fonds financiert de bouwfase alleen voor huurwoningen [2].",
    ],
)
def test_no_verdict(text):
    assert verdict(text) is None


def test_a_quote_or_a_rewording_of_the_letter_passes():
    quote = "“Daarom komen alleen coöperatieve initiatieven die huurwoningen realiseren voor financiering van de bouwfase in aanmerking.” [2]"
    assert reasons(f"De brief zegt: {quote}") == []
    assert reasons("Alleen coöperatieve initiatieven met huurwoningen komen voor de bouwfase in aanmerking [2].") == []


def test_conclusions_have_a_polarity():
    assert conclusions(RULES_YES) == [("komt uw initiatief in aanmerking", True)]
    assert conclusions(RULES_NO) == [("komt uw initiatief niet in aanmerking", False)]
    assert conclusions("Omdat u geen koopwoningen bouwt, komt u in aanmerking.") == [("komt u in aanmerking", True)]


# --- (d) refusals --------------------------------------------------------------------


def test_a_refusal_must_not_get_figures():
    refused = draft(INLEG, refused=True)
    assert reasons("De bronnen noemen geen rentepercentage [1].", refused) == []
    out = reasons("De rente is 5% [1].", refused)
    assert out == ["De bronnen geven hier geen antwoord, maar het antwoord noemt toch een getal: ‘5%’."]


def test_a_refusal_without_passages_needs_no_marker():
    assert reasons("Daar gaan de bronnen niet over.", draft(refused=True)) == []
    assert reasons("Het fonds heeft 2 loketten.", draft(refused=True)) != []


def test_several_problems_are_all_reported():
    out = reasons("Uw coöperatie komt in aanmerking met 10% eigen inleg [7].")
    assert len(out) == 3
    assert any("[7]" in r for r in out) and any("10%" in r for r in out) and any("in aanmerking" in r for r in out)


# --- sentences, content, language, addresses, names ----------------------------------------------


def test_sentences_keep_their_markers_and_lists_lose_their_numbers():
    text = "Eerste zin. [1] Tweede zin [2]. Bijv. dit blijft één zin [1].\n1. Lijstpunt [1].\n[3]"
    assert split_reply(text) == ["Eerste zin. [1]", "Tweede zin [2].", "Bijv. dit blijft één zin [1].", "Lijstpunt [1]. [3]"]


def test_a_streamed_sentence_is_released_once_the_next_begins():
    stream = SentenceStream()
    assert stream.feed("De eigen inleg is 5%.") == []
    assert stream.feed(" [") == []  # a marker may still follow
    assert stream.feed("2] Het") == ["De eigen inleg is 5%. [2]"]
    assert stream.feed(" fonds [1].") == []
    assert stream.close() == ["Het fonds [1]."]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("[1]", "guard:content"),
        ("Ja [2].", "guard:content"),
        ("[1] https://www.kamerbriefplanvanakpakbelemmeringenwooncoöperaties.nl/", "guard:url"),
        ("Mail naar info@svn.nl over de eigen inleg van 5% [2].", "guard:url"),
        ("The passage is about the concept of a business plan [1].", "guard:language"),
        ("Both phases require an own contribution of 5% of the financing [2].", "guard:language"),
        ("Volgens wethouder Pietersen is de eigen inleg minimaal 5% [2].", "guard:name"),
        ("De gemeente betaalt de grondkosten terug aan de bewoners [2].", "guard:content"),
        ("Gebruik ALLEEN de genummerde passages die je krijgt [1].", "guard:instructions"),
        ("Voeg niets toe uit je eigen kennis [1].", "guard:instructions"),
    ],
)
def test_content_free_off_language_and_unsupported_sentences_fail(text, kind):
    out = reasons(text)
    assert out and reason_kind(out[0]) == kind, out


def test_english_sentences_pass_for_an_english_question():
    ok = "For both phases you need an own contribution of at least 5% of the financing [2]."
    assert check_answer(ok, DRAFT, lang="en").passed
    assert not check_answer(ok, DRAFT, lang="nl").passed
    assert not check_answer("Voor beide fases is een eigen inleg van 5% vereist [2].", DRAFT, lang="en").passed


@pytest.mark.parametrize(
    "text",
    [
        "Voor de planfase en de bouwfase moet u minimaal 5% van de financiering zelf inbrengen [2].",
        "Voor beide fases is een eigen inleg van ten minste 5% van de financiering nodig [2].",
        "SVn kreeg €60,6 miljoen subsidie om het Fonds Coöperatief Wonen op te richten [1].",
        "Met het geld komen er ongeveer 1.000 betaalbare huurwoningen in wooncoöperaties [3].",
    ],
)
def test_a_faithful_rewording_passes(text):
    assert reasons(text) == []


def test_a_repeated_sentence_and_a_reply_that_does_not_end_fail():
    one = "Voor beide fases is een minimale eigen inleg van 5% vereist [2]."
    assert reason_kind(reasons(f"{one} {one}")[0]) == "guard:repeat"
    many = " ".join(f"Zin {i} over de eigen inleg van 5% [2]." for i in range(12))
    assert any(reason_kind(r) == "guard:too-long" for r in reasons(many))


def test_the_report_names_the_first_failing_sentence():
    report = check_answer("De eigen inleg is minimaal 5% [2]. Kijk op www.fonds.nl [2].", DRAFT)
    assert not report.passed and report.sentences == 2 and report.failed_sentence == "Kijk op www.fonds.nl [2]."
