"""The Branches table and the Overview's attention flags: one row per branch from a fixed number of queries.

The district has a few dozen branches but up to 100 000 members, so every figure is computed for all branches
at once with grouped queries; nothing here queries once per branch.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, case, exists, func, literal, select
from sqlalchemy.orm import Session, aliased

from db.branches.chairs_meetings import repeatedly_absent_branches
from db.branches.common import live_branch
from db.branches.mentoring import MENTEE_GRADES, mentored_branches
from db.branches.models import (
    Body,
    BodyKind,
    Branch,
    BranchKind,
    BranchLanguage,
    BranchStatus,
    Position,
    PositionRole,
)
from db.branches.survey import latest_grades
from db.branches.work_models import OfficerNotification, RecruitmentAction, RecruitmentStatus
from db.members.models import Member, Membership, MembershipKind, MembershipStatus
from db.members.status import current_membership_id, membership_status_sql

# The responsible persons seed 001 asks every branch to name; the register must show who holds each task.
RESPONSIBLE_ROLES = (
    PositionRole.EVENTS_OFFICER,
    PositionRole.RECRUITMENT_OFFICER,
    PositionRole.COMMUNICATIONS_OFFICER,
    PositionRole.VOLUNTEER_COORDINATOR,
)
_COUNTED_STATUSES = (MembershipStatus.APPLICANT.value, MembershipStatus.ACTIVE.value)


@dataclass(frozen=True)
class BranchOverviewRow:
    """One branch in the Branches table. The flags are raised for active branches only."""

    id: uuid.UUID
    name: str
    municipality: str | None
    kind: BranchKind
    status: BranchStatus
    language: BranchLanguage
    members: int
    active_members: int
    active_supporters: int
    new_members_this_year: int
    chair_name: str | None
    secretary_name: str | None
    latest_grade: int | None
    latest_grade_year: int | None
    officer_notification_submitted: bool
    recruitment_actions_done: int
    no_recent_survey: bool
    repeatedly_absent: bool
    missing_roles: tuple[PositionRole, ...]
    low_grade_without_mentor: bool

    @property
    def needs_attention(self) -> bool:
        """Whether any flag is raised (the Overview lists these branches)."""
        return bool(
            self.no_recent_survey or self.repeatedly_absent or self.missing_roles or self.low_grade_without_mentor
        )


def _current_position(today: date) -> list[ColumnElement[bool]]:
    return [
        Position.deleted_at.is_(None),
        Body.deleted_at.is_(None),
        Member.deleted_at.is_(None),
        Position.starts_on <= today,
        Position.ends_on.is_(None) | (Position.ends_on >= today),
    ]


def _held_responsible_roles(
    session: Session, today: date, branch_id: uuid.UUID | None = None
) -> dict[uuid.UUID, set[PositionRole]]:
    statement = (
        select(Body.branch_id, Position.role)
        .join(Body, Body.id == Position.body_id)
        .join(Member, Member.id == Position.member_id)
        .where(*_current_position(today), Body.branch_id.is_not(None), Position.role.in_(RESPONSIBLE_ROLES))
        .distinct()
    )
    if branch_id is not None:
        statement = statement.where(Body.branch_id == branch_id)
    held: dict[uuid.UUID, set[PositionRole]] = defaultdict(set)
    for holder_branch, role in session.execute(statement).tuples():
        if holder_branch is not None:
            held[holder_branch].add(role)
    return held


def missing_responsible_roles(session: Session, branch_id: uuid.UUID, today: date) -> list[PositionRole]:
    """Return the responsible tasks nobody holds on ``today`` in any body of the branch, in a fixed order.

    The tasks are events, recruitment, communication and volunteer coordination (seed 001).

    Raises:
        BranchNotFoundError: when the branch is missing or deleted.
    """
    live_branch(session, branch_id)
    held = _held_responsible_roles(session, today, branch_id).get(branch_id, set())
    return [role for role in RESPONSIBLE_ROLES if role not in held]


@dataclass
class _Counts:
    members: int = 0
    active_members: int = 0
    active_supporters: int = 0
    new_members: int = 0


def _member_counts(session: Session, today: date) -> dict[uuid.UUID, _Counts]:
    current = aliased(Membership)
    earlier = aliased(Membership)
    status = membership_status_sql(current, today)
    start_of_year = date(today.year, 1, 1)
    # New this year: the current membership began this year, and the person was not a member when the year began
    # (a membership row made for a move between branches is not a new member; someone who rejoins after a gap is).
    member_at_new_year = exists().where(
        earlier.member_id == Member.id,
        earlier.id != current.id,
        earlier.deleted_at.is_(None),
        earlier.joined_on < start_of_year,
        earlier.ended_on.is_(None) | (earlier.ended_on >= start_of_year),
    )
    is_new = case(
        ((current.joined_on >= start_of_year) & (current.joined_on <= today) & ~member_at_new_year, literal(1)),
        else_=literal(0),
    )
    rows = session.execute(
        select(current.branch_id, current.kind, status, func.count(), func.sum(is_new))
        .select_from(Member)
        .join(current, current.id == current_membership_id(Member.id, today))
        .where(Member.deleted_at.is_(None), status.in_(_COUNTED_STATUSES))
        .group_by(current.branch_id, current.kind, status)
    ).tuples()
    counts: dict[uuid.UUID, _Counts] = defaultdict(_Counts)
    for branch_id, kind, member_status, count, new in rows:
        entry = counts[branch_id]
        entry.members += count
        entry.new_members += int(new or 0)
        if member_status == MembershipStatus.ACTIVE.value:
            if kind == MembershipKind.MEMBER:
                entry.active_members += count
            else:
                entry.active_supporters += count
    return counts


def _officer_names(session: Session, today: date) -> dict[tuple[uuid.UUID, PositionRole], str]:
    # Co-chairs are shown together rather than one of them picked at random.
    names: dict[tuple[uuid.UUID, PositionRole], list[str]] = defaultdict(list)
    rows = session.execute(
        select(Body.branch_id, Position.role, Member.first_name, Member.last_name)
        .join(Body, Body.id == Position.body_id)
        .join(Member, Member.id == Position.member_id)
        .where(
            *_current_position(today),
            Body.kind == BodyKind.BRANCH_BOARD,
            Position.role.in_((PositionRole.CHAIR, PositionRole.SECRETARY)),
        )
        .order_by(Position.starts_on, Member.last_name, Member.first_name)
    ).tuples()
    for branch_id, role, first, last in rows:
        if branch_id is not None and f"{first} {last}" not in names[(branch_id, role)]:
            names[(branch_id, role)].append(f"{first} {last}")
    return {key: ", ".join(value) for key, value in names.items()}


def _yearly_figures(session: Session, year: int) -> tuple[set[uuid.UUID], dict[uuid.UUID, int]]:
    notified = set(
        session.execute(
            select(OfficerNotification.branch_id).where(
                OfficerNotification.year == year, OfficerNotification.deleted_at.is_(None)
            )
        ).scalars()
    )
    done = dict(
        session.execute(
            select(RecruitmentAction.branch_id, func.count())
            .where(
                RecruitmentAction.year == year,
                RecruitmentAction.deleted_at.is_(None),
                RecruitmentAction.status == RecruitmentStatus.DONE,
            )
            .group_by(RecruitmentAction.branch_id)
        )
        .tuples()
        .all()
    )
    return notified, done


def branch_overview(session: Session, today: date) -> list[BranchOverviewRow]:
    """Return one row per live branch, by name, with its figures and attention flags on ``today``.

    Members count everyone whose current membership is in the branch and not ended (applicants and supporters
    too); new members are those who joined this calendar year without being members when it began. A survey is
    recent when it is of this year or last year; a low grade is 7 or below.
    """
    counts = _member_counts(session, today)
    officers = _officer_names(session, today)
    grades = latest_grades(session, up_to_year=today.year)
    absent = repeatedly_absent_branches(session, today)
    held = _held_responsible_roles(session, today)
    mentored = mentored_branches(session, today)
    notified, done = _yearly_figures(session, today.year)
    branches = session.execute(select(Branch).where(Branch.deleted_at.is_(None)).order_by(Branch.name)).scalars()
    rows = []
    for branch in branches:
        figures = counts.get(branch.id, _Counts())
        grade = grades.get(branch.id)
        flagged = branch.status == BranchStatus.ACTIVE
        rows.append(
            BranchOverviewRow(
                id=branch.id,
                name=branch.name,
                municipality=branch.municipality,
                kind=branch.kind,
                status=branch.status,
                language=branch.language,
                members=figures.members,
                active_members=figures.active_members,
                active_supporters=figures.active_supporters,
                new_members_this_year=figures.new_members,
                chair_name=officers.get((branch.id, PositionRole.CHAIR)),
                secretary_name=officers.get((branch.id, PositionRole.SECRETARY)),
                latest_grade=grade.grade if grade else None,
                latest_grade_year=grade.year if grade else None,
                officer_notification_submitted=branch.id in notified,
                recruitment_actions_done=done.get(branch.id, 0),
                no_recent_survey=flagged and (grade is None or grade.year < today.year - 1),
                repeatedly_absent=flagged and branch.id in absent,
                missing_roles=tuple(role for role in RESPONSIBLE_ROLES if role not in held.get(branch.id, set()))
                if flagged
                else (),
                low_grade_without_mentor=flagged
                and grade is not None
                and grade.grade <= max(MENTEE_GRADES)
                and branch.id not in mentored,
            )
        )
    return rows
