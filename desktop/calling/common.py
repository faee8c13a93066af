"""What the Calling tab's pages and dialogs share: one way to write, and the signals that follow."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from db.core.i18n import Label
from desktop.shell.context import ShellContext

T = TypeVar("T")


def save_calling_change(
    context: ShellContext, label: str | Label, work: Callable[[Session], T], *, members: bool = False
) -> T:
    """Run ``work`` in one write transaction labelled ``label``; then tell the views what changed.

    Args:
        context: the window's context (database and events).
        label: what the user did; Edit ▸ Undo shows it.
        work: the operations to run; its result is returned.
        members: the change reached members too (an entered call may change a phone, an e-mail, a flag).

    Raises:
        KansliError: whatever the operations refuse; nothing was written then and no signal is sent.
    """
    with context.database.transaction(label) as session:
        result = work(session)
    context.events.calling_changed.emit()
    if members:
        context.events.members_changed.emit()
    context.events.history_changed.emit()
    return result
