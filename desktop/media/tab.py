"""The Media tab: the media items on the left; the calendar and the year's figures beside them.

The work of an item in the order of its statuses: an idea is noted (New item…), drafted, sent to outlets, published
or rejected (Move to, which offers only the moves the item can make). A press release prints on the district's
letterhead in Finnish or Swedish through the preview; the list exports to XLSX (logged, since it names authors);
Outlets… keeps the newspapers and stations with their journalists. Every write goes through
``desktop.media.common.save_media_change``; the tab refreshes from ``media_changed``.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.core.base import utcnow
from db.core.i18n import N_, Label, _, format_count, format_day, ngettext
from db.media.items import (
    MediaFilter,
    MediaItemRow,
    allowed_statuses,
    delete_item,
    item_data,
    list_items,
    set_item_status,
)
from db.media.models import MEDIA_ITEM_KIND_LABELS, MEDIA_ITEM_STATUS_LABELS, MediaItemKind, MediaItemStatus
from desktop.calling.models import fit_columns
from desktop.media.calendar_view import CalendarView
from desktop.media.common import MUTED_COLOR, try_media_change
from desktop.media.figures_view import FiguresView
from desktop.media.list_model import AUTHOR, DATE, KIND, OUTLETS, TITLE, MediaListModel
from desktop.media.printing import export_items, print_press_release
from desktop.meetings.fields import select_value
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm
from desktop.shell.tab_page import TabPage
from desktop.shell.widgets import DataTableView, EmptyState, SearchField, list_beside_detail

CALENDAR_PAGE, FIGURES_PAGE = range(2)
_ALL = None
RELEASE_LANGUAGES = (("fi", N_("Finnish")), ("sv", N_("Swedish")))


class MediaTab(TabPage):
    """Media work: the log of items, its calendar and figures, press releases, outlets and contacts."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._years: list[int] = []
        self._any_items = False
        self._shown: uuid.UUID | None = None

        self.search = SearchField()
        self.search.setMinimumWidth(200)
        self.search.textChanged.connect(lambda _text: self._filter())
        self.search.move_down.connect(lambda: self._focus_list())
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        self.year_filter = QComboBox()
        self.kind_filter = QComboBox()
        self.status_filter = QComboBox()
        self.year_label, self.kind_label, self.status_label = QLabel(), QLabel(), QLabel()
        for label, box in (
            (self.year_label, self.year_filter),
            (self.kind_label, self.kind_filter),
            (self.status_label, self.status_filter),
        ):
            label.setBuddy(box)
            box.addItem("", _ALL)
        for kind in MediaItemKind:
            self.kind_filter.addItem("", kind)
        for status in MediaItemStatus:
            self.status_filter.addItem("", status)
        for box in (self.year_filter, self.kind_filter, self.status_filter):
            box.currentIndexChanged.connect(lambda _index: self._filter())
        self.year_filter.currentIndexChanged.connect(lambda _index: self._year_changed())
        for box in (self.kind_filter, self.status_filter):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(10)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.year_label)
        search_row.addWidget(self.year_filter)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.kind_label)
        filter_row.addWidget(self.kind_filter, 1)
        filter_row.addWidget(self.status_label)
        filter_row.addWidget(self.status_filter, 1)
        tools = QVBoxLayout()
        tools.addLayout(search_row)
        tools.addLayout(filter_row)

        self.model = MediaListModel(self)
        self.list_view = DataTableView()
        self.list_view.setModel(self.model)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)  # the latest first: the work in hand
        fit_columns(self.list_view, stretch=TITLE)
        header = self.list_view.horizontalHeader()
        for column, width in ((KIND, 110), (OUTLETS, 110), (AUTHOR, 110)):
            # Long kinds ("Inlägg i sociala medier") and names must not squeeze the title; tooltips show them whole.
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.list_view.selectionModel().currentRowChanged.connect(lambda *_args: self._item_chosen())
        self.list_view.activated_row.connect(lambda _row: self.edit_item())
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {MUTED_COLOR};")

        self.new_button = QPushButton()
        self.new_button.clicked.connect(lambda: self.new_item())
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_item)
        self.move_button = QPushButton()
        self.move_menu = QMenu(self)
        self.move_button.setMenu(self.move_menu)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_item)
        self.release_button = QPushButton()
        self.release_menu = QMenu(self)
        self.release_actions = []
        for code, _name in RELEASE_LANGUAGES:
            action = self.release_menu.addAction("")
            action.triggered.connect(lambda _checked=False, language=code: self.print_press_release(language))
            self.release_actions.append(action)
        self.release_button.setMenu(self.release_menu)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        self.outlets_button = QPushButton()
        self.outlets_button.clicked.connect(self.manage_outlets)
        # The Members tab's keys: Del only while the list has focus (in the search field it deletes text).
        self.delete_shortcut = QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete), self.list_view, self.delete_item
        )
        self.delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.new_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, lambda: self.new_item())
        item_buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.move_button):
            item_buttons.addWidget(button)
        item_buttons.addStretch(1)
        item_buttons.addWidget(self.delete_button)
        more_buttons = QHBoxLayout()
        more_buttons.addWidget(self.release_button)
        more_buttons.addWidget(self.export_button)
        more_buttons.addStretch(1)
        more_buttons.addWidget(self.outlets_button)
        actions = QVBoxLayout()
        actions.addWidget(self.count_label)
        actions.addLayout(item_buttons)
        actions.addLayout(more_buttons)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.calendar = CalendarView(context)
        self.calendar.item_clicked.connect(self.choose_item)
        self.calendar.item_activated.connect(self._edit_from_calendar)
        self.figures = FiguresView(context)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.calendar, "")
        self.pages.addTab(self.figures, "")
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.facts)
        detail_layout.addWidget(self.pages, 1)

        self.empty = EmptyState()
        self.stack = QStackedWidget()
        splitter = list_beside_detail(context.ui_state, "media", tools, self.list_view, actions, detail)
        if context.ui_state.splitter_state("media") is None:
            splitter.setSizes([700, 660])
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        events = context.events
        events.media_changed.connect(self.request_refresh)
        events.members_changed.connect(self.request_refresh)
        events.data_changed.connect(self.request_refresh)
        self.retranslate()
        self.request_refresh()

    # -------------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self.search_label.setText(_("Sea&rch"))
        self.search.setPlaceholderText(_("Title, topic or author"))
        self.search.setToolTip(_("Show the items whose title, topic or author holds the text"))
        self.year_label.setText(_("&Year"))
        self.kind_label.setText(_("&Kind"))
        self.status_label.setText(_("S&tatus"))
        self.year_filter.setItemText(0, _("All years"))
        self.year_filter.setToolTip(_("The items published, sent or planned in a year, and those with no date yet"))
        self.kind_filter.setItemText(0, _("All kinds"))
        self.status_filter.setItemText(0, _("All statuses"))
        for index in range(1, self.kind_filter.count()):
            self.kind_filter.setItemText(index, _(MEDIA_ITEM_KIND_LABELS[self.kind_filter.itemData(index)]))
        for index in range(1, self.status_filter.count()):
            self.status_filter.setItemText(index, _(MEDIA_ITEM_STATUS_LABELS[self.status_filter.itemData(index)]))
        self.new_button.setText(_("&New item…"))
        self.new_button.setToolTip(_("Note a press release, an op-ed, a post, an interview or a clipping (Ctrl+N)"))
        self.edit_button.setText(_("&Edit…"))
        self.edit_button.setToolTip(_("Change the chosen item: its dates, outlets, text (Enter)"))
        self.move_button.setText(_("Mo&ve to"))
        self.move_button.setToolTip(_("Move the chosen item on: drafted, sent, published or rejected"))
        self.delete_button.setText(_("De&lete"))
        self.delete_button.setToolTip(_("Delete the chosen item; Edit ▸ Undo brings it back (Del)"))
        self.release_button.setText(_("&Press release"))
        self.release_button.setToolTip(_("Print the chosen item as a press release on the district's letterhead"))
        for action, (_code, name) in zip(self.release_actions, RELEASE_LANGUAGES, strict=True):
            action.setText(_(name) + "…")
        self.export_button.setText(_("E&xport to XLSX…"))
        self.export_button.setToolTip(_("The items listed, and the year's figures, as a workbook"))
        self.outlets_button.setText(_("&Outlets…"))
        self.outlets_button.setToolTip(_("The newspapers, stations and web publications, and their journalists"))
        self.pages.setTabText(CALENDAR_PAGE, _("&Calendar"))
        self.pages.setTabToolTip(CALENDAR_PAGE, _("Planned, sent and published items by day"))
        self.pages.setTabText(FIGURES_PAGE, _("&Figures"))
        self.pages.setTabToolTip(FIGURES_PAGE, _("The year's items by kind and month"))
        self.empty.set_content(
            _("No media items yet"),
            _(
                "Note the district's media work here: press releases, op-eds, letters to the editor, posts, "
                "interviews and what the papers wrote. Add the local papers and stations with Outlets… first, "
                "so an item can say where it was sent."
            ),
            [(_("New item…"), lambda: self.new_item()), (_("Outlets…"), self.manage_outlets)],
        )
        self.model.retranslate()
        self.calendar.retranslate()
        self.figures.retranslate()
        self._show_item()
        self._show_count()

    # ------------------------------------------------------------------------------------------------ loading
    def current_item(self) -> MediaItemRow | None:
        return self.model.row_at(self.list_view.currentIndex().row())

    def media_filter(self) -> MediaFilter:
        kind, status = self.kind_filter.currentData(), self.status_filter.currentData()
        return MediaFilter(
            year=self.year_filter.currentData(),
            kinds=(kind,) if kind is not None else (),
            statuses=(status,) if status is not None else (),
            text=self.search.text(),
        )

    def refresh(self) -> None:
        with self.context.database.reading() as session:
            every = list_items(session)
        self._any_items = bool(every)
        today = self.context.today()
        first = self.year_filter.count() == 1
        years = sorted({row.day.year for row in every if row.day} | {today.year}, reverse=True)
        if years != self._years:
            self._years = years
            chosen = today.year if first else self.year_filter.currentData()
            self.year_filter.blockSignals(True)
            while self.year_filter.count() > 1:
                self.year_filter.removeItem(1)
            for year in years:
                self.year_filter.addItem(str(year), year)
            select_value(self.year_filter, chosen)
            self.year_filter.blockSignals(False)
        self.stack.setCurrentIndex(0 if self._any_items else 1)
        self._filter()
        self.figures.set_year(self.year_filter.currentData() or today.year)

    def _year_changed(self) -> None:
        self.figures.set_year(self.year_filter.currentData() or self.context.today().year)

    def _filter(self, wanted: uuid.UUID | None = None) -> None:
        """Show the items the filters let through; choose ``wanted``, else keep the chosen one if still listed."""
        chosen = self.current_item()
        chosen_id = wanted or (chosen.id if chosen else self._shown)
        with self.context.database.reading() as session:
            rows = list_items(session, self.media_filter())
        self.model.set_rows(rows)
        row = self.model.row_of(chosen_id) if chosen_id else -1
        self.list_view.blockSignals(True)
        if row >= 0:
            self.list_view.selectRow(row)
        else:
            self.list_view.clearSelection()
            self.list_view.setCurrentIndex(QModelIndex())
        self.list_view.blockSignals(False)
        self._item_chosen(force=True)
        self._show_count()

    def _show_count(self) -> None:
        count = self.model.rowCount()
        text = ngettext("{count} item listed", "{count} items listed", count) if count else _("No items match")
        self.count_label.setText(text.format(count=format_count(count)))

    def _item_chosen(self, force: bool = False) -> None:
        chosen = self.current_item()
        chosen_id = chosen.id if chosen else None
        changed = chosen_id != self._shown
        self._shown = chosen_id
        self._show_item()
        if changed or force:
            self.calendar.show_day(chosen.day if chosen else None, chosen_id)

    def _show_item(self) -> None:
        chosen = self.current_item()
        self.edit_button.setEnabled(chosen is not None)
        self.delete_button.setEnabled(chosen is not None)
        self.release_button.setEnabled(chosen is not None)
        self.export_button.setEnabled(self.model.rowCount() > 0)
        self._fill_move_menu(chosen)
        if chosen is None:
            self.heading.setText(_("Choose an item"))
            self.facts.setText(_("The calendar shows the month; choose an item to see where it stands."))
            return
        self.heading.setText(chosen.title)
        parts = [_(MEDIA_ITEM_KIND_LABELS[chosen.kind]), _(MEDIA_ITEM_STATUS_LABELS[chosen.status])]
        for text, day in ((_("Planned"), chosen.planned_on), (_("Sent"), chosen.sent_on)):
            if day is not None:
                parts.append(f"{text} {format_day(day)}")
        if chosen.published_on is not None:
            parts.append(f"{_('Published')} {format_day(chosen.published_on)}")
        if chosen.author:
            parts.append(chosen.author)
        if chosen.outlets:
            parts.append(", ".join(chosen.outlets))
        if chosen.topic:
            parts.append(chosen.topic)
        self.facts.setText(" · ".join(parts))

    def _fill_move_menu(self, chosen: MediaItemRow | None) -> None:
        self.move_menu.clear()
        if chosen is None:
            self.move_button.setEnabled(False)
            return
        for status in allowed_statuses(chosen.status):
            action = self.move_menu.addAction(_(MEDIA_ITEM_STATUS_LABELS[status]))
            action.setData(status)
            action.triggered.connect(lambda _checked=False, wanted=status: self.move_to(wanted))
        self.move_button.setEnabled(not self.move_menu.isEmpty())

    def offered_statuses(self) -> list[MediaItemStatus]:
        """The statuses Move to offers for the chosen item."""
        return [action.data() for action in self.move_menu.actions()]

    # ------------------------------------------------------------------------------------------------ actions
    def choose_item(self, item_id: object) -> None:
        """Choose ``item_id`` in the list (widening the filters when they hide it)."""
        row = self.model.row_of(item_id)
        if row < 0:
            for box in (self.kind_filter, self.status_filter, self.year_filter):
                box.blockSignals(True)
                box.setCurrentIndex(0)
                box.blockSignals(False)
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self._filter(item_id if isinstance(item_id, uuid.UUID) else None)
            return
        self.list_view.selectRow(row)

    def _edit_from_calendar(self, item_id: object) -> None:
        self.choose_item(item_id)
        self.edit_item()

    def new_item(self, kind: MediaItemKind = MediaItemKind.PRESS_RELEASE) -> None:
        from desktop.media.item_dialog import MediaItemDialog

        dialog = MediaItemDialog(self.context, kind=kind, parent=self)
        if dialog.exec() and dialog.item_id is not None:
            self.refresh()
            self.choose_item(dialog.item_id)

    def edit_item(self) -> None:
        from desktop.media.item_dialog import MediaItemDialog

        chosen = self.current_item()
        if chosen is not None:
            MediaItemDialog(self.context, chosen.id, parent=self).exec()

    def move_to(self, status: MediaItemStatus) -> None:
        chosen = self.current_item()
        if chosen is None:
            return
        item_id, today = chosen.id, self.context.today()
        label = Label(
            N_("Move media item “{title}” to {status}"),
            title=chosen.title,
            status=Label(MEDIA_ITEM_STATUS_LABELS[status]).stored(),
        )
        try_media_change(
            self, _("Move to"), self.context, label, lambda session: set_item_status(session, item_id, status, today)
        )

    def delete_item(self) -> None:
        chosen = self.current_item()
        if chosen is None:
            return
        question = _("Delete “{title}”?").format(title=chosen.title) + "\n" + _("You can undo this with Edit ▸ Undo.")
        if not confirm(self, _("Delete"), question, _("Delete")):
            return
        item_id, now = chosen.id, utcnow()
        self._shown = None
        try_media_change(
            self,
            _("Delete"),
            self.context,
            Label(N_("Delete media item “{title}”"), title=chosen.title),
            lambda session: delete_item(session, item_id, now),
        )

    def print_press_release(self, language: str) -> None:
        chosen = self.current_item()
        if chosen is not None:
            print_press_release(self.context, self, chosen.id, language)

    def export(self) -> None:
        rows = self.model.rows()
        if not rows:
            return
        year = self.year_filter.currentData()
        suggested = str(Path.home() / (f"{_('media items')} {year}.xlsx" if year else f"{_('media items')}.xlsx"))
        name, _filter = QFileDialog.getSaveFileName(self, _("Export to XLSX"), suggested, _("Workbooks (*.xlsx)"))
        if not name:
            return
        target = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        export_items(self.context, self, rows, year, target)

    def manage_outlets(self) -> None:
        from desktop.media.outlets_dialog import OutletsDialog

        OutletsDialog(self.context, self).exec()

    def _focus_list(self) -> None:
        self.list_view.setFocus()
        if not self.list_view.currentIndex().isValid() and self.model.rowCount():
            self.list_view.selectRow(0)

    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def print_current(self) -> bool:
        """File ▸ Print prints the chosen item as a press release in its own language (Finnish or Swedish)."""
        chosen = self.current_item()
        if chosen is None:
            return False
        with self.context.database.reading() as session:
            language = item_data(session, chosen.id).language.value
        print_press_release(self.context, self, chosen.id, language if language in ("fi", "sv") else "fi")
        return True
