"""The district's work with its branches: surveys, mentor pairs, contacts, chairs' meetings and yearly duties.

Seed 001 asks the district to survey every branch (a self-grade 1–10), pair strong branches with weaker ones as
mentors, keep in touch, hold chairs' meetings and follow up absence, collect the yearly officer notification and
challenge each branch to three recruitment actions a year. Each table below holds one of those records.

Rows that exist once per branch and year (a grade, a notification, the numbered recruitment actions) carry a
unique constraint over the whole table, not only live rows: the operations bring a deleted row back instead of
adding a second one, as ``db.members.operations.set_interests`` does, so undo and sync always see one row.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.core.base import Base, Synced, text_enum
from db.core.i18n import N_

GRADE_MIN = 1
GRADE_MAX = 10
RECRUITMENT_ACTIONS_PER_YEAR = 3


class ContactLogKind(enum.StrEnum):
    VISIT = "visit"
    PHONE_CALL = "phone_call"
    ONLINE_MEETING = "online_meeting"
    EMAIL = "email"
    EVENT = "event"


class RecruitmentStatus(enum.StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


CONTACT_LOG_KIND_LABELS = {
    ContactLogKind.VISIT: N_("Visit"),
    ContactLogKind.PHONE_CALL: N_("Phone call"),
    ContactLogKind.ONLINE_MEETING: N_("Online meeting"),
    ContactLogKind.EMAIL: N_("E-mail"),
    ContactLogKind.EVENT: N_("Event"),
}
RECRUITMENT_STATUS_LABELS = {
    RecruitmentStatus.PLANNED: N_("Planned"),
    RecruitmentStatus.DONE: N_("Done"),
    RecruitmentStatus.CANCELLED: N_("Cancelled"),
}


class SurveyGrade(Synced, Base):
    """The grade a branch gave itself in the district's branch survey (osastokartoitus) of one year."""

    __tablename__ = "survey_grade"
    __table_args__ = (
        UniqueConstraint("branch_id", "year"),
        CheckConstraint(f"grade BETWEEN {GRADE_MIN} AND {GRADE_MAX}", name="grade_range"),
    )

    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branch.id"))
    year: Mapped[int]
    grade: Mapped[int]
    surveyed_on: Mapped[date]
    notes: Mapped[str | None] = mapped_column(default=None)


class MentorPair(Synced, Base):
    """A confirmed pair: a mentor branch (graded 8–10) supporting a mentee branch (graded 5–7)."""

    __tablename__ = "mentor_pair"
    __table_args__ = (
        CheckConstraint("mentor_branch_id <> mentee_branch_id", name="distinct_branches"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="end_after_start"),
    )

    mentor_branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branch.id"), index=True)
    mentee_branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branch.id"), index=True)
    started_on: Mapped[date]
    ended_on: Mapped[date | None] = mapped_column(default=None)
    notes: Mapped[str | None] = mapped_column(default=None)


class ContactLogEntry(Synced, Base):
    """One contact between the district and a branch: a visit, a call, a meeting, a message."""

    __tablename__ = "contact_log_entry"
    __table_args__ = (Index("ix_contact_log_entry_branch_date", "branch_id", "contacted_on"),)

    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branch.id"))
    contacted_on: Mapped[date]
    kind: Mapped[ContactLogKind] = mapped_column(text_enum(ContactLogKind, "contact_log_kind"))
    who: Mapped[str | None] = mapped_column(String(300), default=None)
    notes: Mapped[str | None] = mapped_column(default=None)
    follow_up_on: Mapped[date | None] = mapped_column(default=None)


class ChairsMeeting(Synced, Base):
    """A meeting of the branch chairs called by the district (six a year in seed 001)."""

    __tablename__ = "chairs_meeting"

    held_on: Mapped[date] = mapped_column(index=True)
    place: Mapped[str | None] = mapped_column(String(200), default=None)
    notes: Mapped[str | None] = mapped_column(default=None)


class ChairsMeetingAttendance(Synced, Base):
    """Whether a branch was at a chairs' meeting; a branch with no row was absent."""

    __tablename__ = "chairs_meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "branch_id"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("chairs_meeting.id"))
    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branch.id"), index=True)
    present: Mapped[bool]
    represented_by: Mapped[str | None] = mapped_column(String(200), default=None)


class OfficerNotification(Synced, Base):
    """A branch's yearly officer notification (virkailijailmoitus), with the tick for onboarded officers."""

    __tablename__ = "officer_notification"
    __table_args__ = (UniqueConstraint("branch_id", "year"),)

    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branch.id"))
    year: Mapped[int]
    submitted_on: Mapped[date]
    new_officers_onboarded: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(default=None)


class RecruitmentAction(Synced, Base):
    """One of the three recruitment actions the district challenges each branch to take in a year."""

    __tablename__ = "recruitment_action"
    __table_args__ = (
        UniqueConstraint("branch_id", "year", "number"),
        CheckConstraint(f"number BETWEEN 1 AND {RECRUITMENT_ACTIONS_PER_YEAR}", name="number_range"),
    )

    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branch.id"))
    year: Mapped[int]
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    planned_on: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[RecruitmentStatus] = mapped_column(
        text_enum(RecruitmentStatus, "recruitment_status"), default=RecruitmentStatus.PLANNED
    )
    notes: Mapped[str | None] = mapped_column(default=None)
