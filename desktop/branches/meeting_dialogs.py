"""The district's chairs' meetings: the list of meetings, and one meeting with who was there.

Six meetings a year (seed 001); a branch absent from two of the last three is flagged for a call. The attendance
list holds every active branch with a tick for "present" and who represented it, so an absence is recorded as
one, not left out.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.chairs_meetings import (
    AttendanceData,
    ChairsMeetingData,
    ChairsMeetingRecord,
    chairs_meetings,
    create_chairs_meeting,
    delete_chairs_meeting,
    meeting_attendance,
    record_attendance,
    update_chairs_meeting,
)
from db.branches.models import Branch, BranchStatus
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _, format_count, format_day
from desktop.branches.forms import FormDialog, date_edit, date_of, save_change
from desktop.branches.sections.section import button_row, selected_row, table_of
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import ListColumn
from desktop.shell.messages import confirm, show_error

_AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass
class AttendanceEntry:
    """One branch in the list being ticked (mutable: the model edits it in place)."""

    branch_id: uuid.UUID
    branch_name: str
    present: bool
    represented_by: str


class AttendanceModel(QAbstractTableModel):
    """Branches with a "present" tick on the name and an editable "represented by" column."""

    BRANCH, REPRESENTED_BY = 0, 1
    _TITLES = (N_("Branch (tick if present)"), N_("Represented by"))

    def __init__(self, entries: list[AttendanceEntry], parent: Any = None) -> None:
        super().__init__(parent)
        self.entries = entries

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 2

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if index.column() == self.BRANCH:
            if role == Qt.ItemDataRole.DisplayRole:
                return entry.branch_name
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if entry.present else Qt.CheckState.Unchecked
        elif index.column() == self.REPRESENTED_BY and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return entry.represented_by
        return None

    def setData(self, index: _AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return False
        entry = self.entries[index.row()]
        if index.column() == self.BRANCH and role == Qt.ItemDataRole.CheckStateRole:
            entry.present = Qt.CheckState(value) == Qt.CheckState.Checked
        elif index.column() == self.REPRESENTED_BY and role == Qt.ItemDataRole.EditRole:
            entry.represented_by = str(value or "")
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.BRANCH:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 2:
            return _(self._TITLES[section])
        return None

    def set_present(self, branch_id: uuid.UUID, present: bool, represented_by: str = "") -> None:
        """Tick (or untick) a branch by id, as a click on its box would."""
        for row, entry in enumerate(self.entries):
            if entry.branch_id == branch_id:
                self.setData(
                    self.index(row, self.BRANCH),
                    Qt.CheckState.Checked if present else Qt.CheckState.Unchecked,
                    Qt.ItemDataRole.CheckStateRole,
                )
                self.setData(self.index(row, self.REPRESENTED_BY), represented_by)

    def attendance(self) -> list[AttendanceData]:
        """The ticks as the operation takes them."""
        return [AttendanceData(entry.branch_id, entry.present, entry.represented_by or None) for entry in self.entries]


def _entries(session: Session, meeting_id: uuid.UUID | None) -> list[AttendanceEntry]:
    if meeting_id is not None:
        return [
            AttendanceEntry(record.branch_id, record.branch_name, record.present, record.represented_by or "")
            for record in meeting_attendance(session, meeting_id)
        ]
    branches = session.execute(
        select(Branch.id, Branch.name)
        .where(Branch.deleted_at.is_(None), Branch.status == BranchStatus.ACTIVE)
        .order_by(Branch.name)
    ).tuples()
    return [AttendanceEntry(branch_id, name, False, "") for branch_id, name in branches]


class ChairsMeetingDialog(FormDialog):
    """One chairs' meeting: its day, place and notes, and which branches were there."""

    def __init__(
        self, context: ShellContext, meeting: ChairsMeetingRecord | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.meeting = meeting
        self.meeting_id = meeting.id if meeting else None
        self.held_on = date_edit(meeting.held_on if meeting else context.today())
        self.place = QLineEdit((meeting.place or "") if meeting else "")
        self.place.setMaxLength(200)
        self.notes = QLineEdit((meeting.notes or "") if meeting else "")
        with context.database.reading() as session:
            self.attendance = AttendanceModel(_entries(session, self.meeting_id), self)
        self.table = QTableView()
        self.table.setModel(self.attendance)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setMinimumHeight(260)
        self.add_row("held_on", self.held_on)
        self.add_row("place", self.place)
        self.add_row("notes", self.notes)
        self.add_row("attendance", self.table, "branch", "represented_by")
        self.resize(560, 600)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Chairs' meeting"))
        for key, text in (
            ("held_on", _("Date")),
            ("place", _("Place")),
            ("notes", _("Notes")),
            ("attendance", _("Branches present")),
        ):
            self.labels[key].setText(text)
        self.table.setToolTip(_("Tick the branches that were there; type who represented a branch if not its chair"))

    def save(self) -> None:
        data = ChairsMeetingData(held_on=date_of(self.held_on), place=self.place.text(), notes=self.notes.text())
        entries = self.attendance.attendance()
        existing = self.meeting_id

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                meeting_id = create_chairs_meeting(session, data)
            else:
                meeting_id = existing
                update_chairs_meeting(session, meeting_id, data)
            record_attendance(session, meeting_id, entries)
            return meeting_id

        label = Label(N_("Add chairs' meeting")) if existing is None else Label(N_("Edit chairs' meeting"))
        self.meeting_id = save_change(self.context, label, work)


class ChairsMeetingsDialog(QDialog):
    """Every chairs' meeting, the latest first, with New meeting…, Edit… and Delete."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model, self.view = table_of(
            [
                ListColumn[ChairsMeetingRecord](N_("Date"), lambda row: format_day(row.held_on)),
                ListColumn[ChairsMeetingRecord](N_("Place"), lambda row: row.place or ""),
                ListColumn[ChairsMeetingRecord](N_("Branches present"), lambda row: format_count(row.present_count)),
            ],
            self,
            tooltip=lambda row: row.notes,
        )
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_meeting)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.new_button, self.edit_button, self.delete_button))
        layout.addWidget(self.buttons)
        self.resize(560, 440)
        self.reload()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Chairs' meetings"))
        self.intro.setText(
            _("The district holds six chairs' meetings a year. A branch absent from two of the last three is flagged.")
        )
        self.new_button.setText(_("New meeting…"))
        self.new_button.setToolTip(_("Add a meeting and tick the branches that were there"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Change the selected meeting or who was there"))
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(_("Delete the selected meeting; Edit ▸ Undo brings it back"))
        self.model.retranslate()

    def reload(self) -> None:
        """Read the meetings again."""
        with self.context.database.reading() as session:
            self.model.set_rows(chairs_meetings(session))

    def new_meeting(self) -> None:
        """Add a meeting with its attendance."""
        if ChairsMeetingDialog(self.context, None, self).exec():
            self.reload()

    def edit_selected(self) -> None:
        """Change the selected meeting or its attendance."""
        meeting = selected_row(self.model, self.view)
        if meeting is not None and ChairsMeetingDialog(self.context, meeting, self).exec():
            self.reload()

    def delete_selected(self) -> None:
        """Delete the selected meeting after asking; its attendance then no longer counts."""
        meeting = selected_row(self.model, self.view)
        if meeting is None:
            return
        question = _("Delete the chairs' meeting of {day}?").format(day=format_day(meeting.held_on))
        if not confirm(self, _("Delete"), question + "\n" + _("You can undo this with Edit ▸ Undo."), _("Delete")):
            return
        try:
            save_change(
                self.context,
                Label(N_("Delete chairs' meeting")),
                lambda session: delete_chairs_meeting(session, meeting.id),
            )
        except KansliError as error:
            show_error(self, _("Delete"), error)
        self.reload()
