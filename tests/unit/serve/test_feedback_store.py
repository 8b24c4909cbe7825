"""FeedbackStore: ratings round-trip through a real SQLite file, and the CSV export is safe to open
in a spreadsheet. Also the UI's 👍/👎 and comment handlers, which write to that store directly."""
from __future__ import annotations

import csv
import io
import sqlite3
from datetime import datetime, timedelta, timezone

import gradio as gr
import pytest

from assistent.models import Result
from assistent.serve.feedback import COLUMNS, FILENAME, FeedbackStore
from assistent.serve.ui.chat import ChatEvents, save_feedback
from assistent.settings import Settings


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    return FeedbackStore.for_data_dir(tmp_path / "data")


def test_add_then_rows_round_trip_with_ids_and_utc_timestamps(store, tmp_path):
    assert store.path == tmp_path / "data" / FILENAME
    first = store.add("Hoeveel inleg?", "5% [1].", "up")
    second = store.add("En huur?", "Ja.", "down", "Te kort")
    assert second["id"] == first["id"] + 1
    rows = store.rows()
    assert [(r["rating"], r["question"], r["answer"], r["comment"]) for r in rows] == [
        ("up", "Hoeveel inleg?", "5% [1].", ""),
        ("down", "En huur?", "Ja.", "Te kort"),
    ]
    assert [r["id"] for r in rows] == [first["id"], second["id"]]
    assert rows[0]["created_at"] == first["created_at"]
    created = datetime.fromisoformat(first["created_at"])
    assert created.utcoffset() == timedelta(0)
    assert abs(datetime.now(timezone.utc) - created) < timedelta(minutes=1)
    assert store.count() == 2


def test_a_second_store_on_the_same_file_sees_the_same_rows(store):
    store.add("q", "a", "up")
    other = FeedbackStore(store.path)
    other.add("q2", "a2", "down")
    assert [r["question"] for r in store.rows()] == ["q", "q2"]


def test_reading_a_store_that_was_never_written_creates_nothing(store):
    assert store.rows() == [] and store.count() == 0
    assert not store.path.exists()
    assert store.export_csv() == ",".join(COLUMNS) + "\r\n"


def test_only_up_and_down_are_ratings(store):
    with pytest.raises(ValueError, match="rating"):
        store.add("q", "a", "meh")
    assert store.count() == 0
    store.add("q", "a", "up")
    with sqlite3.connect(store.path) as conn, pytest.raises(sqlite3.IntegrityError):  # the table says so too
        conn.execute("INSERT INTO feedback (created_at, rating, question, answer) VALUES ('t', 'meh', 'q', 'a')")


@pytest.mark.parametrize("formula", ["=SUM(A1:A9)", "+31 6", "-2+3", "@cmd", "\tTAB"])
def test_csv_export_defuses_cells_a_spreadsheet_would_run_as_a_formula(store, formula):
    store.add(formula, "gewoon antwoord, met komma", "down", formula)
    rows = list(csv.reader(io.StringIO(store.export_csv(), newline="")))
    assert rows[0] == list(COLUMNS)
    row = dict(zip(COLUMNS, rows[1]))
    assert row["question"] == "'" + formula and row["comment"] == "'" + formula
    assert row["answer"] == "gewoon antwoord, met komma"  # ordinary text is left alone
    assert row["rating"] == "down" and row["id"] == "1"


def test_csv_export_keeps_a_line_break_and_what_follows_it_inside_its_cell(store):
    store.add("goed", "a", "up", "eerste regel\n=HYPERLINK(\"http://x\")")
    text = store.export_csv()
    assert text.count("\n") == 3  # header, row, and the quoted line break inside the comment
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2 and rows[1][COLUMNS.index("comment")] == 'eerste regel\n=HYPERLINK("http://x")'


def test_csv_export_keeps_a_carriage_return_inside_its_cell(store):
    store.add("goed", "a", "up", "ok\r=1+1")
    rows = list(csv.reader(io.StringIO(store.export_csv(), newline="")))
    assert rows[1][COLUMNS.index("comment")] == "ok\r=1+1"


@pytest.mark.parametrize(
    "formula",
    [" =1+1", "\u200b=1+1", "\ufeff=1+1", "\u00a0 +1", "＝1+1", "＋31", "－2", "＠cmd", "\r=cmd|' /C calc'!A0", "\n=1"],
)
def test_csv_export_guards_formulas_behind_whitespace_format_characters_and_full_width(store, formula):
    store.add("vraag", "antwoord", "up", formula)
    rows = list(csv.reader(io.StringIO(store.export_csv(), newline="")))
    assert len(rows) == 2  # no line break starts a row of its own
    assert rows[1][COLUMNS.index("comment")] == "'" + formula


def test_csv_export_rows_end_in_crlf_and_every_field_with_a_line_break_is_quoted(store):
    store.add("a\rb", "c\nd", "up", "e\r\nf")
    store.add("x\u2028=1+1", "gewoon", "down", "g")
    text = store.export_csv()
    header, rest = text.split("\r\n", 1)
    assert header == ",".join(COLUMNS)
    assert '"a\rb"' in rest and '"c\nd"' in rest and '"e\r\nf"' in rest and '"x\u2028=1+1"' in rest
    assert text.endswith('"g"\r\n')
    # outside quotes, every line ends in \r\n: a reader that splits on any line break still sees whole rows
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[COLUMNS.index("question")] for r in rows[1:]] == ["a\rb", "x\u2028=1+1"]
    assert rows[1][COLUMNS.index("comment")] == "e\r\nf"


def test_csv_export_keeps_quotes_newlines_and_non_ascii(store):
    store.add('Zei hij "ja"?\nTweede regel', "Coöperatie € 5", "up")
    rows = list(csv.reader(io.StringIO(store.export_csv(), newline="")))
    assert rows[1][COLUMNS.index("question")] == 'Zei hij "ja"?\nTweede regel'
    assert rows[1][COLUMNS.index("answer")] == "Coöperatie € 5"


# --------------------------------------------------------------------------- the UI writes to the store


def like(index: int, liked: bool | None) -> gr.LikeData:
    return gr.LikeData(None, {"index": index, "value": "", "liked": liked})


@pytest.fixture
def events(store, tmp_path) -> ChatEvents:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    return ChatEvents(assistant=None, settings=settings, feedback=store)


CONVO = [
    {"question": "Hoeveel inleg?", "result": Result(answer="5% [1].").model_dump(mode="json")},
    {"question": "Kapot?", "error": "Er ging iets mis."},
]


def test_thumbs_up_then_a_comment_are_two_rows_with_question_and_answer(events, store):
    msg, box, fields = events.on_like(CONVO, like(1, True))  # message 1 is the first answer
    assert "Dank u wel voor uw beoordeling 👍" in msg and box["visible"] is True
    assert fields == {"question": "Hoeveel inleg?", "answer": "5% [1].", "rating": "up"}
    msg, box, text = events.on_comment("  Duidelijk.  ", fields)
    assert "toelichting is opgeslagen" in msg and box["visible"] is False and text == ""
    assert [(r["rating"], r["question"], r["answer"], r["comment"]) for r in store.rows()] == [
        ("up", "Hoeveel inleg?", "5% [1].", ""),
        ("up", "Hoeveel inleg?", "5% [1].", "Duidelijk."),
    ]


def test_thumbs_down_is_stored_as_down(events, store):
    events.on_like(CONVO, like(1, False))
    assert [r["rating"] for r in store.rows()] == ["down"]


@pytest.mark.parametrize("index,liked", [(1, None), (3, True), (9, True)])
def test_nothing_is_stored_for_an_unlike_an_error_turn_or_a_turn_that_is_gone(events, store, index, liked):
    assert events.on_like(CONVO, like(index, liked))[2] is None
    assert store.count() == 0


def test_a_comment_needs_a_rating_first_and_some_text(events, store):
    assert "eerst een beoordeling" in events.on_comment("Goed", None)[0]
    assert "nog niets getypt" in events.on_comment("   ", {"question": "q", "answer": "a", "rating": "up"})[0]
    assert store.count() == 0


def test_a_store_that_cannot_write_gives_a_message_not_an_exception(tmp_path, events, caplog):
    (tmp_path / "bezet").mkdir()
    broken = FeedbackStore(tmp_path / "bezet")  # a directory, not a database file
    assert save_feedback(broken, {"question": "q", "answer": "a", "rating": "up"}) is False
    assert "Feedback kon niet worden opgeslagen" in caplog.text
    events.feedback = broken
    msg, box, fields = events.on_like(CONVO, like(1, True))
    assert "kon niet worden opgeslagen" in msg and fields is None
    msg, _, text = events.on_comment("Mijn toelichting", {"question": "q", "answer": "a", "rating": "up"})
    assert "kon niet worden opgeslagen" in msg and text == "Mijn toelichting"  # the text is kept to try again
