"""Opening a database from the window: the key from the keyring or the user, clear ways out of every problem."""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from db.core.database import Database
from db.core.errors import (
    CorruptDatabaseError,
    DatabaseInUseError,
    DatabaseMissingError,
    InvalidRecoveryKeyError,
    KansliError,
    NewerSchemaError,
    NoKeyError,
    NotKansliDatabaseError,
    WrongKeyError,
)
from db.core.i18n import _
from db.core.keys import DataKey, KeyringStore
from db.core.opening import open_for_work, remember_key, resolve_key
from desktop.shell.key_dialogs import RecoveryKeyPrompt


class OpenResult(enum.Enum):
    OPENED = "opened"
    CANCELLED = "cancelled"
    OPEN_OTHER = "open_other"
    RESTORE = "restore"


class DatabaseOpener:
    """Opens a file interactively: asks for the key where needed, shows upgrades, offers a way out of errors."""

    def __init__(self, keystore: KeyringStore, parent: QWidget | None = None) -> None:
        self._keystore = keystore
        self._parent = parent
        self._progress: QProgressDialog | None = None
        # The key that opened the file as far as finding it damaged or too new: a restore over it needs that key,
        # and it may have been typed in rather than found in the keyring.
        self.failed_key: DataKey | None = None

    def open(self, path: Path) -> tuple[Database | None, OpenResult]:
        """Open ``path``; return the database, or None and what the user chose to do instead."""
        try:
            key: DataKey | None = resolve_key(path, self._keystore)
        except (NoKeyError, InvalidRecoveryKeyError):
            key = None
        except DatabaseMissingError as error:
            return None, self.offer_way_out(error, restore=False)
        if key is not None:
            try:
                return self._open_with(path, key), OpenResult.OPENED
            except WrongKeyError:
                pass  # the keyring holds an old key (e.g. of a replaced file): ask for the recovery key
            except KansliError as error:
                return None, self._way_out(error, key)
        return self._ask_for_key(path)

    def _ask_for_key(self, path: Path) -> tuple[Database | None, OpenResult]:
        opened: list[Database] = []
        problems: list[tuple[KansliError, DataKey]] = []

        def attempt(key: DataKey, remember: bool) -> str | None:
            try:
                database = self._open_with(path, key)
            except WrongKeyError as error:
                return str(error) + " " + _("Check the key and try again.")
            except KansliError as error:
                problems.append((error, key))
                return None
            if remember:
                remember_key(database.path, key, self._keystore)
            opened.append(database)
            return None

        prompt = RecoveryKeyPrompt(path.name, attempt, self._keystore.is_safe(), self._parent)
        if prompt.exec() != RecoveryKeyPrompt.DialogCode.Accepted:
            return None, OpenResult.CANCELLED
        if problems:
            return None, self._way_out(*problems[0])
        return opened[0], OpenResult.OPENED

    def _open_with(self, path: Path, key: DataKey) -> Database:
        try:
            return open_for_work(path, key, on_migration_step=self._show_migration_step)
        finally:
            if self._progress is not None:
                self._progress.close()
                self._progress = None

    def _show_migration_step(self, step: str) -> None:
        if self._progress is None:
            self._progress = QProgressDialog(
                _("Updating the database to this version of Kansli. A backup was made first."), "", 0, 0, self._parent
            )
            self._progress.setWindowTitle(_("Updating the database"))
            self._progress.setCancelButton(None)
            self._progress.setWindowModality(Qt.WindowModality.ApplicationModal)
            self._progress.setMinimumDuration(0)
            self._progress.show()
        self._progress.setLabelText(
            _("Updating the database to this version of Kansli. A backup was made first.") + "\n" + step
        )
        QCoreApplication.processEvents()

    def _way_out(self, error: KansliError, key: DataKey) -> OpenResult:
        restore = isinstance(error, CorruptDatabaseError | NewerSchemaError)
        if restore:
            self.failed_key = key
        return self.offer_way_out(error, restore=restore)

    def offer_way_out(self, error: KansliError, *, restore: bool) -> OpenResult:
        """Explain why a database cannot be used and ask what to do: open another file, restore a backup, close."""
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("The database could not be opened"))
        box.setText(str(error))
        if isinstance(error, DatabaseInUseError):
            box.setInformativeText(_("Only one Kansli at a time can work on a database, so that nothing is lost."))
        elif isinstance(error, NotKansliDatabaseError):
            box.setInformativeText(_("Choose the Kansli database file (usually kansli.db)."))
        other = box.addButton(_("Open another file…"), QMessageBox.ButtonRole.ActionRole)
        restore_button = box.addButton(_("Restore a backup…"), QMessageBox.ButtonRole.ActionRole) if restore else None
        box.addButton(_("Close"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is other:
            return OpenResult.OPEN_OTHER
        if restore_button is not None and clicked is restore_button:
            return OpenResult.RESTORE
        return OpenResult.CANCELLED
