"""Board meetings: a body's meeting settings, meetings, who attended, the § items, action items, the signed scan.

Nordic minutes follow firm customs (``../shared/research/mission.md`` §6.4): items are numbered with §, per
meeting or running through the year; the minutes are checked by one or two minute checkers (pöytäkirjantarkastaja /
justerare) who sign them with the chair (and the secretary), and are locked once approved. What can be derived is
derived: quorum from the attendance and the body's rule, § numbers from the meeting's first § and the items' order,
the open action items shown under follow-up from their dates.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from db.core.base import Base, Synced, text_enum
from db.core.district import Language
from db.core.i18n import N_


class MeetingKind(enum.StrEnum):
    REGULAR = "regular"
    EXTRA = "extra"
    SPRING = "spring"  # fi kevätkokous: the members' meeting on the past year
    AUTUMN = "autumn"  # fi syyskokous: the members' meeting on the coming year and the elections
    ANNUAL = "annual"  # sv årsmöte (fi vuosikokous): both in one
    CONSTITUENT = "constituent"  # sv konstituerande styrelsemöte (fi järjestäytymiskokous)


# Meetings of the members rather than of a board: any number present is quorate when the meeting was lawfully called.
MEMBERS_MEETINGS = frozenset({MeetingKind.SPRING, MeetingKind.AUTUMN, MeetingKind.ANNUAL})


class SectionNumbering(enum.StrEnum):
    PER_MEETING = "per_meeting"  # every meeting starts at 1 §
    RUNNING_YEAR = "running_year"  # the year's first meeting starts at 1 §, the next goes on from where it ended


class SectionStyle(enum.StrEnum):
    NUMBER_FIRST = "number_first"  # "1 §", the Finnish custom
    SYMBOL_FIRST = "symbol_first"  # "§ 1", the Swedish custom


class QuorumRule(enum.StrEnum):
    MORE_THAN_HALF = "more_than_half"  # more than half of the members present (the Finnish Associations Act)
    AT_LEAST_HALF = "at_least_half"
    CHAIR_AND_HALF = "chair_and_half"  # the chair or vice chair and at least half of the other members
    FIXED = "fixed"  # at least a fixed number of members


class MinutesState(enum.StrEnum):
    DRAFT = "draft"
    CHECKING = "checking"  # sent to the minute checkers
    SIGNED = "signed"  # checked and signed: locked
    APPROVED = "approved"  # locked; a correction is a new decision at a later meeting, or an explicit reopening


LOCKED_STATES = frozenset({MinutesState.SIGNED, MinutesState.APPROVED})


class AttendeeRole(enum.StrEnum):
    CHAIR = "chair"  # the body's chair (or a working group's convenor)
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"  # a member of the body with a vote (secretary and treasurer included)
    DEPUTY = "deputy"  # votes when standing in for an absent member
    ADJUNCT = "adjunct"  # right to speak, no vote (the council group leader, a youth league representative)
    STAFF = "staff"  # the ombudsman or another employee (often the secretary); no vote
    GUEST = "guest"  # invited for an item; no vote


SEAT_ROLES = frozenset({AttendeeRole.CHAIR, AttendeeRole.VICE_CHAIR, AttendeeRole.MEMBER})
VOTING_ROLES = SEAT_ROLES | {AttendeeRole.DEPUTY}


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"  # sent apologies


class ItemKind(enum.StrEnum):
    OPENING = "opening"
    LAWFULNESS = "lawfulness"  # lawfulness and quorum
    OFFICERS = "officers"  # electing the meeting's chair, secretary, minute checkers and vote counters
    VOTING_REGISTER = "voting_register"  # sv röstlängd
    AGENDA = "agenda"
    PREVIOUS_MINUTES = "previous_minutes"
    FOLLOW_UP = "follow_up"  # the open action items of earlier meetings are listed here
    ANNOUNCEMENTS = "announcements"
    ORDINARY = "ordinary"  # the body's ordinary business and anything added
    STATUTORY = "statutory"  # what the statutes require of a spring, autumn, annual or constituent meeting
    OTHER_MATTERS = "other_matters"
    NEXT_MEETING = "next_meeting"
    CLOSING = "closing"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


MEETING_KIND_LABELS = {
    MeetingKind.REGULAR: N_("Regular meeting"),
    MeetingKind.EXTRA: N_("Extraordinary meeting"),
    MeetingKind.SPRING: N_("Spring meeting"),
    MeetingKind.AUTUMN: N_("Autumn meeting"),
    MeetingKind.ANNUAL: N_("Annual meeting"),
    MeetingKind.CONSTITUENT: N_("Constituent meeting"),
}
SECTION_NUMBERING_LABELS = {
    SectionNumbering.PER_MEETING: N_("From 1 at every meeting"),
    SectionNumbering.RUNNING_YEAR: N_("Running through the year"),
}
SECTION_STYLE_LABELS = {
    SectionStyle.NUMBER_FIRST: N_("Number first (1 §)"),
    SectionStyle.SYMBOL_FIRST: N_("Symbol first (§ 1)"),
}
QUORUM_RULE_LABELS = {
    QuorumRule.MORE_THAN_HALF: N_("More than half of the members present"),
    QuorumRule.AT_LEAST_HALF: N_("At least half of the members present"),
    QuorumRule.CHAIR_AND_HALF: N_("The chair or vice chair and at least half of the other members present"),
    QuorumRule.FIXED: N_("A fixed number of members present"),
}
MINUTES_STATE_LABELS = {
    MinutesState.DRAFT: N_("Draft"),
    MinutesState.CHECKING: N_("With the minute checkers"),
    MinutesState.SIGNED: N_("Signed"),
    MinutesState.APPROVED: N_("Approved"),
}
ATTENDEE_ROLE_LABELS = {
    AttendeeRole.CHAIR: N_("Chair"),
    AttendeeRole.VICE_CHAIR: N_("Vice chair"),
    AttendeeRole.MEMBER: N_("Ordinary member"),
    AttendeeRole.DEPUTY: N_("Deputy member"),
    AttendeeRole.ADJUNCT: N_("Adjunct member"),
    AttendeeRole.STAFF: N_("Staff"),
    AttendeeRole.GUEST: N_("Guest"),
}
ATTENDANCE_STATUS_LABELS = {
    AttendanceStatus.PRESENT: N_("Present"),
    AttendanceStatus.ABSENT: N_("Absent"),
    AttendanceStatus.EXCUSED: N_("Sent apologies"),
}
ITEM_KIND_LABELS = {
    ItemKind.OPENING: N_("Opening"),
    ItemKind.LAWFULNESS: N_("Lawfulness and quorum"),
    ItemKind.OFFICERS: N_("Election of the meeting's officers"),
    ItemKind.VOTING_REGISTER: N_("Voting register"),
    ItemKind.AGENDA: N_("Approval of the agenda"),
    ItemKind.PREVIOUS_MINUTES: N_("Previous minutes"),
    ItemKind.FOLLOW_UP: N_("Follow-up of decisions"),
    ItemKind.ANNOUNCEMENTS: N_("Announcements"),
    ItemKind.ORDINARY: N_("Ordinary item"),
    ItemKind.STATUTORY: N_("Statutory item"),
    ItemKind.OTHER_MATTERS: N_("Other matters"),
    ItemKind.NEXT_MEETING: N_("Next meeting"),
    ItemKind.CLOSING: N_("Closing"),
}
ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: N_("Under way"),
    ActionStatus.DONE: N_("Done"),
    ActionStatus.CANCELLED: N_("Cancelled"),
}


class MeetingSettings(Synced, Base):
    """How one body meets: numbering, notice, quorum, target, the language of its papers, its ordinary items.

    A row of its own rather than columns on ``body``, so the branches' table stays as it is; a body without a row
    meets by the defaults of ``db.meetings.settings``. ``None`` in a column means "the default".
    """

    __tablename__ = "meeting_settings"
    __field_groups__: ClassVar[dict[str, tuple[str, ...]]] = {
        "numbering": ("numbering", "section_style"),
        "quorum": ("quorum_rule", "quorum_count"),
        "target": ("target_meetings", "period_starts_on", "period_months"),
    }

    body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("body.id"), unique=True)
    abbreviation: Mapped[str | None] = mapped_column(String(12), default=None)
    language: Mapped[Language | None] = mapped_column(text_enum(Language, "minutes_language"), default=None)
    numbering: Mapped[SectionNumbering] = mapped_column(
        text_enum(SectionNumbering, "section_numbering"), default=SectionNumbering.PER_MEETING
    )
    section_style: Mapped[SectionStyle | None] = mapped_column(text_enum(SectionStyle, "section_style"), default=None)
    notice_days: Mapped[int] = mapped_column(default=7)
    quorum_rule: Mapped[QuorumRule] = mapped_column(
        text_enum(QuorumRule, "quorum_rule"), default=QuorumRule.MORE_THAN_HALF
    )
    quorum_count: Mapped[int | None] = mapped_column(default=None)
    target_meetings: Mapped[int | None] = mapped_column(default=None)
    period_starts_on: Mapped[date | None] = mapped_column(default=None)  # None: calendar years
    period_months: Mapped[int] = mapped_column(default=12)
    ordinary_items: Mapped[str | None] = mapped_column(default=None)  # JSON list of titles; None: by the body's kind


class Meeting(Synced, Base):
    """One meeting of a body, numbered ``number/year`` within the body, with its minutes' state."""

    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_body_year", "body_id", "year", "number"),
        Index("ix_meeting_held_on", "held_on"),
    )
    __field_groups__: ClassVar[dict[str, tuple[str, ...]]] = {
        "number": ("year", "number"),
        "time": ("held_on", "starts_at", "ends_at"),
        "venue": ("place", "online_link"),
        "minutes": (
            "state",
            "sent_to_checkers_on",
            "signed_on",
            "signed_place",
            "approved_on",
            "reopened_on",
            "reopen_reason",
        ),
        "scan": ("scan_file_name", "scan_sha256", "scan_attached_on"),
    }

    body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("body.id"))
    year: Mapped[int]
    number: Mapped[int]
    kind: Mapped[MeetingKind] = mapped_column(text_enum(MeetingKind, "meeting_kind"), default=MeetingKind.REGULAR)
    held_on: Mapped[date]
    starts_at: Mapped[str | None] = mapped_column(String(5), default=None)  # "18:00", local time
    ends_at: Mapped[str | None] = mapped_column(String(5), default=None)
    place: Mapped[str | None] = mapped_column(String(200), default=None)
    online_link: Mapped[str | None] = mapped_column(String(500), default=None)
    language: Mapped[Language] = mapped_column(text_enum(Language, "minutes_language"), default=Language.FI)
    notice_sent_on: Mapped[date | None] = mapped_column(default=None)
    first_section: Mapped[int] = mapped_column(default=1)
    state: Mapped[MinutesState] = mapped_column(text_enum(MinutesState, "minutes_state"), default=MinutesState.DRAFT)
    sent_to_checkers_on: Mapped[date | None] = mapped_column(default=None)
    signed_on: Mapped[date | None] = mapped_column(default=None)
    signed_place: Mapped[str | None] = mapped_column(String(200), default=None)
    approved_on: Mapped[date | None] = mapped_column(default=None)
    reopened_on: Mapped[date | None] = mapped_column(default=None)
    reopen_reason: Mapped[str | None] = mapped_column(default=None)
    scan_file_name: Mapped[str | None] = mapped_column(String(255), default=None)
    scan_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    scan_attached_on: Mapped[date | None] = mapped_column(default=None)
    notes: Mapped[str | None] = mapped_column(default=None)


class MeetingAttendee(Synced, Base):
    """A person on a meeting's attendance list: a member of the register, or a name (a guest, an employee).

    ``from_section`` and ``to_section`` are the § numbers, as printed, of the first and last item the person was
    present for (``None``: from the start, to the end). The meeting's chair, secretary and minute checkers are
    marked on their rows.
    """

    __tablename__ = "meeting_attendee"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    member_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("member.id"), index=True, default=None)
    name: Mapped[str | None] = mapped_column(String(200), default=None)  # only for people not in the register
    role: Mapped[AttendeeRole] = mapped_column(text_enum(AttendeeRole, "attendee_role"), default=AttendeeRole.MEMBER)
    status: Mapped[AttendanceStatus] = mapped_column(
        text_enum(AttendanceStatus, "attendance_status"), default=AttendanceStatus.PRESENT
    )
    from_section: Mapped[int | None] = mapped_column(default=None)
    to_section: Mapped[int | None] = mapped_column(default=None)
    chairs: Mapped[bool] = mapped_column(default=False)
    keeps_minutes: Mapped[bool] = mapped_column(default=False)
    checks_minutes: Mapped[bool] = mapped_column(default=False)  # a minute checker, who also counts the votes
    note: Mapped[str | None] = mapped_column(String(200), default=None)  # e.g. "youth league representative"


class AgendaItem(Synced, Base):
    """One § of a meeting: its title, the background, the proposal and the decision.

    ``recused`` and ``dissenters`` hold JSON lists of attendee ids: who stepped out for a conflict of interest and
    who left a dissenting opinion (``dissent`` is its text).
    """

    __tablename__ = "agenda_item"
    __table_args__ = (Index("ix_agenda_item_meeting_position", "meeting_id", "position"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"))
    position: Mapped[int]
    kind: Mapped[ItemKind] = mapped_column(text_enum(ItemKind, "item_kind"), default=ItemKind.ORDINARY)
    title: Mapped[str] = mapped_column(String(300))
    background: Mapped[str | None] = mapped_column(default=None)
    proposal: Mapped[str | None] = mapped_column(default=None)
    decision: Mapped[str | None] = mapped_column(default=None)
    recused: Mapped[str] = mapped_column(default="[]")
    dissent: Mapped[str | None] = mapped_column(default=None)
    dissenters: Mapped[str] = mapped_column(default="[]")


class ActionItem(Synced, Base):
    """Something a decision asks somebody to do by a date; open ones come up under follow-up at later meetings.

    The responsible person is a member of the register (``responsible_id``) or a name ("the ombudsman"). The
    column is deliberately not called ``member_id``: the action belongs to the decision, not to the person, so an
    erasure of the person leaves its text alone.
    """

    __tablename__ = "action_item"
    __table_args__ = (Index("ix_action_item_status", "status", "due_on"),)

    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    text: Mapped[str]
    responsible_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("member.id"), index=True, default=None)
    responsible_name: Mapped[str | None] = mapped_column(String(200), default=None)
    due_on: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[ActionStatus] = mapped_column(text_enum(ActionStatus, "action_status"), default=ActionStatus.OPEN)
    closed_on: Mapped[date | None] = mapped_column(default=None)
    notes: Mapped[str | None] = mapped_column(default=None)


class MeetingScan(Base):
    """The scanned, signed minutes of a meeting (a PDF). Local to this database: a file is no field to merge.

    The meeting row records the file's name and SHA-256, so the change log and sync know that a scan exists.
    """

    __tablename__ = "meeting_scan"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    attached_at: Mapped[datetime]
