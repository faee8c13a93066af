"""Form widgets shared by the tabs: a refused value beside its field, optional dates, a member picker, tables."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.core.database import Database
from db.core.i18n import _
from db.members.search import find_members
from desktop.shell.table_model import ROW_OBJECT_ROLE
from desktop.shell.widgets import qdate

Row = TypeVar("Row")

_INVALID_STYLE = "border: 2px solid #cf222e; border-radius: 3px;"
_ERROR_COLOR = "#cf222e"


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Give a field a red frame (or take it away); the ``invalid`` property lets tests and styles see it."""
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet(f"{type(widget).__name__} {{ {_INVALID_STYLE} }}" if invalid else "")


class FieldError(QLabel):
    """The reason a value is refused, shown beside its field; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {_ERROR_COLOR};")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str | None) -> None:
        """Show ``message``, or hide the line when it is None or empty."""
        self.setText(message or "")
        self.setVisible(bool(message))


def with_error(field: QWidget, error: FieldError) -> QWidget:
    """Put a field and its error line together, the error under the field, for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


class OptionalDateEdit(QWidget):
    """A date that may be left unset: a check box turns the date field on."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled_box = QCheckBox()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setEnabled(False)
        self.enabled_box.toggled.connect(self.date_edit.setEnabled)
        self.enabled_box.toggled.connect(lambda _on: self.changed.emit())
        self.date_edit.dateChanged.connect(lambda _day: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled_box)
        layout.addWidget(self.date_edit, 1)
        self.setFocusProxy(self.enabled_box)

    def value(self) -> date | None:
        """The date, or None when unset."""
        if not self.enabled_box.isChecked():
            return None
        value = self.date_edit.date().toPython()
        assert isinstance(value, date)
        return value

    def set_value(self, value: date | None) -> None:
        """Show ``value`` (None leaves the date unset)."""
        self.enabled_box.setChecked(value is not None)
        self.date_edit.setDate(qdate(value) if value is not None else QDate.currentDate())

    def retranslate(self) -> None:
        self.enabled_box.setToolTip(_("Tick to give a date; leave empty when it is not known"))


_MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 10
_MIN_QUERY = 2


class MemberPicker(QLineEdit):
    """Pick a member by typing any part of their name, number, phone or e-mail (search as you type)."""

    member_chosen = Signal(object)
    """The chosen member's id (uuid.UUID)."""

    def __init__(self, database: Database, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._today = today
        self.exclude: set[uuid.UUID] = set()
        self.chosen_id: uuid.UUID | None = None
        self._committed: tuple[uuid.UUID | None, str] = (None, "")
        self.setClearButtonEnabled(True)
        self._model = QStandardItemModel(self)
        # The database already filtered the list: the completer must show it as it is.
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.textEdited.connect(self._search)
        self.editingFinished.connect(self._restore)

    def suggestions(self) -> list[tuple[uuid.UUID, str]]:
        """The members offered for the text typed so far (id, line shown)."""
        return [
            (self._model.item(row).data(_MEMBER_ID_ROLE), self._model.item(row).text())
            for row in range(self._model.rowCount())
        ]

    def _search(self, text: str) -> None:
        self.chosen_id = None
        self._model.clear()
        if len(text.strip()) < _MIN_QUERY:
            self._popup().hide()
            return
        with self._database.reading() as session:
            found = find_members(session, text, self._today, limit=15)
        for summary in found:
            if summary.id in self.exclude:
                continue
            details = ", ".join(part for part in (summary.member_number, summary.branch_name, summary.city) if part)
            item = QStandardItem(f"{summary.full_name} ({details})" if details else summary.full_name)
            item.setData(summary.id, _MEMBER_ID_ROLE)
            item.setData(summary.full_name, Qt.ItemDataRole.UserRole)
            self._model.appendRow(item)
        if self._model.rowCount():
            self._completer.complete()
        else:
            self._popup().hide()

    def completer_popup(self) -> QAbstractItemView:
        """The list of suggestions under the field."""
        return self._popup()

    def _popup(self) -> QAbstractItemView:
        popup = self._completer.popup()
        assert popup is not None  # a completer always has its popup once it has a widget
        return popup

    def choose_suggestion(self, row: int) -> None:
        """Take the suggestion on ``row`` (what Enter or a click on the list does)."""
        self._activated(self._model.index(row, 0))

    def _activated(self, index: QModelIndex) -> None:
        member_id = index.data(_MEMBER_ID_ROLE)
        if member_id is None:
            return
        self.set_member(member_id, str(index.data(Qt.ItemDataRole.UserRole)))
        self._popup().hide()
        self.member_chosen.emit(member_id)

    def set_member(self, member_id: uuid.UUID | None, name: str) -> None:
        """Show a member as chosen without offering suggestions."""
        self.chosen_id = member_id
        self._committed = (member_id, name)
        self.setText(name)

    def _restore(self) -> None:
        # Text typed but not chosen from the list changes nothing, so the field goes back to saying so.
        if not self._popup().isVisible() and self.text() != self._committed[1]:
            self.set_member(*self._committed)


@dataclass(frozen=True)
class ListColumn(Generic[Row]):
    """One column of a :class:`ListTableModel`: its header (English source text) and how a row shows in it."""

    title: str
    text: Callable[[Row], str]


class ListTableModel(QAbstractTableModel, Generic[Row]):
    """A small read-only table over a Python list (a card's memberships, consents, history)."""

    def __init__(
        self,
        columns: Sequence[ListColumn[Row]],
        parent: Any = None,
        *,
        italic: Callable[[Row], bool] | None = None,
        tooltip: Callable[[Row], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Row] = []
        self._italic = italic
        self._tooltip = tooltip

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows``."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        """The rows shown."""
        return list(self._rows)

    def row_at(self, row: int) -> Row | None:
        """The row object at ``row``, or None outside the table."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or index.column() >= len(self.columns):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()].text(row)
        if role == ROW_OBJECT_ROLE:
            return row
        if role == Qt.ItemDataRole.FontRole and self._italic is not None and self._italic(row):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return _(self.columns[section].title)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        """Headers and translated cells in the current language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))


def small_table(model: QAbstractItemModel) -> QTableView:
    """A compact read-only table for a card section."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    # Few rows: columns as wide as their contents, the last one taking the rest.
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setTabKeyNavigation(False)
    return view
