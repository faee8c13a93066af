"""The members table's query: filters that combine, sorting in SQL, ids first and rows by the page.

The table asks :func:`member_ids` for the ordered ids matching a :class:`MemberFilter` (one query, ids only) and
then :func:`db.members.listing.summaries_by_id` for the rows it is about to show. So 100 000 members sort and
filter in the database, and only a screenful is ever turned into Python objects.
"""

from __future__ import annotations

import enum
import json
import uuid
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from db.branches.models import Body, Position, PositionRole
from db.members.listing import summary_select
from db.members.models import (
    Consent,
    ConsentPurpose,
    Member,
    MemberInterest,
    MemberSearchEntry,
    MembershipKind,
    MembershipStatus,
)
from db.members.search import entry_match, name_starts_with
from db.members.statistics import awaiting_welcome_sql


class SortKey(enum.StrEnum):
    NUMBER = "number"
    NAME = "name"
    BRANCH = "branch"
    KIND = "kind"
    STATUS = "status"
    PHONE = "phone"
    EMAIL = "email"
    CITY = "city"
    JOINED = "joined"


@dataclass(frozen=True)
class MemberFilter:
    """What the user narrowed the list to; every part that is set must hold (they combine with AND)."""

    text: str = ""
    branch_ids: tuple[uuid.UUID, ...] = ()
    kinds: tuple[MembershipKind, ...] = ()
    statuses: tuple[MembershipStatus, ...] = ()
    interest_ids: tuple[uuid.UUID, ...] = ()
    position_roles: tuple[PositionRole, ...] = ()
    has_position: bool = False
    consent: ConsentPurpose | None = None
    has_phone: bool | None = None
    has_email: bool | None = None
    joined_from: date | None = None
    joined_to: date | None = None
    awaiting_welcome_since: date | None = None  # new members since then not yet welcomed (the Overview's link)

    def is_empty(self) -> bool:
        """Whether the filter lets every member through."""
        return self == MemberFilter()

    def to_json(self) -> str:
        """Serialise for a saved filter."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, tuple):
                data[key] = [str(item) for item in value]
            elif isinstance(value, date):
                data[key] = value.isoformat()
            elif isinstance(value, enum.Enum):
                data[key] = value.value
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MemberFilter:
        """Read a saved filter; unknown keys (from a newer version) are ignored."""
        data = json.loads(text)
        known = {item.name for item in fields(cls)}
        converters: dict[str, Any] = {
            "branch_ids": lambda values: tuple(uuid.UUID(v) for v in values),
            "interest_ids": lambda values: tuple(uuid.UUID(v) for v in values),
            "kinds": lambda values: tuple(MembershipKind(v) for v in values),
            "statuses": lambda values: tuple(MembershipStatus(v) for v in values),
            "position_roles": lambda values: tuple(PositionRole(v) for v in values),
            "consent": lambda value: ConsentPurpose(value) if value else None,
            "joined_from": lambda value: date.fromisoformat(value) if value else None,
            "joined_to": lambda value: date.fromisoformat(value) if value else None,
            "awaiting_welcome_since": lambda value: date.fromisoformat(value) if value else None,
        }
        values = {key: converters.get(key, lambda v: v)(value) for key, value in data.items() if key in known}
        return cls(**values)


def _consent_given(purpose: ConsentPurpose) -> ColumnElement[bool]:
    """The latest recorded event for ``purpose`` is a "given"."""
    latest = aliased(Consent)
    later = aliased(Consent)
    newer_exists = exists().where(
        later.member_id == latest.member_id,
        later.purpose == latest.purpose,
        later.deleted_at.is_(None),
        or_(
            later.recorded_on > latest.recorded_on,
            and_(later.recorded_on == latest.recorded_on, later.created_at > latest.created_at),
        ),
    )
    return exists().where(
        latest.member_id == Member.id,
        latest.purpose == purpose,
        latest.deleted_at.is_(None),
        latest.given.is_(True),
        ~newer_exists,
    )


def _position_held(roles: tuple[PositionRole, ...], today: date) -> ColumnElement[bool]:
    position = aliased(Position)
    conditions = [
        position.member_id == Member.id,
        position.deleted_at.is_(None),
        position.starts_on <= today,
        or_(position.ends_on.is_(None), position.ends_on >= today),
        exists().where(Body.id == position.body_id, Body.deleted_at.is_(None)),
    ]
    if roles:
        conditions.append(position.role.in_(roles))
    return exists().where(*conditions)


def filtered_select(member_filter: MemberFilter, today: date) -> Select[Any]:
    """The summary SELECT narrowed by ``member_filter`` (unordered)."""
    statement = summary_select(today)
    columns = statement.selected_columns
    text_match = entry_match(member_filter.text)
    if text_match is not None:
        statement = statement.where(text_match)
    if member_filter.branch_ids:
        statement = statement.where(MemberSearchEntry.branch_id.in_(member_filter.branch_ids))
    if member_filter.kinds:
        statement = statement.where(MemberSearchEntry.membership_kind.in_([str(kind) for kind in member_filter.kinds]))
    if member_filter.statuses:
        statement = statement.where(columns.status.in_([str(status) for status in member_filter.statuses]))
    for interest_id in member_filter.interest_ids:
        statement = statement.where(
            exists().where(
                MemberInterest.member_id == Member.id,
                MemberInterest.interest_id == interest_id,
                MemberInterest.deleted_at.is_(None),
            )
        )
    if member_filter.has_position or member_filter.position_roles:
        statement = statement.where(_position_held(member_filter.position_roles, today))
    if member_filter.consent is not None:
        statement = statement.where(_consent_given(member_filter.consent))
    # The first usable phone and e-mail are in the derived row: "has one" is "that column is set".
    if member_filter.has_phone is not None:
        has = MemberSearchEntry.phone.is_not(None)
        statement = statement.where(has if member_filter.has_phone else ~has)
    if member_filter.has_email is not None:
        has = MemberSearchEntry.email.is_not(None)
        statement = statement.where(has if member_filter.has_email else ~has)
    if member_filter.joined_from is not None:
        statement = statement.where(MemberSearchEntry.joined_on >= member_filter.joined_from)
    if member_filter.joined_to is not None:
        statement = statement.where(MemberSearchEntry.joined_on <= member_filter.joined_to)
    if member_filter.awaiting_welcome_since is not None:
        statement = statement.where(
            awaiting_welcome_sql(
                Member.id, columns.kind, columns.status, columns.joined_on, member_filter.awaiting_welcome_since
            )
        )
    return statement


def _order(statement: Select[Any], sort: SortKey, descending: bool, text: str) -> list[Any]:
    columns = statement.selected_columns
    # Finnish and Swedish order (å, ä, ö after z), kept in the search rows so that it is an indexed column.
    name_order = [MemberSearchEntry.sort_key]
    keys: dict[SortKey, list[Any]] = {
        SortKey.NUMBER: [columns.member_number],
        SortKey.NAME: name_order,
        SortKey.BRANCH: [columns.branch_name, *name_order],
        SortKey.KIND: [columns.kind, *name_order],
        SortKey.STATUS: [columns.status, *name_order],
        SortKey.PHONE: [columns.phone],
        SortKey.EMAIL: [columns.email],
        SortKey.CITY: [func.lower(columns.city), *name_order],
        SortKey.JOINED: [columns.joined_on, *name_order],
    }
    order = [key.desc() if descending else key.asc() for key in keys[sort]]
    if text.strip() and sort == SortKey.NAME and not descending:
        # While searching, names that begin with what was typed come first.
        order.insert(0, name_starts_with(text))
    return [*order, Member.id]


def member_ids(
    session: Session,
    member_filter: MemberFilter,
    today: date,
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
) -> list[uuid.UUID]:
    """Return the ids of the members the filter lets through, in the chosen order."""
    statement = filtered_select(member_filter, today)
    ordered = statement.order_by(*_order(statement, sort, descending, member_filter.text))
    # Fetch the ids as text: turning 100 000 of them into UUID objects would cost more than the query.
    ids_only = ordered.with_only_columns(type_coerce(MemberSearchEntry.member_id, String))
    return [uuid.UUID(hex=value) for value in session.execute(ids_only).scalars()]


def count_members(session: Session, member_filter: MemberFilter, today: date) -> int:
    """Return how many members the filter lets through."""
    statement = filtered_select(member_filter, today)
    return int(session.execute(select(func.count()).select_from(statement.subquery())).scalar_one())
