"""Many sources, one truth: the eval again with look-alike documents beside the letter.

`assistent eval --lookalike evals/lookalike` renders each look-alike document (Markdown in the layout
format of assistent.evaluation.lookalike) to a PDF, ingests it next to corpus/ into a temporary index and
scores the same questions with it, plus the look-alike set's own questions:
- lookalike: questions about one of the other funds or documents (key facts; the right document cited);
- letter_trap: questions about the letter's fund that another document answers with its own figure (key facts;
  an answer that holds one of the other figures counts as a foreign figure);
- conflict: an older document and the letter disagree (key facts of the newer).
Over every answer of the run: quotes whose "Volgens …" line names another document than the one they cite;
over every passage: headings of the look-alike documents inside passage text. A blind look-alike set
(evals/blind/lookalike) is scored apart, with only its own documents beside corpus/, as aggregates.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistent.evaluation.metrics import must_include_hits
from assistent.settings import Settings

LABEL = re.compile(r"^(?:Volgens|According to|Over het|On the|Wat)\b.*:$")
QUOTE = re.compile(r'^".*" \[(\d+)\]$')


def build_corpus(settings: Settings, lookalike_dir: Path, dest: Path) -> list[str]:
    """corpus/ copied to dest with every look-alike document (a .md file that opens with its front matter; a
    README beside them is not one) rendered to a PDF; returns their headings."""
    from assistent.evaluation.lookalike import parse, render

    shutil.copytree(settings.corpus_dir, dest, dirs_exist_ok=True)
    headings: list[str] = []
    for md in sorted(Path(lookalike_dir).glob("*.md")):
        text = md.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        (dest / f"{md.stem}.pdf").write_bytes(render(text))
        headings += [h.text for h in parse(text).headings()]
    return headings


def mislabelled(answer: str, citations: list[dict[str, Any]]) -> int:
    """Quotes that stand under a source line naming another document than the one they cite."""
    by_n = {c["n"]: c for c in citations}
    label, bad = "", 0
    for line in answer.split("\n"):
        if LABEL.match(line):
            label = line
            continue
        m = QUOTE.match(line)
        if m and int(m.group(1)) in by_n and label:
            c = by_n[int(m.group(1))]
            if c["title"] not in label and not (c["source_id"] == _PRIMARY and "Kamerbrief" in label):
                bad += 1
    return bad


_PRIMARY = "kamerbrief-2026"


# a quote block of a source the answer labels as older, and notes about what sources say or said
_OLDER_HEADER = re.compile(r"\((?:een oudere bron|an older source)\)")
_NOTE_ABOUT_SOURCES = re.compile(r"^(?:Let op|Note): (?:de bronnen|the sources|“)")


def stated(answer: str) -> str:
    """The lines of an answer that state something as current: without the quotes under a source it labels
    as older ('Volgens … (een oudere bron):') and without its notes on what sources say or said."""
    kept, older = [], False
    for line in answer.split("\n"):
        if line.startswith(("Volgens ", "According to ", "Over ", "On ")) and line.rstrip().endswith(":"):
            older = bool(_OLDER_HEADER.search(line))
            continue
        if older and line.startswith('"'):
            continue
        older = False
        if not _NOTE_ABOUT_SOURCES.match(line):
            kept.append(line)
    return "\n".join(kept)


def _shows(answer: str, values: list[str]) -> bool:
    return any(re.search(rf"(?<![\d,.]){re.escape(v)}(?![\d])", answer) for v in values)


def _foreign(answer: str, values: list[str]) -> bool:
    """Whether the answer states one of the other documents' figures as current (as a figure, not inside
    another one); a figure quoted under a source labelled as older is shown as such, not stated."""
    return _shows(stated(answer), values)


def score_lookalike(items: list[dict[str, Any]], ask: Any) -> dict[str, Any]:
    """Key facts per kind, the right document cited, foreign figures in answers about the letter's fund."""
    out: dict[str, Any] = {}
    for kind in ("lookalike", "letter_trap", "conflict"):
        chosen = [it for it in items if it.get("kind") == kind]
        if not chosen:
            continue
        must, cited_ok, foreign, wrong, bad, as_older = [], [], 0, [], 0, 0
        for it in chosen:
            r = ask(it["question"], it.get("history") or [])
            hit, total = must_include_hits(r["answer"], it.get("must_include") or [])
            must.append(hit / total if total else 1.0)
            bad += mislabelled(r["answer"], r.get("citations", []))
            if kind == "lookalike":
                stem = Path(it.get("source", "")).stem
                cited_ok.append(any(stem in c["source_id"] for c in r.get("citations", [])))
            if kind == "letter_trap" and _foreign(r["answer"], it.get("must_not_include") or []):
                foreign += 1
                wrong.append(it["id"])
            elif kind == "letter_trap" and _shows(r["answer"], it.get("must_not_include") or []):
                as_older += 1
        row: dict[str, Any] = {"n": len(chosen), "must_include": round(sum(must) / len(must), 3),
                               "mislabelled_quotes": bad}
        if cited_ok:
            row["right_document_cited"] = round(sum(cited_ok) / len(cited_ok), 3)
        if kind == "letter_trap":
            row["foreign_figures"] = foreign
            row["foreign_ids"] = wrong
            row["shown_as_older"] = as_older
        out[kind] = row
    return out


@contextmanager
def _beside_corpus(settings: Settings, lookalike_dir: Path, prefix: str) -> Iterator[tuple[Settings, list[str], Any]]:
    """Settings for a temporary corpus/ with the look-alike documents beside it, ingested; with their headings
    and the ingest report. The directory is removed afterwards."""
    from assistent.ingest.pipeline import ingest

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        root = Path(tmp)
        headings = build_corpus(settings, lookalike_dir, root / "corpus")
        local = settings.model_copy(update={"corpus_dir": root / "corpus", "index_dir": root / "index",
                                            "data_dir": root / "data"})
        yield local, headings, ingest(local, progress=False)


def _questions(lookalike_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (Path(lookalike_dir) / "questions.jsonl").open(encoding="utf-8")
            if line.strip()]


def _asker(assistant: Any) -> Callable[[str, list[dict[str, str]]], dict[str, Any]]:
    """ask(question, history) → the answer as JSON, in-process."""
    from assistent.models import Turn

    def ask(q: str, history: list[dict[str, str]]) -> dict[str, Any]:
        return assistant.ask(q, [Turn(**t) for t in history]).model_dump(mode="json")

    return ask


def score_blind_lookalike(settings: Settings, lookalike_dir: Path) -> dict[str, Any]:
    """A blind look-alike set's questions only, with its own documents beside corpus/ in a temporary index:
    the aggregate per kind (its items are never shown), and how many were refused."""
    from assistent.answer.assistant import Assistant

    with _beside_corpus(settings, lookalike_dir, "lookalike-blind-") as (local, _, _):
        ask, items = _asker(Assistant(local)), _questions(lookalike_dir)
        refused: dict[str, bool] = {}

        def noting(q: str, history: list[dict[str, str]]) -> dict[str, Any]:
            r = ask(q, history)
            refused[q] = r["refused"]
            return r

        scores = score_lookalike(items, noting)
        for kind, row in scores.items():
            row.pop("foreign_ids", None)
            row["refused"] = sum(refused[it["question"]] for it in items if it.get("kind") == kind)
        return scores


def run_with_lookalike(
    settings: Settings, lookalike_dir: Path, run: Any, letter_questions: list[dict[str, Any]]
) -> dict[str, Any]:
    """Ingest corpus/ plus the rendered look-alike documents into a temporary index and score there: the
    report of `run(settings)` (the normal eval), the look-alike questions and the corpus-wide checks (quotes
    under another document's name, over the look-alike and the letter's questions)."""
    from assistent.answer.assistant import Assistant

    with _beside_corpus(settings, lookalike_dir, "lookalike-") as (local, headings, report_ingest):
        report = run(local)
        assistant = Assistant(local)
        passages = assistant.index.passages
        extra = [p for p in passages if p.source_id != _PRIMARY]
        glued = [p.id for p in extra if any(h in p.text for h in headings)]
        ask = _asker(assistant)
        scores = score_lookalike(_questions(lookalike_dir), ask)
        letter_items = [{**it, "kind": "letter"} for it in letter_questions]
        bad = sum(mislabelled((r := ask(it["question"], it.get("history") or []))["answer"], r["citations"])
                  for it in letter_items)
        report["lookalike"] = {
            "documents": len({p.source_id for p in extra}),
            "passages": len(passages),
            "headings_in_passages": len(glued),
            "mislabelled_quotes": bad,
            "ingest_seconds": round(report_ingest.timings_s.get("total", 0.0), 1),
            "questions": scores,
        }
        return report
