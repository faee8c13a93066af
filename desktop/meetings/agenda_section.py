"""Agenda and minutes: the § items in order, each with its decision and quorum, and the selected item's text.

The list is for the keyboard: Enter opens the item, Insert adds one, Ctrl+Up and Ctrl+Down move it, Delete removes
it; several items selected with Shift or Ctrl can be decided as proposed at once. § numbers are never typed: they
follow the order (and, with numbering running through the year, the body's earlier meetings).
"""

from __future__ import annotations

import html
import uuid
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db.core.i18n import N_, Label, _, format_day, ngettext
from db.meetings.agenda import decide_as_proposed, move_item, remove_item
from db.meetings.models import ACTION_STATUS_LABELS, ITEM_KIND_LABELS
from db.meetings.records import ItemRecord, MeetingDetail
from desktop.meetings.common import CHECK, CROSS, try_change
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm
from desktop.shell.table_model import ROW_OBJECT_ROLE
from desktop.shell.widgets import DataTableView, EmptyState

_AnyIndex = QModelIndex | QPersistentModelIndex
_NOT_QUORATE = QColor("#cf222e")


class AgendaModel(QAbstractTableModel):
    """The items of one meeting in agenda order: §, title, decision written?, quorum, action items."""

    SECTION, TITLE, DECISION, QUORUM, ACTIONS = range(5)
    _TITLES = (N_("§"), N_("Title"), N_("Decision"), N_("Quorum"), N_("Actions"))
    _TIPS = (
        N_("The item's number in the minutes"),
        "",
        N_("Whether a decision is written"),
        N_("Whether the meeting could decide: members with a vote present of the seats"),
        N_("Action items the decision asks for"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[ItemRecord] = []

    def set_items(self, items: list[ItemRecord]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[ItemRecord]:
        return list(self._items)

    def item_at(self, row: int) -> ItemRecord | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._TITLES)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == ROW_OBJECT_ROLE:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.QUORUM and not item.quorum.quorate:
            return QBrush(_NOT_QUORATE)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.DECISION, self.QUORUM, self.ACTIONS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, item: ItemRecord, column: int) -> str:
        if column == self.SECTION:
            return item.section_label
        if column == self.TITLE:
            return item.title
        if column == self.DECISION:
            return CHECK if item.decision else ""
        if column == self.QUORUM:
            quorum = item.quorum
            if not quorum.seats:
                return CHECK if quorum.quorate else CROSS
            return f"{CHECK if quorum.quorate else CROSS} {quorum.voters}/{quorum.seats}"
        if column == self.ACTIONS:
            return str(len(item.actions)) if item.actions else ""
        return ""

    def tooltip(self, item: ItemRecord, column: int) -> str | None:
        if column == self.QUORUM:
            quorum = item.quorum
            text = ngettext(
                "{voters} of {seats} member with a vote present; {needed} needed.",
                "{voters} of {seats} members with a vote present; {needed} needed.",
                quorum.seats,
            ).format(voters=quorum.voters, seats=quorum.seats, needed=quorum.needed)
            return text if quorum.quorate else _("Not quorate: {reason}").format(reason=text)
        if column == self.TITLE:
            return _(ITEM_KIND_LABELS[item.kind])
        if column == self.DECISION and item.decision:
            return item.decision
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._TITLES):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self._TITLES[section])
        if role == Qt.ItemDataRole.ToolTipRole and self._TIPS[section]:
            return _(self._TIPS[section])
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._TITLES) - 1)
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, len(self._TITLES) - 1))


def _paragraph(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


class AgendaSection(QWidget):
    """The items of the meeting shown; the tab hands it each fresh :class:`MeetingDetail`."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: MeetingDetail | None = None
        self.model = AgendaModel(self)
        self.view = DataTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)  # the agenda's order is the minutes' order
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(self.model.columnCount()):
            stretch = column == AgendaModel.TITLE
            mode = QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self.view.activated_row.connect(lambda _row: self.edit_item())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._selection_changed())
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 2)  # the list's titles need the room more than the text beside it
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)

        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_item)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_item)
        self.up_button = QPushButton()
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton()
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.decide_button = QPushButton()
        self.decide_button.clicked.connect(self.decide_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.decide_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.shortcuts: list[QAction] = []
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_Insert), self.add_item),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.remove_selected),
            (QKeySequence("Ctrl+Up"), lambda: self.move_selected(-1)),
            (QKeySequence("Ctrl+Down"), lambda: self.move_selected(1)),
        ):
            action = QAction(self.view)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)
            self.shortcuts.append(action)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(_("Add item…"))
        self.add_button.setToolTip(_("Add an item before other matters and the closing (Insert)"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Write the item's background, proposal and decision (Enter)"))
        self.up_button.setText(_("Move up"))
        self.up_button.setToolTip(_("Move the item one place earlier; the § numbers follow (Ctrl+Up)"))
        self.down_button.setText(_("Move down"))
        self.down_button.setToolTip(_("Move the item one place later; the § numbers follow (Ctrl+Down)"))
        self.remove_button.setText(_("Remove"))
        self.remove_button.setToolTip(_("Remove the item and its action items; the items after it move up (Delete)"))
        self.decide_button.setText(_("Decide as proposed"))
        self.decide_button.setToolTip(
            _(
                "Write the customary decision for the selected items that have none: approved as proposed, the "
                "opening and closing times, the officers elected (select several with Shift or Ctrl)"
            )
        )
        self.model.retranslate()
        self.empty.set_content(
            _("The agenda is empty"),
            _("Add the items the meeting will handle; the § numbers follow their order."),
            [(_("Add item…"), self.add_item)] if self.detail and not self.detail.locked else [],
        )
        self._show_preview()

    # ------------------------------------------------------------------------------------------------ showing
    def show_detail(self, detail: MeetingDetail | None) -> None:
        """Show ``detail``'s items, keeping the selection on the same items."""
        chosen = {item.id for item in self.selected()}
        current = self.current()
        self.detail = detail
        self.model.set_items(list(detail.items) if detail else [])
        self.stack.setCurrentIndex(0 if self.model.rowCount() or detail is None else 1)
        self.select_ids(chosen, current.id if current else None)
        self.retranslate()
        self._selection_changed()

    def select_ids(self, ids: set[uuid.UUID], current: uuid.UUID | None = None) -> None:
        """Select the rows of ``ids`` (the current row on ``current``)."""
        selection = self.view.selectionModel()
        selection.clearSelection()
        for row, item in enumerate(self.model.items()):
            if item.id == current:
                selection.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            if item.id in ids:
                selection.select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
                )

    def selected(self) -> list[ItemRecord]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [item for item in (self.model.item_at(row) for row in rows) if item is not None]

    def current(self) -> ItemRecord | None:
        chosen = self.selected()
        if len(chosen) == 1:
            return chosen[0]
        return self.model.item_at(self.view.currentIndex().row()) if not chosen else None

    def _selection_changed(self) -> None:
        locked = self.detail is None or self.detail.locked
        chosen = self.selected()
        one = len(chosen) == 1
        self.add_button.setEnabled(not locked)
        self.edit_button.setEnabled(one)
        self.edit_button.setText(_("Open…") if locked else _("Edit…"))
        first = chosen[0].position if one else -1
        self.up_button.setEnabled(not locked and one and first > 0)
        self.down_button.setEnabled(not locked and one and 0 <= first < self.model.rowCount() - 1)
        self.remove_button.setEnabled(not locked and one)
        self.decide_button.setEnabled(not locked and any(not item.decision for item in chosen))
        self._show_preview()

    def _show_preview(self) -> None:
        chosen = self.selected()
        detail = self.detail
        if len(chosen) != 1 or detail is None:
            hint = _("Choose an item to read it here.") if detail and detail.items else ""
            self.preview.setHtml(f"<p style='color:#57606a'>{html.escape(hint)}</p>")
            return
        item = chosen[0]
        names = {person.id: person.name for person in detail.attendees}
        parts = [f"<h3>{html.escape(item.section_label)} {html.escape(item.title)}</h3>"]
        for heading, text in (
            (_("Background"), item.background),
            (_("Proposal"), item.proposal),
            (_("Decision"), item.decision),
        ):
            if text:
                parts.append(f"<p><b>{html.escape(heading)}</b><br/>{_paragraph(text)}</p>")
        if item.recused:
            people = ", ".join(names.get(person, "?") for person in item.recused)
            parts.append(f"<p>{html.escape(_('Stepped out: {names}').format(names=people))}</p>")
        if item.dissent or item.dissenters:
            people = ", ".join(names.get(person, "?") for person in item.dissenters)
            text = _("Dissent: {names}").format(names=people) if people else _("Dissent")
            parts.append(f"<p><b>{html.escape(text)}</b><br/>{_paragraph(item.dissent or '')}</p>")
        if item.actions:
            lines = []
            for action in item.actions:
                due = _("by {date}").format(date=format_day(action.due_on)) if action.due_on else ""
                status = _(ACTION_STATUS_LABELS[action.status])
                who = " · ".join(part for part in (action.responsible, due, status) if part)
                lines.append(f"<li>{_paragraph(action.text)} — {html.escape(who)}</li>")
            parts.append(f"<p><b>{html.escape(_('Action items'))}</b></p><ul>{''.join(lines)}</ul>")
        if not item.quorum.quorate:
            reason = html.escape(self.model.tooltip(item, AgendaModel.QUORUM) or "")
            parts.append(f"<p style='color:#cf222e'>{reason}</p>")
        if len(parts) == 1:
            hint = html.escape(_("Nothing written yet: Enter opens the item."))
            parts.append(f"<p style='color:#57606a'>{hint}</p>")
        self.preview.setHtml("".join(parts))

    # ------------------------------------------------------------------------------------------------ actions
    def _meeting(self) -> tuple[uuid.UUID, str] | None:
        if self.detail is None:
            return None
        return self.detail.summary.id, self.detail.summary.code

    def add_item(self) -> None:
        from desktop.meetings.item_dialog import ItemDialog

        if self.detail is None or self.detail.locked:
            return
        dialog = ItemDialog(self.context, self.detail, None, self)
        if dialog.exec() and dialog.item_id is not None:
            self.select_ids({dialog.item_id}, dialog.item_id)

    def edit_item(self) -> None:
        from desktop.meetings.item_dialog import ItemDialog

        item = self.current()
        if self.detail is None or item is None:
            return
        dialog = ItemDialog(self.context, self.detail, item, self)
        if self.detail.locked:
            dialog.set_read_only()
        dialog.exec()

    def move_selected(self, step: int) -> None:
        chosen = self.selected()
        meeting = self._meeting()
        if len(chosen) != 1 or meeting is None or self.detail is None or self.detail.locked:
            return
        item = chosen[0]
        target = item.position + step
        if not 0 <= target < self.model.rowCount():
            return
        label = Label(N_("Move {section} of {meeting}"), section=item.section_label, meeting=meeting[1])
        if try_change(self, _("Move"), self.context, label, lambda session: move_item(session, item.id, target)):
            self.select_ids({item.id}, item.id)

    def remove_selected(self) -> None:
        chosen = self.selected()
        meeting = self._meeting()
        if len(chosen) != 1 or meeting is None or self.detail is None or self.detail.locked:
            return
        item = chosen[0]
        question = _("Remove {section} {title}? Its action items go with it; the items after it move up.").format(
            section=item.section_label, title=item.title
        )
        if not confirm(self, _("Remove"), question + "\n" + _("You can undo this with Edit ▸ Undo."), _("Remove")):
            return
        label = Label(N_("Remove {section} of {meeting}"), section=item.section_label, meeting=meeting[1])
        try_change(self, _("Remove"), self.context, label, lambda session: remove_item(session, item.id))

    def decide_selected(self) -> None:
        chosen = [item.id for item in self.selected() if not item.decision]
        meeting = self._meeting()
        if not chosen or meeting is None:
            return
        label = Label(N_("Decide as proposed at {meeting}"), meeting=meeting[1])
        ids = {item.id for item in self.selected()}
        if try_change(self, _("Decide as proposed"), self.context, label, lambda s: decide_as_proposed(s, chosen)):
            self.select_ids(ids)
