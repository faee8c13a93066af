"""A row as the change log holds it: the fields logged, their JSON values, and one record per inserted row.

The change log (``db.core.changelog``) logs an insert as one record holding the whole row as JSON (keys sorted,
compact, as :func:`db.core.values.dump` writes it); these are the pieces that make that record from a row, shared
by its ORM hook, its bulk writers, and SQLite's own records (``db.core.records_in_sqlite``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy.orm import Mapper
from sqlalchemy.sql.schema import ColumnDefault

from db.core.base import new_id, utcnow
from db.core.values import python_type_of, to_json_value

# Fields that change on every write and carry no information of their own (the HLC stamp orders changes).
UNLOGGED_FIELDS = frozenset({"id", "created_at", "updated_at"})


class LogEntry(NamedTuple):
    """One record to write (a NamedTuple: an import makes 400 000 of them, at a third of a dataclass's cost)."""

    entity: str
    row_id: str
    field: str | None
    old_value: str | None
    new_value: str | None


def completed_rows(mapper: Mapper[Any], rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows about to be inserted with their ids, timestamps and defaults filled."""
    now = utcnow()
    defaults = _scalar_defaults(mapper)
    completed: list[dict[str, Any]] = []
    for given in rows:
        row = {**defaults, **given}
        if row.get("id") is None:
            row["id"] = new_id()
        row["created_at"] = now
        row["updated_at"] = now
        completed.append(row)
    return completed


def insert_entries(mapper: Mapper[Any], completed: list[dict[str, Any]]) -> list[LogEntry]:
    """The insert records of completed rows, each holding the row's logged fields."""
    entity = mapper.class_.__tablename__
    logged_keys, conversions = log_shape(mapper)
    entries: list[LogEntry] = []
    for row in completed:
        # Built in sorted key order and encoded without sorting: the same text as dump(), at half the cost.
        logged = {key: row[key] for key in logged_keys}
        for key, convert in conversions:
            value = logged[key]
            if value is not None:
                logged[key] = convert(value)
        entries.append(LogEntry(entity, str(row["id"]), None, None, _encode_sorted(logged)))
    return entries


_encode_sorted = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_PLAIN_TYPES = (str, int, float, bool)
_LOG_SHAPES: dict[type, tuple[tuple[str, ...], tuple[tuple[str, Callable[[Any], Any]], ...]]] = {}


def log_shape(mapper: Mapper[Any]) -> tuple[tuple[str, ...], tuple[tuple[str, Callable[[Any], Any]], ...]]:
    """The logged fields of a model in sorted order, and how to turn the values of those that need it into JSON."""
    shape = _LOG_SHAPES.get(mapper.class_)
    if shape is None:
        keys = sorted(attr.key for attr in mapper.column_attrs if attr.key not in UNLOGGED_FIELDS)
        converters = json_converters(mapper)
        shape = _LOG_SHAPES[mapper.class_] = (
            tuple(keys),
            tuple((key, converters[key]) for key in keys if key in converters),
        )
    return shape


def json_converters(mapper: Mapper[Any]) -> dict[str, Callable[[Any], Any]]:
    """How to turn the values of a model's fields into their logged JSON values, for the fields that need it.

    Ids are the most common (every row has one, most have a link or two): ``str`` turns them into what
    :func:`to_json_value` would, without its type tests, which an import of 100 000 members runs a million times.
    """
    converters = _JSON_CONVERTERS.get(mapper.class_)
    if converters is None:
        types = {attr.key: python_type_of(attr.columns[0].type) for attr in mapper.column_attrs}
        converters = _JSON_CONVERTERS[mapper.class_] = {
            key: str if python_type is uuid.UUID else to_json_value
            for key, python_type in types.items()
            if python_type not in _PLAIN_TYPES
        }
    return converters


_JSON_CONVERTERS: dict[type, dict[str, Callable[[Any], Any]]] = {}


def _scalar_defaults(mapper: Mapper[Any]) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        if attr.key in UNLOGGED_FIELDS:
            continue
        default = attr.columns[0].default
        defaults[attr.key] = default.arg if isinstance(default, ColumnDefault) and default.is_scalar else None
    return defaults
