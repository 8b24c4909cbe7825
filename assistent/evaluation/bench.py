"""`assistent bench`: ingest time vs pure embedding time, search/ask latency (warm, no LLM), cold start, memory, load."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from assistent.settings import Settings

REPORTS = Path("reports")


def _save(name: str, data: dict[str, Any]) -> Path:
    REPORTS.mkdir(exist_ok=True)
    path = REPORTS / f"bench-{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _table(rows: list[tuple[str, Any]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 1) if s else 0.0


def _embed_time(emb, texts: list[str]) -> float:
    """Seconds to embed texts the way ingest does: batches of 32 of similar length."""
    return _embed_times(emb, texts)[0]


def _embed_times(emb, texts: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) to embed texts the way ingest does: batches of 32 of similar
    length. CPU time does not grow when other processes share the cores; wall time does."""
    ordered = sorted(texts, key=len)
    t, c = time.perf_counter(), time.process_time()
    for i in range(0, len(ordered), 32):
        emb.embed_passages(ordered[i : i + 32])
    return time.perf_counter() - t, time.process_time() - c


def _with_lookalike(settings: Settings, lookalike: Path, tmp: Path) -> tuple[Settings, int]:
    """A scratch corpus: corpus/ plus the look-alike documents of `lookalike` (.md) rendered as PDFs; its pages."""
    import shutil

    from pypdf import PdfReader

    from assistent.evaluation.lookalike import render_dir

    corpus = tmp / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    pdfs = render_dir(lookalike, corpus)
    return settings.model_copy(update={"corpus_dir": corpus}), sum(len(PdfReader(p).pages) for p in pdfs)


def bench_ingest(settings: Settings, runs: int = 1, lookalike: Path | None = None) -> str:
    """A full ingest of corpus/ into a scratch index, and the pure embedding time of exactly the texts it embedded:
    the fastest of `runs`, and every run's ratio, in wall time and in CPU time of this process (which other
    processes on a shared machine do not inflate). With `lookalike` (a directory of look-alike .md documents) they
    join corpus/ as PDFs (issue 13: the letter plus 50 PDF pages, target ≤ 1.3)."""
    from assistent.index.embed import get_embeddings
    from assistent.index.store import Index, passage_index_text
    from assistent.ingest.pipeline import ingest

    emb = get_embeddings(settings)
    emb.embed_passages(["opwarmen"])  # load the model outside the timings
    results = []
    pdf_pages = 0
    with tempfile.TemporaryDirectory() as scratch:
        if lookalike is not None:
            settings, pdf_pages = _with_lookalike(settings, Path(lookalike), Path(scratch))
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                s = settings.model_copy(update={"index_dir": Path(tmp) / "index", "chroma_url": None})
                t0, c0 = time.perf_counter(), time.process_time()
                report = ingest(s, progress=False, embeddings=emb, force=True)
                total, total_cpu = time.perf_counter() - t0, time.process_time() - c0
                idx = Index.open(s)
                passages = [passage_index_text(p) for p in idx.passages]
                sentences = [idx.get(pid).text[a:b] for pid, a, b in idx.sentence_spans]
                pp = _embed_time(emb, passages)
                ps = _embed_time(emb, sentences)
                pure_all, pure_cpu = _embed_times(emb, passages + sentences)
                results.append((report, total, pp, ps, pure_all, len(passages), len(sentences), total_cpu, pure_cpu))
    report, total, pp, ps, pure, n_p, n_s, total_cpu, pure_cpu = min(results, key=lambda r: r[1])
    target = 1.3 if lookalike is not None else 1.25
    data = {
        "passages": n_p,
        "sentences": n_s,
        "files": len(report.files),
        "pdf_pages_added": pdf_pages,
        "embedding_s_passages": round(pp, 3),
        "embedding_s_sentences": round(ps, 3),
        "embedding_s_total": round(pure, 3),
        "ingest_s_total": round(total, 3),
        "ingest_phases_s": {k: round(v, 3) for k, v in report.timings_s.items()},
        "ratio_ingest_to_embedding": round(total / pure, 3) if pure else None,
        "ratios_per_run": [round(r[1] / r[4], 3) if r[4] else None for r in results],
        "cpu_s": {"ingest": round(total_cpu, 3), "embedding_total": round(pure_cpu, 3)},
        "ratio_cpu": round(total_cpu / pure_cpu, 3) if pure_cpu else None,
        "ratios_cpu_per_run": [round(r[7] / r[8], 3) if r[8] else None for r in results],
        "target_ratio": target,
        "model": settings.passages_label,
    }
    path = _save("ingest", data)
    return _table(
        [
            ("passages", n_p),
            ("sentences (embedded for answer rescoring)", n_s),
            *([("look-alike PDF pages added", pdf_pages)] if lookalike is not None else []),
            ("pure embedding: passages", f"{pp:.2f} s"),
            ("pure embedding: sentences", f"{ps:.2f} s"),
            ("pure embedding: all texts ingest embeds (together)", f"{pure:.2f} s"),
            ("total ingest (load→clean→chunk→embed→index)", f"{total:.2f} s"),
            ("  of which read (load, clean, chunk)", f"{report.timings_s.get('read', 0):.2f} s"),
            ("ratio total / pure embedding", f"{data['ratio_ingest_to_embedding']}  (target ≤ {target})"),
            ("  the same in CPU time of this process", f"{data['ratio_cpu']}  ({total_cpu:.2f} s / {pure_cpu:.2f} s)"),
            ("  per run (wall; CPU)", f"{data['ratios_per_run']}; {data['ratios_cpu_per_run']}"),
            ("saved", str(path)),
        ]
    )


def _questions(limit: int) -> list[str]:
    from assistent.evaluation.runner import _load, default_files

    qa, _ = default_files()
    items = _load(qa, None)
    return [it["question"] for it in items][: max(limit, 1)] or ["Hoeveel eigen inleg is nodig?"]


def _check_times(assistant: Any, rounds: int = 3) -> list[float]:
    """Milliseconds per `check` (reader + rules + trace) over the tuning scenarios (never the blind ones)."""
    from assistent.evaluation.runner import _load, default_files

    _, rules_files = default_files()
    scenarios = [it["scenario"] for it in _load([p for p in rules_files if p.parent.name != "blind"], None)]
    scenarios = scenarios or ["Wooncoöperatie, nieuwbouw huurwoningen, bouwfase, €1.000.000 lening, €50.000 eigen inleg."]
    times = []
    for _ in range(rounds):
        for text in scenarios:
            t = time.perf_counter()
            assistant.check(text=text).model_dump_json()
            times.append((time.perf_counter() - t) * 1000)
    return times


def bench_query(settings: Settings, n: int = 60) -> str:
    """Warm search and ask latency without LLM, cold start to the first answer, and peak memory."""
    from assistent.answer.assistant import Assistant

    questions = _questions(n)
    code = (
        "import time;t=time.perf_counter();"
        "from assistent.answer.assistant import Assistant;from assistent.settings import get_settings;"
        "a=Assistant(get_settings());a.ask('Hoeveel eigen inleg is nodig?');"
        "print(time.perf_counter()-t)"
    )
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    cold = float(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else float("nan")
    cold_wall = time.perf_counter() - t

    llm_off = settings.model_copy(update={"llm_base_url": None})
    assistant = Assistant(llm_off)
    assistant.warm_up()
    search_ms, ask_ms = [], []
    for q in questions:
        t = time.perf_counter()
        assistant.search(q, 10)
        search_ms.append((time.perf_counter() - t) * 1000)
    for q in questions:
        t = time.perf_counter()
        assistant.ask(q)
        ask_ms.append((time.perf_counter() - t) * 1000)
    check_ms = _check_times(assistant)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    data = {
        "questions": len(questions),
        "search_ms": {"p50": _pct(search_ms, 50), "p95": _pct(search_ms, 95)},
        "ask_ms": {"p50": _pct(ask_ms, 50), "p95": _pct(ask_ms, 95)},
        "check_ms": {"p50": _pct(check_ms, 50), "p95": _pct(check_ms, 95), "n": len(check_ms)},
        "target_check_p50_ms": 20,
        "cold_start_to_first_answer_s": round(cold, 2),
        "cold_start_wall_s": round(cold_wall, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "target_ask_p50_ms": 100,
    }
    path = _save("query", data)
    return _table(
        [
            ("questions (warm, no LLM)", len(questions)),
            ("search p50 / p95", f"{data['search_ms']['p50']} / {data['search_ms']['p95']} ms"),
            ("ask p50 / p95", f"{data['ask_ms']['p50']} / {data['ask_ms']['p95']} ms  (target p50 ≤ 100 ms)"),
            ("check p50 / p95", f"{data['check_ms']['p50']} / {data['check_ms']['p95']} ms  (target p50 ≤ 20 ms; n={len(check_ms)} scenarios)"),
            ("cold start to first answer", f"{data['cold_start_to_first_answer_s']} s (new process)"),
            ("peak memory (this process)", f"{data['peak_rss_mb']} MB"),
            ("saved", str(path)),
        ]
    )


def _ms(seconds: list[float]) -> list[float]:
    return [x * 1000 for x in seconds]


def bench_llm(
    settings: Settings, url: str, model: str | None = None, n: int = 25, questions: list[str] | None = None,
    assistant: Any = None,
) -> str:
    """The guarded LLM path against a real server (Ollama, vLLM, llama.cpp): per question that goes to the LLM,
    the time from asking the model to the first guarded sentence and to the whole answer, and why it fell back."""
    from collections import Counter

    from assistent.answer.assistant import Assistant
    from assistent.answer.events import FELL_BACK, Fallback, Status
    from assistent.models import Result

    s = settings.model_copy(update={"llm_base_url": url, **({"llm_model": model} if model else {})})
    if assistant is None:
        assistant = Assistant(s)
        assistant.warm_up()
    health = assistant.llm.health.check()
    first_s: list[float] = []
    full_s: list[float] = []
    kinds: Counter[str] = Counter()
    asked = 0
    for q in questions or _questions(n):
        started = first = None
        result = None
        for event in assistant.ask_stream(q):
            now = time.perf_counter()
            if isinstance(event, Status):
                started = now
            elif isinstance(event, Fallback):
                first = first or -1.0  # what follows is the answer from the sources, not an LLM sentence
            elif isinstance(event, str) and started is not None and first is None:
                first = now
            elif isinstance(event, Result):
                result = event
                if started is not None:
                    full_s.append(now - started)
        if started is None or result is None:
            continue  # refused, rules or small talk: the LLM is not asked
        asked += 1
        if result.backend == FELL_BACK:
            kinds[str((result.guard or {}).get("kind") or "other")] += 1
            if (result.guard or {}).get("timings", {}).get("first_sentence_s") is not None:
                first_s.append(result.guard["timings"]["first_sentence_s"])
        elif first is not None and first > 0:
            first_s.append(first - started)
    data = {
        "url": url, "model": s.llm_model, "health": health, "deadline_s": s.llm_timeout_s,
        "max_tokens": s.llm_max_tokens, "questions_to_llm": asked,
        "first_sentence_ms": {"p50": _pct(_ms(first_s), 50), "p95": _pct(_ms(first_s), 95), "n": len(first_s)},
        "full_answer_ms": {"p50": _pct(_ms(full_s), 50), "p95": _pct(_ms(full_s), 95), "n": len(full_s)},
        "accepted": asked - sum(kinds.values()),
        "fallbacks": {k: round(v / asked, 3) for k, v in kinds.most_common()} if asked else {},
    }
    path = _save("llm", data)
    rows = [
        ("LLM", f"{s.llm_model} @ {url} (health: {health}; deadline {s.llm_timeout_s:g} s, max_tokens {s.llm_max_tokens})"),
        ("questions to the LLM", asked),
        ("first guarded sentence p50 / p95",
         f"{data['first_sentence_ms']['p50']} / {data['first_sentence_ms']['p95']} ms (n={len(first_s)})"),
        ("full answer p50 / p95", f"{data['full_answer_ms']['p50']} / {data['full_answer_ms']['p95']} ms"),
        ("accepted", f"{data['accepted']} of {asked}"),
    ]
    rows += [(f"fallback: {k}", f"{share:.0%}") for k, share in data["fallbacks"].items()]
    rows.append(("saved", str(path)))
    return _table(rows)


def bench_load(
    settings: Settings, url: str | None, clients: int, requests: int, workers: int = 1,
    seconds: float | None = 60.0, new_questions: bool = True,
) -> str:
    """`clients` concurrent clients against a server on loopback for `seconds` (or `requests` questions);
    starts one itself when no url is given, and then also measures its memory before and after.

    new_questions: every request asks a question no earlier one asked (no cache of query vectors helps).
    """
    from assistent.evaluation.loadtest import run_load, start_server, stop_server, tree_rss_mb

    proc = None
    if url is None:
        proc, url = start_server(settings, port=0, workers=workers)
    questions = _questions(40)
    try:
        # first pass: warm every worker up (model, index, caches), reported apart
        warm = len(questions) * max(workers, 1) * 2
        cold = run_load(url, clients=clients, requests=warm, questions=questions, unique=new_questions)
        rss_before = tree_rss_mb(proc.pid) if proc is not None else None
        data = run_load(
            url, clients=clients, requests=requests if not seconds else 100_000, questions=questions,
            duration_s=seconds, unique=new_questions, timeout_s=(seconds or 240) + 60,
        )
        data["warm_up"] = {k: cold[k] for k in ("completed", "p50_ms", "p95_ms", "errors")}
        if proc is not None:
            rss_after = tree_rss_mb(proc.pid)
            data["server_rss_mb"] = {"before": rss_before, "after": rss_after}
            if rss_before:
                data["server_rss_growth_pct"] = round((rss_after - rss_before) / rss_before * 100, 1)
    finally:
        if proc is not None:
            stop_server(proc)
    path = _save("load", data)
    rows = [(k, v) for k, v in data.items()]
    rows.append(("saved", str(path)))
    return _table(rows)
