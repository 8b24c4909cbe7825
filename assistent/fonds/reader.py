"""The text the fact reader works on, with a map back to the user's own words.

``prepare`` folds the message (lower case, no accents), removes instructions aimed at the
assistant, puts English domain phrases into the Dutch words of the letter, splits compounds
against the domain lexicon ("nieuwbouwkoopwoningen" → "nieuwbouw koopwoningen") and corrects
misspelt key words (rapidfuzz). Every step keeps, for each character of the result, the position
in the original message it came from, so that a fact can show the words it was read from.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_DUTCH
from rapidfuzz import fuzz, process

from assistent.text import fold_lines, strip_accents
from assistent.text.analysis import split_compound as text_split_compound

# --------------------------------------------------------------------------- text with an origin map


@dataclass(frozen=True)
class Prepared:
    """Prepared text; ``origin[i]`` is the position in ``original`` that character i came from."""

    text: str
    origin: tuple[int, ...]
    original: str

    def words(self, start: int, end: int) -> str:
        """The user's own words behind text[start:end], widened to whole words."""
        if not self.original or start >= end or start >= len(self.origin):
            return ""
        low = self.origin[start]
        high = self.origin[min(end, len(self.origin)) - 1] + 1
        while low > 0 and (self.original[low - 1].isalnum() or self.original[low - 1] in "’'-"):
            low -= 1
        while high < len(self.original) and (self.original[high].isalnum() or self.original[high] in "’'"):
            high += 1
        return " ".join(self.original[low:high].split()).strip(" ,;:")


Replacement = str | Callable[[re.Match[str]], str]


def sub(prepared: Prepared, pattern: re.Pattern[str] | str, repl: Replacement) -> Prepared:
    """``re.sub`` that keeps the origin map: replaced text maps onto the words it replaced."""
    regex = re.compile(pattern) if isinstance(pattern, str) else pattern
    text, origin = prepared.text, prepared.origin
    out: list[str] = []
    out_origin: list[int] = []
    last = 0
    for m in regex.finditer(text):
        out.append(text[last : m.start()])
        out_origin.extend(origin[last : m.start()])
        new = repl(m) if callable(repl) else m.expand(repl)
        width = max(m.end() - m.start(), 1)
        anchor = m.start() if m.start() < len(origin) else max(len(origin) - 1, 0)
        for i in range(len(new)):
            index = min(m.start() + i * width // max(len(new), 1), m.end() - 1) if m.end() > m.start() else anchor
            out_origin.append(origin[index] if origin else 0)
        out.append(new)
        last = m.end()
    out.append(text[last:])
    out_origin.extend(origin[last:])
    return Prepared("".join(out), tuple(out_origin), prepared.original)


_FOLD_CHARS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "})


def folded(text: str) -> Prepared:
    """``fold_lines`` of the text, character by character so that the origin map is exact."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        piece = strip_accents(ch.translate(_FOLD_CHARS)).lower()
        chars.append(piece)
        origin.extend([i] * len(piece))
    prepared = Prepared("".join(chars), tuple(origin), text)
    prepared = sub(prepared, r"[^\S\n]+", " ")
    prepared = sub(prepared, r" ?\n ?", "\n")
    lead = len(prepared.text) - len(prepared.text.lstrip())
    end = len(prepared.text.rstrip())
    result = Prepared(prepared.text[lead:end], prepared.origin[lead:end], text)
    if result.text != fold_lines(text):  # a character whose fold depends on its neighbours: no exact map
        plain = fold_lines(text)
        return Prepared(plain, tuple(min(i, max(len(text) - 1, 0)) for i in range(len(plain))), text)
    return result


# --------------------------------------------------------------------------- instructions to the assistant

INJECTION = re.compile(
    r"(?i:\b(negeer|negeren|vergeet|ignore|disregard|overrule|omzeil)\b"
    r"|\b(zeg|antwoord|schrijf|bevestig|verklaar|say|tell|answer|respond)\b(\s+\w+){0,3}\s+(dat|that)\b"
    r"|\binstructies? (voor|aan) (de |het )?(assistent|chatbot|bot|ai|model|systeem)\b"
    r"|\b(notes?|instructions?) (for|to) the (assistant|chatbot|bot|ai|model|system)\b"
    r"|\bdoe (alsof|net alsof)\b|\b(je|jij) bent (nu|vanaf nu)\b|\bvanaf nu\b|\bsyste(e)?m ?(prompt|opdracht)\b"
    r"|\bjailbreak\b|\b(de )?regels (gelden|tellen) niet\b|\bantwoord (altijd|alleen|met)\b"
    r"|\bpretend\b|\bact as\b|\byou are now\b|\bkeur (dit|het|ons) goed\b)"
    # up to the end of the sentence: an unpunctuated injection may swallow facts, never add them
    r"(?:[^.!?\n]|(?<=\d)[.,](?=\d))*"
)

# --------------------------------------------------------------------------- English → the letter's Dutch
# One lexicon of English domain phrases; the Dutch readers then work on English messages too.
# Longer phrases are matched first; the Dutch side uses the words the readers know.
EN_NL: dict[str, str] = {
    # the fund by its English name is no form of the group ('this cooperative housing fund')
    "cooperative housing fund": "fonds cooperatief wonen", "co-operative housing fund": "fonds cooperatief wonen",
    "cooperative living fund": "fonds cooperatief wonen",
    "housing cooperative": "wooncooperatie", "housing co-op": "wooncooperatie", "housing coop": "wooncooperatie",
    "residents' cooperative": "wooncooperatie", "tenant cooperative": "wooncooperatie",
    "management cooperative": "beheercooperatie", "co-commissioning": "medeopdrachtgeverschap",
    "collective private commissioning": "cpo",
    "cooperative character": "cooperatief karakter", "co-operative": "cooperatie", "cooperative": "cooperatie",
    "property developer": "projectontwikkelaar", "real estate developer": "projectontwikkelaar",
    "developer": "projectontwikkelaar", "investor": "belegger", "investment fund": "belegger",
    "homeowners' association": "vve", "owners' association": "vve",
    "co-op": "cooperatie", "coop": "cooperatie",
    # 'housing association' is the usual English for a woningcorporatie; a group that says it is one, or adds
    # '(woonvereniging)', means the residents' association (see translate)
    "housing association": "woningcorporatie", "housing associations": "woningcorporaties",
    "residents' association": "woonvereniging", "residents association": "woonvereniging", "association": "vereniging",
    "management co-op": "beheercooperatie", "management coop": "beheercooperatie", "self-management": "zelfbeheer",
    "maintenance": "onderhoud", "management": "beheer", "taking over": "overnemen", "take over": "overnemen",
    "takes over": "overneemt", "housing corporation": "corporatie", "housing-corporation": "corporatie",
    "corporation": "corporatie", "stays": "blijft", "remains": "blijft", "stay": "blijven", "remain": "blijven",
    "block": "complex", "tenants": "huurders", "tenants'": "huurders",
    "care provider": "zorgaanbieder", "care organisation": "zorgorganisatie", "care organization": "zorgorganisatie",
    "driving force": "drijvende kracht", "residents": "bewoners", "seniors": "senioren", "future": "toekomstige",
    "take part": "doen mee", "takes part": "doet mee", "taking part": "doen mee", "participate": "doen mee",
    "together": "samen", "backs us": "steunt ons", "backs": "steunt", "is backing": "steunt", "supports": "steunt",
    "available": "beschikbaar", "sketch": "schets", "registered": "ingeschreven", "incorporated": "opgericht",
    "signed": "getekend", "backed": "gesteund", "reserved": "gereserveerd", "allocated": "toegewezen",
    # a part of a unit, before 'a' becomes 'een' word by word
    "half a million": "een half miljoen", "quarter of a million": "een kwart miljoen", "a quarter million": "een kwart miljoen",
    "every": "ieder", "each": "ieder", "its": "zijn", "their": "hun", "own": "eigen", "plot": "kavel", "on": "op",
    "rent": "huur", "buy": "kopen", "mixed tenure": "huur en koop", "rent and sale": "huur en koop",
    "rentals": "huurwoningen", "brand-new": "nieuwe", "brand new": "nieuwe",
    "we are": "wij zijn", "we're": "wij zijn", "our": "onze", "we": "wij", "i am": "ik ben", "i'm": "ik ben",
    "owner-occupied": "koop", "owner occupied": "koop", "for sale": "koop", "rental": "huur", "for rent": "huur",
    "renting": "verhuren", "rented": "verhuurd", "rents": "verhuurt", "renters": "huurders",
    "to the": "aan de", "to our": "aan onze", "to its": "aan zijn", "members": "leden", "households": "huishoudens",
    "selling": "verkopen", "sell": "verkopen", "sold": "verkocht", "owners": "eigenaren", "owner": "eigenaar",
    "social rent": "sociale huur", "rented out": "verhuurd", "rent out": "verhuren", "to rent": "te verhuren", "let out": "verhuren",
    "home": "woning", "house": "huis", "buying": "kopen", "bought": "gekocht",
    "homes": "woningen", "houses": "woningen", "dwellings": "woningen", "flats": "appartementen",
    "apartments": "appartementen", "units": "woningen",
    "new-build": "nieuwbouw", "new build": "nieuwbouw", "new construction": "nieuwbouw",
    "new": "nieuwe",
    "existing": "bestaande", "renovation": "renovatie", "renovate": "renoveren",
    "converting": "ombouwen", "convert": "ombouwen", "conversion": "transformatie", "converted": "omgebouwd",
    "transforming": "transformeren", "transform": "transformeren", "repurposing": "herbestemmen",
    "into": "tot", "office building": "kantoorpand", "office block": "kantoorpand", "office": "kantoor",
    "offices": "kantoren", "school": "school", "schools": "scholen", "school building": "schoolgebouw", "church": "kerk",
    "churches": "kerken", "chapel": "kapel", "factory": "fabriek", "factories": "fabrieken", "monastery": "klooster",
    "convent": "klooster", "barn": "schuur", "barns": "schuren", "farmhouse": "boerderij", "farm": "boerderij",
    "stable": "stal", "stables": "stallen", "warehouse": "pakhuis", "shop": "winkel", "hospital": "ziekenhuis",
    "town hall": "gemeentehuis", "city hall": "stadhuis", "barracks": "kazerne", "library": "bibliotheek",
    "care home": "verzorgingshuis", "nursing home": "verzorgingshuis", "retirement home": "bejaardenhuis",
    "police station": "politiebureau", "post office": "postkantoor", "sports hall": "sporthal", "gym": "gymzaal",
    "industrial building": "bedrijfspand", "commercial building": "bedrijfspand", "water tower": "watertoren",
    "former": "voormalige", "old": "oude",
    # building new: 'we're building 9 homes from scratch'
    "we're building": "wij bouwen", "we are building": "wij bouwen", "are building": "bouwen", "is building": "bouwt",
    "will build": "gaan bouwen", "to build": "te bouwen", "build": "bouwen", "builds": "bouwt", "from scratch": "nieuw",
    "plan phase": "planfase", "planning phase": "planfase", "design phase": "planfase",
    "phase": "fase", "stage": "fase", "design": "ontwerp", "in planning": "in de planfase", "in the planning": "in de planfase",
    "planning": "plannen",
    "construction phase": "bouwfase", "building phase": "bouwfase", "build phase": "bouwfase",
    "construction has started": "de bouw is gestart", "construction started": "de bouw is gestart",
    "under construction": "in aanbouw", "initiative phase": "initiatieffase",
    # the events of the phases and when they happen
    "construction": "bouw", "building work": "bouw", "builders": "aannemer", "builder": "aannemer",
    "contractor": "aannemer", "contractors": "aannemer", "on site": "op de bouwplaats", "underway": "in volle gang", "under way": "in volle gang",
    "foundations": "fundering", "we r": "wij zijn",
    "starts": "start", "start": "start", "started": "gestart", "begins": "begint", "began": "begonnen",
    "has begun": "is begonnen", "hasn't started": "is niet gestart", "has not started": "is niet gestart",
    "hasn't begun": "is niet begonnen", "soon": "binnenkort", "next week": "volgende week", "next month": "volgende maand",
    "next year": "volgend jaar", "as soon as": "zodra", "once": "zodra", "after": "na", "if": "als", "when": "wanneer", "later": "later", "drawing": "tekenen", "drawing up": "tekenen", "plans": "plannen",
    "permit": "vergunning", "granted": "verleend", "issued": "afgegeven", "pending": "in aanvraag",
    "permit application": "vergunningaanvraag",
    # negations before the verb's object keep their scope in Dutch word order ("hebben niet opgericht de vereniging")
    "haven't set up": "hebben niet opgericht", "have not set up": "hebben niet opgericht", "set up": "opgericht",
    "established": "opgericht", "haven't founded": "hebben niet opgericht", "have not founded": "hebben niet opgericht",
    "doesn't support": "steunt nog niet", "does not support": "steunt nog niet", "supports": "steunt",
    "still looking for": "nog op zoek naar", "looking for": "op zoek naar", "still": "nog",
    "no say": "geen zeggenschap", "a say": "zeggenschap", "foundation": "stichting", "feasibility": "haalbaarheid", "piles": "heipalen", "scaffolding": "steigers",
    "piling": "heien", "started piling": "begonnen met heien", "roof": "dak", "goes on": "gaat erop", "went on": "ging erop",
    "move in": "verhuizen erin", "moving in": "verhuizen erin", "mid-rent": "middenhuur", "mid-market rent": "middenhuur",
    "loan": "lening", "borrow": "lenen", "borrowing": "lenen", "financing": "financiering", "funding": "financiering",
    "we need": "wij hebben nodig", "need": "nodig", "needed": "nodig", "required": "nodig", "euros": "euro", "and": "en", "but": "maar", "between": "tussen", "with": "met",
    "founded": "opgerichte", "formed": "gevormde", "group": "groep", "backing": "steun", "a": "een", "an": "een", "from": "van", "support": "steun",
    "haven't found": "hebben niet gevonden", "have not found": "hebben niet gevonden", "yet": "nog",
    "own contribution": "eigen inleg", "own money": "eigen geld", "own funds": "eigen geld", "equity": "eigen inleg",
    "savings": "spaargeld", "ourselves": "zelf", "put in": "inleggen", "contribute": "inleggen",
    "putting in": "inleggen", "puts in": "inlegt", "will own": "kopen", "own their": "kopen hun",
    "bring in": "inbrengen", "bring": "inbrengen", "brings": "inbrengt", "bringing": "inbrengen",
    "municipality": "gemeente", "council": "gemeente", "location": "locatie", "site": "locatie",
    "have": "hebben", "has": "heeft", "lend": "lenen", "lends": "leent",
    "private individual": "particulier", "private person": "particulier",
    "is done": "is afgerond", "is complete": "is afgerond", "is completed": "is afgerond", "is finished": "is afgerond",
    "complete": "afgerond", "completed": "afgerond", "finished": "afgerond",
    # an amount 'of' what it is: '€18M of financing' (the Dutch 'of' means 'or')
    "of financing": "aan financiering", "of funding": "aan financiering", "of equity": "aan eigen inleg",
    "of own money": "aan eigen geld", "of own funds": "aan eigen geld", "of savings": "aan spaargeld",
    "not yet": "nog niet", "no": "geen", "not": "niet", "without": "zonder",
    "don't have": "hebben geen", "do not have": "hebben geen", "haven't got": "hebben geen",
    "dont have": "hebben geen", "don't have any": "hebben geen", "dont have any": "hebben geen",
    "do not have any": "hebben geen", "mil": "miljoen",
    "how much": "hoeveel", "how large": "hoe groot", "million": "miljoen", "thousand": "duizend", "percent": "procent",
}
_DUTCH_FUNCTION_WORDS = frozenset(STOPWORDS_DUTCH)
_EN_RE = re.compile(
    r"(?<![\w'-])(" + "|".join(re.escape(k) for k in sorted(EN_NL, key=len, reverse=True)) + r")(?![\w'-])"
)
_ENGLISH = re.compile(r"\b(the|we|our|are|is|and|with|of|for|have|has|in|phase|homes|loan|own|building|a|an|into|to|from"
                      r"|this|that|it|at|on|be|will|would|can|need|want|by|we're|i'm|i'd|we'd)\b")
_DUTCH = re.compile(r"\b(de|het|een|wij|we|zijn|met|van|voor|hebben|onze|en|fase|woningen|lening|eigen)\b")


def is_english(text: str) -> bool:
    """More English function words than Dutch ones ('we' and 'in' count for both)."""
    return len(_ENGLISH.findall(text)) > len(_DUTCH.findall(text))


# a housing association that is the speaker's own group, or named as a woonvereniging, is one
_SELF_ASSOCIATION = re.compile(r"\b(?P<self>we are an?|we're an?|we r an?|as an?) housing association\b"
                               r"|\bhousing association(?= \(?woonvereniging)")


# In a Dutch message with English words in it ('own contribution ca. 400k', 'we're in the permit phase') only the
# phrases none of whose words is also a Dutch function word are English for sure
_EN_IN_DUTCH_RE = re.compile(
    r"(?<![\w'-])(" + "|".join(re.escape(k) for k in sorted(EN_NL, key=len, reverse=True)
                                if not set(re.findall(r"[\w']+", k)) & _DUTCH_FUNCTION_WORDS) + r")(?![\w'-])"
)


def translate(prepared: Prepared) -> Prepared:
    """English domain phrases → the letter's Dutch words: all of them in a message that is mostly English, the
    unmistakably English ones in a Dutch message."""
    # a point before one or two digits and a million is a decimal point in either language: 2.4M → 2,4M
    prepared = sub(prepared, r"(?<=\d)\.(?=\d{1,2}\s*(m|mln|miljoen|million)\b)", ",")
    if not is_english(prepared.text):
        return sub(prepared, _EN_IN_DUTCH_RE, lambda m: EN_NL[m.group(1)])
    prepared = sub(prepared, r"(?<=\d),(?=\d{3}\b)", ".")  # 200,000 → 200.000 (English grouping)
    prepared = sub(prepared, _SELF_ASSOCIATION,
                   lambda m: f"{m.group('self')} woonvereniging" if m.group("self") else "woonvereniging")
    prepared = sub(prepared, _EN_RE, lambda m: EN_NL[m.group(1)])
    return sub(prepared, r"\bgeen (een|an?)\b", "geen")  # "don't have a site" → "hebben geen locatie"


# --------------------------------------------------------------------------- compounds and typos

# The domain lexicon: words the readers know. A long unknown word made of these is split into them.
LEXICON: frozenset[str] = frozenset(
    """
    wooncooperatie woonvereniging beheercooperatie cooperatie vereniging medeopdrachtgeverschap cpo
    huur koop huurwoning huurwoningen koopwoning koopwoningen woning woningen huis huizen appartement
    appartementen appartementencomplex woongebouw complex flat flats studio studios woonruimte wooneenheden
    nieuwbouw bouw bouwfase planfase fase project plan plannen transformatie renovatie verduurzaming
    kantoor kantoorpand kantoren school schoolgebouw kerk klooster fabriek kazerne pand gebouw boerderij
    ziekenhuis winkelpand winkel postkantoor bedrijfspand pakhuis loods
    midden sociale vrije sector senioren ouderen starters zorg
    belegging beleggings fonds ontwikkelaar project ontwikkeling
    """.split()
)
def split_compound(word: str) -> tuple[str, ...]:
    """The lexicon words a compound is made of, head last ('nieuwbouwkoopwoningen' → nieuwbouw, koopwoningen)."""
    return text_split_compound(word, LEXICON)


def split_compounds(prepared: Prepared) -> Prepared:
    """Split unknown compounds of lexicon words into those words."""

    def split(m: re.Match[str]) -> str:
        parts = split_compound(m.group(0))
        return " ".join(parts) if len(parts) > 1 else m.group(0)

    return sub(prepared, r"[a-z]{7,}", split)


# words a misspelt token is corrected to
TARGET_WORDS: tuple[str, ...] = (
    "wooncooperatie", "wooncooperaties", "woonvereniging", "woonverenigingen",
    "beheercooperatie", "beheercooperaties", "medeopdrachtgeverschap", "medeopdrachtgever",
    "projectontwikkelaar", "ontwikkelaar", "huurwoningen", "huurwoning", "koopwoningen",
    "koopwoning", "huurappartementen", "koopappartementen", "bouwfase", "planfase",
    "initiatieffase", "realisatiefase", "nieuwbouw", "nieuwbouwproject", "transformatie",
    "transformeren", "financiering", "financieringsbehoefte", "spaargeld", "vermogen",
    "gemeente", "locatie", "opgericht", "bestaande", "renovatie", "verduurzaming", "schoolgebouw",
    "kantoorpand", "klooster", "fabriek", "ombouwen", "verbouwen", "inleggen", "gemengd",
    "cooperatie", "cooperatief", "cooperatieve", "vereniging", "eigenaren", "eigenaars",
    "huurtoeslag",
)
# words that look like a target but must stay as they are
KEEP_WORDS: frozenset[str] = frozenset(
    {
        "financieren", "financiert", "gefinancierd", "initiatief", "initiatieven", "woningen",
        "woning", "bouwen", "gebouwd", "verbouwing", "ombouw", "cooperaties", "verenigingen",
        "gemeenten", "locaties", "bestaand", "bestaat", "bestaan", "transformaties", "opgezet",
        "ontwikkelaars", "ontwikkeling", "ontwikkelen", "vermogens", "huurders", "kopers",
        "eigenaar", "planning", "plannen", "bouwfasen", "planfasen", "gemengde", "verenigingen",
    }
)
_TARGET_SET = frozenset(TARGET_WORDS)


@lru_cache(maxsize=4096)
def correct_token(token: str) -> str:
    """The target word a misspelt token stands for, or the token itself."""
    if len(token) < 6 or token in _TARGET_SET or token in KEEP_WORDS or token in LEXICON:
        return token
    cutoff = 85 if len(token) >= 8 else 90
    best = process.extractOne(token, TARGET_WORDS, scorer=fuzz.ratio, score_cutoff=cutoff)
    if best is None:
        return token
    target = best[0]
    # a shorter or longer word ("appartementen" vs "huurappartementen") is not a typo
    if token in target or target in token or abs(len(token) - len(target)) > 2:
        return token
    return target


# Chat and note abbreviations of domain words ("woonver.", "init fase", "nw bouw", "fin 6,4 mln")
ABBREVIATIONS: dict[str, str] = {
    "woonver": "woonvereniging", "woonv": "woonvereniging", "init fase": "initiatieffase", "init": "initiatief",
    "nw bouw": "nieuwbouw", "nw": "nieuwe", "fin": "financiering", "ev": "eigen vermogen", "coop": "cooperatie",
    "zn": "z'n",
}
_ABBREVIATION = re.compile(r"(?<![\w'-])(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True))
                           + r")\.?(?![\w'-])")


@lru_cache(maxsize=256)
def prepare(text: str) -> Prepared:
    """The folded, injection-free, Dutch, compound-split, typo-corrected text with its origin map (cached: a
    chat turn is read by the router, the calculator and the fact reader; Prepared is immutable)."""
    prepared = folded(text)
    prepared = sub(prepared, INJECTION, " ")
    prepared = sub(prepared, r"(?<![\w'])'n\b", "een")  # the spoken article: "'n ton", "'n woning"
    prepared = translate(prepared)  # first: 'housing coop' is one English phrase, not an abbreviation
    prepared = sub(prepared, _ABBREVIATION, lambda m: ABBREVIATIONS[m.group(1)])
    prepared = sub(prepared, r"\bfonds\s+cooperatief\s+wonen\b", "fonds")
    prepared = sub(prepared, r"[a-z]+", lambda m: correct_token(m.group(0)))
    return split_compounds(prepared)


def fix_typos_text(text: str) -> str:
    """Correct misspelt key words in already folded text ("bouwfaze", "woonkooperatie", "huurwonigen")."""
    return re.sub(r"[a-z]+", lambda m: correct_token(m.group(0)), text)
