"""Positions of trust in a branch: adding one (a member, a body, a role, dates) and ending one."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget
from sqlalchemy.orm import Session

from db.branches.models import POSITION_ROLE_LABELS, BodyKind, PositionRole
from db.branches.operations import (
    BodyData,
    PositionData,
    PositionRecord,
    add_position,
    create_body,
    end_position,
    list_bodies,
)
from db.core.errors import ValidationError
from db.core.i18n import N_, Label, _, format_day
from desktop.branches.forms import FormDialog, date_edit, date_of, enum_combo, label_combo, save_change, select_data
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import MemberPicker, OptionalDateEdit


class AddPositionDialog(FormDialog):
    """Give a member a role in one of the branch's bodies; the branch board is created on first use."""

    def __init__(
        self,
        context: ShellContext,
        branch_id: uuid.UUID,
        role: PositionRole | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.branch_id = branch_id
        self.position_id: uuid.UUID | None = None
        self.member = MemberPicker(context.database, context.today())
        self.body = QComboBox()
        with context.database.reading() as session:
            bodies = list_bodies(session, branch_id)
        for body_id, name, _kind in bodies:
            self.body.addItem(name, body_id)
        # No body yet: the branch board is made when the first position is saved (data None means "create").
        self._new_board = not bodies
        if self._new_board:
            self.body.addItem("", None)
        self.role = enum_combo(PositionRole)
        if role is not None:
            select_data(self.role, role)
        self.starts_on = date_edit(context.today())
        self.ends_on = OptionalDateEdit()
        self.notes = QLineEdit()
        self.add_row("member", self.member)
        self.add_row("body", self.body, "branch")
        self.add_row("role", self.role)
        self.add_row("starts_on", self.starts_on)
        self.add_row("ends_on", self.ends_on)
        self.add_row("notes", self.notes)
        self.retranslate()
        self.member.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add position"))
        for key, text in (
            ("member", _("Member")),
            ("body", _("Body")),
            ("role", _("Role")),
            ("starts_on", _("From")),
            ("ends_on", _("Until")),
            ("notes", _("Notes")),
        ):
            self.labels[key].setText(text)
        self.member.setPlaceholderText(_("Type part of a name, a number or an e-mail address"))
        if self._new_board:
            self.body.setItemText(0, _("Branch board (created now)"))
        label_combo(self.role, POSITION_ROLE_LABELS)
        self.ends_on.retranslate()

    def position_data(self, member_id: uuid.UUID, body_id: uuid.UUID) -> PositionData:
        """What is typed, for a member and body already resolved."""
        return PositionData(
            member_id=member_id,
            body_id=body_id,
            role=self.role.currentData(),
            starts_on=date_of(self.starts_on),
            ends_on=self.ends_on.value(),
            notes=self.notes.text().strip() or None,
        )

    def save(self) -> None:
        member_id = self.member.chosen_id
        if member_id is None:
            raise ValidationError("member", _("Choose a member from the list that opens as you type."))
        chosen_body: uuid.UUID | None = self.body.currentData()
        branch_id = self.branch_id

        def work(session: Session) -> uuid.UUID:
            body_id = chosen_body
            if body_id is None:
                body_id = create_body(
                    session, BodyData(name=_("Branch board"), kind=BodyKind.BRANCH_BOARD, branch_id=branch_id)
                )
            return add_position(session, self.position_data(member_id, body_id))

        self.position_id = save_change(self.context, Label(N_("Add position")), work)


class EndPositionDialog(FormDialog):
    """Set the last day of a position of trust."""

    def __init__(self, context: ShellContext, position: PositionRecord, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.position = position
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)
        self.ends_on = date_edit(max(context.today(), position.starts_on))
        self.add_row("ends_on", self.ends_on)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("End position"))
        self.summary.setText(
            _("{name}: {role} in {body}, since {start}").format(
                name=self.position.member_name,
                role=_(POSITION_ROLE_LABELS[self.position.role]),
                body=self.position.body_name,
                start=format_day(self.position.starts_on),
            )
        )
        self.labels["ends_on"].setText(_("Last day"))

    def save(self) -> None:
        position_id, ends_on = self.position.id, date_of(self.ends_on)
        save_change(
            self.context, Label(N_("End position")), lambda session: end_position(session, position_id, ends_on)
        )
