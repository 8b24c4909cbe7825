"""The web UI in a real browser: the real app (uvicorn, real index of the letter) driven by Chromium.

One server per module, on a free loopback port: `assistent.serve.api.create_app`, which mounts the UI
at / and the partner view at /embed. The corpus is the real letter plus one extra text file
whose name and text carry HTML/JS payloads. Screenshots go to $ASSISTENT_TEST_ARTIFACTS (read when
this module is imported) or to a temporary directory; their paths are printed.
"""
from __future__ import annotations

import io
import os
import re
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from assistent.fonds.rules import Facts

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS_ENV = os.environ.get("ASSISTENT_TEST_ARTIFACTS")

pytestmark = [
    pytest.mark.slow,
    # gradio's queue calls pandas in ways pandas 3 deprecates; not ours to fix
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting' is deprecated"),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium ontbreekt (/usr/bin/chromium): browsertest overgeslagen"),
]

QUESTION = "Hoeveel eigen inleg is nodig?"
FOLLOW_UP = "Geldt dat ook in de bouwfase?"
FIVE_PCT_SENTENCE = "Voor beide fases is wel een minimale eigen inleg vereist van 5% van de financiering."
XSS_QUESTION = '<img src=x onerror="window.__xss=1"> <script>window.__xss=1</script> Hoeveel eigen inleg is nodig?'
XSS_FILE = "Zonnehof <img src=x onerror=window.xssfile=1> ${window.xssfile=1}.txt"
XSS_DOC = (
    # the first line is the document's title: its markup is removed at ingest, the template text stays inert text
    "Fietsenstalling Zonnehof <img src=x onerror=window.xssfile=1> ${window.xssfile=1}\n\n"
    "De fietsenstalling van wooncoöperatie Zonnehof biedt plaats aan veertig fietsen. "
    '<img src=x onerror="window.__xss=1"> Bewoners betalen geen extra huur voor de fietsenstalling. '
    "<script>window.__xss=1</script> ${window.__xss=1} {{constructor.constructor('window.__xss=1')()}}\n\n"
    "Elke bewoner van Zonnehof krijgt een sleutel van de fietsenstalling bij de ingang aan de achterkant.\n"
)
LIKE = "button[aria-label='Vind ik leuk']"  # Dutch whatever the browser's language
NO_XSS = "() => window.__xss === undefined && window.xssfile === undefined"


# --------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _build_app(settings, assistant):
    """The real app: the UI at / and the partner view at /embed, the API beside them."""
    from assistent.serve.api import create_app

    return create_app(settings, assistant)


@pytest.fixture(scope="module")
def ui_settings(ingested_letter, tmp_path_factory):
    """A clone of the session's index of the letter, plus the extra file with payloads, ingested."""
    from conftest import clone_ingested

    from assistent.ingest.pipeline import ingest

    root = tmp_path_factory.mktemp("ui-index")
    settings = clone_ingested(ingested_letter, root)
    (Path(settings.corpus_dir) / XSS_FILE).write_text(XSS_DOC, encoding="utf-8")
    report = ingest(settings, progress=False)
    assert not report.failed, report.failed
    return settings


class SpyAssistant:
    """The real Assistant, recording what the UI passes to ask_stream and what came back."""

    def __init__(self, settings):
        from assistent.answer.assistant import Assistant

        self._inner = Assistant(settings)
        self.calls: list[tuple[str, list]] = []
        self.results: list = []

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def ask_stream(self, question, history=None, source_ids=None):
        from assistent.models import Result

        self.calls.append((question, list(history or [])))
        for event in self._inner.ask_stream(question, history, source_ids):
            if isinstance(event, Result):
                self.results.append(event)
            yield event


@pytest.fixture(scope="module")
def server(ui_settings):
    import uvicorn

    assistant = SpyAssistant(ui_settings)
    app = _build_app(ui_settings, assistant)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 120
    while not srv.started:
        assert thread.is_alive(), "de server is gestopt tijdens het opstarten"
        assert time.time() < deadline, "de server start niet"
        time.sleep(0.1)
    yield {"base": f"http://127.0.0.1:{port}", "assistant": assistant, "settings": ui_settings}
    srv.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    path = Path(ARTIFACTS_ENV) if ARTIFACTS_ENV else tmp_path_factory.mktemp("ui-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
            headless=True,
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page; at the end, every request it made must have gone to the app's own origin."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="nl-NL", accept_downloads=True)
    pg = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    own = urlsplit(server["base"])
    foreign = [
        u for u in requests
        if urlsplit(u).scheme not in ("data", "blob", "about")
        and (urlsplit(u).scheme, urlsplit(u).netloc) != (own.scheme, own.netloc)
    ]
    context.close()
    assert requests, "geen verzoeken vastgelegd"
    assert not foreign, f"verzoeken naar andere hosts: {foreign}"
    assert not errors, f"JavaScript-fouten op de pagina: {errors}"


# --------------------------------------------------------------------------- helpers


def _open(page, server, path: str = "/") -> None:
    page.goto(server["base"] + path)
    page.wait_for_selector("#wa-vraag textarea", timeout=60_000)


def _watch_stream(page) -> None:
    """Record every text the last answer bubble shows, to see the answer arrive in pieces."""
    page.evaluate(
        """() => { window.__states = []; const root = document.querySelector('#wa-chat');
        new MutationObserver(() => { const bots = root.querySelectorAll('[data-testid=bot]'); if (!bots.length) return;
          const t = bots[bots.length - 1].innerText; const s = window.__states;
          if (s[s.length - 1] !== t) s.push(t); }).observe(root, {subtree: true, childList: true, characterData: true}); }"""
    )


def _ask(page, text: str, answers: int) -> None:
    page.fill("#wa-vraag textarea", text)
    page.click("#wa-verstuur")
    page.wait_for_function(
        """n => document.querySelectorAll('#wa-chat .wa-antwoord, #wa-chat .wa-fout').length >= n
               && !document.querySelector('#wa-chat .wa-cursor')""",
        arg=answers,
        timeout=120_000,
    )


def _last_answer(page):
    return page.locator("#wa-chat [data-testid=bot]").last


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _shot(page, artifacts: Path, name: str) -> Path:
    path = artifacts / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def _fill(page, elem_id: str, text: str) -> None:
    page.locator(f"#{elem_id} textarea, #{elem_id} input").first.fill(text)


# --------------------------------------------------------------------------- tests


def test_chat_streams_answer_with_sources_follow_up_feedback_and_new_conversation(page, server, artifacts):
    from assistent.serve.feedback import FeedbackStore

    assistant = server["assistant"]
    _open(page, server)
    _shot(page, artifacts, "tab-vraag-het-leeg.png")
    _watch_stream(page)
    _ask(page, QUESTION, 1)

    # streamed: the bubble showed a growing part of the answer (with the cursor) before the final answer
    result = assistant.results[-1]
    states = page.evaluate("window.__states")
    partial = [s for s in states if s.endswith("▌") and len(s) > 5 and "Even zoeken" not in s]
    assert partial, f"geen tussenstanden gezien: {states}"
    assert all(_flat(result.answer).startswith(_flat(s.rstrip("▌"))) for s in partial)

    answer = _last_answer(page)
    assert "5%" in answer.locator(".wa-antwoord").inner_text()
    assert result.citations, "het antwoord heeft geen bron"
    citation = result.citations[0]
    summary = answer.locator("details.wa-bron summary").first
    assert summary.inner_text().startswith("[1]")
    # closed: the passage is not visible until the source is opened
    passage = answer.locator("details.wa-bron").first.locator("blockquote.wa-passage")
    assert not passage.is_visible()
    summary.click()
    assert passage.is_visible()
    body = _flat(answer.locator("details.wa-bron").first.inner_text())
    assert _flat(citation.text) in body
    assert "Fonds Coöperatief Wonen" in body and "Financiële belemmeringen › Fonds Coöperatief Wonen" in body
    assert f"alinea {citation.paragraph}" in body
    assert "19 januari 2026" in body
    # the quoted sentence is marked inside the passage, with the text before and after around it
    marks = [_flat(t) for t in answer.locator("details.wa-bron").first.locator("mark.wa-zin").all_inner_texts()]
    assert FIVE_PCT_SENTENCE in marks
    assert answer.locator("details.wa-bron").first.locator(".wa-buur").first.is_visible()
    _shot(page, artifacts, "tab-vraag-het-antwoord.png")

    # follow-up: the UI passes the conversation so far
    _ask(page, FOLLOW_UP, 2)
    question, history = assistant.calls[-1]
    assert question == FOLLOW_UP
    assert [t.role for t in history] == ["user", "assistant"]
    assert history[0].content == QUESTION and history[1].content == result.answer
    assert page.locator("#wa-chat [data-testid=user]").count() == 2

    # feedback: thumbs up on the first answer, then a comment; both stored with question and answer
    store = FeedbackStore.for_data_dir(server["settings"].data_dir)
    before = store.count()
    page.locator(f"#wa-chat {LIKE}").first.click()
    page.wait_for_selector("#wa-toelichting textarea", timeout=20_000)
    assert "Dank u wel" in page.inner_text("#wa-feedback-melding")
    page.fill("#wa-toelichting textarea", "Duidelijk, met de bron erbij.")
    page.click("#wa-toelichting-stuur")
    page.wait_for_function("() => document.querySelector('#wa-feedback-melding').innerText.includes('toelichting is opgeslagen')")
    rows = store.rows()[before:]
    assert [r["rating"] for r in rows] == ["up", "up"]
    assert all(r["question"] == QUESTION and r["answer"] == result.answer for r in rows)
    assert rows[1]["comment"] == "Duidelijk, met de bron erbij."

    # new conversation: empty chat, and the next question has no history
    page.click("#wa-nieuw")
    page.wait_for_function("() => document.querySelectorAll('#wa-chat [data-testid=user]').length === 0")
    _ask(page, QUESTION, 1)
    assert assistant.calls[-1] == (QUESTION, [])
    assert page.evaluate(NO_XSS)


def test_example_question_buttons_ask_the_question(page, server):
    _open(page, server)
    page.locator("#wa-voorbeelden button", has_text="Wat is het Fonds Coöperatief Wonen?").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#wa-chat .wa-antwoord').length >= 1 && !document.querySelector('#wa-chat .wa-cursor')",
        timeout=120_000,
    )
    assert server["assistant"].calls[-1][0] == "Wat is het Fonds Coöperatief Wonen?"
    for topic in ("Fonds", "Grond en locatie", "Gemeenten", "Sociale huur", "Toeslagen", "Bewoningsrecht"):
        assert page.locator("#wa-voorbeelden .wa-onderwerp-naam", has_text=topic).count() == 1


def test_eligibility_form_says_no_with_the_5_percent_reason(page, server, artifacts):
    _open(page, server)
    page.click("#wa-tab-check-button")
    page.locator("#wa-org label", has_text="Wooncoöperatie").click()
    page.locator("#wa-huurkoop label", has_text="Huurwoningen").click()
    page.locator("#wa-project label", has_text="Nieuwbouw").click()
    page.locator("#wa-fase label", has_text="Bouwfase").click()
    _fill(page, "wa-financiering", "€ 1.000.000")
    _fill(page, "wa-inleg", "40.000")
    page.click("#wa-check")
    page.wait_for_selector("#wa-besluit .wa-besluit", timeout=30_000)
    decision = _flat(page.inner_text("#wa-besluit"))
    assert decision.startswith("Nee")
    assert "minimaal 5% van de financiering" in decision
    assert "€ 40.000 bij € 1.000.000 financiering" in decision
    assert FIVE_PCT_SENTENCE in decision  # the citation: quote ...
    assert "Financiële belemmeringen › Fonds Coöperatief Wonen" in decision  # ... and its section
    assert "formulier" in decision
    trace = page.locator("#wa-spoor-tabel table.wa-tabel tbody tr")
    assert trace.count() == 0 or not trace.first.is_visible()  # the trace is folded by default
    page.locator("#wa-spoor").get_by_text("spoor van de regels").click()
    trace.first.wait_for(state="visible", timeout=10_000)
    assert trace.count() == 6
    assert "own_contribution_below_5pct" not in page.inner_text("#wa-spoor-tabel")  # codes only for the trainer
    row = trace.filter(has_text="4%")
    assert row.count() == 1 and "niet voldaan" in row.inner_text()
    _shot(page, artifacts, "tab-check.png")

    # the free text is parsed; a form value wins over the text
    page.click("#wa-check-leeg")
    page.wait_for_function("() => !document.querySelector('#wa-besluit .wa-besluit')")
    _fill(
        page,
        "wa-vrije-tekst",
        "Wij zijn een woonvereniging en bouwen nieuwe koopwoningen. We zitten in de bouwfase. "
        "We hebben 2 miljoen euro nodig en leggen zelf 150.000 euro in.",
    )
    page.locator("#wa-huurkoop label", has_text="Huurwoningen").click()
    page.click("#wa-check")
    page.wait_for_selector("#wa-besluit .wa-besluit", timeout=30_000)
    decision = _flat(page.inner_text("#wa-besluit"))
    assert decision.startswith("Ja"), decision
    assert "Huur of koop huurwoningen formulier" in decision
    assert "Organisatievorm woonvereniging uw tekst" in decision

    # what is missing: one question at a time, the one that can still turn the verdict
    page.click("#wa-check-leeg")
    page.wait_for_function("() => !document.querySelector('#wa-besluit .wa-besluit')")
    page.locator("#wa-org label", has_text="Woonvereniging").click()
    page.click("#wa-check")
    page.wait_for_selector("#wa-besluit .wa-besluit", timeout=30_000)
    decision = _flat(page.inner_text("#wa-besluit"))
    assert decision.startswith("Nog niet te zeggen")
    expected = server["assistant"].check(facts=Facts(organisation_form="woonvereniging")).next_question
    assert expected is not None and "Eerst dit" in decision and expected.text in decision

    # a number that is not one
    _fill(page, "wa-financiering", "veel geld")
    page.click("#wa-check")
    page.wait_for_function("() => document.querySelector('#wa-besluit').innerText.includes('is geen getal')")


def test_sources_tab_lists_what_answers_come_from_and_the_admin_view_only_in_trainer_mode(page, server, artifacts):
    from assistent.ingest.status import source_status

    _open(page, server)
    page.click("#wa-tab-bronnen-button")
    page.wait_for_selector("#wa-bronnen-lijst .wa-doc", timeout=30_000)
    text = _flat(page.inner_text("#wa-bronnen-lijst"))
    rows = {r.id: r for r in source_status(server["settings"])}
    letter = rows["kamerbrief-2026"]
    # for residents: the loaded documents with date and the link to the official publication; nothing else
    assert letter.title in text and "19 januari 2026" in text and letter.reference in text
    link = page.locator("#wa-bronnen-lijst .wa-doc a", has_text="Lees de officiële publicatie")
    assert link.count() == 1 and link.get_attribute("href") == letter.url
    assert page.locator("#wa-bronnen-lijst .wa-doc").count() == 2  # the letter and the extra file
    for sid in ("cooplink-2024", "rvo-handreiking", "platform31-taxatie"):
        assert rows[sid].status == "missing" and rows[sid].title not in text
    for admin in ("ontbreekt", "corpus/", "assistent ingest", "index"):
        assert admin not in text, admin
    # the extra file is listed by its name, as text
    assert "Fietsenstalling Zonnehof ${window.xssfile=1}" in text and "<img" not in text
    assert page.evaluate(NO_XSS)
    _shot(page, artifacts, "tab-bronnen.png")

    # trainer mode: also the administrator's view, with the missing sources and how to add them
    page.click("#wa-trainer input")
    page.wait_for_selector("#wa-bronnen-lijst .wa-beheer", timeout=30_000)
    admin = _flat(page.inner_text("#wa-bronnen-lijst .wa-beheer"))
    assert admin.count("ontbreekt") == 3
    assert "Zet het PDF-bestand in de map corpus/" in admin and "assistent ingest" in admin
    assert f"ingelezen {letter.passages}" in admin
    _shot(page, artifacts, "tab-bronnen-trainermodus.png")
    page.click("#wa-trainer input")
    page.wait_for_function("() => !document.querySelector('#wa-bronnen-lijst .wa-beheer')")


def test_trainer_mode_shows_scores_ids_trace_and_exports(page, server, artifacts, tmp_path):
    from pypdf import PdfReader

    assistant = server["assistant"]
    _open(page, server)
    _ask(page, QUESTION, 1)
    result = assistant.results[-1]
    assert not page.locator("#wa-chat .wa-trainer").count()
    assert not page.locator("#wa-maak-export").is_visible()

    page.click("#wa-trainer input")
    page.wait_for_selector("#wa-chat .wa-trainer", timeout=20_000)
    trainer = _flat(page.locator("#wa-chat .wa-trainer").first.inner_text())
    c = result.citations[0]
    assert c.passage_id in trainer
    score = f"{c.score:.2f}".replace(".", ",")
    assert score in trainer
    assert "Zo is het antwoord gemaakt: letterlijke zinnen uit de bronnen (geen taalmodel)" in trainer
    assert "Controle van het taalmodel:" in trainer and "Tijden: vraag omzetten" in trainer and " ms" in trainer
    assert "van 0 (niet) tot 3 (heel goed)" in trainer  # the score's scale in one line
    for english in ("extractive", "guard", "embed ", "retrieve", "compose", "total"):
        assert english not in trainer, english

    # an eligibility question in the chat: the rule trace shows in trainer mode
    _ask(
        page,
        "Wij zijn een wooncoöperatie en bouwen nieuwe huurwoningen, we zitten in de bouwfase. "
        "We hebben 1.000.000 euro financiering nodig en 40.000 euro eigen inleg. Komen we in aanmerking?",
        2,
    )
    assert assistant.results[-1].backend == "rules"
    last = _flat(_last_answer(page).inner_text())
    assert "Spoor van de regels" in last and "own_contribution_below_5pct" in last and "niet voldaan" in last
    _shot(page, artifacts, "trainermodus.png")

    # export: Markdown and PDF with the questions and the cited passages
    page.click("#wa-maak-export")
    page.wait_for_selector("#wa-download-md", state="visible", timeout=30_000)
    with page.expect_download() as md_download:
        page.click("#wa-download-md")
    md_path = tmp_path / "gesprek.md"
    md_download.value.save_as(md_path)
    md = md_path.read_text(encoding="utf-8")
    assert "Export klaar: 2 vragen met de bronnen." in page.inner_text("#wa-trainer-paneel")
    assert md_download.value.suggested_filename.endswith(".md")
    assert f"**Vraag:** {QUESTION}" in md
    assert _flat(c.text) in _flat(md)
    assert FIVE_PCT_SENTENCE in md
    assert "## Vraag 2" in md
    with page.expect_download() as pdf_download:
        page.click("#wa-download-pdf")
    pdf_path = tmp_path / "gesprek.pdf"
    pdf_download.value.save_as(pdf_path)
    pdf_text = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages))
    assert QUESTION in pdf_text and FIVE_PCT_SENTENCE in pdf_text

    # trainer mode off: the details go again
    page.click("#wa-trainer input")
    page.wait_for_function("() => !document.querySelector('#wa-chat .wa-trainer')")


def test_payloads_in_questions_and_documents_show_as_text(page, server, artifacts):
    _open(page, server)
    _ask(page, XSS_QUESTION, 1)
    user = page.locator("#wa-chat [data-testid=user]").last.inner_text()
    assert XSS_QUESTION in user
    assert page.locator("#wa-chat img[src='x'], #wa-chat script").count() == 0

    page.click("#wa-nieuw")
    page.wait_for_function("() => document.querySelectorAll('#wa-chat [data-testid=user]').length === 0")
    _ask(page, "Hoeveel fietsen passen in de fietsenstalling van Zonnehof?", 1)
    answer = _last_answer(page)
    sources = answer.locator("details.wa-bron")
    assert sources.count() >= 1
    for i in range(sources.count()):
        sources.nth(i).locator("summary").click()
    text = answer.inner_text()
    # markup in a document is removed at ingest (issue 15); what is left shows as text
    assert "<script>" not in text and "window.__xss=1</script>" not in text
    assert '<img src=x onerror="window.__xss=1">' not in text
    assert "${window.__xss=1}" in text
    assert "Fietsenstalling Zonnehof ${window.xssfile=1}" in text  # the title
    page.click("#wa-trainer input")
    page.wait_for_selector("#wa-chat .wa-trainer", timeout=20_000)
    page.click("#wa-tab-bronnen-button")
    page.wait_for_selector("#wa-bronnen-lijst table.wa-tabel", timeout=30_000)
    page.click("#wa-tab-vraag-button")
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("#wa-chat script").count() == 0
    page.wait_for_timeout(500)
    assert page.evaluate(NO_XSS), "een payload is uitgevoerd"
    _shot(page, artifacts, "payloads-als-tekst.png")


def test_embed_view_is_a_compact_chat(page, server, artifacts):
    page.set_viewport_size({"width": 420, "height": 720})
    _open(page, server, "/embed")  # redirected to /embed/
    assert page.url == server["base"] + "/embed/"
    assert page.locator("#wa-tabs").count() == 0
    assert page.locator("#wa-trainer").count() == 0
    assert page.locator("#wa-voorbeelden").count() == 0
    _ask(page, QUESTION, 1)
    answer = _last_answer(page)
    assert "5%" in answer.inner_text()
    answer.locator("details.wa-bron summary").first.click()
    assert FIVE_PCT_SENTENCE in _flat(answer.inner_text())
    _shot(page, artifacts, "embed.png")


def test_embed_view_works_inside_an_iframe_of_another_site(page, server, artifacts):
    """A partner page (another origin) shows the view in an iframe; the app sets nothing that forbids it."""
    page.set_content(
        '<!doctype html><html lang="nl"><body style="margin:0;font-family:sans-serif">'
        "<h2>Partnersite</h2>"
        f'<iframe id="assistent" src="{server["base"]}/embed/" title="Wooncoöperatie-assistent" '
        'width="100%" height="720" style="border:0" loading="eager" referrerpolicy="no-referrer"></iframe>'
        "</body></html>"
    )
    frame = page.frame_locator("#assistent")
    frame.locator("#wa-vraag textarea").wait_for(timeout=60_000)
    frame.locator("#wa-vraag textarea").fill(QUESTION)
    frame.locator("#wa-verstuur").click()
    frame.locator("#wa-chat .wa-antwoord").first.wait_for(timeout=120_000)
    assert "5%" in frame.locator("#wa-chat .wa-antwoord").first.inner_text()
    _shot(page, artifacts, "embed-in-iframe.png")



# --------------------------------------------------------------------------- layout, phone and desktop

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1366, "height": 900}
SIZES = [pytest.param(PHONE, id="375x800"), pytest.param(DESKTOP, id="1366x900")]
# the layout test also runs on the smallest phone and a tablet: one layout from 360 px up
LAYOUT_SIZES = [pytest.param({"width": 360, "height": 740}, id="360x740"), *SIZES,
                pytest.param({"width": 768, "height": 1024}, id="768x1024")]
TABS = ("#wa-tab-vraag-button", "#wa-tab-check-button", "#wa-tab-bronnen-button")

# elements whose right edge lies beyond the viewport (rendered ones only), and the page's own width
TOO_WIDE = """() => {
  const w = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (r.right > w + 1 || r.left < -1) && getComputedStyle(e).visibility !== 'hidden';
  }).map(e => `${e.tagName.toLowerCase()}#${e.id}.${String(e.className).slice(0, 40)} ${Math.round(e.getBoundingClientRect().right)}`);
  return {scroll: document.documentElement.scrollWidth, width: w, wide: wide.slice(0, 10)};
}"""

# words (of the element's text) that the browser broke over two lines
BROKEN_WORDS = """el => {
  const broken = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1 && !/[-‐/]/.test(m[0])) broken.push(m[0]);
    }
  }
  return broken;
}"""

IN_VIEW = """el => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0 && r.left >= 0 && r.right <= window.innerWidth + 1; }"""


def _fits(page, where: str) -> None:
    got = page.evaluate(TOO_WIDE)
    assert got["scroll"] <= got["width"], f"{where}: de pagina scrolt opzij ({got})"
    assert not got["wide"], f"{where}: breder dan het scherm: {got['wide']}"


@pytest.fixture
def sized(browser, server):
    """A page of a given size (Dutch or English browser); every request it made must stay on the app's origin."""
    contexts = []
    requests: list[str] = []
    errors: list[str] = []

    def make(viewport: dict, locale: str = "nl-NL"):
        context = browser.new_context(viewport=viewport, locale=locale)
        contexts.append(context)
        pg = context.new_page()
        pg.on("request", lambda r: requests.append(r.url))
        pg.on("pageerror", lambda e: errors.append(str(e)))
        return pg

    yield make
    for c in contexts:
        c.close()
    own = urlsplit(server["base"])
    foreign = [u for u in requests if urlsplit(u).scheme not in ("data", "blob", "about")
               and (urlsplit(u).scheme, urlsplit(u).netloc) != (own.scheme, own.netloc)]
    assert requests and not foreign, f"verzoeken naar andere hosts: {foreign}"
    assert not errors, f"JavaScript-fouten op de pagina: {errors}"


@pytest.mark.parametrize("viewport", LAYOUT_SIZES)
def test_every_tab_fits_the_screen_with_all_tabs_visible_and_the_answer_in_view(sized, server, artifacts, viewport):
    page = sized(viewport)
    w = viewport["width"]
    _open(page, server)
    # the title and all three tabs are on screen, none hidden in a "more" menu
    assert page.locator(".wa-kop h1").evaluate(IN_VIEW)
    for tab in TABS:
        assert page.locator(tab).is_visible() and page.locator(tab).evaluate(IN_VIEW), tab
    _fits(page, f"{w}: leeg")
    _shot(page, artifacts, f"{w}-vraag-het-leeg.png")

    # after sending, the start of the new answer is in view (not the question box)
    _ask(page, "Wat is het Fonds Coöperatief Wonen?", 1)
    page.wait_for_timeout(400)
    first_line = _last_answer(page).locator(".wa-kern")
    assert first_line.evaluate(IN_VIEW), "de eerste regel van het antwoord is niet in beeld"
    assert int(page.evaluate("() => getComputedStyle(document.querySelector('#wa-chat .wa-kern')).fontWeight")) >= 600
    _fits(page, f"{w}: antwoord")
    page.screenshot(path=str(artifacts / f"{w}-vraag-het-antwoord.png"))
    print(f"screenshot: {artifacts / f'{w}-vraag-het-antwoord.png'}")

    page.click("#wa-tab-check-button")
    page.wait_for_selector("#wa-check", state="visible")
    _fits(page, f"{w}: check")
    _shot(page, artifacts, f"{w}-check-leeg.png")

    page.click("#wa-tab-bronnen-button")
    page.wait_for_selector("#wa-bronnen-lijst .wa-doc", timeout=30_000)
    _fits(page, f"{w}: bronnen")
    _shot(page, artifacts, f"{w}-bronnen.png")

    page.click("#wa-trainer input")  # trainer mode: the administrator's table must fit as well
    page.wait_for_selector("#wa-bronnen-lijst .wa-beheer", timeout=30_000)
    _fits(page, f"{w}: bronnen, trainermodus")
    page.click("#wa-tab-vraag-button")
    page.wait_for_selector("#wa-chat .wa-trainer", timeout=20_000)
    _fits(page, f"{w}: trainermodus")
    _shot(page, artifacts, f"{w}-trainermodus.png")


@pytest.mark.parametrize("viewport", SIZES)
def test_check_form_works_in_one_column_with_the_trace_folded_and_as_cards_on_a_phone(sized, server, artifacts, viewport):
    page = sized(viewport)
    w = viewport["width"]
    _open(page, server)
    page.click("#wa-tab-check-button")
    org, numbers = page.locator("#wa-org"), page.locator("#wa-financiering")
    if w < 640:  # one column: the numbers come below the choices, at the same left edge
        assert numbers.bounding_box()["y"] > org.bounding_box()["y"] + org.bounding_box()["height"] - 1
        assert abs(numbers.bounding_box()["x"] - org.bounding_box()["x"]) < 2
    else:  # two columns side by side
        assert numbers.bounding_box()["x"] > org.bounding_box()["x"] + 100
    page.locator("#wa-org label", has_text="Wooncoöperatie").first.click()
    page.locator("#wa-huurkoop label", has_text="Huurwoningen").click()
    page.locator("#wa-project label", has_text="Nieuwbouw").click()
    page.locator("#wa-fase label", has_text="Planfase").click()
    _fill(page, "wa-financiering", "1.000.000")
    _fill(page, "wa-inleg", "40.000")
    page.click("#wa-check")
    page.wait_for_selector("#wa-besluit .wa-besluit", timeout=30_000)
    page.wait_for_timeout(600)
    assert page.locator("#wa-besluit .wa-besluit").evaluate(IN_VIEW), "het besluit is niet in beeld na Check"
    decision = _flat(page.inner_text("#wa-besluit"))
    # the verdict first, then what would make it a yes, then the reason with its sentence
    assert decision.startswith("Nee")
    assert decision.index("Wat zou het wel mogelijk maken?") < decision.index("Waarom?") < decision.index(FIVE_PCT_SENTENCE)
    assert "€ 50.000" in decision
    trace = page.locator("#wa-spoor-tabel table.wa-tabel tbody tr")
    assert trace.count() == 0 or not trace.first.is_visible()  # folded
    page.locator("#wa-spoor").get_by_text("spoor van de regels").click()
    trace.first.wait_for(state="visible", timeout=10_000)
    text = page.inner_text("#wa-spoor-tabel")
    assert "_" not in text  # no code names outside trainer mode
    for rule, outcome in (("Beheercoöperatie", "niet van toepassing"), ("Bouwfase: alleen huurwoningen", "niet van toepassing"),
                          ("Eigen inleg minimaal 5%", "niet voldaan"), ("Organisatievorm hoort bij het fonds", "voldaan")):
        row = trace.filter(has_text=rule)
        assert row.count() == 1 and outcome in _flat(row.inner_text()).lower(), (rule, row.inner_text())
    # no word broken mid-word, in the cards on a phone or in the table on a desktop
    assert page.locator("#wa-spoor-tabel").evaluate(BROKEN_WORDS) == []
    assert page.locator("#wa-besluit").evaluate(BROKEN_WORDS) == []
    cell = trace.first.locator("td").first
    display = cell.evaluate("td => getComputedStyle(td).display")
    assert display == ("block" if w <= 900 else "table-cell")  # cards on a phone, a table on a desktop
    _fits(page, f"{w}: check met spoor")
    _shot(page, artifacts, f"{w}-check-spoor.png")


def test_a_reference_opens_its_source_card_and_marks_the_quoted_sentence(sized, server, artifacts):
    from assistent.ingest.manifest import Manifest

    page = sized(PHONE)
    _open(page, server)
    _ask(page, "Wat is het Fonds Coöperatief Wonen?", 1)
    result = server["assistant"].results[-1]
    assert len(result.citations) >= 2
    answer = _last_answer(page)
    cards = answer.locator("details.wa-bron")
    assert cards.count() == len(result.citations)
    # closed cards already say where each passage comes from and differ from each other
    summaries = [_flat(cards.nth(i).locator("summary").inner_text()) for i in range(cards.count())]
    assert len(set(s.split("]", 1)[1] for s in summaries)) == len(summaries)
    for c, summary in zip(result.citations, summaries, strict=True):
        assert f"alinea {c.paragraph}" in summary and "19 januari 2026" in summary
    assert not any(cards.nth(i).evaluate("d => d.open") for i in range(cards.count()))

    second = result.citations[1]
    answer.locator("a.wa-ref-2").first.click()
    card = answer.locator("details.wa-bron-2")
    page.wait_for_function("() => document.querySelector('#wa-chat details.wa-bron-2').open")
    assert [cards.nth(i).evaluate("d => d.open") for i in range(cards.count())].count(True) == 1
    mark = card.locator("blockquote.wa-passage mark.wa-zin")
    assert mark.count() >= 1
    marked = _flat(mark.first.inner_text())
    assert marked in _flat(second.text) and marked in _flat(result.answer)  # the sentence the answer quotes
    page.wait_for_timeout(300)
    assert mark.first.evaluate(IN_VIEW), "de gemarkeerde zin is niet in beeld"
    assert card.locator(".wa-buur").count() >= 1  # the text before and/or after
    url = Manifest.load(server["settings"].corpus_dir).get("kamerbrief-2026").url
    assert card.locator(".wa-bron-link a").get_attribute("href") == url
    _fits(page, "bron geopend")
    page.screenshot(path=str(artifacts / "375-bron-geopend.png"))
    print(f"screenshot: {artifacts / '375-bron-geopend.png'}")


def test_the_chat_offers_quick_replies_for_the_eligibility_question(sized, server, artifacts):
    page = sized(PHONE)
    _open(page, server)
    _ask(page, "Wij zijn een woonvereniging. Komen we in aanmerking voor het fonds?", 1)
    result = server["assistant"].results[-1]
    ask = result.rules["next_question"]
    quick = page.locator("#wa-chat-snel")
    quick.wait_for(state="visible", timeout=20_000)
    assert ask["text"] in quick.inner_text()
    labels = [_flat(t) for t in quick.locator("label").all_inner_texts()]
    assert labels == [o["label"] for o in ask["options"]]
    quick.locator("label").first.click()
    page.wait_for_function(
        "() => document.querySelectorAll('#wa-chat [data-testid=user]').length === 2 && !document.querySelector('#wa-chat .wa-cursor')",
        timeout=60_000,
    )
    after = server["assistant"].results[-1]
    assert after.backend == "rules"
    assert after.rules["facts"][ask["key"]] == ask["options"][0]["value"]  # the button's value was understood
    _shot(page, artifacts, "375-snel-antwoorden.png")


def test_controls_have_dutch_accessible_names_in_an_english_browser(sized, server):
    page = sized(PHONE, locale="en-US")
    _open(page, server)
    _ask(page, QUESTION, 1)
    snapshot = page.locator("body").aria_snapshot()
    controls = re.findall(r'- (button|textbox|checkbox|radio|tab|link|combobox)(?![a-z])(?: "([^"]*)")?', snapshot)
    assert controls
    nameless = [role for role, name in controls if not name.strip()]
    assert not nameless, f"zonder naam: {nameless}"
    english = {"like", "dislike", "more tabs", "textbox", "clear", "copy", "submit", "retry", "undo", "share", "close"}
    assert not [n for _, n in controls if n.strip().lower() in english], snapshot
    assert ("button", "Vind ik leuk") in controls and ("textbox", "Uw vraag") in controls
    assert ("link", "[1]") in controls  # the chat's sanitiser keeps no aria-label; its title says "Bron 1 openen"


# --------------------------------------------------------------------------- served HTML, HEAD, docs


def test_served_html_is_dutch_from_the_first_bytes_with_the_products_preview_tags(server):
    import httpx

    base = server["base"]
    for path in ("/", "/embed/"):
        response = httpx.get(base + path)
        assert response.status_code == 200
        head = response.text[:200]
        assert re.match(r'\s*<!doctype html>\s*<html\s+lang="nl"', head, re.I), head
        body = response.text
        assert '<meta property="og:title" content="Wooncoöperatie-assistent">' in body
        assert "og:description" in body and "Click to try out" not in body and 'content="Gradio"' not in body
        assert "og:image" not in body and "twitter:creator" not in body
        assert "<title>Wooncoöperatie-assistent</title>" in body


@pytest.mark.parametrize("path,status", [("/", 200), ("/embed", 307), ("/embed/", 200), ("/docs", 200), ("/redoc", 200)])
def test_head_works_on_every_page(server, path, status):
    import httpx

    get = httpx.get(server["base"] + path, follow_redirects=False)
    head = httpx.head(server["base"] + path, follow_redirects=False)
    assert head.status_code == get.status_code == status
    assert head.content == b""
    if status == 200:
        assert head.headers["content-length"] == str(len(get.content))


@pytest.mark.parametrize("path,ready", [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")])
def test_api_docs_render_from_this_server_only(sized, server, artifacts, path, ready):
    page = sized(DESKTOP)
    page.goto(server["base"] + path)
    page.wait_for_selector(ready, timeout=60_000)
    assert "Wooncoöperatie-assistent" in page.inner_text(ready)
    assert page.evaluate("document.documentElement.lang") == "nl"
    _shot(page, artifacts, f"docs{path.replace('/', '-')}.png")


# --------------------------------------------------------------------------- the partner view in 400 × 700


def test_embed_fits_a_400_by_700_iframe_with_its_footer_in_view(sized, server, artifacts):
    page = sized({"width": 600, "height": 800})
    page.set_content(
        '<!doctype html><html lang="nl"><body style="margin:0">'
        f'<iframe id="assistent" src="{server["base"]}/embed/" title="Wooncoöperatie-assistent" '
        'width="400" height="700" style="border:0"></iframe></body></html>'
    )
    frame = page.frame_locator("#assistent")
    frame.locator("#wa-vraag textarea").wait_for(timeout=60_000)
    frame.locator("#wa-vraag textarea").fill(QUESTION)
    frame.locator("#wa-verstuur").click()
    frame.locator("#wa-chat .wa-antwoord").first.wait_for(timeout=120_000)
    page.wait_for_timeout(500)
    inner = page.frames[1]
    sizes = inner.evaluate("() => [document.documentElement.scrollHeight, window.innerHeight, document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3], f"een tweede schuifbalk: {sizes}"
    for selector in (".wa-privacy", ".wa-embed-voet a"):
        box = inner.locator(selector).last.bounding_box()
        assert box and box["y"] + box["height"] <= 700, selector
    footer = _flat(inner.locator(".wa-embed-voet").last.inner_text())
    # only what is loaded: the letter and the one extra file of this test's corpus
    assert footer.startswith("Antwoorden komen uit de Kamerbrief van 19 januari 2026 en 1 ander ingelezen document.")
    _shot(page, artifacts, "embed-400x700.png")
