"""Importing members from a CSV file or Excel workbook: choose the file, check its columns, check, then import.

A small wizard over :func:`db.members.io.import_members`. The check is that same import run as a dry run, so it
lists exactly the rows the import would refuse, before anything is written. The import is one transaction
("Import members from FILE"), so Edit ▸ Undo takes it back whole. Reading, checking and importing run as tasks
off the GUI thread; checking and importing show their progress and stop on Cancel.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from db.branches.models import Branch
from db.core.errors import KansliError
from db.core.i18n import N_, _
from db.members.io import Field, ImportOptions, ImportRefusedError, ImportReport, import_members
from db.members.io.headers import resolve_columns
from desktop.members.import_check_pages import CheckPage, ImportPage
from desktop.members.import_models import FilePreview, header_map_for, load_preview
from desktop.members.import_pages import ColumnsPage, FilePage, OptionsPage
from desktop.shell.context import ShellContext
from desktop.shell.tasks import TaskHandle, TaskProgress


class Page(enum.IntEnum):
    """The steps of the wizard, in order."""

    FILE = 0
    COLUMNS = 1
    OPTIONS = 2
    CHECK = 3
    IMPORT = 4


_PAGE_TITLES = {
    Page.FILE: N_("Choose the file"),
    Page.COLUMNS: N_("Which column is which"),
    Page.OPTIONS: N_("Options"),
    Page.CHECK: N_("Check before importing"),
    Page.IMPORT: N_("Import"),
}


class ImportState(enum.Enum):
    """Where the import itself is."""

    NOT_STARTED = enum.auto()
    RUNNING = enum.auto()
    STOPPING = enum.auto()
    DONE = enum.auto()
    CANCELLED = enum.auto()
    FAILED = enum.auto()


class ImportMembersDialog(QDialog):
    """The import wizard; open it with ``exec()``. :attr:`imported` holds the report once members are imported."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.preview: FilePreview | None = None
        self.check_report: ImportReport | None = None
        self.check_passed = False
        self.imported: ImportReport | None = None
        self.import_state = ImportState.NOT_STARTED
        self.load_task: TaskHandle | None = None
        self.check_task: TaskHandle | None = None
        self.import_task: TaskHandle | None = None
        self._load_generation = 0
        self._check_generation = 0
        self.setMinimumSize(760, 540)

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.file_page = FilePage()
        self.columns_page = ColumnsPage()
        self.options_page = OptionsPage()
        self.check_page = CheckPage()
        self.import_page = ImportPage()
        self.stack = QStackedWidget()
        for page in (self.file_page, self.columns_page, self.options_page, self.check_page, self.import_page):
            self.stack.addWidget(page)
        self.back_button = QPushButton()
        self.back_button.setAutoDefault(False)
        self.next_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setAutoDefault(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        self.file_page.file_chosen.connect(self.load_file)
        self.columns_page.changed.connect(self._choices_changed)
        self.options_page.changed.connect(self._choices_changed)
        self.columns_page.problem.show_text(lambda: self._columns_problem() or "")
        self.options_page.problem.show_text(lambda: self._options_problem() or "")
        self._load_branches()
        self.retranslate()
        self._update()

    # ------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_("Import members"))
        for page in (self.file_page, self.columns_page, self.options_page, self.check_page, self.import_page):
            page.retranslate()
        self.back_button.setText(_("&Back"))
        self.back_button.setToolTip(_("Go back a step; what you chose is kept"))
        self._update()

    def _update(self) -> None:
        """Set the title and the buttons for the page shown and what is valid on it."""
        page = Page(self.stack.currentIndex())
        self.title.setText(
            _("Step {number} of {count}: {title}").format(number=page + 1, count=len(Page), title=_(_PAGE_TITLES[page]))
        )
        self.columns_page.problem.retranslate()
        self.options_page.problem.retranslate()
        state = self.import_state
        self.back_button.setEnabled(
            page != Page.FILE and state not in (ImportState.RUNNING, ImportState.STOPPING, ImportState.DONE)
        )
        self.next_button.setVisible(page != Page.IMPORT)
        self.next_button.setEnabled(self._can_go_next())
        if page == Page.OPTIONS:
            self.next_button.setText(_("&Check"))
            self.next_button.setToolTip(_("Check the whole file against the register; nothing is written yet"))
        elif page == Page.CHECK:
            self.next_button.setText(_("&Import"))
            self.next_button.setToolTip(_("Import the members as checked; Edit ▸ Undo takes the import back"))
        else:
            self.next_button.setText(_("&Next"))
            self.next_button.setToolTip(_("Go on to the next step (Enter)"))
        finished = page == Page.IMPORT and state in (ImportState.DONE, ImportState.CANCELLED, ImportState.FAILED)
        self.cancel_button.setText(_("Close") if finished else _("Cancel"))
        self.cancel_button.setToolTip(
            _("Close this window") if finished else _("Stop without importing anything (Esc)")
        )
        self.cancel_button.setEnabled(state != ImportState.STOPPING)
        # Enter presses Next while there is one, and Close at the end.
        self.next_button.setDefault(page != Page.IMPORT)
        self.cancel_button.setDefault(page == Page.IMPORT)

    # -------------------------------------------------------------------------------------- navigation
    def _can_go_next(self) -> bool:
        page = Page(self.stack.currentIndex())
        if page == Page.FILE:
            return self.preview is not None and self.preview.row_count > 0
        if page == Page.COLUMNS:
            return self.preview is not None and self._columns_problem() is None
        if page == Page.OPTIONS:
            return self.preview is not None and self._options_problem() is None
        if page == Page.CHECK:
            report = self.check_report
            return self.check_passed and report is not None and report.created + report.updated > 0
        return False

    def go_next(self) -> None:
        """Go on to the next step (checking and importing start when their pages open)."""
        if not self._can_go_next():
            return
        page = Page(self.stack.currentIndex())
        self._show_page(Page(page + 1))
        if page == Page.OPTIONS:
            self._start_check()
        elif page == Page.CHECK:
            self._start_import()

    def go_back(self) -> None:
        """Go back a step; a check still running is stopped, and going back to the check runs it again."""
        page = Page(self.stack.currentIndex())
        if page == Page.FILE or self.import_state in (ImportState.RUNNING, ImportState.STOPPING, ImportState.DONE):
            return
        if page == Page.CHECK:
            self._stop_check()
        self._show_page(Page(page - 1))
        if page == Page.IMPORT:
            self.import_state = ImportState.NOT_STARTED
            self._start_check()

    def _show_page(self, page: Page) -> None:
        self.stack.setCurrentIndex(page)
        focus: dict[Page, QWidget] = {
            Page.FILE: self.file_page.browse_button,
            Page.OPTIONS: self.options_page.create_branches,
            Page.CHECK: self.next_button,
            Page.IMPORT: self.cancel_button,
        }
        enabled = [combo for combo in self.columns_page.combos if combo.isEnabled()]
        widget = enabled[0] if page == Page.COLUMNS and enabled else focus.get(page, self.next_button)
        self._update()
        widget.setFocus()

    def _cancel_clicked(self) -> None:
        if self.import_state == ImportState.DONE:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        """Cancel (Esc, the Cancel button, the window's close button): stop what runs; never half an import."""
        if self.import_state == ImportState.RUNNING and self.import_task is not None:
            # The dialog stays open until the task has stopped, so it can say that nothing was imported.
            self.import_task.cancel()
            self.import_state = ImportState.STOPPING
            self.import_page.show_stopping()
            self._update()
            return
        if self.import_state == ImportState.STOPPING:
            return
        self._stop_check()
        self._load_generation += 1  # a file still being read is of no interest any more
        super().reject()

    # ---------------------------------------------------------------------------------------- the file
    def load_file(self, path: Path) -> TaskHandle:
        """Read ``path`` for the preview (in a task; the returned handle says when it is done)."""
        path = Path(path)
        self._load_generation += 1
        generation = self._load_generation
        self.preview = None
        self.check_passed = False
        self.file_page.show_loading(path)
        self.load_task = self.context.tasks.run(
            _("Read the member list"),
            lambda _progress: load_preview(path),
            on_success=lambda preview: self._loaded(generation, preview),
            on_failure=lambda error: self._load_failed(generation, error),
            writes=False,
        )
        self._update()
        return self.load_task

    def _loaded(self, generation: int, preview: FilePreview) -> None:
        if generation != self._load_generation:
            return
        self.preview = preview
        self.file_page.show_loaded(preview)
        self.columns_page.set_preview(preview)
        self.options_page.set_source(preview.path)
        self._update()

    def _load_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._load_generation:
            return
        self.file_page.show_error(error)
        self._update()

    # ------------------------------------------------------------------------------ columns and options
    def header_map(self) -> dict[str, str]:
        """The columns whose field the user changed from what was detected, as :class:`ImportOptions` wants."""
        if self.preview is None:
            return {}
        return header_map_for(self.preview.headers, self.columns_page.choices())

    def import_options(self, *, dry_run: bool = False) -> ImportOptions:
        """The options as chosen in the dialog."""
        skip = self.options_page.skip_invalid.isChecked()
        return ImportOptions(
            dry_run=dry_run,
            skip_invalid=skip,
            rejects_path=self.options_page.rejects_path() if skip else None,
            create_branches=self.options_page.create_branches.isChecked(),
            header_map=self.header_map(),
            default_branch=self.options_page.default_branch_name(),
        )

    def _columns_problem(self) -> str | None:
        if self.preview is None:
            return None
        try:
            resolve_columns(self.preview.headers, self.header_map(), self.preview.path.name)
        except KansliError as error:
            return str(error)
        return None

    def _options_problem(self) -> str | None:
        if self.preview is None:
            return None
        if Field.BRANCH not in self.columns_page.choices() and self.options_page.default_branch_name() is None:
            return _(
                "The file has no column of branches. Choose its branch column in the previous step, "
                "or a default branch for every row here."
            )
        target = self.options_page.rejects_path()
        skip = self.options_page.skip_invalid.isChecked()
        if skip and target is not None and target.resolve() == self.preview.path.resolve():
            return _("The rows set aside cannot be written over the file being imported; choose another file.")
        return None

    def _choices_changed(self) -> None:
        self.check_passed = False
        self._update()

    def _load_branches(self) -> None:
        with self.context.database.reading() as session:
            names = session.execute(
                select(Branch.name).where(Branch.deleted_at.is_(None)).order_by(Branch.name)
            ).scalars()
            self.options_page.set_branches(list(names))

    # ----------------------------------------------------------------------------------- check, import
    def _run_import(self, label: str, options: ImportOptions, **callbacks: Callable[..., None]) -> TaskHandle:
        assert self.preview is not None
        database, path = self.context.database, self.preview.path

        def work(progress: TaskProgress) -> ImportReport:
            return import_members(database, path, options, progress.report, progress.cancel_event)

        return self.context.tasks.run(label, work, writes=not options.dry_run, **callbacks)

    def _stop_check(self) -> None:
        self._check_generation += 1
        if self.check_task is not None and not self.check_task.done:
            self.check_task.cancel()

    def _start_check(self) -> None:
        self._stop_check()
        generation = self._check_generation
        self.check_passed = False
        self.check_report = None
        self.check_page.show_checking(self.preview.path.name if self.preview is not None else "")

        def progressed(done: int, total: int, _text: str) -> None:
            # A check stopped by Back may still report; only the latest one moves the bar.
            if generation == self._check_generation:
                self.check_page.show_progress(done, total)

        self.check_task = self._run_import(
            _("Check the member list"),
            self.import_options(dry_run=True),
            on_success=lambda report: self._checked(generation, report, refused=False),
            on_failure=lambda error: self._check_failed(generation, error),
            on_progress=progressed,
        )
        self._update()

    def _check_failed(self, generation: int, error: BaseException) -> None:
        if isinstance(error, ImportRefusedError):
            self._checked(generation, error.report, refused=True)
        elif generation == self._check_generation:
            self.check_page.show_error(error)
            self._update()

    def _checked(self, generation: int, report: ImportReport, *, refused: bool) -> None:
        if generation != self._check_generation:
            return
        self.check_report = report
        self.check_passed = not refused
        self.check_page.show_report(report, self.import_options(), refused=refused)
        self._update()

    def _start_import(self) -> None:
        self.import_state = ImportState.RUNNING
        self.imported = None
        self.import_page.show_running(self.preview.path.name if self.preview is not None else "")
        self.import_task = self._run_import(
            _("Import members"),
            self.import_options(),
            on_success=self._import_done,
            on_failure=self._import_failed,
            on_progress=lambda done, total, _text: self.import_page.show_progress(done, total),
        )
        self.import_task.signals.cancelled.connect(self._import_cancelled)
        self._update()

    def _import_done(self, report: ImportReport) -> None:
        self.import_state = ImportState.DONE
        self.imported = report
        self.import_page.show_done(report)
        events = self.context.events
        events.members_changed.emit()
        if report.created_branches:
            events.branches_changed.emit()
        events.history_changed.emit()
        message = _("Imported members from {file}. Edit ▸ Undo takes the import back.")
        events.status_message.emit(message.format(file=report.path.name))
        self._update()

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, ImportRefusedError):
            # The register changed since the check: show what is wrong now, where the check shows it.
            self.import_state = ImportState.NOT_STARTED
            self._stop_check()
            self.stack.setCurrentIndex(Page.CHECK)
            self._checked(self._check_generation, error.report, refused=True)
            return
        self.import_state = ImportState.FAILED
        self.import_page.show_error(error)
        self._update()

    def _import_cancelled(self) -> None:
        self.import_state = ImportState.CANCELLED
        self.import_page.show_cancelled()
        self._update()
