"""The members table's query: filters that combine, sorting in SQL, ids first and rows by the page.

The table asks :func:`member_ids` for the ordered ids matching a :class:`MemberFilter` (one query, ids only) and
then :func:`db.members.listing.summaries_by_id` for the rows it is about to show. So 100 000 members sort and
filter in the database, and only a screenful is ever turned into Python objects.
"""

from __future__ import annotations

import enum
import json
import uuid
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, aliased

from db.branches.models import Body, Branch, Position, PositionRole
from db.core.driver_rows import first_rows
from db.core.text import looks_like_phone, nordic_sort_key
from db.members.listing import listed_status_sql, summary_select
from db.members.models import (
    Consent,
    ConsentPurpose,
    Member,
    MemberInterest,
    MemberSearchEntry,
    MembershipKind,
    MembershipStatus,
)
from db.members.search import entry_match, name_starts_with, one_short_word, short_word_conditions
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


def _consent_given(member_id: Any, purpose: ConsentPurpose) -> ColumnElement[bool]:
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
        latest.member_id == member_id,
        latest.purpose == purpose,
        latest.deleted_at.is_(None),
        latest.given.is_(True),
        ~newer_exists,
    )


def _position_held(member_id: Any, roles: tuple[PositionRole, ...], today: date) -> ColumnElement[bool]:
    position = aliased(Position)
    conditions = [
        position.member_id == member_id,
        position.deleted_at.is_(None),
        position.starts_on <= today,
        or_(position.ends_on.is_(None), position.ends_on >= today),
        exists().where(Body.id == position.body_id, Body.deleted_at.is_(None)),
    ]
    if roles:
        conditions.append(position.role.in_(roles))
    return exists().where(*conditions)


def _member_id() -> Any:
    return MemberSearchEntry.member_id


def _narrow(statement: Select[Any], member_filter: MemberFilter, today: date) -> Select[Any]:
    """Add the filter's conditions to a statement over ``member_search`` (joined to ``member`` where needed)."""
    entry = MemberSearchEntry
    member_id = _member_id()
    text_match = entry_match(member_filter.text)
    if text_match is not None:
        statement = statement.where(text_match)
    if member_filter.branch_ids:
        statement = statement.where(entry.branch_id.in_(member_filter.branch_ids))
    if member_filter.kinds:
        statement = statement.where(entry.membership_kind.in_([str(kind) for kind in member_filter.kinds]))
    status = listed_status_sql(today)
    if member_filter.statuses:
        statement = statement.where(status.in_([str(status) for status in member_filter.statuses]))
    for interest_id in member_filter.interest_ids:
        statement = statement.where(
            exists().where(
                MemberInterest.member_id == member_id,
                MemberInterest.interest_id == interest_id,
                MemberInterest.deleted_at.is_(None),
            )
        )
    if member_filter.has_position or member_filter.position_roles:
        statement = statement.where(_position_held(member_id, member_filter.position_roles, today))
    if member_filter.consent is not None:
        statement = statement.where(_consent_given(member_id, member_filter.consent))
    # The first usable phone and e-mail are in the derived row: "has one" is "that column is set".
    if member_filter.has_phone is not None:
        has = entry.phone.is_not(None)
        statement = statement.where(has if member_filter.has_phone else ~has)
    if member_filter.has_email is not None:
        has = entry.email.is_not(None)
        statement = statement.where(has if member_filter.has_email else ~has)
    if member_filter.joined_from is not None:
        statement = statement.where(entry.joined_on >= member_filter.joined_from)
    if member_filter.joined_to is not None:
        statement = statement.where(entry.joined_on <= member_filter.joined_to)
    if member_filter.awaiting_welcome_since is not None:
        statement = statement.where(
            awaiting_welcome_sql(
                member_id, entry.membership_kind, status, entry.joined_on, member_filter.awaiting_welcome_since
            )
        )
    return statement


def filtered_select(member_filter: MemberFilter, today: date) -> Select[Any]:
    """The summary SELECT (:func:`db.members.listing.summary_select`) narrowed by ``member_filter``, unordered."""
    return _narrow(summary_select(today), member_filter, today)


def _sort_value_column(sort: SortKey, today: date) -> Any:
    """The column whose value orders the list by ``sort`` (read beside each id; None for the name order).

    Each is text that orders as the column should, with an empty value as "" (so first, as SQL orders NULLs): the
    Python sort then compares plain strings in C, which is several times faster than a key function per row.
    """
    entry = MemberSearchEntry
    if sort == SortKey.NAME:
        return None
    if sort == SortKey.BRANCH:
        return type_coerce(entry.branch_id, String)  # ranked by the branch's name in Python (:func:`_value_key`)
    if sort == SortKey.NUMBER:
        # Member numbers are digits mostly: 99 before 100, not after; numbers with other characters after those.
        number = entry.member_number
        digits_only = and_(number != "", number.op("NOT GLOB")("*[^0-9]*"))
        value = case(
            # Zero-padded to 24 digits, so that comparing text compares numbers (and "0099" equals "99").
            (digits_only, literal("0").op("||")(func.substr(literal("0" * 24).op("||")(number), -24))),
            else_=literal("1").op("||")(number),
        )
        return func.ifnull(value, "")
    columns: dict[SortKey, Any] = {
        SortKey.KIND: entry.membership_kind,
        SortKey.STATUS: listed_status_sql(today),
        SortKey.PHONE: entry.phone,
        SortKey.EMAIL: entry.email,
        SortKey.CITY: entry.city_key,
        SortKey.JOINED: type_coerce(entry.joined_on, String),
    }
    return func.ifnull(type_coerce(columns[sort], String), "")


def member_ids(
    session: Session,
    member_filter: MemberFilter,
    today: date,
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
) -> list[uuid.UUID]:
    """Return the ids of the members the filter lets through, in the chosen order."""
    return [uuid.UUID(hex=value) for value in member_hex_ids(session, member_filter, today, sort, descending)]


def member_hex_ids(
    session: Session,
    member_filter: MemberFilter,
    today: date,
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
) -> list[str]:
    """The same as :func:`member_ids`, as the stored 32 hex digits (a list of 100 000 ids needs no objects).

    The database filters and gives the ids in name order, with the value of the chosen column beside each: one
    walk of a covering index when nothing is filtered. Any other order is then a stable sort of those pairs in
    Python, so people with the same value stay in name order. This is several times faster than letting SQLite
    sort 100 000 rows by each column, and one index serves every column.
    """
    entry = MemberSearchEntry
    value_column = _sort_value_column(sort, today)
    columns = [type_coerce(entry.member_id, String)] + ([] if value_column is None else [value_column])
    text_only = replace(member_filter, text="").is_empty()
    short_word = one_short_word(member_filter.text)
    if short_word is not None and text_only:
        return _in_order(session, _short_word_rows(session, *short_word, columns), value_column, sort, descending)
    statement = select(*columns).select_from(entry)
    order: list[Any] = [entry.sort_key, entry.member_id]
    if looks_like_phone(member_filter.text) and text_only:
        # A phone fragment matches thousands ("040" is every third mobile number), scattered over the table, and
        # no name begins with digits: walking the list index in name order and testing each entry is faster.
        phone_match = entry_match(member_filter.text, in_name_order=True)
        if phone_match is not None:
            statement = statement.where(phone_match)
        rows = list(first_rows(session, statement.order_by(*order)))
        return _in_order(session, rows, value_column, sort, descending)
    if member_filter.awaiting_welcome_since is not None:
        statement = statement.join(Member, Member.id == entry.member_id)
    statement = _narrow(statement, member_filter, today)
    if not member_filter.is_empty():
        # With a filter, "sort_key || ''" keeps SQLite from walking the name index and looking up every row to
        # test the filter: reading the rows in table order and sorting the few that pass is faster.
        order[0] = entry.sort_key.op("||")("")
    if member_filter.text.strip() and sort == SortKey.NAME:
        # While searching, names that begin with what was typed come first.
        order.insert(0, name_starts_with(member_filter.text))
    rows = list(first_rows(session, statement.order_by(*order)))
    return _in_order(session, rows, value_column, sort, descending)


def _in_order(
    session: Session, rows: list[tuple[Any, ...]], value_column: Any, sort: SortKey, descending: bool
) -> list[str]:
    """The ids of (id, value) rows given in name order, put in the chosen order (stably: ties stay by name)."""
    if value_column is None:
        ids = [str(row[0]) for row in rows]
        return ids[::-1] if descending else ids
    rows.sort(key=_value_key(session, sort), reverse=descending)
    return [str(row[0]) for row in rows]


def _short_word_rows(session: Session, term: str, word: str, columns: list[Any]) -> list[tuple[Any, ...]]:
    """The rows a one- or two-letter word finds, in name order: the first key stroke of every search.

    Such a word finds a fifth of the register (every name that begins with it). One query with OR over two index
    ranges makes SQLite sort the union in a temporary B-tree; reading each range from its own covering index and
    merging them here is several times faster. Each found name has a word beginning with the letters, so the
    "names that begin with it first" order is plain name order.
    """
    found: dict[str, tuple[Any, ...]] = {}
    for condition in short_word_conditions(term, word):
        statement = select(*columns, MemberSearchEntry.sort_key).where(condition)
        found.update((row[0], row) for row in first_rows(session, statement))
    return [row[:-1] for row in sorted(found.values(), key=lambda row: (row[-1], row[0]))]


def _value_key(session: Session, sort: SortKey) -> Any:
    """The sort key of an (id, value) row: the value itself, or for branches the rank of the branch's name."""
    if sort == SortKey.BRANCH:
        # Branches by name in Nordic order: a rank for each branch id, read once; no branch first.
        names = session.execute(select(type_coerce(Branch.id, String), Branch.name)).tuples().all()
        ranks = {
            branch_id: rank
            for rank, (branch_id, _name) in enumerate(sorted(names, key=lambda pair: nordic_sort_key(pair[1])))
        }
        return lambda row: -1 if row[1] is None else ranks.get(row[1], len(ranks))
    return itemgetter(1)


def count_members(session: Session, member_filter: MemberFilter, today: date) -> int:
    """Return how many members the filter lets through."""
    entry = MemberSearchEntry
    statement = select(func.count()).select_from(entry)
    if member_filter.awaiting_welcome_since is not None:
        statement = statement.join(Member, Member.id == entry.member_id)
    return int(session.execute(_narrow(statement, member_filter, today)).scalar_one())
