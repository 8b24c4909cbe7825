"""Domain glossary: English and informal words → the Dutch words of the sources (for BM25 only).

The embedding model is multilingual, BM25 is not; this small table lets an English question
reach the Dutch passages lexically as well.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from assistent.text import fold, tokens
from assistent.text.analysis import split_compound

# English phrase → Dutch terms as they occur in the sources. Longer phrases first when matched.
EN_NL: dict[str, str] = {
    "housing cooperative": "wooncoöperatie",
    "housing cooperatives": "wooncoöperaties",
    "housing co-op": "wooncoöperatie",
    "co-op": "coöperatie",
    "cooperative": "coöperatie coöperatief",
    "cooperatives": "coöperaties",
    "fund": "fonds",
    "own contribution": "eigen inleg",
    "own funds": "eigen inleg",
    "own money": "eigen inleg",
    "own capital": "eigen inleg",
    "equity": "eigen inleg",
    "down payment": "eigen inleg",
    "contribution": "inleg bijdrage",
    "mortgage": "hypotheek",
    "loan": "lening",
    "loans": "leningen",
    "lend": "leningen verstrekt",
    "financing": "financiering financieren",
    "finance": "financiering financieren",
    "funding": "financiering",
    "subsidy": "subsidie",
    "grant": "subsidie",
    "bank": "bank banken",
    "banks": "banken",
    "municipality": "gemeente",
    "interest rate": "rente", "interest rates": "rente", "interest": "interesse belangstelling",
    "municipalities": "gemeenten",
    "council": "gemeente",
    "land": "grond",
    "land price": "grondprijs",
    "land prices": "grondprijzen",
    "ground lease": "erfpacht",
    "leasehold": "erfpacht",
    "plot": "kavel",
    "plots": "kavels",
    "site": "locatie",
    "sites": "locaties",
    "location": "locatie",
    "locations": "locaties",
    "zoning plan": "omgevingsplan",
    "environment plan": "omgevingsplan",
    "didam ruling": "didam-arrest",
    "didam judgment": "didam-arrest",
    "rent": "huur",
    "rental": "huur huurwoningen",
    "rented": "huur",
    "tenant": "huurder",
    "tenants": "huurders",
    "social housing": "sociale huur",
    "social rent": "sociale huur sociale huurwoningen",
    "housing association": "woningcorporatie",
    "housing associations": "woningcorporaties corporaties",
    "owner-occupied": "koopwoningen koop",
    "purchase": "koop",
    "buy": "koop kopen",
    "homes": "woningen",
    "houses": "woningen",
    "dwellings": "woningen",
    "affordable": "betaalbare betaalbaar",
    "middle income": "middeninkomen",
    "middle incomes": "middeninkomen",
    "build phase": "bouwfase",
    "construction phase": "bouwfase",
    "building phase": "bouwfase",
    "construction": "bouw",
    "planning phase": "planfase",
    "plan phase": "planfase",
    "initiative phase": "initiatieffase",
    "new build": "nieuwbouw",
    "new construction": "nieuwbouw",
    "conversion": "transformatie",
    "transformation": "transformatie",
    "housing benefit": "huurtoeslag",
    "rent allowance": "huurtoeslag",
    "rent subsidy": "huurtoeslag",
    "cost-sharing": "kostendelersnorm",
    "cost sharing": "kostendelersnorm",
    "welfare": "bijstandsuitkering participatiewet",
    "benefits": "uitkeringen",
    "corporate tax": "vennootschapsbelasting",
    "corporation tax": "vennootschapsbelasting",
    "corporate income tax": "vennootschapsbelasting",
    "transfer tax": "overdrachtsbelasting",
    "gift tax": "schenkbelasting",
    "water board": "waterschapsbelasting",
    "energy tax": "energiebelasting",
    "energy label": "energielabel",
    "price cap": "prijsplafond",
    "valuation": "taxatie taxatierichtlijn",
    "appraisal": "taxatie taxatierichtlijn",
    "valuation guideline": "taxatierichtlijn",
    "definition": "definitie",
    "law": "wet wetgeving",
    "legislation": "wetgeving",
    "housing act": "woningwet",
    "tenancy protection": "huurbescherming",
    "rent protection": "huurbescherming",
    "membership": "lidmaatschap",
    "statutes": "statuten",
    "articles of association": "statuten",
    "shared facilities": "delen voorzieningen",
    "sharing facilities": "delen voorzieningen",
    "management cooperative": "beheercoöperatie",
    "management cooperatives": "beheercoöperaties",
    "solidarity contribution": "solidariteitsbijdrage",
    "revolving": "revolveren revolverende",
    "repay": "terugbetaald",
    "paid back": "terugbetaald",
    "allocation": "toewijzing toewijzen",
    "training": "opleiding",
    "course": "opleiding",
    "civil servants": "gemeenteambtenaren",
    "guide": "handreiking",
    "knowledge guide": "kenniswijzer",
    "toolbox": "toolbox",
    "care": "zorg",
    "elderly": "ouderen",
    "obstacles": "belemmeringen",
    "barriers": "belemmeringen",
    "how much money": "miljoen subsidie",
    "how many homes": "woningen gerealiseerd",
    "when": "wanneer",
    "set up": "opzetten opgericht",
    "discount": "korting",
    "experiment": "experiment regeling",
    "register": "registratie huurregister",
    "quality mark": "keurmerk coopkeur",
    "wmo": "wmo wet maatschappelijke ondersteuning",
    # the letter's further vocabulary: membership and tenancy, energy, money and politics, land, support
    "member": "lid lidmaatschap", "members": "leden lidmaatschap", "association": "vereniging",
    "quits": "opzeggen stapt", "quit": "opzeggen stapt", "leaves the association": "uit de vereniging stapt",
    "lease": "huurovereenkomst huurcontract", "tenancy agreement": "huurovereenkomst huurcontract",
    "exception": "uitzondering", "exceptions": "uitzondering", "exempt": "uitzonderen vrijstelling",
    "exemption": "uitzonderen vrijstelling", "ban": "niet toegestaan", "not allowed": "niet toegestaan",
    "block connection": "blokaansluiting", "block connections": "blokaansluiting",
    "shared connection": "gedeelde aansluiting", "energy supplier": "energieleverancier", "student housing": "studentenhuizen",
    "million": "miljoen", "come from": "komt uit middelen", "comes from": "komt uit middelen", "money": "middelen",
    "amendment": "amendement", "amendments": "amendementen", "budget": "begroting", "cabinet": "kabinet",
    "government": "kabinet", "parliament": "kamer", "house of representatives": "tweede kamer", "motion": "motie",
    "bill": "initiatiefwet wetsvoorstel", "private member's bill": "initiatiefwet", "tax": "belasting",
    "taxes": "belastingen", "valuer": "taxateur", "valuers": "taxateurs", "self-contained": "zelfstandige",
    "non-self-contained": "onzelfstandige", "room rental": "kamergewijze verhuur", "rooms": "kamers",
    "social assistance": "bijstand participatiewet", "benefit": "uitkering toeslag", "selection criteria": "selectiecriteria",
    "selection criterion": "selectiecriterium", "developer": "ontwikkelaar", "developers": "ontwikkelaars",
    "property right": "eigendomsrecht", "ownership": "eigendom", "landowner": "grondeigenaar",
    "area development": "gebiedsontwikkeling", "pioneer group": "koplopergroep", "frontrunners": "koplopergroep",
    "leading group": "koplopergroep", "province": "provincie", "provinces": "provincies", "impact fund": "impactfonds",
    "leverage": "hefboom", "modal income": "modaal", "tender": "subsidietender", "carry out": "uitvoeren",
    "run the fund": "uitvoeren", "run by": "uitgevoerd door", "runs": "uitvoeren", "running": "uitvoeren",
    "registration": "registratie", "legal definition": "wettelijke definitie",
    "residents": "bewoners", "resident": "bewoner", "older people": "ouderen", "seniors": "ouderen",
    "co-commissioning": "medeopdrachtgeverschap", "collective private commissioning": "cpo collectief particulier opdrachtgeverschap",
    "financing desk": "financieringsloket", "desk": "loket", "letter": "brief", "report": "rapport",
    "support": "steun ondersteunen", "selling": "verkoopregels verkoop", "sale": "verkoop", "sales scheme": "verkoopregeling",
    "priorities": "belangrijkste", "main": "belangrijkste", "structured": "gaat eerst in op paragrafen",
    "discuss": "ga ik in op", "discusses": "gaat in op", "scrapped": "afschaffen", "scrap": "afschaffen",
    "abolished": "afschaffen", "abolish": "afschaffen", "cost-sharing rule": "kostendelersnorm",
    "cost sharing rule": "kostendelersnorm", "study": "verkenning onderzoek", "review": "verkenning",
    # the letter's institutions by their English names
    "tax administration": "belastingdienst", "tax authority": "belastingdienst", "tax authorities": "belastingdienst",
    "tax office": "belastingdienst", "social affairs": "szw", "social affairs and employment": "szw",
    "housing ministry": "ministerie van vro", "ministry of housing": "ministerie van vro",
    "enterprise agency": "rijksdienst voor ondernemend nederland rvo",
    "register of real estate valuers": "nederlands register van vastgoed taxateurs nrvt",
}

# Informal or alternative Dutch → the words of the sources.
NL_NL: dict[str, str] = {
    "eigen geld": "eigen inleg",
    "eigen inbreng": "eigen inleg",
    "inbreng": "inleg",
    "eigen vermogen": "eigen inleg",
    "inleggen": "inleg",
    "lenen": "lening leningen financiering",
    "hypotheek": "hypotheek",
    "woco": "woningcorporatie",
    # the clipped form, also in compounds: 'beheercoop', 'huurcoops' (not 'wooncoop': 'woon' is no word of the sources)
    "coop": "coöperatie",
    "corporatie": "woningcorporatie",
    "didam": "didam-arrest",
    "vpb": "vennootschapsbelasting",
    "huurtoeslag": "huurtoeslag",
    "erfpacht": "erfpacht",
    "ambtenaren": "gemeenteambtenaren",
    "cursus": "opleiding",
    "vrijstellen": "uitzonderen", "vrijstelling": "uitzonderen", "vrijgesteld": "uitzonderen",
    "vrijstel": "uitzonderen",  # with its inflections: vrijstelt
    # running a fund or a scheme is what the sources call carrying it out
    "beheert": "uitvoeren", "beheren": "uitvoeren", "beheerd": "uitgevoerd", "beheerder": "uitvoeren",
}

_PHRASES = sorted({**EN_NL, **NL_NL}.items(), key=lambda kv: -len(kv[0]))
# a Dutch word of the glossary also in its inflected forms ('inbreng' — 'inbrengen', 'inbrengt')
_NL_INFLECTION = r"(?:en|t|e|s|d|de|den|te|ten)?"
# (the folded phrase, its pattern, its terms): the phrase's text must occur before its pattern is tried
# an English noun of the glossary, or a phrase's last word, also in its plural ('grant' — 'grants'), unless the
# glossary gives that plural itself (not a verb's forms: 'land' is no 'landed', 'fund' no 'funded')
_EN_PLURAL = r"(?:s|es)?"


def _inflection(k: str) -> str:
    if k in EN_NL:
        return "" if {f"{k}s", f"{k}es"} & EN_NL.keys() else _EN_PLURAL
    return _NL_INFLECTION if " " not in k else ""


_PATTERNS = [(fold(k), re.compile(r"(?<!\w)" + re.escape(fold(k)) + _inflection(k) + r"(?!\w)"), v)
             for k, v in _PHRASES]


# the English words of the glossary: in an English question they are the words of a translated term, not a name,
# however capitalised ('the Social Support Act (Wmo)', 'the Housing and Care scheme')
# (not the words the Dutch side has too: 'wmo' is the Wmo in both languages)
ENGLISH_WORDS: frozenset[str] = frozenset(w for phrase in EN_NL for w in phrase.split() if w.isalpha()) - frozenset(
    fold(w) for terms in EN_NL.values() for w in terms.split())


def _candidates(folded: str) -> Iterator[tuple[re.Pattern[str], str]]:
    """(pattern, source-language terms) of each glossary phrase whose text occurs in a folded text; its pattern
    (word bounds, inflections) is still to be tried."""
    return ((pat, v) for phrase, pat, v in _PATTERNS if phrase in folded)


def expand(query: str) -> str:
    """The query plus the source-language terms of every glossary phrase it contains."""
    folded = fold(query)
    extra = [v for pat, v in _candidates(folded) if pat.search(folded)]
    return query if not extra else query + " " + " ".join(extra)


def glossed(text: str) -> frozenset[str]:
    """The words of a text that a glossary phrase covers: words the sources do not use, but the glossary gives
    theirs for ('eigen geld' — eigen inleg, 'inbrengen' — inleg, 'budget' — begroting)."""
    folded = fold(text)
    return frozenset(w for pat, _ in _candidates(folded) for m in pat.finditer(folded) for w in tokens(m.group(0)))


# the single words the glossary knows, as parts a compound may be made of ('belasting|vrijstelling')
_GLOSSARY_WORDS = frozenset(fold(k) for k in {**EN_NL, **NL_NL} if " " not in k and "-" not in k)


def expand_compounds(query: str, vocabulary: frozenset[str]) -> str:
    """`expand`, and for a compound the sources do not use, the words it is made of and their glossary terms
    ('belastingvrijstelling' → belasting vrijstelling uitzonderen)."""
    parts = [p for w in tokens(query) if len(w) >= 7 and w not in vocabulary
             for p in split_compound(w, _lexicon(vocabulary)) if p != w]
    return expand(query) + (" " + expand(" ".join(parts)) if parts else "")


@lru_cache(maxsize=8)
def _lexicon(vocabulary: frozenset[str]) -> frozenset[str]:
    """The sources' words and the glossary's, made once per vocabulary (a search index's, a corpus profile's)."""
    return vocabulary | _GLOSSARY_WORDS


# the sources' Dutch (a word or a phrase: 'eigen inleg') → the first English the glossary gives for it; a value
# of several words is one phrase, unless its words are forms of one word ('lening leningen')
_NL_EN: dict[str, str] = {}
for _en, _nl in EN_NL.items():
    if re.match(r"(how|what|when|who|why|which|where|is|are|do|does|can)\b", _en):
        continue  # a question's wording, for search only ('how much money'), is no translation
    _words = fold(_nl).split()
    for _term in (_words if len({w[:4] for w in _words}) == 1 else [" ".join(_words)]):
        _NL_EN.setdefault(_term, _en)
_NL_EN_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(_NL_EN, key=len, reverse=True)) + r")\b")


def english_terms(text: str, limit: int = 6) -> list[tuple[str, str]]:
    """(Dutch, English) for the glossary's words and phrases in a Dutch text, in their order there: what an
    English reader needs to follow a quote ('hypotheek' — mortgage, 'eigen inleg' — own contribution)."""
    found: dict[str, str] = {}
    for m in _NL_EN_RE.finditer(fold(text)):
        term, en = m.group(1), _NL_EN[m.group(1)]
        # not a cognate an English reader reads anyway ('banken' — bank, 'financiering' — finance)
        if len(term) >= 5 and not term.startswith(fold(en)[:4]):
            found.setdefault(term, en)
    return list(found.items())[:limit]


def translations_in(text: str) -> list[tuple[str, str]]:
    """(phrase as folded in the text, the source-language terms) for every glossary phrase in a text."""
    folded = fold(text)
    return [(m.group(0), v) for phrase, pat, v in _PATTERNS if phrase in folded for m in pat.finditer(folded)]
