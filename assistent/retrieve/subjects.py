"""Which scheme a question is about, and which passages may answer it.

A question that names a scheme the sources know (in full, by its abbreviation or by the words that set it
apart from the others: 'het Gelderse fonds') is about that scheme; any other question about the default
scheme (corpus/sources.toml → [subjects]). A passage about other schemes only never answers it."""
from __future__ import annotations

from functools import cached_property

import numpy as np

from assistent.index.store import Index
from assistent.text import analyze
from assistent.text.schemes import SchemeNames, key


class SubjectResolver:
    """Resolves the scheme a question is about, and the passages compatible with it."""

    def __init__(self, index: Index, default: str = ""):
        self.index = index
        self.default = key(default) if default else ""

    @cached_property
    def known(self) -> list[str]:
        """Every scheme some passage is about."""
        return sorted({key(k) for p in self.index.passages for k in p.about})

    @cached_property
    def _marks(self) -> dict[str, frozenset[str]]:
        """Per scheme, the stems of its name that no other known scheme (or the default) has."""
        stems = {k: frozenset(analyze(k)) for k in {*self.known, *([self.default] if self.default else [])}}
        out = {}
        for k, own in stems.items():
            others = frozenset().union(*(v for o, v in stems.items() if o != k))
            out[k] = own - others
        return out

    def target(self, query: str) -> str:
        """The scheme the question is about ('' when the corpus names none and no default is set)."""
        named = [key(n) for n in SchemeNames().named(query) if key(n) in self.known or key(n) == self.default]
        if named:
            return named[0]
        words = frozenset(analyze(query))
        marked = [k for k, marks in self._marks.items() if marks and marks & words and k != self.default]
        if len(marked) == 1:
            return marked[0]
        return self.default

    def mask(self, subject: str) -> np.ndarray | None:
        """Which passages may answer a question about `subject` (None: all of them)."""
        if not subject:
            return None
        return np.array([not p.about or subject in {key(a) for a in p.about} for p in self.index.passages], dtype=bool)


__all__ = ["SubjectResolver"]
