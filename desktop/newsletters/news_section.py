"""Local news from the branches for an issue: ask them all, record what each sent or that it had nothing.

Every active branch is listed, asked or not. The branches that have been asked for this publication's issues and
never sent anything are marked and named under the list (``db.newsletters.contributions.branch_record``): they
are the ones to call. What a branch sends becomes an article of the issue credited to it.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from db.core.i18n import N_, Label, _, format_count, format_day, ngettext
from db.core.text import nordic_sort_key
from db.newsletters.contributions import (
    BranchRecord,
    ContributionRow,
    ask_branches,
    branch_record,
    issue_contributions,
    record_declined,
    reset_to_asked,
)
from db.newsletters.issues import IssueRow
from db.newsletters.models import CONTRIBUTION_STATUS_LABELS, ContributionStatus
from desktop.calling.models import Column, SortedListModel, fit_columns
from desktop.newsletters.article_dialogs import contribution_of
from desktop.newsletters.common import MUTED_COLOR, WARNING_COLOR, WARNING_SIGN, try_newsletter_change
from desktop.shell.context import ShellContext
from desktop.shell.widgets import DataTableView

BRANCH, STATUS, ASKED, RECEIVED, WHAT = range(5)
_STATUS_ORDER: dict[ContributionStatus | None, int] = {None: -1}
_STATUS_ORDER.update((status, index) for index, status in enumerate(ContributionStatus))


def status_text(row: ContributionRow) -> str:
    return _(CONTRIBUTION_STATUS_LABELS[row.status]) if row.status is not None else _("Not asked")


class ContributionsModel(SortedListModel[ContributionRow]):
    """The branches and their part in the issue; those that never send news in bold amber, with a sign."""

    def __init__(self, parent: Any = None) -> None:
        self.records: dict[uuid.UUID, BranchRecord] = {}
        super().__init__(
            [
                Column(
                    N_("Branch"),
                    lambda row: (WARNING_SIGN if self.is_silent(row) else "") + row.branch,
                    key=lambda row: nordic_sort_key(row.branch),
                ),
                Column(N_("Status"), status_text, key=lambda row: _STATUS_ORDER[row.status]),
                Column(
                    N_("Asked"),
                    lambda row: format_day(row.asked_on) if row.asked_on else "",
                    key=lambda row: row.asked_on.toordinal() if row.asked_on else 0,
                ),
                Column(
                    N_("Received on"),
                    lambda row: format_day(row.received_on) if row.received_on else "",
                    key=lambda row: row.received_on.toordinal() if row.received_on else 0,
                ),
                Column(N_("What"), lambda row: row.what),
            ],
            parent,
            muted=lambda row: row.status is None,
        )

    def set_records(self, records: list[BranchRecord]) -> None:
        self.records = {record.branch_id: record for record in records}

    def is_silent(self, row: ContributionRow) -> bool:
        """Asked for the publication's issues before and never sent anything."""
        record = self.records.get(row.branch_id)
        return record is not None and record.never

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and self.is_silent(row):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(WARNING_COLOR))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                asked = self.records[row.branch_id].asked
                return ngettext(
                    "Asked for {count} issue and never sent news: worth a call.",
                    "Asked for {count} issues and never sent news: worth a call.",
                    asked,
                ).format(count=format_count(asked))
        return super().data(index, role)


class NewsSection(QWidget):
    """Ask all branches; record received, nothing this time, or back to asked; the silent branches named."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.issue: IssueRow | None = None
        self.model = ContributionsModel(self)
        self.view = DataTableView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.sortByColumn(BRANCH, Qt.SortOrder.AscendingOrder)
        fit_columns(self.view, stretch=WHAT)
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        self.view.activated_row.connect(lambda _row: self.received())
        self.summary = QLabel()
        self.summary.setStyleSheet(f"color: {MUTED_COLOR};")
        self.silent = QLabel()
        self.silent.setWordWrap(True)
        self.silent.setStyleSheet(f"color: {WARNING_COLOR};")
        self.ask_button = QPushButton()
        self.ask_button.clicked.connect(self.ask_all)
        self.received_button = QPushButton()
        self.received_button.clicked.connect(self.received)
        self.declined_button = QPushButton()
        self.declined_button.clicked.connect(self.declined)
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addWidget(self.ask_button)
        buttons.addStretch(1)
        for button in (self.received_button, self.declined_button, self.reset_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.silent)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.ask_button.setText(_("As&k all branches"))
        self.ask_button.setToolTip(_("Ask every active branch for local news for this issue (none is asked twice)"))
        self.received_button.setText(_("Re&ceived…"))
        self.received_button.setToolTip(_("What the chosen branch sent: it becomes an article of the issue (Enter)"))
        self.declined_button.setText(_("Nothing t&his time"))
        self.declined_button.setToolTip(_("The chosen branch answered that it has nothing for this issue"))
        self.reset_button.setText(_("Back t&o asked"))
        self.reset_button.setToolTip(_("Correct a slip; an article already made stays in the issue"))
        self.model.retranslate()
        self._show_summary()

    def show_issue(self, issue: IssueRow | None) -> None:
        self.issue = issue
        chosen = self.current()
        chosen_branch = chosen.branch_id if chosen else None
        if issue is None:
            self.model.set_records([])
            self.model.set_rows([])
        else:
            with self.context.database.reading() as session:
                records = branch_record(session, publication_id=issue.publication_id)
                rows = issue_contributions(session, issue.id)
            self.model.set_records(records)
            self.model.set_rows(rows)
        row = next((number for number, each in enumerate(self.model.rows()) if each.branch_id == chosen_branch), -1)
        if row >= 0:
            self.view.selectRow(row)
        self._show_summary()
        self._update_buttons()

    def branches(self) -> list[tuple[uuid.UUID, str]]:
        """The branches listed (for an article's choice of branch), by name."""
        rows = sorted(self.model.rows(), key=lambda row: row.branch.casefold())
        return [(row.branch_id, row.branch) for row in rows]

    def silent_branches(self) -> list[str]:
        """The branches that were asked and never sent news, by name."""
        return sorted((row.branch for row in self.model.rows() if self.model.is_silent(row)), key=str.casefold)

    def current(self) -> ContributionRow | None:
        return self.model.row_at(self.view.currentIndex().row())

    def _show_summary(self) -> None:
        rows = self.model.rows()
        asked = sum(1 for row in rows if row.status is not None)
        sent = sum(1 for row in rows if row.status == ContributionStatus.RECEIVED)
        if asked:
            text = ngettext("{sent} of {asked} branch sent news", "{sent} of {asked} branches sent news", asked).format(
                sent=format_count(sent), asked=format_count(asked)
            )
        else:
            text = _("No branch has been asked for news for this issue yet.") if rows else ""
        self.summary.setText(text)
        silent = self.silent_branches()
        self.silent.setText(
            WARNING_SIGN
            + ngettext(
                "Asked before and never sent news: {names}",
                "Asked before and never sent news ({count} branches): {names}",
                len(silent),
            ).format(count=format_count(len(silent)), names=", ".join(silent))
            if silent
            else ""
        )
        self.silent.setVisible(bool(silent))

    def _update_buttons(self) -> None:
        chosen = self.current()
        rows = self.model.rows()
        self.ask_button.setEnabled(self.issue is not None and any(row.status is None for row in rows))
        self.received_button.setEnabled(chosen is not None)
        self.declined_button.setEnabled(chosen is not None and chosen.status != ContributionStatus.DECLINED)
        self.reset_button.setEnabled(
            chosen is not None and chosen.status in (ContributionStatus.RECEIVED, ContributionStatus.DECLINED)
        )

    # ------------------------------------------------------------------------------------------------ actions
    def ask_all(self) -> None:
        issue = self.issue
        if issue is None:
            return
        issue_id, today = issue.id, self.context.today()
        try_newsletter_change(
            self,
            _("Ask all branches"),
            self.context,
            Label(N_("Ask the branches for local news for {issue}"), issue=issue.name),
            lambda session: ask_branches(session, issue_id, today),
        )

    def received(self) -> None:
        from desktop.newsletters.article_dialogs import ReceivedDialog

        chosen, issue = self.current(), self.issue
        if chosen is not None and issue is not None:
            ReceivedDialog(self.context, issue.id, chosen, issue.name, self).exec()

    def declined(self) -> None:
        chosen, issue = self.current(), self.issue
        if chosen is None or issue is None:
            return
        issue_id, today = issue.id, self.context.today()

        def work(session: Session) -> None:
            record_declined(session, contribution_of(session, issue_id, chosen, today), today)

        try_newsletter_change(
            self,
            _("Nothing this time"),
            self.context,
            Label(N_("No local news from {branch} for {issue}"), branch=chosen.branch, issue=issue.name),
            work,
        )

    def reset(self) -> None:
        chosen, issue = self.current(), self.issue
        if chosen is None or issue is None or chosen.id is None:
            return
        contribution_id = chosen.id
        try_newsletter_change(
            self,
            _("Back to asked"),
            self.context,
            Label(N_("Local news of {branch} for {issue} back to asked"), branch=chosen.branch, issue=issue.name),
            lambda session: reset_to_asked(session, contribution_id),
        )
