"""Volunteer interests on the member card: the district's vocabulary as a list to tick."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from db.core.i18n import _, current_language
from db.members.interests import InterestRecord

_ID_ROLE = Qt.ItemDataRole.UserRole


class InterestsSection(QWidget):
    """What the member would like to do; an interest no longer offered shows only while the member has it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dirty = False
        self._records: list[InterestRecord] = []
        self._loading = False
        self.model = QStandardItemModel(self)
        self.model.itemChanged.connect(self._item_changed)
        self.view = QListView()
        self.view.setModel(self.model)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.hint.setText(_("What would this person like to do? Tick every interest that applies."))
        self._fill(self.checked_ids())

    def load(self, records: list[InterestRecord], selected: list[uuid.UUID]) -> None:
        """Offer ``records`` (active ones, and inactive ones the member has) with ``selected`` ticked."""
        chosen = set(selected)
        self._records = [record for record in records if record.active or record.id in chosen]
        self._fill(chosen)
        self.dirty = False

    def _fill(self, chosen: set[uuid.UUID]) -> None:
        self._loading = True
        self.model.clear()
        language = current_language()
        for record in self._records:
            name = record.name_in(language)
            item = QStandardItem(name if record.active else _("{name} (no longer offered)").format(name=name))
            item.setData(record.id, _ID_ROLE)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if record.id in chosen else Qt.CheckState.Unchecked)
            self.model.appendRow(item)
        self._loading = False

    def checked_ids(self) -> set[uuid.UUID]:
        """The interests ticked."""
        return {
            self.model.item(row).data(_ID_ROLE)
            for row in range(self.model.rowCount())
            if self.model.item(row).checkState() == Qt.CheckState.Checked
        }

    def set_checked(self, interest_id: uuid.UUID, checked: bool) -> None:
        """Tick or untick one interest (what a click does)."""
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.data(_ID_ROLE) == interest_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _item_changed(self, _item: QStandardItem) -> None:
        if not self._loading:
            self.dirty = True
            self.changed.emit()
