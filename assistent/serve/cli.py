"""Command line: assistent ingest | sources | search | ask | check | serve | run | eval | bench."""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Optional

import typer

from assistent.settings import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Wooncoöperatie-assistent: antwoorden met bronnen.")
bench_app = typer.Typer(help="Metingen: ingest-tijd, snelheid van vragen, belasting van de server.")
app.add_typer(bench_app, name="bench")


def _fail(message: str, code: int = 1) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


@app.command()
def ingest(
    force: bool = typer.Option(False, "--force", help="Alles opnieuw verwerken, ook ongewijzigde bestanden."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Geen voortgangsbalk."),
) -> None:
    """Lees corpus/ en werk de index bij (alleen wat veranderd is)."""
    from assistent.ingest.pipeline import ingest as run_ingest

    settings = get_settings()
    report = run_ingest(settings, progress=not quiet and sys.stderr.isatty(), force=force)
    for f in report.files:
        line = f"{f.status:<10} {f.path}  ({f.source_id}, {f.passages} passages)"
        if f.message:
            line += f": {f.message}"
        typer.secho(line, fg=typer.colors.RED if f.status == "failed" else None, err=f.status == "failed")
    counts = ", ".join(f"{v} {k}" for k, v in sorted(report.counts().items())) or "geen bestanden"
    state = "nieuwe index geschreven" if report.wrote else "index was al actueel"
    typer.echo(
        f"{counts}; {report.passages} passages; {state} ({report.generation or 'geen'}); "
        f"{report.timings_s.get('total', 0):.1f} s"
    )
    if report.failed:
        raise typer.Exit(2)


@app.command()
def sources(as_json: bool = typer.Option(False, "--json")) -> None:
    """Welke bronnen zijn er, en welke ontbreken nog."""
    from assistent.ingest.status import source_status

    rows = source_status(get_settings())
    if as_json:
        typer.echo(json.dumps([r.model_dump() for r in rows], ensure_ascii=False, indent=1))
        return
    for r in rows:
        mark = {"ingested": "✓", "failed": "!"}.get(r.status, "✗")
        status = {"ingested": "ingelezen", "failed": "mislukt"}.get(r.status, "ontbreekt")
        typer.echo(f"{mark} {r.id:<22} {status:<10} {r.passages:>4} passages  {r.date_display:<18} {r.title}")
        if r.status == "failed":
            typer.echo(f"    {r.message or ''}")
        elif r.status == "missing":
            typer.echo(f"    Zet de PDF in corpus/ (bestandsnaam bijv. {r.example_filename}) en draai: assistent ingest")
        elif r.files:
            typer.echo(f"    bestand: {', '.join(r.files)}")


@app.command()
def search(
    query: str,
    k: int = typer.Option(5, "-k"),
    mode: str = typer.Option("all", help="hybrid | bm25 | dense | all (naast elkaar)"),
) -> None:
    """Toon de best passende passages (met bron, sectie, pagina en score)."""
    from assistent.index.embed import get_embeddings
    from assistent.errors import IndexMissingError
    from assistent.index.store import Index
    from assistent.retrieve.hybrid import make_retriever

    settings = get_settings()
    try:
        index = Index.open(settings)
    except IndexMissingError as exc:
        _fail(str(exc))
    emb = get_embeddings(settings)
    modes = ["hybrid", "bm25", "dense"] if mode == "all" else [mode]
    for m in modes:
        typer.secho(f"== {m} ==", bold=True)
        for i, sp in enumerate(make_retriever(m, index, emb).search(query, k), 1):
            p = sp.passage
            page = f", p. {p.page}" if p.page else ""
            typer.echo(f"{i}. [{sp.score:.3f}] {p.source_id} · {p.section} · alinea {p.paragraph}{page}")
            typer.echo(f"   {p.text[:220]}{'…' if len(p.text) > 220 else ''}")


@app.command()
def ask(
    question: Optional[str] = typer.Argument(None, help="De vraag; zonder vraag start een gesprek."),
    as_json: bool = typer.Option(False, "--json", help="Het volledige resultaat als JSON."),
) -> None:
    """Stel een vraag; het antwoord komt met de passages waarop het rust."""
    from assistent.answer.assistant import Assistant, QuestionError
    from assistent.errors import AssistentError
    from assistent.models import Turn
    from assistent.answer.render import render_text

    assistant = Assistant(get_settings())
    history: list[Turn] = []
    interactive = question is None
    while True:
        if interactive:
            try:
                question = input("\nVraag (leeg = stoppen): ").strip()
            except EOFError:
                break
            if not question:
                break
        try:
            result = assistant.ask(question, history)
        except QuestionError as exc:
            _fail(str(exc), 2)
        except AssistentError as exc:
            _fail(str(exc))
        if as_json:
            typer.echo(result.model_dump_json(indent=1))
        else:
            typer.echo(render_text(result))
        if not interactive:
            break
        history += [Turn(role="user", content=question), Turn(role="assistant", content=result.answer)]


@app.command()
def check(
    scenario: Optional[str] = typer.Argument(None, help="Jullie situatie in gewone taal."),
    facts: Optional[str] = typer.Option(None, "--facts", help="De feiten als JSON."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Toets of een initiatief in aanmerking komt voor het Fonds Coöperatief Wonen (regels, geen taalmodel)."""
    from pydantic import ValidationError

    from assistent.fonds import facts as facts_mod
    from assistent.fonds import rules as rules

    if facts is not None:
        try:
            parsed = rules.Facts.model_validate_json(facts)
        except ValidationError as exc:
            _fail(f"Ongeldige feiten: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}", 2)
    elif scenario:
        parsed = facts_mod.parse_facts(scenario)
    else:
        _fail("Geef een situatie in gewone taal of --facts '{…}'.", 2)
    decision = rules.decide(parsed)
    if as_json:
        typer.echo(json.dumps(decision.model_dump(mode="json"), ensure_ascii=False, indent=1))
        return
    from assistent.answer.render import render_decision

    typer.echo(render_decision(decision))


@app.command()
def serve(
    host: Optional[str] = typer.Option(None),
    port: Optional[int] = typer.Option(None),
    workers: Optional[int] = typer.Option(None),
) -> None:
    """Start de webapp: de gebruikersomgeving op / en de API op /api en /v1."""
    import uvicorn

    from assistent.serve.api.security import check_workers

    settings = get_settings()
    n = workers or settings.workers
    try:
        check_workers(settings, n)
    except ValueError as exc:
        _fail(str(exc), 2)
    _raise_open_files_limit(settings.max_concurrency)
    uvicorn.run(
        "assistent.serve.api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=n,
        log_level="info",
        access_log=False,  # api.py logs requests without personal data
        # slow clients: at most this many connections + requests per worker (503 above it), idle keep-alive
        # connections closed after 5 s; a body that does not arrive in time gets 408 (BodyMiddleware)
        limit_concurrency=settings.max_concurrency,
        timeout_keep_alive=5,
    )


def _raise_open_files_limit(connections: int) -> None:
    """Raise this process's soft limit of open files towards the hard one, so that `connections` open
    connections (each one file) do not make accept() fail for everybody else (the default soft limit is
    often 1,024). The workers inherit it."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = connections + 1024  # the model, the index, Chroma and the log files need some too
        if soft != resource.RLIM_INFINITY and soft < want:
            new = want if hard == resource.RLIM_INFINITY else min(want, hard)
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
            if new < want:
                logging.getLogger("assistent").warning(
                    "Maximaal %d open bestanden (nodig: %d): verhoog 'ulimit -n'.", new, want
                )
    except (ImportError, ValueError, OSError):  # not on this platform, or not allowed
        pass


@app.command()
def run(
    host: Optional[str] = typer.Option(None),
    port: Optional[int] = typer.Option(None),
) -> None:
    """Alles in één: lees de bronnen in als dat nodig is en start daarna de webapp."""
    from assistent.ingest.pipeline import ingest as run_ingest

    settings = get_settings()
    report = run_ingest(settings, progress=sys.stderr.isatty())
    for f in report.failed:
        typer.secho(f"Overgeslagen: {f.path}: {f.message}", fg=typer.colors.RED, err=True)
    typer.echo(f"Index: {report.passages} passages ({'bijgewerkt' if report.wrote else 'al actueel'}).")
    serve(host=host, port=port, workers=None)


@app.command(name="eval")
def eval_cmd(
    qa: list[Path] = typer.Option(None, "--qa", help="JSONL met vragen (standaard: evals/*.jsonl met vragen)."),
    rules_file: list[Path] = typer.Option(None, "--rules", help="JSONL met scenario's."),
    url: Optional[str] = typer.Option(None, "--url", help="Een draaiende server in plaats van in-process."),
    out: Path = typer.Option(Path("reports/latest"), "--out"),
    limit: Optional[int] = typer.Option(None, "--limit", help="Alleen de eerste N items per bestand (rooktest)."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Ook de naïeve baseline en ablaties."),
    lookalike: Optional[Path] = typer.Option(
        None, "--lookalike", help="Map met lijkende documenten (evals/lookalike): alles ook gemeten met die erbij."
    ),
) -> None:
    """Meet retrieval, antwoorden, weigeringen, valse premissen en regels; schrijft JSON, Markdown en grafieken."""
    from assistent.evaluation.runner import run_eval

    if lookalike is not None and url:
        _fail("--lookalike werkt alleen in-process (zonder --url): het leest een eigen tijdelijke index in.")
    try:
        report = run_eval(get_settings(), qa or None, rules_file or None, url, out, limit, baseline, lookalike)
    except Exception as exc:  # noqa: BLE001 - the run itself failed: say so and exit non-zero
        logging.exception("eval failed")
        _fail(f"De evaluatie is mislukt: {exc}")
    typer.echo(report)


_TRAINING_QA = "JSONL met vragen (standaard: de dev- en eigen sets, nooit blind en niet de achtergehouden eigen set 24)."


def _training_files(qa: list[Path] | None) -> list[Path]:
    """The files given, else those the models are fitted to (`train.training_files`)."""
    from assistent.evaluation.runner import default_files
    from assistent.evaluation.train import training_files

    return qa or training_files(default_files()[0])


@app.command(name="train-answerability")
def train_answerability_cmd(
    qa: list[Path] = typer.Option(None, "--qa", help=_TRAINING_QA),
    max_false_refusal: float = typer.Option(
        0.02, help="Hoogstens dit deel van de beantwoordbare vragen weigeren (bij vragen van een weggelaten bestand)."),
) -> None:
    """Train de beslissing 'antwoorden of zeggen dat het niet in de bronnen staat' op de dev- en eigen sets (met de
    vragenbank en de eerder beoordeelde vragen die ze leest)."""
    import json

    from assistent.answer import answerability
    from assistent.answer.assistant import Assistant
    from assistent.evaluation.train import build_bank, build_judged, train_answerability

    files = _training_files(qa)
    settings = get_settings()
    # the model is refitted here: a model file of another kind or features must not stop the fit
    answerability.MODEL_PATH.unlink(missing_ok=True)
    assistant = Assistant(settings)  # one model load for all fits
    assistant.warm_up()
    # the question bank first (the passages found depend on it)
    report = {"questions asked before": build_bank(settings, files, assistant=assistant),
              "questions judged before": build_judged(settings, files, assistant=assistant)}
    assistant.__dict__.pop("bank", None)
    assistant.__dict__.pop("judged", None)
    report["answerability"] = train_answerability(settings, files, max_false_refusal=max_false_refusal,
                                                  assistant=assistant)
    typer.echo(json.dumps(report, indent=1))


@app.command(name="train-selection")
def train_selection_cmd(
    qa: list[Path] = typer.Option(None, "--qa", help=_TRAINING_QA),
) -> None:
    """Train de zinskeuze (welke zinnen antwoorden) op de dev- en eigen sets. Het meegeleverde model is van vóór de
    vragenbank; een nieuw model scoort even goed, maar kiest bij één vraag met andere documenten ernaast een andere
    eerste zin (zie de README, vijfentwintigste sessie)."""
    import json

    from assistent.answer import selection
    from assistent.evaluation.train import train_selection

    files = _training_files(qa)
    selection.MODEL_PATH.unlink(missing_ok=True)  # a model file of another kind or features must not stop the fit
    typer.echo(json.dumps(train_selection(get_settings(), files), indent=1))


@app.command(name="train-bank")
def train_bank_cmd(
    qa: list[Path] = typer.Option(None, "--qa", help=_TRAINING_QA),
) -> None:
    """Schrijf de eerder gestelde vragen met hun bewijs (assistent/fonds/questions.json), zonder iets te hertrainen."""
    from assistent.evaluation.train import build_bank

    files = _training_files(qa)
    typer.echo(build_bank(get_settings(), files))


@bench_app.command("ingest")
def bench_ingest(
    runs: int = typer.Option(1, help="Aantal herhalingen"),
    lookalike: Optional[Path] = typer.Option(
        None, "--lookalike", help="Map met look-alike documenten (.md): als PDF naast corpus/ ingelezen"
    ),
) -> None:
    """Ingest-tijd tegenover pure embed-tijd van dezelfde passages."""
    from assistent.evaluation.bench import bench_ingest as run

    typer.echo(run(get_settings(), runs, lookalike))


@bench_app.command("query")
def bench_query(
    n: int = typer.Option(60, help="Aantal vragen"),
    llm: Optional[str] = typer.Option(None, "--llm", help="OpenAI-compatibele server (Ollama, vLLM, llama.cpp), bv. http://127.0.0.1:11434/v1: meet het taalmodelpad"),
    model: Optional[str] = typer.Option(None, "--model", help="Naam van het model op die server (anders ASSISTENT_LLM_MODEL)"),
) -> None:
    """Snelheid van zoeken en vragen (warm, zonder LLM), koude start en geheugen; met --llm: eerste zin, heel
    antwoord (p50/p95) en het aandeel terugvallen per reden."""
    from assistent.evaluation.bench import bench_llm, bench_query as run

    if llm:
        typer.echo(bench_llm(get_settings(), llm, model, n))
    else:
        typer.echo(run(get_settings(), n))


@bench_app.command("load")
def bench_load(
    url: Optional[str] = typer.Option(None, help="Server op loopback; zonder: start er zelf een."),
    clients: int = typer.Option(50),
    requests: int = typer.Option(500, help="Aantal verzoeken (alleen met --seconds 0)"),
    seconds: float = typer.Option(60.0, help="Zo lang sturen de clients vragen; 0 = een vast aantal (--requests)"),
    new_questions: bool = typer.Option(True, "--new-questions/--repeat-questions", help="Elke vraag nieuw (geen cache)"),
    workers: int = typer.Option(1, help="Workers van de server die de test zelf start (op 2 cores heeft de client er zelf één nodig)"),
) -> None:
    """Belastingtest op loopback: gelijktijdige clients, een vaste tijd of een vast aantal verzoeken."""
    from assistent.evaluation.bench import bench_load as run

    typer.echo(run(get_settings(), url, clients, requests, workers, seconds or None, new_questions))


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
