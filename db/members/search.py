"""Finding members by any part of name, e-mail, phone, city or member number, whatever the case or diacritics.

Each member has one row in ``member_search`` holding the folded text of everything searchable (phones in both
international and national digits, so "0401234567" finds "+358 40 123 4567"); an FTS5 trigram index over it
finds any fragment of three or more characters without scanning. The rows are derived data: a hook refreshes
those of the members a transaction touched just before it commits, whoever made the change (a form, an import,
undo, sync).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    column,
    delete,
    event,
    func,
    literal,
    select,
    text,
    type_coerce,
)
from sqlalchemy.orm import Session, sessionmaker

from db.core.changelog import touched_rows
from db.core.text import digits, fold, looks_like_phone, name_key, name_sort_key
from db.members.listing import summaries_by_id
from db.members.models import ContactKind, ContactPoint, Member, MemberSearchEntry
from db.members.records import MemberSummary
from db.members.validation import national_phone_digits

_CHUNK = 5000  # members refreshed per round: few statements for a large import, yet bounded memory
_MIN_INDEXED = 3  # the trigram index finds fragments of at least three characters


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


def install_search_index(factory: sessionmaker[Session]) -> None:
    """Keep ``member_search`` in step with every transaction made by ``factory``."""
    event.listen(factory, "before_commit", _refresh_before_commit)


def _refresh_before_commit(session: Session) -> None:
    session.flush()
    touched = touched_rows(session)
    member_ids = {_hex(value) for value in touched.get("member", ())}
    contact_ids = touched.get("contact_point", ())
    if contact_ids:
        owners = select(type_coerce(ContactPoint.member_id, String)).where(ContactPoint.id.in_(_id_table(contact_ids)))
        member_ids.update(session.execute(owners).scalars())
    if member_ids:
        _refresh_hex_ids(session, sorted(member_ids))


def _hex(value: str) -> str:
    # Ids are stored as 32 hex digits (SQLAlchemy's Uuid on SQLite); the change log writes them with hyphens.
    return value.replace("-", "")


def _id_table(ids: Iterable[str]) -> Select[Any]:
    """A subquery over the given ids, sent as one JSON parameter.

    One parameter instead of one per id: an import of 100 000 members would otherwise cost hundreds of
    statements of a few hundred parameters each, whose binding alone took longer than the refresh itself.
    """
    table = func.json_each(json.dumps([_hex(value) for value in ids])).table_valued("value")
    return select(table.c.value)


def refresh_search_entries(session: Session, member_ids: Iterable[uuid.UUID]) -> None:
    """Recompute the search rows of some members (removing those of deleted members)."""
    _refresh_hex_ids(session, sorted({member_id.hex for member_id in member_ids}))


# The FTS5 index is kept in step with member_search by these triggers (migration 0002 made them; a test checks that
# the database holds exactly these). A large refresh drops them and rebuilds the index in one pass instead, which is
# about four times faster than indexing 100 000 rows one by one.
FTS_TRIGGERS = {
    "member_search_ai": (
        "CREATE TRIGGER member_search_ai AFTER INSERT ON member_search BEGIN "
        "INSERT INTO member_search_fts(rowid, text) VALUES (new.rowid, new.text); END"
    ),
    "member_search_ad": (
        "CREATE TRIGGER member_search_ad AFTER DELETE ON member_search BEGIN "
        "INSERT INTO member_search_fts(member_search_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END"
    ),
    "member_search_au": (
        "CREATE TRIGGER member_search_au AFTER UPDATE ON member_search BEGIN "
        "INSERT INTO member_search_fts(member_search_fts, rowid, text) VALUES ('delete', old.rowid, old.text); "
        "INSERT INTO member_search_fts(rowid, text) VALUES (new.rowid, new.text); END"
    ),
}
_BULK_MINIMUM = 2000
_UPSERT = (
    "INSERT INTO member_search(member_id, name_key, sort_key, text) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(member_id) DO UPDATE SET name_key = excluded.name_key, sort_key = excluded.sort_key, "
    "text = excluded.text"
)


def _refresh_hex_ids(session: Session, hex_ids: list[str]) -> None:
    connection = session.connection()
    bulk = len(hex_ids) >= _BULK_MINIMUM and len(hex_ids) * 4 >= _indexed_count(session)
    if bulk:
        for name in FTS_TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER {name}")
    for start in range(0, len(hex_ids), _CHUNK):
        _refresh_chunk(session, hex_ids[start : start + _CHUNK])
    if bulk:
        connection.exec_driver_sql("INSERT INTO member_search_fts(member_search_fts) VALUES ('rebuild')")
        for sql in FTS_TRIGGERS.values():
            connection.exec_driver_sql(sql)


def _indexed_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(MemberSearchEntry)).scalar_one())


def _refresh_chunk(session: Session, hex_ids: list[str]) -> None:
    ids = _id_table(hex_ids)
    # Ids and kinds are read as plain text: turning 100 000 of each into objects costs more than the query.
    member_id_text = type_coerce(Member.id, String).label("id")
    members = session.execute(
        select(
            member_id_text, Member.first_name, Member.last_name, Member.member_number, Member.city, Member.deleted_at
        ).where(Member.id.in_(ids))
    ).all()
    contacts: dict[str, tuple[list[str], list[str]]] = {}
    for member_id, kind, value in session.execute(
        select(
            type_coerce(ContactPoint.member_id, String), type_coerce(ContactPoint.kind, String), ContactPoint.value
        ).where(ContactPoint.member_id.in_(ids), ContactPoint.deleted_at.is_(None))
    ):
        emails, phones = contacts.setdefault(member_id, ([], []))
        (emails if kind == ContactKind.EMAIL else phones).append(value)
    live = [member for member in members if member.deleted_at is None]
    gone = [uuid.UUID(hex=member.id) for member in members if member.deleted_at is not None]
    connection = session.connection()
    if gone:
        connection.execute(delete(MemberSearchEntry).where(MemberSearchEntry.member_id.in_(gone)))
    if not live:
        return
    rows = []
    for member in live:
        emails, phones = contacts.get(member.id, ([], []))
        text_value = search_text(member.first_name, member.last_name, member.member_number, member.city, emails, phones)
        rows.append(
            (
                member.id,
                name_key(member.first_name, member.last_name),
                name_sort_key(member.first_name, member.last_name),
                text_value,
            )
        )
    # At driver level: the member ids are already in their stored form (32 hex digits).
    connection.exec_driver_sql(_UPSERT, rows)


def rebuild_search_index(session: Session) -> int:
    """Rebuild every search row from the register; return the number of members indexed."""
    session.connection().execute(delete(MemberSearchEntry))
    ids = list(session.execute(select(Member.id).where(Member.deleted_at.is_(None))).scalars())
    refresh_search_entries(session, ids)
    return len(ids)


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_terms(query: str) -> list[str]:
    """Split a search text into the folded fragments that must all be found."""
    if looks_like_phone(query):
        number = digits(query)
        return [number] if number else []
    return fold(query).split()


def member_match(query: str) -> ColumnElement[bool] | None:
    """Return a condition on ``Member.id`` true for members matching every fragment of ``query``.

    None means the query is empty, i.e. no filter.
    """
    terms = search_terms(query)
    if not terms:
        return None
    return Member.id.in_(select(MemberSearchEntry.member_id).where(_entry_match(terms)))


def _entry_match(terms: list[str]) -> ColumnElement[bool]:
    """A condition on ``member_search`` rows holding every term (through the trigram index where it can)."""
    long_terms = [term for term in terms if len(term) >= _MIN_INDEXED]
    short_terms = [term for term in terms if len(term) < _MIN_INDEXED]
    conditions: list[ColumnElement[bool]] = []
    if long_terms:
        match = " AND ".join(_fts_phrase(term) for term in long_terms)
        matching_rowids = text("SELECT rowid FROM member_search_fts WHERE member_search_fts MATCH :match").bindparams(
            match=match
        )
        conditions.append(MemberSearchEntry.rowid.in_(matching_rowids.columns(column("rowid", Integer))))
    for term in short_terms:
        conditions.append(MemberSearchEntry.text.like(_like_pattern(term), escape="\\"))
    return and_(*conditions)


def name_starts_with(query: str) -> ColumnElement[Any]:
    """An ordering term: 0 for members with a name that begins with the first fragment, else 1."""
    terms = search_terms(query)
    if not terms:
        return literal(0)
    key = select(MemberSearchEntry.name_key).where(MemberSearchEntry.member_id == Member.id).scalar_subquery()
    word_start = (literal(" ") + key).contains(" " + terms[0], autoescape=True)
    return case((word_start, literal(0)), else_=literal(1))


def find_members(session: Session, query: str, today: date, limit: int = 50) -> list[MemberSummary]:
    """Return members matching ``query``, those whose name starts with it first, then by name.

    The ids are chosen and ordered first, from the search rows and names alone; only the ``limit`` chosen are then
    read in full. A common fragment matches thousands of members, and computing each one's branch, status and
    contacts before sorting would cost a hundred milliseconds.
    """
    if not search_terms(query):
        return []
    # Deleted members have no search row, so the search rows alone answer which and in what order.
    terms = search_terms(query)
    word_start = (literal(" ") + MemberSearchEntry.name_key).contains(" " + terms[0], autoescape=True)
    ids = list(
        session.execute(
            select(MemberSearchEntry.member_id)
            .where(_entry_match(terms))
            .order_by(case((word_start, literal(0)), else_=literal(1)), MemberSearchEntry.sort_key)
            .limit(limit)
        ).scalars()
    )
    summaries = summaries_by_id(session, ids, today)
    return [summaries[member_id] for member_id in ids if member_id in summaries]
