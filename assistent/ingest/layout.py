"""PDF pages as laid-out lines: where each line sits, its font size and weight, its cells, in reading order.

One pass of pypdf's own text extraction (`page.extract_text(visitor_text=...)`) reports every piece of text
with its text matrix, font and size; from those pieces this module builds lines (pieces on one baseline), splits
a line into cells where its pieces lie far apart or start on a column shared with other lines (a table row, or
two text columns written line by line), and puts two-column stretches in reading order (the left column, then
the right one). Nothing else is read from the PDF, so the cost stays that of plain text extraction.

`clean` (via `structure`) decides what the lines are: running header or footer, heading, table row, paragraph.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from assistent.models import TextLine

# how far apart two pieces on one line must be to be different cells (in ems of their font size)
CELL_GAP_EM = 0.9
# a smaller gap splits too when the piece starts on a column shared with other lines (a full table cell)
ALIGNED_GAP_EM = 0.25
ALIGN_PT = 1.5  # two starts within this distance are one column
# the layout is used only when its text is (nearly) pypdf's own text: otherwise the plain text is used
MAX_TEXT_DRIFT = 0.08
DEFAULT_EM_WIDTH = 0.55  # average glyph width (em) when the font gives no usable widths
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|extrabold|ultrabold|[-,]bd\b|\bw[6-9]\b|bx\d|cmb\d", re.I)
_SPACE = re.compile(r"\s+")
_LIST_MARK = re.compile(r"^(?:[•·▪◦○●■□–—*-]|\(?\d{1,2}[.)]|\(?[a-z][.)]|[ivx]{1,4}[.)])$", re.I)


@dataclass
class _FontInfo:
    bold: bool
    widths: dict[str, float]  # character -> width in 1/1000 em
    default: float

    def width(self, text: str, size: float) -> float:
        w = self.widths
        d = self.default
        return sum(w.get(c, d) for c in text) * size / 1000.0


def _font_info(font: Any) -> _FontInfo:
    """Weight and glyph widths of a font resource (a pypdf DictionaryObject), read defensively."""
    bold = False
    widths: dict[str, float] = {}
    default = DEFAULT_EM_WIDTH * 1000
    try:
        name = str(font.get("/BaseFont", ""))
        bold = bool(_BOLD_NAME.search(name.split("+")[-1]))
        desc = font.get("/FontDescriptor")
        if desc is None and "/DescendantFonts" in font:
            desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        if desc is not None:
            desc = desc.get_object()
            flags = int(desc.get("/Flags", 0) or 0)
            weight = float(desc.get("/FontWeight", 0) or 0)
            bold = bold or bool(flags & (1 << 18)) or weight >= 600
    except Exception:  # noqa: BLE001 - a broken font dictionary: no weight, default widths
        pass
    try:
        from pypdf.generic._font import Font  # pypdf's own font reader (private; without it: estimated widths)

        f = Font.from_font_resource(font)
        cw = f.character_widths
        type0 = str(font.get("/Subtype", "")) == "/Type0"
        if not type0:
            widths = {k: float(v) for k, v in cw.items() if len(k) == 1 and v}
        for code, uni in f.character_map.items():
            if isinstance(code, str) and isinstance(uni, str) and len(uni) == 1 and cw.get(code):
                widths[uni] = float(cw[code])
        known = [v for v in widths.values() if v > 0]
        if len(known) >= 10:
            default = median(known)
    except Exception:  # noqa: BLE001 - pypdf cannot read the widths: estimate from the size
        widths = {}
    return _FontInfo(bold, widths, default)


@dataclass
class _Piece:
    text: str
    x: float
    y: float
    size: float
    bold: bool
    width: float

    @property
    def end(self) -> float:
        return self.x + self.width


@dataclass
class _Line:
    pieces: list[_Piece] = field(default_factory=list)
    cells: list[list[_Piece]] = field(default_factory=list)  # pieces grouped into cells

    @property
    def y(self) -> float:
        return self.pieces[0].y

    @property
    def x(self) -> float:
        return min(p.x for p in self.pieces)

    @property
    def end(self) -> float:
        return max(p.end for p in self.pieces)

    @property
    def size(self) -> float:
        return max(p.size for p in self.pieces)


class _Fonts:
    """Font information per font resource, for one document."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[Any, _FontInfo]] = {}

    def get(self, font: Any) -> _FontInfo:
        if font is None:
            return _FontInfo(False, {}, DEFAULT_EM_WIDTH * 1000)
        hit = self._cache.get(id(font))
        if hit is None or hit[0] is not font:
            hit = (font, _font_info(font))  # the resource is kept, so its id is not reused
            self._cache[id(font)] = hit
        return hit[1]


def new_font_cache() -> _Fonts:
    return _Fonts()


def _mult(m: list[float], n: list[float]) -> tuple[float, ...]:
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def extract_page(page: Any, fonts: _Fonts) -> tuple[str, list[TextLine]]:
    """pypdf's text of a page, and its laid-out lines in reading order ([] when the layout cannot be trusted)."""
    pieces: list[_Piece | None] = []  # None: a line break pypdf reported
    tilted = [0]

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text:
            return
        try:
            m = _mult(tm, cm)
            eff = float(size) * (math.hypot(m[2], m[3]) or 1.0)
            upright = abs(m[1]) <= 0.01 * abs(m[0]) + 1e-9 and m[0] > 0
            if not (upright and math.isfinite(eff) and math.isfinite(m[4]) and math.isfinite(m[5])):
                tilted[0] += len(text)  # rotated or nonsense positions: left out (a watermark, a margin note)
                return
            info = fonts.get(font)
            x, y = m[4], m[5]
            for j, part in enumerate(text.split("\n")):
                if j:
                    pieces.append(None)
                    y -= eff * 1.2  # a break inside one piece of text: the next line, position estimated
                if part.strip():
                    pieces.append(_Piece(part, x, y, eff, info.bold, info.width(part, eff)))
        except Exception:  # noqa: BLE001 - whatever this piece is, it must not stop pypdf's own extraction
            tilted[0] += len(text)

    raw = page.extract_text(visitor_text=visit) or ""
    try:
        return raw, _layout(raw, pieces, tilted[0])
    except (ArithmeticError, ValueError, TypeError, IndexError, KeyError, AttributeError):
        return raw, []  # positions pypdf could not give sensibly: the plain text is all there is


def _layout(raw: str, pieces: list[_Piece | None], tilted: int) -> list[TextLine]:
    raw_chars = len(_SPACE.sub("", raw))
    lines = _lines(pieces)
    laid_chars = sum(len(_SPACE.sub("", p.text)) for ln in lines for p in ln.pieces if p is not None)
    if raw_chars == 0 or tilted > 0.2 * raw_chars or abs(laid_chars - raw_chars) > MAX_TEXT_DRIFT * raw_chars + 2:
        return []
    _split_cells(lines)
    lines = _reading_order(_split_text_columns(lines))
    return [_text_line(ln) for ln in lines]


def _lines(pieces: list[_Piece | None]) -> list[_Line]:
    """Pieces on one baseline, in the order pypdf met them, form a line."""
    lines: list[_Line] = []
    cur: _Line | None = None
    for p in pieces:
        if p is None:
            cur = None
            continue
        if cur is not None:
            last = cur.pieces[-1]
            if abs(p.y - last.y) <= 0.5 * max(p.size, last.size) and p.x >= last.x - 0.5 * p.size:
                cur.pieces.append(p)
                continue
        cur = _Line([p])
        lines.append(cur)
    return lines


def _split_cells(lines: list[_Line]) -> None:
    """Group each line's pieces into cells: a new cell where the gap is wide, or where a piece starts on a
    column that other lines start pieces on too (a table whose cell text fills its column)."""
    starts: dict[int, int] = {}
    for ln in lines:
        for p in ln.pieces:
            k = round(p.x / ALIGN_PT)
            starts[k] = starts.get(k, 0) + 1

    def aligned(x: float) -> bool:
        k = round(x / ALIGN_PT)
        return starts.get(k, 0) + starts.get(k - 1, 0) + starts.get(k + 1, 0) >= 3

    for ln in lines:
        cells: list[list[_Piece]] = [[ln.pieces[0]]]
        for prev, p in zip(ln.pieces, ln.pieces[1:]):
            gap = p.x - prev.end
            em = max(p.size, prev.size)
            if gap > CELL_GAP_EM * em or (gap > ALIGNED_GAP_EM * em and aligned(p.x)):
                cells.append([p])
            else:
                cells[-1].append(p)
        if len(cells) > 1 and _LIST_MARK.match(_text(cells[0])):
            cells[:2] = [cells[0] + cells[1]]  # "•" and its item are one cell, not a table row
        ln.cells = cells


def _split_text_columns(lines: list[_Line]) -> list[_Line]:
    """Two text columns written line by line (left line, right line, at one height) become two lines each: a run
    of two-cell lines whose right cells start on one column, at least two of them with text on both sides."""
    out: list[_Line] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if len(ln.cells) == 2:
            x2 = ln.cells[1][0].x
            j = i
            prose = 0
            while j < n and len(lines[j].cells) == 2 and abs(lines[j].cells[1][0].x - x2) <= ALIGN_PT * 2:
                prose += _is_prose(lines[j].cells[0]) and _is_prose(lines[j].cells[1])
                j += 1
            if prose >= 2 and prose >= (j - i) / 2:
                for k in range(i, j):
                    left, right = lines[k].cells
                    out.append(_Line(left, [left]))
                    out.append(_Line(right, [right]))
                i = j
                continue
        out.append(ln)
        i += 1
    return out


def _is_prose(cell: list[_Piece]) -> bool:
    text = "".join(p.text for p in cell).strip()
    return len(text) >= 20 and text.count(" ") >= 3


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Two-column stretches read column by column. A stretch is a run of lines (in the order of the PDF) that
    are either narrow on the left or start on one column right of the middle, the left ones mostly filled up to
    that column; within it the left lines come first, top to bottom, then the right ones. Lines outside such a
    stretch keep their order (so does a table whose cells sit on a middle column)."""
    if len(lines) < 4:
        return lines
    single = [ln for ln in lines if len(ln.cells) == 1]
    if len(single) < 4:
        return lines
    left = min(ln.x for ln in single)
    right = max(ln.end for ln in single)
    width = right - left
    if width <= 0:
        return lines
    groups: dict[int, list[_Line]] = {}
    for ln in single:
        if left + 0.3 * width <= ln.x <= left + 0.7 * width:
            groups.setdefault(round(ln.x / (ALIGN_PT * 2)), []).append(ln)
    if not groups:
        return lines
    key = max(groups, key=lambda k: len(groups[k]))
    col = [ln for k in (key - 1, key, key + 1) for ln in groups.get(k, [])]
    if len(col) < 3:
        return lines
    xr = min(ln.x for ln in col)
    right_ids = {id(ln) for ln in col}

    def is_left(ln: _Line) -> bool:
        return len(ln.cells) == 1 and ln.x < xr - ln.size and ln.end <= xr + 0.5 * ln.size

    out: list[_Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if id(ln) not in right_ids and not is_left(ln):
            out.append(ln)
            i += 1
            continue
        j = i
        lefts, rights = _Column(), _Column()
        while j < len(lines):
            cand = lines[j]
            if id(cand) in right_ids:
                if rights.lines and not rights.continues(cand):
                    break
                rights.add(cand)
            elif is_left(cand):
                # once the right column has begun, a left line sits beside it or continues the left column
                if rights.lines and not rights.beside(cand) and not lefts.continues(cand):
                    break
                lefts.add(cand)
            else:
                break
            j += 1
        # text columns: both have lines, and the left one is filled up to the gutter (not a table's short cells)
        if len(rights.lines) >= 2 and len(lefts.lines) >= 2 and median(x.end for x in lefts.lines) >= xr - 6 * lefts.lines[0].size:
            out.extend(sorted(lefts.lines, key=lambda x: -x.y))
            out.extend(sorted(rights.lines, key=lambda x: -x.y))
        else:
            out.extend(lines[i:j])
        i = j
    return out


class _Column:
    """The lines of one column of a stretch, with their vertical extent and line pitch."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.lo = math.inf
        self.hi = -math.inf
        self._pitch: float | None = None

    def add(self, ln: _Line) -> None:
        self.lines.append(ln)
        self.lo, self.hi = min(self.lo, ln.y), max(self.hi, ln.y)
        if len(self.lines) <= 30:
            self._pitch = None

    @property
    def pitch(self) -> float:
        if self._pitch is None:
            ys = sorted((c.y for c in self.lines[:30]), reverse=True)
            steps = [a - b for a, b in zip(ys, ys[1:]) if a - b > 0.5]
            self._pitch = median(steps) if steps else 1.5 * self.lines[0].size
        return self._pitch

    def continues(self, ln: _Line) -> bool:
        """The line is the next (or previous) line of this column: no paragraph-sized jump."""
        if not self.lines:
            return False
        reach = 1.4 * self.pitch
        return self.lo - reach <= ln.y <= self.hi + reach

    def beside(self, ln: _Line) -> bool:
        return self.lo - 0.5 * ln.size <= ln.y <= self.hi + 0.5 * ln.size


def _text(pieces: list[_Piece]) -> str:
    out = ""
    prev: _Piece | None = None
    for p in pieces:
        t = p.text
        if prev is not None and out and not out[-1].isspace() and not t[:1].isspace():
            if p.x - prev.end > 0.15 * p.size:
                out += " "
        out += t
        prev = p
    return _SPACE.sub(" ", out).strip()


def _text_line(ln: _Line) -> TextLine:
    cells = [_text(c) for c in ln.cells]
    cells_x = [c[0].x for c in ln.cells]
    if len(cells) > 1:
        keep = [(t, x) for t, x in zip(cells, cells_x) if t]
        cells = [t for t, _ in keep]
        cells_x = [x for _, x in keep]
    text = " ".join(cells) if len(cells) <= 1 else " | ".join(cells)
    # the style of most characters, and a leading run in another style (a run-in heading)
    weight: dict[tuple[float, bool], int] = {}
    for p in ln.pieces:
        k = (round(p.size * 2) / 2, p.bold)
        weight[k] = weight.get(k, 0) + len(p.text.strip())
    size, bold = max(weight, key=lambda k: weight[k]) if weight else (ln.size, False)
    lead = 0
    lead_size, lead_bold = size, bold
    first = ln.pieces[0]
    fk = (round(first.size * 2) / 2, first.bold)
    if len(ln.cells) == 1 and fk != (size, bold):
        run = []
        for p in ln.pieces:
            if (round(p.size * 2) / 2, p.bold) != fk:
                break
            run.append(p)
        if len(run) < len(ln.pieces):
            lead = len(_text(run))
            lead_size, lead_bold = fk
    return TextLine.model_construct(
        text=text,
        x=round(ln.x, 2),
        y=round(ln.y, 2),
        x_end=round(ln.end, 2),
        size=size,
        bold=bold,
        cells=cells if len(cells) > 1 else [],
        cells_x=[round(x, 2) for x in cells_x] if len(cells) > 1 else [],
        lead=lead,
        lead_size=lead_size,
        lead_bold=lead_bold,
    )
