"""Stage 3 — chunk: clean text becomes passages of about one paragraph, each knowing its section path.

Sizes (chars) come from Settings.chunk_*; why these values is written down in README → "Passages".
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistent.ingest.clean import looks_like_heading
from assistent.ingest.manifest import SourceSpec
from assistent.models import CleanDocument, Passage
from assistent.text import fold, refers_back, short_hash, split_sentences

INTRO_SECTION = "Inleiding"
# split_sentences sees at most this many characters at a time, so a paragraph of megabytes costs linear time
SENTENCE_WINDOW = 20_000
_CLAUSE = re.compile(r"(?<=[;:,)\]])\s+|\s+(?=[–—]\s)")
_SPACE = re.compile(r"\s+")


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
    table: bool = False  # a whole table: split only between rows


def chunk(doc: CleanDocument, spec: SourceSpec, sizes: ChunkSizes = ChunkSizes()) -> list[Passage]:
    """Split a clean document into passages (headings become section paths, not passages)."""
    paras = _paragraphs(doc, spec, sizes)
    spans: list[tuple[int, int, _Para]] = []
    for para in paras:
        split = _split_rows if para.table else _split_long
        for s, e in split(doc.text, para.start, para.end, sizes):
            spans.append((s, e, para))
    spans = _merge_tiny(spans, sizes)
    passages: list[Passage] = []
    seen: set[str] = set()
    repeats: dict[str, int] = {}
    previous: tuple[int, int, _Para] | None = None
    for start, end, para in spans:
        text = doc.text[start:end]
        lead_in = _lead_in(doc.text, previous, text, para)
        previous = (start, end, para)
        base = f"{doc.source_id}-{short_hash(doc.source_id + '|' + text)}"
        # the same text again gets x, xx, xxx, then x4, x5 … (a counter, so thousands of repeats stay linear)
        n = repeats.get(base, 0)
        pid = base if n == 0 else base + ("x" * n if n <= 3 else f"x{n}")
        while pid in seen:
            n += 1
            pid = base + f"x{n}"
        repeats[base] = n + 1
        seen.add(pid)
        refs = [(off, num) for off, num in doc.footnote_refs if start <= off <= end and num in doc.footnotes]
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
                notes=[f"[{num}] {doc.footnotes[num]}" for _, num in refs],
                note_at=[off - start for off, _ in refs],
                lead_in=lead_in,
            )
        )
    return passages


def _lead_in(text: str, previous: tuple[int, int, _Para] | None, passage: str, para: _Para) -> str:
    """The last sentence of the passage before, when this one opens by referring back to it within one section."""
    if previous is None or previous[2].section != para.section or not refers_back(passage.lstrip()):
        return ""
    before = text[max(previous[0], previous[1] - SENTENCE_WINDOW) : previous[1]]
    spans = split_sentences(before)
    return before[spans[-1][0] : spans[-1][1]].strip() if spans else ""


def _paragraphs(doc: CleanDocument, spec: SourceSpec, sizes: ChunkSizes = ChunkSizes()) -> list[_Para]:
    outline = spec.heading_levels()
    md_levels = dict(doc.heading_levels)
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in doc.text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1

    def heading_level(i: int) -> int | None:
        s, e = lines[i]
        if e - s > sizes.max:
            return None  # a line longer than a passage is text, whatever its markup says
        line = doc.text[s:e]
        if s in md_levels:
            return md_levels[s]
        if outline:
            return outline.get(fold(line))
        if doc.layout_headings:
            return None  # the layout said which lines are headings
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
    tables = iter(doc.tables)
    table = next(tables, None)
    for (s, e), lvl in zip(lines, levels):
        if s == e:
            continue
        while table is not None and table[1] < s:
            table = next(tables, None)
        in_table = table is not None and table[0] <= s < table[1]
        if lvl and not in_table:
            while stack and stack[-1][0] >= lvl:
                stack.pop()
            stack.append((lvl, doc.text[s:e]))
            continue
        section = tuple(h for _, h in stack) or (INTRO_SECTION,)
        if in_table and paras and paras[-1].table and paras[-1].end + 1 == s and table[0] < s:
            paras[-1].end = e  # the next row of the same table
            continue
        counters[section] = counters.get(section, 0) + 1
        paras.append(_Para(s, e, section, counters[section], table=in_table))
    return paras


def _split_long(text: str, start: int, end: int, sizes: ChunkSizes) -> list[tuple[int, int]]:
    """Split a paragraph longer than sizes.max into near-equal parts of at most sizes.max characters.

    Parts end at sentence ends; a sentence longer than sizes.max is cut at clauses, then at whitespace, then
    hard. Linear in the paragraph's length."""
    if end - start <= sizes.max:
        return [(start, end)]
    units: list[tuple[int, int]] = []
    for ws, we in _windows(text, start, end):
        for s, e in split_sentences(text[ws:we]):
            units.extend(_pieces(text, ws + s, ws + e, sizes.max))
    return _group(units, end - start, sizes)


def _split_rows(text: str, start: int, end: int, sizes: ChunkSizes) -> list[tuple[int, int]]:
    """A table (one row per line) in near-equal parts of at most sizes.max characters, cut only between rows; a
    row longer than that is cut like a long sentence."""
    if end - start <= sizes.max:
        return [(start, end)]
    units: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        row_end = end if nl < 0 else nl
        units.extend(_pieces(text, pos, row_end, sizes.max))
        pos = row_end + 1
    return _group(units, end - start, sizes)


def _group(units: list[tuple[int, int]], length: int, sizes: ChunkSizes) -> list[tuple[int, int]]:
    """Consecutive units (sentences, rows) grouped into near-equal parts of at most sizes.max characters."""
    if not units:
        return []
    parts = max(2, math.ceil(length / sizes.target))
    goal = length / parts
    out: list[tuple[int, int]] = []
    cur_start, cur_end = units[0]
    for s, e in units[1:]:
        if (cur_end - cur_start) >= goal or (e - cur_start) > sizes.max:
            out.append((cur_start, cur_end))
            cur_start = s
        cur_end = e
    out.append((cur_start, cur_end))
    # a very short tail joins the part before it when that stays within max
    if len(out) > 1 and out[-1][1] - out[-1][0] < sizes.min and out[-1][1] - out[-2][0] <= sizes.max:
        out[-2:] = [(out[-2][0], out[-1][1])]
    return out


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stretches of at most SENTENCE_WINDOW characters, cut after a sentence end or at a space where possible."""
    out = []
    pos = start
    while end - pos > SENTENCE_WINDOW:
        limit = pos + SENTENCE_WINDOW
        cut = max(text.rfind(". ", pos, limit), text.rfind("? ", pos, limit), text.rfind("! ", pos, limit))
        cut = cut + 1 if cut > pos else text.rfind(" ", pos, limit)
        if cut <= pos:
            cut = limit
        out.append((pos, cut))
        pos = cut
    out.append((pos, end))
    return out


def _pieces(text: str, start: int, end: int, limit: int, level: int = 0) -> list[tuple[int, int]]:
    """Cut [start, end) into pieces of at most `limit` chars: at clauses (level 0), whitespace (1), else hard (2)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start <= limit:
        return [(start, end)] if end > start else []
    if level >= 2:
        return [(i, min(i + limit, end)) for i in range(start, end, limit)]
    pattern = _CLAUSE if level == 0 else _SPACE
    cuts = [(m.start(), m.end()) for m in pattern.finditer(text, start, end)] + [(end, end)]
    out: list[tuple[int, int]] = []
    cur, best, i = start, None, 0
    while i < len(cuts):
        piece_end, next_start = cuts[i]
        if piece_end - cur <= limit:
            best = (piece_end, next_start)
            i += 1
        elif best is not None and best[0] > cur:
            out.append((cur, best[0]))
            cur, best = best[1], None
        else:  # no cut fits: this stretch alone is too long, cut it finer
            out.extend(_pieces(text, cur, piece_end, limit, level + 1))
            cur, best = next_start, None
            i += 1
    if cur < end:
        out.append((cur, end))
    return [(s, e) for s, e in out if e > s and text[s:e].strip()]


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
