"""Each member's derived row: the text they are found by and the columns the member lists show and sort by.

``member_search`` holds, for every member not deleted, the folded search text (indexed by an FTS5 trigram index,
migration 0002), the name keys, and the *current* membership (branch, kind, dates, end reason) and first usable
phone and e-mail. The members table then filters and sorts 100 000 people with plain indexed columns instead of
working out everyone's current membership and contacts for every query.

The rows are derived, never typed: a hook refreshes those of the members a transaction touched (their own row,
contacts or memberships) just before it commits, whoever made the change (a form, an import, undo, sync).
Which membership is current depends on the date, so the rows also remember the day they were computed for, and
:func:`refresh_for_today` brings the few whose memberships began or ended since up to date when a database opens.
"""

from __future__ import annotations

import contextlib
import enum
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import String, delete, event, func, select, type_coerce
from sqlalchemy.orm import Session, sessionmaker

from db.core.background_writer import json_insert_sql
from db.core.changelog import touched_rows, write_at_driver_level
from db.core.district import MetaEntry
from db.core.driver_rows import first_rows
from db.core.text import digits, fold, name_key, name_sort_key, nordic_sort_key
from db.members.models import ContactKind, ContactPoint, Member, MemberSearchEntry, Membership
from db.members.validation import national_phone_digits

_CHUNK = 5000  # members refreshed per round: few statements for a large import, yet bounded memory
_AS_OF_KEY = "member_index_as_of"
# A large refresh (an import, a rebuild) sets the full-text triggers and the secondary indexes of member_search
# aside, writes the rows, then rebuilds the full-text index in one pass and recreates the indexes, each sorted once:
# several times faster than updating nine B-trees and the trigram index for each of 100 000 rows.
_BULK_MINIMUM = 2000

# The member's own fields a row is made of (_refresh_chunk reads them): a change to any other leaves it as it is.
INDEXED_MEMBER_FIELDS = frozenset({"first_name", "last_name", "member_number", "city", "deleted_at"})

_COLUMNS = (
    "member_id",
    "name_key",
    "sort_key",
    "text",
    "branch_id",
    "membership_kind",
    "joined_on",
    "ended_on",
    "end_reason",
    "phone",
    "email",
    "member_number",
    "city_key",
)
_INSERT = f"INSERT INTO member_search({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"
_JSON_INSERT = json_insert_sql("member_search", _COLUMNS)
_INDEXED_AHEAD_KEY = "kansli.member_index.ahead"  # row ids (as logged) of inserts already in member_search
_UPSERT = (
    f"INSERT INTO member_search({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)}) "
    "ON CONFLICT(member_id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _COLUMNS if name != "member_id")
)


def search_text(
    first_name: str,
    last_name: str,
    member_number: str | None,
    city: str | None,
    emails: Iterable[str],
    phones: Iterable[str],
) -> str:
    """Return the folded text a member is found by."""
    parts = [first_name, last_name, member_number or "", city or "", *emails]
    for phone in phones:
        parts.append(digits(phone))
        parts.append(national_phone_digits(phone))
    return fold(" ".join(part for part in parts if part))


class _MemberRow(NamedTuple):
    id: str
    first_name: str
    last_name: str
    member_number: str | None
    city: str | None
    deleted: bool


def _day(stored: str | None) -> date | None:
    """A date as SQLite stores it (ISO text) turned back into a date."""
    return date.fromisoformat(stored) if stored is not None else None


class _MembershipRow(NamedTuple):
    branch_id: str
    kind: str
    joined_on: date | None
    ended_on: date | None
    end_reason: str | None
    created_at: str


def choose_current(memberships: list[_MembershipRow], today: date) -> _MembershipRow | None:
    """The current membership, by the rule of :func:`db.members.status.current_of` (a test checks both agree)."""
    if not memberships:
        return None

    if len(memberships) == 1:
        return memberships[0]  # nearly everyone

    def order(row: _MembershipRow) -> tuple[int, int, int, int]:
        ongoing = row.ended_on is None or row.ended_on > today
        ended = row.ended_on.toordinal() if row.ended_on else 0
        joined = row.joined_on.toordinal() if row.joined_on else 0
        return (0 if ongoing else 1, 0 if row.ended_on is None else 1, -ended, -joined)

    best = min(order(row) for row in memberships)
    # Among equals the newest record wins (its timestamp text sorts as time).
    return max((row for row in memberships if order(row) == best), key=lambda row: row.created_at)


def install_member_index(factory: sessionmaker[Session]) -> None:
    """Keep ``member_search`` in step with every transaction made by ``factory``."""
    event.listen(factory, "before_commit", _refresh_before_commit)


def _refresh_before_commit(session: Session) -> None:
    session.flush()
    known: set[str] = session.info.pop(_INDEXED_AHEAD_KEY, set())
    member_ids = {_hex(value) for value in touched_rows(session, "member", INDEXED_MEMBER_FIELDS, known_inserts=known)}
    for model, key in ((ContactPoint, "contact_point"), (Membership, "membership")):
        row_ids = touched_rows(session, key, known_inserts=known)
        if row_ids:
            owners = select(type_coerce(model.member_id, String)).where(model.id.in_(_id_table(row_ids)))
            member_ids.update(session.execute(owners).scalars())
    if member_ids:
        _refresh_hex_ids(session, sorted(member_ids), date.today())


def _hex(value: str) -> str:
    # Ids are stored as 32 hex digits (SQLAlchemy's Uuid on SQLite); the change log writes them with hyphens.
    return value.replace("-", "")


def _id_table(ids: Iterable[str]) -> Any:
    """A subquery over the given ids, sent as one JSON parameter (not hundreds of statements of a few hundred)."""
    table = func.json_each(json.dumps([_hex(value) for value in ids])).table_valued("value")
    return select(table.c.value)


def refresh_member_index(session: Session, member_ids: Iterable[uuid.UUID], today: date | None = None) -> None:
    """Recompute the rows of some members (removing those of deleted members)."""
    _refresh_hex_ids(session, sorted({member_id.hex for member_id in member_ids}), today or date.today())


def _on_server(session: Session) -> bool:
    """Whether the session is on a server store (the central office on PostgreSQL): it has no member list to keep.

    The rows are the desktop window's; the central office's server store is never opened by the window, so neither
    a hook nor an erasure keeps them there (db.sync.store).
    """
    return session.get_bind().dialect.name != "sqlite"


def rebuild_member_index(session: Session, today: date | None = None) -> int:
    """Recompute every row from the register; return the number of members indexed."""
    if _on_server(session):
        return 0
    ids = list(session.execute(select(type_coerce(Member.id, String)).where(Member.deleted_at.is_(None))).scalars())
    with _set_aside_indexes(session):
        session.connection().execute(delete(MemberSearchEntry))
        for start in range(0, len(ids), _CHUNK):
            _refresh_chunk(session, ids[start : start + _CHUNK], today or date.today())
    _remember_as_of(session, today or date.today())
    return len(ids)


def refresh_for_today(session: Session, today: date | None = None) -> int:
    """Bring the rows up to date with the calendar: members whose memberships began or ended since they were made.

    Returns the number of members refreshed. A database whose rows were never dated is rebuilt whole.
    """
    today = today or date.today()
    as_of_text = session.execute(select(MetaEntry.value).where(MetaEntry.key == _AS_OF_KEY)).scalar_one_or_none()
    if as_of_text is None:
        return rebuild_member_index(session, today)
    as_of = date.fromisoformat(as_of_text)
    if as_of >= today:
        return 0
    moved = (Membership.joined_on > as_of) & (Membership.joined_on <= today)
    moved |= (Membership.ended_on > as_of) & (Membership.ended_on <= today)
    ids = list(
        session.execute(
            select(type_coerce(Membership.member_id, String)).where(moved, Membership.deleted_at.is_(None)).distinct()
        ).scalars()
    )
    _refresh_hex_ids(session, ids, today)
    _remember_as_of(session, today)
    return len(ids)


def _remember_as_of(session: Session, today: date) -> None:
    session.merge(MetaEntry(key=_AS_OF_KEY, value=today.isoformat()))
    session.flush()


def _indexed_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(MemberSearchEntry)).scalar_one())


def _refresh_hex_ids(session: Session, hex_ids: list[str], today: date) -> None:
    if not hex_ids or _on_server(session):
        return
    bulk = len(hex_ids) >= _BULK_MINIMUM and len(hex_ids) * 4 >= _indexed_count(session)
    with _set_aside_indexes(session) if bulk else contextlib.nullcontext():
        for start in range(0, len(hex_ids), _CHUNK):
            _refresh_chunk(session, hex_ids[start : start + _CHUNK], today)


@contextlib.contextmanager
def _set_aside_indexes(session: Session) -> Iterator[None]:
    """Drop member_search's triggers and secondary indexes for a bulk write, and put them back exactly as they were.

    Their definitions are read from the database itself (``sqlite_master``), so this follows the migrations
    without repeating them. It all happens inside the caller's transaction: a failure rolls the drops back too.
    """
    drops, restores = _set_aside_statements(session)
    connection = session.connection()
    for statement in drops:
        connection.exec_driver_sql(statement)
    yield
    for statement in restores:
        connection.exec_driver_sql(statement)


def _set_aside_statements(session: Session) -> tuple[list[str], list[str]]:
    """The statements that drop member_search's triggers and secondary indexes, and those that put them back."""
    saved = (
        session.connection()
        .exec_driver_sql(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'member_search' "
            "AND type IN ('trigger', 'index') AND sql IS NOT NULL"
        )
        .all()
    )
    drops = [f'DROP {kind.upper()} "{name}"' for kind, name, _sql in saved]
    restores = ["INSERT INTO member_search_fts(member_search_fts) VALUES ('rebuild')", *(sql for _k, _n, sql in saved)]
    return drops, restores


# A contact as the row reads it: (position, created_at text, kind, value, usable).
_Contact = tuple[int, str, str, str, bool]


def _index_row(
    member: _MemberRow, contacts: list[_Contact], memberships: list[_MembershipRow], today: date
) -> tuple[Any, ...]:
    """The member_search row of one member, in _COLUMNS order and stored form (ids as 32 hex digits, dates as text)."""
    own = sorted(contacts)
    emails = [value for _p, _c, kind, value, _u in own if kind == ContactKind.EMAIL]
    phones = [value for _p, _c, kind, value, _u in own if kind == ContactKind.PHONE]
    usable_phone = next((value for _p, _c, kind, value, ok in own if ok and kind == ContactKind.PHONE), None)
    usable_email = next((value for _p, _c, kind, value, ok in own if ok and kind == ContactKind.EMAIL), None)
    current = choose_current(memberships, today)
    return (
        member.id,
        name_key(member.first_name, member.last_name),
        name_sort_key(member.first_name, member.last_name),
        search_text(member.first_name, member.last_name, member.member_number, member.city, emails, phones),
        current.branch_id if current else None,
        current.kind if current else None,
        current.joined_on.isoformat() if current and current.joined_on else None,
        current.ended_on.isoformat() if current and current.ended_on else None,
        current.end_reason if current else None,
        usable_phone,
        usable_email,
        member.member_number,
        nordic_sort_key(member.city) if member.city else None,
    )


class NewMembersIndex:
    """Member-list rows for members an import inserts, made from the rows it inserts rather than read back.

    The commit hook would otherwise read 100 000 new members, their contacts and memberships back from the
    database. Made with :func:`prepare_new_members` *before* a background writer opens (it reads the schema); then
    :meth:`begin`, :meth:`write` for each batch of members (after their own rows), and :meth:`end`, each queueing
    its statements on the writer, so SQLite stores them (and rebuilds the full-text index) while the import prepares
    the next batch. The rows it covers are remembered, and the commit hook skips them unless something else
    changes them in the same transaction.
    """

    def __init__(self, set_aside: tuple[list[str], list[str]], indexed: int) -> None:
        self._set_aside = set_aside
        self._indexed = indexed
        self._restores: list[str] = []

    def begin(self, session: Session, expected: int) -> None:
        """Set the triggers and secondary indexes aside if ``expected`` new members make rebuilding them cheaper."""
        if expected >= _BULK_MINIMUM and expected * 4 >= self._indexed:
            drops, self._restores = self._set_aside
            for statement in drops:
                write_at_driver_level(session, statement)

    def end(self, session: Session) -> None:
        """Rebuild the full-text index and put the triggers and indexes back (when :meth:`begin` took them)."""
        for statement in self._restores:
            write_at_driver_level(session, statement)
        self._restores = []

    def write(
        self,
        session: Session,
        members: Sequence[Mapping[str, Any]],
        contacts: Sequence[Mapping[str, Any]],
        memberships: Sequence[Mapping[str, Any]],
    ) -> None:
        """Index ``members`` (rows as given to ``insert_rows``, with their ids) from them and their other rows.

        Contacts and memberships of other members are left to the commit hook; those of these members must carry
        their ids, for the hook to know it can skip them.
        """
        if not members:
            return
        today = date.today()
        new_ids = {row["id"] for row in members}
        their_contacts: dict[uuid.UUID, list[_Contact]] = {}
        their_memberships: dict[uuid.UUID, list[_MembershipRow]] = {}
        covered = {str(member_id) for member_id in new_ids}
        for row in contacts:
            if row["member_id"] in new_ids:
                usable = row.get("valid", True) and not row.get("do_not_use", False)
                contact = (row.get("position", 0), "", _stored(row["kind"]), row["value"], bool(usable))
                their_contacts.setdefault(row["member_id"], []).append(contact)
                covered.add(str(row["id"]))
        for row in memberships:
            if row["member_id"] in new_ids:
                membership = _MembershipRow(
                    row["branch_id"].hex,
                    _stored(row.get("kind") or "member"),
                    row.get("joined_on"),
                    row.get("ended_on"),
                    _stored(row.get("end_reason")),
                    "",
                )
                their_memberships.setdefault(row["member_id"], []).append(membership)
                covered.add(str(row["id"]))
        rows = [
            _index_row(
                _MemberRow(
                    row["id"].hex,
                    row["first_name"],
                    row["last_name"],
                    row.get("member_number"),
                    row.get("city"),
                    False,
                ),
                their_contacts.get(row["id"], []),
                their_memberships.get(row["id"], []),
                today,
            )
            for row in members
        ]
        for start in range(0, len(rows), _CHUNK):
            write_at_driver_level(session, _INSERT, rows[start : start + _CHUNK], json_sql=_JSON_INSERT)
        session.info.setdefault(_INDEXED_AHEAD_KEY, set()).update(covered)


def prepare_new_members(session: Session) -> NewMembersIndex | None:
    """Get ready to index members about to be inserted (None on a server store, which has no list)."""
    if _on_server(session):
        return None
    return NewMembersIndex(_set_aside_statements(session), _indexed_count(session))


def _stored(value: Any) -> Any:
    """An enum member as its stored text."""
    return value.value if isinstance(value, enum.Enum) else value


def _refresh_chunk(session: Session, hex_ids: list[str], today: date) -> None:
    ids = _id_table(hex_ids)
    # Ids and enums are read as plain text: turning 100 000 of each into objects costs more than the query.
    # Read at driver level (plain tuples built in C): SQLAlchemy's result rows would cost a second on an import.
    members = [
        _MemberRow(*row)
        for row in first_rows(
            session,
            select(
                type_coerce(Member.id, String),
                Member.first_name,
                Member.last_name,
                Member.member_number,
                Member.city,
                Member.deleted_at.is_not(None),
            ).where(Member.id.in_(ids)),
        )
    ]
    contacts: dict[str, list[tuple[int, str, str, str, bool]]] = {}
    for member_id, kind, value, position, created, usable in first_rows(
        session,
        select(
            type_coerce(ContactPoint.member_id, String),
            type_coerce(ContactPoint.kind, String),
            ContactPoint.value,
            ContactPoint.position,
            type_coerce(ContactPoint.created_at, String),
            ContactPoint.valid & ~ContactPoint.do_not_use,
        ).where(ContactPoint.member_id.in_(ids), ContactPoint.deleted_at.is_(None)),
    ):
        contacts.setdefault(member_id, []).append((position, created, kind, value, bool(usable)))
    memberships: dict[str, list[_MembershipRow]] = {}
    for member_id, branch_id, kind, joined_on, ended_on, end_reason, created in first_rows(
        session,
        select(
            type_coerce(Membership.member_id, String),
            type_coerce(Membership.branch_id, String),
            type_coerce(Membership.kind, String),
            type_coerce(Membership.joined_on, String),
            type_coerce(Membership.ended_on, String),
            type_coerce(Membership.end_reason, String),
            type_coerce(Membership.created_at, String),
        ).where(Membership.member_id.in_(ids), Membership.deleted_at.is_(None)),
    ):
        membership = _MembershipRow(branch_id, kind, _day(joined_on), _day(ended_on), end_reason, created)
        memberships.setdefault(member_id, []).append(membership)
    connection = session.connection()
    gone = [member.id for member in members if member.deleted]
    if gone:
        connection.execute(delete(MemberSearchEntry).where(MemberSearchEntry.member_id.in_(_id_table(gone))))
    rows = [
        _index_row(member, contacts.get(member.id, []), memberships.get(member.id, []), today)
        for member in members
        if not member.deleted
    ]
    if rows:
        # At driver level: every value is already in its stored form (ids as 32 hex digits, dates as text).
        connection.exec_driver_sql(_UPSERT, rows)
