"""The Board meetings tab: the meetings on the left; the chosen meeting's agenda, attendance and actions beside.

The work of a meeting in the order the pages stand: plan it (New meeting…: the body's members invited, the agenda
from the template), prepare and print the agenda, record who came and what was decided (Agenda and minutes,
Attendance, Actions), then take the minutes through the checkers to approval (the workflow bar). The Decisions
page holds the register of every body's decisions and the open actions. Every write goes through
``desktop.meetings.common.save_meeting_change``; the tab refreshes from ``meetings_changed``.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.branches.models import BodyKind
from db.branches.operations import list_bodies
from db.core.i18n import N_, Label, _, format_day
from db.meetings.common import MeetingNotFoundError
from db.meetings.detail import meeting_detail
from db.meetings.meetings import delete_meeting, list_meetings
from db.meetings.records import MeetingDetail, MeetingSummary
from db.meetings.targets import TargetFigures, meeting_targets
from desktop.calling.models import fit_columns
from desktop.meetings.actions_section import ActionsSection
from desktop.meetings.agenda_section import AgendaSection
from desktop.meetings.attendance_section import AttendanceSection
from desktop.meetings.common import MUTED_COLOR, try_change
from desktop.meetings.decisions_page import DecisionsPage
from desktop.meetings.fields import select_value
from desktop.meetings.list_model import DATE, KIND, MeetingListModel
from desktop.meetings.meeting_page import MeetingHeader
from desktop.meetings.printing import MINUTES, print_meeting
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm
from desktop.shell.tab_page import TabPage
from desktop.shell.widgets import DataTableView, EmptyState, list_beside_detail

AGENDA_PAGE, ATTENDANCE_PAGE, ACTIONS_PAGE, DECISIONS_PAGE = range(4)
_ALL = None


class MeetingsTab(TabPage):
    """Board meetings: agendas, attendance, decisions, action items and the minutes' workflow."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._bodies: list[tuple[uuid.UUID, str, BodyKind]] = []
        self._meetings: list[MeetingSummary] = []
        self._targets: list[TargetFigures] = []
        self._shown: uuid.UUID | None = None
        self._decisions_stale = True
        self.detail: MeetingDetail | None = None

        self.model = MeetingListModel(context.today, self)
        self.list_view = DataTableView()
        self.list_view.setModel(self.model)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)  # the latest first: the work in hand
        fit_columns(self.list_view, stretch=KIND)
        self.list_view.selectionModel().currentRowChanged.connect(lambda *_args: self._meeting_chosen())
        self.list_view.activated_row.connect(lambda _row: self._open_agenda())
        self.body_filter = QComboBox()
        self.year_filter = QComboBox()
        self.body_label = QLabel()
        self.body_label.setBuddy(self.body_filter)
        self.year_label = QLabel()
        self.year_label.setBuddy(self.year_filter)
        for box in (self.body_filter, self.year_filter):
            box.addItem("", _ALL)
            box.currentIndexChanged.connect(lambda _index: self._filter())
        self.body_filter.setMinimumContentsLength(12)
        self.body_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        tools = QHBoxLayout()
        tools.addWidget(self.body_label)
        tools.addWidget(self.body_filter, 1)
        tools.addWidget(self.year_label)
        tools.addWidget(self.year_filter)
        self.targets = QLabel()
        self.targets.setWordWrap(True)
        self.targets.setStyleSheet(f"color: {MUTED_COLOR};")
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_meeting)
        self.settings_button = QPushButton()
        self.settings_button.clicked.connect(self.body_settings)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.settings_button)
        actions = QVBoxLayout()
        actions.addWidget(self.targets)
        actions.addLayout(buttons)

        self.header = MeetingHeader(context)
        self.header.edit_requested.connect(self.edit_meeting)
        self.header.delete_requested.connect(self.delete_meeting)
        self.header.workflow.print_requested.connect(self.print_paper)
        self.agenda = AgendaSection(context)
        self.attendance = AttendanceSection(context)
        self.action_items = ActionsSection(context)
        # Add action… starts from the item chosen on the agenda: the decision just written asks for it.
        self.action_items.default_item = lambda: item.id if (item := self.agenda.current()) else None
        self.decisions = DecisionsPage(context)
        self.decisions.open_meeting.connect(self.show_meeting)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        for page in (self.agenda, self.attendance, self.action_items, self.decisions):
            self.pages.addTab(page, "")
        self.pages.currentChanged.connect(lambda _index: self._page_changed())
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.header)
        detail_layout.addWidget(self.pages, 1)

        self.empty = EmptyState()
        self.stack = QStackedWidget()
        splitter = list_beside_detail(context.ui_state, "meetings", tools, self.list_view, actions, detail)
        if context.ui_state.splitter_state("meetings") is None:
            splitter.setSizes([440, 920])  # a short list of meetings; the agenda and the minutes need the room
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        events = context.events
        events.meetings_changed.connect(self.request_refresh)
        events.members_changed.connect(self.request_refresh)
        events.branches_changed.connect(self.request_refresh)
        events.data_changed.connect(self.request_refresh)
        self.retranslate()
        self.request_refresh()

    # -------------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self.body_label.setText(_("B&ody"))
        self.year_label.setText(_("&Year"))
        self.body_filter.setItemText(0, _("All bodies"))
        self.year_filter.setItemText(0, _("All years"))
        self.body_filter.setToolTip(_("Show the meetings of one body"))
        self.year_filter.setToolTip(_("Show the meetings of one year"))
        self.new_button.setText(_("&New meeting…"))
        self.new_button.setToolTip(_("Plan a meeting: the body's members are invited and the agenda starts ready"))
        self.settings_button.setText(_("&Body settings…"))
        self.settings_button.setToolTip(
            _("How a body meets: § numbering and style, notice, quorum, the meetings a period")
        )
        for index, text, tip in (
            (AGENDA_PAGE, _("&Agenda and minutes"), _("The items (§) in order, with proposals and decisions")),
            (ATTENDANCE_PAGE, _("Attendan&ce"), _("Who was invited and who came; the chair, secretary, checkers")),
            (ACTIONS_PAGE, _("Act&ions"), _("What the decisions ask for, and the follow-up of earlier ones")),
            (DECISIONS_PAGE, _("Deci&sions"), _("The register of every body's decisions and the open actions")),
        ):
            self.pages.setTabText(index, text)
            self.pages.setTabToolTip(index, tip)
        self.model.retranslate()
        self._set_empty()
        for part in (self.header, self.agenda, self.attendance, self.action_items, self.decisions):
            part.retranslate()
        self._show_targets()
        if self.detail is not None and self.isVisible():
            self._load_detail()  # the warnings come worded in the language
        else:
            self._set_page_titles()

    def _set_empty(self) -> None:
        if self._bodies:
            text = _(
                "Plan the body's first meeting: its members are invited from the positions of trust and the agenda "
                "starts from the template."
            )
        else:
            text = _(
                "There is no board or committee yet. A body appears here when its first position of trust is added "
                "on the Branches tab; then plan its first meeting."
            )
        self.empty.set_content(
            _("No meetings yet"), text, [(_("New meeting…"), self.new_meeting)] if self._bodies else []
        )

    def _show_targets(self) -> None:
        lines = []
        for figure in self._targets:
            text = _("{code}: {held} held, {planned} planned in {start}–{end}").format(
                code=figure.code,
                held=figure.held,
                planned=figure.planned,
                start=format_day(figure.period_start),
                end=format_day(figure.period_end),
            )
            if figure.target is not None:
                text += " · " + _("target {count}").format(count=figure.target)
                if figure.short_of_target:
                    text += " · " + _("{count} more to plan").format(count=figure.short_of_target)
            lines.append(text)
        self.targets.setText("\n".join(lines))
        self.targets.setVisible(bool(lines))

    # ------------------------------------------------------------------------------------------------ loading
    def current_meeting(self) -> MeetingSummary | None:
        return self.model.row_at(self.list_view.currentIndex().row())

    def refresh(self) -> None:
        today = self.context.today()
        with self.context.database.reading() as session:
            self._bodies = list_bodies(session)
            self._meetings = list_meetings(session)
            chosen_body = self.body_filter.currentData()
            targets = meeting_targets(session, today, chosen_body) if chosen_body else meeting_targets(session, today)
        self._targets = targets
        self._fill_filters()
        self.stack.setCurrentIndex(0 if self._meetings else 1)
        self.decisions.set_bodies(self._bodies)
        self._decisions_stale = True
        self._filter()
        self._show_targets()
        self._set_empty()
        if self.pages.currentIndex() == DECISIONS_PAGE:
            self._page_changed()

    def _fill_filters(self) -> None:
        today = self.context.today()
        chosen_body, chosen_year = self.body_filter.currentData(), self.year_filter.currentData()
        first_fill = self.year_filter.count() == 1
        years = sorted({meeting.year for meeting in self._meetings} | {today.year}, reverse=True)
        for box, entries in (
            (self.body_filter, [(name, body_id) for body_id, name, _kind in self._bodies]),
            (self.year_filter, [(str(year), year) for year in years]),
        ):
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for text, value in entries:
                box.addItem(text, value)
            box.blockSignals(False)
        if first_fill:
            chosen_year = today.year  # this year's meetings first; All years is one click away
        self.body_filter.blockSignals(True)
        self.year_filter.blockSignals(True)
        select_value(self.body_filter, chosen_body)
        select_value(self.year_filter, chosen_year)
        self.body_filter.blockSignals(False)
        self.year_filter.blockSignals(False)

    def _filter(self, wanted: uuid.UUID | None = None) -> None:
        """Show the meetings the filters let through; choose ``wanted``, else keep the chosen one if still listed."""
        chosen = self.current_meeting()
        chosen_id = wanted or (chosen.id if chosen else self._shown)
        body, year = self.body_filter.currentData(), self.year_filter.currentData()
        rows = [
            meeting
            for meeting in self._meetings
            if (body is None or meeting.body_id == body) and (year is None or meeting.year == year)
        ]
        self.model.set_rows(rows)
        row = self.model.row_of(chosen_id) if chosen_id else -1
        if row < 0:
            row = self._default_row()
        self.list_view.blockSignals(True)
        if row >= 0:
            self.list_view.selectRow(row)
        else:
            self.list_view.clearSelection()
            self.list_view.setCurrentIndex(QModelIndex())
        self.list_view.blockSignals(False)
        self._meeting_chosen(force=True)

    def _default_row(self) -> int:
        """The latest meeting held (its minutes are what is worked on), else the first listed."""
        today = self.context.today()
        rows = self.model.rows()
        held = [index for index, meeting in enumerate(rows) if meeting.is_held(today)]
        if held:
            return max(held, key=lambda index: (rows[index].held_on, rows[index].number))
        return 0 if rows else -1

    def _meeting_chosen(self, force: bool = False) -> None:
        chosen = self.current_meeting()
        chosen_id = chosen.id if chosen else None
        if force or chosen_id != self._shown:
            self._shown = chosen_id
            self._load_detail()

    def _load_detail(self) -> None:
        detail = None
        if self._shown is not None:
            try:
                with self.context.database.reading() as session:
                    detail = meeting_detail(session, self._shown, self.context.today())
            except MeetingNotFoundError:
                self._shown = None  # deleted meanwhile (undo, sync): the page says to choose one
        self.detail = detail
        for part in (self.header, self.agenda, self.attendance, self.action_items):
            part.show_detail(detail)
        self._set_page_titles()

    def _set_page_titles(self) -> None:
        detail = self.detail
        held = bool(detail and detail.summary.is_held(self.context.today()))
        quorum_missing = held and bool(detail and any(not item.quorum.quorate for item in detail.items))
        officers_warned = bool(
            detail and any(warning.code.startswith(("checker_", "no_")) for warning in detail.warnings)
        )
        overdue = bool(
            detail
            and any(
                action.is_overdue(self.context.today())
                for action in (*detail.follow_up, *(a for item in detail.items for a in item.actions))
            )
        )
        for index, text, flagged in (
            (AGENDA_PAGE, _("&Agenda and minutes"), quorum_missing),
            (ATTENDANCE_PAGE, _("Attendan&ce"), officers_warned),
            (ACTIONS_PAGE, _("Act&ions"), overdue),
        ):
            self.pages.setTabText(index, "⚠ " + text if flagged else text)

    def _page_changed(self) -> None:
        on_decisions = self.pages.currentIndex() == DECISIONS_PAGE
        self.header.setVisible(not on_decisions)
        if on_decisions and self._decisions_stale:
            self._decisions_stale = False
            self.decisions.reload()

    # ------------------------------------------------------------------------------------------------ actions
    def _open_agenda(self) -> None:
        self.pages.setCurrentIndex(AGENDA_PAGE)
        self.agenda.view.setFocus()

    def show_meeting(self, meeting_id: object) -> None:
        """Choose ``meeting_id`` in the list (widening the filters if they hide it) and open its agenda."""
        meeting = next((each for each in self._meetings if each.id == meeting_id), None)
        if meeting is None:
            self.refresh()  # a meeting just made, or the tab not yet read
            meeting = next((each for each in self._meetings if each.id == meeting_id), None)
        if meeting is None:
            return
        for box, value in ((self.body_filter, meeting.body_id), (self.year_filter, meeting.year)):
            if box.currentData() not in (None, value):
                box.blockSignals(True)
                box.setCurrentIndex(0)
                box.blockSignals(False)
        self._filter(meeting.id)
        self.pages.setCurrentIndex(AGENDA_PAGE)

    def _chosen_body(self) -> uuid.UUID | None:
        if self.detail is not None:
            return self.detail.summary.body_id
        chosen = self.body_filter.currentData()
        return chosen if isinstance(chosen, uuid.UUID) else None

    def new_meeting(self) -> None:
        from desktop.meetings.meeting_dialog import MeetingDialog

        if not self._bodies:
            return
        chosen = self.body_filter.currentData()
        dialog = MeetingDialog(
            self.context, self._bodies, body_id=chosen if isinstance(chosen, uuid.UUID) else None, parent=self
        )
        if dialog.exec() and dialog.meeting_id is not None:
            self.refresh()
            self.show_meeting(dialog.meeting_id)

    def edit_meeting(self) -> None:
        from desktop.meetings.meeting_dialog import MeetingDialog, meeting_data

        detail = self.detail
        if detail is None or detail.locked:
            return
        MeetingDialog(self.context, self._bodies, meeting_data(detail), detail.summary.id, parent=self).exec()

    def delete_meeting(self) -> None:
        detail = self.detail
        if detail is None or detail.locked:
            return
        code, meeting_id = detail.summary.code, detail.summary.id
        question = _("Delete {meeting} of {day} with its agenda, attendance and action items?").format(
            meeting=code, day=format_day(detail.summary.held_on)
        )
        if not confirm(self, _("Delete"), question + "\n" + _("You can undo this with Edit ▸ Undo."), _("Delete")):
            return
        self._shown = None
        try_change(
            self,
            _("Delete"),
            self.context,
            Label(N_("Delete meeting {meeting}"), meeting=code),
            lambda session: delete_meeting(session, meeting_id),
        )

    def body_settings(self) -> None:
        from desktop.meetings.settings_dialog import BodySettingsDialog

        if self._bodies:
            BodySettingsDialog(self.context, self._bodies, self._chosen_body(), self).exec()

    def print_paper(self, paper: str) -> None:
        if self.detail is not None:
            print_meeting(self.context, self, self.detail.summary.id, paper)

    def print_current(self) -> bool:
        """File ▸ Print prints the chosen meeting's minutes."""
        if self.detail is None:
            return False
        print_meeting(self.context, self, self.detail.summary.id, MINUTES)
        return True
