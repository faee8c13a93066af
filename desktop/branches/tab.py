"""The Branches tab: every branch with its counts and flags on the left, the chosen branch's page on the right."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db.branches.operations import delete_branch
from db.branches.overview import branch_overview
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _, format_count, ngettext
from desktop.branches.branch_dialogs import BranchDialog
from desktop.branches.branch_page import BranchPage
from desktop.branches.forms import save_change
from desktop.branches.meeting_dialogs import ChairsMeetingsDialog
from desktop.branches.mentor_dialogs import MentorSuggestionsDialog
from desktop.branches.table_model import NAME_COLUMN, BranchesTableModel
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm, show_error
from desktop.shell.tab_page import TabPage
from desktop.shell.widgets import DataTableView, EmptyState, SearchField, list_beside_detail

_MAX_COLUMN_WIDTH = 280


class BranchesTab(TabPage):
    """The district's branches: search, the "needs attention" toggle, the list, and one branch's page."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = BranchesTableModel(self)
        self.search = SearchField()
        self.search.textChanged.connect(lambda _text: self._apply_filter())
        self.attention = QCheckBox()
        self.attention.toggled.connect(lambda _on: self._apply_filter())
        # Shown while the list is narrowed to the branches an Overview item named; clicking it shows all again.
        self.chosen_button = QPushButton()
        self.chosen_button.hide()
        self.chosen_button.clicked.connect(self.clear_filter)
        self._only_ids: frozenset[uuid.UUID] | None = None
        self.meetings_button = QPushButton()
        self.meetings_button.clicked.connect(self.show_chairs_meetings)
        self.suggestions_button = QPushButton()
        self.suggestions_button.clicked.connect(self.show_mentor_suggestions)

        self.table = DataTableView()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setModel(self.model)
        self.table.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated_row.connect(lambda _row: self.edit_selected())
        self.search.move_down.connect(self._focus_table)
        self.empty = EmptyState()
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_branch)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        self.count_label = QLabel()
        self.page = BranchPage(context)
        self.page.edit_requested.connect(self.edit_selected)

        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.attention)
        top.addWidget(self.chosen_button)
        top.addStretch(1)
        top.addWidget(self.meetings_button)
        top.addWidget(self.suggestions_button)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        self.splitter = list_beside_detail(context.ui_state, "branches", top, self.list_stack, actions, self.page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._fitted = False

        # Del only while the list has the focus: in a text field it deletes text, not a branch.
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.table,
            self.delete_selected,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        context.events.branches_changed.connect(self.request_refresh)
        context.events.members_changed.connect(self.request_refresh)
        self.retranslate()
        self.request_refresh()

    # ------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search by name or municipality (Ctrl+F)"))
        self.attention.setText(_("Needs attention"))
        self.chosen_button.setText(_("Only the branches from the Overview ✕"))
        self.chosen_button.setToolTip(_("Show all branches again"))
        self.attention.setToolTip(
            _(
                "Show only the branches with no recent survey, repeated absence, missing responsible persons "
                "or a low grade without a mentor"
            )
        )
        self.meetings_button.setText(_("Chairs' meetings…"))
        self.meetings_button.setToolTip(_("Add a chairs' meeting and tick which branches were there"))
        self.suggestions_button.setText(_("Mentor suggestions…"))
        self.suggestions_button.setToolTip(_("Pairs of a strong and a weaker branch the district could agree on"))
        self.new_button.setText(_("New branch"))
        self.new_button.setToolTip(_("Add a branch of the district"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Change the selected branch's details (Enter)"))
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(
            _("Delete the selected branch (Del). A branch with members cannot be deleted; Edit ▸ Undo brings it back.")
        )
        self.model.retranslate()
        self.page.retranslate()
        self._fitted = False  # headers in another language have other lengths
        self._fit_columns()
        self._update_count()
        self._update_empty_state()

    # -------------------------------------------------------------------------------------------- list
    def refresh(self) -> None:
        """Read every branch again, keep the chosen one selected and reload its page."""
        with self.context.database.reading() as session:
            rows = branch_overview(session, self.context.today())
        self.model.set_rows(rows)
        self._fit_columns()
        self._reselect(self.page.branch_id)
        self.page.reload()
        self._after_change()

    def _apply_filter(self) -> None:
        self.model.set_filter(self.search.text(), self.attention.isChecked(), self._only_ids)
        self.chosen_button.setVisible(self._only_ids is not None)
        self._reselect(self.page.branch_id)
        self._after_change()

    def clear_filter(self) -> None:
        """Show every branch again."""
        self._only_ids = None
        self.search.clear()
        self.attention.setChecked(False)
        self._apply_filter()

    def show_branches(self, branch_ids: Iterable[uuid.UUID]) -> None:
        """Show only these branches (what an Overview item named), selecting the first."""
        self._only_ids = frozenset(branch_ids)
        self.search.clear()
        self.attention.setChecked(False)
        self._apply_filter()
        first = self.model.key_at(0)
        if first is not None:
            self.select_branch(first)

    def _after_change(self) -> None:
        self._update_count()
        self._update_empty_state()
        self._update_buttons()

    def _reselect(self, branch_id: uuid.UUID | None) -> None:
        row = self.model.row_of(branch_id) if branch_id is not None else None
        if row is None:
            return
        index = self.model.index(row, NAME_COLUMN)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def select_branch(self, branch_id: uuid.UUID) -> None:
        """Show ``branch_id``'s page and select it in the list when it is shown there."""
        self.page.show_branch(branch_id)
        self._reselect(branch_id)
        self._update_buttons()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        branch_id = self.model.key_at(current.row()) if current.isValid() else None
        if branch_id is not None and branch_id != self.page.branch_id:
            self.page.show_branch(branch_id)
        self._update_buttons()

    def _fit_columns(self) -> None:
        # Once, when there are rows to measure (a few dozen, so it is cheap); later the user's widths stay.
        if self._fitted or not self.model.rowCount():
            return
        self._fitted = True
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), _MAX_COLUMN_WIDTH))

    def _focus_table(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _update_count(self) -> None:
        total, shown = self.model.total(), self.model.rowCount()
        if shown == total:
            text = ngettext("{count} branch", "{count} branches", total).format(count=format_count(total))
        else:
            text = _("{shown} of {total} branches").format(shown=format_count(shown), total=format_count(total))
        self.count_label.setText(text)

    def _update_empty_state(self) -> None:
        if self.model.rowCount():
            self.list_stack.setCurrentWidget(self.table)
            return
        if not self.model.total():
            self.empty.set_content(
                _("No branches yet"),
                _("Add your first branch: a name and a municipality are enough to start."),
                [(_("Add your first branch"), self.new_branch)],
            )
        else:
            self.empty.set_content(
                _("No branch matches"),
                _("No branch fits the search and the toggle. Show them all again."),
                [(_("Show all branches"), self.clear_filter)],
            )
        self.list_stack.setCurrentWidget(self.empty)

    def _update_buttons(self) -> None:
        chosen = self.page.detail is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # ----------------------------------------------------------------------------------------- actions
    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def new_branch(self) -> None:
        """Add a branch and show it."""
        dialog = BranchDialog(self.context, None, self)
        if dialog.exec() and dialog.branch_id is not None:
            self.select_branch(dialog.branch_id)

    def print_current(self) -> bool:
        """File ▸ Print on this tab prints the chosen branch's contact sheet of its members."""
        if self.page.branch_id is None:
            return False
        self.page.print_members_sheet()
        return True

    def edit_selected(self) -> None:
        """Change the details of the branch shown."""
        if self.page.detail is not None:
            BranchDialog(self.context, self.page.detail, self).exec()

    def delete_selected(self) -> None:
        """Delete the branch shown after asking; refused with the reason while it has members."""
        detail = self.page.detail
        if detail is None:
            return
        question = _("Delete the branch {name}?").format(name=detail.name)
        if not confirm(
            self, _("Delete branch"), question + "\n" + _("You can undo this with Edit ▸ Undo."), _("Delete")
        ):
            return
        try:
            save_change(self.context, Label(N_("Delete branch")), lambda session: delete_branch(session, detail.id))
        except KansliError as error:
            show_error(self, _("Delete branch"), error)
            return
        self.context.events.status_message.emit(_("Branch deleted. Edit ▸ Undo brings it back."))

    def show_chairs_meetings(self) -> None:
        """Open the district's chairs' meetings."""
        ChairsMeetingsDialog(self.context, self).exec()

    def show_mentor_suggestions(self) -> None:
        """Open the district's mentor pair suggestions."""
        MentorSuggestionsDialog(self.context, self).exec()
