"""Replies for the replay server, to the question QUESTION on the real letter (the extractive draft cites
one passage, [1]: koopwoningen via hypotheek; alleen huurwoningen voor de bouwfase; 5% eigen inleg voor beide fases).

`source` says where a reply comes from: "issue" = quoted in the issue from the measurement against a
real llama.cpp server (SmolLM2-135M-Instruct, gemma-3-270m); "hand" = written for this test in the same
style, because only those quotes of the real runs were kept. `accept` is what the guard must decide;
`kind` the reason label (guard.reason_kind) of a rejection.
"""
from __future__ import annotations

from dataclasses import dataclass

QUESTION = "Hoeveel eigen inleg is nodig voor het fonds?"
QUESTION_EN = "How much own contribution is needed for the fund?"


@dataclass(frozen=True)
class Replay:
    name: str
    text: str
    accept: bool
    source: str  # "issue" | "hand"
    kind: str | None = None  # reason_kind of the first failing sentence
    lang: str = "nl"


_URL = "https://www.kamerbriefplanvanakpakbelemmeringenwooncoöperaties.nl/"

REPLIES: list[Replay] = [
    # -- content-free, off-language, unsupported: every one must be rejected --------------------
    Replay("urls-only", f"[1] {_URL}\n[2] {_URL}\n[3] {_URL}", False, "issue", "guard:url"),
    Replay("marker-only", "[1]", False, "issue", "guard:content"),
    Replay("english-to-dutch", "The passage is about the concept of a business plan [1].", False, "issue", "guard:language"),
    Replay(
        "english-correct-facts-to-dutch",
        "Both phases require a minimum own contribution of 5% of the financing [1].",
        False, "hand", "guard:language",
    ),
    Replay("verdict-without-trigger-words", "Uw groep kan dus een lening krijgen van het fonds [1]", False, "issue", "guard:verdict"),
    Replay(
        "verdict-negative",
        "Met koopwoningen krijgt u voor de bouwfase geen financiering van het fonds [1].",
        False, "hand", "guard:verdict",
    ),
    Replay("figure-in-words", "Voor beide fases is een eigen inleg van tien procent van de financiering vereist [1].",
           False, "issue", "guard:figure"),
    Replay("letter-date-as-claim", "Vanaf januari 2026 is voor beide fases een eigen inleg van 5% vereist [1].",
           False, "issue", "guard:figure"),
    Replay("year-as-claim", "Het fonds vraagt in 2026 een minimale eigen inleg van 5% [1].", False, "issue", "guard:figure"),
    Replay(
        "one-marker-for-three-sentences",
        "Voor beide fases is een minimale eigen inleg van 5% vereist. Gemeenten betalen de rest. "
        "Banken geven daarna een hypotheek [1].",
        False, "issue", "guard:citation",
    ),
    Replay(
        "echoed-system-prompt",
        "1. Gebruik ALLEEN de genummerde passages die je krijgt. Voeg niets toe uit je eigen kennis.\n"
        "2. Zet achter elke zin het nummer van de passage waar die uit komt, zo: [1].",
        False, "issue", "guard:instructions",
    ),
    Replay(
        "echoed-rules-with-markers",
        "3. Noem nooit een bedrag dat niet in de passages staat [1].\n4. Zeg nooit of een initiatief in aanmerking komt [1].",
        False, "hand", "guard:instructions",
    ),
    Replay("invented-url", f"Voor beide fases is een minimale eigen inleg van 5% vereist [1]. Kijk op {_URL} [1].",
           False, "hand", "guard:url"),
    Replay("invented-email", "Vragen over de eigen inleg van 5% stuurt u naar info@fondscooperatiefwonen.nl [1].",
           False, "hand", "guard:url"),
    Replay("invented-name", "Volgens SVn-directeur Jansen is voor beide fases een eigen inleg van 5% vereist [1].",
           False, "hand", "guard:name"),
    Replay("unsupported-claim", "De gemeente betaalt daarna de grondkosten terug aan de bewoners [1].",
           False, "hand", "guard:content"),
    Replay("wrong-percentage", "Voor beide fases is minimaal 10% eigen inleg nodig [1].", False, "hand", "guard:figure"),
    Replay("citation-does-not-exist", "Voor beide fases is minimaal 5% eigen inleg nodig [4].", False, "hand", "guard:citation"),
    # -- faithful rewordings: every one must be accepted ----------------------------------------
    Replay(
        "letter-sentence-reworded",
        "Alleen coöperaties die huurwoningen realiseren, komen voor de bouwfase in aanmerking [1].",
        True, "issue",
    ),
    Replay("reworded-inleg", "Voor de planfase en de bouwfase moet u minimaal 5% van de financiering zelf inbrengen [1].",
           True, "hand"),
    Replay(
        "reworded-two-sentences",
        "Voor beide fases is een eigen inleg van ten minste 5% van de financiering nodig [1]. "
        "Initiatieven met koopwoningen kunnen de bouwfase met een hypotheek financieren [1].",
        True, "hand",
    ),
    Replay(
        "reworded-with-letter-date",
        "Volgens de Kamerbrief van 19 januari 2026 is voor beide fases een minimale eigen inleg van 5% vereist [1].",
        True, "hand",
    ),
    Replay(
        "reworded-markers-after-period",
        "Voor beide fases is een minimale eigen inleg van 5% van de financiering vereist. [1]\n"
        "Het fonds financiert de bouwfase alleen voor huurwoningen. [1]",
        True, "hand",
    ),
    Replay(
        "english-to-english",
        "For both phases you need an own contribution of at least 5% of the financing [1].",
        True, "hand", lang="en",
    ),
]

# The first sentence of a loop that never ends: released, then withdrawn when it comes again.
LOOP_SENTENCE = "Voor beide fases is een minimale eigen inleg van 5% vereist [1]. "
# A loop without a sentence end: only max_tokens (or the deadline) stops it.
LOOP_WORDS = "eigen inleg eigen inleg "
