"""Actions: what this meeting's decisions asked for, and the follow-up of earlier meetings' open actions.

An action's text belongs to the minutes and is locked with them; its status does not, so Mark done works on locked
minutes too (an action is done months after the minutes were approved).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import N_, Label, _, format_day
from db.meetings.actions import remove_action, set_action_status
from db.meetings.models import ACTION_STATUS_LABELS, ActionStatus
from db.meetings.records import ActionRecord, MeetingDetail
from desktop.meetings.common import MUTED_COLOR, try_change
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm
from desktop.shell.table_model import ROW_OBJECT_ROLE
from desktop.shell.widgets import DataTableView

_AnyIndex = QModelIndex | QPersistentModelIndex
_OVERDUE = QColor("#cf222e")


class ActionsModel(QAbstractTableModel):
    """Action items: where decided, what, who, by when, status; overdue dates in red, closed ones muted."""

    REFERENCE, TEXT, RESPONSIBLE, DUE, STATUS = range(5)
    _TITLES = (N_("Decided"), N_("Action item"), N_("Responsible"), N_("Due"), N_("Status"))

    def __init__(self, today: Callable[[], date], parent: Any = None) -> None:
        super().__init__(parent)
        self._today = today
        self._rows: list[ActionRecord] = []

    def set_rows(self, rows: list[ActionRecord]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ActionRecord]:
        return list(self._rows)

    def row_at(self, row: int) -> ActionRecord | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._TITLES)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        action = self.row_at(index.row()) if index.isValid() else None
        if action is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(action, column)
        if role == ROW_OBJECT_ROLE:
            return action
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TEXT:
            return action.text + (f"\n\n{action.notes}" if action.notes else "")
        if role == Qt.ItemDataRole.ForegroundRole:
            if action.status != ActionStatus.OPEN:
                return QBrush(QColor(MUTED_COLOR))
            if column == self.DUE and action.is_overdue(self._today()):
                return QBrush(_OVERDUE)
        return None

    def _text(self, action: ActionRecord, column: int) -> str:
        if column == self.REFERENCE:
            return action.reference
        if column == self.TEXT:
            return " ".join(action.text.split())
        if column == self.RESPONSIBLE:
            return action.responsible
        if column == self.DUE:
            return format_day(action.due_on) if action.due_on else ""
        if column == self.STATUS:
            status = _(ACTION_STATUS_LABELS[action.status])
            return f"{status} {format_day(action.closed_on)}" if action.closed_on else status
        return ""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self._TITLES[section]) if 0 <= section < len(self._TITLES) else None
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._TITLES) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._TITLES) - 1))


def actions_view(model: ActionsModel) -> DataTableView:
    """A list of action items, the action's text taking the room left."""
    view = DataTableView()
    view.setModel(model)
    view.setSortingEnabled(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(model.columnCount()):
        stretch = column == ActionsModel.TEXT
        header.setSectionResizeMode(
            column, QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.ResizeToContents
        )
    return view


def selected_actions(model: ActionsModel, view: QTableView) -> list[ActionRecord]:
    rows = sorted(index.row() for index in view.selectionModel().selectedRows())
    return [action for action in (model.row_at(row) for row in rows) if action is not None]


def toggle_done(parent: QWidget, context: ShellContext, actions: list[ActionRecord]) -> bool:
    """Mark open actions done today, or closed ones open again; True when written."""
    if not actions:
        return False
    reopen = all(action.status != ActionStatus.OPEN for action in actions)
    status = ActionStatus.OPEN if reopen else ActionStatus.DONE
    today = context.today()

    def work(session: Any) -> None:
        for action in actions:
            if action.status != status:
                set_action_status(session, action.id, status, today)

    label = Label(N_("Action item under way again")) if reopen else Label(N_("Action item done"))
    return try_change(parent, _("Action items"), context, label, work)


def done_button_text(actions: list[ActionRecord]) -> str:
    """The done button's text: Mark done, or Mark under way when every action chosen is closed already."""
    if actions and all(action.status != ActionStatus.OPEN for action in actions):
        return _("Mark under way")
    return _("Mark done")


class ActionsSection(QWidget):
    """The meeting's own action items above, the follow-up of earlier meetings below."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: MeetingDetail | None = None
        self.default_item: Callable[[], uuid.UUID | None] = lambda: None
        self.own_heading = QLabel()
        self.own_model = ActionsModel(context.today, self)
        self.own_view = actions_view(self.own_model)
        self.follow_heading = QLabel()
        self.follow_model = ActionsModel(context.today, self)
        self.follow_view = actions_view(self.follow_model)
        for heading in (self.own_heading, self.follow_heading):
            heading.setStyleSheet("font-weight: 600;")
            heading.setWordWrap(True)
        self.own_view.activated_row.connect(lambda _row: self.edit_action())
        self.own_view.selectionModel().selectionChanged.connect(lambda *_args: self._chosen(self.own_view))
        self.follow_view.selectionModel().selectionChanged.connect(lambda *_args: self._chosen(self.follow_view))
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_action())
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_action)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_action)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.toggle_done)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.own_heading)
        layout.addWidget(self.own_view, 3)
        layout.addWidget(self.follow_heading)
        layout.addWidget(self.follow_view, 2)
        layout.addLayout(buttons)
        insert = QAction(self.own_view)
        insert.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        insert.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        insert.triggered.connect(lambda: self.add_action())
        self.own_view.addAction(insert)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(_("Add action…"))
        self.add_button.setToolTip(_("An action one of the meeting's decisions asks for: what, who, by when (Insert)"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Change what the action asks, of whom and by when (Enter)"))
        self.remove_button.setText(_("Remove"))
        self.remove_button.setToolTip(_("Remove the action from the decision"))
        self.done_button.setToolTip(_("Mark the selected actions done today (or under way again); allowed when locked"))
        self.own_model.retranslate()
        self.follow_model.retranslate()
        self._show_headings()
        self._update_buttons()

    def _show_headings(self) -> None:
        detail = self.detail
        own = self.own_model.rowCount()
        self.own_heading.setText(
            _("Actions of this meeting's decisions")
            if own
            else _("Actions of this meeting's decisions: none yet. Add one for a decision that asks somebody to act.")
        )
        earlier = self.follow_model.rowCount()
        self.follow_heading.setText(
            _("Follow-up: actions of earlier meetings open on {date}").format(date=format_day(detail.summary.held_on))
            if detail and earlier
            else _("Follow-up: no actions of earlier meetings were open on the meeting's day.")
        )

    def show_detail(self, detail: MeetingDetail | None) -> None:
        self.detail = detail
        self.own_model.set_rows([action for item in detail.items for action in item.actions] if detail else [])
        self.follow_model.set_rows(list(detail.follow_up) if detail else [])
        self._show_headings()
        self._update_buttons()

    def _chosen(self, view: QTableView) -> None:
        # One selection at a time: Mark done acts on the list chosen last.
        other = self.follow_view if view is self.own_view else self.own_view
        if view.selectionModel().hasSelection() and other.selectionModel().hasSelection():
            other.selectionModel().blockSignals(True)
            other.clearSelection()
            other.selectionModel().blockSignals(False)
            other.viewport().update()
        self._update_buttons()

    def chosen_actions(self) -> list[ActionRecord]:
        own = selected_actions(self.own_model, self.own_view)
        return own or selected_actions(self.follow_model, self.follow_view)

    def _update_buttons(self) -> None:
        locked = self.detail is None or self.detail.locked
        own = selected_actions(self.own_model, self.own_view)
        self.add_button.setEnabled(not locked and bool(self.detail and self.detail.items))
        self.edit_button.setEnabled(not locked and len(own) == 1)
        self.remove_button.setEnabled(not locked and len(own) == 1)
        chosen = self.chosen_actions()
        self.done_button.setEnabled(bool(chosen))
        self.done_button.setText(done_button_text(chosen))

    # ------------------------------------------------------------------------------------------------ actions
    def add_action(self, item_id: uuid.UUID | None = None) -> None:
        from desktop.meetings.action_dialog import ActionDialog

        if self.detail is not None and not self.detail.locked:
            chosen = item_id or self.default_item()
            ActionDialog(self.context, self.detail, None, item_id=chosen, parent=self).exec()

    def edit_action(self) -> None:
        from desktop.meetings.action_dialog import ActionDialog

        own = selected_actions(self.own_model, self.own_view)
        if self.detail is not None and not self.detail.locked and len(own) == 1:
            ActionDialog(self.context, self.detail, own[0], parent=self).exec()

    def remove_action(self) -> None:
        own = selected_actions(self.own_model, self.own_view)
        if self.detail is None or self.detail.locked or len(own) != 1:
            return
        action = own[0]
        if not confirm(
            self,
            _("Remove"),
            _("Remove the action “{text}” from {reference}?").format(text=action.text, reference=action.reference),
            _("Remove"),
        ):
            return
        label = Label(N_("Remove an action item of {meeting}"), meeting=self.detail.summary.code)
        try_change(self, _("Remove"), self.context, label, lambda session: remove_action(session, action.id))

    def toggle_done(self) -> None:
        toggle_done(self, self.context, self.chosen_actions())
