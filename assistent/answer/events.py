"""Events that Assistant.ask_stream yields besides text chunks and the final Result.

    Status    the answer is being worked on (the LLM is rephrasing): show `text` until the first chunk
    Fallback  the LLM reply failed the guard (or the server failed): withdraw every chunk shown so far;
              the chunks that follow are the evidence-first answer. `reasons` are for trainer mode.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LLM_WORKING = {"nl": "Het taalmodel formuleert…", "en": "The language model is rephrasing…"}
FALLBACK_NOTE = {
    "nl": "Het taalmodel gaf geen bruikbaar antwoord. Hieronder staat het antwoord uit de bronnen.",
    "en": "The language model gave no usable answer. Below is the answer from the sources.",
}


@dataclass(frozen=True)
class Status:
    """Work in progress, to show until the first text chunk arrives."""

    text: str


@dataclass(frozen=True)
class Fallback:
    """What was shown is withdrawn; the evidence-first answer follows."""

    note: str
    reasons: list[str] = field(default_factory=list)
    shown: bool = False  # whether any LLM text had been released before it failed

# Result.backend when the LLM was asked but its reply was not used
FELL_BACK = "extractive (LLM afgekeurd)"
