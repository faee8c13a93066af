"""Building blocks for the tests of the district's work with its branches."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select

from db.branches.models import Branch, BranchLanguage, BranchStatus
from db.branches.operations import BranchData, create_branch
from db.core.database import Database
from db.members.operations import add_membership, create_member
from db.members.records import MembershipData, PersonData


def new_branch(
    database: Database,
    name: str,
    municipality: str | None = None,
    language: BranchLanguage = BranchLanguage.FI,
    status: BranchStatus = BranchStatus.ACTIVE,
) -> uuid.UUID:
    with database.transaction("Add branch") as session:
        return create_branch(
            session, BranchData(name=name, municipality=municipality, language=language, status=status)
        )


def backdate_branches(database: Database, day: date, branch_ids: list[uuid.UUID] | None = None) -> None:
    """Pretend the branches were entered on ``day`` (tests run today, their meetings happened earlier)."""
    with database.transaction("Backdate") as session:
        statement = select(Branch)
        if branch_ids is not None:
            statement = statement.where(Branch.id.in_(branch_ids))
        for branch in session.execute(statement).scalars():
            branch.created_at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def add_person(database: Database, first: str, last: str, *memberships: MembershipData) -> uuid.UUID:
    """Add a person with the given memberships (each may be ended) and return the member id."""
    with database.transaction("Add member") as session:
        member_id = create_member(session, PersonData(first, last))
        for membership in memberships:
            add_membership(session, member_id, membership)
        return member_id
