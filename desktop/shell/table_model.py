"""The shape of every table model: column specs, translated headers, sort role, row-object role, lazy rows.

A :class:`LazyTableModel` holds only the ordered list of row keys; rows are fetched a page at a time when the
view asks for them and kept in a bounded cache. Sorting asks the subclass for a new key list (the database
sorts); nothing is sorted in Python.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from db.core.i18n import _

Key = TypeVar("Key", bound=Hashable)
Row = TypeVar("Row")

SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2

_AnyIndex = QModelIndex | QPersistentModelIndex
_ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        SORT_ROLE,
        ROW_OBJECT_ROLE,
        KEY_ROLE,
    }
)


@dataclass(frozen=True)
class ColumnSpec:
    """One column: a stable key, its header (English source text) and how its cells align."""

    key: str
    title: str
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    sortable: bool = True


class ColumnsTableModel(QAbstractTableModel):
    """What every table of the program shares: columns from specs, translated headers, sorting by a column.

    Subclasses hold the rows and implement ``rowCount``, ``data`` and :meth:`apply_sort`.
    """

    def __init__(self, columns: Sequence[ColumnSpec], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder

    def apply_sort(self, unchanged: bool) -> None:
        """Put the rows in the order of :attr:`sort_column` and :attr:`sort_order`.

        ``unchanged`` says the order asked for is the one the rows are already in.
        """
        raise NotImplementedError

    def retranslate_headers(self) -> None:
        """Tell the views that the headers changed with the language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.columns)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)) or not self.columns[column].sortable:
            return
        unchanged = (column, order) == (self.sort_column, self.sort_order)
        self.sort_column = column
        self.sort_order = order
        self.apply_sort(unchanged)


class LazyTableModel(ColumnsTableModel, Generic[Key, Row]):
    """Base of the big tables. Subclasses implement :meth:`load_keys`, :meth:`load_rows` and :meth:`display`."""

    PAGE_SIZE = 150
    CACHE_LIMIT = 4000

    def __init__(self, columns: Sequence[ColumnSpec], parent: Any = None) -> None:
        super().__init__(columns, parent)
        self._keys: list[Key] = []
        self._positions: dict[Key, int] | None = None
        self._cache: OrderedDict[Key, Row] = OrderedDict()
        self._texts: dict[Key, list[str]] = {}
        self.loaded = False

    # -------------------------------------------------------------------------------- subclass hooks
    def load_keys(self) -> list[Key]:
        """Return the keys of every row to show, already filtered and sorted."""
        raise NotImplementedError

    def load_rows(self, keys: list[Key]) -> dict[Key, Row]:
        """Return the rows of ``keys`` (a page)."""
        raise NotImplementedError

    def display(self, row: Row, column: str) -> str:
        """Return the text of one cell."""
        raise NotImplementedError

    def tooltip(self, row: Row, column: str) -> str | None:
        """Return the tooltip of one cell (None for none)."""
        return None

    def foreground(self, row: Row, column: str) -> QColor | None:
        """Return a text colour for one cell (None for the default)."""
        return None

    # ---------------------------------------------------------------------------------------- public
    def reload(self) -> None:
        """Query the keys again (after a change or a new filter) and forget cached rows."""
        keys = self.load_keys()
        self.loaded = True
        self.beginResetModel()
        self._keys = keys
        self._positions = None
        self._cache.clear()
        self._texts.clear()
        self.endResetModel()

    def forget_rows(self, keys: Sequence[Key] = ()) -> None:
        """Drop cached rows (all when ``keys`` is empty) so they are read again when shown."""
        if not keys:
            self._cache.clear()
            self._texts.clear()
        for key in keys:
            self._cache.pop(key, None)
            self._texts.pop(key, None)
        if self._keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._keys) - 1, len(self.columns) - 1))

    def key_at(self, row: int) -> Key | None:
        """Return the key of a row, or None outside the table."""
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, key: Key) -> int | None:
        """Return the row that shows ``key``, or None."""
        if self._positions is None:
            self._positions = {value: index for index, value in enumerate(self._keys)}
        return self._positions.get(key)

    def row_object(self, row: int) -> Row | None:
        """Return the row shown at ``row`` (fetching its page if needed)."""
        if not 0 <= row < len(self._keys):
            return None
        key = self._keys[row]
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        self._fetch_page_around(row)
        return self._cache.get(key)

    def _fetch_page_around(self, row: int) -> None:
        start = max(0, row - self.PAGE_SIZE // 3)
        wanted = [key for key in self._keys[start : start + self.PAGE_SIZE] if key not in self._cache]
        for key, value in self.load_rows(wanted).items():
            self._cache[key] = value
        while len(self._cache) > self.CACHE_LIMIT:
            evicted, _row = self._cache.popitem(last=False)
            self._texts.pop(evicted, None)

    # ------------------------------------------------------------------------------------- Qt model
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks for a dozen roles of every visible cell on every repaint: unanswered roles leave first.
        if role not in _ANSWERED_ROLES:
            return None
        if not index.isValid() or not (0 <= index.row() < len(self._keys)) or index.column() >= len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == KEY_ROLE:
            return self._keys[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment)
        row = self.row_object(index.row())
        if row is None:
            # The row was deleted since the keys were read; the next reload removes it.
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == ROW_OBJECT_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            key = self._keys[index.row()]
            texts = self._texts.get(key)
            if texts is None:
                # Every cell of a row formatted once (dates, phone numbers, translated labels), not per repaint.
                texts = self._texts[key] = [self.display(row, spec.key) for spec in self.columns]
            return texts[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column.key)
        return self.foreground(row, column.key)

    def apply_sort(self, unchanged: bool) -> None:
        if not self.loaded:
            return  # a view setting its sort order on a model not read yet: the first reload uses it
        if unchanged:
            # Already in this order. QTableView.sortByColumn asks twice (once through the header's signal, once
            # itself), and 100 000 rows should not be read twice for one click.
            return
        # A reset rather than a layout change: the view re-selects by key afterwards, and no persistent index
        # can point at a wrong row.
        self.reload()

    def retranslate(self) -> None:
        """Tell the views that headers and translated cells changed with the language."""
        self.forget_rows()
        self.retranslate_headers()
