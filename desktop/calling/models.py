"""A small sortable table over a Python list, for the Calling tab's lists (campaigns, sheets, reasons, figures).

Those lists hold tens or hundreds of rows, so they are read whole and sorted in Python; each column sorts by its
own key (numbers as numbers, names by the Nordic alphabet) rather than by the text shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTableView

from db.core.i18n import _
from db.core.text import nordic_sort_key
from desktop.shell.table_model import ROW_OBJECT_ROLE

Row = TypeVar("Row")


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A column: its header (English source text), its text, and the key it sorts by (default: the text)."""

    title: str
    text: Callable[[Row], str]
    key: Callable[[Row], Any] | None = None
    tooltip: str = ""  # English source text
    align_right: bool = False


class SortedListModel(QAbstractTableModel, Generic[Row]):
    """Rows of plain objects shown through :class:`Column` s; sortable by any column."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        parent: Any = None,
        *,
        bold: Callable[[Row], bool] | None = None,
        muted: Callable[[Row], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Row] = []
        self._bold = bold
        self._muted = muted
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ROW_OBJECT_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self._bold is not None and self._bold(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and self._muted is not None and self._muted(row):
            return QBrush(QColor("#6e7781"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].tooltip:
            return _(self.columns[section].tooltip)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        spec = self.columns[column]

        def key(row: Row) -> Any:
            if spec.key is not None:
                return spec.key(row)
            return nordic_sort_key(spec.text(row))

        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))


def fit_columns(view: QTableView, stretch: int = 0) -> None:
    """Size a list's columns to their contents, the ``stretch`` column taking the room left."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    header.setStretchLastSection(False)


def show_given_order(view: QTableView) -> None:
    """Show no sort indicator until the user sorts: the rows come in their own order (the queue's, the sheets')."""
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
