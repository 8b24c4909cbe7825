"""Conversation: language of a question, question type, and follow-ups rewritten into standalone questions.

Deterministic, no LLM: a follow-up ("en voor de bouwfase?") borrows the topic of the previous
user question and swaps in what the follow-up changes.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from assistent.models import Turn
from assistent.text import fold, tokens

_EN = {
    "the", "what", "which", "who", "how", "why", "when", "where", "is", "are", "does", "do", "can", "could", "would",
    "should", "we", "our", "my", "for", "of", "to", "and", "in", "with", "much", "many", "fund", "letter", "about",
    "there", "it", "be", "if", "an", "a", "from", "will", "have", "has", "get", "need", "any", "this",
}
_NL = {
    "de", "het", "een", "wat", "welke", "wie", "hoe", "waarom", "wanneer", "waar", "is", "zijn", "kan", "kunnen",
    "mag", "mogen", "we", "wij", "onze", "ons", "mijn", "voor", "van", "en", "in", "met", "hoeveel", "fonds", "brief",
    "over", "er", "als", "dat", "die", "dit", "niet", "geen", "ook", "nog", "moet", "moeten", "heeft", "hebben",
    "wordt", "worden", "bij", "aan", "op", "toch", "klopt", "gaat",
}


def detect_language(text: str) -> str:
    """'en' or 'nl' (ties go to Dutch: most users write Dutch)."""
    words = tokens(text)
    en = sum(w in _EN for w in words)
    nl = sum(w in _NL for w in words)
    return "en" if en > nl else "nl"


QUESTION_TYPES = {
    "hoeveel": r"^(hoeveel|hoe (veel|hoog|groot|lang)|wat (is|zijn) (het|de) (bedrag|percentage|hoogte|omvang)|how (much|many|high|large|long))\b",
    "wanneer": r"^(wanneer|vanaf wanneer|tot wanneer|per wanneer|in welk jaar|when|by when|until when|from when)\b",
    "wie": r"^(wie|welke (organisatie|partij|partijen|instantie)|who|which (organisation|organization|party|parties|bank))\b",
    "mag": r"^(mag|mogen|is het toegestaan|may|are .* allowed|is .* allowed)\b",
    "kan": r"^(kan|kunnen|komen|komt|krijgen|krijgt|heeft|hebben|is|zijn|moet|moeten|geldt|can|could|do|does|is|are|will|should|must)\b",
    "waarom": r"^(waarom|why|om welke reden|wat is de reden)\b",
    "hoe": r"^(hoe|how|op welke manier)\b",
    "wat": r"^(wat|welke|which|what)\b",
}


def question_type(question: str) -> str:
    q = fold(question)
    q = re.sub(r"^(en|maar|dus|ok|oke|nou|and|but|so)\s*,?\s+", "", q)
    for name, pattern in QUESTION_TYPES.items():
        if re.search(pattern, q):
            return name
    # question word later in the sentence ("En de bouwfase, hoeveel ...?")
    for name in ("hoeveel", "wanneer", "waarom", "wie"):
        if re.search(QUESTION_TYPES[name].replace("^", r"\b"), q):
            return name
    return "wat"


# a turn that continues the previous one: a conjunction first, or a bare prepositional phrase ("En voor
# koopwoningen?"); a preposition with its question word ("Voor wie is het fonds bedoeld?") opens a question of its own
_FOLLOW_UP = re.compile(
    r"^(en|maar|ook|dus|and|but|what about|how about|also)\b|^(en |and )?(als|if|voor|for|bij|in|met|with|zonder|without)\b"
    r"(?!\s(wie|wat|welke|welk|hoeverre|hoeveel|hoelang|waar|wanneer|whom|who|what|which|how)\b)"
)
_PRONOUN = re.compile(r"\b(dat|die|dit|daar|daarvan|daarvoor|hij|zij|ze|het|that|this|it|they|them|those)\b")
# a word that stands for something said before: a demonstrative or personal pronoun, a pronominal adverb ('daarmee',
# 'erin'), 'dan'/'then'; 'dat' and 'het' are left out, they are as often a conjunction or an article
_POINTS_BACK = re.compile(
    r"\b(die|dit|deze|daar\w*|er(van|in|mee|over|aan|voor|bij|op|uit|door|tegen|toe)?|hij|zij|ze|hen|hun|ie"
    r"|they|them|those|these|it|that|there|dan|then)\b"
)

# slots a follow-up may swap: each group lists interchangeable phrasings
_SWAPS = [
    ("planfase", "bouwfase", "initiatieffase", "plan phase", "build phase", "construction phase"),
    ("huurwoningen", "koopwoningen", "huur", "koop", "rental", "owner-occupied"),
    ("nieuwbouw", "transformatie", "bestaande bouw"),
    ("gemeenten", "provincies", "corporaties", "woningcorporaties", "banken", "ontwikkelaars"),
]


def mentions_earlier(question: str) -> bool:
    """Whether the question has a word that stands for something said before ('die', 'daar', 'erin', 'they')."""
    return _POINTS_BACK.search(fold(question)) is not None


# how much a question that points back must name by itself to stand alone, in rarest words of the sources
OWN_TOPIC = 1.5


def is_follow_up(question: str, topic: float | None = None) -> bool:
    """Whether a question continues the one before it. `topic` is how much the question names by itself, in
    rarest words of the sources (None: unknown); a question that points back and names less than one rarest word's
    worth ('wanneer weten we daar meer over?', 'kunnen die ook bij het fonds lenen?'), or names nothing the sources
    know ('vanaf wanneer?'), leans on what was said before."""
    q = fold(question)
    words = tokens(q)
    if not words:
        return False
    if topic is not None and (topic == 0 or (topic < OWN_TOPIC and mentions_earlier(question))):
        return True
    if _FOLLOW_UP.search(q) and len(words) <= 12:
        return True
    # a word that points back with 'dan' ('Hoeveel is dat dan bij 3 miljoen?', 'Waar moeten die dan aankloppen?')
    if len(words) <= 10 and _PRONOUN.search(q) and re.search(r"\b(dan|then)\b", q):
        return True
    return len(words) <= 5 and bool(_PRONOUN.search(q))


def standalone(question: str, history: list[Turn] | None, topic: Callable[[str], float] | None = None) -> str:
    """The question as it would be asked without the conversation before it; `topic` tells how much a question
    names by itself (see is_follow_up)."""
    if not history:
        return question
    at = next((i for i in range(len(history) - 1, -1, -1)
               if history[i].role == "user" and history[i].content.strip()), None)
    if at is None or not is_follow_up(question, topic(question) if topic else None):
        return question
    # the earlier question as it would be asked alone: it may itself be a follow-up ('Wat moet er dan klaar zijn?')
    base = standalone(history[at].content, history[:at], topic).rstrip(" ?!.")
    q_fold = fold(question)
    swapped = False
    for group in _SWAPS:
        new = next((w for w in group if re.search(rf"\b{re.escape(w)}\b", q_fold)), None)
        if not new:
            continue
        for old in group:
            if old != new and re.search(rf"\b{re.escape(old)}\b", fold(base)):
                base = re.sub(rf"\b{re.escape(old)}\b", new, base, flags=re.IGNORECASE)
                swapped = True
    topic = re.match(r"^(?:en|and|maar|but)?\s*(?:over|about|wat betreft|what about|how about)\s+(.+)$", question.strip(" ?!."), re.I)
    if topic and re.search(r"\b(over|about)\b", base, re.I):
        # "Wat zegt de brief over huurtoeslag?" + "en over de kostendelersnorm?" → a new object, same question
        return re.sub(r"\b(over|about)\b.*$", lambda m: m.group(1) + " " + topic.group(1), base, count=1, flags=re.I) + "?"
    rest = re.sub(r"^(en|maar|ook|dus|and|but|what about|how about|also)\s+", "", question.strip(), flags=re.I)
    if swapped:
        return base + "? (" + rest.rstrip(" ?") + ")"
    return base + ": " + rest


# how much of the last answer a follow-up is searched with: what 'die' or 'daar' points to was mostly just said
SAID_CHARS = 150


def last_said(history: list[Turn] | None) -> str:
    """What the assistant said last, as words to search with: its lines without headings ('Volgens …:'),
    citation and quotation marks, cut at SAID_CHARS."""
    last = next((t.content for t in reversed(history or []) if t.role == "assistant"), "")
    lines = [line for line in last.splitlines() if line.strip() and not line.rstrip().endswith(":")]
    return re.sub(r"\[\d+\]|[\"“”]", "", " ".join(lines)).strip()[:SAID_CHARS]
