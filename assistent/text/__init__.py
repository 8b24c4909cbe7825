"""Text: the one normaliser (`fold`), analysis for search, and Dutch numbers and dates."""
from assistent.text.analysis import (
    CHANGE, INNER_WORD, NEGATION, analyze, is_block, meaning_stems, names_in, opposed, points_back, polarity,
    refers_back, same_word, scope_words, separable_verbs, says_change, split_sentences, stem, stems_with_verbs, tokens,
    unsettled,
)
from assistent.text.normalize import collapse_ws, fold, fold_lines, sha256_bytes, short_hash, strip_accents, tidy

__all__ = [
    "CHANGE",
    "INNER_WORD",
    "NEGATION",
    "analyze",
    "is_block",
    "meaning_stems",
    "names_in",
    "opposed",
    "same_word",
    "scope_words",
    "says_change",
    "unsettled",
    "separable_verbs",
    "points_back",
    "polarity",
    "refers_back",
    "collapse_ws",
    "fold",
    "fold_lines",
    "sha256_bytes",
    "short_hash",
    "split_sentences",
    "stem",
    "stems_with_verbs",
    "strip_accents",
    "tidy",
    "tokens",
]
