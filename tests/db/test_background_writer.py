"""Inserts written by SQLite in a second thread (db.core.background_writer) store and log exactly what plain ones do."""

from __future__ import annotations

import json
import shutil
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core import background_writer
from db.core.changelog import ChangeRecord, Origin, background_inserts, insert_rows
from db.core.database import Database, open_database
from db.core.errors import StorageError
from db.core.keys import DataKey
from db.members.models import ContactPoint, Member

# Text that JSON has to escape or that looks like something else: all of it must come back as written.
TRICKY: list[dict[str, Any]] = [
    {"first_name": "Åsa-Britt", "last_name": "Åhlström", "member_number": "0098", "birth_year": 1950},
    {"first_name": 'Say "hi"', "last_name": "Back\\slash", "member_number": "1e5", "notes": "two\nlines\ttab"},
    {"first_name": "Nguyễn", "last_name": "Łukasz 🌲", "member_number": "12", "notes": "\x01control\x1f"},
    {"first_name": "Null", "last_name": "Values", "member_number": None, "notes": None, "city": "   "},
]


def _stored(database: Database, last_names: list[str]) -> list[tuple[object, ...]]:
    columns = "first_name, last_name, member_number, typeof(member_number), birth_year, typeof(birth_year), notes, city"
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"SELECT {columns} FROM member ORDER BY first_name").all()
    return [tuple(row) for row in rows if row[1] in last_names]


def _logged(database: Database) -> list[tuple[object, ...]]:
    """The member records as stored (the new value as its text)."""
    with database.reading() as session:
        records = session.execute(
            select(ChangeRecord).where(ChangeRecord.entity == "member").order_by(ChangeRecord.seq)
        ).scalars()
        return [(record.field, record.old_value, record.new_value, record.origin, record.node_id) for record in records]


def test_rows_written_in_the_background_are_stored_and_logged_as_plain_inserts_are(
    database_path: Path, database_key: DataKey, tmp_path: Path
) -> None:
    plain_path = tmp_path / "plain.db"
    shutil.copyfile(database_path, plain_path)
    background, plain = open_database(database_path, database_key), open_database(plain_path, database_key)
    try:
        with background.transaction("Import", Origin.IMPORT) as session, background_inserts(session):
            insert_rows(session, Member, TRICKY)
        with plain.transaction("Import", Origin.IMPORT) as session:
            insert_rows(session, Member, TRICKY)
        last_names = [str(row["last_name"]) for row in TRICKY]
        stored = _stored(background, last_names)
        assert stored == _stored(plain, last_names)
        assert ("Åsa-Britt", "Åhlström", "0098", "text", 1950, "integer", None, None) in stored
        assert ('Say "hi"', "Back\\slash", "1e5", "text", None, "null", "two\nlines\ttab", None) in stored
        assert any(row[6] == "\x01control\x1f" for row in stored)
        assert _logged(background)[-4:] == _logged(plain)[-4:]
        # The timestamps go to the writer once per batch, as parameters: stored as the plain insert stores them.
        stamps = "SELECT DISTINCT typeof(created_at), length(created_at), created_at = updated_at FROM member"
        for store in (background, plain):
            with store.engine.connect() as connection:
                assert connection.exec_driver_sql(stamps + " WHERE last_name = 'Values'").all() == [("text", 26, 1)]
    finally:
        background.close()
        plain.close()


def test_batches_keep_their_order_and_an_error_in_the_thread_reaches_the_caller(database: Database) -> None:
    with database.transaction("Import", Origin.IMPORT) as session, background_inserts(session):
        insert_rows(session, Member, [{"id": None, "first_name": f"N{n}", "last_name": "Order"} for n in range(50)])
    with database.reading() as session:
        names = list(session.execute(select(Member.first_name).where(Member.last_name == "Order")).scalars())
        logged = [json.loads(r.new_value or "")["first_name"] for r in _records_of(session, "Order")]
    assert sorted(names) == sorted(f"N{n}" for n in range(50))
    assert logged == [f"N{n}" for n in range(50)]  # change records in the order given

    before = _member_count(database)
    # A contact of a member that does not exist breaks a foreign key in the thread: the whole import is undone.
    with (
        pytest.raises(sqlcipher3.IntegrityError, match="FOREIGN KEY"),
        database.transaction("Import", Origin.IMPORT) as session,
        background_inserts(session),
    ):
        insert_rows(session, Member, [{"first_name": "Kept", "last_name": "Never"}])
        insert_rows(session, ContactPoint, [{"member_id": uuid.uuid4(), "kind": "email", "value": "a@b.fi"}])
    assert _member_count(database) == before


def test_nothing_else_may_use_the_connection_while_the_writer_has_it(database: Database) -> None:
    with (
        pytest.raises(RuntimeError, match="background writer"),
        database.transaction("Import", Origin.IMPORT) as session,
        background_inserts(session),
    ):
        insert_rows(session, Member, [{"first_name": "Early", "last_name": "Orm"}])
        session.add(Member(first_name="Late", last_name="Orm"))
        session.flush()
    with database.reading() as session:
        assert not list(session.execute(select(Member).where(Member.last_name == "Orm")).scalars())


def test_a_full_disk_in_the_thread_is_the_users_error(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    failure = sqlcipher3.OperationalError("database or disk is full")
    failure.sqlite_errorcode = 13  # SQLITE_FULL

    def refuse(_cursor: object, _sql: str, _parameters: object, _mode: str) -> None:
        raise failure

    monkeypatch.setattr(background_writer, "_run_batch", refuse)
    with (
        pytest.raises(StorageError),
        database.transaction("Import", Origin.IMPORT) as session,
        background_inserts(session),
    ):
        insert_rows(session, Member, [{"first_name": "Full", "last_name": "Disk"}])
    with database.reading() as session:
        assert not list(session.execute(select(Member).where(Member.last_name == "Disk")).scalars())


def _records_of(session: Session, last_name: str) -> list[ChangeRecord]:
    records = session.execute(select(ChangeRecord).where(ChangeRecord.entity == "member").order_by(ChangeRecord.seq))
    return [r for r in records.scalars() if json.loads(r.new_value or "{}").get("last_name") == last_name]


def _member_count(database: Database) -> int:
    with database.reading() as session:
        return len(list(session.execute(select(Member.id)).scalars()))


def test_values_json_cannot_carry_go_through_executemany(tmp_path: Path) -> None:
    connection = sqlcipher3.connect(str(tmp_path / "plain.db"), isolation_level=None, check_same_thread=False)
    connection.execute("CREATE TABLE t (a, b)")
    writer = background_writer.BackgroundWriter(connection, tmp_path / "plain.db")
    json_sql = background_writer.json_insert_sql("t", ["a", "b"])
    writer.insert(json_sql, "INSERT INTO t (a, b) VALUES (?, ?)", [(b"\x00\xff", 1.5), (None, 2)])
    writer.insert(json_sql, "INSERT INTO t (a, b) VALUES (?, ?)", [("text", float("nan"))])
    writer.insert(json_sql, "INSERT INTO t (a, b) VALUES (?, ?)", [("json", 0.1)])
    shared_sql = background_writer.json_insert_sql("t", ["a"], shared=["b"])
    assert writer.insert_stamped(shared_sql, [("shared",), ("twice",)], (7,))
    assert not writer.insert_stamped(shared_sql, [(b"bytes",)], (8,))  # refused, nothing queued
    writer.finish()
    rows = connection.execute("SELECT a, b, typeof(b) FROM t ORDER BY rowid").fetchall()
    assert rows[:2] == [(b"\x00\xff", 1.5, "real"), (None, 2, "integer")]
    assert rows[2][0] == "text" and rows[2][2] == "null"  # SQLite stores a NaN as NULL
    assert rows[3] == ("json", 0.1, "real")
    assert rows[4:] == [("shared", 7, "integer"), ("twice", 7, "integer")]
    connection.close()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), json_values, max_size=6), min_size=1, max_size=5))
def test_sqlite_gives_back_an_embedded_json_object_exactly_as_written(objects: list[dict[str, Any]]) -> None:
    # The change log's insert records reach a background writer with their new value (a JSON object) written into
    # the batch's JSON text as it is, and SQLite's "->" takes it out again: it must be the very same text.
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
    texts = [encode(value) for value in objects]
    payload = "[" + ",".join(f'["member",{text}]' for text in texts) + "]"
    connection = sqlcipher3.connect(":memory:")
    try:
        assert [row[0] for row in connection.execute("SELECT value -> 1 FROM json_each(?)", (payload,))] == texts
    finally:
        connection.close()


def test_the_writer_gets_pythons_lock_back_sooner_while_it_runs(database: Database) -> None:
    # A busy main thread would keep the writer waiting up to the switch interval before and after each statement.
    before = sys.getswitchinterval()
    seen: list[float] = []
    with database.transaction("Import", Origin.IMPORT) as session, background_inserts(session):
        insert_rows(session, Member, [{"first_name": "Quick", "last_name": "Switch"}])
        seen.append(sys.getswitchinterval())
    assert seen == [pytest.approx(0.001)] and sys.getswitchinterval() == before
    with (
        pytest.raises(RuntimeError),
        database.transaction("Import", Origin.IMPORT) as session,
        background_inserts(session),
    ):
        raise RuntimeError("abandoned")
    assert sys.getswitchinterval() == before
