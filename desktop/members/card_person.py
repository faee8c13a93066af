"""The person on the member card: names, member number, birth year, language, address and notes."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.core.errors import ValidationError
from db.core.i18n import _
from db.members.models import MEMBER_LANGUAGE_LABELS, MemberLanguage
from db.members.records import PersonData
from db.members.validation import check_birth_year
from desktop.shell.form_widgets import FieldError, set_invalid, with_error


def _form() -> QFormLayout:
    form = QFormLayout()
    # Finnish and Swedish labels are longer than English ones: let a long label push its field to the next line.
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _text(edit: QLineEdit) -> str | None:
    value = edit.text().strip()
    return value or None


class PersonSection(QWidget):
    """The person's own fields; :meth:`value` reads them, :meth:`show_error` marks a refused one."""

    changed = Signal()
    """Any field was edited."""

    identity_changed = Signal()
    """A field that identifies a person (names, number, birth year) was edited: check for duplicates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first_name = QLineEdit()
        self.first_name.setMaxLength(100)
        self.last_name = QLineEdit()
        self.last_name.setMaxLength(100)
        self.member_number = QLineEdit()
        self.member_number.setMaxLength(40)
        self.birth_year = QLineEdit()
        self.birth_year.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}"), self))
        self.birth_year.setMaximumWidth(90)
        self.language = QComboBox()
        for language in MemberLanguage:
            self.language.addItem("", language)
        self.street = QLineEdit()
        self.street.setMaxLength(200)
        self.co_line = QLineEdit()
        self.co_line.setMaxLength(200)
        self.postal_code = QLineEdit()
        self.postal_code.setMaxLength(20)
        self.postal_code.setMaximumWidth(110)
        self.city = QLineEdit()
        self.city.setMaxLength(100)
        self.country = QLineEdit()
        self.country.setMaxLength(2)
        self.country.setMaximumWidth(60)
        self.country.setPlaceholderText("FI")
        self.country.setValidator(QRegularExpressionValidator(QRegularExpression(r"[A-Za-z]{0,2}"), self))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(70)

        self.errors = {
            field: FieldError() for field in ("first_name", "last_name", "member_number", "birth_year", "country")
        }
        self._edits: dict[str, QWidget] = {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "member_number": self.member_number,
            "birth_year": self.birth_year,
            "country": self.country,
        }
        self.labels: dict[str, QLabel] = {}

        person = _form()
        for key, field in (
            ("first_name", with_error(self.first_name, self.errors["first_name"])),
            ("last_name", with_error(self.last_name, self.errors["last_name"])),
            ("member_number", with_error(self.member_number, self.errors["member_number"])),
            ("birth_year", with_error(self.birth_year, self.errors["birth_year"])),
            ("language", self.language),
        ):
            self._add_row(person, key, field)
        self.address_box = QGroupBox()
        address = _form()
        for key, field in (
            ("street", self.street),
            ("co_line", self.co_line),
            ("postal_code", self.postal_code),
            ("city", self.city),
            ("country", with_error(self.country, self.errors["country"])),
        ):
            self._add_row(address, key, field)
        self.address_box.setLayout(address)
        self.notes_label = QLabel()
        self.notes_label.setBuddy(self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(person)
        layout.addWidget(self.address_box)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes, 1)

        for edit in (self.first_name, self.last_name, self.member_number, self.birth_year):
            edit.textEdited.connect(lambda _text: self.identity_changed.emit())
        for edit in (self.first_name, self.last_name, self.member_number, self.street, self.co_line):
            edit.textEdited.connect(lambda _text: self.changed.emit())
        for edit in (self.postal_code, self.city, self.country, self.birth_year):
            edit.textEdited.connect(lambda _text: self.changed.emit())
        self.first_name.textEdited.connect(lambda text: self._check_name("first_name", text))
        self.last_name.textEdited.connect(lambda text: self._check_name("last_name", text))
        self.birth_year.textEdited.connect(self._check_birth_year)
        self.country.textEdited.connect(self._country_edited)
        self.language.activated.connect(lambda _index: self.changed.emit())
        self.notes.textChanged.connect(self._notes_changed)
        self._loading = False
        self.retranslate()

    def _add_row(self, form: QFormLayout, key: str, field: QWidget) -> None:
        label = QLabel()
        label.setBuddy(self._edits.get(key, field))
        self.labels[key] = label
        form.addRow(label, field)

    def retranslate(self) -> None:
        """Every text again in the current language."""
        texts = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "member_number": _("Member number"),
            "birth_year": _("Birth year"),
            "language": _("Language"),
            "street": _("Street address"),
            "co_line": _("c/o"),
            "postal_code": _("Postal code"),
            "city": _("City"),
            "country": _("Country"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.address_box.setTitle(_("Address"))
        self.notes_label.setText(_("Notes"))
        self.member_number.setPlaceholderText(_("Given by the party office"))
        self.country.setToolTip(_("Two-letter country code, e.g. FI or SE; leave empty for the district's own"))
        self.co_line.setToolTip(_("The c/o line of the address, when post goes to someone else"))
        for index in range(self.language.count()):
            self.language.setItemText(index, _(MEMBER_LANGUAGE_LABELS[self.language.itemData(index)]))

    # --------------------------------------------------------------------------------------------- data
    def load(self, person: PersonData | None) -> None:
        """Show ``person`` (None: empty fields for a new member)."""
        self._loading = True
        person = person or PersonData("", "")
        self.first_name.setText(person.first_name)
        self.last_name.setText(person.last_name)
        self.member_number.setText(person.member_number or "")
        self.birth_year.setText(str(person.birth_year) if person.birth_year is not None else "")
        self.language.setCurrentIndex(max(0, self.language.findData(person.language)))
        self.street.setText(person.street or "")
        self.co_line.setText(person.co_line or "")
        self.postal_code.setText(person.postal_code or "")
        self.city.setText(person.city or "")
        self.country.setText(person.address_country or "")
        self.notes.setPlainText(person.notes or "")
        self.clear_errors()
        self._loading = False

    def _birth_year_value(self) -> int | None:
        text = self.birth_year.text().strip()
        return int(text) if text else None

    def value(self) -> PersonData:
        """The fields as typed (the operations tidy and check them).

        Raises:
            ValidationError: when the birth year cannot be right.
        """
        return PersonData(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            member_number=_text(self.member_number),
            birth_year=check_birth_year(self._birth_year_value()),
            language=self.language.currentData() or MemberLanguage.FI,
            street=_text(self.street),
            co_line=_text(self.co_line),
            postal_code=_text(self.postal_code),
            city=_text(self.city),
            address_country=_text(self.country),
            notes=self.notes.toPlainText(),
        )

    def probe(self) -> PersonData:
        """The identifying fields as far as they can be read, for the duplicate check (never raises)."""
        try:
            year = check_birth_year(self._birth_year_value())
        except ValidationError:
            year = None
        return PersonData(
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            member_number=_text(self.member_number),
            birth_year=year,
        )

    # ------------------------------------------------------------------------------------------- errors
    def show_error(self, field: str, message: str) -> bool:
        """Mark a refused field and say why; False when the field is not in this section."""
        field = "country" if field == "address_country" else field
        if field not in self.errors:
            return False
        set_invalid(self._edits[field], True)
        self.errors[field].show_message(message)
        self._edits[field].setFocus()
        return True

    def clear_error(self, field: str) -> None:
        set_invalid(self._edits[field], False)
        self.errors[field].show_message(None)

    def clear_errors(self) -> None:
        for field in self.errors:
            self.clear_error(field)

    def has_errors(self) -> bool:
        """Whether a field is marked as refused."""
        return any(error.text() for error in self.errors.values())

    def _check_name(self, field: str, text: str) -> None:
        if text.strip():
            self.clear_error(field)
        else:
            message = _("The first name is missing.") if field == "first_name" else _("The last name is missing.")
            self.show_error(field, message)

    def _check_birth_year(self, _text: str) -> None:
        # A year is checked once it has four digits, so that typing "19" on the way to "1984" is not refused.
        try:
            year = self._birth_year_value()
            if year is not None and len(str(year)) < 4:
                raise ValidationError("birth_year", _("Give the birth year with four digits."))
            check_birth_year(year)
        except ValidationError as error:
            if len(self.birth_year.text().strip()) >= 4:
                self.show_error("birth_year", str(error))
            else:
                self.clear_error("birth_year")
            return
        self.clear_error("birth_year")

    def _country_edited(self, text: str) -> None:
        if text != text.upper():
            position = self.country.cursorPosition()
            self.country.setText(text.upper())
            self.country.setCursorPosition(position)
        if len(text) == 1:
            self.show_error("country", _("Give the country as a two-letter code, e.g. FI or SE."))
        else:
            self.clear_error("country")

    def _notes_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def check_before_save(self) -> ValidationError | None:
        """Return the first refusal that typing left (a three-digit year, a one-letter country), if any."""
        year_text = self.birth_year.text().strip()
        if year_text and len(year_text) < 4:
            return ValidationError("birth_year", _("Give the birth year with four digits."))
        if len(self.country.text().strip()) == 1:
            return ValidationError("country", _("Give the country as a two-letter code, e.g. FI or SE."))
        return None
