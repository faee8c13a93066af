"""Reading long results (100 000 member ids) at driver level.

An ORM ``session.execute`` of a plain SELECT costs about three microseconds a row in SQLAlchemy's result
machinery; for the id list of the members table that is a third of a second on every sort and filter. The same
statement compiled once and run on the driver's own cursor costs a tenth of that. Only the value types our id queries
bind are converted (ids, enums, dates, text, numbers); anything else is refused rather than guessed.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from db.core.sqlite_errors import explain_sqlite_error
from db.core.values import to_json_value


def _driver_value(value: Any) -> Any:
    if value is None or (isinstance(value, bool | int | float | str) and not isinstance(value, enum.Enum)):
        return value
    if isinstance(value, uuid.UUID):
        return value.hex  # SQLAlchemy's Uuid stores 32 hex digits on SQLite
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        raise TypeError("moments are not bound at driver level: their stored form depends on the column type")
    if isinstance(value, date):
        return to_json_value(value)  # ISO, as SQLite's Date type stores it
    raise TypeError(f"cannot bind a {type(value).__name__} at driver level")


def first_rows(session: Session, statement: Select[Any]) -> list[tuple[Any, ...]]:
    """Run ``statement`` on the session's connection and return its rows as plain tuples, without ORM objects.

    Values come back as the driver gives them (text for ids and dates).
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return [tuple(row) for row in session.execute(statement)]
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    parameters = compiled.construct_params()
    values = tuple(_driver_value(parameters[name]) for name in compiled.positiontup or ())
    # The driver's own cursor: fetchall() builds the tuples in C, where SQLAlchemy's result would fetch row by row.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(compiled.string, values)
        return list(cursor.fetchall())
    except Exception as error:
        # The engine's error handler does not see this cursor: a damaged page or a failing disk is explained here.
        explained = explain_sqlite_error(error, Path(connection.engine.url.database or ""))
        if explained is None:
            raise
        raise explained from error
    finally:
        cursor.close()
