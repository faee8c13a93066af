"""The right of access (GDPR Art. 15): everything the register holds about one person.

:func:`access_request` gathers it: the member's record (and earlier records of them merged into it), contact
points, memberships, consents with their history, volunteer interests, positions of trust, household and godparent,
every row of any other table that points at the person (found through the schema's foreign keys, so later areas
are included without changes here), the change log of all those rows, and the logged exports that included them.
Rows marked deleted are included too: they are still held.

The report is plain data. :func:`access_json` turns it into the machine-readable file, with every value as the
change log writes it (ids and dates as text, enumerations as their stored values); ``reports.privacy_access`` prints
the readable PDF and writes both files. :func:`record_access_request` logs the answered request in the export log
and as a privacy event.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.branches.models import Body, Branch, Position
from db.core.base import utcnow
from db.core.changelog import ChangeRecord, Operation
from db.core.district import District
from db.core.i18n import LANGUAGES, N_, Label, label_text, language
from db.core.values import JsonValue, to_json_value
from db.meetings.agenda import ids_from_json
from db.meetings.models import AgendaItem, MeetingAttendee
from db.members.history import HistoryEntry, describe_row, member_history
from db.members.models import Consent, ContactPoint, Household, Interest, Member, MemberInterest, Membership
from db.members.operations import MemberNotFoundError
from db.privacy.events import PrivacyEventKind, record_event
from db.privacy.export_log import ExportKind, ExportRecord, exports_including, record_export
from db.privacy.person_rows import member_references, person_records, row_values, rows_referencing

FORMAT = "kansli-access-request"
FORMAT_VERSION = 1
_BATCH = 500
# Tables with a section of their own; rows of every other table pointing at the person go to "other_records".
# What the records of other areas are called in the access request's "Other records" (English source texts).
RECORD_TITLES = {
    "call": N_("Call"),
    "call_sheet_row": N_("Place on a call sheet"),
    "call_task": N_("Task for the ombudsman"),
    "caller": N_("Caller"),
    "meeting_attendee": N_("On a meeting's attendance list"),
    "agenda_item": N_("Meeting item: stepped out or dissented"),
    "action_item": N_("Action item of a meeting"),
    "media_item": N_("Media item written"),
    "publication_article": N_("Article in the member paper"),
    "recognition": N_("Recognition"),
}

_OWN_SECTIONS = frozenset(
    {
        ContactPoint.__tablename__,
        Membership.__tablename__,
        Consent.__tablename__,
        MemberInterest.__tablename__,
        Position.__tablename__,
    }
)


@dataclass(frozen=True)
class HeldRow:
    """One row held about the person, every column as the change log writes it, and names it refers to.

    Attributes:
        table: the table the row is in ("contact_point" …).
        values: every column, as JSON values.
        names: names of what the row refers to, for reading ("branch": "Vaasan osasto", "interest_fi": …).
    """

    table: str
    values: dict[str, JsonValue]
    names: dict[str, str] = field(default_factory=dict)

    @property
    def deleted(self) -> bool:
        """Whether the row is marked deleted (it is still held, so it is still reported)."""
        return self.values.get("deleted_at") is not None


@dataclass(frozen=True)
class LoggedChange:
    """One change-log record about the person's rows (values parsed from the log's JSON)."""

    seq: int
    at: datetime
    label: str
    origin: str
    entity: str
    row_id: str
    field: str | None
    old: Any
    new: Any
    hlc: str


@dataclass(frozen=True)
class AccessReport:
    """Everything held about one person on the day of the request."""

    member_id: uuid.UUID
    member_number: str | None
    full_name: str
    member_language: str
    district: str
    request_date: date
    prepared_at: datetime
    person: HeldRow
    merged_records: list[HeldRow]
    contacts: list[HeldRow]
    memberships: list[HeldRow]
    consents: list[HeldRow]
    interests: list[HeldRow]
    positions: list[HeldRow]
    household: HeldRow | None
    household_others: int
    godparent: str | None
    godparent_of: int
    other_records: dict[str, list[HeldRow]]
    changes: list[LoggedChange]
    history: dict[str, list[HistoryEntry]]
    # The other records for reading, in each language: per table, one list of (field, value) pairs a row.
    other_details: dict[str, dict[str, list[list[tuple[str, str]]]]]
    exports: list[ExportRecord]


def access_request(session: Session, member_id: uuid.UUID, today: date) -> AccessReport:
    """Gather everything held about the person ``member_id`` (see the module's description).

    Raises:
        MemberNotFoundError: when there is no such record.
    """
    records = person_records(session, member_id)
    if not records:
        raise MemberNotFoundError
    member = records[0]
    ids = [record.id for record in records]
    rows = rows_referencing(session, ids, member_references())
    held = {table: [HeldRow(table, row_values(row)) for row in table_rows] for table, table_rows in rows.items()}
    household = session.get(Household, member.household_id) if member.household_id else None
    godparent = session.get(Member, member.godparent_id) if member.godparent_id else None
    district = session.execute(select(District.name).where(District.deleted_at.is_(None))).scalar_one_or_none()
    history: dict[str, list[HistoryEntry]] = {}
    others = _other_records(session, held)
    other_details: dict[str, dict[str, list[list[tuple[str, str]]]]] = {}
    for code in LANGUAGES:
        # Formatted in each language now, so that the PDF can be printed later in whichever the person reads.
        with language(code):
            entries = [entry for record_id in ids for entry in member_history(session, record_id)]
            other_details[code] = {
                table: [describe_row(session, table, row.values) for row in table_rows]
                for table, table_rows in others.items()
            }
        history[code] = sorted(entries, key=lambda entry: entry.when, reverse=True)
    return AccessReport(
        member_id=member.id,
        member_number=member.member_number,
        full_name=f"{member.first_name} {member.last_name}",
        member_language=str(member.language),
        district=district or "",
        request_date=today,
        prepared_at=utcnow(),
        person=HeldRow(Member.__tablename__, row_values(member)),
        merged_records=[HeldRow(Member.__tablename__, row_values(record)) for record in records[1:]],
        contacts=_sorted(held.get(ContactPoint.__tablename__, []), "position", "created_at"),
        memberships=_with_names(
            session, _sorted(held.get(Membership.__tablename__, []), "joined_on"), Branch, "branch_id", _branch_names
        ),
        consents=_sorted(held.get(Consent.__tablename__, []), "recorded_on", "created_at"),
        interests=sorted(
            _with_names(session, held.get(MemberInterest.__tablename__, []), Interest, "interest_id", _interest_names),
            key=lambda row: row.names.get("interest_en", ""),
        ),
        positions=_with_names(
            session, _sorted(held.get(Position.__tablename__, []), "starts_on"), Body, "body_id", _body_names
        ),
        household=HeldRow(Household.__tablename__, row_values(household)) if household else None,
        household_others=_household_others(session, member),
        godparent=f"{godparent.first_name} {godparent.last_name}" if godparent else None,
        godparent_of=int(
            session.execute(
                select(func.count()).select_from(Member).where(Member.godparent_id.in_(ids), Member.id.not_in(ids))
            ).scalar_one()
        ),
        other_records=others,
        changes=_changes(session, _row_keys(held, ids, household)),
        history=history,
        other_details=other_details,
        exports=exports_including(session, member.id),
    )


def _other_records(session: Session, held: dict[str, list[HeldRow]]) -> dict[str, list[HeldRow]]:
    """The rows of other areas, and the §§ of meetings where the person stepped out or dissented."""
    others = {table: table_rows for table, table_rows in held.items() if table not in _OWN_SECTIONS}
    items = _items_naming(session, held.get(MeetingAttendee.__tablename__, []))
    if items:
        others[AgendaItem.__tablename__] = items
    return others


def _items_naming(session: Session, attendees: list[HeldRow]) -> list[HeldRow]:
    """The agenda items whose conflicts of interest or dissenters name the person's attendee rows.

    They name the attendee ids in JSON lists (``recused``, ``dissenters``), which no foreign key finds.
    """
    attendee_ids = {uuid.UUID(str(row.values["id"])) for row in attendees}
    meeting_ids = sorted({uuid.UUID(str(row.values["meeting_id"])) for row in attendees})
    found: list[HeldRow] = []
    for start in range(0, len(meeting_ids), _BATCH):
        statement = select(AgendaItem).where(AgendaItem.meeting_id.in_(meeting_ids[start : start + _BATCH]))
        for item in session.execute(statement).scalars():
            if attendee_ids & {*ids_from_json(item.recused), *ids_from_json(item.dissenters)}:
                found.append(HeldRow(AgendaItem.__tablename__, row_values(item)))
    return _sorted(found, "meeting_id", "position")


def _sorted(rows: list[HeldRow], *keys: str) -> list[HeldRow]:
    return sorted(rows, key=lambda row: tuple(str(row.values.get(key) or "") for key in keys))


def _names(session: Session, model: Any, ids: Iterable[JsonValue]) -> dict[str, Any]:
    wanted = [uuid.UUID(str(value)) for value in set(ids) if value is not None]
    return {str(row.id): row for row in session.execute(select(model).where(model.id.in_(wanted))).scalars()}


def _with_names(
    session: Session, rows: list[HeldRow], model: Any, id_field: str, names_of: Callable[[Any], dict[str, str]]
) -> list[HeldRow]:
    """The rows with the names of what they point at (a branch, a body, an interest) beside their values."""
    found = _names(session, model, (row.values.get(id_field) for row in rows))
    result = []
    for row in rows:
        record = found.get(str(row.values.get(id_field)))
        result.append(HeldRow(row.table, row.values, names_of(record) if record is not None else {}))
    return result


def _branch_names(branch: Branch) -> dict[str, str]:
    return {"branch": branch.name}


def _body_names(body: Body) -> dict[str, str]:
    return {"body": body.name, "body_kind": str(body.kind)}


def _interest_names(interest: Interest) -> dict[str, str]:
    return {f"interest_{code}": interest.name_in(code) for code in LANGUAGES}


def _household_others(session: Session, member: Member) -> int:
    if member.household_id is None:
        return 0
    statement = select(func.count()).select_from(Member)
    statement = statement.where(Member.household_id == member.household_id, Member.id != member.id)
    return int(session.execute(statement.where(Member.deleted_at.is_(None))).scalar_one())


def _row_keys(
    held: dict[str, list[HeldRow]], ids: Sequence[uuid.UUID], household: Household | None
) -> list[tuple[str, str]]:
    keys = [(Member.__tablename__, str(member_id)) for member_id in ids]
    keys.extend((table, str(row.values["id"])) for table, rows in held.items() for row in rows)
    if household is not None:
        keys.append((Household.__tablename__, str(household.id)))
    return keys


def _changes(session: Session, keys: list[tuple[str, str]]) -> list[LoggedChange]:
    """The change-log records of the given rows, oldest first (the order they were written in)."""
    by_entity: dict[str, list[str]] = {}
    for entity, row_id in keys:
        by_entity.setdefault(entity, []).append(row_id)
    changes: list[LoggedChange] = []
    for entity, row_ids in by_entity.items():
        for start in range(0, len(row_ids), _BATCH):
            statement = (
                select(ChangeRecord, Operation.created_at, Operation.label, Operation.origin)
                .join(Operation, Operation.id == ChangeRecord.operation_id)
                .where(ChangeRecord.entity == entity, ChangeRecord.row_id.in_(row_ids[start : start + _BATCH]))
            )
            for record, at, label, origin in session.execute(statement).tuples():
                changes.append(
                    LoggedChange(
                        seq=record.seq,
                        at=at,
                        label=label,
                        origin=str(origin),
                        entity=record.entity,
                        row_id=record.row_id,
                        field=record.field,
                        old=_parse(record.old_value),
                        new=_parse(record.new_value),
                        hlc=record.hlc,
                    )
                )
    return sorted(changes, key=lambda change: change.seq)


def _parse(value: str | None) -> Any:
    return json.loads(value) if value is not None else None


def _row_json(row: HeldRow) -> dict[str, Any]:
    return {**row.values, **({"names": row.names} if row.names else {})}


def access_json(report: AccessReport) -> dict[str, Any]:
    """Return the report as the machine-readable file's content (a JSON object)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "district": report.district,
        "request_date": report.request_date.isoformat(),
        "prepared_at": to_json_value(report.prepared_at),
        "member_id": str(report.member_id),
        "person": _row_json(report.person),
        "merged_records": [_row_json(row) for row in report.merged_records],
        "contacts": [_row_json(row) for row in report.contacts],
        "memberships": [_row_json(row) for row in report.memberships],
        "consents": [_row_json(row) for row in report.consents],
        "interests": [_row_json(row) for row in report.interests],
        "positions": [_row_json(row) for row in report.positions],
        "household": {
            "household": _row_json(report.household) if report.household else None,
            "other_people": report.household_others,
        },
        "godparent": {"godparent": report.godparent, "godparent_of": report.godparent_of},
        "other_records": {table: [_row_json(row) for row in rows] for table, rows in report.other_records.items()},
        "change_log": [
            {
                "seq": change.seq,
                "at": to_json_value(change.at),
                "operation": label_text(change.label, "en"),
                "origin": change.origin,
                "entity": change.entity,
                "row_id": change.row_id,
                "field": change.field,
                "old": change.old,
                "new": change.new,
                "hlc": change.hlc,
            }
            for change in report.changes
        ],
        "exports": [
            {
                "id": export.id,
                "at": to_json_value(export.at),
                "kind": str(export.kind),
                "description": label_text(export.description, "en"),
                "people": export.people,
                "recipient": None if export.recipient is None else label_text(export.recipient, "en"),
                "file_name": export.file_name,
            }
            for export in report.exports
        ],
    }


def record_access_request(session: Session, report: AccessReport, file_names: Sequence[str]) -> int:
    """Log the answered request in the export log and as a privacy event; return the export log entry's id."""
    reference = report.member_number or str(report.member_id)[:8]
    description = Label(N_("Access request of member {reference}"), reference=reference)
    export_id = record_export(
        session,
        ExportKind.ACCESS_REQUEST,
        description,
        [report.member_id],
        recipient=Label(N_("the person themselves")),
        file_name=", ".join(file_names),
    )
    record_event(session, PrivacyEventKind.ACCESS_REQUEST, description, people=1)
    return export_id
