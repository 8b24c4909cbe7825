"""Answerability and premises: is what the question asks for in the evidence at all, and does the question assume a figure the sources contradict?

A question that asks for a concrete value (an amount, a rate, a date, a count, an address …)
is answerable only when a retrieved sentence about the same subject holds a value of that
kind. Otherwise the assistant says the sources do not contain it — and never produces a figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistent.text import fold, stem, tokens
from assistent.text.numbers import MONTHS_NL_RE, amount_in

# --- values found in sentences ------------------------------------------

_NUM = r"\d+(?:[.,]\d+)*"
MONEY = re.compile(rf"(€\s?{_NUM}(\s?(miljoen|miljard|mln|mld|duizend))?|{_NUM}\s?(miljoen|miljard|mln)?\s?euro\b)", re.I)
PERCENT = re.compile(rf"{_NUM}\s?(%|procent\b|percent\b)", re.I)
YEAR = re.compile(r"\b(19|20)\d{2}\b")
MONTHS = rf"({MONTHS_NL_RE})"
DATE = re.compile(rf"\b({MONTHS}|(begin|eind|medio|half|voorjaar|najaar|zomer)\s+(19|20)\d{{2}}|(19|20)\d{{2}})\b", re.I)
DATE_OR_EVENT = re.compile(rf"({DATE.pattern}|\b(tot|vanaf|na|voor|bij) (het|de) \w+)", re.I)
COUNT = re.compile(rf"\b(ongeveer |circa |ruim |bijna |zo'?n )?{_NUM}\b")
PROVINCES = re.compile(
    r"\b(groningen|friesland|fryslan|drenthe|overijssel|flevoland|gelderland|utrecht|noord-holland|zuid-holland|"
    r"zeeland|noord-brabant|limburg)\b",
    re.I,
)


@dataclass(frozen=True)
class Slot:
    """A kind of value a question can ask for, and how to recognise it in a sentence."""

    name: str
    label_nl: str
    label_en: str
    question: re.Pattern[str]
    value: re.Pattern[str] | None  # None: the slot word itself must occur ('rente', 'adres')


def _q(p: str) -> re.Pattern[str]:
    return re.compile(p, re.I)


SLOTS: list[Slot] = [
    Slot("interest", "rentepercentage", "interest rate", _q(r"\b(rente|rentepercentage|interest)\b"), _q(r"\brente\w*\b.*\d|\d.*\brente")),
    Slot("term", "looptijd", "loan term", _q(r"\b(looptijd|aflossingstermijn|loan term|term of the loan|how long .* (loan|repay))\b"), _q(r"\b(looptijd|aflos\w*)\b")),
    Slot("maximum", "maximumbedrag", "maximum amount", _q(r"\b(maximum|maximale|maximaal|max\.?|ten hoogste|at most|maximum) (bedrag|lening|amount|loan|subsidie)|\bhoeveel .* maximaal|\bmaximum loan\b"), _q(r"\b(maximaal|maximum|ten hoogste|hoogstens)\b.*(€|euro)")),
    Slot("contact", "contactgegevens (adres, telefoon, e-mail of website)", "contact details (address, phone, e-mail or website)", _q(r"\b(adres|address|telefoon\s?nummer|phone( number)?|e-?mail(adres)?|website|web address|webadres|url|postadres)\s+(van|of|for)\b|\b(bellen|mailen|call|e-?mail)\b.*\?$|\bwaar (kan ik|zit|zitten)\b.*\b(svn|kantoor|loket)\b"), _q(r"(\bstraat\b|\bpostbus\b|\+31|\b0\d{2,3}[- ]?\d{6,7}\b|www\.|https?://|@\w+\.)")),
    Slot("deadline", "uiterste datum of aanvraagprocedure", "deadline or application procedure", _q(r"\b(uiterste datum|deadline|aanvraag (indienen|doen)|aanvragen|apply for|application|indienen|aanmelden)\b"), _q(r"\b(aanvraag|aanvragen|deadline|uiterste|indienen)\b")),
    Slot("tax_rate", "belastingtarief", "tax rate", _q(r"\b(tarief|tax rate|hoeveel (vennootschaps|overdrachts|schenk|energie|waterschaps)?belasting)"), _q(r"\b(tarief|\d+\s?(%|procent))")),
    Slot("area", "oppervlakte", "floor area", _q(r"\b(vierkante meter|m2|m²|square met|oppervlakte)\b"), _q(r"(m2|m²|vierkante meter)")),
    Slot("price", "prijs of kosten", "price or cost", _q(r"\b(wat kost|hoeveel kost|kosten van|prijs per|how much does .* cost|what does .* cost|price of|per vierkante)\b"), MONEY),
    Slot("provinces", "namen van provincies", "names of provinces", _q(r"\b(welke provincies|which provinces|in welke provincie)"), PROVINCES),
    Slot("requirements", "eisen of voorwaarden", "requirements", _q(r"\b(welke eisen|aan welke eisen|welke voorwaarden|aan welke voorwaarden|what requirements|which requirements|criteria voor)\b"), _q(r"\b(eisen|voorwaarden|criteria|voldoen|moeten)\b")),
    Slot("money", "bedrag", "amount", _q(r"\b(hoeveel (geld|euro|subsidie|financiering|budget)|hoe hoog is|hoe groot is|hoeveel .* (bij|lenen|betalen|krijg|krijgen|ontvangen|kost)|how much (money|funding|subsidy)|how much .* (get|receive|pay|lend))\b"), _q(rf"({MONEY.pattern}|{PERCENT.pattern})")),
    Slot("date", "datum", "date", _q(r"^(en )?(tot wanneer|vanaf wanneer|per wanneer|sinds wanneer|in welk jaar|until when|by when|from when|since when)\b|^(en )?wanneer (wordt|worden|gaat|gaan|komt|komen|verschijnt|verschijnen|start|starten|begint|beginnen|is .* klaar|treedt|zijn .* bekend|krijgen we)\b|^(en )?when (will|is .* (expected|published|ready|discussed|debated|open|due)|are .* expected|does .* (start|open|come))\b|\b(op welke datum|which year|what date)\b"), DATE_OR_EVENT),
    Slot("count", "aantal", "number", _q(r"\b(hoeveel|how many)\s+(\w+)"), COUNT),
]


def asked_slots(question: str) -> list[Slot]:
    """The value kinds the question asks for (most specific first; 'money'/'count' only when nothing more specific)."""
    q = fold(question)
    found = [s for s in SLOTS if s.question.search(q)]
    names = {s.name for s in found}
    if names & {"interest", "term", "maximum", "tax_rate", "area", "price", "contact", "deadline", "provinces"}:
        found = [s for s in found if s.name not in ("money", "count", "date")]
    if "money" in names:
        found = [s for s in found if s.name != "count"]
    return found


def count_noun(question: str) -> str | None:
    """The counted noun of 'hoeveel X' / 'how many X' (stemmed), e.g. 'woningen' → 'woning'."""
    m = re.search(r"\b(hoeveel|how many)\s+(\w+)", fold(question))
    if not m:
        return None
    word = m.group(2)
    if word in {"geld", "euro", "procent", "subsidie", "eigen", "kost", "kosten", "is", "zijn", "moet", "moeten", "de", "het", "een"}:
        return None
    return stem(_EN_NOUNS.get(word, word))


_EN_NOUNS = {"homes": "woningen", "houses": "woningen", "dwellings": "woningen", "municipalities": "gemeenten",
             "cooperatives": "wooncooperaties", "provinces": "provincies", "banks": "banken", "members": "leden"}


def slot_filled(slot: Slot, sentence: str, question: str) -> bool:
    """Whether the sentence holds a value of the asked kind (figures the question itself names do not count)."""
    s = fold(sentence)
    for figure in set(re.findall(_NUM, question)):
        s = re.sub(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)", " ", s)
    if slot.name == "count":
        noun = count_noun(question)
        if noun is None:
            return bool(COUNT.search(s))
        for m in COUNT.finditer(s):
            after = s[m.end() : m.end() + 60]
            following = [stem(w) for w in tokens(after)[:3]]
            if any(w.endswith(noun) or noun.endswith(w) and len(w) > 3 for w in following):
                return True
        return False
    if slot.value is None:
        return False
    return bool(slot.value.search(s))


# --- subject ----------------------------------------------------------

_SLOT_WORDS = {
    "hoeveel", "euro", "bedrag", "kost", "kosten", "prijs", "hoog", "groot", "lang", "maximaal", "maximum", "rente",
    "looptijd", "adres", "telefoon", "telefoonnummer", "nummer", "website", "wanneer", "datum", "jaar", "aantal",
    "how", "much", "many", "cost", "price", "amount", "interest", "rate", "when", "date", "address", "phone",
    "krijgen", "gekregen", "krijgt", "krijg", "betalen", "betaalt", "per", "precies", "welke", "eisen", "voorwaarden",
    "moet", "moeten", "voldoen", "tarief", "geld", "gaat", "gaan", "zit", "zitten", "nodig", "hebben", "heeft",
    "money", "need", "get",
}


def focus_stems(question: str) -> set[str]:
    """Content stems of the question other than the words that ask for the value and generic domain words."""
    from assistent.text.glossary import expand
    from assistent.text import analyze

    words = " ".join(w for w in tokens(question) if w not in _SLOT_WORDS and w not in _GENERIC)
    return set(analyze(expand(words)))


_GENERIC = {
    "rijk", "kamer", "tweede", "nederland", "nederlandse", "staat", "europa", "europese", "haag", "den",
    "fonds", "wooncooperatie", "wooncooperaties", "cooperatie", "cooperaties", "cooperatief", "brief", "minister",
    "kabinet", "gemeente", "gemeenten", "woning", "woningen", "the", "what", "which", "how", "fund", "letter",
    "wonen", "initiatieven", "initiatief",
}


def proper_names(question: str) -> list[str]:
    """Capitalised words inside the question (not its first word): candidate named subjects."""
    words = re.findall(r"(?<![.?!]\s)(?<!^)\b([A-Z][\w’'-]+)", question.strip())
    return [w for w in words if fold(w) not in _GENERIC and len(w) > 2]


# --- premises ------------------------------------------------------------

@dataclass
class PremiseConflict:
    kind: str  # "percent" | "money"
    asserted: str
    found: str
    sentence: str


def _values(pattern: re.Pattern[str], text: str) -> list[str]:
    return [m.group(0).strip() for m in pattern.finditer(text)]


_EN_MONEY = re.compile(rf"(€\s?{_NUM}\s?(million|billion|m|bn)?|{_NUM}\s?(million|billion)\s?(euro|eur)?)", re.I)


def premise_conflicts(question: str, sentences: list[str]) -> list[PremiseConflict]:
    """Figures the question asserts where the relevant sentences state another figure of the same kind."""
    out: list[PremiseConflict] = []
    for kind, pattern in (("percent", PERCENT), ("money", MONEY)):
        asserted = _values(pattern, question) + (_values(_EN_MONEY, question) if kind == "money" else [])
        for a in dict.fromkeys(asserted):
            a_num = amount_in(a)
            if a_num is None:
                continue
            found = [(f, sent) for sent in sentences for f in _values(pattern, sent)]
            if not found or any(amount_in(f) == a_num for f, _ in found):
                continue
            f, sent = found[0]
            out.append(PremiseConflict(kind, a, f, sent))
            break  # one conflict per kind is enough to correct the premise
    return out
