"""Memberships and positions of trust on the member card.

Memberships are edited in a dialog and kept here until the card is saved, so that one Save writes the whole card
in one transaction (and one Undo takes it back). Status is derived from the dates, never typed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.branches.models import POSITION_ROLE_LABELS
from db.branches.operations import PositionRecord
from db.core.i18n import N_, _, format_day
from db.members.models import END_REASON_LABELS, MEMBERSHIP_KIND_LABELS, MEMBERSHIP_STATUS_LABELS, MembershipStatus
from db.members.records import MembershipData, MembershipRecord
from db.members.status import membership_status
from desktop.members.membership_dialog import MembershipDialog
from desktop.shell.form_widgets import FieldError, ListColumn, ListTableModel, small_table


@dataclass
class MembershipItem:
    """A membership as the card holds it: saved (``id`` set) or new, changed since loading or not."""

    id: uuid.UUID | None
    data: MembershipData
    branch_name: str
    dirty: bool = False


def _term(position: PositionRecord) -> str:
    return f"{format_day(position.starts_on)} – {format_day(position.ends_on)}".rstrip()


class MembershipsSection(QWidget):
    """The member's memberships (editable) and positions of trust (read-only)."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.branch_loader: Callable[[], list[tuple[uuid.UUID, str]]] = list
        self.dialog: MembershipDialog | None = None
        self.model: ListTableModel[MembershipItem] = ListTableModel(
            [
                ListColumn(N_("Branch"), lambda item: item.branch_name),
                ListColumn(N_("Kind"), lambda item: _(MEMBERSHIP_KIND_LABELS[item.data.kind])),
                ListColumn(N_("Status"), lambda item: _(MEMBERSHIP_STATUS_LABELS[self._status(item)])),
                ListColumn(N_("Joined"), lambda item: format_day(item.data.joined_on)),
                ListColumn(N_("Notice received"), lambda item: format_day(item.data.notice_received_on)),
                ListColumn(N_("Ended"), lambda item: format_day(item.data.ended_on)),
                ListColumn(
                    N_("End reason"),
                    lambda item: _(END_REASON_LABELS[item.data.end_reason]) if item.data.end_reason else "",
                ),
            ],
            self,
            italic=lambda item: item.dirty,
            tooltip=lambda item: _("Not saved yet") if item.dirty else None,
        )
        self.table = small_table(self.model)
        self.table.doubleClicked.connect(lambda index: self.edit_membership(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_membership)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(lambda: self.edit_membership(self.table.currentIndex().row()))
        self.error = FieldError()
        self.positions_label = QLabel()
        self.positions_model: ListTableModel[PositionRecord] = ListTableModel(
            [
                ListColumn(N_("Body"), lambda record: record.body_name),
                ListColumn(N_("Role"), lambda record: _(POSITION_ROLE_LABELS[record.role])),
                ListColumn(N_("Term"), _term),
            ],
            self,
        )
        self.positions_table = small_table(self.positions_model)
        self.positions_empty = QLabel()
        self.memberships_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.memberships_label)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.positions_label)
        layout.addWidget(self.positions_table, 1)
        layout.addWidget(self.positions_empty)
        self._update_buttons()
        self.retranslate()

    def retranslate(self) -> None:
        self.memberships_label.setText(_("Memberships"))
        self.add_button.setText(_("Add membership…"))
        self.add_button.setToolTip(_("Add a membership of a branch (saved with the card)"))
        self.edit_button.setText(_("Edit membership…"))
        self.edit_button.setToolTip(_("Change the selected membership: dates, kind, end (or double-click it)"))
        self.positions_label.setText(_("Positions of trust"))
        self.positions_empty.setText(_("No positions of trust. They are recorded in the Branches tab."))
        self.model.retranslate()
        self.positions_model.retranslate()

    def _status(self, item: MembershipItem) -> MembershipStatus:
        data = item.data
        return membership_status(data.joined_on, data.ended_on, data.end_reason, self.today)

    def load(self, memberships: list[MembershipRecord], positions: list[PositionRecord]) -> None:
        """Show a member's memberships and positions (both empty for a new member)."""
        self.model.set_rows(
            [
                MembershipItem(
                    record.id,
                    MembershipData(
                        branch_id=record.branch_id,
                        kind=record.kind,
                        joined_on=record.joined_on,
                        notice_received_on=record.notice_received_on,
                        ended_on=record.ended_on,
                        end_reason=record.end_reason,
                    ),
                    record.branch_name,
                )
                for record in memberships
            ]
        )
        self.positions_model.set_rows(positions)
        self.positions_table.setVisible(bool(positions))
        self.positions_empty.setVisible(not positions)
        self.error.show_message(None)
        self._update_buttons()

    def pending(self) -> list[MembershipItem]:
        """Memberships added or changed since the card was loaded."""
        return [item for item in self.model.rows() if item.dirty]

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.table.currentIndex().isValid() and bool(self.model.rowCount()))

    # ------------------------------------------------------------------------------------------ dialog
    def add_membership(self) -> None:
        """Open the form for a new membership."""
        self._open_dialog(None)

    def edit_membership(self, row: int) -> None:
        """Open the form for the membership on ``row``."""
        if self.model.row_at(row) is not None:
            self._open_dialog(row)

    def _open_dialog(self, row: int | None) -> None:
        item = self.model.row_at(row) if row is not None else None
        dialog = MembershipDialog(self.branch_loader(), item.data if item else None, self)
        dialog.accepted.connect(lambda: self._dialog_accepted(dialog, row))
        self.dialog = dialog
        dialog.open()

    def _dialog_accepted(self, dialog: MembershipDialog, row: int | None) -> None:
        data = dialog.result_data
        if data is None:
            return
        rows = self.model.rows()
        if row is None:
            rows.insert(0, MembershipItem(None, data, dialog.branch_name(), dirty=True))
        else:
            previous = rows[row]
            if previous.data == data:
                return
            rows[row] = MembershipItem(previous.id, data, dialog.branch_name(), dirty=True)
        self.model.set_rows(rows)
        self.error.show_message(None)
        self._update_buttons()
        self.changed.emit()

    def show_error(self, field: str, message: str) -> bool:
        """Say why a membership was refused; False when the field is not about memberships."""
        if field not in ("branch", "ended_on", "end_reason", "joined_on"):
            return False
        self.error.show_message(message)
        self.table.setFocus()
        return True

    def select_row(self, row: int) -> QModelIndex:
        """Make ``row`` current (for keyboard use after a dialog, and for tests)."""
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        return index
