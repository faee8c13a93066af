"""The branch at the last chairs' meetings: present or absent, and the flag when it keeps staying away."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from db.branches.chairs_meetings import ABSENCE_LIMIT, ABSENCE_WINDOW, BranchAttendanceRecord
from db.branches.detail import BranchDetail
from db.core.i18n import N_, _, format_day
from desktop.branches.meeting_dialogs import ChairsMeetingsDialog
from desktop.branches.sections.section import Section, button_row, table_of
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import ListColumn

_FLAG_STYLE = "color: #cf222e; font-weight: 600;"


def presence_text(row: BranchAttendanceRecord) -> str:
    """Present, present through a stand-in, absent, or not counted (held before the branch was entered)."""
    if row.present:
        if row.represented_by:
            return _("Present (represented by {name})").format(name=row.represented_by)
        return _("Present")
    if not row.counted:
        return _("Not counted: before the branch was entered")
    return _("Absent")


class MeetingsSection(Section):
    """The branch's attendance over the last meetings, the absence flag, and the district's meeting list."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.flag = QLabel()
        self.flag.setWordWrap(True)
        self.flag.setStyleSheet(_FLAG_STYLE)
        self.flag.hide()
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.model, self.view = table_of(
            [
                ListColumn[BranchAttendanceRecord](N_("Date"), lambda row: format_day(row.held_on)),
                ListColumn[BranchAttendanceRecord](N_("Place"), lambda row: row.place or ""),
                ListColumn[BranchAttendanceRecord](N_("Attendance"), presence_text),
            ],
            self,
            italic=lambda row: not row.counted,
        )
        self.meetings_button = QPushButton()
        self.meetings_button.clicked.connect(self.show_meetings)
        layout = QVBoxLayout(self)
        layout.addWidget(self.flag)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.meetings_button))
        self.retranslate()

    def retranslate(self) -> None:
        self.flag.setText(
            _("Absent from {absent} of the last {window} chairs' meetings: contact the branch.").format(
                absent=ABSENCE_LIMIT, window=ABSENCE_WINDOW
            )
        )
        self.empty.setText(_("No chairs' meetings have been recorded yet."))
        self.meetings_button.setText(_("Chairs' meetings…"))
        self.meetings_button.setToolTip(_("Add a chairs' meeting and tick which branches were there"))
        self.model.retranslate()

    def show_detail(self, detail: BranchDetail) -> None:
        super().show_detail(detail)
        self.flag.setVisible(detail.repeatedly_absent)
        self.empty.setVisible(not detail.attendance)
        self.model.set_rows(detail.attendance)

    def is_flagged(self) -> bool:
        """Whether the branch is shown as repeatedly absent."""
        return self.detail is not None and self.detail.repeatedly_absent

    def show_meetings(self) -> None:
        """Open the district's list of chairs' meetings."""
        ChairsMeetingsDialog(self.context, self).exec()
