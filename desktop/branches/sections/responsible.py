"""The four responsible persons seed 001 asks every branch to name, and who holds each task today.

A task nobody holds is flagged in red with an Assign… button beside it, so filling the gap is one click away.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from db.branches.detail import BranchDetail
from db.branches.models import POSITION_ROLE_LABELS, PositionRole
from db.branches.overview import RESPONSIBLE_ROLES
from db.core.i18n import _

_MISSING_STYLE = "color: #cf222e; font-weight: 600;"


class ResponsiblePersons(QGroupBox):
    """One line per responsible task: the task, who holds it (or "Nobody" in red) and Assign…."""

    assign_requested = Signal(object)
    """The user wants to give a task to someone (the PositionRole)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role_labels: dict[PositionRole, QLabel] = {}
        self.holder_labels: dict[PositionRole, QLabel] = {}
        self.assign_buttons: dict[PositionRole, QPushButton] = {}
        self._missing: set[PositionRole] = set()
        grid = QGridLayout(self)
        for row, role in enumerate(RESPONSIBLE_ROLES):
            title = QLabel()
            title.setWordWrap(True)
            holder = QLabel()
            holder.setWordWrap(True)
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, chosen=role: self.assign_requested.emit(chosen))
            grid.addWidget(title, row, 0)
            grid.addWidget(holder, row, 1)
            grid.addWidget(button, row, 2)
            self.role_labels[role], self.holder_labels[role], self.assign_buttons[role] = title, holder, button
        grid.setColumnStretch(1, 1)
        self._holders: dict[PositionRole, str] = {}
        self.retranslate()

    def show_detail(self, detail: BranchDetail, today: date) -> None:
        """Show who holds each task on ``today``."""
        self._missing = set(detail.missing_roles)
        names: dict[PositionRole, list[str]] = {role: [] for role in RESPONSIBLE_ROLES}
        for position in detail.current_positions:
            if (
                position.role in names
                and position.is_current(today)
                and position.member_name not in names[position.role]
            ):
                names[position.role].append(position.member_name)
        self._holders = {role: ", ".join(found) for role, found in names.items()}
        self._show_holders()

    def missing_roles(self) -> set[PositionRole]:
        """The tasks shown as held by nobody."""
        return set(self._missing)

    def retranslate(self) -> None:
        self.setTitle(_("Responsible persons"))
        for role in RESPONSIBLE_ROLES:
            self.role_labels[role].setText(_(POSITION_ROLE_LABELS[role]))
            self.assign_buttons[role].setText(_("Assign…"))
            self.assign_buttons[role].setToolTip(
                _("Give the task “{task}” to a member of the branch").format(task=_(POSITION_ROLE_LABELS[role]))
            )
        self._show_holders()

    def _show_holders(self) -> None:
        for role in RESPONSIBLE_ROLES:
            label = self.holder_labels[role]
            missing = role in self._missing
            # The property lets tests and style sheets see the flag without reading colours.
            label.setProperty("missing", missing)
            label.setStyleSheet(_MISSING_STYLE if missing else "")
            label.setText(_("Nobody") if missing else self._holders.get(role, ""))
            label.setToolTip(_("Nobody holds this task today; Assign… gives it to a member.") if missing else "")
