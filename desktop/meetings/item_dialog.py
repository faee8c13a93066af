"""An agenda item (§): title, kind, background, proposal, decision, who stepped out and who dissented.

Typed in during or after the meeting, so the dialog is made for the keyboard: Tab moves from field to field (never
into the text), Ctrl+Enter saves, and closing it with changes unsaved asks first. A refused value leaves the
dialog open with everything as it was typed.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from db.core.i18n import N_, Label, _
from db.meetings.agenda import add_item, update_item
from db.meetings.models import ITEM_KIND_LABELS, AttendanceStatus, ItemKind
from db.meetings.records import ItemData, ItemRecord, MeetingDetail
from desktop.branches.forms import FormDialog, enum_combo, label_combo, new_form
from desktop.meetings.common import save_meeting_change
from desktop.meetings.fields import TickList, select_value, text_box, unwrap_labels
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm


class ItemDialog(FormDialog):
    """Add an item to a meeting's agenda, or change one."""

    def __init__(
        self,
        context: ShellContext,
        detail: MeetingDetail,
        item: ItemRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.detail = detail
        self.item = item
        self.item_id = item.id if item else None
        self._read_only = False
        self.title = QLineEdit(item.title if item else "")
        self.title.setMaxLength(300)
        self.kind = enum_combo(ItemKind)
        select_value(self.kind, item.kind if item else ItemKind.ORDINARY)
        self.background = text_box(item.background if item else None, lines=4)
        self.proposal = text_box(item.proposal if item else None, lines=3)
        self.decision = text_box(item.decision if item else None, lines=3)
        self.as_proposed = QPushButton()
        self.as_proposed.clicked.connect(self.copy_proposal)
        decision_box = QWidget()
        decision_layout = QVBoxLayout(decision_box)
        decision_layout.setContentsMargins(0, 0, 0, 0)
        decision_layout.addWidget(self.decision)
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.as_proposed)
        decision_row.addStretch(1)
        decision_layout.addLayout(decision_row)
        people = [
            (person.id, person.name)
            for person in detail.attendees
            if person.status == AttendanceStatus.PRESENT
            or (item is not None and (person.id in item.recused or person.id in item.dissenters))
        ]
        self.recused = TickList()
        self.recused.set_entries(people, item.recused if item else ())
        self.dissent = text_box(item.dissent if item else None, lines=2)
        self.dissenters = TickList()
        self.dissenters.set_entries(people, item.dissenters if item else ())

        self.add_row("title", self.title)
        self.add_row("kind", self.kind)
        self.add_row("background", self.background)
        self.add_row("proposal", self.proposal)
        self.add_row("decision", decision_box)
        unwrap_labels(self.labels.values())
        # The people of the item in a column of their own: the dialog stays low enough for a 768-pixel screen.
        left = self.form
        self.form = new_form()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.add_row("recused", self.recused)
        self.add_row("dissent", self.dissent)
        self.add_row("dissenters", self.dissenters)
        for key in ("recused", "dissent", "dissenters"):
            self.labels[key].setWordWrap(False)  # above its field: the whole column is the label's
        right = self.form
        self.form = left
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.takeAt(0)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        outer.insertLayout(0, columns)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        self.enter_shortcut = QShortcut(QKeySequence("Ctrl+Enter"), self, self.accept)
        # Ctrl+Enter inside a text box too, where the box would otherwise take the key as a new line.
        for box in (self.background, self.proposal, self.decision, self.dissent):
            box.installEventFilter(self)
        self.setMinimumWidth(860)
        self._typed = self.data()
        self.retranslate()
        self.title.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        code = self.detail.summary.code
        if self.item is None:
            self.setWindowTitle(_("New item for {meeting}").format(meeting=code))
        else:
            self.setWindowTitle(f"{code} {self.item.section_label}")
        for key, text in (
            ("title", _("&Title")),
            ("kind", _("&Kind")),
            ("background", _("&Background")),
            ("proposal", _("&Proposal")),
            ("decision", _("&Decision")),
            ("recused", _("Stepped out (conflict of &interest)")),
            ("dissent", _("Dissenting &opinion")),
            ("dissenters", _("Who di&ssented")),
        ):
            self.labels[key].setText(text)
        label_combo(self.kind, ITEM_KIND_LABELS)
        self.as_proposed.setText(_("&As proposed"))
        self.as_proposed.setToolTip(_("Write the proposal as the decision"))
        self.background.setPlaceholderText(_("What the board needs to know to decide"))
        self.proposal.setPlaceholderText(_("What the chair or the secretary proposes"))
        self.decision.setPlaceholderText(_("What the meeting decided; empty until it has"))
        self.recused.setToolTip(_("Tick the people who left the room for this item because of a conflict of interest"))
        self.dissenters.setToolTip(_("Tick the people who had their dissenting opinion recorded"))
        self.buttons.setToolTip(_("Ctrl+Enter saves"))
        if self._read_only:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and not self._read_only
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def set_read_only(self) -> None:
        """Show the item of locked minutes: everything readable, nothing to change."""
        self.title.setReadOnly(True)
        for box in (self.background, self.proposal, self.decision, self.dissent):
            box.setReadOnly(True)
        for widget in (self.kind, self.recused, self.dissenters):
            widget.setEnabled(False)
        self.as_proposed.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self._read_only = True
        self.save_shortcut.setEnabled(False)
        self.enter_shortcut.setEnabled(False)

    def copy_proposal(self) -> None:
        """Take the proposal as the decision (a decision already typed is kept unless it is empty)."""
        proposal = self.proposal.toPlainText().strip()
        if proposal and not self.decision.toPlainText().strip():
            self.decision.setPlainText(proposal)
        self.decision.setFocus()

    def data(self) -> ItemData:
        """What is typed."""
        return ItemData(
            title=self.title.text(),
            kind=self.kind.currentData(),
            background=self.background.toPlainText(),
            proposal=self.proposal.toPlainText(),
            decision=self.decision.toPlainText(),
            recused=self.recused.ticked(),
            dissent=self.dissent.toPlainText(),
            dissenters=self.dissenters.ticked(),
        )

    def is_changed(self) -> bool:
        """Whether anything was typed or ticked since the dialog opened."""
        return self.data() != self._typed

    def save(self) -> None:
        data = self.data()
        meeting_id, existing = self.detail.summary.id, self.item_id
        code = self.detail.summary.code

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                return add_item(session, meeting_id, data)
            update_item(session, existing, data)
            return existing

        if existing is None:
            label = Label(N_("Add an item to {meeting}"), meeting=code)
        else:
            section = self.item.section_label if self.item else ""
            label = Label(N_("Edit {section} of {meeting}"), section=section, meeting=code)
        self.item_id = save_meeting_change(self.context, label, work)
        self._typed = data

    def reject(self) -> None:
        """Close without saving, asking first when something was typed."""
        if self.is_changed() and not confirm(
            self,
            _("Unsaved changes"),
            _("Close the item without saving what you typed?"),
            _("Close without saving"),
        ):
            return
        super().reject()
