"""Recording a consent event: given or revoked, for which purpose, on which day (maybe in the past), how."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import _
from db.members.models import CONSENT_METHOD_LABELS, CONSENT_PURPOSE_LABELS, ConsentMethod, ConsentPurpose
from desktop.shell.widgets import qdate


@dataclass(frozen=True)
class ConsentEntry:
    """A consent event as the card holds it; ``saved`` is False until the card is saved."""

    purpose: ConsentPurpose
    given: bool
    recorded_on: date
    method: ConsentMethod
    recorded_by: str | None = None
    notes: str | None = None
    saved: bool = True


class RecordConsentDialog(QDialog):
    """A form for one consent event; :attr:`entry` holds it when the dialog is accepted."""

    def __init__(self, today: date, purpose: ConsentPurpose | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry: ConsentEntry | None = None
        self.purpose_box = QComboBox()
        for item in ConsentPurpose:
            self.purpose_box.addItem(_(CONSENT_PURPOSE_LABELS[item]), item)
        if purpose is not None:
            self.purpose_box.setCurrentIndex(self.purpose_box.findData(purpose))
        self.given_button = QRadioButton()
        self.revoked_button = QRadioButton()
        self.given_button.setChecked(True)
        self._state = QButtonGroup(self)
        self._state.addButton(self.given_button)
        self._state.addButton(self.revoked_button)
        state_row = QHBoxLayout()
        state_row.addWidget(self.given_button)
        state_row.addWidget(self.revoked_button)
        state_row.addStretch(1)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        # A consent given on paper last spring is recorded today with last spring's date; never a future one.
        self.date_edit.setMaximumDate(qdate(today))
        self.date_edit.setDate(qdate(today))
        self.method_box = QComboBox()
        for method in ConsentMethod:
            self.method_box.addItem(_(CONSENT_METHOD_LABELS[method]), method)
        self.recorded_by = QLineEdit()
        self.recorded_by.setMaxLength(200)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._labels = [QLabel() for _index in range(6)]
        fields: list[QWidget | QHBoxLayout] = [
            self.purpose_box,
            state_row,
            self.date_edit,
            self.method_box,
            self.recorded_by,
            self.notes,
        ]
        for label, field in zip(self._labels, fields, strict=True):
            if isinstance(field, QWidget):
                label.setBuddy(field)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Record consent"))
        texts = (_("Purpose"), _("Consent"), _("Date"), _("How"), _("Recorded by"), _("Notes"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.given_button.setText(_("Given"))
        self.revoked_button.setText(_("Revoked"))
        self.date_edit.setToolTip(_("The day the person gave or revoked the consent; it may be in the past"))
        self.recorded_by.setPlaceholderText(_("Who took the consent"))

    def accept(self) -> None:
        notes = self.notes.toPlainText().strip()
        recorded_on = self.date_edit.date().toPython()
        assert isinstance(recorded_on, date)
        self.entry = ConsentEntry(
            purpose=self.purpose_box.currentData(),
            given=self.given_button.isChecked(),
            recorded_on=recorded_on,
            method=self.method_box.currentData(),
            recorded_by=self.recorded_by.text().strip() or None,
            notes=notes or None,
            saved=False,
        )
        super().accept()
