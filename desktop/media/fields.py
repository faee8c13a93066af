"""Small form pieces of the Media tab's dialogs: an optional moment, and form rows placed on a dialog's own page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QFormLayout, QHBoxLayout, QWidget

from db.core.i18n import _
from desktop.branches.forms import FormDialog


class OptionalMomentEdit(QWidget):
    """A day and time that may be left out (a press release's embargo): a check box turns the field on.

    The moment is shown in local time and given back as an aware UTC ``datetime``, as the database keeps it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled_box = QCheckBox()
        self.moment_edit = QDateTimeEdit()
        self.moment_edit.setCalendarPopup(True)
        self.moment_edit.setDisplayFormat("d.M.yyyy HH:mm")
        self.enabled_box.toggled.connect(self.moment_edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled_box)
        layout.addWidget(self.moment_edit, 1)
        self.setFocusProxy(self.enabled_box)
        self.set_value(None)

    def value(self) -> datetime | None:
        """The moment in UTC, or None when left out."""
        if not self.enabled_box.isChecked():
            return None
        local = self.moment_edit.dateTime().toPython()
        assert isinstance(local, datetime)
        return local.replace(second=0, microsecond=0).astimezone(UTC)

    def set_value(self, value: datetime | None) -> None:
        """Show ``value`` (None leaves the moment out; the field then offers tomorrow at nine)."""
        self.enabled_box.setChecked(value is not None)
        self.moment_edit.setEnabled(value is not None)
        if value is not None:
            local = value.astimezone()
        else:
            local = (datetime.now() + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
        self.moment_edit.setDateTime(
            QDateTime.fromString(local.strftime("%Y-%m-%d %H:%M"), "yyyy-MM-dd HH:mm")  # the local wall clock
        )

    def retranslate(self) -> None:
        self.enabled_box.setToolTip(_("Tick when the release must not be published before a moment"))


def add_row_to(dialog: FormDialog, form: QFormLayout, key: str, field: QWidget, *aliases: str) -> None:
    """:meth:`FormDialog.add_row` on another form of the dialog (a page of its own), errors shown the same way."""
    main = dialog.form
    dialog.form = form
    try:
        dialog.add_row(key, field, *aliases)
    finally:
        dialog.form = main
