"""Guards for an LLM answer: it may only rephrase what the cited evidence already says.

Checked: every [n] points at a cited passage (and there is at least one), every figure occurs in
the evidence, no verdict on whether an initiative qualifies for the fund (that is the rules
layer's job), and a refusal stays a refusal. Reasons are plain Dutch and name what failed.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from assistent.answer.extractive import Draft
from assistent.text.numbers import MONTHS_EN, MONTHS_NL, figures_in, parse_date, parse_number
from assistent.text import analyze, fold, tokens
from assistent.text.glossary import translations_in

# -- citation markers ----------------------------------------------------------

_MARKER = re.compile(r"\[\s*(\d+(?:\s*(?:[,;]|[-–])\s*\d+)*)\s*\]")


def markers(text: str) -> list[int]:
    """The passage numbers of all [n], [n, m] and [n-m] markers, in order."""
    found: list[int] = []
    for m in _MARKER.finditer(text):
        for part in re.split(r"\s*[,;]\s*", m.group(1)):
            bounds = [int(b) for b in re.split(r"\s*[-–]\s*", part)]
            if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= 20:
                found.extend(range(bounds[0], bounds[1] + 1))
            else:
                found.extend(bounds)
    return found


# -- figures -----------------------------------------------------------------

_MONTHS_RE = "|".join(sorted(MONTHS_NL + MONTHS_EN, key=len, reverse=True))

_DATE = re.compile(
    rf"(?<![\w.,])(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTHS_RE})\s+(?P<year>(?:19|20)\d{{2}})(?!\d)"
    rf"|(?<![\w.,-])(?P<iy>(?:19|20)\d{{2}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})(?![\w-])"
    rf"|(?<![\w.,-])(?P<nd>\d{{1,2}})-(?P<nm>\d{{1,2}})-(?P<ny>(?:19|20)\d{{2}})(?![\w-])",
    re.I,
)
@dataclass(frozen=True)
class Figure:
    """One figure in a text: how it was written and what it means (kind and value)."""

    raw: str
    kind: str  # "date" | "percent" | "number" (amounts and counts, as absolute values)
    value: Any

    def supported_by(self, known: set[tuple[str, Any]]) -> bool:
        """True when the same figure (same kind and value) occurs in the evidence."""
        if self.kind == "date":
            year, month, day = self.value
            return ("date", (year, month, day)) in known or (
                day is None and any(k == "date" and v[:2] == (year, month) for k, v in known)
            )
        return (self.kind, self.value) in known


def figures(text: str, date_numbers: bool = False) -> list[Figure]:
    """Every date, amount, percentage and number in a text, in digits or in words ('tien procent' is 10%);
    [n] markers and the digits of names ('B1', 'm2') are not figures.

    Dates ('19 januari 2026', 'februari 2025', '2026-01-19') are read here; every other figure by
    `figures_in`, the one reader of Dutch numbers. With date_numbers the day and year of a date are
    also returned as plain numbers.
    """
    text = _MARKER.sub(lambda m: " " * len(m.group(0)), text)
    found: list[Figure] = []
    for m in _DATE.finditer(text):
        if m.group("month"):
            value = parse_date(m.group(0))
        elif m.group("iy"):
            value = (int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        else:
            value = (int(m.group("ny")), int(m.group("nm")), int(m.group("nd")))
        raw = m.group(0).strip()
        # a date that does not exist ('31 februari 2026') can never be supported by the evidence
        found.append(Figure(raw, "date", value) if value else Figure(raw, "number", raw))
    rest = text if date_numbers else _DATE.sub(lambda m: " " * len(m.group(0)), text)

    def malformed(m: re.Match[str]) -> str:  # '1.00.0': no number at all, it only matches itself
        if parse_number(m.group(0)) is not None or parse_number(m.group(0), grouping=False) is not None:
            return m.group(0)
        found.append(Figure(m.group(0), "number", m.group(0)))
        return " " * len(m.group(0))

    rest = re.sub(r"(?<![\w.,])\d+(?:[.,]\d+)+(?![\w.,]*\d)", malformed, rest)
    for f in figures_in(rest):
        if f.start and rest[f.start - 1].isalpha() and f.raw[0].isdigit():
            continue  # 'B1', 'm2': part of a name or unit
        found.append(Figure(f.raw, "percent" if f.kind == "percent" else "number", f.value))
    return found


def known_figures(texts: list[str]) -> set[tuple[str, Any]]:
    """The figures of the evidence as (kind, value); the year of '19 januari 2026' counts as a number too."""
    return {(f.kind, f.value) for text in texts for f in figures(text, date_numbers=True)}


# -- eligibility conclusions ---------------------------------------------------------

_ELIGIBILITY = [
    re.compile(r"\b(kom|komt|komen|kwam|kwamen)\b[^.!?\n]{0,200}?\bin aanmerking\b"),
    re.compile(r"\bin aanmerking\s+(te\s+)?(kom|komt|komen|kwam|kwamen)\b"),
    re.compile(r"\b(on)?geschikt voor (het|dit|de|een) (fonds|financiering|lening)\b"),
    re.compile(r"\bvoldo(e|et|en)\b[^.!?\n]{0,40}?\baan (de |alle )?(voorwaarden|eisen|criteria)\b"),
    re.compile(r"\bkwalific\w+\b"),
    re.compile(r"\b(in)?eligible\b"),
    re.compile(r"\bqualif(y|ies|ied|ying)\b"),
    re.compile(r"\brecht op (een )?(lening|financiering)\b"),
]
_NEGATION = re.compile(
    r"\b(niet|geen|nooit|ongeschikt|not|no|never|cannot|can't|isn't|aren't|doesn't|don't|won't|wouldn't|ineligible)\b"
)
# 'of u in aanmerking komt' / 'whether you qualify' asks, it does not conclude
_WHETHER = re.compile(r"\b(of|whether|if)\s+(u|je|jij|jullie|we|wij|uw|jouw|ons|onze|het|dit|dat|een|you|your|it|this|an?|the)\b")
_QUOTED = re.compile(r"[\"“„]([^\"“”„]{12,})[\"”]")


def conclusions(text: str) -> list[tuple[str, bool]]:
    """Eligibility conclusions in a text as (phrase, positive), one per sentence."""
    out: list[tuple[str, bool]] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", fold(text)):
        if sentence.rstrip(" )]0123456789[").endswith("?"):
            continue
        for pattern in _ELIGIBILITY:
            m = pattern.search(sentence)
            if m is None:
                continue
            clause_start = max(sentence.rfind(c, 0, m.start()) for c in ",;:")
            window = sentence[max(clause_start + 1, m.start() - 30) : m.end()]
            if _WHETHER.search(window):
                continue
            out.append((m.group(0), not _NEGATION.search(window)))
            break
    return out


def _without_verbatim_quotes(text: str, sources: list[str]) -> str:
    """The text with quotes that are verbatim from a cited passage blanked out."""
    folded = [fold(s) for s in sources]

    def blank(m: re.Match[str]) -> str:
        inner = fold(m.group(1)).strip(" .…")
        return " " if inner and any(inner in s for s in folded) else m.group(0)

    return _QUOTED.sub(blank, text)


# -- sentences -----------------------------------------------------------------

# A sentence ends at . ! ? … (and closing quotes), with the markers that follow it; the next one starts
# with a capital, a digit, a quote or a bracket that is not a marker. A new line always ends one.
_END = re.compile(r"[.!?…]+[\"'’”)]*(?P<refs>(?:\s*\[[\d\s,;\-–]+\])*)(?P<gap>\s+)(?=[^\s\[a-z]|\[[^\d\s])")
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•·])\s+")
_ONLY_MARKERS = re.compile(r"^(?:\s*\[[\d\s,;\-–]+\])+[.!?]?\s*$")
_ABBREVIATIONS = ("bv", "bijv", "o.a", "nr", "art", "ca", "e.d", "d.w.z", "i.p.v", "m.b.t", "t.a.v", "incl", "excl", "e.g", "i.e", "etc")


def _split_line(line: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _END.finditer(line):
        before = line[start : m.start()].rsplit(" ", 1)[-1].lower().rstrip(".")
        if line[m.start()] == "." and before in _ABBREVIATIONS:
            continue
        end = m.start("gap")
        out.append(line[start:end].strip())
        start = m.end()
    if line[start:].strip():
        out.append(line[start:].strip())
    return out


def split_reply(text: str) -> list[str]:
    """The sentences of a reply, each with the [n] markers that close it; a line that holds only
    markers belongs to the sentence before it."""
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if out and _ONLY_MARKERS.match(line):
            out[-1] = f"{out[-1]} {line.strip()}"
            continue
        out.extend(_split_line(_LIST_ITEM.sub("", line)))
    return [s for s in out if s]


class SentenceStream:
    """Sentences out of a reply that arrives in pieces: a sentence is complete once the next one has begun
    (its closing markers may still come), the last one when the reply ends."""

    def __init__(self) -> None:
        self.buffer = ""
        self.released = 0

    def feed(self, piece: str) -> list[str]:
        self.buffer += piece
        sentences = split_reply(self.buffer)
        ready = sentences[self.released : max(self.released, len(sentences) - 1)]
        self.released += len(ready)
        return ready

    def close(self) -> list[str]:
        sentences = split_reply(self.buffer)
        rest = sentences[self.released :]
        self.released = len(sentences)
        return rest


# -- what a sentence may contain -------------------------------------------------

_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\]\[)]+|\b[\w.-]+\.(?:nl|com|org|net|eu|be|de|info|io|gov|edu)\b(?:/[^\s<>\]\[)]*)?", re.I
)
_LETTER_DATE = re.compile(
    rf"\b(?:kamer)?brief\s+(?:van|of|dated)\s+(?P<date>\d{{1,2}}\s+(?:{_MONTHS_RE})\s+(?:19|20)\d{{2}})", re.I
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_NAME = re.compile(r"[^\W\d_][\w'’-]*")
_NOT_NAMES = {"u", "uw", "ik", "i", "je", "jij", "jullie", "wij", "we"}

# Words that talk about the answer rather than the matter: they need no evidence, and prove none.
_META = {
    analyze(w)[0] for w in (
        "passage", "passages", "bron", "bronnen", "brief", "kamerbrief", "tekst", "staat", "zegt", "noemt", "volgens",
        "vraag", "antwoord", "genoemd", "beschreven", "source", "sources", "letter", "text", "says", "states",
        "according", "question", "answer", "mentioned", "described", "concept", "begrip", "gaat", "about",
        # general verbs and adverbs: a rewording may use them freely ('nodig', 'ten minste', 'kreeg')
        "nodig", "ten", "minste", "krijgen", "krijgt", "kreeg", "kregen", "geven", "geeft", "gaf", "gegeven", "zelf",
        "dus", "wel", "maken", "maakt", "doen", "gaan", "komen", "komt", "kwam", "daarnaast", "echter", "namelijk",
        "need", "needs", "least", "get", "gets", "got", "give", "gives", "gave", "given", "make", "makes", "also",
        "yourself", "yourselves",
    ) if analyze(w)
}

# -- a verdict, by meaning: any claim that the user (their group, their plan) can or cannot get financing ---

_USER = re.compile(
    r"\b(u|uw|je|jij|jouw|jullie|wij|we|ons|onze|you|your|yours|our|us)\b"
    r"|\b(dit|dat|deze|het|this|that)\s+(initiatief|project|plan|groep|cooperatie|wooncooperatie|initiative|project|group|cooperative)\b"
)
_GET = re.compile(
    r"\b(in aanmerking|krijg\w*|gekregen|ontvang\w*|leen\w*|lenen|geleend|aanvra\w*|vraag\w* aan|gebruik\w* maken"
    r"|beroep doen|toegang|recht op|geschikt|ongeschikt|voldo\w*|kwalific\w*|toegekend|afgewezen|goedgekeurd"
    r"|get|gets|getting|receive\w*|borrow\w*|apply|applies|qualif\w*|eligib\w*|ineligib\w*|access|entitled|approved"
    r"|rejected)\b"
)
_CAN = re.compile(r"\b(kan|kunt|kunnen|kon|konden|mag|mogen|mocht|can|cannot|could|may)\b")
_MONEY = re.compile(
    r"\b(lening\w*|financier\w*|geld|fonds\w*|krediet\w*|subsidie\w*|hypothe\w*|middelen|loan\w*|financ\w*|fund\w*"
    r"|money|mortgage\w*|credit|grant\w*)\b"
)


def verdict(sentence: str) -> str | None:
    """The phrase by which a sentence claims that the user can or cannot get financing, or None.

    A rule in general ('alleen initiatieven met huurwoningen komen in aanmerking') is no verdict;
    the same said of the user ('uw groep kan een lening krijgen', 'u komt niet in aanmerking') is.
    A question ('of u in aanmerking komt') is none either.
    """
    s = fold(_MARKER.sub(" ", sentence))
    if s.rstrip(" .").endswith("?"):
        return None
    user = _USER.search(s)
    if not user:
        return None
    get = _GET.search(s)
    money = _MONEY.search(s)
    if not (get and (money or get.group(1) in ("in aanmerking", "geschikt", "ongeschikt", "recht op")
                     or get.group(1).startswith(("voldo", "qualif", "eligib", "ineligib", "kwalific")))
            or (_CAN.search(s) and money)):
        return None
    hit = get or _CAN.search(s)
    assert hit is not None
    window = s[max(0, min(user.start(), hit.start()) - 20) : max(user.end(), hit.end())]
    if _WHETHER.search(window) or re.search(r"\b(beslist|bepaalt|decides|determines|beoordeelt|kijkt)\b", s):
        return None
    return s[min(user.start(), hit.start()) : max(user.end(), hit.end())].strip()


# -- the report ---------------------------------------------------------------


@dataclass
class GuardReport:
    """Whether an LLM answer may be shown, and if not, why (plain Dutch) and in which sentence."""

    passed: bool
    reasons: list[str] = field(default_factory=list)
    markers: list[int] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    sentences: int = 0
    failed_sentence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Evidence:
    text: str
    folded: str
    stems: frozenset[str]
    figures: frozenset[tuple[str, Any]]


def _short(sentence: str, n: int = 70) -> str:
    return sentence if len(sentence) <= n else sentence[: n - 1].rstrip() + "…"


MAX_SENTENCES = 8
MIN_SUPPORT = 0.6  # share of a sentence's content words that its cited passage must hold
MIN_SUPPORT_EN = 0.5  # an English sentence against Dutch passages: only through the glossary

# English words of answers about the letter, beyond the search glossary: for the guard only.
_EN_NL_GUARD = {
    "planning": "planfase", "building": "bouwfase bouwen", "build": "bouwen realiseren", "phase": "fase fases",
    "phases": "fases", "initiative": "initiatief initiatieven", "initiatives": "initiatieven", "homes": "woningen",
    "rental": "huurwoningen huur", "only": "alleen", "minimum": "minimale minimaal", "required": "vereist",
    "million": "miljoen", "received": "gegeven ontvangen", "tender": "subsidietender", "set": "opgericht opzetten",
    "up": "opgericht opzetten", "municipalities": "gemeenten", "affordable": "betaalbare", "middle": "middeninkomen",
    "income": "middeninkomen inkomen", "housing": "woningen wonen", "cooperative": "cooperatief cooperatieve",
}


class SentenceGuard:
    """Checks the sentences of one reply, one at a time, against the passages each sentence cites.

    A sentence passes when it cites a passage with [n], shares its content words with that passage
    (the lexical evidence an assessor looks for), is in the question's language, names no URL,
    e-mail address, name or figure that the cited passages do not hold, claims nothing about whether
    the user can get financing (unless it is the rules layer's own sentence), does not repeat an
    earlier sentence and does not echo the instructions.
    """

    def __init__(self, draft: Draft, lang: str | None = None, rules_text: str | None = None, question: str = ""):
        from assistent.answer.prompt import INSTRUCTION_PHRASES, SYSTEM_PROMPT
        from assistent.text.language import vote

        self.draft = draft
        self.lang = lang or (vote(draft.answer).language if draft.answer else None) or "nl"
        self.rules_text = rules_text
        self.question = question
        self.evidence = [self._evidence(sp.passage.text_with_notes) for sp in draft.cited]
        self.rules = self._evidence(rules_text) if rules_text else None
        self.rule_sentences = {fold(_MARKER.sub(" ", x)).strip(" .") for x in split_reply(rules_text or "")}
        self.instruction_phrases = INSTRUCTION_PHRASES
        self.instruction_stems = frozenset(analyze(SYSTEM_PROMPT))
        titles = " ".join(fold(f"{sp.passage.title} {sp.passage.section}") for sp in draft.cited)
        self.all_folded = " ".join(e.folded for e in self.evidence) + " " + fold(question) + " " + titles
        self.seen: set[str] = set()
        self.count = 0

    def _own_date(self, m: re.Match[str]) -> str:
        """'de Kamerbrief van 19 januari 2026' names the date of a cited passage's document: not a claim."""
        value = parse_date(m.group("date"))
        dates = {sp.passage.date for sp in self.draft.cited if sp.passage.date}
        iso = {f"{value[0]:04d}-{value[1]:02d}-{value[2]:02d}"} if value and value[2] else set()
        return m.group(0)[: m.start("date") - m.start()] if iso & dates else m.group(0)

    @staticmethod
    def _evidence(text: str) -> _Evidence:
        return _Evidence(text, fold(text), frozenset(analyze(text)), frozenset(known_figures([text])))

    def check(self, sentence: str) -> list[str]:
        """The reasons this sentence may not be shown (empty: it passes)."""
        from assistent.text.language import vote

        reasons: list[str] = []
        quoted = f"‘{_short(sentence)}’"
        self.count += 1
        if self.count > MAX_SENTENCES:
            return [f"Het antwoord is te lang (meer dan {MAX_SENTENCES} zinnen): het taalmodel stopt niet."]
        key = fold(_MARKER.sub(" ", sentence)).strip(" .")
        if key in self.seen:
            return [f"Het taalmodel herhaalt zichzelf: {quoted}."]
        self.seen.add(key)
        if key in self.rule_sentences:
            return []  # the rules layer's own sentence
        folded = fold(sentence)
        if any(p in folded for p in self.instruction_phrases):
            return [f"De zin herhaalt de instructies aan het taalmodel: {quoted}."]

        n_cited = len(self.draft.cited)
        cited = list(dict.fromkeys(markers(sentence)))
        for n in cited:
            if not 1 <= n <= n_cited:
                have = f"er zijn maar {n_cited} passages" if n_cited != 1 else "er is maar 1 passage"
                reasons.append(f"Bronverwijzing [{n}] bestaat niet: {have}.")
        valid = [self.evidence[n - 1] for n in cited if 1 <= n <= n_cited]
        if not cited and n_cited:
            reasons.append(f"De zin noemt geen bron met [n]: {quoted}.")

        bare = _EMAIL.sub(" ", _URL.sub(" ", _MARKER.sub(" ", sentence)))
        for m in _URL.finditer(sentence):
            url = m.group(0).rstrip(".,;:")
            if fold(url) not in self.all_folded:
                reasons.append(f"Het adres ‘{url}’ staat niet in de aangehaalde passages.")
        for m in _EMAIL.finditer(sentence):
            if fold(m.group(0)) not in self.all_folded:
                reasons.append(f"Het e-mailadres ‘{m.group(0)}’ staat niet in de aangehaalde passages.")

        # language
        v = vote(bare)
        if v.language is not None and v.language != self.lang and max(v.nl, v.en) >= 2:
            want = "Nederlands" if self.lang == "nl" else "Engels"
            reasons.append(f"De zin is niet in het {want}, de taal van de vraag: {quoted}.")

        # figures, against the passage text (and the rules' own answer); the letter's own date only as its date
        found = figures(_LETTER_DATE.sub(self._own_date, sentence))
        if self.draft.refused and found:
            listed = ", ".join(f"‘{f.raw}’" for f in found)
            reasons.append(f"De bronnen geven hier geen antwoord, maar het antwoord noemt toch een getal: {listed}.")
        else:
            known: set[tuple[str, Any]] = set()
            for e in (valid or self.evidence) + ([self.rules] if self.rules else []):
                known |= e.figures
            for f in dict.fromkeys(found):
                if not f.supported_by(known):
                    reasons.append(f"Het getal ‘{f.raw}’ staat niet in de aangehaalde passages.")

        # names
        words = list(_NAME.finditer(_DATE.sub(" ", _LIST_ITEM.sub("", bare).lstrip("\"'“‘("))))
        for i, m in enumerate(words):
            w = m.group(0)
            if not any(c.isupper() for c in w) or fold(w) in _NOT_NAMES:
                continue
            if i == 0 and not any(c.isupper() for c in w[1:]):
                continue  # the capital of the first word
            if fold(w) in self.all_folded or (self.lang == "en" and (translations_in(w) or fold(w) in _EN_COMMON or fold(w) in _EN_NL_GUARD)):
                continue
            reasons.append(f"De naam ‘{w}’ staat niet in de aangehaalde passages.")

        # a verdict on financing: only the rules layer's own sentence
        phrase = verdict(_without_verbatim_quotes(sentence, [e.text for e in valid]))
        if phrase and key not in self.rule_sentences:
            reasons.append(
                f"De zin zegt of u financiering kunt krijgen (‘{phrase}’); dat beslist alleen de regelcontrole."
            )

        # content: the words of the sentence must come from the passage it cites
        if valid and not self.draft.refused:
            reasons.extend(self._content(sentence, bare, valid, quoted))
        return reasons

    def _content(self, sentence: str, bare: str, valid: list[_Evidence], quoted: str) -> list[str]:
        bare = _DATE.sub(" ", bare)
        spans = [(f.start, f.end) for f in figures_in(bare)]
        text = "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(bare))
        from assistent.text.language import DUTCH, ENGLISH

        words = [w for w in tokens(text) if w not in DUTCH and w not in ENGLISH]
        stems = [s for s in analyze(" ".join(words)) if not s.isdigit() and s not in _META]
        if not stems:
            return [f"De zin zegt niets over de vraag: {quoted}."]
        have = frozenset().union(*(e.stems for e in valid))
        joined = " ".join(e.folded for e in valid)
        translated: set[str] = set()
        pairs = translations_in(text) + [(w, _EN_NL_GUARD[w]) for w in tokens(text) if w in _EN_NL_GUARD]
        for phrase, terms in pairs:
            if set(analyze(terms)) & have or any(_compound_in(t, have) for t in analyze(terms)):
                translated.update(analyze(phrase))
        supported = [s for s in stems if s in have or s in translated or _compound_in(s, have)]
        if fold(_MARKER.sub(" ", sentence)).strip(" .") in joined:
            return []  # verbatim
        share = len(supported) / len(stems)
        if share < (MIN_SUPPORT if self.lang == "nl" else MIN_SUPPORT_EN) or len(supported) < min(2, len(stems)):
            missing = ", ".join(s for s in stems if s not in supported)
            instr = sum(s in self.instruction_stems for s in stems) / len(stems)
            if instr >= MIN_SUPPORT:
                return [f"De zin herhaalt de instructies aan het taalmodel: {quoted}."]
            return [
                f"De zin rust niet op de aangehaalde passage ({len(supported)} van {len(stems)} inhoudswoorden staan "
                f"erin; niet: {missing}): {quoted}."
            ]
        return []


_EN_COMMON = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "dutch", "netherlands", "minister", "house", "parliament"}


def _compound_in(stem_: str, have: frozenset[str]) -> bool:
    """A Dutch compound made of, or part of, a word of the passage ('bouwfasefinanciering' ~ 'bouwfase')."""
    if len(stem_) < 5:
        return False
    return any(len(h) >= 5 and (h in stem_ or stem_ in h) for h in have)


def check_answer(
    text: str, draft: Draft, rules_text: str | None = None, lang: str | None = None, question: str = ""
) -> GuardReport:
    """Check a whole LLM answer, sentence by sentence; the report names the first sentence that fails."""
    found_markers = markers(text)
    report = GuardReport(False, [], found_markers, [f.raw for f in figures(text)])
    if not text.strip():
        report.reasons.append("Het taalmodel gaf een leeg antwoord.")
        return report
    guard = SentenceGuard(draft, lang, rules_text, question)
    for sentence in split_reply(text):
        report.sentences += 1
        reasons = guard.check(sentence)
        if reasons:
            report.reasons.extend(reasons)
            report.failed_sentence = report.failed_sentence or sentence
    report.passed = not report.reasons
    return report


_KINDS = (
    ("herhaalt de instructies", "guard:instructions"),
    ("herhaalt zichzelf", "guard:repeat"),
    ("te lang", "guard:too-long"),
    ("regelcontrole", "guard:verdict"),
    ("niet in het", "guard:language"),
    ("adres", "guard:url"),
    ("De naam", "guard:name"),
    ("getal", "guard:figure"),
    ("Bronverwijzing", "guard:citation"),
    ("geen bron met", "guard:citation"),
    ("rust niet op", "guard:content"),
    ("zegt niets", "guard:content"),
    ("leeg antwoord", "empty"),
)


def reason_kind(reason: str) -> str:
    """A short label for a guard reason ('guard:content', 'guard:figure', …), for counting fallbacks."""
    return next((kind for needle, kind in _KINDS if needle in reason), "guard:other")
