"""The register of recognitions in the window: give, warn on a repeat, edit, remove with undo, print, suggest."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.core.changelog import Origin
from db.core.database import Database
from db.core.undo import undo_last
from db.privacy.export_log import ExportKind, list_exports
from db.recognition.models import RecognitionKind
from db.recognition.register import list_recognitions
from desktop.members.tab import MembersTab
from desktop.recognition import give_dialog as give_module
from desktop.recognition.give_dialog import RecognitionDialog
from desktop.recognition.register_dialog import PrintChoice, RecognitionsDialog
from desktop.shell.context import ShellContext
from desktop.shell.pdf_preview import PdfPreviewDialog


@pytest.fixture
def register(shell_context: ShellContext, qtbot: QtBot) -> Iterator[RecognitionsDialog]:
    dialog = RecognitionsDialog(shell_context)
    qtbot.addWidget(dialog)
    yield dialog
    shell_context.tasks.wait()


def _give(
    monkeypatch: pytest.MonkeyPatch, member: uuid.UUID, name: str, fill: Callable[[RecognitionDialog], None]
) -> list[RecognitionDialog]:
    opened: list[RecognitionDialog] = []

    def exec_(dialog: RecognitionDialog) -> int:
        opened.append(dialog)
        dialog.member.set_member(member, name)
        fill(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(RecognitionDialog, "exec", exec_)
    return opened


def test_giving_numbers_and_a_repeat_is_asked_about(
    register: RecognitionsDialog,
    database: Database,
    make_member: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna = make_member("Anna", "Aalto")
    assert isinstance(anna, uuid.UUID)
    assert register.stack.currentWidget() is register.empty
    _give(monkeypatch, anna, "Anna Aalto", lambda dialog: dialog.reason.setPlainText("Vaalityöstä"))
    first = register.give()
    assert first is not None and first.number == f"{date.today().year}-001"
    assert [row.member_name for row in register.model.rows()] == ["Anna Aalto"]
    # The same again: asked first; declining keeps the dialog open and writes nothing.
    monkeypatch.setattr(give_module, "confirm", lambda *args: False)
    opened = _give(monkeypatch, anna, "Anna Aalto", lambda dialog: None)
    assert register.give() is None
    assert opened[0].has_error()
    monkeypatch.setattr(give_module, "confirm", lambda *args: True)
    _give(monkeypatch, anna, "Anna Aalto", lambda dialog: None)
    again = register.give()
    assert again is not None and again.number.endswith("-002")


def test_a_jubilee_asks_for_the_years_and_removal_is_undoable(
    register: RecognitionsDialog,
    database: Database,
    make_member: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bo = make_member("Bo", "Berg", joined_on=date.today() - timedelta(days=25 * 365 + 10))
    assert isinstance(bo, uuid.UUID)

    def fill(dialog: RecognitionDialog) -> None:
        assert not dialog.years.isVisibleTo(dialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData(RecognitionKind.JUBILEE))
        assert dialog.years.isVisibleTo(dialog)
        dialog.years.setCurrentIndex(dialog.years.findData(25))

    _give(monkeypatch, bo, "Bo Berg", fill)
    given = register.give()
    assert given is not None and (given.kind, given.jubilee_years) == (RecognitionKind.JUBILEE, 25)
    register.view.selectRow(0)
    register.delete_selected()
    assert register.model.rowCount() == 0
    with database.transaction("undo", Origin.UNDO) as session:
        undo_last(session)
    register.reload()
    assert [row.number for row in register.model.rows()] == [given.number]


def test_printing_a_batch_previews_counts_and_logs(
    register: RecognitionsDialog,
    shell_context: ShellContext,
    database: Database,
    make_member: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for first in ("Cai", "Dora"):
        member = make_member(first, "Testinen")
        assert isinstance(member, uuid.UUID)
        _give(monkeypatch, member, f"{first} Testinen", lambda dialog: dialog.occasion.setText("Kevätkokous 2026"))
        register.give()
    shown: list[bytes] = []
    monkeypatch.setattr(PrintChoice, "exec", lambda dialog: 1)
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog._pdf) or 0)
    register.print_selected()  # nothing selected: all shown
    assert shell_context.tasks.wait()
    assert len(shown) == 1 and shown[0].startswith(b"%PDF")
    with database.reading() as session:
        assert {record.print_count for record in list_recognitions(session)} == {1}
        (export,) = list_exports(session)
    assert (export.kind, export.people) == (ExportKind.OTHER, 2)
    assert [register.occasion.itemData(index) for index in range(register.occasion.count())][1:] == ["Kevätkokous 2026"]


def test_the_members_tab_opens_one_register_window(shell_context: ShellContext, qtbot: QtBot) -> None:
    tab = MembersTab(shell_context)
    qtbot.addWidget(tab)
    tab.recognitions_button.click()
    first = tab._recognitions
    tab.recognitions_button.click()
    assert first is not None and tab._recognitions is first and first.isVisible()
    first.close()


def test_the_register_shows_the_decision_and_the_shortlist_claims_no_sort_order(
    register: RecognitionsDialog, make_member: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = make_member("Anna", "Aalto")
    assert isinstance(anna, uuid.UUID)
    _give(monkeypatch, anna, "Anna Aalto", lambda dialog: dialog.decision.setText("PH 5/2026 § 7"))
    register.give()
    headers = [
        register.model.headerData(column, Qt.Orientation.Horizontal) for column in range(register.model.columnCount())
    ]
    column = headers.index("Decision")
    assert register.model.index(0, column).data() == "PH 5/2026 § 7"
    # The volunteer shortlist comes best first: no arrow may say it is sorted by name.
    assert register.suggestions.candidate_view.horizontalHeader().sortIndicatorSection() == -1
