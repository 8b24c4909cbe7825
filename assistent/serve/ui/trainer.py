"""Trainer mode: a switch that shows scores, passage ids, the rule trace, the guard and timings with each
answer, and a panel that exports the whole conversation (with its sources) as Markdown and PDF."""
from __future__ import annotations

import datetime as _dt
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import gradio as gr

from assistent.serve.export import conversation_markdown, conversation_pdf
from assistent.serve.ui.chat import render_chat
from assistent.serve.ui.html import PRIVATE


def trainer_checkbox() -> gr.Checkbox:
    return gr.Checkbox(
        label="Trainermodus",
        info="Voor cursussen: toont ook scores, passage-id's, het spoor van de regels en de tijden. Met export.",
        value=False,
        elem_id="wa-trainer",
        scale=1,
        min_width=0,
    )


# -- export files ---------------------------------------------------------------------------------


def _export_dir() -> Path:
    d = Path(tempfile.gettempdir()) / "assistent-export"
    d.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - 3600
    for old in d.glob("gesprek-*"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass
    return d


def write_exports(convo: list[dict[str, Any]], trainer: bool) -> tuple[str, str]:
    turns = [{"question": t["question"], "result": t["result"]} for t in convo if t.get("result") and not t.get("error")]
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
    d = _export_dir()
    md = d / f"gesprek-{stamp}.md"
    pdf = d / f"gesprek-{stamp}.pdf"
    md.write_text(conversation_markdown(turns, trainer=trainer), encoding="utf-8")
    pdf.write_bytes(conversation_pdf(turns, trainer=trainer))
    return str(md), str(pdf)


def do_export(conversation: list[dict[str, Any]], include_trainer: bool):
    """The two download buttons (now visible, with the files) and a message; or only a message."""
    answered = [t for t in conversation or [] if t.get("result")]
    if not answered:
        hidden = gr.update(visible=False)
        return hidden, hidden, '<div class="wa-melding">Stel eerst een vraag.</div>'
    md, pdf = write_exports(conversation, bool(include_trainer))
    n = len(answered)
    msg = f'<div class="wa-melding">Export klaar: {n} {"vraag" if n == 1 else "vragen"} met de bronnen.</div>'
    return gr.update(value=md, visible=True), gr.update(value=pdf, visible=True), msg


# -- the panel and the switch ---------------------------------------------------------------------


def trainer_panel(convo: gr.State) -> gr.Column:
    """The export panel (hidden until trainer mode is on), wired to export ``convo``."""
    with gr.Column(visible=False, elem_id="wa-trainer-paneel") as column:
        gr.HTML(
            '<div class="wa-html"><h3>Export voor de cursus</h3><p>Download het hele gesprek met '
            "alle bronnen als Markdown of PDF, bijvoorbeeld als hand-out.</p></div>",
            js_on_load=None,
        )
        with gr.Row(equal_height=True):
            with_trainer = gr.Checkbox(
                label="Met gegevens voor de trainer (scores, passage-id's, tijden, spoor van de regels)", value=False, scale=3
            )
            make_export = gr.Button("Maak export", elem_id="wa-maak-export", size="sm", scale=1)
        with gr.Row():
            md_download = gr.DownloadButton("Download Markdown", visible=False, elem_id="wa-download-md", size="sm")
            pdf_download = gr.DownloadButton("Download PDF", visible=False, elem_id="wa-download-pdf", size="sm")
        export_msg = gr.HTML("", js_on_load=None)
    make_export.click(do_export, [convo, with_trainer], [md_download, pdf_download, export_msg], **PRIVATE)
    return column


def wire_trainer(trainer: gr.Checkbox, chat: dict[str, Any], panel: gr.Column, assistant: Any) -> None:
    """Switching trainer mode redraws the chat (with or without the trainer details) and shows the panel."""

    def toggle_trainer(on: bool, conversation: list[dict[str, Any]]):
        return render_chat(assistant, conversation or [], bool(on)), gr.update(visible=bool(on))

    trainer.change(toggle_trainer, [trainer, chat["convo"]], [chat["chatbot"], panel], queue=False, **PRIVATE)
