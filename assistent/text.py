"""Text helpers shared by cleaning, chunking, BM25 and the answer composer."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+", re.UNICODE)

# Typographic variants folded for matching (never for display).
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "})


def collapse_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text)
    return "".join(c for c in nfkd if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, typographic quotes and spaces folded, whitespace collapsed (cached: passages repeat)."""
    return collapse_ws(strip_accents(text.translate(_FOLD)).lower())


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def short_hash(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


# --- sentences -------------------------------------------------------------

_ABBREV = {
    "nr", "nrs", "o.a", "bijv", "bv", "i.p.v", "m.b.t", "t.a.v", "d.w.z", "e.d", "z.g", "ca", "jl", "mr", "dr",
    "drs", "ir", "prof", "art", "blz", "p", "pag", "vgl", "zgn", "e.g", "i.e", "etc", "incl", "excl", "min", "max",
    "a", "b", "c", "d", "e", "f", "i", "ii", "iii", "resp", "evt", "m.i.v", "t/m", "mln", "mld",
}
_SENT_END = re.compile(r"[.!?](?:[\"'’”)\]]*)\s+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in text (Dutch abbreviations and enumerations kept together)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        before = text[start : m.start() + 1]
        word = re.search(r"([\w./]+)[.!?]$", before)
        nxt = text[end : end + 1]
        if word and word.group(1).lower().rstrip(".") in _ABBREV and text[m.start()] == ".":
            continue
        if nxt and (nxt.islower() or nxt.isdigit()):
            continue
        seg_end = m.start() + len(m.group(0).rstrip())
        if text[start:seg_end].strip():
            spans.append((start, seg_end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(s + (len(text[s:e]) - len(text[s:e].lstrip())), e) for s, e in spans]


# --- analysis for BM25 ---------------------------------------------------

_STOP = frozenset(fold(w) for w in (*STOPWORDS_DUTCH, *STOPWORDS_EN)) | {
    "wat", "welke", "hoe", "hoeveel", "waarom", "wanneer", "wie", "waar", "mag", "kan", "kunnen", "moet", "moeten",
    "wordt", "worden", "zijn", "is", "we", "wij", "jullie", "onze", "ons", "mijn", "brief", "volgens", "minister",
    "does", "what", "which", "how", "many", "much", "why", "when", "who", "where", "can", "letter", "the", "say",
}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def tokens(text: str) -> list[str]:
    """Folded word tokens, numbers kept (so 60,6 and 5% stay findable)."""
    return [t for t in _TOKEN.findall(fold(text).replace("_", " ")) if t]


def analyze(text: str) -> list[str]:
    """Tokens for BM25: folded, stop words dropped, Dutch-stemmed."""
    return list(_analyze(text))


@lru_cache(maxsize=65536)
def _analyze(text: str) -> tuple[str, ...]:
    toks = [t for t in tokens(text) if t not in _STOP and (len(t) > 1 or t.isdigit())]
    return tuple(_stemmer().stemWords(toks))


def stem(word: str) -> str:
    return _stemmer().stemWord(fold(word))
