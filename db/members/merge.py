"""Merging two records of one person: everything moves to the record kept, the other becomes a tombstone.

Registers collect duplicates (an import that spelled a name differently, a supporter who later joined). A merge moves
the removed record's contact points, memberships, consents, interests, positions of trust and every other row that
points at it — found by looking at the foreign keys of the schema, so that tables added later (calls, diplomas …)
move too — then marks the removed record deleted with ``merged_into_id`` set, so that sync and old references can
follow it. Every change goes through ORM objects, so the change log records it and Edit ▸ Undo reverts the whole
merge in one step.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Mapper, Session

from db.branches.models import Position
from db.core.base import Base, is_synced_class, utcnow
from db.core.errors import ValidationError
from db.core.i18n import _
from db.members.history import referenced_table
from db.members.models import (
    Consent,
    ContactKind,
    ContactPoint,
    Member,
    MemberInterest,
    MemberSearchEntry,
    Membership,
    MembershipStatus,
)
from db.members.operations import get_member
from db.members.validation import display_phone

# Fields of the address group: taken over only all together, so that a street never meets another person's city.
_ADDRESS_FIELDS = ("street", "co_line", "postal_code", "city", "address_country")
# Tables moved field by field below (they need care with duplicates), or derived and rebuilt by their own hook.
_SPECIAL_TABLES = frozenset(
    {
        Member.__tablename__,
        ContactPoint.__tablename__,
        Membership.__tablename__,
        Consent.__tablename__,
        MemberInterest.__tablename__,
        MemberSearchEntry.__tablename__,
    }
)


@dataclass(frozen=True)
class MergeResult:
    """What a merge did.

    Attributes:
        kept_id: the member who remains.
        removed_id: the member now marked deleted and merged into the kept one.
        moved: rows moved to the kept member, by table ("contact_point": 2, "membership": 1 …); "godparent"
            counts the members whose godparent the removed record was.
        duplicates: rows left behind because the kept member already had the same (a phone number, a membership).
        filled_fields: fields of the kept member that were empty and were taken from the removed one.
    """

    kept_id: uuid.UUID
    removed_id: uuid.UUID
    moved: dict[str, int]
    duplicates: int
    filled_fields: tuple[str, ...]


@dataclass(frozen=True)
class MergeSide:
    """One of the two records, as the merge dialog shows it side by side."""

    id: uuid.UUID
    name: str
    member_number: str | None
    birth_year: int | None
    branch_name: str | None
    status: MembershipStatus | None
    city: str | None
    contacts: tuple[str, ...]
    memberships: int
    positions: int
    consents: int


def merge_side(session: Session, member_id: uuid.UUID, today: date | None = None) -> MergeSide:
    """Describe one record for the merge dialog."""
    detail = get_member(session, member_id, today)
    positions = session.execute(
        select(func.count()).select_from(Position).where(Position.member_id == member_id, Position.deleted_at.is_(None))
    ).scalar_one()
    return MergeSide(
        id=detail.id,
        name=detail.full_name,
        member_number=detail.person.member_number,
        birth_year=detail.person.birth_year,
        branch_name=detail.current.branch_name if detail.current else None,
        status=detail.status,
        city=detail.person.city,
        contacts=tuple(
            display_phone(contact.value) if contact.kind == ContactKind.PHONE else contact.value
            for contact in detail.contacts
        ),
        memberships=len(detail.memberships),
        positions=int(positions),
        consents=len(detail.consents),
    )


def _live_member(session: Session, member_id: uuid.UUID) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise ValidationError("member", _("The member was not found; it may have been deleted."))
    if member.deleted_at is not None:
        raise ValidationError(
            "member",
            _("{name} has been deleted and cannot be merged.").format(name=f"{member.first_name} {member.last_name}"),
        )
    return member


def merge_members(session: Session, keep_id: uuid.UUID, remove_id: uuid.UUID) -> MergeResult:
    """Move everything of the member ``remove_id`` to the member ``keep_id`` and mark the former deleted.

    Args:
        session: the session of an open transaction (label it "Merge members", so undo names it).
        keep_id: the record that remains.
        remove_id: the record merged into it; it becomes a tombstone with ``merged_into_id = keep_id``.

    Raises:
        ValidationError: when both ids are the same member, or either member is missing or deleted.
    """
    if keep_id == remove_id:
        raise ValidationError("member", _("A member cannot be merged with themselves."))
    keep = _live_member(session, keep_id)
    remove = _live_member(session, remove_id)
    moved: Counter[str] = Counter()
    duplicates = _move_contacts(session, keep_id, remove_id, moved)
    duplicates += _move_memberships(session, keep_id, remove_id, moved)
    for consent in _live_rows(session, Consent, Consent.member_id == remove_id):
        # Every consent event moves: the history of a consent is evidence and is never thinned out.
        consent.member_id = keep_id
        moved[Consent.__tablename__] += 1
    duplicates += _move_interests(session, keep_id, remove_id, moved)
    _move_member_references(session, keep_id, remove_id, moved)
    _move_other_tables(session, keep_id, remove_id, moved)
    filled = _fill_person(session, keep, remove)
    remove.deleted_at = utcnow()
    remove.merged_into_id = keep_id
    session.flush()
    return MergeResult(keep_id, remove_id, dict(moved), duplicates, tuple(filled))


def _live_rows(session: Session, model: Any, *conditions: Any) -> list[Any]:
    statement = select(model).where(*conditions)
    if is_synced_class(model):
        statement = statement.where(model.deleted_at.is_(None))
    return list(session.execute(statement).scalars())


def _move_contacts(session: Session, keep_id: uuid.UUID, remove_id: uuid.UUID, moved: Counter[str]) -> int:
    kept = {(row.kind, row.value): row for row in _live_rows(session, ContactPoint, ContactPoint.member_id == keep_id)}
    position = max((row.position for row in kept.values()), default=-1) + 1
    rows = sorted(
        _live_rows(session, ContactPoint, ContactPoint.member_id == remove_id),
        key=lambda row: (row.position, row.created_at),
    )
    duplicates = 0
    for row in rows:
        twin = kept.get((row.kind, row.value))
        if twin is not None:
            # The same number on both records: a "do not use" noted on either one is honoured.
            if row.do_not_use and not twin.do_not_use:
                twin.do_not_use = True
            duplicates += 1
            continue
        row.member_id = keep_id
        row.position = position
        position += 1
        moved[ContactPoint.__tablename__] += 1
    return duplicates


def _membership_key(row: Membership) -> tuple[Any, ...]:
    return (row.branch_id, row.kind, row.joined_on, row.notice_received_on, row.ended_on, row.end_reason)


def _move_memberships(session: Session, keep_id: uuid.UUID, remove_id: uuid.UUID, moved: Counter[str]) -> int:
    kept = {_membership_key(row) for row in _live_rows(session, Membership, Membership.member_id == keep_id)}
    duplicates = 0
    for row in _live_rows(session, Membership, Membership.member_id == remove_id):
        if _membership_key(row) in kept:
            duplicates += 1
            continue
        row.member_id = keep_id
        moved[Membership.__tablename__] += 1
    return duplicates


def _move_interests(session: Session, keep_id: uuid.UUID, remove_id: uuid.UUID, moved: Counter[str]) -> int:
    # (member_id, interest_id) is unique even among deleted rows, so a deleted row of the kept member is revived
    # rather than a second row moved next to it.
    kept = {
        row.interest_id: row
        for row in session.execute(select(MemberInterest).where(MemberInterest.member_id == keep_id)).scalars()
    }
    duplicates = 0
    for row in _live_rows(session, MemberInterest, MemberInterest.member_id == remove_id):
        twin = kept.get(row.interest_id)
        if twin is None:
            row.member_id = keep_id
            moved[MemberInterest.__tablename__] += 1
        elif twin.deleted_at is not None:
            twin.deleted_at = None
            moved[MemberInterest.__tablename__] += 1
        else:
            duplicates += 1
    return duplicates


def _move_member_references(session: Session, keep_id: uuid.UUID, remove_id: uuid.UUID, moved: Counter[str]) -> None:
    """Point godparent references and earlier merges at the kept member."""
    for member in _live_rows(session, Member, Member.godparent_id == remove_id):
        # The kept person cannot be their own godparent.
        member.godparent_id = None if member.id == keep_id else keep_id
        moved["godparent"] += 1
    earlier = session.execute(select(Member).where(Member.merged_into_id == remove_id)).scalars()
    for member in earlier:
        member.merged_into_id = keep_id


def _mapper_of(table: Table) -> Mapper[Any] | None:
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table.name:
            return mapper
    return None


def _move_other_tables(session: Session, keep_id: uuid.UUID, remove_id: uuid.UUID, moved: Counter[str]) -> None:
    """Move the rows of every other table with a foreign key to the member (positions, and areas added later)."""
    for table in Base.metadata.sorted_tables:
        if table.name in _SPECIAL_TABLES:
            continue
        for column in table.columns:
            if referenced_table(column) != Member.__tablename__:
                continue
            mapper = _mapper_of(table)
            if mapper is None:
                # A table without a class is never synced, so a plain UPDATE bypasses no change log.
                result = session.execute(update(table).where(column == remove_id).values({column.name: keep_id}))
                moved[table.name] += int(getattr(result, "rowcount", 0) or 0)
                continue
            key = mapper.get_property_by_column(column).key
            for row in _live_rows(session, mapper.class_, column == remove_id):
                setattr(row, key, keep_id)
                moved[table.name] += 1


def _is_empty(value: object) -> bool:
    return value is None or value == ""


def _fill_person(session: Session, keep: Member, remove: Member) -> list[str]:
    """Fill the kept member's empty fields from the removed one; return the names of the fields filled."""
    filled: list[str] = []
    if keep.member_number is None and remove.member_number is not None:
        number = remove.member_number
        # The number is unique: it must leave the removed record before the kept one takes it.
        remove.member_number = None
        session.flush()
        keep.member_number = number
        filled.append("member_number")
    if keep.birth_year is None and remove.birth_year is not None:
        keep.birth_year = remove.birth_year
        filled.append("birth_year")
    if all(_is_empty(getattr(keep, field)) for field in _ADDRESS_FIELDS) and any(
        not _is_empty(getattr(remove, field)) for field in _ADDRESS_FIELDS
    ):
        for field in _ADDRESS_FIELDS:
            setattr(keep, field, getattr(remove, field))
        filled.extend(field for field in _ADDRESS_FIELDS if not _is_empty(getattr(remove, field)))
    if remove.notes:
        if not keep.notes:
            keep.notes = remove.notes
            filled.append("notes")
        elif remove.notes.strip() not in keep.notes:
            # Notes are the office's own memory of a person: both records' notes are kept, not one of them.
            keep.notes = f"{keep.notes}\n\n{remove.notes}"
            filled.append("notes")
    if keep.godparent_id is None and remove.godparent_id not in (None, keep.id):
        keep.godparent_id = remove.godparent_id
        filled.append("godparent_id")
    if keep.household_id is None and remove.household_id is not None:
        keep.household_id = remove.household_id
        filled.append("household_id")
    return filled
