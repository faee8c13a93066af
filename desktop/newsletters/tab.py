"""The Newsletter issues tab: a publication and its issues on the left; the chosen issue's page beside them.

The work of an issue in the order of its page: plan it (New issue…), collect the articles and the branches' local
news, take it through editing, layout and printing (the status buttons), print its address labels and export its
mailing list (Distribution), and mark it distributed. The publication's issues this period are set against its
target under the choice of publication, as the Overview counts them. Every write goes through
``desktop.newsletters.common.save_newsletter_change``; the tab refreshes from ``newsletters_changed``.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
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

from db.core.base import utcnow
from db.core.i18n import N_, Label, _, format_count, format_day, ngettext
from db.newsletters.issues import STATUS_ORDER, IssueRow, delete_issue, list_issues
from db.newsletters.models import ISSUE_STATUS_LABELS, IssueStatus, PublicationKind
from db.newsletters.publications import PublicationProgress, PublicationRecord, issues_against_target, list_publications
from desktop.calling.models import Column, SortedListModel, fit_columns
from desktop.meetings.fields import select_value
from desktop.newsletters.common import MUTED_COLOR, WARNING_COLOR, try_newsletter_change
from desktop.newsletters.issue_page import IssuePage
from desktop.newsletters.printing import ReaderCounts, load_reader_counts
from desktop.shell.context import ShellContext
from desktop.shell.messages import confirm, show_error
from desktop.shell.tab_page import TabPage
from desktop.shell.widgets import DataTableView, EmptyState, list_beside_detail

ISSUE, THEME, DEADLINE, OUT, STATUS, ARTICLES, PRINT_RUN = range(7)


class NewslettersTab(TabPage):
    """The member paper and member letters: issues, articles, the branches' news, labels and mailing lists."""

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._publications: list[PublicationRecord] = []
        self._progress: list[PublicationProgress] = []
        self.counts: dict[uuid.UUID, ReaderCounts] = {}
        self._counting: set[uuid.UUID] = set()
        self._generation = 0  # counts asked for before the register last changed are not kept
        self._shown: uuid.UUID | None = None

        self.publication_box = QComboBox()
        self.publication_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.publication_box.setMinimumContentsLength(16)
        self.publication_box.currentIndexChanged.connect(lambda _index: self._publication_chosen())
        self.publication_label = QLabel()
        self.publication_label.setBuddy(self.publication_box)
        self.new_publication_button = QPushButton()
        self.new_publication_button.clicked.connect(self.new_publication)
        self.edit_publication_button = QPushButton()
        self.edit_publication_button.clicked.connect(self.edit_publication)
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.committee = QLabel()
        self.committee.setWordWrap(True)
        self.committee.setStyleSheet(f"color: {MUTED_COLOR};")
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.publication_label)
        choice_row.addWidget(self.publication_box, 1)
        publication_buttons = QHBoxLayout()
        publication_buttons.addWidget(self.new_publication_button)
        publication_buttons.addWidget(self.edit_publication_button)
        publication_buttons.addStretch(1)
        tools = QVBoxLayout()
        tools.addLayout(choice_row)
        tools.addLayout(publication_buttons)
        tools.addWidget(self.progress)
        tools.addWidget(self.committee)

        self.model = SortedListModel[IssueRow](
            [
                Column(N_("Issue"), lambda row: f"{row.number}/{row.year}", key=lambda row: (row.year, row.number)),
                Column(N_("Theme"), lambda row: row.theme or ""),
                Column(
                    N_("Deadline"),
                    lambda row: format_day(row.copy_deadline) if row.copy_deadline else "",
                    key=lambda row: row.copy_deadline.toordinal() if row.copy_deadline else 0,
                    tooltip=N_("The copy deadline: texts in by this day"),
                ),
                Column(
                    N_("Comes out"),
                    lambda row: format_day(row.publication_date) if row.publication_date else "",
                    key=lambda row: row.publication_date.toordinal() if row.publication_date else 0,
                    tooltip=N_("The day the issue comes out"),
                ),
                Column(
                    N_("Status"),
                    lambda row: _(ISSUE_STATUS_LABELS[row.status]),
                    key=lambda row: STATUS_ORDER.index(row.status),
                ),
                Column(
                    N_("Articles"),
                    lambda row: format_count(row.articles),
                    key=lambda row: row.articles,
                    align_right=True,
                ),
                Column(
                    N_("Print run"),
                    self._print_run_text,
                    key=lambda row: self._print_run(row) or 0,
                    align_right=True,
                    tooltip=N_("Postal labels plus extra copies: as printed, or as today's register gives them"),
                ),
            ],
            self,
            muted=lambda row: row.status == IssueStatus.DISTRIBUTED,
        )
        self.list_view = DataTableView()
        self.list_view.setModel(self.model)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.sortByColumn(ISSUE, Qt.SortOrder.DescendingOrder)  # the newest first
        fit_columns(self.list_view, stretch=THEME)
        self.list_view.selectionModel().currentRowChanged.connect(lambda *_args: self._issue_chosen())
        self.new_issue_button = QPushButton()
        self.new_issue_button.clicked.connect(self.new_issue)
        self.new_shortcut = QShortcut(QKeySequence("Ctrl+N"), self, self._new_by_key)
        actions = QHBoxLayout()
        actions.addWidget(self.new_issue_button)
        actions.addStretch(1)

        self.page = IssuePage(context)
        self.page.edit_requested.connect(self.edit_issue)
        self.page.delete_requested.connect(self.delete_issue)
        self.no_issue = EmptyState()
        self.detail = QStackedWidget()
        self.detail.addWidget(self.page)
        self.detail.addWidget(self.no_issue)

        self.empty = EmptyState()
        self.stack = QStackedWidget()
        splitter = list_beside_detail(
            context.ui_state, "newsletters", tools, self.list_view, actions, detail_host(self.detail)
        )
        if context.ui_state.splitter_state("newsletters") is None:
            splitter.setSizes([600, 760])
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        events = context.events
        events.newsletters_changed.connect(self.request_refresh)
        events.branches_changed.connect(self.request_refresh)
        events.members_changed.connect(self._register_changed)
        events.data_changed.connect(self._register_changed)
        self.retranslate()
        self.request_refresh()

    # -------------------------------------------------------------------------------------------------- texts
    def retranslate(self) -> None:
        self.publication_label.setText(_("Pu&blication"))
        self.publication_box.setToolTip(_("The member paper or a member letter"))
        self.new_publication_button.setText(_("Ne&w publication…"))
        self.new_publication_button.setToolTip(_("Add the member paper or a member letter"))
        self.edit_publication_button.setText(_("Ed&it publication…"))
        self.edit_publication_button.setToolTip(
            _("The publication's code, editorial committee, target, and whether it goes by post or e-mail")
        )
        self.new_issue_button.setText(_("&New issue…"))
        self.new_issue_button.setToolTip(
            _("Plan the next issue: its theme, copy deadline and publication date (Ctrl+N)")
        )
        self.empty.set_content(
            _("No publications yet"),
            _(
                "Add the district's member paper or member letter: its editorial committee and how many issues "
                "a period it should have. Then plan its issues here."
            ),
            [(_("New publication…"), self.new_publication)],
        )
        self.model.retranslate()
        self.page.retranslate()
        self._show_publication_facts()
        self._show_no_issue()

    def _show_no_issue(self) -> None:
        publication = self.current_publication()
        if publication is not None and not self.model.rowCount():
            self.no_issue.set_content(
                _("No issues yet"),
                _("Plan the first issue of {publication}: its theme, copy deadline and when it comes out.").format(
                    publication=publication.name
                ),
                [(_("New issue…"), self.new_issue)],
            )
        else:
            self.no_issue.set_content(_("Choose an issue"), _("Its articles, local news and readers show here."), [])

    def _show_publication_facts(self) -> None:
        publication = self.current_publication()
        self.edit_publication_button.setEnabled(publication is not None)
        self.new_issue_button.setEnabled(publication is not None)
        if publication is None:
            self.progress.setText("")
            self.committee.setText("")
            return
        self.committee.setText(
            _("Editorial committee: {name}").format(name=publication.editorial_body)
            if publication.editorial_body
            else _("No editorial committee chosen")
        )
        progress = next((each for each in self._progress if each.publication_id == publication.id), None)
        if progress is None:
            self.progress.setText(_("No target set for the number of issues."))
            self.progress.setStyleSheet("")
            return
        text = ngettext(
            "{published} of {target} issue this period ({start}–{end})",
            "{published} of {target} issues this period ({start}–{end})",
            progress.target,
        ).format(
            published=format_count(progress.published),
            target=format_count(progress.target),
            start=format_day(progress.period_start),
            end=format_day(progress.period_end),
        )
        if progress.planned:
            text += ", " + ngettext("{count} more planned", "{count} more planned", progress.planned).format(
                count=format_count(progress.planned)
            )
        if progress.short:
            text += ". " + ngettext(
                "{count} more issue is needed to reach the target.",
                "{count} more issues are needed to reach the target.",
                progress.short,
            ).format(count=format_count(progress.short))
        self.progress.setText(text)
        self.progress.setStyleSheet(f"color: {WARNING_COLOR};" if progress.short else "")

    # ------------------------------------------------------------------------------------------------ loading
    def current_publication(self) -> PublicationRecord | None:
        wanted = self.publication_box.currentData()
        return next((each for each in self._publications if each.id == wanted), None)

    def current_issue(self) -> IssueRow | None:
        return self.model.row_at(self.list_view.currentIndex().row())

    def _print_run(self, row: IssueRow) -> int | None:
        if row.postal_copies is not None:
            return row.postal_copies + row.extra_copies
        counts = self.counts.get(row.publication_id)
        return counts.labels + row.extra_copies if counts is not None else None

    def _print_run_text(self, row: IssueRow) -> str:
        run = self._print_run(row)
        return format_count(run) if run is not None else ""

    def _register_changed(self) -> None:
        self.counts.clear()  # the readers follow the register
        self._counting.clear()
        self._generation += 1
        self.request_refresh()

    def refresh(self) -> None:
        with self.context.database.reading() as session:
            self._publications = list_publications(session)
            self._progress = issues_against_target(session, self.context.today())
        chosen = self.publication_box.currentData()
        if chosen is None:  # the member paper first, where there is one
            papers = [each.id for each in self._publications if each.data.kind == PublicationKind.PAPER]
            chosen = papers[0] if papers else None
        self.publication_box.blockSignals(True)
        self.publication_box.clear()
        for publication in self._publications:
            self.publication_box.addItem(f"{publication.name} ({publication.code})", publication.id)
        select_value(self.publication_box, chosen)
        self.publication_box.blockSignals(False)
        self.stack.setCurrentIndex(0 if self._publications else 1)
        self._publication_chosen()

    def _publication_chosen(self, wanted: uuid.UUID | None = None) -> None:
        publication = self.current_publication()
        chosen = self.current_issue()
        chosen_id = wanted or (chosen.id if chosen else self._shown)
        if publication is None:
            rows: list[IssueRow] = []
        else:
            with self.context.database.reading() as session:
                rows = list_issues(session, publication.id)
            self._count_readers(publication.id)
        self.model.set_rows(rows)
        row = self.model_row(chosen_id) if chosen_id else -1
        if row < 0:
            row = self._default_row()
        self.list_view.blockSignals(True)
        if row >= 0:
            self.list_view.selectRow(row)
        else:
            self.list_view.clearSelection()
            self.list_view.setCurrentIndex(QModelIndex())
        self.list_view.blockSignals(False)
        self._show_publication_facts()
        self._issue_chosen(force=True)

    def model_row(self, issue_id: object) -> int:
        return next((number for number, row in enumerate(self.model.rows()) if row.id == issue_id), -1)

    def _default_row(self) -> int:
        """The first issue still in the works (by when it comes out), else the newest."""
        rows = self.model.rows()
        working = [index for index, row in enumerate(rows) if row.status != IssueStatus.DISTRIBUTED]
        if working:
            return min(working, key=lambda index: (rows[index].year, rows[index].number))
        return max(range(len(rows)), key=lambda index: (rows[index].year, rows[index].number), default=-1)

    def _issue_chosen(self, force: bool = False) -> None:
        issue = self.current_issue()
        issue_id = issue.id if issue else None
        if not force and issue_id == self._shown:
            return
        self._shown = issue_id
        counts = self.counts.get(issue.publication_id) if issue is not None else None
        self.page.show_issue(issue, counts)
        self._show_no_issue()
        self.detail.setCurrentWidget(self.page if issue is not None else self.no_issue)

    def _count_readers(self, publication_id: uuid.UUID) -> None:
        if publication_id in self.counts or publication_id in self._counting:
            return
        self._counting.add(publication_id)
        generation = self._generation
        load_reader_counts(
            self.context,
            publication_id,
            lambda counts: self._counts_ready(counts, generation),
            lambda error: self._counts_failed(publication_id, error),
        )

    def _counts_failed(self, publication_id: uuid.UUID, error: BaseException) -> None:
        self._counting.discard(publication_id)
        show_error(self, _("Readers"), error)

    def _counts_ready(self, counts: ReaderCounts, generation: int) -> None:
        if generation != self._generation:
            return  # the register changed meanwhile: a newer count is on its way
        self._counting.discard(counts.publication_id)
        self.counts[counts.publication_id] = counts
        self.model.retranslate()  # the print run column
        self.page.show_counts(counts if self.page.issue is not None else None)

    # ------------------------------------------------------------------------------------------------ actions
    def new_publication(self) -> None:
        from desktop.newsletters.publication_dialog import PublicationDialog

        dialog = PublicationDialog(self.context, parent=self)
        if dialog.exec() and dialog.publication_id is not None:
            self.refresh()
            select_value(self.publication_box, dialog.publication_id)

    def edit_publication(self) -> None:
        from desktop.newsletters.publication_dialog import PublicationDialog

        publication = self.current_publication()
        if publication is not None and PublicationDialog(self.context, publication, self).exec():
            self.counts.pop(publication.id, None)  # by post, by e-mail, supporters: the readers may change
            self.refresh()

    def _new_by_key(self) -> None:
        """Ctrl+N: the next issue, or the first publication when there is none."""
        if self.current_publication() is None:
            self.new_publication()
        else:
            self.new_issue()

    def new_issue(self) -> None:
        from desktop.newsletters.publication_dialog import IssueDialog

        publication = self.current_publication()
        if publication is None:
            return
        dialog = IssueDialog(self.context, publication, parent=self)
        if dialog.exec() and dialog.issue_id is not None:
            self.refresh()
            self._publication_chosen(dialog.issue_id)

    def edit_issue(self) -> None:
        from desktop.newsletters.publication_dialog import IssueDialog

        publication, issue = self.current_publication(), self.current_issue()
        if publication is not None and issue is not None:
            IssueDialog(self.context, publication, issue.id, self).exec()

    def delete_issue(self) -> None:
        issue = self.current_issue()
        if issue is None:
            return
        question = ngettext(
            "Delete {issue} with its {count} article and the branches' news?",
            "Delete {issue} with its {count} articles and the branches' news?",
            issue.articles,
        ).format(issue=issue.name, count=format_count(issue.articles))
        if not confirm(self, _("Delete"), question + "\n" + _("You can undo this with Edit ▸ Undo."), _("Delete")):
            return
        issue_id, now = issue.id, utcnow()
        self._shown = None
        try_newsletter_change(
            self,
            _("Delete"),
            self.context,
            Label(N_("Delete issue {issue}"), issue=issue.name),
            lambda session: delete_issue(session, issue_id, now),
        )

    def print_current(self) -> bool:
        """File ▸ Print prints the chosen issue's address labels (through the label dialog)."""
        if self.current_issue() is None:
            return False
        self.page.distribution.print_labels()
        return True


def detail_host(widget: QWidget) -> QWidget:
    """The detail pane with the margins the other tabs' panes have."""
    host = QWidget()
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    return host
