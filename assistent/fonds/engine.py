"""A small engine for the rules in ``rules.toml``: load them, evaluate one rule, list the missing facts.

The data file holds what the rules say (conditions, sentences of the letter, texts); this module
only knows how to read clauses ("these facts have these values → this outcome"), the one
minimum-percentage rule, and the missing-fact conditions. Same facts in, same result out.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal, localcontext
from functools import lru_cache
from importlib import resources
from typing import Any

RULES_FILE = "rules.toml"


@dataclass(frozen=True)
class Source:
    """Where a condition comes from: document, section, paragraph and the verbatim sentence."""

    document: str
    section: str
    paragraph: int
    sentence: str


@dataclass(frozen=True)
class Clause:
    """When every named fact has one of the listed values, the rule has this outcome."""

    match: tuple[tuple[str, tuple[Any, ...]], ...]
    outcome: str
    note: str | None = None
    warning: bool = False

    def matches(self, facts: Mapping[str, Any]) -> bool:
        return all(facts.get(key) in values for key, values in self.match)


@dataclass(frozen=True)
class Minimum:
    """part / whole ≥ percentage (or the percentage the user gave)."""

    percentage: Decimal
    given: str
    part: str
    whole: str


@dataclass(frozen=True)
class RuleSpec:
    """One rule of the fund as the data file states it."""

    code: str
    name: str
    needs: tuple[str, ...]
    clauses: tuple[Clause, ...]
    minimum: Minimum | None
    texts: Mapping[str, str]
    trace_texts: Mapping[str, str]
    questions: Mapping[str, tuple[str, str]]
    sources: tuple[Source, ...]

    def text(self, name: str, language: str = "nl") -> str | None:
        """A text of the rule ('explanation', 'change', 'warning', …) in Dutch or English."""
        if language == "en" and f"{name}_en" in self.texts:
            return self.texts[f"{name}_en"]
        return self.texts.get(name)


@dataclass(frozen=True)
class MissingSpec:
    """A fact the decision needs unless other facts make it unnecessary."""

    key: str
    unless: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    unless_known: tuple[str, ...] = ()
    positive: bool = False

    def is_missing(self, facts: Mapping[str, Any]) -> bool:
        if self.unless and all(facts.get(k) in values for k, values in self.unless):
            return False
        if any(facts.get(k) is not None for k in self.unless_known):
            return False
        value = facts.get(self.key)
        return value is None or (self.positive and value <= 0)


@dataclass(frozen=True)
class RuleBook:
    """All rules, the missing-fact conditions and the answer options, with version and validity."""

    version: str
    valid_from: str
    source: Mapping[str, Any]
    rules: tuple[RuleSpec, ...]
    missing: tuple[MissingSpec, ...]
    options: Mapping[str, tuple[tuple[Any, str], ...]] = field(default_factory=dict)

    def rule(self, code: str) -> RuleSpec:
        return next(rule for rule in self.rules if rule.code == code)


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def parse_rulebook(data: Mapping[str, Any]) -> RuleBook:
    """A RuleBook from the parsed TOML."""
    src = data["source"]
    rules = []
    for raw in data["rule"]:
        clauses = tuple(
            Clause(
                match=tuple((k, tuple(v)) for k, v in clause.items() if k not in ("outcome", "note", "warning")),
                outcome=clause["outcome"],
                note=clause.get("note"),
                warning=bool(clause.get("warning", False)),
            )
            for clause in raw.get("when", [])
        )
        minimum = None
        if "minimum" in raw:
            m = raw["minimum"]
            minimum = Minimum(Decimal(str(m["percentage"])), m["given"], m["part"], m["whole"])
        texts = {k: v for k, v in raw.items() if isinstance(v, str) and k not in ("code", "name")}
        questions = {key: (q["nl"], q["en"]) for key, q in raw.get("questions", {}).items()}
        sources = tuple(
            Source(src["document"], src["section"], int(s["paragraph"]), s["sentence"]) for s in raw["source"]
        )
        rules.append(
            RuleSpec(
                code=raw["code"],
                name=raw["name"],
                needs=tuple(raw["needs"]),
                clauses=clauses,
                minimum=minimum,
                texts=texts,
                trace_texts=dict(raw.get("trace", {})),
                questions=questions,
                sources=sources,
            )
        )
    missing = tuple(
        MissingSpec(
            key=m["key"],
            unless=tuple((k, tuple(v)) for k, v in m.get("unless", {}).items()),
            unless_known=tuple(m.get("unless_known", ())),
            positive=bool(m.get("positive", False)),
        )
        for m in data["missing"]
    )
    options = {key: tuple((value, label) for value, label in pairs) for key, pairs in data.get("options", {}).items()}
    return RuleBook(
        version=str(data["version"]),
        valid_from=_iso(data["valid_from"]),
        source={k: _iso(v) for k, v in src.items()},
        rules=tuple(rules),
        missing=missing,
        options=options,
    )


@lru_cache(maxsize=1)
def load_rulebook() -> RuleBook:
    """The rules shipped with the package (assistent/fonds/rules.toml)."""
    text = resources.files("assistent.fonds").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return parse_rulebook(tomllib.loads(text))


# --------------------------------------------------------------------------- arithmetic


def exact(value: float | int | Decimal) -> Decimal:
    """Exact decimal of a number as the user wrote it (shortest repr, so 49999.99 stays 49999.99)."""
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def round6(value: Decimal) -> Decimal:
    """Round to 6 decimals (half-even), leaving huge values (far above 5%) as they are."""
    with localcontext() as context:
        context.prec = 60
        if value.adjusted() > 40:
            return value
        return value.quantize(Decimal("0.000001"), ROUND_HALF_EVEN)


def percentage(minimum: Minimum, facts: Mapping[str, Any]) -> tuple[Decimal | None, str | None]:
    """The percentage the rule compares (rounded to 6 decimals) and where it came from."""
    given = facts.get(minimum.given)
    if given is not None:
        return round6(exact(given)), "given"
    part, whole = facts.get(minimum.part), facts.get(minimum.whole)
    if part is None or whole is None or exact(whole) <= 0:
        return None, None
    with localcontext() as context:
        context.prec = 60
        pct = Decimal(100) * exact(part) / exact(whole)
    return round6(pct), "computed"


def minimum_part(minimum: Minimum, whole: float | int | Decimal) -> Decimal:
    """The smallest whole-euro part that meets the minimum: percentage × whole / 100, rounded up."""
    with localcontext() as context:
        context.prec = 60
        return (exact(whole) * minimum.percentage / Decimal(100)).quantize(Decimal(1), ROUND_CEILING)


def maximum_whole(minimum: Minimum, part: float | int | Decimal) -> Decimal:
    """The largest whole-euro financing that a part still covers at the minimum percentage."""
    with localcontext() as context:
        context.prec = 60
        return (exact(part) * Decimal(100) / minimum.percentage).to_integral_value(rounding="ROUND_FLOOR")


def evaluate(rule: RuleSpec, facts: Mapping[str, Any]) -> tuple[str, Clause | None, Decimal | None, str | None]:
    """(outcome, matching clause, percentage, its origin) of one rule for the facts."""
    if rule.minimum is not None:
        pct, origin = percentage(rule.minimum, facts)
        if pct is None:
            return "unknown", None, None, None
        return ("pass" if pct >= rule.minimum.percentage else "fail"), None, pct, origin
    for clause in rule.clauses:
        if clause.matches(facts):
            return clause.outcome, clause, None, None
    if any(facts.get(key) is None for key in rule.needs):
        return "unknown", None, None, None
    return "pass", None, None, None


def missing_keys(book: RuleBook, facts: Mapping[str, Any]) -> list[str]:
    """README rule 2: the facts the decision still needs, in the data file's order."""
    return [m.key for m in book.missing if m.is_missing(facts)]
