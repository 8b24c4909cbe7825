"""Which scheme a question is about, and which passages may answer it.

A question that names a scheme the sources know (in full, by its abbreviation or by the words that set it
apart from the others: 'het Gelderse fonds') is about that scheme; any other question about the default
scheme (corpus/sources.toml → [subjects]). A passage about other schemes only never answers it."""
from __future__ import annotations

from functools import cached_property

import numpy as np

from assistent.index.store import Index
from assistent.text import INNER_WORD, analyze, names_in, tokens
from assistent.text.schemes import SCHEME_NOUNS, SchemeNames, key


# a source speaks for a scheme when at least this share of its passages is about it
AUTHORITY_SHARE = 0.5
# a scheme is named by its distinguishing words only when at least this many passages are about it
MIN_PASSAGES = 3
# a name the default scheme's source never uses points to the source that holds at least this share of the
# passages that use it
NAME_SHARE = 2 / 3


class SubjectResolver:
    """Resolves the scheme a question is about, and the passages compatible with it."""

    def __init__(self, index: Index, default: str = "", organisations: list[str] | None = None):
        self.index = index
        self.default = key(default) if default else ""
        self.organisations = frozenset(key(o) for o in organisations or [])
        self._authorities: dict[str, str | None] = {}  # filled once per scheme (a dict write is atomic)

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
        """Per scheme, the words of its name that set it apart: not in the default's name, nor in the names of
        other schemes (a longer or shorter form of its own name, 'Fondsreglement X' for 'X', is no other)."""
        words = {k: frozenset(w for w in tokens(k) if len(w) > 3) for k in {*self.known, self.default} if k}

        def variant(a: str, b: str) -> bool:
            return b != self.default and a != self.default and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")

        return {k: own - words.get(self.default, frozenset())
                - frozenset().union(*(v for o, v in words.items() if o not in (k, self.default) and not variant(k, o)))
                for k, own in words.items()}

    @cached_property
    def _titles(self) -> dict[str, str]:
        """Each source's title."""
        return {p.source_id: p.title for p in self.index.passages}

    @cached_property
    def _source_marks(self) -> dict[str, frozenset[str]]:
        """Per source, the words of its title that no other source's text holds ('Taxatiegids', 'Merwestad')."""
        texts: dict[str, set[str]] = {}
        for p in self.index.passages:
            texts.setdefault(p.source_id, set()).update(tokens(p.text))
        return {sid: frozenset(w for w in tokens(title) if len(w) > 4
                               and not any(w in t for o, t in texts.items() if o != sid))
                for sid, title in self._titles.items()}

    @cached_property
    def _name_sources(self) -> dict[str, str]:
        """Per name the sources write ('Merwestad', 'KWCV', 'RFCW') that the default scheme's source never uses,
        the source that holds most (NAME_SHARE) of the passages that use it: a question with that name asks
        about that source's world, not the default scheme's. Nothing when no source speaks for the default."""
        primary = self.primary
        if primary is None:
            return {}
        own = {t for p in self.index.passages if p.source_id == primary for t in tokens(f"{p.text} {p.title}")}
        uses: dict[str, dict[str, int]] = {}
        for p in self.index.passages:
            for t in set(tokens(f"{p.text} {p.title}")) - own:
                uses.setdefault(t, {})
                uses[t][p.source_id] = uses[t].get(p.source_id, 0) + 1
        names = names_in(p.text for p in self.index.passages)
        out: dict[str, str] = {}
        for name in names - own:
            counts = uses.get(name, {})
            sid = max(counts, key=lambda k: counts[k], default=None)
            if sid is not None and counts[sid] >= NAME_SHARE * sum(counts.values()):
                out[name] = sid
        return out

    def without_names(self, query: str, source_id: str) -> str:
        """The question without the words that name a source's world (those of its title, and the names that
        point to it): searched within that source alone, they match nearly every passage and drown the words
        that ask something ('startvermogen', 'uitvoering'). The question itself when nothing else is left."""
        naming = set(tokens(self._titles.get(source_id, ""))) | {n for n, sid in self._name_sources.items()
                                                                 if sid == source_id}
        rest = " ".join(w for w in query.split() if not set(tokens(w)) & naming)
        return rest if analyze(rest) else query

    @cached_property
    def _passages(self) -> dict[str, int]:
        """How many passages are about each scheme (a name met once, a table's header, is no scheme to target)."""
        counts: dict[str, int] = {}
        for p in self.index.passages:
            for k in {key(a) for a in p.about}:
                counts[k] = counts.get(k, 0) + 1
        return counts

    def source(self, query: str) -> str | None:
        """The one source a question names: by a word of its title that only that source uses, or by a name the
        default scheme's source never uses and that source mostly does ('Hoe hoog is de procesbegeleidingssubsidie
        van de gemeente Merwestad?'); not the one that speaks for the default scheme (a question about the letter
        is a question about its scheme), and None for none or several."""
        words = frozenset(tokens(query))
        named = {sid for sid, marks in self._source_marks.items() if marks & words}
        # a name as the question writes it: capitalised inside its sentence (at its start any word is)
        written = {t for m in INNER_WORD.finditer(query) if m.group(1)[0].isupper() for t in tokens(m.group(1))}
        named |= {self._name_sources[w] for w in written if w in self._name_sources}
        if len(named) != 1 or next(iter(named)) == self.primary:
            return None
        return next(iter(named))

    def target(self, query: str) -> str:
        """The scheme the question is about: one it names in full (the longest such name), by an abbreviation
        the sources define, or by at least two words that set it apart ('het IJssellandse regionale fonds');
        else the default ('' when none is set)."""
        words = f" {' '.join(tokens(query))} "
        full = [k for k in {*self.known, self.default} if k and f" {' '.join(tokens(k))} " in words]
        if full:
            return max(full, key=len)
        names = SchemeNames(organisations=self.organisations, abbreviations=dict(self._abbreviations))
        named = [key(n) for n in names.named(query) if key(n) in self.known]
        if named:
            return named[0]
        if any(noun in w for w in tokens(query) for noun in SCHEME_NOUNS):
            found = [w for w in tokens(query) if len(w) > 3]
            hits = {k: sum(any(w[:5] == m[:5] for w in found) for m in marks) for k, marks in self._marks.items()
                    if k != self.default and marks and self._passages.get(k, 0) >= MIN_PASSAGES}
            chosen = [k for k, n in hits.items() if n >= min(2, len(self._marks[k]))]
            if chosen:
                # the most words matched, then the shortest name (the scheme rather than its regulation's title)
                return max(chosen, key=lambda k: (hits[k], -len(k)))
        return self.default

    def speaks_of(self, sentence: str, about: list[str]) -> list[str]:
        """The schemes a sentence speaks of (folded): those it names, else its passage's leading one."""
        names = SchemeNames(organisations=self.organisations, abbreviations=dict(self._abbreviations))
        return [key(n) for n in names.named(sentence)] or [key(a) for a in about[:1]]

    @property
    def primary(self) -> str | None:
        """The source that speaks for the default scheme (the letter), None without one."""
        return self.authority(self.default)

    def authority(self, subject: str) -> str | None:
        """The source that speaks for a scheme: the newest of those mostly about it, else the default scheme's
        source where it mentions the scheme (None: no such source)."""
        if subject not in self._authorities:
            self._authorities[subject] = self._authority(subject)
        return self._authorities[subject]

    def _authority(self, subject: str) -> str | None:
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
        if mostly:
            return max(mostly, key=lambda sid: dates[sid])
        # a scheme no source is mostly about (one the letter mentions in passing, the SWZ): the source that
        # speaks for the default scheme speaks for it too, where it mentions it
        primary = self.primary if subject != self.default else None
        return primary if primary and about.get(primary) else None

    def mask(self, subject: str) -> np.ndarray | None:
        """Which passages may answer a question about `subject` (None: all of them)."""
        if not subject:
            return None
        return np.array([not p.about or subject in {key(a) for a in p.about} for p in self.index.passages], dtype=bool)


__all__ = ["SubjectResolver"]
