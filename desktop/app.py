"""Starting the window: first run, opening a database, and switching between databases.

The :class:`Launcher` owns the one main window. It decides what to open (``--db``, ``KANSLI_DB``, the last file, or
the welcome window), opens it interactively, and replaces the main window when the user opens another file or
restores a backup — the window never replaces its own database.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QWidget

from db.core.backup import daily_backup_if_due, restore_backup
from db.core.database import Database
from db.core.errors import CorruptDatabaseError, KansliError
from db.core.i18n import _, language_from_environment
from db.core.keys import DataKey, KeyringStore
from db.core.opening import remember_key, resolve_key
from db.core.paths import data_dir, default_database_path
from db.setup import create_district
from desktop.diagnostics import configure_logging, safe_traceback
from desktop.shell.backup_actions import RestoreDialog
from desktop.shell.context import ShellContext
from desktop.shell.crash import CrashReporter
from desktop.shell.events import AppEvents
from desktop.shell.key_dialogs import RecoveryKeyDialog
from desktop.shell.languages import LanguageSwitcher
from desktop.shell.main_window import MainWindow
from desktop.shell.messages import show_error
from desktop.shell.opening import DatabaseOpener, OpenResult
from desktop.shell.tabs import registered_tabs
from desktop.shell.tasks import TaskProgress, TaskRunner
from desktop.shell.ui_state import APPLICATION, ORGANIZATION, UiState
from desktop.shell.welcome import CreateDistrictDialog, WelcomeChoice, WelcomeWindow
from resources import resource_path

log = logging.getLogger(__name__)

DEMO_FILENAME = "demo.db"
DEMO_MEMBERS = 2000


_heap_frozen = False


def freeze_startup_heap() -> None:
    """Put what the start-up made (modules, Qt wrappers, the schema) out of the garbage collector's sight, once.

    A full collection walks every tracked object, and with the start-up's 130 000 in view each one paused the
    program for 75–80 ms at a random moment: a keystroke in the search field then took twice as long. Those objects
    live as long as the program, so walking them again would never free anything.
    """
    global _heap_frozen
    if not _heap_frozen:
        _heap_frozen = True
        gc.freeze()


class Launcher(QObject):
    """Chooses, opens and switches databases; holds the main window."""

    def __init__(
        self,
        app: QApplication,
        version: str,
        keystore: KeyringStore | None = None,
        ui_state: UiState | None = None,
    ) -> None:
        super().__init__(app)
        self.app = app
        self.version = version
        self.keystore = keystore or KeyringStore()
        self.ui_state = ui_state or UiState()
        self.languages = LanguageSwitcher(app)
        self.tasks = TaskRunner(self)
        self.window: MainWindow | None = None
        self.welcome: WelcomeWindow | None = None
        self.languages.apply(self.ui_state.language() or language_from_environment())

    # ------------------------------------------------------------------------------------------- start
    def start(self, requested: Path | None) -> None:
        """Open ``requested``, the last database, or the default one; show the welcome window if there is none."""
        candidates = [requested] if requested else [self.ui_state.last_database(), default_database_path()]
        for path in candidates:
            if path is not None and path.exists():
                self.open_path(path)
                return
        if requested is not None:
            show_error(None, _("Open a database"), _("There is no database at {path}.").format(path=requested))
        self.show_welcome()

    def read_package_when_open(self, path: Path) -> None:
        """Open the Sync window on ``path`` once a database is open (the user still decides to import it)."""
        window = self.window
        if window is None:
            show_error(
                None,
                _("Read a package"),
                _("Open the district's database first, then read the package with File ▸ Sync with the party office."),
            )
            return
        from desktop.sync.indicator import open_sync_window

        sync_window = open_sync_window(window.context, window)
        QTimer.singleShot(0, lambda: sync_window.read_package(path))  # type: ignore[attr-defined]

    def show_welcome(self) -> None:
        if self.welcome is None:
            self.welcome = WelcomeWindow()
            self.welcome.chosen.connect(self._welcome_choice)
            self.welcome.language_chosen.connect(self.switch_language)
        self.welcome.show()
        self.welcome.raise_()

    def _welcome_choice(self, choice: WelcomeChoice) -> None:
        if choice is WelcomeChoice.CREATE:
            self.create_district()
        elif choice is WelcomeChoice.OPEN:
            self.ask_and_open()
        else:
            self.open_demo()

    def _dialog_parent(self) -> QWidget | None:
        return self.window or self.welcome

    # ------------------------------------------------------------------------------------------ actions
    def create_district(self) -> None:
        """Ask for the district, create its database, show the recovery key, then the main window."""
        dialog = CreateDistrictDialog(self._dialog_parent())
        if not dialog.exec():
            return
        settings = dialog.settings()
        try:
            database, key, stored = create_district(dialog.database_path(), settings, self.keystore)
        except KansliError as error:
            show_error(self._dialog_parent(), _("Create my district"), error)
            return
        except OSError as error:
            show_error(self._dialog_parent(), _("Create my district"), error.strerror or str(error))
            return
        RecoveryKeyDialog(key, settings.name, str(database.path), stored, self._dialog_parent()).exec()
        self.show_main(database)

    def ask_and_open(self) -> None:
        """Ask for a file and open it."""
        start = self.ui_state.last_database() or default_database_path()
        name, _filter = QFileDialog.getOpenFileName(
            self._dialog_parent(), _("Open a database"), str(start.parent), _("Kansli databases (*.db);;All files (*)")
        )
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> None:
        """Open a database interactively; on success it replaces the one in the main window."""
        if self.window is not None and self.window.context.database.path == path.expanduser().resolve():
            return
        # The current database stays open until the new one has opened: a failed attempt loses nothing.
        opener = DatabaseOpener(self.keystore, self._dialog_parent())
        database, result = opener.open(path)
        if database is not None:
            self.show_main(database)
            return
        if result is OpenResult.OPEN_OTHER:
            self.ask_and_open()
        elif result is OpenResult.RESTORE:
            self._restore_damaged(path, opener.failed_key)
        if self.window is None and self.welcome is None:
            self.show_welcome()

    def open_demo(self) -> None:
        """Open the demo district, creating it first (with progress) if it does not exist yet."""
        path = data_dir() / DEMO_FILENAME
        if path.exists():
            self.open_path(path)
            return
        from db.demo import DEMO_DISTRICT, generate_demo

        try:
            database, key, stored = create_district(path, DEMO_DISTRICT, self.keystore)
        except (KansliError, OSError) as error:
            show_error(self._dialog_parent(), _("Demo district"), error)
            return
        progress = QProgressDialog(
            _("Creating the demo district…"), _("Cancel"), 0, DEMO_MEMBERS, self._dialog_parent()
        )
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(0)

        def work(task: TaskProgress) -> object:
            def report(done: int, total: int) -> None:
                task.check()
                task.report(done, total)

            return generate_demo(database, members=DEMO_MEMBERS, progress=report)

        def finished_ok(_summary: object) -> None:
            progress.close()
            if not stored:
                RecoveryKeyDialog(
                    key,
                    DEMO_DISTRICT.name,
                    str(database.path),
                    stored,
                    self._dialog_parent(),
                    require_confirmation=False,
                ).exec()
            self.show_main(database)

        def failed(error: BaseException) -> None:
            progress.close()
            database.close()
            path.unlink(missing_ok=True)
            show_error(self._dialog_parent(), _("Demo district"), error)

        handle = self.tasks.run(
            _("Demo district"),
            work,
            on_success=finished_ok,
            on_failure=failed,
            on_progress=lambda done, total, _message: show_progress(progress, done, total),
        )
        progress.canceled.connect(handle.cancel)
        handle.signals.cancelled.connect(lambda: failed(KansliError(_("Creating the demo district was cancelled."))))

    # --------------------------------------------------------------------------------------- the window
    def show_main(self, database: Database) -> None:
        """Show the main window for ``database`` (closing the previous one)."""
        self._close_current()
        self.ui_state.add_recent_file(database.path)
        context = ShellContext(database, AppEvents(), self.tasks, self.ui_state, self.keystore)
        window = MainWindow(context, registered_tabs(), self.version)
        window.open_requested.connect(lambda path: self.open_path(path) if path else self.ask_and_open())
        window.new_requested.connect(self.create_district)
        window.restore_requested.connect(self.restore)
        window.language_requested.connect(self.switch_language)
        window.setWindowIcon(self.app.windowIcon())
        self.window = window
        window.show()
        QTimer.singleShot(0, freeze_startup_heap)
        if self.welcome is not None:
            self.welcome.close()
            self.welcome = None
        if database.recovered_from_crash:
            context.events.status_message.emit(_("Kansli was not closed properly last time; the database is fine."))
        self._daily_backup(context)

    def _close_current(self) -> Path | None:
        window, self.window = self.window, None
        if window is None:
            return None
        path = window.context.database.path
        window.close()
        window.context.database.close()
        window.deleteLater()
        return path

    def _daily_backup(self, context: ShellContext) -> None:
        """Back up once a day when a database is opened, in the background (the same rule as the command line)."""
        database = context.database

        def work(_progress: TaskProgress) -> Path | None:
            return daily_backup_if_due(database.path, database.key, date.today())

        def failed(error: BaseException) -> None:
            if isinstance(error, CorruptDatabaseError) and self.window is not None:
                # The backup reads every page, so it finds damage that opening the file did not touch. Offered
                # once this delivery is over: restoring closes the window, which waits for (polls) its tasks.
                QTimer.singleShot(0, lambda: self._offer_restore(error))
                return
            context.events.status_message.emit(_("The daily backup failed: {reason}").format(reason=error))

        context.tasks.run(
            _("Daily backup"),
            work,
            on_success=lambda path: self._show_last_backup() if path is not None else None,
            on_failure=failed,
        )

    def _offer_restore(self, error: CorruptDatabaseError) -> None:
        """Say the open database is damaged and offer to restore a backup over it (or to open another file)."""
        choice = DatabaseOpener(self.keystore, self.window).offer_way_out(error, restore=True)
        if choice is OpenResult.OPEN_OTHER:
            self.ask_and_open()
        elif choice is OpenResult.RESTORE and self.window is not None:
            database = self.window.context.database
            dialog = RestoreDialog(database.path, database.key, self.window)
            if dialog.exec() == RestoreDialog.DialogCode.Accepted and dialog.chosen is not None:
                self.restore(dialog.chosen)

    def _show_last_backup(self) -> None:
        if self.window is not None:
            self.window.status.show_last_backup()

    def restore(self, backup: Path) -> None:
        """Restore a backup over the open database, then reopen it."""
        if self.window is None:
            return
        database = self.window.context.database
        path, key = database.path, database.key
        self._close_current()
        try:
            safety = restore_backup(path, backup, key)
        except KansliError as error:
            show_error(None, _("Restore from backup"), error)
        else:
            remember_key(path, key, self.keystore)
            if safety is not None:
                QMessageBox.information(
                    None,
                    _("Restore from backup"),
                    _("The backup was restored. The database as it was before is kept in {path}.").format(path=safety),
                )
        self.open_path(path)

    def _restore_damaged(self, path: Path, key: DataKey | None = None) -> None:
        """Restore a backup over a file that cannot be opened (damaged or too new); the newest is preselected."""
        try:
            key = key or resolve_key(path, self.keystore)
        except KansliError as error:
            show_error(self._dialog_parent(), _("Restore from backup"), error)
            return
        dialog = RestoreDialog(path, key, self._dialog_parent())
        if dialog.exec() != RestoreDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        try:
            restore_backup(path, dialog.chosen, key)
        except KansliError as error:
            show_error(self._dialog_parent(), _("Restore from backup"), error)
            return
        remember_key(path, key, self.keystore)
        self.open_path(path)

    def switch_language(self, language: str) -> None:
        """Change the language of everything shown, without a restart."""
        self.languages.apply(language)
        self.ui_state.set_language(language)
        if self.welcome is not None:
            self.welcome.retranslate()
        if self.window is not None:
            self.window.context.events.language_changed.emit(language)


def show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    """Move a progress dialog on (its maximum can grow as the work finds out how much there is)."""
    dialog.setMaximum(total)
    dialog.setValue(done)


def run_window(database_option: str | None, open_package: Path | None = None) -> int:
    """Start the program's window (and, for a double-clicked sync package, the Sync window reading it)."""
    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    icon = resource_path("icons", "kansli.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    log_path = configure_logging()
    CrashReporter(app, str(log_path))
    from desktop.cli.main import program_version

    requested = Path(database_option).expanduser() if database_option else None
    if requested is None and os.environ.get("KANSLI_DB"):
        requested = Path(os.environ["KANSLI_DB"]).expanduser()
    try:
        launcher = Launcher(app, program_version())
        launcher.start(requested)
        if open_package is not None:
            launcher.read_package_when_open(open_package)
    except Exception:
        # Before the event loop runs, the crash reporter's queued dialog would never be shown: say it now.
        log.error("start-up failed:\n%s", safe_traceback(*sys.exc_info()))
        QMessageBox.critical(
            None,
            _("Kansli could not start"),
            _("Kansli could not start. A description without personal data was written to {path}.").format(
                path=log_path
            ),
        )
        return 1
    return int(app.exec())
