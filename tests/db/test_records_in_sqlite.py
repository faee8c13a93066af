"""Records SQLite writes itself for bulk inserts on a background writer (db.core.records_in_sqlite).

They must be the very text the change log writes in Python, and the rows stored the very values a plain insert
stores: sync and undo read both.
"""

from __future__ import annotations

import enum
import json
import shutil
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, DateTime, Enum, MetaData, Table, Uuid, select
from sqlalchemy.dialects import postgresql, sqlite

from db.branches.operations import BranchData, create_branch
from db.core.background_writer import BackgroundWriter
from db.core.changelog import ChangeRecord, Origin, background_inserts, insert_rows
from db.core.database import Database, open_database
from db.core.keys import DataKey
from db.core.records_in_sqlite import logged_insert
from db.members.models import ContactKind, ContactPoint, Member, Membership, MembershipKind

_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def _people(member_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    return [
        {"id": member_ids[0], "first_name": "Åsa", "last_name": 'Say "hi"\\', "member_number": "0098",
         "birth_year": 1950},
        {"id": member_ids[1], "first_name": "Nguyễn 🌲", "last_name": "Two\nlines", "notes": "\x01\x1f\x7f",
         "do_not_call": True},
    ]  # fmt: skip


def _contacts(member_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    return [
        {"member_id": member_ids[0], "kind": ContactKind.EMAIL, "value": "åsa@example.fi", "position": 0},
        {"member_id": member_ids[0], "kind": ContactKind.PHONE, "value": "+358401234567", "position": 1,
         "valid": False, "do_not_use": True},
        {"member_id": member_ids[1], "kind": ContactKind.PHONE, "value": "+46701234567", "position": 0},
    ]  # fmt: skip


def _memberships(member_ids: list[uuid.UUID], branch_id: uuid.UUID) -> list[dict[str, Any]]:
    return [
        {"member_id": member_ids[0], "branch_id": branch_id, "kind": MembershipKind.MEMBER,
         "joined_on": date(1975, 3, 1)},
        {"member_id": member_ids[1], "branch_id": branch_id, "kind": MembershipKind.SUPPORTER, "joined_on": None,
         "notice_received_on": date(2026, 11, 2)},
    ]  # fmt: skip


_TABLES = {"member": Member, "contact_point": ContactPoint, "membership": Membership}


def _rows(database: Database, table: str) -> list[tuple[object, ...]]:
    """Every stored value with its SQLite type, but the two moments (made when inserted)."""
    with database.engine.connect() as connection:
        columns = [row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")]
        kept = [f"{name}, typeof({name})" for name in columns if name not in ("created_at", "updated_at")]
        return [tuple(row) for row in connection.exec_driver_sql(f"SELECT {', '.join(kept)} FROM {table} ORDER BY id")]


def _records(database: Database, table: str) -> list[tuple[object, ...]]:
    with database.reading() as session:
        records = session.execute(
            select(ChangeRecord).where(ChangeRecord.entity == table).order_by(ChangeRecord.row_id)
        ).scalars()
        return [(r.row_id, r.field, r.old_value, r.new_value, r.origin, r.node_id, len(r.hlc)) for r in records]


def test_rows_and_records_sqlite_makes_are_those_python_makes(
    database_path: Path, database_key: DataKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[str] = []
    queue = BackgroundWriter.insert_payload

    def remembered(self: BackgroundWriter, sql: str, *rest: Any) -> None:
        queued.append(sql)
        queue(self, sql, *rest)

    monkeypatch.setattr(BackgroundWriter, "insert_payload", remembered)
    # Both stores start from the same file (the same node, the same branch), and get rows with the same ids.
    start = open_database(database_path, database_key)
    with start.transaction("Add branch") as session:
        branch_id = create_branch(session, BranchData(name="Vasa svenska förening"))
    start.close()
    plain_path = tmp_path / "plain.db"
    shutil.copyfile(database_path, plain_path)
    member_ids = [uuid.uuid4(), uuid.uuid4()]
    contact_ids = [uuid.uuid4() for _ in range(3)]
    membership_ids = [uuid.uuid4() for _ in range(2)]

    def write(database: Database, in_background: bool) -> None:
        contacts = [{**row, "id": id_} for row, id_ in zip(_contacts(member_ids), contact_ids, strict=True)]
        memberships = [
            {**row, "id": id_} for row, id_ in zip(_memberships(member_ids, branch_id), membership_ids, strict=True)
        ]
        with database.transaction("Import", Origin.IMPORT) as session:
            if in_background:
                with background_inserts(session):
                    _insert_all(session, member_ids, contacts, memberships)
            else:
                _insert_all(session, member_ids, contacts, memberships)

    background, plain = open_database(database_path, database_key), open_database(plain_path, database_key)
    try:
        write(background, in_background=True)
        write(plain, in_background=False)
        # Each table's records were made by SQLite (not sent made), and compare below with those made in Python.
        made_in_sqlite = [sql.split("'")[1] for sql in queued if "json_object(" in sql]
        assert made_in_sqlite == list(_TABLES)
        for table in _TABLES:
            assert _rows(background, table) == _rows(plain, table), table
            assert _records(background, table) == _records(plain, table), table
        member_records = {record[0]: json.loads(str(record[3])) for record in _records(background, "member")}
        assert member_records[str(member_ids[1])]["do_not_call"] is True
        assert member_records[str(member_ids[1])]["notes"] == "\x01\x1f\x7f"
        contact = next(
            json.loads(str(r[3])) for r in _records(background, "contact_point") if r[0] == str(contact_ids[1])
        )
        assert (
            contact["valid"] is False and contact["do_not_use"] is True and contact["member_id"] == str(member_ids[0])
        )
        membership = next(
            json.loads(str(r[3])) for r in _records(background, "membership") if r[0] == str(membership_ids[1])
        )
        assert membership["notice_received_on"] == "2026-11-02" and membership["joined_on"] is None
        assert membership["kind"] == "supporter" and membership["branch_id"] == str(branch_id)
    finally:
        background.close()
        plain.close()


def _record_of(database: Database, table: str, row_id: uuid.UUID) -> dict[str, Any]:
    return next(json.loads(str(r[3])) for r in _records(database, table) if r[0] == str(row_id))


def _insert_all(
    session: Any, member_ids: list[uuid.UUID], contacts: list[dict[str, Any]], memberships: list[dict[str, Any]]
) -> None:
    insert_rows(session, Member, _people(member_ids))
    insert_rows(session, ContactPoint, contacts)
    insert_rows(session, Membership, memberships)


def test_a_batch_with_a_moment_is_logged_in_python_and_stored_alike(database: Database) -> None:
    erased = datetime(2026, 11, 27, 3, 15, 0, 123456, tzinfo=UTC)
    with database.transaction("Import", Origin.IMPORT) as session, background_inserts(session):
        insert_rows(session, Member, [{"first_name": "Gone", "last_name": "Erased", "erased_at": erased}])
    with database.reading() as session:
        member = session.execute(select(Member).where(Member.last_name == "Erased")).scalar_one()
        record = session.execute(select(ChangeRecord).where(ChangeRecord.row_id == str(member.id))).scalar_one()
    assert member.erased_at == erased
    assert json.loads(record.new_value or "")["erased_at"] == erased.isoformat()


def test_only_types_whose_logged_value_maps_exactly_are_made_in_sqlite() -> None:
    metadata = MetaData()

    class Colour(enum.StrEnum):
        RED = "r"

    moments = Table("moments", metadata, Column("id", Uuid(), primary_key=True), Column("at", DateTime()))
    names = Table("names", metadata, Column("id", Uuid(), primary_key=True), Column("colour", Enum(Colour)))
    stamps = ["created_at", "updated_at"]
    sqlite_dialect = sqlite.dialect()
    assert logged_insert(moments, sqlite_dialect, ["id", "at", *stamps], ["at"]) is None
    # A plain Enum stores the member's name ("RED") while the log holds its value ("r").
    assert logged_insert(names, sqlite_dialect, ["id", "colour", *stamps], ["colour"]) is None
    member = Member.__table__
    inserted = ["id", "first_name", "last_name", *stamps]
    server = postgresql.dialect()  # type: ignore[no-untyped-call]
    assert logged_insert(member, server, inserted, ["first_name", "last_name"]) is None  # type: ignore[arg-type]
    made = logged_insert(member, sqlite_dialect, inserted, ["first_name", "last_name", "notes"])  # type: ignore[arg-type]
    assert made is not None and made.keys == ("id", "first_name", "last_name")
    assert "'notes', NULL" in made.records_sql  # a field left out of the insert is logged as null


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.booleans() | st.none()),
        min_size=1,
        max_size=5,
    )
)
def test_sqlite_writes_a_record_as_python_does(values: list[tuple[str, int, bool | None]]) -> None:
    # The batch holds the values as Python encodes them; json_object must give back the object Python would write.
    connection = sqlcipher3.connect(":memory:")
    try:
        made = connection.execute(
            "SELECT json_object('flag', CASE value ->> 2 WHEN 1 THEN json('true') WHEN 0 THEN json('false') END, "
            "'number', value ->> 1, 'text', value ->> 0) FROM json_each(?)",
            (_ENCODE([list(row) for row in values]),),
        ).fetchall()
    finally:
        connection.close()
    expected = [_ENCODE({"flag": flag, "number": number, "text": text}) for text, number, flag in values]
    assert [row[0] for row in made] == expected


@pytest.mark.parametrize("text", ["\u2028\u2029", "\ufeff", "\x7f", '"\\/', "\ud7ff\ue000\U0010ffff"])
def test_characters_json_writers_differ_on_are_written_as_python_does(text: str) -> None:
    connection = sqlcipher3.connect(":memory:")
    try:
        (made,) = connection.execute("SELECT json_object('text', value ->> 0) FROM json_each(?)", (_ENCODE([[text]]),))
    finally:
        connection.close()
    assert made[0] == _ENCODE({"text": text})
