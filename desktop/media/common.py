"""What the Media tab's parts and dialogs share: one way to write, and the words and colours of statuses.

Every write of the tab goes through :func:`save_media_change`: one transaction under a label (so Edit ▸ Undo names
it), then ``media_changed`` and ``history_changed``. The tab reloads the list, the calendar and the figures from
that signal; nothing refreshes itself by hand after a write. Writes are a row or a few, so they run on the GUI
thread, like the other tabs' forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from db.core.i18n import Label
from db.media.models import MediaItemStatus
from desktop.shell.context import ShellContext
from desktop.shell.writes import save_change, try_change

T = TypeVar("T")

# Readable on white, told apart without colour too (the calendar puts a sign before each entry).
STATUS_COLORS = {
    MediaItemStatus.IDEA: "#57606a",
    MediaItemStatus.DRAFT: "#57606a",
    MediaItemStatus.SENT: "#0969da",
    MediaItemStatus.PUBLISHED: "#1a7f37",
    MediaItemStatus.REJECTED: "#cf222e",
}
MUTED_COLOR = "#57606a"


def save_media_change(context: ShellContext, label: str | Label, work: Callable[[Session], T]) -> T:
    """Write through :func:`desktop.shell.writes.save_change`; the views hear ``media_changed``."""
    return save_change(context, label, work, [context.events.media_changed])


def try_media_change(
    parent: QWidget, title: str, context: ShellContext, label: str | Label, work: Callable[[Session], object]
) -> bool:
    """:func:`save_media_change`, with a refusal or a fault shown in a message; True when it was written."""
    return try_change(parent, title, context, label, work, [context.events.media_changed])
