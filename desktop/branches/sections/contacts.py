"""The contact log: the district's visits, calls, meetings and messages with the branch, the newest first."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from db.branches.contact_log import ContactLogData, ContactLogRecord, add_contact, delete_contact, update_contact
from db.branches.detail import BranchDetail
from db.branches.work_models import CONTACT_LOG_KIND_LABELS, ContactLogKind
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _, format_day
from desktop.branches.forms import (
    FormDialog,
    date_edit,
    date_of,
    enum_combo,
    label_combo,
    save_change,
    select_data,
)
from desktop.branches.sections.section import Section, button_row, selected_row, table_of
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import ListColumn, OptionalDateEdit
from desktop.shell.messages import confirm, show_error


class ContactDialog(FormDialog):
    """Log a contact with the branch (``record`` None) or change a logged one."""

    def __init__(
        self,
        context: ShellContext,
        branch_id: uuid.UUID,
        record: ContactLogRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.branch_id = branch_id
        self.record = record
        self.contacted_on = date_edit(record.contacted_on if record else context.today())
        self.kind = enum_combo(ContactLogKind)
        select_data(self.kind, record.kind if record else ContactLogKind.PHONE_CALL)
        self.who = QLineEdit((record.who or "") if record else "")
        self.who.setMaxLength(300)
        self.notes = QPlainTextEdit((record.notes or "") if record else "")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self.follow_up_on = OptionalDateEdit()
        self.follow_up_on.set_value(record.follow_up_on if record else None)
        self.add_row("contacted_on", self.contacted_on)
        self.add_row("kind", self.kind)
        self.add_row("who", self.who)
        self.add_row("notes", self.notes)
        self.add_row("follow_up_on", self.follow_up_on)
        self.retranslate()
        self.who.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Edit contact") if self.record else _("Log a contact"))
        for key, text in (
            ("contacted_on", _("Date")),
            ("kind", _("Kind")),
            ("who", _("Who")),
            ("notes", _("Notes")),
            ("follow_up_on", _("Follow up on")),
        ):
            self.labels[key].setText(text)
        label_combo(self.kind, CONTACT_LOG_KIND_LABELS)
        self.who.setPlaceholderText(_("Who took part, for the district and for the branch"))
        self.follow_up_on.retranslate()

    def contact_data(self) -> ContactLogData:
        """What is typed."""
        return ContactLogData(
            contacted_on=date_of(self.contacted_on),
            kind=self.kind.currentData(),
            who=self.who.text() or None,
            notes=self.notes.toPlainText() or None,
            follow_up_on=self.follow_up_on.value(),
        )

    def save(self) -> None:
        data = self.contact_data()
        if self.record is None:
            branch_id = self.branch_id
            save_change(self.context, Label(N_("Log contact")), lambda session: add_contact(session, branch_id, data))
        else:
            entry_id = self.record.id
            save_change(
                self.context, Label(N_("Edit contact")), lambda session: update_contact(session, entry_id, data)
            )


class ContactsSection(Section):
    """The contact log with Log a contact…, Edit… and Delete."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model, self.view = table_of(
            [
                ListColumn[ContactLogRecord](N_("Date"), lambda row: format_day(row.contacted_on)),
                ListColumn[ContactLogRecord](N_("Kind"), lambda row: _(CONTACT_LOG_KIND_LABELS[row.kind])),
                ListColumn[ContactLogRecord](N_("Who"), lambda row: row.who or ""),
                ListColumn[ContactLogRecord](N_("Follow up on"), lambda row: format_day(row.follow_up_on)),
                ListColumn[ContactLogRecord](N_("Notes"), lambda row: row.notes or ""),
            ],
            self,
            tooltip=lambda row: row.notes,
        )
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_contact)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.delete_button))
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.add_button.setText(_("Log a contact…"))
        self.add_button.setToolTip(_("Note a visit, call, meeting or message with this branch"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Change the selected contact"))
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(_("Delete the selected contact; Edit ▸ Undo brings it back"))
        self.model.retranslate()

    def show_detail(self, detail: BranchDetail) -> None:
        super().show_detail(detail)
        self.model.set_rows(detail.contacts)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = selected_row(self.model, self.view) is not None
        self.add_button.setEnabled(self.detail is not None)
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def add_contact(self) -> None:
        """Log a new contact with the branch."""
        if self.detail is not None:
            ContactDialog(self.context, self.detail.id, None, self).exec()

    def edit_selected(self) -> None:
        """Change the selected contact."""
        record = selected_row(self.model, self.view)
        if record is not None and self.detail is not None:
            ContactDialog(self.context, self.detail.id, record, self).exec()

    def delete_selected(self) -> None:
        """Delete the selected contact after asking."""
        record = selected_row(self.model, self.view)
        if record is None:
            return
        question = _("Delete the contact of {day}?").format(day=format_day(record.contacted_on))
        if not confirm(self, _("Delete"), question + "\n" + _("You can undo this with Edit ▸ Undo."), _("Delete")):
            return
        try:
            save_change(self.context, Label(N_("Delete contact")), lambda session: delete_contact(session, record.id))
        except KansliError as error:
            show_error(self, _("Delete"), error)
