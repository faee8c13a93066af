"""Export from the Members tab: the people the filter shows, or those selected, written in a task."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from db.core.database import Database
from db.members.query import MemberFilter
from desktop.members import tab as tab_module
from desktop.members.tab import MembersTab
from desktop.shell.context import ShellContext
from tests.desktop.card_helpers import make_context, member_id


@pytest.fixture
def context(database: Database, tmp_path: Path) -> ShellContext:
    return make_context(database, tmp_path)


@pytest.fixture
def people(make_member: Callable[..., object]) -> dict[str, uuid.UUID]:
    return {
        "anna": member_id(make_member, "Anna", "Aalto", city="Vaasa"),
        "bo": member_id(make_member, "Bo", "Berg", city="Vaasa", branch="Mustasaaren osasto"),
        "cay": member_id(make_member, "Cay", "Carlsson", city="Vaasa"),
        "dora": member_id(make_member, "Dora", "Dahl", city="Oulu"),
    }


@pytest.fixture
def tab(context: ShellContext, qtbot: QtBot, people: dict[str, uuid.UUID]) -> Iterator[MembersTab]:
    widget = MembersTab(context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    context.tasks.wait()


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[str, str], list[str]]:
    """Answer the save dialog with a file name (and filter); return the list of dialog titles asked."""
    asked: list[str] = []

    def answer(name: str, chosen_filter: str = "") -> list[str]:
        def dialog(_parent: QWidget, title: str, *_args: object) -> tuple[str, str]:
            asked.append(title)
            return (str(tmp_path / name) if name else "", chosen_filter)

        monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
        return asked

    return answer


def read_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def ids_in(path: Path) -> list[str]:
    return [line[-1] for line in read_rows(path)[1:]]  # the Kansli ID is the last column


def select_rows(tab: MembersTab, member_ids: Sequence[uuid.UUID]) -> None:
    selection = tab.table.selectionModel()
    selection.clearSelection()
    for member in member_ids:
        row = tab.model.row_of(member)
        assert row is not None
        selection.select(
            tab.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )


def export(tab: MembersTab, context: ShellContext, qtbot: QtBot) -> None:
    with qtbot.waitSignal(context.events.status_message, timeout=15_000):
        tab.export_members()


def test_the_export_button_writes_what_the_filter_shows(
    tab: MembersTab,
    context: ShellContext,
    qtbot: QtBot,
    people: dict[str, uuid.UUID],
    save_as: Callable[..., list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab.show_filter(MemberFilter(text="Vaasa"))
    assert tab.model.rowCount() == 3
    select_rows(tab, [people["bo"]])  # one selected row is not a choice: the whole list goes
    monkeypatch.setattr(tab_module, "choose", lambda *_args: pytest.fail("nothing to choose with one row selected"))
    asked = save_as("vaasa.csv")
    messages: list[str] = []
    context.events.status_message.connect(messages.append)

    with qtbot.waitSignal(context.events.status_message, timeout=15_000):
        tab.export_button.click()

    shown = [str(tab.model.key_at(row)) for row in range(tab.model.rowCount())]
    assert asked == ["Export members"]
    assert ids_in(tmp_path / "vaasa.csv") == shown
    assert set(shown) == {str(people[name]) for name in ("anna", "bo", "cay")}
    assert messages == ["Exported 3 people to vaasa.csv."]


def test_selected_or_all_shown_is_asked_when_several_rows_are_selected(
    tab: MembersTab,
    context: ShellContext,
    qtbot: QtBot,
    people: dict[str, uuid.UUID],
    save_as: Callable[..., list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    select_rows(tab, [people["dora"], people["anna"]])
    answers = iter([0, 1])
    choices: list[list[str]] = []

    def choose(_parent: QWidget, _title: str, _text: str, options: list[str]) -> int:
        choices.append(options)
        return next(answers)

    monkeypatch.setattr(tab_module, "choose", choose)

    save_as("selected.csv")
    export(tab, context, qtbot)
    # In the table's order (by last name): Aalto before Dahl.
    assert ids_in(tmp_path / "selected.csv") == [str(people["anna"]), str(people["dora"])]

    save_as("everyone.csv")
    export(tab, context, qtbot)
    assert len(ids_in(tmp_path / "everyone.csv")) == 4
    assert choices[0] == ["2 selected", "4 people shown"]


def test_xlsx_is_written_when_its_filter_is_chosen_without_a_suffix(
    tab: MembersTab,
    context: ShellContext,
    qtbot: QtBot,
    people: dict[str, uuid.UUID],
    save_as: Callable[..., list[str]],
    tmp_path: Path,
) -> None:
    tab.show_filter(MemberFilter(text="Oulu"))
    save_as("oulu", "Excel workbook (*.xlsx)")
    export(tab, context, qtbot)
    rows = list(openpyxl.load_workbook(tmp_path / "oulu.xlsx").worksheets[0].iter_rows(values_only=True))
    assert [line[-1] for line in rows[1:]] == [str(people["dora"])]


def test_cancelling_the_question_or_the_file_dialog_writes_nothing(
    tab: MembersTab,
    people: dict[str, uuid.UUID],
    save_as: Callable[..., list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    select_rows(tab, [people["anna"], people["bo"]])
    monkeypatch.setattr(tab_module, "choose", lambda *_args: None)
    asked = save_as("never.csv")
    tab.export_members()
    assert asked == []  # cancelled before the file was asked for

    monkeypatch.setattr(tab_module, "choose", lambda *_args: 0)
    asked = save_as("")
    tab.export_members()
    assert asked == ["Export members"] and not tab.context.tasks.busy
    assert list(tmp_path.glob("*.csv")) == []
