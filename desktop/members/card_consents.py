"""Consents on the member card: the state of each purpose now, and every event that led to it.

A consent is never edited: each change is a new event (given or revoked, on a day, by some method), so the
history is the evidence. New events are kept here until the card is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.core.i18n import N_, _, format_day
from db.members.models import CONSENT_METHOD_LABELS, CONSENT_PURPOSE_LABELS, ConsentPurpose
from db.members.records import ConsentRecord
from desktop.members.consent_dialog import ConsentEntry, RecordConsentDialog
from desktop.shell.form_widgets import FieldError, ListColumn, ListTableModel, small_table


@dataclass(frozen=True)
class ConsentState:
    """Where one purpose stands: the latest event, or None when nothing was ever recorded."""

    purpose: ConsentPurpose
    latest: ConsentEntry | None


def _state_text(state: ConsentState) -> str:
    if state.latest is None:
        return _("Not recorded")
    return _("Given") if state.latest.given else _("Revoked")


def _given_text(entry: ConsentEntry) -> str:
    return _("Given") if entry.given else _("Revoked")


class ConsentsSection(QWidget):
    """Current consents per purpose, their full history and a button to record a new event."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.dialog: RecordConsentDialog | None = None
        self._entries: list[ConsentEntry] = []
        self.current_model: ListTableModel[ConsentState] = ListTableModel(
            [
                ListColumn(N_("Purpose"), lambda state: _(CONSENT_PURPOSE_LABELS[state.purpose])),
                ListColumn(N_("Consent"), _state_text),
                ListColumn(N_("Since"), lambda state: format_day(state.latest.recorded_on) if state.latest else ""),
                ListColumn(
                    N_("How"),
                    lambda state: _(CONSENT_METHOD_LABELS[state.latest.method]) if state.latest else "",
                ),
            ],
            self,
        )
        self.current_table = small_table(self.current_model)
        self.current_table.doubleClicked.connect(lambda index: self.record_consent(self._purpose_at(index.row())))
        self.history_model: ListTableModel[ConsentEntry] = ListTableModel(
            [
                ListColumn(N_("Date"), lambda entry: format_day(entry.recorded_on)),
                ListColumn(N_("Purpose"), lambda entry: _(CONSENT_PURPOSE_LABELS[entry.purpose])),
                ListColumn(N_("Consent"), _given_text),
                ListColumn(N_("How"), lambda entry: _(CONSENT_METHOD_LABELS[entry.method])),
                ListColumn(N_("Recorded by"), lambda entry: entry.recorded_by or ""),
                ListColumn(N_("Notes"), lambda entry: entry.notes or ""),
            ],
            self,
            italic=lambda entry: not entry.saved,
            tooltip=lambda entry: None if entry.saved else _("Not saved yet"),
        )
        self.history_table = small_table(self.history_model)
        self.record_button = QPushButton()
        self.record_button.clicked.connect(lambda: self.record_consent(None))
        self.current_label = QLabel()
        self.history_label = QLabel()
        self.error = FieldError()
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current_label)
        layout.addWidget(self.current_table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history_table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.current_label.setText(_("Consents now"))
        self.history_label.setText(_("History of consents"))
        self.record_button.setText(_("Record consent…"))
        self.record_button.setToolTip(
            _("Record that the person gave or revoked a consent, also on an earlier day (saved with the card)")
        )
        self.current_model.retranslate()
        self.history_model.retranslate()

    def load(self, consents: list[ConsentRecord]) -> None:
        """Show a member's consent events (empty for a new member)."""
        self._entries = [
            ConsentEntry(
                record.purpose, record.given, record.recorded_on, record.method, record.recorded_by, record.notes
            )
            for record in consents
        ]
        self.error.show_message(None)
        self._show()

    def _show(self) -> None:
        # Newest first; among events of one day the one recorded last wins, as in MemberDetail.current_consent.
        ordered = sorted(enumerate(self._entries), key=lambda pair: (pair[1].recorded_on, pair[0]), reverse=True)
        entries = [entry for _index, entry in ordered]
        self.history_model.set_rows(entries)
        self.current_model.set_rows(
            [
                ConsentState(purpose, next((entry for entry in entries if entry.purpose == purpose), None))
                for purpose in ConsentPurpose
            ]
        )

    def pending(self) -> list[ConsentEntry]:
        """Events recorded since the card was loaded, oldest first (the order they are saved in)."""
        return [entry for entry in self._entries if not entry.saved]

    def _purpose_at(self, row: int) -> ConsentPurpose | None:
        state = self.current_model.row_at(row)
        return state.purpose if state else None

    def record_consent(self, purpose: ConsentPurpose | None) -> None:
        """Open the form for a new consent event (for ``purpose``, when given)."""
        dialog = RecordConsentDialog(self.today, purpose, self)
        dialog.accepted.connect(lambda: self._dialog_accepted(dialog))
        self.dialog = dialog
        dialog.open()

    def _dialog_accepted(self, dialog: RecordConsentDialog) -> None:
        if dialog.entry is None:
            return
        self._entries.append(dialog.entry)
        self.error.show_message(None)
        self._show()
        self.changed.emit()

    def show_error(self, field: str, message: str) -> bool:
        """Say why a consent event was refused; False when the field is not about consents."""
        if field != "recorded_on":
            return False
        self.error.show_message(message)
        return True
