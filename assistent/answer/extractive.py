"""Stage 6 — compose without an LLM: the best supporting sentences, quoted verbatim with [n] markers.

The composer picks sentences from the top passages (embedding similarity of each sentence to the
question, word overlap, and a bonus when the sentence holds what the question type asks for),
refuses when the asked-for value is not in the evidence, and corrects a false figure in the question.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from assistent.text.glossary import expand
from assistent.index.store import Index
from assistent.models import ScoredPassage
from assistent.answer.answerability import DATE, MONEY, PERCENT, PremiseConflict, Slot, asked_slots, count_noun, focus_stems, premise_conflicts, proper_names, slot_filled
from assistent.text import analyze, fold, tokens
from assistent.text.numbers import format_date

TOPICS_NL = (
    "het Fonds Coöperatief Wonen, taxatie en belastingen, grond en locaties, steun van gemeenten, "
    "coöperaties in de sociale huur, het delen van voorzieningen (huurtoeslag, kostendelersnorm, energie, Wmo), "
    "bewoningsrecht en de wettelijke definitie van een wooncoöperatie"
)
TOPICS_EN = (
    "the Fonds Coöperatief Wonen (cooperative housing fund), valuation and taxes, land and locations, support "
    "for municipalities, cooperatives in social housing, shared facilities (housing benefit, cost-sharing norm, "
    "energy, Wmo), tenancy rights and the legal definition of a housing cooperative"
)
_ANAPHOR = re.compile(r"^(deze|dit|dat|die|daarom|daarmee|daarbij|daarvoor|daarnaast|zo|zij|hij|ook dit|in dat)\b", re.I)
_REASON = re.compile(r"\b(omdat|daarom|zodat|want|doordat|vanwege|dus)\b", re.I)
_NAME = re.compile(r"\b[A-Z][A-Za-z]{2,}")

_KNOWN_EN_NAMES = {"netherlands", "dutch", "parliament", "minister", "english", "house", "government", "what",
                   "which", "who", "how", "why", "when", "where", "can", "does", "is", "are", "the", "our", "we"}


@dataclass
class Sentence:
    passage: ScoredPassage
    start: int
    end: int
    score: float
    rank: int  # rank of its passage

    @property
    def text(self) -> str:
        return self.passage.passage.text[self.start : self.end]


@dataclass
class CardUse:
    """A fact card applied to a question: its statement, the passages of its basis, and whether the question contradicts it."""

    statement: str
    passages: list[ScoredPassage]
    basis: tuple[str, ...]
    premise_false: bool = False


@dataclass
class Draft:
    """What a composer produces before the result object is filled in."""

    answer: str
    cited: list[ScoredPassage] = field(default_factory=list)
    refused: bool = False
    false_premise: bool = False
    reason: str = ""
    sentences: list[Sentence] = field(default_factory=list)


class ExtractiveComposer:
    """Answers from verbatim sentences of the sources; needs no LLM."""

    def __init__(
        self,
        index: Index,
        passages: int = 6,
        max_sentences: int = 3,
        window_chars: int = 650,
        second_margin: float = 0.02,
        notes: Callable[[list[str], str], list[str]] = lambda sentences, lang: [],
    ):
        """`notes` gives a domain's notes on the chosen sentences (e.g. what 'dit jaar' means in a letter)."""
        if passages < 1 or max_sentences < 1:
            raise ValueError("passages and max_sentences must be at least 1")
        self.index = index
        self.passages = passages
        self.max_sentences = max_sentences
        self.window_chars = window_chars
        self.second_margin = second_margin
        self.notes = notes
        self._corpus_words: set[str] | None = None
        self._corpus_names: set[str] | None = None
        self._df: dict[str, int] | None = None

    # -- scoring ---------------------------------------------------------

    def score_sentences(self, query: str, qtype: str, qvec: np.ndarray, ranked: list[ScoredPassage]) -> list[Sentence]:
        qstems = set(analyze(expand(query)))
        out: list[Sentence] = []
        for rank, sp in enumerate(ranked):
            for j in self.index.sentences_of.get(sp.passage.id, []):
                _, s, e = self.index.sentence_spans[j]
                text = sp.passage.text[s:e]
                cos = float(self.index.sentence_vectors[j] @ qvec)
                sstems = set(analyze(text))
                lex = len(qstems & sstems) / max(len(qstems), 1)
                score = cos + 0.12 * lex + 0.03 * _type_bonus(qtype, text) - 0.01 * rank
                out.append(Sentence(sp, s, e, score, rank))
        out.sort(key=lambda x: -x.score)
        return out

    def select(self, scored: list[Sentence]) -> list[Sentence]:
        """A window of the top passage around its best sentence, plus the best sentence elsewhere if it scores higher."""
        if not scored:
            return []
        top_rank = min(s.rank for s in scored)
        own = [s for s in scored if s.rank == top_rank]
        window = self._window(own)
        chosen = list(window)
        best_own = max(s.score for s in own)
        for cand in scored:
            if cand.rank == top_rank or len(chosen) >= self.max_sentences + 2:
                continue
            if cand.score > best_own - self.second_margin:
                chosen.append(cand)
                break
        return chosen

    def _window(self, own: list[Sentence]) -> list[Sentence]:
        """Sentences of one passage in text order: all of it when short, else the best window of about window_chars."""
        ordered = sorted(own, key=lambda s: s.start)
        if sum(s.end - s.start for s in ordered) <= self.window_chars:
            return ordered
        best = max(range(len(ordered)), key=lambda i: ordered[i].score)
        lo = hi = best
        length = ordered[best].end - ordered[best].start
        while True:
            options = []
            if lo > 0:
                options.append((ordered[lo - 1].score + (0.02 if _ANAPHOR.match(ordered[lo].text) else 0), lo - 1))
            if hi + 1 < len(ordered):
                options.append((ordered[hi + 1].score, hi + 1))
            if not options:
                break
            _, nxt = max(options)
            add = ordered[nxt].end - ordered[nxt].start
            if length + add > self.window_chars:
                break
            length += add
            lo, hi = min(lo, nxt), max(hi, nxt)
        return ordered[lo : hi + 1]

    # -- answerability -----------------------------------------------------

    def corpus_words(self) -> set[str]:
        if self._corpus_words is None:
            words: set[str] = set()
            for p in self.index.passages:
                words.update(tokens(p.text + " " + " ".join(p.notes) + " " + p.title))
            self._corpus_words = words
        return self._corpus_words

    def corpus_names(self) -> set[str]:
        """Words the sources only write capitalised inside a sentence: names such as SVn, Crowdbuilding, RVO."""
        if self._corpus_names is None:
            upper: set[str] = set()
            lower: set[str] = set()
            for p in self.index.passages:
                for m in re.finditer(r"(?<=[^.!?]\s)[(“‘\"]?([A-Za-zÀ-ÿ][\w’'-]*)", p.text):
                    w = m.group(1)
                    (upper if w[0].isupper() else lower).add(fold(w))
            self._corpus_names = {t for w in upper - lower for t in tokens(w) if t not in lower and len(t) > 1}
        return self._corpus_names

    def unknown_names(self, question: str) -> list[str]:
        """Proper names in the question that occur nowhere in the sources (after typo tolerance)."""
        from rapidfuzz import fuzz, process

        words = self.corpus_words()
        unknown = []
        for name in proper_names(question):
            parts = [t for t in tokens(name) if t not in _KNOWN_EN_NAMES]
            for t in parts:
                if t in words or len(t) < 4:
                    continue
                if process.extractOne(t, words, scorer=fuzz.ratio, score_cutoff=88):
                    continue
                unknown.append(name)
                break
        return unknown

    def document_frequency(self) -> dict[str, int]:
        """In how many passages each stem occurs."""
        if self._df is None:
            df: dict[str, int] = {}
            for p in self.index.passages:
                for stem_ in set(analyze(p.text)):
                    df[stem_] = df.get(stem_, 0) + 1
            self._df = df
        return self._df

    def subject_stems(self, focus: set[str]) -> set[str]:
        """The rarest content stems of the question that the sources contain: what the question is about."""
        df = self.document_frequency()
        known = {s: df[s] for s in focus if s in df}
        if not known:
            return set()
        rarest = min(known.values())
        return {s for s, n in known.items() if n <= rarest + 1}

    def missing_slot(self, question: str, ranked_sentences: list[Sentence], corrected: str = "") -> Slot | None:
        """The first value kind the question asks for that no relevant sentence holds.

        Relevant: a sentence of the top passages that names every name of the question the sources
        know (SVn, RVO …) and the rarest content word of the question (its subject), if the sources
        know one; a count question ('hoeveel woningen') needs its noun right after a number instead.
        """
        slots = asked_slots(question)
        if not slots:
            return None
        known = self.corpus_names()
        names = {t for n in proper_names(question) for t in tokens(n) if t in known}
        subject = self.subject_stems(focus_stems(question) | focus_stems(corrected))
        for slot in slots:
            noun_count = slot.name == "count" and count_noun(question) is not None
            for s in ranked_sentences:
                text = fold(s.text)
                if names and not all(n in text for n in names):
                    continue
                if subject and not noun_count and not subject & set(analyze(s.text)):
                    continue
                if slot_filled(slot, s.text, question):
                    break
            else:
                return slot
        return None


def _type_bonus(qtype: str, text: str) -> float:
    if qtype == "hoeveel":
        return 1.0 if (MONEY.search(text) or PERCENT.search(text) or re.search(r"\d", text)) else 0.0
    if qtype == "wanneer":
        return 1.0 if DATE.search(text) else 0.0
    if qtype == "waarom":
        return 1.0 if _REASON.search(text) else 0.0
    if qtype == "wie":
        return 1.0 if _NAME.search(text[1:]) else 0.0
    return 0.0


# -- the answer text ---------------------------------------------------------


def quote_lines(sentences: list[Sentence], numbers: dict[str, int]) -> list[str]:
    """Consecutive sentences of one passage are joined into one quote; each quote ends with its [n]."""
    lines: list[str] = []
    prev: Sentence | None = None
    for s in sentences:
        n = numbers[s.passage.passage.id]
        if prev is not None and prev.passage is s.passage and s.start >= prev.end and s.start - prev.end <= 2:
            lines[-1] = lines[-1][: -len(f'" [{n}]')] + " " + s.text + f'" [{n}]'
        else:
            lines.append(f'"{s.text}" [{n}]')
        prev = s
    return lines


def source_line(cited: list[ScoredPassage], lang: str) -> str:
    """'Volgens de Kamerbrief … (19 januari 2026):' for the first cited source."""
    if not cited:
        return ""
    p = cited[0].passage
    date = format_date(p.date, lang)
    if lang == "en":
        return f"According to “{p.title}”" + (f" ({date})" if date else "") + ", quoted in Dutch:"
    return f"Volgens “{p.title}”" + (f" ({date})" if date else "") + ":"


def number_passages(sentences: list[Sentence]) -> tuple[list[ScoredPassage], dict[str, int]]:
    cited: list[ScoredPassage] = []
    numbers: dict[str, int] = {}
    for s in sentences:
        pid = s.passage.passage.id
        if pid not in numbers:
            numbers[pid] = len(cited) + 1
            cited.append(s.passage)
    return cited, numbers


def compose(
    composer: ExtractiveComposer,
    question: str,
    query: str,
    lang: str,
    qtype: str,
    qvec: np.ndarray,
    ranked: list[ScoredPassage],
    cards: list[CardUse] | None = None,
    corrected: str = "",
) -> Draft:
    """The evidence-first answer: direct statement (fact card) if any, then verbatim quotes with [n]."""
    cards = cards or []
    pool = list(ranked[: composer.passages])
    for card in cards:
        for card_passage in card.passages:
            if all(sp.passage.id != card_passage.passage.id for sp in pool):
                pool.append(card_passage)
    scored = composer.score_sentences(query, qtype, qvec, pool)
    if not scored:
        return off_topic(lang)
    chosen = composer.select([s for s in scored if s.rank < composer.passages])

    unknown = composer.unknown_names(question)
    if unknown:
        return refusal(lang, chosen[:2], what_nl=f"iets over {', '.join(unknown)}", what_en=f"anything about {', '.join(unknown)}", reason="unknown_name")
    missing = composer.missing_slot(question, scored, corrected)
    if missing is not None:
        return refusal(lang, chosen[:2], what_nl=missing.label_nl, what_en=missing.label_en, reason=f"slot:{missing.name}")

    conflicts = premise_conflicts(question, [s.text for s in scored[:8]])
    front = _front_sentences(cards, scored, conflicts)
    if cards and front:
        # the fact card already answers: keep retrieved quotes only where they score as well as the card's own
        bar = max(f.score for f in front) - 0.01
        chosen = [c for c in chosen if c.score >= bar or any(c.passage.passage.id == f.passage.passage.id for f in front)]
    if front:
        merged: dict[tuple[str, int], Sentence] = {}
        for sent in [*front, *chosen]:
            merged.setdefault((sent.passage.passage.id, sent.start), sent)
        chosen = list(merged.values())
    cited, numbers = number_passages(chosen)
    lines, premise_false = _lead_lines(cards, conflicts, chosen, numbers, lang)
    lines.append(source_line(cited, lang))
    lines.extend(quote_lines(chosen, numbers))
    lines.extend(composer.notes([s.text for s in chosen], lang))
    return Draft("\n".join(lines), cited, refused=False, false_premise=premise_false, sentences=chosen)


def _front_sentences(cards: list[CardUse], scored: list[Sentence], conflicts: list[PremiseConflict]) -> list[Sentence]:
    """Sentences that must lead: the one correcting a premise, then each fact card's basis sentences."""
    front: list[Sentence] = []
    for card in cards:
        folded = [fold(b) for b in card.basis]
        ids = [cp.passage.id for cp in card.passages]
        front += sorted(
            (s for s in scored if s.passage.passage.id in ids
             and any(fold(s.text) in b or b[:50] in fold(s.text) for b in folded)),
            key=lambda s: (ids.index(s.passage.passage.id), s.start),
        )
    if conflicts:
        fix = next((s for s in scored[:8] if conflicts[0].found in s.text), None)
        if fix is not None:
            front.insert(0, fix)
    return front


def _lead_lines(
    cards: list[CardUse], conflicts: list[PremiseConflict], chosen: list[Sentence], numbers: dict[str, int], lang: str
) -> tuple[list[str], bool]:
    """The lines before the quotes: a premise correction and the fact cards' statements; and whether a premise is false."""
    lines: list[str] = []
    if conflicts:
        c = conflicts[0]
        fix_n = next((numbers[s.passage.passage.id] for s in chosen if c.found in s.text), 1)
        lines.append(
            f"Let op: dat klopt niet. De brief noemt {c.found}, niet {c.asserted}. [{fix_n}]"
            if lang == "nl"
            else f"Note: that is not correct. The letter says {c.found}, not {c.asserted}. [{fix_n}]"
        )
    premise_false = bool(conflicts)
    for card in cards:
        refs = "".join(f"[{numbers[cp.passage.id]}]" for cp in card.passages if cp.passage.id in numbers)
        if not refs:
            continue
        if card.premise_false and not conflicts:
            premise_false = True
            lines.append(
                "Let op: uw vraag gaat uit van iets dat volgens de brief niet klopt."
                if lang == "nl"
                else "Note: your question assumes something the letter does not say."
            )
        lines.append(f"{card.statement} {refs}")
    return lines, premise_false


def refusal(lang: str, context: list[Sentence], what_nl: str, what_en: str, reason: str) -> Draft:
    """Say plainly that the sources do not hold it, then what they do say (cited)."""
    cited, numbers = number_passages(context)
    if lang == "en":
        head = f"The sources do not give {what_en}, so I cannot tell you that and will not guess."
        if what_en.startswith("anything about"):
            head = f"The sources do not say {what_en}."
        more = "What the letter does say on this topic:" if context else ""
    else:
        head = f"Dat staat niet in de bronnen: ze noemen geen {what_nl}. Ik ga dat dus niet raden."
        if what_nl.startswith("iets over"):
            head = f"Dat staat niet in de bronnen: ze zeggen niets over {what_nl[len('iets over '):]}."
        more = "Wat de brief er wel over zegt:" if context else ""
    lines = [head]
    if more:
        lines.append(more)
        lines.extend(quote_lines(context, numbers))
    return Draft("\n".join(lines), cited, refused=True, reason=reason, sentences=context)


def off_topic(lang: str) -> Draft:
    if lang == "en":
        text = f"The sources do not cover this. They are about housing cooperatives: {TOPICS_EN}."
    else:
        text = f"Daar gaan de bronnen niet over. Ze gaan over wooncoöperaties: {TOPICS_NL}."
    return Draft(text, [], refused=True, reason="off_topic")


def not_ingested(source_ids: list[str], lang: str) -> Draft:
    """The chosen sources are not in the index yet: say which, and how to add them."""
    names = ", ".join(source_ids)
    if lang == "en":
        text = f"The chosen source(s) {names} have not been read in yet. Put the PDF in corpus/ and run: assistent ingest"
    else:
        text = f"De gekozen bron(nen) {names} zijn nog niet ingelezen. Zet de PDF in corpus/ en draai: assistent ingest"
    return Draft(text, [], refused=True, reason="not_ingested")
