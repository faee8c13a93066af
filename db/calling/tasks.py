"""The ombudsman's tasks raised by calls: a member wants to resign, has moved, died, or a caller left a message.

Nothing changes a membership by itself: the ombudsman confirms (ending the membership on the member's card, say) and
marks the task done, which lets the member back into calling queues.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.calling.models import Call, CallTask, Campaign, TaskKind
from db.core.errors import KansliError
from db.core.i18n import _
from db.members.models import Member


@dataclass(frozen=True)
class TaskRecord:
    id: uuid.UUID
    member_id: uuid.UUID
    member_name: str
    member_number: str
    kind: TaskKind
    text: str
    campaign: str
    created_on: date
    done_on: date | None


class TaskNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The task was not found; it may have been undone."))


def list_tasks(session: Session, *, open_only: bool = True) -> list[TaskRecord]:
    """The tasks, oldest first (open ones first when all are listed)."""
    statement = (
        select(CallTask, Member.first_name, Member.last_name, Member.member_number, Campaign.name)
        .join(Member, Member.id == CallTask.member_id)
        .outerjoin(Call, Call.id == CallTask.call_id)
        .outerjoin(Campaign, Campaign.id == Call.campaign_id)
        .where(CallTask.deleted_at.is_(None))
    )
    if open_only:
        statement = statement.where(CallTask.done_on.is_(None))
    records = [
        TaskRecord(
            task.id,
            task.member_id,
            f"{first} {last}",
            number or "",
            task.kind,
            task.text or "",
            campaign or "",
            task.created_on,
            task.done_on,
        )
        for task, first, last, number, campaign in session.execute(statement).tuples()
    ]
    records.sort(key=lambda record: (record.done_on is not None, record.created_on, record.member_name.casefold()))
    return records


def set_task_done(session: Session, task_id: uuid.UUID, done_on: date | None) -> None:
    """Mark a task done on ``done_on`` (None opens it again)."""
    task = session.get(CallTask, task_id)
    if task is None or task.deleted_at is not None:
        raise TaskNotFoundError
    task.done_on = done_on


def open_task_count(session: Session) -> int:
    return len(
        session.execute(select(CallTask.id).where(CallTask.done_on.is_(None), CallTask.deleted_at.is_(None))).all()
    )
