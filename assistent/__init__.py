"""Wooncoöperatie-assistent: answers with their sources about the rules for housing cooperatives.

The pipeline, one sub-package per stage: ingest → index → retrieve → answer (rules | extractive | LLM)
→ guard → serve; `text` is shared by all, `fonds` holds all knowledge of the Kamerbrief and the fund.

Public API::

    from assistent import Assistant, Result, Settings, ingest_corpus
    ingest_corpus(Settings())
    result = Assistant(Settings()).ask("Hoeveel eigen inleg hebben we nodig?")
"""
from __future__ import annotations

import os
from importlib import import_module
from typing import TYPE_CHECKING, Any

# This machine has no network to phone home to or fetch weights from: set before any
# sub-module imports chromadb, gradio or sentence-transformers (they read these at import).
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

if TYPE_CHECKING:
    from assistent.answer.assistant import Assistant
    from assistent.ingest.pipeline import ingest as ingest_corpus
    from assistent.models import Result
    from assistent.settings import Settings

# `ingest_corpus`, not `ingest`: that name is the ingest stage's sub-package.
__all__ = ["Assistant", "Result", "Settings", "ingest_corpus"]

_EXPORTS = {
    "Assistant": "assistent.answer.assistant",
    "Result": "assistent.models",
    "Settings": "assistent.settings",
    "ingest_corpus": "assistent.ingest.pipeline:ingest",
}


def __getattr__(name: str) -> Any:
    """Import the public names on first use, so `import assistent.text` stays light."""
    if name in _EXPORTS:
        module, _, attr = _EXPORTS[name].partition(":")
        return getattr(import_module(module), attr or name)
    raise AttributeError(f"module 'assistent' has no attribute {name!r}")
