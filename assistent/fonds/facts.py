"""Dutch (and English) free text → ``Facts`` for the eligibility rules, each fact with the words it was read from.

No model: lexicons of the letter's concepts (organisation forms and their definitions, tenure
words, building types, events of the plan and build phases, the parts of the initiative phase),
a negation and uncertainty scope, compound splitting and typo tolerance (``reader``). What the
text does not clearly say stays None: a wrong fact stated confidently is worse than a question
back to the user. Instructions aimed at the assistant are removed before reading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from collections.abc import Sequence
from typing import Any

from assistent.fonds.reader import Prepared, correct_token, fix_typos_text, prepare
from assistent.fonds.rules import Facts
from assistent.text.numbers import (
    MULTIPLIERS,
    WORD_AMOUNT,
    completed_amount,
    fraction_percent,
    parse_number,
    word_amount,
    word_number,
)
from assistent.text.numbers import NUMBER as _NUM

__all__ = ["Reading", "read_facts", "parse_facts", "merge_facts", "looks_like_eligibility", "normalise", "prepare_text"]


@dataclass(frozen=True)
class Found:
    """A value read from the prepared text and the span it was read from."""

    value: Any
    start: int
    end: int


@dataclass
class Reading:
    """The facts of a message and, per fact, the user's words it was read from."""

    facts: Facts
    evidence: dict[str, str] = field(default_factory=dict)


def normalise(text: str) -> str:
    """The prepared text only (kept for callers that match on it)."""
    return prepare(text).text


def prepare_text(text: str) -> str:
    """Alias of ``normalise``."""
    return prepare(text).text


# --------------------------------------------------------------------------- scope: negation, uncertainty

_NEGATORS = {"geen", "niet", "zonder", "nooit", "noch"}
_CLAUSE_BREAK = re.compile(r"[,.;:!?()\n]|\s(maar|en|of|want|terwijl)\s")
_CLAUSE = re.compile(r"(?<!\d)[,.;:!?()](?!\d)|[.;!?,](?=\s|$)|\n|\s(maar(?!\s[\d€])|want|terwijl|omdat)\s")
_SENTENCE = re.compile(r"(?<!\d)[.!?;](?!\d)|[.!?;](?=\s|$)|\n")
# a clause that says the user does not know or has not decided: what it names is not a fact
_UNCERTAIN = re.compile(
    r"\b(weten|weet)( \w+){0,2} (nog )?niet\b|\bniet (zeker|duidelijk|bekend)\b|\bnog (onbekend|onduidelijk|open)\b"
    r"|\bonbekend\b|\btwijfel\w*\b|\bmisschien\b|\bwellicht\b|\bmogelijk(erwijs)?\b|\bnog (geen )?keuze\b"
    r"|\bnog niet (besloten|gekozen|beslist)\b|\bhangt (er )?(nog )?van af\b|\bof\b.*\bof\b|\bwelke fase\b"
    r"|\bin welke\b|\bals (we|wij) (ooit|later)\b|\bnog (\w+ )?(kiezen|beslissen|bepalen)\b"
)


def _before(text: str, start: int, width: int = 60) -> str:
    """The text of the same clause just before ``start``."""
    chunk = text[max(0, start - width) : start]
    parts = _CLAUSE_BREAK.split(chunk)
    return parts[-1] if parts else chunk


_DENIED_AFTER = re.compile(r"\b(is|zijn) er (\w+ )?(niet|geen)\b|\b(is|was) (er )?geen sprake\b|\bbestaa?t er (\w+ )?niet\b")


def _negated(text: str, start: int) -> bool:
    """True when the words just before ``start`` negate it ("geen koopwoningen")."""
    if re.search(r"\b(geen|niet|noch)\s(een\s)?([\w-]+\s){1,2}(of|en|noch)\s(een\s)?$", text[max(0, start - 60) : start]):
        # the negation reaches over a coordination: "nog geen vereniging of cooperatie", "geen gezamenlijk eigendom of
        # vereniging"
        return True
    # its existence denied later in the clause: "een cooperatie is er niet", "van een cooperatie is geen sprake"
    low, high = _containing(_spans(text, _CLAUSE), start)
    if _DENIED_AFTER.search(text, start, high):
        return True
    before = _before(text, start) or ""
    words = re.findall(r"[a-z']+", before)[-3:]
    if re.search(r"\b(in plaats van|ipv|i\.p\.v\.)\s*(\w+\s*){0,2}$", before):
        return True
    if "niet" in words and re.search(r"\bniet (alleen|enkel|uitsluitend)\b", before):
        return False
    return any(word in _NEGATORS for word in words)


def _spans(text: str, splitter: re.Pattern[str]) -> list[tuple[int, int]]:
    """The pieces of text between separators, as (start, end)."""
    spans, start = [], 0
    for m in splitter.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _containing(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    """The span that contains a position."""
    for start, end in spans:
        if start <= position < end:
            return start, end
    return spans[-1]


# a clause that refers back to the one before it: "…, dat weten we nog niet", "…; dat is nog onzeker"
_REFERS_BACK = re.compile(r"[,;:]\s*(dat|dit|that)\b")


def _uncertain(text: str, start: int) -> bool:
    """True when the clause around ``start``, or the next one that refers back to it, says the user does not know
    or has not decided."""
    spans = _spans(text, _CLAUSE)
    low, high = _containing(spans, start)
    if _UNCERTAIN.search(text, low, high):
        return True
    after = _REFERS_BACK.match(text, high)
    return bool(after) and bool(_UNCERTAIN.search(text, after.start(), _containing(spans, after.end())[1]))


_NOT_APPLICABLE = re.compile(r"[\w-]*\s*:?\s*(n\.?v\.?t\b|niet van toepassing\b|onbekend\b|nee\b)")


def _asserted(text: str, start: int) -> bool:
    """Neither negated (before, or 'n.v.t.' right after) nor inside an uncertain clause."""
    if _NOT_APPLICABLE.match(text, start):
        return False
    return not _negated(text, start) and not _uncertain(text, start)


def _mentions(text: str, pattern: str) -> list[re.Match[str]]:
    """All asserted matches of a pattern."""
    return [m for m in re.finditer(pattern, text) if _asserted(text, m.start())]


def _first(matches: list[re.Match[str]], value: Any) -> Found | None:
    """The first match as a Found."""
    return Found(value, matches[0].start(), matches[0].end()) if matches else None


# --------------------------------------------------------------------------- organisation form

_SELF = re.compile(
    r"(\bwij zijn|\bwe zijn|\bik ben|\bik vertegenwoordig|\bik werk (bij|voor)|\bnamens|\bals|\bonze|\bons|\bmijn"
    r"|\bik zit in|\bzijn wij|\bzijn we|\b(zijn|ben) (geen|niet)\b[\w\s'-]{0,40}\smaar"
    # members speak for their own group: "mijn man en ik zijn lid van woonvereniging 't Weefhuis"
    r"|\b(zijn|ben|is) (\w+ )?(lid|leden) van"
    # the speaker holds an office in the group: "penningmeester van woonvereniging De Toren"
    r"|\b(voorzitter|penningmeester|secretaris|bestuurslid|bestuurder|directeur|oprichter|initiatiefnemer)\s(van|bij))"
    r"(\s+[a-z'-]+){0,3}\s*$"
)
_FOREIGN = re.compile(
    r"\b(met|via|door|van|bij|voor|naast|tegen|dan|zoals|aan|in|samen met|andere)(\s+(een|de|het|die))?\s*$"
)
# 'onze corporatie' is the landlord of the speakers, not their group ('het beheer overnemen van onze corporatie')
_OUR = re.compile(r"\b(onze|ons|mijn)\s*$")
_LANDLORD = re.compile(r"corporatie|verhuurder")
_DWELLING = (r"(\w*woning\w*|\w*huis|\w*huizen|appartement\w*|\w*flat\w*|studio\w*|wooneenhe\w*|woonruimte\w*"
             r"|woongebouw\w*|\w*complex\w*|\w*hofje\w*|\w*blok|\w*blokken|townhouses?)")
_BEHEER_TAKEOVER = (
    r"\b(het )?(beheer|onderhoud)( en (het )?(onderhoud|beheer))? (\w+ ){0,5}"
    r"(overnemen|overneemt|over te nemen|overnamen|overgenomen|zelf (gaan )?doen|zelf (gaan )?regelen)\b"
    r"|\bovername van (het )?(beheer|onderhoud)\b|\bzelfbeheer\b|\bovernemen (van )?(het )?(beheer|onderhoud)\b"
    r"|\b(nemen|neemt|nam|namen)\b(\s\w+){0,3}\s(het )?(beheer|onderhoud)( en (het )?(onderhoud|beheer))?\s(\w+\s){0,4}over\b"
    r"|\bovernemen (\S+ ){0,2}(het )?(beheer|onderhoud)\b"  # English order: 'take over day-to-day management'
)
# what makes a group a beheercoöperatie (not what says its homes exist: a corporation may build them new)
_BEHEER_FORM = (
    _BEHEER_TAKEOVER
    + r"|\bzelf (het )?(beheer|onderhoud)( en (het )?(onderhoud|beheer))? (gaan )?(doen|regelen|verzorgen|uitvoeren)\b"
    # the letter's mark of a beheercoöperatie: the corporation stays the owner
    + r"|\b\w*corporatie\w* (blijft|blijven) (\w+ )?eigenaar\b"
)
_FORM_PATTERNS: tuple[tuple[str, str], ...] = (
    # the old name of a housing corporation, before its 'vereniging' can be read as a woonvereniging
    ("other", r"\bwoning\s?bouw\s?(vereniging|corporatie)\w*"),
    ("beheercooperatie", r"\bbeheer(s)?-?\s?cooperatie\w*|\bbeheercoop\b"),
    ("medeopdrachtgeverschap", r"\bmede-?\s?opdrachtgever\w*"),
    ("cpo", r"\bcpo'?s?\b|\bcpo-\w+|\bcollectie(f|ve) (particulier|privaat) opdrachtgeverschap\w*"),
    ("woonvereniging", r"\b(woon|bewoners)-?\s?vereniging\w*"),
    ("wooncooperatie", r"\bwoon-?\s?cooperatie\w*|\bwooncoop\b|\b(bewoners|huurders|woningbouw)\s?cooperatie\w*"),
    ("wooncooperatie", r"\bcooperatieve vereniging\b"),
    ("other", r"\bvve\b|\bvereniging van eigena(ren|ars)\b"),
    ("vereniging", r"\bvereniging\b(?! van eigena)"),
    ("wooncooperatie", r"(?<![-\w])cooperaties?\b"),
    # not a covered form; only counts when the user says it is what they are
    ("other", r"\b(project|vastgoed)\s?ontwikkelaar\w*|\b(commerciele )?ontwikkelaar\b|\b\w*belegg(er|ers|ings\s?fonds|ingsfonds)\b"),
    ("other", r"\binvesteerder\w*|\bpensioenfonds\b|\bvastgoed\s?(bedrijf|fonds|partij|onderneming)\b|\bbouwbedrijf\b"),
    ("other", r"\bvve\b|\bvereniging van eigena(ren|ars)\b|\bappartementseigenaren\b"),
    ("other", r"\bcommerciele (partij|organisatie|verhuurder)\b|\bparticuliere (verhuurder|belegger|investeerder)\b"),
    ("other", r"\bwoningcorporatie\b|\bbv\b|\bbesloten vennootschap\b"),
    ("other", r"\bparticulier\b(?!\s?opdrachtgever)"),
)
_CPO_NOT_COOP = re.compile(
    r"\b(zonder|geen|niet)( een)? cooperatie(f|ve)?( \w+)?\b|\bniet cooperatief\b"
    r"|\b(gewone|klassieke|traditionele|reguliere) cpo\b"
    r"|\b(ieder(e|een)?|elk(e)?)( \w+){0,4} (zijn|z'n|haar|hun|een) eigen (\w+ )?\w*(huis|woning|kavel|koopwoning|kavels)\b"
)
_CPO_COOP = re.compile(r"\bcooperatie(f|ve)?\b|\bcooperaties?\b|\bwooncooperatie\w*|\bop cooperatieve (basis|leest)\b"
                       # owned or managed together after completion: the cooperative character
                       r"|\bsamen (\w+ ){0,2}(eigenaar|beheren|beheerder|beheer)\b|\bgezamenlijk (eigendom|beheer)\b")
# medeopdrachtgeverschap in the letter's words: a social entrepreneur leads, residents take part together
_MEDE_LEAD = (
    # the user speaks as the social entrepreneur and develops together with the residents
    r"\b(wij zijn|we zijn|als|namens) (een |de )?(\w+ ){0,2}(\w*zorg\w*|maatschappelijk\w* (ondernem\w*|organisatie\w*))\b"
    r"(\s\w+){0,4}\s(samen met|met een groep|met de (toekomstige )?bewoners)\b"
    r"|\b(maatschappelijk\w* (ondernemer|onderneming|organisatie)\w*|zorgaanbieder\w*|zorgorganisatie\w*"
    r"|zorginstelling\w*|zorgpartij\w*|zorgondernem\w*|zorgcooperatie\w*|woonzorg\w*)\b(\s\w+){0,8}\s(drijvende kracht"
    r"|trekker|trekt|neemt het (initiatief|voortouw)|het voortouw|de regie|initiatiefnemer|opdrachtgever|leidt|voorop)\b"
    r"|\b(drijvende kracht|trekker)\b(\s\w+){0,4}\s(maatschappelijk\w* ondernem\w*|zorg\w*)"
)
# a care organisation the user speaks for ('als zorgstichting', 'ik ben directeur van een zorgstichting', 'wij zijn
# zorgaanbieder …'): with residents who take part, the letter's social entrepreneur
_CARE_ORG = (r"\b(\w*zorg(stichting|aanbieder|organisatie|instelling|partij|ondernem\w*|cooperatie|groep)\w*"
             r"|stichting (\w+ ){0,3}\w*zorg)\b")
# the social entrepreneur and the residents as one subject that develops together
_MEDE_JOINT = (
    r"\b(maatschappelijk\w* (ondernemer|onderneming|organisatie)\w*|zorgaanbieder\w*|zorgorganisatie\w*|zorginstelling\w*"
    r"|zorgpartij\w*)\s(en|met)\s(de\s)?(toekomstige\s)?(bewoners|ouderen|senioren|huurders)\s(\w+\s)?(ontwikkelen|bouwen"
    r"|realiseren|maken|werken)\s(\w+\s)?samen\b"
)
_MEDE_RESIDENTS = (
    r"\b(bewoners|ouderen|senioren|deelnemers|leden)\b(\s\w+){0,6}\s(betrokken|beslissen|denken|doen|praten)\b"
    r"|\b(beslissen|denken|praten|beslist|denkt)\b(\s\w+){0,3}\smee\b|\bmee(beslissen|denken|praten|beslist)\b"
    r"|\b(zeggenschap|inspraak)\b|\b(groep|club) (\w+ )?(bewoners|ouderen|senioren)\b"
    r"|\bsamen met (de |een groep )?(toekomstige )?(bewoners|ouderen|senioren|huurders)\b"
)


# the negation after the form: "(we hebben) de vereniging nog niet opgericht", "een coöperatie bestaat nog niet"
_NOT_FOUNDED = re.compile(
    r"\s(is\s|zijn\s|wordt\s|(hebben|heeft|hebt) (we|wij|ze|zij|jullie)\s)?(nog\s|ook\s)?(niet|nooit)\s(\w+\s)?"
    r"(opgericht|gevormd|opgezet|gestart)\b"
    r"|\s(bestaat|bestaan)\s(nog\s)?(niet|nog niet)\b"
)


# legal forms of a group that are none of the letter's forms (weighed after medeopdrachtgeverschap: a care
# foundation that develops with its residents is the letter's medeopdrachtgeverschap)
_LEGAL_OTHER = r"\b\w*stichting\b|\bfoundation\b"
_NO_SAY = (
    r"\b(geen|zonder) (\w+ )?(zeggenschap|inspraak|leden|ledenraad|ledenvergadering)\b"
    r"|\b(bewoners|huurders|leden|deelnemers)\b(\s\w+){0,4}\s(niet|geen)\s(betrokken|mee\w*|zeggenschap|inspraak)\b"
)


@dataclass(frozen=True)
class _Mention:
    """One mention of an organisation form in the text."""

    form: str
    start: int
    end: int
    self_identified: bool
    foreign: bool


def _form_mentions(text: str) -> list[_Mention]:
    """Every asserted mention of an organisation form, with its role in the sentence."""
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in _FORM_PATTERNS:
        for m in re.finditer(pattern, text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if _negated(text, m.start()) or _uncertain(text, m.start()) or _NOT_FOUNDED.match(text, m.end()):
                continue
            before = text[max(0, m.start() - 50) : m.start()]
            ours = form == "other" and bool(_LANDLORD.search(m.group(0)) and _OUR.search(before))
            self_id = bool(_SELF.search(before)) and not ours
            # building "in medeopdrachtgeverschap" or "in CPO" is the way the group builds, no other party
            way = form in ("medeopdrachtgeverschap", "cpo") and bool(re.search(r"\bin\s*$", before))
            foreign = ours or (bool(_FOREIGN.search(before)) and not self_id and not way)
            found.append(_Mention(form, m.start(), m.end(), self_id, foreign))
    return sorted(found, key=lambda mention: mention.start)


def _cpo_form(text: str, start: int) -> str | None:
    """A CPO with cooperative character, one without, or None when its sentence does not say."""
    low, high = _containing(_spans(text, _SENTENCE), start)
    whole = (0, len(text))
    for window in ((low, high), whole):
        if _CPO_NOT_COOP.search(text, *window):
            return "other"
        if any(not _negated(text, m.start()) for m in _CPO_COOP.finditer(text, *window) if m.start() != start):
            return "cpo_cooperatief"
    return None


def read_organisation_form(text: str) -> Found | None:
    """The initiative's organisation form."""
    mentions = _form_mentions(text)
    covered = [m for m in mentions if m.form != "other" or m.self_identified]
    # a bare 'vereniging' is a woonvereniging only when no more specific form is named
    if any(m.form != "vereniging" for m in covered):
        covered = [m for m in covered if m.form != "vereniging"]
    covered = [_Mention("woonvereniging", m.start, m.end, m.self_identified, m.foreign) if m.form == "vereniging" else m
               for m in covered]
    chosen = [m for m in covered if m.self_identified] or [m for m in covered if not m.foreign]
    takeover = _mentions(text, _BEHEER_FORM)
    # the letter's beheercoöperatie: a group that only takes over management and maintenance
    if takeover:
        first = chosen[0] if chosen else None
        if first is not None and first.form in ("beheercooperatie", "wooncooperatie"):
            return Found("beheercooperatie", min(first.start, takeover[0].start()), max(first.end, takeover[0].end()))
        if first is None and _FIRST_PERSON.search(text):
            return Found("beheercooperatie", takeover[0].start(), takeover[0].end())
    if not chosen:
        lead = re.search(_MEDE_LEAD, text) or next(
            (m for m in re.finditer(_CARE_ORG, text) if _SELF.search(text[max(0, m.start() - 50) : m.start()])), None)
        residents = re.search(_MEDE_RESIDENTS, text)
        if lead and residents and _asserted(text, lead.start()):
            return Found("medeopdrachtgeverschap", min(lead.start(), residents.start()), max(lead.end(), residents.end()))
        joint = re.search(_MEDE_JOINT, text)
        if joint and _asserted(text, joint.start()):
            return Found("medeopdrachtgeverschap", joint.start(), joint.end())
        # a legal form the letter does not name, said of the initiative itself, where the residents are said to
        # have no say (a bare "wij zijn een stichting" may be medeopdrachtgeverschap: asked, not answered)
        legal = [m for m in re.finditer(_LEGAL_OTHER, text) if _SELF.search(text[max(0, m.start() - 50) : m.start()])
                 and not _negated(text, m.start())]
        if legal and re.search(_NO_SAY, text) and not _mentions(text, _MEDE_RESIDENTS):
            return Found("other", legal[0].start(), legal[0].end())
        return None
    # a CPO that calls itself cooperative ('coöperatieve CPO', 'we beheren samen als coöperatie') is the
    # cooperative CPO, not a wooncoöperatie
    first = next((m for m in covered if m.form == "cpo" and not m.foreign), chosen[0])
    if first.form == "cpo":
        form = _cpo_form(text, first.start)
        return None if form is None else Found(form, first.start, first.end)
    return Found(first.form, first.start, first.end)


# --------------------------------------------------------------------------- tenure

_HUUR = (
    # (not a barn: 'graanschuur' holds the letters of 'huur')
    r"\b(?!huurtoeslag|huurbescherming|huurregister|huurprijs|huurverhoging|huurcommissie)(?!\w*schuur)\w*huur\w*"
    r"|\b(ver)?huren\b|\bverhuurd\b|\bverhuur\b|\bcorporatie\s?(complex|woning|woningen|bezit|flat)\w*"
)
# a count of homes in digits or in words
_COUNT_WORD = (r"\d+|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien"
               r"|zeventien|achttien|negentien|twintig|\w+tig")
_KOOP = (
    # (the noun alone after 'de' is a purchase: "de koop (van het pand) is rond")
    r"\bkoop(?!kracht|t\b|erat|handel|je\b|jes\b|\b)\w+|(?<!\bde )\bkoop\b|\bkopers\b|\bte koop\b"
    r"|\b(deel|helft|rest|woning|woningen|huis|huizen|appartement\w*)(\s\w+){0,3}\s(wordt |worden )?(verkocht|verkopen)\b"
    # a number of the homes sold: "acht worden aan particulieren verkocht", "worden negen daarvan verkocht",
    # "twee verkopen we" (a building sold to the group has no number: "het pand is aan ons verkocht")
    rf"|\b({_COUNT_WORD}|daarvan|ervan|overige|andere)\s(\w+\s){{0,3}}(verkocht|verkopen|verkopen we|verkoopt)\b"
    rf"|\b(verkopen|verkoopt|verkocht)\s(\w+\s)?(de\s)?(overige\s|andere\s)?({_COUNT_WORD})\b(?!\s(euro|procent|%|mln|miljoen))"
    # the verb first: "(en) verkopen de woningen daarna aan de bewoners"
    # (only when the buyers are households: a sale to the cooperative itself says nothing of the tenure)
    r"|\b(verkopen|verkoopt|verkochten)\s(de\s|het\s|alle\s|onze\s)?(\w+\s)?(\w*woning\w*|huizen|appartement\w*)\s"
    r"(\w+\s){0,2}aan (de |hun |onze )?(\w+ )?(bewoners|kopers|leden|deelnemers|huishoudens|particulieren|gezinnen"
    r"|mensen|starters|senioren|gegadigden)\b"
    # every household owns its own home: "ieder koopt z'n eigen huis", "iedereen wordt eigenaar van zijn woning"
    # (a VvE says who manages a building, not how its homes are held: no tenure)
    r"|\b(koopt|kopen|kocht|kochten)\b(\s\w+){0,3}\s(zijn|z'n|haar|hun|d'r) eigen (\w+ )?(\w*huis|\w*woning|appartement|kavel)\w*"
    r"|\b(zijn|z'n|haar|hun|d'r) eigen (\w+ ){0,3}(\w*huis|\w*woning|appartement|kavel)\w* (koopt|kopen|kocht|kochten)\b"
    # owning one's own home: "verwerven de eigendom van hun eigen woning", "die ze zelf bewonen als eigenaar"
    r"|\b(eigenaar|eigenaren|eigendom)\s(\w+\s){0,2}(zijn|z'n|haar|hun|d'r)\s(eigen\s)?(\w+\s)?(\w*huis|\w*woning|appartement)\w*"
    r"|\b(bewonen|bewoont|wonen|woont)\s(ze\s|zij\s|we\s|wij\s)?als\s(eigenaar|eigenaren)\b"
    # a number of the homes the members or residents buy: "10 verhuren we aan leden, 6 kopen leden zelf"
    r"|\b\d+\s(kopen|koopt)\s(de\s)?(leden|bewoners|huishoudens|deelnemers|kopers)\b"
    r"|\b(leden|bewoners|huishoudens|deelnemers)\s(kopen|koopt)\s(er\s)?(\d+|zelf|hun)\b"
    # the homes the members will buy: "nieuwe woningen die de leden straks zelf kopen"
    r"|\b(\w*woning\w*|huizen|appartement\w*)\s(\w+\s)?(die|welke)\s(de\s)?(leden|bewoners|huishoudens|deelnemers)\s(\w+\s){0,2}"
    r"(kopen|koopt)\b"
    r"|\beigena(ar|ren|ars)\s(\w+\s){0,2}(van\s)?(zijn|z'n|haar|hun|d'r|een) (eigen )?(\w*huis|\w*woning|appartement)\w*"
)


def read_tenure(text: str) -> Found | None:
    """Huur, koop or gemengd (both asserted)."""
    # "huur of koop": the choice is still open, neither is said
    either = rf"(?:{_HUUR}|{_KOOP}|\bkopen\b)"
    open_choice = [m.span() for m in re.finditer(rf"{either}-?\s(?:of|or)\s{either}", text)]
    # an open choice said of the initiative outweighs what its homes are now ("onze huurwoningen overkopen;
    # of we daarna huren of kopen, zoeken we nog uit"): the tenure is not known
    if any(_uncertain(text, a) or re.search(r"\b(nog|later|daarna)\b", text[a:b + 40]) for a, b in open_choice):
        return None
    huur = [m for m in _mentions(text, _HUUR) if not any(a <= m.start() < b for a, b in open_choice)]
    koop = [m for m in _mentions(text, _KOOP) if not any(a <= m.start() < b for a, b in open_choice)]
    if huur and koop:
        start, end = min(huur[0].start(), koop[0].start()), max(huur[0].end(), koop[0].end())
        return Found("gemengd", start, end)
    return _first(huur, "huur") or _first(koop, "koop")


# --------------------------------------------------------------------------- project type

_NON_RESIDENTIAL = (
    r"\b\w*(kantoor|kantoren|school|klooster|fabriek|kerk|kazerne|bedrijfspand|bedrijfshal"
    r"|winkelpand|winkelcentrum|winkel|pakhuis|loods|ziekenhuis|gemeentehuis|stadhuis|postkantoor"
    r"|bankgebouw|gevangenis|watertoren|sporthal|bibliotheek|hotel|boerderij|schuur|zorgcentrum"
    r"|verzorgingshuis|bejaardenhuis|politiebureau|kapel|silo|garage|werkplaats|fabrieks|bedrijfsgebouw"
    r"|bedrijventerrein|industriepand|monument|zuivelfabriek|remise|veiling|gymzaal|clubhuis|schuren|stal|stallen"
    r"|kazerne|fabriekshal|werf|station|kerkgebouw|raadhuis|kantoorgebouw|supermarkt|bioscoop|theater|museum)\w*"
)
# a non-residential building named as no longer in use, or the homes placed inside one: its conversion
_FORMER = r"\b(voormalig\w*|leegstaand\w*|lege|leeg|verlaten|vroegere|ex)\s?-?\s(\w+\s)?\w*"
_INSIDE = r"\b(\w*woning\w*|appartement\w*|huizen|wooneenhe\w*|studio\w*|\w*project)\s(\w+\s){0,3}in\s(een|het|de|ons|onze)\s(\w+\s)?\w*"
# homes placed "er … in" / "er … van": the building the pronoun refers to may stand in the sentence before
_REFERRING = r"|\ber\b(\s(?!niet\b|geen\b)\w+){0,5}\s(\d+\s)?(\w+\s)?" + _DWELLING + r"\s(in|van)\b(?!\s(de|het|een|ons|onze|die|dat|deze|dit|hun|\d+)\b)"
_CONVERT = (
    r"\bom te bouwen\b|\bombouw\w*|\bomgebouwd\b|\bbouw\w*(\s\w+){0,6}\som\b|\bverbouw\w*|\bomvorm\w*|\bomgevormd\b"
    r"|\btot (\d+\s)?(\w+\s)?(woning|huurwoning|koopwoning|appartement|woonruimte|wooneenhe|huurappartement"
    r"|koopappartement|studio|huizen)\w*"
    r"|\bnaar (\d+\s)?(\w+\s)?(woning|huurwoning|koopwoning|appartement|woonruimte|wooneenhe|huurappartement"
    r"|koopappartement|studio)\w*"
    r"|\b(\w*woning\w*|appartement\w*|huizen|wooneenhe\w*|studio\w*('s)?|kamers)\s(\w+\s){0,3}(in|van)\s(te\s)?maken\b|\bwoningen (in|van) (\w+\s){0,3}maken\b|\bmaken er(\s\w+){0,4}\svan\b|\bherbestem\w*"
    r"|\b(maakt|maken|maak)\b(\s\w+){0,2}\svan\s(\w+\s){0,4}\w+(\s\w+){0,3}\s(\d+\s)?(\w+\s)?" + _DWELLING
    + r"|\b(wordt|worden) (\d+\s|\w+\s){0,2}" + _DWELLING
    + _REFERRING
)
_TRANSFORM_EXPLICIT = r"\b(ge)?transform\w*|\bherbestem\w*"
_BUILD_VERB = r"(bouw|bouwt|bouwen|bouwden|laten bouwen|neerzetten|zetten neer|realiseren|bouwplan)"
_NEW_BUILD = (
    r"\bnieuwbouw\w*|\bnieuw(e)?\s(te bouwen\s)?([\w-]+\s)?([\w-]+\s)?"
    rf"({_DWELLING[1:-1]}|woonproject\w*|[\w-]*complex)"
    # the adverb and a form of 'bouwen' in either order: "nieuw (te / laten / laat) bouwen", "nieuw gebouwd",
    # "we bouwen 14 huurwoningen nieuw"
    r"|\bnieuw\s(\w+\s){0,2}?(ge)?(bouwen|bouwt|bouwd)\b|\b(bouw|bouwen|bouwt|bouwden)\b(\s(?!en\b|of\b)\w+){0,4}\snieuw\b"
    r"|\b(\w*woning\w*|appartement\w*|huizen|woongebouw|complex)(\s\w+){0,2}\s(neerzetten|neer te zetten|laten bouwen)\b"
    r"|\b(\w*woning\w*|appartement\w*|huizen|woongebouw|complex)(\s\w+){0,2}\s(te\s)?bouwen\b"
    # homes still to be built: "huurwoningen die nog gebouwd moeten worden"
    r"|\b(\w*woning\w*|appartement\w*|huizen|woongebouw|complex) die (nog |eerst )?(gebouwd|neergezet) (moeten |gaan |zullen )?worden\b"
    r"|\b(bouwen|bouwt|bouw|laten bouwen) (\w+-?\s){0,4}(\d+\s)?(\w+\s)?(\w*woning\w*|appartement\w*|huizen|huis|hofje)\b"
    r"|\bbouw van (\d+\s)?(\w+\s)?(\w*woning|appartement)\w*"
    # homes on a building plot are built new: "ieder z'n eigen huis op een eigen kavel"
    r"|\b(\w*woning\w*|\w*huis|\w*huizen|appartement\w*)\s(\w+\s){0,2}op (een |de |het |onze |eigen |hun )?(\w+ ){0,2}"
    r"(bouw)?kavel\w*"
    # building work on a plot is new building: "de heipalen gaan in mei de grond in op onze kavel"
    r"|\b(bouw|bouwt|bouwen|heipalen|heien)\b\s(\w+\s){0,6}op (een |de |het |onze |eigen |hun )?(\w+ ){0,2}(bouw)?kavel\w*"
    r"|\bop (een |het |de )?braakliggend\w*"
)
_EXISTING = (
    r"\bbestaand\w*\s((?!die\b|dat\b|en\b|met\b|van\b|wooncoop|cooperat|vereniging)\w+\s)?(?!nieuw)\w*"
    r"(complex|woning|gebouw|flat|pand|huis|huizen|bouw|appartement|blok|bezit|vastgoed|voorraad|villa|hofje)\w*"
    r"|\brenovat\w*|\brenoveren\b|\bverduurzam\w*|\bopknap\w*|\bop te knappen\b|\bovername van (\w+\s){0,2}(woningen|complex)"
    # work on what stands: replacing, insulating, repairing
    r"|\b(vervangen|isoleren|na te isoleren|herstellen)\b"
    # homes built in a year or a decade gone by: "een complex van 24 woningen uit de jaren zestig", "flat uit 1972"
    r"|\b(\w*woningen|complex|\w*flat|\w*flats|appartementen|\w*gebouw|huizen|pand)\s(\w+\s){0,3}uit\s(de\s)?(jaren\s)?"
    r"('?\d\d|19\d\d|20[01]\d|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)\b|\bbouwjaar\b"
    r"|(?<!nieuwe )\b(woningen|complex|flat|appartementen|huizen|woningcomplex|huurwoningen|corporatiewoningen|portiekflat\w*"
    r"|villa\w*|\w*woonhuis|\w*woonhuizen|rijtjeshuizen|herenhuizen|hofje)"
    r"(\s\w+){0,5}\s(kopen|overnemen|aankopen|overkopen)\b"
    r"|\boverkopen\b|\baankoop van (\w+\s){0,2}(woningen|complex|flat)"
    r"|" + _BEHEER_TAKEOVER
)


_BUILDING = _NON_RESIDENTIAL.removeprefix(r"\b\w*")
# homes placed in a building: a former one, inside one, or the building first ("in de oude melkfabriek komen 15 woningen")
_PLACED_IN_BUILDING = (
    _FORMER + _BUILDING,
    _INSIDE + _BUILDING,
    r"\bin\s(een|het|de|ons|onze)\s(\w+\s)?\w*" + _BUILDING.removesuffix(r"\w*") + r"\w*"
    r"\s(komen|maken|bouwen|realiseren|worden)\b(\s\w+){0,3}\s(\d+\s)?(\w+\s)?" + _DWELLING,
)
_DEMOLISHED = r"\bslo(op|pen|opt|pt)\w*|\bafbr(eken|eekt|aak)\w*|\bgesloopt\b"


def read_project_type(text: str, form: Found | None = None) -> Found | None:
    """Nieuwbouw, transformatie or bestaande_bouw; None when unclear. `form`: the organisation form read."""
    non_residential = _mentions(text, _NON_RESIDENTIAL)
    convert = _mentions(text, _CONVERT)
    explicit = _mentions(text, _TRANSFORM_EXPLICIT)
    if explicit:
        return _first(explicit, "transformatie")
    if non_residential and convert:
        sentences = _spans(text, _SENTENCE)
        for building in non_residential:
            low, high = _containing(sentences, building.start())
            after = _containing(sentences, high + 1) if high + 1 < len(text) else (high, high)
            # a conversion in the building's sentence, or one that refers back to it from the next sentence
            near = [c for c in convert if low <= c.start() < high
                    or (after[0] <= c.start() < after[1] and re.search(_REFERRING[1:], text[c.start() : c.end() + 1]))]
            if near:
                return Found("transformatie", min(building.start(), near[0].start()), max(building.end(), near[0].end()))
    # homes in a former or a named non-residential building are made in it, however the building work is named
    # ('huurwoningen bouwen in een voormalige kerk'), unless it is demolished
    placed = next((found for pattern in _PLACED_IN_BUILDING if (found := _mentions(text, pattern))), [])
    if placed and not re.search(_DEMOLISHED, text):
        return _first(placed, "transformatie")
    new = _mentions(text, _NEW_BUILD)
    existing = _mentions(text, _EXISTING)
    if new and existing:
        demolish = re.search(r"\bslo(op|pen)\w*", text)
        return Found("nieuwbouw", new[0].start(), new[0].end()) if demolish else None
    found = _first(existing, "bestaande_bouw") or _first(new, "nieuwbouw")
    # the letter's beheercoöperatie takes over the management of homes that stand: homes it names are existing
    # ones unless they are said to be built new or converted
    if found is None and form is not None and form.value == "beheercooperatie" and not convert and re.search(_DWELLING, text):
        return Found("bestaande_bouw", form.start, form.end)
    return found


# --------------------------------------------------------------------------- phase

# the phase names, also written as two words ("ontwerp fase", "design stage" → "ontwerp fase")
_PLAN = (r"\b(plan|planvormings|planontwikkelings|ontwikkel|ontwerp|voorbereidings|schets|haalbaarheids|feasibility"
         r"|vergunnings?)-?\s?fase\w*")
_BUILD = r"\b(bouw|realisatie|uitvoerings)-?\s?fase\w*"
# a form-style line: "fase: bouw", "fase = plan"
_PHASE_FIELD = r"\bfase\s*[:=|-]\s*(?P<value>plan|bouw)\w*"
_IN_PHASE = r"\b(zitten|zit|zijn|bevinden (ons|we|wij)|staan) (\w+ ){0,3}in de {phase}-?\s?fase"
# what happens in each phase (the letter: planfase, then bouwfase); present or past, not future
_PLAN_EVENTS = (
    # the design as work in progress (not a design that is merely named: "wij bepalen het ontwerp"; a finished
    # sketch is the letter's "eerste opzet" of the initiative phase, it does not say the plan phase has begun)
    r"\b(voorlopige?|definitie(f|ve))\s?ontwerp\b|(?<!hebben een )(?<!heeft een )(?<!hebben we een )"
    r"\bschets\s?ontwerp\b(?!\s(\w+\s)?(ligt|is klaar|klaar|af|gereed|staat))|\bontwerp(en|t)\b|\b(in|aan) het ontwerp\b"
    r"|(?<!eerste )\bontwerp\s(\w+\s)?(ligt|wordt|is|klaar|af|gereed)\b|\barchitect\w*\b|\bhaalbaarheid\w*"
    r"|\bvergunning\w*\s(\w+\s){0,2}(aanvragen|aangevraagd|voorbereiden|in procedure)\b|\bplanvorming\b"
    r"|\bplan (uit)?werken\b|\bwerken (\w+ ){0,3}(plan|ontwerp)\w* uit\b|\bwerken (\w+ ){0,3}aan (\w+ ){0,3}(plan|ontwerp)\w*\b"
    r"|\bbusinesscase\b|\bbouwteam\w*|\bbestemmingsplan\w*|\bomgevingsplan\w*|\bvoorbereidingsfase\b"
    r"|\b(tekenen|tekent|schetsen)\b(\s\w+){0,3}\s(plan|plannen|ontwerp)\b"
    # the same activities in the passive or with the verb last: "de plannen worden nu getekend"
    r"|\b(plan|plannen|ontwerp|ontwerpen|tekeningen)\b\s(\w+\s){0,4}(getekend|uitgewerkt|ontworpen|geschetst)\b"
    # a permit being applied for (the separable verb split: "we vragen nu de vergunning aan")
    r"|\b(vragen|vraagt|vraag)\b\s(\w+\s){0,3}\w*vergunning\w*\saan\b"
    r"|\b\w*vergunning\w*\s(\w+\s){0,3}(aangevraagd|in aanvraag)\b|\b\w*vergunnings?aanvraag\w*"
    r"|\b(bereiden|bereidt)\s(\w+\s){0,5}(aanvraag|\w*vergunning)\w*(\s\w+){0,4}\svoor\b"
    # the contractor still to be chosen: the tender ('we zitten in de aanbesteding', 'de aannemer aanbesteden')
    r"|\baanbested\w*|\baanbesteding\w*|\btender\w*"
    r"|\b\w*aanvraag\w*\s(\w+\s){0,3}(ingediend|in behandeling)\b|\bingediend\s(\w+\s){0,3}\w*aanvraag\b"
    r"|\b(wachten|wacht)\s(we\s|wij\s|ze\s|zij\s|ik\s)?(nu\s)?(nog\s)?op\s(de\s|het\s)?\w*(vergunning|besluit)\w*"
)
# the events of the build phase; one that has happened, is happening or starts soon places the initiative in it
_BUILD_SUBJECT = (
    r"(\w*bouw|verbouwing|sloop\w*|\w*werkzaamheden|transformatie|ombouw|aannemer|aannemers|bouwer|bouwers|bouwvakker\w*"
    r"|metselaar\w*|timmerman|timmerlieden|stukadoor\w*|dakdekker\w*|bouwploeg\w*|sloopploeg\w*"
    r"|heipalen|eerste paal|heiwerk|grondwerk|fundering)"
)
_BUILD_START = (
    r"(gestart|begonnen|van start|bezig|in volle gang|loopt|lopen|start|starten|begint|beginnen|gaat beginnen"
    r"|gaan beginnen|de grond in|aan het werk|aan de slag|(bouwt|bouwen) (nu|momenteel|inmiddels|al)"
    r"|op (de|het|ons|onze) (bouwplaats|terrein|kavel|bouwkavel|locatie|grond))"
)
_BUILD_EVENTS = (
    # the project in the state of being built: "in aanbouw", "in de steigers", "we zitten midden in de bouw"
    r"\bin aanbouw\b|\bin de steigers\b|\b(zitten|zit|zijn|is)\s(\w+\s){0,2}in de (af)?bouw\b(?!\w)"
    r"|\bsteigers staan\b|\beerste paal\b|\bheipalen\b|\bheien\b|\bruwbouw\b|\bfundering\b"
    r"|\bbouwplaats\b|\bbouwput\b|\bhoogste punt\b"
    # the work done, or a part of the building that stands: "de palen zijn geslagen", "de eerste verdieping staat",
    # "de vloeren van de eerste twee lagen zijn gestort", "kelder gestort"
    r"|\b(palen|heipalen|fundering|\w*vloer\w*|ruwbouw|verdieping|bouwlaag|casco|\w*muren|\w*muur|\w*kraan|kelder\w*"
    r"|\w*wanden|gevel\w*)((\s(?!niet\b|nog\b|geen\b)\w+){0,5}?\s(zijn|is|werd|werden)\s(\w+\s){0,3})?\s?"
    r"\b(geslagen|gestort|gelegd|geheid|klaar|opgetrokken|gemetseld|geplaatst)\b"
    r"|\b(palen|heipalen|fundering|\w*vloer\w*|ruwbouw|verdieping|bouwlaag|casco|\w*muren|\w*muur|\w*kraan)\s(staat"
    r"|staan|ligt|liggen)\b"
    # the building work nearly done: the roof on, the handover set, the first residents moving in
    r"|\b(?<!na )(?<!tot )(?<!voor )(?<!bij )(?<!sinds )(de )?oplevering (is|wordt|volgt)\b"
    r"|\b(dak|kap)\s(\w+\s)?(zit|zat|gaat|ging|komt|kwam|ligt|lag)\s(er\s?op|er\s(\w+\s){1,3}op)\b"
    r"|\b(eerste\s)?(bewoners|leden|huishoudens)\s(\w+\s){0,3}(erin|verhuizen|trekken er)\b"
    rf"|\b{_BUILD_SUBJECT}\b(\s(?!pas\b)\w+){{0,5}}\s{_BUILD_START}\b"
    rf"|\b(start|starten|begint|beginnen)\b(\s\w+){{0,3}}\s(de |het )?{_BUILD_SUBJECT}\b"
    r"|\b(worden|wordt|zijn) (nu|momenteel|op dit moment|inmiddels|al|er) (\w+ ){0,2}(gebouwd|verbouwd|omgebouwd|in aanbouw"
    r"|geheid|gesloopt|gestript|gestort|opgetrokken|gemetseld|geplaatst|gelegd)\b"
    r"|\bbouw loopt\b|\bin (de )?uitvoering\b"
    # the keys handed over soon: the handover ends the build phase
    r"|\b(krijgen|krijg|ontvangen)\s(\w+\s){0,2}(de\s)?sleutels?\b|\bsleuteloverdracht\b"
    r"|\b(begonnen|gestart|begint|beginnen|starten|start)\s(\w+\s)?met\s(de\s|het\s)?(\w+\s)?(\w*bouw\w*|slopen|sloop\w*"
    r"|heien|transformatie|transformeren)\b"
    # the building work in progress: "aan het bouwen / verbouwen / transformeren / slopen / strippen"
    r"|\baan het (\w*bouwen|transformeren|renoveren|slopen|heien|storten|verduurzamen|strippen|stutten|metselen)\b"
    r"|\bgaan (nu |binnenkort |straks |bijna )?bouwen\s*($|[.,;!?])"
)
# the end of the plan phase: the permit granted, the contractor contracted; the build phase unless work of the plan
# phase is still going on ('de vergunning is binnen en we gaan nu de aannemer aanbesteden')
_THRESHOLD_EVENTS = (
    r"\b\w*vergunning\w*\s(is\s|zijn\s|was\s|werd\s)?(al\s|net\s|inmiddels\s|nu\s|wel\s)?(binnen|rond|verleend|verkregen|afgegeven"
    r"|onherroepelijk|gekregen)\b"
    r"|\b(hebben|heeft|kregen|kreeg)\s(\w+\s){0,2}\w*vergunning\w*\s(\w+\s)?(binnen|gekregen|ontvangen)\b"
    r"|\b(aannemer|bouwer|bouwbedrijf)\w*\s(is\s|zijn\s)?(al\s|net\s|inmiddels\s)?(gecontracteerd|gekozen"
    r"|ingehuurd|geselecteerd|getekend)\b"
)
# placed later in time, not by a modal: "de bouw start pas volgend jaar"
_LATER_WORDS = (r"pas|later|op termijn|in de toekomst|volgend jaar|komend jaar|over (\w+|\d+) jaar|op z'n vroegst"
                r"|op zijn vroegst|ten vroegste|at the earliest")
_LATER = re.compile(rf"\b({_LATER_WORDS})\b")
# a condition ('als' only with a subject after it: "wij als coöperatie" is no condition)
_CONDITIONAL = re.compile(r"\b(zodra|nadat|mits|tenzij)\b|\b(als|wanneer|indien|stel dat|if)\s(de|het|we|wij|er|onze|ons|ze"
                          r"|zij|jullie|die|dat|u|je)\b")
# a build event placed far ahead, by a modal, or made conditional does not (yet) place the initiative in the build
# phase; one that starts soon (next week or month, in a named month, after the summer, within weeks) does
_FAR = re.compile(
    rf"\b({_LATER_WORDS}|ooit|nog niet|(20\d\d)|kan|kunnen|zou|zouden|hopen|hopelijk|hoop|willen|wil|verwachten)\b"
    # after a precondition that is not yet met: "start na de vergunning / na toekenning van de lening"
    r"|\bna (\w+ ){0,4}(vergunning\w*|omgevingsvergunning|financiering|goedkeuring|lening|toekenning|besluit\w*|akkoord)\b"
)
_CONJUNCTION = re.compile(r"\s(en|maar)\s")
_PLAN_TIME_FAR = re.compile(r"\bover (?P<n>\w+|\d+) maanden\b")


def _far(text: str, low: int, high: int) -> bool:
    """True when the clause places its event far ahead or makes it conditional."""
    if _FAR.search(text, low, high) or _CONDITIONAL.search(text, low, high):
        return True
    months = _PLAN_TIME_FAR.search(text, low, high)
    if months:
        n = _digits_or_word(months.group("n"))
        return n is None or n > 6
    return False


def _events(text: str, pattern: str) -> list[re.Match[str]]:
    """Asserted events that have happened, are happening or come soon (not far ahead, not conditional)."""
    found = []
    for m in re.finditer(pattern, text):
        if not _asserted(text, m.start()) or re.search(r"\b(niet|geen|nooit)\b", m.group(0)):
            continue
        # the work as the complement of another noun is not the work itself: "de aanbesteding van de bouw loopt"
        if pattern == _BUILD_EVENTS and re.search(r"\b(?!start\b|begin\b|af\b|uit\b)\w{3,}\s(van|voor)\s(de|het)\s$",
                                                  text[max(0, m.start() - 40) : m.start()]):
            continue
        low, high = _containing(_spans(text, _CLAUSE), m.start())
        # the event's own conjunct: "we willen bouwen en de architect tekent nu" has the architect at work now;
        # a condition reaches over the conjunction ("zodra de vergunning er is en de aannemer begint")
        conjunct = _CONJUNCTION.search(text, m.end(), high)
        high = conjunct.start() if conjunct else high
        before = [c.end() for c in _CONJUNCTION.finditer(text, low, m.start())]
        own_low = before[-1] if before else low
        if _far(text, own_low, high) or _CONDITIONAL.search(text, low, m.start()):
            continue
        found.append(m)
    return found


def read_phase(text: str) -> Found | None:
    """Plan or bouw: a named phase first, else what the user says is happening (plan events, build events)."""
    plan = _mentions(text, _PLAN)
    build = _mentions(text, _BUILD)
    if plan and build:
        in_plan = re.search(_IN_PHASE.replace("{phase}", "plan"), text)
        in_build = re.search(_IN_PHASE.replace("{phase}", "bouw"), text)
        if in_plan and not in_build:
            return Found("plan", in_plan.start(), in_plan.end())
        if in_build and not in_plan:
            return Found("bouw", in_build.start(), in_build.end())
        return None
    if plan or build:
        return _first(plan, "plan") or _first(build, "bouw")
    field = [m for m in re.finditer(_PHASE_FIELD, text) if _asserted(text, m.start("value"))]
    if len({m.group("value") for m in field}) == 1:
        return Found(field[0].group("value"), field[0].start(), field[0].end())
    build_events = _events(text, _BUILD_EVENTS)
    if build_events:
        return _first(build_events, "bouw")
    plan_events = _events(text, _PLAN_EVENTS)
    threshold = _events(text, _THRESHOLD_EVENTS)
    # the permit granted and the building work said to start later: the plan phase has not ended
    # ('de vergunning is binnen, maar de bouw start pas volgend jaar')
    clauses = _spans(text, _CLAUSE)
    later = [m for m in re.finditer(_BUILD_EVENTS, text)
             if _asserted(text, m.start()) and _LATER.search(text, *_containing(clauses, m.start()))]
    if threshold and later and not plan_events:
        return Found("plan", threshold[0].start(), later[0].end())
    return _first(plan_events, "plan") or _first(threshold, "bouw")


# --------------------------------------------------------------------------- initiative phase

# the site: a plot or ground, or the building the homes are made in ('we hebben de fabriek kunnen kopen')
_PLACE = (r"(locatie|grond|kavel|plek|bouwgrond|bouwlocatie|terrein|bouwkavel|perceel|erf|pand|gebouw|\w*kantoor"
          r"|\w*school|\w*kerk|\w*fabriek|\w*klooster|\w*boerderij|\w*pakhuis|\w*kazerne)")
_INITIATIVE_NOT_DONE = (
    rf"\bnog geen (\w+ ){{0,2}}{_PLACE}\b",
    rf"\b(hebben|heb|hebt|is|zijn) (nog )?geen (geschikte |eigen )?{_PLACE}\b",
    rf"\b{_PLACE}\w* (\w+ ){{0,3}}(nog )?niet (beschikbaar|gevonden|rond|geregeld|binnen)\b",
    rf"\b{_PLACE}\w* (hebben|heb|hebt) (we|wij|ik) (nog )?(niet|geen)\b",
    rf"\b(nog )?niet (gevonden|gekregen|verworven|gekocht)\s(\w+\s){{0,2}}{_PLACE}\b",
    rf"\b(op zoek|zoeken|zoekende|zoeken nog|zijn nog op zoek) naar (een |de )?(geschikte )?({_PLACE}|groep)\w*",
    r"\bnog geen (\w+ ){0,2}(groep|vereniging|cooperatie)\b",
    r"\bnog geen (eerste |concreet |concrete )?(opzet|projectplan|plan|ontwerp|schets)\b",
    r"\b(hebben|heb|is|er is) geen (eerste )?(opzet|ontwerp|schets)\w* (nog)\b|\bnog geen (eerste )?(ontwerp|schets)\w*",
    # the negation may stand before an adverb: "nog niet formeel opgericht"
    r"\b(groep|vereniging|cooperatie|woongroep|stichting)\w* (is |zijn |hebben we )?(nog )?niet "
    r"(\w+ )?(opgericht|gevormd|compleet)\b",
    r"\b(hebben|heeft|hebt|heb) (de |een |onze |ons )?(groep|vereniging|cooperatie|woongroep|stichting)\w* (nog )?niet "
    r"(\w+ )?(opgericht|gevormd)\b",
    # the council as the subject of a later verb in its sentence: "de gemeente ziet het niet zitten en steunt ons niet"
    # (no new subject in between: "de gemeente steunt het, maar de bank ziet het nog niet zitten" is not the council)
    r"\bgemeente\w* (((?!(maar|terwijl|want|omdat|de|een|die|dat|zij|wij|we|ze|hij)\b)[\w()]+,?\s){0,8})?"
    r"(steunt|ondersteunt|steunen|werkt|staat|helpt|is|ziet (het|dit|dat|ons plan))\b"
    r"(\s\w+){0,3}\s\(?nog\)?\s?niet\b(?! alleen)",
    r"\bgemeente\w* (\w+ ){0,2}ziet (het|dit|dat|ons plan|er) (\w+ )?niet(s)? (zitten|in)\b",
    r"\bgemeente\w* (heeft |is )(\w+ ){0,3}(nog )?niet (omarmd|goedgekeurd|gesteund|ondersteund|toegezegd|akkoord)\b",
    r"\bgemeente\w* (\w+ ){0,2}wil (\w+ ){0,2}niet (meewerken|helpen|steunen|meedenken|mee)\b",
    r"\bgemeente\w* (is|staat) (er )?(nog )?(tegen|negatief|afwijzend)\b",
    r"\bgemeente\w* (\w+ ){0,2}(twijfelt|aarzelt)\b",
    r"\bgemeente\w* (\w+ ){0,2}(heeft |zegt |zei )?(nee|neen) (gezegd|tegen)\b|\bgemeente\w* (\w+ ){0,2}(wijst|weigert|blokkeert)\b"
    r"|\bgemeente\w* (\w+ ){0,2}(heeft )?(\w+ ){0,2}(afgewezen|geweigerd)\b",
    rf"\b(zoeken|zoekt|zoek) (nog )?(een |de )?(geschikte |nieuwe )?{_PLACE}\w*",
    r"\b(zonder|geen|nog geen) (steun|medewerking|toezegging|goedkeuring|instemming)( \w+){0,3} gemeente",
    r"\binitiatieffase (is |hebben we )?(nog )?(niet|bijna) (afgerond|klaar|voltooid|achter de rug|doorlopen)\b",
    r"\b(zitten|zit|zijn|bevinden (ons|we|wij)) (nog )?(steeds )?(midden )?in de initiatieffase\b",
)
_INITIATIVE_DONE = (
    r"\binitiatieffase (is |ligt |hebben we |hebben wij |zijn we |zijn wij )?(daarmee |dus |hiermee )?(al |inmiddels |nu )?"
    r"(afgerond|achter de rug|achter ons|voltooid|klaar|doorlopen|voorbij)\b"
    # English word order after translation: "they have finished the initiative phase"
    r"|\b(hebben|heeft) (al |inmiddels |nu )?(afgerond|voltooid|doorlopen) (de |the )?initiatieffase\b"
)
# the group itself, by the names people give it
_GROUP_NOUN = r"(groep|vereniging|cooperatie|woongroep|stichting|wooncooperatie|woonvereniging)"
_GROUP_DONE = (
    rf"\b{_GROUP_NOUN}\w* "
    r"(is |zijn )?(al )?(opgericht|gevormd)\b|\bhebben (\w+ ){0,3}opgericht\b"
    # founded, said in brackets after its name: "wooncoöperatie Dorpshart (opgericht 2023)"
    rf"|\b{_GROUP_NOUN}\w*( [\w'-]+){{0,3}} \(opgericht\b"
    # the group that already exists: "de vereniging bestaat al twee jaar"
    rf"|\b{_GROUP_NOUN}\w* (bestaat|bestaan) (al|sinds)\b"
    rf"|\b(opgerichte|gevormde) {_GROUP_NOUN}\b"
    # "de groep staat": it is formed (not "staat nog open", "staat achter …")
    r"|\b(groep|vereniging|cooperatie|woongroep|wooncooperatie|woonvereniging) (staat|staan)\s*($|[,.;]|\sen\b)"
)
_COUNCIL_DONE = (
    r"\bgemeente\w* (\w+ ){0,2}(steunt|ondersteunt|staat (er )?(achter|positief)|staat erachter|is (akkoord|positief|enthousiast)"
    r"|werkt mee|heeft (\w+ ){0,3}toegezegd|ziet (het|dit|ons plan) (wel |helemaal )?zitten)"
    # a relative clause: "van de gemeente, die enthousiast is"
    r"|\bgemeente\w*,? die (\w+ )?(ons )?(enthousiast|positief|akkoord|welwillend) is\b|\bgemeente\w*,? die ons (\w+ )?steunt\b"
    r"|\b(steun|medewerking|toezegging) (van|door) (\w+ )?gemeente\b|\bgemeente(lijke)? (steun|medewerking|toezegging)\b"
)
_PLACE_DONE = (
    rf"\b{_PLACE}\w* (\w+ ){{0,4}}(is |zijn )?(beschikbaar|gevonden|rond|geregeld|verworven|toegezegd|toegewezen)\b"
    # an option or lease on it, or bought with the verb last: "een optie op het pand", "de fabriek kunnen kopen"
    rf"|\b(optie|koopoptie|huurovereenkomst|erfpachtovereenkomst) op (het |de |een )?{_PLACE}\b"
    rf"|\b(de|het|een) {_PLACE} (\w+ ){{0,2}}(kunnen )?(kopen|gekocht|aangekocht|verworven|gehuurd|gepacht)\b"
    rf"|\bhebben (\w+ ){{0,2}}(een |de )?(geschikte )?{_PLACE}\b(?! op het oog)(?! in gedachten)"
    # a later item of a list that 'hebben' governs: "we hebben een vereniging opgericht, een locatie van de gemeente"
    rf"|\bhebben\b[^.;:!?]{{0,80}}(,|\sen)\s(een |de |eigen )(geschikte |eigen )?{_PLACE}\b(?! op het oog)(?! in gedachten)(?!\s?nodig)"
    rf"|\bmet (een |de |eigen )(geschikte |eigen )?{_PLACE}\b(?! op het oog)(?! in gedachten)(?!\s?nodig)"
    rf"|\ber is (een |de )?(geschikte |eigen )?{_PLACE}\b(?! op het oog)(?! in gedachten)(?!\s?nodig)"
    rf"|\b(heeft|hebben) ons (\w+\s){{0,2}}{_PLACE}\s(\w+\s)?(toegezegd|toegewezen|gegund|verkocht|verhuurd)\b"
    # the place sold or let to the group: "heeft het schoolgebouw aan hen verkocht"
    rf"|\b{_PLACE}\w*\s(\w+\s){{0,2}}aan (ons|hen|de groep|de vereniging|de cooperatie|de wooncooperatie)\s"
    r"(verkocht|verhuurd|gegund|toegewezen|in erfpacht gegeven)\b"
    # the place acquired: sold, leased or allotted to the group, or bought by it
    rf"|\b(verkoopt|verkopen|verkocht|verhuurt|verpacht|gunt|gunnen|gegund|geeft|geven|wijst|toegewezen)\s(ons|aan ons)\s"
    rf"(\w+\s){{0,2}}{_PLACE}\b"
    rf"|\b(gekocht|aangekocht|verworven|kunnen kopen)\s(\w+\s){{0,2}}{_PLACE}\b|\b{_PLACE}\s(\w+\s){{0,3}}(gekocht|aangekocht|in erfpacht)\b"
)


# The parts of the initiative phase as statements: a part's noun and a word of its state in one segment, in either
# order ("de gemeente steunt ons", "steunt de gemeente het plan nog niet", "het erf is van ons"). A negator in the
# statement makes it a part that is missing, where the state word is one whose denial says so ("nog geen plek
# gevonden"; "het pand is niet van ons" does not: the place may still be in view). "Nog" before an infinitive of
# getting there is a part still to do ("de gemeente moeten we nog benaderen").
_PART_NOUNS = {
    "group": rf"\b{_GROUP_NOUN}\w*|\bstatuten\b",
    "council": r"\b(gemeente|wethouder|college|gemeenteraad)\w*",
    "place": rf"\b{_PLACE}\w*",
}
_PART_STATES = {
    # founded, or on record: registered at the Chamber of Commerce, its statutes signed before the notary
    "group": r"\b(opgericht|gevormd|bestaat|bestaan|ingeschreven|geregistreerd|getekend|verleden|gepasseerd)\b",
    "council": r"\b(steunt|steunen|ondersteunt|ondersteunen|achter|positief|enthousiast|akkoord|welwillend|meewerken"
               r"|werkt mee|meewerkt|toegezegd|omarmd|gesteund|ondersteund)\b",
    "place": r"\b(gevonden|rond|geregeld|verworven|toegewezen|gereserveerd|beschikbaar|gegund)\b",
}
_PART_OWNED = r"\b(van ons|ons eigendom|in (ons )?bezit|gekocht|aangekocht|in erfpacht)\b"
# talking to the council is no support yet, but not having talked to it says support is missing
_PART_CONTACT = r"\b(gepraat|gesproken|benaderd|contact gehad|overlegd)\b"
_PART_TO_DO = r"\bnog\b(\s\w+){0,3}\s(benaderen|overtuigen|spreken|praten|aanspreken|polsen|oprichten|vinden|zoeken)\b"
_PART_NEGATOR = re.compile(r"\b(niet|geen|niks|niets|nooit)\b(?! alleen\b)")


def _part_statements(text: str) -> dict[str, list[tuple[bool, int, int]]]:
    """Per part of the initiative phase, the statements of it: (done, start, end)."""
    found: dict[str, list[tuple[bool, int, int]]] = {part: [] for part in _PART_NOUNS}
    sentences = _spans(text, _SENTENCE)
    for low, high in _spans(text, _SEGMENT):
        segment = text[low:high]
        start = low + len(segment) - len(segment.lstrip())
        # a condition, a question, or a clause the user is unsure of states no part
        if _CONDITIONAL.search(segment) or text[_containing(sentences, start)[1]:][:1] == "?" or _uncertain(text, start):
            continue
        negated = bool(_PART_NEGATOR.search(segment))
        for part, noun in _PART_NOUNS.items():
            m = re.search(noun, segment)
            if not m:
                continue
            span = (low + m.start(), high)
            if re.search(_PART_STATES[part], segment):
                found[part].append((not negated, *span))
            elif part == "place" and not negated and re.search(_PART_OWNED, segment):
                found[part].append((True, *span))
            elif part == "council" and negated and re.search(_PART_CONTACT, segment):
                found[part].append((False, *span))
            elif re.search(_PART_TO_DO, segment):
                found[part].append((False, *span))
    return found


def read_initiative_phase_complete(text: str) -> Found | None:
    """False when the text says a part of the initiative phase is missing, True when all is done."""
    for pattern in _INITIATIVE_NOT_DONE:
        m = re.search(pattern, text)
        if m:
            return Found(False, m.start(), m.end())
    done = _mentions(text, _INITIATIVE_DONE)
    if done:
        return _first(done, True)
    statements = _part_statements(text)
    missing = [(start, end) for said in statements.values() for ok, start, end in said if not ok]
    if missing:
        return Found(False, *missing[0])
    parts = [
        [(m.start(), m.end()) for m in _mentions(text, pattern) if not _PART_NEGATOR.search(m.group(0))]
        + [(start, end) for ok, start, end in statements[part] if ok]
        for part, pattern in (("group", _GROUP_DONE), ("council", _COUNCIL_DONE), ("place", _PLACE_DONE))
    ]
    if all(parts):
        return Found(True, min(p[0][0] for p in parts), max(p[0][1] for p in parts))
    return None


# --------------------------------------------------------------------------- amounts

_PCT_RE = re.compile(
    rf"(?P<num>{_NUM})\s*(?:%|procent\b|pct\b|percent\b)"
    r"|\b(?P<word>[a-z]+)(?P<half> en een half)?\s+(?:procent|percent)\b"
    # a fraction in words, as a share of something: "een twintigste van de financiering", "a fifth of"
    r"|\b(?P<fnum>[a-z]+)\s(?P<fden>[a-z]+)(?=(\s+deel)?\s+(van|of|zelf|eigen|in)\b)"
)
_MONEY_RE = re.compile(
    r"(?P<cur1>€|\beur\b|\beuro\b)?\s*"
    rf"(?P<num>{_NUM})"
    r"(?:\s*(?P<mult>miljard|mld|miljoen|mln|mio|ton|duizend|mille)\b\.?|(?P<suf>[km])\b)?"
    r"(?:\s*(?P<cur2>euro\b|eur\b|€|,-))?"
)
_COMPOUND_MONEY_RE = re.compile(r"\b(?P<word>[a-z]+(?:duizend|miljoen))\b(?:\s*(?P<cur2>euro\b|eur\b))?")
_COUNT_AFTER = re.compile(
    r"\s*(\w*woning\w*|appartement\w*|huishoudens|leden|bewoners|mensen|personen|m2|m²|vierkante|jaar"
    r"|eenheden|units|huizen|kamers|studio\w*|wooneenhe\w*|maanden|weken|dagen|procent|%)"
)


@dataclass
class _Figure:
    """A money amount or percentage found in the text."""

    start: int
    end: int
    value: Decimal
    kind: str  # "eur" | "pct" | "range"


def _percentages(text: str) -> list[_Figure]:
    """Every percentage in the text."""
    found = []
    for m in _PCT_RE.finditer(text):
        if m.group("num"):
            value: Decimal | None = parse_number(m.group("num"), grouping=False)
        elif m.group("fden"):
            value = fraction_percent(m.group("fnum"), m.group("fden"))
        else:
            value = word_number(m.group("word"))
            if value is not None and m.group("half"):
                value += Decimal("0.5")
        if value is not None:
            found.append(_Figure(m.start(), m.end(), value, "pct"))
    return found


def _overlaps(span: tuple[int, int], figures: list[_Figure]) -> bool:
    """True when the span overlaps a figure already found."""
    return any(span[0] < f.end and f.start < span[1] for f in figures)


_RANGE_RE = re.compile(
    r"(?P<tussen>\btussen\s(?:de\s|ongeveer\s|zo'n\s)?)?(?P<cur>€\s*)?"
    r"\b(?P<a>\d[\d.,]*\d|\d|[a-z]+)\s*(?P<pa>%|procent\b)?\s*"
    r"(?P<sep>-|\btot\b|\ba\b|\bof\b|\ben\b)\s*(?:€\s*)?(?P<b>\d[\d.,]*\d|\d|[a-z]+)"
)
_RANGE_END = re.compile(r"\s*(?P<unit>miljard|miljoen|mln|ton|duizend|k\b|euro|%|procent)")


def _digits_or_word(token: str) -> Decimal | None:
    """The value of a number in digits or a Dutch number word ('16', 'zestien'); None for another word."""
    return parse_number(token) if token[0].isdigit() else word_number(token)


def _ranges(text: str) -> list[_Figure]:
    """Spans of ranges of figures ("tussen 1 en 2 miljoen", "5 à 6%", "twee of drie ton")."""
    found = []
    for m in _RANGE_RE.finditer(text):
        low, high = _digits_or_word(m.group("a")), _digits_or_word(m.group("b"))
        # a range rises ('twee of drie ton'); 'seventy-five' is one number
        if low is None or high is None or low >= high or (m.group("sep") == "en" and not m.group("tussen")):
            continue
        tail = _RANGE_END.match(text, m.end())
        if tail is None and not (m.group("tussen") or m.group("cur")):
            continue
        rate = tail is not None and tail.group("unit") in ("%", "procent") and not m.group("pa")
        if rate and low > 100:
            continue  # "1.000.000 a 4% rente" is an amount and a rate, not a range
        found.append(_Figure(m.start(), tail.end() if tail else m.end(), Decimal(0), "range"))
    return found


def _amounts(text: str, taken: list[_Figure], short_million: bool = False) -> list[_Figure]:
    """Every money amount in the text (not counts like '24 woningen' or years like 2026); with ``short_million``
    also a bare '3m' (folded '3M': a million, or metres), as kind 'eur_m' for the caller to weigh."""
    found: list[_Figure] = []
    for m in WORD_AMOUNT.finditer(text):
        value = word_amount(m)
        span = (m.start(), m.end())
        if value is not None and not _overlaps(span, taken + found):
            found.append(_Figure(*span, value, "eur"))
    for m in _COMPOUND_MONEY_RE.finditer(text):
        value = word_number(m.group("word"))
        span = (m.start(), m.end())
        if value is not None and value >= 1000 and not _overlaps(span, taken + found):
            found.append(_Figure(*span, value, "eur"))
    for m in _MONEY_RE.finditer(text):
        number = m.group("num")
        currency = bool(m.group("cur1") or m.group("cur2"))
        mult = m.group("mult") or m.group("suf")
        weak = m.group("suf") == "m" and not currency
        if weak and not short_million:
            continue
        grouped = bool(re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d{1,3}(,\d{3}){2,}", number))
        large = len(re.split(r"[.,]", number)[0]) >= 5
        if not (currency or mult or grouped or large):
            continue
        if not (currency or mult) and _COUNT_AFTER.match(text, m.end()):
            continue
        start = m.start("cur1") if m.group("cur1") else m.start("num")
        span = (start, m.end())
        if _overlaps(span, taken + found):
            continue
        value = parse_number(number, grouping=not mult)
        if value is not None:
            found.append(_Figure(*span, value * (MULTIPLIERS[mult] if mult else 1), "eur_m" if weak else "eur"))
    joined: list[_Figure] = []
    for figure in sorted(found, key=lambda f: f.start):
        total = joined and completed_amount(text, joined[-1].value, joined[-1].end, figure.value, figure.start, figure.end)
        if total:  # "een miljoen tweehonderdduizend euro" is one amount
            joined[-1] = _Figure(joined[-1].start, figure.end, total, joined[-1].kind)
        else:
            joined.append(figure)
    return joined


# what own money is called: "eigen geld", "eigen inleg" …
_OWN_MONEY = r"geld|inleg|vermogen|middelen|bijdrage|inbreng|kapitaal"
_OWN_CUES = re.compile(
    rf"\beigen ({_OWN_MONEY}|financiering|spaargeld)\b"
    r"|\binleg\w*|\binbreng\w*|\bspaargeld\b|\bgespaard\b|\bledenkapitaal\b|\b(ons)?zelf\b|\beigen\b"
    # money the members pooled: "€ 25.000 bijeengebracht", "500k bij elkaar gelegd"
    r"|\bbijeen\s?(gebracht|gelegd|brengen|leggen)\b|\bbij elkaar (gebracht|gelegd|brengen|leggen|gespaard)\b"
    r"|\b(leggen|leg|legt|brengen|breng|brengt|steken|stoppen)\b|\bin te (leggen|brengen)\b"
    r"|\bin de pot\b|\bingelegd\b|\bingebracht\b"
)
# money the group has, right next to the amount: "96k hebben we", "wij hebben € 400k"
_HAVE_CUES = re.compile(r"\b(hebben|heb) (we|wij|ik)\b|\b(we|wij|ik|en) (hebben|heb)\b")
_FINANCING_CUES = re.compile(
    r"\blen(en|ing|ingen)\b|\bleen\b|\bgeleend\b|\bfinancier\w*|\bnodig\b|\bkrediet\b"
    r"|\bhypothe\w+|\btekort\b|\bbehoefte\b|\baanvragen\b|\baanvraag\b|\blening\w*|\bzoeken\b|\bzoek\b"
    r"|\bvra(agt|gen|ag)\b(?!\s(ons|me|mij|zich|je|jullie|u)\s)|\baangevraagd\b|\bophalen\b"
)
# "€ 50.000 op € 1.000.000": the amount after op/bij/van is the base the own contribution is part of
_BASE = re.compile(r"^\s*(op|bij|van|per)\s+(een\s+|de\s+)?((totale\s+)?(lening|financiering|financieringsbehoefte)\s+van\s+)?$")
_WHOLE_BEFORE = re.compile(r"\b(op|van)\s(een\s|de\s)?(totale\s|benodigde\s|gevraagde\s)?((lening|financiering|financieringsbehoefte|begroting)\s(van\s)?)?$")
_PART_OF = re.compile(r"^\s*(op|van)\s+(een\s+|de\s+)?(totale\s+)?(lening|financiering|financieringsbehoefte)\s+van\s+$")
_NO_OWN = (
    rf"(?<!\bnog )\b(geen|zonder)\s(eigen\s({_OWN_MONEY}|spaargeld)|inleg|inbreng|spaargeld)\b"
    r"|\b(niets|niks)\b(\s\w+){0,2}\s(inleggen|inbrengen|in te leggen|in te brengen|zelf)\b"
    # the verb first: "eigen geld hebben we niet"
    r"|\beigen\s(geld|inleg|vermogen|middelen|inbreng|spaargeld)\s(hebben|heb|heeft)\s(we|wij|ik|ze|zij)\s(\w+\s)?(niet|geen)\b"
)
# "De totale kosten zijn 2 miljoen": the cost of the whole project, of which the own contribution pays a part and
# the financing the rest (an amount with a financing cue in its own segment is the financing, whatever it totals)
_TOTAL_CUES = re.compile(r"\btota(al|le)\b|\btotal\b|\bstichtingskosten\b|\bbegroting\b")
_SEGMENT = re.compile(r"(?<!\d)[.!?;](?!\d)|[.!?;](?=\s|$)|\n|,\s|\s/\s|\s(en(?!\seen\s(half|halve|kwart)\b)|maar(?!\s[\d€])|terwijl|want|waarvan|plus|daarnaast)\s")


def _nearest_cue(
    text: str, figure: _Figure, window: tuple[int, int], figures: list[_Figure], claimed: bool = False
) -> tuple[str, int, int] | None:
    """('own' | 'financing', cue start, cue end): the nearest cue that no other figure stands between
    (with ``claimed``, not a cue whose own segment holds another figure: that figure is what it labels)."""
    best: tuple[int, int, str, int, int] | None = None
    segments = _spans(text, _SEGMENT) if claimed else []
    for role, cues, adjacent in (("own", _OWN_CUES, False), ("financing", _FINANCING_CUES, False),
                                 ("own", _HAVE_CUES, True)):
        for m in cues.finditer(text, window[0], window[1]):
            if _negated(text, m.start()) and role == "financing":
                continue
            if claimed:
                low, high = _containing(segments, m.start())
                if any(low <= f.start < high for f in figures if f is not figure):
                    continue
            if m.start() >= figure.end:
                low, high, after = figure.end, m.start(), 0
            elif m.end() <= figure.start:
                low, high, after = m.end(), figure.start, 1
            else:
                continue
            if any(low <= f.start < high for f in figures if f is not figure):
                continue
            distance = len(re.sub(r"\s+", "", text[low:high]))
            # 'we hebben 2 miljoen (aan financiering) nodig' is a need, not money the group has
            if adjacent and (distance or re.search(r"\bnodig\b", text[figure.end : window[1]])):
                continue
            candidate = (distance, after, role, m.start(), m.end())
            if best is None or candidate < best:
                best = candidate
    return (best[2], best[3], best[4]) if best else None


def _has_unblocked_cue(
    text: str, figure: _Figure, window: tuple[int, int], figures: list[_Figure], cues: re.Pattern[str]
) -> bool:
    """True when a cue of this kind sits in the window with no other figure in between."""
    for m in cues.finditer(text, window[0], window[1]):
        low, high = (figure.end, m.start()) if m.start() >= figure.end else (m.end(), figure.start)
        if low > high:
            continue
        if not any(low <= f.start < high for f in figures if f is not figure):
            return True
    return False


def _role(text: str, figure: _Figure, figures: list[_Figure]) -> tuple[str, int, int] | None:
    """Whether an amount is the financing or the own contribution, from the cue words near it."""
    segment = _containing(_spans(text, _SEGMENT), figure.start)
    role = _nearest_cue(text, figure, segment, figures)
    if role is None:
        sentence = _containing(_spans(text, _SENTENCE), figure.start)
        role = _nearest_cue(text, figure, sentence, figures, claimed=True)
    return role


def _single(found: list[Found]) -> Found | None:
    """The one value stated (its first mention), or None when none or several different ones were stated."""
    if len({f.value for f in found}) != 1:
        return None
    value = found[0].value
    return Found(float(value), found[0].start, found[0].end)


# an amount per member, household or home: "15 leden die elk € 8.000 inbrengen", "€ 8.000 per huishouden",
# "per woning 150k bij 12 woningen"
_EACH = re.compile(r"\b(elk|ieder|iedereen|each|everyone|everybody)\b|\bper\s(?P<unit>lid|huishouden|persoon|gezin|stel"
                   r"|deelnemer|member|household|person|family|woning|huis|appartement|unit|wooneenheid)\b")
_DWELLING_UNITS = {"woning", "huis", "appartement", "unit", "wooneenheid"}
_MEMBERS = re.compile(rf"\b(?P<n>{_COUNT_WORD})\s(leden|huishoudens|gezinnen|deelnemers|stellen|families|members"
                      r"|households|couples)\b")
# the count and the homes, with what they are between: "zestien nieuw te bouwen zorg appartementen"
_HOMES = re.compile(rf"\b(?P<n>{_COUNT_WORD})\s([^\W\d][\w-]*\s){{0,4}}?(\w*woningen|huizen|appartementen|units|wooneenheden)\b")


def _count(word: str) -> int | None:
    """A whole count in digits or a Dutch number word ('zestien'), None for another word."""
    value = _digits_or_word(word)
    return int(value) if value is not None and value == int(value) else None


def _times_units(text: str, found: Found) -> Found | None:
    """An amount in full: an amount each member or home brings or needs times the number of members or homes
    the text gives; None when it gives no one number (the total is unknown, not the one share)."""
    # the share word stands in the amount's own segment: "4 miljoen lenen; elk huishouden legt € 10.000 in" is a
    # whole and a share
    spans = _spans(text, _SEGMENT)
    last = found.start + len(text[found.start : found.end].rstrip(" .,;:!?")) - 1  # not the full stop after it
    low, high = _containing(spans, found.start)[0], _containing(spans, max(found.start, last))[1]
    each = _EACH.search(text[low:high])
    if not each:
        return found
    counts = {_count(m.group("n")) for m in (_HOMES if each.group("unit") in _DWELLING_UNITS else _MEMBERS).finditer(text)}
    counts.discard(None)
    if len(counts) != 1:
        return None
    return Found(Decimal(str(found.value)) * counts.pop(), found.start, found.end)


# between two amounts of own money listed by where they come from: "60k ledenleningen, 40k spaargeld, 25k uit
# crowdfunding", "€ 45.000 aan ledenleningen, € 30.000 aan spaargeld van de leden en € 20.000 uit …": a short
# phrase naming the source and a list separator, no verb of its own ("30k gespaard en willen naar 50k": not a list)
_ALL_OWN = re.compile(rf"\beigen\s({_OWN_MONEY})\b|\b(inleg|inbreng)\b")
_VERB_BETWEEN = re.compile(
    r"\b(hebben|heb|heeft|had|hadden|is|zijn|was|waren|wordt|worden|werd|willen|wil|wilden|gaan|gaat|moeten|moet"
    r"|kunnen|kan|zullen|zal|komt|komen|nodig|have|has|are|will|need)\b"
)
_LIST_BETWEEN = re.compile(r"\s*([^\W\d]+\s){0,5}?([^\W\d]+)?\s*(,|\sen|\splus|\s\+|\sand)\s*(ook\s)?")


def _sources_summed(
    text: str, own: list[Found], unassigned: list[_Figure], figures: list[_Figure], financing: list[Found]
) -> list[Found]:
    """Own money stated as the sum of its sources: one amount when they are a list in one sentence (amounts
    without a cue of their own that continue the list count too, once the financing is stated); the total when
    it heads the list of its parts ("eigen inleg 120k: 70k spaargeld, 30k …"); else unchanged (several
    different amounts: unknown)."""
    if not own or (len({f.value for f in own}) < 2 and not (financing and unassigned)):
        return own
    ordered = sorted(own, key=lambda f: f.start)
    sentence = _containing(_spans(text, _SENTENCE), ordered[0].start)
    rest = [Found(f.value, f.start, f.end) for f in unassigned if ordered[0].start < f.start < sentence[1]] if financing else []
    items = sorted(ordered + rest, key=lambda f: f.start)
    listed = [items[0]]
    for item in items[1:]:
        between = text[listed[-1].end : item.start]
        if len(listed) == 1 and between.strip() == ":":
            listed.append(item)  # a total and, after the colon, its parts
            continue
        if _CORRECTION.search(between) or _VERB_BETWEEN.search(between) or not _LIST_BETWEEN.fullmatch(between):
            break
        listed.append(item)
    values = [Decimal(str(f.value)) for f in listed]
    if len(listed) < 2 or not all(f in listed for f in ordered):
        return own
    if text[listed[0].end : listed[1].start].strip() == ":":
        return [listed[0]] if values[0] == sum(values[1:]) else own
    # own money in general named for one item ("150k eigen geld en 2 ton spaargeld"): the savings may be part of it
    amounts = [f for f in figures if listed[0].start <= f.start < listed[-1].end]
    end = _containing(_spans(text, _SEGMENT), amounts[-1].start)[1]
    if _ALL_OWN.search(text, amounts[0].end, end):
        return own
    return [Found(sum(values), listed[0].start, listed[-1].end)]


def read_amounts(text: str) -> tuple[Found | None, Found | None, Found | None]:
    """(financing_eur, own_contribution_eur, own_contribution_pct)."""
    ranges = _ranges(text)
    pcts = [p for p in _percentages(text) if not _overlaps((p.start, p.end), ranges)]
    amounts = _amounts(text, pcts + ranges, short_million=True)
    # a bare "3m" is money only with a financing or own-contribution cue in its own segment ("we zoeken 3M")
    for figure in [f for f in amounts if f.kind == "eur_m"]:
        segment = _containing(_spans(text, _SEGMENT), figure.start)
        if _nearest_cue(text, figure, segment, pcts + amounts) is None:
            amounts.remove(figure)
        else:
            figure.kind = "eur"
    figures = sorted(pcts + amounts, key=lambda f: f.start)
    financing: list[Found] = []
    own: list[Found] = []
    own_pct: list[Found] = []
    total: list[Found] = []
    roles: dict[int, str] = {}
    unassigned: list[_Figure] = []
    # an amount the user corrects right away ("60.000. Oh wacht, het wordt 52.000") gives way to the correction,
    # which takes its role
    replaced: dict[int, _Figure] = {}
    for first, second in zip(figures, figures[1:]):
        between = text[first.end : second.start]
        if first.kind == second.kind and len(between) <= 80 and _CORRECTION.search(between):
            replaced[second.start] = first
    dropped = {f.start for f in replaced.values()}
    for figure in figures:
        if figure.start in dropped or _negated(text, figure.start) or _uncertain(text, figure.start):
            continue
        if figure.start in replaced:
            earlier = replaced[figure.start]
            if earlier.kind == "pct":
                if _has_unblocked_cue(text, earlier, _containing(_spans(text, _SEGMENT), earlier.start), figures,
                                      _OWN_CUES):
                    own_pct.append(Found(figure.value, figure.start, figure.end))
                continue
            role = _role(text, earlier, figures)
            if role is not None:
                roles[figure.start] = role[0]
                (financing if role[0] == "financing" else own).append(Found(figure.value, figure.start, figure.end))
                continue
        segment = _containing(_spans(text, _SEGMENT), figure.start)
        if figure.kind == "pct":
            if _has_unblocked_cue(text, figure, segment, figures, _OWN_CUES):
                cue = _nearest_cue(text, figure, segment, figures)
                low = min(figure.start, cue[1]) if cue else figure.start
                high = max(figure.end, cue[2]) if cue else figure.end
                own_pct.append(Found(figure.value, low, high))
            continue
        role = _role(text, figure, figures)
        low, high = segment
        if _TOTAL_CUES.search(text, low, high) and not _FINANCING_CUES.search(text, low, high):
            total.append(Found(figure.value, figure.start, figure.end))
            continue
        previous = [f for f in figures if f.end <= figure.start and f.kind == "eur"]
        following = [f for f in figures if f.start >= figure.end and f.kind == "eur"]
        if previous and roles.get(previous[-1].start) in ("own", "part") and _BASE.match(text[previous[-1].end : figure.start]):
            role = ("financing", figure.start, figure.end)
        elif own_pct and _WHOLE_BEFORE.search(text, 0, figure.start):
            role = ("financing", figure.start, figure.end)  # "5% eigen inleg op 2 miljoen": the whole the share is of
        elif following and _BASE.match(text[figure.end : following[0].start]) and _PART_OF.match(text[figure.end : following[0].start]):
            role = ("own", figure.start, figure.end)  # "90.000 op een financiering van 2 miljoen": a part of the whole
        elif (role is None and following and figure.value < following[0].value
              and re.fullmatch(r"\s*(op|van)\s+(de\s+|een\s+)?(totaal\s+|totale\s+)?", text[figure.end : following[0].start])):
            role = ("own", figure.start, figure.end)  # "zo'n 150k op 3,2 mln": a smaller amount on a larger one is its part
        if role is None:
            unassigned.append(figure)
            continue
        roles[figure.start] = role[0]
        low, high = min(figure.start, role[1]), max(figure.end, role[2])
        if high - low > 80:
            low, high = figure.start, figure.end
        (financing if role[0] == "financing" else own).append(Found(figure.value, low, high))
    # the total cost less the own money is what is to be financed ("2 miljoen in totaal, 98.000 zelf, de rest lenen")
    whole, part = _single(total), _single(own)
    if not financing and whole is not None and part is not None and part.value < whole.value:
        financing.append(Found(Decimal(str(whole.value)) - Decimal(str(part.value)), whole.start, whole.end))
    # the one amount without a cue beside a stated own contribution is the financing ("3 mln, 300k eigen")
    if not financing and (own or own_pct) and len(unassigned) == 1:
        rest = unassigned[0]
        if not any(rest.value <= found.value for found in own):
            financing.append(Found(rest.value, rest.start, rest.end))
    # an amount each member brings, or each home needs, counts only times the number of members or homes
    own = [whole for found in own if (whole := _times_units(text, found)) is not None]
    own = _sources_summed(text, own, unassigned, figures, financing)
    financing = [whole for found in financing if (whole := _times_units(text, found)) is not None]
    # "geen eigen geld", "zonder eigen inleg": an own contribution of nothing
    if not own and not own_pct:
        for m in re.finditer(_NO_OWN, text):
            if not _uncertain(text, m.start()):
                own.append(Found(Decimal(0), m.start(), m.end()))
                break
    return _single(financing), _single(own), _single(own_pct)


def amounts_in(text: str) -> list[Decimal]:
    """Every money amount in prepared text, whatever its role."""
    ranges = _ranges(text)
    pcts = [p for p in _percentages(text) if not _overlaps((p.start, p.end), ranges)]
    return [f.value for f in _amounts(text, pcts + ranges)]


# --------------------------------------------------------------------------- public API


# An earlier plan the user has since dropped: "eerst dachten we aan koop, maar het wordt huur", "at first we
# wanted to buy, but": the clause from the marker to the contrast
_RETRACTED = re.compile(
    r"\b(eerst|aanvankelijk|oorspronkelijk|in eerste instantie|at first|originally|initially)\b(\s\w+){0,2}?"
    r"\s(dachten|dacht|wilden|wilde|wouden|was|waren|hadden|had|zouden|zou|leek|gingen|ging|planden|thought|wanted"
    r"|planned|were)\b[^.!?]{0,200}?(?=\b(maar|but)\b)"
)


# The user corrects what they just wrote: "eigen inleg 60.000. Oh wacht, het wordt 52.000", "4 ton?? nee sorry,
# 40k bedoel ik", "Correctie: we zitten in de planfase"
_CORRECTION = re.compile(
    r"\b(oh |o )?wacht\b|\bsorry\b|\bcorrectie\b|\bbedoel(de)?\b|\bexcuus\b|\bverbetering\b"
    r"|\bi meant?\b|\bcorrection\b|\bscratch that\b"
)


def _read(t: str) -> dict[str, Found | None]:
    financing, own, own_pct = read_amounts(t)
    form = read_organisation_form(t)
    return {
        "organisation_form": form,
        "tenure": read_tenure(t),
        "project_type": read_project_type(t, form),
        "phase": read_phase(t),
        "financing_eur": financing,
        "own_contribution_eur": own,
        "own_contribution_pct": own_pct,
        "initiative_phase_complete": read_initiative_phase_complete(t),
    }


def _blank(t: str, spans: list[tuple[int, int]]) -> str:
    """t with the spans blanked out (positions kept, so what is read still points at the user's words)."""
    for low, high in spans:
        t = t[:low] + " " * (high - low) + t[high:]
    return t


def _reread(found: dict[str, Found | None], masked: str, dropped: Sequence[tuple[int, int]] = ()) -> None:
    """Read the masked text again: a value found there wins; one read before from a dropped span is forgotten."""
    for key, value in _read(masked).items():
        old = found[key]
        if value is not None or (old is not None and any(low <= old.start < high for low, high in dropped)):
            found[key] = value


def read_facts(text: str) -> Reading:
    """The eligibility facts of a message and the user's words each was read from; unsaid facts stay None.

    What a dropped earlier plan says gives way to what the rest of the message says: a fact is read again
    without the retracted clauses, and a value found there wins over the first reading."""
    prepared = prepare(text)
    t = prepared.text
    found = _read(t)
    retracted = [m.span() for m in _RETRACTED.finditer(t)]
    if retracted:
        # a fact only a dropped plan states is not the user's any more: asking again is cheap, a 'Nee' on it is not
        _reread(found, _blank(t, retracted), dropped=retracted)
    corrections = list(_CORRECTION.finditer(t))
    if corrections:  # what follows the last correction stands
        _reread(found, _blank(t, [(0, corrections[-1].end())]))
    facts = Facts(**{key: f.value if f else None for key, f in found.items()})
    evidence = {key: _words(prepared, f) for key, f in found.items() if f is not None}
    return Reading(facts=facts, evidence=evidence)


def _words(prepared: Prepared, found: Found) -> str:
    """The user's words behind a Found."""
    return prepared.words(found.start, found.end)


def parse_facts(text: str) -> Facts:
    """Extract the eligibility facts from a Dutch message; what it does not say stays None."""
    return read_facts(text).facts


def merge_facts(prior: Facts, new: Facts) -> Facts:
    """Facts of earlier turns updated with the non-null facts of a new turn.

    A new own contribution in euro without a percentage replaces an earlier percentage, since
    a given percentage would otherwise keep taking precedence over the newer amount.
    """
    update = {key: value for key, value in new.model_dump().items() if value is not None}
    if new.own_contribution_eur is not None and new.own_contribution_pct is None:
        update["own_contribution_pct"] = None
    return prior.model_copy(update=update)


_ELIGIBILITY_INTENT = re.compile(
    r"\b(komen|kom|komt|vallen|valt|val) (wij|we|ik|ons|onze|mijn|jullie|het|dit|dat)\b(\s\w+){0,4}"
    r"\s(in aanmerking|onder)\b"
    r"|\bin aanmerking\b(\s\w+){0,4}\s(wij|we|ik|ons|onze|mijn)\b"
    r"|\b(kunnen|kan|mogen|mag) (wij|we|ik|ons|onze|mijn)\b(\s\w+){0,6}"
    r"\s(lenen|lening|financier\w*|terecht|aanvragen|aankloppen|gebruik maken|krijgen|ontvangen)\b"
    r"|\b((willen|wil|zoeken|zoek|vragen|vraag) (wij|we|ik)|(wij|we|ik) (willen|wil|zoeken|zoek|vragen|vraag))\b(\s\w+){0,4}\s(geld|lening|financiering)\b(\s\w+){0,3}\s(fonds|svn)\b"
    r"|\b(fundable|financierbaar|financeable)\b"
    r"|\b(kan|kunnen) (het fonds|jullie|svn) (ons|mij|onze|mijn)\b"
    r"|\b(is|zijn) (onze|mijn|ons) (eigen )?(inleg|eigen geld|bijdrage|inbreng)\w* (\w+ )?"
    r"(genoeg|voldoende|hoog genoeg|te laag|te weinig)\b"
    r"|\b(kwalificeren|voldoen) (wij|we|ik)\b|\bmaken (wij|we|ik) kans\b"
    r"|\b(krijgen|krijg) (wij|we|ik) (een |geld|financiering)"
    r"|\b(wat als|stel dat) (wij|we|ik|onze|mijn)\b|\ben als (wij|we|ik|onze|mijn)\b"
    # English (the reader has already turned 'we'/'our' into 'wij'/'onze')
    r"|\b(do|would|could|can|will) (we|wij|i|ik|our \w+|onze \w+)( still| also)? (qualify|be eligible"
    r"|get (a |the )?(loan|lening|financing|financiering|funding))"
    r"|\b(are|am|is) (we|wij|i|ik|our \w+|onze \w+) (still |also )?eligible\b"
)
_ENOUGH = r"\b(genoeg|voldoende)\b.*\b(inleg|eigen geld)\b|\b(inleg|eigen geld)\b.*\b(genoeg|voldoende)\b"
_FIRST_PERSON = re.compile(r"\b(wij|we|ons|onze|ik|mijn|mij)\b")
_FUND_TOPIC = re.compile(
    r"\bfonds\b|\bsvn\b|\blen(en|ing)\b|financier|\binleg|\beigen (geld|vermogen)\b|\baanmerking\b"
    r"|\b(plan|bouw)fase\b|\bterecht\b"
)


# A necessity modal states a rule, not the initiative's situation: "we moeten 10% inleggen".
_NECESSITY = re.compile(
    r"\b(moet|moeten|moest|moesten|nodig|vereist|verplicht|verplichte|minimaal|minimum|ten minste|tenminste"
    r"|must|need|needs|needed|required|requires|minimum|at least|have to|has to)\b"
)
# An open question asks for information ("hoeveel …", "hoe …", "wanneer …"), not for a verdict.
# A question whose subject is the fund asks what the fund does, not whether this initiative qualifies.
_FUND_SUBJECT = re.compile(
    r"\b(kan|kunnen|mag|financiert|betaalt|leent|geeft|doet|dekt|can|does|will|would|may)\s"
    r"(het fonds|dit fonds|dat fonds|svn|the fund|this fund|that fund)\b"
)
_OPEN = re.compile(r"^(?!(\w+\s){0,2}?(wat als|what if)\b)(\w+\s){0,2}?(hoeveel|hoe|wanneer|waar|waarom|wie|welke|wat|how|when|where|why|who|which|what)\b")


# whether the fund is open yet: 'kan ik nu al aankloppen of is het nog niet open?' asks when, not whether we qualify
_AVAILABILITY = re.compile(r"\b(nu al|nu alvast|al open|nog niet open|open (is|gaat)|opengaat|geopend|van start|already"
                           r"|open yet|is it open)\b")
# a question without its question mark: 'kunnen we z'n huurcontract beëindigen'
_QUESTION_SHAPE = re.compile(rf"\?|(^|[.!]\s)((\w+\s){{0,2}}?(hoe|wat|wie|waar|wanneer|waarom|welke)\b"
                             r"|(kunnen|kan|mogen|mag|moeten|moet|hebben|heeft|zijn|is) (we|wij|ik|jullie)\b)"
                             r"|,\s(kunnen|kan|mogen|mag|moeten|moet) (we|wij|ik)\b")


def _asks_to_qualify(prepared: str, text: str) -> bool:
    """The 'komen wij in aanmerking?' forms, about the fund: 'kan ik huurtoeslag krijgen?' asks for something
    else, so the fund (or its loan, or a fact of an initiative) must be in the message too; and whether it is
    open yet is a question about the fund."""
    if not _ELIGIBILITY_INTENT.search(prepared):
        return False
    def facts() -> bool:
        return any(v is not None for v in parse_facts(text).model_dump().values())

    if _AVAILABILITY.search(prepared) and not facts():
        return False
    return bool(_FUND_TOPIC.search(prepared)) or facts()


def asks_to_qualify(text: str) -> bool:
    """True for the 'komen wij in aanmerking?' forms about the fund ('kunnen we bij het fonds lenen?')."""
    return _asks_to_qualify(prepare(text).text, text)


# a question clause anywhere in a message, even without its question mark: an interrogative, a finite verb and its
# subject after it ('… en willen zelf het beheer doen hoe begin je daar mee', '…, wat raadt de brief dan aan')
_INVERTED_WH = re.compile(r"\b(hoe|wat|wie|waar|wanneer|waarom|welke)\s(?!als\b)\w+\s(je|jij|we|wij|ik|u|jullie|ze|zij"
                          r"|de|het|men)\b")


# an open question for a procedure, a moment, a place or a person: 'Hoe vragen we die korting aan?'
_OPEN_OTHER = re.compile(r"^(\w+\s){0,2}?(hoe|wanneer|waar|wie|how|when|where|who)\b")


def asks_something_else(text: str) -> bool:
    """True when the message's question asks how, when, where or who (about a procedure, a moment, a place or
    a person), not how to qualify: what it says of the initiative is context, not a case ('Waar kunnen we
    aankloppen?' asks a place)."""
    prepared = prepare(text).text
    sentences = [p for p in re.split(r"(?<=[.?!])\s+", prepared.strip()) if p]
    asking = [p for p in sentences if p.endswith("?")]
    if asking:
        last = asking[-1]
        open_other = _OPEN_OTHER.search(last)
    else:  # no question mark at all: a question clause inside the last sentence ('… hoe begin je daar mee')
        last = sentences[-1] if sentences else ""
        open_other = (m := _INVERTED_WH.search(last)) is not None and m.group(1) in ("hoe", "wanneer", "waar", "wie")
    return bool(open_other) and not re.search(r"\b(in aanmerking|qualify|eligible)\b", last)


def asks_for_verdict(text: str) -> bool:
    """True when the message asks for a verdict on the user's own initiative (the rules' questionnaire),
    not for information about the fund's rules: the explicit "komen wij in aanmerking?" forms, or a
    described situation that is neither an open question nor a statement of what is required."""
    prepared = prepare(text).text
    if _asks_to_qualify(prepared, text):
        return not _OPEN.search(prepared)
    if (_NECESSITY.search(prepared) or _OPEN.search(prepared) or _INVERTED_WH.search(prepared)
            or _FUND_SUBJECT.search(prepared)):
        return False
    return looks_like_eligibility(text)


def looks_like_eligibility(text: str) -> bool:
    """True when the message asks whether a concrete initiative qualifies for the fund."""
    prepared = prepare(text).text
    if _asks_to_qualify(prepared, text):
        return True
    if _FIRST_PERSON.search(prepared) and re.search(_ENOUGH, prepared):
        return True
    facts = parse_facts(text)
    known = sum(value is not None for value in facts.model_dump().values())
    figures = sum(
        value is not None
        for value in (facts.financing_eur, facts.own_contribution_eur, facts.own_contribution_pct)
    )
    if _FIRST_PERSON.search(prepared):
        # a description of one's own situation without a question asks for the verdict too
        return (figures >= 1 or known >= 3 or (known == 2 and bool(_FUND_TOPIC.search(prepared)))
                or (not _QUESTION_SHAPE.search(prepared) and known >= 1))
    # no "wij/ons": a described scenario counts, a general question about the rules does not
    return figures >= 2 or (known >= 3 and not _QUESTION_SHAPE.search(prepared))


# kept for callers of the old module layout
fix_typos = fix_typos_text
_correct_token = correct_token
