"""Is this person already in the register? Candidates by member number, e-mail, phone, or name and birth year.

Names are compared by :func:`db.core.text.name_key`, so "Åhlström" and "Ahlstrom", "Anna-Maria" and
"Anna Maria" are the same name. A form asks :func:`duplicate_candidates` with a few indexed queries; an import
builds a :class:`DuplicateIndex` once and asks it for every row, including rows earlier in the same file.
"""

from __future__ import annotations

import enum
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core.i18n import N_
from db.core.text import name_key
from db.members.models import ContactKind, ContactPoint, Member, MemberSearchEntry
from db.members.records import ContactData, PersonData


class DuplicateReason(enum.StrEnum):
    MEMBER_NUMBER = "member_number"
    EMAIL = "email"
    PHONE = "phone"
    NAME_AND_BIRTH_YEAR = "name_and_birth_year"


DUPLICATE_REASON_LABELS = {
    DuplicateReason.MEMBER_NUMBER: N_("same member number"),
    DuplicateReason.EMAIL: N_("same e-mail address"),
    DuplicateReason.PHONE: N_("same phone number"),
    DuplicateReason.NAME_AND_BIRTH_YEAR: N_("same name and birth year"),
}


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing member who may be the same person, and why."""

    member_id: uuid.UUID
    reasons: frozenset[DuplicateReason]


def _collect(found: dict[uuid.UUID, set[DuplicateReason]]) -> list[DuplicateCandidate]:
    if not found:
        return []  # the usual answer, and an import asks for every row: skip building the order
    order = list(DuplicateReason)
    candidates = [DuplicateCandidate(member_id, frozenset(reasons)) for member_id, reasons in found.items()]
    # The strongest evidence first: a shared member number beats a shared name.
    candidates.sort(key=lambda candidate: min(order.index(reason) for reason in candidate.reasons))
    return candidates


def duplicate_candidates(
    session: Session,
    person: PersonData,
    contacts: Iterable[ContactData] = (),
    exclude: uuid.UUID | None = None,
) -> list[DuplicateCandidate]:
    """Return live members who may be ``person`` (contacts must already be normalised)."""
    found: dict[uuid.UUID, set[DuplicateReason]] = defaultdict(set)
    live = Member.deleted_at.is_(None)
    if person.member_number:
        for member_id in session.execute(
            select(Member.id).where(Member.member_number == person.member_number, live)
        ).scalars():
            found[member_id].add(DuplicateReason.MEMBER_NUMBER)
    for contact in contacts:
        reason = DuplicateReason.EMAIL if contact.kind == ContactKind.EMAIL else DuplicateReason.PHONE
        for member_id in session.execute(
            select(ContactPoint.member_id)
            .join(Member, Member.id == ContactPoint.member_id)
            .where(ContactPoint.kind == contact.kind, ContactPoint.value == contact.value)
            .where(ContactPoint.deleted_at.is_(None), live)
        ).scalars():
            found[member_id].add(reason)
    if person.birth_year is not None:
        key = name_key(person.first_name, person.last_name)
        for member_id in session.execute(
            select(Member.id)
            .join(MemberSearchEntry, MemberSearchEntry.member_id == Member.id)
            .where(MemberSearchEntry.name_key == key, Member.birth_year == person.birth_year, live)
        ).scalars():
            found[member_id].add(DuplicateReason.NAME_AND_BIRTH_YEAR)
    if exclude is not None:
        found.pop(exclude, None)
    return _collect(found)


class DuplicateIndex:
    """Every live member's identifying keys in memory, for checking thousands of import rows quickly."""

    def __init__(self) -> None:
        self._numbers: dict[str, uuid.UUID] = {}
        self._contacts: dict[tuple[ContactKind, str], set[uuid.UUID]] = defaultdict(set)
        self._names: dict[tuple[str, int], set[uuid.UUID]] = defaultdict(set)
        # An import asks candidates() and then add() for the same person: the name key is made once for both.
        self._last_key: tuple[str, str, str] = ("", "", name_key("", ""))

    @classmethod
    def load(cls, session: Session) -> DuplicateIndex:
        """Build the index from the register."""
        index = cls()
        rows = session.execute(
            select(Member.id, Member.member_number, Member.first_name, Member.last_name, Member.birth_year).where(
                Member.deleted_at.is_(None)
            )
        )
        for member_id, number, first, last, year in rows:
            if number:
                index._numbers[number] = member_id
            if year is not None:
                index._names[(name_key(first, last), year)].add(member_id)
        contacts = session.execute(
            select(ContactPoint.member_id, ContactPoint.kind, ContactPoint.value)
            .join(Member, Member.id == ContactPoint.member_id)
            .where(ContactPoint.deleted_at.is_(None), Member.deleted_at.is_(None))
        )
        for member_id, kind, value in contacts:
            index._contacts[(kind, value)].add(member_id)
        return index

    def member_with_number(self, number: str) -> uuid.UUID | None:
        """Return the member who has this member number, if any."""
        return self._numbers.get(number)

    def candidates(
        self, person: PersonData, contacts: Iterable[ContactData], exclude: uuid.UUID | None = None
    ) -> list[DuplicateCandidate]:
        """Return the members who may be ``person`` (contacts already normalised)."""
        found: dict[uuid.UUID, set[DuplicateReason]] = defaultdict(set)
        if person.member_number and person.member_number in self._numbers:
            found[self._numbers[person.member_number]].add(DuplicateReason.MEMBER_NUMBER)
        for contact in contacts:
            reason = DuplicateReason.EMAIL if contact.kind == ContactKind.EMAIL else DuplicateReason.PHONE
            for member_id in self._contacts.get((contact.kind, contact.value), ()):
                found[member_id].add(reason)
        if person.birth_year is not None:
            key = (self._name_key(person), person.birth_year)
            for member_id in self._names.get(key, ()):
                found[member_id].add(DuplicateReason.NAME_AND_BIRTH_YEAR)
        if exclude is not None:
            found.pop(exclude, None)
        return _collect(found)

    def add(self, member_id: uuid.UUID, person: PersonData, contacts: Iterable[ContactData]) -> None:
        """Add a member (e.g. one just imported from an earlier row of the file) to the index."""
        if person.member_number:
            self._numbers[person.member_number] = member_id
        for contact in contacts:
            self._contacts[(contact.kind, contact.value)].add(member_id)
        if person.birth_year is not None:
            self._names[(self._name_key(person), person.birth_year)].add(member_id)

    def _name_key(self, person: PersonData) -> str:
        first, last, key = self._last_key
        if person.first_name != first or person.last_name != last:
            key = name_key(person.first_name, person.last_name)
            self._last_key = (person.first_name, person.last_name, key)
        return key
