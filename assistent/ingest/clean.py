"""Stage 2 — clean: conversion artefacts, footnotes, page furniture and PDF line breaks out; blocks of text in.

The result is a CleanDocument whose `text` is its blocks (paragraphs and headings) joined by
newlines; every offset elsewhere (footnote references, page starts, passage spans) points into it.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from assistent.models import CleanDocument, LoadedDocument

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_FOOTNOTE_BODY = re.compile(r"\[(\d+):\s+(.*?)\s*\]")
_FOOTNOTE_REF = re.compile(r"\[footnoteRef:(\d+)\]")
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007\u2009\u200a]+")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_JOIN_KEEP_HYPHEN = {"en", "of", "tot", "en/of", "t/m"}
# markup in TXT/MD is removed at ingest: a passage is text, and no answer may carry active HTML
_HTML_DROP = re.compile(
    r"<!--[\s\S]*?(?:-->|$)|<(script|style|iframe|object|embed|template|noscript)\b[^<>]*>[\s\S]*?(?:</\1\s*>|$)",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_MD_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"  # (url), one level of parentheses inside allowed
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]" + _MD_TARGET)
_MD_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]" + _MD_TARGET)


@dataclass
class Block:
    text: str
    page: int | None = None
    level: int | None = None  # heading level when the markup says so (Markdown)
    # (offset in text, page) where the block runs onto a later page (a PDF paragraph across a page break)
    page_breaks: list[tuple[int, int]] = field(default_factory=list)
    table: int | None = None  # the number of the table this block is a row of (PDF layout)


def clean_text(text: str) -> str:
    """Remove conversion artefacts from a text fragment (used for quotes and eval evidence too)."""
    text = _BOOKMARK.sub("", text)
    text = _FOOTNOTE_BODY.sub("", text)
    text = _FOOTNOTE_REF.sub("", text)
    text = text.replace("\u00ad", "")
    return _SPACES.sub(" ", text).strip()


def strip_markup(text: str) -> str:
    """Text without HTML: scripts, styles and comments dropped with their content, other tags removed, entities
    read; Markdown images become their alt text and links their link text (no target survives)."""
    text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub(r"\1", _drop_tags(text)))
    # an entity may hide a tag (&lt;script&gt;), and removing one tag may join another (<<b>script>)
    return _drop_tags(html.unescape(text))


def _drop_tags(text: str) -> str:
    for _ in range(5):
        if "<" not in text:
            return text
        new = _HTML_TAG.sub("", _HTML_DROP.sub("", text))
        if new == text:
            return text
        text = new
    return text.replace("<", "‹")  # still markup after five rounds: no '<' survives at all


def clean(doc: LoadedDocument) -> CleanDocument:
    """Turn a loaded document into clean blocks with page offsets and footnotes."""
    layout_headings = False
    if doc.kind == "pdf" and _has_layout(doc):
        from assistent.ingest.structure import pdf_blocks

        blocks, layout_headings = pdf_blocks(doc)
    elif doc.kind == "pdf":
        blocks = _pdf_blocks(doc)
    else:
        blocks = _text_blocks(strip_markup(doc.pages[0].text), markdown=doc.kind == "md")
    footnotes: dict[int, str] = {}
    refs: list[tuple[int, int]] = []
    page_starts: list[tuple[int, int]] = []
    levels: list[tuple[int, int]] = []
    tables: dict[int, tuple[int, int]] = {}
    parts: list[str] = []
    offset = 0
    for block in blocks:
        raw = _BOOKMARK.sub("", block.text)
        for m in _FOOTNOTE_BODY.finditer(raw):
            footnotes[int(m.group(1))] = _SPACES.sub(" ", m.group(2)).strip()
        text, block_refs = _strip_refs(_SPACES.sub(" ", _FOOTNOTE_BODY.sub("", raw).replace("\u00ad", "")).strip())
        if not text:
            continue
        refs.extend((offset + pos, num) for pos, num in block_refs)
        if block.page is not None and (not page_starts or page_starts[-1][1] != block.page):
            page_starts.append((offset, block.page))
        for at, page in block.page_breaks:
            if page_starts and page_starts[-1][1] != page:
                page_starts.append((offset + min(len(text), _cleaned_length(block.text[:at])), page))
        if block.level is not None:
            levels.append((offset, block.level))
        if block.table is not None:
            tables[block.table] = (tables.get(block.table, (offset, 0))[0], offset + len(text))
        parts.append(text)
        offset += len(text) + 1
    return CleanDocument(
        source_id=doc.source_id,
        title=doc.title,
        date=doc.date,
        path=doc.path,
        text="\n".join(parts),
        page_starts=page_starts,
        footnotes=footnotes,
        footnote_refs=refs,
        heading_levels=levels,
        layout_headings=layout_headings,
        tables=sorted(tables.values()),
        sha256=doc.sha256,
    )


def _has_layout(doc: LoadedDocument) -> bool:
    """Every page with text has laid-out lines (else the plain text of all pages is used, as before)."""
    return any(p.lines for p in doc.pages) and all(p.lines or not p.text.strip() for p in doc.pages)


def _cleaned_length(prefix: str) -> int:
    """How long the start of a block is after cleaning (cleaning only deletes characters and collapses spaces)."""
    s = _FOOTNOTE_BODY.sub("", _BOOKMARK.sub("", prefix)).replace("\u00ad", "")
    return len(_SPACES.sub(" ", _FOOTNOTE_REF.sub("", s)).lstrip())


def _strip_refs(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove [footnoteRef:N] markers; return the text and (offset, N) of each marker in it."""
    out: list[str] = []
    refs: list[tuple[int, int]] = []
    pos = length = 0
    for m in _FOOTNOTE_REF.finditer(text):
        piece = text[pos : m.start()]
        out.append(piece)
        length += len(piece)
        refs.append((length, int(m.group(1))))
        pos = m.end()
        if piece.endswith(" ") and text[pos : pos + 1] == " ":
            pos += 1
    out.append(text[pos:])
    result = "".join(out).strip()
    return result, [(min(p, len(result)), n) for p, n in refs]


def _text_blocks(text: str, markdown: bool) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block(" ".join(para)))
            para.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if markdown:
            m = _MD_HEADING.match(stripped)
            if m:
                flush()
                blocks.append(Block(m.group(2), level=len(m.group(1))))
                continue
            para.append(stripped)
            continue
        # plain text: every line is a paragraph (the letter's conversion puts one per line)
        flush()
        para.append(stripped)
    flush()
    return blocks


# --- PDF ---------------------------------------------------------------


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the top or bottom of many pages (headers, footers), digits ignored."""
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {_shape(line) for line in lines[:3] + lines[-3:]}
        counts.update(edge)
    needed = max(2, int(0.5 * len(pages) + 0.5))
    return {shape for shape, n in counts.items() if n >= needed and len(pages) > 1}


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", _SPACES.sub(" ", line).strip().lower())


def looks_like_heading(line: str) -> bool:
    """A short line without final punctuation that starts with a capital: a section heading."""
    s = line.strip()
    if not (2 <= len(s) <= 80) or s[-1] in ".,;:!?)-–" or len(s.split()) > 10:
        return False
    first = s[0]
    return first.isupper() and not _PAGE_NUMBER.match(s)


def _pdf_blocks(doc: LoadedDocument) -> list[Block]:
    pages = [[_SPACES.sub(" ", ln).strip() for ln in p.text.splitlines()] for p in doc.pages]
    pages = [[ln for ln in lines if ln] for lines in pages]
    furniture = _furniture(pages)
    lines: list[tuple[str, int | None]] = []
    for page, page_lines in zip(doc.pages, pages):
        for ln in page_lines:
            if _shape(ln) in furniture or _PAGE_NUMBER.match(ln):
                continue
            lines.append((ln, page.number))
    if not lines:
        return []
    lengths = sorted(len(ln) for ln, _ in lines)
    typical = lengths[int(0.8 * (len(lengths) - 1))]

    blocks: list[Block] = []
    cur: list[str] = []
    cur_pages: list[int | None] = []  # the page of each line in cur

    def flush() -> None:
        nonlocal cur, cur_pages
        if cur:
            text, starts = _join_lines(cur)
            breaks = [
                (starts[j], pg)
                for j, pg in enumerate(cur_pages)
                if j and pg is not None and pg != cur_pages[j - 1]
            ]
            blocks.append(Block(text, page=cur_pages[0], page_breaks=breaks))
        cur, cur_pages = [], []

    for i, (ln, page) in enumerate(lines):
        prev_done = not cur
        if prev_done and looks_like_heading(ln) and (i + 1 == len(lines) or not lines[i + 1][0][:1].islower()):
            blocks.append(Block(ln, page=page))
            continue
        cur.append(ln)
        cur_pages.append(page)
        ends_sentence = ln[-1] in ".!?:;" or ln.endswith((".)", ".’", ".”"))
        short = len(ln) < 0.85 * typical
        nxt = lines[i + 1][0] if i + 1 < len(lines) else ""
        if ends_sentence and (short or looks_like_heading(nxt)):
            flush()
    flush()
    return blocks


def _join_lines(lines: list[str]) -> tuple[str, list[int]]:
    """The lines joined into one paragraph, and the offset in it where each line starts."""
    out = lines[0]
    starts = [0]
    for ln in lines[1:]:
        m = re.search(r"(\w)-$", out)
        first_word = ln.split(" ", 1)[0]
        if m and ln[:1].islower() and first_word.lower() not in _JOIN_KEEP_HYPHEN:
            out = out[:-1]  # hyphenation at a line break: woning-\ncorporatie
        else:
            out += " "
        starts.append(len(out))
        out += ln
    return out, starts
