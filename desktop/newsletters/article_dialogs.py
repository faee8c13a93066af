"""An article's dialog, and what a branch sent for an issue (which becomes an article credited to the branch)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget
from sqlalchemy.orm import Session

from db.core.i18n import N_, Label, _
from db.newsletters.articles import (
    ArticleData,
    ArticleRow,
    add_article,
    allowed_article_statuses,
    set_article_status,
    update_article,
)
from db.newsletters.contributions import ContributionRow, ask_branches, issue_contributions, record_received
from db.newsletters.models import ARTICLE_STATUS_LABELS, ArticleStatus
from desktop.branches.forms import FormDialog, date_edit, date_of, enum_combo, label_combo
from desktop.meetings.fields import select_value, text_box, unwrap_labels
from desktop.newsletters.common import save_newsletter_change
from desktop.shell.context import ShellContext
from desktop.shell.form_widgets import MemberPicker


def optional_spin(high: int, value: int | None) -> QSpinBox:
    """A number that may be left out: 0 shows "—" and means none."""
    spin = QSpinBox()
    spin.setRange(0, high)
    spin.setSpecialValueText("—")
    spin.setValue(value or 0)
    return spin


def contribution_of(session: Session, issue_id: uuid.UUID, row: ContributionRow, today: date) -> uuid.UUID:
    """The contribution of the row's branch to the issue; a branch not yet asked is asked now (it sent unasked)."""
    if row.id is not None:
        return row.id
    ask_branches(session, issue_id, today, [row.branch_id])
    found = next(each.id for each in issue_contributions(session, issue_id) if each.branch_id == row.branch_id)
    assert found is not None
    return found


class ArticleDialog(FormDialog):
    """Add an article to an issue, or change one: title, writer, branch, length, status, page."""

    def __init__(
        self,
        context: ShellContext,
        issue_id: uuid.UUID,
        issue: str,
        branches: Sequence[tuple[uuid.UUID, str]],
        article: ArticleRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.issue_id = issue_id
        self.issue = issue
        self.article = article
        self.article_id = article.id if article else None
        self.title_field = QLineEdit(article.title if article else "")
        self.title_field.setMaxLength(300)
        self.author = MemberPicker(context.database, context.today())
        self.author_name = QLineEdit()
        self.author_name.setMaxLength(200)
        if article is not None:
            if article.author_id is not None:
                self.author.set_member(article.author_id, article.author)
            else:
                self.author_name.setText(article.author)
        self.branch = QComboBox()
        self.branch.addItem("", None)
        for branch_id, name in branches:
            self.branch.addItem(name, branch_id)
        if article is not None and article.branch_id is not None and self.branch.findText(article.branch) < 0:
            self.branch.addItem(article.branch, article.branch_id)  # a branch no longer active keeps its credit
        select_value(self.branch, article.branch_id if article else None)
        self.length = optional_spin(1_000_000, article.length if article else None)
        self.length.setSingleStep(500)
        statuses = (article.status, *allowed_article_statuses(article.status)) if article else tuple(ArticleStatus)
        self.status = enum_combo(statuses)
        select_value(self.status, article.status if article else ArticleStatus.COMMISSIONED)
        self.page = optional_spin(999, article.page if article else None)
        self.notes = text_box(article.notes if article else None, lines=2, grow=False)
        for key, field, aliases in (
            ("title", self.title_field, ()),
            ("author", self.author, ("author_id",)),
            ("author_name", self.author_name, ()),
            ("branch_id", self.branch, ()),
            ("length", self.length, ()),
            ("status", self.status, ()),
            ("page", self.page, ()),
            ("notes", self.notes, ()),
        ):
            self.add_row(key, field, *aliases)
        unwrap_labels(self.labels.values())
        self.setMinimumWidth(520)
        self.retranslate()
        self.title_field.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        title = _("New article in {issue}") if self.article is None else _("Edit article in {issue}")
        self.setWindowTitle(title.format(issue=self.issue))
        label_combo(self.status, ARTICLE_STATUS_LABELS)
        self.branch.setItemText(0, _("No branch"))
        for key, text in (
            ("title", _("&Title")),
            ("author", _("&Writer")),
            ("author_name", _("Or &name")),
            ("branch_id", _("&Branch")),
            ("length", _("&Length (characters)")),
            ("status", _("&Status")),
            ("page", _("&Page")),
            ("notes", _("N&otes")),
        ):
            self.labels[key].setText(text)
        self.author.setPlaceholderText(_("Type part of a name, a number or an e-mail address"))
        self.author_name.setPlaceholderText(_("A writer not in the register"))
        self.branch.setToolTip(_("The branch the article comes from: it counts as the branch's local news"))
        self.status.setToolTip(_("Only the moves this article can make are offered"))

    def data(self) -> ArticleData:
        member_id = self.author.chosen_id
        return ArticleData(
            issue_id=self.issue_id,
            title=self.title_field.text(),
            author_id=member_id,
            author_name=None if member_id else self.author_name.text(),
            branch_id=self.branch.currentData(),
            length=self.length.value() or None,
            page=self.page.value() or None,
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        data, existing, status = self.data(), self.article_id, self.status.currentData()

        def work(session: Session) -> uuid.UUID:
            if existing is None:
                return add_article(session, data, status)
            update_article(session, existing, data)
            set_article_status(session, existing, status)
            return existing

        title = " ".join(data.title.split())
        label = (
            Label(N_("Add article “{title}” to {issue}"), title=title, issue=self.issue)
            if existing is None
            else Label(N_("Edit article “{title}”"), title=title)
        )
        self.article_id = save_newsletter_change(self.context, label, work)


class ReceivedDialog(FormDialog):
    """What a branch sent for the issue, when; it becomes an article credited to the branch unless unticked."""

    def __init__(
        self,
        context: ShellContext,
        issue_id: uuid.UUID,
        row: ContributionRow,
        issue: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.issue_id = issue_id
        self.row = row
        self.issue = issue
        self.article_id: uuid.UUID | None = None
        self.branch_name = QLabel(row.branch)
        self.what = QLineEdit(row.what)
        self.what.setMaxLength(300)
        self.received_on = date_edit(row.received_on or context.today())
        self.make_article = QCheckBox()
        self.make_article.setChecked(row.article_id is None)
        self.make_article.setEnabled(row.article_id is None)
        self.length = optional_spin(1_000_000, None)
        self.length.setSingleStep(500)
        for key, field in (
            ("branch", self.branch_name),
            ("what", self.what),
            ("received_on", self.received_on),
            ("make_article", self.make_article),
            ("length", self.length),
        ):
            self.add_row(key, field)
        self.make_article.toggled.connect(self.length.setEnabled)
        self.length.setEnabled(self.make_article.isChecked())
        unwrap_labels(self.labels.values())
        self.setMinimumWidth(520)
        self.retranslate()
        self.what.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Local news received for {issue}").format(issue=self.issue))
        for key, text in (
            ("branch", _("Branch")),
            ("what", _("&What was sent")),
            ("received_on", _("&Received on")),
            ("make_article", _("Article")),
            ("length", _("&Length (characters)")),
        ):
            self.labels[key].setText(text)
        self.what.setPlaceholderText(_("e.g. a text on the spring meeting and two photos"))
        self.make_article.setText(
            _("Add it to the issue's articles") if self.row.article_id is None else _("Already among the articles")
        )

    def values(self) -> tuple[str, date, bool, int | None]:
        return self.what.text(), date_of(self.received_on), self.make_article.isChecked(), self.length.value() or None

    def save(self) -> None:
        what, day, make_article, length = self.values()
        issue_id, row, today = self.issue_id, self.row, self.context.today()

        def work(session: Session) -> uuid.UUID | None:
            contribution_id = contribution_of(session, issue_id, row, today)
            return record_received(session, contribution_id, what, day, make_article=make_article, length=length)

        self.article_id = save_newsletter_change(
            self.context,
            Label(N_("Local news from {branch} for {issue}"), branch=self.row.branch, issue=self.issue),
            work,
        )
