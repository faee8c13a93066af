"""The contact log: the district's visits, calls, meetings and messages with each branch."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.common import clean_line, clean_text, live_branch
from db.branches.work_models import ContactLogEntry, ContactLogKind
from db.core.base import utcnow
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _


@dataclass(frozen=True)
class ContactLogData:
    """A contact as typed in the form."""

    contacted_on: date
    kind: ContactLogKind
    who: str | None = None
    notes: str | None = None
    follow_up_on: date | None = None


@dataclass(frozen=True)
class ContactLogRecord:
    id: uuid.UUID
    branch_id: uuid.UUID
    contacted_on: date
    kind: ContactLogKind
    who: str | None
    notes: str | None
    follow_up_on: date | None


def _apply(entry: ContactLogEntry, data: ContactLogData) -> None:
    if data.follow_up_on is not None and data.follow_up_on < data.contacted_on:
        raise ValidationError("follow_up_on", _("The follow-up cannot be before the contact."))
    entry.contacted_on = data.contacted_on
    entry.kind = ContactLogKind(data.kind)
    entry.who = clean_line(data.who)
    entry.notes = clean_text(data.notes)
    entry.follow_up_on = data.follow_up_on


def add_contact(session: Session, branch_id: uuid.UUID, data: ContactLogData) -> uuid.UUID:
    """Log a contact with a branch; return its id.

    Raises:
        ValidationError: when the branch is missing or the follow-up day is before the contact.
    """
    live_branch(session, branch_id)
    entry = ContactLogEntry(branch_id=branch_id)
    _apply(entry, data)
    session.add(entry)
    session.flush()
    return entry.id


def _live_entry(session: Session, entry_id: uuid.UUID) -> ContactLogEntry:
    entry = session.get(ContactLogEntry, entry_id)
    if entry is None or entry.deleted_at is not None:
        raise KansliError(_("The contact was not found; it may have been deleted."))
    return entry


def update_contact(session: Session, entry_id: uuid.UUID, data: ContactLogData) -> None:
    """Change a logged contact.

    Raises:
        ValidationError: when the follow-up day is before the contact.
        KansliError: when the entry is missing or deleted.
    """
    _apply(_live_entry(session, entry_id), data)
    session.flush()


def delete_contact(session: Session, entry_id: uuid.UUID) -> None:
    """Mark a logged contact deleted (undo brings it back)."""
    _live_entry(session, entry_id).deleted_at = utcnow()
    session.flush()


def contact_log(session: Session, branch_id: uuid.UUID, limit: int | None = None) -> list[ContactLogRecord]:
    """Return a branch's contacts, the newest first (within a day, the latest entered first: ids are UUIDv7)."""
    statement = (
        select(ContactLogEntry)
        .where(ContactLogEntry.branch_id == branch_id, ContactLogEntry.deleted_at.is_(None))
        .order_by(ContactLogEntry.contacted_on.desc(), ContactLogEntry.created_at.desc(), ContactLogEntry.id.desc())
        .limit(limit)
    )
    return [
        ContactLogRecord(
            id=entry.id,
            branch_id=entry.branch_id,
            contacted_on=entry.contacted_on,
            kind=entry.kind,
            who=entry.who,
            notes=entry.notes,
            follow_up_on=entry.follow_up_on,
        )
        for entry in session.execute(statement).scalars()
    ]
