"""Every write of a synced row lands in the change log, through the one session hook."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, func, insert, select, update

from db.core.changelog import ChangeRecord, Operation, Origin
from db.core.database import Database
from db.core.errors import HardDeleteError, UnloggedWriteError
from db.core.hlc import HlcStamp
from db.members.models import Member


def _records(database: Database) -> list[ChangeRecord]:
    with database.reading() as session:
        return list(session.execute(select(ChangeRecord).order_by(ChangeRecord.seq)).scalars())


def test_insert_is_logged_as_the_whole_row(database: Database) -> None:
    with database.transaction("Add member") as session:
        member = Member(first_name="Eino", last_name="Leino", birth_year=1950)
        session.add(member)
    record = _records(database)[-1]
    assert record.entity == "member"
    assert record.row_id == str(member.id)
    assert record.field is None
    row = json.loads(record.new_value or "")
    assert row["first_name"] == "Eino" and row["birth_year"] == 1950 and row["language"] == "fi"
    assert "updated_at" not in row
    assert record.origin == Origin.LOCAL
    assert record.node_id == database.node_id


def test_update_logs_each_changed_field_with_old_and_new_value(database: Database) -> None:
    with database.transaction("Add member") as session:
        member = Member(first_name="Eino", last_name="Leino")
        session.add(member)
    before = len(_records(database))
    with database.transaction("Edit member") as session:
        row = session.get(Member, member.id)
        assert row is not None
        row.first_name = "Eeva"
        row.city = "Vaasa"
        row.last_name = "Leino"  # unchanged: not logged
    records = _records(database)[before:]
    assert {(r.field, r.old_value, r.new_value) for r in records} == {
        ("first_name", '"Eino"', '"Eeva"'),
        ("city", "null", '"Vaasa"'),
    }
    with database.reading() as session:
        labels = [op.label for op in session.execute(select(Operation).order_by(Operation.id)).scalars()]
    assert labels[-1] == "Edit member"
    assert len({r.operation_id for r in records}) == 1


def test_update_of_an_unloaded_attribute_still_logs_the_old_value(database: Database) -> None:
    with database.transaction("Add member") as session:
        member = Member(first_name="Eino", last_name="Leino")
        session.add(member)
    with database.transaction("Edit member") as session:
        row = session.get(Member, member.id)
        assert row is not None
        session.expire(row, ["first_name"])
        row.first_name = "Aino"
    assert _records(database)[-1].old_value == '"Eino"'


def test_soft_delete_is_a_logged_field_change(database: Database) -> None:
    with database.transaction("Add member") as session:
        member = Member(first_name="Eino", last_name="Leino")
        session.add(member)
    with database.transaction("Delete member") as session:
        row = session.get(Member, member.id)
        assert row is not None
        row.deleted_at = row.created_at
    assert _records(database)[-1].field == "deleted_at"


def test_hard_delete_and_bulk_updates_are_refused(database: Database) -> None:
    with database.transaction("Add member") as session:
        member = Member(first_name="Eino", last_name="Leino")
        session.add(member)
    with pytest.raises(HardDeleteError), database.transaction("Delete") as session:
        session.delete(session.get(Member, member.id))
    with pytest.raises(UnloggedWriteError), database.transaction("Bulk") as session:
        session.execute(update(Member).values(city="X"))
    with pytest.raises(UnloggedWriteError), database.transaction("Bulk") as session:
        session.execute(delete(Member))
    with database.reading() as session:
        assert session.execute(select(func.count()).select_from(Member)).scalar() == 1


def test_bulk_insert_is_logged_row_by_row(database: Database) -> None:
    before = len(_records(database))
    with database.transaction("Import", Origin.IMPORT) as session:
        session.execute(insert(Member), [{"first_name": f"N{i}", "last_name": "Bulk"} for i in range(5)])
    records = _records(database)[before:]
    assert len(records) == 5
    assert all(r.origin == Origin.IMPORT and r.field is None for r in records)
    with database.reading() as session:
        ids = {str(i) for i in session.execute(select(Member.id).where(Member.last_name == "Bulk")).scalars()}
    assert {r.row_id for r in records} == ids


def test_rolled_back_transaction_leaves_no_log(database: Database) -> None:
    before = len(_records(database))
    with pytest.raises(RuntimeError), database.transaction("Add member") as session:
        session.add(Member(first_name="Eino", last_name="Leino"))
        session.flush()
        raise RuntimeError("user cancelled")
    assert len(_records(database)) == before


def test_hlc_stamps_increase_and_survive_reopening(database: Database, database_key) -> None:
    for name in ("A", "B", "C"):
        with database.transaction("Add") as session:
            session.add(Member(first_name=name, last_name="X"))
    stamps = [HlcStamp.parse(r.hlc) for r in _records(database)]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    last = stamps[-1]
    path = database.path
    database.close()
    from db.core.database import open_database

    again = open_database(path, database_key)
    try:
        assert again.clock.tick() > last
    finally:
        again.close()


@pytest.mark.parametrize("fast_path", [True, False])
def test_log_records_are_the_same_written_as_tuples_or_as_named_values(
    database: Database, monkeypatch: pytest.MonkeyPatch, fast_path: bool
) -> None:
    # SQLite takes the records as tuples in the statement's order; a driver with named parameters (PostgreSQL at
    # the central office) takes them as dicts. Both must write the same record.
    from db.core import changelog

    if not fast_path:
        monkeypatch.setattr(changelog, "_LOG_ORDER", ())
    before = len(_records(database))
    with database.transaction("Import", Origin.IMPORT) as session:
        session.execute(insert(Member), [{"first_name": f"N{i}", "last_name": "Both"} for i in range(3)])
        member = session.execute(select(Member).where(Member.first_name == "N0")).scalar_one()
        member.last_name = "Changed"
    records = _records(database)[before:]
    assert [(r.field, r.origin, r.node_id) for r in records] == [(None, Origin.IMPORT, database.node_id)] * 3 + [
        ("last_name", Origin.IMPORT, database.node_id)
    ]
    assert json.loads(records[-1].old_value or "") == "Both" and json.loads(records[-1].new_value or "") == "Changed"
    assert len({r.operation_id for r in records}) == 1
    assert [r.hlc for r in records] == sorted(r.hlc for r in records)
