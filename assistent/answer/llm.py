"""Optional LLM rephrasing: an OpenAI-compatible server (Ollama, vLLM, llama.cpp) rewrites the
evidence-first draft in plain language, and the answer is only used when it passes the guards.

The LLM never decides anything: it gets the numbered passages the draft cites and the draft itself,
and may only say again what they say. Every failure (server down, timeout, bad answer) becomes an
outcome with passed=False, so the caller falls back to the extractive answer.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import openai
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from assistent.answer.extractive import Draft
from assistent.text.numbers import format_date
from assistent.errors import LLMError
from assistent.answer.guard import check_answer
from assistent.settings import Settings

log = logging.getLogger("assistent.answer.llm")

SYSTEM_PROMPT = """Je bent de Wooncoöperatie-assistent. Je schrijft een kort antwoord op de vraag van een bewoner.
Schrijf in eenvoudig Nederlands (taalniveau B1): korte zinnen, gewone woorden.

Regels:
1. Gebruik ALLEEN de genummerde passages die je krijgt. Voeg niets toe uit je eigen kennis.
2. Zet achter elke bewering het nummer van de passage waar die uit komt, zo: [1]. Gebruik alleen nummers die bij de passages staan.
3. Noem nooit een bedrag, percentage, datum, jaartal of aantal dat niet letterlijk in de passages staat.
4. Zeg nooit of een initiatief wel of niet in aanmerking komt voor het fonds. Dat wordt ergens anders beslist. Gebruik de woorden "in aanmerking komen" niet.
5. Geven de passages geen antwoord op de vraag? Zeg dat dan eerlijk. Ga niet raden.
6. Het conceptantwoord is alleen een hulpmiddel: de feiten en bronnummers daarin kloppen. Verander geen feiten.
7. Schrijf hoogstens vijf zinnen, zonder kopjes of opsommingstekens."""

LANGUAGE_LINE = {
    "nl": "Antwoord in het Nederlands.",
    "en": "Antwoord in het Engels (in English), ook al zijn de passages in het Nederlands.",
}


@dataclass
class LLMOutcome:
    """The end of an LLM stream: the full text, whether it passed the guards, and the guard report."""

    text: str
    passed: bool
    report: dict[str, Any] = field(default_factory=dict)


class LLMComposer:
    """Rephrases a Draft with an OpenAI-compatible chat model; the guards decide if the answer is used."""

    def __init__(self, settings: Settings):
        if not settings.llm_base_url:
            raise LLMError("Geen adres voor het taalmodel: zet ASSISTENT_LLM_BASE_URL, bijvoorbeeld http://127.0.0.1:11434/v1.")
        if not settings.llm_base_url.startswith(("http://", "https://")):
            raise LLMError(f"Het adres van het taalmodel moet met http:// of https:// beginnen, niet {settings.llm_base_url!r}.")
        if not settings.llm_timeout_s > 0:
            raise LLMError(f"De wachttijd voor het taalmodel moet groter zijn dan 0 seconden (nu {settings.llm_timeout_s}).")
        if not settings.llm_model.strip():
            raise LLMError("Geen naam van het taalmodel: zet ASSISTENT_LLM_MODEL.")
        self.base_url = settings.llm_base_url.rstrip("/")
        self.model = settings.llm_model
        self.timeout_s = float(settings.llm_timeout_s)
        self.chat = ChatOpenAI(
            base_url=self.base_url,
            api_key=settings.llm_api_key or "not-needed",
            model=self.model,
            temperature=settings.llm_temperature,
            timeout=self.timeout_s,
            max_retries=1,
            streaming=True,
            stream_usage=False,  # many local servers do not support usage in streams
        )

    def messages(self, question: str, lang: str, draft: Draft) -> list[BaseMessage]:
        """The system prompt (Dutch) and a user message with the question, numbered passages and draft."""
        system = SYSTEM_PROMPT + "\n" + LANGUAGE_LINE.get(lang, LANGUAGE_LINE["nl"])
        blocks = []
        for n, sp in enumerate(draft.cited, 1):
            p = sp.passage
            head = f"[{n}] {p.title}"
            if p.section:
                head += f" — {p.section}"
            if p.date:
                head += f" ({format_date(p.date, 'nl')})"
            blocks.append(f"{head}\n{p.text}")
        passages = "\n\n".join(blocks) if blocks else "(geen passages gevonden)"
        user = (
            f"Vraag: {question.strip()}\n\n"
            f"Passages:\n{passages}\n\n"
            f"Conceptantwoord (alleen ter referentie, gemaakt uit dezelfde passages):\n{draft.answer}\n\n"
            "Schrijf nu je antwoord, met [n] achter elke bewering."
        )
        return [SystemMessage(content=system), HumanMessage(content=user)]

    def stream(self, question: str, lang: str, draft: Draft) -> Iterator[str | LLMOutcome]:
        """Yield the answer in chunks as they arrive, then one LLMOutcome (never raises)."""
        parts: list[str] = []
        deadline = time.monotonic() + self.timeout_s
        try:
            for chunk in self.chat.stream(self.messages(question, lang, draft)):
                piece = chunk.text
                if piece:
                    parts.append(piece)
                    yield piece
                if time.monotonic() > deadline:
                    raise TimeoutError("stream took too long")
        except Exception as exc:  # every failure of the server or the client means: use the extractive answer
            reason = self.describe_error(exc)
            log.warning("Taalmodel mislukt: %s (%r)", reason, exc)
            report = {"passed": False, "reasons": [reason], "error": type(exc).__name__, "model": self.model}
            yield LLMOutcome("".join(parts), False, report)
            return
        text = "".join(parts).strip()
        report = check_answer(text, draft)
        yield LLMOutcome(text, report.passed, {**report.to_dict(), "model": self.model})

    def complete(self, question: str, lang: str, draft: Draft) -> LLMOutcome:
        """The whole answer at once (the same guards as stream)."""
        outcome = None
        for item in self.stream(question, lang, draft):
            if isinstance(item, LLMOutcome):
                outcome = item
        assert outcome is not None
        return outcome

    def describe_error(self, exc: BaseException) -> str:
        """A plain-Dutch reason for a failed call."""
        if isinstance(exc, (openai.APITimeoutError, TimeoutError)):
            seconds = f"{self.timeout_s:g}".replace(".", ",")
            return f"Het taalmodel antwoordde niet binnen {seconds} seconden."
        if isinstance(exc, openai.APIConnectionError):
            return f"Het taalmodel op {self.base_url} is niet bereikbaar."
        if isinstance(exc, openai.APIStatusError):
            return f"Het taalmodel gaf een foutmelding (HTTP {exc.status_code})."
        return f"Het taalmodel gaf een onbruikbaar antwoord ({type(exc).__name__})."
