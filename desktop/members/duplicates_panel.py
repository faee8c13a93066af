"""The warning above a new member's card: "this person may already be in the register".

While names, birth year, member number, phones or e-mail addresses are typed, the panel asks
:func:`db.members.duplicates.duplicate_candidates` (after a pause of a quarter second, so that typing stays
smooth) and lists the people found, why each was found, and a button to open them instead. "It's a different
person" hides a candidate for the rest of this new member's card.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.core.database import Database
from db.core.i18n import _
from db.members.duplicates import DUPLICATE_REASON_LABELS, DuplicateReason, duplicate_candidates
from db.members.listing import summaries_by_id
from db.members.records import ContactData, PersonData

DEBOUNCE_MS = 250


@dataclass(frozen=True)
class ShownCandidate:
    """A possible duplicate as the panel shows it."""

    member_id: uuid.UUID
    name: str
    branch_name: str | None
    reasons: tuple[DuplicateReason, ...]

    def reason_text(self) -> str:
        return ", ".join(_(DUPLICATE_REASON_LABELS[reason]) for reason in self.reasons)


class DuplicatesPanel(QFrame):
    """Possible duplicates of the member being typed; hidden when there are none."""

    open_requested = Signal(object)
    """The user wants to see this existing member (uuid.UUID) instead."""

    updated = Signal()
    """A check finished and the list shown is up to date."""

    def __init__(
        self,
        database: Database,
        today: date,
        probe: Callable[[], tuple[PersonData, list[ContactData]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._today = today
        self._probe = probe
        self.active = False
        self.dismissed: set[uuid.UUID] = set()
        self.candidates: list[ShownCandidate] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.check_now)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("DuplicatesPanel { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 4px; }")
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        self.rows = QGridLayout()
        self.rows.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.rows)
        self._row_widgets: list[QWidget] = []
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("This person may already be in the register:"))
        self._show()

    def start(self) -> None:
        """Begin checking for a new member: nothing dismissed, nothing shown."""
        self.active = True
        self.dismissed.clear()
        self.candidates = []
        self._show()

    def stop(self) -> None:
        """Stop checking (an existing member is shown)."""
        self.active = False
        self._timer.stop()
        self.candidates = []
        self._show()

    def schedule(self) -> None:
        """Check again once typing pauses."""
        if self.active:
            self._timer.start()

    def check_now(self) -> None:
        """Ask the register for possible duplicates of what is typed now."""
        self._timer.stop()
        if not self.active:
            return
        person, contacts = self._probe()
        found = []
        if person.first_name or person.last_name or person.member_number or contacts:
            with self._database.reading() as session:
                candidates = duplicate_candidates(session, person, contacts)
                ids = [candidate.member_id for candidate in candidates if candidate.member_id not in self.dismissed]
                summaries = summaries_by_id(session, ids, self._today)
            order = list(DuplicateReason)
            for candidate in candidates:
                summary = summaries.get(candidate.member_id)
                if summary is None:
                    continue
                reasons = tuple(sorted(candidate.reasons, key=order.index))
                found.append(ShownCandidate(summary.id, summary.full_name, summary.branch_name, reasons))
        self.candidates = found
        self._show()
        self.updated.emit()

    def dismiss(self, member_id: uuid.UUID) -> None:
        """The user says this candidate is a different person: do not show them again for this new member."""
        self.dismissed.add(member_id)
        self.candidates = [candidate for candidate in self.candidates if candidate.member_id != member_id]
        self._show()

    def has_candidates(self) -> bool:
        """Whether a warning is shown."""
        return self.active and bool(self.candidates)

    def _show(self) -> None:
        for widget in self._row_widgets:
            self.rows.removeWidget(widget)
            widget.deleteLater()
        self._row_widgets = []
        for row, candidate in enumerate(self.candidates):
            text = candidate.name
            if candidate.branch_name:
                text = _("{name}, {branch}").format(name=candidate.name, branch=candidate.branch_name)
            label = QLabel(_("{who} — {why}").format(who=text, why=candidate.reason_text()))
            label.setWordWrap(True)
            open_button = QPushButton(_("Open"))
            open_button.setToolTip(_("Show this member instead of the new one"))
            open_button.clicked.connect(lambda _checked=False, key=candidate.member_id: self.open_requested.emit(key))
            different = QPushButton(_("It's a different person"))
            different.setToolTip(_("Stop warning about this member while adding the new one"))
            different.clicked.connect(lambda _checked=False, key=candidate.member_id: self.dismiss(key))
            for column, widget in enumerate((label, open_button, different)):
                self.rows.addWidget(widget, row, column)
                self._row_widgets.append(widget)
        self.setVisible(self.has_candidates())

    def buttons_of(self, member_id: uuid.UUID) -> tuple[QPushButton, QPushButton] | None:
        """The Open and "different person" buttons of a candidate shown (None when not shown)."""
        for index, candidate in enumerate(self.candidates):
            if candidate.member_id == member_id:
                open_button = self._row_widgets[index * 3 + 1]
                different = self._row_widgets[index * 3 + 2]
                assert isinstance(open_button, QPushButton) and isinstance(different, QPushButton)
                return open_button, different
        return None
