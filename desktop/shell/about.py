"""Help ▸ About Kansli and Help ▸ Where is my data?"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox, QPushButton, QWidget

from db.core.i18n import _
from db.core.keys import KeyringStore
from db.core.paths import backup_dir_for, log_dir


def show_about(parent: QWidget, version: str) -> None:
    """The About box."""
    QMessageBox.about(
        parent,
        _("About Kansli"),
        _(
            "<h3>Kansli {version}</h3><p>The district office's program: members and supporters, branches, calling "
            "lists, board meetings, media and the member paper, on this computer, encrypted, without a network.</p>"
        ).format(version=version),
    )


class DataLocationDialog(QDialog):
    """Where the database, its backups and the log are, and where the key is kept."""

    def __init__(self, database: Path, keystore: KeyringStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Where is my data?"))
        form = QFormLayout(self)
        rows = [
            (_("Database"), database),
            (_("Backups"), backup_dir_for(database)),
            (_("Log (no personal data)"), log_dir()),
        ]
        for label, path in rows:
            value = QLabel(str(path))
            value.setWordWrap(True)
            button = QPushButton(_("Show folder"))
            folder = path if path.is_dir() else path.parent
            button.clicked.connect(
                lambda _checked=False, f=folder: QDesktopServices.openUrl(QUrl.fromLocalFile(str(f)))
            )
            form.addRow(label, value)
            form.addRow("", button)
        keyring_text = (
            _("In this computer's keyring ({backend}).").format(backend=keystore.backend_name())
            if keystore.is_safe()
            else _("Not stored on this computer: you give the recovery key when opening.")
        )
        key_label = QLabel(keyring_text)
        key_label.setWordWrap(True)
        form.addRow(_("Key"), key_label)
        explanation = QLabel(
            _("Everything is encrypted; the backups too. Nothing is sent anywhere unless you exchange files.")
        )
        explanation.setWordWrap(True)
        form.addRow(explanation)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(600, 300)
