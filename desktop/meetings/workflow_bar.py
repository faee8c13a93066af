"""The minutes' workflow on the meeting's page: where the minutes stand, and the button for the next step.

Draft → Send to checkers → Signed… (day and place) → Approve; signed and approved minutes are locked, and
Reopen… takes them back to draft with a reason that is kept. The signed scan can be attached once signed.
"""

from __future__ import annotations

import html
import uuid
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.errors import ValidationError
from db.core.i18n import Label, _, format_day
from db.meetings.models import MINUTES_STATE_LABELS, MinutesState
from db.meetings.records import MeetingDetail
from db.meetings.workflow import (
    APPROVED_LABEL,
    REOPENED_LABEL,
    SCAN_LABEL,
    SEND_TO_CHECKERS_LABEL,
    SIGNED_LABEL,
    approve_minutes,
    attach_signed_scan,
    mark_signed,
    reopen_minutes,
    send_to_checkers,
)
from desktop.branches.forms import FormDialog, date_edit, date_of
from desktop.meetings.common import save_meeting_change, try_change
from desktop.meetings.fields import text_box, unwrap_labels
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error


class SignedDialog(FormDialog):
    """Record the day and place the checkers and the chair signed the minutes."""

    def __init__(self, context: ShellContext, detail: MeetingDetail, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.detail = detail
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form.addRow(self.intro)
        self.signed_on = date_edit(max(context.today(), detail.summary.held_on))
        # The place of signing is usually the town of the meeting: "Vaasa" of "Vaasa, Työväentalo".
        self.place = QLineEdit((detail.summary.place or "").split(",")[0].strip())
        self.place.setMaxLength(200)
        self.add_row("on", self.signed_on)
        self.add_row("place", self.place)
        unwrap_labels(self.labels.values())
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Minutes signed"))
        self.intro.setText(
            _("The minutes of {meeting} are locked once signed; a change after that needs them reopened.").format(
                meeting=self.detail.summary.code
            )
        )
        self.labels["on"].setText(_("Signed &on"))
        self.labels["place"].setText(_("&Place"))

    def save(self) -> None:
        meeting_id, on, place = self.detail.summary.id, date_of(self.signed_on), self.place.text()
        save_meeting_change(
            self.context,
            Label(SIGNED_LABEL, meeting=self.detail.summary.code),
            lambda session: mark_signed(session, meeting_id, on, place),
        )


class ReopenDialog(FormDialog):
    """Take signed or approved minutes back to draft; the reason is kept with them and printed on the draft."""

    def __init__(self, context: ShellContext, detail: MeetingDetail, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.detail = detail
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form.addRow(self.intro)
        self.reason = text_box(lines=3, grow=False)
        self.add_row("reason", self.reason)
        unwrap_labels(self.labels.values())
        self.setMinimumWidth(480)
        self.retranslate()
        self.reason.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Reopen the minutes"))
        self.intro.setText(
            _(
                "A correction of approved minutes is usually a decision at a later meeting. Reopen the minutes of "
                "{meeting} only to correct the minutes themselves; they go to the checkers and are signed again."
            ).format(meeting=self.detail.summary.code)
        )
        self.labels["reason"].setText(_("&Reason"))
        self.reason.setPlaceholderText(_("e.g. a name was misspelt in 4 §"))
        self.buttons.button(self.buttons.StandardButton.Ok).setText(_("Reopen"))

    def save(self) -> None:
        meeting_id, reason, today = self.detail.summary.id, self.reason.toPlainText(), self.context.today()
        save_meeting_change(
            self.context,
            Label(REOPENED_LABEL, meeting=self.detail.summary.code),
            lambda session: reopen_minutes(session, meeting_id, reason, today),
        )


class WorkflowBar(QWidget):
    """The minutes' state and dates, the next step's button, and the printing buttons."""

    print_requested = Signal(str)  # desktop.meetings.printing.AGENDA or MINUTES

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: MeetingDetail | None = None
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.send_button = QPushButton()
        self.send_button.clicked.connect(self.send_to_checkers)
        self.signed_button = QPushButton()
        self.signed_button.clicked.connect(self.mark_signed)
        self.approve_button = QPushButton()
        self.approve_button.clicked.connect(self.approve)
        self.reopen_button = QPushButton()
        self.reopen_button.clicked.connect(self.reopen)
        self.scan_button = QPushButton()
        self.scan_button.clicked.connect(self.attach_scan)
        self.agenda_button = QPushButton()
        self.agenda_button.clicked.connect(lambda: self.print_requested.emit("agenda"))
        self.minutes_button = QPushButton()
        self.minutes_button.clicked.connect(lambda: self.print_requested.emit("minutes"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state, 1)
        for button in (
            self.send_button,
            self.signed_button,
            self.approve_button,
            self.reopen_button,
            self.scan_button,
        ):
            layout.addWidget(button)
        layout.addSpacing(12)
        layout.addWidget(self.agenda_button)
        layout.addWidget(self.minutes_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.send_button.setText(_("Send to chec&kers"))
        self.send_button.setToolTip(_("The draft minutes go to the minute checkers today"))
        self.signed_button.setText(_("Si&gned…"))
        self.signed_button.setToolTip(
            _("The checkers and the chair have signed: record the day; this locks the minutes")
        )
        self.approve_button.setText(_("A&pprove"))
        self.approve_button.setToolTip(_("Record the signed minutes as approved today"))
        self.reopen_button.setText(_("&Reopen…"))
        self.reopen_button.setToolTip(_("Take the minutes back to draft to correct them; the reason is kept"))
        self.scan_button.setText(_("Attach scan…"))
        self.scan_button.setToolTip(_("Keep the scanned, signed minutes (a PDF) with the meeting"))
        self.agenda_button.setText(_("Print agen&da"))
        self.agenda_button.setToolTip(_("The invitation with the agenda, in the meeting's language"))
        self.minutes_button.setText(_("Print minu&tes"))
        self.minutes_button.setToolTip(_("The minutes, marked as a draft until they are signed (File ▸ Print)"))
        self._show()

    def show_detail(self, detail: MeetingDetail | None) -> None:
        self.detail = detail
        self._show()

    def _show(self) -> None:
        detail = self.detail
        state = detail.summary.state if detail else None
        self.send_button.setVisible(state == MinutesState.DRAFT)
        self.signed_button.setVisible(state == MinutesState.CHECKING)
        self.approve_button.setVisible(state == MinutesState.SIGNED)
        self.reopen_button.setVisible(state in (MinutesState.SIGNED, MinutesState.APPROVED))
        self.scan_button.setVisible(state in (MinutesState.SIGNED, MinutesState.APPROVED))
        for button in (self.agenda_button, self.minutes_button):
            button.setEnabled(detail is not None)
        if detail is None or state is None:
            self.state.setText("")
            return
        parts = [_("Minutes: {state}").format(state=_(MINUTES_STATE_LABELS[state]))]
        for text, day in (
            (_("sent {date}"), detail.sent_to_checkers_on),
            (_("signed {date}"), detail.signed_on),
            (_("approved {date}"), detail.approved_on),
        ):
            if day is not None:
                parts.append(text.format(date=format_day(day)))
        if detail.scan_file_name:
            parts.append(_("scan attached"))
        if detail.reopened_on is not None and not detail.locked:
            parts.append(
                _("reopened {date}: {reason}").format(
                    date=format_day(detail.reopened_on), reason=detail.reopen_reason or ""
                )
            )
        first, rest = html.escape(parts[0]), html.escape(", ".join(parts[1:]))
        self.state.setText(f"<b>{first}</b>" + (f" · {rest}" if rest else ""))

    # ---------------------------------------------------------------------------------------------- the steps
    def _code(self) -> str:
        return self.detail.summary.code if self.detail else ""

    def send_to_checkers(self) -> None:
        detail = self.detail
        if detail is None:
            return
        meeting_id, today = detail.summary.id, self.context.today()
        try_change(
            self,
            _("Send to checkers"),
            self.context,
            Label(SEND_TO_CHECKERS_LABEL, meeting=self._code()),
            lambda session: send_to_checkers(session, meeting_id, today),
        )

    def mark_signed(self) -> None:
        if self.detail is not None:
            SignedDialog(self.context, self.detail, self).exec()

    def approve(self) -> None:
        detail = self.detail
        if detail is None:
            return
        meeting_id, today = detail.summary.id, self.context.today()
        try_change(
            self,
            _("Approve"),
            self.context,
            Label(APPROVED_LABEL, meeting=self._code()),
            lambda session: approve_minutes(session, meeting_id, today),
        )

    def reopen(self) -> None:
        if self.detail is not None:
            ReopenDialog(self.context, self.detail, self).exec()

    def attach_scan(self) -> None:
        detail = self.detail
        if detail is None:
            return
        name, _filter = QFileDialog.getOpenFileName(self, _("Attach scan"), str(Path.home()), _("PDF files (*.pdf)"))
        if name:
            self.attach_file(detail.summary.id, Path(name))

    def attach_file(self, meeting_id: uuid.UUID, path: Path) -> bool:
        """Keep the PDF at ``path`` as the meeting's signed scan; True when it was kept."""
        try:
            content = path.read_bytes()
        except OSError as error:
            reason = ValidationError("scan", _("The file could not be read: {reason}").format(reason=error.strerror))
            show_error(self, _("Attach scan"), reason)
            return False

        def work(session: Session) -> None:
            attach_signed_scan(session, meeting_id, path.name, content, utcnow())

        return try_change(self, _("Attach scan"), self.context, Label(SCAN_LABEL, meeting=self._code()), work)
