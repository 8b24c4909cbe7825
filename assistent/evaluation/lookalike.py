"""Look-alike documents: a small Markdown dialect rendered into real PDFs (issue 13).

A look-alike document is a text file about another fund, region or year, written to look like the PDFs users
drop into corpus/ (numbered headings, running header and footer, page numbers, a table, a two-column page).
The same file gives the PDF at test time and for `assistent eval --lookalike DIR`:

    ---
    title: Regionaal Fonds Coöperatief Wonen Gelderland — Fondsreglement
    publisher: Provincie Gelderland
    date: 2025-06-12
    header: Fondsreglement RFCW Gelderland | juni 2025
    footer: Provincie Gelderland — pagina {page} van {pages}
    ---
    # 1 Inleiding
    ## 1.2 Doel van het fonds
    Paragraphs separated by blank lines.
    - bullet lines
    | Onderdeel | Bedrag |
    |---|---|
    | Eigen inleg | 10% |
    :::columns
    two to four paragraphs set in two columns
    :::
    :::pagebreak

`parse` reads the text into a typed LookalikeDoc, `render` makes the PDF (fpdf2, DejaVuSans), `render_dir`
writes a directory of .md files as PDFs.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

# A4, normal margins (mm); body about 10 pt
MARGIN_MM = 25.0
BODY_PT = 10.0
LINE_MM = 5.0
HEADING_PT = {1: 15.0, 2: 12.5, 3: 11.0}
TABLE_PT = 9.0
FURNITURE_PT = 8.0
COLUMN_GUTTER_MM = 8.0
FONT = "dejavu"
MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBER = re.compile(r"^((?:Hoofdstuk|Bijlage|Paragraaf)\s+)?(\d+(?:\.\d+)*)\.?\s+(\S.*)$", re.I)
_BULLET = re.compile(r"^[-*•]\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def font_path(bold: bool = False) -> Path:
    """DejaVuSans (or its bold face) from matplotlib's data: a TTF with €, ë, ’, – and • in it."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


# --- the document -----------------------------------------------------------------------------------------


@dataclass
class FrontMatter:
    title: str = ""
    publisher: str = ""
    date: str = ""  # ISO (2025-06-12), or as written
    header: str = ""  # {page} and {pages} become the page number and count
    footer: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # any other key of the front matter

    def date_display(self) -> str:
        """The date as a Dutch document shows it: '12 juni 2025' (as written when it is not ISO)."""
        try:
            d = dt.date.fromisoformat(self.date)
        except ValueError:
            return self.date
        return f"{d.day} {MONTHS_NL[d.month - 1]} {d.year}"


@dataclass
class Heading:
    level: int  # the number of '#'
    text: str  # as written, number included: "8.5 Aansluiting op de taxatie"

    @property
    def number(self) -> str:
        """'8.5' of '8.5 Aansluiting op de taxatie', '3' of 'Hoofdstuk 3 Grond'; '' when unnumbered."""
        m = _NUMBER.match(self.text)
        return m.group(2) if m else ""


@dataclass
class Paragraph:
    text: str


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Columns:
    paragraphs: list[str]


@dataclass
class PageBreak:
    pass


Block = Union[Heading, Paragraph, Bullets, Table, Columns, PageBreak]


@dataclass
class LookalikeDoc:
    meta: FrontMatter
    blocks: list[Block]

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def section_paths(self) -> list[list[str]]:
        """The section path under each heading, in order: [['1 Inleiding'], ['1 Inleiding', '1.2 Doel'], …]."""
        stack: list[Heading] = []
        out = []
        for h in self.headings():
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
            out.append([x.text for x in stack])
        return out


# --- parse ------------------------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def parse(markdown: str) -> LookalikeDoc:
    """The front matter and the blocks of a look-alike document."""
    text = markdown.replace("\r\n", "\n").lstrip("\ufeff")
    meta = FrontMatter()
    m = _FRONT.match(text)
    if m:
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if not sep or not key.strip():
                continue
            key, value = key.strip().lower(), value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            if key in ("title", "publisher", "date", "header", "footer"):
                setattr(meta, key, value)
            else:
                meta.extra[key] = value
        text = text[m.end():]

    blocks: list[Block] = []
    para: list[str] = []
    bullets: list[str] = []
    table: list[list[str]] = []
    columns: list[str] | None = None  # paragraphs inside :::columns
    col_para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Paragraph(" ".join(para)))
            para.clear()
        if bullets:
            blocks.append(Bullets(list(bullets)))
            bullets.clear()
        if table:
            blocks.append(Table(table[0], [r for r in table[1:]]))
            table.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if columns is not None:
            if line == ":::":
                if col_para:
                    columns.append(" ".join(col_para))
                blocks.append(Columns(columns))
                columns, col_para = None, []
            elif not line:
                if col_para:
                    columns.append(" ".join(col_para))
                    col_para = []
            else:
                col_para.append(line)
            continue
        if not line:
            flush()
            continue
        if line.startswith(":::"):
            flush()
            what = line[3:].strip().lower()
            if what == "pagebreak":
                blocks.append(PageBreak())
            elif what == "columns":
                columns = []
            continue
        h = _HEADING.match(line)
        if h:
            flush()
            blocks.append(Heading(len(h.group(1)), h.group(2)))
            continue
        if line.startswith("|"):
            if para or bullets:
                flush()
            if not _TABLE_RULE.match(line):
                table.append(_cells(line))
            continue
        b = _BULLET.match(line)
        if b:
            if para or table:
                flush()
            bullets.append(b.group(1))
            continue
        if bullets and raw[:1].isspace():  # an indented line continues the bullet above it
            bullets[-1] += " " + line
            continue
        if bullets or table:
            flush()
        para.append(line)
    if columns is not None:  # an unclosed :::columns runs to the end
        if col_para:
            columns.append(" ".join(col_para))
        blocks.append(Columns(columns))
    flush()
    return LookalikeDoc(meta, blocks)


# --- render -----------------------------------------------------------------------------------------------


def _nb(text: str) -> str:
    """A currency sign stays with its amount: '€ 1,5 miljoen' never breaks after the €."""
    return text.replace("€ ", "€\u00a0")


def _fill(template: str, page: int) -> str:
    return template.replace("{page}", str(page)).replace("{pages}", "{nb}")


def render(markdown: str | LookalikeDoc) -> bytes:
    """A real PDF of a look-alike document: a title page from the front matter, the running header and footer
    on every page, numbered headings in bold and larger type, justified 10 pt body on A4, real tables, a
    two-column stretch and bullets."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    doc = parse(markdown) if isinstance(markdown, str) else markdown
    meta = doc.meta

    class _Pdf(FPDF):
        def header(self) -> None:
            if meta.header:
                self.set_font(FONT, size=FURNITURE_PT)
                self.set_y(12)
                self.cell(0, 4, _fill(meta.header, self.page_no()), align="R")
            self.set_y(MARGIN_MM)
            self.set_font(FONT, size=BODY_PT)

        def footer(self) -> None:
            if meta.footer:
                self.set_y(-16)
                self.set_font(FONT, size=FURNITURE_PT)
                self.cell(0, 4, _fill(meta.footer, self.page_no()), align="C")

    pdf = _Pdf(format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.add_font(FONT, fname=str(font_path()))
    pdf.add_font(FONT, style="B", fname=str(font_path(bold=True)))
    pdf.set_title(meta.title)
    if meta.publisher:
        pdf.set_author(meta.publisher)
    pdf.set_creator("assistent.evaluation.lookalike")
    try:
        d = dt.date.fromisoformat(meta.date)
        pdf.set_creation_date(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc))
    except ValueError:
        pass

    # title page
    pdf.add_page()
    pdf.set_y(85)
    pdf.set_font(FONT, style="B", size=22)
    pdf.multi_cell(0, 10, meta.title or "", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FONT, size=13)
    for line in (meta.publisher, meta.date_display()):
        if line:
            pdf.multi_cell(0, 7, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()

    width = pdf.epw
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            if pdf.get_y() > MARGIN_MM + 1:
                pdf.add_page()
            continue
        if isinstance(block, Heading):
            size = HEADING_PT.get(block.level, HEADING_PT[3])
            if pdf.get_y() > MARGIN_MM + 1:
                pdf.ln(4 if block.level == 1 else 2.5)
            pdf.set_font(FONT, style="B", size=size)
            pdf.multi_cell(width, size * 0.5, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
            pdf.set_font(FONT, size=BODY_PT)
            continue
        pdf.set_font(FONT, size=BODY_PT)
        if isinstance(block, Paragraph):
            pdf.multi_cell(width, LINE_MM, _nb(block.text), align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
        elif isinstance(block, Bullets):
            for item in block.items:
                pdf.set_x(MARGIN_MM + 2)
                pdf.cell(5, LINE_MM, "•")
                pdf.multi_cell(width - 7, LINE_MM, _nb(item), align="L", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(0.8)
            pdf.ln(1.7)
        elif isinstance(block, Table):
            ncols = max([len(block.header), *(len(r) for r in block.rows)])
            pdf.set_font(FONT, size=TABLE_PT)
            with pdf.table(
                width=width,
                col_widths=_column_widths(pdf, block, ncols, width),
                line_height=TABLE_PT * 0.5,
                text_align="LEFT",
                headings_style=FontFace(emphasis="BOLD"),
                first_row_as_headings=True,
                padding=1.2,
            ) as table:
                for cells in [block.header, *block.rows]:
                    row = table.row()
                    for i in range(ncols):
                        row.cell(_nb(cells[i]) if i < len(cells) else "")
            pdf.set_font(FONT, size=BODY_PT)
            pdf.ln(3)
        elif isinstance(block, Columns):
            # a two-column stretch stays on one page: start a new one when it would not fit
            col_w = (width - COLUMN_GUTTER_MM) / 2
            lines = sum(int(pdf.get_string_width(_nb(t)) / (col_w * 0.92)) + 2 for t in block.paragraphs)
            if pdf.get_y() + (lines / 2 + 1) * LINE_MM > pdf.page_break_trigger and pdf.get_y() > MARGIN_MM + 1:
                pdf.add_page()
            with pdf.text_columns(
                ncols=2, gutter=COLUMN_GUTTER_MM, text_align="J", balance=True, line_height=LINE_MM / (BODY_PT * 0.3528)
            ) as cols:
                for i, text in enumerate(block.paragraphs):
                    cols.write(text=_nb(text))
                    if i + 1 < len(block.paragraphs):
                        cols.ln()
                        cols.ln(0.5)
            pdf.ln(3)
    return bytes(pdf.output())


def _column_widths(pdf, table: Table, ncols: int, width: float, padding: float = 1.2) -> tuple[float, ...]:
    """Column widths (mm) by content, each wide enough for its longest word (no word is broken in a cell)."""
    rows = [table.header, *table.rows]
    need, want = [], []
    for k in range(ncols):
        cells = [_nb(r[k]) for r in rows if k < len(r) and r[k]]
        pdf.set_font(FONT, style="B", size=TABLE_PT)  # the header row is bold: measure the wider face
        words = [w for c in cells for w in c.split(" ")] or [""]
        need.append(max(pdf.get_string_width(w) for w in words) + 2 * padding + 1)
        want.append(max([pdf.get_string_width(c) for c in cells] or [1.0]) + 2 * padding)
    pdf.set_font(FONT, size=TABLE_PT)
    widths = [max(n, width * w / sum(want)) for n, w in zip(need, want)]
    excess = sum(widths) - width
    room = sum(w - n for w, n in zip(widths, need))
    if excess > 0 and room > 0:
        widths = [w - excess * (w - n) / room for w, n in zip(widths, need)]
    return tuple(widths)


def render_file(md_path: Path, out_dir: Path) -> Path:
    """Render one .md file into out_dir/<stem>.pdf; returns the PDF's path."""
    md_path, out_dir = Path(md_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (md_path.stem + ".pdf")
    out.write_bytes(render(md_path.read_text(encoding="utf-8")))
    return out


def render_dir(src_dir: Path, out_dir: Path) -> list[Path]:
    """Every *.md file of src_dir (sorted, not recursive) as a PDF in out_dir; returns the PDFs' paths."""
    return [render_file(p, out_dir) for p in sorted(Path(src_dir).glob("*.md"))]
