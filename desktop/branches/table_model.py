"""The branches table: one row per branch with its counts, latest grade and what needs the district's attention.

A district has a few dozen branches, so the model holds every row of :func:`db.branches.overview.branch_overview`
and filters and sorts them in Python; it keeps the shape of the big tables (column specs, translated headers,
:data:`SORT_ROLE`, :data:`ROW_OBJECT_ROLE`) so the tab treats it like any other.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from db.branches.chairs_meetings import ABSENCE_LIMIT, ABSENCE_WINDOW
from db.branches.models import BRANCH_LANGUAGE_LABELS, POSITION_ROLE_LABELS, BranchStatus, PositionRole
from db.branches.overview import BranchOverviewRow
from db.core.i18n import N_, _, format_count
from db.core.text import fold
from desktop.shell.table_model import KEY_ROLE, ROW_OBJECT_ROLE, SORT_ROLE, ColumnSpec, ColumnsTableModel

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_AnyIndex = QModelIndex | QPersistentModelIndex

# The flags come right after the name: they are what the ombudsman scans the list for, and the last columns of
# a table beside the branch page are often scrolled out of sight.
COLUMNS = [
    ColumnSpec("name", N_("Name")),
    ColumnSpec("flags", N_("Needs attention")),
    ColumnSpec("municipality", N_("Municipality")),
    ColumnSpec("language", N_("Language")),
    ColumnSpec("members", N_("Members"), _RIGHT),
    ColumnSpec("active_members", N_("Active members"), _RIGHT),
    ColumnSpec("new_members", N_("New this year"), _RIGHT),
    ColumnSpec("chair", N_("Chair")),
    ColumnSpec("grade", N_("Latest grade"), _RIGHT),
]
COLUMN_KEYS = [column.key for column in COLUMNS]
NAME_COLUMN = COLUMN_KEYS.index("name")
FLAGS_COLUMN = COLUMN_KEYS.index("flags")

# Short words for the flags column (the full sentence is in the tooltip): the column must stay narrow.
ROLE_SHORT_LABELS = {
    PositionRole.EVENTS_OFFICER: N_("events"),
    PositionRole.RECRUITMENT_OFFICER: N_("recruitment"),
    PositionRole.COMMUNICATIONS_OFFICER: N_("communication"),
    PositionRole.VOLUNTEER_COORDINATOR: N_("volunteers"),
}
_FLAG_COLOR = QColor("#cf222e")
_INACTIVE_COLOR = QColor("#8c959f")


def flag_words(row: BranchOverviewRow) -> list[str]:
    """The short words of a row's raised flags, in the current language ("no survey", "absent", …)."""
    words = []
    if row.no_recent_survey:
        words.append(_("no survey"))
    if row.repeatedly_absent:
        words.append(_("absent"))
    if row.missing_roles:
        roles = ", ".join(_(ROLE_SHORT_LABELS[role]) for role in row.missing_roles)
        words.append(_("missing: {roles}").format(roles=roles))
    if row.low_grade_without_mentor:
        words.append(_("low grade, no mentor"))
    return words


def flag_sentences(row: BranchOverviewRow) -> list[str]:
    """The raised flags of a row as whole sentences (the tooltip, the branch page's header)."""
    sentences = []
    if row.no_recent_survey:
        sentences.append(_("No survey grade this year or last year."))
    if row.repeatedly_absent:
        sentences.append(
            _("Absent from {absent} of the last {window} chairs' meetings: contact the branch.").format(
                absent=ABSENCE_LIMIT, window=ABSENCE_WINDOW
            )
        )
    if row.missing_roles:
        roles = ", ".join(_(POSITION_ROLE_LABELS[role]) for role in row.missing_roles)
        sentences.append(_("Nobody holds these tasks: {roles}.").format(roles=roles))
    if row.low_grade_without_mentor:
        sentences.append(
            _("Graded itself {grade} in {year} and has no mentor branch.").format(
                grade=row.latest_grade, year=row.latest_grade_year
            )
        )
    return sentences


def _sort_value(row: BranchOverviewRow, column: str) -> Any:
    # Numbers sort as numbers and names as folded text (Å after Z in Swedish is not worth a collator here).
    if column == "name":
        return fold(row.name)
    if column == "municipality":
        return fold(row.municipality or "")
    if column == "language":
        return _(BRANCH_LANGUAGE_LABELS[row.language])
    if column == "members":
        return row.members
    if column == "active_members":
        return row.active_members
    if column == "new_members":
        return row.new_members_this_year
    if column == "chair":
        return fold(row.chair_name or "")
    if column == "grade":
        return (row.latest_grade or 0, row.latest_grade_year or 0)
    return len(flag_words(row))


class BranchesTableModel(ColumnsTableModel):
    """The branches that pass the search text and the "needs attention" toggle, in the order of a column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)
        self._all: list[BranchOverviewRow] = []
        self._rows: list[BranchOverviewRow] = []
        self.text = ""
        self.attention_only = False
        self.only_ids: frozenset[uuid.UUID] | None = None
        self.sort_column = NAME_COLUMN

    # ---------------------------------------------------------------------------------------------- public
    def set_rows(self, rows: Sequence[BranchOverviewRow]) -> None:
        """Show ``rows`` (every live branch), filtered and sorted as before."""
        self._all = list(rows)
        self._rebuild()

    def set_filter(self, text: str, attention_only: bool, only_ids: frozenset[uuid.UUID] | None = None) -> None:
        """Show the branches whose name or municipality contains ``text``; only flagged ones if asked.

        ``only_ids`` narrows the list to some branches (the Overview's "open the list behind this").
        """
        self.text = text
        self.attention_only = attention_only
        self.only_ids = only_ids
        self._rebuild()

    def total(self) -> int:
        """How many branches there are without any filter."""
        return len(self._all)

    def is_filtered(self) -> bool:
        """Whether the search or the toggle hides any branch."""
        return bool(self.text.strip()) or self.attention_only or self.only_ids is not None

    def row_at(self, row: int) -> BranchOverviewRow | None:
        """The branch shown on ``row``, or None outside the table."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def key_at(self, row: int) -> uuid.UUID | None:
        """The id of the branch on ``row``, or None."""
        found = self.row_at(row)
        return found.id if found else None

    def row_of(self, branch_id: uuid.UUID | None) -> int | None:
        """The row that shows ``branch_id``, or None."""
        for index, row in enumerate(self._rows):
            if row.id == branch_id:
                return index
        return None

    def retranslate(self) -> None:
        """Headers and translated cells (language, flags) in the current language."""
        self.retranslate_headers()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    def _rebuild(self) -> None:
        wanted = fold(self.text.strip())
        rows = [
            row
            for row in self._all
            if (not wanted or wanted in fold(row.name) or wanted in fold(row.municipality or ""))
            and (row.needs_attention or not self.attention_only)
            and (self.only_ids is None or row.id in self.only_ids)
        ]
        column = self.columns[self.sort_column].key
        # Python's sort is stable: equal values keep the name order branch_overview gave them.
        rows.sort(key=lambda row: _sort_value(row, column), reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        # A reset rather than a layout change: the tab selects its branch again by id afterwards.
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    # -------------------------------------------------------------------------------------------- Qt model
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column.key)
        if role == SORT_ROLE:
            return _sort_value(row, column.key)
        if role == ROW_OBJECT_ROLE:
            return row
        if role == KEY_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column.key)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.key == "flags":
                return _FLAG_COLOR
            return _INACTIVE_COLOR if row.status != BranchStatus.ACTIVE else None
        return None

    def display(self, row: BranchOverviewRow, column: str) -> str:
        """The text of one cell."""
        if column == "name":
            return row.name
        if column == "municipality":
            return row.municipality or ""
        if column == "language":
            return _(BRANCH_LANGUAGE_LABELS[row.language])
        if column == "members":
            return format_count(row.members)
        if column == "active_members":
            return format_count(row.active_members)
        if column == "new_members":
            return format_count(row.new_members_this_year)
        if column == "chair":
            return row.chair_name or ""
        if column == "grade":
            if row.latest_grade is None:
                return ""
            return _("{grade} ({year})").format(grade=row.latest_grade, year=row.latest_grade_year)
        return ", ".join(flag_words(row))

    def tooltip(self, row: BranchOverviewRow, column: str) -> str | None:
        """The tooltip of one cell: the flags in whole sentences, the supporters behind the member count."""
        if column == "flags":
            return "\n".join(flag_sentences(row)) or None
        if column == "members":
            return _("{members} active members, {supporters} active supporters").format(
                members=format_count(row.active_members), supporters=format_count(row.active_supporters)
            )
        if column == "name" and row.status != BranchStatus.ACTIVE:
            return _("This branch is not active; it is not flagged.")
        return None

    def apply_sort(self, unchanged: bool) -> None:
        self._rebuild()
