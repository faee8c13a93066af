"""One branch's page beside the list: a header with its details, then its officers, grades, mentors and duties.

The page reads :func:`db.branches.detail.branch_detail` once per reload and hands it to every section; sections
write through :func:`desktop.branches.forms.save_change`, whose ``branches_changed`` signal makes the tab reload
the page. Nothing here refreshes itself after a write.
"""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.branches.common import BranchNotFoundError
from db.branches.detail import BranchDetail, branch_detail
from db.branches.models import BRANCH_KIND_LABELS, BRANCH_LANGUAGE_LABELS, BRANCH_STATUS_LABELS
from db.branches.operations import list_bodies
from db.core.i18n import _
from db.members.contact_sheets import body_sheet, branch_sheet
from desktop.branches.sections.contacts import ContactsSection
from desktop.branches.sections.meetings import MeetingsSection
from desktop.branches.sections.mentoring import MentoringSection
from desktop.branches.sections.notifications import NotificationsSection
from desktop.branches.sections.officers import OfficersSection
from desktop.branches.sections.recruitment import RecruitmentSection
from desktop.branches.sections.section import Section
from desktop.branches.sections.survey import SurveySection
from desktop.members.contact_sheet_print import print_contact_sheet
from desktop.shell.context import ShellContext

_WARNING = "⚠ "


class BranchHeader(QWidget):
    """The branch's name, its details on one line, and Edit…."""

    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel()
        self.name.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.name.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.email = QLabel()
        self.email.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_requested.emit)
        # A push button with a menu: the branch's members, or the people of one of its bodies (filled on reload).
        self.contact_button = QPushButton()
        self.contact_menu = QMenu(self)
        self.contact_button.setMenu(self.contact_menu)
        text = QVBoxLayout()
        text.addWidget(self.name)
        text.addWidget(self.facts)
        text.addWidget(self.email)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(text, 1)
        layout.addWidget(self.contact_button)
        layout.addWidget(self.edit_button)
        self.detail: BranchDetail | None = None

    def show_detail(self, detail: BranchDetail) -> None:
        self.detail = detail
        self.retranslate()

    def retranslate(self) -> None:
        self.contact_button.setText(_("Contact sheet"))
        self.contact_button.setToolTip(
            _("Print the phones and e-mails of the branch's members or of one of its boards")
        )
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(
            _("Change the branch's name, municipality, kind, status, language or e-mail (Enter)")
        )
        detail = self.detail
        if detail is None:
            return
        self.name.setText(detail.name)
        facts = [
            detail.municipality or _("No municipality given"),
            _(BRANCH_KIND_LABELS[detail.kind]),
            _(BRANCH_STATUS_LABELS[detail.status]),
            _("Language: {language}").format(language=_(BRANCH_LANGUAGE_LABELS[detail.language])),
        ]
        self.facts.setText(" · ".join(facts))
        self.email.setText(detail.email or _("No e-mail address"))


class BranchPage(QWidget):
    """Everything about one branch; :meth:`show_branch` picks the branch, :meth:`reload` reads it again."""

    edit_requested = Signal()

    def __init__(self, context: ShellContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.branch_id: uuid.UUID | None = None
        self.detail: BranchDetail | None = None
        self.header = BranchHeader()
        self.header.edit_requested.connect(self.edit_requested.emit)
        self.header.contact_menu.aboutToShow.connect(self._fill_contact_menu)
        self.officers = OfficersSection(context)
        self.survey = SurveySection(context)
        self.mentoring = MentoringSection(context)
        self.contacts = ContactsSection(context)
        self.meetings = MeetingsSection(context)
        self.notifications = NotificationsSection(context)
        self.recruitment = RecruitmentSection(context)
        self.sections: list[Section] = [
            self.officers,
            self.survey,
            self.mentoring,
            self.contacts,
            self.meetings,
            self.notifications,
            self.recruitment,
        ]
        # The two yearly duties share a tab: seven tabs would not fit beside the list in Finnish.
        self.yearly = QWidget()
        yearly_layout = QVBoxLayout(self.yearly)
        yearly_layout.setContentsMargins(0, 0, 0, 0)
        yearly_layout.addWidget(self.notifications, 1)
        yearly_layout.addWidget(self.recruitment)
        self.tabs = QTabWidget()
        for page in (self.officers, self.survey, self.mentoring, self.contacts, self.meetings, self.yearly):
            self.tabs.addTab(page, "")
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.header)
        content_layout.addWidget(self.tabs, 1)
        self.placeholder = QLabel()
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #57606a; font-size: 12pt;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text of the page again in the current language."""
        self.placeholder.setText(_("Choose a branch in the list to see its officers, grades, mentors and duties."))
        self.header.retranslate()
        for section in self.sections:
            section.retranslate()
        self._set_tab_titles()

    def _set_tab_titles(self) -> None:
        detail = self.detail
        titles = [
            (self.officers, _("Officers"), bool(detail and detail.missing_roles)),
            (self.survey, _("Survey"), False),
            (self.mentoring, _("Mentoring"), False),
            (self.contacts, _("Contacts"), False),
            (self.meetings, _("Chairs' meetings"), bool(detail and detail.repeatedly_absent)),
            (self.yearly, _("Yearly duties"), False),
        ]
        for page, title, flagged in titles:
            # A marked tab tells that something inside needs attention without opening it.
            self.tabs.setTabText(self.tabs.indexOf(page), _WARNING + title if flagged else title)

    def _fill_contact_menu(self) -> None:
        menu = self.header.contact_menu
        menu.clear()
        branch_id = self.branch_id
        if branch_id is None:
            return
        with self.context.database.reading() as session:
            bodies = list_bodies(session, branch_id)
        menu.addAction(_("Members of the branch…"), self.print_members_sheet)
        for body_id, name, _kind in bodies:
            action = menu.addAction(_("People of {body}…").format(body=name))
            action.triggered.connect(partial(self.print_body_sheet, body_id))

    def print_members_sheet(self) -> None:
        """Print the branch's members with their phones and e-mails, for its chair."""
        branch_id, today = self.branch_id, self.context.today()
        if branch_id is not None:
            print_contact_sheet(
                self.context, self, lambda session: branch_sheet(session, branch_id, today), "contact-sheet.pdf"
            )

    def print_body_sheet(self, body_id: uuid.UUID) -> None:
        """Print the people of one of the branch's bodies, for its chair."""
        today = self.context.today()
        print_contact_sheet(
            self.context, self, lambda session: body_sheet(session, body_id, today), "contact-sheet.pdf"
        )

    def show_branch(self, branch_id: uuid.UUID | None) -> None:
        """Show ``branch_id`` (None shows the hint to choose one)."""
        self.branch_id = branch_id
        self.reload()

    def reload(self) -> None:
        """Read the branch again (after any write, or a change elsewhere)."""
        detail = None
        if self.branch_id is not None:
            try:
                with self.context.database.reading() as session:
                    detail = branch_detail(session, self.branch_id, self.context.today())
            except BranchNotFoundError:
                # Deleted meanwhile (by this tab, by undo or by sync): show the hint instead.
                self.branch_id = None
        self.detail = detail
        if detail is None:
            self.stack.setCurrentWidget(self.placeholder)
            return
        self.header.show_detail(detail)
        for section in self.sections:
            section.show_detail(detail)
        self._set_tab_titles()
        self.stack.setCurrentIndex(1)
