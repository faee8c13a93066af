"""Building blocks for the tests of the member card, its dialogs and the duplicate warning."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from sqlalchemy import func, select

from db.core.changelog import ChangeRecord, Operation
from db.core.database import Database
from db.core.i18n import label_text
from desktop.shell.context import ShellContext
from desktop.shell.events import AppEvents
from desktop.shell.tasks import TaskRunner
from desktop.shell.ui_state import UiState


def make_context(database: Database, tmp_path: Path) -> ShellContext:
    """A shell context over the test's database, with UI state in a file of the test's own."""
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    return ShellContext(database, AppEvents(), TaskRunner(), UiState(settings))


def member_id(make_member: Callable[..., object], *args: object, **kwargs: object) -> uuid.UUID:
    """Create a member through the conftest factory and return the id, typed."""
    created = make_member(*args, **kwargs)
    assert isinstance(created, uuid.UUID)
    return created


def change_count(database: Database) -> int:
    with database.reading() as session:
        return int(session.execute(select(func.count()).select_from(ChangeRecord)).scalar_one())


def changes_since(database: Database, count: int) -> list[tuple[str, str, str | None, object]]:
    """The change records written after the first ``count``: (operation label as shown, entity, field, new value)."""
    with database.reading() as session:
        rows = session.execute(
            select(Operation.label, ChangeRecord.entity, ChangeRecord.field, ChangeRecord.new_value)
            .join(Operation, Operation.id == ChangeRecord.operation_id)
            .order_by(ChangeRecord.seq)
            .offset(count)
        ).tuples()
        return [
            (label_text(label), entity, field, json.loads(value) if value else None)
            for label, entity, field, value in rows
        ]
