"""The Branches tab: the list and its model, a branch's page and every dialog it opens.

Modal dialogs are answered by replacing their ``exec`` with a function that fills the dialog the way a user would
and presses OK (:func:`answer`), so the tab's own buttons, signals and refreshes are what the tests exercise.
"""

from __future__ import annotations

import gettext
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from db.branches.models import BranchLanguage, BranchStatus, PositionRole
from db.branches.operations import BranchData, find_branch, list_bodies, update_branch
from db.branches.overview import branch_overview
from db.branches.survey import record_survey_grade
from db.branches.work_models import ContactLogKind, RecruitmentStatus
from db.core import i18n
from db.core.changelog import Origin
from db.core.database import Database
from db.core.undo import undo_last
from desktop.branches import tab as tab_module
from desktop.branches.branch_dialogs import BranchDialog
from desktop.branches.meeting_dialogs import AttendanceModel, ChairsMeetingDialog, ChairsMeetingsDialog
from desktop.branches.mentor_dialogs import MentorSuggestionsDialog
from desktop.branches.position_dialogs import AddPositionDialog
from desktop.branches.sections import contacts as contacts_module
from desktop.branches.sections.contacts import ContactDialog
from desktop.branches.sections.notifications import NotificationDialog
from desktop.branches.sections.recruitment import RecruitmentDialog
from desktop.branches.sections.survey import SurveyGradeDialog
from desktop.branches.tab import BranchesTab
from desktop.branches.table_model import COLUMN_KEYS, BranchesTableModel
from desktop.shell.context import ShellContext
from desktop.shell.events import AppEvents
from desktop.shell.tasks import TaskRunner
from desktop.shell.ui_state import UiState

D = TypeVar("D", bound=QDialog)


@pytest.fixture
def context(database: Database, tmp_path: Path) -> ShellContext:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    return ShellContext(database, AppEvents(), TaskRunner(), UiState(settings))


@pytest.fixture
def tab(context: ShellContext, qtbot: QtBot) -> Iterator[BranchesTab]:
    widget = BranchesTab(context)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    yield widget


def answer(monkeypatch: pytest.MonkeyPatch, dialog_class: type[D], fill: Callable[[D], None]) -> list[D]:
    """Make ``dialog_class.exec`` fill the dialog and press OK; return the dialogs opened, to look at later."""
    opened: list[D] = []

    def exec_(dialog: D) -> int:
        opened.append(dialog)
        fill(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return opened


def new_id(value: object) -> uuid.UUID:
    assert isinstance(value, uuid.UUID)
    return value


def cell(tab: BranchesTab, name: str, column: str) -> str:
    """The text the list shows for branch ``name`` in ``column``."""
    for row in range(tab.model.rowCount()):
        if tab.model.index(row, 0).data() == name:
            return str(tab.model.index(row, COLUMN_KEYS.index(column)).data())
    raise AssertionError(f"{name} is not in the list")


def shown_names(tab: BranchesTab) -> list[str]:
    return [str(tab.model.index(row, 0).data()) for row in range(tab.model.rowCount())]


def choose(tab: BranchesTab, name: str) -> None:
    """Click a branch in the list."""
    assert name in shown_names(tab)
    tab.table.selectRow(shown_names(tab).index(name))
    assert tab.page.detail is not None and tab.page.detail.name == name


# -------------------------------------------------------------------------------------------------- the list
def test_table_model_passes_the_model_tester(
    qtmodeltester: Any, database: Database, make_member: Callable[..., object], make_branch: Callable[..., object]
) -> None:
    make_member("Anna", "Virtanen", branch="Vaasan osasto")
    make_branch("Oulun osasto", "Oulu")
    model = BranchesTableModel()
    with database.reading() as session:
        model.set_rows(branch_overview(session, date.today()))
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    model.set_filter("oulu", attention_only=False)
    assert model.rowCount() == 1
    qtmodeltester.check(model)


def test_attendance_model_passes_the_model_tester(qtmodeltester: Any, make_branch: Callable[..., object]) -> None:
    from desktop.branches.meeting_dialogs import AttendanceEntry

    branch = new_id(make_branch("Oulun osasto", "Oulu"))
    model = AttendanceModel([AttendanceEntry(branch, "Oulun osasto", False, "")])
    qtmodeltester.check(model)
    model.set_present(branch, True, "Pekka")
    assert model.attendance()[0].present and model.attendance()[0].represented_by == "Pekka"


def test_the_list_shows_branches_with_their_counts(
    context: ShellContext, qtbot: QtBot, make_member: Callable[..., object], make_branch: Callable[..., object]
) -> None:
    make_member("Anna", "Virtanen", branch="Vaasan osasto")
    make_member("Pekka", "Niemi", branch="Vaasan osasto", joined_on=date.today())
    make_branch("Oulun osasto", "Oulu")
    tab = BranchesTab(context)
    qtbot.addWidget(tab)
    tab.show()  # a hidden tab waits to be shown before it reads the database
    assert shown_names(tab) == ["Oulun osasto", "Vaasan osasto"]
    assert cell(tab, "Vaasan osasto", "members") == "2"
    assert cell(tab, "Vaasan osasto", "active_members") == "2"
    assert cell(tab, "Vaasan osasto", "new_members") == "1"
    assert cell(tab, "Oulun osasto", "members") == "0"
    assert cell(tab, "Oulun osasto", "municipality") == "Oulu"
    assert cell(tab, "Oulun osasto", "language") == "Finnish"
    assert "no survey" in cell(tab, "Oulun osasto", "flags")
    assert tab.count_label.text() == "2 branches"
    # Sorting by members puts the bigger branch first when descending.
    tab.table.sortByColumn(COLUMN_KEYS.index("members"), Qt.SortOrder.DescendingOrder)
    assert shown_names(tab) == ["Vaasan osasto", "Oulun osasto"]


def test_a_member_change_elsewhere_refreshes_the_counts(
    tab: BranchesTab, context: ShellContext, qtbot: QtBot, make_member: Callable[..., object]
) -> None:
    make_member("Anna", "Virtanen", branch="Vaasan osasto")
    context.events.branches_changed.emit()
    assert cell(tab, "Vaasan osasto", "members") == "1"
    make_member("Pekka", "Niemi", branch="Vaasan osasto")
    with qtbot.waitSignal(tab.model.modelReset):
        context.events.members_changed.emit()
    assert cell(tab, "Vaasan osasto", "members") == "2"


def test_search_and_the_attention_toggle_filter_the_list(
    tab: BranchesTab, context: ShellContext, database: Database, make_branch: Callable[..., object]
) -> None:
    make_branch("Vaasan osasto", "Vaasa")
    make_branch("Oulun osasto", "Oulu")
    quiet = new_id(make_branch("Kemin osasto", "Kemi"))
    with database.transaction("Dormant") as session:
        update_branch(session, quiet, BranchData(name="Kemin osasto", municipality="Kemi", status=BranchStatus.DORMANT))
    context.events.branches_changed.emit()
    assert len(shown_names(tab)) == 3

    tab.search.setText("OULU")
    assert shown_names(tab) == ["Oulun osasto"]
    assert tab.count_label.text() == "1 of 3 branches"
    tab.search.setText("kemi")  # the municipality matches too
    assert shown_names(tab) == ["Kemin osasto"]
    tab.search.setText("Tampere")
    assert shown_names(tab) == []
    assert tab.list_stack.currentWidget() is tab.empty
    assert tab.empty.title.text() == "No branch matches"

    tab.search.clear()
    tab.attention.setChecked(True)  # a dormant branch raises no flags
    assert shown_names(tab) == ["Oulun osasto", "Vaasan osasto"]
    tab.clear_filter()
    assert len(shown_names(tab)) == 3 and tab.list_stack.currentWidget() is tab.table


def test_creating_the_first_branch_from_the_empty_state(
    tab: BranchesTab, context: ShellContext, database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tab.list_stack.currentWidget() is tab.empty
    assert tab.empty.title.text() == "No branches yet"

    def fill(dialog: BranchDialog) -> None:
        dialog.name.setText("  Kokkolan   osasto ")
        dialog.municipality.setText("Kokkola")
        dialog.language.setCurrentIndex(dialog.language.findData(BranchLanguage.SV))
        dialog.email.setText("kokkola@example.fi")

    opened = answer(monkeypatch, BranchDialog, fill)
    button = tab.empty._button_widgets[0]
    assert button.text() == "Add your first branch"
    with qtbot.waitSignal(context.events.branches_changed):
        button.click()
    assert len(opened) == 1
    assert shown_names(tab) == ["Kokkolan osasto"]
    assert tab.list_stack.currentWidget() is tab.table
    detail = tab.page.detail
    assert detail is not None and detail.name == "Kokkolan osasto" and detail.language == BranchLanguage.SV
    assert tab.page.header.name.text() == "Kokkolan osasto"
    assert "kokkola@example.fi" in tab.page.header.email.text()


def test_a_refused_branch_keeps_what_was_typed(
    context: ShellContext, qtbot: QtBot, make_branch: Callable[..., object]
) -> None:
    make_branch("Vaasan osasto", "Vaasa")
    dialog = BranchDialog(context)
    qtbot.addWidget(dialog)
    dialog.name.setText("vaasan OSASTO")
    dialog.municipality.setText("Mustasaari")
    dialog.email.setText("not an address")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert "already a branch" in dialog.errors["name"].text()
    assert dialog.name.property("invalid") is True
    assert (dialog.name.text(), dialog.municipality.text()) == ("vaasan OSASTO", "Mustasaari")

    dialog.name.setText("Mustasaaren osasto")
    dialog.accept()
    assert "e-mail" in dialog.errors["email"].text()
    assert not dialog.errors["name"].text()

    dialog.email.setText("mustasaari@example.fi")
    with qtbot.waitSignal(context.events.branches_changed):
        dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.branch_id is not None


# ------------------------------------------------------------------------------------------- a branch's page
def test_officers_and_a_missing_responsible_person_assigned(
    tab: BranchesTab,
    context: ShellContext,
    database: Database,
    qtbot: QtBot,
    make_member: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna = new_id(make_member("Anna", "Virtanen", branch="Vaasan osasto"))
    context.events.branches_changed.emit()
    choose(tab, "Vaasan osasto")
    responsible = tab.page.officers.responsible
    assert responsible.missing_roles() == {
        PositionRole.EVENTS_OFFICER,
        PositionRole.RECRUITMENT_OFFICER,
        PositionRole.COMMUNICATIONS_OFFICER,
        PositionRole.VOLUNTEER_COORDINATOR,
    }
    events_label = responsible.holder_labels[PositionRole.EVENTS_OFFICER]
    assert events_label.property("missing") is True and "Nobody" in events_label.text()
    assert "missing: events, recruitment, communication, volunteers" in cell(tab, "Vaasan osasto", "flags")

    # The chair, picked with the search completer; the branch board is created with the first position.
    def add_chair(dialog: AddPositionDialog) -> None:
        qtbot.keyClicks(dialog.member, "Virta")
        assert [member for member, _line in dialog.member.suggestions()] == [anna]
        dialog.member.choose_suggestion(0)
        dialog.role.setCurrentIndex(dialog.role.findData(PositionRole.CHAIR))

    answer(monkeypatch, AddPositionDialog, add_chair)
    tab.page.officers.add_button.click()
    assert [(row.role, row.member_name) for row in tab.page.officers.current_model.rows()] == [
        (PositionRole.CHAIR, "Anna Virtanen")
    ]
    assert cell(tab, "Vaasan osasto", "chair") == "Anna Virtanen"
    with database.reading() as session:
        branch = find_branch(session, "Vaasan osasto")
        assert branch is not None
        assert len(list_bodies(session, branch)) == 1

    # Assign… opens the dialog with the task chosen.
    roles_offered: list[PositionRole] = []

    def assign(dialog: AddPositionDialog) -> None:
        roles_offered.append(dialog.role.currentData())
        dialog.member.set_member(anna, "Anna Virtanen")

    answer(monkeypatch, AddPositionDialog, assign)
    with qtbot.waitSignal(context.events.branches_changed):
        responsible.assign_buttons[PositionRole.EVENTS_OFFICER].click()
    assert roles_offered == [PositionRole.EVENTS_OFFICER]
    responsible = tab.page.officers.responsible
    assert PositionRole.EVENTS_OFFICER not in responsible.missing_roles()
    assert events_label.property("missing") is False and events_label.text() == "Anna Virtanen"
    assert "events" not in cell(tab, "Vaasan osasto", "flags")
    assert "missing: recruitment" in cell(tab, "Vaasan osasto", "flags")


def test_a_position_without_a_member_is_refused_beside_the_field(
    context: ShellContext, qtbot: QtBot, make_branch: Callable[..., object]
) -> None:
    branch = new_id(make_branch("Vaasan osasto", "Vaasa"))
    dialog = AddPositionDialog(context, branch, PositionRole.SECRETARY)
    qtbot.addWidget(dialog)
    dialog.notes.setText("elected at the spring meeting")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert "Choose a member" in dialog.errors["member"].text()
    assert dialog.notes.text() == "elected at the spring meeting"
    assert dialog.role.currentData() == PositionRole.SECRETARY


def test_ending_a_position_moves_it_to_the_past(
    tab: BranchesTab,
    context: ShellContext,
    make_member: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.branches.position_dialogs import EndPositionDialog

    anna = new_id(make_member("Anna", "Virtanen", branch="Vaasan osasto"))
    context.events.branches_changed.emit()
    choose(tab, "Vaasan osasto")

    def add_secretary(dialog: AddPositionDialog) -> None:
        dialog.member.set_member(anna, "Anna Virtanen")
        dialog.role.setCurrentIndex(dialog.role.findData(PositionRole.SECRETARY))
        dialog.starts_on.setDate(QDate(date.today() - timedelta(days=400)))

    answer(monkeypatch, AddPositionDialog, add_secretary)
    tab.page.officers.add_button.click()
    officers = tab.page.officers
    officers.current_view.selectRow(0)

    def end(dialog: EndPositionDialog) -> None:
        dialog.ends_on.setDate(QDate(date.today() - timedelta(days=1)))

    answer(monkeypatch, EndPositionDialog, end)
    officers.end_button.click()
    assert officers.current_model.rows() == []
    assert [row.role for row in officers.past_model.rows()] == [PositionRole.SECRETARY]


def test_recording_a_survey_grade(
    tab: BranchesTab, context: ShellContext, make_branch: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_branch("Vaasan osasto", "Vaasa")
    context.events.branches_changed.emit()
    choose(tab, "Vaasan osasto")
    assert "no survey" in cell(tab, "Vaasan osasto", "flags")

    def grade_nine(dialog: SurveyGradeDialog) -> None:
        assert dialog.year.value() == date.today().year
        dialog.grade.setValue(9)
        dialog.notes.setPlainText("Willing to mentor")

    answer(monkeypatch, SurveyGradeDialog, grade_nine)
    tab.page.survey.record_button.click()
    grades = tab.page.survey.model.rows()
    assert [(row.year, row.grade, row.notes) for row in grades] == [(date.today().year, 9, "Willing to mentor")]
    assert cell(tab, "Vaasan osasto", "grade") == f"9 ({date.today().year})"
    assert "no survey" not in cell(tab, "Vaasan osasto", "flags")

    # Recording this year again opens the grade for correcting.
    def grade_six(dialog: SurveyGradeDialog) -> None:
        assert dialog.record is not None and not dialog.year.isEnabled()
        dialog.grade.setValue(6)

    answer(monkeypatch, SurveyGradeDialog, grade_six)
    tab.page.survey.record_button.click()
    assert [row.grade for row in tab.page.survey.model.rows()] == [6]
    assert "low grade, no mentor" in cell(tab, "Vaasan osasto", "flags")


def test_confirming_a_suggested_mentor_pair(
    tab: BranchesTab,
    context: ShellContext,
    database: Database,
    qtbot: QtBot,
    make_branch: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    strong = new_id(make_branch("Vaasan osasto", "Vaasa"))
    weak = new_id(make_branch("Oulun osasto", "Oulu"))
    year = date.today().year
    with database.transaction("Grades") as session:
        record_survey_grade(session, strong, year, 9, date.today())
        record_survey_grade(session, weak, year, 6, date.today())
    context.events.branches_changed.emit()
    assert "low grade, no mentor" in cell(tab, "Oulun osasto", "flags")

    seen: list[MentorSuggestionsDialog] = []

    def confirm_first(dialog: MentorSuggestionsDialog) -> int:
        seen.append(dialog)
        assert len(dialog.cards) == 1
        card = dialog.cards[0]
        assert (card.suggestion.mentor_name, card.suggestion.mentee_name) == ("Vaasan osasto", "Oulun osasto")
        assert "graded itself 9" in card.reason.text()
        with qtbot.waitSignal(context.events.branches_changed):
            card.confirm_button.click()
        assert card.confirmed and not card.confirm_button.isEnabled()
        assert not dialog.confirm(card)  # a second click does nothing
        return 0

    monkeypatch.setattr(MentorSuggestionsDialog, "exec", confirm_first)
    tab.suggestions_button.click()
    assert len(seen) == 1
    assert "low grade, no mentor" not in cell(tab, "Oulun osasto", "flags")
    choose(tab, "Oulun osasto")
    rows = tab.page.mentoring.model.rows()
    assert [(row.as_mentor, row.other_name, row.running) for row in rows] == [(False, "Vaasan osasto", True)]
    assert "Mentored by Vaasan osasto" in tab.page.mentoring.summary.text()

    # Ending the pair keeps it, in the past.
    from desktop.branches.mentor_dialogs import EndPairDialog

    tab.page.mentoring.view.selectRow(0)
    answer(monkeypatch, EndPairDialog, lambda dialog: None)
    tab.page.mentoring.end_button.click()
    assert [row.running for row in tab.page.mentoring.model.rows()] == [True]  # ends today: still running today
    assert tab.page.mentoring.model.rows()[0].pair.ended_on == date.today()

    # Nothing is left to suggest now.
    dialog = MentorSuggestionsDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.cards == [] and not dialog.empty.isHidden()


def test_the_contact_log(
    tab: BranchesTab, context: ShellContext, make_branch: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_branch("Vaasan osasto", "Vaasa")
    context.events.branches_changed.emit()
    choose(tab, "Vaasan osasto")
    today = date.today()
    contacts = tab.page.contacts

    # A follow-up before the contact is refused beside its field; what was typed stays, and fixing it saves.
    def first_call(dialog: ContactDialog) -> None:
        dialog.contacted_on.setDate(QDate(today - timedelta(days=10)))
        dialog.who.setText("Pekka Niemi")
        dialog.notes.setPlainText("Talked about the calling campaign")
        dialog.follow_up_on.set_value(today - timedelta(days=20))
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Rejected
        assert "follow-up" in dialog.errors["follow_up_on"].text()
        assert dialog.who.text() == "Pekka Niemi"
        dialog.follow_up_on.set_value(today + timedelta(days=20))

    answer(monkeypatch, ContactDialog, first_call)
    contacts.add_button.click()

    def visit(dialog: ContactDialog) -> None:
        dialog.contacted_on.setDate(QDate(today))
        dialog.kind.setCurrentIndex(dialog.kind.findData(ContactLogKind.VISIT))
        dialog.who.setText("Chair and secretary")

    answer(monkeypatch, ContactDialog, visit)
    contacts.add_button.click()
    rows = contacts.model.rows()
    assert [row.who for row in rows] == ["Chair and secretary", "Pekka Niemi"]  # newest first
    assert contacts.model.index(0, 1).data() == "Visit"

    contacts.view.selectRow(1)

    def edit(dialog: ContactDialog) -> None:
        assert dialog.record is not None and dialog.notes.toPlainText() == "Talked about the calling campaign"
        dialog.who.setText("Pekka Niemi (chair)")

    answer(monkeypatch, ContactDialog, edit)
    contacts.edit_button.click()
    assert [row.who for row in contacts.model.rows()] == ["Chair and secretary", "Pekka Niemi (chair)"]

    monkeypatch.setattr(contacts_module, "confirm", lambda *_args: True)
    contacts.view.selectRow(0)
    contacts.delete_button.click()
    assert [row.who for row in contacts.model.rows()] == ["Pekka Niemi (chair)"]


def _meeting(context: ShellContext, qtbot: QtBot, days_ago: int, present: list[uuid.UUID]) -> None:
    dialog = ChairsMeetingDialog(context)
    qtbot.addWidget(dialog)
    dialog.held_on.setDate(QDate(date.today() - timedelta(days=days_ago)))
    dialog.place.setText("Vaasa")
    for branch in present:
        dialog.attendance.set_present(branch, True)
    with qtbot.waitSignal(context.events.branches_changed):
        dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_chairs_meetings_flag_a_branch_absent_twice_in_three(
    tab: BranchesTab,
    context: ShellContext,
    qtbot: QtBot,
    make_branch: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    present = new_id(make_branch("Vaasan osasto", "Vaasa"))
    absent = new_id(make_branch("Oulun osasto", "Oulu"))
    context.events.branches_changed.emit()

    # The first meeting through the tab's button: the district dialog, then New meeting….
    def first(dialog: ChairsMeetingDialog) -> None:
        assert [entry.branch_name for entry in dialog.attendance.entries] == ["Oulun osasto", "Vaasan osasto"]
        dialog.held_on.setDate(QDate(date.today() - timedelta(days=60)))
        dialog.attendance.set_present(present, True)
        dialog.attendance.set_present(absent, True, "Liisa Mäki")

    def open_list(dialog: ChairsMeetingsDialog) -> int:
        dialog.new_button.click()
        assert [row.present_count for row in dialog.model.rows()] == [2]
        return 0

    answer(monkeypatch, ChairsMeetingDialog, first)
    monkeypatch.setattr(ChairsMeetingsDialog, "exec", open_list)
    tab.meetings_button.click()
    monkeypatch.undo()

    _meeting(context, qtbot, 40, [present])
    assert "absent" not in cell(tab, "Oulun osasto", "flags").split(", ")
    _meeting(context, qtbot, 20, [present])
    assert "absent" in cell(tab, "Oulun osasto", "flags").split(", ")
    assert "absent" not in cell(tab, "Vaasan osasto", "flags").split(", ")

    choose(tab, "Oulun osasto")
    meetings = tab.page.meetings
    assert meetings.is_flagged() and not meetings.flag.isHidden()
    assert [meetings.model.index(row, 2).data() for row in range(3)] == [
        "Absent",
        "Absent",
        "Present (represented by Liisa Mäki)",
    ]
    choose(tab, "Vaasan osasto")
    assert not meetings.is_flagged() and meetings.flag.isHidden()


def test_a_meeting_is_edited_and_deleted_from_the_district_list(
    context: ShellContext, qtbot: QtBot, make_branch: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.branches import meeting_dialogs

    branch = new_id(make_branch("Oulun osasto", "Oulu"))
    _meeting(context, qtbot, 5, [])
    meetings = ChairsMeetingsDialog(context)
    qtbot.addWidget(meetings)
    assert [row.present_count for row in meetings.model.rows()] == [0]

    def tick(dialog: ChairsMeetingDialog) -> None:
        assert dialog.place.text() == "Vaasa" and not dialog.attendance.entries[0].present
        dialog.attendance.set_present(branch, True)

    answer(monkeypatch, ChairsMeetingDialog, tick)
    meetings.view.selectRow(0)
    meetings.edit_button.click()
    assert [row.present_count for row in meetings.model.rows()] == [1]

    monkeypatch.setattr(meeting_dialogs, "confirm", lambda *_args: True)
    meetings.view.selectRow(0)
    with qtbot.waitSignal(context.events.branches_changed):
        meetings.delete_button.click()
    assert meetings.model.rows() == []


def test_a_stand_in_for_an_absent_branch_is_refused_and_kept(
    context: ShellContext, qtbot: QtBot, make_branch: Callable[..., object]
) -> None:
    branch = new_id(make_branch("Oulun osasto", "Oulu"))
    dialog = ChairsMeetingDialog(context)
    qtbot.addWidget(dialog)
    dialog.attendance.set_present(branch, False, "Liisa Mäki")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert "absent" in dialog.errors["attendance"].text()
    assert dialog.attendance.entries[0].represented_by == "Liisa Mäki"


def test_officer_notification_with_the_onboarding_tick(
    tab: BranchesTab, context: ShellContext, make_branch: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_branch("Vaasan osasto", "Vaasa")
    context.events.branches_changed.emit()
    choose(tab, "Vaasan osasto")
    section = tab.page.notifications
    assert "has not come in" in section.status.text()

    def tick(dialog: NotificationDialog) -> None:
        assert dialog.onboarded.text() == "Our branch has onboarded its new officers"
        dialog.onboarded.setChecked(True)

    answer(monkeypatch, NotificationDialog, tick)
    section.record_button.click()
    current = section.this_year()
    assert current is not None and current.new_officers_onboarded
    assert section.status.text().endswith("the new officers have been onboarded.")
    assert section.model.index(0, 2).data() == "Yes"

    def untick(dialog: NotificationDialog) -> None:
        assert dialog.onboarded.isChecked()
        dialog.onboarded.setChecked(False)

    answer(monkeypatch, NotificationDialog, untick)
    section.record_button.click()
    assert section.model.index(0, 2).data() == "No"
    assert len(section.model.rows()) == 1  # the same year replaced, not added


def test_recruitment_actions_and_their_status_in_place(
    tab: BranchesTab,
    context: ShellContext,
    database: Database,
    qtbot: QtBot,
    make_branch: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_branch("Vaasan osasto", "Vaasa")
    context.events.branches_changed.emit()
    choose(tab, "Vaasan osasto")
    section = tab.page.recruitment
    assert not section.status_boxes[0].isEnabled()

    def three(dialog: RecruitmentDialog) -> None:
        dialog.titles[0].setText("Stand at the market")
        dialog.titles[2].setText("New-member evening")
        dialog.accept()  # the second is empty between two actions
        assert dialog.result() == QDialog.DialogCode.Rejected
        assert "action 2" in dialog.errors["action2"].text()
        assert dialog.titles[2].text() == "New-member evening"
        dialog.titles[1].setText("Calling evening")

    answer(monkeypatch, RecruitmentDialog, three)
    section.edit_button.click()
    assert [label.text() for label in section.title_labels] == [
        "Stand at the market",
        "Calling evening",
        "New-member evening",
    ]
    assert all(box.isEnabled() for box in section.status_boxes)

    with qtbot.waitSignal(context.events.branches_changed):
        section.set_status(2, RecruitmentStatus.DONE)
    assert tab.page.detail is not None
    assert [action.status for action in tab.page.detail.recruitment_actions] == [
        RecruitmentStatus.PLANNED,
        RecruitmentStatus.DONE,
        RecruitmentStatus.PLANNED,
    ]
    assert section.status_boxes[1].currentData() == RecruitmentStatus.DONE
    assert section.summary.text() == "1 of 3 actions done this year."
    with database.reading() as session:
        assert [row.recruitment_actions_done for row in branch_overview(session, date.today())] == [1]


# ------------------------------------------------------------------------------------------- tab-wide things
class _Marked(gettext.NullTranslations):
    """A stand-in catalog that marks every text, so a text set without _() stays unmarked."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


def test_retranslate_sets_every_text_again(
    tab: BranchesTab,
    context: ShellContext,
    qtbot: QtBot,
    make_branch: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_branch("Vaasan osasto", "Vaasa")
    context.events.branches_changed.emit()
    choose(tab, "Vaasan osasto")
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    monkeypatch.setattr(i18n, "translator", lambda _language: _Marked())
    i18n.set_language("fi")
    with qtbot.waitSignal(tab.model.headerDataChanged):
        context.events.language_changed.emit("fi")
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "«Name»"
    assert tab.new_button.text() == "«New branch»"
    assert tab.attention.text() == "«Needs attention»"
    assert tab.page.tabs.tabText(tab.page.tabs.indexOf(tab.page.survey)) == "«Survey»"
    assert tab.page.officers.add_button.text() == "«Add position…»"
    assert cell(tab, "Vaasan osasto", "language") == "«Finnish»"
    assert cell(tab, "Vaasan osasto", "flags").startswith("«no survey»")
    responsible = tab.page.officers.responsible
    assert responsible.role_labels[PositionRole.EVENTS_OFFICER].text() == "«Responsible for events»"
    assert tab.page.recruitment.status_boxes[0].itemText(0) == "«Planned»"


def test_delete_is_refused_while_the_branch_has_members(
    tab: BranchesTab,
    context: ShellContext,
    database: Database,
    make_member: Callable[..., object],
    make_branch: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_member("Anna", "Virtanen", branch="Vaasan osasto")
    make_branch("Oulun osasto", "Oulu")
    context.events.branches_changed.emit()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    monkeypatch.setattr(tab_module, "confirm", lambda *_args: True)

    choose(tab, "Vaasan osasto")
    tab.delete_button.click()
    assert len(warnings) == 1 and "still has 1 memberships" in warnings[0]
    assert shown_names(tab) == ["Oulun osasto", "Vaasan osasto"]

    choose(tab, "Oulun osasto")
    tab.delete_button.click()
    assert shown_names(tab) == ["Vaasan osasto"]
    assert tab.page.detail is None
    assert len(warnings) == 1

    # The delete went through the change log: undo brings the branch back.
    with database.transaction("", Origin.UNDO) as session:
        assert undo_last(session).label == "Delete branch"
    context.events.branches_changed.emit()
    assert shown_names(tab) == ["Oulun osasto", "Vaasan osasto"]


def test_keyboard_search_enter_and_delete(
    tab: BranchesTab,
    context: ShellContext,
    qtbot: QtBot,
    make_branch: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_branch("Vaasan osasto", "Vaasa")
    context.events.branches_changed.emit()
    assert tab.focus_search()
    qtbot.waitUntil(tab.search.hasFocus)

    choose(tab, "Vaasan osasto")
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)

    def rename(dialog: BranchDialog) -> None:
        assert dialog.detail is not None and dialog.name.text() == "Vaasan osasto"
        dialog.name.setText("Vaasan työväenyhdistys")

    answer(monkeypatch, BranchDialog, rename)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert shown_names(tab) == ["Vaasan työväenyhdistys"]
    assert tab.page.header.name.text() == "Vaasan työväenyhdistys"

    asked: list[str] = []

    def refuse(_parent: object, _title: str, text: str, _action: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(tab_module, "confirm", refuse)
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert len(asked) == 1 and "Vaasan työväenyhdistys" in asked[0]
    assert shown_names(tab) == ["Vaasan työväenyhdistys"]
