"""The answering pipeline: route → retrieve → compose (rules | extractive | LLM) → guard → one Result.

Eligibility questions go to the deterministic rules layer; everything else is answered from
retrieved passages, by the extractive composer or — when configured — by an LLM whose answer
must pass the guards, else the extractive answer is used.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any
from collections import OrderedDict
from collections.abc import Callable, Generator, Iterator
from functools import cached_property
from pathlib import Path

import numpy as np

from assistent.fonds import chat as fonds_chat
from assistent.fonds import facts as facts_mod
from assistent.fonds import rules as rules_mod
from assistent.fonds.source import CHECK_AT, SOURCE_ID, TOPICS_EN, TOPICS_NL, rules_source_line, time_notes
from assistent.answer.analysis import QuestionAnalysis, analyse, answer_type, asserted_claim
from assistent.answer.answerability import claim_clauses, figure_conflict, presupposed
from assistent.answer.conversation import detect_language, last_said, mentions_earlier, standalone
from assistent.answer.events import FALLBACK_NOTE, FELL_BACK, LLM_WORKING, Fallback, Status
from assistent.answer.extractive import (
    CardUse, Draft, ExtractiveComposer, Sentence, compose, not_ingested, off_topic, premise_line, smalltalk,
    with_asked_before,
)
from assistent.index.embed import ArrayEmbeddings, get_embeddings
from assistent.errors import AssistentError
from assistent.answer.cards import CardMatcher
from assistent.fonds.card_questions import CARD_QUESTIONS
from assistent.fonds.factcards import FACT_CARDS, contradicted_cards
from assistent.index.store import Index
from assistent.ingest.manifest import Manifest
from assistent.models import Citation, Passage, Result, ScoredPassage, Turn
from assistent.retrieve.bank import AskedBefore, JudgedQuestions, QuestionBank, load_bank, load_judged
from assistent.retrieve.hybrid import HybridRetriever
from assistent.retrieve.subjects import SubjectResolver
from assistent.settings import Settings
from assistent.text import NEGATION, fold, tokens
from assistent.text.schemes import key

log = logging.getLogger("assistent")

QUERY_CACHE_SIZE = 256
# passages of other sources about the question's scheme that are read for conflicts only
OLDER_PASSAGES = 2
# sentences found for the claim a question takes for granted, read to check it
CLAIM_SENTENCES = 5


class QuestionError(AssistentError):
    """The question is empty or too long; the message says which."""


class Assistant:
    """Answers questions from the current index; one instance per process, safe to share across requests."""

    def __init__(self, settings: Settings, embeddings: ArrayEmbeddings | None = None, index: Index | None = None):
        self.settings = settings
        self._embeddings = embeddings
        self._index = index
        self._checked_at = 0.0
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_lock = threading.Lock()
        # the files whose questions the bank leaves out: an evaluation sets those of the question it asks
        self.bank_leave_out: frozenset[str] = frozenset()
        self.llm = None
        if settings.llm_base_url:
            from assistent.answer.llm import LLMComposer

            self.llm = LLMComposer(settings)

    # -- components (built lazily, rebuilt when a new index generation appears) ----

    @property
    def embeddings(self) -> ArrayEmbeddings:
        if self._embeddings is None:
            self._embeddings = get_embeddings(self.settings)
        return self._embeddings

    @property
    def index(self) -> Index:
        """The current index generation; a new one (from another ingest) is picked up within a second."""
        now = time.monotonic()
        if self._index is None or (now - self._checked_at > 1.0 and not self._index.is_current()):
            self._index = Index.open(self.settings)
            for attr in ("retriever", "composer", "rules_ready", "subjects", "bank"):
                self.__dict__.pop(attr, None)
        if now - self._checked_at > 1.0:
            self._checked_at = now
        return self._index

    @cached_property
    def retriever(self) -> HybridRetriever:
        s = self.settings
        return HybridRetriever(
            index=self.index,
            embeddings=self.embeddings,
            rrf_k=s.rrf_k,
            fusion=s.fusion,
            weights={"bm25": s.bm25_weight, "dense": s.dense_weight, "sentence": s.sentence_weight},
            k=s.top_k,
        )

    @cached_property
    def bank(self) -> QuestionBank:
        """Questions asked before and the passages that answer them (vectors shipped for the default model, else
        cached next to the index)."""
        s = self.settings
        return load_bank(self.index, self.embeddings, s.passages_label, Path(s.index_dir),
                         neighbours=s.bank_neighbours, floor=s.bank_floor, kind_of=answer_type)

    @cached_property
    def judged(self) -> JudgedQuestions:
        """Questions judged before, answered by the sources or not (vectors shipped for the default model, else
        made once and cached next to the index)."""
        return load_judged(self.embeddings, self.settings.passages_label, Path(self.settings.index_dir))

    @cached_property
    def manifest(self) -> Manifest:
        return Manifest.load(Path(self.settings.corpus_dir))

    @cached_property
    def subjects(self) -> SubjectResolver:
        """Which scheme a question is about, and the passages that may answer it."""
        subjects = self.manifest.subjects
        return SubjectResolver(self.index, subjects.default, subjects.organisations)

    @cached_property
    def composer(self) -> ExtractiveComposer:
        short = {spec.id: spec.short_title for spec in self.manifest.sources if spec.short_title}
        return ExtractiveComposer(
            self.index, notes=time_notes, short_titles=short, embedding=self.settings.passages_label,
            today=self.settings.today, check_at=CHECK_AT,
        )

    @cached_property
    def rules_ready(self) -> bool:
        """The rules are only used when their basis sentences are in the ingested letter; a changed letter fails loudly."""
        text = self.index.source_text(SOURCE_ID)
        if not text:
            log.warning("Bron %s niet in de index: de regels zijn niet beschikbaar", SOURCE_ID)
            return False
        rules_mod.verify_basis(text)
        return True

    def warm_up(self) -> None:
        """Load model, index and rules now, so the first question is fast (and a changed source fails at start-up)."""
        _ = self.index, self.retriever, self.composer, self.cards, self.rules_ready, self.bank, self.judged
        self.embeddings.embed_query_array("warm-up")

    # -- asking ------------------------------------------------------------

    def check_question(self, question: str, history: list[Turn] | None) -> None:
        if not question or not question.strip():
            raise QuestionError("De vraag is leeg.")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(
                f"De vraag is te lang ({len(question)} tekens; maximaal {self.settings.max_question_chars})."
            )
        if history and len(history) > self.settings.max_history_turns:
            raise QuestionError(
                f"Het gesprek is te lang ({len(history)} beurten; maximaal {self.settings.max_history_turns})."
            )

    def ask(
        self, question: str, history: list[Turn] | None = None, source_ids: list[str] | None = None
    ) -> Result:
        """Answer one question (with the conversation so far) as a Result."""
        result = None
        for event in self.ask_stream(question, history, source_ids):
            if isinstance(event, Result):
                result = event
        assert result is not None
        return result

    def ask_stream(
        self, question: str, history: list[Turn] | None = None, source_ids: list[str] | None = None
    ) -> Iterator[str | Status | Fallback | Result]:
        """Yield text chunks of the answer, then the final Result (whose answer is authoritative).

        With an LLM also a Status before its first sentence, and a Fallback when its reply fails: the chunks
        shown so far are withdrawn and the evidence-first answer's chunks follow (assistent.answer.events).
        """
        t0 = time.perf_counter()
        self.check_question(question, history)
        timings: dict[str, float] = {}
        lang = detect_language(question)
        query = self.standalone(question, history)

        subject, source_ids = self.scope(query, source_ids)
        # the rules are the default scheme's: a question about another fund is answered from its own sources
        decision = self._eligibility(question, query, history) if subject == self.subjects.default else None
        if decision is not None and not self._open_check(question, decision, history):
            yield from self._rules_stream(question, query, lang, decision, {"rules": _ms(t0)}, t0)
            return

        t = time.perf_counter()
        qvec = self.query_vector(query)
        searched, svec = self.searched(question, query, history)
        timings["embed"] = _ms(t)
        t = time.perf_counter()
        found = self.candidates(searched, svec, self.settings.top_k, source_ids, subject)
        ranked = found[: self.settings.top_k]
        timings["retrieve"] = _ms(t)
        # a questionnaire opened by a question the passages about the rules do not answer best ('Komt er een
        # richtlijn voor grondprijzen? wij willen middenhuur …'): the sources answer it instead
        if decision is not None and (not ranked or self._rests_on_rules(ranked[0].passage)):
            yield from self._rules_stream(question, query, lang, decision, timings, t0)
            return
        t = time.perf_counter()
        draft = self._draft(question, query, lang, qvec, ranked, source_ids, subject, self.older(subject, found))
        timings["compose"] = _ms(t)
        draft, backend, guard = yield from self._rephrase_stream(question, lang, draft, timings)
        timings["total"] = _ms(t0)
        yield Result(
            question=question,
            standalone_question=query,
            language=lang,
            answer=draft.answer,
            citations=[Citation.from_scored(sp, n=n) for n, sp in enumerate(draft.cited, 1)],
            refused=draft.refused,
            false_premise=draft.false_premise,
            rules=None,
            backend=backend,
            guard=guard,
            timings_ms=timings,
        )

    def standalone(self, question: str, history: list[Turn] | None) -> str:
        """The question as it would be asked without the conversation before it (a follow-up rewritten with the
        question it continues)."""
        return standalone(question, history, self.topic)

    @staticmethod
    def search_text(question: str, query: str, history: list[Turn] | None) -> str:
        """What a question is searched with: its standalone form `query`, and for a follow-up that points back also
        what the assistant said last ('Vanaf wanneer kunnen we die gebruiken?' after an answer about a toolbox).
        The answer itself reads the standalone question only."""
        if query == question or not mentions_earlier(question):
            return query  # 'En voor koop?' changes what was asked: what was said is about the old case
        return f"{query} {last_said(history)}".strip()

    def searched(self, question: str, query: str, history: list[Turn] | None) -> tuple[str, np.ndarray]:
        """The text a question is searched with (`search_text`) and its vector."""
        text = self.search_text(question, query, history)
        return text, self.query_vector(text)

    def topic(self, question: str) -> float:
        """How much a question names by itself, in words as rare as the rarest the sources have: its focus as the
        source that speaks for the default scheme reads it (a corpus of more documents changes no follow-up)."""
        speaker = self.subjects.primary
        a = self.analyse(question, question, detect_language(question), speaker)
        return a.focus_weight / self.composer.profile_of(speaker).rarest

    def analyse(self, question: str, query: str, lang: str, source: str | None = None) -> QuestionAnalysis:
        """The question analysed once: type, focus, names, figures, small talk; its words as rare as `source`
        (the one that speaks for its scheme) has them, else as all sources have them."""
        return analyse(question, query, lang, self.composer.profile_of(source), self.retriever.bm25.correct(query))

    def _draft(
        self, question: str, query: str, lang: str, qvec: np.ndarray, ranked: list[ScoredPassage],
        source_ids: list[str] | None, subject: str = "", older: list[ScoredPassage] | None = None,
    ) -> Draft:
        speaker = self.speaker(subject, source_ids)
        a, as_speaker = self._read(question, query, lang, speaker)
        if a.intent == "smalltalk":
            return smalltalk(a.smalltalk or "greeting", lang, TOPICS_NL, TOPICS_EN)
        if source_ids and not {p.source_id for p in self.index.passages} & set(source_ids):
            return not_ingested(source_ids, lang)
        if not ranked or not (a.focus or a.names):
            return off_topic(lang, TOPICS_NL, TOPICS_EN)
        cards = self._card_uses(query, qvec, a.focus, lang, source_ids) if subject == self.subjects.default else []
        claimed, roles = self._claim_evidence(a, source_ids, subject)
        return compose(self.composer, a, qvec, ranked, cards, subject, self._voice(subject), older, claimed,
                       speaker, roles, as_speaker,
                       self._asked_before(query, qvec, subject, source_ids),
                       self._false_premise_before(as_speaker or a, subject, source_ids))

    def speaker(self, subject: str, source_ids: list[str] | None) -> str | None:
        """The source that speaks for a question: the one it is answered from alone (its words are read as rare
        as that source has them: 'IJsselland' names its whole world), else the one that speaks for its scheme."""
        return source_ids[0] if source_ids and len(source_ids) == 1 else self.subjects.authority(subject)

    def _bank_speaks_for(self, subject: str, source_ids: list[str] | None = None) -> bool:
        """Whether the questions asked before speak for this scheme: one the letter speaks for (the fund, or a
        scheme only the letter tells of, such as the SWZ), never one another source speaks for; nor for a
        question answered from other sources than the letter only (one that names another source's world)."""
        primary = self.subjects.primary
        if source_ids and primary not in source_ids:
            return False
        if subject in ("", self.subjects.default):
            return True
        return primary is not None and self.subjects.authority(subject) == primary

    def _asked_before(
        self, query: str, qvec: np.ndarray, subject: str, source_ids: list[str] | None = None
    ) -> AskedBefore | None:
        """What the questions asked before say of this one: the evidence of the near ones that ask for the same
        kind of answer, and how near the nearest unanswered and answered ones lie; None where they do not speak
        for the scheme."""
        if not self._bank_speaks_for(subject, source_ids):
            return None
        return AskedBefore(self.bank.near_evidence(qvec, self.bank_leave_out, answer_type(query)),
                           *self.judged.nearest(qvec, self.bank_leave_out))

    def taken_for_granted(self, question: str, query: str) -> str:
        """What the question takes for granted ("" for nothing): the claims the questions asked before are
        compared by."""
        return presupposed(self.analyse(question, query, detect_language(question)))

    def _false_premise_before(
        self, a: QuestionAnalysis, subject: str, source_ids: list[str] | None = None
    ) -> tuple[str, ...]:
        """The evidence of a question asked before whose premise was false, when what this question takes for
        granted lies clearly nearer to what that one took for granted than to what any other says."""
        claim = presupposed(a)
        if not claim or not self._bank_speaks_for(subject, source_ids):
            return ()
        cvec = self.query_vector(claim)
        # einsum, not BLAS (as in the bank): a threaded product leaves threads spinning against the embedding model
        said = float(np.einsum("ij,j->i", self._letter_sentences, cvec / (np.linalg.norm(cvec) or 1.0)).max(initial=-1.0))
        return self.bank.false_premise(cvec, self.settings.bank_premise_margin, self.bank_leave_out,
                                      self.settings.bank_premise_share, said, self.settings.bank_premise_source_gap)

    @cached_property
    def _letter_rows(self) -> list[int]:
        """The sentence rows of the source the questions asked before and the fact cards speak for (the letter)."""
        return [j for p in self.index.passages if p.source_id == self.subjects.primary
                for j in self.index.sentences_of.get(p.id, [])]

    @cached_property
    def _letter_sentences(self) -> np.ndarray:
        """The vectors of the letter's sentences."""
        return self.index.sentence_vectors[self._letter_rows]

    def _nearest_letter_sentence(self, qvec: np.ndarray) -> str:
        """The letter's sentence nearest to a question vector ("" when the letter is not indexed)."""
        if not self._letter_rows:
            return ""
        j = self._letter_rows[int(np.argmax(np.einsum("ij,j->i", self._letter_sentences, qvec)))]
        pid, s, e = self.index.sentence_spans[j]
        return self.index.passages[self.index.by_id[pid]].text[s:e]

    def _read(
        self, question: str, query: str, lang: str, speaker: str | None
    ) -> tuple[QuestionAnalysis, QuestionAnalysis | None]:
        """The question analysed as the source that speaks for its scheme sees it, unless it names what only
        other sources know (a town in a municipal handbook, a foundation in a residents' guide): then as all
        sources see it, with the speaker's reading second (None when the first is the speaker's)."""
        a = self.analyse(question, query, lang, speaker)
        if speaker is None or not a.unknown_names:
            return a, None
        whole = self.analyse(question, query, lang)
        return (whole, a) if len(whole.unknown_names) < len(a.unknown_names) else (a, None)

    def _claim_evidence(
        self, a: QuestionAnalysis, source_ids: list[str] | None, subject: str
    ) -> tuple[list[Sentence], list[Sentence]]:
        """The sentences (at most CLAIM_SENTENCES each) that best match what the question takes for granted,
        found with the claim itself as the query (the question around it, '…, bij welke afdeling moet ik zijn?',
        may lead the search elsewhere); and those that best match the role the claim gives a name, found with
        the claim's clause without its names (the name draws the search to sentences about itself, not to the
        one that says who plays that role: 'Crowdbuilding voert het fonds uit' — 'SVn … om het Fonds
        Coöperatief Wonen op te richten en uit te voeren')."""
        claim = presupposed(a)
        names = self.composer.profile.names
        unnamed = [u for clause in claim_clauses(claim)
                   if (u := " ".join(w for w in clause.split() if not set(tokens(w)) & names)) != clause
                   and len(tokens(u)) >= 2]
        voice = self._voice(subject)
        speaker = self.speaker(subject, source_ids)

        def found(query: str) -> list[Sentence]:
            qvec = self.query_vector(query)
            ranked = self.retrieve(query, qvec, self.settings.top_k, source_ids, subject)
            scored = self.composer.score_sentences(self.analyse(query, query, a.lang, speaker), qvec,
                                                   ranked[: self.composer.passages])
            return [s for s in scored if voice(s.text, s.passage.passage) in ("own", "free")
                    and speaker in (None, s.passage.passage.source_id)][:CLAIM_SENTENCES]

        claimed = found(claim) if claim and claim != fold(a.query) else []
        return claimed, [s for query in unnamed for s in found(query)]

    def _voice(self, subject: str) -> Callable[[str, Passage], str]:
        """How a sentence of a passage relates to the question's scheme: 'own' (it speaks of that scheme, in the
        source that speaks for it), 'free' (of no scheme), 'older' (of that scheme, in another source: shown only
        where it differs) or 'other' (of another scheme: never)."""
        authority = self.subjects.authority(subject)

        def voice(sentence: str, passage: Passage) -> str:
            if not subject:
                return "free"
            speaks = self.subjects.speaks_of(sentence, passage.about)
            speaker = authority in (None, passage.source_id)
            if not speaks:
                return "free"
            if subject in speaks:
                return "own" if speaker else "older"
            # in the source that speaks for the scheme, a passage about it stays about it where a sentence names
            # another scheme (where its money comes from, who else finances)
            return "own" if speaker and key(next(iter(passage.about), "")) == subject else "other"

        return voice

    def weighed(self, question: str, history: list[Turn] | None = None) -> tuple[str, QuestionAnalysis] | None:
        """The question as the answer/refuse decision weighs it (its standalone query and analysis), or None when
        it is small talk or a question for the rules."""
        query = self.standalone(question, history)
        if self._eligibility(question, query, history) is not None:
            return None
        a = self.analyse(question, query, detect_language(question))
        return None if a.intent == "smalltalk" else (query, a)

    def answerability_features(
        self, question: str, history: list[Turn] | None = None
    ) -> tuple[dict[str, float], np.ndarray] | None:
        """The features the answer/refuse decision sees for a question (None when it is small talk or a
        question for the rules): the training data of `assistent train-answerability`."""
        weighed = self.weighed(question, history)
        if weighed is None:
            return None
        query, a = weighed
        qvec = self.query_vector(query)
        ranked = self.retrieve(*self.searched(question, query, history), self.settings.top_k)
        pool = ranked[: self.composer.passages]
        return self.composer.features(a, self.composer.score_sentences(a, qvec, pool), ranked,
                                      self._asked_before(query, qvec, *self.scope(query, None))), qvec

    @cached_property
    def cards(self) -> CardMatcher:
        """The fact cards, matched by the meaning of the questions they answer."""
        return CardMatcher(
            FACT_CARDS, CARD_QUESTIONS, lambda texts: np.vstack([self.embeddings.embed_query_array(t) for t in texts]),
            kind=answer_type, focus=lambda text: self.analyse(text, text, detect_language(text)).focus,
        )

    def _card_uses(
        self, query: str, qvec: np.ndarray, focus: dict[str, float], lang: str, source_ids: list[str] | None
    ) -> list[CardUse]:
        """The fact card the question contradicts or matches best, bound to the passages of its basis."""
        if source_ids and SOURCE_ID not in source_ids:
            return []
        contradicted = contradicted_cards(query)
        uses = []
        for card in (contradicted or self.cards.match(qvec, query, focus, self._nearest_letter_sentence(qvec)))[:1]:
            found = list({p.id: p for b in card.basis if (p := self._passage_with(b)) is not None}.values())
            if found:
                statement = card.statement_en if lang == "en" else card.statement_nl
                passages = [ScoredPassage(passage=p, score=0.0, scores={"fact_card": 1.0}) for p in found]
                uses.append(CardUse(statement, passages, card.basis, premise_false=bool(contradicted)))
        return uses

    def _rephrase_stream(
        self, question: str, lang: str, draft: Draft, timings: dict[str, float]
    ) -> Generator[str | Status | Fallback, None, tuple[Draft, str, dict[str, Any] | None]]:
        """Yield the answer's text; with an LLM, its sentences as each passes the guard, and on a failure a
        Fallback followed by the draft. Returns the draft that stands, the backend and the guard report."""
        if self.llm is None or draft.refused or draft.false_premise:
            yield from _chunks(draft.answer)
            return draft, "extractive", None
        from assistent.answer.llm import LLMOutcome

        t = time.perf_counter()
        yield Status(LLM_WORKING.get(lang, LLM_WORKING["nl"]))
        outcome = None
        for item in self.llm.stream(question, lang, draft):
            if isinstance(item, LLMOutcome):
                outcome = item
            else:
                yield item
        timings["llm"] = _ms(t)
        if outcome is not None and outcome.passed:
            rephrased = Draft(outcome.text, draft.cited, draft.refused, draft.false_premise, sentences=draft.sentences)
            return rephrased, f"llm:{self.settings.llm_model}", outcome.report
        guard = outcome.report if outcome else {"passed": False, "reasons": ["geen antwoord van het taalmodel"]}
        log.warning("LLM-antwoord afgekeurd, extractief antwoord gebruikt: %s", guard.get("reasons"))
        yield Fallback(FALLBACK_NOTE.get(lang, FALLBACK_NOTE["nl"]), list(guard.get("reasons", [])),
                       shown=bool(outcome and outcome.shown))
        yield from _chunks(draft.answer)
        return draft, FELL_BACK, guard

    def search(
        self, query: str, k: int = 10, source_ids: list[str] | None = None, history: list[Turn] | None = None
    ) -> list[ScoredPassage]:
        """The best k passages for a query (in a conversation: as the follow-up it is, rewritten); those the answer
        is made from in the order it would take them (see `rerank`)."""
        standalone_query = self.standalone(query, history)
        searched, svec = self.searched(query, standalone_query, history)
        ranked = self.retrieve(searched, svec, max(k, self.composer.passages), source_ids)
        return self.rerank(query, standalone_query, ranked, source_ids)[:k]

    def rerank(
        self, question: str, query: str, ranked: list[ScoredPassage], source_ids: list[str] | None = None
    ) -> list[ScoredPassage]:
        """The passages the answer is made from (the first `composer.passages`) ordered by the likeliest answer
        sentence each holds, as the answer's selection model weighs them; ties and the rest keep their order."""
        pool = ranked[: self.composer.passages]
        subject, sources = self.scope(query, source_ids)
        a, _ = self._read(question, query, detect_language(question), self.speaker(subject, sources))
        qvec = self.query_vector(query)
        ordered = self.composer.order(self.composer.score_sentences(a, qvec, pool), a)
        best: dict[str, float] = {}
        near = self._asked_before(query, qvec, subject, sources)
        for s in with_asked_before(ordered, near, self.composer.weights.asked_before):
            best.setdefault(s.passage.passage.id, s.p)
        return sorted(pool, key=lambda sp: -best.get(sp.passage.id, 0.0)) + ranked[len(pool):]

    def scope(self, query: str, source_ids: list[str] | None) -> tuple[str, list[str] | None]:
        """The scheme a question is about and the sources to answer from: a question that names one source by
        its title is answered from that source, whatever scheme it is about (no scheme then)."""
        named = None if source_ids else self.subjects.source(query)
        if named:
            return "", [named]
        return self.subjects.target(query), source_ids

    def retrieve(
        self, query: str, qvec: np.ndarray, k: int, source_ids: list[str] | None = None, subject: str | None = None
    ) -> list[ScoredPassage]:
        """The best k passages that may answer the question: none about another scheme than the one it means
        (`subject`, resolved from the question when not given)."""
        return self.candidates(query, qvec, k, source_ids, subject)[:k]

    def candidates(
        self, query: str, qvec: np.ndarray, k: int, source_ids: list[str] | None = None, subject: str | None = None
    ) -> list[ScoredPassage]:
        """All passages the retriever found for the question (at least 40), best first, the source that speaks
        for the scheme (the newest mostly about it) weighing more than others about it (the order changes, the
        weight is not in the scores). Scores are as the speaking source's passages would score with it alone:
        later stages read them as learned on the letter alone, so documents that match better do not scale
        them down."""
        if subject is None:
            subject, source_ids = self.scope(query, source_ids)
        if source_ids and len(source_ids) == 1 and source_ids[0] != self.subjects.primary:
            # within one other document the words that name its world match everywhere: searched without them
            plain = self.subjects.without_names(query, source_ids[0])
            if plain != query:
                query, qvec = plain, self.query_vector(plain)
        authority = self.subjects.authority(subject)
        # the source that speaks for the scheme keeps its own best k however well other sources match: its
        # passages weigh more, so they must not be cut off before they are weighed (so all are ranked then)
        pool = max(3 * k, 40)
        found = self.retriever.search_with_vector(query, qvec, len(self.index.passages) if authority else pool,
                                                  source_ids, self.subjects.mask(subject))
        ranked = found[:pool]
        ranked += [sp for sp in found[len(ranked):] if sp.passage.source_id == authority][:k]
        weight = self.settings.authority_weight
        # scores as if the speaking source were the whole corpus: its passages score as they would alone
        reach = next((sp.reach for sp in ranked if sp.passage.source_id == authority), 1.0)
        if 0 < reach < 1:
            ranked = [sp.model_copy(update={"score": sp.score / reach}) for sp in ranked]
        ranked = sorted(ranked, key=lambda sp: -sp.score * (weight if sp.passage.source_id == authority else 1.0))
        return self._with_questions_asked_before(ranked, found, qvec, authority, answer_type(query))

    def _with_questions_asked_before(
        self, ranked: list[ScoredPassage], found: list[ScoredPassage], qvec: np.ndarray, authority: str | None,
        kind: str,
    ) -> list[ScoredPassage]:
        """The ranking with the passages that answer the nearest questions asked before that ask for the same
        `kind` of answer moved up (by rank: 1/(r+2) plus `bank_weight` × closeness), only passages found for the
        question and of the source that speaks for its scheme; the order changes, the scores do not."""
        weight = self.settings.bank_weight
        near = self.bank.near(qvec, self.bank_leave_out, kind) if weight else {}
        near = {pid: c for pid, c in near.items()
                if authority is None or self.index.passages[self.index.by_id[pid]].source_id == authority}
        if not near:
            return ranked
        have = {sp.passage.id for sp in ranked}
        ranked = ranked + [sp for sp in found if sp.passage.id in near and sp.passage.id not in have]
        return [sp for _, sp in sorted(enumerate(ranked), key=lambda r: -(1 / (r[0] + 2)
                                                                          + weight * near.get(r[1].passage.id, 0.0)))]

    def older(self, subject: str, candidates: list[ScoredPassage]) -> list[ScoredPassage]:
        """The best passages (at most OLDER_PASSAGES) of other sources about the question's scheme: an older
        source there may state a figure the source that speaks for it has since changed."""
        authority = self.subjects.authority(subject)
        if not subject or authority is None:
            return []
        return [sp for sp in candidates if sp.passage.source_id != authority
                and subject in {key(a) for a in sp.passage.about}][:OLDER_PASSAGES]

    def query_vector(self, query: str) -> np.ndarray:
        """The query embedding, from a small LRU cache: questions from example buttons and FAQs repeat."""
        with self._query_lock:
            hit = self._query_cache.get(query)
            if hit is not None:
                self._query_cache.move_to_end(query)
                return hit
        vec = self.embeddings.embed_query_array(query)
        vec.setflags(write=False)
        with self._query_lock:
            self._query_cache[query] = vec
            if len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vec

    # -- rules ---------------------------------------------------------------

    def _eligibility(
        self, question: str, query: str, history: list[Turn] | None
    ) -> rules_mod.Decision | None:
        """A calculation or decision when this turn (or the conversation it continues, `query` the turn as it would
        be asked alone) is about the fund's rules."""
        presupposes = bool(asserted_claim(question, statements=False))
        # 'Hoeveel is dat dan bij 3 miljoen?' after 'Hoeveel eigen inleg vraagt het fonds?' is a calculation
        decision = fonds_chat.calculation_decision(query, history) or fonds_chat.eligibility(
            question, history, presupposes=presupposes
        )
        if decision is None or not self.rules_ready:
            return None
        return decision

    def _rules_stream(
        self, question: str, query: str, lang: str, decision: rules_mod.Decision, timings: dict[str, float], t0: float
    ) -> Iterator[str | Result]:
        """The rules' answer as ask_stream yields it: its text, then the Result."""
        result = self._rules_result(question, query, lang, decision)
        result.timings_ms = {**timings, "total": _ms(t0)}
        yield result.answer
        yield result

    @staticmethod
    def _open_check(question: str, decision: rules_mod.Decision, history: list[Turn] | None) -> bool:
        """Whether the decision only opens the questionnaire (no verdict, no calculation) for a question that
        neither continues one nor asks 'komen wij in aanmerking?': it may be about something beside the rules
        ('mag een ontwikkelaar eisen dat wij als coop …', 'krijg ik huurtoeslag als ik een kamer huur in een coop')."""
        return (decision.eligible is None and decision.calculation is None and not facts_mod.asks_to_qualify(question)
                and not any(t.role == "assistant" and t.content for t in history or []))

    @cached_property
    def _rule_sentences(self) -> tuple[str, ...]:
        return tuple(fold(sentence) for rule in rules_mod.RULES for sentence in rule.basis)

    def _rests_on_rules(self, passage: Passage) -> bool:
        """Whether the passage holds a sentence one of the fund's rules rests on."""
        text = fold(passage.text)
        return any(q in text for q in self._rule_sentences)

    def check(self, text: str | None = None, facts: rules_mod.Facts | None = None) -> rules_mod.Decision:
        """The rules decision for a scenario in plain words or for explicit facts."""
        if facts is None:
            reading = facts_mod.read_facts(text or "")
            return rules_mod.decide(reading.facts, evidence=reading.evidence)
        return rules_mod.decide(facts)

    def _rules_result(self, question: str, query: str, lang: str, decision: rules_mod.Decision) -> Result:
        text = fonds_chat.render(decision, lang)
        # "…, toch?" taking for granted what the rules refuse: the premise is false, and said so first
        claim = asserted_claim(question, statements=False)
        premise_false = decision.eligible is False and bool(claim) and not NEGATION.search(claim)
        if premise_false:
            text = ("Let op: dat klopt niet. Volgens de regels van het fonds kan dat niet:\n" if lang == "nl"
                    else "Note: that is not correct. Under the fund's rules this is not possible:\n") + text
        # a calculation on a figure the question takes for granted ('Omdat de inleg drie procent is: hoeveel …')
        if decision.calculation is not None and (
                premise := figure_conflict(self.analyse(query, query, lang), [decision.calculation.quote],
                                          self.composer.profile)) and premise.false:
            premise_false = True
            text = premise_line(premise, "[1]", lang) + "\n" + text
        quotes: list[str] = [decision.calculation.quote] if decision.calculation else []
        for reason in decision.reasons:
            if reason.citation:
                quotes.append(reason.citation.quote)
        for step in decision.trace:
            if step.outcome in ("pass", "fail"):
                quotes.extend(c.quote for c in step.basis)
        cited: list[ScoredPassage] = []
        for q in dict.fromkeys(quotes):
            p = self._passage_with(q)
            if p is not None and all(c.passage.id != p.id for c in cited):
                cited.append(ScoredPassage(passage=p, score=1.0, scores={"rules": 1.0}))
        if cited:
            refs = " ".join(f"[{n}]" for n in range(1, len(cited) + 1))
            text += "\n" + rules_source_line(cited[0].passage.date, refs, lang)
        return Result(
            question=question,
            standalone_question=query,
            language=lang,
            answer=text,
            citations=[Citation.from_scored(sp, n=n) for n, sp in enumerate(cited, 1)],
            refused=False,
            false_premise=premise_false,
            rules=decision.model_dump(mode="json"),
            backend="rules",
        )

    def _passage_with(self, quote: str) -> Passage | None:
        needle = fold(quote)
        for p in self.index.passages:
            if needle in fold(p.text):
                return p
        head = needle[:80]
        return next((p for p in self.index.passages if head in fold(p.text)), None)


def _ms(t: float) -> float:
    return round((time.perf_counter() - t) * 1000, 2)


def _chunks(text: str, size: int = 40) -> Iterator[str]:
    """Split an answer into word-aligned chunks for streaming."""
    words = text.split(" ")
    buf: list[str] = []
    for i, w in enumerate(words):
        buf.append(w)
        if i < len(words) - 1 and sum(len(x) + 1 for x in buf) >= size:
            yield " ".join(buf) + " "
            buf = []
    if buf:
        yield " ".join(buf)
