"""Stage 1 — load: a file in corpus/ becomes a LoadedDocument (text per page), or a LoadError naming the problem."""
from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import (
    DependencyError,
    EmptyFileError,
    FileNotDecryptedError,
    LimitReachedError,
    PdfReadError,
    PdfStreamError,
    WrongPasswordError,
)

from assistent.errors import LoadError
from assistent.ingest.layout import extract_page, new_font_cache
from assistent.ingest.manifest import SUPPORTED, SourceSpec
from assistent.models import LoadedDocument, Page
from assistent.text import sha256_bytes

logging.getLogger("pypdf").setLevel(logging.ERROR)

MIN_TEXT_CHARS = 20
PASSWORD = "de PDF is beveiligd met een wachtwoord; sla hem op zonder beveiliging"
MAX_MESSAGE_CHARS = 240


class FileTimeout(BaseException):
    """Reading one file took longer than its time budget. A BaseException, like KeyboardInterrupt, so that a
    library's own `except Exception` (pypdf skips a page it cannot read) cannot swallow it."""


def failure_message(exc: BaseException) -> str:
    """Any exception met while reading one file, as one line of plain Dutch (never a traceback)."""
    if isinstance(exc, LoadError):
        text = exc.problem
    elif isinstance(exc, (FileNotDecryptedError, WrongPasswordError)):
        text = PASSWORD
    elif isinstance(exc, DependencyError):
        text = f"de PDF gebruikt een versleuteling die hier niet gelezen kan worden ({exc})"
    elif isinstance(exc, LimitReachedError):
        text = (
            "de PDF bevat een datastroom die uitgepakt veel te groot wordt (een 'zip-bom'?); "
            "het bestand is niet gelezen"
        )
    elif isinstance(exc, RecursionError):
        text = "de PDF is te diep genest om veilig te lezen (beschadigd of met opzet zo gemaakt)"
    elif isinstance(exc, MemoryError):
        text = "het bestand is te groot om in het geheugen te lezen"
    elif isinstance(exc, FileTimeout):
        text = f"het lezen duurde te lang ({exc}); het bestand is overgeslagen"
    elif isinstance(exc, PermissionError):
        text = "geen leesrechten voor dit bestand"
    elif isinstance(exc, OSError):
        text = f"het bestand kan niet gelezen worden ({exc.strerror or type(exc).__name__})"
    elif isinstance(exc, (EmptyFileError, PdfReadError, PdfStreamError)):
        text = f"de PDF is beschadigd of onleesbaar ({type(exc).__name__}: {exc})"
    else:
        text = f"het bestand kon niet gelezen worden door een onverwachte fout ({type(exc).__name__}: {exc})"
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def load_file(path: Path, spec: SourceSpec, data: bytes | None = None) -> LoadedDocument:
    """Read one corpus file; raises LoadError with a plain-Dutch reason."""
    path = Path(path)
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise LoadError(
            path.name,
            f"bestandstype '{path.suffix or '(geen)'}' wordt niet ondersteund; gebruik PDF, TXT of MD",
        )
    if data is None:
        data = path.read_bytes()
    if not data.strip():
        raise LoadError(path.name, "het bestand is leeg")
    pages = _pdf_pages(path, data) if kind == "pdf" else [Page(number=None, text=_decode_text(path, data))]
    if sum(len(p.text.strip()) for p in pages) < MIN_TEXT_CHARS:
        if kind == "pdf":
            raise LoadError(
                path.name,
                "de PDF bevat geen leesbare tekst (alleen afbeeldingen of een scan?); "
                "tekstherkenning (OCR) wordt niet ondersteund",
            )
        raise LoadError(path.name, "het bestand bevat (bijna) geen tekst")
    return LoadedDocument(
        path=str(path),
        source_id=spec.id,
        title=spec.title,
        date=spec.date or None,
        kind=kind,
        pages=pages,
        sha256=sha256_bytes(data),
    )


def _decode_text(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(path.name, f"ongeldige UTF-16-tekst ({exc.reason})") from None
    if b"\x00" in data:
        raise LoadError(path.name, "dit is geen tekstbestand (het bevat binaire gegevens)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            path.name,
            f"de tekst is geen geldige UTF-8 (onleesbare byte 0x{data[exc.start]:02x} op positie {exc.start}); "
            "sla het bestand op als UTF-8",
        ) from None


def _pdf_pages(path: Path, data: bytes) -> list[Page]:
    import io

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except DependencyError as exc:
                raise LoadError(path.name, failure_message(exc)) from None
            except Exception:  # noqa: BLE001 - pypdf raises several types for broken crypto
                ok = 0
            if not ok:
                raise LoadError(path.name, PASSWORD)
        pages = []
        fonts = new_font_cache()
        for i, page in enumerate(reader.pages, start=1):
            text, lines = extract_page(page, fonts)
            pages.append(Page(number=i, text=text, lines=lines))
    except LoadError:
        raise
    except FileTimeout:
        raise
    except (EmptyFileError, PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, IndexError,
            AttributeError, AssertionError, ZeroDivisionError) as exc:
        if isinstance(exc, (FileNotDecryptedError, DependencyError, LimitReachedError)):
            raise LoadError(path.name, failure_message(exc)) from None
        raise LoadError(path.name, f"de PDF is beschadigd of onleesbaar ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # noqa: BLE001 - anything else pypdf meets: named, never a traceback
        raise LoadError(path.name, failure_message(exc)) from None
    if not pages:
        raise LoadError(path.name, "de PDF heeft geen pagina's")
    return pages
