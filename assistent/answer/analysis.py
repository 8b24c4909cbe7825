"""Question analysis, made once per question and passed down: language, intent, expected answer type,
focus terms weighted by their rarity in the corpus, and the premises the question states.

Linguistic means only: interrogatives and measure nouns of Dutch and English decide the answer type
(a closed class of the language, not of the letter); the corpus decides which words are rare.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz, process

from assistent.index.store import Index
from assistent.models import Passage
from assistent.text import analyze, fold, names_in, separable_verbs, tokens
from assistent.text.glossary import ENGLISH_WORDS, expand, expand_compounds, glossed
from assistent.text.numbers import MONTHS_NL_RE, figures_in

AnswerType = Literal[
    "amount", "percentage", "count", "duration", "time", "organisation", "place", "list", "reason",
    "procedure", "definition", "yesno", "other",
]
# types whose answer is a value that a sentence either holds or not
VALUE_TYPES: frozenset[str] = frozenset({"amount", "percentage", "count", "duration", "time", "place", "organisation"})
Intent = Literal["smalltalk", "sources"]

# --- the answer type ---------------------------------------------------------

# Measure nouns: a question about one of these asks for a value of that type ("wat is de rente?").
MEASURE_NOUNS: dict[str, AnswerType] = {
    # ('procent' and 'percentage' are units of a figure, not a measure: "hoeveel procent" is typed by its rule)
    **dict.fromkeys(("rente", "rentepercentage", "renteopslag", "interest", "tarief", "rate", "btw"), "percentage"),
    **dict.fromkeys(("bedrag", "bedragen", "kosten", "kost", "prijs", "prijzen", "budget", "hoogte", "maximum",
                     "minimum", "amount", "price", "cost", "costs", "fee", "premie", "boete", "salaris", "inkomen",
                     "huurprijs", "huur", "grondprijs", "koopprijs", "waarde"), "amount"),
    **dict.fromkeys(("aantal", "number"), "count"),
    **dict.fromkeys(("looptijd", "duur", "termijn", "aflostermijn", "term", "duration"), "duration"),
    **dict.fromkeys(("datum", "deadline", "date", "startdatum", "einddatum", "jaartal"), "time"),
    **dict.fromkeys(("adres", "telefoonnummer", "telefoon", "e-mailadres", "emailadres", "email", "mail",
                     "website", "webadres", "url", "postcode", "locatie", "address", "phone", "contactgegevens",
                     "loket", "contactpersoon"), "place"),
}
_VALUE_NOUN_SLOT = "|".join(sorted(MEASURE_NOUNS, key=len, reverse=True))

_LEAD = r"^(?:(?:en|maar|dus|ok|oke|nou|oh|ja|nee|hoi|hallo|and|but|so|also|ook)\s*,?\s+)*"
_TYPE_RULES: tuple[tuple[AnswerType, str], ...] = (
    ("percentage", r"\b(hoeveel|welk|wat is het|what|how much)\b(\s\w+){0,3}\s(procent|percent|percentage)\b"),
    ("duration", r"\b(hoe lang|hoelang|how long|hoeveel (jaar|jaren|maanden|weken|tijd))\b"),
    ("time", r"\b(wanneer|vanaf wanneer|tot wanneer|per wanneer|sinds wanneer|in welk jaar|welk jaar|op welke datum"
             r"|hoe laat|when|until when|by when|since when|from when|what year|which year|what date)\b"),
    # (a verb after 'hoeveel' asks how much: 'hoeveel moeten we zelf inbrengen')
    ("count", r"\bhow many\b|\bhoeveel\s+(?!(eigen|geld|euro|subsidie|inleg|financiering|budget|kosten|procent"
              r"|rente|tijd|ruimte|steun|belasting|korting|huur|vermogen|geleend|lenen|betalen|kost"
              r"|moeten|moet|kunnen|kan|mogen|mag|hebben|heb|heeft|zijn|is|wordt|worden|krijgen|krijgt|gaan|gaat"
              r"|willen|wil|zullen|zal|zou|zouden|hoeven|hoeft)\b)"
              r"(\w+\s)?\w+(en|s|'s)\b"),
    ("amount", r"\b(hoeveel|hoe hoog|hoe groot|hoe veel|how much|how high|how big|how large)\b"),
    ("place", r"\b(waar|waarheen|bij wie|where|who do i contact|contact)\b"),
    ("organisation", r"\b(wie|door wie|welke (organisatie|partij|partijen|instantie|instanties|bank|banken|"
                     r"ministerie|gemeente|gemeenten|provincie|provincies)|who|which (organisation|organization|"
                     r"party|parties|bank|banks|body|ministry))\b"),
    ("reason", r"\b(waarom|om welke reden|wat is de reden|hoe komt het|why|for what reason|what is the reason)\b"),
    ("procedure", r"\b(hoe|op welke manier|wat moet(en)? (ik|we|wij|je|jullie) doen|welke stappen|how|what steps)\b"),
    ("definition", r"^(wat (is|zijn|betekent|betekenen|houdt) |wat wordt .* bedoeld|what (is|are|does) .* mean"
                   r"|what (is|are) (a|an|the)? ?\w+\??$|define )"),
    ("list", r"\b(welke|which|what)\s+\w+(en|s)\b"),
)
_YESNO = re.compile(
    r"^(mag|mogen|kan|kun|kunnen|moet|moeten|is|zijn|wordt|worden|krijg|krijgt|krijgen|heeft|hebben|komt|komen"
    r"|gaat|gaan|geldt|gelden|bestaat|bestaan|zit|zitten|klopt|betaalt|betalen|helpt|helpen|doet|doen|wil|willen"
    r"|blijft|blijven|valt|vallen|hoeft|hoeven|staat|staan|telt|tellen|financiert|financieren|leent|lenen"
    r"|can|could|may|must|is|are|does|do|did|will|would|should|has|have)\b"
)


# "waar" + a preposition later in the clause is a pronominal adverb ("waar is dat op gericht?"), not a place
_STRANDED = re.compile(r"^(waar)\b.*\b(op|voor|van|bij|mee|aan|over|naar|door|om|uit|tegen|toe|af)(\s\w+){0,2}"
                       r"(?:$|,?\s(?:of|dat|als|wanneer|om|zodat)\b)"  # … or a clause after it: 'waar hangt het van af of …'
                       r"|^where\b.*\b(for|about|of|on|from)$")


def _asking_clause(question: str) -> str:
    """The clause that asks: the last sentence that ends in '?', else the last one; fillers dropped."""
    parts = [p.strip() for p in re.split(r"(?<=[.?!])\s+", fold(question).strip()) if p.strip()]
    asking = [p for p in parts if p.endswith("?")] or parts or [""]
    return re.sub(_LEAD, "", asking[-1].strip(" ?!.")).strip()


def answer_type(question: str) -> AnswerType:
    """The kind of answer a question expects, from the interrogative that opens its asking clause and the
    measure noun it asks about."""
    q = _asking_clause(question)
    if _YESNO.match(q) or re.match(r"(klopt het|is het zo|is het waar)\b", q):
        return "yesno"
    for name, pattern in _TYPE_RULES[:4]:  # a number or time asked for explicitly
        if re.match(rf"(\w+\s){{0,3}}?{pattern}", q) or (name != "time" and re.search(pattern, q)):
            return name
    noun = re.search(rf"\b(wat|welke|what|which) (is|zijn|was|are|is the|are the)?\s*(de|het|the)?\s*"
                     rf"({_VALUE_NOUN_SLOT})\b", q)
    if noun:
        return MEASURE_NOUNS[noun.group(4)]
    if _STRANDED.search(q):
        return "other"
    for name, pattern in _TYPE_RULES[4:]:
        if re.match(rf"(\w+\s){{0,3}}?{pattern}", q):
            return name
    if re.search(r"\b(klopt het|is het zo|is het waar|right|isn'?t it|toch)$", q):
        return "yesno"
    return "other"


# The Dutch word the sources would use for an English measure noun.
_MEASURE_NL = {
    "interest": "rente", "rate": "tarief", "amount": "bedrag", "price": "prijs", "cost": "kosten", "costs": "kosten",
    "fee": "kosten", "duration": "looptijd", "term": "looptijd", "date": "datum", "address": "adres",
    "phone": "telefoonnummer", "number": "aantal", "kost": "kosten",
}


# Words that open a question clause (what a user asks after stating something: 'X; hoe vraag ik dat aan?').
# (after a preposition: 'vanaf wanneer', 'bij welke', 'for whom')
_QUESTION_OPENER = (r"(?:(?:vanaf|tot|sinds|per|bij|met|voor|van|aan|from|until|since|by|with|for|to)\s+)?"
                    r"(?:wat|welke?|wie|waar\w*|waarom|wanneer|hoe\w*|kan|kunnen|mag|moet|moeten"
                    r"|what|which|who|where|why|when|how|can|do|does|should)\b")

# Words that open a clause stating what it takes as given ('nu X', 'aangezien X', 'since X')
_GIVEN = r"nu|aangezien|omdat|doordat|gezien het feit dat|gezien|since|now that|given that|given the fact that|because"

# Forms in which a question takes a claim for granted: a check ("klopt het dat X"), a tag ("X, toch?"),
# a presupposing clause ("Nu X, …", "Aangezien X, …") or a statement before the question.
_ASSERTING = (
    re.compile(r"^(?:klopt het|is het (?:zo|waar)|is it (?:true|correct)|am i right)(?: dat| that)?\s+(?P<c>.+)$"),
    re.compile(r"^(?P<c>.+?),?\s+(?:toch|he|hè|right|correct|isn'?t it|klopt dat)$"),
    # a tag inside the sentence, before what the user adds ('X he, dus Y?', 'X he en Y?')
    # (not in a clause that opens as a question: there 'toch' means 'all the same')
    re.compile(rf"^(?!{_QUESTION_OPENER})(?P<c>.{{12,}}?),?\s+(?:toch|he|hè|right)"
               r"(?:\s*,|\s+(?:en|dus|maar|of|and|so|but)\b)"),
    # an English tag question: an auxiliary, negated or not, and a pronoun after a comma ('X, wasn't it?',
    # 'X, doesn't it?', 'X, don't they?', 'X isn't so, is it?')
    re.compile(r"^(?P<c>.+?),\s*(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should)"
               r"(?:n'?t|\s+not)?\s+(?:it|they|he|she|there|we|you|that|this)$"),
    # 'X, of niet?' confirms a statement; 'Wordt X afgeschaft of niet?' is an open question
    re.compile(rf"^(?!{_YESNO.pattern[1:]})(?P<c>.+?),?\s+(?:of niet|or not)$"),
    re.compile(rf"^(?:{_GIVEN}|sinds)\s+(?P<c>[^,:?]{{12,}})[,:]"),
    # the particle 'toch' inside a question asks to confirm what it states ("kunnen we toch … terecht?")
    re.compile(r"^(?P<c>(?:[\w'-]+,?\s){1,6}toch\b.{8,})$"),
)


# where a question's clauses part: at a comma (not one in a figure), semicolon or colon, before 'maar'/'but'
_CLAUSE_SPLIT = re.compile(r"\s*,\s+|\s*[;:]\s*|\s+(?:maar|but)\s+")
# a later clause that states what it takes as given
_PRESUPPOSING_CLAUSE = re.compile(rf"^(?:{_GIVEN})\s+(?P<c>[^:]{{12,}})$")


# A statement, then a question about it in the same sentence: 'X; hoe …?', 'X, dus hoe …?', 'X, waar …?', or
# a conclusion drawn from it: 'X, dus moeten we zelf betalen?'.
_STATED_THEN_ASKED = re.compile(rf"^(?P<c>.{{15,}}?)(?:(?:\s*;\s*|,\s*(?:dus|maar|so|but)?\s*)(?={_QUESTION_OPENER})"
                                rf"|,\s*(?:dus|daarom|so|therefore)\s+(?=\S))")
# A clause that is no statement of the user's: a question, a condition, a supposition ('als wij …, mag dat?')
# or what someone else says or asks ('de ontwikkelaar zegt dat …', 'mijn wethouder vroeg me waarom …'); what they
# say is checked as a reported claim (`reported_claim`).
_REPORTED = (r"\b(?:zegt|zeggen|zei|beweert|beweren|vindt|vinden|denkt|denken|vraagt|vroeg|vragen|says|claims|thinks"
             r"|asks|asked|wonders)\b")
_NOT_STATED = re.compile(rf"^(?:{_QUESTION_OPENER}|als|indien|wanneer|stel|stel dat|if|suppose|zou|zouden|would)\b|{_REPORTED}")
# What someone else is said to say, or the user heard, read, understood or thought, opening a sentence: its content
# is a claim to check ('Mijn buurvrouw zegt dat X; hoe zit dat?', 'I heard X. Is that right?', 'Volgens onze adviseur
# X?', 'Als ik het goed begrijp X; …').
_REPORT_FRAME = re.compile(
    rf"^(?!{_QUESTION_OPENER})(?:(?:[\w'-]+\s+){{1,4}}?(?:zegt|zei|zeiden|zeggen|beweert|beweren|vertelt|vertelde"
    r"|vertelden|hoorde|hoorden|gehoord|las|lazen|gelezen|begrijp|begreep|begrepen|dacht|dachten|says|said|claims"
    r"|claimed|tells|told|heard|read|understand|understood|thought)"
    r"(?:(?:\s+[\w'-]+){0,4}?\s+(?:dat|that)\b)?"
    r"|(?:volgens|according to)\s+"
    r"(?:(?:de|het|een|mijn|onze|ons|m'n|uw|my|our|the|a|an|his|her|their|zijn|haar|hun)\s+)?[\w'-]+)\s*,?\s*(?P<c>.{12,})$")
# where a reported claim ends and the question about it begins
_REPORT_END = re.compile(rf"\s*;.*$|,\s*(?:{_QUESTION_OPENER}|klopt|is dat|true|right|correct|toch|he)\b.*$"
                         r"|,\s*\w+\s+(?:dat|dit|het|that|this|it)\b.*$"  # ', heeft dat iets te maken met …'
                         r"|,?\s+(?:toch|he|hè|right|klopt dat)$")


def reported_claim(part: str) -> str:
    """The claim a sentence reports someone else made, or the user heard or read; '' for none."""
    m = _REPORT_FRAME.match(part)
    return _REPORT_END.sub("", m.group("c")).strip(" ,") if m else ""


def asserted_claim(question: str, statements: bool = True) -> str:
    """The claim a question takes for granted, or ''; with statements=False only the presupposing forms
    ('klopt het dat …', '…, toch?', 'Nu …,'), not a statement the user makes before asking."""
    parts = [p.strip() for p in re.split(r"(?<=[.?!])\s+", fold(question).strip()) if p.strip()]
    for part in parts:
        if reported := reported_claim(re.sub(_LEAD, "", part.strip(" ?!."))):
            return reported
    if statements and len(parts) > 1 and not parts[0].endswith("?") and not re.search(_REPORTED, parts[0]):
        return parts[0].rstrip(".!")
    # any sentence of the message may take something for granted ('Het wordt toch door RVO uitgevoerd? Hoe …')
    for part in parts:
        p = re.sub(_LEAD, "", part.strip(" ?!."))
        for pattern in _ASSERTING:
            m = pattern.match(p)
            if m:
                return m.group("c")
    for part in parts:
        if not part.endswith("?"):
            continue
        for i, clause in enumerate(_CLAUSE_SPLIT.split(part.strip(" ?!."))):
            # the particle 'toch' in a later clause too ('…, zij voeren het toch uit?'), unless the clause opens
            # as a question: then it means 'all the same' ('Vergoedt de Wmo dat: kan de gemeente er dan toch iets
            # aan doen?'); a presupposing clause after the question states what it takes as given ('Hoe vraag ik
            # dat aan, nu de minister het heeft opengesteld?')
            words = re.sub(_LEAD, "", clause).split()
            if "toch" in words[1:] and not re.match(_QUESTION_OPENER, " ".join(words)):
                return " ".join(w for w in words if w != "toch")
            if i and (m := _PRESUPPOSING_CLAUSE.match(clause)):
                return m.group("c")
    q = re.sub(_LEAD, "", (parts[-1] if parts else "").strip(" ?!."))
    if statements:
        m = _STATED_THEN_ASKED.match(q)
        if m and not _NOT_STATED.search(m.group("c")):
            return m.group("c")
    return ""


def asked_measure(question: str, lang: str = "en") -> tuple[str, AnswerType] | None:
    """The measure noun the question asks about ('rente', 'looptijd'; English ones as the Dutch word the
    sources would use, only in an English question: Dutch 'die term' is a word, not a loan term), with its type;
    a noun inside a hyphenated compound ('cost-sharing'), or one written open ('a long term programme'), is no
    measure."""
    folded = fold(question)
    for m in re.finditer(r"(?<![\w-])(\w+)(?![\w-])", folded):
        w = m.group(1)
        if lang != "en" and w in _ENGLISH_MEASURES:
            continue
        if lang == "en" and re.search(r"\b(long|short|mid|medium|near)\s$", folded[: m.start()]):
            continue
        if w in MEASURE_NOUNS:
            return _MEASURE_NL.get(w, w), MEASURE_NOUNS[w]
        # a compound whose head is a measure asks for that measure of its own kind: 'vennootschapsbelastingtarief'
        head = next((h for h in _MEASURE_HEADS if w.endswith(h) and len(w) >= len(h) + 4), None)
        if head is not None:
            return w, MEASURE_NOUNS[head]
    return None


# the English measure nouns (they mean something else in a Dutch question, or nothing)
_ENGLISH_MEASURES = frozenset(k for k in _MEASURE_NL if k != "kost")

# measure nouns that head Dutch compounds ('-tarief', '-prijs'); not 'huur' (middenhuur) or 'waarde' (meerwaarde)
_MEASURE_HEADS = ("tarief", "prijs", "rente", "bedrag", "kosten", "premie", "boete", "budget", "looptijd", "termijn",
                  "datum", "adres")


# --- small talk ----------------------------------------------------------------

# Dialogue acts that are not questions about the sources: a closed class of the language.
_SMALLTALK: tuple[tuple[str, str], ...] = (
    ("greeting", r"^(hallo|hoi|hey|hee|hai|goedemorgen|goedemiddag|goedenavond|dag|hi|hello|good (morning|afternoon|"
                 r"evening)|yo)\b"),
    ("thanks", r"^((hartelijk |heel erg )?(dank|bedankt)( je| jullie| u)?( wel)?( hoor)?|dankjewel|dankuwel|thanks"
               r"( a lot)?|thank you( very much)?|thx|top|super|fijn|mooi|prima|ok|oke|okay)\b"),
    ("farewell", r"^(doei|dag dag|tot ziens|tot later|fijne dag|bye|goodbye|see you)\b"),
    ("capability", r"\b(wat kun je|wat kan je|wat kunt u|wie ben je|wie bent u|wat ben je|wat doe je|wat doet u"
                   r"|^help|hoe werkt (dit|het|deze)|what can you|who are you|what are you|how does this work)\b"),
)


# what people say after a greeting that asks nothing of the sources
_PHATIC = re.compile(r"^\W*(hoe gaat (het|het met (je|jou|u|jullie))( ermee)?|alles goed|hoe is het( ermee)?|how are you"
                     r"|how's it going|how is it going)?\W*$")


def smalltalk_act(question: str) -> tuple[str, str] | None:
    """('greeting' | 'thanks' | 'farewell' | 'capability', the rest of the message) when the message opens with one."""
    q = fold(question).strip(" ?!.")
    for act, pattern in _SMALLTALK:
        m = re.search(pattern, q)
        if m is not None:
            return act, q[: m.start()] + " " + q[m.end():]
    return None


# --- the corpus' view of words ------------------------------------------------


class CorpusProfile:
    """Which stems and words the sources use, and how rare each stem is (inverse document frequency)."""

    def __init__(self, index: Index, source_id: str | None = None):
        self.index = index
        self.source_id = source_id  # the view of one source only (None: all of them)

    @cached_property
    def passages(self) -> list[Passage]:
        return [p for p in self.index.passages if self.source_id in (None, p.source_id)]

    @cached_property
    def df(self) -> dict[str, int]:
        df: dict[str, int] = {}
        for p in self.passages:
            for s in set(analyze(p.text)):
                df[s] = df.get(s, 0) + 1
        return df

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(t for p in self.passages for t in tokens(f"{p.text} {' '.join(p.notes)} {p.title}"))

    @cached_property
    def names(self) -> frozenset[str]:
        """Words the sources only write capitalised inside a sentence: SVn, Crowdbuilding, RVO, Rabobank …"""
        return names_in(p.text for p in self.passages)

    @cached_property
    def name_stems(self) -> frozenset[str]:
        """The stems of the names, as a question's focus has them."""
        return frozenset(s for n in self.names for s in analyze(n))

    def knows(self, word: str) -> bool:
        """Whether the sources use this word, allowing a typo ('Cooplnk' for Cooplink)."""
        if word in self.words:
            return True
        return len(word) >= 4 and process.extractOne(word, self.words, scorer=fuzz.ratio, score_cutoff=85) is not None

    def as_source(self, stem: str) -> str:
        """The stem, or for a compound the sources lack its longest head that they have ('cooperatiefond' → fond);
        a head needs four letters and leaves at least three before it."""
        if stem in self.df:
            return stem
        return next((stem[i:] for i in range(3, len(stem) - 3) if stem[i:] in self.df), stem)

    def idf(self, stem: str) -> float:
        n = len(self.passages) or 1
        return math.log((n + 1) / (self.df.get(stem, 0) + 0.5))

    @cached_property
    def rarest(self) -> float:
        """The weight of the rarest words the sources have (found in one passage)."""
        return math.log((len(self.passages) + 1) / 1.5)


# --- the analysis ---------------------------------------------------------------

_NAME = re.compile(r"(?<![.?!:]\s)(?<!^)\b([A-Z][\w’'&-]+[A-Za-z])")
_NOT_NAMES = frozenset(fold(w) for w in (
    "Nederland", "Nederlandse", "Dutch", "Netherlands", "Kamer", "Tweede", "Rijk", "Kamerbrief", "Minister", "Fonds",
    "Coöperatief", "Wonen", "Is", "Are", "The", "What", "Which", "Who", "How", "Why", "When", "Where", "Can", "Does",
    "Do", "We", "Our", "I", "My", "English", "Engels", "Nederlands", "Ik", "Wij", "Jullie", "U",
))
# question words and words of asking that carry no topic
_ASKING = frozenset(fold(w) for w in (
    "hoeveel", "wanneer", "waarom", "waar", "wie", "welke", "wat", "hoe", "precies", "eigenlijk", "graag", "weten",
    "vraag", "vragen", "zeggen", "zegt", "staat", "brief", "volgens", "noemt", "noemen", "vertel", "uitleggen",
    "kun", "kunt", "jij", "je", "u", "iemand", "ergens", "iets", "tell", "say", "says", "know", "letter", "does",
    "nou", "toch", "klopt", "echt", "zo", "ongeveer", "zijn", "er", "dan",
))


@dataclass(frozen=True)
class QuestionAnalysis:
    """Everything the answer layer needs to know about one question, computed once."""

    question: str
    query: str  # standalone: a follow-up rewritten with the conversation's topic
    lang: str
    intent: Intent
    answer_type: AnswerType
    corrected: str = ""  # the standalone question with misspelt words replaced by the corpus' words
    smalltalk: str | None = None
    focus: dict[str, float] = field(default_factory=dict)  # stem → weight (idf), only stems the corpus has
    unknown_words: tuple[str, ...] = ()  # content words the corpus does not have at all
    names: tuple[str, ...] = ()  # proper names in the question
    unknown_names: tuple[str, ...] = ()  # proper names the sources never mention
    measure: str | None = None  # the measure noun asked about ('rente'), if any
    figures: tuple[tuple[str, Decimal, str], ...] = ()  # (kind, value, as written) the question states
    asserted: str = ""  # a claim the question takes for granted ('klopt het dat …', '…, toch?', 'Nu …, hoe …')

    @property
    def asks_value(self) -> bool:
        return self.answer_type in VALUE_TYPES

    @property
    def focus_weight(self) -> float:
        return sum(self.focus.values())


def analyse(question: str, query: str, lang: str, profile: CorpusProfile, corrected: str = "") -> QuestionAnalysis:
    """Analyse a question (its standalone form, and that form with typos corrected) against the corpus."""
    act = smalltalk_act(question)
    if act is not None:
        rest = [w for w in tokens(expand(act[1])) if w not in _ASKING]  # English words in the letter's Dutch
        rest_focus = [s for s in analyze(" ".join(rest)) if s in profile.df]
        # 'oké, en hoeveel moeten wij er dan zelf in stoppen?': a question after the opener is the message;
        # 'Hallo, hoe gaat het?' is small talk through and through
        if _PHATIC.match(act[1]):
            rest_focus = []
        elif len(tokens(act[1])) >= 4 and re.match(rf"\W*(?:en\s+|and\s+|maar\s+|but\s+)?{_QUESTION_OPENER}",
                                                  act[1].strip()):
            rest_focus = rest_focus or ["?"]
    words = [w for w in tokens(expand_compounds(f"{query} {corrected}", profile.words))
             if w not in _ASKING and not w.isdigit()]
    # the words as the sources have them: a compound by its head ('coöperatiefonds' → fonds), a split
    # separable verb joined ('voert … uit' → uitvoeren)
    stems = [profile.as_source(s) for s in analyze(" ".join(words)) + separable_verbs(f"{query} {corrected}")]
    focus = {s: round(profile.idf(s), 4) for s in dict.fromkeys(stems) if s in profile.df}
    # (a word the glossary gives the sources' word for is not unknown: 'eigen geld', 'inbrengen')
    known_by_glossary = glossed(corrected or query)
    unknown = tuple(w for w in dict.fromkeys(tokens(corrected or query))
                    if len(w) > 3 and w not in profile.words and not analyze(w) == [] and
                    all(s not in profile.df for s in analyze(w)) and w not in _ASKING and w not in known_by_glossary)
    names = tuple(dict.fromkeys(
        m.group(1) for m in _NAME.finditer(query.strip()) if fold(m.group(1)) not in _NOT_NAMES
        # an English word of a translated term is no name ('Social Support Act'); an acronym is one ('SWZ')
        and not (lang == "en" and not m.group(1).isupper() and m.group(1).lower() in ENGLISH_WORDS)))
    unknown_names = tuple(n for n in names if not any(profile.knows(t) for t in tokens(n)))
    asserted = asserted_claim(query)
    # a measure the question states is not one it asks for ('Het hele fondsbedrag komt uit de SWZ, klopt dat?')
    measure = asked_measure(fold(query).replace(asserted, " ") if asserted else query, lang)
    kinds = {"percent": "percentage", "money": "amount", "count": "count", "year": "year"}
    figures = tuple((kinds.get(f.kind, f.kind), f.value, f.raw) for f in figures_in(query) if f.kind in kinds)
    return QuestionAnalysis(
        question=question,
        query=query,
        corrected=corrected or query,
        lang=lang,
        intent="smalltalk" if act and not rest_focus else "sources",
        # a follow-up asks what its own words ask ('oké en hoeveel moeten wij er dan zelf in stoppen?' after 'wat
        # is dat fonds?'); what it leaves open ('En in de bouwfase?') the question it continues asks
        answer_type=next((t for t in (answer_type(question), answer_type(query)) if t != "other"), "other"),
        smalltalk=act[0] if act else None,
        focus=focus,
        unknown_words=unknown,
        names=names,
        unknown_names=unknown_names,
        measure=measure[0] if measure else None,
        figures=figures,
        asserted=asserted,
    )


# --- does a sentence hold an answer of the expected type? ----------------------

_MONEY = re.compile(r"€\s?\d|\b\d[\d.,]*\s?(euro|miljoen|miljard|mln|duizend)\b", re.I)
_PERCENT = re.compile(r"\d\s?(%|procent)|\bprocent\b", re.I)
# a count: a number that is not a year, or a number word from 'twee' on ('een' is mostly an article)
_COUNT = re.compile(r"\b(?!(?:19|20)\d\d\b)\d[\d.,]*\b|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twintig"
                    r"|dertig|honderd|duizend|enkele|meerdere|tientallen|honderden|duizenden)\b", re.I)
_TIME = re.compile(rf"\b({MONTHS_NL_RE}|(begin|eind|medio|half|voorjaar|najaar|zomer|winter)\s+(19|20)\d\d"
                   rf"|(19|20)\d\d|dit jaar|volgend jaar|binnenkort|op termijn|komend(e)? jaar|vanaf|tot (eind|begin)"
                   r"|na de|voor de|voorjaar|najaar)\b", re.I)
_DURATION = re.compile(r"\b(\d+|een|twee|drie|vier|vijf|tien)\s+(jaar|jaren|maanden|maand|weken|week|dagen)\b"
                       r"|\btot (eind|begin)\b|\blooptijd\b", re.I)
_PLACE = re.compile(r"(www\.|https?://|@\w+\.|\b(postbus|straat|website|webpagina|platform|loket|pagina)\b"
                    r"|\+31|\b0\d{2,3}[- ]?\d{6,7}\b)", re.I)
_ORG = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w-]*[A-Z]\w*\b|(?<!^)(?<![.!?]\s)(?<![.!?]\s[“‘\"(])\b[A-Z][a-z]\w+\b|\b(gemeente|gemeenten|provincie|provincies|rijk|kabinet"
                  r"|minister|ministerie|corporatie|corporaties|woningcorporatie\w*|bank|banken|platform|kamer"
                  r"|belastingdienst|fonds|vereniging|stichting)\b")
_CONDITION = re.compile(r"\b(als|wanneer|indien|mits|tenzij|zodra|nadat|voordat|zolang|if|when|unless)\b", re.I)
_REASON = re.compile(r"\b(omdat|doordat|zodat|daardoor|daarom|vanwege|want|dus|namelijk|om\s(\w+\s){1,6}te)\b", re.I)


def holds_type(kind: AnswerType, sentence: str) -> bool:
    """Whether a sentence holds a value of the expected kind (generic shapes of Dutch text)."""
    if kind == "amount":
        return bool(_MONEY.search(sentence) or _PERCENT.search(sentence))
    if kind == "percentage":
        return bool(_PERCENT.search(sentence))
    if kind == "count":
        return bool(_COUNT.search(sentence))
    if kind == "time":  # Dutch 'wanneer' asks for a moment or a condition
        return bool(_TIME.search(sentence) or _CONDITION.search(sentence))
    if kind == "duration":
        return bool(_DURATION.search(sentence) or _TIME.search(sentence))
    if kind == "place":
        return bool(_PLACE.search(sentence))
    if kind == "organisation":
        return bool(_ORG.search(sentence))
    if kind == "reason":
        return bool(_REASON.search(sentence))
    return True
