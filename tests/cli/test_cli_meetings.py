"""``kansli meetings list`` and ``kansli print agenda / minutes / decisions`` as a user runs them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from db.core.database import open_database
from db.core.keys import DataKey
from db.meetings.actions import add_action
from db.meetings.agenda import add_item
from db.meetings.records import ActionData, ItemData
from db.privacy.export_log import ExportKind, list_exports
from tests.cli.conftest import Result
from tests.db.meetings_helpers import make_board, plan


@pytest.fixture
def meetings(keyed_database: Path, database_key: DataKey) -> tuple[Path, uuid.UUID]:
    """A district board with a meeting in February (with a decision and an action) and one in March."""
    database = open_database(keyed_database, database_key)
    try:
        board = make_board(database)
        february = plan(database, board, date(2026, 2, 10))
        plan(database, board, date(2026, 3, 10))
        with database.transaction("Decide") as session:
            item = add_item(session, february, ItemData("Vappujuliste", decision="Tilataan julisteet."))
            add_action(session, item, ActionData("Tilaa julisteet", responsible_id=board.people["Pär Lindqvist"]))
    finally:
        database.close()
    return keyed_database, february


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_meetings_list_prints_one_meeting_a_line_its_short_name_first(
    kansli: Callable[..., Result], meetings: tuple[Path, uuid.UUID]
) -> None:
    path, _february = meetings
    result = kansli("--db", path, "meetings", "list")
    assert result.code == 0, result.err
    lines = [line.split("\t") for line in result.out.splitlines()]
    assert [fields[0] for fields in lines] == ["PH 1/2026", "PH 2/2026"]
    assert lines[0][2] == "draft" and lines[0][3] == "Piirihallitus"
    assert lines[0][5] == "Vaasa, Työväentalo"
    only = kansli("--db", path, "meetings", "list", "--body", "ph", "--year", "2027")
    assert only.code == 0 and only.out == ""
    unknown = kansli("--db", path, "meetings", "list", "--body", "Nobody")
    assert unknown.code != 0 and "Nobody" in unknown.err


def test_print_minutes_and_agenda_write_a_pdf_and_log_it(
    kansli: Callable[..., Result], meetings: tuple[Path, uuid.UUID], tmp_path: Path, database_key: DataKey
) -> None:
    path, _february = meetings
    minutes = tmp_path / "minutes.pdf"
    result = kansli("--db", path, "print", "minutes", "--meeting", "ph 1/2026", "-o", minutes)
    assert result.code == 0, result.err
    assert "PH 1/2026" in result.out
    text = _text(minutes)
    assert "Tilataan julisteet." in text and "Tilaa julisteet — Pär Lindqvist" in text
    assert "Åsa Öhman" in text
    agenda = tmp_path / "agenda.pdf"
    result = kansli("--db", path, "print", "agenda", "--meeting", "PH 2/2026", "--language", "sv", "-o", agenda)
    assert result.code == 0, result.err
    assert "Tilaa julisteet" in _text(agenda)  # the open action comes up in March
    database = open_database(path, database_key)
    try:
        with database.reading() as session:
            exports = list_exports(session)
    finally:
        database.close()
    assert {(export.kind, export.file_name) for export in exports} == {
        (ExportKind.OTHER, str(minutes)),
        (ExportKind.OTHER, str(agenda)),
    }
    assert all(export.people == 10 for export in exports)  # the board's ten people on the list


def test_a_bad_meeting_id_prints_a_clear_error_and_writes_nothing(
    kansli: Callable[..., Result], meetings: tuple[Path, uuid.UUID], tmp_path: Path
) -> None:
    path, _february = meetings
    target = tmp_path / "minutes.pdf"
    for wrong in ("PH 9/2026", "XX 1/2026", "nonsense"):
        result = kansli("--db", path, "print", "minutes", "--meeting", wrong, "-o", target)
        assert result.code == 1
        assert f"No meeting matches {wrong}" in result.err and "kansli meetings list" in result.err
        assert "Traceback" not in result.err
    assert not target.exists()


def test_print_decisions_of_a_period(
    kansli: Callable[..., Result], meetings: tuple[Path, uuid.UUID], tmp_path: Path
) -> None:
    path, _february = meetings
    target = tmp_path / "decisions.pdf"
    result = kansli(
        "--db", path, "print", "decisions", "--from", "1.1.2026", "--to", "2026-12-31", "--body", "PH", "-o", target
    )
    assert result.code == 0, result.err
    assert "1 decision" in result.out
    assert "Vappujuliste" in _text(target) and "PH 1/2026" in _text(target)
    bad = kansli("--db", path, "print", "decisions", "--from", "31.2.2026", "--to", "2026-12-31", "-o", target)
    assert bad.code == 1 and "31.2.2026 is not a date" in bad.err
