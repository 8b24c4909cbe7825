"""Stage 3b — subjects: each passage learns which fund or scheme it speaks of (see assistent.text.schemes)."""
from __future__ import annotations

from assistent.ingest.manifest import Subjects
from assistent.models import Passage
from assistent.text.schemes import SchemeNames, key, resolve


def annotate(passages: list[Passage], subjects: Subjects) -> None:
    """Set `about` on every passage, document by document in text order (a generic 'het fonds' refers back)."""
    organisations = frozenset(key(o) for o in subjects.organisations)
    by_source: dict[str, list[Passage]] = {}
    for p in passages:
        by_source.setdefault(p.source_id, []).append(p)
    for group in by_source.values():
        group.sort(key=lambda p: p.char_start)
        names = SchemeNames(organisations=organisations)
        for p, about in zip(group, resolve([(p.text, p.section_path) for p in group], names, group[0].title)):
            p.about = about
