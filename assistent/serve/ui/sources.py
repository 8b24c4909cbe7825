"""The tab "Bronnen": for everyone, the documents the answers come from (with date and official link); in
trainer mode also the administrator's view: every named source with its status, how to add a missing one,
other files and the index version."""
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
    """The named sources with their status (the administrator's view)."""
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
    return table(["Bron", "Datum", "Status", "Passages", "Bestand"], table_rows, {3}, stack=True)


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
    return "<h3>Andere bestanden in de map corpus/</h3>" + table(["Bestand", "Status", "Passages", "Opmerking"], rows, {2}, stack=True)


def _public_html(rows: list[SourceRow]) -> str:
    """The documents that are loaded, as cards: title, publisher, reference, date, link. Nothing about others."""
    loaded = [r for r in rows if r.status == "ingested"]
    if not loaded:
        return (
            '<div class="wa-html"><p class="wa-melding">Er zijn nog geen documenten ingelezen. De assistent kan '
            "daarom nog geen vragen beantwoorden.</p></div>"
        )
    n = len(loaded)
    intro = "Dit document" if n == 1 else f"Deze {n} documenten"
    out = [
        '<div class="wa-html"><h3>Waar komen de antwoorden vandaan?</h3>',
        f"<p>{intro} {'is' if n == 1 else 'zijn'} de bron van elk antwoord. Onder elk antwoord staat uit welk stuk "
        "de tekst komt. Lees bij twijfel altijd de officiële tekst.</p>",
    ]
    for r in loaded:
        sub = " · ".join(x for x in (r.publisher, r.reference, r.date_display) if x)
        card = f'<div class="wa-doc"><div class="wa-doc-titel">{esc(r.title)}</div>'
        if sub:
            card += f'<div class="wa-doc-meta">{esc(sub)}</div>'
        if r.url.startswith(("https://", "http://")):
            card += (
                f'<div class="wa-doc-link"><a href="{esc(r.url)}" target="_blank" rel="noopener noreferrer">'
                "Lees de officiële publicatie</a></div>"
            )
        out.append(card + "</div>")
    out.append("</div>")
    return "".join(out)


def _admin_html(rows: list[SourceRow]) -> str:
    """For administrators (trainer mode): the named sources with status, how to add one, other files, index."""
    named = [r for r in rows if r.named]
    extra = [r for r in rows if not r.named]
    out = [
        '<div class="wa-html wa-beheer"><h3>Voor beheerders: alle bronnen</h3>',
        f"<p>De assistent kent {len(named)} bronnen bij naam. Alleen ingelezen bronnen worden gebruikt.</p>",
        _named_table(named),
    ]
    missing = [r for r in named if r.status != "ingested"]
    if missing:
        out.append(_how_to_add(missing))
    else:
        out.append(f'<p class="wa-melding">Alle {len(named)} bronnen zijn ingelezen.</p>')
    if extra:
        out.append(_extra_table(extra))
    generation = next((r.generation for r in rows if r.generation), None)
    if generation:
        out.append(f'<p class="wa-bron-sectie">Versie van de index: <span class="wa-id">{esc(generation)}</span></p>')
    else:
        out.append('<p class="wa-melding">Er is nog geen index. Draai eerst <code>assistent ingest</code>.</p>')
    out.append("</div>")
    return "".join(out)


def sources_html(settings: Settings, trainer: bool = False) -> str:
    """The loaded documents for everyone; with ``trainer`` also the administrator's view."""
    from assistent.ingest.status import source_status

    try:
        rows = source_status(settings)
    except Exception:  # e.g. a broken sources.toml
        return '<div class="wa-melding wa-fout">De lijst met bronnen kon niet worden gelezen. Probeer het later nog eens.</div>'
    out = _public_html(rows)
    if trainer:
        out += _admin_html(rows)
    return out


def loaded_sources_line(settings: Settings) -> str:
    """One sentence naming the documents that are loaded, e.g. for the embed's footer."""
    from assistent.ingest.manifest import Manifest
    from assistent.ingest.status import source_status

    try:
        rows = [r for r in source_status(settings) if r.status == "ingested"]
        manifest = Manifest.load(settings.corpus_dir)
    except Exception:
        rows, manifest = [], None
    names = []
    for r in rows:
        spec = manifest.get(r.id) if manifest is not None else None
        name = (spec.short_title if spec is not None and spec.short_title else r.title)
        names.append(f"{name} van {r.date_display}" if r.date_display else name)
    if not names:
        return "Antwoorden komen uit de ingelezen bronnen."
    if len(names) == 1:
        return f"Antwoorden komen uit {names[0]}."
    # the first source by name, the others counted: the line stays short in a small iframe
    others = len(names) - 1
    return f"Antwoorden komen uit {names[0]} en {others} {'ander' if others == 1 else 'andere'} ingelezen document{'' if others == 1 else 'en'}."


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


def wire_sources(tab: SourcesTab, settings: Settings, trainer: gr.Checkbox | None = None) -> None:
    """The list is read when the tab is opened, on Vernieuwen and when trainer mode changes (the index may
    change while the page is open); trainer mode adds the administrator's view."""
    inputs = [trainer] if trainer is not None else []

    def show(on: bool = False) -> str:
        return sources_html(settings, bool(on))

    tab.refresh.click(show, inputs, tab.html, **PRIVATE)
    tab.tab.select(show, inputs, tab.html, **PRIVATE)
    if trainer is not None:
        trainer.change(show, inputs, tab.html, **PRIVATE)
