"""Guards for an LLM answer: it may only rephrase what the cited evidence already says.

Checked: every [n] points at a cited passage (and there is at least one), every figure occurs in
the evidence, no verdict on whether an initiative qualifies for the fund (that is the rules
layer's job), and a refusal stays a refusal. Reasons are plain Dutch and name what failed.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from assistent.answer.extractive import Draft
from assistent.text.numbers import MONTHS_EN, MONTHS_NL, MULTIPLIERS, format_date, parse_date, parse_number
from assistent.text import fold

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
_SHORT_MULTIPLIERS = {"k", "m", "bn"}  # only with € or euro: '5 m' is five metres
_FIGURE = re.compile(
    r"(?P<eur>€\s*)?(?<![\w.,])(?P<num>\d+(?:[.,]\d+)*)"
    r"(?:\s*(?P<mult>miljoen|miljard|millions|million|billion|duizend|thousand|mln|mio|mld|mrd|bn|m|k)\b)?"
    r"(?:\s*(?P<unit>%|procent\b|percent\b|pct\b|euro\b|eur\b))?",
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
    """Every date, amount, percentage and number in a text ([n] markers are not figures).

    With date_numbers the day and year of a date are also returned as plain numbers.
    """
    text = _MARKER.sub(" ", text)
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
    for m in _FIGURE.finditer(rest):
        mult = (m.group("mult") or "").lower()
        unit = (m.group("unit") or "").lower()
        money = bool(m.group("eur")) or unit in ("euro", "eur")
        if mult in _SHORT_MULTIPLIERS and not money:
            mult = ""
        number = parse_number(m.group("num"), grouping=not mult)
        raw = m.group(0).strip() if mult or unit or m.group("eur") else m.group("num")
        if number is None:
            found.append(Figure(raw, "number", m.group("num")))
            continue
        value = number * MULTIPLIERS.get(mult, Decimal(1))
        kind = "percent" if unit in ("%", "procent", "percent", "pct") else "number"
        found.append(Figure(raw, kind, value))
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


# -- the report ---------------------------------------------------------------


@dataclass
class GuardReport:
    """Whether an LLM answer may be shown, and if not, why (plain Dutch)."""

    passed: bool
    reasons: list[str] = field(default_factory=list)
    markers: list[int] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def evidence_texts(draft: Draft) -> list[str]:
    """What the LLM was given per cited passage: title, section, date and text."""
    out = []
    for sp in draft.cited:
        p = sp.passage
        out.append("\n".join([p.title, p.section, format_date(p.date, "nl"), format_date(p.date, "en"), p.text]))
    return out


def check_answer(text: str, draft: Draft, rules_text: str | None = None) -> GuardReport:
    """Check an LLM answer against the draft's cited passages (and the rules' own answer, if any)."""
    reasons: list[str] = []
    n_cited = len(draft.cited)
    sources = evidence_texts(draft)
    found_markers = markers(text)
    found_figures = figures(text)
    report = GuardReport(False, reasons, found_markers, [f.raw for f in found_figures])
    if not text.strip():
        reasons.append("Het taalmodel gaf een leeg antwoord.")
        return report

    # (a) citations
    if not found_markers and n_cited:
        reasons.append("Het antwoord noemt geen enkele bron met [n].")
    for n in dict.fromkeys(found_markers):
        if not 1 <= n <= n_cited:
            have = f"er zijn maar {n_cited} passages" if n_cited != 1 else "er is maar 1 passage"
            reasons.append(f"Bronverwijzing [{n}] bestaat niet: {have}.")

    # (d) a refusal stays a refusal
    if draft.refused and found_figures:
        listed = ", ".join(f"‘{f.raw}’" for f in found_figures)
        reasons.append(f"De bronnen geven hier geen antwoord, maar het antwoord noemt toch een getal: {listed}.")
    else:
        # (b) figures only from the evidence
        known = known_figures(sources + ([rules_text] if rules_text else []))
        for f in dict.fromkeys(found_figures):
            if not f.supported_by(known):
                reasons.append(f"Het getal ‘{f.raw}’ staat niet in de aangehaalde passages.")

    # (c) no verdict on eligibility, unless the rules reached the same one
    allowed = {positive for _, positive in conclusions(rules_text)} if rules_text else set()
    for phrase, positive in conclusions(_without_verbatim_quotes(text, [sp.passage.text for sp in draft.cited])):
        if positive not in allowed:
            reasons.append(
                f"Het antwoord zegt of een initiatief in aanmerking komt (‘{phrase}’); "
                "dat beslist alleen de regelcontrole."
            )
    report.passed = not reasons
    return report
