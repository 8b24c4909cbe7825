"""`assistent eval`: run the curated items through the product (in-process or over HTTP), next to a naive baseline and ablations; write JSON, Markdown and PNG plots."""
from __future__ import annotations

import json

import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from assistent.evaluation.metrics import REPO, SHARED_EVALS, Bucket, citation_valid, load_jsonl, score_retrieval, score_rules
from assistent.models import Passage, ScoredPassage
from assistent.settings import Settings


def default_files() -> tuple[list[Path], list[Path]]:
    """The project's eval files, or the shared development set when evals/ is empty."""
    ev = REPO / "evals"
    qa = sorted(p for p in ev.glob("*.jsonl") if "rules" not in p.name)
    rules = sorted(p for p in ev.glob("*.jsonl") if "rules" in p.name)
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
                items.append(it)
    return items


class _Remote:
    """The product behind a running server, through its REST API."""

    def __init__(self, url: str, api_key: str | None = None):
        import httpx

        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = httpx.Client(base_url=url.rstrip("/"), timeout=60, headers=headers)

    def ask(self, q: str) -> dict[str, Any]:
        r = self.client.post("/api/ask", json={"question": q})
        r.raise_for_status()
        return r.json()

    def search(self, q: str, k: int) -> list[ScoredPassage]:
        r = self.client.post("/api/search", json={"query": q, "k": k})
        r.raise_for_status()
        out = []
        for p in r.json()["passages"]:
            passage = Passage(
                id=p["passage_id"], source_id=p["source_id"], title=p["title"], section_path=p["section"].split(" > "),
                paragraph=p["paragraph"], page=p.get("page"), char_start=0, char_end=len(p["text"]), text=p["text"],
            )
            out.append(ScoredPassage(passage=passage, score=p["score"]))
        return out

    def check(self, text: str) -> dict[str, Any]:
        r = self.client.post("/api/eligibility", json={"text": text})
        r.raise_for_status()
        return r.json()


def run_eval(
    settings: Settings,
    qa_files: list[Path] | None,
    rules_files: list[Path] | None,
    url: str | None,
    out: Path,
    limit: int | None = None,
    baseline: bool = True,
) -> str:
    """Score everything, write report.json / report.md / plots into out, return the Markdown summary."""
    default_qa, default_rules = default_files()
    qa = _load(qa_files or default_qa, limit)
    rules_items = _load(rules_files or default_rules, limit)
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()

    passage_texts: dict[str, str] | None = None
    if url:
        remote = _Remote(url, (settings.api_keys or [None])[0])
        ask: Callable[[str], dict[str, Any]] = remote.ask
        search: Callable[[str, int], list[ScoredPassage]] = remote.search
        check: Callable[[str], dict[str, Any]] = remote.check
        assistant = None
    else:
        from assistent.answer.assistant import Assistant

        assistant = Assistant(settings)
        assistant.warm_up()
        passage_texts = {p.id: p.text for p in assistant.index.passages}

        def ask(q: str) -> dict[str, Any]:
            return assistant.ask(q).model_dump(mode="json")

        def search(q: str, k: int) -> list[ScoredPassage]:
            return assistant.search(q, k)

        def check(text: str) -> dict[str, Any]:
            return assistant.check(text=text).model_dump(mode="json")

    systems: dict[str, dict[str, Any]] = {}
    systems["assistent (hybrid)"] = score_retrieval(qa, lambda q: search(q, 10)).summary()
    if baseline and assistant is not None:
        from assistent.retrieve.hybrid import make_retriever

        for kind in ("bm25", "dense"):
            r = make_retriever(kind, assistant.index, assistant.embeddings)
            systems[f"ablation: {kind} only"] = score_retrieval(qa, lambda q, r=r: r.search(q, 10)).summary()
        base = NaiveBaseline(settings, assistant.embeddings)
        systems["baseline: 1000/200 chunks, dense"] = score_retrieval(qa, lambda q: base.search(q, 10)).summary()
        systems["baseline: 1000/200 chunks, dense"]["passages"] = len(base.chunks)
    if assistant is not None:
        systems["assistent (hybrid)"]["passages"] = len(assistant.index.passages)
        for key in systems:
            systems[key].setdefault("passages", len(assistant.index.passages))

    overall = Bucket()
    by_cat: dict[str, Bucket] = {}
    by_diff: dict[str, Bucket] = {}
    rows = []
    latencies = []
    for item in qa:
        t = time.perf_counter()
        res = ask(item["question"])
        latencies.append((time.perf_counter() - t) * 1000)
        ok = citation_valid(res, passage_texts)
        for bucket in (overall, by_cat.setdefault(item.get("category", "?"), Bucket()), by_diff.setdefault(item.get("difficulty", "?"), Bucket())):
            bucket.add(item, res, ok)
        rows.append({"id": item["id"], "question": item["question"], "answer": res["answer"], "refused": res.get("refused"),
                     "false_premise": res.get("false_premise"), "expect_refusal": bool(item.get("expect_refusal")),
                     "citations": [c["passage_id"] for c in res.get("citations", [])]})
    rules_scores = score_rules(rules_items, check) if rules_items else None

    report = {
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
        "mode": f"server {url}" if url else "in-process",
        "files": {"qa": [str(p) for p in (qa_files or default_qa)], "rules": [str(p) for p in (rules_files or default_rules)]},
        "items": {"qa": len(qa), "rules": len(rules_items)},
        "retrieval": systems,
        "answers": overall.summary(),
        "answers_by_category": {k: v.summary() for k, v in sorted(by_cat.items())},
        "answers_by_difficulty": {k: v.summary() for k, v in sorted(by_diff.items())},
        "rules": rules_scores,
        "ask_latency_ms": _percentiles(latencies),
        "seconds": round(time.time() - started, 1),
        "answers_detail": rows,
    }
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
    a = r["answers"]
    lines += ["", "## Answers (no LLM)", "", "| metric | value |", "|---|---|"]
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



