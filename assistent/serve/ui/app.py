"""The web UI (Gradio 6): the full app on / and the compact partner view on /embed.

``build_ui(assistant, settings, feedback)`` gives the full app (tabs "Vraag het", the eligibility check,
"Bronnen", and trainer mode), ``build_embed_ui`` the chat-only view for partner sites (in an iframe);
``mount_ui(app, ...)`` mounts both on a FastAPI app with MOUNT_KWARGS. Mount a build yourself with
``gr.mount_gradio_app(app, build_ui(...), path, **MOUNT_KWARGS)``: in Gradio 6 the theme, css, head and
js are options of mounting (or launch), not of the Blocks.

Privacy: system fonts only, analytics off, no run history in the browser, no footer links that load
anything; conversations live in the browser session only and are stored nowhere unless the user
sends feedback on an answer (to the FeedbackStore the API app passes in, else the one in data_dir).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from assistent.serve.feedback import FeedbackStore, open_feedback_store
from assistent.serve.ui.chat import chat_section
from assistent.serve.ui.html import esc
from assistent.serve.ui.page import PageMiddleware
from assistent.serve.ui.check import check_tab, wire_check
from assistent.serve.ui.sources import loaded_sources_line, sources_tab, wire_sources
from assistent.serve.ui.trainer import trainer_checkbox, trainer_panel, wire_trainer
from assistent.settings import Settings, get_settings

APP_TITLE = "Wooncoöperatie-assistent"
CSS_PATH = Path(__file__).with_name("ui.css")

SYSTEM_FONTS = (
    "system-ui",
    "-apple-system",
    gr.themes.Font("Segoe UI"),
    "Roboto",
    gr.themes.Font("Helvetica Neue"),
    "Arial",
    "sans-serif",
)
MONO_FONTS = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")

HEAD = (
    '<meta name="referrer" content="no-referrer">\n'
    '<meta name="description" content="Antwoorden met bronnen over de regels voor wooncoöperaties.">\n'
)
JS_PATH = Path(__file__).with_name("ui.js")


def make_theme() -> gr.themes.Base:
    """Default theme with system fonts only (no Google Fonts, no font files to fetch)."""
    return gr.themes.Default(
        primary_hue="emerald",
        secondary_hue="teal",
        neutral_hue="slate",
        font=SYSTEM_FONTS,
        font_mono=MONO_FONTS,
    )


def _load_css() -> str:
    try:
        return CSS_PATH.read_text(encoding="utf-8")
    except OSError:
        return ""


def _load_js() -> str:
    """ui.js: runs once per page load: [n] opens its source card; a new question scrolls into view."""
    try:
        return JS_PATH.read_text(encoding="utf-8")
    except OSError:
        return "() => { document.documentElement.lang = 'nl'; }"


PAGE_JS = _load_js()


# Options for gradio.mount_gradio_app: our theme (system fonts), css, head and the page-language js; no
# footer (API page, settings, "built with"), no run history, no PWA manifest, client-side rendering (no
# Node server), no error details in the browser.
MOUNT_KWARGS: dict[str, Any] = {
    "theme": make_theme(),
    "css": _load_css(),
    "head": HEAD,
    "js": PAGE_JS,
    "footer_links": [],
    "run_history": False,
    "pwa": False,
    "ssr_mode": False,
    "show_error": False,
}


def _blocks(title: str) -> gr.Blocks:
    return gr.Blocks(
        title=title,
        analytics_enabled=False,
        delete_cache=(1800, 3600),  # exported files leave the cache after an hour
    )


def _resolve(
    assistant: Any, settings: Settings | None, feedback: FeedbackStore | None = None
) -> tuple[Any, Settings, FeedbackStore]:
    """The assistant, settings and feedback store to use: the given ones, else the defaults for settings."""
    settings = settings or getattr(assistant, "settings", None) or get_settings()
    if assistant is None:
        from assistent.answer.assistant import Assistant

        assistant = Assistant(settings)
    if feedback is None:  # the same file the API's POST /api/feedback writes to
        feedback = open_feedback_store(settings)
    return assistant, settings, feedback


# -- the two views --------------------------------------------------------------------------------


def _header() -> gr.Checkbox:
    """The title and the trainer-mode switch."""
    with gr.Row(equal_height=False, elem_id="wa-kopregel"):
        gr.HTML(
            '<div class="wa-kop"><h1>Wooncoöperatie-assistent</h1>'
            "<p>Vragen over wooncoöperaties? U krijgt een antwoord met de bron erbij.</p></div>",
            js_on_load=None,
            scale=3,
            min_width=0,
            elem_id="wa-titel",
        )
        return trainer_checkbox()


def build_ui(
    assistant: Any = None, settings: Settings | None = None, feedback: FeedbackStore | None = None
) -> gr.Blocks:
    """The full web UI: tabs "Vraag het", "Check het fonds", "Bronnen" and trainer mode.

    Each 👍/👎 and toelichting is stored in ``feedback`` (default: the FeedbackStore in settings.data_dir).
    """
    assistant, settings, feedback = _resolve(assistant, settings, feedback)
    with _blocks(APP_TITLE) as demo:
        trainer = _header()
        with gr.Tabs(elem_id="wa-tabs", overflow_behavior="wrap"):  # every tab visible, also on a phone
            with gr.Tab("Vraag het", id="vraag", elem_id="wa-tab-vraag"):
                chat = chat_section(assistant, settings, feedback, trainer, below_chat=trainer_panel)
            check = check_tab(settings.max_question_chars)
            sources = sources_tab()
        wire_trainer(trainer, chat, chat["below"], assistant)
        wire_check(check, assistant)
        wire_sources(sources, settings, trainer)
    return demo


def build_embed_ui(
    assistant: Any = None, settings: Settings | None = None, feedback: FeedbackStore | None = None
) -> gr.Blocks:
    """The compact chat-only view for partner sites (in an iframe), mounted at /embed."""
    assistant, settings, feedback = _resolve(assistant, settings, feedback)
    with _blocks(APP_TITLE) as demo:
        gr.HTML('<div class="wa-embed-kop">Vraag het de Wooncoöperatie-assistent</div>', js_on_load=None)
        chat_section(assistant, settings, feedback, None, compact=True)
        gr.HTML(
            f'<div class="wa-embed-voet">{esc(loaded_sources_line(settings))} '
            'Meer mogelijkheden: <a href="../" target="_blank" rel="noopener">open de volledige assistent</a>.</div>',
            js_on_load=None,
        )
    return demo


# -- mounting -------------------------------------------------------------------------------------


def ui_login(settings: Settings) -> dict[str, Any]:
    """The login of a non-public UI (settings.ui_public false): see assistent.serve.api.security.ui_login."""
    from assistent.serve.api.security import ui_login as login

    return login(settings)


def mount_embed_ui(
    app: Any,
    assistant: Any = None,
    settings: Settings | None = None,
    *,
    feedback: FeedbackStore | None = None,
    path: str = "/embed",
) -> Any:
    """Mount the compact partner view at ``path`` (default /embed) plus a redirect ``/embed`` → ``/embed/``.

    Works before or after the full UI is mounted at "/": the new routes are put in front of a
    catch-all mount, which would otherwise answer for them.
    """
    from fastapi.responses import RedirectResponse
    from starlette.routing import Mount

    assistant, settings, feedback = _resolve(assistant, settings, feedback)
    path = "/" + path.strip("/")
    target = path.rsplit("/", 1)[-1] + "/"  # relative, so a proxy's path prefix is kept

    def to_embed() -> RedirectResponse:
        return RedirectResponse(target, status_code=307)

    routes = app.router.routes
    before = len(routes)
    app.add_api_route(path, to_embed, methods=["GET"], include_in_schema=False)
    gr.mount_gradio_app(
        app, build_embed_ui(assistant, settings, feedback), path=path, **MOUNT_KWARGS, **ui_login(settings)
    )
    added = routes[before:]
    del routes[before:]
    root = next((i for i, r in enumerate(routes) if isinstance(r, Mount) and r.path in ("", "/")), len(routes))
    routes[root:root] = added
    return app


def mount_ui(
    app: Any,
    assistant: Any = None,
    settings: Settings | None = None,
    *,
    feedback: FeedbackStore | None = None,
    path: str = "/",
    embed_path: str | None = "/embed",
) -> Any:
    """Mount the partner view (``embed_path``) and the full UI (``path``) on a FastAPI app.

    Call this after the other routes (/api/*) are registered: a UI mounted at "/" catches every path.
    """
    assistant, settings, feedback = _resolve(assistant, settings, feedback)
    app.add_middleware(PageMiddleware)  # lang="nl", our own preview tags, Dutch labels, HEAD on every page
    if embed_path:
        mount_embed_ui(app, assistant, settings, feedback=feedback, path=embed_path)
    gr.mount_gradio_app(app, build_ui(assistant, settings, feedback), path=path, **MOUNT_KWARGS, **ui_login(settings))
    return app
