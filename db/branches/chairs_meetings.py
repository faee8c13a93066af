"""Chairs' meetings and who came: the district follows up a branch that stays away (seed 001, DESIGN §2).

"Repeatedly absent" is derived from the attendance records, never typed in. A branch is absent from a meeting when
it has no attendance row or a row saying it was not there; a meeting held before the branch was entered in Kansli
does not count against it unless an attendance row says otherwise (a row shows the branch existed then).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.branches.common import clean_line, clean_text, live_branch, local_day
from db.branches.models import Branch, BranchStatus
from db.branches.work_models import ChairsMeeting, ChairsMeetingAttendance
from db.core.base import utcnow
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _

# Absent from at least two of the last three meetings: one missed meeting happens to everyone.
ABSENCE_WINDOW = 3
ABSENCE_LIMIT = 2


@dataclass(frozen=True)
class ChairsMeetingData:
    held_on: date
    place: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class AttendanceData:
    """One branch at one meeting, as ticked in the attendance list."""

    branch_id: uuid.UUID
    present: bool
    represented_by: str | None = None


@dataclass(frozen=True)
class ChairsMeetingRecord:
    id: uuid.UUID
    held_on: date
    place: str | None
    notes: str | None
    present_count: int


@dataclass(frozen=True)
class AttendanceRecord:
    """A branch in a meeting's attendance list; ``recorded`` is False when nothing was ticked for it."""

    branch_id: uuid.UUID
    branch_name: str
    present: bool
    represented_by: str | None
    recorded: bool


@dataclass(frozen=True)
class BranchAttendanceRecord:
    """One meeting seen from one branch; ``counted`` is False for a meeting before the branch was entered."""

    meeting_id: uuid.UUID
    held_on: date
    place: str | None
    present: bool
    represented_by: str | None
    counted: bool


def _apply(meeting: ChairsMeeting, data: ChairsMeetingData) -> None:
    meeting.held_on = data.held_on
    meeting.place = clean_line(data.place)
    meeting.notes = clean_text(data.notes)


def create_chairs_meeting(session: Session, data: ChairsMeetingData) -> uuid.UUID:
    """Add a chairs' meeting; return its id."""
    meeting = ChairsMeeting()
    _apply(meeting, data)
    session.add(meeting)
    session.flush()
    return meeting.id


def _live_meeting(session: Session, meeting_id: uuid.UUID) -> ChairsMeeting:
    meeting = session.get(ChairsMeeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise KansliError(_("The chairs' meeting was not found; it may have been deleted."))
    return meeting


def update_chairs_meeting(session: Session, meeting_id: uuid.UUID, data: ChairsMeetingData) -> None:
    """Change a meeting's day, place or notes."""
    _apply(_live_meeting(session, meeting_id), data)
    session.flush()


def delete_chairs_meeting(session: Session, meeting_id: uuid.UUID) -> None:
    """Mark a meeting deleted; its attendance no longer counts."""
    _live_meeting(session, meeting_id).deleted_at = utcnow()
    session.flush()


def record_attendance(session: Session, meeting_id: uuid.UUID, entries: Sequence[AttendanceData]) -> None:
    """Record for many branches at once whether they were at a meeting; a branch recorded again is updated.

    Branches not in ``entries`` keep what they had (no row means absent).

    Raises:
        ValidationError: for a branch given twice, a missing branch, or a stand-in named for an absent branch.
        KansliError: when the meeting is missing or deleted.
    """
    _live_meeting(session, meeting_id)
    seen: set[uuid.UUID] = set()
    for entry in entries:
        if entry.branch_id in seen:
            raise ValidationError("branch", _("A branch is listed twice in the attendance."))
        seen.add(entry.branch_id)
        if not entry.present and clean_line(entry.represented_by):
            raise ValidationError("represented_by", _("A branch that was absent cannot have been represented."))
        live_branch(session, entry.branch_id)
    rows = {
        row.branch_id: row
        for row in session.execute(
            select(ChairsMeetingAttendance).where(ChairsMeetingAttendance.meeting_id == meeting_id)
        ).scalars()
    }
    for entry in entries:
        row = rows.get(entry.branch_id)
        if row is None:
            row = ChairsMeetingAttendance(meeting_id=meeting_id, branch_id=entry.branch_id)
            session.add(row)
        row.present = bool(entry.present)
        row.represented_by = clean_line(entry.represented_by)
        row.deleted_at = None  # one row per meeting and branch, even after a delete and undo
    session.flush()


def chairs_meetings(session: Session, since: date | None = None) -> list[ChairsMeetingRecord]:
    """Return the meetings (held on or after ``since`` when given), the latest first, with how many came."""
    present = (
        select(ChairsMeetingAttendance.meeting_id, func.count().label("present"))
        .join(Branch, Branch.id == ChairsMeetingAttendance.branch_id)
        .where(
            ChairsMeetingAttendance.deleted_at.is_(None),
            ChairsMeetingAttendance.present.is_(True),
            Branch.deleted_at.is_(None),
        )
        .group_by(ChairsMeetingAttendance.meeting_id)
        .subquery()
    )
    statement = (
        select(ChairsMeeting, func.coalesce(present.c.present, 0))
        .outerjoin(present, present.c.meeting_id == ChairsMeeting.id)
        .where(ChairsMeeting.deleted_at.is_(None))
        .order_by(ChairsMeeting.held_on.desc(), ChairsMeeting.created_at.desc())
    )
    if since is not None:
        statement = statement.where(ChairsMeeting.held_on >= since)
    return [
        ChairsMeetingRecord(meeting.id, meeting.held_on, meeting.place, meeting.notes, count)
        for meeting, count in session.execute(statement).tuples()
    ]


def meeting_attendance(session: Session, meeting_id: uuid.UUID) -> list[AttendanceRecord]:
    """Return a meeting's attendance list: every active branch, and any other branch recorded, by name."""
    rows = {
        row.branch_id: row
        for row in session.execute(
            select(ChairsMeetingAttendance).where(
                ChairsMeetingAttendance.meeting_id == meeting_id, ChairsMeetingAttendance.deleted_at.is_(None)
            )
        ).scalars()
    }
    branches = session.execute(
        select(Branch.id, Branch.name, Branch.status).where(Branch.deleted_at.is_(None)).order_by(Branch.name)
    ).tuples()
    result = []
    for branch_id, name, status in branches:
        row = rows.get(branch_id)
        if row is None and status != BranchStatus.ACTIVE:
            continue
        result.append(
            AttendanceRecord(
                branch_id=branch_id,
                branch_name=name,
                present=bool(row and row.present),
                represented_by=row.represented_by if row else None,
                recorded=row is not None,
            )
        )
    return result


def _last_meetings(session: Session, today: date, count: int) -> list[ChairsMeeting]:
    return list(
        session.execute(
            select(ChairsMeeting)
            .where(ChairsMeeting.deleted_at.is_(None), ChairsMeeting.held_on <= today)
            .order_by(ChairsMeeting.held_on.desc(), ChairsMeeting.created_at.desc())
            .limit(count)
        ).scalars()
    )


def _attendance_rows(
    session: Session, meetings: Sequence[ChairsMeeting], branch_id: uuid.UUID | None = None
) -> dict[tuple[uuid.UUID, uuid.UUID], ChairsMeetingAttendance]:
    statement = select(ChairsMeetingAttendance).where(
        ChairsMeetingAttendance.deleted_at.is_(None),
        ChairsMeetingAttendance.meeting_id.in_([meeting.id for meeting in meetings]),
    )
    if branch_id is not None:
        statement = statement.where(ChairsMeetingAttendance.branch_id == branch_id)
    return {(row.meeting_id, row.branch_id): row for row in session.execute(statement).scalars()}


def _counts(branch: Branch, meeting: ChairsMeeting, row: ChairsMeetingAttendance | None) -> bool:
    return row is not None or local_day(branch.created_at) <= meeting.held_on


def repeatedly_absent_branches(session: Session, today: date) -> set[uuid.UUID]:
    """Return the active branches absent from at least two of the last three chairs' meetings held by ``today``.

    Three queries whatever the size of the district: the meetings, their attendance rows, the branches.
    """
    meetings = _last_meetings(session, today, ABSENCE_WINDOW)
    if not meetings:
        return set()
    rows = _attendance_rows(session, meetings)
    branches = session.execute(
        select(Branch).where(Branch.deleted_at.is_(None), Branch.status == BranchStatus.ACTIVE)
    ).scalars()
    flagged = set()
    for branch in branches:
        absences = 0
        for meeting in meetings:
            row = rows.get((meeting.id, branch.id))
            if _counts(branch, meeting, row) and not (row is not None and row.present):
                absences += 1
        if absences >= ABSENCE_LIMIT:
            flagged.add(branch.id)
    return flagged


def branch_attendance(
    session: Session, branch_id: uuid.UUID, today: date, last: int = 6
) -> list[BranchAttendanceRecord]:
    """Return a branch's presence at the last ``last`` chairs' meetings held by ``today``, the latest first."""
    branch = live_branch(session, branch_id)
    meetings = _last_meetings(session, today, last)
    rows = _attendance_rows(session, meetings, branch_id)
    result = []
    for meeting in meetings:
        row = rows.get((meeting.id, branch_id))
        result.append(
            BranchAttendanceRecord(
                meeting_id=meeting.id,
                held_on=meeting.held_on,
                place=meeting.place,
                present=bool(row and row.present),
                represented_by=row.represented_by if row else None,
                counted=_counts(branch, meeting, row),
            )
        )
    return result
