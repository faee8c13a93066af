"""The tables of the Privacy view: the export log and the privacy actions, in the shape of every table model.

Both logs are short (a row per export or action, a few a week), so a model holds its rows as a list and sorts
them in Python; it keeps the shape of the big tables (column specs, translated headers, :data:`SORT_ROLE`,
:data:`ROW_OBJECT_ROLE`, :data:`KEY_ROLE`) so the view treats it like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from db.core.i18n import N_, _, format_count, format_moment, label_text
from db.core.text import fold
from db.privacy.events import PRIVACY_EVENT_LABELS, PrivacyEventKind, PrivacyEventRecord
from db.privacy.export_log import EXPORT_KIND_LABELS, ExportRecord
from desktop.shell.table_model import KEY_ROLE, ROW_OBJECT_ROLE, SORT_ROLE, ColumnSpec, ColumnsTableModel


class LoggedRow(Protocol):
    """What a row of a log has: an id (numbered in the order rows were logged)."""

    @property
    def id(self) -> int: ...


Row = TypeVar("Row", bound=LoggedRow)

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LogColumn(Generic[Row]):
    """A column: its spec (key, header, alignment), the text of a cell, and the value it sorts by."""

    spec: ColumnSpec
    text: Callable[[Row], str]
    sort_value: Callable[[Row], Any]


def _kind_label(kind: object, labels: dict[Any, str]) -> str:
    label = labels.get(kind)
    return _(label) if label is not None else str(kind)


def _moment(at: datetime) -> str:
    return format_moment(at)


EXPORT_COLUMNS: list[LogColumn[ExportRecord]] = [
    LogColumn(ColumnSpec("at", N_("When")), lambda row: _moment(row.at), lambda row: (row.at, row.id)),
    LogColumn(
        ColumnSpec("kind", N_("What")),
        lambda row: _kind_label(row.kind, EXPORT_KIND_LABELS),
        lambda row: fold(_kind_label(row.kind, EXPORT_KIND_LABELS)),
    ),
    LogColumn(
        ColumnSpec("description", N_("Description")),
        lambda row: label_text(row.description),
        lambda row: fold(label_text(row.description)),
    ),
    LogColumn(ColumnSpec("people", N_("People"), _RIGHT), lambda row: format_count(row.people), lambda row: row.people),
    LogColumn(
        ColumnSpec("recipient", N_("For whom")),
        lambda row: label_text(row.recipient or ""),
        lambda row: fold(label_text(row.recipient or "")),
    ),
    LogColumn(ColumnSpec("file", N_("File")), lambda row: row.file_name or "", lambda row: fold(row.file_name or "")),
]

EVENT_COLUMNS: list[LogColumn[PrivacyEventRecord]] = [
    LogColumn(ColumnSpec("at", N_("When")), lambda row: _moment(row.at), lambda row: (row.at, row.id)),
    LogColumn(
        ColumnSpec("kind", N_("What")),
        lambda row: _kind_label(row.kind, PRIVACY_EVENT_LABELS),
        lambda row: fold(_kind_label(row.kind, PRIVACY_EVENT_LABELS)),
    ),
    LogColumn(ColumnSpec("people", N_("People"), _RIGHT), lambda row: format_count(row.people), lambda row: row.people),
    LogColumn(
        ColumnSpec("description", N_("Description")),
        lambda row: label_text(row.description),
        lambda row: fold(label_text(row.description)),
    ),
]


class LogTableModel(ColumnsTableModel, Generic[Row]):
    """Rows of one log, newest first until the user sorts by another column."""

    def __init__(self, columns: Sequence[LogColumn[Row]], parent: Any = None) -> None:
        super().__init__([column.spec for column in columns], parent)
        self.log_columns: list[LogColumn[Row]] = list(columns)
        self._rows: list[Row] = []
        self.sort_order = Qt.SortOrder.DescendingOrder

    # ---------------------------------------------------------------------------------------------- public
    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows``, sorted as before."""
        self.beginResetModel()
        self._rows = self._sorted(list(rows))
        self.endResetModel()

    def rows(self) -> list[Row]:
        """The rows shown, in the order shown."""
        return list(self._rows)

    def row_at(self, row: int) -> Row | None:
        """The row object at ``row``, or None outside the table."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def retranslate(self) -> None:
        """Headers and translated cells (kinds, dates) in the current language."""
        self.retranslate_headers()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    def _sorted(self, rows: list[Row]) -> list[Row]:
        column = self.log_columns[self.sort_column]
        # Python's sort is stable: rows equal in the column keep the newest-first order they came in.
        return sorted(rows, key=column.sort_value, reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    # -------------------------------------------------------------------------------------------- Qt model
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.log_columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            # The tooltip repeats the cell: descriptions and file paths are often longer than their column.
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort_value(row)
        if role == ROW_OBJECT_ROLE:
            return row
        if role == KEY_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.spec.alignment)
        return None

    def apply_sort(self, unchanged: bool) -> None:
        # A reset rather than a layout change: no persistent index can point at a wrong row afterwards.
        self.beginResetModel()
        self._rows = self._sorted(self._rows)
        self.endResetModel()


def matches(row: ExportRecord, text: str) -> bool:
    """Whether an export's description, recipient or file contains ``text`` (regardless of case and accents)."""
    wanted = fold(text.strip())
    if not wanted:
        return True
    shown = (label_text(row.description), label_text(row.recipient or ""), row.file_name)
    return any(wanted in fold(value or "") for value in shown)


def event_kind_label(kind: PrivacyEventKind | str) -> str:
    """A privacy action's kind in the current language (an unknown kind as its stored text)."""
    return _kind_label(kind, PRIVACY_EVENT_LABELS)
