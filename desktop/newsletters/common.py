"""What the Newsletter issues tab's parts and dialogs share: one way to write, and a few colours.

Every write of the tab goes through :func:`save_newsletter_change`: one transaction under a label (so Edit ▸ Undo
names it), then ``newsletters_changed`` and ``history_changed``. The tab reloads the publication, its issues and
the issue's page from that signal. Writes are a row or a few (asking every branch is a row per branch), so they
run on the GUI thread; working out who receives an issue reads the whole register and runs off it.
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
from desktop.diagnostics import safe_traceback
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error

T = TypeVar("T")
log = logging.getLogger(__name__)

MUTED_COLOR = "#57606a"
WARNING_COLOR = "#9a6700"  # the amber of attention text: readable on white, not an error's red
WARNING_SIGN = "⚠ "


def save_newsletter_change(context: ShellContext, label: str | Label, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one write transaction labelled ``label``; then tell the views what changed.

    Raises:
        KansliError: whatever the operations refuse; nothing was written then and no signal is sent.
    """
    with context.database.transaction(label) as session:
        result = work(session)
    context.events.newsletters_changed.emit()
    context.events.history_changed.emit()
    return result


def try_newsletter_change(
    parent: QWidget, title: str, context: ShellContext, label: str | Label, work: Callable[[Session], object]
) -> bool:
    """:func:`save_newsletter_change`, with a refusal shown in a message; True when it was written."""
    try:
        save_newsletter_change(context, label, work)
    except KansliError as error:  # refused with a reason: nothing was written
        show_error(parent, title, error)
        return False
    except Exception as error:  # a fault: logged without personal data, a general message shown
        log.error("newsletter change failed:\n%s", safe_traceback(*sys.exc_info()))
        show_error(parent, title, error)
        return False
    return True
