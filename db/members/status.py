"""Membership status, derived from the dates and end reason of a membership (never typed in).

The same rule exists twice on purpose: as Python for one membership, and as SQL so that the members table can be
filtered and sorted by status in the database. A test checks that both agree.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Integer, ScalarSelect, case, literal, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from db.members.models import EndReason, Membership, MembershipStatus


def membership_status(
    joined_on: date | None, ended_on: date | None, end_reason: EndReason | None, today: date
) -> MembershipStatus:
    """Return the status of a membership on ``today``.

    A deceased person is deceased from the moment it is recorded; a membership whose end date has come is ended;
    one not yet accepted (no join date, or a join date ahead) is an application; the rest are active.
    """
    if end_reason == EndReason.DECEASED:
        return MembershipStatus.DECEASED
    if ended_on is not None and ended_on <= today:
        return MembershipStatus.ENDED
    if joined_on is None or joined_on > today:
        return MembershipStatus.APPLICANT
    return MembershipStatus.ACTIVE


def membership_status_sql(membership: Any, today: date) -> ColumnElement[str]:
    """The SQL form of :func:`membership_status` over the columns of ``membership`` (a class or alias)."""
    return case(
        (membership.end_reason == EndReason.DECEASED.value, literal(MembershipStatus.DECEASED.value)),
        (
            (membership.ended_on.is_not(None)) & (membership.ended_on <= today),
            literal(MembershipStatus.ENDED.value),
        ),
        (
            (membership.joined_on.is_(None)) | (membership.joined_on > today),
            literal(MembershipStatus.APPLICANT.value),
        ),
        else_=literal(MembershipStatus.ACTIVE.value),
    )


def current_membership_id(member_id: InstrumentedAttribute[uuid.UUID], today: date) -> ScalarSelect[uuid.UUID]:
    """A correlated subquery choosing a person's current membership.

    Ongoing memberships come first (open-ended before those with a notice, then the latest joined), then the most
    recently ended one; so a person who moved from one branch to another is shown in the new branch, and a former
    member in the last one they had.
    """
    other = aliased(Membership)
    ongoing = case(((other.ended_on.is_(None)) | (other.ended_on > today), literal(0)), else_=literal(1))
    return (
        select(other.id)
        .where(other.member_id == member_id, other.deleted_at.is_(None))
        .order_by(
            ongoing.cast(Integer),
            other.ended_on.is_not(None).cast(Integer),
            other.ended_on.desc(),
            other.joined_on.desc(),
            other.created_at.desc(),
        )
        .limit(1)
        .correlate_except(other)
        .scalar_subquery()
    )


def current_of(memberships: list[Membership], today: date) -> Membership | None:
    """Choose the current membership in Python, by the same order as :func:`current_membership_id`."""
    live = [membership for membership in memberships if membership.deleted_at is None]
    if not live:
        return None

    def order(membership: Membership) -> tuple[int, int, int, int, float]:
        ongoing = membership.ended_on is None or membership.ended_on > today
        ended = membership.ended_on.toordinal() if membership.ended_on else 0
        joined = membership.joined_on.toordinal() if membership.joined_on else 0
        return (
            0 if ongoing else 1,
            0 if membership.ended_on is None else 1,
            -ended,
            -joined,
            -membership.created_at.timestamp(),
        )

    return min(live, key=order)
