"""A branch's yearly duties: the officer notification and the recruitment challenge of three actions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.common import check_year, clean_line, clean_text, live_branch
from db.branches.work_models import (
    RECRUITMENT_ACTIONS_PER_YEAR,
    OfficerNotification,
    RecruitmentAction,
    RecruitmentStatus,
)
from db.core.base import utcnow
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _


@dataclass(frozen=True)
class OfficerNotificationRecord:
    id: uuid.UUID
    branch_id: uuid.UUID
    year: int
    submitted_on: date
    new_officers_onboarded: bool
    notes: str | None


@dataclass(frozen=True)
class RecruitmentActionData:
    """One action of the year's challenge, as typed; its number is its place in the list given."""

    title: str
    planned_on: date | None = None
    status: RecruitmentStatus = RecruitmentStatus.PLANNED
    notes: str | None = None


@dataclass(frozen=True)
class RecruitmentActionRecord:
    id: uuid.UUID
    branch_id: uuid.UUID
    year: int
    number: int
    title: str
    planned_on: date | None
    status: RecruitmentStatus
    notes: str | None


def record_officer_notification(
    session: Session,
    branch_id: uuid.UUID,
    year: int,
    submitted_on: date,
    new_officers_onboarded: bool,
    notes: str | None = None,
) -> uuid.UUID:
    """Record a branch's officer notification of ``year``; recording the year again replaces it.

    Args:
        session: a session of a write transaction.
        branch_id: the branch that sent the notification.
        year: the year the officers serve.
        submitted_on: the day it came in.
        new_officers_onboarded: the tick "our branch has onboarded its new officers".
        notes: free notes.

    Returns:
        The id of the notification (the same for every recording of one branch and year).

    Raises:
        ValidationError: for an impossible year or a missing branch.
    """
    check_year(year)
    live_branch(session, branch_id)
    row = session.execute(
        select(OfficerNotification).where(OfficerNotification.branch_id == branch_id, OfficerNotification.year == year)
    ).scalar_one_or_none()
    if row is None:
        row = OfficerNotification(branch_id=branch_id, year=year)
        session.add(row)
    row.submitted_on = submitted_on
    row.new_officers_onboarded = bool(new_officers_onboarded)
    row.notes = clean_text(notes)
    row.deleted_at = None
    session.flush()
    return row.id


def _notification_record(row: OfficerNotification) -> OfficerNotificationRecord:
    return OfficerNotificationRecord(
        row.id, row.branch_id, row.year, row.submitted_on, row.new_officers_onboarded, row.notes
    )


def officer_notification(session: Session, branch_id: uuid.UUID, year: int) -> OfficerNotificationRecord | None:
    """Return a branch's officer notification of ``year``, or None when it has not come in."""
    row = session.execute(
        select(OfficerNotification).where(
            OfficerNotification.branch_id == branch_id,
            OfficerNotification.year == year,
            OfficerNotification.deleted_at.is_(None),
        )
    ).scalar_one_or_none()
    return _notification_record(row) if row else None


def officer_notifications(session: Session, branch_id: uuid.UUID) -> list[OfficerNotificationRecord]:
    """Return a branch's officer notifications, the latest year first."""
    rows = session.execute(
        select(OfficerNotification)
        .where(OfficerNotification.branch_id == branch_id, OfficerNotification.deleted_at.is_(None))
        .order_by(OfficerNotification.year.desc())
    ).scalars()
    return [_notification_record(row) for row in rows]


def delete_officer_notification(session: Session, notification_id: uuid.UUID) -> None:
    """Mark a notification recorded by mistake deleted."""
    row = session.get(OfficerNotification, notification_id)
    if row is None or row.deleted_at is not None:
        raise KansliError(_("The officer notification was not found; it may have been deleted."))
    row.deleted_at = utcnow()
    session.flush()


def set_recruitment_actions(
    session: Session, branch_id: uuid.UUID, year: int, actions: Sequence[RecruitmentActionData]
) -> list[uuid.UUID]:
    """Set a branch's recruitment actions of ``year``: the first given is action 1, and so on.

    Numbers no longer given are marked deleted, so fewer actions (even none) can be set; an action set again
    keeps its row, so its history stays in one place.

    Returns:
        The ids of the actions, in the order given.

    Raises:
        ValidationError: for more than three actions, an action without a title, an impossible year or a missing
            branch.
    """
    check_year(year)
    live_branch(session, branch_id)
    if len(actions) > RECRUITMENT_ACTIONS_PER_YEAR:
        raise ValidationError(
            "actions",
            _("The challenge is {count} recruitment actions a year, no more.").format(
                count=RECRUITMENT_ACTIONS_PER_YEAR
            ),
        )
    titles = [clean_line(action.title) for action in actions]
    for number, title in enumerate(titles, start=1):
        if title is None:
            raise ValidationError("title", _("Recruitment action {number} needs a title.").format(number=number))
    existing = {
        row.number: row
        for row in session.execute(
            select(RecruitmentAction).where(RecruitmentAction.branch_id == branch_id, RecruitmentAction.year == year)
        ).scalars()
    }
    kept: list[RecruitmentAction] = []
    now = utcnow()
    for number in range(1, RECRUITMENT_ACTIONS_PER_YEAR + 1):
        row = existing.get(number)
        if number > len(actions):
            if row is not None and row.deleted_at is None:
                row.deleted_at = now
            continue
        action = actions[number - 1]
        if row is None:
            row = RecruitmentAction(branch_id=branch_id, year=year, number=number)
            session.add(row)
        row.title = titles[number - 1] or ""  # never empty: checked above
        row.planned_on = action.planned_on
        row.status = RecruitmentStatus(action.status)
        row.notes = clean_text(action.notes)
        row.deleted_at = None
        kept.append(row)
    session.flush()
    return [row.id for row in kept]


def set_recruitment_status(session: Session, action_id: uuid.UUID, status: RecruitmentStatus) -> None:
    """Mark a recruitment action planned, done or cancelled.

    Raises:
        KansliError: when the action is missing or deleted.
    """
    row = session.get(RecruitmentAction, action_id)
    if row is None or row.deleted_at is not None:
        raise KansliError(_("The recruitment action was not found; it may have been deleted."))
    row.status = RecruitmentStatus(status)
    session.flush()


def recruitment_actions(
    session: Session, branch_id: uuid.UUID, year: int | None = None
) -> list[RecruitmentActionRecord]:
    """Return a branch's recruitment actions (of one year when given), the latest year first, then by number."""
    statement = (
        select(RecruitmentAction)
        .where(RecruitmentAction.branch_id == branch_id, RecruitmentAction.deleted_at.is_(None))
        .order_by(RecruitmentAction.year.desc(), RecruitmentAction.number)
    )
    if year is not None:
        statement = statement.where(RecruitmentAction.year == year)
    return [
        RecruitmentActionRecord(
            id=row.id,
            branch_id=row.branch_id,
            year=row.year,
            number=row.number,
            title=row.title,
            planned_on=row.planned_on,
            status=row.status,
            notes=row.notes,
        )
        for row in session.execute(statement).scalars()
    ]
