"""The one Dutch-number module, pinned against the libraries it builds on (num2words writes, text2num reads)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from assistent.text.numbers import (
    figures_in,
    amount_in,
    format_date,
    format_eur,
    months_in,
    format_number,
    format_pct,
    parse_amount,
    parse_date,
    parse_number,
    parse_percentage,
    word_number,
)


@given(st.integers(min_value=0, max_value=999_999))
def test_word_number_reads_what_num2words_writes(n: int) -> None:
    assert word_number(num2words(n, lang="nl")) == n


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_parse_number_reads_babel_dutch_notation(value: Decimal) -> None:
    assert parse_number(format_number(value, 2)) == value


@given(st.integers(min_value=1000, max_value=10**9))
def test_grouped_integers_round_trip(n: int) -> None:
    assert parse_number(format_number(n)) == n


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1.000", 1000), ("1,000,000", 1_000_000), ("60,6", Decimal("60.6")), ("60.6", Decimal("60.6")),
     ("1.000,50", Decimal("1000.50")), ("49.999,99", Decimal("49999.99")), ("1.00.0", None), ("12a", None)],
)
def test_parse_number(raw: str, value: Decimal | None) -> None:
    assert parse_number(raw) == value


def test_a_multiplier_makes_the_separator_decimal() -> None:
    assert parse_number("1,250", grouping=False) == Decimal("1.25")
    assert amount_in("1,250 miljoen") == 1_250_000
    assert amount_in("€60,6 miljoen subsidie") == 60_600_000
    assert amount_in("5%") == 5
    assert amount_in("geen getal") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("€ 40.000", 40_000), ("1,5 miljoen", 1_500_000), ("150k", 150_000), ("twee ton", 200_000),
     ("anderhalf miljoen", 1_500_000), ("€ 200.000,-", 200_000), ("drie miljoen", 3_000_000),
     ("vijftigduizend", 50_000), ("1,2 mln", 1_200_000), ("twee en een half miljoen", 2_500_000),
     ("een kwart miljoen", 250_000), ("driekwart miljoen", 750_000), ("two and a half million", 2_500_000),
     ("half a million", 500_000), ("twee komma vijf miljoen", 2_500_000),
     ("", None), ("  ", None)],
)
def test_parse_amount(text: str, value: int | None) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["bla", "12a", "€ ", "vijf appels"])
def test_parse_amount_names_bad_input(text: str) -> None:
    with pytest.raises(ValueError, match="geen bedrag"):
        parse_amount(text)


def test_parse_percentage() -> None:
    assert parse_percentage("4,99") == Decimal("4.99")
    assert parse_percentage("5 %") == 5
    assert parse_percentage("vijf procent") == 5
    assert parse_percentage("") is None
    with pytest.raises(ValueError, match="geen percentage"):
        parse_percentage("veel")


def test_formatting_is_dutch() -> None:
    assert format_number(1234567.891, 2) == "1.234.567,89"
    assert format_pct(Decimal("4.444")) == "4,44%"
    assert format_pct(5) == "5%"
    assert format_eur(200_000) == "€ 200.000"
    assert format_eur(60_600_000) == "€ 60,6 mln"


def test_dates_written_and_read() -> None:
    assert format_date("2026-01-19") == "19 januari 2026"
    assert format_date("2026-01-19", "en") == "19 January 2026"
    assert format_date("2026-01") == "januari 2026"
    assert format_date("eind 2026") == "eind 2026"
    assert format_date(None) == ""
    assert parse_date("19 januari 2026") == (2026, 1, 19)
    assert parse_date("januari 2026") == (2026, 1, None)
    assert parse_date("1 February 2025") == (2025, 2, 1)
    assert parse_date(format_date("2025-10-03")) == (2025, 10, 3)


# --------------------------------------------------------------------------- fractions and English number words


@pytest.mark.parametrize(
    "numerator,denominator,pct",
    [("een", "twintigste", 5), ("een", "tiende", 10), ("drie", "achtste", Decimal("37.5")), ("twee", "derde", Decimal("66.67")),
     ("a", "fifth", 20), ("one", "tenth", 10), ("een", "vierde", 25)],
)
def test_fraction_percent(numerator: str, denominator: str, pct: Decimal) -> None:
    from assistent.text.numbers import fraction_percent

    assert fraction_percent(numerator, denominator) == pct


def test_fraction_percent_refuses_what_is_no_fraction() -> None:
    from assistent.text.numbers import fraction_percent

    assert fraction_percent("een", "eerste") is None  # 'een eerste' is 'a first'
    assert fraction_percent("een", "partij") is None
    assert fraction_percent("vijf", "vierde") is None  # not a share below the whole


@pytest.mark.parametrize("text,shares", [
    ("Zo wordt het een derde sector naast huur en koop.", []),
    ("It could become a third sector.", []),
    ("Een derde van de woningen is sociale huur.", [Decimal("33.33")]),
    ("Ongeveer twee derde.", [Decimal("66.67")]),
    ("one third of the homes", [Decimal("33.33")]),
])
def test_derde_before_a_noun_is_an_ordinal_not_a_share(text: str, shares: list[Decimal]) -> None:
    from assistent.text.numbers import figures_in

    assert [f.value for f in figures_in(text) if f.kind == "percent"] == shares


def test_english_number_words_but_not_dutch_ten() -> None:
    assert word_number("sixty") == 60
    assert word_number("twenty-five") == 25
    assert word_number("ten") is None  # 'ten minste'


def test_dutch_expressions_with_ten_are_not_the_number_ten():
    from assistent.text.numbers import figures_in

    assert [f.raw for f in figures_in("ten minste 5%, ten behoeve van de bouw, ten opzichte van 2025")] == ["5%", "2025"]
    assert [(f.kind, int(f.value)) for f in figures_in("ten percent")] == [("percent", 10)]


def test_a_share_in_words_and_a_small_number_of_times_are_figures():
    from assistent.text.numbers import figures_in

    assert [(f.kind, f.value) for f in figures_in("one fifth of the financing")] == [("percent", Decimal(20))]
    assert [(f.kind, f.value) for f in figures_in("een twintigste van de lening")] == [("percent", Decimal(5))]
    assert [(f.kind, f.value) for f in figures_in("tot drie keer modaal")] == [("count", Decimal(3))]
    assert figures_in("een eerste opzet van het plan") == []  # 'een eerste' is no share
    assert figures_in("twee woningen") == []  # a bare small number word stays no figure


def test_first_date_reads_the_first_written_date_of_a_text() -> None:
    from assistent.text.numbers import first_date

    assert first_date("Den Haag, 12 juni 2025\nBetreft: fonds") == "2025-06-12"
    assert first_date("Versie maart 2024, herzien 5 mei 2025") == "2025-05-05"  # a full date before a month
    assert first_date("Jaarplan | juni 2025") == "2025-06"
    assert first_date("Datum: 2023-11-30") == "2023-11-30"
    assert first_date("In 2025 is er 60,6 miljoen gegeven.") is None


def test_moments_in_running_text_end_on_the_last_day_they_cover() -> None:
    import datetime as dt

    from assistent.text.numbers import moments_in

    ends = {m.raw: m.ends for m in moments_in(
        "SVn zal tot eind 2026 nodig hebben; de toolbox komt vanaf februari 2026, de gids begin 2026, "
        "de wet in het eerste kwartaal van 2027 en de regeling medio 2025.")}
    assert ends == {
        "eind 2026": dt.date(2026, 12, 31), "februari 2026": dt.date(2026, 2, 28), "begin 2026": dt.date(2026, 3, 31),
        "het eerste kwartaal van 2027": dt.date(2027, 3, 31), "medio 2025": dt.date(2025, 6, 30),
    }
    assert moments_in("Kamerstuk 29 453, nr. 579 (2026D01883)") == []


def test_period_end_is_the_last_day_an_iso_date_month_or_year_covers() -> None:
    import datetime as dt

    from assistent.text.numbers import period_end

    assert period_end("2026-01-19") == dt.date(2026, 1, 19)
    assert period_end("2025-09") == dt.date(2025, 9, 30)
    assert period_end("2024-02") == dt.date(2024, 2, 29)
    assert period_end("2026") == dt.date(2026, 12, 31)
    assert period_end("") is None and period_end(None) is None and period_end("2025-13") is None


def test_a_bound_or_an_estimate_before_a_figure() -> None:
    from assistent.text.numbers import figure_bound, within_bound

    text = "ruim 60 miljoen, bijna 5%, zo'n 1.000 woningen en 25 miljoen"
    assert [figure_bound(text, text.find(n)) for n in ("60", "5%", "1.000", "25")] == ["min", "max", "about", None]
    assert within_bound(Decimal(60), "min", Decimal("60.6")) and not within_bound(Decimal(60), "max", Decimal("60.6"))
    assert within_bound(Decimal(1000), "about", Decimal(1050)) and not within_bound(Decimal(25), None, Decimal(26))


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("een miljoen driehonderdduizend euro", [Decimal(1300000)]),
        ("drie miljoen en vijfhonderdduizend euro", [Decimal(3500000)]),
        # an amount of its own after the millions, or a count
        ("2 miljoen, 150.000 euro eigen geld", [Decimal(2000000), Decimal(150000)]),
        ("4 miljoen 30 woningen", [Decimal(4000000), Decimal(30)]),
        ("een miljoen en twee miljoen", [Decimal(1000000), Decimal(2000000)]),
    ],
)
def test_millions_completed_by_thousands_in_words_are_one_amount(text: str, values: list[Decimal]) -> None:
    assert [f.value for f in figures_in(text)] == values


@pytest.mark.parametrize(
    ("claimed", "actual", "rounded"),
    [("60", "60.6", True), ("35", "35.6", True), ("60", "65", False), ("10000", "1000", False),
     ("1000", "1000", False), ("60.6", "60", False)],
)
def test_a_round_figure_is_said_roundly_only_with_fewer_digits_and_close(claimed: str, actual: str, rounded: bool) -> None:
    from assistent.text.numbers import rounded_from

    assert rounded_from(Decimal(claimed), Decimal(actual)) is rounded


@given(st.integers(min_value=2001, max_value=2099).filter(lambda y: y % 100))
def test_a_year_in_words_is_a_year_as_people_write_it(year: int) -> None:
    # as one word ('tweeduizenddrieëntwintig'), as num2words writes a year, and English ('two thousand and twenty-three')
    for written in (num2words(year, lang="nl"), num2words(year, lang="nl", to="year"), num2words(year, lang="en")):
        found = figures_in(f"het prijsplafond uit {written} gold niet")
        assert [(f.kind, int(f.value)) for f in found] == [("year", year)], written


def test_number_words_keep_their_accents_or_lose_them_and_round_thousands_stay_counts() -> None:
    assert [(f.kind, int(f.value), f.raw) for f in figures_in("uit tweeduizend tweeëntwintig")] == [
        ("year", 2022, "tweeduizend tweeëntwintig")]
    assert word_number("tweeentwintig") == word_number("tweeëntwintig") == 22  # typed without the diaeresis
    assert [(f.kind, int(f.value)) for f in figures_in("tweeduizend huurwoningen")] == [("count", 2000)]
    assert [(f.kind, int(f.value)) for f in figures_in("a co-op of twenty-five members")] == [("count", 25)]


def test_digits_of_other_scripts_are_read_as_digits_not_an_error() -> None:
    # compatibility digits fold to ASCII digits when accents are stripped: a figure, never a crash
    assert [(f.kind, int(f.value)) for f in figures_in("€ ２ miljoen")] == [("money", 2_000_000)]
    assert [int(f.value) for f in figures_in("5² woningen")] == [52]


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("In oktober dit jaar heb ik subsidie gegeven", [("oktober", 10, None)]),
        ("een toolbox die vanaf februari 2026 helpt", [("februari 2026", 2, 2026)]),
        ("available in September 2026 and in May 2027", [("September 2026", 9, 2026), ("May 2027", 5, 2027)]),
        ("May the 5% come from a starter loan?", []),
        ("Wat kan de gemeente doen?", []),
    ],
)
def test_months_are_read_with_their_year_where_the_text_gives_one(text: str, months: list) -> None:
    assert [(m.raw, m.month, m.year) for m in months_in(text)] == months
