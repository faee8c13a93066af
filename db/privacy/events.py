"""Privacy events: the district's record of the privacy actions it took (GDPR Art. 5(2), accountability).

An answered access request, an erasure, a retention purge, a change of the retention rules: each is one row in
``privacy_event`` (local to this database, not synced). Descriptions never hold a name: an erased person must not
live on in the record of their erasure. A member number may appear, since the erasure keeps it too (see
:mod:`db.privacy.erasure`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.i18n import N_, Label, stored_label
from db.privacy.models import PrivacyEvent


class PrivacyEventKind(enum.StrEnum):
    ACCESS_REQUEST = "access_request"
    ERASURE = "erasure"
    PURGE = "purge"
    RETENTION_RULES = "retention_rules"


PRIVACY_EVENT_LABELS = {
    PrivacyEventKind.ACCESS_REQUEST: N_("Access request answered"),
    PrivacyEventKind.ERASURE: N_("Personal data erased"),
    PrivacyEventKind.PURGE: N_("Retention purge"),
    PrivacyEventKind.RETENTION_RULES: N_("Retention rules changed"),
}


@dataclass(frozen=True)
class PrivacyEventRecord:
    """One logged privacy action.

    Attributes:
        id: the row id (numbered in the order the events were logged).
        at: when it happened (UTC).
        kind: what kind of action it was; an unknown stored kind reads as its text.
        description: what was done, without names.
        people: how many people it concerned.
    """

    id: int
    at: datetime
    kind: PrivacyEventKind | str
    description: str
    people: int


def record_event(session: Session, kind: PrivacyEventKind, description: str | Label, people: int = 0) -> int:
    """Log a privacy action in the open transaction; return the event's id (shown with :func:`label_text`)."""
    result = session.connection().execute(
        insert(PrivacyEvent).values(at=utcnow(), kind=str(kind), description=stored_label(description), people=people)
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def list_events(
    session: Session, *, kind: PrivacyEventKind | None = None, limit: int = 1000
) -> list[PrivacyEventRecord]:
    """Return logged privacy events, newest first, optionally of one kind."""
    statement = select(PrivacyEvent).order_by(PrivacyEvent.at.desc(), PrivacyEvent.id.desc()).limit(limit)
    if kind is not None:
        statement = statement.where(PrivacyEvent.kind == str(kind))
    return [
        PrivacyEventRecord(
            row.id,
            row.at,
            PrivacyEventKind(row.kind) if row.kind in PrivacyEventKind._value2member_map_ else row.kind,
            row.description,
            row.people,
        )
        for row in session.execute(statement).scalars()
    ]
