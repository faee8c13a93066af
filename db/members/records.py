"""Plain data that goes into and comes out of the member operations (no sessions, no ORM rows)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from db.members.models import (
    ConsentMethod,
    ConsentPurpose,
    ContactKind,
    EndReason,
    MemberLanguage,
    MembershipKind,
    MembershipStatus,
)


@dataclass(frozen=True)
class PersonData:
    """The fields of a person, as typed in a form or read from an import row."""

    first_name: str
    last_name: str
    member_number: str | None = None
    birth_year: int | None = None
    language: MemberLanguage = MemberLanguage.FI
    street: str | None = None
    co_line: str | None = None
    postal_code: str | None = None
    city: str | None = None
    address_country: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ContactData:
    """A phone number or e-mail address as typed; operations normalise it."""

    kind: ContactKind
    value: str
    valid: bool = True
    do_not_use: bool = False


@dataclass(frozen=True)
class MembershipData:
    """A membership of one branch."""

    branch_id: uuid.UUID
    kind: MembershipKind = MembershipKind.MEMBER
    joined_on: date | None = None
    notice_received_on: date | None = None
    ended_on: date | None = None
    end_reason: EndReason | None = None


@dataclass(frozen=True)
class ContactRecord:
    id: uuid.UUID
    kind: ContactKind
    value: str
    valid: bool
    do_not_use: bool

    @property
    def usable(self) -> bool:
        """Whether the number or address may be used (valid and not marked do-not-use)."""
        return self.valid and not self.do_not_use


@dataclass(frozen=True)
class MembershipRecord:
    id: uuid.UUID
    branch_id: uuid.UUID
    branch_name: str
    kind: MembershipKind
    joined_on: date | None
    notice_received_on: date | None
    ended_on: date | None
    end_reason: EndReason | None
    status: MembershipStatus


@dataclass(frozen=True)
class ConsentRecord:
    id: uuid.UUID
    purpose: ConsentPurpose
    given: bool
    recorded_on: date
    method: ConsentMethod
    recorded_by: str | None
    notes: str | None


@dataclass(frozen=True)
class PersonRef:
    """Another person named on a member's card (godparent, household member)."""

    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class MemberDetail:
    """Everything on one member's card."""

    id: uuid.UUID
    person: PersonData
    contacts: list[ContactRecord]
    memberships: list[MembershipRecord]
    current: MembershipRecord | None
    consents: list[ConsentRecord]
    interest_ids: list[uuid.UUID]
    godparent: PersonRef | None
    household_id: uuid.UUID | None
    household: list[PersonRef] = field(default_factory=list)
    do_not_call: bool = False  # asked not to be called (a call's "do not call" sets it; the card can clear it)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def full_name(self) -> str:
        return f"{self.person.first_name} {self.person.last_name}"

    @property
    def status(self) -> MembershipStatus | None:
        return self.current.status if self.current else None

    def current_consent(self, purpose: ConsentPurpose) -> ConsentRecord | None:
        """Return the latest recorded consent event for ``purpose``."""
        events = [consent for consent in self.consents if consent.purpose == purpose]
        return max(events, key=lambda consent: consent.recorded_on) if events else None


@dataclass(frozen=True)
class MemberSummary:
    """One line of a member list (search results, the members table, exports)."""

    id: uuid.UUID
    member_number: str | None
    first_name: str
    last_name: str
    branch_name: str | None
    kind: MembershipKind | None
    status: MembershipStatus | None
    phone: str | None
    email: str | None
    city: str | None
    joined_on: date | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
