from assistent.text.schemes import SchemeNames, key, resolve

ORG = frozenset({key("Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten")})


def test_named_schemes_are_capitalised_phrases_with_a_scheme_noun() -> None:
    names = SchemeNames()
    assert names.named("Het Fonds Coöperatief Wonen leent aan initiatieven.") == ["Fonds Coöperatief Wonen"]
    assert names.named("Het Regionaal Fonds Wonen Gelderland vraagt 10%.") == ["Regionaal Fonds Wonen Gelderland"]
    assert names.named("Het Nationaal Warmtefonds en de Subsidieregeling Coöperatief Bouwen") == [
        "Nationaal Warmtefonds", "Subsidieregeling Coöperatief Bouwen"]
    # a sentence that starts with the noun, a generic mention and a capitalised word without a scheme noun
    assert names.named("Fonds is een woord. Het fonds leent. De Provincie Utrecht helpt.") == []


def test_an_abbreviation_in_brackets_names_the_same_scheme_later() -> None:
    names = SchemeNames()
    assert names.named("Het Regionaal Fonds Wonen (RFW) start in 2025.") == ["Regionaal Fonds Wonen"]
    assert names.named("Het RFW vraagt een eigen inleg.") == ["Regionaal Fonds Wonen"]


def test_an_organisation_with_fonds_in_its_name_is_no_scheme() -> None:
    names = SchemeNames(organisations=ORG)
    text = "Het Stimuleringsfonds Volkshuisvesting Nederlandse gemeenten (SVn) voert het Fonds Coöperatief Wonen uit."
    assert names.named(text) == ["Fonds Coöperatief Wonen"]


def test_a_passage_inherits_the_scheme_named_before_when_it_says_het_fonds() -> None:
    passages = [
        ("Inleiding over wonen in de provincie.", ["1 Inleiding"]),
        ("Het Regionaal Fonds Wonen Gelderland is in 2025 opgericht.", ["2 Het fonds"]),
        ("Het fonds vraagt een eigen inleg van 10%.", ["3 Voorwaarden"]),
        ("De gemeente helpt met grond.", ["4 Grond"]),
        ("Anders dan het Fonds Coöperatief Wonen leent dit fonds ook voor koop.", ["5 Vergelijking"]),
    ]
    about = resolve(passages, SchemeNames(), "Fondsreglement")
    assert about[1] == about[2] == ["Regionaal Fonds Wonen Gelderland"]
    # 'dit fonds' is the regional one; the national fund is named beside it
    assert about[4] == ["Regionaal Fonds Wonen Gelderland", "Fonds Coöperatief Wonen"]
    # the document names one scheme twice of three mentions: not dominant enough for the passages that name none
    assert about[0] == about[3] == []


def test_a_document_about_one_scheme_makes_every_passage_about_it() -> None:
    passages = [("De eigen inleg bedraagt 15%.", ["3 Voorwaarden"]), ("Aanvragen kan vanaf 1 maart.", ["4 Aanvragen"])]
    about = resolve(passages, SchemeNames(), "Reglement Fonds Energiebesparing Huurwoningen")
    assert about == [["Reglement Fonds Energiebesparing Huurwoningen"]] * 2
    # where the body names the scheme, the title's extra words ('Reglement') fall away
    passages.append(("Het Fonds Energiebesparing Huurwoningen wordt uitgevoerd door SVn.", ["5 Uitvoering"]))
    about = resolve(passages, SchemeNames(), "Reglement Fonds Energiebesparing Huurwoningen")
    assert about == [["Fonds Energiebesparing Huurwoningen"]] * 3
