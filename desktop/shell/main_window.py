"""The main window: tabs, menus, status bar and the wiring between them — and nothing else.

Each tab is its own package (``desktop/members``, ``desktop/branches`` …) registered in ``desktop/shell/tabs.py``;
tabs talk through :class:`~desktop.shell.events.AppEvents`. Opening another file or restoring a backup is asked of
the :class:`~desktop.app.Launcher` through signals, because the window cannot replace its own database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from db.core.district import get_district
from db.core.i18n import LANGUAGES, _, current_language
from desktop.shell.about import DataLocationDialog, show_about
from desktop.shell.backup_actions import RestoreDialog, back_up_now
from desktop.shell.context import ShellContext
from desktop.shell.history_actions import HistoryActions
from desktop.shell.status_bar import KansliStatusBar
from desktop.shell.tab_page import TabPage, TabSpec
from desktop.shell.welcome import LANGUAGE_SELF_NAMES
from desktop.sync.indicator import open_sync_window


class MainWindow(QMainWindow):
    """The window the ombudsman works in all day."""

    open_requested = Signal(object)  # Path, or None to ask for a file
    new_requested = Signal()
    restore_requested = Signal(object)  # Path of the backup
    language_requested = Signal(str)

    def __init__(self, context: ShellContext, tabs: list[TabSpec], version: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._version = version
        self._specs = tabs
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, TabPage] = {}
        for spec in tabs:
            page = spec.factory(context)
            self.pages[spec.key] = page
            self.tabs.addTab(page, "")
        self.setCentralWidget(self.tabs)
        self.history = HistoryActions(context, self)
        self.status = KansliStatusBar(context, self)
        self.setStatusBar(self.status)
        self._build_menus()
        self.retranslate()
        context.events.language_changed.connect(lambda _code: self.retranslate())
        self.tabs.currentChanged.connect(self._remember_tab)
        self._restore_ui_state()

    # ----------------------------------------------------------------------------------------------- menus
    def _action(self, menu: QMenu, handler: object, shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(handler)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_action = self._action(self.file_menu, self.new_requested.emit)  # Ctrl+N is New member
        self.open_action = self._action(self.file_menu, self._open_other, QKeySequence.StandardKey.Open)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addSeparator()
        self.backup_action = self._action(self.file_menu, self._back_up, "Ctrl+B")
        self.restore_action = self._action(self.file_menu, self._restore)
        self.file_menu.addSeparator()
        self.import_action = self._action(self.file_menu, self._import_members, "Ctrl+I")
        self.export_action = self._action(self.file_menu, self._export_members, "Ctrl+E")
        self.sync_action = self._action(self.file_menu, lambda: open_sync_window(self.context, self))
        self.file_menu.addSeparator()
        self.print_action = self._action(self.file_menu, self._print, QKeySequence.StandardKey.Print)
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, self.close, QKeySequence.StandardKey.Quit)

        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.history.undo_action)
        self.edit_menu.addAction(self.history.redo_action)
        self.edit_menu.addSeparator()
        self.find_action = self._action(self.edit_menu, self._find, QKeySequence.StandardKey.Find)

        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in LANGUAGES:
            action = QAction(LANGUAGE_SELF_NAMES[code], self, checkable=True)
            action.triggered.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = bar.addMenu("")
        self.data_action = self._action(self.help_menu, self._show_data_location)
        self.about_action = self._action(self.help_menu, lambda: show_about(self, self._version))

    def retranslate(self) -> None:
        """Set every text of the window in the current language."""
        with self.context.database.reading() as session:
            district = get_district(session).name
        self.setWindowTitle(f"{district} – Kansli")
        for index, spec in enumerate(self._specs):
            self.tabs.setTabText(index, _(spec.title))
        self.file_menu.setTitle(_("&File"))
        self.new_action.setText(_("&New district…"))
        self.open_action.setText(_("&Open…"))
        self.recent_menu.setTitle(_("Open &recent"))
        self.backup_action.setText(_("&Back up now"))
        self.restore_action.setText(_("&Restore from backup…"))
        self.import_action.setText(_("&Import members…"))
        self.export_action.setText(_("&Export members…"))
        self.sync_action.setText(_("&Sync with the party office…"))
        self.print_action.setText(_("&Print…"))
        self.quit_action.setText(_("&Quit"))
        self.edit_menu.setTitle(_("&Edit"))
        self.find_action.setText(_("&Find"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.language_actions[current_language()].setChecked(True)
        self.help_menu.setTitle(_("&Help"))
        self.data_action.setText(_("&Where is my data?"))
        self.about_action.setText(_("&About Kansli"))
        self.history.update_labels()

    # ---------------------------------------------------------------------------------------------- actions
    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = self.context.database.path
        for path in self.context.ui_state.recent_files():
            if path == current:
                continue
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_requested.emit(p))
        if self.recent_menu.isEmpty():
            empty = self.recent_menu.addAction(_("No other files opened yet"))
            empty.setEnabled(False)

    def _open_other(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open a database"),
            str(self.context.database.path.parent),
            _("Kansli databases (*.db);;All files (*)"),
        )
        if name:
            self.open_requested.emit(Path(name))

    def _back_up(self) -> None:
        back_up_now(self.context, self, on_done=self.status.show_last_backup)

    def _restore(self) -> None:
        dialog = RestoreDialog(self.context.database.path, self.context.database.key, self)
        if dialog.exec() and dialog.chosen is not None:
            self.restore_requested.emit(dialog.chosen)

    def _import_members(self) -> None:
        from desktop.members.import_dialog import ImportMembersDialog

        ImportMembersDialog(self.context, self).exec()

    def _export_members(self) -> None:
        page = self.pages.get("members")
        export = getattr(page, "export_members", None)
        if page is not None and callable(export):
            self.tabs.setCurrentWidget(page)
            export()

    def _print(self) -> None:
        page = self.tabs.currentWidget()
        if isinstance(page, TabPage) and page.print_current():
            return
        QMessageBox.information(self, _("Print"), _("This tab has nothing to print."))

    def _find(self) -> None:
        page = self.tabs.currentWidget()
        if isinstance(page, TabPage) and page.focus_search():
            return
        members = self.pages.get("members")
        if members is not None:
            self.tabs.setCurrentWidget(members)
            members.focus_search()

    def _show_data_location(self) -> None:
        DataLocationDialog(self.context.database.path, self.context.keystore, self).exec()

    def show_tab(self, key: str) -> TabPage | None:
        """Bring a tab to the front (used by the Overview's links); return it."""
        page = self.pages.get(key)
        if page is not None:
            self.tabs.setCurrentWidget(page)
        return page

    # ------------------------------------------------------------------------------------------ ui state
    def _remember_tab(self, index: int) -> None:
        if 0 <= index < len(self._specs):
            self.context.ui_state.set_last_tab(self._specs[index].key)

    def _restore_ui_state(self) -> None:
        geometry = self.context.ui_state.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        last = self.context.ui_state.last_tab()
        for index, spec in enumerate(self._specs):
            if spec.key == last:
                self.tabs.setCurrentIndex(index)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window, let running work finish, and close the database."""
        if self.context.tasks.writing:
            answer = QMessageBox.question(
                self,
                _("Work in progress"),
                _("Kansli is still working (for example importing or printing). Stop it and quit?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.context.tasks.cancel_all()
        self.context.ui_state.set_geometry(self.saveGeometry())
        self.context.ui_state.sync()
        self.context.tasks.wait()
        super().closeEvent(event)
