"""Text analysis: sentence spans, word tokens, Dutch stemming and stop words (for BM25 and the composer)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

from assistent.text.normalize import TEXT_CACHE, fold
from assistent.text.contrasts import DIRECTION

_TOKEN = re.compile(r"\w+", re.UNICODE)
# words that negate a Dutch or English clause (on folded text)
NEGATION = re.compile(r"\b(niet|geen|géén|nooit|niets|niks|niemand|nergens|not|no|never|none|nothing|nobody|cannot"
                      r"|can't|don't|doesn't|isn't|aren't|won't)\b")
# words whose meaning holds a negation (privatives: to forbid is to not allow, to abolish is to make not exist,
# an obstacle is what does not let through, to remove is to make not be), incl. Dutch separable verbs split over
# the clause ('sluit … uit')
PRIVATIVE = re.compile(
    r"\b(verbied\w*|verbood|verbod\w*|verboden|afgeschaft|afschaf\w*|schaft\b[^,;]*\baf|uitgesloten|uitsluit\w*"
    r"|sluit(?:en)?\b[^,;]*\buit|onwenselijk|onmogelijk|onuitvoerbaar|ontbre\w*|weiger\w*|vervalt|vervallen"
    r"|belemmer\w*|wegnem\w*|weg te nemen|weggenomen|prohibit\w*|forbid\w*|banned|abolish\w*|exclud\w*|obstacle\w*"
    r"|impossible)\b")


# words by which a statement says something is not settled: it is being explored, it depends, or it is unclear
# (a closed class of epistemic and exploratory expressions of Dutch and English, on folded text)
UNSETTLED = re.compile(
    r"\b(verkenning\w*|verkennen|verkent|verkend|onderzoek\w*|onderzocht|kijken of|bekijk\w*|bekeken"
    r"|nagaan|gaan na|in hoeverre|overweeg\w*|overwogen|welke opties|hangt\b[^,;]*\baf|afhankelijk|onduidelijk"
    r"|niet altijd duidelijk|explor\w*|investigat\w*|consider\w*|whether|depends|unclear)\b")


# verbs of a change of state (Dutch and English, on folded text): what a claim says was or will be done
CHANGE = re.compile(
    r"\b(afgeschaft|afschaf\w*|schaft\b[^,;]*\baf|ingevoerd|invoer\w*|voert\b[^,;]*\bin(?=\s*(?:[,;.?!]|$))"
    r"|vrijgesteld|vrijstel\w*|opengesteld|openstel\w*|uitgebreid|uitbreid\w*|breidt\b[^,;]*\buit|verlengd|verleng\w*"
    r"|opgeheven|ophef\w*|geschrapt|schrap\w*|aflopen|afgelopen|loopt\b[^,;]*\baf|beeindig\w*"
    r"|af te (?:schaffen|laten lopen)|in te voeren|vrij te stellen|uit te breiden|op te heffen|open te stellen"
    r"|abolish\w*|scrap\w*|introduc\w*|exempt\w*|extend\w*|extension)\b")


def says_change(text: str) -> bool:
    """Whether a folded text says that something was or will be changed: abolished, introduced, exempted,
    extended, ended (not what is allowed or required: that is a state, which `polarity` compares)."""
    return CHANGE.search(text) is not None


def unsettled(text: str) -> bool:
    """Whether a folded text says that what it is about is still explored, depends, or is unclear."""
    return UNSETTLED.search(text) is not None


# words that give a statement universal or exclusive scope, by the scope they give (on folded text): a source that
# says the same thing without a word of that scope does not say it holds always, for all, everywhere, wholly, widely,
# as a requirement, or only so
_SCOPES = {
    "only": r"alleen|uitsluitend|enkel|de enige|only|solely|exclusively",
    "always": r"altijd|steeds|standaard|always",
    "never": r"nooit|never",
    "all": r"iedere?|iedereen|elke?|alle|allemaal|every|everyone|everybody|all",
    "everywhere": r"overal|everywhere",
    "whole": r"helemaal|volledige?|geheel|gehele|compleet|complete|entirely|completely|fully|wholly",
    "widely": r"breed|massaal|wijdverbreid|op grote schaal|widely|across the board|en masse",
    "required": r"verplicht|verplichte|mandatory|compulsory|obligatory|required",
}
_SCOPE = {name: re.compile(rf"\b(?:{words})\b") for name, words in _SCOPES.items()}
_NO_SCOPE = re.compile(r"\bat all\b")  # 'why … at all' stresses, it claims nothing of all


# a scope word under a negation denies that scope, it does not give it ('niet alleen …', 'not always')
_NEGATED_SCOPE = re.compile(rf"\b(?:niet|not)\s+(?:{'|'.join(_SCOPES.values())})\b")
# 'niet alleen X maar ook Y' affirms X and Y: the 'niet' denies no clause
_NOT_ONLY = re.compile(r"\b(?:niet|not)\s+(?:alleen|enkel|uitsluitend|only|just|merely|solely)\b")


def scope_words(text: str) -> dict[str, str]:
    """The scopes a folded text gives, each with the first word that gives it ('alleen' → only); not a scope a
    negation denies ('niet alleen', 'not always')."""
    text = _NEGATED_SCOPE.sub(" ", _NO_SCOPE.sub(" ", text))
    return {name: m.group(0) for name, pattern in _SCOPE.items() if (m := pattern.search(text))}


def polarity(text: str) -> int:
    """0 for a clause that affirms, 1 for one that denies: the parity of its negations and privatives (on
    folded text), so that 'vormt geen belemmering' affirms and 'verbiedt' denies."""
    text = _NEGATIVE_PREFIX.sub(" ", text)  # 'niet-particulier' is a kind of thing, not a denial
    text = _NOT_ONLY.sub(" ", text)  # 'niet alleen voor gemeenten maar ook voor groepen' denies nothing
    text = _TOPIC_PRIVATIVE.sub(" ", text)  # 'geïnformeerd over deze belemmeringen' says nothing is not so
    return (len(NEGATION.findall(text)) + len(PRIVATIVE.findall(text))) % 2


# scalar antonyms, by the scale they lie on (on folded text): the high end and the low end; a clause that says the
# same thing at the other end of the scale says it the other way round ('gemeenten hebben weinig mogelijkheden' —
# 'hebben al veel mogelijkheden'; 'de belangstelling neemt af' — 'neemt toe')
_SCALES = {
    "quantity": (r"veel|vele|meer|many|much|more", r"weinig|minder|less|fewer"),
    "degree": (r"hoger|hogere|groter|grotere|higher|larger|bigger", r"lager|lagere|kleiner|kleinere|lower|smaller"),
    "frequency": (r"vaak|dikwijls|often|frequently", r"zelden|rarely|seldom"),
}
_SCALE = {name: (re.compile(rf"\b(?:{high})\b"), re.compile(rf"\b(?:{low})\b"))
          for name, (high, low) in _SCALES.items()}
_SCALE["change"] = (DIRECTION[0].pattern, DIRECTION[1].pattern)  # 'neemt toe' — 'neemt af', as contrasts has them
# 'niet meer', 'geen … meer', 'no more', 'no longer': no longer so, not a quantity
_NO_LONGER = re.compile(r"\b((?:niet|geen|nooit|no)\b(?:\s+[\w-]+){0,3}?)\s+(?:meer|more|longer)\b")


def scale_ends(text: str) -> dict[str, int]:
    """The end of each scale a folded text speaks at: 1 for the high end ('veel', 'neemt toe'), -1 for the low end
    ('weinig', 'neemt af'); not a scale it speaks of at both ends."""
    text = _NO_LONGER.sub(r"\1", text)
    ends = {name: bool(high.search(text)) - bool(low.search(text)) for name, (high, low) in _SCALE.items()}
    return {name: end for name, end in ends.items() if end}


def opposed(a: str, b: str) -> bool:
    """Whether two folded clauses say a thing the other way round: one affirms and the other denies (`polarity`),
    or, where both speak of a scale, at its other end ('weinig' — 'veel'), the two together ('neemt niet af' and
    'neemt toe' agree)."""
    ours, theirs = scale_ends(a), scale_ends(b)
    other_end = any(ours[k] != theirs[k] for k in ours.keys() & theirs.keys())
    return (polarity(a) != polarity(b)) != other_end


_NEGATIVE_PREFIX = re.compile(r"\b(?:niet|non)-")
# a privative governed by a preposition or a definite determiner names what the clause is about, it does not deny
# the clause: 'de Kamer is geïnformeerd over deze belemmeringen', 'deze belemmeringen zijn …', 'de verkenning kijkt
# naar het afschaffen' (closed classes of prepositions and determiners, then at most an adjective); 'vormt een
# belemmering', 'geen belemmering' and 'verbiedt' say what is not so
_TOPIC_PRIVATIVE = re.compile(
    r"\b(?:(?:over|op|naar|van|met|rond|rondom|bij|aan|voor|tegen|about|on|into|of|with|around|for|against)\s+"
    r"(?:(?:de|het|een|deze|die|dit|dat|zijn|haar|hun|the|a|an|these|those|this|that|its|their)\s+)?"
    r"|(?:de|het|deze|die|dit|dat|zijn|haar|hun|the|these|those|this|that|its|their)\s+)"
    rf"(?:\w+e\s+|(?:other|main|major|key|legal|many|several)\s+)?{PRIVATIVE.pattern}")


# --- sentences -------------------------------------------------------------

_ABBREV = {
    "nr", "nrs", "o.a", "bijv", "bv", "i.p.v", "m.b.t", "t.a.v", "d.w.z", "e.d", "z.g", "ca", "jl", "mr", "dr",
    "drs", "ir", "prof", "art", "blz", "p", "pag", "vgl", "zgn", "e.g", "i.e", "etc", "incl", "excl", "min", "max",
    "a", "b", "c", "d", "e", "f", "i", "ii", "iii", "resp", "evt", "m.i.v", "t/m", "mln", "mld",
}
_SENT_END = re.compile(r"[.!?](?:[\"'’”)\]]*)\s+")


# a sentence that opens by referring back needs the one before it: a pronoun or pronominal adverb stands for what
# that one names ("Deze fase…", "Daarom…"); a connective only links to it ("Daarnaast…", "Bovendien…")
_POINTING = (r"deze|dit|dat|die|daarom|daarmee|daarbij|daarvoor|daardoor|daarin|hiermee|hierdoor|hiervoor|zij|hij"
             r"|ook dit|in dat|het gaat")
_CONNECTING = r"daarnaast|zo|bovendien|wel|echter|dan"
_REFERS = re.compile(rf"^(?:(?P<points>{_POINTING})|{_CONNECTING})\b", re.I)


def refers_back(text: str) -> bool:
    """The sentence opens by referring back to the one before it."""
    return _REFERS.match(text.lstrip("(“‘\"")) is not None


def points_back(text: str) -> bool:
    """The sentence opens with a word that stands for something the sentence before it names ('Deze fase',
    'Daarmee'), not only with a connective ('Daarnaast')."""
    m = _REFERS.match(text.lstrip("(“‘\""))
    return m is not None and m.group("points") is not None


def is_block(text: str) -> bool:
    """Whether a 'sentence' is a block of separate lines, not a sentence: a title page, a letterhead or an
    address, three lines at least, each opening with a capital or a figure and none closing a clause (a table's
    rows, with '|', and a paragraph wrapped over lines, whose lines open in lower case, are not)."""
    lines = [ln.strip() for ln in text.strip().split("\n") if ln.strip()]
    return (len(lines) >= 3 and "|" not in text and all(ln[0].isupper() or ln[0].isdigit() for ln in lines)
            and not any(ln[-1] in ".!?:;," for ln in lines))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in text (Dutch abbreviations and enumerations kept together)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        before = text[start : m.start() + 1]
        word = re.search(r"([\w./]+)[.!?]$", before)
        nxt = text[end : end + 1]
        if word and word.group(1).lower().rstrip(".") in _ABBREV and text[m.start()] == ".":
            continue
        if nxt and (nxt.islower() or nxt.isdigit()):
            continue
        seg_end = m.start() + len(m.group(0).rstrip())
        if text[start:seg_end].strip():
            spans.append((start, seg_end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(s + (len(text[s:e]) - len(text[s:e].lstrip())), e) for s, e in spans]


# --- analysis for BM25 ---------------------------------------------------

_STOP = frozenset(fold(w) for w in (*STOPWORDS_DUTCH, *STOPWORDS_EN)) | {
    "wat", "welke", "hoe", "hoeveel", "waarom", "wanneer", "wie", "waar", "mag", "kan", "kunnen", "moet", "moeten",
    "wordt", "worden", "zijn", "is", "we", "wij", "jullie", "onze", "ons", "mijn", "brief", "volgens", "minister",
    "does", "what", "which", "how", "many", "much", "why", "when", "who", "where", "can", "letter", "the", "say",
}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def tokens(text: str) -> list[str]:
    """Folded word tokens, numbers kept (so 60,6 and 5% stay findable)."""
    return [t for t in _TOKEN.findall(fold(text).replace("_", " ")) if t]


# a word inside a sentence, after its first: capitalised there, it is a name
INNER_WORD = re.compile(r"(?<=[^.!?]\s)[(“‘\"]?([A-Za-zÀ-ÿ][\w’'-]*)")


def names_in(texts: Iterable[str]) -> frozenset[str]:
    """The word tokens the texts only write capitalised inside a sentence: SVn, Crowdbuilding, RVO, Merwestad …"""
    upper: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for m in INNER_WORD.finditer(text):
            (upper if m.group(1)[0].isupper() else lower).add(fold(m.group(1)))
    return frozenset(t for w in upper - lower for t in tokens(w) if t not in lower and len(t) > 1)


def analyze(text: str) -> list[str]:
    """Tokens for BM25: folded, stop words dropped, Dutch-stemmed."""
    return list(_analyze(text))


@lru_cache(maxsize=TEXT_CACHE)
def _analyze(text: str) -> tuple[str, ...]:
    toks = [t for t in tokens(text) if t not in _STOP and (len(t) > 1 or t.isdigit())]
    return tuple(_stemmer().stemWords(toks))


def stem(word: str) -> str:
    return _stemmer().stemWord(fold(word))


# closed-class verbs and particles that carry tense, mood or aspect, not what a claim is about ('gaat …
# vrijstellen', 'zal … worden', 'net als'), and light verbs whose object says what is done ('een richtlijn
# maken' — 'een richtlijn opgesteld'); permission is one meaning however it is said ('mag' — 'is toegestaan')
_AUXILIARIES = frozenset(stem(w) for w in (
    "gaan", "gaat", "ging", "gingen", "zullen", "zal", "zou", "zouden", "hebben", "heeft", "had", "hadden", "kunnen",
    "kan", "kon", "konden", "willen", "wil", "wilde", "net", "even", "gewoon", "allemaal", "will", "would", "going",
    "maken", "maakt", "maak", "maakte", "gemaakt", "doen", "doet", "deed", "gedaan", "make", "makes", "made",
))
_PERMISSION = frozenset(stem(w) for w in (
    "mogen", "mag", "mocht", "mochten", "toegestaan", "toegestane", "toestaan", "allowed", "permitted", "may"))
_ALLOWED = stem("toegestaan")


def meaning_stems(text: str) -> list[str]:
    """The stems that say what a clause is about: `analyze` without auxiliaries, with every word of
    permission as one stem (so that 'mogen … hebben' and 'is niet toegestaan' are about the same)."""
    return [(_ALLOWED if s in _PERMISSION else s) for s in stems_with_verbs(text) if s not in _AUXILIARIES]


def stems_with_verbs(text: str) -> list[str]:
    """`analyze`, and the separable verbs the text splits joined again ('voert … uit', 'uit te voeren')."""
    return analyze(text) + separable_verbs(text)


# the particles of Dutch separable verbs, which a main clause puts last ('SVn voert het fonds uit')
_PARTICLES = frozenset({"uit", "op", "aan", "af", "in", "mee", "toe", "terug", "over", "door", "bij", "weg", "samen",
                        "vast", "los", "na", "om"})
_CLAUSE_END = re.compile(r"[,.;:?!()]|\s(?:en|maar|of|want|dus|omdat|zodat|toch)\s")
_TE_INFINITIVE = re.compile(rf"\b({'|'.join(sorted(_PARTICLES))}) te (\w{{3,}})\b")


def separable_verbs(text: str) -> list[str]:
    """Stems of the separable verbs a clause splits ('voert … uit' → the stem of 'uitvoeren'): the particle that
    ends a clause joined to each word before it; only a stem the sources also have will match anything."""
    return list(_separable_verbs(text))


@lru_cache(maxsize=TEXT_CACHE)
def _separable_verbs(text: str) -> tuple[str, ...]:
    folded = fold(text)
    # the infinitive with 'te' between particle and verb: 'om het fonds op te richten en uit te voeren'
    out = [stem(m.group(1) + m.group(2)) for m in _TE_INFINITIVE.finditer(folded)]
    for clause in _CLAUSE_END.split(folded):
        words = tokens(clause)
        if len(words) < 2 or words[-1] not in _PARTICLES:
            continue
        for w in words[-8:-1]:
            if len(w) >= 3 and w not in _STOP:
                out += [stem(words[-1] + w)] + ([stem(words[-1] + w[:-1])] if w.endswith("t") else [])
    return tuple(out)


_LINKS = ("s", "e", "en")
LONGEST_COMPOUND = 60


@lru_cache(maxsize=8192)
def split_compound(word: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    """The lexicon words a compound is made of, head last ('nieuwbouwkoopwoningen' → nieuwbouw, koopwoningen;
    'belastingvrijstelling' → belasting, vrijstelling), joined by a linking s, e or en; the word itself when it
    is in the lexicon or not made of its words."""
    if word in lexicon or len(word) < 7 or len(word) > LONGEST_COMPOUND or word.isdigit():
        return (word,)  # a figure, or a string far longer than any word ('000…' in a pasted form), is no compound
    for cut in range(3, len(word) - 2):
        head = word[cut:]
        if head not in lexicon:
            continue
        modifier = word[:cut]
        for link in ("", *_LINKS):
            base = modifier[: -len(link)] if link and modifier.endswith(link) else modifier
            if link and base == modifier:
                continue
            parts = split_compound(base, lexicon)
            if all(part in lexicon for part in parts):
                return (*parts, head)
    return (word,)


def same_word(a: str, b: str) -> bool:
    """Two stems that name the same thing, one as the head of a compound of the other
    ('vennootschapsbelast' — 'belast'); a head shorter than five letters is too general to count."""
    return a == b or (len(b) >= 5 and a.endswith(b)) or (len(a) >= 5 and b.endswith(a))
