"""The UI's HTML: every piece of user or document text is escaped; sources, the rule trace and the
decision show what they should (and the trainer details only in trainer mode)."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from assistent.fonds import rules as rules_mod
from assistent.models import Citation, Passage, Result
from assistent.serve.ui.chat import history_of, render_chat
from assistent.serve.ui.html import (
    answer_html,
    citation_html,
    decision_html,
    esc,
    esc_lines,
    table,
    trace_table_html,
)

PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def assert_no_markup_from(payload_html: str) -> None:
    """None of the payload's tags survived as tags."""
    assert "<img" not in payload_html and "<script" not in payload_html
    assert "&lt;img" in payload_html and "&lt;script&gt;" in payload_html


class Index:
    def __init__(self, passages: list[Passage] | None = None, broken: bool = False):
        self.passages = passages or []
        self.broken = broken

    def neighbours(self, passage_id: str, n: int) -> list[Passage]:
        if self.broken:
            raise RuntimeError("index vervangen")
        i = next(i for i, p in enumerate(self.passages) if p.id == passage_id)
        return self.passages[max(0, i - n) : i + n + 1]


class Assistant:
    def __init__(self, index: Index):
        self.index = index


def passage(pid: str, paragraph: int, text: str, section: list[str] | None = None) -> Passage:
    return Passage(id=pid, source_id="brief", title="Kamerbrief", paragraph=paragraph, page=2,
                   char_start=0, char_end=len(text), text=text, section_path=section or ["Fonds"])


def citation(**over) -> Citation:
    values = dict(n=1, passage_id="brief:p2", source_id="brief", title="Kamerbrief", date="2026-01-19",
                  section="Financiële belemmeringen > Fonds Coöperatief Wonen", page=2, paragraph=7,
                  text="Een minimale eigen inleg van 5% is vereist.", score=0.123456)
    values.update(over)
    return Citation(**values)


# --------------------------------------------------------------------------- escaping


def test_esc_escapes_tags_ampersands_and_both_quotes():
    assert esc('<a href="x">\'&\'</a>') == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
    assert esc(None) == ""
    assert esc(5) == "5"


def test_esc_lines_keeps_line_breaks_and_escapes_each_line():
    assert esc_lines("a < b\nc & d") == "a &lt; b<br>c &amp; d"
    assert esc_lines(None) == ""


def test_table_escapes_headers_marks_numeric_columns_and_fixes_widths():
    out = table(["<b>Naam</b>", "Aantal"], [["x", "3"]], numeric={1}, widths=[70, 30])
    assert "<th>&lt;b&gt;Naam&lt;/b&gt;</th>" in out
    assert '<td>x</td><td class="wa-getal">3</td>' in out
    assert 'class="wa-tabel wa-vast"' in out and '<col style="width:70%">' in out
    assert "wa-vast" not in table(["a"], [["1"]])


# --------------------------------------------------------------------------- sources of an answer


def test_citation_html_shows_where_the_passage_comes_from_and_escapes_it():
    c = citation(title=PAYLOAD, text=PAYLOAD, section=f"Hoofdstuk > {PAYLOAD}")
    out = citation_html(Assistant(Index(broken=True)), c)
    assert_no_markup_from(out)
    assert out.startswith('<details class="wa-bron wa-bron-1">')  # closed until the reader opens it
    summary = out[: out.index("</summary>")]
    assert '<span class="wa-bron-n">[1]</span>' in summary
    # document, section (› between its parts), paragraph, page and date are visible while the card is closed
    assert "Hoofdstuk › &lt;img" in summary
    assert "· alinea 7 · pagina 2 · 19 januari 2026</span>" in summary
    assert "Passage-id" not in out and "score" not in out
    assert "wa-buur" not in out  # the index could not give the neighbours: nothing empty is shown
    assert "wa-bron-link" not in out  # no sources.toml known: no link


def test_citation_html_shows_the_passages_footnotes_numbered_and_escaped():
    c = citation(text="Cooplink heeft een rapport opgesteld (Bijlage 1).", notes=["[1] Cooplink, 2024 <b>Belemmeringen</b>"])
    out = citation_html(Assistant(Index(broken=True)), c)
    assert '<p class="wa-voetnoot">Voetnoot 1: Cooplink, 2024 &lt;b&gt;Belemmeringen&lt;/b&gt;</p>' in out
    assert "wa-voetnoot" not in citation_html(Assistant(Index(broken=True)), citation())


def test_citation_html_marks_the_quoted_sentence_and_shows_it_while_closed():
    text = "Het fonds financiert vanaf de planfase. Voor beide fases is wel een minimale eigen inleg vereist van 5%."
    out = citation_html(
        Assistant(Index(broken=True)), citation(text=text),
        sentences=["Voor beide fases is wel een   minimale eigen inleg vereist van 5%.", "Staat er niet in."],
    )
    assert (
        'Het fonds financiert vanaf de planfase. <mark class="wa-zin">Voor beide fases is wel een minimale eigen '
        "inleg vereist van 5%.</mark>" in out
    )
    assert out.count("<mark") == 1
    summary = out[: out.index("</summary>")]
    assert "“Voor beide fases is wel een minimale eigen inleg vereist van 5%.”" in summary


def test_two_sources_from_the_same_section_differ_in_their_closed_card():
    a = citation(n=1, paragraph=2, text="Het fonds verstrekt leningen.")
    b = citation(n=2, paragraph=2, passage_id="brief:p3", text="Dit fonds moet ervoor zorgen dat het lukt.")
    out = [citation_html(Assistant(Index(broken=True)), c) for c in (a, b)]
    summaries = [o[: o.index("</summary>")].replace("[1]", "").replace("[2]", "").replace("wa-bron-1", "").replace("wa-bron-2", "") for o in out]
    assert summaries[0] != summaries[1]


def test_citation_html_links_to_the_official_publication_from_sources_toml(tmp_path):
    (tmp_path / "sources.toml").write_text(
        '[[source]]\nid = "brief"\ntitle = "Kamerbrief"\nreference = "Kamerstuk 29 453, nr. 579"\n'
        'url = "https://zoek.officielebekendmakingen.nl/kst-29453-579.html"\n'
        '[[source]]\nid = "stuk"\ntitle = "Stuk"\nurl = "javascript:alert(1)"\n',
        encoding="utf-8",
    )
    assistant = Assistant(Index(broken=True))
    assistant.settings = SimpleNamespace(corpus_dir=tmp_path)
    out = citation_html(assistant, citation())
    assert (
        '<a href="https://zoek.officielebekendmakingen.nl/kst-29453-579.html" target="_blank" '
        'rel="noopener noreferrer">Lees de officiële publicatie (Kamerstuk 29 453, nr. 579)</a>'
    ) in out
    assert "javascript:" not in citation_html(assistant, citation(source_id="stuk"))  # only http(s) links


def test_citation_html_in_trainer_mode_adds_passage_id_and_score_on_its_scale():
    out = citation_html(Assistant(Index(broken=True)), citation(passage_id="brief:<p2>"), trainer=True)
    assert '<span class="wa-id">brief:&lt;p2&gt;</span>' in out
    assert '<span class="wa-score">0,12</span> van 3</p>' in out


def test_citation_html_shows_the_passages_before_and_after():
    before = passage("brief:p1", 6, "Ervoor <b>vet</b>")
    cited = passage("brief:p2", 7, "De passage zelf")
    after = passage("brief:p3", 8, "Erna", section=["Ander hoofdstuk"])
    out = citation_html(Assistant(Index([before, cited, after])), citation(section="Fonds", text="De passage zelf"))
    body = out[out.index('<div class="wa-bron-body">'):]
    assert body.count('class="wa-buur"') == 2
    # in reading order: before, the passage, after
    assert body.index("Tekst ervoor") < body.index('<blockquote class="wa-passage">De passage zelf') < body.index("Tekst erna")
    assert '<div class="wa-buur-kop">Tekst ervoor · alinea 6 · pagina 2</div>Ervoor &lt;b&gt;vet&lt;/b&gt;' in body
    # the section is named only when it differs from the cited passage's
    assert '<div class="wa-buur-kop">Tekst erna · alinea 8 · pagina 2 · Ander hoofdstuk</div>Erna' in body


def test_answer_html_puts_the_answer_first_and_makes_each_known_ref_a_link():
    assistant = Assistant(Index(broken=True))
    bare = answer_html(assistant, Result(answer=f"Regel 1\n{PAYLOAD}"))
    assert_no_markup_from(bare)
    assert bare.startswith('<div class="wa-bericht"><div class="wa-antwoord"><p class="wa-kern">Regel 1</p>')
    assert "wa-bronnen" not in bare and "wa-trainer" not in bare

    answer = 'Vijf procent. [1]\nVolgens de brief:\n"Een minimale eigen inleg van 5% is vereist." [1] [7]'
    result = Result(answer=answer, citations=[citation()], backend="extractive", timings_ms={"total": 12.5}, guard=None)
    out = answer_html(assistant, result)
    assert '<p class="wa-kern">Vijf procent. <a class="wa-ref wa-ref-1" href="#" title="Bron 1 openen">[1]</a></p>' in out
    assert '<p class="wa-quote">&quot;Een minimale eigen inleg van 5% is vereist.&quot; <a class="wa-ref wa-ref-1"' in out
    assert "[7]" in out and "wa-ref-7" not in out  # no card 7: no link
    assert out.count('<details class="wa-bron ') == 1
    assert '<mark class="wa-zin">Een minimale eigen inleg van 5% is vereist.</mark>' in out
    trainer = answer_html(assistant, result, trainer=True)
    assert '<div class="wa-trainer">' in trainer
    assert "Zo is het antwoord gemaakt: <b>letterlijke zinnen uit de bronnen (geen taalmodel)</b>" in trainer
    assert "totaal 12,5 ms" in trainer and "van 0 (niet) tot 3 (heel goed)" in trainer
    for english in ("extractive", "guard", "total", "embed"):
        assert english not in trainer.replace("wa-", ""), english


# --------------------------------------------------------------------------- the rule trace and the decision


def test_trace_table_names_the_rules_labels_outcomes_and_escapes_notes_and_quotes():
    trace = [
        {"rule": "own_contribution_below_5pct", "outcome": "fail", "percentage": 4.5,
         "facts": {"own_contribution_eur": 45000.0, "tenure": "huur"}, "note": PAYLOAD,
         "basis": [{"quote": "minimaal 5% <eigen> inleg"}]},
        {"rule": "onbekende_regel", "outcome": "vreemd", "facts": {}, "basis": []},
    ]
    out = trace_table_html(trace)
    assert_no_markup_from(out)
    assert "<th>Grond in de brief</th>" in out and 'class="wa-tabel wa-stapel"' in out
    rows = re.findall(r"<tr>(.*?)</tr>", out)[1:]
    assert len(rows) == 2
    first, second = rows
    assert "Eigen inleg minimaal 5%" in first and '<span class="wa-id">own_contribution_below_5pct</span>' in first
    assert '<span class="wa-label wa-nee">niet voldaan</span>' in first
    assert '<td class="wa-getal" data-label="Percentage">4,5%</td>' in first
    assert "Huur of koop: huurwoningen" in first and "Eigen inleg (euro): " in first
    assert "“minimaal 5% &lt;eigen&gt; inleg”" in first
    # an unknown rule or outcome is shown as it is, in grey, with dashes for what is not there
    assert "onbekende_regel" in second and '<span class="wa-label wa-grijs">vreemd</span>' in second
    assert '<td class="wa-getal" data-label="Percentage">—</td>' in second
    assert "wa-id" not in trace_table_html(trace, trainer=False)  # code names only for the trainer


def _decision(eligible, **over) -> rules_mod.Decision:
    return rules_mod.Decision(facts=rules_mod.Facts(**over.pop("facts", {})), eligible=eligible, **over)


@pytest.mark.parametrize(
    "eligible,missing,head,cls",
    [
        (True, [], "Ja: u komt waarschijnlijk in aanmerking", "wa-ok"),
        (False, [], "Nee: u komt niet in aanmerking", "wa-nee"),
        (None, [rules_mod.MissingFact(key="phase", question="In welke fase?")], "er ontbreekt informatie", "wa-open"),
        (None, [], "Nog niet te zeggen.", "wa-open"),
    ],
)
def test_decision_html_heading_follows_the_outcome(eligible, missing, head, cls):
    out = decision_html(Assistant(Index()), _decision(eligible, missing=missing), {})
    assert f'<div class="wa-besluit {cls}">' in out and head in out


def test_decision_html_gives_reasons_with_their_source_missing_facts_and_where_each_fact_came_from():
    reason = rules_mod.Reason(
        code="own_contribution_below_5pct", message=f"Te weinig {PAYLOAD}",
        citation=rules_mod.RuleCitation(source_id="brief", section="Fonds > Inleg", quote="minimaal <5%>"),
    )
    hidden = rules_mod.Reason(code="missing_fact:phase", message="Dit weet ik nog niet: fase.")
    decision = _decision(
        False, reasons=[reason, hidden], facts={"tenure": "huur", "own_contribution_pct": 4.0},
        missing=[rules_mod.MissingFact(key="phase", question="Planfase of <bouwfase>?")],
    )
    assistant = Assistant(Index([passage("brief:p1", 1, "tekst")]))
    out = decision_html(assistant, decision, {"tenure": "formulier", "own_contribution_pct": "uw tekst"})
    assert_no_markup_from(out)
    assert "Dit weet ik nog niet" not in out  # missing facts are asked for below, not given as a reason
    assert "Bron: Kamerbrief — Fonds › Inleg" in out and "“minimaal &lt;5%&gt;”" in out
    assert "<li><b>Fase</b>: Planfase of &lt;bouwfase&gt;?</li>" in out
    assert '<td data-label="Gegeven">Huur of koop</td><td data-label="Waarde">huurwoningen</td><td data-label="Uit">formulier</td>' in out
    assert '<td data-label="Gegeven">Organisatievorm</td><td data-label="Waarde">—</td><td data-label="Uit">—</td>' in out
    # verdict first, then what is missing, then the reasons
    assert out.index("wa-besluit") < out.index("Planfase of") < out.index("Waarom?")


def test_decision_html_explains_a_yes_from_the_real_rules():
    facts = rules_mod.Facts(organisation_form="wooncooperatie", tenure="huur", project_type="nieuwbouw",
                            phase="plan", own_contribution_pct=10, initiative_phase_complete=True)
    decision = rules_mod.decide(facts)
    assert decision.eligible is True
    out = decision_html(Assistant(Index()), decision, {})
    assert "<h3>Waarom?</h3><ul><li>" in out


# --------------------------------------------------------------------------- the chat


def test_render_chat_escapes_questions_and_errors_and_shows_a_pending_answer():
    convo = [
        {"question": PAYLOAD, "result": Result(answer="Antwoord").model_dump(mode="json")},
        {"question": "En nu?", "error": f"Mislukt {PAYLOAD}"},
    ]
    messages = render_chat(Assistant(Index(broken=True)), convo, pending=("Nog één <vraag>", ""))
    assert [m["role"] for m in messages] == ["user", "assistant"] * 3
    assert_no_markup_from(messages[0]["content"])
    assert '<div class="wa-antwoord"><p class="wa-kern">Antwoord</p></div>' in messages[1]["content"]
    assert messages[3]["content"].startswith('<div class="wa-fout">Mislukt &lt;img')
    assert messages[4]["content"] == "Nog één &lt;vraag&gt;"
    assert "Even zoeken in de bronnen" in messages[5]["content"] and messages[5]["content"].endswith("▌</span>")
    partial = render_chat(Assistant(Index()), [], pending=("v", "Half <af>"))[1]["content"]
    assert partial.startswith("Half &lt;af&gt;") and "Even zoeken" not in partial


def test_the_chat_says_the_model_is_working_and_shows_a_fallback_visibly():
    working = render_chat(Assistant(Index()), [], pending=("v", "", "Het taalmodel formuleert…"))[1]["content"]
    assert "Het taalmodel formuleert…" in working and "Even zoeken" not in working
    note = "Het taalmodel gaf geen bruikbaar antwoord. <b>"
    fell_back = render_chat(Assistant(Index()), [], pending=("v", "Uit de bron", "", note))[1]["content"]
    assert fell_back.startswith('<div class="wa-terugval">Het taalmodel gaf geen bruikbaar antwoord. &lt;b&gt;</div>')
    assert "Uit de bron" in fell_back
    final = answer_html(Assistant(Index()), Result(answer="Uit de bron", backend="extractive (LLM afgekeurd)"))
    assert final.startswith('<div class="wa-bericht"><div class="wa-terugval">Het taalmodel gaf geen bruikbaar antwoord.')
    assert "wa-terugval" not in answer_html(Assistant(Index()), Result(answer="A", backend="llm:m"))


def test_history_of_keeps_answered_turns_newest_last_within_the_limit():
    convo = [
        {"question": "een", "result": {"answer": "1"}},
        {"question": "fout", "error": "mislukt"},
        {"question": "twee", "result": {"answer": "2"}},
        {"question": "drie", "result": {"answer": "3"}},
    ]
    assert [(t.role, t.content) for t in history_of(convo, 0)] == [
        ("user", "een"), ("assistant", "1"), ("user", "twee"), ("assistant", "2"), ("user", "drie"), ("assistant", "3"),
    ]
    assert [t.content for t in history_of(convo, 5)] == ["twee", "2", "drie", "3"]  # whole turns only
    assert history_of(convo, 1) == []
