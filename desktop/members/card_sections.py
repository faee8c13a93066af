"""The sub-tabs of the member card and the sections in them, loaded, read and marked as one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QScrollArea, QTabWidget, QWidget

from db.branches.operations import PositionRecord
from db.core.database import Database
from db.core.district import Country
from db.core.errors import ValidationError
from db.core.i18n import _
from db.members.history import HistoryEntry
from db.members.interests import InterestRecord
from db.members.records import MemberDetail, PersonData
from desktop.members.card_consents import ConsentsSection
from desktop.members.card_contacts import ContactsSection
from desktop.members.card_history import HistorySection
from desktop.members.card_interests import InterestsSection
from desktop.members.card_membership import MembershipsSection
from desktop.members.card_person import PersonSection
from desktop.members.card_relations import RelationsSection
from desktop.members.card_save import CardEdits


class _Section(Protocol):
    def retranslate(self) -> None: ...


class _MarkingSection(_Section, Protocol):
    def show_error(self, field: str, message: str) -> bool: ...


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class CardSections(QTabWidget):
    """Person, contacts, membership, godparent and household, interests, consents and history, one tab each."""

    changed = Signal()
    """Something was edited in a section."""

    identity_changed = Signal()
    """A field a duplicate is recognised by (names, number, birth year, phone, e-mail) was edited."""

    def __init__(self, database: Database, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person = PersonSection()
        self.contacts = ContactsSection()
        self.memberships = MembershipsSection(today)
        self.relations = RelationsSection(database, today)
        self.interests = InterestsSection()
        self.consents = ConsentsSection(today)
        self.history = HistorySection()
        self.pages: list[tuple[_Section, QWidget]] = [
            (self.person, _scrolling(self.person)),
            (self.contacts, _scrolling(self.contacts)),
            (self.memberships, self.memberships),
            (self.relations, _scrolling(self.relations)),
            (self.interests, self.interests),
            (self.consents, self.consents),
            (self.history, self.history),
        ]
        for _section, page in self.pages:
            self.addTab(page, "")
        for section in (self.person, self.contacts, self.memberships, self.relations, self.interests, self.consents):
            section.changed.connect(self.changed)
        self.person.identity_changed.connect(self.identity_changed)
        self.contacts.changed.connect(self.identity_changed)

    def set_branch_loader(self, loader: Callable[[], list[tuple[uuid.UUID, str]]]) -> None:
        """How the membership form gets the branches to choose from (asked when the form opens)."""
        self.memberships.branch_loader = loader

    def retranslate(self) -> None:
        titles = (
            _("Person"),
            _("Contacts"),
            _("Membership"),
            _("Godparent and household"),
            _("Interests"),
            _("Consents"),
            _("History"),
        )
        for index, title in enumerate(titles):
            self.setTabText(index, title)
        for section, _page in self.pages:
            section.retranslate()

    def load(
        self,
        detail: MemberDetail | None,
        positions: list[PositionRecord],
        interests: list[InterestRecord],
        history: list[HistoryEntry],
        country: Country,
    ) -> None:
        """Show a member (or, for None, empty sections for a new member)."""
        if detail is None:
            self.person.load(None)
            self.contacts.load([], country)
            self.contacts.load_do_not_call(False)
            self.memberships.load([], [])
            self.relations.load(None, None, None, [])
            self.interests.load(interests, [])
            self.consents.load([])
        else:
            self.person.load(detail.person)
            self.contacts.load(detail.contacts, country)
            self.contacts.load_do_not_call(detail.do_not_call)
            self.memberships.load(detail.memberships, positions)
            self.relations.load(detail.id, detail.godparent, detail.household_id, detail.household)
            self.interests.load(interests, detail.interest_ids)
            self.consents.load(detail.consents)
        self.history.load(history)

    def edits(self, person: PersonData) -> CardEdits:
        """Everything edited, for one Save."""
        relations = self.relations
        return CardEdits(
            person=person,
            contacts=self.contacts.values(),
            memberships=[(item.id, item.data) for item in self.memberships.pending()],
            interest_ids=self.interests.checked_ids() if self.interests.dirty else None,
            godparent_changed=relations.godparent_dirty,
            godparent_id=relations.godparent_id,
            join_household_of=relations.join_id,
            leave_household=relations.leave,
            consents=self.consents.pending(),
            do_not_call=self.contacts.do_not_call_box.isChecked() if self.contacts.do_not_call_dirty else None,
        )

    def page_of(self, section: _Section) -> QWidget:
        return next(page for candidate, page in self.pages if candidate is section)

    def show_error(self, error: ValidationError) -> bool:
        """Mark the refused field where it was typed and bring its tab forward; False when no section has it."""
        sections: tuple[_MarkingSection, ...] = (
            self.person,
            self.contacts,
            self.memberships,
            self.relations,
            self.consents,
        )
        for section in sections:
            if section.show_error(error.field, str(error)):
                self.setCurrentWidget(self.page_of(section))
                return True
        return False

    def refused_contact(self) -> bool:
        """Bring forward a phone number or e-mail address that is refused; False when there is none."""
        refused = self.contacts.refused_rows()
        if not refused:
            return False
        self.setCurrentWidget(self.page_of(self.contacts))
        refused[0].edit.setFocus()
        return True
