"""Questions asked before, each with the passages that answer it: a new question close to one of them finds those
passages too.

A nearest-neighbour memory over the questions of the dev and own sets (never blind), written by helpers in lay
wording: a new lay question lies closer to another lay question than to the letter's prose. `assistent
train-answerability` writes the questions with their evidence (`write_bank`); the passages are found again in the
index by that evidence, so a changed source drops the questions whose evidence it no longer holds. Each question
keeps the file it comes from: an evaluation leaves out the file of the question it asks, so no question finds
itself or its own set's paraphrases.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistent.index.embed import ArrayEmbeddings
from assistent.index.store import Index
from assistent.ingest.clean import clean_text
from assistent.text import fold

BANK_PATH = Path(__file__).resolve().parents[1] / "fonds" / "questions.json"
JUDGED_PATH = BANK_PATH.with_name("judged.json")


@dataclass(frozen=True)
class Asked:
    """A question asked before, the evidence strings that answer it, the file it comes from, what it takes for
    granted ("" for nothing) and whether its evidence says that otherwise (a false premise)."""

    question: str
    evidence: tuple[str, ...]
    origin: str
    claim: str = ""
    false_premise: bool = False

    @property
    def said(self) -> str:
        """What the question says: its claim, else the question."""
        return self.claim or self.question


@dataclass(frozen=True)
class AskedBefore:
    """What the questions asked before say of a new one: the evidence of the near ones the sources answered, each
    with how near (`QuestionBank.near_evidence`), and the cosines of the nearest question the sources did not
    answer and of the nearest they did (`JudgedQuestions.nearest`)."""

    evidence: dict[str, float]
    unanswered: float = 0.0
    answered: float = 0.0


def write_bank(asked: Iterable[Asked], path: Path = BANK_PATH) -> int:
    """Write the questions (one per line, sorted, so the file diffs well); return how many."""
    rows = sorted({(a.question, a.evidence, a.origin, a.claim, a.false_premise) for a in asked})
    path.write_text("\n".join(json.dumps({"q": q, "evidence": list(e), "origin": o} | ({"claim": c} if c else {})
                                          | ({"false_premise": True} if f else {}), ensure_ascii=False)
                              for q, e, o, c, f in rows) + "\n", encoding="utf-8")
    return len(rows)


def read_bank(path: Path = BANK_PATH) -> list[Asked]:
    if not path.exists():
        return []
    return [Asked(d["q"], tuple(d["evidence"]), d["origin"], d.get("claim", ""), d.get("false_premise", False))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and (d := json.loads(line))]


class QuestionBank:
    """`near(qvec)`: the passages of the questions closest to a query vector, each with how close (0–1)."""

    def __init__(self, asked: list[Asked], answers: list[list[str]], vectors: np.ndarray, neighbours: int = 3,
                 floor: float = 0.85, claim_vectors: np.ndarray | None = None, kinds: list[str] | None = None):
        """`answers[i]` holds the ids of the passages that answer `asked[i]`, `vectors[i]` its unit vector and
        `claim_vectors[i]` that of what it says (`Asked.said`; the question's vector when not given); a question
        counts when its cosine to the query is above `floor`, the `neighbours` closest at most."""
        claim_vectors = vectors if claim_vectors is None else claim_vectors
        if not len(asked) == len(answers) == len(vectors) == len(claim_vectors):
            raise ValueError("every question needs its passages and its vectors")
        if neighbours < 1 or not 0 <= floor < 1:
            raise ValueError("neighbours must be at least 1 and floor in [0, 1)")
        self.asked, self.answers, self.vectors, self.claim_vectors = asked, answers, vectors, claim_vectors
        self.neighbours, self.floor = neighbours, floor
        self._origins = np.array([a.origin for a in asked])
        self._false = np.array([a.false_premise for a in asked], dtype=bool)
        # what kind of answer each question asks for ('reason', 'yesno', 'time' …; 'other' when not known)
        self._kinds = np.array(kinds if kinds is not None else ["other"] * len(asked))

    def __len__(self) -> int:
        return len(self.asked)

    def near(self, qvec: np.ndarray, leave_out: frozenset[str] = frozenset(), kind: str = "other"
             ) -> dict[str, float]:
        """Passage id → closeness (0 at the floor, 1 for the same question) of the nearest questions it answers;
        questions from the files in `leave_out` are not read, nor, for a question that asks for a `kind` of
        answer, those that ask for another kind (`_nearest`)."""
        close: dict[str, float] = {}
        for i, c in self._nearest(qvec, leave_out, kind):
            for pid in self.answers[i]:
                close[pid] = max(close.get(pid, 0.0), c)
        return close

    def _cosines(self, qvec: np.ndarray, leave_out: frozenset[str], claims: bool = False) -> np.ndarray:
        """The cosine of each question (or of what it says) to the query, -1 for those of the files left out."""
        return _cosines(self.claim_vectors if claims else self.vectors, self._origins, qvec, leave_out)

    def _nearest(self, qvec: np.ndarray, leave_out: frozenset[str], kind: str = "other") -> list[tuple[int, float]]:
        """(question, closeness) of the nearest questions above the floor, nearest first; for a question that asks
        for a kind of answer only those that ask for the same kind or one not known: the evidence of 'Waarom
        krijgen zij geen huurtoeslag?' is the reason, not the answer to 'Krijgen zij huurtoeslag?'."""
        if not len(self.asked):
            return []
        sims = self._cosines(qvec, leave_out)
        if kind != "other":
            sims = np.where(np.isin(self._kinds, [kind, "other"]), sims, -1.0)
        return [(i, float((sims[i] - self.floor) / (1 - self.floor))) for i in self._closest(sims)]

    def _closest(self, sims: np.ndarray) -> list[int]:
        """The `neighbours` nearest of these cosines that lie above the floor, nearest first."""
        return [int(i) for i in np.argsort(-sims)[: self.neighbours] if sims[i] > self.floor]

    def near_evidence(self, qvec: np.ndarray, leave_out: frozenset[str] = frozenset(), kind: str = "other"
                      ) -> dict[str, float]:
        """The evidence (folded) of the nearest questions, each with how close its question is (as `near`)."""
        close: dict[str, float] = {}
        for i, c in self._nearest(qvec, leave_out, kind):
            for e in self.asked[i].evidence:
                key = fold(clean_text(e))
                close[key] = max(close.get(key, 0.0), c)
        return close

    def false_premise(self, cvec: np.ndarray, margin: float, leave_out: frozenset[str] = frozenset(),
                      share: float = 0.0, said: float = -1.0, source_gap: float = 0.0) -> tuple[str, ...]:
        """The evidence (folded) of the question asked before whose claim lies nearest to a claim's vector `cvec`
        and whose premise was false, when it lies above the floor and nearer by `margin` (cosine) than what every
        other question says (a claim that held, or a question that took nothing for granted), and nearer by
        `source_gap` than the source's own sentence nearest to the claim comes (`said`: a claim the source
        says itself about as closely holds, however near a false one lies); else nothing. Near claims on the
        same subject may say opposite things, so only a clear margin counts."""
        if not len(self.asked):
            return ()
        sims = self._cosines(cvec, leave_out, claims=True)
        false, held = np.where(self._false, sims, -1.0), np.where(self._false, -1.0, sims)
        i = int(np.argmax(false))
        if false[i] <= self.floor or false[i] - held.max() < margin or false[i] - said < source_gap:
            return ()
        # the nearest claims above the floor, each by how much: those whose premise was false must hold `share`
        near = self._closest(sims)
        closeness = sims[near] - self.floor
        if closeness[self._false[near]].sum() < share * closeness.sum():
            return ()
        return tuple(fold(clean_text(e)) for e in self.asked[i].evidence)


def _cosines(vectors: np.ndarray, origins: np.ndarray, qvec: np.ndarray, leave_out: frozenset[str]) -> np.ndarray:
    """The cosine of each unit vector to the query, -1 for those whose origin is a file left out."""
    # einsum, not BLAS: a threaded matrix product here leaves threads spinning against the embedding model
    sims = np.einsum("ij,j->i", vectors, qvec / (np.linalg.norm(qvec) or 1.0))
    if leave_out:
        sims = np.where(np.isin(origins, list(leave_out)), -1.0, sims)
    return sims


def is_evidence(folded: str, evidence: str) -> bool:
    """Whether a folded sentence is, holds or lies in a (folded) evidence string of a question asked before."""
    return evidence in folded or folded in evidence


def nearness(folded: str, near_evidence: dict[str, float]) -> float:
    """How near the nearest question asked before is whose evidence a folded sentence is, holds or lies in
    (`QuestionBank.near_evidence`); 0 for none."""
    return max((near for e, near in near_evidence.items() if is_evidence(folded, e)), default=0.0)


def load_bank(index: Index, embeddings: ArrayEmbeddings, label: str, cache_dir: Path | None,
              path: Path = BANK_PATH, neighbours: int = 3, floor: float = 0.85,
              kind_of: Callable[[str], str] | None = None) -> QuestionBank:
    """The bank for this index: each question with the passages whose text or footnotes hold its evidence
    (questions none holds are dropped); the vectors of all its questions shipped for the model the bank was
    written with (`save_vectors`), else made once and cached in `cache_dir`."""
    texts = [fold(clean_text(p.text_with_notes)) for p in index.passages]
    every = read_bank(path)
    kept, answers = [], []
    for i, a in enumerate(every):
        wanted = [fold(clean_text(e)) for e in a.evidence if e.strip()]
        found = [p.id for p, t in zip(index.passages, texts) if any(e in t for e in wanted)]
        if found:
            kept.append(i)
            answers.append(found)
    questions, said = [a.question for a in every], [a.said for a in every]
    vectors = _vectors(questions, embeddings, label, path.parent, cache_dir)
    claims = vectors if said == questions else _vectors(said, embeddings, label, path.parent, cache_dir)
    kinds = [kind_of(every[i].question) for i in kept] if kind_of else None
    return QuestionBank([every[i] for i in kept], answers, vectors[kept], neighbours, floor, claims[kept], kinds)


def vectors_file(questions: list[str], label: str, prefix: str = "questions") -> str:
    """The file name of these questions' vectors under this embedding model."""
    digest = hashlib.sha256("\n".join([label, *questions]).encode()).hexdigest()[:16]
    return f"{prefix}-{digest}.npy"


def save_vectors(embeddings: ArrayEmbeddings, label: str, path: Path = BANK_PATH) -> Path:
    """Make the vectors of the bank's questions, and of what they say, with this model and ship them next to it
    (float16); return the questions' file."""
    every = read_bank(path)
    return _ship([[a.said for a in every], [a.question for a in every]], embeddings, label, path.parent, "questions")


def _ship(texts: list[list[str]], embeddings: ArrayEmbeddings, label: str, where: Path, prefix: str) -> Path:
    """Replace the shipped vector files of `prefix` by those of each list of texts; return the last one's."""
    for old in where.glob(f"{prefix}-*.npy"):
        old.unlink()
    for some in texts:
        out = where / vectors_file(some, label, prefix)
        if not out.exists():  # the same texts twice (a bank without claims) are one file
            np.save(out, _vectors(some, embeddings, label, None, None, prefix).astype(np.float16))
    return out


def _vectors(questions: list[str], embeddings: ArrayEmbeddings, label: str, shipped: Path | None,
             cache_dir: Path | None, prefix: str = "questions") -> np.ndarray:
    """Unit vectors of the questions: shipped next to the bank (`shipped`) for the model it was written with,
    else cached in `cache_dir` once made."""
    if not questions:
        return np.zeros((0, 0), dtype=np.float32)
    name = vectors_file(questions, label, prefix)
    for where in (shipped, cache_dir):
        if where is not None and (where / name).exists():
            return np.load(where / name).astype(np.float32)
    cached = cache_dir / name if cache_dir is not None else None
    vectors = np.vstack([np.asarray(embeddings.embed_queries(questions[i:i + 64]), dtype=np.float32)
                         for i in range(0, len(questions), 64)])
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, vectors)
    return vectors


# --- questions judged before: answered by the sources or not ---------------------------------------


@dataclass(frozen=True)
class Judged:
    """A question of the dev and own sets as the assistant reads it (a follow-up as its standalone question), the
    file it comes from and whether the sources answer it."""

    question: str
    origin: str
    answered: bool


def write_judged(judged: Iterable[Judged], path: Path = JUDGED_PATH) -> int:
    """Write the questions judged before (one per line, sorted); return how many."""
    rows = sorted({(j.question, j.origin, j.answered) for j in judged})
    path.write_text("\n".join(json.dumps({"q": q, "origin": o, "answered": a}, ensure_ascii=False)
                              for q, o, a in rows) + "\n", encoding="utf-8")
    return len(rows)


def read_judged(path: Path = JUDGED_PATH) -> list[Judged]:
    if not path.exists():
        return []
    return [Judged(d["q"], d["origin"], d["answered"])
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and (d := json.loads(line))]


class JudgedQuestions:
    """`nearest(qvec)`: how near the nearest question lies that the sources did not answer, and the nearest they
    did. A question close to the letter's subjects that it still does not answer ('Wat is de rente van de
    lening?') lies nearer to other such questions than any rule about its words can say."""

    def __init__(self, judged: list[Judged], vectors: np.ndarray):
        """`vectors[i]` is the unit vector of `judged[i]`."""
        if len(judged) != len(vectors):
            raise ValueError("every question judged before needs its vector")
        self.judged, self.vectors = judged, vectors
        self._origins = np.array([j.origin for j in judged])
        self._answered = np.array([j.answered for j in judged], dtype=bool)

    def __len__(self) -> int:
        return len(self.judged)

    def nearest(self, qvec: np.ndarray, leave_out: frozenset[str] = frozenset()) -> tuple[float, float]:
        """(cosine of the nearest unanswered question, of the nearest answered one), 0 where there is none;
        questions from the files in `leave_out` are not read."""
        if not len(self.judged):
            return 0.0, 0.0
        sims = _cosines(self.vectors, self._origins, qvec, leave_out)  # -1 for those left out: below 0
        return float(sims[~self._answered].max(initial=0.0)), float(sims[self._answered].max(initial=0.0))


def load_judged(embeddings: ArrayEmbeddings, label: str, cache_dir: Path | None,
                path: Path = JUDGED_PATH) -> JudgedQuestions:
    """The questions judged before, with their vectors shipped for the model they were written with
    (`save_judged_vectors`), else made once and cached in `cache_dir`."""
    judged = read_judged(path)
    vectors = _vectors([j.question for j in judged], embeddings, label, path.parent, cache_dir, "judged")
    return JudgedQuestions(judged, vectors)


def save_judged_vectors(embeddings: ArrayEmbeddings, label: str, path: Path = JUDGED_PATH) -> Path:
    """Make the vectors of the questions judged before with this model and ship them next to them (float16)."""
    return _ship([[j.question for j in read_judged(path)]], embeddings, label, path.parent, "judged")
