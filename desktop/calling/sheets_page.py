"""The Sheets page: a campaign's call sheets from printer to entry, and printing them through the preview."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from db.calling.callers import list_callers
from db.calling.models import SHEET_STATUS_LABELS, SheetStatus
from db.calling.phone_list import caller_sheet
from db.calling.printing import build_print_job, choose_sheets
from db.calling.sheets import SheetSummary, list_sheets, mark_printed, reassign_sheet, release_sheet, set_sheet_status
from db.core.i18n import N_, Label, _, format_count, format_day, format_moment, ngettext
from db.privacy.export_log import EXPORT_KIND_LABELS, ExportKind, record_export
from desktop.calling.common import save_calling_change
from desktop.calling.models import Column, SortedListModel, fit_columns, show_given_order
from desktop.members.contact_sheet_print import print_contact_sheet
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm, show_error
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.tasks import TaskProgress
from desktop.shell.widgets import DataTableView, EmptyState


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else ""


class SheetsPage(QWidget):
    """The sheets of one campaign; print, hand out, take back, reassign, release, and open for entry."""

    enter_requested = Signal(int)  # a sheet number

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.campaign_id: uuid.UUID | None = None
        self.model = SortedListModel[SheetSummary](
            [
                Column(N_("Sheet"), lambda row: str(row.number), key=lambda row: row.number, align_right=True),
                Column(N_("Caller"), lambda row: row.caller),
                Column(
                    N_("Status"),
                    lambda row: _(SHEET_STATUS_LABELS[row.status]),
                    key=lambda row: list(SheetStatus).index(row.status),
                ),
                Column(N_("Rows"), lambda row: str(row.rows), key=lambda row: row.rows, align_right=True),
                Column(
                    N_("Entered"),
                    lambda row: f"{row.entered} / {row.rows}",
                    key=lambda row: row.entered / row.rows if row.rows else 0,
                    align_right=True,
                ),
                Column(
                    N_("Reached"),
                    lambda row: _percent(row.reached, row.entered),
                    key=lambda row: row.reached / row.entered if row.entered else -1,
                    align_right=True,
                    tooltip=N_("The share of the entered rows whose member was reached"),
                ),
                Column(
                    N_("Printed"),
                    lambda row: format_moment(row.printed_at) if row.printed_at else "",
                    key=lambda row: row.printed_at or datetime.min.astimezone(),
                ),
                Column(
                    N_("Returned"),
                    lambda row: format_day(row.returned_on) if row.returned_on else "",
                    key=lambda row: row.returned_on.toordinal() if row.returned_on else 0,
                ),
            ],
            self,
            muted=lambda row: row.status == SheetStatus.ENTERED,
        )
        self.view = DataTableView()
        self.view.setModel(self.model)
        fit_columns(self.view, stretch=1)
        show_given_order(self.view)
        self.view.activated_row.connect(self._enter_row)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_selected)
        self.out_button = QPushButton()
        self.out_button.clicked.connect(lambda: self._set_status(SheetStatus.OUT))
        self.returned_button = QPushButton()
        self.returned_button.clicked.connect(lambda: self._set_status(SheetStatus.RETURNED))
        self.reassign_button = QPushButton()
        self.reassign_button.clicked.connect(self.reassign)
        self.release_button = QPushButton()
        self.release_button.clicked.connect(self.release)
        self.phone_list_button = QPushButton()
        self.phone_list_button.clicked.connect(self.print_phone_list)
        self.enter_button = QPushButton()
        self.enter_button.clicked.connect(lambda: self._enter_row(self.view.currentIndex().row()))
        buttons = QHBoxLayout()
        for button in (
            self.print_button,
            self.out_button,
            self.returned_button,
            self.reassign_button,
            self.release_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.phone_list_button)
        buttons.addWidget(self.enter_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.print_button.setText(_("Print…"))
        self.print_button.setToolTip(_("Print the selected sheets (all of them when none is selected)"))
        self.out_button.setText(_("Handed out"))
        self.out_button.setToolTip(_("The selected sheets are with their callers"))
        self.returned_button.setText(_("Returned"))
        self.returned_button.setToolTip(_("The selected sheets came back and wait to be typed in"))
        self.reassign_button.setText(_("Reassign…"))
        self.reassign_button.setToolTip(_("Give the selected sheet to another caller"))
        self.release_button.setText(_("Release…"))
        self.release_button.setToolTip(_("Take back the rows not yet entered, so those members return to the queue"))
        self.phone_list_button.setText(_("Phone list…"))
        self.phone_list_button.setToolTip(
            _("Print the selected sheet's caller a list of the people they have yet to call: names and numbers")
        )
        self.enter_button.setText(_("Enter results"))
        self.enter_button.setToolTip(_("Type in the outcomes of the selected sheet (Enter)"))
        self.model.retranslate()
        self.empty.set_content(
            _("No call sheets yet"),
            _("Deal the queue to callers on the Queue page; the sheets appear here, ready to print."),
            [],
        )

    def set_campaign(self, campaign_id: uuid.UUID | None) -> None:
        self.campaign_id = campaign_id
        self.reload()

    def reload(self) -> None:
        if self.campaign_id is None:
            self.model.set_rows([])
        else:
            with self.context.database.reading() as session:
                self.model.set_rows(list_sheets(session, self.campaign_id))
        self.stack.setCurrentWidget(self.view if self.model.rowCount() else self.empty)
        self._update_buttons()

    def selected(self) -> list[SheetSummary]:
        rows = [self.model.row_at(index.row()) for index in self.view.selectionModel().selectedRows()]
        return sorted((row for row in rows if row is not None), key=lambda row: row.number)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        open_sheets = [row for row in chosen if row.status != SheetStatus.ENTERED]
        self.print_button.setEnabled(self.model.rowCount() > 0)
        self.out_button.setEnabled(bool(open_sheets))
        self.returned_button.setEnabled(bool(open_sheets))
        self.reassign_button.setEnabled(len(open_sheets) == 1)
        self.release_button.setEnabled(len(open_sheets) == 1)
        self.enter_button.setEnabled(len(chosen) == 1)
        self.phone_list_button.setEnabled(len(chosen) == 1)

    def _enter_row(self, row: int) -> None:
        sheet = self.model.row_at(row)
        if sheet is not None:
            self.enter_requested.emit(sheet.number)

    # ------------------------------------------------------------------------------------------------ actions
    def print_phone_list(self) -> None:
        """A caller's phone list (of this campaign): a name and a number for each person they have yet to call."""
        chosen = self.selected()
        if len(chosen) != 1 or self.campaign_id is None:
            return
        caller_id, campaign_id = chosen[0].caller_id, self.campaign_id
        print_contact_sheet(
            self.context,
            self,
            lambda session: caller_sheet(session, caller_id, campaign_id=campaign_id),
            "phone-list.pdf",
        )

    def _set_status(self, status: SheetStatus) -> None:
        chosen = [row for row in self.selected() if row.status != SheetStatus.ENTERED]
        today = self.context.today()

        def work(session: object) -> None:
            for row in chosen:
                set_sheet_status(session, row.id, status, today)  # type: ignore[arg-type]

        label = Label(N_("Sheets handed out")) if status == SheetStatus.OUT else Label(N_("Sheets returned"))
        try:
            save_calling_change(self.context, label, work)
        except Exception as error:  # shown; nothing was written
            show_error(self, _("Call sheets"), error)

    def reassign(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        sheet = chosen[0]
        with self.context.database.reading() as session:
            callers = [caller for caller in list_callers(session) if caller.id != sheet.caller_id]
        if not callers:
            show_error(self, _("Reassign"), _("There is no other caller; add one with Callers…"))
            return
        names = [caller.name for caller in callers]
        name, accepted = QInputDialog.getItem(
            self, _("Reassign"), _("Give sheet {number} to:").format(number=sheet.number), names, 0, False
        )
        if not accepted:
            return
        caller_id = callers[names.index(name)].id
        try:
            save_calling_change(
                self.context,
                Label(N_("Reassign sheet {number}"), number=str(sheet.number)),
                lambda session: reassign_sheet(session, sheet.id, caller_id),
            )
        except Exception as error:  # shown; nothing was written
            show_error(self, _("Reassign"), error)

    def release(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        sheet = chosen[0]
        waiting = sheet.rows - sheet.entered
        if not confirm(
            self,
            _("Release"),
            ngettext(
                "Take back the {count} row of sheet {number} not yet entered? That member returns to the queue.",
                "Take back the {count} rows of sheet {number} not yet entered? Those members return to the queue.",
                waiting,
            ).format(count=waiting, number=sheet.number),
            _("Release"),
        ):
            return
        try:
            save_calling_change(
                self.context,
                Label(N_("Release sheet {number}"), number=str(sheet.number)),
                lambda session: release_sheet(session, sheet.id),
            )
        except Exception as error:  # shown; nothing was written
            show_error(self, _("Release"), error)

    def print_selected(self) -> None:
        """Print the selected sheets (or all) through the preview; the printing is logged and the sheets marked."""
        if self.campaign_id is None:
            return
        numbers = [row.number for row in self.selected()] or [row.number for row in self.model.rows()]
        if not numbers:
            return
        print_call_sheets(self.context, self, self.campaign_id, numbers)


def print_call_sheets(context: ShellContext, parent: QWidget, campaign_id: uuid.UUID, numbers: Sequence[int]) -> None:
    """Build the printout off the GUI thread, log it and mark the sheets printed, then open the preview."""
    title = _("Call sheets")
    database, today = context.database, context.today()

    def work(progress: TaskProgress) -> bytes:
        from reports.calling import build_call_sheets  # ReportLab loads when first printing

        with database.reading() as session:
            sheets = choose_sheets(session, campaign_id, numbers)
            job = build_print_job(session, campaign_id, sheets, today, datetime.now().astimezone())
        progress.check()
        pdf = build_call_sheets(job.printout)
        callers = ", ".join(sorted({sheet.caller for sheet in job.printout.sheets}))
        # Logged when the printout is made: from the preview it can be printed or saved.
        with database.transaction(Label(EXPORT_KIND_LABELS[ExportKind.CALL_SHEET])) as session:
            mark_printed(session, job.sheet_ids)
            record_export(
                session,
                ExportKind.CALL_SHEET,
                job.description,
                job.member_ids,
                recipient=Label(N_("Callers: {names}"), names=callers),
            )
        return pdf

    def show(pdf: bytes) -> None:
        context.events.calling_changed.emit()
        context.events.history_changed.emit()
        context.events.status_message.emit(
            ngettext("{count} call sheet printed.", "{count} call sheets printed.", len(numbers)).format(
                count=format_count(len(numbers))
            )
        )
        PdfPreviewDialog(pdf, title, "call-sheets.pdf", parent).exec()

    context.tasks.run(title, work, on_success=show, on_failure=lambda error: show_error(parent, title, error))
