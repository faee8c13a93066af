"""The two lists of the Sync view: the packages made and read, and the conflicts to review."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import N_, _, format_count, format_moment, ngettext
from db.sync.conflicts import ConflictView
from desktop.calling.models import Column, SortedListModel, fit_columns
from desktop.shell.widgets import DataTableView, EmptyState
from desktop.sync.state import PackageRow
from desktop.sync.texts import (
    comparison_html,
    group_label,
    group_lines,
    group_text,
    kept_text,
    this_computer_in_place,
)

Action = tuple[str, object]  # a button of an empty state: its label and what it does
EmptyContent = tuple[str, str, list[Action]]


def _result(row: PackageRow) -> str:
    if row.incoming:
        if row.conflicts:
            return ngettext("Applied, {count} conflict", "Applied, {count} conflicts", row.conflicts).format(
                count=format_count(row.conflicts)
            )
        return _("Applied")
    if row.confirmed:
        return _("Read at {office}").format(office=row.peer)
    return _("Made; not yet confirmed as read")


HISTORY_COLUMNS: list[Column[PackageRow]] = [
    Column(N_("When"), lambda row: format_moment(row.at), key=lambda row: row.at),
    Column(
        N_("Direction"),
        lambda row: _("Incoming") if row.incoming else _("Outgoing"),
        tooltip=N_("Incoming: read on this computer. Outgoing: made on this computer."),
    ),
    Column(N_("Number"), lambda row: str(row.sequence), key=lambda row: row.sequence, align_right=True),
    Column(N_("Office"), lambda row: row.peer, tooltip=N_("The office the package came from or went to")),
    Column(
        N_("Rows"),
        lambda row: format_count(row.rows),
        key=lambda row: row.rows,
        align_right=True,
        tooltip=N_("How many records the package carried"),
    ),
    Column(
        N_("Result"),
        _result,
        tooltip=N_("An outgoing package is confirmed once a package from the other side says it was read there"),
    ),
]


def _table(model: QAbstractItemModel, stretch: int) -> DataTableView:
    view = DataTableView()
    view.setModel(model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    fit_columns(view, stretch)
    return view


class HistoryPanel(QWidget):
    """The packages made and read here, newest first; an empty state that says how the first one comes about."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: SortedListModel[PackageRow] = SortedListModel(HISTORY_COLUMNS, self)
        self.table = _table(self.model, stretch=5)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first, kept as rows are read again
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def set_rows(self, rows: list[PackageRow], empty: EmptyContent) -> None:
        """Show ``rows``, or the empty state ``(title, text, actions)`` when there are none."""
        self.model.set_rows(rows)
        if not rows:
            self.empty.set_content(*empty)
        self.stack.setCurrentWidget(self.table if rows else self.empty)

    def retranslate(self) -> None:
        self.model.retranslate()


CONFLICT_COLUMNS: list[Column[ConflictView]] = [
    Column(N_("Record"), lambda conflict: conflict.record, tooltip=N_("The member or other record both sides changed")),
    Column(
        N_("What"),
        lambda conflict: group_label(conflict.entity, conflict.field_group),
        tooltip=N_("The part of the record both sides changed since they last exchanged packages"),
    ),
    Column(
        N_("This computer"),
        lambda conflict: group_text(conflict.entity, conflict.field_group, conflict.local_value),
        tooltip=N_("The value this computer had"),
    ),
    Column(
        N_("Party office"),
        lambda conflict: group_text(conflict.entity, conflict.field_group, conflict.other_value),
        tooltip=N_("The value that came from the party office"),
    ),
    Column(N_("In place"), kept_text, tooltip=N_("Which of the two values the record holds now")),
    Column(N_("Found"), lambda conflict: format_moment(conflict.detected_at), key=lambda c: c.detected_at),
]


class ConflictsPanel(QWidget):
    """Conflicts side by side, open ones or all, with "Take the other value" on the one selected."""

    take_other_requested = Signal(object)  # ConflictView

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[ConflictView] = []
        self.model: SortedListModel[ConflictView] = SortedListModel(
            CONFLICT_COLUMNS, self, muted=lambda conflict: conflict.taken_other
        )
        self.table = _table(self.model, stretch=3)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._selected())
        self.show_label = QLabel()
        self.filter_box = QComboBox()
        self.filter_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_label.setBuddy(self.filter_box)
        self.filter_box.addItem("", False)
        self.filter_box.addItem("", True)
        self.filter_box.currentIndexChanged.connect(lambda _index: self._fill())
        self.count_label = QLabel()
        self.take_button = QPushButton()
        self.take_button.clicked.connect(self._take)
        self.comparison = QLabel()
        self.comparison.setWordWrap(True)
        self.comparison.setTextFormat(Qt.TextFormat.RichText)
        self.comparison.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.comparison.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("color: #57606a;")
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        tools = QHBoxLayout()
        tools.addWidget(self.show_label)
        tools.addWidget(self.filter_box)
        tools.addWidget(self.count_label, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.explanation, 1)
        actions.addWidget(self.take_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 3)
        layout.addWidget(self.comparison, 1)
        layout.addLayout(actions)
        self.retranslate()

    # ------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self.show_label.setText(_("&Show:"))
        self.filter_box.setItemText(0, _("Open conflicts"))
        self.filter_box.setItemText(1, _("All conflicts, those settled too"))
        self.filter_box.setToolTip(_("A conflict is settled once someone has taken the other value"))
        self.take_button.setText(_("&Take the other value"))
        self.model.retranslate()
        self._fill()

    # ------------------------------------------------------------------------------------------ content
    @property
    def showing_all(self) -> bool:
        return bool(self.filter_box.currentData())

    def set_conflicts(self, conflicts: list[ConflictView]) -> None:
        """Show ``conflicts`` (every one recorded; the filter picks which)."""
        self._all = list(conflicts)
        self._fill()

    def _fill(self) -> None:
        current = self.selected()
        shown = self._all if self.showing_all else [conflict for conflict in self._all if not conflict.taken_other]
        self.model.set_rows(shown)
        open_count = sum(1 for conflict in self._all if not conflict.taken_other)
        self.count_label.setText(
            ngettext("{count} open conflict", "{count} open conflicts", open_count).format(
                count=format_count(open_count)
            )
        )
        if not shown:
            if self._all:
                self.empty.set_content(
                    _("No open conflicts"),
                    _("Every conflict has been looked at. Choose “All conflicts” to see them again."),
                    [],
                )
            else:
                self.empty.set_content(
                    _("No conflicts"),
                    _(
                        "When this computer and the party office both change the same thing between two packages,"
                        " the sync rules keep one of the values on both sides alike. Each such case is listed here,"
                        " so that you can check it and take the other value if it was the right one."
                    ),
                    [],
                )
        self.stack.setCurrentWidget(self.table if shown else self.empty)
        rows = self.model.rows()
        index = next((row for row, conflict in enumerate(rows) if current and conflict.id == current.id), 0)
        if rows:
            self.table.selectRow(index)
        self._selected()

    def selected(self) -> ConflictView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selected(self) -> None:
        conflict = self.selected()
        self.take_button.setEnabled(
            conflict is not None and not conflict.taken_other and not conflict.decided_elsewhere
        )
        if conflict is None:
            self.comparison.clear()
            self.comparison.setToolTip("")
            self.explanation.clear()
            self.take_button.setToolTip("")
            return
        self.comparison.setText(comparison_html(conflict))
        entity, group = conflict.entity, conflict.field_group
        self.comparison.setToolTip(
            f"{_('This computer')}\n{group_lines(entity, group, conflict.local_value)}\n\n"
            f"{_('Party office')}\n{group_lines(entity, group, conflict.other_value)}"
        )
        if conflict.taken_other:
            self.explanation.setText(_("The other value was taken by hand; the record keeps it."))
            self.take_button.setToolTip("")
        elif conflict.decided_elsewhere:
            # Member numbers and membership dates are the party office's: a value taken here would lose again.
            self.explanation.setText(
                _(
                    "The party office's register decides this, so its value stays. Your value is listed at the party "
                    "office, where they can take it."
                )
            )
            self.take_button.setToolTip(_("Only the party office can take the other value of this"))
        elif this_computer_in_place(conflict):
            self.explanation.setText(
                _(
                    "The sync rules kept this computer's value. Taking the other value puts the party office's value"
                    " in place, as a change of your own that goes out with the next package."
                )
            )
            self.take_button.setToolTip(_("Put the party office's value in place"))
        else:
            self.explanation.setText(
                _(
                    "The sync rules kept the party office's value. Taking the other value puts this computer's value"
                    " back, as a change of your own that goes out with the next package."
                )
            )
            self.take_button.setToolTip(_("Put this computer's value back in place"))

    def _take(self) -> None:
        conflict = self.selected()
        if conflict is not None and not conflict.taken_other and not conflict.decided_elsewhere:
            self.take_other_requested.emit(conflict)
