"""What the Board meetings tab's pages and dialogs share: one way to write, and small pieces of wording.

Every write of the tab goes through :func:`save_meeting_change`: one transaction under a label (so Edit ▸ Undo
names it), then ``meetings_changed`` and ``history_changed``. The tab reloads the list and the meeting's page from
that signal; nothing refreshes itself by hand after a write. Writes are a few rows, so they run on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from db.core.errors import KansliError
from db.core.i18n import Label, _
from db.meetings.models import MINUTES_STATE_LABELS
from db.meetings.records import MeetingSummary
from desktop.diagnostics import safe_traceback
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error

T = TypeVar("T")
log = logging.getLogger(__name__)

WARNING_SIGN = "⚠ "
CHECK = "✓"
CROSS = "✗"
WARNING_COLOR = "#9a6700"  # the amber of GitHub's attention text: readable on white, not an error's red
MUTED_COLOR = "#57606a"


def save_meeting_change(context: ShellContext, label: str | Label, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one write transaction labelled ``label``; then tell the views what changed.

    Args:
        context: the window's context (database and events).
        label: what the user did; Edit ▸ Undo shows it.
        work: the operations to run; its result is returned.

    Raises:
        KansliError: whatever the operations refuse (a locked minutes, a refused value); nothing was written then
            and no signal is sent.
    """
    with context.database.transaction(label) as session:
        result = work(session)
    context.events.meetings_changed.emit()
    context.events.history_changed.emit()
    return result


def try_change(
    parent: QWidget, title: str, context: ShellContext, label: str | Label, work: Callable[[Session], object]
) -> bool:
    """:func:`save_meeting_change`, with a refusal shown in a message; True when it was written."""
    try:
        save_meeting_change(context, label, work)
    except KansliError as error:  # refused with a reason: nothing was written
        show_error(parent, title, error)
        return False
    except Exception as error:  # a fault: logged without personal data, a general message shown
        log.error("meeting change failed:\n%s", safe_traceback(*sys.exc_info()))
        show_error(parent, title, error)
        return False
    return True


def state_text(meeting: MeetingSummary, today: date) -> str:
    """A meeting's state in words: planned while its day lies ahead, else the minutes' state."""
    if not meeting.is_held(today):
        return _("Planned")
    return _(MINUTES_STATE_LABELS[meeting.state])
