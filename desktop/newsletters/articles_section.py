"""An issue's articles: title, writer, branch, length, status and page; added, changed, moved on, removed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from db.core.base import utcnow
from db.core.i18n import N_, Label, _, format_count, ngettext
from db.newsletters.articles import (
    ARTICLE_ORDER,
    ArticleRow,
    allowed_article_statuses,
    delete_article,
    list_articles,
    set_article_status,
    total_length,
)
from db.newsletters.issues import IssueRow
from db.newsletters.models import ARTICLE_STATUS_LABELS, ArticleStatus
from desktop.calling.models import Column, SortedListModel, fit_columns
from desktop.newsletters.common import MUTED_COLOR, try_newsletter_change
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm
from desktop.shell.widgets import DataTableView, EmptyState

TITLE = 0


def articles_model(parent: QWidget | None = None) -> SortedListModel[ArticleRow]:
    """The articles of an issue as the page lists them (in their order: by page once placed, then as added)."""
    return SortedListModel[ArticleRow](
        [
            Column(N_("Title"), lambda row: row.title),
            Column(N_("Writer"), lambda row: row.author),
            Column(N_("Branch"), lambda row: row.branch),
            Column(
                N_("Length"),
                lambda row: format_count(row.length) if row.length else "",
                key=lambda row: row.length or 0,
                align_right=True,
                tooltip=N_("In characters, as editors count"),
            ),
            Column(
                N_("Status"),
                lambda row: _(ARTICLE_STATUS_LABELS[row.status]),
                key=lambda row: ARTICLE_ORDER.index(row.status),
            ),
            Column(N_("Page"), lambda row: str(row.page) if row.page else "", key=lambda row: row.page or 0),
        ],
        parent,
        muted=lambda row: row.status == ArticleStatus.COMMISSIONED,
    )


class ArticlesSection(QWidget):
    """The articles of the issue shown, with Add, Edit, Status and Remove."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.issue: IssueRow | None = None
        self.branches: list[tuple[uuid.UUID, str]] = []
        self.model = articles_model(self)
        self.view = DataTableView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(False)  # the issue's own order: by page, then as added
        fit_columns(self.view, stretch=TITLE)
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        self.view.activated_row.connect(lambda _row: self.edit_article())
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.summary = QLabel()
        self.summary.setStyleSheet(f"color: {MUTED_COLOR};")
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_article)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_article)
        self.status_button = QPushButton()
        self.status_menu = QMenu(self)
        self.status_button.setMenu(self.status_menu)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_article)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.status_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(_("Add a&rticle…"))
        self.add_button.setToolTip(_("An article the issue will carry: commissioned from a writer, or received"))
        self.edit_button.setText(_("Edit ar&ticle…"))
        self.edit_button.setToolTip(_("Change the chosen article (Enter)"))
        self.status_button.setText(_("Stat&us"))
        self.status_button.setToolTip(_("Move the chosen article on: received, edited, placed on a page"))
        self.remove_button.setText(_("Remo&ve"))
        self.remove_button.setToolTip(_("Take the chosen article out of the issue; Edit ▸ Undo brings it back"))
        self.empty.set_content(
            _("No articles yet"),
            _(
                "Add the articles the issue will carry, or ask the branches for local news on the next page: "
                "what they send becomes an article here."
            ),
            [],
        )
        self.model.retranslate()
        self._show_summary()
        self._update_buttons()

    def show_issue(self, issue: IssueRow | None, branches: Sequence[tuple[uuid.UUID, str]]) -> None:
        self.issue = issue
        self.branches = list(branches)
        chosen = self.current()
        chosen_id = chosen.id if chosen else None
        if issue is None:
            self.model.set_rows([])
        else:
            with self.context.database.reading() as session:
                self.model.set_rows(list_articles(session, issue.id))
        rows = self.model.rows()
        row = next((number for number, article in enumerate(rows) if article.id == chosen_id), -1)
        if row >= 0:
            self.view.selectRow(row)
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        self._show_summary()
        self._update_buttons()

    def current(self) -> ArticleRow | None:
        return self.model.row_at(self.view.currentIndex().row())

    def _show_summary(self) -> None:
        rows = self.model.rows()
        if not rows:
            self.summary.setText("")
            return
        placed = sum(1 for row in rows if row.status == ArticleStatus.PLACED)
        text = ngettext("{count} article, {placed} placed", "{count} articles, {placed} placed", len(rows)).format(
            count=format_count(len(rows)), placed=format_count(placed)
        )
        length = total_length(rows)
        if length:
            text += " · " + ngettext("{count} character", "{count} characters", length).format(
                count=format_count(length)
            )
        self.summary.setText(text)

    def _update_buttons(self) -> None:
        chosen = self.current()
        self.add_button.setEnabled(self.issue is not None)
        self.edit_button.setEnabled(chosen is not None)
        self.remove_button.setEnabled(chosen is not None)
        self.status_menu.clear()
        if chosen is not None:
            for status in allowed_article_statuses(chosen.status):
                action = self.status_menu.addAction(_(ARTICLE_STATUS_LABELS[status]))
                action.setData(status)
                action.triggered.connect(lambda _checked=False, wanted=status: self.move_to(wanted))
        self.status_button.setEnabled(not self.status_menu.isEmpty())

    # ------------------------------------------------------------------------------------------------ actions
    def add_article(self) -> None:
        from desktop.newsletters.article_dialogs import ArticleDialog

        if self.issue is not None:
            ArticleDialog(self.context, self.issue.id, self.issue.name, self.branches, parent=self).exec()

    def edit_article(self) -> None:
        from desktop.newsletters.article_dialogs import ArticleDialog

        chosen = self.current()
        if self.issue is not None and chosen is not None:
            ArticleDialog(self.context, self.issue.id, self.issue.name, self.branches, chosen, self).exec()

    def move_to(self, status: ArticleStatus) -> None:
        chosen = self.current()
        if chosen is None:
            return
        article_id = chosen.id
        label = Label(
            N_("Article “{title}”: {status}"),
            title=chosen.title,
            status=Label(ARTICLE_STATUS_LABELS[status]).stored(),
        )
        try_newsletter_change(
            self, _("Status"), self.context, label, lambda session: set_article_status(session, article_id, status)
        )

    def remove_article(self) -> None:
        chosen = self.current()
        if chosen is None:
            return
        question = _("Take “{title}” out of the issue?").format(title=chosen.title)
        if not confirm(self, _("Remove"), question + "\n" + _("You can undo this with Edit ▸ Undo."), _("Remove")):
            return
        article_id, now = chosen.id, utcnow()
        try_newsletter_change(
            self,
            _("Remove"),
            self.context,
            Label(N_("Remove article “{title}”"), title=chosen.title),
            lambda session: delete_article(session, article_id, now),
        )

    def offered_statuses(self) -> list[ArticleStatus]:
        return [action.data() for action in self.status_menu.actions()]
