"""The plain data that goes into the meeting operations (from a form or the demo) and comes out of them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

from db.core.district import Language
from db.meetings.models import (
    ActionStatus,
    AttendanceStatus,
    AttendeeRole,
    ItemKind,
    MeetingKind,
    MinutesState,
)
from db.meetings.settings import BodySettings


@dataclass(frozen=True)
class MeetingData:
    """A meeting as a form gives it. ``number`` None: the body's next free number of the year."""

    body_id: uuid.UUID
    held_on: date
    kind: MeetingKind = MeetingKind.REGULAR
    starts_at: time | None = None
    ends_at: time | None = None
    place: str | None = None
    online_link: str | None = None
    language: Language | None = None  # None: the body's language
    notice_sent_on: date | None = None
    number: int | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ItemData:
    """One § as a form gives it. ``recused`` and ``dissenters`` are attendee ids."""

    title: str
    kind: ItemKind = ItemKind.ORDINARY
    background: str | None = None
    proposal: str | None = None
    decision: str | None = None
    recused: tuple[uuid.UUID, ...] = ()
    dissent: str | None = None
    dissenters: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class AttendeeData:
    """A person on the attendance list: a member of the register (``member_id``) or only a name."""

    member_id: uuid.UUID | None = None
    name: str | None = None
    role: AttendeeRole = AttendeeRole.MEMBER
    status: AttendanceStatus = AttendanceStatus.PRESENT
    from_section: int | None = None  # the first § the person was there for (None: from the start)
    to_section: int | None = None  # the last § (None: to the end)
    note: str | None = None


@dataclass(frozen=True)
class ActionData:
    """An action a decision asks for: what, who (a member or a name) and by when."""

    text: str
    responsible_id: uuid.UUID | None = None
    responsible_name: str | None = None
    due_on: date | None = None
    notes: str | None = None


@dataclass(frozen=True)
class MeetingSummary:
    """A meeting as a list shows it."""

    id: uuid.UUID
    body_id: uuid.UUID
    body_name: str
    code: str  # "PH 5/2026"
    number: int
    year: int
    kind: MeetingKind
    held_on: date
    starts_at: time | None
    place: str | None
    online_link: str | None
    state: MinutesState
    items: int

    def is_held(self, today: date) -> bool:
        """Whether the meeting's day has come (a planned meeting lies ahead)."""
        return self.held_on <= today


@dataclass(frozen=True)
class AttendeeRecord:
    id: uuid.UUID
    position: int
    member_id: uuid.UUID | None
    name: str
    role: AttendeeRole
    status: AttendanceStatus
    from_section: int | None
    to_section: int | None
    chairs: bool
    keeps_minutes: bool
    checks_minutes: bool
    note: str | None

    def present_at(self, section: int) -> bool:
        """Whether the person was there when the § ``section`` was handled."""
        return (
            self.status == AttendanceStatus.PRESENT
            and (self.from_section is None or self.from_section <= section)
            and (self.to_section is None or section <= self.to_section)
        )


@dataclass(frozen=True)
class QuorumResult:
    """Whether the meeting could decide at one §: voters present against what the body's rule needs."""

    section: int
    voters: int  # members with a vote present (deputies standing in for absent members included)
    seats: int  # the body's members with a vote
    needed: int
    quorate: bool
    chair_present: bool


@dataclass(frozen=True)
class ActionRecord:
    id: uuid.UUID
    item_id: uuid.UUID
    meeting_id: uuid.UUID
    reference: str  # "PH 5/2026 7 §"
    held_on: date
    text: str
    responsible_id: uuid.UUID | None
    responsible: str  # the member's name, or the name typed
    due_on: date | None
    status: ActionStatus
    closed_on: date | None
    notes: str | None

    def is_overdue(self, today: date) -> bool:
        """Open past its date."""
        return self.status == ActionStatus.OPEN and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class ItemRecord:
    id: uuid.UUID
    position: int
    section: int
    section_label: str  # "7 §" or "§ 7"
    kind: ItemKind
    title: str
    background: str | None
    proposal: str | None
    decision: str | None
    recused: tuple[uuid.UUID, ...]
    dissent: str | None
    dissenters: tuple[uuid.UUID, ...]
    quorum: QuorumResult
    actions: tuple[ActionRecord, ...] = ()


@dataclass(frozen=True)
class MeetingWarning:
    """Something the secretary should look at; ``message`` is already in the current language."""

    code: str  # a WarningCode value
    message: str


@dataclass(frozen=True)
class MeetingDetail:
    """Everything the meeting's page shows."""

    summary: MeetingSummary
    settings: BodySettings
    language: str
    ends_at: time | None
    notice_sent_on: date | None
    notice_deadline: date
    first_section: int
    sent_to_checkers_on: date | None
    signed_on: date | None
    signed_place: str | None
    approved_on: date | None
    reopened_on: date | None
    reopen_reason: str | None
    scan_file_name: str | None
    notes: str | None
    attendees: tuple[AttendeeRecord, ...]
    items: tuple[ItemRecord, ...]
    follow_up: tuple[ActionRecord, ...]  # open actions of earlier meetings, as they stood on this meeting's day
    warnings: tuple[MeetingWarning, ...] = field(default_factory=tuple)

    @property
    def locked(self) -> bool:
        """Signed or approved minutes: nothing in them changes."""
        return self.summary.state in (MinutesState.SIGNED, MinutesState.APPROVED)

    @property
    def chair(self) -> AttendeeRecord | None:
        return next((person for person in self.attendees if person.chairs), None)

    @property
    def secretary(self) -> AttendeeRecord | None:
        return next((person for person in self.attendees if person.keeps_minutes), None)

    @property
    def checkers(self) -> Sequence[AttendeeRecord]:
        return [person for person in self.attendees if person.checks_minutes]


@dataclass(frozen=True)
class DecisionRecord:
    """A decision in the register: where it was made, what was decided, and the actions it asked for."""

    meeting_id: uuid.UUID
    item_id: uuid.UUID
    body_name: str
    reference: str  # "PH 5/2026 7 §"
    held_on: date
    section: int
    title: str
    decision: str
    state: MinutesState
    actions: tuple[ActionRecord, ...]
