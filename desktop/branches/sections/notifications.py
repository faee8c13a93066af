"""The yearly officer notification (virkailijailmoitus) with its tick "our branch has onboarded its new officers"."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from db.branches.common import YEAR_MAX, YEAR_MIN
from db.branches.detail import BranchDetail
from db.branches.yearly import OfficerNotificationRecord, record_officer_notification
from db.core.i18n import N_, Label, _, format_day
from desktop.branches.forms import FormDialog, date_edit, date_of, save_change
from desktop.branches.sections.section import Section, button_row, selected_row, table_of
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import ListColumn

_MISSING_STYLE = "color: #cf222e;"


class NotificationDialog(FormDialog):
    """Record a year's officer notification, or change a recorded one (recording a year again replaces it)."""

    def __init__(
        self,
        context: ShellContext,
        branch_id: uuid.UUID,
        record: OfficerNotificationRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.branch_id = branch_id
        self.record = record
        self.year = QSpinBox()
        self.year.setRange(YEAR_MIN, YEAR_MAX)
        self.year.setValue(record.year if record else context.today().year)
        self.year.setEnabled(record is None)
        self.submitted_on = date_edit(record.submitted_on if record else context.today())
        self.onboarded = QCheckBox()
        self.onboarded.setChecked(bool(record and record.new_officers_onboarded))
        self.notes = QPlainTextEdit((record.notes or "") if record else "")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(70)
        self.add_row("year", self.year)
        self.add_row("submitted_on", self.submitted_on)
        self.add_row("new_officers_onboarded", self.onboarded)
        self.add_row("notes", self.notes)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Officer notification"))
        for key, text in (
            ("year", _("Year")),
            ("submitted_on", _("Received on")),
            ("new_officers_onboarded", _("Onboarding")),
            ("notes", _("Notes")),
        ):
            self.labels[key].setText(text)
        self.onboarded.setText(_("Our branch has onboarded its new officers"))

    def save(self) -> None:
        branch_id, year = self.branch_id, self.year.value()
        submitted_on, onboarded, notes = (
            date_of(self.submitted_on),
            self.onboarded.isChecked(),
            self.notes.toPlainText(),
        )
        save_change(
            self.context,
            Label(N_("Record officer notification")),
            lambda session: record_officer_notification(session, branch_id, year, submitted_on, onboarded, notes),
        )


def _onboarded_text(row: OfficerNotificationRecord) -> str:
    return _("Yes") if row.new_officers_onboarded else _("No")


class NotificationsSection(Section):
    """This year's notification (or that it has not come in) and the past years'."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.model, self.view = table_of(
            [
                ListColumn[OfficerNotificationRecord](N_("Year"), lambda row: str(row.year)),
                ListColumn[OfficerNotificationRecord](N_("Received on"), lambda row: format_day(row.submitted_on)),
                ListColumn[OfficerNotificationRecord](N_("New officers onboarded"), _onboarded_text),
                ListColumn[OfficerNotificationRecord](N_("Notes"), lambda row: row.notes or ""),
            ],
            self,
        )
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.record_button = QPushButton()
        self.record_button.clicked.connect(self.record_this_year)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.box = QGroupBox()
        box_layout = QVBoxLayout(self.box)
        box_layout.addWidget(self.status)
        box_layout.addWidget(self.view, 1)
        box_layout.addLayout(button_row(self.record_button, self.edit_button))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        self.retranslate()
        self._update_buttons()

    def this_year(self) -> OfficerNotificationRecord | None:
        """This year's notification, or None when it has not come in."""
        if self.detail is None:
            return None
        year = self.context.today().year
        return next((row for row in self.detail.officer_notifications if row.year == year), None)

    def retranslate(self) -> None:
        self.box.setTitle(_("Officer notification"))
        self.record_button.setText(_("Record notification…"))
        self.record_button.setToolTip(_("Record this year's officer notification (or change it)"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Change the selected year's notification"))
        self.model.retranslate()
        self._show_status()

    def show_detail(self, detail: BranchDetail) -> None:
        super().show_detail(detail)
        self.model.set_rows(detail.officer_notifications)
        self._show_status()
        self._update_buttons()

    def _show_status(self) -> None:
        current = self.this_year()
        year = self.context.today().year
        if current is None:
            text = _("The officer notification of {year} has not come in.").format(year=year)
        elif current.new_officers_onboarded:
            text = _("The notification of {year} came in on {day}; the new officers have been onboarded.").format(
                year=year, day=format_day(current.submitted_on)
            )
        else:
            text = _("The notification of {year} came in on {day}; onboarding of new officers is not ticked.").format(
                year=year, day=format_day(current.submitted_on)
            )
        self.status.setText(text)
        self.status.setStyleSheet(_MISSING_STYLE if current is None or not current.new_officers_onboarded else "")

    def _update_buttons(self) -> None:
        self.record_button.setEnabled(self.detail is not None)
        self.edit_button.setEnabled(selected_row(self.model, self.view) is not None)

    def record_this_year(self) -> None:
        """Record this year's notification (opening it for changes when it is already in)."""
        if self.detail is not None:
            NotificationDialog(self.context, self.detail.id, self.this_year(), self).exec()

    def edit_selected(self) -> None:
        """Change the selected year's notification."""
        record = selected_row(self.model, self.view)
        if record is not None and self.detail is not None:
            NotificationDialog(self.context, self.detail.id, record, self).exec()
