"""What the LLM is told (system prompt, language line) and where its reply is cut off (stop sequences).

Its own module because both the request (llm.py) and the guard (guard.py, which recognises a reply
that echoes these instructions) need it.
"""
from __future__ import annotations

SYSTEM_PROMPT = """Je bent de Wooncoöperatie-assistent. Je schrijft een kort antwoord op de vraag van een bewoner.
Schrijf in eenvoudig Nederlands (taalniveau B1): korte zinnen, gewone woorden.

Regels:
1. Gebruik ALLEEN de genummerde passages die je krijgt. Voeg niets toe uit je eigen kennis.
2. Zet achter elke zin het nummer van de passage waar die uit komt, zo: [1]. Gebruik alleen nummers die bij de passages staan.
3. Noem nooit een bedrag, percentage, datum, jaartal of aantal dat niet letterlijk in de passages staat.
4. Zeg nooit of een initiatief wel of niet in aanmerking komt voor het fonds. Dat wordt ergens anders beslist. Gebruik de woorden "in aanmerking komen" niet.
5. Geven de passages geen antwoord op de vraag? Zeg dat dan eerlijk. Ga niet raden.
6. Het conceptantwoord is alleen een hulpmiddel: de feiten en bronnummers daarin kloppen. Verander geen feiten.
7. Schrijf hoogstens vijf zinnen, zonder kopjes of opsommingstekens."""

LANGUAGE_LINE = {
    "nl": "Antwoord in het Nederlands.",
    "en": "Antwoord in het Engels (in English), ook al zijn de passages in het Nederlands.",
}

# Where a reply is cut off: a small model that has said its piece often starts a new "Vraag:" turn,
# repeats the prompt's headings, or pads with empty lines. The OpenAI API accepts at most four.
STOP = ["\n\n\n", "\nVraag:", "\nPassages:", "Conceptantwoord"]

# Phrases only the instructions use: a reply that contains one echoes the prompt.
INSTRUCTION_PHRASES = (
    "gebruik alleen de genummerde passages",
    "voeg niets toe uit je eigen kennis",
    "zet achter elke zin het nummer",
    "zet achter elke bewering",
    "taalniveau b1",
    "conceptantwoord",
    "noem nooit een bedrag",
    "schrijf hoogstens vijf zinnen",
    "je bent de wooncooperatie-assistent",
    "dat wordt ergens anders beslist",
)
