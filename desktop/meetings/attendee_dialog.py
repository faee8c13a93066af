"""A person on a meeting's attendance list: a member of the register or a name, role, attendance, arrival, departure.

Arrival and departure are chosen as items, the way a secretary notes them ("arrived during 4 §", "left after
9 §"), and stored as the § numbers of the first and last item the person was present for.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlalchemy.orm import Session

from db.core.i18n import N_, Label, _
from db.meetings.attendance import ROLE_ORDER, add_attendee, update_attendee
from db.meetings.models import ATTENDANCE_STATUS_LABELS, ATTENDEE_ROLE_LABELS, AttendanceStatus, AttendeeRole
from db.meetings.records import AttendeeData, AttendeeRecord, MeetingDetail
from desktop.branches.forms import FormDialog, enum_combo, label_combo
from desktop.meetings.common import save_meeting_change
from desktop.meetings.fields import item_choices, select_value, unwrap_labels
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import MemberPicker


def _section_combo(choices: list[tuple[int, str]], chosen: int | None) -> QComboBox:
    box = QComboBox()
    box.addItem("", None)
    for section, text in choices:
        box.addItem(text, section)
    if chosen is not None and all(box.itemData(index) != chosen for index in range(box.count())):
        box.addItem(f"§ {chosen}", chosen)  # a § the agenda no longer has: kept, so saving changes nothing
    select_value(box, chosen)
    box.setMinimumContentsLength(18)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


class AttendeeDialog(FormDialog):
    """Add a person to the attendance list, or change one's role, attendance, arrival and departure."""

    def __init__(
        self,
        context: ShellContext,
        detail: MeetingDetail,
        attendee: AttendeeRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.detail = detail
        self.attendee = attendee
        self.attendee_id = attendee.id if attendee else None
        self.member = MemberPicker(context.database, context.today())
        self.member.exclude = {
            person.member_id
            for person in detail.attendees
            if person.member_id is not None and (attendee is None or person.id != attendee.id)
        }
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        if attendee is not None:
            if attendee.member_id is not None:
                self.member.set_member(attendee.member_id, attendee.name)
            else:
                self.name.setText(attendee.name)
        self.role = enum_combo(ROLE_ORDER)
        select_value(self.role, attendee.role if attendee else AttendeeRole.GUEST)
        self.status = enum_combo(AttendanceStatus)
        select_value(self.status, attendee.status if attendee else AttendanceStatus.PRESENT)
        choices = item_choices(detail.items)
        self.from_section = _section_combo(choices, attendee.from_section if attendee else None)
        self.to_section = _section_combo(choices, attendee.to_section if attendee else None)
        self.note = QLineEdit(attendee.note or "" if attendee else "")
        self.note.setMaxLength(200)
        self.status.currentIndexChanged.connect(lambda _index: self._enable_sections())
        self.add_row("member", self.member)
        self.add_row("name", self.name)
        self.add_row("role", self.role)
        self.add_row("status", self.status)
        self.add_row("from_section", self.from_section)
        self.add_row("to_section", self.to_section)
        self.add_row("note", self.note)
        self.setMinimumWidth(500)
        unwrap_labels(self.labels.values())
        self._enable_sections()
        self.retranslate()
        self.member.setFocus()

    def _enable_sections(self) -> None:
        present = self.status.currentData() == AttendanceStatus.PRESENT
        self.from_section.setEnabled(present)
        self.to_section.setEnabled(present)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add a person") if self.attendee is None else _("Edit attendance"))
        for key, text in (
            ("member", _("&Member")),
            ("name", _("Or &name")),
            ("role", _("&Role")),
            ("status", _("&Attendance")),
            ("from_section", _("&Present from")),
            ("to_section", _("Present &until")),
            ("note", _("N&ote")),
        ):
            self.labels[key].setText(text)
        self.member.setPlaceholderText(_("Type part of a name, a number or an e-mail address"))
        self.name.setPlaceholderText(_("Someone not in the register, e.g. the ombudsman or a guest"))
        label_combo(self.role, ATTENDEE_ROLE_LABELS)
        label_combo(self.status, ATTENDANCE_STATUS_LABELS)
        self.from_section.setItemText(0, _("The start of the meeting"))
        self.to_section.setItemText(0, _("The end of the meeting"))
        self.from_section.setToolTip(_("The first item the person was present for (a late arrival)"))
        self.to_section.setToolTip(_("The last item the person was present for (left early)"))
        self.note.setPlaceholderText(_("e.g. youth league representative"))

    def data(self) -> AttendeeData:
        """What is typed (a member chosen wins over a name typed)."""
        present = self.status.currentData() == AttendanceStatus.PRESENT
        return AttendeeData(
            member_id=self.member.chosen_id,
            name=None if self.member.chosen_id else self.name.text(),
            role=self.role.currentData(),
            status=self.status.currentData(),
            from_section=self.from_section.currentData() if present else None,
            to_section=self.to_section.currentData() if present else None,
            note=self.note.text(),
        )

    def save(self) -> None:
        data = self.data()
        meeting_id, existing = self.detail.summary.id, self.attendee_id
        code = self.detail.summary.code

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                return add_attendee(session, meeting_id, data)
            update_attendee(session, existing, data)
            return existing

        label = (
            Label(N_("Add a person to {meeting}"), meeting=code)
            if existing is None
            else Label(N_("Edit attendance at {meeting}"), meeting=code)
        )
        self.attendee_id = save_meeting_change(self.context, label, work)
