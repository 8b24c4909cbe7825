"""Which scheme a question is about, and which passages may answer it.

A question that names a scheme the sources know (in full, by its abbreviation or by the words that set it
apart from the others: 'het Gelderse fonds') is about that scheme; any other question about the default
scheme (corpus/sources.toml → [subjects]). A passage about other schemes only never answers it."""
from __future__ import annotations

from functools import cached_property

import numpy as np

from assistent.index.store import Index
from assistent.text import tokens
from assistent.text.schemes import SCHEME_NOUNS, SchemeNames, key


# a source speaks for a scheme when at least this share of its passages is about it
AUTHORITY_SHARE = 0.5


class SubjectResolver:
    """Resolves the scheme a question is about, and the passages compatible with it."""

    def __init__(self, index: Index, default: str = "", organisations: list[str] | None = None):
        self.index = index
        self.default = key(default) if default else ""
        self.organisations = frozenset(key(o) for o in organisations or [])

    @cached_property
    def _abbreviations(self) -> dict[str, str]:
        """The abbreviations the sources define for schemes ('Naam (AFK)')."""
        names = SchemeNames(organisations=self.organisations)
        for p in self.index.passages:
            names.named(p.text)
        return names.abbreviations

    @cached_property
    def known(self) -> list[str]:
        """Every scheme some passage is about."""
        return sorted({key(k) for p in self.index.passages for k in p.about})

    @cached_property
    def _marks(self) -> dict[str, frozenset[str]]:
        """Per scheme, the words of its name that no other known scheme (or the default) has."""
        words = {k: frozenset(w for w in tokens(k) if len(w) > 3) for k in {*self.known, self.default} if k}
        return {k: own - frozenset().union(*(v for o, v in words.items() if o != k)) for k, own in words.items()}

    def target(self, query: str) -> str:
        """The scheme the question is about: one it names in full (the longest such name), by an abbreviation
        the sources define, or by at least two words that set it apart ('het Gelderse regionale fonds'); else
        the default ('' when none is set)."""
        words = f" {' '.join(tokens(query))} "
        full = [k for k in {*self.known, self.default} if k and f" {' '.join(tokens(k))} " in words]
        if full:
            return max(full, key=len)
        names = SchemeNames(organisations=self.organisations, abbreviations=dict(self._abbreviations))
        named = [key(n) for n in names.named(query) if key(n) in self.known]
        if named:
            return named[0]
        if any(noun in w for w in tokens(query) for noun in SCHEME_NOUNS):
            words = [w for w in tokens(query) if len(w) > 3]
            hits = {k: sum(any(w[:5] == m[:5] for w in words) for m in marks) for k, marks in self._marks.items()}
            chosen = [k for k, n in hits.items() if k != self.default and n >= min(2, len(self._marks[k]))]
            if len(chosen) == 1:
                return chosen[0]
        return self.default

    def speaks_of(self, sentence: str, about: list[str]) -> list[str]:
        """The schemes a sentence speaks of (folded): those it names, else its passage's leading one."""
        names = SchemeNames(organisations=self.organisations, abbreviations=dict(self._abbreviations))
        return [key(n) for n in names.named(sentence)] or [key(a) for a in about[:1]]

    def authority(self, subject: str) -> str | None:
        """The source that speaks for a scheme: the newest of those mostly about it (None: no such source)."""
        if not subject:
            return None
        total: dict[str, int] = {}
        about: dict[str, int] = {}
        dates: dict[str, str] = {}
        for p in self.index.passages:
            total[p.source_id] = total.get(p.source_id, 0) + 1
            about[p.source_id] = about.get(p.source_id, 0) + (subject in {key(a) for a in p.about})
            dates[p.source_id] = p.date or ""
        mostly = [sid for sid, n in total.items() if about[sid] >= AUTHORITY_SHARE * n]
        return max(mostly, key=lambda sid: dates[sid]) if mostly else None

    def mask(self, subject: str) -> np.ndarray | None:
        """Which passages may answer a question about `subject` (None: all of them)."""
        if not subject:
            return None
        return np.array([not p.about or subject in {key(a) for a in p.about} for p in self.index.passages], dtype=bool)


__all__ = ["SubjectResolver"]
