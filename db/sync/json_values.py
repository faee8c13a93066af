"""Values as a package carries them (JSON) turned into what the columns hold, checked on the way.

A first package applies hundreds of thousands of values: what depends only on the column is worked out once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, TypeDecorator

from db.core.values import JsonValue, from_json_value, python_type_of
from db.sync.rules import EntityRules


def from_json(column: Any, value: JsonValue) -> Any:
    """A logged value as the column holds it (moments included, whose type does not name its Python type)."""
    return _typing(column)(value)


_TYPINGS: dict[Any, Callable[[JsonValue], Any]] = {}


_ENTITY_TYPINGS: dict[str, dict[str, Callable[[JsonValue], Any]]] = {}


def typings_of(rules: EntityRules) -> dict[str, Callable[[JsonValue], Any]]:
    typings = _ENTITY_TYPINGS.get(rules.name)
    if typings is None:
        typings = _ENTITY_TYPINGS[rules.name] = {
            key: _typing(rules.mapper.attrs[key].columns[0]) for key in rules.fields
        }
    return typings


def _typing(column: Any) -> Callable[[JsonValue], Any]:
    """:func:`_from_json` for one column, with what depends only on the column worked out once.

    A first package applies hundreds of thousands of values; most are text, which needs no conversion at all.
    """
    typing = _TYPINGS.get(column)
    if typing is not None:
        return typing
    column_type = column.type
    moment = isinstance(column_type, TypeDecorator) and isinstance(column_type.impl, DateTime)
    python_type = None if moment else python_type_of(column_type)
    if python_type is str:

        def typing(value: JsonValue) -> Any:
            return value
    elif python_type is uuid.UUID:

        def typing(value: JsonValue) -> Any:
            return None if value is None else uuid.UUID(str(value))
    else:

        def typing(value: JsonValue) -> Any:
            return _from_json(column, value)

    _TYPINGS[column] = typing
    return typing


def _from_json(column: Any, value: JsonValue) -> Any:
    if value is not None and isinstance(column.type, TypeDecorator) and isinstance(column.type.impl, DateTime):
        if not isinstance(value, str):
            raise ValueError("a moment is text")
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("a moment has a time zone")
        return moment
    if value is not None:
        expected = _PLAIN_TYPES.get(column.type.python_type)
        if expected is not None and type(value) not in expected:
            raise ValueError(f"a {column.type.python_type.__name__} column given {type(value).__name__}")
    return from_json_value(column, value)


_PLAIN_TYPES: dict[type, tuple[type, ...]] = {int: (int,), bool: (bool,), float: (float, int)}
