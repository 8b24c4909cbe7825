"""Files made to break a reader (issue 15): each is built here, from scratch, in a few milliseconds.

Import with `from hostile_files import ...` (tests/unit/ingest is on sys.path for the tests in it; the
integration tests add it).
"""
from __future__ import annotations

import io
import zlib

from conftest import render_pdf


def raw_pdf(content: bytes, extra_page_entries: bytes = b"", stream_filter: bytes = b"") -> bytes:
    """A one-page PDF written by hand with a correct cross-reference table; `content` is the page's stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + extra_page_entries + b">>",
        b"<< /Length " + str(len(content)).encode() + stream_filter + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def flate_bomb_pdf(megabytes: int = 200) -> bytes:
    """A page whose content stream inflates from ~200 KB to `megabytes` MB of spaces."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    return raw_pdf(body, stream_filter=b" /Filter /FlateDecode")


def deeply_nested_pdf(depth: int = 50_000) -> bytes:
    """A page whose content stream holds an array nested `depth` deep (parsers that recurse give up)."""
    text = b"BT /F1 12 Tf 72 700 Td (Wooncooperatie in een diep geneste PDF.) Tj ET\n"
    return raw_pdf(text + b"BT " + b"[" * depth + b"]" * depth + b" TJ ET\n")


def aes_pdf(user_password: str = "", owner_password: str = "eigenaar") -> bytes:
    """A PDF with real text, AES-256 encrypted; with an empty user password it opens without asking."""
    from pypdf import PdfReader, PdfWriter

    plain = render_pdf(["De wooncoöperatie leest deze AES-versleutelde brief zonder wachtwoord."] * 3)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf() -> bytes:
    """The first 40% of a good PDF."""
    good = render_pdf(["Een afgebroken download van een brief over wooncoöperaties."] * 20)
    return good[: len(good) * 2 // 5]


def long_line(megabytes: float = 5.0) -> bytes:
    """One line of Markdown without a single sentence end, `megabytes` MB long."""
    words = "wooncoöperatie leden huur grond gemeente fonds lening bewoners bouwen samen ".encode()
    n = int(megabytes * 1_000_000)
    return (words * (n // len(words) + 1))[:n].rstrip(b"\xc3") + b"\n"
