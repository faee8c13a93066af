"""Reading synced rows' values as the change log writes them (JSON values), fast enough for a package of 100 000.

A package carries every field of each row it sends, as :func:`db.core.values.to_json_value` gives it. Going through
SQLAlchemy's result rows turns each stored id into a ``uuid.UUID`` and each value back into JSON one call at a time:
a third of the export of 100 000 changed members. On SQLite the rows are read on the driver's own cursor instead,
and each column's stored form is turned into its JSON value by a converter chosen once for the column: ids (32 hex
digits) get their hyphens, flags become booleans, text, numbers, dates and enum values are already what JSON holds;
any other type (a moment) goes through the type's own result processor and ``to_json_value``, as before. On a server
store (the central office on PostgreSQL) the rows come through SQLAlchemy as they did.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Date, Enum, Float, Integer, Numeric, String, Uuid, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from db.core.driver_rows import first_rows
from db.core.values import JsonValue, python_type_of, to_json_value
from db.sync.rules import EntityRules

_BATCH = 500

Convert = Callable[[Any], JsonValue]


def _hyphenated(stored: Any) -> JsonValue:
    text = str(stored)
    if len(text) != 32:  # not the 32 hex digits SQLAlchemy's Uuid stores on SQLite: let uuid say what it is
        return str(uuid.UUID(text))
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _flag(stored: Any) -> JsonValue:
    return bool(stored)


def _as_stored(stored: Any) -> JsonValue:
    return stored  # type: ignore[no-any-return]


def _converter(column_type: Any, dialect: Dialect) -> Convert:
    """How a value of ``column_type`` as SQLite stores it becomes its JSON value."""
    if isinstance(column_type, Uuid):
        return _hyphenated
    if isinstance(column_type, Boolean):
        return _flag
    # Text, enum values (stored as their text), numbers and dates (stored as ISO text) are their JSON value already.
    if isinstance(column_type, String | Enum | Integer | Float | Numeric | Date) and not _is_moment(column_type):
        return _as_stored
    processor = column_type.dialect_impl(dialect).result_processor(dialect, None)

    def through_the_type(stored: Any) -> JsonValue:
        return to_json_value(processor(stored) if processor is not None else stored)

    return through_the_type


def _is_moment(column_type: Any) -> bool:
    python_type = python_type_of(column_type)
    return python_type is None or python_type is datetime  # a type that does not say: converted the careful way


def read_rows(
    session: Session, rules: EntityRules, row_ids: Sequence[str], *, whole_table: bool
) -> Iterator[tuple[str, dict[str, JsonValue]]]:
    """Yield ``(row id, {field: JSON value})`` for the rows of ``rules``' table named in ``row_ids``.

    ``whole_table``: most of the table is wanted (a first package): it is read once, not looked up 500 ids at a time.
    """
    keys = list(rules.fields)
    columns = [rules.mapper.attrs[key].columns[0] for key in keys]
    id_column = rules.table.c.id
    everything = select(id_column, *columns)
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        yield from _through_sqlalchemy(session, everything, id_column, keys, row_ids, whole_table=whole_table)
        return
    converters = [_converter(column.type, dialect) for column in columns]
    pairs = list(zip(keys, converters, strict=True))
    if whole_table:
        wanted = set(row_ids)
        batches: Iterator[list[tuple[Any, ...]]] = iter([first_rows(session, everything)])
    else:
        wanted = None
        batches = (
            first_rows(session, everything.where(id_column.in_(_ids(row_ids[at : at + _BATCH]))))
            for at in range(0, len(row_ids), _BATCH)
        )
    for found in batches:
        for record in found:
            row_id = str(_hyphenated(record[0]))
            if wanted is not None and row_id not in wanted:
                continue
            yield (
                row_id,
                {
                    key: None if stored is None else convert(stored)
                    for (key, convert), stored in zip(pairs, record[1:], strict=True)
                },
            )


def _ids(row_ids: Sequence[str]) -> list[uuid.UUID]:
    return [uuid.UUID(value) for value in row_ids]


def _through_sqlalchemy(
    session: Session, everything: Any, id_column: Any, keys: list[str], row_ids: Sequence[str], *, whole_table: bool
) -> Iterator[tuple[str, dict[str, JsonValue]]]:
    if whole_table:
        wanted = set(row_ids)
        results: Iterator[Any] = iter([session.execute(everything)])
    else:
        wanted = None
        results = (
            session.execute(everything.where(id_column.in_(_ids(row_ids[at : at + _BATCH]))))
            for at in range(0, len(row_ids), _BATCH)
        )
    for result in results:
        for record in result:
            row_id = str(record[0])
            if wanted is not None and row_id not in wanted:
                continue
            yield row_id, {key: to_json_value(value) for key, value in zip(keys, record[1:], strict=True)}
