"""`assistent eval`: run the curated items through the product (in-process or over HTTP), next to a naive baseline and ablations; write JSON, Markdown and PNG plots."""
from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from assistent.evaluation.metrics import REPO, SHARED_EVALS, Bucket, citation_valid, load_jsonl, score_retrieval, score_rules
from assistent.models import Passage, ScoredPassage, Turn
from assistent.settings import Settings


# Which file belongs to which set: dev (shared development items), own (ours, tuned on), blind
# (written by a helper who saw only the letter; never tuned on, read only in aggregate).
SETS = ("dev", "own", "blind")


def set_of(path: Path) -> str:
    """'blind' for evals/blind/*, 'dev' for dev-*.jsonl, else 'own'."""
    if path.parent.name == "blind":
        return "blind"
    return "dev" if path.name.startswith("dev-") else "own"


def default_files() -> tuple[list[Path], list[Path]]:
    """The project's eval files (dev, own and blind), or the shared development set when evals/ is empty."""
    ev = REPO / "evals"
    files = sorted(ev.glob("*.jsonl")) + sorted((ev / "blind").glob("*.jsonl"))
    qa = [p for p in files if "rules" not in p.name]
    rules = [p for p in files if "rules" in p.name]
    if not qa and (SHARED_EVALS / "dev-qa.jsonl").exists():
        qa = [SHARED_EVALS / "dev-qa.jsonl"]
    if not rules and (SHARED_EVALS / "dev-rules.jsonl").exists():
        rules = [SHARED_EVALS / "dev-rules.jsonl"]
    return qa, rules


def _load(files: list[Path], limit: int | None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for f in files:
        chunk = load_jsonl(f)[:limit] if limit else load_jsonl(f)
        for it in chunk:
            key = it["id"]
            if key not in seen:
                seen.add(key)
                items.append({**it, "_set": set_of(f), "_origin": f.stem})
    return items


class _Remote:
    """The product behind a running server, through its REST API."""

    def __init__(self, url: str, api_key: str | None = None):
        import httpx

        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = httpx.Client(base_url=url.rstrip("/"), timeout=60, headers=headers)

    def ask(self, q: str, history: list[dict[str, str]]) -> dict[str, Any]:
        r = self.client.post("/api/ask", json={"question": q, "history": history})
        r.raise_for_status()
        return r.json()

    def search(self, q: str, history: list[Turn], k: int) -> list[ScoredPassage]:
        turns = [t.model_dump() for t in history]
        r = self.client.post("/api/search", json={"query": q, "k": k, "history": turns})
        r.raise_for_status()
        out = []
        for p in r.json()["passages"]:
            passage = Passage(
                id=p["passage_id"], source_id=p["source_id"], title=p["title"], section_path=p["section"].split(" > "),
                paragraph=p["paragraph"], page=p.get("page"), char_start=0, char_end=len(p["text"]), text=p["text"],
                notes=p.get("notes", []),
            )
            out.append(ScoredPassage(passage=passage, score=p["score"]))
        return out

    def check(self, text: str) -> dict[str, Any]:
        r = self.client.post("/api/eligibility", json={"text": text})
        r.raise_for_status()
        return r.json()


Ask = Callable[[str, list[dict[str, str]]], dict[str, Any]]
Search = Callable[[str, list[Turn], int], list[ScoredPassage]]  # question, conversation, k
Check = Callable[[str], dict[str, Any]]


@dataclass
class _Backend:
    """The product under test: in-process (with its assistant) or a server."""

    ask: Ask
    search: Search
    check: Check
    assistant: Any = None
    passage_texts: dict[str, str] | None = None


def _origins(items: list[dict[str, Any]]) -> dict[str, frozenset[str]]:
    """Question → the files it comes from: the question bank leaves those out while it is asked (in-process),
    so an own question is measured as one the product has not seen, like a blind one."""
    origins: dict[str, set[str]] = {}
    for it in items:
        origins.setdefault(it["question"], set()).add(it["_origin"])
    return {q: frozenset(o) for q, o in origins.items()}


def _backend(settings: Settings, url: str | None, origins: dict[str, frozenset[str]] | None = None) -> _Backend:
    if url:
        remote = _Remote(url, (settings.api_keys or [None])[0])
        return _Backend(remote.ask, remote.search, remote.check)
    from assistent.answer.assistant import Assistant
    from assistent.models import Turn

    assistant = Assistant(settings)
    assistant.warm_up()

    def unseen(q: str) -> None:
        assistant.bank_leave_out = (origins or {}).get(q, frozenset())

    def ask(q: str, history: list[dict[str, str]]) -> dict[str, Any]:
        unseen(q)
        return assistant.ask(q, [Turn(**t) for t in history]).model_dump(mode="json")

    def search(q: str, history: list[Turn], k: int) -> list[ScoredPassage]:
        unseen(q)
        return assistant.search(q, k, history=history)

    return _Backend(
        ask=ask,
        search=search,
        check=lambda text: assistant.check(text=text).model_dump(mode="json"),
        assistant=assistant,
        passage_texts={p.id: p.text for p in assistant.index.passages},
    )


def _retrieval(qa: list[dict[str, Any]], backend: _Backend, settings: Settings, baseline: bool) -> dict[str, Any]:
    """hit@k, MRR and reach for the product, and (in-process) the ablations and the naive baseline."""
    systems: dict[str, dict[str, Any]] = {}
    systems["assistent (hybrid)"] = score_retrieval(qa, lambda q, h: backend.search(q, h, 10)).summary()
    assistant = backend.assistant
    if baseline and assistant is not None:
        from assistent.retrieve.hybrid import make_retriever

        for kind in ("bm25", "dense"):
            r = make_retriever(kind, assistant.index, assistant.embeddings)
            systems[f"ablation: {kind} only"] = score_retrieval(
                qa, lambda q, h, r=r: r.search(assistant.standalone(q, h), 10)).summary()
        base = NaiveBaseline(settings, assistant.embeddings)
        systems["baseline: 1000/200 chunks, dense"] = score_retrieval(
            qa, lambda q, h: base.search(assistant.standalone(q, h), 10)).summary()
        systems["baseline: 1000/200 chunks, dense"]["passages"] = len(base.chunks)
    if assistant is not None:
        for key in systems:
            systems[key].setdefault("passages", len(assistant.index.passages))
    return systems


@dataclass
class _Answers:
    overall: Bucket = field(default_factory=Bucket)
    by_cat: dict[str, Bucket] = field(default_factory=dict)
    by_diff: dict[str, Bucket] = field(default_factory=dict)
    by_set: dict[str, Bucket] = field(default_factory=dict)
    by_blind_file: dict[str, Bucket] = field(default_factory=dict)  # aggregates only, as the blind set's
    rows: list[dict[str, Any]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def _answers(qa: list[dict[str, Any]], backend: _Backend) -> _Answers:
    """Every question through the product; blind items count in their own set only."""
    out = _Answers()
    for item in qa:
        t = time.perf_counter()
        res = backend.ask(item["question"], item.get("history") or [])
        out.latencies.append((time.perf_counter() - t) * 1000)
        ok = citation_valid(res, backend.passage_texts)
        out.by_set.setdefault(item["_set"], Bucket()).add(item, res, ok)
        if item["_set"] == "blind":
            out.by_blind_file.setdefault(item["_origin"], Bucket()).add(item, res, ok)
            continue  # tuning figures (overall, category, difficulty) never include blind items
        for bucket in (out.overall, out.by_cat.setdefault(item.get("category", "?"), Bucket()),
                       out.by_diff.setdefault(item.get("difficulty", "?"), Bucket())):
            bucket.add(item, res, ok)
        out.rows.append({"id": item["id"], "question": item["question"], "answer": res["answer"],
                         "refused": res.get("refused"), "false_premise": res.get("false_premise"),
                         "expect_refusal": bool(item.get("expect_refusal")),
                         "citations": [c["passage_id"] for c in res.get("citations", [])]})
    return out


def _pasted_baselines(qa: list[dict[str, Any]], backend: _Backend, settings: Settings) -> dict[str, dict[str, Any]]:
    """Answer measures of two baselines per set: the top retrieved passage pasted as the answer, and the
    naive tutorial chain's top chunk (1000/200 splitter, dense) pasted."""
    systems: dict[str, Callable[[str], list[ScoredPassage]]] = {"top passage pasted": lambda q: backend.search(q, [], 1)}
    if backend.assistant is not None:
        naive = NaiveBaseline(settings, backend.assistant.embeddings)
        systems["naive chain, top chunk pasted"] = lambda q: naive.search(q, 1)
    out: dict[str, dict[str, Any]] = {}
    for name, search in systems.items():
        buckets: dict[str, Bucket] = {}
        for item in qa:
            if item.get("expect_refusal") or item.get("history"):
                continue
            top = search(item["question"])
            answer = top[0].passage.text if top else ""
            buckets.setdefault(item["_set"], Bucket()).add(item, {"answer": answer, "refused": False}, True)
        out[name] = {k: {"must_include": b.summary()["must_include"],
                         "median_answer_chars": b.summary()["median_answer_chars"]} for k, b in buckets.items()}
    return out


def _rules_by_set(items: list[dict[str, Any]], check: Check) -> dict[str, Any]:
    """Rules scores per set; blind scores keep only aggregates (no item ids to tune on)."""
    scores: dict[str, Any] = {}
    for name in SETS:
        chosen = [it for it in items if it["_set"] == name]
        if chosen:
            scores[name] = score_rules(chosen, check)
            if name == "blind":
                scores[name]["wrong"] = []
    return scores


def run_eval(
    settings: Settings,
    qa_files: list[Path] | None,
    rules_files: list[Path] | None,
    url: str | None,
    out: Path,
    limit: int | None = None,
    baseline: bool = True,
    lookalike: Path | None = None,
) -> str:
    """Score everything, write report.json / report.md / plots into out, return the Markdown summary.
    With `lookalike` (a directory of look-alike documents and their questions) the same questions are scored
    again with those documents in the corpus (in-process only)."""
    default_qa, default_rules = default_files()
    qa = _load(qa_files or default_qa, limit)
    rules_items = _load(rules_files or default_rules, limit)
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    backend = _backend(settings, url, _origins(qa))
    tuning = [it for it in qa if it["_set"] != "blind"]
    answers = _answers(qa, backend)
    tuning_rules = [it for it in rules_items if it["_set"] != "blind"]
    report = {
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
        "mode": f"server {url}" if url else "in-process",
        "files": {"qa": [str(p) for p in (qa_files or default_qa)], "rules": [str(p) for p in (rules_files or default_rules)]},
        "items": {"qa": len(tuning), "rules": len(tuning_rules),
                  "blind_qa": len(qa) - len(tuning), "blind_rules": len(rules_items) - len(tuning_rules)},
        "retrieval": _retrieval(tuning, backend, settings, baseline),
        "retrieval_by_set": {name: score_retrieval(chosen, lambda q, h: backend.search(q, h, 10)).summary()
                             for name in SETS if (chosen := [it for it in qa if it["_set"] == name])},
        "answers": answers.overall.summary(),
        "answers_by_set": {k: answers.by_set[k].summary() for k in SETS if k in answers.by_set},
        "answers_by_blind_file": {k: b.summary() for k, b in sorted(answers.by_blind_file.items())},
        "answer_baselines": _pasted_baselines(qa, backend, settings) if baseline else {},
        "answers_by_category": {k: v.summary() for k, v in sorted(answers.by_cat.items())},
        "answers_by_difficulty": {k: v.summary() for k, v in sorted(answers.by_diff.items())},
        "rules": score_rules(tuning_rules, backend.check) if tuning_rules else None,
        "rules_by_set": _rules_by_set(rules_items, backend.check),
        "ask_latency_ms": _percentiles(answers.latencies),
        "seconds": round(time.time() - started, 1),
        "answers_detail": answers.rows,
    }
    if lookalike is not None:
        from assistent.evaluation.lookalike_eval import run_with_lookalike

        def measure(local: Settings) -> dict[str, Any]:
            other = _backend(local, None, _origins(qa))
            by_set = _answers(qa, other).by_set
            return {
                "retrieval_by_set": {name: score_retrieval(chosen, lambda q, h: other.search(q, h, 10)).summary()
                                     for name in SETS if (chosen := [it for it in qa if it["_set"] == name])},
                "answers_by_set": {k: by_set[k].summary() for k in SETS if k in by_set},
            }

        report["with_lookalike"] = run_with_lookalike(settings, lookalike, measure, qa)
        blind = REPO / "evals" / "blind" / "lookalike"
        if (blind / "questions.jsonl").exists() and blind.resolve() != lookalike.resolve():
            from assistent.evaluation.lookalike_eval import score_blind_lookalike

            report["with_lookalike"]["blind_questions"] = score_blind_lookalike(settings, blind)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    md = markdown_report(report)
    (out / "report.md").write_text(md, encoding="utf-8")
    try:
        plot(report, out)
    except Exception as exc:  # noqa: BLE001 - a plot failure must not hide the figures
        md += f"\n(plots failed: {exc})\n"
    return md


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    s = sorted(values)

    def pct(p: float) -> float:
        return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 1)

    return {"p50": pct(50), "p95": pct(95), "max": round(s[-1], 1), "n": len(s)}


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def markdown_report(r: dict[str, Any]) -> str:
    lines = [f"# Eval report ({r['created']}, {r['mode']})", "", f"Items: {r['items']['qa']} questions, {r['items']['rules']} rules scenarios.", ""]
    lines += ["## Retrieval", "", "| system | passages | hit@1 | hit@3 | hit@5 | MRR@10 | reach@500 | reach@1000 |", "|---|---|---|---|---|---|---|---|"]
    for name, s in r["retrieval"].items():
        lines.append(f"| {name} | {s.get('passages', '–')} | {_fmt(s['hit@1'])} | {_fmt(s['hit@3'])} | {_fmt(s['hit@5'])} | {_fmt(s['mrr@10'])} | {_fmt(s['reach@500'])} | {_fmt(s['reach@1000'])} |")
    lines += _by_set_tables(r)
    lines += _lookalike_tables(r)
    a = r["answers"]
    lines += ["", "## Answers (no LLM), dev + own", "", "| metric | value |", "|---|---|"]
    for k, v in a.items():
        lines.append(f"| {k} | {_fmt(v)} |")
    lines += ["", "### By category", "", "| category | n | must_include | refusal acc. | false refusals | citations ok |", "|---|---|---|---|---|---|"]
    for cat, s in r["answers_by_category"].items():
        lines.append(f"| {cat} | {s['n']} | {_fmt(s['must_include'])} | {_fmt(s['refusal_accuracy'])} | {_fmt(s['false_refusal_rate'])} | {_fmt(s['citation_validity'])} |")
    lines += ["", "### By difficulty", "", "| difficulty | n | must_include | refusal acc. | false refusals |", "|---|---|---|---|---|"]
    for d, s in r["answers_by_difficulty"].items():
        lines.append(f"| {d} | {s['n']} | {_fmt(s['must_include'])} | {_fmt(s['refusal_accuracy'])} | {_fmt(s['false_refusal_rate'])} |")
    if r.get("rules"):
        ru = r["rules"]
        lines += ["", "## Rules", "", f"Decision accuracy {_fmt(ru['decision_accuracy'])}, fact-parse accuracy {_fmt(ru['parse_accuracy'])} on {ru['n']} scenarios."]
        for w in ru["wrong"]:
            lines.append(f"- {w['id']}: decision {'ok' if w['decision_ok'] else 'WRONG'}, parse {'ok' if w['parse_ok'] else 'WRONG'}")
    lat = r.get("ask_latency_ms") or {}
    if lat:
        lines += ["", f"Ask latency during the eval: p50 {lat['p50']} ms, p95 {lat['p95']} ms (n={lat['n']})."]
    lines.append(f"\nRun took {r['seconds']} s.")
    return "\n".join(lines) + "\n"


_SET_ANSWER_COLUMNS = ("n", "must_include", "refusal_accuracy", "false_refusal_rate", "false_premise_flagged",
                       "sound_premise_flagged",
                       "false_premise_corrected", "citation_validity", "median_answer_chars")


def _by_set_tables(r: dict[str, Any]) -> list[str]:
    """Dev, own and blind side by side: answers, retrieval and rules."""
    sets = [s for s in SETS if s in r.get("answers_by_set", {}) or s in r.get("rules_by_set", {})]
    if not sets:
        return []
    head = "| measure | " + " | ".join(sets) + " |"
    rule = "|---|" + "---|" * len(sets)
    lines = ["", "## Dev, own and blind side by side", "", head, rule]
    for col in _SET_ANSWER_COLUMNS:
        lines.append(f"| {col} | " + " | ".join(_fmt(r["answers_by_set"].get(s, {}).get(col)) for s in sets) + " |")
    for name, by_set in r.get("answer_baselines", {}).items():
        for col in ("must_include", "median_answer_chars"):
            lines.append(f"| {name}: {col} | " + " | ".join(_fmt(by_set.get(s, {}).get(col)) for s in sets) + " |")
    for col in ("hit@5", "mrr@10", "reach@1000"):
        lines.append(f"| {col} | " + " | ".join(_fmt(r["retrieval_by_set"].get(s, {}).get(col)) for s in sets) + " |")
    for col in ("n", "decision_accuracy", "parse_accuracy", "wrong_verdicts"):
        lines.append(f"| rules {col} | " + " | ".join(_fmt(r["rules_by_set"].get(s, {}).get(col)) for s in sets) + " |")
    files = r.get("answers_by_blind_file", {})
    if len(files) > 1:  # each blind file apart, a later one first read as a set nothing was tuned on
        lines += ["", "Blind, per file:", "", "| measure | " + " | ".join(files) + " |", "|---|" + "---|" * len(files)]
        lines += [f"| {col} | " + " | ".join(_fmt(b.get(col)) for b in files.values()) + " |" for col in _SET_ANSWER_COLUMNS]
    return lines


def _lookalike_tables(r: dict[str, Any]) -> list[str]:
    """Without and with the look-alike documents, per set; the look-alike questions and checks."""
    w = r.get("with_lookalike")
    if not w:
        return []
    sets = [s for s in SETS if s in w["answers_by_set"]]
    lines = ["", "## With look-alike documents in the corpus (without → with)", "",
             "| measure | " + " | ".join(sets) + " |", "|---|" + "---|" * len(sets)]
    for col in ("must_include", "refusal_accuracy", "false_refusal_rate", "false_premise_flagged", "median_answer_chars"):
        lines.append(f"| {col} | " + " | ".join(
            f"{_fmt(r['answers_by_set'].get(s, {}).get(col))} → {_fmt(w['answers_by_set'][s].get(col))}" for s in sets) + " |")
    for col in ("hit@5", "mrr@10", "reach@1000"):
        lines.append(f"| {col} | " + " | ".join(
            f"{_fmt(r['retrieval_by_set'].get(s, {}).get(col))} → {_fmt(w['retrieval_by_set'].get(s, {}).get(col))}"
            for s in sets) + " |")
    la = w["lookalike"]
    lines += ["", f"Look-alike corpus: {la['documents']} documents, {la['passages']} passages (ingest "
              f"{la['ingest_seconds']} s); headings inside passage text: {la['headings_in_passages']}; quotes under "
              f"another document's name (letter questions): {la['mislabelled_quotes']}.", "",
              "| kind | n | must_include | right document cited | foreign figures stated | shown as older "
              "| mislabelled quotes |",
              "|---|---|---|---|---|---|---|"]
    rows = [(kind, row) for kind, row in la["questions"].items()]
    rows += [(f"{kind} (blind)", row) for kind, row in w.get("blind_questions", {}).items()]
    for kind, row in rows:
        lines.append(f"| {kind} | {row['n']} | {_fmt(row['must_include'])} | {_fmt(row.get('right_document_cited'))} "
                     f"| {_fmt(row.get('foreign_figures'))} | {_fmt(row.get('shown_as_older'))} "
                     f"| {row['mislabelled_quotes']} |")
    if "blind_questions" in w:
        lines += ["", "(blind): evals/blind/lookalike, asked with only its own documents beside corpus/; aggregates only."]
    return lines


def plot(r: dict[str, Any], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(r["retrieval"])
    metrics = ["hit@1", "hit@5", "mrr@10", "reach@500", "reach@1000"]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / max(len(names), 1)
    for i, name in enumerate(names):
        vals = [r["retrieval"][name][m] for m in metrics]
        ax.bar([j + i * width for j in range(len(metrics))], vals, width, label=name)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(metrics))], metrics)
    ax.set_ylim(0, 1.05)
    ax.set_title("Retrieval: assistent vs naive baseline and ablations")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "retrieval.png", dpi=110)
    plt.close(fig)

    cats = r["answers_by_category"]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    labels = list(cats)
    vals = [cats[c]["must_include"] or 0 for c in labels]
    ref = [cats[c]["refusal_accuracy"] if cats[c]["refusal_accuracy"] is not None else 0 for c in labels]
    ax.bar([i - 0.2 for i in range(len(labels))], vals, 0.4, label="must-include facts")
    ax.bar([i + 0.2 for i in range(len(labels))], ref, 0.4, label="refusal accuracy")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_title("Answers without LLM, per category")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "answers_by_category.png", dpi=110)
    plt.close(fig)


class NaiveBaseline:
    """The tutorial setup: RecursiveCharacterTextSplitter(1000, 200) over the raw files, Chroma, same embeddings, dense top-k."""

    def __init__(self, settings: Settings, embeddings):
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from assistent.ingest.load import load_file
        from assistent.ingest.manifest import Manifest, corpus_files

        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        manifest = Manifest.load(Path(settings.corpus_dir))
        self.chunks: list[Passage] = []
        for path in corpus_files(Path(settings.corpus_dir)):
            try:
                doc = load_file(path, manifest.identify(path))
            except Exception:  # noqa: BLE001 - the baseline skips what it cannot read, like a tutorial would
                continue
            text = "\n".join(p.text for p in doc.pages)
            for i, chunk in enumerate(splitter.split_text(text)):
                self.chunks.append(Passage(id=f"base-{len(self.chunks)}", source_id=doc.source_id, title=doc.title,
                                           paragraph=i + 1, char_start=0, char_end=len(chunk), text=chunk))
        self.embeddings = embeddings
        self._tmp = tempfile.mkdtemp(prefix="baseline-")
        client = chromadb.PersistentClient(path=self._tmp, settings=ChromaSettings(anonymized_telemetry=False))
        self.col = client.get_or_create_collection("baseline", configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)
        vecs = embeddings.embed_passages([c.text for c in self.chunks])
        self.col.add(ids=[c.id for c in self.chunks], embeddings=vecs, documents=[c.text for c in self.chunks])
        self.by_id = {c.id: c for c in self.chunks}

    def search(self, query: str, k: int = 10) -> list[ScoredPassage]:
        q = self.embeddings.embed_query_array(query)
        res = self.col.query(query_embeddings=[q.tolist()], n_results=min(k, len(self.chunks)), include=["distances"])
        return [ScoredPassage(passage=self.by_id[i], score=1 - d) for i, d in zip(res["ids"][0], res["distances"][0])]



