"""Attendance: who was invited and who came, arrivals and departures by §, and the meeting's officers.

The chair, secretary and minute checkers are ticked right in the list (``set_officers``): ticking another chair
moves the chair; a third checker is refused with the reason. Present, absent and sent apologies are set for
several people at once from Mark as.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import N_, Label, _, ngettext
from db.meetings.attendance import invite_body, remove_attendee, set_attendance, set_officers
from db.meetings.models import ATTENDANCE_STATUS_LABELS, ATTENDEE_ROLE_LABELS, AttendanceStatus
from db.meetings.numbering import section_label
from db.meetings.records import AttendeeRecord, MeetingDetail
from desktop.meetings.common import MUTED_COLOR, try_change
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm
from desktop.shell.table_model import ROW_OBJECT_ROLE
from desktop.shell.widgets import DataTableView, EmptyState

_AnyIndex = QModelIndex | QPersistentModelIndex
OfficerChange = Callable[[AttendeeRecord, int, bool], object]


class AttendanceModel(QAbstractTableModel):
    """The attendance list: name, role, attendance, present from/until, and the officers' ticks."""

    NAME, ROLE, STATUS, FROM, UNTIL, CHAIR, SECRETARY, CHECKER = range(8)
    OFFICER_COLUMNS = (CHAIR, SECRETARY, CHECKER)
    _TITLES = (
        N_("Name"),
        N_("Role"),
        N_("Attendance"),
        N_("Arrived"),
        N_("Left after"),
        N_("Chair"),
        N_("Secretary"),
        N_("Checker"),
    )
    _TIPS = (
        "",
        "",
        "",
        N_("A late arrival: the first item the person was present for"),
        N_("An early departure: the last item the person was present for"),
        N_("Chairs the meeting"),
        N_("Keeps the minutes"),
        N_("Checks the minutes and counts the votes (one or two)"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._people: list[AttendeeRecord] = []
        self._detail: MeetingDetail | None = None
        self.officer_changed: OfficerChange | None = None

    def set_detail(self, detail: MeetingDetail | None) -> None:
        self.beginResetModel()
        self._detail = detail
        self._people = list(detail.attendees) if detail else []
        self.endResetModel()

    def people(self) -> list[AttendeeRecord]:
        return list(self._people)

    def person_at(self, row: int) -> AttendeeRecord | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._TITLES)

    def _section(self, number: int | None) -> str:
        if number is None or self._detail is None:
            return ""
        return section_label(number, self._detail.settings.section_style)

    def _ticked(self, person: AttendeeRecord, column: int) -> bool:
        return {
            self.CHAIR: person.chairs,
            self.SECRETARY: person.keeps_minutes,
            self.CHECKER: person.checks_minutes,
        }[column]

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self.person_at(index.row()) if index.isValid() else None
        if person is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(person, column)
        if role == ROW_OBJECT_ROLE:
            return person
        if role == Qt.ItemDataRole.CheckStateRole and column in self.OFFICER_COLUMNS:
            return Qt.CheckState.Checked if self._ticked(person, column) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME and person.note:
            return person.note
        if role == Qt.ItemDataRole.ForegroundRole and person.status != AttendanceStatus.PRESENT:
            return QBrush(QColor(MUTED_COLOR))
        return None

    def _text(self, person: AttendeeRecord, column: int) -> str:
        if column == self.NAME:
            return person.name
        if column == self.ROLE:
            return _(ATTENDEE_ROLE_LABELS[person.role])
        if column == self.STATUS:
            return _(ATTENDANCE_STATUS_LABELS[person.status])
        if column == self.FROM:
            return self._section(person.from_section)
        if column == self.UNTIL:
            return self._section(person.to_section)
        return ""

    def setData(self, index: _AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        person = self.person_at(index.row()) if index.isValid() else None
        if person is None or role != Qt.ItemDataRole.CheckStateRole or index.column() not in self.OFFICER_COLUMNS:
            return False
        if self.officer_changed is None or not self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable:
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        callback, column = self.officer_changed, index.column()
        # Written after the click is over: the write reloads this model, which must not happen under the view's feet.
        QTimer.singleShot(0, lambda: callback(person, column, ticked))
        return True

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        person = self.person_at(index.row())
        if (
            index.column() in self.OFFICER_COLUMNS
            and person is not None
            and person.status == AttendanceStatus.PRESENT
            and self._detail is not None
            and not self._detail.locked
        ):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._TITLES):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self._TITLES[section])
        if role == Qt.ItemDataRole.ToolTipRole and self._TIPS[section]:
            return _(self._TIPS[section])
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._TITLES) - 1)
        if self._people:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._people) - 1, len(self._TITLES) - 1))


class AttendanceSection(QWidget):
    """The attendance list of the meeting shown, with the buttons that change it."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: MeetingDetail | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = AttendanceModel(self)
        self.model.officer_changed = self.set_officer
        self.view = DataTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)  # the list's order is the minutes' order: chair first, guests last
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(self.model.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == AttendanceModel.NAME
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.view.activated_row.connect(lambda _row: self.edit_person())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.invite_button = QPushButton()
        self.invite_button.clicked.connect(self.invite)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_person)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_person)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.mark_button = QPushButton()  # a push button draws its menu arrow beside the text, never over it
        self.mark_menu = QMenu(self)
        self.mark_actions: dict[AttendanceStatus, QAction] = {}
        for status in AttendanceStatus:
            action = self.mark_menu.addAction("")
            action.triggered.connect(lambda _checked=False, chosen=status: self.mark_selected(chosen))
            self.mark_actions[status] = action
        self.mark_button.setMenu(self.mark_menu)
        buttons = QHBoxLayout()
        for button in (self.invite_button, self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.mark_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_Insert), self.add_person),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.remove_selected),
        ):
            action = QAction(self.view)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)
        self.retranslate()

    def retranslate(self) -> None:
        self.invite_button.setText(_("Invite the body's members"))
        self.invite_button.setToolTip(
            _("Add the body's members, deputies and adjunct members on the meeting's day who are not on the list yet")
        )
        self.add_button.setText(_("Add a person…"))
        self.add_button.setToolTip(_("A member of the register, or anyone by name: the ombudsman, a guest (Insert)"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Role, attendance, late arrival or early departure (Enter)"))
        self.remove_button.setText(_("Remove"))
        self.remove_button.setToolTip(_("Take the person off the list (Delete)"))
        self.mark_button.setText(_("Mark as"))
        self.mark_button.setToolTip(_("Mark the selected people present, absent or as having sent apologies"))
        for status, action in self.mark_actions.items():
            action.setText(_(ATTENDANCE_STATUS_LABELS[status]))
        self.model.retranslate()
        self.empty.set_content(
            _("No one is on the attendance list"),
            _("Invite the body's members, then add anyone else who was there."),
            [(_("Invite the body's members"), self.invite)] if self.detail and not self.detail.locked else [],
        )
        self._show_summary()

    def show_detail(self, detail: MeetingDetail | None) -> None:
        chosen = [person.id for person in self.selected()]
        self.detail = detail
        self.model.set_detail(detail)
        self.stack.setCurrentIndex(0 if self.model.rowCount() or detail is None else 1)
        if len(chosen) == 1:
            row = next((row for row, person in enumerate(self.model.people()) if person.id == chosen[0]), -1)
            if row >= 0:
                self.view.selectRow(row)
        self.retranslate()
        self._update_buttons()

    def _show_summary(self) -> None:
        detail = self.detail
        if detail is None or not detail.attendees:
            self.summary.setText("")
            return
        present = sum(1 for person in detail.attendees if person.status == AttendanceStatus.PRESENT)
        parts = [
            ngettext("{present} of {count} present", "{present} of {count} present", len(detail.attendees)).format(
                present=present, count=len(detail.attendees)
            )
        ]
        not_named = _("not named")
        parts.append(_("chair: {name}").format(name=detail.chair.name if detail.chair else not_named))
        parts.append(_("secretary: {name}").format(name=detail.secretary.name if detail.secretary else not_named))
        checkers = ", ".join(person.name for person in detail.checkers) or not_named
        parts.append(_("minute checkers: {names}").format(names=checkers))
        self.summary.setText(" · ".join(parts))

    def selected(self) -> list[AttendeeRecord]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [person for person in (self.model.person_at(row) for row in rows) if person is not None]

    def _update_buttons(self) -> None:
        locked = self.detail is None or self.detail.locked
        chosen = self.selected()
        for button in (self.invite_button, self.add_button):
            button.setEnabled(not locked)
        self.edit_button.setEnabled(not locked and len(chosen) == 1)
        self.remove_button.setEnabled(not locked and len(chosen) == 1)
        self.mark_button.setEnabled(not locked and bool(chosen))

    # ------------------------------------------------------------------------------------------------ actions
    def _code(self) -> str:
        return self.detail.summary.code if self.detail else ""

    def invite(self) -> None:
        detail = self.detail
        if detail is None or detail.locked:
            return
        meeting_id = detail.summary.id
        added: list[int] = []
        label = Label(N_("Invite the body's members to {meeting}"), meeting=self._code())
        if try_change(
            self, _("Invite"), self.context, label, lambda session: added.append(invite_body(session, meeting_id))
        ):
            count = added[0] if added else 0
            self.context.events.status_message.emit(
                ngettext("{count} person added to the list.", "{count} people added to the list.", count).format(
                    count=count
                )
                if count
                else _("Everyone in the body is on the list already.")
            )

    def add_person(self) -> None:
        from desktop.meetings.attendee_dialog import AttendeeDialog

        if self.detail is not None and not self.detail.locked:
            AttendeeDialog(self.context, self.detail, None, self).exec()

    def edit_person(self) -> None:
        from desktop.meetings.attendee_dialog import AttendeeDialog

        chosen = self.selected()
        if self.detail is not None and not self.detail.locked and len(chosen) == 1:
            AttendeeDialog(self.context, self.detail, chosen[0], self).exec()

    def remove_selected(self) -> None:
        chosen = self.selected()
        if self.detail is None or self.detail.locked or len(chosen) != 1:
            return
        person = chosen[0]
        question = _("Take {name} off the attendance list?").format(name=person.name)
        if not confirm(self, _("Remove"), question, _("Remove")):
            return
        label = Label(N_("Take {name} off the list of {meeting}"), name=person.name, meeting=self._code())
        try_change(self, _("Remove"), self.context, label, lambda session: remove_attendee(session, person.id))

    def mark_selected(self, status: AttendanceStatus) -> None:
        chosen = self.selected()
        if self.detail is None or self.detail.locked or not chosen:
            return

        def work(session: Any) -> None:
            for person in chosen:
                if person.status == AttendanceStatus.PRESENT and status == AttendanceStatus.PRESENT:
                    continue  # present already: an arrival or departure noted stays
                set_attendance(session, person.id, status)

        label = Label(N_("Attendance at {meeting}"), meeting=self._code())
        try_change(self, _("Attendance"), self.context, label, work)

    def set_officer(self, person: AttendeeRecord, column: int, ticked: bool) -> bool:
        """Tick or untick ``person`` as chair, secretary or checker (``column`` of :class:`AttendanceModel`)."""
        detail = self.detail
        if detail is None or detail.locked:
            return False
        chair = detail.chair.id if detail.chair else None
        secretary = detail.secretary.id if detail.secretary else None
        checkers = [each.id for each in detail.checkers]
        if column == AttendanceModel.CHAIR:
            chair = person.id if ticked else (None if chair == person.id else chair)
        elif column == AttendanceModel.SECRETARY:
            secretary = person.id if ticked else (None if secretary == person.id else secretary)
        elif column == AttendanceModel.CHECKER:
            checkers = [each for each in checkers if each != person.id] + ([person.id] if ticked else [])
        meeting_id = detail.summary.id
        label = Label(N_("Officers of {meeting}"), meeting=self._code())
        return try_change(
            self,
            _("Officers of the meeting"),
            self.context,
            label,
            lambda session: set_officers(session, meeting_id, chair=chair, secretary=secretary, checkers=checkers),
        )
