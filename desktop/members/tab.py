"""The Members tab: search and filters over the table on the left, the member's card on the right."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from db.branches.models import Branch
from db.core.i18n import N_, Label, _, current_language, format_count, ngettext, plural_label
from db.members.interests import list_interests
from db.members.io import export_members
from db.members.operations import delete_member
from db.members.query import MemberFilter
from db.privacy.export_log import ExportKind, record_file_export
from desktop.members.card import MemberCard
from desktop.members.filter_bar import MoreFiltersDialog, QuickFilters, more_filters_count
from desktop.members.printing import describe_filter, print_member_list
from desktop.members.saved_filters import SavedFiltersButton
from desktop.members.table_model import MembersTableModel
from desktop.shell.context import ShellContext
from desktop.shell.messages import choose, confirm, show_error
from desktop.shell.tab_page import TabPage
from desktop.shell.table_model import ROW_OBJECT_ROLE
from desktop.shell.tasks import TaskProgress
from desktop.shell.widgets import DataTableView, EmptyState, SearchField, list_beside_detail


class MembersTab(TabPage):
    """Every member and supporter; search as you type, filters that combine, the card beside the list."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.member_filter = MemberFilter()
        self.model = MembersTableModel(context.database, context.today(), self)
        self.search = SearchField()
        self.search.textChanged.connect(self._text_changed)
        self.quick = QuickFilters()
        self.quick.changed.connect(self._apply_filters)
        self.more_button = QPushButton()
        self.more_button.clicked.connect(self._more_filters)
        self.saved_filters = SavedFiltersButton(context, self)
        self.saved_filters.filter_chosen.connect(self.show_filter)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_member)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_members)
        self.recognitions_button = QPushButton()
        self.recognitions_button.clicked.connect(self.show_recognitions)
        self._recognitions: QWidget | None = None
        self.count_label = QLabel()

        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.card = MemberCard(context)
        self.table.activated_row.connect(lambda _row: self.card.focus_first_field())
        self.search.move_down.connect(self._focus_table)
        self.empty = EmptyState()
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)
        self.card.saved.connect(self._member_saved)

        # Two rows, so that the list and the card fit side by side on a 1366-pixel laptop screen.
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.more_button)
        search_row.addWidget(self.saved_filters)
        search_row.addWidget(self.clear_button)
        top = QVBoxLayout()
        top.addLayout(search_row)
        top.addWidget(self.quick)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.recognitions_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        self.splitter = list_beside_detail(context.ui_state, "members", top, self.list_stack, actions, self.card)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete_selected)
        # Only while the list has focus: Del in a text field of the card deletes text, not a member.
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_member)
        self._pending_text = False
        context.events.members_changed.connect(self.request_refresh)
        context.events.branches_changed.connect(self._load_choices)
        context.events.member_changed.connect(lambda member_id: self.model.forget_members([member_id]))
        self._load_choices()
        self.retranslate()
        self.request_refresh()
        self._fit_columns()

    # ------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search… (Ctrl+F)"))
        self.search.setToolTip(_("Any part of a name, e-mail address, phone number, city or member number"))
        self.quick.retranslate()
        self._update_more_button()
        self.clear_button.setText(_("Clear"))
        self.clear_button.setToolTip(_("Show everyone again"))
        self.new_button.setText(_("New member"))
        self.new_button.setToolTip(_("Add a member or supporter (Ctrl+N)"))
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(_("Delete the selected people (Del); Edit ▸ Undo brings them back"))
        self.export_button.setText(_("Export…"))
        self.export_button.setToolTip(
            _("Write the people shown, or those selected, to a CSV file or Excel workbook (Ctrl+E)")
        )
        self.recognitions_button.setText(_("Recognitions…"))
        self.recognitions_button.setToolTip(
            _("The numbered register of diplomas, this year's jubilees and the volunteer of the year")
        )
        self.model.retranslate()
        self.card.retranslate()
        self.saved_filters.retranslate()
        self._update_count()
        self._update_empty_state()

    def _update_more_button(self) -> None:
        count = more_filters_count(self.member_filter)
        self.more_button.setText(_("More filters ({count})").format(count=count) if count else _("More filters…"))

    # ------------------------------------------------------------------------------------------ filters
    def _load_choices(self) -> None:
        with self.context.database.reading() as session:
            branches = list(
                session.execute(
                    select(Branch.id, Branch.name).where(Branch.deleted_at.is_(None)).order_by(Branch.name)
                ).tuples()
            )
            self._interests = [(item.id, item.name_in(current_language())) for item in list_interests(session)]
        self.quick.set_branches(branches)

    def _text_changed(self, _text: str) -> None:
        # Keystrokes that arrive while a query runs are folded into one refresh.
        if not self._pending_text:
            self._pending_text = True
            QTimer.singleShot(0, self._apply_filters)

    def _apply_filters(self) -> None:
        self._pending_text = False
        self.show_filter(replace(self.quick.apply_to(self.member_filter), text=self.search.text()))

    def show_filter(self, member_filter: MemberFilter) -> None:
        """Show the members ``member_filter`` lets through (also used by the Overview's links)."""
        self.member_filter = member_filter
        if self.search.text() != member_filter.text:
            self.search.blockSignals(True)
            self.search.setText(member_filter.text)
            self.search.blockSignals(False)
        self.quick.show_filter(member_filter)
        selected = self.card.member_id
        self.model.set_filter(member_filter)
        self._reselect(selected)
        self._update_more_button()
        self._update_count()
        self._update_empty_state()

    def clear_filters(self) -> None:
        """Show everyone."""
        self.show_filter(MemberFilter())

    def _more_filters(self) -> None:
        dialog = MoreFiltersDialog(self.quick.apply_to(self.member_filter), self._interests, self)
        if dialog.exec():
            self.show_filter(dialog.result_filter())

    # -------------------------------------------------------------------------------------------- list
    def refresh(self) -> None:
        selected = self.card.member_id
        self.model.forget_total()
        self.model.reload()
        self._reselect(selected)
        self._update_count()
        self._update_empty_state()

    def _reselect(self, member_id: uuid.UUID | None) -> None:
        row = self.model.row_of(member_id) if member_id else None
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        total = shown if self.member_filter.is_empty() else self.model.total()
        if shown == total:
            text = ngettext("{count} person", "{count} people", total).format(count=format_count(total))
        else:
            text = _("{shown} of {total} people").format(shown=format_count(shown), total=format_count(total))
        self.count_label.setText(text)

    def _update_empty_state(self) -> None:
        if self.model.rowCount():
            self.list_stack.setCurrentWidget(self.table)
            return
        if self.member_filter.is_empty():
            self.empty.set_content(
                _("No members yet"),
                _("Import the spreadsheet the party office sent you, or add members one by one."),
                [(_("Import members…"), self._import), (_("New member"), self.new_member)],
            )
        else:
            self.empty.set_content(
                _("No one matches"),
                _("Nobody fits all of these filters. Try fewer words or clear the filters."),
                [(_("Clear the filters"), self.clear_filters)],
            )
        self.list_stack.setCurrentWidget(self.empty)

    def _fit_columns(self) -> None:
        header_state = self.context.ui_state.header_state("members")
        header = self.table.horizontalHeader()
        if header_state is not None and header.restoreState(header_state):
            return
        for column, width in enumerate((80, 200, 170, 90, 80, 130, 210, 110, 90)):
            self.table.setColumnWidth(column, width)

    def _focus_table(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        member_id = self.model.key_at(current.row()) if current.isValid() else None
        if member_id == self.card.member_id:
            return
        if not self.card.confirm_leave():
            self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().setCurrentIndex(
                previous, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.selectionModel().blockSignals(False)
            return
        self.card.show_member(member_id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(bool(self.selected_ids()))

    def selected_ids(self) -> list[uuid.UUID]:
        """The members selected in the table, in table order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [key for key in (self.model.key_at(row) for row in rows) if key is not None]

    # ----------------------------------------------------------------------------------------- actions
    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def print_current(self) -> bool:
        """Print the list as filtered now (File ▸ Print)."""
        ids = [key for key in (self.model.key_at(row) for row in range(self.model.rowCount())) if key is not None]
        description = describe_filter(self.member_filter, self.quick.branch_names())
        print_member_list(self.context, self, ids, description)
        return True

    def new_member(self) -> None:
        """Open an empty card for a new member."""
        if self.card.confirm_leave():
            self.table.clearSelection()
            self.card.start_new()

    def _member_saved(self, member_id: uuid.UUID) -> None:
        self.context.events.members_changed.emit()
        self.context.events.history_changed.emit()
        self._reselect(member_id)

    def delete_selected(self) -> None:
        """Delete the selected people (softly; Edit ▸ Undo brings them back)."""
        ids = self.selected_ids()
        if not ids:
            return
        first = self.model.data(self.table.selectionModel().selectedRows()[0], ROW_OBJECT_ROLE)
        question = (
            _("Delete {name}?").format(name=first.full_name)
            if len(ids) == 1 and first is not None
            else ngettext("Delete {count} person?", "Delete {count} people?", len(ids)).format(count=len(ids))
        )
        if not confirm(self, _("Delete"), question + "\n" + _("You can undo this with Edit ▸ Undo."), _("Delete")):
            return
        label = (
            Label(N_("Delete member"))
            if len(ids) == 1
            else plural_label("Delete {count} person", "Delete {count} people", len(ids))
        )
        try:
            with self.context.database.transaction(label) as session:
                for member_id in ids:
                    delete_member(session, member_id)
        except Exception as error:  # shown to the user; nothing was changed
            show_error(self, _("Delete"), error)
            return
        self.card.show_member(None)
        self.context.events.members_changed.emit()
        self.context.events.history_changed.emit()
        self.context.events.status_message.emit(_("Deleted. Edit ▸ Undo brings them back."))

    def _import(self) -> None:
        from desktop.members.import_dialog import ImportMembersDialog

        ImportMembersDialog(self.context, self).exec()

    def show_recognitions(self) -> None:
        """Open the register of recognitions beside the list (one window, brought forward when open)."""
        from desktop.recognition.register_dialog import RecognitionsDialog

        if self._recognitions is None:
            self._recognitions = RecognitionsDialog(self.context, self)
        self._recognitions.show()
        self._recognitions.raise_()
        self._recognitions.activateWindow()

    def export_members(self) -> None:
        """Export the people the list shows, or those selected, to a CSV file or Excel workbook (File ▸ Export)."""
        shown = [key for key in (self.model.key_at(row) for row in range(self.model.rowCount())) if key is not None]
        selected = self.selected_ids()
        title = _("Export members")
        if not shown:
            show_error(self, title, _("The list shows nobody, so there is nobody to export."))
            return
        ids = shown
        description = describe_filter(self.member_filter, self.quick.branch_names())
        if len(selected) > 1:
            choice = choose(
                self,
                title,
                _("Export only the selected people, or everyone the list shows?"),
                [
                    ngettext("{count} selected", "{count} selected", len(selected)).format(
                        count=format_count(len(selected))
                    ),
                    ngettext("{count} person shown", "{count} people shown", len(shown)).format(
                        count=format_count(len(shown))
                    ),
                ],
            )
            if choice is None:
                return
            ids = selected if choice == 0 else shown
            if choice == 0:
                description = _("Selected from: {list}").format(list=description)
        csv_filter, xlsx_filter = _("CSV for Excel (*.csv)"), _("Excel workbook (*.xlsx)")
        name, chosen_filter = QFileDialog.getSaveFileName(
            self, title, str(Path.home() / (_("members") + ".csv")), f"{csv_filter};;{xlsx_filter}"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_name(path.name + (".xlsx" if chosen_filter == xlsx_filter else ".csv"))
        database, today, language = self.context.database, self.context.today(), current_language()

        def work(_progress: TaskProgress) -> int:
            written: list[uuid.UUID] = []
            with database.reading() as session:
                count = export_members(
                    session, path, language=language, today=today, member_ids=ids, written_ids=written
                )
            # Logged in the same task once the file is complete: a failed export logs nothing.
            record_file_export(database, path, ExportKind.MEMBERS_FILE, description, written)
            return count

        def done(count: int) -> None:
            message = ngettext("Exported {count} person to {file}.", "Exported {count} people to {file}.", count)
            self.context.events.status_message.emit(message.format(count=format_count(count), file=path.name))

        self.context.tasks.run(
            _("Export members"),
            work,
            on_success=done,
            on_failure=lambda error: show_error(self, title, error),
        )
