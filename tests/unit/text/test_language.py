"""Dutch or English by function words (assistent.text.language), as the LLM guard uses it per sentence."""
from __future__ import annotations

import pytest

from assistent.text.language import is_language, vote


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The passage is about the concept of a business plan [1].", "en"),
        ("For both phases you need an own contribution of at least 5% of the financing [1].", "en"),
        ("Voor beide fases is een minimale eigen inleg van 5% vereist [1].", "nl"),
        ("Uw groep kan dus een lening krijgen van het fonds [1]", "nl"),
        ("Het fonds financiert initiatieven vanaf de planfase.", "nl"),
    ],
)
def test_language_of_a_sentence(text, lang):
    assert vote(text).language == lang
    assert is_language(text, lang) is True


@pytest.mark.parametrize("text", ["[1]", "SVn €60,6 miljoen", "https://www.example.nl/"])
def test_too_few_function_words_cannot_be_told(text):
    assert vote(text).language is None and is_language(text, "nl") is None
