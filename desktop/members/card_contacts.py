"""Phone numbers and e-mail addresses on the member card, checked as they are typed.

A refused value gets a red frame and the reason beside it, and stays exactly as typed: the user fixes it, nothing
is ever cleared for them. The card refuses to save while a row is refused.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.core.district import Country
from db.core.errors import ValidationError
from db.core.i18n import _
from db.members.models import ContactKind
from db.members.records import ContactData, ContactRecord
from db.members.validation import display_phone, normalize_email, normalize_phone
from desktop.shell.form_widgets import FieldError, set_invalid


class ContactRow(QWidget):
    """One phone number or e-mail address with its flags and a remove button."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, kind: ContactKind, country: Country, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.country = country
        self.edit = QLineEdit()
        self.edit.setMaxLength(254)
        self.valid_box = QCheckBox()
        self.valid_box.setChecked(True)
        self.do_not_use_box = QCheckBox()
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.error = FieldError()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 0, 0)
        layout.addWidget(self.valid_box, 0, 1)
        layout.addWidget(self.do_not_use_box, 0, 2)
        layout.addWidget(self.remove_button, 0, 3)
        layout.addWidget(self.error, 1, 0, 1, 4)
        layout.setColumnStretch(0, 1)
        self.edit.textChanged.connect(lambda _text: self.validate())
        self.edit.textEdited.connect(lambda _text: self.changed.emit())
        self.valid_box.toggled.connect(lambda _on: self.changed.emit())
        self.do_not_use_box.toggled.connect(lambda _on: self.changed.emit())
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.retranslate()

    def retranslate(self) -> None:
        self.valid_box.setText(_("Valid"))
        self.valid_box.setToolTip(_("Untick when the number or address no longer works"))
        self.do_not_use_box.setText(_("Do not use"))
        self.do_not_use_box.setToolTip(_("The person asked not to be contacted this way"))
        if self.kind == ContactKind.PHONE:
            self.edit.setPlaceholderText(_("e.g. 040 123 4567"))
            self.remove_button.setToolTip(_("Remove this phone number"))
        else:
            self.edit.setPlaceholderText(_("name@example.fi"))
            self.remove_button.setToolTip(_("Remove this e-mail address"))
        self.validate()

    def load(self, contact: ContactRecord) -> None:
        self.edit.setText(display_phone(contact.value) if contact.kind == ContactKind.PHONE else contact.value)
        self.valid_box.setChecked(contact.valid)
        self.do_not_use_box.setChecked(contact.do_not_use)

    def normalized(self) -> str:
        """The value as stored (E.164, lower case).

        Raises:
            ValidationError: when the value is refused.
        """
        if self.kind == ContactKind.PHONE:
            return normalize_phone(self.edit.text(), self.country)
        return normalize_email(self.edit.text())

    def is_empty(self) -> bool:
        return not self.edit.text().strip()

    def validate(self) -> bool:
        """Check the value as typed and show why it is refused; an empty row is not refused (it is skipped)."""
        message = None
        if not self.is_empty():
            try:
                self.normalized()
            except ValidationError as error:
                message = str(error)
        set_invalid(self.edit, message is not None)
        self.error.show_message(message)
        return message is None

    def value(self) -> ContactData:
        return ContactData(self.kind, self.edit.text(), self.valid_box.isChecked(), self.do_not_use_box.isChecked())


class ContactsSection(QWidget):
    """The phones and e-mail addresses of one member."""

    changed = Signal()
    """A row was added, removed or edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.country = Country.FI
        self.rows: list[ContactRow] = []
        self.phone_box = QGroupBox()
        self.phone_rows = QVBoxLayout()
        self.add_phone_button = QPushButton()
        self.add_phone_button.clicked.connect(lambda: self.add_row(ContactKind.PHONE, focus=True))
        phone_layout = QVBoxLayout(self.phone_box)
        phone_layout.addLayout(self.phone_rows)
        phone_layout.addWidget(self.add_phone_button)
        self.email_box = QGroupBox()
        self.email_rows = QVBoxLayout()
        self.add_email_button = QPushButton()
        self.add_email_button.clicked.connect(lambda: self.add_row(ContactKind.EMAIL, focus=True))
        email_layout = QVBoxLayout(self.email_box)
        email_layout.addLayout(self.email_rows)
        email_layout.addWidget(self.add_email_button)
        # The person's wish not to be called at all (set by a call's "do not call", cleared here if they change
        # their mind); a single number the person does not want used is "Do not use" on its row instead.
        self.do_not_call_box = QCheckBox()
        self.do_not_call_dirty = False
        self.do_not_call_box.toggled.connect(self._do_not_call_toggled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.phone_box)
        layout.addWidget(self.do_not_call_box)
        layout.addWidget(self.email_box)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.phone_box.setTitle(_("Phone numbers"))
        self.email_box.setTitle(_("E-mail addresses"))
        self.add_phone_button.setText(_("Add phone number"))
        self.add_phone_button.setToolTip(_("Add another phone number"))
        self.add_email_button.setText(_("Add e-mail address"))
        self.add_email_button.setToolTip(_("Add another e-mail address"))
        self.do_not_call_box.setText(_("Does not want calls"))
        self.do_not_call_box.setToolTip(
            _("The person asked not to be called; calling campaigns leave them out (a call's DNC code sets this)")
        )
        for row in self.rows:
            row.retranslate()

    def load(self, contacts: list[ContactRecord], country: Country) -> None:
        """Show these contacts; numbers without a country code are read as ``country``'s."""
        self.country = country
        for row in list(self.rows):
            self._remove(row, notify=False)
        for contact in contacts:
            self.add_row(contact.kind, notify=False).load(contact)

    def load_do_not_call(self, value: bool) -> None:
        """Show the person's do-not-call wish as saved."""
        self.do_not_call_box.blockSignals(True)
        self.do_not_call_box.setChecked(value)
        self.do_not_call_box.blockSignals(False)
        self.do_not_call_dirty = False

    def _do_not_call_toggled(self, _checked: bool) -> None:
        self.do_not_call_dirty = True
        self.changed.emit()

    def add_row(self, kind: ContactKind, *, focus: bool = False, notify: bool = True) -> ContactRow:
        """Add an empty row for a phone number or e-mail address."""
        row = ContactRow(kind, self.country)
        row.changed.connect(self.changed)
        row.remove_requested.connect(lambda target: self._remove(target))
        (self.phone_rows if kind == ContactKind.PHONE else self.email_rows).addWidget(row)
        self.rows.append(row)
        if focus:
            row.edit.setFocus()
        if notify:
            self.changed.emit()
        return row

    def _remove(self, row: ContactRow, *, notify: bool = True) -> None:
        self.rows.remove(row)
        (self.phone_rows if row.kind == ContactKind.PHONE else self.email_rows).removeWidget(row)
        row.hide()
        row.deleteLater()
        if notify:
            self.changed.emit()

    def rows_of(self, kind: ContactKind) -> list[ContactRow]:
        return [row for row in self.rows if row.kind == kind]

    def values(self) -> list[ContactData]:
        """The contacts to save: phones first, then e-mail addresses, empty rows left out."""
        ordered = self.rows_of(ContactKind.PHONE) + self.rows_of(ContactKind.EMAIL)
        return [row.value() for row in ordered if not row.is_empty()]

    def normalized_values(self) -> list[ContactData]:
        """The contacts that are valid so far, normalised (for the duplicate check)."""
        result = []
        for row in self.rows:
            if row.is_empty():
                continue
            try:
                result.append(ContactData(row.kind, row.normalized()))
            except ValidationError:
                continue
        return result

    def refused_rows(self) -> list[ContactRow]:
        """Rows whose value is refused (the card does not save while there are any)."""
        return [row for row in self.rows if not row.validate()]

    def show_error(self, field: str, message: str) -> bool:
        """Mark the first row of the kind the operation refused; False when the field is not a contact."""
        kinds = {"phone": ContactKind.PHONE, "email": ContactKind.EMAIL}
        if field not in kinds:
            return False
        rows = [row for row in self.rows_of(kinds[field]) if not row.is_empty()]
        target = next((row for row in rows if not row.validate()), rows[0] if rows else None)
        if target is not None:
            set_invalid(target.edit, True)
            target.error.show_message(message)
            target.edit.setFocus()
        return True
