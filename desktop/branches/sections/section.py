"""The shape of a part of the branch page: it is handed the whole :class:`BranchDetail` and shows its share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QWidget

from db.branches.detail import BranchDetail
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import ListColumn, ListTableModel, small_table

Row = TypeVar("Row")


class Section(QWidget):
    """One part of a branch's page; the page calls :meth:`show_detail` after every reload."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: BranchDetail | None = None

    def show_detail(self, detail: BranchDetail) -> None:
        """Show what ``detail`` holds for this part."""
        self.detail = detail

    def retranslate(self) -> None:
        """Set every text again in the current language."""


def table_of(
    columns: Sequence[ListColumn[Row]], parent: Any = None, **options: Any
) -> tuple[ListTableModel[Row], QTableView]:
    """A read-only list model over ``columns`` and the compact table that shows it."""
    model: ListTableModel[Row] = ListTableModel(columns, parent, **options)
    view = small_table(model)
    view.setWordWrap(True)
    return model, view


def selected_row(model: ListTableModel[Row], view: QTableView) -> Row | None:
    """The row object of the view's current row, or None when nothing is selected."""
    rows = view.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons side by side at the left, the rest of the line empty."""
    layout = QHBoxLayout()
    for button in buttons:
        layout.addWidget(button)
    layout.addStretch(1)
    return layout
