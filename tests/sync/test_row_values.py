"""The values a package carries, read on the driver's cursor, are exactly what SQLAlchemy and the change log give."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from db.core.database import open_database
from db.core.keys import DataKey
from db.core.values import to_json_value
from db.demo import generate_demo
from db.sync.row_values import read_rows
from db.sync.rules import synced_entities


def test_every_synced_table_reads_the_same_values_and_types_both_ways(
    tmp_path: Path, template_database: Path, database_key: DataKey
) -> None:
    # The demo fills every synced table: ids, flags, enums, dates, moments, numbers, text and empty values.
    path = tmp_path / "demo.db"
    shutil.copyfile(template_database, path)
    database = open_database(path, database_key)
    generate_demo(database, members=120, seed=3)
    try:
        with database.reading() as session:
            empty = []
            for name, rules in synced_entities().items():
                keys = list(rules.fields)
                columns = [rules.mapper.attrs[key].columns[0] for key in keys]
                expected = {
                    str(record[0]): {key: to_json_value(value) for key, value in zip(keys, record[1:], strict=True)}
                    for record in session.execute(select(rules.table.c.id, *columns))
                }
                if not expected:
                    empty.append(name)
                    continue
                # Every other row asked for: the whole-table read must leave out the rest, the lookup must find each.
                wanted = sorted(expected)[::2]
                for whole_table in (True, False):
                    found = dict(read_rows(session, rules, wanted, whole_table=whole_table))
                    assert found == {row_id: expected[row_id] for row_id in wanted}, (name, whole_table)
                    for row_id in wanted:  # equal is not enough: True == 1, and a package must say true
                        assert [type(value) for value in found[row_id].values()] == [
                            type(value) for value in expected[row_id].values()
                        ], (name, row_id)
            assert len(empty) < len(synced_entities()) // 4, empty  # the demo must reach the tables this checks
    finally:
        database.close()
