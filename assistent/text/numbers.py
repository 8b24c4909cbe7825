"""The one place that reads and writes Dutch numbers, amounts, percentages and dates.

Built on maintained libraries where they fit: `text2num` reads Dutch number words
("tweehonderdvijftigduizend"), `babel` writes Dutch notation ("1.234.567,89", "19 januari 2026"),
`dateparser` reads Dutch and English dates. By hand only what they lack: shorthand multipliers
("1,2 mln", "150k", "twee ton"), halves ("anderhalf", "vijfenhalf") and the rule that decides
whether a separator groups thousands or marks decimals.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.dates import format_date as _babel_date
from babel.dates import get_month_names
from babel.numbers import format_decimal
from text_to_num import text2num

from assistent.text.normalize import strip_accents_in_place

MONTHS_NL: tuple[str, ...] = tuple(get_month_names("wide", locale="nl").values())
MONTHS_EN: tuple[str, ...] = tuple(get_month_names("wide", locale="en").values())
MONTHS_NL_RE = "|".join(MONTHS_NL)
# a month's name (either language, lower case) → its number
_MONTH_NUMBER = {m.lower(): i % 12 + 1 for i, m in enumerate((*MONTHS_NL, *MONTHS_EN))}

# Multipliers written after a number ("1,2 mln", "150k", "twee ton", "3 million").
MULTIPLIERS: dict[str, Decimal] = {
    "miljard": Decimal(10**9), "mld": Decimal(10**9), "mrd": Decimal(10**9), "billion": Decimal(10**9), "bn": Decimal(10**9),
    "miljoen": Decimal(10**6), "mln": Decimal(10**6), "mio": Decimal(10**6), "million": Decimal(10**6), "millions": Decimal(10**6),
    "m": Decimal(10**6), "ton": Decimal(10**5), "duizend": Decimal(1000), "k": Decimal(1000),
    "thousand": Decimal(1000), "mille": Decimal(1000),  # "50 mille": spoken Dutch for thousands
}

# A number as people write it: Dutch grouping (1.000.000,50), English grouping (1,000,000) or plain.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d{1,3}(?:,\d{3}){2,}(?!\d)|\d+(?:[.,]\d+)?"
MULTIPLIER = r"miljard|mld|miljoen|mln|mio|million|billion|bn|ton|duizend|thousand|mille"
_AMOUNT = re.compile(rf"(?P<num>{NUMBER})\s*(?:(?P<mult>{MULTIPLIER})\b\.?|(?P<suf>[km])\b)?", re.I)


def parse_number(raw: str, *, grouping: bool = True) -> Decimal | None:
    """A number written with digits: '60,6' and '60.6' → 60.6; '1.000' and '1.000.000' → 1000 and 10**6;
    '1.000,50' → 1000.50; '1,000,000' → 10**6. None when the grouping is malformed ('1.00.0').

    With grouping=False (a multiplier follows: '1,250 miljoen') one separator is always the decimal sign.
    """
    raw = raw.strip()
    seps = [c for c in raw if c in ".,"]
    if not seps:
        return Decimal(raw) if raw.isdigit() else None
    last = max(raw.rfind("."), raw.rfind(","))
    dec: str | None
    thou: str | None
    if len(set(seps)) == 2:  # both kinds: the last one is the decimal sign
        dec = raw[last]
        thou = "," if dec == "." else "."
        if raw.count(dec) > 1:
            return None
    elif len(seps) > 1:  # one kind, repeated: thousands separators
        thou, dec = seps[0], None
    elif grouping and len(raw) - last - 1 == 3:  # one separator before exactly three digits: thousands
        thou, dec = seps[0], None
    else:
        thou, dec = None, seps[0]
    whole, _, frac = raw.partition(dec) if dec else (raw, "", "")
    groups = whole.split(thou) if thou else [whole]
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    try:
        return Decimal("".join(groups) + (f".{frac}" if frac else ""))
    except InvalidOperation:
        return None


_HALVES = {"half": Decimal("0.5"), "halve": Decimal("0.5"), "anderhalf": Decimal("1.5"), "anderhalve": Decimal("1.5")}


@lru_cache(maxsize=4096)
def word_number(word: str) -> Decimal | None:
    """A Dutch number word: 'vijf', 'vijfentwintig', 'tweehonderdvijftigduizend', 'anderhalf', 'vijfenhalf',
    'tweeënhalve'."""
    word = word.strip().lower()
    if not word:
        return None
    if word in _HALVES:
        return _HALVES[word]
    for half in ("enhalf", "enhalve"):  # 'vijfenhalf', 'tweeënhalve ton' (folded 'tweeenhalve')
        if word.endswith(half) and len(word) > len(half):
            base = word_number(word[: -len(half)])
            return None if base is None else base + Decimal("0.5")
    try:
        return Decimal(text2num(word, "nl"))
    except ValueError:
        pass
    if "eeen" in word or "ieen" in word:  # typed without the diaeresis: 'tweeentwintig', 'drieenveertig'
        return word_number(word.replace("eeen", "eeën").replace("ieen", "ieën"))
    if word in _NOT_ENGLISH_NUMBERS:
        return None
    try:  # English number words ('two', 'sixty', 'twenty-five'): users write in both languages
        return Decimal(text2num(word, "en"))
    except ValueError:
        return None


# Dutch words that are also English number words but mean something else here ('ten minste')
_NOT_ENGLISH_NUMBERS = frozenset({"ten"})

# Ordinals as the denominators of fractions: 'een twintigste', 'twee derde', 'a fifth'
_ORDINAL_IRREGULAR = {
    "derde": 3, "achtste": 8, "eerste": 1, "half": 2, "helft": 2, "kwart": 4,
    "third": 3, "thirds": 3, "fourth": 4, "fourths": 4, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "twelfth": 12, "twentieth": 20, "twentieths": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100, "hundredths": 100,
}


def ordinal_number(word: str) -> Decimal | None:
    """The number of an ordinal used as a denominator: 'twintigste' → 20, 'vijfde' → 5, 'tenth' → 10."""
    word = word.strip().lower()
    if word in _ORDINAL_IRREGULAR:
        return Decimal(_ORDINAL_IRREGULAR[word])
    for suffix in ("ste", "de"):  # Dutch: vijfde, tiende, twintigste, honderdste
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            value = word_number(word[: -len(suffix)])
            if value is not None and value >= 2:
                return value
    for suffix in ("ths", "th"):  # English: sixth, tenth, sixteenths
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            for candidate in (stem, stem + "e", stem[:-2] + "y" if stem.endswith("ie") else stem):
                try:
                    value = Decimal(text2num(candidate, "en"))
                except ValueError:
                    continue
                if value >= 2:
                    return value
    return None


def fraction_percent(numerator: str, denominator: str) -> Decimal | None:
    """A fraction in words as a percentage: ('een', 'twintigste') → 5, ('twee', 'derde') → 66.67, ('a', 'fifth') → 20."""
    top = Decimal(1) if numerator.strip().lower() in ("een", "één", "a", "an", "one") else word_number(numerator)
    bottom = ordinal_number(denominator)
    if top is None or bottom is None or top >= bottom:
        return None
    value = (Decimal(100) * top / bottom).quantize(Decimal("0.01"))
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


def amount_in(phrase: str) -> Decimal | None:
    """The first number in a short phrase times its multiplier: '€60,6 miljoen' → 60600000, '5%' → 5."""
    m = _AMOUNT.search(phrase)
    if not m:
        return None
    mult = (m.group("mult") or m.group("suf") or "").lower()
    number = parse_number(m.group("num"), grouping=not mult)
    if number is None:
        return None
    return number * MULTIPLIERS.get(mult, Decimal(1))


# "een miljoen tweehonderdduizend", "twee miljoen en vijfhonderdduizend euro": a number of millions and, written
# out after it, the thousands that complete it
_MILLIONS_END = re.compile(r"(?P<mult>miljoen|miljard|million|billion)\s+(?:(?:en|and)\s+)?$", re.I)
_THOUSANDS_WORD = re.compile(r"[a-z]+\s?(?:duizend|thousand)\b|[\d.,]+\s?(?:duizend|thousand)\b", re.I)


def completed_amount(text: str, first_value: Decimal, first_end: int, second_value: Decimal, second_start: int,
                     second_end: int) -> Decimal | None:
    """The one amount two adjacent amounts in words make ('een miljoen' + 'tweehonderdduizend euro' →
    1200000), or None when the second is an amount of its own."""
    head = _MILLIONS_END.search(text[max(0, first_end - 12) : second_start])
    if head is None or text[first_end:second_start].strip(" ").lower() not in ("", "en", "and"):
        return None
    if not _THOUSANDS_WORD.match(text, second_start, second_end) or second_value >= MULTIPLIERS[head.group("mult").lower()]:
        return None
    return first_value + second_value


# Parts of a unit in words: "twee en een half miljoen", "een kwart miljoen", "driekwart ton", "half a million".
_PARTS = {**_HALVES, "kwart": Decimal("0.25"), "driekwart": Decimal("0.75"), "quarter": Decimal("0.25")}
_PART = r"hal(?:f|ve)|kwart|quarter"
WORD_AMOUNT = re.compile(
    r"\b(?:(?P<whole>[a-z]+)\s+(?:komma|point)\s+)?"  # "twee komma vijf miljoen"
    r"(?:(?:een|a|an)\s+)?(?P<word>[a-z]+(?:-[a-z]+)?|\d+(?=\s+(?:en|and)\s))"  # "2 en een half miljoen"
    rf"(?P<part>\s+(?:en|and)\s+(?:een|a|an)\s+(?:{_PART}))?"  # "twee en een half", "two and a half"
    r"(?:\s+(?:a|an))?"  # "half a million"
    rf"\s+(?P<mult>{MULTIPLIER})\b",
    re.I,
)


def word_amount(m: re.Match[str]) -> Decimal | None:
    """The value of a WORD_AMOUNT match: 'twee en een half miljoen' → 2500000, 'een kwart miljoen' → 250000,
    'twee komma vijf miljoen' → 2500000; None when its words are not numbers."""
    word = m.group("word").lower()
    base = _PARTS.get(word)
    if base is None:
        base = Decimal(word) if word.isdigit() else word_number(word)
    if base is None:
        return None
    if m.group("part"):
        base += _PARTS[m.group("part").split()[-1].lower()]
    if m.group("whole"):
        whole = word_number(m.group("whole"))
        if whole is None:
            return None
        base = whole + base / Decimal(10) ** len(str(int(base)))
    return base * MULTIPLIERS[m.group("mult").lower()]


def parse_amount(text: str | None) -> Decimal | None:
    """An amount typed into a field: '1.000.000', '€ 40.000', '49.999,99', '1,5 miljoen', '150k', 'twee ton'.

    None for an empty field; ValueError naming the text when it is not an amount.
    """
    raw = (text or "").strip().lower().replace("\u00a0", " ")
    if not raw:
        return None
    raw = re.sub(r"€|\beuro\b|\beur\b|,-$", " ", raw).strip()
    m = _AMOUNT.fullmatch(raw)
    if m:
        value = amount_in(raw)
    else:
        w = WORD_AMOUNT.fullmatch(raw)
        value = word_amount(w) if w else word_number(raw)
    if value is None:
        raise ValueError(f"‘{text}’ is geen bedrag")
    return value


def parse_percentage(text: str | None) -> Decimal | None:
    """A percentage typed into a field: '5', '4,99', '5%', '5 procent', 'vijf procent'."""
    raw = re.sub(r"%|\bprocent\b|\bpercent\b", " ", (text or "").strip().lower()).strip()
    if not raw:
        return None
    value = parse_number(raw, grouping=False) if re.fullmatch(r"\d+(?:[.,]\d+)?", raw) else word_number(raw)
    if value is None:
        raise ValueError(f"‘{text}’ is geen percentage")
    return value


# --------------------------------------------------------------------------- writing


def format_number(value: float | Decimal, decimals: int = 0) -> str:
    """Dutch notation with a fixed number of decimals: 1234567.891 → '1.234.567,89'."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale="nl_NL")


def format_pct(value: float | Decimal) -> str:
    """A percentage with at most two decimals: 4.444 → '4,44%', 5 → '5%'."""
    return format_decimal(value, format="#,##0.##", locale="nl_NL") + "%"


def format_eur(value: float | Decimal) -> str:
    """Whole euros: 200000 → '€ 200.000'; from a million on, short: 60600000 → '€ 60,6 mln'."""
    if abs(value) >= 1_000_000:
        return "€ " + format_decimal(Decimal(str(value)) / 1_000_000, format="#,##0.#", locale="nl_NL") + " mln"
    return "€ " + format_number(value)


def format_date(iso: str | None, lang: str = "nl") -> str:
    """'2026-01-19' → '19 januari 2026' ('19 January 2026'); '2026-01' → 'januari 2026'; else as given."""
    if not iso:
        return ""
    locale = "en" if lang == "en" else "nl"
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            return _babel_date(dt.date(int(parts[0]), int(parts[1]), int(parts[2])), "d MMMM y", locale=locale)
        if len(parts) == 2:
            return _babel_date(dt.date(int(parts[0]), int(parts[1]), 1), "MMMM y", locale=locale)
    except ValueError:
        pass
    return iso


# --------------------------------------------------------------------------- reading dates


@lru_cache(maxsize=1)
def _date_parser():  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser  # imported on first use: it loads locale data

    return DateDataParser(languages=["nl", "en"], settings={"STRICT_PARSING": False})


@lru_cache(maxsize=4096)
def parse_date(text: str) -> tuple[int, int, int | None] | None:
    """A written date as (year, month, day); day None when only a month is named ('januari 2026')."""
    data = _date_parser().get_date_data(text)
    if data.date_obj is None or data.period not in ("day", "month"):
        return None
    d = data.date_obj
    return (d.year, d.month, d.day if data.period == "day" else None)


_MONTHS_ANY = "|".join((*MONTHS_NL, *MONTHS_EN))
_WRITTEN_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+)?(?:{_MONTHS_ANY})\s+(?:19|20)\d{{2}}\b|\b(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}\b", re.I
)


def first_date(text: str) -> str | None:
    """The first written date in a text as ISO ('12 juni 2025' → '2025-06-12'), a full date before a month
    ('juni 2025' in a running header, '12 juni 2025' on the title page: the latter), or None."""
    found = [d for m in _WRITTEN_DATE.finditer(text) if (d := parse_date(m.group(0)))]
    if not found:
        return None
    y, mo, d = next((f for f in found if f[2]), found[0])
    return f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if d else "")


# When a moment named in running text is over: 'eind 2026' ends on 31 December 2026, 'begin 2026' on 31 March,
# 'medio 2026' on 30 June, 'februari 2026' on 28 February, '2026' on 31 December.
_PART_ENDS = {
    "begin": 3, "early": 3, "voorjaar": 5, "spring": 5, "medio": 6, "half": 6, "mid": 6, "midden": 6, "zomer": 8,
    "summer": 8, "najaar": 11, "autumn": 11, "fall": 11, "eind": 12, "einde": 12, "end": 12, "late": 12,
}
_MOMENT = re.compile(
    rf"\b(?:(?P<part>{'|'.join(_PART_ENDS)})(?:\s+(?:van|of))?\s+|(?P<month>{_MONTHS_ANY})\s+"
    rf"|(?P<q>q[1-4]|(?:het\s+)?(?:eerste|tweede|derde|vierde)\s+kwartaal(?:\s+van)?)\s+)?(?P<year>20\d{{2}})\b",
    re.I,
)
_QUARTERS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}


@dataclass(frozen=True)
class Moment:
    """A moment named in running text ('eind 2026'), and the last day it covers."""

    raw: str
    ends: dt.date


def moments_in(text: str) -> list[Moment]:
    """The moments a text names by year ('eind 2026', 'februari 2026', 'Q1 2026', 'in 2027')."""
    out = []
    for m in _MOMENT.finditer(text):
        year = int(m.group("year"))
        month = 12
        if m.group("part"):
            month = _PART_ENDS[m.group("part").lower()]
        elif m.group("month"):
            month = _MONTH_NUMBER[m.group("month").lower()]
        elif m.group("q"):
            q = m.group("q").lower()
            quarter = int(q[1]) if q.startswith("q") else next(v for k, v in _QUARTERS.items() if k in q)
            month = 3 * quarter
        out.append(Moment(m.group(0), _month_end(year, month)))
    return out


# a month named with or without its year ('in oktober', 'februari 2026', 'in March 2025'); the English month
# that is also a verb ('May the 5% …') only with its year
_MONTH_NAMED = re.compile(rf"\b(?P<month>{'|'.join(MONTHS_NL)}|{'|'.join(m for m in MONTHS_EN if m != 'May')})"
                          rf"(?:\s+(?P<year>(?:19|20)\d{{2}}))?\b|\bMay\s+(?P<may>(?:19|20)\d{{2}})\b", re.I)


@dataclass(frozen=True)
class Month:
    raw: str
    month: int
    year: int | None


def months_in(text: str) -> list[Month]:
    """The months a text names, with their year where it gives one ('in oktober dit jaar' → 10, None)."""
    out = []
    for m in _MONTH_NAMED.finditer(text):
        year = m.group("year") or m.group("may")
        out.append(Month(m.group(0), _MONTH_NUMBER[(m.group("month") or "may").lower()], int(year) if year else None))
    return out


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_end(iso: str | None) -> dt.date | None:
    """The last day of an ISO date, month or year ('2026-01-19' itself, '2025-09' → 30 September 2025,
    '2026' → 31 December 2026), or None."""
    parts = (iso or "").split("-")
    try:
        year = int(parts[0])
        if len(parts) > 2:
            return dt.date(year, int(parts[1]), int(parts[2]))
        return _month_end(year, int(parts[1]) if len(parts) > 1 else 12)
    except ValueError:
        return None


# --------------------------------------------------------------------------- figures in running text

# Fractions people use for shares ("een kwart van de financiering"), as percentages.
FRACTIONS: dict[str, Decimal] = {
    "een kwart": Decimal(25), "driekwart": Decimal(75), "drie kwart": Decimal(75), "de helft": Decimal(50),
    "een derde": Decimal("33.33"), "twee derde": Decimal("66.67"), "a quarter": Decimal(25), "half": Decimal(50),
    "one third": Decimal("33.33"), "a third": Decimal("33.33"),
}
# 'derde' and 'third' are ordinals too: before a noun they count a place in a row, not a share ('een derde sector',
# 'a third party'); a share stands alone or before what it is a share of ('een derde van', 'een derde deel')
_ORDINAL_FRACTION = re.compile(r"(?:derde|third)$", re.I)
_ORDINAL_USE = re.compile(r"\s+(?!(?:van|of|deel|part|daarvan|ervan|thereof)\b)[^\W\d_]", re.I)
_WORD = r"[a-z]+(?:-[a-z]+)?"  # 'twenty-three'
_FIGURE_RE = re.compile(
    rf"(?P<frac>\b(?:{'|'.join(sorted(FRACTIONS, key=len, reverse=True))})\b)"
    rf"|(?P<cur>€\s*)?(?P<num>{NUMBER}|\b{_WORD}\b)(?P<half>\s+en\s+een\s+halve?)?"
    rf"(?:\s*(?P<mult>{MULTIPLIER})\b\.?|(?P<suf>[km])\b)?"
    r"(?:\s*(?P<unit>%|procent\b|percent\b|euro\b|eur\b))?",
    re.I,
)


_TIMES = re.compile(r"\s*(keer|maal|x|times)\b", re.I)
_SHARE_RE = re.compile(r"\b(een|één|a|an|one|twee|drie|vier|two|three|four)\s+([a-z]+)(?=\s+(?:van|of|deel)\b)", re.I)


@dataclass(frozen=True)
class TextFigure:
    """A figure in running text: 'percent', 'money', 'count' or 'year', its value and how it was written."""

    kind: str
    value: Decimal
    raw: str
    start: int
    end: int


def _word_or_digits(raw: str, grouping: bool) -> Decimal | None:
    if raw[0].isdigit():
        return parse_number(raw, grouping=grouping)
    value = word_number(raw)
    if value is None:
        try:
            value = Decimal(text2num(raw.lower(), "en"))
        except ValueError:
            return None
    return value


# Dutch fixed expressions with 'ten' ('ten minste', 'ten behoeve van'): not the English number ten.
_TEN_EXPRESSION = re.compile(
    r"\s+(minste|hoogste|behoeve|opzichte|aanzien|laste|gevolge|slotte|eerste|tweede|derde|tijde|dele|einde|gunste"
    r"|name|onrechte|koste|grondslag|overvloede|spoedigste|volle|zuiden|noorden|oosten|westen)\b",
    re.I,
)


# a number in words after thousands in words completes it: 'tweeduizend drieëntwintig', 'two thousand and twenty-three'
_THOUSANDS_END = re.compile(r"(?:duizend|thousand)$", re.I)


def _year_in_words(value: Decimal, raw: str) -> bool:
    """A number in words between 1900 and 2100 that is no round hundred is a year ('tweeduizend drieëntwintig')."""
    return not raw[0].isdigit() and 1900 < value < 2100 and value % 100 != 0


def figures_in(text: str) -> list[TextFigure]:
    """Every percentage, amount of money, count and year in a text, in digits or in words
    ('tien procent', 'een kwart', 'vijf miljoen euro', '1.000 woningen', 'ten percent', 'tweeduizend drieëntwintig')."""
    found: list[TextFigure] = []
    plain = strip_accents_in_place(text)  # 'tweeëntwintig' is matched as a word; positions stay the text's
    for m in _FIGURE_RE.finditer(plain):
        if m.group("frac"):
            if _ORDINAL_FRACTION.search(m.group("frac")) and _ORDINAL_USE.match(text, m.end()):
                continue  # 'een derde sector' is the third of a row
            found.append(TextFigure("percent", FRACTIONS[m.group("frac").lower()], text[m.start():m.end()], m.start(),
                                    m.end()))
            continue
        # digits as matched ('²' is read as 2), words as written ('tweeëntwintig': text2num needs the diaeresis)
        raw = m.group("num") if m.group("num")[0].isdigit() else text[m.start("num"):m.end("num")]
        mult = (m.group("mult") or m.group("suf") or "").lower()
        unit = (m.group("unit") or "").lower()
        if raw.lower() == "ten" and not (mult or unit) and _TEN_EXPRESSION.match(text, m.end("num")):
            continue
        value = _word_or_digits(raw, grouping=not mult)
        if value is None:
            continue
        previous = found[-1] if found else None
        if (previous is not None and previous.kind in ("count", "year") and not (raw[0].isdigit() or mult or unit)
                and value < 1000 and _THOUSANDS_END.search(plain[previous.start:previous.end])
                and plain[previous.end:m.start()].strip().lower() in ("", "en", "and")):
            total = previous.value + value  # 'tweeduizend drieëntwintig', 'two thousand and one'
            raw_total = text[previous.start:m.end()].strip()
            found[-1] = TextFigure("year" if _year_in_words(total, raw_total) else "count", total, raw_total,
                                   previous.start, m.end())
            continue
        if not raw[0].isdigit() and not (mult or unit) and value < 10 and not _TIMES.match(text, m.end()):
            continue  # a bare small number word ('een', 'twee') is too often not a figure; 'drie keer' is one
        if m.group("half"):
            value += Decimal("0.5")
        if mult in ("k", "m") and not (m.group("cur") or unit in ("euro", "eur")):
            mult = ""  # '5 m' is five metres
        value *= MULTIPLIERS.get(mult, Decimal(1))
        if unit in ("%", "procent", "percent"):
            kind = "percent"
        elif m.group("cur") or unit in ("euro", "eur") or mult in ("miljoen", "mln", "miljard", "mld", "million",
                                                                     "billion", "bn", "mio", "ton", "m", "k"):
            kind = "money"
        elif not mult and re.fullmatch(r"(19|20)\d\d", raw):
            kind = "year"
        else:
            kind = "count"
        if kind == "count" and _year_in_words(value, raw):
            kind = "year"
        if previous is not None and previous.kind == "money" and kind in ("money", "count") and (
            total := completed_amount(text, previous.value, previous.end, value, m.start(), m.end())
        ):  # "een miljoen tweehonderdduizend euro" is one amount
            found[-1] = TextFigure("money", total, text[previous.start : m.end()].strip(), previous.start, m.end())
            continue
        found.append(TextFigure(kind, value, text[m.start():m.end()].strip(), m.start(), m.end()))
    # a share in words before what it is a share of: 'een twintigste van', 'one fifth of'
    for m in _SHARE_RE.finditer(text):
        pct = fraction_percent(m.group(1), m.group(2))
        if pct is not None and not any(f.start < m.end() and m.start() < f.end for f in found):
            found.append(TextFigure("percent", pct, m.group(0).strip(), m.start(), m.end(2)))
    return sorted(found, key=lambda f: f.start)


# A figure said as a bound or an estimate: "ruim 60 miljoen" is true of € 60,6 miljoen, "bijna 5%" of 4,9%.
_BOUND_BEFORE = re.compile(
    r"(?:(?P<min>\b(?:ruim|meer dan|minstens|minimaal|ten minste|tenminste|boven(?: de)?|over|more than|at least|above))"
    r"|(?P<max>\b(?:bijna|nog geen|minder dan|hooguit|maximaal|ten hoogste|onder(?: de)?|krap|almost|nearly|less than"
    r"|under|at most|up to))"
    r"|(?P<about>\b(?:ongeveer|circa|ca\.?|zo'n|zo een|rond(?: de)?|omstreeks|ruwweg|grofweg|pakweg|about|around"
    r"|roughly|approximately|some|approx\.?)))"
    r"\s*(?:€\s*)?$",
    re.I,
)


def figure_bound(text: str, start: int) -> str | None:
    """'min', 'max' or 'about' when the words just before a figure make it a bound or an estimate, else None."""
    m = _BOUND_BEFORE.search(text[max(0, start - 24) : start])
    return m.lastgroup if m else None


def within_bound(claimed: Decimal, bound: str | None, actual: Decimal) -> bool:
    """Whether a figure said with a bound ('ruim', 'bijna', 'zo'n') is true of the actual figure."""
    if bound == "min":
        return actual >= claimed
    if bound == "max":
        return actual <= claimed
    if bound == "about":
        return abs(actual - claimed) <= abs(claimed) / 10
    return actual == claimed


def rounded_from(claimed: Decimal, actual: Decimal) -> bool:
    """Whether a figure is the actual one said roundly: fewer significant digits and within 2% ('60 miljoen' of
    € 60,6 miljoen, not '10.000' of 1.000)."""
    def digits(v: Decimal) -> int:
        return len(str(abs(v).normalize().as_tuple().digits)) if v else 0
    return digits(claimed) < digits(actual) and abs(actual - claimed) <= abs(actual) / 50
