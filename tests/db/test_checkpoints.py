"""The write-ahead log is copied into the database file by a background thread, never by the committing one."""

from __future__ import annotations

import pytest

from db.core import checkpoints
from db.core.changelog import Origin, insert_rows
from db.core.database import Database
from db.members.models import Member


def _write_a_lot(database: Database) -> None:
    rows = [{"first_name": f"N{n}", "last_name": "Wal", "notes": "x" * 2000} for n in range(3000)]  # some 6 MB
    with database.transaction("Import", Origin.IMPORT) as session:
        insert_rows(session, Member, rows)


def test_a_long_log_is_copied_back_after_the_commit(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one() == 0
    before = database.path.stat().st_size
    _write_a_lot(database)
    database.checkpointer.wait()
    assert database.path.stat().st_size - before > checkpoints.CHECKPOINT_BYTES


def test_the_commit_itself_copies_nothing(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database.checkpointer, "after_commit", lambda: None)
    before = database.path.stat().st_size
    _write_a_lot(database)
    assert database.path.stat().st_size == before  # all of it still in the -wal file
    wal = database.path.with_name(database.path.name + "-wal")
    assert wal.stat().st_size > checkpoints.CHECKPOINT_BYTES


def test_a_short_log_is_left_for_later(database: Database) -> None:
    before = database.path.stat().st_size
    with database.transaction("Add") as session:
        session.add(Member(first_name="One", last_name="Row"))
    database.checkpointer.wait()
    assert database.path.stat().st_size == before
