"""Stage 4b — index: one generation = passages + Chroma collection + BM25, swapped in atomically.

Layout under index/:
    CURRENT                 name of the generation that answers (replaced with os.replace)
    gen-<stamp>/            passages.jsonl, documents.jsonl, vectors.npy, sentences.jsonl,
                            sentence_vectors.npy, bm25/, chroma/ (local mode), state.json
A generation is complete before CURRENT names it, so a killed ingest leaves the previous one answering.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from assistent.errors import IndexMissingError
from assistent.models import Passage
from assistent.settings import Settings
from assistent.text import analyze, split_sentences

CURRENT = "CURRENT"
KEEP_GENERATIONS = 2
_COLLECTION_LOCK = threading.Lock()  # chromadb client set-up is not thread-safe


def passage_index_text(p: Passage) -> str:
    """What is embedded and BM25-indexed for a passage: section path, the sentence its first one refers back
    to, text and footnotes."""
    parts = [" > ".join(p.section_path) + ":" if p.section_path else "", p.lead_in, p.text, *p.notes]
    return " ".join(x for x in parts if x)


def passage_sentences(p: Passage) -> list[tuple[int, int]]:
    return split_sentences(p.text)


# --- Chroma ------------------------------------------------------------


def chroma_client(settings: Settings, gen_dir: Path | None):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        u = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=u.hostname or "localhost",
            port=u.port or (443 if u.scheme == "https" else 8000),
            ssl=u.scheme == "https",
            settings=chroma_settings,
        )
    assert gen_dir is not None
    return chromadb.PersistentClient(path=str(gen_dir / "chroma"), settings=chroma_settings)


def collection_name(generation: str) -> str:
    return f"passages-{generation}"


# --- writing -----------------------------------------------------------


@dataclass
class GenerationData:
    passages: list[Passage]
    vectors: np.ndarray
    sentence_spans: list[tuple[str, int, int]]  # (passage id, start, end) within passage text
    sentence_vectors: np.ndarray
    documents: list[dict[str, Any]]
    state: dict[str, Any]


def write_generation(settings: Settings, data: GenerationData) -> str:
    """Write a complete generation and make it current; returns its name."""
    root = Path(settings.index_dir)
    root.mkdir(parents=True, exist_ok=True)
    # names sort in the order they were made, also within one second (_collect_garbage relies on it)
    ns = time.time_ns()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(ns // 1_000_000_000))
    name = f"gen-{stamp}-{ns % 1_000_000_000:09d}-{uuid.uuid4().hex[:4]}"
    tmp = root / f".building-{name}"
    tmp.mkdir()
    with open(tmp / "passages.jsonl", "w", encoding="utf-8") as f:
        for p in data.passages:
            f.write(p.model_dump_json() + "\n")
    with open(tmp / "documents.jsonl", "w", encoding="utf-8") as f:
        for d in data.documents:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    np.save(tmp / "vectors.npy", data.vectors.astype(np.float32))
    with open(tmp / "sentences.jsonl", "w", encoding="utf-8") as f:
        for pid, s, e in data.sentence_spans:
            f.write(json.dumps([pid, s, e]) + "\n")
    np.save(tmp / "sentence_vectors.npy", data.sentence_vectors.astype(np.float32))

    corpus_tokens = [analyze(passage_index_text(p)) or ["_leeg_"] for p in data.passages]
    bm25 = bm25s.BM25()
    if corpus_tokens:
        bm25.index(corpus_tokens, show_progress=False)
        bm25.save(str(tmp / "bm25"), show_progress=False)

    client = chroma_client(settings, tmp)
    col = client.get_or_create_collection(
        collection_name(name), configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
    )
    batch = 1000
    for i in range(0, len(data.passages), batch):
        chunk = data.passages[i : i + batch]
        col.add(
            ids=[p.id for p in chunk],
            embeddings=data.vectors[i : i + batch],
            metadatas=[p.metadata() for p in chunk],
            documents=[p.text for p in chunk],
        )
    del col, client
    state = dict(data.state, generation=name, created=time.strftime("%Y-%m-%dT%H:%M:%S"))
    (tmp / "state.json").write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    _fsync_dir(tmp)
    final = root / name
    os.replace(tmp, final)
    _point_current(root, name)
    _collect_garbage(settings, keep=name)
    return name


def _fsync_dir(path: Path) -> None:
    for p in path.rglob("*"):
        if p.is_file():
            with open(p, "rb") as f:
                os.fsync(f.fileno())


def _point_current(root: Path, name: str) -> None:
    tmp = root / f".{CURRENT}.{uuid.uuid4().hex[:6]}"
    with open(tmp, "w") as f:
        f.write(name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, root / CURRENT)


def current_generation(index_dir: Path) -> str | None:
    try:
        name = (Path(index_dir) / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    return name if (Path(index_dir) / name / "state.json").exists() else None


def remove_unfinished(index_dir: Path) -> list[str]:
    """Remove the `.building-*` folders a killed ingest left behind; call only under the ingest lock."""
    removed = []
    for leftover in Path(index_dir).glob(".building-*"):
        shutil.rmtree(leftover, ignore_errors=True)
        removed.append(leftover.name)
    for tmp in Path(index_dir).glob(f".{CURRENT}.*"):
        tmp.unlink(missing_ok=True)
    return removed


def _collect_garbage(settings: Settings, keep: str) -> None:
    """Remove half-built generations and all but the newest KEEP_GENERATIONS complete ones (and their collections)."""
    root = Path(settings.index_dir)
    dropped: list[str] = []
    for leftover in root.glob(".building-*"):
        if leftover.name != f".building-{keep}":
            shutil.rmtree(leftover, ignore_errors=True)
            dropped.append(leftover.name[len(".building-") :])
    gens = sorted((p for p in root.glob("gen-*") if p.is_dir()), key=lambda p: p.name)
    old = [g for g in gens if g.name != keep][: max(0, len(gens) - KEEP_GENERATIONS)]
    for g in old:
        shutil.rmtree(g, ignore_errors=True)
        dropped.append(g.name)
    if settings.chroma_url and dropped:
        # only this index's own dropped generations: other deployments may share the server
        client = chroma_client(settings, None)
        existing = {getattr(c, "name", c) for c in client.list_collections()}
        for name in dropped:
            if collection_name(name) in existing:
                client.delete_collection(collection_name(name))


# --- reading -----------------------------------------------------------


@dataclass
class Index:
    """A read-only view of the current generation."""

    settings: Settings
    generation: str
    dir: Path
    passages: list[Passage]
    state: dict[str, Any]
    documents: list[dict[str, Any]]
    vectors: np.ndarray
    sentence_spans: list[tuple[str, int, int]]
    sentence_vectors: np.ndarray
    bm25: bm25s.BM25 | None
    _collection: Any = None
    by_id: dict[str, int] = field(default_factory=dict)
    sentences_of: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def open(cls, settings: Settings) -> "Index":
        root = Path(settings.index_dir)
        name = current_generation(root)
        if name is None:
            raise IndexMissingError(f"Er is nog geen index in {root}. Draai eerst: assistent ingest")
        gen = root / name
        passages = [Passage.model_validate_json(line) for line in open(gen / "passages.jsonl", encoding="utf-8")]
        documents = [json.loads(line) for line in open(gen / "documents.jsonl", encoding="utf-8")]
        spans = [tuple(json.loads(line)) for line in open(gen / "sentences.jsonl", encoding="utf-8")]
        bm25 = bm25s.BM25.load(str(gen / "bm25"), load_corpus=False) if (gen / "bm25").exists() else None
        idx = cls(
            settings=settings,
            generation=name,
            dir=gen,
            passages=passages,
            state=json.loads((gen / "state.json").read_text(encoding="utf-8")),
            documents=documents,
            vectors=np.load(gen / "vectors.npy"),
            sentence_spans=spans,  # type: ignore[arg-type]
            sentence_vectors=np.load(gen / "sentence_vectors.npy"),
            bm25=bm25,
        )
        idx.by_id = {p.id: i for i, p in enumerate(passages)}
        for j, (pid, _, _) in enumerate(spans):
            idx.sentences_of.setdefault(pid, []).append(j)
        return idx

    @property
    def collection(self):
        if self._collection is None:
            with _COLLECTION_LOCK:
                if self._collection is None:
                    client = chroma_client(self.settings, self.dir)
                    self._collection = client.get_collection(collection_name(self.generation), embedding_function=None)
        return self._collection

    def get(self, passage_id: str) -> Passage | None:
        i = self.by_id.get(passage_id)
        return None if i is None else self.passages[i]

    def neighbours(self, passage_id: str, n: int = 1) -> list[Passage]:
        """The passage with up to n passages of the same source before and after it."""
        i = self.by_id.get(passage_id)
        if i is None:
            return []
        src = self.passages[i].source_id
        lo, hi = max(0, i - n), min(len(self.passages), i + n + 1)
        return [p for p in self.passages[lo:hi] if p.source_id == src]

    def source_text(self, source_id: str) -> str:
        return "\n".join(d["text"] for d in self.documents if d["source_id"] == source_id)

    def is_current(self) -> bool:
        return current_generation(Path(self.settings.index_dir)) == self.generation
