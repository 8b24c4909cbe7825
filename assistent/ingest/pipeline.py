"""The ingest pipeline: load → clean → chunk → embed → index, incremental by content hash.

Unchanged files reuse their passages and vectors, changed ones are re-chunked (passages whose text
did not change keep their vectors), removed ones drop out. A broken file is reported and never
stops the others; where an earlier version of it was ingested, that version stays.
"""
from __future__ import annotations

import fcntl
import json
import os
import signal
import stat
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np
from tqdm import tqdm

from assistent.ingest.chunk import ChunkSizes, chunk
from assistent.ingest.clean import clean
from assistent.index.embed import ArrayEmbeddings, get_embeddings
from assistent.errors import IndexMissingError, LoadError
from assistent.index.store import (
    GenerationData,
    Index,
    current_generation,
    passage_index_text,
    passage_sentences,
    remove_unfinished,
    write_generation,
)
from assistent.ingest.load import FileTimeout, failure_message, load_file
from assistent.ingest.describe import describe
from assistent.ingest.subjects import annotate
from assistent.ingest.manifest import Manifest, SourceSpec, scan_corpus
from assistent.models import Passage
from assistent.settings import Settings
from assistent.text import sha256_bytes, short_hash

PIPELINE_VERSION = "9"  # bump when cleaning or chunking changes: every file is re-chunked
FILE_TIME_BUDGET_S = 300  # one file may take this long to load, clean and chunk (main thread only)


@dataclass
class FileOutcome:
    path: str
    source_id: str
    status: str  # new | changed | unchanged | removed | failed | skipped
    passages: int = 0
    message: str = ""


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)
    generation: str | None = None
    wrote: bool = False
    passages: int = 0
    embedded_texts: int = 0
    removed_unfinished: list[str] = field(default_factory=list)
    timings_s: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "failed"]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.status] = out.get(f.status, 0) + 1
        return out


@contextmanager
def _lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".ingest.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def config_fingerprint(settings: Settings) -> dict[str, object]:
    return {
        "pipeline": PIPELINE_VERSION,
        "embedding": settings.passages_label,
        "chunk": [settings.chunk_target_chars, settings.chunk_max_chars, settings.chunk_min_chars],
    }


@dataclass
class _Prior:
    """What the previous generation offers for reuse (empty when there is none or its config differs)."""

    index: Index | None = None
    same_config: bool = False
    files: dict[str, dict] = field(default_factory=dict)
    passages: dict[str, Passage] = field(default_factory=dict)
    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    sentences: dict[str, list[tuple[int, int, np.ndarray]]] = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def of(cls, settings: Settings, fingerprint: dict[str, Any]) -> "_Prior":
        prev = _previous(settings)
        if prev is None:
            return cls()
        state = prev.state
        same = all(state.get(k) == v for k, v in fingerprint.items())
        prior = cls(
            index=prev,
            same_config=same,
            files=state.get("files", {}) if same else {},
            passages={p.id: p for p in prev.passages},
            documents={d["path"]: d for d in prev.documents},
        )
        if state.get("embedding") == settings.passages_label:
            # a passage's vector is of what is embedded for it, which is more than its text (section path, lead-in)
            prior.vectors = {passage_index_text(p): prev.vectors[i] for i, p in enumerate(prev.passages)}
            for j, (pid, s, e) in enumerate(prev.sentence_spans):
                prior.sentences.setdefault(pid, []).append((s, e, prev.sentence_vectors[j]))
        return prior

    def kept(self, rel: str) -> list[Passage] | None:
        """The passages of a file as last ingested, when all of them are still there."""
        old = self.files.get(rel)
        if old and all(pid in self.passages for pid in old["passages"]):
            return [self.passages[pid] for pid in old["passages"]]
        return None


@dataclass
class _Read:
    """The corpus as read in this run."""

    passages: list[Passage] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    files: dict[str, dict] = field(default_factory=dict)
    changed: bool = False


def _read_one(
    path: Path, rel: str, spec: SourceSpec, prior: _Prior, sizes: ChunkSizes, force: bool, read: _Read
) -> FileOutcome:
    """Reuse a file's passages when its bytes are unchanged, else load, clean and chunk it."""
    old = prior.files.get(rel)
    data = _read_bytes(path)
    digest = sha256_bytes(data)
    kept = prior.kept(rel)
    if not force and old and old["sha256"] == digest and old.get("source_id") == spec.id and kept is not None:
        file_passages, status = kept, "unchanged"
        document = prior.documents.get(rel)
    else:
        loaded = describe(load_file(path, spec, data), data, path.stat().st_mtime, named=bool(spec.patterns))
        cleaned = clean(loaded)
        file_passages = chunk(cleaned, spec, sizes)
        if not file_passages:
            raise LoadError(path.name, "er bleef na het opschonen geen tekst over om te doorzoeken")
        status = "changed" if old else "new"
        read.changed = True
        document = {"path": rel, "source_id": spec.id, "sha256": digest, "text": cleaned.text, "kind": loaded.kind}
    if document:
        read.documents.append(document)
    read.files[rel] = {"sha256": digest, "source_id": spec.id, "passages": [p.id for p in file_passages]}
    read.passages.extend(file_passages)
    return FileOutcome(rel, spec.id, status, len(file_passages))


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, never through a symbolic link and only from a regular file (no pipe that blocks)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LoadError(path.name, "dit is geen gewoon bestand; niet gelezen")
        return fh.read()


_REFIRE_S = 0.05


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Raise FileTimeout in this step after `seconds` (a SIGALRM timer; only possible on the main thread)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _expired(signum, frame):  # noqa: ARG001
        # an exception raised inside a gc callback or __del__ is swallowed by Python: fire again until one lands
        signal.setitimer(signal.ITIMER_REAL, _REFIRE_S)
        raise FileTimeout(f"meer dan {seconds:g} s")

    old = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _keep_failed(rel: str, spec: SourceSpec, exc: BaseException, prior: _Prior, read: _Read) -> FileOutcome:
    """A file that cannot be read: its previous version, if any, stays in use."""
    message = failure_message(exc)
    kept = prior.kept(rel)
    if kept is not None:
        read.passages.extend(kept)
        read.files[rel] = prior.files[rel]
        if rel in prior.documents:
            read.documents.append(prior.documents[rel])
        message += "; de vorige versie van dit bestand blijft in gebruik"
    return FileOutcome(rel, spec.id, "failed", 0, message)


def _read_corpus(
    corpus: Path, manifest: Manifest, prior: _Prior, sizes: ChunkSizes, force: bool, progress: bool, report: IngestReport
) -> _Read:
    read = _Read()
    files = _choose_files(corpus, manifest, report)
    for path, spec in tqdm(files, desc="Bestanden lezen", unit="bestand", disable=not progress, leave=False):
        rel = str(path.relative_to(corpus))
        # each file in its own guarded step: whatever goes wrong is named for this file and the others go on
        try:
            with _time_budget(FILE_TIME_BUDGET_S):
                outcome = _read_one(path, rel, spec, prior, sizes, force, read)
        except (Exception, FileTimeout) as exc:  # noqa: BLE001 - DependencyError, LimitReachedError, RecursionError …
            outcome = _keep_failed(rel, spec, exc, prior, read)
        report.files.append(outcome)
    annotate(read.passages, manifest.subjects)
    for rel, old in prior.files.items():
        if rel not in read.files:
            read.changed = True
            report.files.append(FileOutcome(rel, old.get("source_id", "?"), "removed", len(old["passages"])))
    if prior.index is not None and not prior.same_config:
        read.changed = True
    return read


def ingest(
    settings: Settings, progress: bool = True, embeddings: ArrayEmbeddings | None = None, force: bool = False
) -> IngestReport:
    """Bring the index in line with corpus/; write a new generation only when something changed."""
    t0 = time.perf_counter()
    report = IngestReport()
    corpus = Path(settings.corpus_dir)
    sizes = ChunkSizes(settings.chunk_target_chars, settings.chunk_max_chars, settings.chunk_min_chars)
    fingerprint = config_fingerprint(settings)

    with _lock(Path(settings.index_dir)):
        report.removed_unfinished = remove_unfinished(Path(settings.index_dir))
        prior = _Prior.of(settings, fingerprint)
        read = _read_corpus(corpus, Manifest.load(corpus), prior, sizes, force, progress, report)
        failed_now = {f.path: f.message for f in report.failed}
        if prior.index is not None and prior.index.state.get("failed", {}) != failed_now:
            read.changed = True  # `assistent sources` must name the files that fail now
        report.timings_s["read"] = time.perf_counter() - t0
        report.passages = len(read.passages)
        if (not read.changed and prior.index is not None and not force) or (not read.passages and prior.index is None):
            report.generation = prior.index.generation if prior.index is not None else None
            report.timings_s["total"] = time.perf_counter() - t0
            return report

        emb = embeddings or get_embeddings(settings)
        t_embed = time.perf_counter()
        vectors, spans, svectors, n_embedded = _embed_all(
            read.passages, prior.vectors, prior.sentences, emb, progress, settings.embedding_batch_size
        )
        report.timings_s["embed"] = time.perf_counter() - t_embed
        report.embedded_texts = n_embedded
        state = dict(fingerprint, files=read.files, failed=failed_now)
        t_write = time.perf_counter()
        report.generation = write_generation(
            settings, GenerationData(read.passages, vectors, spans, svectors, read.documents, state)
        )
        report.wrote = True
        report.timings_s["write"] = time.perf_counter() - t_write
        report.timings_s["total"] = time.perf_counter() - t0
        return report


def _previous(settings: Settings) -> Index | None:
    if current_generation(Path(settings.index_dir)) is None:
        return None
    try:
        return Index.open(settings)
    except (IndexMissingError, OSError, ValueError, json.JSONDecodeError):
        return None


def _choose_files(corpus: Path, manifest: Manifest, report: IngestReport) -> list[tuple[Path, SourceSpec]]:
    """Pair each corpus file with its source; where two files claim one named source, the PDF wins."""
    pairs = []
    extra_ids: set[str] = set()
    files, refused = scan_corpus(corpus)
    for r in refused:
        report.files.append(FileOutcome(r.rel, "geen bron", r.status, 0, r.message))
    for path in files:
        spec = manifest.identify(path)
        if manifest.get(spec.id) is None:
            # an extra source is named after its file; files whose names fold to one slug
            # (notitie.txt, Notitie.md, sub/notitie.txt) must still be different sources
            if spec.id in extra_ids:
                spec = spec.model_copy(update={"id": f"{spec.id}-{short_hash(str(path.relative_to(corpus)), 6)}"})
            extra_ids.add(spec.id)
        pairs.append((path, spec))
    claimed: dict[str, list[Path]] = {}
    for path, spec in pairs:
        if manifest.get(spec.id) is not None:
            claimed.setdefault(spec.id, []).append(path)
    winners = {sid: min(paths, key=lambda p: (p.suffix.lower() != ".pdf", p.name)) for sid, paths in claimed.items()}
    chosen: list[tuple[Path, SourceSpec]] = []
    for path, spec in pairs:
        winner = winners.get(spec.id)
        if winner is not None and winner != path:
            message = f"bron '{spec.id}' komt al uit {winner.name}; dit bestand wordt overgeslagen"
            report.files.append(FileOutcome(str(path.relative_to(corpus)), spec.id, "skipped", 0, message))
            continue
        chosen.append((path, spec))
    return chosen


def _embed_all(
    passages: list[Passage],
    prev_vectors: dict[str, np.ndarray],
    prev_sentences: dict[str, list[tuple[int, int, np.ndarray]]],
    emb: ArrayEmbeddings,
    progress: bool,
    batch_size: int,
) -> tuple[np.ndarray, list[tuple[str, int, int]], np.ndarray, int]:
    """Vectors for passages and their sentences, reusing those of passages whose indexed text is unchanged."""
    todo_texts: list[str] = []
    todo_slots: list[tuple[str, int, int]] = []  # ("p", passage idx, -1) | ("s", sentence idx, -1)
    vectors: list[np.ndarray | None] = []
    spans: list[tuple[str, int, int]] = []
    svectors: list[np.ndarray | None] = []
    for i, p in enumerate(passages):
        indexed = passage_index_text(p)
        vec = prev_vectors.get(indexed)
        vectors.append(vec)
        if vec is None:
            todo_texts.append(indexed)
            todo_slots.append(("p", i, -1))
        old_sents = prev_sentences.get(p.id)
        if vec is not None and old_sents:
            for s, e, sv in old_sents:
                spans.append((p.id, s, e))
                svectors.append(sv)
        else:
            for s, e in passage_sentences(p):
                spans.append((p.id, s, e))
                svectors.append(None)
                todo_texts.append(p.text[s:e])
                todo_slots.append(("s", len(spans) - 1, -1))
    # batches of similar length: the model pads a batch to its longest text
    order = sorted(range(len(todo_texts)), key=lambda i: len(todo_texts[i]))
    batch = batch_size
    bar = tqdm(total=len(todo_texts), desc="Embedden", unit="tekst", disable=not progress or not todo_texts, leave=False)
    for k in range(0, len(order), batch):
        ids = order[k : k + batch]
        out = emb.embed_passages([todo_texts[i] for i in ids])
        for i, vec in zip(ids, out):
            kind, idx, _ = todo_slots[i]
            if kind == "p":
                vectors[idx] = vec
            else:
                svectors[idx] = vec
        bar.update(len(out))
    bar.close()
    dim = _dim(vectors, svectors, emb)
    vec_arr = np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, dim), np.float32)
    svec_arr = np.vstack(svectors).astype(np.float32) if svectors else np.zeros((0, dim), np.float32)
    return vec_arr, spans, svec_arr, len(todo_texts)


def _dim(vectors: list, svectors: list, emb: ArrayEmbeddings) -> int:
    for v in (*vectors, *svectors):
        if v is not None:
            return int(v.shape[-1])
    return int(emb.embed_query_array("x").shape[-1])
