"""The Board meetings tab: planning a meeting, the agenda and its § numbers, decisions, attendance and quorum by §,
the officers and their warnings, the minutes' workflow and its lock, printing through the preview, languages.

Modal dialogs are answered by replacing their ``exec`` with a function that fills the dialog the way a user would
and presses OK (see test_branches_tab.py).
"""

from __future__ import annotations

import gettext
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from db.core import i18n
from db.core.database import Database
from db.core.district import Language
from db.core.undo import next_undo
from db.meetings.attendance import set_attendance, set_officers
from db.meetings.detail import meeting_detail
from db.meetings.meetings import list_meetings
from db.meetings.models import AttendanceStatus, AttendeeRole, ItemKind, MinutesState, SectionStyle
from db.meetings.settings import MeetingSettingsData
from db.privacy.export_log import list_exports
from desktop.meetings import agenda_section
from desktop.meetings.action_dialog import ActionDialog
from desktop.meetings.actions_section import ActionsModel
from desktop.meetings.agenda_section import AgendaModel
from desktop.meetings.attendance_section import AttendanceModel
from desktop.meetings.attendee_dialog import AttendeeDialog
from desktop.meetings.fields import TickList, select_value
from desktop.meetings.item_dialog import ItemDialog
from desktop.meetings.list_model import MeetingListModel
from desktop.meetings.meeting_dialog import MeetingDialog
from desktop.meetings.tab import ACTIONS_PAGE, AGENDA_PAGE, DECISIONS_PAGE, MeetingsTab
from desktop.meetings.workflow_bar import ReopenDialog, SignedDialog
from desktop.shell.context import ShellContext
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.widgets import qdate
from tests.db.meetings_helpers import CHAIR, DEPUTIES, MEMBERS, SECRETARY, VICE_CHAIR, Board, make_board, plan

TODAY = date(2026, 6, 15)  # the board's term began on 1.1.2026
HELD_ON = date(2026, 3, 10)
D = TypeVar("D")


@pytest.fixture
def context(shell_context: ShellContext) -> ShellContext:
    shell_context.today = lambda: TODAY  # type: ignore[method-assign]
    return shell_context


@pytest.fixture
def tab(context: ShellContext, qtbot: QtBot) -> Iterator[MeetingsTab]:
    widget = MeetingsTab(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    yield widget
    context.tasks.wait()


# The board's papers in English with Finnish § numbers: the tests read titles and decisions from the templates,
# which would otherwise follow the catalogs of the day.
SETTINGS = MeetingSettingsData(language=Language.EN, section_style=SectionStyle.NUMBER_FIRST, target_meetings=8)


@pytest.fixture
def board(database: Database) -> Board:
    return make_board(database, settings=SETTINGS)


def answer(monkeypatch: pytest.MonkeyPatch, dialog_class: type[D], fill: Callable[[D], None]) -> list[D]:
    """Make ``dialog_class.exec`` fill the dialog and press OK; return the dialogs opened."""
    opened: list[D] = []

    def exec_(dialog: Any) -> int:
        opened.append(dialog)
        fill(dialog)
        if dialog.result() == 0:
            dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return opened


def name(first_last: tuple[str, str]) -> str:
    return f"{first_last[0]} {first_last[1]}"


def person(tab: MeetingsTab, full_name: str) -> uuid.UUID:
    assert tab.detail is not None
    return next(each.id for each in tab.detail.attendees if each.name == full_name)


def titles(tab: MeetingsTab) -> list[str]:
    model = tab.agenda.model
    return [f"{model.index(row, 0).data()} {model.index(row, 1).data()}" for row in range(model.rowCount())]


def select_item(tab: MeetingsTab, title: str) -> int:
    """Choose the item ``title`` alone (not with selectRow: a Ctrl that QTest typed earlier may still count)."""
    row, item = next((row, item) for row, item in enumerate(tab.agenda.model.items()) if item.title == title)
    tab.agenda.select_ids({item.id}, item.id)
    return row


def undo_label(database: Database) -> str:
    with database.reading() as session:
        step = next_undo(session)
    assert step is not None
    return step.label


def planned(tab: MeetingsTab, database: Database, board: Board) -> uuid.UUID:
    """A regular meeting of the board on ``HELD_ON`` (members invited, agenda from the template), shown."""
    meeting_id = plan(database, board, HELD_ON, notice_sent_on=date(2026, 3, 1))
    tab.context.events.meetings_changed.emit()
    tab.show_meeting(meeting_id)
    assert tab.detail is not None and tab.detail.summary.id == meeting_id
    return meeting_id


# ------------------------------------------------------------------------------------------------------- models
def test_models_pass_the_model_tester(qtmodeltester: Any, database: Database, board: Board) -> None:
    meeting_id = plan(database, board, HELD_ON)
    with database.reading() as session:
        meetings = list_meetings(session)
        detail = meeting_detail(session, meeting_id, TODAY)
    model = MeetingListModel(lambda: TODAY)
    model.set_rows(meetings + meetings)
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "PH 1/2026"
    assert model.index(0, 3).data() == "Draft"
    assert "Regular meeting" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)  # a narrow list cuts the kind
    agenda, attendance, actions = AgendaModel(), AttendanceModel(), ActionsModel(lambda: TODAY)
    agenda.set_items(list(detail.items))
    attendance.set_detail(detail)
    actions.set_rows([])
    for each in (agenda, attendance, actions):
        qtmodeltester.check(each)
    assert agenda.index(0, AgendaModel.SECTION).data() == "1 §"
    assert attendance.index(0, AttendanceModel.NAME).data() == name(CHAIR)
    assert attendance.index(0, AttendanceModel.CHAIR).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


# ------------------------------------------------------------------------------------------------- the meetings
def test_the_empty_tab_says_what_to_do_and_a_new_meeting_starts_ready(
    tab: MeetingsTab, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tab.stack.currentWidget() is tab.empty
    assert not tab.empty._button_widgets  # no body yet: nothing to plan, the text says where bodies come from
    assert "Branches tab" in tab.empty.text.text()
    make_board(database, settings=SETTINGS)
    tab.context.events.branches_changed.emit()
    assert [button.text() for button in tab.empty._button_widgets] == ["New meeting…"]

    def fill(dialog: MeetingDialog) -> None:
        dialog.held_on.setDate(qdate(date(2026, 4, 14)))
        dialog.place.setText("Vaasa, Työväentalo")
        dialog.notice_sent_on.set_value(date(2026, 4, 10))  # late: the rule is 7 days

    opened = answer(monkeypatch, MeetingDialog, fill)
    tab.new_meeting()
    assert len(opened) == 1 and not opened[0].has_error()
    assert tab.stack.currentIndex() == 0
    assert tab.model.index(0, 0).data() == "PH 1/2026"
    detail = tab.detail
    assert detail is not None and detail.summary.place == "Vaasa, Työväentalo"
    assert titles(tab)[0] == "1 § Opening of the meeting" and len(titles(tab)) > 8
    assert tab.attendance.model.rowCount() == 10  # 8 seats, a deputy, an adjunct member
    assert "notice went out on" in tab.header.warnings.text()
    assert undo_label(database) == "New meeting"
    first = detail.summary.id
    opened = answer(monkeypatch, MeetingDialog, lambda dialog: dialog.held_on.setDate(qdate(date(2026, 5, 12))))
    tab.new_meeting()
    assert tab.detail is not None and tab.detail.summary.code == "PH 2/2026"  # the new meeting is shown
    tab.decisions.open_meeting.emit(first)
    assert tab.detail.summary.code == "PH 1/2026" and tab.pages.currentIndex() == AGENDA_PAGE
    # The filters hold across a refresh (an id read again is an equal, not the same, object).
    tab.body_filter.setCurrentIndex(1)
    tab.context.events.meetings_changed.emit()
    assert tab.body_filter.currentIndex() == 1 and tab.year_filter.currentData() == 2026


# --------------------------------------------------------------------------------------------------- the agenda
def test_items_are_added_and_moved_and_the_numbers_follow(
    tab: MeetingsTab, database: Database, board: Board, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned(tab, database, board)
    before = titles(tab)
    kinds = [item.kind for item in tab.agenda.model.items()]
    other_matters = kinds.index(ItemKind.OTHER_MATTERS)

    def fill(dialog: ItemDialog) -> None:
        dialog.title.setText("Kesäleiri 2026")
        dialog.proposal.setPlainText("Hallitus päättää järjestää kesäleirin.")

    answer(monkeypatch, ItemDialog, fill)
    tab.agenda.add_item()
    after = titles(tab)
    assert len(after) == len(before) + 1
    # Before other matters, next meeting and the closing, which move down one §.
    assert after[other_matters] == f"{other_matters + 1} § Kesäleiri 2026"
    assert after[-1].split(" § ")[1] == before[-1].split(" § ")[1]
    assert after[-1].split(" ")[0] == str(len(before) + 1)
    assert tab.agenda.selected()[0].title == "Kesäleiri 2026"

    tab.agenda.move_selected(-1)
    tab.window().activateWindow()
    tab.agenda.view.setFocus()
    qtbot.keyClick(tab.agenda.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)  # the keyboard's way
    moved = titles(tab)
    assert moved[other_matters - 2] == f"{other_matters - 1} § Kesäleiri 2026"
    assert tab.agenda.selected()[0].title == "Kesäleiri 2026"  # the item stays chosen as it moves
    assert undo_label(database) == f"Move {other_matters} § of PH 1/2026"  # named by where it was

    monkeypatch.setattr(agenda_section, "confirm", lambda *_args: True)
    tab.agenda.remove_selected()
    assert titles(tab) == before


def test_decisions_are_typed_in_and_taken_as_proposed(
    tab: MeetingsTab, database: Database, board: Board, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned(tab, database, board)
    select_item(tab, "Finances")
    typed: list[ItemDialog] = []

    def type_decision(dialog: ItemDialog) -> None:
        # QTest types ASCII only.
        typed.append(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.proposal, "Talousarvio hyvaksytaan.")
        dialog.decision.setFocus()
        qtbot.keyClicks(dialog.decision, "Talousarvio hyvaksyttiin.")
        qtbot.keyClick(dialog.decision, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    monkeypatch.setattr(ItemDialog, "exec", lambda dialog: type_decision(dialog) or dialog.result())
    tab.agenda.edit_item()
    assert typed and typed[0].result() == 1
    finances = next(item for item in tab.agenda.model.items() if item.title == "Finances")
    assert finances.decision == "Talousarvio hyvaksyttiin."
    assert "Talousarvio hyvaksyttiin." in tab.agenda.preview.toPlainText()

    # Several items at once: those without a decision get the customary one, those with one keep it.
    rows = [select_item(tab, title) for title in ("Approval of the agenda", "Finances")]
    tab.agenda.view.clearSelection()
    for row in rows:
        tab.agenda.view.selectionModel().select(
            tab.agenda.model.index(row, 0),
            tab.agenda.view.selectionModel().SelectionFlag.Select | tab.agenda.view.selectionModel().SelectionFlag.Rows,
        )
    assert tab.agenda.decide_button.isEnabled()
    tab.agenda.decide_selected()
    decided = {item.title: item.decision for item in tab.agenda.model.items()}
    assert decided["Approval of the agenda"] == "Approved as proposed."
    assert decided["Finances"] == "Talousarvio hyvaksyttiin."
    assert tab.agenda.model.index(rows[0], AgendaModel.DECISION).data() == "✓"

    # An action for the decision chosen on the agenda, then done.
    finances_row = select_item(tab, "Finances")
    chosen: list[object] = []

    def fill_action(dialog: ActionDialog) -> None:
        chosen.append(dialog.item.currentData())
        dialog.text.setPlainText("Laadi talousarvion seuranta")
        dialog.responsible_name.setText("Toiminnanjohtaja")
        dialog.due_on.set_value(date(2026, 4, 30))

    answer(monkeypatch, ActionDialog, fill_action)
    tab.pages.setCurrentIndex(ACTIONS_PAGE)
    tab.action_items.add_button.click()
    assert chosen == [finances.id]
    assert tab.agenda.model.index(finances_row, AgendaModel.ACTIONS).data() == "1"
    own = tab.action_items.own_model
    assert own.rowCount() == 1 and own.index(0, ActionsModel.RESPONSIBLE).data() == "Toiminnanjohtaja"
    assert own.index(0, ActionsModel.DUE).data(Qt.ItemDataRole.ForegroundRole) is not None  # overdue on TODAY
    tab.action_items.own_view.selectRow(0)
    assert tab.action_items.done_button.text() == "Mark done"
    tab.action_items.done_button.click()
    assert own.index(0, ActionsModel.STATUS).data() == "Done 15/06/2026"
    assert undo_label(database) == "Action item done"


def test_closing_the_item_with_unsaved_text_asks_first(
    tab: MeetingsTab, database: Database, board: Board, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned(tab, database, board)
    select_item(tab, "Finances")
    detail = tab.detail
    assert detail is not None
    dialog = ItemDialog(tab.context, detail, tab.agenda.current(), tab)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.decision, "Puolet unohtui")
    asked: list[str] = []
    monkeypatch.setattr("desktop.meetings.item_dialog.confirm", lambda *args: asked.append(args[2]) or False)
    dialog.reject()
    assert asked and dialog.result() == 0 and dialog.decision.toPlainText() == "Puolet unohtui"
    dialog.title.setText("")  # refused: the dialog stays open with the decision as typed
    dialog.accept()
    assert dialog.has_error() and dialog.decision.toPlainText() == "Puolet unohtui"


# ---------------------------------------------------------------------------------------------- attendance
def test_arrivals_and_departures_change_the_quorum_of_each_item(
    tab: MeetingsTab, database: Database, board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = planned(tab, database, board)
    away = [name(MEMBERS[2]), name(MEMBERS[3]), name(MEMBERS[4]), name(DEPUTIES[0])]
    with database.transaction("Away") as session:
        for each in away:
            set_attendance(session, person(tab, each), AttendanceStatus.ABSENT)
    tab.context.events.meetings_changed.emit()
    quorum = [tab.agenda.model.index(row, AgendaModel.QUORUM).data() for row in range(tab.agenda.model.rowCount())]
    assert set(quorum) == {"✓ 5/8"}  # 5 of 8 seats: more than half

    leaving = name(MEMBERS[0])
    tab.attendance.view.selectRow(next(r for r, p in enumerate(tab.attendance.model.people()) if p.name == leaving))

    def leave_after_3(dialog: AttendeeDialog) -> None:
        select_value(dialog.to_section, 3)

    answer(monkeypatch, AttendeeDialog, leave_after_3)
    tab.attendance.edit_person()
    late = name(MEMBERS[2])
    tab.attendance.view.selectRow(next(r for r, p in enumerate(tab.attendance.model.people()) if p.name == late))

    def arrive_at_6(dialog: AttendeeDialog) -> None:
        select_value(dialog.status, AttendanceStatus.PRESENT)
        select_value(dialog.from_section, 6)

    answer(monkeypatch, AttendeeDialog, arrive_at_6)
    tab.attendance.edit_person()
    quorum = [tab.agenda.model.index(row, AgendaModel.QUORUM).data() for row in range(tab.agenda.model.rowCount())]
    assert quorum[:3] == ["✓ 5/8"] * 3
    assert quorum[3:5] == ["✗ 4/8"] * 2
    assert set(quorum[5:]) == {"✓ 5/8"}
    people = {p.name: p for p in tab.attendance.model.people()}
    row = tab.attendance.model.people().index(people[leaving])
    assert tab.attendance.model.index(row, AttendanceModel.UNTIL).data() == "3 §"
    assert "not quorate at 4 §, 5 §" in tab.header.warnings.text()
    assert tab.pages.tabText(AGENDA_PAGE).startswith("⚠")
    with database.reading() as session:
        assert meeting_detail(session, meeting_id, TODAY).items[3].quorum.voters == 4


def test_ticking_the_chair_as_checker_warns_and_a_third_checker_is_refused(
    tab: MeetingsTab, database: Database, board: Board, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned(tab, database, board)
    model = tab.attendance.model
    chair_row = next(r for r, p in enumerate(model.people()) if p.name == name(CHAIR))
    assert model.setData(
        model.index(chair_row, AttendanceModel.CHECKER), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    qtbot.waitUntil(lambda: "chairs the meeting and is also a minute checker" in tab.header.warnings.text())
    assert tab.pages.tabText(1).startswith("⚠")
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: refused.append(text))
    assert tab.attendance.set_officer(_person(tab, VICE_CHAIR), AttendanceModel.CHECKER, True)
    assert not tab.attendance.set_officer(_person(tab, SECRETARY), AttendanceModel.CHECKER, True)
    assert refused == ["A meeting has one or two minute checkers."]
    assert [each.name for each in tab.detail.checkers] == [name(CHAIR), name(VICE_CHAIR)]  # type: ignore[union-attr]
    absent = _person(tab, MEMBERS[1])
    with database.transaction("Away") as session:
        set_attendance(session, absent.id, AttendanceStatus.ABSENT)
    tab.context.events.meetings_changed.emit()
    row = next(r for r, p in enumerate(model.people()) if p.id == absent.id)
    assert not model.flags(model.index(row, AttendanceModel.CHAIR)) & Qt.ItemFlag.ItemIsUserCheckable


def _person(tab: MeetingsTab, first_last: tuple[str, str]) -> Any:
    return next(p for p in tab.attendance.model.people() if p.name == name(first_last))


# ------------------------------------------------------------------------------------------------ the workflow
def test_the_minutes_go_to_approval_are_locked_and_reopen_with_a_reason(
    tab: MeetingsTab, database: Database, board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = planned(tab, database, board)
    bar = tab.header.workflow
    assert bar.send_button.isVisible() and not bar.signed_button.isVisible()
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: refused.append(text))
    bar.send_button.click()  # no checkers named yet
    assert refused and "minute checkers" in refused[0]
    with database.transaction("Officers") as session:
        set_officers(
            session,
            meeting_id,
            chair=person(tab, name(CHAIR)),
            secretary=person(tab, name(SECRETARY)),
            checkers=[person(tab, name(MEMBERS[0])), person(tab, name(MEMBERS[1]))],
        )
    tab.context.events.meetings_changed.emit()
    bar.send_button.click()
    assert tab.detail is not None and tab.detail.summary.state == MinutesState.CHECKING
    assert bar.signed_button.isVisible() and not bar.send_button.isVisible()

    answer(monkeypatch, SignedDialog, lambda dialog: dialog.signed_on.setDate(qdate(date(2026, 3, 17))))
    bar.signed_button.click()
    assert tab.detail.summary.state == MinutesState.SIGNED
    assert tab.header.lock_line.isVisible() and "signed and locked" in tab.header.lock_line.text()
    bar.approve_button.click()
    detail = tab.detail
    assert detail.summary.state == MinutesState.APPROVED and detail.approved_on == TODAY
    assert undo_label(database) == "Minutes of PH 1/2026 approved"
    assert "approved and locked" in tab.header.lock_line.text()
    for button in (
        tab.agenda.add_button,
        tab.agenda.remove_button,
        tab.agenda.decide_button,
        tab.attendance.invite_button,
        tab.attendance.add_button,
        tab.action_items.add_button,
        tab.header.edit_button,
        tab.header.delete_button,
    ):
        assert not button.isEnabled()
    model = tab.attendance.model
    assert not model.flags(model.index(0, AttendanceModel.CHECKER)) & Qt.ItemFlag.ItemIsUserCheckable
    # A dialog left open from before the lock is refused by the operation itself, with what was typed kept.
    select_item(tab, "Finances")
    late = ItemDialog(tab.context, detail, tab.agenda.current(), tab)
    late.decision.setPlainText("Myöhäinen muutos")
    late.accept()
    assert "locked" in late.general_error.text() and late.decision.toPlainText() == "Myöhäinen muutos"
    late.deleteLater()

    reasons: list[bool] = []

    def reopen(dialog: ReopenDialog) -> None:
        dialog.reason.setPlainText("ei")
        dialog.accept()  # too short: refused, the dialog stays open
        reasons.append(dialog.has_error())
        dialog.reason.setPlainText("Nimi kirjoitettu väärin 4 §:ssä")

    answer(monkeypatch, ReopenDialog, reopen)
    assert bar.reopen_button.isVisible()
    bar.reopen_button.click()
    assert reasons == [True]
    assert tab.detail.summary.state == MinutesState.DRAFT
    assert tab.detail.reopen_reason == "Nimi kirjoitettu väärin 4 §:ssä"
    assert "reopened" in bar.state.text() and not tab.header.lock_line.isVisible()
    assert tab.agenda.add_button.isEnabled()


# -------------------------------------------------------------------------------------------------- printing
def test_file_print_opens_the_minutes_in_the_preview_and_logs_them(
    tab: MeetingsTab, database: Database, board: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = planned(tab, database, board)
    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append((dialog._pdf, dialog.windowTitle())) or 0)
    assert tab.print_current()
    assert tab.context.tasks.wait()
    assert len(shown) == 1
    pdf, title = shown[0]
    assert pdf.startswith(b"%PDF") and title == "Minutes PH 1/2026"
    with database.reading() as session:
        entries = list_exports(session)
        detail = meeting_detail(session, meeting_id, TODAY)
    assert len(entries) == 1
    entry = entries[0]
    assert "PH 1/2026" in entry.description
    assert entry.people == len([p for p in detail.attendees if p.member_id is not None])

    tab.pages.setCurrentIndex(DECISIONS_PAGE)
    assert not tab.header.isVisible()


# ------------------------------------------------------------------------------------------------- languages
class _Marked(gettext.NullTranslations):
    """A stand-in catalog that marks every text, so a text set without _() stays unmarked."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_tab_retranslates(
    tab: MeetingsTab, database: Database, board: Board, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned(tab, database, board)
    catalog = i18n.translator(language)
    i18n.set_language(language)
    tab.context.events.language_changed.emit(language)
    for widget, english in ((tab.agenda.remove_button, "Remove"), (tab.header.delete_button, "Delete")):
        assert widget.text() == catalog.gettext(english) != english
    assert tab.model.headerData(1, Qt.Orientation.Horizontal) == catalog.gettext("Date") != "Date"

    monkeypatch.setattr(i18n, "translator", lambda _language: _Marked())
    tab.context.events.language_changed.emit(language)
    assert tab.new_button.text() == "«&New meeting…»"
    assert tab.pages.tabText(AGENDA_PAGE) == "«&Agenda and minutes»"
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "«Meeting»"
    assert tab.model.index(0, 3).data() == "«Draft»"
    assert tab.agenda.decide_button.text() == "«Decide as proposed»"
    assert tab.attendance.model.headerData(AttendanceModel.CHECKER, Qt.Orientation.Horizontal) == "«Checker»"
    assert tab.attendance.summary.text().startswith("«")
    assert tab.header.workflow.send_button.text() == "«Send to chec&kers»"
    assert tab.header.workflow.state.text() == "<b>«Minutes: «Draft»»</b>"
    assert tab.action_items.done_button.text() == "«Mark done»"
    assert tab.decisions.print_button.text() == "«Print register…»"
    assert tab.attendance.model.index(0, AttendanceModel.ROLE).data() == "«Chair»"
    assert AttendeeRole.CHAIR  # the labels come from the data layer's N_ table


def test_a_tick_list_opens_scrolled_to_the_first_ticked_name(qtbot: QtBot) -> None:
    """Who dissented or stepped out is seen when the item opens, not hidden below the first ten names."""
    ticks = TickList()
    qtbot.addWidget(ticks)
    people = [(uuid.uuid4(), f"Person {number:02}") for number in range(20)]
    ticks.set_entries(people, [people[17][0]])
    ticks.resize(240, 90)
    ticks.show()
    qtbot.waitExposed(ticks)
    ticked = ticks.model().index(17, 0)
    assert ticks.viewport().rect().contains(ticks.visualRect(ticked).center())
