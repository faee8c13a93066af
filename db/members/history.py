"""A member's history, read from the change log: what changed on the card, when, and by which action.

The change log (``db.core.changelog``) records every field of every synced row. A member's history is the log of
the member row itself and of the rows that belong to the member — contact points, memberships, consents,
interests, positions of trust, and any later table with a ``member_id`` column (calls, diplomas …), found by
looking at the mapped classes so that a new area shows up here without touching this module.

Values come out formatted for reading: dates in the user's language, enumerations as their labels, branch ids as
branch names, phone numbers as ``+358 40 1234567``.
"""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, or_, select
from sqlalchemy.orm import Mapper, Session

from db.branches.models import BODY_KIND_LABELS, POSITION_ROLE_LABELS, Body, BodyKind, Branch, PositionRole
from db.calling.models import TASK_KIND_LABELS, Caller, CallSheet, Campaign, Question, TaskKind
from db.calling.outcomes import OUTCOMES, Outcome, outcome_info
from db.core.base import Base, is_synced_class
from db.core.changelog import ChangeRecord, Operation, Origin
from db.core.i18n import N_, _, current_language, format_day, format_moment, label_text
from db.core.values import JsonValue, from_json_value
from db.media.models import MEDIA_ITEM_KIND_LABELS, MEDIA_ITEM_STATUS_LABELS, MediaItemKind, MediaItemStatus
from db.meetings.models import (
    ACTION_STATUS_LABELS,
    ATTENDANCE_STATUS_LABELS,
    ATTENDEE_ROLE_LABELS,
    ITEM_KIND_LABELS,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    AttendeeRole,
    ItemKind,
    Meeting,
)
from db.members.models import (
    CONSENT_METHOD_LABELS,
    CONSENT_PURPOSE_LABELS,
    END_REASON_LABELS,
    MEMBER_LANGUAGE_LABELS,
    MEMBERSHIP_KIND_LABELS,
    ConsentMethod,
    ConsentPurpose,
    ContactKind,
    EndReason,
    Interest,
    Member,
    MemberLanguage,
    MembershipKind,
)
from db.members.validation import display_phone
from db.newsletters.models import ARTICLE_STATUS_LABELS, ArticleStatus, Issue
from db.recognition.models import RECOGNITION_KIND_LABELS, RecognitionKind
from db.recognition.records import format_number

_BATCH = 500
_EMPTY = "—"

CONTACT_KIND_LABELS = {ContactKind.PHONE: N_("Phone"), ContactKind.EMAIL: N_("E-mail")}

ORIGIN_LABELS = {
    Origin.LOCAL: N_("Edited in this program"),
    Origin.IMPORT: N_("Imported from a file"),
    Origin.SYNC: N_("From the party office"),
    Origin.UNDO: N_("Undo"),
    Origin.REDO: N_("Redo"),
    Origin.DEMO: N_("Demo data"),
    Origin.SETUP: N_("Setup"),
}

FIELD_LABELS: dict[tuple[str, str], str] = {
    ("member", "first_name"): N_("First name"),
    ("member", "last_name"): N_("Last name"),
    ("member", "member_number"): N_("Member number"),
    ("member", "birth_year"): N_("Birth year"),
    ("member", "language"): N_("Language"),
    ("member", "street"): N_("Street address"),
    ("member", "co_line"): N_("c/o"),
    ("member", "postal_code"): N_("Postal code"),
    ("member", "city"): N_("City"),
    ("member", "address_country"): N_("Country"),
    ("member", "household_id"): N_("Household"),
    ("member", "godparent_id"): N_("Godparent"),
    ("member", "merged_into_id"): N_("Merged into"),
    ("member", "notes"): N_("Notes"),
    ("contact_point", "kind"): N_("Kind"),
    ("contact_point", "value"): N_("Phone or e-mail"),
    ("contact_point", "valid"): N_("Valid"),
    ("contact_point", "do_not_use"): N_("Do not use"),
    ("contact_point", "member_id"): N_("Member"),
    ("membership", "branch_id"): N_("Branch"),
    ("membership", "kind"): N_("Kind"),
    ("membership", "joined_on"): N_("Joined"),
    ("membership", "notice_received_on"): N_("Notice received"),
    ("membership", "ended_on"): N_("Ended"),
    ("membership", "end_reason"): N_("End reason"),
    ("membership", "member_id"): N_("Member"),
    ("consent", "purpose"): N_("Purpose"),
    ("consent", "given"): N_("Consent given"),
    ("consent", "recorded_on"): N_("Date"),
    ("consent", "method"): N_("Method"),
    ("consent", "recorded_by"): N_("Recorded by"),
    ("consent", "notes"): N_("Notes"),
    ("consent", "member_id"): N_("Member"),
    ("member_interest", "interest_id"): N_("Volunteer interest"),
    ("member_interest", "member_id"): N_("Member"),
    ("position", "body_id"): N_("Body"),
    ("position", "role"): N_("Role"),
    ("position", "starts_on"): N_("Starts"),
    ("position", "ends_on"): N_("Ends"),
    ("position", "notes"): N_("Notes"),
    ("position", "member_id"): N_("Member"),
    ("member", "do_not_call"): N_("Does not want calls"),
    ("call", "outcome"): N_("Outcome"),
    ("call", "answers"): N_("Answers"),
    ("call", "call_back_after"): N_("Call back"),
    ("call", "called_on"): N_("Date"),
    ("call", "notes"): N_("Notes"),
    ("call_task", "done_on"): N_("Done"),
    ("call_task", "text"): N_("Message"),
    ("caller", "active"): N_("Active"),
    ("meeting_attendee", "meeting_id"): N_("Meeting"),
    ("meeting_attendee", "name"): N_("Name"),
    ("meeting_attendee", "role"): N_("Role"),
    ("meeting_attendee", "status"): N_("Attendance"),
    ("meeting_attendee", "from_section"): N_("Present from §"),
    ("meeting_attendee", "to_section"): N_("Present until §"),
    ("meeting_attendee", "chairs"): N_("Chairs the meeting"),
    ("meeting_attendee", "keeps_minutes"): N_("Keeps the minutes"),
    ("meeting_attendee", "checks_minutes"): N_("Checks the minutes"),
    ("meeting_attendee", "note"): N_("Notes"),
    ("recognition", "kind"): N_("Kind"),
    ("recognition", "jubilee_years"): N_("Years of membership"),
    ("recognition", "awarded_on"): N_("Date"),
    ("recognition", "title"): N_("Title"),
    ("recognition", "reason"): N_("Reason"),
    ("recognition", "occasion"): N_("Occasion"),
    ("recognition", "decision"): N_("Decision"),
    ("recognition", "place"): N_("Place"),
    ("recognition", "signers"): N_("Signers"),
    ("recognition", "print_count"): N_("Times printed"),
    ("recognition", "last_printed_at"): N_("Last printed"),
    ("call", "campaign_id"): N_("Campaign"),
    ("call", "caller_id"): N_("Caller"),
    ("call", "sheet_row_id"): N_("Call sheet"),
    ("call_sheet_row", "sheet_id"): N_("Call sheet"),
    ("call_sheet_row", "row"): N_("Row"),
    ("call_sheet_row", "pass_number"): N_("Round"),
    ("call_sheet_row", "phone"): N_("Phone"),
    ("call_task", "kind"): N_("Task"),
    ("call_task", "created_on"): N_("Date"),
    ("call_task", "call_id"): N_("Call"),
    ("caller", "name"): N_("Name"),
    ("caller", "phone"): N_("Phone"),
    ("caller", "branch_id"): N_("Branch"),
    ("caller", "language"): N_("Language"),
    ("action_item", "item_id"): N_("Decision"),
    ("action_item", "text"): N_("Action"),
    ("action_item", "responsible_id"): N_("Responsible"),
    ("action_item", "due_on"): N_("Due"),
    ("action_item", "status"): N_("Status"),
    ("action_item", "closed_on"): N_("Done"),
    ("action_item", "notes"): N_("Notes"),
    ("agenda_item", "meeting_id"): N_("Meeting"),
    ("agenda_item", "kind"): N_("Kind"),
    ("agenda_item", "title"): N_("Title"),
    ("agenda_item", "background"): N_("Background"),
    ("agenda_item", "proposal"): N_("Proposal"),
    ("agenda_item", "decision"): N_("Decision"),
    ("agenda_item", "dissent"): N_("Dissent"),
    ("media_item", "kind"): N_("Kind"),
    ("media_item", "title"): N_("Title"),
    ("media_item", "status"): N_("Status"),
    ("media_item", "author_id"): N_("Author"),
    ("media_item", "published_on"): N_("Published"),
    ("media_item", "planned_on"): N_("Planned"),
    ("media_item", "sent_on"): N_("Sent"),
    ("media_item", "link"): N_("Link"),
    ("media_item", "topic"): N_("Topic"),
    ("publication_article", "issue_id"): N_("Issue"),
    ("publication_article", "title"): N_("Title"),
    ("publication_article", "author_id"): N_("Author"),
    ("publication_article", "status"): N_("Status"),
    ("publication_article", "page"): N_("Page"),
}
DELETED_LABEL = N_("In the register")

# Changes that carry no meaning for a reader: the order of contact points shifts whenever one is removed.
_HIDDEN_FIELDS = frozenset({("contact_point", "position")})

_ENUM_LABELS: dict[type[enum.Enum], dict[Any, str]] = {
    Outcome: {info.outcome: info.label for info in OUTCOMES},
    TaskKind: TASK_KIND_LABELS,
    MemberLanguage: MEMBER_LANGUAGE_LABELS,
    MembershipKind: MEMBERSHIP_KIND_LABELS,
    EndReason: END_REASON_LABELS,
    ConsentPurpose: CONSENT_PURPOSE_LABELS,
    ConsentMethod: CONSENT_METHOD_LABELS,
    ContactKind: CONTACT_KIND_LABELS,
    PositionRole: POSITION_ROLE_LABELS,
    BodyKind: BODY_KIND_LABELS,
    AttendeeRole: ATTENDEE_ROLE_LABELS,
    AttendanceStatus: ATTENDANCE_STATUS_LABELS,
    RecognitionKind: RECOGNITION_KIND_LABELS,
    ActionStatus: ACTION_STATUS_LABELS,
    ItemKind: ITEM_KIND_LABELS,
    MediaItemKind: MEDIA_ITEM_KIND_LABELS,
    MediaItemStatus: MEDIA_ITEM_STATUS_LABELS,
    ArticleStatus: ARTICLE_STATUS_LABELS,
}


@dataclass(frozen=True)
class HistoryEntry:
    """One change on a member's card, ready to show.

    Attributes:
        when: when the change was made (the moment of its operation, UTC).
        label: what the user did, as the Edit menu named it ("Edit member").
        origin: where the change came from (edited here, imported, sync, undo …).
        entity: the table of the changed row ("member", "contact_point" …).
        row_id: the id of the changed row.
        field: the changed column; None when the row was created.
        field_label: the column's name for people ("First name"), translated.
        subject: which of the member's rows it is ("Phone +358 40 1234567"); empty for the member row itself.
        old: the value before, formatted for reading ("" when empty).
        new: the value after, formatted for reading ("" when empty).
        summary: one line saying what happened ("Added phone +358 40 1234567", "City: Vaasa → Oulu").
    """

    when: datetime
    label: str
    origin: Origin
    entity: str
    row_id: str
    field: str | None
    field_label: str
    subject: str
    old: str
    new: str
    summary: str


def owned_tables() -> dict[str, Mapper[Any]]:
    """Return the synced tables whose rows belong to one member (they have a ``member_id`` pointing at member)."""
    owned: dict[str, Mapper[Any]] = {}
    for mapper in Base.registry.mappers:
        name = str(getattr(mapper.class_, "__tablename__", ""))
        table = Base.metadata.tables.get(name)
        if table is None or not is_synced_class(mapper.class_) or name == Member.__tablename__:
            continue
        column = table.columns.get("member_id")
        if column is not None and referenced_table(column) == Member.__tablename__:
            owned[name] = mapper
    return owned


def referenced_table(column: Column[Any]) -> str | None:
    """Return the name of the table a column's foreign key points at, if it has one."""
    return next((fk.target_fullname.partition(".")[0] for fk in column.foreign_keys), None)


def member_history(session: Session, member_id: uuid.UUID) -> list[HistoryEntry]:
    """Return every logged change to a member and to the rows that belong to them, newest first."""
    rows: dict[tuple[str, str], Any] = {}
    member = session.get(Member, member_id)
    if member is None:
        return []
    rows[(Member.__tablename__, str(member_id))] = member
    for entity, mapper in owned_tables().items():
        model = mapper.class_
        for row in session.execute(select(model).where(model.member_id == member_id)).scalars():
            rows[(entity, str(row.id))] = row
    by_entity: dict[str, list[str]] = {}
    for entity, row_id in rows:
        by_entity.setdefault(entity, []).append(row_id)
    records: list[tuple[ChangeRecord, str, datetime, Origin]] = []
    for condition in _row_conditions(by_entity):
        records.extend(
            session.execute(
                select(ChangeRecord, Operation.label, Operation.created_at, Operation.origin)
                .join(Operation, Operation.id == ChangeRecord.operation_id)
                .where(condition)
            ).tuples()
        )
    # The log sequence is the order changes were written here, so it is the order to read them in.
    records.sort(key=lambda item: item[0].seq, reverse=True)
    formatter = _Formatter(session, rows)
    entries = []
    for record, label, created_at, origin in records:
        if (record.entity, record.field) in _HIDDEN_FIELDS:
            continue
        entries.append(formatter.entry(record, label, created_at, origin))
    return entries


# Columns a reader of one row learns nothing from: bookkeeping, the link to the person themselves, list order.
_UNDESCRIBED_FIELDS = frozenset({"id", "created_at", "updated_at", "deleted_at", "member_id", "position"})
# Lists of other rows' ids (an agenda item's attendees who stepped out or dissented): the record's title says why
# the person is in it.
_ID_LISTS = frozenset({("agenda_item", "recused"), ("agenda_item", "dissenters")})


def describe_row(session: Session, entity: str, values: dict[str, JsonValue]) -> list[tuple[str, str]]:
    """One row for reading, in the current language: (field name, value) pairs, names in place of ids.

    Empty values and bookkeeping are left out. Used where a person is shown what is held about them and a row has
    no section of its own (the access request's other records: attendance, calls, recognitions …).
    """
    formatter = _Formatter(session, {})
    described = []
    for key, value in values.items():
        if key in _UNDESCRIBED_FIELDS or (entity, key) in _ID_LISTS or value is None or value == "":
            continue
        shown = formatter.value(entity, key, value, None)
        if shown:
            described.append((formatter.field_label(entity, key, None), shown))
    return described


def _row_conditions(by_entity: dict[str, list[str]]) -> Iterable[Any]:
    """Conditions picking the log records of these rows, in batches small enough for SQLite's variable limit."""
    parts: list[Any] = []
    size = 0
    for entity, row_ids in by_entity.items():
        for start in range(0, len(row_ids), _BATCH):
            batch = row_ids[start : start + _BATCH]
            parts.append((ChangeRecord.entity == entity) & ChangeRecord.row_id.in_(batch))
            size += len(batch)
            if size >= _BATCH:
                yield or_(*parts)
                parts, size = [], 0
    if parts:
        yield or_(*parts)


def _json(value: str | None) -> JsonValue:
    loaded: JsonValue = json.loads(value) if value is not None else None
    return loaded


class _Formatter:
    """Turns log records into readable entries, looking up names (branches, members, interests) once each."""

    def __init__(self, session: Session, rows: dict[tuple[str, str], Any]) -> None:
        self._session = session
        self._rows = rows
        self._names: dict[tuple[str, str], str] = {}

    # ------------------------------------------------------------------------------------------ entries
    def entry(self, record: ChangeRecord, label: str, when: datetime, origin: Origin) -> HistoryEntry:
        row = self._rows.get((record.entity, record.row_id))
        subject = self.subject(record.entity, row)
        field_label, old, new = "", "", subject
        if record.field is None:
            created = _json(record.new_value)
            summary = self.created_summary(record.entity, created if isinstance(created, dict) else {}, subject)
        elif record.field == "deleted_at":
            deleted = _json(record.new_value) is not None
            field_label, new = _(DELETED_LABEL), _("Deleted") if deleted else _("Restored")
            summary = self.deleted_summary(record.entity, subject, deleted)
        else:
            field_label = self.field_label(record.entity, record.field, row)
            old = self.value(record.entity, record.field, _json(record.old_value), row)
            new = self.value(record.entity, record.field, _json(record.new_value), row)
            change = _("{field}: {old} → {new}").format(field=field_label, old=old or _EMPTY, new=new or _EMPTY)
            summary = _("{subject} – {change}").format(subject=subject, change=change) if subject else change
        return HistoryEntry(
            when=when,
            label=label_text(label),
            origin=origin,
            entity=record.entity,
            row_id=record.row_id,
            field=record.field,
            field_label=field_label,
            subject=subject,
            old=old,
            new=new,
            summary=summary,
        )

    def field_label(self, entity: str, field: str, row: Any) -> str:
        if entity == "contact_point" and field == "value" and row is not None:
            return _(CONTACT_KIND_LABELS[row.kind])
        label = FIELD_LABELS.get((entity, field))
        return _(label) if label else field.replace("_", " ").capitalize()

    def subject(self, entity: str, row: Any) -> str:
        """Name one of the member's rows for a reader; empty for the member row itself."""
        if entity == Member.__tablename__ or row is None:
            return ""
        if entity == "contact_point":
            if row.kind == ContactKind.PHONE:
                return _("Phone {value}").format(value=display_phone(row.value))
            return _("E-mail {value}").format(value=row.value)
        if entity == "membership":
            return _("Membership of {branch}").format(branch=self.name("branch", row.branch_id))
        if entity == "consent":
            return _("Consent: {purpose}").format(purpose=_(CONSENT_PURPOSE_LABELS[row.purpose]))
        if entity == "member_interest":
            return _("Volunteer interest: {name}").format(name=self.name("interest", row.interest_id))
        if entity == "position":
            return _("Position of trust: {role}, {body}").format(
                role=_(POSITION_ROLE_LABELS[row.role]), body=self.name("body", row.body_id)
            )
        if entity == "meeting_attendee":
            return _("In the minutes of {meeting}").format(meeting=self.name("meeting", row.meeting_id))
        if entity == "recognition":
            return _("Recognition {number}: {kind}").format(
                number=format_number(row.year, row.number), kind=_(RECOGNITION_KIND_LABELS[row.kind])
            )
        calling = self._calling_subject(entity, row)
        return calling if calling is not None else entity.replace("_", " ").capitalize()

    def _calling_subject(self, entity: str, row: Any) -> str | None:
        """Name a calling row (a call, a place on a sheet, a task, the member as a caller); None for others."""
        if entity == "call":
            return _("Call in {campaign}: {outcome}").format(
                campaign=self.name("call_campaign", row.campaign_id), outcome=_(outcome_info(row.outcome).label)
            )
        if entity == "call_sheet_row":
            sheet = self._session.get(CallSheet, row.sheet_id)
            return _("On call sheet {number} of {campaign}").format(
                number=sheet.number if sheet else "?",
                campaign=self.name("call_campaign", sheet.campaign_id if sheet else None),
            )
        if entity == "call_task":
            return _("Task for the ombudsman: {task}").format(task=_(TASK_KIND_LABELS[row.kind]))
        if entity == "caller":
            return _("Caller in calling campaigns")
        return None

    def created_summary(self, entity: str, values: dict[str, Any], subject: str) -> str:
        if entity == Member.__tablename__:
            return _("Member created")
        if entity == "contact_point":
            if values.get("kind") == ContactKind.PHONE.value:
                return _("Added phone {value}").format(value=display_phone(str(values.get("value", ""))))
            return _("Added e-mail address {value}").format(value=values.get("value", ""))
        if entity == "membership":
            return _("Added membership of {branch}").format(branch=self.name("branch", values.get("branch_id")))
        if entity == "consent":
            purpose = _(CONSENT_PURPOSE_LABELS[ConsentPurpose(values["purpose"])])
            day = format_day(date.fromisoformat(values["recorded_on"])) if values.get("recorded_on") else ""
            method = _(CONSENT_METHOD_LABELS[ConsentMethod(values["method"])]) if values.get("method") else ""
            message = _("Consent given: {purpose} ({date}, {method})")
            if not values.get("given"):
                message = _("Consent revoked: {purpose} ({date}, {method})")
            return message.format(purpose=purpose, date=day, method=method)
        if entity == "member_interest":
            return _("Added volunteer interest {name}").format(name=self.name("interest", values.get("interest_id")))
        if entity == "position":
            role = _(POSITION_ROLE_LABELS[PositionRole(values["role"])]) if values.get("role") else ""
            return _("Added position of trust: {role}, {body}").format(
                role=role, body=self.name("body", values.get("body_id"))
            )
        if entity in ("call", "call_sheet_row", "call_task", "caller"):
            return subject
        return _("Added: {subject}").format(subject=subject)

    @staticmethod
    def deleted_summary(entity: str, subject: str, deleted: bool) -> str:
        if entity == Member.__tablename__:
            return _("Member deleted") if deleted else _("Member restored")
        return (_("Removed: {subject}") if deleted else _("Restored: {subject}")).format(subject=subject)

    # ------------------------------------------------------------------------------------------- values
    def value(self, entity: str, field: str, value: JsonValue, row: Any) -> str:
        """Format one logged value of ``entity.field`` for reading."""
        if value is None or value == "":
            return ""
        column = Base.metadata.tables[entity].columns.get(field)
        if column is None:
            return str(value)
        if entity == "contact_point" and field == "value" and row is not None and row.kind == ContactKind.PHONE:
            return display_phone(str(value))
        if entity == "consent" and field == "given":
            return _("Given") if value else _("Revoked")
        if entity == "call" and field == "answers":
            answers = json.loads(value) if isinstance(value, str) else value  # stored as JSON text
            return self._answers(answers) if isinstance(answers, dict) else str(value)
        target = referenced_table(column)
        if target is not None:
            return self.name(target, value)
        try:
            python_value = from_json_value(column, value)
        except (ValueError, NotImplementedError):
            return str(value)
        return _format_plain(python_value)

    def _answers(self, answers: dict[str, JsonValue]) -> str:
        """A call's answers by question: "Is your e-mail address right?: yes"."""
        parts = []
        for question_id, answer in answers.items():
            try:
                question = self._session.get(Question, uuid.UUID(question_id))
            except ValueError:
                question = None
            if isinstance(answer, bool):
                shown = _("Yes") if answer else _("No")
            elif isinstance(answer, list):
                shown = ", ".join(str(part) for part in answer)
            else:
                shown = str(answer)
            parts.append(f"{question.text}: {shown}" if question else shown)
        return "; ".join(parts)

    def name(self, table: str, value: Any) -> str:
        """Return the name of a referenced row (a branch, a member, an interest, a body)."""
        if value is None:
            return ""
        key = (table, str(value))
        if key not in self._names:
            self._names[key] = self._lookup(table, uuid.UUID(str(value)))
        return self._names[key]

    def _lookup(self, table: str, row_id: uuid.UUID) -> str:
        if table == "branch":
            branch = self._session.get(Branch, row_id)
            return branch.name if branch else _("a deleted branch")
        if table == Member.__tablename__:
            member = self._session.get(Member, row_id)
            return f"{member.first_name} {member.last_name}" if member else _("another member")
        if table == "interest":
            interest = self._session.get(Interest, row_id)
            return interest.name_in(current_language()) if interest else ""
        if table == "body":
            body = self._session.get(Body, row_id)
            return body.name if body else ""
        if table == "household":
            return _("a shared household")
        if table == "meeting":
            meeting = self._session.get(Meeting, row_id)
            if meeting is None:
                return _("a deleted meeting")
            return f"{self.name('body', meeting.body_id)} {meeting.number}/{meeting.year}"
        if table == "agenda_item":
            item = self._session.get(AgendaItem, row_id)
            return f"{self.name('meeting', item.meeting_id)}: {item.title}" if item else ""
        if table == "caller":
            caller = self._session.get(Caller, row_id)
            return (caller.name or self.name("member", caller.member_id)) if caller else ""
        if table == "call_sheet":
            sheet = self._session.get(CallSheet, row_id)
            return f"{self.name('call_campaign', sheet.campaign_id)}, {sheet.number}" if sheet else ""
        if table == "publication_issue":
            issue = self._session.get(Issue, row_id)
            return f"{issue.number}/{issue.year}" if issue else ""
        if table == "call_campaign":
            campaign = self._session.get(Campaign, row_id)
            return campaign.name if campaign else _("a deleted campaign")
        return str(row_id)[:8]


def _format_plain(value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, enum.Enum):
        labels = _ENUM_LABELS.get(type(value))
        return _(labels[value]) if labels and value in labels else str(value.value)
    if isinstance(value, datetime):
        return format_moment(value)
    if isinstance(value, date):
        return format_day(value)
    return str(value)
