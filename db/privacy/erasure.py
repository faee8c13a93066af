"""Erasure (GDPR Art. 17) as anonymisation: a person's data goes, the statistics stay.

What an erasure **removes**, on the person's record and on every earlier record of them merged into it:

* names (replaced by :data:`ERASED_NAME`), street, c/o line, postal code, city, country, notes, and the links to a
  household and a godparent; the household's label goes too (free text, often the family's name: the others
  living there stay in the household), and a household left with nobody in it is marked deleted;
* every contact point: the value is cleared and the row marked deleted;
* volunteer interests: the rows are marked deleted;
* free text on every row that belongs to the person (consent notes and "recorded by", notes of positions of
  trust, and the same on tables added later, found by their foreign key to the member);
* the old values in the change log of all of the above (see "The change log" below).

What it **keeps**, and why:

* the row itself with its id, ``erased_at`` and ``deleted_at``: sync needs the id to carry the erasure to the
  central office and to every replica, and a tombstone that wins over older packages (see "Sync");
* the **member number**: it belongs to the central register, which must erase the same person there, and it lets
  an import or a sync package recognise the number as erased instead of creating the person again;
* **birth year and language**: the district's statistics (age groups, the Finnish/Swedish split) need them, and
  without a name, address or contact they no longer single anybody out in a register of this size;
* **memberships** (branch, kind, dates, end reason): the monthly counts, joined/left figures and yearly reports
  of past months must not change because somebody asked to be forgotten. An ongoing membership is ended on the
  day of the erasure as resigned (somebody of whom nothing is known cannot remain a member), and an application
  not yet accepted is marked deleted;
* **positions of trust**: body, role and term stay (the history of who held which office); their notes go;
* consent events: purpose, given or revoked, date and method (the evidence of what was agreed), without notes;
* the export log's links to the id (the log says an export happened and holds no personal data).

A retention purge of a former holder of positions of trust keeps the **name** as well (``keep_name``): "positions
of trust are kept as name and position only". Such a record is not marked deleted, so the history of each body
still names who held its offices; everything else above is removed as for any erasure.

The change log. Every change is made through ORM objects, so the log records *that* the data was erased, under one
operation, and sync carries it. Then the log itself is scrubbed at driver level (``change_log`` is not a synced
table): in every record about the person's rows, each old or new value of an erased field, and the same field in
the JSON of an inserted row, is replaced by the field's erased value. Entity, row id, field and HLC stamp stay, so
the audit trail and sync still say that something changed and when, never what it was.

What it cannot reach: free text elsewhere that happens to mention the person (a branch contact's "who", a note on
a chairs' meeting), which no rule can tell from text about somebody else; other people's links to the erased id
(a godchild's godparent, which says the godchild was welcomed); and backups made before, until they are rotated
away. The search index is cleared for real: the person's row goes while ``secure_delete`` is on and the trigram
index is merged, so no fragment of the name stays in its pages.

Undo. An erasure cannot be undone, and neither can an earlier operation on a row of an erased person
(:func:`db.core.undo.undo_last` refuses): the old values are gone from the log, and restoring placeholders over an
erasure would only confuse sync.

Sync (issue 8) must treat ``erased_at`` as final: a package setting it wins over any other change to the row
whatever its HLC, later field changes to an erased row (an old package, a replica that had not heard yet) are
dropped rather than applied, and the receiving side runs the same erasure (and scrub) on its copy.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from db.core.changelog import ChangeRecord
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _
from db.core.values import JsonValue, dump, to_json_value
from db.members.member_index import refresh_member_index
from db.members.models import ContactPoint, EndReason, Household, Member, MemberInterest, Membership
from db.members.operations import MemberNotFoundError
from db.privacy.events import PrivacyEventKind, record_event
from db.privacy.name_mentions import full_names, scrub_name_mentions
from db.privacy.person_rows import (
    free_text_keys,
    member_references,
    merge_root,
    person_records,
    rows_referencing,
)

ERASED_NAME = "—"
"""What an erased person's first and last name become: no language's word, so nothing needs translating."""

NAME_FIELDS = ("first_name", "last_name")
ERASED_MEMBER_FIELDS = ("street", "co_line", "postal_code", "city", "address_country", "notes")
# Columns that are not free text by their type but hold what a person said: a call's answers (JSON with free text
# and a new e-mail address). They are emptied to the value given here, and scrubbed from the log like free text.
ERASED_STRUCTURED_FIELDS: dict[str, dict[str, str]] = {"call": {"answers": "{}"}}
ERASED_LINK_FIELDS = ("household_id", "godparent_id")
_BATCH = 500


class AlreadyErasedError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("This person's data has already been erased."))


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure did.

    Attributes:
        member_id: the person's record (the one that remains after merges).
        member_number: the member number, kept (see the module's description).
        records: the person's record and the earlier records merged into it, all erased.
        kept_name: whether the name was kept (a former holder of positions of trust, by the retention rules).
        rows: rows of other tables cleared or marked deleted, by table ("contact_point": 2 …).
        memberships_ended: ongoing memberships ended on the day of the erasure.
        log_records_scrubbed: change-log records whose values were replaced.
    """

    member_id: uuid.UUID
    member_number: str | None
    records: tuple[uuid.UUID, ...]
    kept_name: bool
    rows: dict[str, int] = field(default_factory=dict)
    memberships_ended: int = 0
    log_records_scrubbed: int = 0


@dataclass
class _Scope:
    """The rows an erasure touched, and for each table the fields whose logged values must be scrubbed."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, table: str, fields: tuple[str, ...], rows: Iterable[Any]) -> None:
        if fields:
            self.fields[table] = fields
            self.rows.setdefault(table, {}).update((str(row.id), row) for row in rows)


def erase_member(session: Session, member_id: uuid.UUID, now: datetime, *, keep_name: bool = False) -> ErasureResult:
    """Erase one person's personal data (see the module's description), and log the erasure as a privacy event.

    Args:
        session: the session of an open transaction (label it "Erase personal data", so the log names it).
        member_id: any record of the person; records merged into one another are erased together.
        now: the moment of the erasure (UTC); its date ends ongoing memberships.
        keep_name: keep the name (the retention rule for former holders of positions of trust).

    Raises:
        MemberNotFoundError: when there is no such record.
        AlreadyErasedError: when the person's data has already been erased.
    """
    run = erase_members(session, [(member_id, keep_name)], now)
    result = replace(run.results[0], log_records_scrubbed=run.log_records_scrubbed)
    reference = result.member_number or str(result.member_id)[:8]
    record_event(
        session,
        PrivacyEventKind.ERASURE,
        Label(N_("Personal data of member {reference} erased"), reference=reference),
        people=1,
    )
    return result


def is_erased(member: Member) -> bool:
    """Whether a record has been erased for good (a name kept by the retention rules can still be erased)."""
    return member.erased_at is not None and member.deleted_at is not None


@dataclass(frozen=True)
class ErasureRun:
    """What erasing several people did: one result per person, and the change-log records scrubbed in all."""

    results: list[ErasureResult]
    log_records_scrubbed: int


def erase_members(session: Session, requests: Sequence[tuple[uuid.UUID, bool]], now: datetime) -> ErasureRun:
    """Erase several people in one go (a retention purge); each request is a member id and whether to keep the name.

    No privacy event is logged: the caller logs one for the whole run.

    Raises:
        MemberNotFoundError: when a record does not exist.
        AlreadyErasedError: when a person's data has already been erased.
    """
    with secure_deletion(session):
        return _erase(session, requests, now)


@contextmanager
def secure_deletion(session: Session) -> Iterator[None]:
    """Have SQLite overwrite what it frees during the block (old cell contents, a search row) with zeros.

    Without it an erased value stays in the file's free space until the page is reused. It is switched off again
    at the end, as it costs on ordinary writes. A server store (the central office on PostgreSQL) has no such
    setting: see docs/SYNC.md.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA secure_delete").scalar()
    connection.exec_driver_sql("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA secure_delete = {int(previous or 0)}")


def _erase(session: Session, requests: Sequence[tuple[uuid.UUID, bool]], now: datetime) -> ErasureRun:
    scope = _Scope()
    results: list[ErasureResult] = []
    names: list[str] = []
    for member_id, keep_name in requests:
        records = person_records(session, merge_root(session, member_id))
        if not records:
            raise MemberNotFoundError
        main = records[0]
        if is_erased(main) or (keep_name and main.erased_at is not None):
            raise AlreadyErasedError
        counts: dict[str, int] = {}
        # The names to replace where other records copied them; a name the retention rules keep stays there too.
        kept = set(full_names(main.first_name, main.last_name)) if keep_name else set()
        own = {name for record in records for name in full_names(record.first_name, record.last_name)}
        names.extend(own - kept)
        households = _erase_records(session, records, now, keep_name)
        ended = _erase_owned_rows(session, [record.id for record in records], now, scope, counts)
        cleared = _clear_households(session, households, now)
        if cleared:
            counts[Household.__tablename__] = len(cleared)
            scope.add(Household.__tablename__, ("label",), cleared)
        scope.add(Member.__tablename__, NAME_FIELDS + ERASED_MEMBER_FIELDS + ERASED_LINK_FIELDS, records)
        ids = tuple(record.id for record in records)
        results.append(ErasureResult(main.id, main.member_number, ids, keep_name, counts, ended))
    session.flush()
    scrubbed = _scrub_change_log(session, scope)
    # Copies of the name in other people's diplomas, in operation labels and in the export log (name_mentions.py).
    scrub_name_mentions(session, names)
    # The search rows go now, while secure_delete is on (the commit hook would otherwise remove them later).
    member_ids = [uuid.UUID(row_id) for row_id in scope.rows.get(Member.__tablename__, {})]
    refresh_member_index(session, member_ids, now.date())
    # Removing a row from the trigram index (migration 0002) only adds a "deleted" marker: the person's trigrams
    # stay in the index's segments until they are merged. Merging them all now drops them (about half a second
    # for 100 000 members, once per erasure or purge).
    if session.connection().dialect.name == "sqlite":
        session.connection().exec_driver_sql("INSERT INTO member_search_fts(member_search_fts) VALUES ('optimize')")
    return ErasureRun(results, scrubbed)


def _erase_records(session: Session, records: list[Member], now: datetime, keep_name: bool) -> set[uuid.UUID]:
    """Anonymise the member rows; return the households they were in."""
    households: set[uuid.UUID] = set()
    for index, record in enumerate(records):
        # Earlier records merged into the person are erased whole: only the record that remains keeps a name.
        keeps_name = keep_name and index == 0
        if not keeps_name:
            record.first_name = ERASED_NAME
            record.last_name = ERASED_NAME
        for key in ERASED_MEMBER_FIELDS:
            setattr(record, key, None)
        if record.household_id is not None:
            households.add(record.household_id)
        record.household_id = None
        record.godparent_id = None
        record.erased_at = record.erased_at or now
        if not keeps_name and record.deleted_at is None:
            record.deleted_at = now
    session.flush()
    return households


def _erase_owned_rows(
    session: Session, member_ids: list[uuid.UUID], now: datetime, scope: _Scope, counts: dict[str, int]
) -> int:
    """Clear the rows that belong to the person; return the number of memberships ended."""
    ended = 0
    owned = [reference for reference in member_references() if reference.owns]
    for table, rows in rows_referencing(session, member_ids, owned).items():
        if table == ContactPoint.__tablename__:
            for row in rows:
                row.value = ""
                row.deleted_at = row.deleted_at or now
            scope.add(table, ("value",), rows)
        elif table == MemberInterest.__tablename__:
            for row in rows:
                row.deleted_at = row.deleted_at or now
        elif table == Membership.__tablename__:
            # Kept for the statistics: nothing in a membership but its dates and branch.
            ended = _end_memberships(rows, now)
            continue
        else:
            # Consents, positions of trust and whatever later areas attach to a person: the rows stay (they are
            # the district's records: what was agreed, who held which office), their free text goes.
            keys = free_text_keys(rows[0].__mapper__)
            structured = ERASED_STRUCTURED_FIELDS.get(table, {})
            if not keys and not structured:
                continue
            for row in rows:
                for key in keys:
                    setattr(row, key, None)
                for key, empty in structured.items():
                    setattr(row, key, empty)
            scope.add(table, (*keys, *structured), rows)
        counts[table] = len(rows)
    return ended


def _end_memberships(rows: list[Membership], now: datetime) -> int:
    today = now.date()
    ended = 0
    for row in rows:
        if row.deleted_at is not None or row.end_reason == EndReason.DECEASED:
            continue
        if row.joined_on is None or row.joined_on > today:
            row.deleted_at = now  # an application never accepted: there is no membership to count
        elif row.ended_on is None or row.ended_on > today:
            row.ended_on = today
            row.end_reason = row.end_reason or EndReason.RESIGNED
            ended += 1
    return ended


def _clear_households(session: Session, household_ids: set[uuid.UUID], now: datetime) -> list[Household]:
    """Clear the label of the person's households (free text: often the family's name); delete those left empty.

    The people still living there stay in the household (they still get one copy of the paper).
    """
    cleared: list[Household] = []
    for household_id in sorted(household_ids):
        household = session.get(Household, household_id)
        if household is None:
            continue
        household.label = None
        remaining = session.execute(select(Member.id).where(Member.household_id == household_id).limit(1)).first()
        if remaining is None:
            household.deleted_at = household.deleted_at or now
        cleared.append(household)
    return cleared


def _scrub_change_log(session: Session, scope: _Scope) -> int:
    """Replace the erased fields' logged values with their erased values; return the number of records changed."""
    scrubbed = 0
    for table, rows in scope.rows.items():
        fields = scope.fields[table]
        current = {row_id: {key: to_json_value(getattr(row, key)) for key in fields} for row_id, row in rows.items()}
        scrubbed += scrub_logged_values(session, table, current)
    return scrubbed


def scrub_logged_values(session: Session, table: str, erased: dict[str, dict[str, JsonValue]]) -> int:
    """In the change log of ``table``'s rows, replace each erased field's values with its erased value.

    ``erased`` maps a row id to the fields erased on it and what they hold now. Returns the number of records
    changed.
    """
    log = ChangeRecord.__table__
    changes: list[dict[str, Any]] = []
    row_ids = sorted(erased)
    for start in range(0, len(row_ids), _BATCH):
        batch = row_ids[start : start + _BATCH]
        records = session.execute(
            select(ChangeRecord.seq, ChangeRecord.row_id, ChangeRecord.field, ChangeRecord.new_value).where(
                ChangeRecord.entity == table, ChangeRecord.row_id.in_(batch)
            )
        ).tuples()
        for seq, row_id, logged_field, new_value in records:
            change = _scrubbed(erased[row_id], logged_field, new_value)
            if change is not None:
                changes.append({"b_seq": seq, **change})
    if changes:
        # change_log is not a synced table, so this update bypasses nothing; it is the point of the exercise.
        statement = (
            update(log)  # type: ignore[arg-type]
            .where(log.c.seq == bindparam("b_seq"))
            .values(old_value=bindparam("b_old"), new_value=bindparam("b_new"))
        )
        session.connection().execute(statement, changes)
    return len(changes)


def _scrubbed(erased: dict[str, JsonValue], logged_field: str | None, new_value: str | None) -> dict[str, Any] | None:
    """The scrubbed old and new value of one log record, or None when it holds nothing to scrub."""
    if logged_field is None:
        # An inserted row: the whole row is in new_value.
        row = json.loads(new_value) if new_value is not None else None
        if not isinstance(row, dict) or not any(key in row for key in erased):
            return None
        row.update((key, value) for key, value in erased.items() if key in row)
        return {"b_old": None, "b_new": dump(row)}
    if logged_field not in erased:
        return None
    value = dump(erased[logged_field])
    return {"b_old": value, "b_new": value}
