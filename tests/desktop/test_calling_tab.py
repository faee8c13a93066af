"""The Calling tab: the queue and its reasons, dealing to callers, sheets and printing, keyboard entry, tasks."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.calling.campaigns import QuestionData
from db.calling.models import Call, CallSheet, CallTask, QuestionKind, SheetStatus, TaskKind
from db.calling.outcomes import Outcome
from db.calling.queue import Reason
from db.calling.sheets import AssignMode
from db.core.changelog import Origin
from db.core.database import Database
from db.core.undo import undo_last
from db.privacy.export_log import ExportKind, list_exports
from desktop.calling.entry_page import EntryPage
from desktop.calling.models import Column, SortedListModel
from desktop.calling.queue_page import IN_QUEUE, AssignDialog
from desktop.calling.tab import ENTRY, SHEETS, CallingTab
from desktop.shell.context import ShellContext
from desktop.shell.pdf_preview import PdfPreviewDialog
from tests.db.calling_helpers import assign_all, quick_caller, simple_campaign

TODAY = date.today()
QUESTIONS = (QuestionData(QuestionKind.YES_NO, "Vaalit?"), QuestionData(QuestionKind.FREE_TEXT, "Mitä kuuluu?"))


@pytest.fixture
def tab(shell_context: ShellContext, qtbot: QtBot) -> Iterator[CallingTab]:
    widget = CallingTab(shell_context)
    qtbot.addWidget(widget)
    widget.resize(1366, 760)
    widget.show()
    widget.activateWindow()
    yield widget
    shell_context.tasks.wait()


def _finish_tasks(context: ShellContext) -> None:
    assert context.tasks.wait()


def _type(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the keyboard focus, as a user would."""
    for character in text:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, character)


def _press(qtbot: QtBot, key: Qt.Key) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key)


def _members(make_member: Callable[..., object], count: int) -> list[uuid.UUID]:
    ids = []
    for index in range(count):
        member_id = make_member(f"Etu{index}", f"Suku{index:02d}", phone=f"040 555 00{index:02d}")
        assert isinstance(member_id, uuid.UUID)
        ids.append(member_id)
    return ids


def test_sorted_list_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = SortedListModel[tuple[str, int]](
        [Column("Name", lambda row: row[0]), Column("Count", lambda row: str(row[1]), key=lambda row: row[1])]
    )
    model.set_rows([("Öberg", 10), ("Aalto", 9), ("Berg", 100)])
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.index(row, 0).data() for row in range(3)] == ["Aalto", "Öberg", "Berg"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.index(row, 0).data() for row in range(3)] == ["Öberg", "Berg", "Aalto"]


def test_empty_tab_offers_the_templates(tab: CallingTab) -> None:
    assert tab.stack.currentWidget() is tab.empty
    assert len(tab.empty._button_widgets) == 2


def test_queue_page_shows_reasons_and_deals_to_callers(
    tab: CallingTab,
    shell_context: ShellContext,
    database: Database,
    make_member: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _members(make_member, 3)
    make_member("Ilman", "Puhelinta")
    campaign_id = simple_campaign(database)
    caller_id = quick_caller(database, "Soittaja Yksi")
    shell_context.events.calling_changed.emit()
    _finish_tasks(shell_context)
    reasons = {row.key: row.count for row in tab.queue_page.reasons.rows()}
    assert reasons == {IN_QUEUE: 3, Reason.NO_PHONE.value: 1}
    assert tab.queue_page.people.rowCount() == 3
    assert tab.current_campaign() is not None and tab.current_campaign().id == campaign_id  # type: ignore[union-attr]

    def fill(dialog: AssignDialog) -> int:
        dialog.set_checked([caller_id])
        dialog.set_mode(AssignMode.EVENLY)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(AssignDialog, "exec", fill)
    tab.queue_page.assign_all()
    _finish_tasks(shell_context)
    assert tab.pages.currentIndex() == SHEETS
    sheets = tab.sheets_page.model.rows()
    assert [(sheet.number, sheet.caller, sheet.rows) for sheet in sheets] == [(1, "Soittaja Yksi", 3)]
    assert {row.key: row.count for row in tab.queue_page.reasons.rows()}.get(Reason.ON_A_SHEET.value) == 3


def test_no_list_claims_a_sort_order_it_is_not_in(tab: CallingTab) -> None:
    """The lists come in their own order (reasons as tested, the queue as dealt): no header arrow says otherwise."""
    views = {
        "reasons": tab.queue_page.reason_view,
        "people": tab.queue_page.people_view,
        "sheets": tab.sheets_page.view,
        "tasks": tab.tasks_page.view,
        "branches": tab.progress_page.branch_view,
        "callers": tab.progress_page.caller_view,
    }
    for name, view in views.items():
        assert view.horizontalHeader().sortIndicatorSection() == -1, name
        assert view.isSortingEnabled(), name  # a click on a header still sorts
    tab.queue_page.people_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert tab.queue_page.people_view.horizontalHeader().sortIndicatorSection() == 0


def test_the_legend_never_parts_a_code_from_its_label(tab: CallingTab) -> None:
    legend = tab.entry_page.legend.text()
    assert "R\u00a0Refused" in legend and "DNC\u00a0Do not call again" in legend


def test_printing_sheets_logs_the_export_and_marks_them_printed(
    tab: CallingTab,
    shell_context: ShellContext,
    database: Database,
    make_member: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _members(make_member, 2)
    campaign_id = simple_campaign(database)
    assign_all(database, campaign_id, [quick_caller(database, "Pia Printtaaja")])
    shell_context.events.calling_changed.emit()
    tab.pages.setCurrentIndex(SHEETS)
    shown: list[bytes] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog._pdf) or 0)
    assert tab.print_current()
    _finish_tasks(shell_context)
    assert len(shown) == 1 and shown[0].startswith(b"%PDF")
    with database.reading() as session:
        sheet = session.execute(select(CallSheet)).scalar_one()
        exports = list_exports(session)
    assert sheet.status == SheetStatus.PRINTED and sheet.printed_at is not None
    assert [(export.kind, export.people) for export in exports] == [(ExportKind.CALL_SHEET, 2)]
    assert tab.sheets_page.model.rows()[0].status == SheetStatus.PRINTED


def test_keyboard_entry_in_print_order(
    tab: CallingTab,
    shell_context: ShellContext,
    database: Database,
    make_member: Callable[..., object],
    qtbot: QtBot,
) -> None:
    _members(make_member, 3)
    campaign_id = simple_campaign(database, questions=QUESTIONS)
    assign_all(database, campaign_id, [quick_caller(database)])
    shell_context.events.calling_changed.emit()
    tab.pages.setCurrentIndex(ENTRY)
    page = tab.entry_page

    page.sheet_field.setFocus()
    qtbot.waitUntil(page.sheet_field.hasFocus)
    page.sheet_field.selectAll()
    _type(qtbot, "1")
    _press(qtbot, Qt.Key.Key_Return)
    assert [page.table.item(row, 1).text() for row in range(3)] == ["Etu0 Suku00", "Etu1 Suku01", "Etu2 Suku02"]
    assert (page.table.currentRow(), page.table.currentColumn()) == (0, page._column("code"))

    # Row 1: talked, yes to Q1, a free answer to Q2, Enter.
    _type(qtbot, "t")
    _press(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "k")
    _press(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "Hyvin")
    _press(qtbot, Qt.Key.Key_Return)
    assert (page.table.currentRow(), page.table.currentColumn()) == (1, page._column("code"))
    # Row 2: no answer.
    _type(qtbot, "NA")
    _press(qtbot, Qt.Key.Key_Return)
    # Row 3: a code that does not exist is refused; the cursor stays on it.
    _type(qtbot, "ZZ")
    _press(qtbot, Qt.Key.Key_Return)
    assert (page.table.currentRow(), page.table.currentColumn()) == (2, page._column("code"))
    assert "ZZ" in page.message.text()
    assert page.table.item(2, page._column("saved")).text() == "!"

    with database.reading() as session:
        calls = session.execute(select(Call.outcome, Call.answers).order_by(Call.called_on, Call.outcome)).all()
    outcomes = sorted(outcome for outcome, _answers in calls)
    assert outcomes == sorted([Outcome.TALKED, Outcome.NO_ANSWER])
    talked = next(answers for outcome, answers in calls if outcome == Outcome.TALKED)
    assert "true" in talked and "Hyvin" in talked
    assert "2 of 3" in page.about.text()

    # A half-entered sheet resumes at its first open row.
    assert page.open_sheet(1)
    assert page.table.currentRow() == 2

    # The member's history names the call as the origin of its changes; Edit ▸ Undo takes back the last row.
    from db.core.undo import next_undo

    with database.reading() as session:
        step = next_undo(session)
    assert step is not None and step.label == "Call entered: Syyssoitot, sheet 1, row 2"
    with database.transaction("undo", Origin.UNDO) as session:
        undo_last(session)
    shell_context.events.calling_changed.emit()
    saved = [page.table.item(row, page._column("saved")).text() for row in range(3)]
    assert saved == ["✓", "", ""]


def test_an_unknown_sheet_number_is_explained(
    shell_context: ShellContext, database: Database, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    _members(make_member, 1)
    campaign_id = simple_campaign(database)
    assign_all(database, campaign_id, [quick_caller(database)])
    page = EntryPage(shell_context)
    qtbot.addWidget(page)
    page.set_campaign(campaign_id)
    assert not page.open_sheet(7)
    assert "7" in page.message.text()
    assert page.open_sheet(1)
    assert page.message.text() == ""


def test_tasks_page_lists_and_closes_tasks(
    tab: CallingTab,
    shell_context: ShellContext,
    database: Database,
    make_member: Callable[..., object],
) -> None:
    (member,) = _members(make_member, 1)
    with database.transaction("task") as session:
        session.add(CallTask(member_id=member, kind=TaskKind.WANTS_TO_RESIGN, created_on=TODAY))
    simple_campaign(database)  # any campaign, so the tab shows its pages
    shell_context.events.calling_changed.emit()
    assert [task.kind for task in tab.tasks_page.model.rows()] == [TaskKind.WANTS_TO_RESIGN]
    assert "(1)" in tab.pages.tabText(4)
    tab.tasks_page.view.selectRow(0)
    tab.tasks_page.mark_done()
    assert tab.tasks_page.model.rowCount() == 0
    assert "(1)" not in tab.pages.tabText(4)
    with database.reading() as session:
        # The day the task was closed, not the day this module was imported (a run may pass midnight).
        assert session.execute(select(CallTask.done_on)).scalar_one() == date.today()


def test_every_page_retranslates(tab: CallingTab, shell_context: ShellContext) -> None:
    texts = {}
    for language in ("en", "fi", "sv"):
        shell_context.events.language_changed.emit(language)
        texts[language] = tab.pages.tabText(ENTRY)
    assert all(texts.values())


def test_overview_lists_running_campaigns_and_waiting_tasks(
    database: Database, make_member: Callable[..., object]
) -> None:
    from datetime import timedelta

    from db.calling.campaigns import close_campaign
    from desktop.overview.attention import calling_tasks, running_campaigns

    (member,) = _members(make_member, 1)
    running = simple_campaign(database, name="Syksyn soitot")
    closed = simple_campaign(database, name="Vanha kampanja")
    with database.transaction("close") as session:
        close_campaign(session, closed, TODAY)
    assign_all(database, running, [quick_caller(database)])
    with database.reading() as session:
        assert calling_tasks(session, TODAY) == []
        items = running_campaigns(session, TODAY)
        later = running_campaigns(session, date(2027, 3, 1) + timedelta(days=1))
    assert [item.title for item in items] == ["Calling: Syksyn soitot"]
    assert items[0].link.tab == "calling" and items[0].detail.startswith("1 sheet;")
    assert later == []  # the campaign ended in February
    with database.transaction("task") as session:
        session.add(CallTask(member_id=member, kind=TaskKind.MOVED, created_on=TODAY))
    with database.reading() as session:
        (task_item,) = calling_tasks(session, TODAY)
    assert task_item.count == 1 and "Etu0 Suku00" in task_item.detail


def test_a_corrected_row_is_saved_on_leaving_it_and_an_unchanged_one_is_not_saved_again(
    shell_context: ShellContext, database: Database, make_member: Callable[..., object], qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QTableWidgetItem

    from db.core.changelog import Operation
    from db.core.undo import next_undo

    _members(make_member, 2)
    campaign_id = simple_campaign(database)
    assign_all(database, campaign_id, [quick_caller(database)])
    page = EntryPage(shell_context)
    qtbot.addWidget(page)
    page.set_campaign(campaign_id)
    assert page.open_sheet(1)
    page.table.setItem(0, page._column("code"), QTableWidgetItem("NA"))
    page.finish_current_row()
    with database.reading() as session:
        operations = len(session.execute(select(Operation.id)).all())
    # Enter on the saved row again: nothing new to save, no new step for Undo.
    page.table.setCurrentCell(0, page._column("code"))
    page.finish_current_row()
    with database.reading() as session:
        assert len(session.execute(select(Operation.id)).all()) == operations
    # A note typed on the saved row marks it unsaved; clicking another row saves it.
    page.table.setCurrentCell(0, page._column("note"))
    page.table.setItem(0, page._column("note"), QTableWidgetItem("soita iltaisin"))
    assert page.table.item(0, page._column("saved")).text() == ""
    page.table.setCurrentCell(1, page._column("code"))
    with database.reading() as session:
        assert session.execute(select(Call.notes)).scalar_one() == "soita iltaisin"
        step = next_undo(session)
    assert step is not None and "row 1" in step.label
    assert page.table.item(0, page._column("saved")).text() == "✓"
