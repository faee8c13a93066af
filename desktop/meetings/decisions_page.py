"""Decisions: the register of decisions and the actions they asked for over a period, and every open action.

The register lists what the bodies decided (the running of the meeting — opening, quorum, agenda — left out, as in
the printed register). Enter on a decision opens its meeting; Print register… prints the period shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db.branches.models import BodyKind
from db.core.i18n import N_, _, current_language, format_day
from db.meetings.actions import decision_register, open_actions
from db.meetings.models import ActionStatus
from db.meetings.records import DecisionRecord
from desktop.branches.forms import date_edit, date_of
from desktop.calling.models import Column, SortedListModel, fit_columns
from desktop.meetings.actions_section import (
    ActionsModel,
    actions_view,
    done_button_text,
    selected_actions,
    toggle_done,
)
from desktop.meetings.fields import select_value
from desktop.meetings.printing import print_register
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.widgets import DataTableView, EmptyState


def _actions_text(record: DecisionRecord) -> str:
    if not record.actions:
        return ""
    still_open = sum(1 for action in record.actions if action.status == ActionStatus.OPEN)
    return f"{still_open} / {len(record.actions)}"


class DecisionsPage(QWidget):
    """The decision register of a period (of one body or all) above, the open actions below."""

    open_meeting = Signal(object)  # a meeting id

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        today = context.today()
        self.start = date_edit(date(today.year, 1, 1))
        self.end = date_edit(date(today.year, 12, 31))
        self.body = QComboBox()
        self.body.addItem("", None)
        self.start_label = QLabel()
        self.start_label.setBuddy(self.start)
        self.end_label = QLabel()
        self.end_label.setBuddy(self.end)
        self.body_label = QLabel()
        self.body_label.setBuddy(self.body)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_register)
        for field in (self.start, self.end):
            field.dateChanged.connect(lambda _day: self.reload())
        self.body.currentIndexChanged.connect(lambda _index: self.reload())
        tools = QHBoxLayout()
        for widget in (self.start_label, self.start, self.end_label, self.end, self.body_label):
            tools.addWidget(widget)
        tools.addWidget(self.body, 1)
        tools.addWidget(self.print_button)

        self.decisions = SortedListModel[DecisionRecord](
            [
                Column(N_("Decided"), lambda row: row.reference, key=lambda row: (row.held_on, row.section)),
                Column(N_("Date"), lambda row: format_day(row.held_on), key=lambda row: (row.held_on, row.section)),
                Column(N_("Title"), lambda row: row.title),
                Column(N_("Decision"), lambda row: " ".join(row.decision.split())),
                Column(
                    N_("Actions"),
                    _actions_text,
                    key=lambda row: len(row.actions),
                    align_right=True,
                    tooltip=N_("Action items still under way / asked for"),
                ),
            ],
            self,
        )
        self.decisions_view = DataTableView()
        self.decisions_view.setModel(self.decisions)
        fit_columns(self.decisions_view, stretch=3)
        self.decisions_view.activated_row.connect(self._open_row)
        self.empty = EmptyState()
        self.decisions_stack = QStackedWidget()
        self.decisions_stack.addWidget(self.decisions_view)
        self.decisions_stack.addWidget(self.empty)

        self.open_heading = QLabel()
        self.open_heading.setStyleSheet("font-weight: 600;")
        self.open_model = ActionsModel(context.today, self)
        self.open_view = actions_view(self.open_model)
        self.open_view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.toggle_done)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.open_heading, 1)
        heading_row.addWidget(self.done_button)
        lower_layout.addLayout(heading_row)
        lower_layout.addWidget(self.open_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.decisions_stack)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)
        self.retranslate()

    def set_bodies(self, bodies: Sequence[tuple[uuid.UUID, str, BodyKind]]) -> None:
        """Offer ``bodies`` in the body filter (keeping the one chosen)."""
        chosen = self.body.currentData()
        self.body.blockSignals(True)
        while self.body.count() > 1:
            self.body.removeItem(1)
        for body_id, name, _kind in bodies:
            self.body.addItem(name, body_id)
        select_value(self.body, chosen)
        self.body.blockSignals(False)

    def retranslate(self) -> None:
        self.start_label.setText(_("Fro&m"))
        self.end_label.setText(_("Unti&l"))
        self.body_label.setText(_("Bo&dy"))
        self.body.setItemText(0, _("All bodies"))
        self.print_button.setText(_("Print register…"))
        self.print_button.setToolTip(_("The decisions of the period and their action items, as a PDF to print"))
        self.done_button.setToolTip(_("Mark the selected actions done today (or under way again)"))
        self.decisions.retranslate()
        self.open_model.retranslate()
        self.empty.set_content(
            _("No decisions in this period"),
            _("Decisions written in the minutes of the bodies' meetings are listed here; choose another period."),
            [],
        )
        self._update_buttons()

    def body_ids(self) -> list[uuid.UUID] | None:
        chosen = self.body.currentData()
        return [chosen] if isinstance(chosen, uuid.UUID) else None

    def reload(self) -> None:
        """Read the register and the open actions again."""
        start, end = date_of(self.start), date_of(self.end)
        bodies = self.body_ids()
        with self.context.database.reading() as session:
            records = decision_register(session, start, end, bodies) if start <= end else []
            still_open = open_actions(session, bodies[0] if bodies else None)
        self.decisions.set_rows(records)
        self.decisions_stack.setCurrentIndex(0 if records else 1)
        self.open_model.set_rows(still_open)
        self.open_heading.setText(
            _("Open action items: {count}").format(count=len(still_open)) if still_open else _("No open action items.")
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = selected_actions(self.open_model, self.open_view)
        self.done_button.setEnabled(bool(chosen))
        self.done_button.setText(done_button_text(chosen))

    def _open_row(self, row: int) -> None:
        record = self.decisions.row_at(row)
        if record is not None:
            self.open_meeting.emit(record.meeting_id)

    def toggle_done(self) -> None:
        toggle_done(self, self.context, selected_actions(self.open_model, self.open_view))

    def print_register(self) -> None:
        start, end = date_of(self.start), date_of(self.end)
        if end < start:
            show_error(self, _("Decision register"), _("The period ends before it starts."))
            return
        print_register(self.context, self, start, end, current_language(), self.body_ids())
