"""The recovery key: shown once after creating a district, and asked for where no keyring holds it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.core.errors import InvalidRecoveryKeyError
from db.core.i18n import _, current_language
from db.core.keys import DataKey
from desktop.shell.pdf_preview import PdfPreviewDialog


def _monospace(point_size: int) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(point_size)
    return font


class RecoveryKeyDialog(QDialog):
    """Shows a new database's recovery key; the user confirms having saved it before going on."""

    def __init__(
        self,
        key: DataKey,
        district: str,
        database_path: str,
        stored_in_keyring: bool,
        parent: QWidget | None = None,
        *,
        require_confirmation: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Your recovery key"))
        self._key_text = key.recovery_text()
        self._district = district
        self._database_path = database_path
        intro = QLabel(
            _(
                "The member register is encrypted. This recovery key opens it when this computer's keyring "
                "cannot: on a new computer, after reinstalling, or when restoring a backup elsewhere. "
                "Print it or write it down now, and keep it away from the laptop."
            )
        )
        intro.setWordWrap(True)
        self.key_label = QLabel(self._key_text.replace("-", " "))
        self.key_label.setFont(_monospace(15))
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setWordWrap(True)
        self.key_label.setObjectName("recoveryKey")
        keyring_note = QLabel(
            _("The key is also kept in this computer's keyring, so you will not be asked for it every day.")
            if stored_in_keyring
            else _("This computer has no safe keyring: you will be asked for this key every time you open Kansli.")
        )
        keyring_note.setWordWrap(True)
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setToolTip(_("Copy the key to paste it into a password manager"))
        self.print_button = QPushButton(_("Print emergency sheet…"))
        self.copy_button.clicked.connect(self.copy_key)
        self.print_button.clicked.connect(self.print_sheet)
        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        self.confirm_box = QCheckBox(_("I have printed or written down the recovery key and will keep it safe"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.continue_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.continue_button.setText(_("Continue"))
        self.buttons.accepted.connect(self.accept)
        if require_confirmation:
            self.continue_button.setEnabled(False)
            self.confirm_box.toggled.connect(self.continue_button.setEnabled)
        else:
            self.confirm_box.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.key_label)
        layout.addSpacing(8)
        layout.addWidget(keyring_note)
        layout.addLayout(actions)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.buttons)
        self.resize(560, 340)

    def copy_key(self) -> None:
        """Put the key on the clipboard."""
        QGuiApplication.clipboard().setText(self._key_text)
        self.copy_button.setText(_("Copied"))

    def emergency_sheet_pdf(self) -> bytes:
        """Return the emergency sheet of this key, in the current language."""
        from reports.emergency import EmergencySheet, build_emergency_sheet  # ReportLab loads when first printing

        return build_emergency_sheet(
            EmergencySheet(
                district=self._district,
                recovery_key=self._key_text,
                database_path=self._database_path,
                created_at=datetime.now().astimezone(),
                language=current_language(),
            )
        )

    def print_sheet(self) -> None:
        """Preview the emergency sheet, to print or save it."""
        preview = PdfPreviewDialog(self.emergency_sheet_pdf(), _("Emergency sheet"), "kansli-emergency-sheet.pdf", self)
        preview.exec()


class RecoveryKeyPrompt(QDialog):
    """Asks for the recovery key; ``try_key`` opens the database and returns an error text, or None when it worked."""

    def __init__(
        self,
        database_name: str,
        try_key: Callable[[DataKey, bool], str | None],
        can_remember: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Recovery key needed"))
        self._try_key = try_key
        explanation = QLabel(
            _(
                "The key of {name} is not in this computer's keyring. Type the recovery key from the emergency "
                "sheet (capital or small letters, spaces and hyphens do not matter)."
            ).format(name=database_name)
        )
        explanation.setWordWrap(True)
        self.key_edit = QLineEdit()
        self.key_edit.setFont(_monospace(12))
        self.key_edit.setPlaceholderText("XXXXX-XXXXX-XXXXX-…")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_box = QCheckBox(_("Show the key while typing"))
        self.show_box.toggled.connect(
            lambda shown: self.key_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        )
        self.remember_box = QCheckBox(_("Remember the key on this computer (in the keyring)"))
        self.remember_box.setChecked(can_remember)
        self.remember_box.setVisible(can_remember)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Open"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self._attempt)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.key_edit)
        layout.addWidget(self.show_box)
        layout.addWidget(self.remember_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(520, 240)

    def _attempt(self) -> None:
        try:
            key = DataKey.from_recovery_text(self.key_edit.text())
        except InvalidRecoveryKeyError as error:
            self._show_error(str(error))
            return
        problem = self._try_key(key, self.remember_box.isChecked())
        if problem is None:
            self.accept()
        else:
            self._show_error(problem)

    def _show_error(self, text: str) -> None:
        # What was typed is kept, so a single typo does not mean typing 55 characters again.
        self.error_label.setText(text)
        self.error_label.show()
        self.key_edit.setFocus()
        self.key_edit.selectAll()
