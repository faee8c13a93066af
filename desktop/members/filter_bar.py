"""The filters above the members table: branch, kind and status at hand, the rest under "More filters"."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QWidget,
)

from db.branches.models import POSITION_ROLE_LABELS, PositionRole
from db.core.i18n import _, current_language
from db.members.models import (
    CONSENT_PURPOSE_LABELS,
    MEMBERSHIP_KIND_LABELS,
    MEMBERSHIP_STATUS_LABELS,
    ConsentPurpose,
    MembershipKind,
    MembershipStatus,
)
from db.members.query import MemberFilter
from desktop.shell.widgets import qdate

_ANY = None


class QuickFilters(QWidget):
    """Branch, kind and status combos; emits the filter parts they set."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.branch_box = QComboBox()
        self.branch_box.setMinimumContentsLength(18)
        self.kind_box = QComboBox()
        self.status_box = QComboBox()
        for box in (self.branch_box, self.kind_box, self.status_box):
            box.currentIndexChanged.connect(lambda _index: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.branch_box)
        layout.addWidget(self.kind_box)
        layout.addWidget(self.status_box)
        self._branches: list[tuple[uuid.UUID, str]] = []
        self.retranslate()

    def set_branches(self, branches: list[tuple[uuid.UUID, str]]) -> None:
        """Offer these branches (id, name), keeping the current choice when it still exists."""
        self._branches = branches
        self._fill_branches()

    def branch_names(self) -> dict[uuid.UUID, str]:
        """The branches offered, by id."""
        return dict(self._branches)

    def _fill_branches(self) -> None:
        current = self.branch_box.currentData()
        self.branch_box.blockSignals(True)
        self.branch_box.clear()
        self.branch_box.addItem(_("All branches"), _ANY)
        for branch_id, name in self._branches:
            self.branch_box.addItem(name, branch_id)
        index = self.branch_box.findData(current)
        self.branch_box.setCurrentIndex(max(index, 0))
        self.branch_box.blockSignals(False)

    def retranslate(self) -> None:
        """Texts in the current language, keeping the choices."""
        self._fill_branches()
        for box, values, all_text in (
            (
                self.kind_box,
                [(kind, MEMBERSHIP_KIND_LABELS[kind]) for kind in MembershipKind],
                _("Members and supporters"),
            ),
            (
                self.status_box,
                [(status, MEMBERSHIP_STATUS_LABELS[status]) for status in MembershipStatus],
                _("Any status"),
            ),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(all_text, _ANY)
            for value, label in values:
                box.addItem(_(label), value)
            box.setCurrentIndex(max(box.findData(current), 0))
            box.blockSignals(False)
        self.branch_box.setToolTip(_("Only members of this branch"))
        self.kind_box.setToolTip(_("Members, supporters or both"))
        self.status_box.setToolTip(_("Status of the membership"))

    def apply_to(self, member_filter: MemberFilter) -> MemberFilter:
        """Return ``member_filter`` with the combos' choices in it."""
        branch = self.branch_box.currentData()
        kind = self.kind_box.currentData()
        status = self.status_box.currentData()
        # Qt hands combo data back as plain text: turn it into the enums again.
        return replace(
            member_filter,
            branch_ids=(branch,) if branch else (),
            kinds=(MembershipKind(kind),) if kind else (),
            statuses=(MembershipStatus(status),) if status else (),
        )

    def show_filter(self, member_filter: MemberFilter) -> None:
        """Set the combos from a (saved) filter without emitting changes."""
        for box, values in (
            (self.branch_box, member_filter.branch_ids),
            (self.kind_box, member_filter.kinds),
            (self.status_box, member_filter.statuses),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(values[0]) if values else 0, 0))
            box.blockSignals(False)


class MoreFiltersDialog(QDialog):
    """The filters used less often: interest, position, consent, phone and e-mail, join dates."""

    def __init__(
        self, member_filter: MemberFilter, interests: list[tuple[uuid.UUID, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("More filters"))
        self._base = member_filter
        self.interest_box = QComboBox()
        self.interest_box.addItem(_("Any interest"), _ANY)
        for interest_id, name in interests:
            self.interest_box.addItem(name, interest_id)
        if member_filter.interest_ids:
            self.interest_box.setCurrentIndex(max(self.interest_box.findData(member_filter.interest_ids[0]), 0))
        self.position_box = QComboBox()
        self.position_box.addItem(_("Anyone"), "")
        self.position_box.addItem(_("Holds any position of trust"), "any")
        for role in PositionRole:
            self.position_box.addItem(_(POSITION_ROLE_LABELS[role]), role.value)
        if member_filter.position_roles:
            self.position_box.setCurrentIndex(max(self.position_box.findData(member_filter.position_roles[0].value), 0))
        elif member_filter.has_position:
            self.position_box.setCurrentIndex(1)
        self.consent_box = QComboBox()
        self.consent_box.addItem(_("Any"), _ANY)
        for purpose in ConsentPurpose:
            self.consent_box.addItem(_(CONSENT_PURPOSE_LABELS[purpose]), purpose)
        if member_filter.consent:
            self.consent_box.setCurrentIndex(max(self.consent_box.findData(member_filter.consent), 0))
        self.phone_box = self._tristate(member_filter.has_phone, _("Has a usable phone"), _("Has no usable phone"))
        self.email_box = self._tristate(
            member_filter.has_email, _("Has a usable e-mail address"), _("Has no usable e-mail address")
        )
        self.joined_from_check = QCheckBox(_("Joined on or after"))
        self.joined_from = QDateEdit()
        self.joined_to_check = QCheckBox(_("Joined on or before"))
        self.joined_to = QDateEdit()
        for check, edit, value in (
            (self.joined_from_check, self.joined_from, member_filter.joined_from),
            (self.joined_to_check, self.joined_to, member_filter.joined_to),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(_("d.M.yyyy") if current_language() != "sv" else "yyyy-MM-dd")
            edit.setDate(qdate(value) if value else QDate.currentDate())
            check.setChecked(value is not None)
            edit.setEnabled(value is not None)
            check.toggled.connect(edit.setEnabled)
        form = QFormLayout(self)
        form.addRow(_("Volunteer interest"), self.interest_box)
        form.addRow(_("Position of trust"), self.position_box)
        form.addRow(_("Consent given"), self.consent_box)
        form.addRow(_("Phone"), self.phone_box)
        form.addRow(_("E-mail"), self.email_box)
        form.addRow(self.joined_from_check, self.joined_from)
        form.addRow(self.joined_to_check, self.joined_to)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Reset
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Apply"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        reset = buttons.button(QDialogButtonBox.StandardButton.Reset)
        reset.setText(_("Clear these filters"))
        reset.clicked.connect(self._reset)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @staticmethod
    def _tristate(value: bool | None, yes: str, no: str) -> QComboBox:
        box = QComboBox()
        box.addItem(_("Any"), _ANY)
        box.addItem(yes, True)
        box.addItem(no, False)
        box.setCurrentIndex({None: 0, True: 1, False: 2}[value])
        return box

    def _reset(self) -> None:
        for box in (self.interest_box, self.position_box, self.consent_box, self.phone_box, self.email_box):
            box.setCurrentIndex(0)
        self.joined_from_check.setChecked(False)
        self.joined_to_check.setChecked(False)

    def result_filter(self) -> MemberFilter:
        """The filter with this dialog's choices."""
        position = self.position_box.currentData()
        interest = self.interest_box.currentData()

        def day(check: QCheckBox, edit: QDateEdit) -> date | None:
            return edit.date().toPython() if check.isChecked() else None  # type: ignore[return-value]

        return replace(
            self._base,
            interest_ids=(interest,) if interest else (),
            has_position=position == "any",
            position_roles=(PositionRole(position),) if position not in ("", "any") else (),
            consent=ConsentPurpose(self.consent_box.currentData()) if self.consent_box.currentData() else None,
            has_phone=self.phone_box.currentData(),
            has_email=self.email_box.currentData(),
            joined_from=day(self.joined_from_check, self.joined_from),
            joined_to=day(self.joined_to_check, self.joined_to),
        )


def more_filters_count(member_filter: MemberFilter) -> int:
    """How many of the "more" filters are set (shown on the button)."""
    return sum(
        [
            bool(member_filter.interest_ids),
            bool(member_filter.position_roles) or member_filter.has_position,
            member_filter.consent is not None,
            member_filter.has_phone is not None,
            member_filter.has_email is not None,
            member_filter.joined_from is not None or member_filter.joined_to is not None,
            member_filter.awaiting_welcome_since is not None,
        ]
    )
