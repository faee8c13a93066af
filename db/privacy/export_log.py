"""The export log: every export or printout that carries personal data, recorded when it is made.

Call :func:`record_export` in the same place the file or PDF is produced (the CLI, the GUI's tasks). Recording is
cheap: one row, plus one small row per person included, written at driver level.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.i18n import N_
from db.privacy.models import ExportLogEntry, ExportLogMember


class ExportKind(enum.StrEnum):
    MEMBERS_FILE = "members_file"
    MEMBER_LIST = "member_list"
    CONTACT_SHEET = "contact_sheet"
    CALL_SHEET = "call_sheet"
    ACCESS_REQUEST = "access_request"
    REJECTS_FILE = "rejects_file"
    OTHER = "other"


EXPORT_KIND_LABELS = {
    ExportKind.MEMBERS_FILE: N_("Members exported to a file"),
    ExportKind.MEMBER_LIST: N_("Member list printed"),
    ExportKind.CONTACT_SHEET: N_("Contact sheet printed"),
    ExportKind.CALL_SHEET: N_("Call sheet printed"),
    ExportKind.ACCESS_REQUEST: N_("Access request answered"),
    ExportKind.REJECTS_FILE: N_("Refused import rows written to a file"),
    ExportKind.OTHER: N_("Other export"),
}


@dataclass(frozen=True)
class ExportRecord:
    id: int
    at: datetime
    kind: ExportKind
    description: str
    people: int
    recipient: str | None
    file_name: str | None


def record_export(
    session: Session,
    kind: ExportKind,
    description: str,
    member_ids: Iterable[uuid.UUID],
    *,
    recipient: str | None = None,
    file_name: str | None = None,
) -> int:
    """Log an export or printout and the people it included; return the log entry's id."""
    people = list(dict.fromkeys(member_ids))
    connection = session.connection()
    result = connection.execute(
        insert(ExportLogEntry).values(
            at=utcnow(),
            kind=str(kind),
            description=description,
            people=len(people),
            recipient=recipient,
            file_name=file_name,
        )
    )
    export_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    if people:
        connection.execute(
            insert(ExportLogMember), [{"export_id": export_id, "member_id": member_id} for member_id in people]
        )
    return export_id


def _record(row: ExportLogEntry) -> ExportRecord:
    kind = ExportKind(row.kind) if row.kind in ExportKind._value2member_map_ else ExportKind.OTHER
    return ExportRecord(row.id, row.at, kind, row.description, row.people, row.recipient, row.file_name)


def list_exports(
    session: Session, *, since: datetime | None = None, kind: ExportKind | None = None, limit: int = 1000
) -> list[ExportRecord]:
    """Return logged exports, newest first, optionally of one kind or since a moment."""
    statement = select(ExportLogEntry).order_by(ExportLogEntry.at.desc(), ExportLogEntry.id.desc()).limit(limit)
    if since is not None:
        statement = statement.where(ExportLogEntry.at >= since)
    if kind is not None:
        statement = statement.where(ExportLogEntry.kind == str(kind))
    return [_record(row) for row in session.execute(statement).scalars()]


def exports_including(session: Session, member_id: uuid.UUID) -> list[ExportRecord]:
    """Return the logged exports that included one person, newest first (for an access request)."""
    statement = (
        select(ExportLogEntry)
        .join(ExportLogMember, ExportLogMember.export_id == ExportLogEntry.id)
        .where(ExportLogMember.member_id == member_id)
        .order_by(ExportLogEntry.at.desc())
    )
    return [_record(row) for row in session.execute(statement).scalars()]
