"""Stage 1b — describe: the title and date of a document the manifest does not describe.

Every quote names its own document by title and date, so an extra file needs both: the title from the PDF's
metadata when it is a real title, else the document's first heading, else the file name; the date from the
manifest, else the first date written at the start of the text, else the PDF's creation date, else the file's.
"""
from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from assistent.ingest.clean import looks_like_heading, strip_markup
from assistent.models import LoadedDocument
from assistent.text.numbers import first_date

# the start of a document, where its title and date stand
HEAD_CHARS = 3000
_NO_TITLE = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled|naamloos|document\d*$)|\.(?:docx?|odt|pdf|txt|md)$", re.I)


def describe(doc: LoadedDocument, data: bytes, mtime: float, named: bool) -> LoadedDocument:
    """The document with a title (unless the manifest names it) and a date (unless the manifest gives one)."""
    meta_title, meta_date = _pdf_metadata(data) if doc.kind == "pdf" else (None, None)
    head = "\n".join(p.text for p in doc.pages)[:HEAD_CHARS]
    title = doc.title if named else (meta_title or _first_heading(head) or doc.title)
    date = doc.date or first_date(head) or meta_date or dt.date.fromtimestamp(mtime).isoformat()
    return doc.model_copy(update={"title": title, "date": date})


def _first_heading(head: str) -> str | None:
    """The first line of the text that reads as a title of two words or more."""
    for line in head.splitlines()[:8]:
        line = " ".join(strip_markup(line).lstrip("#").split())
        if len(line.split()) >= 2 and looks_like_heading(line) and not first_date(line):
            return line
    return None


def _pdf_metadata(data: bytes) -> tuple[str | None, str | None]:
    """The PDF's own title (when it is one) and creation date; (None, None) where it has none or they break."""
    try:
        meta = PdfReader(io.BytesIO(data)).metadata
        if meta is None:
            return None, None
        title = " ".join(strip_markup(str(meta.title or "")).split())
        created = meta.creation_date
    except Exception:  # noqa: BLE001 - broken metadata must not cost the document its passages
        return None, None
    good = len(title.split()) >= 2 and not _NO_TITLE.search(title)
    return (title if good else None), (created.date().isoformat() if created else None)
