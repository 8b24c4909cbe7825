"""The Dutch of the UI and the hand-outs is spelt right: every word of the texts we write (labels, help texts,
choices, messages, the trainer's details, the export) is in a Dutch dictionary or in our short list of
domain words. Document text (passages, quotes) is not ours and is left out: the test data use plain words."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from assistent.fonds import rules as rules_mod
from assistent.models import Citation, Result
from assistent.serve.export import conversation_markdown
from assistent.serve.labels import SCORE_SCALE
from assistent.serve.ui.app import build_embed_ui, build_ui
from assistent.serve.ui.chat import PRIVACY_NOTE
from assistent.serve.ui.html import answer_html, decision_html, trace_table_html
from assistent.serve.ui.trainer import do_export
from assistent.settings import Settings

spellchecker = pytest.importorskip("spellchecker")

# words of the domain and of the product that a general dictionary does not know
DOMAIN = {
    "beheercoöperatie", "beheercoöperaties", "bewoningsrecht", "cpo", "didam", "arrest", "markdown",
    "medeopdrachtgeverschap", "trainermodus", "wooncoöperatie", "wooncoöperaties", "woonvereniging",
    "woonverenigingen", "kenniswijzer", "kostendelersnorm", "passage", "id", "pdf", "ms", "nr", "taalmodel",
}
# not our words: code names and ids (trainer mode) and quoted document text
NOT_OURS = re.compile(r'<span class="wa-id">.*?</span>|“[^”]*”|`[^`]*`', re.S)
WORD = re.compile(r"[A-Za-zÀ-ÿ]+")


def _words(texts: list[str]) -> set[str]:
    words: set[str] = set()
    for text in texts:
        plain = html.unescape(re.sub(r"<[^>]+>", " ", NOT_OURS.sub(" ", text)))
        words.update(w.lower() for w in WORD.findall(plain))
    return words


class _NoIndex:
    settings = None
    index = None

    def check(self, facts):  # pragma: no cover - not called while building
        return rules_mod.decide(facts)


@pytest.fixture(scope="module")
def checker():
    return spellchecker.SpellChecker(language="nl")


def _ui_texts(tmp: Path) -> list[str]:
    settings = Settings(corpus_dir=tmp / "corpus", index_dir=tmp / "index", data_dir=tmp / "data")
    texts: list[str] = []
    for blocks in (build_ui(_NoIndex(), settings), build_embed_ui(_NoIndex(), settings)):
        for component in blocks.get_config_file()["components"]:
            props = component.get("props", {})
            texts += [props[k] for k in ("label", "info", "placeholder", "value") if isinstance(props.get(k), str)]
            texts += [str(c[0]) for c in props.get("choices") or [] if isinstance(c, (list, tuple))]
    return texts


def _rendered_texts() -> list[str]:
    citation = Citation(n=1, passage_id="p1", source_id="brief", title="Brief", date="2026-01-19", section="Fonds",
                        paragraph=2, page=3, text="Een zin.", score=1.5)
    trace = [step.model_dump(mode="json") for step in rules_mod.decide(rules_mod.Facts(
        organisation_form="wooncooperatie", tenure="koop", project_type="nieuwbouw", phase="bouw",
        financing_eur=1_000_000, own_contribution_eur=40_000, initiative_phase_complete=True)).trace]
    result = Result(question="Vraag", answer="Een antwoord. [1]", citations=[citation], backend="extractive",
                    timings_ms={"embed": 1.0, "retrieve": 2.0, "compose": 3.0, "total": 6.0},
                    rules={"trace": trace})
    texts = [answer_html(_NoIndex(), result, trainer=True), trace_table_html(trace), PRIVACY_NOTE, SCORE_SCALE]
    for facts in (rules_mod.Facts(organisation_form="woonvereniging"),
                  rules_mod.Facts(organisation_form="wooncooperatie", tenure="koop", project_type="nieuwbouw",
                                  phase="bouw", financing_eur=1_000_000, own_contribution_eur=40_000)):
        texts.append(decision_html(_NoIndex(), rules_mod.decide(facts), {"organisation_form": "formulier"}))
    texts.append(conversation_markdown([result], trainer=True))
    for n in (1, 3):
        convo = [{"question": "Vraag", "result": result.model_dump(mode="json")}] * n
        texts.append(do_export(convo, True)[2])
    return texts


def test_the_words_of_the_ui_and_the_hand_out_are_dutch(checker, tmp_path):
    words = _words(_ui_texts(tmp_path) + _rendered_texts())
    assert len(words) > 300  # the test sees the real texts
    unknown = sorted(w for w in words if w not in DOMAIN and checker.unknown([w]))
    assert not unknown, f"onbekende of verkeerd gespelde woorden: {unknown}"


def test_the_spelling_test_catches_a_misspelling(checker):
    assert checker.unknown(["vraagen"]) == {"vraagen"} and not checker.unknown(["vragen"])
