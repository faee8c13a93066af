"""What every form of the Branches tab shares: one way to write, and a dialog that keeps what was typed.

Every write of the tab goes through :func:`save_change`: one transaction under a label (so Edit ▸ Undo names it),
then ``branches_changed`` and ``history_changed`` — the tab and the page refresh from the signal, never by hand.
Writes are small (a row or a few), so they run on the GUI thread like the Members tab's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from db.core.errors import KansliError, ValidationError
from db.core.i18n import Label, _
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import FieldError, set_invalid, with_error
from desktop.shell.widgets import qdate
from desktop.shell.writes import save_change as write_change

T = TypeVar("T")


def save_change(context: ShellContext, label: str | Label, work: Callable[[Session], T]) -> T:
    """Write through :func:`desktop.shell.writes.save_change`; the views hear ``branches_changed``.

    Raises:
        KansliError: whatever the operations refuse; nothing was written then and no signal is sent.
    """
    return write_change(context, label, work, [context.events.branches_changed])


def new_form() -> QFormLayout:
    """A form layout in which a long (Finnish) label pushes its field to the next line instead of clipping."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def date_edit(value: date | None = None) -> QDateEdit:
    """A date field with a calendar, showing ``value`` (today when None)."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDate(qdate(value) if value is not None else QDate.currentDate())
    return edit


def date_of(edit: QDateEdit) -> date:
    """The day a date field shows."""
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


def enum_combo(values: Iterable[object]) -> QComboBox:
    """A combo box holding ``values`` as item data; :func:`label_combo` sets the texts in the language."""
    box = QComboBox()
    for value in values:
        box.addItem("", value)
    return box


def label_combo(box: QComboBox, labels: Mapping[Any, str]) -> None:
    """Set each item's text from ``labels`` (English source texts) in the current language."""
    for index in range(box.count()):
        box.setItemText(index, _(labels[box.itemData(index)]))


def select_data(box: QComboBox, value: object) -> None:
    """Select the item whose data is ``value`` (the first item when there is none)."""
    box.setCurrentIndex(max(0, box.findData(value)))


class FormDialog(QDialog):
    """A dialog whose OK writes through :meth:`save`; a refused value is shown beside its field.

    Subclasses add rows with :meth:`add_row`, naming each row by the ``field`` the operations put in their
    :class:`ValidationError`; they implement :meth:`save` and :meth:`retranslate`. The dialog stays open on an
    error, with everything as it was typed.
    """

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.form = new_form()
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, FieldError] = {}
        self._fields: dict[str, QWidget] = {}
        self.general_error = FieldError()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def add_row(self, key: str, field: QWidget, *aliases: str) -> None:
        """Add a labelled row for ``field``; errors naming ``key`` or one of ``aliases`` are shown under it."""
        label = QLabel()
        label.setBuddy(field)
        label.setWordWrap(True)
        error = FieldError()
        self.labels[key] = label
        self._fields[key] = field
        for name in (key, *aliases):
            self.errors[name] = error
        self.form.addRow(label, with_error(field, error))

    def save(self) -> None:
        """Write what is typed (through :func:`save_change`); raise :class:`KansliError` to refuse it."""
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set the dialog's texts in the current language (subclasses call this for the buttons)."""
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def show_validation(self, error: ValidationError) -> None:
        """Show a refused value beside its field, or under the form when no field has that name."""
        target = self.errors.get(error.field)
        if target is None:
            self.general_error.show_message(str(error))
            return
        target.show_message(str(error))
        for key, field in self._fields.items():
            if self.errors.get(key) is target:
                set_invalid(field, True)
                field.setFocus()

    def clear_errors(self) -> None:
        """Hide every error line and red frame."""
        self.general_error.show_message(None)
        for error in self.errors.values():
            error.show_message(None)
        for field in self._fields.values():
            if field.property("invalid"):
                set_invalid(field, False)

    def accept(self) -> None:
        self.clear_errors()
        try:
            self.save()
        except ValidationError as error:
            self.show_validation(error)
            return
        except KansliError as error:
            self.general_error.show_message(str(error))
            return
        super().accept()

    def has_error(self) -> bool:
        """Whether an error line is showing (for tests and for callers that check before closing)."""
        return bool(self.general_error.text()) or any(error.text() for error in self.errors.values())
