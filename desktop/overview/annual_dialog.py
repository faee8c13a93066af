"""The annual conference report from the window: choose the period and language, then preview or save it.

The report holds figures only (no names or contacts), so nothing goes into the export log.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from db.annual.report import annual_report
from db.annual.shape import AnnualReport
from db.core.district import get_district
from db.core.i18n import LANGUAGES, _
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.pdf_preview import PdfPreviewDialog
from desktop.shell.tasks import TaskProgress
from desktop.shell.widgets import qdate

_LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}


def last_year(today: date) -> tuple[date, date]:
    """The calendar year before ``today``'s: the period an annual conference usually reports on."""
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


class AnnualReportDialog(QDialog):
    """Period, language and what to make (a PDF to preview or a workbook to save)."""

    PDF, WORKBOOK = 0, 1

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Annual conference report"))
        start, end = last_year(context.today())
        self.start = QDateEdit(qdate(start))
        self.end = QDateEdit(qdate(end))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
        self.language = QComboBox()
        with context.database.reading() as session:
            district_language = get_district(session).language.value
        for code in LANGUAGES:
            self.language.addItem(_LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(district_language)))
        self.kind = QComboBox()
        self.kind.addItem(_("PDF with charts (preview)"), self.PDF)
        self.kind.addItem(_("Workbook, a sheet per section (XLSX)"), self.WORKBOOK)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("&From"), self.start)
        form.addRow(_("&To"), self.end)
        form.addRow(_("&Language"), self.language)
        form.addRow(_("&Make"), self.kind)
        hint = QLabel(_("The report holds figures only: no names or contact details of members."))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Make the report"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def period(self) -> tuple[date, date]:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return start, end

    def accept(self) -> None:
        start, end = self.period()
        if end < start:
            self.error.setText(_("The period ends before it starts."))
            self.end.setFocus()
            return
        super().accept()


def make_annual_report(context: ShellContext, parent: QWidget) -> None:
    """Ask for the period; gather the report off the GUI thread; preview the PDF or save the workbook."""
    dialog = AnnualReportDialog(context, parent)
    if not dialog.exec():
        return
    start, end = dialog.period()
    language = str(dialog.language.currentData())
    workbook = dialog.kind.currentData() == AnnualReportDialog.WORKBOOK
    title = _("Annual conference report")
    target: Path | None = None
    if workbook:
        suggested = str(Path.home() / f"annual-report-{start.isoformat()}-{end.isoformat()}.xlsx")
        name, _filter = QFileDialog.getSaveFileName(parent, title, suggested, _("Workbooks (*.xlsx)"))
        if not name:
            return
        target = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
    database = context.database

    def work(progress: TaskProgress) -> bytes | Path:
        with database.reading() as session:
            report: AnnualReport = annual_report(session, start, end)
        progress.check()
        if target is not None:
            from db.annual.workbook import write_annual_workbook

            write_annual_workbook(report, target, language)
            return target
        from reports.annual import build_annual_report  # ReportLab loads when first printing

        return build_annual_report(report, language)

    def done(result: bytes | Path) -> None:
        if isinstance(result, Path):
            saved = _("The annual conference report was saved to {path}.").format(path=result)
            context.events.status_message.emit(saved)
            return
        PdfPreviewDialog(result, title, f"annual-report-{start.year}.pdf", parent).exec()

    context.tasks.run(
        title, work, writes=False, on_success=done, on_failure=lambda error: show_error(parent, title, error)
    )
