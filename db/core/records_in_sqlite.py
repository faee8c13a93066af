"""Bulk inserts whose change records SQLite writes itself, from the same batch as the rows.

An insert's change record holds the whole row as JSON (``{"city":"Vaasa","first_name":"Aino",…}``, keys sorted,
compact, as :func:`db.core.values.dump` writes it). On a background writer (an import of 100 000 members logs
400 000 inserts), building and encoding those objects in Python cost as much as SQLite's storing everything. So
each batch goes to SQLite once, as a JSON array of rows holding their *logged* values (ids hyphenated, dates as
ISO text, booleans true/false) followed by the row's HLC stamp, and two statements read it: one inserts the rows
(turning each value into its stored form), the other logs them, building each record with ``json_object``.

The record must be exactly the text Python would write, since sync and undo read the log. It is, for the column
types whose stored value is their logged value (text, integers, dates, enums stored as their value) or a plain
function of it (ids: the hyphens taken out; booleans: true → 1), SQLite escaping strings as Python's
``ensure_ascii=False`` encoder does (a property test holds the two to it). A table that would insert a value of any
other type (a moment, a number with a fraction) gets None, and is logged in Python as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Column, Date, Dialect, Enum, Integer, String, Table, Uuid

_STAMPS = ("created_at", "updated_at")


@dataclass(frozen=True)
class LoggedInsert:
    """The two statements reading one batch: each row is the logged values of ``keys``, then the row's stamp.

    ``rows_sql`` takes (created_at, updated_at, batch) with the moments as the driver takes them; ``records_sql``
    takes (operation id, node id, origin, batch).
    """

    keys: tuple[str, ...]
    rows_sql: str
    records_sql: str


def logged_insert(
    table: Table, dialect: Dialect, inserted: Sequence[str], logged_keys: Sequence[str]
) -> LoggedInsert | None:
    """The statements for rows that fill ``inserted`` (with created_at and updated_at), or None where inexact.

    Args:
        table: the table the rows go to.
        dialect: the connection's: only SQLite is meant.
        inserted: the columns the rows fill (the others are left out, as empty in every row).
        logged_keys: the fields a record holds, sorted; those not inserted are logged as null.
    """
    keys = tuple(key for key in inserted if key not in _STAMPS)
    if (
        dialect.name != "sqlite"
        or len(keys) != len(inserted) - len(_STAMPS)
        or "id" not in keys
        or not isinstance(table.columns["id"].type, Uuid)
    ):
        return None
    stored: list[str] = []
    logged: dict[str, str] = {}
    for index, key in enumerate(keys):
        forms = _forms(table.columns[key], f"value ->> {index}")
        if forms is None:
            return None
        stored.append(forms[0])
        logged[key] = forms[1]
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(table.columns[key].name) for key in (*keys, *_STAMPS))
    rows_sql = f"INSERT INTO {quote(table.name)} ({columns}) SELECT {', '.join(stored)}, ?1, ?2 FROM json_each(?3)"
    pairs = ", ".join(f"'{key}', {logged.get(key, 'NULL')}" for key in logged_keys)
    records_sql = (
        "INSERT INTO change_log (operation_id, entity, row_id, new_value, hlc, node_id, origin) "
        f"SELECT ?1, '{table.name}', {logged['id']}, json_object({pairs}), value ->> {len(keys)}, ?2, ?3 "
        "FROM json_each(?4)"
    )
    return LoggedInsert(keys, rows_sql, records_sql)


def _forms(column: Column[Any], value: str) -> tuple[str, str] | None:
    """The SQL of a column's stored value and of its logged JSON value, or None for a type this cannot do exactly.

    ``value`` reads the column's logged value from the batch: ``->>`` gives text, numbers, 1 or 0 for true or false.
    """
    column_type = column.type
    if isinstance(column_type, Uuid):
        return (f"replace({value}, '-', '')", value) if column_type.as_uuid else None
    if isinstance(column_type, Boolean):
        # json() gives the literal, which json_object writes as it is rather than as a string.
        return value, f"CASE {value} WHEN 1 THEN json('true') WHEN 0 THEN json('false') END"
    if isinstance(column_type, Enum):
        # Logged as the member's value: the same text only where that value is also what is stored (text_enum).
        enum_class = column_type.enum_class
        stores_values = enum_class is not None and list(column_type.enums) == [member.value for member in enum_class]
        return (value, value) if stores_values else None
    if isinstance(column_type, String | Integer | Date):
        return value, value
    return None
