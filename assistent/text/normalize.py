"""The one text normaliser: fold for matching, collapse whitespace, stable hashes."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# Entries of the per-text caches (fold, analyze): the sentences of the corpus stay warm, and a stream of new
# questions cannot grow the server's memory without bound (each entry is about 1,5 KB).
TEXT_CACHE = 8192


_WS = re.compile(r"\s+")

# Typographic variants folded for matching (never for display).
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "})


def collapse_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text)
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def strip_accents_in_place(text: str) -> str:
    """`strip_accents` one character for each, so that a position in the result is one in the text
    ('tweeëntwintig' → 'tweeentwintig')."""
    return "".join(strip_accents(c)[:1] or c for c in text)


@lru_cache(maxsize=TEXT_CACHE)
def fold(text: str) -> str:
    """Lower-case, accent-free, typographic quotes and spaces folded, whitespace collapsed (cached: passages repeat)."""
    return collapse_ws(strip_accents(text.translate(_FOLD)).lower())


def tidy(text: str) -> str:
    """Typographic quotes, dashes and spaces unified and whitespace collapsed; case and accents kept."""
    return collapse_ws(text.translate(_FOLD))


def fold_lines(text: str) -> str:
    """`fold`, but line breaks kept (the fact reader treats a line break as a sentence end)."""
    return "\n".join(fold(line) for line in text.split("\n")).strip()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def short_hash(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]
