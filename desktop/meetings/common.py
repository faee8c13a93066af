"""What the Board meetings tab's pages and dialogs share: one way to write, and small pieces of wording.

Every write of the tab goes through :func:`save_meeting_change`: one transaction under a label (so Edit ▸ Undo
names it), then ``meetings_changed`` and ``history_changed``. The tab reloads the list and the meeting's page from
that signal; nothing refreshes itself by hand after a write. Writes are a few rows, so they run on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from db.core.i18n import Label, _
from db.meetings.models import MINUTES_STATE_LABELS
from db.meetings.records import MeetingSummary
from desktop.shell.context import ShellContext
from desktop.shell.writes import save_change
from desktop.shell.writes import try_change as try_write

T = TypeVar("T")

WARNING_SIGN = "⚠ "
CHECK = "✓"
CROSS = "✗"
WARNING_COLOR = "#9a6700"  # the amber of GitHub's attention text: readable on white, not an error's red
MUTED_COLOR = "#57606a"


def save_meeting_change(context: ShellContext, label: str | Label, work: Callable[[Session], T]) -> T:
    """Write through :func:`desktop.shell.writes.save_change`; the views hear ``meetings_changed``."""
    return save_change(context, label, work, [context.events.meetings_changed])


def try_change(
    parent: QWidget, title: str, context: ShellContext, label: str | Label, work: Callable[[Session], object]
) -> bool:
    """:func:`save_meeting_change`, with a refusal or a fault shown in a message; True when it was written."""
    return try_write(parent, title, context, label, work, [context.events.meetings_changed])


def state_text(meeting: MeetingSummary, today: date) -> str:
    """A meeting's state in words: planned while its day lies ahead, else the minutes' state."""
    if not meeting.is_held(today):
        return _("Planned")
    return _(MINUTES_STATE_LABELS[meeting.state])
