"""The one query behind every member list: search results, the members table, exports.

Each line shows the person with their current membership (branch, kind, status) and their first usable phone
number and e-mail address. All of it comes from the member's derived row in ``member_search`` (see
:mod:`db.members.member_index`), so listing, filtering and sorting 100 000 members needs no per-member subquery;
only the status is worked out in the query, from the stored dates, because it depends on today.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, literal, select
from sqlalchemy.orm import Session

from db.branches.models import Branch
from db.members.models import EndReason, Member, MemberSearchEntry, MembershipKind, MembershipStatus
from db.members.records import MemberSummary


def listed_status_sql(today: date) -> ColumnElement[str]:
    """The status of each listed member's current membership on ``today`` (the rule of ``membership_status``)."""
    entry = MemberSearchEntry
    return case(
        (entry.membership_kind.is_(None), literal(None)),
        (entry.end_reason == EndReason.DECEASED.value, literal(MembershipStatus.DECEASED.value)),
        ((entry.ended_on.is_not(None)) & (entry.ended_on <= today), literal(MembershipStatus.ENDED.value)),
        ((entry.joined_on.is_(None)) | (entry.joined_on > today), literal(MembershipStatus.APPLICANT.value)),
        else_=literal(MembershipStatus.ACTIVE.value),
    )


def summary_select(today: date) -> Select[Any]:
    """Return the SELECT of :class:`MemberSummary` columns for members not deleted, unordered and unfiltered."""
    entry = MemberSearchEntry
    return (
        select(
            Member.id,
            Member.member_number,
            Member.first_name,
            Member.last_name,
            Branch.name.label("branch_name"),
            entry.membership_kind.label("kind"),
            listed_status_sql(today).label("status"),
            entry.phone.label("phone"),
            entry.email.label("email"),
            Member.city,
            entry.joined_on.label("joined_on"),
        )
        .select_from(entry)
        .join(Member, Member.id == entry.member_id)
        .outerjoin(Branch, Branch.id == entry.branch_id)
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
        status=MembershipStatus(row.status) if row.status else None,
        phone=row.phone,
        email=row.email,
        city=row.city,
        joined_on=row.joined_on,
    )


def summaries_by_id(session: Session, ids: list[uuid.UUID], today: date) -> dict[uuid.UUID, MemberSummary]:
    """Fetch the summaries of the given members (for a page of a lazily loaded table)."""
    if not ids:
        return {}
    rows = session.execute(summary_select(today).where(MemberSearchEntry.member_id.in_(ids))).all()
    return {row.id: summary_from_row(row) for row in rows}
