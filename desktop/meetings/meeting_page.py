"""The head of a meeting's page: its code and body, when and where, what to look at, and the minutes' workflow.

Warnings (late notice, a checker who also chairs or keeps the minutes, no quorum at an item) come worded from
``db.meetings.detail`` in the current language; the page reads the meeting again when the language changes. While
the minutes are signed or approved, a line says that they are locked and how to change them.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.core.i18n import _, format_day
from db.meetings.common import MinutesLockedError
from db.meetings.models import MEETING_KIND_LABELS
from db.meetings.records import MeetingDetail
from desktop.meetings.common import WARNING_COLOR, WARNING_SIGN
from desktop.meetings.workflow_bar import WorkflowBar
from desktop.shell.context import ShellContext


def _clock(detail: MeetingDetail) -> str:
    start, end = detail.summary.starts_at, detail.ends_at
    if start is None:
        return ""
    text = f"{start.hour}.{start.minute:02d}"
    return f"{text}–{end.hour}.{end.minute:02d}" if end is not None else text


class MeetingHeader(QWidget):
    """Heading, facts, warnings, the workflow bar and the lock line of the meeting shown."""

    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: MeetingDetail | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_requested.emit)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_requested.emit)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(f"color: {WARNING_COLOR};")
        self.workflow = WorkflowBar(context)
        self.lock_line = QLabel()
        self.lock_line.setWordWrap(True)
        self.lock_line.setStyleSheet(
            "background: #fff8c5; border: 1px solid #d4a72c; border-radius: 4px; padding: 4px;"
        )
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.heading)
        text.addWidget(self.facts)
        top = QHBoxLayout()
        top.addLayout(text, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.warnings)
        layout.addWidget(self.workflow)
        layout.addWidget(self.lock_line)
        self.retranslate()

    def retranslate(self) -> None:
        self.edit_button.setText(_("Edit &meeting…"))
        self.edit_button.setToolTip(_("Change the meeting's date, times, place, kind, notice or number"))
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(
            _("Delete the meeting with its agenda and attendance; Edit ▸ Undo brings it back")
        )
        self.workflow.retranslate()
        self._show()

    def show_detail(self, detail: MeetingDetail | None) -> None:
        self.detail = detail
        self.workflow.show_detail(detail)
        self._show()

    def _show(self) -> None:
        detail = self.detail
        for button in (self.edit_button, self.delete_button):
            button.setVisible(detail is not None)
            button.setEnabled(detail is not None and not detail.locked)
        if detail is None:
            self.heading.setText(_("Choose a meeting"))
            self.facts.setText(_("Choose a meeting in the list to see its agenda, attendance and action items."))
            self.warnings.hide()
            self.lock_line.hide()
            return
        summary = detail.summary
        self.heading.setText(f"{summary.code} · {summary.body_name}")
        when = " ".join(part for part in (format_day(summary.held_on, style="full"), _clock(detail)) if part)
        facts = [_(MEETING_KIND_LABELS[summary.kind]), when]
        where = summary.place or summary.online_link
        facts.append(where or _("No place given"))
        if detail.notice_sent_on is not None:
            facts.append(_("notice sent {date}").format(date=format_day(detail.notice_sent_on)))
        self.facts.setText(" · ".join(facts))
        if detail.warnings:
            lines = "<br/>".join(WARNING_SIGN + html.escape(warning.message) for warning in detail.warnings)
            self.warnings.setText(lines)
            self.warnings.show()
        else:
            self.warnings.hide()
        if detail.locked:
            self.lock_line.setText(str(MinutesLockedError(summary.code, summary.state)))
            self.lock_line.show()
        else:
            self.lock_line.hide()
