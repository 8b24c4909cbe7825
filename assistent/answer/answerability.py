"""Answerability and premises, by general means.

A question is answerable when a sentence about its focus holds an answer of the expected type; a
question about a measure the sources never name ('rente', 'looptijd') or about a name they never
mention is not. A figure or a name the question states is a false premise when the sentences on the
same focus state another of the same kind and not this one.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistent.answer.analysis import CorpusProfile, QuestionAnalysis, asserted_claim, holds_type
from assistent.text import (
    CHANGE, analyze, fold, meaning_stems, opposed, polarity, same_word, says_change, scope_words, stems_with_verbs,
    tokens, unsettled,
)
from assistent.text.contrasts import alternatives, members_said
from assistent.text.glossary import expand
from assistent.retrieve.bank import AskedBefore, is_evidence, nearness
from assistent.text.numbers import (
    TextFigure, amount_in, figure_bound, figures_in, format_pct, months_in, rounded_from, within_bound,
)

TYPE_LABELS = {
    "amount": ("bedrag", "amount"),
    "percentage": ("percentage", "percentage"),
    "count": ("aantal", "number"),
    "duration": ("termijn of duur", "period or duration"),
    "time": ("datum of moment", "date or time"),
    "place": ("adres, website of contactgegevens", "address, website or contact details"),
    "organisation": ("organisatie", "organisation"),
}


@dataclass(frozen=True)
class Unanswerable:
    """Why the sources cannot answer: what is missing, in the question's own words."""

    what_nl: str
    what_en: str
    reason: str


def _measure_known(measure: str, profile: CorpusProfile) -> bool:
    """Whether the sources use the measure noun (or a compound ending in it: 'grondprijs' for 'prijs')."""
    # a longer measure word also in its derived forms: 'minimum' — 'minimale', 'maximum' — 'maximaal'
    stem = measure[:-2] if len(measure) >= 7 else measure
    return any(w == measure or (w.endswith(measure) and len(w) > len(measure) + 2) or (stem != measure and w.startswith(stem))
               for w in profile.words)


def unanswerable(
    a: QuestionAnalysis,
    sentences: list[tuple[str, float, float]],
    profile: CorpusProfile,
    min_cover: float,
    top: int = 5,
) -> Unanswerable | None:
    """Why the question cannot be answered from these (sentence, cover, score) candidates, or None.

    `cover` is the share of the question's focus weight that a sentence contains.
    """
    if a.unknown_names and a.answer_type != "yesno":
        names = ", ".join(a.unknown_names)
        return Unanswerable(f"iets over {names}", f"anything about {names}", "unknown_name")
    if a.measure and not _measure_known(a.measure, profile):
        return Unanswerable(a.measure, a.measure, f"measure:{a.measure}")
    if not a.asks_value:
        return None
    # about the question: the best-scoring sentences, and any that hold enough of its focus
    about = [s for i, (s, cover, _) in enumerate(sentences) if i < top or cover >= min_cover]
    if a.measure:
        about = [s for s in about if a.measure in fold(s)]
    label_nl, label_en = TYPE_LABELS[a.answer_type]
    # the value must be said of what the question names: 'Hoeveel subsidie kreeg Crowdbuilding?' is not answered
    # by the amount SVn got, in a sentence that does not name Crowdbuilding
    if any(value_of_named(a, s, profile) for s in about):
        return None
    return Unanswerable(label_nl, label_en, f"type:{a.answer_type}")


def holds_answer(a: QuestionAnalysis, sentence: str) -> bool:
    """Whether the sentence holds a value of the type the question asks for, other than what the question itself
    says: its own figure is no answer, and neither is its own word for who ('Welke provincies …?' — 'een aantal
    provincies')."""
    # a figure the question offers as one of several is an answer when the sentence gives it ('5% of 10%?')
    choices = {str(f.value) for g in offered(a.query) for f in g}
    stated = {str(v) for _, v, _ in a.figures} - choices
    rest = sentence
    for f in figures_in(sentence):
        if str(f.value) in stated:
            rest = rest.replace(f.raw, " ")
    if a.answer_type == "organisation":
        asked = set(analyze(a.query))
        rest = " ".join(w for w in rest.split() if not set(analyze(w)) & asked)
    return holds_type(a.answer_type, rest)


def value_of_named(a: QuestionAnalysis, sentence: str, profile: CorpusProfile) -> bool:
    """Whether the sentence holds the value asked for and names one of the names the question names: 'Hoeveel
    subsidie kreeg Crowdbuilding?' is not answered by the amount SVn got, in a sentence without Crowdbuilding."""
    named = [f for f in a.focus if f in profile.name_stems]
    return holds_answer(a, sentence) and (not named or bool(set(named) & set(analyze(sentence))))


@dataclass(frozen=True)
class Premise:
    """A premise of the question that the sources contradict: a figure (kind 'figure') or a name (kind 'name';
    'found' is the source's), a claim the source states the other way round (kind 'polarity'), a word the source
    does not bear out (kind 'scope': 'alleen', 'afgeschaft'), a change it says is still open (kind 'unsettled'),
    or a claim that lies clearly nearest to a question asked before whose premise was false (kind 'asked'); or, not
    false, the one of several figures the question offers that the sources give (kind 'choice': 'Is het 10% of
    5%?')."""

    asserted: str
    found: str
    sentence: str
    kind: str = "figure"

    @property
    def false(self) -> bool:
        return self.kind != "choice"


_FIRST_PERSON = re.compile(r"\b(wij|we|ons|onze|ik|mijn|mij|our|us|i|my|me)\b")
# what users say they heard or read is a claim about the world: 'I read the government gave SVn 100 million'
_HEARSAY = re.compile(r"^\s*(?:ik|wij|we|i)\s+(?:\w+\s+){0,2}?(?:las|lazen|lees|gelezen|hoorde|hoorden|gehoord|zag|zagen"
                      r"|read|heard|saw|was told|were told)\b")
# a statement's complement clause: 'wij hebben gehoord | dat je tien procent …'
_COMPLEMENT = re.compile(r"\s+(?=(?:dat|that)\b)")


def _about_themselves(a: QuestionAnalysis, clause: str) -> bool:
    """Whether a clause of what the question takes for granted is a statement users make about themselves before
    they ask ('Mijn ouders willen 50.000 euro in onze coop stoppen. Hoeveel …?'), not a claim about the sources;
    what they heard or read stays a claim ('Ik las dat SVn 100 miljoen kreeg')."""
    return presupposed(a) != presupposed(a, statements=False) and bool(_FIRST_PERSON.search(_HEARSAY.sub("", clause)))


def _clause_of(text: str, part: str) -> str:
    """The clause of a statement that holds `part` (the whole text when none does): split where a source's
    sentence splits (`_clauses`), and before 'dat'/'that'."""
    return next((c for clause in _clauses(text) for c in _COMPLEMENT.split(clause) if part in c), text)

_KIND = {"percentage": "percent", "amount": "money", "count": "count", "year": "year"}


def _counted(text: str, start: int) -> set[str]:
    """Stems of the two words after a figure, in the sources' words: what it counts ('3 banken' → bank,
    '5,000 homes' → woning)."""
    return set(analyze(expand(" ".join(tokens(text[start:])[:2]))))


def _same_things(a: set[str], b: set[str]) -> bool:
    return any(x == y or x.endswith(y) or y.endswith(x) for x in a for y in b if min(len(x), len(y)) > 3)


# the answer types that ask for a figure of each kind: a question that gives one asks to reckon with it
_RECKONS = {"percentage": {"amount", "percentage"}, "amount": {"amount", "percentage"}, "count": {"count"},
            "year": {"time", "duration"}}
_SUPPOSING = re.compile(r"\b(als|wanneer|indien|stel|bij|if|when|suppose|say)\b")


def _supposed(a: QuestionAnalysis, kind: str, raw: str) -> bool:
    """Whether a figure in an open question is one the asker supposes, not one the question takes for granted:
    it asks for a figure of the same kind ('Hoeveel eigen geld is dat bij 3 miljoen?'), or the figure stands in a
    condition or a clause about the askers ('als wij met 20 huishoudens …'). 'Hoe worden de tienduizend
    huurwoningen verdeeld?' takes its figure for granted."""
    clause = fold(_clause_of(a.query, raw))
    after_opener = clause.split(maxsplit=1)[-1]  # 'wanneer' that opens the question asks, it sets no condition
    return a.answer_type in _RECKONS.get(kind, ()) or bool(_SUPPOSING.search(after_opener)
                                                             or _FIRST_PERSON.search(clause))


# figures a question offers as alternatives: '10% of 5%', 'twee of drie jaar', 'five or ten percent'
_EITHER_OR = re.compile(r"\s*(?:of|or|dan wel)\s*$", re.I)


def offered(query: str) -> list[list[TextFigure]]:
    """The groups of figures of one kind the question offers as alternatives ('Is het 10% of 5%?'): it asks
    which one holds, it takes none of them for granted."""
    groups: list[list[TextFigure]] = []
    for f in figures_in(query):
        last = groups[-1][-1] if groups else None
        if last is None or not _EITHER_OR.fullmatch(query[last.end:f.start]):
            groups.append([f])
        elif last.kind == f.kind:
            groups[-1].append(f)
        elif last.kind == "count" and last.raw[0].isdigit() and (unit := amount_in(f.raw.split()[0].lstrip("€"))):
            # a bare number takes the unit of the figure it is offered with: '5 of 10 procent', '2 or 3 million'
            groups[-1][-1] = replace(last, kind=f.kind, value=last.value * f.value / unit)
            groups[-1].append(f)
        else:
            groups.append([f])
    return [g for g in groups if len(g) > 1]


def _offered_with(query: str, raw: str) -> set[Decimal]:
    """The values of the figures the question offers next to `raw` as alternatives."""
    return next(({o.value for o in g if o.raw != raw} for g in offered(query) if any(f.raw == raw for f in g)), set())


def figure_conflict(a: QuestionAnalysis, sentences: list[str], profile: CorpusProfile) -> Premise | None:
    """A figure the question states where the sentences on its focus state another of the same kind and not it;
    counts only conflict when they count the same things ('2.000 woningen' against '1.000 huurwoningen').
    A statement users make about themselves before they ask holds their own figures, not a claim about the
    sources ('Mijn ouders willen 50.000 euro in onze coop stoppen. Hoeveel …?'), except a share. Also a figure
    the sources give of another alternative (`_said_of_another`) and a month (`_month_conflict`)."""
    claim = presupposed(a)
    for kind, value, raw in a.figures:
        if a.answer_type not in ("yesno", "other") and raw not in claim and _supposed(a, kind, raw):
            continue  # 'Hoeveel is dat bij 3 miljoen?' asks on a supposed figure, it does not claim it
        if kind != "percentage" and _about_themselves(a, _clause_of(claim, raw)):
            continue  # their own figure, not one they say the sources give; a share is a rate the sources set
        want = _KIND.get(kind, kind)
        bound = figure_bound(a.query, a.query.find(raw))
        said_of = _clause_of(claim if raw in claim else a.query, raw).replace(raw, " ")  # what it is said of
        if want == "percent" and (share := _share_said(said_of, sentences)):
            # a share the sources' figures give is exact, the claim's is said roundly: within SHARE_MARGIN it holds
            part, whole, actual, sentence = share
            if within_bound(value, bound, actual) if bound in ("min", "max") else abs(actual - value) <= SHARE_MARGIN:
                continue
            of = "van" if a.lang == "nl" else "of"
            return Premise(raw, f"{part} {of} {whole} ({format_pct(actual.quantize(Decimal(1)))})", sentence)
        counted = _counted(a.query, a.query.find(raw) + len(raw)) if want == "count" else set()
        seen: list[tuple[str, Decimal, str]] = []
        for s in sentences:
            seen += [(f.raw, f.value, s) for f in figures_in(s) if f.kind == want
                     and (want != "count" or _same_things(counted, _counted(s, f.end)))]
        if not seen:
            continue
        # only the sentences most about what the figure is said of speak to it ('sinds februari 2025' of the toolbox
        # is not borne out by the tender of februari 2025)
        seen = _most_about(_ClaimCover(said_of, profile), seen)
        if any((within_bound(value, bound, v) if bound else want != "year" and rounded_from(value, v))
               for _, v, _ in seen):
            continue  # 'ruim 60 miljoen' and 'die 60 miljoen' are true of € 60,6 miljoen
        if choice := next((x for x in seen if x[1] in _offered_with(a.query, raw)), None):
            return Premise(raw, choice[0], choice[2], kind="choice")  # '10% of 5%?' asks which: the sources give one
        if any(v == value for _, v, _ in seen):
            if swapped := _swapped(claim, raw, value, want, sentences):
                return swapped
            if other := _said_of_another(said_of, [s for _, v, s in seen if v == value]):
                return other
            continue
        found, _, sentence = seen[0]
        return Premise(raw, found, sentence)
    return _month_conflict(a, claim, sentences, profile)


def _month_conflict(a: QuestionAnalysis, claim: str, sentences: list[str], profile: CorpusProfile) -> Premise | None:
    """A month the claim names where the sentences most about what it is said of name another month of that year
    and not it ('SVn kreeg de subsidie in december' — 'In oktober dit jaar heb ik SVn … subsidie gegeven'); a
    month is a date's figure, read as the year is ('september 2026' — 'vanaf februari 2026')."""
    for month in months_in(claim):
        clause = _clause_of(claim, month.raw)
        if _about_themselves(a, clause):
            continue
        about = _ClaimCover(clause.replace(month.raw, " "), profile)
        seen = [(m, s) for s in sentences for m in months_in(s)
                if (None in (m.year, month.year) or m.year == month.year) and len(about.shared(s)) >= 2]
        seen = _most_about(about, seen)
        if seen and all(m.month != month.month for m, _ in seen):
            return Premise(month.raw, seen[0][0].raw, seen[0][1])
    return None


def _most_about(about: _ClaimCover, seen: list[tuple]) -> list[tuple]:
    """The items (…, sentence) whose sentence says most of what a figure is said of (`about`)."""
    weight = {x[-1]: about.weight(x[-1]) for x in seen}
    most = max(weight.values(), default=0.0)
    return [x for x in seen if weight[x[-1]] >= most - 1e-9]


def _after_figures(text: str, kind: str) -> list[tuple[Decimal, str, set[str]]]:
    """(value, raw, stems of the words up to the next figure of the kind) for each figure of the kind: what a
    figure is said of in 'X uit A en Y uit B'."""
    figs = [f for f in figures_in(text) if f.kind == kind]
    return [(f.value, f.raw, set(meaning_stems(text[f.end:(figs[i + 1].start if i + 1 < len(figs) else len(text))])))
            for i, f in enumerate(figs)]


# how far, in percentage points, a share said in words or as a round figure may lie from the share a source's
# figures give ('de helft' of 48%, not of 41%)
SHARE_MARGIN = Decimal(5)


def _shares(sentence: str) -> list[tuple[str, str, Decimal, set[str]]]:
    """(part, whole, the part's share in percent, stems of what the part is said of) for each part of a whole a
    sentence splits into figures of one kind ('De €60,6 miljoen komt voor €35,6 miljoen uit A en €25 miljoen uit
    B': 58,75% said of A, 41,25% of B); a whole is a figure that is the sum of all the others of its kind."""
    out: list[tuple[str, str, Decimal, set[str]]] = []
    for kind in ("money", "count"):
        figs = _after_figures(sentence, kind)
        for i, (total, whole, _) in enumerate(figs):
            parts = figs[:i] + figs[i + 1:]
            if total and len(parts) >= 2 and sum(v for v, _, _ in parts) == total:
                out += [(raw, whole, v * 100 / total, stems) for v, raw, stems in parts]
    return out


def _share_said(said_of: str, sentences: list[str]) -> tuple[str, str, Decimal, str] | None:
    """(part, whole, share, sentence) of the first sentence that splits a whole into parts of which exactly one is
    said of what the claim's share is said of (`said_of`, its clause without it): a word of it that no other part
    says ('een kwart van het geld komt uit de SWZ' — '€25 miljoen uit de Stimuleringsregeling Wonen en Zorg (SWZ)')."""
    claimed = set(meaning_stems(expand(said_of)))
    for s in sentences:
        parts = _shares(s)
        said = [p for i, p in enumerate(parts)
                if (claimed & p[3]) - set().union(*(q[3] for j, q in enumerate(parts) if j != i))]
        if len(said) == 1:
            return said[0][0], said[0][1], said[0][2], s
    return None


def _said_of_another(said_of: str, sentences: list[str]) -> Premise | None:
    """The claim's figure as a sentence gives it, but of another alternative of a set than the claim says it of
    ('50% van de marktwaarde in verhuurde staat' — 'de marktwaarde vrij van huur (50%)')."""
    folded = fold(said_of)
    for s in sentences:
        for group, name, start, end in alternatives(folded):
            theirs = members_said(group, fold(s))
            if name not in theirs and theirs:
                return Premise(folded[start:end], theirs[0], s, kind="name")
    return None


def _swapped(claim: str, raw: str, value: Decimal, kind: str, sentences: list[str]) -> Premise | None:
    """A figure the claim says of A where a sentence gives it too, but says it of B and gives another figure
    of A ('25 miljoen uit de amendementen' — '€35,6 miljoen uit … twee amendementen … en €25 miljoen uit de SWZ')."""
    said = next((stems for v, r, stems in _after_figures(claim, kind) if r == raw), set())
    for s in sentences:
        parts = _after_figures(s, kind)
        own = set().union(*(stems for v, _, stems in parts if v == value))
        for v, other, stems in parts:
            if v != value and (said & stems) - own and not said & own:
                return Premise(raw, other, s)
    return None


def name_conflict(a: QuestionAnalysis, sentences: list[str], profile: CorpusProfile) -> Premise | None:
    """A name the sources never mention, in a yes/no question or in a claim the question takes for granted, whose
    best sentences name another organisation ('Triodos voert het fonds uit, toch? Hoe bereik ik ze?')."""
    claim = presupposed(a)
    if not a.unknown_names or (a.answer_type != "yesno" and not any(fold(n) in claim for n in a.unknown_names)):
        return None
    # only a sentence about the rest of the question can name who does it instead ('Zit Rotterdam in de
    # koplopergroep?' is not answered by a sentence about Cooplink helping municipalities)
    rest = {k: v for k, v in a.focus.items() if k not in set(analyze(" ".join(a.unknown_names)))}
    if a.answer_type != "yesno":  # of a claim before another question, only what the claim is about
        claimed = {profile.as_source(s) for s in meaning_stems(claim)}
        rest = {k: v for k, v in rest.items() if k in claimed}
    total = sum(rest.values())
    for s in sentences:
        stems = set(meaning_stems(s))
        if total <= 0 or sum(v for k, v in rest.items() if k in stems) / total < NAME_COVER:
            continue
        known = [w for w in dict.fromkeys(_words(s))
                 if any(t in profile.names for t in tokens(w)) and w[:1].isupper()]
        if known:
            return Premise(a.unknown_names[0], known[0].strip(",.;:"), s, kind="name")
    return None


# the share of a yes/no question's focus weight (its unknown name aside) a sentence must hold to name another
NAME_COVER = 0.5


# 'Waarom beheert de Rabobank het fonds?' takes for granted what it asks the reason of
_PRESUPPOSING_WH = re.compile(r"^(?:\w+\s){0,2}?(waarom|why|hoe komt het dat|how come)\b")


def presupposed(a: QuestionAnalysis, statements: bool = True) -> str:
    """What the question takes for granted: its asserted claim, or what a why-question asks the reason of; with
    statements=False not a statement users make about themselves before they ask."""
    asserted = a.asserted if statements else asserted_claim(a.query, statements=False)
    return asserted or (a.query if _PRESUPPOSING_WH.match(fold(a.query)) else "")


def role_conflict(a: QuestionAnalysis, sentences: list[str], profile: CorpusProfile) -> Premise | None:
    """A name the question takes for granted as doing something, where the sentence about that something
    names someone else and not it ('Die richtlijn is toch van het NRVT?' — 'Platform31 heeft een
    taxatierichtlijn opgesteld'). Only for a claim the question presupposes, never for an open question, nor for
    what users say of themselves before they ask ('I'm a Crowdbuilding member')."""
    return next((p for claim in claim_clauses(presupposed(a))
                 if not _about_themselves(a, claim) and (p := _role_conflict_in(claim, a, sentences, profile))), None)


def _role_conflict_in(claim: str, a: QuestionAnalysis, sentences: list[str], profile: CorpusProfile) -> Premise | None:
    """The claim's names against the sentences about the rest of it; then, where it names several, each in turn
    against the sentences about the rest with the others ('Coopkeur is toch het keurmerk van Platform31?' — 'Het
    keurmerk van Cooplink (Coopkeur)')."""
    # the names the sources know, and those the question writes as names that they never mention ('Aedes')
    asked = {t for n in a.names for t in tokens(n) if t not in profile.words}
    said = [t for t in dict.fromkeys(tokens(claim)) if t in profile.names or t in asked]
    if not said:
        return None
    # what the claim is about, not the question around it, in the sources' words
    claimed = set(meaning_stems(expand(claim)))
    for names in ([said, *([n] for n in said)] if len(said) > 1 else [said]):
        named = set(analyze(" ".join(names)))
        rest = {k: v for k, v in a.focus.items() if k not in named and k in claimed}
        # a name the sources never mention may be anything, a place too ('In Denemarken zijn wooncoöperaties
        # groot'): the role it is given must be said in two words at least
        if premise := _role_taken_by_another(names, said, rest, a, sentences, profile, 2 if asked & set(names) else 1):
            return premise
    return None


def _role_taken_by_another(
    names: list[str], said: list[str], rest: dict[str, float], a: QuestionAnalysis, sentences: list[str],
    profile: CorpusProfile, min_shared: int = 1,
) -> Premise | None:
    """The best sentence about the rest of the claim (`rest`, its words without the names) that names someone the
    claim does not, where none about it names one of `names`; a sentence is about it when it says half of the
    rest's weight and at least `min_shared` of its words."""
    total = sum(rest.values())
    if len(rest) < 2 or total <= 0:
        return None

    def cover(sentence: str) -> float:
        # a word of the claim also counts as the head of the sentence's compound ('richtlijn' — 'taxatierichtlijn')
        stems = set(stems_with_verbs(sentence))
        shared = [v for k, v in rest.items() if any(same_word(k, w) for w in stems)]
        return sum(shared) / total if len(shared) >= min_shared else 0.0

    covers = [(cover(s), s) for s in sentences]
    best_cover = max((c for c, _ in covers), default=0.0)
    if best_cover < 0.5:
        return None
    # a sentence that is about it too and does name one of the names, or its short form ('Rabo'): no conflict; a
    # name is written as one ('een online platform' is no short form of Platform31)
    if any(c >= min(0.5, best_cover - 0.1) and any(_one_name(t, names) for w in _words(s) if w[:1].isupper()
                                                   for t in tokens(w)) for c, s in covers):
        return None
    # of the sentences about as much about it, the best that names someone the claim does not
    for c, s in sorted(covers, key=lambda cs: -cs[0]):
        if c < best_cover - 0.1:
            break
        others = [w for w in _words(s)
                  if w[:1].isupper() and any(t in profile.names and t not in said for t in tokens(w))]
        if others:
            # the name as the question writes it ('GroenLinks' inside 'GroenLinks-PvdA-Kamerlid')
            written = re.search(re.escape(names[0]), a.query, re.I)
            shown = next((w for w in a.query.split() if fold(w).strip(",.;:?!") in names),
                         written.group(0) if written else names[0])
            # a name's short form where the sentence gives one: 'Stimuleringsfonds … (SVn)' → SVn
            found = next((w for w in others if f"({w.strip(',.;:')})" in s), others[0])
            return Premise(shown.strip(",.;:?!"), found.strip(",.;:"), s, kind="name")
    return None


def _words(sentence: str) -> list[str]:
    """The words of a sentence as written, brackets off ('(SVn)' → 'SVn')."""
    return sentence.replace("(", " ").replace(")", " ").split()


def _one_name(name: str, names: list[str]) -> bool:
    """Whether a name is one of the names, or a short form of one or one of them of it ('Rabo' — 'Rabobank')."""
    return any(name == n or (min(len(name), len(n)) >= 3 and (name.startswith(n) or n.startswith(name)))
               for n in names)


# the share of the rest of a claim's word weight (idf) that the sentences saying another alternative must cover
CONTRAST_COVER = 0.5


def contrast_conflict(a: QuestionAnalysis, sentences: list[str], profile: CorpusProfile) -> Premise | None:
    """One alternative of a set the question takes for granted where the sentences about the rest of its claim
    say another of the same set and none says it ('Het fonds geeft subsidie aan groepen, toch?' — 'Het fonds
    verstrekt leningen aan coöperatieve initiatieven'). Only for a claim that affirms, in sentences that affirm, and
    never for what users say of themselves before they ask ('wij willen middenhuur doen. Heeft die handreiking …')."""
    claim = fold(presupposed(a, statements=False))
    if not claim or polarity(claim):
        return None
    claimed = set(analyze(" ".join(tokens(expand(claim)))))
    for group, name, start, end in alternatives(claim):
        term = set(analyze(" ".join(tokens(expand(claim[start:end])))))
        rest = {k: v for k, v in a.focus.items() if k in claimed and k not in term}
        total = sum(rest.values())
        if len(rest) < 2 or total <= 0:
            continue
        covers = sorted(((sum(v for k, v in rest.items() if k in stems) / total, s)
                         for s, stems in ((s, set(analyze(s))) for s in sentences)), key=lambda cs: -cs[0])
        best = covers[0][0] if covers else 0.0
        if best < CONTRAST_COVER:
            continue
        near = [s for c, s in covers if c >= best - 0.1]
        # a sentence about it that says the claim's own alternative: no conflict ('Het Fonds Coöperatief Wonen geeft
        # leningen, klopt dat?' — the fund's full name covers the subsidy sentence best, 'Het fonds verstrekt
        # leningen …' less, but it is about the fund and says so)
        if any(name in members_said(group, fold(s)) for c, s in covers
               if c >= CONTRAST_COVER / 2 and not polarity(fold(s))):
            continue
        for s in near:
            others = [m for m in members_said(group, fold(s)) if m != name]
            if others and not polarity(fold(s)):
                return Premise(name, others[0], s, kind="name")
    return None


# the share of a claim's words, or of their weight (idf), a sentence must say to be about the claim
CLAIM_COVER = 0.5
# where a sentence of a source joins clauses: punctuation, coordination and subordinating conjunctions
_SOURCE_CLAUSES = re.compile(r"\s*[,;:()]\s*|\s+(?=(?:en|maar|omdat|doordat|wanneer|als|indien|waardoor|zodat|want"
                             r"|terwijl|tenzij|hoewel|because|when|if|but|and|unless|while)\b)")


def _clauses(text: str) -> list[str]:
    return [c for c in _SOURCE_CLAUSES.split(text) if c.strip()] or [text]


# where a claim joins a second statement to the first ('X, dus Y', 'X; Y')
_CLAIM_CLAUSES = re.compile(r"\s*(?:;|,\s*(?:dus|maar|zodat|want|so|but)\b)\s*")


def claim_clauses(claim: str) -> list[str]:
    """The statements a claim joins ('X, dus Y' → X, Y); none for no claim."""
    return [c for c in _CLAIM_CLAUSES.split(claim) if c] if claim else []


def polarity_conflict(a: QuestionAnalysis, sentences: list[str], profile: CorpusProfile) -> Premise | None:
    """A claim the question takes for granted where the sentence that covers it says it the other way round:
    one of the two affirms and the other denies, counting negations and privatives ('De Wmo sluit dat uit,
    toch?' — 'sluit … niet uit'; 'verbiedt het Didam-arrest …' — 'vormt geen belemmering'), clause by clause."""
    # not a why-question's: its best sentence gives a reason, often by a privative or a negation (tried with
    # reason sentences left out: six more false premises flagged on the own sets, none on the blind set or set
    # ten, and three sound why-questions flagged on the blind set)
    claimed = a.asserted
    for claim in claim_clauses(claimed):
        if _about_themselves(a, claim):
            continue  # what users say of themselves before they ask ('onze woongroep heeft één gasaansluiting')
        # an English claim in its own words only (read with the glossary's Dutch words too it flagged four more
        # false premises on the own sets and two sound statements: a negation or privative the English lacks)
        cover = _ClaimCover(claim, profile, expanded=a.lang == "nl")
        if len(cover.focus) < 2:
            continue

        def differ(sentence: str) -> bool:
            """Whether the claim and the clause of the sentence that says most of it differ in polarity (a
            negation in another clause of the source, 'wanneer … nog geen hypotheek', 'en is daardoor niet
            altijd …', is about something else)."""
            clauses = _clauses(fold(sentence))
            theirs = max(clauses, key=cover.weight, default="")
            # a claim of several clauses, clause by clause: each against the source clause that says most of it
            # ('Omdat X niet mag, speelt Y niet' — '… zal het probleem daarom niet optreden')
            # a clause says a clause of the claim when it says two of its words (or its one word); claim clauses
            # that one source clause says are read together ('Als X niet kan, kan Y beperkt zijn' — 'Als X niet kan
            # kan Y beperkt zijn': one clause, one negation)
            ours_clauses = _clauses(claim)
            if len(ours_clauses) > 1:
                said: dict[str, list[str]] = {}
                for ours in ours_clauses:
                    words = set(cover.shared(expand(ours) if a.lang == "nl" else ours))
                    match = max(clauses, key=lambda c: sum(cover.focus[w] for w in words & set(cover.shared(c))),
                                default="")
                    if words and len(words & set(cover.shared(match))) >= min(2, len(words)):
                        said.setdefault(match, []).append(ours)
                if said:
                    return any(opposed(" ".join(ours), match) for match, ours in said.items())
            # any clause that says two of the claim's words the way the claim says it agrees with it ('kunnen … niet
            # altijd gebruik maken van woningvoorzieningen …, omdat deze alleen voor een eigen woning vergoed worden');
            # a clause that says fewer of them than that does not say the claim and cannot deny it
            agree = any(len(cover.shared(c)) >= 2 and not opposed(c, claim) for c in clauses)
            says = len(cover.shared(theirs)) >= min(2, len(cover.focus))
            return says and opposed(claim, theirs) and not agree

        for best in cover.best(sentences):
            if cover.covers(best) and differ(best):
                return Premise(claimed, best, best, kind="polarity")
    return None


class _ClaimCover:
    """How much of a claim a sentence says: the claim's words, with the sources' words for them when `expanded`
    (the glossary's Dutch for English words too), compounds by their head, each weighed by its rarity."""

    def __init__(self, claim: str, profile: CorpusProfile, expanded: bool = True):
        words = meaning_stems(expand(claim) if expanded else claim)
        self.focus = {s: profile.idf(s) for s in words if s in profile.df}

    def shared(self, sentence: str) -> list[str]:
        words = set(meaning_stems(sentence))
        return [f for f in self.focus if any(same_word(f, w) for w in words)]

    def weight(self, sentence: str) -> float:
        """The weight of the claim's words the sentence says."""
        return sum(self.focus[w] for w in self.shared(sentence))

    def covers(self, sentence: str) -> bool:
        """Whether the sentence says at least two of the claim's words, and half of them or of their weight."""
        n = len(self.shared(sentence))
        return n >= 2 and (n >= CLAIM_COVER * len(self.focus)
                           or self.weight(sentence) >= CLAIM_COVER * sum(self.focus.values()))

    def best(self, sentences: list[str]) -> list[str]:
        """The sentences that cover most of the claim: by its words, and by its rare words."""
        return list(dict.fromkeys([max(sentences, key=lambda s: len(self.shared(s)), default=""),
                                   max(sentences, key=self.weight, default="")]))


def scope_conflict(a: QuestionAnalysis, sentences: list[str], profile: CorpusProfile) -> Premise | None:
    """A claim the question takes for granted that gives what it says a scope (always, never, all, wholly,
    everywhere, only), where the sentences that cover the claim say it without a word of that scope ('De
    taxatierichtlijn van Platform31 wordt al overal gebruikt, toch?' — 'Platform31 heeft een taxatierichtlijn
    opgesteld'): the sources do not say it holds that widely. Not for what users say of themselves before they ask."""
    for claim in claim_clauses(presupposed(a)):
        said = scope_words(claim)
        if not said or _about_themselves(a, claim):
            continue
        # what the claim says, without the words of its scope: a sentence is not about it for saying 'breed' too
        cover = _ClaimCover(re.sub(rf"\b(?:{'|'.join(map(re.escape, said.values()))})\b", " ", claim), profile)
        if len(cover.focus) < 2:
            continue
        covering = [s for s in dict.fromkeys([*cover.best(sentences), *sentences]) if cover.covers(s)]
        if covering and not any(scope_words(fold(s)).keys() & said.keys() for s in covering):
            return Premise(next(iter(said.values())), "", covering[0], kind="scope")
    return None


# how many of the sentences on what a claimed change is said of are read for that change
CHANGE_SENTENCES = 3


def change_conflict(a: QuestionAnalysis, sentences: list[str], profile: CorpusProfile) -> Premise | None:
    """A claim the question takes for granted that something was or will be changed (abolished, introduced,
    exempted, extended …) that the sources on it do not bear out: the first sentence that says what the change is
    said of (the claim's rarest word without its verbs of change) says it is still explored, depends or is unclear
    ('De kostendelersnorm is toch afgeschaft?' — 'Het ministerie van VRO laat … een verkenning uitvoeren naar …
    de kostendelersnorm'), or none of the first CHANGE_SENTENCES of them speaks of a change at all ('Het kabinet
    voert huurtoeslag in voor onzelfstandige woningen, toch?' — 'Zo bestaat er … geen recht op huurtoeslag').
    Not for a claim that is itself unsettled or denies a change ('Waarom krijgen woongroepen geen vrijstelling?'),
    nor for what users say of themselves before they ask."""
    for claim in claim_clauses(presupposed(a)):
        subject = CHANGE.sub(" ", claim)
        if unsettled(claim) or not says_change(claim) or polarity(subject) or _about_themselves(a, claim):
            continue
        cover = _ClaimCover(subject, profile)
        if not cover.focus:
            continue
        rarest = max(cover.focus.values())
        on = [s for s in sentences if any(cover.focus[w] >= rarest for w in cover.shared(s))][:CHANGE_SENTENCES]
        if on and unsettled(fold(on[0])):
            return Premise(claim, "", on[0], kind="unsettled")
        if on and not any(says_change(fold(s)) for s in on):
            return Premise(CHANGE.search(claim).group(0), "", on[0], kind="scope")
    return None


def premise_asked_before(a: QuestionAnalysis, sentences: list[str], evidence: tuple[str, ...]) -> Premise | None:
    """A claim the question takes for granted while it lies clearly nearer to the claim of a question asked before
    whose premise was false than to what any other says (`evidence` is that question's, folded:
    `QuestionBank.false_premise`): the first of the sentences that holds that evidence corrects it. Not for a
    question with a figure: a sentence vector does not see which figure it says, `figure_conflict` does ('SVn werd
    in februari 2025 gekozen, toch?' lies near 'De tender werd in februari 2024 uitgezet, toch?')."""
    claim = presupposed(a)
    if not evidence or not claim or a.figures:
        return None
    return next((Premise(claim, "", s, kind="asked") for s in sentences
                 if any(is_evidence(fold(s), e) for e in evidence)), None)


# --- the learned decision: answer or say the sources do not hold it -------------------------

FEATURES = (
    "best_cos", "best_cover", "max_cover_top5", "top_passage_score", "known_share", "unknown_words",
    "unknown_name", "unknown_measure", "asks_value", "value_on_focus", "value_in_top5", "yesno", "focus_weight",
    "asked_near", "answered_near", "unanswered_before", "answered_before",
)
MODEL_PATH = Path(__file__).with_name("answerability.json")


def features(
    a: QuestionAnalysis, sentences: list[tuple[str, float, float, float]], top_score: float, profile: CorpusProfile,
    min_cover: float, asked_before: AskedBefore,
) -> dict[str, float]:
    """What the decision looks at; sentences are (text, cover, score, cosine), best first; `asked_before` what the
    questions asked before say of it: how near the nearest answered one is, how near the nearest whose evidence is
    among the five best sentences here (one the sources answered with what is found here), and the cosines of the
    nearest question the sources did not answer and of the nearest they did."""
    content = [w for w in tokens(a.corrected or a.query) if len(w) > 3]
    known = sum(1 for w in content if w in profile.words)
    on_focus = [s for s, cover, _, _ in sentences if cover >= min_cover]
    return {
        "best_cos": max((c for *_, c in sentences), default=0.0),
        "best_cover": sentences[0][1] if sentences else 0.0,
        "max_cover_top5": max((c for _, c, _, _ in sentences[:5]), default=0.0),
        "top_passage_score": top_score,
        "known_share": known / len(content) if content else 0.0,
        "unknown_words": float(len(a.unknown_words)),
        "unknown_name": float(bool(a.unknown_names)),
        "unknown_measure": float(bool(a.measure) and not _measure_known(a.measure, profile)),
        "asks_value": float(a.asks_value),
        "value_on_focus": float(a.asks_value and any(value_of_named(a, s, profile) for s in on_focus)),
        "value_in_top5": float(a.asks_value and any(value_of_named(a, s, profile) for s, *_ in sentences[:5])),
        "yesno": float(a.answer_type == "yesno"),
        "focus_weight": a.focus_weight,
        "asked_near": max(asked_before.evidence.values(), default=0.0),
        "answered_near": max((nearness(fold(s), asked_before.evidence) for s, *_ in sentences[:5]), default=0.0),
        "unanswered_before": asked_before.unanswered,
        "answered_before": asked_before.answered,
    }


@dataclass(frozen=True)
class AnswerabilityModel:
    """A logistic regression over `FEATURES` and, when `embedding` names the model in use, the question's
    vector (standardised); trained on the dev and own sets by `assistent train-answerability`, its
    `threshold` chosen by cross-validation."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    embedding: str = ""  # the embedding model whose question vectors the model also reads ("" = features only)

    def p_unanswerable(self, feats: dict[str, float], qvec: np.ndarray | None = None) -> float:
        row = [feats[f] for f in FEATURES]
        x = np.concatenate([row, qvec]) if self.embedding else np.array(row)
        z = (x - np.array(self.mean)) / np.array(self.scale)
        return float(1.0 / (1.0 + np.exp(-(z @ np.array(self.coef) + self.intercept))))

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in ("embedding", "mean", "scale", "coef", "intercept", "threshold")}


def save_models(models: list[AnswerabilityModel], path: Path = MODEL_PATH) -> None:
    data = {"features": list(FEATURES), "models": [m.to_json() for m in models]}
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")
    load_model.cache_clear()


@lru_cache(maxsize=4)
def load_model(embedding: str, path: Path = MODEL_PATH) -> AnswerabilityModel | None:
    """The model trained with this embedding's vectors and cosines, or None: a model fitted to one embedding's
    scale of cosines misjudges another's, so without one only the general rules refuse (as while one is trained)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} is trained on other features; run: assistent train-answerability")
    models = [AnswerabilityModel(**{**m, "mean": tuple(m["mean"]), "scale": tuple(m["scale"]),
                                    "coef": tuple(m["coef"])}) for m in data["models"]]
    return next((m for m in models if m.embedding == embedding), None)
