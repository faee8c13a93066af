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


def test_driver_level_insert_stores_empty_columns_as_null_and_logs_them(database: Database) -> None:
    # insert_rows leaves out of its INSERT the columns that are None in every row (binding a None is slow in the
    # driver): they must still be NULL, and logged as null.
    from db.core.changelog import insert_rows
    from db.core.driver_statements import null_everywhere

    before = len(_records(database))
    with database.transaction("Import", Origin.IMPORT) as session:
        insert_rows(session, Member, [{"first_name": "Empty", "last_name": "Columns", "city": None}])
        insert_rows(session, Member, [{"first_name": "Half", "last_name": "Columns", "city": "Vaasa"}])
    with database.engine.connect() as connection:
        stored = connection.exec_driver_sql(
            "SELECT first_name, city, do_not_call, notes FROM member WHERE last_name = 'Columns' ORDER BY first_name"
        ).all()
    assert stored == [("Empty", None, 0, None), ("Half", "Vaasa", 0, None)]
    records = _records(database)[before:]
    assert [(r.field, r.old_value) for r in records] == [(None, None)] * 2
    logged = [json.loads(r.new_value or "") for r in records]
    assert [(row["first_name"], row["city"], row["notes"]) for row in logged] == [
        ("Empty", None, None),
        ("Half", "Vaasa", None),
    ]
    # Only nullable columns without a database default are left out: a None given for any other stays bound.
    empty = {column.key: None for column in Member.__table__.columns}
    omitted = null_everywhere(Member.__table__, [empty])
    assert {"notes", "city", "deleted_at"} <= omitted
    assert not omitted & {"id", "first_name", "do_not_call"}
    assert "city" not in null_everywhere(Member.__table__, [empty, {**empty, "city": "Vaasa"}])


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


def test_driver_level_update_writes_and_logs_what_an_orm_update_does(database: Database) -> None:
    from db.core.changelog import RowUpdate, update_rows
    from db.core.undo import undo_last
    from db.core.values import to_json_value
    from db.members.search import find_members

    with database.transaction("Add") as session:
        session.execute(
            insert(Member), [{"first_name": f"P{i}", "last_name": "Same", "birth_year": 1960} for i in range(4)]
        )
    with database.reading() as session:
        people = list(session.execute(select(Member).order_by(Member.first_name)).scalars())
    orm_id, bulk_id, other_bulk_id, untouched_id = (person.id for person in people)
    stamp_before = people[1].updated_at

    def old(person: Member, *keys: str) -> dict[str, object]:
        return {key: to_json_value(getattr(person, key)) for key in keys}

    before = len(_records(database))
    with database.transaction("Edit by the ORM") as session:
        row = session.get(Member, orm_id)
        assert row is not None
        row.first_name, row.birth_year, row.city = "Orm", 1961, None
    orm_records = _records(database)[before:]
    with database.transaction("Edit at driver level", Origin.IMPORT) as session:
        stale = session.get(Member, bulk_id)  # loaded before the write: must not keep the old name
        assert stale is not None and stale.first_name == "P1"
        changed = update_rows(
            session,
            Member,
            [
                RowUpdate(str(bulk_id), {"first_name": "Bulk", "birth_year": 1961, "city": None},
                          old(people[1], "first_name", "birth_year", "city")),
                RowUpdate(str(other_bulk_id), {"city": "Vasa"}, old(people[2], "city")),
                RowUpdate(str(untouched_id), {"last_name": "Same"}, old(people[3], "last_name")),  # no change
            ],
        )  # fmt: skip
        assert changed.rows == 2
        assert stale.first_name == "Bulk"
    bulk_records = _records(database)[before + len(orm_records) :]
    assert [record.seq for record in bulk_records] == list(changed.log_seqs)
    # The same records as the ORM writes for the same edit: one per changed field, old and new value as JSON.
    assert {(r.field, r.old_value, r.new_value) for r in orm_records} == {
        ("first_name", '"P0"', '"Orm"'),
        ("birth_year", "1960", "1961"),
    }
    assert [(r.row_id, r.field, r.old_value, r.new_value, r.origin) for r in bulk_records] == [
        (str(bulk_id), "first_name", '"P1"', '"Bulk"', Origin.IMPORT),
        (str(bulk_id), "birth_year", "1960", "1961", Origin.IMPORT),
        (str(other_bulk_id), "city", "null", '"Vasa"', Origin.IMPORT),
    ]
    with database.reading() as session:
        stored = {person.id: person for person in session.execute(select(Member)).scalars()}
        assert (stored[bulk_id].first_name, stored[bulk_id].birth_year) == ("Bulk", 1961)
        assert stored[other_bulk_id].city == "Vasa"
        assert stored[bulk_id].updated_at > stamp_before
        assert stored[untouched_id].updated_at == people[3].updated_at
        # The member list follows (its rows are refreshed from the logged rows at the commit).
        assert [member.id for member in find_members(session, "bulk", people[0].created_at.date())] == [bulk_id]
    with database.transaction("Undo") as session:
        undo_last(session)
    with database.reading() as session:
        restored = session.get(Member, bulk_id)
        assert restored is not None and (restored.first_name, restored.birth_year) == ("P1", 1960)
        other = session.get(Member, other_bulk_id)
        assert other is not None and other.city is None
