"""Unit tests of text analysis (assistent.text.analysis): tokens, stems, stop words and Dutch sentence splitting."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistent.text import analyze, is_block, points_back, refers_back, split_sentences, stem, tokens


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# --- tokens, analyze, stem -------------------------------------------------------


def test_tokens_are_folded_words_with_numbers_kept() -> None:
    assert tokens("De €60,6 miljoen (5%) voor CPO’s") == ["de", "60", "6", "miljoen", "5", "voor", "cpo", "s"]
    assert tokens("Wooncoöperatie") == ["wooncooperatie"]
    assert tokens("snake_case") == ["snake", "case"]  # the underscore of \w is not a word character here
    assert tokens("  …  ") == []


def test_analyze_drops_stop_words_and_question_words_and_stems_the_rest() -> None:
    out = analyze("Wat zijn de wooncoöperaties en hoeveel huurwoningen financiert het fonds?")
    assert "wat" not in out and "de" not in out and "hoeveel" not in out and "het" not in out
    assert stem("wooncoöperaties") in out and stem("huurwoningen") in out and stem("fonds") in out
    assert analyze("what does the letter say") == []


def test_analyze_keeps_single_digits_but_not_single_letters() -> None:
    assert analyze("a 5 b") == ["5"]


def test_stem_folds_before_stemming_so_spellings_meet() -> None:
    assert stem("Coöperaties") == stem("cooperaties") == stem("coöperatie")
    assert stem("woningen") == stem("woning")
    assert stem("Huurwoningen") == stem("huurwoning") != stem("woning")  # a compound is its own stem
    # analyze and stem agree
    assert analyze("Huurwoningen") == [stem("huurwoningen")]


# --- split_sentences -----------------------------------------------------------


def test_plain_sentences_split_at_stop_question_and_exclamation_marks() -> None:
    assert sentences("Het fonds leent. Wat nu? Dit! Klaar.") == ["Het fonds leent.", "Wat nu?", "Dit!", "Klaar."]


@pytest.mark.parametrize(
    "text",
    [
        "Dit geldt o.a. voor CPO’s en woonverenigingen.",
        "Zie bijv. de taxatierichtlijn.",
        "Het kost i.p.v. vijf nu zes procent.",
        "Dat staat in art. 5 van de wet.",
        "Kamerstuk 36 200 VII, nr. 94 gaat hierover.",
        "Dr. Jansen en Mr. Smit waren er ook.",
        "De bedragen t.a.v. de bouwfase zijn hoger.",
        "Er is ca. 60 miljoen beschikbaar.",
    ],
)
def test_dutch_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_a_period_followed_by_lower_case_or_a_digit_does_not_end_a_sentence() -> None:
    assert sentences("De regeling (zie hfst. 3) loopt door. Daarna volgt 2.5 miljoen.") == [
        "De regeling (zie hfst. 3) loopt door.",
        "Daarna volgt 2.5 miljoen.",
    ]
    assert sentences("Er zijn twee vormen: a. huur en b. koop. Dat is alles.") == [
        "Er zijn twee vormen: a. huur en b. koop.",
        "Dat is alles.",
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = "Hij zei: “Dit is een citaat.” Daarna (en pas dan.) volgde de rest."
    assert sentences(text) == ["Hij zei: “Dit is een citaat.”", "Daarna (en pas dan.) volgde de rest."]


def test_spans_skip_the_whitespace_between_sentences_and_keep_a_last_sentence_without_a_stop() -> None:
    text = "Eerste zin.  Tweede zin.\nDerde zin zonder punt  "
    assert split_sentences(text) == [(0, 11), (13, 24), (25, 46)]
    assert split_sentences("") == [] and split_sentences("  \n ") == []


def test_the_letter_sentence_with_a_parliamentary_reference_is_one_sentence() -> None:
    text = (
        "In 2023 is de Kamer geïnformeerd over deze belemmeringen, zoals gevraagd door de motie Geurts en Grinwis "
        "(Kamerstuk 36 200 VII, nr. 94). Mijn aanpak is daarom gericht op het wegnemen van financiële belemmeringen."
    )
    got = sentences(text)
    assert len(got) == 2 and got[0].endswith("nr. 94).") and got[1].startswith("Mijn aanpak")


_WORDS = st.sampled_from(["Het", "fonds", "leent", "o.a.", "nr.", "5%", "bijv.", "De", "gemeente", "€60,6", "“Dit”", "SVn", "a.", "i.p.v."])
_ENDS = st.sampled_from([".", "?", "!", "", ".”", ")."])
_SEPS = st.sampled_from([" ", "  ", "\n", " \n "])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        words = draw(st.lists(_WORDS, min_size=1, max_size=6))
        parts.append(" ".join(words) + draw(_ENDS))
    seps = [draw(_SEPS) for _ in parts]
    return draw(_SEPS) + "".join(p + s for p, s in zip(parts, seps))


@settings(max_examples=200, deadline=None)
@given(_texts())
def test_spans_are_ordered_trimmed_and_cover_all_the_text(text: str) -> None:
    spans = split_sentences(text)
    pos = 0
    for s, e in spans:
        assert pos <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        assert text[pos:s].strip() == ""  # only whitespace between sentences
        pos = e
    assert text[pos:].strip() == ""


@pytest.mark.parametrize(
    ("text", "denies"),
    [
        ("Het Didam-arrest vormt daarin geen belemmering.", 0),
        ("het didam-arrest verbiedt gemeenten grond te gunnen", 1),
        ("De Wmo sluit aanpassingen in gemeenschappelijke ruimten niet uit.", 0),
        ("de wmo sluit aanpassingen in gemeenschappelijke ruimten uit", 1),
        ("de regeling is afgeschaft", 1),
        ("Voor die bewoners heb ik de regeling verlengd.", 0),
        ("In energiewetgeving is een blokaansluiting niet toegestaan.", 1),
        # the spoken forms of the negation words too
        ("gerealiseerde projecten hoeven niks meer bij te dragen", 1),
        ("niemand hoeft bij te dragen", 1),
        # 'niet alleen X maar ook Y' affirms both
        ("de kenniswijzer is niet alleen voor gemeenten maar ook voor groepen", 0),
        ("it is not only about corporate tax", 0),
    ],
)
def test_polarity_is_the_parity_of_negations_and_privatives(text: str, denies: int) -> None:
    from assistent.text import fold, polarity

    assert polarity(fold(text)) == denies


@pytest.mark.parametrize(
    ("a", "b", "other_way_round"),
    [
        # the other end of a scale says it the other way round
        ("gemeenten hebben weinig mogelijkheden", "daarvoor hebben gemeenten al veel mogelijkheden", True),
        ("de belangstelling van gemeenten neemt af", "de interesse bij gemeenten neemt toe", True),
        ("with ground lease a municipality has less control", "met erfpacht zijn er meer mogelijkheden", True),
        ("een lage grondprijs is zelden nodig", "een lage grondprijs is vaak noodzakelijk", True),
        # a negation and the other end together say it the same way; so do the same end and no negation
        ("de belangstelling neemt niet af", "de interesse neemt toe", False),
        ("gemeenten hebben veel mogelijkheden", "daarvoor hebben gemeenten al veel mogelijkheden", False),
        # 'niet meer' is no longer, not a quantity; a negation alone still says it the other way round
        ("we mogen geen voorzieningen meer delen", "zij hebben weinig voorzieningen", True),
        ("de regeling geldt niet meer", "de regeling geldt", True),
    ],
)
def test_two_clauses_are_opposed_by_a_negation_or_by_the_other_end_of_a_scale(
    a: str, b: str, other_way_round: bool
) -> None:
    from assistent.text import fold, opposed

    assert opposed(fold(a), fold(b)) is other_way_round


def test_a_privative_governed_by_a_preposition_names_the_topic_and_denies_nothing() -> None:
    from assistent.text import fold, polarity

    assert polarity(fold("In 2023 is de Kamer geïnformeerd over deze belemmeringen.")) == 0
    assert polarity(fold("De verkenning kijkt naar het afschaffen van de kostendelersnorm.")) == 0
    assert polarity(fold("Ik ga in op de overige belemmeringen uit het rapport.")) == 0
    # after a definite determiner too: the obstacles are what the clause speaks of
    assert polarity(fold("Deze belemmeringen zijn in 2023 gemeld.")) == 0
    assert polarity(fold("Er geldt een verbod op blokaansluitingen.")) == 1
    # a privative that is what the clause says stays one, after a preposition's own noun too
    assert polarity(fold("De huurbescherming kan in geval van conflict een belemmering vormen.")) == 1
    assert polarity(fold("Het Didam-arrest is geen belemmering voor gemeenten.")) == 0


def test_a_negative_prefix_makes_a_kind_of_thing_not_a_denial() -> None:
    from assistent.text import fold, polarity

    assert polarity(fold("De Belastingdienst ziet het als een niet-particuliere aansluiting.")) == 0
    assert polarity(fold("Het is geen niet-particuliere aansluiting.")) == 1


def test_a_separable_verb_split_over_its_clause_is_joined_as_the_sources_write_it() -> None:
    from assistent.text import separable_verbs

    assert stem("uitgevoerd") in separable_verbs("Crowdbuilding voert nu het fonds uit, klopt dat?")
    assert stem("opgericht") in separable_verbs("Wie richt het fonds op?") or stem("oprichten") in separable_verbs(
        "Wie richt het fonds op?")
    # a particle that does not end its clause is a preposition, not part of a verb
    assert separable_verbs("Het geld komt uit de amendementen.") == []


def test_meaning_stems_drop_auxiliaries_and_say_permission_once() -> None:
    from assistent.text import meaning_stems, same_word

    assert set(meaning_stems("wooncooperaties mogen een blokaansluiting hebben")) == set(meaning_stems(
        "wooncooperaties een blokaansluiting toegestaan"))
    assert "gaat" not in meaning_stems("het kabinet gaat wooncooperaties vrijstellen")
    assert same_word(stem("vennootschapsbelasting"), stem("belastingen"))
    assert not same_word("huurtoeslag", "slag")  # a head of four letters is too general


@pytest.mark.parametrize(("sentence", "refers", "points"), [
    ("Deze fase start na de initiatieffase.", True, True),
    ("Dit zijn percelen waar een groep bouwt.", True, True),
    ("“Daarmee is de motie afgedaan.”", True, True),
    ("Daarnaast kunnen bewoners de Wmo niet altijd gebruiken.", True, False),
    ("Bovendien is het fonds revolverend.", True, False),
    ("Het fonds financiert vanaf de planfase.", False, False),
    ("Dithmarschen is geen Nederlandse gemeente.", False, False),
])
def test_a_sentence_refers_back_by_a_word_that_stands_for_the_one_before_or_only_connects(
    sentence: str, refers: bool, points: bool
) -> None:
    assert (refers_back(sentence), points_back(sentence)) == (refers, points)


@pytest.mark.parametrize(
    ("text", "scopes"),
    [
        ("de taxatierichtlijn wordt al overal gebruikt", {"everywhere": "overal"}),
        ("iedere taxateur past hem standaard toe", {"all": "iedere", "always": "standaard"}),
        ("het fonds is alleen voor huurwoningen", {"only": "alleen"}),
        ("the fund only lends, it never gives grants", {"only": "only", "never": "never"}),
        # the whole of something: all of its parts
        ("die 60,6 miljoen komt helemaal uit de swz", {"whole": "helemaal"}),
        ("the fund builds the homes entirely on its own", {"whole": "entirely"}),
        ("de groep heeft volledige zeggenschap", {"whole": "volledige"}),
        # everyone is all; widely used is a scope too, and so is what is required of all
        ("iedereen betaalt eerlijk belasting", {"all": "iedereen"}),
        ("de richtlijn wordt al breed gebruikt", {"widely": "breed"}),
        ("appraisers use it across the board", {"widely": "across the board"}),
        ("coopkeur wordt een verplicht keurmerk", {"required": "verplicht"}),
        ("the guideline is now mandatory", {"required": "mandatory"}),
        # 'enkele' is some, not only; 'at all' stresses a question, it claims nothing of all
        ("enkele gemeenten wijzen kavels aan", {}),
        ("why would a developer work with a co-op at all", {}),
        # a negated scope denies it: 'not only', 'niet altijd'
        ("cooplink names more taxes, not only corporate tax", {}),
        ("het is niet altijd duidelijk, en niet alle coops betalen", {}),
    ],
)
def test_a_scope_word_says_a_statement_holds_always_for_all_wholly_everywhere_widely_required_or_only(text: str, scopes: dict) -> None:
    from assistent.text import scope_words

    assert scope_words(text) == scopes


def test_a_figure_or_an_endless_string_is_not_split_as_a_compound() -> None:
    from assistent.text.analysis import LONGEST_COMPOUND, split_compound

    lexicon = frozenset({"000", "belasting", "vrijstelling"})
    assert split_compound("belastingvrijstelling", lexicon) == ("belasting", "vrijstelling")
    assert split_compound("0" * 4000, lexicon) == ("0" * 4000,)
    long_word = "belasting" * (LONGEST_COMPOUND // 9 + 1)
    assert split_compound(long_word, frozenset({"belasting"})) == (long_word,)


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("de kostendelersnorm is afgeschaft", True),
        ("het kabinet schaft de regeling af", True),
        ("waarom heeft de minister besloten huurtoeslag in te voeren", True),
        ("the cabinet is going to exempt housing co-ops from transfer tax", True),
        ("voor die bewoners heb ik de regeling verlengd", True),
        # carrying out and establishing are not changes of a rule; nor is a bank a ban
        ("svn is gekozen om het fonds op te richten en uit te voeren", False),
        ("banks finance the construction phase", False),
        ("een blokaansluiting is niet toegestaan", False),
    ],
)
def test_a_change_is_said_by_a_verb_of_change_of_state(text: str, changes: bool) -> None:
    from assistent.text import says_change

    assert says_change(text) is changes


def test_what_is_explored_depends_or_is_unclear_is_unsettled() -> None:
    from assistent.text import unsettled

    assert unsettled("het ministerie laat een verkenning uitvoeren naar de kostendelersnorm")
    assert unsettled("of vennootschapsbelasting verschuldigd is, hangt af van de feiten")
    assert not unsettled("de kamer heeft mij gevraagd om in gesprek te gaan met cooplink")


@pytest.mark.parametrize(("text", "block"), [
    ("Provincie IJsselland, Gedeputeerde Staten\n12 juni 2025\nRegionaal Fonds Coöperatief Wonen IJsselland\n"
     "Fondsreglement 2025", True),  # a title page
    ("Onderdeel | Bedrag\nEigen inleg | 10%\nRente | 2,0%", False),  # a table
    ("Het fonds verstrekt leningen aan coöperatieve\ninitiatieven die een gezamenlijke woonwens\nwillen realiseren.",
     False),  # a paragraph wrapped over lines
    ("Regionaal Fonds\nFondsreglement", False),  # two lines
    ("Voorwaarden:\nEen groep van vijf leden\nEen locatie", False),  # a line closes a clause
])
def test_a_block_of_lines_is_told_from_a_sentence(text: str, block: bool) -> None:
    assert is_block(text) is block
