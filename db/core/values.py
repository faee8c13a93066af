"""Column values as JSON, for the change log (and so for undo and sync)."""

from __future__ import annotations

import enum
import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column

JsonValue = str | int | float | bool | None


_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_json_value(value: Any) -> JsonValue:
    """Return a value that JSON can hold and :func:`from_json_value` can turn back."""
    if type(value) in _PLAIN:  # the common case first: this runs for every field of every imported row
        return value  # type: ignore[no-any-return]
    if isinstance(value, bool | int | float | str):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot log a value of type {type(value).__name__}")


def python_type_of(column_type: Any) -> type | None:
    """The Python type a column type holds, or None when the type does not say (its values are then converted)."""
    try:
        python_type = column_type.python_type
    except NotImplementedError:  # SQLAlchemy's answer for a type that does not say
        return None
    return python_type if isinstance(python_type, type) else None


def from_json_value(column: Column[Any], value: JsonValue) -> Any:
    """Turn a logged value back into what ``column`` holds."""
    if value is None:
        return None
    python_type = column.type.python_type
    if python_type is uuid.UUID:
        return uuid.UUID(str(value))
    if python_type is datetime:
        return datetime.fromisoformat(str(value))
    if python_type is date:
        return date.fromisoformat(str(value))
    if isinstance(python_type, type) and issubclass(python_type, enum.Enum):
        return python_type(value)
    return value


def dump(value: Any) -> str:
    """Serialise a logged value (or a whole row) compactly and deterministically."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
