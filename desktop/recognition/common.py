"""What the recognition windows share: one way to write."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from db.core.i18n import Label
from desktop.shell.context import ShellContext

T = TypeVar("T")


def save_recognition_change(context: ShellContext, label: Label, work: Callable[[Session], T]) -> T:
    """Write in one transaction under ``label`` (Edit ▸ Undo names it), then tell the Edit menu."""
    with context.database.transaction(label) as session:
        result = work(session)
    context.events.history_changed.emit()
    return result
