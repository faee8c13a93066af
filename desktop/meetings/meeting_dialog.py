"""New meeting… and Edit meeting…: the body, kind, day and times, place or link, notice, language and number.

A new meeting gets its attendance list from the body's positions of trust and its agenda from the template of its
kind, in its language (``db.meetings.meetings.create_meeting`` does both).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import time

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget
from sqlalchemy.orm import Session

from db.branches.models import BodyKind
from db.core.district import Language
from db.core.errors import ValidationError
from db.core.i18n import N_, Label, _
from db.meetings.meetings import create_meeting, update_meeting
from db.meetings.models import MEETING_KIND_LABELS, MeetingKind
from db.meetings.records import MeetingData, MeetingDetail
from desktop.branches.forms import FormDialog, date_edit, date_of, enum_combo, label_combo
from desktop.meetings.common import save_meeting_change
from desktop.meetings.fields import OptionalTimeEdit, select_value, text_box, unwrap_labels
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import OptionalDateEdit

LANGUAGE_LABELS = {Language.FI: N_("Finnish"), Language.SV: N_("Swedish"), Language.EN: N_("English")}


def meeting_data(detail: MeetingDetail) -> MeetingData:
    """What the edit dialog starts from: the meeting as it stands."""
    summary = detail.summary
    return MeetingData(
        body_id=summary.body_id,
        held_on=summary.held_on,
        kind=summary.kind,
        starts_at=summary.starts_at,
        ends_at=detail.ends_at,
        place=summary.place,
        online_link=summary.online_link,
        language=Language(detail.language),
        notice_sent_on=detail.notice_sent_on,
        number=summary.number,
        notes=detail.notes,
    )


class MeetingDialog(FormDialog):
    """Plan a meeting of a body, or change one (the body stays; a meeting moves to another body never)."""

    def __init__(
        self,
        context: ShellContext,
        bodies: Sequence[tuple[uuid.UUID, str, BodyKind]],
        data: MeetingData | None = None,
        meeting_id: uuid.UUID | None = None,
        *,
        body_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.meeting_id = meeting_id
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form.addRow(self.intro)
        self.body = QComboBox()
        for each_id, name, _kind in bodies:
            self.body.addItem(name, each_id)
        chosen_body = data.body_id if data is not None else body_id
        if chosen_body is None and bodies:
            # The district board first: it is the body that meets most.
            chosen_body = next((b for b, _n, kind in bodies if kind == BodyKind.DISTRICT_BOARD), bodies[0][0])
        select_value(self.body, chosen_body)
        self.body.setEnabled(meeting_id is None)
        self.kind = enum_combo(MeetingKind)
        self.held_on = date_edit(data.held_on if data else context.today())
        # A new meeting starts at six in the evening, as board meetings mostly do; its end is written afterwards.
        self.starts_at = OptionalTimeEdit(data.starts_at if data else time(18, 0))
        self.ends_at = OptionalTimeEdit(data.ends_at if data else None, default=time(20, 0))
        self.place = QLineEdit(data.place or "" if data else "")
        self.place.setMaxLength(200)
        self.online_link = QLineEdit(data.online_link or "" if data else "")
        self.online_link.setMaxLength(500)
        self.notice_sent_on = OptionalDateEdit()
        self.notice_sent_on.set_value(data.notice_sent_on if data else None)
        self.language = QComboBox()
        self.language.addItem("", None)
        for language in Language:
            self.language.addItem("", language)
        self.number = QSpinBox()
        self.number.setRange(0, 999)
        self.number.setValue(data.number or 0 if data else 0)
        self.notes = text_box(data.notes if data else None, lines=2, grow=False)
        if data is not None:
            select_value(self.kind, data.kind)
            select_value(self.language, data.language)
        self.add_row("body", self.body)
        self.add_row("kind", self.kind)
        self.add_row("held_on", self.held_on)
        self.add_row("starts_at", self.starts_at)
        self.add_row("ends_at", self.ends_at)
        self.add_row("place", self.place)
        self.add_row("online_link", self.online_link)
        self.add_row("notice_sent_on", self.notice_sent_on)
        self.add_row("language", self.language)
        self.add_row("number", self.number)
        self.add_row("notes", self.notes)
        self.setMinimumWidth(520)
        unwrap_labels(self.labels.values())
        self.retranslate()
        (self.kind if meeting_id is not None else self.body).setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        new = self.meeting_id is None
        self.setWindowTitle(_("New meeting") if new else _("Edit meeting"))
        self.intro.setText(
            _(
                "The body's members are put on the attendance list and the agenda starts from the template of the "
                "meeting's kind; both can be changed afterwards."
            )
            if new
            else ""
        )
        self.intro.setVisible(new)
        for key, text in (
            ("body", _("&Body")),
            ("kind", _("&Kind")),
            ("held_on", _("&Date")),
            ("starts_at", _("&Starts at")),
            ("ends_at", _("&Ends at")),
            ("place", _("&Place")),
            ("online_link", _("Online &link")),
            ("notice_sent_on", _("&Notice sent")),
            ("language", _("L&anguage of the papers")),
            ("number", _("N&umber")),
            ("notes", _("N&otes")),
        ):
            self.labels[key].setText(text)
        label_combo(self.kind, MEETING_KIND_LABELS)
        self.language.setItemText(0, _("The body's language"))
        for index in range(1, self.language.count()):
            self.language.setItemText(index, _(LANGUAGE_LABELS[self.language.itemData(index)]))
        self.number.setSpecialValueText(_("Next free number"))
        self.number.setToolTip(_("The meeting's number within the year, as in PH 5/2026"))
        self.place.setPlaceholderText(_("e.g. Vaasa, Työväentalo"))
        self.online_link.setPlaceholderText(_("For a meeting online or a hybrid one"))
        self.notice_sent_on.retranslate()
        self.notice_sent_on.setToolTip(_("The day the notice of the meeting went out; checked against the body's rule"))
        self.starts_at.retranslate()
        self.ends_at.retranslate()

    def data(self) -> MeetingData:
        """What is typed."""
        body_id = self.body.currentData()
        assert isinstance(body_id, uuid.UUID)
        return MeetingData(
            body_id=body_id,
            held_on=date_of(self.held_on),
            kind=self.kind.currentData(),
            starts_at=self.starts_at.value(),
            ends_at=self.ends_at.value(),
            place=self.place.text(),
            online_link=self.online_link.text(),
            language=self.language.currentData(),
            notice_sent_on=self.notice_sent_on.value(),
            number=self.number.value() or None,
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        if self.body.currentData() is None:
            raise ValidationError("body", _("Choose the body that meets."))
        data = self.data()
        existing = self.meeting_id

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                return create_meeting(session, data)
            update_meeting(session, existing, data)
            return existing

        label = Label(N_("New meeting")) if existing is None else Label(N_("Edit meeting"))
        self.meeting_id = save_meeting_change(self.context, label, work)
