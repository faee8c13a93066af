"""An action item a decision asks for: which decision, what is to be done, by whom and by when."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlalchemy.orm import Session

from db.core.errors import ValidationError
from db.core.i18n import N_, Label, _
from db.meetings.actions import add_action, update_action
from db.meetings.records import ActionData, ActionRecord, MeetingDetail
from desktop.branches.forms import FormDialog
from desktop.meetings.common import save_meeting_change
from desktop.meetings.fields import select_value, text_box, unwrap_labels
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import MemberPicker, OptionalDateEdit


class ActionDialog(FormDialog):
    """Add an action to one of the meeting's decisions, or change one."""

    def __init__(
        self,
        context: ShellContext,
        detail: MeetingDetail,
        action: ActionRecord | None = None,
        *,
        item_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.detail = detail
        self.action = action
        self.action_id = action.id if action else None
        self.item = QComboBox()
        for item in detail.items:
            self.item.addItem(f"{item.section_label} {item.title}", item.id)
        select_value(self.item, action.item_id if action else item_id)
        self.item.setEnabled(action is None)
        self.item.setMinimumContentsLength(30)
        self.item.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.text = text_box(action.text if action else None, lines=3)
        self.responsible = MemberPicker(context.database, context.today())
        self.responsible_name = QLineEdit()
        self.responsible_name.setMaxLength(200)
        if action is not None:
            if action.responsible_id is not None:
                self.responsible.set_member(action.responsible_id, action.responsible)
            else:
                self.responsible_name.setText(action.responsible)
        self.due_on = OptionalDateEdit()
        self.due_on.set_value(action.due_on if action else None)
        self.notes = text_box(action.notes if action else None, lines=2, grow=False)
        self.add_row("item", self.item, "action")
        self.add_row("text", self.text)
        self.add_row("responsible", self.responsible)
        self.add_row("responsible_name", self.responsible_name)
        self.add_row("due_on", self.due_on)
        self.add_row("notes", self.notes)
        self.setMinimumWidth(540)
        unwrap_labels(self.labels.values())
        self.retranslate()
        (self.text if action is not None or item_id is not None else self.item).setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New action item") if self.action is None else _("Edit action item"))
        for key, text in (
            ("item", _("&Decision")),
            ("text", _("&What is to be done")),
            ("responsible", _("&Responsible")),
            ("responsible_name", _("Or &name")),
            ("due_on", _("D&ue")),
            ("notes", _("N&otes")),
        ):
            self.labels[key].setText(text)
        self.responsible.setPlaceholderText(_("Type part of a name, a number or an e-mail address"))
        self.responsible_name.setPlaceholderText(_("Someone not in the register, e.g. the ombudsman"))
        self.due_on.retranslate()

    def data(self) -> ActionData:
        """What is typed (a member chosen wins over a name typed)."""
        member_id = self.responsible.chosen_id
        return ActionData(
            text=self.text.toPlainText(),
            responsible_id=member_id,
            responsible_name=None if member_id else self.responsible_name.text(),
            due_on=self.due_on.value(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        item_id = self.item.currentData()
        if item_id is None:
            raise ValidationError("item", _("Choose the decision that asks for the action."))
        data, existing = self.data(), self.action_id
        code = self.detail.summary.code

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                return add_action(session, item_id, data)
            update_action(session, existing, data)
            return existing

        label = (
            Label(N_("Add an action item to {meeting}"), meeting=code)
            if existing is None
            else Label(N_("Edit an action item of {meeting}"), meeting=code)
        )
        self.action_id = save_meeting_change(self.context, label, work)
