"""The last pages of the import dialog: the check (what would happen, every problem row) and the import itself."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from db.core.i18n import _, format_count, ngettext
from db.members.io import ImportOptions, ImportReport
from desktop.members.import_models import ProblemsModel
from desktop.members.import_pages import TranslatedLabel, table_view
from desktop.members.import_report import check_details, check_status, error_text, import_summary


def _show_progress(bar: QProgressBar, done: int, total: int) -> None:
    if total > 0:
        bar.setRange(0, total)
        bar.setValue(done)


class CheckPage(QWidget):
    """What the import would do, and every row it would refuse, before anything is written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = TranslatedLabel()
        self.status.setStyleSheet("font-weight: 600;")
        self.progress = QProgressBar()
        self.details = TranslatedLabel()
        self.problems_title = TranslatedLabel()
        self.problems_model = ProblemsModel(self)
        self.problems_view = table_view()
        self.problems_view.setModel(self.problems_model)
        self.problems_view.verticalHeader().hide()
        self.problems_view.setColumnWidth(0, 60)
        self.problems_view.setColumnWidth(1, 140)
        self.problems_view.setColumnWidth(2, 160)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.details)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems_view, 1)

    def retranslate(self) -> None:
        self.problems_view.setToolTip(_("Correct these rows in the file and check again"))
        self.problems_model.retranslate()
        for label in (self.status, self.details, self.problems_title):
            label.retranslate()

    def show_checking(self, file_name: str) -> None:
        """Say that ``file_name`` is being checked, with a bar that moves once the size of the work is known."""
        self.status.show_text(lambda: _("Checking {file}… Nothing is written.").format(file=file_name))
        self.details.show_text(None)
        self.problems_title.show_text(None)
        self.problems_model.set_problems([])
        self.problems_view.hide()
        self.progress.setRange(0, 0)
        self.progress.show()

    def show_progress(self, done: int, total: int) -> None:
        _show_progress(self.progress, done, total)

    def show_report(self, report: ImportReport, options: ImportOptions, *, refused: bool) -> None:
        """Show what the check found: the counts, what stands in the way, and every problem row."""
        self.progress.hide()
        self.status.show_text(lambda: check_status(report, refused=refused))
        self.details.show_text(lambda: check_details(report, options, refused=refused))
        self.problems_model.set_problems(report.problems)
        self.problems_view.setVisible(bool(report.problems))
        count = len(report.problems)
        self.problems_title.show_text(
            lambda: (
                ngettext(
                    "{count} problem in the rows of the file:", "{count} problems in the rows of the file:", count
                ).format(count=format_count(count))
                if count
                else ""
            )
        )

    def show_error(self, error: BaseException) -> None:
        """Say that the file could not be checked, and why."""
        self.progress.hide()
        self.status.show_text(lambda: _("The file could not be checked."))
        self.details.show_text(lambda: error_text(error))


class ImportPage(QWidget):
    """The import running, with its progress; then what it did."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = TranslatedLabel()
        self.status.setStyleSheet("font-weight: 600;")
        self.progress = QProgressBar()
        self.summary = TranslatedLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.status.retranslate()
        self.summary.retranslate()

    def show_running(self, file_name: str) -> None:
        self.status.show_text(lambda: _("Importing {file}…").format(file=file_name))
        self.summary.show_text(lambda: _("Cancel stops the import; then nothing is imported."))
        self.progress.setRange(0, 0)
        self.progress.show()

    def show_progress(self, done: int, total: int) -> None:
        _show_progress(self.progress, done, total)

    def show_stopping(self) -> None:
        self.status.show_text(lambda: _("Stopping the import…"))

    def show_done(self, report: ImportReport) -> None:
        self.status.show_text(lambda: _("The members were imported."))
        self.summary.show_text(lambda: import_summary(report))

    def show_cancelled(self) -> None:
        self.progress.hide()
        self.status.show_text(lambda: _("The import was cancelled; nothing was imported."))
        self.summary.show_text(None)

    def show_error(self, error: BaseException) -> None:
        self.progress.hide()
        self.status.show_text(lambda: _("Nothing was imported."))
        self.summary.show_text(lambda: error_text(error))
