"""Who exchanges packages: this computer and the party office, with the fingerprints to compare by phone."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import _, format_moment
from db.sync.models import NodeRole
from desktop.sync.state import SyncState

_NOTE_STYLE = "color: #57606a;"


def _fingerprint_label() -> QLabel:
    label = QLabel()
    label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _note() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(_NOTE_STYLE)
    return label


class _NodeBox(QGroupBox):
    """One side of the exchange: its name, its fingerprint and a line about it."""

    def __init__(self) -> None:
        super().__init__()
        self.name = QLabel()
        self.name.setStyleSheet("font-weight: 600;")
        self.name.setWordWrap(True)
        self.fingerprint = _fingerprint_label()
        self.fingerprint_title = QLabel()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(_NOTE_STYLE)
        layout = QFormLayout(self)
        layout.addRow(self.name)
        layout.addRow(self.fingerprint_title, self.fingerprint)
        layout.addRow(self.detail)


class IdentityPanel(QWidget):
    """Not enrolled yet (with "Enrol with a file…"), a district and its party office, or the central office."""

    enrol_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = SyncState()

        # Not enrolled yet.
        self.start_page = QWidget()
        self.start_title = QLabel()
        self.start_title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.start_title.setWordWrap(True)
        self.start_text = QLabel()
        self.start_text.setWordWrap(True)
        self.enrol_button = QPushButton()
        self.enrol_button.clicked.connect(self.enrol_requested.emit)
        start = QVBoxLayout(self.start_page)
        start.setContentsMargins(0, 0, 0, 0)
        start.addWidget(self.start_title)
        start.addWidget(self.start_text)
        button_row = QHBoxLayout()
        button_row.addWidget(self.enrol_button)
        button_row.addStretch(1)
        start.addLayout(button_row)

        # Enrolled: the two sides side by side.
        self.pair_page = QWidget()
        self.own = _NodeBox()
        self.peer = _NodeBox()
        self.compare_note = _note()
        pair = QVBoxLayout(self.pair_page)
        pair.setContentsMargins(0, 0, 0, 0)
        boxes = QHBoxLayout()
        boxes.addWidget(self.own, 1)
        boxes.addWidget(self.peer, 1)
        pair.addLayout(boxes)
        pair.addWidget(self.compare_note)

        # The central office's own store: run from the command line.
        self.central_page = QWidget()
        self.central_box = _NodeBox()
        self.central_note = _note()
        self.central_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        central = QVBoxLayout(self.central_page)
        central.setContentsMargins(0, 0, 0, 0)
        central.addWidget(self.central_box)
        central.addWidget(self.central_note)

        # Pages shown one at a time in a plain layout (not a stack, which is as tall as its tallest page).
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for page in (self.start_page, self.pair_page, self.central_page):
            layout.addWidget(page)
            page.hide()
        self.start_page.show()
        self._current: QWidget = self.start_page

    def show_state(self, state: SyncState) -> None:
        """Show the enrolment as ``state`` has it."""
        self._state = state
        if state.role is None:
            shown = self.start_page
        elif state.role is NodeRole.CENTRAL:
            shown = self.central_page
        else:
            shown = self.pair_page
        for page in (self.start_page, self.pair_page, self.central_page):
            page.setVisible(page is shown)
        self._current = shown
        self.retranslate()

    def current_page(self) -> QWidget:
        """The page shown: not enrolled, a district with its party office, or the central office."""
        return self._current

    def retranslate(self) -> None:
        state = self._state
        self.start_title.setText(_("This computer is not enrolled with the party office yet"))
        self.start_text.setText(
            _(
                "Ask the party office for this district's enrolment file (it ends in .kansli-enrol) and enrol with it."
                " Kansli then writes a reply file: send it back to the party office, and compare the two fingerprints"
                " with them by phone. After that, packages carry the changes both ways."
            )
        )
        self.enrol_button.setText(_("&Enrol with a file…"))
        self.enrol_button.setToolTip(_("Choose the enrolment file the party office sent for this district"))
        for box in (self.own, self.peer, self.central_box):
            box.fingerprint_title.setText(_("Fingerprint:"))
            box.fingerprint.setToolTip(_("Read it aloud to the other side by phone; it must be the same there"))
        self.own.setTitle(_("This computer"))
        self.own.name.setText(
            _("{name} (district {code})").format(name=state.name, code=state.district_code or "")
            if state.district_code
            else state.name
        )
        self.own.fingerprint.setText(state.fingerprint)
        self.own.detail.setText(_("Its keys are kept inside this district's encrypted database."))
        central = state.central_peer
        self.peer.setTitle(_("Party office"))
        if central is not None:
            self.peer.name.setText(central.name)
            self.peer.fingerprint.setText(central.fingerprint or "")
            enrolled = state.enrolled_at.get(central.name)
            self.peer.detail.setText(
                _("Enrolled {when}.").format(when=format_moment(enrolled)) if enrolled is not None else ""
            )
        self.compare_note.setText(
            _(
                "Compare both fingerprints with the party office by phone: read them aloud to each other. If either"
                " differs, a file was changed on its way: do not exchange packages, and call the party office."
            )
        )
        self.central_box.setTitle(_("This computer"))
        self.central_box.name.setText(_("{name} (central office)").format(name=state.name))
        self.central_box.fingerprint.setText(state.fingerprint)
        self.central_box.detail.setText("")
        self.central_note.setText(
            _(
                "This is the central office's store. The central office adds districts, reads their packages and"
                " makes packages for them with the kansli central commands: add-district, import, export and"
                " status. The packages it has made and read are listed below."
            )
        )

    def fingerprints(self) -> list[str]:
        """The fingerprints shown (this computer's first)."""
        if self._current is self.pair_page:
            return [self.own.fingerprint.text(), self.peer.fingerprint.text()]
        if self._current is self.central_page:
            return [self.central_box.fingerprint.text()]
        return []
