"""A PDF's laid-out lines (assistent.ingest.layout) become blocks: running headers, footers and page numbers out;
headings with their level; table rows; paragraphs.

Decisions, each from what pypdf reports rather than from the text alone:

* **Furniture**: a line among the three topmost or bottommost of its page whose shape (digits ignored) comes back
  at the same height on at least 40% of the pages (at least two), and that is set apart from the body (a wider gap
  or smaller type; or it is the outermost line on most pages); a page number ("3", "- 3 -", "3/12", "pagina 3 van
  12") among the two outermost lines. A body line that repeats at the top of pages stays: it is neither.
* **Headings**: a line in larger or bold type (compared with the body text) that reads as a heading (short, no
  closing punctuation, not a date). A number in front ("8.5 Aansluiting", "Hoofdstuk 3 …", "Bijlage 2 …") gives
  the level (its depth); an unnumbered heading gets the level of numbered headings in the same type, or a level
  from its size. A heading in the same type as the body is no heading, numbered or not; without any typography
  in the document, a numbered line is a heading only when it stands alone between gaps and is not one of a run of
  numbered lines (a list). A heading over two lines is one heading; a bold numbered heading at the start of a line
  of body text is cut off from it.
* **Tables**: a line with cells (pieces far apart, or on columns shared with other lines) seeds a table; the lines
  around it in the same type that start on its columns and stay within them belong to it. Its rows come from the
  heights the cells cover, so a wrapped or vertically centred cell stays in its row. One row is one line ("Eigen
  inleg | 10%"); fewer than two rows is text.
* **Paragraphs**: lines join until a wider gap, a list item, a heading or a table, or (across a page or column)
  a line that ends a sentence well before the right edge.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from statistics import median

from assistent.ingest.clean import _PAGE_NUMBER, Block, _join_lines, _shape, looks_like_heading
from assistent.models import LoadedDocument, TextLine

LARGER = 1.12  # a heading's type is at least this much larger than the body's (or bold where the body is not)
_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "january|february|march|june|july|august|october|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec"
)
_DATE = re.compile(
    rf"^(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag),?\s+)?"
    rf"(?:\d{{1,2}}\s+(?:{_MONTHS})\.?(?:\s+\d{{4}})?|(?:{_MONTHS})\.?\s+\d{{4}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}})$",
    re.I,
)
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$")
_NAMED = re.compile(r"^(hoofdstuk|bijlage|deel|paragraaf|annex|appendix|chapter)\s+([0-9]{1,2}|[IVXLC]{1,5}|[A-Z])\b[.:]?\s*(.*)$", re.I)
_NUMBER_ONLY = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,4}\.?|(?:hoofdstuk|bijlage|deel)\s+(?:\d{1,2}|[IVXLC]{1,5}|[A-Z]))$", re.I)
_LEADER = re.compile(r"\.{4,}|…{2,}|(?:\. ){3,}|_{4,}")
_LIST_ITEM = re.compile(r"^(?:[•·▪◦○●■□-]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_END_SENTENCE = (".", "!", "?", ":", ";", ".)", ".’", ".”")


@dataclass
class _Item:
    page: int | None
    line: TextLine
    text: str
    kind: str = "text"  # text | heading | row
    level: int = 0
    style: tuple[float, bool] = (0.0, False)
    numbered: bool = False
    table: int | None = None


def heading_number(text: str) -> tuple[int, str] | None:
    """(level, title) of a numbered heading's text: '8.5 Aansluiting' → (2, 'Aansluiting'), 'Bijlage 2 Contact' →
    (1, 'Contact'); None when the text does not start with a heading number."""
    m = _NUMBERED.match(text)
    if m:
        return m.group(1).count(".") + 1, m.group(2)
    m = _NAMED.match(text)
    if m:
        return 1, m.group(3)
    return None


def _reads_as_heading(text: str) -> bool:
    s = text.strip()
    if not (2 <= len(s) <= 160) or len(s.split()) > 18:
        return False
    if s[-1] in ".,;:" or _LEADER.search(s) or _DATE.match(s) or _PAGE_NUMBER.match(s):
        return False
    if sum(c.isalpha() for c in s) < 2:
        return False
    num = heading_number(s)
    title = num[1] if num else s
    if num and not title:
        return True  # "Bijlage 2" alone
    first = next((c for c in title if c.isalnum()), "")
    return bool(first) and (first.isupper() or first.isdigit()) and not _DATE.match(title)


def _style(line: TextLine) -> tuple[float, bool]:
    return (round(line.size * 2) / 2, bool(line.bold))


def _body_style(pages: list[list[TextLine]]) -> tuple[float, bool, float]:
    """The body's font size and weight (most characters), and its line pitch (the step between lines of a
    paragraph: the lower quartile of the steps between body lines, most of which lie inside paragraphs)."""
    sizes: dict[float, int] = {}
    for lines in pages:
        for ln in lines:
            if not ln.cells:
                k = round(ln.size * 2) / 2
                sizes[k] = sizes.get(k, 0) + len(ln.text)
    if not sizes:
        return 10.0, False, 12.0
    body = max(sizes, key=lambda k: sizes[k])
    bold_chars = sum(len(ln.text) for lines in pages for ln in lines if round(ln.size * 2) / 2 == body and ln.bold)
    steps = []
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if round(a.size * 2) / 2 == body and round(b.size * 2) / 2 == body and not a.cells and not b.cells:
                d = a.y - b.y
                if 0.8 * body < d < 3 * body:
                    steps.append(d)
    steps.sort()
    pitch = steps[len(steps) // 4] if steps else 1.2 * body  # most steps are within paragraphs
    return body, bold_chars > 0.5 * sizes[body], pitch


def _furniture(pages: list[list[TextLine]], body: float) -> set[tuple[int, int]]:
    """(page index, line index) of running headers, footers and page numbers."""
    n = sum(1 for lines in pages if lines)
    edges: list[list[tuple[int, str, int]]] = []  # per page: (line index, band, bucket)
    seen: dict[tuple[str, str, int], set[int]] = {}
    shapes: list[dict[int, str]] = []
    for pi, lines in enumerate(pages):
        order = sorted(range(len(lines)), key=lambda i: -lines[i].y)
        page_edges = []
        shape_of = {}
        for band, idxs in (("top", order[:3]), ("bottom", order[-3:])):
            for i in idxs:
                shape = _shape(lines[i].text)
                bucket = round(lines[i].y / 6)
                shape_of[i] = shape
                page_edges.append((i, band, bucket))
                seen.setdefault((band, shape, bucket), set()).add(pi)
        edges.append(page_edges)
        shapes.append(shape_of)
    needed = max(2, math.ceil(0.4 * n))
    often = max(3, math.ceil(0.6 * n))
    out: set[tuple[int, int]] = set()
    for pi, lines in enumerate(pages):
        order = sorted(range(len(lines)), key=lambda i: -lines[i].y)
        rank = {i: r for r, i in enumerate(order)}
        for i, band, bucket in edges[pi]:
            ln = lines[i]
            r = rank[i]
            if _PAGE_NUMBER.match(ln.text) and (r < 2 or r >= len(order) - 2):
                out.add((pi, i))
                continue
            if n < 2:
                continue
            shape = shapes[pi][i]
            pages_with = set().union(*(seen.get((band, shape, b), set()) for b in (bucket - 1, bucket, bucket + 1)))
            count = len(pages_with)
            if count < needed:
                continue
            outermost = r == 0 or r == len(order) - 1
            if (count >= often and outermost) or ln.size < 0.95 * body or _set_apart(lines, order, r, band):
                out.add((pi, i))
    return out


def _set_apart(lines: list[TextLine], order: list[int], r: int, band: str) -> bool:
    """The line belongs to the block at the page edge: from the edge to it the lines follow closely, and a gap wider
    than a paragraph's lies between it and the body."""
    seq = order if band == "top" else list(reversed(order))
    k = r if band == "top" else len(order) - 1 - r

    def wide(a: int, b: int) -> bool:
        la, lb = lines[seq[a]], lines[seq[b]]
        return abs(la.y - lb.y) > 2.2 * max(la.size, lb.size)

    if any(wide(m, m + 1) for m in range(k)):
        return False  # a wide gap lies between the edge and this line: it is body
    return k + 1 >= len(seq) or wide(k, k + 1)


def pdf_blocks(doc: LoadedDocument) -> tuple[list[Block], bool]:
    """The blocks of a PDF whose pages carry laid-out lines, and whether the headings came from the layout."""
    pages = [p.lines for p in doc.pages]
    body, body_bold, pitch = _body_style(pages)
    furniture = _furniture(pages, body)
    items: list[_Item] = []
    right_edge: dict[tuple[int, int], float] = {}  # (page index, x bucket) -> right edge of lines starting there
    for pi, (page, lines) in enumerate(zip(doc.pages, pages)):
        for i, ln in enumerate(lines):
            if (pi, i) in furniture:
                continue
            key = (pi, round(ln.x / 4))
            right_edge[key] = max(right_edge.get(key, 0.0), ln.x_end)
            items.append(_Item(page.number, ln, ln.text, style=_style(ln)))

    def styled(style: tuple[float, bool]) -> bool:
        return style[0] >= LARGER * body or (style[1] and not body_bold and style[0] >= 0.95 * body)

    items = _tables(_split_run_in(items, styled))
    typographic = any(it.kind == "text" and styled(it.style) and _reads_as_heading(it.text) for it in items)
    if typographic:
        for it in items:
            if it.kind != "text" or not styled(it.style):
                continue
            num = heading_number(it.text)
            if num is not None and (_reads_as_heading(it.text) or _NUMBER_ONLY.match(it.text)):
                it.kind, it.numbered, it.level = "heading", True, num[0]
            elif _reads_as_heading(it.text) and (it.style[1] or it.style[0] >= 1.4 * body):
                it.kind = "heading"
        items = _merge_heading_lines(items)
        _numbered_lists(items)
        _unnumbered_levels(items)
    else:
        _plain_numbered_headings(items, pitch)
    return _blocks(items, pitch, right_edge, typographic), typographic


def _split_run_in(items: list[_Item], styled) -> list[_Item]:
    """A bold or larger numbered heading at the start of a line of body text becomes its own line."""
    out: list[_Item] = []
    for it in items:
        ln = it.line
        if ln.lead and not ln.cells and styled((ln.lead_size, ln.lead_bold)) and not styled(it.style):
            head, rest = it.text[: ln.lead].strip(), it.text[ln.lead :].strip()
            if head and rest and heading_number(head) and _reads_as_heading(head):
                out.append(_Item(it.page, ln, head, style=(ln.lead_size, ln.lead_bold)))
                out.append(_Item(it.page, ln, rest, style=it.style))
                continue
        out.append(it)
    return out


COLUMN_PT = 2.5  # a piece within this distance of a column's start is in that column


def _tables(items: list[_Item]) -> list[_Item]:
    """Tables: from a line with cells (a seed), the lines around it that start on the table's columns form its
    region (backwards too: a header row whose cells wrap has no two cells on one baseline); its rows are found from
    the heights the cells cover (a wrapped or vertically centred cell stays in its row). A region of fewer than two
    rows is text (its cells joined by spaces)."""
    out: list[_Item] = []
    i = 0
    n = len(items)
    done = 0  # items before this index belong to an earlier table
    tables = 0
    while i < n:
        it = items[i]
        if not it.line.cells:
            out.append(it)
            i += 1
            continue
        cols = sorted(it.line.cells_x)
        region = [it]
        first = i
        while first - 1 >= done and _accept(items[first - 1], region, cols, it, items, first - 1):
            first -= 1
            region.insert(0, items[first])
        j = i + 1
        page = it.page
        while j < n:
            nxt = items[j]
            if nxt.page != page:
                # a table goes on over a page break only with a row that has the same columns
                if not (nxt.kind == "text" and nxt.line.cells and _fits_columns(nxt.line.cells_x, cols)):
                    break
                page = nxt.page
            elif not _accept(nxt, region, cols, it, items, j):
                break
            region.append(nxt)
            j += 1
        rows = _table_rows(region)
        if len(rows) >= 2:
            del out[len(out) - (i - first):]
            tables += 1
            for row_page, cells in rows:
                text = " | ".join(c for c in cells if c)
                out.append(_Item(row_page, region[0].line, text, kind="row", table=tables))
            done = i = j
        else:
            it.text = " ".join(it.line.cells)  # one row alone is text
            out.append(it)
            i += 1
    return out


def _accept(it: _Item, region: list[_Item], cols: list[float], seed: _Item, items: list[_Item], j: int) -> bool:
    """Whether a line next to a table region is part of it (it may add a column to `cols`)."""
    ln = it.line
    size = seed.line.size
    if it.kind != "text" or abs(ln.size - size) > 0.6:
        return False  # another type: a heading, the body
    same_page = [r.line.y for r in region if r.page == it.page]
    reach = (6.0 if ln.cells else 4.0) * size  # a row's first baseline sits lower when a cell beside it wraps
    if not same_page or min(abs(ln.y - y) for y in same_page) > reach:
        return False
    if ln.cells:
        if not _fits_columns(ln.cells_x, cols):
            return False
        cols[:] = sorted(set(cols) | {x for x in ln.cells_x if _column_of(x, cols) < 0})
        return True
    k = _column_of(ln.x, cols)
    if k < 0:
        if (ln.x <= cols[0] + 20 and ln.x_end > cols[0] - 0.5 * size) or not _aligned(items, j, ln.x):
            return False
        cols[:] = sorted(cols + [ln.x])  # a column whose cells never share a baseline with another cell
        k = _column_of(ln.x, cols)
    return k + 1 >= len(cols) or ln.x_end <= cols[k + 1] - 0.5 * size  # a cell stays within its column


def _fits_columns(xs: list[float], cols: list[float]) -> bool:
    return sum(1 for x in xs if _column_of(x, cols) >= 0) >= max(1, len(xs) - 1) and _column_of(xs[0], cols) >= 0


def _column_of(x: float, cols: list[float]) -> int:
    for k, c in enumerate(cols):
        if abs(x - c) <= COLUMN_PT:
            return k
    return -1


def _aligned(items: list[_Item], j: int, x: float) -> bool:
    """At least two other lines nearby start at x too."""
    near = items[max(0, j - 12) : j + 12]
    return sum(1 for it in near if abs(it.line.x - x) <= COLUMN_PT or any(abs(c - x) <= COLUMN_PT for c in it.line.cells_x)) >= 3


def _table_rows(region: list[_Item]) -> list[tuple[int | None, list[str]]]:
    """Rows of a table region, page by page: each column's lines are grouped into cells (lines closer together than
    the rows are), and cells whose heights overlap form a row."""
    cols: list[float] = []
    for it in region:
        for x in it.line.cells_x or [it.line.x]:
            if _column_of(x, cols) < 0:
                cols.append(x)
    cols.sort()
    rows: list[tuple[int | None, list[str]]] = []
    pages: dict[int | None, list[tuple[int, float, float, str]]] = {}  # page -> (column, y, size, text)
    for it in region:
        parts = list(zip(it.line.cells_x, it.line.cells)) if it.line.cells else [(it.line.x, it.text)]
        for x, text in parts:
            pages.setdefault(it.page, []).append((max(0, _column_of(x, cols)), it.line.y, it.line.size, text))
    for page, pieces in pages.items():
        # cells: per column, lines that follow at the wrapped-line pitch
        spans: list[tuple[float, float, int, list[tuple[float, str]]]] = []  # (top, bottom, column, lines)
        columns = []
        steps: list[float] = []
        for k in range(len(cols)):
            lines = sorted(((y, t) for c, y, _, t in pieces if c == k), key=lambda p: -p[0])
            if lines:
                columns.append((k, lines))
                steps.extend(a[0] - b[0] for a, b in zip(lines, lines[1:]))
        # lines of one wrapped cell follow at the smallest step; rows are further apart (padding, borders). When
        # all steps are alike, nothing wraps: every line is a row.
        size = median(p[2] for p in pieces)
        steps = [x for x in steps if x > 0.3 * size]
        wrap = min(steps) * 1.25 if steps and min(steps) * 1.25 < max(steps) and min(steps) < 1.7 * size else 0.0
        for k, lines in columns:
            cur = [lines[0]]
            for prev, ln in zip(lines, lines[1:]):
                if prev[0] - ln[0] <= wrap:
                    cur.append(ln)
                else:
                    spans.append((cur[0][0], cur[-1][0], k, cur))
                    cur = [ln]
            spans.append((cur[0][0], cur[-1][0], k, cur))
        spans.sort(key=lambda s: -s[0])
        tol = 0.3 * size
        groups: list[list[tuple[float, float, int, list[tuple[float, str]]]]] = []
        bottom = None
        for span in spans:
            if groups and bottom is not None and span[0] >= bottom - tol:
                groups[-1].append(span)
                bottom = min(bottom, span[1])
            else:
                groups.append([span])
                bottom = span[1]
        for group in groups:
            cells = [""] * len(cols)
            for _, _, k, lines in sorted(group, key=lambda s: (s[2], -s[0])):
                cells[k] = " ".join(filter(None, [cells[k], *(t for _, t in lines)])).strip()
            rows.append((page, cells))
    return rows


def _merge_heading_lines(items: list[_Item]) -> list[_Item]:
    """A heading over two or three lines (same type, right below each other) is one heading."""
    out: list[_Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "heading"
            and it.kind in ("heading", "text")
            and it.page == prev.page
            and abs(it.style[0] - prev.style[0]) <= 0.5
            and it.style[1] == prev.style[1]
            and 0 < prev.line.y - it.line.y <= 1.9 * it.style[0]
            and heading_number(it.text) is None
            and not _DATE.match(it.text)
            and len(prev.text) + len(it.text) <= 200
            and (heading_number(prev.text) is None or _NUMBER_ONLY.match(prev.text) or not prev.text[-1].isalnum()
                 or it.kind == "heading" or it.text[:1].islower())
        ):
            merged = f"{prev.text} {it.text}"
            if _NUMBER_ONLY.match(prev.text):
                num = heading_number(merged)
                prev.level = num[0] if num else prev.level
            prev.text = merged
            prev.line = it.line  # the next merge looks below the last line
            continue
        out.append(it)
    # a number alone that found no title is text after all
    for it in out:
        if it.kind == "heading" and _NUMBER_ONLY.match(it.text):
            it.kind, it.numbered, it.level = "text", False, 0
    return out


def _numbered_lists(items: list[_Item]) -> None:
    """Bold numbered lines right after each other that count on (1, 2, 3 at one depth, nothing between) are the
    items of a list, not empty chapters: they stay text."""

    def number(it: _Item) -> list[int] | None:
        m = _NUMBERED.match(it.text)
        return [int(x) for x in m.group(1).split(".")] if it.kind == "heading" and it.numbered and m else None

    nums = [number(it) for it in items]
    listed = set()
    for k in range(len(items) - 1):
        a, b = nums[k], nums[k + 1]
        if a is not None and b is not None and len(a) == len(b) and a[:-1] == b[:-1] and b[-1] == a[-1] + 1:
            listed.update((k, k + 1))
    for k in listed:
        items[k].kind, items[k].numbered, items[k].level = "text", False, 0


def _unnumbered_levels(items: list[_Item]) -> None:
    """Unnumbered headings take the level of numbered headings in the same type; else one from their size."""
    by_style: dict[tuple[float, bool], dict[int, int]] = {}
    for it in items:
        if it.kind == "heading" and it.numbered:
            counts = by_style.setdefault(it.style, {})
            counts[it.level] = counts.get(it.level, 0) + 1
    known = {s: max(c, key=lambda lvl: c[lvl]) for s, c in by_style.items()}
    unnumbered = sorted({it.style for it in items if it.kind == "heading" and not it.numbered}, key=lambda s: (-s[0], not s[1]))
    levels: dict[tuple[float, bool], int] = {}
    for rank, style in enumerate(unnumbered, start=1):
        if style in known:
            levels[style] = known[style]
        elif not known:
            levels[style] = rank
        else:
            larger = [(s, lvl) for s, lvl in known.items() if (s[0], s[1]) > (style[0], style[1])]
            levels[style] = 1 if not larger else min(larger, key=lambda x: (x[0][0], x[0][1]))[1] + 1
    for it in items:
        if it.kind == "heading" and not it.numbered:
            it.level = levels.get(it.style, 1)


def _plain_numbered_headings(items: list[_Item], pitch: float) -> None:
    """Without any typography: a numbered line is a heading only when it stands alone between gaps (or a page
    edge), body text follows it, and no neighbour continues its numbering (then it is one item of a list)."""

    def gap(a: _Item | None, b: _Item | None) -> bool:
        if a is None or b is None or a.page != b.page:
            return True
        return a.line.y - b.line.y > 1.3 * pitch

    def number(it: _Item) -> list[int] | None:
        m = _NUMBERED.match(it.text)
        if it.kind != "text" or not m or len(it.text.split()) > 10 or not _reads_as_heading(it.text):
            return None
        return [int(x) for x in m.group(1).split(".")]

    def follows(a: list[int] | None, b: list[int] | None) -> bool:
        return a is not None and b is not None and len(a) == len(b) and a[:-1] == b[:-1] and b[-1] == a[-1] + 1

    nums = [number(it) for it in items]
    for k, it in enumerate(items):
        if nums[k] is None:
            continue
        prev = items[k - 1] if k else None
        nxt = items[k + 1] if k + 1 < len(items) else None
        if (k and follows(nums[k - 1], nums[k])) or (nxt is not None and follows(nums[k], nums[k + 1])):
            continue  # one item of a numbered list
        if gap(prev, it) and gap(it, nxt) and nxt is not None and nxt.kind == "text" and nums[k + 1] is None:
            it.kind, it.numbered, it.level = "heading", True, len(nums[k])


def _blocks(items: list[_Item], pitch: float, right_edge: dict[tuple[int, int], float], typographic: bool) -> list[Block]:
    blocks: list[Block] = []
    cur: list[_Item] = []
    page_index: dict[int | None, int] = {}
    for it in items:
        page_index.setdefault(it.page, len(page_index))

    def flush() -> None:
        if cur:
            text, starts = _join_lines([c.text for c in cur])
            breaks = [
                (starts[j], c.page)
                for j, c in enumerate(cur)
                if j and c.page is not None and c.page != cur[j - 1].page
            ]
            blocks.append(Block(text, page=cur[0].page, page_breaks=breaks))
            cur.clear()

    def ends_short(it: _Item) -> bool:
        edge = right_edge.get((page_index[it.page], round(it.line.x / 4)), it.line.x_end)
        return it.line.x_end < edge - 3 * it.line.size

    for k, it in enumerate(items):
        if it.kind == "heading":
            flush()
            blocks.append(Block(it.text, page=it.page, level=it.level))
            continue
        if it.kind == "row":
            flush()
            blocks.append(Block(it.text, page=it.page, table=it.table))
            continue
        nxt = items[k + 1] if k + 1 < len(items) else None
        if cur:
            prev = cur[-1]
            same_page = prev.page == it.page
            step = prev.line.y - it.line.y
            if _LIST_ITEM.match(it.text):
                flush()
            elif same_page and step > 1.35 * pitch:
                flush()  # a gap wider than between lines
            elif abs(prev.line.size - it.line.size) > 0.6:
                flush()  # another type size: another block
            elif prev.text.endswith(_END_SENTENCE) and (
                ends_short(prev) or (not typographic and looks_like_heading(it.text))
            ):
                flush()  # the previous line ended a sentence well before the edge: the paragraph ended
        if not typographic and not cur and looks_like_heading(it.text) and not _LIST_ITEM.match(it.text):
            if nxt is None or not nxt.text[:1].islower():
                blocks.append(Block(it.text, page=it.page))
                continue
        cur.append(it)
    flush()
    return blocks
