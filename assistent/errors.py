"""Errors the product reports to users: each names the problem in plain Dutch."""
from __future__ import annotations


class AssistentError(Exception):
    """Base class of every error the product raises on purpose."""


class LoadError(AssistentError):
    """A file in corpus/ could not be read; the message names file and problem."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class IndexMissingError(AssistentError):
    """No index yet: run `assistent ingest` first."""


class RulesBasisError(AssistentError):
    """A sentence a rule rests on is no longer in the corpus: the source changed."""


class LLMError(AssistentError):
    """The configured LLM server failed or answered something unusable."""
