"""The tab "Bronnen": which of the four named sources are ingested, and how to add a missing one."""
from __future__ import annotations

from dataclasses import dataclass


import gradio as gr

from assistent.text.numbers import format_number
from assistent.serve.ui.html import PRIVATE, esc, label, table
from assistent.models import SourceRow
from assistent.settings import Settings


_STATUS = {"ingested": ("ingelezen", "wa-ok"), "missing": ("ontbreekt", "wa-open"), "failed": ("fout bij inlezen", "wa-nee")}


def _status(row: SourceRow) -> str:
    text, cls = _STATUS.get(row.status, (row.status, "wa-grijs"))
    return label(text, cls)


def _named_table(named: list[SourceRow]) -> str:
    table_rows = []
    for r in named:
        title = esc(r.title)
        sub = ", ".join(x for x in (r.publisher or "", r.reference or "") if x)
        if sub:
            title += f'<br><span class="wa-bron-sectie">{esc(sub)}</span>'
        table_rows.append(
            [title, esc(r.date_display or "—"), _status(r), esc(format_number(r.passages)),
             esc(", ".join(r.files or []) or "—")]
        )
    return table(["Bron", "Datum", "Status", "Passages", "Bestand"], table_rows, {3})


def _how_to_add(missing: list[SourceRow]) -> str:
    """The steps to add the missing named sources (with their example file names)."""
    out = ["<h3>Een ontbrekende bron toevoegen</h3><ol class=\"wa-stappen\">"]
    examples = ", ".join(f"<code>corpus/{esc(r.example_filename)}</code>" for r in missing if r.example_filename)
    out.append(
        "<li>Zet het PDF-bestand in de map <code>corpus/</code>. Geef het een naam die bij de bron past"
        + (f", bijvoorbeeld {examples}" if examples else "")
        + ".</li>"
    )
    out.append("<li>Draai het commando <code>assistent ingest</code>. De assistent leest de bron dan in.</li>")
    out.append("<li>Klik hieronder op <b>Vernieuwen</b>. De status wordt dan <b>ingelezen</b>.</li></ol>")
    return "".join(out)


def _extra_table(extra: list[SourceRow]) -> str:
    rows = []
    for r in extra:
        note = r.message or ""
        rows.append([esc(r.title), _status(r), esc(format_number(r.passages)), esc(note or "—")])
    return "<h3>Andere bestanden in de map corpus/</h3>" + table(["Bestand", "Status", "Passages", "Opmerking"], rows, {2})


def sources_html(settings: Settings) -> str:
    """The four named sources with their status, how to add a missing one, other files and the index version."""
    from assistent.ingest.status import source_status

    try:
        rows = source_status(settings)
    except Exception as exc:  # e.g. a broken sources.toml
        return f'<div class="wa-melding wa-fout">De bronnen konden niet worden gelezen: {esc(exc)}</div>'
    named = [r for r in rows if r.named]
    extra = [r for r in rows if not r.named]
    out = ['<div class="wa-html"><h3>De vier bronnen van de assistent</h3>', _named_table(named)]
    missing = [r for r in named if r.status != "ingested"]
    if missing:
        out.append(_how_to_add(missing))
    else:
        out.append('<p class="wa-melding">Alle vier de bronnen zijn ingelezen.</p>')
    if extra:
        out.append(_extra_table(extra))
    generation = next((r.generation for r in rows if r.generation), None)
    if generation:
        out.append(f'<p class="wa-bron-sectie">Versie van de index: <span class="wa-id">{esc(generation)}</span></p>')
    else:
        out.append('<p class="wa-melding">Er is nog geen index. Draai eerst <code>assistent ingest</code>.</p>')
    out.append("</div>")
    return "".join(out)


@dataclass
class SourcesTab:
    tab: gr.Tab
    html: gr.HTML
    refresh: gr.Button


def sources_tab() -> SourcesTab:
    """The tab's components, in a gr.Tab; wire them with wire_sources once the whole page is built."""
    with gr.Tab("Bronnen", id="bronnen", elem_id="wa-tab-bronnen") as tab:
        out = gr.HTML("", elem_id="wa-bronnen-lijst", js_on_load=None)
        refresh = gr.Button("Vernieuwen", size="sm", elem_id="wa-vernieuwen")
    return SourcesTab(tab, out, refresh)


def wire_sources(tab: SourcesTab, settings: Settings) -> None:
    """The list is read when the tab is opened and on Vernieuwen (the index may change while the page is open)."""
    tab.refresh.click(lambda: sources_html(settings), None, tab.html, **PRIVATE)
    tab.tab.select(lambda: sources_html(settings), None, tab.html, **PRIVATE)
