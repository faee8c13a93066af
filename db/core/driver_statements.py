"""Statements that write many rows at driver level, compiled once per table, with their values converted cheaply.

The change log's bulk writers (``insert_rows``, ``update_rows``, the log's own records) hand SQLite plain tuples
instead of going through the ORM's per-row work; this module makes those statements and turns row values into what
the driver takes, as the column types' own bind processors would.
"""

from __future__ import annotations

import operator
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Dialect, Integer, Table, Uuid, bindparam, insert, update

from db.core.background_writer import json_insert_sql


def null_everywhere(table: Table, rows: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """The columns that are None in every row and would be NULL if left out of the INSERT (no server default).

    Binding a None costs the driver (sqlcipher3) an adapter lookup, about a microsecond: for a member's eight empty
    columns a second on an import of 100 000 people. Leaving such a column out stores the same NULL for free.
    """
    return frozenset(
        column.key
        for column in table.columns
        if column.nullable
        and column.server_default is None
        and not column.primary_key
        and all(row[column.key] is None for row in rows)
    )


class DriverStatement:
    """A statement compiled once for a table and dialect, with the converters that turn row values into driver values.

    ``names`` are the statement's parameters in its order, ``keys`` the row keys (column keys) that fill them.
    """

    def __init__(
        self, compiled: Any, names: Sequence[str], keys: Sequence[str], table: Table, dialect: Dialect
    ) -> None:
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        self.names = list(names)
        self.order = list(keys)
        quote = dialect.identifier_preparer.quote
        # The same insert with its rows as one JSON text (for a BackgroundWriter; meaningless for an update).
        columns = [quote(table.columns[key].name) for key in self.order]
        self.json_sql = json_insert_sql(quote(table.name), columns)
        # And with the two timestamps, the same in every row of a batch, bound once instead of sent in each row.
        self.stamp_positions: tuple[int, int] | None = None
        self.json_stamped_sql: str | None = None
        if "created_at" in self.order and "updated_at" in self.order:
            created, updated = self.order.index("created_at"), self.order.index("updated_at")
            if updated == created + 1:
                self.stamp_positions = (created, updated)
                others = columns[:created] + columns[updated + 1 :]
                self.json_stamped_sql = json_insert_sql(
                    quote(table.name), others, shared=columns[created : updated + 1]
                )
        self._values = operator.itemgetter(*self.order)
        converters = [_converter(table.columns[key].type, dialect) for key in self.order]
        self._conversions = [(index, convert) for index, convert in enumerate(converters) if convert is not None]

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        """Return the driver parameters of complete ``rows`` (tuples or dicts, as the driver's paramstyle wants)."""
        values_of, conversions = self._values, self._conversions
        converted: list[tuple[Any, ...]] = []
        # itemgetter picks every value in C; only the columns whose type converts (ids, dates, enums) are touched.
        for row in rows:
            values = list(values_of(row))
            for index, convert in conversions:
                values[index] = convert(values[index])
            converted.append(tuple(values))
        if self.positional:
            return converted
        return [dict(zip(self.names, values, strict=True)) for values in converted]

    def stamps_of(self, row: Mapping[str, Any]) -> tuple[Any, Any]:
        """The driver values of a row's ``created_at`` and ``updated_at`` (the same in a batch of inserts)."""
        assert self.stamp_positions is not None and self.positional
        (converted,) = self.parameters([row])
        created, updated = self.stamp_positions
        return converted[created], converted[updated]


def _insert_statement(table: Table, dialect: Dialect, omitted: frozenset[str]) -> DriverStatement:
    """An INSERT of every column but the ``omitted`` ones and an integer primary key (the log's seq)."""
    keys = [
        column.key
        for column in table.columns
        if column.key not in omitted
        and not (column.primary_key and isinstance(column.type, Integer) and column.autoincrement in (True, "auto"))
    ]
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    order = list(compiled.positiontup or keys)
    return DriverStatement(compiled, order, order, table, dialect)


def _update_statement(table: Table, keys: tuple[str, ...], dialect: Dialect) -> DriverStatement:
    """An UPDATE of ``keys`` and ``updated_at`` of one row by id."""
    # Parameters are named "set_<column>" and "where_id": SQLAlchemy keeps a column's own name for itself.
    assignments: dict[str, Any] = {key: bindparam(f"set_{key}") for key in (*keys, "updated_at")}
    compiled = update(table).where(table.c.id == bindparam("where_id")).values(assignments).compile(dialect=dialect)
    names = list(compiled.positiontup or compiled.binds)
    columns = [name.removeprefix("set_") if name.startswith("set_") else "id" for name in names]
    return DriverStatement(compiled, names, columns, table, dialect)


def _converter(column_type: Any, dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column type's own bind processor, remembering its last answer.

    Rows written together share most of their values' *kinds* and many values outright (every row of a batch has
    the same created_at and updated_at, the same few enum values); remembering the last conversion saves most of the
    processors' cost without changing what they store.
    """
    processor = column_type.dialect_impl(dialect).bind_processor(dialect)
    if processor is None:
        return None
    if isinstance(column_type, Uuid) and column_type.as_uuid and dialect.name == "sqlite":
        # Ids are all different: nothing to remember, and comparing UUIDs costs more than their hex (what SQLite
        # stores, as the processor does); anything else than a UUID still goes through the processor.
        uuid_type = uuid.UUID

        def hex_of(value: Any) -> Any:
            return value.hex if isinstance(value, uuid_type) else processor(value)

        return hex_of
    last: list[Any] = [object(), None]

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if value is last[0] or (type(value) is type(last[0]) and value == last[0]):
            return last[1]
        result = processor(value)
        last[0], last[1] = value, result
        return result

    return convert


_DRIVER_UPDATES: dict[tuple[str, tuple[str, ...], str], DriverStatement] = {}


def driver_update(table: Table, keys: tuple[str, ...], dialect: Dialect) -> DriverStatement:
    cache_key = (table.name, keys, dialect.name)
    writer = _DRIVER_UPDATES.get(cache_key)
    if writer is None:
        writer = _DRIVER_UPDATES[cache_key] = _update_statement(table, keys, dialect)
    return writer


_DRIVER_INSERTS: dict[tuple[str, str, frozenset[str]], DriverStatement] = {}


def driver_insert(table: Table, dialect: Dialect, omitted: frozenset[str] = frozenset()) -> DriverStatement:
    key = (table.name, dialect.name, omitted)
    writer = _DRIVER_INSERTS.get(key)
    if writer is None:
        writer = _DRIVER_INSERTS[key] = _insert_statement(table, dialect, omitted)
    return writer
