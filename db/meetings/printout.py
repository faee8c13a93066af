"""What the meeting printouts show: plain data, filled by ``db.meetings.printing`` and drawn by ``reports.meetings``.

Everything here is already in the words of the printout's language except the dates and times (formatted by the
report) and the fixed words of the document's custom (Esitys / Förslag, the signature block), which the report
takes from the catalogs in the printout's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass(frozen=True)
class PrintedPerson:
    """A person on the attendance list."""

    name: str
    role: str  # "Puheenjohtaja", "Varajäsen" …
    note: str = ""  # e.g. "youth league representative"
    sections: str = ""  # "3–9 §" when present for only part of the meeting


@dataclass(frozen=True)
class PrintedAction:
    text: str
    responsible: str
    due_on: date | None
    status: str  # the status in words, as it stood on the meeting's day (or today in the register)
    open: bool
    reference: str = ""  # where it was decided ("PH 1/2026 8 §"), in follow-up lists and the register
    closed_on: date | None = None
    overdue: bool = False  # open past its date (on the meeting's day, or on the day the register is printed)


@dataclass(frozen=True)
class PrintedItem:
    """One § of the agenda or the minutes."""

    section: str  # "5 §" or "§ 5"
    title: str
    kind: str  # a db.meetings.models.ItemKind value
    background: str = ""
    proposal: str = ""
    decision: str = ""
    recused: Sequence[str] = ()  # names of those who stepped out for a conflict of interest
    dissenters: Sequence[str] = ()
    dissent: str = ""
    actions: Sequence[PrintedAction] = ()
    follow_up: Sequence[PrintedAction] = ()  # the open actions of earlier meetings (the follow-up item only)
    notes: Sequence[str] = ()  # arrivals and departures at this §, worded
    quorum: str = ""  # worded when the meeting was not quorate at this §, else ""


@dataclass(frozen=True)
class MeetingPrintout:
    """A meeting as its invitation and its minutes show it."""

    district: str
    body: str
    code: str  # "PH 5/2026"
    kind: str  # "Sääntömääräinen kevätkokous" …, in words
    kind_value: str  # a db.meetings.models.MeetingKind value
    language: str
    held_on: date
    starts_at: time | None
    ends_at: time | None
    place: str
    online_link: str
    state: str  # a db.meetings.models.MinutesState value
    invited: Sequence[PrintedPerson]  # everyone on the list, for the invitation
    present: Sequence[PrintedPerson]  # members with a vote present (deputies standing in included)
    also_present: Sequence[PrintedPerson]  # adjunct members, staff and guests present
    absent: Sequence[PrintedPerson]
    excused: Sequence[PrintedPerson]
    chair: str
    secretary: str
    checkers: Sequence[str]
    items: Sequence[PrintedItem]
    printed_at: datetime
    notice_sent_on: date | None = None
    signed_on: date | None = None
    signed_place: str = ""
    reopened_on: date | None = None
    reopen_reason: str = ""
    convener: str = ""  # who calls the meeting (the body's chair), under the invitation

    @property
    def is_draft(self) -> bool:
        """Minutes not yet signed: printed with a watermark."""
        return self.state in ("draft", "checking")


@dataclass(frozen=True)
class PrintedDecision:
    reference: str  # "PH 5/2026 7 §"
    held_on: date
    body: str
    title: str
    decision: str
    state: str  # the minutes' state in words when not approved ("draft"), else ""
    actions: Sequence[PrintedAction] = ()


@dataclass(frozen=True)
class DecisionRegisterPrintout:
    """The decisions of a period and the actions they asked for."""

    district: str
    language: str
    start: date
    end: date
    bodies: str  # the bodies included, in words ("all bodies" or their names)
    decisions: Sequence[PrintedDecision]
    printed_at: datetime
