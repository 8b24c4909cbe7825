"""Micro-batching of query embeddings (assistent.index.embed.QueryBatcher) with a real model stand-in that
takes time per call, as the C engine does: concurrent queries share one call, a lone query does not wait."""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from fakes import HashEmbeddings

from assistent.index.embed import QueryBatcher


class SlowModel:
    """HashEmbeddings behind a model call that takes 20 ms whatever the batch size; records the calls."""

    def __init__(self):
        self.inner = HashEmbeddings(64)
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        time.sleep(0.02)
        return np.vstack([self.inner.vector(t) for t in texts])


def ask_together(batcher: QueryBatcher, texts: list[str]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    start = threading.Barrier(len(texts))

    def one(text: str) -> None:
        start.wait()
        out[text] = batcher(text)

    threads = [threading.Thread(target=one, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return out


def test_queries_that_arrive_together_share_model_calls_and_each_gets_its_own_vector():
    model = SlowModel()
    batcher = QueryBatcher(model, wait_s=0.005)
    texts = [f"eigen inleg vraag {i}" for i in range(24)]
    t = time.perf_counter()
    out = ask_together(batcher, texts)
    elapsed = time.perf_counter() - t
    assert set(out) == set(texts)
    for text in texts:
        np.testing.assert_allclose(out[text], model.inner.vector(text), rtol=1e-6)
    assert sum(len(c) for c in model.calls) == 24
    # one by one would be 24 calls (0.48 s); together a few (some slack for a busy test machine)
    assert len(model.calls) <= 12, [len(c) for c in model.calls]
    assert max(len(c) for c in model.calls) >= 4
    assert elapsed < 0.48 + 0.5


def test_a_lone_query_does_not_wait_for_company():
    model = SlowModel()
    batcher = QueryBatcher(model, wait_s=0.5)
    t = time.perf_counter()
    batcher("alleen")
    assert time.perf_counter() - t < 0.2  # not the 0.5 s wait
    assert model.calls == [["alleen"]]


def test_an_error_of_the_model_reaches_every_waiting_caller():
    def broken(texts: list[str]) -> np.ndarray:
        time.sleep(0.01)
        raise RuntimeError("model kapot")

    batcher = QueryBatcher(broken, wait_s=0.005)
    errors: list[str] = []

    def one(i: int) -> None:
        try:
            batcher(f"v{i}")
        except RuntimeError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert errors == ["model kapot"] * 8
    with pytest.raises(RuntimeError):  # and the batcher still works afterwards (no caller left hanging)
        batcher("daarna")


class CountingModel(SlowModel):
    """SlowModel that records how many of its calls ran at the same time."""

    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()
        self.running = 0
        self.most = 0

    def __call__(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return super().__call__(texts)
        finally:
            with self._lock:
                self.running -= 1


@pytest.mark.parametrize("parallel", [1, 2, 3])
def test_at_most_parallel_model_calls_run_at_once_and_each_query_gets_its_vector(parallel: int):
    model = CountingModel()
    batcher = QueryBatcher(model, wait_s=0.0, parallel=parallel)
    texts = [f"vraag {i}" for i in range(30)]
    out = ask_together(batcher, texts)
    for text in texts:
        np.testing.assert_allclose(out[text], model.inner.vector(text), rtol=1e-6)
    assert model.most <= parallel
    if parallel > 1:  # 30 callers at once keep a second call busy while the first runs
        assert model.most >= 2


def test_parallel_must_be_at_least_one():
    with pytest.raises(ValueError, match="parallel"):
        QueryBatcher(SlowModel(), parallel=0)
