"""Alternatives that exclude each other: a loan is no grant, rent is no purchase, the plan phase is not the build phase.

A claim that says one member of a set where the sources, on the same subject, say another is contradicted by
them (`answer.answerability.contrast_conflict`). Each member is a pattern on folded text, Dutch and English;
the sets are general Dutch and housing vocabulary, not phrasings of any one question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Member:
    """One alternative of a set: its name in an answer and the words that say it."""

    name: str
    pattern: re.Pattern[str]


def _set(**members: str) -> tuple[Member, ...]:
    return tuple(Member(name.replace("_", " "), re.compile(rf"\b(?:{words})\b")) for name, words in members.items())


# which way something goes: also the two ends of a scale (`text.analysis.scale_ends`: 'neemt toe' — 'neemt af')
DIRECTION: tuple[Member, ...] = _set(
    neemt_toe=r"toe(?:neemt|nemen|genomen|name)|(?:neemt|nemen)(?= (?:\w+ ){0,6}toe\b)|groei(?:t|en|ende?)|gegroeid"
              r"|stijgt|stijgen|gestegen|increas\w*|grow\w*|ris(?:e|es|ing)|go(?:es|ing) up",
    neemt_af=r"af(?:neemt|nemen|genomen|name)|(?:neemt|nemen)(?= (?:\w+ ){0,6}af\b)|daalt|dalen|gedaald|krimpt|krimpen"
             r"|gekrompen|decreas\w*|declin\w*|shrink\w*|fall(?:s|ing)|dropp?(?:s|ing)|go(?:es|ing) down"
             r"|dying out|dies out",
)

CONTRAST_SETS: tuple[tuple[Member, ...], ...] = (
    # what money is given as
    _set(leningen=r"lening\w*|leent|lenen|loans?|lends?|lending",
         subsidie=r"subsidie\w*|subsidies|grants?|schenking\w*|gift\w*"),
    # how the homes are held
    _set(huurwoningen=r"huur|huurwoning\w*|huurhuizen|rental|rent|rented",
         koopwoningen=r"koop|koopwoning\w*|koophuizen|owner-occupied|for sale|to buy"),
    # the rent segment
    _set(sociale_huur=r"sociale huur\w*|social (?:rent|rental|housing)",
         middenhuur=r"middenhuur\w*|mid-(?:rent|market rent)\w*|middle rent\w*",
         vrije_sector=r"vrije sector\w*|free sector|private sector rent\w*"),
    # the phases of a building project
    _set(initiatieffase=r"initiatief\s?fase|initiative (?:phase|stage)",
         planfase=r"plan\s?fase|plan(?:ning)? (?:phase|stage)|voorbereidende fase|voorbereidingsfase",
         bouwfase=r"bouw\s?fase|(?:construction|building|build) (?:phase|stage)"),
    # new homes or existing ones
    _set(nieuwbouw=r"nieuwbouw\w*|nieuwe woningen|new[- ]build\w*|new homes",
         bestaande_woningen=r"bestaande (?:woningen|bouw|huizen|panden|gebouwen)|existing (?:homes|housing|buildings)"),
    # whether a home is let or free of tenants when it is valued or sold
    _set(in_verhuurde_staat=r"verhuurde? staat|verhuurde waarde|verhuurd|met (?:de )?huurders? (?:er )?in"
                            r"|with (?:the )?tenants (?:still )?in (?:them|it)|tenanted|rented out|let to tenants",
         vrij_van_huur=r"vrij van huur|leeg|vacant|empty|without tenants|free of tenants|vacant possession"),
    # which way something goes
    DIRECTION,
)


@lru_cache(maxsize=4096)
def alternatives(text: str) -> tuple[tuple[int, str, int, int], ...]:
    """(set, member, start, end) of every alternative said in folded text, in order."""
    found = []
    for i, members in enumerate(CONTRAST_SETS):
        for member in members:
            found += [(i, member.name, m.start(), m.end()) for m in member.pattern.finditer(text)]
    return tuple(sorted(found, key=lambda f: f[2]))


def members_said(group: int, text: str) -> list[str]:
    """The names of the members of set `group` that a folded text says, in order, each once."""
    return list(dict.fromkeys(name for g, name, _, _ in alternatives(text) if g == group))
