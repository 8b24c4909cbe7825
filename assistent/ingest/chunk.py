"""Stage 3 — chunk: clean text becomes passages of about one paragraph, each knowing its section path.

Sizes (chars) come from Settings.chunk_*; why these values is written down in README → "Passages".
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from assistent.ingest.clean import looks_like_heading
from assistent.ingest.manifest import SourceSpec
from assistent.models import CleanDocument, Passage
from assistent.text import fold, short_hash, split_sentences

INTRO_SECTION = "Inleiding"


@dataclass(frozen=True)
class ChunkSizes:
    target: int = 420
    max: int = 650
    min: int = 140

    def __post_init__(self) -> None:
        if not (0 < self.min <= self.target <= self.max):
            raise ValueError(f"chunk sizes must satisfy 0 < min <= target <= max, got {self}")


@dataclass
class _Para:
    start: int
    end: int
    section: tuple[str, ...]
    number: int


def chunk(doc: CleanDocument, spec: SourceSpec, sizes: ChunkSizes = ChunkSizes()) -> list[Passage]:
    """Split a clean document into passages (headings become section paths, not passages)."""
    paras = _paragraphs(doc, spec)
    spans: list[tuple[int, int, _Para]] = []
    for para in paras:
        for s, e in _split_long(doc.text, para.start, para.end, sizes):
            spans.append((s, e, para))
    spans = _merge_tiny(spans, sizes)
    passages: list[Passage] = []
    seen: set[str] = set()
    for start, end, para in spans:
        text = doc.text[start:end]
        pid = f"{doc.source_id}-{short_hash(doc.source_id + '|' + text)}"
        while pid in seen:
            pid += "x"
        seen.add(pid)
        notes = [
            f"[{num}] {doc.footnotes[num]}" for off, num in doc.footnote_refs if start <= off <= end and num in doc.footnotes
        ]
        passages.append(
            Passage(
                id=pid,
                source_id=doc.source_id,
                title=doc.title,
                date=doc.date,
                section_path=list(para.section),
                paragraph=para.number,
                page=doc.page_at(start),
                page_end=doc.page_at(max(start, end - 1)),
                char_start=start,
                char_end=end,
                text=text,
                notes=notes,
            )
        )
    return passages


def _paragraphs(doc: CleanDocument, spec: SourceSpec) -> list[_Para]:
    outline = spec.heading_levels()
    md_levels = dict(doc.heading_levels)
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in doc.text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1

    def heading_level(i: int) -> int | None:
        s, e = lines[i]
        line = doc.text[s:e]
        if s in md_levels:
            return md_levels[s]
        if outline:
            return outline.get(fold(line))
        if looks_like_heading(line) and i + 1 < len(lines):
            return 0  # level decided from the neighbours below
        return None

    levels = [heading_level(i) for i in range(len(lines))]
    # Heuristic levels where no outline or markup says: a heading straight after another one sits below it.
    for i, lvl in enumerate(levels):
        if lvl == 0:
            prev = levels[i - 1] if i > 0 else None
            levels[i] = (prev + 1) if prev else 1

    stack: list[tuple[int, str]] = []
    counters: dict[tuple[str, ...], int] = {}
    paras: list[_Para] = []
    for (s, e), lvl in zip(lines, levels):
        if s == e:
            continue
        if lvl:
            while stack and stack[-1][0] >= lvl:
                stack.pop()
            stack.append((lvl, doc.text[s:e]))
            continue
        section = tuple(h for _, h in stack) or (INTRO_SECTION,)
        counters[section] = counters.get(section, 0) + 1
        paras.append(_Para(s, e, section, counters[section]))
    return paras


def _split_long(text: str, start: int, end: int, sizes: ChunkSizes) -> list[tuple[int, int]]:
    """Split a paragraph longer than sizes.max at sentence boundaries into near-equal parts."""
    length = end - start
    if length <= sizes.max:
        return [(start, end)]
    sents = [(start + s, start + e) for s, e in split_sentences(text[start:end])]
    parts = max(2, math.ceil(length / sizes.target))
    goal = length / parts
    out: list[tuple[int, int]] = []
    cur_start, cur_end = sents[0]
    for s, e in sents[1:]:
        if (cur_end - cur_start) >= goal or (e - cur_start) > sizes.max:
            out.append((cur_start, cur_end))
            cur_start = s
        cur_end = e
    out.append((cur_start, cur_end))
    # a very short tail joins the part before it when that stays within max
    if len(out) > 1 and out[-1][1] - out[-1][0] < sizes.min and out[-1][1] - out[-2][0] <= sizes.max:
        out[-2:] = [(out[-2][0], out[-1][1])]
    return out


def _merge_tiny(spans: list[tuple[int, int, _Para]], sizes: ChunkSizes) -> list[tuple[int, int, _Para]]:
    """Merge a paragraph shorter than sizes.min with its neighbour in the same section."""
    out: list[tuple[int, int, _Para]] = []
    i = 0
    while i < len(spans):
        s, e, p = spans[i]
        while (
            e - s < sizes.min
            and i + 1 < len(spans)
            and spans[i + 1][2].section == p.section
            and spans[i + 1][1] - s <= sizes.max
        ):
            i += 1
            e = spans[i][1]
        if e - s < sizes.min and out and out[-1][2].section == p.section and e - out[-1][0] <= sizes.max:
            ps, _, pp = out.pop()
            out.append((ps, e, pp))
        else:
            out.append((s, e, p))
        i += 1
    return out
