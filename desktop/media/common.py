"""What the Media tab's parts and dialogs share: one way to write, and the words and colours of statuses.

Every write of the tab goes through :func:`save_media_change`: one transaction under a label (so Edit ▸ Undo names
it), then ``media_changed`` and ``history_changed``. The tab reloads the list, the calendar and the figures from
that signal; nothing refreshes itself by hand after a write. Writes are a row or a few, so they run on the GUI
thread, like the other tabs' forms.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from db.core.errors import KansliError
from db.core.i18n import Label
from db.media.models import MediaItemStatus
from desktop.diagnostics import safe_traceback
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error

T = TypeVar("T")
log = logging.getLogger(__name__)

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
    """Run ``work`` in one write transaction labelled ``label``; then tell the views what changed.

    Raises:
        KansliError: whatever the operations refuse; nothing was written then and no signal is sent.
    """
    with context.database.transaction(label) as session:
        result = work(session)
    context.events.media_changed.emit()
    context.events.history_changed.emit()
    return result


def try_media_change(
    parent: QWidget, title: str, context: ShellContext, label: str | Label, work: Callable[[Session], object]
) -> bool:
    """:func:`save_media_change`, with a refusal shown in a message; True when it was written."""
    try:
        save_media_change(context, label, work)
    except KansliError as error:  # refused with a reason: nothing was written
        show_error(parent, title, error)
        return False
    except Exception as error:  # a fault: logged without personal data, a general message shown
        log.error("media change failed:\n%s", safe_traceback(*sys.exc_info()))
        show_error(parent, title, error)
        return False
    return True
