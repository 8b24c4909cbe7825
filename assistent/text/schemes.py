"""Named schemes: which fund, regulation or programme a text speaks of.

A scheme is named by a capitalised phrase with a scheme noun in it ("Fonds Coöperatief Wonen", "Regionaal
Fonds Wonen Gelderland", "Nationaal Warmtefonds", "Subsidieregeling Coöperatief Bouwen"); "Naam (AFK)" makes
the abbreviation a name of the same scheme. A generic mention ("het fonds", "deze regeling", "the fund") refers
to the scheme named last before it. Used at ingest (what a passage is about) and at question time (what a
question is about).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

from assistent.text.normalize import fold

# nouns that make a capitalised phrase the name of a scheme, alone or as the end of a compound (Warmtefonds)
SCHEME_NOUNS = ("fonds", "regeling", "lening", "fund", "scheme", "loan")
_WORD = r"[A-ZÀ-Ý][\w’'&-]*"
_LINK = r"(?:voor|van|de|der|het|en|op|in|for|of|the|and)"
_PHRASE = re.compile(rf"{_WORD}(?:\s+(?:{_LINK}\s+)?{_WORD})*")
_ABBREV = re.compile(r"\s*\(([A-Z][A-Za-z]{1,7})\)")
# words that open a sentence or a phrase without belonging to a name ('Met het Fonds …', 'Voor de Regeling …')
_OPENERS = frozenset(fold(w) for w in (*STOPWORDS_DUTCH, *STOPWORDS_EN)) | {"dit", "deze", "ons", "onze", "our"}
# a generic mention of a scheme by its noun: 'het fonds', 'dit fonds', 'the fund', 'de regeling'
_GENERIC = re.compile(
    r"\b(?:het|dit|dat|deze|die|zo'n|ons|the|this|that|our)\s+(?:\w+\s+)?(" + "|".join(SCHEME_NOUNS) + r")\b"
)


def _is_scheme_word(word: str) -> bool:
    w = fold(word)
    return any(w == n or (w.endswith(n) and len(w) > len(n) + 2) for n in SCHEME_NOUNS)


def key(name: str) -> str:
    """The comparable form of a scheme's name (folded)."""
    return fold(name)


@dataclass
class SchemeNames:
    """The schemes named in a body of text, with the abbreviations that stand for them."""

    organisations: frozenset[str] = frozenset()  # folded names that look like schemes but are organisations
    abbreviations: dict[str, str] = field(default_factory=dict)  # AFK -> the scheme's name

    def named(self, text: str) -> list[str]:
        """The schemes named in text as first written, in order of first mention (abbreviations learnt on the
        way); one name per scheme (compare names with `key`)."""
        found: list[str] = []
        for m in _PHRASE.finditer(text):
            words = m.group(0).split()
            while words and fold(words[0]) in _OPENERS:
                words = words[1:]
            if not words or not any(_is_scheme_word(w) for w in words):
                found += [self.abbreviations[w] for w in words if w in self.abbreviations]
                continue
            if len(words) == 1 and fold(words[0]) in SCHEME_NOUNS:
                continue  # 'Fonds' alone at the start of a sentence is a generic mention, not a name
            name = " ".join(words)
            folded = key(name)
            if any(org.startswith(folded) or folded.startswith(org) for org in self.organisations):
                continue
            after = _ABBREV.match(text, m.end())
            if after:
                self.abbreviations[after.group(1)] = name
            found.append(name)
        return list({key(n): n for n in reversed(found)}.values())[::-1]

    def mentions_generic(self, text: str) -> bool:
        return _GENERIC.search(fold(text)) is not None


def resolve(texts: Iterable[tuple[str, list[str]]], names: SchemeNames, title: str = "") -> list[list[str]]:
    """For the consecutive passages of one document ((text, section path) each), the schemes each is about.

    A passage is about the schemes its section headings name, those it names and, when it mentions a scheme
    generically ('het fonds'), the document's own scheme (its title's, or the one it names most when that one
    dominates), else the one named last before it; failing all three, the document's own scheme."""
    items = list(texts)
    per: list[tuple[list[str], list[str], bool]] = []
    written: dict[str, str] = {}  # key -> the name as first written
    for text, section in items:
        own = [written.setdefault(key(n), n) for n in names.named(text)]
        heads = [written.setdefault(key(n), n) for n in names.named(" | ".join(section))]
        per.append((own, heads, names.mentions_generic(text)))
    counts: Counter[str] = Counter(key(n) for own, heads, _ in per for n in [*own, *heads])
    # the title's scheme, as the body names it where the title wraps it in more words ('Reglement Fonds X')
    titled = [key(n) for n in names.named(title)][:1]
    inside = sorted((k for k in counts if titled and f" {k} " in f" {titled[0]} "), key=len, reverse=True)
    dominant: list[str] = [written[inside[0]]] if inside else [names.named(title)[0]] if titled else []
    if not dominant and counts:
        top, n = counts.most_common(1)[0]
        if n >= 3 and n >= 0.6 * sum(counts.values()):
            dominant = [written[top]]
    out: list[list[str]] = []
    last: list[str] = dominant
    for own, heads, generic in per:
        # 'het fonds' in a document about one scheme is that scheme; elsewhere the one named last
        about = list({key(n): n for n in [*heads, *((dominant or last) if generic else []), *own]}.values()) or dominant
        if own or heads:
            last = (own or heads)[-1:]
        out.append(about)
    return out


__all__ = ["SCHEME_NOUNS", "SchemeNames", "key", "resolve"]
