"""File ▸ Back up now and File ▸ Restore from backup, with a preview of what a backup holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.core.backup import BACKUP_SUFFIX, BackupSummary, automatic_backup, describe_backup, list_backups
from db.core.errors import KansliError
from db.core.i18n import _, format_count, format_moment
from db.core.keys import DataKey
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.tasks import TaskProgress


def back_up_now(context: ShellContext, parent: QWidget, on_done: object = None) -> None:
    """Write a backup in the background and say where it went."""
    database = context.database

    def work(_progress: TaskProgress) -> Path:
        return automatic_backup(database.path, database.key, "manual")

    def done(path: Path) -> None:
        context.events.status_message.emit(_("Backup written to {path}").format(path=path))
        if callable(on_done):
            on_done()

    context.tasks.run(
        _("Back up"), work, on_success=done, on_failure=lambda error: show_error(parent, _("Back up"), error)
    )


class RestoreDialog(QDialog):
    """Choose a backup, see what it holds, and restore it (the current state is backed up first)."""

    restore_chosen = Signal(object)  # Path

    def __init__(self, database_path: Path, key: DataKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore from backup"))
        self._key = key
        self.chosen: Path | None = None
        self.backups = QListWidget()
        for path in list_backups(database_path):
            item = QListWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.backups.addItem(item)
        self.preview = QLabel(_("Choose a backup to see what it holds."))
        self.preview.setWordWrap(True)
        other = QPushButton(_("Another file…"))
        other.clicked.connect(self._choose_file)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText(_("Restore"))
        self.restore_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.backups.currentItemChanged.connect(self._show_current)
        note = QLabel(
            _(
                "Restoring replaces the database with the backup. The database as it is now is kept as a backup of "
                "its own, so this can be undone by restoring that one."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.backups, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        if self.backups.count():
            self.backups.setCurrentRow(0)

    def _choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Restore from backup"),
            str(Path.home()),
            _("Kansli backups (*{suffix})").format(suffix=BACKUP_SUFFIX),
        )
        if name:
            item = QListWidgetItem(Path(name).name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.backups.insertItem(0, item)
            self.backups.setCurrentItem(item)

    def _show_current(self, item: QListWidgetItem | None) -> None:
        self.chosen = None
        self.restore_button.setEnabled(False)
        if item is None:
            return
        path = Path(item.data(Qt.ItemDataRole.UserRole))
        try:
            summary = describe_backup(path, self._key)
        except KansliError as error:
            self.preview.setText(str(error))
            return
        self.preview.setText(describe(summary))
        self.chosen = path
        self.restore_button.setEnabled(True)


def describe(summary: BackupSummary) -> str:
    """One sentence about what a backup holds."""
    return _("Made {when}: {members} people in {branches} branches ({size} MB).").format(
        when=format_moment(summary.made_at),
        members=format_count(summary.members),
        branches=summary.branches,
        size=format_count(round(summary.size_bytes / 1_000_000, 1)),
    )
