"""Feedback on answers (duim omhoog/omlaag + opmerking): by default one SQLite file under data_dir, or one
PostgreSQL database (``settings.feedback_db_url``) that several hosts write to.

``open_feedback_store(settings)`` gives the store of the settings. The database and its table are created
on first use; every row carries a UTC timestamp. Each call opens its own connection, so a store is safe to
share between threads; several server processes may write to the same SQLite file (SQLite locks it; WAL
lets readers go on), and any number of hosts to the same PostgreSQL database (psycopg 3).
"""
from __future__ import annotations

import csv
import io
import sqlite3
import unicodedata
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

FILENAME = "feedback.sqlite3"
COLUMNS = ("id", "created_at", "rating", "question", "answer", "comment")
RATINGS = ("up", "down")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  TEXT NOT NULL,
    rating      TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT ''
)
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# what a spreadsheet may read as the start of a formula, in ASCII and full width
FORMULA_STARTS = frozenset("=+-@＝＋－＠")
# line breaks besides \r and \n that some readers split rows on: a row holding one is quoted field by field
_OTHER_BREAKS = frozenset("\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _lead_stripped(value: str) -> str:
    """The value without the leading whitespace and invisible format characters (zero-width, BOM …) a
    spreadsheet skips before it decides whether a cell is a formula."""
    i = 0
    while i < len(value) and (value[i].isspace() or unicodedata.category(value[i]) in ("Cf", "Cc", "Zs")):
        i += 1
    return value[i:]


def _safe_cell(value: Any) -> Any:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection): prefix it with a quote."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "\t\r\n" or _lead_stripped(value)[:1] in FORMULA_STARTS:
        return "'" + value
    return value


class _Export:
    """export_csv() over rows(), the same for every database."""

    def rows(self) -> list[dict[str, Any]]:  # pragma: no cover - every store has its own
        raise NotImplementedError

    def export_csv(self) -> str:
        """All feedback as CSV (header row first), safe to open in a spreadsheet."""
        buf = io.StringIO()
        # \r\n row ends (RFC 4180): the csv module then quotes every field holding \r or \n, a lone \r too
        writer = csv.writer(buf, lineterminator="\r\n")
        quote_all = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
        writer.writerow(COLUMNS)
        for row in self.rows():
            cells = [_safe_cell(row[c]) for c in COLUMNS]
            breaks = any(isinstance(c, str) and not _OTHER_BREAKS.isdisjoint(c) for c in cells)
            (quote_all if breaks else writer).writerow(cells)
        return buf.getvalue()


class FeedbackStore(_Export):
    """`<data_dir>/feedback.sqlite3`: add() a rating, rows() or export_csv() them all."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    @classmethod
    def for_data_dir(cls, data_dir: str | Path) -> "FeedbackStore":
        return cls(Path(data_dir) / FILENAME)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:  # e.g. a file system without shared memory: the default journal works too
            pass
        conn.execute(_SCHEMA)
        return conn

    def add(self, question: str, answer: str, rating: str, comment: str | None = None) -> dict[str, Any]:
        """Store one rating; returns its id and timestamp."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
        created = _now()
        with closing(self._connect()) as conn, conn:
            cur = conn.execute(
                "INSERT INTO feedback (created_at, rating, question, answer, comment) VALUES (?, ?, ?, ?, ?)",
                (created, rating, question, answer, comment or ""),
            )
            return {"id": int(cur.lastrowid or 0), "created_at": created}

    def rows(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as conn:
            cur = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")
            return [dict(zip(COLUMNS, row)) for row in cur.fetchall()]

    def count(self) -> int:
        if not self.path.exists():
            return 0
        with closing(self._connect()) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])


_PG_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id          BIGSERIAL PRIMARY KEY,
    created_at  TEXT NOT NULL,
    rating      TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT ''
)
"""
# any fixed number: hosts that start together create the table one after the other
_PG_LOCK = 72_615_001


class PostgresFeedbackStore(_Export):
    """The same table in PostgreSQL (``postgresql://user:password@host:5432/db``), for several hosts."""

    def __init__(self, url: str):
        self.url = url
        self._ready = False

    def _connect(self) -> Any:
        import psycopg

        conn = psycopg.connect(self.url, connect_timeout=10)
        if not self._ready:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK,))
                conn.execute(_PG_SCHEMA)
            self._ready = True
        return conn

    def add(self, question: str, answer: str, rating: str, comment: str | None = None) -> dict[str, Any]:
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
        created = _now()
        with self._connect() as conn:
            row = conn.execute(
                "INSERT INTO feedback (created_at, rating, question, answer, comment) "
                "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (created, rating, _no_nul(question), _no_nul(answer), _no_nul(comment or "")),
            ).fetchone()
            return {"id": int(row[0]), "created_at": created}

    def rows(self) -> list[dict[str, Any]]:
        with self._connect() as conn:
            cur = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")
            return [dict(zip(COLUMNS, row)) for row in cur.fetchall()]

    def count(self) -> int:
        with self._connect() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])


def _no_nul(text: str) -> str:
    """PostgreSQL text cannot hold NUL characters (SQLite can): they are dropped."""
    return text.replace("\x00", "")


AnyFeedbackStore = FeedbackStore | PostgresFeedbackStore


def open_feedback_store(settings: Any) -> AnyFeedbackStore:
    """The feedback store of the settings: PostgreSQL when feedback_db_url is set, else SQLite in data_dir."""
    url = (getattr(settings, "feedback_db_url", None) or "").strip()
    if not url:
        return FeedbackStore.for_data_dir(settings.data_dir)
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresFeedbackStore(url)
    if url.startswith("sqlite:///"):
        return FeedbackStore(url.removeprefix("sqlite:///"))
    raise ValueError(
        "ASSISTENT_FEEDBACK_DB_URL moet beginnen met postgresql:// (of sqlite:///pad); leeg = SQLite in de datamap."
    )
