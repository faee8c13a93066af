"""Operations on branches, bodies and positions of trust."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

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
from db.core.base import utcnow
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.core.text import fold
from db.members.models import Member, Membership, MembershipStatus
from db.members.status import current_membership_id, membership_status_sql
from db.members.validation import normalize_email


@dataclass(frozen=True)
class BranchData:
    name: str
    municipality: str | None = None
    kind: BranchKind = BranchKind.LOCAL
    status: BranchStatus = BranchStatus.ACTIVE
    central_id: str | None = None
    email: str | None = None
    notes: str | None = None
    # None keeps the branch's language when editing (so a form or import that does not know the field cannot
    # turn a Swedish-speaking branch Finnish) and means Finnish for a new branch.
    language: BranchLanguage | None = None


@dataclass(frozen=True)
class BranchSummary:
    id: uuid.UUID
    name: str
    municipality: str | None
    kind: BranchKind
    status: BranchStatus
    central_id: str | None
    email: str | None
    active_members: int
    active_supporters: int
    language: BranchLanguage = BranchLanguage.FI


@dataclass(frozen=True)
class BodyData:
    name: str
    kind: BodyKind
    branch_id: uuid.UUID | None = None
    notes: str | None = None


@dataclass(frozen=True)
class PositionData:
    member_id: uuid.UUID
    body_id: uuid.UUID
    role: PositionRole
    starts_on: date
    ends_on: date | None = None
    notes: str | None = None


@dataclass(frozen=True)
class PositionRecord:
    id: uuid.UUID
    member_id: uuid.UUID
    member_name: str
    body_id: uuid.UUID
    body_name: str
    role: PositionRole
    starts_on: date
    ends_on: date | None

    def is_current(self, today: date) -> bool:
        """Whether the position is held on ``today``."""
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)


def clean_branch_data(data: BranchData) -> BranchData:
    """The branch's details with spaces tidied and empty texts as None; a ValidationError without a name."""
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("name", _("The branch needs a name."))
    email = normalize_email(data.email) if data.email and data.email.strip() else None
    return BranchData(
        name=name,
        municipality=" ".join(data.municipality.split()) if data.municipality else None,
        kind=data.kind,
        status=data.status,
        central_id=data.central_id.strip() if data.central_id and data.central_id.strip() else None,
        email=email,
        notes=data.notes.strip() if data.notes and data.notes.strip() else None,
        language=data.language,
    )


def _clean_branch(session: Session, data: BranchData, branch_id: uuid.UUID | None) -> BranchData:
    name = " ".join(data.name.split())
    # A name already taken is said before anything wrong with the other fields (the form shows one error).
    clash = find_branch(session, name) if name else None
    if clash is not None and clash != branch_id:
        raise ValidationError("name", _("There is already a branch called {name}.").format(name=name))
    return clean_branch_data(data)


def new_branch_values(data: BranchData) -> dict[str, Any]:
    """The fields of a new branch made of cleaned ``data`` (as ``create_branch`` and the member import store it)."""
    return {
        "name": data.name,
        "municipality": data.municipality,
        "kind": data.kind,
        "status": data.status,
        "central_id": data.central_id,
        "email": data.email,
        "notes": data.notes,
        "language": data.language or BranchLanguage.FI,
    }


def create_branch(session: Session, data: BranchData) -> uuid.UUID:
    """Add a branch; return its id."""
    branch = Branch(**new_branch_values(_clean_branch(session, data, None)))
    session.add(branch)
    session.flush()
    return branch.id


def update_branch(session: Session, branch_id: uuid.UUID, data: BranchData) -> None:
    """Change a branch's details; its language only when ``data.language`` is given."""
    branch = session.get(Branch, branch_id)
    if branch is None or branch.deleted_at is not None:
        raise KansliError(_("The branch was not found."))
    data = _clean_branch(session, data, branch_id)
    branch.name, branch.municipality, branch.kind, branch.status = data.name, data.municipality, data.kind, data.status
    branch.central_id, branch.email, branch.notes = data.central_id, data.email, data.notes
    if data.language is not None:
        branch.language = data.language
    session.flush()


def delete_branch(session: Session, branch_id: uuid.UUID) -> None:
    """Mark a branch deleted; refused while it has members (end or move their memberships first)."""
    branch = session.get(Branch, branch_id)
    if branch is None or branch.deleted_at is not None:
        raise KansliError(_("The branch was not found."))
    in_use = session.execute(
        select(func.count())
        .select_from(Membership)
        .join(Member, Member.id == Membership.member_id)
        .where(Membership.branch_id == branch_id, Membership.deleted_at.is_(None), Member.deleted_at.is_(None))
    ).scalar_one()
    if in_use:
        raise KansliError(
            _("The branch {name} still has {count} memberships; move or end them first.").format(
                name=branch.name, count=in_use
            )
        )
    branch.deleted_at = utcnow()
    session.flush()


def find_branch(session: Session, name: str) -> uuid.UUID | None:
    """Return the live branch whose name matches ``name`` regardless of case, spaces and diacritics."""
    wanted = fold(name)
    for branch_id, branch_name in session.execute(
        select(Branch.id, Branch.name).where(Branch.deleted_at.is_(None))
    ).tuples():
        if fold(branch_name) == wanted:
            return branch_id
    return None


def branch_names_by_key(session: Session) -> dict[str, uuid.UUID]:
    """Return every live branch by its folded name (for matching imported branch names)."""
    return {
        fold(name): branch_id
        for branch_id, name in session.execute(
            select(Branch.id, Branch.name).where(Branch.deleted_at.is_(None))
        ).tuples()
    }


def list_branches(session: Session, today: date | None = None) -> list[BranchSummary]:
    """Return every live branch with its counts of active members and supporters, by name."""
    today = today or date.today()
    current = aliased(Membership)
    status = membership_status_sql(current, today)
    counts: dict[tuple[uuid.UUID, str], int] = {}
    rows = session.execute(
        select(current.branch_id, current.kind, func.count())
        .select_from(Member)
        .join(current, current.id == current_membership_id(Member.id, today))
        .where(Member.deleted_at.is_(None), status == MembershipStatus.ACTIVE.value)
        .group_by(current.branch_id, current.kind)
    ).tuples()
    for branch_id, kind, count in rows:
        counts[(branch_id, kind)] = count
    branches = session.execute(select(Branch).where(Branch.deleted_at.is_(None)).order_by(Branch.name)).scalars()
    return [
        BranchSummary(
            id=branch.id,
            name=branch.name,
            municipality=branch.municipality,
            kind=branch.kind,
            status=branch.status,
            central_id=branch.central_id,
            email=branch.email,
            active_members=counts.get((branch.id, "member"), 0),
            active_supporters=counts.get((branch.id, "supporter"), 0),
            language=branch.language,
        )
        for branch in branches
    ]


def create_body(session: Session, data: BodyData) -> uuid.UUID:
    """Add a board, committee or working group; return its id."""
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("name", _("The body needs a name."))
    if data.kind == BodyKind.BRANCH_BOARD and data.branch_id is None:
        raise ValidationError("branch", _("A branch board belongs to a branch."))
    body = Body(name=name, kind=data.kind, branch_id=data.branch_id, notes=data.notes)
    session.add(body)
    session.flush()
    return body.id


def add_position(session: Session, data: PositionData) -> uuid.UUID:
    """Record a position of trust; return its id."""
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise ValidationError("ends_on", _("The position cannot end before it starts."))
    member = session.get(Member, data.member_id)
    if member is None or member.deleted_at is not None:
        raise ValidationError("member", _("The member was not found; it may have been deleted."))
    position = Position(
        member_id=data.member_id,
        body_id=data.body_id,
        role=data.role,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        notes=data.notes,
    )
    session.add(position)
    session.flush()
    return position.id


def end_position(session: Session, position_id: uuid.UUID, ends_on: date) -> None:
    """Set the end date of a position of trust."""
    position = session.get(Position, position_id)
    if position is None or position.deleted_at is not None:
        raise KansliError(_("The position was not found."))
    if ends_on < position.starts_on:
        raise ValidationError("ends_on", _("The position cannot end before it starts."))
    position.ends_on = ends_on
    session.flush()


def positions(
    session: Session,
    *,
    body_id: uuid.UUID | None = None,
    member_id: uuid.UUID | None = None,
    branch_id: uuid.UUID | None = None,
    on: date | None = None,
) -> list[PositionRecord]:
    """Return positions of a body, of a member or in any body of a branch; only those held on ``on`` if given."""
    statement = (
        select(Position, Member.first_name, Member.last_name, Body.name)
        .join(Member, Member.id == Position.member_id)
        .join(Body, Body.id == Position.body_id)
        .where(Position.deleted_at.is_(None), Member.deleted_at.is_(None), Body.deleted_at.is_(None))
        .order_by(Body.name, Position.role, Member.last_name)
    )
    if body_id is not None:
        statement = statement.where(Position.body_id == body_id)
    if member_id is not None:
        statement = statement.where(Position.member_id == member_id)
    if branch_id is not None:
        statement = statement.where(Body.branch_id == branch_id)
    if on is not None:
        statement = statement.where(Position.starts_on <= on)
        statement = statement.where((Position.ends_on.is_(None)) | (Position.ends_on >= on))
    return [
        PositionRecord(
            id=position.id,
            member_id=position.member_id,
            member_name=f"{first} {last}",
            body_id=position.body_id,
            body_name=body_name,
            role=position.role,
            starts_on=position.starts_on,
            ends_on=position.ends_on,
        )
        for position, first, last, body_name in session.execute(statement).tuples()
    ]


def list_bodies(session: Session, branch_id: uuid.UUID | None = None) -> list[tuple[uuid.UUID, str, BodyKind]]:
    """Return the live bodies (of one branch, when given) as (id, name, kind), by name."""
    statement = select(Body.id, Body.name, Body.kind).where(Body.deleted_at.is_(None)).order_by(Body.name)
    if branch_id is not None:
        statement = statement.where(Body.branch_id == branch_id)
    return list(session.execute(statement).tuples())
