"""The Progress page: how far a campaign has come, per branch and per caller, and the welcome calls' speed."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from db.calling.progress import (
    WELCOME_WITHIN_DAYS,
    BranchProgress,
    CallerProgress,
    CampaignProgress,
    WelcomeSpeed,
    branch_counts,
    campaign_progress,
    export_progress,
    welcome_speed,
)
from db.core.i18n import N_, _, format_count
from desktop.calling.models import Column, SortedListModel, fit_columns, show_given_order
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.tasks import TaskProgress
from desktop.shell.widgets import DataTableView


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "–"


class ProgressPage(QWidget):
    """Figures of one campaign; export them to XLSX."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.campaign_id: uuid.UUID | None = None
        self.progress: CampaignProgress | None = None
        self.speed: WelcomeSpeed | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.branches = SortedListModel[BranchProgress](
            [
                Column(N_("Branch"), lambda row: row.name),
                Column(
                    N_("Members"),
                    lambda row: format_count(row.targeted),
                    key=lambda row: row.targeted,
                    align_right=True,
                ),
                Column(
                    N_("Called"), lambda row: format_count(row.called), key=lambda row: row.called, align_right=True
                ),
                Column(
                    N_("Called %"),
                    lambda row: _share(row.called, row.targeted),
                    key=lambda row: row.called_share,
                    align_right=True,
                ),
                Column(
                    N_("Reached %"),
                    lambda row: _share(row.reached, row.targeted),
                    key=lambda row: row.reached_share,
                    align_right=True,
                ),
                Column(
                    N_("Takes part"),
                    lambda row: _("yes") if row.takes_part else _("not yet"),
                    key=lambda row: row.takes_part,
                ),
            ],
            self,
            muted=lambda row: not row.takes_part,
        )
        self.branch_view = DataTableView()
        self.branch_view.setModel(self.branches)
        fit_columns(self.branch_view)
        show_given_order(self.branch_view)
        self.callers = SortedListModel[CallerProgress](
            [
                Column(N_("Caller"), lambda row: row.name),
                Column(N_("Sheets"), lambda row: str(row.sheets), key=lambda row: row.sheets, align_right=True),
                Column(N_("Rows"), lambda row: str(row.rows), key=lambda row: row.rows, align_right=True),
                Column(N_("Entered"), lambda row: str(row.entered), key=lambda row: row.entered, align_right=True),
                Column(N_("Reached"), lambda row: str(row.reached), key=lambda row: row.reached, align_right=True),
            ],
            self,
        )
        self.caller_view = DataTableView()
        self.caller_view.setModel(self.callers)
        fit_columns(self.caller_view)
        show_given_order(self.caller_view)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        # One above the other: both tables get the page's whole width, so branch names are not cut short.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.branch_view)
        splitter.addWidget(self.caller_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.export_button.setText(_("Export to XLSX…"))
        self.export_button.setToolTip(_("The campaign's figures, per branch and per caller, as a workbook"))
        self.branches.retranslate()
        self.callers.retranslate()
        self._show_summary()

    def set_campaign(self, campaign_id: uuid.UUID | None) -> None:
        self.campaign_id = campaign_id
        self.reload()

    def reload(self) -> None:
        campaign_id = self.campaign_id
        if campaign_id is None:
            self.progress = None
            self.branches.set_rows([])
            self.callers.set_rows([])
            self._show_summary()
            return
        database, today = self.context.database, self.context.today()

        def work(_progress: TaskProgress) -> tuple[CampaignProgress, WelcomeSpeed]:
            with database.reading() as session:
                progress = campaign_progress(session, campaign_id, today)
                # New members of the last year, and whether they were called within 14 days of joining.
                start, end = today - timedelta(days=365), today - timedelta(days=WELCOME_WITHIN_DAYS)
                speed = welcome_speed(session, start, end)
            return progress, speed

        self.context.tasks.run(
            _("Progress"),
            work,
            writes=False,
            on_success=self._show,
            on_failure=lambda error: show_error(self, _("Progress"), error),
        )

    def _show(self, result: tuple[CampaignProgress, WelcomeSpeed]) -> None:
        progress, speed = result
        if progress.campaign_id != self.campaign_id:
            return
        self.progress, self.speed = progress, speed
        self.branches.set_rows(progress.branches)
        self.callers.set_rows(progress.callers)
        self._show_summary()

    def _show_summary(self) -> None:
        progress = self.progress
        self.export_button.setEnabled(progress is not None)
        if progress is None:
            self.summary.setText("")
            return
        taking_part, total = branch_counts(progress)
        lines = [
            _("{called} of {targeted} members called ({called_share}), {reached} reached ({reached_share}).").format(
                called=format_count(progress.called),
                targeted=format_count(progress.targeted),
                called_share=_share(progress.called, progress.targeted),
                reached=format_count(progress.reached),
                reached_share=_share(progress.reached, progress.targeted),
            ),
            _("Branches taking part: {count} of {total}.").format(count=taking_part, total=total)
            + (" " + _("Every branch takes part!") if progress.all_branches_take_part else ""),
        ]
        if self.speed is not None and self.speed.joined:
            lines.append(
                _(
                    "New members of the last year called within {days} days of joining: {count} of {joined} ({share})."
                ).format(
                    days=WELCOME_WITHIN_DAYS,
                    count=format_count(self.speed.called_in_time),
                    joined=format_count(self.speed.joined),
                    share=_share(self.speed.called_in_time, self.speed.joined),
                )
            )
        self.summary.setText("\n".join(lines))

    def export(self) -> None:
        progress = self.progress
        if progress is None:
            return
        suggested = str(Path.home() / f"{progress.name}.xlsx")
        name, _filter = QFileDialog.getSaveFileName(self, _("Export to XLSX"), suggested, _("Workbooks (*.xlsx)"))
        if not name:
            return
        target = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        try:
            export_progress(progress, target, self.speed)
        except Exception as error:  # shown to the user
            show_error(self, _("Export to XLSX"), error)
            return
        self.context.events.status_message.emit(_("Progress exported to {path}.").format(path=target))
