"""Merging two records of one person, from the member card.

The user picks the other record with the member search, sees both side by side, chooses which one to keep and
confirms. The merge runs in one transaction labelled "Merge members", so Edit ▸ Undo takes it back whole.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.core.errors import KansliError
from db.core.i18n import N_, Label, _, format_count
from db.members.merge import MergeSide, merge_members, merge_side
from db.members.models import MEMBERSHIP_STATUS_LABELS
from desktop.diagnostics import safe_traceback
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import MemberPicker
from desktop.shell.messages import confirm, show_error

log = logging.getLogger(__name__)

_ROWS = ("name", "number", "birth_year", "branch", "status", "city", "contacts", "memberships", "positions", "consents")


def _cell(side: MergeSide, key: str) -> str:
    values = {
        "name": side.name,
        "number": side.member_number or "",
        "birth_year": str(side.birth_year) if side.birth_year is not None else "",
        "branch": side.branch_name or "",
        "status": _(MEMBERSHIP_STATUS_LABELS[side.status]) if side.status else "",
        "city": side.city or "",
        "contacts": "\n".join(side.contacts),
        "memberships": format_count(side.memberships),
        "positions": format_count(side.positions),
        "consents": format_count(side.consents),
    }
    return values[key]


class MergeDialog(QDialog):
    """Choose the other record and which one to keep; :attr:`kept_id` is set once the merge is done."""

    def __init__(self, context: ShellContext, member_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.member_id = member_id
        self.other_id: uuid.UUID | None = None
        self.kept_id: uuid.UUID | None = None
        self._sides: list[MergeSide] = []
        self.setMinimumWidth(620)

        self.picker_label = QLabel()
        self.picker = MemberPicker(context.database, context.today())
        self.picker.exclude = {member_id}
        self.picker.member_chosen.connect(self.set_other)
        self.picker_label.setBuddy(self.picker)
        picker_form = QFormLayout()
        picker_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        picker_form.addRow(self.picker_label, self.picker)

        self.compare_box = QGroupBox()
        self.grid = QGridLayout(self.compare_box)
        self.keep_buttons = [QRadioButton(), QRadioButton()]
        self._keep_group = QButtonGroup(self)
        for column, button in enumerate(self.keep_buttons, start=1):
            self._keep_group.addButton(button, column - 1)
            self.grid.addWidget(button, 0, column)
        self.keep_buttons[0].setChecked(True)
        self.row_labels: dict[str, QLabel] = {}
        self.cells: dict[tuple[str, int], QLabel] = {}
        for row, key in enumerate(_ROWS, start=1):
            self.row_labels[key] = QLabel()
            self.grid.addWidget(self.row_labels[key], row, 0)
            for column in (1, 2):
                cell = QLabel()
                cell.setWordWrap(True)
                self.cells[(key, column - 1)] = cell
                self.grid.addWidget(cell, row, column)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = QPushButton()
        self.merge_button.setEnabled(False)
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(picker_form)
        layout.addWidget(self.compare_box, 1)
        layout.addWidget(self.explanation)
        layout.addWidget(self.buttons)
        self._load_sides()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Merge members"))
        self.picker_label.setText(_("The other record"))
        self.picker.setPlaceholderText(_("Type a name, number, phone or e-mail"))
        self.compare_box.setTitle(_("Which record do you keep?"))
        for button in self.keep_buttons:
            button.setText(_("Keep this one"))
        texts = {
            "name": _("Name"),
            "number": _("Member number"),
            "birth_year": _("Birth year"),
            "branch": _("Branch"),
            "status": _("Status"),
            "city": _("City"),
            "contacts": _("Phones and e-mail"),
            "memberships": _("Memberships"),
            "positions": _("Positions of trust"),
            "consents": _("Consent records"),
        }
        for key, label in self.row_labels.items():
            label.setText(texts[key])
        self.explanation.setText(
            _(
                "Everything of the other record — contacts, memberships, consents, interests, positions — moves to "
                "the one you keep, and the other one is removed. Empty fields of the kept record are filled in. "
                "Edit ▸ Undo undoes the merge."
            )
        )
        self.merge_button.setText(_("Merge"))
        self.merge_button.setToolTip(_("Merge the two records into the one chosen above"))

    def set_other(self, other_id: uuid.UUID) -> None:
        """Compare with ``other_id`` (what choosing in the search field does)."""
        if other_id == self.member_id:
            return
        self.other_id = other_id
        self._load_sides()

    def _load_sides(self) -> None:
        ids = [self.member_id] + ([self.other_id] if self.other_id else [])
        with self.context.database.reading() as session:
            self._sides = [merge_side(session, member_id, self.context.today()) for member_id in ids]
        for key in _ROWS:
            for column in (0, 1):
                side = self._sides[column] if column < len(self._sides) else None
                self.cells[(key, column)].setText(_cell(side, key) if side else "")
        self.keep_buttons[1].setEnabled(self.other_id is not None)
        self.merge_button.setEnabled(self.other_id is not None)

    def keep_and_remove(self) -> tuple[uuid.UUID, uuid.UUID] | None:
        """The ids (kept, removed) as chosen, or None while no other record is chosen."""
        if self.other_id is None:
            return None
        if self.keep_buttons[1].isChecked():
            return self.other_id, self.member_id
        return self.member_id, self.other_id

    def merge(self) -> None:
        """Ask once more, then merge in one undoable transaction."""
        chosen = self.keep_and_remove()
        if chosen is None:
            return
        keep, remove = chosen
        names = {side.id: side.name for side in self._sides}
        question = _("Merge {removed} into {kept}? The record of {removed} is removed.").format(
            removed=names.get(remove, ""), kept=names.get(keep, "")
        )
        if not confirm(self, _("Merge members"), question, _("Merge")):
            return
        try:
            with self.context.database.transaction(Label(N_("Merge members"))) as session:
                merge_members(session, keep, remove)
        except KansliError as error:
            show_error(self, _("Merge members"), error)
            return
        except Exception as error:  # shown to the user; the transaction was rolled back
            log.error("merging members failed:\n%s", safe_traceback(type(error), error, error.__traceback__))
            show_error(self, _("Merge members"), error)
            return
        self.kept_id = keep
        events = self.context.events
        events.members_changed.emit()
        events.member_changed.emit(keep)
        events.history_changed.emit()
        events.status_message.emit(_("Merged. Edit ▸ Undo separates them again."))
        self.accept()
