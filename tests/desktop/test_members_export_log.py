"""The Members tab's export and printed list each leave one export-log entry naming the people they carry."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from db.core.database import Database
from db.members.query import MemberFilter
from db.privacy.export_log import ExportKind, ExportRecord, exports_including, list_exports
from desktop.members import printing
from desktop.members.tab import MembersTab
from desktop.shell.context import ShellContext
from tests.desktop.card_helpers import member_id


@pytest.fixture
def people(make_member: Callable[..., object]) -> dict[str, uuid.UUID]:
    return {
        "anna": member_id(make_member, "Anna", "Aalto", city="Vaasa"),
        "bo": member_id(make_member, "Bo", "Berg", city="Vaasa"),
        "dora": member_id(make_member, "Dora", "Dahl", city="Oulu"),
    }


@pytest.fixture
def tab(shell_context: ShellContext, qtbot: QtBot, people: dict[str, uuid.UUID]) -> Iterator[MembersTab]:
    widget = MembersTab(shell_context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    shell_context.tasks.wait()


def _log(database: Database) -> list[ExportRecord]:
    with database.reading() as session:
        return list_exports(session)


def test_an_export_from_the_tab_logs_the_people_written(
    tab: MembersTab,
    shell_context: ShellContext,
    database: Database,
    people: dict[str, uuid.UUID],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab.show_filter(MemberFilter(text="Vaasa"))
    target = tmp_path / "vaasa.csv"

    def save(_parent: QWidget, *_args: object) -> tuple[str, str]:
        return (str(target), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    with qtbot.waitSignal(shell_context.events.status_message, timeout=15_000):
        tab.export_members()
    (entry,) = _log(database)
    assert entry.kind == ExportKind.MEMBERS_FILE
    assert entry.people == 2 and entry.file_name == str(target)
    assert "Search: Vaasa" in entry.description
    with database.reading() as session:
        assert exports_including(session, people["anna"]) == [entry]
        assert exports_including(session, people["dora"]) == []


def test_an_export_that_fails_logs_nothing(
    tab: MembersTab,
    shell_context: ShellContext,
    database: Database,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(tmp_path / "gone" / "members.csv"), ""))
    errors: list[str] = []
    monkeypatch.setattr("desktop.members.tab.show_error", lambda _parent, _title, error: errors.append(str(error)))
    tab.export_members()
    qtbot.waitUntil(lambda: bool(errors), timeout=15_000)
    assert "no folder" in errors[0]
    assert _log(database) == []


def test_a_printed_list_logs_for_whom_and_who_is_on_it(
    tab: MembersTab,
    shell_context: ShellContext,
    database: Database,
    people: dict[str, uuid.UUID],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab.show_filter(MemberFilter(text="Oulu"))
    monkeypatch.setattr(printing.QInputDialog, "getText", lambda *_args, **_kwargs: ("Oulu calling team", True))
    shown: list[bytes] = []
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog._pdf) or 0)
    assert tab.print_current()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    (entry,) = _log(database)
    assert entry.kind == ExportKind.MEMBER_LIST
    assert (entry.people, entry.recipient, entry.file_name) == (1, "Oulu calling team", None)
    with database.reading() as session:
        assert exports_including(session, people["dora"]) == [entry]


def test_a_print_cancelled_at_the_question_logs_nothing(
    tab: MembersTab, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(printing.QInputDialog, "getText", lambda *_args, **_kwargs: ("", False))
    assert tab.print_current()
    assert not tab.context.tasks.busy
    assert _log(database) == []
