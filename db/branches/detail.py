"""Everything the Branches tab shows about one branch, gathered in one call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from db.branches.chairs_meetings import BranchAttendanceRecord, branch_attendance, repeatedly_absent_branches
from db.branches.common import live_branch
from db.branches.contact_log import ContactLogRecord, contact_log
from db.branches.mentoring import MentorPairRecord, mentor_pairs
from db.branches.models import BranchKind, BranchLanguage, BranchStatus, PositionRole
from db.branches.operations import PositionRecord, positions
from db.branches.overview import missing_responsible_roles
from db.branches.survey import SurveyGradeRecord, survey_grades
from db.branches.yearly import (
    OfficerNotificationRecord,
    RecruitmentActionRecord,
    officer_notifications,
    recruitment_actions,
)

_ROLE_ORDER = {role: index for index, role in enumerate(PositionRole)}


@dataclass(frozen=True)
class BranchDetail:
    """One branch as the Branches tab shows it on ``today``.

    ``current_positions`` holds the positions not yet ended (including any agreed to start later), by body and
    role; ``past_positions`` those ended, the latest ended first. ``mentors`` are the pairs in which the branch is
    mentored, ``mentees`` those in which it mentors, all of them, the latest started first. ``attendance`` covers the
    last chairs' meetings held by ``today``; ``recruitment_actions`` are those of ``today``'s year.
    """

    id: uuid.UUID
    name: str
    municipality: str | None
    kind: BranchKind
    status: BranchStatus
    language: BranchLanguage
    central_id: str | None
    email: str | None
    notes: str | None
    current_positions: tuple[PositionRecord, ...]
    past_positions: tuple[PositionRecord, ...]
    missing_roles: tuple[PositionRole, ...]
    grades: tuple[SurveyGradeRecord, ...]
    mentors: tuple[MentorPairRecord, ...]
    mentees: tuple[MentorPairRecord, ...]
    contacts: tuple[ContactLogRecord, ...]
    attendance: tuple[BranchAttendanceRecord, ...]
    repeatedly_absent: bool
    officer_notifications: tuple[OfficerNotificationRecord, ...]
    recruitment_actions: tuple[RecruitmentActionRecord, ...]


def branch_detail(session: Session, branch_id: uuid.UUID, today: date, meetings: int = 6) -> BranchDetail:
    """Gather one branch's officers, tasks, grades, mentors, contacts, attendance and yearly duties.

    Args:
        session: any session.
        branch_id: the branch.
        today: the day that decides what is current, and whose year the recruitment actions are of.
        meetings: how many of the latest chairs' meetings to show attendance for (six is a year's worth).

    Raises:
        BranchNotFoundError: when the branch is missing or deleted.
    """
    branch = live_branch(session, branch_id)
    held = positions(session, branch_id=branch_id)
    current = sorted(
        (position for position in held if position.ends_on is None or position.ends_on >= today),
        key=lambda position: (position.body_name, _ROLE_ORDER[position.role], position.starts_on),
    )
    past = sorted(
        (position for position in held if position.ends_on is not None and position.ends_on < today),
        key=lambda position: (position.ends_on, position.starts_on),
        reverse=True,
    )
    pairs = mentor_pairs(session, branch_id)
    return BranchDetail(
        id=branch.id,
        name=branch.name,
        municipality=branch.municipality,
        kind=branch.kind,
        status=branch.status,
        language=branch.language,
        central_id=branch.central_id,
        email=branch.email,
        notes=branch.notes,
        current_positions=tuple(current),
        past_positions=tuple(past),
        missing_roles=tuple(missing_responsible_roles(session, branch_id, today)),
        grades=tuple(survey_grades(session, branch_id)),
        mentors=tuple(pair for pair in pairs if pair.mentee_id == branch_id),
        mentees=tuple(pair for pair in pairs if pair.mentor_id == branch_id),
        contacts=tuple(contact_log(session, branch_id)),
        attendance=tuple(branch_attendance(session, branch_id, today, meetings)),
        repeatedly_absent=branch_id in repeatedly_absent_branches(session, today),
        officer_notifications=tuple(officer_notifications(session, branch_id)),
        recruitment_actions=tuple(recruitment_actions(session, branch_id, today.year)),
    )
