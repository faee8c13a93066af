"""The Calling tab: the campaigns on the left; for the chosen one its queue, sheets, entry and progress.

The work of a campaign, in the order the pages stand: deal the queue to callers (Queue), print the sheets and follow
them out and back (Sheets), type the returned sheets in (Enter results), watch the figures (Progress). The
ombudsman's tasks from every campaign are on the last page. Every write goes through
``desktop.calling.common.save_calling_change`` and the pages refresh from ``calling_changed``.
"""

from __future__ import annotations

import uuid

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.calling.campaigns import (
    CampaignData,
    CampaignSummary,
    campaign_data,
    close_campaign,
    list_campaigns,
    reopen_campaign,
    template,
)
from db.calling.models import CAMPAIGN_KIND_LABELS, CampaignKind
from db.core.district import get_district
from db.core.i18n import N_, Label, _, format_count, format_day
from desktop.calling.common import save_calling_change
from desktop.calling.entry_page import EntryPage
from desktop.calling.models import Column, SortedListModel, fit_columns
from desktop.calling.progress_page import ProgressPage
from desktop.calling.queue_page import QueuePage
from desktop.calling.sheets_page import SheetsPage, print_call_sheets
from desktop.calling.tasks_page import TasksPage
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error
from desktop.shell.tab_page import TabPage
from desktop.shell.widgets import DataTableView, EmptyState, list_beside_detail

_TEMPLATES = (CampaignKind.WELCOME, CampaignKind.MEMBER_CALLING, CampaignKind.CONTACT_DETAILS, CampaignKind.OTHER)
QUEUE, SHEETS, ENTRY, PROGRESS, TASKS = range(5)


class CallingTab(TabPage):
    """Calling campaigns: queue, callers, sheets, entry of outcomes, progress, tasks."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._shown_campaign: uuid.UUID | None = None
        self._loaded_pages: set[int] = set()  # pages loaded for the campaign shown
        self.pages = QTabWidget()
        self.campaigns = SortedListModel[CampaignSummary](
            [
                Column(N_("Campaign"), lambda row: row.name),
                Column(N_("Status"), lambda row: self._status(row), key=lambda row: self._status(row)),
                Column(N_("Sheets"), lambda row: str(row.sheets), key=lambda row: row.sheets, align_right=True),
                Column(
                    N_("Reached"),
                    lambda row: format_count(row.members_reached),
                    key=lambda row: row.members_reached,
                    align_right=True,
                    tooltip=N_("Members reached in the campaign"),
                ),
            ],
            self,
            muted=lambda row: not row.is_active(self.context.today()),
        )
        self.list_view = DataTableView()
        self.list_view.setModel(self.campaigns)
        fit_columns(self.list_view)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setSortingEnabled(False)  # newest open campaigns first, as listed
        self.list_view.selectionModel().currentRowChanged.connect(lambda *_args: self._campaign_chosen())
        self.list_view.activated_row.connect(lambda _row: self.edit_campaign())

        self.new_button = QPushButton()  # a push button draws its menu arrow beside the text, never over it
        self.new_menu = QMenu(self)
        self.template_actions: dict[CampaignKind, QAction] = {}
        for kind in _TEMPLATES:
            action = self.new_menu.addAction("")
            action.triggered.connect(lambda _checked=False, chosen=kind: self.new_campaign(chosen))
            self.template_actions[kind] = action
        self.new_button.setMenu(self.new_menu)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_campaign)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.toggle_closed)
        self.callers_button = QPushButton()
        self.callers_button.clicked.connect(self.manage_callers)
        tools = QHBoxLayout()
        tools.addWidget(self.new_button)
        tools.addWidget(self.edit_button)
        tools.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.callers_button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.queue_page = QueuePage(context)
        self.queue_page.assigned.connect(lambda _numbers: self.pages.setCurrentIndex(SHEETS))
        self.sheets_page = SheetsPage(context)
        self.sheets_page.enter_requested.connect(self.enter_sheet)
        self.entry_page = EntryPage(context)
        self.progress_page = ProgressPage(context)
        self.tasks_page = TasksPage(context)
        self.pages.setDocumentMode(True)
        for page in (self.queue_page, self.sheets_page, self.entry_page, self.progress_page, self.tasks_page):
            self.pages.addTab(page, "")
        self.pages.currentChanged.connect(lambda _index: self._refresh_page())
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.details)
        detail_layout.addWidget(self.pages, 1)

        self.empty = EmptyState()
        self.stack = QStackedWidget()
        splitter = list_beside_detail(context.ui_state, "calling", tools, self.list_view, actions, detail)
        if context.ui_state.splitter_state("calling") is None:
            splitter.setSizes([380, 980])  # a short list of campaigns; the pages need the room
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.enter_shortcut = QAction(self)
        self.enter_shortcut.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.enter_shortcut.triggered.connect(self._go_to_entry)
        self.addAction(self.enter_shortcut)

        events = context.events
        events.calling_changed.connect(self.request_refresh)
        events.members_changed.connect(self.request_refresh)
        events.data_changed.connect(self.request_refresh)
        self.retranslate()
        self.request_refresh()

    # -------------------------------------------------------------------------------------------------- texts
    def _status(self, row: CampaignSummary) -> str:
        if row.closed_on is not None:
            return _("Closed")
        return _("Running") if row.is_active(self.context.today()) else _("Not running")

    def retranslate(self) -> None:
        self.new_button.setText(_("New campaign"))
        self.new_button.setToolTip(_("Start a campaign from a template: the welcome call, member calling, contacts"))
        for kind, action in self.template_actions.items():
            action.setText(_(CAMPAIGN_KIND_LABELS[kind]))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Change the campaign's script, questions and who it calls"))
        self.callers_button.setText(_("Callers…"))
        self.callers_button.setToolTip(_("Volunteers who call: members, or a name and phone added quickly"))
        for index, text, tip in (
            (QUEUE, _("&Queue"), _("Who is called now, and why the others are left out")),
            (SHEETS, _("&Sheets"), _("The printed call sheets, from printer to entry")),
            (ENTRY, _("&Enter results"), _("Type a returned sheet in, row by row (Ctrl+Shift+E)")),
            (PROGRESS, _("&Progress"), _("Called and reached, per branch and per caller")),
        ):
            self.pages.setTabText(index, text)
            self.pages.setTabToolTip(index, tip)
        self.pages.setTabToolTip(TASKS, _("What calls have asked the ombudsman to do"))
        self._set_tasks_title()
        self.campaigns.retranslate()
        self.empty.set_content(
            _("No calling campaigns yet"),
            _(
                "Start with the welcome call, which every new member enters by itself, or the member calling "
                "campaign in which the branches call all their members."
            ),
            [
                (_(CAMPAIGN_KIND_LABELS[CampaignKind.WELCOME]), lambda: self.new_campaign(CampaignKind.WELCOME)),
                (
                    _(CAMPAIGN_KIND_LABELS[CampaignKind.MEMBER_CALLING]),
                    lambda: self.new_campaign(CampaignKind.MEMBER_CALLING),
                ),
            ],
        )
        for page in (self.queue_page, self.sheets_page, self.entry_page, self.progress_page, self.tasks_page):
            page.retranslate()
        self._show_heading()

    def _set_tasks_title(self) -> None:
        count = self.tasks_page.open_count()
        self.pages.setTabText(TASKS, _("&Tasks ({count})").format(count=count) if count else _("&Tasks"))

    # ------------------------------------------------------------------------------------------------ loading
    def current_campaign(self) -> CampaignSummary | None:
        return self.campaigns.row_at(self.list_view.currentIndex().row())

    def refresh(self) -> None:
        chosen = self.current_campaign()
        chosen_id = chosen.id if chosen else None
        with self.context.database.reading() as session:
            campaigns = list_campaigns(session)
        self.campaigns.set_rows(campaigns)
        self.stack.setCurrentIndex(0 if campaigns else 1)
        rows = self.campaigns.rows()
        index = next((position for position, row in enumerate(rows) if row.id == chosen_id), 0 if rows else -1)
        if index >= 0:
            self.list_view.selectRow(index)
        self.tasks_page.reload()
        self._set_tasks_title()
        self._campaign_chosen(force=True)

    def _campaign_chosen(self, force: bool = False) -> None:
        chosen = self.current_campaign()
        campaign_id = chosen.id if chosen else None
        self._show_heading()
        self.edit_button.setEnabled(chosen is not None)
        self.close_button.setEnabled(chosen is not None)
        self.close_button.setText(_("Reopen") if chosen and chosen.closed_on else _("Close campaign"))
        if force or campaign_id != self._shown_campaign:
            self._shown_campaign = campaign_id
            self.entry_page.set_campaign(campaign_id)
            self._loaded_pages = set()
            self._refresh_page()

    def _refresh_page(self) -> None:
        """Load the page shown (the others when they are shown: the queue of a large campaign takes a moment)."""
        index = self.pages.currentIndex()
        if index in self._loaded_pages:
            return
        self._loaded_pages.add(index)
        campaign_id = self._shown_campaign
        if index == QUEUE:
            self.queue_page.set_campaign(campaign_id)
        elif index == SHEETS:
            self.sheets_page.set_campaign(campaign_id)
        elif index == ENTRY:
            self.entry_page.reload()
        elif index == PROGRESS:
            self.progress_page.set_campaign(campaign_id)
        elif index == TASKS:
            self.tasks_page.reload()

    def _show_heading(self) -> None:
        chosen = self.current_campaign()
        if chosen is None:
            self.heading.setText(_("Choose a campaign"))
            self.details.setText("")
            return
        self.heading.setText(chosen.name)
        dates = " – ".join(format_day(day) for day in (chosen.starts_on, chosen.ends_on) if day)
        parts = [_(CAMPAIGN_KIND_LABELS[chosen.kind]), self._status(chosen)]
        if dates:
            parts.append(dates)
        parts.append(
            _("{called} called, {reached} reached").format(
                called=format_count(chosen.members_called), reached=format_count(chosen.members_reached)
            )
        )
        self.details.setText(" · ".join(parts))

    # ------------------------------------------------------------------------------------------------ actions
    def new_campaign(self, kind: CampaignKind) -> None:
        with self.context.database.reading() as session:
            language = get_district(session).language.value
        self._open_dialog(template(kind, language, self.context.today()), None)

    def edit_campaign(self) -> None:
        chosen = self.current_campaign()
        if chosen is None:
            return
        with self.context.database.reading() as session:
            data = campaign_data(session, chosen.id)
        self._open_dialog(data, chosen.id)

    def _open_dialog(self, data: CampaignData, campaign_id: uuid.UUID | None) -> None:
        from desktop.calling.campaign_dialog import CampaignDialog

        dialog = CampaignDialog(self.context, data, campaign_id, self)
        if not dialog.exec():
            return
        new_id = dialog.campaign_id
        self.refresh()
        rows = self.campaigns.rows()
        index = next((position for position, row in enumerate(rows) if row.id == new_id), -1)
        if index >= 0:
            self.list_view.selectRow(index)

    def toggle_closed(self) -> None:
        chosen = self.current_campaign()
        if chosen is None:
            return
        today = self.context.today()
        try:
            if chosen.closed_on is None:
                save_calling_change(
                    self.context, Label(N_("Close campaign")), lambda session: close_campaign(session, chosen.id, today)
                )
            else:
                save_calling_change(
                    self.context, Label(N_("Reopen campaign")), lambda session: reopen_campaign(session, chosen.id)
                )
        except Exception as error:  # shown; nothing was written
            show_error(self, _("Campaign"), error)

    def manage_callers(self) -> None:
        from desktop.calling.callers_dialog import CallersDialog

        CallersDialog(self.context, self).exec()
        self.request_refresh()

    def enter_sheet(self, number: int) -> None:
        self.pages.setCurrentIndex(ENTRY)
        self.entry_page.open_sheet(number)

    def _go_to_entry(self) -> None:
        self.pages.setCurrentIndex(ENTRY)
        self.entry_page.sheet_field.setFocus()
        self.entry_page.sheet_field.selectAll()

    def print_current(self) -> bool:
        """File ▸ Print prints the selected sheets of the campaign (all of them when none is selected)."""
        chosen = self.current_campaign()
        if chosen is None:
            return False
        if self.sheets_page.campaign_id != chosen.id:
            self.sheets_page.set_campaign(chosen.id)
        numbers = [row.number for row in self.sheets_page.selected()] or [
            row.number for row in self.sheets_page.model.rows()
        ]
        if not numbers:
            return False
        print_call_sheets(self.context, self, chosen.id, numbers)
        return True
