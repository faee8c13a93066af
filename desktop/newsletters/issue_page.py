"""An issue's page: its name and facts, the status moves it can make, and its articles, local news and readers.

An issue goes planning → collecting texts → editing → layout → printing → distributed; it may skip forward, or go
one step back to correct a slip (``db.newsletters.issues.allowed_issue_statuses``), so only those moves are
offered as buttons. Reaching "distributed" fills in the publication date when it is empty, and the issue then
counts against the publication's target.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from db.core.i18n import N_, Label, _, format_count, format_day, ngettext
from db.newsletters.issues import STATUS_ORDER, IssueRow, allowed_issue_statuses, set_issue_status
from db.newsletters.models import ISSUE_STATUS_LABELS, IssueStatus
from desktop.newsletters.articles_section import ArticlesSection
from desktop.newsletters.common import try_newsletter_change
from desktop.newsletters.distribution_section import DistributionSection
from desktop.newsletters.news_section import NewsSection
from desktop.newsletters.printing import ReaderCounts
from desktop.shell.context import ShellContext

ARTICLES_PAGE, NEWS_PAGE, DISTRIBUTION_PAGE = range(3)


class IssuePage(QWidget):
    """The issue chosen in the list."""

    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.issue: IssueRow | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_requested.emit)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_requested.emit)
        self.move_label = QLabel()
        self.status_buttons: list[QPushButton] = []
        self.status_row = QHBoxLayout()
        self.status_row.addWidget(self.move_label)
        self.status_row.addStretch(1)
        head_row = QHBoxLayout()
        head_row.addWidget(self.heading, 1)
        head_row.addWidget(self.edit_button)
        head_row.addWidget(self.delete_button)
        self.articles = ArticlesSection(context)
        self.news = NewsSection(context)
        self.distribution = DistributionSection(context)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        for page in (self.articles, self.news, self.distribution):
            self.pages.addTab(page, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head_row)
        layout.addWidget(self.facts)
        layout.addLayout(self.status_row)
        layout.addWidget(self.pages, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.edit_button.setText(_("&Edit issue…"))
        self.edit_button.setToolTip(_("Change the issue's number, theme, dates or extra copies"))
        self.delete_button.setText(_("&Delete issue…"))
        self.delete_button.setToolTip(_("Delete the issue with its articles; Edit ▸ Undo brings it back"))
        self.move_label.setText(_("Move to:"))
        for index, text, tip in (
            (ARTICLES_PAGE, _("&Articles"), _("What the issue carries, from commissioned to placed on a page")),
            (NEWS_PAGE, _("&Local news"), _("Ask the branches for news and see who sent what")),
            (
                DISTRIBUTION_PAGE,
                _("Di&stribution"),
                _("Who gets the issue by post and by e-mail; labels, mailing list"),
            ),
        ):
            self.pages.setTabText(index, text)
            self.pages.setTabToolTip(index, tip)
        for part in (self.articles, self.news, self.distribution):
            part.retranslate()
        self._show_head()

    def show_issue(self, issue: IssueRow | None, counts: ReaderCounts | None) -> None:
        """Show ``issue`` (its articles and branches read again) with the publication's reader counts, if known."""
        self.issue = issue
        self.news.show_issue(issue)
        self.articles.show_issue(issue, self.news.branches())
        self.distribution.show_issue(issue, counts)
        self._show_head()

    def show_counts(self, counts: ReaderCounts | None) -> None:
        self.distribution.show_issue(self.issue, counts)

    def _show_head(self) -> None:
        issue = self.issue
        self._set_status_buttons(issue)
        self.edit_button.setEnabled(issue is not None)
        self.delete_button.setEnabled(issue is not None)
        if issue is None:
            self.heading.setText("")
            self.facts.setText("")
            return
        self.heading.setText(f"{issue.name} – {issue.theme}" if issue.theme else issue.name)
        parts = [issue.publication, _(ISSUE_STATUS_LABELS[issue.status])]
        if issue.copy_deadline is not None:
            parts.append(_("copy deadline {day}").format(day=format_day(issue.copy_deadline)))
        if issue.publication_date is not None:
            parts.append(_("comes out {day}").format(day=format_day(issue.publication_date)))
        parts.append(
            ngettext("{count} article, {placed} placed", "{count} articles, {placed} placed", issue.articles).format(
                count=format_count(issue.articles), placed=format_count(issue.articles_placed)
            )
        )
        if issue.branches_asked:
            parts.append(
                ngettext(
                    "{sent} of {asked} branch sent news", "{sent} of {asked} branches sent news", issue.branches_asked
                ).format(sent=format_count(issue.branches_sent), asked=format_count(issue.branches_asked))
            )
        self.facts.setText(" · ".join(parts))

    def _set_status_buttons(self, issue: IssueRow | None) -> None:
        for button in self.status_buttons:
            self.status_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.status_buttons = []
        if issue is None:
            self.move_label.hide()
            return
        current = STATUS_ORDER.index(issue.status)
        for position, status in enumerate(allowed_issue_statuses(issue.status)):
            back = STATUS_ORDER.index(status) < current
            name = _(ISSUE_STATUS_LABELS[status])
            button = QPushButton(f"← {name}" if back else f"{name} →")
            button.setProperty("status", status.value)
            button.setToolTip(
                _("Back one step, to correct a slip")
                if back
                else _("Move the issue on to “{status}”").format(status=name)
            )
            button.clicked.connect(lambda _checked=False, wanted=status: self.move_to(wanted))
            self.status_row.insertWidget(1 + position, button)
            self.status_buttons.append(button)
        self.move_label.setVisible(bool(self.status_buttons))

    def offered_statuses(self) -> list[IssueStatus]:
        """The statuses the issue's buttons offer."""
        return [IssueStatus(str(button.property("status"))) for button in self.status_buttons]

    def move_to(self, status: IssueStatus) -> None:
        issue = self.issue
        if issue is None:
            return
        issue_id, today = issue.id, self.context.today()
        label = Label(N_("{issue}: {status}"), issue=issue.name, status=Label(ISSUE_STATUS_LABELS[status]).stored())
        try_newsletter_change(
            self, _("Status"), self.context, label, lambda session: set_issue_status(session, issue_id, status, today)
        )
