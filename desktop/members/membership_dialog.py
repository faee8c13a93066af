"""Adding or changing one membership (branch, kind, dates, end reason) from the member card."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import _
from db.members.models import END_REASON_LABELS, MEMBERSHIP_KIND_LABELS, EndReason, MembershipKind
from db.members.records import MembershipData
from desktop.shell.form_widgets import FieldError, OptionalDateEdit


class MembershipDialog(QDialog):
    """A form for one membership; :attr:`result_data` holds what was typed when it is accepted."""

    def __init__(
        self,
        branches: list[tuple[uuid.UUID, str]],
        data: MembershipData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.result_data: MembershipData | None = None
        self.branch_box = QComboBox()
        for branch_id, name in branches:
            self.branch_box.addItem(name, branch_id)
        self.kind_box = QComboBox()
        for kind in MembershipKind:
            self.kind_box.addItem(_(MEMBERSHIP_KIND_LABELS[kind]), kind)
        self.joined = OptionalDateEdit()
        self.notice = OptionalDateEdit()
        self.ended = OptionalDateEdit()
        self.reason_box = QComboBox()
        self.reason_box.addItem(_("(none)"), None)
        for reason in EndReason:
            self.reason_box.addItem(_(END_REASON_LABELS[reason]), reason)
        self.error = FieldError()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._labels = [QLabel() for _index in range(6)]
        for label, field in zip(
            self._labels,
            (self.branch_box, self.kind_box, self.joined, self.notice, self.ended, self.reason_box),
            strict=True,
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if data is not None:
            self._load(data)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Membership"))
        for label, text in zip(
            self._labels,
            (_("Branch"), _("Kind"), _("Joined"), _("Notice received"), _("Ended"), _("End reason")),
            strict=True,
        ):
            label.setText(text)
        self.notice.setToolTip(_("When the resignation or notice reached the office"))
        for widget in (self.joined, self.notice, self.ended):
            widget.retranslate()

    def _load(self, data: MembershipData) -> None:
        index = self.branch_box.findData(data.branch_id)
        self.branch_box.setCurrentIndex(max(0, index))
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(data.kind)))
        self.joined.set_value(data.joined_on)
        self.notice.set_value(data.notice_received_on)
        self.ended.set_value(data.ended_on)
        self.reason_box.setCurrentIndex(max(0, self.reason_box.findData(data.end_reason)))

    def membership_data(self) -> MembershipData | None:
        """What is typed, or None when no branch can be chosen."""
        branch_id = self.branch_box.currentData()
        if branch_id is None:
            return None
        return MembershipData(
            branch_id=branch_id,
            kind=self.kind_box.currentData(),
            joined_on=self.joined.value(),
            notice_received_on=self.notice.value(),
            ended_on=self.ended.value(),
            end_reason=self.reason_box.currentData(),
        )

    def branch_name(self) -> str:
        return str(self.branch_box.currentText())

    def accept(self) -> None:
        data = self.membership_data()
        # The same rules as db.members.operations, checked here so that the dialog stays open to fix them.
        if data is None:
            self.error.show_message(_("Add a branch first (in the Branches tab)."))
            return
        if data.joined_on and data.ended_on and data.ended_on < data.joined_on:
            self.error.show_message(_("The membership cannot end before it began."))
            return
        if data.ended_on and data.end_reason is None:
            self.error.show_message(_("Give the reason the membership ended."))
            return
        self.result_data = data
        super().accept()
