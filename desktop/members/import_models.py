"""What the import dialog shows: a preview of the file, the field each column is read as, and the problem rows.

The preview is read with the importer's own reader, so what the user sees is what the import will read; which
field a header means comes from the importer's header vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from db.core.i18n import N_, _, format_count, format_day
from db.members.io import Field, RowProblem
from db.members.io.headers import HEADER_ALIASES, IGNORE, header_key
from db.members.io.reader import Cell, read_table

PREVIEW_ROWS = 20
"""How many data rows of the file the first page shows."""

_AnyIndex = QModelIndex | QPersistentModelIndex

FIELD_TITLES: dict[Field, str] = {
    Field.MEMBER_NUMBER: N_("Member number"),
    Field.FIRST_NAME: N_("First name"),
    Field.LAST_NAME: N_("Last name"),
    Field.EMAIL: N_("E-mail"),
    Field.PHONE: N_("Phone"),
    Field.STREET: N_("Street address"),
    Field.CO_LINE: N_("c/o"),
    Field.POSTAL_CODE: N_("Postal code"),
    Field.CITY: N_("City"),
    Field.BRANCH: N_("Branch"),
    Field.JOINED_ON: N_("Joined"),
    Field.BIRTH_YEAR: N_("Birth year"),
    Field.LANGUAGE: N_("Language"),
    Field.KIND: N_("Kind"),
    Field.NOTES: N_("Notes"),
    Field.KANSLI_ID: N_("Kansli ID"),
}
"""The fields a column can be read as, in the order the column choosers list them (English source texts)."""


def cell_text(cell: Cell) -> str:
    """Return a cell as the preview shows it (dates of workbooks as the user writes them)."""
    return format_day(cell) if isinstance(cell, date) else cell


@dataclass(frozen=True)
class FilePreview:
    """The header line and the first rows of a member file, and how many rows it has."""

    path: Path
    headers: tuple[str, ...]
    lines: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]
    row_count: int

    def samples(self, column: int, count: int = 3) -> list[str]:
        """Return up to ``count`` distinct non-empty values of a column from the first rows, to show beside it."""
        values = [row[column].strip() for row in self.rows if column < len(row) and row[column].strip()]
        # Distinct values say more about a column than the same branch name three times.
        return list(dict.fromkeys(values))[:count]


def load_preview(path: Path, limit: int = PREVIEW_ROWS) -> FilePreview:
    """Read a member file for the preview; nothing is imported.

    Raises:
        UnreadableFileError: saying in plain words why the file cannot be read.
    """
    table = read_table(path)
    shown = table.rows[:limit]
    return FilePreview(
        path=path,
        headers=table.headers,
        lines=tuple(row.line for row in shown),
        rows=tuple(tuple(cell_text(cell) for cell in row.cells) for row in shown),
        row_count=len(table.rows),
    )


def detected_field(header: str) -> Field | None:
    """Return the field the import reads a header as by itself (None when it does not know the header)."""
    return HEADER_ALIASES.get(header_key(header)) if header.strip() else None


def header_map_for(headers: Sequence[str], chosen: Sequence[Field | None]) -> dict[str, str]:
    """Return the header map of the user's choices: only columns where they differ from what is detected.

    Columns without a header are left out: a header map finds columns by their header, and would take every
    column without one at once.
    """
    header_map: dict[str, str] = {}
    for header, choice in zip(headers, chosen, strict=False):
        if header.strip() and choice != detected_field(header):
            header_map[header] = choice.value if choice is not None else IGNORE
    return header_map


class PreviewModel(QAbstractTableModel):
    """The first rows of the file: its own headers on top, the line of each row in the file at the side."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._preview: FilePreview | None = None

    def set_preview(self, preview: FilePreview | None) -> None:
        """Show ``preview`` (None empties the table)."""
        self.beginResetModel()
        self._preview = preview
        self.endResetModel()

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self._preview is None else len(self._preview.rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._preview is None:
            return 0
        # A row may have more cells than the header line (the import refuses it; the preview shows why).
        return max([len(self._preview.headers), *(len(row) for row in self._preview.rows)])

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._preview is None or not index.isValid() or index.row() >= len(self._preview.rows):
            return None
        row = self._preview.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()] if index.column() < len(row) else ""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._preview is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(self._preview.lines[section]) if 0 <= section < len(self._preview.lines) else None
        if not 0 <= section < self.columnCount():
            return None
        header = self._preview.headers[section] if section < len(self._preview.headers) else ""
        return header or _("(column {number})").format(number=section + 1)

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        """Tell the views that the headers of columns without one changed with the language."""
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)


_PROBLEM_COLUMNS = (N_("Line"), N_("Column"), N_("Value"), N_("Reason"))


class ProblemsModel(QAbstractTableModel):
    """Every problem the check found: the line in the file, the column, the value and why it is refused."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._problems: list[RowProblem] = []

    def set_problems(self, problems: Sequence[RowProblem]) -> None:
        """Show ``problems`` in file order."""
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def problem_at(self, row: int) -> RowProblem | None:
        """Return the problem shown at ``row``, or None outside the table."""
        return self._problems[row] if 0 <= row < len(self._problems) else None

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(_PROBLEM_COLUMNS)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        problem = self.problem_at(index.row()) if index.isValid() else None
        if problem is None or index.column() >= len(_PROBLEM_COLUMNS):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        values = (format_count(problem.line), problem.column or "", problem.value or "", problem.reason)
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return _(_PROBLEM_COLUMNS[section]) if 0 <= section < len(_PROBLEM_COLUMNS) else None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        """Tell the views that the headers changed with the language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_PROBLEM_COLUMNS) - 1)
