"""Data objects shared by every pipeline stage, the CLI, the API, the UI and the evals."""
from __future__ import annotations

import re

from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field


class TextLine(BaseModel):
    """One line of a PDF page as laid out (assistent.ingest.layout): text, position (PDF points, y up) and type."""

    text: str  # a table row's cells joined by " | "
    x: float
    y: float  # baseline
    x_end: float
    size: float  # font size (pt) of most of its characters
    bold: bool  # most of its characters are bold
    cells: list[str] = Field(default_factory=list)  # ≥ 2 cells: a table row (pieces far apart or on shared columns)
    cells_x: list[float] = Field(default_factory=list)  # where each cell starts
    lead: int = 0  # characters of a leading run in another style ("8.5 Doel" in bold before body text), else 0
    lead_size: float = 0.0
    lead_bold: bool = False


class Page(BaseModel):
    """One page of a loaded document (a text file is one page without a number)."""

    number: int | None = None
    text: str
    # a PDF page's lines in reading order, with position and type; empty for text files and where pypdf's
    # positions cannot be trusted (then `text` is all there is)
    lines: list[TextLine] = Field(default_factory=list)


class LoadedDocument(BaseModel):
    """What a loader returns: the raw text of a file, page by page."""

    path: str
    source_id: str
    title: str
    date: str | None = None
    kind: str  # "pdf" | "txt" | "md"
    pages: list[Page]
    sha256: str


class CleanDocument(BaseModel):
    """A document after cleaning: one text, page offsets and footnote bodies."""

    source_id: str
    title: str
    date: str | None = None
    path: str
    text: str
    # (char offset where the page starts, page number); empty for unpaged sources
    page_starts: list[tuple[int, int]] = Field(default_factory=list)
    # footnote number -> footnote body
    footnotes: dict[int, str] = Field(default_factory=dict)
    # (char offset of the footnote reference in text, footnote number)
    footnote_refs: list[tuple[int, int]] = Field(default_factory=list)
    # (char offset of a heading block, level) where the markup (Markdown) or the layout (a PDF's numbered,
    # larger or bold headings) says the level
    heading_levels: list[tuple[int, int]] = Field(default_factory=list)
    # True when the layout found the headings (font size, weight, numbering): only those lines are headings
    layout_headings: bool = False
    # (start, end) char spans of tables: one row per line, kept whole where they fit in a passage
    tables: list[tuple[int, int]] = Field(default_factory=list)
    sha256: str = ""

    def page_at(self, offset: int) -> int | None:
        page = None
        for start, number in self.page_starts:
            if start <= offset:
                page = number
            else:
                break
        return page


_NOTE = re.compile(r"^\[(\d+)\]\s*")


def note_parts(note: str) -> tuple[str, str]:
    """A passage's footnote as (its number, its text): '[1] Cooplink, 2024 …' → ('1', 'Cooplink, 2024 …')."""
    m = _NOTE.match(note)
    return (m.group(1), note[m.end():]) if m else ("", note)


class Passage(BaseModel):
    """A citable unit of about one paragraph."""

    id: str
    source_id: str
    title: str
    date: str | None = None
    section_path: list[str] = Field(default_factory=list)
    paragraph: int
    page: int | None = None
    page_end: int | None = None
    char_start: int
    char_end: int
    text: str
    notes: list[str] = Field(default_factory=list)
    # where in `text` each note's mark stood (same order as `notes`): the note belongs to the sentence there
    note_at: list[int] = Field(default_factory=list)
    # the schemes (funds, regulations) the passage speaks of, folded names; empty when it names none
    about: list[str] = Field(default_factory=list)
    # the sentence before the passage, when its first sentence refers back to it ("Deze fase …"): searched
    # with the passage, never quoted as its text
    lead_in: str = ""

    @property
    def text_with_notes(self) -> str:
        """The text and its footnotes, as a reader of the passage sees them: what it is evidence for."""
        return "\n".join([self.text, *self.notes])

    @computed_field  # type: ignore[prop-decorator]
    @property
    def section(self) -> str:
        """The section path as one line: 'Financiële belemmeringen > Fonds Coöperatief Wonen'."""
        return " > ".join(self.section_path)

    def metadata(self) -> dict[str, Any]:
        """Flat metadata for the vector store (scalars only)."""
        return {
            "passage_id": self.id,
            "source_id": self.source_id,
            "title": self.title,
            "date": self.date or "",
            "section": self.section,
            "paragraph": self.paragraph,
            "page": self.page if self.page is not None else -1,
            "about": "|".join(self.about),
        }


class ScoredPassage(BaseModel):
    passage: Passage
    score: float
    # per-retriever scores, for the trainer view and the ablations
    scores: dict[str, float] = Field(default_factory=dict)
    # how well the passage's source matches against all sources: its score is its score within the source times
    # this (1 when the source is the whole corpus)
    reach: float = 1.0


class PassageHit(BaseModel):
    """A retrieved passage as clients see it: where it comes from, its text and its score."""

    passage_id: str
    source_id: str
    title: str
    date: str | None = None
    section: str
    page: int | None = None
    paragraph: int
    text: str
    notes: list[str] = Field(default_factory=list)  # its footnotes: '[1] Cooplink, 2024 …'
    score: float = 0.0

    @classmethod
    def from_scored(cls, sp: ScoredPassage, **extra: Any) -> Any:
        p = sp.passage
        return cls(
            passage_id=p.id,
            source_id=p.source_id,
            title=p.title,
            date=p.date,
            section=p.section,
            page=p.page,
            paragraph=p.paragraph,
            text=p.text,
            notes=p.notes,
            score=round(float(sp.score), 4),
            **extra,
        )


class Citation(PassageHit):
    """A passage an answer rests on, numbered as its [n] marker."""

    n: int


class Turn(BaseModel):
    role: str  # "user" | "assistant"
    content: str


class Result(BaseModel):
    """The one result object used by CLI, API, UI and evals."""

    question: str = ""
    standalone_question: str = ""
    language: str = "nl"
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    refused: bool = False
    false_premise: bool = False
    rules: dict[str, Any] | None = None
    backend: str = "extractive"
    guard: dict[str, Any] | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)


class SourceRow(BaseModel):
    """One source as `assistent sources`, the API and the UI show it: a named source (ingested or missing),
    an extra file, or a file that failed."""

    id: str
    title: str
    publisher: str = ""
    date: str = ""
    date_display: str = ""
    reference: str = ""
    url: str = ""
    named: bool
    status: Literal["ingested", "missing", "failed"] = Field(description="ingested | missing | failed")
    passages: int
    files: list[str] = Field(default_factory=list)
    example_filename: str = ""
    generation: str | None = None
    message: str | None = None
