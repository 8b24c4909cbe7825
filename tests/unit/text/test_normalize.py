"""Unit tests of the one text normaliser (assistent.text.normalize): fold, tidy, fold_lines and the hashes."""
from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from assistent.text import collapse_ws, fold, fold_lines, sha256_bytes, short_hash, strip_accents, tidy

# Latin letters with and without accents, the typographic marks fold unifies, digits and whitespace
_ALPHABET = st.sampled_from(list("aAeEiIoOuUzZcCnN0159 .,;:!?'\"-\t\n") + list("éÉëËïöÖüçñÑàÀ’‘“”–—\u00a0\u202f"))
TEXTS = st.text(_ALPHABET, max_size=60)


def test_fold_lowercases_strips_accents_and_unifies_typography() -> None:
    assert fold("Wooncoöperatie") == "wooncooperatie"
    assert fold("ÉÉN Coöperatie’s") == "een cooperatie's"
    assert fold("‘enkel’ “dubbel”") == "'enkel' \"dubbel\""
    assert fold("plan–fase — bouw") == "plan-fase - bouw"


def test_fold_collapses_every_kind_of_whitespace() -> None:
    assert fold("  eigen\u00a0inleg\t\nvan\u202f5%  ") == "eigen inleg van 5%"


def test_tidy_unifies_typography_but_keeps_case_and_accents() -> None:
    assert tidy("  Het “Fonds”\u00a0Coöperatief – Wonen\n") == 'Het "Fonds" Coöperatief - Wonen'
    assert tidy("CPO’s") == "CPO's"


def test_fold_lines_folds_each_line_and_keeps_the_line_breaks() -> None:
    assert fold_lines("Één\n  Twee  ‘drie’ \n\nVier ") == "een\ntwee 'drie'\n\nvier"
    # leading and trailing empty lines go, inner ones stay (a line break is a sentence end for the fact reader)
    assert fold_lines("\nA\n\nB\n") == "a\n\nb"


def test_collapse_ws_and_strip_accents() -> None:
    assert collapse_ws(" a \n\t b  ") == "a b"
    assert strip_accents("Coöperatie café naïef Ñ") == "Cooperatie cafe naief N"
    assert strip_accents("Coöperatie") != fold("Coöperatie")  # strip_accents keeps the case


def test_hashes_are_stable_hex_digests() -> None:
    assert sha256_bytes(b"abc") == hashlib.sha256(b"abc").hexdigest()
    assert short_hash("kamerbrief") == hashlib.sha1(b"kamerbrief").hexdigest()[:12]
    assert len(short_hash("x", 6)) == 6 and short_hash("x", 6) == short_hash("x")[:6]
    assert short_hash("coöperatie") != short_hash("cooperatie")  # hashes the text, not its fold


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_fold_is_idempotent_and_ignores_what_tidy_changes(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(tidy(text)) == folded
    assert folded == folded.strip() and "  " not in folded and "\n" not in folded
    assert not any(c in folded for c in "’‘“”–—\u00a0\u202f")
    assert folded == folded.lower()


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_tidy_keeps_the_letters_and_fold_lines_keeps_the_lines(text: str) -> None:
    assert tidy(text).replace(" ", "") == collapse_ws(text.translate(str.maketrans("’‘“”–—", "''\"\"--"))).replace(" ", "")
    lines = fold_lines(text).split("\n")
    assert all(line == fold(line) for line in lines)
    assert fold(fold_lines(text)) == fold(text)
