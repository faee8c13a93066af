"""Fuzzing the member importer: random bytes, CSV-like text and workbook-like zips give clean errors or imports.

Whatever the file holds, :func:`db.members.io.reader.read_table` returns a table or raises
:class:`UnreadableFileError`, and :func:`import_members` imports or raises a :class:`KansliError` — never another
exception — and when it raises, nothing was written (no member, no change-log record). Bounded so that it runs in
``make test``; ``make fuzz`` runs 2000 examples, then the reader and the importer under atheris (``tests/fuzz``).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from db.core.database import Database
from db.core.errors import KansliError
from db.core.health import check_database
from db.members.io import ImportOptions, import_members
from db.members.io.reader import UnreadableFileError, read_table

# KANSLI_FUZZ_EXAMPLES raises the bound for a longer run (make fuzz runs 2000).
FUZZ = settings(
    max_examples=int(os.environ.get("KANSLI_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
)

HEADERS = [
    "Etunimi", "Sukunimi", "Osasto", "Sähköposti", "Puhelin", "Jäsennumero", "Liittynyt", "Syntymävuosi", "Kieli",
    "Jäsenlaji", "Postinumero", "Postitoimipaikka", "Katuosoite", "Förnamn", "Efternamn", "Förening", "Kansli ID",
    "first name", "last name", "branch", "email", "phone", "notes", "sep=;",
]  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(
        [
            "", " ", "Anna", "Östen", "Vaasan osasto", "Osasto 1", "anna@example.org", "not-an-email", "+358401234567",
            "040 123 4567", "1.3.2024", "2024-03-01", "31.2.2024", "1985", "fi", "sv", "jäsen", "kannattaja", "=1+2",
            "123", "00123", '"', '""', "a\nb", "\x00", "é" * 300, "0" * 40,
        ]
    ),
    st.text(max_size=20),
)  # fmt: skip
SEPARATORS = st.sampled_from([";", ",", "\t", "|"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])


@st.composite
def csv_like(draw: st.DrawFn) -> bytes:
    """Text that looks like a member file: known headers, plausible and hostile cells, odd quoting and encodings."""
    separator = draw(SEPARATORS)
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    lines = [separator.join(header)]
    for _ in range(draw(st.integers(0, 8))):
        cells = draw(st.lists(CELLS, max_size=len(header) + 2))
        if draw(st.booleans()):
            cells = [f'"{cell}"' if draw(st.booleans()) else cell for cell in cells]
        lines.append(separator.join(cells))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    content = newline.join(lines) + draw(st.sampled_from(["", newline, '"']))
    return content.encode(draw(ENCODINGS), errors="replace")


def _workbook(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        # A workbook cannot hold control characters; openpyxl refuses to write them.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VALID_WORKBOOK = _workbook([["Etunimi", "Sukunimi", "Osasto"], ["Anna", "Virtanen", "Vaasan osasto"]])
WORKBOOK_PARTS = zipfile.ZipFile(io.BytesIO(VALID_WORKBOOK)).namelist()


@st.composite
def xlsx_like(draw: st.DrawFn) -> bytes:
    """A workbook with one or more of its parts replaced, cut short or left out; or a workbook of odd values."""
    if draw(st.booleans()):
        values = st.one_of(CELLS, st.integers(), st.floats(allow_nan=True), st.dates(), st.booleans(), st.none())
        header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6))
        return _workbook([header, *draw(st.lists(st.lists(values, max_size=8), max_size=5))])
    source = zipfile.ZipFile(io.BytesIO(VALID_WORKBOOK))
    damaged = set(draw(st.lists(st.sampled_from(WORKBOOK_PARTS), min_size=1, max_size=3)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in WORKBOOK_PARTS:
            data = source.read(name)
            if name in damaged:
                how = draw(st.sampled_from(["drop", "cut", "random", "flip"]))
                if how == "drop":
                    continue
                if how == "cut":
                    data = data[: draw(st.integers(0, len(data)))]
                elif how == "random":
                    data = draw(st.binary(max_size=300))
                else:
                    position = draw(st.integers(0, max(0, len(data) - 1)))
                    data = data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1 :] if data else data
            target.writestr(name, data)
    archive = buffer.getvalue()
    if draw(st.booleans()):
        # Damage the zip structure itself too.
        position = draw(st.integers(0, len(archive) - 1))
        archive = archive[:position] + draw(st.binary(min_size=1, max_size=8)) + archive[position + 8 :]
    return archive


ANY_FILE = st.one_of(st.binary(max_size=2048), csv_like(), xlsx_like())


@pytest.fixture
def checked_database(database: Database) -> Iterator[Database]:
    """The test database, checked for health after all the examples ran on it."""
    yield database
    assert all(check.ok for check in check_database(database))


def _counts(database: Database) -> tuple[int, int, int]:
    with database.engine.connect() as connection:
        return (
            connection.execute(text("SELECT count(*) FROM member")).scalar_one(),
            connection.execute(text("SELECT count(*) FROM change_log")).scalar_one(),
            connection.execute(text("SELECT count(*) FROM branch")).scalar_one(),
        )


@FUZZ
@given(content=ANY_FILE, suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_reader_returns_a_table_or_a_clean_error(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"members{suffix}"
    path.write_bytes(content)
    try:
        table = read_table(path)
    except UnreadableFileError as error:
        assert str(error)
        return
    assert all(isinstance(header, str) for header in table.headers)


@FUZZ
@given(
    content=ANY_FILE,
    suffix=st.sampled_from([".csv", ".xlsx"]),
    options=st.sampled_from(
        [ImportOptions(), ImportOptions(create_branches=True), ImportOptions(skip_invalid=True, create_branches=True)]
    ),
)
def test_import_imports_or_fails_cleanly_and_then_writes_nothing(
    checked_database: Database, tmp_path: Path, content: bytes, suffix: str, options: ImportOptions
) -> None:
    database = checked_database
    path = tmp_path / f"members{suffix}"
    path.write_bytes(content)
    before = _counts(database)
    try:
        report = import_members(database, path, options)
    except KansliError as error:
        assert str(error)
        assert _counts(database) == before
        return
    assert report.committed
    assert _counts(database)[0] == before[0] + report.created
