"""Question analysis and the general answerability/premise checks, on a small real index (hash embeddings)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from assistent.answer.analysis import CorpusProfile, analyse, answer_type, asked_measure, holds_type, smalltalk_act
from assistent.answer.answerability import Premise, figure_conflict, polarity_conflict, unanswerable
from assistent.text.numbers import figures_in
from fakes import small_index as build_small_index


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    return build_small_index(tmp_path_factory.mktemp("analysis"))


@pytest.fixture(scope="module")
def profile(small_index) -> CorpusProfile:
    return CorpusProfile(small_index[1])


@pytest.fixture(scope="module")
def letter_profile(tmp_path_factory) -> CorpusProfile:
    """The profile of the whole letter (its sections on taxes and energy too)."""
    from conftest import LETTER_NAME
    from fakes import letter_text

    return CorpusProfile(build_small_index(tmp_path_factory.mktemp("letter"), {LETTER_NAME: letter_text()})[1])


def polarity_premise(question: str, source: str, profile: CorpusProfile) -> Premise | None:
    return polarity_conflict(analyse(question, question, "nl", profile), [source], profile)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hoeveel eigen geld moeten we inbrengen?", "amount"),
        ("Hoeveel huizen komen er bij?", "count"),
        ("hoeveel moeten we zelf inbrengen", "amount"),  # a verb after 'hoeveel': how much
        ("How many homes will be built?", "count"),
        ("Hoeveel procent eigen inleg is nodig?", "percentage"),
        ("Wanneer gaat het fonds open?", "time"),
        ("Hoe lang duurt het opzetten van het fonds?", "duration"),
        ("Wie voert het fonds uit?", "organisation"),
        ("Waarom is huurtoeslag hier onuitvoerbaar?", "reason"),
        ("Wat is een beheercoöperatie?", "definition"),
        ("Mag de gemeente grond aan ons gunnen?", "yesno"),
        ("Wat is de rente?", "percentage"),
        ("Waar kan ik het fonds aanvragen?", "place"),
        # 'waar' with a stranded preposition is not a place question
        ("Waar is de aanpak van de minister op gericht?", "other"),
        ("waar hangt het van af of een woonco-op vpb moet betalen", "other"),
        # the asking clause decides, not a 'when' inside a yes/no question
        ("Can a municipality use this when it issues land?", "yesno"),
        ("Het kabinet gaat iets doen. Per wanneer gaat dat in?", "time"),
    ],
)
def test_answer_type_from_the_asking_clause(question: str, kind: str) -> None:
    assert answer_type(question) == kind


def test_measures_in_dutch_and_english_but_not_inside_compounds() -> None:
    assert asked_measure("Wat is de looptijd?") == ("looptijd", "duration")
    assert asked_measure("What is the interest rate?") == ("rente", "percentage")
    assert asked_measure("When does the cost-sharing norm apply?") is None
    assert asked_measure("is there some long term programme for municipalities") is None
    assert asked_measure("wat zijn kavels voor particuliere initiatieven? ik snap die term niet", "nl") is None


@pytest.mark.parametrize(
    ("message", "act"),
    [("Hallo", "greeting"), ("Dank je wel!", "thanks"), ("wat kun je?", "capability"), ("Doei", "farewell")],
)
def test_small_talk_acts(message: str, act: str) -> None:
    found = smalltalk_act(message)
    assert found is not None and found[0] == act


def test_small_talk_with_a_question_is_a_question(small_index) -> None:
    _, index = small_index
    from assistent.answer.analysis import CorpusProfile

    profile = CorpusProfile(index)
    for message in ("Hallo", "Dank je wel!", "Bedankt hoor", "Hartelijk dank", "Thank you very much"):
        assert analyse(message, message, "nl", profile).intent == "smalltalk", message
    asked = analyse("Hallo, hoeveel eigen inleg is nodig voor het fonds?", "Hallo, hoeveel eigen inleg is nodig voor"
                    " het fonds?", "nl", profile)
    assert asked.intent == "sources" and asked.answer_type == "amount"
    # a phatic question after a greeting is small talk; a real question after 'oké' or 'bedankt' is the message
    for message in ("Hallo, hoe gaat het?", "Hi, how are you?"):
        assert analyse(message, message, "nl", profile).intent == "smalltalk", message
    for message in ("oké en hoeveel moeten wij er dan zelf in stoppen?", "Bedankt! En wie voert het fonds uit?"):
        assert analyse(message, message, "nl", profile).intent == "sources", message


@pytest.mark.parametrize(
    ("before", "question", "kind"),
    [
        ("wat is dat Fonds Coöperatief Wonen nou eigenlijk?", "oké en hoeveel moeten wij er dan zelf in stoppen?",
         "amount"),
        ("Is er iets dat huurders en corporaties helpt om afspraken te maken?", "vanaf wanneer kun je die gebruiken",
         "time"),
        ("Krijgen bewoners van onzelfstandige woningen huurtoeslag?", "waarom eigenlijk niet?", "reason"),
        # what the follow-up leaves open, the question it continues asks
        ("Wanneer gaat het fonds open?", "En de toolbox?", "time"),
    ],
)
def test_a_follow_up_asks_what_its_own_words_ask(profile: CorpusProfile, before: str, question: str,
                                                 kind: str) -> None:
    query = f"{before.rstrip(' ?')}: {question}"  # as conversation.standalone writes it
    assert analyse(question, query, "nl", profile).answer_type == kind


def test_compounds_headed_by_a_measure_ask_for_that_measure() -> None:
    assert asked_measure("Welk vennootschapsbelastingtarief geldt?") == ("vennootschapsbelastingtarief", "percentage")
    assert asked_measure("Wat zijn de aanloopkosten?") == ("aanloopkosten", "amount")
    assert asked_measure("Wat is de middenhuur?") is None  # 'huur' heads no measure compound


def test_figures_in_words_and_fractions() -> None:
    found = {(f.kind, f.value) for f in figures_in("Moet een kwart of tien procent, of tienduizend woningen in 2024?")}
    assert found == {("percent", Decimal(25)), ("percent", Decimal(10)), ("count", Decimal(10000)),
                     ("year", Decimal(2024))}
    assert figures_in("een groep van twee") == []  # small bare number words are not figures


def test_holds_type_shapes() -> None:
    assert holds_type("percentage", "minimaal 5% van de financiering")
    assert not holds_type("percentage", "een flink deel van de financiering")
    assert holds_type("time", "SVn heeft tot eind 2026 nodig")
    assert holds_type("time", "als het huurcontract commercieel is")  # 'wanneer' also asks for a condition
    assert not holds_type("amount", "Het fonds verstrekt leningen.")


def test_a_stated_figure_that_the_focus_sentence_contradicts_is_a_premise(small_index) -> None:
    _, index = small_index
    from assistent.answer.analysis import CorpusProfile

    profile = CorpusProfile(index)
    q = "Klopt het dat er tien procent eigen inleg nodig is?"
    a = analyse(q, q, "nl", profile)
    premise = figure_conflict(a, ["Voor beide fases is een minimale eigen inleg vereist van 5% van de financiering."],
                              profile)
    assert premise is not None and premise.asserted == "tien procent" and premise.found == "5%"
    same = analyse("Is 5% eigen inleg genoeg?", "Is 5% eigen inleg genoeg?", "nl", profile)
    assert figure_conflict(same, ["een minimale eigen inleg van 5% van de financiering"], profile) is None


def test_a_measure_the_sources_never_use_is_unanswerable(small_index) -> None:
    _, index = small_index
    from assistent.answer.analysis import CorpusProfile

    profile = CorpusProfile(index)
    q = "Wat is de looptijd van de lening?"
    a = analyse(q, q, "nl", profile)
    missing = unanswerable(a, [("Het fonds verstrekt leningen.", 0.5, 1.0)], profile, 0.34)
    assert missing is not None and missing.reason == "measure:looptijd"


def test_a_measure_the_question_states_is_not_one_it_asks_for(small_index) -> None:
    _, index = small_index
    profile = CorpusProfile(index)
    stated = "Het hele fondsbedrag komt uit de Stimuleringsregeling Wonen en Zorg, klopt dat?"
    assert analyse(stated, stated, "nl", profile).measure is None
    asked = "Het fonds komt uit de Stimuleringsregeling Wonen en Zorg, toch? Hoe hoog is het fondsbedrag?"
    assert analyse(asked, asked, "nl", profile).measure == "fondsbedrag"


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("De wmo sluit aanpassingen in gezamenlijke ruimtes gewoon uit he", "de wmo sluit aanpassingen in gezamenlijke ruimtes gewoon uit"),
        ("Klopt het dat we minimaal 10% eigen geld nodig hebben?", "we minimaal 10% eigen geld nodig hebben"),
        ("Nu het fonds ook koopwoningen in de bouwfase financiert, kunnen we daar terecht?",
         "het fonds ook koopwoningen in de bouwfase financiert"),
        ("Het kabinet schaft de regeling af. Per wanneer?", "het kabinet schaft de regeling af"),
        ("Wat is een beheercoöperatie?", ""),
        ("Mag de gemeente grond aan ons gunnen?", ""),
        # a tag confirms a statement; 'of niet' after a question opens an alternative question
        ("Het fonds geeft leningen, of niet?", "het fonds geeft leningen"),
        ("Wordt de kostendelersnorm nou afgeschaft of niet?", ""),
        # 'toch' in a later clause too; in a clause that opens as a question it means 'all the same'
        ("We bellen SVn morgen, de Rabobank voert het fonds toch uit?", "de rabobank voert het fonds uit"),
        ("De bouwfase voor koop, die financiert het fonds toch ook, hoe vragen we dat aan?",
         "die financiert het fonds ook"),
        ("Die 60,6 miljoen komt toch uit de SWZ?", "die 60,6 miljoen komt uit de swz"),
        ("Vergoedt de Wmo een drukknop: kan de gemeente er dan toch iets aan doen?", ""),
        # a presupposing clause after the question
        ("Hoe vragen we huurtoeslag aan, nu de minister die voor onzelfstandige woningen heeft opengesteld?",
         "de minister die voor onzelfstandige woningen heeft opengesteld"),
        ("How do we apply, since the fund covers the build phase for owner-occupied homes too?",
         "the fund covers the build phase for owner-occupied homes too"),
        # an English tag question of any auxiliary and pronoun, negated or not; not a question that only ends so
        ("The report was written by Platform31, wasn't it?", "the report was written by platform31"),
        ("Developers see co-ops as an obstacle, don't they?", "developers see co-ops as an obstacle"),
        ("The fund isn't for owners, is it?", "the fund isn't for owners"),
        ("What is it?", ""),
        # a tag inside the sentence, before what the user adds; not in a clause that asks
        ("die kenniswijzer komt van rvo he en staat alleen op hun site?", "die kenniswijzer komt van rvo"),
        ("het fonds is alleen voor een laag inkomen he, dus sociale huur?", "het fonds is alleen voor een laag inkomen"),
        ("Wat doet de gemeente dan he, en wie betaalt?", ""),
        ("Gezien het feit dat het kabinet de norm afschaft: per wanneer?", "het kabinet de norm afschaft"),
    ],
)
def test_the_claim_a_question_takes_for_granted(question: str, claim: str) -> None:
    from assistent.answer.analysis import asserted_claim

    assert asserted_claim(question) == claim


def test_a_claim_the_covering_sentence_negates_is_a_premise(profile: CorpusProfile) -> None:
    source = "Het fonds verstrekt geen leningen voor koopwoningen in de bouwfase."
    q = "Het fonds verstrekt leningen voor koopwoningen in de bouwfase, toch?"
    premise = polarity_premise(q, source, profile)
    assert premise is not None and premise.kind == "polarity" and premise.sentence == source
    agreeing = "Het fonds verstrekt geen leningen voor koopwoningen in de bouwfase, toch?"
    assert polarity_premise(agreeing, source, profile) is None
    asked = "Verstrekt het fonds leningen voor koopwoningen in de bouwfase?"  # a question, not a claim
    assert polarity_premise(asked, source, profile) is None
    # what users say of themselves before they ask is no claim about the sources
    own = "Wij krijgen van het fonds leningen voor onze koopwoningen in de bouwfase. Hoe gaat dat verder?"
    assert polarity_premise(own, source, profile) is None
    said = "Het fonds verstrekt leningen voor koopwoningen in de bouwfase. Hoe gaat dat verder?"
    assert polarity_premise(said, source, profile) is not None


def test_a_clause_of_the_sentence_that_says_the_claim_the_same_way_agrees_with_it(letter_profile: CorpusProfile) -> None:
    source = ("Daarnaast kunnen bewoners van wooncoöperaties niet altijd gebruik maken van woningvoorzieningen in de "
              "Wet maatschappelijke ondersteuning (Wmo), omdat deze alleen voor een eigen woning vergoed worden.")
    # the negation belongs to another clause than the one that says what the claim says
    said = "De Wmo vergoedt woningvoorzieningen alleen voor een eigen woning; hoe zit het dan met een drukknop?"
    assert polarity_premise(said, source, letter_profile) is None
    # where only the negated clause says the claim's words, the claim is still read against it
    only = "Daarnaast kunnen bewoners van wooncoöperaties niet altijd gebruik maken van woningvoorzieningen in de Wmo."
    assert polarity_premise("Bewoners van wooncoöperaties kunnen altijd gebruik maken van woningvoorzieningen in de "
                            "Wmo, toch?", only, letter_profile) is not None


def test_a_change_taken_as_settled_where_the_source_says_it_is_explored_is_a_premise(
    letter_profile: CorpusProfile,
) -> None:
    from assistent.answer.answerability import change_conflict

    explored = ("Het ministerie van VRO laat, in samenwerking met het ministerie van SZW, een verkenning uitvoeren naar"
                " de sociale zekerheidswetten met een kostendelersnorm.")
    said = ("Wanneer mensen samenwonen op hetzelfde adres, kan de kostendelersnorm van toepassing zijn bij"
            " uitkeringen.")

    def premise(question: str, sentences: list[str]) -> Premise | None:
        return change_conflict(analyse(question, question, "nl", letter_profile), sentences, letter_profile)

    found = premise("De kostendelersnorm is toch al afgeschaft voor mensen die een woning delen?", [explored, said])
    assert found is not None and found.kind == "unsettled" and found.sentence == explored
    assert premise("Waarom heeft de minister besloten de kostendelersnorm af te schaffen?", [explored]) is not None
    # the first sentence on the claim's rarest word decides whether it is open: here it says how the norm works
    # (and no sentence on it speaks of a change: the sources do not say it was abolished)
    other = premise("De kostendelersnorm is toch al afgeschaft?", [said, explored])
    assert other is not None and other.kind == "scope" and other.sentence == said
    # no change claimed, or the claim itself says it is explored, or it denies a change, or no claim at all
    assert premise("De kostendelersnorm geldt ook voor woongroepen, toch?", [explored]) is None
    assert premise("De kostendelersnorm wordt toch onderzocht?", [explored]) is None
    assert premise("Wordt de kostendelersnorm afgeschaft?", [explored]) is None
    assert premise("Waarom wordt de kostendelersnorm niet afgeschaft?", [said]) is None


def test_a_change_the_sentences_on_its_subject_never_speak_of_is_a_premise(letter_profile: CorpusProfile) -> None:
    from assistent.answer.answerability import change_conflict

    no_right = "Zo bestaat er voor huurders van onzelfstandige woningen in principe geen recht op huurtoeslag."
    extended = "Voor die bewoners heb ik de Regeling experiment verkoopregels wooncoöperaties verlengd."

    def premise(question: str, sentences: list[str]) -> Premise | None:
        return change_conflict(analyse(question, question, "nl", letter_profile), sentences, letter_profile)

    found = premise("Waarom heeft de minister besloten huurtoeslag in te voeren voor onzelfstandige woningen?",
                    [no_right])
    assert found is not None and found.kind == "scope" and found.asserted == "in te voeren"
    # a source that speaks of a change on it leaves the claim to the other checks (here: polarity)
    assert premise("De Regeling experiment verkoopregels wooncoöperaties is toch afgeschaft?", [extended]) is None


def test_a_statement_before_a_question_in_one_sentence_is_a_claim_the_user_makes() -> None:
    from assistent.answer.analysis import asserted_claim

    assert asserted_claim("Huurders in een coop krijgen gewoon huurtoeslag; hoe vraag ik dat aan?") == (
        "huurders in een coop krijgen gewoon huurtoeslag")
    assert asserted_claim("Het fonds leent ook voor koop in de bouwfase, dus hoe vragen we dat aan?") == (
        "het fonds leent ook voor koop in de bouwfase")
    assert asserted_claim("Sinds het fonds alleen voor bestaande bouw is, wat nu?") == (
        "het fonds alleen voor bestaande bouw is")
    # no claim of the user's: a condition, a question; and never in routing
    assert asserted_claim("Als we koopwoningen bouwen, hoe financieren we de bouw?") == ""
    assert asserted_claim("Wat is het fonds, en hoe werkt het?") == ""
    assert asserted_claim("Huurders krijgen gewoon huurtoeslag; hoe vraag ik dat aan?", statements=False) == ""


def test_what_someone_else_says_or_the_user_heard_or_thought_is_a_claim_to_check() -> None:
    from assistent.answer.analysis import asserted_claim

    # the reported content, without the one who says it and without the question about it, in both modes
    for statements in (True, False):
        assert asserted_claim("De ontwikkelaar zegt dat wij zijn bouwer moeten nemen, mag dat?",
                              statements=statements) == "wij zijn bouwer moeten nemen"
    assert asserted_claim("Mijn buurvrouw zegt dat het rapport door Platform31 is geschreven; hoe zit dat?") == (
        "het rapport door platform31 is geschreven")
    assert asserted_claim("I heard the minister is setting up a national register for co-ops. How will it work?") == (
        "the minister is setting up a national register for co-ops")
    assert asserted_claim("volgens onze adviseur komt het meeste geld uit de swz, klopt dat?") == (
        "komt het meeste geld uit de swz")
    assert asserted_claim("Ik hoorde dat coops zelf een solidariteitsfonds opzetten, heeft dat iets met het fonds te "
                          "maken?") == "coops zelf een solidariteitsfonds opzetten"
    # what the user understood or thought is a claim too
    assert asserted_claim("Als ik het goed begrijp geldt de eigen inleg alleen voor de bouwfase; hoeveel is het in de "
                          "planfase?") == "geldt de eigen inleg alleen voor de bouwfase"
    assert asserted_claim("Ik dacht dat het fonds alleen voor huur was. Klopt dat?") == "het fonds alleen voor huur was"
    # a question about what someone says, or one that asks on someone's behalf, reports no claim
    assert asserted_claim("Wat zegt de brief over de eigen inleg?") == ""
    assert asserted_claim("Hoeveel is volgens de brief de eigen inleg?") == ""
    assert asserted_claim("Mijn wethouder vroeg me waarom de gemeente geen grond geeft") == ""


def test_privatives_count_as_negations_so_a_prohibition_contradicts_no_obstacle(profile: CorpusProfile) -> None:
    source = "Het fonds verstrekt geen leningen voor koopwoningen in de bouwfase."
    # 'sluit … uit' denies as 'geen' does: the same claim, said with a privative verb, agrees with the source
    same = "Het fonds sluit leningen voor koopwoningen in de bouwfase uit, toch?"
    assert polarity_premise(same, source, profile) is None
    # two denials affirm: 'het verbod … vervalt' says the fund does lend, which the source denies
    other = "Het verbod op leningen voor koopwoningen in de bouwfase vervalt, toch?"
    premise = polarity_premise(other, source, profile)
    assert premise is not None and premise.sentence == source


def test_a_claim_is_matched_by_meaning_permission_compound_heads_and_synonyms(letter_profile: CorpusProfile) -> None:
    profile = letter_profile
    # 'mogen … hebben' and 'is niet toegestaan' are about the same permission; 'net als' carries nothing
    source = "In energiewetgeving is echter formeel een blokaansluiting niet toegestaan."
    premise = polarity_premise("Wooncoöperaties mogen net als studentenhuizen een blokaansluiting hebben, toch?",
                               source, profile)
    assert premise is not None and premise.sentence == source
    # 'vrijstellen' is the sources' 'uitzonderen', 'vennootschapsbelasting' a kind of 'belasting'; 'gaat' is tense
    taxes = "Daarom ziet het kabinet in algemene zin het uitzonderen van sectoren van belastingen niet als wenselijk."
    q = "Het kabinet gaat wooncoöperaties vrijstellen van de vennootschapsbelasting. Vanaf wanneer geldt dat?"
    assert polarity_premise(q, taxes, profile) is not None
    q = "Het kabinet vindt het niet wenselijk om wooncoöperaties vrij te stellen van belastingen. Waarom niet?"
    assert polarity_premise(q, taxes, profile) is None


def test_a_claim_of_several_clauses_is_compared_clause_by_clause(letter_profile: CorpusProfile) -> None:
    profile = letter_profile
    # two negations in two clauses do not cancel out: each clause agrees with the source's clause on it
    source = "Voor nieuwe wooncoöperaties zal het probleem daarom niet optreden."
    q = "Omdat een blokaansluiting niet is toegestaan, speelt het probleem bij nieuwe wooncoöperaties niet. En bij bestaande?"
    assert polarity_premise(q, source, profile) is None
    # one clause said the other way round is a conflict, whatever the other clause says
    source = "Het is onwenselijk om huurcontracten te laten vervallen als iemand uit de vereniging stapt."
    q = "Als een lid uit de vereniging stapt, vervalt het huurcontract. Hoe regelen we dat?"
    premise = polarity_premise(q, source, profile)
    assert premise is not None and premise.sentence == source


def test_removing_an_obstacle_affirms() -> None:
    from assistent.text import polarity

    assert polarity("mijn aanpak is gericht op het wegnemen van financiele belemmeringen") == 0
    assert polarity("dat vormt een belemmering") == 1


def test_what_someone_else_asks_is_no_claim_and_what_they_say_is_checked() -> None:
    from assistent.answer.analysis import asserted_claim

    assert asserted_claim("Mijn wethouder vroeg me waarom de minister met dit plan komt. Was daar een motie voor?") == ""
    assert asserted_claim("Onze gemeente zegt dat de Wmo dat niet vergoedt. Klopt dat?") == "de wmo dat niet vergoedt"
    # a conditional statement is a claim all the same
    assert asserted_claim("Als iemand uit de vereniging stapt, vervalt zijn huurcontract. Hoe regelen we dat?") == (
        "als iemand uit de vereniging stapt, vervalt zijn huurcontract")


def test_a_figure_said_of_the_wrong_part_is_a_swap(profile: CorpusProfile) -> None:
    both = ("De €60,6 miljoen subsidie komt voor €35,6 miljoen uit de middelen die de Kamer in twee amendementen "
            "heeft vrijgemaakt en €25 miljoen uit de Stimuleringsregeling Wonen en Zorg (SWZ).")
    for q in ("Van die 60,6 miljoen komt 25 miljoen uit de amendementen en 35,6 miljoen uit de SWZ, toch?",
              "en die 25 miljoen daarvan kwam uit de amendementen van de Kamer, toch?"):
        premise = figure_conflict(analyse(q, q, "nl", profile), [both], profile)
        assert premise == Premise("25 miljoen", "€35,6 miljoen", both)
    right = "Van die 60,6 miljoen komt 35,6 miljoen uit de amendementen en 25 miljoen uit de SWZ, toch?"
    assert figure_conflict(analyse(right, right, "nl", profile), [both], profile) is None


def test_the_claim_of_any_sentence_and_after_a_preposition_before_the_question_word() -> None:
    from assistent.answer.analysis import asserted_claim

    assert asserted_claim("Het fonds wordt toch uitgevoerd door RVO? Hoe bereik ik de juiste afdeling?") == (
        "het fonds wordt toch uitgevoerd door rvo")
    assert asserted_claim("De kostendelersnorm is al afgeschaft, vanaf wanneer precies?") == (
        "de kostendelersnorm is al afgeschaft")
    assert asserted_claim("Het Didam-arrest verbiedt gemeenten toch om grond te gunnen?") == (
        "het didam-arrest verbiedt gemeenten toch om grond te gunnen")
    assert asserted_claim("Vanaf wanneer kunnen we een lening aanvragen?") == ""


def test_a_negation_in_another_clause_of_the_source_is_about_something_else(profile: CorpusProfile) -> None:
    source = "De definitie in de woningwet is gericht op sociale huur en is daardoor niet altijd breed toepasbaar."
    q = "De definitie in de woningwet is gericht op sociale huur, toch?"
    assert polarity_premise(q, source, profile) is None
    q = "De definitie in de woningwet is niet gericht op sociale huur, toch?"
    assert polarity_premise(q, source, profile) is not None


def test_a_profile_of_one_source_counts_rarity_and_names_there_only(tmp_path) -> None:
    from conftest import LETTER_NAME
    from fakes import letter_excerpt
    from fakes import small_index as make_index

    guide = "# Gids\n\nHet Didam-arrest komt in elke alinea van deze gids terug. Didam hier, Didam daar.\n\n" * 6
    _, index = make_index(tmp_path, {LETTER_NAME: letter_excerpt(), "gids.md": guide})
    everything, letter = CorpusProfile(index), CorpusProfile(index, "kamerbrief-2026")
    assert {p.source_id for p in letter.passages} == {"kamerbrief-2026"}
    assert len(letter.passages) < len(everything.passages)
    # 'didam' is common in the guide: rare in the letter's own view
    assert letter.idf("didam") > everything.idf("didam")


def test_a_value_answers_only_in_a_sentence_that_names_what_the_question_names(letter_profile: CorpusProfile) -> None:
    from assistent.answer.answerability import value_of_named

    svn = ("In oktober dit jaar heb ik het Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten (SVn) €60,6 "
           "miljoen subsidie gegeven om het Fonds Coöperatief Wonen op te richten en uit te voeren.")
    q = "hoeveel subsidie heeft crowdbuilding precies gehad voor dat loket"
    assert not value_of_named(analyse(q, q, "nl", letter_profile), svn, letter_profile)
    q = "Hoeveel subsidie heeft SVn gekregen?"
    assert value_of_named(analyse(q, q, "nl", letter_profile), svn, letter_profile)


def test_a_why_question_is_not_checked_for_polarity(profile: CorpusProfile) -> None:
    # its best sentence gives a reason, often by a negation: no premise is read from it
    source = "Het fonds verstrekt geen leningen voor koopwoningen in de bouwfase."
    assert polarity_premise("Waarom verstrekt het fonds leningen voor koopwoningen in de bouwfase?", source,
                            profile) is None


def test_a_conclusion_drawn_in_the_question_rests_on_the_claim_before_it() -> None:
    from assistent.answer.analysis import asserted_claim

    assert asserted_claim("De Wmo sluit aanpassingen in gemeenschappelijke ruimten uit, dus die drukknop moeten we "
                          "zelf betalen?") == "de wmo sluit aanpassingen in gemeenschappelijke ruimten uit"
    assert asserted_claim("Het fonds is er voor huur, daarom kiezen wij voor huur?") == "het fonds is er voor huur"


def test_a_role_is_read_per_claim_clause_in_the_sources_words_without_light_verbs(letter_profile: CorpusProfile) -> None:
    from assistent.answer.answerability import role_conflict

    profile = letter_profile
    guide = "Platform31 heeft een taxatierichtlijn opgesteld."
    desk = ("Ik heb Crowdbuilding, een online platform voor collectieve zelfbouw, subsidie gegeven om een "
            "financieringsloket op te zetten.")
    # 'maken' says nothing the object does not: the guideline is Platform31's
    q = "Crowdbuilding krijgt subsidie om een taxatierichtlijn te maken, klopt dat?"
    got = role_conflict(analyse(q, q, "nl", profile), [desk, guide], profile)
    assert got is not None and (got.asserted, got.found) == ("Crowdbuilding", "Platform31")
    # running a fund is what the letter calls carrying it out; the conclusion after 'dus' is no part of the claim
    svn = ("In oktober dit jaar heb ik het Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten (SVn) €60,6 "
           "miljoen subsidie gegeven om het Fonds Coöperatief Wonen op te richten en uit te voeren.")
    rabo = "Vooral de Rabobank is op dit moment een belangrijke financier van wooncoöperaties."
    q = "De Rabobank beheert het fonds toch, dus ik moet gewoon bij mijn Rabo-adviseur aankloppen?"
    got = role_conflict(analyse(q, q, "nl", profile), [rabo, svn], profile)
    assert got is not None and got.asserted == "Rabobank" and got.found in ("SVn", "Stimuleringsfonds")


def test_of_a_claim_with_two_names_each_is_checked_with_the_other_and_compounds_count_by_their_head(
    letter_profile: CorpusProfile,
) -> None:
    from assistent.answer.answerability import role_conflict

    profile = letter_profile
    mark = "Het keurmerk van Cooplink (Coopkeur) is een stap in de goede richting."
    q = "Coopkeur is toch het keurmerk van Platform31?"
    got = role_conflict(analyse(q, q, "nl", profile), [mark], profile)
    assert got is not None and (got.asserted, got.found) == ("Platform31", "Cooplink")
    q = "Coopkeur is toch het keurmerk van Cooplink?"  # true: the sentence names both
    assert role_conflict(analyse(q, q, "nl", profile), [mark], profile) is None
    guide = "Platform31 heeft een taxatierichtlijn opgesteld."
    q = "die richtlijn voor het taxeren van wooncoops komt van cooplink toch"
    got = role_conflict(analyse(q, q, "nl", profile), [guide], profile)
    assert got is not None and got.found == "Platform31"


def test_a_claim_of_wider_scope_than_the_sentence_that_says_it_is_a_false_premise(
    letter_profile: CorpusProfile,
) -> None:
    from assistent.answer.answerability import scope_conflict

    profile = letter_profile
    guide = "Platform31 heeft een taxatierichtlijn opgesteld. Deze richtlijn wordt echter nog weinig gebruikt."

    def premise(question: str, *sources: str) -> Premise | None:
        return scope_conflict(analyse(question, question, "nl", profile), list(sources), profile)

    got = premise("De taxatierichtlijn van Platform31 wordt al overal gebruikt, toch?", guide)
    assert got is not None and (got.asserted, got.kind, got.sentence) == ("overal", "scope", guide)
    # the same claim without a scope word, or with one the source says too, is no false premise
    assert premise("De taxatierichtlijn van Platform31 wordt gebruikt, toch?", guide) is None
    build = ("Daarom komen alleen coöperatieve initiatieven die huurwoningen realiseren voor financiering van de "
             "bouwfase in aanmerking.")
    assert premise("De bouwfase financiert het fonds alleen voor huurwoningen, toch?", build) is None
    # a sentence on another subject says nothing of the claim's scope
    assert premise("De taxatierichtlijn van Platform31 wordt al overal gebruikt, toch?",
                   "Het fonds verstrekt leningen aan coöperatieve initiatieven.") is None
    # what users say of themselves before they ask is theirs, not a claim about the sources
    assert premise("Wij gebruiken de taxatierichtlijn van Platform31 altijd. Hoe werkt die richtlijn?", guide) is None
    # a sentence that only shares the scope word is not about the claim: it does not bear that scope out
    definition = "De definitie in de woningwet is gericht op sociale huur en is daardoor niet altijd breed toepasbaar."
    got = premise("De taxatierichtlijn voor wooncoöperaties wordt al breed gebruikt door taxateurs, toch?", definition, guide)
    assert got is not None and (got.asserted, got.sentence) == ("breed", guide)


def test_a_figure_is_checked_against_the_sentence_most_about_what_it_is_said_of(
    letter_profile: CorpusProfile,
) -> None:
    profile = letter_profile
    toolbox = ("Cooplink heeft samen met Vannimwegen een toolbox ontwikkeld die vanaf februari 2026 bewoners en "
               "woningcorporaties helpt om het gesprek te voeren met elkaar.")
    tender = "SVn is gekozen op basis van een subsidietender die in februari 2025 is uitgezet."
    # the year of the tender does not bear out a year said of the toolbox
    q = "De toolbox van Cooplink en Vannimwegen is er al sinds februari 2025, toch?"
    assert figure_conflict(analyse(q, q, "nl", profile), [toolbox, tender], profile) == Premise("2025", "2026", toolbox)
    q = "De toolbox van Cooplink en Vannimwegen is er vanaf februari 2026, toch?"
    assert figure_conflict(analyse(q, q, "nl", profile), [toolbox, tender], profile) is None
    q = "Is de subsidietender voor SVn in februari 2025 uitgezet?"
    assert figure_conflict(analyse(q, q, "nl", profile), [toolbox, tender], profile) is None


def test_polarity_is_compared_only_with_the_clause_that_says_the_claim(letter_profile: CorpusProfile) -> None:
    profile = letter_profile
    # two clauses of the claim that one clause of the source says are read together: one negation each
    builder = "Als initiatieven dat niet kunnen financieren kan in sommige gevallen de keuze voor een bouwer beperkt zijn."
    q = "Als initiatieven de opbrengst niet kunnen financieren, kan de keuze voor een bouwer soms beperkt zijn, toch?"
    assert polarity_premise(q, builder, profile) is None
    # a source clause that shares one word with the claim does not say it ('huurtoeslag' in a clause about its height)
    register = ("Onzelfstandige woningen worden namelijk niet geregistreerd in een landelijk systeem, wat wel "
                "noodzakelijk is om het recht en de hoogte op huurtoeslag vast te kunnen stellen.")
    q = "Huurtoeslag voor onzelfstandige woningen is onuitvoerbaar, toch?"
    assert polarity_premise(q, register, profile) is None
    # the clause that does say the claim, the other way round, still contradicts it
    q = "Onzelfstandige woningen worden toch gewoon geregistreerd in een landelijk systeem?"
    premise = polarity_premise(q, register, profile)
    assert premise is not None and premise.kind == "polarity"
    # a clause that says the claim at the other end of a scale says it the other way round
    many = "En daarvoor hebben gemeenten al veel mogelijkheden."
    q = "Gemeenten hebben nog weinig mogelijkheden, toch?"
    premise = polarity_premise(q, many, profile)
    assert premise is not None and premise.kind == "polarity"
    assert polarity_premise("Gemeenten hebben veel mogelijkheden, toch?", many, profile) is None
