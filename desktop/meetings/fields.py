"""Small form widgets of the meeting dialogs: an optional time, a text box that Tab leaves, a list of ticks."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import time

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QTimeEdit,
    QWidget,
)

from db.core.i18n import _
from db.meetings.records import ItemRecord

ID_ROLE = Qt.ItemDataRole.UserRole + 20  # the id a row of a tick list stands for


class OptionalTimeEdit(QWidget):
    """A time of day that may be left out: a check box turns the time field on."""

    changed = Signal()

    def __init__(self, value: time | None = None, default: time = time(18, 0), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled_box = QCheckBox()
        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat("HH:mm")
        self._default = default
        self.enabled_box.toggled.connect(self.time_edit.setEnabled)
        self.enabled_box.toggled.connect(lambda _on: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled_box)
        layout.addWidget(self.time_edit, 1)
        self.setFocusProxy(self.enabled_box)
        self.set_value(value)

    def value(self) -> time | None:
        """The time, or None when left out."""
        if not self.enabled_box.isChecked():
            return None
        chosen = self.time_edit.time()
        return time(chosen.hour(), chosen.minute())

    def set_value(self, value: time | None) -> None:
        """Show ``value`` (None leaves the time out)."""
        self.enabled_box.setChecked(value is not None)
        shown = value or self._default
        self.time_edit.setTime(QTime(shown.hour, shown.minute))
        self.time_edit.setEnabled(value is not None)

    def retranslate(self) -> None:
        self.enabled_box.setToolTip(_("Tick to give a time; leave empty when it is not known"))


def text_box(text: str | None = None, lines: int = 3, *, grow: bool = True) -> QPlainTextEdit:
    """A text field of a few lines for a background, a proposal or a decision; Tab moves on to the next field.

    ``grow``: the box takes the height the dialog has to spare (a proposal, a decision); otherwise it keeps to its
    ``lines`` (notes, a reason).
    """
    box = QPlainTextEdit(text or "")
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines + 14
    box.setMinimumHeight(height)
    if not grow:
        box.setMaximumHeight(height)
    return box


def unwrap_labels(labels: Iterable[QLabel]) -> None:
    """Keep each label on one line: a label too long for its column moves its field to the next line instead.

    A form row's label that wraps is cut at the height of its field ("Kutsu lähetetty" lost its lower half).
    """
    for label in labels:
        label.setWordWrap(False)


class TickList(QListView):
    """People (or anything with an id) to tick: who stepped out of an item, who dissented."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMinimumHeight(90)

    def set_entries(self, entries: Iterable[tuple[uuid.UUID, str]], ticked: Sequence[uuid.UUID]) -> None:
        """Show ``entries`` (id, text), those in ``ticked`` ticked."""
        self._model.clear()
        chosen = set(ticked)
        for entry_id, text in entries:
            item = QStandardItem(text)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(_checked(entry_id in chosen))
            item.setData(entry_id, ID_ROLE)
            self._model.appendRow(item)

    def ticked(self) -> tuple[uuid.UUID, ...]:
        """The ids ticked, in list order."""
        found = []
        for row in range(self._model.rowCount()):
            item = self._model.item(row)
            if item.checkState() == _checked(True):
                found.append(item.data(ID_ROLE))
        return tuple(found)

    def set_ticked(self, entry_id: uuid.UUID, ticked: bool) -> None:
        """Tick (or untick) the entry ``entry_id``, as a click on its box would."""
        for row in range(self._model.rowCount()):
            item = self._model.item(row)
            if item.data(ID_ROLE) == entry_id:
                item.setCheckState(_checked(ticked))

    def count(self) -> int:
        return self._model.rowCount()

    def showEvent(self, event: QShowEvent) -> None:
        """Open scrolled to the first ticked entry: a tick below the visible rows would go unseen."""
        super().showEvent(event)
        ticked = next(
            (row for row in range(self._model.rowCount()) if self._model.item(row).checkState() == _checked(True)),
            None,
        )
        if ticked is not None:
            self.scrollTo(self._model.index(ticked, 0), QAbstractItemView.ScrollHint.PositionAtCenter)


def _checked(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked


def select_value(box: QComboBox, value: object) -> None:
    """Select the item whose data equals ``value`` (the first when none does).

    Compared by value, not as ``QComboBox.findData`` does: an id read again from the database is an equal but
    different object, which ``findData`` would not find.
    """
    box.setCurrentIndex(index_of(box, value))


def index_of(box: QComboBox, value: object) -> int:
    """The index of the item whose data equals ``value``, else 0."""
    return next((index for index in range(box.count()) if box.itemData(index) == value), 0)


def item_choices(items: Sequence[ItemRecord]) -> list[tuple[int, str]]:
    """The items as a § chooser lists them: (§ number, "5 § Finances")."""
    return [(item.section, f"{item.section_label} {item.title}") for item in items]
