"""The one query behind every member list: search results, the members table, exports.

Each line shows the person with their current membership (branch, kind, status) and their first usable phone
number and e-mail address. Sorting and filtering happen in SQL, on the columns named in :data:`SORT_COLUMNS`.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session, aliased

from db.branches.models import Branch
from db.members.models import ContactKind, ContactPoint, Member, Membership, MembershipKind, MembershipStatus
from db.members.records import MemberSummary
from db.members.status import current_membership_id, membership_status_sql


def _first_usable(kind: ContactKind) -> Any:
    contact = aliased(ContactPoint)
    return (
        select(contact.value)
        .where(
            contact.member_id == Member.id,
            contact.kind == kind,
            contact.deleted_at.is_(None),
            contact.valid.is_(True),
            contact.do_not_use.is_(False),
        )
        .order_by(contact.position, contact.created_at)
        .limit(1)
        .correlate(Member)
        .scalar_subquery()
    )


def summary_select(today: date) -> Select[Any]:
    """Return the SELECT of :class:`MemberSummary` columns for members not deleted, unordered and unfiltered."""
    current = aliased(Membership)
    return (
        select(
            Member.id,
            Member.member_number,
            Member.first_name,
            Member.last_name,
            Branch.name.label("branch_name"),
            current.kind.label("kind"),
            membership_status_sql(current, today).label("status"),
            _first_usable(ContactKind.PHONE).label("phone"),
            _first_usable(ContactKind.EMAIL).label("email"),
            Member.city,
            current.joined_on,
        )
        .select_from(Member)
        .outerjoin(current, current.id == current_membership_id(Member.id, today))
        .outerjoin(Branch, and_(Branch.id == current.branch_id))
        .where(Member.deleted_at.is_(None))
    )


def summary_from_row(row: Any) -> MemberSummary:
    """Turn one row of :func:`summary_select` into a :class:`MemberSummary`."""
    return MemberSummary(
        id=row.id,
        member_number=row.member_number,
        first_name=row.first_name,
        last_name=row.last_name,
        branch_name=row.branch_name,
        kind=MembershipKind(row.kind) if row.kind else None,
        status=MembershipStatus(row.status) if row.kind else None,
        phone=row.phone,
        email=row.email,
        city=row.city,
        joined_on=row.joined_on,
    )


def summaries_by_id(session: Session, ids: list[uuid.UUID], today: date) -> dict[uuid.UUID, MemberSummary]:
    """Fetch the summaries of the given members (for a page of a lazily loaded table)."""
    if not ids:
        return {}
    rows = session.execute(summary_select(today).where(Member.id.in_(ids))).all()
    return {row.id: summary_from_row(row) for row in rows}
