"""What the Calling tab's pages and dialogs share: one way to write, and the signals that follow."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from db.core.i18n import Label
from desktop.shell.context import ShellContext
from desktop.shell.writes import save_change

T = TypeVar("T")


def save_calling_change(
    context: ShellContext, label: str | Label, work: Callable[[Session], T], *, members: bool = False
) -> T:
    """Write through :func:`desktop.shell.writes.save_change`; the views hear ``calling_changed``.

    With ``members``, ``members_changed`` too: an entered call may change a phone, an e-mail, a flag.
    """
    events = context.events
    return save_change(context, label, work, [events.calling_changed, *([events.members_changed] if members else [])])
