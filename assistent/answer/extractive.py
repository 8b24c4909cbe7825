"""Answers without an LLM: the one to three sentences of the sources that answer the question, verbatim with [n].

Every sentence of the top passages is scored for the question (its vector against the question's,
the share of the question's focus it contains, and whether it holds the expected answer type); the
best one leads, a sentence leaning on the one before it ("Deze fase…") brings that one along, and
another sentence joins only when it adds focus the first lacks. The full passages go with the answer
as its citations. A premise the sentences contradict is corrected first; what the sources do not
hold is said in the question's own terms.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import numpy as np

from assistent.answer.analysis import CorpusProfile, QuestionAnalysis, holds_type
from assistent.answer.answerability import (
    AnswerabilityModel, Premise, Unanswerable, change_conflict, contrast_conflict, features, figure_conflict, load_model,
    name_conflict, polarity_conflict, premise_asked_before, role_conflict, scope_conflict, unanswerable,
)
from assistent.answer.selection import SelectionModel, sentence_features
from assistent.answer.selection import load_model as load_selection
from assistent.index.store import Index
from assistent.models import Passage, ScoredPassage, note_parts
from assistent.retrieve.bank import AskedBefore, nearness
from assistent.text import analyze, fold, is_block, points_back, stems_with_verbs
from assistent.text.glossary import english_terms
from assistent.text.schemes import key
from assistent.text.numbers import figures_in, format_date, moments_in, period_end



@dataclass
class Sentence:
    passage: ScoredPassage
    start: int
    end: int
    score: float
    rank: int  # rank of its passage
    cover: float = 0.0  # share of the question's focus weight it holds
    typed: bool = False  # holds an answer of the expected type
    cos: float = 0.0  # cosine of its vector to the question's
    p: float = 0.0  # the order it is taken into an answer by (learned probability, or the score)

    @property
    def text(self) -> str:
        return self.passage.passage.text[self.start : self.end]

    @property
    def notes(self) -> list[str]:
        """The footnotes whose mark the sentence holds, without their own numbers (which would read as citations)."""
        p = self.passage.passage
        return [note_parts(note)[1] for note, at in zip(p.notes, p.note_at) if self.start < at <= self.end]

    @property
    def stated(self) -> str:
        """What the sentence states: its text and its footnotes ('… opgesteld (Bijlage 1). Cooplink, 2024 …')."""
        return " ".join([self.text, *self.notes])


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


@dataclass(frozen=True)
class Weights:
    """How a sentence is scored for a question and how many are taken (chosen on the dev and own sets)."""

    cover: float = 0.12
    typed: float = 0.03
    rank: float = 0.01
    min_cover: float = 0.34  # a sentence is about the question when it holds this share of its focus
    budget: int = 390  # characters of quoted sentences in the direct answer, beyond the best one
    keep: float = 0.1  # a further sentence joins when it scores at least this share of the best one
    asked_before: float = 0.5  # how far the evidence of a near question asked before moves up (× its nearness)


class ExtractiveComposer:
    """Answers from verbatim sentences of the sources; needs no LLM."""

    def __init__(
        self,
        index: Index,
        passages: int = 6,
        max_sentences: int = 6,
        weights: Weights = Weights(),
        notes: Callable[[list[str], str], list[str]] = lambda sentences, lang: [],
        short_titles: dict[str, str] | None = None,
        embedding: str = "",
        today: dt.date | None = None,
        check_at: dict[str, str] | None = None,
    ):
        """`notes` gives a domain's notes on the chosen sentences (e.g. what 'dit jaar' means in a letter);
        `short_titles` the names to quote sources by ('de Kamerbrief'), by source id; `today` the date a
        source's moments are compared with (None: the clock's), `check_at` where to look once one has passed."""
        if passages < 1 or max_sentences < 1:
            raise ValueError("passages and max_sentences must be at least 1")
        self.index = index
        self.profile = CorpusProfile(index)
        self._profiles: dict[str, CorpusProfile] = {}
        self.passages = passages
        self.max_sentences = max_sentences
        self.weights = weights
        self.notes = notes
        self.short_titles = short_titles or {}
        self.today = today
        self.check_at = check_at or {}
        self.model: AnswerabilityModel | None = load_model(embedding)
        self.selection: SelectionModel | None = load_selection(embedding)

    # -- answerability -------------------------------------------------------

    def features(
        self, a: QuestionAnalysis, scored: list[Sentence], ranked: list[ScoredPassage],
        asked_before: AskedBefore, profile: CorpusProfile | None = None,
    ) -> dict[str, float]:
        """What the answer/refuse decision sees, the question's words known or not as `profile` (of the source
        that speaks for its scheme) has them, else as all sources have them."""
        sentences = [(s.text, s.cover, s.score, s.cos) for s in scored[:10]]
        return features(a, sentences, ranked[0].score if ranked else 0.0, profile or self.profile,
                        self.weights.min_cover, asked_before)

    def answerability(
        self, a: QuestionAnalysis, scored: list[Sentence], ranked: list[ScoredPassage], qvec: np.ndarray,
        asked_before: AskedBefore | None, profile: CorpusProfile | None = None,
    ) -> float:
        """The probability that the sources do not answer the question: 0 when no model is trained, and for a
        scheme the questions asked before do not speak for (`asked_before` None: another source's fund), which the
        model, trained on questions about the letter and its question bank, does not know."""
        if not self.model or asked_before is None:
            return 0.0
        return self.model.p_unanswerable(self.features(a, scored, ranked, asked_before, profile), qvec)

    @property
    def threshold(self) -> float:
        return self.model.threshold if self.model else 1.0

    # -- scoring ---------------------------------------------------------

    @cached_property
    def _sources(self) -> set[str]:
        return {p.source_id for p in self.index.passages}

    def profile_of(self, source_id: str | None) -> CorpusProfile:
        """The view of one source (its words, names and how rare each is there); None, or the only source: of
        all sources."""
        if source_id is None or self._sources == {source_id}:
            return self.profile
        if source_id not in self._profiles:
            self._profiles[source_id] = CorpusProfile(self.index, source_id)
        return self._profiles[source_id]

    def score_sentences(self, a: QuestionAnalysis, qvec: np.ndarray, ranked: list[ScoredPassage]) -> list[Sentence]:
        """Every sentence of the ranked passages, best first."""
        w = self.weights
        total = a.focus_weight or 1.0
        out: list[Sentence] = []
        for rank, sp in enumerate(ranked):
            rows = self.index.sentences_of.get(sp.passage.id, [])
            if not rows:
                continue
            cos = self.index.sentence_vectors[rows] @ qvec
            for j, c in zip(rows, cos):
                _, s, e = self.index.sentence_spans[j]
                text = sp.passage.text[s:e]
                if is_block(text):
                    continue  # a title page's lines answer nothing
                stems = set(stems_with_verbs(text))
                cover = sum(v for k, v in a.focus.items() if k in stems) / total
                typed = a.answer_type not in ("other", "yesno", "definition", "procedure", "list") and holds_type(
                    a.answer_type, text
                )
                score = float(c) + w.cover * cover + w.typed * typed - w.rank * rank
                out.append(Sentence(sp, s, e, score, rank, cover, typed, float(c)))
        out.sort(key=lambda x: -x.score)
        return out

    def order(self, scored: list[Sentence], a: QuestionAnalysis) -> list[Sentence]:
        """The sentences in the order they are taken into an answer for the question: by the learned selection
        model when one is fitted to this embedding, else by the hand-set score. Each one's `p` is set."""
        if self.selection is None or not scored:
            for s in scored:
                s.p = s.score
            return list(scored)
        x = sentence_features(scored, [s.passage.passage.id for s in scored], [s.passage.score for s in scored], a)
        for s, p in zip(scored, self.selection.p(x)):
            s.p = float(p)
        return sorted(scored, key=lambda s: -s.p)

    def select(self, ordered: list[Sentence]) -> list[Sentence]:
        """The best sentence, then the next ones in order while they fit the budget and score at least
        `keep` of the best; a sentence that refers back brings the one before it. The passage of the
        likeliest sentence comes first, each passage's sentences in text order."""
        if not ordered:
            return []
        w = self.weights
        best = ordered[0]
        chosen = self._with_antecedent(best, ordered)
        for cand in ordered[1:]:
            if len(chosen) >= self.max_sentences or cand.p < w.keep * best.p:
                break
            extra = [c for c in self._with_antecedent(cand, ordered) if all(c is not o for o in chosen)]
            if extra and _length(chosen) + _length(extra) <= w.budget:
                chosen += extra
        lead: dict[str, float] = {}
        for s in chosen:
            lead[s.passage.passage.id] = max(lead.get(s.passage.passage.id, 0.0), s.p)
        row = self.index.by_id
        return sorted(chosen, key=lambda s: (-lead[s.passage.passage.id], s.rank, row.get(s.passage.passage.id, 0),
                                             s.start))

    def _with_antecedent(self, s: Sentence, pool: list[Sentence]) -> list[Sentence]:
        """A sentence that opens with a word standing for what the sentence before it names ('Deze fase…', 'Dit
        zijn percelen…') with that sentence: in its passage (every sentence of a pooled passage is scored, so it is
        in the pool), or, for a passage's first sentence, its lead-in, the last sentence of the passage before. A
        connective alone ('Daarnaast…') begins a new point and brings nothing."""
        if not points_back(s.text):
            return [s]
        before = [o for o in pool if o.passage is s.passage and o.end <= s.start]
        if before:
            return [max(before, key=lambda o: o.start), s]
        lead = self._lead_in(s) if s.start == self._first_start(s.passage.passage) else None
        return [lead, s] if lead else [s]

    def _first_start(self, p: Passage) -> int:
        rows = self.index.sentences_of.get(p.id, [])
        return self.index.sentence_spans[rows[0]][1] if rows else 0

    def _lead_in(self, s: Sentence) -> Sentence | None:
        """A passage's lead-in as the last sentence of the passage before it, quoted under that one's own [n]."""
        p = s.passage.passage
        near = self.index.neighbours(p.id)
        prev = next((o for o, n in zip(near, near[1:]) if n.id == p.id), None)
        start = prev.text.rfind(p.lead_in) if prev is not None and p.lead_in else -1
        if start < 0:
            return None
        return Sentence(ScoredPassage(passage=prev, score=s.passage.score), start, start + len(p.lead_in), s.score,
                        s.rank, p=s.p)


def _stems(sentences: list[Sentence]) -> set[str]:
    return {t for s in sentences for t in analyze(s.text)}


def _length(sentences: list[Sentence]) -> int:
    return sum(s.end - s.start for s in sentences)


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


def source_name(p: Passage, lang: str, short_titles: dict[str, str] | None = None) -> str:
    """'de Kamerbrief van 19 januari 2026' (its short name from the manifest, else “<title>”, with its date)."""
    date = format_date(p.date, lang)
    name = (short_titles or {}).get(p.source_id) or f"“{p.title}”"
    return name + ((" of " if lang == "en" else " van ") + date if date else "")


def source_line(cited: list[ScoredPassage], lang: str, short_titles: dict[str, str] | None = None) -> str:
    """'Volgens de Kamerbrief van 19 januari 2026:' for the first cited passage's source."""
    if not cited:
        return ""
    name = source_name(cited[0].passage, lang, short_titles)
    return f"According to {name} (quoted in Dutch):" if lang == "en" else f"Volgens {name}:"


def attributed_quotes(
    sentences: list[Sentence], numbers: dict[str, int], lang: str, short_titles: dict[str, str] | None = None,
    subject: str = "",
) -> list[str]:
    """The quotes under the name and date of their own source: one 'Volgens …:' line per source, newest
    source first; an older source is labelled as older, and a passage about another scheme than the question's
    says whose it is ('Over het Regionaal Fonds …, volgens …:')."""
    groups: dict[str, list[Sentence]] = {}
    for s in sentences:
        groups.setdefault(s.passage.passage.source_id, []).append(s)
    order = sorted(groups.values(), key=lambda g: g[0].passage.passage.date or "", reverse=True)
    newest = order[0][0].passage.passage.date or ""
    lines: list[str] = []
    for group in order:
        p = group[0].passage.passage
        name = source_name(p, lang, short_titles)
        other = [a for a in p.about if key(a) != subject] if subject and subject not in {key(a) for a in p.about} else []
        older = len(order) > 1 and bool(p.date) and p.date < newest
        if lang == "en":
            head = (f"On the {other[0]}, according to {name}" if other else f"According to {name}") + (
                " (an older source)" if older else "") + " (quoted in Dutch):"
        else:
            head = (f"Over het {other[0]}, volgens {name}" if other else f"Volgens {name}") + (
                " (een oudere bron)" if older else "") + ":"
        lines.append(head)
        lines.extend(quote_lines(group, numbers))
    return lines


def footnote_lines(sentences: list[Sentence], numbers: dict[str, int], a: QuestionAnalysis) -> list[str]:
    """The footnote of each quoted sentence whose mark it holds, when it names something the question speaks
    of ('uit welk jaar is het rapport van Cooplink?' — '… opgesteld (Bijlage 1).' — 'Cooplink, 2024
    Belemmeringen in wet en regelgeving voor wooncoöperaties'): often the title or year a question asks for.
    Shown without the note's own number, which would read as a citation."""
    asked = set(a.focus)
    lines: list[str] = []
    for s in sentences:
        n = numbers[s.passage.passage.id]
        for note in s.notes:
            line = (f"Footnote to [{n}]: " if a.lang == "en" else f"Voetnoot bij [{n}]: ") + note
            if asked & set(analyze(note)) and line not in lines:
                lines.append(line)
    return lines


def moment_notes(
    sentences: list[Sentence], lang: str, today: dt.date, short_titles: dict[str, str] | None = None,
    check_at: str = "",
) -> list[str]:
    """A note when a quote names a moment that lay ahead when its source was written and has passed by today
    ('begin 2026' in a letter of January 2026), saying so and where to check the current state."""
    for s in sentences:
        p = s.passage.passage
        # ahead when written: after the whole period the source is dated by ('september 2025' in a guide of
        # September 2025 is its own edition, not a moment to come)
        written = period_end(p.date)
        passed = [m for m in moments_in(s.text) if written is not None and written < m.ends < today]
        if passed:
            name = source_name(p, lang, short_titles)
            what = ", ".join(f"‘{m.raw}’" for m in passed)
            if lang == "en":
                return [f"Note: {name} names {what} as a moment still to come; that moment has passed by now "
                        f"({format_date(today.isoformat(), 'en')}). " + check_at]
            return [f"Let op: {name} noemt {what} als moment dat nog moest komen; dat moment is inmiddels voorbij "
                    f"(vandaag is het {format_date(today.isoformat(), 'nl')}). " + check_at]
    return []


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
    a: QuestionAnalysis,
    qvec: np.ndarray,
    ranked: list[ScoredPassage],
    cards: list[CardUse] | None = None,
    subject: str = "",
    voice: Callable[[str, Passage], str] = lambda sentence, passage: "free",
    older: list[ScoredPassage] | None = None,
    claimed: list[Sentence] | None = None,
    speaker: str | None = None,
    roles: list[Sentence] | None = None,
    as_speaker: QuestionAnalysis | None = None,
    asked_before: AskedBefore | None = None,
    false_premise_before: tuple[str, ...] = (),
) -> Draft:
    """The evidence-first answer: a premise correction or fact card if any, then the answering sentences with [n],
    each under its own source's name; `subject` is the scheme the question is about (a folded name), and
    `voice(sentence, passage)` says how a sentence relates to it: 'own' and 'free' sentences may answer,
    'older' ones (another source on the same scheme) are shown only where they differ, 'other' never;
    `older` are further passages of other sources on the scheme, read only for such differences; `claimed`
    are the sentences that best match what the question takes for granted, read only to check it, and `roles`
    those that best match the role it gives a name, read only to check who plays that role; a premise is
    corrected only from the source that speaks for the scheme (`speaker`, when there is one). `a` reads the
    question as that source sees it (`analyse` with `composer.profile_of(speaker)`): its words as rare, and its
    names as known or not, as there (documents about other funds in corpus/ make 'fonds' and 'uitvoeren'
    common, and may name any bank); unless it names what only other sources know: then `a` is read as all
    sources see it and `as_speaker` is the speaker's reading, which the premise checks use. `asked_before` is what
    the questions asked before say of it (None where they do not speak for the scheme),
    `false_premise_before` that of a question asked before whose premise was false, when the question lies clearly
    nearest to it (`retrieve.bank`)."""
    cards = cards or []
    pool = list(ranked[: composer.passages])
    for card in cards:
        pool += [cp for cp in card.passages if all(sp.passage.id != cp.passage.id for sp in pool)]
    voices = [(s, voice(s.text, s.passage.passage)) for s in composer.score_sentences(a, qvec, pool)]
    scored = [s for s, v in voices if v in ("own", "free")]
    extra = [sp for sp in older or [] if all(sp.passage.id != p.passage.id for p in pool)]
    earlier = [s for s, v in voices if v == "older"] + [
        s for s in composer.score_sentences(a, qvec, extra) if voice(s.text, s.passage.passage) == "older"]
    if not scored:
        return off_topic(a.lang)
    w = composer.weights
    # a premise rests on the source that speaks for the scheme, its words as rare as that source has them
    rests = [s for s in scored if speaker in (None, s.passage.passage.source_id)]
    about = [s.stated for i, s in enumerate(rests[:8]) if i < 4 or s.cover >= w.min_cover]
    # premises are checked as the speaker sees the question, whatever names it gives ('De Triodos Bank voert
    # het fonds uit': a bank only another fund's letter names is still a claim about this fund)
    profile = composer.profile_of(speaker)
    checked = as_speaker or a
    # (sentences for a figure, sentences for the rest): first those found for the claim, then those found for
    # the question, with the claim's again (a name they give stays given)
    claims = [s.text for s in claimed or []]
    players = [s.text for s in roles or []]
    rounds = ([(claims, claims)] if claims else []) + [(about, [s.text for s in rests[:10]] + claims)]
    premise = next((p for figures, evidence in rounds
                    if (p := figure_conflict(checked, figures, profile)
                        or name_conflict(checked, evidence[:3], profile)
                        or role_conflict(checked, evidence + players, profile)
                        or polarity_conflict(checked, evidence[:6], profile)
                        or contrast_conflict(checked, evidence, profile)
                        or scope_conflict(checked, evidence[:6], profile))),
                   None)
    # a claim taken as settled where the sources say it is still open: only when nothing above contradicts it
    premise = premise or change_conflict(checked, [*claims, *[s.text for s in rests[:6]]], profile)
    # what a question asked before took for granted, where its premise was false and this one lies clearly nearest
    premise = premise or premise_asked_before(checked, [*claims, *[s.text for s in rests]], false_premise_before)
    missing = unanswerable(a, [(s.text, s.cover, s.score) for s in scored[:10]], composer.profile, w.min_cover)
    read_with = composer.profile if as_speaker else profile  # the profile `a` was read with
    unlikely = composer.answerability(a, scored, ranked, qvec, asked_before, read_with) >= composer.threshold
    # a measure or a name the sources never use cannot be answered from them, whatever else matches
    certain = missing is not None and missing.reason.startswith(("measure:", "unknown_name"))
    if premise is None and (certain or unlikely):
        # what the sources do say is added only on the question's own subject: not where the words they never
        # use weigh more than those they do ('Wat is het weer morgen in Utrecht?' — '… weer in opkomst')
        unheard = len(a.unknown_words) * read_with.rarest
        same_focus = [s for s in scored[:3] if s.cover >= w.min_cover][:1] if unheard < a.focus_weight else []
        if missing is None and not same_focus:
            return off_topic(a.lang)
        return refusal(a.lang, same_focus, missing or Unanswerable("", "", "model"), composer.short_titles)
    chosen = composer.select(with_asked_before(composer.order(scored, a), asked_before, w.asked_before))
    front = _front_sentences(cards, [*scored, *(claimed or []), *(roles or [])], premise)
    if front:
        merged: dict[tuple[str, int], Sentence] = {}
        for sent in [*front, *chosen]:
            merged.setdefault((sent.passage.passage.id, sent.start), sent)
        chosen = list(merged.values())
    differ = conflicting(chosen, earlier)
    chosen += [d for d, _ in differ]
    cited, numbers = number_passages(chosen)
    lines, premise_false = _lead_lines(cards, premise, chosen, numbers, a.lang)
    lines.extend(attributed_quotes(chosen, numbers, a.lang, composer.short_titles, subject))
    lines.extend(footnote_lines(chosen, numbers, a))
    lines.extend(conflict_lines(differ, numbers, a.lang, composer.short_titles))
    if a.lang == "en" and (terms := english_terms(" ".join(s.text for s in chosen))):
        lines.append("Dutch words in the quotes: " + "; ".join(f"{nl} = {en}" for nl, en in terms) + ".")
    lines.extend(composer.notes([s.text for s in chosen], a.lang))
    lines.extend(moment_notes(chosen, a.lang, composer.today or dt.date.today(), composer.short_titles,
                              composer.check_at.get(a.lang, "")))
    return Draft("\n".join(lines), cited, refused=False, false_premise=premise_false, sentences=chosen)


# a sentence of another source states the same thing differently when it shares this many content words
# with a chosen one and gives a figure of the same kind with another value
SAME_SUBJECT_WORDS = 3


# figures this close state the same thing ('ongeveer € 60 miljoen' and '€60,6 miljoen')
SAME_FIGURE = Decimal("0.05")


def _near(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= SAME_FIGURE * max(abs(a), abs(b))


def conflicting(chosen: list[Sentence], scored: list[Sentence]) -> list[tuple[Sentence, Sentence]]:
    """(sentence of another source, the chosen sentence it contradicts): the same scheme and subject (shared
    content words, the same kind of figure) with another value; at most one per answer."""
    out: list[tuple[Sentence, Sentence]] = []
    taken = {(s.passage.passage.id, s.start) for s in chosen}
    for c in chosen:
        figures = {(f.kind, f.value) for f in figures_in(c.text) if f.kind != "year"}
        if not figures:
            continue
        words = set(analyze(c.text))
        for s in scored:
            if s.passage.passage.source_id == c.passage.passage.source_id or (s.passage.passage.id, s.start) in taken:
                continue
            if not {key(x) for x in s.passage.passage.about} & {key(x) for x in c.passage.passage.about}:
                continue  # only two statements about the same scheme can contradict each other
            if (s.passage.passage.date or "") >= (c.passage.passage.date or ""):
                continue  # what the answer quotes is the newer position; an older source may have said otherwise
            theirs = {(f.kind, f.value) for f in figures_in(s.text) if f.kind != "year"}
            kinds = {k for k, _ in figures} & {k for k, _ in theirs}
            if kinds and not any(k == j and _near(v, w) for k, v in theirs for j, w in figures) \
                    and len(words & set(analyze(s.text))) >= SAME_SUBJECT_WORDS:
                out.append((s, c))
                taken.add((s.passage.passage.id, s.start))
                break
    return out[:1]


def conflict_lines(
    differ: list[tuple[Sentence, Sentence]], numbers: dict[str, int], lang: str,
    short_titles: dict[str, str] | None = None,
) -> list[str]:
    """'Let op: de bronnen verschillen hierover …' naming both sources with their dates, the newer first."""
    lines = []
    for other, chosen in differ:
        a, b = sorted((other, chosen), key=lambda s: s.passage.passage.date or "", reverse=True)
        na, nb = (source_name(s.passage.passage, lang, short_titles) for s in (a, b))
        ra, rb = numbers[a.passage.passage.id], numbers[b.passage.passage.id]
        dated = bool(b.passage.passage.date) and (a.passage.passage.date or "") > (b.passage.passage.date or "")
        if not dated:
            lines.append(f"Note: the sources differ on this: {na} [{ra}] and {nb} [{rb}]." if lang == "en" else
                         f"Let op: de bronnen verschillen hierover: {na} [{ra}] en {nb} [{rb}].")
        elif lang == "en":
            lines.append(f"Note: the sources differ on this. The newer one, {na} [{ra}], gives the current position; "
                         f"the older one, {nb} [{rb}], said otherwise.")
        else:
            lines.append(f"Let op: de bronnen verschillen hierover. De nieuwste, {na} [{ra}], geeft de huidige stand; "
                         f"de oudere, {nb} [{rb}], zei het anders.")
    return lines


def with_asked_before(ordered: list[Sentence], asked_before: AskedBefore | None, weight: float) -> list[Sentence]:
    """The order with each sentence that is (or holds, or lies in) the evidence of a near question asked before
    moved up by `weight` × how near that question is (`retrieve.bank`)."""
    if asked_before is None or not asked_before.evidence or not weight:
        return ordered
    for s in ordered:
        s.p += weight * nearness(fold(s.text), asked_before.evidence)
    return sorted(ordered, key=lambda s: -s.p)


def _front_sentences(cards: list[CardUse], scored: list[Sentence], premise: Premise | None) -> list[Sentence]:
    """Sentences that must lead: the one correcting a premise, then each fact card's basis sentences."""
    front: list[Sentence] = []
    if premise is not None:
        fix = next((s for s in scored if premise.sentence in (s.text, s.stated)), None)
        if fix is not None:
            front.append(fix)
    for card in cards:
        folded = [fold(b) for b in card.basis]
        ids = [cp.passage.id for cp in card.passages]
        front += sorted(
            (s for s in scored if s.passage.passage.id in ids
             and any(fold(s.text) in b or b[:50] in fold(s.text) for b in folded)),
            key=lambda s: (ids.index(s.passage.passage.id), s.start),
        )
    return front


def premise_line(premise: Premise, ref: str, lang: str) -> str:
    """The line that says a premise of the question is false, with the reference to its source."""
    if premise.kind == "choice":
        return f"De bron noemt {premise.found}. {ref}" if lang == "nl" else f"The source says {premise.found}. {ref}"
    if premise.kind == "scope":
        return (f"Let op: uw vraag zegt ‘{premise.asserted}’, maar de bron zegt dat niet. {ref}" if lang == "nl"
                else f"Note: your question says ‘{premise.asserted}’, but the source does not say that. {ref}")
    if premise.kind == "unsettled":
        return (f"Let op: volgens de bron staat dat nog niet vast. {ref}" if lang == "nl"
                else f"Note: according to the source that is not settled. {ref}")
    if premise.kind == "asked":
        return (f"Let op: uw vraag lijkt uit te gaan van iets wat de bron anders zegt. Lees {ref}." if lang == "nl"
                else f"Note: your question seems to assume something the source says differently. See {ref}.")
    if premise.kind == "polarity":
        return (f"Let op: de bron zegt het anders dan uw vraag aanneemt. {ref}" if lang == "nl"
                else f"Note: the source says otherwise than your question assumes. {ref}")
    # a figure that opens the question is no name: 'Een kwart' → 'een kwart'
    asserted = premise.asserted[:1].lower() + premise.asserted[1:] if premise.kind == "figure" else premise.asserted
    return (f"Let op: dat klopt niet. De bron noemt {premise.found}, niet {asserted}. {ref}" if lang == "nl"
            else f"Note: that is not correct. The source says {premise.found}, not {asserted}. {ref}")


def _lead_lines(
    cards: list[CardUse], premise: Premise | None, chosen: list[Sentence], numbers: dict[str, int], lang: str
) -> tuple[list[str], bool]:
    """The lines before the quotes: a premise correction and the fact cards' statements; and whether a premise is false."""
    lines: list[str] = []
    if premise is not None:
        n = next((numbers[s.passage.passage.id] for s in chosen if s.text == premise.sentence), 1)
        lines.append(premise_line(premise, f"[{n}]", lang))
    premise_false = premise is not None and premise.false
    for card in cards:
        refs = "".join(f"[{numbers[cp.passage.id]}]" for cp in card.passages if cp.passage.id in numbers)
        if not refs:
            continue
        if card.premise_false and not premise_false:
            premise_false = True
            lines.append(
                "Let op: uw vraag gaat uit van iets dat volgens de bron niet klopt."
                if lang == "nl"
                else "Note: your question assumes something the source does not say."
            )
        lines.append(f"{card.statement} {refs}")
    return lines, premise_false


def refusal(
    lang: str, context: list[Sentence], missing: Unanswerable, short_titles: dict[str, str] | None = None
) -> Draft:
    """Say plainly that the sources do not hold it, then at most one sentence they do have on the same focus,
    under its source's name."""
    cited, numbers = number_passages(context)
    name = source_name(context[0].passage.passage, lang, short_titles) if context else ""
    what_nl, what_en = missing.what_nl, missing.what_en
    if lang == "en":
        head = (f"The sources do not say {what_en}." if what_en.startswith("anything about")
                else f"The sources do not give the {what_en} you ask about, so I will not guess it.")
        more = f"What {name} does say on this (quoted in Dutch):" if context else ""
    else:
        head = (f"Dat staat niet in de bronnen: ze zeggen niets over {what_nl[len('iets over '):]}."
                if what_nl.startswith("iets over")
                else f"Dat staat niet in de bronnen: ze noemen geen {what_nl}. Ik ga dat dus niet raden.")
        more = f"Wat {name} er wel over zegt:" if context else ""
    if not what_nl:
        head = "Dat staat niet in de bronnen." if lang == "nl" else "The sources do not say this."
    lines = [head]
    if more:
        lines.append(more)
        lines.extend(quote_lines(context, numbers))
    return Draft("\n".join(lines), cited, refused=True, reason=missing.reason, sentences=context)


def off_topic(lang: str, topics_nl: str = "", topics_en: str = "") -> Draft:
    """A question the sources do not touch: refused without a quote."""
    if lang == "en":
        text = "The sources do not cover this." + (f" They are about {topics_en}." if topics_en else "")
    else:
        text = "Daar gaan de bronnen niet over." + (f" Ze gaan over {topics_nl}." if topics_nl else "")
    return Draft(text, [], refused=True, reason="off_topic")


def smalltalk(act: str, lang: str, topics_nl: str = "", topics_en: str = "") -> Draft:
    """A short reply to a greeting, thanks or 'wat kun je?', saying what the assistant can do."""
    if lang == "en":
        can = ("I answer questions about housing cooperatives from the sources, with the passages my answer rests on"
               + (f" ({topics_en})" if topics_en else "") + ", and I can check whether an initiative qualifies for the fund.")
        text = {"thanks": "You're welcome. ", "farewell": "Goodbye! "}.get(act, "Hello! ") + can
    else:
        can = ("Ik beantwoord vragen over wooncoöperaties uit de bronnen, met de passages waar mijn antwoord op rust"
               + (f" ({topics_nl})" if topics_nl else "") + ". Ik kan ook nagaan of uw initiatief in aanmerking komt"
               " voor het fonds.")
        text = {"thanks": "Graag gedaan. ", "farewell": "Tot ziens! "}.get(act, "Hallo! ") + can
    # no answer from the sources is given: for the measures this counts as a refusal
    return Draft(text, [], refused=True, reason=f"smalltalk:{act}")


def not_ingested(source_ids: list[str], lang: str) -> Draft:
    """The chosen sources are not in the index yet: say which, and how to add them."""
    names = ", ".join(source_ids)
    if lang == "en":
        text = f"The chosen source(s) {names} have not been read in yet. Put the PDF in corpus/ and run: assistent ingest"
    else:
        text = f"De gekozen bron(nen) {names} zijn nog niet ingelezen. Zet de PDF in corpus/ en draai: assistent ingest"
    return Draft(text, [], refused=True, reason="not_ingested")


__all__ = [
    "CardUse", "Draft", "ExtractiveComposer", "Sentence", "Weights", "compose", "not_ingested", "off_topic",
    "refusal", "smalltalk",
]
