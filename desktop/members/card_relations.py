"""The godparent and household of a member, on the member card.

Both are chosen with a search-as-you-type member picker and kept until the card is saved.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.core.database import Database
from db.core.i18n import _
from db.members.records import PersonRef
from desktop.shell.form_widgets import FieldError, MemberPicker


class RelationsSection(QWidget):
    """Godparent (kummi / fadder) and household of one member."""

    changed = Signal()

    def __init__(self, database: Database, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member_id: uuid.UUID | None = None
        self.godparent_id: uuid.UUID | None = None
        self.godparent_dirty = False
        self._godparent_name = ""
        self.household_id: uuid.UUID | None = None
        self._household: list[PersonRef] = []
        self.join_id: uuid.UUID | None = None
        self._join_name = ""
        self.leave = False

        self.godparent_box = QGroupBox()
        self.godparent_picker = MemberPicker(database, today)
        self.godparent_picker.member_chosen.connect(self._godparent_chosen)
        self.clear_godparent_button = QPushButton()
        self.clear_godparent_button.clicked.connect(self._clear_godparent)
        self.godparent_label = QLabel()
        self.godparent_label.setBuddy(self.godparent_picker)
        self.godparent_error = FieldError()
        godparent_row = QHBoxLayout()
        godparent_row.addWidget(self.godparent_picker, 1)
        godparent_row.addWidget(self.clear_godparent_button)
        godparent_form = QFormLayout(self.godparent_box)
        godparent_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        godparent_form.addRow(self.godparent_label, godparent_row)
        godparent_form.addRow(self.godparent_error)

        self.household_box = QGroupBox()
        self.household_members = QLabel()
        self.household_members.setWordWrap(True)
        self.join_label = QLabel()
        self.join_picker = MemberPicker(database, today)
        self.join_picker.member_chosen.connect(self._join_chosen)
        self.join_label.setBuddy(self.join_picker)
        self.leave_button = QPushButton()
        self.leave_button.clicked.connect(self._leave)
        self.pending_label = QLabel()
        self.pending_label.setWordWrap(True)
        household_form = QFormLayout(self.household_box)
        household_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        household_form.addRow(self.household_members)
        household_form.addRow(self.join_label, self.join_picker)
        household_form.addRow(self.leave_button)
        household_form.addRow(self.pending_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.godparent_box)
        layout.addWidget(self.household_box)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.godparent_box.setTitle(_("Godparent"))
        self.godparent_label.setText(_("Godparent"))
        self.godparent_picker.setPlaceholderText(_("Type a name, number or phone to find the godparent"))
        self.godparent_picker.setToolTip(_("The member who brought this person in and helps them get started"))
        self.clear_godparent_button.setText(_("Clear"))
        self.clear_godparent_button.setToolTip(_("This person has no godparent"))
        self.household_box.setTitle(_("Household"))
        self.join_label.setText(_("Join the household of"))
        self.join_picker.setPlaceholderText(_("Type a name to find someone at the same address"))
        self.join_picker.setToolTip(_("People in one household get one copy of the member paper"))
        self.leave_button.setText(_("Leave the household"))
        self.leave_button.setToolTip(_("Take this person out of their household (saved with the card)"))
        self._show_household()

    def load(
        self,
        member_id: uuid.UUID | None,
        godparent: PersonRef | None,
        household_id: uuid.UUID | None,
        household: list[PersonRef],
    ) -> None:
        """Show a member's godparent and household (all empty for a new member)."""
        self.member_id = member_id
        self.godparent_id = godparent.id if godparent else None
        self._godparent_name = godparent.name if godparent else ""
        self.godparent_dirty = False
        self.godparent_picker.set_member(self.godparent_id, self._godparent_name)
        self.godparent_picker.exclude = {member_id} if member_id else set()
        self.household_id = household_id
        self._household = household
        self.join_id, self._join_name, self.leave = None, "", False
        self.join_picker.set_member(None, "")
        self.join_picker.exclude = {member_id} if member_id else set()
        self.godparent_error.show_message(None)
        self._show_household()

    def _show_household(self) -> None:
        others = [ref.name for ref in self._household if ref.id != self.member_id]
        if self.household_id is None:
            text = _("Not in a household.")
        elif others:
            text = _("Lives with: {names}").format(names=", ".join(others))
        else:
            text = _("In a household of one.")
        self.household_members.setText(text)
        self.leave_button.setEnabled(self.household_id is not None and not self.leave)
        if self.join_id is not None:
            self.pending_label.setText(_("Joins the household of {name} when you save.").format(name=self._join_name))
        elif self.leave:
            self.pending_label.setText(_("Leaves the household when you save."))
        else:
            self.pending_label.setText("")

    def _godparent_chosen(self, member_id: uuid.UUID) -> None:
        self.godparent_id = member_id
        self.godparent_dirty = True
        self.godparent_error.show_message(None)
        self.changed.emit()

    def _clear_godparent(self) -> None:
        self.godparent_picker.set_member(None, "")
        if self.godparent_id is not None:
            self.godparent_id = None
            self.godparent_dirty = True
            self.changed.emit()

    def _join_chosen(self, member_id: uuid.UUID) -> None:
        self.join_id = member_id
        self._join_name = self.join_picker.text()
        self.leave = False
        self._show_household()
        self.changed.emit()

    def _leave(self) -> None:
        self.leave = True
        self.join_id = None
        self.join_picker.set_member(None, "")
        self._show_household()
        self.changed.emit()

    def show_error(self, field: str, message: str) -> bool:
        """Say why the godparent was refused; False when the field is not about relations."""
        if field != "godparent":
            return False
        self.godparent_error.show_message(message)
        self.godparent_picker.setFocus()
        return True
