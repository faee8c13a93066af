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
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.i18n import N_, Label, stored_label
from db.privacy.models import ExportLogEntry, ExportLogMember

if TYPE_CHECKING:
    from db.core.database import Database


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
    description: str | Label,
    member_ids: Iterable[uuid.UUID],
    *,
    recipient: str | Label | None = None,
    file_name: str | None = None,
    people_count: int | None = None,
) -> int:
    """Log an export or printout and the people it included; return the log entry's id.

    ``people_count`` gives the number of people when they are not all in the register and so have no id (the
    refused rows of an import); by default it is the number of distinct ``member_ids``. A description or recipient
    the program words is a :class:`Label`, shown in the reader's language (:func:`label_text`); what the user typed
    is kept as typed.
    """
    people = list(dict.fromkeys(member_ids))
    connection = session.connection()
    result = connection.execute(
        insert(ExportLogEntry).values(
            at=utcnow(),
            kind=str(kind),
            description=stored_label(description),
            people=len(people) if people_count is None else people_count,
            recipient=None if recipient is None else stored_label(recipient),
            file_name=file_name,
        )
    )
    export_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    if people:
        connection.execute(
            insert(ExportLogMember), [{"export_id": export_id, "member_id": member_id} for member_id in people]
        )
    return export_id


def record_file_export(
    database: Database,
    path: Path,
    kind: ExportKind,
    description: str | Label,
    member_ids: Iterable[uuid.UUID],
    *,
    recipient: str | Label | None = None,
) -> int:
    """Log a file of personal data just written, in a transaction of its own; return the log entry's id.

    The file is written first, so a failed export logs nothing. If the log then cannot be written, the file is
    removed and the error raised: a file of personal data the log does not know about must not be left behind.

    Args:
        database: the open database.
        path: the file written (its full path is logged, so the district can find it again).
        kind: what kind of export it was.
        description: what the file holds, in words ("All members", a filter's description).
        member_ids: the people the file carries.
        recipient: for whom it was made, when known.
    """
    try:
        with database.transaction(Label(EXPORT_KIND_LABELS[kind])) as session:
            return record_export(session, kind, description, member_ids, recipient=recipient, file_name=str(path))
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _record(row: ExportLogEntry) -> ExportRecord:
    kind = ExportKind(row.kind) if row.kind in ExportKind._value2member_map_ else ExportKind.OTHER
    return ExportRecord(row.id, row.at, kind, row.description, row.people, row.recipient, row.file_name)


def list_exports(
    session: Session,
    *,
    since: datetime | None = None,
    kind: ExportKind | None = None,
    limit: int = 1000,
    until: datetime | None = None,
) -> list[ExportRecord]:
    """Return logged exports, newest first, optionally of one kind, since a moment or before one (``until``)."""
    statement = select(ExportLogEntry).order_by(ExportLogEntry.at.desc(), ExportLogEntry.id.desc()).limit(limit)
    if since is not None:
        statement = statement.where(ExportLogEntry.at >= since)
    if until is not None:
        statement = statement.where(ExportLogEntry.at < until)
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
